//! Realistic demo data in the policy documents' vocabulary, created through commands.

use chrono::NaiveDate;

use crate::store::{Store, StoreResult};

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoOptions {
    /// How many problems.
    pub problems: usize,
    /// The random seed: the same seed (and `today`) gives the same data.
    pub seed: u64,
    /// The day the data is laid out around (deadlines before it are overdue).
    pub today: NaiveDate,
}

/// What was generated.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DemoReport {
    /// Problems added.
    pub problems: usize,
    /// Measures added.
    pub measures: usize,
}

/// Fills an initialised store with demo data in one transaction.
pub fn populate(store: &mut Store, options: &DemoOptions) -> StoreResult<DemoReport> {
    let _ = (store, options);
    Ok(DemoReport::default())
}
