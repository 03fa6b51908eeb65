//! An evidence file attached to a measure (佐证材料); its bytes live in the content-addressed
//! blob store, keyed by sha256.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

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
}
