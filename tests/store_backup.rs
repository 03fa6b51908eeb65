//! Backups: a backup restores to identical data, a bad file is refused without harm, and the
//! rotating backups are pruned to ten.

// Helper functions of an integration test crate are test code too, but clippy only exempts
// `#[test]` functions from these lints.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{
    Fixture, add_measure, add_problem, apply, attach, measure_draft, noise, observe, problem_draft,
    raw, unit_draft,
};
use std::time::{Duration, SystemTime};
use zhenggai::domain::{Command, Deadline};
use zhenggai::store::backup::KEEP_BACKUPS;

use zhenggai::store::{Store, StoreError};

fn canonical(store: &Store) -> String {
    store.snapshot().unwrap().canonical_json().unwrap()
}

/// A fixture with a measure, evidence and a revision, so every table has something in it.
fn rich_fixture() -> Fixture {
    let mut fx = Fixture::new();
    let scan = fx.write_file("扫描件.pdf", &noise(200_000, 11));
    let measure_id = add_measure(
        &mut fx.store,
        measure_draft(
            fx.problem_id,
            Some(Deadline::Date(common::day(2026, 6, 30))),
        ),
    );
    attach(&mut fx.store, measure_id, &scan, "");
    apply(
        &mut fx.store,
        &Command::SignOff(zhenggai::domain::SignOffDraft {
            preparer: "李娜".into(),
            reviewer: "周强".into(),
            leader: "王建国".into(),
        }),
    );
    fx
}

