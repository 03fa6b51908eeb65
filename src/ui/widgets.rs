//! Form pieces every screen uses: labelled text fields (labelled for screen readers and the UI
//! tests), date fields with inline Chinese validation, and drop-downs for the domain's
//! vocabularies.

use chrono::NaiveDate;
use eframe::egui::{self, Response, RichText};
use zhenggai::domain::date::parse_date;

/// The width of the label column in forms.
pub const LABEL_WIDTH: f32 = 88.0;

/// A label and a single-line text field on one row; the field is named by the label.
pub fn text_row(ui: &mut egui::Ui, label: &str, value: &mut String) -> Response {
    ui.horizontal(|ui| {
        let label = label_cell(ui, label);
        ui.add(egui::TextEdit::singleline(value).desired_width(f32::INFINITY))
            .labelled_by(label.id)
    })
    .inner
}

/// A label and a multi-line text field; Enter makes a new line, as users expect in 问题表现.
pub fn text_area_row(ui: &mut egui::Ui, label: &str, value: &mut String, rows: usize) -> Response {
    ui.horizontal_top(|ui| {
        let label = label_cell(ui, label);
        ui.add(
            egui::TextEdit::multiline(value)
                .desired_rows(rows)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id)
    })
    .inner
}

/// A label and a `YYYY-MM-DD` field; a non-empty text that is not a real date shows the
/// reason in red under it. Returns the parsed date when the text is a valid one.
pub fn date_row(ui: &mut egui::Ui, label: &'static str, text: &mut String) -> Option<NaiveDate> {
    ui.horizontal(|ui| {
        let label_response = label_cell(ui, label);
        ui.add(
            egui::TextEdit::singleline(text)
                .hint_text("2026-06-30")
                .desired_width(120.0),
        )
        .labelled_by(label_response.id);
        if text.trim().is_empty() {
            return None;
        }
        match parse_date(label, text) {
            Ok(date) => Some(date),
            Err(err) => {
                error_label(ui, &err.to_string());
                None
            }
        }
    })
    .inner
}

/// A label and a drop-down over `values`, shown by `label_of`.
pub fn choice_row<T: Copy + PartialEq>(
    ui: &mut egui::Ui,
    label: &str,
    id_salt: &str,
    value: &mut T,
    values: &[T],
    label_of: impl Fn(T) -> &'static str,
) -> Response {
    ui.horizontal(|ui| {
        let label_response = label_cell(ui, label);
        egui::ComboBox::from_id_salt(id_salt)
            .selected_text(label_of(*value))
            .show_ui(ui, |ui| {
                for &option in values {
                    ui.selectable_value(value, option, label_of(option));
                }
            })
            .response
            .labelled_by(label_response.id)
    })
    .inner
}

/// A refusal or validation message, in the theme's error colour.
pub fn error_label(ui: &mut egui::Ui, message: &str) -> Response {
    ui.label(RichText::new(message).color(ui.visuals().error_fg_color))
}

fn label_cell(ui: &mut egui::Ui, label: &str) -> Response {
    ui.add_sized(
        [LABEL_WIDTH, ui.spacing().interact_size.y],
        egui::Label::new(label),
    )
}
