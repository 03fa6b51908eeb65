//! Documents from domain data (DESIGN §5): the 问题整改台账, the 整改承诺书, the 整改进展情况报告
//! and the 制度清单, laid out with real glyph advances and written as PDF with the CJK font
//! embedded as a subset.
//!
//! Small parts, lowest first: [`font`] (metrics), [`linebreak`] (UAX #14 plus the Chinese
//! punctuation rule), [`geometry`] (pages and margins), [`canvas`] (positioned items, testable
//! without a PDF), [`flow`] (paragraphs down pages), [`table`] (wrapped cells, rows across
//! pages, repeated header), [`frame`] (header, footer, page numbers, the draft watermark),
//! [`data`] (lookups over the data handed in), [`documents`] (one file per document),
//! [`writer`] (printpdf); files are written with [`crate::atomic_file`]. [`docx`] makes the
//! Word documents the office edits from the same text. The data comes from
//! [`crate::view`] ([`DocumentData`], [`AggregateView`]): nothing here reads the store.

pub mod canvas;
pub mod data;
pub mod documents;
pub mod docx;
pub mod error;
pub mod flat_cmap;
pub mod flow;
pub mod font;
pub mod fonts;
pub mod frame;
pub mod geometry;
pub mod keep_together;
pub mod linebreak;
pub mod table;
pub mod writer;

use std::path::Path;

pub use documents::DocumentKind;
pub use documents::aggregate_summary::report_title as aggregate_report_title;
pub use error::{ReportError, ReportResult};

use crate::domain::date::format_date_zh;
use crate::view::{AggregateView, DocumentData};
use canvas::Document;
use data::unit_name;
use fonts::{FontSet, Pens, official_font_folders};
use frame::{Decoration, PageNumbers, decorate};

/// Lays out `kind` from `data` with the fonts of `fonts`, header, page numbers and (for a
/// draft) the watermark included. Each role takes the best official typeface the set has that
/// can show every character the document sets in it, otherwise the bundled font.
pub fn layout(kind: DocumentKind, data: &DocumentData, fonts: &FontSet) -> ReportResult<Document> {
    layout_in_best_fonts(fonts, |pens| layout_with(kind, data, pens))
}

