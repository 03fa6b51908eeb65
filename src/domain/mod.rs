//! Pure domain types and rules: ids, vocabularies, validation, the measure status machine and
//! overdue maths. Nothing here does I/O.

mod labels;

pub mod audit;
pub mod campaign;
pub mod category;
pub mod close_out;
pub mod command;
pub mod commitment;
pub mod date;
pub mod drafts;
pub mod error;
pub mod evidence;
pub mod extension;
pub mod ids;
pub mod measure;
pub mod overdue;
pub mod precheck;
pub mod problem;
pub mod progress_note;
pub mod punctuation;
pub mod punctuation_fix;
pub mod received;
pub mod revision_diff;
pub mod rule;
pub mod sign_off;
pub mod signers;
pub mod snapshot;
pub mod status;
pub mod text;
pub mod unit;
pub mod unit_key;

pub use audit::AuditEntry;
pub use campaign::{Campaign, CampaignDraft, Phase, PhaseDraft};
pub use category::{Category, CategoryDraft};
pub use close_out::{CloseOut, CloseOutDraft};
pub use command::{Command, RecordRef};
pub use commitment::{Commitment, CommitmentDraft, CommitmentState};
pub use date::{Deadline, local_today};
pub use error::{DomainError, DomainResult};
pub use evidence::{Evidence, EvidenceFile};
pub use extension::{Extension, ExtensionDraft};
pub use ids::*;
pub use measure::{Measure, MeasureDraft};
pub use problem::{Problem, ProblemDraft, ProblemLevel, ProblemSource, Severity};
pub use progress_note::{ProgressNote, ProgressNoteDraft};
pub use received::{
    Office, OfficeDraft, Receipt, ReceiptRecord, ReceivedRevision, VerifiedRevision,
};
pub use rule::{Rule, RuleDraft, RuleKind};
pub use sign_off::{Revision, SignOff, SignOffDraft};
pub use signers::DefaultSigners;
pub use status::MeasureStatus;
pub use unit::{Unit, UnitDraft};
pub use unit_key::{Sm2PublicKey, UnitKey, grouped_key_id, signature_label};
