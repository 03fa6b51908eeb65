//! The first-run wizard: unit information, the campaign with its phases, the category taxonomy,
//! then a summary whose 建立台账 creates everything in one transaction; or, for someone who
//! wants to look first, the sample workbook. What was typed is kept when going back and forth.

pub mod taxonomy;

use chrono::Datelike;
use eframe::egui::{self, RichText};
use zhenggai::domain::date::format_date;
use zhenggai::domain::local_today;
use zhenggai::domain::{Command, OfficeDraft, UnitDraft};
use zhenggai::setup::default_campaign;

use crate::ui::settings::campaign::{CampaignForm, campaign_form_ui};
use crate::ui::shell::session::Session;
use crate::ui::widgets::form_problem::FormProblem;
use crate::ui::widgets::{error_label, text_row};
use crate::ui::wizard::taxonomy::{TaxonomyForm, taxonomy_form_ui};

/// What the wizard asks the app to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WizardAction {
    /// Nothing yet.
    None,
    /// Fill the empty database with the sample unit's demo data (long work, off the UI thread).
    LoadSample,
    /// The workbook has been created; the app shows its first screen.
    Created,
}

/// The footer's message when the reasons are shown in red beside the fields.
const FIX_ABOVE: &str = "请先改正上面用红字标出的问题，再进入下一步。";

/// The wizard's steps, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Step {
    /// 单位信息.
    #[default]
    Unit,
    /// 专项活动.
    Campaign,
    /// 问题类别.
    Taxonomy,
    /// 完成: the summary and 建立台账.
    Finish,
}

impl Step {
    const ALL: [Self; 4] = [Self::Unit, Self::Campaign, Self::Taxonomy, Self::Finish];

    fn label(self) -> &'static str {
        match self {
            Self::Unit => "单位信息",
            Self::Campaign => "专项活动",
            Self::Taxonomy => "问题类别",
            Self::Finish => "完成",
        }
    }

    fn index(self) -> usize {
        Self::ALL.iter().position(|&step| step == self).unwrap_or(0)
    }

    fn next(self) -> Self {
        Self::ALL.get(self.index() + 1).copied().unwrap_or(self)
    }

    fn previous(self) -> Self {
        self.index()
            .checked_sub(1)
            .and_then(|index| Self::ALL.get(index).copied())
            .unwrap_or(self)
    }
}

/// The wizard's state: everything typed so far, kept across the steps.
pub struct WizardScreen {
    step: Step,
    unit: UnitDraft,
    campaign: CampaignForm,
    taxonomy: TaxonomyForm,
    /// The office's name when this database becomes an aggregate instead.
    office: String,
    /// Why the last 下一步 or 建立台账 was refused, kept typed until the footer draws it.
    error: Option<FormProblem>,
}

impl Default for WizardScreen {
    fn default() -> Self {
        Self {
            step: Step::default(),
            unit: UnitDraft::default(),
            campaign: CampaignForm::from_draft(&default_campaign(local_today().year())),
            taxonomy: TaxonomyForm::default(),
            office: String::new(),
            error: None,
        }
    }
}

impl WizardScreen {
    /// Checks the current step; the reason it cannot go on.
    fn check_step(&self) -> Result<(), FormProblem> {
        match self.step {
            Step::Unit => check_unit(&self.unit).map(|_| ()),
            // The reasons are already listed in red under the fields; the footer points there.
            Step::Campaign if !self.campaign.problems().is_empty() => Err(FIX_ABOVE.into()),
            Step::Taxonomy if self.taxonomy.problem().is_some() => Err(FIX_ABOVE.into()),
            Step::Campaign | Step::Taxonomy | Step::Finish => Ok(()),
        }
    }

    /// Creates the workbook from everything typed, in one transaction.
    fn create(&mut self, session: &mut Session) -> Result<(), FormProblem> {
        let unit = self.unit.clone().validate()?;
        let campaign = self.campaign.to_draft()?;
        if let Some(problem) = self.taxonomy.problem() {
            return Err(problem);
        }
        session.init_workbook(unit, campaign, &self.taxonomy.to_taxonomy())
    }
}

