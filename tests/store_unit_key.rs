//! The unit's signing key: made with the unit, never changed, and its signatures accepted by
//! the standard `minisign` tool.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::process::Command as Process;

use common::{Fixture, raw, temp_db, unit_draft};
use zhenggai::domain::Command;
use zhenggai::signing::verify_signature;
use zhenggai::store::{Store, schema};

#[test]
fn init_makes_a_key_that_survives_reopening() {
    let fx = Fixture::new();
    let key = fx
        .store
        .unit_key()
        .unwrap()
        .expect("a key made with the unit");
    assert_eq!(key.key_id.len(), 16);
    assert!(key.key_id.chars().all(|c| c.is_ascii_hexdigit()));
    // minisign's public key file names the same key id on its comment line.
    let first_line = key.public_key.lines().next().unwrap();
    assert!(first_line.ends_with(&key.key_id), "{first_line}");
    fx.store.close().unwrap();
    let store = Store::open(&fx.path).unwrap();
    assert_eq!(store.unit_key().unwrap(), Some(key));
}

#[test]
fn no_unit_means_no_key_and_no_signature() {
    let (_dir, path) = temp_db();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.unit_key().unwrap(), None);
    assert!(store.sign(b"data", "comment").is_err());
}

#[test]
fn signatures_verify_and_tampering_is_caught() {
    let fx = Fixture::new();
    let key = fx.store.unit_key().unwrap().unwrap();
    let data = "{\"unit\":\"某县行政审批局\"}".as_bytes();
    let signature = fx.store.sign(data, "zhenggai revision 1").unwrap();
    assert_eq!(
        verify_signature(&key.public_key, &signature, data).unwrap(),
        "zhenggai revision 1"
    );
    let mut tampered = data.to_vec();
    tampered[3] ^= 1;
    let err = verify_signature(&key.public_key, &signature, &tampered).unwrap_err();
    assert!(err.contains("签名无效"), "{err}");

    // Another unit's key does not verify this unit's signature.
    let other = Fixture::new();
    let other_key = other.store.unit_key().unwrap().unwrap();
    assert_ne!(other_key.key_id, key.key_id);
    assert!(verify_signature(&other_key.public_key, &signature, data).is_err());
}

#[test]
fn the_minisign_tool_accepts_the_signature() {
    if Process::new("minisign").arg("-v").output().is_err() {
        eprintln!("skipped: the minisign tool is not installed (apt-get install minisign)");
        return;
    }
    let fx = Fixture::new();
    let key = fx.store.unit_key().unwrap().unwrap();
    let data = "manifest 清单".as_bytes();
    let dir = tempfile::tempdir().unwrap();
    let data_path = dir.path().join("manifest.json");
    std::fs::write(&data_path, data).unwrap();
    std::fs::write(dir.path().join("unit.pub"), &key.public_key).unwrap();
    std::fs::write(
        dir.path().join("manifest.json.minisig"),
        fx.store.sign(data, "zhenggai test").unwrap(),
    )
    .unwrap();
    let output = Process::new("minisign")
        .current_dir(dir.path())
        .args(["-Vm", "manifest.json", "-p", "unit.pub"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "minisign -V refused: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    // And refuses a changed file.
    std::fs::write(&data_path, "manifest 清单！").unwrap();
    let output = Process::new("minisign")
        .current_dir(dir.path())
        .args(["-Vm", "manifest.json", "-p", "unit.pub"])
        .output()
        .unwrap();
    assert!(!output.status.success());
}

#[test]
fn the_key_cannot_be_changed_or_removed_with_raw_sql() {
    let fx = Fixture::new();
    let key = fx.store.unit_key().unwrap().unwrap();
    let conn = raw(&fx.path);
    for sql in [
        "UPDATE unit_key SET key_id = '0000000000000000'",
        "DELETE FROM unit_key",
    ] {
        let err = conn.execute(sql, []).unwrap_err();
        assert!(err.to_string().contains("单位密钥"), "{sql}: {err}");
    }
    drop(conn);
    assert_eq!(fx.store.unit_key().unwrap(), Some(key));
}

#[test]
fn a_unit_from_before_keys_gets_one_when_opened() {
    let (_dir, path) = temp_db();
    {
        // A version-4 database with a unit, as the previous release wrote it.
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        schema::migrate_to(&mut conn, 4).unwrap();
        conn.execute(
            "INSERT INTO unit (name, created_at) VALUES ('某县行政审批局', '2026-01-05T02:00:00Z')",
            [],
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(
        schema::version(&raw(&path)).unwrap(),
        schema::LATEST_VERSION
    );
    let key = store.unit_key().unwrap().expect("a key made on open");
    assert_eq!(key.key_id.len(), 16);
    // A second open keeps that key.
    store.close().unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.unit_key().unwrap(), Some(key));
    // Init is still refused: the unit exists.
    let mut store = store;
    assert!(store.apply(&Command::InitUnit(unit_draft())).is_err());
}
