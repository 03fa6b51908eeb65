//! The dashboard's two measure lists, 逾期未完成 and 7 天内到期: one clickable line per measure
//! (编号, 措施, 责任人, 时限, 逾期 N 天 / 剩 N 天) that opens the measure in the problem list.
//! A list shows its first [`VISIBLE_ROWS`] measures; 查看全部 lists every one of them in the
//! page (no small scrolling box inside the dashboard), and 收起 goes back to the first few.

use eframe::egui::{self, Color32, FontId, RichText, Sense};
use zhenggai::domain::date::format_date;
use zhenggai::view::MeasureDue;

use crate::ui::shell::nav::{Nav, OpenRequest};
use crate::ui::widgets::chart_text::{paint_elided, wrapped_galley};

/// How many rows a list shows until 查看全部 is pressed.
pub const VISIBLE_ROWS: usize = 10;

/// The height of a row whose measure text takes one line.
const ROW_HEIGHT: f32 = 24.0;

/// The most lines a measure's text takes before it is cut with ….
const CONTENT_LINES: usize = 2;

/// Space between columns.
const GAP: f32 = 8.0;

/// Which of the two lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueKind {
    /// 逾期未完成: open measures past their deadline.
    Overdue,
    /// 7 天内到期: open measures due within the week.
    DueSoon,
}

impl DueKind {
    /// The list's title.
    pub fn title(self) -> &'static str {
        match self {
            Self::Overdue => "逾期未完成",
            Self::DueSoon => "7 天内到期",
        }
    }

    /// What the last column says for `days`.
    pub fn days_text(self, days: i64) -> String {
        match self {
            Self::Overdue => format!("逾期 {days} 天"),
            Self::DueSoon if days == 0 => "今天到期".to_owned(),
            Self::DueSoon => format!("剩 {days} 天"),
        }
    }

    fn empty_text(self) -> &'static str {
        match self {
            Self::Overdue => "没有逾期未完成的措施。",
            Self::DueSoon => "7 天内没有到期的措施。",
        }
    }

    fn days_colour(self) -> Color32 {
        match self {
            Self::Overdue => Color32::from_rgb(200, 40, 40),
            Self::DueSoon => Color32::from_rgb(190, 110, 0),
        }
    }

    fn days_heading(self) -> &'static str {
        match self {
            Self::Overdue => "逾期",
            Self::DueSoon => "剩余",
        }
    }
}

/// The accessible name of a row: everything it shows, so a screen reader (and a test) can find
/// the row of a measure.
pub fn due_row_label(item: &MeasureDue, kind: DueKind) -> String {
    format!(
        "{}号 {} {} {} {}",
        item.problem_number,
        item.content,
        responsible_text(item),
        format_date(item.deadline),
        kind.days_text(item.days)
    )
}

/// The list's heading with its length: `逾期未完成(共 12 条)`.
pub fn list_title(kind: DueKind, count: usize) -> String {
    format!("{}（共 {count} 条）", kind.title())
}

/// The label of the button that lists every measure: `查看全部 23 条`.
pub fn show_all_label(count: usize) -> String {
    format!("查看全部 {count} 条")
}

/// The label of the button that goes back to the first [`VISIBLE_ROWS`] measures.
pub const SHOW_FEWER: &str = "收起";

/// Draws one list with its title and count; a click on a row opens that measure.
pub fn due_list_ui(ui: &mut egui::Ui, kind: DueKind, items: &[MeasureDue], nav: &mut Nav) {
    ui.label(
        RichText::new(list_title(kind, items.len()))
            .strong()
            .size(16.0),
    );
    if items.is_empty() {
        ui.weak(kind.empty_text());
        return;
    }
    let columns = Columns::for_width(ui.available_width());
    header_ui(ui, kind, &columns);
    // Whether every measure is listed is kept with the window's other UI state: it is how the
    // user left this list, not data.
    let all_id = ui.make_persistent_id(("due_list_all", kind.title()));
    let mut show_all = ui.data(|data| data.get_temp::<bool>(all_id).unwrap_or(false));
    // The rows are part of the dashboard's page, which scrolls; rows off screen are not painted.
    let shown = if show_all {
        items.len()
    } else {
        items.len().min(VISIBLE_ROWS)
    };
    for item in &items[..shown] {
        if row_ui(ui, item, kind, &columns).clicked() {
            nav.open(OpenRequest::Measure(item.measure_id));
        }
    }
    if items.len() > VISIBLE_ROWS {
        ui.horizontal(|ui| {
            if show_all {
                if ui.button(SHOW_FEWER).clicked() {
                    show_all = false;
                }
            } else {
                if ui.button(show_all_label(items.len())).clicked() {
                    show_all = true;
                }
                ui.weak(format!("以上是前 {VISIBLE_ROWS} 条"));
            }
        });
        ui.data_mut(|data| data.insert_temp(all_id, show_all));
    }
}

