//! The problem table of the 问题清单: the filtered and sorted row indices, cached between frames,
//! and the virtual-scrolling table that draws only the visible rows, with the search words
//! highlighted, resizable columns, and a menu on the right button （打开，复制，删除…）.

use std::ops::Range;

use eframe::egui::text::LayoutJob;
use eframe::egui::{self, Align, Color32, Layout, RichText, Sense, TextFormat};
use egui_extras::{Column, TableBuilder};
use zhenggai::domain::{Deadline, ProblemId};
use zhenggai::view::{
    FoundIn, ProblemRow, SearchQuery, SortColumn, SortOrder, filter_and_sort_matches,
    highlight_ranges,
};

use crate::ui::problems::LedgerPrefs;

/// The height of one table row.
const ROW_HEIGHT: f32 = 24.0;

/// Below this width the table leaves out the 层级 and 来源 columns, which the editor shows
/// anyway, so 问题表现 never gets less than about 260 pixels (18 characters) while they are
/// shown.
const MEDIUM_WIDTH: f32 = 860.0;

/// Below this width the table leaves out 类别 too, so 问题表现 stays readable beside the editor.
const COMPACT_WIDTH: f32 = 640.0;

/// How many characters of 问题表现 a cell lays out; the cell shows one line anyway, and a
/// shorter text keeps the frame cheap over thousands of long descriptions.
const CELL_TEXT_CHARS: usize = 80;

/// How many characters of 问题表现 the hover shows.
const HOVER_TEXT_CHARS: usize = 1_000;

/// The note on a row the search found only through one of its measures.
pub const FOUND_IN_MEASURES: &str = "措施中匹配";

/// The rows the table shows, worked out from the workbook's rows and the filters.
#[derive(Default)]
pub struct ShownRows {
    /// Indices into the workbook's rows, in table order.
    pub indices: Vec<usize>,
    /// For each of them, whether the search found it only through one of its measures.
    pub in_measures: Vec<bool>,
    /// The search, prepared for highlighting the words it found.
    pub query: SearchQuery,
}

/// The shown rows, recomputed only when the data or the filters change, so an idle frame over
/// 10,000 problems costs next to nothing.
#[derive(Default)]
pub struct LedgerCache {
    key: Option<CacheKey>,
    shown: ShownRows,
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
    /// Brings the shown rows up to date with `rows` under `prefs`. `generation` is the
    /// session's reload counter; the row count and the first and last ids also take part,
    /// because a new session (after loading the sample workbook) starts counting again.
    /// Returns whether the filters or the search changed since the last time, when the table
    /// goes back to its top so the first rows found are in view.
    pub fn refresh(&mut self, rows: &[ProblemRow], generation: u64, prefs: &LedgerPrefs) -> bool {
        let first = rows.first().map(|row| row.problem_id);
        let last = rows.last().map(|row| row.problem_id);
        let fresh = self.key.as_ref().is_some_and(|key| {
            key.generation == generation
                && key.rows == rows.len()
                && key.first == first
                && key.last == last
                && key.prefs == *prefs
        });
        if fresh {
            return false;
        }
        let filter_changed = self
            .key
            .as_ref()
            .is_some_and(|key| key.prefs.filter != prefs.filter);
        let found = filter_and_sort_matches(rows, &prefs.filter, prefs.column, prefs.order);
        self.shown = ShownRows {
            indices: found.iter().map(|found| found.index).collect(),
            in_measures: found
                .iter()
                .map(|found| found.found_in == FoundIn::Measures)
                .collect(),
            query: SearchQuery::new(&prefs.filter.search),
        };
        self.key = Some(CacheKey {
            generation,
            rows: rows.len(),
            first,
            last,
            prefs: prefs.clone(),
        });
        self.recomputed += 1;
        filter_changed
    }

    /// The rows as last refreshed.
    pub fn shown(&self) -> &ShownRows {
        &self.shown
    }

    /// The indices into the rows as last refreshed, in table order.
    pub fn indices(&self) -> &[usize] {
        &self.shown.indices
    }
}

