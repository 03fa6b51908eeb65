//! The problem editor beside the 问题清单: a problem's fields (saved when a field is left), its
//! measures inline, the rules linked to it, and deleting it after a confirmation.

use eframe::egui::{self, Response, RichText};
use zhenggai::domain::date::{format_date, parse_typed_date};
use zhenggai::domain::{
    CategoryId, Command, DomainError, MeasureId, Problem, ProblemDraft, ProblemId, ProblemLevel,
    ProblemSource, RecordRef, Severity,
};
use zhenggai::view::Workbook;

use crate::ui::measures::form::MeasureForm;
use crate::ui::problems::form::{FOUND_ON, ProblemForm};
use crate::ui::problems::measure_list::{MeasuresPanel, measures_ui};
use crate::ui::shell::session::Session;
use crate::ui::widgets::date_field::{DateField, DateHint};
use crate::ui::widgets::dialog::{Confirmation, delete_dialog_ui};
use crate::ui::widgets::required::required_text_area_row;
use crate::ui::widgets::{
    LABEL_WIDTH, category_combo, choice_row, error_label, label_cell, text_area_row, text_row,
};

/// What the editor shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditorTarget {
    /// A problem not yet saved.
    New,
    /// A stored problem.
    Existing(ProblemId),
}

/// What the user did in the editor this frame, for the screen to act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditorAction {
    /// Nothing for the screen to do.
    None,
    /// The user closed the editor.
    Close,
    /// The new problem was saved and the editor now shows it.
    Created(ProblemId),
    /// The problem was deleted, or no longer exists (an undo took it back).
    Gone,
    /// Open this measure in the measure editor.
    OpenMeasure(MeasureId),
}

/// An open problem editor.
pub struct ProblemEditor {
    target: EditorTarget,
    form: ProblemForm,
    /// The stored draft the form was last brought up to date with.
    base: Option<ProblemDraft>,
    /// Why the form was last refused, shown under its field until corrected.
    error: Option<DomainError>,
    /// The last update queued, so a refused one is not queued again every frame.
    last_queued: Option<ProblemDraft>,
    /// The session generation when 保存 queued the new problem; the next reload tells whether it
    /// was stored.
    awaiting_add: Option<u64>,
    confirm_delete: bool,
    measures: MeasuresPanel,
}

impl ProblemEditor {
    /// An editor on a new problem, starting from `form` (a blank one, or the one the user left).
    pub fn new_problem(form: ProblemForm) -> Self {
        Self {
            target: EditorTarget::New,
            form,
            base: None,
            error: None,
            last_queued: None,
            awaiting_add: None,
            confirm_delete: false,
            measures: MeasuresPanel::default(),
        }
    }

    /// Asks whether to delete the problem (the table's 删除 does this after opening it).
    pub fn ask_delete(&mut self) {
        self.confirm_delete = true;
    }

    /// An editor on a stored problem.
    pub fn existing(problem: &Problem) -> Self {
        let draft = problem.to_draft();
        Self {
            target: EditorTarget::Existing(problem.id),
            form: ProblemForm::from_draft(&draft),
            base: Some(draft),
            ..Self::new_problem(ProblemForm::blank(problem.found_on))
        }
    }

    /// An editor on a stored problem whose 新增措施 form starts from what the user left in it.
    pub fn existing_with_measure_form(problem: &Problem, form: MeasureForm) -> Self {
        Self {
            measures: MeasuresPanel::with_form(form),
            ..Self::existing(problem)
        }
    }

    /// The half-typed 新增措施 form of the problem shown, to keep when the editor switches.
    pub fn take_measure_form(&mut self) -> Option<(ProblemId, MeasureForm)> {
        let problem_id = self.problem_id()?;
        self.measures.take_form().map(|form| (problem_id, form))
    }

    /// What the editor shows.
    pub fn target(&self) -> EditorTarget {
        self.target
    }

    /// The stored problem shown, if any.
    pub fn problem_id(&self) -> Option<ProblemId> {
        match self.target {
            EditorTarget::New => None,
            EditorTarget::Existing(problem_id) => Some(problem_id),
        }
    }

