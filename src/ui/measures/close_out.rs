//! The 销号 dialog: the verifier closes out a completed measure with a date, an opinion and —
//! when no evidence is attached — the reason there is none.
//!
//! Every field the close-out needs is marked with a red `*`. 确认销号 checks them all first and
//! names each one missing or wrong under its field, all at once; each message goes as soon as
//! its field is put right. The guard itself is the domain's (`CloseOutDraft::validate`),
//! enforced by the store when the command is applied: a refusal the dialog could not foresee (the
//! measure changed meanwhile) is shown in the dialog, explained, and everything typed stays.

use chrono::NaiveDate;
use eframe::egui::{self, RichText};
use zhenggai::domain::date::{format_date, parse_typed_date};
use zhenggai::domain::text::{LONG_TEXT_MAX_CHARS, SHORT_TEXT_MAX_CHARS, optional, required};
use zhenggai::domain::{CloseOutDraft, Command, DomainError, Measure, MeasureId, MeasureStatus};

use crate::ui::shell::session::Session;
use crate::ui::widgets::date_field::{DateHint, date_row_ui};
use crate::ui::widgets::dialog::{DIALOG_WIDTH, enter_confirms, escape_closes};
use crate::ui::widgets::error_label;
use crate::ui::widgets::pending_edit::{EditOutcome, PendingEdit};
use crate::ui::widgets::required::{field_message_ui, required_text_area_row, required_text_row};

/// The labels of the dialog's fields, also the field names in their messages.
const VERIFIER: &str = "核验人";
const CLOSED_ON: &str = "销号日期";
const OPINION: &str = "核验意见";
const NO_EVIDENCE_REASON: &str = "无佐证材料的理由";

/// What the 无佐证材料的理由 field says when it is needed and empty.
const NEEDS_REASON: &str =
    "没有佐证材料时，请填写「无佐证材料的理由」，或先关闭此窗口添加佐证材料。";

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
    /// Whether 确认销号 was pressed, so that every field still missing is named (and each
    /// message goes as soon as its field is filled).
    tried: bool,
    /// Why the last attempt was refused by the store, explained.
    refusal: Option<String>,
    /// The attempt on its way to the store, with what was sent.
    pending: Option<(PendingEdit, CloseOutDraft)>,
    /// Puts the cursor in the first field on the frame the dialog opens.
    focus_first: bool,
}

/// The message under each field of the dialog, `None` where the field is fine.
#[derive(Debug, Default, PartialEq, Eq)]
struct CloseOutMessages {
    verifier: Option<String>,
    closed_on: Option<String>,
    opinion: Option<String>,
    no_evidence_reason: Option<String>,
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

    /// The close-out as typed for the measure `measure_id` with `evidence_count` attachments,
    /// or the message of every field that is missing or wrong, all at once.
    fn checked(
        &self,
        measure_id: MeasureId,
        evidence_count: usize,
    ) -> Result<CloseOutDraft, CloseOutMessages> {
        let verifier = required(VERIFIER, &self.verifier, SHORT_TEXT_MAX_CHARS);
        let closed_on = if self.closed_on.trim().is_empty() {
            Err(DomainError::Required { field: CLOSED_ON })
        } else {
            parse_typed_date(CLOSED_ON, &self.closed_on)
        };
        let opinion = required(OPINION, &self.opinion, LONG_TEXT_MAX_CHARS);
        // With evidence attached the reason field is hidden; a reason typed before the evidence
        // was added is not sent, since it would claim there is none.
        let no_evidence_reason = if evidence_count == 0 {
            optional(
                NO_EVIDENCE_REASON,
                &self.no_evidence_reason,
                LONG_TEXT_MAX_CHARS,
            )
            .map_err(|err| err.to_string())
            .and_then(|reason| {
                if reason.is_empty() {
                    Err(NEEDS_REASON.to_owned())
                } else {
                    Ok(reason)
                }
            })
        } else {
            Ok(String::new())
        };
        match (verifier, closed_on, opinion, no_evidence_reason) {
            (Ok(verifier), Ok(closed_on), Ok(opinion), Ok(no_evidence_reason)) => {
                Ok(CloseOutDraft {
                    measure_id,
                    verifier,
                    closed_on,
                    opinion,
                    no_evidence_reason,
                })
            }
            (verifier, closed_on, opinion, no_evidence_reason) => Err(CloseOutMessages {
                verifier: verifier.err().map(|err| err.to_string()),
                closed_on: closed_on.err().map(|err| err.to_string()),
                opinion: opinion.err().map(|err| err.to_string()),
                no_evidence_reason: no_evidence_reason.err(),
            }),
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
    let messages = match dialog.checked(measure.id, evidence_count) {
        Ok(_) => CloseOutMessages::default(),
        Err(messages) => messages,
    };
    // A missing field is named once 确认销号 is pressed; a date that is not one as it is typed.
    let tried = dialog.tried;
    let shown = |message: &Option<String>| message.as_deref().filter(|_| tried).map(str::to_owned);
    let response =
        egui::Modal::new(egui::Id::unique(("close_out_dialog", measure.id))).show(ctx, |ui| {
            ui.set_width(DIALOG_WIDTH);
            ui.heading("销号");
            ui.label(RichText::new(&measure.content).weak());
            ui.weak("带 * 的为必填项。");
            ui.add_space(6.0);
            let verifier = required_text_row(ui, VERIFIER, &mut dialog.verifier);
            if std::mem::take(&mut dialog.focus_first) {
                verifier.request_focus();
            }
            field_message_ui(ui, shown(&messages.verifier).as_deref());
            date_row_ui(ui, CLOSED_ON, &mut dialog.closed_on, DateHint::Today, true);
            let date_typed = !dialog.closed_on.trim().is_empty();
            field_message_ui(
                ui,
                messages
                    .closed_on
                    .as_deref()
                    .filter(|_| tried || date_typed),
            );
            let opinion = required_text_area_row(ui, OPINION, &mut dialog.opinion, 3);
            field_message_ui(ui, shown(&messages.opinion).as_deref());
            let mut multiline = vec![opinion];
            if evidence_count == 0 {
                ui.label(
                    RichText::new(
                        "这条措施还没有佐证材料。请写明没有佐证材料的理由，或先添加佐证材料。",
                    )
                    .color(ui.visuals().warn_fg_color),
                );
                multiline.push(required_text_area_row(
                    ui,
                    NO_EVIDENCE_REASON,
                    &mut dialog.no_evidence_reason,
                    2,
                ));
                field_message_ui(ui, shown(&messages.no_evidence_reason).as_deref());
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
        });
    let escape = escape_closes(&response);
    match response.inner {
        Some(false) => dialog.open = false,
        Some(true) => {
            dialog.tried = true;
            dialog.refusal = None;
            // When something is missing, every message is now shown under its field.
            if let Ok(draft) = dialog.checked(measure.id, evidence_count) {
                let pending =
                    PendingEdit::queue(session, [Command::CloseOutMeasure(draft.clone())]);
                dialog.pending = Some((pending, draft));
            }
        }
        None => {}
    }
    if escape {
        dialog.open = false;
    }
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
        Err(DomainError::CloseOutNeedsEvidence) => NEEDS_REASON.to_owned(),
        Err(other) => other.to_string(),
        Ok(_) => store_message.to_owned(),
    };
    format!("未能销号：{reason}")
}
