//! The date field every form uses: a text box that takes a date as people type it (read by the
//! domain's [`read_typed_date`]) with a calendar button beside it.
//!
//! The text stays the source of truth, so typing and input methods work as in any other field;
//! picking a day in the calendar writes it into the text as `YYYY-MM-DD`, and a date typed in
//! another form (`2026年3月31日`) is rewritten that way when the field loses focus. The empty
//! field shows an example that is never a day already past.

use chrono::{Datelike, Months, NaiveDate};
use eframe::egui::{self, Response, RichText};
use zhenggai::domain::date::{end_of_next_month, format_date, format_date_zh, read_typed_date};
use zhenggai::domain::local_today;

use crate::ui::widgets::required::label_cell_marked;

/// The width of a date's text box.
const FIELD_WIDTH: f32 = 110.0;

/// The size of a day in the calendar.
const DAY_SIZE: egui::Vec2 = egui::vec2(30.0, 24.0);

/// The weekdays heading the calendar's columns, Monday first as Chinese calendars have them.
const WEEKDAYS: [&str; 7] = ["一", "二", "三", "四", "五", "六", "日"];

/// Which example date the empty field shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateHint {
    /// A date ahead, for deadlines and plans: the end of next month.
    #[default]
    Ahead,
    /// The day something is done or recorded （销号、进展、批准、发现）：today.
    Today,
}

impl DateHint {
    /// The example date for `today`.
    pub fn date(self, today: NaiveDate) -> NaiveDate {
        match self {
            Self::Ahead => end_of_next_month(today),
            Self::Today => today,
        }
    }
}

/// A date's text box and calendar button, configured before it is shown with
/// [`DateField::show`].
pub struct DateField<'a> {
    name: &'a str,
    text: &'a mut String,
    id_salt: Option<egui::IdSalt>,
    hint: DateHint,
    hint_text: Option<&'a str>,
    enabled: bool,
    labelled_by: Option<egui::Id>,
}

/// What a date field did this frame.
pub struct DateFieldResponse {
    /// The text box's response (focus, lost focus, changes).
    pub response: Response,
    /// Whether a day was picked in the calendar this frame (the text now holds it).
    pub picked: bool,
}

impl DateFieldResponse {
    /// Whether the value was settled this frame: the text box lost the focus or a day was
    /// picked. Forms that save as the user goes save then.
    pub fn committed(&self) -> bool {
        self.response.lost_focus() || self.picked
    }
}

impl<'a> DateField<'a> {
    /// A field for the date called `name` （also how its calendar button is named: 选择销号日期），
    /// editing `text`.
    pub fn new(name: &'a str, text: &'a mut String) -> Self {
        Self {
            name,
            text,
            id_salt: None,
            hint: DateHint::default(),
            hint_text: None,
            enabled: true,
            labelled_by: None,
        }
    }

    /// Keeps this field apart from others drawn in the same place (rows of a grid).
    #[must_use]
    pub fn id_salt(mut self, id_salt: impl egui::AsIdSalt) -> Self {
        self.id_salt = Some(egui::IdSalt::new(id_salt));
        self
    }

    /// Which example date the empty field shows.
    #[must_use]
    pub fn hint(mut self, hint: DateHint) -> Self {
        self.hint = hint;
        self
    }

    /// Words the empty field shows instead of an example date （留空为长期）.
    #[must_use]
    pub fn hint_text(mut self, hint_text: &'a str) -> Self {
        self.hint_text = Some(hint_text);
        self
    }

    /// Whether the field can be edited (a 长期坚持 deadline has no date).
    #[must_use]
    pub fn enabled(mut self, enabled: bool) -> Self {
        self.enabled = enabled;
        self
    }

    /// Names the text box by the label beside it; without one it is named by `name`.
    #[must_use]
    pub fn labelled_by(mut self, label: egui::Id) -> Self {
        self.labelled_by = Some(label);
        self
    }

    /// Draws the text box and the calendar button on the current row.
    pub fn show(self, ui: &mut egui::Ui) -> DateFieldResponse {
        let today = local_today();
        let hint = self
            .hint_text
            .map_or_else(|| format_date(self.hint.date(today)), ToOwned::to_owned);
        let readable = self.text.trim().is_empty() || read_typed_date(self.text).is_some();
        let mut edit = egui::TextEdit::singleline(self.text)
            .hint_text(hint)
            .desired_width(FIELD_WIDTH);
        if let Some(id_salt) = self.id_salt {
            edit = edit.id_salt(id_salt);
        }
        if !readable {
            edit = edit.text_color(ui.visuals().error_fg_color);
        }
        let response = ui.add_enabled(self.enabled, edit);
        let response = match self.labelled_by {
            Some(label) => response.labelled_by(label),
            None => response.accessible_name(self.name),
        };
        // A date typed another way is shown the way the program writes dates once it is done.
        if response.lost_focus()
            && let Some(date) = read_typed_date(self.text)
        {
            *self.text = format_date(date);
        }
        let button = ui
            .add_enabled(self.enabled, egui::Button::new("日历"))
            .on_hover_text("从日历中选择日期")
            .accessible_name(format!("选择{}", self.name));
        let picked = calendar_popup_ui(ui, &button, self.text, today);
        DateFieldResponse { response, picked }
    }
}

/// A form row: the label (with a red `*` when `required`), then the date field named by it.
pub fn date_row_ui(
    ui: &mut egui::Ui,
    label: &str,
    text: &mut String,
    hint: DateHint,
    required: bool,
) -> DateFieldResponse {
    ui.horizontal(|ui| {
        let label_response = label_cell_marked(ui, label, required);
        DateField::new(label, text)
            .hint(hint)
            .labelled_by(label_response.id)
            .show(ui)
    })
    .inner
}

