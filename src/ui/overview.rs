//! The 概览 dashboard: the unit, its campaign and the counts a clerk checks first.

use eframe::egui::{self, Color32, RichText};
use zhenggai::domain::date::format_date_zh;

use super::nav::Nav;
use super::session::Session;

/// Draws the dashboard.
pub fn overview_ui(ui: &mut egui::Ui, session: &mut Session, nav: &mut Nav) {
    let _ = nav;
    let workbook = &session.workbook;
    let unit_name = workbook
        .unit
        .as_ref()
        .map_or("(尚未建立单位)", |unit| unit.name.as_str());
    ui.heading(RichText::new(unit_name).size(26.0));
    if let Some(campaign) = &workbook.campaign {
        ui.label(RichText::new(&campaign.title).size(18.0));
    }
    ui.label(format!("今天是 {}", format_date_zh(workbook.today)));
    ui.add_space(16.0);

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
    ui.horizontal_wrapped(|ui| {
        for (label, count, colour) in cards {
            count_card_ui(ui, label, count, colour);
        }
    });
}

fn count_card_ui(ui: &mut egui::Ui, label: &str, count: u64, colour: Color32) {
    egui::Frame::group(ui.style())
        .inner_margin(egui::Margin::same(12))
        .show(ui, |ui| {
            // A fixed-size top-down box: a centred layout inside a wrapping row would claim
            // the whole row and push every other card onto a line of its own.
            ui.allocate_ui_with_layout(
                egui::vec2(96.0, 64.0),
                egui::Layout::top_down(egui::Align::Center),
                |ui| {
                    ui.set_min_size(egui::vec2(96.0, 64.0));
                    ui.label(RichText::new(count.to_string()).size(30.0).color(colour));
                    ui.label(label);
                },
            );
        });
}
