//! A problem found in self-inspection (问题), with its level, source and severity.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::error::DomainResult;
use super::ids::{CategoryId, ProblemId};
use super::labels::labelled_enum;
use super::text::{LONG_TEXT_MAX_CHARS, SHORT_TEXT_MAX_CHARS, optional, required};

labelled_enum!(
    /// Whose problem it is (层级).
    ProblemLevel {
        /// 领导班子: the leadership team as a whole.
        LeadershipTeam => ("leadership_team", "领导班子"),
        /// 班子成员: one member of the leadership team.
        TeamMember => ("team_member", "班子成员"),
        /// 处室/科室: a division.
        Division => ("division", "处室科室"),
        /// 干部个人: an individual cadre.
        Individual => ("individual", "干部个人"),
    }
);

labelled_enum!(
    /// How the problem was found (问题来源), after seed 000 一(二).
    ProblemSource {
        /// 自查自纠: the unit's own inspection.
        SelfInspection => ("self_inspection", "自查自纠"),
        /// 群众评议/社会评议: public or social evaluation.
        PublicEvaluation => ("public_evaluation", "社会评议"),
        /// 明查暗访: announced and unannounced visits.
        UnannouncedVisit => ("unannounced_visit", "明查暗访"),
        /// 投诉举报: complaints and reports.
        Complaint => ("complaint", "投诉举报"),
        /// 征求意见: consultation of the grass roots.
        Consultation => ("consultation", "征求意见"),
        /// 上级督查: inspection by the superior office.
        SuperiorInspection => ("superior_inspection", "上级督查"),
        /// 民主生活会/组织生活会: criticism and self-criticism meetings.
        LifeMeeting => ("life_meeting", "民主生活会"),
    }
);

labelled_enum!(
    /// How serious the problem is (严重程度).
    Severity {
        /// 一般.
        General => ("general", "一般"),
        /// 较重.
        Serious => ("serious", "较重"),
        /// 严重.
        Grave => ("grave", "严重"),
    }
);

/// A problem as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// Row id.
    pub id: ProblemId,
    /// The ledger number (序号), assigned in order from 1 and never reused.
    pub number: i64,
    /// Category; `None` while unclassified (e.g. after an import).
    pub category_id: Option<CategoryId>,
    /// Whose problem it is.
    pub level: ProblemLevel,
    /// Who exactly (责任主体): a member's or division's or cadre's name; may be empty for the team.
    pub subject: String,
    /// How it was found.
    pub source: ProblemSource,
    /// What the problem is (问题表现).
    pub description: String,
    /// A concrete example (典型事例), may be empty.
    pub example: String,
    /// Root cause analysis (原因剖析), may be empty.
    pub cause: String,
    /// How serious.
    pub severity: Severity,
    /// When it was found.
    pub found_on: NaiveDate,
}

/// What users enter for a problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProblemDraft {
    /// Category.
    pub category_id: Option<CategoryId>,
    /// Level.
    pub level: ProblemLevel,
    /// Subject.
    pub subject: String,
    /// Source.
    pub source: ProblemSource,
    /// Description (required).
    pub description: String,
    /// Example.
    pub example: String,
    /// Cause.
    pub cause: String,
    /// Severity.
    pub severity: Severity,
    /// Found date.
    pub found_on: NaiveDate,
}

impl ProblemDraft {
    /// Trims every text and checks the description is present and every field fits.
    pub fn validate(self) -> DomainResult<Self> {
        Ok(Self {
            subject: optional("责任主体", &self.subject, SHORT_TEXT_MAX_CHARS)?,
            description: required("问题表现", &self.description, LONG_TEXT_MAX_CHARS)?,
            example: optional("典型事例", &self.example, LONG_TEXT_MAX_CHARS)?,
            cause: optional("原因剖析", &self.cause, LONG_TEXT_MAX_CHARS)?,
            ..self
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::DomainError;

    fn draft(description: &str) -> ProblemDraft {
        ProblemDraft {
            category_id: None,
            level: ProblemLevel::Division,
            subject: " 行政审批科 ".into(),
            source: ProblemSource::Complaint,
            description: description.into(),
            example: String::new(),
            cause: String::new(),
            severity: Severity::General,
            found_on: NaiveDate::from_ymd_opt(2026, 4, 10).unwrap(),
        }
    }

    #[test]
    fn valid_draft_is_trimmed() {
        let valid = draft("即办件不能在窗口立即办理").validate().unwrap();
        assert_eq!(valid.subject, "行政审批科");
    }

    #[test]
    fn empty_and_megabyte_descriptions_are_refused() {
        assert_eq!(
            draft("  ").validate(),
            Err(DomainError::Required {
                field: "问题表现"
            })
        );
        let huge = "慢".repeat(1_000_000);
        assert!(matches!(
            draft(&huge).validate(),
            Err(DomainError::TooLong {
                field: "问题表现",
                actual_chars: 1_000_000,
                ..
            })
        ));
    }

    #[test]
    fn vocabularies_round_trip() {
        for &level in ProblemLevel::ALL {
            assert_eq!(ProblemLevel::from_code(level.code()), Some(level));
        }
        for &source in ProblemSource::ALL {
            assert_eq!(ProblemSource::from_label(source.label()), Some(source));
        }
        assert_eq!(Severity::from_code("grave"), Some(Severity::Grave));
        assert_eq!(Severity::from_code("fatal"), None);
    }
}
