//! Parts of the progress report: the table by problem area with its 合计 row, table captions
//! and notes, and the closing（落款）with the unit's name and the date.

use crate::report::canvas::Pen;
use crate::report::flow::{Flow, ParagraphStyle, baseline_in};
use crate::report::table::{Align, Column, RowGroup, Table, TableStyle};

use super::super::progress_figures::{AreaFigures, ProgressFigures, percent, rate};
use super::super::prose::official_body;
use super::{DONE_LABEL, TABLE_SIZE};

/// Size of a table's caption.
const CAPTION_SIZE: f32 = 12.0;

/// The table by problem area: one row per area, then 合计 with the report's own totals, which
/// its text states too.
pub fn area_table(figures: &ProgressFigures) -> Table {
    let total = AreaFigures {
        name: "合计".to_owned(),
        problems: figures.problems,
        measures: figures.measures,
        done: figures.done(),
        closed: figures.closed(),
    };
    let groups = figures
        .areas
        .iter()
        .chain(std::iter::once(&total))
        .map(|area| RowGroup {
            spanning: Vec::new(),
            rows: vec![vec![
                area.name.clone(),
                area.problems.to_string(),
                area.measures.to_string(),
                area.done.to_string(),
                area.closed.to_string(),
                percent(rate(area.done, area.measures)),
            ]],
        })
        .collect();
    Table {
        columns: vec![
            Column::new("问题类别", 3.4, Align::Left),
            Column::new("问题数", 1.0, Align::Centre),
            Column::new("措施数", 1.0, Align::Centre),
            Column::new(&DONE_LABEL.replacen('（', "\n（", 1), 1.7, Align::Centre),
            Column::new("其中\n已销号", 1.2, Align::Centre),
            Column::new("完成率", 1.2, Align::Centre),
        ],
        span_columns: 0,
        groups,
        style: TableStyle::compact(TABLE_SIZE),
    }
}

/// The height `table` takes across `width` when set with `pen`, from the same wrapping the
/// table uses, for keeping a short table on one page.
pub fn table_height(table: &Table, pen: Pen<'_>, width: f32) -> f32 {
    let style = &table.style;
    let row_height = |cells: &[String], size: f32| {
        let lines = cells
            .iter()
            .enumerate()
            .map(|(column, text)| {
                pen.lines(text, size, table.cell_text_width(column, width))
                    .len()
            })
            .max()
            .unwrap_or(1)
            .max(1);
        lines as f32 * style.line_height + 2.0 * style.padding_y + style.rule
    };
    let titles: Vec<String> = table
        .columns
        .iter()
        .map(|column| column.title.clone())
        .collect();
    let rows: f32 = table
        .groups
        .iter()
        .flat_map(|group| &group.rows)
        .map(|row| row_height(row, style.size))
        .sum();
    row_height(&titles, style.header_size) + rows
}

/// The height of a caption line.
pub const CAPTION_HEIGHT: f32 = CAPTION_SIZE * 1.8;

/// A table's caption, centred above it and kept on the page with the table's first rows.
pub fn caption(flow: &mut Flow, pen: Pen<'_>, text: &str) {
    let line_height = CAPTION_HEIGHT;
    flow.ensure(line_height + TABLE_SIZE * 8.0);
    let baseline = baseline_in(&pen, flow.y, line_height, CAPTION_SIZE);
    let centre = flow.frame.centre_x();
    flow.page()
        .items
        .push(pen.centred(centre, baseline, CAPTION_SIZE, text));
    flow.advance(line_height);
}

/// A note under a table in the table's size.
pub fn note(flow: &mut Flow, pen: Pen<'_>, text: &str) {
    let style = ParagraphStyle {
        size: TABLE_SIZE,
        line_height: TABLE_SIZE * 1.8,
        ..official_body(&flow.frame)
    };
    flow.paragraph(&pen, text, style);
    flow.advance(TABLE_SIZE);
}

/// The closing of the report as GB/T 9704 sets it for a document without seal: after a blank
/// line, the unit's name, and under it the date, which ends two characters from the right
/// margin and starts two characters right of the name's start (the name moves left when the
/// date is the shorter).
pub fn place_closing(flow: &mut Flow, pen: Pen<'_>, unit: &str, date: &str) {
    let style = official_body(&flow.frame);
    let (size, line_height) = (style.size, style.line_height);
    flow.ensure(line_height * 3.0);
    flow.advance(line_height);
    let right = style.right - size * 2.0;
    let (name_width, date_width) = (pen.width(unit, size), pen.width(date, size));
    let (name_left, date_left) = if date_width + size * 2.0 >= name_width {
        let date_left = right - date_width;
        (date_left - size * 2.0, date_left)
    } else {
        let name_left = right - name_width;
        (name_left, name_left + size * 2.0)
    };
    // A name too long for the line starts at the margin and wraps there instead.
    let name_left = name_left.max(style.left);
    for line in pen.lines(unit, size, style.right - name_left) {
        flow.ensure(line_height);
        let baseline = baseline_in(&pen, flow.y, line_height, size);
        flow.page()
            .items
            .push(pen.text(name_left, baseline, size, &line));
        flow.advance(line_height);
    }
    let baseline = baseline_in(&pen, flow.y, line_height, size);
    flow.page()
        .items
        .push(pen.text(date_left.max(style.left), baseline, size, date));
    flow.advance(line_height);
}
