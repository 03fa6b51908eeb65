//! The measure editor: a measure's fields, its status with 销号 and 延期, its progress notes and
//! its evidence.
//!
//! Every field is saved when it loses focus (no save button to forget); a value the domain
//! refuses stays in the field with the reason under it and is not saved. What the editor shows
//! besides the measure itself (notes, evidence, extensions, the close-out) is read from the store
//! when the editor opens and again only when the workbook is reloaded after an edit.

pub mod close_out;
pub mod evidence;
pub mod extension;
pub mod form;
pub mod progress_notes;

use eframe::egui::{self, Color32, RichText};
use zhenggai::domain::date::format_date;
use zhenggai::domain::overdue::days_overdue;
use zhenggai::domain::{
    CloseOut, Command, Deadline, DomainError, Evidence, Extension, Measure, MeasureDraft,
    MeasureId, MeasureStatus, ProgressNote,
};
use zhenggai::store::Store;

use crate::ui::measures::close_out::{CloseOutDialog, close_out_dialog_ui};
use crate::ui::measures::evidence::{
    EvidencePanel, attach_files, dropped_paths, evidence_panel_ui, files_hovering,
};
use crate::ui::measures::extension::{ExtensionDialog, extension_dialog_ui, extensions_ui};
use crate::ui::measures::form::{CONTENT, DEADLINE, DIVISION, GOAL, LEADER, MeasureForm, PERSON};
use crate::ui::measures::progress_notes::{NotesSection, progress_notes_ui};
use crate::ui::shell::session::Session;
use crate::ui::widgets::date_field::DateField;
use crate::ui::widgets::ime_guard::ImeGuard;
use crate::ui::widgets::pending_edit::{EditOutcome, PendingEdit};
use crate::ui::widgets::required::{field_message_ui, required_text_area_row};
use crate::ui::widgets::{error_label, label_cell, text_area_row, text_row};

#[cfg(test)]
mod tests;

