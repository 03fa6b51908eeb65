//! The measure editor driven through its widgets in a kittest harness, asserting on what the
//! store holds afterwards.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{Duration, NaiveDate};
use eframe::egui::{self, Event, ImeEvent, Key, accesskit::Role};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use zhenggai::domain::local_today;
use zhenggai::domain::{
    Command, Deadline, MeasureDraft, MeasureId, MeasureStatus, ProblemDraft, ProblemLevel,
    ProblemSource, RecordRef, Severity,
};
use zhenggai::store::Store;

use super::{MeasureEditor, measure_editor_ui};
use crate::ui::shell::fonts::install_fonts;
use crate::ui::shell::session::Session;
use crate::ui::test_support::{TestDb, click, replace_text, type_into};
use chrono::Datelike;
use zhenggai::domain::date::format_date_zh;

/// The editor and the session it edits, as the problem screen would hold them.
struct EditorState {
    editor: MeasureEditor,
    session: Session,
    closed: bool,
}

/// A database with one problem and one measure 未启动 (deadline in 30 days, no evidence).
fn db_with_measure() -> (TestDb, MeasureId) {
    db_with_measure_found_on(local_today() - Duration::days(30))
}

/// As [`db_with_measure`], with the problem found on `found_on`.
fn db_with_measure_found_on(found_on: NaiveDate) -> (TestDb, MeasureId) {
    let db = TestDb::with_unit(0);
    let mut store = Store::open(&db.path).expect("open");
    let today = local_today();
    let problem = store
        .apply(&Command::AddProblem(ProblemDraft {
            category_id: None,
            level: ProblemLevel::Division,
            subject: "政务服务科".to_owned(),
            source: ProblemSource::Complaint,
            description: "群众办事多次跑腿，一次性告知不到位".to_owned(),
            example: String::new(),
            cause: String::new(),
            severity: Severity::General,
            found_on,
        }))
        .expect("add problem");
    let RecordRef::Problem(problem_id) = problem else {
        panic!("expected a problem, got {problem:?}");
    };
    let measure = store
        .apply(&Command::AddMeasure(MeasureDraft {
            problem_id,
            content: "推行一次性告知制度".to_owned(),
            goal: "群众办事最多跑一次".to_owned(),
            responsible_leader: "王建国".to_owned(),
            responsible_division: "政务服务科".to_owned(),
            responsible_person: "李娜".to_owned(),
            deadline: Some(Deadline::Date(today + Duration::days(30))),
        }))
        .expect("add measure");
    let RecordRef::Measure(measure_id) = measure else {
        panic!("expected a measure, got {measure:?}");
    };
    store.close().expect("close");
    (db, measure_id)
}

/// The editor on `measure_id` in a harness tall enough to show every section without
/// scrolling; queued edits are applied after each frame, as the app does.
fn editor_harness(db: &TestDb, measure_id: MeasureId) -> Harness<'static, EditorState> {
    let session = Session::new(Store::open(&db.path).expect("open")).expect("session");
    let state = EditorState {
        editor: MeasureEditor::open(measure_id),
        session,
        closed: false,
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(900.0, 1800.0))
        .with_context_setup(install_fonts)
        .build_ui_state(
            |ui, state: &mut EditorState| {
                if !measure_editor_ui(ui, &mut state.editor, &mut state.session) {
                    state.closed = true;
                }
                if state.session.has_pending() {
                    state.session.apply_pending();
                    ui.ctx().request_repaint();
                }
            },
            state,
        );
    harness.run();
    harness
}

fn stored_status(db: &TestDb, measure_id: MeasureId) -> MeasureStatus {
    db.read().measure(measure_id).expect("measure").status
}

