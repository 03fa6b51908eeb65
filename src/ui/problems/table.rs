//! The problem table of the 问题清单: the filtered and sorted row indices, cached between frames,
//! and the virtual-scrolling table that draws only the visible rows.

use eframe::egui::{self, Align, Layout, RichText, Sense};
use egui_extras::{Column, TableBuilder};
use zhenggai::domain::{Deadline, ProblemId};
use zhenggai::view::{ProblemRow, SortColumn, SortOrder, filter_and_sort};

use crate::ui::problems::LedgerPrefs;

/// The height of one table row.
const ROW_HEIGHT: f32 = 24.0;

/// Below this width the table leaves out 类别, 层级 and 来源 so 问题表现 stays readable beside the
/// editor.
const COMPACT_WIDTH: f32 = 640.0;

/// How many characters of 问题表现 a cell lays out; the cell shows one line anyway, and a
/// shorter text keeps the frame cheap over thousands of long descriptions.
const CELL_TEXT_CHARS: usize = 80;

/// How many characters of 问题表现 the hover shows.
const HOVER_TEXT_CHARS: usize = 1_000;

/// The filtered and sorted indices into `workbook.rows`, recomputed only when the data or the
/// filters change, so an idle frame over 10,000 problems costs next to nothing.
#[derive(Default)]
pub struct LedgerCache {
    key: Option<CacheKey>,
    indices: Vec<usize>,
    /// How many times the indices were recomputed (the benchmark watches it).
    pub recomputed: u64,
}

/// What the cached indices were computed from.
#[derive(PartialEq)]
struct CacheKey {
    generation: u64,
    rows: usize,
    first: Option<ProblemId>,
    last: Option<ProblemId>,
    prefs: LedgerPrefs,
}

impl LedgerCache {
    /// The indices for `rows` under `prefs`, recomputed when either changed. `generation` is the
    /// session's reload counter; the row count and the first and last ids also take part, because
    /// a new session (after loading the sample workbook) starts counting again.
    pub fn indices(
        &mut self,
        rows: &[ProblemRow],
        generation: u64,
        prefs: &LedgerPrefs,
    ) -> &[usize] {
        let first = rows.first().map(|row| row.problem_id);
        let last = rows.last().map(|row| row.problem_id);
        let fresh = self.key.as_ref().is_some_and(|key| {
            key.generation == generation
                && key.rows == rows.len()
                && key.first == first
                && key.last == last
                && key.prefs == *prefs
        });
        if !fresh {
            self.indices = filter_and_sort(rows, &prefs.filter, prefs.column, prefs.order);
            self.key = Some(CacheKey {
                generation,
                rows: rows.len(),
                first,
                last,
                prefs: prefs.clone(),
            });
            self.recomputed += 1;
        }
        &self.indices
    }
}

/// What the user did in the table this frame.
#[derive(Debug, Default)]
pub struct TableOutput {
    /// A row was clicked: open this problem.
    pub clicked: Option<ProblemId>,
    /// A header was clicked: sort by this column (toggling the order when it already sorts).
    pub sort_by: Option<SortColumn>,
}

/// The columns of the table.
#[derive(Clone, Copy, PartialEq, Eq)]
enum TableColumn {
    Number,
    Category,
    Level,
    Description,
    Source,
    Measures,
    Status,
    Deadline,
}

impl TableColumn {
    fn title(self) -> &'static str {
        match self {
            Self::Number => "编号",
            Self::Category => "类别",
            Self::Level => "层级",
            Self::Description => "问题表现",
            Self::Source => "来源",
            Self::Measures => "措施数",
            Self::Status => "状态",
            Self::Deadline => "最近时限",
        }
    }

    fn sort_column(self) -> Option<SortColumn> {
        match self {
            Self::Number => Some(SortColumn::Number),
            Self::Category => Some(SortColumn::Category),
            Self::Level => Some(SortColumn::Level),
            Self::Description => None,
            Self::Source => Some(SortColumn::Source),
            Self::Measures => Some(SortColumn::Measures),
            Self::Status => Some(SortColumn::Status),
            Self::Deadline => Some(SortColumn::Deadline),
        }
    }

    fn width(self) -> Column {
        match self {
            Self::Number => Column::exact(52.0),
            Self::Category => Column::exact(150.0).clip(true),
            Self::Level | Self::Source => Column::exact(76.0),
            Self::Description => Column::remainder().at_least(100.0).clip(true),
            Self::Measures | Self::Status => Column::exact(58.0),
            Self::Deadline => Column::exact(92.0),
        }
    }
}

const FULL_COLUMNS: [TableColumn; 8] = [
    TableColumn::Number,
    TableColumn::Category,
    TableColumn::Level,
    TableColumn::Description,
    TableColumn::Source,
    TableColumn::Measures,
    TableColumn::Status,
    TableColumn::Deadline,
];

const COMPACT_COLUMNS: [TableColumn; 5] = [
    TableColumn::Number,
    TableColumn::Description,
    TableColumn::Measures,
    TableColumn::Status,
    TableColumn::Deadline,
];

