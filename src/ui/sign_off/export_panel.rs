//! 导出与打印: writes the four documents as PDF (a draft of the current data or a signed
//! revision) and the ledger as Excel or CSV into a folder the clerk chooses — often a USB
//! stick — on a worker thread. Every export is written to a temporary file, synced, renamed and
//! read back before the status line says it is safe to remove the stick. 打印 makes the PDF in a
//! temporary folder and opens it in the system's viewer, which prints. The 数据包 for the
//! superior office goes to the same folder (see `bundle_export`).

use std::path::{Path, PathBuf};

use eframe::egui;
use zhenggai::domain::local_today;
use zhenggai::interop::{LedgerLayout, export_csv, export_xlsx};
use zhenggai::printing::print_pdf;
use zhenggai::report::canvas::Document;
use zhenggai::report::docx::{WordDocument, write_docx};
use zhenggai::report::fonts::FontSet;
use zhenggai::report::{DocumentKind, layout, system_fonts, write_pdf_file};
use zhenggai::store::Store;
use zhenggai::view::DocumentData;

use crate::ui::shell::jobs::{JobContext, JobDone, JobProgress, JobRequest};
use crate::ui::shell::session::{ExportMark, Exported, Session};
use crate::ui::sign_off::bundle_export::{
    BundleExport, bundle_export_ui, bundle_name, request_bundle_export,
};
use crate::ui::sign_off::print_dialog::{PrintChoice, PrintDialog, print_dialog_ui};
use crate::ui::widgets::page_preview::{Preview, preview_window};
use crate::ui::widgets::{error_label, folder_row, label_cell};

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
    /// Whether the clerk chose the version; until then it follows the newest signed revision.
    revision_chosen: bool,
    bundle: BundleExport,
    problem: Option<String>,
    /// The print dialog, while open, and the document it prints.
    print: Option<(PrintDialog, ExportKind)>,
    /// The document shown in 打印预览，while open.
    preview: Option<Preview>,
}

/// What the panel keeps between runs: the folder and the version last chosen.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ExportPrefs {
    /// The export folder, as typed or picked.
    pub folder: Option<String>,
    /// The version chosen, if the clerk chose one.
    pub version: ChosenVersion,
}

/// The 文书版本 the clerk chose.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ChosenVersion {
    /// Nothing chosen: the newest signed revision.
    #[default]
    Newest,
    /// The draft of the current data.
    Draft,
    /// Signed revision n.
    Revision(i64),
}

impl ExportPanel {
    /// The panel as the last run left it.
    pub fn from_prefs(prefs: ExportPrefs) -> Self {
        let (revision, revision_chosen) = match prefs.version {
            ChosenVersion::Newest => (None, false),
            ChosenVersion::Draft => (None, true),
            ChosenVersion::Revision(number) => (Some(number), true),
        };
        Self {
            folder: prefs.folder,
            revision,
            revision_chosen,
            ..Self::default()
        }
    }

    /// What to keep for the next run.
    pub fn prefs(&self) -> ExportPrefs {
        let version = match (self.revision_chosen, self.revision) {
            (false, _) => ChosenVersion::Newest,
            (true, None) => ChosenVersion::Draft,
            (true, Some(number)) => ChosenVersion::Revision(number),
        };
        ExportPrefs {
            folder: self.folder.clone(),
            version,
        }
    }
}

/// What can be exported from here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ExportKind {
    /// A document as PDF, from a revision or as a draft.
    Pdf(DocumentKind, Option<i64>),
    /// A document as Word（.docx） for the office to edit, from a revision or the working data.
    Docx(WordDocument, Option<i64>),
    /// The ledger as an Excel workbook (with 分类统计, 整改承诺 and 制度清单 sheets).
    Xlsx(LedgerLayout),
    /// The ledger as CSV in UTF-8 with BOM.
    Csv,
}

