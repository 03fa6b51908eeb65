//! The data a document is made from: a snapshot of every record, either the working data (a
//! draft) or a signed revision with its sign-off, plus lookups the documents share.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::error::{ReportError, ReportResult};
use crate::domain::snapshot::Snapshot;
use crate::domain::{CategoryId, Measure, MeasureId, ProblemId, ProgressNote, SignOff};
use crate::store::Store;

/// A signed revision's identity, printed on its documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signed {
    /// The sign-off: revision number, signers, time, data hash.
    pub sign_off: SignOff,
    /// The unit key's id (16 hex digits), when the unit has a key.
    pub key_id: Option<String>,
}

impl Signed {
    /// The local calendar day of the sign-off.
    pub fn signed_on(&self) -> Option<NaiveDate> {
        chrono::DateTime::parse_from_rfc3339(&self.sign_off.signed_at)
            .ok()
            .map(|time| time.with_timezone(&chrono::Local).date_naive())
    }

    /// The text a QR code carries: revision, data hash and key id, so a phone can read what the
    /// paper says and compare it with the USB submission.
    pub fn fingerprint_payload(&self) -> String {
        format!(
            "zhenggai:r{}:sha256={}:key={}",
            self.sign_off.revision,
            self.sign_off.data_sha256,
            self.key_id.as_deref().unwrap_or("")
        )
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

/// Reads revision `number`'s frozen snapshot.
fn frozen_snapshot(store: &Store, number: i64) -> ReportResult<(SignOff, Snapshot)> {
    let revision = store.revision(number)?;
    let snapshot =
        serde_json::from_str(&revision.canonical_json).map_err(|err| ReportError::BadRevision {
            revision: number,
            reason: err.to_string(),
        })?;
    Ok((revision.sign_off, snapshot))
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
}

impl DocumentData {
    /// A draft of the working data as of `today`.
    pub fn draft(store: &Store, today: NaiveDate) -> ReportResult<Self> {
        let previous = match store.sign_offs()?.last() {
            Some(latest) => {
                let (_, snapshot) = frozen_snapshot(store, latest.revision)?;
                Some(Previous {
                    revision: latest.revision,
                    snapshot,
                })
            }
            None => None,
        };
        Ok(Self {
            snapshot: store.snapshot()?,
            signed: None,
            as_of: today,
            previous,
        })
    }

    /// Signed revision `number`, read back from its frozen canonical data.
    pub fn revision(store: &Store, number: i64) -> ReportResult<Self> {
        let existing = store.sign_offs()?;
        if !existing.iter().any(|sign_off| sign_off.revision == number) {
            return Err(ReportError::NoSuchRevision {
                revision: number,
                existing: existing.len(),
            });
        }
        let (sign_off, snapshot) = frozen_snapshot(store, number)?;
        let signed = Signed {
            sign_off,
            key_id: store.unit_key()?.map(|key| key.key_id),
        };
        let as_of = signed
            .signed_on()
            .unwrap_or_else(|| chrono::Local::now().date_naive());
        let previous = match existing
            .iter()
            .filter(|sign_off| sign_off.revision < number)
            .max_by_key(|sign_off| sign_off.revision)
        {
            Some(before) => {
                let (_, snapshot) = frozen_snapshot(store, before.revision)?;
                Some(Previous {
                    revision: before.revision,
                    snapshot,
                })
            }
            None => None,
        };
        Ok(Self {
            snapshot,
            signed: Some(signed),
            as_of,
            previous,
        })
    }

    /// The unit's full name; documents refuse to be made without one.
    pub fn unit_name(&self) -> ReportResult<&str> {
        self.snapshot
            .unit
            .as_ref()
            .map(|unit| unit.name.as_str())
            .ok_or(ReportError::NoUnit)
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

    /// "第 N 版" for a revision, "草稿" for working data.
    pub fn version_label(&self) -> String {
        match &self.signed {
            Some(signed) => format!("第 {} 版", signed.sign_off.revision),
            None => "草稿".to_owned(),
        }
    }
}

/// Lookups over a snapshot, built once per document so large ledgers stay linear.
#[derive(Debug)]
pub struct Index<'a> {
    measures_by_problem: HashMap<ProblemId, Vec<&'a Measure>>,
    latest_note: HashMap<MeasureId, &'a ProgressNote>,
    category_names: HashMap<CategoryId, (&'a str, Option<CategoryId>)>,
}

impl<'a> Index<'a> {
    /// Indexes `snapshot`.
    pub fn new(snapshot: &'a Snapshot) -> Self {
        let mut measures_by_problem: HashMap<ProblemId, Vec<&Measure>> = HashMap::new();
        for measure in &snapshot.measures {
            measures_by_problem
                .entry(measure.problem_id)
                .or_default()
                .push(measure);
        }
        for measures in measures_by_problem.values_mut() {
            measures.sort_by_key(|measure| (measure.position, measure.id));
        }
        let mut latest_note: HashMap<MeasureId, &ProgressNote> = HashMap::new();
        for note in &snapshot.progress_notes {
            let slot = latest_note.entry(note.measure_id).or_insert(note);
            if (note.noted_on, note.id) > (slot.noted_on, slot.id) {
                *slot = note;
            }
        }
        let category_names = snapshot
            .categories
            .iter()
            .map(|category| (category.id, (category.name.as_str(), category.parent_id)))
            .collect();
        Self {
            measures_by_problem,
            latest_note,
            category_names,
        }
    }

    /// A problem's measures in order.
    pub fn measures_of(&self, problem_id: ProblemId) -> &[&'a Measure] {
        self.measures_by_problem
            .get(&problem_id)
            .map_or(&[], Vec::as_slice)
    }

    /// A measure's most recent progress note.
    pub fn latest_note(&self, measure_id: MeasureId) -> Option<&'a ProgressNote> {
        self.latest_note.get(&measure_id).copied()
    }

    /// The top-level area a category belongs to (itself for an area).
    pub fn area_of(&self, id: Option<CategoryId>) -> Option<CategoryId> {
        let id = id?;
        let (_, parent) = self.category_names.get(&id)?;
        Some(parent.unwrap_or(id))
    }

    /// A category's name as the ledger prints it: `area / item`, or the area alone; empty for
    /// none.
    pub fn category_label(&self, id: Option<CategoryId>) -> String {
        let Some((name, parent)) = id.and_then(|id| self.category_names.get(&id)) else {
            return String::new();
        };
        match parent.and_then(|parent| self.category_names.get(&parent)) {
            Some((area, _)) => format!("{area} / {name}"),
            None => (*name).to_owned(),
        }
    }
}
