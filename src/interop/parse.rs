//! Turning a sheet's rows into problems and measures, the way people lay ledgers out: a problem
//! cell merged over several measure rows (or left empty below the problem) continues the
//! problem above, blank rows separate, a repeated header or a 合计 row is passed over.
//!
//! Flat ledgers repeat the problem on each of its measure rows (a 政务 system's export, a
//! filter-and-copy in WPS). With [`ParseOptions::group_repeated_rows`] such a row continues the
//! problem above when it repeats its 问题表现 (and its category, when it gives one) and its
//! 编号 is the same or absent. A 编号 that changes starts a new problem even under the same
//! text, unless every row carries a 编号 of its own: then the column counts rows, not
//! problems, and only the text groups.
//!
//! Unknown columns are kept: their text goes into the problem's 典型事例 (example) as lines
//! 「列名:值」, after any real example. They usually describe the problem (备注, 问题来源,
//! 发现时间), the example is free text shown in the problem editor, and the measure's progress
//! stays the ledger's own 进展情况.
//!
//! Cells of one-line fields such as 类别、责任主体、部门 and the people, typed over several lines
//! with Alt+Enter, are joined into one line, which is what those fields hold.

use chrono::NaiveDate;

use super::cells::{CellValue, DeadlineCell, parse_status, read_deadline};
use super::columns::{ColumnMapping, ColumnRole, LedgerField};
use super::read_sheet::Grid;
use crate::domain::text::to_one_line;
use crate::domain::{Deadline, MeasureStatus};

/// A note about one row: why it was skipped, or what was changed while importing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowNote {
    /// The sheet the row is on.
    pub sheet: String,
    /// The 1-based row number as the spreadsheet shows it.
    pub row: usize,
    /// What happened, in Chinese.
    pub reason: String,
}

impl RowNote {
    /// Where the row is, for a message: 「第 12 行」 or, when an import read several sheets,
    /// 「工作表「环保类」第 12 行」.
    pub fn place(&self, sheets: usize) -> String {
        if sheets > 1 {
            format!("工作表「{}」第 {} 行", self.sheet, self.row)
        } else {
            format!("第 {} 行", self.row)
        }
    }
}

/// A measure read from one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedMeasure {
    /// Its row number.
    pub row: usize,
    /// 整改措施.
    pub content: String,
    /// 整改目标.
    pub goal: String,
    /// 责任领导.
    pub leader: String,
    /// 责任部门.
    pub division: String,
    /// 责任人.
    pub person: String,
    /// 整改时限, if readable.
    pub deadline: Option<Deadline>,
    /// 进展情况.
    pub progress: String,
    /// The status the row states (or implies).
    pub status: MeasureStatus,
}

/// A problem read from its first row and the rows continuing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedProblem {
    /// The row it starts on.
    pub row: usize,
    /// 问题类别 as written.
    pub category: String,
    /// 问题表现.
    pub description: String,
    /// 责任主体.
    pub subject: String,
    /// 典型事例, with the unknown columns' lines appended.
    pub example: String,
    /// 原因剖析.
    pub cause: String,
    /// Its measures in row order.
    pub measures: Vec<ParsedMeasure>,
}

/// The rows of a sheet as problems, with the rows passed over and the notes on rows read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedLedger {
    /// The problems.
    pub problems: Vec<ParsedProblem>,
    /// Rows not imported, with why.
    pub skipped: Vec<RowNote>,
    /// Rows imported with a change (an unreadable date left empty, an unknown status).
    pub warnings: Vec<RowNote>,
    /// Empty rows passed over.
    pub blank_rows: usize,
    /// Rows read into a problem or a measure.
    pub rows_read: usize,
}

/// How the sheet's name is used for rows that leave a field empty (a workbook with one sheet
/// per category or per department).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SheetNameUse {
    /// Not used.
    #[default]
    Unused,
    /// As the 问题类别 of problems without one.
    Category,
    /// As the 责任部门 of measures without one.
    Division,
}

