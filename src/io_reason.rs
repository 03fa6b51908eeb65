//! The reason a file could not be read or written, in words a clerk can act on. The system's
//! own text is English on Linux (Rust never sets the C library's locale) and says nothing of
//! USB sticks, so the common causes — a full stick, a pulled one, a write-protected one,
//! FAT32's 4 GB limit — are named in Chinese, with the system's text kept after them for
//! whoever supports the user.

use std::io::{Error, ErrorKind};

/// `err` explained: the cause in Chinese where it is a common one, followed by the system's
/// text; otherwise the system's text alone.
pub fn explain(err: &Error) -> String {
    match cause_in_chinese(err) {
        Some(cause) => format!("{cause}（系统提示：{err}）"),
        None => err.to_string(),
    }
}

fn cause_in_chinese(err: &Error) -> Option<&'static str> {
    let cause = match err.kind() {
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => "磁盘或 U 盘的空间已满",
        ErrorKind::NotFound => "找不到该文件或文件夹，U 盘可能已拔出",
        ErrorKind::PermissionDenied => "没有权限，或文件正被 WPS、Excel 等程序打开",
        ErrorKind::ReadOnlyFilesystem => "磁盘或 U 盘是只读的，U 盘的写保护开关可能打开了",
        ErrorKind::FileTooLarge => {
            "文件超过了该磁盘格式允许的大小，FAT32 格式的 U 盘单个文件不能超过 4 GB"
        }
        _ => {
            return device_gone(err.raw_os_error()?)
                .then_some("U 盘或磁盘读写出错，U 盘可能已拔出");
        }
    };
    Some(cause)
}

/// Whether the system's error code says the device failed or went away, as when a USB stick is
/// pulled out while it is written.
fn device_gone(code: i32) -> bool {
    #[cfg(unix)]
    const CODES: &[i32] = &[
        5,  // EIO
        6,  // ENXIO
        19, // ENODEV
    ];
    #[cfg(windows)]
    const CODES: &[i32] = &[
        21,   // ERROR_NOT_READY
        483,  // ERROR_DEVICE_HARDWARE_ERROR
        1117, // ERROR_IO_DEVICE
        1167, // ERROR_DEVICE_NOT_CONNECTED
    ];
    #[cfg(not(any(unix, windows)))]
    const CODES: &[i32] = &[];
    CODES.contains(&code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_causes_are_named_in_chinese_before_the_system_text() {
        let full = Error::new(ErrorKind::StorageFull, "No space left on device");
        assert_eq!(
            explain(&full),
            "磁盘或 U 盘的空间已满（系统提示：No space left on device）"
        );
        let protected = Error::new(ErrorKind::ReadOnlyFilesystem, "Read-only file system");
        assert!(explain(&protected).starts_with("磁盘或 U 盘是只读的"));
        let too_large = Error::new(ErrorKind::FileTooLarge, "File too large");
        assert!(explain(&too_large).contains("4 GB"));
        let missing = Error::new(ErrorKind::NotFound, "No such file or directory");
        assert!(explain(&missing).contains("U 盘可能已拔出"));
    }

    #[test]
    fn a_pulled_device_is_named_from_the_system_code() {
        #[cfg(unix)]
        let pulled = Error::from_raw_os_error(5);
        #[cfg(windows)]
        let pulled = Error::from_raw_os_error(1167);
        let explained = explain(&pulled);
        assert!(explained.starts_with("U 盘或磁盘读写出错"), "{explained}");
        // The system's own text follows, so that nothing it said is lost.
        assert!(
            explained.ends_with(&format!("（系统提示：{pulled}）")),
            "{explained}"
        );
    }

    #[test]
    fn other_errors_keep_the_system_text_alone() {
        let other = Error::other("zip 结构损坏");
        assert_eq!(explain(&other), "zip 结构损坏");
    }
}
