//! Taking a bundle apart and putting it back together, for tests that tamper with one.

use std::io::{Read, Write};

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
