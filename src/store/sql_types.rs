//! How domain types are written to and read from SQLite columns: ids as integers, vocabularies
//! as their stable codes, deadlines as `YYYY-MM-DD` or `long_term`.

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

use crate::domain::{
    CampaignId, CategoryId, CommitmentId, CommitmentState, Deadline, EvidenceId, ExtensionId,
    MeasureId, MeasureStatus, PhaseId, ProblemId, ProblemLevel, ProblemSource, ProgressNoteId,
    RuleId, RuleKind, Severity, UnitId,
};

/// Implements `ToSql`/`FromSql` for newtype ids as plain integers.
macro_rules! sql_id {
    ($($id:ty),*) => {$(
        impl ToSql for $id {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.0))
            }
        }
        impl FromSql for $id {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                i64::column_result(value).map(Self)
            }
        }
    )*};
}

sql_id!(
    UnitId,
    CampaignId,
    PhaseId,
    CategoryId,
    ProblemId,
    MeasureId,
    ProgressNoteId,
    EvidenceId,
    ExtensionId,
    CommitmentId,
    RuleId
);

/// Implements `ToSql`/`FromSql` for labelled vocabularies as their codes; an unknown code read
/// back is a conversion error, not a silent default.
macro_rules! sql_code {
    ($($vocabulary:ty),*) => {$(
        impl ToSql for $vocabulary {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.code()))
            }
        }
        impl FromSql for $vocabulary {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                let code = value.as_str()?;
                <$vocabulary>::from_code(code).ok_or_else(|| {
                    FromSqlError::Other(format!("unknown code {code:?}").into())
                })
            }
        }
    )*};
}

sql_code!(
    MeasureStatus,
    ProblemLevel,
    ProblemSource,
    Severity,
    CommitmentState,
    RuleKind
);

impl ToSql for Deadline {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.code()))
    }
}

impl FromSql for Deadline {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let text = value.as_str()?;
        Deadline::parse("整改时限", text).map_err(|err| FromSqlError::Other(Box::new(err)))
    }
}
