//! Sign-off against the pre-submission check (报送前检查), and the diff between revisions.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{
    Fixture, add_commitment, add_measure, add_note, apply, commitment_draft, day, measure_draft,
    refused,
};
use zhenggai::domain::precheck::{FindingKind, FindingLevel};
use zhenggai::domain::revision_diff::{ChangeKind, ItemKind, diff_snapshots};
use zhenggai::domain::snapshot::Snapshot;
use zhenggai::domain::{Command, CommitmentState, Deadline, MeasureDraft, RecordRef, SignOffDraft};
use zhenggai::store::{Store, StoreError};

fn signers() -> SignOffDraft {
    SignOffDraft {
        preparer: "李娜".into(),
        reviewer: "周强".into(),
        leader: "王建国".into(),
    }
}

fn revision_snapshot(store: &Store, number: i64) -> Snapshot {
    serde_json::from_str(&store.revision(number).unwrap().canonical_json).unwrap()
}

#[test]
fn blocking_findings_refuse_the_sign_off_and_write_nothing() {
    let mut fx = Fixture::new();
    // The fixture's problem has no measure yet: that blocks.
    let findings = fx.store.pre_submission_check(day(2026, 6, 1)).unwrap();
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0].kind, FindingKind::ProblemWithoutMeasure);
    assert_eq!(findings[0].target, RecordRef::Problem(fx.problem_id));

    let audit_before = fx.store.audit_entries().unwrap().len();
    let err = refused(&mut fx.store, &Command::SignOff(signers()));
    assert!(
        matches!(err, StoreError::SignOffBlocked { count: 1, .. }),
        "{err:?}"
    );
    let message = err.to_string();
    assert!(message.contains("问题 1 还没有整改措施"), "{message}");
    assert!(message.contains("暂不能签发"), "{message}");
    assert!(fx.store.sign_offs().unwrap().is_empty());
    assert_eq!(fx.store.audit_entries().unwrap().len(), audit_before);

    // A measure without a responsible person still blocks; naming one lets it through.
    let measure_id = add_measure(
        &mut fx.store,
        MeasureDraft {
            responsible_person: String::new(),
            ..measure_draft(fx.problem_id, Some(Deadline::LongTerm))
        },
    );
    let findings = fx.store.pre_submission_check(day(2026, 6, 1)).unwrap();
    assert_eq!(findings[0].kind, FindingKind::MeasureWithoutPerson);
    assert!(
        refused(&mut fx.store, &Command::SignOff(signers()))
            .to_string()
            .contains("责任人")
    );
    apply(
        &mut fx.store,
        &Command::UpdateMeasure {
            measure_id,
            draft: measure_draft(fx.problem_id, Some(Deadline::LongTerm)),
        },
    );
    assert_eq!(
        apply(&mut fx.store, &Command::SignOff(signers())),
        RecordRef::Revision(1)
    );
}

#[test]
fn warnings_do_not_stop_the_sign_off() {
    let mut fx = Fixture::new();
    add_measure(
        &mut fx.store,
        measure_draft(fx.problem_id, Some(Deadline::Date(day(2026, 5, 31)))),
    );
    add_commitment(
        &mut fx.store,
        commitment_draft("企业开办一日办结", Some(day(2026, 5, 31))),
    );
    let findings = fx.store.pre_submission_check(day(2026, 7, 1)).unwrap();
    let kinds: Vec<_> = findings.iter().map(|finding| finding.kind).collect();
    assert_eq!(
        kinds,
        [
            FindingKind::OverdueWithoutRecentNote,
            FindingKind::CommitmentPastDue
        ]
    );
    assert!(findings.iter().all(|f| f.level() == FindingLevel::Warning));
    assert_eq!(
        apply(&mut fx.store, &Command::SignOff(signers())),
        RecordRef::Revision(1)
    );
}

