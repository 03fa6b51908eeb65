//! A measure's fields as the user types them, shared by the 新增措施 form of the problem editor
//! and the measure editor.

use chrono::NaiveDate;
use zhenggai::domain::date::{format_date, parse_date};
use zhenggai::domain::{Deadline, DomainResult, MeasureDraft, ProblemId};

/// The label of the deadline field, also the field name in its errors.
pub const DEADLINE: &str = "整改时限";

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
            Some(Deadline::Date(parse_date(DEADLINE, &self.deadline)?))
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
