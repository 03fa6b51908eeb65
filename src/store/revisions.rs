//! Sign-off: freezing the working data into an immutable, numbered revision.

use super::cached::CachedStatements;
use rusqlite::{Connection, OptionalExtension, params};

use super::error::{StoreError, StoreResult};
use super::{Store, now_utc};
use crate::domain::precheck::{Finding, FindingLevel, has_blocking, pre_submission_check};
use crate::domain::snapshot::{SNAPSHOT_FORMAT, Snapshot, sha256_hex};

/// How many blocking findings a refused sign-off names.
const SIGN_OFF_FINDINGS_SHOWN: usize = 5;
use crate::domain::{Revision, SignOff, SignOffDraft};

/// Reads every record into the canonical snapshot.
pub(super) fn snapshot(conn: &Connection) -> StoreResult<Snapshot> {
    Ok(Snapshot {
        format: SNAPSHOT_FORMAT.to_owned(),
        version: 1,
        unit: super::units::unit(conn)?,
        campaigns: super::units::campaigns(conn)?,
        categories: {
            let mut categories = super::categories::categories(conn)?;
            categories.sort_by_key(|category| category.id);
            categories
        },
        problems: {
            let mut problems = super::problems::problems(conn)?;
            problems.sort_by_key(|problem| problem.id);
            problems
        },
        measures: super::measures::measures(conn)?,
        progress_notes: super::measures::notes(conn, None)?,
        evidence: super::evidence::list(conn, None)?,
        close_outs: super::measures::close_outs(conn, None)?,
        extensions: super::measures::extensions(conn, None)?,
        commitments: super::commitments::commitments(conn)?,
        rules: super::rules::rules(conn)?,
    })
}

pub(super) fn sign_off(conn: &Connection, draft: &SignOffDraft) -> StoreResult<i64> {
    let draft = draft.clone().validate()?;
    if super::units::unit(conn)?.is_none() {
        return Err(StoreError::NotInitialised);
    }
    let data = snapshot(conn)?;
    // Blocking findings do not depend on the day, so the local date is good enough here.
    let findings = pre_submission_check(&data, chrono::Local::now().date_naive());
    if has_blocking(&findings) {
        let blocking: Vec<String> = findings
            .into_iter()
            .filter(|finding| finding.level() == FindingLevel::Blocking)
            .map(|finding| finding.message)
            .collect();
        return Err(StoreError::SignOffBlocked {
            count: blocking.len(),
            first: blocking.into_iter().take(SIGN_OFF_FINDINGS_SHOWN).collect(),
        });
    }
    let canonical_json = data.canonical_json()?;
    let data_sha256 = sha256_hex(&canonical_json);
    let number: i64 = conn.row(
        "SELECT ifnull(max(number), 0) + 1 FROM revision",
        [],
        |row| row.get(0),
    )?;
    conn.run(
        "INSERT INTO revision (number, preparer, reviewer, leader, signed_at, data_sha256,
            canonical_json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            number,
            draft.preparer,
            draft.reviewer,
            draft.leader,
            now_utc(),
            data_sha256,
            canonical_json
        ],
    )?;
    Ok(number)
}

const SELECT_SIGN_OFF: &str =
    "SELECT number, preparer, reviewer, leader, signed_at, data_sha256 FROM revision";

fn sign_off_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<SignOff> {
    Ok(SignOff {
        revision: row.get(0)?,
        preparer: row.get(1)?,
        reviewer: row.get(2)?,
        leader: row.get(3)?,
        signed_at: row.get(4)?,
        data_sha256: row.get(5)?,
    })
}

/// All sign-offs, oldest first.
pub(super) fn sign_offs(conn: &Connection) -> StoreResult<Vec<SignOff>> {
    let mut statement = conn.prepare_cached(&format!("{SELECT_SIGN_OFF} ORDER BY number"))?;
    let rows = statement.query_map([], sign_off_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

impl Store {
    /// The canonical snapshot of the working data as it is now.
    pub fn snapshot(&self) -> StoreResult<Snapshot> {
        snapshot(&self.conn)
    }

    /// The pre-submission check (报送前检查) of the working data as of `today`.
    pub fn pre_submission_check(&self, today: chrono::NaiveDate) -> StoreResult<Vec<Finding>> {
        Ok(pre_submission_check(&snapshot(&self.conn)?, today))
    }

    /// All sign-offs, oldest first.
    pub fn sign_offs(&self) -> StoreResult<Vec<SignOff>> {
        sign_offs(&self.conn)
    }

    /// One frozen revision with its canonical JSON.
    pub fn revision(&self, number: i64) -> StoreResult<Revision> {
        self.conn
            .query_row(
                "SELECT number, preparer, reviewer, leader, signed_at, data_sha256, canonical_json
                 FROM revision WHERE number = ?1",
                [number],
                |row| {
                    Ok(Revision {
                        sign_off: sign_off_from_row(row)?,
                        canonical_json: row.get(6)?,
                    })
                },
            )
            .optional()?
            .ok_or(StoreError::NotFound {
                what: "报送版本",
                id: number,
            })
    }
}
