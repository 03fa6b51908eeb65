//! SQLite storage: opening (pragmas, integrity check, single-writer lock, rotating backup,
//! migrations), applying commands, and reading domain types back. One file per aggregate.
//!
//! Nothing above this layer sees SQL: it calls [`Store::apply`] with a
//! [`Command`](crate::domain::Command) and the typed read methods.

mod aggregate;
mod apply;
mod audit;
pub mod backup;
mod cached;
mod categories;
mod check;
mod commitments;
mod error;
mod evidence;
mod location;
mod lock;
mod measures;
mod problems;
mod receipts;
mod revisions;
mod rules;
pub mod schema;
mod settings;
mod sql_types;
mod summary;
mod unit_key;
mod units;
mod writable;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use rusqlite::Connection;

pub use aggregate::{AggregateSummary, UnitSummary};
pub use apply::Batch;
pub use check::{CheckFinding, CheckReport};
pub use error::{StoreError, StoreResult};
pub use evidence::read_evidence_file;
pub use location::{DEFAULT_DATABASE_NAME, default_database_path};
pub use lock::lock_path;
pub use summary::{StatusCounts, Summary};

use lock::WriterLock;

/// A start-up backup is skipped when a backup younger than this exists.
const START_BACKUP_INTERVAL: Duration = Duration::from_hours(1);

/// An open working database. Writable stores hold the single-writer lock until dropped.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
    read_only: bool,
    // Held for its Drop: releases the single-writer lock when the last store sharing it goes
    // away (see `Store::another_writer`).
    writer_lock: Option<Arc<WriterLock>>,
}

impl Store {
    /// Opens (creating if needed) the database at `path` for reading and writing: takes the
    /// single-writer lock, sets the pragmas, checks integrity, makes a verified rotating backup of
    /// existing data, and migrates to the latest schema.
    pub fn open(path: &Path) -> StoreResult<Self> {
        // Before anything is written (the lock file, a backup, the journal): SQLite would open a
        // read-only file read-only without a word and fail later, half-way, with its own
        // English message.
        if !writable::is_writable(path) {
            return Err(StoreError::ReadOnly {
                path: path.to_path_buf(),
            });
        }
        if let Some((available, needed)) = writable::lacks_room(path) {
            return Err(StoreError::NoRoom {
                path: path.to_path_buf(),
                available,
                needed,
            });
        }
        let lock = WriterLock::acquire(path)?;
        // Backups run only while a writer has the database open, and the lock just taken
        // says none has: every temporary backup file there is abandoned, however recent.
        backup::remove_abandoned_temp_files(path, Duration::ZERO);
        let had_data = std::fs::metadata(path).is_ok_and(|meta| meta.len() > 0);
        let mut conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        quick_check(&conn, path)?;
        let journal_mode: String =
            conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))?;
        if !journal_mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Corrupt {
                path: path.to_path_buf(),
                reason: format!("无法启用 WAL 日志模式（当前为 {journal_mode}）"),
            });
        }
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // A larger page cache keeps a big batch (a demo, an import) from spilling to the WAL
        // page by page, and every statement of the edit path stays prepared.
        conn.pragma_update(None, "cache_size", -32_768)?;
        conn.set_prepared_statement_cache_capacity(64);
        let version = schema::version(&conn)?;
        if version > schema::LATEST_VERSION {
            return Err(StoreError::NewerSchema {
                path: path.to_path_buf(),
                found: version,
                supported: schema::LATEST_VERSION,
            });
        }
        if had_data && version > 0 {
            if version < schema::LATEST_VERSION {
                backup::rotate(&conn, path, "migrate")?;
            } else if !backup::has_backup_newer_than(path, START_BACKUP_INTERVAL)? {
                // Throttled, so that a burst of command-line calls cannot rotate the older,
                // more valuable backups away.
                backup::rotate(&conn, path, "start")?;
            }
        }
        schema::migrate_to(&mut conn, schema::LATEST_VERSION)?;
        unit_key::ensure(&conn)?;
        let mut store = Self {
            conn,
            path: path.to_path_buf(),
            read_only: false,
            writer_lock: Some(Arc::new(lock)),
        };
        store.ensure_sm2_key()?;
        Ok(store)
    }

    /// A read-only connection to this store's database for a background job of the same
    /// program that only reads (an export, a PDF). The integrity check and the schema version
    /// were settled when this store was opened, so they are not repeated: on a large database
    /// with evidence the check alone would cost seconds per job.
    pub fn another_reader(&self) -> StoreResult<Self> {
        let conn = writable::open_read_only_connection(&self.path)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        Ok(Self {
            conn,
            path: self.path.clone(),
            read_only: true,
            writer_lock: None,
        })
    }

    /// A second writable connection to this store's database for a background job of the same
    /// program. It shares the single-writer lock (this process holds it) and skips the checks
    /// and the backup `open` already made. The desktop app writes through it while the screen
    /// keeps reading through the first; the app makes no edits of its own meanwhile.
    pub fn another_writer(&self) -> StoreResult<Self> {
        let Some(lock) = &self.writer_lock else {
            return Err(StoreError::ReadOnly {
                path: self.path.clone(),
            });
        };
        let conn = Connection::open(&self.path)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "cache_size", -32_768)?;
        conn.set_prepared_statement_cache_capacity(64);
        Ok(Self {
            conn,
            path: self.path.clone(),
            read_only: false,
            writer_lock: Some(Arc::clone(lock)),
        })
    }

    /// Opens an existing, up-to-date database for reading only, without the writer lock, so a
    /// summary or check works while the desktop app has the file open.
    pub fn open_read_only(path: &Path) -> StoreResult<Self> {
        if !path.is_file() {
            return Err(missing_file(path));
        }
        let conn = writable::open_read_only_connection(path)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        quick_check(&conn, path)?;
        let version = schema::version(&conn)?;
        if version != schema::LATEST_VERSION {
            return Err(StoreError::Corrupt {
                path: path.to_path_buf(),
                reason: format!(
                    "数据版本为 {version}，只读方式无法升级到 {}",
                    schema::LATEST_VERSION
                ),
            });
        }
        Ok(Self {
            conn,
            path: path.to_path_buf(),
            read_only: true,
            writer_lock: None,
        })
    }

    /// Opens for writing, or for reading only when another program holds the writer lock.
    /// Returns whether the store is read-only.
    /// A missing file is refused, not created: a mistyped path must not report an empty ledger.
    pub fn open_for_reading(path: &Path) -> StoreResult<(Self, bool)> {
        if !path.is_file() {
            return Err(missing_file(path));
        }
        match Self::open(path) {
            Ok(store) => Ok((store, false)),
            // A damaged file or one from a newer program must not be read at all.
            Err(err @ (StoreError::Corrupt { .. } | StoreError::NewerSchema { .. })) => Err(err),
            // Whatever else stops writing (another program, a read-only medium, no room for the
            // start-up backup) need not stop reading; when reading fails too, the first reason
            // is the one to tell.
            Err(err) => Self::open_read_only(path)
                .map(|store| (store, true))
                .map_err(|_| err),
        }
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether this store was opened read-only.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Closes cleanly: folds the write-ahead log back into the database file, so the file alone
    /// is complete (for copying to a USB stick), then releases the lock.
    pub fn close(self) -> StoreResult<()> {
        if !self.read_only {
            self.conn
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        }
        Ok(())
    }
}

