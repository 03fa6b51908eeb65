//! An estimate of the memory calamine needs for an .ods, made while `content.xml` streams
//! past. calamine reads every table at once: each row's cells into one list (a cell repeated
//! with `table:number-columns-repeated` cloned up to 16,384 times), then every table into a
//! dense rectangle (a row repeated with `table:number-rows-repeated` cloned up to 1,048,576
//! times), with a second rectangle for the formulas. A few hundred bytes of XML can ask for
//! gigabytes; this model follows calamine's reading closely enough to bound what it asks for.

use super::xml::{Sink, Tag, TagKind, number};
use super::{MAX_CELL_CHARS, MAX_ODS_CELL_BYTES, Refusal, bytes_text, column_name};
use crate::interop::MAX_ROWS;

/// calamine's caps on an .ods table.
const ODS_ROWS: u64 = 1_048_576;
const ODS_COLUMNS: u64 = 16_384;
/// What one cell costs calamine besides its text: the value and the formula.
const CELL_BYTES: u64 = 56;
/// What a piece of text costs besides its bytes (the allocation).
const TEXT_BYTES: u64 = 32;
/// What a style or a named range read at the top of `content.xml` costs besides its text.
const ENTRY_BYTES: u64 = 128;

/// The model; feed it `content.xml` through the scanner, then call [`OdsModel::finish`].
#[derive(Default)]
pub(super) struct OdsModel {
    table: Option<Table>,
    /// The rectangles of the finished tables (calamine keeps them all).
    finished: u64,
    /// The largest of them (the import clones a sheet's rectangle to read it).
    largest_rectangle: u64,
    /// The most needed while a finished table was read: the earlier rectangles, its working
    /// list and its rectangle (the list is freed once the rectangle is built).
    parse_peak: u64,
    /// The styles and named ranges calamine keeps.
    entries: u64,
    /// The most rows a finished table spans (from its first to its last row with a value).
    widest: u64,
}

#[derive(Default)]
struct Table {
    /// Rows so far, repeats counted (capped as calamine caps them).
    rows: u64,
    row: Option<Row>,
    /// The cell lists' bytes so far.
    list: u64,
    /// Rows (repeats counted) before the first row with a value, and through the last.
    first_row: Option<u64>,
    last_row: u64,
    first_column: u64,
    last_column: u64,
    /// Text cloned into the rectangle for repeated rows.
    rectangle_text: u64,
}

#[derive(Default)]
struct Row {
    repeats: u64,
    /// Cells pushed so far.
    columns: u64,
    /// Empty cells waiting to be pushed before the next cell.
    pending_empty: u64,
    first: Option<u64>,
    last: u64,
    /// Cells pushed and their text.
    pushed: u64,
    text: u64,
    cell: Option<Cell>,
}

struct Cell {
    repeats: u64,
    has_value: bool,
    /// calamine reads a string cell's content up to the first closing cell tag; any other cell
    /// it skips to the matching closing tag of the same name.
    string: bool,
    name: Vec<u8>,
    depth: u64,
    spaces: u64,
    /// The bytes of its text: the content of a string cell, the text attributes of any.
    text: u64,
    /// Inside a comment of a string cell: calamine skips to its closing tag, whatever comes
    /// before it (and loops for ever at the end of the part when there is none).
    annotation: bool,
}

impl Sink for OdsModel {
    fn text(&mut self, text: &[u8]) -> Result<(), Refusal> {
        let cell = self
            .table
            .as_mut()
            .and_then(|table| table.row.as_mut())
            .and_then(|row| row.cell.as_mut());
        if let Some(cell) = cell
            && cell.string
            && !cell.annotation
        {
            cell.text = cell.text.saturating_add(text.len() as u64);
        }
        Ok(())
    }

