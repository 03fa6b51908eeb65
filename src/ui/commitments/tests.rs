//! UI tests of the 整改承诺 screen, through the app as a user drives it.

use eframe::egui::accesskit::Role;
use egui_kittest::kittest::Queryable;

use super::*;
use crate::ui::test_support::{TestDb, app_harness, click, type_into};
use crate::ui::widgets::wrapped_cell::drawn::{DrawnText, drawn};

#[test]
fn a_commitment_typed_in_the_form_is_stored() {
    let db = TestDb::with_unit(0);
    let mut harness = app_harness(&db);
    click(&mut harness, "整改承诺");
    // An empty commitment is refused with the reason, and nothing is written.
    click(&mut harness, "添加承诺");
    harness.get_by_label_contains("「承诺内容」不能为空");
    assert!(db.read().commitments().expect("read").is_empty());

    type_into(
        &mut harness,
        Role::MultilineTextInput,
        "承诺内容",
        "办事群众咨询一次告知到位",
    );
    type_into(&mut harness, Role::TextInput, "承诺对象", "服务对象");
    type_into(&mut harness, Role::TextInput, "公开方式", "门户网站公示");
    type_into(&mut harness, Role::TextInput, "承诺时限", "2026-12-31");
    click(&mut harness, "添加承诺");

    let stored = db.read().commitments().expect("read");
    assert_eq!(stored.len(), 1);
    let commitment = &stored[0];
    assert_eq!(commitment.content, "办事群众咨询一次告知到位");
    assert_eq!(commitment.audience, "服务对象");
    assert_eq!(commitment.publicity, "门户网站公示");
    assert_eq!(
        commitment.due_on,
        chrono::NaiveDate::from_ymd_opt(2026, 12, 31)
    );
    assert_eq!(commitment.state, CommitmentState::Pending);
    // The form is empty again for the next one, and the table shows the new row.
    let content = harness.get_by_role_and_label(Role::MultilineTextInput, "承诺内容");
    assert_eq!(content.value().as_deref(), Some(""));
    harness.get_by_role_and_label(Role::Label, "办事群众咨询一次告知到位");
}

#[test]
fn an_edit_is_saved_when_the_field_loses_focus() {
    let db = TestDb::with_unit(20);
    let first = db.read().commitments().expect("read")[0].clone();
    let mut harness = app_harness(&db);
    click(&mut harness, "整改承诺");
    harness.get_by_label(&first.content).click();
    harness.run();
    type_into(
        &mut harness,
        Role::TextInput,
        "公开方式",
        "（已在政务大厅张贴）",
    );
    // Still typing: nothing written yet.
    assert_eq!(db.read().commitments().expect("read")[0], first);
    // Leaving the field saves it.
    harness.get_by_label("编辑承诺").click();
    harness.run();
    let stored = db.read().commitments().expect("read");
    assert_eq!(
        stored[0].publicity,
        format!("{}（已在政务大厅张贴）", first.publicity)
    );
    assert_eq!(stored[0].content, first.content);
}

#[test]
fn deleting_a_commitment_asks_first() {
    let db = TestDb::with_unit(20);
    let before = db.read().commitments().expect("read");
    let target = before[0].clone();
    let mut harness = app_harness(&db);
    click(&mut harness, "整改承诺");
    harness.get_by_label(&target.content).click();
    harness.run();
    click(&mut harness, "删除此承诺");
    // The dialog is up and nothing is deleted yet; 取消 keeps the commitment.
    harness.get_by_label("删除这项承诺？");
    assert_eq!(db.read().commitments().expect("read").len(), before.len());
    click(&mut harness, "取消");
    assert!(harness.query_by_label("删除这项承诺？").is_none());
    assert_eq!(db.read().commitments().expect("read").len(), before.len());
    // Asked again and confirmed, it is gone.
    click(&mut harness, "删除此承诺");
    click(&mut harness, "删除");
    let after = db.read().commitments().expect("read");
    assert_eq!(after.len(), before.len() - 1);
    assert!(after.iter().all(|commitment| commitment.id != target.id));
}

#[test]
fn a_pending_commitment_past_its_date_is_marked_in_red_words() {
    let db = TestDb::with_unit(0);
    let today = zhenggai::domain::local_today();
    let mut store = zhenggai::store::Store::open(&db.path).expect("open");
    for (content, days, state) in [
        ("逾期的承诺", -3, CommitmentState::Pending),
        ("已兑现的承诺", -3, CommitmentState::Honoured),
        ("未到期的承诺", 3, CommitmentState::Pending),
    ] {
        store
            .apply(&Command::AddCommitment(CommitmentDraft {
                content: content.to_owned(),
                audience: "服务对象".to_owned(),
                publicity: "门户网站公示".to_owned(),
                due_on: Some(today + chrono::Duration::days(days)),
                state,
            }))
            .expect("add");
    }
    store.close().expect("close");
    let mut harness = app_harness(&db);
    click(&mut harness, "整改承诺");
    // Only the pending one past its date is flagged; the summary counts it.
    assert_eq!(harness.query_all_by_label("逾期未兑现").count(), 1);
    harness.get_by_label("其中已过时限 1");
}

#[test]
fn at_1024_the_table_shows_each_commitment_whole_and_the_form_opens_on_a_click() {
    let db = TestDb::with_unit(20);
    let commitments = db.read().commitments().expect("read");
    let mut harness = app_harness(&db);
    harness.set_size(egui::vec2(1024.0, 768.0));
    harness.run();
    click(&mut harness, "整改承诺");
    // The form starts shut on a screen this narrow, so the table has the width: every
    // commitment on screen reads whole, wrapping onto a second line where it must.
    assert!(harness.query_by_label("添加承诺").is_none());
    let mut shown = 0;
    for commitment in &commitments {
        for text in [
            &commitment.content,
            &commitment.audience,
            &commitment.publicity,
        ] {
            for painting in drawn(&harness, text) {
                assert!(painting.whole(), "「{text}」 is cut: {painting:?}");
                shown += 1;
            }
        }
    }
    assert!(
        shown >= 3 * commitments.len().min(10),
        "{} commitments, {shown} texts drawn",
        commitments.len()
    );

    // A click on a commitment opens it in the form beside the table, which still fits: its
    // 状态 column is not under the form.
    let first = &commitments[0];
    harness.get_by_label(&first.content).click();
    harness.run();
    let content = harness.get_by_role_and_label(Role::MultilineTextInput, "承诺内容");
    assert_eq!(content.value().as_deref(), Some(first.content.as_str()));
    let form_left = harness.get_by_label("编辑承诺").rect().left();
    let states: Vec<DrawnText> = ["待兑现", "已兑现", "未兑现", "逾期未兑现"]
        .iter()
        .flat_map(|state| drawn(&harness, state))
        .filter(|painting| painting.rect.left() < form_left)
        .collect();
    assert!(!states.is_empty());
    for painting in states {
        assert!(painting.whole(), "{painting:?}");
        assert!(
            painting.rect.right() < form_left,
            "{painting:?} runs under the form"
        );
    }
    // 收起编辑栏 gives the width back.
    click(&mut harness, "收起编辑栏");
    assert!(harness.query_by_label("编辑承诺").is_none());
    click(&mut harness, "新增承诺");
    harness.get_by_role_and_label(Role::Button, "添加承诺");
}
