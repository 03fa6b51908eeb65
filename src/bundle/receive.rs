//! Receiving a bundle into the superior office's aggregate （汇总库）：the bundle is verified
//! here, then stored by a command carrying the verified revision (the store never opens an
//! archive), and what happened is told as a typed outcome that the command line and the
//! desktop app word for themselves.

use std::path::Path;

use super::error::BundleError;
use super::verify::verify_bundle;
use crate::domain::revision_diff::{RevisionDiff, diff_snapshots};
use crate::domain::snapshot::Snapshot;
use crate::domain::{Command, RecordRef};
use crate::store::{Store, StoreError, StoreResult};

/// What became of one bundle offered to the aggregate.
#[derive(Debug)]
pub enum ReceiveOutcome {
    /// Verified and stored as its unit's newest revision.
    Received(ReceivedBundle),
    /// The same revision was received before; nothing changed.
    Unchanged {
        /// The unit.
        unit: String,
        /// The revision received before.
        revision: i64,
    },
    /// Signed with another key than the one pinned for its unit; nothing changed. Receiving it
    /// again with `replace_key` accepts the new key （更换密钥）.
    KeyChanged {
        /// The unit.
        unit: String,
        /// The pinned key's id.
        pinned: String,
        /// The bundle's key id.
        offered: String,
        /// Whether the bundle only lacks the SM2 co-signature the unit's bundles had before.
        sm2_missing: bool,
    },
    /// Not received, for this reason: the bundle failed verification, or the aggregate refused
    /// it (an older or conflicting revision, a database that is no aggregate). Nothing changed.
    Refused(BundleError),
}

/// A bundle just received.
#[derive(Debug)]
pub struct ReceivedBundle {
    /// The received revision's row id in the aggregate.
    pub id: i64,
    /// The unit.
    pub unit: String,
    /// The revision number.
    pub revision: i64,
    /// When the unit signed it, UTC RFC 3339.
    pub signed_at: String,
    /// How it was signed: `Ed25519 与 SM2 双签名`, or `仅 Ed25519 签名` for a bundle from
    /// before 国密.
    pub signature_label: &'static str,
    /// What changed since the unit's previous received revision: `None` for its first one.
    /// An error only says that the comparison could not be read after the revision was
    /// stored; the bundle is received all the same.
    pub comparison: Result<Option<Comparison>, StoreError>,
}

/// How a received revision differs from the unit's revision received before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    /// The number of the revision received before.
    pub previous_revision: i64,
    /// What changed from it.
    pub diff: RevisionDiff,
}

impl ReceiveOutcome {
    /// Why nothing was stored, in Chinese as users read it; `None` for a received bundle.
    pub fn reason(&self) -> Option<String> {
        // The store's errors already word these cases; rebuilding them keeps one wording.
        match self {
            Self::Received(_) => None,
            Self::Unchanged { unit, revision } => Some(
                StoreError::AlreadyReceived {
                    unit: unit.clone(),
                    revision: *revision,
                }
                .to_string(),
            ),
            Self::KeyChanged {
                unit,
                pinned,
                offered,
                sm2_missing,
            } => Some(
                StoreError::KeyChanged {
                    unit: unit.clone(),
                    pinned: pinned.clone(),
                    offered: offered.clone(),
                    sm2_missing: *sm2_missing,
                }
                .to_string(),
            ),
            Self::Refused(err) => Some(err.to_string()),
        }
    }
}

/// Receives the bundle at `path` into the aggregate `store`: verifies it in full, stores its
/// revision in one transaction (preceded by the store's backup before imports), and for a
/// newly received revision compares it with the unit's previous one. `replace_key` accepts a
/// unit key other than the pinned one.
pub fn receive(store: &mut Store, path: &Path, replace_key: bool) -> ReceiveOutcome {
    // A unit's database is refused before the bundle is read: verifying a large bundle only
    // to refuse it would keep the clerk waiting for nothing.
    match store.office() {
        Ok(Some(_)) => {}
        Ok(None) => return ReceiveOutcome::Refused(StoreError::NotAggregate.into()),
        Err(err) => return ReceiveOutcome::Refused(err.into()),
    }
    let verified = match verify_bundle(path) {
        Ok(verified) => verified,
        Err(err) => return ReceiveOutcome::Refused(err),
    };
    let received = match verified.to_revision() {
        Ok(received) => received,
        Err(err) => return ReceiveOutcome::Refused(err),
    };
    let (unit, revision, signed_at) = (
        received.unit.clone(),
        received.revision,
        received.signed_at.clone(),
    );
    let command = Command::ImportBundle {
        received: Box::new(received),
        replace_key,
    };
    match store.apply(&command) {
        Ok(RecordRef::Received(id)) => ReceiveOutcome::Received(ReceivedBundle {
            id,
            signature_label: verified.manifest.signature_label(),
            comparison: compare(store, &unit, revision, &verified.snapshot),
            unit,
            revision,
            signed_at,
        }),
        Ok(other) => ReceiveOutcome::Refused(BundleError::UnexpectedRecord(other.to_string())),
        Err(StoreError::AlreadyReceived { unit, revision }) => {
            ReceiveOutcome::Unchanged { unit, revision }
        }
        Err(StoreError::KeyChanged {
            unit,
            pinned,
            offered,
            sm2_missing,
        }) => ReceiveOutcome::KeyChanged {
            unit,
            pinned,
            offered,
            sm2_missing,
        },
        Err(err) => ReceiveOutcome::Refused(err.into()),
    }
}

/// Compares the revision just received (its data is `snapshot`) with the unit's revision
/// received before it, if any.
fn compare(
    store: &Store,
    unit: &str,
    revision: i64,
    snapshot: &Snapshot,
) -> StoreResult<Option<Comparison>> {
    let Some(before) = store.received_before(unit, revision)? else {
        return Ok(None);
    };
    Ok(Some(Comparison {
        previous_revision: before.revision,
        diff: diff_snapshots(&store.received_snapshot(before.id)?, snapshot),
    }))
}
