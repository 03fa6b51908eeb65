//! Opening: the pragmas, the single-writer lock, and refusing a corrupt file without touching it.

// Helper functions of an integration test crate are test code too, but clippy only exempts
// `#[test]` functions from these lints.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Fixture, add_problem, apply, noise, problem_draft, raw, temp_db, unit_draft};
use zhenggai::domain::Command;
use zhenggai::store::{Store, StoreError, lock_path};

#[test]
fn database_is_in_wal_mode() {
    let fx = Fixture::new();
    let mode: String = raw(&fx.path)
        .query_row("PRAGMA journal_mode", [], |row| row.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    // The write-ahead log is folded back on a clean close, so the file alone is complete.
    fx.store.close().unwrap();
    let wal = fx.dir.path().join("台账.sqlite-wal");
    assert!(
        std::fs::metadata(&wal).map_or(true, |meta| meta.len() == 0),
        "WAL left with data after close"
    );
    let copy = fx.dir.path().join("拷贝.sqlite");
    std::fs::copy(&fx.path, &copy).unwrap();
    let store = Store::open_read_only(&copy).unwrap();
    assert_eq!(store.problems().unwrap().len(), 1);
}

#[test]
fn foreign_keys_are_enforced() {
    let mut fx = Fixture::new();
    let measure_id = common::add_measure(&mut fx.store, common::measure_draft(fx.problem_id, None));
    common::add_note(&mut fx.store, measure_id, common::day(2026, 5, 1), "已部署");
    // ON DELETE CASCADE only acts when the store's connection enforces foreign keys.
    apply(
        &mut fx.store,
        &Command::DeleteProblem {
            problem_id: fx.problem_id,
        },
    );
    assert_eq!(
        common::count_rows(&fx.path, "SELECT count(*) FROM measure"),
        0
    );
    assert_eq!(
        common::count_rows(&fx.path, "SELECT count(*) FROM progress_note"),
        0
    );
    let conn = raw(&fx.path);
    assert!(
        conn.prepare("PRAGMA foreign_key_check")
            .unwrap()
            .query([])
            .unwrap()
            .next()
            .unwrap()
            .is_none(),
        "no dangling references"
    );
    // ON DELETE RESTRICT on problem.category_id holds against a raw delete with enforcement on.
    let problem = add_problem(&mut fx.store, problem_draft(Some(fx.item_id), "审批慢"));
    conn.pragma_update(None, "foreign_keys", "ON").unwrap();
    let err = conn
        .execute("DELETE FROM category WHERE id = ?1", [fx.item_id.0])
        .unwrap_err();
    assert!(err.to_string().contains("FOREIGN KEY"), "{err}");
    assert_eq!(
        fx.store.problem(problem).unwrap().category_id,
        Some(fx.item_id)
    );
}

#[test]
fn a_second_writer_is_refused_and_readers_still_work() {
    let mut fx = Fixture::new();
    assert!(lock_path(&fx.path).exists());

    let err = Store::open(&fx.path).unwrap_err();
    assert!(
        matches!(&err, StoreError::Locked { path } if path == &fx.path),
        "{err:?}"
    );
    let message = err.to_string();
    assert!(
        message.contains(&fx.path.display().to_string()),
        "{message}"
    );
    assert!(message.contains("正在被另一个"), "{message}");

    // The first store keeps working.
    let added = add_problem(&mut fx.store, problem_draft(None, "锁定期间新增的问题"));

    // Readers still work and see committed data.
    let reader = Store::open_read_only(&fx.path).unwrap();
    assert!(reader.is_read_only());
    assert_eq!(
        reader.problem(added).unwrap().description,
        "锁定期间新增的问题"
    );
    assert!(reader.check().unwrap().is_ok());
    let (fallback, read_only) = Store::open_for_reading(&fx.path).unwrap();
    assert!(read_only);
    assert!(fallback.is_read_only());
    assert_eq!(fallback.problems().unwrap().len(), 2);

    // A read-only store refuses edits with the same clear error, and writes nothing.
    let mut fallback = fallback;
    let err = fallback
        .apply(&Command::AddProblem(problem_draft(None, "只读时的修改")))
        .unwrap_err();
    assert!(matches!(err, StoreError::Locked { .. }), "{err:?}");
    let err = fallback
        .restore_from(&fx.dir.path().join("x.sqlite"))
        .unwrap_err();
    assert!(matches!(err, StoreError::Locked { .. }), "{err:?}");
    drop(fallback);
    drop(reader);
    assert_eq!(fx.store.problems().unwrap().len(), 2);

    // Once the writer is gone, opening for writing works again.
    let path = fx.path.clone();
    drop(fx.store);
    let mut store = Store::open(&path).unwrap();
    assert!(!store.is_read_only());
    add_problem(&mut store, problem_draft(None, "重新打开后新增的问题"));
    drop(store);
    let (store, read_only) = Store::open_for_reading(&path).unwrap();
    assert!(!read_only);
    assert_eq!(store.problems().unwrap().len(), 3);
}

#[test]
fn read_only_open_of_a_missing_file_is_refused_without_creating_it() {
    let (_dir, path) = temp_db();
    let err = Store::open_read_only(&path).unwrap_err();
    assert!(matches!(err, StoreError::Io { .. }), "{err:?}");
    assert!(err.to_string().contains("台账.sqlite"), "{err}");
    assert!(!path.exists());
}

/// Checks that opening `bytes` as a database is refused as corrupt, naming the file, and that
/// the file is left exactly as it was.
fn assert_refused_as_corrupt(bytes: &[u8]) {
    let (_dir, path) = temp_db();
    std::fs::write(&path, bytes).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(
        matches!(&err, StoreError::Corrupt { path: named, .. } if named == &path),
        "{err:?}"
    );
    let message = err.to_string();
    assert!(message.contains(&path.display().to_string()), "{message}");
    assert!(message.contains("已损坏"), "{message}");
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "the file was changed");
    // The refusal released the lock.
    drop(err);
    assert!(matches!(
        Store::open(&path).unwrap_err(),
        StoreError::Corrupt { .. }
    ));
    assert!(matches!(
        Store::open_read_only(&path).unwrap_err(),
        StoreError::Corrupt { .. }
    ));
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "the file was changed");
}

