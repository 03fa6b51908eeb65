//! The 默认签字人 tab of 设置: the 填报人, 审核人 and 主要负责人 every sign-off starts from. They
//! are business data, stored in the workbook through a command (so they travel with the file
//! and can be undone), not UI preferences.

use eframe::egui::{self, RichText};
use zhenggai::domain::{Command, DefaultSigners};

use crate::ui::settings::Synced;
use crate::ui::shell::session::Session;
use crate::ui::widgets::{LABEL_WIDTH, error_label, text_row};

/// The tab's state.
#[derive(Default)]
pub struct SignersForm {
    form: Option<Synced<DefaultSigners>>,
    error: Option<String>,
}

/// Draws the tab.
pub fn signers_form_ui(ui: &mut egui::Ui, state: &mut SignersForm, session: &mut Session) {
    let stored = session.workbook.default_signers.clone();
    let unit_leader = session
        .workbook
        .unit
        .as_ref()
        .map(|unit| unit.leader.clone())
        .unwrap_or_default();
    let form = state
        .form
        .get_or_insert_with(|| Synced::new(stored.clone()));
    form.sync(&stored);

    ui.label(RichText::new("默认签字人").strong().size(16.0));
    ui.label("审核签发时自动填入以下姓名，签发时仍可逐次修改。可以只填已确定的人。");
    ui.add_space(6.0);
    text_row(ui, "填报人", &mut form.edit.preparer);
    text_row(ui, "审核人", &mut form.edit.reviewer);
    text_row(ui, "主要负责人", &mut form.edit.leader);
    if form.edit.leader.trim().is_empty() && !unit_leader.is_empty() {
        ui.horizontal(|ui| {
            ui.add_space(LABEL_WIDTH + ui.spacing().item_spacing.x);
            if ui
                .button(format!("填入单位主要负责人「{unit_leader}」"))
                .clicked()
            {
                form.edit.leader = unit_leader;
            }
        });
    }
    ui.horizontal(|ui| {
        let dirty = form.is_dirty();
        if ui
            .add_enabled(dirty, egui::Button::new("保存默认签字人"))
            .clicked()
        {
            match form.edit.clone().validate() {
                Ok(signers) => {
                    state.error = None;
                    session.queue(Command::SetDefaultSigners(signers));
                }
                Err(err) => state.error = Some(err.to_string()),
            }
        }
        if ui
            .add_enabled(dirty, egui::Button::new("放弃修改"))
            .clicked()
        {
            form.revert();
            state.error = None;
        }
    });
    if let Some(error) = &state.error {
        error_label(ui, error);
    }
}