/// An open measure editor.
pub struct MeasureEditor {
    /// The measure being edited.
    pub measure_id: MeasureId,
    /// What the fields show, possibly edited and not yet saved.
    form: MeasureForm,
    /// The stored values the form was last filled from; `None` before the first frame.
    synced: Option<MeasureDraft>,
    /// Why the fields cannot be saved: each reason with the label of the field it is about
    /// ("" when it is about no single field), all of them at once.
    form_errors: Vec<(&'static str, String)>,
    /// The field edit on its way to the store.
    form_pending: Option<PendingEdit>,
    /// The workbook generation `records` were read at.
    loaded_generation: Option<u64>,
    records: Records,
    status_pending: Option<PendingEdit>,
    status_error: Option<String>,
    close_out: CloseOutDialog,
    extension: ExtensionDialog,
    notes: NotesSection,
    evidence: EvidencePanel,
    ime: ImeGuard,
}

impl MeasureEditor {
    /// Opens the editor on a measure.
    pub fn open(measure_id: MeasureId) -> Self {
        Self {
            measure_id,
            form: MeasureForm::default(),
            synced: None,
            form_errors: Vec::new(),
            form_pending: None,
            loaded_generation: None,
            records: Records::default(),
            status_pending: None,
            status_error: None,
            close_out: CloseOutDialog::default(),
            extension: ExtensionDialog::default(),
            notes: NotesSection::default(),
            evidence: EvidencePanel::default(),
            ime: ImeGuard::default(),
        }
    }
}

/// What hangs on the measure, read from the store (not part of the workbook view model).
#[derive(Default)]
struct Records {
    /// Newest first.
    notes: Vec<ProgressNote>,
    evidence: Vec<Evidence>,
    /// In the order they were granted.
    extensions: Vec<Extension>,
    close_out: Option<CloseOut>,
    /// Why they could not be read.
    error: Option<String>,
}

impl Records {
    fn load(store: &Store, measure_id: MeasureId) -> Self {
        let read = || -> zhenggai::store::StoreResult<Self> {
            let mut notes = store.progress_notes(Some(measure_id))?;
            notes.sort_by_key(|note| std::cmp::Reverse((note.noted_on, note.id)));
            Ok(Self {
                notes,
                evidence: store.evidence(Some(measure_id))?,
                extensions: store.extensions(Some(measure_id))?,
                close_out: store.close_outs(Some(measure_id))?.into_iter().next(),
                error: None,
            })
        };
        read().unwrap_or_else(|err| Self {
            error: Some(format!("读取这条措施的进展和佐证材料失败：{err}")),
            ..Self::default()
        })
    }
}

/// Draws the editor inside `ui` (the problem list puts it in a side panel or window); returns
/// `false` when the user closed it. It scrolls by itself: the caller need not wrap it.
pub fn measure_editor_ui(
    ui: &mut egui::Ui,
    editor: &mut MeasureEditor,
    session: &mut Session,
) -> bool {
    editor.ime.filter(ui.ctx());
    let Some(measure) = session.workbook.measure(editor.measure_id).cloned() else {
        ui.label("这条措施已被删除。");
        return false;
    };
    refresh(editor, &measure, session);
    let editable = measure.status != MeasureStatus::Closed;
    take_dropped_files(ui.ctx(), editor, &measure, session);

    let mut keep_open = true;
    egui::ScrollArea::vertical()
        .id_salt(("measure_editor", measure.id))
        .auto_shrink([false, false])
        .show(ui, |ui| {
            keep_open = header_ui(ui, &measure, session);
            if files_hovering(ui.ctx()) {
                drop_hint_ui(ui, editable);
            }
            if let Some(error) = &editor.records.error {
                error_label(ui, error);
            }
            ui.add_space(4.0);
            fields_ui(ui, editor, &measure, editable, session);
            ui.separator();
            status_ui(ui, editor, &measure, session);
            extensions_ui(ui, &editor.records.extensions);
            ui.separator();
            progress_notes_ui(
                ui,
                &mut editor.notes,
                &measure,
                &editor.records.notes,
                editable,
                session,
            );
            ui.separator();
            evidence_panel_ui(
                ui,
                &mut editor.evidence,
                measure.id,
                &editor.records.evidence,
                editable,
                session,
            );
        });
    let evidence_count = editor.records.evidence.len();
    close_out_dialog_ui(
        ui.ctx(),
        &mut editor.close_out,
        &measure,
        evidence_count,
        session,
    );
    extension_dialog_ui(ui.ctx(), &mut editor.extension, &measure, session);
    keep_open
}

/// Rereads the notes, evidence and extensions, and takes changed stored values into the
/// fields, when the workbook was reloaded since the last frame.
fn refresh(editor: &mut MeasureEditor, measure: &Measure, session: &Session) {
    if editor.loaded_generation == Some(session.generation) {
        return;
    }
    editor.loaded_generation = Some(session.generation);
    let stored = measure.to_draft();
    match &editor.synced {
        None => editor.form = MeasureForm::from_draft(&stored),
        Some(synced) if *synced != stored => editor.form.merge(
            &MeasureForm::from_draft(synced),
            &MeasureForm::from_draft(&stored),
        ),
        Some(_) => {}
    }
    editor.synced = Some(stored);
    editor.records = Records::load(session.store(), measure.id);
}

/// Files dropped onto the window while the editor is open become evidence of its measure.
fn take_dropped_files(
    ctx: &egui::Context,
    editor: &mut MeasureEditor,
    measure: &Measure,
    session: &mut Session,
) {
    let dropped = dropped_paths(ctx);
    if dropped.is_empty() {
        return;
    }
    if measure.status == MeasureStatus::Closed {
        editor.status_error = Some("这条措施已销号，不能再添加佐证材料。".to_owned());
    } else {
        attach_files(&mut editor.evidence, measure.id, dropped, session);
    }
}

fn drop_hint_ui(ui: &mut egui::Ui, editable: bool) {
    let (text, color) = if editable {
        (
            "松开鼠标，把文件添加为这条措施的佐证材料",
            ui.visuals().selection.bg_fill,
        )
    } else {
        (
            "这条措施已销号，不能再添加佐证材料",
            ui.visuals().error_fg_color,
        )
    };
    egui::Frame::group(ui.style())
        .stroke(egui::Stroke::new(2.0, color))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new(text).size(16.0));
        });
}

/// The title, the problem the measure belongs to, and the close button; returns `false` when
/// the user closed the editor.
fn header_ui(ui: &mut egui::Ui, measure: &Measure, session: &Session) -> bool {
    let closed = ui
        .horizontal(|ui| {
            ui.heading("整改措施");
            status_badge_ui(ui, measure.status);
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.button("关闭").clicked()
            })
            .inner
        })
        .inner;
    if let Some(problem) = session.workbook.problem(measure.problem_id) {
        let mut description: String = problem.description.chars().take(60).collect();
        if problem.description.chars().count() > 60 {
            description.push('…');
        }
        ui.weak(format!(
            "问题 {} · 第 {} 条措施：{description}",
            problem.number, measure.position
        ));
    }
    !closed
}

