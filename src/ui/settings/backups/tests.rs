use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use crate::ui::shell::app::ZhenggaiApp;
use crate::ui::test_support::{TestDb, app_harness, click, click_and_finish, finish_jobs};

/// The app on `db`, on the 设置 screen's 数据与备份 tab.
fn data_tab(db: &TestDb) -> Harness<'static, ZhenggaiApp> {
    let mut harness = app_harness(db);
    click(&mut harness, "设置");
    // The tab reads its list of backups in a job.
    click_and_finish(&mut harness, "数据与备份");
    harness
}

/// Presses the first backup's 从此备份恢复… button.
fn open_restore_dialog(harness: &mut Harness<'static, ZhenggaiApp>) {
    harness
        .get_all_by_label("从此备份恢复…")
        .next()
        .unwrap()
        .click();
    harness.run();
}

/// Runs frames until the manual backup has been made and listed.
fn wait_for_backup(harness: &mut Harness<'static, ZhenggaiApp>) {
    finish_jobs(harness);
    // On the status line and in the tab.
    assert!(harness.query_all_by_label_contains("已备份：").count() >= 1);
}

#[test]
fn the_data_tab_names_the_file_and_lists_a_backup_made_with_backup_now() {
    let db = TestDb::with_unit(3);
    let mut harness = data_tab(&db);
    harness.get_by_label(&db.path.display().to_string());
    harness.get_by_label("打开数据文件夹");
    let listed_before = harness.query_all_by_label("手动备份").count();
    assert_eq!(listed_before, 0);

    harness.get_by_label("立即备份").click();
    harness.step();
    wait_for_backup(&mut harness);
    assert_eq!(harness.query_all_by_label("手动备份").count(), 1);
    let backups = db.read().backups().unwrap();
    assert_eq!(backups[0].reason, "manual");
    assert!(backups[0].path.is_file());
}

#[test]
fn restoring_asks_first_cancel_changes_nothing_and_confirm_brings_the_backup_back() {
    let db = TestDb::with_unit(0);
    let mut harness = data_tab(&db);
    harness.get_by_label("立即备份").click();
    harness.step();
    wait_for_backup(&mut harness);

    // The data changes after the backup …
    click(&mut harness, "单位信息");
    harness
        .get_by_label("单位全称")
        .set_text_value_accesskit("改名后的单位");
    harness.run();
    harness.get_by_label("保存单位信息").click();
    harness.run();
    click_and_finish(&mut harness, "数据与备份");
    assert_eq!(db.read().unit().unwrap().unwrap().name, "改名后的单位");
    let backups_before = db.read().backups().unwrap().len();

    // … 取消 in the dialog leaves it as it is.
    harness.get_by_label("手动备份");
    open_restore_dialog(&mut harness);
    harness.get_by_label_contains("先把当前数据另存为一份备份");
    harness.get_by_label("取消").click();
    harness.run();
    assert!(harness.query_by_label("恢复").is_none(), "dialog closed");
    assert_eq!(db.read().unit().unwrap().unwrap().name, "改名后的单位");
    assert_eq!(db.read().backups().unwrap().len(), backups_before);

    // Esc closes the dialog without restoring too.
    open_restore_dialog(&mut harness);
    harness.key_press(eframe::egui::Key::Escape);
    harness.run();
    assert!(harness.query_by_label("恢复").is_none(), "dialog closed");
    assert_eq!(db.read().unit().unwrap().unwrap().name, "改名后的单位");

    // 恢复 brings the backup back and keeps the replaced data as a backup of its own.
    open_restore_dialog(&mut harness);
    harness.get_by_label("恢复").click();
    finish_jobs(&mut harness);
    assert_eq!(db.read().unit().unwrap().unwrap().name, "市行政审批局");
    let session = harness.state().session().expect("session");
    assert_eq!(session.workbook.unit.as_ref().unwrap().name, "市行政审批局");
    assert_eq!(
        session.undo_label(),
        None,
        "undo cannot reach past a restore"
    );
    let backups = db.read().backups().unwrap();
    assert_eq!(backups[0].reason, "restore");
    harness.get_by_label_contains("恢复前的数据已另存为");
}
