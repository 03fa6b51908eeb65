//! The 数据与备份 tab of 设置: where the data file is, the rotating backups beside it, a manual
//! backup (made off the UI thread through a second, read-only connection, so the window stays
//! responsive and the writer keeps its lock), and restoring from a listed backup after a
//! confirmation that says the current data is saved as a backup first.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::time::Duration;

use eframe::egui::{self, Key, RichText};
use zhenggai::domain::text::size_text;
use zhenggai::store::Store;
use zhenggai::store::backup::{BackupFile, backup_dir};

use super::nav::Nav;
use super::session::Session;
use super::widgets::error_label;

/// The reason written into the names of backups made with 立即备份.
const MANUAL_REASON: &str = "manual";

/// One listed backup, read when the list is refreshed.
#[derive(Debug, Clone)]
struct BackupRow {
    path: PathBuf,
    /// `2026-06-30 14:05:09`, or 未知 for a name without a stamp.
    made_at: String,
    reason: String,
    size: String,
}

impl BackupRow {
    fn new(backup: &BackupFile) -> Self {
        Self {
            path: backup.path.clone(),
            made_at: backup.made_at().map_or_else(
                || "未知".to_owned(),
                |time| time.format("%Y-%m-%d %H:%M:%S").to_string(),
            ),
            reason: reason_label(&backup.reason).to_owned(),
            size: backup
                .size_bytes()
                .map_or_else(|| "—".to_owned(), size_text),
        }
    }
}

/// The tab's state.
#[derive(Default)]
pub struct BackupsPanel {
    /// The listed backups and the workbook generation they were read at; `None` to re-read.
    rows: Option<(u64, Result<Vec<BackupRow>, String>)>,
    /// A manual backup running on a worker thread.
    running: Option<Receiver<Result<PathBuf, String>>>,
    /// The backup the restore dialog asks about.
    confirm_restore: Option<BackupRow>,
    /// The outcome of the last backup, restore or folder opening, and whether it failed.
    message: Option<(String, bool)>,
}

impl BackupsPanel {
    /// Reads the list again the next time the tab is drawn.
    pub fn refresh(&mut self) {
        self.rows = None;
    }
}

/// Draws the tab.
pub fn backups_panel_ui(
    ui: &mut egui::Ui,
    panel: &mut BackupsPanel,
    session: &mut Session,
    nav: &mut Nav,
) {
    poll_backup(ui.ctx(), panel);
    let stale = panel
        .rows
        .as_ref()
        .is_none_or(|(generation, _)| *generation != session.generation);
    if stale {
        let rows = session
            .store()
            .backups()
            .map(|backups| backups.iter().map(BackupRow::new).collect())
            .map_err(|err| err.to_string());
        panel.rows = Some((session.generation, rows));
    }

    let db_path = session.store().path().to_path_buf();
    ui.label(RichText::new("数据文件").strong().size(16.0));
    ui.horizontal(|ui| {
        ui.label("本台账的全部数据(含佐证材料)都在这一个文件中:");
    });
    ui.add(
        egui::Label::new(RichText::new(db_path.display().to_string()).monospace()).selectable(true),
    );
    ui.horizontal(|ui| {
        if ui.button("打开数据文件夹").clicked() {
            let folder = db_path.parent().unwrap_or_else(|| Path::new("."));
            panel.message = Some(match opener::open(folder) {
                Ok(()) => (format!("已打开文件夹 {}", folder.display()), false),
                Err(err) => (
                    format!(
                        "无法打开文件夹({err})。请在资源管理器中手动打开:{}",
                        folder.display()
                    ),
                    true,
                ),
            });
        }
        let running = panel.running.is_some();
        if ui
            .add_enabled(!running, egui::Button::new("立即备份"))
            .clicked()
        {
            panel.running = Some(start_backup(db_path.clone()));
            panel.message = None;
            ui.ctx().request_repaint();
        }
        if running {
            ui.spinner();
            ui.label("正在备份……");
        }
    });
    if let Some((message, failed)) = &panel.message {
        if *failed {
            error_label(ui, message);
        } else {
            ui.label(message);
        }
    }

    ui.add_space(12.0);
    ui.label(RichText::new("备份").strong().size(16.0));
    ui.label(format!(
        "程序在启动、升级和恢复前自动备份,保留最近 10 份,存放在 {}。",
        backup_dir(&db_path).display()
    ));
    ui.add_space(4.0);
    let mut restore = None;
    match panel.rows.as_ref().map(|(_, rows)| rows) {
        Some(Ok(rows)) if rows.is_empty() => {
            ui.weak("还没有备份。点「立即备份」做第一份。");
        }
        Some(Ok(rows)) => {
            egui::Grid::new("backups_list")
                .num_columns(4)
                .striped(true)
                .spacing([16.0, 6.0])
                .show(ui, |ui| {
                    ui.label(RichText::new("备份时间").strong());
                    ui.label(RichText::new("原因").strong());
                    ui.label(RichText::new("大小").strong());
                    ui.label("");
                    ui.end_row();
                    for row in rows {
                        ui.label(&row.made_at);
                        ui.label(&row.reason);
                        ui.label(&row.size);
                        if ui
                            .button("从此备份恢复…")
                            .on_hover_text(row.path.display().to_string())
                            .clicked()
                        {
                            restore = Some(row.clone());
                        }
                        ui.end_row();
                    }
                });
        }
        Some(Err(message)) => {
            error_label(ui, &format!("读取备份列表失败:{message}"));
        }
        None => {}
    }
    if restore.is_some() {
        panel.confirm_restore = restore;
    }
    restore_dialog_ui(ui, panel, session, nav);
}

