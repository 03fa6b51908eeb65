//! Column widths from what the columns hold, and cell text broken to those widths.
//!
//! Each column has a least width (its widest run that must not break: a name, a date such as
//! 2026-06-30, a document number) and a preferred one (its widest line set unbroken). Every
//! column first gets its least width; columns that fill ([`Sizing::Fill`]) then grow to their
//! comfortable floor, columns sized by content ([`Sizing::Content`]) to their preferred width,
//! and whatever is left goes to the filling columns by weight. When even the least widths do
//! not fit, they are scaled down together and the line breaker cuts what it must.

use unicode_linebreak::{BreakOpportunity, linebreaks};

use super::balance::balance;
use super::{Column, Sizing, Table, Wrap};
use crate::report::canvas::Pen;
use crate::report::keep_together::unbreakable_spans;

/// The separators between names (a division and a person, several leaders): a cell of them
/// breaks only between names.
/// (The ASCII marks are written apart from the Chinese ones, so no string puts a half-width
/// mark beside a Chinese one.)
pub const NAME_SEPARATORS: &str = concat!("/、，；\u{3000}", " ,;");

/// The separators between the items of a list such as 第37号、第87号.
pub const LIST_SEPARATORS: &str = concat!("、，；", ",;");

/// Whether `ch` is a space, which stays with the separator before it (` / `).
fn is_space(ch: char) -> bool {
    ch == ' ' || ch == '\u{3000}'
}

/// The widest unbreakable run a filling column makes room for, in ems: a longer run (a pasted
/// web address) is cut rather than squeezing the other columns.
const FILL_RUN_CAP_EM: f32 = 8.0;

/// The widths of columns that each take a share of `content_width` by weight (a fixed column
/// its own width, the others sharing the rest).
pub fn share_widths(columns: &[Column], content_width: f32) -> Vec<f32> {
    let fixed: f32 = columns
        .iter()
        .filter_map(|column| match column.sizing {
            Sizing::Fixed(width) => Some(width),
            _ => None,
        })
        .sum();
    let shared: f32 = columns
        .iter()
        .filter(|column| !matches!(column.sizing, Sizing::Fixed(_)))
        .map(|column| column.weight)
        .sum();
    let rest = (content_width - fixed).max(0.0);
    columns
        .iter()
        .map(|column| match column.sizing {
            Sizing::Fixed(width) => width,
            _ if shared > 0.0 => rest * column.weight / shared,
            _ => 0.0,
        })
        .collect()
}

/// What a column needs, padding included.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Needs {
    /// Its widest unbreakable run (or header line).
    least: f32,
    /// The width it grows to before the filling columns get the rest: its widest line for a
    /// column sized by content, its floor for a filling one.
    wanted: f32,
    /// The widest it may be: a column sized by content its cap, padding included.
    most: f32,
    /// The width of all its text set on one line: how much it holds.
    ink: f32,
}

/// The width of each column of `table` across `content_width`, its text measured with `pen`.
pub fn column_widths(table: &Table, pen: Pen<'_>, content_width: f32) -> Vec<f32> {
    let by_content = table
        .columns
        .iter()
        .any(|column| matches!(column.sizing, Sizing::Content { .. } | Sizing::Fill { .. }));
    if !by_content {
        return scaled_to(share_widths(&table.columns, content_width), content_width);
    }
    let needs: Vec<Needs> = (0..table.columns.len())
        .map(|column| column_needs(table, pen, column))
        .collect();
    let least: f32 = needs.iter().map(|needs| needs.least).sum();
    if least >= content_width {
        return scaled_to(
            needs.iter().map(|needs| needs.least).collect(),
            content_width,
        );
    }
    let mut widths = first_widths(table, &needs, content_width);
    let bounds: Vec<Option<(f32, f32)>> = table
        .columns
        .iter()
        .zip(&needs)
        .map(|(column, needs)| match column.sizing {
            Sizing::Fixed(_) => None,
            Sizing::Content { .. } => Some((needs.least, needs.most)),
            Sizing::Fill { .. } | Sizing::Share => Some((needs.least, content_width)),
        })
        .collect();
    balance(table, pen, &mut widths, &bounds);
    widths
}

