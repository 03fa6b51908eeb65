//! The 报送 guide as a strip of steps （填写问题 → … → 收到回执）：each done (√), next (●) or still to
//! come, the next one with a button that goes where it is done. Shown on 概览 and 签发与导出.

use eframe::egui::{self, Color32, RichText};
use zhenggai::domain::local_today;
use zhenggai::view::{Guide, GuideMarks, GuideStep, Submission};

use crate::ui::shell::nav::{Nav, Screen};
use crate::ui::shell::session::Session;
use crate::ui::widgets::error_label;

/// The guide worked out for one workbook generation and set of marks, so that a frame does not
/// run the pre-submission check again.
#[derive(Default)]
pub struct GuideCache {
    key: Option<(u64, GuideMarks)>,
    guide: Option<Result<Guide, String>>,
}

impl GuideCache {
    /// The guide for the session as it is now; `submission` when the caller has it already.
    pub fn guide(
        &mut self,
        session: &Session,
        submission: Option<&Submission>,
    ) -> &Result<Guide, String> {
        let key = (session.generation, session.guide_marks);
        if self.key != Some(key) || self.guide.is_none() {
            let guide = match submission {
                Some(submission) => Ok(Guide::new(
                    &session.workbook,
                    submission,
                    session.guide_marks,
                )),
                None => Submission::load(session.store(), local_today())
                    .map(|submission| {
                        Guide::new(&session.workbook, &submission, session.guide_marks)
                    })
                    .map_err(|err| err.to_string()),
            };
            self.key = Some(key);
            self.guide = Some(guide);
        }
        self.guide.get_or_insert_with(|| Err(String::new()))
    }
}

/// Where each step is done.
fn screen_of(step: GuideStep) -> Screen {
    match step {
        GuideStep::FillProblems | GuideStep::PlanMeasures | GuideStep::TrackCloseOut => {
            Screen::Problems
        }
        GuideStep::Check
        | GuideStep::SignOff
        | GuideStep::PrintAndSeal
        | GuideStep::ExportBundle
        | GuideStep::Receipt => Screen::SignOff,
    }
}

/// Draws the guide; the next step's button moves `nav` to where it is done.
pub fn guide_ui(ui: &mut egui::Ui, guide: &Result<Guide, String>, nav: &mut Nav) {
    let guide = match guide {
        Ok(guide) => guide,
        Err(message) => {
            error_label(ui, format!("无法读取报送进度：{message}"));
            return;
        }
    };
    let next = guide.next();
    let done_colour = Color32::from_rgb(40, 130, 60);
    ui.label(RichText::new("报送步骤").strong());
    ui.horizontal_wrapped(|ui| {
        for (index, line) in guide.lines.iter().enumerate() {
            if index > 0 {
                ui.weak("→");
            }
            let number = index + 1;
            let text = if line.done {
                RichText::new(format!("√ {number}. {}", line.step.label())).color(done_colour)
            } else if Some(line.step) == next {
                RichText::new(format!("● {number}. {}", line.step.label()))
                    .strong()
                    .color(ui.visuals().hyperlink_color)
            } else {
                RichText::new(format!("○ {number}. {}", line.step.label())).weak()
            };
            // A step's name is never broken across lines: it moves down whole.
            ui.add(egui::Label::new(text).wrap_mode(egui::TextWrapMode::Extend))
                .on_hover_text(&line.note);
        }
    });
    let Some(step) = next else {
        ui.label(RichText::new("全部完成：本版已报送并收到上级回执。").color(done_colour));
        return;
    };
    let note = guide
        .lines
        .iter()
        .find(|line| line.step == step)
        .map_or("", |line| line.note.as_str());
    ui.horizontal_wrapped(|ui| {
        ui.label(format!("下一步：{}（{note}）", step.label()));
        let screen = screen_of(step);
        if nav.screen != screen && ui.button(format!("去「{}」", screen.label())).clicked() {
            nav.screen = screen;
        }
    });
}
