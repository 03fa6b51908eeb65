//! 各单位整改情况汇总报告: the superior office's consolidated PDF over the newest revision each
//! unit has sent — the totals in prose, a table with a line per unit, a bar chart of the
//! units' completion rates and the units with overdue measures.

use crate::domain::date::{format_date_zh, local_time_text, local_time_zh};
use crate::domain::grouped_key_id;
use crate::report::canvas::Document;
use crate::report::error::ReportResult;
use crate::report::flow::{Flow, ParagraphStyle};
use crate::report::fonts::Pens;
use crate::report::geometry::PageFrame;
use crate::report::table::{Align, Column, RowGroup, Table, TableStyle, place_table};
use crate::view::{AggregateView, CountColumn, Figure, Summary, UNIT_COUNT_COLUMNS, UnitLine};

use super::bar_chart::{Bar, place_bar_chart};
use super::heading::place_title;
use super::ledger::ledger_frame;
use super::progress::parts::note;
use super::progress_figures::percent;
use super::prose::{INDENT, body, heading};

/// The report's title.
pub fn report_title(data: &AggregateView) -> String {
    format!("{}各单位整改情况汇总报告", data.office.name)
}

/// The overall paragraph.
pub fn overall_text(data: &AggregateView) -> String {
    let total = &data.total;
    let by_status = &total.measures_by_status;
    if data.units.is_empty() {
        return format!(
            "{INDENT}截至{}，尚未收到下级单位报送的整改台账。",
            format_date_zh(data.today)
        );
    }
    let overdue_units = data
        .units
        .iter()
        .filter(|unit| unit.summary.overdue > 0)
        .count();
    format!(
        "{INDENT}截至{}，共收到{}个单位报送的整改台账（均经数字签名核验）。各单位共查摆问题{}个，\
         制定整改措施{}条，其中已完成{}条（含已销号{}条）、整改中{}条、未启动{}条，\
         整改完成率{}；逾期未完成{}条，涉及{}个单位。建章立制{}项，作出整改承诺{}项。",
        format_date_zh(data.today),
        data.units.len(),
        total.problems,
        total.measures,
        by_status.done(),
        by_status.closed,
        by_status.in_progress,
        by_status.not_started,
        percent(total.completion_rate() as f32),
        total.overdue,
        overdue_units,
        total.rules,
        total.commitments,
    )
}

/// The numbers of one line of the units table, after its number and name. 已完成 counts the
/// closed-out measures too, as the progress report and the completion rate do; 已销号 is then
/// the part of it already closed out.
fn count_cells(summary: &Summary) -> Vec<String> {
    UNIT_COUNT_COLUMNS
        .iter()
        .map(|column| match (column, column.figure(summary)) {
            (CountColumn::Completed, _) => summary.measures_by_status.done().to_string(),
            (_, Figure::Count(count)) => count.to_string(),
            (_, Figure::Rate(rate)) => percent(rate as f32),
        })
        .collect()
}

/// A count column's header in this report, which says what 已完成 includes.
fn count_header(column: CountColumn) -> &'static str {
    match column {
        CountColumn::Completed => "已完成\n（含已销号）",
        CountColumn::Closed => "其中\n已销号",
        _ => column.header(),
    }
}

/// The width weight of a count column on the landscape page, enough for its header on one line
/// and a four-digit total.
fn count_weight(column: CountColumn) -> f32 {
    match column {
        CountColumn::Problems | CountColumn::Measures => 0.7,
        CountColumn::Overdue | CountColumn::Completed => 1.3,
        CountColumn::Closed => 0.8,
        CountColumn::CompletionRate => 1.0,
        _ => 0.9,
    }
}

