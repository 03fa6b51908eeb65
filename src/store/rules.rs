//! Rules (制度清单) and their links to problems.

use super::cached::CachedStatements;
use std::collections::HashMap;

use rusqlite::{Connection, params};

use super::Store;
use super::error::{StoreError, StoreResult};
use crate::domain::{ProblemId, Rule, RuleDraft, RuleId};

/// All rules ordered by id, each with its linked problems.
pub(super) fn rules(conn: &Connection) -> StoreResult<Vec<Rule>> {
    let mut links: HashMap<RuleId, Vec<ProblemId>> = HashMap::new();
    let mut statement = conn.prepare_cached(
        "SELECT rule_id, problem_id FROM rule_problem ORDER BY rule_id, problem_id",
    )?;
    let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
    for row in rows {
        let (rule_id, problem_id) = row?;
        links.entry(rule_id).or_default().push(problem_id);
    }
    let mut statement = conn.prepare_cached(
        "SELECT id, name, kind, doc_number, issued_on, note FROM rule ORDER BY id",
    )?;
    let rows = statement.query_map([], |row| {
        let id: RuleId = row.get(0)?;
        Ok(Rule {
            id,
            name: row.get(1)?,
            kind: row.get(2)?,
            doc_number: row.get(3)?,
            issued_on: row.get(4)?,
            note: row.get(5)?,
            problem_ids: links.get(&id).cloned().unwrap_or_default(),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn link(conn: &Connection, id: RuleId, problem_ids: &[ProblemId]) -> StoreResult<()> {
    conn.run("DELETE FROM rule_problem WHERE rule_id = ?1", [id])?;
    let mut statement =
        conn.prepare_cached("INSERT INTO rule_problem (rule_id, problem_id) VALUES (?1, ?2)")?;
    for &problem_id in problem_ids {
        super::problems::problem(conn, problem_id)?;
        statement.execute(params![id, problem_id])?;
    }
    Ok(())
}

pub(super) fn insert(conn: &Connection, draft: &RuleDraft) -> StoreResult<RuleId> {
    let draft = draft.clone().validate()?;
    conn.run(
        "INSERT INTO rule (name, kind, doc_number, issued_on, note) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            draft.name,
            draft.kind,
            draft.doc_number,
            draft.issued_on,
            draft.note
        ],
    )?;
    let id = RuleId(conn.last_insert_rowid());
    link(conn, id, &draft.problem_ids)?;
    Ok(id)
}

fn not_found(id: RuleId) -> StoreError {
    StoreError::NotFound {
        what: "制度",
        id: id.0,
    }
}

pub(super) fn update(conn: &Connection, id: RuleId, draft: &RuleDraft) -> StoreResult<RuleId> {
    let draft = draft.clone().validate()?;
    let changed = conn.run(
        "UPDATE rule SET name = ?1, kind = ?2, doc_number = ?3, issued_on = ?4, note = ?5
         WHERE id = ?6",
        params![
            draft.name,
            draft.kind,
            draft.doc_number,
            draft.issued_on,
            draft.note,
            id
        ],
    )?;
    if changed == 0 {
        return Err(not_found(id));
    }
    link(conn, id, &draft.problem_ids)?;
    Ok(id)
}

pub(super) fn delete(conn: &Connection, id: RuleId) -> StoreResult<RuleId> {
    if conn.run("DELETE FROM rule WHERE id = ?1", [id])? == 0 {
        return Err(not_found(id));
    }
    Ok(id)
}

impl Store {
    /// All rules, ordered by id, with their linked problems.
    pub fn rules(&self) -> StoreResult<Vec<Rule>> {
        rules(&self.conn)
    }
}
