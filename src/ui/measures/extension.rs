//! The 延期 dialog (a later deadline with its reason and approval) and the list of past
//! extensions of a measure.
//!
//! Every field is required and marked with a red `*`; 确认延期 names each one missing or wrong
//! under its field, all at once, and each message goes as soon as its field is put right.

use chrono::NaiveDate;
use eframe::egui::{self, RichText};
use zhenggai::domain::date::{format_date, parse_typed_date};
use zhenggai::domain::text::{LONG_TEXT_MAX_CHARS, SHORT_TEXT_MAX_CHARS, required};
use zhenggai::domain::{Command, Deadline, DomainError, Extension, ExtensionDraft, Measure};

use crate::ui::shell::session::Session;
use crate::ui::widgets::date_field::{DateHint, date_row_ui};
use crate::ui::widgets::dialog::{DIALOG_WIDTH, enter_confirms, escape_closes};
use crate::ui::widgets::error_label;
use crate::ui::widgets::pending_edit::{EditOutcome, PendingEdit};
use crate::ui::widgets::required::{field_message_ui, required_text_area_row, required_text_row};

/// The labels of the dialog's fields, also the field names in their messages.
const NEW_DEADLINE: &str = "延期至";
const REASON: &str = "延期理由";
const APPROVER: &str = "审批人";
const APPROVED_ON: &str = "批准日期";

/// What the user typed into the 延期 dialog; kept when it is closed with Esc.
#[derive(Default)]
pub struct ExtensionDialog {
    /// Whether the dialog is shown.
    pub open: bool,
    new_deadline: String,
    reason: String,
    approver: String,
    approved_on: String,
    /// Whether 确认延期 was pressed, so that every field still missing is named.
    tried: bool,
    refusal: Option<String>,
    pending: Option<PendingEdit>,
}

/// The message under each field of the dialog, `None` where the field is fine.
#[derive(Debug, Default, PartialEq, Eq)]
struct ExtensionMessages {
    new_deadline: Option<String>,
    reason: Option<String>,
    approver: Option<String>,
    approved_on: Option<String>,
}

impl ExtensionDialog {
    /// Opens the dialog; the approval date defaults to `today`.
    pub fn show(&mut self, today: NaiveDate) {
        self.open = true;
        self.refusal = None;
        if self.approved_on.trim().is_empty() {
            self.approved_on = format_date(today);
        }
    }

    /// The extension of `measure` as typed, or the message of every field that is missing or
    /// wrong, all at once.
    fn checked(&self, measure: &Measure) -> Result<ExtensionDraft, ExtensionMessages> {
        let old_deadline = measure.deadline.and_then(Deadline::date);
        let new_deadline =
            typed_date(NEW_DEADLINE, &self.new_deadline).and_then(|date| match old_deadline {
                Some(old) if date <= old => Err(DomainError::ExtensionNotLater {
                    old_deadline: format_date(old),
                    new_deadline: format_date(date),
                }),
                _ => Ok(date),
            });
        let reason = required(REASON, &self.reason, LONG_TEXT_MAX_CHARS);
        let approver = required(APPROVER, &self.approver, SHORT_TEXT_MAX_CHARS);
        let approved_on = typed_date(APPROVED_ON, &self.approved_on);
        match (new_deadline, reason, approver, approved_on) {
            (Ok(new_deadline), Ok(reason), Ok(approver), Ok(approved_on)) => Ok(ExtensionDraft {
                measure_id: measure.id,
                new_deadline,
                reason,
                approver,
                approved_on,
            }),
            (new_deadline, reason, approver, approved_on) => Err(ExtensionMessages {
                new_deadline: new_deadline.err().map(|err| err.to_string()),
                reason: reason.err().map(|err| err.to_string()),
                approver: approver.err().map(|err| err.to_string()),
                approved_on: approved_on.err().map(|err| err.to_string()),
            }),
        }
    }
}

/// A required date as typed: missing, not a date, or the date.
fn typed_date(field: &'static str, text: &str) -> Result<NaiveDate, DomainError> {
    if text.trim().is_empty() {
        Err(DomainError::Required { field })
    } else {
        parse_typed_date(field, text)
    }
}

