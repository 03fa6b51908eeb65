//! The 概览 dashboard: the unit and its campaign, the counts a clerk checks first, the completion
//! and close-out rates, the overdue and due-soon lists (a click opens the measure), a chart by
//! problem area and the campaign's phases with today marked.

pub mod due_list;
pub mod phase_timeline;

use chrono::NaiveDate;
use eframe::egui::{self, Color32, RichText};
use zhenggai::domain::date::format_date_zh;
use zhenggai::view::{Dashboard, Workbook};

use crate::ui::overview::due_list::{DueKind, due_list_ui};
use crate::ui::overview::phase_timeline::phase_timeline_ui;
use crate::ui::shell::nav::Nav;
use crate::ui::shell::session::Session;
use crate::ui::widgets::bar_chart::category_chart_ui;
use crate::ui::widgets::submission_guide::{GuideCache, guide_ui};

/// The width of a count card's content at its widest.
const CARD_WIDTH: f32 = 96.0;
/// The narrowest a count card's content may get before the cards wrap onto a second row.
const CARD_MIN_WIDTH: f32 = 80.0;
/// A card's margin and border on each side.
const CARD_FRAME: f32 = 13.0;
/// The narrowest width at which the overdue and due-soon lists sit side by side.
const TWO_LISTS_MIN_WIDTH: f32 = 960.0;

/// What the dashboard keeps between frames: the [`Dashboard`] worked out from the workbook,
/// rebuilt only when the workbook changes.
#[derive(Default)]
pub struct OverviewScreen {
    cache: Option<(DashboardKey, Dashboard)>,
    guide: GuideCache,
}

/// What the cached dashboard was built from. The generation changes after every edit; the
/// counts and the day also catch a workbook replaced wholesale (a new session starts its
/// generations again from zero).
#[derive(Debug, Clone, PartialEq, Eq)]
struct DashboardKey {
    generation: u64,
    today: NaiveDate,
    problems: usize,
    measures: usize,
}

impl DashboardKey {
    fn of(session: &Session) -> Self {
        let workbook = &session.workbook;
        Self {
            generation: session.generation,
            today: workbook.today,
            problems: workbook.problems.len(),
            measures: workbook.measures.len(),
        }
    }
}

impl OverviewScreen {
    /// The dashboard of the session's workbook, rebuilt only when the workbook changed.
    pub fn dashboard(&mut self, session: &Session) -> &Dashboard {
        let key = DashboardKey::of(session);
        let cache = match self.cache.take() {
            Some((cached_key, dashboard)) if cached_key == key => (cached_key, dashboard),
            _ => (key, Dashboard::build(&session.workbook)),
        };
        &self.cache.insert(cache).1
    }
}

/// Draws the dashboard.
pub fn overview_ui(
    ui: &mut egui::Ui,
    screen: &mut OverviewScreen,
    session: &mut Session,
    nav: &mut Nav,
) {
    // The guide is a few lines: a copy keeps it apart from the dashboard's borrow.
    let guide = screen.guide.guide(session, None).clone();
    let dashboard = screen.dashboard(session);
    let workbook = &session.workbook;
    egui::ScrollArea::vertical()
        .id_salt("overview_scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            // Keep the content clear of the scroll bar, which floats over the right edge.
            ui.set_max_width(ui.available_width() - 2.0 * ui.spacing().scroll.bar_width);
            heading_ui(ui, workbook);
            ui.add_space(8.0);
            guide_ui(ui, &guide, nav);
            ui.add_space(12.0);
            count_cards_ui(ui, workbook);
            ui.add_space(12.0);
            rates_ui(ui, dashboard, workbook);
            ui.add_space(12.0);
            if let Some(campaign) = &workbook.campaign {
                phase_timeline_ui(ui, campaign, workbook.today);
                ui.add_space(12.0);
            }
            ui.separator();
            // Side by side when each list keeps room for the measure's text; one above the
            // other on a narrow window.
            if ui.available_width() >= TWO_LISTS_MIN_WIDTH {
                ui.columns(2, |columns| {
                    due_list_ui(&mut columns[0], DueKind::Overdue, &dashboard.overdue, nav);
                    due_list_ui(&mut columns[1], DueKind::DueSoon, &dashboard.due_soon, nav);
                });
            } else {
                due_list_ui(ui, DueKind::Overdue, &dashboard.overdue, nav);
                ui.add_space(8.0);
                due_list_ui(ui, DueKind::DueSoon, &dashboard.due_soon, nav);
            }
            ui.add_space(8.0);
            ui.separator();
            category_chart_ui(ui, &dashboard.by_category);
            ui.add_space(8.0);
        });
}

