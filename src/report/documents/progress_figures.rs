//! The figures of the progress report (整改进展情况报告), worked out from a snapshot: counts by
//! status, completion and close-out rates overall and by problem area, and the overdue list.
//!
//! The report has one definition of 已完成，used by its text, its table and its chart alike: a
//! measure is 已完成 when it is completed or closed out（已完成（含已销号））， and the measures
//! closed out are shown as a figure of their own within it（其中已销号）. The completion rate is
//! 已完成 over all measures, as the store's summary counts it.

use crate::domain::date::format_date_zh;
use crate::domain::overdue::days_overdue;
use crate::domain::snapshot::Snapshot;
use crate::domain::{CommitmentState, Deadline, MeasureStatus};
use crate::report::data::Index;

/// Counts for one problem area (or 未分类).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaFigures {
    /// The area's name.
    pub name: String,
    /// Problems in it.
    pub problems: usize,
    /// Their measures.
    pub measures: usize,
    /// Of those，已完成：completed or closed out (see [`counts_as_done`]).
    pub done: usize,
    /// Of those, closed out（其中已销号）.
    pub closed: usize,
}

impl AreaFigures {
    /// Completed-or-closed measures over all, 0 without measures.
    pub fn completion_rate(&self) -> f32 {
        rate(self.done, self.measures)
    }
}

/// An overdue measure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverdueRow {
    /// Its problem's ledger number.
    pub problem_number: i64,
    /// 整改措施.
    pub content: String,
    /// 责任部门 and 责任人，one a line.
    pub responsible: String,
    /// 整改时限.
    pub deadline: String,
    /// Days past the deadline.
    pub days: i64,
}

/// Everything the report counts.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgressFigures {
    /// Problems.
    pub problems: usize,
    /// Measures.
    pub measures: usize,
    /// Measures per status, in [`MeasureStatus::ALL`] order.
    pub by_status: Vec<(MeasureStatus, usize)>,
    /// Counts per area in the taxonomy's order, 未分类 last when present.
    pub areas: Vec<AreaFigures>,
    /// Overdue measures, longest overdue first.
    pub overdue: Vec<OverdueRow>,
    /// Rules.
    pub rules: usize,
    /// Commitments.
    pub commitments: usize,
    /// Of those, honoured.
    pub honoured: usize,
}

/// Whether a measure with `status` counts as 已完成 in the report: completed, or closed out.
pub fn counts_as_done(status: MeasureStatus) -> bool {
    matches!(status, MeasureStatus::Completed | MeasureStatus::Closed)
}

/// `part` over `whole`, 0 when `whole` is 0.
pub fn rate(part: usize, whole: usize) -> f32 {
    if whole == 0 {
        0.0
    } else {
        part as f32 / whole as f32
    }
}

/// A rate as users read it: `87.5%`.
pub fn percent(rate: f32) -> String {
    format!("{:.1}%", rate * 100.0)
}

