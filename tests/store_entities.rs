//! Round trips for every entity: each edit goes in as a command and comes back out of the typed
//! reads exactly as entered (trimmed), and every refusal is typed.

// Helper functions of an integration test crate are test code too, but clippy only exempts
// `#[test]` functions from these lints.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{
    Fixture, add_category, add_commitment, add_measure, add_note, add_problem, add_rule, apply,
    attach, campaign_draft, commitment_draft, day, extend, found_on, measure_draft, move_status,
    noise, problem_draft, refused, sha256_of, temp_db, unit_draft,
};
use zhenggai::domain::snapshot::Snapshot;
use zhenggai::domain::snapshot::sha256_hex;
use zhenggai::domain::{
    CampaignDraft, CategoryDraft, CloseOutDraft, Command, CommitmentState, Deadline, DomainError,
    MeasureStatus, PhaseDraft, ProblemLevel, ProblemSource, RecordRef, RuleDraft, RuleKind,
    Severity, SignOffDraft, UnitDraft,
};
use zhenggai::store::{Store, StoreError};

#[test]
fn unit_is_created_once_and_updated() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.unit().unwrap(), None);
    assert!(matches!(
        refused(&mut store, &Command::UpdateUnit(unit_draft())),
        StoreError::NotInitialised
    ));

    let draft = UnitDraft {
        name: "  某县行政审批局 ".into(),
        ..unit_draft()
    };
    let RecordRef::Unit(unit_id) = apply(&mut store, &Command::InitUnit(draft)) else {
        panic!("InitUnit must name the unit");
    };
    let unit = store.unit().unwrap().unwrap();
    assert_eq!(unit.id, unit_id);
    assert_eq!(unit.name, "某县行政审批局", "name is trimmed");
    assert_eq!(unit.code, "11330000MB0000000X");
    assert_eq!(unit.superior, "县作风办");
    assert_eq!(unit.leader, "王建国");

    let err = refused(&mut store, &Command::InitUnit(unit_draft()));
    assert!(
        matches!(&err, StoreError::AlreadyInitialised { unit } if unit == "某县行政审批局"),
        "{err:?}"
    );

    let update = UnitDraft {
        name: "某县行政审批服务局".into(),
        code: String::new(),
        superior: "市作风办".into(),
        leader: "赵敏".into(),
    };
    assert_eq!(
        apply(&mut store, &Command::UpdateUnit(update)),
        RecordRef::Unit(unit_id)
    );
    let unit = store.unit().unwrap().unwrap();
    assert_eq!(
        (
            unit.id,
            unit.name.as_str(),
            unit.code.as_str(),
            unit.superior.as_str(),
            unit.leader.as_str()
        ),
        (unit_id, "某县行政审批服务局", "", "市作风办", "赵敏")
    );

    // It survives closing and reopening.
    store.close().unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.unit().unwrap().unwrap().name, "某县行政审批服务局");
}

#[test]
fn campaign_with_phases_is_created_and_updated() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.current_campaign().unwrap(), None);
    apply(&mut store, &Command::InitUnit(unit_draft()));
    let RecordRef::Campaign(campaign_id) =
        apply(&mut store, &Command::CreateCampaign(campaign_draft()))
    else {
        panic!("CreateCampaign must name the campaign");
    };
    let campaign = store.current_campaign().unwrap().unwrap();
    assert_eq!(campaign.id, campaign_id);
    assert_eq!(campaign.title, "2026年集中整顿作风提升行政效能专项活动");
    assert_eq!(campaign.year, 2026);
    let names: Vec<&str> = campaign.phases.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "调研与方案制定阶段",
            "学习教育与查找问题阶段",
            "集中整治阶段",
            "建章立制阶段",
            "问题处理与总结阶段"
        ]
    );
    assert_eq!(campaign.phases[2].starts_on, day(2026, 5, 16));
    assert_eq!(campaign.phases[2].ends_on, day(2026, 9, 30));

    let update = CampaignDraft {
        title: "2027年作风建设年活动".into(),
        year: 2027,
        phases: vec![
            PhaseDraft {
                name: "查找问题阶段".into(),
                starts_on: day(2027, 3, 1),
                ends_on: day(2027, 4, 30),
            },
            PhaseDraft {
                name: "整改落实阶段".into(),
                starts_on: day(2027, 5, 1),
                ends_on: day(2027, 10, 31),
            },
        ],
    };
    apply(
        &mut store,
        &Command::UpdateCampaign {
            campaign_id,
            draft: update,
        },
    );
    let campaigns = store.campaigns().unwrap();
    assert_eq!(campaigns.len(), 1, "update replaces, it does not add");
    let campaign = &campaigns[0];
    assert_eq!(campaign.id, campaign_id);
    assert_eq!(campaign.title, "2027年作风建设年活动");
    assert_eq!(campaign.year, 2027);
    let phases: Vec<_> = campaign
        .phases
        .iter()
        .map(|p| (p.name.as_str(), p.starts_on, p.ends_on))
        .collect();
    assert_eq!(
        phases,
        [
            ("查找问题阶段", day(2027, 3, 1), day(2027, 4, 30)),
            ("整改落实阶段", day(2027, 5, 1), day(2027, 10, 31)),
        ]
    );

    // A second campaign becomes the current one.
    let RecordRef::Campaign(second) = apply(
        &mut store,
        &Command::CreateCampaign(CampaignDraft {
            title: "2028年专项活动".into(),
            year: 2028,
            phases: vec![],
        }),
    ) else {
        panic!("CreateCampaign must name the campaign");
    };
    assert_eq!(store.current_campaign().unwrap().unwrap().id, second);

    let err = refused(
        &mut store,
        &Command::UpdateCampaign {
            campaign_id: zhenggai::domain::CampaignId(999),
            draft: campaign_draft(),
        },
    );
    assert!(
        matches!(err, StoreError::NotFound { id: 999, .. }),
        "{err:?}"
    );
    let mut reversed = campaign_draft();
    let first = &mut reversed.phases[0];
    std::mem::swap(&mut first.starts_on, &mut first.ends_on);
    let err = refused(&mut store, &Command::CreateCampaign(reversed));
    assert!(
        matches!(err, StoreError::Domain(DomainError::RangeReversed { .. })),
        "{err:?}"
    );
}

