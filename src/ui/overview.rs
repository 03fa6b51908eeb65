//! The 概览 screen: the unit, its campaign and the counts a clerk checks first.

use chrono::NaiveDate;
use eframe::egui::{self, Color32, RichText};
use zhenggai::domain::date::format_date_zh;
use zhenggai::domain::{Campaign, Unit};
use zhenggai::store::{Store, StoreResult, Summary};

/// What the overview shows, read once after opening and after every change.
pub struct Overview {
    /// The unit, `None` before it is set up.
    pub unit: Option<Unit>,
    /// The current campaign.
    pub campaign: Option<Campaign>,
    /// The counts.
    pub summary: Summary,
    /// The day the counts were made for.
    pub today: NaiveDate,
}

impl Overview {
    /// Reads the view model from the store.
    pub fn load(store: &Store, today: NaiveDate) -> StoreResult<Self> {
        Ok(Self {
            unit: store.unit()?,
            campaign: store.current_campaign()?,
            summary: store.summary(today)?,
            today,
        })
    }
}

/// Draws the overview of an initialised database.
pub fn overview_ui(ui: &mut egui::Ui, overview: &Overview) {
    let unit_name = overview
        .unit
        .as_ref()
        .map_or("(尚未建立单位)", |unit| unit.name.as_str());
    ui.heading(RichText::new(unit_name).size(26.0));
    if let Some(campaign) = &overview.campaign {
        ui.label(RichText::new(&campaign.title).size(18.0));
    }
    ui.label(format!("今天是 {}", format_date_zh(overview.today)));
    ui.add_space(16.0);

    let summary = &overview.summary;
    let by_status = &summary.measures_by_status;
    let cards: [(&str, u64, Color32); 9] = [
        ("问题", summary.problems, Color32::from_rgb(40, 80, 160)),
        ("整改措施", summary.measures, Color32::from_rgb(40, 80, 160)),
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
        (
            "整改承诺",
            summary.commitments,
            Color32::from_rgb(90, 60, 150),
        ),
        ("制度", summary.rules, Color32::from_rgb(90, 60, 150)),
    ];
    ui.horizontal_wrapped(|ui| {
        for (label, count, colour) in cards {
            count_card_ui(ui, label, count, colour);
        }
    });
    ui.add_space(12.0);
    if summary.measures > 0 {
        let done = by_status.completed + by_status.closed;
        let rate = done as f32 / summary.measures as f32;
        ui.label(format!(
            "完成率 {:.1}%(已完成与已销号 {done} 条,共 {} 条)",
            rate * 100.0,
            summary.measures
        ));
        ui.add(egui::ProgressBar::new(rate).desired_width(480.0));
    }
    match summary.revision {
        Some(number) => ui.label(format!("最新报送版本:第 {number} 版")),
        None => ui.label("尚未审核签发"),
    };
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
