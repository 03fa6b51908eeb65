//! The 问题清单 screen: the problem table with filters, search and sorting, and the problem and
//! measure editors it opens in a panel on its right.

pub mod editor;
pub mod filtered_export;
pub mod filters;
pub mod form;
pub mod import_dialog;
pub mod measure_list;
pub mod picker;
pub mod table;

use std::collections::HashMap;

use eframe::egui::{self, Key, KeyboardShortcut, Modifiers};
use zhenggai::domain::{MeasureId, ProblemId};
use zhenggai::view::{LedgerFilter, ProblemRow, SortColumn, SortOrder};

use crate::ui::measures::form::MeasureForm;
use crate::ui::measures::{MeasureEditor, measure_editor_ui};
use crate::ui::problems::editor::{EditorAction, EditorTarget, ProblemEditor, problem_editor_ui};
use crate::ui::problems::filtered_export::{FilteredExport, Selection, filtered_export_ui};
use crate::ui::problems::filters::{filter_bar_ui, search_field_id};
use crate::ui::problems::form::ProblemForm;
use crate::ui::problems::import_dialog::{ImportAction, ImportDialog, import_dialog_ui};
use crate::ui::problems::table::{LedgerCache, TableScroll, problem_table_ui};
use crate::ui::shell::nav::{Nav, OpenRequest};
use crate::ui::shell::session::Session;

/// Ctrl+F: the search field.
const FIND: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::F);

/// The narrowest the editor panel gets.
const MIN_EDITOR_WIDTH: f32 = 380.0;

/// The narrowest the table gets beside the editor: its compact columns fit.
const MIN_TABLE_WIDTH: f32 = 450.0;

/// What the table remembers between runs.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct LedgerPrefs {
    /// The filters and search text.
    pub filter: LedgerFilter,
    /// The sort column.
    pub column: SortColumn,
    /// The sort order.
    pub order: SortOrder,
    /// Whether the editor is folded away by 收起编辑栏 so the table has the whole width, as a
    /// clerk on a 1024-pixel screen wants while reading the list. It stays folded while rows
    /// are clicked or stepped through, and across runs, until 展开编辑栏 or a double-click, the
    /// row menu's 打开 or a request from another screen brings the editor back.
    pub editor_folded: bool,
}

impl LedgerPrefs {
    /// Sorts by `column`; a second click on the sorting column reverses the order.
    fn sort_by(&mut self, column: SortColumn) {
        if self.column == column {
            self.order = match self.order {
                SortOrder::Ascending => SortOrder::Descending,
                SortOrder::Descending => SortOrder::Ascending,
            };
        } else {
            self.column = column;
            self.order = SortOrder::Ascending;
        }
    }
}

/// The screen's state.
#[derive(Default)]
pub struct ProblemsScreen {
    /// Remembered between runs.
    pub prefs: LedgerPrefs,
    /// The filtered and sorted rows, kept between frames.
    pub cache: LedgerCache,
    /// The problem editor, when a problem is open.
    pub(super) editor: Option<ProblemEditor>,
    /// The measure editor, shown in the problem editor's place while a measure is open.
    pub(super) measure_editor: Option<MeasureEditor>,
    /// A new problem the user started and left unsaved; 新增问题 brings it back.
    pub(super) unsaved_new: Option<ProblemForm>,
    /// A problem to bring into view in the table on the next frame.
    pub(super) scroll_to: Option<ProblemId>,
    /// 新增措施 forms the user left half-typed, by problem; they come back with the problem.
    pub(super) unsaved_measures: HashMap<ProblemId, MeasureForm>,
    /// The status-line message that refused to leave an unsaveable change, to clear it after.
    pub(super) refusal: Option<String>,
    /// 从 Excel 导入, while its dialog is open.
    pub(super) import: Option<ImportDialog>,
    /// 导出当前筛选结果，while its dialog is open.
    pub(super) filtered_export: Option<FilteredExport>,
}

impl ProblemsScreen {
    /// Closes the editors, saving what can be saved; `false` (with the reason in the status
    /// line) when the problem being edited holds a change that cannot be saved yet.
    fn leave_editor(&mut self, session: &mut Session, nav: &mut Nav) -> bool {
        if let Some(editor) = self.editor.as_mut()
            && let Err(message) = editor.flush(session)
        {
            let message = format!("{message}请先改正，或点「放弃未保存的修改」。");
            nav.message = Some(message.clone());
            self.refusal = Some(message);
            return false;
        }
        // The refusal above is out of date once the editor can be left.
        if let Some(refusal) = self.refusal.take()
            && nav.message.as_ref() == Some(&refusal)
        {
            nav.message = None;
        }
        self.measure_editor = None;
        if let Some(mut editor) = self.editor.take() {
            if let Some((problem_id, form)) = editor.take_measure_form() {
                self.unsaved_measures.insert(problem_id, form);
            }
            if let Some(form) = editor.into_new_form() {
                self.unsaved_new = Some(form);
            }
        }
        true
    }