/// Draws the table over `rows[indices]`, highlighting `selected`; `scroll_to` brings a position
/// in `indices` into view.
pub fn problem_table_ui(
    ui: &mut egui::Ui,
    rows: &[ProblemRow],
    indices: &[usize],
    prefs: &LedgerPrefs,
    selected: Option<ProblemId>,
    scroll_to: Option<usize>,
) -> TableOutput {
    let mut output = TableOutput::default();
    let columns: &[TableColumn] = if ui.available_width() < COMPACT_WIDTH {
        &COMPACT_COLUMNS
    } else {
        &FULL_COLUMNS
    };
    let mut builder = TableBuilder::new(ui)
        .id_salt(("problem_table", columns.len()))
        .striped(true)
        .sense(Sense::click())
        .cell_layout(Layout::left_to_right(Align::Center))
        .min_scrolled_height(0.0);
    for column in columns {
        builder = builder.column(column.width());
    }
    if let Some(position) = scroll_to {
        builder = builder.scroll_to_row(position, Some(Align::Center));
    }
    builder
        .header(ROW_HEIGHT + 4.0, |mut header| {
            for &column in columns {
                header.col(|ui| {
                    if let Some(sort) = header_ui(ui, column, prefs) {
                        output.sort_by = Some(sort);
                    }
                });
            }
        })
        .body(|body| {
            body.rows(ROW_HEIGHT, indices.len(), |mut table_row| {
                let Some(row) = indices.get(table_row.index()).and_then(|&i| rows.get(i)) else {
                    return;
                };
                table_row.set_selected(selected == Some(row.problem_id));
                for &column in columns {
                    table_row.col(|ui| cell_ui(ui, column, row));
                }
                if table_row.response().clicked() {
                    output.clicked = Some(row.problem_id);
                }
            });
        });
    output
}

/// A header cell: a sortable column is a flat button showing ▲/▼ when it sorts the table.
fn header_ui(ui: &mut egui::Ui, column: TableColumn, prefs: &LedgerPrefs) -> Option<SortColumn> {
    let title = RichText::new(column.title()).strong();
    let Some(sort) = column.sort_column() else {
        ui.label(title);
        return None;
    };
    let arrow = match (prefs.column == sort, prefs.order) {
        (false, _) => "",
        (true, SortOrder::Ascending) => " ▲",
        (true, SortOrder::Descending) => " ▼",
    };
    let text = RichText::new(format!("{}{arrow}", column.title())).strong();
    ui.add(egui::Button::new(text).frame(false))
        .on_hover_text("点击排序，再点一次倒序")
        .clicked()
        .then_some(sort)
}

fn cell_ui(ui: &mut egui::Ui, column: TableColumn, row: &ProblemRow) {
    // Cell labels are not selectable, so a click anywhere on the row opens the problem.
    let plain = |ui: &mut egui::Ui, text: &str| {
        ui.add(egui::Label::new(text).selectable(false).truncate());
    };
    match column {
        TableColumn::Number => plain(ui, &row.number.to_string()),
        TableColumn::Category => {
            if row.category.is_empty() {
                ui.add(egui::Label::new(RichText::new("未分类").weak()).selectable(false));
            } else {
                // The item says more than its long area name; the hover shows both.
                let item = row.category.rsplit(" / ").next().unwrap_or(&row.category);
                ui.add(egui::Label::new(item).selectable(false).truncate())
                    .on_hover_text(&row.category);
            }
        }
        TableColumn::Level => plain(ui, row.level.label()),
        TableColumn::Description => description_cell_ui(ui, &row.description),
        TableColumn::Source => plain(ui, row.source.label()),
        TableColumn::Measures => plain(ui, &row.measure_count.to_string()),
        TableColumn::Status => match row.status {
            Some(status) => plain(ui, status.label()),
            None => {
                ui.add(egui::Label::new(RichText::new("无措施").weak()).selectable(false));
            }
        },
        TableColumn::Deadline => deadline_cell_ui(ui, row),
    }
}

/// 问题表现 on one line, cut with … when long; the hover shows the whole text, wrapped.
fn description_cell_ui(ui: &mut egui::Ui, description: &str) {
    let first_line = description.lines().next().unwrap_or_default();
    let shown = head_chars(first_line, CELL_TEXT_CHARS);
    let response = ui.add(
        egui::Label::new(shown)
            .selectable(false)
            .truncate()
            .show_tooltip_when_elided(false),
    );
    // The hover is built only while the pointer is on the cell, so attaching it costs nothing.
    response.on_hover_ui(|ui| {
        ui.set_max_width(480.0);
        let text = head_chars(description, HOVER_TEXT_CHARS);
        if text.len() < description.len() {
            ui.label(format!("{text}…"));
        } else {
            ui.label(text);
        }
    });
}

/// 最近时限, in red with the overdue count when a measure is overdue.
fn deadline_cell_ui(ui: &mut egui::Ui, row: &ProblemRow) {
    let Some(deadline) = row.nearest_deadline else {
        ui.add(egui::Label::new(RichText::new("—").weak()).selectable(false));
        return;
    };
    let text = match deadline {
        Deadline::Date(_) => deadline.label(),
        Deadline::LongTerm => "长期坚持".to_owned(),
    };
    if row.overdue > 0 {
        let colour = ui.visuals().error_fg_color;
        ui.add(egui::Label::new(RichText::new(text).color(colour)).selectable(false))
            .on_hover_text(format!("{} 条措施已逾期", row.overdue));
    } else {
        ui.add(egui::Label::new(text).selectable(false));
    }
}

/// The first `max_chars` characters of `text` (never cut inside a character).
fn head_chars(text: &str, max_chars: usize) -> &str {
    match text.char_indices().nth(max_chars) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}
