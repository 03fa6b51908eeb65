//! Document titles: centred, broken over lines when long, with space below.

use crate::report::canvas::Pen;
use crate::report::flow::{Flow, baseline_in};

/// Places `title` centred at `size` points, wrapping within the content width.
pub fn place_title(flow: &mut Flow, pen: Pen<'_>, title: &str, size: f32) {
    let line_height = size * 1.5;
    let lines = pen.lines(title, size, flow.frame.content_width());
    for line in &lines {
        flow.ensure(line_height);
        let baseline = baseline_in(&pen, flow.y, line_height, size);
        let centre = flow.frame.centre_x();
        flow.page()
            .items
            .push(pen.centred(centre, baseline, size, line));
        flow.advance(line_height);
    }
    flow.advance(size * 0.5);
}

/// Places the title of an official document, `unit` followed by the document's `name`: on one
/// line when it fits, otherwise the unit's name on its own line(s) and the document's name on
/// the next, so a line never breaks inside either name. Returns the full title.
pub fn place_document_title(
    flow: &mut Flow,
    pen: Pen<'_>,
    unit: &str,
    name: &str,
    size: f32,
) -> String {
    let full_title = format!("{unit}{name}");
    if pen.width(&full_title, size) <= flow.frame.content_width() {
        place_title(flow, pen, &full_title, size);
    } else {
        place_title(flow, pen, unit, size);
        flow.y -= size * 0.5;
        place_title(flow, pen, name, size);
    }
    full_title
}
