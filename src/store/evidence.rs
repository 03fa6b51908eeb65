//! Evidence files: bytes in a content-addressed blob table (sha256 key), streamed out with
//! SQLite's incremental blob I/O so a large scan is never copied out in one piece. The caller
//! reads the file ([`read_evidence_file`]) and hands its content to the store in the command.

use super::cached::CachedStatements;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rusqlite::{Connection, MAIN_DB, OptionalExtension, params};

use super::Store;
use super::error::{StoreError, StoreResult};
use crate::bounded_read::open_regular_file;
use crate::domain::evidence::{EVIDENCE_MAX_BYTES, EvidenceFile, sha256_of, validate_file_name};
use crate::domain::{DomainError, Evidence, EvidenceId, MeasureId, MeasureStatus};

/// Reads the file at `path` for attaching as evidence, named by its file name. Only a regular
/// file is read (a device would never end), and one over
/// [`EVIDENCE_MAX_BYTES`] is refused before its content is read.
pub fn read_evidence_file(path: &Path) -> StoreResult<EvidenceFile> {
    let (file, size) = open_regular_file(path).map_err(|err| StoreError::io(path, err))?;
    let too_large = |size: u64| StoreError::EvidenceTooLarge {
        path: path.to_path_buf(),
        size_mb: size / (1024 * 1024),
        max_mb: EVIDENCE_MAX_BYTES / (1024 * 1024),
    };
    if size > EVIDENCE_MAX_BYTES {
        return Err(too_large(size));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    // A file that grows while it is read stops one byte past the limit, which refuses it.
    file.take(EVIDENCE_MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|err| StoreError::io(path, err))?;
    if bytes.len() as u64 > EVIDENCE_MAX_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    let file_name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(EvidenceFile::new(file_name, bytes))
}

pub(super) fn attach(
    conn: &Connection,
    measure_id: MeasureId,
    file: &EvidenceFile,
    added_on: NaiveDate,
) -> StoreResult<EvidenceId> {
    let measure = super::measures::measure(conn, measure_id)?;
    if measure.status == MeasureStatus::Closed {
        return Err(DomainError::MeasureClosed.into());
    }
    let file_name = validate_file_name(&file.file_name)?;
    let size = file.size();
    if size > EVIDENCE_MAX_BYTES {
        return Err(StoreError::EvidenceTooLarge {
            path: PathBuf::from(&file_name),
            size_mb: size / (1024 * 1024),
            max_mb: EVIDENCE_MAX_BYTES / (1024 * 1024),
        });
    }
    // The hash names the content in the blob store and is written into bundles: one that does
    // not match the bytes would store a file under another file's name.
    if sha256_of(&file.bytes) != file.sha256 {
        return Err(StoreError::FingerprintMismatch {
            what: format!("佐证材料「{file_name}」的内容"),
        });
    }
    // A file attached twice is stored once.
    let stored: bool = conn.row(
        "SELECT count(*) > 0 FROM file_blob WHERE sha256 = ?1",
        [&file.sha256],
        |row| row.get(0),
    )?;
    if !stored {
        conn.run(
            "INSERT INTO file_blob (sha256, size, data, sm3) VALUES (?1, ?2, ?3, ?4)",
            params![
                file.sha256,
                size as i64,
                file.bytes,
                crate::guomi::sm3_hex(&file.bytes)
            ],
        )?;
    }
    conn.run(
        "INSERT INTO evidence (measure_id, blob_sha256, file_name, added_on) VALUES (?1, ?2, ?3, ?4)",
        params![measure_id, file.sha256, file_name, added_on],
    )?;
    Ok(EvidenceId(conn.last_insert_rowid()))
}

pub(super) fn remove(conn: &Connection, id: EvidenceId) -> StoreResult<EvidenceId> {
    let row: Option<(MeasureId, String)> = conn
        .query_row(
            "SELECT measure_id, blob_sha256 FROM evidence WHERE id = ?1",
            [id],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    let (measure_id, sha256) = row.ok_or(StoreError::NotFound {
        what: "佐证材料",
        id: id.0,
    })?;
    if super::measures::measure(conn, measure_id)?.status == MeasureStatus::Closed {
        return Err(DomainError::MeasureClosed.into());
    }
    conn.run("DELETE FROM evidence WHERE id = ?1", [id])?;
    conn.run(
        "DELETE FROM file_blob WHERE sha256 = ?1
            AND NOT EXISTS (SELECT 1 FROM evidence WHERE blob_sha256 = ?1)",
        [sha256],
    )?;
    Ok(id)
}

/// Evidence rows, all or of one measure, ordered by id.
pub(super) fn list(conn: &Connection, of: Option<MeasureId>) -> StoreResult<Vec<Evidence>> {
    let mut statement = conn.prepare_cached(
        "SELECT evidence.id, measure_id, file_name, blob_sha256, file_blob.size, added_on
         FROM evidence JOIN file_blob ON file_blob.sha256 = evidence.blob_sha256
         WHERE ?1 IS NULL OR measure_id = ?1 ORDER BY evidence.id",
    )?;
    let rows = statement.query_map([of], |row| {
        Ok(Evidence {
            id: row.get(0)?,
            measure_id: row.get(1)?,
            file_name: row.get(2)?,
            sha256: row.get(3)?,
            size: row.get::<_, i64>(4)? as u64,
            added_on: row.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

impl Store {
    /// Evidence attachments: of one measure, or all when `of` is `None`.
    pub fn evidence(&self, of: Option<MeasureId>) -> StoreResult<Vec<Evidence>> {
        list(&self.conn, of)
    }

    /// The SM3 of the stored file with this sha256, worked out when it was attached; `None` for
    /// a file attached before 国密 came (or not stored at all).
    pub fn blob_sm3(&self, sha256: &str) -> StoreResult<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT sm3 FROM file_blob WHERE sha256 = ?1",
                [sha256],
                |row| row.get(0),
            )
            .optional()?
            .flatten())
    }

    /// Streams the bytes of the stored file with this sha256 into `writer`; returns the number
    /// of bytes written.
    pub fn copy_blob_to(&self, sha256: &str, writer: &mut impl Write) -> StoreResult<u64> {
        let rowid: i64 = self
            .conn
            .query_row(
                "SELECT rowid FROM file_blob WHERE sha256 = ?1",
                [sha256],
                |row| row.get(0),
            )
            .optional()?
            .ok_or(StoreError::NotFound {
                what: "佐证材料文件",
                id: 0,
            })?;
        let mut blob = self
            .conn
            .blob_open(MAIN_DB, "file_blob", "data", rowid, true)?;
        // Large reads: each incremental blob read walks SQLite's page chain, so a few big
        // chunks cost far less than many of `io::copy`'s 8 KB ones.
        let mut buffer = vec![0_u8; 1024 * 1024];
        let mut copied = 0;
        loop {
            let read = blob
                .read(&mut buffer)
                .map_err(|err| StoreError::io(self.path(), err))?;
            if read == 0 {
                return Ok(copied);
            }
            writer
                .write_all(&buffer[..read])
                .map_err(|err| StoreError::io(self.path(), err))?;
            copied += read as u64;
        }
    }
}
