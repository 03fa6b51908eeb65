//! 国密 on bundles: every bundle is co-signed with SM2 and lists each file's SM3 beside its
//! sha256; OpenSSL accepts both; altering the SM2 signature or the SM3 list alone is refused,
//! even by someone who holds the unit's minisign key; a bundle from before 国密 is still
//! accepted and reported as signed with Ed25519 alone.

// Helpers outside `#[test]` functions build fixtures; a failure there should panic loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use common::bundle_zip::{
    before_guomi, entries, entry, manifest_of, resign_both, resign_minisign, set_entry, zip_of,
};
use zhenggai::bundle::{
    BundleError, MANIFEST, Manifest, PUBLIC_KEY, SM2_PUBLIC_KEY, SM2_SIGNATURE, SNAPSHOT,
    export_bundle, verify_bundle,
};
use zhenggai::guomi::{self, DISTINGUISHING_ID, sm3_hex};
use zhenggai::store::Store;
use zhenggai::view::DocumentData;

/// A unit with two signed revisions and revision 2 exported as a bundle.
struct Unit {
    dir: tempfile::TempDir,
    store: Store,
    bundle: PathBuf,
}

fn unit() -> Unit {
    let dir = tempfile::tempdir().unwrap();
    let store = common::signed_demo(&dir.path().join("unit.sqlite"), "市行政审批局", 2);
    let bundle = dir.path().join("r2.zip");
    export_bundle(&store, None, &bundle, &mut |_| {
        std::ops::ControlFlow::Continue(())
    })
    .unwrap();
    Unit { dir, store, bundle }
}

/// Verifies `entries` written as a bundle in `dir`.
fn verify(dir: &Path, entries: &[(String, Vec<u8>)]) -> Result<Manifest, BundleError> {
    let path = dir.join("edited.zip");
    std::fs::write(&path, zip_of(entries)).unwrap();
    verify_bundle(&path).map(|verified| verified.manifest)
}

#[test]
fn a_bundle_is_co_signed_with_sm2_and_lists_every_files_sm3() {
    let unit = unit();
    let verified = verify_bundle(&unit.bundle).unwrap();
    let manifest = &verified.manifest;
    let key = unit.store.unit_key().unwrap().unwrap();
    let sm2 = key.sm2.expect("a new unit has an SM2 key");
    assert_eq!(manifest.sm2_key_id.as_ref(), Some(&sm2.key_id));
    assert_eq!(verified.sm2_public_key.as_ref(), Some(&sm2));
    assert_eq!(manifest.signature_label(), "Ed25519 与 SM2 双签名");

    let all = entries(&std::fs::read(&unit.bundle).unwrap());
    assert_eq!(entry(&all, SM2_PUBLIC_KEY), sm2.public_key.as_bytes());
    assert_eq!(
        manifest.data_sm3.as_deref(),
        Some(sm3_hex(entry(&all, SNAPSHOT)).as_str())
    );
    assert!(manifest.files.len() >= 8, "{:?}", manifest.files);
    for file in &manifest.files {
        let bytes = entry(&all, &file.path);
        assert_eq!(
            file.sm3.as_deref(),
            Some(sm3_hex(bytes).as_str()),
            "{}",
            file.path
        );
        assert_eq!(file.sha256, common::sha256_of(bytes), "{}", file.path);
    }
    // The paper carries the same SM3 fingerprint as the bundle, and both key ids.
    let data = DocumentData::revision(&unit.store, 2).unwrap();
    let signed = data.signed.unwrap();
    assert_eq!(signed.data_sm3, manifest.data_sm3);
    let payload = signed.fingerprint_payload();
    let sm3 = manifest.data_sm3.as_ref().unwrap().to_ascii_uppercase();
    assert!(payload.contains(&format!(":SM3:{sm3}")), "{payload}");
    assert!(
        payload.ends_with(&format!(":SM2KEY:{}", sm2.key_id)),
        "{payload}"
    );
}

/// Runs OpenSSL with `args` in `dir`; `None` when it cannot be run here.
fn openssl(dir: &Path, args: &[&str]) -> Option<std::process::Output> {
    Process::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .ok()
}

/// Whether this machine's OpenSSL knows SM2 and SM3 (OpenSSL 3 does).
fn openssl_has_sm(dir: &Path) -> bool {
    std::fs::write(dir.join("abc"), b"abc").unwrap();
    openssl(dir, &["dgst", "-sm3", "abc"]).is_some_and(|out| {
        String::from_utf8_lossy(&out.stdout)
            .contains("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0")
    })
}

