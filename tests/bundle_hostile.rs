//! A corpus of hostile and broken bundles made from a valid one: each is rejected with its
//! reason, and verifying writes nothing anywhere.

// Helpers outside `#[test]` functions build fixtures; a failure there should panic loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::bundle_zip::{entries, zip_of};
use common::minisign_text::{with_decoded_line, with_line};
use std::io::Write;
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
        export_bundle(&store, None, &out, &mut |_| {
            std::ops::ControlFlow::Continue(())
        })
        .unwrap();
        out
    })
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
    let Err(err) = verify_bundle(&path) else {
        panic!("a hostile bundle was accepted");
    };
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
    assert!(members.len() >= 13, "{members:?}");
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
                BundleError::HashMismatch { .. }
                    | BundleError::DamagedEntry { .. }
                    | BundleError::Signature(_)
                    | BundleError::Manifest(_)
                    | BundleError::SizeMismatch { .. }
                    | BundleError::Inconsistent(_)
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
            .extend_from_slice("1，伪造，伪造\r\n".as_bytes());
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

// ---------------------------------------------------------------------------------------------
// Issue 15, defect 8: where standard tools are strict, so is the receiver. A zip whose local
// headers say something else than its central directory, or that carries bytes outside its
// entries, is refused; so are key and signature files that `minisign -V` would refuse.

/// One stored entry for [`raw_zip`], written by hand so that its local header and central
/// record can be made to disagree.
#[derive(Clone)]
struct RawEntry {
    local_name: Vec<u8>,
    central_name: Vec<u8>,
    data: Vec<u8>,
    /// Bytes written before the local header, belonging to no entry.
    gap_before: Vec<u8>,
    /// Extra field of the central record.
    central_extra: Vec<u8>,
    /// Streamed: crc and sizes 0 in the local header, given in a data descriptor after the
    /// data (with this crc).
    descriptor_crc: Option<u32>,
}

impl RawEntry {
    fn new(name: &str, data: &[u8]) -> Self {
        Self {
            local_name: name.as_bytes().to_vec(),
            central_name: name.as_bytes().to_vec(),
            data: data.to_vec(),
            gap_before: Vec::new(),
            central_extra: Vec::new(),
            descriptor_crc: None,
        }
    }
}

/// The valid bundle's entries as [`RawEntry`]s.
fn raw_entries() -> Vec<RawEntry> {
    entries(&std::fs::read(valid()).unwrap())
        .iter()
        .map(|(name, bytes)| RawEntry::new(name, bytes))
        .collect()
}