fn status_badge_ui(ui: &mut egui::Ui, status: MeasureStatus) {
    let color = match status {
        MeasureStatus::NotStarted => Color32::from_rgb(0x6b, 0x6b, 0x6b),
        MeasureStatus::InProgress => Color32::from_rgb(0x1f, 0x5f, 0xbf),
        MeasureStatus::Completed => Color32::from_rgb(0xb3, 0x6b, 0x00),
        MeasureStatus::Closed => Color32::from_rgb(0x1e, 0x7b, 0x34),
    };
    egui::Frame::new()
        .fill(color)
        .corner_radius(4.0)
        .inner_margin(egui::Margin::symmetric(8, 2))
        .show(ui, |ui| {
            ui.label(
                RichText::new(status.label())
                    .color(Color32::WHITE)
                    .strong()
                    .size(15.0),
            );
        });
}

fn fields_ui(
    ui: &mut egui::Ui,
    editor: &mut MeasureEditor,
    measure: &Measure,
    editable: bool,
    session: &mut Session,
) {
    follow_form_pending(editor, session);
    let found_on = found_on(measure, session);
    // Fields refused once are checked again as the user types, so each message goes as soon
    // as its field is put right; a refusal of the store stays until the next save.
    if editor
        .form_errors
        .iter()
        .any(|(field, _)| !field.is_empty())
    {
        editor.form_errors = field_messages(&editor.form, found_on);
    }
    let form_errors = editor.form_errors.clone();
    let error_under = |ui: &mut egui::Ui, field: &str| {
        for (error_field, message) in &form_errors {
            if *error_field == field {
                field_message_ui(ui, Some(message));
            }
        }
    };
    let mut save = false;
    ui.add_enabled_ui(editable, |ui| {
        let form = &mut editor.form;
        save |= required_text_area_row(ui, CONTENT, &mut form.content, 2).lost_focus();
        error_under(ui, CONTENT);
        save |= text_area_row(ui, GOAL, &mut form.goal, 1).lost_focus();
        error_under(ui, GOAL);
        save |= text_row(ui, LEADER, &mut form.leader).lost_focus();
        error_under(ui, LEADER);
        save |= text_row(ui, DIVISION, &mut form.division).lost_focus();
        error_under(ui, DIVISION);
        save |= text_row(ui, PERSON, &mut form.person).lost_focus();
        error_under(ui, PERSON);
        save |= deadline_row_ui(ui, form, measure, session.workbook.today);
        error_under(ui, DEADLINE);
        error_under(ui, "");
    });
    if !editable {
        ui.weak("这条措施已销号，内容、进展和佐证材料不能再修改。");
    }
    if save && editable {
        save_if_changed(editor, measure, found_on, session);
    }
}

/// The date the measure's problem was found, which its deadline may not precede.
fn found_on(measure: &Measure, session: &Session) -> Option<chrono::NaiveDate> {
    session
        .workbook
        .problem(measure.problem_id)
        .map(|problem| problem.found_on)
}

/// Every reason the fields cannot be saved, with the field each is about.
fn field_messages(
    form: &MeasureForm,
    found_on: Option<chrono::NaiveDate>,
) -> Vec<(&'static str, String)> {
    form.problems(found_on)
        .into_iter()
        .map(|(field, err)| (field, err.to_string()))
        .collect()
}

/// The deadline: a date field with its calendar and the 长期坚持 box, with how far past it the
/// work is. Returns whether the value was committed (the field lost focus, a day was picked in
/// the calendar or the box was clicked).
fn deadline_row_ui(
    ui: &mut egui::Ui,
    form: &mut MeasureForm,
    measure: &Measure,
    today: chrono::NaiveDate,
) -> bool {
    ui.horizontal(|ui| {
        let label = label_cell(ui, DEADLINE);
        let field = DateField::new(DEADLINE, &mut form.deadline)
            .enabled(!form.long_term)
            .labelled_by(label.id)
            .show(ui);
        let ticked = ui.checkbox(&mut form.long_term, "长期坚持").changed();
        if let Some(days) = days_overdue(measure.deadline, measure.status, today) {
            error_label(ui, format!("已逾期 {days} 天"));
        }
        field.committed() || ticked
    })
    .inner
}

