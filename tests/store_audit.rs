//! The audit log: one entry per edit, none for a refusal, a verifiable hash chain, triggers that
//! refuse changes, and `check` naming the entry that was tampered with.

// Helper functions of an integration test crate are test code too, but clippy only exempts
// `#[test]` functions from these lints.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeSet;

use common::{
    Fixture, add_measure, apply, campaign_draft, commitment_draft, day, measure_draft, noise,
    problem_draft, raw, temp_db, unit_draft,
};
use zhenggai::domain::audit::GENESIS_HASH;
use zhenggai::domain::{
    CategoryDraft, CloseOutDraft, Command, Deadline, ExtensionDraft, MeasureStatus,
    ProgressNoteDraft, RecordRef, RuleDraft, RuleKind, SignOffDraft,
};
use zhenggai::store::{Store, StoreError};

/// Applies `command` and checks it appended exactly one well-formed entry after the old head.
fn apply_audited(store: &mut Store, command: &Command) -> RecordRef {
    let before = store.audit_entries().unwrap();
    let head = store.audit_head().unwrap();
    let target = apply(store, command);
    let after = store.audit_entries().unwrap();
    assert_eq!(
        after.len(),
        before.len() + 1,
        "{} must write exactly one entry",
        command.code()
    );
    assert_eq!(
        &after[..before.len()],
        &before[..],
        "older entries unchanged"
    );
    let entry = after.last().unwrap();
    assert_eq!(entry.seq, after.len() as i64);
    assert_eq!(entry.action, command.code());
    assert_eq!(entry.target, target.to_string());
    assert_eq!(entry.prev_hash, head);
    assert_eq!(entry.hash, entry.expected_hash());
    assert_eq!(store.audit_head().unwrap(), entry.hash);
    assert!(
        chrono::DateTime::parse_from_rfc3339(&entry.at).is_ok(),
        "{}",
        entry.at
    );
    let details: serde_json::Value = serde_json::from_str(&entry.details).unwrap();
    assert_eq!(details["command"], command.code());
    target
}

