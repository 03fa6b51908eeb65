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
            "写入后读回的内容与原内容不一致,文件可能没有写好,请换一个位置或 U 盘重试",
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
    let name = target
        .file_name()
        .map_or_else(|| "export".into(), |name| name.to_string_lossy());
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.subsec_nanos());
    folder.join(format!(".{name}.{}.{nanos}.tmp", std::process::id()))
}

fn write_and_sync<E>(
    temp: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> Result<(), E>,
) -> Result<(), E>
where
    E: From<std::io::Error>,
{
    let file = OpenOptions::new().write(true).create_new(true).open(temp)?;
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
    fn a_missing_folder_is_a_clear_error_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("没有这个文件夹").join("台账.pdf");
        let err = write_atomically(&path, b"data").unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::NotFound, "{err}");
        assert!(!path.exists());
    }
}
