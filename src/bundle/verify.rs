//! Verifying a bundle (DESIGN §6) without extracting it: the archive's directory is checked
//! before a byte is inflated, then the signature, then every listed file is streamed through
//! sha256 with its declared size as a hard cap. Only the manifest and the canonical data are
//! kept in memory; nothing is written anywhere.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use sha2::{Digest, Sha256};
use zip::ZipArchive;

use super::error::{BundleError, BundleResult};
use super::limits::Limits;
use super::manifest::{BUNDLE_FORMAT, BUNDLE_VERSION, Manifest, ManifestFile};
use super::names::{MANIFEST, PUBLIC_KEY, SIGNATURE, SNAPSHOT, check_entry_name};
use crate::domain::audit::hex_lower;
use crate::domain::snapshot::Snapshot;
use crate::store::{key_id_of_public_key, verify_signature};

/// The signature and public key files are a few hundred bytes; anything larger is not one.
const MAX_KEY_FILE_BYTES: u64 = 16 * 1024;

/// A bundle that passed every check.
#[derive(Debug, Clone)]
pub struct VerifiedBundle {
    /// The signed manifest.
    pub manifest: Manifest,
    /// sha256 of `manifest.json`: identifies this bundle.
    pub manifest_sha256: String,
    /// The unit's public key as in `unit.pub`.
    pub public_key: String,
    /// The canonical data as stored in the bundle.
    pub snapshot_json: String,
    /// The canonical data, parsed.
    pub snapshot: Snapshot,
    /// The bundle file's size.
    pub bytes: u64,
}

/// One entry that passed the directory checks.
struct Entry {
    index: usize,
    size: u64,
}

/// Verifies the bundle at `path` with the default limits.
pub fn verify_bundle(path: &Path) -> BundleResult<VerifiedBundle> {
    verify_bundle_with(path, &Limits::default(), &mut |_, _| {})
}

