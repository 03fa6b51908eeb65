//! A measure's fields as the user types them, shared by the 新增措施 form of the problem editor
//! and the measure editor.

use chrono::NaiveDate;
use zhenggai::domain::date::{format_date, parse_typed_date};
use zhenggai::domain::text::{LONG_TEXT_MAX_CHARS, SHORT_TEXT_MAX_CHARS, optional, required};
use zhenggai::domain::{Deadline, DomainError, DomainResult, MeasureDraft, ProblemId};

/// The label of the deadline field, also the field name in its errors.
pub const DEADLINE: &str = "整改时限";

/// The labels of the measure's other fields; the domain names fields the same way in its
/// messages, which is how a refusal finds the row it belongs under.
pub const CONTENT: &str = "整改措施";
/// The label of 整改目标.
pub const GOAL: &str = "整改目标";
/// The label of 责任领导.
pub const LEADER: &str = "责任领导";
/// The label of 责任部门.
pub const DIVISION: &str = "责任部门";
/// The label of 责任人.
pub const PERSON: &str = "责任人";

/// A measure's fields as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MeasureForm {
    /// What will be done.
    pub content: String,
    /// What the measure should achieve.
    pub goal: String,
    /// The responsible leader.
    pub leader: String,
    /// The responsible division.
    pub division: String,
    /// The responsible person.
    pub person: String,
    /// The date as typed; kept while 长期坚持 is ticked so unticking brings it back.
    pub deadline: String,
    /// Whether 长期坚持 is ticked: the measure has no end date.
    pub long_term: bool,
}

impl MeasureForm {
    /// The form showing a stored draft.
    pub fn from_draft(draft: &MeasureDraft) -> Self {
        let (deadline, long_term) = match draft.deadline {
            Some(Deadline::Date(date)) => (format_date(date), false),
            Some(Deadline::LongTerm) => (String::new(), true),
            None => (String::new(), false),
        };
        Self {
            content: draft.content.clone(),
            goal: draft.goal.clone(),
            leader: draft.responsible_leader.clone(),
            division: draft.responsible_division.clone(),
            person: draft.responsible_person.clone(),
            deadline,
            long_term,
        }
    }

    /// The checked draft for a measure of `problem_id`, or the reason it is refused. The
    /// deadline is checked against `found_on`, the problem's date; without it the store checks
    /// the dates when it applies the edit.
    pub fn to_draft(
        &self,
        problem_id: ProblemId,
        found_on: Option<NaiveDate>,
    ) -> DomainResult<MeasureDraft> {
        let deadline = if self.long_term {
            Some(Deadline::LongTerm)
        } else if self.deadline.trim().is_empty() {
            None
        } else {
            Some(Deadline::Date(parse_typed_date(DEADLINE, &self.deadline)?))
        };
        let draft = MeasureDraft {
            problem_id,
            content: self.content.clone(),
            goal: self.goal.clone(),
            responsible_leader: self.leader.clone(),
            responsible_division: self.division.clone(),
            responsible_person: self.person.clone(),
            deadline,
        };
        match found_on {
            Some(found_on) => draft.validate(found_on),
            None => Ok(draft),
        }
    }

    /// Every reason the form cannot be saved, each with the label of the field it is about, in
    /// form order: the same checks as [`Self::to_draft`], all of them at once instead of the
    /// first. Empty when the form can be saved.
    pub fn problems(&self, found_on: Option<NaiveDate>) -> Vec<(&'static str, DomainError)> {
        let mut problems = Vec::new();
        let texts = [
            (CONTENT, &self.content, LONG_TEXT_MAX_CHARS, true),
            (GOAL, &self.goal, LONG_TEXT_MAX_CHARS, false),
            (LEADER, &self.leader, SHORT_TEXT_MAX_CHARS, false),
            (DIVISION, &self.division, SHORT_TEXT_MAX_CHARS, false),
            (PERSON, &self.person, SHORT_TEXT_MAX_CHARS, false),
        ];
        for (field, value, max_chars, must_fill) in texts {
            let checked = if must_fill {
                required(field, value, max_chars)
            } else {
                optional(field, value, max_chars)
            };
            if let Err(err) = checked {
                problems.push((field, err));
            }
        }
        if !self.long_term && !self.deadline.trim().is_empty() {
            match parse_typed_date(DEADLINE, &self.deadline) {
                Err(err) => problems.push((DEADLINE, err)),
                Ok(deadline) => {
                    if let Some(found_on) = found_on
                        && deadline < found_on
                    {
                        problems.push((
                            DEADLINE,
                            DomainError::DeadlineBeforeFound {
                                deadline: format_date(deadline),
                                found_on: format_date(found_on),
                            },
                        ));
                    }
                }
            }
        }
        problems
    }

    /// Whether the form holds nothing worth keeping (no content or goal typed).
    pub fn is_blank(&self) -> bool {
        self.content.trim().is_empty() && self.goal.trim().is_empty()
    }

    /// Takes the stored values that changed from `before` to `now` (an undo, say), except in
    /// fields the user has edited since `before`: their typing is never overwritten.
    pub fn merge(&mut self, before: &Self, now: &Self) {
        let fields = [
            (&mut self.content, &before.content, &now.content),
            (&mut self.goal, &before.goal, &now.goal),
            (&mut self.leader, &before.leader, &now.leader),
            (&mut self.division, &before.division, &now.division),
            (&mut self.person, &before.person, &now.person),
        ];
        for (mine, before, now) in fields {
            if mine == before {
                mine.clone_from(now);
            }
        }
        if self.deadline == before.deadline && self.long_term == before.long_term {
            self.deadline.clone_from(&now.deadline);
            self.long_term = now.long_term;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_deadline_is_read_as_people_type_it() {
        let form = MeasureForm {
            content: "推行一次性告知制度".to_owned(),
            deadline: "２０２７年３月３１日".to_owned(),
            ..MeasureForm::default()
        };
        let draft = form.to_draft(ProblemId(1), Some(day(2026, 12, 1))).unwrap();
        assert_eq!(draft.deadline, Some(Deadline::Date(day(2027, 3, 31))));
        assert!(form.problems(Some(day(2026, 12, 1))).is_empty());
    }

    #[test]
    fn every_problem_of_the_form_is_listed_at_once() {
        let form = MeasureForm {
            leader: "王".repeat(SHORT_TEXT_MAX_CHARS + 1),
            deadline: "2027-2-30".to_owned(),
            ..MeasureForm::default()
        };
        let fields: Vec<&str> = form
            .problems(None)
            .iter()
            .map(|(field, _)| *field)
            .collect();
        assert_eq!(fields, [CONTENT, LEADER, DEADLINE]);

        let early = MeasureForm {
            content: "推行一次性告知制度".to_owned(),
            deadline: "2026/11/30".to_owned(),
            ..MeasureForm::default()
        };
        let problems = early.problems(Some(day(2026, 12, 1)));
        assert_eq!(problems.len(), 1);
        assert!(matches!(
            problems[0],
            (DEADLINE, DomainError::DeadlineBeforeFound { .. })
        ));
        assert_eq!(
            early.to_draft(ProblemId(1), Some(day(2026, 12, 1))).err(),
            Some(problems[0].1.clone())
        );
    }
}
