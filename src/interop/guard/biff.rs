//! The workbook stream of an .xls, checked record by record and rewritten with only what the
//! import needs, in the shape calamine reads without harm:
//!
//! - of the workbook globals: BOF, code page, date system, number formats, cell formats, sheet
//!   entries (with their offsets recomputed) and EOF;
//! - of each sheet: BOF, EOF and the value records (numbers, text, booleans, errors);
//! - formulas become the value records of their cached results (calamine's formula parser
//!   indexes unchecked into the formula bytes);
//! - shared strings are written into each cell that uses them (calamine clones a shared string
//!   for every cell without a bound, and its string-table reader indexes unchecked);
//! - every other record (dimensions, merges, defined names, drawings …) is left out.
//!
//! Each kept record is checked for the lengths calamine reads unchecked, and each sheet's
//! rectangle from its first to its last value is bounded: calamine allocates it whole.

use std::collections::HashMap;
use std::io::{Read, Seek};

use super::cfb::{workbook_stream, write_compound};
use super::{
    MAX_CELL_CHARS, MAX_SHARED_STRINGS, MAX_SHEETS, MAX_XLS_AREA, MAX_XLS_OUTPUT_BYTES, Refusal,
    column_name,
};

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const CONTINUE: u16 = 0x003C;
const FILEPASS: u16 = 0x002F;
const CODEPAGE: u16 = 0x0042;
const DATEMODE: u16 = 0x0022;
const FORMAT: u16 = 0x041E;
const XF: u16 = 0x00E0;
const BOUNDSHEET: u16 = 0x0085;
const SST: u16 = 0x00FC;
const NUMBER: u16 = 0x0203;
const LABEL: u16 = 0x0204;
const RSTRING: u16 = 0x00D6;
const BOOLERR: u16 = 0x0205;
const STRING: u16 = 0x0207;
const RK: u16 = 0x027E;
const LABELSST: u16 = 0x00FD;
const MULRK: u16 = 0x00BD;
const FORMULA: u16 = 0x0006;

fn corrupt(reason: &str) -> Refusal {
    Refusal::Corrupt(format!("工作簿数据流不完整：{reason}"))
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

/// One record with the CONTINUE records that follow it, as calamine groups them.
struct Record<'a> {
    kind: u16,
    data: &'a [u8],
    continues: Vec<&'a [u8]>,
}

/// calamine's record reader, with the same grouping of CONTINUE records.
struct Records<'a> {
    rest: &'a [u8],
}

impl<'a> Iterator for Records<'a> {
    type Item = Result<Record<'a>, Refusal>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.rest.is_empty() {
            return None;
        }
        let take = |rest: &'a [u8]| -> Option<(u16, &'a [u8], &'a [u8])> {
            let kind = u16_at(rest, 0)?;
            let len = usize::from(u16_at(rest, 2)?);
            let data = rest.get(4..4 + len)?;
            Some((kind, data, rest.get(4 + len..)?))
        };
        let Some((kind, data, rest)) = take(self.rest) else {
            self.rest = &[];
            return Some(Err(corrupt("记录长度超出数据流")));
        };
        self.rest = rest;
        let mut continues = Vec::new();
        // calamine gathers CONTINUE records only while more than four bytes remain.
        while self.rest.len() > 4 && u16_at(self.rest, 0) == Some(CONTINUE) {
            let Some((_, data, rest)) = take(self.rest) else {
                self.rest = &[];
                return Some(Err(corrupt("续记录长度超出数据流")));
            };
            continues.push(data);
            self.rest = rest;
        }
        Some(Ok(Record {
            kind,
            data,
            continues,
        }))
    }
}

/// The BIFF version, as calamine reads it from BOF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Biff {
    Old,
    Biff8,
}

fn biff_of(data: &[u8]) -> Result<Biff, Refusal> {
    let version = u16_at(data, 0).ok_or_else(|| corrupt("BOF 记录过短"))?;
    let dt = u16_at(data, 2).unwrap_or(0);
    Ok(match version {
        0x0200 | 0x0002 | 0x0007 | 0x0300 | 0x0400 | 0x0500 => Biff::Old,
        0 if dt == 0x1000 => Biff::Old,
        _ => Biff::Biff8,
    })
}