#[test]
fn openssl_accepts_the_sm2_signature_and_the_sm3_hashes() {
    let unit = unit();
    let dir = unit.dir.path().join("openssl");
    std::fs::create_dir_all(&dir).unwrap();
    if !openssl_has_sm(&dir) {
        eprintln!("skipped: no OpenSSL with SM2 and SM3 here");
        return;
    }
    let all = entries(&std::fs::read(&unit.bundle).unwrap());
    for name in [MANIFEST, SM2_SIGNATURE, SM2_PUBLIC_KEY] {
        std::fs::write(dir.join(name), entry(&all, name)).unwrap();
    }
    let distid = format!("distid:{DISTINGUISHING_ID}");
    let verify_with_openssl = || {
        openssl(
            &dir,
            &[
                "pkeyutl",
                "-verify",
                "-pubin",
                "-inkey",
                SM2_PUBLIC_KEY,
                "-rawin",
                "-digest",
                "sm3",
                "-pkeyopt",
                &distid,
                "-in",
                MANIFEST,
                "-sigfile",
                SM2_SIGNATURE,
            ],
        )
        .unwrap()
    };
    let checked = verify_with_openssl();
    let said = String::from_utf8_lossy(&checked.stdout);
    assert!(
        checked.status.success() && said.contains("Signature Verified Successfully"),
        "{said} {}",
        String::from_utf8_lossy(&checked.stderr)
    );
    // A changed manifest fails with OpenSSL too.
    let mut changed = entry(&all, MANIFEST).to_vec();
    changed.push(b'\n');
    std::fs::write(dir.join(MANIFEST), &changed).unwrap();
    assert!(!verify_with_openssl().status.success());

    // Every file's SM3 as `openssl dgst -sm3` prints it.
    let manifest = manifest_of(&all);
    for (index, file) in manifest.files.iter().enumerate() {
        let name = format!("file{index}");
        std::fs::write(dir.join(&name), entry(&all, &file.path)).unwrap();
        let out = openssl(&dir, &["dgst", "-sm3", "-r", &name]).unwrap();
        let printed = String::from_utf8_lossy(&out.stdout);
        let hash = printed.split_whitespace().next().unwrap_or_default();
        assert_eq!(Some(hash), file.sm3.as_deref(), "{}", file.path);
    }
    // The key id is the SM3 of the key's DER, as the module says anyone can work it out.
    let der = openssl(
        &dir,
        &[
            "pkey",
            "-pubin",
            "-in",
            SM2_PUBLIC_KEY,
            "-outform",
            "DER",
            "-out",
            "key.der",
        ],
    )
    .unwrap();
    assert!(der.status.success());
    let out = openssl(&dir, &["dgst", "-sm3", "-r", "key.der"]).unwrap();
    let printed = String::from_utf8_lossy(&out.stdout).to_ascii_uppercase();
    assert!(
        printed.starts_with(manifest.sm2_key_id.as_deref().unwrap()),
        "{printed}"
    );
}

#[test]
fn a_stripped_sm2_signature_is_refused() {
    let unit = unit();
    let original = entries(&std::fs::read(&unit.bundle).unwrap());
    for (removed, missing) in [
        (vec![SM2_SIGNATURE, SM2_PUBLIC_KEY], SM2_SIGNATURE),
        (vec![SM2_SIGNATURE], SM2_SIGNATURE),
        (vec![SM2_PUBLIC_KEY], SM2_PUBLIC_KEY),
    ] {
        let mut all = original.clone();
        all.retain(|(name, _)| !removed.contains(&name.as_str()));
        let err = verify(unit.dir.path(), &all).unwrap_err();
        assert!(
            matches!(err, BundleError::MissingSignatureFile(name) if name == missing),
            "{removed:?}: {err:?}"
        );
    }
}

