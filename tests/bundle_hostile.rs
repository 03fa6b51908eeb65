//! A corpus of hostile and broken bundles made from a valid one: each is rejected with its
//! reason, and verifying writes nothing anywhere.

// Helpers outside `#[test]` functions build fixtures; a failure there should panic loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use zhenggai::bundle::{
    BundleError, MANIFEST, PUBLIC_KEY, SIGNATURE, export_bundle, verify_bundle,
};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

/// The valid bundle every case starts from, made once per test run.
fn valid() -> &'static Path {
    static VALID: OnceLock<PathBuf> = OnceLock::new();
    VALID.get_or_init(|| {
        let folder = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("bundle-hostile-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&folder);
        std::fs::create_dir_all(&folder).unwrap();
        let store = common::signed_demo(&folder.join("unit.sqlite"), "市行政审批局", 1);
        let out = folder.join("valid.zip");
        export_bundle(&store, None, &out, &mut |_| {}).unwrap();
        out
    })
}

/// Every entry of a bundle, in order, read whole.
fn entries(bundle: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = ZipArchive::new(std::io::Cursor::new(bundle)).unwrap();
    (0..archive.len())
        .map(|index| {
            let mut file = archive.by_index(index).unwrap();
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).unwrap();
            (file.name().unwrap().into_owned(), bytes)
        })
        .collect()
}

