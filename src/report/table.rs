//! Tables that flow across pages: cells wrap, a row taller than the space left moves to the
//! next page (or, taller than a whole page, splits between lines), the header row repeats at
//! the top of every page, and the first columns of a group may span its several rows (one
//! problem over its measures).

use std::cell::Cell;

use super::canvas::{Item, Pen, hline, vline};
use super::flow::{Flow, baseline_in};

/// Horizontal placement of a column's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Flush left.
    Left,
    /// Centred.
    Centre,
}

/// A column: its header text, relative width and alignment.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Header text.
    pub title: String,
    /// Relative width; the table shares the content width in proportion.
    pub weight: f32,
    /// How cell text is placed.
    pub align: Align,
}

impl Column {
    /// A column with `title`, `weight` and `align`.
    pub fn new(title: &str, weight: f32, align: Align) -> Self {
        Self {
            title: title.to_owned(),
            weight,
            align,
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
    /// The width text may take in `column` when the table spans `content_width`: the column's
    /// share of it less the cell padding. Zero for a column the table does not have.
    pub fn cell_text_width(&self, column: usize, content_width: f32) -> f32 {
        column_edges(&self.columns, 0.0, content_width)
            .get(column)
            .map_or(0.0, |&(_, width)| {
                (width - 2.0 * self.style.padding_x).max(1.0)
            })
    }
}

/// The columns' left edges and widths, filling `left..right` in proportion to their weights.
fn column_edges(columns: &[Column], left: f32, right: f32) -> Vec<(f32, f32)> {
    let total: f32 = columns.iter().map(|column| column.weight).sum();
    let mut x = left;
    columns
        .iter()
        .map(|column| {
            let width = if total > 0.0 {
                (right - left) * column.weight / total
            } else {
                0.0
            };
            let edge = (x, width);
            x += width;
            edge
        })
        .collect()
}

/// A piece of a group on one page: rows (or parts of rows) stacked from `top`.
struct Part {
    top: f32,
    /// Whether the group began on an earlier page.
    continued: bool,
    /// Each segment: its height and the lines of each non-spanning cell shown in it.
    segments: Vec<(f32, Vec<Vec<String>>)>,
}

impl Part {
    fn bottom(&self) -> f32 {
        self.top + self.segments.iter().map(|(height, _)| height).sum::<f32>()
    }
}

/// Lays tables out into a [`Flow`].
struct TableLayout<'a> {
    table: &'a Table,
    pen: Pen<'a>,
    edges: Vec<(f32, f32)>,
    left: f32,
    right: f32,
    header_lines: Vec<Vec<String>>,
    header_height: f32,
    /// Top of the table's block on the current page (its header row), while its vertical
    /// rules are still to be drawn. The rules are drawn once per page, from the header down to
    /// the last row, instead of once per row group: a ledger of thousands of pages then holds
    /// a tenth of the line items, and the printed rules are the same unbroken lines.
    rules_top: Cell<Option<f32>>,
}

impl TableLayout<'_> {
    fn lines_fit(&self, height: f32) -> usize {
        let style = &self.table.style;
        let usable = height - 2.0 * style.padding_y;
        if usable < style.line_height {
            0
        } else {
            // A hair of tolerance keeps float rounding from losing a line that fits exactly.
            ((usable + 0.01) / style.line_height).floor() as usize
        }
    }

    fn height_of(&self, lines: usize) -> f32 {
        let style = &self.table.style;
        lines as f32 * style.line_height + 2.0 * style.padding_y
    }

    fn cell_lines(&self, column: usize, text: &str) -> Vec<String> {
        let style = &self.table.style;
        let (_, width) = self.edges[column];
        self.pen
            .lines(text, style.size, (width - 2.0 * style.padding_x).max(1.0))
    }

