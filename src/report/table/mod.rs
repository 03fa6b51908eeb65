//! Tables that flow across pages: cells wrap, columns take their widths from what they hold
//! (or a fixed share), the header row repeats at the top of every page, and the first columns
//! of a group may span its several rows (one problem over its measures). A row taller than the
//! space left on a page is split between lines and continues under the repeated header; a
//! split that would leave only a line or two on either side moves the row whole instead.
//!
//! Parts: [`widths`] (column widths and cell wrapping), `balance` (widths that keep rows
//! short), `layout` (drawing the header, the
//! cells and the rules), `paginate` (where a group breaks across pages).

mod balance;
mod layout;
mod paginate;
pub mod widths;

#[cfg(test)]
mod tests;

use super::canvas::Pen;
use super::flow::Flow;
use layout::TableLayout;
use paginate::Cursor;

pub use paginate::{MIN_ROW_LINES, MIN_SPAN_LINES};
pub use widths::{LIST_SEPARATORS, NAME_SEPARATORS};

/// Horizontal placement of a column's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Flush left.
    Left,
    /// Centred.
    Centre,
}

/// How a column gets its width.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Sizing {
    /// A share of the table's width in proportion to the column's weight, whatever it holds.
    Share,
    /// As wide as what it holds: at least its widest run that must not break (a name, a date,
    /// a document number) and, where the page allows, its widest line, but never wider than
    /// `max_em` characters of cell text.
    Content {
        /// The widest the column's text may be, in ems of the cell size.
        max_em: f32,
    },
    /// What the other columns leave, shared among such columns in proportion to their weight;
    /// at least `floor_em` characters of cell text when the page allows.
    Fill {
        /// The narrowest comfortable width of the text, in ems of the cell size.
        floor_em: f32,
    },
    /// Exactly this width in points, padding included.
    Fixed(f32),
}

/// How a cell's text breaks into lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wrap {
    /// Wherever Unicode line breaking allows, keeping dates and document numbers whole.
    Prose,
    /// Parts ended by one of the `separators` (or a run of them with spaces, such as ` / `)
    /// each stay whole where the column can hold them: a division and a person's name, a list
    /// of numbers, a category and its item. A part wider than the column breaks as prose, and
    /// the next part then starts a line of its own.
    Parts {
        /// The characters that end a part.
        separators: &'static str,
    },
}

/// A column: its header text, width and alignment, and how its cells wrap.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Header text.
    pub title: String,
    /// Relative width: the column's share under [`Sizing::Share`], its share of what is left
    /// under [`Sizing::Fill`].
    pub weight: f32,
    /// How cell text is placed.
    pub align: Align,
    /// How the column gets its width.
    pub sizing: Sizing,
    /// How its cells wrap.
    pub wrap: Wrap,
}

impl Column {
    /// A column with `title` taking a `weight` share of the table's width, its text placed by
    /// `align`.
    pub fn new(title: &str, weight: f32, align: Align) -> Self {
        Self {
            title: title.to_owned(),
            weight,
            align,
            sizing: Sizing::Share,
            wrap: Wrap::Prose,
        }
    }

    /// A column as wide as what it holds, up to `max_em` characters of text.
    pub fn content(title: &str, align: Align, max_em: f32) -> Self {
        Self {
            sizing: Sizing::Content { max_em },
            ..Self::new(title, 1.0, align)
        }
    }

    /// A column taking a `weight` share of the width the others leave, at least `floor_em`
    /// characters of text where the page allows.
    pub fn fill(title: &str, weight: f32, align: Align, floor_em: f32) -> Self {
        Self {
            sizing: Sizing::Fill { floor_em },
            ..Self::new(title, weight, align)
        }
    }

    /// The column with its cells wrapped by [`Wrap::Parts`], a part ending at any of
    /// `separators`.
    #[must_use]
    pub fn keeping_parts(self, separators: &'static str) -> Self {
        Self {
            wrap: Wrap::Parts { separators },
            ..self
        }
    }
}

