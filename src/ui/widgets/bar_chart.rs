//! The dashboard's chart by problem area: for each area, a bar of problems and a bar of measures,
//! the finished part solid and the rest pale, drawn with the painter. Bars run horizontally so the
//! long Chinese area names sit on the left, cut with … when the window is narrow.

use eframe::egui::{self, Color32, FontId, RichText, Sense};
use zhenggai::view::CategoryCount;

use crate::ui::widgets::chart_text::paint_elided;

/// The colour of the problems bars.
const PROBLEM_COLOUR: Color32 = Color32::from_rgb(40, 80, 160);
/// The colour of the measures bars.
const MEASURE_COLOUR: Color32 = Color32::from_rgb(30, 140, 60);
/// The height of one bar.
const BAR_HEIGHT: f32 = 16.0;
/// The space between the two bars of an area.
const BAR_GAP: f32 = 4.0;
/// The space above and below an area's pair of bars.
const ROW_PADDING: f32 = 6.0;
/// The space between the chart's columns.
const GAP: f32 = 8.0;

/// Draws the chart; a note instead when there are no areas.
pub fn category_chart_ui(ui: &mut egui::Ui, counts: &[CategoryCount]) {
    ui.horizontal(|ui| {
        ui.label(RichText::new("分类整改情况").strong().size(16.0));
        legend_ui(ui, PROBLEM_COLOUR, "问题（已整改 / 总数）");
        legend_ui(ui, MEASURE_COLOUR, "措施（已完成 / 总数）");
    });
    if counts.is_empty() {
        ui.weak("还没有问题类别。可在「设置」中建立问题类别。");
        return;
    }
    // Problems and measures are counted on their own scales: an area's measures outnumber its
    // problems, and one scale would squash the problems bars.
    let max_problems = counts.iter().map(|count| count.problems).max().unwrap_or(0);
    let max_measures = counts.iter().map(|count| count.measures).max().unwrap_or(0);
    for count in counts {
        area_row_ui(ui, count, max_problems, max_measures);
    }
}

fn legend_ui(ui: &mut egui::Ui, colour: Color32, text: &str) {
    ui.add_space(12.0);
    let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), Sense::hover());
    ui.painter().rect_filled(rect, 2.0, colour);
    ui.label(text);
}

fn area_row_ui(ui: &mut egui::Ui, count: &CategoryCount, max_problems: usize, max_measures: usize) {
    let width = ui.available_width();
    let height = 2.0 * BAR_HEIGHT + BAR_GAP + 2.0 * ROW_PADDING;
    let (rect, response) = ui.allocate_exact_size(egui::vec2(width, height), Sense::hover());
    if ui.is_rect_visible(rect) {
        let painter = ui.painter_at(rect);
        let visuals = ui.visuals();
        if response.hovered() {
            painter.rect_filled(rect, 3.0, visuals.faint_bg_color);
        }
        let name_width = (width * 0.3).clamp(120.0, 280.0);
        let kind_width = 32.0;
        let figure_width = 104.0;
        let bar_left = rect.left() + name_width + GAP + kind_width + GAP;
        let bar_width = (rect.right() - figure_width - GAP - bar_left).max(20.0);
        let text_colour = visuals.text_color();
        let weak_colour = visuals.weak_text_color();
        paint_elided(
            &painter,
            &count.name,
            FontId::proportional(14.0),
            text_colour,
            egui::pos2(rect.left(), rect.center().y),
            name_width,
        );
        let bars = [
            (
                "问题",
                count.problems_done,
                count.problems,
                max_problems,
                PROBLEM_COLOUR,
            ),
            (
                "措施",
                count.done,
                count.measures,
                max_measures,
                MEASURE_COLOUR,
            ),
        ];
        for (index, (kind, done, total, max, colour)) in bars.into_iter().enumerate() {
            let top = rect.top() + ROW_PADDING + index as f32 * (BAR_HEIGHT + BAR_GAP);
            let centre_y = top + BAR_HEIGHT / 2.0;
            paint_elided(
                &painter,
                kind,
                FontId::proportional(12.0),
                weak_colour,
                egui::pos2(rect.left() + name_width + GAP, centre_y),
                kind_width,
            );
            let scale = if max == 0 {
                0.0
            } else {
                bar_width / max as f32
            };
            let total_rect = egui::Rect::from_min_size(
                egui::pos2(bar_left, top),
                egui::vec2(total as f32 * scale, BAR_HEIGHT),
            );
            painter.rect_filled(total_rect, 2.0, colour.gamma_multiply(0.25));
            let done_rect = egui::Rect::from_min_size(
                egui::pos2(bar_left, top),
                egui::vec2(done as f32 * scale, BAR_HEIGHT),
            );
            painter.rect_filled(done_rect, 2.0, colour);
            paint_elided(
                &painter,
                &figure_text(done, total),
                FontId::proportional(13.0),
                text_colour,
                egui::pos2(rect.right() - figure_width, centre_y),
                figure_width,
            );
        }
    }
    response.on_hover_text(format!(
        "{}\n问题：已整改 {} / 共 {} 个\n措施：已完成 {} / 共 {} 条",
        count.name, count.problems_done, count.problems, count.done, count.measures
    ));
}

/// `done/total(percent%)`, the figure beside a bar.
fn figure_text(done: usize, total: usize) -> String {
    if total == 0 {
        "0/0".to_owned()
    } else {
        format!("{done}/{total}({:.0}%)", done as f32 * 100.0 / total as f32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figure_text_shows_count_and_rounded_percentage() {
        assert_eq!(figure_text(0, 0), "0/0");
        assert_eq!(figure_text(1, 3), "1/3(33%)");
        assert_eq!(figure_text(12, 12), "12/12(100%)");
    }
}
