//! Column widths that keep rows short. A row is as tall as its tallest cell, so width given to
//! a column whose cells are already shorter than their neighbours' buys nothing: the widths
//! from the columns' needs are refined by moving width, half a character at a time, from one
//! column to another while that shortens the table, each column staying within its bounds
//! (never narrower than its widest unbreakable run). Line counts are estimated from the text's
//! measured width, which is close for Chinese text that may break between any characters;
//! a long table is sampled evenly.

use std::collections::HashMap;

use super::widths::parts;
use super::{Table, Wrap};
use crate::report::canvas::Pen;

/// The width moved at each step, in ems of the cell size.
const STEP_EM: f32 = 0.5;

/// The most groups measured: a longer table is sampled evenly.
const SAMPLE_GROUPS: usize = 80;

/// The most steps taken.
const MOST_STEPS: usize = 120;

/// What a line loses on average to breaking (a character that would not fit, a date kept
/// whole), in ems.
const BREAK_SLACK_EM: f32 = 0.4;

/// What a line of any cell costs beside the table's height, in lines of height.
const WRAP_COST: f32 = 0.05;

/// A cell's text as the estimate sees it: for each paragraph, the widths of its parts (a
/// paragraph of prose is one part).
type CellText = Vec<Vec<f32>>;

/// A cell of a group: its column and its index among that column's cells.
type CellRef = (usize, usize);

/// The sampled groups' text, for estimating the table's height at given widths.
struct Model {
    /// Each column's cells.
    cells: Vec<Vec<CellText>>,
    /// Each group's spanning cells and rows.
    groups: Vec<(Vec<CellRef>, Vec<Vec<CellRef>>)>,
    /// A cell's top and bottom padding, in lines.
    padding_lines: f32,
    /// See [`BREAK_SLACK_EM`], in points.
    slack: f32,
    /// Each column's horizontal padding, both sides.
    padding_x: f32,
}

impl Model {
    fn new(table: &Table, pen: Pen<'_>) -> Self {
        let style = &table.style;
        let span = table.span_columns;
        let mut cells: Vec<Vec<CellText>> = vec![Vec::new(); table.columns.len()];
        let mut add = |column: usize, text: &str| -> CellRef {
            let wrap = table.columns[column].wrap;
            let paragraphs = text
                .split('\n')
                .map(|paragraph| match wrap {
                    Wrap::Prose => vec![pen.width(paragraph.trim_end(), style.size)],
                    Wrap::Parts { separators } => parts(paragraph, separators)
                        .into_iter()
                        .map(|part| pen.width(part, style.size))
                        .collect(),
                })
                .collect();
            cells[column].push(paragraphs);
            (column, cells[column].len() - 1)
        };
        let every = table.groups.len().div_ceil(SAMPLE_GROUPS).max(1);
        let groups = table
            .groups
            .iter()
            .step_by(every)
            .map(|group| {
                let spanning = (0..span.min(table.columns.len()))
                    .map(|column| {
                        add(
                            column,
                            group.spanning.get(column).map_or("", String::as_str),
                        )
                    })
                    .collect();
                let rows = group
                    .rows
                    .iter()
                    .map(|row| {
                        (span..table.columns.len())
                            .map(|column| {
                                add(column, row.get(column - span).map_or("", String::as_str))
                            })
                            .collect()
                    })
                    .collect();
                (spanning, rows)
            })
            .collect();
        Self {
            cells,
            groups,
            padding_lines: 2.0 * style.padding_y / style.line_height,
            slack: BREAK_SLACK_EM * style.size,
            padding_x: 2.0 * style.padding_x,
        }
    }

    /// The estimated line count of each cell of `column` when the column is `width` wide.
    fn lines(&self, column: usize, width: f32) -> Vec<u16> {
        let room = (width - self.padding_x).max(1.0);
        self.cells[column]
            .iter()
            .map(|cell| {
                cell.iter()
                    .map(|parts| self.paragraph_lines(parts, room))
                    .sum::<u16>()
                    .max(1)
            })
            .collect()
    }

    /// The lines a paragraph of `parts` takes in `room`: parts fill a line while they fit; a
    /// part wider than a line breaks over as many as it needs, and the next starts afresh.
    fn paragraph_lines(&self, parts: &[f32], room: f32) -> u16 {
        let usable = (room - self.slack).max(1.0);
        let mut lines = 0_u16;
        let mut open: Option<f32> = None;
        for &part in parts {
            if let Some(used) = open
                && used + part <= room
            {
                open = Some(used + part);
                continue;
            }
            if open.take().is_some() {
                lines += 1;
            }
            if part <= room {
                open = Some(part);
            } else {
                lines = lines.saturating_add((part / usable).ceil() as u16);
            }
        }
        lines + u16::from(open.is_some() || lines == 0)
    }

