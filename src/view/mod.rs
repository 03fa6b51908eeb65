//! View models and document data, built from the store and free of any UI toolkit: the app
//! draws the view models, the documents are made from the document data (they never read the
//! store themselves), and tests and benchmarks exercise filtering, sorting and search without a
//! window. They are rebuilt after each edit, never read with SQL during a frame.

pub mod aggregate;
pub mod dashboard;
pub mod documents;
pub mod error;
pub mod guide;
pub mod ledger;
pub mod search;
pub mod submission;
#[cfg(test)]
mod test_fixtures;
pub mod workbook;

pub use aggregate::{
    AggregateView, CountColumn, Figure, UNIT_COUNT_COLUMNS, UnitLine, WORKBOOK_EXTRA_COLUMNS,
};
pub use dashboard::{CategoryCount, Dashboard, MeasureDue};
pub use documents::{DocumentData, Previous, Signed};
pub use error::{ViewError, ViewResult};
pub use guide::{Guide, GuideLine, GuideMarks, GuideStep};
pub use ledger::{
    LedgerFilter, LedgerMatch, ProblemRow, SortColumn, SortOrder, filter_and_sort,
    filter_and_sort_matches,
};
pub use search::{FoundIn, SearchIndex, SearchQuery, SearchText, highlight_ranges};
pub use submission::{Submission, revision_changes, revision_snapshot};
pub use workbook::Workbook;
// The counts the views carry, so that the documents made from them can name the type without
// reaching into the store.
pub use crate::store::{StatusCounts, Summary};
