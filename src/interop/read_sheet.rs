//! Opening a spreadsheet people made: the format is told by the file's first bytes (a .xls
//! renamed .xlsx still opens), the workbook is read with calamine, and the first sheet with a
//! recognisable ledger header becomes a grid of [`CellValue`]s.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Ods, Range, Reader, Xls, Xlsx};

use super::cells::{CellValue, date_from_serial, parse_date_text};
use super::columns::ColumnMapping;
use super::error::{InteropError, InteropResult};

/// The largest file an import reads (a ledger of 50,000 rows is a few megabytes).
pub const MAX_FILE_BYTES: u64 = 200 * 1024 * 1024;
/// The most rows a sheet may have to be imported.
pub const MAX_ROWS: usize = 200_000;
/// The most columns read from a sheet; columns further right are ignored.
const MAX_COLUMNS: usize = 100;

/// A spreadsheet format, as told by the file's content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetFormat {
    /// Office Open XML (.xlsx), a zip archive.
    Xlsx,
    /// Excel 97–2003 (.xls), an OLE compound file.
    Xls,
    /// OpenDocument spreadsheet (.ods), a zip archive with an ODF mimetype.
    Ods,
}

impl SheetFormat {
    /// The format's name for messages.
    pub fn label(self) -> &'static str {
        match self {
            Self::Xlsx => ".xlsx",
            Self::Xls => "Excel 97–2003(.xls)",
            Self::Ods => ".ods",
        }
    }
}

/// The zip local file header signature.
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
/// The OLE compound file signature (.xls, and also encrypted .xlsx).
const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
/// The ODF mimetype, stored uncompressed as the first zip entry of an .ods file.
const ODS_MIMETYPE: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";

/// Tells the format from the first bytes; `None` for anything else.
pub fn detect_format(bytes: &[u8]) -> Option<SheetFormat> {
    if bytes.starts_with(ZIP_MAGIC) {
        let head = &bytes[..bytes.len().min(200)];
        let is_ods = head
            .windows(ODS_MIMETYPE.len())
            .any(|window| window == ODS_MIMETYPE);
        Some(if is_ods {
            SheetFormat::Ods
        } else {
            SheetFormat::Xlsx
        })
    } else if bytes.starts_with(CFB_MAGIC) {
        Some(SheetFormat::Xls)
    } else {
        None
    }
}

/// Whether an OLE compound file is an encrypted Office document: its directory names the
/// `EncryptedPackage` stream (UTF-16 in the file).
fn is_encrypted_package(bytes: &[u8]) -> bool {
    let name: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    bytes.windows(name.len()).any(|window| window == name)
}

/// A sheet's cells with where they sit in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// The sheet's name.
    pub sheet: String,
    /// The 1-based spreadsheet row number of `rows[0]`.
    pub first_row_number: usize,
    /// The cells, row by row.
    pub rows: Vec<Vec<CellValue>>,
}

impl Grid {
    /// The 1-based row number users see for grid row `index`.
    pub fn row_number(&self, index: usize) -> usize {
        self.first_row_number + index
    }
}

/// Reads the file at `path` and returns the first sheet whose header is recognised, with the
/// detected mapping.
pub fn read_ledger_sheet(path: &Path) -> InteropResult<(Grid, ColumnMapping)> {
    let size = std::fs::metadata(path)
        .map_err(|err| InteropError::io(path, err))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(InteropError::Corrupt {
            path: path.to_path_buf(),
            reason: format!("文件有 {} MB,超过上限 200 MB", size / 1024 / 1024),
        });
    }
    let bytes = std::fs::read(path).map_err(|err| InteropError::io(path, err))?;
    let sheets = read_sheets(path, bytes)?;
    let mut largest_rows = 0;
    for (name, range) in sheets {
        let grid = to_grid(name, &range);
        largest_rows = largest_rows.max(grid.rows.len());
        if grid.rows.len() > MAX_ROWS {
            return Err(InteropError::TooManyRows {
                path: path.to_path_buf(),
                rows: grid.rows.len(),
                limit: MAX_ROWS,
            });
        }
        if let Some(mapping) = ColumnMapping::detect(&grid.rows) {
            return Ok((grid, mapping));
        }
    }
    Err(InteropError::NoHeader {
        path: path.to_path_buf(),
    })
}