/// Where the table scrolls this frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableScroll {
    /// Where the user left it.
    Keep,
    /// To the first row (the filters changed).
    Top,
    /// To bring this position of the shown rows into view.
    Row(usize),
}

/// What the user did in the table this frame.
#[derive(Debug, Default)]
pub struct TableOutput {
    /// Open this problem: a row was clicked or double-clicked, or 打开 chosen from its menu.
    pub open: Option<ProblemId>,
    /// The row was double-clicked or 打开 chosen from its menu: a folded editor unfolds.
    pub unfold: bool,
    /// 删除 was chosen from a row's menu: ask, then delete this problem.
    pub delete: Option<ProblemId>,
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

    /// The column's starting width; every column but 问题表现 can be dragged wider or
    /// narrower, and 问题表现 takes what the others leave.
    fn width(self) -> Column {
        let resizable = |width: f32, least: f32| {
            Column::initial(width)
                .at_least(least)
                .clip(true)
                .resizable(true)
        };
        match self {
            Self::Number => resizable(52.0, 36.0),
            Self::Category => resizable(120.0, 48.0),
            Self::Level | Self::Source => resizable(76.0, 40.0),
            Self::Description => Column::remainder()
                .at_least(100.0)
                .clip(true)
                .resizable(false),
            Self::Measures | Self::Status => resizable(58.0, 40.0),
            Self::Deadline => resizable(92.0, 48.0),
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

const MEDIUM_COLUMNS: [TableColumn; 6] = [
    TableColumn::Number,
    TableColumn::Category,
    TableColumn::Description,
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

/// Draws the table over the shown rows, highlighting `selected`.
pub fn problem_table_ui(
    ui: &mut egui::Ui,
    rows: &[ProblemRow],
    shown: &ShownRows,
    prefs: &LedgerPrefs,
    selected: Option<ProblemId>,
    scroll: TableScroll,
) -> TableOutput {
    let mut output = TableOutput::default();
    let width = ui.available_width();
    let columns: &[TableColumn] = if width < COMPACT_WIDTH {
        &COMPACT_COLUMNS
    } else if width < MEDIUM_WIDTH {
        &MEDIUM_COLUMNS
    } else {
        &FULL_COLUMNS
    };
    let mut builder = TableBuilder::new(ui)
        .id_salt(("problem_table", columns.len()))
        .striped(true)
        .resizable(true)
        .sense(Sense::click())
        .cell_layout(Layout::left_to_right(Align::Center))
        .min_scrolled_height(0.0);
    for column in columns {
        builder = builder.column(column.width());
    }
    builder = match scroll {
        TableScroll::Keep => builder,
        TableScroll::Top => builder.vertical_scroll_offset(0.0),
        TableScroll::Row(position) => builder.scroll_to_row(position, Some(Align::Center)),
    };
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
            body.rows(ROW_HEIGHT, shown.indices.len(), |mut table_row| {
                let position = table_row.index();
                let Some(row) = shown.indices.get(position).and_then(|&i| rows.get(i)) else {
                    return;
                };
                let cell = Cell {
                    query: &shown.query,
                    in_measures: shown.in_measures.get(position).copied().unwrap_or(false),
                };
                table_row.set_selected(selected == Some(row.problem_id));
                for &column in columns {
                    table_row.col(|ui| cell_ui(ui, column, row, &cell));
                }
                let response = table_row.response();
                // The first click of a double-click already opened its row, and the editor
                // panel it brings narrows the table, which moves the rows: the second click may
                // land on the row next to it. So the second (or third) click of one opens only the
                // row already open.
                let repeated = response.double_clicked() || response.triple_clicked();
                let shifted = repeated && selected.is_some_and(|open| open != row.problem_id);
                if response.clicked() && !shifted {
                    output.open = Some(row.problem_id);
                }
                if repeated {
                    output.open = output.open.or(selected);
                    output.unfold = true;
                }
                response.context_menu(|ui| row_menu_ui(ui, row, &mut output));
            });
        });
    output
}

/// The menu on a row's right button: 打开，复制 (the row as tab-separated text, which pastes
/// into WPS or Excel as cells) and 删除… (which asks first).
fn row_menu_ui(ui: &mut egui::Ui, row: &ProblemRow, output: &mut TableOutput) {
    if ui.button("打开").clicked() {
        output.open = Some(row.problem_id);
        output.unfold = true;
        ui.close();
    }
    if ui
        .button("复制")
        .on_hover_text("复制这一行，可粘贴到 WPS 或 Excel")
        .clicked()
    {
        ui.ctx().copy_text(row.tab_separated());
        ui.close();
    }
    ui.separator();
    // The ellipsis says it asks first, and keeps it apart from the measures' 删除 buttons.
    let danger = RichText::new("删除…").color(ui.visuals().error_fg_color);
    if ui
        .button(danger)
        .on_hover_text("删除这个问题及其整改措施，删除前会再确认")
        .clicked()
    {
        output.delete = Some(row.problem_id);
        ui.close();
    }
}

/// What a row's cells need besides the row: the search to highlight, and whether it was found
/// only through a measure.
struct Cell<'a> {
    query: &'a SearchQuery,
    in_measures: bool,
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

fn cell_ui(ui: &mut egui::Ui, column: TableColumn, row: &ProblemRow, cell: &Cell<'_>) {
    // Cell labels are not selectable, so a click anywhere on the row opens the problem.
    let plain = |ui: &mut egui::Ui, text: &str| {
        ui.add(egui::Label::new(text).selectable(false).truncate());
    };
    match column {
        TableColumn::Number => {
            let number = row.number.to_string();
            ui.add(
                egui::Label::new(highlighted(ui, &number, cell.query))
                    .selectable(false)
                    .truncate(),
            );
        }
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
        TableColumn::Description => description_cell_ui(ui, &row.description, cell),
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

/// 问题表现 on one line, cut with … when long, the search words highlighted, after a note when
/// the search found the problem only through one of its measures; the hover shows the whole
/// text, wrapped.
fn description_cell_ui(ui: &mut egui::Ui, description: &str, cell: &Cell<'_>) {
    if cell.in_measures {
        ui.add(
            egui::Label::new(
                RichText::new(FOUND_IN_MEASURES)
                    .small()
                    .color(ui.visuals().hyperlink_color),
            )
            .selectable(false),
        )
        .on_hover_text(
            "问题本身的文字中没有搜索的词，是在它的整改措施（内容、目标或责任人）中找到的。",
        );
    }
    let first_line = description.lines().next().unwrap_or_default();
    let shown = head_chars(first_line, CELL_TEXT_CHARS);
    let response = ui.add(
        egui::Label::new(highlighted(ui, shown, cell.query))
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

/// `text` with the words `query` found on a marker-pen background; plain text when it found
/// none there.
fn highlighted(ui: &egui::Ui, text: &str, query: &SearchQuery) -> egui::WidgetText {
    let ranges = highlight_ranges(text, query);
    if ranges.is_empty() {
        return text.into();
    }
    let font_id = egui::TextStyle::Body.resolve(ui.style());
    let plain = TextFormat::simple(font_id, ui.visuals().text_color());
    let marked = TextFormat {
        background: highlight_colour(ui.visuals().dark_mode),
        color: ui.visuals().strong_text_color(),
        ..plain.clone()
    };
    let mut job = LayoutJob::default();
    let mut at = 0;
    for Range { start, end } in ranges {
        job.append(&text[at..start], 0.0, plain.clone());
        job.append(&text[start..end], 0.0, marked.clone());
        at = end;
    }
    job.append(&text[at..], 0.0, plain);
    job.into()
}

/// The background of a highlighted word: a marker-pen yellow, darker on a dark theme so the
/// light text stays readable; unlike the selection colour, it shows on a selected row too.
fn highlight_colour(dark_mode: bool) -> Color32 {
    if dark_mode {
        Color32::from_rgb(120, 92, 0)
    } else {
        Color32::from_rgb(255, 226, 110)
    }
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
