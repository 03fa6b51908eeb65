//! The fonts a document may use: the bundled font, always, and the official typefaces GB/T
//! 9704-2012 prescribes when the PC has them: 方正小标宋简体 for titles, 仿宋_GB2312 or 仿宋
//! for body text，黑体 for first-level headings（一、），楷体_GB2312 or 楷体 for second-level
//! ones（（一））. Each role tries its typefaces in turn ([`official::candidates`]), and when a
//! document uses a character a face lacks, that face is set aside and the role's next one
//! takes over, down to the bundled font, so nothing ever prints as a box. A typeface that is
//! missing or unreadable is skipped: it never fails an export.

mod discovery;
pub mod official;

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use printpdf::ParsedFont;

use super::canvas::{Document, Item, Pen};
use super::error::{ReportError, ReportResult};
use super::flat_cmap::flatten_cmap;
use super::font::{BUNDLED_FONT_TTF, FontMetrics};

/// A font file with its metrics.
#[derive(Debug, Clone)]
pub struct FontFace {
    /// Where it came from, for messages.
    pub source: String,
    /// The file's bytes.
    pub bytes: Cow<'static, [u8]>,
    /// Its metrics.
    pub metrics: FontMetrics,
    /// The file as printpdf parsed it for embedding, made on first use and shared by the
    /// set's clones: parsing a CJK font takes tens of milliseconds, so a bundle's four
    /// documents parse it once, not four times. `None` inside when printpdf cannot parse it.
    parsed: Arc<OnceLock<Option<ParsedFont>>>,
}

impl FontFace {
    /// A face from its file and metrics.
    pub fn new(source: String, bytes: Cow<'static, [u8]>, metrics: FontMetrics) -> Self {
        Self {
            source,
            bytes,
            metrics,
            parsed: Arc::default(),
        }
    }

    /// The face parsed for embedding in a PDF.
    pub fn parsed(&self) -> ReportResult<&ParsedFont> {
        self.parsed
            .get_or_init(|| {
                let mut font = ParsedFont::from_bytes(&self.bytes, 0, &mut Vec::new())?;
                flatten_cmap(&mut font, &self.bytes);
                Some(font)
            })
            .as_ref()
            .ok_or_else(|| ReportError::Font(format!("字体文件 {} 无法解析", self.source)))
    }
}

/// The bundled face, measured once per process and parsed for embedding at most once: every
/// document uses it, and parsing the 15 MB font for each export took about 25 ms and 40 MB of
/// memory that the allocator then kept, so repeated exports in one session grew the program.
fn bundled_face() -> ReportResult<FontFace> {
    static BUNDLED: OnceLock<FontFace> = OnceLock::new();
    if let Some(face) = BUNDLED.get() {
        return Ok(face.clone());
    }
    let face = FontFace::new(
        "LXGWWenKai-Regular.ttf".to_owned(),
        Cow::Borrowed(BUNDLED_FONT_TTF),
        FontMetrics::bundled()?,
    );
    Ok(BUNDLED.get_or_init(|| face).clone())
}

/// What a piece of text is: it decides the font.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Tables, running headers, the sign-off block: the bundled font.
    Default,
    /// Titles of official documents: 方正小标宋 when installed, else 黑体.
    Title,
    /// Prose of official documents: 仿宋_GB2312 or 仿宋 when installed.
    Body,
    /// First-level headings（一、）of official documents：黑体 when installed.
    Heading,
    /// Second-level headings（（一））of official documents：楷体_GB2312 or 楷体 when installed.
    Subheading,
}

impl Role {
    /// The roles an official typeface may fill.
    pub const OFFICIAL: [Self; 4] = [Self::Title, Self::Body, Self::Heading, Self::Subheading];
}

/// The faces available to documents; face 0 is always the bundled font.
#[derive(Debug, Clone)]
pub struct FontSet {
    faces: Vec<FontFace>,
    /// For each official role, the faces it tries, best first (the bundled font follows).
    choices: HashMap<Role, Vec<usize>>,
}

/// The pens a document lays text out with, one per role.
#[derive(Debug, Clone, Copy)]
pub struct Pens<'a> {
    /// Tables, running headers, the sign-off block.
    pub default: Pen<'a>,
    /// Official titles.
    pub title: Pen<'a>,
    /// Official prose.
    pub body: Pen<'a>,
    /// Official first-level headings (and the titles of the other documents).
    pub heading: Pen<'a>,
    /// Official second-level headings.
    pub subheading: Pen<'a>,
}

impl FontSet {
    /// Only the bundled font.
    pub fn bundled() -> ReportResult<Self> {
        Ok(Self {
            faces: vec![bundled_face()?],
            choices: HashMap::new(),
        })
    }

