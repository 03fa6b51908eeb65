//! The superior office's dashboard across units (汇总): one row per unit from its newest received
//! revision, and the totals.

use chrono::NaiveDate;

use crate::domain::{Office, ReceivedRevision};
use crate::store::{Store, StoreResult, Summary};

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

/// The aggregate as the dashboard shows it.
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
    /// Reads the aggregate as of `today`; `None` when the store is not an aggregate.
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
}
