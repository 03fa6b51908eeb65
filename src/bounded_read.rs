//! Opening and reading files people choose (templates, receipts, evidence) so that no path can
//! hang the program or fill its memory: only regular files are read — a device such as
//! `/dev/urandom` reports size 0 and never ends, a pipe blocks — and never more than a bound.

use std::fs::File;
use std::io::{Error, ErrorKind, Read};
use std::path::Path;

/// Opens `path` when it is a regular file; returns it with its size. Anything else (a device,
/// a pipe, a folder) is an [`ErrorKind::InvalidInput`] error that says so in Chinese.
pub fn open_regular_file(path: &Path) -> std::io::Result<(File, u64)> {
    open_if_regular(path)?.ok_or_else(|| {
        Error::new(
            ErrorKind::InvalidInput,
            "这不是普通文件（可能是文件夹、设备或管道），请选择一个文件",
        )
    })
}

/// Opens `path` with its size when it is a regular file, `None` when it is something else.
pub fn open_if_regular(path: &Path) -> std::io::Result<Option<(File, u64)>> {
    if !std::fs::metadata(path)?.is_file() {
        return Ok(None);
    }
    let file = File::open(path)?;
    // Checked again on the open handle: the path may have been replaced in between.
    let meta = file.metadata()?;
    Ok(meta.is_file().then_some((file, meta.len())))
}

/// The whole content of the regular file at `path`, or `Ok(None)` when it holds more than
/// `limit` bytes (also when it grew past `limit` while being read).
pub fn read_at_most(path: &Path, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    let (file, size) = open_regular_file(path)?;
    if size > limit {
        return Ok(None);
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= limit).then_some(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_small_files_and_refuses_large_ones_and_non_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("回执.json");
        std::fs::write(&path, b"0123456789").unwrap();
        assert_eq!(
            read_at_most(&path, 10).unwrap().as_deref(),
            Some(&b"0123456789"[..])
        );
        assert_eq!(read_at_most(&path, 9).unwrap(), None);
        let folder = read_at_most(dir.path(), 10).unwrap_err();
        assert_eq!(folder.kind(), ErrorKind::InvalidInput);
        assert!(folder.to_string().contains("不是普通文件"), "{folder}");
    }

    #[cfg(unix)]
    #[test]
    fn an_endless_device_is_refused_at_once() {
        let started = std::time::Instant::now();
        let err = read_at_most(Path::new("/dev/urandom"), 1024).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
        assert!(open_regular_file(Path::new("/dev/zero")).is_err());
    }
}