/// Checks the unit as the store will, naming the field as the form does (单位全称).
pub fn check_unit(unit: &UnitDraft) -> Result<UnitDraft, FormProblem> {
    if unit.name.trim().is_empty() {
        return Err("请填写「单位全称」：它会打印在每一份文书上。".into());
    }
    Ok(unit.clone().validate()?)
}

/// Draws the wizard on an empty database.
pub fn wizard_ui(
    ui: &mut egui::Ui,
    screen: &mut WizardScreen,
    session: &mut Session,
) -> WizardAction {
    // Forms read better at a comfortable width than stretched across a wide screen.
    let size = egui::vec2(ui.available_width().min(960.0), ui.available_height());
    ui.allocate_ui_with_layout(size, egui::Layout::top_down(egui::Align::Min), |ui| {
        wizard_body_ui(ui, screen, session)
    })
    .inner
}

fn wizard_body_ui(
    ui: &mut egui::Ui,
    screen: &mut WizardScreen,
    session: &mut Session,
) -> WizardAction {
    let mut action = WizardAction::None;
    ui.heading(RichText::new("欢迎使用整改台账").size(24.0));
    ui.label("先用几步建立本单位的台账。每一步都可以返回修改，建立后在「设置」中也能调整。");
    ui.add_space(8.0);
    steps_ui(ui, screen.step);
    ui.separator();

    let footer_height = 48.0;
    egui::ScrollArea::vertical()
        .max_height((ui.available_height() - footer_height).max(120.0))
        .auto_shrink([false, true])
        .show(ui, |ui| match screen.step {
            Step::Unit => match unit_step_ui(ui, &mut screen.unit, &mut screen.office) {
                UnitStepAction::Sample => action = WizardAction::LoadSample,
                UnitStepAction::Aggregate => {
                    let name = screen.office.trim().to_owned();
                    if name.is_empty() {
                        screen.error = Some("请填写汇总单位的名称，如“市作风办”。".into());
                    } else {
                        session.queue(Command::InitOffice(OfficeDraft { name }));
                    }
                }
                UnitStepAction::None => {}
            },
            Step::Campaign => {
                ui.label("专项活动的名称、年度和各阶段时间，默认按《实施方案》的五个阶段安排。");
                ui.add_space(6.0);
                campaign_form_ui(ui, "wizard", &mut screen.campaign);
            }
            Step::Taxonomy => taxonomy_form_ui(ui, &mut screen.taxonomy),
            Step::Finish => summary_ui(ui, screen),
        });

    ui.separator();
    // A refusal disappears once what caused it has been corrected.
    if screen.error.is_some() && screen.step != Step::Finish && screen.check_step().is_ok() {
        screen.error = None;
    }
    if let Some(error) = &screen.error {
        error_label(ui, error);
    }
    ui.horizontal(|ui| {
        let button = |text: &str| {
            egui::Button::new(RichText::new(text).size(15.0)).min_size(egui::vec2(96.0, 30.0))
        };
        if screen.step != Step::Unit && ui.add(button("上一步")).clicked() {
            screen.error = None;
            screen.step = screen.step.previous();
        }
        if screen.step == Step::Finish {
            let create = ui.add(button("建立台账"));
            if create.clicked() {
                match screen.create(session) {
                    Ok(()) => {
                        screen.error = None;
                        action = WizardAction::Created;
                    }
                    Err(problem) => screen.error = Some(problem),
                }
            }
        } else if ui.add(button("下一步")).clicked() {
            match screen.check_step() {
                Ok(()) => {
                    screen.error = None;
                    screen.step = screen.step.next();
                }
                Err(problem) => screen.error = Some(problem),
            }
        }
    });
    action
}

