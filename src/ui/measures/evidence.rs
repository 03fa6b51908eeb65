//! 佐证材料 in the measure editor: the attached files with "打开", "预览" (images) and "移除", and
//! three ways to add files — the system file dialog, a typed path (the fallback when no dialog
//! can be shown), and dropping files onto the window.

use std::collections::HashSet;
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use eframe::egui::{self, Key, RichText};
use zhenggai::domain::date::format_date;
use zhenggai::domain::text::size_text;
use zhenggai::domain::{Command, Evidence, EvidenceId, MeasureId};
use zhenggai::store::{Store, read_evidence_file};

use crate::ui::shell::session::Session;
use crate::ui::widgets::dialog::{Confirmation, confirm_ui};
use crate::ui::widgets::form_problem::FormProblem;
use crate::ui::widgets::image_preview::{PreviewCache, is_previewable};
use crate::ui::widgets::pending_edit::{EditOutcome, PendingEdit};
use crate::ui::widgets::{LABEL_WIDTH, error_label};

/// The largest preview shown inline, in points.
const PREVIEW_MAX_SIZE: egui::Vec2 = egui::vec2(480.0, 360.0);

/// The state of the evidence section.
#[derive(Default)]
pub struct EvidencePanel {
    /// The "或输入文件路径" field.
    typed_path: String,
    /// What the last action came to: `Ok` for information, `Err` for a problem, kept typed
    /// until drawn.
    message: Option<Result<String, FormProblem>>,
    /// Files on their way to the store; the typed path is cleared once they are saved.
    pending: Option<PendingEdit>,
    confirm_remove: Option<(EvidenceId, String)>,
    previews: PreviewCache,
    /// The attachments whose preview is unfolded.
    shown_previews: HashSet<EvidenceId>,
}

/// Draws the section. `editable` is false once the measure is closed out (evidence can then be
/// opened and previewed, not changed).
pub fn evidence_panel_ui(
    ui: &mut egui::Ui,
    panel: &mut EvidencePanel,
    measure_id: MeasureId,
    evidence: &[Evidence],
    editable: bool,
    session: &mut Session,
) {
    follow_pending(panel, session);
    ui.label(RichText::new("佐证材料").strong().size(16.0));
    if evidence.is_empty() {
        ui.weak("还没有佐证材料。");
    }
    for item in evidence {
        evidence_row_ui(ui, panel, item, editable, session.store());
    }
    if editable {
        ui.add_space(4.0);
        add_controls_ui(ui, panel, measure_id, session);
    }
    match &panel.message {
        Some(Ok(info)) => {
            ui.label(info);
        }
        Some(Err(problem)) => {
            error_label(ui, problem);
        }
        None => {}
    }
    if let Some((evidence_id, name)) = &panel.confirm_remove {
        let message =
            format!("将从这条措施移除佐证材料「{name}」。移除后不能撤销，需要时请重新添加。");
        match confirm_ui(
            ui.ctx(),
            "confirm_remove_evidence",
            "移除佐证材料？",
            &message,
            "移除",
        ) {
            Confirmation::Open => {}
            Confirmation::Cancelled => panel.confirm_remove = None,
            Confirmation::Confirmed => {
                session.queue(Command::RemoveEvidence {
                    evidence_id: *evidence_id,
                });
                panel.confirm_remove = None;
            }
        }
    }
}

fn evidence_row_ui(
    ui: &mut egui::Ui,
    panel: &mut EvidencePanel,
    item: &Evidence,
    editable: bool,
    store: &Store,
) {
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(&item.file_name).strong());
        ui.weak(format!(
            "{} · {}",
            size_text(item.size),
            format_date(item.added_on)
        ));
        if ui.small_button("打开").clicked() {
            panel.message = Some(open_with_system(store, item).map_err(FormProblem::from));
        }
        if is_previewable(&item.file_name) {
            let shown = panel.shown_previews.contains(&item.id);
            if ui
                .small_button(if shown { "收起预览" } else { "预览" })
                .clicked()
                && !panel.shown_previews.remove(&item.id)
            {
                panel.shown_previews.insert(item.id);
            }
        }
        if editable && ui.small_button("移除").clicked() {
            panel.confirm_remove = Some((item.id, item.file_name.clone()));
        }
    });
    if panel.shown_previews.contains(&item.id) {
        // Decoded on the first frame it is asked for, then served from the cache.
        match panel.previews.get_or_load(ui.ctx(), store, item) {
            Ok(texture) => {
                ui.add(
                    egui::Image::from_texture(texture)
                        .max_size(PREVIEW_MAX_SIZE)
                        .alt_text(format!("预览：{}", item.file_name)),
                );
            }
            Err(reason) => {
                error_label(ui, reason);
            }
        }
    }
}

