//! The 整改承诺书 as a Word document: the PDF's text, then the lines for the principal leader's
//! signature, the unit's name with room for the seal, and the date left blank for the hand.

use crate::report::data::unit_name;
use crate::report::documents::commitment::{CommitmentText, DATE_LINE, SIGNATURE_LABEL};
use crate::report::error::ReportResult;
use crate::view::DocumentData;

use super::official::OfficialDocx;

/// The commitment form's .docx bytes.
pub fn commitment_docx(data: &DocumentData) -> ReportResult<Vec<u8>> {
    let unit = unit_name(data)?;
    let text = CommitmentText::of(data);
    let mut doc = OfficialDocx::new();
    doc.title(&format!("{unit}整改承诺书"));
    doc.flush_paragraph(&text.salutation);
    doc.paragraph(&text.opening);
    for item in &text.items {
        doc.paragraph(item);
    }
    doc.paragraph(&text.closing);
    doc.blank_line();
    doc.blank_line();
    let signature = format!("{SIGNATURE_LABEL}{}", "\u{3000}".repeat(6));
    doc.right_lines(&[&signature]);
    doc.blank_line();
    doc.right_lines(&[unit, "（单位盖章）", DATE_LINE]);
    doc.finish()
}
