//! The 整改承诺 screen: the unit's public commitments in a table (pending ones past their date in
//! red), and a side form that adds a commitment or edits the one clicked. Edits are saved as soon
//! as the focus leaves a field; deleting asks first.

use eframe::egui::{self, Color32, RichText, Sense};
use egui_extras::{Column, TableBuilder};
use zhenggai::domain::date::format_date;
use zhenggai::domain::{
    Command, Commitment, CommitmentDraft, CommitmentId, CommitmentState, RecordRef,
};
use zhenggai::view::Workbook;

use super::chart_text::shorten_chars;
use super::dialog::{Confirmation, confirm_ui};
use super::nav::Nav;
use super::record_form::{optional_date, optional_date_row, typing_in};
use super::session::Session;
use super::widgets::{choice_row, error_label, text_area_row, text_row};

/// The width of the side form.
const FORM_WIDTH: f32 = 340.0;
/// The height of a table row.
const ROW_HEIGHT: f32 = 26.0;
/// Red for a pending commitment past its date.
const OVERDUE_COLOUR: Color32 = Color32::from_rgb(200, 40, 40);

/// What the user types for a commitment, kept as text until it is saved.
#[derive(Debug, Clone, PartialEq, Eq)]
struct CommitmentForm {
    content: String,
    audience: String,
    publicity: String,
    due_on: String,
    state: CommitmentState,
}

impl Default for CommitmentForm {
    fn default() -> Self {
        Self {
            content: String::new(),
            audience: String::new(),
            publicity: String::new(),
            due_on: String::new(),
            state: CommitmentState::Pending,
        }
    }
}

impl CommitmentForm {
    fn from_draft(draft: &CommitmentDraft) -> Self {
        Self {
            content: draft.content.clone(),
            audience: draft.audience.clone(),
            publicity: draft.publicity.clone(),
            due_on: draft.due_on.map(format_date).unwrap_or_default(),
            state: draft.state,
        }
    }

    /// The checked draft, or the reason (in Chinese) it cannot be saved yet.
    fn draft(&self) -> Result<CommitmentDraft, String> {
        let due_on = optional_date("承诺时限", &self.due_on)?;
        CommitmentDraft {
            content: self.content.clone(),
            audience: self.audience.clone(),
            publicity: self.publicity.clone(),
            due_on,
            state: self.state,
        }
        .validate()
        .map_err(|err| err.to_string())
    }

    fn is_blank(&self) -> bool {
        *self == Self::default()
    }
}

/// The commitment being edited in the side form.
struct Editing {
    commitment_id: CommitmentId,
    form: CommitmentForm,
    /// The stored fields the form was last loaded from or saved to.
    stored: CommitmentDraft,
    /// The last draft queued for saving, so it is queued once, not every frame.
    queued: Option<CommitmentDraft>,
}

/// The screen's state.
#[derive(Default)]
pub struct CommitmentsScreen {
    /// What is typed for a new commitment; kept while another one is being edited.
    new_form: CommitmentForm,
    /// Whether 添加 was pressed on the new form, so its errors are shown.
    new_tried: bool,
    /// The generation at which a new commitment was queued, until it is saved or refused.
    adding_at: Option<u64>,
    editing: Option<Editing>,
    /// Why the selection could not change (the edited commitment has an error).
    notice: Option<String>,
    /// The commitment the delete dialog asks about.
    confirm_delete: Option<CommitmentId>,
}

impl CommitmentsScreen {
    /// Follows what happened since the last frame: a new commitment saved (the form empties),
    /// the edited one changed underneath (an undo: the form reloads) or gone (the form closes).
    fn sync(&mut self, session: &Session) {
        if let Some(queued_at) = self.adding_at {
            if session.generation != queued_at {
                self.adding_at = None;
                if matches!(session.last_target, Some(RecordRef::Commitment(_))) {
                    self.new_form = CommitmentForm::default();
                    self.new_tried = false;
                }
            } else if !session.has_pending() {
                // Refused: the reason is on the status line and the form keeps what was typed.
                self.adding_at = None;
            }
        }
        let Some(editing) = &mut self.editing else {
            return;
        };
        let Some(stored) = find(&session.workbook, editing.commitment_id) else {
            self.editing = None;
            return;
        };
        let stored = stored.to_draft();
        if stored != editing.stored {
            if editing.queued.as_ref() != Some(&stored) {
                // Changed by something else than this form (Ctrl+Z): show what is stored now.
                editing.form = CommitmentForm::from_draft(&stored);
                editing.queued = None;
            }
            editing.stored = stored;
        }
    }

