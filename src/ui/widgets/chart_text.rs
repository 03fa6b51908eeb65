//! Text painted inside charts and list rows: one line (or a few), cut with … when it does not
//! fit, so long Chinese names never run into the next column.

use std::sync::Arc;

use eframe::egui::{self, Color32, FontId, Galley, text::LayoutJob, text::TextWrapping};

/// Lays `text` out on one line no wider than `max_width`, ending in … when it had to be cut.
/// `galley.elided` tells whether it was, so callers can offer the full text on hover.
pub fn elided_galley(
    painter: &egui::Painter,
    text: &str,
    font: FontId,
    colour: Color32,
    max_width: f32,
) -> Arc<Galley> {
    let mut job = LayoutJob::simple_singleline(text.to_owned(), font, colour);
    // A zero or negative width would lay out nothing at all; keep room for the … at least.
    job.wrap = TextWrapping::truncate_at_width(max_width.max(12.0));
    painter.layout_job(job)
}

/// Lays `text` out wrapped to `max_width` on at most `max_rows` lines, breaking between any
/// characters as Chinese text does, the last line ending in … when it had to be cut.
pub fn wrapped_galley(
    painter: &egui::Painter,
    text: &str,
    font: FontId,
    colour: Color32,
    max_width: f32,
    max_rows: usize,
) -> Arc<Galley> {
    let mut job = LayoutJob::simple(text.to_owned(), font, colour, max_width.max(12.0));
    job.wrap.max_rows = max_rows;
    job.wrap.break_anywhere = true;
    painter.layout_job(job)
}

/// Paints `text` cut to `max_width`, its left edge at `left_centre.x` and vertically centred on
/// `left_centre.y`. Returns whether the text had to be cut.
pub fn paint_elided(
    painter: &egui::Painter,
    text: &str,
    font: FontId,
    colour: Color32,
    left_centre: egui::Pos2,
    max_width: f32,
) -> bool {
    let galley = elided_galley(painter, text, font, colour, max_width);
    let elided = galley.elided;
    let pos = egui::pos2(left_centre.x, left_centre.y - galley.size().y / 2.0);
    painter.galley(pos, galley, colour);
    elided
}

/// Shortens `text` to at most `max_chars` characters, ending in … when cut. Counts characters,
/// never bytes, so a Chinese text is never split inside a character.
pub fn shorten_chars(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_owned();
    }
    let head: String = text.chars().take(max_chars.saturating_sub(1)).collect();
    format!("{head}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shorten_chars_counts_characters_not_bytes() {
        assert_eq!(shorten_chars("窗口服务态度", 10), "窗口服务态度");
        assert_eq!(shorten_chars("窗口服务态度生硬", 5), "窗口服务…");
        assert_eq!(shorten_chars("", 3), "");
    }
}
