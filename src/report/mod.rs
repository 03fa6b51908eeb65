//! Documents from domain data (DESIGN §5): the 问题整改台账, the 整改承诺书, the 整改进展情况报告
//! and the 制度清单, laid out with real glyph advances and written as PDF with the CJK font
//! embedded as a subset.
//!
//! Small parts, lowest first: [`font`] (metrics), [`linebreak`] (UAX #14 plus the Chinese
//! punctuation rule), [`geometry`] (pages and margins), [`canvas`] (positioned items, testable
//! without a PDF), [`flow`] (paragraphs down pages), [`table`] (wrapped cells, rows across
//! pages, repeated header), [`frame`] (header, footer, page numbers, the draft watermark),
//! [`data`] (draft or signed revision), [`documents`] (one file per document), [`writer`]
//! (printpdf) and [`atomic`] (safe file writes).

pub mod atomic;
pub mod canvas;
pub mod data;
pub mod documents;
pub mod error;
pub mod flow;
pub mod font;
pub mod frame;
pub mod geometry;
pub mod linebreak;
pub mod table;
pub mod writer;

use std::path::Path;

pub use data::{DocumentData, Signed};
pub use documents::DocumentKind;
pub use error::{ReportError, ReportResult};

use canvas::{Document, Pen};
use font::{BUNDLED_FONT_TTF, FontMetrics};
use frame::{Decoration, decorate};

/// Lays out `kind` from `data` with `metrics` (of the bundled font), header, page numbers and
/// (for a draft) the watermark included.
pub fn layout(
    kind: DocumentKind,
    data: &DocumentData,
    metrics: &FontMetrics,
) -> ReportResult<Document> {
    let pen = Pen { metrics };
    let (mut document, page_frame) = match kind {
        DocumentKind::Ledger => documents::ledger::ledger(data, pen)?,
        DocumentKind::Commitment => documents::commitment::commitment(data, pen)?,
        DocumentKind::Rules => documents::rules_list::rules_list(data, pen)?,
        DocumentKind::Progress => documents::progress::progress(data, pen)?,
    };
    // The commitment form is an official document: no running header, as GB/T 9704 lays it,
    // except on a draft, which says plainly what it is (the rotated watermark alone does not
    // come out as a word when the text is copied).
    let official = kind == DocumentKind::Commitment;
    let decoration = Decoration {
        header_left: if official {
            String::new()
        } else {
            data.unit_name()?.to_owned()
        },
        header_right: match (official, data.signed.is_some()) {
            (true, true) => String::new(),
            (true, false) => "草稿:未经审核签发,仅供核对".to_owned(),
            (false, _) => format!("{} · {}", kind.label(), data.version_label()),
        },
        draft: data.signed.is_none(),
    };
    decorate(&mut document.pages, &page_frame, pen, &decoration);
    Ok(document)
}

/// Makes `kind` from `data` as PDF bytes.
pub fn render_pdf(kind: DocumentKind, data: &DocumentData) -> ReportResult<Vec<u8>> {
    let metrics = FontMetrics::bundled()?;
    let document = layout(kind, data, &metrics)?;
    writer::write_pdf(document, BUNDLED_FONT_TTF)
}

/// What an export wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportSummary {
    /// Pages in the document.
    pub pages: usize,
    /// Size of the file in bytes.
    pub bytes: usize,
}

/// Makes `kind` from `data` and writes it to `path` atomically, verified by reading it back.
pub fn export_pdf(
    kind: DocumentKind,
    data: &DocumentData,
    path: &Path,
) -> ReportResult<ExportSummary> {
    let metrics = FontMetrics::bundled()?;
    let document = layout(kind, data, &metrics)?;
    let pages = document.pages.len();
    let bytes = writer::write_pdf(document, BUNDLED_FONT_TTF)?;
    atomic::write_atomically(path, &bytes)?;
    Ok(ExportSummary {
        pages,
        bytes: bytes.len(),
    })
}