/// A shared string: its characters as stored, 2 bytes each (`wide`) or 1.
struct SharedString {
    start: usize,
    len: usize,
    chars: usize,
    wide: bool,
}

/// The shared string table, read the way calamine reads it (`XLUnicodeRichExtendedString`s
/// running across CONTINUE records), but checked.
struct StringTable {
    bytes: Vec<u8>,
    strings: Vec<SharedString>,
}

/// A cursor over a record and its continues, as calamine walks them.
struct Cursor<'a> {
    data: &'a [u8],
    continues: std::vec::IntoIter<&'a [u8]>,
}

impl Cursor<'_> {
    fn next_continue(&mut self) -> bool {
        match self.continues.next() {
            Some(next) => {
                self.data = next;
                true
            }
            None => false,
        }
    }

    fn advance(&mut self, by: usize) -> Result<(), Refusal> {
        self.data = self
            .data
            .get(by..)
            .ok_or_else(|| corrupt("共享字符串表不完整"))?;
        Ok(())
    }

    fn skip(&mut self, mut len: usize) -> Result<(), Refusal> {
        while len > 0 {
            if self.data.is_empty() && !self.next_continue() {
                return Err(corrupt("共享字符串表不完整"));
            }
            let step = len.min(self.data.len());
            self.advance(step)?;
            len -= step;
        }
        Ok(())
    }
}

fn read_string_table(record: Record<'_>) -> Result<StringTable, Refusal> {
    let short = || corrupt("共享字符串表不完整");
    let mut cursor = Cursor {
        data: record.data.get(8..).ok_or_else(short)?,
        continues: record.continues.into_iter(),
    };
    let mut table = StringTable {
        bytes: Vec::new(),
        strings: Vec::new(),
    };
    while !cursor.data.is_empty() || cursor.next_continue() {
        if table.strings.len() as u64 >= MAX_SHARED_STRINGS {
            return Err(Refusal::Limit(format!(
                "共享字符串超过 {MAX_SHARED_STRINGS} 个"
            )));
        }
        if cursor.data.is_empty() {
            table.strings.push(SharedString {
                start: table.bytes.len(),
                len: 0,
                chars: 0,
                wide: false,
            });
            continue;
        }
        let chars = usize::from(u16_at(cursor.data, 0).ok_or_else(short)?);
        let flags = *cursor.data.get(2).ok_or_else(short)?;
        cursor.advance(3)?;
        let mut runs = 0usize;
        if flags & 0x8 != 0 {
            runs = usize::from(u16_at(cursor.data, 0).ok_or_else(short)?);
            cursor.advance(2)?;
        }
        let mut ext = 0usize;
        if flags & 0x4 != 0 {
            let raw = u32_at(cursor.data, 0).ok_or_else(short)?;
            ext = usize::try_from(i32::from_le_bytes(raw.to_le_bytes())).map_err(|_| short())?;
            cursor.advance(4)?;
        }
        // The characters, in pieces across CONTINUE records, each piece with its own width.
        let mut pieces: Vec<(bool, &[u8])> = Vec::new();
        let mut wide = flags & 0x1 != 0;
        let mut left = chars;
        while left > 0 {
            let (count, bytes) = if wide {
                let count = (cursor.data.len() / 2).min(left);
                (count, count * 2)
            } else {
                let count = cursor.data.len().min(left);
                (count, count)
            };
            pieces.push((wide, cursor.data.get(..bytes).ok_or_else(short)?));
            cursor.advance(bytes)?;
            left -= count;
            if left > 0 {
                if !cursor.next_continue() {
                    return Err(short());
                }
                wide = cursor.data.first().ok_or_else(short)? & 0x1 != 0;
                cursor.advance(1)?;
            }
        }
        cursor.skip(runs.checked_mul(4).ok_or_else(short)?)?;
        cursor.skip(ext)?;
        let start = table.bytes.len();
        let any_wide = pieces.iter().any(|(wide, _)| *wide);
        for (piece_wide, bytes) in pieces {
            if any_wide && !piece_wide {
                for byte in bytes {
                    table.bytes.extend_from_slice(&[*byte, 0]);
                }
            } else {
                table.bytes.extend_from_slice(bytes);
            }
        }
        table.strings.push(SharedString {
            start,
            len: table.bytes.len() - start,
            chars,
            wide: any_wide,
        });
    }
    Ok(table)
}

