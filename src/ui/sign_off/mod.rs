//! The 签发与导出 screen: the pre-submission check with links to the records, the signers, the
//! sign-off that freezes the next revision, the revisions so far and what each changed.

pub mod bundle_export;
pub mod export_panel;
pub mod print_dialog;
pub mod signers_form;

use eframe::egui::{self, Color32, RichText};
use zhenggai::domain::local_today;
use zhenggai::domain::precheck::{Finding, FindingLevel};
use zhenggai::domain::revision_diff::RevisionDiff;
use zhenggai::domain::{Command, RecordRef, SignOffDraft};
use zhenggai::store::StoreResult;
use zhenggai::view::{Submission, revision_changes};

use crate::ui::shell::failure::Failure;
use crate::ui::shell::nav::{Nav, OpenRequest, Screen};
use crate::ui::shell::session::Session;
use crate::ui::sign_off::export_panel::{ExportPanel, ExportPrefs, export_panel_ui};
use crate::ui::widgets::dialog::{Confirmation, confirm_ui};
use crate::ui::widgets::submission_guide::{GuideCache, guide_ui};
use crate::ui::widgets::{error_label, local_time, text_row};

/// The label of the button that fixes half-width punctuation (the tests click it by name).
pub const PUNCTUATION_FIX: &str = "规范标点";

/// How many changes a diff list shows before "及其他 N 项".
const CHANGES_SHOWN: usize = 200;

/// The screen's state: its data (reloaded when the workbook changes), the names typed for the
/// sign-off, and the revision whose changes are shown.
#[derive(Default)]
pub struct SignOffScreen {
    loaded: Option<Loaded>,
    signers: Option<SignOffDraft>,
    confirming: bool,
    selected_revision: Option<(i64, StoreResult<RevisionDiff>)>,
    export: ExportPanel,
    guide: GuideCache,
    /// A receipt file typed by hand (for PCs where the file dialog does not open).
    receipt_path: String,
}

impl SignOffScreen {
    /// The screen with its export panel as the last run left it.
    pub fn with_export(prefs: ExportPrefs) -> Self {
        Self {
            export: ExportPanel::from_prefs(prefs),
            ..Self::default()
        }
    }

    /// The export panel's choices, to keep for the next run.
    pub fn export_prefs(&self) -> ExportPrefs {
        self.export.prefs()
    }
}

/// The data read for one workbook generation.
struct Loaded {
    generation: u64,
    data: StoreResult<Submission>,
}

