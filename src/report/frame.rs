//! What every page carries around its content once the pages are counted: a running header,
//! the page number, and for drafts a diagonal 草稿 watermark under the content. Tables and
//! lists number their pages "第 X 页 共 Y 页" in the middle of the footer; official documents
//! (the 整改承诺书 and the reports) number them "— X —" on the outer corner, as GB/T 9704-2012
//! §7.5 lays out.

use super::canvas::{Item, Page, Pen, hline};
use super::fonts::Pens;
use super::geometry::{PageFrame, mm};

/// Size of the running header and footer text.
const MARGIN_TEXT_SIZE: f32 = 9.0;

/// Size of an official page number: 4号.
pub const OFFICIAL_PAGE_NUMBER_SIZE: f32 = 14.0;

/// How far below the type area the dashes of an official page number lie (GB/T 9704: 7 mm).
const OFFICIAL_PAGE_NUMBER_DROP_MM: f32 = 7.0;

/// Height of an em dash above the baseline, as a share of the size: about the middle of a
/// Chinese character.
const DASH_HEIGHT: f32 = 0.35;

/// Size of the watermark text.
const WATERMARK_SIZE: f32 = 110.0;

/// Grey of the watermark: light enough to read the content through.
const WATERMARK_GREY: f32 = 0.86;

/// How a document numbers its pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PageNumbers {
    /// "第 X 页 共 Y 页", centred under the content: tables and lists.
    #[default]
    Counted,
    /// "— X —" as GB/T 9704-2012 numbers official documents: 4号 half-width digits between
    /// em dashes, 7 mm below the type area, one character in from its right edge on odd pages
    /// and from its left edge on even pages (the outer corner of a double-sided print).
    Official,
}

impl PageNumbers {
    /// The number of page `page` of `total` in this style.
    pub fn text(self, page: usize, total: usize) -> String {
        match self {
            Self::Counted => page_number_text(page, total),
            Self::Official => official_page_number_text(page),
        }
    }
}

/// The texts around the content.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Decoration {
    /// Header, left: usually the unit's name.
    pub header_left: String,
    /// Header, right: usually the document and its version.
    pub header_right: String,
    /// Whether to draw the 草稿 watermark.
    pub draft: bool,
    /// How the pages are numbered.
    pub page_numbers: PageNumbers,
}

/// The page-number text of tables and lists.
pub fn page_number_text(page: usize, total: usize) -> String {
    format!("第 {page} 页 共 {total} 页")
}

/// The page-number text of official documents: em dashes（一字线）around the number.
pub fn official_page_number_text(page: usize) -> String {
    format!("\u{2014} {page} \u{2014}")
}

/// Adds header, footer and watermark to every page. Margin texts are set in the default pen;
/// an official page number in the body pen when that face has its characters.
pub fn decorate(pages: &mut [Page], frame: &PageFrame, pens: Pens<'_>, decoration: &Decoration) {
    let pen = pens.default;
    let total = pages.len();
    for (index, page) in pages.iter_mut().enumerate() {
        let header_baseline = frame.top() - MARGIN_TEXT_SIZE * 1.2;
        let mut items = Vec::new();
        if !decoration.header_left.is_empty() || !decoration.header_right.is_empty() {
            items.push(pen.text(
                frame.left(),
                header_baseline,
                MARGIN_TEXT_SIZE,
                &decoration.header_left,
            ));
            items.push(pen.right_aligned(
                frame.right(),
                header_baseline,
                MARGIN_TEXT_SIZE,
                &decoration.header_right,
            ));
            items.push(hline(
                frame.left(),
                frame.right(),
                header_baseline + MARGIN_TEXT_SIZE * 0.5,
                0.4,
            ));
        }
        items.push(match decoration.page_numbers {
            PageNumbers::Counted => pen.centred(
                frame.centre_x(),
                frame.bottom() + MARGIN_TEXT_SIZE * 1.8,
                MARGIN_TEXT_SIZE,
                &page_number_text(index + 1, total),
            ),
            PageNumbers::Official => official_page_number(frame, pens, index + 1),
        });
        page.items.extend(items);
        if decoration.draft {
            page.items.insert(0, watermark(frame, pen));
        }
    }
}

/// The "— X —" of page `page` on its outer corner, one character in from the type area's edge.
fn official_page_number(frame: &PageFrame, pens: Pens<'_>, page: usize) -> Item {
    let text = official_page_number_text(page);
    let pen = if text
        .chars()
        .all(|ch| ch == ' ' || pens.body.metrics.has_glyph(ch))
    {
        pens.body
    } else {
        pens.default
    };
    let size = OFFICIAL_PAGE_NUMBER_SIZE;
    let baseline = frame.bottom() + mm(OFFICIAL_PAGE_NUMBER_DROP_MM) + size * DASH_HEIGHT;
    if page % 2 == 1 {
        pen.right_aligned(frame.right() - size, baseline, size, &text)
    } else {
        pen.text(frame.left() + size, baseline, size, &text)
    }
}

/// 草稿 across the middle of the page, rising at 30°, its centre on the page centre.
fn watermark(frame: &PageFrame, pen: Pen<'_>) -> Item {
    let text = "草稿";
    let width = pen.width(text, WATERMARK_SIZE);
    let degrees: f32 = 30.0;
    let (sin, cos) = degrees.to_radians().sin_cos();
    let centre_x = frame.size.width / 2.0;
    let centre_y = frame.size.height / 2.0;
    // Start half the text's length back along the slope, and drop by half the cap height so the
    // glyphs, not the baseline, are centred. (Down is +y on the page, so rising text goes -y.)
    let half = width / 2.0;
    let drop = WATERMARK_SIZE * 0.35;
    Item::RotatedText {
        x: centre_x - half * cos + drop * sin,
        baseline: centre_y + half * sin + drop * cos,
        size: WATERMARK_SIZE,
        degrees,
        text: text.to_owned(),
        grey: WATERMARK_GREY,
        face: pen.face,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fonts::FontSet;
    use crate::report::geometry::{Margins, PageSize};

    #[test]
    fn official_page_numbers_sit_on_the_outer_corner_below_the_type_area() {
        let fonts = FontSet::bundled().unwrap();
        let frame = PageFrame {
            size: PageSize::a4_portrait(),
            margins: Margins::official_document(),
        };
        let mut pages = vec![Page::new(frame.size); 3];
        let decoration = Decoration {
            page_numbers: PageNumbers::Official,
            ..Decoration::default()
        };
        decorate(&mut pages, &frame, fonts.pens(false), &decoration);
        for (index, page) in pages.iter().enumerate() {
            let Some(Item::Text {
                x,
                baseline,
                size,
                width,
                text,
                ..
            }) = page.items.last()
            else {
                panic!("page {index}: no page number");
            };
            assert_eq!(*text, format!("— {} —", index + 1));
            assert!((*size - 14.0).abs() < f32::EPSILON);
            assert!(*baseline > frame.bottom() + mm(7.0) && *baseline < frame.bottom() + mm(12.0));
            if index % 2 == 0 {
                assert!(
                    (x + width - (frame.right() - 14.0)).abs() < 0.01,
                    "odd page {index}"
                );
            } else {
                assert!(
                    (x - (frame.left() + 14.0)).abs() < 0.01,
                    "even page {index}"
                );
            }
        }
        assert_eq!(PageNumbers::Counted.text(2, 5), "第 2 页 共 5 页");
        assert_eq!(PageNumbers::Official.text(12, 30), "— 12 —");
    }
}
