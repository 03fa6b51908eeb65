//! The sample workbook （示例台账）：a throwaway database of its own, in a clearly named folder
//! beside the clerk's, so looking at the sample never writes a byte into the clerk's file. It is
//! made afresh each time it is opened and deleted when it is left.

use std::path::{Path, PathBuf};

use chrono::Datelike;
use eframe::egui::{self, RichText};
use zhenggai::demo::{self, DemoOptions};
use zhenggai::domain::{UnitDraft, local_today};
use zhenggai::setup::init_workbook;
use zhenggai::store::{Store, StoreError, StoreResult, backup, remove_database_files};

use crate::ui::shell::jobs::JobRequest;
use crate::ui::shell::session::Session;

/// The sample's fictional unit.
pub const SAMPLE_UNIT: &str = "市行政审批局";

/// The folder, beside the clerk's database, that holds the sample and nothing else.
const SAMPLE_FOLDER: &str = "示例台账（演示用，可删除）";

/// The sample database's file name inside [`SAMPLE_FOLDER`].
const SAMPLE_FILE: &str = "示例台账.db";

/// How many problems the sample has: enough to scroll, filter and print a real-looking ledger.
const SAMPLE_PROBLEMS: usize = 120;

/// Where the sample for the clerk's database `home` lives.
pub fn sample_db_path(home: &Path) -> PathBuf {
    home.parent()
        .unwrap_or_else(|| Path::new("."))
        .join(SAMPLE_FOLDER)
        .join(SAMPLE_FILE)
}

/// Opens an empty sample database for `home`, throwing away whatever an earlier sample left.
pub fn open_fresh(home: &Path) -> StoreResult<Session> {
    let path = sample_db_path(home);
    discard(&path);
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder).map_err(|source| StoreError::io(folder, source))?;
    }
    Store::open(&path).and_then(Session::new)
}

/// Deletes the sample at `path`: its database files, its backups and then its folder. Only
/// files the sample itself makes are removed, so a folder someone put other files in stays.
pub fn discard(path: &Path) {
    remove_database_files(path);
    let _ = std::fs::remove_dir_all(backup::backup_dir(path));
    if let Some(folder) = path.parent() {
        let _ = std::fs::remove_dir(folder);
    }
}

/// The long work that fills the sample: the fictional unit, its campaign and problems.
pub fn fill_request() -> JobRequest {
    let today = local_today();
    JobRequest::write("正在生成示例台账……", move |store, _job| {
        let unit = UnitDraft {
            name: SAMPLE_UNIT.to_owned(),
            superior: "市作风建设领导小组办公室".to_owned(),
            ..UnitDraft::default()
        };
        init_workbook(store, unit, today.year())?;
        let report = demo::populate(
            store,
            &DemoOptions {
                problems: SAMPLE_PROBLEMS,
                seed: 7,
                today,
            },
        )?;
        Ok(format!(
            "已打开示例台账：{} 个问题，{} 条整改措施，均为虚构，可随意操作。",
            report.problems, report.measures
        ))
    })
}

/// The banner over every screen of the sample; `true` when 退出示例 was clicked.
pub fn banner_ui(ui: &mut egui::Ui) -> bool {
    let mut leave = false;
    let fill = egui::Color32::from_rgb(255, 243, 205);
    egui::Frame::new()
        .fill(fill)
        .inner_margin(egui::Margin::symmetric(10, 6))
        .show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.label(
                    RichText::new("示例台账")
                        .strong()
                        .color(egui::Color32::from_rgb(160, 60, 0)),
                );
                ui.label(
                    RichText::new(
                        "这里的单位和数据都是虚构的，可以随意查看、修改和导出，不会影响您自己的台账。",
                    )
                    .color(egui::Color32::from_rgb(90, 60, 0)),
                );
                if ui.button("退出示例").clicked() {
                    leave = true;
                }
            });
        });
    leave
}
