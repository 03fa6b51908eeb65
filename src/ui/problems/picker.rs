//! Picks the problems a rule addresses: the linked ones as removable chips, and a search over
//! the problem list (by number or by any text) with a tick box per problem.

use eframe::egui;
use zhenggai::domain::ProblemId;
use zhenggai::view::{ProblemRow, SearchQuery};

use crate::ui::widgets::LABEL_WIDTH;
use crate::ui::widgets::chart_text::shorten_chars;

/// How many characters of a problem's description a result line shows.
const DESCRIPTION_CHARS: usize = 16;
/// The height of a result line.
const ROW_HEIGHT: f32 = 22.0;
/// How many result lines show before the list scrolls.
const VISIBLE_ROWS: f32 = 8.0;

/// The picker's state: the search text and the matches found for it.
#[derive(Default)]
pub struct ProblemPicker {
    query: String,
    /// The search and workbook generation the matches were found for.
    cached_for: Option<(String, u64)>,
    /// Indices into the rows, best matches first.
    matches: Vec<usize>,
}

impl ProblemPicker {
    /// The rows matching the search, found again only when the search or the workbook changed.
    fn matches(&mut self, rows: &[ProblemRow], generation: u64) -> &[usize] {
        let key = (self.query.clone(), generation);
        if self.cached_for.as_ref() != Some(&key) {
            self.matches = search(rows, &self.query);
            self.cached_for = Some(key);
        }
        &self.matches
    }
}

/// The rows matching `query`: all of them for an empty query; otherwise the problem with that
/// exact number first, then those whose number or text contains it (the text also by pinyin,
/// as the 问题清单 searches).
pub fn search(rows: &[ProblemRow], query: &str) -> Vec<usize> {
    let query = query.trim().to_lowercase();
    if query.is_empty() {
        return (0..rows.len()).collect();
    }
    let words = SearchQuery::new(&query);
    let mut exact = Vec::new();
    let mut others = Vec::new();
    for (index, row) in rows.iter().enumerate() {
        let number = row.number.to_string();
        if number == query {
            exact.push(index);
        } else if number.contains(&query) || row.search.find(&words).is_some() {
            others.push(index);
        }
    }
    exact.extend(others);
    exact
}

/// The tick box's text for a problem: `12号 窗口工作人员服务态度…`.
pub fn picker_label(row: &ProblemRow) -> String {
    format!(
        "{}号 {}",
        row.number,
        shorten_chars(&row.description, DESCRIPTION_CHARS)
    )
}

/// The text of a linked problem's chip; clicking it removes the link.
pub fn chip_label(number: i64) -> String {
    format!("{number}号 ×")
}

/// Draws the linked problems and the search; edits `linked` in place. Returns a linked problem
/// the user asked to open (from a chip's context menu).
pub fn problem_picker_ui(
    ui: &mut egui::Ui,
    picker: &mut ProblemPicker,
    rows: &[ProblemRow],
    generation: u64,
    linked: &mut Vec<ProblemId>,
) -> Option<ProblemId> {
    let mut open = None;
    ui.horizontal_top(|ui| {
        ui.add_sized(
            [LABEL_WIDTH, ui.spacing().interact_size.y],
            egui::Label::new("关联问题"),
        );
        ui.vertical(|ui| {
            let mut chips: Vec<&ProblemRow> = rows
                .iter()
                .filter(|row| linked.contains(&row.problem_id))
                .collect();
            chips.sort_by_key(|row| row.number);
            if chips.is_empty() {
                ui.weak("尚未关联问题，可在下方查找后勾选。");
            }
            ui.horizontal_wrapped(|ui| {
                for row in chips {
                    let chip = ui
                        .add(egui::Button::new(chip_label(row.number)).small())
                        .on_hover_text(format!(
                            "{}\n点击取消关联；右键可打开该问题",
                            row.description
                        ));
                    chip.context_menu(|ui| {
                        if ui.button("打开该问题").clicked() {
                            open = Some(row.problem_id);
                        }
                    });
                    if chip.clicked() {
                        linked.retain(|id| *id != row.problem_id);
                    }
                }
            });
        });
    });
    ui.horizontal(|ui| {
        let label = ui.add_sized(
            [LABEL_WIDTH, ui.spacing().interact_size.y],
            egui::Label::new("查找问题"),
        );
        ui.add(
            egui::TextEdit::singleline(&mut picker.query)
                .hint_text("输入编号或文字")
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    });
    let matches = picker.matches(rows, generation);
    if matches.is_empty() {
        ui.weak("没有找到相符的问题。");
    } else {
        ui.weak(format!("找到 {} 个问题，勾选即关联", matches.len()));
    }
    let spacing = ui.spacing().item_spacing.y;
    let height = (matches.len() as f32).min(VISIBLE_ROWS) * (ROW_HEIGHT + spacing);
    egui::ScrollArea::vertical()
        .id_salt("problem_picker_results")
        // Fixed, as the form scrolls too and would otherwise squeeze the list to a row or two.
        .min_scrolled_height(height)
        .max_height(height)
        .auto_shrink([false, true])
        .show_rows(ui, ROW_HEIGHT, matches.len(), |ui, range| {
            for &index in &matches[range] {
                let row = &rows[index];
                let mut ticked = linked.contains(&row.problem_id);
                let response = ui
                    .horizontal(|ui| {
                        ui.set_min_height(ROW_HEIGHT);
                        ui.checkbox(&mut ticked, picker_label(row))
                    })
                    .inner
                    .on_hover_text(format!(
                        "{}号 {}\n{}",
                        row.number, row.category, row.description
                    ));
                if response.changed() {
                    if ticked {
                        linked.push(row.problem_id);
                    } else {
                        linked.retain(|id| *id != row.problem_id);
                    }
                }
            }
        });
    open
}

#[cfg(test)]
mod tests {
    use zhenggai::domain::{ProblemLevel, ProblemSource};
    use zhenggai::view::SearchIndex;

    use super::*;

    fn row(number: i64, description: &str) -> ProblemRow {
        ProblemRow {
            problem_id: ProblemId(number * 10),
            number,
            category_id: None,
            area_id: None,
            category: String::new(),
            level: ProblemLevel::ALL[0],
            source: ProblemSource::ALL[0],
            description: description.to_owned(),
            measure_count: 0,
            status: None,
            nearest_deadline: None,
            overdue: 0,
            measure_statuses: Vec::new(),
            responsible: String::new(),
            search: SearchIndex::new([description], []),
        }
    }

    #[test]
    fn search_puts_the_exact_number_first_then_text_matches() {
        let rows = vec![
            row(1, "窗口人员态度生硬"),
            row(12, "办事指南不清楚"),
            row(21, "群众反映12345热线回复慢"),
            row(2, "审批时限过长"),
        ];
        assert_eq!(search(&rows, ""), vec![0, 1, 2, 3]);
        assert_eq!(search(&rows, " 12 "), vec![1, 2]);
        assert_eq!(search(&rows, "2"), vec![3, 1, 2]);
        assert_eq!(search(&rows, "态度"), vec![0]);
        assert!(search(&rows, "不存在的词").is_empty());
        assert_eq!(picker_label(&rows[2]), "21号 群众反映12345热线回复慢");
    }
}
