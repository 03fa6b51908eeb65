//! The superior office's screen (汇总): receive bundles, see every unit's newest revision with
//! its counts, drill down read-only into a unit, write a unit's receipt (回执), and export the
//! consolidated workbook. Shown instead of the unit screens when the database is an aggregate.

pub mod drill;
pub mod import;
pub mod receipt_dialog;
mod units_table;

use std::path::PathBuf;

use eframe::egui::{self, RichText};
use zhenggai::domain::ReceivedRevision;
use zhenggai::store::Summary;
use zhenggai::view::{AggregateView, UnitLine};

use crate::ui::aggregate::drill::{Drill, drill_ui};
use crate::ui::aggregate::import::{ImportLine, ImportOutcome, bundles_at, request_import};
use crate::ui::aggregate::receipt_dialog::{ReceiptDialog, receipt_dialog_ui};
use crate::ui::aggregate::units_table::units_table_ui;
use crate::ui::shell::jobs::JobRequest;
use crate::ui::shell::session::Session;
use crate::ui::widgets::dialog::{Confirmation, confirm_ui};
use crate::ui::widgets::form_problem::FormProblem;

/// The label of the button that receives the bundles of a typed path (tests click it).
pub const RECEIVE: &str = "接收";

/// The most of the screen's height the part above the units' table takes before it scrolls.
const TOP_SHARE: f32 = 0.5;

/// The aggregate screen's state.
#[derive(Default)]
pub struct AggregateScreen {
    /// A file or folder typed by hand (for PCs where the file dialog does not open).
    typed_path: String,
    /// The outcome of each bundle of the last import.
    results: Vec<ImportLine>,
    /// A bundle waiting for the user to confirm its unit's new key.
    replace_key: Option<PathBuf>,
    /// The unit being looked at, if any.
    drill: Option<Drill>,
    /// The folder receipts and exports are written to.
    folder: String,
    /// The last message of this screen (a receipt written, a path refused), the problem kept
    /// typed until drawn.
    message: Option<Result<String, FormProblem>>,
    /// The 写回执 dialog, while open.
    receipt: Option<ReceiptDialog>,
}

/// Draws the aggregate screen for `view`.
pub fn aggregate_ui(
    ui: &mut egui::Ui,
    screen: &mut AggregateScreen,
    session: &mut Session,
    view: &AggregateView,
) {
    if let Some(lines) = session.take_job_output::<Vec<ImportLine>>() {
        screen.results = lines;
    }
    if let Some(drill) = &mut screen.drill {
        if !drill_ui(ui, drill) {
            screen.drill = None;
        }
        return;
    }
    ui.heading(format!("{} · 汇总", view.office.name));
    // The part above the units' table scrolls on its own once it takes half the screen, so the
    // table keeps room and its headers stay in view.
    let top_height = (ui.available_height() * TOP_SHARE).max(160.0);
    egui::ScrollArea::vertical()
        .id_salt("aggregate_top")
        .max_height(top_height)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            ui.label(format!(
                "已接收 {} 个单位的报送版本。数据包在接收时逐一核验签名和每个文件，不合格的整包拒收。",
                view.units.len()
            ));
            ui.add_space(6.0);
            receive_ui(ui, screen, session);
            results_ui(ui, screen);
            ui.add_space(8.0);
            ui.separator();
            totals_ui(ui, &view.total);
            ui.add_space(6.0);
            folder_ui(ui, screen, session);
            if let Some(message) = &screen.message {
                ui.add_space(6.0);
                match message {
                    Ok(text) => ui.label(text),
                    Err(problem) => {
                        ui.colored_label(ui.visuals().error_fg_color, problem.to_string())
                    }
                };
            }
        });
    ui.separator();
    if view.units.is_empty() {
        ui.weak("还没有接收任何数据包。选择单位报送的 .zip 数据包或存放它们的文件夹即可接收。");
    } else if let Some(action) = ui.scope(|ui| units_table_ui(ui, &view.units)).inner {
        match action {
            RowAction::Open(line) => match Drill::load(session, &line) {
                Ok(drill) => screen.drill = Some(drill),
                Err(err) => screen.message = Some(Err(err.into())),
            },
            RowAction::Receipt(received) => {
                let folder = screen.folder.clone();
                screen.receipt = Some(ReceiptDialog::new(received, folder));
            }
        }
    }
    if let Some(dialog) = &mut screen.receipt
        && !receipt_dialog_ui(ui.ctx(), dialog, session)
    {
        screen.receipt = None;
    }
    confirm_key_ui(ui, screen, session);
}

