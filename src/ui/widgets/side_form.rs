//! The side form of the 整改承诺 and 制度清单 screens, written once for any kind of record: a new
//! form that adds a record, an edit form for the record clicked in the table that saves as soon
//! as the focus leaves a field, and the dialog that asks before a record is deleted.
//!
//! A screen describes its kind of record with [`SideRecord`] and its typed fields with
//! [`DraftForm`], keeps a [`SideForm`] and draws its own fields; the form follows what the edits
//! became (saved, refused, undone) on the following frames.
//!
//! The form sits in a panel on the right that the user can widen, narrow or shut
//! ([`SideForm::panel_ui`], [`SideForm::heading_ui`]). On a narrow screen (a 1024-wide window)
//! it starts shut so the table gets the room, and opens when a record is clicked or 新增 is
//! pressed.

use eframe::egui;
use zhenggai::domain::DomainResult;
use zhenggai::domain::{Command, RecordRef};
use zhenggai::view::Workbook;

use crate::ui::shell::session::Session;
use crate::ui::widgets::dialog::{Confirmation, confirm_ui};
use crate::ui::widgets::error_label;

/// The narrowest screen on which the form's panel starts open beside its table.
const WIDE_SCREEN: f32 = 1000.0;
/// The narrowest and widest the user may drag the form's panel.
const PANEL_WIDTHS: std::ops::RangeInclusive<f32> = 280.0..=520.0;

/// What the user types for a record, kept as text until it is saved.
pub trait DraftForm: Default + PartialEq {
    /// The checked fields this form becomes.
    type Draft;

    /// The form showing a stored draft.
    fn from_draft(draft: &Self::Draft) -> Self;

    /// The checked draft, or the reason (in Chinese) it cannot be saved yet.
    fn draft(&self) -> DomainResult<Self::Draft>;

    /// Whether nothing has been typed.
    fn is_blank(&self) -> bool {
        *self == Self::default()
    }
}

/// A kind of record edited in a side form beside its table.
pub trait SideRecord {
    /// The record's id.
    type Id: Copy + PartialEq;
    /// The record's fields as the store saves them.
    type Draft: Clone + PartialEq;
    /// What the user types for the record.
    type Form: DraftForm<Draft = Self::Draft>;

    /// The record's name in headings, buttons and messages: 承诺, 制度.
    const NOUN: &'static str;
    /// The record's name in widget ids: `commitment`, `rule`.
    const KEY: &'static str;
    /// The line under the new form's heading.
    const NEW_HINT: &'static str;
    /// The line under the edit form's heading.
    const EDIT_HINT: &'static str;

    /// The record's id.
    fn record_id(&self) -> Self::Id;

    /// The record's stored fields.
    fn stored_draft(&self) -> Self::Draft;

    /// The record with this id in the workbook, if it is still there.
    fn find(workbook: &Workbook, id: Self::Id) -> Option<&Self>;

    /// The command that adds a record.
    fn add_command(draft: Self::Draft) -> Command;

    /// The command that saves an edited record.
    fn update_command(id: Self::Id, draft: Self::Draft) -> Command;

    /// The command that deletes a record.
    fn delete_command(id: Self::Id) -> Command;

    /// Whether the record a command created is of this kind.
    fn is_kind_of(target: RecordRef) -> bool;

    /// What the delete dialog says about this record.
    fn delete_message(&self, workbook: &Workbook) -> String;
}

/// The record being edited in the side form.
struct Editing<R: SideRecord> {
    id: R::Id,
    form: R::Form,
    /// The stored fields the form was last loaded from or saved to.
    stored: R::Draft,
    /// The last draft queued for saving, so it is queued once, not every frame.
    queued: Option<R::Draft>,
}

/// The state of a side form: the new form, the record being edited and the delete dialog.
pub struct SideForm<R: SideRecord> {
    /// What is typed for a new record; kept while another one is being edited.
    new_form: R::Form,
    /// Whether 添加 was pressed on the new form, so its errors are shown.
    new_tried: bool,
    /// The generation at which a new record was queued, until it is saved or refused.
    adding_at: Option<u64>,
    editing: Option<Editing<R>>,
    /// Why the selection could not change (the edited record has an error).
    notice: Option<String>,
    /// The record the delete dialog asks about.
    confirm_delete: Option<R::Id>,
    /// Whether the user opened (`true`) or shut the form's panel; `None` until they do, when
    /// the screen's width decides.
    expanded: Option<bool>,
    /// Whether the panel was open on the last frame.
    panel_open: bool,
}

impl<R: SideRecord> Default for SideForm<R> {
    fn default() -> Self {
        Self {
            new_form: R::Form::default(),
            new_tried: false,
            adding_at: None,
            editing: None,
            notice: None,
            confirm_delete: None,
            expanded: None,
            panel_open: true,
        }
    }
}