/// CRC-32 (the zip polynomial), bit by bit.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0_u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A zip of stored entries, then `comment` in the end record and `trailing` after it;
/// `declared_entries` overrides the entry count of the end record.
fn raw_zip(
    entries: &[RawEntry],
    comment: &[u8],
    trailing: &[u8],
    declared_entries: Option<u16>,
) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for entry in entries {
        out.extend_from_slice(&entry.gap_before);
        let offset = u32::try_from(out.len()).unwrap();
        let crc = crc32(&entry.data);
        let size = u32::try_from(entry.data.len()).unwrap();
        let flags: u16 = if entry.descriptor_crc.is_some() { 8 } else { 0 };
        let (local_crc, local_size) = if entry.descriptor_crc.is_some() {
            (0, 0)
        } else {
            (crc, size)
        };
        out.extend_from_slice(&0x0403_4b50_u32.to_le_bytes());
        out.extend_from_slice(&20_u16.to_le_bytes());
        out.extend_from_slice(&flags.to_le_bytes());
        out.extend_from_slice(&0_u16.to_le_bytes()); // stored
        out.extend_from_slice(&0_u16.to_le_bytes()); // time
        out.extend_from_slice(&0x5C21_u16.to_le_bytes()); // date
        out.extend_from_slice(&local_crc.to_le_bytes());
        out.extend_from_slice(&local_size.to_le_bytes());
        out.extend_from_slice(&local_size.to_le_bytes());
        out.extend_from_slice(&u16::try_from(entry.local_name.len()).unwrap().to_le_bytes());
        out.extend_from_slice(&0_u16.to_le_bytes());
        out.extend_from_slice(&entry.local_name);
        out.extend_from_slice(&entry.data);
        if let Some(descriptor_crc) = entry.descriptor_crc {
            out.extend_from_slice(&0x0807_4b50_u32.to_le_bytes());
            out.extend_from_slice(&descriptor_crc.to_le_bytes());
            out.extend_from_slice(&size.to_le_bytes());
            out.extend_from_slice(&size.to_le_bytes());
        }
        central.extend_from_slice(&0x0201_4b50_u32.to_le_bytes());
        central.extend_from_slice(&20_u16.to_le_bytes());
        central.extend_from_slice(&20_u16.to_le_bytes());
        central.extend_from_slice(&flags.to_le_bytes());
        central.extend_from_slice(&0_u16.to_le_bytes());
        central.extend_from_slice(&0_u16.to_le_bytes());
        central.extend_from_slice(&0x5C21_u16.to_le_bytes());
        central.extend_from_slice(&crc.to_le_bytes());
        central.extend_from_slice(&size.to_le_bytes());
        central.extend_from_slice(&size.to_le_bytes());
        central.extend_from_slice(
            &u16::try_from(entry.central_name.len())
                .unwrap()
                .to_le_bytes(),
        );
        central.extend_from_slice(
            &u16::try_from(entry.central_extra.len())
                .unwrap()
                .to_le_bytes(),
        );
        central.extend_from_slice(&0_u16.to_le_bytes()); // comment
        central.extend_from_slice(&0_u16.to_le_bytes()); // disk
        central.extend_from_slice(&0_u16.to_le_bytes()); // internal attributes
        central.extend_from_slice(&0_u32.to_le_bytes()); // external attributes
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(&entry.central_name);
        central.extend_from_slice(&entry.central_extra);
    }
    let directory_start = u32::try_from(out.len()).unwrap();
    out.extend_from_slice(&central);
    let count = declared_entries.unwrap_or(u16::try_from(entries.len()).unwrap());
    out.extend_from_slice(&0x0605_4b50_u32.to_le_bytes());
    out.extend_from_slice(&0_u16.to_le_bytes());
    out.extend_from_slice(&0_u16.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&u32::try_from(central.len()).unwrap().to_le_bytes());
    out.extend_from_slice(&directory_start.to_le_bytes());
    out.extend_from_slice(&u16::try_from(comment.len()).unwrap().to_le_bytes());
    out.extend_from_slice(comment);
    out.extend_from_slice(trailing);
    out
}

/// The offset of `name`'s local header in a zip made by the zip crate (names are unique and
/// the local header comes first in the file).
fn local_header_of(bytes: &[u8], name: &[u8]) -> usize {
    let mut archive = ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let index = archive.index_for_name_raw(name).unwrap();
    let start = archive.by_index_raw(index).unwrap().header_start();
    usize::try_from(start).unwrap()
}

/// Verifies `bytes` and asserts a refusal for the archive's layout whose message contains
/// every one of `words`.
fn refused_for_layout(bytes: &[u8], words: &[&str]) -> String {
    let err = rejected(bytes);
    assert!(matches!(err, BundleError::Layout(_)), "{err:?}");
    let message = err.to_string();
    for word in words {
        assert!(message.contains(word), "{word}: {message}");
    }
    message
}

fn verifies(bytes: &[u8]) {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("bundle.zip");
    std::fs::write(&path, bytes).unwrap();
    verify_bundle(&path).unwrap();
}

#[test]
fn a_hand_written_zip_of_the_same_files_verifies() {
    // The control for the cases below: the hand-written layout itself is accepted, so each
    // refusal is for the one thing each case changes. A streamed zip (data descriptors, as
    // written by tools that cannot seek) is accepted too.
    verifies(&raw_zip(&raw_entries(), b"", b"", None));
    let mut streamed = raw_entries();
    for entry in &mut streamed {
        entry.descriptor_crc = Some(crc32(&entry.data));
    }
    verifies(&raw_zip(&streamed, b"", b"", None));
}

