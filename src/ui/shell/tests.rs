//! The session outlives background jobs: the screen stays drawn while one runs, the undo
//! history survives it, and every screen sees what a job changed.

use eframe::egui::accesskit::Role;
use eframe::egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use crate::ui::shell::app::ZhenggaiApp;
use crate::ui::test_support::{
    TestDb, app_harness, click, click_and_finish, click_while_busy, finish_jobs, open_exports,
    replace_text, write_ledger,
};

/// Clicks the first 导出 PDF button （the draft 问题整改台账）.
fn export_ledger_pdf(harness: &mut Harness<'static, ZhenggaiApp>) {
    harness
        .get_all_by_label("导出 PDF")
        .next()
        .expect("a PDF export button")
        .click();
    harness.step();
    harness.step();
}

#[test]
fn the_problem_list_stays_drawn_while_a_large_ledger_pdf_is_exported() {
    let db = TestDb::with_unit(1_000);
    let out = tempfile::tempdir().expect("temp dir");
    let mut harness = app_harness(&db);
    open_exports(&mut harness, out.path());
    export_ledger_pdf(&mut harness);
    assert!(harness.state().job_running(), "the export runs in a job");

    // While the PDF is being made, the clerk goes to the problem list and it is there.
    click_while_busy(&mut harness, "问题清单");
    assert!(
        harness.state().job_running(),
        "the 1,000-problem ledger takes longer than two frames"
    );
    let first = &harness
        .state()
        .session()
        .expect("session")
        .workbook
        .problems[0];
    let number = first.number.to_string();
    assert!(
        harness.query_all_by_label(&number).count() >= 1,
        "problem {number} is drawn while the export runs"
    );
    harness.get_by_label_contains("正在导出");
    harness.get_by_role_and_label(Role::Button, "取消");

    finish_jobs(&mut harness);
    let written: Vec<_> = std::fs::read_dir(out.path())
        .expect("read folder")
        .filter_map(Result::ok)
        .filter(|entry| entry.path().extension().is_some_and(|ext| ext == "pdf"))
        .collect();
    assert_eq!(written.len(), 1, "the PDF was written");
}

#[test]
fn ctrl_z_undoes_an_edit_made_before_an_export() {
    let db = TestDb::with_unit(3);
    let out = tempfile::tempdir().expect("temp dir");
    let mut harness = app_harness(&db);
    click(&mut harness, "设置");
    click(&mut harness, "单位信息");
    replace_text(&mut harness, Role::TextInput, "单位全称", "改名后的单位");
    click(&mut harness, "保存单位信息");
    harness.run();
    assert_eq!(db.read().unit().unwrap().unwrap().name, "改名后的单位");

    open_exports(&mut harness, out.path());
    export_ledger_pdf(&mut harness);
    finish_jobs(&mut harness);
    assert!(harness.query_by_label_contains("已导出").is_some());

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(db.read().unit().unwrap().unwrap().name, "市行政审批局");
    harness.get_by_label_contains("已撤销");
}

/// A two-problem ledger with the usual headers.
fn small_ledger(path: &std::path::Path) {
    let rows = [
        ["序号", "问题表现", "整改措施", "责任人", "整改时限"],
        [
            "1",
            "窗口办事推诿扯皮",
            "实行首问负责制",
            "李娜",
            "2026-06-30",
        ],
        [
            "2",
            "审批材料重复提交",
            "清理重复材料",
            "周敏",
            "2026-07-31",
        ],
    ];
    write_ledger(path, &rows);
}

#[test]
fn sign_off_shows_what_an_excel_import_made_while_it_was_open_added() {
    let db = TestDb::with_unit(0);
    let folder = tempfile::tempdir().expect("temp dir");
    let file = folder.path().join("台账.xlsx");
    small_ledger(&file);
    let mut harness = app_harness(&db);
    click(&mut harness, "签发与导出");
    assert!(
        harness
            .query_by_label_contains("窗口办事推诿扯皮")
            .is_none()
    );

    click(&mut harness, "问题清单");
    click(&mut harness, "从 Excel 导入…");
    replace_text(
        &mut harness,
        Role::TextInput,
        "台账文件",
        &file.display().to_string(),
    );
    click_and_finish(&mut harness, "读取");
    click_and_finish(&mut harness, "导入");
    assert_eq!(db.read().problems().expect("problems").len(), 2);

    click(&mut harness, "签发与导出");
    harness.run();
    assert!(
        harness
            .query_by_label_contains("窗口办事推诿扯皮")
            .is_some(),
        "the changes since the last sign-off list the imported problem"
    );
}

#[test]
fn app_opens_on_a_unit_and_shows_its_name_and_navigation() {
    let db = TestDb::with_unit(5);
    let harness = app_harness(&db);
    // The title bar and the dashboard's heading both name the unit.
    assert!(harness.get_all_by_label("市行政审批局").count() >= 1);
    for label in ["概览", "问题清单", "整改承诺", "制度清单", "设置"] {
        harness.get_by_role_and_label(Role::Button, label);
    }
    let session = harness.state().session().expect("session open");
    assert_eq!(session.workbook.problems.len(), 5);
}

#[test]
fn f1_opens_help_for_the_screen_and_esc_closes_it() {
    let db = TestDb::with_unit(3);
    let mut harness = app_harness(&db);
    click(&mut harness, "问题清单");
    harness.key_press(Key::F1);
    harness.run();
    harness.get_by_label("帮助：问题清单");
    harness.get_by_label_contains("拼音首字母");
    harness.get_by_label("销号：");
    harness.key_press(Key::Escape);
    harness.run();
    assert!(harness.query_by_label("帮助：问题清单").is_none());
    // The button does the same.
    click(&mut harness, "帮助（F1）");
    harness.get_by_label("帮助：问题清单");

    // Before the workbook exists, the help is the wizard's.
    let empty = TestDb::empty();
    let mut harness = app_harness(&empty);
    harness.key_press(Key::F1);
    harness.run();
    harness.get_by_label("帮助：建立台账");
    harness.get_by_label_contains("退出示例后即删除");
}

#[test]
fn the_overview_shows_the_submission_steps_with_the_next_one_to_do() {
    let db = TestDb::with_unit(0);
    let mut harness = app_harness(&db);
    click(&mut harness, "概览");
    harness.get_by_label("报送步骤");
    harness.get_by_label_contains("● 1. 填写问题");
    harness.get_by_label_contains("下一步：填写问题");
    click(&mut harness, "去「问题清单」");
    assert_eq!(
        harness.state().nav().screen,
        crate::ui::shell::nav::Screen::Problems
    );
}

#[test]
fn a_database_another_program_writes_can_be_opened_read_only_from_the_lock_message() {
    let db = TestDb::with_unit(4);
    // Another copy of the program holds the writer lock.
    let other = zhenggai::store::Store::open(&db.path).expect("the other program opens it");
    let mut harness = app_harness(&db);
    harness.get_by_label("无法打开数据");
    harness.get_by_label_contains("正在被另一个整改台账程序使用");
    click(&mut harness, "只读打开");
    harness.get_by_label_contains("只读打开：可以查看、导出和打印，不能修改");
    let session = harness.state().session().expect("a session");
    assert!(session.store().is_read_only());
    assert_eq!(session.workbook.problems.len(), 4);
    // The clerk can look around; the writer keeps its lock and its data.
    click(&mut harness, "问题清单");
    drop(harness);
    assert_eq!(other.problems().expect("read").len(), 4);
}
