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
    /// The unit's SM2 key that co-signed it; `None` for a bundle from before 国密.
    pub sm2_key_id: Option<String>,
    /// Its SM3 data fingerprint; `None` for a bundle from before 国密.
    pub data_sm3: Option<String>,
}

impl ReceivedRevision {
    /// The unit's key ids as a tooltip or a detail line shows them: both grouped in fours, or
    /// the minisign one with a note that the bundle came from before 国密.
    pub fn keys_text(&self) -> String {
        let key = super::grouped_key_id(&self.key_id);
        match &self.sm2_key_id {
            Some(sm2) => format!(
                "单位签名编号 {key}，国密签名编号 {}",
                super::grouped_key_id(sm2)
            ),
            None => format!("单位签名编号 {key}（{}）", super::signature_label(false)),
        }
    }
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
    /// The id of the unit's SM2 key that co-signed it; `None` for a bundle from before 国密.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sm2_key_id: Option<String>,
    /// The unit's SM2 public key (PEM); its id is `sm2_key_id`.
    #[serde(skip)]
    pub sm2_public_key: Option<String>,
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
/// Its compact JSON, fields in this order, is what the office's signatures cover: fields are
/// never reordered or renamed, and are added only at the end and only as optional fields left
/// out when empty, so that a receipt from an earlier version reads back to the same bytes.
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
    /// The id of the office's SM2 key, which co-signs the receipt （国密）， or `None` in a receipt
    /// from before 国密.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub office_sm2_key_id: Option<String>,
    /// The office's SM2 public key (PEM); its id is `office_sm2_key_id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub office_sm2_public_key: Option<String>,
    /// The revision's SM3 data fingerprint, printed beside the sha256 one; `None` in a receipt
    /// from before 国密.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_sm3: Option<String>,
}

impl Receipt {
    /// How the receipt is signed, as shown when it is imported.
    pub fn signature_label(&self) -> &'static str {
        super::signature_label(self.office_sm2_key_id.is_some())
    }
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
    /// The office's SM2 key id, when the receipt was co-signed with SM2.
    pub office_sm2_key_id: Option<String>,
    /// When the office received the bundle, UTC RFC 3339.
    pub received_at: String,
}