#[test]
fn a_local_name_differing_from_the_central_name_is_refused() {
    // The case: a streaming extractor would write `../../x`, a seeking reader checks
    // `data/snapshot.json`.
    let mut all = raw_entries();
    let snapshot = all
        .iter_mut()
        .find(|entry| entry.central_name == b"data/snapshot.json")
        .unwrap();
    snapshot.local_name = b"../../x".to_vec();
    refused_for_layout(
        &raw_zip(&all, b"", b"", None),
        &["../../x", "data/snapshot.json", "本地文件头", "中央目录"],
    );

    // The same in the exported file itself, renamed in place to a name of the same length.
    let mut bytes = std::fs::read(valid()).unwrap();
    let at = local_header_of(&bytes, b"data/snapshot.json") + 30;
    bytes[at..at + 18].copy_from_slice(b"../../../../evil.x");
    refused_for_layout(&bytes, &["../../../../evil.x", "data/snapshot.json"]);
}

#[test]
fn local_headers_must_agree_with_the_central_directory() {
    let original = std::fs::read(valid()).unwrap();
    let at = local_header_of(&original, b"data/ledger.csv");
    let patch = |offset: usize, value: &[u8]| {
        let mut bytes = original.clone();
        bytes[at + offset..at + offset + value.len()].copy_from_slice(value);
        bytes
    };
    let flags = u16::from_le_bytes([original[at + 6], original[at + 7]]);
    let method = u16::from_le_bytes([original[at + 8], original[at + 9]]);
    let crc = u32::from_le_bytes(original[at + 14..at + 18].try_into().unwrap());
    let compressed = u32::from_le_bytes(original[at + 18..at + 22].try_into().unwrap());
    for (case, bytes, words) in [
        (
            "crc",
            patch(14, &(crc ^ 1).to_le_bytes()),
            &["data/ledger.csv", "校验值"][..],
        ),
        (
            "compressed size",
            patch(18, &(compressed + 1).to_le_bytes()),
            &["data/ledger.csv", "大小"][..],
        ),
        (
            "method",
            patch(8, &(if method == 8 { 0_u16 } else { 8 }).to_le_bytes()),
            &["data/ledger.csv", "压缩方法"][..],
        ),
        (
            "encryption flag",
            patch(6, &(flags | 1).to_le_bytes()),
            &["data/ledger.csv", "标志位", "加密"][..],
        ),
        (
            "descriptor flag",
            patch(6, &(flags | 8).to_le_bytes()),
            &["data/ledger.csv", "标志位"][..],
        ),
    ] {
        let message = refused_for_layout(&bytes, words);
        println!("{case}: {message}");
    }
}

#[test]
fn a_data_descriptor_disagreeing_with_the_central_directory_is_refused() {
    let mut all = raw_entries();
    for entry in &mut all {
        entry.descriptor_crc = Some(crc32(&entry.data));
    }
    let ledger = all
        .iter_mut()
        .find(|entry| entry.central_name == b"data/ledger.csv")
        .unwrap();
    ledger.descriptor_crc = ledger.descriptor_crc.map(|crc| crc ^ 0x0100);
    refused_for_layout(
        &raw_zip(&all, b"", b"", None),
        &["data/ledger.csv", "数据描述符"],
    );
}

#[test]
fn bytes_outside_the_entries_are_refused() {
    // A local header hidden between two entries: a streaming extractor writes it, a seeking
    // reader never sees it.
    let hidden = raw_zip(&[RawEntry::new("../../x", b"hidden")], b"", b"", None);
    let hidden_header = hidden[..hidden.len() - 22].to_vec();
    let mut all = raw_entries();
    all[1].gap_before = hidden_header;
    refused_for_layout(&raw_zip(&all, b"", b"", None), &["不属于任何文件"]);

    // Bytes before the first entry (a self-extracting stub, say).
    let valid_bytes = raw_zip(&raw_entries(), b"", b"", None);
    let mut prefixed = b"MZ-not-a-zip-stub".to_vec();
    prefixed.extend_from_slice(&valid_bytes);
    refused_for_layout(&prefixed, &["文件开头"]);

    // A zip comment (which could hide a second end record) and bytes after the end record.
    refused_for_layout(
        &raw_zip(&raw_entries(), b"comment", b"", None),
        &["结束记录"],
    );
    refused_for_layout(
        &raw_zip(&raw_entries(), b"", b"trailing", None),
        &["结束记录"],
    );
}

