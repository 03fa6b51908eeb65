//! Telling a database that cannot be written (a read-only file, a write-protected USB stick, a
//! copy from a CD) before writing to it, and reading such a database all the same.

use std::fs::OpenOptions;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

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

/// Whether an I/O error says the place is not writable (rather than, say, missing).
fn is_read_only_error(err: &std::io::Error) -> bool {
    matches!(
        err.kind(),
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem
    )
}

/// Opens `path` for reading only. On read-only media SQLite cannot create the shared-memory
/// file a write-ahead-log database needs even to be read, so there the file is opened as
/// immutable: nothing can change it while it is on such a medium. A log with content beside it
/// holds the last edits, which immutable reading would not see; that case keeps SQLite's error.
pub fn open_read_only_connection(path: &Path) -> StoreResult<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    let readable = conn
        .query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))
        .is_ok();
    if readable || folder_is_writable(folder_of(path)) || has_unmerged_log(path) {
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
    let mut log = path.as_os_str().to_owned();
    log.push("-wal");
    std::fs::metadata(PathBuf::from(log)).is_ok_and(|meta| meta.len() > 0)
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
        let uri = immutable_uri(Path::new("/媒体/U盘 #1/台账?100%.sqlite"));
        if cfg!(windows) {
            return;
        }
        assert_eq!(uri, "file:/媒体/U盘 %231/台账%3f100%25.sqlite?immutable=1");
    }

    #[test]
    fn a_writable_folder_and_a_missing_file_are_writable() {
        let dir = tempfile::tempdir().unwrap();
        assert!(is_writable(&dir.path().join("新建.sqlite")));
        // The probe leaves nothing behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
