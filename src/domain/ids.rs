//! Newtype ids, one per table, so a measure id can never be passed where a problem id is meant.

use serde::{Deserialize, Serialize};

/// Defines a transparent `i64` newtype id with `Display` and serde support.
macro_rules! define_id {
    ($(#[$doc:meta] $name:ident),* $(,)?) => {$(
        #[$doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    )*};
}

define_id!(
    /// Row id of a unit (单位).
    UnitId,
    /// Row id of a campaign (专项活动).
    CampaignId,
    /// Row id of a campaign phase (阶段).
    PhaseId,
    /// Row id of a problem category (问题类别).
    CategoryId,
    /// Row id of a problem (问题).
    ProblemId,
    /// Row id of a rectification measure (整改措施).
    MeasureId,
    /// Row id of a progress note (进展记录).
    ProgressNoteId,
    /// Row id of an evidence attachment (佐证材料).
    EvidenceId,
    /// Row id of a deadline extension (延期).
    ExtensionId,
    /// Row id of a public commitment (整改承诺).
    CommitmentId,
    /// Row id of a rule (制度).
    RuleId,
);