#[test]
fn a_central_record_beyond_the_declared_count_is_refused() {
    // The end record counts one entry fewer than the directory holds: readers that trust the
    // count and readers that walk the directory see different files.
    let mut all = raw_entries();
    all.push(RawEntry::new("evidence/x", b"x"));
    let declared = u16::try_from(all.len() - 1).unwrap();
    refused_for_layout(&raw_zip(&all, b"", b"", Some(declared)), &["中央目录"]);
}

#[test]
fn a_unicode_path_field_renaming_an_entry_is_refused() {
    // The central record names `../../x`; its Info-ZIP Unicode path field (which the zip
    // reader takes instead when its crc matches) says `data/ledger.csv`. Tools that ignore
    // the field would write `../../x`.
    let mut all = raw_entries();
    let ledger = all
        .iter_mut()
        .find(|entry| entry.central_name == b"data/ledger.csv")
        .unwrap();
    ledger.local_name = b"../../x".to_vec();
    ledger.central_name = b"../../x".to_vec();
    let mut field = vec![1_u8];
    field.extend_from_slice(&crc32(b"../../x").to_le_bytes());
    field.extend_from_slice(b"data/ledger.csv");
    ledger.central_extra = [
        &0x7075_u16.to_le_bytes()[..],
        &u16::try_from(field.len()).unwrap().to_le_bytes()[..],
        &field,
    ]
    .concat();
    refused_for_layout(
        &raw_zip(&all, b"", b"", None),
        &["../../x", "data/ledger.csv"],
    );
}

