//! A draft of the 整改工作总结报告 (the report every campaign ends with): 基本情况、查摆问题、
//! 整改措施落实、建章立制 and 下一步打算. The numbers, the categories and the tables come from
//! the data; what only the office can say is left as highlighted prompts（【……】） for it to
//! write over in WPS or Word.

use crate::domain::MeasureStatus;
use crate::domain::date::format_date_zh;
use crate::report::data::{Index, unit_name};
use crate::report::documents::progress::lists::{overdue_table, overdue_text};
use crate::report::documents::progress::parts::area_table;
use crate::report::documents::progress::{AREA_NOTE, overall_text};
use crate::report::documents::progress_figures::{ProgressFigures, counts_as_done};
use crate::report::documents::prose::INDENT;
use crate::report::documents::rules_list::rules_rows;
use crate::report::error::ReportResult;
use crate::report::table::{Align, Column, RowGroup, Table, TableStyle};
use crate::view::DocumentData;

use super::official::OfficialDocx;

/// Table text size, as the progress report's.
const TABLE_SIZE: f32 = 10.5;

/// The summary draft's .docx bytes.
pub fn summary_docx(data: &DocumentData) -> ReportResult<Vec<u8>> {
    let unit = unit_name(data)?;
    let figures = ProgressFigures::of(&data.snapshot, data.as_of);
    let date = format_date_zh(data.as_of);
    let campaign = data.campaign_title();
    let mut doc = OfficialDocx::new();
    doc.title(&format!("{unit}整改工作总结报告"));
    doc.placeholder(
        "草稿：数字和表格由整改台账生成，截至日期见文末；黄色底纹处请本单位撰写，定稿前删去本段",
    );
    let opening = if campaign.is_empty() {
        format!(
            "{INDENT}我单位认真开展自查自纠，对照查摆出的问题逐项整改，现将整改工作情况总结如下。"
        )
    } else {
        format!(
            "{INDENT}根据{campaign}工作安排，我单位认真开展自查自纠，对照查摆出的问题逐项整改，\
             现将整改工作情况总结如下。"
        )
    };
    doc.paragraph(&opening);

    doc.heading1("一、基本情况");
    if let Some(phases) = phases_text(data) {
        doc.paragraph(&phases);
    }
    doc.placeholder("请简要写明组织领导、动员部署、学习教育、征求意见等工作开展情况");

    doc.heading1("二、查摆问题");
    doc.paragraph(&problems_text(&figures));
    doc.placeholder("请概括问题的主要表现，并从思想认识、制度机制、工作作风等方面剖析原因");

    doc.heading1("三、整改措施落实");
    doc.paragraph(&overall_text(data, &figures));
    doc.caption("表1  各类别整改情况");
    doc.table(&area_table(&figures));
    doc.note(AREA_NOTE);
    doc.paragraph(&overdue_text(&figures));
    // Tables are numbered in order: the rules are 表3 after an overdue list, 表2 without one.
    let mut rules_number = 2;
    if !figures.overdue.is_empty() {
        doc.caption("表2  逾期未完成的整改措施");
        doc.table(&overdue_table(&figures));
        rules_number = 3;
    }
    doc.placeholder("请列举整改取得的主要成效、典型做法和群众反映");

    doc.heading1("四、建章立制");
    let rules = data.snapshot.rules.len();
    if rules == 0 {
        doc.paragraph(&format!("{INDENT}截至{date}，尚未新建或修订制度。"));
    } else {
        doc.paragraph(&format!(
            "{INDENT}围绕查摆出的问题新建、修订、废止制度{rules}项，见表{rules_number}。"
        ));
        doc.caption(&format!("表{rules_number}  制度清单"));
        doc.table(&rules_table(data));
    }
    doc.placeholder("请说明制度的执行情况和长效机制建设情况");

    doc.heading1("五、下一步打算");
    let open = figures.measures - figures.done();
    if open > 0 {
        doc.paragraph(&format!(
            "{INDENT}对尚未完成的{open}条整改措施，继续实行台账管理、对账销号，\
             盯住不放、一抓到底，确保按期整改到位。"
        ));
    }
    doc.placeholder("请写明巩固整改成果、防止问题反弹的具体打算");

    doc.blank_line();
    doc.right_lines(&[unit, &date]);
    if !data.snapshot.problems.is_empty() {
        doc.appendix("查摆问题清单");
        doc.table(&problem_table(data));
    }
    doc.finish()
}