#[test]
fn category_tree_is_added_renamed_and_deleted() {
    let mut fx = Fixture::new();
    let store = &mut fx.store;
    let second_area = add_category(store, None, "行政工作中的视野不宽、能力不足问题");
    let second_item = add_category(store, Some(fx.area_id), "审批流程欠科学");
    let other_item = add_category(store, Some(second_area), "业务水平不够");

    let tree: Vec<_> = store
        .categories()
        .unwrap()
        .into_iter()
        .map(|c| (c.id, c.parent_id, c.name, c.position))
        .collect();
    assert_eq!(
        tree,
        [
            (fx.area_id, None, "放管服改革中的“肠梗阻”问题".to_owned(), 1),
            (fx.item_id, Some(fx.area_id), "窗口授权不到位".to_owned(), 1),
            (
                second_item,
                Some(fx.area_id),
                "审批流程欠科学".to_owned(),
                2
            ),
            (
                second_area,
                None,
                "行政工作中的视野不宽、能力不足问题".to_owned(),
                2
            ),
            (other_item, Some(second_area), "业务水平不够".to_owned(), 1),
        ],
        "each area is followed by its items, in position order"
    );

    // A third level is refused.
    let err = refused(
        store,
        &Command::AddCategory(CategoryDraft {
            parent_id: Some(fx.item_id),
            name: "第三级".into(),
        }),
    );
    assert!(
        matches!(&err, StoreError::Domain(DomainError::CategoryTooDeep { parent }) if parent == "窗口授权不到位"),
        "{err:?}"
    );
    // So is a sibling with the same name.
    let err = refused(
        store,
        &Command::AddCategory(CategoryDraft {
            parent_id: Some(fx.area_id),
            name: " 审批流程欠科学 ".into(),
        }),
    );
    assert!(matches!(err, StoreError::InUse(_)), "{err:?}");

    apply(
        store,
        &Command::RenameCategory {
            category_id: second_item,
            name: " 审批流程不科学 ".into(),
        },
    );
    let renamed = store
        .categories()
        .unwrap()
        .into_iter()
        .find(|c| c.id == second_item)
        .unwrap();
    assert_eq!(renamed.name, "审批流程不科学");
    assert_eq!(renamed.parent_id, Some(fx.area_id));
    let err = refused(
        store,
        &Command::RenameCategory {
            category_id: second_item,
            name: "窗口授权不到位".into(),
        },
    );
    assert!(matches!(err, StoreError::InUse(_)), "{err:?}");

    // The fixture's problem uses the item: neither it nor its area can go.
    for category_id in [fx.item_id, fx.area_id] {
        let err = refused(store, &Command::DeleteCategory { category_id });
        let StoreError::InUse(message) = &err else {
            panic!("expected InUse, got {err:?}");
        };
        assert!(message.contains("1 个问题"), "{message}");
    }

    // An unused item goes alone; an unused area takes its items with it.
    apply(
        store,
        &Command::DeleteCategory {
            category_id: second_item,
        },
    );
    apply(
        store,
        &Command::DeleteCategory {
            category_id: second_area,
        },
    );
    let left: Vec<_> = store.categories().unwrap().iter().map(|c| c.id).collect();
    assert_eq!(left, [fx.area_id, fx.item_id]);

    // Once the problem is gone the used categories can be deleted too.
    apply(
        store,
        &Command::DeleteProblem {
            problem_id: fx.problem_id,
        },
    );
    apply(
        store,
        &Command::DeleteCategory {
            category_id: fx.area_id,
        },
    );
    assert!(store.categories().unwrap().is_empty());
    let err = refused(
        store,
        &Command::DeleteCategory {
            category_id: fx.area_id,
        },
    );
    assert!(matches!(err, StoreError::NotFound { .. }), "{err:?}");
}

