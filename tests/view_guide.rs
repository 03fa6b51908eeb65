//! The 报送 guide follows the workbook from an empty ledger to the superior office's receipt.

// Helpers outside `#[test]` functions build fixtures; a failure there should panic loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{apply, demo_today, demo_unit, sign_off_demo, temp_db};
use zhenggai::domain::{Command, ProblemDraft, ReceiptRecord};
use zhenggai::store::Store;
use zhenggai::view::{Guide, GuideMarks, GuideStep, Submission, Workbook};

fn guide(store: &Store, marks: GuideMarks) -> Guide {
    let workbook = Workbook::load(store, demo_today()).unwrap();
    let submission = Submission::load(store, demo_today()).unwrap();
    Guide::new(&workbook, &submission, marks)
}

fn done(guide: &Guide, step: GuideStep) -> bool {
    guide
        .lines
        .iter()
        .find(|line| line.step == step)
        .unwrap()
        .done
}

fn note(guide: &Guide, step: GuideStep) -> String {
    guide
        .lines
        .iter()
        .find(|line| line.step == step)
        .unwrap()
        .note
        .clone()
}

#[test]
fn an_empty_ledger_starts_with_its_problems() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    zhenggai::setup::init_workbook(&mut store, common::unit_draft(), 2026).unwrap();
    let guide = guide(&store, GuideMarks::default());
    assert_eq!(guide.next(), Some(GuideStep::FillProblems));
    assert!(guide.lines.iter().all(|line| !line.done));
    assert_eq!(note(&guide, GuideStep::SignOff), "尚未签发");
    assert_eq!(note(&guide, GuideStep::ExportBundle), "签发后进行");
}

#[test]
fn a_problem_without_measures_is_counted_and_holds_the_guide_there() {
    let (_dir, path) = temp_db();
    let mut store = demo_unit(&path, "市行政审批局", 12, 7);
    let before = guide(&store, GuideMarks::default());
    assert!(done(&before, GuideStep::FillProblems));
    assert!(
        done(&before, GuideStep::PlanMeasures),
        "the demo plans every problem"
    );
    let category = store.categories().unwrap()[1].id;
    apply(
        &mut store,
        &Command::AddProblem(common::problem_draft(
            Some(category),
            "窗口人员对即办件推诿拖延。",
        )),
    );
    let after = guide(&store, GuideMarks::default());
    assert!(!done(&after, GuideStep::PlanMeasures));
    assert_eq!(
        note(&after, GuideStep::PlanMeasures),
        "还有 1 个问题没有措施"
    );
    assert_eq!(after.next(), Some(GuideStep::PlanMeasures));
}

#[test]
fn signing_printing_exporting_and_the_receipt_each_tick_their_step() {
    let (_dir, path) = temp_db();
    let mut store = demo_unit(&path, "市行政审批局", 12, 7);
    assert!(!done(
        &guide(&store, GuideMarks::default()),
        GuideStep::SignOff
    ));
    sign_off_demo(&mut store);
    let signed = guide(&store, GuideMarks::default());
    assert!(done(&signed, GuideStep::SignOff));
    assert_eq!(note(&signed, GuideStep::SignOff), "已签发第 1 版");
    assert!(!done(&signed, GuideStep::PrintAndSeal));
    assert_eq!(
        note(&signed, GuideStep::PrintAndSeal),
        "第 1 版待打印、签字、盖章"
    );

    // Marks for an older revision do not count for the newest.
    let stale = GuideMarks {
        printed: Some(0),
        bundle: Some(0),
    };
    assert!(!done(&guide(&store, stale), GuideStep::ExportBundle));
    let marks = GuideMarks {
        printed: Some(1),
        bundle: Some(1),
    };
    let exported = guide(&store, marks);
    assert!(done(&exported, GuideStep::PrintAndSeal));
    assert!(done(&exported, GuideStep::ExportBundle));
    assert!(!done(&exported, GuideStep::Receipt));

    // A receipt for the revision ticks the last step (and the two before it, which it proves).
    let workbook = Workbook::load(&store, demo_today()).unwrap();
    let mut submission = Submission::load(&store, demo_today()).unwrap();
    submission.receipts.push(ReceiptRecord {
        revision: 1,
        office: "市作风办".into(),
        office_key_id: "0B4143B0B32EBF6B".into(),
        office_sm2_key_id: None,
        received_at: "2026-06-16T01:00:00Z".into(),
    });
    let received = Guide::new(&workbook, &submission, GuideMarks::default());
    assert!(done(&received, GuideStep::Receipt));
    assert!(done(&received, GuideStep::ExportBundle));

    // An edit after the sign-off makes the sign-off the step to do again.
    let problem = store.problems().unwrap()[0].clone();
    apply(
        &mut store,
        &Command::UpdateProblem {
            problem_id: problem.id,
            draft: ProblemDraft {
                description: format!("{}（已补充）", problem.description),
                ..common::problem_draft(problem.category_id, &problem.description)
            },
        },
    );
    let changed = guide(&store, marks);
    assert!(!done(&changed, GuideStep::SignOff));
    assert_eq!(note(&changed, GuideStep::SignOff), "第 1 版签发后又有修改");
}