    /// Queues the edited commitment's changes when they are valid and not yet stored. Returns
    /// the reason when they cannot be saved.
    fn flush(&mut self, session: &mut Session) -> Result<(), String> {
        let Some(editing) = &mut self.editing else {
            return Ok(());
        };
        let draft = editing.form.draft()?;
        if draft != editing.stored && editing.queued.as_ref() != Some(&draft) {
            session.queue(Command::UpdateCommitment {
                commitment_id: editing.commitment_id,
                draft: draft.clone(),
            });
            editing.queued = Some(draft);
        }
        Ok(())
    }

    /// Opens `commitment_id` in the form (or the new form for `None`), saving the current edit
    /// first; stays put and says why when that edit is not valid.
    fn select(&mut self, session: &mut Session, commitment_id: Option<CommitmentId>) {
        if let Err(reason) = self.flush(session) {
            self.notice = Some(format!(
                "当前承诺的修改还不能保存:{reason} 请改正后再切换,或点「放弃修改」。"
            ));
            return;
        }
        self.notice = None;
        self.editing = commitment_id
            .and_then(|id| find(&session.workbook, id))
            .map(|commitment| {
                let stored = commitment.to_draft();
                Editing {
                    commitment_id: commitment.id,
                    form: CommitmentForm::from_draft(&stored),
                    stored,
                    queued: None,
                }
            });
    }
}

fn find(workbook: &Workbook, commitment_id: CommitmentId) -> Option<&Commitment> {
    workbook
        .commitments
        .iter()
        .find(|commitment| commitment.id == commitment_id)
}

/// Whether a commitment is still pending after its date.
fn is_overdue(commitment: &Commitment, workbook: &Workbook) -> bool {
    commitment.state == CommitmentState::Pending
        && commitment
            .due_on
            .is_some_and(|due_on| due_on < workbook.today)
}

/// Draws the screen.
pub fn commitments_ui(
    ui: &mut egui::Ui,
    screen: &mut CommitmentsScreen,
    session: &mut Session,
    nav: &mut Nav,
) {
    let _ = nav;
    screen.sync(session);
    egui::Panel::right("commitment_form")
        .resizable(false)
        .exact_size(FORM_WIDTH)
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("commitment_form_scroll")
                .show(ui, |ui| form_ui(ui, screen, session));
        });
    ui.heading("整改承诺");
    summary_ui(ui, &session.workbook);
    ui.add_space(6.0);
    if let Some(clicked) = table_ui(ui, screen, &session.workbook) {
        screen.select(session, Some(clicked));
    }
    delete_dialog_ui(ui, screen, session);
}

fn summary_ui(ui: &mut egui::Ui, workbook: &Workbook) {
    let count = |state: CommitmentState| {
        workbook
            .commitments
            .iter()
            .filter(|commitment| commitment.state == state)
            .count()
    };
    let overdue = workbook
        .commitments
        .iter()
        .filter(|commitment| is_overdue(commitment, workbook))
        .count();
    ui.horizontal_wrapped(|ui| {
        ui.label(format!("共 {} 项承诺", workbook.commitments.len()));
        ui.label(format!("待兑现 {}", count(CommitmentState::Pending)));
        if overdue > 0 {
            ui.label(RichText::new(format!("其中已过时限 {overdue}")).color(OVERDUE_COLOUR));
        }
        ui.label(format!("已兑现 {}", count(CommitmentState::Honoured)));
        ui.label(format!("未兑现 {}", count(CommitmentState::Broken)));
    });
}