    fn tag(&mut self, tag: &Tag<'_>) -> Result<(), Refusal> {
        let Some(table) = self.table.as_mut() else {
            if tag.kind != TagKind::End && tag.name == b"table:table" {
                self.table = Some(Table::default());
                if tag.kind == TagKind::Empty {
                    self.end_table();
                }
            } else if tag.kind != TagKind::End
                && matches!(
                    tag.name,
                    b"style:style" | b"table:named-range" | b"table:named-expression"
                )
            {
                let text: u64 = tag.attributes().map(|(_, value)| value.len() as u64).sum();
                self.entries = self
                    .entries
                    .saturating_add(ENTRY_BYTES)
                    .saturating_add(text);
                return self.check();
            }
            return Ok(());
        };
        let Some(row) = table.row.as_mut() else {
            match (tag.kind, tag.name) {
                (TagKind::Start | TagKind::Empty, b"table:table-row") => {
                    let repeats = tag
                        .attribute(b"table:number-rows-repeated")
                        .map_or(Some(1), number)
                        .unwrap_or(0);
                    let repeats = repeats.min(ODS_ROWS.saturating_sub(table.rows));
                    table.rows += repeats;
                    table.row = Some(Row {
                        repeats,
                        ..Row::default()
                    });
                    if tag.kind == TagKind::Empty {
                        table.end_row();
                    }
                }
                (TagKind::End, b"table:table") => self.end_table(),
                _ => {}
            }
            return self.check();
        };
        if let Some(cell) = row.cell.as_mut() {
            if cell.annotation {
                if tag.kind == TagKind::End && tag.name == b"office:annotation" {
                    cell.annotation = false;
                }
                return Ok(());
            }
            if cell.string && tag.kind == TagKind::Start && tag.name == b"office:annotation" {
                cell.annotation = true;
                return Ok(());
            }
            let closes = if cell.string {
                tag.kind == TagKind::End
                    && matches!(tag.name, b"table:table-cell" | b"table:covered-table-cell")
            } else if tag.name == cell.name.as_slice() {
                match tag.kind {
                    TagKind::Start => {
                        cell.depth += 1;
                        false
                    }
                    TagKind::End if cell.depth > 0 => {
                        cell.depth -= 1;
                        false
                    }
                    TagKind::End => true,
                    TagKind::Empty => false,
                }
            } else {
                false
            };
            if cell.string && tag.kind != TagKind::End && tag.name == b"text:s" {
                let count = tag.attribute(b"text:c").map_or(Some(1), number);
                cell.spaces = cell.spaces.saturating_add(count.unwrap_or(0));
                if cell.spaces > MAX_CELL_CHARS as u64 {
                    let row_number = table.rows.saturating_sub(row.repeats) + 1;
                    let column = row.columns + row.pending_empty;
                    return Err(Refusal::Limit(format!(
                        "第 {row_number} 行第 {} 列（{}{row_number}）的单元格有超过 {MAX_CELL_CHARS} 个空格（text:s），超过每格 {MAX_CELL_CHARS} 个字符的上限",
                        column + 1,
                        column_name(column as u32)
                    )));
                }
            }
            if closes {
                row.end_cell();
            }
            return Ok(());
        }
        match (tag.kind, tag.name) {
            (
                TagKind::Start | TagKind::Empty,
                b"table:table-cell" | b"table:covered-table-cell",
            ) => {
                row.start_cell(tag);
                if tag.kind == TagKind::Empty {
                    row.end_cell();
                }
            }
            (TagKind::End, b"table:table-row") => table.end_row(),
            (TagKind::End, b"table:table") => {
                table.end_row();
                self.end_table();
            }
            _ => {}
        }
        self.check()
    }
}

impl Row {
    fn start_cell(&mut self, tag: &Tag<'_>) {
        let repeats = tag
            .attribute(b"table:number-columns-repeated")
            .map_or(Some(1), number)
            .unwrap_or(0);
        // calamine's reading of the value attributes, in their order.
        let (mut value_set, mut is_string, mut is_error, mut empty_string) =
            (false, false, false, false);
        let mut formula = false;
        let mut text = 0u64;
        for (key, value) in tag.attributes() {
            if matches!(
                key,
                b"office:string-value"
                    | b"office:date-value"
                    | b"office:time-value"
                    | b"table:formula"
            ) {
                text = text.saturating_add(value.len() as u64 + TEXT_BYTES);
            }
            match key {
                b"office:value"
                | b"office:date-value"
                | b"office:time-value"
                | b"office:boolean-value"
                    if !value_set =>
                {
                    value_set = true;
                }
                b"office:string-value" if !value_set => {
                    value_set = true;
                    empty_string = value.is_empty();
                }
                b"office:value-type" if !value_set => is_string = value == b"string",
                b"calcext:value-type" => is_error = value == b"error",
                b"table:formula" => formula = !value.is_empty(),
                _ => {}
            }
        }
        let string = (!value_set && is_string) || (is_error && empty_string);
        self.cell = Some(Cell {
            repeats,
            has_value: value_set || string || formula,
            string,
            name: tag.name.to_vec(),
            depth: 0,
            spaces: 0,
            text: text + if string { TEXT_BYTES } else { 0 },
            annotation: false,
        });
    }