/// Writes `entries` as a new zip.
fn zip_of(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, bytes) in entries {
        zip.start_file(name.as_str(), options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// The valid bundle's entries, changed by `edit`, rewritten as a zip.
fn rebuilt(edit: impl FnOnce(&mut Vec<(String, Vec<u8>)>)) -> Vec<u8> {
    let mut all = entries(&std::fs::read(valid()).unwrap());
    edit(&mut all);
    zip_of(&all)
}

/// Verifies `bytes` as a bundle in a fresh folder, asserts the folder holds only that file
/// afterwards, and returns the error.
fn rejected(bytes: &[u8]) -> BundleError {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("bundle.zip");
    std::fs::write(&path, bytes).unwrap();
    let err = verify_bundle(&path).expect_err("a hostile bundle was accepted");
    let listing: Vec<_> = std::fs::read_dir(folder.path()).unwrap().collect();
    assert_eq!(listing.len(), 1, "verify wrote files: {listing:?}");
    common::assert_chinese(&err.to_string());
    err
}

fn with_extra(name: &str, bytes: &[u8]) -> Vec<u8> {
    rebuilt(|all| all.push((name.to_owned(), bytes.to_vec())))
}

#[test]
fn the_valid_bundle_verifies_even_when_rewritten() {
    verify_bundle(valid()).unwrap();
    // Rewriting with another zip writer keeps it valid: the signature covers content, not
    // compression.
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("rewritten.zip");
    std::fs::write(&path, rebuilt(|_| {})).unwrap();
    verify_bundle(&path).unwrap();
}

#[test]
fn unsafe_names_are_refused() {
    for (name, reason) in [
        ("../evil.txt", "「..」"),
        ("data/../../evil.txt", "「..」"),
        ("/etc/evil", "绝对路径"),
        ("C:\\Windows\\evil.exe", "反斜杠"),
        ("C:/evil.exe", "冒号"),
        ("notes/readme.txt", "规定的目录"),
    ] {
        let err = rejected(&with_extra(name, b"x"));
        assert!(
            matches!(err, BundleError::BadName { .. }),
            "{name}: {err:?}"
        );
        assert!(err.to_string().contains(reason), "{name}: {err}");
    }
}

#[test]
fn a_symlink_entry_is_refused() {
    let mut all = entries(&std::fs::read(valid()).unwrap());
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default();
    for (name, bytes) in all.drain(..) {
        zip.start_file(name, options).unwrap();
        zip.write_all(&bytes).unwrap();
    }
    zip.add_symlink("data/link.json", "/etc/passwd", options)
        .unwrap();
    let err = rejected(&zip.finish().unwrap().into_inner());
    assert!(matches!(err, BundleError::Symlink(_)), "{err:?}");
}

#[test]
fn duplicate_names_are_refused() {
    // zip writers refuse duplicates, so write two names of equal length and make them equal.
    let bytes = rebuilt(|all| {
        all.push(("data/aaaaa.json".into(), b"{}".to_vec()));
        all.push(("data/bbbbb.json".into(), b"[]".to_vec()));
    });
    let patched = replace_all(&bytes, b"data/bbbbb.json", b"data/aaaaa.json");
    let err = rejected(&patched);
    assert!(matches!(err, BundleError::DuplicateNames), "{err:?}");
}

#[test]
fn names_colliding_by_case_are_refused() {
    let err = rejected(&with_extra("data/Snapshot.json", b"{}"));
    assert!(matches!(err, BundleError::CaseCollision { .. }), "{err:?}");
    assert!(err.to_string().contains("大小写"), "{err}");
}

#[test]
fn a_zip_bomb_by_ratio_is_refused_before_inflating() {
    let zeros = vec![0_u8; 8 * 1024 * 1024];
    let err = rejected(&with_extra("evidence/bomb.bin", &zeros));
    assert!(matches!(err, BundleError::Bomb { .. }), "{err:?}");
    assert!(err.to_string().contains("压缩炸弹"), "{err}");
}

#[test]
fn a_huge_declared_size_is_refused() {
    let bytes = with_extra("evidence/huge.bin", b"small");
    let patched = set_central_size(&bytes, b"evidence/huge.bin", 0xFFFF_FFF0);
    let err = rejected(&patched);
    assert!(
        matches!(
            err,
            BundleError::EntryTooLarge { .. } | BundleError::TotalTooLarge { .. }
        ),
        "{err:?}"
    );
}

#[test]
fn a_hundred_thousand_entries_are_refused() {
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    for index in 0..100_000 {
        zip.start_file(format!("evidence/{index}"), options)
            .unwrap();
    }
    let err = rejected(&zip.finish().unwrap().into_inner());
    assert!(
        matches!(err, BundleError::TooManyEntries { count: 100_000, .. }),
        "{err:?}"
    );
}

#[test]
fn one_flipped_byte_in_any_member_is_refused() {
    let original = std::fs::read(valid()).unwrap();
    let mut archive = ZipArchive::new(std::io::Cursor::new(&original)).unwrap();
    let mut members = Vec::new();
    for index in 0..archive.len() {
        let file = archive.by_index_raw(index).unwrap();
        let start = file.data_start().unwrap();
        members.push((
            String::from_utf8_lossy(file.name_raw()).into_owned(),
            start,
            file.compressed_size(),
        ));
    }
    assert!(members.len() >= 11, "{members:?}");
    for (name, start, size) in members {
        assert!(size > 0, "{name} is empty");
        let mut bytes = original.clone();
        let at = usize::try_from(start + size / 2).unwrap();
        bytes[at] ^= 0x01;
        let err = rejected(&bytes);
        let reason = err.to_string();
        assert!(
            matches!(
                err,
                BundleError::HashMismatch(_)
                    | BundleError::DamagedEntry { .. }
                    | BundleError::Signature(_)
                    | BundleError::Manifest(_)
                    | BundleError::SizeMismatch { .. }
            ),
            "{name}: {err:?}"
        );
        // The reason names the member, except where only the signature can tell.
        if ![MANIFEST, SIGNATURE, PUBLIC_KEY].contains(&name.as_str()) {
            assert!(reason.contains(&name), "{name}: {reason}");
        }
    }
}

#[test]
fn a_missing_listed_file_is_refused() {
    let bytes = rebuilt(|all| all.retain(|(name, _)| name != "reports/rules.pdf"));
    let err = rejected(&bytes);
    assert!(
        matches!(&err, BundleError::Missing(name) if name == "reports/rules.pdf"),
        "{err:?}"
    );
}

#[test]
fn an_extra_file_is_refused() {
    let err = rejected(&with_extra("data/extra.json", b"{}"));
    assert!(
        matches!(&err, BundleError::Extra(name) if name == "data/extra.json"),
        "{err:?}"
    );
}

#[test]
fn a_missing_signature_is_refused() {
    let bytes = rebuilt(|all| all.retain(|(name, _)| name != SIGNATURE));
    let err = rejected(&bytes);
    assert!(
        matches!(err, BundleError::MissingSignatureFile(SIGNATURE)),
        "{err:?}"
    );
}

#[test]
fn truncated_empty_and_foreign_files_are_refused() {
    let original = std::fs::read(valid()).unwrap();
    for cut in [original.len() / 2, original.len() - 10, 100, 0] {
        let err = rejected(&original[..cut]);
        assert!(
            matches!(err, BundleError::NotZip(_)),
            "cut at {cut}: {err:?}"
        );
    }
    let err = rejected(&common::noise(50_000, 3));
    assert!(matches!(err, BundleError::NotZip(_)), "{err:?}");
}

#[test]
fn a_changed_manifest_or_another_key_breaks_the_signature() {
    let edited = rebuilt(|all| {
        for (name, bytes) in all.iter_mut() {
            if name == MANIFEST {
                let text = String::from_utf8(bytes.clone()).unwrap();
                *bytes = text
                    .replace("\"revision\": 1", "\"revision\": 7")
                    .into_bytes();
            }
        }
    });
    let err = rejected(&edited);
    assert!(matches!(err, BundleError::Signature(_)), "{err:?}");

    let other = minisign::KeyPair::generate_unencrypted_keypair().unwrap();
    let other_pub = other.pk.to_box().unwrap().into_string();
    let wrong_key = rebuilt(|all| {
        for (name, bytes) in all.iter_mut() {
            if name == PUBLIC_KEY {
                *bytes = other_pub.clone().into_bytes();
            }
        }
    });
    let err = rejected(&wrong_key);
    assert!(matches!(err, BundleError::Signature(_)), "{err:?}");
}

#[test]
fn a_changed_file_with_a_consistent_manifest_still_fails_the_signature() {
    // Someone edits the data and updates the manifest's hash to match: the signature catches it.
    let bytes = rebuilt(|all| {
        let snapshot = all
            .iter()
            .position(|(name, _)| name == "data/ledger.csv")
            .unwrap();
        all[snapshot]
            .1
            .extend_from_slice("1,伪造,伪造\r\n".as_bytes());
        let new_hash = common::sha256_of(&all[snapshot].1);
        let new_len = all[snapshot].1.len();
        let manifest = all.iter().position(|(name, _)| name == MANIFEST).unwrap();
        let mut value: serde_json::Value = serde_json::from_slice(&all[manifest].1).unwrap();
        for file in value["files"].as_array_mut().unwrap() {
            if file["path"] == "data/ledger.csv" {
                file["sha256"] = new_hash.clone().into();
                file["bytes"] = new_len.into();
            }
        }
        all[manifest].1 = serde_json::to_vec_pretty(&value).unwrap();
    });
    let err = rejected(&bytes);
    assert!(matches!(err, BundleError::Signature(_)), "{err:?}");
}

fn replace_all(haystack: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    assert_eq!(from.len(), to.len());
    let mut out = haystack.to_vec();
    let mut at = 0;
    while let Some(found) = out[at..]
        .windows(from.len())
        .position(|window| window == from)
    {
        out[at + found..at + found + to.len()].copy_from_slice(to);
        at += found + to.len();
    }
    out
}

/// Sets the uncompressed size in the central directory record of `name`.
fn set_central_size(bytes: &[u8], name: &[u8], size: u32) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let signature = [0x50, 0x4b, 0x01, 0x02];
    let mut patched = false;
    for at in 0..out.len().saturating_sub(46) {
        if out[at..at + 4] != signature {
            continue;
        }
        let name_len = usize::from(u16::from_le_bytes([out[at + 28], out[at + 29]]));
        if out.get(at + 46..at + 46 + name_len) == Some(name) {
            out[at + 24..at + 28].copy_from_slice(&size.to_le_bytes());
            patched = true;
        }
    }
    assert!(patched, "no central record for the entry");
    out
}