#[test]
fn every_command_writes_exactly_one_entry_and_the_chain_verifies() {
    let (dir, path) = temp_db();
    let file = dir.path().join("佐证.pdf");
    std::fs::write(&file, noise(50_000, 5)).unwrap();
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.audit_head().unwrap(), GENESIS_HASH);
    let s = &mut store;

    let RecordRef::Unit(_) = apply_audited(s, &Command::InitUnit(unit_draft())) else {
        panic!()
    };
    let mut unit = unit_draft();
    unit.leader = "赵敏".into();
    apply_audited(s, &Command::UpdateUnit(unit));
    let RecordRef::Campaign(campaign_id) =
        apply_audited(s, &Command::CreateCampaign(campaign_draft()))
    else {
        panic!()
    };
    let mut campaign = campaign_draft();
    campaign.title = "作风建设专项活动".into();
    apply_audited(
        s,
        &Command::UpdateCampaign {
            campaign_id,
            draft: campaign,
        },
    );
    let RecordRef::Category(area) = apply_audited(
        s,
        &Command::AddCategory(CategoryDraft {
            parent_id: None,
            name: "放管服".into(),
        }),
    ) else {
        panic!()
    };
    let RecordRef::Category(spare) = apply_audited(
        s,
        &Command::AddCategory(CategoryDraft {
            parent_id: None,
            name: "备用".into(),
        }),
    ) else {
        panic!()
    };
    apply_audited(
        s,
        &Command::RenameCategory {
            category_id: area,
            name: "放管服改革".into(),
        },
    );
    apply_audited(s, &Command::DeleteCategory { category_id: spare });
    let RecordRef::Problem(problem_id) =
        apply_audited(s, &Command::AddProblem(problem_draft(Some(area), "审批慢")))
    else {
        panic!()
    };
    let RecordRef::Problem(doomed) =
        apply_audited(s, &Command::AddProblem(problem_draft(None, "临时问题")))
    else {
        panic!()
    };
    apply_audited(
        s,
        &Command::UpdateProblem {
            problem_id,
            draft: problem_draft(Some(area), "审批环节多"),
        },
    );
    apply_audited(s, &Command::DeleteProblem { problem_id: doomed });
    let deadline = Some(Deadline::Date(day(2026, 6, 30)));
    let RecordRef::Measure(measure_id) =
        apply_audited(s, &Command::AddMeasure(measure_draft(problem_id, deadline)))
    else {
        panic!()
    };
    let RecordRef::Measure(spare_measure) =
        apply_audited(s, &Command::AddMeasure(measure_draft(problem_id, None)))
    else {
        panic!()
    };
    apply_audited(
        s,
        &Command::UpdateMeasure {
            measure_id: spare_measure,
            draft: measure_draft(problem_id, Some(Deadline::LongTerm)),
        },
    );
    apply_audited(
        s,
        &Command::DeleteMeasure {
            measure_id: spare_measure,
        },
    );
    apply_audited(
        s,
        &Command::ChangeMeasureStatus {
            measure_id,
            status: MeasureStatus::InProgress,
        },
    );
    let RecordRef::ProgressNote(note_id) = apply_audited(
        s,
        &Command::AddProgressNote(ProgressNoteDraft {
            measure_id,
            noted_on: day(2026, 5, 1),
            text: "已部署".into(),
        }),
    ) else {
        panic!()
    };
    apply_audited(s, &Command::DeleteProgressNote { note_id });
    let attach = common::attach_command(measure_id, &file, "");
    let RecordRef::Evidence(evidence_id) = apply_audited(s, &attach) else {
        panic!()
    };
    apply_audited(s, &Command::RemoveEvidence { evidence_id });
    apply_audited(s, &attach);
    apply_audited(
        s,
        &Command::ExtendDeadline(ExtensionDraft {
            measure_id,
            new_deadline: day(2026, 8, 31),
            reason: "需配套资金".into(),
            approver: "王建国".into(),
            approved_on: day(2026, 6, 25),
        }),
    );
    apply_audited(
        s,
        &Command::ChangeMeasureStatus {
            measure_id,
            status: MeasureStatus::Completed,
        },
    );
    apply_audited(
        s,
        &Command::CloseOutMeasure(CloseOutDraft {
            measure_id,
            verifier: "赵敏".into(),
            closed_on: day(2026, 9, 1),
            opinion: "已整改到位".into(),
            no_evidence_reason: String::new(),
        }),
    );
    let RecordRef::Commitment(commitment_id) = apply_audited(
        s,
        &Command::AddCommitment(commitment_draft("一次性告知", None)),
    ) else {
        panic!()
    };
    apply_audited(
        s,
        &Command::UpdateCommitment {
            commitment_id,
            draft: commitment_draft("一次性告知到位", Some(day(2026, 12, 31))),
        },
    );
    apply_audited(s, &Command::DeleteCommitment { commitment_id });
    let rule = RuleDraft {
        name: "《首问负责制》".into(),
        kind: RuleKind::New,
        doc_number: String::new(),
        issued_on: None,
        note: String::new(),
        problem_ids: vec![problem_id],
    };
    let RecordRef::Rule(rule_id) = apply_audited(s, &Command::AddRule(rule.clone())) else {
        panic!()
    };
    apply_audited(
        s,
        &Command::UpdateRule {
            rule_id,
            draft: RuleDraft {
                kind: RuleKind::Revised,
                ..rule
            },
        },
    );
    apply_audited(s, &Command::DeleteRule { rule_id });
    let target = apply_audited(
        s,
        &Command::SignOff(SignOffDraft {
            preparer: "李娜".into(),
            reviewer: "周强".into(),
            leader: "王建国".into(),
        }),
    );
    assert_eq!(target, RecordRef::Revision(1));

    let entries = store.audit_entries().unwrap();
    let codes: BTreeSet<&str> = entries.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(codes.len(), 27, "every command kind was audited: {codes:?}");
    assert_eq!(entries[0].prev_hash, GENESIS_HASH);
    let report = store.check().unwrap();
    assert!(report.is_ok(), "{report:?}");
    assert_eq!(report.audit_entries, entries.len());

    // The chain survives closing and reopening.
    store.close().unwrap();
    let store = Store::open_read_only(&path).unwrap();
    assert_eq!(store.audit_entries().unwrap(), entries);
    assert!(store.check().unwrap().is_ok());
}

#[test]
fn details_record_what_the_user_entered() {
    let mut fx = Fixture::new();
    let entries = fx.store.audit_entries().unwrap();
    let add_problem = entries.last().unwrap();
    assert_eq!(add_problem.action, "add_problem");
    assert_eq!(add_problem.target, format!("problem:{}", fx.problem_id));
    let details: serde_json::Value = serde_json::from_str(&add_problem.details).unwrap();
    assert_eq!(
        details["description"],
        "窗口人员授权不足，群众办事需多次往返"
    );
    let measure_id = add_measure(&mut fx.store, measure_draft(fx.problem_id, None));
    let entry = fx.store.audit_entries().unwrap().pop().unwrap();
    assert_eq!(entry.target, format!("measure:{measure_id}"));
}

