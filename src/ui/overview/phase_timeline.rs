//! The campaign's phases as one horizontal bar: a segment per phase, as long as the phase, with
//! its name inside and its dates under it; today is marked with a red line and 今天.

use chrono::{Datelike, NaiveDate};
use eframe::egui::{self, Color32, FontId, RichText, Sense};
use zhenggai::domain::date::format_date_zh;
use zhenggai::domain::{Campaign, Phase};

use crate::ui::widgets::chart_text::{elided_galley, paint_elided};

/// The band above the bar where 今天 is written.
const TODAY_BAND: f32 = 18.0;
/// The height of the bar.
const BAR_HEIGHT: f32 = 30.0;
/// The band under the bar with the phases' dates.
const DATE_BAND: f32 = 18.0;
/// The colour of the today marker.
const TODAY_COLOUR: Color32 = Color32::from_rgb(210, 40, 40);

/// Where today falls against a campaign's phases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhaseStanding {
    /// Before the first phase begins.
    NotStarted,
    /// Within the phase at this index (0-based).
    In(usize),
    /// Between two phases; the index is the next one's.
    Between(usize),
    /// After the last phase ended.
    Finished,
}

/// Works out where `today` falls; `None` without phases.
pub fn standing(phases: &[Phase], today: NaiveDate) -> Option<PhaseStanding> {
    let first = phases.iter().map(|phase| phase.starts_on).min()?;
    let last = phases.iter().map(|phase| phase.ends_on).max()?;
    if today < first {
        return Some(PhaseStanding::NotStarted);
    }
    if today > last {
        return Some(PhaseStanding::Finished);
    }
    if let Some(index) = phases
        .iter()
        .position(|phase| phase.starts_on <= today && today <= phase.ends_on)
    {
        return Some(PhaseStanding::In(index));
    }
    phases
        .iter()
        .position(|phase| phase.starts_on > today)
        .map(PhaseStanding::Between)
}

/// A one-line description of where the campaign stands today.
pub fn standing_text(phases: &[Phase], today: NaiveDate) -> String {
    match standing(phases, today) {
        None => "专项活动尚未设置阶段，可在「设置」中添加。".to_owned(),
        Some(PhaseStanding::NotStarted) => "专项活动尚未开始。".to_owned(),
        Some(PhaseStanding::Finished) => "专项活动各阶段均已结束。".to_owned(),
        Some(PhaseStanding::In(index)) => {
            let phase = &phases[index];
            let left = (phase.ends_on - today).num_days();
            format!(
                "当前阶段：{}（第 {} / {} 阶段，本阶段还剩 {} 天）",
                phase.name,
                index + 1,
                phases.len(),
                left
            )
        }
        Some(PhaseStanding::Between(index)) => {
            format!(
                "下一阶段：{}，{} 开始",
                phases[index].name,
                format_date_zh(phases[index].starts_on)
            )
        }
    }
}

