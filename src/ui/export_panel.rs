//! 导出与打印: writes the ledger as Excel or CSV (and, when the documents exist, PDF) into a
//! folder the clerk chooses — often a USB stick — on a worker thread. Every export is written
//! to a temporary file, synced, renamed and read back before the status line says it is safe
//! to remove the stick.

use std::path::{Path, PathBuf};

use eframe::egui;
use zhenggai::cli::local_today;
use zhenggai::interop::{export_csv, export_xlsx};

use super::session::Session;
use super::widgets::{error_label, label_cell};

/// The panel's state: the folder exports go to.
#[derive(Default)]
pub struct ExportPanel {
    folder: Option<String>,
    problem: Option<String>,
}

/// What can be exported from here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ExportKind {
    /// The ledger as an Excel workbook (with 分类统计, 整改承诺 and 制度清单 sheets).
    Xlsx,
    /// The ledger as CSV in UTF-8 with BOM.
    Csv,
}

impl ExportKind {
    fn button(self) -> &'static str {
        match self {
            Self::Xlsx => "导出 Excel 台账",
            Self::Csv => "导出 CSV",
        }
    }

    fn file_name(self, unit: &str) -> String {
        let day = local_today().format("%Y%m%d");
        match self {
            Self::Xlsx => format!("{unit}-问题整改台账-{day}.xlsx"),
            Self::Csv => format!("{unit}-问题整改台账-{day}.csv"),
        }
    }
}

/// Draws the panel.
pub fn export_panel_ui(ui: &mut egui::Ui, panel: &mut ExportPanel, session: &mut Session) {
    ui.label(egui::RichText::new("导出与打印").size(18.0).strong());
    let folder = panel.folder.get_or_insert_with(default_folder);
    ui.horizontal(|ui| {
        let label = label_cell(ui, "保存到文件夹");
        ui.add(egui::TextEdit::singleline(folder).desired_width(420.0))
            .labelled_by(label.id);
        if ui.button("选择文件夹…").clicked() {
            // No dialog service (some Linux desktops) answers `None`: the typed path still works.
            if let Some(chosen) = rfd::FileDialog::new()
                .set_title("选择导出文件夹")
                .pick_folder()
            {
                *folder = chosen.display().to_string();
            }
        }
    });
    let unit = session
        .workbook
        .unit
        .as_ref()
        .map_or_else(|| "整改台账".to_owned(), |unit| unit.name.clone());
    ui.horizontal_wrapped(|ui| {
        for kind in [ExportKind::Xlsx, ExportKind::Csv] {
            if ui.button(kind.button()).clicked() {
                match target_path(folder, &kind.file_name(&unit)) {
                    Ok(path) => {
                        panel.problem = None;
                        request_export(session, kind, path);
                    }
                    Err(message) => panel.problem = Some(message),
                }
            }
        }
    });
    if let Some(problem) = &panel.problem {
        error_label(ui, problem);
    }
}

/// Asks the app to write `kind` to `path` on a worker thread.
fn request_export(session: &mut Session, kind: ExportKind, path: PathBuf) {
    session.request_job("正在导出……", move |store| {
        let report = match kind {
            ExportKind::Xlsx => export_xlsx(store, &path),
            ExportKind::Csv => export_csv(store, &path),
        }
        .map_err(|err| err.to_string())?;
        Ok(format!(
            "已导出 {}({} 个问题,{} 条措施),已重新读取校验,可以安全拔出 U 盘。",
            path.display(),
            report.problems,
            report.measures
        ))
    });
}

/// The file `name` inside the typed folder, which must exist: a mistyped folder is an error,
/// not a new folder somewhere unexpected.
fn target_path(folder: &str, name: &str) -> Result<PathBuf, String> {
    let folder = folder.trim().trim_matches('"');
    if folder.is_empty() {
        return Err("请先填写或选择保存文件夹。".to_owned());
    }
    let folder = Path::new(folder);
    if !folder.is_dir() {
        return Err(format!(
            "找不到文件夹 {}:请检查路径,或点「选择文件夹…」。如果是 U 盘,请确认已插好。",
            folder.display()
        ));
    }
    Ok(folder.join(name))
}

/// The user's documents folder, else the home folder, else the current folder.
fn default_folder() -> String {
    directories::UserDirs::new()
        .and_then(|dirs| {
            dirs.document_dir()
                .map(Path::to_path_buf)
                .or_else(|| Some(dirs.home_dir().to_path_buf()))
        })
        .unwrap_or_else(|| PathBuf::from("."))
        .display()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_folder_is_refused_with_the_reason() {
        let err = target_path("/no/such/folder", "台账.xlsx").unwrap_err();
        assert!(err.contains("找不到文件夹"), "{err}");
        assert!(target_path("  ", "台账.xlsx").is_err());
        let dir = tempfile::tempdir().unwrap();
        let quoted = format!("\"{}\"", dir.path().display());
        assert_eq!(
            target_path(&quoted, "台账.xlsx").unwrap(),
            dir.path().join("台账.xlsx")
        );
    }
}