#[test]
fn buttons_and_the_close_out_dialog_take_a_measure_to_closed_after_a_refusal() {
    let (db, measure_id) = db_with_measure();
    let mut harness = editor_harness(&db, measure_id);
    assert!(
        harness.query_by_label("销号…").is_none(),
        "not yet completed"
    );

    click(&mut harness, "开始整改");
    assert_eq!(stored_status(&db, measure_id), MeasureStatus::InProgress);
    click(&mut harness, "标记完成");
    assert_eq!(stored_status(&db, measure_id), MeasureStatus::Completed);

    click(&mut harness, "销号…");
    type_into(&mut harness, Role::TextInput, "核验人", "赵敏");
    type_into(
        &mut harness,
        Role::MultilineTextInput,
        "核验意见",
        "经核验，已整改到位",
    );
    click(&mut harness, "确认销号");
    // No evidence and no reason: the dialog names the missing reason and keeps the text.
    harness.get_by_label_contains("请填写「无佐证材料的理由」");
    assert_eq!(stored_status(&db, measure_id), MeasureStatus::Completed);
    assert_eq!(
        harness.get_by_label("核验人").value().as_deref(),
        Some("赵敏")
    );

    type_into(
        &mut harness,
        Role::MultilineTextInput,
        "无佐证材料的理由",
        "制度已在全体会议上宣读，无书面材料",
    );
    click(&mut harness, "确认销号");
    assert_eq!(stored_status(&db, measure_id), MeasureStatus::Closed);
    let store = db.read();
    let close_out = store
        .close_outs(Some(measure_id))
        .expect("close-outs")
        .pop()
        .expect("one close-out");
    assert_eq!(close_out.verifier, "赵敏");
    assert_eq!(close_out.opinion, "经核验，已整改到位");
    assert_eq!(close_out.closed_on, local_today());
    assert_eq!(
        close_out.no_evidence_reason,
        "制度已在全体会议上宣读，无书面材料"
    );

    // The dialog is gone; the record is shown read-only and no status button is left.
    assert!(harness.query_by_label("确认销号").is_none());
    harness.get_by_label("销号记录");
    harness.get_by_label("赵敏");
    for label in [
        "开始整改",
        "标记完成",
        "退回整改",
        "销号…",
        "延期…",
        "添加进展",
    ] {
        assert!(
            harness.query_by_label(label).is_none(),
            "{label} still shown"
        );
    }
}

#[test]
fn esc_closes_the_close_out_dialog_and_keeps_what_was_typed() {
    let (db, measure_id) = db_with_measure();
    let mut harness = editor_harness(&db, measure_id);
    click(&mut harness, "开始整改");
    click(&mut harness, "标记完成");
    click(&mut harness, "销号…");
    assert!(
        harness.get_by_label("核验人").is_focused(),
        "the cursor starts in the first field"
    );
    harness.get_by_label("核验人").type_text("赵敏");
    harness.run();
    harness.key_press(Key::Escape);
    harness.run();
    assert!(
        harness.query_by_label("确认销号").is_none(),
        "closed by Esc"
    );
    click(&mut harness, "销号…");
    assert_eq!(
        harness.get_by_label("核验人").value().as_deref(),
        Some("赵敏")
    );
    assert_eq!(stored_status(&db, measure_id), MeasureStatus::Completed);
}

#[test]
fn a_progress_note_is_added_and_deleted_only_after_confirmation() {
    let (db, measure_id) = db_with_measure();
    let mut harness = editor_harness(&db, measure_id);
    type_into(
        &mut harness,
        Role::MultilineTextInput,
        "进展情况",
        "已印发一次性告知清单",
    );
    click(&mut harness, "添加进展");
    let notes = db.read().progress_notes(Some(measure_id)).expect("notes");
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].text, "已印发一次性告知清单");
    assert_eq!(notes[0].noted_on, local_today());
    // The form is emptied for the next note and the note is listed.
    assert_eq!(
        harness.get_by_label("进展情况").value().as_deref(),
        Some("")
    );
    harness.get_by_label("已印发一次性告知清单");

    click(&mut harness, "删除");
    click(&mut harness, "取消");
    assert_eq!(
        db.read()
            .progress_notes(Some(measure_id))
            .expect("notes")
            .len(),
        1
    );
    click(&mut harness, "删除");
    // The confirmation's own button is the second one labelled 删除 (the row's is first).
    harness
        .get_all_by_role_and_label(Role::Button, "删除")
        .last()
        .expect("confirm button")
        .click();
    harness.run();
    assert!(
        db.read()
            .progress_notes(Some(measure_id))
            .expect("notes")
            .is_empty()
    );
}

