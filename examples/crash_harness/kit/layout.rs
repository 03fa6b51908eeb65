//! Where one run keeps its database and its output: two folders, emptied and filled afresh
//! from the fixtures before every run.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::fixtures::{copy_database, pretend_recent_backup};
use super::ops::Op;

/// The database's file name in every run (a Chinese name, as a clerk would give it; the
/// backups and temporary files are named after it).
pub const DB_NAME: &str = "整改台账.sqlite";

/// The folders of one run.
#[derive(Debug, Clone)]
pub struct Layout {
    /// Holds the database (and its `backups/`).
    pub db_dir: PathBuf,
    /// Holds the export's target.
    pub out_dir: PathBuf,
}

impl Layout {
    /// The two folders (created when missing).
    pub fn new(db_dir: &Path, out_dir: &Path) -> Result<Self> {
        for dir in [db_dir, out_dir] {
            fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
        Ok(Self {
            db_dir: db_dir.to_path_buf(),
            out_dir: out_dir.to_path_buf(),
        })
    }

    /// The run's database.
    pub fn db(&self) -> PathBuf {
        self.db_dir.join(DB_NAME)
    }

    /// Empties both folders and copies the operation's prepared database in; with
    /// `recent_backup`, the database looks backed up within the hour, so no start-up backup is
    /// made.
    pub fn prepare(&self, op: &Op, recent_backup: bool) -> Result<()> {
        empty(&self.db_dir)?;
        empty(&self.out_dir)?;
        copy_database(&op.db, &self.db())?;
        if recent_backup {
            pretend_recent_backup(&self.db())?;
        }
        Ok(())
    }
}

/// Removes everything inside `dir`, keeping the folder (it may be a mount point).
pub fn empty(dir: &Path) -> Result<()> {
    for entry in fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            fs::remove_dir_all(&path)
        } else {
            fs::remove_file(&path)
        }
        .with_context(|| format!("cannot remove {}", path.display()))?;
    }
    Ok(())
}

impl Layout {
    /// Copies both folders, as they are now, to `to/db` and `to/out` (emptied first).
    pub fn snapshot(&self, to: &Path) -> Result<()> {
        if to.exists() {
            fs::remove_dir_all(to)?;
        }
        copy_tree(&self.db_dir, &to.join("db"))?;
        copy_tree(&self.out_dir, &to.join("out"))
    }
}

fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}
