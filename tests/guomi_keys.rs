//! 国密 keys: a database from before them gets its SM2 pair on upgrade, in the audit log; the
//! aggregate pins a unit's SM2 key beside its minisign key and asks before either changes;
//! receipts are co-signed, and a unit that has seen the office's SM2 key refuses a receipt
//! without it.

// Helpers outside `#[test]` functions build fixtures; a failure there should panic loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};

use common::bundle_zip::{
    before_guomi, entries, entry, manifest_of, resign_minisign, set_entry, zip_of,
};
use common::minisign_text::{base64_decode, with_decoded_line};
use zhenggai::bundle::receipt::{read_receipt, write_receipt};
use zhenggai::bundle::{
    MANIFEST, ReceiveOutcome, SM2_PUBLIC_KEY, SM2_SIGNATURE, export_bundle, receive,
};
use zhenggai::domain::{Command, OfficeDraft};
use zhenggai::guomi;
use zhenggai::store::schema::migrate_to;
use zhenggai::store::{Store, StoreError};

/// A unit with four signed revisions, each exported as a bundle.
struct Unit {
    dir: tempfile::TempDir,
    store: Store,
    bundles: Vec<PathBuf>,
}

fn unit() -> Unit {
    let dir = tempfile::tempdir().unwrap();
    let store = common::signed_demo(&dir.path().join("unit.sqlite"), "市行政审批局", 4);
    let bundles = (1..=4)
        .map(|revision| {
            let path = dir.path().join(format!("r{revision}.zip"));
            export_bundle(&store, Some(revision), &path, &mut |_| {
                std::ops::ControlFlow::Continue(())
            })
            .unwrap();
            path
        })
        .collect();
    Unit {
        dir,
        store,
        bundles,
    }
}

fn aggregate(dir: &Path) -> Store {
    let mut store = Store::open(&dir.join("agg.sqlite")).unwrap();
    store
        .apply(&Command::InitOffice(OfficeDraft {
            name: "市作风办".into(),
        }))
        .unwrap();
    store
}

/// Writes `entries` as a bundle file named `name` in `dir`.
fn written(dir: &Path, name: &str, entries: &[(String, Vec<u8>)]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, zip_of(entries)).unwrap();
    path
}

fn is_received(outcome: &ReceiveOutcome) -> bool {
    matches!(outcome, ReceiveOutcome::Received(_))
}

/// The reason of a key change, or a panic naming what happened instead.
fn key_changed(outcome: &ReceiveOutcome) -> String {
    assert!(
        matches!(outcome, ReceiveOutcome::KeyChanged { .. }),
        "{outcome:?}"
    );
    outcome.reason().unwrap()
}

#[test]
fn a_database_from_before_guomi_gets_its_sm2_key_on_upgrade_in_the_audit_log() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("旧库.sqlite");
    let key_id = version_six_unit(&db);

    let store = Store::open(&db).unwrap();
    let key = store.unit_key().unwrap().unwrap();
    assert_eq!(key.key_id, key_id, "the minisign key is kept");
    let sm2 = key.sm2.expect("an SM2 key was made on upgrade");
    assert_eq!(guomi::key_id(&sm2.public_key).unwrap(), sm2.key_id);
    let entries = store.audit_entries().unwrap();
    let last = entries.last().unwrap();
    assert_eq!(
        (last.action.as_str(), last.target.as_str()),
        ("add_sm2_key", "signing_key:1")
    );
    assert!(last.details.contains(&sm2.key_id), "{}", last.details);
    // The new secret key is in a backup at once, not only in the live file.
    let backups = store.backups().unwrap();
    assert!(
        backups.iter().any(|backup| backup.reason == "sm2_key"),
        "{backups:?}"
    );
    let signature = store.sign_sm2(b"data").unwrap();
    guomi::verify(&sm2.public_key, &signature, b"data").unwrap();
    drop(store);

    // Opening again makes no second key and no second entry; the audit chain holds.
    let store = Store::open(&db).unwrap();
    assert_eq!(store.audit_entries().unwrap().len(), entries.len());
    assert_eq!(store.unit_key().unwrap().unwrap().sm2, Some(sm2));
    drop(store);
    let checked = common::cli::run_ok(&db, &["check"]);
    assert!(checked.contains("1 条操作日志校验无误"), "{checked}");
    // The key cannot be replaced behind the program's back.
    let err = common::raw(&db)
        .execute("DELETE FROM unit_sm2_key", [])
        .unwrap_err();
    assert!(err.to_string().contains("不能删除"), "{err}");
}

