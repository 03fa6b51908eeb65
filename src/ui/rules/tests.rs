//! UI tests of the 制度清单 screen, through the app as a user drives it.

use eframe::egui::accesskit::Role;
use egui_kittest::kittest::Queryable;

use super::*;
use crate::ui::problems::picker::{chip_label, picker_label};
use crate::ui::test_support::{TestDb, app_harness, click, type_into};

#[test]
fn a_rule_added_in_the_form_is_linked_to_the_ticked_problem() {
    let db = TestDb::with_unit(30);
    let mut harness = app_harness(&db);
    let rules_before = db.read().rules().expect("read").len();
    let target = harness.state().session().expect("session").workbook.rows[11].clone();
    click(&mut harness, "制度清单");

    type_into(
        &mut harness,
        Role::TextInput,
        "制度名称",
        "《窗口服务首问负责制实施办法》",
    );
    type_into(&mut harness, Role::TextInput, "文号", "审批发〔2026〕12号");
    type_into(&mut harness, Role::TextInput, "印发日期", "2026-10-15");
    // Find the problem by its number and tick it: it shows as a chip at once.
    type_into(
        &mut harness,
        Role::TextInput,
        "查找问题",
        &target.number.to_string(),
    );
    harness
        .get_by_role_and_label(Role::CheckBox, &picker_label(&target))
        .click();
    harness.run();
    harness.get_by_role_and_label(Role::Button, &chip_label(target.number));
    click(&mut harness, "添加制度");

    let rules = db.read().rules().expect("read");
    assert_eq!(rules.len(), rules_before + 1);
    let rule = rules
        .iter()
        .find(|rule| rule.name == "《窗口服务首问负责制实施办法》")
        .expect("the new rule is stored");
    assert_eq!(rule.problem_ids, vec![target.problem_id]);
    assert_eq!(rule.kind, RuleKind::New);
    assert_eq!(rule.doc_number, "审批发〔2026〕12号");
    assert_eq!(
        rule.issued_on,
        chrono::NaiveDate::from_ymd_opt(2026, 10, 15)
    );
    // The other direction: the problem now lists the rule.
    let session = harness.state().session().expect("session");
    assert!(
        session
            .workbook
            .rules_of(target.problem_id)
            .any(|linked| linked.id == rule.id)
    );
}

#[test]
fn unlinking_a_problem_from_a_rule_saves_at_once_and_delete_asks_first() {
    let db = TestDb::with_unit(30);
    let rule = db
        .read()
        .rules()
        .expect("read")
        .into_iter()
        .find(|rule| !rule.problem_ids.is_empty())
        .expect("the demo links rules to problems");
    let mut harness = app_harness(&db);
    let number = harness
        .state()
        .session()
        .expect("session")
        .workbook
        .problem(rule.problem_ids[0])
        .expect("linked problem")
        .number;
    click(&mut harness, "制度清单");
    click(&mut harness, &rule.name);
    harness
        .get_by_role_and_label(Role::Button, &chip_label(number))
        .click();
    harness.run();
    let stored = db.read().rules().expect("read");
    let stored = stored
        .iter()
        .find(|r| r.id == rule.id)
        .expect("still there");
    assert!(!stored.problem_ids.contains(&rule.problem_ids[0]));
    assert_eq!(stored.problem_ids.len(), rule.problem_ids.len() - 1);

    click(&mut harness, "删除此制度");
    harness.get_by_label("删除这项制度？");
    assert!(
        db.read()
            .rules()
            .expect("read")
            .iter()
            .any(|r| r.id == rule.id)
    );
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(harness.query_by_label("删除这项制度？").is_none());
    assert!(
        db.read()
            .rules()
            .expect("read")
            .iter()
            .any(|r| r.id == rule.id)
    );
    click(&mut harness, "删除此制度");
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert!(
        !db.read()
            .rules()
            .expect("read")
            .iter()
            .any(|r| r.id == rule.id)
    );
}