/// The row of step names with the current one highlighted.
fn steps_ui(ui: &mut egui::Ui, current: Step) {
    ui.horizontal(|ui| {
        for step in Step::ALL {
            if step != Step::Unit {
                ui.weak("›");
            }
            let text = format!("{} {}", step.index() + 1, step.label());
            if step == current {
                ui.label(
                    RichText::new(text)
                        .strong()
                        .color(ui.visuals().hyperlink_color),
                );
            } else {
                ui.weak(text);
            }
        }
    });
}

/// The unit's fields, and the offer to look at the sample first. Returns whether the sample
/// was asked for.
/// What the first step's extra buttons ask for.
enum UnitStepAction {
    None,
    /// Open the sample workbook.
    Sample,
    /// Make this database the superior office's aggregate.
    Aggregate,
}

fn unit_step_ui(ui: &mut egui::Ui, unit: &mut UnitDraft, office: &mut String) -> UnitStepAction {
    text_row(ui, "单位全称", &mut unit.name);
    ui.horizontal(|ui| {
        ui.add_space(crate::ui::widgets::LABEL_WIDTH + ui.spacing().item_spacing.x);
        ui.weak("必填，打印在每一份文书上，如“某县行政审批服务局”。");
    });
    text_row(ui, "单位代码", &mut unit.code);
    text_row(ui, "上级单位", &mut unit.superior);
    text_row(ui, "主要负责人", &mut unit.leader);
    ui.add_space(24.0);
    ui.separator();
    ui.label(
        "想先看看台账是什么样子？可以打开一份示例台账（虚构的“市行政审批局”，约 120 个问题）。",
    );
    if ui.button("先看看示例台账").clicked() {
        return UnitStepAction::Sample;
    }
    ui.add_space(16.0);
    ui.separator();
    ui.label("上级单位（如作风办）用本程序接收、核验并汇总各单位报送的数据包？请建立汇总库：");
    let mut action = UnitStepAction::None;
    ui.horizontal(|ui| {
        let label = ui.label("汇总单位名称");
        ui.add(egui::TextEdit::singleline(office).desired_width(280.0))
            .labelled_by(label.id);
        if ui.button("建立汇总库").clicked() {
            action = UnitStepAction::Aggregate;
        }
    });
    action
}

/// The summary before 建立台账.
fn summary_ui(ui: &mut egui::Ui, screen: &WizardScreen) {
    ui.label(RichText::new("请核对以下信息，确认后点「建立台账」。").strong());
    ui.add_space(6.0);
    let unit = &screen.unit;
    let dash = |text: &str| {
        if text.trim().is_empty() {
            "（未填）".to_owned()
        } else {
            text.trim().to_owned()
        }
    };
    egui::Grid::new("wizard_summary")
        .num_columns(2)
        .spacing([16.0, 6.0])
        .show(ui, |ui| {
            ui.label("单位全称");
            ui.label(dash(&unit.name));
            ui.end_row();
            ui.label("单位代码");
            ui.label(dash(&unit.code));
            ui.end_row();
            ui.label("上级单位");
            ui.label(dash(&unit.superior));
            ui.end_row();
            ui.label("主要负责人");
            ui.label(dash(&unit.leader));
            ui.end_row();
            match screen.campaign.to_draft() {
                Ok(campaign) => {
                    ui.label("专项活动");
                    ui.label(format!("{}（{} 年度）", campaign.title, campaign.year));
                    ui.end_row();
                    for (index, phase) in campaign.phases.iter().enumerate() {
                        ui.label(if index == 0 { "活动阶段" } else { "" });
                        ui.label(format!(
                            "{}. {}：{} 至 {}",
                            index + 1,
                            phase.name,
                            format_date(phase.starts_on),
                            format_date(phase.ends_on)
                        ));
                        ui.end_row();
                    }
                }
                Err(problem) => {
                    ui.label("专项活动");
                    error_label(ui, &problem);
                    ui.end_row();
                }
            }
            let (areas, items) = screen.taxonomy.counts();
            ui.label("问题类别");
            ui.label(format!("{areas} 个领域，{items} 项具体表现"));
            ui.end_row();
        });
}

