//! An evidence file attached to a measure (佐证材料); its bytes live in the content-addressed
//! blob store, keyed by sha256.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize, Serializer};
use sha2::{Digest, Sha256};

use super::audit::hex_lower;
use super::error::DomainResult;
use super::ids::{EvidenceId, MeasureId};
use super::text::{SHORT_TEXT_MAX_CHARS, required};

/// Largest evidence file accepted: a scanned PDF or a phone photo is a few MB; a video is not
/// evidence this ledger should carry on a USB stick.
pub const EVIDENCE_MAX_BYTES: u64 = 200 * 1024 * 1024;

/// An evidence attachment as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// Row id.
    pub id: EvidenceId,
    /// The measure it supports.
    pub measure_id: MeasureId,
    /// The file name as the user knew it.
    pub file_name: String,
    /// Lower-case hex sha256 of the bytes.
    pub sha256: String,
    /// Size in bytes.
    pub size: u64,
    /// The day it was attached.
    pub added_on: NaiveDate,
}

/// An evidence file as a command carries it: its content, read by the caller (the store never
/// opens the clerk's files), with the sha256 the store checks before keeping it.
///
/// Serialised (into the audit log) as name, sha256 and size: the bytes stay out of the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EvidenceFile {
    /// The name to show, e.g. `会议纪要.pdf`.
    pub file_name: String,
    /// Lower-case hex sha256 of `bytes`.
    pub sha256: String,
    /// The file's content; only its length is serialised, as `size`.
    #[serde(rename = "size", serialize_with = "serialize_len")]
    pub bytes: Vec<u8>,
}

impl EvidenceFile {
    /// The file `file_name` with content `bytes`, with their sha256 computed here.
    pub fn new(file_name: impl Into<String>, bytes: Vec<u8>) -> Self {
        Self {
            file_name: file_name.into(),
            sha256: sha256_of(&bytes),
            bytes,
        }
    }

    /// The content's size in bytes.
    pub fn size(&self) -> u64 {
        self.bytes.len() as u64
    }
}

/// Lower-case hex sha256 of `bytes`, the key evidence is stored under.
pub fn sha256_of(bytes: &[u8]) -> String {
    hex_lower(&Sha256::digest(bytes))
}

/// Writes a byte buffer as its length: the audit log records the size of evidence, never its
/// content (a scan would make every entry megabytes long).
fn serialize_len<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_u64(bytes.len() as u64)
}

/// Checks a file name given for an attachment: present, short, and without path separators.
pub fn validate_file_name(file_name: &str) -> DomainResult<String> {
    let name = required("文件名", file_name, SHORT_TEXT_MAX_CHARS)?;
    // Only the last path component is kept: the name is shown and later written into bundles.
    // A name that is only a folder path (`扫描件/`) leaves nothing, which is an empty name.
    required(
        "文件名",
        name.rsplit(['/', '\\']).next().unwrap_or_default(),
        SHORT_TEXT_MAX_CHARS,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_name_keeps_only_the_last_component() {
        assert_eq!(
            validate_file_name(r"C:\扫描件\会议纪要.pdf").unwrap(),
            "会议纪要.pdf"
        );
        assert_eq!(validate_file_name("../照片.jpg").unwrap(), "照片.jpg");
        assert!(validate_file_name("  ").is_err());
    }

    #[test]
    fn a_file_serialises_without_its_bytes() {
        let file = EvidenceFile::new("会议纪要.pdf", b"%PDF-1.4".to_vec());
        assert_eq!(file.size(), 8);
        let json = serde_json::to_value(&file).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "file_name": "会议纪要.pdf",
                "sha256": sha256_of(b"%PDF-1.4"),
                "size": 8,
            })
        );
    }
}
