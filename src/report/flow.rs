//! Flowing content down pages: a cursor that knows the content area, starts a new page when the
//! next block does not fit, and places paragraphs line by line.

use super::canvas::{Page, Pen};
use super::geometry::PageFrame;

/// Where the next block goes, and the pages so far.
#[derive(Debug, Clone)]
pub struct Flow {
    /// The page size and margins every page shares.
    pub frame: PageFrame,
    /// The pages laid out so far; the last is the current one.
    pub pages: Vec<Page>,
    /// The top of the free space on the current page, from the page top.
    pub y: f32,
}

impl Flow {
    /// A flow with one empty page.
    pub fn new(frame: PageFrame) -> Self {
        Self {
            frame,
            pages: vec![Page::new(frame.size)],
            y: frame.top(),
        }
    }

    /// The current page.
    pub fn page(&mut self) -> &mut Page {
        if self.pages.is_empty() {
            self.pages.push(Page::new(self.frame.size));
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Starts a new page and moves to its top.
    pub fn new_page(&mut self) {
        self.pages.push(Page::new(self.frame.size));
        self.y = self.frame.top();
    }

    /// The free height left on the current page.
    pub fn remaining(&self) -> f32 {
        self.frame.bottom() - self.y
    }

    /// Whether the cursor is at the top of a page (nothing placed yet).
    pub fn at_page_top(&self) -> bool {
        self.y <= self.frame.top()
    }

    /// Makes room for a block of `height`: a new page unless it fits here or the page is empty
    /// (a block taller than a page is placed anyway and the caller splits it).
    pub fn ensure(&mut self, height: f32) {
        if height > self.remaining() && !self.at_page_top() {
            self.new_page();
        }
    }

    /// Moves down by `height`.
    pub fn advance(&mut self, height: f32) {
        self.y += height;
    }

    /// Places `text` as a paragraph between `left` and `right`, breaking pages between lines.
    /// (Chinese prose indents its first line by starting it with two ideographic spaces.)
    /// Returns the lines placed.
    pub fn paragraph(&mut self, pen: &Pen<'_>, text: &str, style: ParagraphStyle) -> usize {
        let ParagraphStyle {
            size,
            line_height,
            left,
            right,
        } = style;
        let lines = pen.lines(text, size, right - left);
        for line in &lines {
            self.ensure(line_height);
            let baseline = baseline_in(pen, self.y, line_height, size);
            self.page().items.push(pen.text(left, baseline, size, line));
            self.advance(line_height);
        }
        lines.len()
    }
}

/// How a paragraph is set.
#[derive(Debug, Clone, Copy)]
pub struct ParagraphStyle {
    /// Font size in points.
    pub size: f32,
    /// Distance between baselines.
    pub line_height: f32,
    /// Left edge.
    pub left: f32,
    /// Right edge.
    pub right: f32,
}

/// The baseline of a line of `size` text centred vertically in a line box of `line_height`
/// whose top is at `top`.
pub fn baseline_in(pen: &Pen<'_>, top: f32, line_height: f32, size: f32) -> f32 {
    let ascent = pen.metrics.ascent(size);
    let descent = pen.metrics.descent(size);
    top + (line_height - (ascent + descent)) / 2.0 + ascent
}
