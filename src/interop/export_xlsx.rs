//! The Excel export (导出 Excel): the ledger sheet 问题整改台账 as departments keep it, the counts
//! by area and status (分类统计), and the commitments (整改承诺) and rules (制度清单) sheets.

use std::collections::HashMap;
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use super::error::{InteropError, InteropResult};
use super::ledger_rows::{LEDGER_HEADERS, LedgerData, LedgerProblem, read_ledger};
use crate::atomic_file::write_atomically;
use crate::domain::{Deadline, MeasureStatus};
use crate::store::Store;

/// The ledger sheet's name.
pub const LEDGER_SHEET: &str = "问题整改台账";
/// The statistics sheet's name.
pub const STATS_SHEET: &str = "分类统计";
/// The commitments sheet's name.
pub const COMMITMENTS_SHEET: &str = "整改承诺";
/// The rules sheet's name.
pub const RULES_SHEET: &str = "制度清单";

/// Excel's paper size code for A4.
const PAPER_A4: u8 = 9;
/// Column widths of the ledger sheet, in characters, matching [`LEDGER_HEADERS`].
const LEDGER_WIDTHS: [f64; 10] = [6.0, 16.0, 36.0, 40.0, 10.0, 14.0, 10.0, 12.0, 30.0, 8.0];

/// How the ledger sheet lays a problem over its measure rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LedgerLayout {
    /// The problem's number, category and text merged over its measure rows, as ledgers are
    /// printed.
    #[default]
    Merged,
    /// The problem's number, category and text repeated on each of its measure rows, so that
    /// 筛选 and 排序 keep every row whole (as 政务 systems export ledgers).
    Flat,
}

/// What an export wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportReport {
    /// Problems written.
    pub problems: usize,
    /// Measure rows written.
    pub measures: usize,
    /// The file's size in bytes.
    pub bytes: u64,
}

/// The cell formats used throughout the workbook (and the aggregate's).
pub(super) struct Formats {
    pub(super) title: Format,
    pub(super) header: Format,
    pub(super) text: Format,
    pub(super) centred: Format,
    pub(super) date: Format,
    pub(super) percent: Format,
}

impl Formats {
    pub(super) fn new() -> Self {
        let cell = Format::new()
            .set_border(FormatBorder::Thin)
            .set_text_wrap()
            .set_align(FormatAlign::VerticalCenter);
        Self {
            title: Format::new()
                .set_bold()
                .set_font_size(16)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            header: cell
                .clone()
                .set_bold()
                .set_background_color("#D9E1F2")
                .set_align(FormatAlign::Center),
            centred: cell.clone().set_align(FormatAlign::Center),
            date: cell
                .clone()
                .set_align(FormatAlign::Center)
                .set_num_format("yyyy-mm-dd"),
            percent: cell.clone().set_num_format("0.0%"),
            text: cell,
        }
    }
}

/// Writes the workbook of `store`'s working data to `path` atomically, its ledger sheet laid
/// out as `layout` says.
pub fn export_xlsx(
    store: &Store,
    path: &Path,
    layout: LedgerLayout,
) -> InteropResult<ExportReport> {
    let ledger = read_ledger(store)?;
    let bytes = workbook_bytes(store, &ledger, layout)?;
    write_atomically(path, &bytes).map_err(|err| InteropError::io(path, err))?;
    Ok(ExportReport {
        problems: ledger.problems.len(),
        measures: ledger.problems.iter().map(|p| p.measures.len()).sum(),
        bytes: bytes.len() as u64,
    })
}

/// Writes `ledger` alone to `path` atomically: its 问题整改台账 and 分类统计 sheets, without the
/// commitments and rules. For part of the ledger, such as the problems the 问题清单's filters
/// leave, whose [`LedgerData::selection`] the titles then carry.
pub fn export_ledger_xlsx(ledger: &LedgerData, path: &Path) -> InteropResult<ExportReport> {
    let formats = Formats::new();
    let mut workbook = Workbook::new();
    ledger_sheet(
        workbook.add_worksheet(),
        ledger,
        &formats,
        LedgerLayout::Merged,
    )?;
    stats_sheet(workbook.add_worksheet(), ledger, &formats)?;
    let bytes = workbook.save_to_buffer()?;
    write_atomically(path, &bytes).map_err(|err| InteropError::io(path, err))?;
    Ok(ExportReport {
        problems: ledger.problems.len(),
        measures: ledger.problems.iter().map(|p| p.measures.len()).sum(),
        bytes: bytes.len() as u64,
    })
}

