//! Errors of Excel import and export, with the Chinese message users see.

use std::path::PathBuf;

use thiserror::Error;

use crate::store::StoreError;

/// Why an import or export failed. `Display` is the message for users: what happened and what
/// to do. When an import returns an error, nothing was written to the database.
///
/// A variant names its cause in its message and does not also expose it as `source()`; the
/// variant that only forwards a store error is transparent. Either way a message built from an
/// error's chain names each cause once.
#[derive(Debug, Error)]
pub enum InteropError {
    /// Reading or writing a file failed.
    #[error(
        "无法读写文件 {}：{}。请检查路径、磁盘空间和U盘是否已插好，再重试。",
        path.display(),
        crate::io_reason::explain(.cause)
    )]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system reported, named in the message and therefore not exposed as
        /// `source()`.
        cause: std::io::Error,
    },
    /// The file is not a spreadsheet this program can read.
    #[error(
        "文件 {} 不是可识别的表格文件（支持 .xlsx、.xls、.ods）。请在 Excel 或 WPS 中打开后另存为 .xlsx 再导入。",
        path.display()
    )]
    NotSpreadsheet {
        /// The file.
        path: PathBuf,
    },
    /// The workbook is encrypted with a password.
    #[error(
        "文件 {} 设置了打开密码，无法读取。请在 Excel 或 WPS 中取消密码后另存，再导入。",
        path.display()
    )]
    PasswordProtected {
        /// The file.
        path: PathBuf,
    },
    /// The file looks like a spreadsheet but cannot be read.
    #[error(
        "文件 {} 已损坏或格式不完整，无法读取（{reason}）。请在 Excel 或 WPS 中打开检查后另存为 .xlsx 再导入。",
        path.display()
    )]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What the reader reported.
        reason: String,
    },
    /// The path is not a regular file (a device such as `/dev/urandom`, a pipe, a folder).
    #[error(
        "{} 不是普通文件（可能是设备、管道或文件夹），不能作为表格导入。请选择 .xlsx、.xls 或 .ods 文件。",
        path.display()
    )]
    NotAFile {
        /// The path.
        path: PathBuf,
    },
    /// The workbook exceeds a bound the import keeps to stay fast and within memory (file size,
    /// parts, cells, declared counts, characters in a cell).
    #[error(
        "文件 {} 超出了导入的上限：{reason}。正常的台账远小于这些上限；请在 Excel 或 WPS 中打开检查，删去多余的内容后另存为 .xlsx 再导入。",
        path.display()
    )]
    LimitExceeded {
        /// The file.
        path: PathBuf,
        /// Which bound, with the figures.
        reason: String,
    },
    /// No sheet has a header row with the ledger's columns.
    #[error(
        "在文件 {} 中没有找到台账表头：前 10 行中没有同时含「问题表现」和「整改措施」等列名的行。请确认表头包含这些列名后再导入。",
        path.display()
    )]
    NoHeader {
        /// The file.
        path: PathBuf,
    },
    /// The sheet has more rows than an import accepts.
    #[error(
        "文件 {} 的工作表有 {rows} 行，超过一次导入的上限 {limit} 行。请把台账拆分成几个文件分别导入。",
        path.display()
    )]
    TooManyRows {
        /// The file.
        path: PathBuf,
        /// Rows in the sheet.
        rows: usize,
        /// The limit.
        limit: usize,
    },
    /// The header was found but no row could be imported.
    #[error("文件 {} 中没有可以导入的行：{reason}。请检查表格内容后再导入。", path.display())]
    NothingToImport {
        /// The file.
        path: PathBuf,
        /// Why, e.g. the reason of the first skipped row.
        reason: String,
    },
    /// The user stopped the import before it was committed; nothing was written.
    #[error("已取消导入，台账没有任何改动。")]
    Cancelled,
    /// A file given as a template is not one.
    #[error("文件 {} 不是整改台账模板：{reason}。请使用上级单位下发的模板文件（.json）。", path.display())]
    NotATemplate {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// Building the workbook failed.
    #[error("生成 Excel 文件失败：{0}。请重试；如仍失败，请联系技术支持。")]
    Xlsx(String),
    /// The database refused the import or could not be read. The message is the store error's
    /// own, and the store error is not exposed as a cause as well, so that no message repeats it.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl InteropError {
    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, cause: std::io::Error) -> Self {
        Self::Io {
            path: path.into(),
            cause,
        }
    }
}

impl From<rust_xlsxwriter::XlsxError> for InteropError {
    fn from(err: rust_xlsxwriter::XlsxError) -> Self {
        Self::Xlsx(err.to_string())
    }
}

/// Results of this module.
pub type InteropResult<T> = Result<T, InteropError>;
