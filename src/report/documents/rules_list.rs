//! 制度清单: the rules created, revised or repealed to make the fixes last, with their kind,
//! document number, date and the problems they address.

use std::collections::HashMap;

use crate::domain::date::format_date_zh;
use crate::report::canvas::Document;
use crate::report::data::unit_name;
use crate::report::error::ReportResult;
use crate::report::flow::{Flow, ParagraphStyle};
use crate::report::fonts::Pens;
use crate::report::geometry::{Margins, PageFrame, PageSize, mm};
use crate::report::table::{
    Align, Column, LIST_SEPARATORS, NAME_SEPARATORS, RowGroup, Table, TableStyle, place_table,
};
use crate::view::DocumentData;

use super::heading::place_title;
use super::sign_off_block::place_sign_off_block;

/// The page: A4 portrait.
pub fn rules_frame() -> PageFrame {
    PageFrame {
        size: PageSize::a4_portrait(),
        margins: Margins {
            top: mm(20.0),
            right: mm(15.0),
            bottom: mm(18.0),
            left: mm(15.0),
        },
    }
}

/// One row per rule: 序号, 制度名称, 类别, 文号, 印发日期, 对应问题 (ledger numbers), 备注.
pub fn rules_rows(data: &DocumentData) -> Vec<RowGroup> {
    let numbers: HashMap<_, _> = data
        .snapshot
        .problems
        .iter()
        .map(|problem| (problem.id, problem.number))
        .collect();
    data.snapshot
        .rules
        .iter()
        .enumerate()
        .map(|(index, rule)| {
            let linked: Vec<String> = rule
                .problem_ids
                .iter()
                .filter_map(|id| numbers.get(id))
                .map(|number| format!("第{number}号"))
                .collect();
            RowGroup {
                spanning: Vec::new(),
                rows: vec![vec![
                    (index + 1).to_string(),
                    rule.name.clone(),
                    rule.kind.label().to_owned(),
                    rule.doc_number.clone(),
                    rule.issued_on.map(format_date_zh).unwrap_or_default(),
                    linked.join("、"),
                    rule.note.clone(),
                ]],
            }
        })
        .collect()
}

/// Lays the rules list out.
pub fn rules_list(data: &DocumentData, pens: Pens<'_>) -> ReportResult<(Document, PageFrame)> {
    let pen = pens.default;
    let unit = unit_name(data)?;
    let frame = rules_frame();
    let mut flow = Flow::new(frame);
    place_title(&mut flow, pen, "制度清单", 18.0);
    flow.paragraph(
        &pen,
        &format!(
            "填报单位：{unit}    填报日期：{}    {}    共 {} 项",
            format_date_zh(data.as_of),
            data.version_label(),
            data.snapshot.rules.len()
        ),
        ParagraphStyle {
            size: 10.0,
            line_height: 16.0,
            left: frame.left(),
            right: frame.right(),
        },
    );
    flow.advance(4.0);
    let table = Table {
        columns: vec![
            Column::content("序号", Align::Centre, 4.0).keeping_parts(NAME_SEPARATORS),
            Column::fill("制度名称", 1.2, Align::Left, 8.0),
            Column::content("类别", Align::Centre, 3.0).keeping_parts(NAME_SEPARATORS),
            // A 文号 such as 审批办发〔2026〕12号 is one part: split before its 号 it is misread
            // when copied into other documents.
            Column::content("文号", Align::Centre, 12.0).keeping_parts(""),
            Column::content("印发日期", Align::Centre, 8.0).keeping_parts(NAME_SEPARATORS),
            Column::content("对应问题", Align::Left, 10.0).keeping_parts(LIST_SEPARATORS),
            Column::fill("备注", 1.0, Align::Left, 8.0),
        ],
        span_columns: 0,
        groups: rules_rows(data),
        style: TableStyle::compact(9.0),
    };
    place_table(&mut flow, pen, &table);
    if let Some(signed) = &data.signed {
        place_sign_off_block(&mut flow, pen, signed, 10.0);
    }
    Ok((
        Document {
            title: format!("{unit}制度清单"),
            pages: flow.pages,
        },
        frame,
    ))
}
