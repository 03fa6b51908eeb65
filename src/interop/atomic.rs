//! Writing an export safely (DESIGN §7): a temporary file in the target folder, flushed to the
//! disk, renamed over the final name, then read back and compared, so a pulled USB stick never
//! leaves a half-written file under the name the user asked for.

use std::fs::File;
use std::io::Write;
use std::path::Path;

use sha2::{Digest, Sha256};

use super::error::{InteropError, InteropResult};

/// Writes `bytes` to `path` atomically and verifies the written file by its sha256.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> InteropResult<()> {
    let folder = path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."));
    let file_name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp_path = folder.join(format!(".{file_name}.{}.tmp", std::process::id()));
    let result = write_and_rename(&temp_path, path, bytes);
    if result.is_err() {
        // The temporary file is ours and useless after a failure; a failed removal leaves only a
        // hidden .tmp file, never a file with the final name.
        let _ = std::fs::remove_file(&temp_path);
    }
    result?;
    let written = std::fs::read(path).map_err(|err| InteropError::io(path, err))?;
    if Sha256::digest(&written) != Sha256::digest(bytes) {
        return Err(InteropError::io(
            path,
            std::io::Error::other("写入后读回的内容与原内容不一致"),
        ));
    }
    Ok(())
}

fn write_and_rename(temp_path: &Path, path: &Path, bytes: &[u8]) -> InteropResult<()> {
    let mut file = File::create(temp_path).map_err(|err| InteropError::io(temp_path, err))?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|err| InteropError::io(temp_path, err))?;
    drop(file);
    std::fs::rename(temp_path, path).map_err(|err| InteropError::io(path, err))?;
    // Flushing the folder makes the rename itself durable on Linux; Windows has no such call
    // for folders, and there the rename is already complete when it returns.
    #[cfg(unix)]
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty())
        && let Ok(dir) = File::open(folder)
    {
        let _ = dir.sync_all();
    }
    Ok(())
}
