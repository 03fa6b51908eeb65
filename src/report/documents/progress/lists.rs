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

/// The overdue measures, longest overdue first, or a line saying there are none.
pub fn place_overdue(flow: &mut Flow, pens: Pens<'_>, figures: &ProgressFigures) {
    let body = official_body(&flow.frame);
    if figures.overdue.is_empty() {
        flow.paragraph(
            &pens.body,
            &format!("{INDENT}无逾期未完成的整改措施。"),
            body,
        );
        return;
    }
    flow.paragraph(
        &pens.body,
        &format!(
            "{INDENT}共{}条整改措施超过整改时限仍未完成，按逾期天数排列见表2，请责任部门\
             抓紧整改并及时报告进展。",
            figures.overdue.len()
        ),
        body,
    );
    let rows = figures
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
    caption(flow, pens.heading, "表2  逾期未完成的整改措施");
    let pen = pens.body;
    let style = TableStyle::compact(TABLE_SIZE);
    // The narrow columns are as wide as their widest entry, so a date, a number or a name never
    // breaks; the measure takes the rest of the line. (Weights in points: only their
    // proportions count.)
    let fit = |texts: Vec<String>| widest(pen, &texts) + 2.0 * style.padding_x + 1.0;
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
    place_table(
        flow,
        pen,
        &Table {
            columns: vec![
                Column::new("问题\n序号", number, Align::Centre),
                Column::new("整改措施", measure, Align::Left),
                Column::new("责任部门\n责任人", responsible, Align::Centre),
                Column::new("整改时限", deadline, Align::Centre),
                Column::new("逾期\n天数", days, Align::Centre),
            ],
            span_columns: 0,
            groups: rows,
            style,
        },
    );
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

/// The changes since the previous revision: counts, then the first [`CHANGES_LISTED`] one by
/// one.
pub fn place_changes(flow: &mut Flow, pens: Pens<'_>, data: &DocumentData) {
    let body: ParagraphStyle = official_body(&flow.frame);
    let Some(previous) = &data.previous else {
        flow.paragraph(
            &pens.body,
            &format!("{INDENT}这是第一次报送，没有可比较的上一版。"),
            body,
        );
        return;
    };
    let diff = diff_snapshots(&previous.snapshot, &data.snapshot);
    if diff.is_empty() {
        flow.paragraph(
            &pens.body,
            &format!("{INDENT}与第{}版相比没有变化。", previous.revision),
            body,
        );
        return;
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
    flow.paragraph(
        &pens.body,
        &format!(
            "{INDENT}与第{}版相比：{}，见表3。",
            previous.revision,
            parts.join("、")
        ),
        body,
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
    caption(
        flow,
        pens.heading,
        &format!("表3  与第{}版相比的变化", previous.revision),
    );
    place_table(
        flow,
        pens.body,
        &Table {
            columns: vec![
                Column::new("类型", 1.2, Align::Centre),
                Column::new("变化", 1.0, Align::Centre),
                Column::new("内容", 6.0, Align::Left),
            ],
            span_columns: 0,
            groups: rows,
            style: TableStyle::compact(TABLE_SIZE),
        },
    );
    flow.advance(TABLE_SIZE);
}
