//! The 制度清单 screen: the rules made, revised or repealed during the campaign with the problems
//! each addresses, and a side form that adds a rule or edits the one clicked, with a picker for
//! its problems. Edits are saved as soon as the focus leaves a field; deleting asks first.

use eframe::egui::{self, Sense};
use egui_extras::{Column, TableBuilder};
use zhenggai::domain::date::format_date;
use zhenggai::domain::{Command, ProblemId, RecordRef, Rule, RuleDraft, RuleId, RuleKind};
use zhenggai::view::Workbook;

use super::dialog::{Confirmation, confirm_ui};
use super::nav::{Nav, OpenRequest};
use super::problem_picker::{ProblemPicker, problem_picker_ui};
use super::record_form::{optional_date, optional_date_row, typing_in};
use super::session::Session;
use super::widgets::{choice_row, error_label, text_area_row, text_row};

/// The width of the side form.
const FORM_WIDTH: f32 = 360.0;
/// The height of a table row.
const ROW_HEIGHT: f32 = 26.0;

/// What the user types for a rule, kept as text until it is saved.
#[derive(Debug, Clone, PartialEq, Eq)]
struct RuleForm {
    name: String,
    kind: RuleKind,
    doc_number: String,
    issued_on: String,
    note: String,
    problem_ids: Vec<ProblemId>,
}

impl Default for RuleForm {
    fn default() -> Self {
        Self {
            name: String::new(),
            kind: RuleKind::New,
            doc_number: String::new(),
            issued_on: String::new(),
            note: String::new(),
            problem_ids: Vec::new(),
        }
    }
}

impl RuleForm {
    fn from_draft(draft: &RuleDraft) -> Self {
        Self {
            name: draft.name.clone(),
            kind: draft.kind,
            doc_number: draft.doc_number.clone(),
            issued_on: draft.issued_on.map(format_date).unwrap_or_default(),
            note: draft.note.clone(),
            problem_ids: draft.problem_ids.clone(),
        }
    }

    /// The checked draft, or the reason (in Chinese) it cannot be saved yet.
    fn draft(&self) -> Result<RuleDraft, String> {
        let issued_on = optional_date("印发日期", &self.issued_on)?;
        RuleDraft {
            name: self.name.clone(),
            kind: self.kind,
            doc_number: self.doc_number.clone(),
            issued_on,
            note: self.note.clone(),
            problem_ids: self.problem_ids.clone(),
        }
        .validate()
        .map_err(|err| err.to_string())
    }

    fn is_blank(&self) -> bool {
        *self == Self::default()
    }
}

/// The rule being edited in the side form.
struct Editing {
    rule_id: RuleId,
    form: RuleForm,
    /// The stored fields the form was last loaded from or saved to.
    stored: RuleDraft,
    /// The last draft queued for saving, so it is queued once, not every frame.
    queued: Option<RuleDraft>,
}

/// The screen's state.
#[derive(Default)]
pub struct RulesScreen {
    /// What is typed for a new rule; kept while another one is being edited.
    new_form: RuleForm,
    /// Whether 添加 was pressed on the new form, so its errors are shown.
    new_tried: bool,
    /// The generation at which a new rule was queued, until it is saved or refused.
    adding_at: Option<u64>,
    editing: Option<Editing>,
    picker: ProblemPicker,
    /// Why the selection could not change (the edited rule has an error).
    notice: Option<String>,
    /// The rule the delete dialog asks about.
    confirm_delete: Option<RuleId>,
}

