//! The prose of the reports: body paragraphs, the first-line indent and numbered headings, in
//! two sets of sizes: the compact one of the 各单位整改情况汇总报告，and the GB/T 9704-2012 one of
//! official documents（the 整改承诺书 and the 整改进展情况报告）： A4 with the official margins,
//! 三号 (16 pt) text at 22 lines to the type area, 二号 (22 pt) titles.

use crate::report::canvas::Pen;
use crate::report::flow::{Flow, ParagraphStyle};
use crate::report::geometry::{Margins, PageFrame, PageSize, mm};

/// Body text size of the compact reports.
pub const BODY_SIZE: f32 = 11.0;

/// Two ideographic spaces: the first-line indent of Chinese prose.
pub const INDENT: &str = "\u{3000}\u{3000}";

/// Body size of official documents（三号）.
pub const OFFICIAL_SIZE: f32 = 16.0;

/// Title size of official documents（二号）.
pub const OFFICIAL_TITLE_SIZE: f32 = 22.0;

/// GB/T 9704 sets 22 lines on the 225 mm type area: one line every 225/22 mm.
pub const OFFICIAL_LINE_MM: f32 = 225.0 / 22.0;

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

/// The page of an official document: A4 portrait with the GB/T 9704 margins.
pub fn official_frame() -> PageFrame {
    PageFrame {
        size: PageSize::a4_portrait(),
        margins: Margins::official_document(),
    }
}

/// A body paragraph of an official document across the content width of `frame`.
pub fn official_body(frame: &PageFrame) -> ParagraphStyle {
    ParagraphStyle {
        size: OFFICIAL_SIZE,
        line_height: mm(OFFICIAL_LINE_MM),
        left: frame.left(),
        right: frame.right(),
    }
}

/// A heading of an official document at body size, indented like a paragraph: first-level
/// ones（一、）with the 黑体 pen, second-level ones（（一））with the 楷体 pen. It is kept on the
/// page with at least two lines of what follows it.
pub fn official_heading(flow: &mut Flow, pen: Pen<'_>, text: &str) {
    let style = official_body(&flow.frame);
    flow.ensure(style.line_height * 3.0);
    flow.paragraph(&pen, &format!("{INDENT}{text}"), style);
}
