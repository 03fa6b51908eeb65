//! The 概览 dashboard: rates, the overdue and due-soon lists, and counts by category.

use chrono::NaiveDate;

use super::workbook::Workbook;
use crate::domain::overdue::{days_overdue, is_due_soon};
use crate::domain::{CategoryId, Deadline, MeasureId, MeasureStatus, ProblemId};

/// How many days ahead the 即将到期 list looks.
pub const DUE_SOON_DAYS: i64 = 7;

/// A measure in the overdue or due-soon list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeasureDue {
    /// The measure.
    pub measure_id: MeasureId,
    /// Its problem.
    pub problem_id: ProblemId,
    /// The problem's ledger number.
    pub problem_number: i64,
    /// 整改措施.
    pub content: String,
    /// 责任人 (or the division when no person is named).
    pub responsible: String,
    /// 整改时限.
    pub deadline: NaiveDate,
    /// Days past the deadline (overdue list) or days left (due-soon list).
    pub days: i64,
}

/// Problems and measures of one area.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryCount {
    /// The area; `None` for unclassified problems.
    pub area_id: Option<CategoryId>,
    /// Its name.
    pub name: String,
    /// Problems in it.
    pub problems: usize,
    /// Of those, problems whose measures are all completed or closed (none without measures).
    pub problems_done: usize,
    /// Measures of those problems.
    pub measures: usize,
    /// Of those, completed or closed.
    pub done: usize,
}

/// What the dashboard shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Dashboard {
    /// 完成率: completed or closed measures over all, 0 without measures.
    pub completion_rate: f32,
    /// 销号率: closed measures over all.
    pub close_out_rate: f32,
    /// Overdue measures, longest overdue first.
    pub overdue: Vec<MeasureDue>,
    /// Open measures due within [`DUE_SOON_DAYS`] days, soonest first.
    pub due_soon: Vec<MeasureDue>,
    /// Counts by area, in the taxonomy's order, unclassified last.
    pub by_category: Vec<CategoryCount>,
}

impl Dashboard {
    /// Works the dashboard out from the workbook.
    pub fn build(workbook: &Workbook) -> Self {
        let today = workbook.today;
        let total = workbook.measures.len();
        let count = |wanted: &[MeasureStatus]| {
            workbook
                .measures
                .iter()
                .filter(|measure| wanted.contains(&measure.status))
                .count()
        };
        let rate = |part: usize| {
            if total == 0 {
                0.0
            } else {
                part as f32 / total as f32
            }
        };
        let due = |measure: &crate::domain::Measure, date: NaiveDate, days: i64| MeasureDue {
            measure_id: measure.id,
            problem_id: measure.problem_id,
            problem_number: workbook
                .problem(measure.problem_id)
                .map_or(0, |problem| problem.number),
            content: measure.content.clone(),
            responsible: if measure.responsible_person.is_empty() {
                measure.responsible_division.clone()
            } else {
                measure.responsible_person.clone()
            },
            deadline: date,
            days,
        };
        let mut overdue = Vec::new();
        let mut due_soon = Vec::new();
        for measure in &workbook.measures {
            let Some(date) = measure.deadline.and_then(Deadline::date) else {
                continue;
            };
            if let Some(days) = days_overdue(measure.deadline, measure.status, today) {
                overdue.push(due(measure, date, days));
            } else if is_due_soon(measure.deadline, measure.status, today, DUE_SOON_DAYS) {
                due_soon.push(due(measure, date, (date - today).num_days()));
            }
        }
        overdue.sort_by_key(|item| (std::cmp::Reverse(item.days), item.problem_number));
        due_soon.sort_by_key(|item| (item.days, item.problem_number));
        Self {
            completion_rate: rate(count(&[MeasureStatus::Completed, MeasureStatus::Closed])),
            close_out_rate: rate(count(&[MeasureStatus::Closed])),
            overdue,
            due_soon,
            by_category: by_category(workbook),
        }
    }
}

fn by_category(workbook: &Workbook) -> Vec<CategoryCount> {
    let mut counts: Vec<CategoryCount> = workbook
        .areas()
        .map(|area| CategoryCount {
            area_id: Some(area.id),
            name: area.name.clone(),
            problems: 0,
            problems_done: 0,
            measures: 0,
            done: 0,
        })
        .collect();
    let mut unclassified = CategoryCount {
        area_id: None,
        name: "未分类".to_owned(),
        problems: 0,
        problems_done: 0,
        measures: 0,
        done: 0,
    };
    for row in &workbook.rows {
        let slot = counts
            .iter_mut()
            .find(|count| count.area_id.is_some() && count.area_id == row.area_id)
            .unwrap_or(&mut unclassified);
        let done = row
            .measure_statuses
            .iter()
            .filter(|status| matches!(status, MeasureStatus::Completed | MeasureStatus::Closed))
            .count();
        slot.problems += 1;
        // A problem counts as done once every one of its measures is; one without measures has
        // not been worked on yet.
        if row.measure_count > 0 && done == row.measure_count {
            slot.problems_done += 1;
        }
        slot.measures += row.measure_count;
        slot.done += done;
    }
    if unclassified.problems > 0 {
        counts.push(unclassified);
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo_workbook() -> Workbook {
        crate::view::test_fixtures::demo_workbook(
            60,
            3,
            NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
        )
    }

    #[test]
    fn counts_by_area_add_up_and_a_problem_is_done_when_all_its_measures_are() {
        let workbook = demo_workbook();
        let dashboard = Dashboard::build(&workbook);
        let areas = &dashboard.by_category;
        assert_eq!(
            areas.iter().map(|area| area.problems).sum::<usize>(),
            workbook.problems.len()
        );
        assert_eq!(
            areas.iter().map(|area| area.measures).sum::<usize>(),
            workbook.measures.len()
        );
        let done_problems = workbook
            .rows
            .iter()
            .filter(|row| {
                !row.measure_statuses.is_empty()
                    && row.measure_statuses.iter().all(|status| {
                        matches!(status, MeasureStatus::Completed | MeasureStatus::Closed)
                    })
            })
            .count();
        assert_eq!(
            areas.iter().map(|area| area.problems_done).sum::<usize>(),
            done_problems
        );
        for area in areas {
            assert!(area.problems_done <= area.problems, "{area:?}");
            assert!(area.done <= area.measures, "{area:?}");
        }
        // The overdue list matches the stored count, longest overdue first.
        assert_eq!(dashboard.overdue.len() as u64, workbook.summary.overdue);
        assert!(
            dashboard
                .overdue
                .windows(2)
                .all(|pair| pair[0].days >= pair[1].days)
        );
    }
}