#[test]
fn problems_are_numbered_updated_and_deleted() {
    let mut fx = Fixture::new();
    let store = &mut fx.store;
    let second = add_problem(store, problem_draft(None, "首问责任制落实不力"));
    let third = add_problem(store, problem_draft(Some(fx.area_id), "审批环节多、时限长"));
    let numbers: Vec<_> = store
        .problems()
        .unwrap()
        .iter()
        .map(|p| (p.id, p.number))
        .collect();
    assert_eq!(numbers, [(fx.problem_id, 1), (second, 2), (third, 3)]);

    let stored = store.problem(fx.problem_id).unwrap();
    let draft = problem_draft(Some(fx.item_id), "窗口人员授权不足，群众办事需多次往返");
    assert_eq!(stored.category_id, draft.category_id);
    assert_eq!(stored.level, draft.level);
    assert_eq!(stored.subject, draft.subject);
    assert_eq!(stored.source, draft.source);
    assert_eq!(stored.description, draft.description);
    assert_eq!(stored.example, draft.example);
    assert_eq!(stored.cause, draft.cause);
    assert_eq!(stored.severity, draft.severity);
    assert_eq!(stored.found_on, draft.found_on);

    let update = zhenggai::domain::ProblemDraft {
        category_id: None,
        level: ProblemLevel::TeamMember,
        subject: " 张副局长 ".into(),
        source: ProblemSource::LifeMeeting,
        description: "分管领域督促检查不够".into(),
        example: String::new(),
        cause: "责任意识不强".into(),
        severity: Severity::Grave,
        found_on: day(2026, 4, 20),
    };
    assert_eq!(
        apply(
            store,
            &Command::UpdateProblem {
                problem_id: second,
                draft: update,
            }
        ),
        RecordRef::Problem(second)
    );
    let stored = store.problem(second).unwrap();
    assert_eq!(stored.number, 2, "an update keeps the number");
    assert_eq!(stored.category_id, None);
    assert_eq!(stored.level, ProblemLevel::TeamMember);
    assert_eq!(stored.subject, "张副局长");
    assert_eq!(stored.source, ProblemSource::LifeMeeting);
    assert_eq!(stored.description, "分管领域督促检查不够");
    assert_eq!(stored.example, "");
    assert_eq!(stored.cause, "责任意识不强");
    assert_eq!(stored.severity, Severity::Grave);
    assert_eq!(stored.found_on, day(2026, 4, 20));

    apply(store, &Command::DeleteProblem { problem_id: second });
    let numbers: Vec<_> = store.problems().unwrap().iter().map(|p| p.number).collect();
    assert_eq!(numbers, [1, 3], "deleting does not renumber the others");
    let err = store.problem(second).unwrap_err();
    assert!(matches!(err, StoreError::NotFound { .. }), "{err:?}");
    let fourth = add_problem(store, problem_draft(None, "新官不理旧账"));
    assert_eq!(store.problem(fourth).unwrap().number, 4);
}

#[test]
fn deleted_last_problem_number_is_not_reused() {
    let mut fx = Fixture::new();
    let store = &mut fx.store;
    let second = add_problem(store, problem_draft(None, "首问责任制落实不力"));
    assert_eq!(store.problem(second).unwrap().number, 2);
    apply(store, &Command::DeleteProblem { problem_id: second });
    let next = add_problem(store, problem_draft(None, "为民服务工作效能低"));
    // The ledger number is "assigned in order from 1 and never reused" (domain::Problem): a
    // submitted ledger's 序号 2 must not come back as a different problem.
    assert_eq!(store.problem(next).unwrap().number, 3);
}

#[test]
fn measures_are_positioned_updated_and_deleted() {
    let mut fx = Fixture::new();
    let store = &mut fx.store;
    let other_problem = add_problem(store, problem_draft(None, "首问责任制落实不力"));
    let deadline = Some(Deadline::Date(day(2026, 6, 30)));
    let first = add_measure(store, measure_draft(fx.problem_id, deadline));
    let second = add_measure(
        store,
        measure_draft(fx.problem_id, Some(Deadline::LongTerm)),
    );
    let elsewhere = add_measure(store, measure_draft(other_problem, None));
    let third = add_measure(store, measure_draft(fx.problem_id, None));

    let positions: Vec<_> = store
        .measures_of(fx.problem_id)
        .unwrap()
        .iter()
        .map(|m| (m.id, m.position))
        .collect();
    assert_eq!(positions, [(first, 1), (second, 2), (third, 3)]);
    assert_eq!(store.measure(elsewhere).unwrap().position, 1);

    let stored = store.measure(first).unwrap();
    assert_eq!(stored.problem_id, fx.problem_id);
    assert_eq!(stored.content, "推行一次性告知制度，编制办事指南");
    assert_eq!(stored.goal, "群众办事最多跑一次");
    assert_eq!(stored.responsible_leader, "王建国");
    assert_eq!(stored.responsible_division, "政务服务科");
    assert_eq!(stored.responsible_person, "李娜");
    assert_eq!(stored.deadline, deadline);
    assert_eq!(stored.status, MeasureStatus::NotStarted);
    assert_eq!(
        store.measure(second).unwrap().deadline,
        Some(Deadline::LongTerm)
    );
    assert_eq!(store.measure(third).unwrap().deadline, None);

    let mut update = measure_draft(fx.problem_id, Some(Deadline::Date(found_on())));
    update.content = " 修订窗口授权清单 ".into();
    update.goal = String::new();
    update.responsible_person = "周强".into();
    apply(
        store,
        &Command::UpdateMeasure {
            measure_id: first,
            draft: update,
        },
    );
    let stored = store.measure(first).unwrap();
    assert_eq!(stored.content, "修订窗口授权清单");
    assert_eq!(stored.goal, "");
    assert_eq!(stored.responsible_person, "周强");
    assert_eq!(stored.deadline, Some(Deadline::Date(found_on())));
    assert_eq!(stored.position, 1, "an update keeps the position");

    // A measure cannot be moved to another problem by an update.
    let err = refused(
        store,
        &Command::UpdateMeasure {
            measure_id: first,
            draft: measure_draft(other_problem, None),
        },
    );
    assert!(matches!(err, StoreError::InUse(_)), "{err:?}");

    apply(store, &Command::DeleteMeasure { measure_id: second });
    let fourth = add_measure(store, measure_draft(fx.problem_id, None));
    let order: Vec<_> = store
        .measures_of(fx.problem_id)
        .unwrap()
        .iter()
        .map(|m| m.id)
        .collect();
    assert_eq!(order, [first, third, fourth], "a new measure goes last");
    assert!(store.measure(fourth).unwrap().position > 3);
    let err = refused(store, &Command::DeleteMeasure { measure_id: second });
    assert!(matches!(err, StoreError::NotFound { .. }), "{err:?}");
}