/// Draws the screen.
pub fn sign_off_ui(
    ui: &mut egui::Ui,
    screen: &mut SignOffScreen,
    session: &mut Session,
    nav: &mut Nav,
) {
    if screen
        .loaded
        .as_ref()
        .is_none_or(|loaded| loaded.generation != session.generation)
    {
        screen.loaded = Some(Loaded {
            generation: session.generation,
            data: Submission::load(session.store(), local_today()),
        });
    }
    let Some(Loaded { data, .. }) = &screen.loaded else {
        return;
    };
    let submission = match data {
        Ok(submission) => submission.clone(),
        Err(message) => {
            ui.heading("签发与导出");
            error_label(ui, format!("无法读取签发信息：{message}"));
            return;
        }
    };
    let signers = screen.signers.get_or_insert_with(|| SignOffDraft {
        preparer: submission.default_signers.preparer.clone(),
        reviewer: submission.default_signers.reviewer.clone(),
        leader: submission.default_signers.leader.clone(),
    });

    ui.heading("签发与导出");
    if let Some(key) = &submission.unit_key {
        ui.label(key_line(key)).on_hover_text(
            "本单位数字签名密钥的指纹：数据包同时用 Ed25519 和国密 SM2 签名。上级单位据此确认数据包确由本单位签发、未被改动。",
        );
    }
    ui.add_space(4.0);
    guide_ui(ui, screen.guide.guide(session, Some(&submission)), nav);
    ui.add_space(8.0);
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            if check_ui(ui, &submission, nav)
                && let Some(fix) = submission.punctuation_fix.clone()
            {
                session.queue(fix);
            }
            ui.add_space(12.0);
            let sign_clicked = signers_ui(ui, signers, &submission);
            if sign_clicked {
                screen.confirming = true;
            }
            ui.add_space(12.0);
            export_panel_ui(ui, &mut screen.export, session);
            ui.add_space(12.0);
            changes_ui(
                ui,
                "自上次签发以来的变化",
                &submission.changes_since_last,
                "changes_since_last",
            );
            ui.add_space(12.0);
            revisions_ui(ui, &submission, &mut screen.selected_revision, session);
            if !submission.sign_offs.is_empty() {
                receipt_import_ui(ui, &mut screen.receipt_path, session);
            }
        });

    if screen.confirming {
        let number = submission.next_revision();
        let message = format!(
            "签发后将冻结第 {number} 版报送数据（填报人 {}，审核人 {}，主要负责人 {}），冻结后不能修改或撤销。之后的修改会在下一次签发时形成新版本。",
            signers.preparer.trim(),
            signers.reviewer.trim(),
            signers.leader.trim()
        );
        match confirm_ui(
            ui.ctx(),
            "sign_off_confirm",
            "确认审核签发",
            &message,
            "签发",
        ) {
            Confirmation::Open => {}
            Confirmation::Cancelled => screen.confirming = false,
            Confirmation::Confirmed => {
                screen.confirming = false;
                session.queue(Command::SignOff(signers.clone()));
            }
        }
    }
    if let Some(RecordRef::Revision(number)) = session.last_target
        && session.error.is_none()
    {
        nav.message = Some(format!("已签发第 {number} 版，数据已冻结。"));
        session.last_target = None;
    }
}

/// The pre-submission check: counts, then each finding with a button that opens its record,
/// and 规范标点 when texts have half-width punctuation; returns whether 规范标点 was clicked.
fn check_ui(ui: &mut egui::Ui, submission: &Submission, nav: &mut Nav) -> bool {
    ui.label(RichText::new("报送前检查").size(18.0).strong());
    let blocking = submission.blocking_count();
    let warnings = submission.warning_count();
    if submission.findings.is_empty() {
        ui.label(
            RichText::new("未发现需要改正的问题，可以签发。").color(Color32::from_rgb(30, 120, 60)),
        );
        return false;
    }
    ui.label(format!(
        "必须改正 {blocking} 项（改正前不能签发），提醒 {warnings} 项（建议处理，不影响签发）。"
    ));
    egui::ScrollArea::vertical()
        .id_salt("findings")
        .max_height(220.0)
        .show(ui, |ui| {
            for (index, finding) in submission.findings.iter().enumerate() {
                ui.push_id(index, |ui| finding_row_ui(ui, finding, nav));
            }
        });
    let Some(Command::StandardisePunctuation { updates }) = &submission.punctuation_fix else {
        return false;
    };
    ui.horizontal(|ui| {
        let clicked = ui
            .button(format!("{PUNCTUATION_FIX}（{} 条记录）", updates.len()))
            .on_hover_text(
                "把夹在中文之间的半角逗号、冒号、分号、括号、问号、叹号和引号改为全角（GB/T 15834），数字和英文不变。可用 Ctrl+Z 撤销。",
            )
            .clicked();
        ui.weak("只改标点，不改文字。");
        clicked
    })
    .inner
}

fn finding_row_ui(ui: &mut egui::Ui, finding: &Finding, nav: &mut Nav) {
    ui.horizontal(|ui| {
        let (colour, label) = match finding.level() {
            FindingLevel::Blocking => (ui.visuals().error_fg_color, "必须改正"),
            FindingLevel::Warning => (Color32::from_rgb(190, 120, 0), "提醒"),
        };
        ui.label(RichText::new(format!("【{label}】")).color(colour));
        if ui.small_button("打开").clicked() {
            match finding.target {
                RecordRef::Problem(problem_id) => nav.open(OpenRequest::Problem(problem_id)),
                RecordRef::Measure(measure_id) => nav.open(OpenRequest::Measure(measure_id)),
                RecordRef::Commitment(_) => nav.screen = Screen::Commitments,
                RecordRef::Rule(_) => nav.screen = Screen::Rules,
                _ => {}
            }
        }
        // Long messages wrap inside the row rather than running past the window's edge.
        ui.add(egui::Label::new(&finding.message).wrap());
    });
}

