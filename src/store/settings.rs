//! Settings that are business data and travel with the workbook: the default signers.

use rusqlite::{Connection, OptionalExtension, params};

use super::Store;
use super::cached::CachedStatements;
use super::error::{StoreError, StoreResult};
use super::units;
use crate::domain::{DefaultSigners, UnitId};

/// The default signers; all empty when none were ever set.
pub(super) fn default_signers(conn: &Connection) -> StoreResult<DefaultSigners> {
    Ok(conn
        .row(
            "SELECT preparer, reviewer, leader FROM default_signers WHERE id = 1",
            [],
            |row| {
                Ok(DefaultSigners {
                    preparer: row.get(0)?,
                    reviewer: row.get(1)?,
                    leader: row.get(2)?,
                })
            },
        )
        .optional()?
        .unwrap_or_default())
}

/// Replaces the default signers. They belong to the unit, so the unit must exist; the unit is
/// the record the audit entry names.
pub(super) fn set_default_signers(
    conn: &Connection,
    signers: &DefaultSigners,
) -> StoreResult<UnitId> {
    let signers = signers.clone().validate()?;
    let unit = units::unit(conn)?.ok_or(StoreError::NotInitialised)?;
    conn.run(
        "INSERT INTO default_signers (id, preparer, reviewer, leader) VALUES (1, ?1, ?2, ?3)
         ON CONFLICT (id) DO UPDATE SET
            preparer = excluded.preparer,
            reviewer = excluded.reviewer,
            leader = excluded.leader",
        params![signers.preparer, signers.reviewer, signers.leader],
    )?;
    Ok(unit.id)
}

impl Store {
    /// The default signers the sign-off starts from; all empty when never set.
    pub fn default_signers(&self) -> StoreResult<DefaultSigners> {
        default_signers(&self.conn)
    }
}