impl ExportKind {
    fn file_name(self, unit: &str) -> String {
        let day = local_today().format("%Y%m%d");
        match self {
            Self::Pdf(kind, Some(number)) => format!("{unit}-{}-第{number}版.pdf", kind.label()),
            Self::Pdf(kind, None) => format!("{unit}-{}-草稿-{day}.pdf", kind.label()),
            Self::Docx(kind, Some(number)) => {
                format!("{unit}-{}-第{number}版.docx", kind.label())
            }
            Self::Docx(kind, None) => format!("{unit}-{}-{day}.docx", kind.label()),
            Self::Xlsx(LedgerLayout::Merged) => format!("{unit}-问题整改台账-{day}.xlsx"),
            Self::Xlsx(LedgerLayout::Flat) => format!("{unit}-问题整改台账-逐行-{day}.xlsx"),
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
                let (document, fonts) = lay_out(kind, revision, store, job)?;
                step("写入文件")?;
                let written = write_pdf_file(document, &fonts, path)?;
                format!("{}，共 {} 页", kind.label(), written.pages)
            }
            Self::Docx(kind, revision) => {
                step("读取数据")?;
                let data = DocumentData::revision_or_draft(store, revision, local_today())?;
                step("写入文件")?;
                write_docx(kind, &data, path)?;
                "Word 文档，可在 WPS 或 Word 中修改".to_owned()
            }
            Self::Xlsx(_) | Self::Csv => {
                step("写入文件")?;
                let report = match self {
                    Self::Xlsx(layout) => export_xlsx(store, path, layout),
                    _ => export_csv(store, path),
                }?;
                format!("{} 个问题，{} 条措施", report.problems, report.measures)
            }
        };
        job.discard_if_cancelled(path)?;
        Ok(told)
    }
}

/// The Word document made of `kind`, for the documents offices edit before sealing.
fn word_document(kind: DocumentKind) -> Option<WordDocument> {
    match kind {
        DocumentKind::Commitment => Some(WordDocument::Commitment),
        DocumentKind::Progress => Some(WordDocument::Progress),
        DocumentKind::Ledger | DocumentKind::Rules => None,
    }
}

/// Lays `kind` out from signed `revision` (the current data as a draft when `None`), telling
/// the job each step and stopping between them when 取消 was pressed.
fn lay_out(
    kind: DocumentKind,
    revision: Option<i64>,
    store: &Store,
    job: &JobContext,
) -> anyhow::Result<(Document, FontSet)> {
    let step = |text: &str| {
        job.report(JobProgress {
            fraction: None,
            text: text.to_owned(),
        });
        job.stop_if_cancelled()
    };
    step("读取数据")?;
    let data = DocumentData::revision_or_draft(store, revision, local_today())?;
    step("排版")?;
    let fonts = system_fonts()?;
    let document = layout(kind, &data, &fonts)?;
    Ok((document, fonts))
}

/// A laid-out document for 打印预览，handed back by its job.
struct PreviewReady(Preview);

/// Asks the app to lay `kind` out from `revision` on a worker thread, for the preview.
fn request_preview(session: &mut Session, kind: DocumentKind, revision: Option<i64>) {
    let request = JobRequest::read("正在生成打印预览……", move |store, job| {
        let (document, _fonts) = lay_out(kind, revision, store, job)?;
        let version =
            revision.map_or_else(|| "草稿".to_owned(), |number| format!("第 {number} 版"));
        let title = format!("{}（{version}）", kind.label());
        Ok(JobDone::with_output(
            String::new(),
            PreviewReady(Preview::new(title, document)),
        ))
    });
    session.request_job(request.cancellable());
}