#[test]
fn an_empty_note_is_explained_and_not_saved() {
    let (db, measure_id) = db_with_measure();
    let mut harness = editor_harness(&db, measure_id);
    click(&mut harness, "添加进展");
    harness.get_by_label_contains("「进展情况」不能为空");
    assert!(
        db.read()
            .progress_notes(Some(measure_id))
            .expect("notes")
            .is_empty()
    );
}

#[test]
fn ime_composition_is_stored_once_committed_and_enter_during_it_submits_nothing() {
    let (db, measure_id) = db_with_measure();
    let mut harness = editor_harness(&db, measure_id);
    harness.get_by_label("进展情况").click();
    harness.run();
    harness.event(Event::Ime(ImeEvent::Preedit {
        text: "anqi".to_owned(),
        active_range_chars: Some(0..4),
    }));
    harness.run();
    // Enter (and Ctrl+Enter, the add shortcut) belong to the input method while it composes.
    harness.key_press(Key::Enter);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::Enter);
    harness.run();
    assert!(
        db.read()
            .progress_notes(Some(measure_id))
            .expect("notes")
            .is_empty(),
        "nothing submitted during the composition"
    );
    assert_eq!(
        harness.get_by_label("进展情况").value().as_deref(),
        Some("anqi"),
        "Enter did not break the composition"
    );
    harness.event(Event::Ime(ImeEvent::Commit("按期完成整改".to_owned())));
    harness.run();
    assert_eq!(
        harness.get_by_label("进展情况").value().as_deref(),
        Some("按期完成整改")
    );
    click(&mut harness, "添加进展");
    let notes = db.read().progress_notes(Some(measure_id)).expect("notes");
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].text, "按期完成整改");
}

#[test]
fn a_field_is_saved_when_it_loses_focus() {
    let (db, measure_id) = db_with_measure();
    let mut harness = editor_harness(&db, measure_id);
    replace_text(&mut harness, Role::TextInput, "责任人", "张伟");
    // Nothing is saved while the field has focus.
    assert_eq!(
        db.read()
            .measure(measure_id)
            .expect("measure")
            .responsible_person,
        "李娜"
    );
    harness.get_by_label("责任部门").click();
    harness.run();
    assert_eq!(
        db.read()
            .measure(measure_id)
            .expect("measure")
            .responsible_person,
        "张伟"
    );
}

#[test]
fn an_invalid_deadline_shows_the_error_and_leaves_the_store_unchanged() {
    let (db, measure_id) = db_with_measure();
    let before = db.read().measure(measure_id).expect("measure");
    let mut harness = editor_harness(&db, measure_id);
    replace_text(&mut harness, Role::TextInput, "整改时限", "2026-13-45");
    harness.key_press(Key::Enter);
    harness.run();
    harness.get_by_label_contains("「整改时限」不是有效日期");
    assert_eq!(db.read().measure(measure_id).expect("measure"), before);
    // What was typed stays for the user to correct.
    assert_eq!(
        harness.get_by_label("整改时限").value().as_deref(),
        Some("2026-13-45")
    );
    // A deadline before the problem was found is refused the same way.
    let too_early = local_today() - Duration::days(365);
    replace_text(
        &mut harness,
        Role::TextInput,
        "整改时限",
        &too_early.format("%Y-%m-%d").to_string(),
    );
    harness.key_press(Key::Enter);
    harness.run();
    harness.get_by_label_contains("早于问题发现日期");
    assert_eq!(db.read().measure(measure_id).expect("measure"), before);
}