    fn open_new(&mut self, session: &mut Session, nav: &mut Nav) {
        if self
            .editor
            .as_ref()
            .is_some_and(|editor| editor.target() == EditorTarget::New)
        {
            self.measure_editor = None;
            return;
        }
        if self.leave_editor(session, nav) {
            let form = self
                .unsaved_new
                .take()
                .unwrap_or_else(|| ProblemForm::blank(session.workbook.today));
            self.editor = Some(ProblemEditor::new_problem(form));
        }
    }

    fn open_problem(&mut self, session: &mut Session, nav: &mut Nav, problem_id: ProblemId) {
        let same = self
            .editor
            .as_ref()
            .is_some_and(|editor| editor.problem_id() == Some(problem_id));
        if same {
            self.measure_editor = None;
            return;
        }
        if !self.leave_editor(session, nav) {
            return;
        }
        match session.workbook.problem(problem_id) {
            Some(problem) => {
                self.editor = Some(match self.unsaved_measures.remove(&problem_id) {
                    Some(form) => ProblemEditor::existing_with_measure_form(problem, form),
                    None => ProblemEditor::existing(problem),
                });
                self.scroll_to = Some(problem_id);
            }
            None => nav.message = Some("这个问题已不存在（可能已被删除）。".to_owned()),
        }
    }

    /// Opens the problem and asks there whether to delete it, as the editor's 删除问题 does:
    /// the one confirmation and the one delete command either way.
    fn ask_delete(&mut self, session: &mut Session, nav: &mut Nav, problem_id: ProblemId) {
        self.open_problem(session, nav, problem_id);
        self.measure_editor = None;
        if let Some(editor) = self
            .editor
            .as_mut()
            .filter(|editor| editor.problem_id() == Some(problem_id))
        {
            editor.ask_delete();
        }
    }

    fn open_measure(&mut self, session: &mut Session, nav: &mut Nav, measure_id: MeasureId) {
        let Some(problem_id) = session
            .workbook
            .measure(measure_id)
            .map(|measure| measure.problem_id)
        else {
            nav.message = Some("这条整改措施已不存在（可能已被删除）。".to_owned());
            return;
        };
        self.open_problem(session, nav, problem_id);
        if self.editor.as_ref().and_then(ProblemEditor::problem_id) == Some(problem_id) {
            self.measure_editor = Some(MeasureEditor::open(measure_id));
        }
    }
}

/// Draws the problem list, and the editor panel when a problem is open.
pub fn problems_ui(
    ui: &mut egui::Ui,
    screen: &mut ProblemsScreen,
    session: &mut Session,
    nav: &mut Nav,
) {
    take_open_request(screen, session, nav);
    // Closing the window while a field still has the keyboard would lose what it holds.
    if ui.input(|input| input.viewport().close_requested())
        && let Some(editor) = screen.editor.as_mut()
    {
        let _ = editor.flush(session);
    }
    if ui.input_mut(|input| input.consume_shortcut(&FIND)) {
        ui.memory_mut(|memory| memory.request_focus(search_field_id()));
    }
    if screen.editor.is_some() {
        if screen.prefs.editor_folded {
            collapsed_editor_ui(ui, screen, session);
        } else {
            editor_panel_ui(ui, screen, session, nav);
        }
    }
    list_ui(ui, screen, session, nav);
    // The table and the editor ask for records through `nav` too; answer in this same frame.
    take_open_request(screen, session, nav);
}

/// ↑/↓ open the previous or next problem of the table, as in a spreadsheet, while no field has
/// the keyboard and no dialog or drop-down is open.
fn arrow_key_target(
    ui: &egui::Ui,
    rows: &[ProblemRow],
    indices: &[usize],
    selected: Option<ProblemId>,
) -> Option<ProblemId> {
    let step: isize = ui.input(|input| {
        if input.key_pressed(Key::ArrowDown) {
            1
        } else if input.key_pressed(Key::ArrowUp) {
            -1
        } else {
            0
        }
    });
    if step == 0 || indices.is_empty() {
        return None;
    }
    let busy = ui.memory(|memory| memory.focused().is_some() || memory.top_modal_layer().is_some())
        || egui::Popup::is_any_open(ui.ctx());
    if busy {
        return None;
    }
    let current = selected.and_then(|problem_id| {
        indices.iter().position(|&index| {
            rows.get(index)
                .is_some_and(|row| row.problem_id == problem_id)
        })
    });
    let position = match current {
        Some(position) => position.saturating_add_signed(step).min(indices.len() - 1),
        None => 0,
    };
    indices
        .get(position)
        .and_then(|&index| rows.get(index))
        .map(|row| row.problem_id)
}

