//! The two-level category tree.

use super::cached::CachedStatements;
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::Store;
use super::error::{StoreError, StoreResult};
use crate::domain::text::{SHORT_TEXT_MAX_CHARS, required};
use crate::domain::{Category, CategoryDraft, CategoryId};

const SELECT: &str = "SELECT id, parent_id, name, position FROM category";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Category> {
    Ok(Category {
        id: row.get(0)?,
        parent_id: row.get(1)?,
        name: row.get(2)?,
        position: row.get(3)?,
    })
}

/// All categories: areas and items, ordered by parent then position.
pub(super) fn categories(conn: &Connection) -> StoreResult<Vec<Category>> {
    let mut statement = conn.prepare_cached(&format!(
        "{SELECT} ORDER BY ifnull(parent_id, id), parent_id IS NOT NULL, position, id"
    ))?;
    let rows = statement.query_map([], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub(super) fn category(conn: &Connection, id: CategoryId) -> StoreResult<Category> {
    conn.row(&format!("{SELECT} WHERE id = ?1"), [id], from_row)
        .optional()?
        .ok_or(StoreError::NotFound {
            what: "问题类别",
            id: id.0,
        })
}

fn ensure_unique(
    conn: &Connection,
    parent_id: Option<CategoryId>,
    name: &str,
    except: Option<CategoryId>,
) -> StoreResult<()> {
    let clash: bool = conn.row(
        "SELECT count(*) > 0 FROM category
         WHERE ifnull(parent_id, 0) = ifnull(?1, 0) AND name = ?2 AND id IS NOT ?3",
        params![parent_id, name, except],
        |row| row.get(0),
    )?;
    if clash {
        return Err(StoreError::InUse(format!(
            "同一级下已有名为「{name}」的类别。"
        )));
    }
    Ok(())
}

pub(super) fn insert(conn: &Connection, draft: &CategoryDraft) -> StoreResult<CategoryId> {
    let parent = draft.parent_id.map(|id| category(conn, id)).transpose()?;
    let draft = draft.clone().validate(parent.as_ref())?;
    ensure_unique(conn, draft.parent_id, &draft.name, None)?;
    conn.run(
        "INSERT INTO category (parent_id, name, position)
         VALUES (?1, ?2, (SELECT ifnull(max(position), 0) + 1 FROM category
                          WHERE parent_id IS ?1))",
        params![draft.parent_id, draft.name],
    )?;
    Ok(CategoryId(conn.last_insert_rowid()))
}

pub(super) fn rename(conn: &Connection, id: CategoryId, name: &str) -> StoreResult<CategoryId> {
    let existing = category(conn, id)?;
    let name = required("类别名称", name, SHORT_TEXT_MAX_CHARS)?;
    ensure_unique(conn, existing.parent_id, &name, Some(id))?;
    conn.run(
        "UPDATE category SET name = ?1 WHERE id = ?2",
        params![name, id],
    )?;
    Ok(id)
}

pub(super) fn delete(conn: &Connection, id: CategoryId) -> StoreResult<CategoryId> {
    let existing = category(conn, id)?;
    let used: i64 = conn.row(
        "SELECT count(*) FROM problem WHERE category_id = ?1
            OR category_id IN (SELECT id FROM category WHERE parent_id = ?1)",
        [id],
        |row| row.get(0),
    )?;
    if used > 0 {
        return Err(StoreError::InUse(format!(
            "类别「{}」下还有 {used} 个问题，不能删除。请先把这些问题改到其他类别。",
            existing.name
        )));
    }
    conn.run("DELETE FROM category WHERE id = ?1", [id])?;
    Ok(id)
}

impl Store {
    /// The category tree as a flat list: each area followed by its items.
    pub fn categories(&self) -> StoreResult<Vec<Category>> {
        categories(&self.conn)
    }
}
