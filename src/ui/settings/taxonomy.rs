//! The 问题类别 tab of 设置: the live category tree. A name is saved when the field is left (or
//! Enter is pressed); areas and items are added and deleted through commands. A category that
//! problems use cannot be deleted, and the dialog says why before anything is tried.

use std::collections::{HashMap, HashSet};

use eframe::egui::{self, Key, RichText};
use zhenggai::domain::{Category, CategoryDraft, CategoryId, Command};

use crate::ui::settings::Synced;
use crate::ui::settings::template::{TemplatePanel, template_panel_ui};
use crate::ui::shell::session::Session;
use crate::ui::widgets::error_label;
use crate::ui::widgets::form_problem::FormProblem;

/// The tab's state.
#[derive(Default)]
pub struct TaxonomyEditor {
    /// The name field of each category, following the stored name unless the user typed.
    names: HashMap<CategoryId, Synced<String>>,
    /// The name typed for a new item, per area.
    new_items: HashMap<CategoryId, String>,
    /// The name typed for a new area.
    new_area: String,
    /// How many problems use each category (an area counts its items'), for one generation.
    usage: Option<(u64, HashMap<CategoryId, usize>)>,
    /// The category the delete dialog asks about.
    confirm_delete: Option<CategoryId>,
    /// Why the last rename or addition was not sent to the store, kept typed until drawn.
    error: Option<FormProblem>,
    /// Template export and import.
    template: TemplatePanel,
}

/// What the user did this frame, carried out after the tree is drawn.
enum TreeEdit {
    Rename(CategoryId),
    Add(Option<CategoryId>),
    AskDelete(CategoryId),
}

/// Draws the tab.
pub fn taxonomy_editor_ui(ui: &mut egui::Ui, editor: &mut TaxonomyEditor, session: &mut Session) {
    let categories = session.workbook.categories.clone();
    refresh_usage(editor, session);
    for category in &categories {
        editor
            .names
            .entry(category.id)
            .or_insert_with(|| Synced::new(category.name.clone()))
            .sync(&category.name);
    }
    let live: HashSet<CategoryId> = categories.iter().map(|category| category.id).collect();
    editor.names.retain(|id, _| live.contains(id));

    template_panel_ui(ui, &mut editor.template, session);
    ui.separator();
    ui.label(RichText::new("问题类别").strong().size(16.0));
    ui.label(
        "类别分两级：问题领域及其具体表现。改名后按回车或点别处即保存；已有问题使用的类别不能删除。",
    );
    ui.add_space(6.0);

    let mut edit = None;
    let areas: Vec<&Category> = categories
        .iter()
        .filter(|c| c.parent_id.is_none())
        .collect();
    for (index, area) in areas.iter().enumerate() {
        let number = index + 1;
        ui.horizontal(|ui| {
            ui.label(RichText::new(format!("领域 {number}")).strong());
            if let Some(choice) =
                name_field_ui(ui, editor, area, 480.0, format!("第{number}个领域"))
            {
                edit = Some(choice);
            }
        });
        ui.indent(("settings_area_items", area.id), |ui| {
            let items = categories.iter().filter(|c| c.parent_id == Some(area.id));
            for (item_index, item) in items.enumerate() {
                let item_number = item_index + 1;
                ui.horizontal(|ui| {
                    ui.label(format!("{number}.{item_number}"));
                    let name = format!("第{number}个领域第{item_number}项");
                    if let Some(choice) = name_field_ui(ui, editor, item, 360.0, name) {
                        edit = Some(choice);
                    }
                });
            }
            ui.horizontal(|ui| {
                let text = editor.new_items.entry(area.id).or_default();
                let response = ui
                    .add(
                        egui::TextEdit::singleline(text)
                            .id_salt(("settings_new_item", area.id))
                            .hint_text("新条目名称")
                            .desired_width(360.0),
                    )
                    .accessible_name(format!("第{number}个领域的新条目"));
                let entered = response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
                if ui.button("添加条目").clicked() || entered {
                    edit = Some(TreeEdit::Add(Some(area.id)));
                }
            });
        });
        ui.add_space(4.0);
    }
    ui.horizontal(|ui| {
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut editor.new_area)
                    .id_salt("settings_new_area")
                    .hint_text("新领域名称")
                    .desired_width(480.0),
            )
            .accessible_name("新领域名称");
        let entered = response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
        if ui.button("添加领域").clicked() || entered {
            edit = Some(TreeEdit::Add(None));
        }
    });
    if let Some(error) = &editor.error {
        error_label(ui, error);
    }

    match edit {
        Some(TreeEdit::Rename(id)) => rename(editor, session, &categories, id),
        Some(TreeEdit::Add(parent_id)) => add(editor, session, &categories, parent_id),
        Some(TreeEdit::AskDelete(id)) => editor.confirm_delete = Some(id),
        None => {}
    }
    delete_dialog_ui(ui, editor, session, &categories);
}

/// A category's name field, its problem count and its delete button.
fn name_field_ui(
    ui: &mut egui::Ui,
    editor: &mut TaxonomyEditor,
    category: &Category,
    width: f32,
    accessible_name: String,
) -> Option<TreeEdit> {
    let mut edit = None;
    if let Some(name) = editor.names.get_mut(&category.id) {
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut name.edit)
                    .id_salt(("settings_category", category.id))
                    .desired_width(width),
            )
            .accessible_name(accessible_name);
        if response.lost_focus() && name.edit.trim() != category.name {
            edit = Some(TreeEdit::Rename(category.id));
        }
    }
    let used = usage_of(editor, category.id);
    if used > 0 {
        ui.weak(format!("{used} 个问题"));
    }
    if ui.button("删除").clicked() {
        edit = Some(TreeEdit::AskDelete(category.id));
    }
    edit
}

