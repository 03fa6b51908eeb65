//! 导出当前筛选结果：the problems the 问题清单's filters leave, written as an Excel ledger (the
//! 问题整改台账 and 分类统计 sheets) or as the ledger PDF, with a title that says it is a
//! 筛选结果 and by which filters, so that nobody takes it for the whole ledger. The export runs
//! as a job on its own read-only connection, as 签发与导出's exports do; the dialog only asks
//! for the folder.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use eframe::egui;
use zhenggai::domain::{ProblemId, local_today};
use zhenggai::interop::{export_ledger_xlsx, ledger_of};
use zhenggai::report::{DocumentKind, layout, system_fonts, write_pdf_file};
use zhenggai::store::Store;
use zhenggai::view::DocumentData;

use crate::ui::shell::jobs::{JobContext, JobDone, JobProgress, JobRequest};
use crate::ui::shell::session::{ExportMark, Exported, Session};
use crate::ui::sign_off::export_panel::{default_folder, target_path};
use crate::ui::widgets::dialog::{DIALOG_WIDTH, escape_closes};
use crate::ui::widgets::{error_label, folder_row};

/// The title of the dialog, and the text of the button that opens it （with …）.
pub const TITLE: &str = "导出当前筛选结果";

/// The file formats the filtered view can be exported in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilteredKind {
    /// An Excel workbook with the 问题整改台账 and 分类统计 sheets.
    Xlsx,
    /// The 问题整改台账 PDF (a draft of the current data).
    Pdf,
}

impl FilteredKind {
    /// The file name: the unit, 问题整改台账，筛选结果 and today's date.
    fn file_name(self, unit: &str) -> String {
        let day = local_today().format("%Y%m%d");
        let extension = match self {
            Self::Xlsx => "xlsx",
            Self::Pdf => "pdf",
        };
        format!("{unit}-问题整改台账-筛选结果-{day}.{extension}")
    }
}

/// What is exported, fixed when the dialog opens: the problems the filters left and the filters
/// in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// The problems, in table order.
    pub problem_ids: Vec<ProblemId>,
    /// The filters in words, e.g. `状态 整改中；搜索“ckqx”`.
    pub filters: String,
}

impl Selection {
    /// What the documents say the selection is, e.g. `筛选结果：状态 整改中；共 12 个问题`.
    pub fn label(&self) -> String {
        let count = self.problem_ids.len();
        if self.filters.is_empty() {
            format!("筛选结果：共 {count} 个问题")
        } else {
            format!("筛选结果：{}；共 {count} 个问题", self.filters)
        }
    }
}

/// The dialog's state while it is open.
pub struct FilteredExport {
    selection: Selection,
    folder: String,
    problem: Option<String>,
}

impl FilteredExport {
    /// The dialog for `selection`, writing to the user's documents folder unless they choose
    /// another.
    pub fn new(selection: Selection) -> Self {
        Self {
            selection,
            folder: default_folder(),
            problem: None,
        }
    }
}

/// Draws the dialog; `false` once it is closed (after an export was asked for, or cancelled).
pub fn filtered_export_ui(
    ctx: &egui::Context,
    dialog: &mut FilteredExport,
    session: &mut Session,
) -> bool {
    let mut chosen: Option<FilteredKind> = None;
    let mut cancelled = false;
    let modal = egui::Modal::new(egui::Id::unique("filtered_export")).show(ctx, |ui| {
        ui.set_max_width(DIALOG_WIDTH);
        ui.heading(TITLE);
        ui.add_space(4.0);
        ui.label(format!(
            "只导出问题清单当前筛选出的 {} 个问题（{}），标题注明“筛选结果”，不是完整台账。",
            dialog.selection.problem_ids.len(),
            dialog.selection.filters
        ));
        ui.add_space(8.0);
        folder_row(ui, &mut dialog.folder, "选择导出文件夹", 260.0);
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button("导出 Excel").clicked() {
                chosen = Some(FilteredKind::Xlsx);
            }
            if ui.button("导出 PDF").clicked() {
                chosen = Some(FilteredKind::Pdf);
            }
            cancelled = ui.button("取消").clicked();
        });
        if let Some(problem) = &dialog.problem {
            error_label(ui, problem);
        }
    });
    if cancelled || escape_closes(&modal) {
        return false;
    }
    let Some(kind) = chosen else {
        return true;
    };
    let unit = session
        .workbook
        .unit
        .as_ref()
        .map_or_else(|| "整改台账".to_owned(), |unit| unit.name.clone());
    match target_path(&dialog.folder, &kind.file_name(&unit)) {
        Ok(path) => {
            request_export(session, kind, dialog.selection.clone(), path);
            false
        }
        Err(problem) => {
            dialog.problem = Some(problem);
            true
        }
    }
}

/// Asks the app to write the selection to `path` on a worker thread.
fn request_export(session: &mut Session, kind: FilteredKind, selection: Selection, path: PathBuf) {
    let request = JobRequest::read("正在导出筛选结果……", move |store, job| {
        let what = write_selection(kind, store, &selection, &path, job)?;
        let message = format!("已导出 {}（{what}），已重新读取校验。", path.display());
        let exported = Exported {
            path,
            mark: ExportMark::Other,
        };
        Ok(JobDone::with_output(message, exported))
    });
    session.request_job(request.cancellable());
}

/// Writes the problems of `selection` from `store` to `path` as `kind`; returns what to tell
/// the user. 取消 is heard between the steps and once the file is written, which then goes
/// again: a cancelled export leaves no file.
pub fn write_selection(
    kind: FilteredKind,
    store: &Store,
    selection: &Selection,
    path: &Path,
    job: &JobContext,
) -> anyhow::Result<String> {
    let step = |text: &str| {
        job.report(JobProgress {
            fraction: None,
            text: text.to_owned(),
        });
        job.stop_if_cancelled()
    };
    step("读取数据")?;
    let keep: HashSet<ProblemId> = selection.problem_ids.iter().copied().collect();
    let data = DocumentData::draft(store, local_today())?.narrowed_to(&keep, selection.label());
    let problems = data.snapshot.problems.len();
    let told = match kind {
        FilteredKind::Pdf => {
            step("排版")?;
            let fonts = system_fonts()?;
            let document = layout(DocumentKind::Ledger, &data, &fonts)?;
            step("写入文件")?;
            let written = write_pdf_file(document, &fonts, path)?;
            format!(
                "问题整改台账 PDF，{problems} 个问题，共 {} 页",
                written.pages
            )
        }
        FilteredKind::Xlsx => {
            step("写入文件")?;
            let selection = data.selection.clone().unwrap_or_default();
            let mut ledger = ledger_of(data.snapshot);
            ledger.selection = selection;
            let report = export_ledger_xlsx(&ledger, path)?;
            format!(
                "Excel 台账，{} 个问题，{} 条措施",
                report.problems, report.measures
            )
        }
    };
    job.discard_if_cancelled(path)?;
    Ok(told)
}

#[cfg(test)]
mod tests;
