//! The 延期 dialog (a later deadline with its reason and approval) and the list of past
//! extensions of a measure.

use chrono::NaiveDate;
use eframe::egui::{self, RichText};
use zhenggai::domain::date::format_date;
use zhenggai::domain::{Command, Deadline, Extension, ExtensionDraft, Measure};

use crate::ui::shell::session::Session;
use crate::ui::widgets::dialog::{DIALOG_WIDTH, enter_confirms, escape_closes};
use crate::ui::widgets::pending_edit::{EditOutcome, PendingEdit};
use crate::ui::widgets::{date_row, error_label, text_area_row, text_row};

/// What the user typed into the 延期 dialog; kept when it is closed with Esc.
#[derive(Default)]
pub struct ExtensionDialog {
    /// Whether the dialog is shown.
    pub open: bool,
    new_deadline: String,
    reason: String,
    approver: String,
    approved_on: String,
    refusal: Option<String>,
    pending: Option<PendingEdit>,
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
}

/// The dates the user typed, once both are valid.
struct Dates {
    new_deadline: NaiveDate,
    approved_on: NaiveDate,
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
            ui.add_space(6.0);
            let new_deadline = date_row(ui, "延期至", &mut dialog.new_deadline);
            let reason = text_area_row(ui, "延期理由", &mut dialog.reason, 2);
            text_row(ui, "审批人", &mut dialog.approver);
            let approved_on = date_row(ui, "批准日期", &mut dialog.approved_on);
            if let Some(refusal) = &dialog.refusal {
                error_label(ui, refusal);
            }
            ui.add_space(6.0);
            let dates = new_deadline
                .zip(approved_on)
                .map(|(new_deadline, approved_on)| Dates {
                    new_deadline,
                    approved_on,
                });
            ui.horizontal(|ui| {
                let confirm = ui.add_enabled(!waiting, egui::Button::new("确认延期"));
                let cancel = ui.button("取消");
                if waiting {
                    ui.spinner();
                }
                if cancel.clicked() {
                    return Some(None);
                }
                let confirmed = confirm.clicked() || (!waiting && enter_confirms(ui, &[reason]));
                confirmed.then_some(Some(dates))
            })
            .inner
        });
    let escape = escape_closes(&response);
    match response.inner {
        Some(None) => dialog.open = false,
        Some(Some(Some(dates))) => submit(dialog, measure, &dates, session),
        // An invalid date is already explained beside its field; an empty one is not.
        Some(Some(None)) => {
            dialog.refusal = Some(
                if dialog.new_deadline.trim().is_empty() {
                    "请填写延期后的整改时限。"
                } else if dialog.approved_on.trim().is_empty() {
                    "请填写批准日期。"
                } else {
                    "请先改正上面的日期。"
                }
                .to_owned(),
            );
        }
        None => {}
    }
    if escape {
        dialog.open = false;
    }
}

fn submit(dialog: &mut ExtensionDialog, measure: &Measure, dates: &Dates, session: &mut Session) {
    let draft = ExtensionDraft {
        measure_id: measure.id,
        new_deadline: dates.new_deadline,
        reason: dialog.reason.clone(),
        approver: dialog.approver.clone(),
        approved_on: dates.approved_on,
    };
    dialog.refusal = None;
    dialog.pending = Some(PendingEdit::queue(
        session,
        [Command::ExtendDeadline(draft)],
    ));
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
