//! A confirmation dialog for destructive actions: it says what will be lost and offers the
//! action and 取消. Enter confirms; Esc, 取消 or a click beside the dialog cancels.

use eframe::egui::{self, Key, Modifiers, RichText};

/// What the user did with the dialog this frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirm {
    /// Still open: nothing decided yet.
    Open,
    /// The action was confirmed.
    Confirmed,
    /// The dialog was dismissed; nothing is to be done.
    Cancelled,
}

/// Shows the dialog (call it every frame while it should be open) and reports the decision.
pub fn confirm_dialog_ui(
    ctx: &egui::Context,
    id_salt: &str,
    title: &str,
    message: &str,
    confirm_label: &str,
) -> Confirm {
    let mut decision = Confirm::Open;
    let response =
        egui::Modal::new(egui::Id::unique(("confirm_dialog", id_salt))).show(ctx, |ui| {
            ui.set_max_width(420.0);
            ui.heading(title);
            ui.add_space(6.0);
            ui.label(message);
            ui.add_space(12.0);
            ui.horizontal(|ui| {
                let danger = ui.visuals().error_fg_color;
                if ui
                    .button(RichText::new(confirm_label).color(danger))
                    .clicked()
                {
                    decision = Confirm::Confirmed;
                }
                if ui.button("取消").clicked() {
                    decision = Confirm::Cancelled;
                }
                ui.weak("回车确认,Esc 取消");
            });
            // The dialog holds no text field, so Enter cannot be part of an IME composition here.
            if decision == Confirm::Open
                && ui.input_mut(|input| input.consume_key(Modifiers::NONE, Key::Enter))
            {
                decision = Confirm::Confirmed;
            }
        });
    if decision == Confirm::Open && response.should_close() {
        decision = Confirm::Cancelled;
    }
    decision
}
