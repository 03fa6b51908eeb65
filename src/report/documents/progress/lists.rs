//! The lists of the progress report: the overdue measures and the changes since the previous
//! revision, each a paragraph that counts them and a table that gives them one by one.

use crate::domain::revision_diff::{ChangeKind, ItemKind, diff_snapshots};
use crate::report::canvas::Pen;
use crate::report::flow::{Flow, ParagraphStyle};
use crate::report::fonts::Pens;
use crate::report::table::{Align, Column, RowGroup, Table, TableStyle, place_table};
use crate::view::DocumentData;

use super::super::progress_figures::{OverdueRow, ProgressFigures};
use super::super::prose::{INDENT, official_body};
use super::TABLE_SIZE;
use super::parts::caption;

/// How many changed records the report lists one by one; the rest are counted.
const CHANGES_LISTED: usize = 40;

/// The paragraph before the overdue list: how many there are, or that there are none.
pub fn overdue_text(figures: &ProgressFigures) -> String {
    if figures.overdue.is_empty() {
        format!("{INDENT}无逾期未完成的整改措施。")
    } else {
        format!(
            "{INDENT}共{}条整改措施超过整改时限仍未完成，按逾期天数排列见表2，请责任部门\
             抓紧整改并及时报告进展。",
            figures.overdue.len()
        )
    }
}

/// The caption of the overdue list.
pub const OVERDUE_CAPTION: &str = "表2  逾期未完成的整改措施";

/// The overdue measures as a table, longest overdue first, with the measure taking most of
/// the width.
pub fn overdue_table(figures: &ProgressFigures) -> Table {
    let groups = figures
        .overdue
        .iter()
        .map(|row| RowGroup {
            spanning: Vec::new(),
            rows: vec![vec![
                row.problem_number.to_string(),
                row.content.clone(),
                row.responsible.clone(),
                row.deadline.clone(),
                row.days.to_string(),
            ]],
        })
        .collect();
    Table {
        columns: vec![
            Column::new("问题\n序号", 1.0, Align::Centre),
            Column::new("整改措施", 4.8, Align::Left),
            Column::new("责任部门\n责任人", 2.2, Align::Centre),
            Column::new("整改时限", 2.7, Align::Centre),
            Column::new("逾期\n天数", 1.0, Align::Centre),
        ],
        span_columns: 0,
        groups,
        style: TableStyle::compact(TABLE_SIZE),
    }
}

/// The overdue measures, longest overdue first, or a line saying there are none.
pub fn place_overdue(flow: &mut Flow, pens: Pens<'_>, figures: &ProgressFigures) {
    let body = official_body(&flow.frame);
    flow.paragraph(&pens.body, &overdue_text(figures), body);
    if figures.overdue.is_empty() {
        return;
    }
    caption(flow, pens.heading, OVERDUE_CAPTION);
    let pen = pens.body;
    let mut table = overdue_table(figures);
    // The narrow columns are as wide as their widest entry, so a date, a number or a name never
    // breaks; the measure takes the rest of the line. (Weights in points: only their
    // proportions count.)
    let fit = |texts: Vec<String>| widest(pen, &texts) + 2.0 * table.style.padding_x + 1.0;
    let overdue = &figures.overdue;
    let column = |header: &str, cell: fn(&OverdueRow) -> String| {
        fit(std::iter::once(header.to_owned())
            .chain(overdue.iter().map(cell))
            .collect())
    };
    let number = column("问题", |row| row.problem_number.to_string());
    let responsible = column("责任部门", |row| row.responsible.clone());
    let deadline = column("整改时限", |row| row.deadline.clone());
    let days = column("逾期", |row| row.days.to_string());
    let width = flow.frame.content_width();
    let measure = (width - number - responsible - deadline - days).max(width * 0.3);
    for (column, weight) in
        table
            .columns
            .iter_mut()
            .zip([number, measure, responsible, deadline, days])
    {
        column.weight = weight;
    }
    place_table(flow, pen, &table);
    flow.advance(TABLE_SIZE);
}

/// The width of the widest line among `texts` at the table size.
fn widest(pen: Pen<'_>, texts: &[String]) -> f32 {
    texts
        .iter()
        .flat_map(|text| text.lines())
        .map(|line| pen.width(line, TABLE_SIZE))
        .fold(0.0, f32::max)
}

/// What changed since the previous revision: a paragraph that counts the changes, and the
/// first [`CHANGES_LISTED`] one by one with the table's caption, when there are any.
pub fn changes(data: &DocumentData) -> (String, Option<(String, Table)>) {
    let Some(previous) = &data.previous else {
        return (
            format!("{INDENT}这是第一次报送，没有可比较的上一版。"),
            None,
        );
    };
    let diff = diff_snapshots(&previous.snapshot, &data.snapshot);
    if diff.is_empty() {
        return (
            format!("{INDENT}与第{}版相比没有变化。", previous.revision),
            None,
        );
    }
    let mut parts = Vec::new();
    for item in [
        ItemKind::Problem,
        ItemKind::Measure,
        ItemKind::Commitment,
        ItemKind::Rule,
    ] {
        for change in [
            ChangeKind::Added,
            ChangeKind::Changed,
            ChangeKind::Closed,
            ChangeKind::Removed,
        ] {
            let count = diff
                .changes
                .iter()
                .filter(|each| each.item == item && each.change == change)
                .count();
            if count > 0 {
                parts.push(format!("{}{}{count}项", change.label(), item.label()));
            }
        }
    }
    let text = format!(
        "{INDENT}与第{}版相比：{}，见表3。",
        previous.revision,
        parts.join("、")
    );
    let mut rows: Vec<RowGroup> = diff
        .changes
        .iter()
        .take(CHANGES_LISTED)
        .map(|change| RowGroup {
            spanning: Vec::new(),
            rows: vec![vec![
                change.item.label().to_owned(),
                change.change.label().to_owned(),
                if change.fields.is_empty() {
                    change.label.clone()
                } else {
                    format!("{}（变更：{}）", change.label, change.fields.join("、"))
                },
            ]],
        })
        .collect();
    if diff.changes.len() > CHANGES_LISTED {
        rows.push(RowGroup {
            spanning: Vec::new(),
            rows: vec![vec![
                String::new(),
                String::new(),
                format!(
                    "……另有{}项变化未逐条列出",
                    diff.changes.len() - CHANGES_LISTED
                ),
            ]],
        });
    }
    let table = Table {
        columns: vec![
            Column::new("类型", 1.2, Align::Centre),
            Column::new("变化", 1.0, Align::Centre),
            Column::new("内容", 6.0, Align::Left),
        ],
        span_columns: 0,
        groups: rows,
        style: TableStyle::compact(TABLE_SIZE),
    };
    let caption = format!("表3  与第{}版相比的变化", previous.revision);
    (text, Some((caption, table)))
}

/// The changes since the previous revision: counts, then the first [`CHANGES_LISTED`] one by
/// one.
pub fn place_changes(flow: &mut Flow, pens: Pens<'_>, data: &DocumentData) {
    let body: ParagraphStyle = official_body(&flow.frame);
    let (text, table) = changes(data);
    flow.paragraph(&pens.body, &text, body);
    if let Some((title, table)) = table {
        caption(flow, pens.heading, &title);
        place_table(flow, pens.body, &table);
        flow.advance(TABLE_SIZE);
    }
}
