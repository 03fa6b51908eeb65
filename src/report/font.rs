//! The document font and its metrics: real glyph advances read from the TrueType file, so line
//! breaking and alignment measure text exactly as the PDF viewer will draw it.

use std::collections::HashMap;

use super::error::{ReportError, ReportResult};

/// The bundled CJK font (LXGW WenKai, SIL OFL 1.1, licence beside it in `assets/fonts/`),
/// compiled into the program so documents never depend on what the office PC has installed.
pub const BUNDLED_FONT_TTF: &[u8] = include_bytes!("../../assets/fonts/LXGWWenKai-Regular.ttf");

/// Glyph advances of one font face, in font units, cached per character.
#[derive(Debug, Clone)]
pub struct FontMetrics {
    units_per_em: f32,
    /// The advance of every character the font maps.
    advances: HashMap<char, u16>,
    /// Advance used for characters the font lacks (they render as the missing glyph, whose
    /// advance is that of glyph 0).
    missing_advance: u16,
    /// The ascender, in font units, for placing the first baseline below a box's top edge.
    ascender: i16,
    /// The descender (negative), in font units.
    descender: i16,
}

impl FontMetrics {
    /// Reads the metrics of `font_bytes` (a TrueType/OpenType file): the advance of every
    /// character its Unicode cmap maps, and the vertical metrics.
    pub fn from_font(font_bytes: &[u8]) -> ReportResult<Self> {
        let face = ttf_parser::Face::parse(font_bytes, 0)
            .map_err(|err| ReportError::Font(format!("字体文件无法解析（{err}）")))?;
        let mut advances = HashMap::new();
        // Walking the Unicode cmap subtables once gives every mapped character; a CJK font maps
        // about 20,000, which takes a few milliseconds and keeps later lookups to a hash probe.
        for_each_unicode_mapping(&face, |codepoint, glyph| {
            if let Some(ch) = char::from_u32(codepoint)
                && let Some(advance) = face.glyph_hor_advance(glyph)
            {
                advances.entry(ch).or_insert(advance);
            }
        });
        let missing_advance = face
            .glyph_hor_advance(ttf_parser::GlyphId(0))
            .unwrap_or(face.units_per_em());
        Ok(Self {
            units_per_em: f32::from(face.units_per_em()),
            advances,
            missing_advance,
            ascender: face.ascender(),
            descender: face.descender(),
        })
    }

    /// The metrics of the bundled font.
    pub fn bundled() -> ReportResult<Self> {
        Self::from_font(BUNDLED_FONT_TTF)
    }

    /// Whether the font has a glyph for `ch`.
    pub fn has_glyph(&self, ch: char) -> bool {
        self.advances.contains_key(&ch)
    }

    /// The advance of `ch` at `size_pt`, in points.
    pub fn char_width(&self, ch: char, size_pt: f32) -> f32 {
        let units = self
            .advances
            .get(&ch)
            .copied()
            .unwrap_or(self.missing_advance);
        f32::from(units) * size_pt / self.units_per_em
    }

    /// The advance of `text` at `size_pt`, in points (no kerning: the PDF is drawn without it).
    pub fn text_width(&self, text: &str, size_pt: f32) -> f32 {
        text.chars().map(|ch| self.char_width(ch, size_pt)).sum()
    }

    /// The advance of `text` at `size_pt`, in points, as a PDF viewer moves its pen over it:
    /// the embedded font's width table holds each advance in thousandths of an em, truncated
    /// (as printpdf writes it), so text placed after this text in the same text operator lands
    /// exactly where its own text matrix would have put it.
    pub fn pdf_advance(&self, text: &str, size_pt: f32) -> f32 {
        let thousandths: i64 = text
            .chars()
            .map(|ch| {
                let units = self
                    .advances
                    .get(&ch)
                    .copied()
                    .unwrap_or(self.missing_advance);
                (f32::from(units) * 1000.0 / self.units_per_em) as i64
            })
            .sum();
        thousandths as f32 * size_pt / 1000.0
    }

    /// The ascender at `size_pt`, in points (distance from the baseline up to the top of tall
    /// glyphs).
    pub fn ascent(&self, size_pt: f32) -> f32 {
        f32::from(self.ascender) * size_pt / self.units_per_em
    }

    /// The descender at `size_pt`, in points, as a positive distance below the baseline.
    pub fn descent(&self, size_pt: f32) -> f32 {
        -f32::from(self.descender) * size_pt / self.units_per_em
    }
}

/// Calls `each` with every character and glyph the Unicode subtables of `face`'s cmap map, in
/// subtable order: where two subtables map one character, the first is the font's answer.
pub(super) fn for_each_unicode_mapping(
    face: &ttf_parser::Face<'_>,
    mut each: impl FnMut(u32, ttf_parser::GlyphId),
) {
    let Some(cmap) = face.tables().cmap else {
        return;
    };
    for subtable in cmap.subtables {
        if !subtable.is_unicode() {
            continue;
        }
        subtable.codepoints(|codepoint| {
            if let Some(glyph) = subtable.glyph_index(codepoint) {
                each(codepoint, glyph);
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_font_covers_cjk_latin_and_punctuation() {
        let metrics = FontMetrics::bundled().unwrap();
        for ch in "整改台账第页共0123456789ABCabc:!? ，。、；）」』》〉（）【】".chars()
        {
            assert!(metrics.has_glyph(ch), "missing glyph for {ch}");
        }
        // A CJK ideograph is one em wide; a digit is narrower.
        let ideograph = metrics.char_width('整', 10.0);
        assert!((ideograph - 10.0).abs() < 0.01, "{ideograph}");
        assert!(metrics.char_width('1', 10.0) < ideograph);
        assert!(metrics.ascent(10.0) > 0.0 && metrics.descent(10.0) > 0.0);
        let width = metrics.text_width("整改1", 10.0);
        assert!((width - (20.0 + metrics.char_width('1', 10.0))).abs() < 0.01);
    }
}
