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