#[test]
fn the_diff_of_two_revisions_lists_exactly_the_edits_between_them() {
    let mut fx = Fixture::new();
    let first = add_measure(
        &mut fx.store,
        measure_draft(fx.problem_id, Some(Deadline::Date(day(2026, 9, 30)))),
    );
    let commitment = add_commitment(&mut fx.store, commitment_draft("首问负责", None));
    apply(&mut fx.store, &Command::SignOff(signers()));

    // Between the two sign-offs: a note on the measure, a second measure, the commitment
    // honoured.
    add_note(&mut fx.store, first, day(2026, 6, 1), "已完成办事指南初稿");
    let second = add_measure(
        &mut fx.store,
        measure_draft(fx.problem_id, Some(Deadline::LongTerm)),
    );
    apply(
        &mut fx.store,
        &Command::UpdateCommitment {
            commitment_id: commitment,
            draft: zhenggai::domain::CommitmentDraft {
                state: CommitmentState::Honoured,
                ..commitment_draft("首问负责", None)
            },
        },
    );
    apply(&mut fx.store, &Command::SignOff(signers()));

    let diff = diff_snapshots(
        &revision_snapshot(&fx.store, 1),
        &revision_snapshot(&fx.store, 2),
    );
    let listed: Vec<(ItemKind, ChangeKind, i64, Vec<&str>)> = diff
        .changes
        .iter()
        .map(|change| (change.item, change.change, change.id, change.fields.clone()))
        .collect();
    assert_eq!(
        listed,
        [
            (ItemKind::Measure, ChangeKind::Added, second.0, vec![]),
            (
                ItemKind::Measure,
                ChangeKind::Changed,
                first.0,
                vec!["进展记录"]
            ),
            (
                ItemKind::Commitment,
                ChangeKind::Changed,
                commitment.0,
                vec!["兑现情况"]
            ),
        ]
    );
    // The working data has not changed since revision 2.
    let now = fx.store.snapshot().unwrap();
    assert!(diff_snapshots(&revision_snapshot(&fx.store, 2), &now).is_empty());
}

/// The fingerprint of a fixed demo ledger. It must not change between runs, machines or
/// releases unless the snapshot format deliberately changes (then bump its version).
const GOLDEN_DEMO_SHA256: &str = "95016374692e6f5cca52aae4b64f4ea3c642590cb4f745745ad89faa4500737a";

#[test]
fn the_fingerprint_of_a_fixed_demo_is_stable() {
    use zhenggai::demo::{DemoOptions, populate};
    use zhenggai::domain::UnitDraft;
    use zhenggai::domain::snapshot::sha256_hex;
    use zhenggai::setup::init_workbook;

    let fingerprint = || {
        let (_dir, path) = common::temp_db();
        let mut store = Store::open(&path).unwrap();
        let unit = UnitDraft {
            name: "市行政审批局".into(),
            ..UnitDraft::default()
        };
        init_workbook(&mut store, unit, 2026).unwrap();
        populate(
            &mut store,
            &DemoOptions {
                problems: 40,
                seed: 7,
                today: day(2026, 6, 15),
            },
        )
        .unwrap();
        let json = store.snapshot().unwrap().canonical_json().unwrap();
        // The canonical JSON of the same data is byte-identical when produced twice.
        assert_eq!(json, store.snapshot().unwrap().canonical_json().unwrap());
        let number = apply(&mut store, &Command::SignOff(signers()));
        let RecordRef::Revision(number) = number else {
            panic!("sign-off returned {number:?}");
        };
        let revision = store.revision(number).unwrap();
        assert_eq!(revision.canonical_json, json);
        assert_eq!(revision.sign_off.data_sha256, sha256_hex(&json));
        revision.sign_off.data_sha256
    };
    let first = fingerprint();
    assert_eq!(first, fingerprint(), "two runs gave different fingerprints");
    assert_eq!(first, GOLDEN_DEMO_SHA256);
}