#[test]
fn long_term_is_saved_when_ticked() {
    let (db, measure_id) = db_with_measure();
    let mut harness = editor_harness(&db, measure_id);
    harness.get_by_label("长期坚持").click();
    harness.run();
    assert_eq!(
        db.read().measure(measure_id).expect("measure").deadline,
        Some(Deadline::LongTerm)
    );
    // Without a date deadline there is nothing to extend.
    assert!(harness.query_by_label("延期…").is_none());
}

fn write_file(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path
}

#[test]
fn evidence_is_attached_through_the_typed_path_and_listed() {
    let (db, measure_id) = db_with_measure();
    let files = tempfile::tempdir().expect("temp dir");
    let path = write_file(files.path(), "会议纪要.pdf", b"%PDF-1.4 minutes");
    let mut harness = editor_harness(&db, measure_id);

    type_into(
        &mut harness,
        Role::TextInput,
        "或输入文件路径",
        &files.path().join("不存在.pdf").display().to_string(),
    );
    click(&mut harness, "添加");
    harness.get_by_label_contains("找不到文件");
    assert!(
        db.read()
            .evidence(Some(measure_id))
            .expect("evidence")
            .is_empty()
    );

    replace_text(
        &mut harness,
        Role::TextInput,
        "或输入文件路径",
        &format!("\"{}\"", path.display()),
    );
    click(&mut harness, "添加");
    let evidence = db.read().evidence(Some(measure_id)).expect("evidence");
    assert_eq!(evidence.len(), 1);
    assert_eq!(evidence[0].file_name, "会议纪要.pdf");
    assert_eq!(evidence[0].added_on, local_today());
    harness.get_by_label("会议纪要.pdf");
    assert_eq!(
        harness.get_by_label("或输入文件路径").value().as_deref(),
        Some(""),
        "the path is cleared once saved"
    );
    assert!(harness.query_by_label_contains("找不到文件").is_none());
}

#[test]
fn evidence_is_removed_only_after_confirmation() {
    let (db, measure_id) = db_with_measure();
    let files = tempfile::tempdir().expect("temp dir");
    let path = write_file(files.path(), "照片.jpg", b"not really a jpeg");
    let mut harness = editor_harness(&db, measure_id);
    type_into(
        &mut harness,
        Role::TextInput,
        "或输入文件路径",
        &path.display().to_string(),
    );
    click(&mut harness, "添加");
    assert_eq!(
        db.read()
            .evidence(Some(measure_id))
            .expect("evidence")
            .len(),
        1
    );

    click(&mut harness, "移除");
    harness.get_by_label_contains("将从这条措施移除佐证材料「照片.jpg」");
    harness.key_press(Key::Escape);
    harness.run();
    assert_eq!(
        db.read()
            .evidence(Some(measure_id))
            .expect("evidence")
            .len(),
        1
    );

    click(&mut harness, "移除");
    harness.key_press(Key::Enter);
    harness.run();
    assert!(
        db.read()
            .evidence(Some(measure_id))
            .expect("evidence")
            .is_empty()
    );
}

/// A file dropped onto the window, as eframe reports it.
#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|err| err.to_string())
    }
}

#[test]
fn files_dropped_onto_the_window_become_evidence() {
    let (db, measure_id) = db_with_measure();
    let files = tempfile::tempdir().expect("temp dir");
    let first = write_file(files.path(), "整改前.png", b"one");
    let second = write_file(files.path(), "整改通知.docx", b"two");
    let mut harness = editor_harness(&db, measure_id);
    harness.input_mut().dropped_files = vec![Arc::new(Dropped(first)), Arc::new(Dropped(second))];
    harness.run();
    let names: Vec<String> = db
        .read()
        .evidence(Some(measure_id))
        .expect("evidence")
        .into_iter()
        .map(|evidence| evidence.file_name)
        .collect();
    assert_eq!(names, ["整改前.png", "整改通知.docx"]);
    harness.get_by_label("整改通知.docx");
}

