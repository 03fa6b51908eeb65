//! The superior office's aggregate （汇总库）：receiving unit revisions, each from a bundle the
//! bundle layer verified in full, stored as one frozen revision in one transaction. A unit's
//! key is pinned when its first bundle arrives; a newer revision supersedes the older one, an
//! older one is refused, and the same bundle twice changes nothing.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::cached::CachedStatements;
use super::error::{StoreError, StoreResult};
use super::summary::Summary;
use super::{Store, now_utc, unit_key, units};
use crate::domain::snapshot::{Snapshot, sha256_hex};
use crate::domain::{Office, OfficeDraft, ReceivedRevision, VerifiedRevision};
use crate::signing::{key_id_of_public_key, same_public_key};

/// Makes this (empty) database an aggregate with the office's signing key.
pub(super) fn init_office(conn: &Connection, draft: &OfficeDraft) -> StoreResult<()> {
    let draft = draft.clone().validate()?;
    if units::unit(conn)?.is_some() {
        return Err(StoreError::WrongKind(
            "这是单位的工作库，不能再建立为汇总库。请为汇总另建一个数据库文件。",
        ));
    }
    if let Some(office) = office(conn)? {
        return Err(StoreError::WrongKind(if office.name == draft.name {
            "汇总库已经建立，不能重复建立。"
        } else {
            "这个数据库已经是另一个单位的汇总库，不能重复建立。"
        }));
    }
    conn.run(
        "INSERT INTO office (id, name, created_at) VALUES (1, ?1, ?2)",
        params![draft.name, now_utc()],
    )?;
    unit_key::create(conn)?;
    Ok(())
}

/// The office of an aggregate; `None` for a unit's database.
pub(super) fn office(conn: &Connection) -> StoreResult<Option<Office>> {
    Ok(conn
        .query_row(
            "SELECT name, created_at FROM office WHERE id = 1",
            [],
            |row| {
                Ok(Office {
                    name: row.get(0)?,
                    created_at: row.get(1)?,
                })
            },
        )
        .optional()?)
}

