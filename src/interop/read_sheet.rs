//! Opening a spreadsheet people made: the format is told by the file's first bytes (a .xls
//! renamed .xlsx still opens), the workbook is checked against hostile and damaged content
//! ([`super::guard`]) and read with calamine, and every sheet with a recognisable ledger header
//! becomes a grid of [`CellValue`]s (a workbook may keep one sheet per category or department).
//!
//! The grid is built from the sheet's non-empty cells only, so one far cell (`XFD1048576`)
//! costs one cell, not the rectangle up to it; columns beyond [`MAX_COLUMNS`] from the first
//! used one are ignored, a sheet spanning more than [`MAX_ROWS`] rows is refused, and so is a
//! cell longer than Excel's 32,767 characters, by its row and column.

use std::io::{BufReader, Cursor, Read, Seek, SeekFrom};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use calamine::{Data, DataRef, Ods, Range, Reader, Xls, Xlsx, XlsxError};

use super::cells::{CellValue, date_from_serial, parse_date_text};
use super::columns::ColumnMapping;
use super::error::{InteropError, InteropResult};
use super::guard::{
    BoundedFile, MAX_CELL_CHARS, MAX_SHEETS, OpenError, Refusal, ZipFormat, check_zip, column_name,
    normalize_xls, short,
};
use crate::domain::punctuation::{needs_standard_punctuation, standard_punctuation};

pub use super::guard::MAX_FILE_BYTES;

/// The most rows a sheet may have to be imported.
pub const MAX_ROWS: usize = 200_000;
/// The most columns read from a sheet; columns further right are ignored.
const MAX_COLUMNS: usize = 100;
/// The most non-empty cells kept from one sheet (within its first [`MAX_COLUMNS`] columns).
const MAX_CELLS: usize = 2_000_000;
/// The most bytes of text kept from one sheet.
const MAX_TEXT_BYTES: usize = 96 * 1024 * 1024;

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
            Self::Xls => "Excel 97–2003 (.xls)",
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
/// `EncryptedPackage` stream (UTF-16 in the file). Read in chunks, never whole.
fn is_encrypted_package(file: &mut BoundedFile) -> std::io::Result<bool> {
    let name: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    file.seek(SeekFrom::Start(0))?;
    let mut window: Vec<u8> = Vec::with_capacity(64 * 1024 + name.len());
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        let count = match file.read(&mut chunk) {
            Ok(count) => count,
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(err),
        };
        if count == 0 {
            return Ok(false);
        }
        window.extend_from_slice(chunk.get(..count).unwrap_or_default());
        if window.windows(name.len()).any(|part| part == name) {
            return Ok(true);
        }
        let keep = window.len().saturating_sub(name.len() - 1);
        window.drain(..keep);
    }
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

    /// How many text cells have half-width punctuation between Chinese words.
    pub fn cells_needing_standard_punctuation(&self) -> usize {
        self.rows
            .iter()
            .flatten()
            .filter(
                |cell| matches!(cell, CellValue::Text(text) if needs_standard_punctuation(text)),
            )
            .count()
    }

    /// Rewrites the punctuation of every text cell as GB/T 15834 writes it（规范标点 before an
    /// import）；numbers, dates and Latin text are left as they are.
    pub fn standardise_punctuation(&mut self) {
        for cell in self.rows.iter_mut().flatten() {
            if let CellValue::Text(text) = cell {
                *text = standard_punctuation(text);
            }
        }
    }
}

/// A sheet whose header was recognised, with the detected mapping.
pub type FoundSheet = (Grid, ColumnMapping);

/// Reads the file at `path` and returns every sheet whose header is recognised, in the
/// workbook's order, each with its detected mapping; refused with [`InteropError::NoHeader`]
/// when no sheet has one.
pub fn read_ledger_sheets(path: &Path) -> InteropResult<Vec<FoundSheet>> {
    let mut file = BoundedFile::open(path).map_err(|err| match err {
        OpenError::NotAFile => InteropError::NotAFile {
            path: path.to_path_buf(),
        },
        OpenError::TooLarge(size) => InteropError::LimitExceeded {
            path: path.to_path_buf(),
            reason: format!(
                "文件有 {} MB，超过 {} MB",
                size / 1024 / 1024,
                MAX_FILE_BYTES / 1024 / 1024
            ),
        },
        OpenError::Io(err) => InteropError::io(path, err),
    })?;
    let head = file.head(512).map_err(|err| InteropError::io(path, err))?;
    let format = detect_format(&head).ok_or_else(|| InteropError::NotSpreadsheet {
        path: path.to_path_buf(),
    })?;
    // A reader panic would be a bug in calamine on a file the checks let through: the file is
    // refused like a broken one instead of taking the program down.
    let found = catch_unwind(AssertUnwindSafe(|| read_format(path, &mut file, format)))
        .unwrap_or_else(|_| {
            Err(refused(
                path,
                format,
                Refusal::Corrupt("读取程序遇到无法处理的内容".to_owned()),
            ))
        })?;
    if found.is_empty() {
        return Err(InteropError::NoHeader {
            path: path.to_path_buf(),
        });
    }
    Ok(found)
}