#[test]
fn the_aggregate_pins_the_sm2_key_beside_the_minisign_key() {
    let unit = unit();
    let mut agg = aggregate(unit.dir.path());
    // Revision 1 comes from before 国密 came. Revision 2 brings the unit's SM2 key, which the
    // minisign key pinned with revision 1 vouches for: it is pinned without asking.
    let old = |index: usize| {
        written(
            unit.dir.path(),
            &format!("r{}-old.zip", index + 1),
            &before_guomi(&unit.store, &unit.bundles[index]),
        )
    };
    let r1_old = old(0);
    assert!(is_received(&receive(&mut agg, &r1_old, false)));
    assert!(is_received(&receive(&mut agg, &unit.bundles[1], false)));
    // Receiving the older bundle again is a repeat, not a key change.
    let again = receive(&mut agg, &r1_old, false);
    assert!(
        matches!(again, ReceiveOutcome::Unchanged { revision: 1, .. }),
        "{again:?}"
    );

    // Revision 3 without SM2 now looks like a stripped co-signature: asked, and said so.
    let r3_old = old(2);
    let before = agg.audit_entries().unwrap().len();
    let outcome = receive(&mut agg, &r3_old, false);
    assert!(
        matches!(
            outcome,
            ReceiveOutcome::KeyChanged {
                sm2_missing: true,
                ..
            }
        ),
        "{outcome:?}"
    );
    let reason = key_changed(&outcome);
    assert!(
        reason.contains("没有国密 SM2 签名") && reason.contains("更换密钥"),
        "{reason}"
    );
    common::assert_chinese(&reason);

    // Revision 3 with another SM2 key under the same minisign key: asked as well.
    let other = guomi::generate_key_pair().unwrap();
    let other_id = guomi::key_id(&other.public_pem).unwrap();
    let swapped = |index: usize| {
        let mut all = entries(&std::fs::read(&unit.bundles[index]).unwrap());
        let mut manifest = manifest_of(&all);
        manifest.sm2_key_id = Some(other_id.clone());
        resign_minisign(&unit.store, &mut all, &manifest);
        let signature = guomi::sign(&other.secret_pem, entry(&all, MANIFEST)).unwrap();
        set_entry(&mut all, SM2_SIGNATURE, signature);
        set_entry(
            &mut all,
            SM2_PUBLIC_KEY,
            other.public_pem.clone().into_bytes(),
        );
        written(
            unit.dir.path(),
            &format!("r{}-swapped.zip", index + 1),
            &all,
        )
    };
    let reason = key_changed(&receive(&mut agg, &swapped(2), false));
    assert!(reason.contains(&format!("国密 {other_id}")), "{reason}");
    assert_eq!(
        agg.audit_entries().unwrap().len(),
        before,
        "nothing was written"
    );

    // 更换密钥 takes the bundle without SM2, but the unit's SM2 key stays pinned: revision 4
    // under another SM2 key is asked about, and under the unit's own key it is taken.
    assert!(is_received(&receive(&mut agg, &r3_old, true)));
    key_changed(&receive(&mut agg, &swapped(3), false));
    assert!(is_received(&receive(&mut agg, &unit.bundles[3], false)));
    assert_eq!(agg.latest_received().unwrap()[0].revision, 4);
}