fn png_bytes() -> Vec<u8> {
    let image = image::RgbaImage::from_pixel(64, 48, image::Rgba([30, 120, 60, 255]));
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgba8(image)
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .expect("encode png");
    bytes
}

#[test]
fn image_evidence_is_previewed_on_request_and_a_corrupt_one_is_explained() {
    let (db, measure_id) = db_with_measure();
    let files = tempfile::tempdir().expect("temp dir");
    let good = write_file(files.path(), "现场照片.png", &png_bytes());
    let mut harness = editor_harness(&db, measure_id);
    type_into(
        &mut harness,
        Role::TextInput,
        "或输入文件路径",
        &good.display().to_string(),
    );
    click(&mut harness, "添加");
    assert!(
        harness.query_by_label("预览：现场照片.png").is_none(),
        "not decoded yet"
    );
    click(&mut harness, "预览");
    harness.get_by_label("预览：现场照片.png");
    click(&mut harness, "收起预览");
    assert!(harness.query_by_label("预览：现场照片.png").is_none());

    let broken = write_file(files.path(), "损坏.jpg", b"\xff\xd8\xff\xe0 truncated");
    replace_text(
        &mut harness,
        Role::TextInput,
        "或输入文件路径",
        &broken.display().to_string(),
    );
    click(&mut harness, "添加");
    // Two images now: the second 预览 button is the broken one's.
    harness
        .get_all_by_role_and_label(Role::Button, "预览")
        .last()
        .expect("preview button")
        .click();
    harness.run();
    harness.get_by_label_contains("无法预览");
}

#[test]
fn opening_evidence_copies_it_out_under_its_own_name() {
    let (db, measure_id) = db_with_measure();
    let files = tempfile::tempdir().expect("temp dir");
    let source = write_file(files.path(), "会议纪要.pdf", b"%PDF-1.4 minutes");
    let mut store = Store::open(&db.path).expect("open");
    store
        .apply(&Command::AttachEvidence {
            measure_id,
            file: zhenggai::store::read_evidence_file(&source).expect("read"),
            added_on: local_today(),
        })
        .expect("attach");
    let evidence = store
        .evidence(Some(measure_id))
        .expect("evidence")
        .pop()
        .expect("one");
    let out = tempfile::tempdir().expect("temp dir");
    let path = crate::ui::measures::evidence::export_to_folder(&store, &evidence, out.path())
        .expect("exported");
    assert_eq!(
        path.file_name().and_then(|n| n.to_str()),
        Some("会议纪要.pdf")
    );
    assert_eq!(std::fs::read(&path).expect("read"), b"%PDF-1.4 minutes");
    // A second open reuses the copy.
    let again = crate::ui::measures::evidence::export_to_folder(&store, &evidence, out.path())
        .expect("exported again");
    assert_eq!(again, path);
}