    /// The typed form of a new problem, to keep when the editor closes or switches.
    pub fn into_new_form(self) -> Option<ProblemForm> {
        (self.target == EditorTarget::New && !self.form.is_blank()).then_some(self.form)
    }

    /// Saves what the user changed in a stored problem before the editor closes or switches.
    /// `Err` explains, in Chinese, why it cannot be saved (the editor should then stay).
    pub fn flush(&mut self, session: &mut Session) -> Result<(), String> {
        let EditorTarget::Existing(problem_id) = self.target else {
            return Ok(());
        };
        let Some(problem) = session.workbook.problem(problem_id) else {
            return Ok(());
        };
        if self.form.matches(&problem.to_draft()) {
            return Ok(());
        }
        match self.form.to_draft() {
            Ok(draft) => {
                self.queue_update(session, problem_id, draft);
                Ok(())
            }
            Err(err) => {
                let message = format!("问题 {} 的修改未保存：{err}", problem.number);
                self.error = Some(err);
                Err(message)
            }
        }
    }

    fn queue_update(&mut self, session: &mut Session, problem_id: ProblemId, draft: ProblemDraft) {
        if self.last_queued.as_ref() == Some(&draft) {
            return;
        }
        self.last_queued = Some(draft.clone());
        session.queue(Command::UpdateProblem { problem_id, draft });
    }

    /// Follows the new problem once its 保存 has been applied (or notices it was refused).
    fn follow_created(&mut self, session: &Session) -> Option<ProblemId> {
        let queued_at = self.awaiting_add?;
        if session.has_pending() {
            return None;
        }
        self.awaiting_add = None;
        if session.generation == queued_at {
            // Refused: the form keeps what was typed, and the status line says why.
            return None;
        }
        let Some(RecordRef::Problem(problem_id)) = session.last_target else {
            return None;
        };
        let problem = session.workbook.problem(problem_id)?;
        *self = Self::existing(problem);
        Some(problem_id)
    }

    /// Brings the form up to date with the stored problem when it changed underneath (undo).
    fn sync(&mut self, stored: &ProblemDraft) {
        if self.base.as_ref() != Some(stored) {
            if let Some(base) = &self.base {
                self.form.merge(base, stored);
            }
            self.base = Some(stored.clone());
            self.last_queued = None;
        }
    }
}

/// Draws the editor; the caller puts it in a side panel.
pub fn problem_editor_ui(
    ui: &mut egui::Ui,
    editor: &mut ProblemEditor,
    session: &mut Session,
) -> EditorAction {
    if let Some(problem_id) = editor.follow_created(session) {
        return EditorAction::Created(problem_id);
    }
    let problem = match editor.target {
        EditorTarget::New => None,
        EditorTarget::Existing(problem_id) => match session.workbook.problem(problem_id) {
            Some(problem) => Some(problem.clone()),
            None => return EditorAction::Gone,
        },
    };
    if let Some(problem) = &problem {
        editor.sync(&problem.to_draft());
    }
    let mut action = header_ui(ui, editor, session, problem.as_ref());
    ui.separator();
    egui::ScrollArea::vertical()
        .id_salt("problem_editor_scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let editing = fields_ui(ui, editor, &session.workbook);
            if let Some(problem) = &problem {
                autosave(editor, session, problem, editing);
                ui.add_space(12.0);
                if let Some(measure_id) = measures_ui(
                    ui,
                    &mut editor.measures,
                    session,
                    problem.id,
                    problem.found_on,
                ) {
                    action = EditorAction::OpenMeasure(measure_id);
                }
                ui.add_space(12.0);
                rules_ui(ui, &session.workbook, problem.id);
            } else {
                new_problem_buttons_ui(ui, editor, session, &mut action);
            }
        });
    if let Some(problem) = &problem
        && editor.confirm_delete
        && confirm_delete_ui(ui, editor, session, problem)
    {
        action = EditorAction::Gone;
    }
    action
}