impl RulesScreen {
    /// Follows what happened since the last frame: a new rule saved (the form empties), the
    /// edited one changed underneath (an undo: the form reloads) or gone (the form closes).
    fn sync(&mut self, session: &Session) {
        if let Some(queued_at) = self.adding_at {
            if session.generation != queued_at {
                self.adding_at = None;
                if matches!(session.last_target, Some(RecordRef::Rule(_))) {
                    self.new_form = RuleForm::default();
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
        let Some(stored) = find(&session.workbook, editing.rule_id) else {
            self.editing = None;
            return;
        };
        let stored = stored.to_draft();
        if stored != editing.stored {
            if editing.queued.as_ref() != Some(&stored) {
                // Changed by something else than this form (Ctrl+Z): show what is stored now.
                editing.form = RuleForm::from_draft(&stored);
                editing.queued = None;
            }
            editing.stored = stored;
        }
    }

    /// Queues the edited rule's changes when they are valid and not yet stored. Returns the
    /// reason when they cannot be saved.
    fn flush(&mut self, session: &mut Session) -> Result<(), String> {
        let Some(editing) = &mut self.editing else {
            return Ok(());
        };
        let draft = editing.form.draft()?;
        if draft != editing.stored && editing.queued.as_ref() != Some(&draft) {
            session.queue(Command::UpdateRule {
                rule_id: editing.rule_id,
                draft: draft.clone(),
            });
            editing.queued = Some(draft);
        }
        Ok(())
    }

    /// Opens `rule_id` in the form (or the new form for `None`), saving the current edit first;
    /// stays put and says why when that edit is not valid.
    fn select(&mut self, session: &mut Session, rule_id: Option<RuleId>) {
        if let Err(reason) = self.flush(session) {
            self.notice = Some(format!(
                "当前制度的修改还不能保存:{reason} 请改正后再切换,或点「放弃修改」。"
            ));
            return;
        }
        self.notice = None;
        self.editing = rule_id
            .and_then(|id| find(&session.workbook, id))
            .map(|rule| {
                let stored = rule.to_draft();
                Editing {
                    rule_id: rule.id,
                    form: RuleForm::from_draft(&stored),
                    stored,
                    queued: None,
                }
            });
    }
}

fn find(workbook: &Workbook, rule_id: RuleId) -> Option<&Rule> {
    workbook.rules.iter().find(|rule| rule.id == rule_id)
}

/// The ledger numbers of a rule's problems: `3号、12号`; empty without links.
pub fn linked_numbers(workbook: &Workbook, problem_ids: &[ProblemId]) -> String {
    let mut numbers: Vec<i64> = problem_ids
        .iter()
        .filter_map(|id| workbook.problem(*id).map(|problem| problem.number))
        .collect();
    numbers.sort_unstable();
    numbers
        .iter()
        .map(|number| format!("{number}号"))
        .collect::<Vec<_>>()
        .join("、")
}

/// Draws the screen.
pub fn rules_ui(ui: &mut egui::Ui, screen: &mut RulesScreen, session: &mut Session, nav: &mut Nav) {
    screen.sync(session);
    let open = egui::Panel::right("rule_form")
        .resizable(false)
        .exact_size(FORM_WIDTH)
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("rule_form_scroll")
                .show(ui, |ui| form_ui(ui, screen, session))
                .inner
        })
        .inner;
    if let Some(problem_id) = open {
        nav.open(OpenRequest::Problem(problem_id));
    }
    ui.heading("制度清单");
    summary_ui(ui, &session.workbook);
    ui.add_space(6.0);
    if let Some(clicked) = table_ui(ui, screen, &session.workbook) {
        screen.select(session, Some(clicked));
    }
    delete_dialog_ui(ui, screen, session);
}

fn summary_ui(ui: &mut egui::Ui, workbook: &Workbook) {
    let count = |kind: RuleKind| {
        workbook
            .rules
            .iter()
            .filter(|rule| rule.kind == kind)
            .count()
    };
    let unissued = workbook
        .rules
        .iter()
        .filter(|rule| rule.issued_on.is_none())
        .count();
    ui.horizontal_wrapped(|ui| {
        ui.label(format!("共 {} 项制度", workbook.rules.len()));
        for &kind in RuleKind::ALL {
            ui.label(format!("{} {}", kind.label(), count(kind)));
        }
        if unissued > 0 {
            ui.weak(format!("尚未印发 {unissued}"));
        }
    });
}

/// Draws the table; returns the rule whose row was clicked.
fn table_ui(ui: &mut egui::Ui, screen: &RulesScreen, workbook: &Workbook) -> Option<RuleId> {
    if workbook.rules.is_empty() {
        ui.weak("还没有制度。在右侧填写后点「添加制度」。");
        return None;
    }
    let selected = screen.editing.as_ref().map(|editing| editing.rule_id);
    let mut clicked = None;
    // 文号 and 关联问题 give up width on a narrow window so the table never runs under the form.
    let available = ui.available_width();
    let doc_width = (available * 0.2).clamp(90.0, 150.0);
    let links_width = (available * 0.18).clamp(70.0, 140.0);
    TableBuilder::new(ui)
        .id_salt("rules_table")
        .striped(true)
        .sense(Sense::click())
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::exact(36.0))
        .column(Column::remainder().at_least(100.0).clip(true))
        .column(Column::exact(44.0))
        .column(Column::exact(doc_width).clip(true))
        .column(Column::exact(88.0))
        .column(Column::exact(links_width).clip(true))
        .header(24.0, |mut header| {
            for title in ["序号", "制度名称", "类别", "文号", "印发日期", "关联问题"]
            {
                header.col(|ui| {
                    ui.strong(title);
                });
            }
        })
        .body(|body| {
            body.rows(ROW_HEIGHT, workbook.rules.len(), |mut row| {
                let index = row.index();
                let rule = &workbook.rules[index];
                let is_selected = selected == Some(rule.id);
                row.set_selected(is_selected);
                row.col(|ui| {
                    ui.add(egui::Label::new((index + 1).to_string()).selectable(false));
                });
                row.col(|ui| {
                    let response =
                        ui.add(egui::Button::selectable(is_selected, &rule.name).truncate());
                    let response = if rule.name.chars().count() > 16 {
                        response.on_hover_text(&rule.name)
                    } else {
                        response
                    };
                    if response.clicked() {
                        clicked = Some(rule.id);
                    }
                });
                row.col(|ui| {
                    ui.add(egui::Label::new(rule.kind.label()).selectable(false));
                });
                row.col(|ui| {
                    ui.add(
                        egui::Label::new(rule.doc_number.as_str())
                            .selectable(false)
                            .truncate(),
                    );
                });
                row.col(|ui| match rule.issued_on {
                    Some(date) => {
                        ui.add(egui::Label::new(format_date(date)).selectable(false));
                    }
                    None => {
                        ui.add(
                            egui::Label::new(egui::RichText::new("未印发").weak())
                                .selectable(false),
                        );
                    }
                });
                row.col(|ui| {
                    let numbers = linked_numbers(workbook, &rule.problem_ids);
                    ui.add(egui::Label::new(numbers).selectable(false).truncate());
                });
                if row.response().clicked() {
                    clicked = Some(rule.id);
                }
            });
        });
    clicked
}

