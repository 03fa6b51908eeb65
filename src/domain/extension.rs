//! Deadline extension (延期): a later date, with a reason and an approver.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::date::{Deadline, format_date};
use super::error::{DomainError, DomainResult};
use super::ids::{ExtensionId, MeasureId};
use super::status::MeasureStatus;
use super::text::{LONG_TEXT_MAX_CHARS, SHORT_TEXT_MAX_CHARS, required};

/// An approved extension as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extension {
    /// Row id.
    pub id: ExtensionId,
    /// The measure extended.
    pub measure_id: MeasureId,
    /// The deadline before the extension.
    pub old_deadline: NaiveDate,
    /// The deadline after it.
    pub new_deadline: NaiveDate,
    /// Why (延期理由).
    pub reason: String,
    /// Who approved (审批人).
    pub approver: String,
    /// When it was approved.
    pub approved_on: NaiveDate,
}

/// What users enter to extend a deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtensionDraft {
    /// The measure.
    pub measure_id: MeasureId,
    /// The new deadline, later than the current one.
    pub new_deadline: NaiveDate,
    /// Reason (required).
    pub reason: String,
    /// Approver (required).
    pub approver: String,
    /// Approval date.
    pub approved_on: NaiveDate,
}

impl ExtensionDraft {
    /// Checks the extension against the measure's current `deadline` and `status`, and returns
    /// the validated draft with the old deadline it replaces.
    pub fn validate(
        self,
        deadline: Option<Deadline>,
        status: MeasureStatus,
    ) -> DomainResult<(Self, NaiveDate)> {
        if status == MeasureStatus::Closed {
            return Err(DomainError::MeasureClosed);
        }
        let old_deadline = deadline
            .and_then(Deadline::date)
            .ok_or(DomainError::ExtensionWithoutDeadline)?;
        if self.new_deadline <= old_deadline {
            return Err(DomainError::ExtensionNotLater {
                old_deadline: format_date(old_deadline),
                new_deadline: format_date(self.new_deadline),
            });
        }
        let validated = Self {
            reason: required("延期理由", &self.reason, LONG_TEXT_MAX_CHARS)?,
            approver: required("审批人", &self.approver, SHORT_TEXT_MAX_CHARS)?,
            ..self
        };
        Ok((validated, old_deadline))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn draft(new_deadline: NaiveDate, reason: &str, approver: &str) -> ExtensionDraft {
        ExtensionDraft {
            measure_id: MeasureId(3),
            new_deadline,
            reason: reason.into(),
            approver: approver.into(),
            approved_on: day(2026, 6, 20),
        }
    }

    #[test]
    fn later_date_with_reason_and_approver_is_accepted() {
        let old = Some(Deadline::Date(day(2026, 6, 30)));
        let (ok, previous) = draft(day(2026, 8, 31), "需财政资金配套", "王建国")
            .validate(old, MeasureStatus::InProgress)
            .unwrap();
        assert_eq!(previous, day(2026, 6, 30));
        assert_eq!(ok.new_deadline, day(2026, 8, 31));
    }

    #[test]
    fn reason_and_approver_are_required() {
        let old = Some(Deadline::Date(day(2026, 6, 30)));
        assert_eq!(
            draft(day(2026, 8, 31), "", "王建国").validate(old, MeasureStatus::InProgress),
            Err(DomainError::Required {
                field: "延期理由"
            })
        );
        assert_eq!(
            draft(day(2026, 8, 31), "需配套", " ").validate(old, MeasureStatus::InProgress),
            Err(DomainError::Required { field: "审批人" })
        );
    }

    #[test]
    fn earlier_or_same_date_is_refused() {
        let old = Some(Deadline::Date(day(2026, 6, 30)));
        for new in [day(2026, 6, 30), day(2026, 6, 1)] {
            assert!(matches!(
                draft(new, "理由", "王建国").validate(old, MeasureStatus::NotStarted),
                Err(DomainError::ExtensionNotLater { .. })
            ));
        }
    }

    #[test]
    fn long_term_unset_and_closed_measures_cannot_be_extended() {
        let later = day(2026, 8, 31);
        for deadline in [Some(Deadline::LongTerm), None] {
            assert_eq!(
                draft(later, "理由", "王建国").validate(deadline, MeasureStatus::InProgress),
                Err(DomainError::ExtensionWithoutDeadline)
            );
        }
        assert_eq!(
            draft(later, "理由", "王建国").validate(
                Some(Deadline::Date(day(2026, 6, 30))),
                MeasureStatus::Closed
            ),
            Err(DomainError::MeasureClosed)
        );
    }
}
