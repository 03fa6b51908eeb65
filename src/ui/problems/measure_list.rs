//! A problem's measures inside the problem editor: the list (with 打开 and 删除), the form that
//! adds one, and the confirmation before a measure is deleted.

use chrono::NaiveDate;
use eframe::egui::{self, RichText};
use zhenggai::domain::overdue::days_overdue;
use zhenggai::domain::{
    Command, DomainError, Measure, MeasureId, MeasureStatus, ProblemId, RecordRef,
};

use crate::ui::measures::form::{DEADLINE, MeasureForm};
use crate::ui::problems::editor::short;
use crate::ui::shell::session::Session;
use crate::ui::widgets::dialog::{Confirmation, delete_dialog_ui};
use crate::ui::widgets::{LABEL_WIDTH, date_row, error_label, text_area_row, text_row};

/// A measure the user asked to delete, with what goes with it (read once when asked).
struct DeleteMeasure {
    measure_id: MeasureId,
    content: String,
    notes: usize,
    evidence: usize,
    extensions: usize,
    undoable: bool,
}

/// The state of the measures part of the problem editor.
#[derive(Default)]
pub struct MeasuresPanel {
    form: MeasureForm,
    /// Why 添加措施 was refused, until the form is corrected.
    error: Option<DomainError>,
    /// The session generation when 添加措施 queued the measure.
    awaiting_add: Option<u64>,
    confirm_delete: Option<DeleteMeasure>,
}

impl MeasuresPanel {
    /// A panel whose 新增措施 form starts from `form` (what the user left typed earlier).
    pub fn with_form(form: MeasureForm) -> Self {
        Self {
            form,
            ..Self::default()
        }
    }

    /// The 新增措施 form, when something has been typed into it.
    pub fn take_form(&mut self) -> Option<MeasureForm> {
        (!self.form.is_blank()).then(|| std::mem::take(&mut self.form))
    }
}

/// Draws the measures of `problem_id` and the form that adds one; returns a measure to open in
/// the measure editor.
pub fn measures_ui(
    ui: &mut egui::Ui,
    panel: &mut MeasuresPanel,
    session: &mut Session,
    problem_id: ProblemId,
    found_on: NaiveDate,
) -> Option<MeasureId> {
    follow_added(panel, session);
    let measures: Vec<Measure> = session.workbook.measures_of(problem_id).cloned().collect();
    ui.heading(format!("整改措施（{} 条）", measures.len()));
    let mut open = None;
    if measures.is_empty() {
        ui.weak("还没有整改措施，请在下面添加。");
    }
    for (index, measure) in measures.iter().enumerate() {
        match measure_item_ui(ui, index, measure, session.workbook.today) {
            Some(ItemAction::Open) => open = Some(measure.id),
            Some(ItemAction::Delete) => {
                panel.confirm_delete = Some(delete_request(session, measure));
            }
            None => {}
        }
    }
    ui.add_space(8.0);
    new_measure_ui(ui, panel, session, problem_id, found_on);
    if panel.confirm_delete.is_some() {
        confirm_delete_ui(ui, panel, session);
    }
    open
}

/// Clears the form once the added measure is stored; keeps it when the store refused.
fn follow_added(panel: &mut MeasuresPanel, session: &Session) {
    let Some(queued_at) = panel.awaiting_add else {
        return;
    };
    if session.has_pending() {
        return;
    }
    panel.awaiting_add = None;
    if session.generation != queued_at && matches!(session.last_target, Some(RecordRef::Measure(_)))
    {
        // The responsible people and the deadline stay: the next measure often shares them.
        panel.form.content.clear();
        panel.form.goal.clear();
    }
}

enum ItemAction {
    Open,
    Delete,
}

fn measure_item_ui(
    ui: &mut egui::Ui,
    index: usize,
    measure: &Measure,
    today: NaiveDate,
) -> Option<ItemAction> {
    let mut action = None;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal(|ui| {
            ui.label(RichText::new(format!("{}.", index + 1)).strong());
            ui.add(egui::Label::new(&measure.content).wrap());
        });
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(measure.status.label()).color(status_colour(measure.status)));
            let people = [
                ("责任领导", &measure.responsible_leader),
                ("责任部门", &measure.responsible_division),
                ("责任人", &measure.responsible_person),
            ];
            for (title, name) in people {
                if !name.is_empty() {
                    titled_value_ui(ui, title, name, None);
                }
            }
            match measure.deadline {
                None => titled_value_ui(ui, "时限", "未填", Some(ui.visuals().warn_fg_color)),
                Some(deadline) => match days_overdue(measure.deadline, measure.status, today) {
                    Some(days) => titled_value_ui(
                        ui,
                        "时限",
                        &format!("{}（逾期 {days} 天）", deadline.label()),
                        Some(ui.visuals().error_fg_color),
                    ),
                    None => titled_value_ui(ui, "时限", &deadline.label(), None),
                },
            }
        });
        ui.horizontal(|ui| {
            if ui
                .button("打开")
                .on_hover_text("在措施编辑器中记录进展、佐证材料、延期和销号")
                .clicked()
            {
                action = Some(ItemAction::Open);
            }
            if ui.button("删除").clicked() {
                action = Some(ItemAction::Delete);
            }
        });
    });
    action
}

