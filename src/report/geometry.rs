//! Page geometry in points (1/72 inch), measured from the page's top-left corner downwards, as
//! documents are laid out; the PDF writer flips to PDF's bottom-up coordinates.

/// Points per millimetre.
pub const PT_PER_MM: f32 = 72.0 / 25.4;

/// `millimetres` in points.
pub fn mm(millimetres: f32) -> f32 {
    millimetres * PT_PER_MM
}

/// A page's size in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageSize {
    /// Width.
    pub width: f32,
    /// Height.
    pub height: f32,
}

impl PageSize {
    /// A4 upright: 210 × 297 mm.
    pub fn a4_portrait() -> Self {
        Self {
            width: mm(210.0),
            height: mm(297.0),
        }
    }

    /// A4 on its side: 297 × 210 mm, for wide tables.
    pub fn a4_landscape() -> Self {
        Self {
            width: mm(297.0),
            height: mm(210.0),
        }
    }
}

/// The blank border around a page's content, in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Margins {
    /// Top.
    pub top: f32,
    /// Right.
    pub right: f32,
    /// Bottom.
    pub bottom: f32,
    /// Left.
    pub left: f32,
}

impl Margins {
    /// GB/T 9704-2012 (党政机关公文格式): top 37 mm, left 28 mm, right 26 mm, bottom 35 mm.
    pub fn official_document() -> Self {
        Self {
            top: mm(37.0),
            right: mm(26.0),
            bottom: mm(35.0),
            left: mm(28.0),
        }
    }

    /// The same margin on every side, in millimetres.
    pub fn uniform_mm(millimetres: f32) -> Self {
        let side = mm(millimetres);
        Self {
            top: side,
            right: side,
            bottom: side,
            left: side,
        }
    }
}

/// A page size with its margins: where content may go.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageFrame {
    /// The paper.
    pub size: PageSize,
    /// The blank border.
    pub margins: Margins,
}

impl PageFrame {
    /// Left edge of the content area.
    pub fn left(&self) -> f32 {
        self.margins.left
    }

    /// Right edge of the content area.
    pub fn right(&self) -> f32 {
        self.size.width - self.margins.right
    }

    /// Top edge of the content area (from the page top).
    pub fn top(&self) -> f32 {
        self.margins.top
    }

    /// Bottom edge of the content area (from the page top).
    pub fn bottom(&self) -> f32 {
        self.size.height - self.margins.bottom
    }

    /// Width of the content area.
    pub fn content_width(&self) -> f32 {
        self.right() - self.left()
    }

    /// Horizontal centre of the content area.
    pub fn centre_x(&self) -> f32 {
        f32::midpoint(self.left(), self.right())
    }
}