#[test]
fn measure_status_moves_forward_and_refuses_jumps() {
    let mut fx = Fixture::new();
    let store = &mut fx.store;
    let measure_id = add_measure(store, measure_draft(fx.problem_id, None));

    for (from, to) in [
        (MeasureStatus::NotStarted, MeasureStatus::Completed),
        (MeasureStatus::NotStarted, MeasureStatus::Closed),
        (MeasureStatus::NotStarted, MeasureStatus::NotStarted),
    ] {
        let err = refused(
            store,
            &Command::ChangeMeasureStatus {
                measure_id,
                status: to,
            },
        );
        let StoreError::Domain(DomainError::IllegalTransition { from: f, to: t, .. }) = err else {
            panic!("{from:?} → {to:?} gave {err:?}");
        };
        assert_eq!((f, t), (from.label(), to.label()));
        assert_eq!(store.measure(measure_id).unwrap().status, from);
    }

    apply(
        store,
        &Command::ChangeMeasureStatus {
            measure_id,
            status: MeasureStatus::InProgress,
        },
    );
    assert_eq!(
        store.measure(measure_id).unwrap().status,
        MeasureStatus::InProgress
    );
    let err = refused(
        store,
        &Command::ChangeMeasureStatus {
            measure_id,
            status: MeasureStatus::NotStarted,
        },
    );
    assert!(
        matches!(
            err,
            StoreError::Domain(DomainError::IllegalTransition { .. })
        ),
        "{err:?}"
    );

    apply(
        store,
        &Command::ChangeMeasureStatus {
            measure_id,
            status: MeasureStatus::Completed,
        },
    );
    assert_eq!(
        store.measure(measure_id).unwrap().status,
        MeasureStatus::Completed
    );
    // 已销号 only through a close-out.
    let err = refused(
        store,
        &Command::ChangeMeasureStatus {
            measure_id,
            status: MeasureStatus::Closed,
        },
    );
    assert!(err.to_string().contains("销号"), "{err}");
    // 退回整改 is allowed.
    apply(
        store,
        &Command::ChangeMeasureStatus {
            measure_id,
            status: MeasureStatus::InProgress,
        },
    );
    assert_eq!(
        store.measure(measure_id).unwrap().status,
        MeasureStatus::InProgress
    );
    let err = refused(
        store,
        &Command::ChangeMeasureStatus {
            measure_id: zhenggai::domain::MeasureId(999),
            status: MeasureStatus::InProgress,
        },
    );
    assert!(matches!(err, StoreError::NotFound { .. }), "{err:?}");
}

#[test]
fn progress_notes_are_added_and_deleted() {
    let mut fx = Fixture::new();
    let store = &mut fx.store;
    let measure_id = add_measure(store, measure_draft(fx.problem_id, None));
    let other = add_measure(store, measure_draft(fx.problem_id, None));
    let first = add_note(store, measure_id, day(2026, 5, 10), " 已召开专题会议部署 ");
    let second = add_note(store, measure_id, day(2026, 5, 20), "已编制办事指南初稿");
    let elsewhere = add_note(store, other, day(2026, 5, 21), "已开展调研");

    let notes = store.progress_notes(Some(measure_id)).unwrap();
    let read: Vec<_> = notes
        .iter()
        .map(|n| (n.id, n.measure_id, n.noted_on, n.text.as_str()))
        .collect();
    assert_eq!(
        read,
        [
            (first, measure_id, day(2026, 5, 10), "已召开专题会议部署"),
            (second, measure_id, day(2026, 5, 20), "已编制办事指南初稿"),
        ]
    );
    assert_eq!(store.progress_notes(None).unwrap().len(), 3);

    apply(store, &Command::DeleteProgressNote { note_id: first });
    let left: Vec<_> = store
        .progress_notes(None)
        .unwrap()
        .iter()
        .map(|n| n.id)
        .collect();
    assert_eq!(left, [second, elsewhere]);
    let err = refused(store, &Command::DeleteProgressNote { note_id: first });
    assert!(matches!(err, StoreError::NotFound { .. }), "{err:?}");
}

#[test]
fn evidence_is_stored_once_read_back_identical_and_removed() {
    let mut fx = Fixture::new();
    let small = fx.write_file("会议纪要.pdf", "%PDF-1.4 会议纪要".as_bytes());
    // A few MB, not a multiple of the copy chunk, so partial chunks are exercised.
    let big_bytes = noise(3 * 1024 * 1024 + 12_345, 7);
    let big = fx.write_file("扫描件.jpg", &big_bytes);
    let copy_of_big = fx.write_file("同一扫描件.jpg", &big_bytes);
    let store = &mut fx.store;
    let measure_id = add_measure(store, measure_draft(fx.problem_id, None));
    let other = add_measure(store, measure_draft(fx.problem_id, None));

    let small_id = attach(store, measure_id, &small, "");
    let big_id = attach(store, measure_id, &big, r"C:\扫描\整改照片.jpg");
    let dup_id = attach(store, other, &copy_of_big, "另一份.jpg");

    let all = store.evidence(None).unwrap();
    assert_eq!(all.len(), 3);
    let small_row = &all[0];
    assert_eq!(small_row.id, small_id);
    assert_eq!(
        small_row.file_name, "会议纪要.pdf",
        "defaults to the source name"
    );
    assert_eq!(small_row.size, "%PDF-1.4 会议纪要".len() as u64);
    assert_eq!(small_row.sha256, sha256_of("%PDF-1.4 会议纪要".as_bytes()));
    assert_eq!(small_row.added_on, day(2026, 6, 1));
    let big_row = &all[1];
    assert_eq!(big_row.id, big_id);
    assert_eq!(big_row.measure_id, measure_id);
    assert_eq!(
        big_row.file_name, "整改照片.jpg",
        "path components are dropped"
    );
    assert_eq!(big_row.size, big_bytes.len() as u64);
    assert_eq!(big_row.sha256, sha256_of(&big_bytes));
    assert_eq!(all[2].id, dup_id);
    assert_eq!(all[2].sha256, big_row.sha256);
    assert_eq!(store.evidence(Some(other)).unwrap().len(), 1);

    let mut read_back = Vec::new();
    let written = store.copy_blob_to(&big_row.sha256, &mut read_back).unwrap();
    assert_eq!(written, big_bytes.len() as u64);
    assert!(read_back == big_bytes, "big file read back differs");

    // Same content twice is stored once.
    let blobs = |path: &std::path::Path| common::count_rows(path, "SELECT count(*) FROM file_blob");
    assert_eq!(blobs(&fx.path), 2);

    // Removing one attachment keeps the bytes the other still uses.
    apply(
        store,
        &Command::RemoveEvidence {
            evidence_id: big_id,
        },
    );
    assert_eq!(blobs(&fx.path), 2);
    let mut again = Vec::new();
    store.copy_blob_to(&big_row.sha256, &mut again).unwrap();
    assert!(again == big_bytes);
    apply(
        store,
        &Command::RemoveEvidence {
            evidence_id: dup_id,
        },
    );
    assert_eq!(blobs(&fx.path), 1);
    let err = store
        .copy_blob_to(&big_row.sha256, &mut Vec::new())
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound { .. }), "{err:?}");
    let ids: Vec<_> = store.evidence(None).unwrap().iter().map(|e| e.id).collect();
    assert_eq!(ids, [small_id]);
    let err = refused(
        store,
        &Command::RemoveEvidence {
            evidence_id: dup_id,
        },
    );
    assert!(matches!(err, StoreError::NotFound { .. }), "{err:?}");
    assert!(store.check().unwrap().is_ok());
}

