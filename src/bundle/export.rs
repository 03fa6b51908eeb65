//! Writing a bundle: the revision's canonical data, the ledger as CSV, the four signed-off
//! documents and the evidence, streamed into a zip beside the target and renamed into place
//! only when complete; then the written file is verified like any received bundle before
//! success is reported (DESIGN §7: only then may the USB stick be removed).

use std::collections::BTreeSet;
use std::fs::File;
use std::io::Write;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread::Scope;

use chrono::{Datelike, Timelike};
use sha2::{Digest, Sha256};
use zip::result::ZipError;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::error::{BundleError, BundleResult};
use super::limits::Limits;
use super::manifest::{BUNDLE_FORMAT, BUNDLE_VERSION, Manifest, ManifestFile};
use super::names::{
    LEDGER_CSV, MANIFEST, PUBLIC_KEY, SIGNATURE, SM2_PUBLIC_KEY, SM2_SIGNATURE, SNAPSHOT,
    evidence_name,
};
use super::verify::verify_bundle;
use crate::atomic_file::{folder_of, write_streaming};
use crate::domain::audit::hex_lower;
use crate::domain::snapshot::Snapshot;
use crate::guomi::{Sm3Hasher, sm3_hex};
use crate::interop::{ledger_csv, ledger_of};
use crate::report::{DocumentKind, layout, system_fonts, writer::write_pdf};
use crate::store::{Store, StoreError};
use crate::view::DocumentData;

/// How far an export has come, for a progress bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportProgress {
    /// Bytes written so far.
    pub done: u64,
    /// Bytes to write in all (known once the documents are made).
    pub total: u64,
    /// What is being done, in Chinese.
    pub step: &'static str,
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportedBundle {
    /// The bundle file.
    pub path: PathBuf,
    /// The revision in it.
    pub revision: i64,
    /// Its size in bytes.
    pub bytes: u64,
    /// Files listed in its manifest.
    pub files: usize,
    /// Evidence files among them.
    pub evidence_files: usize,
    /// sha256 of its manifest, which identifies it.
    pub manifest_sha256: String,
}

/// The conventional file name `<单位>-<活动>-r<N>.zip`, with characters that Windows refuses
/// in names replaced.
pub fn bundle_file_name(unit: &str, campaign: &str, revision: i64) -> String {
    let clean = |text: &str| -> String {
        let cleaned: String = text
            .trim()
            .chars()
            .map(|c| {
                if c.is_control() || r#"\/:*?"<>|"#.contains(c) {
                    '_'
                } else {
                    c
                }
            })
            .take(60)
            .collect();
        cleaned.trim_matches(['.', ' ']).to_owned()
    };
    let parts: Vec<String> = [clean(unit), clean(campaign)]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect();
    let stem = if parts.is_empty() {
        "数据包".to_owned()
    } else {
        parts.join("-")
    };
    format!("{stem}-r{revision}.zip")
}