/// A sheet entry of the globals.
struct SheetEntry {
    /// Where the BoundSheet8 record sits in the rewritten globals.
    record_at: usize,
    /// Where its substream starts in the original stream.
    position: usize,
    name: String,
}

/// Reads the workbook in `file` (`len` bytes), checks and rewrites it; returns a compound file
/// calamine can read safely.
pub(in crate::interop) fn normalize_xls<R: Read + Seek>(
    file: &mut R,
    len: u64,
) -> Result<Vec<u8>, Refusal> {
    let stream = workbook_stream(file, len)?;
    let rewritten = rewrite(&stream)?;
    drop(stream);
    write_compound(rewritten)
}

fn push_record(out: &mut Vec<u8>, kind: u16, data: &[u8]) -> Result<(), Refusal> {
    let len = u16::try_from(data.len()).map_err(|_| corrupt("记录过长"))?;
    out.extend_from_slice(&kind.to_le_bytes());
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(data);
    if out.len() > MAX_XLS_OUTPUT_BYTES {
        return Err(Refusal::Limit(format!(
            "工作簿的文字展开后超过 {} MB",
            MAX_XLS_OUTPUT_BYTES / (1024 * 1024)
        )));
    }
    Ok(())
}

fn rewrite(stream: &[u8]) -> Result<Vec<u8>, Refusal> {
    let mut out = Vec::new();
    let mut biff = Biff::Biff8;
    let mut sheets: Vec<SheetEntry> = Vec::new();
    let mut strings: Option<StringTable> = None;
    let mut globals_ended = false;
    for record in (Records { rest: stream }) {
        let record = record?;
        match record.kind {
            BOF => {
                biff = biff_of(record.data)?;
                push_record(&mut out, BOF, record.data)?;
            }
            FILEPASS => {
                let flag = u16_at(record.data, 0).ok_or_else(|| corrupt("加密记录过短"))?;
                if flag != 0 {
                    return Err(Refusal::Password);
                }
            }
            CODEPAGE | DATEMODE => {
                if record.data.len() < 2 {
                    return Err(corrupt("代码页或日期系统记录过短"));
                }
                push_record(&mut out, record.kind, record.data)?;
            }
            FORMAT | XF => push_record(&mut out, record.kind, record.data)?,
            BOUNDSHEET => {
                if record.data.len() < 6 {
                    return Err(corrupt("工作表记录过短"));
                }
                if sheets.len() >= MAX_SHEETS {
                    return Err(Refusal::Limit(format!(
                        "工作簿有超过 {MAX_SHEETS} 个工作表"
                    )));
                }
                let position = u32_at(record.data, 0).unwrap_or_default() as usize;
                if position > stream.len() {
                    return Err(corrupt("工作表的位置超出数据流"));
                }
                sheets.push(SheetEntry {
                    record_at: out.len(),
                    position,
                    name: sheet_name(record.data, biff),
                });
                push_record(&mut out, BOUNDSHEET, record.data)?;
            }
            SST => strings = Some(read_string_table(record)?),
            EOF => {
                push_record(&mut out, EOF, record.data)?;
                globals_ended = true;
                break;
            }
            _ => {}
        }
    }
    // Without its EOF calamine would read on into the sheets as if they were globals.
    if !globals_ended {
        push_record(&mut out, EOF, &[])?;
    }
    // Each substream once, however many sheet entries point at it.
    let mut written: HashMap<usize, usize> = HashMap::new();
    let mut area: u64 = 0;
    for sheet in &sheets {
        let at = if let Some(at) = written.get(&sheet.position) {
            *at
        } else {
            let at = out.len();
            let sheet_area = rewrite_sheet(stream, sheet, biff, strings.as_ref(), &mut out)?;
            area = area.saturating_add(sheet_area);
            written.insert(sheet.position, at);
            at
        };
        if area > MAX_XLS_AREA {
            return Err(Refusal::Limit(format!(
                "工作表「{}」等的数据区域（从第一个到最后一个有内容的单元格所围的矩形）合计 {area} 个单元格，超过上限 {MAX_XLS_AREA} 个",
                sheet.name
            )));
        }
        let position = u32::try_from(at)
            .map_err(|_| corrupt("工作簿过大"))?
            .to_le_bytes();
        // The record's data starts four bytes after its header.
        if let Some(slot) = out.get_mut(sheet.record_at + 4..sheet.record_at + 8) {
            slot.copy_from_slice(&position);
        }
    }
    Ok(out)
}