#[test]
fn a_key_that_copies_the_pinned_key_id_is_not_the_pinned_key() {
    // A minisign key id is the eight key-number bytes written inside the key: anyone can make
    // a key that carries another's. The aggregate and the unit compare the keys themselves.
    let unit = unit();
    let mut agg = aggregate(unit.dir.path());
    assert!(is_received(&receive(&mut agg, &unit.bundles[0], false)));
    let genuine = unit.store.unit_key().unwrap().unwrap().public_key;
    let other = minisign::KeyPair::generate_unencrypted_keypair().unwrap();
    let other_pub = other.pk.to_box().unwrap().into_string();
    let keynum = base64_decode(genuine.lines().nth(1).unwrap())[2..10].to_vec();
    let forged_key = with_decoded_line(&other_pub, 1, |bytes| {
        bytes[2..10].copy_from_slice(&keynum);
    });
    assert_eq!(
        zhenggai::signing::key_id_of_public_key(&forged_key).unwrap(),
        unit.store.unit_key().unwrap().unwrap().key_id
    );
    let mut forged = zhenggai::bundle::verify_bundle(&unit.bundles[1])
        .unwrap()
        .to_revision()
        .unwrap();
    forged.public_key = forged_key.clone();
    let err = agg
        .apply(&Command::ImportBundle {
            received: Box::new(forged),
            replace_key: false,
        })
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::KeyChanged {
                sm2_missing: false,
                ..
            }
        ),
        "{err:?}"
    );

    // The same for the office's key on a receipt.
    let path = unit.dir.path().join("回执.json");
    let receipt = write_receipt(&agg, "市行政审批局", &path).unwrap();
    let mut store = unit.store;
    store
        .apply(&Command::ImportReceipt {
            receipt: Box::new(receipt.clone()),
        })
        .unwrap();
    let office_keynum =
        base64_decode(receipt.office_public_key.lines().nth(1).unwrap())[2..10].to_vec();
    let mut forged = receipt;
    forged.revision = 2;
    forged.data_sha256 = store.revision(2).unwrap().sign_off.data_sha256;
    forged.data_sm3 = None;
    forged.office_public_key = with_decoded_line(&other_pub, 1, |bytes| {
        bytes[2..10].copy_from_slice(&office_keynum);
    });
    let err = store
        .apply(&Command::ImportReceipt {
            receipt: Box::new(forged),
        })
        .unwrap_err()
        .to_string();
    assert!(err.contains("签名密钥"), "{err}");
}

#[test]
fn restoring_a_backup_from_before_guomi_keeps_the_units_sm2_key() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("单位.sqlite");
    let old_copy = dir.path().join("升级前.sqlite");
    version_six_unit(&db);
    std::fs::copy(&db, &old_copy).unwrap();
    let mut store = Store::open(&db).unwrap();
    let key = store.unit_key().unwrap().unwrap();
    store.restore_from(&old_copy).unwrap();
    let restored = store.unit_key().unwrap().unwrap();
    assert_eq!(restored, key, "the same minisign and SM2 keys");
    let last = store.audit_entries().unwrap().pop().unwrap();
    assert_eq!(last.action, "add_sm2_key");
    assert!(
        last.details.contains(&key.sm2.unwrap().key_id),
        "{}",
        last.details
    );
    store.sign_sm2(b"still signs").unwrap();

    // Another unit's old data keeps its own minisign key and gets an SM2 key of its own.
    let other = dir.path().join("别的单位.sqlite");
    version_six_unit(&other);
    store.restore_from(&other).unwrap();
    let theirs = store.unit_key().unwrap().unwrap();
    assert_ne!(theirs.key_id, restored.key_id);
    assert!(theirs.sm2.is_some() && theirs.sm2 != restored.sm2);
}

/// Writes a version-6 database as the program before 国密 left it, a unit and its minisign
/// key, at `path`; returns the key's id.
fn version_six_unit(path: &Path) -> String {
    let minisign = minisign::KeyPair::generate_unencrypted_keypair().unwrap();
    let public_key = minisign.pk.to_box().unwrap().into_string();
    let secret_key = minisign.sk.to_box(None).unwrap().into_string();
    let key_id = zhenggai::signing::key_id_of(minisign.pk.keynum());
    let mut conn = common::raw(path);
    migrate_to(&mut conn, 6).unwrap();
    conn.execute(
        "INSERT INTO unit (id, name, created_at) VALUES (1, '市行政审批局', '2026-01-05T01:00:00Z')",
        [],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO unit_key (id, key_id, public_key, secret_key, created_at)
         VALUES (1, ?1, ?2, ?3, '2026-01-05T01:00:00Z')",
        [&key_id, &public_key, &secret_key],
    )
    .unwrap();
    key_id
}

