//! 数据包 in 导出与打印: a signed revision written as the bundle for the superior office
//! (DESIGN §6) into the panel's folder, as long work with a progress bar. The library writes it
//! atomically and verifies the written file; only after that does the status line say the USB
//! stick may be removed.

use std::ops::ControlFlow;
use std::path::PathBuf;

use eframe::egui::{self, RichText};
use zhenggai::bundle::{BundleError, ExportProgress, bundle_file_name, export_bundle};
use zhenggai::domain::text::size_text;
use zhenggai::view::Workbook;

use crate::ui::shell::jobs::{Cancelled, JobDone, JobProgress, JobRequest};
use crate::ui::shell::session::{ExportMark, Exported, Session};
use crate::ui::widgets::label_cell;

/// The label of the export button (the tests click it by name).
pub const EXPORT_BUNDLE: &str = "导出数据包";

/// The revision chosen for the bundle.
#[derive(Default)]
pub struct BundleExport {
    /// `None` follows the latest signed revision; `Some(n)` is revision n, chosen by the user.
    chosen: Option<i64>,
}

impl BundleExport {
    /// The revision to export when `latest` is the newest signed one: the chosen one while it
    /// exists, else the latest.
    fn revision(&self, latest: i64) -> i64 {
        self.chosen
            .filter(|number| (1..=latest).contains(number))
            .unwrap_or(latest)
    }
}

/// Draws the 数据包 rows: the signed revision and the export button, or, before the first
/// sign-off, the disabled button with the reason. Returns the revision to export when the
/// button is clicked.
pub fn bundle_export_ui(
    ui: &mut egui::Ui,
    state: &mut BundleExport,
    latest: Option<i64>,
) -> Option<i64> {
    ui.add_space(8.0);
    ui.label(RichText::new("数据包（报送上级）").strong());
    ui.label(
        "把一个签发版本的数据、台账 CSV、四种文书 PDF 和佐证材料打包成一个 zip 文件，用本单位密钥签名（Ed25519 与国密 SM2 双签名），交上级单位导入。",
    );
    let Some(latest) = latest else {
        ui.horizontal(|ui| {
            ui.add_enabled(false, egui::Button::new(EXPORT_BUNDLE))
                .on_disabled_hover_text("请先签发");
            ui.label("请先签发：数据包只能从已签发的版本导出，在上方「审核签发」后即可导出。");
        });
        return None;
    };
    let revision = state.revision(latest);
    let mut clicked = None;
    ui.horizontal(|ui| {
        let label = label_cell(ui, "签发版本");
        egui::ComboBox::from_id_salt("bundle_revision")
            .selected_text(revision_label(revision, latest))
            .show_ui(ui, |ui| {
                for number in (1..=latest).rev() {
                    if ui
                        .selectable_label(number == revision, revision_label(number, latest))
                        .clicked()
                    {
                        // Choosing the latest follows later sign-offs; an older one stays put.
                        state.chosen = (number != latest).then_some(number);
                    }
                }
            })
            .response
            .labelled_by(label.id);
        if ui
            .button(EXPORT_BUNDLE)
            .on_hover_text("写入后会重新读取并核对签名和每个文件，核验通过才提示可以拔出 U 盘")
            .clicked()
        {
            clicked = Some(state.revision(latest));
        }
    });
    clicked
}

fn revision_label(number: i64, latest: i64) -> String {
    if number == latest {
        format!("第 {number} 版（最新）")
    } else {
        format!("第 {number} 版")
    }
}

/// The bundle's conventional file name for `revision` of the open workbook.
pub fn bundle_name(workbook: &Workbook, revision: i64) -> String {
    let unit = workbook.unit.as_ref().map_or("", |unit| unit.name.as_str());
    let campaign = workbook
        .campaign
        .as_ref()
        .map_or("", |campaign| campaign.title.as_str());
    bundle_file_name(unit, campaign, revision)
}

/// Asks the app to write the bundle of `revision` to `path` on a worker thread, reporting its
/// progress to the status line; 取消 stops it after the file being written and leaves nothing.
pub fn request_bundle_export(session: &mut Session, revision: i64, path: PathBuf) {
    let request = JobRequest::read("正在导出数据包……", move |store, job| {
        let written = export_bundle(store, Some(revision), &path, &mut |progress| {
            job.report(job_progress(progress));
            if job.cancel_requested() {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        })
        .map_err(|err| match err {
            BundleError::Cancelled => anyhow::Error::new(Cancelled),
            other => other.into(),
        })?;
        let message = format!(
            "已导出第 {} 版数据包 {}（{} 个文件，其中佐证材料 {} 个，共 {}）。写入后已重新读取并核对签名和每个文件：已核验，可以安全拔出 U 盘。",
            written.revision,
            written.path.display(),
            written.files,
            written.evidence_files,
            size_text(written.bytes)
        );
        let exported = Exported {
            path: written.path,
            mark: ExportMark::Bundle(written.revision),
        };
        Ok(JobDone::with_output(message, exported))
    });
    session.request_job(request.cancellable());
}

/// The library's progress as the status line shows it.
fn job_progress(progress: &ExportProgress) -> JobProgress {
    if progress.total == 0 {
        // The documents are being made; how much will be written is not known yet.
        return JobProgress {
            fraction: None,
            text: progress.step.to_owned(),
        };
    }
    let done = progress.done.min(progress.total);
    JobProgress {
        fraction: Some((done as f64 / progress.total as f64) as f32),
        text: format!(
            "{}：{} / {}",
            progress.step,
            size_text(done),
            size_text(progress.total)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_becomes_a_fraction_with_sizes_once_the_total_is_known() {
        let making = job_progress(&ExportProgress {
            done: 0,
            total: 0,
            step: "正在生成文书",
        });
        assert_eq!(making.fraction, None);
        assert_eq!(making.text, "正在生成文书");
        let writing = job_progress(&ExportProgress {
            done: 3 * 1024 * 1024,
            total: 12 * 1024 * 1024,
            step: "正在写入佐证材料",
        });
        assert_eq!(writing.fraction, Some(0.25));
        assert_eq!(writing.text, "正在写入佐证材料：3.0 MB / 12.0 MB");
        // A count past the total never overfills the bar.
        let over = job_progress(&ExportProgress {
            done: 20,
            total: 10,
            step: "正在核对写入的数据包",
        });
        assert_eq!(over.fraction, Some(1.0));
        assert_eq!(size_text(512), "512 字节");
        assert_eq!(size_text(1536), "1.5 KB");
    }

    #[test]
    fn the_latest_revision_is_the_default_and_a_vanished_choice_falls_back_to_it() {
        let mut state = BundleExport::default();
        assert_eq!(state.revision(3), 3);
        state.chosen = Some(2);
        assert_eq!(state.revision(3), 2);
        // Another database restored with fewer revisions: the choice no longer exists.
        assert_eq!(state.revision(1), 1);
    }
}
