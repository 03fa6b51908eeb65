use eframe::egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use zhenggai::domain::DefaultSigners;

use crate::ui::shell::app::ZhenggaiApp;
use crate::ui::test_support::{
    MemoryStorage, TestDb, app_harness, app_harness_with_storage, click,
};

/// The app on `db`, on the 设置 screen's `tab`.
fn settings_harness(db: &TestDb, tab: &str) -> Harness<'static, ZhenggaiApp> {
    let mut harness = app_harness(db);
    click(&mut harness, "设置");
    click(&mut harness, tab);
    harness
}

/// Replaces a field's text and leaves it with Enter, the way a name is committed.
fn retype_and_enter(harness: &mut Harness<'static, ZhenggaiApp>, label: &str, text: &str) {
    harness.get_by_label(label).click();
    harness.run();
    harness.get_by_label(label).set_text_value_accesskit(text);
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
}

/// The names of the stored categories.
fn category_names(db: &TestDb) -> Vec<String> {
    db.read()
        .categories()
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect()
}

#[test]
fn renaming_and_adding_categories_is_saved_and_a_clash_is_explained() {
    let db = TestDb::with_unit(0);
    let mut harness = settings_harness(&db, "问题类别");
    retype_and_enter(&mut harness, "第1个领域第1项", "窗口授权不充分");
    let names = category_names(&db);
    assert!(names.iter().any(|n| n == "窗口授权不充分"), "{names:?}");
    assert!(!names.iter().any(|n| n == "窗口授权不到位"));

    // A sibling's name is refused before it reaches the store, with the reason shown.
    retype_and_enter(&mut harness, "第1个领域第2项", "窗口授权不充分");
    harness.get_by_label_contains("同一级下已有名为「窗口授权不充分」的类别");
    assert!(
        db.read()
            .categories()
            .unwrap()
            .iter()
            .any(|c| c.name == "审批流程欠科学")
    );

    // A new item under the second area.
    harness
        .get_by_label("第2个领域的新条目")
        .set_text_value_accesskit("推诿扯皮");
    harness.run();
    harness
        .get_all_by_label("添加条目")
        .nth(1)
        .unwrap()
        .scroll_to_me();
    harness.run();
    harness.get_all_by_label("添加条目").nth(1).unwrap().click();
    harness.run();
    let store = db.read();
    let categories = store.categories().unwrap();
    let added = categories
        .iter()
        .find(|c| c.name == "推诿扯皮")
        .expect("item added");
    let area = categories
        .iter()
        .find(|c| Some(c.id) == added.parent_id)
        .unwrap();
    assert_eq!(area.name, "依法行政中的不担当和不主动作为问题");
}

#[test]
fn deleting_a_category_asks_first_and_a_used_one_is_refused_with_the_reason() {
    let db = TestDb::with_unit(30);
    let store = db.read();
    let categories = store.categories().unwrap();
    let used_item = store
        .problems()
        .unwrap()
        .iter()
        .find_map(|p| p.category_id)
        .expect("demo problems have categories");
    let unused_before = categories.len();
    drop(store);
    // The delete buttons come in tree order: each area, then its items.
    let position = categories.iter().position(|c| c.id == used_item).unwrap();
    let mut harness = settings_harness(&db, "问题类别");
    harness
        .get_all_by_label("删除")
        .nth(position)
        .unwrap()
        .click();
    harness.run();
    harness.get_by_label_contains("个问题，不能删除");
    harness.get_by_label("知道了").click();
    harness.run();
    assert!(harness.query_by_label("知道了").is_none());
    assert_eq!(db.read().categories().unwrap().len(), unused_before);

    // An unused new item: asked first; 取消 keeps it, 确定删除 deletes it.
    harness
        .get_by_label("新领域名称")
        .set_text_value_accesskit("临时领域");
    harness.run();
    harness.get_by_label("添加领域").scroll_to_me();
    harness.run();
    harness.get_by_label("添加领域").click();
    harness.run();
    assert_eq!(db.read().categories().unwrap().len(), unused_before + 1);
    let last = harness.get_all_by_label("删除").count() - 1;
    harness
        .get_all_by_label("删除")
        .nth(last)
        .unwrap()
        .scroll_to_me();
    harness.run();
    harness.get_all_by_label("删除").nth(last).unwrap().click();
    harness.run();
    harness.get_by_label_contains("确定删除类别「临时领域」吗");
    harness.get_by_label("取消").click();
    harness.run();
    assert_eq!(db.read().categories().unwrap().len(), unused_before + 1);
    harness.get_all_by_label("删除").nth(last).unwrap().click();
    harness.run();
    harness.get_by_label("确定删除").click();
    harness.run();
    let names = category_names(&db);
    assert_eq!(names.len(), unused_before);
    assert!(!names.iter().any(|n| n == "临时领域"));
}

