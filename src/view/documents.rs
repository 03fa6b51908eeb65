//! The data a document is made from: a snapshot of every record, either the working data (a
//! draft) or a signed revision with its sign-off, read from the store here and handed to the
//! documents, which never read the store themselves.

use std::collections::HashSet;
use std::hash::BuildHasher;

use chrono::NaiveDate;

use super::error::{ViewError, ViewResult};
use crate::domain::snapshot::Snapshot;
use crate::domain::{MeasureId, ProblemId, SignOff, local_today};
use crate::store::Store;

/// A signed revision's identity, printed on its documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signed {
    /// The sign-off: revision number, signers, time, data hash.
    pub sign_off: SignOff,
    /// The unit key's id (16 hex digits), when the unit has a key.
    pub key_id: Option<String>,
    /// SM3 of the revision's canonical data, the 国密 fingerprint printed beside the sha256
    /// one; the same as the bundle's `data_sm3`.
    pub data_sm3: Option<String>,
    /// The id of the unit's SM2 key, when it has one.
    pub sm2_key_id: Option<String>,
}

impl Signed {
    /// The local calendar day of the sign-off.
    pub fn signed_on(&self) -> Option<NaiveDate> {
        chrono::DateTime::parse_from_rfc3339(&self.sign_off.signed_at)
            .ok()
            .map(|time| time.with_timezone(&chrono::Local).date_naive())
    }

    /// The text a QR code carries: revision, both data hashes and both key ids, so a phone can
    /// read what the paper says and compare it with the USB submission. It is all upper case,
    /// `ZHENGGAI:R2:SHA256:…:SM3:…:KEY:…:SM2KEY:…`, which QR codes store in their compact
    /// alphanumeric mode: the code stays small enough for the corner of an A4 page.
    pub fn fingerprint_payload(&self) -> String {
        let mut parts = vec![
            format!("ZHENGGAI:R{}", self.sign_off.revision),
            format!("SHA256:{}", self.sign_off.data_sha256),
        ];
        if let Some(sm3) = &self.data_sm3 {
            parts.push(format!("SM3:{sm3}"));
        }
        parts.push(format!("KEY:{}", self.key_id.as_deref().unwrap_or("")));
        if let Some(sm2_key_id) = &self.sm2_key_id {
            parts.push(format!("SM2KEY:{sm2_key_id}"));
        }
        parts.join(":").to_ascii_uppercase()
    }
}

/// The revision before the one printed (or the latest, for a draft): what the progress
/// report compares with.
#[derive(Debug, Clone, PartialEq)]
pub struct Previous {
    /// Its number.
    pub revision: i64,
    /// Its frozen data.
    pub snapshot: Snapshot,
}

/// Everything a document needs.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentData {
    /// Every record.
    pub snapshot: Snapshot,
    /// The sign-off for a revision; `None` for a draft of the working data.
    pub signed: Option<Signed>,
    /// The date the document is "as of": the sign-off day, or today for a draft.
    pub as_of: NaiveDate,
    /// The revision to compare with, if there is one.
    pub previous: Option<Previous>,
    /// Set when the document holds only some problems (the 问题清单's filtered view): how they
    /// were chosen, e.g. `筛选结果：状态 整改中；共 12 个问题`. It is printed beside the
    /// version, so nobody takes the paper for the whole ledger.
    pub selection: Option<String>,
}

impl DocumentData {
    /// Reads a draft of the working data of `store` as of `today`.
    pub fn draft(store: &Store, today: NaiveDate) -> ViewResult<Self> {
        let previous = match store.sign_offs()?.last() {
            Some(latest) => Some(previous(store, latest.revision)?),
            None => None,
        };
        Ok(Self {
            snapshot: store.snapshot()?,
            signed: None,
            as_of: today,
            previous,
            selection: None,
        })
    }

    /// Reads signed revision `number` of `store`, or with `None` a draft of the working data as
    /// of `today`: the choice every export of a document offers.
    pub fn revision_or_draft(
        store: &Store,
        revision: Option<i64>,
        today: NaiveDate,
    ) -> ViewResult<Self> {
        match revision {
            Some(number) => Self::revision(store, number),
            None => Self::draft(store, today),
        }
    }

