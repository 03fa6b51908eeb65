//! Tests of the problem editor beside the 问题清单, through the UI only; each checks what the
//! store holds afterwards.

use chrono::{NaiveTime, Timelike};
use eframe::egui::{Event, ImeEvent, Key, Modifiers, accesskit::Role};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use zhenggai::domain::Deadline;
use zhenggai::domain::local_today;

use crate::ui::problems::tests::{count_line, open_row, problem_by_number, problems_harness};
use crate::ui::shell::app::ZhenggaiApp;
use crate::ui::test_support::{TestDb, click, shown_text, type_into};

/// The text of the status line's 已保存 message.
fn saved_line(harness: &Harness<'static, ZhenggaiApp>) -> String {
    shown_text(harness, "已保存")
}

/// Checks that `line` is exactly 「已保存 HH:MM:SS」 (two digits each, 24-hour clock) and that
/// the time is the clock's, give or take two minutes.
fn assert_saved_just_now(line: &str) {
    let time = line
        .strip_prefix("已保存 ")
        .unwrap_or_else(|| panic!("{line:?} does not start with 「已保存 」"));
    let shape_ok = time.len() == 8
        && time.char_indices().all(|(index, c)| match index {
            2 | 5 => c == ':',
            _ => c.is_ascii_digit(),
        });
    assert!(shape_ok, "{line:?} is not 已保存 HH:MM:SS");
    let saved = NaiveTime::parse_from_str(time, "%H:%M:%S")
        .unwrap_or_else(|err| panic!("{line:?} is not a time of day: {err}"));
    let now = chrono::Local::now().time();
    let apart = (i64::from(now.num_seconds_from_midnight())
        - i64::from(saved.num_seconds_from_midnight()))
    .rem_euclid(86_400);
    assert!(
        apart.min(86_400 - apart) <= 120,
        "{line:?} is not the time of the edit (now {now})"
    );
}

#[test]
fn a_new_problem_is_saved_and_gets_two_measures() {
    let db = TestDb::with_unit(0);
    let mut harness = problems_harness(&db);
    assert!(count_line(&harness).contains("共 0 个问题"));

    click(&mut harness, "新增问题");
    // Saving an empty description is refused inline, and nothing is stored.
    click(&mut harness, "保存");
    harness.get_by_label_contains("「问题表现」不能为空");
    assert!(db.read().problems().expect("problems").is_empty());

    type_into(
        &mut harness,
        Role::MultilineTextInput,
        "问题表现",
        "窗口受理后仍需回科室逐级签批，即办件不能当场办结",
    );
    type_into(&mut harness, Role::TextInput, "责任主体", "行政审批科");
    click(&mut harness, "保存");
    harness.run();

    let problems = db.read().problems().expect("problems");
    assert_eq!(problems.len(), 1);
    let problem = &problems[0];
    assert_eq!(problem.subject, "行政审批科");
    assert_eq!(problem.found_on, local_today());
    // The editor follows the stored problem, which now shows in the table.
    harness.get_by_label(&format!("问题 {}", problem.number));
    assert!(count_line(&harness).contains("共 1 个问题"));

    type_into(
        &mut harness,
        Role::MultilineTextInput,
        "措施内容",
        "推行窗口首席代表制，授权窗口当场办结",
    );
    type_into(&mut harness, Role::TextInput, "责任领导", "王建国");
    type_into(&mut harness, Role::TextInput, "责任人", "李娜");
    type_into(&mut harness, Role::TextInput, "整改时限", "2099-06-30");
    click(&mut harness, "添加措施");
    harness.run();

    // The content is cleared for the next measure; the people and deadline stay.
    type_into(
        &mut harness,
        Role::MultilineTextInput,
        "措施内容",
        "每月通报即办件办结情况",
    );
    harness
        .get_by_role_and_label(Role::CheckBox, "长期坚持")
        .click();
    harness.run();
    click(&mut harness, "添加措施");
    harness.run();

    let store = db.read();
    let measures = store.measures_of(problem.id).expect("measures");
    assert_eq!(measures.len(), 2);
    assert_eq!(measures[0].content, "推行窗口首席代表制，授权窗口当场办结");
    assert_eq!(measures[0].responsible_leader, "王建国");
    assert_eq!(measures[0].responsible_person, "李娜");
    assert_eq!(
        measures[0].deadline,
        Some(Deadline::Date(
            chrono::NaiveDate::from_ymd_opt(2099, 6, 30).expect("date")
        ))
    );
    assert_eq!(measures[1].content, "每月通报即办件办结情况");
    assert_eq!(measures[1].responsible_person, "李娜");
    assert_eq!(measures[1].deadline, Some(Deadline::LongTerm));
    harness.get_by_label("整改措施（2 条）");
}

