//! Errors of the storage layer, with the Chinese message users see.

use std::path::PathBuf;

use thiserror::Error;

use crate::domain::DomainError;

/// Why a store operation failed. `Display` is the message for users: what happened and what to
/// do. Nothing was written when an error is returned from an edit.
///
/// A variant names its cause in its message and does not also expose it as `source()`, so that
/// a message built from an error's chain names each cause once.
#[derive(Debug, Error)]
pub enum StoreError {
    /// The edit broke a domain rule. Its message is the domain error's own, and the domain
    /// error is not exposed as a cause as well, so that no message repeats it.
    #[error(transparent)]
    Domain(#[from] DomainError),
    /// Another program holds the database for writing.
    #[error(
        "数据库文件 {} 正在被另一个整改台账程序使用。请先关闭另一个窗口或命令，再重试；如只需查看，可以只读方式打开。",
        path.display()
    )]
    Locked {
        /// The database file.
        path: PathBuf,
    },
    /// The database file or its folder cannot be written: a read-only file, a write-protected
    /// USB stick, a copy from a CD.
    #[error(
        "数据库文件 {} 是只读的（文件设为只读、所在文件夹不可写，或 U 盘处于写保护状态），不能修改。要修改，请把文件复制到可写的位置，或取消只读属性后重试。",
        path.display()
    )]
    ReadOnly {
        /// The database file.
        path: PathBuf,
    },
    /// The database's disk has too little room left to change it safely.
    #[error(
        "数据库文件 {} 所在的磁盘只剩 {}，修改数据至少需要 {}（含自动备份）。请腾出空间后重试；已保存的数据不受影响，查看和导出仍可进行。",
        path.display(),
        crate::domain::text::size_text(*available),
        crate::domain::text::size_text(*needed)
    )]
    NoRoom {
        /// The database file.
        path: PathBuf,
        /// Free bytes on its volume.
        available: u64,
        /// Bytes needed.
        needed: u64,
    },
    /// The file is damaged or not a database of this program.
    #[error(
        "数据库文件 {} 已损坏或不是整改台账数据库：{reason}。请从备份恢复（设置 → 备份）。",
        path.display()
    )]
    Corrupt {
        /// The database file.
        path: PathBuf,
        /// What the check found.
        reason: String,
    },
    /// The file was written by a newer version of the program.
    #[error(
        "数据库文件 {} 由更新版本的程序创建（数据版本 {found}，本程序支持到 {supported}）。请升级程序后再打开。",
        path.display()
    )]
    NewerSchema {
        /// The database file.
        path: PathBuf,
        /// Its schema version.
        found: i64,
        /// The newest version this program knows.
        supported: i64,
    },
    /// The database has no unit yet.
    #[error("数据库中还没有单位信息。请先运行 init 建立单位。")]
    NotInitialised,
    /// The database already has a unit.
    #[error("数据库中已经有单位「{unit}」，不能重复建立。")]
    AlreadyInitialised {
        /// The existing unit's name.
        unit: String,
    },
    /// An aggregate-only operation on a unit's database.
    #[error("这不是汇总库：接收数据包需要上级单位的汇总库，请先用 init-aggregate 建立。")]
    NotAggregate,
    /// A unit's operation on an aggregate, or an aggregate's on a unit's database.
    #[error("{0}")]
    WrongKind(&'static str),
    /// A bundle signed with another key than the one pinned for its unit, or without the SM2
    /// co-signature its unit's bundles carried before.
    #[error("{}", key_changed_message(unit, pinned, offered, *sm2_missing))]
    KeyChanged {
        /// The unit.
        unit: String,
        /// The pinned keys (the SM2 key id when `sm2_missing`).
        pinned: String,
        /// The bundle's keys.
        offered: String,
        /// Whether the bundle lacks the SM2 co-signature that the unit's earlier bundles had,
        /// rather than bringing another key.
        sm2_missing: bool,
    },
    /// The same revision was received before: nothing changes.
    #[error("「{unit}」第 {revision} 版已经接收过，未作改动。")]
    AlreadyReceived {
        /// The unit.
        unit: String,
        /// The revision.
        revision: i64,
    },
    /// A revision older than one already received.
    #[error("「{unit}」第 {offered} 版比已接收的第 {latest} 版旧，不予接收。")]
    OlderRevision {
        /// The unit.
        unit: String,
        /// The bundle's revision.
        offered: i64,
        /// The newest received revision.
        latest: i64,
    },
    /// The same revision number with different data.
    #[error(
        "「{unit}」第 {revision} 版已接收，但这次的数据与之不同。同一版本号不能有两份数据，请核实。"
    )]
    ConflictingRevision {
        /// The unit.
        unit: String,
        /// The revision.
        revision: i64,
    },
    /// A receipt that does not fit this unit's revisions.
    #[error("回执不能导入：{0}")]
    Receipt(String),
    /// A record the edit refers to does not exist.
    #[error("找不到{what}（编号 {id}），它可能已被删除。请刷新后重试。")]
    NotFound {
        /// The kind of record, in Chinese.
        what: &'static str,
        /// Its id.
        id: i64,
    },
    /// The pre-submission check found gaps a superior would send back.
    #[error(
        "报送前检查发现 {count} 处必须改正的问题，暂不能签发：\n{listed}\n请改正后再签发。",
        listed = first.join("\n")
    )]
    SignOffBlocked {
        /// How many blocking findings there are.
        count: usize,
        /// The messages of the first few.
        first: Vec<String>,
    },
    /// A record is still in use and cannot be deleted.
    #[error("{0}")]
    InUse(String),
    /// A 规范标点 that changes nothing or holds something other than text updates.
    #[error("规范标点未保存：{0}")]
    BadPunctuationFix(&'static str),
    /// A file could not be read or written.
    #[error("读写文件 {} 失败：{}", path.display(), crate::io_reason::explain(.cause))]
    Io {
        /// The file.
        path: PathBuf,
        /// The system's reason, named in the message and therefore not exposed as `source()`.
        cause: std::io::Error,
    },
    /// An evidence file is larger than the program accepts.
    #[error(
        "文件 {} 有 {size_mb} MB，超过了佐证材料 {max_mb} MB 的上限。请压缩或拆分后再添加。",
        path.display()
    )]
    EvidenceTooLarge {
        /// The file.
        path: PathBuf,
        /// Its size in MiB.
        size_mb: u64,
        /// The limit in MiB.
        max_mb: u64,
    },
    /// Data a command carries does not match the fingerprint it came with (a file that changed
    /// while it was read, or a caller's mistake): nothing is stored.
    #[error("{what}与随附的指纹不符，未保存。请重新选择文件后再试。")]
    FingerprintMismatch {
        /// What disagrees, in Chinese, e.g. 佐证材料「会议纪要.pdf」的内容.
        what: String,
    },
    /// A backup could not be verified after it was written.
    #[error("备份文件 {} 校验失败：{reason}。原数据未受影响。", path.display())]
    BackupInvalid {
        /// The backup file.
        path: PathBuf,
        /// What the check found.
        reason: String,
    },
    /// The unit's signing key could not be made or used.
    #[error("单位密钥操作失败：{0}。请运行 check 检查数据库，或联系技术人员。")]
    Key(String),
    /// SQLite refused an operation. SQLite's reason is named in the message and therefore not
    /// exposed as `source()` (the conversion is written out below instead of `#[from]`, which
    /// would expose it).
    #[error("数据库操作失败：{}", sqlite_reason(.0))]
    Sqlite(rusqlite::Error),
    /// A JSON value could not be written. The serialiser's reason is named in the message and
    /// therefore not exposed as `source()`.
    #[error("数据序列化失败：{0}")]
    Json(serde_json::Error),
}