    /// The bundled font plus the official typefaces found in `folders` (searched a few levels
    /// deep), by file name or by the family name in the font. A file that cannot be read or
    /// parsed is skipped: the role's next typeface, or the bundled font, stands in.
    pub fn discover(folders: &[PathBuf]) -> ReportResult<Self> {
        let mut set = Self::bundled()?;
        let files = discovery::font_files(folders);
        // A file serving two roles（黑体 for titles and headings）is loaded once; one that
        // failed to load is not tried again.
        let mut loaded: HashMap<PathBuf, Option<usize>> = HashMap::new();
        for role in Role::OFFICIAL {
            let mut choices = Vec::new();
            for typeface in official::candidates(role) {
                let found = discovery::files_of(typeface, &files)
                    .into_iter()
                    .find_map(|file| {
                        *loaded.entry(file.path.clone()).or_insert_with(|| {
                            let face = load_face(&file.path)?;
                            set.faces.push(face);
                            Some(set.faces.len() - 1)
                        })
                    });
                if let Some(face) = found
                    && !choices.contains(&face)
                {
                    choices.push(face);
                }
            }
            set.choices.insert(role, choices);
        }
        Ok(set)
    }

    /// Whether any official font was found.
    pub fn has_official(&self) -> bool {
        self.faces.len() > 1
    }

    /// The face index used for `role`, or the bundled font's when `official` is false.
    pub fn face(&self, role: Role, official: bool) -> usize {
        if official {
            self.face_avoiding(role, &[])
        } else {
            0
        }
    }

    /// The face index used for `role` when the faces in `avoided` are set aside: the role's
    /// best typeface not among them, or the bundled font.
    pub fn face_avoiding(&self, role: Role, avoided: &[usize]) -> usize {
        self.choices
            .get(&role)
            .and_then(|choices| choices.iter().find(|face| !avoided.contains(face)))
            .copied()
            .unwrap_or(0)
    }

    /// The pens for every role, with or without the official fonts.
    pub fn pens(&self, official: bool) -> Pens<'_> {
        if official {
            self.pens_avoiding(&[])
        } else {
            let all: Vec<usize> = (0..self.faces.len()).collect();
            self.pens_avoiding(&all)
        }
    }

    /// The pens for every role with the faces in `avoided` set aside.
    pub fn pens_avoiding(&self, avoided: &[usize]) -> Pens<'_> {
        let pen = |role| {
            let face = self.face_avoiding(role, avoided);
            Pen {
                metrics: &self.faces[face].metrics,
                face,
            }
        };
        Pens {
            default: pen(Role::Default),
            title: pen(Role::Title),
            body: pen(Role::Body),
            heading: pen(Role::Heading),
            subheading: pen(Role::Subheading),
        }
    }

    /// Every face, by face index.
    pub fn faces(&self) -> &[FontFace] {
        &self.faces
    }

    /// Whether some text of `document` uses a character its face lacks.
    pub fn lacks_glyphs(&self, document: &Document) -> bool {
        !self.faces_lacking_glyphs(document).is_empty()
    }

    /// The faces some text of `document` is set in that lack one of its characters, in face
    /// order.
    pub fn faces_lacking_glyphs(&self, document: &Document) -> Vec<usize> {
        let mut lacking = Vec::new();
        for item in document.pages.iter().flat_map(|page| &page.items) {
            let (Item::Text { text, face, .. } | Item::RotatedText { text, face, .. }) = item
            else {
                continue;
            };
            if lacking.contains(face) {
                continue;
            }
            let shows_all = self.faces.get(*face).is_some_and(|font| {
                text.chars()
                    .all(|ch| ch.is_whitespace() || font.metrics.has_glyph(ch))
            });
            if !shows_all {
                lacking.push(*face);
            }
        }
        lacking.sort_unstable();
        lacking
    }
}

/// The folders official fonts are looked for in: the Windows font folder, and on Linux (UOS,
/// Kylin) the system and user font folders where users copy them.
pub fn official_font_folders() -> Vec<PathBuf> {
    let mut folders = Vec::new();
    for variable in ["WINDIR", "SystemRoot"] {
        if let Some(root) = std::env::var_os(variable) {
            folders.push(PathBuf::from(root).join("Fonts"));
        }
    }
    if cfg!(not(windows)) {
        folders.push(PathBuf::from("/usr/share/fonts"));
        folders.push(PathBuf::from("/usr/local/share/fonts"));
        if let Some(home) = std::env::var_os("HOME") {
            let home = PathBuf::from(home);
            folders.push(home.join(".local/share/fonts"));
            folders.push(home.join(".fonts"));
        }
    }
    folders
}

/// The font at `path` with its metrics, or `None` when it cannot be read or measured.
fn load_face(path: &Path) -> Option<FontFace> {
    let bytes = std::fs::read(path).ok()?;
    let metrics = FontMetrics::from_font(&bytes).ok()?;
    Some(FontFace::new(
        path.display().to_string(),
        Cow::Owned(bytes),
        metrics,
    ))
}

#[cfg(test)]
mod tests;