/// A field's title (grey) and its value as one piece that the wrapping row moves to the next
/// line whole, so a title is never parted from its value or broken itself (时 / 限).
fn titled_value_ui(ui: &mut egui::Ui, title: &str, value: &str, colour: Option<egui::Color32>) {
    let body = egui::TextStyle::Body.resolve(ui.style());
    let mut job = egui::text::LayoutJob::default();
    job.append(
        title,
        0.0,
        egui::TextFormat::simple(body.clone(), ui.visuals().weak_text_color()),
    );
    let value_colour = colour.unwrap_or_else(|| ui.visuals().text_color());
    job.append(
        value,
        ui.spacing().item_spacing.x,
        egui::TextFormat::simple(body, value_colour),
    );
    ui.add(egui::Label::new(job).wrap_mode(egui::TextWrapMode::Extend));
}

fn status_colour(status: MeasureStatus) -> egui::Color32 {
    match status {
        MeasureStatus::NotStarted => egui::Color32::GRAY,
        MeasureStatus::InProgress => egui::Color32::from_rgb(200, 130, 0),
        MeasureStatus::Completed => egui::Color32::from_rgb(30, 140, 60),
        MeasureStatus::Closed => egui::Color32::from_rgb(20, 110, 110),
    }
}

/// Reads, once, what would go with the measure, so the dialog can say it.
fn delete_request(session: &Session, measure: &Measure) -> DeleteMeasure {
    let store = session.store();
    let count = |found: Result<usize, _>| found.unwrap_or(0);
    let notes = count(
        store
            .progress_notes(Some(measure.id))
            .map(|list| list.len()),
    );
    let evidence = count(store.evidence(Some(measure.id)).map(|list| list.len()));
    let extensions = count(store.extensions(Some(measure.id)).map(|list| list.len()));
    DeleteMeasure {
        measure_id: measure.id,
        content: short(&measure.content, 60),
        notes,
        evidence,
        extensions,
        undoable: measure.status == MeasureStatus::NotStarted && notes + evidence + extensions == 0,
    }
}

fn confirm_delete_ui(ui: &mut egui::Ui, panel: &mut MeasuresPanel, session: &mut Session) {
    let Some(request) = &panel.confirm_delete else {
        return;
    };
    let consequences = format!(
        "它的进展记录（{} 条）、佐证材料（{} 份）和延期记录（{} 条）会一并删除。",
        request.notes, request.evidence, request.extensions
    );
    match delete_dialog_ui(
        ui.ctx(),
        "confirm_delete_measure",
        "删除这条整改措施？",
        &request.content,
        &consequences,
        request.undoable,
    ) {
        Confirmation::Open => {}
        Confirmation::Cancelled => panel.confirm_delete = None,
        Confirmation::Confirmed => {
            session.queue(Command::DeleteMeasure {
                measure_id: request.measure_id,
            });
            panel.confirm_delete = None;
        }
    }
}

fn new_measure_ui(
    ui: &mut egui::Ui,
    panel: &mut MeasuresPanel,
    session: &mut Session,
    problem_id: ProblemId,
    found_on: NaiveDate,
) {
    ui.label(RichText::new("新增措施").strong().size(16.0));
    let form = &mut panel.form;
    text_area_row(ui, "措施内容", &mut form.content, 2);
    text_row(ui, "整改目标", &mut form.goal);
    text_row(ui, "责任领导", &mut form.leader);
    text_row(ui, "责任部门", &mut form.division);
    text_row(ui, "责任人", &mut form.person);
    if !form.long_term {
        date_row(ui, DEADLINE, &mut form.deadline);
    }
    ui.horizontal(|ui| {
        ui.add_space(LABEL_WIDTH + ui.spacing().item_spacing.x);
        ui.checkbox(&mut form.long_term, "长期坚持")
            .on_hover_text("没有具体截止日期、需要长期坚持的措施");
    });
    ui.horizontal(|ui| {
        ui.add_space(LABEL_WIDTH + ui.spacing().item_spacing.x);
        let adding = panel.awaiting_add.is_some();
        if ui
            .add_enabled(!adding, egui::Button::new("添加措施"))
            .clicked()
        {
            match panel.form.to_draft(problem_id, Some(found_on)) {
                Ok(draft) => {
                    panel.error = None;
                    session.queue(Command::AddMeasure(draft));
                    panel.awaiting_add = Some(session.generation);
                }
                Err(err) => panel.error = Some(err),
            }
        }
    });
    // A refused form is re-checked as the user types, so the message goes once it is fixed.
    if panel.error.is_some() {
        panel.error = panel.form.to_draft(problem_id, Some(found_on)).err();
    }
    // A bad date is already explained beside the date field.
    if let Some(error) = &panel.error
        && !matches!(error, DomainError::InvalidDate { .. })
    {
        indented_error_ui(ui, &error.to_string());
    }
}

fn indented_error_ui(ui: &mut egui::Ui, message: &str) {
    ui.horizontal(|ui| {
        ui.add_space(LABEL_WIDTH + ui.spacing().item_spacing.x);
        error_label(ui, message);
    });
}