/// The calendar the button opens, under it. Returns whether a day was picked (and written into
/// `text`) this frame.
fn calendar_popup_ui(
    ui: &egui::Ui,
    button: &Response,
    text: &mut String,
    today: NaiveDate,
) -> bool {
    let month_id = button.id.with("shown_month");
    let selected = read_typed_date(text);
    if button.clicked() {
        // The calendar opens on the month of the date in the field, or on this month.
        let shown = first_of_month(selected.unwrap_or(today));
        ui.ctx().data_mut(|data| data.insert_temp(month_id, shown));
    }
    let picked = egui::Popup::from_toggle_button_response(button)
        .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside)
        .show(|ui| month_ui(ui, month_id, selected, today))
        .and_then(|shown| shown.inner);
    match picked {
        Some(day) => {
            *text = format_date(day);
            egui::Popup::close_id(ui.ctx(), egui::Popup::default_response_id(button));
            true
        }
        None => false,
    }
}

/// One month as a grid of days with buttons to the months and years around it, and 今天.
/// Returns the day clicked, if any.
fn month_ui(
    ui: &mut egui::Ui,
    month_id: egui::Id,
    selected: Option<NaiveDate>,
    today: NaiveDate,
) -> Option<NaiveDate> {
    let mut shown: NaiveDate = ui
        .ctx()
        .data(|data| data.get_temp(month_id))
        .unwrap_or_else(|| first_of_month(selected.unwrap_or(today)));
    ui.horizontal(|ui| {
        step_buttons_ui(
            ui,
            &mut shown,
            [
                ("<<", "上一年", Step::Back(12)),
                ("<", "上个月", Step::Back(1)),
            ],
        );
        ui.add_sized(
            [88.0, ui.spacing().interact_size.y],
            egui::Label::new(
                RichText::new(format!("{}年{}月", shown.year(), shown.month())).strong(),
            ),
        );
        step_buttons_ui(
            ui,
            &mut shown,
            [
                (">", "下个月", Step::Forward(1)),
                (">>", "下一年", Step::Forward(12)),
            ],
        );
    });
    ui.ctx().data_mut(|data| data.insert_temp(month_id, shown));

    let mut picked = None;
    egui::Grid::new("calendar_days")
        .num_columns(7)
        .spacing([2.0, 2.0])
        .show(ui, |ui| {
            for weekday in WEEKDAYS {
                ui.add_sized(DAY_SIZE, egui::Label::new(RichText::new(weekday).weak()));
            }
            ui.end_row();
            let leading = shown.weekday().num_days_from_monday() as usize;
            for _ in 0..leading {
                ui.allocate_space(DAY_SIZE);
            }
            let mut column = leading;
            let mut day = shown;
            while day.month() == shown.month() {
                let mut number = RichText::new(day.day().to_string());
                if day == today {
                    number = number.strong().underline();
                }
                let clicked = ui
                    .add(
                        egui::Button::new(number)
                            .selected(selected == Some(day))
                            .min_size(DAY_SIZE),
                    )
                    .accessible_name(format_date_zh(day))
                    .clicked();
                if clicked {
                    picked = Some(day);
                }
                column += 1;
                if column == 7 {
                    ui.end_row();
                    column = 0;
                }
                match day.succ_opt() {
                    Some(next) => day = next,
                    None => break,
                }
            }
        });
    if ui.button("今天").clicked() {
        picked = Some(today);
    }
    picked
}

/// Small buttons that move the calendar: each an arrow, named (and explained on hover) by its
/// words.
fn step_buttons_ui(ui: &mut egui::Ui, shown: &mut NaiveDate, buttons: [(&str, &str, Step); 2]) {
    for (arrow, name, step) in buttons {
        if ui
            .small_button(arrow)
            .on_hover_text(name)
            .accessible_name(name)
            .clicked()
        {
            *shown = step.apply(*shown);
        }
    }
}

/// A move of the calendar by whole months.
#[derive(Clone, Copy)]
enum Step {
    Back(u32),
    Forward(u32),
}

impl Step {
    /// The first of the month `self` leads to from `shown`; `shown` itself at the calendar's
    /// ends.
    fn apply(self, shown: NaiveDate) -> NaiveDate {
        match self {
            Self::Back(months) => shown.checked_sub_months(Months::new(months)),
            Self::Forward(months) => shown.checked_add_months(Months::new(months)),
        }
        .filter(|date| (1900..=2200).contains(&date.year()))
        .unwrap_or(shown)
    }
}

/// The first day of `date`'s month.
fn first_of_month(date: NaiveDate) -> NaiveDate {
    date.with_day(1).unwrap_or(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn hints_are_never_a_day_already_past() {
        let today = day(2026, 12, 5);
        assert_eq!(DateHint::Ahead.date(today), day(2027, 1, 31));
        assert_eq!(DateHint::Today.date(today), today);
    }

    #[test]
    fn the_calendar_moves_by_months_and_years_and_stops_at_its_ends() {
        let shown = day(2026, 1, 1);
        assert_eq!(Step::Back(1).apply(shown), day(2025, 12, 1));
        assert_eq!(Step::Forward(12).apply(shown), day(2027, 1, 1));
        assert_eq!(Step::Back(1).apply(day(1900, 1, 1)), day(1900, 1, 1));
        assert_eq!(first_of_month(day(2026, 3, 31)), day(2026, 3, 1));
    }
}
