//! Reusable pieces every screen uses. Here: labelled text fields (labelled for screen readers
//! and the UI tests), date fields with inline Chinese validation, and drop-downs for the
//! domain's vocabularies; in the submodules: dialogs, the side-panel form frame, the IME guard,
//! charts, the image preview and the reason a form cannot be saved yet.

pub mod bar_chart;
pub mod chart_text;
pub mod date_field;
pub mod dialog;
pub mod form_problem;
pub mod image_preview;
pub mod ime_guard;
pub mod page_preview;
pub mod pending_edit;
pub mod record_form;
pub mod required;
pub mod side_form;
pub mod submission_guide;
pub mod wrapped_cell;

use chrono::NaiveDate;
use eframe::egui::{self, Response, RichText};
use zhenggai::domain::CategoryId;
use zhenggai::domain::date::parse_typed_date;
use zhenggai::view::Workbook;

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

/// A label and a date field with its calendar (see [`date_field`]); a non-empty text that is
/// not a real date shows the reason in red under it. Returns the date when the text is one.
pub fn date_row(ui: &mut egui::Ui, label: &'static str, text: &mut String) -> Option<NaiveDate> {
    date_field::date_row_ui(ui, label, text, date_field::DateHint::Ahead, false);
    if text.trim().is_empty() {
        return None;
    }
    let parsed = parse_typed_date(label, text);
    required::field_message_ui(
        ui,
        parsed.as_ref().err().map(ToString::to_string).as_deref(),
    );
    parsed.ok()
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

/// A drop-down over the workbook's categories, `width` wide: `none_label` for no category, then
/// each area followed by its items, indented.
pub fn category_combo(
    ui: &mut egui::Ui,
    id_salt: &str,
    value: &mut Option<CategoryId>,
    workbook: &Workbook,
    none_label: &str,
    width: f32,
) -> Response {
    let selected = value
        .and_then(|id| {
            workbook
                .categories
                .iter()
                .find(|category| category.id == id)
        })
        .map_or(none_label, |category| category.name.as_str());
    egui::ComboBox::from_id_salt(id_salt)
        .selected_text(selected)
        .width(width)
        .truncate()
        .show_ui(ui, |ui| {
            ui.set_min_width(340.0);
            ui.selectable_value(value, None, none_label);
            for area in workbook.areas() {
                ui.selectable_value(value, Some(area.id), area.name.as_str());
                for item in workbook.items_of(area.id) {
                    ui.selectable_value(value, Some(item.id), format!("    {}", item.name));
                }
            }
        })
        .response
}

/// A refusal or validation message, in the theme's error colour.
pub fn error_label(ui: &mut egui::Ui, message: impl std::fmt::Display) -> Response {
    ui.label(RichText::new(message.to_string()).color(ui.visuals().error_fg_color))
}

/// The label at the start of a form row, as wide as every other row's.
pub fn label_cell(ui: &mut egui::Ui, label: &str) -> Response {
    ui.add_sized(
        [LABEL_WIDTH, ui.spacing().interact_size.y],
        egui::Label::new(label),
    )
}

/// A stored UTC time (RFC 3339) as the local `2026年12月4日 13:34`.
pub fn local_time(rfc3339: &str) -> String {
    zhenggai::domain::date::local_time_zh(rfc3339)
}

/// The 保存到文件夹 row: the folder typed or picked with 选择文件夹… (titled `title`), the field
/// `width` wide. Where no dialog service answers (some Linux desktops), the typed path works.
pub fn folder_row(ui: &mut egui::Ui, folder: &mut String, title: &str, width: f32) {
    ui.horizontal(|ui| {
        let label = label_cell(ui, "保存到文件夹");
        ui.add(egui::TextEdit::singleline(folder).desired_width(width))
            .labelled_by(label.id);
        if ui.button("选择文件夹…").clicked()
            && let Some(chosen) = rfd::FileDialog::new().set_title(title).pick_folder()
        {
            *folder = chosen.display().to_string();
        }
    });
}
