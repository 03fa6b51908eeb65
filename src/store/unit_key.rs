//! The unit's minisign key pair, kept in the database so that one file holds the whole
//! workbook. The secret half never leaves this module: callers get signatures, not the key.
//! Checking signatures needs no database and lives in [`crate::signing`].

use std::io::Cursor;

use minisign::{KeyPair, PublicKeyBox, SecretKeyBox};
use rusqlite::{Connection, OptionalExtension, params};

use super::error::{StoreError, StoreResult};
use super::{Store, now_utc, units};
use crate::domain::UnitKey;
use crate::signing::key_id_of;

/// Makes the unit's key pair and stores it. Called once, when the unit is created (and for a
/// database made before keys existed, when it is opened).
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
    Ok(UnitKey {
        key_id,
        public_key,
        created_at,
    })
}

/// Gives a unit made before keys existed its key pair; a no-op otherwise.
pub(super) fn ensure(conn: &Connection) -> StoreResult<()> {
    if units::unit(conn)?.is_some() && unit_key(conn)?.is_none() {
        create(conn)?;
    }
    Ok(())
}

/// The public side of the unit's key, if the unit exists.
pub(super) fn unit_key(conn: &Connection) -> StoreResult<Option<UnitKey>> {
    Ok(conn
        .query_row(
            "SELECT key_id, public_key, created_at FROM unit_key WHERE id = 1",
            [],
            |row| {
                Ok(UnitKey {
                    key_id: row.get(0)?,
                    public_key: row.get(1)?,
                    created_at: row.get(2)?,
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
}
