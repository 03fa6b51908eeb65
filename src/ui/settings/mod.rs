//! The 设置 screen: unit information and the campaign, the category taxonomy, the default
//! signers, and the data file with its backups, one tab each.

pub mod backups;
pub mod campaign;
pub mod taxonomy;
pub mod template;

use chrono::Datelike;
use eframe::egui::{self, RichText};
use zhenggai::domain::{Command, UnitDraft};
use zhenggai::setup::default_campaign;

use crate::ui::settings::backups::{BackupsPanel, backups_panel_ui};
use crate::ui::settings::campaign::{CampaignForm, campaign_form_ui};
use crate::ui::settings::taxonomy::{TaxonomyEditor, taxonomy_editor_ui};
use crate::ui::shell::low_power::{LowPower, low_power_ui};
use crate::ui::shell::nav::Nav;
use crate::ui::shell::session::Session;
use crate::ui::shell::text_size::text_size_ui;
use crate::ui::sign_off::signers_form::{SignersForm, signers_form_ui};
use crate::ui::widgets::form_problem::FormProblem;
use crate::ui::widgets::{error_label, text_row};
use crate::ui::wizard::check_unit;

/// The tabs of the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Tab {
    /// 单位信息 and 专项活动.
    #[default]
    Unit,
    /// 问题类别.
    Taxonomy,
    /// 默认签字人.
    Signers,
    /// 数据与备份.
    Data,
    /// 显示：the text size and 低配模式.
    Display,
}

impl Tab {
    const ALL: [Self; 5] = [
        Self::Unit,
        Self::Taxonomy,
        Self::Signers,
        Self::Data,
        Self::Display,
    ];

    fn label(self) -> &'static str {
        match self {
            Self::Unit => "单位信息",
            Self::Taxonomy => "问题类别",
            Self::Signers => "默认签字人",
            Self::Data => "数据与备份",
            Self::Display => "显示",
        }
    }
}

/// A form over stored values: `edit` is what the user sees and types, `baseline` the stored
/// value it started from. When the stored value changes (a save, an undo), the form follows it
/// unless the user has typed something of their own, which is never thrown away.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Synced<T> {
    /// The stored value the form last saw.
    pub baseline: T,
    /// What the form shows.
    pub edit: T,
}

impl<T: Clone + PartialEq> Synced<T> {
    /// A form showing `stored`.
    pub fn new(stored: T) -> Self {
        Self {
            baseline: stored.clone(),
            edit: stored,
        }
    }

    /// Follows the stored value: takes it over when the user had not changed the form, or when
    /// the form already shows it (their own save landed).
    pub fn sync(&mut self, stored: &T) {
        if *stored == self.baseline {
            return;
        }
        if self.edit == self.baseline || self.edit == *stored {
            self.edit = stored.clone();
        }
        self.baseline = stored.clone();
    }

    /// Whether the form differs from the stored value.
    pub fn is_dirty(&self) -> bool {
        self.edit != self.baseline
    }

    /// Throws the user's changes away.
    pub fn revert(&mut self) {
        self.edit = self.baseline.clone();
    }
}

/// The screen's state.
#[derive(Default)]
pub struct SettingsScreen {
    tab: Tab,
    unit: Option<Synced<UnitDraft>>,
    unit_error: Option<FormProblem>,
    campaign: Option<Synced<CampaignForm>>,
    campaign_error: Option<FormProblem>,
    signers: SignersForm,
    taxonomy: TaxonomyEditor,
    backups: BackupsPanel,
}

/// Draws the screen.
pub fn settings_ui(
    ui: &mut egui::Ui,
    screen: &mut SettingsScreen,
    session: &mut Session,
    nav: &mut Nav,
    low_power: &mut LowPower,
) {
    ui.heading("设置");
    ui.horizontal(|ui| {
        for tab in Tab::ALL {
            let label = RichText::new(tab.label()).size(15.0);
            if ui
                .add(egui::Button::selectable(screen.tab == tab, label))
                .clicked()
                && screen.tab != tab
            {
                screen.tab = tab;
                if tab == Tab::Data {
                    // The list of backups is read when the tab opens, not on every frame.
                    screen.backups.refresh();
                }
            }
        }
    });
    ui.separator();
    if let Some(error) = &session.error {
        error_label(ui, error);
    }
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| match screen.tab {
            Tab::Unit => unit_tab_ui(ui, screen, session),
            Tab::Taxonomy => taxonomy_editor_ui(ui, &mut screen.taxonomy, session),
            Tab::Signers => signers_form_ui(ui, &mut screen.signers, session),
            Tab::Data => backups_panel_ui(ui, &mut screen.backups, session, nav),
            Tab::Display => {
                text_size_ui(ui);
                ui.separator();
                low_power_ui(ui, low_power);
            }
        });
}