#[test]
fn backup_then_restore_brings_back_the_old_state() {
    let mut fx = rich_fixture();
    let backup = fx.dir.path().join("备份").join("2026-06-30.sqlite");
    std::fs::create_dir_all(backup.parent().unwrap()).unwrap();
    let before = observe(&fx.store);
    let evidence = fx.store.evidence(None).unwrap();
    fx.store.backup_to(&backup).unwrap();
    assert!(backup.is_file());

    // The backup is one self-contained, checked file with the same data.
    let copy = Store::open_read_only(&backup).unwrap();
    assert_eq!(canonical(&copy), before.snapshot);
    assert!(copy.check().unwrap().is_ok());
    drop(copy);

    // Edit after the backup …
    let mut unit = unit_draft();
    unit.name = "改名后的单位".into();
    apply(&mut fx.store, &Command::UpdateUnit(unit));
    add_problem(&mut fx.store, problem_draft(None, "备份之后新增的问题"));
    apply(
        &mut fx.store,
        &Command::DeleteProblem {
            problem_id: fx.problem_id,
        },
    );
    assert_ne!(observe(&fx.store), before);

    // … and the restore brings the old state back, including the audit log and revisions.
    let saved = fx.store.restore_from(&backup).unwrap();
    assert_eq!(observe(&fx.store), before);
    assert_eq!(fx.store.unit().unwrap().unwrap().name, "某县行政审批局");
    let mut bytes = Vec::new();
    fx.store
        .copy_blob_to(&evidence[0].sha256, &mut bytes)
        .unwrap();
    assert_eq!(bytes, noise(200_000, 11));
    let report = fx.store.check().unwrap();
    assert!(report.is_ok(), "{report:?}");

    // The data replaced by the restore was saved first, so the restore can itself be undone.
    assert!(saved.is_file());
    let backups = fx.store.backups().unwrap();
    assert!(
        backups
            .iter()
            .any(|b| b.path == saved && b.reason == "restore")
    );
    let undone = Store::open_read_only(&saved).unwrap();
    assert_eq!(undone.unit().unwrap().unwrap().name, "改名后的单位");
    drop(undone);

    // The restored store keeps working and is still a WAL database after reopening.
    add_problem(&mut fx.store, problem_draft(None, "恢复之后新增的问题"));
    fx.store.close().unwrap();
    let mode: String = raw(&fx.path)
        .query_row("PRAGMA journal_mode", [], |row| row.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let store = Store::open(&fx.path).unwrap();
    assert_eq!(store.problems().unwrap().len(), 2);
    assert!(store.check().unwrap().is_ok());
}

#[test]
fn restore_from_a_bad_file_is_refused_and_changes_nothing() {
    let mut fx = rich_fixture();
    let before = observe(&fx.store);
    let backups_before = fx.store.backups().unwrap().len();

    let garbage = fx.write_file("坏文件.sqlite", &noise(64 * 1024, 13));
    let text = fx.write_file("说明.txt", "这不是数据库".as_bytes());
    let empty = fx.write_file("空文件.sqlite", b"");
    let foreign = fx.dir.path().join("别的数据库.sqlite");
    raw(&foreign)
        .execute_batch("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('张三');")
        .unwrap();
    let missing = fx.dir.path().join("不存在.sqlite");
    let mut truncated_bytes = std::fs::read(&fx.path).unwrap();
    truncated_bytes.truncate(truncated_bytes.len() / 2);
    let truncated = fx.write_file("截断.sqlite", &truncated_bytes);

    for bad in [&garbage, &text, &empty, &foreign, &missing, &truncated] {
        let original = std::fs::read(bad).ok();
        let err = fx.store.restore_from(bad).unwrap_err();
        // The message names the file the clerk chose, never the program's private copy.
        let file_name = bad.file_name().unwrap().to_string_lossy().into_owned();
        assert!(err.to_string().contains(&file_name), "{err}");
        assert!(!err.to_string().contains("restore-source"), "{err}");
        assert!(
            matches!(
                err,
                StoreError::BackupInvalid { .. } | StoreError::Io { .. }
            ),
            "{}: {err:?}",
            bad.display()
        );
        common::assert_chinese(&err.to_string());
        assert_eq!(observe(&fx.store), before, "{}", bad.display());
        assert_eq!(
            std::fs::read(bad).ok(),
            original,
            "the source file {} must stay as it was",
            bad.display()
        );
        assert_eq!(fx.store.backups().unwrap().len(), backups_before);
    }
    assert!(fx.store.check().unwrap().is_ok());
    // No staging files are left behind.
    let leftovers: Vec<_> = std::fs::read_dir(fx.dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// Makes every rotating backup of `path` look two hours old, as if time had passed.
fn age_backups(path: &std::path::Path) {
    let two_hours_ago = SystemTime::now() - Duration::from_hours(2);
    for entry in std::fs::read_dir(zhenggai::store::backup::backup_dir(path)).unwrap() {
        std::fs::File::options()
            .write(true)
            .open(entry.unwrap().path())
            .unwrap()
            .set_modified(two_hours_ago)
            .unwrap();
    }
}

#[test]
fn a_backup_removes_temporary_files_that_killed_backups_left() {
    let fx = Fixture::new();
    let path = fx.path.clone();
    let dir = zhenggai::store::backup::backup_dir(&path);
    std::fs::create_dir_all(&dir).unwrap();
    let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
    // A killed backup's file, untouched for two hours, and one still being written.
    let abandoned = dir.join(format!(".{stem}-20260101-090000-001-start.sqlite.4242.tmp"));
    let running = dir.join(format!(".{stem}-20260101-090000-002-start.sqlite.4243.tmp"));
    // What SQLite leaves beside a temporary backup whose check was cut short.
    let companions: Vec<_> = ["-journal", "-wal", "-shm"]
        .iter()
        .map(|suffix| {
            dir.join(format!(
                ".{stem}-20260101-090000-001-start.sqlite.4242.tmp{suffix}"
            ))
        })
        .collect();
    for file in companions.iter().chain([&abandoned, &running]) {
        std::fs::write(file, b"half a backup").unwrap();
    }
    for file in companions.iter().chain([&abandoned]) {
        std::fs::File::options()
            .write(true)
            .open(file)
            .unwrap()
            .set_modified(SystemTime::now() - Duration::from_hours(2))
            .unwrap();
    }

    fx.store.backup_now("manual").unwrap();

    assert!(
        !abandoned.exists(),
        "the abandoned temporary backup must go"
    );
    for file in &companions {
        assert!(!file.exists(), "{} must go", file.display());
    }
    assert!(running.exists(), "a temporary file in use must stay");
}

#[test]
fn opening_for_writing_removes_even_fresh_temporary_backups_of_a_killed_run() {
    let fx = Fixture::new();
    let path = fx.path.clone();
    fx.store.close().unwrap();
    let dir = zhenggai::store::backup::backup_dir(&path);
    std::fs::create_dir_all(&dir).unwrap();
    let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
    // Left a moment ago by a run killed during its sign-off backup.
    let left: Vec<_> = ["", "-journal"]
        .iter()
        .map(|suffix| {
            dir.join(format!(
                ".{stem}-20260101-090000-001-sign_off.sqlite.77.tmp{suffix}"
            ))
        })
        .collect();
    for file in &left {
        std::fs::write(file, b"half a backup").unwrap();
    }
    // A reader does not clean: a writer elsewhere might be backing up right now.
    drop(Store::open_read_only(&path).unwrap());
    assert!(left.iter().all(|file| file.exists()));

    Store::open(&path).unwrap().close().unwrap();

    for file in &left {
        assert!(!file.exists(), "{} must go", file.display());
    }
}

#[test]
fn start_backups_are_throttled_within_a_burst_of_opens() {
    let fx = Fixture::new();
    let path = fx.path.clone();
    fx.store.close().unwrap();
    for _ in 0..5 {
        Store::open(&path).unwrap().close().unwrap();
    }
    let backups = Store::open_read_only(&path).unwrap().backups().unwrap();
    assert_eq!(backups.len(), 1, "{backups:?}");
    assert_eq!(backups[0].reason, "start");
}

#[test]
fn rotating_backups_keep_at_most_ten() {
    let fx = Fixture::new();
    let path = fx.path.clone();
    fx.store.close().unwrap();
    for round in 0..12 {
        let store = Store::open(&path).unwrap();
        let backups = store.backups().unwrap();
        assert_eq!(
            backups.len(),
            (round + 1).min(KEEP_BACKUPS),
            "round {round}"
        );
        store.close().unwrap();
        age_backups(&path);
    }
    let store = Store::open_read_only(&path).unwrap();
    let backups = store.backups().unwrap();
    assert_eq!(KEEP_BACKUPS, 10);
    assert_eq!(backups.len(), 10);
    let on_disk = std::fs::read_dir(zhenggai::store::backup::backup_dir(&path))
        .unwrap()
        .count();
    assert_eq!(on_disk, 10, "pruned files are gone from the folder");
    for backup in &backups {
        assert_eq!(backup.reason, "start");
        let copy = Store::open_read_only(&backup.path).unwrap();
        assert_eq!(copy.unit().unwrap().unwrap().name, "某县行政审批局");
    }
    // Newest first, no duplicates.
    let names: Vec<_> = backups
        .iter()
        .map(|b| b.path.file_name().unwrap().to_owned())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    sorted.reverse();
    sorted.dedup();
    assert_eq!(names, sorted);
}

#[test]
fn backups_of_a_database_ignore_other_databases_in_the_folder() {
    let fx = Fixture::new();
    let path = fx.path.clone();
    fx.store.close().unwrap();
    // Another database in the same folder whose name starts like this one's.
    let other = fx.dir.path().join("台账-旧.sqlite");
    let mut store = Store::open(&other).unwrap();
    apply(&mut store, &Command::InitUnit(unit_draft()));
    store.close().unwrap();
    Store::open(&other).unwrap().close().unwrap();
    assert_eq!(
        Store::open_read_only(&other)
            .unwrap()
            .backups()
            .unwrap()
            .len(),
        1
    );

    let store = Store::open(&path).unwrap();
    let backups = store.backups().unwrap();
    assert_eq!(backups.len(), 1, "{backups:?}");
    assert!(
        backups[0]
            .path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("台账-2"),
        "{backups:?}"
    );
}