/// The table with a line per unit and the totals.
fn units_table(data: &AggregateView) -> Table {
    let mut groups: Vec<RowGroup> = data
        .units
        .iter()
        .enumerate()
        .map(|(index, unit)| {
            let received = &unit.received;
            let mut row = vec![
                (index + 1).to_string(),
                received.unit.clone(),
                format!("第 {} 版", received.revision),
                local_time_text(&received.signed_at, "%Y年%-m月%-d日"),
                local_time_zh(&received.received_at),
            ];
            row.extend(count_cells(&unit.summary));
            // Only bundles whose signature and every hash checked out are ever stored, which
            // the note under the table says; the cell gives the key as the unit's 签名 screen
            // shows it, to compare.
            row.push(grouped_key_id(&received.key_id));
            RowGroup {
                spanning: Vec::new(),
                rows: vec![row],
            }
        })
        .collect();
    let mut total = vec![
        String::new(),
        "合计".to_owned(),
        String::new(),
        String::new(),
        String::new(),
    ];
    total.extend(count_cells(&data.total));
    total.push(String::new());
    groups.push(RowGroup {
        spanning: Vec::new(),
        rows: vec![total],
    });
    // The weights add up to what they always did: the longer headers of 逾期未完成 and
    // 已完成（含已销号） take the room the number, problem and measure columns and the
    // signature (its key now in groups of four, two to a line) had to spare, so the unit's
    // name keeps its width.
    let mut columns = vec![
        Column::new("序号", 0.65, Align::Centre),
        Column::new("单位", 2.6, Align::Left),
        Column::new("报送版本", 1.1, Align::Centre),
        // Dates and times are sized by what they hold, so that a date is never broken.
        Column::content("签发日期", Align::Centre, 8.0),
        Column::content("接收时间", Align::Centre, 8.0),
    ];
    columns.extend(
        UNIT_COUNT_COLUMNS
            .iter()
            .map(|&column| Column::new(count_header(column), count_weight(column), Align::Centre)),
    );
    columns.push(Column::new("单位签名编号", 1.75, Align::Centre));
    Table {
        columns,
        span_columns: 0,
        groups,
        style: TableStyle::compact(9.0),
    }
}

/// Lays the summary report out on A4 landscape pages.
pub fn aggregate_summary(
    data: &AggregateView,
    pens: Pens<'_>,
) -> ReportResult<(Document, PageFrame)> {
    let frame = ledger_frame();
    let mut flow = Flow::new(frame);
    place_title(&mut flow, pens.heading, &report_title(data), 18.0);
    flow.paragraph(
        &pens.default,
        &format!(
            "汇总单位：{}    截至日期：{}    下级单位：{} 个",
            data.office.name,
            format_date_zh(data.today),
            data.units.len()
        ),
        ParagraphStyle {
            size: 10.0,
            ..body(&frame)
        },
    );

    heading(&mut flow, pens.heading, "一、总体情况");
    flow.paragraph(&pens.body, &overall_text(data), body(&frame));

    if data.units.is_empty() {
        return Ok((
            Document {
                title: report_title(data),
                pages: flow.pages,
            },
            frame,
        ));
    }

    heading(&mut flow, pens.heading, "二、各单位整改情况");
    place_table(&mut flow, pens.default, &units_table(data));
    note(
        &mut flow,
        pens.default,
        "注：已完成含已销号；完成率＝已完成（含已销号）÷措施数。各单位数据包的签名和文件均已核验。",
    );
    let bars: Vec<Bar> = data
        .units
        .iter()
        .map(|unit| {
            let summary = &unit.summary;
            let done = summary.measures_by_status.done();
            Bar {
                label: unit.received.unit.clone(),
                value: summary.completion_rate() as f32,
                caption: format!(
                    "{}（{done}/{}）",
                    percent(summary.completion_rate() as f32),
                    summary.measures
                ),
            }
        })
        .collect();
    place_bar_chart(
        &mut flow,
        pens.default,
        &bars,
        "图 1  各单位整改完成率（已完成含已销号）",
    );

    heading(&mut flow, pens.heading, "三、需要督促的单位");
    let mut lagging: Vec<&UnitLine> = data
        .units
        .iter()
        .filter(|unit| unit.summary.overdue > 0)
        .collect();
    if lagging.is_empty() {
        flow.paragraph(
            &pens.body,
            &format!("{INDENT}各单位均无逾期未完成的整改措施。"),
            body(&frame),
        );
    } else {
        lagging.sort_by(|a, b| {
            b.summary
                .overdue
                .cmp(&a.summary.overdue)
                .then_with(|| a.received.unit.cmp(&b.received.unit))
        });
        let list = lagging
            .iter()
            .map(|unit| format!("{}（逾期 {} 条）", unit.received.unit, unit.summary.overdue))
            .collect::<Vec<_>>()
            .join("、");
        flow.paragraph(
            &pens.body,
            &format!(
                "{INDENT}以下单位有超过整改时限仍未完成的整改措施，请督促其抓紧整改并及时报告进展：{list}。"
            ),
            body(&frame),
        );
    }
    Ok((
        Document {
            title: report_title(data),
            pages: flow.pages,
        },
        frame,
    ))
}