fn heading_ui(ui: &mut egui::Ui, workbook: &Workbook) {
    let unit_name = workbook
        .unit
        .as_ref()
        .map_or("（尚未建立单位）", |unit| unit.name.as_str());
    ui.heading(RichText::new(unit_name).size(26.0));
    if let Some(campaign) = &workbook.campaign {
        ui.label(RichText::new(&campaign.title).size(18.0));
    }
    ui.label(format!("今天是 {}", format_date_zh(workbook.today)));
}

fn count_cards_ui(ui: &mut egui::Ui, workbook: &Workbook) {
    let summary = &workbook.summary;
    let by_status = &summary.measures_by_status;
    let blue = Color32::from_rgb(40, 80, 160);
    let purple = Color32::from_rgb(90, 60, 150);
    let cards: [(&str, u64, Color32); 9] = [
        ("问题", summary.problems, blue),
        ("整改措施", summary.measures, blue),
        ("未启动", by_status.not_started, Color32::GRAY),
        (
            "整改中",
            by_status.in_progress,
            Color32::from_rgb(200, 130, 0),
        ),
        (
            "已完成",
            by_status.completed,
            Color32::from_rgb(30, 140, 60),
        ),
        ("已销号", by_status.closed, Color32::from_rgb(20, 110, 110)),
        (
            "逾期未完成",
            summary.overdue,
            Color32::from_rgb(200, 40, 40),
        ),
        ("整改承诺", summary.commitments, purple),
        ("制度", summary.rules, purple),
    ];
    let (per_row, width) = card_layout(
        ui.available_width(),
        ui.spacing().item_spacing.x,
        cards.len(),
    );
    for row in cards.chunks(per_row) {
        ui.horizontal(|ui| {
            for &(label, count, colour) in row {
                count_card_ui(ui, label, count, colour, width);
            }
        });
    }
}

/// How many cards go in a row and how wide each card's content is, for `available` points.
/// All the cards share one row when they fit at [`CARD_MIN_WIDTH`]; otherwise they split
/// into rows of even length (5 and 4 rather than 8 and 1).
fn card_layout(available: f32, spacing: f32, cards: usize) -> (usize, f32) {
    let cards = cards.max(1);
    let width_for = |per_row: usize| {
        let per_row = per_row as f32;
        (available - per_row * 2.0 * CARD_FRAME - (per_row - 1.0) * spacing) / per_row
    };
    let rows = (1..=cards)
        .find(|&rows| width_for(cards.div_ceil(rows)) >= CARD_MIN_WIDTH)
        .unwrap_or(cards);
    let per_row = cards.div_ceil(rows);
    (
        per_row,
        width_for(per_row).clamp(CARD_MIN_WIDTH, CARD_WIDTH),
    )
}

fn count_card_ui(ui: &mut egui::Ui, label: &str, count: u64, colour: Color32, width: f32) {
    egui::Frame::group(ui.style())
        .inner_margin(egui::Margin::same(12))
        .show(ui, |ui| {
            // A fixed-size top-down box: a centred layout inside a row would claim the whole
            // row and push every other card onto a line of its own.
            ui.allocate_ui_with_layout(
                egui::vec2(width, 64.0),
                egui::Layout::top_down(egui::Align::Center),
                |ui| {
                    ui.set_min_size(egui::vec2(width, 64.0));
                    ui.label(RichText::new(count.to_string()).size(30.0).color(colour));
                    ui.label(label);
                },
            );
        });
}

fn rates_ui(ui: &mut egui::Ui, dashboard: &Dashboard, workbook: &Workbook) {
    let by_status = &workbook.summary.measures_by_status;
    let total = workbook.summary.measures;
    let rates = [
        (
            "完成率",
            dashboard.completion_rate,
            format!("已完成及已销号 {} / 共 {} 条措施", by_status.done(), total),
            Color32::from_rgb(30, 140, 60),
        ),
        (
            "销号率",
            dashboard.close_out_rate,
            format!("已销号 {} / 共 {} 条措施", by_status.closed, total),
            Color32::from_rgb(20, 110, 110),
        ),
    ];
    ui.columns(2, |columns| {
        for (ui, (name, rate, detail, colour)) in columns.iter_mut().zip(rates) {
            ui.horizontal(|ui| {
                ui.label(RichText::new(name).strong().size(16.0));
                ui.label(RichText::new(percent_text(rate)).size(16.0).color(colour));
                ui.weak(detail);
            });
            ui.add(
                egui::ProgressBar::new(rate)
                    .fill(colour)
                    .desired_height(12.0)
                    .corner_radius(3.0),
            );
        }
    });
}

/// A rate as users read it: `62.5%`.
fn percent_text(rate: f32) -> String {
    format!("{:.1}%", rate * 100.0)
}

#[cfg(test)]
mod tests;
