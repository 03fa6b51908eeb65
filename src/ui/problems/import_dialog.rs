//! 从 Excel 导入： reads a ledger a department already keeps (.xlsx, .xls or .ods), shows the
//! columns as detected with the first rows under them, lets the clerk correct what each column
//! holds, then imports everything in one transaction on a worker thread. Nothing is written
//! before the clerk presses 导入， and a refused import writes nothing.

use std::path::PathBuf;

use eframe::egui::{self, RichText};
use zhenggai::domain::local_today;
use zhenggai::interop::{
    CellValue, ColumnMapping, ColumnRole, ImportOptions, ImportPreview, ImportReport, InteropError,
    LedgerField, LedgerSheet, import_preview, preview_xlsx,
};

use sheets::{CountsCache, grouping_ui, sheets_ui};

use crate::ui::shell::jobs::{Cancelled, JobDone, JobRequest};
use crate::ui::shell::session::Session;
use crate::ui::widgets::dialog::escape_closes;
use crate::ui::widgets::{error_label, label_cell};

/// How many data rows the preview shows under the headers.
const PREVIEW_ROWS: usize = 8;

/// How many skipped rows the result names.
const SKIPPED_NAMED: usize = 5;

/// Every field a column can be given, in the order the drop-down lists them.
const FIELDS: [LedgerField; 14] = [
    LedgerField::Number,
    LedgerField::Category,
    LedgerField::Description,
    LedgerField::Subject,
    LedgerField::Example,
    LedgerField::Cause,
    LedgerField::Measure,
    LedgerField::Goal,
    LedgerField::Leader,
    LedgerField::Division,
    LedgerField::Person,
    LedgerField::Deadline,
    LedgerField::Progress,
    LedgerField::Status,
];

/// The dialog's state while it is open.
#[derive(Default)]
pub struct ImportDialog {
    path: String,
    verifier: String,
    /// Whether the clerk chose to import the half-width punctuation as it is （规范标点 is
    /// ticked by default）.
    keep_half_width: bool,
    /// Whether the clerk switched off grouping a flat ledger's repeated problem rows.
    keep_rows_apart: bool,
    /// The sheet whose columns the preview shows.
    shown_sheet: usize,
    counts: CountsCache,
    /// Whether a job is reading the file.
    loading: bool,
    preview: Option<(PathBuf, ImportPreview)>,
    error: Option<String>,
}

/// A workbook read for the preview, with the file it came from (so editing the field
/// meanwhile cannot pair a preview with another file), or why it could not be read.
struct Loaded(PathBuf, Result<(ImportPreview, CountsCache), InteropError>);

/// What the dialog asks of its caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportAction {
    /// Keep showing it.
    Open,
    /// Close it (cancelled, or the import was handed to the worker).
    Close,
}

/// Draws the dialog.
pub fn import_dialog_ui(
    ctx: &egui::Context,
    dialog: &mut ImportDialog,
    session: &mut Session,
) -> ImportAction {
    poll_loading(dialog, session);
    let mut action = ImportAction::Open;
    let response = egui::Modal::new(egui::Id::unique("import_xlsx")).show(ctx, |ui| {
        ui.set_width((ctx.content_rect().width() - 120.0).clamp(600.0, 1100.0));
        ui.heading("从 Excel 导入台账");
        ui.label("支持 .xlsx、.xls（Excel 97–2003、WPS）和 .ods。先读取并核对各列的含义，再导入；导入前不会改动现有数据。");
        ui.add_space(6.0);
        file_row_ui(ui, dialog, session);
        if dialog.loading {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("正在读取……");
            });
        }
        if let Some(error) = &dialog.error {
            error_label(ui, error);
        }
        if let Some((_, preview)) = dialog.preview.as_mut() {
            ui.add_space(6.0);
            if sheets_ui(ui, preview, &mut dialog.shown_sheet) {
                dialog.counts.invalidate();
            }
            if let Some(sheet) = preview.sheets.get_mut(dialog.shown_sheet)
                && preview_ui(ui, sheet)
            {
                dialog.counts.invalidate();
            }
            grouping_ui(ui, preview, &mut dialog.counts, &mut dialog.keep_rows_apart);
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                let label = label_cell(ui, "销号核验人");
                ui.add(
                    egui::TextEdit::singleline(&mut dialog.verifier)
                        .hint_text("可空：原台账中「已销号」的措施先按「已完成」导入")
                        .desired_width(360.0),
                )
                .labelled_by(label.id);
            });
            let needing = preview.cells_needing_standard_punctuation();
            if needing > 0 {
                let mut fix = !dialog.keep_half_width;
                ui.checkbox(
                    &mut fix,
                    format!(
                        "导入时规范标点：{needing} 个单元格中有夹在中文之间的半角逗号、冒号、括号等，改为全角（GB/T 15834）"
                    ),
                );
                dialog.keep_half_width = !fix;
            }
        }
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            let chosen = dialog
                .preview
                .as_ref()
                .is_some_and(|(_, preview)| preview.selected().next().is_some());
            let usable = chosen
                && dialog.preview.as_ref().is_some_and(|(_, preview)| {
                    preview.selected().all(|sheet| sheet.mapping.is_usable())
                });
            if ui.add_enabled(usable, egui::Button::new("导入")).clicked() {
                start_import(dialog, session);
                action = ImportAction::Close;
            }
            if ui.button("取消").clicked() {
                action = ImportAction::Close;
            }
            if dialog.preview.is_some() && !chosen {
                error_label(ui, "请至少勾选一个工作表。");
            } else if dialog.preview.is_some() && !usable {
                error_label(ui, "请为每个勾选的工作表指定哪一列是「问题表现」，才能导入。");
            }
        });
    });
    if escape_closes(&response) {
        action = ImportAction::Close;
    }
    action
}

