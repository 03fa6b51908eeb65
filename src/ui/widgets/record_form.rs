//! Pieces the side forms of the 整改承诺 and 制度清单 screens share: a date field that also
//! reports whether it is being typed in, and the check that decides when an edit is saved.

use chrono::NaiveDate;
use eframe::egui::{self, Response};
use zhenggai::domain::DomainResult;
use zhenggai::domain::date::parse_typed_date;

use crate::ui::widgets::date_field::DateField;
use crate::ui::widgets::{LABEL_WIDTH, error_label};

/// A label and a date field with its calendar that may stay empty. Returns the field's response
/// (to tell whether it has the focus) and what the text means: `Ok(None)` when empty, the date,
/// or the reason it is not one (also shown in red under the field).
pub fn optional_date_row(
    ui: &mut egui::Ui,
    label: &'static str,
    hint: &str,
    text: &mut String,
) -> (Response, DomainResult<Option<NaiveDate>>) {
    let response = ui
        .horizontal(|ui| {
            let label_response = ui.add_sized(
                [LABEL_WIDTH, ui.spacing().interact_size.y],
                egui::Label::new(label),
            );
            DateField::new(label, text)
                .hint_text(hint)
                .labelled_by(label_response.id)
                .show(ui)
                .response
        })
        .inner;
    let parsed = optional_date(label, text);
    if let Err(message) = &parsed {
        ui.horizontal(|ui| {
            ui.add_space(LABEL_WIDTH + ui.spacing().item_spacing.x);
            error_label(ui, message);
        });
    }
    (response, parsed)
}

/// Parses an optional date as users type it: empty means none.
pub fn optional_date(field: &'static str, text: &str) -> DomainResult<Option<NaiveDate>> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        parse_typed_date(field, text).map(Some)
    }
}

/// Whether the user is typing in one of these fields: an edit is saved only once the focus has
/// left them, so a half-typed word (or an IME composition) is never written.
pub fn typing_in(fields: &[&Response]) -> bool {
    fields.iter().any(|field| field.has_focus())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn optional_date_accepts_empty_and_explains_a_bad_date() {
        assert_eq!(optional_date("承诺时限", "  "), Ok(None));
        assert_eq!(
            optional_date("承诺时限", "2026-06-30"),
            Ok(NaiveDate::from_ymd_opt(2026, 6, 30))
        );
        let message = optional_date("承诺时限", "2026-02-30")
            .unwrap_err()
            .to_string();
        assert!(message.contains("承诺时限"), "{message}");
    }
}
