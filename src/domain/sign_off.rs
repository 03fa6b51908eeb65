//! Sign-off (审核签发) and the immutable revision (报送版本) it freezes.

use serde::{Deserialize, Serialize};

use super::error::DomainResult;
use super::text::{SHORT_TEXT_MAX_CHARS, required};

/// A sign-off as stored: who signed which revision and the hash of its frozen data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignOff {
    /// Revision number, from 1.
    pub revision: i64,
    /// 填报人.
    pub preparer: String,
    /// 审核人.
    pub reviewer: String,
    /// 主要负责人.
    pub leader: String,
    /// When, UTC RFC 3339.
    pub signed_at: String,
    /// Lower-case hex sha256 of the revision's canonical data (the fingerprint on paper).
    pub data_sha256: String,
}

/// What users enter to sign off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignOffDraft {
    /// 填报人 (required).
    pub preparer: String,
    /// 审核人 (required).
    pub reviewer: String,
    /// 主要负责人 (required).
    pub leader: String,
}

impl SignOffDraft {
    /// Trims the three names and checks each is present.
    pub fn validate(self) -> DomainResult<Self> {
        Ok(Self {
            preparer: required("填报人", &self.preparer, SHORT_TEXT_MAX_CHARS)?,
            reviewer: required("审核人", &self.reviewer, SHORT_TEXT_MAX_CHARS)?,
            leader: required("主要负责人", &self.leader, SHORT_TEXT_MAX_CHARS)?,
        })
    }
}

/// A frozen revision: the sign-off plus the canonical JSON it signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    /// The sign-off that froze it.
    pub sign_off: SignOff,
    /// The canonical JSON snapshot of the working data at sign-off.
    pub canonical_json: String,
}
