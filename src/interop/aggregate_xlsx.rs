//! The superior office's consolidated workbook (汇总表): one sheet with a line per unit and the
//! totals, then each unit's ledger on a sheet of its own, laid out like a unit's export.

use std::collections::HashSet;
use std::path::Path;

use chrono::NaiveDate;
use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

use super::error::{InteropError, InteropResult};
use super::export_xlsx::{ExportReport, Formats, LedgerLayout, ledger_sheet, title_and_header};
use super::ledger_rows::ledger_of;
use crate::atomic_file::write_atomically;
use crate::domain::date::local_time_text;
use crate::store::{Store, Summary};
use crate::view::{
    AggregateView, CountColumn, Figure, UNIT_COUNT_COLUMNS, UnitLine, WORKBOOK_EXTRA_COLUMNS,
};

/// The summary sheet's name.
pub const AGGREGATE_SHEET: &str = "各单位汇总";

/// The summary sheet's first columns, which name the unit and its revision, with their widths.
const UNIT_COLUMNS: [(&str, f64); 5] = [
    ("序号", 6.0),
    ("单位", 24.0),
    ("报送版本", 9.0),
    ("签发时间", 18.0),
    ("接收时间", 18.0),
];

/// The count columns after them: those every per-unit table shows, then the workbook's own.
fn count_columns() -> impl Iterator<Item = CountColumn> {
    UNIT_COUNT_COLUMNS.into_iter().chain(WORKBOOK_EXTRA_COLUMNS)
}

/// A count column's width in characters, wide enough for its header.
fn count_width(column: CountColumn) -> f64 {
    match column {
        CountColumn::Overdue => 10.0,
        CountColumn::Commitments => 9.0,
        CountColumn::CompletionRate => 8.0,
        _ => 7.0,
    }
}

/// Writes the consolidated workbook of the aggregate `store` as of `today` to `path`.
pub fn export_aggregate_xlsx(
    store: &Store,
    path: &Path,
    today: NaiveDate,
) -> InteropResult<ExportReport> {
    let view = AggregateView::load_required(store, today)?;
    let (headers, widths): (Vec<&str>, Vec<f64>) = UNIT_COLUMNS
        .into_iter()
        .chain(count_columns().map(|column| (column.header(), count_width(column))))
        .unzip();
    let formats = Formats::new();
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(AGGREGATE_SHEET)?;
    title_and_header(
        sheet,
        &format!("{} 各单位整改情况汇总表（{today}）", view.office.name),
        &headers,
        &widths,
        &formats,
    )?;
    let mut row = 2;
    for (index, line) in view.units.iter().enumerate() {
        write_unit_line(sheet, row, &formats, index + 1, line)?;
        row += 1;
    }
    write_line(
        sheet,
        row,
        &formats,
        &["", "合计", "", "", ""].map(str::to_owned),
        &view.total,
    )?;

    let mut names = HashSet::new();
    let mut measures = 0;
    for line in &view.units {
        let received = &line.received;
        let ledger = ledger_of(store.received_snapshot(received.id)?);
        measures += ledger
            .problems
            .iter()
            .map(|p| p.measures.len())
            .sum::<usize>();
        let sheet = workbook.add_worksheet();
        ledger_sheet(sheet, &ledger, &formats, LedgerLayout::Merged)?;
        sheet.set_name(sheet_name(&received.unit, &mut names))?;
    }
    let bytes = workbook.save_to_buffer()?;
    write_atomically(path, &bytes).map_err(|err| InteropError::io(path, err))?;
    Ok(ExportReport {
        problems: view.total.problems as usize,
        measures,
        bytes: bytes.len() as u64,
    })
}

/// The summary sheet's line for unit number `number`.
fn write_unit_line(
    sheet: &mut Worksheet,
    row: u32,
    formats: &Formats,
    number: usize,
    line: &UnitLine,
) -> Result<(), XlsxError> {
    let received = &line.received;
    let unit_cells = [
        number.to_string(),
        received.unit.clone(),
        format!("第 {} 版", received.revision),
        local_time_text(&received.signed_at, "%Y-%m-%d %H:%M"),
        local_time_text(&received.received_at, "%Y-%m-%d %H:%M"),
    ];
    write_line(sheet, row, formats, &unit_cells, &line.summary)
}

/// One line of the summary sheet: the cells that name the unit, then its counts.
fn write_line(
    sheet: &mut Worksheet,
    row: u32,
    formats: &Formats,
    unit_cells: &[String; 5],
    counts: &Summary,
) -> Result<(), XlsxError> {
    for (col, text) in unit_cells.iter().enumerate() {
        // The unit's name reads best flush left, like text in the ledger sheets.
        let format = if col == 1 {
            &formats.text
        } else {
            &formats.centred
        };
        sheet.write_string_with_format(row, col as u16, text, format)?;
    }
    for (offset, column) in count_columns().enumerate() {
        let col = (unit_cells.len() + offset) as u16;
        match column.figure(counts) {
            Figure::Count(count) => {
                sheet.write_number_with_format(row, col, count as f64, &formats.centred)?
            }
            Figure::Rate(rate) => {
                sheet.write_number_with_format(row, col, rate, &formats.percent)?
            }
        };
    }
    Ok(())
}

/// A sheet name from a unit's name: Excel allows 31 characters and none of `[]:*?/\`; names
/// that come out the same get a number.
fn sheet_name(unit: &str, taken: &mut HashSet<String>) -> String {
    let base: String = unit
        .chars()
        .map(|c| if r"[]:*?/\".contains(c) { '_' } else { c })
        .take(28)
        .collect();
    let base = if base.trim().is_empty() {
        "单位".to_owned()
    } else {
        base
    };
    let mut name = base.clone();
    let mut counter = 2;
    while !taken.insert(name.to_lowercase()) {
        name = format!("{base}{counter}");
        counter += 1;
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let mut taken = HashSet::new();
        assert_eq!(sheet_name("市行政审批局", &mut taken), "市行政审批局");
        assert_eq!(sheet_name("市行政审批局", &mut taken), "市行政审批局2");
        assert_eq!(sheet_name("a/b:c", &mut taken), "a_b_c");
        assert_eq!(sheet_name(&"很".repeat(40), &mut taken).chars().count(), 28);
    }
}
