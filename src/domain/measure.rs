//! A rectification measure (整改措施) with its responsibility (责任清单) and deadline.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::date::{Deadline, format_date};
use super::error::{DomainError, DomainResult};
use super::ids::{MeasureId, ProblemId};
use super::status::MeasureStatus;
use super::text::{LONG_TEXT_MAX_CHARS, SHORT_TEXT_MAX_CHARS, optional, required};

/// A measure as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Measure {
    /// Row id.
    pub id: MeasureId,
    /// The problem it rectifies.
    pub problem_id: ProblemId,
    /// Order under its problem, from 1.
    pub position: i64,
    /// What will be done (整改措施).
    pub content: String,
    /// The target (整改目标), may be empty.
    pub goal: String,
    /// 责任领导, may be empty until assigned.
    pub responsible_leader: String,
    /// 责任部门/处室, may be empty until assigned.
    pub responsible_division: String,
    /// 责任人, may be empty until assigned.
    pub responsible_person: String,
    /// 整改时限; `None` until set.
    pub deadline: Option<Deadline>,
    /// Where it stands.
    pub status: MeasureStatus,
}

/// What users enter for a measure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeasureDraft {
    /// The problem it rectifies.
    pub problem_id: ProblemId,
    /// Content (required).
    pub content: String,
    /// Goal.
    pub goal: String,
    /// Responsible leader.
    pub responsible_leader: String,
    /// Responsible division.
    pub responsible_division: String,
    /// Responsible person.
    pub responsible_person: String,
    /// Deadline.
    pub deadline: Option<Deadline>,
}

impl MeasureDraft {
    /// Trims every text, checks the content is present and that a date deadline is not before
    /// `found_on`, the date its problem was found.
    pub fn validate(self, found_on: NaiveDate) -> DomainResult<Self> {
        if let Some(deadline) = self.deadline.and_then(Deadline::date)
            && deadline < found_on
        {
            return Err(DomainError::DeadlineBeforeFound {
                deadline: format_date(deadline),
                found_on: format_date(found_on),
            });
        }
        Ok(Self {
            content: required("整改措施", &self.content, LONG_TEXT_MAX_CHARS)?,
            goal: optional("整改目标", &self.goal, LONG_TEXT_MAX_CHARS)?,
            responsible_leader: optional(
                "责任领导",
                &self.responsible_leader,
                SHORT_TEXT_MAX_CHARS,
            )?,
            responsible_division: optional(
                "责任部门",
                &self.responsible_division,
                SHORT_TEXT_MAX_CHARS,
            )?,
            responsible_person: optional("责任人", &self.responsible_person, SHORT_TEXT_MAX_CHARS)?,
            ..self
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn draft(deadline: Option<Deadline>) -> MeasureDraft {
        MeasureDraft {
            problem_id: ProblemId(1),
            content: "推行一次性告知制度".into(),
            goal: String::new(),
            responsible_leader: "王建国".into(),
            responsible_division: "政务服务科".into(),
            responsible_person: "李娜".into(),
            deadline,
        }
    }

    #[test]
    fn deadline_before_found_date_is_refused() {
        let found = day(2026, 5, 1);
        let err = draft(Some(Deadline::Date(day(2026, 4, 30))))
            .validate(found)
            .unwrap_err();
        assert_eq!(
            err,
            DomainError::DeadlineBeforeFound {
                deadline: "2026-04-30".into(),
                found_on: "2026-05-01".into()
            }
        );
        assert!(err.to_string().contains("早于问题发现日期"));
    }

    #[test]
    fn same_day_long_term_and_unset_deadlines_are_accepted() {
        let found = day(2026, 5, 1);
        for deadline in [Some(Deadline::Date(found)), Some(Deadline::LongTerm), None] {
            assert!(draft(deadline).validate(found).is_ok());
        }
    }

    #[test]
    fn blank_content_is_refused() {
        let mut blank = draft(None);
        blank.content = "\n".into();
        assert_eq!(
            blank.validate(day(2026, 5, 1)),
            Err(DomainError::Required {
                field: "整改措施"
            })
        );
    }
}
