//! The unit's key pairs, minisign and SM2 （国密）， kept in the database so that one file holds the
//! whole workbook. The secret halves never leave this module: callers get signatures, not keys.
//! Checking signatures needs no database and lives in [`crate::signing`] and [`crate::guomi`].

use std::io::Cursor;

use minisign::{KeyPair, PublicKeyBox, SecretKeyBox};
use rusqlite::{Connection, OptionalExtension, params};

use super::error::{StoreError, StoreResult};
use super::{Store, now_utc, units};
use crate::domain::{Command, RecordRef, Sm2PublicKey, UnitKey};
use crate::guomi;
use crate::signing::key_id_of;

/// The reason in the name of the backup made right after an SM2 pair is made.
const SM2_KEY_BACKUP: &str = "sm2_key";

/// Makes the unit's key pairs and stores them. Called once, when the unit (or the office) is
/// created, and for a database made before keys existed when it is opened.
pub(super) fn create(conn: &Connection) -> StoreResult<UnitKey> {
    let KeyPair { pk, sk } = KeyPair::generate_unencrypted_keypair().map_err(key_error)?;
    let public_key = pk.to_box().map_err(key_error)?.into_string();
    let secret_key = sk
        .to_box(Some("zhenggai unit secret key"))
        .map_err(key_error)?
        .into_string();
    let key_id = key_id_of(pk.keynum());
    let created_at = now_utc();
    conn.execute(
        "INSERT INTO unit_key (id, key_id, public_key, secret_key, created_at)
         VALUES (1, ?1, ?2, ?3, ?4)",
        params![key_id, public_key, secret_key, created_at],
    )?;
    let sm2 = create_sm2(conn)?;
    Ok(UnitKey {
        key_id,
        public_key,
        created_at,
        sm2: Some(sm2),
    })
}

/// Makes the SM2 key pair beside the minisign one (`Command::AddSm2Key` for a database from
/// before 国密 came, and [`create`] for a new one). Refused when there is no minisign key to
/// stand beside or the pair exists already.
pub(super) fn create_sm2(conn: &Connection) -> StoreResult<Sm2PublicKey> {
    let key = unit_key(conn)?.ok_or(StoreError::NotInitialised)?;
    if let Some(existing) = key.sm2 {
        return Err(StoreError::Key(format!(
            "国密签名密钥 {} 已经存在，不会另行生成",
            existing.key_id
        )));
    }
    let pair = guomi::generate_key_pair().map_err(StoreError::Key)?;
    let stored = StoredSm2 {
        minisign_key_id: key.key_id,
        key_id: guomi::key_id(&pair.public_pem).map_err(StoreError::Key)?,
        public_key: pair.public_pem,
        secret_key: pair.secret_pem,
        created_at: now_utc(),
    };
    insert_sm2(conn, &stored)?;
    Ok(Sm2PublicKey {
        key_id: stored.key_id,
        public_key: stored.public_key,
    })
}

/// The SM2 pair as stored, with the id of the minisign key it stands beside: what a restore
/// carries over to data restored from before 国密 came, so that the unit keeps its key.
pub(super) struct StoredSm2 {
    minisign_key_id: String,
    key_id: String,
    public_key: String,
    secret_key: String,
    created_at: String,
}

/// The stored SM2 pair, if there is one.
pub(super) fn stored_sm2(conn: &Connection) -> StoreResult<Option<StoredSm2>> {
    Ok(conn
        .query_row(
            "SELECT k.key_id, s.key_id, s.public_key, s.secret_key, s.created_at
             FROM unit_sm2_key s JOIN unit_key k ON k.id = 1
             WHERE s.id = 1",
            [],
            |row| {
                Ok(StoredSm2 {
                    minisign_key_id: row.get(0)?,
                    key_id: row.get(1)?,
                    public_key: row.get(2)?,
                    secret_key: row.get(3)?,
                    created_at: row.get(4)?,
                })
            },
        )
        .optional()?)
}

/// Puts `stored` back beside the same minisign key in data that has no SM2 pair; returns
/// whether it did (not when the minisign key is another one, or a pair is there already).
pub(super) fn put_back_sm2(conn: &Connection, stored: &StoredSm2) -> StoreResult<bool> {
    let fits = unit_key(conn)?
        .is_some_and(|key| key.key_id == stored.minisign_key_id && key.sm2.is_none());
    if fits {
        insert_sm2(conn, stored)?;
    }
    Ok(fits)
}

/// Writes the SM2 pair, once: the table refuses a second row and any change.
fn insert_sm2(conn: &Connection, stored: &StoredSm2) -> StoreResult<()> {
    conn.execute(
        "INSERT INTO unit_sm2_key (id, key_id, public_key, secret_key, created_at)
         VALUES (1, ?1, ?2, ?3, ?4)",
        params![
            stored.key_id,
            stored.public_key,
            stored.secret_key,
            stored.created_at
        ],
    )?;
    Ok(())
}

