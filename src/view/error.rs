//! Why the data of a document could not be read: the store failed, or the asked-for revision
//! is missing or its frozen data cannot be read back. Messages are Chinese and say what to do.

use crate::store::StoreError;

/// What can go wrong while reading a document's data from the store.
#[derive(Debug, thiserror::Error)]
pub enum ViewError {
    /// Reading the database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The asked-for revision does not exist.
    #[error(
        "没有第 {revision} 版报送版本（现有 {existing} 个版本）。请先审核签发，或不指定版本以生成草稿。"
    )]
    NoSuchRevision {
        /// The number asked for.
        revision: i64,
        /// How many revisions exist.
        existing: usize,
    },
    /// A revision's frozen data could not be read back. The message names the reason, so the
    /// JSON error is not also given as the source (the command line prints each cause once).
    #[error("第 {revision} 版的数据无法读取（{error}），请运行 check 检查数据库。")]
    BadRevision {
        /// The revision number.
        revision: i64,
        /// Why its canonical JSON does not read as a snapshot.
        error: serde_json::Error,
    },
}

/// Results of reading a document's data.
pub type ViewResult<T> = Result<T, ViewError>;
