//! Verifying a bundle (DESIGN §6) without extracting it: the archive's directory is checked
//! before a byte is inflated, then the archive's layout (every local header agrees with its
//! central record, the entries fill the file without gaps, nothing trails the end record), then
//! the signatures (minisign, and SM2 where the manifest says the bundle has one), then every
//! listed file is streamed through sha256 (and SM3) with its declared size as a hard cap. Only
//! the manifest and the canonical data are kept in memory; nothing is written anywhere.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use sha2::{Digest, Sha256};
use zip::ZipArchive;

use super::error::{BundleError, BundleResult};
use super::limits::Limits;
use super::manifest::{BUNDLE_FORMAT, BUNDLE_VERSION, Manifest, ManifestFile};
use super::names::{
    MANIFEST, PUBLIC_KEY, SIGNATURE, SM2_PUBLIC_KEY, SM2_SIGNATURE, SNAPSHOT, check_entry_name,
};
use crate::domain::audit::hex_lower;
use crate::domain::snapshot::Snapshot;
use crate::domain::{Sm2PublicKey, VerifiedRevision};
use crate::guomi::{self, Sm3Hasher};
use crate::signing::{key_id_of_public_key, verify_signature};

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
    /// The unit's SM2 public key as in `unit.sm2.pem`, whose signature was checked too; `None`
    /// for a bundle from before 国密 （仅 Ed25519 签名）.
    pub sm2_public_key: Option<Sm2PublicKey>,
    /// The canonical data as stored in the bundle.
    pub snapshot_json: String,
    /// The canonical data, parsed.
    pub snapshot: Snapshot,
    /// The bundle file's size.
    pub bytes: u64,
}

impl VerifiedBundle {
    /// The revision this bundle carries, as the command that receives it into an aggregate
    /// carries it (`Command::ImportBundle`).
    pub fn to_revision(&self) -> BundleResult<VerifiedRevision> {
        let manifest = &self.manifest;
        let sign_off = &manifest.sign_off;
        Ok(VerifiedRevision {
            unit: manifest.unit.clone(),
            revision: manifest.revision,
            preparer: sign_off.preparer.clone(),
            reviewer: sign_off.reviewer.clone(),
            leader: sign_off.leader.clone(),
            signed_at: sign_off.signed_at.clone(),
            data_sha256: manifest.data_sha256.clone(),
            manifest_sha256: self.manifest_sha256.clone(),
            key_id: manifest.key_id.clone(),
            public_key: self.public_key.clone(),
            sm2_key_id: self.sm2_public_key.as_ref().map(|key| key.key_id.clone()),
            sm2_public_key: self
                .sm2_public_key
                .as_ref()
                .map(|key| key.public_key.clone()),
            manifest_json: serde_json::to_string(manifest)
                .map_err(|err| BundleError::Manifest(err.to_string()))?,
            snapshot_json: self.snapshot_json.clone(),
        })
    }
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
    // A second handle on the same open file reads the raw headers: the zip reader seeks to
    // every entry before reading it, so the two never disturb each other.
    let raw = file.try_clone().map_err(|err| BundleError::io(path, err))?;
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
    check_layout(&mut RawFile::new(path, raw, bytes), &archive)?;