fn refresh_usage(editor: &mut TaxonomyEditor, session: &Session) {
    if editor
        .usage
        .as_ref()
        .is_some_and(|(generation, _)| *generation == session.generation)
    {
        return;
    }
    let workbook = &session.workbook;
    let parents: HashMap<CategoryId, Option<CategoryId>> = workbook
        .categories
        .iter()
        .map(|category| (category.id, category.parent_id))
        .collect();
    let mut usage: HashMap<CategoryId, usize> = HashMap::new();
    for category_id in workbook.problems.iter().filter_map(|p| p.category_id) {
        *usage.entry(category_id).or_default() += 1;
        if let Some(Some(area)) = parents.get(&category_id) {
            *usage.entry(*area).or_default() += 1;
        }
    }
    editor.usage = Some((session.generation, usage));
}

fn usage_of(editor: &TaxonomyEditor, id: CategoryId) -> usize {
    editor
        .usage
        .as_ref()
        .and_then(|(_, usage)| usage.get(&id).copied())
        .unwrap_or(0)
}

/// Checks a name as the store would (present, not too long, unique among its siblings).
fn check_name(
    categories: &[Category],
    parent_id: Option<CategoryId>,
    name: &str,
    except: Option<CategoryId>,
) -> Result<String, FormProblem> {
    let name = CategoryDraft {
        parent_id,
        name: name.to_owned(),
    }
    .validate(None)?
    .name;
    let clash = categories
        .iter()
        .any(|c| c.parent_id == parent_id && c.name == name && Some(c.id) != except);
    if clash {
        return Err(format!("同一级下已有名为「{name}」的类别，请换一个名称。").into());
    }
    Ok(name)
}

fn rename(
    editor: &mut TaxonomyEditor,
    session: &mut Session,
    categories: &[Category],
    id: CategoryId,
) {
    let (Some(category), Some(field)) = (
        categories.iter().find(|c| c.id == id),
        editor.names.get(&id),
    ) else {
        return;
    };
    match check_name(categories, category.parent_id, &field.edit, Some(id)) {
        Ok(name) => {
            editor.error = None;
            session.queue(Command::RenameCategory {
                category_id: id,
                name,
            });
        }
        Err(problem) => {
            editor.error = Some(problem.context(format!("「{}」未改名", category.name)));
        }
    }
}

fn add(
    editor: &mut TaxonomyEditor,
    session: &mut Session,
    categories: &[Category],
    parent_id: Option<CategoryId>,
) {
    let text = match parent_id {
        Some(area) => editor.new_items.entry(area).or_default(),
        None => &mut editor.new_area,
    };
    if text.trim().is_empty() {
        // Enter in an empty field is not a request to add anything.
        return;
    }
    match check_name(categories, parent_id, text, None) {
        Ok(name) => {
            text.clear();
            editor.error = None;
            session.queue(Command::AddCategory(CategoryDraft { parent_id, name }));
        }
        Err(problem) => editor.error = Some(problem),
    }
}

/// The confirmation before a delete, or the reason a used category cannot be deleted.
fn delete_dialog_ui(
    ui: &mut egui::Ui,
    editor: &mut TaxonomyEditor,
    session: &mut Session,
    categories: &[Category],
) {
    let Some(id) = editor.confirm_delete else {
        return;
    };
    let Some(category) = categories.iter().find(|c| c.id == id) else {
        editor.confirm_delete = None;
        return;
    };
    let used = usage_of(editor, id);
    let items = categories
        .iter()
        .filter(|c| c.parent_id == Some(id))
        .count();
    let mut close = false;
    let mut confirmed = false;
    let modal = egui::Modal::new(egui::Id::unique("delete_category_dialog")).show(ui.ctx(), |ui| {
        ui.set_max_width(420.0);
        ui.heading("删除问题类别");
        if used > 0 {
            error_label(
                ui,
                format!(
                    "类别「{}」下还有 {used} 个问题，不能删除。请先在「问题清单」中把这些问题改到其他类别。",
                    category.name
                ),
            );
            ui.add_space(8.0);
            if ui.button("知道了").clicked() {
                close = true;
            }
            return;
        }
        ui.label(format!("确定删除类别「{}」吗？", category.name));
        if items > 0 {
            ui.label(format!("其下的 {items} 项具体表现也会一并删除，且不能撤销。"));
        }
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button("确定删除").clicked() {
                confirmed = true;
            }
            if ui.button("取消").clicked() {
                close = true;
            }
        });
    });
    let enter = ui.input(|input| input.key_pressed(Key::Enter));
    if modal.should_close() {
        close = true;
    } else if enter && !close {
        // Enter pressing a focused 取消 button closes; otherwise it answers the dialog.
        if used == 0 {
            confirmed = true;
        } else {
            close = true;
        }
    }
    if confirmed {
        session.queue(Command::DeleteCategory { category_id: id });
        close = true;
    }
    if close {
        editor.confirm_delete = None;
    }
}
