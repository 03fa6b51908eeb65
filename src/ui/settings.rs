//! The 设置 screen.

use eframe::egui;

use super::nav::Nav;
use super::session::Session;

/// The screen's state.
#[derive(Default)]
pub struct SettingsScreen {}

/// Draws the screen.
pub fn settings_ui(
    ui: &mut egui::Ui,
    screen: &mut SettingsScreen,
    session: &mut Session,
    nav: &mut Nav,
) {
    let _ = (screen, session, nav);
    ui.heading("设置");
}
