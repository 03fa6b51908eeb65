//! Keyboard conventions of the modal dialogs, and the "are you sure?" dialog destructive
//! actions show first.
//!
//! Enter confirms a dialog, except in a multi-line field where it starts a new line; Esc
//! closes it. Neither reaches the dialog while an input method is composing (see
//! [`crate::ui::widgets::ime_guard`]). A click beside a dialog does not close it: that would throw away
//! what the user typed.

use eframe::egui::{self, Key, Modifiers, RichText};

/// Width of the dialogs' content.
pub const DIALOG_WIDTH: f32 = 480.0;

/// Whether Enter was pressed this frame to confirm the dialog: not while one of the
/// `multiline` fields has focus, where Enter makes a new line.
pub fn enter_confirms(ui: &egui::Ui, multiline: &[egui::Response]) -> bool {
    let in_multiline = multiline.iter().any(egui::Response::has_focus);
    !in_multiline && ui.input(|input| input.key_pressed(Key::Enter))
}

/// Whether Esc was pressed for this dialog (only the topmost dialog takes it).
pub fn escape_closes<T>(response: &egui::ModalResponse<T>) -> bool {
    response.is_top_modal
        && !response.any_popup_open
        && response
            .response
            .ctx
            .input_mut(|input| input.consume_key(Modifiers::NONE, Key::Escape))
}

/// The user's answer to a confirmation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirmation {
    /// Still asking.
    Open,
    /// Go ahead.
    Confirmed,
    /// Do not.
    Cancelled,
}

/// Asks before a destructive action: `message` says what will be lost; the confirm button
/// carries `confirm_label` (e.g. 删除). Enter confirms, Esc cancels.
pub fn confirm_ui(
    ctx: &egui::Context,
    id: &str,
    title: &str,
    message: &str,
    confirm_label: &str,
) -> Confirmation {
    let response = egui::Modal::new(egui::Id::unique(id)).show(ctx, |ui| {
        ui.set_max_width(DIALOG_WIDTH);
        ui.heading(title);
        ui.add_space(4.0);
        ui.label(message);
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            let confirm =
                ui.button(RichText::new(confirm_label).color(ui.visuals().error_fg_color));
            let cancel = ui.button("取消");
            ui.weak("回车确认，Esc 取消");
            if cancel.clicked() {
                Confirmation::Cancelled
            } else if confirm.clicked() || enter_confirms(ui, &[]) {
                Confirmation::Confirmed
            } else {
                Confirmation::Open
            }
        })
        .inner
    });
    if escape_closes(&response) {
        Confirmation::Cancelled
    } else {
        response.inner
    }
}

/// Asks before deleting a problem or a measure: `title`, a quote of what is deleted, what goes
/// with it (`consequences`), and whether Ctrl+Z can bring it back. Enter deletes; Esc or a click
/// beside the dialog cancels.
pub fn delete_dialog_ui(
    ctx: &egui::Context,
    id: &str,
    title: &str,
    quote: &str,
    consequences: &str,
    undoable: bool,
) -> Confirmation {
    let mut confirmed = false;
    let mut cancelled = false;
    let modal = egui::Modal::new(egui::Id::unique(id)).show(ctx, |ui| {
        ui.set_max_width(420.0);
        ui.heading(title);
        ui.add_space(4.0);
        ui.label(quote);
        ui.add_space(8.0);
        ui.label(consequences);
        if undoable {
            ui.label("删除后可以用 Ctrl+Z 撤销。");
        } else {
            ui.label(RichText::new("删除后不能撤销。").strong());
        }
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            let danger = RichText::new("删除").color(ui.visuals().error_fg_color);
            confirmed = ui.button(danger).clicked();
            cancelled = ui.button("取消").clicked();
        });
        ui.weak("Enter 删除 · Esc 取消");
    });
    if cancelled || modal.should_close() {
        Confirmation::Cancelled
    } else if confirmed || ctx.input(|input| input.key_pressed(Key::Enter)) {
        Confirmation::Confirmed
    } else {
        Confirmation::Open
    }
}
