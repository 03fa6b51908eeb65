//! Word documents（.docx） the office finishes in WPS or Word before sealing: the
//! 整改进展情况报告 and the 整改承诺书 with the same text and tables as their PDFs, and a draft
//! of the 整改工作总结报告 with the numbers, categories and tables filled in from the data and
//! the prose left for the office to write. Like the PDFs they are handed [`DocumentData`] and
//! never read the store.

mod commitment;
mod official;
mod progress;
mod summary;

use std::path::Path;

use crate::report::error::{ReportError, ReportResult};
use crate::view::DocumentData;

/// Which Word document to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WordDocument {
    /// 整改进展情况报告.
    Progress,
    /// The 整改工作总结报告 as a draft for the office to finish.
    WorkSummary,
    /// 整改承诺书.
    Commitment,
}

impl WordDocument {
    /// Every kind, in menu order.
    pub const ALL: &'static [Self] = &[Self::Commitment, Self::Progress, Self::WorkSummary];

    /// The name used on the command line.
    pub fn code(self) -> &'static str {
        match self {
            Self::Progress => "progress",
            Self::WorkSummary => "work-summary",
            Self::Commitment => "commitment",
        }
    }

    /// The document's Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            Self::Progress => "整改进展情况报告",
            Self::WorkSummary => "整改工作总结报告",
            Self::Commitment => "整改承诺书",
        }
    }

    /// Parses a command-line name.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|kind| kind.code() == code)
    }
}

/// The .docx file of `kind` made from `data`, as bytes.
pub fn docx_bytes(kind: WordDocument, data: &DocumentData) -> ReportResult<Vec<u8>> {
    match kind {
        WordDocument::Progress => progress::progress_docx(data),
        WordDocument::WorkSummary => summary::summary_docx(data),
        WordDocument::Commitment => commitment::commitment_docx(data),
    }
}

/// Writes the .docx file of `kind` made from `data` to `path` atomically (read back before it
/// takes the final name); returns its size in bytes.
pub fn write_docx(kind: WordDocument, data: &DocumentData, path: &Path) -> ReportResult<usize> {
    let bytes = docx_bytes(kind, data)?;
    crate::atomic_file::write_atomically(path, &bytes).map_err(|cause| ReportError::Write {
        path: path.to_path_buf(),
        cause,
    })?;
    Ok(bytes.len())
}