/// Verifies the bundle at `path` within `limits`, reporting bytes hashed so far and the total
/// to `progress`.
pub fn verify_bundle_with(
    path: &Path,
    limits: &Limits,
    progress: &mut dyn FnMut(u64, u64),
) -> BundleResult<VerifiedBundle> {
    let file = File::open(path).map_err(|err| BundleError::io(path, err))?;
    let bytes = file
        .metadata()
        .map_err(|err| BundleError::io(path, err))?
        .len();
    if bytes > limits.max_bundle_bytes {
        return Err(BundleError::TooLarge {
            bytes,
            limit: limits.max_bundle_bytes,
        });
    }
    let mut archive = ZipArchive::new(BufReader::new(file))
        .map_err(|err| BundleError::NotZip(err.to_string()))?;
    if archive.has_duplicate_names() {
        return Err(BundleError::DuplicateNames);
    }
    if archive.len() > limits.max_entries {
        return Err(BundleError::TooManyEntries {
            count: archive.len(),
            limit: limits.max_entries,
        });
    }
    let mut entries = inspect_entries(&archive, limits)?;

    let manifest_bytes = read_small(&mut archive, &mut entries, MANIFEST, limits.max_data_bytes)?;
    let signature = read_small(&mut archive, &mut entries, SIGNATURE, MAX_KEY_FILE_BYTES)?;
    let public_key = read_small(&mut archive, &mut entries, PUBLIC_KEY, MAX_KEY_FILE_BYTES)?;
    let signature = String::from_utf8(signature)
        .map_err(|_| BundleError::Signature("签名文件不是文本".into()))?;
    let public_key = String::from_utf8(public_key)
        .map_err(|_| BundleError::Signature("公钥文件不是文本".into()))?;
    let trusted_comment = verify_signature(&public_key, &signature, &manifest_bytes)
        .map_err(BundleError::Signature)?;
    let manifest: Manifest = serde_json::from_slice(&manifest_bytes)
        .map_err(|err| BundleError::Manifest(err.to_string()))?;
    check_manifest(&manifest, &trusted_comment, &public_key)?;

    // Every listed file must be there with its declared size, and nothing else may be.
    let mut listed_entries = Vec::with_capacity(manifest.files.len());
    for listed in &manifest.files {
        let entry = entries
            .remove(listed.path.as_str())
            .ok_or_else(|| BundleError::Missing(listed.path.clone()))?;
        if entry.size != listed.bytes {
            return Err(BundleError::SizeMismatch {
                name: listed.path.clone(),
                listed: listed.bytes,
                actual: entry.size,
            });
        }
        if listed.path == SNAPSHOT && listed.bytes > limits.max_data_bytes {
            return Err(BundleError::EntryTooLarge {
                name: listed.path.clone(),
                bytes: listed.bytes,
                limit: limits.max_data_bytes,
            });
        }
        listed_entries.push((listed, entry.index));
    }
    if let Some(extra) = entries.keys().next() {
        return Err(BundleError::Extra(extra.clone()));
    }

    // Large bundles are hashed on two threads, each with its own reader: hashing, not the
    // disk, bounds verification once the file is in the page cache.
    let total: u64 = manifest.files.iter().map(|file| file.bytes).sum();
    let (mine, theirs) = if total >= PARALLEL_FROM_BYTES {
        split_by_bytes(listed_entries)
    } else {
        (listed_entries, Vec::new())
    };
    let done = AtomicU64::new(0);
    let mut snapshot_json = None;
    std::thread::scope(|scope| -> BundleResult<()> {
        let helper = (!theirs.is_empty()).then(|| {
            scope.spawn(|| -> BundleResult<()> {
                let file = File::open(path).map_err(|err| BundleError::io(path, err))?;
                let mut second = ZipArchive::new(BufReader::new(file))
                    .map_err(|err| BundleError::NotZip(err.to_string()))?;
                for (listed, index) in &theirs {
                    check_entry(&mut second, listed, *index, false)?;
                    done.fetch_add(listed.bytes, Ordering::Relaxed);
                }
                Ok(())
            })
        });
        let mut mine_result = Ok(());
        for (listed, index) in &mine {
            match check_entry(&mut archive, listed, *index, listed.path == SNAPSHOT) {
                Ok(kept) => {
                    if listed.path == SNAPSHOT {
                        snapshot_json = Some(kept);
                    }
                }
                Err(err) => {
                    mine_result = Err(err);
                    break;
                }
            }
            let so_far = done.fetch_add(listed.bytes, Ordering::Relaxed) + listed.bytes;
            progress(so_far, total);
        }
        let theirs_result = helper.map_or(Ok(()), |handle| {
            handle
                .join()
                .unwrap_or_else(|_| Err(BundleError::Inconsistent("核验线程意外中止".into())))
        });
        mine_result.and(theirs_result)
    })?;
    progress(total, total);
    let snapshot_json = snapshot_json.ok_or_else(|| BundleError::Missing(SNAPSHOT.into()))?;
    let snapshot_json = String::from_utf8(snapshot_json)
        .map_err(|_| BundleError::Inconsistent("数据文件不是 UTF-8 文本".into()))?;
    let snapshot = check_snapshot(&manifest, &snapshot_json)?;
    Ok(VerifiedBundle {
        manifest,
        manifest_sha256: hex_lower(&Sha256::digest(&manifest_bytes)),
        public_key,
        snapshot_json,
        snapshot,
        bytes,
    })
}

