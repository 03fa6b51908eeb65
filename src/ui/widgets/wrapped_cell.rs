//! Text in a table cell that wraps onto a few lines instead of being cut after a handful of
//! characters: the row grows to the tallest of its cells, and text longer than
//! [`MAX_LINES`] lines ends in … with the whole text shown on hover.
//!
//! A table measures its rows with [`cell_height`] at its columns' widths (from
//! `TableBody::widths`) and draws each cell with [`wrapped_cell_ui`], which lays the text out
//! the same way, so the measured height is the drawn one.

use std::sync::Arc;

use eframe::egui::{self, Galley, RichText, Sense, WidgetText, text::LayoutJob};
use egui_extras::TableBuilder;

/// The most lines a cell shows; longer text ends in … and shows whole on hover.
pub const MAX_LINES: usize = 3;

/// Room left beside a text that a column must show whole, so it does not touch the next one.
pub const CELL_MARGIN: f32 = 6.0;

/// The space above and below the text of a row that grew past one line.
const ROW_PADDING: f32 = 6.0;

/// `text` laid out as a cell shows it: wrapped to `width`, at most `max_lines` lines.
fn cell_job(ui: &egui::Ui, text: RichText, width: f32, max_lines: usize) -> LayoutJob {
    let mut job = Arc::unwrap_or_clone(WidgetText::from(text).into_layout_job(
        ui.style(),
        egui::FontSelection::Default,
        egui::Align::Center,
    ));
    job.wrap.max_width = width.max(12.0);
    job.wrap.max_rows = max_lines.max(1);
    job.halign = egui::Align::LEFT;
    job
}

/// `text` laid out in a cell `width` wide, as [`wrapped_cell_ui`] draws it there.
pub fn cell_galley(ui: &egui::Ui, text: RichText, width: f32, max_lines: usize) -> Arc<Galley> {
    let job = cell_job(ui, text, width, max_lines);
    ui.fonts_mut(|fonts| fonts.layout_job(job))
}

/// The height a row needs for `text` in a cell `width` wide: at least `min_height`, more when
/// the text wraps onto further lines.
pub fn cell_height(
    ui: &egui::Ui,
    text: RichText,
    width: f32,
    max_lines: usize,
    min_height: f32,
) -> f32 {
    let galley = cell_galley(ui, text, width, max_lines);
    if galley.rows.len() > 1 {
        (galley.size().y + ROW_PADDING).max(min_height)
    } else {
        min_height
    }
}

/// The height of a row whose wrapped cells hold `cells` (each text with its column's width):
/// its tallest cell, up to [`MAX_LINES`] lines, and at least `min_height`.
pub fn row_height<'a>(
    ui: &egui::Ui,
    cells: impl IntoIterator<Item = (&'a str, f32)>,
    min_height: f32,
) -> f32 {
    cells
        .into_iter()
        .map(|(text, width)| cell_height(ui, RichText::new(text), width, MAX_LINES, min_height))
        .fold(min_height, f32::max)
}

/// The width `texts` need on one line in the body font, to size a column that must never cut
/// them (a 文号，a date).
pub fn widest_text(ui: &egui::Ui, texts: impl IntoIterator<Item = RichText>) -> f32 {
    texts
        .into_iter()
        .map(|text| {
            let mut job = Arc::unwrap_or_clone(WidgetText::from(text).into_layout_job(
                ui.style(),
                egui::FontSelection::Default,
                egui::Align::Center,
            ));
            job.wrap.max_width = f32::INFINITY;
            ui.fonts_mut(|fonts| fonts.layout_job(job)).size().x
        })
        .fold(0.0, f32::max)
}

/// Draws `text` in the cell, wrapped to the cell's width on at most `max_lines` lines; cut text
/// ends in … and shows whole on hover. `sense` lets a cell take clicks (and the keyboard focus)
/// itself, as the cell that opens a record does.
pub fn wrapped_cell_ui(
    ui: &mut egui::Ui,
    text: RichText,
    max_lines: usize,
    sense: Sense,
) -> egui::Response {
    let job = cell_job(ui, text, ui.available_width(), max_lines);
    ui.add(
        egui::Label::new(job)
            .wrap_mode(egui::TextWrapMode::Wrap)
            .selectable(false)
            .sense(sense),
    )
}

