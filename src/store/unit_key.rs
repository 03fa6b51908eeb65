//! The unit's key pairs, minisign and SM2 （国密）， kept in the database so that one file holds the
//! whole workbook. The secret halves never leave this module: callers get signatures, not keys.
//! Checking signatures needs no database and lives in [`crate::signing`] and [`crate::guomi`].

use std::io::Cursor;

use minisign::{KeyPair, PublicKeyBox, SecretKeyBox};
use rusqlite::{Connection, OptionalExtension, params};

use super::error::{StoreError, StoreResult};
use super::{Store, now_utc, units};
use crate::domain::{Command, Sm2PublicKey, UnitKey};
use crate::guomi;
use crate::signing::key_id_of;

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
/// before 国密 came, and [`create`] for a new one). Refused when there is no minisign key to stand
/// beside or the pair exists already.
pub(super) fn create_sm2(conn: &Connection) -> StoreResult<Sm2PublicKey> {
    let has_key: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM unit_key WHERE id = 1)",
        [],
        |row| row.get(0),
    )?;
    if !has_key {
        return Err(StoreError::NotInitialised);
    }
    if let Some(existing) = sm2_key(conn)? {
        return Err(StoreError::Key(format!(
            "国密签名密钥 {} 已经存在，不会另行生成",
            existing.key_id
        )));
    }
    let pair = guomi::generate_key_pair().map_err(StoreError::Key)?;
    let key_id = guomi::key_id(&pair.public_pem).map_err(StoreError::Key)?;
    conn.execute(
        "INSERT INTO unit_sm2_key (id, key_id, public_key, secret_key, created_at)
         VALUES (1, ?1, ?2, ?3, ?4)",
        params![key_id, pair.public_pem, pair.secret_pem, now_utc()],
    )?;
    Ok(Sm2PublicKey {
        key_id,
        public_key: pair.public_pem,
    })
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

    /// Gives a unit or office made before 国密 its SM2 pair, through the audited command; a
    /// no-op when it has one or has no key at all.
    pub(super) fn ensure_sm2_key(&mut self) -> StoreResult<()> {
        if lacks_sm2(&self.conn)? {
            self.apply(&Command::AddSm2Key)?;
        }
        Ok(())
    }
}