#[test]
fn an_empty_evidence_file_round_trips() {
    let mut fx = Fixture::new();
    let empty = fx.write_file("空白.txt", b"");
    let measure_id = add_measure(&mut fx.store, measure_draft(fx.problem_id, None));
    attach(&mut fx.store, measure_id, &empty, "");
    let evidence = &fx.store.evidence(None).unwrap()[0];
    assert_eq!(evidence.size, 0);
    assert_eq!(evidence.sha256, sha256_of(b""));
    let mut out = vec![1_u8];
    assert_eq!(
        fx.store.copy_blob_to(&evidence.sha256, &mut out).unwrap(),
        0
    );
    assert_eq!(out, [1]);
    assert!(fx.store.check().unwrap().is_ok());
}

#[test]
fn evidence_from_a_missing_or_oversized_file_is_refused() {
    use zhenggai::domain::EvidenceFile;
    use zhenggai::store::read_evidence_file;

    let mut fx = Fixture::new();
    let huge = fx.dir.path().join("录像.mp4");
    // A sparse file just over the limit: cheap to create, and must be refused before reading.
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(zhenggai::domain::evidence::EVIDENCE_MAX_BYTES + 1)
        .unwrap();
    let missing = fx.dir.path().join("不存在.pdf");
    let small = fx.dir.path().join("小.pdf");
    std::fs::write(&small, b"%PDF").unwrap();
    let store = &mut fx.store;
    let measure_id = add_measure(store, measure_draft(fx.problem_id, None));
    let err = read_evidence_file(&huge).unwrap_err();
    assert!(
        matches!(&err, StoreError::EvidenceTooLarge { path, .. } if path == &huge),
        "{err:?}"
    );
    common::assert_chinese(&err.to_string());
    assert!(err.to_string().contains("录像.mp4"), "{err}");
    let folder = fx.dir.path().join("文件夹");
    std::fs::create_dir(&folder).unwrap();
    let err = read_evidence_file(&folder).unwrap_err();
    assert!(matches!(err, StoreError::Io { .. }), "{err:?}");
    let err = read_evidence_file(&missing).unwrap_err();
    assert!(
        matches!(&err, StoreError::Io { path, .. } if path == &missing),
        "{err:?}"
    );
    assert!(err.to_string().contains("不存在.pdf"), "{err}");

    // The file is read with its own name.
    let read = read_evidence_file(&small).unwrap();
    assert_eq!(read.file_name, "小.pdf");
    assert_eq!(read, EvidenceFile::new("小.pdf", b"%PDF".to_vec()));
    let named = |file_name: &str| Command::AttachEvidence {
        measure_id,
        file: EvidenceFile {
            file_name: file_name.into(),
            ..read.clone()
        },
        added_on: day(2026, 6, 1),
    };
    // A name that is only a folder path leaves no file name: refused as empty.
    for blank in ["扫描件/", r"C:\扫描\", " / ", ""] {
        let err = refused(store, &named(blank));
        assert!(
            matches!(
                err,
                StoreError::Domain(DomainError::Required { field: "文件名" })
            ),
            "{blank}: {err:?}"
        );
    }
    // Content over the limit is refused by the store too, however the command was built.
    let oversized = Command::AttachEvidence {
        measure_id,
        // Zeroed pages cost no memory until touched, and the size is checked before the hash.
        file: EvidenceFile {
            file_name: "录像.mp4".into(),
            sha256: String::new(),
            bytes: vec![0; (zhenggai::domain::evidence::EVIDENCE_MAX_BYTES + 1) as usize],
        },
        added_on: day(2026, 6, 1),
    };
    let err = refused(store, &oversized);
    assert!(
        matches!(&err, StoreError::EvidenceTooLarge { .. }),
        "{err:?}"
    );
    drop(oversized);
    assert_eq!(
        common::count_rows(&fx.path, "SELECT count(*) FROM file_blob"),
        0
    );
}

