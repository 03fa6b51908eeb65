//! 问题整改台账: the ledger of problems and their measures on A4 landscape, one row group per
//! problem spanning its measure rows.

use crate::domain::Deadline;
use crate::domain::date::format_date_zh;
use crate::domain::overdue::is_overdue;
use crate::report::canvas::Document;
use crate::report::data::{Index, unit_name};
use crate::report::error::ReportResult;
use crate::report::flow::{Flow, ParagraphStyle};
use crate::report::fonts::Pens;
use crate::report::geometry::{Margins, PageFrame, PageSize, mm};
use crate::report::table::{Align, Column, RowGroup, Table, TableStyle, place_table};
use crate::view::DocumentData;

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

fn columns() -> Vec<Column> {
    vec![
        Column::new("序号", 0.9, Align::Centre),
        Column::new("问题类别", 1.6, Align::Left),
        Column::new("问题表现", 3.3, Align::Left),
        Column::new("整改措施", 3.3, Align::Left),
        Column::new("责任领导", 1.0, Align::Centre),
        // Broken after the slash: left to the line breaker, the header's last character
        // would stand alone on the second line.
        Column::new("责任部门/\n责任人", 1.5, Align::Centre),
        Column::new("整改时限", 1.45, Align::Centre),
        Column::new("进展情况", 2.5, Align::Left),
        Column::new("状态", 0.9, Align::Centre),
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

/// `text` with what follows its last `separator` moved to a line of its own when `text` does
/// not fit on one line (`fits` says whether it does): a wrapped cell then never cuts the person
/// of "部门/责任人" or the item of "领域 / 具体问题" in two.
pub fn whole_after(text: &str, separator: &str, fits: impl Fn(&str) -> bool) -> String {
    match text.rsplit_once(separator) {
        Some((before, after)) if !before.is_empty() && !after.is_empty() && !fits(text) => {
            format!("{before}{}\n{after}", separator.trim_end())
        }
        _ => text.to_owned(),
    }
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
    let mut table = Table {
        columns: columns(),
        span_columns: 3,
        groups: ledger_groups(data),
        style: TableStyle::compact(CELL_SIZE),
    };
    let category_width = table.cell_text_width(1, frame.content_width());
    let responsible_width = table.cell_text_width(5, frame.content_width());
    let fits = |text: &str, width: f32| pen.width(text, CELL_SIZE) <= width;
    for group in &mut table.groups {
        if let Some(category) = group.spanning.get_mut(1) {
            *category = whole_after(category, " / ", |text| fits(text, category_width));
        }
        for row in &mut group.rows {
            if let Some(responsible) = row.get_mut(2) {
                *responsible = whole_after(responsible, "/", |text| fits(text, responsible_width));
            }
        }
    }
    place_table(&mut flow, pen, &table);
    if let Some(signed) = &data.signed {
        place_sign_off_block(&mut flow, pen, signed, 10.0);
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

    #[test]
    fn a_wrapped_cell_keeps_the_person_and_the_item_whole() {
        let short = |text: &str| text.chars().count() <= 8;
        assert_eq!(whole_after("督查室/罗子涵", "/", short), "督查室/罗子涵");
        assert_eq!(
            whole_after("行政审批科/郑浩然", "/", short),
            "行政审批科/\n郑浩然"
        );
        assert_eq!(
            whole_after("依法行政中的不担当问题 / 中层“肠梗阻”", " / ", short),
            "依法行政中的不担当问题 /\n中层“肠梗阻”"
        );
        // Nothing to keep whole: the text wraps as it is.
        assert_eq!(
            whole_after("行政审批科郑浩然", "/", short),
            "行政审批科郑浩然"
        );
    }
}
