//! Evidence files: bytes in a content-addressed blob table (sha256 key), streamed in and out
//! with SQLite's incremental blob I/O so a large scan is never held in memory whole.

use super::cached::CachedStatements;
use std::fs::File;
use std::io::{BufReader, Read, Write};
use std::path::Path;

use chrono::NaiveDate;
use rusqlite::blob::ZeroBlob;
use rusqlite::{Connection, MAIN_DB, OptionalExtension, params};
use sha2::{Digest, Sha256};

use super::Store;
use super::error::{StoreError, StoreResult};
use crate::bounded_read::open_regular_file;
use crate::domain::audit::hex_lower;
use crate::domain::evidence::{EVIDENCE_MAX_BYTES, validate_file_name};
use crate::domain::{DomainError, Evidence, EvidenceId, MeasureId, MeasureStatus};

const CHUNK_BYTES: usize = 64 * 1024;

/// Copies `reader` to `writer` in chunks and returns the sha256 of what passed through.
fn copy_hashing(mut reader: impl Read, mut writer: impl Write) -> std::io::Result<String> {
    let mut hasher = Sha256::new();
    let mut buffer = vec![0_u8; CHUNK_BYTES];
    loop {
        let read = reader.read(&mut buffer)?;
        if read == 0 {
            break;
        }
        hasher.update(&buffer[..read]);
        writer.write_all(&buffer[..read])?;
    }
    writer.flush()?;
    Ok(hex_lower(&hasher.finalize()))
}

fn open_source(source: &Path) -> StoreResult<(BufReader<File>, u64)> {
    // A device would never end (and report size 0, passing the size check below).
    let (file, size) = open_regular_file(source).map_err(|err| StoreError::io(source, err))?;
    Ok((BufReader::with_capacity(CHUNK_BYTES, file), size))
}

pub(super) fn attach(
    conn: &Connection,
    measure_id: MeasureId,
    source: &Path,
    file_name: &str,
    added_on: NaiveDate,
) -> StoreResult<EvidenceId> {
    let measure = super::measures::measure(conn, measure_id)?;
    if measure.status == MeasureStatus::Closed {
        return Err(DomainError::MeasureClosed.into());
    }
    let shown_name = if file_name.trim().is_empty() {
        source
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default()
    } else {
        file_name.to_owned()
    };
    let file_name = validate_file_name(&shown_name)?;
    // First pass: the hash names the content, so a file attached twice is stored once.
    let (reader, size) = open_source(source)?;
    if size > EVIDENCE_MAX_BYTES {
        return Err(StoreError::EvidenceTooLarge {
            path: source.to_path_buf(),
            size_mb: size / (1024 * 1024),
            max_mb: EVIDENCE_MAX_BYTES / (1024 * 1024),
        });
    }
    let sha256 =
        copy_hashing(reader, std::io::sink()).map_err(|err| StoreError::io(source, err))?;
    let stored: bool = conn.row(
        "SELECT count(*) > 0 FROM file_blob WHERE sha256 = ?1",
        [&sha256],
        |row| row.get(0),
    )?;
    if !stored {
        write_blob(conn, source, &sha256, size)?;
    }
    conn.run(
        "INSERT INTO evidence (measure_id, blob_sha256, file_name, added_on) VALUES (?1, ?2, ?3, ?4)",
        params![measure_id, sha256, file_name, added_on],
    )?;
    Ok(EvidenceId(conn.last_insert_rowid()))
}

/// Second pass: streams the file into a preallocated blob, checking it did not change since the
/// first pass (the enclosing transaction rolls back if it did).
fn write_blob(conn: &Connection, source: &Path, sha256: &str, size: u64) -> StoreResult<()> {
    conn.run(
        "INSERT INTO file_blob (sha256, size, data) VALUES (?1, ?2, ?3)",
        params![sha256, size as i64, ZeroBlob(size)],
    )?;
    let rowid = conn.last_insert_rowid();
    let (reader, _) = open_source(source)?;
    let mut blob = conn.blob_open(MAIN_DB, "file_blob", "data", rowid, false)?;
    // A file that grew since the first pass would overflow the blob; `take` stops at its size.
    let written_sha =
        copy_hashing(reader.take(size), &mut blob).map_err(|err| StoreError::io(source, err))?;
    if written_sha != sha256 {
        return Err(StoreError::io(
            source,
            std::io::Error::other("文件在读取过程中发生了变化,请关闭正在编辑它的程序后重试"),
        ));
    }
    Ok(())
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