/// Checks every entry's name, type and sizes from the central directory alone, before any
/// data is read. Returns the entries by name.
fn inspect_entries(
    archive: &ZipArchive<BufReader<File>>,
    limits: &Limits,
) -> BundleResult<BTreeMap<String, Entry>> {
    let mut entries = BTreeMap::new();
    let mut folded: HashMap<String, String> = HashMap::new();
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let entry = archive
            .by_index_data(index)
            .map_err(|err| BundleError::NotZip(err.to_string()))?;
        let raw = entry.name_raw();
        let shown = String::from_utf8_lossy(raw).into_owned();
        let name = check_entry_name(raw)
            .map_err(|reason| BundleError::BadName {
                name: shown.clone(),
                reason,
            })?
            .to_owned();
        if entry.is_symlink() {
            return Err(BundleError::Symlink(shown));
        }
        if entry.is_dir() {
            return Err(BundleError::Directory(shown));
        }
        if entry.encrypted() {
            return Err(BundleError::Encrypted(shown));
        }
        let size = entry.size();
        if size > limits.max_entry_bytes {
            return Err(BundleError::EntryTooLarge {
                name: shown,
                bytes: size,
                limit: limits.max_entry_bytes,
            });
        }
        total = total.saturating_add(size);
        if total > limits.max_total_bytes {
            return Err(BundleError::TotalTooLarge {
                bytes: total,
                limit: limits.max_total_bytes,
            });
        }
        let compressed = entry.compressed_size().max(1);
        if size >= limits.ratio_floor && size / compressed > limits.max_ratio {
            return Err(BundleError::Bomb {
                name: shown,
                ratio: size / compressed,
            });
        }
        if let Some(first) = folded.insert(name.to_lowercase(), name.clone()) {
            return Err(BundleError::CaseCollision {
                first,
                second: shown,
            });
        }
        entries.insert(name, Entry { index, size });
    }
    Ok(entries)
}

/// A listed file and its entry's index in the archive.
type ListedEntry<'a> = (&'a ManifestFile, usize);

/// Bundles at least this large are hashed on two threads.
const PARALLEL_FROM_BYTES: u64 = 16 * 1024 * 1024;

/// Splits the entries into two lists of about equal bytes; the canonical data stays in the
/// first, which keeps its bytes.
fn split_by_bytes(entries: Vec<ListedEntry<'_>>) -> (Vec<ListedEntry<'_>>, Vec<ListedEntry<'_>>) {
    let (mut first, mut second) = (Vec::new(), Vec::new());
    let (mut first_bytes, mut second_bytes) = (0_u64, 0_u64);
    for entry in entries {
        if entry.0.path == SNAPSHOT || first_bytes <= second_bytes {
            first_bytes += entry.0.bytes;
            first.push(entry);
        } else {
            second_bytes += entry.0.bytes;
            second.push(entry);
        }
    }
    (first, second)
}

/// Hashes one listed entry and compares it with the manifest; returns its bytes when `keep`.
fn check_entry(
    archive: &mut ZipArchive<BufReader<File>>,
    listed: &ManifestFile,
    index: usize,
    keep: bool,
) -> BundleResult<Vec<u8>> {
    let (sha256, kept) = hash_entry(archive, index, &listed.path, listed.bytes, keep)?;
    if sha256 != listed.sha256 {
        return Err(BundleError::HashMismatch(listed.path.clone()));
    }
    Ok(kept)
}

/// Reads one of the small files (manifest, signature, key) whole, capped at `limit`.
fn read_small(
    archive: &mut ZipArchive<BufReader<File>>,
    entries: &mut BTreeMap<String, Entry>,
    name: &'static str,
    limit: u64,
) -> BundleResult<Vec<u8>> {
    let entry = entries
        .remove(name)
        .ok_or(BundleError::MissingSignatureFile(name))?;
    if entry.size > limit {
        return Err(BundleError::EntryTooLarge {
            name: name.into(),
            bytes: entry.size,
            limit,
        });
    }
    let (_, bytes) = hash_entry(archive, entry.index, name, entry.size, true)?;
    Ok(bytes)
}

