//! The 销号 dialog: the verifier closes out a completed measure with a date, an opinion and —
//! when no evidence is attached — the reason there is none.
//!
//! The guard is the domain's (`CloseOutDraft::validate`), enforced by the store when the command
//! is applied. A refusal is shown in the dialog, explained, and everything typed stays.

use chrono::NaiveDate;
use eframe::egui::{self, RichText};
use zhenggai::domain::date::format_date;
use zhenggai::domain::{CloseOutDraft, Command, DomainError, Measure, MeasureStatus};

use crate::ui::shell::session::Session;
use crate::ui::widgets::dialog::{DIALOG_WIDTH, enter_confirms, escape_closes};
use crate::ui::widgets::pending_edit::{EditOutcome, PendingEdit};
use crate::ui::widgets::{date_row, error_label, text_area_row, text_row};

/// What the user typed into the 销号 dialog; kept when the dialog is closed with Esc, so
/// reopening it brings the text back.
#[derive(Default)]
pub struct CloseOutDialog {
    /// Whether the dialog is shown.
    pub open: bool,
    verifier: String,
    closed_on: String,
    opinion: String,
    no_evidence_reason: String,
    /// Why the last attempt was refused, explained.
    refusal: Option<String>,
    /// The attempt on its way to the store, with what was sent.
    pending: Option<(PendingEdit, CloseOutDraft)>,
    /// Puts the cursor in the first field on the frame the dialog opens.
    focus_first: bool,
}

impl CloseOutDialog {
    /// Opens the dialog; the date defaults to `today`.
    pub fn show(&mut self, today: NaiveDate) {
        self.open = true;
        self.refusal = None;
        self.focus_first = true;
        if self.closed_on.trim().is_empty() {
            self.closed_on = format_date(today);
        }
    }
}

/// Draws the dialog for `measure` (which has `evidence_count` attachments) while it is open.
pub fn close_out_dialog_ui(
    ctx: &egui::Context,
    dialog: &mut CloseOutDialog,
    measure: &Measure,
    evidence_count: usize,
    session: &mut Session,
) {
    follow_pending(dialog, measure.status, evidence_count, session);
    if !dialog.open {
        return;
    }
    let waiting = dialog.pending.is_some();
    let response =
        egui::Modal::new(egui::Id::unique(("close_out_dialog", measure.id))).show(ctx, |ui| {
            ui.set_width(DIALOG_WIDTH);
            ui.heading("销号");
            ui.label(RichText::new(&measure.content).weak());
            ui.add_space(6.0);
            let verifier = text_row(ui, "核验人", &mut dialog.verifier);
            if std::mem::take(&mut dialog.focus_first) {
                verifier.request_focus();
            }
            let date = date_row(ui, "销号日期", &mut dialog.closed_on);
            let opinion = text_area_row(ui, "核验意见", &mut dialog.opinion, 3);
            let mut multiline = vec![opinion];
            if evidence_count == 0 {
                ui.label(
                    RichText::new(
                        "这条措施还没有佐证材料。请写明没有佐证材料的理由，或先添加佐证材料。",
                    )
                    .color(ui.visuals().warn_fg_color),
                );
                multiline.push(text_area_row(
                    ui,
                    "无佐证材料的理由",
                    &mut dialog.no_evidence_reason,
                    2,
                ));
            } else {
                ui.label(format!("已有佐证材料 {evidence_count} 份。"));
            }
            if let Some(refusal) = &dialog.refusal {
                error_label(ui, refusal);
            }
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                let confirm = ui.add_enabled(!waiting, egui::Button::new("确认销号"));
                let cancel = ui.button("取消");
                if waiting {
                    ui.spinner();
                }
                if cancel.clicked() {
                    return Some(false);
                }
                let confirmed = confirm.clicked() || (!waiting && enter_confirms(ui, &multiline));
                confirmed.then_some(true)
            })
            .inner
            .map(|confirmed| (confirmed, date))
        });
    let escape = escape_closes(&response);
    match response.inner {
        Some((false, _)) => dialog.open = false,
        Some((true, Some(closed_on))) => {
            submit(dialog, measure, evidence_count, closed_on, session);
        }
        Some((true, None)) => {
            // An invalid date is already explained beside its field; an empty one is not.
            dialog.refusal = Some(if dialog.closed_on.trim().is_empty() {
                "请填写销号日期。".to_owned()
            } else {
                "请先改正上面的日期。".to_owned()
            });
        }
        None => {}
    }
    if escape {
        dialog.open = false;
    }
}

fn submit(
    dialog: &mut CloseOutDialog,
    measure: &Measure,
    evidence_count: usize,
    closed_on: NaiveDate,
    session: &mut Session,
) {
    let draft = CloseOutDraft {
        measure_id: measure.id,
        verifier: dialog.verifier.clone(),
        closed_on,
        opinion: dialog.opinion.clone(),
        // With evidence attached the reason field is hidden; a reason typed before the evidence
        // was added is not sent, since it would claim there is none.
        no_evidence_reason: if evidence_count == 0 {
            dialog.no_evidence_reason.clone()
        } else {
            String::new()
        },
    };
    dialog.refusal = None;
    let pending = PendingEdit::queue(session, [Command::CloseOutMeasure(draft.clone())]);
    dialog.pending = Some((pending, draft));
}

/// Closes the dialog once the close-out is saved, or explains the refusal and keeps it open.
fn follow_pending(
    dialog: &mut CloseOutDialog,
    status: MeasureStatus,
    evidence_count: usize,
    session: &Session,
) {
    let Some((pending, draft)) = &dialog.pending else {
        return;
    };
    match pending.outcome(session) {
        EditOutcome::Waiting => {}
        EditOutcome::Applied { .. } => *dialog = CloseOutDialog::default(),
        EditOutcome::Refused(message) => {
            dialog.refusal = Some(explain_refusal(draft, status, evidence_count, &message));
            dialog.pending = None;
        }
    }
}

/// Says in plain words why the store refused the close-out: the domain guard's reason for this
/// draft, with what to do, or the store's own message when the guard found nothing.
pub fn explain_refusal(
    draft: &CloseOutDraft,
    status: MeasureStatus,
    evidence_count: usize,
    store_message: &str,
) -> String {
    let reason = match draft.clone().validate(status, evidence_count) {
        Err(DomainError::CloseOutNeedsEvidence) => {
            "没有佐证材料时，请填写「无佐证材料的理由」，或先关闭此窗口添加佐证材料。".to_owned()
        }
        Err(other) => other.to_string(),
        Ok(_) => store_message.to_owned(),
    };
    format!("未能销号：{reason}")
}