/// The sheet's name from its BoundSheet8 record, for messages.
fn sheet_name(data: &[u8], biff: Biff) -> String {
    let chars = usize::from(data.get(6).copied().unwrap_or_default());
    match biff {
        Biff::Biff8 => {
            let wide = data.get(7).is_some_and(|flags| flags & 1 != 0);
            let body = data.get(8..).unwrap_or_default();
            if wide {
                let units: Vec<u16> = body
                    .chunks_exact(2)
                    .take(chars)
                    .filter_map(|pair| pair.try_into().ok().map(u16::from_le_bytes))
                    .collect();
                String::from_utf16_lossy(&units)
            } else {
                body.iter().take(chars).map(|b| char::from(*b)).collect()
            }
        }
        Biff::Old => data
            .get(7..)
            .unwrap_or_default()
            .iter()
            .take(chars)
            .map(|b| char::from(*b))
            .collect(),
    }
}

/// The rectangle of a sheet's values, as calamine will allocate it.
#[derive(Default)]
struct Extent {
    first: Option<(u32, u32)>,
    last: (u32, u32),
}

impl Extent {
    fn add(&mut self, row: u32, column: u32) {
        let first = self.first.get_or_insert((row, column));
        first.0 = first.0.min(row);
        first.1 = first.1.min(column);
        self.last.0 = self.last.0.max(row);
        self.last.1 = self.last.1.max(column);
    }

    fn area(&self) -> u64 {
        self.first.map_or(0, |first| {
            (u64::from(self.last.0 - first.0) + 1) * (u64::from(self.last.1 - first.1) + 1)
        })
    }
}

