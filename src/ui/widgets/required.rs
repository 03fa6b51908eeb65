//! Form rows that mark a field the user must fill with a red `*` after its label, and the
//! message shown under a field that is not filled in right.
//!
//! The star is a label of its own beside the field's label, so the field is still named by its
//! label alone (for screen readers and the UI tests), and the row keeps the width of every other
//! row's label column.

use eframe::egui::{self, Response, RichText};

use crate::ui::widgets::LABEL_WIDTH;

/// The width the red star takes at the end of the label column.
const STAR_WIDTH: f32 = 8.0;

/// The label at the start of a form row, as wide as every other row's, followed by a red `*`
/// when `required`. Returns the label's response, to name the field with.
pub fn label_cell_marked(ui: &mut egui::Ui, label: &str, required: bool) -> Response {
    let height = ui.spacing().interact_size.y;
    if !required {
        return ui.add_sized([LABEL_WIDTH, height], egui::Label::new(label));
    }
    let spacing = ui.spacing().item_spacing.x;
    let label_response = ui.add_sized(
        [LABEL_WIDTH - STAR_WIDTH - spacing, height],
        egui::Label::new(label),
    );
    ui.add_sized(
        [STAR_WIDTH, height],
        egui::Label::new(RichText::new("*").color(ui.visuals().error_fg_color)),
    )
    .on_hover_text("必填");
    label_response
}

/// A label marked as required and a single-line text field on one row; the field is named by
/// the label.
pub fn required_text_row(ui: &mut egui::Ui, label: &str, value: &mut String) -> Response {
    ui.horizontal(|ui| {
        let label = label_cell_marked(ui, label, true);
        ui.add(egui::TextEdit::singleline(value).desired_width(f32::INFINITY))
            .labelled_by(label.id)
    })
    .inner
}

/// A label marked as required and a multi-line text field; Enter makes a new line.
pub fn required_text_area_row(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut String,
    rows: usize,
) -> Response {
    ui.horizontal_top(|ui| {
        let label = label_cell_marked(ui, label, true);
        ui.add(
            egui::TextEdit::multiline(value)
                .desired_rows(rows)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id)
    })
    .inner
}

/// The message about the field above, in the error colour and lined up with the fields; nothing
/// when there is none.
pub fn field_message_ui(ui: &mut egui::Ui, message: Option<&str>) {
    if let Some(message) = message {
        ui.horizontal(|ui| {
            ui.add_space(LABEL_WIDTH + ui.spacing().item_spacing.x);
            // Wrapped within the fields' width, so a long message stays lined up.
            ui.add(
                egui::Label::new(RichText::new(message).color(ui.visuals().error_fg_color)).wrap(),
            );
        });
    }
}
