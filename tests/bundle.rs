//! Exporting and verifying data bundles (DESIGN §6): what a bundle holds, that it verifies, that
//! standard tools (python's zipfile, minisign) accept it, and the command line.

// Helpers outside `#[test]` functions build fixtures; a failure there should panic loudly.
#![allow(clippy::unwrap_used)]

mod common;

use std::io::Read;
use std::path::Path;
use std::process::Command as Process;

use common::{day, signed_demo, temp_db};
use zhenggai::bundle::{
    BundleError, LEDGER_CSV, MANIFEST, PUBLIC_KEY, SIGNATURE, SNAPSHOT, export_bundle,
    verify_bundle,
};
use zhenggai::domain::snapshot::sha256_hex;

fn entry_names(bundle: &Path) -> Vec<String> {
    let archive = zip::ZipArchive::new(std::fs::File::open(bundle).unwrap()).unwrap();
    archive
        .file_names()
        .map(|name| name.unwrap().into_owned())
        .collect()
}

fn read_entry(bundle: &Path, name: &str) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(bundle).unwrap()).unwrap();
    let mut bytes = Vec::new();
    archive
        .by_name(name)
        .unwrap()
        .read_to_end(&mut bytes)
        .unwrap();
    bytes
}

#[test]
fn an_exported_bundle_holds_the_revision_and_verifies() {
    let (dir, path) = temp_db();
    let store = signed_demo(&path, "市行政审批局", 2);
    let out = dir.path().join("市行政审批局-r2.zip");
    let mut steps = Vec::new();
    let written = export_bundle(&store, None, &out, &mut |progress| {
        steps.push(progress.clone());
        std::ops::ControlFlow::Continue(())
    })
    .unwrap();
    assert_eq!(written.revision, 2);
    assert_eq!(written.evidence_files, 2);
    assert!(steps.last().unwrap().done == steps.last().unwrap().total);
    assert!(steps.windows(2).all(|pair| pair[0].done <= pair[1].done));

    let names = entry_names(&out);
    for expected in [
        MANIFEST,
        SIGNATURE,
        PUBLIC_KEY,
        SNAPSHOT,
        LEDGER_CSV,
        "reports/ledger.pdf",
        "reports/commitment.pdf",
        "reports/progress.pdf",
        "reports/rules.pdf",
    ] {
        assert!(
            names.iter().any(|name| name == expected),
            "{expected} missing: {names:?}"
        );
    }
    let evidence: Vec<_> = names
        .iter()
        .filter(|name| name.starts_with("evidence/"))
        .collect();
    assert_eq!(evidence.len(), 2, "{names:?}");
    assert!(
        evidence
            .iter()
            .any(|name| name.rsplit('.').next() == Some("jpg"))
    );
    assert!(
        evidence
            .iter()
            .any(|name| name.rsplit('.').next() == Some("pdf"))
    );

    // The data is the frozen revision, byte for byte, and its hash is the paper's fingerprint.
    let revision = store.revision(2).unwrap();
    let snapshot = read_entry(&out, SNAPSHOT);
    assert_eq!(snapshot, revision.canonical_json.as_bytes());
    assert_eq!(
        sha256_hex(&revision.canonical_json),
        revision.sign_off.data_sha256
    );
    let csv = read_entry(&out, LEDGER_CSV);
    assert!(csv.starts_with("\u{feff}序号,问题类别".as_bytes()));
    assert!(read_entry(&out, "reports/ledger.pdf").starts_with(b"%PDF-"));

    let verified = verify_bundle(&out).unwrap();
    let manifest = &verified.manifest;
    assert_eq!(manifest.unit, "市行政审批局");
    assert_eq!(manifest.revision, 2);
    assert_eq!(manifest.data_sha256, revision.sign_off.data_sha256);
    assert_eq!(
        manifest.previous_data_sha256.as_deref(),
        Some(store.revision(1).unwrap().sign_off.data_sha256.as_str())
    );
    assert_eq!(manifest.audit_chain_head, store.audit_head().unwrap());
    assert_eq!(manifest.key_id, store.unit_key().unwrap().unwrap().key_id);
    assert_eq!(
        verified.snapshot,
        store
            .revision(2)
            .map(|r| serde_json::from_str(&r.canonical_json).unwrap())
            .unwrap()
    );
    assert_eq!(verified.manifest_sha256, written.manifest_sha256);
    // Only the bundle is left in the folder: no temporary file.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn an_earlier_revision_can_be_exported_and_a_missing_one_is_refused() {
    let (dir, path) = temp_db();
    let store = signed_demo(&path, "市行政审批局", 2);
    let out = dir.path().join("r1.zip");
    let written = export_bundle(&store, Some(1), &out, &mut |_| {
        std::ops::ControlFlow::Continue(())
    })
    .unwrap();
    let verified = verify_bundle(&out).unwrap();
    assert_eq!((written.revision, verified.manifest.revision), (1, 1));
    assert_eq!(verified.manifest.previous_data_sha256, None);

    let missing = dir.path().join("r9.zip");
    let err = export_bundle(&store, Some(9), &missing, &mut |_| {
        std::ops::ControlFlow::Continue(())
    })
    .unwrap_err();
    assert!(err.to_string().contains('9'), "{err}");
    assert!(!missing.exists());
}

