//! 整改进展情况报告：the regular progress report（定期通报）， set as an official document under
//! GB/T 9704-2012 (A4 with the official margins, title in 方正小标宋，body in 仿宋，headings in
//! 黑体 and 楷体，each when installed): overall counts and rates, a bar chart and a table by
//! problem area, the overdue list, what changed since the previous revision, then the unit and
//! the date. 已完成 means completed or closed out everywhere in it (see [`super::progress_figures`]).

use crate::domain::MeasureStatus;
use crate::domain::date::format_date_zh;
use crate::report::canvas::Document;
use crate::report::data::unit_name;
use crate::report::error::ReportResult;
use crate::report::flow::Flow;
use crate::report::fonts::Pens;
use crate::report::geometry::PageFrame;
use crate::report::table::place_table;
use crate::view::DocumentData;

use super::bar_chart::{Bar, place_bar_chart_sized};
use super::heading::{place_document_title, place_title};
use super::progress_figures::{ProgressFigures, percent};
use super::prose::{
    INDENT, OFFICIAL_SIZE, OFFICIAL_TITLE_SIZE, official_body, official_frame, official_heading,
};
use super::sign_off_block::{FINGERPRINT_SIZE, place_sign_off_block};

pub(crate) mod lists;
pub(crate) mod parts;

use lists::{place_changes, place_overdue};
use parts::{CAPTION_HEIGHT, area_table, caption, note, place_closing, table_height};

/// Text size of the tables（五号）.
pub const TABLE_SIZE: f32 = 10.5;

/// The label of the 已完成 figure wherever the report shows it, saying what it includes.
pub const DONE_LABEL: &str = "已完成（含已销号）";

/// The paragraph on the measures: 已完成 with the closed-out ones inside it, the rest by
/// status, the rates, and what is overdue.
pub fn overall_text(data: &DocumentData, figures: &ProgressFigures) -> String {
    format!(
        "{INDENT}截至{}，共查摆问题{}个，制定整改措施{}条。其中已完成{}条（含已销号{}条），\
         整改中{}条，未启动{}条；整改完成率{}，销号率{}。逾期未完成{}条。",
        format_date_zh(data.as_of),
        figures.problems,
        figures.measures,
        figures.done(),
        figures.closed(),
        figures.count(MeasureStatus::InProgress),
        figures.count(MeasureStatus::NotStarted),
        percent(figures.completion_rate()),
        percent(figures.close_out_rate()),
        figures.overdue.len(),
    )
}

/// The paragraph on rules and commitments.
pub fn rules_text(figures: &ProgressFigures) -> String {
    format!(
        "{INDENT}围绕查摆出的问题建章立制{}项；作出整改承诺{}项，已兑现{}项。",
        figures.rules, figures.commitments, figures.honoured,
    )
}

/// The opening paragraph: what the report is about.
pub fn opening_text(data: &DocumentData) -> String {
    let campaign = data.campaign_title();
    if campaign.is_empty() {
        format!("{INDENT}现将我单位整改进展情况报告如下。")
    } else {
        format!("{INDENT}根据{campaign}工作安排，现将我单位整改进展情况报告如下。")
    }
}

/// The note under the table by area.
pub const AREA_NOTE: &str = "注：已完成含已销号；完成率＝已完成（含已销号）÷措施数。";

/// The caption of the table by area.
pub const AREA_CAPTION: &str = "表1  各类别整改情况";

/// Lays the progress report out.
pub fn progress(data: &DocumentData, pens: Pens<'_>) -> ReportResult<(Document, PageFrame)> {
    let unit = unit_name(data)?;
    let frame = official_frame();
    let body = official_body(&frame);
    let mut flow = Flow::new(frame);
    let figures = ProgressFigures::of(&data.snapshot, data.as_of);
    let title = place_document_title(
        &mut flow,
        pens.title,
        unit,
        "整改进展情况报告",
        OFFICIAL_TITLE_SIZE,
    );
    // The date the figures stand at, in brackets under the title, in 楷体.
    flow.y -= OFFICIAL_TITLE_SIZE * 0.5;
    place_title(
        &mut flow,
        pens.subheading,
        &format!("（截至{}）", format_date_zh(data.as_of)),
        OFFICIAL_SIZE,
    );
    flow.paragraph(&pens.body, &opening_text(data), body);

    official_heading(&mut flow, pens.heading, "一、总体情况");
    official_heading(&mut flow, pens.subheading, "（一）整改措施完成情况");
    flow.paragraph(&pens.body, &overall_text(data, &figures), body);
    official_heading(&mut flow, pens.subheading, "（二）建章立制和承诺兑现情况");
    flow.paragraph(&pens.body, &rules_text(&figures), body);

    official_heading(&mut flow, pens.heading, "二、分类别整改情况");
    place_areas(&mut flow, pens, &figures);

    official_heading(&mut flow, pens.heading, "三、逾期未完成事项");
    place_overdue(&mut flow, pens, &figures);

    official_heading(&mut flow, pens.heading, "四、与上一版相比的变化");
    place_changes(&mut flow, pens, data);

    place_closing(&mut flow, pens.body, unit, &format_date_zh(data.as_of));
    if let Some(signed) = &data.signed {
        place_sign_off_block(&mut flow, pens.default, signed, FINGERPRINT_SIZE);
    }
    Ok((
        Document {
            title,
            pages: flow.pages,
        },
        frame,
    ))
}

/// The areas: the completion rate of each as a bar chart, then the table with the counts and
/// their 合计，each saying that 已完成 includes 已销号.
fn place_areas(flow: &mut Flow, pens: Pens<'_>, figures: &ProgressFigures) {
    let frame = flow.frame;
    flow.paragraph(
        &pens.body,
        &format!("{INDENT}各类别整改完成率见图1，具体数字见表1。"),
        official_body(&frame),
    );
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
    place_bar_chart_sized(
        flow,
        pens.body,
        &bars,
        "图1  各类别整改完成率（已完成含已销号）",
        TABLE_SIZE,
    );
    // The table by area is short: it stays on one page with its caption and note, so its 合计
    // row is never cut off from the rows it adds up.
    let areas = area_table(figures);
    flow.ensure(
        CAPTION_HEIGHT + table_height(&areas, pens.body, frame.content_width()) + TABLE_SIZE * 3.0,
    );
    caption(flow, pens.heading, AREA_CAPTION);
    place_table(flow, pens.body, &areas);
    note(flow, pens.body, AREA_NOTE);
}
