//! 问题整改台账: the ledger of problems and their measures on A4 landscape, one row group per
//! problem spanning its measure rows.

use crate::domain::Deadline;
use crate::domain::date::format_date_zh;
use crate::domain::overdue::is_overdue;
use crate::report::canvas::{Document, Pen};
use crate::report::data::{Index, unit_name};
use crate::report::error::ReportResult;
use crate::report::flow::{Flow, ParagraphStyle};
use crate::report::fonts::Pens;
use crate::report::geometry::{Margins, PageFrame, PageSize, mm};
use crate::report::table::{
    Align, Column, NAME_SEPARATORS, RowGroup, Table, TableStyle, place_table_before,
};
use crate::view::{DocumentData, Signed};

use super::closing_block::ClosingBlock;
use super::heading::place_title;
use super::sign_off_block::place_sign_off_block;

/// Cell text size.
const CELL_SIZE: f32 = 9.0;

/// The page: A4 landscape with narrow margins (room for nine columns) and space for the
/// running header and page number.
pub fn ledger_frame() -> PageFrame {
    PageFrame {
        size: PageSize::a4_landscape(),
        margins: Margins {
            top: mm(18.0),
            right: mm(12.0),
            bottom: mm(18.0),
            left: mm(12.0),
        },
    }
}

/// The columns. Those holding numbers, names, dates and short labels are as wide as their
/// content and keep each name or label whole, so that a division, a person's name, a date such
/// as 2026-06-30 or a status stays on one line；问题表现，整改措施 and 进展情况 share what is
/// left.
fn columns() -> Vec<Column> {
    vec![
        Column::content("序号", Align::Centre, 4.2).keeping_parts(NAME_SEPARATORS),
        Column::content("问题类别", Align::Left, 9.0).keeping_parts("/"),
        Column::fill("问题表现", 1.1, Align::Left, 14.0),
        Column::fill("整改措施", 1.1, Align::Left, 14.0),
        Column::content("责任领导", Align::Centre, 6.0).keeping_parts(NAME_SEPARATORS),
        // Broken after the slash: left to the line breaker, the header's last character
        // would stand alone on the second line.
        Column::content("责任部门/\n责任人", Align::Centre, 8.0).keeping_parts(NAME_SEPARATORS),
        Column::content("整改时限", Align::Centre, 7.0).keeping_parts(NAME_SEPARATORS),
        Column::fill("进展情况", 0.8, Align::Left, 10.0),
        Column::content("状态", Align::Centre, 4.0).keeping_parts(NAME_SEPARATORS),
    ]
}

/// The ledger's row groups: one per problem, in ledger-number order.
pub fn ledger_groups(data: &DocumentData) -> Vec<RowGroup> {
    let index = Index::new(&data.snapshot);
    let mut problems: Vec<_> = data.snapshot.problems.iter().collect();
    problems.sort_by_key(|problem| (problem.number, problem.id));
    problems
        .into_iter()
        .map(|problem| RowGroup {
            spanning: vec![
                problem.number.to_string(),
                index.category_label(problem.category_id),
                problem.description.clone(),
            ],
            rows: index
                .measures_of(problem.id)
                .iter()
                .map(|measure| {
                    let responsible = match (
                        measure.responsible_division.as_str(),
                        measure.responsible_person.as_str(),
                    ) {
                        ("", person) => person.to_owned(),
                        (division, "") => division.to_owned(),
                        (division, person) => format!("{division}/{person}"),
                    };
                    let progress = index
                        .latest_note(measure.id)
                        .map(|note| format!("{}：{}", note.noted_on.format("%Y-%m-%d"), note.text))
                        .unwrap_or_default();
                    vec![
                        measure.content.clone(),
                        measure.responsible_leader.clone(),
                        responsible,
                        measure.deadline.map(Deadline::label).unwrap_or_default(),
                        progress,
                        // An overdue measure says so under its status: what a superior looks
                        // for first on a printed ledger.
                        if is_overdue(measure.deadline, measure.status, data.as_of) {
                            format!("{}\n逾期", measure.status.label())
                        } else {
                            measure.status.label().to_owned()
                        },
                    ]
                })
                .collect(),
        })
        .collect()
}

/// Text size of the sign-off block under the closing block.
const SIGN_OFF_SIZE: f32 = 10.0;

/// The height the sign-off block of `signed` takes, measured by placing it on a page of its
/// own.
fn sign_off_block_height(frame: PageFrame, pen: Pen<'_>, signed: &Signed) -> f32 {
    let mut probe = Flow::new(frame);
    place_sign_off_block(&mut probe, pen, signed, SIGN_OFF_SIZE);
    probe.y - frame.top()
}

