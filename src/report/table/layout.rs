//! Drawing a table: the header row, the parts of row groups (their cells' lines, the spanning
//! cells, the borders), and the vertical rules once per page.

use std::cell::Cell;

use super::widths::break_cell;
use super::{Align, RowGroup, Table};
use crate::report::canvas::{Item, Pen, hline, vline};
use crate::report::flow::{Flow, baseline_in};

/// A piece of a group on one page: rows (or parts of rows) stacked from `top`.
pub(super) struct Part {
    /// Top edge.
    pub top: f32,
    /// Whether the group began on an earlier page.
    pub continued: bool,
    /// Each segment: its height and the lines of each non-spanning cell shown in it.
    pub segments: Vec<(f32, Vec<Vec<String>>)>,
}

impl Part {
    /// Bottom edge.
    pub fn bottom(&self) -> f32 {
        self.top + self.segments.iter().map(|(height, _)| height).sum::<f32>()
    }
}

/// A group's cells broken into lines.
pub(super) struct GroupLines {
    /// The lines of each spanning cell.
    pub spanning: Vec<Vec<String>>,
    /// Each row's cells' lines; a group without rows has one empty row.
    pub rows: Vec<Vec<Vec<String>>>,
}

impl GroupLines {
    /// The lines row `row` needs: its tallest cell's, at least one.
    pub fn row_lines(&self, row: usize) -> usize {
        self.rows
            .get(row)
            .and_then(|cells| cells.iter().map(Vec::len).max())
            .unwrap_or(0)
            .max(1)
    }

    /// The lines the spanning cells need: the tallest one's.
    pub fn span_lines(&self) -> usize {
        self.spanning.iter().map(Vec::len).max().unwrap_or(0)
    }
}

/// Lays a table out into a [`Flow`].
pub(super) struct TableLayout<'a> {
    /// The table laid out.
    pub table: &'a Table,
    /// The pen its text is measured and drawn with.
    pub pen: Pen<'a>,
    /// Each column's left edge and width.
    pub edges: Vec<(f32, f32)>,
    /// The table's left edge.
    pub left: f32,
    /// The table's right edge.
    pub right: f32,
    /// Each column's header broken into lines.
    pub header_lines: Vec<Vec<String>>,
    /// The header row's height.
    pub header_height: f32,
    /// Top of the table's block on the current page (its header row), while its vertical
    /// rules are still to be drawn. The rules are drawn once per page, from the header down to
    /// the last row, instead of once per row group: a ledger of thousands of pages then holds
    /// a tenth of the line items, and the printed rules are the same unbroken lines.
    rules_top: Cell<Option<f32>>,
}

impl<'a> TableLayout<'a> {
    /// The layout of `table` between `left` and `right`, its columns sized.
    pub fn new(table: &'a Table, pen: Pen<'a>, left: f32, right: f32) -> Self {
        let style = &table.style;
        let mut x = left;
        let edges: Vec<(f32, f32)> = table
            .column_widths(pen, right - left)
            .into_iter()
            .map(|width| {
                let edge = (x, width);
                x += width;
                edge
            })
            .collect();
        let header_lines: Vec<Vec<String>> = table
            .columns
            .iter()
            .zip(&edges)
            .map(|(column, &(_, width))| {
                pen.lines(
                    &column.title,
                    style.header_size,
                    (width - 2.0 * style.padding_x).max(1.0),
                )
            })
            .collect();
        let most_lines = header_lines.iter().map(Vec::len).max().unwrap_or(1);
        let header_height = most_lines as f32 * style.line_height + 2.0 * style.padding_y;
        Self {
            table,
            pen,
            edges,
            left,
            right,
            header_lines,
            header_height,
            rules_top: Cell::new(None),
        }
    }

    /// How many lines a cell of `height` holds.
    pub fn lines_fit(&self, height: f32) -> usize {
        let style = &self.table.style;
        let usable = height - 2.0 * style.padding_y;
        if usable < style.line_height {
            0
        } else {
            // A hair of tolerance keeps float rounding from losing a line that fits exactly.
            ((usable + 0.01) / style.line_height).floor() as usize
        }
    }

    /// The height of a cell of `lines` lines.
    pub fn height_of(&self, lines: usize) -> f32 {
        let style = &self.table.style;
        lines as f32 * style.line_height + 2.0 * style.padding_y
    }

    /// `text` of a cell in `column` broken into the column's lines.
    pub fn cell_lines(&self, column: usize, text: &str) -> Vec<String> {
        let style = &self.table.style;
        let (_, width) = self.edges[column];
        let wrap = self.table.columns[column].wrap;
        break_cell(
            self.pen,
            text,
            style.size,
            (width - 2.0 * style.padding_x).max(1.0),
            wrap,
        )
    }

    /// The lines of every cell of `group`.
    pub fn group_lines(&self, group: &RowGroup) -> GroupLines {
        let span = self.table.span_columns;
        let spanning = (0..span)
            .map(|column| {
                let text = group.spanning.get(column).map_or("", String::as_str);
                self.cell_lines(column, text)
            })
            .collect();
        let rows = if group.rows.is_empty() {
            vec![Vec::new()]
        } else {
            group
                .rows
                .iter()
                .map(|row| {
                    (span..self.table.columns.len())
                        .map(|column| {
                            let text = row.get(column - span).map_or("", String::as_str);
                            self.cell_lines(column, text)
                        })
                        .collect()
                })
                .collect()
        };
        GroupLines { spanning, rows }
    }

