//! The 问题清单 table: one row per problem with what the columns show, and the filters, search
//! and sorting over those rows.

use std::cmp::Ordering;
use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::workbook::CategoryInfo;
use crate::domain::overdue::is_overdue;
use crate::domain::{
    CategoryId, Deadline, Measure, MeasureStatus, Problem, ProblemId, ProblemLevel, ProblemSource,
};

/// One row of the problem table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProblemRow {
    /// The problem.
    pub problem_id: ProblemId,
    /// 编号.
    pub number: i64,
    /// The category, if classified.
    pub category_id: Option<CategoryId>,
    /// The area the category belongs to (the category itself for an area).
    pub area_id: Option<CategoryId>,
    /// 类别: `area / item`.
    pub category: String,
    /// 层级.
    pub level: ProblemLevel,
    /// 来源.
    pub source: ProblemSource,
    /// 问题表现.
    pub description: String,
    /// 措施数.
    pub measure_count: usize,
    /// 状态: the least advanced status among its measures; `None` without measures.
    pub status: Option<MeasureStatus>,
    /// 最近时限: the earliest date deadline of its open measures, else 长期坚持 if any.
    pub nearest_deadline: Option<Deadline>,
    /// How many of its measures are overdue.
    pub overdue: usize,
    /// The status of each of its measures, in order.
    pub measure_statuses: Vec<MeasureStatus>,
    /// The responsible leaders, divisions and persons of its measures, space-separated.
    pub responsible: String,
    /// Everything searchable, lower-cased: the problem's texts and its measures' texts.
    pub search_text: String,
}

/// Builds the row of one problem from its measures.
pub(super) fn problem_row(
    problem: &Problem,
    measures: &[&Measure],
    categories: &HashMap<CategoryId, CategoryInfo>,
    today: NaiveDate,
) -> ProblemRow {
    let info = problem.category_id.and_then(|id| categories.get(&id));
    let open: Vec<&&Measure> = measures
        .iter()
        .filter(|measure| measure.status.is_open())
        .collect();
    let nearest_deadline = open
        .iter()
        .filter_map(|measure| measure.deadline.and_then(Deadline::date))
        .min()
        .map(Deadline::Date)
        .or_else(|| {
            open.iter()
                .any(|measure| measure.deadline == Some(Deadline::LongTerm))
                .then_some(Deadline::LongTerm)
        });
    let mut responsible: Vec<&str> = Vec::new();
    for measure in measures {
        for name in [
            &measure.responsible_leader,
            &measure.responsible_division,
            &measure.responsible_person,
        ] {
            if !name.is_empty() && !responsible.contains(&name.as_str()) {
                responsible.push(name);
            }
        }
    }
    let responsible = responsible.join(" ");
    let mut search_text = format!(
        "{} {} {} {} {} {}",
        problem.number,
        problem.subject,
        problem.description,
        problem.example,
        problem.cause,
        responsible
    );
    for measure in measures {
        search_text.push(' ');
        search_text.push_str(&measure.content);
        search_text.push(' ');
        search_text.push_str(&measure.goal);
    }
    ProblemRow {
        problem_id: problem.id,
        number: problem.number,
        category_id: problem.category_id,
        area_id: info.map(|info| info.area),
        category: info.map(|info| info.label.clone()).unwrap_or_default(),
        level: problem.level,
        source: problem.source,
        description: problem.description.clone(),
        measure_count: measures.len(),
        status: measures.iter().map(|measure| measure.status).min(),
        measure_statuses: measures.iter().map(|measure| measure.status).collect(),
        nearest_deadline,
        overdue: measures
            .iter()
            .filter(|measure| is_overdue(measure.deadline, measure.status, today))
            .count(),
        responsible,
        search_text: search_text.to_lowercase(),
    }
}

/// What the table is narrowed to; kept between runs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LedgerFilter {
    /// An area (with all its items) or one item.
    pub category: Option<CategoryId>,
    /// 层级.
    pub level: Option<ProblemLevel>,
    /// 来源.
    pub source: Option<ProblemSource>,
    /// Problems with at least one measure in this status.
    pub status: Option<MeasureStatus>,
    /// A responsible leader, division or person (substring).
    pub responsible: String,
    /// Only problems with an overdue measure.
    pub overdue_only: bool,
    /// Search text (substring, case-insensitive).
    pub search: String,
}

impl LedgerFilter {
    /// Whether any filter is set.
    pub fn is_active(&self) -> bool {
        *self != Self::default()
    }

    /// Whether `row` passes; `search` is the search text trimmed and lower-cased.
    fn accepts(&self, row: &ProblemRow, search: &str) -> bool {
        self.category.is_none_or(|category| {
            row.category_id == Some(category) || row.area_id == Some(category)
        }) && self.level.is_none_or(|level| row.level == level)
            && self.source.is_none_or(|source| row.source == source)
            && self
                .status
                .is_none_or(|status| row.measure_statuses.contains(&status))
            && (self.responsible.trim().is_empty()
                || row.responsible.contains(self.responsible.trim()))
            && (!self.overdue_only || row.overdue > 0)
            && (search.is_empty() || row.search_text.contains(search))
    }
}

/// The columns the table can be sorted by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum SortColumn {
    /// 编号.
    #[default]
    Number,
    /// 类别.
    Category,
    /// 层级.
    Level,
    /// 来源.
    Source,
    /// 措施数.
    Measures,
    /// 状态.
    Status,
    /// 最近时限.
    Deadline,
}

/// Ascending or descending.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum SortOrder {
    /// Smallest first.
    #[default]
    Ascending,
    /// Largest first.
    Descending,
}

/// The indices into `rows` that pass `filter`, sorted by `column` in `order` (ties by number).
pub fn filter_and_sort(
    rows: &[ProblemRow],
    filter: &LedgerFilter,
    column: SortColumn,
    order: SortOrder,
) -> Vec<usize> {
    let search = filter.search.trim().to_lowercase();
    let mut indices: Vec<usize> = rows
        .iter()
        .enumerate()
        .filter(|(_, row)| filter.accepts(row, &search))
        .map(|(index, _)| index)
        .collect();
    indices.sort_by(|&a, &b| {
        let (a, b) = (&rows[a], &rows[b]);
        let primary = compare_by(column, a, b);
        let primary = match order {
            SortOrder::Ascending => primary,
            SortOrder::Descending => primary.reverse(),
        };
        primary.then(a.number.cmp(&b.number))
    });
    indices
}

fn compare_by(column: SortColumn, a: &ProblemRow, b: &ProblemRow) -> Ordering {
    match column {
        SortColumn::Number => a.number.cmp(&b.number),
        SortColumn::Category => a.category.cmp(&b.category),
        SortColumn::Level => a.level.cmp(&b.level),
        SortColumn::Source => a.source.cmp(&b.source),
        SortColumn::Measures => a.measure_count.cmp(&b.measure_count),
        SortColumn::Status => a.status.cmp(&b.status),
        // Dates first (earliest first), then 长期坚持, then none.
        SortColumn::Deadline => {
            deadline_key(a.nearest_deadline).cmp(&deadline_key(b.nearest_deadline))
        }
    }
}

fn deadline_key(deadline: Option<Deadline>) -> (u8, Option<NaiveDate>) {
    match deadline {
        Some(Deadline::Date(date)) => (0, Some(date)),
        Some(Deadline::LongTerm) => (1, None),
        None => (2, None),
    }
}
