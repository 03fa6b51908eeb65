//! Why a form cannot be saved yet, kept as the typed error until the form draws it: a rule of
//! the domain, a refusal of the store or of a bundle, or a reason the form words itself. Each
//! cause is written once, by its own error type; the form only adds which part it is about.

use thiserror::Error;
use zhenggai::bundle::BundleError;
use zhenggai::domain::DomainError;
use zhenggai::store::StoreError;

/// Why a form cannot be saved yet, kept typed until the form draws it.
///
/// A variant that only forwards a domain, store or bundle error is transparent, and the form's
/// own words are not exposed as `source()`, so that a message built from an error's chain names
/// each cause once.
#[derive(Debug, Error)]
pub enum FormProblem {
    /// A rule of the domain, in its own words.
    #[error(transparent)]
    Invalid(#[from] DomainError),
    /// The store refused or could not read (a file to attach, the workbook to create).
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A bundle-level failure (writing a receipt).
    #[error(transparent)]
    Bundle(#[from] BundleError),
    /// A reason the form words itself (a field left empty, a name already used).
    #[error("{0}")]
    Reason(String),
    /// A problem with the form's own words before it: which part of the form it is about
    /// （第 2 阶段） or what did not happen （「窗口」未改名）.
    #[error("{what}：{cause}")]
    Context {
        /// The form's words, said before the cause.
        what: String,
        /// The problem itself, named in the message and therefore not exposed as `source()`.
        cause: Box<FormProblem>,
    },
    /// Several problems at once (several files that cannot be attached), one per line.
    #[error("{}", lines(.0))]
    All(Vec<FormProblem>),
}

impl FormProblem {
    /// This problem with `what` said before it, as in 「第 2 阶段：……」.
    pub fn context(self, what: impl Into<String>) -> Self {
        Self::Context {
            what: what.into(),
            cause: Box::new(self),
        }
    }

    /// The problems as one: `None` when there are none, the problem itself when there is one,
    /// and all of them, one per line, when there are more.
    pub fn all(mut problems: Vec<Self>) -> Option<Self> {
        match problems.len() {
            0 => None,
            1 => problems.pop(),
            _ => Some(Self::All(problems)),
        }
    }
}

impl From<String> for FormProblem {
    fn from(reason: String) -> Self {
        Self::Reason(reason)
    }
}

impl From<&str> for FormProblem {
    fn from(reason: &str) -> Self {
        Self::Reason(reason.to_owned())
    }
}

/// The problems' messages, one per line.
fn lines(problems: &[FormProblem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use std::error::Error as _;

    use super::*;

    #[test]
    fn a_domain_error_kept_as_a_form_problem_says_its_own_message_once() {
        let domain = DomainError::Required {
            field: "单位名称"
        };
        let own = domain.to_string();

        let problem = FormProblem::from(domain.clone());
        assert_eq!(problem.to_string(), own);
        assert!(problem.source().is_none(), "the cause is not repeated");

        // Through the store, and with the form's words before it, it is still said once.
        let through_store = FormProblem::from(StoreError::from(domain));
        assert_eq!(through_store.to_string(), own);
        let placed = through_store.context("第 2 阶段");
        assert_eq!(placed.to_string(), format!("第 2 阶段：{own}"));
        assert_eq!(placed.to_string().matches(&own).count(), 1);
        assert!(placed.source().is_none());
    }

    #[test]
    fn several_problems_are_one_per_line_and_one_is_itself() {
        assert!(FormProblem::all(Vec::new()).is_none());
        let one = FormProblem::all(vec!["甲".into()]).map(|problem| problem.to_string());
        assert_eq!(one.as_deref(), Some("甲"));
        let two = FormProblem::all(vec!["甲".into(), "乙".into()]).map(|p| p.to_string());
        assert_eq!(two.as_deref(), Some("甲\n乙"));
    }
}
