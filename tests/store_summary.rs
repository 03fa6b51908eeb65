//! The summary: counts add up, and overdue follows the domain rule (a passed date deadline and
//! an open status; the deadline day itself, 长期坚持 and finished work are never overdue).

// Helper functions of an integration test crate are test code too, but clippy only exempts
// `#[test]` functions from these lints.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::NaiveDate;
use common::{
    Fixture, add_commitment, add_measure, add_problem, add_rule, apply, commitment_draft, day,
    extend, measure_draft, move_status, problem_draft, temp_db,
};
use zhenggai::domain::overdue::is_overdue;
use zhenggai::domain::{
    CloseOutDraft, Command, Deadline, MeasureId, MeasureStatus, RuleDraft, RuleKind, SignOffDraft,
};
use zhenggai::store::{StatusCounts, Store};

const IN_PROGRESS: &[MeasureStatus] = &[MeasureStatus::InProgress];
const COMPLETED: &[MeasureStatus] = &[MeasureStatus::InProgress, MeasureStatus::Completed];

/// A measure deadline on `value`, as a draft wants it.
#[allow(clippy::unnecessary_wraps)]
fn date(value: NaiveDate) -> Option<Deadline> {
    Some(Deadline::Date(value))
}

/// Eight measures spread over every status and kind of deadline, two commitments and a rule.
fn ledger() -> (Fixture, Vec<MeasureId>) {
    let mut fx = Fixture::new();
    let second = add_problem(&mut fx.store, problem_draft(None, "首问责任制落实不力"));
    let first = fx.problem_id;
    let s = &mut fx.store;
    // Past deadline, not started: overdue on 2026-07-01.
    let m1 = add_measure(s, measure_draft(first, date(day(2026, 6, 30))));
    // Past deadline, in progress: overdue.
    let m2 = add_measure(s, measure_draft(first, date(day(2026, 6, 30))));
    move_status(s, m2, IN_PROGRESS);
    // Due today: not overdue yet.
    let m3 = add_measure(s, measure_draft(second, date(day(2026, 7, 1))));
    // Past deadline but completed: not overdue.
    let m4 = add_measure(s, measure_draft(second, date(day(2026, 6, 1))));
    move_status(s, m4, COMPLETED);
    // Past deadline but closed: not overdue.
    let m5 = add_measure(s, measure_draft(second, date(day(2026, 5, 1))));
    move_status(s, m5, COMPLETED);
    apply(
        s,
        &Command::CloseOutMeasure(CloseOutDraft {
            measure_id: m5,
            verifier: "赵敏".into(),
            closed_on: day(2026, 5, 2),
            opinion: "已整改到位".into(),
            no_evidence_reason: "现场核验，无书面材料".into(),
        }),
    );
    // 长期坚持 and no deadline: never overdue.
    let m6 = add_measure(s, measure_draft(first, Some(Deadline::LongTerm)));
    move_status(s, m6, IN_PROGRESS);
    let m7 = add_measure(s, measure_draft(first, None));
    // Extended past today: not overdue any more.
    let m8 = add_measure(s, measure_draft(first, date(day(2026, 6, 15))));
    move_status(s, m8, IN_PROGRESS);
    extend(s, m8, day(2026, 7, 31));

    add_commitment(
        s,
        commitment_draft("办事群众一次性告知", Some(day(2026, 9, 30))),
    );
    add_commitment(s, commitment_draft("窗口服务零推诿", None));
    add_rule(
        s,
        RuleDraft {
            name: "《首问负责制实施办法》".into(),
            kind: RuleKind::New,
            doc_number: String::new(),
            issued_on: None,
            note: String::new(),
            problem_ids: vec![second],
        },
    );
    (fx, vec![m1, m2, m3, m4, m5, m6, m7, m8])
}

fn domain_overdue(store: &Store, today: NaiveDate) -> Vec<MeasureId> {
    store
        .measures()
        .unwrap()
        .into_iter()
        .filter(|m| is_overdue(m.deadline, m.status, today))
        .map(|m| m.id)
        .collect()
}

