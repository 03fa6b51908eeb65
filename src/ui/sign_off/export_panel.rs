//! 导出与打印: writes the four documents as PDF (a draft of the current data or a signed
//! revision) and the ledger as Excel or CSV into a folder the clerk chooses — often a USB
//! stick — on a worker thread. Every export is written to a temporary file, synced, renamed and
//! read back before the status line says it is safe to remove the stick. 打印 makes the PDF in a
//! temporary folder and opens it in the system's viewer, which prints. The 数据包 for the
//! superior office goes to the same folder (see `bundle_export`).

use std::path::{Path, PathBuf};

use eframe::egui;
use zhenggai::domain::local_today;
use zhenggai::interop::{export_csv, export_xlsx};
use zhenggai::report::{DocumentKind, layout, system_fonts, write_pdf_file};
use zhenggai::store::Store;
use zhenggai::view::DocumentData;

use crate::ui::shell::jobs::{JobContext, JobProgress, JobRequest};
use crate::ui::shell::session::Session;
use crate::ui::sign_off::bundle_export::{
    BundleExport, bundle_export_ui, bundle_name, request_bundle_export,
};
use crate::ui::widgets::{error_label, label_cell};

/// The documents, in the order the panel lists them.
const DOCUMENTS: [DocumentKind; 4] = [
    DocumentKind::Ledger,
    DocumentKind::Commitment,
    DocumentKind::Progress,
    DocumentKind::Rules,
];

/// The panel's state: the folder exports go to, the version documents are made from and the
/// revision the 数据包 carries.
#[derive(Default)]
pub struct ExportPanel {
    folder: Option<String>,
    /// `None`: a 草稿 of the current data; `Some(n)`: signed revision n.
    revision: Option<i64>,
    bundle: BundleExport,
    problem: Option<String>,
}

/// What can be exported from here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ExportKind {
    /// A document as PDF, from a revision or as a draft.
    Pdf(DocumentKind, Option<i64>),
    /// The ledger as an Excel workbook (with 分类统计, 整改承诺 and 制度清单 sheets).
    Xlsx,
    /// The ledger as CSV in UTF-8 with BOM.
    Csv,
}

impl ExportKind {
    fn file_name(self, unit: &str) -> String {
        let day = local_today().format("%Y%m%d");
        match self {
            Self::Pdf(kind, Some(number)) => format!("{unit}-{}-第{number}版.pdf", kind.label()),
            Self::Pdf(kind, None) => format!("{unit}-{}-草稿-{day}.pdf", kind.label()),
            Self::Xlsx => format!("{unit}-问题整改台账-{day}.xlsx"),
            Self::Csv => format!("{unit}-问题整改台账-{day}.csv"),
        }
    }

