//! Checks that keep a hostile or damaged workbook from crashing or exhausting the program
//! before calamine reads it: the file must be a regular file of bounded size; a zip workbook
//! (.xlsx, .ods) must have bounded entries whose checksums hold, bounded parts for what
//! calamine reads whole, bounded declared counts and bounded markup; an .xls has its workbook
//! stream taken out of the compound file, checked record by record and rewritten into a clean
//! compound file, so calamine never sees a structure these checks did not pass.
//!
//! Every bound is far above what a real ledger needs and far below what would hurt: a refusal
//! names the part and the figure, and costs at most a read of the file.

mod biff;
mod cfb;
mod ods;
mod xml;
mod zip;

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use crate::bounded_read::open_if_regular;

pub(super) use biff::normalize_xls;
pub(super) use zip::{ZipFormat, check_zip};

const MIB: u64 = 1024 * 1024;

/// The largest file an import reads (a ledger of 50,000 rows is a few megabytes).
pub const MAX_FILE_BYTES: u64 = 200 * MIB;
/// The most entries in a zip workbook.
const MAX_ENTRIES: usize = 10_000;
/// The largest uncompressed entry (a worksheet, or a picture never read).
const MAX_ENTRY_BYTES: u64 = 128 * MIB;
/// The most uncompressed bytes in all entries together.
const MAX_TOTAL_BYTES: u64 = 512 * MIB;
/// Uncompressed over compressed size, checked for entries of at least [`RATIO_FLOOR`]: real
/// worksheets deflate about 10:1, a zip bomb thousands to one.
const MAX_RATIO: u64 = 200;
/// Entries smaller than this are not checked for their ratio.
const RATIO_FLOOR: u64 = MIB;
/// The largest part calamine reads whole into its own structures when it opens a workbook
/// (styles, theme, workbook, relationships, the .ods manifest).
const MAX_PART_BYTES: u64 = 16 * MIB;
/// The most tags in such a part (a style or a sheet entry costs calamine a few hundred bytes).
const MAX_PART_TAGS: u64 = 300_000;
/// The largest shared strings part of an .xlsx.
const MAX_SHARED_STRINGS_BYTES: u64 = 64 * MIB;
/// The most shared strings (declared or present) in an .xlsx.
const MAX_SHARED_STRINGS: u64 = 2_000_000;
/// The largest `content.xml` of an .ods (LibreOffice writes 54 MB for 33,000 rows; what
/// calamine builds from it is bounded by [`MAX_ODS_CELL_BYTES`]).
const MAX_ODS_CONTENT_BYTES: u64 = 128 * MIB;
/// The most memory calamine, and the import's copy of a sheet, may need for the cells of an .ods,
/// as estimated from its content (a LibreOffice .ods of 50,000 ledger rows needs about 105 MB).
const MAX_ODS_CELL_BYTES: u64 = 128 * MIB;
/// The longest piece of markup or text in a part calamine parses.
const MAX_MARKUP_BYTES: usize = 4 * 1024 * 1024;
/// The most worksheets in a workbook.
pub const MAX_SHEETS: usize = 256;
/// The most characters in one cell (Excel's own limit).
pub const MAX_CELL_CHARS: usize = 32_767;
/// The largest workbook stream of an .xls (the format tops out at 65,536 rows).
const MAX_XLS_STREAM_BYTES: u64 = 32 * MIB;
/// The largest rewritten .xls workbook stream (shared strings written into each cell).
const MAX_XLS_OUTPUT_BYTES: usize = 48 * 1024 * 1024;
/// The most cells, counted over each sheet's rectangle from its first to its last value, in
/// all the sheets of an .xls together (calamine keeps each rectangle whole).
const MAX_XLS_AREA: u64 = 2_000_000;

/// Why a workbook is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Refusal {
    /// Broken or damaged; the text says where.
    Corrupt(String),
    /// Over one of the bounds; the text names it.
    Limit(String),
    /// A sheet spanning more rows than an import takes.
    TooManyRows(u64),
    /// Encrypted.
    Password,
}

/// A file opened for import, read only up to the size it had when opened: a file that grows
/// while it is read, or a special file whose size says nothing, cannot make the reader run on.
pub(super) struct BoundedFile {
    file: File,
    len: u64,
    pos: u64,
}