/// Writes signed revision `revision` (the latest when `None`) of `store` as a bundle at `out`.
/// `progress` hears how far the export has come after every file; answering
/// [`ControlFlow::Break`] stops it with [`BundleError::Cancelled`], and nothing is left at `out`.
pub fn export_bundle(
    store: &Store,
    revision: Option<i64>,
    out: &Path,
    progress: &mut dyn FnMut(&ExportProgress) -> ControlFlow<()>,
) -> BundleResult<ExportedBundle> {
    let mut progress = |step: &ExportProgress| match progress(step) {
        ControlFlow::Continue(()) => Ok(()),
        ControlFlow::Break(()) => Err(BundleError::Cancelled),
    };
    let sign_offs = store.sign_offs()?;
    let number = match revision {
        Some(number) => number,
        None => sign_offs
            .last()
            .map(|sign_off| sign_off.revision)
            .ok_or(BundleError::NothingSigned)?,
    };
    let data = DocumentData::revision(store, number)?;
    let sign_off = data
        .signed
        .as_ref()
        .map(|signed| signed.sign_off.clone())
        .ok_or(BundleError::NothingSigned)?;
    let key = store.unit_key()?.ok_or(BundleError::NothingSigned)?;
    let snapshot_json = store.revision(number)?.canonical_json;
    // Every database opened for writing since 国密 came has its SM2 key; one without it was
    // never opened so, and its bundle would lack the co-signature its superior expects.
    let sm2 = key.sm2.clone().ok_or_else(|| {
        StoreError::Key("本库还没有国密签名密钥：请先以可写方式打开一次数据库，再导出数据包".into())
    })?;
    let data_sm3 = Some(sm3_hex(snapshot_json.as_bytes()));

    let data_files: Vec<(String, Vec<u8>)> = vec![
        (SNAPSHOT.to_owned(), snapshot_json.into_bytes()),
        (
            LEDGER_CSV.to_owned(),
            ledger_csv(&ledger_of(data.snapshot.clone())).0.into_bytes(),
        ),
    ];
    let evidence = evidence_files(&data.snapshot);
    let unit = data
        .snapshot
        .unit
        .clone()
        .ok_or(BundleError::NothingSigned)?;
    let campaign = data
        .snapshot
        .campaigns
        .last()
        .map(|campaign| campaign.title.clone())
        .unwrap_or_default();
    let previous_data_sha256 = sign_offs
        .iter()
        .filter(|earlier| earlier.revision < number)
        .max_by_key(|earlier| earlier.revision)
        .map(|earlier| earlier.data_sha256.clone());
    let mut manifest = Manifest {
        format: BUNDLE_FORMAT.to_owned(),
        version: BUNDLE_VERSION,
        unit: unit.name,
        unit_code: unit.code,
        superior: unit.superior,
        campaign,
        revision: number,
        data_sha256: sign_off.data_sha256.clone(),
        data_sm3,
        sign_off,
        previous_data_sha256,
        audit_chain_head: store.audit_head()?,
        key_id: key.key_id.clone(),
        sm2_key_id: Some(sm2.key_id.clone()),
        created_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        app_version: env!("CARGO_PKG_VERSION").to_owned(),
        files: Vec::new(),
    };
    let total = data_files
        .iter()
        .map(|(_, bytes)| bytes.len() as u64)
        .sum::<u64>()
        + evidence.iter().map(|file| file.size).sum::<u64>();
    let stamp = zip_time(&manifest.sign_off.signed_at);
    check_room(out, total)?;

    // The documents are laid out on a second thread while the evidence streams into the
    // archive; they are written after it.
    std::thread::scope(|scope| {
        let reports = scope.spawn(|| render_reports(&data));
        write_streaming(out, |file| -> BundleResult<()> {
            let io = |err: std::io::Error| BundleError::io(out, err);
            let zip_error = |err: ZipError| BundleError::io(out, system_error(err));
            let mut early_flush = EarlyFlush::start(scope, file.get_ref());
            let abandoned = std::cell::Cell::new(false);
            let mut zip = ZipWriter::new(Abandonable::new(file, &abandoned));
            let write_entries = || -> BundleResult<()> {
                let packed = SimpleFileOptions::default()
                    .compression_method(CompressionMethod::Deflated)
                    .last_modified_time(stamp);
                // Photos, scans and the PDFs are already compressed (deflating the PDFs again saved
                // 3 % of their size); storing them keeps the export near copy speed.
                let stored = packed.compression_method(CompressionMethod::Stored);
                let mut done = 0;
                for (path, bytes) in &data_files {
                    write_small(&mut zip, path, bytes, packed, &mut manifest).map_err(io)?;
                    done += bytes.len() as u64;
                    progress(&ExportProgress {
                        done,
                        total,
                        step: "正在写入数据",
                    })?;
                }
                for file in &evidence {
                    zip.start_file(file.path.as_str(), stored)
                        .map_err(zip_error)?;
                    // The blob store is content-addressed, so the sha256 is known, and so is the
                    // SM3 of a file attached since 国密 came; the SM3 of an older one is worked out
                    // as its bytes stream past. The verification of the written bundle below
                    // re-hashes every byte both ways and catches a damaged blob.
                    let known_sm3 = store.blob_sm3(&file.sha256)?;
                    let mut sink = Sm3Tee::new(&mut zip, known_sm3.is_none());
                    let bytes = store.copy_blob_to(&file.sha256, &mut sink)?;
                    let sm3 = known_sm3.or(sink.finish());
                    if bytes != file.size {
                        return Err(BundleError::SizeMismatch {
                            name: file.path.clone(),
                            listed: file.size,
                            actual: bytes,
                        });
                    }
                    manifest.files.push(ManifestFile {
                        path: file.path.clone(),
                        bytes,
                        sha256: file.sha256.clone(),
                        sm3,
                    });
                    done += bytes;
                    early_flush.written(bytes);
                    progress(&ExportProgress {
                        done,
                        total,
                        step: "正在写入佐证材料",
                    })?;
                }
                progress(&ExportProgress {
                    done,
                    total,
                    step: "正在生成文书",
                })?;
                let reports = reports.join().map_err(|_| {
                    BundleError::Inconsistent("生成文书时程序出错，数据包未写成".into())
                })??;
                for (path, bytes) in &reports {
                    write_small(&mut zip, path, bytes, stored, &mut manifest).map_err(io)?;
                }
                let manifest_json = serde_json::to_vec_pretty(&manifest)
                    .map_err(|err| BundleError::Manifest(err.to_string()))?;
                let signature = store.sign(&manifest_json, &manifest.trusted_comment())?;
                let sm2_signature = store.sign_sm2(&manifest_json)?;
                for (path, bytes) in [
                    (MANIFEST, manifest_json.as_slice()),
                    (SIGNATURE, signature.as_bytes()),
                    (PUBLIC_KEY, key.public_key.as_bytes()),
                    (SM2_SIGNATURE, sm2_signature.as_slice()),
                    (SM2_PUBLIC_KEY, sm2.public_key.as_bytes()),
                ] {
                    zip.start_file(path, packed).map_err(zip_error)?;
                    zip.write_all(bytes).map_err(io)?;
                }
                Ok(())
            };
            if let Err(err) = write_entries() {
                // The archive is incomplete and its file is about to be removed; finishing it
                // would only fail again and make the zip crate print an English line.
                abandoned.set(true);
                return Err(err);
            }
            zip.finish().map_err(zip_error)?;
            Ok(())
        })
        .map_err(|err| match err {
            // The rename and the flush name no file themselves; the bundle is the file at stake.
            BundleError::Write(source) => BundleError::io(out, source),
            other => other,
        })
    })?;

    if let Err(cancelled) = progress(&ExportProgress {
        done: total,
        total,
        step: "正在核对写入的数据包",
    }) {
        // The bundle is complete, but the user no longer wants it where it was written.
        let _ = std::fs::remove_file(out);
        return Err(cancelled);
    }
    let verified = match verify_bundle(out) {
        Ok(verified) => verified,
        Err(err) => {
            // A bundle that does not verify must not be carried away under its final name.
            let _ = std::fs::remove_file(out);
            return Err(err);
        }
    };
    Ok(ExportedBundle {
        path: out.to_path_buf(),
        revision: number,
        bytes: verified.bytes,
        files: verified.manifest.files.len(),
        evidence_files: evidence.len(),
        manifest_sha256: verified.manifest_sha256,
    })
}