impl<R: SideRecord> SideForm<R> {
    /// The record open in the edit form, if any.
    pub fn selected(&self) -> Option<R::Id> {
        self.editing.as_ref().map(|editing| editing.id)
    }

    /// Follows what happened since the last frame: a new record saved (the form empties), the
    /// edited one changed underneath (an undo: the form reloads) or gone (the form closes).
    pub fn sync(&mut self, session: &Session) {
        if let Some(queued_at) = self.adding_at {
            if session.generation != queued_at {
                self.adding_at = None;
                if session.last_target.is_some_and(R::is_kind_of) {
                    self.new_form = R::Form::default();
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
        let Some(stored) = R::find(&session.workbook, editing.id) else {
            self.editing = None;
            return;
        };
        let stored = stored.stored_draft();
        if stored != editing.stored {
            if editing.queued.as_ref() != Some(&stored) {
                // Changed by something else than this form (Ctrl+Z): show what is stored now.
                editing.form = R::Form::from_draft(&stored);
                editing.queued = None;
            }
            editing.stored = stored;
        }
    }

    /// Queues the edited record's changes when they are valid and not yet stored. Returns the
    /// reason when they cannot be saved.
    fn flush(&mut self, session: &mut Session) -> DomainResult<()> {
        let Some(editing) = &mut self.editing else {
            return Ok(());
        };
        let draft = editing.form.draft()?;
        if draft != editing.stored && editing.queued.as_ref() != Some(&draft) {
            session.queue(R::update_command(editing.id, draft.clone()));
            editing.queued = Some(draft);
        }
        Ok(())
    }

    /// Opens `id` in the form (or the new form for `None`), saving the current edit first;
    /// stays put and says why when that edit is not valid.
    pub fn select(&mut self, session: &mut Session, id: Option<R::Id>) {
        if let Err(reason) = self.flush(session) {
            self.notice = Some(format!(
                "当前{}的修改还不能保存：{reason} 请改正后再切换，或点「放弃修改」。",
                R::NOUN
            ));
            return;
        }
        self.notice = None;
        // Choosing a record, or the new form, is asking to see the form.
        self.expanded = Some(true);
        self.editing = id
            .and_then(|id| R::find(&session.workbook, id))
            .map(|record| {
                let stored = record.stored_draft();
                Editing {
                    id: record.record_id(),
                    form: R::Form::from_draft(&stored),
                    stored,
                    queued: None,
                }
            });
    }

    /// Whether the form's panel was open on the last frame (the table's hints say where to
    /// type).
    pub fn panel_open(&self) -> bool {
        self.panel_open
    }

    /// Draws the form's panel on the right of `ui`, `default_width` wide until the user drags
    /// it, when it is open; `contents` draws the form inside it (with [`Self::form_ui`]) and
    /// its result is returned. Call it before the screen's central content.
    pub fn panel_ui<T>(
        &mut self,
        ui: &mut egui::Ui,
        session: &mut Session,
        default_width: f32,
        contents: impl FnOnce(&mut egui::Ui, &mut Self, &mut Session) -> T,
    ) -> Option<T> {
        // A form with something typed in it stays open when the window narrows.
        let mut expanded = self
            .expanded
            .unwrap_or_else(|| !self.new_form.is_blank() || ui.available_width() >= WIDE_SCREEN);
        let before = expanded;
        let shown = egui::Panel::right(format!("{}_form", R::KEY))
            .resizable(true)
            .default_size(default_width)
            .size_range(PANEL_WIDTHS)
            .show_collapsible(ui, &mut expanded, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt(format!("{}_form_scroll", R::KEY))
                    .show(ui, |ui| contents(ui, self, session))
                    .inner
            });
        if expanded != before {
            // Dragged shut, or dragged open from its edge.
            self.expanded = Some(expanded);
        }
        self.panel_open = expanded;
        shown.map(|response| response.inner)
    }

    /// The buttons at the right of the screen's heading row: 收起编辑栏 while the form's
    /// panel is open; 新增 and 展开编辑栏 while it is shut. Shutting it saves the edit first
    /// and stays open, saying why, when the edit is not valid.
    pub fn heading_ui(&mut self, ui: &mut egui::Ui, session: &mut Session) {
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if self.panel_open {
                if ui
                    .button("收起编辑栏")
                    .on_hover_text("把右侧的编辑栏收起，让表格占满宽度")
                    .clicked()
                {
                    self.collapse(session);
                }
            } else {
                if ui
                    .button("展开编辑栏")
                    .on_hover_text("在右侧显示编辑栏")
                    .clicked()
                {
                    self.expanded = Some(true);
                }
                if ui.button(format!("新增{}", R::NOUN)).clicked() {
                    self.select(session, None);
                    self.expanded = Some(true);
                }
            }
        });
    }

