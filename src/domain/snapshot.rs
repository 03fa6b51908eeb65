//! The canonical snapshot of a working database: every record, in a fixed field order, rows
//! ordered by id. Serialised compactly with serde_json it is byte-identical for the same data,
//! so its sha256 is the revision's fingerprint.

use serde::{Deserialize, Serialize};

use super::audit::hex_lower;
use super::{
    Campaign, Category, CloseOut, Commitment, Evidence, Extension, Measure, Problem, ProgressNote,
    Rule, Unit,
};

/// The format name written into every snapshot.
pub const SNAPSHOT_FORMAT: &str = "zhenggai-snapshot";

/// Every record of a working database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Always [`SNAPSHOT_FORMAT`].
    pub format: String,
    /// Format version.
    pub version: u32,
    /// The unit.
    pub unit: Option<Unit>,
    /// Campaigns with phases.
    pub campaigns: Vec<Campaign>,
    /// The category tree.
    pub categories: Vec<Category>,
    /// Problems.
    pub problems: Vec<Problem>,
    /// Measures.
    pub measures: Vec<Measure>,
    /// Progress notes.
    pub progress_notes: Vec<ProgressNote>,
    /// Evidence attachments (metadata and sha256; the bytes travel separately).
    pub evidence: Vec<Evidence>,
    /// Close-outs.
    pub close_outs: Vec<CloseOut>,
    /// Extensions.
    pub extensions: Vec<Extension>,
    /// Commitments.
    pub commitments: Vec<Commitment>,
    /// Rules with links.
    pub rules: Vec<Rule>,
}

impl Snapshot {
    /// The canonical JSON text.
    pub fn canonical_json(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string(self)
    }
}

/// Lower-case hex sha256 of `text`'s UTF-8 bytes.
pub fn sha256_hex(text: &str) -> String {
    use sha2::{Digest, Sha256};
    hex_lower(&Sha256::digest(text.as_bytes()))
}