impl SheetNameUse {
    /// The choice's Chinese name, for the import dialog.
    pub fn label(self) -> &'static str {
        match self {
            Self::Unused => "不使用表名",
            Self::Category => "表名作为问题类别",
            Self::Division => "表名作为责任部门",
        }
    }
}

/// How to read one sheet's rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseOptions {
    /// The year that completes dates written without one（6月底）.
    pub year: i32,
    /// Whether rows repeating the problem above (flat ledgers) join it; see the module's notes.
    pub group_repeated_rows: bool,
    /// How the sheet's name fills empty fields.
    pub sheet_name_as: SheetNameUse,
}

/// Words that start a row closing the table rather than a problem.
const FOOTER_WORDS: [&str; 9] = [
    "合计",
    "小计",
    "总计",
    "填表人",
    "填报人",
    "审核人",
    "负责人签字",
    "注：",
    "备注：",
];

/// Reads `grid` with `mapping` as `options` say.
pub fn parse_rows(grid: &Grid, mapping: &ColumnMapping, options: ParseOptions) -> ParsedLedger {
    let ParseOptions {
        year,
        group_repeated_rows,
        sheet_name_as,
    } = options;
    let mut parsed = ParsedLedger::default();
    let mut current: Option<ParsedProblem> = None;
    // The 编号 of the problem being read, from the last row that gave one.
    let mut current_number = String::new();
    let numbers_count_rows = numbers_count_rows(grid, mapping);
    let note = |row: usize, reason: String| RowNote {
        sheet: grid.sheet.clone(),
        row,
        reason,
    };
    for (index, cells) in grid.rows.iter().enumerate().skip(mapping.data_start) {
        let row = grid.row_number(index);
        let field = |field: LedgerField| -> String {
            mapping
                .column_of(field)
                .and_then(|column| cells.get(column))
                .map(CellValue::text)
                .unwrap_or_default()
        };
        let used = mapping
            .columns
            .iter()
            .zip(cells)
            .any(|(role, cell)| *role != ColumnRole::Ignore && !cell.is_empty());
        if !used {
            parsed.blank_rows += 1;
            continue;
        }
        let description = field(LedgerField::Description);
        let content = field(LedgerField::Measure);
        let first_text = first_text(cells);
        if is_repeated_header(grid, mapping, &description, &content) {
            parsed
                .skipped
                .push(note(row, "重复的表头行，已跳过".into()));
            continue;
        }
        if is_footer(cells) {
            parsed.skipped.push(note(
                row,
                format!(
                    "「{}」是合计或落款行，不是问题，已跳过",
                    shorten(&first_text)
                ),
            ));
            continue;
        }
        let number = field(LedgerField::Number);
        let category = to_one_line(&field(LedgerField::Category));
        let field_text = |which: LedgerField| {
            if which == LedgerField::Subject {
                to_one_line(&field(which))
            } else {
                field(which)
            }
        };
        // A row repeating the problem joins it only when it says nothing else of the problem
        // than what the problem already says: a different 典型事例 or 原因 is another problem.
        // The problem's 典型事例 may have gained lines of unknown columns after its own text.
        let same_or_empty = |field: LedgerField, known: &str| {
            let text = field_text(field);
            text.is_empty() || text == known || known.starts_with(&format!("{text}\n"))
        };
        let continues = current.as_ref().is_some_and(|problem| {
            description.is_empty()
                || (group_repeated_rows
                    && description == problem.description
                    && (category.is_empty() || category == problem.category)
                    && same_or_empty(LedgerField::Subject, &problem.subject)
                    && same_or_empty(LedgerField::Example, &problem.example)
                    && same_or_empty(LedgerField::Cause, &problem.cause)
                    && (numbers_count_rows || number.is_empty() || number == current_number))
        });
        if continues {
            if !description.is_empty() && !number.is_empty() && number != current_number {
                // Numbers that count rows cannot tell two problems of the same text apart, so
                // the clerk is told where rows were joined across a change of 编号.
                parsed.warnings.push(note(
                    row,
                    format!(
                        "编号「{}」与上一行不同，但问题表现相同，已并入上一行的问题；如是两个问题，请取消「合并重复的问题行」后重新导入",
                        shorten(&number)
                    ),
                ));
            }
            if !number.is_empty() {
                current_number.clone_from(&number);
            }
        } else {
            if description.is_empty() {
                parsed.skipped.push(note(
                    row,
                    "没有填写问题表现，上方也没有可归属的问题，已跳过".into(),
                ));
                continue;
            }
            if group_repeated_rows
                && !numbers_count_rows
                && !number.is_empty()
                && number == current_number
            {
                parsed.warnings.push(note(
                    row,
                    format!(
                        "与上一行编号同为「{}」，但问题内容不同，已作为另一个问题导入",
                        shorten(&number)
                    ),
                ));
            }
            current_number.clone_from(&number);
            if let Some(done) = current.take() {
                parsed.problems.push(done);
            }
            current = Some(ParsedProblem {
                row,
                category: if category.is_empty() && sheet_name_as == SheetNameUse::Category {
                    grid.sheet.trim().to_owned()
                } else {
                    category
                },
                description: description.clone(),
                subject: to_one_line(&field(LedgerField::Subject)),
                example: field(LedgerField::Example),
                cause: field(LedgerField::Cause),
                measures: Vec::new(),
            });
        }
        let Some(problem) = current.as_mut() else {
            continue;
        };
        parsed.rows_read += 1;
        keep_unknown_columns(problem, mapping, cells);
        if content.is_empty() {
            if continues {
                parsed.rows_read -= 1;
                parsed
                    .skipped
                    .push(note(row, "没有填写整改措施，已跳过".into()));
            }
            continue;
        }
        let deadline_cell = mapping
            .column_of(LedgerField::Deadline)
            .and_then(|column| cells.get(column))
            .unwrap_or(&CellValue::Empty);
        let deadline = match read_deadline(deadline_cell, year) {
            DeadlineCell::Empty => None,
            DeadlineCell::Deadline(deadline) => Some(deadline),
            DeadlineCell::Unreadable => {
                parsed.warnings.push(note(
                    row,
                    format!(
                        "整改时限「{}」无法识别为日期，已留空，请导入后补填",
                        shorten(&deadline_cell.text())
                    ),
                ));
                None
            }
        };
        let progress = field(LedgerField::Progress);
        let status_text = field(LedgerField::Status);
        let status = parse_status(&status_text)
            .or_else(|| parse_status(&progress).filter(|_| status_text.is_empty()))
            .unwrap_or_else(|| {
                if !status_text.is_empty() && !status_text.contains("未销号") && status_text != "否"
                {
                    parsed.warnings.push(note(
                        row,
                        format!(
                            "状态「{}」无法识别，已按{}导入",
                            shorten(&status_text),
                            default_status(&progress).label()
                        ),
                    ));
                }
                default_status(&progress)
            });
        problem.measures.push(ParsedMeasure {
            row,
            content,
            goal: field(LedgerField::Goal),
            leader: to_one_line(&field(LedgerField::Leader)),
            division: match to_one_line(&field(LedgerField::Division)) {
                division if division.is_empty() && sheet_name_as == SheetNameUse::Division => {
                    grid.sheet.trim().to_owned()
                }
                division => division,
            },
            person: to_one_line(&field(LedgerField::Person)),
            deadline,
            progress,
            status,
        });
    }
    if let Some(done) = current {
        parsed.problems.push(done);
    }
    parsed
}