    /// calamine pushes the empty cells before this one, then this one `repeats` times (or keeps
    /// them waiting when it is empty), never past 16,384 cells in the row.
    fn end_cell(&mut self) {
        let Some(cell) = self.cell.take() else {
            return;
        };
        let empty = self
            .pending_empty
            .min(ODS_COLUMNS.saturating_sub(self.columns));
        self.columns += empty;
        self.pushed += empty;
        self.pending_empty = 0;
        let repeats = cell.repeats.min(ODS_COLUMNS.saturating_sub(self.columns));
        if cell.has_value {
            if repeats > 0 {
                self.first.get_or_insert(self.columns);
                self.last = self.columns + repeats - 1;
            }
            let text = cell.text.saturating_add(cell.spaces);
            self.columns += repeats;
            self.pushed += repeats;
            self.text = self.text.saturating_add(repeats.saturating_mul(text));
        } else {
            self.pending_empty = repeats;
        }
    }
}

impl Table {
    fn end_row(&mut self) {
        let Some(row) = self.row.take() else {
            return;
        };
        self.list = self
            .list
            .saturating_add(row.pushed.saturating_mul(CELL_BYTES))
            .saturating_add(row.text);
        if let Some(first) = row.first {
            let start = self.rows - row.repeats;
            if self.first_row.is_none() {
                self.first_row = Some(start);
                self.first_column = first;
                self.last_column = row.last;
            }
            self.first_column = self.first_column.min(first);
            self.last_column = self.last_column.max(row.last);
            self.last_row = self.rows;
            self.rectangle_text = self
                .rectangle_text
                .saturating_add(row.repeats.saturating_mul(row.text));
        }
    }

    /// The bytes of the table's two rectangles.
    fn rectangle(&self) -> u64 {
        let Some(first_row) = self.first_row else {
            return 0;
        };
        let rows = self.last_row.saturating_sub(first_row);
        let columns = self.last_column.saturating_sub(self.first_column) + 1;
        rows.saturating_mul(columns)
            .saturating_mul(CELL_BYTES)
            .saturating_add(self.rectangle_text)
    }
}

impl OdsModel {
    fn end_table(&mut self) {
        if let Some(mut table) = self.table.take() {
            let rows = table
                .first_row
                .map_or(0, |first| table.last_row.saturating_sub(first));
            self.widest = self.widest.max(rows);
            table.end_row();
            let rectangle = table.rectangle();
            self.parse_peak = self.parse_peak.max(
                self.finished
                    .saturating_add(table.list)
                    .saturating_add(rectangle),
            );
            self.finished = self.finished.saturating_add(rectangle);
            self.largest_rectangle = self.largest_rectangle.max(rectangle);
        }
    }

    /// The most memory calamine and the import's copy of a sheet need, as far as read.
    fn estimate(&self) -> u64 {
        let (list, rectangle) = self
            .table
            .as_ref()
            .map_or((0, 0), |table| (table.list, table.rectangle()));
        let parsing = self.finished.saturating_add(list).saturating_add(rectangle);
        let reading = self
            .finished
            .saturating_add(rectangle)
            .saturating_add(self.largest_rectangle.max(rectangle));
        self.parse_peak
            .max(parsing)
            .max(reading)
            .saturating_add(self.entries)
    }

    /// Refuses a table spanning more rows than an import takes (before calamine lays them
    /// out), and any estimate over the bound.
    fn check(&self) -> Result<(), Refusal> {
        let open = self.table.as_ref().map_or(0, |table| {
            table
                .first_row
                .map_or(0, |first| table.last_row.saturating_sub(first))
        });
        let rows = self.widest.max(open);
        if rows > MAX_ROWS as u64 {
            return Err(Refusal::TooManyRows(rows));
        }
        let estimate = self.estimate();
        if estimate > MAX_ODS_CELL_BYTES {
            return Err(Refusal::Limit(format!(
                "表格内容展开后（重复的行和列逐一展开）约需 {} 内存，超过上限 {}",
                bytes_text(estimate),
                bytes_text(MAX_ODS_CELL_BYTES)
            )));
        }
        Ok(())
    }

    /// Ends the part (a table left open counts as it stands). calamine reads a table, and a
    /// comment in a cell, until its closing tag without stopping at the end of the part: one
    /// left open there would keep it reading for ever.
    pub fn finish(mut self) -> Result<(), Refusal> {
        if let Some(table) = &self.table {
            let unclosed = match &table.row {
                None => Some("表格（table:table）"),
                Some(row) => row
                    .cell
                    .as_ref()
                    .filter(|cell| cell.annotation)
                    .map(|_| "单元格批注（office:annotation）"),
            };
            if let Some(what) = unclosed {
                return Err(Refusal::Corrupt(format!(
                    "content.xml 中的{what}没有结束标记，内容不完整"
                )));
            }
        }
        self.end_table();
        self.check()
    }
}

#[cfg(test)]
mod tests {
    use super::super::xml::Scanner;
    use super::*;

