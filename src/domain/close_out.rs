//! Close-out (销号): the verified end of a measure, only from 已完成, with a verifier, an opinion
//! and either evidence or a written reason why there is none.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::error::{DomainError, DomainResult};
use super::ids::MeasureId;
use super::status::MeasureStatus;
use super::text::{LONG_TEXT_MAX_CHARS, SHORT_TEXT_MAX_CHARS, optional, required};

/// A close-out as stored (one per closed measure).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CloseOut {
    /// The closed measure.
    pub measure_id: MeasureId,
    /// Who verified (核验人).
    pub verifier: String,
    /// When.
    pub closed_on: NaiveDate,
    /// The verifier's opinion (核验意见).
    pub opinion: String,
    /// Why there is no evidence; empty when evidence is attached.
    pub no_evidence_reason: String,
}

/// What users enter to close out a measure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CloseOutDraft {
    /// The measure.
    pub measure_id: MeasureId,
    /// Verifier (required).
    pub verifier: String,
    /// Date.
    pub closed_on: NaiveDate,
    /// Opinion (required).
    pub opinion: String,
    /// Reason for missing evidence (required when `evidence_count` is 0).
    pub no_evidence_reason: String,
}

impl CloseOutDraft {
    /// Applies the 销号 guards to a measure in `status` that has `evidence_count` attachments.
    pub fn validate(self, status: MeasureStatus, evidence_count: usize) -> DomainResult<Self> {
        if status != MeasureStatus::Completed {
            return Err(if status == MeasureStatus::Closed {
                DomainError::MeasureClosed
            } else {
                DomainError::CloseOutNotCompleted {
                    status: status.label(),
                }
            });
        }
        let verifier = required("核验人", &self.verifier, SHORT_TEXT_MAX_CHARS)?;
        let opinion = required("核验意见", &self.opinion, LONG_TEXT_MAX_CHARS)?;
        let no_evidence_reason = optional(
            "无佐证材料的理由",
            &self.no_evidence_reason,
            LONG_TEXT_MAX_CHARS,
        )?;
        if evidence_count == 0 && no_evidence_reason.is_empty() {
            return Err(DomainError::CloseOutNeedsEvidence);
        }
        Ok(Self {
            verifier,
            opinion,
            no_evidence_reason,
            ..self
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(verifier: &str, opinion: &str, reason: &str) -> CloseOutDraft {
        CloseOutDraft {
            measure_id: MeasureId(1),
            verifier: verifier.into(),
            closed_on: NaiveDate::from_ymd_opt(2026, 9, 30).unwrap(),
            opinion: opinion.into(),
            no_evidence_reason: reason.into(),
        }
    }

    #[test]
    fn completed_measure_with_evidence_closes() {
        let ok = draft("赵敏", "经核验，已整改到位", "")
            .validate(MeasureStatus::Completed, 2)
            .unwrap();
        assert_eq!(ok.verifier, "赵敏");
    }

    #[test]
    fn completed_measure_with_reason_instead_of_evidence_closes() {
        assert!(
            draft("赵敏", "已整改到位", "制度已在会上宣读，无书面材料")
                .validate(MeasureStatus::Completed, 0)
                .is_ok()
        );
    }

    #[test]
    fn missing_evidence_and_reason_is_refused() {
        assert_eq!(
            draft("赵敏", "已整改到位", " ").validate(MeasureStatus::Completed, 0),
            Err(DomainError::CloseOutNeedsEvidence)
        );
    }

    #[test]
    fn verifier_and_opinion_are_required() {
        assert_eq!(
            draft("", "已整改到位", "").validate(MeasureStatus::Completed, 1),
            Err(DomainError::Required { field: "核验人" })
        );
        assert_eq!(
            draft("赵敏", "", "").validate(MeasureStatus::Completed, 1),
            Err(DomainError::Required {
                field: "核验意见"
            })
        );
    }

    #[test]
    fn only_completed_measures_close() {
        for status in [MeasureStatus::NotStarted, MeasureStatus::InProgress] {
            assert_eq!(
                draft("赵敏", "好", "").validate(status, 1),
                Err(DomainError::CloseOutNotCompleted {
                    status: status.label()
                })
            );
        }
        assert_eq!(
            draft("赵敏", "好", "").validate(MeasureStatus::Closed, 1),
            Err(DomainError::MeasureClosed)
        );
    }
}
