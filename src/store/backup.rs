//! Verified backups with the SQLite backup API: written to a temporary file, checked (integrity,
//! schema version), made self-contained (no WAL), synced, then renamed into place. Rotating
//! backups keep the newest [`KEEP_BACKUPS`] per database in a `backups/` folder beside it.

use std::fs::{self, OpenOptions};
use std::path::{Path, PathBuf};

use rusqlite::{Connection, MAIN_DB};

use super::error::{StoreError, StoreResult};
use super::{Store, schema};
use crate::atomic_file::sync_folder_of;

/// How many rotating backups are kept per database.
pub const KEEP_BACKUPS: usize = 10;

/// A rotating backup on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupFile {
    /// Its path.
    pub path: PathBuf,
    /// Why it was made (`start`, `migrate`, `restore`, …), from its name.
    pub reason: String,
}

/// The folder that holds the rotating backups of `database`.
pub fn backup_dir(database: &Path) -> PathBuf {
    database
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join("backups")
}

/// Copies the open database to `dest` and verifies the copy before it takes the final name.
pub fn backup_to(conn: &Connection, dest: &Path) -> StoreResult<()> {
    let temp = temp_sibling(dest);
    let result = write_verified(conn, &temp).and_then(|()| {
        fs::rename(&temp, dest).map_err(|source| StoreError::io(dest, source))?;
        sync_folder_of(dest);
        Ok(())
    });
    if result.is_err() {
        // The temporary file is ours alone; a failed copy must not leave it behind.
        super::remove_database_files(&temp);
    }
    result
}

fn write_verified(conn: &Connection, temp: &Path) -> StoreResult<()> {
    let expected_version = schema::version(conn)?;
    conn.backup(MAIN_DB, temp, None::<fn(rusqlite::backup::Progress)>)?;
    let found_version = verify_database_file(temp)?;
    if found_version != expected_version {
        return Err(StoreError::BackupInvalid {
            path: temp.to_path_buf(),
            reason: format!("数据版本 {found_version} 与原库 {expected_version} 不符"),
        });
    }
    // Windows flushes a file only through a handle that may write to it.
    OpenOptions::new()
        .write(true)
        .open(temp)
        .and_then(|file| file.sync_all())
        .map_err(|source| StoreError::io(temp, source))
}

/// Checks that `path` is a whole database of this program: integrity check `ok`, a schema
/// version this program knows, and a unit table. Switches the file to a rollback journal so it
/// is one self-contained file. Returns its schema version.
pub fn verify_database_file(path: &Path) -> StoreResult<i64> {
    let invalid = |reason: String| StoreError::BackupInvalid {
        path: path.to_path_buf(),
        reason,
    };
    let conn = Connection::open(path).map_err(|err| invalid(err.to_string()))?;
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .map_err(|err| invalid(err.to_string()))?;
    if integrity != "ok" {
        return Err(invalid(integrity));
    }
    let version = schema::version(&conn)?;
    if !(1..=schema::LATEST_VERSION).contains(&version) {
        return Err(invalid(format!(
            "不是可识别的整改台账数据（数据版本 {version}）"
        )));
    }
    let has_unit_table: bool = conn.query_row(
        "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'unit'",
        [],
        |row| row.get(0),
    )?;
    if !has_unit_table {
        return Err(invalid("缺少单位信息表".to_owned()));
    }
    let _mode: String =
        conn.pragma_update_and_check(None, "journal_mode", "DELETE", |row| row.get(0))?;
    Ok(version)
}

