//! Problems (问题清单).

use super::cached::CachedStatements;
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::error::{StoreError, StoreResult};
use super::{Store, now_utc};
use crate::domain::{Problem, ProblemDraft, ProblemId};

const SELECT: &str = "SELECT id, number, category_id, level, subject, source, description,
    example, cause, severity, found_on FROM problem";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Problem> {
    Ok(Problem {
        id: row.get(0)?,
        number: row.get(1)?,
        category_id: row.get(2)?,
        level: row.get(3)?,
        subject: row.get(4)?,
        source: row.get(5)?,
        description: row.get(6)?,
        example: row.get(7)?,
        cause: row.get(8)?,
        severity: row.get(9)?,
        found_on: row.get(10)?,
    })
}

/// All problems in ledger order.
pub(super) fn problems(conn: &Connection) -> StoreResult<Vec<Problem>> {
    let mut statement = conn.prepare_cached(&format!("{SELECT} ORDER BY number"))?;
    let rows = statement.query_map([], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub(super) fn problem(conn: &Connection, id: ProblemId) -> StoreResult<Problem> {
    conn.row(&format!("{SELECT} WHERE id = ?1"), [id], from_row)
        .optional()?
        .ok_or(StoreError::NotFound {
            what: "问题",
            id: id.0,
        })
}

fn ensure_category_exists(conn: &Connection, draft: &ProblemDraft) -> StoreResult<()> {
    if let Some(category_id) = draft.category_id {
        super::categories::category(conn, category_id)?;
    }
    Ok(())
}

pub(super) fn insert(conn: &Connection, draft: &ProblemDraft) -> StoreResult<ProblemId> {
    let draft = draft.clone().validate()?;
    ensure_category_exists(conn, &draft)?;
    let now = now_utc();
    // The next number is past both the current problems and every number ever handed out.
    let number: i64 = conn.row(
        "INSERT INTO counter (name, value)
            VALUES ('problem_number', (SELECT ifnull(max(number), 0) FROM problem) + 1)
         ON CONFLICT (name) DO UPDATE
            SET value = max(value, (SELECT ifnull(max(number), 0) FROM problem)) + 1
         RETURNING value",
        [],
        |row| row.get(0),
    )?;
    conn.run(
        "INSERT INTO problem (number, category_id, level, subject, source, description, example,
            cause, severity, found_on, created_at, updated_at)
         VALUES (?11, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
        params![
            draft.category_id,
            draft.level,
            draft.subject,
            draft.source,
            draft.description,
            draft.example,
            draft.cause,
            draft.severity,
            draft.found_on,
            now,
            number
        ],
    )?;
    Ok(ProblemId(conn.last_insert_rowid()))
}

pub(super) fn update(
    conn: &Connection,
    id: ProblemId,
    draft: &ProblemDraft,
) -> StoreResult<ProblemId> {
    let draft = draft.clone().validate()?;
    problem(conn, id)?;
    ensure_category_exists(conn, &draft)?;
    // A new found date must still precede every measure's date deadline.
    let mut statement = conn.prepare_cached(
        "SELECT deadline FROM measure WHERE problem_id = ?1 AND deadline IS NOT NULL
            AND deadline != 'long_term' AND deadline < ?2 LIMIT 1",
    )?;
    let too_early: Option<chrono::NaiveDate> = statement
        .query_row(params![id, draft.found_on], |row| row.get(0))
        .optional()?;
    if let Some(deadline) = too_early {
        return Err(crate::domain::DomainError::DeadlineBeforeFound {
            deadline: crate::domain::date::format_date(deadline),
            found_on: crate::domain::date::format_date(draft.found_on),
        }
        .into());
    }
    conn.run(
        "UPDATE problem SET category_id = ?1, level = ?2, subject = ?3, source = ?4,
            description = ?5, example = ?6, cause = ?7, severity = ?8, found_on = ?9,
            updated_at = ?10
         WHERE id = ?11",
        params![
            draft.category_id,
            draft.level,
            draft.subject,
            draft.source,
            draft.description,
            draft.example,
            draft.cause,
            draft.severity,
            draft.found_on,
            now_utc(),
            id
        ],
    )?;
    Ok(id)
}

pub(super) fn delete(conn: &Connection, id: ProblemId) -> StoreResult<ProblemId> {
    problem(conn, id)?;
    conn.run("DELETE FROM problem WHERE id = ?1", [id])?;
    Ok(id)
}

impl Store {
    /// All problems in ledger order (by number).
    pub fn problems(&self) -> StoreResult<Vec<Problem>> {
        problems(&self.conn)
    }

    /// One problem.
    pub fn problem(&self, id: ProblemId) -> StoreResult<Problem> {
        problem(&self.conn, id)
    }
}