/// Builds the whole workbook in memory.
fn workbook_bytes(
    store: &Store,
    ledger: &LedgerData,
    layout: LedgerLayout,
) -> InteropResult<Vec<u8>> {
    let formats = Formats::new();
    let mut workbook = Workbook::new();
    ledger_sheet(workbook.add_worksheet(), ledger, &formats, layout)?;
    stats_sheet(workbook.add_worksheet(), ledger, &formats)?;
    commitments_sheet(workbook.add_worksheet(), store, &formats)?;
    rules_sheet(workbook.add_worksheet(), store, &formats)?;
    Ok(workbook.save_to_buffer()?)
}

/// A4 landscape, the rows up to `header_row` repeated on every page, fitted to the page width.
fn print_setup(sheet: &mut Worksheet, header_row: u32) -> Result<(), XlsxError> {
    sheet
        .set_paper_size(PAPER_A4)
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_print_center_horizontally(true)
        .set_footer("&C第 &P 页 共 &N 页");
    sheet.set_repeat_rows(header_row, header_row)?;
    Ok(())
}

/// A title row merged across `columns` and a header row below it.
pub(super) fn title_and_header(
    sheet: &mut Worksheet,
    title: &str,
    headers: &[&str],
    widths: &[f64],
    formats: &Formats,
) -> Result<(), XlsxError> {
    let last_col = headers.len().saturating_sub(1) as u16;
    sheet.merge_range(0, 0, 0, last_col, title, &formats.title)?;
    sheet.set_row_height(0, 30)?;
    for (col, (header, width)) in headers.iter().zip(widths).enumerate() {
        sheet.write_string_with_format(1, col as u16, *header, &formats.header)?;
        sheet.set_column_width(col as u16, *width)?;
    }
    sheet.set_freeze_panes(2, 0)?;
    print_setup(sheet, 1)
}

/// Writes `text` over rows `first..=last` of `col`, merged when it spans more than one row.
fn write_spanning(
    sheet: &mut Worksheet,
    (first, last): (u32, u32),
    col: u16,
    text: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    if last > first {
        sheet.merge_range(first, col, last, col, text, format)?;
    } else {
        sheet.write_string_with_format(first, col, text, format)?;
    }
    Ok(())
}

/// An Excel date for a calendar date.
fn excel_date(date: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(date.year() as u16, date.month() as u8, date.day() as u8)
}

/// Writes `ledger` as the 问题整改台账 sheet: title, header, one row per measure with the problem's
/// cells merged over them or repeated on each, as `layout` says.
pub(super) fn ledger_sheet(
    sheet: &mut Worksheet,
    ledger: &LedgerData,
    formats: &Formats,
    layout: LedgerLayout,
) -> Result<(), XlsxError> {
    sheet.set_name(LEDGER_SHEET)?;
    title_and_header(
        sheet,
        &ledger.title(),
        &LEDGER_HEADERS,
        &LEDGER_WIDTHS,
        formats,
    )?;
    let mut row: u32 = 2;
    for problem in &ledger.problems {
        let span = problem.measures.len().max(1) as u32;
        let rows = (row, row + span - 1);
        if layout == LedgerLayout::Flat {
            for r in rows.0..=rows.1 {
                sheet.write_number_with_format(r, 0, problem.number as f64, &formats.centred)?;
                sheet.write_string_with_format(r, 1, &problem.category, &formats.text)?;
                sheet.write_string_with_format(r, 2, &problem.description, &formats.text)?;
            }
        } else {
            if span > 1 {
                // The number cell is merged too, so that the problem's rows read as one block;
                // the number itself is written into the merged cell afterwards so it stays a
                // number.
                sheet.merge_range(rows.0, 0, rows.1, 0, "", &formats.centred)?;
            }
            sheet.write_number_with_format(row, 0, problem.number as f64, &formats.centred)?;
            write_spanning(sheet, rows, 1, &problem.category, &formats.text)?;
            write_spanning(sheet, rows, 2, &problem.description, &formats.text)?;
        }
        if problem.measures.is_empty() {
            for col in 3..10 {
                sheet.write_string_with_format(row, col, "", &formats.text)?;
            }
        }
        for (offset, measure) in problem.measures.iter().enumerate() {
            let r = row + offset as u32;
            sheet.write_string_with_format(r, 3, &measure.content, &formats.text)?;
            sheet.write_string_with_format(r, 4, &measure.leader, &formats.centred)?;
            sheet.write_string_with_format(r, 5, &measure.division, &formats.centred)?;
            sheet.write_string_with_format(r, 6, &measure.person, &formats.centred)?;
            match measure.deadline {
                Some(Deadline::Date(date)) => {
                    sheet.write_datetime_with_format(r, 7, excel_date(date)?, &formats.date)?;
                }
                Some(Deadline::LongTerm) => {
                    sheet.write_string_with_format(r, 7, "长期坚持", &formats.centred)?;
                }
                None => {
                    sheet.write_string_with_format(r, 7, "", &formats.centred)?;
                }
            }
            sheet.write_string_with_format(r, 8, &measure.progress, &formats.text)?;
            sheet.write_string_with_format(r, 9, measure.status.label(), &formats.centred)?;
        }
        row += span;
    }
    Ok(())
}