fn add_controls_ui(
    ui: &mut egui::Ui,
    panel: &mut EvidencePanel,
    measure_id: MeasureId,
    session: &mut Session,
) {
    let waiting = panel.pending.is_some();
    ui.horizontal(|ui| {
        if ui
            .add_enabled(!waiting, egui::Button::new("选择文件…"))
            .clicked()
        {
            // The dialog blocks this frame, as a modal system dialog does. When no dialog
            // backend answers it returns nothing, and the typed path below still works.
            match rfd::FileDialog::new()
                .set_title("选择佐证材料")
                .pick_files()
            {
                Some(paths) if !paths.is_empty() => attach_files(panel, measure_id, paths, session),
                _ => {
                    panel.message = Some(Ok(
                        "没有选择文件。如果选择窗口没有出现，请在「或输入文件路径」中填写文件的完整路径后点「添加」，或把文件拖到窗口里。"
                            .to_owned(),
                    ));
                }
            }
        }
        ui.weak("也可以把文件拖到窗口里");
    });
    let (field, add_clicked) = ui
        .horizontal(|ui| {
            let label = ui.add_sized(
                [LABEL_WIDTH, ui.spacing().interact_size.y],
                egui::Label::new("或输入文件路径"),
            );
            let button_width = 60.0;
            let field = ui
                .add(
                    egui::TextEdit::singleline(&mut panel.typed_path)
                        .hint_text(r"D:\整改材料\会议纪要.pdf")
                        .desired_width((ui.available_width() - button_width).max(120.0)),
                )
                .labelled_by(label.id);
            let add = ui.add_enabled(!waiting, egui::Button::new("添加"));
            (field, add.clicked())
        })
        .inner;
    let entered = field.lost_focus() && ui.input(|input| input.key_pressed(Key::Enter));
    if (add_clicked || entered) && !waiting {
        let typed = clean_typed_path(&panel.typed_path);
        if typed.is_empty() {
            panel.message = Some(Err("请先输入文件路径。".into()));
        } else {
            attach_files(panel, measure_id, vec![PathBuf::from(typed)], session);
        }
    }
}

/// Queues an attachment for each path that is an existing file; says which ones are not.
pub fn attach_files(
    panel: &mut EvidencePanel,
    measure_id: MeasureId,
    paths: Vec<PathBuf>,
    session: &mut Session,
) {
    let mut problems = Vec::new();
    let mut commands = Vec::new();
    for path in paths {
        // The friendlier reasons first (a folder, a missing file); then the file is read here,
        // since the command carries its content.
        match check_source(&path).and_then(|()| Ok(read_evidence_file(&path)?)) {
            Ok(file) => commands.push(Command::AttachEvidence {
                measure_id,
                file,
                added_on: session.workbook.today,
            }),
            Err(problem) => problems.push(problem),
        }
    }
    panel.message = FormProblem::all(problems).map(Err);
    if !commands.is_empty() {
        panel.pending = Some(PendingEdit::queue(session, commands));
    }
}

/// Whether `path` names a file that can be attached, with a reason worded for the clerk when
/// not; reading it checks again.
fn check_source(path: &Path) -> Result<(), FormProblem> {
    let reason = match fs::metadata(path) {
        Ok(metadata) if metadata.is_file() => return Ok(()),
        Ok(_) => format!("「{}」是一个文件夹，请选择其中的文件。", path.display()),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => format!(
            "找不到文件「{}」。请检查路径是否正确，或用「选择文件…」挑选。",
            path.display()
        ),
        Err(err) if err.kind() == std::io::ErrorKind::PermissionDenied => format!(
            "没有权限读取「{}」。请把文件复制到桌面等可读的位置后再添加。",
            path.display()
        ),
        Err(err) => format!(
            "无法读取「{}」：{}",
            path.display(),
            zhenggai::io_reason::explain(&err)
        ),
    };
    Err(reason.into())
}

/// Clears the typed path once the files are saved; keeps it and shows why when refused.
fn follow_pending(panel: &mut EvidencePanel, session: &Session) {
    let Some(pending) = panel.pending else {
        return;
    };
    match pending.outcome(session) {
        EditOutcome::Waiting => {}
        EditOutcome::Applied { refusal } => {
            panel.typed_path.clear();
            panel.pending = None;
            if let Some(refusal) = refusal {
                panel.message = Some(Err(refusal.into()));
            }
        }
        EditOutcome::Refused(refusal) => {
            panel.message = Some(Err(refusal.into()));
            panel.pending = None;
        }
    }
}

