//! What the documents share about the data handed to them: the unit's name they refuse to go
//! without, and lookups over the snapshot. The data itself is read from the store by
//! [`crate::view::documents`].

use std::collections::HashMap;

use super::error::{ReportError, ReportResult};
use crate::domain::snapshot::Snapshot;
use crate::domain::{CategoryId, Measure, MeasureId, ProblemId, ProgressNote};
use crate::view::DocumentData;

/// The unit's full name; documents refuse to be made without one.
pub fn unit_name(data: &DocumentData) -> ReportResult<&str> {
    data.unit_name().ok_or(ReportError::NoUnit)
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