/// The error for a refusal of the checks.
fn refused(path: &Path, format: SheetFormat, refusal: Refusal) -> InteropError {
    match refusal {
        Refusal::Corrupt(reason) => InteropError::Corrupt {
            path: path.to_path_buf(),
            reason: format!("按 {} 格式读取时出错：{reason}", format.label()),
        },
        Refusal::Limit(reason) => InteropError::LimitExceeded {
            path: path.to_path_buf(),
            reason,
        },
        Refusal::Password => InteropError::PasswordProtected {
            path: path.to_path_buf(),
        },
        Refusal::TooManyRows(rows) => InteropError::TooManyRows {
            path: path.to_path_buf(),
            rows: usize::try_from(rows).unwrap_or(usize::MAX),
            limit: MAX_ROWS,
        },
    }
}

/// Checks the workbook, then reads its sheets in order, keeping those with a ledger header.
fn read_format(
    path: &Path,
    file: &mut BoundedFile,
    format: SheetFormat,
) -> InteropResult<Vec<FoundSheet>> {
    let refuse = |refusal| refused(path, format, refusal);
    let password = || InteropError::PasswordProtected {
        path: path.to_path_buf(),
    };
    // The reason names the format the content was read as: a file named .xlsx whose content
    // is an .xls says so.
    let corrupt = |reason: String| refuse(Refusal::Corrupt(short(&reason)));
    let rewind = |file: &mut BoundedFile| {
        file.seek(SeekFrom::Start(0))
            .map(|_| ())
            .map_err(|err| InteropError::io(path, err))
    };
    match format {
        SheetFormat::Xlsx => {
            let report = check_zip(file, ZipFormat::Xlsx).map_err(refuse)?;
            rewind(file)?;
            let mut workbook = Xlsx::new(BufReader::new(file)).map_err(|err| match err {
                XlsxError::Password => password(),
                other => corrupt(other.to_string()),
            })?;
            let names = workbook.sheet_names();
            if names.len() > MAX_SHEETS {
                return Err(refuse(Refusal::Limit(format!(
                    "工作簿有 {} 个工作表，超过上限 {MAX_SHEETS} 个",
                    names.len()
                ))));
            }
            let mut read = std::collections::HashSet::new();
            let mut found = Found::new(path);
            for name in names {
                let wanted = report
                    .sheets
                    .as_ref()
                    .is_none_or(|sheets| sheets.contains(&name));
                if !wanted || !read.insert(name.clone()) {
                    continue;
                }
                let mut cells = match workbook.worksheet_cells_reader(&name) {
                    Ok(cells) => cells,
                    Err(XlsxError::NotAWorksheet(_)) => continue,
                    Err(err) => return Err(corrupt(err.to_string())),
                };
                let mut grid = GridBuilder::new(path, name.clone());
                let mut pushed = Ok(());
                while let Some(cell) = cells.next_cell().map_err(|err| corrupt(err.to_string()))? {
                    let (row, column) = cell.get_position();
                    pushed = grid.push_ref(row, column, cell.get_value());
                    if pushed.is_err() {
                        break;
                    }
                }
                drop(cells);
                if let Some(grid) = found.unless_too_large(pushed.and_then(|()| grid.finish()))? {
                    found.consider(grid)?;
                }
            }
            Ok(found.sheets)
        }
        SheetFormat::Ods => {
            check_zip(file, ZipFormat::Ods).map_err(refuse)?;
            rewind(file)?;
            let mut workbook = Ods::new(BufReader::new(file)).map_err(|err| match err {
                calamine::OdsError::Password => password(),
                other => corrupt(other.to_string()),
            })?;
            read_ranges(path, &mut workbook, corrupt)
        }
        SheetFormat::Xls => {
            if is_encrypted_package(file).map_err(|err| InteropError::io(path, err))? {
                return Err(password());
            }
            let len = file.len();
            let clean = normalize_xls(file, len).map_err(refuse)?;
            let mut workbook = Xls::new(Cursor::new(clean)).map_err(|err| match err {
                calamine::XlsError::Password => password(),
                other => corrupt(other.to_string()),
            })?;
            read_ranges(path, &mut workbook, corrupt)
        }
    }
}