/// Draws the table; returns the commitment whose row was clicked.
fn table_ui(
    ui: &mut egui::Ui,
    screen: &CommitmentsScreen,
    workbook: &Workbook,
) -> Option<CommitmentId> {
    if workbook.commitments.is_empty() {
        ui.weak("还没有整改承诺。在右侧填写后点「添加承诺」。");
        return None;
    }
    let selected = screen.editing.as_ref().map(|editing| editing.commitment_id);
    let mut clicked = None;
    // 承诺对象 and 公开方式 give up width on a narrow window so the table never runs under the
    // form.
    let text_width = (ui.available_width() * 0.15).clamp(72.0, 110.0);
    TableBuilder::new(ui)
        .id_salt("commitments_table")
        .striped(true)
        .sense(Sense::click())
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::exact(36.0))
        .column(Column::remainder().at_least(100.0).clip(true))
        .column(Column::exact(text_width).clip(true))
        .column(Column::exact(text_width).clip(true))
        .column(Column::exact(88.0))
        .column(Column::exact(84.0))
        .header(24.0, |mut header| {
            for title in [
                "序号",
                "承诺内容",
                "承诺对象",
                "公开方式",
                "承诺时限",
                "状态",
            ] {
                header.col(|ui| {
                    ui.strong(title);
                });
            }
        })
        .body(|body| {
            body.rows(ROW_HEIGHT, workbook.commitments.len(), |mut row| {
                let index = row.index();
                let commitment = &workbook.commitments[index];
                let is_selected = selected == Some(commitment.id);
                let overdue = is_overdue(commitment, workbook);
                row.set_selected(is_selected);
                row.col(|ui| {
                    ui.add(egui::Label::new((index + 1).to_string()).selectable(false));
                });
                row.col(|ui| {
                    let response = ui
                        .add(egui::Button::selectable(is_selected, &commitment.content).truncate());
                    let response = if commitment.content.chars().count() > 16 {
                        response.on_hover_text(&commitment.content)
                    } else {
                        response
                    };
                    if response.clicked() {
                        clicked = Some(commitment.id);
                    }
                });
                for text in [&commitment.audience, &commitment.publicity] {
                    row.col(|ui| {
                        ui.add(egui::Label::new(text.as_str()).selectable(false).truncate());
                    });
                }
                row.col(|ui| {
                    let due = commitment
                        .due_on
                        .map_or_else(|| "长期".to_owned(), format_date);
                    let text = if overdue {
                        RichText::new(due).color(OVERDUE_COLOUR)
                    } else {
                        RichText::new(due)
                    };
                    ui.add(egui::Label::new(text).selectable(false));
                });
                row.col(|ui| {
                    let text = match commitment.state {
                        CommitmentState::Pending if overdue => {
                            RichText::new("逾期未兑现").color(OVERDUE_COLOUR).strong()
                        }
                        CommitmentState::Pending => RichText::new("待兑现"),
                        CommitmentState::Honoured => {
                            RichText::new("已兑现").color(Color32::from_rgb(30, 140, 60))
                        }
                        CommitmentState::Broken => {
                            RichText::new("未兑现").color(Color32::from_rgb(140, 60, 60))
                        }
                    };
                    ui.add(egui::Label::new(text).selectable(false));
                });
                if row.response().clicked() {
                    clicked = Some(commitment.id);
                }
            });
        });
    clicked
}

/// The fields of a commitment; returns whether one of its text fields has the focus.
fn fields_ui(ui: &mut egui::Ui, form: &mut CommitmentForm, id_salt: &str) -> bool {
    let content = text_area_row(ui, "承诺内容", &mut form.content, 4);
    let audience = text_row(ui, "承诺对象", &mut form.audience);
    let publicity = text_row(ui, "公开方式", &mut form.publicity);
    let (due_on, _) = optional_date_row(ui, "承诺时限", "留空为长期", &mut form.due_on);
    choice_row(
        ui,
        "兑现情况",
        id_salt,
        &mut form.state,
        CommitmentState::ALL,
        CommitmentState::label,
    );
    typing_in(&[&content, &audience, &publicity, &due_on])
}