/// Rewrites one sheet's substream into `out`; returns its rectangle's area.
fn rewrite_sheet(
    stream: &[u8],
    sheet: &SheetEntry,
    biff: Biff,
    strings: Option<&StringTable>,
    out: &mut Vec<u8>,
) -> Result<u64, Refusal> {
    let mut extent = Extent::default();
    let mut seen_bof = false;
    let mut depth = 0usize;
    let mut formula_at: (u16, u16, u16) = (0, 0, 0);
    let mut ended = false;
    let records = Records {
        rest: stream.get(sheet.position..).unwrap_or_default(),
    };
    for record in records {
        let record = record?;
        let data = record.data;
        let position = |data: &[u8]| -> (u16, u16) {
            (
                u16_at(data, 0).unwrap_or_default(),
                u16_at(data, 2).unwrap_or_default(),
            )
        };
        if depth > 0 {
            match record.kind {
                BOF => depth += 1,
                EOF => depth -= 1,
                _ => {}
            }
            continue;
        }
        match record.kind {
            BOF if seen_bof => depth += 1,
            BOF => {
                seen_bof = true;
                push_record(out, BOF, data)?;
            }
            EOF => {
                push_record(out, EOF, data)?;
                ended = true;
                break;
            }
            // calamine checks these lengths itself and refuses the file when short.
            NUMBER | LABEL | RSTRING | BOOLERR | RK => {
                let long_enough = match record.kind {
                    NUMBER => data.len() >= 14,
                    BOOLERR => data.len() >= 8,
                    RK => data.len() >= 10,
                    _ => data.len() >= 6,
                };
                if long_enough {
                    let (row, column) = position(data);
                    extent.add(row.into(), column.into());
                }
                push_record(out, record.kind, data)?;
            }
            LABELSST => {
                if data.len() < 10 {
                    return Err(corrupt("共享字符串单元格记录过短"));
                }
                let index = u32_at(data, 6).unwrap_or_default() as usize;
                let Some(table) = strings.filter(|_| biff == Biff::Biff8) else {
                    continue;
                };
                // calamine leaves a cell out when its string is missing.
                let Some(string) = table.strings.get(index) else {
                    continue;
                };
                let (row, column) = position(data);
                let chars = u16::try_from(string.chars)
                    .ok()
                    .filter(|chars| usize::from(*chars) <= MAX_CELL_CHARS)
                    .ok_or_else(|| too_long(sheet, row, column, string.chars))?;
                let bytes = table
                    .bytes
                    .get(string.start..string.start + string.len)
                    .unwrap_or_default();
                let mut label = Vec::with_capacity(9 + bytes.len());
                label.extend_from_slice(data.get(..6).unwrap_or_default());
                label.extend_from_slice(&chars.to_le_bytes());
                label.push(u8::from(string.wide));
                label.extend_from_slice(bytes);
                if label.len() > usize::from(u16::MAX) {
                    return Err(too_long(sheet, row, column, string.chars));
                }
                extent.add(row.into(), column.into());
                push_record(out, LABEL, &label)?;
            }
            MULRK => {
                let (row, first) = position(data);
                let last = u16_at(data, data.len().saturating_sub(2)).unwrap_or_default();
                let count = (usize::from(last) + 1).checked_sub(usize::from(first));
                if data.len() < 6 || count.is_none_or(|count| data.len() != 6 + 6 * count) {
                    return Err(corrupt("多数值单元格记录长度不符"));
                }
                extent.add(row.into(), first.into());
                extent.add(row.into(), last.into());
                push_record(out, MULRK, data)?;
            }
            FORMULA => {
                if data.len() < 20 {
                    return Err(corrupt("公式记录过短"));
                }
                let (row, column) = position(data);
                let format = u16_at(data, 4).unwrap_or_default();
                formula_at = (row, column, format);
                let value = data.get(6..14).unwrap_or_default();
                let head = data.get(..6).unwrap_or_default();
                let is_special = value.get(6..8) == Some(&[0xFF, 0xFF][..]);
                let kind = value.first().copied().unwrap_or_default();
                match (is_special, kind) {
                    // A string result: its text follows in a String record.
                    (true, 0x00) => {}
                    (true, 0x01 | 0x02) => {
                        let mut cell = head.to_vec();
                        cell.push(value.get(2).copied().unwrap_or_default());
                        cell.push(kind - 1);
                        extent.add(row.into(), column.into());
                        push_record(out, BOOLERR, &cell)?;
                    }
                    (true, 0x03) => {
                        let mut cell = head.to_vec();
                        cell.extend_from_slice(&[0, 0, 0]);
                        extent.add(row.into(), column.into());
                        push_record(out, LABEL, &cell)?;
                    }
                    (true, _) => return Err(corrupt("公式结果的类型不合法")),
                    (false, _) => {
                        let mut cell = head.to_vec();
                        cell.extend_from_slice(value);
                        extent.add(row.into(), column.into());
                        push_record(out, NUMBER, &cell)?;
                    }
                }
            }
            // A formula's text result, placed where calamine places it: at the last formula.
            STRING => {
                let (row, column, format) = formula_at;
                let mut cell = Vec::with_capacity(6 + data.len());
                cell.extend_from_slice(&row.to_le_bytes());
                cell.extend_from_slice(&column.to_le_bytes());
                cell.extend_from_slice(&format.to_le_bytes());
                cell.extend_from_slice(data);
                extent.add(row.into(), column.into());
                push_record(out, LABEL, &cell)?;
            }
            _ => {}
        }
    }
    // Without its EOF calamine would read on into the next sheet.
    if !ended {
        push_record(out, EOF, &[])?;
    }
    Ok(extent.area())
}