impl ProgressFigures {
    /// Counts `snapshot` as of `today` (which decides what is overdue).
    pub fn of(snapshot: &Snapshot, today: chrono::NaiveDate) -> Self {
        let index = Index::new(snapshot);
        let by_status = MeasureStatus::ALL
            .iter()
            .map(|&status| {
                let count = snapshot
                    .measures
                    .iter()
                    .filter(|measure| measure.status == status)
                    .count();
                (status, count)
            })
            .collect();
        let mut areas: Vec<(Option<crate::domain::CategoryId>, AreaFigures)> = {
            let mut tops: Vec<_> = snapshot
                .categories
                .iter()
                .filter(|category| category.parent_id.is_none())
                .collect();
            tops.sort_by_key(|category| (category.position, category.id));
            tops.into_iter()
                .map(|area| (Some(area.id), empty_area(&area.name)))
                .collect()
        };
        areas.push((None, empty_area("未分类")));
        let mut overdue = Vec::new();
        for problem in &snapshot.problems {
            let area = index.area_of(problem.category_id);
            let slot = areas
                .iter()
                .position(|(id, _)| id.is_some() && *id == area)
                .unwrap_or(areas.len() - 1);
            let figures = &mut areas[slot].1;
            figures.problems += 1;
            for measure in index.measures_of(problem.id) {
                figures.measures += 1;
                if counts_as_done(measure.status) {
                    figures.done += 1;
                }
                if measure.status == MeasureStatus::Closed {
                    figures.closed += 1;
                }
                if let Some(days) = days_overdue(measure.deadline, measure.status, today) {
                    overdue.push(OverdueRow {
                        problem_number: problem.number,
                        content: measure.content.clone(),
                        responsible: [
                            measure.responsible_division.as_str(),
                            measure.responsible_person.as_str(),
                        ]
                        .iter()
                        .filter(|part| !part.is_empty())
                        .copied()
                        .collect::<Vec<_>>()
                        .join("\n"),
                        deadline: measure.deadline.map(deadline_zh).unwrap_or_default(),
                        days,
                    });
                }
            }
        }
        overdue.sort_by_key(|row| (std::cmp::Reverse(row.days), row.problem_number));
        let areas = areas
            .into_iter()
            .filter(|(id, figures)| id.is_some() || figures.problems > 0)
            .map(|(_, figures)| figures)
            .collect();
        Self {
            problems: snapshot.problems.len(),
            measures: snapshot.measures.len(),
            by_status,
            areas,
            overdue,
            rules: snapshot.rules.len(),
            commitments: snapshot.commitments.len(),
            honoured: snapshot
                .commitments
                .iter()
                .filter(|commitment| commitment.state == CommitmentState::Honoured)
                .count(),
        }
    }

    /// Measures with `status`.
    pub fn count(&self, status: MeasureStatus) -> usize {
        self.by_status
            .iter()
            .find(|(each, _)| *each == status)
            .map_or(0, |(_, count)| *count)
    }

    /// 已完成 measures: completed or closed out (see [`counts_as_done`]).
    pub fn done(&self) -> usize {
        self.by_status
            .iter()
            .filter(|(status, _)| counts_as_done(*status))
            .map(|(_, count)| count)
            .sum()
    }

    /// Measures closed out（已销号）， a part of [`Self::done`].
    pub fn closed(&self) -> usize {
        self.count(MeasureStatus::Closed)
    }

    /// 已完成 measures over all.
    pub fn completion_rate(&self) -> f32 {
        rate(self.done(), self.measures)
    }

    /// Closed measures over all.
    pub fn close_out_rate(&self) -> f32 {
        rate(self.closed(), self.measures)
    }
}

/// A deadline as the report prints it: the date in Chinese（2026年12月4日）， or 长期坚持.
fn deadline_zh(deadline: Deadline) -> String {
    deadline
        .date()
        .map_or_else(|| deadline.label(), format_date_zh)
}

fn empty_area(name: &str) -> AreaFigures {
    AreaFigures {
        name: name.to_owned(),
        problems: 0,
        measures: 0,
        done: 0,
        closed: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn done_counts_completed_and_closed_measures_and_closed_is_part_of_it() {
        let figures = ProgressFigures {
            problems: 3,
            measures: 10,
            by_status: vec![
                (MeasureStatus::NotStarted, 1),
                (MeasureStatus::InProgress, 2),
                (MeasureStatus::Completed, 3),
                (MeasureStatus::Closed, 4),
            ],
            areas: Vec::new(),
            overdue: Vec::new(),
            rules: 0,
            commitments: 0,
            honoured: 0,
        };
        assert_eq!((figures.done(), figures.closed()), (7, 4));
        assert_eq!(percent(figures.completion_rate()), "70.0%");
        assert_eq!(percent(figures.close_out_rate()), "40.0%");
        assert!(
            counts_as_done(MeasureStatus::Closed) && !counts_as_done(MeasureStatus::InProgress)
        );
        let date = chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        assert_eq!(deadline_zh(Deadline::Date(date)), "2026年12月4日");
        assert_eq!(deadline_zh(Deadline::LongTerm), "长期坚持");
    }

    #[test]
    fn rates_are_zero_without_measures_and_percent_has_one_decimal() {
        assert!(rate(3, 0).abs() < f32::EPSILON);
        assert_eq!(percent(rate(7, 8)), "87.5%");
        assert_eq!(percent(rate(1, 3)), "33.3%");
    }
}