/// The file field, 选择文件… and 读取.
fn file_row_ui(ui: &mut egui::Ui, dialog: &mut ImportDialog, session: &mut Session) {
    ui.horizontal(|ui| {
        let label = label_cell(ui, "台账文件");
        ui.add(
            egui::TextEdit::singleline(&mut dialog.path)
                .hint_text("D:\\台账\\整改台账.xlsx")
                .desired_width(420.0),
        )
        .labelled_by(label.id);
        if ui.button("选择文件…").clicked()
            && let Some(path) = rfd::FileDialog::new()
                .set_title("选择要导入的台账")
                .add_filter("电子表格", &["xlsx", "xls", "ods", "xlsm"])
                .pick_file()
        {
            dialog.path = path.display().to_string();
            start_loading(dialog, session);
        }
        if ui
            .add_enabled(!dialog.loading, egui::Button::new("读取"))
            .clicked()
        {
            start_loading(dialog, session);
        }
    });
}

/// Reads the file in a reading job: a 50,000-row sheet takes a moment.
fn start_loading(dialog: &mut ImportDialog, session: &mut Session) {
    let path = PathBuf::from(dialog.path.trim().trim_matches('"'));
    if path.as_os_str().is_empty() {
        dialog.error = Some("请填写或选择要导入的文件。".to_owned());
        return;
    }
    dialog.error = None;
    dialog.preview = None;
    dialog.shown_sheet = 0;
    dialog.counts.invalidate();
    dialog.loading = true;
    session.request_job(JobRequest::read(
        "正在读取 Excel 文件……",
        move |_store, _job| {
            // The first counts are worked out here too: a large sheet takes a moment to parse,
            // and the dialog would otherwise do it on its first frame.
            let preview = preview_xlsx(&path).map(|preview| {
                let counts = CountsCache::of(&preview);
                (preview, counts)
            });
            Ok(JobDone::with_output(String::new(), Loaded(path, preview)))
        },
    ));
}

fn poll_loading(dialog: &mut ImportDialog, session: &mut Session) {
    if !dialog.loading {
        return;
    }
    if let Some(Loaded(path, preview)) = session.take_job_output::<Loaded>() {
        dialog.loading = false;
        match preview {
            Ok((preview, counts)) => {
                dialog.preview = Some((path, preview));
                dialog.counts = counts;
            }
            Err(err) => dialog.error = Some(err.to_string()),
        }
    } else if !session.job_pending_or_running() {
        dialog.loading = false;
        dialog.error = Some("读取文件时意外中止，请重试。".to_owned());
    }
}

/// The detected layout of one sheet: one column per sheet column, its role on top and the
/// first rows below. Returns whether a column's role was changed.
fn preview_ui(ui: &mut egui::Ui, sheet: &mut LedgerSheet) -> bool {
    let mapping = &mut sheet.mapping;
    let grid = &sheet.grid;
    let before = mapping.clone();
    let header_rows: Vec<String> = mapping
        .header_rows
        .iter()
        .map(|&index| grid.row_number(index).to_string())
        .collect();
    ui.label(format!(
        "工作表「{}」：表头在第 {} 行，数据从第 {} 行开始。请核对每一列的含义，不对的在下拉框中改正。",
        grid.sheet,
        header_rows.join("、"),
        grid.row_number(mapping.data_start)
    ));
    let columns = mapping.columns.len();
    egui::ScrollArea::both()
        .id_salt("import_preview")
        .max_height(320.0)
        .show(ui, |ui| {
            egui::Grid::new("import_preview_grid")
                .striped(true)
                .min_col_width(90.0)
                .show(ui, |ui| {
                    let combos: Vec<egui::Response> = (0..columns)
                        .map(|column| role_combo_ui(ui, mapping, column))
                        .collect();
                    ui.end_row();
                    // Each drop-down is named by the header under it, so screen readers (and
                    // the UI tests) tell the columns apart.
                    for (column, combo) in combos.into_iter().enumerate() {
                        let mut header = header_text(grid, mapping, column);
                        if header.is_empty() {
                            header = format!("第 {} 列", column + 1);
                        }
                        let label = ui.label(RichText::new(header).weak());
                        let _ = combo.labelled_by(label.id);
                    }
                    ui.end_row();
                    for row in grid.rows.iter().skip(mapping.data_start).take(PREVIEW_ROWS) {
                        for column in 0..columns {
                            let text = row.get(column).map(CellValue::text).unwrap_or_default();
                            ui.add(egui::Label::new(shorten(&text)).truncate())
                                .on_hover_text(text);
                        }
                        ui.end_row();
                    }
                });
        });
    *mapping != before
}