    /// Writes the export to `path`; returns what to tell the user. 取消 is heard between the
    /// steps (reading, laying out, writing) and once the file is written, which then goes
    /// again: a cancelled export leaves no file.
    fn write(self, store: &Store, path: &Path, job: &JobContext) -> anyhow::Result<String> {
        let step = |text: &str| {
            job.report(JobProgress {
                fraction: None,
                text: text.to_owned(),
            });
            job.stop_if_cancelled()
        };
        let told = match self {
            Self::Pdf(kind, revision) => {
                step("读取数据")?;
                let data = match revision {
                    Some(number) => DocumentData::revision(store, number),
                    None => DocumentData::draft(store, local_today()),
                }?;
                step("排版")?;
                let fonts = system_fonts()?;
                let document = layout(kind, &data, &fonts)?;
                step("写入文件")?;
                let written = write_pdf_file(document, &fonts, path)?;
                format!("{}，共 {} 页", kind.label(), written.pages)
            }
            Self::Xlsx | Self::Csv => {
                step("写入文件")?;
                let report = if self == Self::Xlsx {
                    export_xlsx(store, path)
                } else {
                    export_csv(store, path)
                }?;
                format!("{} 个问题，{} 条措施", report.problems, report.measures)
            }
        };
        job.discard_if_cancelled(path)?;
        Ok(told)
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
    let latest = session.workbook.summary.revision;
    if panel
        .revision
        .is_none_or(|number| latest.is_none_or(|latest| number > latest))
    {
        // A revision that is gone (another database restored) falls back to the newest.
        panel.revision = panel.revision.and(latest);
    }
    ui.horizontal(|ui| {
        let label = label_cell(ui, "文书版本");
        egui::ComboBox::from_id_salt("export_revision")
            .selected_text(version_label(panel.revision))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut panel.revision, None, version_label(None));
                for number in (1..=latest.unwrap_or(0)).rev() {
                    ui.selectable_value(
                        &mut panel.revision,
                        Some(number),
                        version_label(Some(number)),
                    );
                }
            })
            .response
            .labelled_by(label.id);
    });
    let mut chosen: Option<(ExportKind, bool)> = None;
    egui::Grid::new("export_documents")
        .num_columns(3)
        .show(ui, |ui| {
            for kind in DOCUMENTS {
                ui.label(kind.label());
                if ui.button("导出 PDF").clicked() {
                    chosen = Some((ExportKind::Pdf(kind, panel.revision), false));
                }
                if ui
                    .button("打印")
                    .on_hover_text("在系统的 PDF 阅读器中打开，从那里打印")
                    .clicked()
                {
                    chosen = Some((ExportKind::Pdf(kind, panel.revision), true));
                }
                ui.end_row();
            }
        });
    ui.horizontal_wrapped(|ui| {
        if ui.button("导出 Excel 台账").clicked() {
            chosen = Some((ExportKind::Xlsx, false));
        }
        if ui.button("导出 CSV").clicked() {
            chosen = Some((ExportKind::Csv, false));
        }
    });
    let bundle_revision = bundle_export_ui(ui, &mut panel.bundle, latest);
    match chosen {
        Some((kind, true)) => {
            panel.problem = None;
            request_print(session, kind, kind.file_name(&unit));
        }
        Some((kind, false)) => match target_path(folder, &kind.file_name(&unit)) {
            Ok(path) => {
                panel.problem = None;
                request_export(session, kind, path);
            }
            Err(message) => panel.problem = Some(message),
        },
        None => {}
    }
    if let Some(revision) = bundle_revision {
        match target_path(folder, &bundle_name(&session.workbook, revision)) {
            Ok(path) => {
                panel.problem = None;
                request_bundle_export(session, revision, path);
            }
            Err(message) => panel.problem = Some(message),
        }
    }
    if let Some(problem) = &panel.problem {
        error_label(ui, problem);
    }
}

fn version_label(revision: Option<i64>) -> String {
    revision.map_or_else(
        || "草稿（当前数据，带「草稿」水印）".to_owned(),
        |number| format!("第 {number} 版（已签发）"),
    )
}

/// Asks the app to write `kind` to `path` on a worker thread.
fn request_export(session: &mut Session, kind: ExportKind, path: PathBuf) {
    let request = JobRequest::read("正在导出……", move |store, job| {
        let what = kind.write(store, &path, job)?;
        Ok(format!(
            "已导出 {}（{what}），已重新读取校验，可以安全拔出 U 盘。",
            path.display()
        ))
    });
    session.request_job(request.cancellable());
}

/// Asks the app to make the document in a temporary folder and open it in the system viewer.
fn request_print(session: &mut Session, kind: ExportKind, file_name: String) {
    let request = JobRequest::read("正在生成打印文件……", move |store, job| {
        let folder = std::env::temp_dir().join("zhenggai-print");
        std::fs::create_dir_all(&folder)
            .map_err(|err| anyhow::anyhow!("无法创建临时文件夹 {}：{err}", folder.display()))?;
        let path = folder.join(file_name);
        kind.write(store, &path, job)?;
        opener::open(&path).map_err(|err| {
            anyhow::anyhow!(
                "文件已生成（{}），但无法打开 PDF 阅读器：{err}。请手动打开该文件打印。",
                path.display()
            )
        })?;
        Ok(format!(
            "已在 PDF 阅读器中打开 {}，请从阅读器打印。",
            path.display()
        ))
    });
    session.request_job(request.cancellable());
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
            "找不到文件夹 {}：请检查路径，或点「选择文件夹…」。如果是 U 盘，请确认已插好。",
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
    use crate::ui::shell::jobs::Cancelled;

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

    #[test]
    fn a_cancelled_export_of_any_kind_leaves_no_file_and_an_uncancelled_one_writes_it() {
        let db = crate::ui::test_support::TestDb::with_unit(5);
        let store = db.read();
        let dir = tempfile::tempdir().unwrap();
        for kind in [
            ExportKind::Pdf(DocumentKind::Ledger, None),
            ExportKind::Xlsx,
            ExportKind::Csv,
        ] {
            let path = dir.path().join(kind.file_name("单位"));
            let err = kind
                .write(&store, &path, &JobContext::for_test(true))
                .unwrap_err();
            assert!(err.is::<Cancelled>(), "{err}");
            assert!(!path.exists(), "{kind:?} left {}", path.display());

            kind.write(&store, &path, &JobContext::for_test(false))
                .unwrap();
            assert!(path.exists(), "{kind:?} wrote nothing");
        }
    }
}
