//! The 整改承诺 screen.

use eframe::egui;

use super::nav::Nav;
use super::session::Session;

/// The screen's state.
#[derive(Default)]
pub struct CommitmentsScreen {}

/// Draws the screen.
pub fn commitments_ui(
    ui: &mut egui::Ui,
    screen: &mut CommitmentsScreen,
    session: &mut Session,
    nav: &mut Nav,
) {
    let _ = (screen, session, nav);
    ui.heading("整改承诺");
}