/// The text of a row's first non-empty cell.
fn first_text(cells: &[CellValue]) -> String {
    cells
        .iter()
        .find(|cell| !cell.is_empty())
        .map(CellValue::text)
        .unwrap_or_default()
}

/// Whether a row closes the table（合计、填表人、注：……）rather than holding a problem. A 注 or
/// 备注 line ends a ledger whichever colon the clerk typed after it.
fn is_footer(cells: &[CellValue]) -> bool {
    let compact: String = first_text(cells)
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == ':' { '：' } else { c })
        .collect();
    FOOTER_WORDS.iter().any(|word| compact.starts_with(word))
}

/// Whether the 编号 column numbers rows rather than problems: every data row carries a number,
/// no two rows in a row share one, and rows in a row often repeat the same problem under
/// different numbers (at least two such pairs, and one for every ten rows). Such numbers cannot
/// tell whether rows belong together, so only repeated text groups them. A ledger whose problems
/// each have one measure has a 编号 on every row too, but there problems of the same text side
/// by side are rare, and the numbers keep them apart.
fn numbers_count_rows(grid: &Grid, mapping: &ColumnMapping) -> bool {
    let (Some(number), Some(description)) = (
        mapping.column_of(LedgerField::Number),
        mapping.column_of(LedgerField::Description),
    ) else {
        return false;
    };
    let text_at = |cells: &[CellValue], column: usize| -> String {
        cells.get(column).map(CellValue::text).unwrap_or_default()
    };
    let category_at = |cells: &[CellValue]| {
        mapping
            .column_of(LedgerField::Category)
            .map(|column| text_at(cells, column))
            .unwrap_or_default()
    };
    let mut previous: Option<(String, String, String)> = None;
    let (mut rows, mut repeats) = (0_usize, 0_usize);
    for cells in grid.rows.iter().skip(mapping.data_start) {
        let text = text_at(cells, description);
        if text.is_empty() {
            // Blank rows and footers say nothing here; a continuation row under a merged cell
            // without a 编号 shows the numbers are the problems'.
            if cells.iter().all(CellValue::is_empty) || is_footer(cells) {
                continue;
            }
            if text_at(cells, number).is_empty() {
                return false;
            }
        }
        let this = (text_at(cells, number), text, category_at(cells));
        if this.0.is_empty() {
            return false;
        }
        if let Some(before) = &previous {
            if before.0 == this.0 {
                return false;
            }
            if !this.1.is_empty() && before.1 == this.1 && before.2 == this.2 {
                repeats += 1;
            }
        }
        previous = Some(this);
        rows += 1;
    }
    repeats >= 2 && repeats * 10 >= rows
}