/// Opens what another screen, a shortcut or this screen asked for, with the editor unfolded:
/// whoever asks wants to see the record.
fn take_open_request(screen: &mut ProblemsScreen, session: &mut Session, nav: &mut Nav) {
    let request = nav.open.take();
    if request.is_some() {
        screen.prefs.editor_folded = false;
    }
    match request {
        Some(OpenRequest::NewProblem) => screen.open_new(session, nav),
        Some(OpenRequest::Problem(problem_id)) => screen.open_problem(session, nav, problem_id),
        Some(OpenRequest::Measure(measure_id)) => screen.open_measure(session, nav, measure_id),
        None => {}
    }
}

/// The folded editor: a narrow strip that names the open problem and brings the editor back.
fn collapsed_editor_ui(ui: &mut egui::Ui, screen: &mut ProblemsScreen, session: &Session) {
    egui::Panel::right("problem_editor_strip")
        .resizable(false)
        .show(ui, |ui| {
            if ui.button("展开编辑栏").clicked() {
                screen.prefs.editor_folded = false;
            }
            let open = screen
                .editor
                .as_ref()
                .and_then(ProblemEditor::problem_id)
                .and_then(|id| session.workbook.problem(id));
            let name = open.map_or_else(
                || "新问题".to_owned(),
                |problem| format!("问题 {}", problem.number),
            );
            ui.weak(name);
        });
}

/// 收起编辑栏: folds the editor away once what it holds is saved; the reason in the status line
/// when it cannot be saved yet, and the editor stays.
fn collapse_editor(screen: &mut ProblemsScreen, session: &mut Session, nav: &mut Nav) {
    if let Some(editor) = screen.editor.as_mut()
        && let Err(message) = editor.flush(session)
    {
        nav.message = Some(format!("{message}请先改正，再收起编辑栏。"));
        return;
    }
    screen.prefs.editor_folded = true;
}

/// The right-hand panel: the measure editor when a measure is open, else the problem editor.
fn editor_panel_ui(
    ui: &mut egui::Ui,
    screen: &mut ProblemsScreen,
    session: &mut Session,
    nav: &mut Nav,
) {
    // The table keeps at least MIN_TABLE_WIDTH (its compact columns); the editor gets the rest,
    // up to about half the screen by default.
    let width = ui.available_width();
    let max_width = (width - MIN_TABLE_WIDTH).max(MIN_EDITOR_WIDTH);
    let default_width = (width * 0.46).clamp(MIN_EDITOR_WIDTH, 600.0).min(max_width);
    egui::Panel::right("problem_editor_panel")
        .resizable(true)
        .default_size(default_width)
        .size_range(MIN_EDITOR_WIDTH..=max_width)
        .show(ui, |ui| {
            if ui
                .small_button("收起编辑栏")
                .on_hover_text("把编辑栏收到右边，让问题清单占满宽度；点一行或「展开编辑栏」再打开")
                .clicked()
            {
                collapse_editor(screen, session, nav);
                return;
            }
            if let Some(measure_editor) = screen.measure_editor.as_mut() {
                // Which problem the measure belongs to, and the way back to it.
                let problem = screen
                    .editor
                    .as_ref()
                    .and_then(ProblemEditor::problem_id)
                    .and_then(|problem_id| session.workbook.problem(problem_id));
                if let Some(problem) = problem {
                    let back = format!("返回问题 {}", problem.number);
                    if ui
                        .button(back)
                        .on_hover_text(&problem.description)
                        .clicked()
                    {
                        screen.measure_editor = None;
                        return;
                    }
                    ui.separator();
                }
                if !measure_editor_ui(ui, measure_editor, session) {
                    screen.measure_editor = None;
                }
                return;
            }
            let Some(editor) = screen.editor.as_mut() else {
                return;
            };
            match problem_editor_ui(ui, editor, session) {
                EditorAction::None => {}
                EditorAction::Close => {
                    screen.leave_editor(session, nav);
                }
                EditorAction::Created(problem_id) => {
                    screen.unsaved_new = None;
                    screen.scroll_to = Some(problem_id);
                }
                EditorAction::Gone => {
                    screen.editor = None;
                    screen.measure_editor = None;
                }
                EditorAction::OpenMeasure(measure_id) => {
                    nav.open(OpenRequest::Measure(measure_id));
                }
            }
        });
}

