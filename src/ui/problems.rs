//! The 问题清单 screen: the problem table with filters, search and sorting, and the problem and
//! measure editors it opens.

use eframe::egui;
use zhenggai::view::{LedgerFilter, SortColumn, SortOrder};

use super::nav::Nav;
use super::session::Session;

/// What the table remembers between runs.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct LedgerPrefs {
    /// The filters and search text.
    pub filter: LedgerFilter,
    /// The sort column.
    pub column: SortColumn,
    /// The sort order.
    pub order: SortOrder,
}

/// The screen's state.
#[derive(Default)]
pub struct ProblemsScreen {
    /// Remembered between runs.
    pub prefs: LedgerPrefs,
}

/// Draws the problem list.
pub fn problems_ui(
    ui: &mut egui::Ui,
    screen: &mut ProblemsScreen,
    session: &mut Session,
    nav: &mut Nav,
) {
    let _ = (screen, nav);
    ui.heading("问题清单");
    ui.label(format!("共 {} 个问题", session.workbook.problems.len()));
}