fn header_ui(
    ui: &mut egui::Ui,
    editor: &mut ProblemEditor,
    session: &Session,
    problem: Option<&Problem>,
) -> EditorAction {
    let mut action = EditorAction::None;
    ui.horizontal(|ui| {
        let title = problem.map_or_else(
            || "新增问题".to_owned(),
            |problem| format!("问题 {}", problem.number),
        );
        ui.heading(title);
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button("关闭").clicked() {
                action = EditorAction::Close;
            }
            if problem.is_some() {
                let danger = RichText::new("删除问题").color(ui.visuals().error_fg_color);
                if ui.button(danger).clicked() {
                    editor.confirm_delete = true;
                }
            }
        });
    });
    if let Some(problem) = problem {
        let count = session.workbook.measures_of(problem.id).count();
        ui.weak(format!("修改在离开输入框时自动保存 · {count} 条整改措施"));
        // A change that cannot be saved keeps the editor open; this is the way out.
        if editor.error.is_some()
            && ui
                .button("放弃未保存的修改")
                .on_hover_text("恢复为已保存的内容")
                .clicked()
        {
            let draft = problem.to_draft();
            editor.form = ProblemForm::from_draft(&draft);
            editor.base = Some(draft);
            editor.error = None;
        }
    } else {
        ui.weak("填写后点「保存」；「问题表现」必须填写。");
    }
    action
}

/// The fields; returns whether one of the text fields is being edited (has the keyboard).
fn fields_ui(ui: &mut egui::Ui, editor: &mut ProblemEditor, workbook: &Workbook) -> bool {
    let form = &mut editor.form;
    let error = editor.error.as_ref();
    let mut texts: Vec<Response> = Vec::new();
    category_row_ui(ui, &mut form.category_id, workbook);
    choice_row(
        ui,
        "层级",
        "problem_level",
        &mut form.level,
        ProblemLevel::ALL,
        ProblemLevel::label,
    );
    texts.push(text_row(ui, "责任主体", &mut form.subject));
    field_error_ui(ui, error, "责任主体");
    choice_row(
        ui,
        "来源",
        "problem_source",
        &mut form.source,
        ProblemSource::ALL,
        ProblemSource::label,
    );
    choice_row(
        ui,
        "严重程度",
        "problem_severity",
        &mut form.severity,
        Severity::ALL,
        Severity::label,
    );
    texts.push(required_text_area_row(
        ui,
        "问题表现",
        &mut form.description,
        4,
    ));
    field_error_ui(ui, error, "问题表现");
    texts.push(text_area_row(ui, "典型事例", &mut form.example, 2));
    field_error_ui(ui, error, "典型事例");
    texts.push(text_area_row(ui, "原因剖析", &mut form.cause, 2));
    field_error_ui(ui, error, "原因剖析");
    texts.push(found_on_row_ui(ui, &mut form.found_on));
    // A refused save is re-checked as the user types, so the message goes once it is fixed.
    if editor.error.is_some() {
        editor.error = editor.form.to_draft().err();
    }
    texts.iter().any(Response::has_focus)
}

/// Saves a stored problem's changes once the user has left the field they were typing in (a
/// drop-down change is saved at once).
fn autosave(editor: &mut ProblemEditor, session: &mut Session, problem: &Problem, editing: bool) {
    if editing || editor.form.matches(&problem.to_draft()) {
        return;
    }
    match editor.form.to_draft() {
        Ok(draft) => {
            editor.error = None;
            editor.queue_update(session, problem.id, draft);
        }
        Err(err) => editor.error = Some(err),
    }
}

fn new_problem_buttons_ui(
    ui: &mut egui::Ui,
    editor: &mut ProblemEditor,
    session: &mut Session,
    action: &mut EditorAction,
) {
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        ui.add_space(LABEL_WIDTH + ui.spacing().item_spacing.x);
        let saving = editor.awaiting_add.is_some();
        if ui
            .add_enabled(!saving, egui::Button::new(RichText::new("保存").strong()))
            .clicked()
        {
            match editor.form.to_draft() {
                Ok(draft) => {
                    editor.error = None;
                    session.queue(Command::AddProblem(draft));
                    editor.awaiting_add = Some(session.generation);
                }
                Err(err) => editor.error = Some(err),
            }
        }
        if ui
            .button("清空")
            .on_hover_text("清空这张尚未保存的表单")
            .clicked()
        {
            editor.form = ProblemForm::blank(session.workbook.today);
            editor.error = None;
        }
        if ui.button("取消").clicked() {
            *action = EditorAction::Close;
        }
    });
    if let Some(err) = &editor.error
        && field_of(err).is_none()
    {
        error_label(ui, err);
    }
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        ui.add_space(LABEL_WIDTH + ui.spacing().item_spacing.x);
        ui.weak("保存后可在下方添加整改措施。");
    });
}

