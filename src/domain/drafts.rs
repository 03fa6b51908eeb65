//! Stored records back to the drafts users edit: an editor starts from the record's draft, and
//! undoing an update re-applies the draft taken before it.

use super::{
    Campaign, CampaignDraft, Commitment, CommitmentDraft, Measure, MeasureDraft, PhaseDraft,
    Problem, ProblemDraft, ProgressNote, ProgressNoteDraft, Rule, RuleDraft, Unit, UnitDraft,
};

impl Unit {
    /// The draft that would recreate this unit's information.
    pub fn to_draft(&self) -> UnitDraft {
        UnitDraft {
            name: self.name.clone(),
            code: self.code.clone(),
            superior: self.superior.clone(),
            leader: self.leader.clone(),
        }
    }
}

impl Campaign {
    /// The draft that would recreate this campaign and its phases.
    pub fn to_draft(&self) -> CampaignDraft {
        CampaignDraft {
            title: self.title.clone(),
            year: self.year,
            phases: self
                .phases
                .iter()
                .map(|phase| PhaseDraft {
                    name: phase.name.clone(),
                    starts_on: phase.starts_on,
                    ends_on: phase.ends_on,
                })
                .collect(),
        }
    }
}

impl Problem {
    /// The draft holding this problem's fields.
    pub fn to_draft(&self) -> ProblemDraft {
        ProblemDraft {
            category_id: self.category_id,
            level: self.level,
            subject: self.subject.clone(),
            source: self.source,
            description: self.description.clone(),
            example: self.example.clone(),
            cause: self.cause.clone(),
            severity: self.severity,
            found_on: self.found_on,
        }
    }
}

impl Measure {
    /// The draft holding this measure's fields (its status is not part of a draft).
    pub fn to_draft(&self) -> MeasureDraft {
        MeasureDraft {
            problem_id: self.problem_id,
            content: self.content.clone(),
            goal: self.goal.clone(),
            responsible_leader: self.responsible_leader.clone(),
            responsible_division: self.responsible_division.clone(),
            responsible_person: self.responsible_person.clone(),
            deadline: self.deadline,
        }
    }
}

impl ProgressNote {
    /// The draft that would add this note again.
    pub fn to_draft(&self) -> ProgressNoteDraft {
        ProgressNoteDraft {
            measure_id: self.measure_id,
            noted_on: self.noted_on,
            text: self.text.clone(),
        }
    }
}

impl Commitment {
    /// The draft holding this commitment's fields.
    pub fn to_draft(&self) -> CommitmentDraft {
        CommitmentDraft {
            content: self.content.clone(),
            audience: self.audience.clone(),
            publicity: self.publicity.clone(),
            due_on: self.due_on,
            state: self.state,
        }
    }
}

impl Rule {
    /// The draft holding this rule's fields and links.
    pub fn to_draft(&self) -> RuleDraft {
        RuleDraft {
            name: self.name.clone(),
            kind: self.kind,
            doc_number: self.doc_number.clone(),
            issued_on: self.issued_on,
            note: self.note.clone(),
            problem_ids: self.problem_ids.clone(),
        }
    }
}