#[test]
fn the_extension_dialog_extends_the_deadline_and_lists_the_extension() {
    let (db, measure_id) = db_with_measure();
    let old_deadline = db
        .read()
        .measure(measure_id)
        .expect("measure")
        .deadline
        .and_then(Deadline::date)
        .expect("date deadline");
    let mut harness = editor_harness(&db, measure_id);
    click(&mut harness, "延期…");
    // Earlier than the current deadline: refused by the domain, shown in the dialog.
    let earlier = old_deadline - Duration::days(1);
    type_into(
        &mut harness,
        Role::TextInput,
        "延期至",
        &earlier.format("%Y-%m-%d").to_string(),
    );
    type_into(
        &mut harness,
        Role::MultilineTextInput,
        "延期理由",
        "需财政资金配套",
    );
    type_into(&mut harness, Role::TextInput, "审批人", "王建国");
    click(&mut harness, "确认延期");
    harness.get_by_label_contains("必须晚于原时限");
    assert!(
        db.read()
            .extensions(Some(measure_id))
            .expect("extensions")
            .is_empty()
    );

    let later: NaiveDate = old_deadline + Duration::days(31);
    replace_text(
        &mut harness,
        Role::TextInput,
        "延期至",
        &later.format("%Y-%m-%d").to_string(),
    );
    click(&mut harness, "确认延期");
    let extensions = db.read().extensions(Some(measure_id)).expect("extensions");
    assert_eq!(extensions.len(), 1);
    assert_eq!(extensions[0].old_deadline, old_deadline);
    assert_eq!(extensions[0].new_deadline, later);
    assert_eq!(extensions[0].approver, "王建国");
    assert_eq!(
        db.read().measure(measure_id).expect("measure").deadline,
        Some(Deadline::Date(later))
    );
    harness.get_by_label("延期记录");
    harness.get_by_label("需财政资金配套");
    // The deadline field follows the stored value.
    assert_eq!(
        harness.get_by_label("整改时限").value().as_deref(),
        Some(later.format("%Y-%m-%d").to_string().as_str())
    );
}

#[test]
fn the_close_button_reports_the_editor_closed() {
    let (db, measure_id) = db_with_measure();
    let mut harness = editor_harness(&db, measure_id);
    assert!(!harness.state().closed);
    click(&mut harness, "关闭");
    assert!(harness.state().closed);
}

#[test]
fn an_undo_updates_the_fields_but_never_what_the_user_is_typing() {
    let (db, measure_id) = db_with_measure();
    let mut harness = editor_harness(&db, measure_id);
    replace_text(&mut harness, Role::TextInput, "责任人", "张伟");
    // Moving to 责任部门 saves 责任人; then the user starts typing there.
    harness.get_by_label("责任部门").click();
    harness.run();
    harness.get_by_label("责任部门").type_text("办公室");
    harness.run();
    let message = harness
        .state_mut()
        .session
        .undo()
        .expect("the undo succeeds");
    assert!(message.starts_with("已撤销"), "{message}");
    harness.run();
    assert_eq!(
        harness.get_by_label("责任人").value().as_deref(),
        Some("李娜"),
        "the undone value is shown"
    );
    assert_eq!(
        harness.get_by_label("责任部门").value().as_deref(),
        Some("政务服务科办公室"),
        "the typing in progress is kept"
    );
    assert_eq!(
        db.read()
            .measure(measure_id)
            .expect("measure")
            .responsible_person,
        "李娜"
    );
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a real day")
}

fn stored_deadline(db: &TestDb, measure_id: MeasureId) -> Option<Deadline> {
    db.read().measure(measure_id).expect("measure").deadline
}

/// Empties the text field labelled `label` (select all, then delete).
fn clear_field<S>(harness: &mut Harness<'static, S>, label: &str) {
    harness
        .get_by_role_and_label(Role::TextInput, label)
        .focus();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::A);
    harness.key_press(Key::Backspace);
    harness.run();
}

#[test]
fn a_deadline_typed_the_chinese_way_is_stored_as_that_date() {
    // Found early in 2026, so a deadline of 31 March 2026 is allowed.
    let (db, measure_id) = db_with_measure_found_on(day(2026, 1, 5));
    let mut harness = editor_harness(&db, measure_id);
    replace_text(&mut harness, Role::TextInput, "整改时限", "2026年3月31日");
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(
        stored_deadline(&db, measure_id),
        Some(Deadline::Date(day(2026, 3, 31)))
    );
    // The field now shows the date the way the program writes dates.
    assert_eq!(
        harness.get_by_label("整改时限").value().as_deref(),
        Some("2026-03-31")
    );

    // Full-width digits and slashes, as a Chinese input method types them, are read too.
    replace_text(
        &mut harness,
        Role::TextInput,
        "整改时限",
        "２０２６／４／３０",
    );
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(
        stored_deadline(&db, measure_id),
        Some(Deadline::Date(day(2026, 4, 30)))
    );

    // A day that does not exist is still refused, naming the field, and nothing is saved.
    replace_text(&mut harness, Role::TextInput, "整改时限", "2026-2-30");
    harness.key_press(Key::Enter);
    harness.run();
    harness.get_by_label_contains("「整改时限」不是有效日期");
    assert_eq!(
        stored_deadline(&db, measure_id),
        Some(Deadline::Date(day(2026, 4, 30)))
    );
}