/// The fields of a rule and its problem picker. Returns whether one of the rule's own text
/// fields has the focus (the picker's search is not one: ticking a problem saves at once), and
/// a linked problem the user asked to open.
fn fields_ui(
    ui: &mut egui::Ui,
    form: &mut RuleForm,
    picker: &mut ProblemPicker,
    session: &Session,
    id_salt: &str,
) -> (bool, Option<ProblemId>) {
    let name = text_row(ui, "制度名称", &mut form.name);
    choice_row(
        ui,
        "类别",
        id_salt,
        &mut form.kind,
        RuleKind::ALL,
        RuleKind::label,
    );
    let doc_number = text_row(ui, "文号", &mut form.doc_number);
    let (issued_on, _) = optional_date_row(ui, "印发日期", "留空为未印发", &mut form.issued_on);
    let note = text_area_row(ui, "备注", &mut form.note, 2);
    ui.add_space(4.0);
    let open = problem_picker_ui(
        ui,
        picker,
        &session.workbook.rows,
        session.generation,
        &mut form.problem_ids,
    );
    (typing_in(&[&name, &doc_number, &issued_on, &note]), open)
}

/// Draws the side form; returns a linked problem the user asked to open.
fn form_ui(
    ui: &mut egui::Ui,
    screen: &mut RulesScreen,
    session: &mut Session,
) -> Option<ProblemId> {
    if screen.editing.is_some() {
        edit_form_ui(ui, screen, session)
    } else {
        new_form_ui(ui, screen, session)
    }
}

