//! The 制度清单 screen.

use eframe::egui;

use super::nav::Nav;
use super::session::Session;

/// The screen's state.
#[derive(Default)]
pub struct RulesScreen {}

/// Draws the screen.
pub fn rules_ui(ui: &mut egui::Ui, screen: &mut RulesScreen, session: &mut Session, nav: &mut Nav) {
    let _ = (screen, session, nav);
    ui.heading("制度清单");
}