#[test]
fn a_day_picked_in_the_calendar_is_written_into_the_field_and_saved() {
    let (db, measure_id) = db_with_measure();
    let deadline = local_today() + Duration::days(30);
    let mut harness = editor_harness(&db, measure_id);
    // The calendar opens on the deadline's month; one month on, the 15th is picked.
    click(&mut harness, "选择整改时限");
    click(&mut harness, "下个月");
    let first_of_next = day(deadline.year(), deadline.month(), 1)
        .checked_add_months(chrono::Months::new(1))
        .expect("next month");
    let picked = day(first_of_next.year(), first_of_next.month(), 15);
    click(&mut harness, &format_date_zh(picked));
    assert_eq!(
        stored_deadline(&db, measure_id),
        Some(Deadline::Date(picked))
    );
    assert_eq!(
        harness.get_by_label("整改时限").value().as_deref(),
        Some(picked.format("%Y-%m-%d").to_string().as_str())
    );
    assert!(
        harness.query_by_label("下个月").is_none(),
        "the calendar closes once a day is picked"
    );
}

#[test]
fn the_close_out_dialog_names_every_missing_field_at_once_and_clears_each_when_filled() {
    let (db, measure_id) = db_with_measure();
    let mut harness = editor_harness(&db, measure_id);
    click(&mut harness, "开始整改");
    click(&mut harness, "标记完成");
    click(&mut harness, "销号…");
    clear_field(&mut harness, "销号日期");
    click(&mut harness, "确认销号");

    let missing = [
        "「核验人」不能为空",
        "「销号日期」不能为空",
        "「核验意见」不能为空",
        "请填写「无佐证材料的理由」",
    ];
    for message in missing {
        harness.get_by_label_contains(message);
    }
    assert_eq!(stored_status(&db, measure_id), MeasureStatus::Completed);

    // Each message goes as soon as its field is filled; the others stay.
    type_into(&mut harness, Role::TextInput, "核验人", "赵敏");
    assert!(harness.query_by_label_contains(missing[0]).is_none());
    for message in &missing[1..] {
        harness.get_by_label_contains(message);
    }
    type_into(&mut harness, Role::TextInput, "销号日期", "2026年3月31日");
    type_into(
        &mut harness,
        Role::MultilineTextInput,
        "核验意见",
        "经核验，已整改到位",
    );
    type_into(
        &mut harness,
        Role::MultilineTextInput,
        "无佐证材料的理由",
        "制度已在全体会议上宣读，无书面材料",
    );
    for message in missing {
        assert!(
            harness.query_by_label_contains(message).is_none(),
            "{message} still shown"
        );
    }
    click(&mut harness, "确认销号");
    assert_eq!(stored_status(&db, measure_id), MeasureStatus::Closed);
    let close_out = db
        .read()
        .close_outs(Some(measure_id))
        .expect("close-outs")
        .pop()
        .expect("one close-out");
    assert_eq!(close_out.closed_on, day(2026, 3, 31));
    assert_eq!(close_out.verifier, "赵敏");
}

#[test]
fn the_extension_dialog_names_every_missing_field_at_once() {
    let (db, measure_id) = db_with_measure();
    let mut harness = editor_harness(&db, measure_id);
    click(&mut harness, "延期…");
    clear_field(&mut harness, "批准日期");
    click(&mut harness, "确认延期");
    for message in [
        "「延期至」不能为空",
        "「延期理由」不能为空",
        "「审批人」不能为空",
        "「批准日期」不能为空",
    ] {
        harness.get_by_label_contains(message);
    }
    assert!(
        db.read()
            .extensions(Some(measure_id))
            .expect("extensions")
            .is_empty()
    );
}

