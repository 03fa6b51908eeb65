//! Why a bundle could not be written, or why one was rejected. Every message is Chinese and names
//! the file or entry at fault, so a clerk can tell the sender what to fix.

use std::path::PathBuf;

use thiserror::Error;

use crate::domain::text::size_text;
use crate::report::ReportError;
use crate::store::StoreError;

/// A bundle error. A variant names its cause in its message and does not also expose it as
/// `source()`; a variant that only forwards a store or report error is transparent. Either way a
/// message built from an error's chain names each cause once.
#[derive(Debug, Error)]
pub enum BundleError {
    /// Reading or writing a file failed.
    #[error("无法读写 {}：{}", path.display(), crate::io_reason::explain(.cause))]
    Io {
        /// The file.
        path: PathBuf,
        /// The system's error, named in the message and therefore not exposed as `source()`.
        cause: std::io::Error,
    },
    /// Writing the bundle failed before its path was known to the error (mapped to [`Self::Io`]
    /// by the export). The system's error is named in the message and therefore not exposed as
    /// `source()` (the conversion is written out below instead of `#[from]`, which would
    /// expose it).
    #[error(
        "写入数据包时出错：{}。请检查 U 盘是否插好、空间是否足够后重试。",
        crate::io_reason::explain(.0)
    )]
    Write(std::io::Error),
    /// The working data could not be read or written.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A document could not be made.
    #[error(transparent)]
    Report(#[from] ReportError),
    /// The revision's data could not be read (no such revision, frozen data unreadable).
    #[error(transparent)]
    View(#[from] crate::view::ViewError),
    /// The user stopped the export; no bundle was left behind.
    #[error("已取消导出，没有留下数据包文件。")]
    Cancelled,
    /// There is no signed revision to export.
    #[error("还没有签发的版本：请先在「签发与导出」中签发，再导出数据包")]
    NothingSigned,
    /// The bundle file is larger than any real bundle.
    #[error("数据包过大（{bytes} 字节，上限 {limit} 字节）")]
    TooLarge {
        /// Its size.
        bytes: u64,
        /// The cap.
        limit: u64,
    },
    /// The revision's files alone exceed what a bundle may hold, which is also the most a
    /// FAT32 USB stick holds in one file.
    #[error(
        "这一版的数据和佐证材料共 {}，超过数据包上限 {}（也是 FAT32 格式 U 盘单个文件的上限），无法导出。请压缩较大的扫描件和照片后重新上传、签发。",
        size_text(*.bytes),
        size_text(*.limit)
    )]
    TooLargeToExport {
        /// The bytes to write, at least.
        bytes: u64,
        /// The cap.
        limit: u64,
    },
    /// The target has less free space than the bundle needs.
    #[error(
        "{} 的剩余空间只有 {}，数据包至少需要 {}。请换一个 U 盘或清理空间后重试；没有写入任何文件。",
        folder.display(),
        size_text(*.available),
        size_text(*.needed)
    )]
    NoRoom {
        /// The folder written to.
        folder: PathBuf,
        /// Free bytes there.
        available: u64,
        /// The bytes to write, at least.
        needed: u64,
    },
    /// The file is not a readable zip archive (truncated, damaged or something else).
    #[error("不是完整的数据包（zip 文件已损坏、被截断或不是 zip）：{0}")]
    NotZip(String),
    /// Too many entries.
    #[error("数据包中的文件过多（{count} 个，上限 {limit} 个）")]
    TooManyEntries {
        /// Entries found.
        count: usize,
        /// The cap.
        limit: usize,
    },
    /// Two entries with the same name.
    #[error("数据包中有重名的文件")]
    DuplicateNames,
    /// An entry name that is unsafe or outside the layout.
    #[error("数据包中的文件名「{name}」不被接受：{reason}")]
    BadName {
        /// The name as far as it can be shown.
        name: String,
        /// Why.
        reason: &'static str,
    },
    /// Two names that are the same file on Windows.
    #[error("数据包中的文件名「{first}」和「{second}」只有大小写不同，在 Windows 上是同一个文件")]
    CaseCollision {
        /// One name.
        first: String,
        /// The other.
        second: String,
    },
    /// An entry that is a symbolic link.
    #[error("数据包中的「{0}」是符号链接，不被接受")]
    Symlink(String),
    /// An entry that is a folder.
    #[error("数据包中的「{0}」是文件夹条目，不被接受")]
    Directory(String),
    /// An encrypted entry.
    #[error("数据包中的「{0}」经过加密，无法核对")]
    Encrypted(String),
    /// An entry larger than the cap.
    #[error("数据包中的「{name}」过大（{bytes} 字节，上限 {limit} 字节）")]
    EntryTooLarge {
        /// The entry.
        name: String,
        /// Its declared size.
        bytes: u64,
        /// The cap.
        limit: u64,
    },
    /// The entries add up to more than the cap.
    #[error("数据包解压后的总大小过大（{bytes} 字节，上限 {limit} 字节）")]
    TotalTooLarge {
        /// The sum of declared sizes.
        bytes: u64,
        /// The cap.
        limit: u64,
    },
    /// An entry that expands far more than real files do: a zip bomb.
    #[error("数据包中的「{name}」压缩比异常（{ratio}:1），疑似压缩炸弹")]
    Bomb {
        /// The entry.
        name: String,
        /// Uncompressed over compressed size.
        ratio: u64,
    },
    /// The archive's structure is ambiguous: its local headers and central directory disagree,
    /// or it holds bytes outside its entries, so that different zip tools could see different
    /// files.
    #[error("数据包的 zip 结构不规范，不同的解压工具可能看到不同的文件：{0}")]
    Layout(String),
    /// A signature file is missing.
    #[error("数据包缺少「{0}」")]
    MissingSignatureFile(&'static str),
    /// The manifest cannot be read.
    #[error("清单 manifest.json 无法读取：{0}")]
    Manifest(String),
    /// The signature does not match the manifest and public key.
    #[error("数据包签名核验失败：{0}")]
    Signature(String),
    /// A file the manifest lists is not in the archive.
    #[error("数据包缺少清单中列出的文件「{0}」")]
    Missing(String),
    /// A file in the archive that the manifest does not list.
    #[error("数据包中有清单以外的文件「{0}」")]
    Extra(String),
    /// A file's size differs from the manifest.
    #[error("文件「{name}」的大小与清单不符（清单 {listed} 字节，实际 {actual} 字节）")]
    SizeMismatch {
        /// The entry.
        name: String,
        /// What the manifest says.
        listed: u64,
        /// What was read.
        actual: u64,
    },
    /// A file's content differs from the manifest: it was changed after signing.
    #[error("文件「{name}」的内容与清单中的 {algorithm} 不符，数据包在签名后被改动过")]
    HashMismatch {
        /// The entry.
        name: String,
        /// The hash that differs: `sha256` or `SM3`.
        algorithm: &'static str,
    },
    /// An entry's compressed data is damaged.
    #[error("文件「{name}」已损坏，无法读出：{reason}")]
    DamagedEntry {
        /// The entry.
        name: String,
        /// The reader's explanation.
        reason: String,
    },
    /// A receipt file that cannot be read or whose signature fails.
    #[error("回执无法读取：{0}")]
    Receipt(String),
    /// The store answered a received bundle with another record than a received revision: a
    /// defect of the program, reported rather than ignored.
    #[error("接收数据包返回了意外的记录 {0}")]
    UnexpectedRecord(String),
    /// The data disagrees with the manifest.
    #[error("数据包内容与清单不一致：{0}")]
    Inconsistent(String),
}

impl BundleError {
    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, cause: std::io::Error) -> Self {
        Self::Io {
            path: path.into(),
            cause,
        }
    }
}

impl From<std::io::Error> for BundleError {
    fn from(err: std::io::Error) -> Self {
        Self::Write(err)
    }
}

/// Result of bundle operations.
pub type BundleResult<T> = Result<T, BundleError>;
