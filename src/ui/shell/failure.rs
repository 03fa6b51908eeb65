//! Why the last action did not happen, kept as the typed error until the status line (or the
//! screen that shows it) draws it: each cause is written once, by its own error type.

use std::fmt;

use zhenggai::bundle::BundleError;
use zhenggai::store::StoreError;

/// The reason the last edit, undo or job failed.
#[derive(Debug)]
pub enum Failure {
    /// The store refused an edit; `what` names it （修改问题）.
    Edit {
        /// The edit's label.
        what: &'static str,
        /// Why it was refused.
        cause: StoreError,
    },
    /// An undo could not be applied.
    Undo {
        /// The label of the edit it would have reversed.
        what: &'static str,
        /// Why it failed.
        cause: StoreError,
    },
    /// The data could not be read again after a change.
    Reload(StoreError),
    /// A receipt file could not be read or its signature did not hold.
    Receipt(BundleError),
    /// A job could not start: no second connection to write through.
    JobNotStarted {
        /// The job's label.
        what: &'static str,
        /// Why the connection could not be made.
        cause: StoreError,
    },
    /// A job stopped with an error (a full or pulled USB stick, a refused import).
    Job(anyhow::Error),
    /// The worker thread ended without an answer.
    WorkerDied,
    /// The sample workbook could not be made (the data folder is read-only or full).
    Sample(StoreError),
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Edit { what, cause } => write!(f, "{what}未保存：{cause}"),
            Self::Undo { what, cause } => write!(f, "无法撤销「{what}」：{cause}"),
            Self::Reload(cause) => write!(f, "读取数据失败：{cause}"),
            Self::Receipt(cause) => write!(f, "导入回执未保存：{cause}"),
            Self::JobNotStarted { what, cause } => write!(f, "{what}未开始：{cause}"),
            Self::Job(cause) => write!(f, "操作未完成：{cause}"),
            Self::Sample(cause) => write!(f, "无法打开示例台账：{cause}"),
            Self::WorkerDied => {
                f.write_str("后台任务意外中止。请关闭程序后重新打开；已保存的数据不受影响。")
            }
        }
    }
}