#[test]
fn an_edit_is_saved_on_leaving_the_field_and_ctrl_z_undoes_it() {
    let db = TestDb::with_unit(5);
    let original = problem_by_number(&db.read(), 2);
    let mut harness = problems_harness(&db);
    open_row(&mut harness, &original.description);
    harness.get_by_label("问题 2");

    type_into(&mut harness, Role::TextInput, "责任主体", "补充");
    // Still typing: nothing saved yet.
    assert_eq!(problem_by_number(&db.read(), 2).subject, original.subject);
    harness.key_press(Key::Escape);
    harness.run();
    let edited = problem_by_number(&db.read(), 2);
    assert_ne!(edited.subject, original.subject);
    assert!(edited.subject.contains("补充"), "{}", edited.subject);
    assert_saved_just_now(&saved_line(&harness));

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(problem_by_number(&db.read(), 2).subject, original.subject);
    // The form follows the undone value.
    assert_eq!(
        harness
            .get_by_role_and_label(Role::TextInput, "责任主体")
            .value()
            .unwrap_or_default(),
        original.subject
    );
}

#[test]
fn an_invalid_edit_is_refused_inline_and_the_text_kept() {
    let db = TestDb::with_unit(5);
    let original = problem_by_number(&db.read(), 3);
    let mut harness = problems_harness(&db);
    open_row(&mut harness, &original.description);

    type_into(&mut harness, Role::TextInput, "发现日期", "x");
    harness.key_press(Key::Escape);
    harness.run();
    harness.get_by_label_contains("不是有效日期");
    assert_eq!(problem_by_number(&db.read(), 3), original);
    let typed = harness
        .get_by_role_and_label(Role::TextInput, "发现日期")
        .value()
        .unwrap_or_default();
    assert!(typed.contains('x'), "{typed}");

    // Another problem cannot be opened over the unsaved change; the status line says why.
    let other = problem_by_number(&db.read(), 1);
    open_row(&mut harness, &other.description);
    harness.get_by_label("问题 3");
    harness.get_by_label_contains("的修改未保存");

    // The way out: back to what is stored, and the other problem opens.
    // A simulated pointer click at the button's centre does not reach it here (the pointer
    // still rests over the table after the last click, and the long reason moves things), so
    // the test presses it the way a screen reader does.
    harness
        .get_by_role_and_label(Role::Button, "放弃未保存的修改")
        .click_accesskit();
    harness.run();
    assert_eq!(
        harness
            .get_by_role_and_label(Role::TextInput, "发现日期")
            .value()
            .unwrap_or_default(),
        zhenggai::domain::date::format_date(original.found_on)
    );
    open_row(&mut harness, &other.description);
    harness.get_by_label("问题 1");
    assert!(harness.query_by_label_contains("不是有效日期").is_none());
    assert_eq!(problem_by_number(&db.read(), 3), original);
}

#[test]
fn typing_left_in_new_forms_comes_back() {
    let db = TestDb::with_unit(3);
    let first = problem_by_number(&db.read(), 1);
    let second = problem_by_number(&db.read(), 2);
    let mut harness = problems_harness(&db);
    click(&mut harness, "新增问题");
    type_into(
        &mut harness,
        Role::MultilineTextInput,
        "问题表现",
        "尚未保存的问题表现",
    );
    open_row(&mut harness, &first.description);
    type_into(
        &mut harness,
        Role::MultilineTextInput,
        "措施内容",
        "尚未添加的措施",
    );
    open_row(&mut harness, &second.description);
    harness.get_by_label("问题 2");
    open_row(&mut harness, &first.description);
    assert_eq!(
        harness
            .get_by_role_and_label(Role::MultilineTextInput, "措施内容")
            .value()
            .as_deref(),
        Some("尚未添加的措施")
    );
    click(&mut harness, "新增问题");
    assert_eq!(
        harness
            .get_by_role_and_label(Role::MultilineTextInput, "问题表现")
            .value()
            .as_deref(),
        Some("尚未保存的问题表现")
    );
    // Nothing of it was stored.
    assert_eq!(db.read().problems().expect("problems").len(), 3);
}

