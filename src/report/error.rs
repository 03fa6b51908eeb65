//! Errors while producing a document, with Chinese messages that say what to do.

use std::path::PathBuf;

/// What can go wrong while making or writing a document.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The font could not be read.
    #[error("文档字体无法使用：{0}。请重新安装本程序。")]
    Font(String),
    /// The unit has not been set up, so there is nothing to put in the header.
    #[error("尚未建立单位，无法生成文档。请先完成初始设置（init）。")]
    NoUnit,
    /// Writing the file failed; nothing was left under the final name.
    #[error(
        "无法写入 {}：{}。目标文件未改动，请检查磁盘空间或 U 盘是否已拔出后重试。",
        path.display(),
        crate::io_reason::explain(.cause)
    )]
    Write {
        /// The file that was to be written.
        path: PathBuf,
        /// The underlying error. The message names it, so it is not also given as the source
        /// (the command line prints each cause once).
        cause: std::io::Error,
    },
    /// The Word document could not be put together.
    #[error("生成 Word 文档时出错：{0}。")]
    Docx(String),
    /// The file read back after writing differs from what was written.
    #[error("写入 {path} 后回读校验不一致，文件可能已损坏。请换一个位置或 U 盘重试。")]
    VerifyFailed {
        /// The file.
        path: PathBuf,
    },
}

/// Results of this layer.
pub type ReportResult<T> = Result<T, ReportError>;
