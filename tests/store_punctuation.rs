//! 规范标点 as a store edit: one command rewrites every text with half-width punctuation
//! between Chinese words, as one audit entry, and one undo step puts them back.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Fixture, add_measure, apply, measure_draft, observe, problem_draft, refused};
use zhenggai::domain::punctuation_fix::{punctuation_fixes, punctuation_spots};
use zhenggai::domain::{Command, ProblemId};
use zhenggai::store::StoreError;
use zhenggai::undo::{plan_undo, undo_command};

const TYPED: &str = "窗口人员授权不足,群众办事需多次往返(平均3次)";
const FIXED: &str = "窗口人员授权不足，群众办事需多次往返（平均3次）";

/// A fixture whose problem 1 and one of its measures were typed with half-width marks.
fn typed_with_half_width_marks() -> (Fixture, ProblemId) {
    let mut fx = Fixture::new();
    let problem_id = fx.problem_id;
    apply(
        &mut fx.store,
        &Command::UpdateProblem {
            problem_id,
            draft: problem_draft(Some(fx.item_id), TYPED),
        },
    );
    let mut measure = measure_draft(problem_id, None);
    measure.content = "推行一次性告知制度，编制办事指南".into();
    measure.goal = "群众满意率达到95%以上;办事只跑一次".into();
    add_measure(&mut fx.store, measure);
    (fx, problem_id)
}

#[test]
fn one_command_fixes_every_text_as_one_audit_entry_and_one_undo_step() {
    let (mut fx, problem_id) = typed_with_half_width_marks();
    let snapshot = fx.store.snapshot().unwrap();
    let spots = punctuation_spots(&snapshot);
    let named: Vec<(String, &str)> = spots
        .iter()
        .map(|spot| (spot.record.clone(), spot.field))
        .collect();
    assert_eq!(named.len(), 2, "{named:?}");
    assert_eq!(named[0], ("问题 1".to_owned(), "问题表现"));
    assert_eq!(named[1].1, "整改目标");

    let before = observe(&fx.store);
    let fix = punctuation_fixes(&snapshot).expect("a fix is offered");
    let plan = plan_undo(&fx.store, &fix).unwrap();
    let target = apply(&mut fx.store, &fix);

    let problem = fx.store.problem(problem_id).unwrap();
    assert_eq!(problem.description, FIXED);
    let measures = fx.store.measures_of(problem_id).unwrap();
    assert_eq!(measures[0].goal, "群众满意率达到95%以上；办事只跑一次");
    let audit = fx.store.audit_entries().unwrap();
    assert_eq!(audit.len(), before.audit_entries + 1, "one audit entry");
    assert_eq!(audit.last().unwrap().action, "standardise_punctuation");
    assert!(punctuation_fixes(&fx.store.snapshot().unwrap()).is_none());

    let reverse = undo_command(plan, target).unwrap();
    apply(&mut fx.store, &reverse);
    assert_eq!(fx.store.problem(problem_id).unwrap().description, TYPED);
    let after_undo = observe(&fx.store);
    assert_eq!(
        after_undo.snapshot, before.snapshot,
        "the undo restores every text"
    );
}

#[test]
fn a_fix_holding_anything_but_text_updates_is_refused_and_writes_nothing() {
    let (mut fx, _) = typed_with_half_width_marks();
    let Some(Command::StandardisePunctuation { mut updates }) =
        punctuation_fixes(&fx.store.snapshot().unwrap())
    else {
        panic!("a fix is offered");
    };
    updates.push(Command::AddProblem(problem_draft(None, "夹带的新问题")));
    let err = refused(&mut fx.store, &Command::StandardisePunctuation { updates });
    assert!(matches!(err, StoreError::BadPunctuationFix(_)), "{err:?}");

    let err = refused(
        &mut fx.store,
        &Command::StandardisePunctuation { updates: vec![] },
    );
    assert!(err.to_string().contains("没有需要规范的文字"), "{err}");
}
