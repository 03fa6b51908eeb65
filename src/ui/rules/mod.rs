//! The 制度清单 screen: the rules made, revised or repealed during the campaign with the problems
//! each addresses, and a side form that adds a rule or edits the one clicked, with a picker for
//! its problems. Edits are saved as soon as the focus leaves a field; deleting asks first.
//!
//! The table keeps each 文号 whole and wraps names and linked problems onto up to three lines,
//! so a rule reads whole on a 1024-wide screen; its columns can be dragged wider or narrower,
//! 制度名称 taking what the others leave, and the form's panel can be shut (it starts shut on a
//! narrow screen).

use eframe::egui::{self, RichText, Sense};
use egui_extras::{Column, TableBuilder};
use zhenggai::domain::DomainError;
use zhenggai::domain::date::format_date;
use zhenggai::domain::{Command, ProblemId, RecordRef, Rule, RuleDraft, RuleId, RuleKind};
use zhenggai::view::Workbook;

use crate::ui::problems::picker::{ProblemPicker, problem_picker_ui};
use crate::ui::shell::nav::{Nav, OpenRequest};
use crate::ui::shell::session::Session;
use crate::ui::widgets::record_form::{optional_date, optional_date_row, typing_in};
use crate::ui::widgets::side_form::{DraftForm, SideForm, SideRecord};
use crate::ui::widgets::wrapped_cell::{
    CELL_MARGIN, MAX_LINES, fit_table, packed_list, row_height, widest_text, wrapped_cell_ui,
};
use crate::ui::widgets::{choice_row, text_area_row, text_row};

/// The width of the side form until the user drags it.
const FORM_WIDTH: f32 = 300.0;
/// The widest the 文号 column starts: a longer 文号 wraps rather than squeeze the names.
const DOC_NUMBER_MAX_WIDTH: f32 = 240.0;
/// The height of a table row.
const ROW_HEIGHT: f32 = 26.0;

/// What the user types for a rule, kept as text until it is saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleForm {
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

impl DraftForm for RuleForm {
    type Draft = RuleDraft;

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

    fn draft(&self) -> Result<RuleDraft, DomainError> {
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
    }
}

impl SideRecord for Rule {
    type Id = RuleId;
    type Draft = RuleDraft;
    type Form = RuleForm;

    const NOUN: &'static str = "制度";
    const KEY: &'static str = "rule";
    const NEW_HINT: &'static str = "填写后点「添加制度」。";
    const EDIT_HINT: &'static str = "修改在离开输入框后自动保存，勾选问题立即保存。";

    fn record_id(&self) -> RuleId {
        self.id
    }

    fn stored_draft(&self) -> RuleDraft {
        self.to_draft()
    }

    fn find(workbook: &Workbook, rule_id: RuleId) -> Option<&Self> {
        workbook.rules.iter().find(|rule| rule.id == rule_id)
    }

    fn add_command(draft: RuleDraft) -> Command {
        Command::AddRule(draft)
    }

    fn update_command(rule_id: RuleId, draft: RuleDraft) -> Command {
        Command::UpdateRule { rule_id, draft }
    }

    fn delete_command(rule_id: RuleId) -> Command {
        Command::DeleteRule { rule_id }
    }

    fn is_kind_of(target: RecordRef) -> bool {
        matches!(target, RecordRef::Rule(_))
    }

    fn delete_message(&self, workbook: &Workbook) -> String {
        let links = if self.problem_ids.is_empty() {
            String::new()
        } else {
            format!(
                "它与 {} 的关联也一并删除。",
                linked_numbers(workbook, &self.problem_ids)
            )
        };
        format!(
            "将删除制度「{}」。{links}\n删除后可按 Ctrl+Z 撤销。",
            self.name
        )
    }
}

/// The screen's state.
#[derive(Default)]
pub struct RulesScreen {
    /// The side form that adds and edits rules.
    form: SideForm<Rule>,
    /// The picker for the problems a rule addresses, shared by the new and the edit form.
    picker: ProblemPicker,
}

/// The ledger numbers of a rule's problems: `3号、12号`; empty without links.
pub fn linked_numbers(workbook: &Workbook, problem_ids: &[ProblemId]) -> String {
    linked_number_list(workbook, problem_ids).join("、")
}

/// The ledger numbers of a rule's problems in order, each as `3号`.
fn linked_number_list(workbook: &Workbook, problem_ids: &[ProblemId]) -> Vec<String> {
    let mut numbers: Vec<i64> = problem_ids
        .iter()
        .filter_map(|id| workbook.problem(*id).map(|problem| problem.number))
        .collect();
    numbers.sort_unstable();
    numbers.iter().map(|number| format!("{number}号")).collect()
}