#[test]
fn evidence_whose_sha256_does_not_match_its_bytes_is_refused() {
    use zhenggai::domain::EvidenceFile;

    let mut fx = Fixture::new();
    let store = &mut fx.store;
    let measure_id = add_measure(store, measure_draft(fx.problem_id, None));
    let genuine = EvidenceFile::new("会议纪要.pdf", b"%PDF-1.4 minutes".to_vec());
    let attach = |file: EvidenceFile| Command::AttachEvidence {
        measure_id,
        file,
        added_on: day(2026, 6, 1),
    };
    // Another file's hash, an upper-case hash and no hash at all: each would file the bytes
    // under a name that is not theirs.
    for sha256 in [
        sha256_of(b"other"),
        genuine.sha256.to_uppercase(),
        String::new(),
    ] {
        let err = refused(
            store,
            &attach(EvidenceFile {
                sha256,
                ..genuine.clone()
            }),
        );
        assert!(
            matches!(&err, StoreError::FingerprintMismatch { what } if what.contains("会议纪要.pdf")),
            "{err:?}"
        );
    }
    // Changed bytes under the original hash are refused the same way.
    let err = refused(
        store,
        &attach(EvidenceFile {
            bytes: b"%PDF-1.4 forged".to_vec(),
            ..genuine.clone()
        }),
    );
    assert!(
        matches!(err, StoreError::FingerprintMismatch { .. }),
        "{err:?}"
    );
    assert_eq!(
        common::count_rows(&fx.path, "SELECT count(*) FROM file_blob"),
        0
    );
    // The genuine file is accepted.
    apply(store, &attach(genuine.clone()));
    assert_eq!(
        store.evidence(Some(measure_id)).unwrap()[0].sha256,
        genuine.sha256
    );
}

fn close_out(measure_id: zhenggai::domain::MeasureId, reason: &str) -> Command {
    Command::CloseOutMeasure(CloseOutDraft {
        measure_id,
        verifier: "赵敏".into(),
        closed_on: day(2026, 7, 5),
        opinion: "经实地核验，已整改到位".into(),
        no_evidence_reason: reason.into(),
    })
}

#[test]
fn close_out_needs_completion_and_evidence_or_a_reason() {
    let mut fx = Fixture::new();
    let photo = fx.write_file("整改照片.jpg", &noise(4096, 3));
    let store = &mut fx.store;
    let with_evidence = add_measure(store, measure_draft(fx.problem_id, None));
    let with_reason = add_measure(store, measure_draft(fx.problem_id, None));

    // Not completed yet.
    let err = refused(store, &close_out(with_evidence, ""));
    assert!(
        matches!(
            err,
            StoreError::Domain(DomainError::CloseOutNotCompleted {
                status: "未启动"
            })
        ),
        "{err:?}"
    );
    let done = [MeasureStatus::InProgress, MeasureStatus::Completed];
    move_status(store, with_evidence, &done);
    move_status(store, with_reason, &done);

    // Completed, but neither evidence nor a reason: nothing is written, status unchanged.
    for measure_id in [with_evidence, with_reason] {
        let err = refused(store, &close_out(measure_id, "  "));
        assert!(
            matches!(err, StoreError::Domain(DomainError::CloseOutNeedsEvidence)),
            "{err:?}"
        );
        assert_eq!(
            store.measure(measure_id).unwrap().status,
            MeasureStatus::Completed
        );
    }
    assert!(store.close_outs(None).unwrap().is_empty());

    attach(store, with_evidence, &photo, "");
    apply(store, &close_out(with_evidence, ""));
    apply(
        store,
        &close_out(with_reason, " 制度已在全体会议上宣读，无书面材料 "),
    );

    assert_eq!(
        store.measure(with_evidence).unwrap().status,
        MeasureStatus::Closed
    );
    assert_eq!(
        store.measure(with_reason).unwrap().status,
        MeasureStatus::Closed
    );
    let close_outs = store.close_outs(None).unwrap();
    assert_eq!(close_outs.len(), 2);
    assert_eq!(close_outs[0].measure_id, with_evidence);
    assert_eq!(close_outs[0].verifier, "赵敏");
    assert_eq!(close_outs[0].closed_on, day(2026, 7, 5));
    assert_eq!(close_outs[0].opinion, "经实地核验，已整改到位");
    assert_eq!(close_outs[0].no_evidence_reason, "");
    assert_eq!(
        store.close_outs(Some(with_reason)).unwrap()[0].no_evidence_reason,
        "制度已在全体会议上宣读，无书面材料"
    );

    // A closed measure is final.
    let evidence_id = store.evidence(Some(with_evidence)).unwrap()[0].id;
    for command in [
        close_out(with_evidence, ""),
        Command::ChangeMeasureStatus {
            measure_id: with_evidence,
            status: MeasureStatus::InProgress,
        },
        Command::UpdateMeasure {
            measure_id: with_evidence,
            draft: measure_draft(fx.problem_id, None),
        },
        Command::RemoveEvidence { evidence_id },
        Command::AddProgressNote(zhenggai::domain::ProgressNoteDraft {
            measure_id: with_evidence,
            noted_on: day(2026, 7, 6),
            text: "补充说明".into(),
        }),
    ] {
        let err = refused(store, &command);
        assert!(
            matches!(
                err,
                StoreError::Domain(
                    DomainError::MeasureClosed | DomainError::IllegalTransition { .. }
                )
            ),
            "{}: {err:?}",
            command.code()
        );
    }
}

