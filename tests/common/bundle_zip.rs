//! Taking a bundle apart and putting it back together, for tests that tamper with one.

use std::io::{Read, Write};
use std::path::Path;

use zhenggai::bundle::{MANIFEST, Manifest, SIGNATURE, SM2_PUBLIC_KEY, SM2_SIGNATURE};
use zhenggai::store::Store;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

/// Every entry of a bundle, in order, read whole.
pub fn entries(bundle: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = ZipArchive::new(std::io::Cursor::new(bundle)).expect("a zip");
    (0..archive.len())
        .map(|index| {
            let mut file = archive.by_index(index).expect("an entry");
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).expect("entry bytes");
            (file.name().expect("a name").into_owned(), bytes)
        })
        .collect()
}

/// Writes `entries` as a new zip.
pub fn zip_of(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, bytes) in entries {
        zip.start_file(name.as_str(), options).expect("start entry");
        zip.write_all(bytes).expect("write entry");
    }
    zip.finish().expect("finish zip").into_inner()
}

/// The bytes of entry `name`.
pub fn entry<'a>(entries: &'a [(String, Vec<u8>)], name: &str) -> &'a [u8] {
    &entries
        .iter()
        .find(|(entry, _)| entry == name)
        .unwrap_or_else(|| panic!("no {name} in the bundle"))
        .1
}

/// Replaces the bytes of entry `name`.
pub fn set_entry(entries: &mut [(String, Vec<u8>)], name: &str, bytes: Vec<u8>) {
    entries
        .iter_mut()
        .find(|(entry, _)| entry == name)
        .unwrap_or_else(|| panic!("no {name} in the bundle"))
        .1 = bytes;
}

/// The manifest among `entries`.
pub fn manifest_of(entries: &[(String, Vec<u8>)]) -> Manifest {
    serde_json::from_slice(entry(entries, MANIFEST)).expect("tampered bundle")
}

/// Writes `manifest` back into `entries`, signed anew with the unit's minisign key: what
/// someone holding that key, and not the SM2 one, could do.
pub fn resign_minisign(store: &Store, entries: &mut [(String, Vec<u8>)], manifest: &Manifest) {
    let json = serde_json::to_vec_pretty(manifest).expect("tampered bundle");
    let signature = store
        .sign(&json, &manifest.trusted_comment())
        .expect("tampered bundle");
    set_entry(entries, SIGNATURE, signature.into_bytes());
    set_entry(entries, MANIFEST, json);
}

/// As [`resign_minisign`], and with the SM2 key too.
pub fn resign_both(store: &Store, entries: &mut [(String, Vec<u8>)], manifest: &Manifest) {
    resign_minisign(store, entries, manifest);
    let signature = store
        .sign_sm2(entry(entries, MANIFEST))
        .expect("tampered bundle");
    set_entry(entries, SM2_SIGNATURE, signature);
}

/// The entries of the bundle at `bundle` as a bundle from before 国密 had them, with no SM2
/// files, no SM3, signed with minisign alone.
pub fn before_guomi(store: &Store, bundle: &Path) -> Vec<(String, Vec<u8>)> {
    let mut all = entries(&std::fs::read(bundle).expect("tampered bundle"));
    all.retain(|(name, _)| name != SM2_SIGNATURE && name != SM2_PUBLIC_KEY);
    let mut manifest = manifest_of(&all);
    manifest.sm2_key_id = None;
    manifest.data_sm3 = None;
    for file in &mut manifest.files {
        file.sm3 = None;
    }
    resign_minisign(store, &mut all, &manifest);
    all
}