/// The error under the field it is about, if it is about `field`.
fn field_error_ui(ui: &mut egui::Ui, error: Option<&DomainError>, field: &str) {
    if let Some(err) = error
        && field_of(err) == Some(field)
    {
        ui.horizontal(|ui| {
            ui.add_space(LABEL_WIDTH + ui.spacing().item_spacing.x);
            error_label(ui, err);
        });
    }
}

/// The field an error is about (the date field shows its own error as it is typed).
fn field_of(err: &DomainError) -> Option<&'static str> {
    match err {
        DomainError::Required { field } | DomainError::TooLong { field, .. } => Some(field),
        DomainError::InvalidDate { .. } => Some(FOUND_ON),
        _ => None,
    }
}

/// 类别: 未分类, then each area with its items indented.
fn category_row_ui(ui: &mut egui::Ui, value: &mut Option<CategoryId>, workbook: &Workbook) {
    ui.horizontal(|ui| {
        let label = label_cell(ui, "类别");
        let width = ui.available_width().min(320.0);
        category_combo(ui, "problem_category", value, workbook, "未分类", width)
            .labelled_by(label.id);
    });
}

/// 发现日期 (a date field with its calendar) with its error shown as it is typed; returns the
/// field's response.
fn found_on_row_ui(ui: &mut egui::Ui, text: &mut String) -> Response {
    ui.horizontal(|ui| {
        let label = label_cell(ui, FOUND_ON);
        let response = DateField::new(FOUND_ON, text)
            .hint(DateHint::Today)
            .labelled_by(label.id)
            .show(ui)
            .response;
        if let Err(err) = parse_typed_date(FOUND_ON, text) {
            error_label(ui, err);
        }
        response
    })
    .inner
}

/// 相关制度: the rules linked to the problem (linked from the 制度清单 screen).
fn rules_ui(ui: &mut egui::Ui, workbook: &Workbook, problem_id: ProblemId) {
    ui.heading("相关制度");
    let mut any = false;
    for rule in workbook.rules_of(problem_id) {
        any = true;
        let mut line = format!("{}（{}）", rule.name, rule.kind.label());
        if !rule.doc_number.is_empty() {
            line.push(' ');
            line.push_str(&rule.doc_number);
        }
        if let Some(issued_on) = rule.issued_on {
            line.push(' ');
            line.push_str(&format_date(issued_on));
        }
        ui.label(line);
    }
    if !any {
        ui.weak("暂无关联的制度。可在「制度清单」中把制度关联到这个问题。");
    }
}

/// The delete confirmation; returns whether the problem was deleted.
fn confirm_delete_ui(
    ui: &mut egui::Ui,
    editor: &mut ProblemEditor,
    session: &mut Session,
    problem: &Problem,
) -> bool {
    let measures = session.workbook.measures_of(problem.id).count();
    let consequences = if measures > 0 {
        format!("它的 {measures} 条整改措施，连同进展记录、佐证材料和延期记录，会一并删除。")
    } else {
        "这个问题还没有整改措施。".to_owned()
    };
    match delete_dialog_ui(
        ui.ctx(),
        "confirm_delete_problem",
        &format!("删除问题 {}？", problem.number),
        &short(&problem.description, 60),
        &consequences,
        false,
    ) {
        Confirmation::Open => false,
        Confirmation::Cancelled => {
            editor.confirm_delete = false;
            false
        }
        Confirmation::Confirmed => {
            editor.confirm_delete = false;
            session.queue(Command::DeleteProblem {
                problem_id: problem.id,
            });
            true
        }
    }
}

/// The first `max_chars` characters of `text`, with … when cut.
pub fn short(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests;