/// Refuses, before a byte is written, a bundle that cannot be carried: one whose files alone
/// (`at_least` bytes; the documents and the manifest come on top) exceed what a bundle may be,
/// or one that will not fit in the space left where it is to be written.
fn check_room(out: &Path, at_least: u64) -> BundleResult<()> {
    let limit = Limits::default().max_bundle_bytes;
    if at_least > limit {
        return Err(BundleError::TooLargeToExport {
            bytes: at_least,
            limit,
        });
    }
    let folder = folder_of(out);
    // Where the free space cannot be read (an unusual file system, a missing folder), the
    // write itself finds out and says why.
    if let Ok(available) = fs4::available_space(folder)
        && available < at_least
    {
        return Err(BundleError::NoRoom {
            folder: folder.to_path_buf(),
            available,
            needed: at_least,
        });
    }
    Ok(())
}

/// Bytes written between two requests to flush them to the device.
const EARLY_FLUSH_EVERY: u64 = 16 * 1024 * 1024;

/// Asks the system, on a thread of its own, to write the evidence already packed to the
/// device while the next files are read and packed: the device then works while the program
/// does, and the flush before the rename finds little left to write. Failures are left to that
/// final flush, which reports them.
struct EarlyFlush {
    requests: Option<mpsc::Sender<()>>,
    unflushed: u64,
}

