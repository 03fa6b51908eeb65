//! Text size: body text of at least 14 pixels by default, and a 字号 setting （标准/大/特大） that
//! scales the whole window as egui's zoom does, so Ctrl+= and Ctrl+- (egui's own shortcuts)
//! and the setting move the same value, which is kept between runs.

use eframe::egui::{self, FontFamily, FontId, TextStyle};

/// The sizes 设置 offers, with the zoom each stands for.
pub const TEXT_SIZES: [(&str, f32); 3] = [("标准", 1.0), ("大", 1.15), ("特大", 1.3)];

/// The smallest and largest zoom the window accepts, so a stray key press cannot make the
/// screen unusable.
const ZOOM_RANGE: std::ops::RangeInclusive<f32> = 0.8..=1.6;

/// Sets the text styles the screens use: body and buttons at 14 pixels (egui's default 12.5 is
/// small for Chinese on an office monitor), headings at 20.
pub fn install_text_styles(ctx: &egui::Context) {
    ctx.all_styles_mut(|style| {
        style.text_styles = [
            (
                TextStyle::Small,
                FontId::new(11.5, FontFamily::Proportional),
            ),
            (TextStyle::Body, FontId::new(14.0, FontFamily::Proportional)),
            (
                TextStyle::Button,
                FontId::new(14.0, FontFamily::Proportional),
            ),
            (
                TextStyle::Heading,
                FontId::new(20.0, FontFamily::Proportional),
            ),
            (
                TextStyle::Monospace,
                FontId::new(13.0, FontFamily::Monospace),
            ),
        ]
        .into();
    });
}

/// A zoom kept in the preferences, brought into the accepted range (a hand-edited or damaged
/// preference file must not give an unusable window).
pub fn sane_zoom(zoom: f32) -> f32 {
    if zoom.is_finite() {
        zoom.clamp(*ZOOM_RANGE.start(), *ZOOM_RANGE.end())
    } else {
        1.0
    }
}

/// The 字号 choice: one button per size, the current one selected, and the shortcuts named.
pub fn text_size_ui(ui: &mut egui::Ui) {
    let current = ui.ctx().zoom_factor();
    ui.horizontal(|ui| {
        ui.label("字号");
        for (name, zoom) in TEXT_SIZES {
            let selected = (current - zoom).abs() < 0.01;
            if ui.add(egui::Button::selectable(selected, name)).clicked() {
                ui.ctx().set_zoom_factor(zoom);
            }
        }
        ui.weak(format!("当前 {:.0}%", current * 100.0));
    });
    ui.weak("也可以按 Ctrl+= 放大、Ctrl+- 缩小、Ctrl+0 还原。设置会保存，下次打开时仍然有效。");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_damaged_zoom_preference_gives_a_usable_window() {
        assert!((sane_zoom(f32::NAN) - 1.0).abs() < f32::EPSILON);
        assert!((sane_zoom(9.0) - 1.6).abs() < f32::EPSILON);
        assert!((sane_zoom(0.1) - 0.8).abs() < f32::EPSILON);
        assert!((sane_zoom(1.15) - 1.15).abs() < f32::EPSILON);
    }
}
