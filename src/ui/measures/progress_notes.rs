//! 进展记录 in the measure editor: the notes newest first, a form to add one (date and
//! multi-line text) and deletion after a confirmation.
//!
//! A note recorded on a measure still 未启动 says the work has begun, so the form offers (ticked
//! by default) to set the measure to 整改中 with it. The status change and the note are two
//! ordinary commands, each audited. The change comes first: like 开始整改 it cannot be undone
//! (the domain never sends a started measure back to 未启动，so the undo history ends there),
//! and coming first it leaves the note after it undoable with Ctrl+Z.

use eframe::egui::{self, Key, Modifiers, RichText};
use zhenggai::domain::date::{format_date, parse_typed_date};
use zhenggai::domain::text::{LONG_TEXT_MAX_CHARS, required};
use zhenggai::domain::{
    Command, DomainError, Measure, MeasureId, MeasureStatus, ProgressNote, ProgressNoteDraft,
    ProgressNoteId,
};

use crate::ui::shell::session::Session;
use crate::ui::widgets::date_field::{DateHint, date_row_ui};
use crate::ui::widgets::dialog::{Confirmation, confirm_ui};
use crate::ui::widgets::pending_edit::{EditOutcome, PendingEdit};
use crate::ui::widgets::required::{field_message_ui, required_text_area_row};

/// The label of the note's date, also the field name in its errors.
const NOTED_ON: &str = "进展日期";

/// The label of the note's text, also the field name in its errors.
const TEXT: &str = "进展情况";

/// How many characters of a note the delete confirmation quotes.
const QUOTE_CHARS: usize = 40;

/// The note form and what is on its way to the store.
pub struct NotesSection {
    noted_on: String,
    /// Whether the date has been filled with today's, which happens once: a date the user
    /// clears stays empty.
    date_filled: bool,
    text: String,
    /// Whether 添加进展 was pressed, so that the fields' messages are shown (and cleared as each
    /// field is put right).
    tried: bool,
    /// Why the store refused the last note.
    refusal: Option<String>,
    /// Whether a note added to a 未启动 measure also sets it to 整改中.
    start_measure: bool,
    pending: Option<PendingEdit>,
    /// The note the user asked to delete, with how the confirmation quotes it.
    confirm_delete: Option<(ProgressNoteId, String)>,
}

impl Default for NotesSection {
    fn default() -> Self {
        Self {
            noted_on: String::new(),
            date_filled: false,
            text: String::new(),
            tried: false,
            refusal: None,
            start_measure: true,
            pending: None,
            confirm_delete: None,
        }
    }
}

/// The messages of the note form's fields: the date's, then the text's.
#[derive(Debug, Default, PartialEq, Eq)]
struct NoteMessages {
    noted_on: Option<String>,
    text: Option<String>,
}

impl NotesSection {
    /// The note as typed, or every reason it cannot be added yet.
    fn checked(&self, measure_id: MeasureId) -> Result<ProgressNoteDraft, NoteMessages> {
        let noted_on = if self.noted_on.trim().is_empty() {
            Err(DomainError::Required { field: NOTED_ON })
        } else {
            parse_typed_date(NOTED_ON, &self.noted_on)
        };
        let text = required(TEXT, &self.text, LONG_TEXT_MAX_CHARS);
        match (noted_on, text) {
            (Ok(noted_on), Ok(text)) => Ok(ProgressNoteDraft {
                measure_id,
                noted_on,
                text,
            }),
            (noted_on, text) => Err(NoteMessages {
                noted_on: noted_on.err().map(|err| err.to_string()),
                text: text.err().map(|err| err.to_string()),
            }),
        }
    }
}

/// Draws the section for `measure`. `notes` are the measure's notes, newest first; `editable`
/// is false once the measure is closed out.
pub fn progress_notes_ui(
    ui: &mut egui::Ui,
    section: &mut NotesSection,
    measure: &Measure,
    notes: &[ProgressNote],
    editable: bool,
    session: &mut Session,
) {
    follow_pending(section, session);
    ui.label(RichText::new("进展记录").strong().size(16.0));
    if editable {
        add_form_ui(ui, section, measure, session);
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
    measure: &Measure,
    session: &mut Session,
) {
    if !std::mem::replace(&mut section.date_filled, true) && section.noted_on.trim().is_empty() {
        section.noted_on = format_date(session.workbook.today);
    }
    let messages = match section.checked(measure.id) {
        Ok(_) => NoteMessages::default(),
        Err(messages) => messages,
    };
    date_row_ui(ui, NOTED_ON, &mut section.noted_on, DateHint::Today, true);
    // A date that is not one is explained as it is typed; a missing one once 添加 is pressed.
    let date_typed = !section.noted_on.trim().is_empty();
    field_message_ui(
        ui,
        messages
            .noted_on
            .as_deref()
            .filter(|_| section.tried || date_typed),
    );
    let text = required_text_area_row(ui, TEXT, &mut section.text, 3);
    field_message_ui(ui, messages.text.as_deref().filter(|_| section.tried));
    let offer_start = measure.status == MeasureStatus::NotStarted;
    if offer_start {
        ui.checkbox(&mut section.start_measure, "同时将状态改为「整改中」")
            .on_hover_text("记了进展，说明整改已经开始；不勾选则状态仍为「未启动」");
    }
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
    if let Some(refusal) = &section.refusal {
        field_message_ui(ui, Some(refusal));
    }
    if (clicked || shortcut) && !waiting {
        submit(
            section,
            measure,
            offer_start && section.start_measure,
            session,
        );
    }
}

/// Queues the note, and with it the change to 整改中 when `start_measure`; when the note cannot
/// be added yet, shows every reason under its field instead.
fn submit(
    section: &mut NotesSection,
    measure: &Measure,
    start_measure: bool,
    session: &mut Session,
) {
    section.tried = true;
    section.refusal = None;
    let Ok(draft) = section.checked(measure.id) else {
        return;
    };
    let mut commands = Vec::new();
    if start_measure {
        commands.push(Command::ChangeMeasureStatus {
            measure_id: measure.id,
            status: MeasureStatus::InProgress,
        });
    }
    commands.push(Command::AddProgressNote(draft));
    section.pending = Some(PendingEdit::queue(session, commands));
}

/// Clears the text once the note is saved; on a refusal keeps it and shows why.
fn follow_pending(section: &mut NotesSection, session: &Session) {
    let Some(pending) = section.pending else {
        return;
    };
    match pending.outcome(session) {
        EditOutcome::Waiting => {}
        // The note comes last, so a refusal after something was applied is the note's: its
        // text stays for the user to try again.
        EditOutcome::Applied {
            refusal: Some(message),
        }
        | EditOutcome::Refused(message) => {
            section.refusal = Some(message);
            section.pending = None;
        }
        EditOutcome::Applied { refusal: None } => {
            section.text.clear();
            section.tried = false;
            section.refusal = None;
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