/// `items` joined with 、 as a cell `width` wide shows them: a line ends after a 、 where the
/// next item would not fit, so an item such as `222号` is never split across two lines.
pub fn packed_list(ui: &egui::Ui, items: &[String], width: f32) -> String {
    let mut text = String::new();
    let mut line = String::new();
    for (index, item) in items.iter().enumerate() {
        let piece = if index + 1 < items.len() {
            format!("{item}、")
        } else {
            item.clone()
        };
        let candidate = format!("{line}{piece}");
        if !line.is_empty() && widest_text(ui, [RichText::new(candidate.as_str())]) > width {
            text.push_str(&line);
            text.push('\n');
            line = piece;
        } else {
            line = candidate;
        }
    }
    text.push_str(&line);
    text
}

/// Starts the columns of the table `id_salt` again from their first widths when the room for
/// it changed since the last frame (the window was resized, the side panel opened or shut), so
/// columns sized for a wider table never run under the panel beside it; and clips what `ui`
/// draws from here on to that room, so columns the user dragged too wide are cut at its edge
/// rather than drawn over the panel. Call it just before building the table, in the same `Ui`
/// (a scope of its own, as the clip stays).
pub fn fit_table(ui: &mut egui::Ui, id_salt: &str) {
    fit_table_to(ui, id_salt, &[]);
}

/// As [`fit_table`], also starting again when the first widths the table asks for changed:
/// text measured on the first frames, before every font size was in use, may differ from what
/// it measures later.
pub fn fit_table_to(ui: &mut egui::Ui, id_salt: &str, first_widths: &[f32]) {
    let width = ui.available_width();
    let key = ui.scope_id().with((id_salt, "fitted_width"));
    let mut now = vec![width];
    now.extend_from_slice(first_widths);
    let fitted = ui.data_mut(|data| {
        let fitted = data.get_temp::<Vec<f32>>(key);
        data.insert_temp(key, now.clone());
        fitted
    });
    let changed = |was: Vec<f32>| {
        was.len() != now.len() || was.iter().zip(&now).any(|(a, b)| (a - b).abs() > 0.5)
    };
    if fitted.is_some_and(changed) {
        TableBuilder::new(ui).id_salt(id_salt).reset();
    }
    let room = ui.available_rect_before_wrap();
    ui.set_clip_rect(ui.clip_rect().intersect(room));
}

/// What the UI tests read of the text drawn on the last frame.
#[cfg(test)]
pub mod drawn {
    use eframe::egui::{Rect, Shape};
    use egui_kittest::Harness;

    /// One painting of a text.
    #[derive(Debug, Clone, Copy)]
    pub struct DrawnText {
        /// Where its glyphs are.
        pub rect: Rect,
        /// Whether it ended in … because it did not fit.
        pub elided: bool,
        /// Whether all of it is inside the area it was clipped to, so none of it is cut off.
        pub inside_clip: bool,
        /// How many lines it took.
        pub lines: usize,
    }

    impl DrawnText {
        /// Whether the text is shown whole: not cut with … and not cut off at an edge.
        pub fn whole(&self) -> bool {
            !self.elided && self.inside_clip
        }
    }

    /// Every painting of exactly `text` on the harness's last frame.
    pub fn drawn<S>(harness: &Harness<'_, S>, text: &str) -> Vec<DrawnText> {
        harness
            .output()
            .shapes
            .iter()
            .filter_map(|clipped| {
                let Shape::Text(shape) = &clipped.shape else {
                    return None;
                };
                if shape.galley.job.text != text {
                    return None;
                }
                let rect = shape.visual_bounding_rect();
                Some(DrawnText {
                    rect,
                    elided: shape.galley.elided,
                    // A glyph's anti-aliased edge may reach a pixel past its cell.
                    inside_clip: clipped.clip_rect.expand(1.5).contains_rect(rect),
                    lines: shape.galley.rows.len(),
                })
            })
            .collect()
    }

    /// Whether `text` is drawn whole somewhere on the last frame.
    pub fn drawn_whole<S>(harness: &Harness<'_, S>, text: &str) -> bool {
        drawn(harness, text).iter().any(DrawnText::whole)
    }
}
