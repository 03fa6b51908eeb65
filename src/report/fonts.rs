//! The fonts a document may use: the bundled font, always, and the official fonts GB/T 9704
//! prescribes when the PC has them (仿宋 `simfang.ttf` for body text, 黑体 `simhei.ttf` for
//! titles and headings, as Windows ships them). A document whose text an official font cannot
//! show in full is set in the bundled font instead, so nothing ever prints as a box.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use printpdf::ParsedFont;

use super::canvas::{Document, Item, Pen};
use super::error::{ReportError, ReportResult};
use super::flat_cmap::flatten_cmap;
use super::font::{BUNDLED_FONT_TTF, FontMetrics};

/// File names of the official body font (仿宋), lower case.
const BODY_FILES: &[&str] = &["simfang.ttf"];
/// File names of the official heading font (黑体), lower case.
const HEADING_FILES: &[&str] = &["simhei.ttf"];
/// How many folder entries discovery looks at before giving up: a font folder with thousands of
/// files must not delay an export.
const MAX_ENTRIES_SCANNED: usize = 20_000;

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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Tables, running headers, the sign-off block: the bundled font.
    Default,
    /// Prose of official documents: 仿宋 when installed.
    Body,
    /// Titles and headings of official documents: 黑体 when installed.
    Heading,
}

/// The faces available to documents; face 0 is always the bundled font.
#[derive(Debug, Clone)]
pub struct FontSet {
    faces: Vec<FontFace>,
    body: usize,
    heading: usize,
}

/// The pens a document lays text out with, one per role.
#[derive(Debug, Clone, Copy)]
pub struct Pens<'a> {
    /// Tables, running headers, the sign-off block.
    pub default: Pen<'a>,
    /// Official prose.
    pub body: Pen<'a>,
    /// Official titles and headings.
    pub heading: Pen<'a>,
}

impl FontSet {
    /// Only the bundled font.
    pub fn bundled() -> ReportResult<Self> {
        Ok(Self {
            faces: vec![bundled_face()?],
            body: 0,
            heading: 0,
        })
    }

    /// The bundled font plus the official fonts found in `folders` (searched a few levels
    /// deep). A file that cannot be read or parsed is skipped: the bundled font stands in.
    pub fn discover(folders: &[PathBuf]) -> ReportResult<Self> {
        let mut set = Self::bundled()?;
        let mut budget = MAX_ENTRIES_SCANNED;
        if let Some(face) = find_face(folders, BODY_FILES, &mut budget) {
            set.faces.push(face);
            set.body = set.faces.len() - 1;
        }
        if let Some(face) = find_face(folders, HEADING_FILES, &mut budget) {
            set.faces.push(face);
            set.heading = set.faces.len() - 1;
        }
        Ok(set)
    }

    /// Whether any official font was found.
    pub fn has_official(&self) -> bool {
        self.faces.len() > 1
    }

    /// The face index used for `role`, or the bundled font's when `official` is false.
    pub fn face(&self, role: Role, official: bool) -> usize {
        match role {
            Role::Default => 0,
            _ if !official => 0,
            Role::Body => self.body,
            Role::Heading => self.heading,
        }
    }

    /// The pens for every role, with or without the official fonts.
    pub fn pens(&self, official: bool) -> Pens<'_> {
        let pen = |role| {
            let face = self.face(role, official);
            Pen {
                metrics: &self.faces[face].metrics,
                face,
            }
        };
        Pens {
            default: pen(Role::Default),
            body: pen(Role::Body),
            heading: pen(Role::Heading),
        }
    }

    /// Every face, by face index.
    pub fn faces(&self) -> &[FontFace] {
        &self.faces
    }

    /// Whether some text of `document` uses a character its face lacks.
    pub fn lacks_glyphs(&self, document: &Document) -> bool {
        document
            .pages
            .iter()
            .flat_map(|page| &page.items)
            .any(|item| match item {
                Item::Text { text, face, .. } | Item::RotatedText { text, face, .. } => {
                    self.faces.get(*face).is_none_or(|font| {
                        text.chars()
                            .any(|ch| !ch.is_whitespace() && !font.metrics.has_glyph(ch))
                    })
                }
                _ => false,
            })
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

/// The first readable, parsable file named one of `names` in `folders` (three levels deep).
fn find_face(folders: &[PathBuf], names: &[&str], budget: &mut usize) -> Option<FontFace> {
    folders
        .iter()
        .find_map(|folder| find_in(folder, names, 3, budget))
}

fn find_in(folder: &Path, names: &[&str], depth: usize, budget: &mut usize) -> Option<FontFace> {
    let entries = std::fs::read_dir(folder).ok()?;
    let mut subfolders = Vec::new();
    for entry in entries.flatten() {
        if *budget == 0 {
            return None;
        }
        *budget -= 1;
        let path = entry.path();
        let is_dir = entry.file_type().is_ok_and(|kind| kind.is_dir());
        if is_dir {
            subfolders.push(path);
            continue;
        }
        let name = entry.file_name().to_string_lossy().to_lowercase();
        if names.contains(&name.as_str())
            && let Some(face) = load_face(&path)
        {
            return Some(face);
        }
    }
    if depth == 0 {
        return None;
    }
    subfolders.sort();
    subfolders
        .iter()
        .find_map(|subfolder| find_in(subfolder, names, depth - 1, budget))
}

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
mod tests {
    use super::*;
    use crate::report::canvas::Page;
    use crate::report::geometry::PageSize;

    #[test]
    fn official_fonts_are_found_by_file_name_in_subfolders() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("truetype").join("windows");
        std::fs::create_dir_all(&nested).unwrap();
        // The bundled font stands in for 仿宋 here; only the name decides the role.
        std::fs::write(nested.join("SIMFANG.TTF"), BUNDLED_FONT_TTF).unwrap();
        std::fs::write(dir.path().join("simhei.ttf"), b"not a font").unwrap();
        let set = FontSet::discover(&[dir.path().to_path_buf()]).unwrap();
        assert!(set.has_official());
        assert_eq!(set.face(Role::Body, true), 1);
        // The unreadable 黑体 file is skipped: headings keep the bundled font.
        assert_eq!(set.face(Role::Heading, true), 0);
        assert_eq!(set.face(Role::Body, false), 0);
        assert_eq!(set.pens(true).body.face, 1);

        let nothing = FontSet::discover(&[dir.path().join("missing")]).unwrap();
        assert!(!nothing.has_official());
    }

    #[test]
    fn the_bundled_font_is_parsed_once_for_all_documents() {
        let first = FontSet::bundled().unwrap();
        let second = FontSet::bundled().unwrap();
        let parsed = first.faces()[0].parsed().unwrap();
        assert!(std::ptr::eq(parsed, second.faces()[0].parsed().unwrap()));
        assert!(std::ptr::eq(
            parsed,
            FontSet::discover(&[]).unwrap().faces()[0].parsed().unwrap()
        ));
    }

    #[test]
    fn text_a_face_cannot_show_is_detected() {
        let set = FontSet::bundled().unwrap();
        let pen = set.pens(true).default;
        let mut page = Page::new(PageSize::a4_portrait());
        page.items.push(pen.text(0.0, 10.0, 10.0, "整改台账 2026"));
        let mut document = Document {
            title: String::new(),
            pages: vec![page],
        };
        assert!(!set.lacks_glyphs(&document));
        // A private-use character no font maps.
        document.pages[0]
            .items
            .push(pen.text(0.0, 30.0, 10.0, "\u{E000}"));
        assert!(set.lacks_glyphs(&document));
    }
}