    /// The estimated height of the sampled groups, in lines, with `lines` of each column, plus
    /// a little for every line of every cell: of two ways to a table as short, the one whose
    /// cells wrap less reads better.
    fn total(&self, lines: &[&[u16]]) -> f32 {
        let of = |&(column, index): &CellRef| f32::from(lines[column][index]);
        let wrapped: f32 = lines
            .iter()
            .map(|column| column.iter().map(|lines| f32::from(*lines)).sum::<f32>())
            .sum();
        let height: f32 = self
            .groups
            .iter()
            .map(|(spanning, rows)| {
                let rows: f32 = rows
                    .iter()
                    .map(|row| row.iter().map(of).fold(1.0_f32, f32::max) + self.padding_lines)
                    .sum();
                let spanning = spanning.iter().map(of).fold(0.0_f32, f32::max) + self.padding_lines;
                rows.max(spanning)
            })
            .sum();
        height + WRAP_COST * wrapped
    }
}

/// Refines `widths` (padding included) so that the table is as short as moving width between
/// the columns with `bounds` (least and most width; `None` for a column that keeps its width)
/// makes it. Every width stays within its bounds, and the widths keep their sum.
pub(super) fn balance(
    table: &Table,
    pen: Pen<'_>,
    widths: &mut [f32],
    bounds: &[Option<(f32, f32)>],
) {
    let movable: Vec<usize> = (0..widths.len())
        .filter(|&column| bounds.get(column).is_some_and(Option::is_some))
        .collect();
    if movable.len() < 2 || table.groups.is_empty() {
        return;
    }
    let mut search = Search::new(
        Model::new(table, pen),
        widths,
        bounds,
        STEP_EM * table.style.size,
    );
    // Coarse moves first: a half-character step alone often changes no cell's line count and
    // would stop on a plateau far from the best widths.
    for units in STEP_UNITS {
        for _ in 0..MOST_STEPS {
            if !search.step(&movable, units) {
                break;
            }
        }
    }
    for (column, width) in widths.iter_mut().enumerate() {
        *width = search.width_at(column, search.offsets[column]);
    }
}

/// The most multiples of a move's size tried at once.
const MOST_MULTIPLE: i32 = 4;

/// The moves tried, coarse to fine, in steps of [`STEP_EM`].
const STEP_UNITS: [i32; 3] = [4, 2, 1];

/// A move of width from one column to another, with the table's estimated height after it
/// and the two columns' line counts.
struct Move {
    total: f32,
    moved: i32,
    from: usize,
    to: usize,
    narrower: Vec<u16>,
    wider: Vec<u16>,
}

/// The state of the search: each column's offset from its first width, in steps, and the line
/// counts there.
struct Search<'a> {
    model: Model,
    start: Vec<f32>,
    bounds: &'a [Option<(f32, f32)>],
    step: f32,
    offsets: Vec<i32>,
    current: Vec<Vec<u16>>,
    best: f32,
    cache: HashMap<(usize, i32), Vec<u16>>,
}

impl<'a> Search<'a> {
    fn new(model: Model, widths: &[f32], bounds: &'a [Option<(f32, f32)>], step: f32) -> Self {
        let current: Vec<Vec<u16>> = widths
            .iter()
            .enumerate()
            .map(|(column, width)| model.lines(column, *width))
            .collect();
        let best = model.total(&current.iter().map(Vec::as_slice).collect::<Vec<_>>());
        Self {
            model,
            start: widths.to_vec(),
            bounds,
            step,
            offsets: vec![0; widths.len()],
            current,
            best,
            cache: HashMap::new(),
        }
    }

    fn width_at(&self, column: usize, offset: i32) -> f32 {
        self.start[column] + offset as f32 * self.step
    }

    /// The line counts of `column` at `offset`, if its bounds allow that width.
    fn lines_at(&mut self, column: usize, offset: i32) -> Option<Vec<u16>> {
        let (least, most) = self.bounds.get(column).copied().flatten()?;
        let width = self.width_at(column, offset);
        if width < least - 0.01 || width > most + 0.01 {
            return None;
        }
        let model = &self.model;
        Some(
            self.cache
                .entry((column, offset))
                .or_insert_with(|| model.lines(column, width))
                .clone(),
        )
    }

    /// Makes the best move of `units` steps (or a few times that: one step alone may change
    /// no cell's line count) from one column to another if it shortens the table; whether it
    /// did.
    fn step(&mut self, movable: &[usize], units: i32) -> bool {
        let mut choice: Option<Move> = None;
        for moved in (1..=MOST_MULTIPLE).map(|multiple| multiple * units) {
            for &from in movable {
                let Some(narrower) = self.lines_at(from, self.offsets[from] - moved) else {
                    continue;
                };
                for &to in movable {
                    if to == from {
                        continue;
                    }
                    let Some(wider) = self.lines_at(to, self.offsets[to] + moved) else {
                        continue;
                    };
                    let mut lines: Vec<&[u16]> = self.current.iter().map(Vec::as_slice).collect();
                    lines[from] = &narrower;
                    lines[to] = &wider;
                    let total = self.model.total(&lines);
                    let better = choice
                        .as_ref()
                        .map_or(self.best - 0.01, |chosen| chosen.total);
                    if total < better {
                        choice = Some(Move {
                            total,
                            moved,
                            from,
                            to,
                            narrower: narrower.clone(),
                            wider,
                        });
                    }
                }
            }
        }
        let Some(Move {
            total,
            moved,
            from,
            to,
            narrower,
            wider,
        }) = choice
        else {
            return false;
        };
        self.offsets[from] -= moved;
        self.offsets[to] += moved;
        self.current[from] = narrower;
        self.current[to] = wider;
        self.best = total;
        true
    }
}