    /// Shuts the form's panel after saving the edit; keeps it open with the reason when the
    /// edit cannot be saved.
    fn collapse(&mut self, session: &mut Session) {
        match self.flush(session) {
            Ok(()) => {
                self.notice = None;
                self.expanded = Some(false);
            }
            Err(reason) => {
                self.notice = Some(format!(
                    "当前{}的修改还不能保存：{reason} 请改正后再收起，或点「放弃修改」。",
                    R::NOUN
                ));
            }
        }
    }

    /// Draws the edit form when a record is open, else the new form. `fields` draws the
    /// record's fields (the last argument is the id salt for its drop-downs) and returns whether
    /// one of its text fields has the focus, so an edit is not saved in the middle of a word.
    pub fn form_ui(
        &mut self,
        ui: &mut egui::Ui,
        session: &mut Session,
        fields: impl FnOnce(&mut egui::Ui, &mut R::Form, &Session, &str) -> bool,
    ) {
        if self.editing.is_some() {
            self.edit_form_ui(ui, session, fields);
        } else {
            self.new_form_ui(ui, session, fields);
        }
    }

    fn new_form_ui(
        &mut self,
        ui: &mut egui::Ui,
        session: &mut Session,
        fields: impl FnOnce(&mut egui::Ui, &mut R::Form, &Session, &str) -> bool,
    ) {
        ui.heading(format!("新增{}", R::NOUN));
        ui.weak(R::NEW_HINT);
        ui.add_space(6.0);
        fields(ui, &mut self.new_form, session, &format!("new_{}", R::KEY));
        let draft = self.new_form.draft();
        if self.new_tried
            && let Err(reason) = &draft
        {
            error_label(ui, reason);
        }
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            let adding = self.adding_at.is_some();
            if ui
                .add_enabled(!adding, egui::Button::new(format!("添加{}", R::NOUN)))
                .clicked()
            {
                self.new_tried = true;
                if let Ok(draft) = draft {
                    session.queue(R::add_command(draft));
                    self.adding_at = Some(session.generation);
                }
            }
            if !self.new_form.is_blank() && ui.button("清空").clicked() {
                self.new_form = R::Form::default();
                self.new_tried = false;
            }
        });
    }

    fn edit_form_ui(
        &mut self,
        ui: &mut egui::Ui,
        session: &mut Session,
        fields: impl FnOnce(&mut egui::Ui, &mut R::Form, &Session, &str) -> bool,
    ) {
        let mut go_new = false;
        ui.horizontal(|ui| {
            ui.heading(format!("编辑{}", R::NOUN));
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                go_new = ui.button(format!("新增{}", R::NOUN)).clicked();
            });
        });
        ui.weak(R::EDIT_HINT);
        ui.add_space(6.0);
        let Some(editing) = &mut self.editing else {
            return;
        };
        let typing = fields(ui, &mut editing.form, session, &format!("edit_{}", R::KEY));
        let valid = editing.form.draft();
        if let Err(reason) = &valid {
            error_label(ui, reason);
        }
        if let Some(notice) = &self.notice {
            error_label(ui, notice);
        }
        let dirty = valid.as_ref() != Ok(&editing.stored);
        let id = editing.id;
        ui.add_space(6.0);
        let mut discard = false;
        ui.horizontal(|ui| {
            if ui.button(format!("删除此{}", R::NOUN)).clicked() {
                self.confirm_delete = Some(id);
            }
            if dirty {
                discard = ui.button("放弃修改").clicked();
            }
        });
        if discard && let Some(editing) = &mut self.editing {
            editing.form = R::Form::from_draft(&editing.stored);
            editing.queued = None;
            self.notice = None;
        }
        // Saved once the focus has left the fields: never in the middle of a word or a
        // composition.
        if !typing && !discard {
            let _ = self.flush(session);
        }
        if go_new {
            self.select(session, None);
        }
    }

    /// Asks before deleting the record whose delete button was pressed, and deletes it when the
    /// user confirms.
    pub fn delete_dialog_ui(&mut self, ui: &mut egui::Ui, session: &mut Session) {
        let Some(id) = self.confirm_delete else {
            return;
        };
        let Some(record) = R::find(&session.workbook, id) else {
            self.confirm_delete = None;
            return;
        };
        let message = record.delete_message(&session.workbook);
        match confirm_ui(
            ui.ctx(),
            &format!("delete_{}", R::KEY),
            &format!("删除这项{}？", R::NOUN),
            &message,
            "删除",
        ) {
            Confirmation::Open => {}
            Confirmation::Cancelled => self.confirm_delete = None,
            Confirmation::Confirmed => {
                self.confirm_delete = None;
                session.queue(R::delete_command(id));
                self.editing = None;
                self.notice = None;
            }
        }
    }
}