/// The valid bundle's key and signature, and variants of them, each with whether it must be
/// accepted. `minisign -V` agrees with every verdict (see the test below).
fn key_and_signature_variants() -> Vec<(&'static str, String, String, bool)> {
    let all = entries(&std::fs::read(valid()).unwrap());
    let text_of = |wanted: &str| {
        let (_, bytes) = all.iter().find(|(name, _)| name == wanted).unwrap();
        String::from_utf8(bytes.clone()).unwrap()
    };
    let (key, sig) = (text_of(PUBLIC_KEY), text_of(SIGNATURE));
    let long_comment = |line: &str| format!("{line} {}", "长".repeat(400));
    vec![
        ("as exported", key.clone(), sig.clone(), true),
        (
            "CRLF line breaks",
            key.replace('\n', "\r\n"),
            sig.replace('\n', "\r\n"),
            true,
        ),
        (
            "key algorithm Ed -> Ec",
            with_decoded_line(&key, 1, |bytes| bytes[1] = b'c'),
            sig.clone(),
            false,
        ),
        (
            "key algorithm Ed -> ED",
            with_decoded_line(&key, 1, |bytes| bytes[1] = b'D'),
            sig.clone(),
            false,
        ),
        (
            "key algorithm Ed -> zeros",
            with_decoded_line(&key, 1, |bytes| bytes[..2].copy_from_slice(&[0, 0])),
            sig.clone(),
            false,
        ),
        (
            "signature algorithm ED -> Ed (legacy)",
            key.clone(),
            with_decoded_line(&sig, 1, |bytes| bytes[1] = b'd'),
            false,
        ),
        (
            "signature algorithm ED -> EX",
            key.clone(),
            with_decoded_line(&sig, 1, |bytes| bytes[1] = b'X'),
            false,
        ),
        (
            "signature line with a byte to spare",
            key.clone(),
            with_decoded_line(&sig, 1, |bytes| bytes.push(0)),
            false,
        ),
        (
            "trusted comment with a trailing space",
            key.clone(),
            with_line(&sig, 2, |line| format!("{line} ")),
            false,
        ),
        (
            "global signature cut to 16 bytes",
            key.clone(),
            with_decoded_line(&sig, 3, |bytes| bytes.truncate(16)),
            false,
        ),
        // The shapes the fuzz target found panicking in the minisign crate before the check
        // (`ed25519::verify` slices the global signature to 64 bytes unchecked).
        (
            "fuzz finding: an empty line before the global signature",
            key.clone(),
            with_line(&sig, 3, |line| format!("\n{line}")),
            false,
        ),
        (
            "fuzz finding: global signature line cut to 8 characters",
            key.clone(),
            with_line(&sig, 3, |line| line[..8].to_owned()),
            false,
        ),
        (
            "fuzz finding: global signature line cut to 60 characters",
            key.clone(),
            with_line(&sig, 3, |line| line[..60].to_owned()),
            false,
        ),
        // libsodium ignores the unused bits of the last base64 character, and so does
        // minisign: the same signature bytes, written differently, are accepted by both.
        (
            "global signature with the unused base64 bits set",
            key.clone(),
            with_line(&sig, 3, |line| {
                // 64 bytes end in one byte and "==": the last letter carries 4 unused bits.
                let body = line.trim_end_matches('=');
                let (head, last) = body.split_at(body.len() - 1);
                let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
                let value = alphabet.find(last).unwrap() | 0b1111;
                format!("{head}{}==", &alphabet[value..=value])
            }),
            true,
        ),
        (
            "untrusted comment of the signature too long for minisign",
            key.clone(),
            with_line(&sig, 0, long_comment),
            false,
        ),
        (
            "comment of the key too long for minisign",
            with_line(&key, 0, long_comment),
            sig.clone(),
            false,
        ),
        // Found by a differential run (random line edits judged by minisign and by
        // `zhenggai verify`): minisign reads each line with `fgets` into a fixed buffer, a
        // value ends at its first NUL or CR, and lines 1 to 3 must end in a newline first.
        (
            "key line ending in NUL and more",
            with_line(&key, 1, |line| format!("{line}\0junk")),
            sig.clone(),
            true,
        ),
        (
            "key line ending in CR and a thousand characters",
            with_line(&key, 1, |line| format!("{line}\r{}", "x".repeat(1000))),
            sig.clone(),
            true,
        ),
        (
            "untrusted comment with a NUL",
            key.clone(),
            with_line(&sig, 0, |line| format!("{line}\0")),
            false,
        ),
        (
            "signature line ending in NUL and more",
            key.clone(),
            with_line(&sig, 1, |line| format!("{line}\0junk")),
            false,
        ),
        (
            "trusted comment ending in CR and more",
            key.clone(),
            with_line(&sig, 2, |line| format!("{line}\rjunk")),
            true,
        ),
        (
            "trusted comment with a NUL",
            key.clone(),
            with_line(&sig, 2, |line| format!("{line}\0junk")),
            false,
        ),
        (
            "global signature ending in NUL and more",
            key.clone(),
            with_line(&sig, 3, |line| format!("{line}\0junk")),
            true,
        ),
        (
            "text after the last line",
            format!("{key}附加的一行\n"),
            format!("{sig}附加的一行\n"),
            true,
        ),
    ]
}

/// The valid bundle with `unit.pub` and the signature replaced.
fn with_key_and_signature(key: &str, sig: &str) -> Vec<u8> {
    rebuilt(|all| {
        for (name, bytes) in all.iter_mut() {
            if name == PUBLIC_KEY {
                *bytes = key.as_bytes().to_vec();
            } else if name == SIGNATURE {
                *bytes = sig.as_bytes().to_vec();
            }
        }
    })
}

#[test]
fn keys_and_signatures_minisign_refuses_are_refused() {
    for (case, key, sig, accepted) in key_and_signature_variants() {
        let bytes = with_key_and_signature(&key, &sig);
        if accepted {
            verifies(&bytes);
        } else {
            let err = rejected(&bytes);
            assert!(matches!(err, BundleError::Signature(_)), "{case}: {err:?}");
            println!("{case}: {err}");
        }
    }
}

