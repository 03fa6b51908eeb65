//! The superior office's aggregate: receiving bundles (idempotent, newer supersedes, older
//! refused, key pinned on first use), refusing hostile ones without any change, the summary
//! across units, and the receipt round trip.

// Helpers outside `#[test]` functions build fixtures; a failure there should panic loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use common::{day, signed_demo};
use tempfile::TempDir;
use zhenggai::bundle::receipt::{read_receipt, write_receipt};
use zhenggai::bundle::{BundleError, ReceiveOutcome, ReceivedBundle, export_bundle, verify_bundle};
use zhenggai::domain::{Command, OfficeDraft, RecordRef, UnitDraft};
use zhenggai::store::{Store, StoreError};

/// Two units' bundles: 甲 revisions 1 and 2, 乙 revision 1.
struct Units {
    dir: TempDir,
    a_db: PathBuf,
    a1: PathBuf,
    a2: PathBuf,
    b1: PathBuf,
}

fn units() -> Units {
    let dir = tempfile::tempdir().unwrap();
    let a_db = dir.path().join("甲.sqlite");
    let store = signed_demo(&a_db, "市行政审批局", 2);
    let a1 = dir.path().join("甲-r1.zip");
    let a2 = dir.path().join("甲-r2.zip");
    export_bundle(&store, Some(1), &a1, &mut |_| {
        std::ops::ControlFlow::Continue(())
    })
    .unwrap();
    export_bundle(&store, Some(2), &a2, &mut |_| {
        std::ops::ControlFlow::Continue(())
    })
    .unwrap();
    store.close().unwrap();
    let b_db = dir.path().join("乙.sqlite");
    let store = signed_demo(&b_db, "市市场监管局", 1);
    let b1 = dir.path().join("乙-r1.zip");
    export_bundle(&store, None, &b1, &mut |_| {
        std::ops::ControlFlow::Continue(())
    })
    .unwrap();
    Units {
        dir,
        a_db,
        a1,
        a2,
        b1,
    }
}

fn aggregate(dir: &Path, name: &str) -> Store {
    let mut store = Store::open(&dir.join(name)).unwrap();
    store
        .apply(&Command::InitOffice(OfficeDraft {
            name: "市作风办".into(),
        }))
        .unwrap();
    store
}

/// Receives the bundle at `path` as the desktop app and the command line do.
fn receive(store: &mut Store, path: &Path) -> ReceiveOutcome {
    zhenggai::bundle::receive(store, path, false)
}

/// The bundle received, or a panic naming what happened instead.
fn received(outcome: ReceiveOutcome) -> ReceivedBundle {
    match outcome {
        ReceiveOutcome::Received(received) => received,
        other => panic!("not received: {other:?}"),
    }
}

/// The store's reason for refusing, or a panic naming what happened instead.
fn refused_by_store(outcome: ReceiveOutcome) -> StoreError {
    match outcome {
        ReceiveOutcome::Refused(BundleError::Store(err)) => err,
        other => panic!("not refused by the store: {other:?}"),
    }
}

/// Everything an import could change: the audit chain and every received row.
fn state(store: &Store) -> (usize, String, String) {
    (
        store.audit_entries().unwrap().len(),
        store.audit_head().unwrap(),
        format!("{:?}", store.received_revisions().unwrap()),
    )
}

#[test]
fn bundles_are_received_once_and_summed_per_unit() {
    let units = units();
    let mut agg = aggregate(units.dir.path(), "agg.sqlite");
    received(receive(&mut agg, &units.a1));
    received(receive(&mut agg, &units.b1));
    let summary = agg.aggregate_summary(day(2026, 6, 15)).unwrap();
    assert_eq!(summary.total.units, 2);
    assert_eq!(summary.per_unit.len(), 2);
    assert_eq!(summary.total.problems, 24);
    let measures: u64 = summary
        .per_unit
        .iter()
        .map(|unit| unit.summary.measures)
        .sum();
    assert_eq!(summary.total.measures, measures);
    assert_eq!(summary.total.measures_by_status.total(), measures);
    assert_eq!(summary.total.revision, None);
    assert!(
        summary
            .per_unit
            .iter()
            .all(|unit| unit.summary.revision == Some(1))
    );

    // The same bundle again changes nothing.
    let before = state(&agg);
    let outcome = receive(&mut agg, &units.a1);
    assert!(
        matches!(&outcome, ReceiveOutcome::Unchanged { unit, revision: 1 } if unit == "市行政审批局"),
        "{outcome:?}"
    );
    let reason = outcome.reason().unwrap();
    assert!(reason.contains("未作改动"), "{reason}");
    assert_eq!(state(&agg), before);
}