#[test]
fn extension_moves_the_deadline_and_keeps_the_old_one() {
    let mut fx = Fixture::new();
    let store = &mut fx.store;
    let measure_id = add_measure(
        store,
        measure_draft(fx.problem_id, Some(Deadline::Date(day(2026, 6, 30)))),
    );
    let long_term = add_measure(
        store,
        measure_draft(fx.problem_id, Some(Deadline::LongTerm)),
    );
    let first = extend(store, measure_id, day(2026, 8, 31));
    let second = extend(store, measure_id, day(2026, 9, 30));

    assert_eq!(
        store.measure(measure_id).unwrap().deadline,
        Some(Deadline::Date(day(2026, 9, 30)))
    );
    let extensions = store.extensions(Some(measure_id)).unwrap();
    let read: Vec<_> = extensions
        .iter()
        .map(|e| (e.id, e.old_deadline, e.new_deadline))
        .collect();
    assert_eq!(
        read,
        [
            (first, day(2026, 6, 30), day(2026, 8, 31)),
            (second, day(2026, 8, 31), day(2026, 9, 30)),
        ]
    );
    assert_eq!(extensions[0].reason, "需财政资金配套，采购流程较长");
    assert_eq!(extensions[0].approver, "王建国");
    assert_eq!(extensions[0].approved_on, day(2026, 6, 20));

    let draft = |measure_id, new_deadline| {
        Command::ExtendDeadline(zhenggai::domain::ExtensionDraft {
            measure_id,
            new_deadline,
            reason: "理由".into(),
            approver: "王建国".into(),
            approved_on: day(2026, 6, 20),
        })
    };
    let err = refused(store, &draft(long_term, day(2026, 12, 31)));
    assert!(
        matches!(
            err,
            StoreError::Domain(DomainError::ExtensionWithoutDeadline)
        ),
        "{err:?}"
    );
    assert_eq!(
        store.measure(long_term).unwrap().deadline,
        Some(Deadline::LongTerm)
    );
    let err = refused(store, &draft(measure_id, day(2026, 9, 30)));
    assert!(
        matches!(
            err,
            StoreError::Domain(DomainError::ExtensionNotLater { .. })
        ),
        "{err:?}"
    );
    assert_eq!(store.extensions(None).unwrap().len(), 2);
}

#[test]
fn commitments_are_added_updated_and_deleted() {
    let mut fx = Fixture::new();
    let store = &mut fx.store;
    let first = add_commitment(
        store,
        commitment_draft(" 办事群众一次性告知 ", Some(day(2026, 9, 30))),
    );
    let second = add_commitment(store, commitment_draft("窗口服务零推诿", None));
    let all = store.commitments().unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].id, first);
    assert_eq!(all[0].content, "办事群众一次性告知");
    assert_eq!(all[0].audience, "服务对象");
    assert_eq!(all[0].publicity, "门户网站公示");
    assert_eq!(all[0].due_on, Some(day(2026, 9, 30)));
    assert_eq!(all[0].state, CommitmentState::Pending);
    assert_eq!(all[1].due_on, None);

    let mut update = commitment_draft("办事群众一次性告知到位", Some(day(2026, 10, 31)));
    update.state = CommitmentState::Honoured;
    update.audience = "社会各界".into();
    apply(
        store,
        &Command::UpdateCommitment {
            commitment_id: first,
            draft: update,
        },
    );
    let updated = &store.commitments().unwrap()[0];
    assert_eq!(updated.content, "办事群众一次性告知到位");
    assert_eq!(updated.audience, "社会各界");
    assert_eq!(updated.due_on, Some(day(2026, 10, 31)));
    assert_eq!(updated.state, CommitmentState::Honoured);

    apply(
        store,
        &Command::DeleteCommitment {
            commitment_id: second,
        },
    );
    let ids: Vec<_> = store.commitments().unwrap().iter().map(|c| c.id).collect();
    assert_eq!(ids, [first]);
    let err = refused(
        store,
        &Command::UpdateCommitment {
            commitment_id: second,
            draft: commitment_draft("x", None),
        },
    );
    assert!(matches!(err, StoreError::NotFound { .. }), "{err:?}");
    let err = refused(
        store,
        &Command::DeleteCommitment {
            commitment_id: second,
        },
    );
    assert!(matches!(err, StoreError::NotFound { .. }), "{err:?}");
}

#[test]
fn rules_link_problems_and_lose_links_of_deleted_problems() {
    let mut fx = Fixture::new();
    let store = &mut fx.store;
    let second = add_problem(store, problem_draft(None, "首问责任制落实不力"));
    let third = add_problem(store, problem_draft(None, "审批流程欠科学"));
    let rule_id = add_rule(
        store,
        RuleDraft {
            name: " 《首问负责制实施办法》 ".into(),
            kind: RuleKind::New,
            doc_number: "审批发〔2026〕12号".into(),
            issued_on: Some(day(2026, 6, 15)),
            note: "覆盖全部窗口".into(),
            problem_ids: vec![third, fx.problem_id, third],
        },
    );
    let rules = store.rules().unwrap();
    assert_eq!(rules.len(), 1);
    let rule = &rules[0];
    assert_eq!(rule.id, rule_id);
    assert_eq!(rule.name, "《首问负责制实施办法》");
    assert_eq!(rule.kind, RuleKind::New);
    assert_eq!(rule.doc_number, "审批发〔2026〕12号");
    assert_eq!(rule.issued_on, Some(day(2026, 6, 15)));
    assert_eq!(rule.note, "覆盖全部窗口");
    assert_eq!(
        rule.problem_ids,
        [fx.problem_id, third],
        "sorted, no duplicates"
    );

    apply(
        store,
        &Command::UpdateRule {
            rule_id,
            draft: RuleDraft {
                name: "《首问负责制实施办法（修订）》".into(),
                kind: RuleKind::Revised,
                doc_number: String::new(),
                issued_on: None,
                note: String::new(),
                problem_ids: vec![second, third],
            },
        },
    );
    let rule = &store.rules().unwrap()[0];
    assert_eq!(rule.name, "《首问负责制实施办法（修订）》");
    assert_eq!(rule.kind, RuleKind::Revised);
    assert_eq!(rule.issued_on, None);
    assert_eq!(rule.problem_ids, [second, third]);

    // Deleting a problem removes its link, not the rule.
    apply(store, &Command::DeleteProblem { problem_id: third });
    assert_eq!(store.rules().unwrap()[0].problem_ids, [second]);
    assert!(store.check().unwrap().is_ok());

    apply(store, &Command::DeleteRule { rule_id });
    assert!(store.rules().unwrap().is_empty());
    assert_eq!(
        common::count_rows(&fx.path, "SELECT count(*) FROM rule_problem"),
        0
    );
    let err = refused(store, &Command::DeleteRule { rule_id });
    assert!(matches!(err, StoreError::NotFound { .. }), "{err:?}");
}

