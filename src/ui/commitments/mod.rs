//! The 整改承诺 screen: the unit's public commitments in a table (pending ones past their date in
//! red), and a side form that adds a commitment or edits the one clicked. Edits are saved as soon
//! as the focus leaves a field; deleting asks first.
//!
//! The table's text wraps onto up to three lines so a commitment reads whole on a 1024-wide
//! screen; its columns can be dragged wider or narrower, 承诺内容 taking what the others leave,
//! and the form's panel can be shut (it starts shut on a narrow screen).

use eframe::egui::{self, Color32, RichText, Sense};
use egui_extras::{Column, TableBuilder};
use zhenggai::domain::DomainError;
use zhenggai::domain::date::format_date;
use zhenggai::domain::{
    Command, Commitment, CommitmentDraft, CommitmentId, CommitmentState, RecordRef,
};
use zhenggai::view::Workbook;

use crate::ui::shell::nav::Nav;
use crate::ui::shell::session::Session;
use crate::ui::widgets::chart_text::shorten_chars;
use crate::ui::widgets::record_form::{optional_date, optional_date_row, typing_in};
use crate::ui::widgets::side_form::{DraftForm, SideForm, SideRecord};
use crate::ui::widgets::wrapped_cell::{
    CELL_MARGIN, MAX_LINES, fit_table, row_height, widest_text, wrapped_cell_ui,
};
use crate::ui::widgets::{choice_row, text_area_row, text_row};

/// The width of the side form until the user drags it.
const FORM_WIDTH: f32 = 300.0;
/// The height of a table row.
const ROW_HEIGHT: f32 = 26.0;
/// Red for a pending commitment past its date.
const OVERDUE_COLOUR: Color32 = Color32::from_rgb(200, 40, 40);

/// What the user types for a commitment, kept as text until it is saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitmentForm {
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

impl DraftForm for CommitmentForm {
    type Draft = CommitmentDraft;

    fn from_draft(draft: &CommitmentDraft) -> Self {
        Self {
            content: draft.content.clone(),
            audience: draft.audience.clone(),
            publicity: draft.publicity.clone(),
            due_on: draft.due_on.map(format_date).unwrap_or_default(),
            state: draft.state,
        }
    }

    fn draft(&self) -> Result<CommitmentDraft, DomainError> {
        let due_on = optional_date("承诺时限", &self.due_on)?;
        CommitmentDraft {
            content: self.content.clone(),
            audience: self.audience.clone(),
            publicity: self.publicity.clone(),
            due_on,
            state: self.state,
        }
        .validate()
    }
}

impl SideRecord for Commitment {
    type Id = CommitmentId;
    type Draft = CommitmentDraft;
    type Form = CommitmentForm;

    const NOUN: &'static str = "承诺";
    const KEY: &'static str = "commitment";
    const NEW_HINT: &'static str = "填写后点「添加承诺」。承诺时限留空表示长期坚持。";
    const EDIT_HINT: &'static str = "修改在离开输入框后自动保存。";

    fn record_id(&self) -> CommitmentId {
        self.id
    }

    fn stored_draft(&self) -> CommitmentDraft {
        self.to_draft()
    }

    fn find(workbook: &Workbook, commitment_id: CommitmentId) -> Option<&Self> {
        workbook
            .commitments
            .iter()
            .find(|commitment| commitment.id == commitment_id)
    }

    fn add_command(draft: CommitmentDraft) -> Command {
        Command::AddCommitment(draft)
    }

    fn update_command(commitment_id: CommitmentId, draft: CommitmentDraft) -> Command {
        Command::UpdateCommitment {
            commitment_id,
            draft,
        }
    }

    fn delete_command(commitment_id: CommitmentId) -> Command {
        Command::DeleteCommitment { commitment_id }
    }

    fn is_kind_of(target: RecordRef) -> bool {
        matches!(target, RecordRef::Commitment(_))
    }

    fn delete_message(&self, _workbook: &Workbook) -> String {
        format!(
            "将删除承诺「{}」。\n删除后可按 Ctrl+Z 撤销。",
            shorten_chars(&self.content, 40)
        )
    }
}

/// The screen's state: the side form that adds and edits commitments.
pub type CommitmentsScreen = SideForm<Commitment>;

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
    screen.panel_ui(ui, session, FORM_WIDTH, |ui, screen, session| {
        screen.form_ui(ui, session, |ui, form, _, id_salt| {
            fields_ui(ui, form, id_salt)
        });
    });
    ui.horizontal(|ui| {
        ui.heading("整改承诺");
        screen.heading_ui(ui, session);
    });
    summary_ui(ui, &session.workbook);
    ui.add_space(6.0);
    let clicked = ui.scope(|ui| table_ui(ui, screen, &session.workbook)).inner;
    if let Some(clicked) = clicked {
        screen.select(session, Some(clicked));
    }
    screen.delete_dialog_ui(ui, session);
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