impl From<rusqlite::Error> for StoreError {
    fn from(err: rusqlite::Error) -> Self {
        Self::Sqlite(err)
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(err: serde_json::Error) -> Self {
        Self::Json(err)
    }
}

/// SQLite's reason with the common causes named in Chinese first: its own text is English.
fn sqlite_reason(err: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode;
    let cause = match err.sqlite_error_code() {
        Some(ErrorCode::DiskFull) => {
            "磁盘或 U 盘的空间已满，请腾出空间后重试；已保存的数据不受影响"
        }
        Some(ErrorCode::SystemIoFailure) => {
            "读写磁盘出错：磁盘可能已满，或 U 盘已拔出；已保存的数据不受影响"
        }
        Some(ErrorCode::ReadOnly) => "数据库文件是只读的",
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
            "数据库正被另一个程序使用，请稍后重试"
        }
        Some(ErrorCode::CannotOpen) => "无法打开数据库文件（文件或文件夹可能不存在，或没有权限）",
        Some(ErrorCode::PermissionDenied) => "没有权限读写数据库文件",
        _ => return err.to_string(),
    };
    format!("{cause}（系统提示：{err}）")
}

impl StoreError {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, cause: std::io::Error) -> Self {
        Self::Io {
            path: path.into(),
            cause,
        }
    }
}

/// Short alias for store results.
pub type StoreResult<T> = Result<T, StoreError>;

/// The words of [`StoreError::KeyChanged`].
fn key_changed_message(unit: &str, pinned: &str, offered: &str, sm2_missing: bool) -> String {
    if sm2_missing {
        format!(
            "「{unit}」的数据包没有国密 SM2 签名，而该单位此前的数据包由国密密钥 {pinned} 签名。可能是对方换用了旧版程序，也可能是签名被人去掉了；请与该单位核实后，再使用「更换密钥」接收。"
        )
    } else {
        format!(
            "「{unit}」的数据包使用了新的密钥 {offered}，与首次接收时登记的密钥 {pinned}不同。如确认对方更换了密钥，请使用「更换密钥」后再接收。"
        )
    }
}
