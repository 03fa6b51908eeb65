//! The campaign form (活动名称, 年度 and the phases with their dates), shared by the first-run
//! wizard and the 设置 screen. It keeps what the user typed as text, so a half-typed date is
//! never lost, and checks it inline in Chinese.

use eframe::egui::{self, RichText};
use zhenggai::domain::date::{format_date, parse_typed_date};
use zhenggai::domain::{CampaignDraft, DomainError, PhaseDraft};

use crate::ui::widgets::date_field::DateField;
use crate::ui::widgets::form_problem::FormProblem;
use crate::ui::widgets::{LABEL_WIDTH, error_label, text_row};

/// One phase as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PhaseRow {
    /// 阶段名称.
    pub name: String,
    /// First day, as typed (any form people write dates in).
    pub starts_on: String,
    /// Last day, as typed.
    pub ends_on: String,
}

/// A campaign as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CampaignForm {
    /// 活动名称.
    pub title: String,
    /// 年度, as typed.
    pub year: String,
    /// The phases in order.
    pub phases: Vec<PhaseRow>,
}

impl CampaignForm {
    /// The form showing `draft`.
    pub fn from_draft(draft: &CampaignDraft) -> Self {
        Self {
            title: draft.title.clone(),
            year: draft.year.to_string(),
            phases: draft
                .phases
                .iter()
                .map(|phase| PhaseRow {
                    name: phase.name.clone(),
                    starts_on: format_date(phase.starts_on),
                    ends_on: format_date(phase.ends_on),
                })
                .collect(),
        }
    }

    /// Every problem with what was typed, one per field, in form order.
    pub fn problems(&self) -> Vec<FormProblem> {
        let mut problems = Vec::new();
        if parse_year(&self.year).is_none() {
            problems.push(year_message(&self.year).into());
        }
        for (index, phase) in self.phases.iter().enumerate() {
            let number = index + 1;
            for (field, text) in [("开始日期", &phase.starts_on), ("结束日期", &phase.ends_on)]
            {
                if let Err(err) = parse_typed_date(field, text) {
                    problems.push(in_phase(number, err));
                }
            }
        }
        if problems.is_empty()
            && let Err(err) = self.to_draft()
        {
            problems.push(err);
        }
        problems
    }

    /// The checked campaign, or the first reason it cannot be saved.
    pub fn to_draft(&self) -> Result<CampaignDraft, FormProblem> {
        let year = parse_year(&self.year).ok_or_else(|| year_message(&self.year))?;
        let phases = self
            .phases
            .iter()
            .enumerate()
            .map(|(index, phase)| {
                let number = index + 1;
                let named = |err| in_phase(number, err);
                Ok(PhaseDraft {
                    name: phase.name.clone(),
                    starts_on: parse_typed_date("开始日期", &phase.starts_on).map_err(named)?,
                    ends_on: parse_typed_date("结束日期", &phase.ends_on).map_err(named)?,
                })
            })
            .collect::<Result<Vec<_>, FormProblem>>()?;
        let draft = CampaignDraft {
            title: self.title.clone(),
            year,
            phases,
        }
        .validate()?;
        Ok(draft)
    }
}

/// A date of the phase numbered `number` (from 1) that is not a date, with the phase named.
fn in_phase(number: usize, err: DomainError) -> FormProblem {
    FormProblem::from(err).context(format!("第 {number} 阶段"))
}

fn parse_year(text: &str) -> Option<i32> {
    text.trim()
        .parse::<i32>()
        .ok()
        .filter(|year| (2000..=2100).contains(year))
}

fn year_message(text: &str) -> String {
    format!(
        "「年度」应是 2000 至 2100 之间的四位数字年份，如 2026；现在是“{}”。",
        text.trim()
    )
}

