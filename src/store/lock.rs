//! The single-writer lock: an OS file lock on `<database>.lock`, held while a store is open for
//! writing. The operating system releases it when the process ends, even after a crash, so a
//! stale lock never blocks the clerk.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

use super::error::{StoreError, StoreResult};

/// Holds the lock until dropped.
#[derive(Debug)]
pub struct WriterLock {
    // The lock lives as long as this open handle; the field is never read.
    _file: File,
}

/// The lock file that guards `database`.
pub fn lock_path(database: &Path) -> PathBuf {
    super::suffixed(database, ".lock")
}

impl WriterLock {
    /// Takes the lock for `database`, or fails at once with [`StoreError::Locked`].
    pub fn acquire(database: &Path) -> StoreResult<Self> {
        let path = lock_path(database);
        // A separate lock file, not the database itself: on Windows a whole-file lock on the
        // database would also block SQLite's own byte-range locks.
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|source| StoreError::io(&path, source))?;
        match file.try_lock() {
            Ok(()) => Ok(Self { _file: file }),
            Err(TryLockError::WouldBlock) => Err(StoreError::Locked {
                path: database.to_path_buf(),
            }),
            Err(TryLockError::Error(source)) => Err(StoreError::io(&path, source)),
        }
    }
}