    let manifest_bytes = read_small(&mut archive, &mut entries, MANIFEST, limits.max_data_bytes)?;
    let signature = read_small(&mut archive, &mut entries, SIGNATURE, MAX_KEY_FILE_BYTES)?;
    let public_key = read_small(&mut archive, &mut entries, PUBLIC_KEY, MAX_KEY_FILE_BYTES)?;
    let signature = String::from_utf8(signature)
        .map_err(|_| BundleError::Signature("签名文件不是文本".into()))?;
    let public_key = String::from_utf8(public_key)
        .map_err(|_| BundleError::Signature("公钥文件不是文本".into()))?;
    let trusted_comment = verify_signature(&public_key, &signature, &manifest_bytes)
        .map_err(BundleError::Signature)?;
    let sm2_signature = read_optional(&mut archive, &mut entries, SM2_SIGNATURE)?;
    let sm2_public_key = read_optional(&mut archive, &mut entries, SM2_PUBLIC_KEY)?;
    let manifest: Manifest = serde_json::from_slice(&manifest_bytes)
        .map_err(|err| BundleError::Manifest(err.to_string()))?;
    check_manifest(&manifest, &trusted_comment, &public_key)?;
    let sm2_public_key = check_sm2(&manifest, &manifest_bytes, sm2_signature, sm2_public_key)?;

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
        sm2_public_key,
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

// The archive's layout, read from its raw bytes.
//
// A zip names every entry twice: in the central directory at its end, which seeking readers
// use (this program's zip reader, 7-Zip, Windows Explorer), and in a local header before the
// entry's data, which streaming readers use and which says where the data starts. A hostile
// file can make the two disagree, so that one tool sees `data/snapshot.json` where another
// sees `../../x`, or can hide a header between entries or a second directory in a comment.
// A bundle is refused unless both views list the same names with the same sizes, methods,
// flags and checksums, and unless every byte belongs to exactly one structure: the entries
// from offset 0 in a row, the central directory right after them, the end records right
// after it and nothing after those. What the fuzz target's accepted cases showed other tools
// (unzip, 7-Zip, bsdtar, Python's zipfile) read differently is refused too: a file that the
// external attributes make a folder or a special file, a version needed above 4.6, a Unicode
// path field.

const LOCAL_SIGNATURE: u32 = 0x0403_4b50;
const CENTRAL_SIGNATURE: u32 = 0x0201_4b50;
const END_SIGNATURE: u32 = 0x0605_4b50;
const ZIP64_END_SIGNATURE: u32 = 0x0606_4b50;
const ZIP64_LOCATOR_SIGNATURE: u32 = 0x0706_4b50;
const DESCRIPTOR_SIGNATURE: u32 = 0x0807_4b50;
/// The fixed parts of the records, in bytes.
const LOCAL_FIXED: usize = 30;
const CENTRAL_FIXED: usize = 46;
const END_FIXED: usize = 22;
const ZIP64_LOCATOR_FIXED: usize = 20;
const ZIP64_END_FIXED: usize = 56;
/// Flag bits 0 (encrypted), 6 (strong encryption) and 13 (masked central directory).
const FLAG_ENCRYPTION: u16 = 0x2041;
/// Flag bit 3: crc and sizes follow the data in a data descriptor.
const FLAG_DESCRIPTOR: u16 = 0x0008;
/// The flag bits a bundle may carry: 1 and 2 (the deflate level), 3 (data descriptor) and 11
/// (UTF-8 names). Others are reserved or mean data no tool here reads alike (bit 5, patched
/// data, makes Python's zipfile refuse the entry).
const FLAGS_ALLOWED: u16 = 0x080E;
/// The highest "version needed to extract" Info-ZIP unzip 6.0 extracts (4.6); zip64 needs 4.5.
const MAX_VERSION_NEEDED: u16 = 46;
/// The MS-DOS attribute of a folder, in the low byte of the external attributes.
const DOS_DIRECTORY: u32 = 0x10;
/// The MS-DOS attributes of a volume label (unzip skips such an entry) and of a device.
const DOS_LABEL_OR_DEVICE: u32 = 0x48;
/// The Unix file type bits of the mode in the high half of the external attributes.
const UNIX_TYPE: u32 = 0o170_000;
const UNIX_REGULAR: u32 = 0o100_000;
const UNIX_DIRECTORY: u32 = 0o040_000;
const UNIX_SYMLINK: u32 = 0o120_000;
/// A 32-bit size or offset of this value is found in the zip64 extra field instead.
const ESCAPE32: u32 = u32::MAX;
const EXTRA_ZIP64: u16 = 0x0001;
const EXTRA_UNICODE_PATH: u16 = 0x7075;
/// The compression methods a bundle may use: stored and deflate.
const METHODS: [u16; 2] = [0, 8];

/// The bundle file, read at given offsets, never past its end.
struct RawFile<'a> {
    path: &'a Path,
    reader: BufReader<File>,
    /// Where the reader stands, when known, so that reading on needs no seek.
    position: Option<u64>,
    len: u64,
}

impl<'a> RawFile<'a> {
    fn new(path: &'a Path, file: File, len: u64) -> Self {
        Self {
            path,
            reader: BufReader::new(file),
            position: None,
            len,
        }
    }

    /// `count` bytes at `offset`; `what` names them in the refusal when they would run past
    /// the end of the file.
    fn read(&mut self, offset: u64, count: usize, what: &str) -> BundleResult<Vec<u8>> {
        let end = offset
            .checked_add(count as u64)
            .filter(|end| *end <= self.len)
            .ok_or_else(|| BundleError::Layout(format!("{what}超出了文件末尾")))?;
        if self.position != Some(offset) {
            self.position = None;
            self.reader
                .seek(SeekFrom::Start(offset))
                .map_err(|err| BundleError::io(self.path, err))?;
        }
        let mut bytes = vec![0; count];
        self.reader
            .read_exact(&mut bytes)
            .map_err(|err| BundleError::io(self.path, err))?;
        self.position = Some(end);
        Ok(bytes)
    }
}