/// The buttons and the typed path that receive bundles.
fn receive_ui(ui: &mut egui::Ui, screen: &mut AggregateScreen, session: &mut Session) {
    ui.horizontal(|ui| {
        if ui.button("选择数据包…").clicked()
            && let Some(files) = rfd::FileDialog::new()
                .add_filter("数据包", &["zip"])
                .pick_files()
        {
            start_import(screen, session, files, false);
        }
        if ui.button("选择文件夹…").clicked()
            && let Some(folder) = rfd::FileDialog::new().pick_folder()
        {
            start_from_path(screen, session, &folder);
        }
    });
    ui.horizontal(|ui| {
        let label = ui.label("或输入数据包或文件夹的路径");
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut screen.typed_path)
                    .hint_text("E:\\报送\\ 或 E:\\报送\\某局-r1.zip")
                    .desired_width(360.0),
            )
            .labelled_by(label.id);
        let entered = field.lost_focus() && ui.input(|input| input.key_pressed(egui::Key::Enter));
        if (ui.button(RECEIVE).clicked() || entered) && !screen.typed_path.trim().is_empty() {
            let path = PathBuf::from(screen.typed_path.trim());
            start_from_path(screen, session, &path);
        }
    });
}

fn start_from_path(screen: &mut AggregateScreen, session: &mut Session, path: &std::path::Path) {
    match bundles_at(path) {
        Ok(bundles) => {
            screen.message = None;
            start_import(screen, session, bundles, false);
        }
        Err(err) => screen.message = Some(Err(err.into())),
    }
}

/// Clears the last results and asks for `bundles` to be received.
fn start_import(
    screen: &mut AggregateScreen,
    session: &mut Session,
    bundles: Vec<PathBuf>,
    replace_key: bool,
) {
    screen.results.clear();
    request_import(session, bundles, replace_key);
}

/// The outcome of each bundle of the last import.
fn results_ui(ui: &mut egui::Ui, screen: &mut AggregateScreen) {
    let lines = &screen.results;
    if lines.is_empty() {
        return;
    }
    ui.add_space(6.0);
    ui.label(RichText::new("本次接收结果").strong());
    let mut replace_key = None;
    for line in lines {
        let name = line
            .path
            .file_name()
            .map_or_else(String::new, |name| name.to_string_lossy().into_owned());
        ui.horizontal_wrapped(|ui| match &line.outcome {
            ImportOutcome::Received { text, changes } => {
                ui.colored_label(
                    egui::Color32::from_rgb(30, 120, 50),
                    format!("[接收] {text}"),
                );
                ui.weak(&name);
                if !changes.is_empty() {
                    ui.collapsing(changes[0].clone(), |ui| {
                        for change in &changes[1..] {
                            ui.label(change);
                        }
                    });
                }
            }
            ImportOutcome::Unchanged(text) => {
                ui.label(format!("[未改动] {text}"));
                ui.weak(&name);
            }
            ImportOutcome::KeyChanged(text) => {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    format!("【密钥变更】{name}：{text}"),
                );
                if ui.button("更换密钥并接收…").clicked() {
                    replace_key = Some(line.path.clone());
                }
            }
            ImportOutcome::Refused(text) => {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    format!("[拒收] {name}：{text}"),
                );
            }
        });
    }
    if replace_key.is_some() {
        screen.replace_key = replace_key;
    }
}

/// Asks before accepting a unit's new key.
fn confirm_key_ui(ui: &mut egui::Ui, screen: &mut AggregateScreen, session: &mut Session) {
    let Some(path) = screen.replace_key.clone() else {
        return;
    };
    let message = format!(
        "{} 的签名与该单位此前登记的不同：换了密钥，或缺少此前有的国密签名。只有在与该单位核实（例如对方重装了电脑、换用了其他版本的程序）后才能接收；接收后以新密钥为准。",
        path.display()
    );
    match confirm_ui(
        ui.ctx(),
        "replace_key",
        "更换密钥",
        &message,
        "更换密钥并接收",
    ) {
        Confirmation::Open => {}
        Confirmation::Cancelled => screen.replace_key = None,
        Confirmation::Confirmed => {
            screen.replace_key = None;
            start_import(screen, session, vec![path], true);
        }
    }
}

