//! A faster character lookup for printpdf. printpdf finds the glyph of every character it
//! writes (twice: once to choose the subset, once to encode the text) by scanning the font's
//! cmap groups one after another — 3,412 of them in the bundled CJK font, so a ledger spends a
//! fifth of its writing time there. The same mapping laid out as one flat array (cmap
//! format 10) is looked up in a single step.

use allsorts::tables::cmap::owned::CmapSubtable;
use printpdf::ParsedFont;

use super::font::for_each_unicode_mapping;

/// Replaces the cmap `font` looks characters up in with a flat array holding the mapping of
/// `font_bytes`' Unicode subtables — the mapping [`super::font::FontMetrics`] measured the
/// layout with, so the glyph drawn is the glyph measured. Characters the font lacks map to
/// glyph 0 (the missing glyph), which is what printpdf draws for them anyway. A font without a
/// Unicode cmap is left as it is.
pub fn flatten_cmap(font: &mut ParsedFont, font_bytes: &[u8]) {
    if let Some(flat) = flat_unicode_cmap(font_bytes) {
        font.cmap_subtable = Some(flat);
    }
}

/// The Unicode mapping of `font_bytes` as a format 10 subtable spanning its lowest to its
/// highest mapped character; the first Unicode subtable to map a character wins, as in
/// [`super::font::FontMetrics::from_font`].
fn flat_unicode_cmap(font_bytes: &[u8]) -> Option<CmapSubtable> {
    let face = ttf_parser::Face::parse(font_bytes, 0).ok()?;
    let mut mappings: Vec<(u32, u16)> = Vec::new();
    for_each_unicode_mapping(&face, |codepoint, glyph| {
        mappings.push((codepoint, glyph.0));
    });
    let first = mappings.iter().map(|(codepoint, _)| *codepoint).min()?;
    let last = mappings.iter().map(|(codepoint, _)| *codepoint).max()?;
    let mut glyph_id_array = vec![0_u16; usize::try_from(last - first).ok()? + 1];
    // Written last to first, so that the first subtable's answer is the one left standing.
    for (codepoint, glyph) in mappings.into_iter().rev() {
        glyph_id_array[(codepoint - first) as usize] = glyph;
    }
    Some(CmapSubtable::Format10 {
        language: 0,
        start_char_code: first,
        glyph_id_array,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::font::BUNDLED_FONT_TTF;

    #[test]
    fn the_flat_cmap_finds_the_glyph_the_font_maps_for_every_character() {
        let original = ParsedFont::from_bytes(BUNDLED_FONT_TTF, 0, &mut Vec::new()).unwrap();
        let mut flat = original.clone();
        flatten_cmap(&mut flat, BUNDLED_FONT_TTF);
        assert!(matches!(
            flat.cmap_subtable,
            Some(CmapSubtable::Format10 { .. })
        ));
        let face = ttf_parser::Face::parse(BUNDLED_FONT_TTF, 0).unwrap();
        let mut mapped = 0;
        // Every character the font maps, and a spread of those it does not, across all planes.
        let samples = (0..=0x10_FFFF_u32).filter(|codepoint| {
            codepoint % 251 == 0
                || char::from_u32(*codepoint).is_some_and(|ch| face.glyph_index(ch).is_some())
        });
        for codepoint in samples {
            let before = original.lookup_glyph_index(codepoint);
            let after = flat.lookup_glyph_index(codepoint);
            match before {
                Some(glyph) => {
                    mapped += 1;
                    assert_eq!(after, Some(glyph), "U+{codepoint:04X}");
                }
                // The missing glyph either way.
                None => assert!(
                    matches!(after, None | Some(0)),
                    "U+{codepoint:04X}: {after:?}"
                ),
            }
        }
        assert!(mapped > 28_000, "{mapped} characters compared");
        for (ch, glyph) in [('整', face.glyph_index('整')), ('A', face.glyph_index('A'))] {
            assert_eq!(
                flat.lookup_glyph_index(ch as u32),
                glyph.map(|glyph| glyph.0)
            );
        }
    }

    #[test]
    fn a_font_without_a_unicode_cmap_is_left_alone() {
        assert!(flat_unicode_cmap(b"not a font").is_none());
    }
}