/// Reads the sheets of a workbook calamine has already read whole (.xls, .ods), in order,
/// keeping those with a ledger header; `corrupt` words the reader's errors.
fn read_ranges<R, RS>(
    path: &Path,
    workbook: &mut R,
    corrupt: impl Fn(String) -> InteropError,
) -> InteropResult<Vec<FoundSheet>>
where
    R: Reader<RS>,
    R::Error: std::fmt::Display,
    RS: std::io::Read + std::io::Seek,
{
    let names = workbook.sheet_names();
    if names.len() > MAX_SHEETS {
        return Err(InteropError::LimitExceeded {
            path: path.to_path_buf(),
            reason: format!(
                "工作簿有 {} 个工作表，超过上限 {MAX_SHEETS} 个",
                names.len()
            ),
        });
    }
    let mut read = std::collections::HashSet::new();
    let mut found = Found::new(path);
    for name in names {
        if !read.insert(name.clone()) {
            continue;
        }
        let range = workbook
            .worksheet_range(&name)
            .map_err(|err| corrupt(err.to_string()))?;
        let grid = range_grid(path, name, &range);
        drop(range);
        if let Some(grid) = found.unless_too_large(grid)? {
            found.consider(grid)?;
        }
    }
    Ok(found.sheets)
}

/// The ledger sheets kept so far, bounded as a whole: each sheet is bounded on its own, and a
/// workbook of many sheets may not hold more than one sheet's worth in all.
struct Found<'a> {
    path: &'a Path,
    sheets: Vec<FoundSheet>,
    rows: usize,
    text_bytes: usize,
}

impl<'a> Found<'a> {
    fn new(path: &'a Path) -> Self {
        Self {
            path,
            sheets: Vec::new(),
            rows: 0,
            text_bytes: 0,
        }
    }

    /// The grid of a sheet just read; a sheet over the bounds of one sheet is passed over once
    /// a ledger sheet has been found before it (a data dump or a hidden list kept beside the
    /// ledger), as reading stopped at the first ledger sheet before every sheet was offered.
    fn unless_too_large(&self, grid: InteropResult<Grid>) -> InteropResult<Option<Grid>> {
        match grid {
            Ok(grid) => Ok(Some(grid)),
            Err(InteropError::TooManyRows { .. } | InteropError::LimitExceeded { .. })
                if !self.sheets.is_empty() =>
            {
                Ok(None)
            }
            Err(err) => Err(err),
        }
    }

    /// Keeps `grid` when it has a ledger header; refuses a sheet, or the sheets so far, with
    /// too many rows or too much text.
    fn consider(&mut self, grid: Grid) -> InteropResult<()> {
        if grid.rows.len() > MAX_ROWS {
            return Err(InteropError::TooManyRows {
                path: self.path.to_path_buf(),
                rows: grid.rows.len(),
                limit: MAX_ROWS,
            });
        }
        let Some(mapping) = ColumnMapping::detect(&grid.rows) else {
            return Ok(());
        };
        self.rows += grid.rows.len();
        self.text_bytes += grid
            .rows
            .iter()
            .flatten()
            .map(|cell| match cell {
                CellValue::Text(text) => text.len(),
                _ => 0,
            })
            .sum::<usize>();
        if self.rows > MAX_ROWS {
            return Err(InteropError::TooManyRows {
                path: self.path.to_path_buf(),
                rows: self.rows,
                limit: MAX_ROWS,
            });
        }
        if self.text_bytes > MAX_TEXT_BYTES {
            return Err(InteropError::LimitExceeded {
                path: self.path.to_path_buf(),
                reason: format!(
                    "各台账工作表的文字合计超过 {} MB",
                    MAX_TEXT_BYTES / 1024 / 1024
                ),
            });
        }
        self.sheets.push((grid, mapping));
        Ok(())
    }
}

/// The grid of a range calamine read whole.
fn range_grid(path: &Path, sheet: String, range: &Range<Data>) -> InteropResult<Grid> {
    let (first_row, first_column) = range.start().unwrap_or_default();
    let mut grid = GridBuilder::new(path, sheet);
    for (row, column, data) in range.used_cells() {
        let row = u32::try_from(row)
            .ok()
            .and_then(|row| row.checked_add(first_row));
        let column = u32::try_from(column)
            .ok()
            .and_then(|column| column.checked_add(first_column));
        if let (Some(row), Some(column)) = (row, column) {
            grid.push(row, column, data)?;
        }
    }
    grid.finish()
}