impl EarlyFlush {
    /// Starts the flushing thread in `scope` for `file`; without a second handle to the file
    /// nothing is flushed early.
    fn start<'scope>(scope: &'scope Scope<'scope, '_>, file: &File) -> Self {
        let Ok(handle) = file.try_clone() else {
            return Self {
                requests: None,
                unflushed: 0,
            };
        };
        let (requests, received) = mpsc::channel::<()>();
        scope.spawn(move || {
            while received.recv().is_ok() {
                // Requests that arrived during the last flush are served by this one.
                while received.try_recv().is_ok() {}
                let _ = handle.sync_data();
            }
        });
        Self {
            requests: Some(requests),
            unflushed: 0,
        }
    }

    /// Counts `bytes` written, and asks for a flush after every [`EARLY_FLUSH_EVERY`].
    fn written(&mut self, bytes: u64) {
        self.unflushed += bytes;
        if self.unflushed >= EARLY_FLUSH_EVERY
            && let Some(requests) = &self.requests
        {
            self.unflushed = 0;
            // A thread that has stopped only means no more early flushes.
            let _ = requests.send(());
        }
    }
}

/// One evidence file to pack: each distinct content once.
struct EvidenceFile {
    sha256: String,
    size: u64,
    path: String,
}

fn evidence_files(snapshot: &Snapshot) -> Vec<EvidenceFile> {
    let mut seen = BTreeSet::new();
    snapshot
        .evidence
        .iter()
        .filter(|evidence| seen.insert(evidence.sha256.clone()))
        .map(|evidence| EvidenceFile {
            sha256: evidence.sha256.clone(),
            size: evidence.size,
            path: evidence_name(&evidence.sha256, &evidence.file_name),
        })
        .collect()
}

/// The zip timestamp of the sign-off, so that entries carry the day the data was frozen.
fn zip_time(signed_at: &str) -> DateTime {
    chrono::DateTime::parse_from_rfc3339(signed_at)
        .ok()
        .and_then(|time| {
            let local = time.with_timezone(&chrono::Local);
            DateTime::from_date_and_time(
                u16::try_from(local.year()).ok()?,
                local.month() as u8,
                local.day() as u8,
                local.hour() as u8,
                local.minute() as u8,
                local.second() as u8,
            )
            .ok()
        })
        .unwrap_or_default()
}

/// The four signed-off documents as PDF, by archive name.
fn render_reports(data: &DocumentData) -> BundleResult<Vec<(String, Vec<u8>)>> {
    let fonts = system_fonts()?;
    DocumentKind::ALL
        .iter()
        .map(|&kind| {
            let document = layout(kind, data, &fonts)?;
            let bytes = write_pdf(document, &fonts)?;
            Ok((format!("reports/{}.pdf", kind.code()), bytes))
        })
        .collect()
}

/// The zip writer's error as the system's own: its wrapping would put an English "i/o error:"
/// before the reason.
fn system_error(err: ZipError) -> std::io::Error {
    match err {
        ZipError::Io(source) => source,
        other => other.into(),
    }
}

/// Writes a file held in memory into the archive and lists it in the manifest.
fn write_small<W: Write + std::io::Seek>(
    zip: &mut ZipWriter<W>,
    path: &str,
    bytes: &[u8],
    options: SimpleFileOptions,
    manifest: &mut Manifest,
) -> std::io::Result<()> {
    zip.start_file(path, options).map_err(system_error)?;
    zip.write_all(bytes)?;
    manifest.files.push(ManifestFile {
        path: path.to_owned(),
        bytes: bytes.len() as u64,
        sha256: hex_lower(&Sha256::digest(bytes)),
        sm3: Some(sm3_hex(bytes)),
    });
    Ok(())
}

/// A writer that passes everything on and works out its SM3 on the way, when asked to.
struct Sm3Tee<'a, W> {
    inner: &'a mut W,
    hasher: Option<Sm3Hasher>,
}

impl<'a, W: Write> Sm3Tee<'a, W> {
    fn new(inner: &'a mut W, hashing: bool) -> Self {
        Self {
            inner,
            hasher: hashing.then(Sm3Hasher::new),
        }
    }