#[test]
fn deleting_a_problem_cascades_to_everything_on_it() {
    let mut fx = Fixture::new();
    let photo = fx.write_file("照片.jpg", &noise(10_000, 9));
    let store = &mut fx.store;
    let keep = add_problem(store, problem_draft(None, "首问责任制落实不力"));
    let kept_measure = add_measure(store, measure_draft(keep, None));
    let measure_id = add_measure(
        store,
        measure_draft(fx.problem_id, Some(Deadline::Date(day(2026, 6, 30)))),
    );
    add_note(store, measure_id, day(2026, 5, 1), "已部署");
    attach(store, measure_id, &photo, "");
    extend(store, measure_id, day(2026, 7, 31));
    move_status(
        store,
        measure_id,
        &[MeasureStatus::InProgress, MeasureStatus::Completed],
    );
    apply(store, &close_out(measure_id, ""));

    apply(
        store,
        &Command::DeleteProblem {
            problem_id: fx.problem_id,
        },
    );
    let ids: Vec<_> = store.measures().unwrap().iter().map(|m| m.id).collect();
    assert_eq!(ids, [kept_measure]);
    assert!(store.progress_notes(None).unwrap().is_empty());
    assert!(store.evidence(None).unwrap().is_empty());
    assert!(store.extensions(None).unwrap().is_empty());
    assert!(store.close_outs(None).unwrap().is_empty());
    let report = store.check().unwrap();
    assert!(report.is_ok(), "{report:?}");
}

fn sign_off_draft() -> SignOffDraft {
    SignOffDraft {
        preparer: "李娜".into(),
        reviewer: "周强".into(),
        leader: "王建国".into(),
    }
}

#[test]
fn sign_off_freezes_numbered_revisions() {
    let mut fx = Fixture::new();
    let store = &mut fx.store;
    assert!(store.sign_offs().unwrap().is_empty());
    // The fixture's problem needs a measure before the pre-submission check lets it through.
    add_measure(
        store,
        measure_draft(fx.problem_id, Some(Deadline::LongTerm)),
    );
    let at_first = store.snapshot().unwrap().canonical_json().unwrap();
    assert_eq!(
        apply(store, &Command::SignOff(sign_off_draft())),
        RecordRef::Revision(1)
    );
    add_measure(
        store,
        measure_draft(fx.problem_id, Some(Deadline::Date(day(2026, 9, 30)))),
    );
    let at_second = store.snapshot().unwrap().canonical_json().unwrap();
    assert_eq!(
        apply(store, &Command::SignOff(sign_off_draft())),
        RecordRef::Revision(2)
    );

    let sign_offs = store.sign_offs().unwrap();
    let numbers: Vec<_> = sign_offs.iter().map(|s| s.revision).collect();
    assert_eq!(numbers, [1, 2]);
    assert_eq!(sign_offs[0].preparer, "李娜");
    assert_eq!(sign_offs[0].reviewer, "周强");
    assert_eq!(sign_offs[0].leader, "王建国");
    assert!(
        chrono::DateTime::parse_from_rfc3339(&sign_offs[0].signed_at).is_ok(),
        "{}",
        sign_offs[0].signed_at
    );

    for (number, expected_json) in [(1, &at_first), (2, &at_second)] {
        let revision = store.revision(number).unwrap();
        assert_eq!(revision.sign_off, sign_offs[number as usize - 1]);
        assert_eq!(&revision.canonical_json, expected_json);
        assert_eq!(
            sha256_hex(&revision.canonical_json),
            revision.sign_off.data_sha256
        );
        let parsed: Snapshot = serde_json::from_str(&revision.canonical_json).unwrap();
        assert_eq!(parsed.unit.unwrap().name, "某县行政审批局");
    }
    assert_ne!(sign_offs[0].data_sha256, sign_offs[1].data_sha256);
    let err = store.revision(3).unwrap_err();
    assert!(matches!(err, StoreError::NotFound { id: 3, .. }), "{err:?}");

    // Revisions are frozen even against raw SQL.
    let conn = common::raw(&fx.path);
    for sql in [
        "UPDATE revision SET leader = '冒名' WHERE number = 1",
        "UPDATE revision SET canonical_json = '{}' WHERE number = 2",
        "DELETE FROM revision WHERE number = 1",
    ] {
        let err = conn.execute(sql, []).unwrap_err();
        assert!(err.to_string().contains("报送版本已冻结"), "{sql}: {err}");
    }
    drop(conn);
    assert_eq!(store.sign_offs().unwrap(), sign_offs);
    assert!(store.check().unwrap().is_ok());
}

#[test]
fn snapshot_is_stable_across_reopening() {
    let fx = Fixture::new();
    let before = fx.store.snapshot().unwrap().canonical_json().unwrap();
    fx.store.close().unwrap();
    let store = Store::open(&fx.path).unwrap();
    assert_eq!(store.snapshot().unwrap().canonical_json().unwrap(), before);
}
