//! Turning a sheet's rows into problems and measures, the way people lay ledgers out: a problem
//! cell merged over several measure rows (or left empty below the problem) continues the
//! problem above, blank rows separate, a repeated header or a 合计 row is passed over.
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
    /// The 1-based row number as the spreadsheet shows it.
    pub row: usize,
    /// What happened, in Chinese.
    pub reason: String,
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

/// Reads `grid` with `mapping`; `year` fills in dates written without one (6月底).
pub fn parse_rows(grid: &Grid, mapping: &ColumnMapping, year: i32) -> ParsedLedger {
    let mut parsed = ParsedLedger::default();
    let mut current: Option<ParsedProblem> = None;
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
        let first_text = cells
            .iter()
            .find(|cell| !cell.is_empty())
            .map(CellValue::text)
            .unwrap_or_default();
        // A 注 or 备注 line ends a ledger whichever colon the clerk typed after it.
        let compact_first: String = first_text
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| if c == ':' { '：' } else { c })
            .collect();
        if is_repeated_header(grid, mapping, &description, &content) {
            parsed.skipped.push(RowNote {
                row,
                reason: "重复的表头行，已跳过".into(),
            });
            continue;
        }
        if FOOTER_WORDS
            .iter()
            .any(|word| compact_first.starts_with(word))
        {
            parsed.skipped.push(RowNote {
                row,
                reason: format!(
                    "「{}」是合计或落款行，不是问题，已跳过",
                    shorten(&first_text)
                ),
            });
            continue;
        }
        let number = field(LedgerField::Number);
        let continues = current.as_ref().is_some_and(|problem| {
            description.is_empty() || (description == problem.description && number.is_empty())
        });
        if !continues {
            if description.is_empty() {
                parsed.skipped.push(RowNote {
                    row,
                    reason: "没有填写问题表现，上方也没有可归属的问题，已跳过".into(),
                });
                continue;
            }
            if let Some(done) = current.take() {
                parsed.problems.push(done);
            }
            current = Some(ParsedProblem {
                row,
                category: to_one_line(&field(LedgerField::Category)),
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
        keep_unknown_columns(problem, mapping, cells);
        if content.is_empty() {
            if continues {
                parsed.skipped.push(RowNote {
                    row,
                    reason: "没有填写整改措施，已跳过".into(),
                });
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
                parsed.warnings.push(RowNote {
                    row,
                    reason: format!(
                        "整改时限「{}」无法识别为日期，已留空，请导入后补填",
                        shorten(&deadline_cell.text())
                    ),
                });
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
                    parsed.warnings.push(RowNote {
                        row,
                        reason: format!(
                            "状态「{}」无法识别，已按{}导入",
                            shorten(&status_text),
                            default_status(&progress).label()
                        ),
                    });
                }
                default_status(&progress)
            });
        problem.measures.push(ParsedMeasure {
            row,
            content,
            goal: field(LedgerField::Goal),
            leader: to_one_line(&field(LedgerField::Leader)),
            division: to_one_line(&field(LedgerField::Division)),
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