/// The campaign's phases with their dates, when it has any.
fn phases_text(data: &DocumentData) -> Option<String> {
    let campaign = data
        .snapshot
        .campaigns
        .iter()
        .max_by_key(|campaign| (campaign.year, campaign.id))?;
    if campaign.phases.is_empty() {
        return None;
    }
    let phases: Vec<String> = campaign
        .phases
        .iter()
        .map(|phase| {
            format!(
                "{}（{}至{}）",
                phase.name,
                format_date_zh(phase.starts_on),
                format_date_zh(phase.ends_on)
            )
        })
        .collect();
    Some(format!(
        "{INDENT}{}分{}个阶段进行：{}。",
        campaign.title,
        campaign.phases.len(),
        phases.join("、")
    ))
}

/// How many problems were found, and how many in each area.
fn problems_text(figures: &ProgressFigures) -> String {
    if figures.problems == 0 {
        return format!("{INDENT}台账中尚未录入查摆出的问题。");
    }
    let areas: Vec<String> = figures
        .areas
        .iter()
        .filter(|area| area.problems > 0)
        .map(|area| format!("{}{}个", area.name, area.problems))
        .collect();
    if areas.is_empty() {
        return format!("{INDENT}共查摆问题{}个，问题清单见附件。", figures.problems);
    }
    format!(
        "{INDENT}共查摆问题{}个，制定整改措施{}条，问题清单见附件。按问题类别分：{}。",
        figures.problems,
        figures.measures,
        areas.join("、")
    )
}

/// Every problem in ledger order with its category (the item alone: the areas are counted in
/// the text), its text and how far its measures are.
fn problem_table(data: &DocumentData) -> Table {
    let index = Index::new(&data.snapshot);
    let category_name = |id| {
        data.snapshot
            .categories
            .iter()
            .find(|category| Some(category.id) == id)
            .map(|category| category.name.clone())
            .unwrap_or_default()
    };
    let mut problems: Vec<_> = data.snapshot.problems.iter().collect();
    problems.sort_by_key(|problem| problem.number);
    let groups = problems
        .into_iter()
        .map(|problem| {
            let measures = index.measures_of(problem.id);
            let done = measures
                .iter()
                .filter(|measure| counts_as_done(measure.status))
                .count();
            let closed = measures
                .iter()
                .filter(|measure| measure.status == MeasureStatus::Closed)
                .count();
            RowGroup {
                spanning: Vec::new(),
                rows: vec![vec![
                    problem.number.to_string(),
                    category_name(problem.category_id),
                    problem.description.clone(),
                    measures.len().to_string(),
                    format!("{done}（{closed}）"),
                ]],
            }
        })
        .collect();
    Table {
        columns: vec![
            Column::new("序号", 1.0, Align::Centre),
            Column::new("问题类别", 2.2, Align::Left),
            Column::new("问题表现", 6.0, Align::Left),
            Column::new("措施数", 1.3, Align::Centre),
            Column::new("已完成\n（已销号）", 1.7, Align::Centre),
        ],
        span_columns: 0,
        groups,
        style: TableStyle::compact(TABLE_SIZE),
    }
}

/// The rules, as the 制度清单 lists them without its 备注 column, which the type area of an
/// official document has no room for.
fn rules_table(data: &DocumentData) -> Table {
    let mut groups = rules_rows(data);
    for row in groups.iter_mut().flat_map(|group| &mut group.rows) {
        row.truncate(6);
    }
    Table {
        columns: vec![
            Column::new("序号", 0.9, Align::Centre),
            Column::new("制度名称", 3.6, Align::Left),
            Column::new("类别", 1.0, Align::Centre),
            Column::new("文号", 2.8, Align::Centre),
            Column::new("印发日期", 2.7, Align::Centre),
            Column::new("对应问题", 2.0, Align::Left),
        ],
        span_columns: 0,
        groups,
        style: TableStyle::compact(TABLE_SIZE),
    }
}