#[test]
fn refused_edits_and_failed_batches_write_no_entry() {
    let mut fx = Fixture::new();
    let store = &mut fx.store;
    let before = store.audit_entries().unwrap().len();
    let err = common::refused(store, &Command::AddProblem(problem_draft(None, "   ")));
    assert!(matches!(err, StoreError::Domain(_)), "{err:?}");
    assert_eq!(store.audit_entries().unwrap().len(), before);

    // A batch whose work fails writes nothing at all, not even the commands that succeeded.
    let problem_id = fx.problem_id;
    let result = store.batch(|batch| {
        batch.apply(&Command::AddMeasure(measure_draft(problem_id, None)))?;
        batch.apply(&Command::AddProblem(problem_draft(None, "")))?;
        Ok::<_, StoreError>(())
    });
    assert!(result.is_err());
    assert_eq!(store.audit_entries().unwrap().len(), before);
    assert!(store.measures().unwrap().is_empty());

    // A batch that tolerates one failing command keeps the others, each with its own entry.
    let outcome = store
        .batch(|batch| {
            batch.apply(&Command::AddMeasure(measure_draft(problem_id, None)))?;
            let refused = batch
                .apply(&Command::AddProblem(problem_draft(None, "")))
                .is_err();
            batch.apply(&Command::AddMeasure(measure_draft(problem_id, None)))?;
            Ok::<_, StoreError>(refused)
        })
        .unwrap();
    assert!(outcome, "the blank problem was refused inside the batch");
    let entries = store.audit_entries().unwrap();
    assert_eq!(entries.len(), before + 2);
    assert_eq!(store.measures().unwrap().len(), 2);
    assert_eq!(store.problems().unwrap().len(), 1);
    assert!(store.check().unwrap().is_ok());
}

/// A database with a few audit entries, closed, for tampering.
fn closed_fixture() -> (tempfile::TempDir, std::path::PathBuf, usize) {
    let mut fx = Fixture::new();
    add_measure(&mut fx.store, measure_draft(fx.problem_id, None));
    let entries = fx.store.audit_entries().unwrap().len();
    assert!(entries >= 5);
    fx.store.close().unwrap();
    (fx.dir, fx.path, entries)
}

fn audit_findings(path: &std::path::Path) -> Vec<String> {
    let store = Store::open_read_only(path).unwrap();
    let report = store.check().unwrap();
    assert!(
        report.findings.iter().all(|f| f.check == "audit"),
        "{report:?}"
    );
    report.findings.into_iter().map(|f| f.message).collect()
}

#[test]
fn triggers_refuse_changing_or_removing_entries() {
    let (_dir, path, entries) = closed_fixture();
    let conn = raw(&path);
    let err = conn
        .execute("UPDATE audit_log SET details = '{}' WHERE seq = 2", [])
        .unwrap_err();
    assert!(err.to_string().contains("只能追加"), "{err}");
    let err = conn
        .execute("DELETE FROM audit_log WHERE seq = 2", [])
        .unwrap_err();
    assert!(err.to_string().contains("只能追加"), "{err}");
    let err = conn.execute("DELETE FROM audit_log", []).unwrap_err();
    assert!(err.to_string().contains("只能追加"), "{err}");
    drop(conn);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.audit_entries().unwrap().len(), entries);
    assert!(store.check().unwrap().is_ok());
}

#[test]
fn check_names_an_entry_whose_details_were_changed() {
    let (_dir, path, _) = closed_fixture();
    let conn = raw(&path);
    conn.execute_batch("DROP TRIGGER audit_log_no_update")
        .unwrap();
    let changed = conn
        .execute(
            "UPDATE audit_log SET details = replace(details, '窗口授权不到位', '无关类别')
             WHERE seq = 4",
            [],
        )
        .unwrap();
    assert_eq!(changed, 1);
    drop(conn);

    let findings = audit_findings(&path);
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert!(findings[0].contains("第 4 条"), "{}", findings[0]);
    assert!(findings[0].contains("add_category"), "{}", findings[0]);
    common::assert_chinese(&findings[0]);
}

#[test]
fn check_finds_a_rehashed_entry_through_its_successor() {
    let (_dir, path, _) = closed_fixture();
    let conn = raw(&path);
    conn.execute_batch("DROP TRIGGER audit_log_no_update")
        .unwrap();
    // A forger who also recomputes the changed entry's own hash still breaks the next link.
    let mut entry = Store::open_read_only(&path)
        .unwrap()
        .audit_entries()
        .unwrap()[0]
        .clone();
    entry.details = entry.details.replace("王建国", "李四");
    assert!(entry.details.contains("李四"));
    let forged = entry.expected_hash();
    conn.execute(
        "UPDATE audit_log SET details = ?1, hash = ?2 WHERE seq = 1",
        rusqlite::params![entry.details, forged],
    )
    .unwrap();
    drop(conn);
    let findings = audit_findings(&path);
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert!(findings[0].contains("第 2 条"), "{}", findings[0]);
}

#[test]
fn check_finds_a_removed_entry() {
    let (_dir, path, _) = closed_fixture();
    let conn = raw(&path);
    conn.execute_batch("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 2")
        .unwrap();
    drop(conn);
    let findings = audit_findings(&path);
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert!(findings[0].contains("第 2 条"), "{}", findings[0]);
}