    /// The SM3 of what was written, if hashing.
    fn finish(self) -> Option<String> {
        self.hasher.map(Sm3Hasher::finish_hex)
    }
}

impl<W: Write> Write for Sm3Tee<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let written = self.inner.write(buf)?;
        if let Some(hasher) = &mut self.hasher {
            hasher.update(&buf[..written]);
        }
        Ok(written)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// The archive's writer, which discards everything once the export is abandoned — by the
/// caller, or by its own first write error (a full or pulled stick). A [`ZipWriter`] dropped
/// unfinished, or whose `finish` failed, finishes itself again in its `Drop` and prints that
/// failure in English; after an abandon that second attempt writes nowhere and succeeds. The
/// error itself still reaches the caller, and the incomplete file is removed. Positions are
/// kept as if the writes had happened, because the zip writer checks them.
struct Abandonable<'flag, W> {
    inner: W,
    abandoned: &'flag std::cell::Cell<bool>,
    /// The current position, counted here so that it stays known after an abandon.
    position: u64,
    /// The furthest position reached: the end of the file.
    end: u64,
}

impl<'flag, W> Abandonable<'flag, W> {
    /// Wraps `inner`, positioned at its start.
    fn new(inner: W, abandoned: &'flag std::cell::Cell<bool>) -> Self {
        Self {
            inner,
            abandoned,
            position: 0,
            end: 0,
        }
    }

    /// Moves the counted position to `position`.
    fn moved_to(&mut self, position: u64) -> u64 {
        self.position = position;
        self.end = self.end.max(position);
        position
    }

    /// Abandons the archive after an error other than an interruption (which the caller
    /// retries).
    fn failed(&self, err: std::io::Error) -> std::io::Error {
        if err.kind() != std::io::ErrorKind::Interrupted {
            self.abandoned.set(true);
        }
        err
    }
}

impl<W: Write> Write for Abandonable<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.abandoned.get() {
            self.moved_to(self.position.saturating_add(buf.len() as u64));
            return Ok(buf.len());
        }
        let written = self.inner.write(buf).map_err(|err| self.failed(err))?;
        self.moved_to(self.position.saturating_add(written as u64));
        Ok(written)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.abandoned.get() {
            return Ok(());
        }
        self.inner.flush().map_err(|err| self.failed(err))
    }
}

impl<W: std::io::Seek> std::io::Seek for Abandonable<'_, W> {
    fn seek(&mut self, pos: std::io::SeekFrom) -> std::io::Result<u64> {
        if self.abandoned.get() {
            let target = match pos {
                std::io::SeekFrom::Start(offset) => offset,
                std::io::SeekFrom::Current(delta) => self.position.saturating_add_signed(delta),
                std::io::SeekFrom::End(delta) => self.end.saturating_add_signed(delta),
            };
            return Ok(self.moved_to(target));
        }
        let position = self.inner.seek(pos).map_err(|err| self.failed(err))?;
        Ok(self.moved_to(position))
    }
}

#[cfg(test)]
mod tests {
    use super::{BundleError, bundle_file_name, check_room};

    #[test]
    fn a_bundle_too_large_to_carry_is_refused_before_writing() {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("r1.zip");
        let err = check_room(&out, 5 * 1024 * 1024 * 1024).unwrap_err();
        assert!(
            matches!(err, BundleError::TooLargeToExport { .. }),
            "{err:?}"
        );
        let message = err.to_string();
        assert!(
            message.contains("5.00 GB") && message.contains("4.00 GB"),
            "{message}"
        );
        assert!(message.contains("FAT32"), "{message}");
        check_room(&out, 1024).expect("a small bundle fits");
        assert!(!out.exists());
    }

    #[test]
    fn the_file_name_names_unit_campaign_and_revision_safely() {
        assert_eq!(
            bundle_file_name("市行政审批局", "2026年作风建设", 2),
            "市行政审批局-2026年作风建设-r2.zip"
        );
        assert_eq!(bundle_file_name("甲/乙:丙", "", 1), "甲_乙_丙-r1.zip");
        assert_eq!(bundle_file_name("  ", "", 3), "数据包-r3.zip");
    }
}