/// The widths from the columns' needs alone: every column its least width, the filling ones
/// grown to their floor, those sized by content to their widest line, the rest to the
/// filling ones in proportion to the text they hold.
fn first_widths(table: &Table, needs: &[Needs], content_width: f32) -> Vec<f32> {
    let least: f32 = needs.iter().map(|needs| needs.least).sum();
    let mut widths: Vec<f32> = needs.iter().map(|needs| needs.least).collect();
    let mut left = content_width - least;
    let fills = |column: &Column| matches!(column.sizing, Sizing::Fill { .. } | Sizing::Share);
    let contents = |column: &Column| matches!(column.sizing, Sizing::Content { .. });
    for grows in [&fills as &dyn Fn(&Column) -> bool, &contents] {
        let wanted: f32 = table
            .columns
            .iter()
            .zip(needs)
            .filter(|(column, _)| grows(column))
            .map(|(_, needs)| needs.wanted - needs.least)
            .sum();
        if wanted <= 0.0 {
            continue;
        }
        let share = (left / wanted).min(1.0);
        for ((column, needs), width) in table.columns.iter().zip(needs).zip(&mut widths) {
            if grows(column) {
                *width += (needs.wanted - needs.least) * share;
            }
        }
        left -= wanted * share;
    }
    if left <= 0.0 {
        return widths;
    }
    if table.columns.iter().any(fills) {
        // What is left goes to the filling columns, so that their widths come as close as
        // they can to their share of the text the table holds (by weight): a column with twice
        // the text gets about twice the width, and its rows need no more lines than the others.
        let demand: Vec<f32> = table
            .columns
            .iter()
            .zip(needs)
            .map(|(column, needs)| {
                if fills(column) {
                    column.weight * needs.ink.max(1.0)
                } else {
                    0.0
                }
            })
            .collect();
        water_fill(&mut widths, &demand, left);
    } else {
        // No column fills: every column sized by content widens by its weight.
        let demand: Vec<f32> = table
            .columns
            .iter()
            .map(|column| {
                if matches!(column.sizing, Sizing::Fixed(_)) {
                    0.0
                } else {
                    column.weight
                }
            })
            .collect();
        let total: f32 = demand.iter().sum();
        if total > 0.0 {
            for (width, demand) in widths.iter_mut().zip(&demand) {
                *width += left * demand / total;
            }
        }
    }
    widths
}

/// Adds `extra` to the `widths` whose `demand` is positive, raising the narrowest for their
/// demand first, so that as many as possible end in proportion to their demand: each taker
/// ends at `level × demand` or stays wider when it already was.
fn water_fill(widths: &mut [f32], demand: &[f32], extra: f32) {
    let takers: Vec<usize> = (0..widths.len()).filter(|&i| demand[i] > 0.0).collect();
    if takers.is_empty() {
        return;
    }
    let total = extra + takers.iter().map(|&i| widths[i]).sum::<f32>();
    // The level at which the takers below it, raised to it, use up the width exactly: found
    // by taking out, one at a time, the takers already wider than their share.
    let mut raised: Vec<usize> = takers.clone();
    loop {
        let kept: f32 = takers
            .iter()
            .filter(|i| !raised.contains(i))
            .map(|&i| widths[i])
            .sum();
        let level = (total - kept) / raised.iter().map(|&i| demand[i]).sum::<f32>();
        let before = raised.len();
        raised.retain(|&i| widths[i] <= level * demand[i]);
        if raised.len() == before {
            for &i in &raised {
                widths[i] = level * demand[i];
            }
            return;
        }
        if raised.is_empty() {
            return;
        }
    }
}

/// `widths` scaled so that they add up to `total` (unchanged when they already do or are all
/// zero).
fn scaled_to(widths: Vec<f32>, total: f32) -> Vec<f32> {
    let sum: f32 = widths.iter().sum();
    if sum <= 0.0 || (sum - total).abs() < 0.01 {
        return widths;
    }
    widths
        .into_iter()
        .map(|width| width * total / sum)
        .collect()
}

/// Every text `column` holds: its cells in every group, and for the first spanning column the
/// label a group carried over to a new page shows there.
fn column_texts(table: &Table, column: usize) -> Vec<String> {
    let span = table.span_columns;
    let mut texts = Vec::new();
    for group in &table.groups {
        if column < span {
            if let Some(text) = group.spanning.get(column) {
                texts.push(text.clone());
                if column == 0 {
                    texts.push(Table::continued_label(text));
                }
            }
        } else {
            texts.extend(
                group
                    .rows
                    .iter()
                    .filter_map(|row| row.get(column - span).cloned()),
            );
        }
    }
    texts
}

