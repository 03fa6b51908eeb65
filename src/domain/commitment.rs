//! A public rectification or service commitment (整改承诺 / 服务承诺).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::error::DomainResult;
use super::ids::CommitmentId;
use super::labels::labelled_enum;
use super::text::{LONG_TEXT_MAX_CHARS, SHORT_TEXT_MAX_CHARS, optional, required};

labelled_enum!(
    /// Whether a commitment has been honoured (兑现).
    CommitmentState {
        /// 待兑现: made, not yet due or not yet judged.
        Pending => ("pending", "待兑现"),
        /// 已兑现: honoured.
        Honoured => ("honoured", "已兑现"),
        /// 未兑现: not honoured.
        Broken => ("broken", "未兑现"),
    }
);

/// A commitment as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Commitment {
    /// Row id.
    pub id: CommitmentId,
    /// What is promised.
    pub content: String,
    /// To whom (承诺对象), e.g. 服务对象, 社会各界.
    pub audience: String,
    /// How it was made public (公开方式), e.g. 门户网站公示.
    pub publicity: String,
    /// By when; `None` for a standing promise.
    pub due_on: Option<NaiveDate>,
    /// Honoured or not.
    pub state: CommitmentState,
}

/// What users enter for a commitment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitmentDraft {
    /// Content (required).
    pub content: String,
    /// Audience.
    pub audience: String,
    /// Publicity.
    pub publicity: String,
    /// Due date.
    pub due_on: Option<NaiveDate>,
    /// State.
    pub state: CommitmentState,
}

impl CommitmentDraft {
    /// Trims every text and checks the content is present and every field fits.
    pub fn validate(self) -> DomainResult<Self> {
        Ok(Self {
            content: required("承诺内容", &self.content, LONG_TEXT_MAX_CHARS)?,
            audience: optional("承诺对象", &self.audience, SHORT_TEXT_MAX_CHARS)?,
            publicity: optional("公开方式", &self.publicity, SHORT_TEXT_MAX_CHARS)?,
            ..self
        })
    }
}
