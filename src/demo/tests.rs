//! Tests of the demo generator against real temporary databases.

use std::collections::BTreeSet;
use std::path::Path;

use chrono::NaiveDate;

use super::{DemoOptions, DemoReport, populate};
use crate::domain::overdue::is_overdue;
use crate::domain::{Command, Deadline, MeasureStatus, UnitDraft};
use crate::store::{Store, StoreError};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 9, 15).unwrap()
}

fn options(problems: usize, seed: u64) -> DemoOptions {
    DemoOptions {
        problems,
        seed,
        today: today(),
    }
}

/// A fresh initialised store in `dir`.
fn fresh_store(dir: &Path) -> Store {
    let mut store = Store::open(&dir.join("demo.sqlite")).unwrap();
    store
        .apply(&Command::InitUnit(UnitDraft {
            name: "某县行政审批局".into(),
            code: String::new(),
            superior: "县作风办".into(),
            leader: "张志强".into(),
        }))
        .unwrap();
    store
}

/// The canonical JSON of a fresh store populated with `options`.
fn generated_json(options: &DemoOptions) -> String {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fresh_store(dir.path());
    populate(&mut store, options).unwrap();
    store.snapshot().unwrap().canonical_json().unwrap()
}

#[test]
fn same_seed_gives_identical_data_and_another_seed_does_not() {
    let first = generated_json(&options(60, 7));
    let second = generated_json(&options(60, 7));
    assert_eq!(first, second);
    let other = generated_json(&options(60, 8));
    assert_ne!(first, other);
}

#[test]
fn two_hundred_problems_look_like_a_real_ledger() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fresh_store(dir.path());
    let report = populate(&mut store, &options(200, 2026)).unwrap();
    let summary = store.summary(today()).unwrap();
    assert_eq!(summary.problems, 200);
    assert_eq!(report.problems, 200);
    assert_eq!(summary.measures, report.measures as u64);
    assert_eq!(summary.measures_by_status.total(), summary.measures);
    assert_eq!(summary.measures_by_status.closed, report.close_outs as u64);
    assert!(summary.measures >= 250, "{summary:?}");
    for count in [
        summary.measures_by_status.not_started,
        summary.measures_by_status.in_progress,
        summary.measures_by_status.completed,
        summary.measures_by_status.closed,
    ] {
        assert!(count > 0, "{summary:?}");
    }
    assert!(summary.overdue > 0, "{summary:?}");
    assert_eq!(summary.commitments, 20);
    assert_eq!(summary.rules, 25);
    assert!(report.campaign_created);
    assert_eq!(report.categories, 23);
    assert!(
        report.extensions > 0 && report.progress_notes > 0,
        "{report:?}"
    );

    let snapshot = store.snapshot().unwrap();
    assert_eq!(snapshot.campaigns.len(), 1);
    assert_eq!(snapshot.campaigns[0].phases.len(), 5);
    let levels: BTreeSet<_> = snapshot.problems.iter().map(|p| p.level).collect();
    assert_eq!(levels.len(), 4);
    let sources: BTreeSet<_> = snapshot.problems.iter().map(|p| p.source).collect();
    assert_eq!(sources.len(), 7);
    assert!(snapshot.problems.iter().all(|p| p.category_id.is_some()));
    let descriptions: BTreeSet<_> = snapshot.problems.iter().map(|p| &p.description).collect();
    assert!(descriptions.len() > 150, "{} distinct", descriptions.len());
    assert!(snapshot.problems.iter().all(|p| p.found_on <= today()));

    let long_term = snapshot
        .measures
        .iter()
        .filter(|m| m.deadline == Some(Deadline::LongTerm))
        .count();
    assert!(long_term > 0);
    // Demo data can be signed off at once: nothing blocks, but there is something to warn of.
    let findings = crate::domain::precheck::pre_submission_check(&snapshot, today());
    let blocking: Vec<_> = findings
        .iter()
        .filter(|finding| finding.level() == crate::domain::precheck::FindingLevel::Blocking)
        .map(|finding| finding.message.as_str())
        .collect();
    assert!(blocking.is_empty(), "blocking findings: {blocking:?}");
    assert!(!findings.is_empty(), "the sample shows no warnings at all");
    let found = |problem_id| {
        snapshot
            .problems
            .iter()
            .find(|p| p.id == problem_id)
            .unwrap()
            .found_on
    };
    for measure in &snapshot.measures {
        if let Some(date) = measure.deadline.and_then(Deadline::date) {
            assert!(date >= found(measure.problem_id));
        }
    }
    let overdue = snapshot
        .measures
        .iter()
        .filter(|m| is_overdue(m.deadline, m.status, today()))
        .count();
    assert_eq!(overdue as u64, summary.overdue);
    for note in &snapshot.progress_notes {
        let measure = snapshot
            .measures
            .iter()
            .find(|m| m.id == note.measure_id)
            .unwrap();
        assert!(note.noted_on >= found(measure.problem_id) && note.noted_on <= today());
    }
    for close_out in &snapshot.close_outs {
        assert!(!close_out.no_evidence_reason.is_empty());
        assert!(close_out.closed_on <= today());
    }
    assert!(
        snapshot
            .measures
            .iter()
            .filter(|m| m.status == MeasureStatus::Closed)
            .count()
            == snapshot.close_outs.len()
    );
    for rule in &snapshot.rules {
        assert!((1..=4).contains(&rule.problem_ids.len()), "{rule:?}");
        assert!(rule.name.starts_with('《'));
    }
    assert!(
        snapshot
            .rules
            .iter()
            .any(|r| r.doc_number.contains("〔2026〕"))
    );
    assert!(store.check().unwrap().is_ok());
}