fn form_ui(ui: &mut egui::Ui, screen: &mut CommitmentsScreen, session: &mut Session) {
    if screen.editing.is_some() {
        edit_form_ui(ui, screen, session);
    } else {
        new_form_ui(ui, screen, session);
    }
}

fn new_form_ui(ui: &mut egui::Ui, screen: &mut CommitmentsScreen, session: &mut Session) {
    ui.heading("新增承诺");
    ui.weak("填写后点「添加承诺」。承诺时限留空表示长期坚持。");
    ui.add_space(6.0);
    fields_ui(ui, &mut screen.new_form, "new_commitment_state");
    let draft = screen.new_form.draft();
    if screen.new_tried
        && let Err(reason) = &draft
    {
        error_label(ui, reason);
    }
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        let adding = screen.adding_at.is_some();
        if ui
            .add_enabled(!adding, egui::Button::new("添加承诺"))
            .clicked()
        {
            screen.new_tried = true;
            if let Ok(draft) = draft {
                session.queue(Command::AddCommitment(draft));
                screen.adding_at = Some(session.generation);
            }
        }
        if !screen.new_form.is_blank() && ui.button("清空").clicked() {
            screen.new_form = CommitmentForm::default();
            screen.new_tried = false;
        }
    });
}

fn edit_form_ui(ui: &mut egui::Ui, screen: &mut CommitmentsScreen, session: &mut Session) {
    let mut go_new = false;
    ui.horizontal(|ui| {
        ui.heading("编辑承诺");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            go_new = ui.button("新增承诺").clicked();
        });
    });
    ui.weak("修改在离开输入框后自动保存。");
    ui.add_space(6.0);
    let Some(editing) = &mut screen.editing else {
        return;
    };
    let typing = fields_ui(ui, &mut editing.form, "edit_commitment_state");
    let valid = editing.form.draft();
    if let Err(reason) = &valid {
        error_label(ui, reason);
    }
    if let Some(notice) = &screen.notice {
        error_label(ui, notice);
    }
    let dirty = valid.as_ref() != Ok(&editing.stored);
    let commitment_id = editing.commitment_id;
    ui.add_space(6.0);
    let mut discard = false;
    ui.horizontal(|ui| {
        if ui.button("删除此承诺").clicked() {
            screen.confirm_delete = Some(commitment_id);
        }
        if dirty {
            discard = ui.button("放弃修改").clicked();
        }
    });
    if discard && let Some(editing) = &mut screen.editing {
        editing.form = CommitmentForm::from_draft(&editing.stored);
        editing.queued = None;
        screen.notice = None;
    }
    // Saved once the focus has left the fields: never in the middle of a word or a composition.
    if !typing && !discard {
        let _ = screen.flush(session);
    }
    if go_new {
        screen.select(session, None);
    }
}

fn delete_dialog_ui(ui: &mut egui::Ui, screen: &mut CommitmentsScreen, session: &mut Session) {
    let Some(commitment_id) = screen.confirm_delete else {
        return;
    };
    let Some(commitment) = find(&session.workbook, commitment_id) else {
        screen.confirm_delete = None;
        return;
    };
    let message = format!(
        "将删除承诺「{}」。\n删除后可按 Ctrl+Z 撤销。",
        shorten_chars(&commitment.content, 40)
    );
    match confirm_ui(
        ui.ctx(),
        "delete_commitment",
        "删除这项承诺?",
        &message,
        "删除",
    ) {
        Confirmation::Open => {}
        Confirmation::Cancelled => screen.confirm_delete = None,
        Confirmation::Confirmed => {
            screen.confirm_delete = None;
            session.queue(Command::DeleteCommitment { commitment_id });
            screen.editing = None;
            screen.notice = None;
        }
    }
}

#[cfg(test)]
mod tests;
