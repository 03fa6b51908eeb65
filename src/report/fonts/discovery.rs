//! Finding the official typefaces on disk: one walk over the font folders lists the font files,
//! then each typeface is looked up by file name, and failing that by the family name in the
//! name table of the few files whose names hint at it.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use super::official::{NAME_HINTS, Typeface, normalise_family};

/// How many folder entries the walk looks at before giving up: a font folder with thousands of
/// files must not delay an export.
const MAX_ENTRIES_SCANNED: usize = 20_000;

/// How many folders deep the walk goes below each given folder.
const MAX_DEPTH: usize = 3;

/// How many name tables are read at most.
const MAX_NAME_READS: usize = 64;

/// A name table larger than this is not read (real ones are a few kilobytes).
const MAX_NAME_TABLE: u32 = 1 << 20;

/// A TrueType or OpenType file found in the font folders.
#[derive(Debug, Clone)]
pub struct FontFile {
    /// Where it is.
    pub path: PathBuf,
    /// Its file name, lower case.
    pub name: String,
    /// Its family names, normalised, when its file name hinted at an official typeface and its
    /// name table could be read.
    pub families: Vec<String>,
}

/// Every `.ttf` and `.otf` file in `folders` and their subfolders, in a stable order, with the
/// family names of the hinted ones. Folders that cannot be read are skipped.
pub fn font_files(folders: &[PathBuf]) -> Vec<FontFile> {
    let mut budget = MAX_ENTRIES_SCANNED;
    let mut files = Vec::new();
    for folder in folders {
        walk(folder, MAX_DEPTH, &mut budget, &mut files);
    }
    let mut reads = MAX_NAME_READS;
    for file in &mut files {
        if reads > 0 && NAME_HINTS.iter().any(|hint| file.name.contains(hint)) {
            reads -= 1;
            file.families = family_names(&file.path).unwrap_or_default();
        }
    }
    files
}

fn walk(folder: &Path, depth: usize, budget: &mut usize, files: &mut Vec<FontFile>) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    let mut here = Vec::new();
    let mut subfolders = Vec::new();
    for entry in entries.flatten() {
        if *budget == 0 {
            break;
        }
        *budget -= 1;
        let path = entry.path();
        if entry.file_type().is_ok_and(|kind| kind.is_dir()) {
            subfolders.push(path);
            continue;
        }
        let is_font = path.extension().is_some_and(|extension| {
            extension.eq_ignore_ascii_case("ttf") || extension.eq_ignore_ascii_case("otf")
        });
        if is_font {
            let name = entry.file_name().to_string_lossy().to_lowercase();
            here.push(FontFile {
                path,
                name,
                families: Vec::new(),
            });
        }
    }
    // Directory order differs between file systems; sorted, the same PC always picks the same
    // file when two carry one name.
    here.sort_by(|a, b| a.path.cmp(&b.path));
    files.extend(here);
    if depth == 0 {
        return;
    }
    subfolders.sort();
    for subfolder in subfolders {
        walk(&subfolder, depth - 1, budget, files);
    }
}

/// The files that may hold `typeface`, best first: those named as it is installed (in the
/// order of its file names), then those whose name table gives one of its family names.
pub fn files_of<'a>(typeface: &Typeface, files: &'a [FontFile]) -> Vec<&'a FontFile> {
    let by_file_name = typeface
        .files
        .iter()
        .flat_map(|wanted| files.iter().filter(move |file| file.name == *wanted));
    let by_family = files.iter().filter(|file| {
        !typeface.files.contains(&file.name.as_str())
            && file
                .families
                .iter()
                .any(|family| typeface.families.contains(&family.as_str()))
    });
    by_file_name.chain(by_family).collect()
}

/// The family, typographic family and full names in the name table of the font at `path`,
/// normalised, read without loading the whole file. `None` when it is no readable font.
pub fn family_names(path: &Path) -> Option<Vec<String>> {
    let mut file = File::open(path).ok()?;
    let mut header = [0_u8; 12];
    file.read_exact(&mut header).ok()?;
    let tables = u16::from_be_bytes([header[4], header[5]]);
    let mut records = vec![0_u8; usize::from(tables) * 16];
    file.read_exact(&mut records).ok()?;
    let (offset, length) = records.chunks_exact(16).find_map(|record| {
        (&record[0..4] == b"name").then(|| {
            (
                u32::from_be_bytes([record[8], record[9], record[10], record[11]]),
                u32::from_be_bytes([record[12], record[13], record[14], record[15]]),
            )
        })
    })?;
    if length > MAX_NAME_TABLE {
        return None;
    }
    file.seek(SeekFrom::Start(u64::from(offset))).ok()?;
    let mut data = vec![0_u8; usize::try_from(length).ok()?];
    file.read_exact(&mut data).ok()?;
    let table = ttf_parser::name::Table::parse(&data)?;
    let wanted = [
        ttf_parser::name_id::FAMILY,
        ttf_parser::name_id::TYPOGRAPHIC_FAMILY,
        ttf_parser::name_id::FULL_NAME,
    ];
    let mut names: Vec<String> = table
        .names
        .into_iter()
        .filter(|name| wanted.contains(&name.name_id))
        .filter_map(|name| name.to_string())
        .map(|name| normalise_family(&name))
        .collect();
    names.sort();
    names.dedup();
    Some(names)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::font::BUNDLED_FONT_TTF;

    #[test]
    fn the_name_table_gives_the_family_without_reading_the_whole_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("font.ttf");
        std::fs::write(&path, BUNDLED_FONT_TTF).unwrap();
        let names = family_names(&path).unwrap();
        assert!(names.contains(&"lxgwwenkai".to_owned()), "{names:?}");
        std::fs::write(&path, b"not a font at all").unwrap();
        assert!(family_names(&path).is_none());
    }

    #[test]
    fn a_typeface_is_found_by_file_name_first_then_by_family_name() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("a").join("b");
        std::fs::create_dir_all(&nested).unwrap();
        // Only a hinted file name has its name table read.
        std::fs::write(nested.join("MyKai.ttf"), BUNDLED_FONT_TTF).unwrap();
        std::fs::write(dir.path().join("other.ttf"), BUNDLED_FONT_TTF).unwrap();
        std::fs::write(dir.path().join("readme.txt"), b"").unwrap();
        let files = font_files(&[dir.path().to_path_buf(), dir.path().join("missing")]);
        let names: Vec<&str> = files.iter().map(|file| file.name.as_str()).collect();
        assert_eq!(names, ["other.ttf", "mykai.ttf"]);
        assert!(files[0].families.is_empty());
        let typeface = Typeface {
            name: "测试",
            files: &["other.ttf"],
            families: &["lxgwwenkai"],
        };
        let found: Vec<&str> = files_of(&typeface, &files)
            .iter()
            .map(|file| file.name.as_str())
            .collect();
        assert_eq!(found, ["other.ttf", "mykai.ttf"]);
    }
}