/// Validates the fields and queues the update when they differ from what is stored. Refused
/// values stay in their fields with every reason under its field.
fn save_if_changed(
    editor: &mut MeasureEditor,
    measure: &Measure,
    found_on: Option<chrono::NaiveDate>,
    session: &mut Session,
) {
    editor.form_errors = field_messages(&editor.form, found_on);
    if !editor.form_errors.is_empty() {
        return;
    }
    let draft = match editor.form.to_draft(measure.problem_id, found_on) {
        Ok(draft) => draft,
        Err(err) => {
            editor.form_errors = vec![(field_of(&err), err.to_string())];
            return;
        }
    };
    if draft == measure.to_draft() {
        return;
    }
    editor.form_pending = Some(PendingEdit::queue(
        session,
        [Command::UpdateMeasure {
            measure_id: measure.id,
            draft,
        }],
    ));
}

/// Shows the store's refusal of a field edit (the typed values stay in the fields).
fn follow_form_pending(editor: &mut MeasureEditor, session: &Session) {
    let Some(pending) = editor.form_pending else {
        return;
    };
    match pending.outcome(session) {
        EditOutcome::Waiting => {}
        EditOutcome::Applied { .. } => editor.form_pending = None,
        EditOutcome::Refused(message) => {
            editor.form_errors = vec![("", message)];
            editor.form_pending = None;
        }
    }
}

/// The label of the field a domain refusal is about ("" when it is about no single field).
fn field_of(err: &DomainError) -> &'static str {
    match err {
        DomainError::Required { field }
        | DomainError::TooLong { field, .. }
        | DomainError::InvalidDate { field, .. } => field,
        DomainError::DeadlineBeforeFound { .. } => DEADLINE,
        _ => "",
    }
}

/// What the button that moves a measure from `from` to `to` says.
fn transition_label(from: MeasureStatus, to: MeasureStatus) -> &'static str {
    match (from, to) {
        (MeasureStatus::NotStarted, _) => "开始整改",
        (MeasureStatus::Completed, _) => "退回整改",
        (_, MeasureStatus::Completed) => "标记完成",
        _ => to.label(),
    }
}

fn status_ui(
    ui: &mut egui::Ui,
    editor: &mut MeasureEditor,
    measure: &Measure,
    session: &mut Session,
) {
    if let Some(pending) = editor.status_pending {
        match pending.outcome(session) {
            EditOutcome::Waiting => {}
            EditOutcome::Applied { .. } => editor.status_pending = None,
            EditOutcome::Refused(message) => {
                editor.status_error = Some(message);
                editor.status_pending = None;
            }
        }
    }
    let today = session.workbook.today;
    ui.horizontal_wrapped(|ui| {
        // The status itself is the badge in the title; this row holds what can be done next.
        ui.label(RichText::new("整改状态").strong().size(16.0));
        if measure.status == MeasureStatus::Closed {
            ui.weak("已销号，状态不能再变更。");
        }
        // 销号 comes first, where 标记完成 was: a second click there opens a dialog instead of
        // sending the measure straight back.
        if measure.status == MeasureStatus::Completed && ui.button("销号…").clicked() {
            editor.close_out.show(today);
        }
        let waiting = editor.status_pending.is_some();
        for &next in measure.status.plain_successors() {
            if ui
                .add_enabled(
                    !waiting,
                    egui::Button::new(transition_label(measure.status, next)),
                )
                .clicked()
            {
                editor.status_error = None;
                editor.status_pending = Some(PendingEdit::queue(
                    session,
                    [Command::ChangeMeasureStatus {
                        measure_id: measure.id,
                        status: next,
                    }],
                ));
            }
        }
        let has_date = measure.deadline.and_then(Deadline::date).is_some();
        if has_date && measure.status != MeasureStatus::Closed && ui.button("延期…").clicked() {
            editor.extension.show(today);
        }
    });
    if let Some(error) = &editor.status_error {
        error_label(ui, error);
    }
    if let Some(close_out) = &editor.records.close_out {
        close_out_record_ui(ui, close_out);
    }
}

/// The close-out as recorded, read-only.
fn close_out_record_ui(ui: &mut egui::Ui, close_out: &CloseOut) {
    ui.label(RichText::new("销号记录").strong());
    egui::Grid::new("measure_close_out")
        .num_columns(2)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            ui.weak("核验人");
            ui.label(&close_out.verifier);
            ui.end_row();
            ui.weak("销号日期");
            ui.label(format_date(close_out.closed_on));
            ui.end_row();
            ui.weak("核验意见");
            ui.add(egui::Label::new(&close_out.opinion).wrap());
            ui.end_row();
            if !close_out.no_evidence_reason.is_empty() {
                ui.weak("无佐证材料的理由");
                ui.add(egui::Label::new(&close_out.no_evidence_reason).wrap());
                ui.end_row();
            }
        });
}