/// Little-endian fields at `at`; a field past the end reads as 0, which the fixed sizes read
/// before every use rule out.
fn le16(bytes: &[u8], at: usize) -> u16 {
    bytes
        .get(at..)
        .and_then(<[u8]>::first_chunk)
        .map_or(0, |chunk| u16::from_le_bytes(*chunk))
}

fn le32(bytes: &[u8], at: usize) -> u32 {
    bytes
        .get(at..)
        .and_then(<[u8]>::first_chunk)
        .map_or(0, |chunk| u32::from_le_bytes(*chunk))
}

fn le64(bytes: &[u8], at: usize) -> u64 {
    bytes
        .get(at..)
        .and_then(<[u8]>::first_chunk)
        .map_or(0, |chunk| u64::from_le_bytes(*chunk))
}

/// Where the central directory is, by the end records.
struct Directory {
    start: u64,
    size: u64,
    entries: u64,
    /// Where the end records begin: the directory must end exactly here.
    end: u64,
}

/// One entry as its central directory record has it, zip64 values resolved.
struct Central {
    name: Vec<u8>,
    flags: u16,
    method: u16,
    crc32: u32,
    compressed: u64,
    size: u64,
    header_start: u64,
}

/// The extra fields of one header that matter here.
#[derive(Default)]
struct Extras<'a> {
    zip64: Option<&'a [u8]>,
    unicode_path: Option<&'a [u8]>,
}

fn layout(reason: String) -> BundleError {
    BundleError::Layout(reason)
}

/// Checks that the central directory the zip reader used and the local headers describe the
/// same files, and that the archive holds nothing else.
fn check_layout(raw: &mut RawFile<'_>, archive: &ZipArchive<BufReader<File>>) -> BundleResult<()> {
    if archive.offset() != 0 {
        return Err(layout(format!(
            "文件开头有 {} 字节不属于 zip 结构",
            archive.offset()
        )));
    }
    let directory = end_records(raw)?;
    if directory.entries != archive.len() as u64
        || directory.start != archive.central_directory_start()
        || directory.start.checked_add(directory.size) != Some(directory.end)
    {
        return Err(layout(
            "结束记录中的文件数、目录位置或目录长度与中央目录不符".into(),
        ));
    }
    let centrals = central_records(raw, archive, &directory)?;
    local_records(raw, centrals, directory.start)
}