/// Lays the ledger out.
pub fn ledger(data: &DocumentData, pens: Pens<'_>) -> ReportResult<(Document, PageFrame)> {
    let pen = pens.default;
    let unit = unit_name(data)?;
    let frame = ledger_frame();
    let mut flow = Flow::new(frame);
    place_title(&mut flow, pen, "问题整改台账", 18.0);
    let campaign = data.campaign_title();
    let mut facts = vec![format!("填报单位：{unit}")];
    if !campaign.is_empty() {
        facts.push(format!("专项活动：{campaign}"));
    }
    facts.push(format!("填报日期：{}", format_date_zh(data.as_of)));
    facts.push(data.version_label());
    let facts = facts.join("    ");
    flow.paragraph(
        &pen,
        &facts,
        ParagraphStyle {
            size: 10.0,
            line_height: 16.0,
            left: frame.left(),
            right: frame.right(),
        },
    );
    flow.advance(4.0);
    let table = Table {
        columns: columns(),
        span_columns: 3,
        groups: ledger_groups(data),
        style: TableStyle::compact(CELL_SIZE),
    };
    // The closing block (and on a signed revision the sign-off block under it) stays on the
    // table's last page, with at least the table's last rows above it.
    let closing = ClosingBlock::new(unit, data.signed.as_ref());
    let sign_off_height = data
        .signed
        .as_ref()
        .map_or(0.0, |signed| sign_off_block_height(frame, pen, signed));
    let following = closing.height() + sign_off_height;
    place_table_before(&mut flow, pen, &table, following);
    flow.ensure(following);
    closing.place(&mut flow, pen);
    if let Some(signed) = &data.signed {
        place_sign_off_block(&mut flow, pen, signed, SIGN_OFF_SIZE);
    }
    Ok((
        Document {
            title: format!("{unit}问题整改台账"),
            pages: flow.pages,
        },
        frame,
    ))
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::domain::snapshot::{SNAPSHOT_FORMAT, Snapshot};
    use crate::domain::{
        Measure, MeasureId, MeasureStatus, Problem, ProblemId, ProblemLevel, ProblemSource,
        ProgressNote, ProgressNoteId, Severity, Unit, UnitId,
    };

    fn day(month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, month, day).unwrap()
    }

    fn measure(id: i64, position: i64, deadline: NaiveDate, status: MeasureStatus) -> Measure {
        Measure {
            id: MeasureId(id),
            problem_id: ProblemId(1),
            position,
            content: format!("措施{id}"),
            goal: String::new(),
            responsible_leader: "王建国".into(),
            responsible_division: "政务服务科".into(),
            responsible_person: "李娜".into(),
            deadline: Some(Deadline::Date(deadline)),
            status,
        }
    }

    fn note(id: i64, measure_id: i64, noted_on: NaiveDate, text: &str) -> ProgressNote {
        ProgressNote {
            id: ProgressNoteId(id),
            measure_id: MeasureId(measure_id),
            noted_on,
            text: text.into(),
        }
    }

    #[test]
    fn a_problem_spans_its_measures_with_latest_progress_and_overdue_marks() {
        let snapshot = Snapshot {
            format: SNAPSHOT_FORMAT.into(),
            version: 1,
            unit: Some(Unit {
                id: UnitId(1),
                name: "某县行政审批局".into(),
                code: String::new(),
                superior: String::new(),
                leader: String::new(),
            }),
            campaigns: vec![],
            categories: vec![],
            problems: vec![Problem {
                id: ProblemId(1),
                number: 7,
                category_id: None,
                level: ProblemLevel::Division,
                subject: String::new(),
                source: ProblemSource::Complaint,
                description: "即办件不能立即办理".into(),
                example: String::new(),
                cause: String::new(),
                severity: Severity::General,
                found_on: day(4, 1),
            }],
            // Stored out of order: the ledger follows each measure's position.
            measures: vec![
                measure(2, 2, day(9, 30), MeasureStatus::NotStarted),
                measure(1, 1, day(5, 31), MeasureStatus::InProgress),
            ],
            progress_notes: vec![
                note(2, 1, day(5, 20), "已完成培训"),
                note(1, 1, day(5, 1), "已制定方案"),
            ],
            evidence: vec![],
            close_outs: vec![],
            extensions: vec![],
            commitments: vec![],
            rules: vec![],
        };
        let data = DocumentData {
            snapshot,
            signed: None,
            as_of: day(6, 15),
            previous: None,
            selection: None,
        };
        let groups = ledger_groups(&data);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].spanning, ["7", "", "即办件不能立即办理"]);
        let rows = &groups[0].rows;
        assert_eq!(rows.len(), 2);
        assert_eq!(
            rows[0],
            [
                "措施1",
                "王建国",
                "政务服务科/李娜",
                "2026-05-31",
                "2026-05-20：已完成培训",
                "整改中\n逾期"
            ]
        );
        assert_eq!(rows[1][0], "措施2");
        assert_eq!(rows[1][4], "");
        assert_eq!(rows[1][5], "未启动");
    }
}
