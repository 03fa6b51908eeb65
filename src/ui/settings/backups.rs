//! The 数据与备份 tab of 设置： where the data file is, the rotating backups beside it, a manual
//! backup, and restoring from a listed backup after a confirmation that says the current data
//! is saved as a backup first. Listing and backing up are reading jobs, restoring a writing one
//! (see `worker`), so the window stays drawn throughout.

use std::path::{Path, PathBuf};

use eframe::egui::{self, Key, RichText};
use zhenggai::domain::text::size_text;
use zhenggai::store::backup::{BackupFile, backup_dir};

use crate::ui::shell::jobs::{JobDone, JobRequest};
use crate::ui::shell::nav::Nav;
use crate::ui::shell::session::Session;
use crate::ui::widgets::error_label;

/// The reason written into the names of backups made with 立即备份.
const MANUAL_REASON: &str = "manual";

/// One listed backup, read when the list is refreshed.
#[derive(Debug, Clone)]
struct BackupRow {
    path: PathBuf,
    /// `2026年6月30日 14:05:09` (seconds tell apart backups made in one minute), or 未知 for
    /// a name without a stamp.
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
                |time| time.format("%Y年%-m月%-d日 %H:%M:%S").to_string(),
            ),
            reason: reason_label(&backup.reason).to_owned(),
            size: backup
                .size_bytes()
                .map_or_else(|| "—".to_owned(), size_text),
        }
    }
}

/// The backups as a listing job read them.
struct Listed(Vec<BackupRow>);

/// A manual backup a job made.
struct BackedUp(PathBuf);

/// A restore a job made: the backup restored (its time) and where the replaced data was saved.
struct Restored {
    made_at: String,
    saved: PathBuf,
}

/// Where the list of backups stands.
#[derive(Default)]
enum Listing {
    /// To be read the next time the tab is drawn.
    #[default]
    Stale,
    /// A job is reading it for this workbook generation.
    Reading(u64),
    /// Read at this generation (or why it could not be).
    Read(u64, Result<Vec<BackupRow>, String>),
}

/// The tab's state.
#[derive(Default)]
pub struct BackupsPanel {
    /// The listed backups.
    rows: Listing,
    /// Whether a manual backup has been asked for and not yet finished.
    running: bool,
    /// The backup the restore dialog asks about.
    confirm_restore: Option<BackupRow>,
    /// The outcome of the last backup, restore or folder opening, and whether it failed.
    message: Option<(String, bool)>,
}

impl BackupsPanel {
    /// Reads the list again the next time the tab is drawn.
    pub fn refresh(&mut self) {
        self.rows = Listing::Stale;
    }
}

/// Draws the tab.
pub fn backups_panel_ui(
    ui: &mut egui::Ui,
    panel: &mut BackupsPanel,
    session: &mut Session,
    nav: &mut Nav,
) {
    take_finished_jobs(panel, session, nav);
    let stale = match &panel.rows {
        Listing::Stale => true,
        Listing::Reading(_) => false,
        Listing::Read(generation, _) => *generation != session.generation,
    };
    if stale {
        panel.rows = Listing::Reading(session.generation);
        session.request_job(JobRequest::read(
            "正在读取备份列表……",
            |store, _job| {
                let rows = store.backups()?.iter().map(BackupRow::new).collect();
                Ok(JobDone::with_output(String::new(), Listed(rows)))
            },
        ));
    }

    let db_path = session.store().path().to_path_buf();
    ui.label(RichText::new("数据文件").strong().size(16.0));
    ui.horizontal(|ui| {
        ui.label("本台账的全部数据（含佐证材料）都在这一个文件中：");
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
                        "无法打开文件夹（{err}）。请在资源管理器中手动打开：{}",
                        folder.display()
                    ),
                    true,
                ),
            });
        }
        let running = panel.running;
        if ui
            .add_enabled(!running, egui::Button::new("立即备份"))
            .clicked()
        {
            panel.running = true;
            panel.message = None;
            session.request_job(JobRequest::read("正在备份……", |store, _job| {
                let path = store.backup_now(MANUAL_REASON)?;
                Ok(JobDone::with_output(
                    format!("已备份：{}", file_name(&path)),
                    BackedUp(path),
                ))
            }));
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
        "程序在启动、升级和恢复前自动备份，保留最近 10 份，存放在 {}。",
        backup_dir(&db_path).display()
    ));
    ui.add_space(4.0);
    let mut restore = None;
    match &panel.rows {
        Listing::Read(_, Ok(rows)) if rows.is_empty() => {
            ui.weak("还没有备份。点「立即备份」做第一份。");
        }
        Listing::Read(_, Ok(rows)) => {
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
        Listing::Read(_, Err(message)) => {
            error_label(ui, format!("读取备份列表失败：{message}"));
        }
        Listing::Stale | Listing::Reading(_) => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.weak("正在读取备份列表……");
            });
        }
    }
    if restore.is_some() {
        panel.confirm_restore = restore;
    }
    restore_dialog_ui(ui, panel, session);
}