/// Makes a rotating backup of the open database for `reason` and prunes the oldest beyond
/// [`KEEP_BACKUPS`]. Returns the new backup's path.
pub fn rotate(conn: &Connection, database: &Path, reason: &str) -> StoreResult<PathBuf> {
    let dir = backup_dir(database);
    fs::create_dir_all(&dir).map_err(|source| StoreError::io(&dir, source))?;
    let stem = file_stem(database);
    // Names are <stem>-YYYYMMDD-HHMMSS-NNN-<reason>.sqlite: fixed-width stamp and counter, so
    // the names sort by age.
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    // The counter must be unique within the second whatever the reason: the names sort by
    // stamp and counter, and a `manual` backup made in the same second as a `start` one must
    // still sort as the newer.
    let taken: Vec<String> = fs::read_dir(&dir)
        .map_err(|source| StoreError::io(&dir, source))?
        .filter_map(Result::ok)
        .filter_map(|entry| entry.file_name().into_string().ok())
        .collect();
    let mut counter = 1;
    while taken
        .iter()
        .any(|name| name.starts_with(&format!("{stem}-{stamp}-{counter:03}-")))
    {
        counter += 1;
    }
    let dest = dir.join(format!("{stem}-{stamp}-{counter:03}-{reason}.sqlite"));
    remove_abandoned_temp_files(database, ABANDONED_AFTER);
    backup_to(conn, &dest)?;
    let backups = list_backups(database)?;
    for old in backups.iter().skip(KEEP_BACKUPS) {
        fs::remove_file(&old.path).map_err(|source| StoreError::io(&old.path, source))?;
    }
    Ok(dest)
}

/// A temporary backup file untouched for this long was left by a backup that was killed: a
/// running backup writes to its file all the time, and its check reads a few seconds at most.
const ABANDONED_AFTER: std::time::Duration = std::time::Duration::from_mins(10);

/// The endings of a temporary backup and of the files SQLite keeps beside it while checking it.
const TEMP_ENDINGS: [&str; 4] = [".tmp", ".tmp-journal", ".tmp-wal", ".tmp-shm"];

/// Removes the temporary files (`.<stem>-….sqlite.<pid>.tmp` and SQLite's `-journal`, `-wal`,
/// `-shm` beside them) untouched for longer than `idle` that killed or failed backups of
/// `database` left in its backup folder, so they do not pile up on a USB stick. Best effort.
pub fn remove_abandoned_temp_files(database: &Path, idle: std::time::Duration) {
    let dir = backup_dir(database);
    let Ok(entries) = fs::read_dir(&dir) else {
        return;
    };
    let prefix = format!(".{}-", file_stem(database));
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let temporary = TEMP_ENDINGS.iter().any(|ending| name.ends_with(ending));
        if !(temporary && name.starts_with(&prefix)) {
            continue;
        }
        let abandoned = entry
            .metadata()
            .and_then(|meta| meta.modified())
            .is_ok_and(|modified| modified.elapsed().is_ok_and(|age| age >= idle));
        if abandoned {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Whether the newest rotating backup of `database` was written less than `age` ago.
pub fn has_backup_newer_than(database: &Path, age: std::time::Duration) -> StoreResult<bool> {
    let Some(newest) = list_backups(database)?.into_iter().next() else {
        return Ok(false);
    };
    let modified = fs::metadata(&newest.path)
        .and_then(|meta| meta.modified())
        .map_err(|source| StoreError::io(&newest.path, source))?;
    Ok(modified.elapsed().is_ok_and(|elapsed| elapsed < age))
}

/// The rotating backups of `database`, newest first.
pub fn list_backups(database: &Path) -> StoreResult<Vec<BackupFile>> {
    let dir = backup_dir(database);
    let prefix = format!("{}-", file_stem(database));
    let entries = match fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => return Err(StoreError::io(&dir, source)),
    };
    let mut backups: Vec<(String, BackupFile)> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let rest = name.strip_prefix(&prefix)?.strip_suffix(".sqlite")?;
            // Only names `rotate` writes: another database whose name merely starts like this
            // one's (台账 and 台账-旧) has backups of its own that must not be listed or pruned.
            let mut parts = rest.splitn(4, '-');
            let stamped = [8, 6, 3].iter().all(|&digits| {
                parts.next().is_some_and(|part| {
                    part.len() == digits && part.bytes().all(|b| b.is_ascii_digit())
                })
            });
            let reason = parts
                .next()
                .filter(|reason| stamped && !reason.is_empty())?;
            let reason = reason.to_owned();
            let backup = BackupFile {
                path: entry.path(),
                reason,
            };
            Some((rest.to_owned(), backup))
        })
        .collect();
    backups.sort_by(|a, b| b.0.cmp(&a.0));
    Ok(backups.into_iter().map(|(_, backup)| backup).collect())
}