/// Draws the screen.
pub fn rules_ui(ui: &mut egui::Ui, screen: &mut RulesScreen, session: &mut Session, nav: &mut Nav) {
    screen.form.sync(session);
    let picker = &mut screen.picker;
    let open = screen
        .form
        .panel_ui(ui, session, FORM_WIDTH, |ui, form_state, session| {
            let mut open = None;
            form_state.form_ui(ui, session, |ui, form, session, id_salt| {
                let (typing, asked) = fields_ui(ui, form, picker, session, id_salt);
                open = asked;
                typing
            });
            open
        })
        .flatten();
    if let Some(problem_id) = open {
        nav.open(OpenRequest::Problem(problem_id));
    }
    ui.horizontal(|ui| {
        ui.heading("制度清单");
        screen.form.heading_ui(ui, session);
    });
    summary_ui(ui, &session.workbook);
    ui.add_space(6.0);
    let clicked = ui.scope(|ui| table_ui(ui, screen, &session.workbook)).inner;
    if let Some(clicked) = clicked {
        screen.form.select(session, Some(clicked));
    }
    screen.form.delete_dialog_ui(ui, session);
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

/// A column the user can drag wider or narrower, never narrower than `least`.
fn resizable(width: f32, least: f32) -> Column {
    Column::initial(width.max(least))
        .at_least(least)
        .clip(true)
        .resizable(true)
}

/// What the 印发日期 column says: the date, or 未印发 (greyed) without one.
fn issued_text(rule: &Rule) -> RichText {
    match rule.issued_on {
        Some(date) => RichText::new(format_date(date)),
        None => RichText::new("未印发").weak(),
    }
}

/// Draws the table; returns the rule whose row was clicked.
fn table_ui(ui: &mut egui::Ui, screen: &RulesScreen, workbook: &Workbook) -> Option<RuleId> {
    if workbook.rules.is_empty() {
        ui.weak(if screen.form.panel_open() {
            "还没有制度。在右侧填写后点「添加制度」。"
        } else {
            "还没有制度。点右上方的「新增制度」填写。"
        });
        return None;
    }
    let selected = screen.form.selected();
    let mut clicked = None;
    // 类别，文号 and 印发日期 are never cut: their columns start as wide as their widest text
    // (a 文号 longer than the cap wraps instead).
    let available = ui.available_width();
    let header = |title: &str| RichText::new(title).strong();
    let kind_width = widest_text(
        ui,
        RuleKind::ALL
            .iter()
            .map(|kind| RichText::new(kind.label()))
            .chain([header("类别")]),
    ) + CELL_MARGIN;
    let doc_width = (widest_text(
        ui,
        workbook
            .rules
            .iter()
            .map(|rule| RichText::new(rule.doc_number.as_str()))
            .chain([header("文号")]),
    ) + CELL_MARGIN)
        .min(DOC_NUMBER_MAX_WIDTH);
    let date_width = widest_text(
        ui,
        workbook
            .rules
            .iter()
            .map(issued_text)
            .chain([header("印发日期")]),
    ) + CELL_MARGIN;
    fit_table(ui, "rules_table");
    TableBuilder::new(ui)
        .id_salt("rules_table")
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
        .column(resizable(kind_width, kind_width))
        .column(resizable(doc_width, doc_width))
        .column(resizable(date_width, date_width))
        .column(resizable((available * 0.14).clamp(64.0, 160.0), 56.0))
        .header(24.0, |mut header| {
            for title in ["序号", "制度名称", "类别", "文号", "印发日期", "关联问题"]
            {
                header.col(|ui| {
                    ui.strong(title);
                });
            }
        })
        .body(|mut body| {
            // Each row is as tall as its longest text wrapped in its column, up to three lines.
            let widths = body.widths().to_vec();
            // Linked problems break between numbers, never inside one.
            let links: Vec<String> = workbook
                .rules
                .iter()
                .map(|rule| {
                    packed_list(
                        body.ui_mut(),
                        &linked_number_list(workbook, &rule.problem_ids),
                        widths[5],
                    )
                })
                .collect();
            let heights: Vec<f32> = workbook
                .rules
                .iter()
                .zip(&links)
                .map(|(rule, numbers)| {
                    let cells = [
                        (rule.name.as_str(), widths[1]),
                        (rule.doc_number.as_str(), widths[3]),
                        (numbers.as_str(), widths[5]),
                    ];
                    row_height(body.ui_mut(), cells, ROW_HEIGHT)
                })
                .collect();
            body.heterogeneous_rows(heights.into_iter(), |mut row| {
                let index = row.index();
                let rule = &workbook.rules[index];
                let is_selected = selected == Some(rule.id);
                row.set_selected(is_selected);
                row.col(|ui| {
                    ui.add(egui::Label::new((index + 1).to_string()).selectable(false));
                });
                row.col(|ui| {
                    // The name opens the rule, by mouse or keyboard.
                    let response = wrapped_cell_ui(
                        ui,
                        RichText::new(rule.name.as_str()),
                        MAX_LINES,
                        Sense::click(),
                    );
                    if response.clicked() {
                        clicked = Some(rule.id);
                    }
                });
                row.col(|ui| {
                    ui.add(egui::Label::new(rule.kind.label()).selectable(false));
                });
                row.col(|ui| {
                    wrapped_cell_ui(
                        ui,
                        RichText::new(rule.doc_number.as_str()),
                        MAX_LINES,
                        Sense::hover(),
                    );
                });
                row.col(|ui| {
                    ui.add(egui::Label::new(issued_text(rule)).selectable(false));
                });
                row.col(|ui| {
                    wrapped_cell_ui(
                        ui,
                        RichText::new(links[index].as_str()),
                        MAX_LINES,
                        Sense::hover(),
                    );
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

#[cfg(test)]
mod tests;
