//! The 整改进展情况报告 as a Word document: the PDF's text and tables, its bar chart left out
//! (the table by area gives the same figures).

use crate::domain::date::format_date_zh;
use crate::report::data::unit_name;
use crate::report::documents::progress::lists::{
    OVERDUE_CAPTION, changes, overdue_table, overdue_text,
};
use crate::report::documents::progress::parts::area_table;
use crate::report::documents::progress::{
    AREA_CAPTION, AREA_NOTE, opening_text, overall_text, rules_text,
};
use crate::report::documents::progress_figures::ProgressFigures;
use crate::report::error::ReportResult;
use crate::view::DocumentData;

use super::official::OfficialDocx;

/// The progress report's .docx bytes.
pub fn progress_docx(data: &DocumentData) -> ReportResult<Vec<u8>> {
    let unit = unit_name(data)?;
    let figures = ProgressFigures::of(&data.snapshot, data.as_of);
    let date = format_date_zh(data.as_of);
    let mut doc = OfficialDocx::new();
    doc.title(&format!("{unit}整改进展情况报告"));
    doc.subtitle(&format!("（截至{date}）"));
    doc.paragraph(&opening_text(data));
    doc.heading1("一、总体情况");
    doc.heading2("（一）整改措施完成情况");
    doc.paragraph(&overall_text(data, &figures));
    doc.heading2("（二）建章立制和承诺兑现情况");
    doc.paragraph(&rules_text(&figures));
    doc.heading1("二、分类别整改情况");
    doc.paragraph("各类别整改情况见表1。");
    doc.caption(AREA_CAPTION);
    doc.table(&area_table(&figures));
    doc.note(AREA_NOTE);
    doc.heading1("三、逾期未完成事项");
    doc.paragraph(&overdue_text(&figures));
    if !figures.overdue.is_empty() {
        doc.caption(OVERDUE_CAPTION);
        doc.table(&overdue_table(&figures));
    }
    doc.heading1("四、与上一版相比的变化");
    let (text, table) = changes(data);
    doc.paragraph(&text);
    if let Some((caption, table)) = table {
        doc.caption(&caption);
        doc.table(&table);
    }
    doc.blank_line();
    doc.right_lines(&[unit, &date]);
    doc.finish()
}
