//! The first-run wizard: unit information, the campaign with its phases, the category taxonomy;
//! or, for someone who wants to look first, the sample workbook.

use eframe::egui;

use super::session::Session;

/// What the wizard asks the app to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WizardAction {
    /// Nothing yet.
    None,
    /// Fill the empty database with the sample unit's demo data (long work, off the UI thread).
    LoadSample,
}

/// The wizard's state.
#[derive(Default)]
pub struct WizardScreen {}

/// Draws the wizard on an empty database.
pub fn wizard_ui(
    ui: &mut egui::Ui,
    screen: &mut WizardScreen,
    session: &mut Session,
) -> WizardAction {
    let _ = (screen, session);
    ui.heading("欢迎使用整改台账");
    if ui.button("打开示例台账").clicked() {
        return WizardAction::LoadSample;
    }
    WizardAction::None
}
