//! Appending to and reading the hash-chained audit log.

use super::cached::CachedStatements;
use rusqlite::{Connection, OptionalExtension, params};

use super::error::StoreResult;
use super::{Store, now_utc};
use crate::domain::audit::{GENESIS_HASH, entry_hash};
use crate::domain::{AuditEntry, Command, RecordRef};

/// Appends the entry for `command`, which acted on `target`, after the current chain head.
pub(super) fn append(conn: &Connection, command: &Command, target: RecordRef) -> StoreResult<()> {
    let head: Option<(i64, String)> = conn
        .query_row(
            "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    let (prev_seq, prev_hash) = head.unwrap_or((0, GENESIS_HASH.to_owned()));
    let seq = prev_seq + 1;
    let at = now_utc();
    let action = command.code();
    // The command as JSON. Its payloads serialise as fingerprints: an attachment's bytes as
    // their size (with its sha256), a received revision without its data, manifest or key text,
    // so an entry stays small and never copies a file's content into the log.
    let details = match frozen_fingerprint(conn, command, target)? {
        // The entry of a new SM2 key names it, so the log says which key the unit signs with.
        Some(key_id) if matches!(command, Command::AddSm2Key) => {
            serde_json::json!({ "AddSm2Key": { "sm2_key_id": key_id } }).to_string()
        }
        // The audit entry of a sign-off or a received bundle carries the frozen data's
        // fingerprint, so that re-hashing a revision after the fact also breaks the chain.
        Some(fingerprint) => {
            let mut value = serde_json::to_value(command)?;
            value["data_sha256"] = fingerprint.into();
            serde_json::to_string(&value)?
        }
        None => serde_json::to_string(command)?,
    };
    let target = target.to_string();

    let hash = entry_hash(&prev_hash, seq, &at, action, &target, &details);
    conn.run(
        "INSERT INTO audit_log (seq, at, action, target, details, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![seq, at, action, target, details, prev_hash, hash],
    )?;
    Ok(())
}

/// The fingerprint of the data `command` froze: a sign-off's revision, a received bundle's; or
/// the id of the SM2 key a command made.
fn frozen_fingerprint(
    conn: &Connection,
    command: &Command,
    target: RecordRef,
) -> StoreResult<Option<String>> {
    let sql = match (command, target) {
        (Command::SignOff(_), RecordRef::Revision(_)) => {
            "SELECT data_sha256 FROM revision WHERE number = ?1"
        }
        (Command::ImportBundle { .. }, RecordRef::Received(_)) => {
            "SELECT data_sha256 FROM received_revision WHERE id = ?1"
        }
        (Command::AddSm2Key, RecordRef::SigningKey) => {
            return Ok(conn
                .query_row("SELECT key_id FROM unit_sm2_key WHERE id = 1", [], |row| {
                    row.get(0)
                })
                .optional()?);
        }
        _ => return Ok(None),
    };
    let (RecordRef::Revision(key) | RecordRef::Received(key)) = target else {
        return Ok(None);
    };
    Ok(conn.query_row(sql, [key], |row| row.get(0)).optional()?)
}

/// Every audit entry in order.
pub(super) fn entries(conn: &Connection) -> StoreResult<Vec<AuditEntry>> {
    let mut statement = conn.prepare_cached(
        "SELECT seq, at, action, target, details, prev_hash, hash FROM audit_log ORDER BY seq",
    )?;
    let rows = statement.query_map([], |row| {
        Ok(AuditEntry {
            seq: row.get(0)?,
            at: row.get(1)?,
            action: row.get(2)?,
            target: row.get(3)?,
            details: row.get(4)?,
            prev_hash: row.get(5)?,
            hash: row.get(6)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Walks the chain and describes the first break, naming the entry, or `None` when intact.
pub(super) fn first_break(entries: &[AuditEntry]) -> Option<String> {
    let mut expected_prev = GENESIS_HASH.to_owned();
    for (index, entry) in entries.iter().enumerate() {
        let expected_seq = index as i64 + 1;
        if entry.seq != expected_seq {
            return Some(format!(
                "操作日志缺少第 {expected_seq} 条（下一条是第 {} 条）",
                entry.seq
            ));
        }
        if entry.prev_hash != expected_prev {
            return Some(format!(
                "操作日志第 {} 条（{}）与前一条不衔接，日志可能被删改",
                entry.seq, entry.action
            ));
        }
        if entry.hash != entry.expected_hash() {
            return Some(format!(
                "操作日志第 {} 条（{}，{}）的内容与其校验值不符，日志可能被篡改",
                entry.seq, entry.action, entry.target
            ));
        }
        expected_prev.clone_from(&entry.hash);
    }
    None
}

impl Store {
    /// Every audit entry, oldest first.
    pub fn audit_entries(&self) -> StoreResult<Vec<AuditEntry>> {
        entries(&self.conn)
    }

    /// The hash of the newest audit entry (the chain head), or the genesis hash when empty.
    pub fn audit_head(&self) -> StoreResult<String> {
        let head: Option<String> = self
            .conn
            .query_row(
                "SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1",
                [],
                |row| row.get(0),
            )
            .optional()?;
        Ok(head.unwrap_or_else(|| GENESIS_HASH.to_owned()))
    }
}