#[test]
fn a_cancelled_export_leaves_no_file_at_any_step() {
    let (dir, path) = temp_db();
    let store = signed_demo(&path, "市行政审批局", 1);
    let mut steps = Vec::new();
    export_bundle(
        &store,
        None,
        &dir.path().join("full.zip"),
        &mut |progress| {
            steps.push(progress.step);
            std::ops::ControlFlow::Continue(())
        },
    )
    .unwrap();
    // Stop at each report in turn, the last one (the written bundle being checked) included.
    for (stop_at, step) in steps.iter().enumerate() {
        let out = dir.path().join(format!("cancelled-{stop_at}.zip"));
        let mut heard = 0;
        let err = export_bundle(&store, None, &out, &mut |_| {
            heard += 1;
            if heard > stop_at {
                std::ops::ControlFlow::Break(())
            } else {
                std::ops::ControlFlow::Continue(())
            }
        })
        .unwrap_err();
        assert!(matches!(err, BundleError::Cancelled), "{err:?}");
        assert_eq!(heard, stop_at + 1, "no report after the stop");
        assert!(!out.exists(), "step {stop_at} ({step}) left the bundle");
    }
    let mut left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains(".tmp") || name.starts_with("cancelled"))
        .collect();
    left.sort();
    assert!(left.is_empty(), "temporary files left: {left:?}");
}

#[test]
fn nothing_signed_nothing_exported() {
    let (dir, path) = temp_db();
    let mut store = zhenggai::store::Store::open(&path).unwrap();
    zhenggai::setup::init_workbook(&mut store, common::unit_draft(), 2026).unwrap();
    let out = dir.path().join("none.zip");
    let err = export_bundle(&store, None, &out, &mut |_| {
        std::ops::ControlFlow::Continue(())
    })
    .unwrap_err();
    assert!(matches!(err, BundleError::NothingSigned), "{err:?}");
    assert!(err.to_string().contains("签发"), "{err}");
    assert!(!out.exists());
}

#[test]
fn a_missing_target_folder_is_a_clear_error_and_writes_nothing() {
    let (dir, path) = temp_db();
    let store = signed_demo(&path, "市行政审批局", 1);
    let out = dir.path().join("拔出的U盘").join("r1.zip");
    let err = export_bundle(&store, None, &out, &mut |_| {
        std::ops::ControlFlow::Continue(())
    })
    .unwrap_err();
    assert!(matches!(err, BundleError::Io { .. }), "{err:?}");
    assert!(err.to_string().contains("拔出的U盘"), "{err}");
    // The reason is said in Chinese, not only in the system's English.
    assert!(err.to_string().contains("U 盘可能已拔出"), "{err}");
    assert!(!out.exists());
}

#[test]
fn python_zipfile_and_minisign_accept_the_bundle() {
    let (dir, path) = temp_db();
    let store = signed_demo(&path, "市行政审批局", 1);
    let out = dir.path().join("bundle.zip");
    export_bundle(&store, None, &out, &mut |_| {
        std::ops::ControlFlow::Continue(())
    })
    .unwrap();

    match Process::new("python3")
        .args([
            "-c",
            "import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nbad = z.testzip()\nprint(len(z.namelist()))\nsys.exit(1 if bad else 0)",
        ])
        .arg(&out)
        .output()
    {
        Ok(output) => assert!(
            output.status.success(),
            "python zipfile: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ),
        Err(_) => eprintln!("skipped: python3 is not installed"),
    }

    if Process::new("minisign").arg("-v").output().is_err() {
        eprintln!("skipped: the minisign tool is not installed (apt-get install minisign)");
        return;
    }
    let check = dir.path().join("check");
    std::fs::create_dir(&check).unwrap();
    for name in [MANIFEST, SIGNATURE, PUBLIC_KEY] {
        std::fs::write(check.join(name), read_entry(&out, name)).unwrap();
    }
    let output = Process::new("minisign")
        .current_dir(&check)
        .args(["-Vm", MANIFEST, "-p", PUBLIC_KEY])
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "minisign -V refused: {text}");
    assert!(
        text.contains("revision=1"),
        "trusted comment not shown: {text}"
    );
}

