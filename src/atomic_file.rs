//! Atomic file writes for every export (DESIGN §7): write a temporary file in the target folder,
//! flush it to the device, rename it over the final name, then read it back and compare. A
//! pulled USB stick or a full disk leaves either the old file or none, never half a file under
//! the final name.

use std::fs::{self, File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// Writes `bytes` to `path` atomically and verifies the result by reading it back. Callers
/// name `path` in their own error.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_streaming(path, |file| file.write_all(bytes))?;
    let written = fs::read(path)?;
    if Sha256::digest(&written) != Sha256::digest(bytes) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "写入后读回的内容与原内容不一致，文件可能没有写好，请换一个位置或 U 盘重试",
        ));
    }
    Ok(())
}

/// Writes `path` atomically from a function that streams into the file: the content goes to a
/// temporary file beside the target, is flushed to the device, and only then renamed over the
/// final name. On any error the temporary file is removed and the target is untouched. Callers
/// that must be sure of the result read the file back themselves.
pub fn write_streaming<E>(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> Result<(), E>,
) -> Result<(), E>
where
    E: From<std::io::Error>,
{
    remove_stale_temp_files(path);
    let temp = temp_path(folder_of(path), path);
    let result = write_and_sync(&temp, write).and_then(|()| Ok(fs::rename(&temp, path)?));
    if let Err(err) = result {
        // The temporary file is ours and incomplete; a failed removal changes nothing for the
        // user, who is told about the write error itself.
        let _ = fs::remove_file(&temp);
        return Err(err);
    }
    sync_folder_of(path);
    Ok(())
}

/// A temporary name beside the target: hidden, and unique to this process and moment.
fn temp_path(folder: &Path, target: &Path) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.subsec_nanos());
    folder.join(format!(
        "{}{}.{nanos}.tmp",
        temp_prefix(target),
        std::process::id()
    ))
}

/// How the temporary files for `target` start: `.<name>.`.
fn temp_prefix(target: &Path) -> String {
    let name = target
        .file_name()
        .map_or_else(|| "export".into(), |name| name.to_string_lossy());
    format!(".{name}.")
}

/// Removes the temporary files an earlier write of `target` left when it was killed or the
/// machine lost power. A writer holds an exclusive lock on its temporary file until it is
/// renamed or removed, and the system releases the lock when the writer dies; so a file whose
/// lock can be taken is abandoned, while one still being written (another export of the same
/// name, running now) is left alone. Best effort: a file that cannot be removed stays.
fn remove_stale_temp_files(target: &Path) {
    let prefix = temp_prefix(target);
    let Ok(entries) = fs::read_dir(folder_of(target)) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            continue;
        };
        let Some(rest) = name
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(".tmp"))
        else {
            continue;
        };
        // Only names this module writes: <pid>.<nanos>.
        let ours = rest.split('.').count() == 2
            && rest
                .split('.')
                .all(|part| !part.is_empty() && part.bytes().all(|byte| byte.is_ascii_digit()));
        if !ours {
            continue;
        }
        let stale = OpenOptions::new()
            .write(true)
            .open(entry.path())
            .is_ok_and(|file| file.try_lock().is_ok());
        if stale {
            let _ = fs::remove_file(entry.path());
        }
    }
}

fn write_and_sync<E>(
    temp: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> Result<(), E>,
) -> Result<(), E>
where
    E: From<std::io::Error>,
{
    let file = OpenOptions::new().write(true).create_new(true).open(temp)?;
    // Held until the handle closes, so that a later export can tell this file from one a
    // killed export left behind. A file system without locks (some network shares) only
    // loses that cleanup.
    let _ = file.try_lock();
    let mut writer = BufWriter::new(file);
    write(&mut writer)?;
    let file = writer
        .into_inner()
        .map_err(std::io::IntoInnerError::into_error)?;
    file.sync_all()?;
    Ok(())
}

/// The folder `path` is in; `.` for a bare file name.
pub fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// Makes the rename of `path` durable by flushing its folder's entry, on systems that allow
/// opening folders; elsewhere (Windows) the rename is durable enough once the data is synced.
pub fn sync_folder_of(path: &Path) {
    if let Ok(handle) = File::open(folder_of(path)) {
        // Some file systems (FAT on USB sticks) refuse fsync on a folder; the data itself is
        // already synced, so this is best effort.
        let _ = handle.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_replaces_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("台账.pdf");
        write_atomically(&path, b"first").unwrap();
        write_atomically(&path, b"second version").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"second version");
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[test]
    fn a_later_write_removes_temporary_files_a_killed_write_left_but_not_live_ones() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("台账-r1.zip");
        // What a killed export leaves: its temporary file, no longer locked by anyone.
        let stale = dir.path().join(".台账-r1.zip.4242.123456.tmp");
        fs::write(&stale, b"half a bundle").unwrap();
        // One being written right now by another export of the same name keeps its lock.
        let live = dir.path().join(".台账-r1.zip.4243.654321.tmp");
        let live_file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&live)
            .unwrap();
        live_file.try_lock().unwrap();
        // Files that only look alike are not this module's and stay.
        let foreign = dir.path().join(".台账-r1.zip.notes.tmp");
        fs::write(&foreign, b"x").unwrap();
        let other_target = dir.path().join(".台账-r2.zip.4242.1.tmp");
        fs::write(&other_target, b"x").unwrap();

        write_atomically(&path, b"whole bundle").unwrap();

        assert!(
            !stale.exists(),
            "the abandoned temporary file must be removed"
        );
        assert!(live.exists(), "a file another writer holds must stay");
        assert!(foreign.exists() && other_target.exists());
        assert_eq!(fs::read(&path).unwrap(), b"whole bundle");
        drop(live_file);
    }

    #[test]
    fn a_missing_folder_is_a_clear_error_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("没有这个文件夹").join("台账.pdf");
        let err = write_atomically(&path, b"data").unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::NotFound, "{err}");
        assert!(!path.exists());
    }
}