#[test]
fn the_audit_entry_of_an_attachment_records_name_size_and_sha256_not_path_or_bytes() {
    let mut fx = Fixture::new();
    let bytes = noise(30_000, 29);
    let file = fx.write_file("现场照片.jpg", &bytes);
    let measure_id = add_measure(&mut fx.store, measure_draft(fx.problem_id, None));
    let command = common::attach_command(measure_id, &file, "");
    let RecordRef::Evidence(evidence_id) = apply_audited(&mut fx.store, &command) else {
        panic!("not an attachment");
    };
    let entry = fx.store.audit_entries().unwrap().pop().unwrap();
    assert_eq!(entry.target, RecordRef::Evidence(evidence_id).to_string());
    let details: serde_json::Value = serde_json::from_str(&entry.details).unwrap();
    assert_eq!(
        details["file"],
        serde_json::json!({
            "file_name": "现场照片.jpg",
            "sha256": common::sha256_of(&bytes),
            "size": 30_000,
        })
    );
    assert_eq!(details["measure_id"], measure_id.0);
    // The folder the file came from is nowhere in the entry, nor are its bytes in any form.
    let folder = fx.dir.path().to_string_lossy().into_owned();
    assert!(!entry.details.contains(&folder), "{}", entry.details);
    assert!(entry.details.len() < 512, "{}", entry.details);
    assert!(fx.store.check().unwrap().is_ok());
}

#[test]
fn check_finds_a_changed_revision_and_changed_evidence_bytes() {
    let mut fx = Fixture::new();
    let file = fx.write_file("照片.jpg", &noise(30_000, 23));
    // A long-term measure, so the pre-submission check lets the sign-off through.
    let measure_id = add_measure(
        &mut fx.store,
        measure_draft(fx.problem_id, Some(Deadline::LongTerm)),
    );
    common::attach(&mut fx.store, measure_id, &file, "");
    apply(
        &mut fx.store,
        &Command::SignOff(SignOffDraft {
            preparer: "李娜".into(),
            reviewer: "周强".into(),
            leader: "王建国".into(),
        }),
    );
    assert!(fx.store.check().unwrap().is_ok());
    fx.store.close().unwrap();

    let conn = raw(&fx.path);
    conn.execute_batch(
        "DROP TRIGGER revision_no_update;
         UPDATE revision SET canonical_json = replace(canonical_json, '王建国', '李四');
         UPDATE file_blob SET data = zeroblob(length(data));",
    )
    .unwrap();
    drop(conn);

    let store = Store::open_read_only(&fx.path).unwrap();
    let report = store.check().unwrap();
    let checks: Vec<_> = report.findings.iter().map(|f| f.check).collect();
    assert_eq!(checks, ["revision", "evidence"], "{report:?}");
    assert!(
        report.findings[0].message.contains("报送版本 1"),
        "{report:?}"
    );
    // The audit chain itself is intact: the tampering bypassed the store.
    assert_eq!(report.audit_entries, store.audit_entries().unwrap().len());
}

#[test]
fn check_finds_a_revision_rewritten_with_a_matching_fingerprint() {
    let mut fx = Fixture::new();
    add_measure(
        &mut fx.store,
        measure_draft(fx.problem_id, Some(Deadline::LongTerm)),
    );
    apply(
        &mut fx.store,
        &Command::SignOff(SignOffDraft {
            preparer: "李娜".into(),
            reviewer: "周强".into(),
            leader: "王建国".into(),
        }),
    );
    let revision = fx.store.revision(1).unwrap();
    let entry = fx.store.audit_entries().unwrap().pop().unwrap();
    let details: serde_json::Value = serde_json::from_str(&entry.details).unwrap();
    assert_eq!(details["data_sha256"], revision.sign_off.data_sha256);
    assert!(fx.store.check().unwrap().is_ok());
    fx.store.close().unwrap();

    // A forger rewrites the frozen data and its fingerprint together.
    let forged = revision.canonical_json.replace("王建国", "李四");
    let conn = raw(&fx.path);
    conn.execute_batch("DROP TRIGGER revision_no_update;")
        .unwrap();
    conn.execute(
        "UPDATE revision SET canonical_json = ?1, data_sha256 = ?2 WHERE number = 1",
        rusqlite::params![forged, zhenggai::domain::snapshot::sha256_hex(&forged)],
    )
    .unwrap();
    drop(conn);

    let report = Store::open_read_only(&fx.path).unwrap().check().unwrap();
    assert_eq!(report.findings.len(), 1, "{report:?}");
    assert_eq!(report.findings[0].check, "revision");
    assert!(
        report.findings[0].message.contains("操作日志"),
        "{report:?}"
    );
}
