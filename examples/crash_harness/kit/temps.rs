//! Leftover temporary files: the hidden `.<name>.<pid>.<n>.tmp` an export writes beside its
//! target, and the `.<name>.<pid>.tmp` a backup writes in `backups/` (with any `-journal` SQLite
//! gave it). A killed run may leave them; a later run should clean up its own.

use std::fs;
use std::path::Path;

/// The temporary files found in `folder` (not its subfolders), by name.
pub fn find(folder: &Path) -> Vec<String> {
    let Ok(entries) = fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| is_temporary(name))
        .collect();
    names.sort();
    names
}

/// Whether a file name is one of the program's temporary names.
pub fn is_temporary(name: &str) -> bool {
    name.starts_with('.') && name.contains(".tmp")
}

/// Temporary files beside an export's target and in the database's `backups/` folder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Leftovers {
    /// Beside the target (or the database, for an operation without a target).
    pub beside: Vec<String>,
    /// In `backups/`.
    pub backups: Vec<String>,
}

impl Leftovers {
    /// Looks in `out_dir` and in `db_dir/backups` (and in `db_dir` itself when it is another
    /// folder).
    pub fn find(out_dir: &Path, db_dir: &Path) -> Self {
        let mut beside = find(out_dir);
        if db_dir != out_dir {
            beside.extend(find(db_dir));
        }
        Self {
            beside,
            backups: find(&db_dir.join("backups")),
        }
    }

    /// How many in all.
    pub fn count(&self) -> usize {
        self.beside.len() + self.backups.len()
    }

    /// The names, for a report.
    pub fn describe(&self) -> String {
        let mut names: Vec<String> = self.beside.clone();
        names.extend(self.backups.iter().map(|name| format!("backups/{name}")));
        names.join(", ")
    }
}
