//! Measures (整改清单/责任清单) and what hangs on them: progress notes, close-outs, extensions.

use super::cached::CachedStatements;
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::error::{StoreError, StoreResult};
use super::{Store, now_utc};
use crate::domain::close_out::CloseOutDraft;
use crate::domain::status::check_status_change;
use crate::domain::{
    CloseOut, Deadline, Extension, ExtensionDraft, ExtensionId, Measure, MeasureDraft, MeasureId,
    MeasureStatus, ProblemId, ProgressNote, ProgressNoteDraft, ProgressNoteId,
};

const SELECT: &str = "SELECT id, problem_id, position, content, goal, responsible_leader,
    responsible_division, responsible_person, deadline, status FROM measure";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Measure> {
    Ok(Measure {
        id: row.get(0)?,
        problem_id: row.get(1)?,
        position: row.get(2)?,
        content: row.get(3)?,
        goal: row.get(4)?,
        responsible_leader: row.get(5)?,
        responsible_division: row.get(6)?,
        responsible_person: row.get(7)?,
        deadline: row.get(8)?,
        status: row.get(9)?,
    })
}

/// All measures ordered by id.
pub(super) fn measures(conn: &Connection) -> StoreResult<Vec<Measure>> {
    let mut statement = conn.prepare_cached(&format!("{SELECT} ORDER BY id"))?;
    let rows = statement.query_map([], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub(super) fn measure(conn: &Connection, id: MeasureId) -> StoreResult<Measure> {
    conn.row(&format!("{SELECT} WHERE id = ?1"), [id], from_row)
        .optional()?
        .ok_or(StoreError::NotFound {
            what: "整改措施",
            id: id.0,
        })
}

/// A measure that may still be edited: it exists and is not closed.
fn open_measure(conn: &Connection, id: MeasureId) -> StoreResult<Measure> {
    let found = measure(conn, id)?;
    if found.status == MeasureStatus::Closed {
        return Err(crate::domain::DomainError::MeasureClosed.into());
    }
    Ok(found)
}

pub(super) fn insert(conn: &Connection, draft: &MeasureDraft) -> StoreResult<MeasureId> {
    let problem = super::problems::problem(conn, draft.problem_id)?;
    let draft = draft.clone().validate(problem.found_on)?;
    let now = now_utc();
    conn.run(
        "INSERT INTO measure (problem_id, position, content, goal, responsible_leader,
            responsible_division, responsible_person, deadline, status, created_at, updated_at)
         VALUES (?1, (SELECT ifnull(max(position), 0) + 1 FROM measure WHERE problem_id = ?1),
            ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
        params![
            draft.problem_id,
            draft.content,
            draft.goal,
            draft.responsible_leader,
            draft.responsible_division,
            draft.responsible_person,
            draft.deadline,
            MeasureStatus::NotStarted,
            now
        ],
    )?;
    Ok(MeasureId(conn.last_insert_rowid()))
}

pub(super) fn update(
    conn: &Connection,
    id: MeasureId,
    draft: &MeasureDraft,
) -> StoreResult<MeasureId> {
    let existing = open_measure(conn, id)?;
    if existing.problem_id != draft.problem_id {
        return Err(StoreError::InUse(
            "整改措施不能改挂到其他问题下；请在目标问题下新增措施。".to_owned(),
        ));
    }
    let problem = super::problems::problem(conn, draft.problem_id)?;
    let draft = draft.clone().validate(problem.found_on)?;
    conn.run(
        "UPDATE measure SET content = ?1, goal = ?2, responsible_leader = ?3,
            responsible_division = ?4, responsible_person = ?5, deadline = ?6, updated_at = ?7
         WHERE id = ?8",
        params![
            draft.content,
            draft.goal,
            draft.responsible_leader,
            draft.responsible_division,
            draft.responsible_person,
            draft.deadline,
            now_utc(),
            id
        ],
    )?;
    Ok(id)
}

pub(super) fn delete(conn: &Connection, id: MeasureId) -> StoreResult<MeasureId> {
    measure(conn, id)?;
    conn.run("DELETE FROM measure WHERE id = ?1", [id])?;
    Ok(id)
}

pub(super) fn change_status(
    conn: &Connection,
    id: MeasureId,
    status: MeasureStatus,
) -> StoreResult<MeasureId> {
    let existing = measure(conn, id)?;
    check_status_change(existing.status, status)?;
    set_status(conn, id, status)?;
    Ok(id)
}

fn set_status(conn: &Connection, id: MeasureId, status: MeasureStatus) -> StoreResult<()> {
    conn.run(
        "UPDATE measure SET status = ?1, updated_at = ?2 WHERE id = ?3",
        params![status, now_utc(), id],
    )?;
    Ok(())
}

pub(super) fn add_note(
    conn: &Connection,
    draft: &ProgressNoteDraft,
) -> StoreResult<ProgressNoteId> {
    let draft = draft.clone().validate()?;
    open_measure(conn, draft.measure_id)?;
    conn.run(
        "INSERT INTO progress_note (measure_id, noted_on, text, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![draft.measure_id, draft.noted_on, draft.text, now_utc()],
    )?;
    Ok(ProgressNoteId(conn.last_insert_rowid()))
}

pub(super) fn delete_note(conn: &Connection, id: ProgressNoteId) -> StoreResult<ProgressNoteId> {
    let measure_id: Option<MeasureId> = conn
        .query_row(
            "SELECT measure_id FROM progress_note WHERE id = ?1",
            [id],
            |row| row.get(0),
        )
        .optional()?;
    let measure_id = measure_id.ok_or(StoreError::NotFound {
        what: "进展记录",
        id: id.0,
    })?;
    open_measure(conn, measure_id)?;
    conn.run("DELETE FROM progress_note WHERE id = ?1", [id])?;
    Ok(id)
}

/// Progress notes, all or of one measure, ordered by id.
pub(super) fn notes(conn: &Connection, of: Option<MeasureId>) -> StoreResult<Vec<ProgressNote>> {
    let mut statement = conn.prepare_cached(
        "SELECT id, measure_id, noted_on, text FROM progress_note
         WHERE ?1 IS NULL OR measure_id = ?1 ORDER BY id",
    )?;
    let rows = statement.query_map([of], |row| {
        Ok(ProgressNote {
            id: row.get(0)?,
            measure_id: row.get(1)?,
            noted_on: row.get(2)?,
            text: row.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub(super) fn close_out(conn: &Connection, draft: &CloseOutDraft) -> StoreResult<MeasureId> {
    let existing = measure(conn, draft.measure_id)?;
    let evidence_count: i64 = conn.row(
        "SELECT count(*) FROM evidence WHERE measure_id = ?1",
        [draft.measure_id],
        |row| row.get(0),
    )?;
    let draft = draft
        .clone()
        .validate(existing.status, evidence_count as usize)?;
    conn.run(
        "INSERT INTO close_out (measure_id, verifier, closed_on, opinion, no_evidence_reason)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            draft.measure_id,
            draft.verifier,
            draft.closed_on,
            draft.opinion,
            draft.no_evidence_reason
        ],
    )?;
    set_status(conn, draft.measure_id, MeasureStatus::Closed)?;
    Ok(draft.measure_id)
}

/// Close-outs, all or of one measure, ordered by measure id.
pub(super) fn close_outs(conn: &Connection, of: Option<MeasureId>) -> StoreResult<Vec<CloseOut>> {
    let mut statement = conn.prepare_cached(
        "SELECT measure_id, verifier, closed_on, opinion, no_evidence_reason FROM close_out
         WHERE ?1 IS NULL OR measure_id = ?1 ORDER BY measure_id",
    )?;
    let rows = statement.query_map([of], |row| {
        Ok(CloseOut {
            measure_id: row.get(0)?,
            verifier: row.get(1)?,
            closed_on: row.get(2)?,
            opinion: row.get(3)?,
            no_evidence_reason: row.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub(super) fn extend(conn: &Connection, draft: &ExtensionDraft) -> StoreResult<ExtensionId> {
    let existing = measure(conn, draft.measure_id)?;
    let (draft, old_deadline) = draft.clone().validate(existing.deadline, existing.status)?;
    conn.run(
        "INSERT INTO extension (measure_id, old_deadline, new_deadline, reason, approver,
            approved_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            draft.measure_id,
            old_deadline,
            draft.new_deadline,
            draft.reason,
            draft.approver,
            draft.approved_on
        ],
    )?;
    let id = ExtensionId(conn.last_insert_rowid());
    conn.run(
        "UPDATE measure SET deadline = ?1, updated_at = ?2 WHERE id = ?3",
        params![
            Deadline::Date(draft.new_deadline),
            now_utc(),
            draft.measure_id
        ],
    )?;
    Ok(id)
}

/// Extensions, all or of one measure, ordered by id.
pub(super) fn extensions(conn: &Connection, of: Option<MeasureId>) -> StoreResult<Vec<Extension>> {
    let mut statement = conn.prepare_cached(
        "SELECT id, measure_id, old_deadline, new_deadline, reason, approver, approved_on
         FROM extension WHERE ?1 IS NULL OR measure_id = ?1 ORDER BY id",
    )?;
    let rows = statement.query_map([of], |row| {
        Ok(Extension {
            id: row.get(0)?,
            measure_id: row.get(1)?,
            old_deadline: row.get(2)?,
            new_deadline: row.get(3)?,
            reason: row.get(4)?,
            approver: row.get(5)?,
            approved_on: row.get(6)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

impl Store {
    /// All measures, ordered by id.
    pub fn measures(&self) -> StoreResult<Vec<Measure>> {
        measures(&self.conn)
    }

    /// The measures of one problem, in their order.
    pub fn measures_of(&self, problem_id: ProblemId) -> StoreResult<Vec<Measure>> {
        let mut statement = self
            .conn
            .prepare(&format!("{SELECT} WHERE problem_id = ?1 ORDER BY position"))?;
        let rows = statement.query_map([problem_id], from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One measure.
    pub fn measure(&self, id: MeasureId) -> StoreResult<Measure> {
        measure(&self.conn, id)
    }

    /// Progress notes: of one measure, or all when `of` is `None`.
    pub fn progress_notes(&self, of: Option<MeasureId>) -> StoreResult<Vec<ProgressNote>> {
        notes(&self.conn, of)
    }

    /// Close-outs: of one measure, or all when `of` is `None`.
    pub fn close_outs(&self, of: Option<MeasureId>) -> StoreResult<Vec<CloseOut>> {
        close_outs(&self.conn, of)
    }

    /// Extensions: of one measure, or all when `of` is `None`.
    pub fn extensions(&self, of: Option<MeasureId>) -> StoreResult<Vec<Extension>> {
        extensions(&self.conn, of)
    }
}
