//! Judging an export's target: absent, the previous content untouched, or a complete new file
//! (a PDF that parses with the expected page count, a bundle `zhenggai verify` accepts, a
//! workbook that opens as a zip with the expected entries); anything else is bad.

use std::collections::BTreeSet;
use std::fs;
use std::io::Read;
use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result};

use super::binary::{Binary, args};
use super::ops::OutputKind;

/// What a complete output looks like, learnt from an undisturbed run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputSpec {
    /// A PDF of this many pages.
    Pdf {
        /// Pages.
        pages: u64,
    },
    /// A bundle that verifies.
    Bundle,
    /// A workbook with these zip entries.
    Xlsx {
        /// Entry names.
        entries: BTreeSet<String>,
    },
}

/// What the harness found at a target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Judged {
    /// No file.
    Absent,
    /// The previous content, byte for byte.
    Old,
    /// A complete new file.
    New,
    /// Something else, and why.
    Bad(String),
}

impl Judged {
    /// Its place in a tally's absent / old / new / bad counts.
    pub fn slot(&self) -> usize {
        match self {
            Self::Absent => 0,
            Self::Old => 1,
            Self::New => 2,
            Self::Bad(_) => 3,
        }
    }

    /// A short label for tallies.
    pub fn label(&self) -> &'static str {
        match self {
            Self::Absent => "absent",
            Self::Old => "old",
            Self::New => "new",
            Self::Bad(_) => "bad",
        }
    }
}

/// Learns the spec from a complete output of `kind` at `path`, checking it on the way.
pub fn learn(bin: &Binary, kind: OutputKind, path: &Path) -> Result<OutputSpec> {
    let spec = match kind {
        OutputKind::Pdf => OutputSpec::Pdf {
            pages: pdf_pages(&fs::read(path)?)
                .map_err(anyhow::Error::msg)
                .with_context(|| format!("reference PDF {}", path.display()))?,
        },
        OutputKind::Bundle => OutputSpec::Bundle,
        OutputKind::Xlsx => OutputSpec::Xlsx {
            entries: zip_entries(&fs::read(path)?)
                .map_err(anyhow::Error::msg)
                .with_context(|| format!("reference workbook {}", path.display()))?,
        },
    };
    validate(bin, &spec, path)
        .map_err(anyhow::Error::msg)
        .with_context(|| format!("reference output {}", path.display()))?;
    Ok(spec)
}

/// Judges `target` after a run: `old` is the content placed there before (if any).
pub fn judge(bin: &Binary, spec: &OutputSpec, target: &Path, old: Option<&[u8]>) -> Judged {
    let Ok(bytes) = fs::read(target) else {
        return match old {
            None => Judged::Absent,
            Some(_) => Judged::Bad("the previous file is gone".to_owned()),
        };
    };
    if old == Some(bytes.as_slice()) {
        return Judged::Old;
    }
    match validate(bin, spec, target) {
        Ok(()) => Judged::New,
        Err(reason) => Judged::Bad(format!("{} bytes: {reason}", bytes.len())),
    }
}

/// Checks that `path` is a complete output as `spec` describes.
pub fn validate(bin: &Binary, spec: &OutputSpec, path: &Path) -> Result<(), String> {
    let bytes = fs::read(path).map_err(|err| err.to_string())?;
    match spec {
        OutputSpec::Pdf { pages } => {
            let found = pdf_pages(&bytes)?;
            if found != *pages {
                return Err(format!("{found} pages, expected {pages}"));
            }
            qpdf_check(path)
        }
        OutputSpec::Bundle => {
            let mut items = args(["verify"]);
            items.push(path.as_os_str().to_owned());
            let verified = bin.run(None, &items).map_err(|err| err.to_string())?;
            if verified.success() {
                Ok(())
            } else {
                Err(format!(
                    "verify: {} {}",
                    verified.describe(),
                    verified.stderr.trim()
                ))
            }
        }
        OutputSpec::Xlsx { entries } => {
            let found = zip_entries(&bytes)?;
            if &found == entries {
                Ok(())
            } else {
                Err(format!("entries {found:?}, expected {entries:?}"))
            }
        }
    }
}

/// The page count of a PDF whose objects are not compressed into object streams: the
/// `/Type /Page` objects, after checking the header and the `%%EOF` trailer.
fn pdf_pages(bytes: &[u8]) -> Result<u64, String> {
    if !bytes.starts_with(b"%PDF-") {
        return Err("no %PDF- header".to_owned());
    }
    let tail = &bytes[bytes.len().saturating_sub(64)..];
    if !contains(tail, b"%%EOF") {
        return Err("no %%EOF at the end".to_owned());
    }
    if !contains(&bytes[bytes.len().saturating_sub(1024)..], b"startxref") {
        return Err("no startxref before the end".to_owned());
    }
    let mut pages = 0;
    let mut rest = bytes;
    while let Some(at) = find(rest, b"/Type") {
        rest = &rest[at + 5..];
        let value = rest.trim_ascii_start();
        if let Some(after) = value.strip_prefix(b"/Page")
            && !after.first().is_some_and(u8::is_ascii_alphanumeric)
        {
            pages += 1;
        }
    }
    if pages == 0 {
        return Err("no page objects".to_owned());
    }
    Ok(pages)
}

/// `qpdf --check` when qpdf is installed; nothing otherwise.
fn qpdf_check(path: &Path) -> Result<(), String> {
    match Command::new("qpdf").arg("--check").arg(path).output() {
        Ok(output) if output.status.success() => Ok(()),
        Ok(output) => Err(format!(
            "qpdf --check: {} {}",
            output.status,
            String::from_utf8_lossy(&output.stdout)
                .lines()
                .chain(String::from_utf8_lossy(&output.stderr).lines())
                .filter(|line| !line.starts_with("checking") && !line.starts_with("PDF Version"))
                .take(3)
                .collect::<Vec<_>>()
                .join(" | ")
        )),
        Err(_) => Ok(()),
    }
}

/// Whether qpdf is installed (said once in the figures).
pub fn have_qpdf() -> bool {
    Command::new("qpdf").arg("--version").output().is_ok()
}

/// The entry names of a zip, reading every entry to its end so a damaged one (bad CRC,
/// truncated data) is an error.
fn zip_entries(bytes: &[u8]) -> Result<BTreeSet<String>, String> {
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|err| err.to_string())?;
    let mut names = BTreeSet::new();
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).map_err(|err| err.to_string())?;
        let name = entry.name().map_err(|err| err.to_string())?.into_owned();
        let mut sink = Vec::new();
        entry
            .read_to_end(&mut sink)
            .map_err(|err| format!("{name}: {err}"))?;
        names.insert(name);
    }
    Ok(names)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    find(haystack, needle).is_some()
}