/// Takes in what the tab's jobs finished: the list, a manual backup, a restore.
fn take_finished_jobs(panel: &mut BackupsPanel, session: &mut Session, nav: &mut Nav) {
    if let Some(Listed(rows)) = session.take_job_output::<Listed>() {
        let generation = match panel.rows {
            Listing::Reading(generation) | Listing::Read(generation, _) => generation,
            Listing::Stale => session.generation,
        };
        panel.rows = Listing::Read(generation, Ok(rows));
    }
    if let Some(BackedUp(path)) = session.take_job_output::<BackedUp>() {
        panel.message = Some((format!("已备份：{}", file_name(&path)), false));
        panel.refresh();
    }
    if let Some(restored) = session.take_job_output::<Restored>() {
        nav.message = Some("已从备份恢复".to_owned());
        panel.message = Some((
            format!(
                "已从 {} 的备份恢复。恢复前的数据已另存为：{}",
                restored.made_at,
                file_name(&restored.saved)
            ),
            false,
        ));
        panel.refresh();
    }
    if panel.running && !session.job_pending_or_running() {
        // A backup that failed leaves no output; its reason is on the status line.
        panel.running = false;
    }
    if matches!(panel.rows, Listing::Reading(_)) && !session.job_pending_or_running() {
        // The listing failed (its reason is on the status line) or another job's output took
        // its place while the tab was not shown; it is read again when the data changes.
        panel.rows = Listing::Read(session.generation, Err("原因见窗口底部的状态栏".to_owned()));
    }
}

/// The confirmation before a restore.
fn restore_dialog_ui(ui: &mut egui::Ui, panel: &mut BackupsPanel, session: &mut Session) {
    let Some(row) = panel.confirm_restore.clone() else {
        return;
    };
    let mut close = false;
    let mut confirmed = false;
    let modal = egui::Modal::new(egui::Id::unique("restore_backup_dialog")).show(ui.ctx(), |ui| {
        ui.set_max_width(460.0);
        ui.heading("从备份恢复");
        ui.label(format!(
            "将用 {} 的备份（{}）替换当前的全部数据。",
            row.made_at, row.reason
        ));
        ui.label(
            "恢复前，程序会先把当前数据另存为一份备份；如果恢复错了，可以再从那份备份恢复回来。",
        );
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
        let backup = row.path.clone();
        let made_at = row.made_at.clone();
        session.request_job(JobRequest::write(
            "正在从备份恢复……",
            move |store, _job| {
                let saved = store
                    .restore_from(&backup)
                    .map_err(|err| anyhow::anyhow!("从备份恢复失败：{err}"))?;
                let message = format!("已从 {made_at} 的备份恢复");
                Ok(JobDone {
                    forgets_undo: true,
                    ..JobDone::with_output(message, Restored { made_at, saved })
                })
            },
        ));
        panel.message = None;
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
        "sm2_key" => "生成国密密钥后",
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
mod tests;