#[test]
fn minisign_and_verify_agree_on_tampered_keys_and_signatures() {
    let probe = std::process::Command::new("minisign").arg("-v").output();
    if probe.is_err() {
        println!("skipped: the minisign tool is not installed (apt-get install minisign)");
        return;
    }
    let manifest = entries(&std::fs::read(valid()).unwrap())
        .into_iter()
        .find(|(name, _)| name == MANIFEST)
        .unwrap()
        .1;
    for (case, key, sig, accepted) in key_and_signature_variants() {
        let folder = tempfile::tempdir().unwrap();
        std::fs::write(folder.path().join(MANIFEST), &manifest).unwrap();
        std::fs::write(folder.path().join(PUBLIC_KEY), &key).unwrap();
        std::fs::write(folder.path().join(SIGNATURE), &sig).unwrap();
        let minisign = std::process::Command::new("minisign")
            .current_dir(folder.path())
            .args([
                "-q", "-V", "-m", MANIFEST, "-p", PUBLIC_KEY, "-x", SIGNATURE,
            ])
            .output()
            .unwrap();
        let path = folder.path().join("bundle.zip");
        std::fs::write(&path, with_key_and_signature(&key, &sig)).unwrap();
        let ours = verify_bundle(&path).map(|_| "accepted");
        assert_eq!(
            minisign.status.success(),
            accepted,
            "{case}: minisign says {}",
            String::from_utf8_lossy(&minisign.stderr)
        );
        assert_eq!(ours.is_ok(), accepted, "{case}: {ours:?}");
    }
}

#[test]
fn the_binary_refuses_a_key_with_another_algorithm_and_a_renamed_local_header() {
    let (key, sig) = key_and_signature_variants()
        .into_iter()
        .find(|(case, ..)| *case == "key algorithm Ed -> Ec")
        .map(|(_, key, sig, _)| (key, sig))
        .unwrap();
    let mut renamed = std::fs::read(valid()).unwrap();
    let at = local_header_of(&renamed, b"data/snapshot.json") + 30;
    renamed[at..at + 18].copy_from_slice(b"../../../../evil.x");
    let folder = tempfile::tempdir().unwrap();
    for (file, bytes, reason) in [
        ("valid.zip", std::fs::read(valid()).unwrap(), None),
        (
            "key.zip",
            with_key_and_signature(&key, &sig),
            Some("公钥的算法标记是「Ec」"),
        ),
        ("renamed.zip", renamed, Some("../../../../evil.x")),
    ] {
        let path = folder.path().join(file);
        std::fs::write(&path, bytes).unwrap();
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_zhenggai"))
            .arg("verify")
            .arg(&path)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        match reason {
            None => assert!(output.status.success(), "{file}: {stderr}"),
            Some(reason) => {
                assert_eq!(output.status.code(), Some(1), "{file}: {stderr}");
                assert!(stderr.contains(reason), "{file}: {stderr}");
                common::assert_chinese(&stderr);
            }
        }
    }
}

/// The offset of `name`'s central directory record.
fn central_record_of(bytes: &[u8], name: &[u8]) -> usize {
    let mut archive = ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let index = archive.index_for_name_raw(name).unwrap();
    let start = archive.by_index_raw(index).unwrap().central_header_start();
    usize::try_from(start).unwrap()
}

