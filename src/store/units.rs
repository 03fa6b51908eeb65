//! The unit and its campaigns.

use super::cached::CachedStatements;
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::error::{StoreError, StoreResult};
use super::{Store, now_utc};
use crate::domain::{Campaign, CampaignDraft, CampaignId, Phase, Unit, UnitDraft, UnitId};

fn unit_from_row(row: &Row<'_>) -> rusqlite::Result<Unit> {
    Ok(Unit {
        id: row.get(0)?,
        name: row.get(1)?,
        code: row.get(2)?,
        superior: row.get(3)?,
        leader: row.get(4)?,
    })
}

/// The working database's unit, if it has been created.
pub(super) fn unit(conn: &Connection) -> StoreResult<Option<Unit>> {
    Ok(conn
        .query_row(
            "SELECT id, name, code, superior, leader FROM unit ORDER BY id LIMIT 1",
            [],
            unit_from_row,
        )
        .optional()?)
}

pub(super) fn insert_unit(conn: &Connection, draft: &UnitDraft) -> StoreResult<UnitId> {
    let draft = draft.clone().validate()?;
    if let Some(existing) = unit(conn)? {
        return Err(StoreError::AlreadyInitialised {
            unit: existing.name,
        });
    }
    if super::aggregate::office(conn)?.is_some() {
        return Err(StoreError::WrongKind(
            "这是上级单位的汇总库，不能在其中建立单位。请为单位另建一个数据库文件。",
        ));
    }
    conn.run(
        "INSERT INTO unit (name, code, superior, leader, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            draft.name,
            draft.code,
            draft.superior,
            draft.leader,
            now_utc()
        ],
    )?;
    let unit_id = UnitId(conn.last_insert_rowid());
    // The unit's signing key is made with it, in the same transaction.
    super::unit_key::create(conn)?;
    Ok(unit_id)
}

pub(super) fn update_unit(conn: &Connection, draft: &UnitDraft) -> StoreResult<UnitId> {
    let draft = draft.clone().validate()?;
    let existing = unit(conn)?.ok_or(StoreError::NotInitialised)?;
    conn.run(
        "UPDATE unit SET name = ?1, code = ?2, superior = ?3, leader = ?4 WHERE id = ?5",
        params![
            draft.name,
            draft.code,
            draft.superior,
            draft.leader,
            existing.id
        ],
    )?;
    Ok(existing.id)
}

/// All campaigns, oldest first, each with its phases in order.
pub(super) fn campaigns(conn: &Connection) -> StoreResult<Vec<Campaign>> {
    let mut statement = conn.prepare_cached("SELECT id, title, year FROM campaign ORDER BY id")?;
    let heads = statement
        .query_map([], |row| {
            Ok((row.get::<_, CampaignId>(0)?, row.get(1)?, row.get(2)?))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut phase_statement = conn.prepare_cached(
        "SELECT id, name, starts_on, ends_on FROM phase WHERE campaign_id = ?1 ORDER BY position",
    )?;
    heads
        .into_iter()
        .map(|(id, title, year)| {
            let phases = phase_statement
                .query_map([id], |row| {
                    Ok(Phase {
                        id: row.get(0)?,
                        name: row.get(1)?,
                        starts_on: row.get(2)?,
                        ends_on: row.get(3)?,
                    })
                })?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Campaign {
                id,
                title,
                year,
                phases,
            })
        })
        .collect()
}

fn insert_phases(
    conn: &Connection,
    campaign_id: CampaignId,
    draft: &CampaignDraft,
) -> StoreResult<()> {
    let mut statement = conn.prepare_cached(
        "INSERT INTO phase (campaign_id, position, name, starts_on, ends_on)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (index, phase) in draft.phases.iter().enumerate() {
        statement.execute(params![
            campaign_id,
            index as i64 + 1,
            phase.name,
            phase.starts_on,
            phase.ends_on
        ])?;
    }
    Ok(())
}

pub(super) fn insert_campaign(conn: &Connection, draft: &CampaignDraft) -> StoreResult<CampaignId> {
    let draft = draft.clone().validate()?;
    conn.run(
        "INSERT INTO campaign (title, year) VALUES (?1, ?2)",
        params![draft.title, draft.year],
    )?;
    let id = CampaignId(conn.last_insert_rowid());
    insert_phases(conn, id, &draft)?;
    Ok(id)
}

pub(super) fn update_campaign(
    conn: &Connection,
    campaign_id: CampaignId,
    draft: &CampaignDraft,
) -> StoreResult<CampaignId> {
    let draft = draft.clone().validate()?;
    let changed = conn.run(
        "UPDATE campaign SET title = ?1, year = ?2 WHERE id = ?3",
        params![draft.title, draft.year, campaign_id],
    )?;
    if changed == 0 {
        return Err(StoreError::NotFound {
            what: "专项活动",
            id: campaign_id.0,
        });
    }
    conn.run("DELETE FROM phase WHERE campaign_id = ?1", [campaign_id])?;
    insert_phases(conn, campaign_id, &draft)?;
    Ok(campaign_id)
}

impl Store {
    /// The unit, or `None` before `init`.
    pub fn unit(&self) -> StoreResult<Option<Unit>> {
        unit(&self.conn)
    }

    /// All campaigns, oldest first.
    pub fn campaigns(&self) -> StoreResult<Vec<Campaign>> {
        campaigns(&self.conn)
    }

    /// The current campaign: the newest one.
    pub fn current_campaign(&self) -> StoreResult<Option<Campaign>> {
        Ok(campaigns(&self.conn)?.pop())
    }
}