/// The files dropped onto the window this frame.
pub fn dropped_paths(ctx: &egui::Context) -> Vec<PathBuf> {
    ctx.input(|input| {
        input
            .raw
            .dropped_files
            .iter()
            .map(|file| file.path().to_path_buf())
            .collect()
    })
}

/// Whether files are being dragged over the window.
pub fn files_hovering(ctx: &egui::Context) -> bool {
    ctx.input(|input| !input.raw.hovered_files.is_empty())
}

/// A path as typed or pasted: Windows' "复制文件地址" wraps it in quotes.
fn clean_typed_path(typed: &str) -> &str {
    typed.trim().trim_matches('"').trim()
}

/// Copies the stored file to a temporary folder and opens it with the program the system uses
/// for its kind. Returns what to tell the user.
fn open_with_system(store: &Store, evidence: &Evidence) -> Result<String, String> {
    let path = export_to_folder(
        store,
        evidence,
        &std::env::temp_dir().join("zhenggai-佐证材料"),
    )?;
    opener::open(&path).map_err(|err| {
        format!(
            "文件已取出到 {}，但系统没有打开它（{err}）。请到该文件夹中用合适的程序打开。",
            path.display()
        )
    })?;
    Ok(format!("已打开「{}」。", evidence.file_name))
}

/// Writes the stored bytes of `evidence` under `root`, in a folder named by its hash (two files
/// with the same name do not collide) and under its own file name, so the viewer shows the name
/// the user knows. Returns the file's path.
pub fn export_to_folder(
    store: &Store,
    evidence: &Evidence,
    root: &Path,
) -> Result<PathBuf, String> {
    let folder = root.join(evidence.sha256.get(..16).unwrap_or(&evidence.sha256));
    let path = folder.join(safe_file_name(&evidence.file_name));
    let failed = |err: &dyn std::fmt::Display| {
        format!(
            "无法取出「{}」：{err}。请检查临时文件夹 {} 是否可写。",
            evidence.file_name,
            root.display()
        )
    };
    // A copy from an earlier "打开" is reused when complete: the content cannot have changed,
    // since the folder is named by its hash.
    if fs::metadata(&path).is_ok_and(|metadata| metadata.len() == evidence.size) {
        return Ok(path);
    }
    fs::create_dir_all(&folder).map_err(|err| failed(&err))?;
    // Written under a temporary name and renamed, so a viewer never sees half a file.
    let partial = folder.join(".正在取出");
    let mut file = File::create(&partial).map_err(|err| failed(&err))?;
    store
        .copy_blob_to(&evidence.sha256, &mut file)
        .map_err(|err| failed(&err))?;
    file.flush().map_err(|err| failed(&err))?;
    drop(file);
    fs::rename(&partial, &path).map_err(|err| failed(&err))?;
    Ok(path)
}

/// The file name with the characters Windows forbids in names replaced, so a file attached on
/// another system still opens here.
fn safe_file_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*') {
                '_'
            } else {
                c
            }
        })
        .collect();
    if cleaned.trim().is_empty() {
        "佐证材料".to_owned()
    } else {
        cleaned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(size_text(512), "512 字节");
        assert_eq!(size_text(2048), "2.0 KB");
        assert_eq!(size_text(3 * 1024 * 1024 + 512 * 1024), "3.5 MB");
    }

    #[test]
    fn typed_paths_lose_quotes_and_spaces() {
        assert_eq!(
            clean_typed_path(r#"  "C:\材料\纪要.pdf"  "#),
            r"C:\材料\纪要.pdf"
        );
        assert_eq!(clean_typed_path("   "), "");
    }

    #[test]
    fn names_are_made_safe_for_windows() {
        assert_eq!(safe_file_name("会议:纪要?.pdf"), "会议_纪要_.pdf");
        assert_eq!(safe_file_name("照片.jpg"), "照片.jpg");
    }

    #[test]
    fn missing_files_and_folders_are_explained() {
        let dir = tempfile::tempdir().expect("temp dir");
        let missing = check_source(&dir.path().join("没有.pdf")).expect_err("missing");
        assert!(missing.to_string().contains("找不到文件"), "{missing}");
        let folder = check_source(dir.path()).expect_err("folder");
        assert!(folder.to_string().contains("文件夹"), "{folder}");
    }
}