#[cfg(test)]
mod tests {
    use chrono::{Datelike, NaiveDate};
    use eframe::egui::accesskit::Role;
    use egui_kittest::kittest::Queryable;
    use zhenggai::domain::local_today;

    use crate::ui::shell::sample::sample_db_path;
    use crate::ui::test_support::{TestDb, app_harness};

    #[test]
    fn the_whole_wizard_creates_the_unit_the_campaign_and_the_edited_taxonomy() {
        let db = TestDb::empty();
        let mut harness = app_harness(&db);
        let year = local_today().year();

        // 1. 单位信息: the name is typed into the focused field.
        harness.get_by_label("单位全称").click();
        harness.run();
        harness
            .get_by_label("单位全称")
            .type_text("某县行政审批服务局");
        harness.get_by_label("主要负责人").click();
        harness.run();
        harness.get_by_label("主要负责人").type_text("王建国");
        harness.run();
        harness.get_by_label("下一步").click();
        harness.run();

        // 2. 专项活动: the third phase ends earlier than the template says.
        let new_end = format!("{year}-09-20");
        harness
            .get_by_label("第3阶段结束日期")
            .set_text_value_accesskit(&new_end);
        harness.run();
        harness.get_by_label("下一步").click();
        harness.run();

        // 3. 问题类别: the first item is renamed and a new area is added.
        harness
            .get_by_label("第1个领域第1项")
            .set_text_value_accesskit("窗口授权不充分");
        harness
            .get_by_label("新领域名称")
            .set_text_value_accesskit("其他作风问题");
        harness.run();
        // The tree is taller than the window: the button is scrolled to first, as a user would.
        harness.get_by_label("添加领域").scroll_to_me();
        harness.run();
        harness.get_by_label("添加领域").click();
        harness.run();
        harness.get_by_label("下一步").click();
        harness.run();

        // 4. 完成: the summary shows what will be created; going back keeps what was typed.
        harness.get_by_label_contains("5 个领域，19 项具体表现");
        harness.get_by_label("上一步").click();
        harness.run();
        assert_eq!(
            harness.get_by_label("第1个领域第1项").value().as_deref(),
            Some("窗口授权不充分")
        );
        harness.get_by_label("下一步").click();
        harness.run();
        harness.get_by_label("建立台账").click();
        harness.run();

        // The app now shows the workbook, and the store holds everything in one go.
        harness.get_by_role_and_label(Role::Button, "问题清单");
        let store = db.read();
        let unit = store.unit().unwrap().expect("unit created");
        assert_eq!(unit.name, "某县行政审批服务局");
        assert_eq!(unit.leader, "王建国");
        let campaign = store.current_campaign().unwrap().expect("campaign created");
        assert_eq!(campaign.year, year);
        assert_eq!(campaign.phases.len(), 5);
        assert_eq!(
            campaign.phases[2].ends_on,
            NaiveDate::parse_from_str(&new_end, "%Y-%m-%d").unwrap()
        );
        let categories = store.categories().unwrap();
        assert!(categories.iter().any(|c| c.name == "窗口授权不充分"));
        assert!(!categories.iter().any(|c| c.name == "窗口授权不到位"));
        assert!(
            categories
                .iter()
                .any(|c| c.name == "其他作风问题" && c.parent_id.is_none())
        );
        assert_eq!(categories.len(), 5 + 19);
    }

