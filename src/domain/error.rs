//! Validation and rule errors of the domain, each with the Chinese message users see.

use thiserror::Error;

/// Why the domain refused an edit. The `Display` text is the Chinese message shown to users: it
/// says what is wrong and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DomainError {
    /// A required field is empty or only white space.
    #[error("「{field}」不能为空，请填写后再保存。")]
    Required {
        /// The field's Chinese name.
        field: &'static str,
    },
    /// A text is longer than the field allows.
    #[error("「{field}」过长：最多 {max_chars} 个字，现在有 {actual_chars} 个字。请精简后再保存。")]
    TooLong {
        /// The field's Chinese name.
        field: &'static str,
        /// The limit in characters.
        max_chars: usize,
        /// The length that was given, in characters.
        actual_chars: usize,
    },
    /// A text holds a control character its field cannot carry.
    #[error(
        "「{field}」含有{what}：{}请删除后再保存。",
        if *one_line { "这一栏只能填写一行文字，" } else { "" }
    )]
    ControlCharacter {
        /// The field's Chinese name.
        field: &'static str,
        /// Which character, as users know it: 换行符、制表符 or 控制字符 U+0007.
        what: String,
        /// Whether the field is one line.
        one_line: bool,
    },
    /// A demo larger than the program makes.
    #[error("示例数据最多 {max} 个问题，现在要求 {requested} 个。")]
    DemoTooLarge {
        /// The count asked for.
        requested: usize,
        /// The largest allowed.
        max: usize,
    },
    /// A date could not be read.
    #[error(
        "「{field}」不是有效日期：“{value}”。请按“年-月-日”填写，如 2026-3-31 或 2026年3月31日。"
    )]
    InvalidDate {
        /// The field's Chinese name.
        field: &'static str,
        /// What was typed (shortened when long).
        value: String,
    },
    /// A measure's deadline lies before the date its problem was found.
    #[error("整改时限 {deadline} 早于问题发现日期 {found_on}，请检查日期。")]
    DeadlineBeforeFound {
        /// The deadline given.
        deadline: String,
        /// The problem's found date.
        found_on: String,
    },
    /// A date range ends before it starts.
    #[error("「{field}」的结束日期 {ends_on} 早于开始日期 {starts_on}。")]
    RangeReversed {
        /// The range's Chinese name.
        field: String,
        /// Start date.
        starts_on: String,
        /// End date.
        ends_on: String,
    },
    /// A year outside the range the program supports.
    #[error("年度 {year} 不在 2000 至 2100 之间。")]
    InvalidYear {
        /// The year given.
        year: i32,
    },
    /// A measure status change that the status machine does not allow.
    #[error("整改措施不能从「{from}」直接改为「{to}」。{hint}")]
    IllegalTransition {
        /// Current status label.
        from: &'static str,
        /// Requested status label.
        to: &'static str,
        /// What the user can do instead.
        hint: &'static str,
    },
    /// 销号 asked for a measure that is not 已完成.
    #[error("只有「已完成」的措施才能销号，这条措施现在是「{status}」。")]
    CloseOutNotCompleted {
        /// Current status label.
        status: &'static str,
    },
    /// 销号 without evidence and without a reason for its absence.
    #[error("销号需要佐证材料：请先添加佐证材料，或写明没有佐证材料的理由。")]
    CloseOutNeedsEvidence,
    /// A closed measure was asked to change.
    #[error("这条措施已销号，不能再修改。")]
    MeasureClosed,
    /// 延期 asked for a measure without a calendar deadline.
    #[error("这条措施没有具体整改时限（未填或长期坚持），无需延期。")]
    ExtensionWithoutDeadline,
    /// 延期 to a date that is not after the current deadline.
    #[error("延期后的时限 {new_deadline} 必须晚于原时限 {old_deadline}。")]
    ExtensionNotLater {
        /// The current deadline.
        old_deadline: String,
        /// The requested deadline.
        new_deadline: String,
    },
    /// A category nested deeper than two levels.
    #[error("问题类别只有两级：「{parent}」已经是子类别，不能再添加下级。")]
    CategoryTooDeep {
        /// The intended parent's name.
        parent: String,
    },
}

/// Short alias for results of domain validation.
pub type DomainResult<T> = Result<T, DomainError>;