#[test]
fn ime_composition_is_committed_into_the_field_and_stored() {
    let db = TestDb::with_unit(0);
    let mut harness = problems_harness(&db);
    click(&mut harness, "新增问题");
    harness
        .get_by_role_and_label(Role::MultilineTextInput, "问题表现")
        .focus();
    harness.run();
    harness.event(Event::Ime(ImeEvent::Preedit {
        text: "zheng".to_owned(),
        active_range_chars: Some(0..5),
    }));
    harness.run();
    // The composition shows in the field but is not saved while it goes on.
    assert!(db.read().problems().expect("problems").is_empty());
    harness.event(Event::Ime(ImeEvent::Commit("整改不到位".to_owned())));
    harness.run();
    assert_eq!(
        harness
            .get_by_role_and_label(Role::MultilineTextInput, "问题表现")
            .value()
            .as_deref(),
        Some("整改不到位")
    );
    click(&mut harness, "保存");
    harness.run();
    let problems = db.read().problems().expect("problems");
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].description, "整改不到位");
}

#[test]
fn deleting_a_problem_asks_first_and_esc_cancels() {
    let db = TestDb::with_unit(5);
    let store = db.read();
    let problem = store
        .problems()
        .expect("problems")
        .into_iter()
        .find(|problem| !store.measures_of(problem.id).expect("measures").is_empty())
        .expect("a problem with measures");
    let measures = store.measures_of(problem.id).expect("measures").len();
    drop(store);
    let mut harness = problems_harness(&db);
    open_row(&mut harness, &problem.description);

    click(&mut harness, "删除问题");
    harness.get_by_label_contains(&format!("它的 {measures} 条整改措施"));
    harness.get_by_label_contains("删除后不能撤销");
    harness.key_press(Key::Escape);
    harness.run();
    assert!(harness.query_by_label_contains("删除后不能撤销").is_none());
    assert_eq!(db.read().problems().expect("problems").len(), 5);

    click(&mut harness, "删除问题");
    harness.key_press(Key::Enter);
    harness.run();
    let left = db.read().problems().expect("problems");
    assert_eq!(left.len(), 4);
    assert!(left.iter().all(|other| other.id != problem.id));
    assert!(
        db.read()
            .measures_of(problem.id)
            .expect("measures")
            .is_empty()
    );
    assert!(count_line(&harness).contains("共 4 个问题"));
}

#[test]
fn deleting_a_measure_asks_first() {
    let db = TestDb::with_unit(5);
    let store = db.read();
    let problem = store
        .problems()
        .expect("problems")
        .into_iter()
        .find(|problem| !store.measures_of(problem.id).expect("measures").is_empty())
        .expect("a problem with measures");
    let before = store.measures_of(problem.id).expect("measures").len();
    drop(store);
    let mut harness = problems_harness(&db);
    open_row(&mut harness, &problem.description);

    harness
        .get_all_by_role_and_label(Role::Button, "删除")
        .next()
        .expect("a 删除 button")
        .click();
    harness.run();
    harness.get_by_label("删除这条整改措施？");
    click(&mut harness, "取消");
    assert_eq!(
        db.read().measures_of(problem.id).expect("measures").len(),
        before
    );

    harness
        .get_all_by_role_and_label(Role::Button, "删除")
        .next()
        .expect("a 删除 button")
        .click();
    harness.run();
    harness.get_by_label_contains("会一并删除");
    let confirm: Vec<_> = harness
        .get_all_by_role_and_label(Role::Button, "删除")
        .collect();
    // The dialog's button is drawn last.
    confirm.last().expect("dialog button").click();
    harness.run();
    assert_eq!(
        db.read().measures_of(problem.id).expect("measures").len(),
        before - 1
    );
}

#[test]
fn a_measure_opens_in_the_measure_editor() {
    let db = TestDb::with_unit(5);
    let store = db.read();
    let problem = store
        .problems()
        .expect("problems")
        .into_iter()
        .find(|problem| !store.measures_of(problem.id).expect("measures").is_empty())
        .expect("a problem with measures");
    drop(store);
    let mut harness = problems_harness(&db);
    open_row(&mut harness, &problem.description);
    harness.get_by_label("新增措施");
    harness
        .get_all_by_role_and_label(Role::Button, "打开")
        .next()
        .expect("an 打开 button")
        .click();
    harness.run();
    // The measure editor takes the panel; 返回问题 brings the problem back.
    assert!(harness.query_by_label("新增措施").is_none());
    click(&mut harness, &format!("返回问题 {}", problem.number));
    harness.get_by_label("新增措施");
}

#[test]
fn the_saved_line_check_refuses_other_shapes() {
    for line in [
        "已保存",
        "已保存 9:05:03",
        "已保存 09:05",
        "已保存 25:00:00",
        "已保存 09:05:03 ",
        "保存于 09:05:03",
    ] {
        let refused = std::panic::catch_unwind(|| assert_saved_just_now(line)).is_err();
        assert!(refused, "{line:?} passed the check");
    }
    assert_saved_just_now(&chrono::Local::now().format("已保存 %H:%M:%S").to_string());
}
