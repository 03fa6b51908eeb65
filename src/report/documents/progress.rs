//! 整改进展情况报告: the regular progress report (定期通报) — overall counts and rates, a table
//! and bar chart by problem area, the overdue list, and what changed since the previous
//! revision.

use crate::domain::MeasureStatus;
use crate::domain::date::format_date_zh;
use crate::domain::revision_diff::{ChangeKind, ItemKind, diff_snapshots};
use crate::report::canvas::Document;
use crate::report::data::unit_name;
use crate::report::error::ReportResult;
use crate::report::flow::{Flow, ParagraphStyle};
use crate::report::fonts::Pens;
use crate::report::geometry::PageFrame;
use crate::report::table::{Align, Column, RowGroup, Table, TableStyle, place_table};
use crate::view::DocumentData;

use super::bar_chart::{Bar, place_bar_chart};
use super::heading::place_title;
use super::progress_figures::{ProgressFigures, percent};
use super::prose::{INDENT, body, heading};
use super::rules_list::rules_frame;
use super::sign_off_block::place_sign_off_block;

/// How many changed records the report lists one by one; the rest are counted.
const CHANGES_LISTED: usize = 40;

/// The overall paragraph.
pub fn overall_text(data: &DocumentData, figures: &ProgressFigures) -> String {
    format!(
        "{INDENT}截至{}，共查摆问题 {} 个，制定整改措施 {} 条。其中已销号 {} 条、已完成 {} 条、\
         整改中 {} 条、未启动 {} 条，整改完成率 {}，销号率 {}；逾期未完成 {} 条。\
         建章立制 {} 项，作出整改承诺 {} 项（已兑现 {} 项）。",
        format_date_zh(data.as_of),
        figures.problems,
        figures.measures,
        figures.count(MeasureStatus::Closed),
        figures.count(MeasureStatus::Completed),
        figures.count(MeasureStatus::InProgress),
        figures.count(MeasureStatus::NotStarted),
        percent(figures.completion_rate()),
        percent(figures.close_out_rate()),
        figures.overdue.len(),
        figures.rules,
        figures.commitments,
        figures.honoured,
    )
}

/// Lays the progress report out.
pub fn progress(data: &DocumentData, pens: Pens<'_>) -> ReportResult<(Document, PageFrame)> {
    // Prose in the body font, titles and headings in the heading font, tables and the chart in
    // the default font.
    let (pen, prose, title) = (pens.default, pens.body, pens.heading);
    let unit = unit_name(data)?;
    let frame = rules_frame();
    let mut flow = Flow::new(frame);
    let figures = ProgressFigures::of(&data.snapshot, data.as_of);
    place_title(&mut flow, title, &format!("{unit}整改进展情况报告"), 18.0);
    let campaign = data.campaign_title();
    let mut facts = vec![format!("截至日期：{}", format_date_zh(data.as_of))];
    if !campaign.is_empty() {
        facts.push(format!("专项活动：{campaign}"));
    }
    facts.push(data.version_label());
    flow.paragraph(
        &pen,
        &facts.join("    "),
        ParagraphStyle {
            size: 10.0,
            ..body(&frame)
        },
    );

    heading(&mut flow, title, "一、总体情况");
    flow.paragraph(&prose, &overall_text(data, &figures), body(&frame));

    heading(&mut flow, title, "二、分类别整改情况");
    let rows = figures
        .areas
        .iter()
        .map(|area| RowGroup {
            spanning: Vec::new(),
            rows: vec![vec![
                area.name.clone(),
                area.problems.to_string(),
                area.measures.to_string(),
                area.done.to_string(),
                area.closed.to_string(),
                percent(area.completion_rate()),
            ]],
        })
        .collect();
    place_table(
        &mut flow,
        pen,
        &Table {
            columns: vec![
                Column::new("问题类别", 4.0, Align::Left),
                Column::new("问题数", 1.0, Align::Centre),
                Column::new("措施数", 1.0, Align::Centre),
                Column::new("已完成", 1.0, Align::Centre),
                Column::new("已销号", 1.0, Align::Centre),
                Column::new("完成率", 1.2, Align::Centre),
            ],
            span_columns: 0,
            groups: rows,
            style: TableStyle::compact(9.5),
        },
    );
    flow.advance(8.0);
    let bars: Vec<Bar> = figures
        .areas
        .iter()
        .map(|area| Bar {
            label: area.name.clone(),
            value: area.completion_rate(),
            caption: format!(
                "{}（{}/{}）",
                percent(area.completion_rate()),
                area.done,
                area.measures
            ),
        })
        .collect();
    place_bar_chart(&mut flow, pen, &bars, "图 1  各类别整改完成率");

    heading(&mut flow, title, "三、逾期未完成事项");
    if figures.overdue.is_empty() {
        flow.paragraph(
            &prose,
            &format!("{INDENT}无逾期未完成的整改措施。"),
            body(&frame),
        );
    } else {
        flow.paragraph(
            &prose,
            &format!(
                "{INDENT}共 {} 条整改措施超过整改时限仍未完成，按逾期天数排列如下，请责任部门抓紧\
                 整改并及时报告进展。",
                figures.overdue.len()
            ),
            body(&frame),
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
        place_table(
            &mut flow,
            pen,
            &Table {
                columns: vec![
                    Column::new("问题序号", 0.9, Align::Centre),
                    Column::new("整改措施", 4.0, Align::Left),
                    Column::new("责任部门/责任人", 1.8, Align::Centre),
                    Column::new("整改时限", 1.4, Align::Centre),
                    Column::new("逾期天数", 0.9, Align::Centre),
                ],
                span_columns: 0,
                groups: rows,
                style: TableStyle::compact(9.0),
            },
        );
    }

    heading(&mut flow, title, "四、与上一版相比的变化");
    place_changes(&mut flow, pens, data);

    if let Some(signed) = &data.signed {
        place_sign_off_block(&mut flow, pen, signed, 10.0);
    }
    Ok((
        Document {
            title: format!("{unit}整改进展情况报告"),
            pages: flow.pages,
        },
        frame,
    ))
}

/// The changes since the previous revision: counts, then the first [`CHANGES_LISTED`] one by
/// one.
fn place_changes(flow: &mut Flow, pens: Pens<'_>, data: &DocumentData) {
    let (pen, prose) = (pens.default, pens.body);
    let frame = flow.frame;
    let Some(previous) = &data.previous else {
        flow.paragraph(
            &prose,
            &format!("{INDENT}这是第一次报送，没有可比较的上一版。"),
            body(&frame),
        );
        return;
    };
    let diff = diff_snapshots(&previous.snapshot, &data.snapshot);
    if diff.is_empty() {
        flow.paragraph(
            &prose,
            &format!("{INDENT}与第 {} 版相比没有变化。", previous.revision),
            body(&frame),
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
                parts.push(format!("{}{} {count} 项", change.label(), item.label()));
            }
        }
    }
    flow.paragraph(
        &prose,
        &format!(
            "{INDENT}与第 {} 版相比：{}。",
            previous.revision,
            parts.join("、")
        ),
        body(&frame),
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
                    "……另有 {} 项变化未逐条列出",
                    diff.changes.len() - CHANGES_LISTED
                ),
            ]],
        });
    }
    place_table(
        flow,
        pen,
        &Table {
            columns: vec![
                Column::new("类型", 1.0, Align::Centre),
                Column::new("变化", 0.8, Align::Centre),
                Column::new("内容", 6.0, Align::Left),
            ],
            span_columns: 0,
            groups: rows,
            style: TableStyle::compact(9.0),
        },
    );
}