/// The folder receipts and the consolidated workbook are written to: the database's folder
/// until the user chooses another.
fn folder_ui(ui: &mut egui::Ui, screen: &mut AggregateScreen, session: &mut Session) {
    if screen.folder.is_empty() {
        // A database given by a bare file name lives in the current folder.
        let database = std::path::absolute(session.store().path())
            .unwrap_or_else(|_| session.store().path().to_path_buf());
        screen.folder = database
            .parent()
            .map(|folder| folder.display().to_string())
            .unwrap_or_default();
    }
    ui.horizontal(|ui| {
        let label = ui.label("回执、汇总表和汇总报告保存到");
        ui.add(egui::TextEdit::singleline(&mut screen.folder).desired_width(360.0))
            .labelled_by(label.id);
        if ui.button("选择文件夹…").clicked()
            && let Some(folder) = rfd::FileDialog::new().pick_folder()
        {
            screen.folder = folder.display().to_string();
        }
    });
    ui.horizontal(|ui| {
        if ui
            .button(EXPORT_XLSX)
            .on_hover_text("第一张表每个单位一行并有合计，其后每个单位一张台账表")
            .clicked()
        {
            export_workbook(screen, session);
        }
        if ui
            .button(EXPORT_PDF)
            .on_hover_text("总体情况、各单位整改情况表、完成率图和需要督促的单位，A4 横向，可打印")
            .clicked()
        {
            export_report(screen, session);
        }
    });
}

/// The label of the consolidated PDF report's button (tests click it).
pub const EXPORT_PDF: &str = "导出汇总报告（PDF）";

/// Writes the consolidated PDF report into the screen's folder on a worker thread.
fn export_report(screen: &mut AggregateScreen, session: &mut Session) {
    let Some((path, today)) = export_target(screen, session, "各单位整改情况汇总报告", "pdf")
    else {
        return;
    };
    let request = JobRequest::read("正在生成汇总报告……", move |store, job| {
        let data = AggregateView::load_required(store, today)?;
        job.stop_if_cancelled()?;
        let written = zhenggai::report::export_aggregate_pdf(&data, &path)?;
        job.discard_if_cancelled(&path)?;
        Ok(format!(
            "已生成汇总报告：{}（共 {} 页，已回读校验）。",
            path.display(),
            written.pages
        ))
    });
    session.request_job(request.cancellable());
}

/// Where an export named `<office>-<what>-<today>.<extension>` goes in the screen's folder,
/// and today's date; `None` (with the message shown) when the folder is missing.
fn export_target(
    screen: &mut AggregateScreen,
    session: &Session,
    what: &str,
    extension: &str,
) -> Option<(PathBuf, chrono::NaiveDate)> {
    let folder = PathBuf::from(screen.folder.trim());
    if !folder.is_dir() {
        screen.message = Some(Err(format!(
            "找不到文件夹 {}，请重新选择。",
            folder.display()
        )
        .into()));
        return None;
    }
    screen.message = None;
    let office = session
        .aggregate
        .as_ref()
        .map_or_else(String::new, |view| view.office.name.clone());
    let today = zhenggai::domain::local_today();
    Some((
        folder.join(format!("{office}-{what}-{today}.{extension}")),
        today,
    ))
}

/// The label of the consolidated workbook's button (tests click it).
pub const EXPORT_XLSX: &str = "导出汇总表（Excel）";

/// Writes the consolidated workbook into the screen's folder on a worker thread.
fn export_workbook(screen: &mut AggregateScreen, session: &mut Session) {
    let Some((path, today)) = export_target(screen, session, "各单位整改情况汇总表", "xlsx")
    else {
        return;
    };
    let request = JobRequest::read("正在导出汇总表……", move |store, job| {
        let report = zhenggai::interop::export_aggregate_xlsx(store, &path, today)?;
        job.discard_if_cancelled(&path)?;
        Ok(format!(
            "已导出汇总表：{}（{} 个问题，{} 条措施，已校验）。",
            path.display(),
            report.problems,
            report.measures
        ))
    });
    session.request_job(request.cancellable());
}

/// The totals over all units.
fn totals_ui(ui: &mut egui::Ui, total: &Summary) {
    let by_status = &total.measures_by_status;
    ui.label(RichText::new("合计").strong().size(16.0));
    ui.label(format!(
        "问题 {} 个；整改措施 {} 条（未启动 {}，整改中 {}，已完成 {}，已销号 {}）；逾期未完成 {} 条；完成率 {:.1}%；整改承诺 {} 项；制度 {} 项",
        total.problems,
        total.measures,
        by_status.not_started,
        by_status.in_progress,
        by_status.completed,
        by_status.closed,
        total.overdue,
        total.completion_rate() * 100.0,
        total.commitments,
        total.rules
    ));
}

/// What a click in the units table asks for.
enum RowAction {
    Open(UnitLine),
    Receipt(ReceivedRevision),
}

#[cfg(test)]
mod tests;

impl AggregateScreen {
    /// The results of the last import, for tests.
    #[cfg(test)]
    pub fn results(&self) -> Vec<ImportLine> {
        self.results.clone()
    }

    /// Whether a unit is being looked at, for tests.
    #[cfg(test)]
    pub fn drilled_unit(&self) -> Option<&str> {
        self.drill.as_ref().map(Drill::unit)
    }
}
