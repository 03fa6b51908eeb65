//! The default signers (默认签字人): the people who usually sign the unit's submissions, kept
//! with the working data so that every sign-off can start from them.

use serde::{Deserialize, Serialize};

use super::error::DomainResult;
use super::sign_off::SignOffDraft;
use super::text::{SHORT_TEXT_MAX_CHARS, optional};

/// Who usually signs: 填报人, 审核人 and 主要负责人. Each may be empty (not decided yet); the
/// sign-off itself still asks for all three.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DefaultSigners {
    /// 填报人: the clerk who prepares the ledger.
    pub preparer: String,
    /// 审核人: who checks it.
    pub reviewer: String,
    /// 主要负责人: the unit's leader who signs it off.
    pub leader: String,
}

impl DefaultSigners {
    /// Trims the three names and checks each fits a signature line. Empty names are allowed:
    /// a unit may know its leader before it knows who will review.
    pub fn validate(self) -> DomainResult<Self> {
        Ok(Self {
            preparer: optional("填报人", &self.preparer, SHORT_TEXT_MAX_CHARS)?,
            reviewer: optional("审核人", &self.reviewer, SHORT_TEXT_MAX_CHARS)?,
            leader: optional("主要负责人", &self.leader, SHORT_TEXT_MAX_CHARS)?,
        })
    }

    /// Whether no name is set.
    pub fn is_empty(&self) -> bool {
        self.preparer.is_empty() && self.reviewer.is_empty() && self.leader.is_empty()
    }

    /// A sign-off prefilled with these names, for the sign-off form to start from.
    pub fn to_sign_off_draft(&self) -> SignOffDraft {
        SignOffDraft {
            preparer: self.preparer.clone(),
            reviewer: self.reviewer.clone(),
            leader: self.leader.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::DomainError;

    #[test]
    fn names_are_trimmed_and_may_be_empty() {
        let signers = DefaultSigners {
            preparer: "  李娜 ".into(),
            reviewer: String::new(),
            leader: "王建国".into(),
        }
        .validate()
        .unwrap();
        assert_eq!(signers.preparer, "李娜");
        assert_eq!(signers.reviewer, "");
        assert!(!signers.is_empty());
        assert!(DefaultSigners::default().validate().unwrap().is_empty());
        assert_eq!(signers.to_sign_off_draft().leader, "王建国");
    }

    #[test]
    fn long_names_are_refused() {
        let long = DefaultSigners {
            reviewer: "审".repeat(SHORT_TEXT_MAX_CHARS + 1),
            ..DefaultSigners::default()
        };
        let err = long.validate().unwrap_err();
        assert!(matches!(
            err,
            DomainError::TooLong {
                field: "审核人",
                ..
            }
        ));
        assert!(err.to_string().contains("审核人"));
    }
}