/// The least and wanted widths of `column`.
fn column_needs(table: &Table, pen: Pen<'_>, column: usize) -> Needs {
    let spec = &table.columns[column];
    let style = &table.style;
    let padding = 2.0 * style.padding_x;
    // A header is laid out with its own line breaks: each of its lines stays whole.
    let header = spec
        .title
        .split('\n')
        .map(|line| pen.width(line, style.header_size))
        .fold(0.0_f32, f32::max);
    let texts = column_texts(table, column);
    let runs = texts
        .iter()
        .map(|text| widest_run(pen, text, style.size, spec.wrap))
        .fold(0.0_f32, f32::max);
    let lines = texts
        .iter()
        .flat_map(|text| text.split('\n'))
        .map(|line| pen.width(line.trim_end(), style.size))
        .fold(0.0_f32, f32::max);
    let mut most = f32::INFINITY;
    let (least, wanted) = match spec.sizing {
        Sizing::Fixed(width) => (width - padding, width - padding),
        Sizing::Content { max_em } => {
            let cap = max_em * style.size;
            let least = header.max(runs.min(cap));
            most = least.max(cap);
            (least, least.max(lines.min(cap)))
        }
        Sizing::Fill { floor_em } => {
            let least = header.max(runs.min(FILL_RUN_CAP_EM * style.size));
            (least, least.max(floor_em * style.size))
        }
        Sizing::Share => {
            let least = header.max(runs.min(FILL_RUN_CAP_EM * style.size));
            (least, least)
        }
    };
    let ink = texts
        .iter()
        .map(|text| pen.width(text, style.size))
        .sum::<f32>();
    Needs {
        least: least + padding,
        wanted: wanted + padding,
        most: most + padding,
        ink,
    }
}

/// The widest run of `text` that its wrap keeps on one line.
fn widest_run(pen: Pen<'_>, text: &str, size: f32, wrap: Wrap) -> f32 {
    text.split('\n')
        .flat_map(|paragraph| match wrap {
            Wrap::Prose => prose_runs(paragraph),
            Wrap::Parts { separators } => parts(paragraph, separators),
        })
        .map(|run| pen.width(run.trim(), size))
        .fold(0.0_f32, f32::max)
}

/// The runs of `paragraph` between the places a line may break: Unicode's break opportunities
/// less those inside a date or a document number.
fn prose_runs(paragraph: &str) -> Vec<&str> {
    let kept = unbreakable_spans(paragraph);
    let mut runs = Vec::new();
    let mut start = 0;
    for (end, opportunity) in linebreaks(paragraph) {
        let inside_kept = kept.iter().any(|span| span.start < end && end < span.end);
        if opportunity == BreakOpportunity::Allowed && inside_kept {
            continue;
        }
        if end > start {
            runs.push(&paragraph[start..end]);
        }
        start = end;
    }
    runs
}

/// The parts of `paragraph`, each with the separator that ends it (from `separators`) and the
/// spaces around that separator (a run such as ` / ` stays with the part before it).
pub fn parts<'a>(paragraph: &'a str, separators: &str) -> Vec<&'a str> {
    let chars: Vec<(usize, char)> = paragraph.char_indices().collect();
    let mut found = Vec::new();
    let mut start = 0;
    let mut index = 0;
    while index < chars.len() {
        let (_, ch) = chars[index];
        if !separators.contains(ch) {
            index += 1;
            continue;
        }
        // The part ends after the separator and any spaces or separators following it.
        let mut end = index + 1;
        while end < chars.len() && (is_space(chars[end].1) || separators.contains(chars[end].1)) {
            end += 1;
        }
        let end_byte = chars.get(end).map_or(paragraph.len(), |(at, _)| *at);
        if end_byte > start {
            found.push(&paragraph[start..end_byte]);
        }
        start = end_byte;
        index = end;
    }
    if start < paragraph.len() {
        found.push(&paragraph[start..]);
    }
    found
}

/// `text` broken into lines no wider than `width` at `size` as `wrap` breaks it. A newline
/// ends a line; an empty text gives one empty line.
pub fn break_cell(pen: Pen<'_>, text: &str, size: f32, width: f32, wrap: Wrap) -> Vec<String> {
    match wrap {
        Wrap::Prose => pen.lines(text, size, width),
        Wrap::Parts { separators } => text
            .split('\n')
            .flat_map(|paragraph| break_parts(pen, paragraph, size, width, separators))
            .collect(),
    }
}

/// One paragraph of a [`Wrap::Parts`] cell broken into lines: parts fill a line while they fit;
/// a part that fits no line is broken as prose and the next part starts a new line.
fn break_parts(
    pen: Pen<'_>,
    paragraph: &str,
    size: f32,
    width: f32,
    separators: &str,
) -> Vec<String> {
    let fits = |text: &str| pen.width(text.trim_end(), size) <= width;
    let mut lines = Vec::new();
    let mut line = String::new();
    for part in parts(paragraph, separators) {
        let joined = format!("{line}{part}");
        if fits(&joined) {
            line = joined;
            continue;
        }
        if !line.trim().is_empty() {
            lines.push(line.trim_end().to_owned());
        }
        let part = part.trim_start();
        if fits(part) {
            part.clone_into(&mut line);
        } else {
            lines.extend(pen.lines(part, size, width));
            line = String::new();
        }
    }
    if !line.trim().is_empty() || lines.is_empty() {
        lines.push(line.trim_end().to_owned());
    }
    lines
}
