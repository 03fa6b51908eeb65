//! The superior office's side (汇总): the office that aggregates, the units whose bundles it has
//! received, and the receipts (回执) a unit gets back.

use serde::{Deserialize, Serialize};

use super::error::DomainResult;
use super::text::required;

/// The longest office name accepted.
const OFFICE_NAME_MAX_CHARS: usize = 200;

/// The office that keeps an aggregate database (e.g. 市作风办).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Office {
    /// Its full name.
    pub name: String,
    /// When the aggregate was created, UTC RFC 3339.
    pub created_at: String,
}

/// What users enter to create an aggregate database.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeDraft {
    /// The office's full name.
    pub name: String,
}

impl OfficeDraft {
    /// Checks the draft; returns it trimmed.
    pub fn validate(self) -> DomainResult<Self> {
        Ok(Self {
            name: required("汇总单位名称", &self.name, OFFICE_NAME_MAX_CHARS)?,
        })
    }
}

/// One revision of a unit as received in a bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceivedRevision {
    /// Row id.
    pub id: i64,
    /// The unit's name.
    pub unit: String,
    /// The revision number.
    pub revision: i64,
    /// 填报人.
    pub preparer: String,
    /// 审核人.
    pub reviewer: String,
    /// 主要负责人.
    pub leader: String,
    /// When the unit signed it, UTC RFC 3339.
    pub signed_at: String,
    /// When it was received here, UTC RFC 3339.
    pub received_at: String,
    /// The revision's data fingerprint.
    pub data_sha256: String,
    /// The bundle's manifest sha256.
    pub manifest_sha256: String,
    /// The unit key that signed it.
    pub key_id: String,
}

/// A unit's revision taken from a bundle that passed every check (signature, hashes, layout),
/// as the command that receives it carries it: the store keeps it without opening the bundle.
///
/// Serialised (into the audit log) as unit, revision, signers and fingerprints; the public key,
/// the manifest and the data themselves stay out of the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VerifiedRevision {
    /// The unit's name.
    pub unit: String,
    /// The revision number.
    pub revision: i64,
    /// 填报人.
    pub preparer: String,
    /// 审核人.
    pub reviewer: String,
    /// 主要负责人.
    pub leader: String,
    /// When the unit signed it, UTC RFC 3339.
    pub signed_at: String,
    /// The revision's data fingerprint: sha256 of `snapshot_json`.
    pub data_sha256: String,
    /// sha256 of the bundle's `manifest.json`: identifies the bundle.
    pub manifest_sha256: String,
    /// The id of the unit key that signed it.
    pub key_id: String,
    /// The unit's public key in minisign's text format; its id is `key_id`.
    #[serde(skip)]
    pub public_key: String,
    /// The bundle's manifest as JSON.
    #[serde(skip)]
    pub manifest_json: String,
    /// The revision's canonical data as JSON.
    #[serde(skip)]
    pub snapshot_json: String,
}

/// A receipt （回执）：the superior office's acknowledgement that it received one of a unit's
/// revisions. The bundle layer reads it from its file and checks its signature; the command
/// that records it carries this value.
///
/// Its compact JSON, fields in this order, is what the office's signature covers: fields are
/// never reordered, renamed or added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Receipt {
    /// The receipt format's name.
    pub format: String,
    /// The receipt format's version.
    pub version: u32,
    /// The office that received the bundle.
    pub office: String,
    /// The office key's id.
    pub office_key_id: String,
    /// The office's public key in minisign's format.
    pub office_public_key: String,
    /// The unit whose revision was received.
    pub unit: String,
    /// The revision received.
    pub revision: i64,
    /// The revision's data fingerprint.
    pub data_sha256: String,
    /// The received bundle's manifest sha256.
    pub manifest_sha256: String,
    /// When the office received it, UTC RFC 3339.
    pub received_at: String,
    /// When the receipt was written, UTC RFC 3339.
    pub issued_at: String,
}

/// A receipt (回执) for a revision, as kept by the unit that sent it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptRecord {
    /// The revision acknowledged.
    pub revision: i64,
    /// The office that received it.
    pub office: String,
    /// The office's key id.
    pub office_key_id: String,
    /// When the office received the bundle, UTC RFC 3339.
    pub received_at: String,
}
