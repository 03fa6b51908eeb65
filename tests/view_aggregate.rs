//! View models over frozen data: a workbook built from a snapshot matches the one read from the
//! store, and the aggregate dashboard lists each unit's newest revision.

// Helpers outside `#[test]` functions build fixtures; a failure there should panic loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{day, signed_demo};
use zhenggai::bundle::export_bundle;
use zhenggai::domain::{Command, OfficeDraft};
use zhenggai::store::Store;
use zhenggai::view::{AggregateView, Dashboard, Workbook};

#[test]
fn a_workbook_from_a_snapshot_matches_the_stored_one() {
    let (_dir, path) = common::temp_db();
    let store = signed_demo(&path, "市行政审批局", 1);
    let today = day(2026, 6, 15);
    let stored = Workbook::load(&store, today).unwrap();
    let frozen = Workbook::from_snapshot(store.snapshot().unwrap(), Some(1), today);
    assert_eq!(frozen.rows, stored.rows);
    assert_eq!(frozen.problems, stored.problems);
    assert_eq!(frozen.measures, stored.measures);
    assert_eq!(frozen.categories, stored.categories);
    assert_eq!(frozen.commitments, stored.commitments);
    assert_eq!(frozen.rules, stored.rules);
    assert_eq!(frozen.campaign, stored.campaign);
    assert_eq!(frozen.summary, stored.summary);
    let (a, b) = (Dashboard::build(&frozen), Dashboard::build(&stored));
    assert_eq!(format!("{a:?}"), format!("{b:?}"));
}

#[test]
fn the_aggregate_view_lists_each_units_newest_revision() {
    let dir = tempfile::tempdir().unwrap();
    let mut bundles = Vec::new();
    for (name, revisions) in [("市行政审批局", 2), ("市市场监管局", 1)] {
        let store = signed_demo(&dir.path().join(format!("{name}.sqlite")), name, revisions);
        for revision in 1..=revisions {
            let out = dir.path().join(format!("{name}-r{revision}.zip"));
            export_bundle(&store, Some(revision as i64), &out, &mut |_| {
                std::ops::ControlFlow::Continue(())
            })
            .unwrap();
            bundles.push(out);
        }
    }
    let mut agg = Store::open(&dir.path().join("agg.sqlite")).unwrap();
    assert!(
        AggregateView::load(&agg, day(2026, 6, 15))
            .unwrap()
            .is_none()
    );
    agg.apply(&Command::InitOffice(OfficeDraft {
        name: "市作风办".into(),
    }))
    .unwrap();
    for bundle in &bundles {
        let outcome = zhenggai::bundle::receive(&mut agg, bundle, false);
        assert!(
            matches!(outcome, zhenggai::bundle::ReceiveOutcome::Received(_)),
            "{outcome:?}"
        );
    }
    let view = AggregateView::load(&agg, day(2026, 6, 15))
        .unwrap()
        .unwrap();
    assert_eq!(view.office.name, "市作风办");
    let names: Vec<_> = view
        .units
        .iter()
        .map(|line| line.received.unit.as_str())
        .collect();
    assert_eq!(names, ["市市场监管局", "市行政审批局"]);
    let revisions: Vec<_> = view
        .units
        .iter()
        .map(|line| (line.received.revision, line.revisions))
        .collect();
    assert_eq!(revisions, [(1, 1), (2, 2)]);
    assert_eq!(view.total.units, 2);
    assert_eq!(
        view.total.problems,
        view.units
            .iter()
            .map(|line| line.summary.problems)
            .sum::<u64>()
    );
}
