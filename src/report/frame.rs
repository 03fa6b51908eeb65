//! What every page carries around its content once the pages are counted: a running header, the
//! page number "第 X 页 共 Y 页" in the footer, and for drafts a diagonal 草稿 watermark under
//! the content.

use super::canvas::{Item, Page, Pen, hline};
use super::geometry::PageFrame;

/// Size of the running header and footer text.
const MARGIN_TEXT_SIZE: f32 = 9.0;

/// Size of the watermark text.
const WATERMARK_SIZE: f32 = 110.0;

/// Grey of the watermark: light enough to read the content through.
const WATERMARK_GREY: f32 = 0.86;

/// The texts around the content.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Decoration {
    /// Header, left: usually the unit's name.
    pub header_left: String,
    /// Header, right: usually the document and its version.
    pub header_right: String,
    /// Whether to draw the 草稿 watermark.
    pub draft: bool,
}

/// The page-number text.
pub fn page_number_text(page: usize, total: usize) -> String {
    format!("第 {page} 页 共 {total} 页")
}

/// Adds header, footer and watermark to every page.
pub fn decorate(pages: &mut [Page], frame: &PageFrame, pen: Pen<'_>, decoration: &Decoration) {
    let total = pages.len();
    for (index, page) in pages.iter_mut().enumerate() {
        let header_baseline = frame.top() - MARGIN_TEXT_SIZE * 1.2;
        let footer_baseline = frame.bottom() + MARGIN_TEXT_SIZE * 1.8;
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
        items.push(pen.centred(
            frame.centre_x(),
            footer_baseline,
            MARGIN_TEXT_SIZE,
            &page_number_text(index + 1, total),
        ));
        page.items.extend(items);
        if decoration.draft {
            page.items.insert(0, watermark(frame, pen));
        }
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
