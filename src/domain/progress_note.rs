//! A dated progress note on a measure (进展记录).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::error::DomainResult;
use super::ids::{MeasureId, ProgressNoteId};
use super::text::{LONG_TEXT_MAX_CHARS, required};

/// A progress note as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgressNote {
    /// Row id.
    pub id: ProgressNoteId,
    /// The measure it reports on.
    pub measure_id: MeasureId,
    /// The day the progress was made or reported.
    pub noted_on: NaiveDate,
    /// What happened.
    pub text: String,
}

/// What users enter for a progress note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgressNoteDraft {
    /// The measure.
    pub measure_id: MeasureId,
    /// The day.
    pub noted_on: NaiveDate,
    /// The text (required).
    pub text: String,
}

impl ProgressNoteDraft {
    /// Trims the text and checks it is present and fits.
    pub fn validate(self) -> DomainResult<Self> {
        Ok(Self {
            text: required("进展情况", &self.text, LONG_TEXT_MAX_CHARS)?,
            ..self
        })
    }
}
