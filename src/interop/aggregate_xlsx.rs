//! The superior office's consolidated workbook (汇总表): one sheet with a line per unit and the
//! totals, then each unit's ledger on a sheet of its own, laid out like a unit's export.

use std::collections::HashSet;
use std::path::Path;

use chrono::NaiveDate;
use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

use super::error::{InteropError, InteropResult};
use super::export_xlsx::{ExportReport, Formats, ledger_sheet, title_and_header};
use super::ledger_rows::ledger_of;
use crate::atomic_file::write_atomically;
use crate::domain::date::local_time_text;
use crate::store::{Store, StoreError, Summary};

/// The summary sheet's name.
pub const AGGREGATE_SHEET: &str = "各单位汇总";

const HEADERS: [&str; 15] = [
    "序号",
    "单位",
    "报送版本",
    "签发时间",
    "接收时间",
    "问题",
    "措施",
    "未启动",
    "整改中",
    "已完成",
    "已销号",
    "逾期未完成",
    "完成率",
    "整改承诺",
    "制度",
];
const WIDTHS: [f64; 15] = [
    6.0, 24.0, 9.0, 18.0, 18.0, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 10.0, 8.0, 9.0, 7.0,
];

/// Writes the consolidated workbook of the aggregate `store` as of `today` to `path`.
pub fn export_aggregate_xlsx(
    store: &Store,
    path: &Path,
    today: NaiveDate,
) -> InteropResult<ExportReport> {
    let office = store.office()?.ok_or(StoreError::NotAggregate)?;
    let summary = store.aggregate_summary(today)?;
    let latest = store.latest_received()?;
    let formats = Formats::new();
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(AGGREGATE_SHEET)?;
    title_and_header(
        sheet,
        &format!("{} 各单位整改情况汇总表({today})", office.name),
        &HEADERS,
        &WIDTHS,
        &formats,
    )?;
    let mut row = 2;
    for (index, (received, unit)) in latest.iter().zip(&summary.per_unit).enumerate() {
        let times = [received.signed_at.as_str(), received.received_at.as_str()];
        write_line(
            sheet,
            row,
            &formats,
            &(index + 1).to_string(),
            &unit.unit,
            Some(received.revision),
            times,
            &unit.summary,
        )?;
        row += 1;
    }
    write_line(
        sheet,
        row,
        &formats,
        "",
        "合计",
        None,
        ["", ""],
        &summary.total,
    )?;

    let mut names = HashSet::new();
    let mut measures = 0;
    for received in &latest {
        let ledger = ledger_of(store.received_snapshot(received.id)?);
        measures += ledger
            .problems
            .iter()
            .map(|p| p.measures.len())
            .sum::<usize>();
        let sheet = workbook.add_worksheet();
        ledger_sheet(sheet, &ledger, &formats)?;
        sheet.set_name(sheet_name(&received.unit, &mut names))?;
    }
    let bytes = workbook.save_to_buffer()?;
    write_atomically(path, &bytes).map_err(|err| InteropError::io(path, err))?;
    Ok(ExportReport {
        problems: summary.total.problems as usize,
        measures,
        bytes: bytes.len() as u64,
    })
}

/// One line of the summary sheet.
#[allow(clippy::too_many_arguments)]
fn write_line(
    sheet: &mut Worksheet,
    row: u32,
    formats: &Formats,
    number: &str,
    unit: &str,
    revision: Option<i64>,
    times: [&str; 2],
    counts: &Summary,
) -> Result<(), XlsxError> {
    let by_status = &counts.measures_by_status;
    sheet.write_string_with_format(row, 0, number, &formats.centred)?;
    sheet.write_string_with_format(row, 1, unit, &formats.text)?;
    let revision = revision.map_or_else(String::new, |number| format!("第 {number} 版"));
    sheet.write_string_with_format(row, 2, revision, &formats.centred)?;
    for (offset, time) in times.iter().enumerate() {
        sheet.write_string_with_format(
            row,
            3 + offset as u16,
            local_time_text(time, "%Y-%m-%d %H:%M"),
            &formats.centred,
        )?;
    }
    let numbers = [
        counts.problems,
        counts.measures,
        by_status.not_started,
        by_status.in_progress,
        by_status.completed,
        by_status.closed,
        counts.overdue,
    ];
    for (offset, value) in numbers.iter().enumerate() {
        sheet.write_number_with_format(row, 5 + offset as u16, *value as f64, &formats.centred)?;
    }
    sheet.write_number_with_format(row, 12, counts.completion_rate(), &formats.percent)?;
    sheet.write_number_with_format(row, 13, counts.commitments as f64, &formats.centred)?;
    sheet.write_number_with_format(row, 14, counts.rules as f64, &formats.centred)?;
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