#[test]
fn an_altered_sm2_signature_or_key_alone_is_refused() {
    let unit = unit();
    let original = entries(&std::fs::read(&unit.bundle).unwrap());

    // A valid SM2 signature by the right key, but of other bytes.
    let mut all = original.clone();
    set_entry(
        &mut all,
        SM2_SIGNATURE,
        unit.store.sign_sm2(b"other").unwrap(),
    );
    let err = verify(unit.dir.path(), &all).unwrap_err();
    assert!(
        matches!(&err, BundleError::Signature(reason) if reason.contains(SM2_SIGNATURE)),
        "{err:?}"
    );
    common::assert_chinese(&err.to_string());

    // Another SM2 key signing the same manifest: its id is not the one the manifest names.
    let other = guomi::generate_key_pair().unwrap();
    let mut all = original.clone();
    let manifest = entry(&all, MANIFEST).to_vec();
    set_entry(
        &mut all,
        SM2_SIGNATURE,
        guomi::sign(&other.secret_pem, &manifest).unwrap(),
    );
    set_entry(&mut all, SM2_PUBLIC_KEY, other.public_pem.into_bytes());
    let err = verify(unit.dir.path(), &all).unwrap_err();
    assert!(
        matches!(&err, BundleError::Inconsistent(reason) if reason.contains(SM2_PUBLIC_KEY)),
        "{err:?}"
    );

    // Garbage in either file.
    for name in [SM2_SIGNATURE, SM2_PUBLIC_KEY] {
        let mut all = original.clone();
        set_entry(&mut all, name, common::noise(300, 5));
        let err = verify(unit.dir.path(), &all).unwrap_err();
        assert!(matches!(err, BundleError::Signature(_)), "{name}: {err:?}");
    }
}

#[test]
fn an_altered_sm3_list_is_refused_even_with_the_minisign_key() {
    let unit = unit();
    let original = entries(&std::fs::read(&unit.bundle).unwrap());
    let manifest = manifest_of(&original);
    let evidence = manifest
        .files
        .iter()
        .position(|file| file.path.starts_with("evidence/"))
        .unwrap();

    // Someone with the minisign key but not the SM2 key changes an SM3: the SM2 signature,
    // made over the manifest as it was, no longer holds.
    let mut edited = manifest.clone();
    edited.files[evidence].sm3 = Some(sm3_hex(b"forged"));
    let mut all = original.clone();
    resign_minisign(&unit.store, &mut all, &edited);
    let err = verify(unit.dir.path(), &all).unwrap_err();
    assert!(
        matches!(&err, BundleError::Signature(reason) if reason.contains("SM2")),
        "{err:?}"
    );

    // Even re-signed with both keys, the SM3 must match the file.
    resign_both(&unit.store, &mut all, &edited);
    let err = verify(unit.dir.path(), &all).unwrap_err();
    let path = &manifest.files[evidence].path;
    assert!(
        matches!(&err, BundleError::HashMismatch { name, algorithm: "SM3" } if name == path),
        "{err:?}"
    );
    assert!(err.to_string().contains("SM3"), "{err}");

    // The data's SM3 fingerprint must match too, and a co-signed manifest must list every
    // file's SM3, each however it is signed.
    let refused_after = |edit: &dyn Fn(&mut Manifest)| {
        let mut edited = manifest.clone();
        edit(&mut edited);
        let mut all = original.clone();
        resign_both(&unit.store, &mut all, &edited);
        verify(unit.dir.path(), &all).unwrap_err()
    };
    for err in [
        refused_after(&|edited| edited.data_sm3 = Some(sm3_hex(b"forged"))),
        refused_after(&|edited| edited.files[0].sm3 = None),
    ] {
        assert!(
            matches!(&err, BundleError::Inconsistent(reason) if reason.contains("SM3")),
            "{err:?}"
        );
    }

    // Untouched and re-signed, it still verifies: the edits above, not the re-signing, failed.
    let mut all = original.clone();
    resign_both(&unit.store, &mut all, &manifest);
    verify(unit.dir.path(), &all).unwrap();
}

