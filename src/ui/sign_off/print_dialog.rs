//! 打印：a small dialog that chooses the printer and the number of copies (CUPS on Linux; on
//! Windows the PDF handler asks), then makes the PDF in a temporary folder and sends it to the
//! printer on a worker thread. When nothing can print, the status line says so and where the
//! file is; 用 PDF 阅读器打开 remains for printing from a viewer.

use eframe::egui;
use zhenggai::printing::{Printers, list_printers};

use crate::ui::widgets::dialog::{DIALOG_WIDTH, escape_closes};
use crate::ui::widgets::label_cell;

/// The dialog's state for one document.
pub struct PrintDialog {
    /// What is printed, for the heading （e.g. 问题整改台账（第 1 版））.
    pub title: String,
    printers: Printers,
    /// The chosen printer; `None` for the system's default.
    printer: Option<String>,
    copies: u32,
}

/// What the clerk decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrintChoice {
    /// Still choosing.
    Open,
    /// Print on `printer` (the default when `None`) in `copies` copies.
    Print {
        /// The printer.
        printer: Option<String>,
        /// How many copies.
        copies: u32,
    },
    /// Open the PDF in the system's viewer instead.
    OpenInViewer,
    /// Closed without printing.
    Cancelled,
}

impl PrintDialog {
    /// A dialog for `title`, with the printers the system knows now.
    pub fn new(title: String) -> Self {
        let printers = list_printers();
        let printer = printers.default.clone();
        Self {
            title,
            printers,
            printer,
            copies: 1,
        }
    }
}

/// Draws the dialog.
pub fn print_dialog_ui(ctx: &egui::Context, dialog: &mut PrintDialog) -> PrintChoice {
    let mut choice = PrintChoice::Open;
    let modal = egui::Modal::new(egui::Id::unique("print_dialog")).show(ctx, |ui| {
        ui.set_max_width(DIALOG_WIDTH);
        ui.heading(format!("打印《{}》", dialog.title));
        ui.add_space(6.0);
        if cfg!(windows) {
            ui.label(
                "将由本机的 PDF 阅读器打印：它会用默认打印机，或弹出窗口让您选择打印机和份数。",
            );
        } else {
            printer_rows_ui(ui, dialog);
        }
        ui.add_space(10.0);
        ui.horizontal(|ui| {
            if ui.button("打印").clicked() {
                choice = PrintChoice::Print {
                    printer: dialog.printer.clone(),
                    copies: dialog.copies,
                };
            }
            if ui.button("用 PDF 阅读器打开").clicked() {
                choice = PrintChoice::OpenInViewer;
            }
            if ui.button("取消").clicked() {
                choice = PrintChoice::Cancelled;
            }
        });
    });
    if escape_closes(&modal) {
        choice = PrintChoice::Cancelled;
    }
    choice
}

/// The printer and copies rows (CUPS).
fn printer_rows_ui(ui: &mut egui::Ui, dialog: &mut PrintDialog) {
    ui.horizontal(|ui| {
        let label = label_cell(ui, "打印机");
        if dialog.printers.names.is_empty() {
            ui.label("没有找到打印机（将尝试系统默认打印机）");
        } else {
            egui::ComboBox::from_id_salt("print_printer")
                .selected_text(dialog.printer.as_deref().unwrap_or("系统默认打印机"))
                .show_ui(ui, |ui| {
                    for name in &dialog.printers.names {
                        ui.selectable_value(&mut dialog.printer, Some(name.clone()), name);
                    }
                })
                .response
                .labelled_by(label.id);
        }
    });
    ui.horizontal(|ui| {
        let label = label_cell(ui, "份数");
        ui.add(egui::DragValue::new(&mut dialog.copies).range(1..=99))
            .labelled_by(label.id);
    });
}