/// The heading, the filters, the counts and the table.
fn list_ui(ui: &mut egui::Ui, screen: &mut ProblemsScreen, session: &mut Session, nav: &mut Nav) {
    // Up to date for the export button above the filters, and again below once the filter bar
    // has taken this frame's typing (a second refresh with nothing changed costs a comparison).
    let mut filter_changed =
        screen
            .cache
            .refresh(&session.workbook.rows, session.generation, &screen.prefs);
    let mut export_filtered = false;
    ui.horizontal(|ui| {
        ui.heading("问题清单");
        ui.add_space(12.0);
        if ui
            .button("新增问题")
            .on_hover_text("新增一个问题（Ctrl+N）")
            .clicked()
        {
            nav.open(OpenRequest::NewProblem);
        }
        if ui
            .button("从 Excel 导入…")
            .on_hover_text("导入已有的 Excel/WPS 台账（.xlsx、.xls、.ods）")
            .clicked()
        {
            screen.import = Some(ImportDialog::default());
        }
        let can_export = screen.prefs.filter.is_active() && !screen.cache.indices().is_empty();
        export_filtered = ui
            .add_enabled(
                can_export,
                egui::Button::new(format!("{}…", filtered_export::TITLE)),
            )
            .on_hover_text("把筛选出的问题导出为 Excel 或台账 PDF，标题注明“筛选结果”")
            .on_disabled_hover_text("先用下面的条件筛选问题；导出完整台账请到「签发与导出」。")
            .clicked();
    });
    if export_filtered {
        let rows = &session.workbook.rows;
        let problem_ids = screen
            .cache
            .indices()
            .iter()
            .filter_map(|&index| rows.get(index).map(|row| row.problem_id))
            .collect();
        screen.filtered_export = Some(FilteredExport::new(Selection {
            problem_ids,
            filters: screen.prefs.filter.describe(&session.workbook),
        }));
    }
    if let Some(dialog) = screen.import.as_mut()
        && import_dialog_ui(ui.ctx(), dialog, session) == ImportAction::Close
    {
        screen.import = None;
    }
    if let Some(dialog) = screen.filtered_export.as_mut()
        && !filtered_export_ui(ui.ctx(), dialog, session)
    {
        screen.filtered_export = None;
    }
    ui.add_space(4.0);
    filter_bar_ui(ui, &mut screen.prefs.filter, &session.workbook);
    filter_changed |=
        screen
            .cache
            .refresh(&session.workbook.rows, session.generation, &screen.prefs);
    let rows = &session.workbook.rows;
    let shown = screen.cache.shown();
    let indices = &shown.indices;
    ui.horizontal(|ui| {
        ui.label(format!(
            "共 {} 个问题，筛选后 {} 个",
            rows.len(),
            indices.len()
        ));
        if rows.is_empty() {
            ui.weak("还没有问题。点「新增问题」或按 Ctrl+N 添加第一个问题。");
        } else if indices.is_empty() {
            ui.weak("没有符合条件的问题，可点「清除筛选」。");
        }
    });
    ui.add_space(4.0);
    let selected = screen.editor.as_ref().and_then(ProblemEditor::problem_id);
    let scroll_to = screen.scroll_to.take().and_then(|problem_id| {
        indices.iter().position(|&index| {
            rows.get(index)
                .is_some_and(|row| row.problem_id == problem_id)
        })
    });
    let scroll = match (scroll_to, filter_changed) {
        (Some(position), _) => TableScroll::Row(position),
        (None, true) => TableScroll::Top,
        (None, false) => TableScroll::Keep,
    };
    // Even on a window narrower than the columns need, the table never paints over the editor.
    let table_rect = ui.available_rect_before_wrap();
    ui.set_clip_rect(ui.clip_rect().intersect(table_rect));
    let output = problem_table_ui(ui, rows, shown, &screen.prefs, selected, scroll);
    let arrow_target = arrow_key_target(ui, rows, indices, selected);
    if let Some(column) = output.sort_by {
        screen.prefs.sort_by(column);
    }
    if let Some(problem_id) = output.delete {
        screen.ask_delete(session, nav, problem_id);
    } else if let Some(problem_id) = output.open.or(arrow_target) {
        if screen.prefs.editor_folded && !output.unfold {
            // A click or an arrow key while the editor is folded moves the selection and the
            // strip's 问题 N; the table keeps its width.
            screen.open_problem(session, nav, problem_id);
        } else {
            nav.open(OpenRequest::Problem(problem_id));
        }
    }
}

#[cfg(test)]
mod table_tests;
#[cfg(test)]
mod tests;