#[test]
fn a_bundle_from_before_guomi_is_accepted_as_signed_with_ed25519_alone() {
    let unit = unit();
    let old = before_guomi(&unit.store, &unit.bundle);
    let manifest = verify(unit.dir.path(), &old).unwrap();
    assert!(!manifest.is_sm2_signed());
    assert_eq!(manifest.signature_label(), "仅 Ed25519 签名");
    let path = unit.dir.path().join("edited.zip");
    assert!(verify_bundle(&path).unwrap().sm2_public_key.is_none());
    let said = common::cli::run_args(&["verify".as_ref(), path.as_os_str()]);
    let output = said.output();
    assert!(output.contains("仅 Ed25519 签名有效"), "{output}");
    assert!(!output.contains("SM3"), "{output}");

    // But an SM2 file, or an SM3, that the manifest does not declare is refused.
    let sm2 = entries(&std::fs::read(&unit.bundle).unwrap());
    let mut stray = old.clone();
    stray.push((
        SM2_PUBLIC_KEY.to_owned(),
        entry(&sm2, SM2_PUBLIC_KEY).to_vec(),
    ));
    let err = verify(unit.dir.path(), &stray).unwrap_err();
    assert!(
        matches!(&err, BundleError::Inconsistent(reason) if reason.contains(SM2_PUBLIC_KEY)),
        "{err:?}"
    );
    let mut half = manifest.clone();
    half.files[0].sm3 = Some(sm3_hex(entry(&old, &half.files[0].path)));
    let mut all = old.clone();
    resign_minisign(&unit.store, &mut all, &half);
    let err = verify(unit.dir.path(), &all).unwrap_err();
    assert!(
        matches!(&err, BundleError::Inconsistent(reason) if reason.contains("SM3")),
        "{err:?}"
    );
}

#[test]
fn the_command_line_reports_both_signatures_and_fingerprints() {
    let unit = unit();
    let said = common::cli::run_args(&["verify".as_ref(), unit.bundle.as_os_str()]);
    let output = said.output();
    let manifest = verify_bundle(&unit.bundle).unwrap().manifest;
    assert!(output.contains("sha256 与 SM3 全部相符"), "{output}");
    assert!(output.contains("Ed25519 与 SM2 双签名有效"), "{output}");
    let sm2 = zhenggai::domain::grouped_key_id(manifest.sm2_key_id.as_deref().unwrap());
    assert!(output.contains(&format!("国密签名编号 {sm2}")), "{output}");
    let sm3 = manifest.data_sm3.unwrap();
    assert!(
        output.contains(&format!("数据指纹（SM3）：{sm3}")),
        "{output}"
    );
    // The public key file of a bundle still checks with the standard minisign tool's format.
    let all = entries(&std::fs::read(&unit.bundle).unwrap());
    assert!(String::from_utf8_lossy(entry(&all, PUBLIC_KEY)).starts_with("untrusted comment:"));
}

#[test]
fn evidence_attached_before_guomi_is_hashed_on_export_and_a_wrong_recorded_sm3_is_caught() {
    let unit = unit();
    let db = unit.dir.path().join("unit.sqlite");
    let evidence: Vec<(String, Vec<u8>)> = entries(&std::fs::read(&unit.bundle).unwrap())
        .into_iter()
        .filter(|(name, _)| name.starts_with("evidence/"))
        .collect();
    assert_eq!(evidence.len(), 2);
    let export = |name: &str| {
        let out = unit.dir.path().join(name);
        let result = export_bundle(&unit.store, None, &out, &mut |_| {
            std::ops::ControlFlow::Continue(())
        });
        (out, result)
    };

    // Files attached before 国密 came have no SM3 recorded: the export works it out.
    common::raw(&db)
        .execute("UPDATE file_blob SET sm3 = NULL", [])
        .unwrap();
    let (out, result) = export("older-files.zip");
    result.unwrap();
    let manifest = verify_bundle(&out).unwrap().manifest;
    for (name, bytes) in &evidence {
        let listed = manifest
            .files
            .iter()
            .find(|file| &file.path == name)
            .unwrap();
        assert_eq!(
            listed.sm3.as_deref(),
            Some(sm3_hex(bytes).as_str()),
            "{name}"
        );
    }

    // A recorded SM3 that is not the file's is caught by the check of the written bundle, and
    // nothing is left under the bundle's name; the database check names the file too.
    common::raw(&db)
        .execute("UPDATE file_blob SET sm3 = ?1", [&"0".repeat(64)])
        .unwrap();
    let (out, result) = export("wrong-sm3.zip");
    let err = result.unwrap_err();
    assert!(
        matches!(
            &err,
            BundleError::HashMismatch {
                algorithm: "SM3",
                ..
            }
        ),
        "{err:?}"
    );
    assert!(!out.exists());
    let report = unit.store.check().unwrap();
    let evidence_findings = report
        .findings
        .iter()
        .filter(|finding| finding.check == "evidence")
        .count();
    assert_eq!(evidence_findings, 2, "{:?}", report.findings);
}