    /// Reads signed revision `number` of `store` back from its frozen canonical data.
    pub fn revision(store: &Store, number: i64) -> ViewResult<Self> {
        let existing = store.sign_offs()?;
        if !existing.iter().any(|sign_off| sign_off.revision == number) {
            return Err(ViewError::NoSuchRevision {
                revision: number,
                existing: existing.len(),
            });
        }
        let revision = store.revision(number)?;
        let snapshot = parse_frozen(number, &revision.canonical_json)?;
        let key = store.unit_key()?;
        let signed = Signed {
            sign_off: revision.sign_off,
            data_sm3: Some(crate::guomi::sm3_hex(revision.canonical_json.as_bytes())),
            sm2_key_id: key
                .as_ref()
                .and_then(|key| key.sm2.as_ref())
                .map(|sm2| sm2.key_id.clone()),
            key_id: key.map(|key| key.key_id),
        };
        // A sign-off time that does not parse is dated today rather than refused: the
        // documents still carry the revision and its fingerprint.
        let as_of = signed.signed_on().unwrap_or_else(local_today);
        let previous = match existing
            .iter()
            .filter(|sign_off| sign_off.revision < number)
            .max_by_key(|sign_off| sign_off.revision)
        {
            Some(before) => Some(previous(store, before.revision)?),
            None => None,
        };
        Ok(Self {
            snapshot,
            signed: Some(signed),
            as_of,
            previous,
            selection: None,
        })
    }

    /// The same data narrowed to the problems in `keep`, with their measures and what hangs on
    /// them; `selection` says how they were chosen (see [`Self::selection`]). The unit, the
    /// campaign, the categories, the commitments and the rules stay as they are.
    #[must_use]
    pub fn narrowed_to<S: BuildHasher>(
        mut self,
        keep: &HashSet<ProblemId, S>,
        selection: String,
    ) -> Self {
        narrow_snapshot(&mut self.snapshot, keep);
        self.selection = Some(selection);
        self
    }

    /// The unit's full name, when the unit has been set up.
    pub fn unit_name(&self) -> Option<&str> {
        self.snapshot.unit.as_ref().map(|unit| unit.name.as_str())
    }

    /// The superior office, may be empty.
    pub fn superior(&self) -> &str {
        self.snapshot
            .unit
            .as_ref()
            .map_or("", |unit| unit.superior.as_str())
    }

    /// The title of the latest campaign, may be empty.
    pub fn campaign_title(&self) -> &str {
        self.snapshot
            .campaigns
            .iter()
            .max_by_key(|campaign| (campaign.year, campaign.id))
            .map_or("", |campaign| campaign.title.as_str())
    }

    /// "第 N 版" for a revision, "草稿" for working data; followed by the selection in
    /// brackets when the data holds only some problems.
    pub fn version_label(&self) -> String {
        let version = match &self.signed {
            Some(signed) => format!("第 {} 版", signed.sign_off.revision),
            None => "草稿".to_owned(),
        };
        match &self.selection {
            Some(selection) => format!("{version}（{selection}）"),
            None => version,
        }
    }
}

/// Keeps in `snapshot` only the problems in `keep`, their measures, and the progress notes,
/// evidence, close-outs and extensions of those measures.
pub fn narrow_snapshot<S: BuildHasher>(snapshot: &mut Snapshot, keep: &HashSet<ProblemId, S>) {
    snapshot
        .problems
        .retain(|problem| keep.contains(&problem.id));
    snapshot
        .measures
        .retain(|measure| keep.contains(&measure.problem_id));
    let measures: HashSet<MeasureId> = snapshot.measures.iter().map(|measure| measure.id).collect();
    snapshot
        .progress_notes
        .retain(|note| measures.contains(&note.measure_id));
    snapshot
        .evidence
        .retain(|evidence| measures.contains(&evidence.measure_id));
    snapshot
        .close_outs
        .retain(|close_out| measures.contains(&close_out.measure_id));
    snapshot
        .extensions
        .retain(|extension| measures.contains(&extension.measure_id));
}

/// Revision `number`'s canonical data, parsed.
fn parse_frozen(number: i64, canonical_json: &str) -> ViewResult<Snapshot> {
    serde_json::from_str(canonical_json).map_err(|error| ViewError::BadRevision {
        revision: number,
        error,
    })
}

/// Revision `number` as the one a document compares with.
fn previous(store: &Store, number: i64) -> ViewResult<Previous> {
    let snapshot = parse_frozen(number, &store.revision(number)?.canonical_json)?;
    Ok(Previous {
        revision: number,
        snapshot,
    })
}