/// Reads the end of central directory record, which must close the file exactly (no comment,
/// nothing after it), and the zip64 end records when there are any.
fn end_records(raw: &mut RawFile<'_>) -> BundleResult<Directory> {
    let at = raw
        .len
        .checked_sub(END_FIXED as u64)
        .ok_or_else(|| layout("文件太短，没有结束记录".into()))?;
    let end = raw.read(at, END_FIXED, "结束记录")?;
    if le32(&end, 0) != END_SIGNATURE {
        return Err(layout(
            "文件末尾不是 zip 的结束记录（结束记录之后带有注释或多余的字节）".into(),
        ));
    }
    if le16(&end, 20) != 0 {
        return Err(layout("结束记录的注释长度不为 0".into()));
    }
    let (disk, directory_disk) = (le16(&end, 4), le16(&end, 6));
    let (on_disk, total) = (le16(&end, 8), le16(&end, 10));
    let (size, start) = (le32(&end, 12), le32(&end, 16));
    let locator_at = at.checked_sub(ZIP64_LOCATOR_FIXED as u64);
    let has_locator = match locator_at {
        Some(locator_at) => {
            le32(&raw.read(locator_at, 4, "zip64 结束记录定位器")?, 0) == ZIP64_LOCATOR_SIGNATURE
        }
        None => false,
    };
    let (Some(locator_at), true) = (locator_at, has_locator) else {
        if disk != 0 || directory_disk != 0 || on_disk != total {
            return Err(layout("结束记录表明这是分卷压缩文件".into()));
        }
        if total == u16::MAX || size == ESCAPE32 || start == ESCAPE32 {
            return Err(layout("结束记录指向 zip64 结束记录，但文件中没有".into()));
        }
        return Ok(Directory {
            start: u64::from(start),
            size: u64::from(size),
            entries: u64::from(total),
            end: at,
        });
    };
    let locator = raw.read(locator_at, ZIP64_LOCATOR_FIXED, "zip64 结束记录定位器")?;
    let record_at = le64(&locator, 8);
    if le32(&locator, 4) != 0 || le32(&locator, 16) != 1 {
        return Err(layout("zip64 结束记录定位器表明这是分卷压缩文件".into()));
    }
    let record = raw.read(record_at, ZIP64_END_FIXED, "zip64 结束记录")?;
    let record_size = le64(&record, 4);
    if le32(&record, 0) != ZIP64_END_SIGNATURE
        || record_size < (ZIP64_END_FIXED - 12) as u64
        || record_at
            .checked_add(12)
            .and_then(|after| after.checked_add(record_size))
            != Some(locator_at)
    {
        return Err(layout(
            "zip64 结束记录缺失，或与定位器之间有多余的字节".into(),
        ));
    }
    let z_on_disk = le64(&record, 24);
    let z_total = le64(&record, 32);
    let z_size = le64(&record, 40);
    let z_start = le64(&record, 48);
    let agrees = |short: u64, escape: u64, wide: u64| short == escape || short == wide;
    if le32(&record, 16) != 0
        || le32(&record, 20) != 0
        || z_on_disk != z_total
        || !agrees(u64::from(disk), u64::from(u16::MAX), 0)
        || !agrees(u64::from(total), u64::from(u16::MAX), z_total)
        || !agrees(u64::from(on_disk), u64::from(u16::MAX), z_on_disk)
        || !agrees(u64::from(size), u64::from(ESCAPE32), z_size)
        || !agrees(u64::from(start), u64::from(ESCAPE32), z_start)
    {
        return Err(layout(
            "zip64 结束记录与结束记录不符，或表明这是分卷压缩文件".into(),
        ));
    }
    Ok(Directory {
        start: z_start,
        size: z_size,
        entries: z_total,
        end: record_at,
    })
}

/// Finds the extra fields of one header, which must fill its extra area exactly. A Unicode
/// path field is refused: some tools show it instead of the name, and unzip refuses an entry
/// with a data descriptor that has one even when it repeats the name.
fn parse_extras<'a>(
    extra: &'a [u8],
    name: &[u8],
    shown: &str,
    header: &str,
) -> BundleResult<Extras<'a>> {
    let malformed = || layout(format!("「{shown}」的{header}附加字段格式错误"));
    let mut found = Extras::default();
    let mut rest = extra;
    while !rest.is_empty() {
        let (head, tail) = rest.split_first_chunk::<4>().ok_or_else(malformed)?;
        let id = u16::from_le_bytes([head[0], head[1]]);
        let size = usize::from(u16::from_le_bytes([head[2], head[3]]));
        let (data, after) = tail.split_at_checked(size).ok_or_else(malformed)?;
        let slot = match id {
            EXTRA_ZIP64 => Some(&mut found.zip64),
            EXTRA_UNICODE_PATH => Some(&mut found.unicode_path),
            _ => None,
        };
        if let Some(slot) = slot
            && slot.replace(data).is_some()
        {
            return Err(layout(format!(
                "「{shown}」的{header}中同一种附加字段出现了两次"
            )));
        }
        rest = after;
    }
    if let Some(path) = found.unicode_path {
        let other = path.get(5..).unwrap_or_default();
        let reason = if other == name {
            format!(
                "「{shown}」的{header}带有 Unicode 路径附加字段（数据包不用它，unzip 会拒绝这样的条目）"
            )
        } else {
            format!(
                "「{shown}」的{header}中的 Unicode 路径附加字段写的是另一个文件名「{}」",
                String::from_utf8_lossy(other)
            )
        };
        return Err(layout(reason));
    }
    Ok(found)
}

/// Refuses a "version needed to extract" that unzip would not extract (it says "need PK compat.
/// v4.7 (can do v4.6)" and skips the file) or Python's zipfile would not open.
fn check_version(version: u16, what: &str) -> BundleResult<()> {
    if version > MAX_VERSION_NEEDED {
        return Err(layout(format!(
            "{what}要求的解压版本为 {}.{}，高于 unzip 支持的 4.6",
            version / 10,
            version % 10
        )));
    }
    Ok(())
}