#[test]
fn any_day_of_the_year_gives_valid_data() {
    // Before the campaign, on the first day of the finding phase, mid-campaign and on its last
    // day: every command must be accepted and nothing may be dated after today.
    for (month, day) in [(1, 10), (4, 1), (6, 30), (12, 31)] {
        let today = NaiveDate::from_ymd_opt(2026, month, day).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let mut store = fresh_store(dir.path());
        let report = populate(
            &mut store,
            &DemoOptions {
                problems: 80,
                seed: 5,
                today,
            },
        )
        .unwrap();
        assert_eq!(report.problems, 80);
        let snapshot = store.snapshot().unwrap();
        assert!(snapshot.problems.iter().all(|p| p.found_on <= today));
        assert!(snapshot.progress_notes.iter().all(|n| n.noted_on <= today));
        assert!(snapshot.close_outs.iter().all(|c| c.closed_on <= today));
        assert!(snapshot.extensions.iter().all(|e| e.approved_on <= today));
        assert!(
            snapshot
                .rules
                .iter()
                .all(|r| r.issued_on.is_none_or(|issued| issued <= today))
        );
    }
}

#[test]
fn a_second_run_reuses_the_campaign_and_categories() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fresh_store(dir.path());
    populate(&mut store, &options(10, 1)).unwrap();
    let report = populate(&mut store, &options(10, 2)).unwrap();
    assert!(!report.campaign_created);
    assert_eq!(report.categories, 0);
    let snapshot = store.snapshot().unwrap();
    assert_eq!(snapshot.campaigns.len(), 1);
    assert_eq!(snapshot.categories.len(), 23);
    assert_eq!(snapshot.problems.len(), 20);
    assert!(snapshot.problems.iter().all(|p| p.category_id.is_some()));
}

#[test]
fn an_uninitialised_store_is_refused_and_zero_problems_add_only_the_frame() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("empty.sqlite")).unwrap();
    assert!(matches!(
        populate(&mut store, &options(5, 1)),
        Err(StoreError::NotInitialised)
    ));
    let mut store = fresh_store(dir.path());
    let report = populate(&mut store, &options(0, 1)).unwrap();
    assert_eq!(
        report,
        DemoReport {
            categories: 23,
            campaign_created: true,
            commands: 24,
            ..DemoReport::default()
        }
    );
}

/// Generates 10,000 problems and prints how long it took. Run with
/// `cargo test --lib demo::tests::ten_thousand -- --ignored --nocapture`.
#[test]
#[ignore = "a timing run, not a check"]
fn ten_thousand_problems_timing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fresh_store(dir.path());
    let started = std::time::Instant::now();
    let report = populate(&mut store, &options(10_000, 42)).unwrap();
    let elapsed = started.elapsed();
    let summary = store.summary(today()).unwrap();
    println!("10,000 problems in {elapsed:.2?}: {report:?}");
    println!("{}", serde_json::to_string(&summary).unwrap());
    assert_eq!(summary.problems, 10_000);
}