/// A group of rows whose first [`Table::span_columns`] cells span all of them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RowGroup {
    /// Text of the spanning cells, one per spanning column.
    pub spanning: Vec<String>,
    /// The rows: text of the remaining cells, one per column after the spanning ones.
    pub rows: Vec<Vec<String>>,
}

/// Sizes of a table's text and cells.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TableStyle {
    /// Cell font size in points.
    pub size: f32,
    /// Header font size in points.
    pub header_size: f32,
    /// Distance between baselines inside a cell.
    pub line_height: f32,
    /// Space between a cell's border and its text, left and right.
    pub padding_x: f32,
    /// Space between a cell's border and its text, top and bottom.
    pub padding_y: f32,
    /// Border thickness.
    pub rule: f32,
    /// Grey of the header background.
    pub header_fill: f32,
}

impl TableStyle {
    /// A compact style at `size` points.
    pub fn compact(size: f32) -> Self {
        Self {
            size,
            header_size: size,
            line_height: size * 1.4,
            padding_x: size * 0.6,
            padding_y: size * 0.3,
            rule: 0.5,
            header_fill: 0.88,
        }
    }
}

/// A table to lay out.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The columns, left to right.
    pub columns: Vec<Column>,
    /// How many leading columns span each group's rows.
    pub span_columns: usize,
    /// The row groups, top to bottom.
    pub groups: Vec<RowGroup>,
    /// The sizes.
    pub style: TableStyle,
}

impl Table {
    /// The width text may take in `column` when the table spans `content_width` and every
    /// column takes its [`Sizing::Share`] (a fixed column its width): the column's width less
    /// the cell padding. Zero for a column the table does not have. Columns sized by content
    /// need the pen: see [`Table::column_widths`].
    pub fn cell_text_width(&self, column: usize, content_width: f32) -> f32 {
        widths::share_widths(&self.columns, content_width)
            .get(column)
            .map_or(0.0, |&width| (width - 2.0 * self.style.padding_x).max(1.0))
    }

    /// Each column's width, padding included, when the table spans `content_width` and its
    /// text is measured with `pen`.
    pub fn column_widths(&self, pen: Pen<'_>, content_width: f32) -> Vec<f32> {
        widths::column_widths(self, pen, content_width)
    }

    /// The text of the first spanning cell of a group carried over to a new page: its number,
    /// marked 续，so a reader of the printed page knows which problem the rows belong to.
    pub fn continued_label(first: &str) -> String {
        format!("{first}（续）")
    }
}

/// Lays `table` out into `flow` from its current position across the content width, starting
/// a new page first when not even the header and the first rows that may stand alone fit.
pub fn place_table(flow: &mut Flow, pen: Pen<'_>, table: &Table) {
    place_table_before(flow, pen, table, 0.0);
}

/// [`place_table`] for a table that a block of `following` height must follow on the same
/// page (a closing block): when the last group would leave too little room for it, the group
/// breaks where it may so that its last rows go over with the block, or moves whole. The block
/// itself is the caller's to place.
pub fn place_table_before(flow: &mut Flow, pen: Pen<'_>, table: &Table, following: f32) {
    let left = flow.frame.left();
    let right = flow.frame.right();
    let layout = TableLayout::new(table, pen, left, right);
    // The header and the first group's first part stay together: a header alone at the foot
    // of a page tells the reader nothing.
    if let Some(first) = table.groups.first() {
        let lines = layout.group_lines(first);
        let available = flow.remaining() - layout.header_height;
        let following = if table.groups.len() == 1 {
            following
        } else {
            0.0
        };
        if !flow.at_page_top()
            && layout
                .plan_cut(&lines, Cursor::START, 0, available, following, false)
                .is_none()
        {
            flow.new_page();
        }
    } else {
        flow.ensure(layout.header_height + layout.height_of(1));
    }
    layout.draw_header(flow);
    let last = table.groups.len().saturating_sub(1);
    for (index, group) in table.groups.iter().enumerate() {
        let following = if index == last { following } else { 0.0 };
        layout.place_group(flow, group, following);
    }
    layout.close_rules(flow);
}
