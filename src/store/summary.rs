//! The summary counts (`summary --json`, the dashboard): problems, measures by status, overdue,
//! commitments, rules and the latest revision.

use chrono::NaiveDate;
use serde::Serialize;

use super::Store;
use super::error::StoreResult;
use crate::domain::MeasureStatus;
use crate::domain::overdue::is_overdue;
use crate::domain::snapshot::Snapshot;

/// Measures counted by status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct StatusCounts {
    /// 未启动.
    pub not_started: u64,
    /// 整改中.
    pub in_progress: u64,
    /// 已完成.
    pub completed: u64,
    /// 已销号.
    pub closed: u64,
}

impl StatusCounts {
    /// Counts one more measure in `status`.
    pub fn add(&mut self, status: MeasureStatus) {
        let slot = match status {
            MeasureStatus::NotStarted => &mut self.not_started,
            MeasureStatus::InProgress => &mut self.in_progress,
            MeasureStatus::Completed => &mut self.completed,
            MeasureStatus::Closed => &mut self.closed,
        };
        *slot += 1;
    }

    /// All measures counted.
    pub fn total(&self) -> u64 {
        self.not_started + self.in_progress + self.completed + self.closed
    }

    /// The measures 已完成 as every report and screen counts them: completed or closed out
    /// （已完成，含已销号）.
    pub fn done(&self) -> u64 {
        self.completed + self.closed
    }
}

/// The summary of one working database; its JSON is the shape DESIGN §8 fixes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Units (1 in a working database, 0 before `init`).
    pub units: u64,
    /// Problems.
    pub problems: u64,
    /// Measures.
    pub measures: u64,
    /// Measures by status.
    pub measures_by_status: StatusCounts,
    /// Open measures past their date deadline.
    pub overdue: u64,
    /// Commitments.
    pub commitments: u64,
    /// Rules.
    pub rules: u64,
    /// The latest signed-off revision, if any.
    pub revision: Option<i64>,
}

impl Summary {
    /// The counts of one unit's frozen data (a received revision), as of `today`.
    pub fn of_snapshot(snapshot: &Snapshot, revision: Option<i64>, today: NaiveDate) -> Self {
        let mut measures_by_status = StatusCounts::default();
        let mut overdue = 0;
        for measure in &snapshot.measures {
            measures_by_status.add(measure.status);
            if is_overdue(measure.deadline, measure.status, today) {
                overdue += 1;
            }
        }
        Self {
            units: u64::from(snapshot.unit.is_some()),
            problems: snapshot.problems.len() as u64,
            measures: measures_by_status.total(),
            measures_by_status,
            overdue,
            commitments: snapshot.commitments.len() as u64,
            rules: snapshot.rules.len() as u64,
            revision,
        }
    }

    /// Adds another unit's counts to these (the revision is not added up).
    pub fn add(&mut self, other: &Self) {
        self.units += other.units;
        self.problems += other.problems;
        self.measures += other.measures;
        let (mine, theirs) = (&mut self.measures_by_status, &other.measures_by_status);
        mine.not_started += theirs.not_started;
        mine.in_progress += theirs.in_progress;
        mine.completed += theirs.completed;
        mine.closed += theirs.closed;
        self.overdue += other.overdue;
        self.commitments += other.commitments;
        self.rules += other.rules;
    }

    /// The share of measures completed or closed out, 0–1; 0 when there are none.
    pub fn completion_rate(&self) -> f64 {
        if self.measures == 0 {
            return 0.0;
        }
        self.measures_by_status.done() as f64 / self.measures as f64
    }
}

impl Store {
    /// Counts everything as of `today` (which decides what is overdue).
    pub fn summary(&self, today: NaiveDate) -> StoreResult<Summary> {
        let count = |sql: &str| -> StoreResult<u64> {
            let value: i64 = self.conn.query_row(sql, [], |row| row.get(0))?;
            Ok(value as u64)
        };
        let mut measures_by_status = StatusCounts::default();
        let mut overdue = 0;
        // Overdue comes from the domain rule, not from SQL, so every screen and document agrees.
        let mut statement = self.conn.prepare("SELECT deadline, status FROM measure")?;
        let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
        for row in rows {
            let (deadline, status) = row?;
            measures_by_status.add(status);
            if is_overdue(deadline, status, today) {
                overdue += 1;
            }
        }
        Ok(Summary {
            units: count("SELECT count(*) FROM unit")?,
            problems: count("SELECT count(*) FROM problem")?,
            measures: measures_by_status.total(),
            measures_by_status,
            overdue,
            commitments: count("SELECT count(*) FROM commitment")?,
            rules: count("SELECT count(*) FROM rule")?,
            revision: self
                .conn
                .query_row("SELECT max(number) FROM revision", [], |row| row.get(0))?,
        })
    }
}
