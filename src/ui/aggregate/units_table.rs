//! The aggregate screen's table of units: one row per unit's newest revision with its counts,
//! 查看 and 写回执. It fills the rest of the window with its column headers in view while its
//! rows scroll; its columns can be dragged wider or narrower; a long unit name and the times
//! wrap onto two lines rather than push the buttons off a 1024-wide screen.

use eframe::egui::{self, RichText, Sense};
use egui_extras::{Column, TableBuilder};
use zhenggai::view::{CountColumn, Figure, UNIT_COUNT_COLUMNS, UnitLine};

use super::RowAction;
use crate::ui::widgets::local_time;
use crate::ui::widgets::wrapped_cell::{
    CELL_MARGIN, cell_height, fit_table_to, widest_text, wrapped_cell_ui,
};

/// The label of the button that opens a unit (tests click it).
pub const OPEN_UNIT: &str = "查看";

/// The height of a row of one line.
const ROW_HEIGHT: f32 = 26.0;
/// The height of the header row when every header fits on one line.
const HEADER_HEIGHT: f32 = 24.0;

/// The widest a unit's name makes its column at first; a longer name wraps.
const UNIT_MAX_WIDTH: f32 = 160.0;

/// The narrowest the unit column becomes to leave the other columns room: four characters.
const UNIT_MIN_WIDTH: f32 = 72.0;

/// The most lines a time or a header takes.
const LINES: usize = 2;

/// The most lines a unit's name takes: three, so that a name of up to 15 characters is read
/// whole in the narrowest unit column of a 1024-pixel window.
const UNIT_LINES: usize = 3;

/// A column the user can drag wider or narrower, never narrower than `least`.
fn resizable(width: f32, least: f32) -> Column {
    Column::initial(width.max(least))
        .at_least(least)
        .clip(true)
        .resizable(true)
}

/// What a count column says for a unit.
fn figure_text(figure: Figure) -> String {
    match figure {
        Figure::Count(count) => count.to_string(),
        Figure::Rate(rate) => format!("{:.1}%", rate * 100.0),
    }
}

/// The width a column needs to show `title` and each of `texts` on one line.
fn width_of(ui: &egui::Ui, title: &str, texts: impl IntoIterator<Item = String>) -> f32 {
    widest_text(
        ui,
        texts
            .into_iter()
            .map(RichText::new)
            .chain([RichText::new(title).strong()]),
    ) + CELL_MARGIN
}