fn file_stem(database: &Path) -> String {
    database.file_stem().map_or_else(
        || "zhenggai".to_owned(),
        |stem| stem.to_string_lossy().into_owned(),
    )
}

/// A temporary name beside `dest`, so the final rename stays on one file system.
pub(crate) fn temp_sibling(dest: &Path) -> PathBuf {
    let name = dest.file_name().map_or_else(
        || "backup".into(),
        |name| name.to_string_lossy().into_owned(),
    );
    dest.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
}

impl Store {
    /// Writes a verified copy of the database to `dest` (the `backup` command).
    pub fn backup_to(&self, dest: &Path) -> StoreResult<()> {
        backup_to(&self.conn, dest)
    }

    /// Replaces the working data with the database at `source` after verifying it; the current
    /// data is first saved as a rotating backup, so a wrong restore can itself be undone.
    pub fn restore_from(&mut self, source: &Path) -> StoreResult<PathBuf> {
        if self.read_only {
            return Err(StoreError::Locked {
                path: self.path.clone(),
            });
        }
        // Work on a private copy: verifying changes the journal mode, and the user's file must
        // stay exactly as it was.
        let staging = temp_sibling(&self.path.with_file_name("restore-source.sqlite"));
        let result = (|| {
            fs::copy(source, &staging).map_err(|err| StoreError::io(source, err))?;
            // The check runs on the private copy, but the clerk chose `source`: the message
            // names that file, not the copy.
            verify_database_file(&staging).map_err(|err| match err {
                StoreError::BackupInvalid { reason, .. } => StoreError::BackupInvalid {
                    path: source.to_path_buf(),
                    reason,
                },
                other => other,
            })?;
            let saved = rotate(&self.conn, &self.path, "restore")?;
            let carried = super::unit_key::stored_sm2(&self.conn)?;
            self.conn
                .restore(MAIN_DB, &staging, None::<fn(rusqlite::backup::Progress)>)?;
            schema::migrate_to(&mut self.conn, schema::LATEST_VERSION)?;
            // Data restored from before 国密 came keeps the unit's SM2 key rather than being
            // given a new one, which its superior would take for a change of key.
            self.keep_sm2_key(carried)?;
            Ok(saved)
        })();
        let _ = fs::remove_file(&staging);
        result
    }

    /// The rotating backups of this database, newest first.
    pub fn backups(&self) -> StoreResult<Vec<BackupFile>> {
        list_backups(&self.path)
    }

    /// Makes a verified rotating backup now (the 立即备份 button), named for `reason`, which
    /// must be a short ASCII word such as `manual`. Works on a read-only store too: a backup only
    /// reads the database. Returns the new backup's path.
    pub fn backup_now(&self, reason: &str) -> StoreResult<PathBuf> {
        rotate(&self.conn, &self.path, reason)
    }
}

impl BackupFile {
    /// When the backup was made, in local time, read from its name (a copied folder keeps the
    /// names but not always the file times). `None` for a name this program did not write.
    pub fn made_at(&self) -> Option<chrono::NaiveDateTime> {
        let name = self.path.file_name()?.to_str()?;
        let rest = name.strip_suffix(&format!("-{}.sqlite", self.reason))?;
        // The stem may itself contain dashes, so the stamp is read from the end:
        // …-YYYYMMDD-HHMMSS-NNN.
        let mut parts = rest.rsplitn(4, '-');
        let _counter = parts.next()?;
        let time = parts.next()?;
        let date = parts.next()?;
        chrono::NaiveDateTime::parse_from_str(&format!("{date}{time}"), "%Y%m%d%H%M%S").ok()
    }

    /// The backup's size in bytes, or `None` when the file cannot be read any more.
    pub fn size_bytes(&self) -> Option<u64> {
        fs::metadata(&self.path).ok().map(|meta| meta.len())
    }
}