/// Starts a manual backup on a worker thread with its own read-only connection.
fn start_backup(db_path: PathBuf) -> Receiver<Result<PathBuf, String>> {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let result = Store::open_read_only(&db_path)
            .and_then(|store| store.backup_now(MANUAL_REASON))
            .map_err(|err| err.to_string());
        // The receiver is gone only when the window closed; nobody is left to tell.
        let _ = sender.send(result);
    });
    receiver
}

fn poll_backup(ctx: &egui::Context, panel: &mut BackupsPanel) {
    let Some(receiver) = &panel.running else {
        return;
    };
    let outcome = match receiver.try_recv() {
        Ok(outcome) => outcome,
        Err(TryRecvError::Empty) => {
            ctx.request_repaint_after(Duration::from_millis(100));
            return;
        }
        Err(TryRecvError::Disconnected) => {
            Err("备份线程意外中止。请重试;已保存的数据不受影响。".to_owned())
        }
    };
    panel.running = None;
    panel.message = Some(match outcome {
        Ok(path) => (format!("已备份:{}", file_name(&path)), false),
        Err(err) => (format!("备份未完成:{err}"), true),
    });
    panel.refresh();
}

/// The confirmation before a restore.
fn restore_dialog_ui(
    ui: &mut egui::Ui,
    panel: &mut BackupsPanel,
    session: &mut Session,
    nav: &mut Nav,
) {
    let Some(row) = panel.confirm_restore.clone() else {
        return;
    };
    let mut close = false;
    let mut confirmed = false;
    let modal = egui::Modal::new(egui::Id::unique("restore_backup_dialog")).show(ui.ctx(), |ui| {
        ui.set_max_width(460.0);
        ui.heading("从备份恢复");
        ui.label(format!(
            "将用 {} 的备份({})替换当前的全部数据。",
            row.made_at, row.reason
        ));
        ui.label("恢复前,程序会先把当前数据另存为一份备份;如果恢复错了,可以再从那份备份恢复回来。");
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button("恢复").clicked() {
                confirmed = true;
            }
            if ui.button("取消").clicked() {
                close = true;
            }
        });
    });
    if modal.should_close() {
        close = true;
    } else if !close && ui.input(|input| input.key_pressed(Key::Enter)) {
        // Enter confirms, unless it just pressed the focused 取消 button.
        confirmed = true;
    }
    if confirmed {
        panel.message = Some(match session.restore_backup(&row.path) {
            Ok(saved) => {
                nav.message = Some("已从备份恢复".to_owned());
                (
                    format!(
                        "已从 {} 的备份恢复。恢复前的数据已另存为:{}",
                        row.made_at,
                        file_name(&saved)
                    ),
                    false,
                )
            }
            Err(message) => (message, true),
        });
        panel.refresh();
        close = true;
    }
    if close {
        panel.confirm_restore = None;
    }
}

/// What a backup's reason means, in Chinese.
fn reason_label(reason: &str) -> &str {
    match reason {
        "start" => "启动时自动备份",
        "migrate" => "升级数据前",
        "restore" => "恢复前的数据",
        MANUAL_REASON => "手动备份",
        "import" => "导入前",
        "sign_off" | "signoff" => "签发前",
        other => other,
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    )
}