/// Why a path cannot be read as a workbook file.
#[derive(Debug)]
pub(super) enum OpenError {
    /// A device, pipe, socket or folder.
    NotAFile,
    /// Larger than [`MAX_FILE_BYTES`].
    TooLarge(u64),
    /// The system refused.
    Io(std::io::Error),
}

impl BoundedFile {
    /// Opens `path` when it is a regular file of at most [`MAX_FILE_BYTES`].
    pub fn open(path: &Path) -> Result<Self, OpenError> {
        let (file, len) = open_if_regular(path)
            .map_err(OpenError::Io)?
            .ok_or(OpenError::NotAFile)?;
        if len > MAX_FILE_BYTES {
            return Err(OpenError::TooLarge(len));
        }
        Ok(Self { file, len, pos: 0 })
    }

    /// The size when opened.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Up to `max` bytes from the start.
    pub fn head(&mut self, max: usize) -> std::io::Result<Vec<u8>> {
        self.seek(SeekFrom::Start(0))?;
        let mut head = Vec::new();
        self.by_ref().take(max as u64).read_to_end(&mut head)?;
        self.seek(SeekFrom::Start(0))?;
        Ok(head)
    }
}

impl Read for BoundedFile {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let left = self.len.saturating_sub(self.pos);
        let want = buf.len().min(usize::try_from(left).unwrap_or(usize::MAX));
        let Some(slice) = buf.get_mut(..want) else {
            return Ok(0);
        };
        if slice.is_empty() {
            return Ok(0);
        }
        let read = self.file.read(slice)?;
        self.pos = self.pos.saturating_add(read as u64);
        Ok(read)
    }
}

impl Seek for BoundedFile {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        let target = match to {
            SeekFrom::Start(at) => Some(at),
            SeekFrom::End(delta) => self.len.checked_add_signed(delta),
            SeekFrom::Current(delta) => self.pos.checked_add_signed(delta),
        };
        let target = target.ok_or_else(|| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "seek before the start of the file",
            )
        })?;
        self.file.seek(SeekFrom::Start(target))?;
        self.pos = target;
        Ok(target)
    }
}

/// A byte count in words: `3.2 MB`, `512 KB`, `17 字节`.
fn bytes_text(bytes: u64) -> String {
    if bytes >= MIB {
        format!("{:.1} MB", bytes as f64 / MIB as f64)
    } else if bytes >= 1024 {
        format!("{} KB", bytes / 1024)
    } else {
        format!("{bytes} 字节")
    }
}

/// `text` cut to 80 characters for a message (a part or sheet name, or a reader's error, can be
/// as long as the file makes it).
pub(super) fn short(text: &str) -> String {
    const MAX_CHARS: usize = 80;
    if text.chars().count() <= MAX_CHARS {
        text.to_owned()
    } else {
        let head: String = text.chars().take(MAX_CHARS).collect();
        format!("{head}…")
    }
}

/// A 0-based column as Excel names it (0 → A, 26 → AA).
pub(super) fn column_name(column: u32) -> String {
    let mut number = u64::from(column) + 1;
    let mut letters = Vec::new();
    while number > 0 {
        let rem = ((number - 1) % 26) as u8;
        letters.push(char::from(b'A' + rem));
        number = (number - 1) / 26;
    }
    letters.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(16_383), "XFD");
        assert_eq!(bytes_text(3 * MIB), "3.0 MB");
        assert_eq!(bytes_text(17), "17 字节");
    }

    #[test]
    fn a_bounded_file_stops_at_its_opening_size() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.bin");
        std::fs::write(&path, b"0123456789").unwrap();
        let mut file = BoundedFile::open(&path).unwrap();
        std::fs::write(&path, b"0123456789abcdef").unwrap();
        let mut all = Vec::new();
        file.read_to_end(&mut all).unwrap();
        assert_eq!(all, b"0123456789");
        assert_eq!(file.seek(SeekFrom::End(-2)).unwrap(), 8);
        assert!(file.seek(SeekFrom::Current(-100)).is_err());
        assert!(matches!(
            BoundedFile::open(dir.path()),
            Err(OpenError::NotAFile)
        ));
    }
}