/// Draws the dialog for `measure` while it is open.
pub fn extension_dialog_ui(
    ctx: &egui::Context,
    dialog: &mut ExtensionDialog,
    measure: &Measure,
    session: &mut Session,
) {
    follow_pending(dialog, session);
    if !dialog.open {
        return;
    }
    let waiting = dialog.pending.is_some();
    let messages = match dialog.checked(measure) {
        Ok(_) => ExtensionMessages::default(),
        Err(messages) => messages,
    };
    // A missing field is named once 确认延期 is pressed; a wrong date as soon as it is typed.
    let tried = dialog.tried;
    let response =
        egui::Modal::new(egui::Id::unique(("extension_dialog", measure.id))).show(ctx, |ui| {
            ui.set_width(DIALOG_WIDTH);
            ui.heading("延期");
            ui.label(RichText::new(&measure.content).weak());
            let current = measure
                .deadline
                .and_then(Deadline::date)
                .map_or_else(|| "未填".to_owned(), format_date);
            ui.label(format!("原整改时限：{current}"));
            ui.weak("带 * 的为必填项。");
            ui.add_space(6.0);
            date_row_ui(
                ui,
                NEW_DEADLINE,
                &mut dialog.new_deadline,
                DateHint::Ahead,
                true,
            );
            let typed = !dialog.new_deadline.trim().is_empty();
            field_message_ui(
                ui,
                messages.new_deadline.as_deref().filter(|_| tried || typed),
            );
            let reason = required_text_area_row(ui, REASON, &mut dialog.reason, 2);
            field_message_ui(ui, messages.reason.as_deref().filter(|_| tried));
            required_text_row(ui, APPROVER, &mut dialog.approver);
            field_message_ui(ui, messages.approver.as_deref().filter(|_| tried));
            date_row_ui(
                ui,
                APPROVED_ON,
                &mut dialog.approved_on,
                DateHint::Today,
                true,
            );
            let typed = !dialog.approved_on.trim().is_empty();
            field_message_ui(
                ui,
                messages.approved_on.as_deref().filter(|_| tried || typed),
            );
            if let Some(refusal) = &dialog.refusal {
                error_label(ui, refusal);
            }
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                let confirm = ui.add_enabled(!waiting, egui::Button::new("确认延期"));
                let cancel = ui.button("取消");
                if waiting {
                    ui.spinner();
                }
                if cancel.clicked() {
                    return Some(false);
                }
                let confirmed = confirm.clicked() || (!waiting && enter_confirms(ui, &[reason]));
                confirmed.then_some(true)
            })
            .inner
        });
    let escape = escape_closes(&response);
    match response.inner {
        Some(false) => dialog.open = false,
        Some(true) => {
            dialog.tried = true;
            dialog.refusal = None;
            // When something is missing, every message is now shown under its field.
            if let Ok(draft) = dialog.checked(measure) {
                dialog.pending = Some(PendingEdit::queue(
                    session,
                    [Command::ExtendDeadline(draft)],
                ));
            }
        }
        None => {}
    }
    if escape {
        dialog.open = false;
    }
}

/// Closes the dialog once the extension is saved, or shows the refusal and keeps it open.
fn follow_pending(dialog: &mut ExtensionDialog, session: &Session) {
    let Some(pending) = dialog.pending else {
        return;
    };
    match pending.outcome(session) {
        EditOutcome::Waiting => {}
        EditOutcome::Applied { .. } => *dialog = ExtensionDialog::default(),
        EditOutcome::Refused(message) => {
            dialog.refusal = Some(message);
            dialog.pending = None;
        }
    }
}

/// Lists the approved extensions of a measure, oldest first (the order they were granted).
pub fn extensions_ui(ui: &mut egui::Ui, extensions: &[Extension]) {
    if extensions.is_empty() {
        return;
    }
    ui.label(RichText::new("延期记录").strong());
    egui::Grid::new("measure_extensions")
        .striped(true)
        .num_columns(4)
        .show(ui, |ui| {
            // The reason comes last so that it wraps in whatever width is left.
            for header in ["时限变更", "审批人", "批准日期", "延期理由"] {
                ui.label(RichText::new(header).weak());
            }
            ui.end_row();
            for extension in extensions {
                ui.label(format!(
                    "{} → {}",
                    format_date(extension.old_deadline),
                    format_date(extension.new_deadline)
                ));
                ui.label(&extension.approver);
                ui.label(format_date(extension.approved_on));
                ui.add(egui::Label::new(&extension.reason).wrap());
                ui.end_row();
            }
        });
}
