//! A document as positioned drawing items (text runs, lines, rectangles), independent of the
//! PDF library, so layout can be tested by looking at where things landed.

use super::font::FontMetrics;
use super::geometry::PageSize;

/// A grey level from 0 (black) to 1 (white).
pub type Grey = f32;

/// One thing drawn on a page. Coordinates are points from the page's top-left corner.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A line of text whose baseline starts at (`x`, `baseline`).
    Text {
        /// Left edge.
        x: f32,
        /// Baseline, from the page top.
        baseline: f32,
        /// Font size in points.
        size: f32,
        /// The text (one line, no newline).
        text: String,
        /// Its measured width, for alignment checks.
        width: f32,
        /// Fill colour.
        grey: Grey,
        /// The font face (an index into the document's [`FontSet`](super::fonts::FontSet)).
        face: usize,
    },
    /// Text turned `degrees` anticlockwise around its start: the draft watermark.
    RotatedText {
        /// Start x.
        x: f32,
        /// Start baseline, from the page top.
        baseline: f32,
        /// Font size in points.
        size: f32,
        /// Anticlockwise rotation in degrees.
        degrees: f32,
        /// The text.
        text: String,
        /// Fill colour.
        grey: Grey,
        /// The font face.
        face: usize,
    },
    /// A straight line.
    Line {
        /// Start x.
        x1: f32,
        /// Start y, from the page top.
        y1: f32,
        /// End x.
        x2: f32,
        /// End y, from the page top.
        y2: f32,
        /// Stroke width in points.
        thickness: f32,
    },
    /// A rectangle, filled or outlined.
    Rect {
        /// Left edge.
        x: f32,
        /// Top edge, from the page top.
        y: f32,
        /// Width.
        width: f32,
        /// Height.
        height: f32,
        /// Fill grey, or `None` to outline it.
        fill: Option<Grey>,
    },
    /// A block of filled unit squares (a QR code): `modules[row][column]` dark or light.
    Modules {
        /// Left edge.
        x: f32,
        /// Top edge, from the page top.
        y: f32,
        /// Side of one module in points.
        module: f32,
        /// Rows of dark (`true`) and light modules.
        modules: Vec<Vec<bool>>,
        /// Fill grey of the dark modules (0.0 is black).
        grey: Grey,
    },
}

/// One page of items.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// The paper size.
    pub size: PageSize,
    /// What is drawn, in painting order.
    pub items: Vec<Item>,
}

impl Page {
    /// An empty page.
    pub fn new(size: PageSize) -> Self {
        Self {
            size,
            items: Vec::new(),
        }
    }

    /// Every text run's text, in painting order (for tests and checks).
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        self.items.iter().filter_map(|item| match item {
            Item::Text { text, .. } => Some(text.as_str()),
            _ => None,
        })
    }
}

/// A laid-out document: a title for the PDF's metadata and its pages.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The PDF title.
    pub title: String,
    /// The pages, in order.
    pub pages: Vec<Page>,
}

/// Text drawing helpers bound to one font face and its metrics.
#[derive(Debug, Clone, Copy)]
pub struct Pen<'font> {
    /// The metrics text is measured with.
    pub metrics: &'font FontMetrics,
    /// The face the text is drawn with (an index into the document's font set).
    pub face: usize,
}

impl Pen<'_> {
    /// A black text run starting at `x`.
    pub fn text(&self, x: f32, baseline: f32, size: f32, text: &str) -> Item {
        Item::Text {
            x,
            baseline,
            size,
            text: text.to_owned(),
            width: self.metrics.text_width(text, size),
            grey: 0.0,
            face: self.face,
        }
    }

    /// A black text run centred on `centre_x`.
    pub fn centred(&self, centre_x: f32, baseline: f32, size: f32, text: &str) -> Item {
        let width = self.metrics.text_width(text, size);
        self.text(centre_x - width / 2.0, baseline, size, text)
    }

    /// A black text run ending at `right`.
    pub fn right_aligned(&self, right: f32, baseline: f32, size: f32, text: &str) -> Item {
        let width = self.metrics.text_width(text, size);
        self.text(right - width, baseline, size, text)
    }

    /// The width of `text` at `size`.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        self.metrics.text_width(text, size)
    }

    /// Breaks `text` into lines no wider than `max_width` at `size`.
    pub fn lines(&self, text: &str, size: f32, max_width: f32) -> Vec<String> {
        super::linebreak::break_lines(text, max_width, |ch| self.metrics.char_width(ch, size))
    }
}

/// A horizontal line from `x1` to `x2` at `y`.
pub fn hline(x1: f32, x2: f32, y: f32, thickness: f32) -> Item {
    Item::Line {
        x1,
        y1: y,
        x2,
        y2: y,
        thickness,
    }
}

/// A vertical line from `y1` to `y2` at `x`.
pub fn vline(x: f32, y1: f32, y2: f32, thickness: f32) -> Item {
    Item::Line {
        x1: x,
        y1,
        x2: x,
        y2,
        thickness,
    }
}