#[test]
fn a_newer_revision_supersedes_and_an_older_one_is_refused() {
    let units = units();
    let mut agg = aggregate(units.dir.path(), "agg.sqlite");
    let first = received(receive(&mut agg, &units.a1));
    assert_eq!((first.unit.as_str(), first.revision), ("市行政审批局", 1));
    assert!(matches!(first.comparison, Ok(None)), "{first:?}");
    let second = received(receive(&mut agg, &units.a2));
    let latest = agg.latest_received().unwrap();
    assert_eq!(latest.len(), 1);
    assert_eq!((latest[0].id, latest[0].revision), (second.id, 2));
    assert_eq!(second.signed_at, latest[0].signed_at);
    let comparison = second.comparison.unwrap().unwrap();
    assert_eq!(comparison.previous_revision, 1);
    let before = agg.received_before("市行政审批局", 2).unwrap().unwrap();
    let diff = zhenggai::domain::revision_diff::diff_snapshots(
        &agg.received_snapshot(before.id).unwrap(),
        &agg.received_snapshot(second.id).unwrap(),
    );
    assert_eq!(
        comparison.diff, diff,
        "the outcome compares the stored revisions"
    );
    // Between the two sign-offs the unit added exactly one progress note.
    assert!(!diff.is_empty());
    assert!(
        diff.changes
            .iter()
            .all(|change| change.label.contains("措施")),
        "{diff:?}"
    );

    let mut reversed = aggregate(units.dir.path(), "reversed.sqlite");
    received(receive(&mut reversed, &units.a2));
    let before = state(&reversed);
    let err = refused_by_store(receive(&mut reversed, &units.a1));
    assert!(
        matches!(
            err,
            StoreError::OlderRevision {
                offered: 1,
                latest: 2,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("旧"), "{err}");
    assert_eq!(state(&reversed), before);
}

#[test]
fn another_key_for_a_known_unit_needs_an_explicit_replacement() {
    let units = units();
    let mut agg = aggregate(units.dir.path(), "agg.sqlite");
    received(receive(&mut agg, &units.a1));
    // A database under the same unit name but with its own key pair (a reinstalled PC, or an
    // impostor) signs a revision 3.
    let other_db = units.dir.path().join("冒名.sqlite");
    let other = signed_demo(&other_db, "市行政审批局", 3);
    let forged = units.dir.path().join("冒名-r3.zip");
    export_bundle(&other, None, &forged, &mut |_| {
        std::ops::ControlFlow::Continue(())
    })
    .unwrap();
    let before = state(&agg);
    let offered = other.unit_key().unwrap().unwrap().key_id;
    let outcome = receive(&mut agg, &forged);
    assert!(
        matches!(&outcome, ReceiveOutcome::KeyChanged { unit, offered: key, .. }
            if unit == "市行政审批局" && key.starts_with(&offered)),
        "{outcome:?}"
    );
    let reason = outcome.reason().unwrap();
    assert!(reason.contains("更换密钥"), "{reason}");
    assert_eq!(state(&agg), before);

    let replaced = received(zhenggai::bundle::receive(&mut agg, &forged, true));
    assert_eq!(replaced.revision, 3);
    let latest = agg.latest_received().unwrap();
    assert_eq!(latest[0].revision, 3);
    assert_eq!(latest[0].key_id, other.unit_key().unwrap().unwrap().key_id);
}

#[test]
fn hostile_bundles_leave_the_aggregate_unchanged() {
    let units = units();
    let mut agg = aggregate(units.dir.path(), "agg.sqlite");
    received(receive(&mut agg, &units.b1));
    let valid = std::fs::read(&units.a1).unwrap();
    let mut cases: Vec<(&str, Vec<u8>)> = vec![
        ("truncated", valid[..valid.len() / 2].to_vec()),
        ("noise", common::noise(20_000, 9)),
        ("empty", Vec::new()),
    ];
    let mut flipped = valid.clone();
    let middle = flipped.len() / 3;
    flipped[middle] ^= 0x40;
    cases.push(("flipped", flipped));
    for (name, bytes) in cases {
        let path = units.dir.path().join(format!("{name}.zip"));
        std::fs::write(&path, bytes).unwrap();
        let before = state(&agg);
        let outcome = receive(&mut agg, &path);
        // Refused by the verification, before the store sees a command.
        assert!(
            matches!(&outcome, ReceiveOutcome::Refused(err) if !matches!(err, BundleError::Store(_))),
            "{name}: {outcome:?}"
        );
        common::assert_chinese(&outcome.reason().unwrap());
        assert_eq!(state(&agg), before, "{name} changed the aggregate");
    }
    assert_eq!(agg.latest_received().unwrap().len(), 1);
}

#[test]
fn units_and_aggregates_do_not_mix() {
    let units = units();
    let mut unit = Store::open(&units.a_db).unwrap();
    let err = refused_by_store(receive(&mut unit, &units.b1));
    assert!(matches!(err, StoreError::NotAggregate), "{err:?}");
    // Nor does a verified revision handed to it directly make it one.
    let revision = verify_bundle(&units.b1).unwrap().to_revision().unwrap();
    let err = unit
        .apply(&Command::ImportBundle {
            received: Box::new(revision),
            replace_key: false,
        })
        .unwrap_err();
    assert!(matches!(err, StoreError::NotAggregate), "{err:?}");
    let err = unit
        .apply(&Command::InitOffice(OfficeDraft {
            name: "市作风办".into(),
        }))
        .unwrap_err();
    assert!(matches!(err, StoreError::WrongKind(_)), "{err:?}");
    drop(unit);

    let mut agg = aggregate(units.dir.path(), "agg.sqlite");
    let err = agg
        .apply(&Command::InitUnit(UnitDraft {
            name: "某局".into(),
            ..UnitDraft::default()
        }))
        .unwrap_err();
    assert!(matches!(err, StoreError::WrongKind(_)), "{err:?}");
}

#[test]
fn a_receipt_marks_the_revision_received() {
    let units = units();
    let mut agg = aggregate(units.dir.path(), "agg.sqlite");
    received(receive(&mut agg, &units.a1));
    received(receive(&mut agg, &units.b1));
    let receipt_path = units.dir.path().join("回执.json");
    let receipt = write_receipt(&agg, "市行政审批局", &receipt_path).unwrap();
    assert_eq!(
        (receipt.unit.as_str(), receipt.revision),
        ("市行政审批局", 1)
    );
    let for_b = units.dir.path().join("乙回执.json");
    write_receipt(&agg, "市市场监管局", &for_b).unwrap();
    let err = write_receipt(&agg, "不存在的局", &units.dir.path().join("x.json")).unwrap_err();
    assert!(err.to_string().contains("不存在的局"), "{err}");

    let mut unit = Store::open(&units.a_db).unwrap();
    assert!(unit.receipts().unwrap().is_empty());
    let import = |path: &Path| Command::ImportReceipt {
        receipt: Box::new(read_receipt(path).unwrap()),
    };
    let target = unit.apply(&import(&receipt_path)).unwrap();
    assert_eq!(target, RecordRef::Revision(1));
    let receipts = unit.receipts().unwrap();
    assert_eq!(receipts.len(), 1);
    assert_eq!(receipts[0].office, "市作风办");
    assert_eq!(
        receipts[0].received_at,
        agg.latest_received().unwrap()[0].received_at
    );

    // Again: nothing changes. Another unit's receipt, or a changed one, is refused.
    let err = unit.apply(&import(&receipt_path)).unwrap_err();
    assert!(matches!(err, StoreError::AlreadyReceived { .. }), "{err:?}");
    let err = unit.apply(&import(&for_b)).unwrap_err();
    assert!(err.to_string().contains("市市场监管局"), "{err}");
    let text = std::fs::read_to_string(&receipt_path).unwrap();
    let forged = units.dir.path().join("改过的回执.json");
    std::fs::write(&forged, text.replace("\"revision\": 1", "\"revision\": 2")).unwrap();
    // A changed receipt fails its signature when it is read, before any command exists.
    let err = read_receipt(&forged).unwrap_err();
    assert!(err.to_string().contains("签名"), "{err}");
    // A receipt whose fingerprint is not the unit's own revision's is refused by the store.
    let mut wrong = read_receipt(&receipt_path).unwrap();
    wrong.data_sha256 = "0".repeat(64);
    let err = unit
        .apply(&Command::ImportReceipt {
            receipt: Box::new(wrong),
        })
        .unwrap_err();
    assert!(err.to_string().contains("数据指纹"), "{err}");
    assert_eq!(unit.receipts().unwrap().len(), 1);
}

#[test]
fn the_audit_entry_of_a_received_bundle_records_fingerprints_not_paths_or_data() {
    let units = units();
    let mut agg = aggregate(units.dir.path(), "agg.sqlite");
    let got = received(receive(&mut agg, &units.a1));
    let verified = verify_bundle(&units.a1).unwrap();
    let entry = agg.audit_entries().unwrap().pop().unwrap();
    assert_eq!(entry.action, "import_bundle");
    assert_eq!(entry.target, RecordRef::Received(got.id).to_string());
    let details: serde_json::Value = serde_json::from_str(&entry.details).unwrap();
    let logged = &details["received"];
    assert_eq!(logged["unit"], "市行政审批局");
    assert_eq!(logged["revision"], 1);
    assert_eq!(logged["data_sha256"], verified.manifest.data_sha256);
    assert_eq!(logged["manifest_sha256"], verified.manifest_sha256);
    assert_eq!(logged["key_id"], verified.manifest.key_id);
    assert_eq!(details["data_sha256"], verified.manifest.data_sha256);
    // Neither where the bundle lay on the clerk's machine nor the data, the manifest or the
    // key text: the entry stays small, and the fingerprints name all of them.
    let folder = units.dir.path().to_string_lossy().into_owned();
    for absent in [
        folder.as_str(),
        "甲-r1.zip",
        "zhenggai-snapshot",
        "zhenggai-bundle",
        "untrusted comment",
    ] {
        assert!(
            !entry.details.contains(absent),
            "{absent} in {}",
            entry.details
        );
    }
    for field in ["public_key", "manifest_json", "snapshot_json", "path"] {
        assert!(logged.get(field).is_none(), "{field} in {}", entry.details);
    }
    assert!(entry.details.len() < 1024, "{}", entry.details);
    assert!(agg.check().unwrap().is_ok());
}

#[test]
fn a_revision_whose_data_or_key_does_not_match_its_fingerprints_is_refused() {
    let units = units();
    let mut agg = aggregate(units.dir.path(), "agg.sqlite");
    let genuine = verify_bundle(&units.a1).unwrap().to_revision().unwrap();
    let other_key = verify_bundle(&units.b1)
        .unwrap()
        .to_revision()
        .unwrap()
        .public_key;
    let mut changed_data = genuine.clone();
    changed_data.snapshot_json = changed_data.snapshot_json.replace("市行政审批局", "某局");
    let mut changed_key = genuine.clone();
    changed_key.public_key = other_key;
    let before = state(&agg);
    for (what, revision) in [("data", changed_data), ("key", changed_key)] {
        let err = agg
            .apply(&Command::ImportBundle {
                received: Box::new(revision),
                replace_key: false,
            })
            .unwrap_err();
        assert!(
            matches!(err, StoreError::FingerprintMismatch { .. }),
            "{what}: {err:?}"
        );
        common::assert_chinese(&err.to_string());
        assert_eq!(state(&agg), before, "{what} changed the aggregate");
    }
    agg.apply(&Command::ImportBundle {
        received: Box::new(genuine),
        replace_key: false,
    })
    .unwrap();
}

fn run(db: &Path, args: &[&std::ffi::OsStr]) -> (Option<i32>, String, String) {
    let output = Process::new(env!("CARGO_BIN_EXE_zhenggai"))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn the_command_line_aggregates_and_acknowledges() {
    let units = units();
    let agg = units.dir.path().join("汇总.sqlite");
    let (code, stdout, stderr) = run(
        &agg,
        &[
            "init-aggregate".as_ref(),
            "--office".as_ref(),
            "市作风办".as_ref(),
        ],
    );
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    let (code, stdout, stderr) = run(
        &agg,
        &[
            "import-bundle".as_ref(),
            units.a1.as_os_str(),
            units.b1.as_os_str(),
            units.a2.as_os_str(),
        ],
    );
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(stdout.contains("已接收「市行政审批局」第 2 版"), "{stdout}");
    assert!(stdout.contains("与第 1 版相比"), "{stdout}");

    let (code, stdout, _) = run(&agg, &["summary".as_ref(), "--json".as_ref()]);
    assert_eq!(code, Some(0));
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["units"], 2);
    assert_eq!(json["problems"], 24);
    assert!(json["revision"].is_null());
    let per_unit = json["per_unit"].as_array().unwrap();
    assert_eq!(per_unit.len(), 2);
    let a = per_unit
        .iter()
        .find(|unit| unit["unit"] == "市行政审批局")
        .unwrap();
    assert_eq!(a["revision"], 2);
    let sum: u64 = ["not_started", "in_progress", "completed", "closed"]
        .iter()
        .map(|key| json["measures_by_status"][key].as_u64().unwrap())
        .sum();
    assert_eq!(json["measures"].as_u64().unwrap(), sum);

    // A repeated bundle is not an error; an older revision than one received is.
    let (code, stdout, _) = run(&agg, &["import-bundle".as_ref(), units.b1.as_os_str()]);
    assert_eq!(code, Some(0));
    assert!(stdout.contains("未作改动"), "{stdout}");
    let newest_first = units.dir.path().join("汇总2.sqlite");
    run(
        &newest_first,
        &[
            "init-aggregate".as_ref(),
            "--office".as_ref(),
            "市作风办".as_ref(),
        ],
    );
    run(
        &newest_first,
        &["import-bundle".as_ref(), units.a2.as_os_str()],
    );
    let (code, stdout, stderr) = run(
        &newest_first,
        &["import-bundle".as_ref(), units.a1.as_os_str()],
    );
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    assert!(stderr.contains("比已接收的第 2 版旧"), "{stderr}");

    let receipt = units.dir.path().join("回执.json");
    let printable = units.dir.path().join("回执.pdf");
    let (code, stdout, stderr) = run(
        &agg,
        &[
            "export-receipt".as_ref(),
            "--unit".as_ref(),
            "市行政审批局".as_ref(),
            "--pdf".as_ref(),
            printable.as_os_str(),
            receipt.as_os_str(),
        ],
    );
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(stdout.contains("已生成可打印的回执"), "{stdout}");
    let bytes = std::fs::read(&printable).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    if let Some(text) = pdf_text(&printable) {
        for wanted in [
            "整改台账数据包接收回执",
            "市行政审批局",
            "第2版",
            "市作风办",
            "特此回执",
        ] {
            assert!(text.contains(wanted), "{wanted} missing from {text}");
        }
    }
    let (code, stdout, stderr) = run(
        &units.a_db,
        &["import-receipt".as_ref(), receipt.as_os_str()],
    );
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(stdout.contains("第 2 版：已报送 · 已接收"), "{stdout}");
}

#[test]
fn the_consolidated_workbook_has_a_line_per_unit_and_each_ledger() {
    use calamine::{Reader, open_workbook_auto};

    let units = units();
    let mut agg = aggregate(units.dir.path(), "agg.sqlite");
    for bundle in [&units.a1, &units.a2, &units.b1] {
        received(receive(&mut agg, bundle));
    }
    let out = units.dir.path().join("汇总表.xlsx");
    let report = zhenggai::interop::export_aggregate_xlsx(&agg, &out, day(2026, 6, 15)).unwrap();
    assert_eq!(report.problems, 24);

    let mut workbook = open_workbook_auto(&out).unwrap();
    let names = workbook.sheet_names();
    assert_eq!(
        names,
        [
            zhenggai::interop::AGGREGATE_SHEET,
            "市市场监管局",
            "市行政审批局"
        ]
    );
    let summary = workbook
        .worksheet_range(zhenggai::interop::AGGREGATE_SHEET)
        .unwrap();
    let text = |row: u32, col: u32| {
        summary
            .get_value((row, col))
            .map(ToString::to_string)
            .unwrap_or_default()
    };
    assert!(text(0, 0).contains("市作风办"), "{}", text(0, 0));
    assert_eq!(text(2, 1), "市市场监管局");
    assert_eq!(text(3, 1), "市行政审批局");
    assert_eq!(text(3, 2), "第 2 版");
    assert_eq!(text(4, 1), "合计");
    let number = |row: u32, col: u32| text(row, col).parse::<u64>().unwrap();
    assert_eq!(number(4, 5), 24, "problems in total");
    assert_eq!(number(2, 6) + number(3, 6), number(4, 6), "measures add up");
    // Each unit's sheet is its ledger: a title naming the unit, the standard header.
    let ledger = workbook.worksheet_range("市行政审批局").unwrap();
    let title = ledger.get_value((0, 0)).unwrap().to_string();
    assert!(title.contains("市行政审批局"), "{title}");
    assert_eq!(ledger.get_value((1, 2)).unwrap().to_string(), "问题表现");

    // A unit's own database is no aggregate: refused, nothing written.
    let unit = Store::open(&units.a_db).unwrap();
    let refused = units.dir.path().join("不该有.xlsx");
    let err =
        zhenggai::interop::export_aggregate_xlsx(&unit, &refused, day(2026, 6, 15)).unwrap_err();
    assert!(err.to_string().contains("汇总库"), "{err}");
    assert!(!refused.exists());
}

#[test]
fn a_sign_off_and_a_run_of_imports_are_each_preceded_by_a_backup() {
    use zhenggai::store::backup::list_backups;

    let units = units();
    // The fixture signed 甲 off twice: each sign-off made a verified backup first.
    let reasons: Vec<String> = list_backups(&units.a_db)
        .unwrap()
        .into_iter()
        .map(|backup| backup.reason)
        .collect();
    assert_eq!(
        reasons
            .iter()
            .filter(|reason| *reason == "sign_off")
            .count(),
        2,
        "{reasons:?}"
    );

    let agg_path = units.dir.path().join("agg.sqlite");
    let mut agg = aggregate(units.dir.path(), "agg.sqlite");
    received(receive(&mut agg, &units.a1));
    received(receive(&mut agg, &units.b1));
    let imports = list_backups(&agg_path)
        .unwrap()
        .into_iter()
        .filter(|backup| backup.reason == "import")
        .count();
    assert_eq!(imports, 1, "one backup before a run of imports");
}

/// Text of a PDF as pdftotext gives it, without whitespace; `None` (with the reason printed)
/// when poppler is not installed.
fn pdf_text(path: &Path) -> Option<String> {
    let Ok(output) = Process::new("pdftotext").arg(path).arg("-").output() else {
        eprintln!("跳过：未安装 pdftotext(poppler-utils)，无法检查 PDF 内容。");
        return None;
    };
    assert!(output.status.success(), "pdftotext failed");
    Some(
        String::from_utf8(output.stdout)
            .unwrap()
            .chars()
            .filter(|ch| !ch.is_whitespace())
            .collect(),
    )
}

#[test]
fn the_summary_report_pdf_has_a_line_per_unit_and_the_totals() {
    let units = units();
    let mut agg = aggregate(units.dir.path(), "agg.sqlite");
    for bundle in [&units.a1, &units.a2, &units.b1] {
        received(receive(&mut agg, bundle));
    }
    let data = zhenggai::view::AggregateView::load_required(&agg, day(2026, 6, 15)).unwrap();
    assert_eq!(data.units.len(), 2);
    assert_eq!(data.total.problems, 24);
    let unit_b = data
        .units
        .iter()
        .find(|unit| unit.received.unit == "市行政审批局")
        .unwrap();
    assert_eq!(unit_b.received.revision, 2, "the newest revision counts");
    drop(agg);

    // Through the command line, as the office's scripts would.
    let agg_path = units.dir.path().join("agg.sqlite");
    let out = units.dir.path().join("汇总报告.pdf");
    let (code, stdout, stderr) = run(
        &agg_path,
        &[
            "export-pdf".as_ref(),
            "--kind".as_ref(),
            "summary".as_ref(),
            out.as_os_str(),
        ],
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("2 个单位"), "{stdout}");
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    if let Ok(check) = Process::new("qpdf").arg("--check").arg(&out).output() {
        assert!(
            check.status.success(),
            "{}",
            String::from_utf8_lossy(&check.stdout)
        );
    }
    let Some(text) = pdf_text(&out) else {
        return;
    };
    for expected in [
        "市作风办各单位整改情况汇总报告",
        "共收到2个单位报送的整改台账",
        "各单位共查摆问题24个",
        "市市场监管局",
        "市行政审批局",
        "第2版",
        "合计",
        "各单位整改完成率",
    ] {
        assert!(
            text.contains(expected),
            "「{expected}」 missing from:\n{text}"
        );
    }
}

#[test]
fn the_summary_report_is_refused_on_a_units_database() {
    let units = units();
    let out = units.dir.path().join("汇总报告.pdf");
    let (code, _, stderr) = run(
        &units.a_db,
        &[
            "export-pdf".as_ref(),
            "--kind".as_ref(),
            "summary".as_ref(),
            out.as_os_str(),
        ],
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("汇总"), "{stderr}");
    assert!(!out.exists(), "nothing is written");
}