/// Draws the campaign's phases with today marked.
pub fn phase_timeline_ui(ui: &mut egui::Ui, campaign: &Campaign, today: NaiveDate) {
    ui.horizontal(|ui| {
        ui.label(RichText::new("活动阶段").strong().size(16.0));
        ui.label(standing_text(&campaign.phases, today));
    });
    let (Some(first), Some(last)) = (
        campaign.phases.iter().map(|phase| phase.starts_on).min(),
        campaign.phases.iter().map(|phase| phase.ends_on).max(),
    ) else {
        return;
    };
    // The bar spans from the first day of the first phase to the end of the last day.
    let span_days = ((last - first).num_days() + 1).max(1) as f32;
    let (rect, _) = ui.allocate_exact_size(
        egui::vec2(ui.available_width(), TODAY_BAND + BAR_HEIGHT + DATE_BAND),
        Sense::hover(),
    );
    let bar = egui::Rect::from_min_max(
        egui::pos2(rect.left(), rect.top() + TODAY_BAND),
        egui::pos2(rect.right(), rect.top() + TODAY_BAND + BAR_HEIGHT),
    );
    let x_of = |date: NaiveDate| {
        let days = (date - first).num_days() as f32;
        bar.left() + bar.width() * (days / span_days).clamp(0.0, 1.0)
    };
    let current = match standing(&campaign.phases, today) {
        Some(PhaseStanding::In(index)) => Some(index),
        _ => None,
    };
    let painter = ui.painter_at(rect);
    painter.rect_filled(bar, 3.0, ui.visuals().faint_bg_color);
    for (index, phase) in campaign.phases.iter().enumerate() {
        let segment = egui::Rect::from_min_max(
            egui::pos2(x_of(phase.starts_on), bar.top()),
            egui::pos2(x_of(phase.ends_on + chrono::Days::new(1)), bar.bottom()),
        );
        let (fill, text_colour) = if Some(index) == current {
            (Color32::from_rgb(40, 80, 160), Color32::WHITE)
        } else if phase.ends_on < today {
            (
                Color32::from_rgb(170, 200, 175),
                Color32::from_rgb(30, 60, 35),
            )
        } else {
            (
                Color32::from_rgb(200, 215, 240),
                Color32::from_rgb(30, 45, 90),
            )
        };
        // A hair of space between segments keeps adjacent phases apart.
        painter.rect_filled(segment.shrink2(egui::vec2(1.0, 0.0)), 3.0, fill);
        let inner = segment.width() - 8.0;
        let name = elided_galley(
            &painter,
            &phase.name,
            FontId::proportional(14.0),
            text_colour,
            inner,
        );
        let name_pos = egui::pos2(
            segment.center().x - name.size().x / 2.0,
            segment.center().y - name.size().y / 2.0,
        );
        painter.galley(name_pos, name, text_colour);
        paint_elided(
            &painter,
            &short_range(phase),
            FontId::proportional(12.0),
            ui.visuals().weak_text_color(),
            egui::pos2(segment.left() + 3.0, bar.bottom() + DATE_BAND / 2.0),
            inner,
        );
        ui.interact(
            segment,
            egui::Id::unique(("phase_segment", index)),
            Sense::hover(),
        )
        .on_hover_text(format!(
            "{}\n{} 至 {}",
            phase.name,
            format_date_zh(phase.starts_on),
            format_date_zh(phase.ends_on)
        ));
    }
    // Today's line: inside the bar when the campaign is running, at the nearer end otherwise.
    let x = if today < first {
        bar.left() + 1.0
    } else if today > last {
        bar.right() - 1.0
    } else {
        // The middle of today's day.
        f32::midpoint(x_of(today), x_of(today + chrono::Days::new(1)))
    };
    // Two ticks, at the bar's top and bottom edges, rather than one line across it: a line
    // through the middle would cross the phase's name written there.
    let stroke = egui::Stroke::new(2.0, TODAY_COLOUR);
    let tick = (bar.height() * 0.25).min(8.0);
    painter.vline(x, (bar.top() - 2.0)..=(bar.top() + tick), stroke);
    painter.vline(x, (bar.bottom() - tick)..=(bar.bottom() + 2.0), stroke);
    let label = elided_galley(
        &painter,
        "今天",
        FontId::proportional(13.0),
        TODAY_COLOUR,
        f32::INFINITY,
    );
    let label_x = (x - label.size().x / 2.0).clamp(rect.left(), rect.right() - label.size().x);
    painter.galley(
        egui::pos2(label_x, rect.top() + (TODAY_BAND - label.size().y) / 2.0),
        label,
        TODAY_COLOUR,
    );
}

/// `3月1日–3月31日`: a phase's dates, short enough to sit under its segment.
fn short_range(phase: &Phase) -> String {
    format!(
        "{}月{}日–{}月{}日",
        phase.starts_on.month(),
        phase.starts_on.day(),
        phase.ends_on.month(),
        phase.ends_on.day()
    )
}

#[cfg(test)]
mod tests {
    use zhenggai::domain::PhaseId;

    use super::*;

    fn day(month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, month, day).unwrap()
    }

    fn phases() -> Vec<Phase> {
        [("甲阶段", (3, 1), (3, 31)), ("乙阶段", (5, 1), (6, 30))]
            .iter()
            .enumerate()
            .map(|(index, &(name, (m1, d1), (m2, d2)))| Phase {
                id: PhaseId(index as i64 + 1),
                name: name.to_owned(),
                starts_on: day(m1, d1),
                ends_on: day(m2, d2),
            })
            .collect()
    }

    #[test]
    fn standing_finds_the_phase_of_today() {
        let phases = phases();
        assert_eq!(standing(&[], day(3, 1)), None);
        assert_eq!(
            standing(&phases, day(2, 28)),
            Some(PhaseStanding::NotStarted)
        );
        assert_eq!(standing(&phases, day(3, 1)), Some(PhaseStanding::In(0)));
        assert_eq!(
            standing(&phases, day(4, 10)),
            Some(PhaseStanding::Between(1))
        );
        assert_eq!(standing(&phases, day(6, 30)), Some(PhaseStanding::In(1)));
        assert_eq!(standing(&phases, day(7, 1)), Some(PhaseStanding::Finished));
        assert_eq!(
            standing_text(&phases, day(6, 20)),
            "当前阶段：乙阶段（第 2 / 2 阶段，本阶段还剩 10 天）"
        );
    }
}