/// Draws the panel.
pub fn export_panel_ui(ui: &mut egui::Ui, panel: &mut ExportPanel, session: &mut Session) {
    ui.label(egui::RichText::new("导出与打印").size(18.0).strong());
    let folder = panel.folder.get_or_insert_with(default_folder);
    folder_row(ui, folder, "选择导出文件夹", 420.0);
    let unit = session
        .workbook
        .unit
        .as_ref()
        .map_or_else(|| "整改台账".to_owned(), |unit| unit.name.clone());
    let latest = session.workbook.summary.revision;
    if !panel.revision_chosen {
        // Until the clerk chooses, documents come from the newest signed revision: that is
        // what gets printed and sealed.
        panel.revision = latest;
    } else if panel
        .revision
        .is_some_and(|number| latest.is_none_or(|latest| number > latest))
    {
        // A revision that is gone (another database restored) falls back to the newest.
        panel.revision = latest;
    }
    let before = panel.revision;
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
    panel.revision_chosen |= panel.revision != before;
    let mut chosen: Option<(ExportKind, bool)> = None;
    let mut preview: Option<DocumentKind> = None;
    egui::Grid::new("export_documents")
        .num_columns(5)
        .show(ui, |ui| {
            for kind in DOCUMENTS {
                ui.label(kind.label());
                if ui.button("导出 PDF").clicked() {
                    chosen = Some((ExportKind::Pdf(kind, panel.revision), false));
                }
                if ui
                    .button("预览")
                    .on_hover_text("在本程序中逐页查看，再决定打印")
                    .clicked()
                {
                    preview = Some(kind);
                }
                if ui
                    .button("打印")
                    .on_hover_text("选择打印机和份数后直接打印，或在 PDF 阅读器中打开后打印")
                    .clicked()
                {
                    chosen = Some((ExportKind::Pdf(kind, panel.revision), true));
                }
                if let Some(word) = word_document(kind)
                    && ui
                        .button("导出 Word")
                        .on_hover_text("生成 .docx，可在 WPS 或 Word 中修改后打印盖章")
                        .clicked()
                {
                    chosen = Some((ExportKind::Docx(word, panel.revision), false));
                }
                ui.end_row();
            }
            // The summary every campaign ends with exists only as a draft for the office to
            // write: the figures and tables are filled in, the prose is left to it.
            ui.label(WordDocument::WorkSummary.label());
            // Under the other Word exports, so the PDF buttons keep their column's width.
            for _ in 0..3 {
                ui.label("");
            }
            if ui
                .button("导出 Word 草稿")
                .on_hover_text("数字、类别和表格已按台账填好，黄色底纹处由本单位撰写")
                .clicked()
            {
                chosen = Some((
                    ExportKind::Docx(WordDocument::WorkSummary, panel.revision),
                    false,
                ));
            }
            ui.end_row();
        });
    ui.horizontal_wrapped(|ui| {
        if ui.button("导出 Excel 台账").clicked() {
            chosen = Some((ExportKind::Xlsx(LedgerLayout::Merged), false));
        }
        if ui
            .button("导出 Excel（逐行）")
            .on_hover_text(
                "每条措施一行，问题的序号、类别和表现在每行重复，不合并单元格，便于筛选和排序",
            )
            .clicked()
        {
            chosen = Some((ExportKind::Xlsx(LedgerLayout::Flat), false));
        }
        if ui.button("导出 CSV").clicked() {
            chosen = Some((ExportKind::Csv, false));
        }
    });
    let bundle_revision = bundle_export_ui(ui, &mut panel.bundle, latest);
    match chosen {
        Some((kind, true)) => {
            panel.problem = None;
            let title = match kind {
                ExportKind::Pdf(document, revision) => {
                    format!("{}（{}）", document.label(), version_label(revision))
                }
                ExportKind::Docx(document, _) => document.label().to_owned(),
                ExportKind::Xlsx(_) | ExportKind::Csv => unit.clone(),
            };
            panel.print = Some((PrintDialog::new(title), kind));
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
    if let Some(kind) = preview {
        request_preview(session, kind, panel.revision);
    }
    if let Some(PreviewReady(ready)) = session.take_job_output::<PreviewReady>() {
        panel.preview = Some(ready);
    }
    preview_window(ui.ctx(), &mut panel.preview);
    if let Some((dialog, kind)) = &mut panel.print {
        let kind = *kind;
        match print_dialog_ui(ui.ctx(), dialog) {
            PrintChoice::Open => {}
            PrintChoice::Print { printer, copies } => {
                panel.print = None;
                let how = PrintHow::Printer { printer, copies };
                request_print(session, kind, kind.file_name(&unit), how);
            }
            PrintChoice::OpenInViewer => {
                panel.print = None;
                request_print(session, kind, kind.file_name(&unit), PrintHow::Viewer);
            }
            PrintChoice::Cancelled => panel.print = None,
        }
    }
    if let Some(problem) = &panel.problem {
        error_label(ui, problem);
    }
    if let Some(exported) = &session.last_export
        && let Err(problem) = last_export_ui(ui, exported)
    {
        panel.problem = Some(problem);
    }
}

/// The file the last export wrote, with buttons that open it and its folder; the reason when
/// the system could not open one.
fn last_export_ui(ui: &mut egui::Ui, exported: &Exported) -> Result<(), String> {
    let mut result = Ok(());
    ui.add_space(8.0);
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            ui.label("上次导出：");
            ui.label(egui::RichText::new(exported.path.display().to_string()).strong());
        });
        ui.horizontal(|ui| {
            if ui.button("打开文件").clicked() {
                result = opener::open(&exported.path)
                    .map_err(|err| format!("无法打开 {}：{err}", exported.path.display()));
            }
            if ui.button("打开所在文件夹").clicked() {
                let folder = exported.path.parent().unwrap_or(Path::new("."));
                result = opener::open(folder)
                    .map_err(|err| format!("无法打开文件夹 {}：{err}", folder.display()));
            }
        });
    });
    result
}

