//! UI tests of the 制度清单 screen, through the app as a user drives it.

use eframe::egui::accesskit::Role;
use egui_kittest::kittest::Queryable;

use super::*;
use crate::ui::problems::picker::{chip_label, picker_label};
use crate::ui::test_support::{TestDb, app_harness, click, type_into};
use crate::ui::widgets::wrapped_cell::drawn::{DrawnText, drawn, drawn_whole};

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
    harness.get_by_label(&rule.name).click();
    harness.run();
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

/// The app on `db` at 1024×768, the smallest screen the clerks use, on the 制度清单.
fn rules_at_1024(
    db: &TestDb,
) -> egui_kittest::Harness<'static, crate::ui::shell::app::ZhenggaiApp> {
    let mut harness = app_harness(db);
    harness.set_size(egui::vec2(1024.0, 768.0));
    harness.run();
    click(&mut harness, "制度清单");
    harness
}

#[test]
fn at_1024_the_table_shows_a_long_doc_number_and_the_names_whole() {
    let db = TestDb::with_unit(30);
    let mut store = zhenggai::store::Store::open(&db.path).expect("open");
    let rule_id = crate::ui::test_support::fixtures::add_rule(
        &mut store,
        RuleDraft {
            name: "《行政审批服务窗口首问负责和一次性告知制度实施细则（试行）》".to_owned(),
            kind: RuleKind::New,
            doc_number: "审批办发〔2026〕12号".to_owned(),
            issued_on: chrono::NaiveDate::from_ymd_opt(2026, 10, 15),
            note: String::new(),
            problem_ids: Vec::new(),
        },
    );
    store.close().expect("close");
    let mut harness = rules_at_1024(&db);
    // The form starts shut on a screen this narrow: the table has the width.
    assert!(harness.query_by_label("添加制度").is_none());
    harness.get_by_role_and_label(Role::Button, "新增制度");
    // Scroll the new rule, the last one, into view.
    let rules = harness
        .state()
        .session()
        .expect("session")
        .workbook
        .rules
        .clone();
    let new_rule = rules
        .iter()
        .find(|rule| rule.id == rule_id)
        .expect("listed");
    harness.get_by_label(&new_rule.name).scroll_to_me();
    harness.run();

    let doc_number = drawn(&harness, "审批办发〔2026〕12号");
    assert!(!doc_number.is_empty(), "the 文号 is drawn");
    assert!(
        doc_number.iter().all(DrawnText::whole),
        "the 文号 is shown whole: {doc_number:?}"
    );
    assert_eq!(doc_number[0].lines, 1, "the 文号 stays on one line");
    // The long name wraps onto a second line rather than being cut after a few characters.
    let name = drawn(&harness, &new_rule.name);
    assert!(
        name.iter().any(|text| text.whole() && text.lines == 2),
        "{name:?}"
    );
    // Every rule on screen shows its name whole.
    for rule in &rules {
        for painting in drawn(&harness, &rule.name) {
            assert!(painting.whole(), "「{}」 is cut: {painting:?}", rule.name);
        }
    }
}

#[test]
fn the_form_opens_beside_the_table_without_covering_it_and_can_be_shut_again() {
    let db = TestDb::with_unit(30);
    let rule = db.read().rules().expect("read")[0].clone();
    let mut harness = rules_at_1024(&db);
    harness.get_by_label(&rule.name).click();
    harness.run();
    // The rule is open in the form, and the table beside it still shows its 文号 and dates
    // whole, none of it under the form.
    let name_field = harness.get_by_role_and_label(Role::TextInput, "制度名称");
    assert_eq!(name_field.value().as_deref(), Some(rule.name.as_str()));
    let form_left = harness.get_by_label("编辑制度").rect().left();
    // The 文号 is painted in the form's field too; the table's painting starts left of it.
    let in_table: Vec<DrawnText> = drawn(&harness, &rule.doc_number)
        .into_iter()
        .filter(|painting| painting.rect.left() < form_left)
        .collect();
    assert_eq!(in_table.len(), 1, "{in_table:?}");
    assert!(in_table[0].whole(), "{in_table:?}");
    assert!(
        in_table[0].rect.right() < form_left,
        "{in_table:?} runs under the form"
    );
    let date = zhenggai::domain::date::format_date(rule.issued_on.expect("issued"));
    assert!(drawn_whole(&harness, &date), "the 印发日期 is shown whole");

    // An edit is saved when the form is shut.
    type_into(&mut harness, Role::TextInput, "制度名称", "（修订）");
    click(&mut harness, "收起编辑栏");
    let stored = db.read().rules().expect("read");
    let stored = stored
        .iter()
        .find(|r| r.id == rule.id)
        .expect("still there");
    assert_eq!(stored.name, format!("{}（修订）", rule.name));
    assert!(harness.query_by_label("编辑制度").is_none());
    harness.get_by_role_and_label(Role::Button, "展开编辑栏");
}
