//! The bundled CJK font (LXGW WenKai, SIL OFL 1.1), installed first in every family so Chinese
//! never renders as boxes, whatever fonts the office PC has.

use std::sync::Arc;

use eframe::egui::{self, FontData, FontDefinitions, FontFamily};

/// The font file, compiled into the program once (the documents use the same bytes), so it
/// cannot go missing.
const WENKAI_TTF: &[u8] = zhenggai::report::font::BUNDLED_FONT_TTF;

const WENKAI: &str = "LXGWWenKai";

/// Puts the bundled CJK font at the front of the proportional and monospace families.
pub fn install_fonts(ctx: &egui::Context) {
    let mut fonts = FontDefinitions::default();
    fonts.font_data.insert(
        WENKAI.to_owned(),
        Arc::new(FontData::from_static(WENKAI_TTF)),
    );
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .insert(0, WENKAI.to_owned());
    }
    ctx.set_fonts(fonts);
}