/// Draws the form; every field is labelled for screen readers and the tests. `id_salt` keeps
/// two forms' fields apart. The problems with what was typed are shown under the phases.
pub fn campaign_form_ui(ui: &mut egui::Ui, id_salt: &str, form: &mut CampaignForm) {
    text_row(ui, "活动名称", &mut form.title);
    ui.horizontal(|ui| {
        let label = ui.add_sized(
            [LABEL_WIDTH, ui.spacing().interact_size.y],
            egui::Label::new("年度"),
        );
        ui.add(
            egui::TextEdit::singleline(&mut form.year)
                .id_salt((id_salt, "year"))
                .desired_width(80.0),
        )
        .labelled_by(label.id);
    });
    ui.add_space(6.0);
    ui.label(RichText::new("活动阶段").strong());
    let mut remove = None;
    let row_height = ui.spacing().interact_size.y;
    egui::Grid::new((id_salt, "phases"))
        .num_columns(5)
        .spacing([8.0, 6.0])
        .show(ui, |ui| {
            ui.label("序号");
            ui.label("阶段名称");
            ui.label("开始日期");
            ui.label("结束日期");
            ui.label("");
            ui.end_row();
            for (index, phase) in form.phases.iter_mut().enumerate() {
                let number = index + 1;
                ui.label(number.to_string());
                // Sized explicitly: a grid cell only offers the width its column had last frame.
                ui.add_sized(
                    [260.0, row_height],
                    egui::TextEdit::singleline(&mut phase.name).id_salt((
                        id_salt,
                        "phase_name",
                        index,
                    )),
                )
                .accessible_name(format!("第{number}阶段名称"));
                date_cell_ui(
                    ui,
                    row_height,
                    (id_salt, "phase_start", index),
                    &mut phase.starts_on,
                    &format!("第{number}阶段开始日期"),
                );
                date_cell_ui(
                    ui,
                    row_height,
                    (id_salt, "phase_end", index),
                    &mut phase.ends_on,
                    &format!("第{number}阶段结束日期"),
                );
                if ui
                    .button("删除")
                    .on_hover_text(format!("删除第 {number} 阶段"))
                    .clicked()
                {
                    remove = Some(index);
                }
                ui.end_row();
            }
        });
    if let Some(index) = remove {
        form.phases.remove(index);
    }
    if ui.button("添加阶段").clicked() {
        // A new phase starts the day after the last one ends, a natural default to edit.
        let starts_on = form
            .phases
            .last()
            .and_then(|last| parse_typed_date("结束日期", &last.ends_on).ok())
            .and_then(|date| date.succ_opt())
            .map(format_date)
            .unwrap_or_default();
        form.phases.push(PhaseRow {
            name: String::new(),
            starts_on: starts_on.clone(),
            ends_on: starts_on,
        });
    }
    for problem in form.problems() {
        error_label(ui, problem);
    }
}

/// A date field with its calendar in the phase grid, named `name` for screen readers and the
/// tests; a text that is not a date is drawn in the error colour (its reason is listed under
/// the grid).
fn date_cell_ui(
    ui: &mut egui::Ui,
    row_height: f32,
    id_salt: impl egui::AsIdSalt,
    text: &mut String,
    name: &str,
) {
    ui.horizontal(|ui| {
        ui.set_min_height(row_height);
        DateField::new(name, text).id_salt(id_salt).show(ui);
    });
}

#[cfg(test)]
mod tests {
    use zhenggai::setup::default_campaign;

    use super::*;

    #[test]
    fn the_default_campaign_round_trips_through_the_form() {
        let draft = default_campaign(2026);
        let form = CampaignForm::from_draft(&draft);
        assert_eq!(form.phases.len(), 5);
        assert!(form.problems().is_empty());
        assert_eq!(form.to_draft().unwrap(), draft);
    }

    #[test]
    fn phase_dates_are_read_as_people_type_them() {
        let draft = default_campaign(2026);
        let mut form = CampaignForm::from_draft(&draft);
        let starts_on = draft.phases[1].starts_on;
        form.phases[1].starts_on = zhenggai::domain::date::format_date_zh(starts_on);
        form.phases[1].ends_on = draft.phases[1].ends_on.format("%Y%m%d").to_string();
        assert!(form.problems().is_empty(), "{:?}", form.problems());
        assert_eq!(form.to_draft().unwrap(), draft);
    }

    #[test]
    fn bad_year_and_dates_are_named_in_chinese() {
        let mut form = CampaignForm::from_draft(&default_campaign(2026));
        form.year = "二〇二六".into();
        form.phases[1].starts_on = "2026-02-30".into();
        let problems: Vec<String> = form.problems().iter().map(ToString::to_string).collect();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("年度"));
        assert!(problems[1].contains("第 2 阶段") && problems[1].contains("开始日期"));
        assert!(form.to_draft().is_err());

        let mut form = CampaignForm::from_draft(&default_campaign(2026));
        form.phases[0].ends_on = "2026-02-01".into();
        let problems: Vec<String> = form.problems().iter().map(ToString::to_string).collect();
        assert_eq!(problems.len(), 1);
        assert!(problems[0].contains("早于开始日期"), "{problems:?}");
    }
}