fn unit_tab_ui(ui: &mut egui::Ui, screen: &mut SettingsScreen, session: &mut Session) {
    let Some(stored_unit) = session
        .workbook
        .unit
        .as_ref()
        .map(zhenggai::domain::Unit::to_draft)
    else {
        ui.label("尚未建立单位。");
        return;
    };
    let unit = screen
        .unit
        .get_or_insert_with(|| Synced::new(stored_unit.clone()));
    unit.sync(&stored_unit);

    ui.label(RichText::new("单位信息").strong().size(16.0));
    text_row(ui, "单位全称", &mut unit.edit.name);
    text_row(ui, "单位代码", &mut unit.edit.code);
    text_row(ui, "上级单位", &mut unit.edit.superior);
    text_row(ui, "主要负责人", &mut unit.edit.leader);
    ui.horizontal(|ui| {
        let dirty = unit.is_dirty();
        if ui
            .add_enabled(dirty, egui::Button::new("保存单位信息"))
            .clicked()
        {
            match check_unit(&unit.edit) {
                Ok(draft) => {
                    screen.unit_error = None;
                    session.queue(Command::UpdateUnit(draft));
                }
                Err(message) => screen.unit_error = Some(message),
            }
        }
        if ui
            .add_enabled(dirty, egui::Button::new("放弃修改"))
            .clicked()
        {
            unit.revert();
            screen.unit_error = None;
        }
    });
    if let Some(error) = &screen.unit_error {
        error_label(ui, error);
    }
    if let Some(key) = &session.workbook.unit_key {
        ui.add_space(8.0);
        ui.label(crate::ui::sign_off::key_line(key)).on_hover_text(
            "报送数据包用这两把密钥（Ed25519 和国密 SM2）签名；上级单位据此核对报送来源。签发的文书上印有同样的指纹。",
        );
    }

    ui.add_space(16.0);
    ui.separator();
    ui.label(RichText::new("专项活动").strong().size(16.0));
    let stored_id = session
        .workbook
        .campaign
        .as_ref()
        .map(|campaign| campaign.id);
    // A database without a campaign (possible after an old CLI init) is offered this year's.
    let stored_form = session.workbook.campaign.as_ref().map_or_else(
        || CampaignForm::from_draft(&default_campaign(session.workbook.today.year())),
        |campaign| CampaignForm::from_draft(&campaign.to_draft()),
    );
    let campaign = screen
        .campaign
        .get_or_insert_with(|| Synced::new(stored_form.clone()));
    campaign.sync(&stored_form);
    campaign_form_ui(ui, "settings", &mut campaign.edit);
    ui.horizontal(|ui| {
        let dirty = campaign.is_dirty() || stored_id.is_none();
        let label = if stored_id.is_some() {
            "保存专项活动"
        } else {
            "建立专项活动"
        };
        if ui.add_enabled(dirty, egui::Button::new(label)).clicked() {
            match campaign.edit.to_draft() {
                Ok(draft) => {
                    screen.campaign_error = None;
                    session.queue(match stored_id {
                        Some(campaign_id) => Command::UpdateCampaign { campaign_id, draft },
                        None => Command::CreateCampaign(draft),
                    });
                }
                Err(message) => screen.campaign_error = Some(message),
            }
        }
        if ui
            .add_enabled(campaign.is_dirty(), egui::Button::new("放弃修改"))
            .clicked()
        {
            campaign.revert();
            screen.campaign_error = None;
        }
    });
    if let Some(error) = &screen.campaign_error {
        error_label(ui, error);
    }
}

#[cfg(test)]
mod tests;
