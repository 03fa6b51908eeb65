//! A rule created, revised or repealed to make the fixes last (制度清单, 建章立制).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::error::DomainResult;
use super::ids::{ProblemId, RuleId};
use super::labels::labelled_enum;
use super::text::{LONG_TEXT_MAX_CHARS, SHORT_TEXT_MAX_CHARS, optional, required};

labelled_enum!(
    /// What happened to the rule.
    RuleKind {
        /// 新建.
        New => ("new", "新建"),
        /// 修订.
        Revised => ("revised", "修订"),
        /// 废止.
        Repealed => ("repealed", "废止"),
    }
);

/// A rule as stored, with the problems it addresses (ordered by id).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    /// Row id.
    pub id: RuleId,
    /// Name, e.g. 《首问负责制实施办法》.
    pub name: String,
    /// New, revised or repealed.
    pub kind: RuleKind,
    /// Document number (文号), e.g. 审批发〔2026〕12号; may be empty.
    pub doc_number: String,
    /// Issue date; `None` while drafting.
    pub issued_on: Option<NaiveDate>,
    /// Free notes.
    pub note: String,
    /// The problems this rule addresses.
    pub problem_ids: Vec<ProblemId>,
}

/// What users enter for a rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleDraft {
    /// Name (required).
    pub name: String,
    /// Kind.
    pub kind: RuleKind,
    /// Document number.
    pub doc_number: String,
    /// Issue date.
    pub issued_on: Option<NaiveDate>,
    /// Notes.
    pub note: String,
    /// Linked problems.
    pub problem_ids: Vec<ProblemId>,
}

impl RuleDraft {
    /// Trims every text, checks the name is present, and sorts and de-duplicates the links.
    pub fn validate(self) -> DomainResult<Self> {
        let mut problem_ids = self.problem_ids;
        problem_ids.sort_unstable();
        problem_ids.dedup();
        Ok(Self {
            name: required("制度名称", &self.name, SHORT_TEXT_MAX_CHARS)?,
            doc_number: optional("文号", &self.doc_number, SHORT_TEXT_MAX_CHARS)?,
            note: optional("备注", &self.note, LONG_TEXT_MAX_CHARS)?,
            problem_ids,
            ..self
        })
    }
}