/// Refuses an entry that other tools would make a folder (the MS-DOS folder attribute, a
/// Unix folder mode: 7-Zip and bsdtar do), skip (the MS-DOS volume label attribute: unzip
/// does) or make a link or device (a Unix mode of that type: unzip and bsdtar do), whatever
/// its name says.
fn check_attributes(external: u32, shown: &str) -> BundleResult<()> {
    let unix_type = (external >> 16) & UNIX_TYPE;
    if external & DOS_DIRECTORY != 0 || unix_type == UNIX_DIRECTORY {
        return Err(BundleError::Directory(shown.to_owned()));
    }
    if external & DOS_LABEL_OR_DEVICE != 0 {
        return Err(layout(format!(
            "「{shown}」的文件属性表明它是卷标或设备（MS-DOS 属性 {:#04x}），不是普通文件",
            external & 0xFF
        )));
    }
    if unix_type == UNIX_SYMLINK {
        return Err(BundleError::Symlink(shown.to_owned()));
    }
    if unix_type != 0 && unix_type != UNIX_REGULAR {
        return Err(layout(format!(
            "「{shown}」的文件属性表明它是管道、设备等特殊文件（类型 {unix_type:#o}），不是普通文件"
        )));
    }
    Ok(())
}

/// The 64-bit value of a 32-bit field: itself, or when it is the escape, the next 8 bytes of
/// the zip64 extra field.
fn widen(value: u32, zip64: &mut &[u8]) -> Option<u64> {
    if value != ESCAPE32 {
        return Some(u64::from(value));
    }
    let (chunk, rest) = zip64.split_first_chunk::<8>()?;
    *zip64 = rest;
    Some(u64::from_le_bytes(*chunk))
}

/// Walks the central directory record by record and compares each with what the zip reader
/// made of it; the records must fill the directory exactly.
fn central_records(
    raw: &mut RawFile<'_>,
    archive: &ZipArchive<BufReader<File>>,
    directory: &Directory,
) -> BundleResult<Vec<Central>> {
    let mut at = directory.start;
    let mut records = Vec::with_capacity(archive.len());
    for index in 0..archive.len() {
        let entry = archive
            .by_index_data(index)
            .map_err(|err| BundleError::NotZip(err.to_string()))?;
        let shown = String::from_utf8_lossy(entry.name_raw()).into_owned();
        let what = format!("「{shown}」的中央目录记录");
        if entry.central_header_start() != at {
            return Err(layout(format!("{what}不在中央目录中应在的位置")));
        }
        let fixed = raw.read(at, CENTRAL_FIXED, &what)?;
        if le32(&fixed, 0) != CENTRAL_SIGNATURE {
            return Err(layout(format!("{what}已损坏")));
        }
        let name_len = usize::from(le16(&fixed, 28));
        let extra_len = usize::from(le16(&fixed, 30));
        let comment_len = usize::from(le16(&fixed, 32));
        let variable_at = at.saturating_add(CENTRAL_FIXED as u64);
        let variable = raw.read(variable_at, name_len + extra_len + comment_len, &what)?;
        let (name, rest) = variable.split_at(name_len);
        let (extra, comment) = rest.split_at(extra_len);
        if name != entry.name_raw() {
            return Err(layout(format!(
                "中央目录中的文件名「{}」与 zip 读取器认出的「{shown}」不同（Unicode 路径附加字段改写了文件名）",
                String::from_utf8_lossy(name)
            )));
        }
        if !comment.is_empty() {
            return Err(layout(format!("「{shown}」带有条目注释")));
        }
        let extras = parse_extras(extra, name, &shown, "中央目录记录")?;
        let mut zip64 = extras.zip64.unwrap_or_default();
        let size = widen(le32(&fixed, 24), &mut zip64);
        let compressed = widen(le32(&fixed, 20), &mut zip64);
        let header_start = widen(le32(&fixed, 42), &mut zip64);
        let (Some(size), Some(compressed), Some(header_start)) = (size, compressed, header_start)
        else {
            return Err(layout(format!("{what}缺少 zip64 附加字段中的大小或位置")));
        };
        let disk = le16(&fixed, 34);
        let version = le16(&fixed, 6);
        let external = le32(&fixed, 38);
        let flags = le16(&fixed, 8);
        let method = le16(&fixed, 10);
        let crc32 = le32(&fixed, 16);
        if disk != 0 {
            return Err(layout(format!("{what}表明它在分卷压缩文件的另一卷上")));
        }
        if flags & FLAG_ENCRYPTION != 0 {
            return Err(BundleError::Encrypted(shown));
        }
        if flags & !FLAGS_ALLOWED != 0 {
            return Err(layout(format!(
                "「{shown}」的标志位 {flags:#06x} 含有保留或不支持的标记"
            )));
        }
        if !METHODS.contains(&method) {
            return Err(layout(format!(
                "「{shown}」的压缩方法编号为 {method}，数据包只用存储（0）和 deflate（8）"
            )));
        }
        check_version(version, &what)?;
        check_attributes(external, &shown)?;
        if size != entry.size()
            || compressed != entry.compressed_size()
            || header_start != entry.header_start()
            || crc32 != entry.crc32()
        {
            return Err(layout(format!(
                "{what}中的大小、位置或校验值与 zip 读取器读出的不同"
            )));
        }
        records.push(Central {
            name: name.to_vec(),
            flags,
            method,
            crc32,
            compressed,
            size,
            header_start,
        });
        at = variable_at.saturating_add(variable.len() as u64);
    }
    if at != directory.end {
        return Err(layout(
            "中央目录的长度与结束记录不符（目录中可能藏有未计入的条目）".into(),
        ));
    }
    Ok(records)
}