/// `path` with `suffix` appended to its file name: SQLite's `-wal`, `-shm`, `-journal`, and
/// the `.lock` beside a database.
pub(crate) fn suffixed(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Removes a database file and the files kept beside it (its logs and lock), as far as they
/// exist: what a refused creation or a failed backup leaves. Best effort.
pub fn remove_database_files(path: &Path) {
    for suffix in ["", "-journal", "-wal", "-shm", ".lock"] {
        let _ = std::fs::remove_file(suffixed(path, suffix));
    }
}

/// The error for a database file that is not there.
fn missing_file(path: &Path) -> StoreError {
    StoreError::io(
        path,
        std::io::Error::new(std::io::ErrorKind::NotFound, "文件不存在"),
    )
}

/// Runs `PRAGMA quick_check` and maps anything but `ok` (including "not a database") to
/// [`StoreError::Corrupt`] naming the file.
fn quick_check(conn: &Connection, path: &Path) -> StoreResult<()> {
    let corrupt = |reason: String| StoreError::Corrupt {
        path: path.to_path_buf(),
        reason,
    };
    // Only what says the file is damaged is reported as damage; a full disk or a pulled stick
    // (an I/O error) must not send the clerk to restore a backup of a sound database.
    let result: String = conn
        .query_row("PRAGMA quick_check", [], |row| row.get(0))
        .map_err(|err| match err.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase) => {
                corrupt(err.to_string())
            }
            _ => StoreError::Sqlite(err),
        })?;
    if result == "ok" {
        Ok(())
    } else {
        Err(corrupt(result))
    }
}

/// The current time as stored: UTC RFC 3339 to the second.
fn now_utc() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