/// Opens the workbook in the format its bytes say and reads every sheet.
fn read_sheets(path: &Path, bytes: Vec<u8>) -> InteropResult<Vec<(String, Range<Data>)>> {
    let password = || InteropError::PasswordProtected {
        path: path.to_path_buf(),
    };
    let format = detect_format(&bytes).ok_or_else(|| InteropError::NotSpreadsheet {
        path: path.to_path_buf(),
    })?;
    // The reason names the format the content was read as: a file named .xlsx whose content
    // is an .xls says so.
    let corrupt = |reason: String| InteropError::Corrupt {
        path: path.to_path_buf(),
        reason: format!("按 {} 格式读取时出错:{reason}", format.label()),
    };
    if format == SheetFormat::Xls && is_encrypted_package(&bytes) {
        return Err(password());
    }
    let cursor = Cursor::new(bytes);
    let sheets = match format {
        SheetFormat::Xlsx => {
            let mut workbook = Xlsx::new(cursor).map_err(|err| match err {
                calamine::XlsxError::Password => password(),
                other => corrupt(other.to_string()),
            })?;
            all_sheets(&mut workbook).map_err(|err| corrupt(err.to_string()))?
        }
        SheetFormat::Xls => {
            let mut workbook = Xls::new(cursor).map_err(|err| match err {
                calamine::XlsError::Password => password(),
                other => corrupt(other.to_string()),
            })?;
            all_sheets(&mut workbook).map_err(|err| corrupt(err.to_string()))?
        }
        SheetFormat::Ods => {
            let mut workbook = Ods::new(cursor).map_err(|err| match err {
                calamine::OdsError::Password => password(),
                other => corrupt(other.to_string()),
            })?;
            all_sheets(&mut workbook).map_err(|err| corrupt(err.to_string()))?
        }
    };
    Ok(sheets)
}

/// Every sheet's cells, in the workbook's order; a sheet that fails to read fails the file.
fn all_sheets<R, RS>(workbook: &mut R) -> Result<Vec<(String, Range<Data>)>, R::Error>
where
    R: Reader<RS>,
    RS: std::io::Read + std::io::Seek,
{
    let names = workbook.sheet_names();
    names
        .into_iter()
        .map(|name| workbook.worksheet_range(&name).map(|range| (name, range)))
        .collect()
}

/// Converts calamine's range into a grid of at most [`MAX_COLUMNS`] columns.
fn to_grid(sheet: String, range: &Range<Data>) -> Grid {
    let first_row_number = range.start().map_or(1, |(row, _)| row as usize + 1);
    let rows = range
        .rows()
        .map(|row| row.iter().take(MAX_COLUMNS).map(cell_value).collect())
        .collect();
    Grid {
        sheet,
        first_row_number,
        rows,
    }
}

/// One calamine cell as a [`CellValue`].
fn cell_value(data: &Data) -> CellValue {
    match data {
        Data::Empty | Data::Error(_) => CellValue::Empty,
        Data::String(text) => {
            let text = text.trim();
            if text.is_empty() {
                CellValue::Empty
            } else {
                CellValue::Text(text.to_owned())
            }
        }
        Data::Int(number) => CellValue::Number(*number as f64),
        Data::Float(number) => CellValue::Number(*number),
        Data::Bool(value) => CellValue::Text(if *value { "是" } else { "否" }.to_owned()),
        Data::DateTime(datetime) => date_from_serial(datetime.as_f64())
            .map_or_else(|| CellValue::Number(datetime.as_f64()), CellValue::Date),
        Data::DateTimeIso(text) => {
            let date_part = text.get(..10).unwrap_or(text);
            parse_date_text(date_part, 2000)
                .map_or_else(|| CellValue::Text(text.clone()), CellValue::Date)
        }
        Data::DurationIso(text) => CellValue::Text(text.clone()),
    }
}