fn too_long(sheet: &SheetEntry, row: u16, column: u16, chars: usize) -> Refusal {
    Refusal::Limit(format!(
        "工作表「{}」第 {} 行第 {} 列（{}{}）的单元格有 {chars} 个字符，超过每格 {MAX_CELL_CHARS} 个字符的上限",
        sheet.name,
        u32::from(row) + 1,
        u32::from(column) + 1,
        column_name(column.into()),
        u32::from(row) + 1
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: u16, data: &[u8]) -> Vec<u8> {
        let mut out = kind.to_le_bytes().to_vec();
        out.extend_from_slice(&(data.len() as u16).to_le_bytes());
        out.extend_from_slice(data);
        out
    }

    fn sheet_entry(position: u32, name: &str) -> Vec<u8> {
        let mut data = position.to_le_bytes().to_vec();
        data.extend_from_slice(&[0, 0, name.len() as u8, 0]);
        data.extend_from_slice(name.as_bytes());
        record(BOUNDSHEET, &data)
    }

    fn number(row: u16, column: u16) -> Vec<u8> {
        let mut data = row.to_le_bytes().to_vec();
        data.extend_from_slice(&column.to_le_bytes());
        data.extend_from_slice(&[0, 0]);
        data.extend_from_slice(&1.5f64.to_le_bytes());
        record(NUMBER, &data)
    }

    /// A workbook stream: globals with one sheet entry, then the sheet with `cells`.
    fn workbook(cells: &[Vec<u8>], strings: Option<Vec<u8>>) -> Vec<u8> {
        let bof = record(BOF, &[0, 6, 5, 0]);
        let mut globals = bof.clone();
        if let Some(sst) = strings {
            globals.extend(sst);
        }
        let entry_len = sheet_entry(0, "ledger").len();
        let eof = record(EOF, &[]);
        let position = (globals.len() + entry_len + eof.len()) as u32;
        globals.extend(sheet_entry(position, "ledger"));
        globals.extend(eof.clone());
        globals.extend(record(BOF, &[0, 6, 0x10, 0]));
        for cell in cells {
            globals.extend(cell);
        }
        globals.extend(eof);
        globals
    }

    #[test]
    fn a_far_cell_is_refused_by_its_rectangle() {
        let ok = rewrite(&workbook(&[number(0, 0), number(100, 20)], None)).unwrap();
        assert!(!ok.is_empty());
        let err = rewrite(&workbook(&[number(0, 0), number(65535, 255)], None)).unwrap_err();
        assert!(
            matches!(&err, Refusal::Limit(text) if text.contains("ledger")),
            "{err:?}"
        );
    }

    #[test]
    fn shared_strings_are_written_into_the_cells() {
        // Two strings: "ab" compressed, and "中" wide split across a CONTINUE record.
        let mut sst = vec![0u8; 8];
        sst.extend_from_slice(&[2, 0, 0, b'a', b'b']);
        sst.extend_from_slice(&[1, 0, 1]);
        let mut table = record(SST, &sst);
        table.extend(record(CONTINUE, &[1, 0x2D, 0x4E]));
        let mut label_sst = vec![3, 0, 2, 0, 0, 0];
        label_sst.extend_from_slice(&1u32.to_le_bytes());
        let out = rewrite(&workbook(&[record(LABELSST, &label_sst)], Some(table))).unwrap();
        let label: Vec<u8> = [3, 0, 2, 0, 0, 0, 1, 0, 1, 0x2D, 0x4E].to_vec();
        assert!(
            out.windows(label.len())
                .any(|window| window == label.as_slice()),
            "{out:?}"
        );
        assert!(!out.windows(2).any(|w| w == SST.to_le_bytes()));
    }

    #[test]
    fn a_sheet_position_beyond_the_stream_is_refused() {
        let mut stream = record(BOF, &[0, 6, 5, 0]);
        stream.extend(sheet_entry(1_000_000, "x"));
        stream.extend(record(EOF, &[]));
        assert!(matches!(rewrite(&stream), Err(Refusal::Corrupt(_))));
    }
}
