//! The wizard's 问题类别 step: the default taxonomy of seed 001 §三 as an editable two-level
//! tree (areas and their items) that is only written when the workbook is created.

use std::collections::HashSet;

use eframe::egui::{self, RichText};
use zhenggai::domain::CategoryDraft;
use zhenggai::setup::{TaxonomyArea, default_taxonomy};

use crate::ui::widgets::error_label;
use crate::ui::widgets::form_problem::FormProblem;

/// The tree being edited, with the names typed for new areas and items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaxonomyForm {
    /// The areas with their items, in order.
    pub areas: Vec<TaxonomyArea>,
    /// The name typed for a new item, per area (same order as `areas`).
    new_items: Vec<String>,
    /// The name typed for a new area.
    new_area: String,
}

impl Default for TaxonomyForm {
    fn default() -> Self {
        let areas = default_taxonomy();
        Self {
            new_items: vec![String::new(); areas.len()],
            areas,
            new_area: String::new(),
        }
    }
}

impl TaxonomyForm {
    /// The first reason the tree cannot be stored (empty or too long a name, two siblings with
    /// one name), or `None`.
    pub fn problem(&self) -> Option<FormProblem> {
        let mut area_names = HashSet::new();
        for (index, area) in self.areas.iter().enumerate() {
            let number = index + 1;
            let name = match checked_name(&area.name) {
                Ok(name) => name,
                Err(problem) => return Some(problem.context(format!("第 {number} 个领域"))),
            };
            if !area_names.insert(name.clone()) {
                return Some(format!("有两个领域都叫「{name}」，请改名或删除其中一个。").into());
            }
            let mut item_names = HashSet::new();
            for (item_index, item) in area.items.iter().enumerate() {
                let item_number = item_index + 1;
                let item = match checked_name(item) {
                    Ok(item) => item,
                    Err(problem) => {
                        return Some(
                            problem.context(format!("第 {number} 个领域的第 {item_number} 项")),
                        );
                    }
                };
                if !item_names.insert(item.clone()) {
                    return Some(
                        format!("领域「{name}」下有两项都叫「{item}」，请改名或删除其中一项。")
                            .into(),
                    );
                }
            }
        }
        None
    }

    /// The tree with names trimmed, as it will be stored.
    pub fn to_taxonomy(&self) -> Vec<TaxonomyArea> {
        self.areas
            .iter()
            .map(|area| TaxonomyArea {
                name: area.name.trim().to_owned(),
                items: area
                    .items
                    .iter()
                    .map(|item| item.trim().to_owned())
                    .collect(),
            })
            .collect()
    }

    /// How many areas and items the tree has.
    pub fn counts(&self) -> (usize, usize) {
        let items = self.areas.iter().map(|area| area.items.len()).sum();
        (self.areas.len(), items)
    }
}

/// A category name as the store will check it: trimmed, present, not too long.
fn checked_name(name: &str) -> Result<String, FormProblem> {
    let draft = CategoryDraft {
        parent_id: None,
        name: name.to_owned(),
    }
    .validate(None)?;
    Ok(draft.name)
}

/// An edit picked during the frame, applied after the loop that draws the tree.
enum TreeEdit {
    RemoveArea(usize),
    RemoveItem(usize, usize),
    AddItem(usize),
    AddArea,
    Reset,
}

/// Draws the tree editor.
pub fn taxonomy_form_ui(ui: &mut egui::Ui, form: &mut TaxonomyForm) {
    ui.label("以下是《实施方案》列出的四个问题领域及其具体表现。可以改名、增加或删除，建立台账后在「设置」中仍可调整。");
    ui.add_space(6.0);
    form.new_items.resize(form.areas.len(), String::new());
    let mut edit = None;
    for (index, area) in form.areas.iter_mut().enumerate() {
        let number = index + 1;
        ui.horizontal(|ui| {
            ui.label(RichText::new(format!("领域 {number}")).strong());
            ui.add(
                egui::TextEdit::singleline(&mut area.name)
                    .id_salt(("wizard_area", index))
                    .desired_width(480.0),
            )
            .accessible_name(format!("第{number}个领域"));
            if ui
                .button("删除领域")
                .on_hover_text("删除这个领域及其下所有条目")
                .clicked()
            {
                edit = Some(TreeEdit::RemoveArea(index));
            }
        });
        ui.indent(("wizard_area_items", index), |ui| {
            for (item_index, item) in area.items.iter_mut().enumerate() {
                let item_number = item_index + 1;
                ui.horizontal(|ui| {
                    ui.label(format!("{number}.{item_number}"));
                    ui.add(
                        egui::TextEdit::singleline(item)
                            .id_salt(("wizard_item", index, item_index))
                            .desired_width(360.0),
                    )
                    .accessible_name(format!("第{number}个领域第{item_number}项"));
                    if ui.button("删除").clicked() {
                        edit = Some(TreeEdit::RemoveItem(index, item_index));
                    }
                });
            }
            ui.horizontal(|ui| {
                let response = ui
                    .add(
                        egui::TextEdit::singleline(&mut form.new_items[index])
                            .id_salt(("wizard_new_item", index))
                            .hint_text("新条目名称")
                            .desired_width(360.0),
                    )
                    .accessible_name(format!("第{number}个领域的新条目"));
                let entered =
                    response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if ui.button("添加条目").clicked() || entered {
                    edit = Some(TreeEdit::AddItem(index));
                }
            });
        });
        ui.add_space(4.0);
    }
    ui.horizontal(|ui| {
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut form.new_area)
                    .id_salt("wizard_new_area")
                    .hint_text("新领域名称")
                    .desired_width(480.0),
            )
            .accessible_name("新领域名称");
        let entered = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if ui.button("添加领域").clicked() || entered {
            edit = Some(TreeEdit::AddArea);
        }
        if ui.button("恢复默认类别").clicked() {
            edit = Some(TreeEdit::Reset);
        }
    });
    match edit {
        Some(TreeEdit::RemoveArea(index)) => {
            form.areas.remove(index);
            form.new_items.remove(index);
        }
        Some(TreeEdit::RemoveItem(index, item_index)) => {
            form.areas[index].items.remove(item_index);
        }
        Some(TreeEdit::AddItem(index)) => {
            let name = form.new_items[index].trim().to_owned();
            if !name.is_empty() {
                form.areas[index].items.push(name);
                form.new_items[index].clear();
            }
        }
        Some(TreeEdit::AddArea) => {
            let name = form.new_area.trim().to_owned();
            if !name.is_empty() {
                form.areas.push(TaxonomyArea {
                    name,
                    items: Vec::new(),
                });
                form.new_items.push(String::new());
                form.new_area.clear();
            }
        }
        Some(TreeEdit::Reset) => *form = TaxonomyForm::default(),
        None => {}
    }
    if let Some(problem) = form.problem() {
        ui.add_space(4.0);
        error_label(ui, &problem);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_tree_is_valid_and_duplicates_or_blanks_are_named() {
        let mut form = TaxonomyForm::default();
        assert_eq!(form.counts(), (4, 19));
        assert!(form.problem().is_none());
        form.areas[1].items[2] = form.areas[1].items[0].clone();
        assert!(form.problem().unwrap().to_string().contains("两项都叫"));
        form.areas[1].items[2] = "  ".into();
        assert!(
            form.problem()
                .unwrap()
                .to_string()
                .contains("第 2 个领域的第 3 项")
        );
        form.areas[1].items[2] = " 新表现 ".into();
        assert!(form.problem().is_none());
        assert_eq!(form.to_taxonomy()[1].items[2], "新表现");
    }
}