#[test]
fn counts_add_up_and_overdue_follows_the_domain_rule() {
    let (mut fx, m) = ledger();
    let today = day(2026, 7, 1);
    let summary = fx.store.summary(today).unwrap();
    assert_eq!(summary.units, 1);
    assert_eq!(summary.problems, 2);
    assert_eq!(summary.measures, 8);
    assert_eq!(
        summary.measures_by_status,
        StatusCounts {
            not_started: 3,
            in_progress: 3,
            completed: 1,
            closed: 1,
        }
    );
    assert_eq!(summary.measures_by_status.total(), summary.measures);
    assert_eq!(summary.overdue, 2);
    assert_eq!(domain_overdue(&fx.store, today), [m[0], m[1]]);
    assert_eq!(summary.commitments, 2);
    assert_eq!(summary.rules, 1);
    assert_eq!(summary.revision, None);

    // A month later the measure due today and the extended one are overdue too.
    let later = day(2026, 8, 1);
    let summary = fx.store.summary(later).unwrap();
    assert_eq!(summary.overdue, 4);
    assert_eq!(domain_overdue(&fx.store, later), [m[0], m[1], m[2], m[7]]);
    // Before any deadline nothing is.
    assert_eq!(fx.store.summary(day(2026, 4, 10)).unwrap().overdue, 0);

    // Finishing an overdue measure takes it off the count; counts follow status changes.
    move_status(&mut fx.store, m[1], &[MeasureStatus::Completed]);
    let summary = fx.store.summary(today).unwrap();
    assert_eq!(summary.overdue, 1);
    assert_eq!(summary.measures_by_status.in_progress, 2);
    assert_eq!(summary.measures_by_status.completed, 2);
    assert_eq!(summary.measures_by_status.total(), 8);

    // Deleting a problem removes its measures from every count.
    apply(
        &mut fx.store,
        &Command::DeleteProblem {
            problem_id: fx.problem_id,
        },
    );
    let summary = fx.store.summary(today).unwrap();
    assert_eq!(summary.problems, 1);
    assert_eq!(summary.measures, 3);
    assert_eq!(summary.measures_by_status.total(), 3);
    assert_eq!(summary.overdue, 0);
    assert_eq!(summary.rules, 1);
}

#[test]
fn revision_is_the_latest_sign_off() {
    let (mut fx, measures) = ledger();
    // The measure without a deadline would stop the sign-off; it becomes 长期坚持.
    let undated = measures[6];
    let problem_id = fx.store.measure(undated).unwrap().problem_id;
    apply(
        &mut fx.store,
        &Command::UpdateMeasure {
            measure_id: undated,
            draft: measure_draft(problem_id, Some(Deadline::LongTerm)),
        },
    );
    let sign_off = Command::SignOff(SignOffDraft {
        preparer: "李娜".into(),
        reviewer: "周强".into(),
        leader: "王建国".into(),
    });
    apply(&mut fx.store, &sign_off);
    assert_eq!(fx.store.summary(day(2026, 7, 1)).unwrap().revision, Some(1));
    apply(&mut fx.store, &sign_off);
    assert_eq!(fx.store.summary(day(2026, 7, 1)).unwrap().revision, Some(2));
}

#[test]
fn summary_json_has_the_documented_shape() {
    let (fx, _) = ledger();
    let json = serde_json::to_value(fx.store.summary(day(2026, 7, 1)).unwrap()).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "units": 1,
            "problems": 2,
            "measures": 8,
            "measures_by_status": {
                "not_started": 3, "in_progress": 3, "completed": 1, "closed": 1
            },
            "overdue": 2,
            "commitments": 2,
            "rules": 1,
            "revision": null
        })
    );
}

#[test]
fn an_empty_database_counts_nothing() {
    let (_dir, path) = temp_db();
    let store = Store::open(&path).unwrap();
    let summary = store.summary(day(2026, 7, 1)).unwrap();
    assert_eq!(summary.units, 0);
    assert_eq!(summary.problems, 0);
    assert_eq!(summary.measures, 0);
    assert_eq!(summary.measures_by_status, StatusCounts::default());
    assert_eq!(summary.overdue, 0);
    assert_eq!(summary.revision, None);
}

#[test]
fn a_read_only_store_gives_the_same_summary() {
    let (fx, _) = ledger();
    let today = day(2026, 7, 1);
    let writer = fx.store.summary(today).unwrap();
    let reader = Store::open_read_only(&fx.path).unwrap();
    assert_eq!(reader.summary(today).unwrap(), writer);
}