#[test]
fn the_command_line_exports_and_verifies() {
    let (dir, path) = temp_db();
    drop(signed_demo(&path, "市行政审批局", 1));
    let out = dir.path().join("cli.zip");
    let bin = env!("CARGO_BIN_EXE_zhenggai");
    let exported = Process::new(bin)
        .arg("--db")
        .arg(&path)
        .arg("export-bundle")
        .arg(&out)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&exported.stdout);
    assert!(
        exported.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&exported.stderr)
    );
    assert!(stdout.contains("可以安全拔出"), "{stdout}");

    let verified = Process::new(bin).arg("verify").arg(&out).output().unwrap();
    let stdout = String::from_utf8_lossy(&verified.stdout);
    assert!(verified.status.success(), "{stdout}");
    assert!(
        stdout.contains("数据包有效") && stdout.contains("第 1 版"),
        "{stdout}"
    );

    // A damaged copy is refused with exit code 1 and a Chinese reason.
    let mut bytes = std::fs::read(&out).unwrap();
    bytes.truncate(bytes.len() / 2);
    let broken = dir.path().join("broken.zip");
    std::fs::write(&broken, bytes).unwrap();
    let refused = Process::new(bin)
        .arg("verify")
        .arg(&broken)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("不是完整的数据包"), "{stderr}");
    let _ = day(2026, 1, 1);
}

#[test]
fn a_large_bundle_is_verified_on_two_threads_and_a_damaged_file_still_named() {
    let (dir, path) = temp_db();
    let mut store = signed_demo(&path, "市行政审批局", 1);
    let measure_id = store.measures().unwrap()[1].id;
    for index in 0..3_u64 {
        let file = dir.path().join(format!("扫描件{index}.pdf"));
        std::fs::write(&file, common::noise(8 * 1024 * 1024, 2 * index + 101)).unwrap();
        common::attach(&mut store, measure_id, &file, &format!("扫描件{index}.pdf"));
    }
    common::apply(
        &mut store,
        &zhenggai::domain::Command::SignOff(zhenggai::domain::SignOffDraft {
            preparer: "李明".into(),
            reviewer: "张华".into(),
            leader: "王建国".into(),
        }),
    );
    let out = dir.path().join("large.zip");
    let mut reported = Vec::new();
    export_bundle(&store, None, &out, &mut |_| {
        std::ops::ControlFlow::Continue(())
    })
    .unwrap();
    let verified = zhenggai::bundle::verify_bundle_with(
        &out,
        &zhenggai::bundle::Limits::default(),
        &mut |done, total| {
            reported.push((done, total));
        },
    )
    .unwrap();
    assert_eq!(verified.manifest.revision, 2);
    let (done, total) = *reported.last().unwrap();
    assert_eq!(done, total);
    assert!(total > 24 * 1024 * 1024, "{total}");

    // Damage each evidence file in turn: whichever thread hashes it, the reason names it.
    let original = std::fs::read(&out).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&original)).unwrap();
    let mut evidence = Vec::new();
    for index in 0..archive.len() {
        let file = archive.by_index_raw(index).unwrap();
        let name = file.name().unwrap().into_owned();
        if name.starts_with("evidence/") && file.size() > 1024 * 1024 {
            evidence.push((name, file.data_start().unwrap(), file.compressed_size()));
        }
    }
    assert_eq!(evidence.len(), 3);
    for (name, start, size) in evidence {
        let mut bytes = original.clone();
        bytes[usize::try_from(start + size / 2).unwrap()] ^= 0x10;
        let damaged = dir.path().join("damaged.zip");
        std::fs::write(&damaged, &bytes).unwrap();
        let err = verify_bundle(&damaged).unwrap_err();
        assert!(err.to_string().contains(&name), "{name}: {err}");
    }
}