/// Builds a grid from a sheet's cells in any order, keeping only non-empty ones.
struct GridBuilder<'a> {
    path: &'a Path,
    sheet: String,
    /// (row, column, value), 0-based.
    cells: Vec<(u32, u32, CellValue)>,
    /// The leftmost column with a value so far; cells from `MAX_COLUMNS` to its right on are
    /// dropped.
    first_column: u32,
    text_bytes: usize,
}

impl<'a> GridBuilder<'a> {
    fn new(path: &'a Path, sheet: String) -> Self {
        Self {
            path,
            sheet,
            cells: Vec::new(),
            first_column: u32::MAX,
            text_bytes: 0,
        }
    }

    /// A cell refused for its length, by its place.
    fn too_long(&self, row: u32, column: u32, chars: usize) -> InteropError {
        InteropError::LimitExceeded {
            path: self.path.to_path_buf(),
            reason: format!(
                "工作表「{}」第 {} 行第 {} 列（{}{}）的单元格有 {chars} 个字符，超过每格 {MAX_CELL_CHARS} 个字符的上限",
                short(&self.sheet),
                u64::from(row) + 1,
                u64::from(column) + 1,
                column_name(column),
                u64::from(row) + 1
            ),
        }
    }

    /// Refuses text longer than a cell may hold (counted only when its bytes could be).
    fn check_length(&self, row: u32, column: u32, text: &str) -> InteropResult<()> {
        if text.len() > MAX_CELL_CHARS {
            let chars = text.chars().count();
            if chars > MAX_CELL_CHARS {
                return Err(self.too_long(row, column, chars));
            }
        }
        Ok(())
    }

    /// Whether a cell at `column` is beyond the columns kept.
    fn beyond(&self, column: u32) -> bool {
        self.first_column != u32::MAX
            && u64::from(column) >= u64::from(self.first_column) + MAX_COLUMNS as u64
    }

    fn push(&mut self, row: u32, column: u32, data: &Data) -> InteropResult<()> {
        if let Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) = data {
            self.check_length(row, column, text)?;
        }
        if self.beyond(column) {
            return Ok(());
        }
        self.keep(row, column, cell_value(data))
    }

    fn push_ref(&mut self, row: u32, column: u32, data: &DataRef<'_>) -> InteropResult<()> {
        let value = match data {
            DataRef::Empty => return Ok(()),
            DataRef::SharedString(text) => {
                self.check_length(row, column, text)?;
                if self.beyond(column) {
                    return Ok(());
                }
                text_value(text)
            }
            DataRef::String(text) | DataRef::DateTimeIso(text) | DataRef::DurationIso(text) => {
                self.check_length(row, column, text)?;
                if self.beyond(column) {
                    return Ok(());
                }
                cell_value(&Data::from(data.clone()))
            }
            other => {
                if self.beyond(column) {
                    return Ok(());
                }
                cell_value(&Data::from(other.clone()))
            }
        };
        self.keep(row, column, value)
    }

    fn keep(&mut self, row: u32, column: u32, value: CellValue) -> InteropResult<()> {
        if value.is_empty() {
            return Ok(());
        }
        if let CellValue::Text(text) = &value {
            self.text_bytes = self.text_bytes.saturating_add(text.len());
        }
        self.first_column = self.first_column.min(column);
        self.cells.push((row, column, value));
        if self.cells.len() > MAX_CELLS || self.text_bytes > MAX_TEXT_BYTES {
            // Cells kept before the leftmost column moved left may now be out of range: drop
            // them, and refuse only when that leaves the sheet still over its bounds.
            self.prune();
            if self.cells.len() > MAX_CELLS / 4 * 3 {
                return Err(self.over(&format!("有超过 {} 个非空单元格", MAX_CELLS / 4 * 3)));
            }
            if self.text_bytes > MAX_TEXT_BYTES / 4 * 3 {
                return Err(self.over(&format!(
                    "的文字超过 {} MB",
                    MAX_TEXT_BYTES / 4 * 3 / 1024 / 1024
                )));
            }
        }
        Ok(())
    }

    fn over(&self, what: &str) -> InteropError {
        InteropError::LimitExceeded {
            path: self.path.to_path_buf(),
            reason: format!("工作表「{}」{what}", short(&self.sheet)),
        }
    }

    /// Drops the cells beyond the columns kept.
    fn prune(&mut self) {
        let limit = u64::from(self.first_column) + MAX_COLUMNS as u64;
        let mut text_bytes = 0usize;
        self.cells.retain(|(_, column, value)| {
            let keep = u64::from(*column) < limit;
            if keep && let CellValue::Text(text) = value {
                text_bytes = text_bytes.saturating_add(text.len());
            }
            keep
        });
        self.text_bytes = text_bytes;
    }

    /// The grid: rows from the first row with a value, columns from the first column with one;
    /// each row as long as its last value (a row without values is empty).
    fn finish(mut self) -> InteropResult<Grid> {
        self.prune();
        let Some(first_row) = self.cells.iter().map(|cell| cell.0).min() else {
            return Ok(Grid {
                sheet: self.sheet,
                first_row_number: 1,
                rows: Vec::new(),
            });
        };
        let last_row = self
            .cells
            .iter()
            .map(|cell| cell.0)
            .max()
            .unwrap_or(first_row);
        let span = (u64::from(last_row) - u64::from(first_row) + 1) as usize;
        if span > MAX_ROWS {
            return Err(InteropError::TooManyRows {
                path: self.path.to_path_buf(),
                rows: span,
                limit: MAX_ROWS,
            });
        }
        // A cell written twice keeps its last value, as calamine does.
        self.cells.sort_by_key(|cell| (cell.0, cell.1));
        let first_column = self.first_column;
        let mut rows: Vec<Vec<CellValue>> = vec![Vec::new(); span];
        for (row, column, value) in self.cells {
            let (Some(line), Some(at)) = (
                rows.get_mut((row - first_row) as usize),
                column.checked_sub(first_column).map(|at| at as usize),
            ) else {
                continue;
            };
            if line.len() <= at {
                line.resize(at + 1, CellValue::Empty);
            }
            if let Some(slot) = line.get_mut(at) {
                *slot = value;
            }
        }
        Ok(Grid {
            sheet: self.sheet,
            first_row_number: first_row as usize + 1,
            rows,
        })
    }
}