/// The three signers and the sign-off button; returns whether it was clicked.
fn signers_ui(ui: &mut egui::Ui, signers: &mut SignOffDraft, submission: &Submission) -> bool {
    ui.label(RichText::new("审核签发").size(18.0).strong());
    // The name fields need not span a wide window; the lists below them still do.
    ui.vertical(|ui| {
        ui.set_max_width(560.0);
        signer_fields_ui(ui, signers, submission)
    })
    .inner
}

fn signer_fields_ui(
    ui: &mut egui::Ui,
    signers: &mut SignOffDraft,
    submission: &Submission,
) -> bool {
    text_row(ui, "填报人", &mut signers.preparer);
    text_row(ui, "审核人", &mut signers.reviewer);
    text_row(ui, "主要负责人", &mut signers.leader);
    let missing: Vec<&str> = [
        ("填报人", &signers.preparer),
        ("审核人", &signers.reviewer),
        ("主要负责人", &signers.leader),
    ]
    .into_iter()
    .filter(|(_, name)| name.trim().is_empty())
    .map(|(label, _)| label)
    .collect();
    let blocking = submission.blocking_count();
    let ready = missing.is_empty() && blocking == 0;
    let button = egui::Button::new(format!(
        "审核签发（冻结第 {} 版）",
        submission.next_revision()
    ));
    let clicked = ui.add_enabled(ready, button).clicked();
    if blocking > 0 {
        error_label(
            ui,
            format!("报送前检查还有 {blocking} 项必须改正，改正后才能签发。"),
        );
    } else if !missing.is_empty() {
        error_label(ui, format!("请填写{}。", missing.join("、")));
    }
    clicked
}

/// The signed revisions, newest first; choosing one shows what it changed.
fn revisions_ui(
    ui: &mut egui::Ui,
    submission: &Submission,
    selected: &mut Option<(i64, StoreResult<RevisionDiff>)>,
    session: &Session,
) {
    ui.label(RichText::new("报送版本").size(18.0).strong());
    if submission.sign_offs.is_empty() {
        ui.label("还没有签发过。");
        return;
    }
    egui::Grid::new("revisions")
        .striped(true)
        .num_columns(7)
        .show(ui, |ui| {
            for header in [
                "版本",
                "签发时间",
                "填报人",
                "审核人",
                "主要负责人",
                "数据指纹",
                "报送状态",
            ] {
                ui.label(RichText::new(header).strong());
            }
            ui.end_row();
            for sign_off in submission.sign_offs.iter().rev() {
                let is_selected = selected
                    .as_ref()
                    .is_some_and(|(number, _)| *number == sign_off.revision);
                if ui
                    .selectable_label(is_selected, format!("第 {} 版", sign_off.revision))
                    .clicked()
                {
                    let diff = revision_changes(session.store(), sign_off.revision);
                    *selected = Some((sign_off.revision, diff));
                }
                ui.label(local_time(&sign_off.signed_at));
                ui.label(&sign_off.preparer);
                ui.label(&sign_off.reviewer);
                ui.label(&sign_off.leader);
                ui.monospace(&sign_off.data_sha256[..16.min(sign_off.data_sha256.len())])
                    .on_hover_text(&sign_off.data_sha256);
                match submission
                    .receipts
                    .iter()
                    .find(|receipt| receipt.revision == sign_off.revision)
                {
                    Some(receipt) => ui
                        .colored_label(
                            Color32::from_rgb(30, 120, 50),
                            format!("已报送 · 已接收 {}", local_time(&receipt.received_at)),
                        )
                        .on_hover_text(format!(
                            "{} 的回执，签名密钥 {}",
                            receipt.office, receipt.office_key_id
                        )),
                    None => ui.weak("未收到回执"),
                };
                ui.end_row();
            }
        });
    ui.weak("点击版本号查看该版相对上一版的变化。上级单位接收数据包后会给出回执，导入后这里显示「已报送 · 已接收」。");
    if let Some((number, diff)) = selected {
        ui.add_space(8.0);
        match diff {
            Ok(diff) => changes_ui(
                ui,
                &format!("第 {number} 版的变化"),
                diff,
                "selected_revision",
            ),
            Err(message) => {
                error_label(ui, format!("无法读取第 {number} 版：{message}"));
            }
        }
    }
}