    /// Draws the header row at the flow's position and moves below it.
    pub fn draw_header(&self, flow: &mut Flow) {
        let style = &self.table.style;
        let top = flow.y;
        let bottom = top + self.header_height;
        let mut items = vec![Item::Rect {
            x: self.left,
            y: top,
            width: self.right - self.left,
            height: self.header_height,
            fill: Some(style.header_fill),
        }];
        for (column, lines) in self.header_lines.iter().enumerate() {
            let (x, width) = self.edges[column];
            // Header text is centred both ways in its cell.
            let text_height = lines.len() as f32 * style.line_height;
            let first_top = top + (self.header_height - text_height) / 2.0;
            for (index, line) in lines.iter().enumerate() {
                let baseline = baseline_in(
                    &self.pen,
                    first_top + index as f32 * style.line_height,
                    style.line_height,
                    style.header_size,
                );
                items.push(
                    self.pen
                        .centred(x + width / 2.0, baseline, style.header_size, line),
                );
            }
        }
        items.push(hline(self.left, self.right, top, style.rule));
        items.push(hline(self.left, self.right, bottom, style.rule));
        flow.page().items.extend(items);
        self.rules_top.set(Some(top));
        flow.y = bottom;
    }

    /// Draws the vertical rules of the table's block on the current page, from its header down
    /// to where the flow stands (the bottom of the last row placed).
    pub fn close_rules(&self, flow: &mut Flow) {
        let Some(top) = self.rules_top.take() else {
            return;
        };
        let bottom = flow.y;
        let rule = self.table.style.rule;
        let items: Vec<Item> = self
            .edges
            .iter()
            .map(|&(x, _)| x)
            .chain(std::iter::once(self.right))
            .map(|x| vline(x, top, bottom, rule))
            .collect();
        flow.page().items.extend(items);
    }

    /// Ends the table's block on this page and repeats the header at the top of the next.
    pub fn new_page(&self, flow: &mut Flow) {
        self.close_rules(flow);
        flow.new_page();
        self.draw_header(flow);
    }

    /// The lines of the label a group carried over shows in the first column: `7（续）` on one
    /// line where the column holds it, else the number over `（续）`.
    fn continued_lines(&self, first: &str) -> Vec<String> {
        let style = &self.table.style;
        let label = Table::continued_label(first);
        let room = self.edges.first().map_or(0.0, |&(_, width)| width) - 2.0 * style.padding_x;
        if self.pen.width(&label, style.size) <= room + 0.01 {
            vec![label]
        } else {
            vec![first.to_owned(), Table::continued_label("")]
        }
    }

    /// One line of a cell of `column` whose line box starts at `top`; `None` for an empty line.
    fn place_line(&self, column: usize, top: f32, line: &str) -> Option<Item> {
        if line.is_empty() {
            return None;
        }
        let style = &self.table.style;
        let (x, width) = self.edges[column];
        let baseline = baseline_in(&self.pen, top, style.line_height, style.size);
        Some(match self.table.columns[column].align {
            Align::Left => self
                .pen
                .text(x + style.padding_x, baseline, style.size, line),
            Align::Centre => self
                .pen
                .centred(x + width / 2.0, baseline, style.size, line),
        })
    }

    /// Draws a part: its segments' text, the spanning cells' next lines (as many as fit), and
    /// the borders. Advances the flow to the part's bottom. `shown` counts the lines of each
    /// spanning cell drawn so far.
    pub fn close_part(
        &self,
        flow: &mut Flow,
        part: &Part,
        spanning: &[Vec<String>],
        shown: &mut [usize],
    ) {
        if part.segments.is_empty() {
            return;
        }
        let style = &self.table.style;
        let span = self.table.span_columns;
        let bottom = part.bottom();
        let mut items = Vec::new();
        let capacity = self.lines_fit(bottom - part.top);
        let line_top = |index: usize| part.top + style.padding_y + index as f32 * style.line_height;
        for (column, lines) in spanning.iter().enumerate() {
            let start = shown[column];
            let end = (start + capacity).min(lines.len());
            for (index, line) in lines[start..end].iter().enumerate() {
                items.extend(self.place_line(column, line_top(index), line));
            }
            shown[column] = end;
        }
        // A group carried over to a new page repeats its first cell（the 序号）， marked 续，so
        // a reader of the printed page knows which problem the rows belong to.
        if part.continued
            && let Some(first) = spanning.first().and_then(|lines| lines.first())
            && shown
                .first()
                .is_some_and(|shown| *shown >= spanning[0].len())
        {
            for (index, line) in self
                .continued_lines(first)
                .iter()
                .take(capacity.max(1))
                .enumerate()
            {
                items.extend(self.place_line(0, line_top(index), line));
            }
        }
        let mut segment_top = part.top;
        let last_segment = part.segments.len() - 1;
        for (segment, (height, cells)) in part.segments.iter().enumerate() {
            for (offset, lines) in cells.iter().enumerate() {
                for (index, line) in lines.iter().enumerate() {
                    let top = segment_top + style.padding_y + index as f32 * style.line_height;
                    items.extend(self.place_line(span + offset, top, line));
                }
            }
            segment_top += height;
            // Rows of a group are separated only in the non-spanning columns; below the last
            // row the part's full-width bottom rule is drawn instead (the same line once).
            if segment < last_segment {
                let rule_left = self.edges.get(span).map_or(self.right, |&(x, _)| x);
                items.push(hline(rule_left, self.right, segment_top, style.rule));
            }
        }
        // The vertical rules come once per page, in `close_rules`.
        items.push(hline(self.left, self.right, bottom, style.rule));
        flow.page().items.extend(items);
        flow.y = bottom;
    }
}