/// Measures counted by status for one area.
#[derive(Default, Clone, Copy)]
struct AreaCounts {
    problems: u32,
    measures: u32,
    by_status: [u32; 4],
}

impl AreaCounts {
    fn add(&mut self, problem: &LedgerProblem) {
        self.problems += 1;
        for measure in &problem.measures {
            self.measures += 1;
            let slot = match measure.status {
                MeasureStatus::NotStarted => 0,
                MeasureStatus::InProgress => 1,
                MeasureStatus::Completed => 2,
                MeasureStatus::Closed => 3,
            };
            self.by_status[slot] += 1;
        }
    }

    fn merge(&mut self, other: AreaCounts) {
        self.problems += other.problems;
        self.measures += other.measures;
        for (mine, theirs) in self.by_status.iter_mut().zip(other.by_status) {
            *mine += theirs;
        }
    }
}

fn stats_sheet(
    sheet: &mut Worksheet,
    ledger: &LedgerData,
    formats: &Formats,
) -> Result<(), XlsxError> {
    const HEADERS: [&str; 8] = [
        "问题类别",
        "问题数",
        "措施数",
        "未启动",
        "整改中",
        "已完成",
        "已销号",
        "完成率",
    ];
    const WIDTHS: [f64; 8] = [40.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0];
    sheet.set_name(STATS_SHEET)?;
    let title = format!("{} 分类统计", ledger.title());
    title_and_header(sheet, &title, &HEADERS, &WIDTHS, formats)?;
    let mut by_area: HashMap<&str, AreaCounts> = HashMap::new();
    for problem in &ledger.problems {
        by_area
            .entry(problem.area.as_str())
            .or_default()
            .add(problem);
    }
    // Areas in taxonomy order, then any area no longer in the tree, then the unclassified ones.
    let mut names: Vec<&str> = ledger.areas.iter().map(String::as_str).collect();
    let mut others: Vec<&str> = by_area
        .keys()
        .copied()
        .filter(|name| !name.is_empty() && !names.contains(name))
        .collect();
    others.sort_unstable();
    names.extend(others);
    names.push("");
    let mut total = AreaCounts::default();
    let mut row: u32 = 2;
    for name in names {
        let counts = by_area.get(name).copied().unwrap_or_default();
        if name.is_empty() && counts.problems == 0 {
            continue;
        }
        total.merge(counts);
        let label = if name.is_empty() { "未分类" } else { name };
        stats_row(sheet, row, label, counts, formats)?;
        row += 1;
    }
    stats_row(sheet, row, "合计", total, formats)
}