/// Streams entry `index` through sha256, refusing more or fewer bytes than `size`; returns the
/// hash and, when `keep`, the bytes.
fn hash_entry(
    archive: &mut ZipArchive<BufReader<File>>,
    index: usize,
    name: &str,
    size: u64,
    keep: bool,
) -> BundleResult<(String, Vec<u8>)> {
    let damaged = |reason: String| BundleError::DamagedEntry {
        name: name.to_owned(),
        reason,
    };
    let entry = archive
        .by_index(index)
        .map_err(|err| damaged(err.to_string()))?;
    // One byte more than declared is enough to tell a lying header.
    let mut reader = entry.take(size.saturating_add(1));
    let mut hasher = Sha256::new();
    let mut kept = Vec::new();
    let mut buffer = vec![0_u8; 64 * 1024];
    let mut read_total: u64 = 0;
    loop {
        let count = reader
            .read(&mut buffer)
            .map_err(|err| damaged(err.to_string()))?;
        if count == 0 {
            break;
        }
        read_total += count as u64;
        hasher.update(&buffer[..count]);
        if keep {
            kept.extend_from_slice(&buffer[..count]);
        }
    }
    if read_total != size {
        return Err(BundleError::SizeMismatch {
            name: name.to_owned(),
            listed: size,
            actual: read_total,
        });
    }
    Ok((hex_lower(&hasher.finalize()), kept))
}

/// Checks the manifest's own fields against the signature and the key.
fn check_manifest(
    manifest: &Manifest,
    trusted_comment: &str,
    public_key: &str,
) -> BundleResult<()> {
    if manifest.format != BUNDLE_FORMAT || manifest.version != BUNDLE_VERSION {
        return Err(BundleError::Manifest(format!(
            "格式为 {} 版本 {},本程序只认 {BUNDLE_FORMAT} 版本 {BUNDLE_VERSION}",
            manifest.format, manifest.version
        )));
    }
    if trusted_comment != manifest.trusted_comment() {
        return Err(BundleError::Inconsistent(
            "签名中的单位、版本或数据指纹与清单不符".into(),
        ));
    }
    let key_id = key_id_of_public_key(public_key).map_err(BundleError::Signature)?;
    if key_id != manifest.key_id {
        return Err(BundleError::Inconsistent(format!(
            "清单中的密钥 {} 与 unit.pub 的密钥 {key_id} 不符",
            manifest.key_id
        )));
    }
    if manifest.sign_off.revision != manifest.revision
        || manifest.sign_off.data_sha256 != manifest.data_sha256
    {
        return Err(BundleError::Inconsistent(
            "签发记录的版本号或数据指纹与清单不符".into(),
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for file in &manifest.files {
        check_entry_name(file.path.as_bytes()).map_err(|reason| BundleError::BadName {
            name: file.path.clone(),
            reason,
        })?;
        if super::names::is_signature_file(&file.path) || !seen.insert(file.path.as_str()) {
            return Err(BundleError::Manifest(format!(
                "清单重复列出了「{}」",
                file.path
            )));
        }
    }
    Ok(())
}

/// Checks the canonical data against the manifest and parses it.
fn check_snapshot(manifest: &Manifest, snapshot_json: &str) -> BundleResult<Snapshot> {
    if crate::domain::snapshot::sha256_hex(snapshot_json) != manifest.data_sha256 {
        return Err(BundleError::Inconsistent(
            "数据文件的指纹与清单中的数据指纹不符".into(),
        ));
    }
    let snapshot: Snapshot = serde_json::from_str(snapshot_json)
        .map_err(|err| BundleError::Inconsistent(format!("数据文件无法读取:{err}")))?;
    let unit = snapshot.unit.as_ref().map(|unit| unit.name.as_str());
    if unit != Some(manifest.unit.as_str()) {
        return Err(BundleError::Inconsistent(format!(
            "数据中的单位「{}」与清单中的「{}」不符",
            unit.unwrap_or_default(),
            manifest.unit
        )));
    }
    Ok(snapshot)
}
