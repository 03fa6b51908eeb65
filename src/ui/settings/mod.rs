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
use crate::ui::shell::nav::Nav;
use crate::ui::shell::session::Session;
use crate::ui::sign_off::signers_form::{SignersForm, signers_form_ui};
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
}

impl Tab {
    const ALL: [Self; 4] = [Self::Unit, Self::Taxonomy, Self::Signers, Self::Data];

    fn label(self) -> &'static str {
        match self {
            Self::Unit => "单位信息",
            Self::Taxonomy => "问题类别",
            Self::Signers => "默认签字人",
            Self::Data => "数据与备份",
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
    unit_error: Option<String>,
    campaign: Option<Synced<CampaignForm>>,
    campaign_error: Option<String>,
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
        ui.label(format!("单位密钥指纹:{}", key.fingerprint()))
            .on_hover_text(
                "报送数据包用这把密钥签名;上级单位据此核对报送来源。签发的文书上印有同一指纹。",
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
mod tests {
    use eframe::egui::{Key, accesskit::Role};
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;
    use zhenggai::domain::DefaultSigners;

    use crate::ui::shell::app::ZhenggaiApp;
    use crate::ui::test_support::{TestDb, app_harness};

    /// The app on `db`, on the 设置 screen's `tab`.
    fn settings_harness(db: &TestDb, tab: &str) -> Harness<'static, ZhenggaiApp> {
        let mut harness = app_harness(db);
        harness.get_by_role_and_label(Role::Button, "设置").click();
        harness.run();
        harness.get_by_role_and_label(Role::Button, tab).click();
        harness.run();
        harness
    }

    /// Replaces a field's text and leaves it with Enter, the way a name is committed.
    fn retype_and_enter(harness: &mut Harness<'static, ZhenggaiApp>, label: &str, text: &str) {
        harness.get_by_label(label).click();
        harness.run();
        harness.get_by_label(label).set_text_value_accesskit(text);
        harness.run();
        harness.key_press(Key::Enter);
        harness.run();
    }

    /// The names of the stored categories.
    fn category_names(db: &TestDb) -> Vec<String> {
        db.read()
            .categories()
            .unwrap()
            .into_iter()
            .map(|c| c.name)
            .collect()
    }

    #[test]
    fn renaming_and_adding_categories_is_saved_and_a_clash_is_explained() {
        let db = TestDb::with_unit(0);
        let mut harness = settings_harness(&db, "问题类别");
        retype_and_enter(&mut harness, "第1个领域第1项", "窗口授权不充分");
        let names = category_names(&db);
        assert!(names.iter().any(|n| n == "窗口授权不充分"), "{names:?}");
        assert!(!names.iter().any(|n| n == "窗口授权不到位"));

        // A sibling's name is refused before it reaches the store, with the reason shown.
        retype_and_enter(&mut harness, "第1个领域第2项", "窗口授权不充分");
        harness.get_by_label_contains("同一级下已有名为「窗口授权不充分」的类别");
        assert!(
            db.read()
                .categories()
                .unwrap()
                .iter()
                .any(|c| c.name == "审批流程欠科学")
        );

        // A new item under the second area.
        harness
            .get_by_label("第2个领域的新条目")
            .set_text_value_accesskit("推诿扯皮");
        harness.run();
        harness
            .get_all_by_label("添加条目")
            .nth(1)
            .unwrap()
            .scroll_to_me();
        harness.run();
        harness.get_all_by_label("添加条目").nth(1).unwrap().click();
        harness.run();
        let store = db.read();
        let categories = store.categories().unwrap();
        let added = categories
            .iter()
            .find(|c| c.name == "推诿扯皮")
            .expect("item added");
        let area = categories
            .iter()
            .find(|c| Some(c.id) == added.parent_id)
            .unwrap();
        assert_eq!(area.name, "依法行政中的不担当和不主动作为问题");
    }

    #[test]
    fn deleting_a_category_asks_first_and_a_used_one_is_refused_with_the_reason() {
        let db = TestDb::with_unit(30);
        let store = db.read();
        let categories = store.categories().unwrap();
        let used_item = store
            .problems()
            .unwrap()
            .iter()
            .find_map(|p| p.category_id)
            .expect("demo problems have categories");
        let unused_before = categories.len();
        drop(store);
        // The delete buttons come in tree order: each area, then its items.
        let position = categories.iter().position(|c| c.id == used_item).unwrap();
        let mut harness = settings_harness(&db, "问题类别");
        harness
            .get_all_by_label("删除")
            .nth(position)
            .unwrap()
            .click();
        harness.run();
        harness.get_by_label_contains("个问题,不能删除");
        harness.get_by_label("知道了").click();
        harness.run();
        assert!(harness.query_by_label("知道了").is_none());
        assert_eq!(db.read().categories().unwrap().len(), unused_before);

        // An unused new item: asked first; 取消 keeps it, 确定删除 deletes it.
        harness
            .get_by_label("新领域名称")
            .set_text_value_accesskit("临时领域");
        harness.run();
        harness.get_by_label("添加领域").scroll_to_me();
        harness.run();
        harness.get_by_label("添加领域").click();
        harness.run();
        assert_eq!(db.read().categories().unwrap().len(), unused_before + 1);
        let last = harness.get_all_by_label("删除").count() - 1;
        harness
            .get_all_by_label("删除")
            .nth(last)
            .unwrap()
            .scroll_to_me();
        harness.run();
        harness.get_all_by_label("删除").nth(last).unwrap().click();
        harness.run();
        harness.get_by_label_contains("确定删除类别「临时领域」吗");
        harness.get_by_label("取消").click();
        harness.run();
        assert_eq!(db.read().categories().unwrap().len(), unused_before + 1);
        harness.get_all_by_label("删除").nth(last).unwrap().click();
        harness.run();
        harness.get_by_label("确定删除").click();
        harness.run();
        let names = category_names(&db);
        assert_eq!(names.len(), unused_before);
        assert!(!names.iter().any(|n| n == "临时领域"));
    }

    #[test]
    fn default_signers_are_saved_in_the_workbook_and_undone_with_ctrl_z() {
        let db = TestDb::with_unit(0);
        let mut harness = settings_harness(&db, "默认签字人");
        for (label, name) in [
            ("填报人", "李娜"),
            ("审核人", "周强"),
            ("主要负责人", "王建国"),
        ] {
            harness.get_by_label(label).click();
            harness.run();
            harness.get_by_label(label).type_text(name);
            harness.run();
        }
        harness.get_by_label("保存默认签字人").click();
        harness.run();
        let expected = DefaultSigners {
            preparer: "李娜".into(),
            reviewer: "周强".into(),
            leader: "王建国".into(),
        };
        assert_eq!(db.read().default_signers().unwrap(), expected);
        let session = harness.state().session().expect("session");
        assert_eq!(session.workbook.default_signers, expected);

        // Undo brings the empty names back, in the store and in the form.
        harness.key_press_modifiers(eframe::egui::Modifiers::COMMAND, Key::Z);
        harness.run();
        assert_eq!(
            db.read().default_signers().unwrap(),
            DefaultSigners::default()
        );
        assert_eq!(harness.get_by_label("填报人").value().as_deref(), Some(""));
    }

    #[test]
    fn unit_information_and_campaign_are_edited_in_place() {
        let db = TestDb::with_unit(0);
        let mut harness = settings_harness(&db, "单位信息");
        harness
            .get_by_label("上级单位")
            .set_text_value_accesskit("县作风建设领导小组办公室");
        harness.run();
        harness.get_by_label("保存单位信息").click();
        harness.run();
        assert_eq!(
            db.read().unit().unwrap().unwrap().superior,
            "县作风建设领导小组办公室"
        );

        // A reversed phase is explained and not saved; a good title is.
        let year = db.read().current_campaign().unwrap().unwrap().year;
        harness
            .get_by_label("第1阶段结束日期")
            .set_text_value_accesskit(&format!("{year}-01-01"));
        harness
            .get_by_label("活动名称")
            .set_text_value_accesskit("作风建设提升年活动");
        harness.run();
        harness.get_by_label("保存专项活动").click();
        harness.run();
        assert!(harness.query_all_by_label_contains("早于开始日期").count() >= 1);
        assert_ne!(
            db.read().current_campaign().unwrap().unwrap().title,
            "作风建设提升年活动"
        );
        harness
            .get_by_label("第1阶段结束日期")
            .set_text_value_accesskit(&format!("{year}-03-20"));
        harness.run();
        harness.get_by_label("保存专项活动").click();
        harness.run();
        let campaign = db.read().current_campaign().unwrap().unwrap();
        assert_eq!(campaign.title, "作风建设提升年活动");
        assert_eq!(
            zhenggai::domain::date::format_date(campaign.phases[0].ends_on),
            format!("{year}-03-20")
        );
    }
}