/// The drop-down of what column `column` holds; returns its response for labelling.
fn role_combo_ui(ui: &mut egui::Ui, mapping: &mut ColumnMapping, column: usize) -> egui::Response {
    let current = mapping.columns[column].clone();
    let mut chosen = current.clone();
    let response = egui::ComboBox::from_id_salt(("import_role", column))
        .width(100.0)
        // All sixteen choices at once: the default height hid 责任领导 to 状态 below a scroll.
        .height(420.0)
        .selected_text(role_label(&current))
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut chosen, ColumnRole::Ignore, "忽略");
            let keep = ColumnRole::Keep(format!("第 {} 列", column + 1));
            if ui
                .selectable_label(matches!(current, ColumnRole::Keep(_)), "保留为备注")
                .clicked()
                && !matches!(current, ColumnRole::Keep(_))
            {
                chosen = keep;
            }
            for field in FIELDS {
                ui.selectable_value(&mut chosen, ColumnRole::Field(field), field.label());
            }
        })
        .response;
    if chosen != current {
        mapping.set(column, chosen);
    }
    response
}

fn role_label(role: &ColumnRole) -> String {
    match role {
        ColumnRole::Field(field) => field.label().to_owned(),
        ColumnRole::Keep(_) => "保留为备注".to_owned(),
        ColumnRole::Ignore => "忽略".to_owned(),
    }
}

/// The header cells over `column`, joined (two-row headers read top to bottom).
fn header_text(grid: &zhenggai::interop::Grid, mapping: &ColumnMapping, column: usize) -> String {
    mapping
        .header_rows
        .iter()
        .filter_map(|&row| grid.rows.get(row)?.get(column).map(CellValue::text))
        .filter(|text| !text.is_empty())
        .collect::<Vec<_>>()
        .join(" / ")
}

fn shorten(text: &str) -> String {
    zhenggai::domain::text::shorten(&text.replace('\n', " "), 24)
}

/// Hands the import to the worker thread with the corrected mapping.
fn start_import(dialog: &mut ImportDialog, session: &mut Session) {
    let Some((path, mut preview)) = dialog.preview.take() else {
        return;
    };
    if !dialog.keep_half_width {
        preview.standardise_punctuation();
    }
    let verifier = dialog.verifier.trim().to_owned();
    let options = ImportOptions {
        today: local_today(),
        close_out_verifier: (!verifier.is_empty()).then_some(verifier),
        group_repeated_rows: !dialog.keep_rows_apart,
    };
    let request =
        JobRequest::write("正在导入台账……", move |store, job| {
            let stop_requested = || job.cancel_requested();
            let report = import_preview(store, &path, &preview, &options, &stop_requested)
                .map_err(|err| match err {
                    InteropError::Cancelled => anyhow::Error::new(Cancelled),
                    other => anyhow::anyhow!("导入未完成，现有数据没有改动：{other}"),
                })?;
            Ok(describe(&report))
        });
    session.request_job(request.cancellable());
}

/// One line for the status bar: what came in and what did not, naming the first skipped rows.
fn describe(report: &ImportReport) -> String {
    use std::fmt::Write;
    let mut text = format!(
        "已导入 {} 个问题、{} 条整改措施",
        report.problems, report.measures
    );
    if report.closed_as_completed > 0 {
        // Writing to a String cannot fail.
        let _ = write!(
            text,
            "，{} 条原「已销号」措施待核验销号",
            report.closed_as_completed
        );
    }
    if report.skipped.is_empty() {
        text.push('。');
    } else {
        let named: Vec<String> = report
            .skipped
            .iter()
            .take(SKIPPED_NAMED)
            .map(|note| format!("{}：{}", note.place(report.sheets.len()), note.reason))
            .collect();
        let _ = write!(
            text,
            "；跳过 {} 行（{}）。",
            report.skipped.len(),
            named.join("；")
        );
    }
    text
}

mod sheets;
#[cfg(test)]
mod tests;
