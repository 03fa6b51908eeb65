//! The documents, one file each, and the kind that names them on the command line.

pub mod aggregate_summary;
pub mod bar_chart;
pub mod closing_block;
pub mod commitment;
pub mod heading;
pub mod ledger;
pub mod numerals;
pub mod progress;
pub mod progress_figures;
pub mod prose;
pub mod receipt;
pub mod rules_list;
pub mod sign_off_block;

/// Which document to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocumentKind {
    /// 问题整改台账.
    Ledger,
    /// 整改承诺书.
    Commitment,
    /// 整改进展情况报告.
    Progress,
    /// 制度清单.
    Rules,
}

impl DocumentKind {
    /// Every kind, in menu order.
    pub const ALL: &'static [Self] = &[Self::Ledger, Self::Commitment, Self::Progress, Self::Rules];

    /// The name used on the command line.
    pub fn code(self) -> &'static str {
        match self {
            Self::Ledger => "ledger",
            Self::Commitment => "commitment",
            Self::Progress => "progress",
            Self::Rules => "rules",
        }
    }

    /// The document's Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            Self::Ledger => "问题整改台账",
            Self::Commitment => "整改承诺书",
            Self::Progress => "整改进展情况报告",
            Self::Rules => "制度清单",
        }
    }

    /// Parses a command-line name.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|kind| kind.code() == code)
    }
}
