//! 写回执：a dialog that names the unit and revision acknowledged, asks where to write the
//! signed receipt file, and offers the one-page printable 回执 (PDF) to seal and hand over
//! with it. Both are written on a worker thread.

use std::path::PathBuf;

use eframe::egui;
use zhenggai::bundle::receipt::write_receipt;
use zhenggai::domain::ReceivedRevision;
use zhenggai::report::{layout_receipt, system_fonts, write_pdf_file};

use crate::ui::shell::jobs::{JobDone, JobRequest};
use crate::ui::shell::session::{ExportMark, Exported, Session};
use crate::ui::sign_off::export_panel::target_path;
use crate::ui::widgets::dialog::{DIALOG_WIDTH, escape_closes};
use crate::ui::widgets::{error_label, folder_row};

/// The dialog's state.
pub struct ReceiptDialog {
    received: ReceivedRevision,
    folder: String,
    printable: bool,
    problem: Option<String>,
}

impl ReceiptDialog {
    /// The dialog for `received`, writing into `folder` unless the clerk changes it.
    pub fn new(received: ReceivedRevision, folder: String) -> Self {
        Self {
            received,
            folder,
            printable: true,
            problem: None,
        }
    }
}

/// Draws the dialog; `true` while it stays open.
pub fn receipt_dialog_ui(
    ctx: &egui::Context,
    dialog: &mut ReceiptDialog,
    session: &mut Session,
) -> bool {
    let mut open = true;
    let modal = egui::Modal::new(egui::Id::unique("receipt_dialog")).show(ctx, |ui| {
        ui.set_max_width(DIALOG_WIDTH);
        ui.heading(format!(
            "写回执：{} 第 {} 版",
            dialog.received.unit, dialog.received.revision
        ));
        ui.add_space(4.0);
        ui.label(
            "回执用本汇总库的密钥签名。把回执文件交给该单位导入后，对方即显示「已报送 · 已接收」。",
        );
        ui.add_space(8.0);
        folder_row(ui, &mut dialog.folder, "选择回执保存的文件夹", 260.0);
        ui.checkbox(
            &mut dialog.printable,
            "同时生成可打印的回执（PDF，盖章后交给该单位）",
        );
        if let Some(problem) = &dialog.problem {
            error_label(ui, problem);
        }
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button("写出回执").clicked() {
                match request_receipt(dialog, session) {
                    Ok(()) => open = false,
                    Err(problem) => dialog.problem = Some(problem),
                }
            }
            if ui.button("取消").clicked() {
                open = false;
            }
        });
    });
    if escape_closes(&modal) {
        open = false;
    }
    open
}

/// Asks the app to write the receipt (and its PDF) into the dialog's folder; the reason when
/// the folder is not there.
fn request_receipt(dialog: &ReceiptDialog, session: &mut Session) -> Result<(), String> {
    let received = &dialog.received;
    let stem = format!("{}-r{}-回执", received.unit, received.revision);
    let json = target_path(&dialog.folder, &format!("{stem}.json"))?;
    let pdf: Option<PathBuf> = dialog
        .printable
        .then(|| json.with_file_name(format!("{stem}.pdf")));
    let unit = received.unit.clone();
    session.request_job(JobRequest::read(
        "正在写出回执……",
        move |store, _job| {
            let receipt = write_receipt(store, &unit, &json)?;
            let mut message = format!(
                "已写出「{}」第 {} 版的回执：{}",
                receipt.unit,
                receipt.revision,
                json.display()
            );
            let mut shown = json;
            if let Some(pdf) = pdf {
                let fonts = system_fonts()?;
                let document = layout_receipt(&receipt, &fonts)?;
                write_pdf_file(document, &fonts, &pdf)?;
                message = format!("{message}；可打印的回执：{}", pdf.display());
                shown = pdf;
            }
            message.push('。');
            let exported = Exported {
                path: shown,
                mark: ExportMark::Other,
            };
            Ok(JobDone::with_output(message, exported))
        },
    ));
    Ok(())
}