    fn draw_header(&self, flow: &mut Flow) {
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
    fn close_rules(&self, flow: &mut Flow) {
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

    fn new_page(&self, flow: &mut Flow) {
        self.close_rules(flow);
        flow.new_page();
        self.draw_header(flow);
    }

    fn place_line(&self, column: usize, top: f32, line: &str) -> Item {
        let style = &self.table.style;
        let (x, width) = self.edges[column];
        let baseline = baseline_in(&self.pen, top, style.line_height, style.size);
        match self.table.columns[column].align {
            Align::Left => self
                .pen
                .text(x + style.padding_x, baseline, style.size, line),
            Align::Centre => self
                .pen
                .centred(x + width / 2.0, baseline, style.size, line),
        }
    }

    /// Draws a part: its segments' text, the spanning cells' next lines (as many as fit), and
    /// the borders. Advances the flow to the part's bottom.
    fn close_part(
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
        for (column, lines) in spanning.iter().enumerate() {
            let start = shown[column];
            let end = (start + capacity).min(lines.len());
            for (index, line) in lines[start..end].iter().enumerate() {
                let top = part.top + style.padding_y + index as f32 * style.line_height;
                items.push(self.place_line(column, top, line));
            }
            shown[column] = end;
        }
        // A group carried over to a new page repeats its first cell (the 序号), marked 续, so
        // a reader of the printed page knows which problem the rows belong to.
        if part.continued
            && let Some(first) = spanning.first().and_then(|lines| lines.first())
            && shown
                .first()
                .is_some_and(|shown| *shown >= spanning[0].len())
        {
            let top = part.top + style.padding_y;
            items.push(self.place_line(0, top, &format!("{first}（续）")));
        }
        let mut segment_top = part.top;
        let last_segment = part.segments.len() - 1;
        for (segment, (height, cells)) in part.segments.iter().enumerate() {
            for (offset, lines) in cells.iter().enumerate() {
                for (index, line) in lines.iter().enumerate() {
                    let top = segment_top + style.padding_y + index as f32 * style.line_height;
                    items.push(self.place_line(span + offset, top, line));
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

    fn place_group(&self, flow: &mut Flow, group: &RowGroup) {
        let span = self.table.span_columns;
        let body_top = flow.frame.top() + self.header_height;
        let spanning: Vec<Vec<String>> = (0..span)
            .map(|column| {
                let text = group.spanning.get(column).map_or("", String::as_str);
                self.cell_lines(column, text)
            })
            .collect();
        let mut shown = vec![0; span];
        let mut part = Part {
            top: flow.y,
            continued: false,
            segments: Vec::new(),
        };
        let rows: Vec<Vec<Vec<String>>> = if group.rows.is_empty() {
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
        let page_lines = self.lines_fit(flow.frame.bottom() - body_top);
        // Keep a group that fits on a page together: if it does not fit in the space left,
        // it starts on the next page instead of being split.
        let rows_height: f32 = rows
            .iter()
            .map(|cells| self.height_of(cells.iter().map(Vec::len).max().unwrap_or(0).max(1)))
            .sum();
        let spanning_height = self.height_of(spanning.iter().map(Vec::len).max().unwrap_or(0));
        let group_height = rows_height.max(spanning_height);
        if group_height > flow.frame.bottom() - flow.y
            && group_height <= flow.frame.bottom() - body_top
            && flow.y > body_top + 0.01
        {
            self.new_page(flow);
            part.top = flow.y;
        }
        for cells in &rows {
            let needed = cells.iter().map(Vec::len).max().unwrap_or(0).max(1);
            // The first row also carries the spanning cells' first lines: keep a problem's
            // first line with its first measure.
            let mut done = 0;
            while done < needed {
                let available = self.lines_fit(flow.frame.bottom() - part.bottom());
                let rest = needed - done;
                let at_fresh_page = part.segments.is_empty() && part.top <= body_top + 0.01;
                let take = if rest <= available {
                    rest
                } else if rest <= page_lines && !at_fresh_page {
                    // The row fits on a page of its own: move it whole rather than split it.
                    0
                } else if at_fresh_page {
                    // Even an empty page cannot hold one line (an absurd style): place one line
                    // anyway rather than loop for ever.
                    available.max(1)
                } else {
                    available
                };
                if take == 0 {
                    self.close_part(flow, &part, &spanning, &mut shown);
                    self.new_page(flow);
                    part = Part {
                        top: flow.y,
                        continued: shown.iter().any(|shown| *shown > 0),
                        segments: Vec::new(),
                    };
                    continue;
                }
                let slice: Vec<Vec<String>> = cells
                    .iter()
                    .map(|lines| {
                        lines
                            .iter()
                            .skip(done)
                            .take(take)
                            .cloned()
                            .collect::<Vec<_>>()
                    })
                    .collect();
                part.segments.push((self.height_of(take), slice));
                done += take;
            }
        }
        // Spanning text longer than its rows: grow the last row, page by page if need be.
        loop {
            let needed = spanning
                .iter()
                .zip(&shown)
                .map(|(lines, shown)| lines.len() - shown)
                .max()
                .unwrap_or(0);
            let capacity = self.lines_fit(part.bottom() - part.top);
            if needed <= capacity {
                break;
            }
            let grow_to = self.height_of(needed).min(flow.frame.bottom() - part.top);
            let growth = grow_to - (part.bottom() - part.top);
            if growth > 0.01 {
                if let Some(last) = part.segments.last_mut() {
                    last.0 += growth;
                } else {
                    part.segments.push((growth, Vec::new()));
                }
            }
            let at_fresh_page = part.top <= body_top + 0.01;
            let capacity = self.lines_fit(part.bottom() - part.top);
            if capacity >= needed || (at_fresh_page && capacity == 0) {
                break;
            }
            self.close_part(flow, &part, &spanning, &mut shown);
            self.new_page(flow);
            part = Part {
                top: flow.y,
                continued: true,
                segments: Vec::new(),
            };
        }
        self.close_part(flow, &part, &spanning, &mut shown);
    }
}

/// Lays `table` out into `flow` from its current position across the content width, starting
/// a new page first when not even the header and one line fit.
pub fn place_table(flow: &mut Flow, pen: Pen<'_>, table: &Table) {
    let left = flow.frame.left();
    let right = flow.frame.right();
    let edges = column_edges(&table.columns, left, right);
    let style = &table.style;
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
    let layout = TableLayout {
        table,
        pen,
        edges,
        left,
        right,
        header_lines,
        header_height,
        rules_top: Cell::new(None),
    };
    flow.ensure(header_height + layout.height_of(1));
    layout.draw_header(flow);
    for group in &table.groups {
        layout.place_group(flow, group);
    }
    layout.close_rules(flow);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::canvas::{Item, Page};
    use crate::report::font::FontMetrics;
    use crate::report::geometry::{Margins, PageFrame, PageSize};

    fn frame() -> PageFrame {
        PageFrame {
            size: PageSize::a4_portrait(),
            margins: Margins::uniform_mm(20.0),
        }
    }

    fn table(groups: Vec<RowGroup>) -> Table {
        Table {
            columns: vec![
                Column::new("序号", 1.0, Align::Centre),
                Column::new("问题表现", 4.0, Align::Left),
                Column::new("整改措施", 4.0, Align::Left),
                Column::new("状态", 1.5, Align::Centre),
            ],
            span_columns: 2,
            groups,
            style: TableStyle::compact(10.0),
        }
    }

    fn group(number: usize, problem: &str, measures: &[&str]) -> RowGroup {
        RowGroup {
            spanning: vec![number.to_string(), problem.to_owned()],
            rows: measures
                .iter()
                .map(|measure| vec![(*measure).to_owned(), "整改中".to_owned()])
                .collect(),
        }
    }

    /// Checks that everything drawn lies inside the content area.
    fn assert_inside(page: &Page, frame: &PageFrame, metrics: &FontMetrics) {
        for item in &page.items {
            match item {
                Item::Text {
                    x,
                    baseline,
                    size,
                    width,
                    text,
                    ..
                } => {
                    assert!(
                        *x >= frame.left() - 0.01,
                        "{text} starts left of the margin"
                    );
                    assert!(
                        x + width <= frame.right() + 0.01,
                        "{text} passes the margin"
                    );
                    assert!(
                        baseline - metrics.ascent(*size) >= frame.top() - 0.01,
                        "{text}"
                    );
                    assert!(
                        baseline + metrics.descent(*size) <= frame.bottom() + 0.01,
                        "{text}"
                    );
                }
                Item::Line { y1, y2, .. } => {
                    assert!(*y1 >= frame.top() - 0.01 && *y2 <= frame.bottom() + 0.01);
                }
                Item::Rect { y, height, .. } => {
                    assert!(*y >= frame.top() - 0.01 && y + height <= frame.bottom() + 0.01);
                }
                _ => {}
            }
        }
    }

    #[test]
    fn rows_flow_over_pages_with_the_header_on_each() {
        let metrics = FontMetrics::bundled().unwrap();
        let pen = Pen {
            metrics: &metrics,
            face: 0,
        };
        let problem = "窗口工作人员对即办件不能在窗口立即办理，群众反映需要多次往返";
        let groups: Vec<RowGroup> = (1..=120)
            .map(|number| {
                group(
                    number,
                    problem,
                    &["推行一次性告知制度，编制办事指南", "开展窗口业务培训"],
                )
            })
            .collect();
        let mut flow = Flow::new(frame());
        place_table(&mut flow, pen, &table(groups));
        assert!(flow.pages.len() > 3, "{} pages", flow.pages.len());
        let mut numbers = Vec::new();
        let mut continued = 0;
        for page in &flow.pages {
            let texts: Vec<&str> = page.texts().collect();
            assert_eq!(texts[..4], ["序号", "问题表现", "整改措施", "状态"]);
            assert_inside(page, &flow.frame, &metrics);
            for text in texts {
                if let Ok(number) = text.parse::<usize>() {
                    numbers.push(number);
                } else if let Some(number) = text.strip_suffix("（续）") {
                    // A group carried over repeats its number, marked 续.
                    assert_eq!(numbers.last(), number.parse().ok().as_ref());
                    continued += 1;
                }
            }
        }
        // Every group fits on a page, so none is split: each starts on a fresh page instead.
        assert_eq!(continued, 0);
        // Every group appears, in order: none lost or repeated at page breaks.
        assert_eq!(numbers, (1..=120).collect::<Vec<_>>());
    }

    #[test]
    fn a_row_taller_than_a_page_is_split_between_lines() {
        let metrics = FontMetrics::bundled().unwrap();
        let pen = Pen {
            metrics: &metrics,
            face: 0,
        };
        let long = "落实首问负责制".repeat(200);
        let mut flow = Flow::new(frame());
        place_table(&mut flow, pen, &table(vec![group(1, "问题", &[&long])]));
        assert!(flow.pages.len() >= 2);
        let mut rejoined = String::new();
        for page in &flow.pages {
            assert_inside(page, &flow.frame, &metrics);
            assert_eq!(page.texts().next(), Some("序号"));
            for text in page
                .texts()
                .filter(|text| text.chars().all(|ch| "落实首问负责制".contains(ch)))
            {
                rejoined.push_str(text);
            }
        }
        assert_eq!(rejoined, long);
        // The pages after the first say which problem the rows belong to.
        for page in &flow.pages[1..] {
            assert!(page.texts().any(|text| text == "1（续）"));
        }
    }

    #[test]
    fn a_long_spanning_cell_grows_its_group_instead_of_being_clipped() {
        let metrics = FontMetrics::bundled().unwrap();
        let pen = Pen {
            metrics: &metrics,
            face: 0,
        };
        let problem = "服务意识淡漠".repeat(40);
        let mut flow = Flow::new(frame());
        place_table(
            &mut flow,
            pen,
            &table(vec![
                group(1, &problem, &["短"]),
                group(2, "下一个问题", &["措施"]),
            ]),
        );
        let page = &flow.pages[0];
        let problem_lines: Vec<&str> = page.texts().filter(|t| t.contains("淡漠")).collect();
        assert_eq!(problem_lines.concat(), problem);
        // The next group starts below the last line of the long problem.
        let baseline_of = |wanted: &str| {
            page.items.iter().find_map(|item| match item {
                Item::Text { text, baseline, .. } if text.contains(wanted) => Some(*baseline),
                _ => None,
            })
        };
        let last_problem_line = page
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Text { text, baseline, .. } if text.contains("淡漠") => Some(*baseline),
                _ => None,
            })
            .fold(0.0_f32, f32::max);
        assert!(baseline_of("下一个问题").unwrap() > last_problem_line);
    }
}