    fn estimate(content: &str) -> Result<u64, String> {
        let text = |err: Refusal| format!("{err:?}");
        let mut model = OdsModel::default();
        let mut scanner = Scanner::new("content.xml", 1 << 20);
        scanner.feed(content.as_bytes(), &mut model).map_err(text)?;
        scanner.finish(&mut model).map_err(text)?;
        let estimate = model.estimate();
        model.finish().map_err(text)?;
        Ok(estimate)
    }

    #[test]
    fn a_small_table_is_small_and_trailing_empty_cells_cost_nothing() {
        let small = estimate(
            r#"<table:table table:name="a"><table:table-row><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell><table:table-cell table:number-columns-repeated="1020"/></table:table-row><table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table>"#,
        )
        .unwrap();
        assert!(small < 1000, "{small}");
    }

    #[test]
    fn repeated_rows_and_columns_are_refused() {
        let err = estimate(
            r#"<table:table table:name="a"><table:table-row table:number-rows-repeated="6000"><table:table-cell office:value="1" table:number-columns-repeated="16384"/></table:table-row></table:table>"#,
        )
        .unwrap_err();
        assert!(err.contains("展开"), "{err}");
        let err = estimate(
            r#"<table:table table:name="a"><table:table-row table:number-rows-repeated="1048576"><table:table-cell office:value="1" table:number-columns-repeated="16384"/></table:table-row></table:table>"#,
        )
        .unwrap_err();
        assert!(err.contains("TooManyRows(1048576)"), "{err}");
        // A row of values repeated down a far-apart second value.
        let err = estimate(
            r#"<table:table table:name="a"><table:table-row><table:table-cell office:value="1"/><table:table-cell table:number-columns-repeated="16000"/><table:table-cell office:value="1"/></table:table-row><table:table-row table:number-rows-repeated="100000"><table:table-cell/></table:table-row><table:table-row><table:table-cell office:value="1"/></table:table-row></table:table>"#,
        )
        .unwrap_err();
        assert!(err.contains("展开"), "{err}");
    }

    #[test]
    fn text_counts_by_its_bytes_not_its_markup() {
        // A row of 30,000 characters repeated over 5,000 rows: 150 MB of text in the rectangle.
        let text = "x".repeat(30_000);
        let err = estimate(&format!(
            r#"<table:table table:name="a"><table:table-row table:number-rows-repeated="5000"><table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell></table:table-row></table:table>"#
        ))
        .unwrap_err();
        assert!(err.contains("展开"), "{err}");
        // Styled markup around short text costs little.
        let cell = r#"<table:table-cell table:style-name="ce1" office:value-type="string" calcext:value-type="string"><text:p>李娜</text:p></table:table-cell>"#;
        let row = format!("<table:table-row>{}</table:table-row>", cell.repeat(10));
        let small = estimate(&format!(
            r#"<table:table table:name="a">{}</table:table>"#,
            row.repeat(100)
        ))
        .unwrap();
        assert!(small <= 1000 * (2 * 56 + 2 * (32 + 6)), "{small}");
    }

    #[test]
    fn an_unclosed_table_or_comment_is_refused() {
        let err = estimate(r#"<table:table table:name="a"><table:table-row></table:table-row>"#)
            .unwrap_err();
        assert!(err.contains("table:table"), "{err}");
        let err = estimate(
            r#"<table:table table:name="a"><table:table-row><table:table-cell office:value-type="string"><office:annotation><text:p>x</text:p></table:table-cell></table:table-row></table:table>"#,
        )
        .unwrap_err();
        assert!(err.contains("office:annotation"), "{err}");
        // Closed, both are fine; a row left open ends in an error in calamine, not a loop.
        assert!(estimate(r#"<table:table table:name="a"><table:table-row>"#).is_ok());
    }

    #[test]
    fn a_table_spanning_more_rows_than_an_import_takes_is_refused() {
        let err = estimate(
            r#"<table:table table:name="a"><table:table-row table:number-rows-repeated="233977"><table:table-cell office:value="1" office:value-type="float"/></table:table-row></table:table>"#,
        )
        .unwrap_err();
        assert!(err.contains("TooManyRows(233977)"), "{err}");
    }

    #[test]
    fn endless_spaces_are_refused() {
        let err = estimate(
            r#"<table:table table:name="a"><table:table-row><table:table-cell office:value-type="string"><text:p><text:s text:c="18446744073709551615"/></text:p></table:table-cell></table:table-row></table:table>"#,
        )
        .unwrap_err();
        assert!(err.contains("第 1 行第 1 列（A1）"), "{err}");
    }
}