fn stats_row(
    sheet: &mut Worksheet,
    row: u32,
    label: &str,
    counts: AreaCounts,
    formats: &Formats,
) -> Result<(), XlsxError> {
    sheet.write_string_with_format(row, 0, label, &formats.text)?;
    let numbers = [counts.problems, counts.measures]
        .into_iter()
        .chain(counts.by_status);
    for (col, value) in numbers.enumerate() {
        sheet.write_number_with_format(row, col as u16 + 1, f64::from(value), &formats.centred)?;
    }
    let done = counts.by_status[2] + counts.by_status[3];
    let rate = if counts.measures == 0 {
        0.0
    } else {
        f64::from(done) / f64::from(counts.measures)
    };
    sheet.write_number_with_format(row, 7, rate, &formats.percent)?;
    Ok(())
}

/// Writes an optional date cell: a real date, or an empty bordered cell.
fn write_optional_date(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    date: Option<NaiveDate>,
    formats: &Formats,
) -> Result<(), XlsxError> {
    match date {
        Some(date) => sheet.write_datetime_with_format(row, col, excel_date(date)?, &formats.date),
        None => sheet.write_string_with_format(row, col, "", &formats.centred),
    }?;
    Ok(())
}

fn commitments_sheet(sheet: &mut Worksheet, store: &Store, formats: &Formats) -> InteropResult<()> {
    const HEADERS: [&str; 6] = [
        "序号",
        "承诺内容",
        "承诺对象",
        "公开方式",
        "完成时限",
        "兑现情况",
    ];
    const WIDTHS: [f64; 6] = [6.0, 50.0, 16.0, 18.0, 12.0, 10.0];
    sheet.set_name(COMMITMENTS_SHEET)?;
    let unit = store.unit()?.map(|unit| unit.name).unwrap_or_default();
    title_and_header(
        sheet,
        &format!("{unit} 整改承诺"),
        &HEADERS,
        &WIDTHS,
        formats,
    )?;
    for (index, commitment) in store.commitments()?.iter().enumerate() {
        let row = index as u32 + 2;
        sheet.write_number_with_format(row, 0, (index + 1) as f64, &formats.centred)?;
        sheet.write_string_with_format(row, 1, &commitment.content, &formats.text)?;
        sheet.write_string_with_format(row, 2, &commitment.audience, &formats.centred)?;
        sheet.write_string_with_format(row, 3, &commitment.publicity, &formats.centred)?;
        write_optional_date(sheet, row, 4, commitment.due_on, formats)?;
        sheet.write_string_with_format(row, 5, commitment.state.label(), &formats.centred)?;
    }
    Ok(())
}

fn rules_sheet(sheet: &mut Worksheet, store: &Store, formats: &Formats) -> InteropResult<()> {
    const HEADERS: [&str; 7] = [
        "序号",
        "制度名称",
        "类型",
        "文号",
        "印发日期",
        "针对问题序号",
        "备注",
    ];
    const WIDTHS: [f64; 7] = [6.0, 36.0, 8.0, 22.0, 12.0, 16.0, 30.0];
    sheet.set_name(RULES_SHEET)?;
    let unit = store.unit()?.map(|unit| unit.name).unwrap_or_default();
    title_and_header(
        sheet,
        &format!("{unit} 制度清单"),
        &HEADERS,
        &WIDTHS,
        formats,
    )?;
    let numbers: HashMap<_, i64> = store
        .problems()?
        .into_iter()
        .map(|problem| (problem.id, problem.number))
        .collect();
    for (index, rule) in store.rules()?.iter().enumerate() {
        let row = index as u32 + 2;
        let linked: Vec<String> = rule
            .problem_ids
            .iter()
            .filter_map(|id| numbers.get(id))
            .map(i64::to_string)
            .collect();
        sheet.write_number_with_format(row, 0, (index + 1) as f64, &formats.centred)?;
        sheet.write_string_with_format(row, 1, &rule.name, &formats.text)?;
        sheet.write_string_with_format(row, 2, rule.kind.label(), &formats.centred)?;
        sheet.write_string_with_format(row, 3, &rule.doc_number, &formats.centred)?;
        write_optional_date(sheet, row, 4, rule.issued_on, formats)?;
        sheet.write_string_with_format(row, 5, linked.join("、"), &formats.centred)?;
        sheet.write_string_with_format(row, 6, &rule.note, &formats.text)?;
    }
    Ok(())
}