#[test]
fn the_first_note_on_a_not_started_measure_sets_it_in_progress_as_an_undoable_edit() {
    let (db, measure_id) = db_with_measure();
    let mut harness = editor_harness(&db, measure_id);
    assert_eq!(stored_status(&db, measure_id), MeasureStatus::NotStarted);
    let offer = "同时将状态改为「整改中」";
    assert_eq!(
        harness.get_by_label(offer).accesskit_node().toggled(),
        Some(egui::accesskit::Toggled::True),
        "the offer is ticked by default"
    );
    type_into(
        &mut harness,
        Role::MultilineTextInput,
        "进展情况",
        "已召开专题会议部署整改",
    );
    click(&mut harness, "添加进展");
    assert_eq!(stored_status(&db, measure_id), MeasureStatus::InProgress);
    let notes = db.read().progress_notes(Some(measure_id)).expect("notes");
    assert_eq!(notes.len(), 1);
    assert!(
        harness.query_by_label(offer).is_none(),
        "no offer once the measure is in progress"
    );
    // The status change is an ordinary edit of its own, audited before the note.
    let actions: Vec<String> = db
        .read()
        .audit_entries()
        .expect("audit")
        .into_iter()
        .map(|entry| entry.action)
        .collect();
    assert!(
        actions.ends_with(&[
            "change_measure_status".to_owned(),
            "add_progress_note".to_owned()
        ]),
        "{actions:?}"
    );
    // Ctrl+Z takes the note back; the measure stays 整改中，as after 开始整改（the domain never
    // sends a started measure back to 未启动）.
    let message = harness
        .state_mut()
        .session
        .undo()
        .expect("the undo succeeds");
    assert!(message.contains("进展"), "{message}");
    harness.run();
    assert!(
        db.read()
            .progress_notes(Some(measure_id))
            .expect("notes")
            .is_empty()
    );
    assert_eq!(stored_status(&db, measure_id), MeasureStatus::InProgress);
}

#[test]
fn a_note_with_the_offer_unticked_leaves_the_measure_not_started() {
    let (db, measure_id) = db_with_measure();
    let mut harness = editor_harness(&db, measure_id);
    click_checkbox(&mut harness, "同时将状态改为「整改中」");
    type_into(
        &mut harness,
        Role::MultilineTextInput,
        "进展情况",
        "已着手梳理办事指南",
    );
    click(&mut harness, "添加进展");
    assert_eq!(
        db.read()
            .progress_notes(Some(measure_id))
            .expect("notes")
            .len(),
        1
    );
    assert_eq!(stored_status(&db, measure_id), MeasureStatus::NotStarted);
}

#[test]
fn the_note_form_names_a_missing_date_and_text_at_once() {
    let (db, measure_id) = db_with_measure();
    let mut harness = editor_harness(&db, measure_id);
    clear_field(&mut harness, "进展日期");
    click(&mut harness, "添加进展");
    harness.get_by_label_contains("「进展日期」不能为空");
    harness.get_by_label_contains("「进展情况」不能为空");
    type_into(&mut harness, Role::TextInput, "进展日期", "2026.3.31");
    assert!(harness.query_by_label_contains("「进展日期」").is_none());
    type_into(
        &mut harness,
        Role::MultilineTextInput,
        "进展情况",
        "已完成窗口人员培训",
    );
    click(&mut harness, "添加进展");
    let notes = db.read().progress_notes(Some(measure_id)).expect("notes");
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].noted_on, day(2026, 3, 31));
}

fn click_checkbox<S>(harness: &mut Harness<'static, S>, label: &str) {
    harness.get_by_role_and_label(Role::CheckBox, label).click();
    harness.run();
}