#[test]
fn fields_other_zip_tools_read_differently_are_refused() {
    // Found by the fuzz target (`cargo run --release --example fuzz -- bundle`): its accepted
    // cases, listed and extracted with unzip 6.0, 7-Zip 26, bsdtar 3.6 and Python's zipfile,
    // showed these fields make one of them see something else than this program does. Each
    // is patched in place in the exported bundle, which is otherwise valid.
    let original = std::fs::read(valid()).unwrap();
    // reports/ledger.pdf is stored, data/ledger.csv deflated.
    let stored = b"reports/ledger.pdf";
    let central = central_record_of(&original, stored);
    let local = local_header_of(&original, stored);
    let patched = |edits: &[(usize, &[u8])]| {
        let mut bytes = original.clone();
        for (at, value) in edits {
            bytes[*at..*at + value.len()].copy_from_slice(value);
        }
        bytes
    };
    let external = |value: u32| patched(&[(central + 38, &value.to_le_bytes())]);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        // 7-Zip and bsdtar extract a folder named reports/ledger.pdf (from an MS-DOS host,
        // the folder attribute; from any host, a Unix folder mode).
        (
            "MS-DOS folder attribute",
            patched(&[
                (central + 4, &0x0014_u16.to_le_bytes()),
                (central + 38, &0x10_u32.to_le_bytes()),
            ]),
            "文件夹",
        ),
        ("Unix folder mode", external(0o040_644 << 16), "文件夹"),
        // unzip: "skipping: reports/ledger.pdf  volume label".
        (
            "MS-DOS volume label attribute",
            patched(&[
                (central + 4, &0x0014_u16.to_le_bytes()),
                (central + 38, &0x08_u32.to_le_bytes()),
            ]),
            "卷标",
        ),
        // bsdtar makes a character device.
        ("Unix device mode", external(0o020_644 << 16), "特殊文件"),
        // unzip: "need PK compat. v4.7 (can do v4.6)", the file is skipped.
        (
            "version needed 4.7",
            patched(&[(central + 6, &47_u16.to_le_bytes())]),
            "4.7",
        ),
        // 7-Zip: "Headers Error" for a stored entry whose flags differ.
        (
            "level bit in the central record only",
            patched(&[(central + 8, &4_u16.to_le_bytes())]),
            "标志位",
        ),
        // Python's zipfile: "compressed patched data (flag bit 5)".
        (
            "flag bit 5 in both headers",
            patched(&[
                (local + 6, &0x20_u16.to_le_bytes()),
                (central + 8, &0x20_u16.to_le_bytes()),
            ]),
            "标志位",
        ),
    ];
    for (case, bytes, word) in cases {
        let err = rejected(&bytes);
        let message = err.to_string();
        assert!(
            message.contains("reports/ledger.pdf") && message.contains(word),
            "{case}: {message}"
        );
    }

    // unzip: "invalid zip file with overlapped components (possible zip bomb)" for a streamed
    // entry with a Unicode path field, even one that repeats the name.
    let mut all = raw_entries();
    for entry in &mut all {
        entry.descriptor_crc = Some(crc32(&entry.data));
    }
    let ledger = all
        .iter_mut()
        .find(|entry| entry.central_name == b"data/ledger.csv")
        .unwrap();
    let mut field = vec![1_u8];
    field.extend_from_slice(&crc32(b"data/ledger.csv").to_le_bytes());
    field.extend_from_slice(b"data/ledger.csv");
    ledger.central_extra = [
        &0x7075_u16.to_le_bytes()[..],
        &u16::try_from(field.len()).unwrap().to_le_bytes()[..],
        &field,
    ]
    .concat();
    refused_for_layout(
        &raw_zip(&all, b"", b"", None),
        &["data/ledger.csv", "Unicode 路径"],
    );
}

#[test]
fn a_receipt_with_a_short_global_signature_is_refused_without_panicking() {
    // Receipts (回执) are checked by the same function as bundles: before the check, this
    // receipt made the minisign crate panic in `import-receipt`.
    let folder = tempfile::tempdir().unwrap();
    let mut office = zhenggai::store::Store::open(&folder.path().join("agg.sqlite")).unwrap();
    office
        .apply(&zhenggai::domain::Command::InitOffice(
            zhenggai::domain::OfficeDraft {
                name: "市作风办".into(),
            },
        ))
        .unwrap();
    let outcome = zhenggai::bundle::receive(&mut office, valid(), false);
    assert!(
        matches!(outcome, zhenggai::bundle::ReceiveOutcome::Received(_)),
        "{outcome:?}"
    );
    let path = folder.path().join("回执.json");
    zhenggai::bundle::receipt::write_receipt(&office, "市行政审批局", &path).unwrap();
    zhenggai::bundle::receipt::read_receipt(&path).unwrap();
    let mut file: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let signature = file["signature"].as_str().unwrap().to_owned();
    file["signature"] = with_line(&signature, 3, |line| line[..8].to_owned()).into();
    std::fs::write(&path, serde_json::to_vec_pretty(&file).unwrap()).unwrap();
    let err = zhenggai::bundle::receipt::read_receipt(&path).unwrap_err();
    assert!(matches!(err, BundleError::Signature(_)), "{err:?}");
    common::assert_chinese(&err.to_string());
}
