//! Tests of tables: widths from content, wrapping that keeps parts whole, and rows that split
//! across pages without losing, repeating or stranding lines.

use super::widths::{break_cell, parts};
use super::*;
use crate::report::canvas::{Item, Page};
use crate::report::font::FontMetrics;
use crate::report::geometry::{Margins, PageFrame, PageSize};

/// How the tests wrap names.
const PARTS: Wrap = Wrap::Parts {
    separators: NAME_SEPARATORS,
};

fn frame() -> PageFrame {
    PageFrame {
        size: PageSize::a4_portrait(),
        margins: Margins::uniform_mm(20.0),
    }
}

fn metrics() -> FontMetrics {
    FontMetrics::bundled().unwrap()
}

fn pen(metrics: &FontMetrics) -> Pen<'_> {
    Pen { metrics, face: 0 }
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

/// The lowest point a line (a table border) reaches on `page`.
fn lowest_rule(page: &Page) -> f32 {
    page.items
        .iter()
        .filter_map(|item| match item {
            Item::Line { y1, y2, .. } => Some(y1.max(*y2)),
            _ => None,
        })
        .fold(0.0_f32, f32::max)
}

/// The number a page repeats for a group carried over to it, marked 续：on one line（`7（续）`）
/// or, in a narrow column, over two (`7` then `（续）`).
fn continued_number(page: &Page) -> Option<usize> {
    let texts: Vec<&str> = page.texts().collect();
    texts.iter().enumerate().find_map(|(index, text)| {
        if let Some(number) = text.strip_suffix("（续）")
            && !number.is_empty()
        {
            return number.parse().ok();
        }
        (texts.get(index + 1) == Some(&"（续）"))
            .then(|| text.parse().ok())
            .flatten()
    })
}

#[test]
fn rows_flow_over_pages_filling_each_with_the_header_on_each() {
    let metrics = metrics();
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
    place_table(&mut flow, pen(&metrics), &table(groups));
    assert!(flow.pages.len() > 3, "{} pages", flow.pages.len());
    let mut numbers = Vec::new();
    for page in &flow.pages {
        let texts: Vec<&str> = page.texts().collect();
        assert_eq!(texts[..4], ["序号", "问题表现", "整改措施", "状态"]);
        assert_inside(page, &flow.frame, &metrics);
        let continued = continued_number(page);
        for text in texts {
            if let Ok(number) = text.parse::<usize>()
                && Some(number) != continued
            {
                numbers.push(number);
            }
        }
        // A group carried over repeats its number, marked 续.
        if let Some(number) = continued {
            assert_eq!(numbers.last(), Some(&number));
        }
    }
    // Groups break between their rows rather than leaving the foot of a page empty.
    let body = flow.frame.bottom() - flow.frame.top();
    for (index, page) in flow.pages.iter().enumerate().rev().skip(1) {
        let blank = (flow.frame.bottom() - lowest_rule(page)) / body;
        assert!(
            blank < 0.1,
            "page {}: {:.0} % blank",
            index + 1,
            blank * 100.0
        );
    }
    // Every group appears, in order: none lost or repeated at page breaks.
    assert_eq!(numbers, (1..=120).collect::<Vec<_>>());
}

#[test]
fn a_row_taller_than_a_page_is_split_between_lines() {
    let metrics = metrics();
    let long = "落实首问负责制".repeat(200);
    let mut flow = Flow::new(frame());
    place_table(
        &mut flow,
        pen(&metrics),
        &table(vec![group(1, "问题", &[&long])]),
    );
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
        assert_eq!(continued_number(page), Some(1));
    }
}

/// The lines of the measure column on each page, for a table of `filler` one-line groups then
/// one group whose measure is `lines` lines long.
fn measure_lines_by_page(filler: usize, lines: usize) -> Vec<Vec<String>> {
    let metrics = metrics();
    let mut groups: Vec<RowGroup> = (1..=filler)
        .map(|number| group(number, "短", &["措施"]))
        .collect();
    let long: Vec<String> = (1..=lines).map(|line| format!("第{line}行")).collect();
    groups.push(group(filler + 1, "长", &[&long.join("\n")]));
    let mut flow = Flow::new(frame());
    place_table(&mut flow, pen(&metrics), &table(groups));
    flow.pages
        .iter()
        .map(|page| {
            page.texts()
                .filter(|text| text.starts_with('第') && text.ends_with('行'))
                .map(str::to_owned)
                .collect()
        })
        .collect()
}

