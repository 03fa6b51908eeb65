//! The append-only, hash-chained audit log (操作日志).
//!
//! Each entry's hash covers the previous entry's hash and every field of its own, so changing,
//! removing or reordering any entry breaks the chain from that entry on.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The `prev_hash` of the first entry.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// An audit entry as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// Sequence number, from 1, without gaps.
    pub seq: i64,
    /// When, UTC RFC 3339.
    pub at: String,
    /// The command's code, e.g. `add_problem`.
    pub action: String,
    /// The record acted on, e.g. `problem:12`.
    pub target: String,
    /// The command as JSON.
    pub details: String,
    /// The previous entry's hash ([`GENESIS_HASH`] for the first).
    pub prev_hash: String,
    /// This entry's hash, see [`entry_hash`].
    pub hash: String,
}

impl AuditEntry {
    /// Recomputes this entry's hash from its fields.
    pub fn expected_hash(&self) -> String {
        entry_hash(
            &self.prev_hash,
            self.seq,
            &self.at,
            &self.action,
            &self.target,
            &self.details,
        )
    }
}

/// The hash of an entry: sha256 over the fields, each length-prefixed so that no two different
/// entries can be made to hash alike by moving text between fields.
pub fn entry_hash(
    prev_hash: &str,
    seq: i64,
    at: &str,
    action: &str,
    target: &str,
    details: &str,
) -> String {
    let mut hasher = Sha256::new();
    let seq_text = seq.to_string();
    for field in [prev_hash, &seq_text, at, action, target, details] {
        hasher.update((field.len() as u64).to_le_bytes());
        hasher.update(field.as_bytes());
    }
    hex_lower(&hasher.finalize())
}

/// Lower-case hex of `bytes`.
pub fn hex_lower(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut out, byte| {
            let _ = write!(out, "{byte:02x}");
            out
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_changes_with_every_field_and_moving_text() {
        let base = entry_hash(GENESIS_HASH, 1, "t", "add_problem", "problem:1", "{}");
        assert_eq!(base.len(), 64);
        assert_ne!(
            base,
            entry_hash(GENESIS_HASH, 2, "t", "add_problem", "problem:1", "{}")
        );
        assert_ne!(
            base,
            entry_hash(GENESIS_HASH, 1, "t", "add_problem", "problem:1", "{ }")
        );
        assert_ne!(
            entry_hash(GENESIS_HASH, 1, "t", "ab", "c", "{}"),
            entry_hash(GENESIS_HASH, 1, "t", "a", "bc", "{}")
        );
    }

    #[test]
    fn hex_is_lower_case() {
        assert_eq!(hex_lower(&[0x00, 0xab, 0xff]), "00abff");
    }
}