#[test]
fn default_signers_are_saved_in_the_workbook_and_undone_with_ctrl_z() {
    let db = TestDb::with_unit(0);
    let mut harness = settings_harness(&db, "默认签字人");
    for (label, name) in [
        ("填报人", "李娜"),
        ("审核人", "周强"),
        ("主要负责人", "王建国"),
    ] {
        harness.get_by_label(label).click();
        harness.run();
        harness.get_by_label(label).type_text(name);
        harness.run();
    }
    harness.get_by_label("保存默认签字人").click();
    harness.run();
    let expected = DefaultSigners {
        preparer: "李娜".into(),
        reviewer: "周强".into(),
        leader: "王建国".into(),
    };
    assert_eq!(db.read().default_signers().unwrap(), expected);
    let session = harness.state().session().expect("session");
    assert_eq!(session.workbook.default_signers, expected);

    // Undo brings the empty names back, in the store and in the form.
    harness.key_press_modifiers(eframe::egui::Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(
        db.read().default_signers().unwrap(),
        DefaultSigners::default()
    );
    assert_eq!(harness.get_by_label("填报人").value().as_deref(), Some(""));
}

#[test]
fn unit_information_and_campaign_are_edited_in_place() {
    let db = TestDb::with_unit(0);
    let mut harness = settings_harness(&db, "单位信息");
    harness
        .get_by_label("上级单位")
        .set_text_value_accesskit("县作风建设领导小组办公室");
    harness.run();
    harness.get_by_label("保存单位信息").click();
    harness.run();
    assert_eq!(
        db.read().unit().unwrap().unwrap().superior,
        "县作风建设领导小组办公室"
    );

    // A reversed phase is explained and not saved; a good title is.
    let year = db.read().current_campaign().unwrap().unwrap().year;
    harness
        .get_by_label("第1阶段结束日期")
        .set_text_value_accesskit(&format!("{year}-01-01"));
    harness
        .get_by_label("活动名称")
        .set_text_value_accesskit("作风建设提升年活动");
    harness.run();
    harness.get_by_label("保存专项活动").click();
    harness.run();
    assert!(harness.query_all_by_label_contains("早于开始日期").count() >= 1);
    assert_ne!(
        db.read().current_campaign().unwrap().unwrap().title,
        "作风建设提升年活动"
    );
    harness
        .get_by_label("第1阶段结束日期")
        .set_text_value_accesskit(&format!("{year}-03-20"));
    harness.run();
    harness.get_by_label("保存专项活动").click();
    harness.run();
    let campaign = db.read().current_campaign().unwrap().unwrap();
    assert_eq!(campaign.title, "作风建设提升年活动");
    assert_eq!(
        zhenggai::domain::date::format_date(campaign.phases[0].ends_on),
        format!("{year}-03-20")
    );
}

#[test]
fn the_text_size_is_chosen_in_settings_and_kept_for_the_next_run() {
    let db = TestDb::with_unit(2);
    let mut harness = settings_harness(&db, "显示");
    harness.get_by_label_contains("当前 100%");
    // Body text is at least 14 pixels before any zoom.
    let body = harness.ctx.global_style().text_styles[&eframe::egui::TextStyle::Body].size;
    assert!(body >= 14.0, "body text {body} px");
    click(&mut harness, "大");
    assert!((harness.ctx.zoom_factor() - 1.15).abs() < 0.001);
    harness.get_by_label_contains("当前 115%");

    let mut storage = MemoryStorage::default();
    eframe::App::save(harness.state_mut(), &mut storage);
    drop(harness);
    let mut harness = app_harness_with_storage(&db, &storage);
    harness.run();
    assert!((harness.ctx.zoom_factor() - 1.15).abs() < 0.001);
}

#[test]
fn low_power_mode_is_chosen_in_settings_and_kept_for_the_next_run() {
    let db = TestDb::with_unit(2);
    let mut harness = settings_harness(&db, "显示");
    // The test's renderer is not a software one, so 自动 leaves the mode off.
    harness.get_by_label("当前未开启");
    // The harness turns animations off for steady tests; a window has them.
    let smooth = 1.0 / 12.0;
    harness
        .ctx
        .all_styles_mut(|style| style.animation_time = smooth);
    click(&mut harness, "开");
    harness.get_by_label("当前已开启");
    assert!(harness.ctx.global_style().animation_time.abs() < f32::EPSILON);
    assert!(!harness.ctx.global_style().visuals.text_cursor.blink);

    let mut storage = MemoryStorage::default();
    eframe::App::save(harness.state_mut(), &mut storage);
    click(&mut harness, "关");
    harness.get_by_label("当前未开启");
    assert!((harness.ctx.global_style().animation_time - smooth).abs() < f32::EPSILON);
    drop(harness);

    let mut harness = app_harness_with_storage(&db, &storage);
    harness.run();
    assert!(harness.ctx.global_style().animation_time.abs() < f32::EPSILON);
}
