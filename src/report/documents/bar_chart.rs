//! A horizontal bar chart drawn with PDF vector rectangles: one bar per label, its length the
//! value's share of 100 %, the value printed after it.

use crate::report::canvas::{Item, Pen, hline, vline};
use crate::report::flow::{Flow, baseline_in};

/// One bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// The label on the left.
    pub label: String,
    /// The value, 0–1.
    pub value: f32,
    /// The text printed after the bar.
    pub caption: String,
}

/// Label text size.
const SIZE: f32 = 9.0;

/// Places the chart at the flow's position across the content width, kept on one page, with
/// `title` centred under it.
pub fn place_bar_chart(flow: &mut Flow, pen: Pen<'_>, bars: &[Bar], title: &str) {
    place_bar_chart_sized(flow, pen, bars, title, SIZE);
}

/// [`place_bar_chart`] with labels, captions and title of `size` points (the chart grows with
/// it, for documents set in larger type).
pub fn place_bar_chart_sized(flow: &mut Flow, pen: Pen<'_>, bars: &[Bar], title: &str, size: f32) {
    let left = flow.frame.left();
    let right = flow.frame.right();
    let label_width = (right - left) * 0.34;
    // The widest caption: a rate and its counts, in full-width brackets as captions print them.
    let caption_width = pen.width("100.0%（0000/0000）", size);
    let plot_left = left + label_width + size;
    let plot_right = right - caption_width - size * 0.5;
    let line_height = size * 1.35;
    let labels: Vec<Vec<String>> = bars
        .iter()
        .map(|bar| pen.lines(&bar.label, size, label_width))
        .collect();
    let row_heights: Vec<f32> = labels
        .iter()
        .map(|lines| (lines.len().max(1) as f32 * line_height).max(size * 2.0) + size * 0.8)
        .collect();
    let title_height = size * 2.4;
    let height: f32 = row_heights.iter().sum::<f32>() + title_height + size;
    flow.ensure(height);
    let top = flow.y + size * 0.5;
    let mut items = Vec::new();
    let mut y = top;
    for ((bar, lines), row_height) in bars.iter().zip(&labels).zip(&row_heights) {
        let text_height = lines.len() as f32 * line_height;
        let text_top = y + (row_height - text_height) / 2.0;
        for (index, line) in lines.iter().enumerate() {
            let baseline = baseline_in(
                &pen,
                text_top + index as f32 * line_height,
                line_height,
                size,
            );
            items.push(pen.right_aligned(left + label_width, baseline, size, line));
        }
        let bar_height = size * 1.4;
        let bar_top = y + (row_height - bar_height) / 2.0;
        let full = plot_right - plot_left;
        // The full track in light grey, the value in dark grey over it.
        items.push(Item::Rect {
            x: plot_left,
            y: bar_top,
            width: full,
            height: bar_height,
            fill: Some(0.92),
        });
        let length = full * bar.value.clamp(0.0, 1.0);
        if length > 0.0 {
            items.push(Item::Rect {
                x: plot_left,
                y: bar_top,
                width: length,
                height: bar_height,
                fill: Some(0.35),
            });
        }
        let baseline = baseline_in(&pen, bar_top, bar_height, size);
        items.push(pen.text(plot_right + size * 0.5, baseline, size, &bar.caption));
        y += row_height;
    }
    items.push(vline(plot_left, top, y, 0.6));
    items.push(hline(plot_left, plot_right, y, 0.6));
    // Scale marks at 0, 50 and 100 %.
    for (fraction, mark) in [(0.0, "0"), (0.5, "50%"), (1.0, "100%")] {
        let x = plot_left + (plot_right - plot_left) * fraction;
        items.push(vline(x, y, y + size * 0.3, 0.6));
        let baseline = baseline_in(&pen, y + size * 0.3, size * 1.2, size * 0.8);
        items.push(pen.centred(x, baseline, size * 0.8, mark));
    }
    let title_baseline = baseline_in(&pen, y + size * 1.4, size * 1.4, size);
    items.push(pen.centred(f32::midpoint(left, right), title_baseline, size, title));
    flow.page().items.extend(items);
    flow.y = y + title_height + size * 0.5;
}
