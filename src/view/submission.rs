//! The 签发与导出 screen's data: the pre-submission check, the default signers, the revisions
//! signed so far, and what changed since the last one. Read once after each edit, not per frame.

use chrono::NaiveDate;

use crate::domain::precheck::{Finding, FindingKind, FindingLevel};
use crate::domain::punctuation_fix::punctuation_fixes;
use crate::domain::revision_diff::{RevisionDiff, diff_snapshots};
use crate::domain::snapshot::Snapshot;
use crate::domain::{Command, DefaultSigners, ReceiptRecord, SignOff, UnitKey};
use crate::store::{Store, StoreError, StoreResult};

/// Everything the sign-off screen shows.
#[derive(Debug, Clone)]
pub struct Submission {
    /// The findings of the pre-submission check, blocking first.
    pub findings: Vec<Finding>,
    /// Who usually signs.
    pub default_signers: DefaultSigners,
    /// Sign-offs so far, oldest first.
    pub sign_offs: Vec<SignOff>,
    /// What changed in the working data since the latest revision (everything is new before
    /// the first).
    pub changes_since_last: RevisionDiff,
    /// The unit's signing key.
    pub unit_key: Option<UnitKey>,
    /// The superior office's receipts (回执) for revisions, by revision.
    pub receipts: Vec<ReceiptRecord>,
    /// 规范标点 for the texts the check found with half-width punctuation, if any.
    pub punctuation_fix: Option<Command>,
}

impl Submission {
    /// Reads the screen's data as of `today`.
    pub fn load(store: &Store, today: NaiveDate) -> StoreResult<Self> {
        let working = store.snapshot()?;
        let sign_offs = store.sign_offs()?;
        let changes_since_last = match sign_offs.last() {
            Some(latest) => diff_snapshots(&revision_snapshot(store, latest.revision)?, &working),
            None => diff_snapshots(&empty_like(&working), &working),
        };
        let findings = crate::domain::precheck::pre_submission_check(&working, today);
        // The fix is worked out only when the check found texts that need it.
        let punctuation_fix = findings
            .iter()
            .any(|finding| finding.kind == FindingKind::HalfWidthPunctuation)
            .then(|| punctuation_fixes(&working))
            .flatten();
        Ok(Self {
            findings,
            default_signers: store.default_signers()?,
            sign_offs,
            changes_since_last,
            unit_key: store.unit_key()?,
            receipts: store.receipts()?,
            punctuation_fix,
        })
    }

    /// How many findings stop the sign-off.
    pub fn blocking_count(&self) -> usize {
        self.count(FindingLevel::Blocking)
    }

    /// How many findings are warnings.
    pub fn warning_count(&self) -> usize {
        self.count(FindingLevel::Warning)
    }

    /// The number the next sign-off will get.
    pub fn next_revision(&self) -> i64 {
        self.sign_offs
            .last()
            .map_or(1, |latest| latest.revision + 1)
    }

    fn count(&self, level: FindingLevel) -> usize {
        self.findings
            .iter()
            .filter(|finding| finding.level() == level)
            .count()
    }
}

/// What revision `number` changed against the one before it (against nothing for the first).
pub fn revision_changes(store: &Store, number: i64) -> StoreResult<RevisionDiff> {
    let new = revision_snapshot(store, number)?;
    let old = if number > 1 {
        revision_snapshot(store, number - 1)?
    } else {
        empty_like(&new)
    };
    Ok(diff_snapshots(&old, &new))
}

/// The frozen data of revision `number`.
pub fn revision_snapshot(store: &Store, number: i64) -> StoreResult<Snapshot> {
    let revision = store.revision(number)?;
    serde_json::from_str(&revision.canonical_json).map_err(StoreError::from)
}

/// A snapshot with no records, to diff the first revision against.
fn empty_like(snapshot: &Snapshot) -> Snapshot {
    Snapshot {
        format: snapshot.format.clone(),
        version: snapshot.version,
        unit: None,
        campaigns: Vec::new(),
        categories: Vec::new(),
        problems: Vec::new(),
        measures: Vec::new(),
        progress_notes: Vec::new(),
        evidence: Vec::new(),
        close_outs: Vec::new(),
        extensions: Vec::new(),
        commitments: Vec::new(),
        rules: Vec::new(),
    }
}
