//! The filter bar of the 问题清单: search, category, level, source, status, responsible person,
//! overdue only, and a button that clears them all.

use eframe::egui::{self, Response};
use zhenggai::domain::{CategoryId, MeasureStatus, ProblemLevel, ProblemSource};
use zhenggai::view::{LedgerFilter, Workbook};

use crate::ui::widgets::category_combo;

/// How to search.
const SEARCH_HINT: &str = "可输入问题、措施或责任人中的文字，也可输入拼音首字母（如 ckqx 找“窗口权限”）或全拼；几个词用空格分开，须都找到。";

/// What the 状态 filter matches, as the 状态 column shows it.
const STATUS_HINT: &str = "问题的状态取其措施中进度最靠前的一条：有一条未启动即为未启动，全部销号才是已销号。与表中“状态”列一致。";

/// The id of the search field, so Ctrl+F can focus it.
pub fn search_field_id() -> egui::Id {
    egui::Id::unique("problem_list_search")
}

/// Draws the filter bar; the filter is changed in place (the table notices the change and
/// filters again).
pub fn filter_bar_ui(ui: &mut egui::Ui, filter: &mut LedgerFilter, workbook: &Workbook) {
    // Wrapping keeps every control visible at 1024 pixels, where one line is not enough. Each
    // label and its control are one group of known width, so they wrap together.
    ui.horizontal_wrapped(|ui| {
        group_ui(ui, 240.0, |ui| {
            let label = ui.label("搜索");
            ui.add(
                egui::TextEdit::singleline(&mut filter.search)
                    .id(search_field_id())
                    .hint_text("问题、措施、责任人…（Ctrl+F）")
                    .desired_width(200.0),
            )
            .labelled_by(label.id)
            .on_hover_text(SEARCH_HINT);
        });
        group_ui(ui, 210.0, |ui| {
            category_filter_ui(ui, &mut filter.category, workbook);
        });
        group_ui(ui, 140.0, |ui| {
            option_filter_ui(
                ui,
                "层级",
                &mut filter.level,
                ProblemLevel::ALL,
                ProblemLevel::label,
            );
        });
        group_ui(ui, 140.0, |ui| {
            option_filter_ui(
                ui,
                "来源",
                &mut filter.source,
                ProblemSource::ALL,
                ProblemSource::label,
            );
        });
        group_ui(ui, 140.0, |ui| {
            option_filter_ui(
                ui,
                "状态",
                &mut filter.status,
                MeasureStatus::ALL,
                MeasureStatus::label,
            )
            .on_hover_text(STATUS_HINT);
        });
        group_ui(ui, 200.0, |ui| {
            let label = ui.label("责任人/部门");
            ui.add(
                egui::TextEdit::singleline(&mut filter.responsible)
                    .hint_text("领导、部门或个人")
                    .desired_width(110.0),
            )
            .labelled_by(label.id);
        });
        ui.checkbox(&mut filter.overdue_only, "仅看逾期");
        if ui
            .add_enabled(filter.is_active(), egui::Button::new("清除筛选"))
            .clicked()
        {
            *filter = LedgerFilter::default();
        }
    });
}

/// A label and its control as one piece of a wrapping row: allocated with its width known in
/// advance, so the row wraps before it rather than through it.
fn group_ui(ui: &mut egui::Ui, width: f32, add_contents: impl FnOnce(&mut egui::Ui)) {
    let height = ui.spacing().interact_size.y;
    ui.allocate_ui_with_layout(
        egui::vec2(width, height),
        egui::Layout::left_to_right(egui::Align::Center),
        add_contents,
    );
}

/// A label and a drop-down over `values` with 全部 (no filter) first.
fn option_filter_ui<T: Copy + PartialEq>(
    ui: &mut egui::Ui,
    label: &'static str,
    value: &mut Option<T>,
    values: &[T],
    label_of: impl Fn(T) -> &'static str,
) -> Response {
    let label_response = ui.label(label);
    egui::ComboBox::from_id_salt(("problem_filter", label))
        .selected_text(value.map_or("全部", &label_of))
        .width(96.0)
        .show_ui(ui, |ui| {
            ui.selectable_value(value, None, "全部");
            for &option in values {
                ui.selectable_value(value, Some(option), label_of(option));
            }
        })
        .response
        .labelled_by(label_response.id)
}

/// The category drop-down: 全部, then each area followed by its items (indented). Choosing an
/// area shows the problems of all its items.
fn category_filter_ui(ui: &mut egui::Ui, value: &mut Option<CategoryId>, workbook: &Workbook) {
    let label_response = ui.label("类别");
    category_combo(
        ui,
        "problem_filter_category",
        value,
        workbook,
        "全部",
        160.0,
    )
    .labelled_by(label_response.id);
}