#[cfg(test)]
mod tests {
    use eframe::egui::accesskit::Role;
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    use super::super::app::ZhenggaiApp;
    use super::super::test_support::{TestDb, app_harness};

    fn data_tab(db: &TestDb) -> Harness<'static, ZhenggaiApp> {
        let mut harness = app_harness(db);
        harness.get_by_role_and_label(Role::Button, "设置").click();
        harness.run();
        harness
            .get_by_role_and_label(Role::Button, "数据与备份")
            .click();
        harness.run();
        harness
    }

    /// Presses the first backup's 从此备份恢复… button.
    fn open_restore_dialog(harness: &mut Harness<'static, ZhenggaiApp>) {
        harness
            .get_all_by_label("从此备份恢复…")
            .next()
            .unwrap()
            .click();
        harness.run();
    }

    /// Runs frames until the manual backup running on its worker thread has been listed.
    fn wait_for_backup(harness: &mut Harness<'static, ZhenggaiApp>) {
        // The spinner repaints while the worker runs, so single frames are stepped until then.
        for _ in 0..400 {
            harness.step();
            if harness.query_by_label_contains("已备份:").is_some() {
                harness.run();
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(25));
        }
        panic!("the manual backup did not finish");
    }

    #[test]
    fn the_data_tab_names_the_file_and_lists_a_backup_made_with_backup_now() {
        let db = TestDb::with_unit(3);
        let mut harness = data_tab(&db);
        harness.get_by_label(&db.path.display().to_string());
        harness.get_by_label("打开数据文件夹");
        let listed_before = harness.query_all_by_label("手动备份").count();
        assert_eq!(listed_before, 0);

        harness.get_by_label("立即备份").click();
        harness.step();
        wait_for_backup(&mut harness);
        assert_eq!(harness.query_all_by_label("手动备份").count(), 1);
        let backups = db.read().backups().unwrap();
        assert_eq!(backups[0].reason, "manual");
        assert!(backups[0].path.is_file());
    }

    #[test]
    fn restoring_asks_first_cancel_changes_nothing_and_confirm_brings_the_backup_back() {
        let db = TestDb::with_unit(0);
        let mut harness = data_tab(&db);
        harness.get_by_label("立即备份").click();
        harness.step();
        wait_for_backup(&mut harness);

        // The data changes after the backup …
        harness
            .get_by_role_and_label(Role::Button, "单位信息")
            .click();
        harness.run();
        harness
            .get_by_label("单位全称")
            .set_text_value_accesskit("改名后的单位");
        harness.run();
        harness.get_by_label("保存单位信息").click();
        harness.run();
        harness
            .get_by_role_and_label(Role::Button, "数据与备份")
            .click();
        harness.run();
        assert_eq!(db.read().unit().unwrap().unwrap().name, "改名后的单位");
        let backups_before = db.read().backups().unwrap().len();

        // … 取消 in the dialog leaves it as it is.
        harness.get_by_label("手动备份");
        open_restore_dialog(&mut harness);
        harness.get_by_label_contains("先把当前数据另存为一份备份");
        harness.get_by_label("取消").click();
        harness.run();
        assert!(harness.query_by_label("恢复").is_none(), "dialog closed");
        assert_eq!(db.read().unit().unwrap().unwrap().name, "改名后的单位");
        assert_eq!(db.read().backups().unwrap().len(), backups_before);

        // Esc closes the dialog without restoring too.
        open_restore_dialog(&mut harness);
        harness.key_press(eframe::egui::Key::Escape);
        harness.run();
        assert!(harness.query_by_label("恢复").is_none(), "dialog closed");
        assert_eq!(db.read().unit().unwrap().unwrap().name, "改名后的单位");

        // 恢复 brings the backup back and keeps the replaced data as a backup of its own.
        open_restore_dialog(&mut harness);
        harness.get_by_label("恢复").click();
        harness.run();
        assert_eq!(db.read().unit().unwrap().unwrap().name, "市行政审批局");
        let session = harness.state().session().expect("session");
        assert_eq!(session.workbook.unit.as_ref().unwrap().name, "市行政审批局");
        assert_eq!(
            session.undo_label(),
            None,
            "undo cannot reach past a restore"
        );
        let backups = db.read().backups().unwrap();
        assert_eq!(backups[0].reason, "restore");
        harness.get_by_label_contains("恢复前的数据已另存为");
    }
}
