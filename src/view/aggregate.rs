//! The superior office's view across units （汇总）：one row per unit from its newest received
//! revision, and the totals. The aggregate screen, the consolidated workbook and the
//! 各单位整改情况汇总报告 all show it, and take the count columns of their per-unit tables from
//! [`UNIT_COUNT_COLUMNS`], so the three say the same thing under the same headers.

use chrono::NaiveDate;

use crate::domain::{Office, ReceivedRevision};
use crate::store::{Store, StoreError, StoreResult, Summary};

/// One unit's line on the aggregate dashboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitLine {
    /// The newest received revision.
    pub received: ReceivedRevision,
    /// How many revisions of the unit have been received.
    pub revisions: usize,
    /// Its counts.
    pub summary: Summary,
}

/// The aggregate as the screen, the workbook and the summary report show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AggregateView {
    /// The office.
    pub office: Office,
    /// The day overdue is counted for.
    pub today: NaiveDate,
    /// Units by name.
    pub units: Vec<UnitLine>,
    /// Everything added up.
    pub total: Summary,
}

impl AggregateView {
    /// Reads the aggregate as of `today`; `None` when the store is not an aggregate (the app then
    /// shows the unit screens).
    pub fn load(store: &Store, today: NaiveDate) -> StoreResult<Option<Self>> {
        let Some(office) = store.office()? else {
            return Ok(None);
        };
        let all = store.received_revisions()?;
        let summary = store.aggregate_summary(today)?;
        let units = store
            .latest_received()?
            .into_iter()
            .zip(summary.per_unit)
            .map(|(received, unit)| UnitLine {
                revisions: all.iter().filter(|r| r.unit == received.unit).count(),
                received,
                summary: unit.summary,
            })
            .collect();
        Ok(Some(Self {
            office,
            today,
            units,
            total: summary.total,
        }))
    }

    /// Reads the aggregate as of `today` for an export, refused with
    /// [`StoreError::NotAggregate`] when the store is a unit's.
    pub fn load_required(store: &Store, today: NaiveDate) -> StoreResult<Self> {
        Self::load(store, today)?.ok_or(StoreError::NotAggregate)
    }
}

/// One count of a [`Summary`] as a column of a per-unit table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountColumn {
    /// 问题： problems.
    Problems,
    /// 措施： measures.
    Measures,
    /// 未启动： measures not started.
    NotStarted,
    /// 整改中： measures in progress.
    InProgress,
    /// 已完成： measures completed, not yet closed out.
    Completed,
    /// 已销号： measures closed out.
    Closed,
    /// 逾期未完成： open measures past their date deadline.
    Overdue,
    /// 完成率： completed or closed measures over all.
    CompletionRate,
    /// 整改承诺： commitments.
    Commitments,
    /// 制度： rules.
    Rules,
}

/// The count columns of every per-unit table — the aggregate screen's, the consolidated
/// workbook's and the summary report's — in this order, after the columns that name the unit
/// and its revision.
pub const UNIT_COUNT_COLUMNS: [CountColumn; 8] = [
    CountColumn::Problems,
    CountColumn::Measures,
    CountColumn::NotStarted,
    CountColumn::InProgress,
    CountColumn::Completed,
    CountColumn::Closed,
    CountColumn::Overdue,
    CountColumn::CompletionRate,
];

/// The counts the consolidated workbook adds after [`UNIT_COUNT_COLUMNS`]: a spreadsheet has
/// room for them, the screen and the landscape page do not (both show them in the totals).
pub const WORKBOOK_EXTRA_COLUMNS: [CountColumn; 2] = [CountColumn::Commitments, CountColumn::Rules];

/// What a count column holds for one unit or for the total.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Figure {
    /// A number of records.
    Count(u64),
    /// A share from 0 to 1, shown as a percentage.
    Rate(f64),
}

impl CountColumn {
    /// The column's header.
    pub fn header(self) -> &'static str {
        match self {
            Self::Problems => "问题",
            Self::Measures => "措施",
            Self::NotStarted => "未启动",
            Self::InProgress => "整改中",
            Self::Completed => "已完成",
            Self::Closed => "已销号",
            // The count is of measures past their deadline and still open, which is what
            // 逾期未完成 says; a bare 逾期 would also fit work finished late.
            Self::Overdue => "逾期未完成",
            Self::CompletionRate => "完成率",
            Self::Commitments => "整改承诺",
            Self::Rules => "制度",
        }
    }

    /// The column's value in `summary`.
    pub fn figure(self, summary: &Summary) -> Figure {
        let by_status = &summary.measures_by_status;
        match self {
            Self::Problems => Figure::Count(summary.problems),
            Self::Measures => Figure::Count(summary.measures),
            Self::NotStarted => Figure::Count(by_status.not_started),
            Self::InProgress => Figure::Count(by_status.in_progress),
            Self::Completed => Figure::Count(by_status.completed),
            Self::Closed => Figure::Count(by_status.closed),
            Self::Overdue => Figure::Count(summary.overdue),
            Self::CompletionRate => Figure::Rate(summary.completion_rate()),
            Self::Commitments => Figure::Count(summary.commitments),
            Self::Rules => Figure::Count(summary.rules),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::StatusCounts;

    #[test]
    fn each_count_column_reads_its_own_count_under_its_own_header() {
        let summary = Summary {
            units: 1,
            problems: 1,
            measures: 2 + 3 + 4 + 5,
            measures_by_status: StatusCounts {
                not_started: 2,
                in_progress: 3,
                completed: 4,
                closed: 5,
            },
            overdue: 6,
            commitments: 7,
            rules: 8,
            revision: None,
        };
        let all: Vec<CountColumn> = UNIT_COUNT_COLUMNS
            .into_iter()
            .chain(WORKBOOK_EXTRA_COLUMNS)
            .collect();
        let figures: Vec<Figure> = all.iter().map(|column| column.figure(&summary)).collect();
        assert_eq!(
            figures,
            [
                Figure::Count(1),
                Figure::Count(14),
                Figure::Count(2),
                Figure::Count(3),
                Figure::Count(4),
                Figure::Count(5),
                Figure::Count(6),
                Figure::Rate(9.0 / 14.0),
                Figure::Count(7),
                Figure::Count(8),
            ]
        );
        let mut headers: Vec<&str> = all.iter().map(|column| column.header()).collect();
        assert!(headers.contains(&"逾期未完成"), "{headers:?}");
        headers.sort_unstable();
        headers.dedup();
        assert_eq!(headers.len(), all.len(), "every header names one count");
    }
}