/// The receipt file's JSON.
fn receipt_json(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

#[test]
fn receipts_are_co_signed_and_a_unit_keeps_to_the_office_sm2_key() {
    let unit = unit();
    let mut agg = aggregate(unit.dir.path());
    for bundle in &unit.bundles[..2] {
        assert!(is_received(&receive(&mut agg, bundle, false)));
    }
    let path = unit.dir.path().join("回执.json");
    let receipt = write_receipt(&agg, "市行政审批局", &path).unwrap();
    let office = agg.unit_key().unwrap().unwrap().sm2.unwrap();
    assert_eq!(receipt.office_sm2_key_id.as_ref(), Some(&office.key_id));
    assert_eq!(receipt.signature_label(), "Ed25519 与 SM2 双签名");
    let revision = unit.store.revision(2).unwrap();
    assert_eq!(
        receipt.data_sm3.as_deref(),
        Some(guomi::sm3_hex(revision.canonical_json.as_bytes()).as_str())
    );
    assert_eq!(read_receipt(&path).unwrap(), receipt);
    // The SM2 signature covers the receipt's compact JSON, as minisign's does.
    let file = receipt_json(&path);
    let signature = hex_decode(file["sm2_signature"].as_str().unwrap());
    guomi::verify(
        &office.public_key,
        &signature,
        &serde_json::to_vec(&receipt).unwrap(),
    )
    .unwrap();

    // Stripped, altered or half-removed, the co-signature makes the receipt unreadable.
    let edited = |name: &str, edit: &dyn Fn(&mut serde_json::Value)| {
        let mut value = file.clone();
        edit(&mut value);
        let out = unit.dir.path().join(name);
        std::fs::write(&out, serde_json::to_vec_pretty(&value).unwrap()).unwrap();
        out
    };
    let stripped = edited("无国密签名.json", &|value| {
        value.as_object_mut().unwrap().remove("sm2_signature");
    });
    let err = read_receipt(&stripped).unwrap_err().to_string();
    assert!(err.contains("缺少国密签名"), "{err}");
    let other = unit.store.sign_sm2(b"other").unwrap();
    let altered = edited("改过的国密签名.json", &|value| {
        value["sm2_signature"] = hex_encode(&other).into();
    });
    let err = read_receipt(&altered).unwrap_err().to_string();
    assert!(err.contains("SM2 签名无效"), "{err}");
    let keyless = edited("缺国密公钥.json", &|value| {
        value["receipt"]
            .as_object_mut()
            .unwrap()
            .remove("office_sm2_public_key");
    });
    assert!(read_receipt(&keyless).is_err());

    // The unit imports it, and keeps to the office's SM2 key from then on: a receipt from
    // before 国密 (signed with minisign alone) for revision 1 is refused.
    let mut store = unit.store;
    store
        .apply(&Command::ImportReceipt {
            receipt: Box::new(receipt.clone()),
        })
        .unwrap();
    let records = store.receipts().unwrap();
    assert_eq!(records[0].office_sm2_key_id.as_ref(), Some(&office.key_id));
    let mut old = receipt.clone();
    old.revision = 1;
    old.data_sha256 = store.revision(1).unwrap().sign_off.data_sha256;
    old.office_sm2_key_id = None;
    old.office_sm2_public_key = None;
    old.data_sm3 = None;
    let old_path = unit.dir.path().join("旧回执.json");
    let comment = format!("zhenggai-receipt unit={} revision=1", old.unit);
    let minisig = agg
        .sign(&serde_json::to_vec(&old).unwrap(), &comment)
        .unwrap();
    let old_file = serde_json::json!({ "receipt": old, "signature": minisig });
    std::fs::write(&old_path, serde_json::to_vec_pretty(&old_file).unwrap()).unwrap();
    let read = read_receipt(&old_path).unwrap();
    assert_eq!(read.signature_label(), "仅 Ed25519 签名");
    let err = store
        .apply(&Command::ImportReceipt {
            receipt: Box::new(read),
        })
        .unwrap_err()
        .to_string();
    assert!(err.contains("没有国密签名"), "{err}");

    // A receipt whose SM3 fingerprint is not the unit's own revision's is refused.
    let mut wrong = receipt;
    wrong.revision = 1;
    wrong.data_sha256 = old.data_sha256;
    wrong.data_sm3 = Some(guomi::sm3_hex(b"other data"));
    let err = store
        .apply(&Command::ImportReceipt {
            receipt: Box::new(wrong),
        })
        .unwrap_err()
        .to_string();
    assert!(err.contains("数据指纹"), "{err}");
    assert_eq!(store.receipts().unwrap().len(), 1);
}

fn hex_decode(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|at| u8::from_str_radix(&text[at..at + 2], 16).unwrap())
        .collect()
}

fn hex_encode(bytes: &[u8]) -> String {
    zhenggai::domain::audit::hex_lower(bytes)
}