/// The label of the button that imports a typed receipt path (tests click it).
pub const IMPORT_RECEIPT: &str = "导入回执";

/// Imports the superior office's receipt (回执), chosen by dialog or typed.
fn receipt_import_ui(ui: &mut egui::Ui, typed: &mut String, session: &mut Session) {
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        if ui.button("选择回执文件…").clicked()
            && let Some(path) = rfd::FileDialog::new()
                .add_filter("回执", &["json"])
                .pick_file()
        {
            queue_receipt(session, &path);
        }
        let label = ui.label("或输入回执文件路径");
        ui.add(egui::TextEdit::singleline(typed).desired_width(320.0))
            .labelled_by(label.id);
        if ui.button(IMPORT_RECEIPT).clicked() && !typed.trim().is_empty() {
            // A path that does not lead to a receipt stays in the field to be corrected.
            if queue_receipt(session, std::path::Path::new(typed.trim())) {
                typed.clear();
            }
        }
    });
}

/// The unit's key ids as the screen and 设置 show them.
pub(crate) fn key_line(key: &zhenggai::domain::UnitKey) -> String {
    match &key.sm2 {
        Some(sm2) => format!(
            "单位签名编号：{}    国密签名编号：{}",
            key.fingerprint(),
            sm2.fingerprint()
        ),
        None => format!("单位签名编号：{}", key.fingerprint()),
    }
}

/// Reads the receipt at `path` and checks its signature, then queues its import; a receipt
/// that cannot be read is refused the way a refused edit is, in the session's error line.
/// Returns whether the import was queued.
fn queue_receipt(session: &mut Session, path: &std::path::Path) -> bool {
    match zhenggai::bundle::receipt::read_receipt(path) {
        Ok(receipt) => {
            session.queue(Command::ImportReceipt {
                receipt: Box::new(receipt),
            });
            true
        }
        Err(err) => {
            session.error = Some(Failure::Receipt(err));
            false
        }
    }
}

/// A diff as a list: counts, then one line per changed record.
fn changes_ui(ui: &mut egui::Ui, title: &str, diff: &RevisionDiff, id: &str) {
    use zhenggai::domain::revision_diff::ChangeKind;
    ui.label(RichText::new(title).size(16.0).strong());
    if diff.is_empty() {
        ui.label("没有变化。");
        return;
    }
    ui.label(format!(
        "新增 {} 项，修改 {} 项，销号 {} 项，删除 {} 项。",
        diff.count(ChangeKind::Added),
        diff.count(ChangeKind::Changed),
        diff.count(ChangeKind::Closed),
        diff.count(ChangeKind::Removed)
    ));
    egui::ScrollArea::vertical()
        .id_salt(id)
        .max_height(240.0)
        .show(ui, |ui| {
            for change in diff.changes.iter().take(CHANGES_SHOWN) {
                let fields = if change.fields.is_empty() {
                    String::new()
                } else {
                    format!("（{}）", change.fields.join("、"))
                };
                ui.label(format!(
                    "【{}】{}{fields}",
                    change.change.label(),
                    change.label
                ));
            }
            if diff.changes.len() > CHANGES_SHOWN {
                ui.weak(format!("及其他 {} 项", diff.changes.len() - CHANGES_SHOWN));
            }
        });
}

#[cfg(test)]
mod tests;