/// Reads every entry's local header in file order: each must start where the previous entry
/// ended (the first at offset 0), agree with its central record, and the last must end where
/// the central directory starts.
fn local_records(
    raw: &mut RawFile<'_>,
    mut records: Vec<Central>,
    directory_start: u64,
) -> BundleResult<()> {
    records.sort_by_key(|record| record.header_start);
    let mut at: u64 = 0;
    for record in &records {
        let shown = String::from_utf8_lossy(&record.name).into_owned();
        if record.header_start > at {
            return Err(layout(format!(
                "「{shown}」之前有 {} 字节不属于任何文件",
                record.header_start - at
            )));
        }
        if record.header_start < at {
            return Err(layout(format!("「{shown}」与前一个文件在文件中重叠")));
        }
        let what = format!("「{shown}」的本地文件头");
        let fixed = raw.read(at, LOCAL_FIXED, &what)?;
        if le32(&fixed, 0) != LOCAL_SIGNATURE {
            return Err(layout(format!("{what}缺失或已损坏")));
        }
        let version = le16(&fixed, 4);
        let flags = le16(&fixed, 6);
        let method = le16(&fixed, 8);
        let crc32 = le32(&fixed, 14);
        let name_len = usize::from(le16(&fixed, 26));
        let extra_len = usize::from(le16(&fixed, 28));
        let variable_at = at.saturating_add(LOCAL_FIXED as u64);
        let variable = raw.read(variable_at, name_len + extra_len, &what)?;
        let (name, extra) = variable.split_at(name_len);
        if name != record.name {
            return Err(layout(format!(
                "「{shown}」在本地文件头中的文件名是「{}」，与中央目录不符",
                String::from_utf8_lossy(name)
            )));
        }
        if method != record.method {
            return Err(layout(format!(
                "「{shown}」的压缩方法在本地文件头中是 {method}，在中央目录中是 {}",
                record.method
            )));
        }
        // Even the deflate level bits: 7-Zip reports a header error when they differ.
        if flags != record.flags {
            return Err(layout(format!(
                "「{shown}」的标志位在本地文件头中是 {flags:#06x}，在中央目录中是 {:#06x}（加密、数据描述符等标记不一致）",
                record.flags
            )));
        }
        check_version(version, &what)?;
        let extras = parse_extras(extra, name, &shown, "本地文件头")?;
        let (compressed, size) = local_sizes(&fixed, extras.zip64)
            .ok_or_else(|| layout(format!("{what}缺少 zip64 附加字段中的大小")))?;
        let data_end = variable_at
            .checked_add(variable.len() as u64)
            .and_then(|data_start| data_start.checked_add(record.compressed))
            .ok_or_else(|| layout(format!("「{shown}」的数据超出了文件末尾")))?;
        let local = [u64::from(crc32), compressed, size];
        let central = [u64::from(record.crc32), record.compressed, record.size];
        let descriptor = if flags & FLAG_DESCRIPTOR == 0 {
            if local != central {
                return Err(layout(format!(
                    "「{shown}」在本地文件头中的大小或校验值与中央目录不符（本地 {compressed} 字节压缩、{size} 字节原始，中央目录 {} 与 {} 字节）",
                    record.compressed, record.size
                )));
            }
            0
        } else {
            // A streamed entry: its local header may leave crc and sizes at 0, and gives them
            // in a data descriptor after the data.
            if local.iter().zip(&central).any(|(l, c)| *l != 0 && l != c) {
                return Err(layout(format!(
                    "「{shown}」在本地文件头中的大小或校验值与中央目录不符"
                )));
            }
            descriptor_len(raw, data_end, record, extras.zip64.is_some(), &shown)?
        };
        at = data_end
            .checked_add(descriptor)
            .filter(|end| *end <= directory_start)
            .ok_or_else(|| layout(format!("「{shown}」的数据延伸进了中央目录")))?;
    }
    if at != directory_start {
        return Err(layout(format!(
            "最后一个文件之后、中央目录之前有 {} 字节不属于任何文件",
            directory_start.saturating_sub(at)
        )));
    }
    Ok(())
}

