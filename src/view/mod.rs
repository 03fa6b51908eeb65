//! View models for the desktop app, built from the store and free of any UI toolkit: the app
//! draws them, and tests and benchmarks exercise filtering, sorting and search without a window.
//! They are rebuilt after each edit, never read with SQL during a frame.

pub mod aggregate;
pub mod dashboard;
pub mod ledger;
pub mod submission;
pub mod workbook;

pub use aggregate::{AggregateView, UnitLine};
pub use dashboard::{CategoryCount, Dashboard, MeasureDue};
pub use ledger::{LedgerFilter, ProblemRow, SortColumn, SortOrder, filter_and_sort};
pub use submission::{Submission, revision_changes, revision_snapshot};
pub use workbook::Workbook;