/// Where each column starts and how wide it is, from the list's width. The measure's text gets
/// what the fixed columns leave.
struct Columns {
    number: (f32, f32),
    content: (f32, f32),
    responsible: (f32, f32),
    deadline: (f32, f32),
    days: (f32, f32),
}

impl Columns {
    fn for_width(width: f32) -> Self {
        let number = 52.0;
        let responsible = 76.0;
        let deadline = 88.0;
        let days = 78.0;
        let content = (width - number - responsible - deadline - days - 4.0 * GAP - 8.0).max(48.0);
        let mut left = 4.0;
        let mut next = |w: f32| {
            let column = (left, w);
            left += w + GAP;
            column
        };
        Self {
            number: next(number),
            content: next(content),
            responsible: next(responsible),
            deadline: next(deadline),
            days: next(days),
        }
    }
}

fn header_ui(ui: &mut egui::Ui, kind: DueKind, columns: &Columns) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(ui.available_width(), 20.0), Sense::hover());
    let painter = ui.painter_at(rect);
    let colour = ui.visuals().weak_text_color();
    let font = FontId::proportional(13.0);
    for (text, (left, width)) in [
        ("编号", columns.number),
        ("整改措施", columns.content),
        ("责任人", columns.responsible),
        ("时限", columns.deadline),
        (kind.days_heading(), columns.days),
    ] {
        paint_elided(
            &painter,
            text,
            font.clone(),
            colour,
            egui::pos2(rect.left() + left, rect.center().y),
            width,
        );
    }
}

fn row_ui(
    ui: &mut egui::Ui,
    item: &MeasureDue,
    kind: DueKind,
    columns: &Columns,
) -> egui::Response {
    let visuals = ui.visuals().clone();
    let text_colour = visuals.text_color();
    let font = FontId::proportional(14.0);
    // The measure's text takes two lines before it is cut, so a clerk reads what is due
    // without hovering; the row grows to hold them.
    let content = wrapped_galley(
        ui.painter(),
        &item.content,
        font.clone(),
        text_colour,
        columns.content.1,
        CONTENT_LINES,
    );
    let height = (content.size().y + 6.0).max(ROW_HEIGHT);
    let (rect, response) =
        ui.allocate_exact_size(egui::vec2(ui.available_width(), height), Sense::click());
    let label = due_row_label(item, kind);
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::accesskit::Role::Button, true, label.clone())
    });
    if ui.is_rect_visible(rect) {
        if response.hovered() || response.has_focus() {
            ui.painter()
                .rect_filled(rect, 3.0, visuals.widgets.hovered.weak_bg_fill);
        }
        if response.has_focus() {
            ui.painter().rect_stroke(
                rect,
                3.0,
                visuals.selection.stroke,
                egui::StrokeKind::Inside,
            );
        }
        let painter = ui.painter_at(rect);
        let y = rect.center().y;
        let content_top = egui::pos2(rect.left() + columns.content.0, y - content.size().y / 2.0);
        painter.galley(content_top, content, text_colour);
        let cells = [
            (
                format!("{}号", item.problem_number),
                columns.number,
                text_colour,
            ),
            (responsible_text(item), columns.responsible, text_colour),
            (format_date(item.deadline), columns.deadline, text_colour),
            (kind.days_text(item.days), columns.days, kind.days_colour()),
        ];
        for (text, (left, width), colour) in cells {
            paint_elided(
                &painter,
                &text,
                font.clone(),
                colour,
                egui::pos2(rect.left() + left, y),
                width,
            );
        }
    }
    response
        .on_hover_cursor(egui::CursorIcon::PointingHand)
        .on_hover_text(format!(
            "{}号问题的整改措施：{}\n责任人：{}\n时限：{}（{}）\n点击打开该措施",
            item.problem_number,
            item.content,
            responsible_text(item),
            format_date(item.deadline),
            kind.days_text(item.days)
        ))
}

fn responsible_text(item: &MeasureDue) -> String {
    if item.responsible.is_empty() {
        "未定".to_owned()
    } else {
        item.responsible.clone()
    }
}
