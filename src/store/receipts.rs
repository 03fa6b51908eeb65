//! Receipts (回执) a unit imports from its superior office: each acknowledges one of the unit's
//! own revisions, checked against that revision's fingerprint, with the office's key pinned on
//! first use. The bundle layer reads the file and checks its signature first.

use rusqlite::{Connection, OptionalExtension, params};

use super::cached::CachedStatements;
use super::error::{StoreError, StoreResult};
use super::{Store, now_utc, units};
use crate::domain::{Receipt, ReceiptRecord};
use crate::guomi;
use crate::signing::{key_id_of_public_key, same_public_key};

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
    let frozen: Option<(String, String)> = conn
        .query_row(
            "SELECT data_sha256, canonical_json FROM revision WHERE number = ?1",
            [receipt.revision],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    let Some((data_sha256, canonical_json)) = frozen else {
        return Err(StoreError::Receipt(format!(
            "本单位没有第 {} 版",
            receipt.revision
        )));
    };
    let sm3_differs = receipt
        .data_sm3
        .as_ref()
        .is_some_and(|sm3| *sm3 != guomi::sm3_hex(canonical_json.as_bytes()));
    if data_sha256 != receipt.data_sha256 || sm3_differs {
        return Err(StoreError::Receipt(format!(
            "回执中第 {} 版的数据指纹与本单位签发的不符",
            receipt.revision
        )));
    }
    check_office_keys(conn, receipt)?;
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
            imported_at, office_sm2_key_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            receipt.revision,
            receipt.office,
            receipt.office_key_id,
            receipt.received_at,
            serde_json::to_string(receipt)?,
            now_utc(),
            receipt.office_sm2_key_id
        ],
    )?;
    Ok(receipt.revision)
}

/// Checks the receipt's keys against the office's keys pinned by the first receipt: the
/// minisign key always (the key itself, not only its id, which whoever makes a key can copy),
/// the SM2 key once a receipt has named one. A receipt without SM2 after one with it is
/// refused, since that is how a stripped co-signature would look.
fn check_office_keys(conn: &Connection, receipt: &Receipt) -> StoreResult<()> {
    check_key_ids(receipt)?;
    let pinned: Option<(String, String, String)> = conn
        .query_row(
            "SELECT office, office_key_id, json_extract(receipt_json, '$.office_public_key')
             FROM receipt ORDER BY imported_at LIMIT 1",
            [],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .optional()?;
    let Some((office, key_id, public_key)) = pinned else {
        return Ok(());
    };
    if key_id != receipt.office_key_id || !same_public_key(&public_key, &receipt.office_public_key)
    {
        return Err(StoreError::Receipt(format!(
            "签名密钥 {} 与此前「{office}」回执的密钥 {key_id} 不同",
            receipt.office_key_id
        )));
    }
    let pinned_sm2: Option<String> = conn
        .query_row(
            "SELECT office_sm2_key_id FROM receipt WHERE office_sm2_key_id IS NOT NULL
             ORDER BY imported_at LIMIT 1",
            [],
            |row| row.get(0),
        )
        .optional()?;
    match (pinned_sm2, &receipt.office_sm2_key_id) {
        (Some(pinned), Some(offered)) if &pinned != offered => Err(StoreError::Receipt(format!(
            "国密签名密钥 {offered} 与此前「{office}」回执的国密密钥 {pinned} 不同"
        ))),
        (Some(pinned), None) => Err(StoreError::Receipt(format!(
            "这份回执没有国密签名，而此前「{office}」的回执由国密密钥 {pinned} 签名"
        ))),
        _ => Ok(()),
    }
}

/// Checks that the receipt's key ids are those of the keys it carries. The bundle layer checked
/// them when it read the file; this keeps a command built any other way from pinning a key
/// under another key's id.
fn check_key_ids(receipt: &Receipt) -> StoreResult<()> {
    let minisign = key_id_of_public_key(&receipt.office_public_key).ok();
    if minisign.as_ref() != Some(&receipt.office_key_id)
        || !guomi::names_key(
            receipt.office_sm2_key_id.as_deref(),
            receipt.office_sm2_public_key.as_deref(),
        )
    {
        return Err(StoreError::FingerprintMismatch {
            what: format!("「{}」回执中的公钥", receipt.office),
        });
    }
    Ok(())
}

impl Store {
    /// The receipts received for this unit's revisions, by revision.
    pub fn receipts(&self) -> StoreResult<Vec<ReceiptRecord>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT revision, office, office_key_id, office_sm2_key_id, received_at FROM receipt
             ORDER BY revision",
        )?;
        let rows = statement.query_map([], |row| {
            Ok(ReceiptRecord {
                revision: row.get(0)?,
                office: row.get(1)?,
                office_key_id: row.get(2)?,
                office_sm2_key_id: row.get(3)?,
                received_at: row.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
