//! A problem's fields as the problem editor holds them while the user types, and how they are
//! checked, compared with the stored problem, and brought up to date after an undo.

use chrono::NaiveDate;
use zhenggai::domain::date::{format_date, parse_typed_date};
use zhenggai::domain::{
    CategoryId, DomainResult, ProblemDraft, ProblemLevel, ProblemSource, Severity,
};

/// The label of the found-date field, also the field name in its errors.
pub const FOUND_ON: &str = "发现日期";

/// A problem's fields as the user types them: texts stay as typed (the date too), so an invalid
/// value is kept on screen while its error is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProblemForm {
    pub(crate) category_id: Option<CategoryId>,
    pub(crate) level: ProblemLevel,
    pub(crate) source: ProblemSource,
    pub(crate) severity: Severity,
    pub(crate) subject: String,
    pub(crate) description: String,
    pub(crate) example: String,
    pub(crate) cause: String,
    pub(crate) found_on: String,
}

impl ProblemForm {
    /// An empty form for a new problem found `today`.
    pub fn blank(today: NaiveDate) -> Self {
        Self {
            category_id: None,
            level: ProblemLevel::Division,
            source: ProblemSource::SelfInspection,
            severity: Severity::General,
            subject: String::new(),
            description: String::new(),
            example: String::new(),
            cause: String::new(),
            found_on: format_date(today),
        }
    }

    pub fn from_draft(draft: &ProblemDraft) -> Self {
        Self {
            category_id: draft.category_id,
            level: draft.level,
            source: draft.source,
            severity: draft.severity,
            subject: draft.subject.clone(),
            description: draft.description.clone(),
            example: draft.example.clone(),
            cause: draft.cause.clone(),
            found_on: format_date(draft.found_on),
        }
    }

    /// Whether nothing has been typed into the texts (a blank new form is not worth keeping).
    pub fn is_blank(&self) -> bool {
        [&self.subject, &self.description, &self.example, &self.cause]
            .iter()
            .all(|text| text.trim().is_empty())
    }

    /// The validated draft, or the first reason it is refused.
    pub fn to_draft(&self) -> DomainResult<ProblemDraft> {
        ProblemDraft {
            category_id: self.category_id,
            level: self.level,
            subject: self.subject.clone(),
            source: self.source,
            description: self.description.clone(),
            example: self.example.clone(),
            cause: self.cause.clone(),
            severity: self.severity,
            found_on: parse_typed_date(FOUND_ON, &self.found_on)?,
        }
        .validate()
    }

    /// Whether the form says the same as `draft` (texts compared trimmed, as they are saved).
    pub fn matches(&self, draft: &ProblemDraft) -> bool {
        self.category_id == draft.category_id
            && self.level == draft.level
            && self.source == draft.source
            && self.severity == draft.severity
            && self.subject.trim() == draft.subject
            && self.description.trim() == draft.description
            && self.example.trim() == draft.example
            && self.cause.trim() == draft.cause
            && parse_typed_date(FOUND_ON, &self.found_on) == Ok(draft.found_on)
    }

    /// Takes in a change made to the stored problem (by undo, say) from `base` to `stored`:
    /// a field the user has not changed since `base` follows the store; a field the user is
    /// changing keeps what they typed.
    pub fn merge(&mut self, base: &ProblemDraft, stored: &ProblemDraft) {
        fn follow<T: PartialEq + Clone>(field: &mut T, base: &T, stored: &T) {
            if base != stored && field == base {
                *field = stored.clone();
            }
        }
        fn follow_text(field: &mut String, base: &str, stored: &str) {
            if base != stored && field.trim() == base {
                stored.clone_into(field);
            }
        }
        follow(
            &mut self.category_id,
            &base.category_id,
            &stored.category_id,
        );
        follow(&mut self.level, &base.level, &stored.level);
        follow(&mut self.source, &base.source, &stored.source);
        follow(&mut self.severity, &base.severity, &stored.severity);
        follow_text(&mut self.subject, &base.subject, &stored.subject);
        follow_text(
            &mut self.description,
            &base.description,
            &stored.description,
        );
        follow_text(&mut self.example, &base.example, &stored.example);
        follow_text(&mut self.cause, &base.cause, &stored.cause);
        if base.found_on != stored.found_on
            && parse_typed_date(FOUND_ON, &self.found_on) == Ok(base.found_on)
        {
            self.found_on = format_date(stored.found_on);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(subject: &str, description: &str) -> ProblemDraft {
        ProblemDraft {
            category_id: None,
            level: ProblemLevel::Division,
            subject: subject.to_owned(),
            source: ProblemSource::Complaint,
            description: description.to_owned(),
            example: String::new(),
            cause: String::new(),
            severity: Severity::General,
            found_on: NaiveDate::from_ymd_opt(2026, 4, 10).expect("date"),
        }
    }

    #[test]
    fn an_undone_field_follows_the_store_and_a_field_being_typed_keeps_its_text() {
        let base = stored("行政审批科", "窗口不能当场办结");
        let mut form = ProblemForm::from_draft(&base);
        // The user is changing the description; meanwhile an undo changes both fields.
        form.description = "窗口不能当场办结，群众多次跑腿".to_owned();
        let after_undo = stored("政务服务科", "即办件逐级签批");
        form.merge(&base, &after_undo);
        assert_eq!(form.subject, "政务服务科");
        assert_eq!(form.description, "窗口不能当场办结，群众多次跑腿");
    }

    #[test]
    fn matching_ignores_the_spaces_that_saving_trims() {
        let draft = stored("行政审批科", "窗口不能当场办结");
        let mut form = ProblemForm::from_draft(&draft);
        form.subject = " 行政审批科 ".to_owned();
        assert!(form.matches(&draft));
        // The same day typed another way is the same date; a day that does not exist is not.
        form.found_on = "2026年4月10日".to_owned();
        assert!(form.matches(&draft));
        assert_eq!(
            form.to_draft().map(|saved| saved.found_on),
            Ok(draft.found_on)
        );
        form.found_on = "2026-2-30".to_owned();
        assert!(!form.matches(&draft));
        assert!(form.to_draft().is_err());
    }
}