/// Draws the table of `units`; returns the row action clicked, if any.
pub(super) fn units_table_ui(ui: &mut egui::Ui, units: &[UnitLine]) -> Option<RowAction> {
    let mut action = None;
    // The counts come from the list the workbook and the summary report use too, so the three
    // tables keep the same columns under the same headers.
    let unit_headers = ["单位", "版本", "签发时间", "接收时间", "签名"];
    let headers: Vec<&str> = unit_headers
        .into_iter()
        .chain(UNIT_COUNT_COLUMNS.map(CountColumn::header))
        .chain(["操作"])
        .collect();
    let unit_width = width_of(
        ui,
        "单位",
        units.iter().map(|line| line.received.unit.clone()),
    )
    .min(UNIT_MAX_WIDTH);
    let revision_width = width_of(
        ui,
        "版本",
        units
            .iter()
            .map(|line| format!("第 {} 版", line.received.revision)),
    );
    // A time wraps after its date, so its column is as wide as the longest date.
    let time_width = width_of(ui, "签发时间", ["2026年12月31日".to_owned()]);
    let signed_width = width_of(ui, "签名", ["已核验".to_owned()]);
    // A count column is as wide as its figures and at most three characters of its header,
    // which wraps onto a second line when longer （逾期 / 未完成）.
    let header_cap = widest_text(ui, [RichText::new("未完成").strong()]) + CELL_MARGIN;
    let count_widths: Vec<f32> = UNIT_COUNT_COLUMNS
        .iter()
        .map(|&column| {
            let figures = width_of(
                ui,
                "",
                units
                    .iter()
                    .map(|line| figure_text(column.figure(&line.summary))),
            );
            figures.max(width_of(ui, column.header(), []).min(header_cap))
        })
        .collect();
    let actions_width = widest_text(ui, [RichText::new("查看写回执…")])
        + 4.0 * ui.spacing().button_padding.x
        + ui.spacing().item_spacing.x
        + CELL_MARGIN;
    let mut widths = vec![
        unit_width,
        revision_width,
        time_width,
        time_width,
        signed_width,
    ];
    widths.extend(&count_widths);
    widths.push(actions_width);
    // On a narrow window (1024 pixels) the unit's name gives up width first, wrapping onto a
    // second line, so that the 查看 and 写回执 buttons stay in view.
    let spacing = ui.spacing().item_spacing.x * widths.len() as f32;
    let others: f32 = widths[1..].iter().sum();
    let unit_width = unit_width.min((ui.available_width() - others - spacing).max(UNIT_MIN_WIDTH));
    widths[0] = unit_width;
    let header_height = headers
        .iter()
        .zip(&widths)
        .map(|(title, &width)| {
            cell_height(
                ui,
                RichText::new(*title).strong(),
                width - CELL_MARGIN,
                LINES,
                HEADER_HEIGHT,
            )
        })
        .fold(HEADER_HEIGHT, f32::max);
    fit_table_to(ui, "aggregate_units", &widths);
    let mut table = TableBuilder::new(ui)
        .id_salt("aggregate_units")
        .striped(true)
        .resizable(true)
        .auto_shrink([false, false])
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(resizable(unit_width, UNIT_MIN_WIDTH))
        .column(resizable(revision_width, revision_width))
        .column(resizable(time_width, 60.0))
        .column(resizable(time_width, 60.0))
        .column(resizable(signed_width, signed_width));
    for width in count_widths {
        table = table.column(resizable(width, width));
    }
    table
        .column(Column::remainder().at_least(actions_width).resizable(false))
        .header(header_height, |mut header| {
            for title in headers {
                header.col(|ui| {
                    wrapped_cell_ui(ui, RichText::new(title).strong(), LINES, Sense::hover());
                });
            }
        })
        .body(|mut body| {
            // Each row is as tall as its unit's name or its times wrapped in their columns.
            let widths = body.widths().to_vec();
            let heights: Vec<f32> = units
                .iter()
                .map(|line| {
                    let received = &line.received;
                    [
                        (received.unit.clone(), widths[0], UNIT_LINES),
                        (local_time(&received.signed_at), widths[2], LINES),
                        (local_time(&received.received_at), widths[3], LINES),
                    ]
                    .into_iter()
                    .map(|(text, width, lines)| {
                        cell_height(body.ui_mut(), RichText::new(text), width, lines, ROW_HEIGHT)
                    })
                    .fold(ROW_HEIGHT, f32::max)
                })
                .collect();
            body.heterogeneous_rows(heights.into_iter(), |mut row| {
                let line = &units[row.index()];
                let received = &line.received;
                row.col(|ui| {
                    wrapped_cell_ui(
                        ui,
                        RichText::new(received.unit.as_str()),
                        UNIT_LINES,
                        Sense::hover(),
                    );
                });
                row.col(|ui| {
                    ui.label(format!("第 {} 版", received.revision))
                        .on_hover_text(format!("共接收 {} 个版本", line.revisions));
                });
                for time in [&received.signed_at, &received.received_at] {
                    row.col(|ui| {
                        wrapped_cell_ui(ui, RichText::new(local_time(time)), LINES, Sense::hover());
                    });
                }
                row.col(|ui| {
                    ui.label("已核验").on_hover_text(received.keys_text());
                });
                for column in UNIT_COUNT_COLUMNS {
                    row.col(|ui| {
                        let figure = column.figure(&line.summary);
                        let text = figure_text(figure);
                        match figure {
                            // Overdue work is what the office chases, so it stands out.
                            Figure::Count(count) if column == CountColumn::Overdue && count > 0 => {
                                ui.colored_label(ui.visuals().error_fg_color, text);
                            }
                            _ => {
                                ui.label(text);
                            }
                        }
                    });
                }
                row.col(|ui| {
                    if ui.small_button(OPEN_UNIT).clicked() {
                        action = Some(RowAction::Open(line.clone()));
                    }
                    if ui
                        .small_button("写回执…")
                        .on_hover_text(
                            "写出签名的回执，交给该单位导入，对方即显示「已报送 · 已接收」",
                        )
                        .clicked()
                    {
                        action = Some(RowAction::Receipt(received.clone()));
                    }
                });
            });
        });
    action
}

#[cfg(test)]
#[path = "table_tests.rs"]
mod tests;
