//! Telling a database that cannot be written (a read-only file, a write-protected USB stick, a
//! copy from a CD) before writing to it, and reading such a database all the same.

use std::fs::OpenOptions;
use std::io::ErrorKind;
use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use super::error::StoreResult;
use crate::atomic_file::folder_of;

/// Whether the database at `path` and its folder can be written. A missing file counts as
/// writable when its folder is (it is about to be created). SQLite needs the folder too: it
/// keeps its write-ahead log and the lock file beside the database.
pub fn is_writable(path: &Path) -> bool {
    if let Ok(meta) = std::fs::metadata(path) {
        if meta.permissions().readonly() {
            return false;
        }
        if let Err(err) = OpenOptions::new().read(true).write(true).open(path)
            && is_read_only_error(&err)
        {
            return false;
        }
    }
    folder_is_writable(folder_of(path))
}

/// Whether a file can be created in `folder`, tried with a probe that is removed at once.
fn folder_is_writable(folder: &Path) -> bool {
    let probe = folder.join(format!(".zhenggai-write-test-{}", std::process::id()));
    match OpenOptions::new().write(true).create_new(true).open(&probe) {
        Ok(file) => {
            drop(file);
            let _ = std::fs::remove_file(&probe);
            true
        }
        // A probe left by a killed run of this same process id: the folder is writable.
        Err(err) if err.kind() == ErrorKind::AlreadyExists => {
            let _ = std::fs::remove_file(&probe);
            true
        }
        Err(err) => !is_read_only_error(&err),
    }
}

/// Free space kept beyond the database's own size before it is opened for changes: room for
/// the start-up or pre-sign-off backup (the database's size) and for a large import's log.
/// Refusing early, with the figures, beats failing half-way: on some file systems SQLite's
/// shared-memory file meets a full disk as a crash (SIGBUS), not as an error.
const RESERVE_BYTES: u64 = 4 * 1024 * 1024;

/// Free bytes on the volume of `path` and the bytes a change needs there, when the volume has
/// less than that; `None` when there is room or the free space cannot be read (then the write
/// itself finds out and says why).
pub fn lacks_room(path: &Path) -> Option<(u64, u64)> {
    let size = std::fs::metadata(path).map_or(0, |meta| meta.len());
    let needed = size.saturating_add(RESERVE_BYTES);
    let available = fs4::available_space(folder_of(path)).ok()?;
    (available < needed).then_some((available, needed))
}

/// Whether an I/O error says the place is not writable (rather than, say, missing).
fn is_read_only_error(err: &std::io::Error) -> bool {
    matches!(
        err.kind(),
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem
    )
}

/// Opens `path` for reading only. On read-only media, or a disk too full for it, SQLite cannot
/// create the shared-memory file a write-ahead-log database needs even to be read; then the
/// file is opened as immutable, which needs no other file. That reads every committed change
/// as long as the log beside it is empty; a log with content holds the last edits, which
/// immutable reading would not see, so that case keeps SQLite's error.
pub fn open_read_only_connection(path: &Path) -> StoreResult<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    let readable = conn
        .query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))
        .is_ok();
    if readable || has_unmerged_log(path) {
        return Ok(conn);
    }
    drop(conn);
    Ok(Connection::open_with_flags(
        immutable_uri(path),
        flags | OpenFlags::SQLITE_OPEN_URI,
    )?)
}

/// Whether the write-ahead log beside `path` holds pages not yet in the database file.
fn has_unmerged_log(path: &Path) -> bool {
    std::fs::metadata(super::suffixed(path, "-wal")).is_ok_and(|meta| meta.len() > 0)
}

/// The SQLite URI that opens `path` as immutable. `%`, `?` and `#` are escaped, as the URI
/// syntax requires; Windows paths get forward slashes and a leading slash before the drive.
fn immutable_uri(path: &Path) -> String {
    let text = path.to_string_lossy();
    let mut uri = String::from("file:");
    if cfg!(windows) {
        uri.push('/');
    }
    for c in text.chars() {
        match c {
            '%' => uri.push_str("%25"),
            '?' => uri.push_str("%3f"),
            '#' => uri.push_str("%23"),
            '\\' if cfg!(windows) => uri.push('/'),
            other => uri.push(other),
        }
    }
    uri.push_str("?immutable=1");
    uri
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_uri_escapes_what_uris_reserve() {
        let uri = immutable_uri(Path::new("/媒体/U盘 #1/ledger?100%.sqlite"));
        if cfg!(windows) {
            return;
        }
        assert_eq!(
            uri,
            "file:/媒体/U盘 %231/ledger%3f100%25.sqlite?immutable=1"
        );
    }

    #[test]
    fn a_writable_folder_and_a_missing_file_are_writable() {
        let dir = tempfile::tempdir().unwrap();
        assert!(is_writable(&dir.path().join("新建.sqlite")));
        // The probe leaves nothing behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
