//! Where a row group breaks across pages. A group fills the space left on the page and goes on
//! under the repeated header of the next: between its rows, or inside a row between lines,
//! never leaving fewer than [`MIN_ROW_LINES`] lines of a cell (or [`MIN_SPAN_LINES`] of a
//! spanning cell) on either side of the break, and never after its last row while its spanning
//! cells go on (the next page would show their text beside empty cells). When no break on the
//! page keeps to that, the group moves to the next page; only a group that cannot keep to it
//! even on a page of its own is cut where the page ends.

use super::RowGroup;
use super::layout::{GroupLines, Part, TableLayout};
use crate::report::flow::Flow;

/// The fewest lines of a row's cell on either side of a page break inside the row: a split
/// leaving one or two lines alone (an orphan or a widow) moves the row whole instead.
pub const MIN_ROW_LINES: usize = 3;

/// The fewest lines of a spanning cell (a problem's text beside its measures) on either side
/// of a page break.
pub const MIN_SPAN_LINES: usize = 3;

/// A place in a group: `row` rows complete and `line` lines of the next one placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Cursor {
    /// Rows complete.
    pub row: usize,
    /// Lines of the next row placed.
    pub line: usize,
}

impl Cursor {
    /// The start of a group.
    pub const START: Self = Self { row: 0, line: 0 };
}

/// Where the part of a group on the current page ends.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Cut {
    /// The place after the part.
    pub end: Cursor,
    /// The part's height, its last row grown where the spanning cells need more lines.
    pub height: f32,
    /// Whether the group ends with this part.
    pub last: bool,
}

/// Whether a cell of `lines` lines may break after `before` of them, keeping `least` on
/// each side.
fn split_ok(lines: usize, before: usize, least: usize) -> bool {
    before == 0 || before >= lines || (before >= least && lines - before >= least)
}

/// The choices met while looking for a cut: the last that keeps the rules, the last that fits,
/// and the first of all.
#[derive(Default)]
struct Choices {
    kept: Option<Cut>,
    fitting: Option<Cut>,
    first: Option<Cut>,
}