/// A text cell as a [`CellValue`]: trimmed, empty when blank.
fn text_value(text: &str) -> CellValue {
    let text = text.trim();
    if text.is_empty() {
        CellValue::Empty
    } else {
        CellValue::Text(text.to_owned())
    }
}

/// One calamine cell as a [`CellValue`].
fn cell_value(data: &Data) -> CellValue {
    match data {
        Data::Empty | Data::Error(_) => CellValue::Empty,
        Data::String(text) => text_value(text),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A sheet named `name` of a header and `rows` data rows.
    fn ledger_grid(name: &str, rows: usize) -> Grid {
        let text = |text: &str| CellValue::Text(text.to_owned());
        let mut cells = vec![vec![text("问题表现"), text("整改措施")]];
        cells.extend((0..rows).map(|_| vec![text("问题"), text("措施")]));
        Grid {
            sheet: name.to_owned(),
            first_row_number: 1,
            rows: cells,
        }
    }

    #[test]
    fn sheets_are_bounded_together_as_well_as_each_on_its_own() {
        let path = Path::new("台账.xlsx");
        let mut found = Found::new(path);
        // A sheet without a ledger header is passed over and not counted.
        let notes = Grid {
            sheet: "说明".to_owned(),
            first_row_number: 1,
            rows: vec![vec![CellValue::Text("填表说明".to_owned())]; MAX_ROWS],
        };
        found.consider(notes).unwrap();
        found.consider(ledger_grid("一", MAX_ROWS / 2)).unwrap();
        assert_eq!(found.sheets.len(), 1);
        // Two sheets each within the bound may not pass it together.
        let err = found.consider(ledger_grid("二", MAX_ROWS / 2)).unwrap_err();
        assert!(
            matches!(err, InteropError::TooManyRows { rows, limit, .. } if rows > limit),
            "{err:?}"
        );
    }

    #[test]
    fn a_sheet_too_large_is_passed_over_only_after_a_ledger_sheet() {
        let path = Path::new("台账.xlsx");
        let too_many = || {
            Err(InteropError::TooManyRows {
                path: path.to_path_buf(),
                rows: MAX_ROWS + 1,
                limit: MAX_ROWS,
            })
        };
        let mut found = Found::new(path);
        // Before any ledger sheet the workbook is refused, as it was when only the first ledger
        // sheet was read.
        assert!(found.unless_too_large(too_many()).is_err());
        found.consider(ledger_grid("台账", 3)).unwrap();
        // After one, a data dump beside the ledger is passed over.
        assert!(matches!(found.unless_too_large(too_many()), Ok(None)));
        assert_eq!(found.sheets.len(), 1);
    }
}