/// Gives a unit made before keys existed its key pairs; a no-op otherwise. A unit or office
/// made before 国密 is given its SM2 pair by [`Store::open`], through an audited command.
pub(super) fn ensure(conn: &Connection) -> StoreResult<()> {
    if units::unit(conn)?.is_some() && unit_key(conn)?.is_none() {
        create(conn)?;
    }
    Ok(())
}

/// Whether the database has a minisign key but no SM2 pair beside it yet.
pub(super) fn lacks_sm2(conn: &Connection) -> StoreResult<bool> {
    Ok(unit_key(conn)?.is_some_and(|key| key.sm2.is_none()))
}

/// The public side of the unit's keys, if the unit exists.
pub(super) fn unit_key(conn: &Connection) -> StoreResult<Option<UnitKey>> {
    let Some(mut key) = conn
        .query_row(
            "SELECT key_id, public_key, created_at FROM unit_key WHERE id = 1",
            [],
            |row| {
                Ok(UnitKey {
                    key_id: row.get(0)?,
                    public_key: row.get(1)?,
                    created_at: row.get(2)?,
                    sm2: None,
                })
            },
        )
        .optional()?
    else {
        return Ok(None);
    };
    key.sm2 = sm2_key(conn)?;
    Ok(Some(key))
}

/// The public side of the SM2 pair, if there is one.
fn sm2_key(conn: &Connection) -> StoreResult<Option<Sm2PublicKey>> {
    Ok(conn
        .query_row(
            "SELECT key_id, public_key FROM unit_sm2_key WHERE id = 1",
            [],
            |row| {
                Ok(Sm2PublicKey {
                    key_id: row.get(0)?,
                    public_key: row.get(1)?,
                })
            },
        )
        .optional()?)
}

// Taken by value because `map_err` hands the error over by value.
#[allow(clippy::needless_pass_by_value)]
fn key_error(err: minisign::PError) -> StoreError {
    StoreError::Key(err.to_string())
}

impl Store {
    /// The public side of the unit's signing key; `None` before the unit is created.
    pub fn unit_key(&self) -> StoreResult<Option<UnitKey>> {
        unit_key(&self.conn)
    }

    /// Signs `data` with the unit's key in minisign's format (the text of a `.minisig` file),
    /// with `trusted_comment` covered by the signature.
    pub fn sign(&self, data: &[u8], trusted_comment: &str) -> StoreResult<String> {
        let (public_key, secret_key): (String, String) = self
            .conn
            .query_row(
                "SELECT public_key, secret_key FROM unit_key WHERE id = 1",
                [],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?
            .ok_or(StoreError::NotInitialised)?;
        let pk = PublicKeyBox::from_string(&public_key)
            .and_then(PublicKeyBox::into_public_key)
            .map_err(key_error)?;
        let sk = SecretKeyBox::from_string(&secret_key)
            .and_then(SecretKeyBox::into_unencrypted_secret_key)
            .map_err(key_error)?;
        let signature = minisign::sign(
            Some(&pk),
            &sk,
            Cursor::new(data),
            Some(trusted_comment),
            Some("zhenggai unit signature"),
        )
        .map_err(key_error)?;
        Ok(signature.into_string())
    }

    /// Signs `data` with the unit's SM2 key (SM3 digest, the default distinguishing ID);
    /// returns the DER signature, as `openssl pkeyutl -sign` writes it.
    pub fn sign_sm2(&self, data: &[u8]) -> StoreResult<Vec<u8>> {
        let secret_key: String = self
            .conn
            .query_row(
                "SELECT secret_key FROM unit_sm2_key WHERE id = 1",
                [],
                |row| row.get(0),
            )
            .optional()?
            .ok_or_else(|| StoreError::Key("本库还没有国密签名密钥".into()))?;
        guomi::sign(&secret_key, data).map_err(StoreError::Key)
    }

    /// Gives a unit or office made before 国密 its SM2 pair, through the audited command, and
    /// backs the database up at once: the new secret key must not live in one file only. A
    /// no-op when it has one or has no key at all.
    pub(super) fn ensure_sm2_key(&mut self) -> StoreResult<()> {
        if lacks_sm2(&self.conn)? {
            self.apply(&Command::AddSm2Key)?;
            self.backup_now(SM2_KEY_BACKUP)?;
        }
        Ok(())
    }

    /// After a restore: gives restored data from before 国密 came the SM2 pair the unit had
    /// (`carried`) when its minisign key is the same, or else a new one, each with its audit
    /// entry. Restored data from before keys existed gets both, as on opening.
    pub(super) fn keep_sm2_key(&mut self, carried: Option<StoredSm2>) -> StoreResult<()> {
        ensure(&self.conn)?;
        if !lacks_sm2(&self.conn)? {
            return Ok(());
        }
        if let Some(carried) = carried {
            let tx = self.conn.transaction()?;
            if put_back_sm2(&tx, &carried)? {
                super::audit::append(&tx, &Command::AddSm2Key, RecordRef::SigningKey)?;
                tx.commit()?;
                return Ok(());
            }
        }
        self.ensure_sm2_key()
    }
}
