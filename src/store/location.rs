//! Where the working database lives by default: beside the executable in `data/` when a
//! `portable` marker file is there (the USB 绿色版), else the platform's data directory.

use std::path::{Path, PathBuf};

use directories::ProjectDirs;

/// The database file name in the default locations.
pub const DEFAULT_DATABASE_NAME: &str = "zhenggai.sqlite";

/// The marker file that switches to portable mode.
const PORTABLE_MARKER: &str = "portable";

/// The default database path: portable when `exe_dir` holds the marker, else the platform data
/// directory; `None` only when neither can be determined.
pub fn default_database_path(exe_dir: Option<&Path>) -> Option<PathBuf> {
    if let Some(dir) = exe_dir
        && dir.join(PORTABLE_MARKER).is_file()
    {
        return Some(dir.join("data").join(DEFAULT_DATABASE_NAME));
    }
    let dirs = ProjectDirs::from("cn", "zhenggai", "zhenggai")?;
    Some(dirs.data_dir().join(DEFAULT_DATABASE_NAME))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn portable_marker_puts_data_beside_the_executable() {
        let dir = tempfile::tempdir().unwrap();
        let without = default_database_path(Some(dir.path()));
        assert_ne!(
            without,
            Some(dir.path().join("data").join(DEFAULT_DATABASE_NAME))
        );
        std::fs::write(dir.path().join("portable"), "").unwrap();
        assert_eq!(
            default_database_path(Some(dir.path())),
            Some(dir.path().join("data").join(DEFAULT_DATABASE_NAME))
        );
    }
}
