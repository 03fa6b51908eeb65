//! 模板: the taxonomy and phase plan as a file a superior office hands down. A superior
//! exports it; a unit imports it, which adds missing categories by name and takes the phase
//! plan, keeping everything already recorded. Both run as long work on the worker thread.

use std::path::PathBuf;

use eframe::egui::{self, RichText};
use zhenggai::interop::{export_template, import_template, read_template};

use crate::ui::shell::jobs::JobRequest;
use crate::ui::shell::session::Session;
use crate::ui::widgets::{error_label, label_cell};

/// The panel's state: the template file's path as typed or chosen.
#[derive(Default)]
pub struct TemplatePanel {
    path: String,
    problem: Option<String>,
}

/// Draws the panel.
pub fn template_panel_ui(ui: &mut egui::Ui, panel: &mut TemplatePanel, session: &mut Session) {
    ui.label(RichText::new("模板（上级下发）").strong().size(16.0));
    ui.label("上级单位可导出本单位的问题类别和活动阶段作为模板下发；下级单位导入模板后，按名称补充缺少的类别并采用模板的活动阶段，已有的问题和类别不变。");
    ui.horizontal(|ui| {
        let label = label_cell(ui, "模板文件");
        ui.add(
            egui::TextEdit::singleline(&mut panel.path)
                .hint_text("D:\\模板\\作风建设模板.json")
                .desired_width(380.0),
        )
        .labelled_by(label.id);
        if ui.button("选择…").clicked()
            && let Some(path) = rfd::FileDialog::new()
                .set_title("选择模板文件")
                .add_filter("整改台账模板", &["json"])
                .pick_file()
        {
            panel.path = path.display().to_string();
        }
    });
    ui.horizontal(|ui| {
        let export = ui.button("导出模板到此文件").clicked();
        let import = ui.button("从此文件导入模板").clicked();
        if !(export || import) {
            return;
        }
        let path = PathBuf::from(panel.path.trim().trim_matches('"'));
        if path.as_os_str().is_empty() {
            panel.problem = Some("请先填写或选择模板文件。".to_owned());
            return;
        }
        panel.problem = None;
        if export {
            session.request_job(JobRequest::read(
                "正在导出模板……",
                move |store, _job| {
                    let template = export_template(store, &path)?;
                    Ok(format!(
                        "已导出模板 {}（{} 个类别，{} 个阶段）。",
                        path.display(),
                        template.categories.len(),
                        template.campaign.phases.len()
                    ))
                },
            ));
        } else {
            session.request_job(JobRequest::write(
                "正在导入模板……",
                move |store, _job| {
                    let template = read_template(&path)?;
                    let report = import_template(store, &template)
                        .map_err(|err| anyhow::anyhow!("模板未导入，现有数据没有改动：{err}"))?;
                    Ok(format!(
                        "已导入模板：新增 {} 个类别、{} 个子类，{} 项已存在；活动阶段已更新。",
                        report.areas_added, report.items_added, report.unchanged
                    ))
                },
            ));
        }
    });
    if let Some(problem) = &panel.problem {
        error_label(ui, problem);
    }
}

#[cfg(test)]
mod tests {
    use eframe::egui::accesskit::Role;
    use egui_kittest::kittest::Queryable;

    use crate::ui::test_support::{TestDb, app_harness};

    #[test]
    fn a_template_is_exported_from_the_taxonomy_tab() {
        let db = TestDb::with_unit(0);
        let folder = tempfile::tempdir().expect("temp dir");
        let file = folder.path().join("模板.json");
        let mut harness = app_harness(&db);
        harness.get_by_role_and_label(Role::Button, "设置").click();
        harness.run();
        harness
            .get_by_role_and_label(Role::Button, "问题类别")
            .click();
        harness.run();
        harness
            .get_by_role_and_label(Role::TextInput, "模板文件")
            .focus();
        harness.run();
        harness
            .get_by_role_and_label(Role::TextInput, "模板文件")
            .type_text(&file.display().to_string());
        harness.run();
        harness
            .get_by_role_and_label(Role::Button, "导出模板到此文件")
            .click();
        for _ in 0..300 {
            harness.step();
            if harness.query_by_label_contains("已导出模板").is_some() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let template = zhenggai::interop::read_template(&file).expect("a template was written");
        let stored = db.read().categories().expect("read");
        let areas = stored.iter().filter(|c| c.parent_id.is_none()).count();
        assert_eq!(template.categories.len(), areas);
        assert_eq!(template.campaign.phases.len(), 5);
    }
}