/// Stores a verified revision as its unit's newest, pinning the unit's keys on first receipt.
/// A repeat or an older revision is told as such before the keys are looked at: a folder of a
/// unit's earlier bundles must not read as a key change.
pub(super) fn import_bundle(
    conn: &Connection,
    received: &VerifiedRevision,
    replace_key: bool,
) -> StoreResult<i64> {
    if office(conn)?.is_none() {
        return Err(StoreError::NotAggregate);
    }
    check_fingerprints(received)?;
    let unit = received.unit.clone();
    let pinned = pinned_keys(conn, &unit)?;
    // A unit not seen before has no row, and so no revisions to compare with.
    let known_unit = pinned.as_ref().map_or(-1, |pinned| pinned.unit);
    let same: Option<i64> = conn
        .query_row(
            "SELECT revision FROM received_revision WHERE manifest_sha256 = ?1
             OR (unit_id = ?2 AND revision = ?3 AND data_sha256 = ?4)",
            params![
                received.manifest_sha256,
                known_unit,
                received.revision,
                received.data_sha256
            ],
            |row| row.get(0),
        )
        .optional()?;
    if let Some(revision) = same {
        return Err(StoreError::AlreadyReceived { unit, revision });
    }
    let latest: Option<i64> = conn.query_row(
        "SELECT max(revision) FROM received_revision WHERE unit_id = ?1",
        [known_unit],
        |row| row.get(0),
    )?;
    match latest {
        Some(latest) if latest > received.revision => {
            return Err(StoreError::OlderRevision {
                unit,
                offered: received.revision,
                latest,
            });
        }
        Some(latest) if latest == received.revision => {
            return Err(StoreError::ConflictingRevision {
                unit,
                revision: latest,
            });
        }
        _ => {}
    }
    let unit_id = if let Some(pinned) = &pinned {
        check_keys(conn, pinned, received, replace_key)?
    } else {
        conn.run(
            "INSERT INTO received_unit (name, key_id, public_key, first_received_at,
                sm2_key_id, sm2_public_key)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                unit,
                received.key_id,
                received.public_key,
                now_utc(),
                received.sm2_key_id,
                received.sm2_public_key
            ],
        )?;
        conn.last_insert_rowid()
    };
    conn.run(
        "INSERT INTO received_revision (unit_id, revision, preparer, reviewer, leader, signed_at,
            received_at, data_sha256, manifest_sha256, key_id, manifest_json, canonical_json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            unit_id,
            received.revision,
            received.preparer,
            received.reviewer,
            received.leader,
            received.signed_at,
            now_utc(),
            received.data_sha256,
            received.manifest_sha256,
            received.key_id,
            received.manifest_json,
            received.snapshot_json
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// The keys pinned for a unit: its minisign key and, since 国密 came, its SM2 key id.
struct PinnedKeys {
    /// The unit's row.
    unit: i64,
    minisign_id: String,
    /// The minisign public key itself: an id can be copied into another key.
    minisign_key: String,
    /// The SM2 key's id, which is a hash of the key and so names it.
    sm2: Option<String>,
}

/// The keys pinned for `unit`, if a bundle of it was received before.
fn pinned_keys(conn: &Connection, unit: &str) -> StoreResult<Option<PinnedKeys>> {
    Ok(conn
        .query_row(
            "SELECT id, key_id, public_key, sm2_key_id FROM received_unit WHERE name = ?1",
            [unit],
            |row| {
                Ok(PinnedKeys {
                    unit: row.get(0)?,
                    minisign_id: row.get(1)?,
                    minisign_key: row.get(2)?,
                    sm2: row.get(3)?,
                })
            },
        )
        .optional()?)
}

/// Checks the bundle's keys against those pinned for its unit and returns the unit's row. A
/// change of either key is refused unless `replace_key` （更换密钥） is given, which pins the
/// new ones. So is a bundle without SM2 from a unit pinned with it, which is how a stripped
/// co-signature would look; accepting one keeps the SM2 key pinned, so the next such bundle is
/// asked about again and the next SM2 key must be the same one. A first SM2 key from a unit
/// pinned before 国密 came is pinned without asking: the manifest that names it is signed by
/// the pinned minisign key.
fn check_keys(
    conn: &Connection,
    pinned: &PinnedKeys,
    received: &VerifiedRevision,
    replace_key: bool,
) -> StoreResult<i64> {
    let same_minisign = pinned.minisign_id == received.key_id
        && same_public_key(&pinned.minisign_key, &received.public_key);
    let same_sm2 = match (&pinned.sm2, &received.sm2_key_id) {
        (Some(pinned), Some(offered)) => pinned == offered,
        (Some(_), None) => false,
        (None, _) => true,
    };
    if !(replace_key || same_minisign && same_sm2) {
        // Only the co-signature is gone when the minisign key is the pinned one.
        let sm2_missing = same_minisign && received.sm2_key_id.is_none();
        return Err(StoreError::KeyChanged {
            unit: received.unit.clone(),
            pinned: match &pinned.sm2 {
                Some(sm2) if sm2_missing => sm2.clone(),
                sm2 => key_label(&pinned.minisign_id, sm2.as_deref()),
            },
            offered: key_label(&received.key_id, received.sm2_key_id.as_deref()),
            sm2_missing,
        });
    }
    if !same_minisign {
        conn.run(
            "UPDATE received_unit SET key_id = ?1, public_key = ?2 WHERE id = ?3",
            params![received.key_id, received.public_key, pinned.unit],
        )?;
    }
    if received.sm2_key_id.is_some() && received.sm2_key_id != pinned.sm2 {
        conn.run(
            "UPDATE received_unit SET sm2_key_id = ?1, sm2_public_key = ?2 WHERE id = ?3",
            params![received.sm2_key_id, received.sm2_public_key, pinned.unit],
        )?;
    }
    Ok(pinned.unit)
}

/// A unit's keys as the 更换密钥 question names them.
fn key_label(key_id: &str, sm2_key_id: Option<&str>) -> String {
    match sm2_key_id {
        Some(sm2) => format!("{key_id}（国密 {sm2}）"),
        None => format!("{key_id}（无国密签名）"),
    }
}

/// Checks that the revision's data and key are the ones its fingerprints name. The bundle layer
/// verified them against the signature; this keeps a command built any other way from storing
/// data under another revision's fingerprint or pinning a key under another key's id.
fn check_fingerprints(received: &VerifiedRevision) -> StoreResult<()> {
    let unit = &received.unit;
    if sha256_hex(&received.snapshot_json) != received.data_sha256 {
        return Err(StoreError::FingerprintMismatch {
            what: format!("「{unit}」第 {} 版的数据", received.revision),
        });
    }
    if key_id_of_public_key(&received.public_key).ok().as_ref() != Some(&received.key_id) {
        return Err(StoreError::FingerprintMismatch {
            what: format!("「{unit}」的公钥"),
        });
    }
    if !crate::guomi::names_key(
        received.sm2_key_id.as_deref(),
        received.sm2_public_key.as_deref(),
    ) {
        return Err(StoreError::FingerprintMismatch {
            what: format!("「{unit}」的国密公钥"),
        });
    }
    Ok(())
}

const SELECT_RECEIVED: &str = "SELECT r.id, u.name, r.revision, r.preparer, r.reviewer, r.leader,
        r.signed_at, r.received_at, r.data_sha256, r.manifest_sha256, r.key_id,
        json_extract(r.manifest_json, '$.sm2_key_id'), json_extract(r.manifest_json, '$.data_sm3')
     FROM received_revision r JOIN received_unit u ON u.id = r.unit_id";

fn received_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<ReceivedRevision> {
    Ok(ReceivedRevision {
        id: row.get(0)?,
        unit: row.get(1)?,
        revision: row.get(2)?,
        preparer: row.get(3)?,
        reviewer: row.get(4)?,
        leader: row.get(5)?,
        signed_at: row.get(6)?,
        received_at: row.get(7)?,
        data_sha256: row.get(8)?,
        manifest_sha256: row.get(9)?,
        key_id: row.get(10)?,
        sm2_key_id: row.get(11)?,
        data_sm3: row.get(12)?,
    })
}

/// The summary of one unit in an aggregate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitSummary {
    /// The unit's name.
    pub unit: String,
    /// Its counts, from its newest received revision.
    #[serde(flatten)]
    pub summary: Summary,
}

