//! The campaign's phases as one horizontal bar: a segment per phase, as long as the phase, with
//! its name inside (on two lines when the segment is narrow, never cut) and its dates under it;
//! today is marked with a red line and 今天.

use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use eframe::egui::{self, Color32, FontId, Galley, RichText, Sense, text::LayoutJob};
use zhenggai::domain::date::format_date_zh;
use zhenggai::domain::{Campaign, Phase};

use crate::ui::widgets::chart_text::elided_galley;

/// The band above the bar where 今天 is written.
const TODAY_BAND: f32 = 18.0;
/// The height of the bar when every name fits on one line.
const BAR_HEIGHT: f32 = 30.0;
/// The band under the bar with the phases' dates, when they fit on one line.
const DATE_BAND: f32 = 18.0;
/// The space between a segment's edges and its name.
const TEXT_INSET: f32 = 4.0;
/// The size of a phase's name in the bar.
const NAME_SIZE: f32 = 14.0;
/// The size of a phase's dates under the bar.
const DATE_SIZE: f32 = 12.0;
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

/// A phase's name and dates laid out for its segment of the bar.
struct SegmentText {
    /// The name, on one or two lines; or the phase's number when even two lines are too narrow
    /// (the name is then written in full under the bar).
    name: Arc<Galley>,
    /// Whether the name did not fit and the number stands in for it.
    numbered: bool,
    /// The dates, on two lines when one is too narrow.
    dates: Arc<Galley>,
}

/// The colours of a phase's segment and of its name: the current phase in blue, past ones in
/// green, later ones in pale blue.
fn segment_colours(
    index: usize,
    phase: &Phase,
    current: Option<usize>,
    today: NaiveDate,
) -> (Color32, Color32) {
    if Some(index) == current {
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
    }
}

/// `text` wrapped to `width` on at most `max_rows` lines, centred.
fn wrapped_galley(
    ui: &egui::Ui,
    text: &str,
    size: f32,
    colour: Color32,
    width: f32,
    max_rows: usize,
) -> Arc<Galley> {
    let mut job = LayoutJob::simple(
        text.to_owned(),
        FontId::proportional(size),
        colour,
        width.max(12.0),
    );
    job.wrap.max_rows = max_rows;
    job.halign = egui::Align::Center;
    ui.fonts_mut(|fonts| fonts.layout_job(job))
}

/// Lays out a phase's name and dates for a segment `width` wide.
fn segment_text(
    ui: &egui::Ui,
    index: usize,
    phase: &Phase,
    colour: Color32,
    width: f32,
) -> SegmentText {
    let one_line = wrapped_galley(ui, &phase.name, NAME_SIZE, colour, f32::INFINITY, 1);
    let name = if one_line.size().x <= width {
        one_line
    } else {
        // Two lines of about the same length read better than a full line and a lone
        // character under it.
        let balanced = (one_line.size().x / 2.0 + NAME_SIZE).min(width);
        let name = wrapped_galley(ui, &phase.name, NAME_SIZE, colour, balanced, 2);
        if name.elided {
            wrapped_galley(ui, &phase.name, NAME_SIZE, colour, width, 2)
        } else {
            name
        }
    };
    let (name, numbered) = if name.elided {
        (
            wrapped_galley(ui, &(index + 1).to_string(), NAME_SIZE, colour, width, 1),
            true,
        )
    } else {
        (name, false)
    };
    let weak = ui.visuals().weak_text_color();
    let one_line = short_range(phase);
    let dates = wrapped_galley(ui, &one_line, DATE_SIZE, weak, f32::INFINITY, 1);
    let dates = if dates.size().x <= width {
        dates
    } else {
        // The start and the end on a line each; a line still too wide ends in … and the dates
        // are in the segment's tooltip.
        wrapped_galley(
            ui,
            &one_line.replacen('–', "–\n", 1),
            DATE_SIZE,
            weak,
            width,
            2,
        )
    };
    SegmentText {
        name,
        numbered,
        dates,
    }
}

/// Draws the campaign's phases with today marked. A name too long for its segment wraps onto
/// a second line; one that fits not even then is replaced in the bar by the phase's number and
/// written in full under it.
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
    let width = ui.available_width();
    let x_in_bar = |date: NaiveDate| {
        let days = (date - first).num_days() as f32;
        width * (days / span_days).clamp(0.0, 1.0)
    };
    let current = match standing(&campaign.phases, today) {
        Some(PhaseStanding::In(index)) => Some(index),
        _ => None,
    };
    // Each phase's text first: the bar and the dates' band are as tall as their tallest text.
    let texts: Vec<SegmentText> = campaign
        .phases
        .iter()
        .enumerate()
        .map(|(index, phase)| {
            let segment_width =
                x_in_bar(phase.ends_on + chrono::Days::new(1)) - x_in_bar(phase.starts_on);
            let (_, text_colour) = segment_colours(index, phase, current, today);
            segment_text(
                ui,
                index,
                phase,
                text_colour,
                segment_width - 2.0 * TEXT_INSET,
            )
        })
        .collect();
    let bar_height = texts
        .iter()
        .map(|text| text.name.size().y + 2.0 * TEXT_INSET)
        .fold(BAR_HEIGHT, f32::max);
    let date_band = texts
        .iter()
        .map(|text| text.dates.size().y + 4.0)
        .fold(DATE_BAND, f32::max);
    let (rect, _) = ui.allocate_exact_size(
        egui::vec2(width, TODAY_BAND + bar_height + date_band),
        Sense::hover(),
    );
    let bar = egui::Rect::from_min_max(
        egui::pos2(rect.left(), rect.top() + TODAY_BAND),
        egui::pos2(rect.right(), rect.top() + TODAY_BAND + bar_height),
    );
    let x_of = |date: NaiveDate| bar.left() + x_in_bar(date);
    let painter = ui.painter_at(rect);
    painter.rect_filled(bar, 3.0, ui.visuals().faint_bg_color);
    for (index, (phase, text)) in campaign.phases.iter().zip(texts.iter()).enumerate() {
        let segment = egui::Rect::from_min_max(
            egui::pos2(x_of(phase.starts_on), bar.top()),
            egui::pos2(x_of(phase.ends_on + chrono::Days::new(1)), bar.bottom()),
        );
        let (fill, text_colour) = segment_colours(index, phase, current, today);
        // A hair of space between segments keeps adjacent phases apart.
        painter.rect_filled(segment.shrink2(egui::vec2(1.0, 0.0)), 3.0, fill);
        // The texts are centred on their own x = 0: place each galley's centre.
        painter.galley(
            segment.center() - text.name.rect.center().to_vec2(),
            text.name.clone(),
            text_colour,
        );
        painter.galley(
            egui::pos2(
                segment.center().x - text.dates.rect.center().x,
                bar.bottom() + 2.0,
            ),
            text.dates.clone(),
            ui.visuals().weak_text_color(),
        );
        let name = phase.name.clone();
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
        ))
        .widget_info(|| egui::WidgetInfo::labeled(egui::accesskit::Role::Label, true, &name));
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
    // The names that did not fit in their segments, in full, by their numbers.
    for (index, (phase, text)) in campaign.phases.iter().zip(&texts).enumerate() {
        if text.numbered {
            ui.label(
                RichText::new(format!(
                    "{}：{}（{} 至 {}）",
                    index + 1,
                    phase.name,
                    format_date_zh(phase.starts_on),
                    format_date_zh(phase.ends_on)
                ))
                .size(13.0),
            );
        }
    }
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
