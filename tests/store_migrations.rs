//! Migrations: a new file reaches the latest schema; a file at the first schema version is
//! migrated with its data kept and a `migrate` backup made first; a newer file is refused.

// Helper functions of an integration test crate are test code too, but clippy only exempts
// `#[test]` functions from these lints.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{add_problem, problem_draft, raw, temp_db};
use zhenggai::domain::{ProblemLevel, ProblemSource, Severity};
use zhenggai::store::schema::{LATEST_VERSION, migrate_to};
use zhenggai::store::{Store, StoreError};

fn user_version(path: &std::path::Path) -> i64 {
    raw(path)
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .unwrap()
}

fn tables(path: &std::path::Path) -> Vec<String> {
    let conn = raw(path);
    let mut statement = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap();
    statement
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn a_new_file_is_created_at_the_latest_version() {
    let (_dir, path) = temp_db();
    assert!(!path.exists());
    let store = Store::open(&path).unwrap();
    assert!(path.is_file());
    assert_eq!(user_version(&path), LATEST_VERSION);
    let names = tables(&path);
    for table in [
        "unit",
        "campaign",
        "phase",
        "category",
        "problem",
        "measure",
        "progress_note",
        "file_blob",
        "evidence",
        "close_out",
        "extension",
        "commitment",
        "rule",
        "rule_problem",
        "audit_log",
        "revision",
    ] {
        assert!(
            names.iter().any(|name| name == table),
            "{table} missing: {names:?}"
        );
    }
    // Nothing to back up in a new file.
    assert!(store.backups().unwrap().is_empty());
    assert_eq!(store.unit().unwrap(), None);
    assert!(store.check().unwrap().is_ok());
}

#[test]
fn an_empty_existing_file_is_migrated_in_place() {
    let (_dir, path) = temp_db();
    std::fs::write(&path, b"").unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(user_version(&path), LATEST_VERSION);
    assert!(store.backups().unwrap().is_empty());
    assert!(store.problems().unwrap().is_empty());
}

/// Builds a database at schema version 1 by hand, with a unit and a problem in v1's shape.
fn version_one_file(path: &std::path::Path) {
    let mut conn = rusqlite::Connection::open(path).unwrap();
    migrate_to(&mut conn, 1).unwrap();
    conn.execute_batch(
        "INSERT INTO unit (name, code, superior, leader, created_at)
            VALUES ('某县市场监督管理局', 'SCJG', '县作风办', '陈光明', '2025-03-01T08:00:00Z');
         INSERT INTO category (parent_id, name, position) VALUES (NULL, '放管服改革', 1);
         INSERT INTO problem (number, category_id, level, subject, source, description, example,
            cause, severity, found_on, created_at, updated_at)
            VALUES (7, 1, 'division', '登记注册科', 'complaint', '企业开办材料反复退回', '',
            '', 'serious', '2025-03-15', '2025-03-15T08:00:00Z', '2025-03-15T08:00:00Z');",
    )
    .unwrap();
    drop(conn);
    assert_eq!(user_version(path), 1);
}

#[test]
fn a_version_one_file_is_backed_up_and_migrated_with_its_data() {
    let (_dir, path) = temp_db();
    version_one_file(&path);

    let mut store = Store::open(&path).unwrap();
    assert_eq!(user_version(&path), LATEST_VERSION);

    let unit = store.unit().unwrap().unwrap();
    assert_eq!(unit.name, "某县市场监督管理局");
    assert_eq!(unit.code, "SCJG");
    assert_eq!(unit.leader, "陈光明");
    let problems = store.problems().unwrap();
    assert_eq!(problems.len(), 1);
    let problem = &problems[0];
    assert_eq!(problem.number, 7);
    assert_eq!(problem.level, ProblemLevel::Division);
    assert_eq!(problem.source, ProblemSource::Complaint);
    assert_eq!(problem.severity, Severity::Serious);
    assert_eq!(problem.description, "企业开办材料反复退回");
    assert_eq!(problem.found_on, common::day(2025, 3, 15));
    assert!(
        store.sign_offs().unwrap().is_empty(),
        "revision table exists"
    );

    // The backup was made before migrating: it is still at version 1 with the data.
    let backups = store.backups().unwrap();
    assert_eq!(backups.len(), 1, "{backups:?}");
    assert_eq!(backups[0].reason, "migrate");
    assert_eq!(user_version(&backups[0].path), 1);
    assert_eq!(
        common::count_rows(
            &backups[0].path,
            "SELECT count(*) FROM problem WHERE number = 7"
        ),
        1
    );

    // The migrated file works: a new problem continues the numbering.
    let next = add_problem(&mut store, problem_draft(None, "窗口服务推诿扯皮"));
    assert_eq!(store.problem(next).unwrap().number, 8);
    assert!(store.check().unwrap().is_ok());

    // Opening again does not migrate (or back up for migrating) a second time.
    store.close().unwrap();
    let store = Store::open(&path).unwrap();
    let reasons: Vec<_> = store
        .backups()
        .unwrap()
        .into_iter()
        .map(|b| b.reason)
        .collect();
    assert_eq!(
        reasons.iter().filter(|r| *r == "migrate").count(),
        1,
        "{reasons:?}"
    );
    assert_eq!(store.problems().unwrap().len(), 2);
}

#[test]
fn every_intermediate_version_migrates_to_the_latest() {
    for start in 1..LATEST_VERSION {
        let (_dir, path) = temp_db();
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        migrate_to(&mut conn, start).unwrap();
        conn.execute(
            "INSERT INTO unit (name, created_at) VALUES ('某局', '2025-01-01T00:00:00Z')",
            [],
        )
        .unwrap();
        drop(conn);
        let store = Store::open(&path).unwrap();
        assert_eq!(user_version(&path), LATEST_VERSION, "from {start}");
        assert_eq!(store.unit().unwrap().unwrap().name, "某局");
        assert_eq!(store.backups().unwrap()[0].reason, "migrate");
    }
}

#[test]
fn a_file_from_a_newer_program_is_refused_untouched() {
    let (_dir, path) = temp_db();
    version_one_file(&path);
    let newer = LATEST_VERSION + 1;
    raw(&path)
        .pragma_update(None, "user_version", newer)
        .unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(
        matches!(&err, StoreError::NewerSchema { found, supported, .. }
            if *found == newer && *supported == LATEST_VERSION),
        "{err:?}"
    );
    let message = err.to_string();
    assert!(message.contains(&path.display().to_string()), "{message}");
    assert!(message.contains("升级"), "{message}");
    assert_eq!(user_version(&path), newer);
    assert_eq!(common::count_rows(&path, "SELECT count(*) FROM problem"), 1);
    assert!(
        !tables(&path).iter().any(|t| t == "revision"),
        "not migrated"
    );
}