/// The summary of an aggregate: the counts over all units (`revision` is null) and per unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AggregateSummary {
    /// Everything added up.
    #[serde(flatten)]
    pub total: Summary,
    /// Each unit, by name.
    pub per_unit: Vec<UnitSummary>,
}

impl Store {
    /// The office, when this database is an aggregate.
    pub fn office(&self) -> StoreResult<Option<Office>> {
        office(&self.conn)
    }

    /// Every received revision, by unit name and revision.
    pub fn received_revisions(&self) -> StoreResult<Vec<ReceivedRevision>> {
        let mut statement = self
            .conn
            .prepare_cached(&format!("{SELECT_RECEIVED} ORDER BY u.name, r.revision"))?;
        let rows = statement.query_map([], received_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The newest received revision of every unit, by unit name.
    pub fn latest_received(&self) -> StoreResult<Vec<ReceivedRevision>> {
        let mut statement = self.conn.prepare_cached(&format!(
            "{SELECT_RECEIVED} WHERE r.revision =
                (SELECT max(revision) FROM received_revision WHERE unit_id = r.unit_id)
             ORDER BY u.name"
        ))?;
        let rows = statement.query_map([], received_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The SM3 of a received revision's frozen data, the 国密 fingerprint its receipt carries.
    pub fn received_data_sm3(&self, id: i64) -> StoreResult<String> {
        Ok(crate::guomi::sm3_hex(self.received_json(id)?.as_bytes()))
    }

    /// The frozen data of a received revision.
    pub fn received_snapshot(&self, id: i64) -> StoreResult<Snapshot> {
        Ok(serde_json::from_str(&self.received_json(id)?)?)
    }

    /// The canonical JSON of a received revision, as its bundle carried it.
    fn received_json(&self, id: i64) -> StoreResult<String> {
        self.conn
            .query_row(
                "SELECT canonical_json FROM received_revision WHERE id = ?1",
                [id],
                |row| row.get(0),
            )
            .optional()?
            .ok_or(StoreError::NotFound {
                what: "已接收的报送版本",
                id,
            })
    }

    /// The revision of `unit` received before `revision`, if any.
    pub fn received_before(
        &self,
        unit: &str,
        revision: i64,
    ) -> StoreResult<Option<ReceivedRevision>> {
        Ok(self
            .received_revisions()?
            .into_iter()
            .filter(|received| received.unit == unit && received.revision < revision)
            .max_by_key(|received| received.revision))
    }

    /// Counts over the newest revision of every unit, as of `today`.
    pub fn aggregate_summary(&self, today: NaiveDate) -> StoreResult<AggregateSummary> {
        let mut total = Summary::default();
        let mut per_unit = Vec::new();
        for received in self.latest_received()? {
            let snapshot = self.received_snapshot(received.id)?;
            let summary = Summary::of_snapshot(&snapshot, Some(received.revision), today);
            total.add(&summary);
            per_unit.push(UnitSummary {
                unit: received.unit,
                summary,
            });
        }
        Ok(AggregateSummary { total, per_unit })
    }
}
