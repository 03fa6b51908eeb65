//! 进展记录 in the measure editor: the notes newest first, a form to add one (date and
//! multi-line text) and deletion after a confirmation.

use chrono::NaiveDate;
use eframe::egui::{self, Key, Modifiers, RichText};
use zhenggai::domain::date::{format_date, parse_date};
use zhenggai::domain::{Command, MeasureId, ProgressNote, ProgressNoteDraft, ProgressNoteId};

use crate::ui::shell::session::Session;
use crate::ui::widgets::dialog::{Confirmation, confirm_ui};
use crate::ui::widgets::pending_edit::{EditOutcome, PendingEdit};
use crate::ui::widgets::{date_row, error_label, text_area_row};

/// How many characters of a note the delete confirmation quotes.
const QUOTE_CHARS: usize = 40;

/// The note form and what is on its way to the store.
#[derive(Default)]
pub struct NotesSection {
    noted_on: String,
    text: String,
    error: Option<String>,
    pending: Option<PendingEdit>,
    /// The note the user asked to delete, with how the confirmation quotes it.
    confirm_delete: Option<(ProgressNoteId, String)>,
}

/// Draws the section. `notes` are the measure's notes, newest first; `editable` is false once
/// the measure is closed out.
pub fn progress_notes_ui(
    ui: &mut egui::Ui,
    section: &mut NotesSection,
    measure_id: MeasureId,
    notes: &[ProgressNote],
    editable: bool,
    session: &mut Session,
) {
    follow_pending(section, session);
    ui.label(RichText::new("进展记录").strong().size(16.0));
    if editable {
        add_form_ui(ui, section, measure_id, session);
    }
    if notes.is_empty() {
        ui.weak("还没有进展记录。");
    }
    for note in notes {
        ui.separator();
        ui.horizontal(|ui| {
            ui.label(RichText::new(format_date(note.noted_on)).strong());
            if editable && ui.small_button("删除").clicked() {
                section.confirm_delete = Some((note.id, quote(&note.text)));
            }
        });
        ui.add(egui::Label::new(&note.text).wrap());
    }
    if let Some((note_id, quoted)) = &section.confirm_delete {
        let message = format!("将删除这条进展记录：\n“{quoted}”");
        match confirm_ui(
            ui.ctx(),
            "confirm_delete_note",
            "删除进展记录？",
            &message,
            "删除",
        ) {
            Confirmation::Open => {}
            Confirmation::Cancelled => section.confirm_delete = None,
            Confirmation::Confirmed => {
                session.queue(Command::DeleteProgressNote { note_id: *note_id });
                section.confirm_delete = None;
            }
        }
    }
}

fn add_form_ui(
    ui: &mut egui::Ui,
    section: &mut NotesSection,
    measure_id: MeasureId,
    session: &mut Session,
) {
    if section.noted_on.trim().is_empty() {
        section.noted_on = format_date(session.workbook.today);
    }
    date_row(ui, "进展日期", &mut section.noted_on);
    let text = text_area_row(ui, "进展情况", &mut section.text, 3);
    // Ctrl+Enter adds the note from the keyboard; a plain Enter makes a new line.
    let shortcut =
        text.has_focus() && ui.input_mut(|input| input.consume_key(Modifiers::COMMAND, Key::Enter));
    let waiting = section.pending.is_some();
    let clicked = ui
        .horizontal(|ui| {
            let clicked = ui
                .add_enabled(!waiting, egui::Button::new("添加进展"))
                .clicked();
            ui.weak("Ctrl+Enter 也可添加");
            clicked
        })
        .inner;
    if let Some(error) = &section.error {
        error_label(ui, error);
    }
    if (clicked || shortcut) && !waiting {
        submit(section, measure_id, session);
    }
}

fn submit(section: &mut NotesSection, measure_id: MeasureId, session: &mut Session) {
    let noted_on: NaiveDate = match parse_date("进展日期", &section.noted_on) {
        Ok(date) => date,
        Err(err) => {
            section.error = Some(err.to_string());
            return;
        }
    };
    let draft = ProgressNoteDraft {
        measure_id,
        noted_on,
        text: section.text.clone(),
    };
    // The store checks the same; checking here keeps an empty note from reaching it and
    // explains at once.
    if let Err(err) = draft.clone().validate() {
        section.error = Some(err.to_string());
        return;
    }
    section.error = None;
    section.pending = Some(PendingEdit::queue(
        session,
        [Command::AddProgressNote(draft)],
    ));
}

/// Clears the text once the note is saved; on a refusal keeps it and shows why.
fn follow_pending(section: &mut NotesSection, session: &Session) {
    let Some(pending) = section.pending else {
        return;
    };
    match pending.outcome(session) {
        EditOutcome::Waiting => {}
        EditOutcome::Applied { .. } => {
            section.text.clear();
            section.pending = None;
        }
        EditOutcome::Refused(message) => {
            section.error = Some(message);
            section.pending = None;
        }
    }
}

/// The start of a note, for the confirmation.
fn quote(text: &str) -> String {
    if text.chars().count() <= QUOTE_CHARS {
        text.to_owned()
    } else {
        let head: String = text.chars().take(QUOTE_CHARS).collect();
        format!("{head}…")
    }
}
