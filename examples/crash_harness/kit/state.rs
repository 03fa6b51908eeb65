//! The state of a database as the harness judges it: SQLite's own integrity check (through
//! rusqlite, which also recovers a WAL left by a killed process), the `check` subcommand, the
//! row count of every table and `summary --json`. A write is all-or-nothing when the state
//! afterwards equals the state before or the state of an undisturbed run.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};
use rusqlite::Connection;

use super::binary::{Binary, Finished, args};

/// What the harness compares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DbState {
    /// Rows per table.
    pub tables: BTreeMap<String, i64>,
    /// `summary --json`, parsed.
    pub summary: serde_json::Value,
}

/// How a state compares with the expected ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// As before the operation.
    Before,
    /// As after a complete operation.
    After,
    /// Neither: what differs from both.
    Partial(String),
}

/// `PRAGMA integrity_check` through rusqlite: `Ok(())` for `ok`, otherwise its lines (or why
/// the database could not even be opened).
pub fn integrity(db: &Path) -> Result<(), String> {
    let lines = Connection::open(db).and_then(|conn| {
        conn.prepare("PRAGMA integrity_check")?
            .query_map([], |row| row.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()
    });
    match lines {
        Ok(lines) if lines == ["ok"] => Ok(()),
        Ok(lines) => Err(lines.join("; ")),
        Err(err) => Err(err.to_string()),
    }
}

/// Runs the `check` subcommand.
pub fn check(bin: &Binary, db: &Path) -> Result<Finished> {
    bin.run(Some(db), &args(["check"]))
}

/// Reads the state: `summary --json` through the binary, then the row counts.
pub fn read(bin: &Binary, db: &Path) -> Result<DbState> {
    let summary = bin.run_ok(Some(db), &args(["summary", "--json"]))?;
    let summary = serde_json::from_str(summary.stdout.trim())
        .with_context(|| format!("summary --json printed {}", summary.stdout.trim()))?;
    Ok(DbState {
        tables: table_counts(db)?,
        summary,
    })
}

/// Rows per table.
fn table_counts(db: &Path) -> Result<BTreeMap<String, i64>> {
    let conn = Connection::open(db)?;
    let names = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")?
        .query_map([], |row| row.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    let mut counts = BTreeMap::new();
    for name in names {
        let count = conn.query_row(
            &format!("SELECT count(*) FROM \"{}\"", name.replace('"', "\"\"")),
            [],
            |row| row.get(0),
        )?;
        counts.insert(name, count);
    }
    Ok(counts)
}

/// Reads the state of `db` and compares it with `before` and `after`; a state that cannot be
/// read at all counts as partial. Returns the verdict and the state read, if any.
pub fn judge(
    bin: &Binary,
    db: &Path,
    before: &DbState,
    after: &DbState,
) -> (Verdict, Option<DbState>) {
    match read(bin, db) {
        Ok(found) => (verdict(&found, before, after), Some(found)),
        Err(err) => (Verdict::Partial(format!("unreadable: {err:#}")), None),
    }
}

/// The states before, after and found, briefly, for a finding.
pub fn briefs(before: &DbState, after: &DbState, found: Option<&DbState>) -> String {
    format!(
        "before: {}\nafter (undisturbed): {}\nfound: {}",
        brief(before),
        brief(after),
        found.map_or_else(|| "unreadable".to_owned(), brief)
    )
}

/// Compares `found` with the state before and after a complete operation.
pub fn verdict(found: &DbState, before: &DbState, after: &DbState) -> Verdict {
    if found == before {
        Verdict::Before
    } else if found == after {
        Verdict::After
    } else {
        Verdict::Partial(format!(
            "against before: {}; against after: {}",
            difference(found, before),
            difference(found, after)
        ))
    }
}

/// What differs between two states, briefly: tables whose counts differ, then summary fields.
pub fn difference(found: &DbState, expected: &DbState) -> String {
    let mut parts = Vec::new();
    for (table, count) in &found.tables {
        let wanted = expected.tables.get(table).copied();
        if wanted != Some(*count) {
            parts.push(format!(
                "{table} {} (expected {})",
                count,
                wanted.map_or_else(|| "no table".to_owned(), |n| n.to_string())
            ));
        }
    }
    if let (Some(found), Some(expected)) = (found.summary.as_object(), expected.summary.as_object())
    {
        for (key, value) in found {
            if expected.get(key) != Some(value) && key != "per_unit" {
                parts.push(format!(
                    "summary.{key} {value} (expected {})",
                    expected.get(key).unwrap_or(&serde_json::Value::Null)
                ));
            }
        }
    }
    if parts.is_empty() {
        "same".to_owned()
    } else {
        parts.join(", ")
    }
}

/// The problem count in a summary (the total for an aggregate), for messages.
pub fn problems(state: &DbState) -> i64 {
    let summary = &state.summary;
    summary
        .get("problems")
        .or_else(|| summary.get("total").and_then(|total| total.get("problems")))
        .and_then(serde_json::Value::as_i64)
        .unwrap_or(-1)
}

/// The counts a reader of a failure report wants first: problems, measures, audit entries,
/// revisions and received revisions.
pub fn brief(state: &DbState) -> String {
    let count = |table: &str| state.tables.get(table).copied().unwrap_or(0);
    format!(
        "problems {}, measures {}, audit {}, revisions {}, received {}",
        problems(state),
        count("measure"),
        count("audit_log"),
        count("revision"),
        count("received_revision")
    )
}