#[test]
fn a_split_row_keeps_three_lines_on_each_side_or_moves_whole() {
    // Whatever the space left at the foot of the page, a ten-line row is either moved whole or
    // split with at least three lines on each side, and no line is lost or repeated.
    let mut splits = 0;
    let mut moves = 0;
    for filler in 20..34 {
        let pages = measure_lines_by_page(filler, 10);
        let expected: Vec<String> = (1..=10).map(|line| format!("第{line}行")).collect();
        assert_eq!(pages.concat(), expected, "filler {filler}");
        let used: Vec<usize> = pages.iter().map(Vec::len).filter(|n| *n > 0).collect();
        match used.as_slice() {
            [10] => moves += 1,
            [before, after] => {
                assert!(
                    *before >= MIN_ROW_LINES && *after >= MIN_ROW_LINES,
                    "{used:?}"
                );
                splits += 1;
            }
            other => panic!("filler {filler}: {other:?}"),
        }
    }
    assert!(splits > 0 && moves > 0, "splits {splits}, moves {moves}");
}

#[test]
fn a_long_spanning_cell_grows_its_group_instead_of_being_clipped() {
    let metrics = metrics();
    let problem = "服务意识淡漠".repeat(40);
    let mut flow = Flow::new(frame());
    place_table(
        &mut flow,
        pen(&metrics),
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

#[test]
fn the_last_group_leaves_room_for_the_block_after_it() {
    let metrics = metrics();
    let groups: Vec<RowGroup> = (1..=40)
        .map(|number| group(number, "问题", &["措施一", "措施二"]))
        .collect();
    let plain = {
        let mut flow = Flow::new(frame());
        place_table(&mut flow, pen(&metrics), &table(groups.clone()));
        flow
    };
    // A block as tall as the space the table leaves on its last page, and a little more.
    let following = plain.remaining() + 5.0;
    let mut flow = Flow::new(frame());
    place_table_before(&mut flow, pen(&metrics), &table(groups), following);
    assert!(flow.remaining() >= following, "{}", flow.remaining());
    assert_eq!(flow.pages.len(), plain.pages.len() + 1);
    // Rows of the table went over with the room for the block: it does not stand alone.
    let last: Vec<&str> = flow.pages[flow.pages.len() - 1].texts().collect();
    assert!(last.contains(&"措施二"), "{last:?}");
}

#[test]
fn content_columns_hold_their_widest_part_and_fill_columns_take_the_rest() {
    let metrics = metrics();
    let pen = pen(&metrics);
    let table = Table {
        columns: vec![
            Column::content("序号", Align::Centre, 6.0),
            Column::fill("问题表现", 1.0, Align::Left, 10.0),
            Column::content("责任部门/\n责任人", Align::Centre, 12.0)
                .keeping_parts(NAME_SEPARATORS),
            Column::content("整改时限", Align::Centre, 8.0),
        ],
        span_columns: 0,
        groups: vec![RowGroup {
            spanning: Vec::new(),
            rows: vec![vec![
                "1".into(),
                "窗口工作人员对即办件不能在窗口立即办理".repeat(5),
                "投资项目审批科/欧阳晓明".into(),
                "2026-06-30".into(),
            ]],
        }],
        style: TableStyle::compact(9.0),
    };
    let widths = table.column_widths(pen, 500.0);
    assert!(
        (widths.iter().sum::<f32>() - 500.0).abs() < 0.01,
        "{widths:?}"
    );
    let text = |column: usize| widths[column] - 2.0 * table.style.padding_x + 0.01;
    // The responsible column holds the division and the person each whole, the date column
    // its date; the problem column takes what is left.
    assert!(text(2) >= pen.width("投资项目审批科/", 9.0), "{widths:?}");
    assert!(text(3) >= pen.width("2026-06-30", 9.0), "{widths:?}");
    assert!(widths[1] > widths[2] && widths[1] > 250.0, "{widths:?}");
    // Too narrow a page for every preferred width: the parts still stay whole.
    let widths = table.column_widths(pen, 280.0);
    let text = widths[2] - 2.0 * table.style.padding_x + 0.01;
    assert!(text >= pen.width("投资项目审批科/", 9.0), "{widths:?}");
    let lines = break_cell(pen, "投资项目审批科/欧阳晓明", 9.0, text, PARTS);
    assert_eq!(lines, ["投资项目审批科/", "欧阳晓明"], "{widths:?}");
}

#[test]
fn parts_stay_whole_where_they_fit_and_break_as_prose_where_not() {
    assert_eq!(
        parts("依法行政中的不担当问题 / 中层“肠梗阻”", "/"),
        ["依法行政中的不担当问题 / ", "中层“肠梗阻”"]
    );
    assert_eq!(
        parts("第37号、第87号", LIST_SEPARATORS),
        ["第37号、", "第87号"]
    );
    assert_eq!(
        parts("“门好进、脸好看” / 慢作为", "/"),
        ["“门好进、脸好看” / ", "慢作为"]
    );
    let metrics = metrics();
    let pen = pen(&metrics);
    let em = |count: f32| count * 10.0 + 0.01;
    assert_eq!(
        break_cell(pen, "督查室/罗子涵", 10.0, em(8.0), PARTS),
        ["督查室/罗子涵"]
    );
    assert_eq!(
        break_cell(pen, "行政审批科/郑浩然", 10.0, em(8.0), PARTS),
        ["行政审批科/", "郑浩然"]
    );
    // A part wider than the column breaks as prose; the next part starts its own line.
    assert_eq!(
        break_cell(
            pen,
            "依法行政中的不担当问题 / 中层梗阻",
            10.0,
            em(8.0),
            PARTS
        ),
        ["依法行政中的不担", "当问题 /", "中层梗阻"]
    );
    assert_eq!(break_cell(pen, "", 10.0, em(8.0), PARTS), [""]);
}

/// The height `table` takes laid out with its columns fixed at `widths`.
fn height_with(table: &Table, widths: &[f32], metrics: &FontMetrics) -> f32 {
    let mut fixed = table.clone();
    for (column, width) in fixed.columns.iter_mut().zip(widths) {
        column.sizing = Sizing::Fixed(*width);
    }
    let mut flow = Flow::new(PageFrame {
        size: PageSize {
            width: 600.0,
            height: 100_000.0,
        },
        margins: Margins::uniform_mm(10.0),
    });
    let top = flow.y;
    place_table(&mut flow, pen(metrics), &fixed);
    assert_eq!(flow.pages.len(), 1);
    flow.y - top
}

#[test]
fn balancing_moves_width_to_where_it_shortens_the_rows() {
    // A problem's text spans four short measures: width given to the problem column only
    // makes room beside rows that are taller anyway, while each measure wraps in a narrow one.
    let metrics = metrics();
    let groups = (1..=6)
        .map(|number| RowGroup {
            spanning: vec!["窗口工作人员对即办件不能在窗口立即办理需要多次往返".to_owned()],
            rows: (1..=4)
                .map(|_| vec!["推行一次性告知制度，编制办事指南并在窗口公开".to_owned()])
                .map(|mut row| {
                    row[0].push_str(&number.to_string());
                    row
                })
                .collect(),
        })
        .collect();
    let table = Table {
        columns: vec![
            Column::fill("问题表现", 1.0, Align::Left, 4.0),
            Column::fill("整改措施", 1.0, Align::Left, 4.0),
        ],
        span_columns: 1,
        groups,
        style: TableStyle::compact(10.0),
    };
    let start = [300.0, 200.0];
    let mut balanced = start;
    let bounds = [Some((40.0, 500.0)), Some((40.0, 500.0))];
    super::balance::balance(&table, pen(&metrics), &mut balanced, &bounds);
    assert!(
        (balanced.iter().sum::<f32>() - 500.0).abs() < 0.01,
        "{balanced:?}"
    );
    assert!(balanced[1] > start[1], "{balanced:?}");
    let before = height_with(&table, &start, &metrics);
    let after = height_with(&table, &balanced, &metrics);
    assert!(after < before, "{before} → {after} with {balanced:?}");
}