    #[test]
    fn an_invalid_date_or_a_missing_name_blocks_next_with_a_chinese_message() {
        let db = TestDb::empty();
        let mut harness = app_harness(&db);

        // Without a unit name the first step does not go on.
        harness.get_by_label("下一步").click();
        harness.run();
        harness.get_by_label_contains("请填写「单位全称」");
        harness.get_by_label("单位全称");

        harness
            .get_by_label("单位全称")
            .set_text_value_accesskit("某县市场监督管理局");
        harness.run();
        harness.get_by_label("下一步").click();
        harness.run();

        // An impossible date is named under the phases and blocks 下一步.
        harness
            .get_by_label("第2阶段开始日期")
            .set_text_value_accesskit("2026-02-30");
        harness.run();
        harness.get_by_label("下一步").click();
        harness.run();
        assert!(
            harness
                .query_all_by_label_contains("第 2 阶段：「开始日期」不是有效日期")
                .count()
                >= 1
        );
        harness.get_by_label("第2阶段开始日期");
        assert!(harness.query_by_label("第1个领域").is_none());

        // Correcting it lets the wizard go on; nothing was written meanwhile.
        harness
            .get_by_label("第2阶段开始日期")
            .set_text_value_accesskit(&format!("{}-04-01", local_today().year()));
        harness.run();
        harness.get_by_label("下一步").click();
        harness.run();
        harness.get_by_label("第1个领域");
        assert!(db.read().unit().unwrap().is_none());
    }

    #[test]
    fn the_sample_opens_in_its_own_database_and_leaving_it_returns_to_the_wizard() {
        let db = TestDb::empty();
        let mut harness = app_harness(&db);
        harness.get_by_label("先看看示例台账").click();
        // The demo is generated on a worker thread; frames are stepped until it is back.
        for _ in 0..1200 {
            harness.step();
            if harness
                .state()
                .session()
                .is_some_and(|s| s.workbook.unit.is_some())
            {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(25));
        }
        harness.run();
        assert!(harness.state().in_sample());
        let session = harness
            .state()
            .session()
            .expect("session back from the worker");
        assert_eq!(session.workbook.unit.as_ref().unwrap().name, "市行政审批局");
        assert_eq!(session.workbook.problems.len(), 120);
        let sample = sample_db_path(&db.path);
        assert_eq!(session.store().path(), sample.as_path());
        assert!(sample.exists());
        // The sample says so on every screen, and the clerk's file holds nothing of it.
        for screen in [
            "概览",
            "问题清单",
            "整改承诺",
            "制度清单",
            "签发与导出",
            "设置",
        ] {
            harness.get_by_role_and_label(Role::Button, screen).click();
            harness.run();
            harness.get_by_label_contains("这里的单位和数据都是虚构的");
        }
        assert!(db.read().unit().unwrap().is_none());
        assert_eq!(db.read().problems().unwrap().len(), 0);

        harness.get_by_label("退出示例").click();
        harness.run();
        assert!(!harness.state().in_sample());
        harness.get_by_label("先看看示例台账");
        harness.get_by_label_contains("已退出示例台账");
        assert!(!sample.exists(), "the sample is thrown away");
        assert!(!sample.parent().unwrap().exists(), "and its folder with it");
        assert_eq!(
            harness.state().session().unwrap().store().path(),
            db.path.as_path()
        );
        // The clerk's database was never written: the wizard still starts from nothing.
        drop(harness);
        assert!(db.read().unit().unwrap().is_none());
        assert!(db.read().categories().unwrap().is_empty());
    }

    #[test]
    fn the_first_page_can_make_an_aggregate_instead() {
        let db = TestDb::empty();
        let mut harness = app_harness(&db);
        // Without a name it is refused inline and nothing is written.
        harness.get_by_label("建立汇总库").click();
        harness.run();
        harness.get_by_label_contains("请填写汇总单位的名称");
        assert!(db.read().office().unwrap().is_none());

        harness
            .get_by_role_and_label(Role::TextInput, "汇总单位名称")
            .focus();
        harness.run();
        harness
            .get_by_role_and_label(Role::TextInput, "汇总单位名称")
            .type_text("市作风办");
        harness.run();
        harness.get_by_label("建立汇总库").click();
        harness.run();
        let store = db.read();
        assert_eq!(store.office().unwrap().unwrap().name, "市作风办");
        assert!(store.unit().unwrap().is_none());
        assert!(
            store.unit_key().unwrap().is_some(),
            "the office signs receipts"
        );
        harness.get_by_label("市作风办 · 汇总");
    }
}