/// The compressed and uncompressed sizes a local header gives, from its zip64 extra field
/// (which then holds both, uncompressed first) when either is escaped.
fn local_sizes(fixed: &[u8], zip64: Option<&[u8]>) -> Option<(u64, u64)> {
    let (compressed, size) = (le32(fixed, 18), le32(fixed, 22));
    if compressed != ESCAPE32 && size != ESCAPE32 {
        return Some((u64::from(compressed), u64::from(size)));
    }
    let wide = zip64.filter(|wide| wide.len() >= 16)?;
    let pick = |short: u32, at: usize| {
        if short == ESCAPE32 {
            le64(wide, at)
        } else {
            u64::from(short)
        }
    };
    Some((pick(compressed, 8), pick(size, 0)))
}

/// The length of the data descriptor after a streamed entry's data (with or without its
/// optional signature), which must repeat the central record's crc and sizes.
fn descriptor_len(
    raw: &mut RawFile<'_>,
    at: u64,
    record: &Central,
    wide: bool,
    shown: &str,
) -> BundleResult<u64> {
    let width = if wide { 8 } else { 4 };
    let plain = 4 + 2 * width;
    let available = raw.len.saturating_sub(at).min(plain as u64 + 4) as usize;
    let bytes = raw.read(at, available, &format!("「{shown}」的数据描述符"))?;
    let read = |body: &[u8], offset: usize| {
        if wide {
            le64(body, offset)
        } else {
            u64::from(le32(body, offset))
        }
    };
    let matches = |body: &[u8]| {
        body.len() >= plain
            && le32(body, 0) == record.crc32
            && read(body, 4) == record.compressed
            && read(body, 4 + width) == record.size
    };
    if le32(&bytes, 0) == DESCRIPTOR_SIGNATURE && bytes.get(4..).is_some_and(matches) {
        return Ok(plain as u64 + 4);
    }
    if matches(&bytes) {
        return Ok(plain as u64);
    }
    Err(layout(format!(
        "「{shown}」的数据描述符缺失，或与中央目录中的大小和校验值不符"
    )))
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

/// Hashes one listed entry and compares it with the manifest (its SM3 too, when listed);
/// returns its bytes when `keep`.
fn check_entry(
    archive: &mut ZipArchive<BufReader<File>>,
    listed: &ManifestFile,
    index: usize,
    keep: bool,
) -> BundleResult<Vec<u8>> {
    let hashed = hash_entry(
        archive,
        index,
        &listed.path,
        listed.bytes,
        keep,
        listed.sm3.is_some(),
    )?;
    let mismatch = |algorithm| BundleError::HashMismatch {
        name: listed.path.clone(),
        algorithm,
    };
    if hashed.sha256 != listed.sha256 {
        return Err(mismatch("sha256"));
    }
    if hashed.sm3 != listed.sm3 {
        return Err(mismatch("SM3"));
    }
    Ok(hashed.kept)
}

/// Reads one of the SM2 files whole if the archive has it; a bundle from before 国密 has
/// neither.
fn read_optional(
    archive: &mut ZipArchive<BufReader<File>>,
    entries: &mut BTreeMap<String, Entry>,
    name: &'static str,
) -> BundleResult<Option<Vec<u8>>> {
    if !entries.contains_key(name) {
        return Ok(None);
    }
    read_small(archive, entries, name, MAX_KEY_FILE_BYTES).map(Some)
}

/// Checks the SM2 co-signature the manifest declares, and that a manifest that declares none
/// comes without one: a bundle is either signed both ways, with every file's SM3 listed, or
/// signed with minisign alone, as bundles from before 国密 are, never half of each. Returns
/// the SM2 key that signed.
fn check_sm2(
    manifest: &Manifest,
    manifest_bytes: &[u8],
    signature: Option<Vec<u8>>,
    public_key: Option<Vec<u8>>,
) -> BundleResult<Option<Sm2PublicKey>> {
    let Some(key_id) = &manifest.sm2_key_id else {
        if let Some(name) = [(SM2_SIGNATURE, &signature), (SM2_PUBLIC_KEY, &public_key)]
            .into_iter()
            .find_map(|(name, file)| file.as_ref().map(|_| name))
        {
            return Err(BundleError::Inconsistent(format!(
                "清单没有声明国密签名，数据包中却有「{name}」"
            )));
        }
        let has_sm3 =
            manifest.data_sm3.is_some() || manifest.files.iter().any(|file| file.sm3.is_some());
        if has_sm3 {
            return Err(BundleError::Inconsistent(
                "清单列有 SM3 杂凑值，却没有声明国密签名".into(),
            ));
        }
        return Ok(None);
    };
    let signature = signature.ok_or(BundleError::MissingSignatureFile(SM2_SIGNATURE))?;
    let public_key = public_key.ok_or(BundleError::MissingSignatureFile(SM2_PUBLIC_KEY))?;
    let public_key = String::from_utf8(public_key)
        .map_err(|_| BundleError::Signature(format!("「{SM2_PUBLIC_KEY}」不是文本")))?;
    let offered = guomi::key_id(&public_key)
        .map_err(|err| BundleError::Signature(format!("「{SM2_PUBLIC_KEY}」{err}")))?;
    if &offered != key_id {
        return Err(BundleError::Inconsistent(format!(
            "清单中的国密密钥 {key_id} 与 unit.sm2.pem 的密钥 {offered} 不符"
        )));
    }
    guomi::verify(&public_key, &signature, manifest_bytes)
        .map_err(|err| BundleError::Signature(format!("「{SM2_SIGNATURE}」{err}")))?;
    if manifest.data_sm3.is_none() {
        return Err(BundleError::Inconsistent(
            "清单声明了国密签名，却没有数据的 SM3 指纹".into(),
        ));
    }
    if let Some(file) = manifest.files.iter().find(|file| file.sm3.is_none()) {
        return Err(BundleError::Inconsistent(format!(
            "清单声明了国密签名，却没有列出「{}」的 SM3 杂凑值",
            file.path
        )));
    }
    Ok(Some(Sm2PublicKey {
        key_id: offered,
        public_key,
    }))
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
    Ok(hash_entry(archive, entry.index, name, entry.size, true, false)?.kept)
}

/// What streaming one entry gave.
struct Hashed {
    sha256: String,
    /// Its SM3, when asked for.
    sm3: Option<String>,
    /// Its bytes, when asked for.
    kept: Vec<u8>,
}

/// Streams entry `index` through sha256 (and SM3 when `with_sm3`), refusing more or fewer bytes
/// than `size`; returns the hashes and, when `keep`, the bytes.
fn hash_entry(
    archive: &mut ZipArchive<BufReader<File>>,
    index: usize,
    name: &str,
    size: u64,
    keep: bool,
    with_sm3: bool,
) -> BundleResult<Hashed> {
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
    let mut sm3 = with_sm3.then(Sm3Hasher::new);
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
        if let Some(sm3) = &mut sm3 {
            sm3.update(&buffer[..count]);
        }
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
    Ok(Hashed {
        sha256: hex_lower(&hasher.finalize()),
        sm3: sm3.map(Sm3Hasher::finish_hex),
        kept,
    })
}

/// Checks the manifest's own fields against the signature and the key.
fn check_manifest(
    manifest: &Manifest,
    trusted_comment: &str,
    public_key: &str,
) -> BundleResult<()> {
    if manifest.format != BUNDLE_FORMAT || manifest.version != BUNDLE_VERSION {
        return Err(BundleError::Manifest(format!(
            "格式为 {} 版本 {}，本程序只认 {BUNDLE_FORMAT} 版本 {BUNDLE_VERSION}",
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
    if let Some(data_sm3) = &manifest.data_sm3
        && &guomi::sm3_hex(snapshot_json.as_bytes()) != data_sm3
    {
        return Err(BundleError::Inconsistent(
            "数据文件的 SM3 指纹与清单中的不符".into(),
        ));
    }
    let snapshot: Snapshot = serde_json::from_str(snapshot_json)
        .map_err(|err| BundleError::Inconsistent(format!("数据文件无法读取：{err}")))?;
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