/// Whether a row repeats the header (as sheets printed over several pages often do): its
/// problem cell holds the header's own text for that column, and its measure cell is empty or
/// the header's own text too.
fn is_repeated_header(
    grid: &Grid,
    mapping: &ColumnMapping,
    description: &str,
    content: &str,
) -> bool {
    let header_text = |field: LedgerField| -> Vec<String> {
        mapping
            .column_of(field)
            .map(|column| {
                mapping
                    .header_rows
                    .iter()
                    .filter_map(|&row| grid.rows.get(row)?.get(column))
                    .map(CellValue::text)
                    .collect()
            })
            .unwrap_or_default()
    };
    !description.is_empty()
        && header_text(LedgerField::Description)
            .iter()
            .any(|text| text == description)
        && (content.is_empty()
            || header_text(LedgerField::Measure)
                .iter()
                .any(|text| text == content))
}

/// Without a readable status, a measure with progress written is under way; one without is
/// not started.
fn default_status(progress: &str) -> MeasureStatus {
    if progress.trim().is_empty() {
        MeasureStatus::NotStarted
    } else {
        MeasureStatus::InProgress
    }
}

/// Appends the row's unknown columns to the problem's example as 「列名:值」 lines, once each.
fn keep_unknown_columns(problem: &mut ParsedProblem, mapping: &ColumnMapping, cells: &[CellValue]) {
    for (role, cell) in mapping.columns.iter().zip(cells) {
        let ColumnRole::Keep(header) = role else {
            continue;
        };
        if cell.is_empty() {
            continue;
        }
        let line = format!("{header}：{}", cell.text());
        if !problem.example.lines().any(|existing| existing == line) {
            if !problem.example.is_empty() {
                problem.example.push('\n');
            }
            problem.example.push_str(&line);
        }
    }
}

/// A cell's text cut short for a message.
pub(super) fn shorten(text: &str) -> String {
    crate::domain::text::shorten(text, 20)
}

/// The earliest date deadline of `measures`, if any.
pub(super) fn earliest_deadline(measures: &[ParsedMeasure]) -> Option<NaiveDate> {
    measures
        .iter()
        .filter_map(|measure| measure.deadline.and_then(Deadline::date))
        .min()
}
