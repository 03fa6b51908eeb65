//! Public commitments (整改承诺).

use super::cached::CachedStatements;
use rusqlite::{Connection, Row, params};

use super::Store;
use super::error::{StoreError, StoreResult};
use crate::domain::{Commitment, CommitmentDraft, CommitmentId};

fn from_row(row: &Row<'_>) -> rusqlite::Result<Commitment> {
    Ok(Commitment {
        id: row.get(0)?,
        content: row.get(1)?,
        audience: row.get(2)?,
        publicity: row.get(3)?,
        due_on: row.get(4)?,
        state: row.get(5)?,
    })
}

/// All commitments ordered by id.
pub(super) fn commitments(conn: &Connection) -> StoreResult<Vec<Commitment>> {
    let mut statement = conn.prepare_cached(
        "SELECT id, content, audience, publicity, due_on, state FROM commitment ORDER BY id",
    )?;
    let rows = statement.query_map([], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub(super) fn insert(conn: &Connection, draft: &CommitmentDraft) -> StoreResult<CommitmentId> {
    let draft = draft.clone().validate()?;
    conn.run(
        "INSERT INTO commitment (content, audience, publicity, due_on, state)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            draft.content,
            draft.audience,
            draft.publicity,
            draft.due_on,
            draft.state
        ],
    )?;
    Ok(CommitmentId(conn.last_insert_rowid()))
}

fn not_found(id: CommitmentId) -> StoreError {
    StoreError::NotFound {
        what: "整改承诺",
        id: id.0,
    }
}

pub(super) fn update(
    conn: &Connection,
    id: CommitmentId,
    draft: &CommitmentDraft,
) -> StoreResult<CommitmentId> {
    let draft = draft.clone().validate()?;
    let changed = conn.run(
        "UPDATE commitment SET content = ?1, audience = ?2, publicity = ?3, due_on = ?4,
            state = ?5 WHERE id = ?6",
        params![
            draft.content,
            draft.audience,
            draft.publicity,
            draft.due_on,
            draft.state,
            id
        ],
    )?;
    if changed == 0 {
        return Err(not_found(id));
    }
    Ok(id)
}

pub(super) fn delete(conn: &Connection, id: CommitmentId) -> StoreResult<CommitmentId> {
    if conn.run("DELETE FROM commitment WHERE id = ?1", [id])? == 0 {
        return Err(not_found(id));
    }
    Ok(id)
}

impl Store {
    /// All commitments, ordered by id.
    pub fn commitments(&self) -> StoreResult<Vec<Commitment>> {
        commitments(&self.conn)
    }
}