/// What the 状态 column says for a commitment, in its colour.
fn state_text(commitment: &Commitment, overdue: bool) -> RichText {
    match commitment.state {
        CommitmentState::Pending if overdue => {
            RichText::new("逾期未兑现").color(OVERDUE_COLOUR).strong()
        }
        CommitmentState::Pending => RichText::new("待兑现"),
        CommitmentState::Honoured => RichText::new("已兑现").color(Color32::from_rgb(30, 140, 60)),
        CommitmentState::Broken => RichText::new("未兑现").color(Color32::from_rgb(140, 60, 60)),
    }
}

/// What the 承诺时限 column says: the date, or 长期 without one.
fn due_text(commitment: &Commitment) -> String {
    commitment
        .due_on
        .map_or_else(|| "长期".to_owned(), format_date)
}

/// A column the user can drag wider or narrower, never narrower than `least`.
fn resizable(width: f32, least: f32) -> Column {
    Column::initial(width.max(least))
        .at_least(least)
        .clip(true)
        .resizable(true)
}

/// Draws the table; returns the commitment whose row was clicked.
fn table_ui(
    ui: &mut egui::Ui,
    screen: &CommitmentsScreen,
    workbook: &Workbook,
) -> Option<CommitmentId> {
    if workbook.commitments.is_empty() {
        ui.weak(if screen.panel_open() {
            "还没有整改承诺。在右侧填写后点「添加承诺」。"
        } else {
            "还没有整改承诺。点右上方的「新增承诺」填写。"
        });
        return None;
    }
    let selected = screen.selected();
    let mut clicked = None;
    // The date and the state are never cut: their columns start as wide as their widest text.
    let due_width = widest_text(
        ui,
        workbook
            .commitments
            .iter()
            .map(|commitment| RichText::new(due_text(commitment)))
            .chain([RichText::new("承诺时限").strong()]),
    ) + CELL_MARGIN;
    let state_width = widest_text(ui, [RichText::new("逾期未兑现").strong()]) + CELL_MARGIN;
    // 承诺对象 and 公开方式 start as wide as their longest text, up to a sixth of the table,
    // and wrap beyond that.
    let cap = (ui.available_width() * 0.16).max(80.0);
    let text_width = |texts: Vec<RichText>| (widest_text(ui, texts) + CELL_MARGIN).clamp(72.0, cap);
    let audience_width = text_width(
        workbook
            .commitments
            .iter()
            .map(|commitment| RichText::new(commitment.audience.as_str()))
            .collect(),
    );
    let publicity_width = text_width(
        workbook
            .commitments
            .iter()
            .map(|commitment| RichText::new(commitment.publicity.as_str()))
            .collect(),
    );
    fit_table(ui, "commitments_table");
    TableBuilder::new(ui)
        .id_salt("commitments_table")
        .striped(true)
        .resizable(true)
        .sense(Sense::click())
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(resizable(36.0, 32.0))
        .column(
            Column::remainder()
                .at_least(80.0)
                .clip(true)
                .resizable(false),
        )
        .column(resizable(audience_width, 48.0))
        .column(resizable(publicity_width, 48.0))
        .column(resizable(due_width, due_width))
        .column(resizable(state_width, state_width))
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
        .body(|mut body| {
            // Each row is as tall as its longest text wrapped in its column, up to three lines.
            let widths = body.widths().to_vec();
            let heights: Vec<f32> = workbook
                .commitments
                .iter()
                .map(|commitment| {
                    let cells = [
                        (commitment.content.as_str(), widths[1]),
                        (commitment.audience.as_str(), widths[2]),
                        (commitment.publicity.as_str(), widths[3]),
                    ];
                    row_height(body.ui_mut(), cells, ROW_HEIGHT)
                })
                .collect();
            body.heterogeneous_rows(heights.into_iter(), |mut row| {
                let index = row.index();
                let commitment = &workbook.commitments[index];
                let is_selected = selected == Some(commitment.id);
                let overdue = is_overdue(commitment, workbook);
                row.set_selected(is_selected);
                row.col(|ui| {
                    ui.add(egui::Label::new((index + 1).to_string()).selectable(false));
                });
                row.col(|ui| {
                    // The content opens the commitment, by mouse or keyboard.
                    let response = wrapped_cell_ui(
                        ui,
                        RichText::new(commitment.content.as_str()),
                        MAX_LINES,
                        Sense::click(),
                    );
                    if response.clicked() {
                        clicked = Some(commitment.id);
                    }
                });
                for text in [&commitment.audience, &commitment.publicity] {
                    row.col(|ui| {
                        wrapped_cell_ui(
                            ui,
                            RichText::new(text.as_str()),
                            MAX_LINES,
                            Sense::hover(),
                        );
                    });
                }
                row.col(|ui| {
                    let due = RichText::new(due_text(commitment));
                    let due = if overdue {
                        due.color(OVERDUE_COLOUR)
                    } else {
                        due
                    };
                    ui.add(egui::Label::new(due).selectable(false));
                });
                row.col(|ui| {
                    ui.add(egui::Label::new(state_text(commitment, overdue)).selectable(false));
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

#[cfg(test)]
mod tests;