/// What the guide makes of exporting `kind`.
fn export_mark(kind: ExportKind) -> ExportMark {
    match kind {
        ExportKind::Pdf(_, Some(revision)) => ExportMark::SignedDocument(revision),
        _ => ExportMark::Other,
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
        let message = format!(
            "已导出 {}（{what}），已重新读取校验，可以安全拔出 U 盘。",
            path.display()
        );
        let mark = export_mark(kind);
        Ok(JobDone::with_output(message, Exported { path, mark }))
    });
    session.request_job(request.cancellable());
}

/// How a document is printed.
enum PrintHow {
    /// Sent to a printer (the default when `None`) in `copies` copies.
    Printer {
        printer: Option<String>,
        copies: u32,
    },
    /// Opened in the system's PDF viewer, which prints.
    Viewer,
}

/// Asks the app to make the document in a temporary folder and print it as `how` says.
fn request_print(session: &mut Session, kind: ExportKind, file_name: String, how: PrintHow) {
    let request = JobRequest::read("正在生成打印文件……", move |store, job| {
        let folder = std::env::temp_dir().join("zhenggai-print");
        std::fs::create_dir_all(&folder)
            .map_err(|err| anyhow::anyhow!("无法创建临时文件夹 {}：{err}", folder.display()))?;
        let path = folder.join(file_name);
        kind.write(store, &path, job)?;
        let message = match how {
            PrintHow::Printer { printer, copies } => print_pdf(&path, printer.as_deref(), copies)?,
            PrintHow::Viewer => {
                opener::open(&path).map_err(|err| {
                    anyhow::anyhow!(
                        "文件已生成（{}），但无法打开 PDF 阅读器：{err}。请手动打开该文件打印。",
                        path.display()
                    )
                })?;
                format!("已在 PDF 阅读器中打开 {}，请从阅读器打印。", path.display())
            }
        };
        let mark = export_mark(kind);
        Ok(JobDone::with_output(message, Exported { path, mark }))
    });
    session.request_job(request.cancellable());
}

/// The file `name` inside the typed folder, which must exist: a mistyped folder is an error,
/// not a new folder somewhere unexpected.
pub fn target_path(folder: &str, name: &str) -> Result<PathBuf, String> {
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
pub fn default_folder() -> String {
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
            ExportKind::Xlsx(LedgerLayout::Merged),
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
