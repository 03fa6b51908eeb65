//! The prose of the reports: body paragraphs, the first-line indent and numbered headings.

use crate::report::canvas::Pen;
use crate::report::flow::{Flow, ParagraphStyle};
use crate::report::geometry::PageFrame;

/// Body text size of the reports.
pub const BODY_SIZE: f32 = 11.0;

/// Two ideographic spaces: the first-line indent of Chinese prose.
pub const INDENT: &str = "\u{3000}\u{3000}";

/// A body paragraph across the content width of `frame`.
pub fn body(frame: &PageFrame) -> ParagraphStyle {
    ParagraphStyle {
        size: BODY_SIZE,
        line_height: BODY_SIZE * 1.7,
        left: frame.left(),
        right: frame.right(),
    }
}

/// A numbered heading (一、总体情况 …), kept on the page with at least three lines of what
/// follows it.
pub fn heading(flow: &mut Flow, pen: Pen<'_>, text: &str) {
    let style = ParagraphStyle {
        size: 13.0,
        ..body(&flow.frame)
    };
    flow.ensure(style.line_height * 4.0);
    flow.advance(4.0);
    flow.paragraph(&pen, text, style);
}
