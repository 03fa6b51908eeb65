//! 各单位整改情况汇总报告: the superior office's consolidated PDF over the newest revision each
//! unit has sent — the totals in prose, a table with a line per unit, a bar chart of the
//! units' completion rates and the units with overdue measures.

use chrono::NaiveDate;

use crate::domain::ReceivedRevision;
use crate::domain::date::{format_date_zh, local_time_text};
use crate::report::canvas::Document;
use crate::report::error::ReportResult;
use crate::report::flow::{Flow, ParagraphStyle};
use crate::report::fonts::Pens;
use crate::report::geometry::PageFrame;
use crate::report::table::{Align, Column, RowGroup, Table, TableStyle, place_table};
use crate::store::{Store, StoreError, Summary};

use super::bar_chart::{Bar, place_bar_chart};
use super::heading::place_title;
use super::ledger::ledger_frame;
use super::progress_figures::percent;
use super::prose::{INDENT, body, heading};

/// One unit's line: its newest received revision and that revision's counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitFigures {
    /// The revision received.
    pub received: ReceivedRevision,
    /// Its counts as of the report's date.
    pub summary: Summary,
}

/// What the summary report shows, read from an aggregate database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AggregateData {
    /// The office's name.
    pub office: String,
    /// The day overdue is counted for and the report is dated.
    pub as_of: NaiveDate,
    /// The units, by name.
    pub units: Vec<UnitFigures>,
    /// Everything added up.
    pub total: Summary,
}

impl AggregateData {
    /// Reads the aggregate `store` as of `as_of`; refused when the store is a unit's.
    pub fn load(store: &Store, as_of: NaiveDate) -> ReportResult<Self> {
        let office = store.office()?.ok_or(StoreError::NotAggregate)?;
        let summary = store.aggregate_summary(as_of)?;
        let units = store
            .latest_received()?
            .into_iter()
            .zip(summary.per_unit)
            .map(|(received, unit)| UnitFigures {
                received,
                summary: unit.summary,
            })
            .collect();
        Ok(Self {
            office: office.name,
            as_of,
            units,
            total: summary.total,
        })
    }

    /// The report's title.
    pub fn title(&self) -> String {
        format!("{}各单位整改情况汇总报告", self.office)
    }
}

/// The overall paragraph.
pub fn overall_text(data: &AggregateData) -> String {
    let total = &data.total;
    let by_status = &total.measures_by_status;
    if data.units.is_empty() {
        return format!(
            "{INDENT}截至{},尚未收到下级单位报送的整改台账。",
            format_date_zh(data.as_of)
        );
    }
    let overdue_units = data
        .units
        .iter()
        .filter(|unit| unit.summary.overdue > 0)
        .count();
    format!(
        "{INDENT}截至{},共收到 {} 个单位报送的整改台账(均经数字签名核验)。各单位共查摆问题 {} 个,\
         制定整改措施 {} 条,其中已销号 {} 条、已完成 {} 条、整改中 {} 条、未启动 {} 条,\
         整改完成率 {};逾期未完成 {} 条,涉及 {} 个单位。建章立制 {} 项,作出整改承诺 {} 项。",
        format_date_zh(data.as_of),
        data.units.len(),
        total.problems,
        total.measures,
        by_status.closed,
        by_status.completed,
        by_status.in_progress,
        by_status.not_started,
        percent(total.completion_rate() as f32),
        total.overdue,
        overdue_units,
        total.rules,
        total.commitments,
    )
}

/// The numbers of one line of the units table, after its number and name.
fn count_cells(summary: &Summary) -> Vec<String> {
    let by_status = &summary.measures_by_status;
    vec![
        summary.problems.to_string(),
        summary.measures.to_string(),
        by_status.not_started.to_string(),
        by_status.in_progress.to_string(),
        by_status.completed.to_string(),
        by_status.closed.to_string(),
        summary.overdue.to_string(),
        percent(summary.completion_rate() as f32),
    ]
}

fn units_table(data: &AggregateData) -> Table {
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
                local_time_text(&received.signed_at, "%Y-%m-%d"),
                local_time_text(&received.received_at, "%Y-%m-%d %H:%M"),
            ];
            row.extend(count_cells(&unit.summary));
            // Only bundles whose signature and every hash checked out are ever stored.
            row.push(format!("已核验\n{}", received.key_id));
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
    Table {
        columns: vec![
            Column::new("序号", 0.7, Align::Centre),
            Column::new("单位", 2.6, Align::Left),
            Column::new("报送版本", 1.1, Align::Centre),
            Column::new("签发日期", 1.4, Align::Centre),
            Column::new("接收时间", 2.0, Align::Centre),
            Column::new("问题", 0.8, Align::Centre),
            Column::new("措施", 0.8, Align::Centre),
            Column::new("未启动", 0.9, Align::Centre),
            Column::new("整改中", 0.9, Align::Centre),
            Column::new("已完成", 0.9, Align::Centre),
            Column::new("已销号", 0.9, Align::Centre),
            Column::new("逾期", 0.8, Align::Centre),
            Column::new("完成率", 1.0, Align::Centre),
            Column::new("签名", 2.6, Align::Centre),
        ],
        span_columns: 0,
        groups,
        style: TableStyle::compact(9.0),
    }
}

/// Lays the summary report out on A4 landscape pages.
pub fn aggregate_summary(
    data: &AggregateData,
    pens: Pens<'_>,
) -> ReportResult<(Document, PageFrame)> {
    let frame = ledger_frame();
    let mut flow = Flow::new(frame);
    place_title(&mut flow, pens.heading, &data.title(), 18.0);
    flow.paragraph(
        &pens.default,
        &format!(
            "汇总单位:{}    截至日期:{}    下级单位:{} 个",
            data.office,
            format_date_zh(data.as_of),
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
                title: data.title(),
                pages: flow.pages,
            },
            frame,
        ));
    }

    heading(&mut flow, pens.heading, "二、各单位整改情况");
    place_table(&mut flow, pens.default, &units_table(data));
    flow.advance(8.0);
    let bars: Vec<Bar> = data
        .units
        .iter()
        .map(|unit| {
            let summary = &unit.summary;
            let done = summary.measures_by_status.completed + summary.measures_by_status.closed;
            Bar {
                label: unit.received.unit.clone(),
                value: summary.completion_rate() as f32,
                caption: format!(
                    "{}({done}/{})",
                    percent(summary.completion_rate() as f32),
                    summary.measures
                ),
            }
        })
        .collect();
    place_bar_chart(&mut flow, pens.default, &bars, "图 1  各单位整改完成率");

    heading(&mut flow, pens.heading, "三、需要督促的单位");
    let mut lagging: Vec<&UnitFigures> = data
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
            .map(|unit| format!("{}(逾期 {} 条)", unit.received.unit, unit.summary.overdue))
            .collect::<Vec<_>>()
            .join("、");
        flow.paragraph(
            &pens.body,
            &format!(
                "{INDENT}以下单位有超过整改时限仍未完成的整改措施,请督促其抓紧整改并及时报告进展:{list}。"
            ),
            body(&frame),
        );
    }
    Ok((
        Document {
            title: data.title(),
            pages: flow.pages,
        },
        frame,
    ))
}