#[test]
fn garbage_bytes_are_refused_as_corrupt_and_left_unchanged() {
    assert_refused_as_corrupt(&noise(100_000, 17));
    assert_refused_as_corrupt("这是一份会议纪要，不是数据库。\n".repeat(500).as_bytes());
}

#[test]
fn a_damaged_database_is_refused_as_corrupt_and_left_unchanged() {
    let fx = Fixture::new();
    let path = fx.path.clone();
    fx.store.close().unwrap();
    let mut bytes = std::fs::read(&path).unwrap();
    assert!(bytes.len() > 8192);
    // Keep the header, overwrite the pages after the first one.
    let page_size = usize::from(u16::from_be_bytes([bytes[16], bytes[17]]));
    let garbage = noise(bytes.len() - page_size, 19);
    bytes[page_size..].copy_from_slice(&garbage);
    assert_refused_as_corrupt(&bytes);
}

#[test]
fn init_through_a_fresh_store_then_reopen() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    apply(&mut store, &Command::InitUnit(unit_draft()));
    drop(store);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.unit().unwrap().unwrap().name, "某县行政审批局");
}

#[test]
fn a_second_writer_shares_the_lock_and_a_reader_sees_what_it_wrote() {
    let fx = Fixture::new();
    let Fixture {
        dir: _dir,
        path,
        store,
        ..
    } = fx;
    let mut writer = store.another_writer().expect("a second writer");
    let reader = store.another_reader().expect("a reader");
    assert!(reader.is_read_only());
    // The session's store is dropped while the job still writes: the lock stays taken.
    drop(store);
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::Locked { .. }), "{err:?}");
    add_problem(&mut writer, problem_draft(None, "第二个连接写入的问题"));
    assert_eq!(reader.problems().expect("problems").len(), 2);
    // A reader cannot be turned into a writer.
    assert!(matches!(
        reader.another_writer().unwrap_err(),
        StoreError::ReadOnly { .. }
    ));
    // Once the last connection holding the lock is gone, another program may open the file.
    drop(writer);
    Store::open(&path).expect("the lock is released");
}