fn new_form_ui(
    ui: &mut egui::Ui,
    screen: &mut RulesScreen,
    session: &mut Session,
) -> Option<ProblemId> {
    ui.heading("新增制度");
    ui.weak("填写后点「添加制度」。");
    ui.add_space(6.0);
    let (_, open) = fields_ui(
        ui,
        &mut screen.new_form,
        &mut screen.picker,
        session,
        "new_rule_kind",
    );
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
            .add_enabled(!adding, egui::Button::new("添加制度"))
            .clicked()
        {
            screen.new_tried = true;
            if let Ok(draft) = draft {
                session.queue(Command::AddRule(draft));
                screen.adding_at = Some(session.generation);
            }
        }
        if !screen.new_form.is_blank() && ui.button("清空").clicked() {
            screen.new_form = RuleForm::default();
            screen.new_tried = false;
        }
    });
    open
}

fn edit_form_ui(
    ui: &mut egui::Ui,
    screen: &mut RulesScreen,
    session: &mut Session,
) -> Option<ProblemId> {
    let mut go_new = false;
    ui.horizontal(|ui| {
        ui.heading("编辑制度");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            go_new = ui.button("新增制度").clicked();
        });
    });
    ui.weak("修改在离开输入框后自动保存,勾选问题立即保存。");
    ui.add_space(6.0);
    let Some(editing) = &mut screen.editing else {
        return None;
    };
    let (typing, open) = fields_ui(
        ui,
        &mut editing.form,
        &mut screen.picker,
        session,
        "edit_rule_kind",
    );
    let valid = editing.form.draft();
    if let Err(reason) = &valid {
        error_label(ui, reason);
    }
    if let Some(notice) = &screen.notice {
        error_label(ui, notice);
    }
    let dirty = valid.as_ref() != Ok(&editing.stored);
    let rule_id = editing.rule_id;
    ui.add_space(6.0);
    let mut discard = false;
    ui.horizontal(|ui| {
        if ui.button("删除此制度").clicked() {
            screen.confirm_delete = Some(rule_id);
        }
        if dirty {
            discard = ui.button("放弃修改").clicked();
        }
    });
    if discard && let Some(editing) = &mut screen.editing {
        editing.form = RuleForm::from_draft(&editing.stored);
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
    open
}

fn delete_dialog_ui(ui: &mut egui::Ui, screen: &mut RulesScreen, session: &mut Session) {
    let Some(rule_id) = screen.confirm_delete else {
        return;
    };
    let Some(rule) = find(&session.workbook, rule_id) else {
        screen.confirm_delete = None;
        return;
    };
    let links = if rule.problem_ids.is_empty() {
        String::new()
    } else {
        format!(
            "它与 {} 的关联也一并删除。",
            linked_numbers(&session.workbook, &rule.problem_ids)
        )
    };
    let message = format!(
        "将删除制度「{}」。{links}\n删除后可按 Ctrl+Z 撤销。",
        rule.name
    );
    match confirm_ui(ui.ctx(), "delete_rule", "删除这项制度?", &message, "删除") {
        Confirmation::Open => {}
        Confirmation::Cancelled => screen.confirm_delete = None,
        Confirmation::Confirmed => {
            screen.confirm_delete = None;
            session.queue(Command::DeleteRule { rule_id });
            screen.editing = None;
            screen.notice = None;
        }
    }
}

#[cfg(test)]
mod tests;