impl TableLayout<'_> {
    /// The cut ending the part that starts at `start` (with `span_done` lines of the spanning
    /// cells shown before) in `available` height: the whole rest of the group when it fits with
    /// room for `following` after it, else the lowest break that keeps the rules. `None` when
    /// the group should move to the next page instead; on a `fresh` page (nothing above the
    /// group but the header) there is always a cut.
    pub(super) fn plan_cut(
        &self,
        lines: &GroupLines,
        start: Cursor,
        span_done: usize,
        available: f32,
        following: f32,
        fresh: bool,
    ) -> Option<Cut> {
        let span_total = lines.span_lines();
        let span_left = span_total.saturating_sub(span_done);
        let span_ok = |shown: usize| {
            lines
                .spanning
                .iter()
                .all(|cell| split_ok(cell.len(), shown.min(cell.len()), MIN_SPAN_LINES))
        };
        let fits = |height: f32| height <= available + 0.01;
        let mut choices = Choices::default();
        let note = |cut: Cut, kept: bool, choices: &mut Choices| {
            choices.first.get_or_insert(cut);
            if fits(cut.height) {
                choices.fitting = Some(cut);
                if kept {
                    choices.kept = Some(cut);
                }
            }
        };
        // Heights of the rows placed whole in the part so far.
        let mut complete = 0.0;
        let mut rows_end = None;
        'rows: for row in start.row..lines.rows.len() {
            let from = if row == start.row { start.line } else { 0 };
            let needed = lines.row_lines(row);
            for line in from + 1..=needed {
                let rows_height = complete + self.height_of(line - from);
                let end = if line == needed {
                    Cursor {
                        row: row + 1,
                        line: 0,
                    }
                } else {
                    Cursor { row, line }
                };
                if end.row == lines.rows.len() {
                    // The group's end: its last row grows to show the rest of the spanning text.
                    let height = rows_height.max(self.height_of(span_left));
                    if fits(height) {
                        let cut = Cut {
                            end,
                            height,
                            last: true,
                        };
                        if fits(height + following) {
                            return Some(cut);
                        }
                        note(cut, false, &mut choices);
                        break 'rows;
                    }
                    if fits(rows_height) {
                        rows_end = Some(rows_height);
                    }
                }
                let cut = Cut {
                    end,
                    height: rows_height,
                    last: false,
                };
                if !fits(rows_height) {
                    choices.first.get_or_insert(cut);
                    break 'rows;
                }
                // A break after the last row would carry only the spanning text over, a row
                // beside empty cells: the last row stays with the end of the spanning text.
                let row_ok = end.row < lines.rows.len()
                    && lines.rows[row]
                        .iter()
                        .all(|cell| split_ok(cell.len(), line.min(cell.len()), MIN_ROW_LINES));
                let shown = self.lines_fit(rows_height);
                if span_ok(span_done + shown) {
                    note(cut, row_ok, &mut choices);
                    continue;
                }
                // The spanning cells would break badly here: the part grows (its last row
                // taller) until they break well or end, if the page has the room.
                let grown = (shown + 1..=span_left)
                    .map(|shown| (shown, self.height_of(shown)))
                    .take_while(|(_, height)| fits(*height))
                    .find(|(shown, _)| span_ok(span_done + shown));
                match grown {
                    Some((_, height)) => note(Cut { height, ..cut }, row_ok, &mut choices),
                    None => note(cut, false, &mut choices),
                }
            }
            complete += self.height_of(needed - from);
        }
        if start.row >= lines.rows.len() {
            rows_end = Some(0.0);
        }
        // Every row is placed but the spanning text goes on: the part grows line by line. Such
        // a break leaves the next page the spanning text alone, so it is only taken where even
        // a page of its own cannot hold the rest.
        if let Some(rows_height) = rows_end {
            let end = Cursor {
                row: lines.rows.len(),
                line: 0,
            };
            for extra in self.lines_fit(rows_height) + 1..=span_left {
                let height = self.height_of(extra).max(rows_height);
                let last = extra == span_left;
                let cut = Cut { end, height, last };
                if !fits(height) {
                    choices.first.get_or_insert(cut);
                    break;
                }
                if last && fits(height + following) {
                    return Some(cut);
                }
                note(cut, false, &mut choices);
            }
        }
        choices
            .kept
            .or_else(|| fresh.then_some(choices.fitting.or(choices.first)).flatten())
    }

    /// The part of `lines` from `start` to `cut`, its top at `top`.
    fn part(&self, lines: &GroupLines, start: Cursor, cut: Cut, top: f32, continued: bool) -> Part {
        let mut segments = Vec::new();
        let last_row = cut.end.row.min(lines.rows.len().saturating_sub(1));
        for row in start.row..=last_row {
            let from = if row == start.row { start.line } else { 0 };
            let to = if row == cut.end.row {
                cut.end.line
            } else {
                lines.row_lines(row)
            };
            if to <= from {
                continue;
            }
            let cells = lines.rows[row]
                .iter()
                .map(|cell| cell.iter().skip(from).take(to - from).cloned().collect())
                .collect();
            segments.push((self.height_of(to - from), cells));
        }
        let rows_height: f32 = segments.iter().map(|(height, _)| height).sum();
        let growth = cut.height - rows_height;
        if growth > 0.01 {
            match segments.last_mut() {
                Some(last) => last.0 += growth,
                None => segments.push((growth, Vec::new())),
            }
        }
        Part {
            top,
            continued,
            segments,
        }
    }

    /// Places `group` from the flow's position, over as many pages as it needs, leaving room
    /// for `following` after it on its last page.
    pub(super) fn place_group(&self, flow: &mut Flow, group: &RowGroup, following: f32) {
        let lines = self.group_lines(group);
        let body_top = flow.frame.top() + self.header_height;
        let mut shown = vec![0; lines.spanning.len()];
        let mut start = Cursor::START;
        let mut span_done = 0;
        let mut continued = false;
        loop {
            let fresh = flow.y <= body_top + 0.01;
            let available = flow.frame.bottom() - flow.y;
            let Some(cut) = self.plan_cut(&lines, start, span_done, available, following, fresh)
            else {
                if fresh {
                    // A fresh page always has a cut; stop rather than add pages for ever.
                    return;
                }
                // No break here keeps the rules: the rest of the group moves to the next page.
                self.new_page(flow);
                continue;
            };
            let part = self.part(&lines, start, cut, flow.y, continued);
            span_done += self.lines_fit(part.bottom() - part.top);
            self.close_part(flow, &part, &lines.spanning, &mut shown);
            if cut.last {
                return;
            }
            start = cut.end;
            continued = true;
            self.new_page(flow);
        }
    }
}
