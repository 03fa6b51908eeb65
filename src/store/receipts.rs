//! Receipts (回执) a unit imports from its superior office: each acknowledges one of the unit's
//! own revisions, checked against that revision's fingerprint, with the office's key pinned on
//! first use. The bundle layer reads the file and checks its signature first.

use rusqlite::{Connection, OptionalExtension, params};

use super::cached::CachedStatements;
use super::error::{StoreError, StoreResult};
use super::{Store, now_utc, units};
use crate::domain::{Receipt, ReceiptRecord};

/// Checks `receipt` against this unit's revisions and the office key seen before, and records
/// it; returns the revision it acknowledges.
pub(super) fn import_receipt(conn: &Connection, receipt: &Receipt) -> StoreResult<i64> {
    let unit = units::unit(conn)?.ok_or(StoreError::NotInitialised)?;
    if receipt.unit != unit.name {
        return Err(StoreError::Receipt(format!(
            "这是给「{}」的回执，不是本单位「{}」的",
            receipt.unit, unit.name
        )));
    }
    let data_sha256: Option<String> = conn
        .query_row(
            "SELECT data_sha256 FROM revision WHERE number = ?1",
            [receipt.revision],
            |row| row.get(0),
        )
        .optional()?;
    match data_sha256 {
        None => {
            return Err(StoreError::Receipt(format!(
                "本单位没有第 {} 版",
                receipt.revision
            )));
        }
        Some(sha) if sha != receipt.data_sha256 => {
            return Err(StoreError::Receipt(format!(
                "回执中第 {} 版的数据指纹与本单位签发的不符",
                receipt.revision
            )));
        }
        Some(_) => {}
    }
    let pinned: Option<(String, String)> = conn
        .query_row(
            "SELECT office, office_key_id FROM receipt ORDER BY imported_at LIMIT 1",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    if let Some((office, key_id)) = pinned
        && key_id != receipt.office_key_id
    {
        return Err(StoreError::Receipt(format!(
            "签名密钥 {} 与此前「{office}」回执的密钥 {key_id} 不同",
            receipt.office_key_id
        )));
    }
    let existing: Option<i64> = conn
        .query_row(
            "SELECT revision FROM receipt WHERE revision = ?1",
            [receipt.revision],
            |row| row.get(0),
        )
        .optional()?;
    if existing.is_some() {
        return Err(StoreError::AlreadyReceived {
            unit: unit.name,
            revision: receipt.revision,
        });
    }
    conn.run(
        "INSERT INTO receipt (revision, office, office_key_id, received_at, receipt_json,
            imported_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            receipt.revision,
            receipt.office,
            receipt.office_key_id,
            receipt.received_at,
            serde_json::to_string(receipt)?,
            now_utc()
        ],
    )?;
    Ok(receipt.revision)
}

impl Store {
    /// The receipts received for this unit's revisions, by revision.
    pub fn receipts(&self) -> StoreResult<Vec<ReceiptRecord>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT revision, office, office_key_id, received_at FROM receipt ORDER BY revision",
        )?;
        let rows = statement.query_map([], |row| {
            Ok(ReceiptRecord {
                revision: row.get(0)?,
                office: row.get(1)?,
                office_key_id: row.get(2)?,
                received_at: row.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