/// Lays a document out with the official fonts the set has. When some text uses a character
/// its face lacks, that face is set aside and the document laid out again with the role's next
/// typeface, down to the bundled font.
fn layout_in_best_fonts(
    fonts: &FontSet,
    lay_out: impl Fn(Pens<'_>) -> ReportResult<Document>,
) -> ReportResult<Document> {
    let mut avoided: Vec<usize> = Vec::new();
    loop {
        let document = lay_out(fonts.pens_avoiding(&avoided))?;
        let lacking: Vec<usize> = fonts
            .faces_lacking_glyphs(&document)
            .into_iter()
            .filter(|face| *face != 0 && !avoided.contains(face))
            .collect();
        if lacking.is_empty() {
            return Ok(document);
        }
        avoided.extend(lacking);
    }
}

/// How `kind` numbers its pages: the 整改承诺书 and the 整改进展情况报告 are official documents
/// and follow GB/T 9704 ("— 1 —" on the outer corner); the tables and lists count their pages.
pub fn page_numbers(kind: DocumentKind) -> PageNumbers {
    match kind {
        DocumentKind::Commitment | DocumentKind::Progress => PageNumbers::Official,
        DocumentKind::Ledger | DocumentKind::Rules => PageNumbers::Counted,
    }
}

/// Lays out the superior office's 各单位整改情况汇总报告 from `data`, with header and page
/// numbers.
pub fn layout_aggregate(data: &AggregateView, fonts: &FontSet) -> ReportResult<Document> {
    layout_in_best_fonts(fonts, |pens| {
        let (mut document, page_frame) =
            documents::aggregate_summary::aggregate_summary(data, pens)?;
        let decoration = Decoration {
            header_left: data.office.name.clone(),
            header_right: format!(
                "各单位整改情况汇总报告 · 截至{}",
                format_date_zh(data.today)
            ),
            draft: false,
            page_numbers: PageNumbers::Counted,
        };
        decorate(&mut document.pages, &page_frame, pens, &decoration);
        Ok(document)
    })
}

/// Lays out the printable 回执 for `receipt` (one A4 page, no page number).
pub fn layout_receipt(receipt: &crate::domain::Receipt, fonts: &FontSet) -> ReportResult<Document> {
    layout_in_best_fonts(fonts, |pens| {
        Ok(documents::receipt::receipt_page(receipt, pens)?.0)
    })
}

fn layout_with(kind: DocumentKind, data: &DocumentData, pens: Pens<'_>) -> ReportResult<Document> {
    let (mut document, page_frame) = match kind {
        DocumentKind::Ledger => documents::ledger::ledger(data, pens)?,
        DocumentKind::Commitment => documents::commitment::commitment(data, pens)?,
        DocumentKind::Rules => documents::rules_list::rules_list(data, pens)?,
        DocumentKind::Progress => documents::progress::progress(data, pens)?,
    };
    // The commitment form and the progress report are official documents: no running header,
    // as GB/T 9704 lays them out, except on a draft, which says plainly what it is (the rotated
    // watermark alone does not come out as a word when the text is copied).
    let page_numbers = page_numbers(kind);
    let official = page_numbers == PageNumbers::Official;
    let decoration = Decoration {
        header_left: if official {
            String::new()
        } else {
            unit_name(data)?.to_owned()
        },
        header_right: match (official, data.signed.is_some()) {
            (true, true) => String::new(),
            (true, false) => "草稿：未经审核签发，仅供核对".to_owned(),
            (false, _) => format!("{} · {}", kind.label(), data.version_label()),
        },
        draft: data.signed.is_none(),
        page_numbers,
    };
    decorate(&mut document.pages, &page_frame, pens, &decoration);
    Ok(document)
}

/// The fonts documents are made with on this PC: the bundled font and the official fonts
/// installed here.
pub fn system_fonts() -> ReportResult<FontSet> {
    FontSet::discover(&official_font_folders())
}

/// Makes `kind` from `data` as PDF bytes, with this PC's fonts.
pub fn render_pdf(kind: DocumentKind, data: &DocumentData) -> ReportResult<Vec<u8>> {
    let fonts = system_fonts()?;
    let document = layout(kind, data, &fonts)?;
    writer::write_pdf(document, &fonts)
}

/// What an export wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportSummary {
    /// Pages in the document.
    pub pages: usize,
    /// Size of the file in bytes.
    pub bytes: usize,
}

/// Makes `kind` from `data` with this PC's fonts and writes it to `path` atomically, verified
/// by reading it back.
pub fn export_pdf(
    kind: DocumentKind,
    data: &DocumentData,
    path: &Path,
) -> ReportResult<ExportSummary> {
    export_pdf_with(kind, data, &system_fonts()?, path)
}

/// [`export_pdf`] with the given fonts.
pub fn export_pdf_with(
    kind: DocumentKind,
    data: &DocumentData,
    fonts: &FontSet,
    path: &Path,
) -> ReportResult<ExportSummary> {
    write_pdf_file(layout(kind, data, fonts)?, fonts, path)
}

/// Makes the 各单位整改情况汇总报告 of an aggregate with the given fonts and writes it to `path`
/// atomically, verified by reading it back.
pub fn export_aggregate_pdf_with(
    data: &AggregateView,
    fonts: &FontSet,
    path: &Path,
) -> ReportResult<ExportSummary> {
    write_pdf_file(layout_aggregate(data, fonts)?, fonts, path)
}

/// [`export_aggregate_pdf_with`] with this PC's fonts.
pub fn export_aggregate_pdf(data: &AggregateView, path: &Path) -> ReportResult<ExportSummary> {
    export_aggregate_pdf_with(data, &system_fonts()?, path)
}

/// Writes a laid-out document to `path` as PDF, atomically and verified. With [`layout`] it is
/// [`export_pdf_with`] in two steps, for work that may stop between them.
pub fn write_pdf_file(
    document: Document,
    fonts: &FontSet,
    path: &Path,
) -> ReportResult<ExportSummary> {
    let pages = document.pages.len();
    let bytes = writer::write_pdf(document, fonts)?;
    crate::atomic_file::write_atomically(path, &bytes).map_err(|cause| ReportError::Write {
        path: path.to_path_buf(),
        cause,
    })?;
    Ok(ExportSummary {
        pages,
        bytes: bytes.len(),
    })
}
