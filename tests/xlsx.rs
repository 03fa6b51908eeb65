//! Excel interop: export of a demo ledger and its round trip through import, hand-shaped
//! workbooks as people make them (title rows, two-row headers, merged problem cells, blank rows,
//! dates and statuses in words), and bad files that must be refused whole with a Chinese
//! message and nothing written.

// The helpers that build workbooks and stores panic on failure like the tests themselves
// (clippy only exempts `#[test]` functions from these lints).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{Read, Write};
use std::path::Path;
use std::time::Instant;

use calamine::{Data, Reader, Xlsx};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use zhenggai::demo::{self, DemoOptions};
use zhenggai::domain::{Deadline, MeasureStatus};
use zhenggai::interop::{
    CLOSE_OUT_PENDING_NOTE, COMMITMENTS_SHEET, ImportReport, InteropError, LEDGER_HEADERS,
    LEDGER_SHEET, LedgerField, LedgerLayout, RULES_SHEET, STATS_SHEET, SheetFormat, detect_format,
    export_csv, export_xlsx, import_preview, import_xlsx, preview_xlsx, read_ledger,
};
use zhenggai::store::Store;

use common::ledger::{demo_store, fresh_store, ledger_lines, options};
use common::{day, temp_db};

fn counts(store: &Store) -> (u64, u64, usize) {
    let summary = store.summary(day(2026, 11, 20)).unwrap();
    (
        summary.problems,
        summary.measures,
        store.audit_entries().unwrap().len(),
    )
}

#[test]
fn demo_ledger_round_trips_through_xlsx() {
    let (dir, _) = temp_db();
    let source = demo_store(dir.path(), "source.sqlite", 300, 7);
    let file = dir.path().join("台账.xlsx");
    let exported = export_xlsx(&source, &file, LedgerLayout::Merged).unwrap();
    assert_eq!(exported.problems, 300);
    println!(
        "export of 300 problems / {} measures: {} bytes",
        exported.measures, exported.bytes
    );
    assert!(exported.bytes > 10_000 && exported.bytes < 2_000_000);
    // No temporary file is left beside the export.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());

    let mut target = fresh_store(dir.path(), "target.sqlite");
    let report = import_xlsx(&mut target, &file, &options(Some("赵核验"))).unwrap();
    assert_eq!(report.sheets, [LEDGER_SHEET]);
    assert_eq!(report.problems, 300);
    assert_eq!(report.measures, exported.measures);
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    assert!(report.closed_out > 0);
    assert_eq!(ledger_lines(&source), ledger_lines(&target));

    // Without a verifier, 已销号 comes in as 已完成 with a note saying close-out is pending.
    let mut unverified = fresh_store(dir.path(), "unverified.sqlite");
    let report = import_xlsx(&mut unverified, &file, &options(None)).unwrap();
    assert_eq!(report.closed_out, 0);
    let source_closed = source
        .summary(day(2026, 11, 20))
        .unwrap()
        .measures_by_status;
    let imported = unverified
        .summary(day(2026, 11, 20))
        .unwrap()
        .measures_by_status;
    assert_eq!(report.closed_as_completed as u64, source_closed.closed);
    assert_eq!(imported.closed, 0);
    assert_eq!(
        imported.completed,
        source_closed.completed + source_closed.closed
    );
    let pending = unverified
        .progress_notes(None)
        .unwrap()
        .into_iter()
        .filter(|note| note.text == CLOSE_OUT_PENDING_NOTE)
        .count() as u64;
    assert_eq!(pending, source_closed.closed);
}

#[test]
fn csv_export_has_bom_header_and_one_line_per_measure() {
    let (dir, _) = temp_db();
    let mut store = fresh_store(dir.path(), "csv.sqlite");
    let demo = demo::populate(
        &mut store,
        &DemoOptions {
            problems: 20,
            seed: 2,
            today: day(2026, 11, 20),
        },
    )
    .unwrap();
    let file = dir.path().join("台账.csv");
    export_csv(&store, &file).unwrap();
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.contains("序号,问题类别,问题表现,整改措施,责任领导"));
    // Quoted fields may hold line breaks, so count records by the CRLF that ends each.
    assert_eq!(text.matches("\r\n").count(), demo.measures + 1);
}

/// A store with a demo ledger of `problems` problems (commitments and rules included) and its
/// export; returns the store and the exported file.
fn exported_demo(dir: &Path, problems: usize) -> (Store, std::path::PathBuf) {
    let store = demo_store(dir, "export.sqlite", problems, 5);
    let file = dir.join("导出台账.xlsx");
    let report = export_xlsx(&store, &file, LedgerLayout::Merged).unwrap();
    assert_eq!(report.problems, problems);
    (store, file)
}

/// The text of one part of an xlsx file, e.g. `xl/workbook.xml`.
fn xlsx_part(file: &Path, part: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(file).unwrap()).unwrap();
    let mut text = String::new();
    archive
        .by_name(part)
        .unwrap_or_else(|err| panic!("{part}: {err}"))
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// The attributes of the first `<tag …>` element in `xml` (values hold no quotes).
fn xml_attributes(xml: &str, tag: &str) -> HashMap<String, String> {
    let open = format!("<{tag} ");
    let start = xml
        .find(&open)
        .unwrap_or_else(|| panic!("no <{tag}> in {xml}"))
        + open.len();
    let end = start + xml[start..].find('>').unwrap();
    let mut attributes = HashMap::new();
    let mut rest = &xml[start..end];
    while let Some(eq) = rest.find("=\"") {
        let name = rest[..eq].trim().to_owned();
        let after = &rest[eq + 2..];
        let close = after.find('"').unwrap();
        attributes.insert(name, after[..close].to_owned());
        rest = &after[close + 1..];
    }
    attributes
}

/// The `ref`s of a sheet's merged ranges, e.g. `A1:J1`.
fn merged_ranges(sheet_xml: &str) -> Vec<String> {
    sheet_xml
        .split("<mergeCell ref=\"")
        .skip(1)
        .map(|part| part[..part.find('"').unwrap()].to_owned())
        .collect()
}

/// The text of the cell at 0-based (`row`, `col`), failing on anything but a string.
fn text_at(range: &calamine::Range<Data>, row: u32, col: u32) -> String {
    match range.get_value((row, col)) {
        Some(Data::String(text)) => text.clone(),
        other => panic!("cell ({row}, {col}) is not text: {other:?}"),
    }
}

/// The calendar date of an Excel date serial (days since 1899-12-30).
fn serial_date(serial: f64) -> chrono::NaiveDate {
    day(1899, 12, 30) + chrono::Days::new(serial.trunc() as u64)
}

/// The number in the cell at 0-based (`row`, `col`).
fn number_at(range: &calamine::Range<Data>, row: u32, col: u32) -> f64 {
    match range.get_value((row, col)) {
        Some(Data::Float(number)) => *number,
        Some(Data::Int(number)) => *number as f64,
        other => panic!("cell ({row}, {col}) is not a number: {other:?}"),
    }
}

#[test]
fn exported_ledger_sheet_has_title_merged_problems_real_dates_and_print_setup() {
    let (dir, _) = temp_db();
    let (store, file) = exported_demo(dir.path(), 40);
    let ledger = read_ledger(&store).unwrap();

    let mut workbook: Xlsx<_> = calamine::open_workbook(&file).unwrap();
    assert_eq!(
        workbook.sheet_names(),
        [LEDGER_SHEET, STATS_SHEET, COMMITMENTS_SHEET, RULES_SHEET]
    );
    let sheet = workbook.worksheet_range(LEDGER_SHEET).unwrap();
    // The title row names the unit and the campaign; the header row is the standard columns.
    let title = text_at(&sheet, 0, 0);
    assert_eq!(title, ledger.title());
    assert!(
        title.starts_with("某县行政审批局") && title.ends_with("问题整改台账"),
        "{title}"
    );
    let headers: Vec<String> = (0..10).map(|col| text_at(&sheet, 1, col)).collect();
    assert_eq!(headers, LEDGER_HEADERS);

    // Walk the problems: each starts a block of its measure rows.
    let mut row: u32 = 2;
    let mut expected_merges = vec!["A1:J1".to_owned()];
    let (mut dated, mut long_term) = (0, 0);
    for problem in &ledger.problems {
        assert_eq!(number_at(&sheet, row, 0) as i64, problem.number);
        assert_eq!(text_at(&sheet, row, 2), problem.description);
        let span = problem.measures.len().max(1) as u32;
        if span > 1 {
            let (first, last) = (row + 1, row + span);
            for col in ["A", "B", "C"] {
                expected_merges.push(format!("{col}{first}:{col}{last}"));
            }
        }
        for (offset, measure) in problem.measures.iter().enumerate() {
            let r = row + offset as u32;
            assert_eq!(text_at(&sheet, r, 3), measure.content);
            assert_eq!(text_at(&sheet, r, 9), measure.status.label());
            match measure.deadline {
                // A real date: a number with a date format, which calamine reads as a date.
                Some(Deadline::Date(date)) => {
                    match sheet.get_value((r, 7)) {
                        Some(Data::DateTime(value)) => {
                            assert_eq!(serial_date(value.as_f64()), date);
                        }
                        other => panic!("row {}: deadline {date} is {other:?}", r + 1),
                    }
                    dated += 1;
                }
                Some(Deadline::LongTerm) => {
                    assert_eq!(text_at(&sheet, r, 7), "长期坚持");
                    long_term += 1;
                }
                None => {}
            }
        }
        row += span;
    }
    assert_eq!(sheet.end().map(|(last, _)| last + 1), Some(row));
    assert!(
        dated > 0 && long_term > 0,
        "{dated} dated, {long_term} 长期坚持"
    );
    assert!(
        expected_merges.len() > 4,
        "the demo has problems with several measures"
    );

    let sheet_xml = xlsx_part(&file, "xl/worksheets/sheet1.xml");
    let mut merges = merged_ranges(&sheet_xml);
    merges.sort();
    expected_merges.sort();
    assert_eq!(merges, expected_merges);

    // The title and header rows stay in view when scrolling.
    let pane = xml_attributes(&sheet_xml, "pane");
    assert_eq!(
        pane.get("ySplit").map(String::as_str),
        Some("2"),
        "{pane:?}"
    );
    assert_eq!(pane.get("state").map(String::as_str), Some("frozen"));
    assert_eq!(pane.get("topLeftCell").map(String::as_str), Some("A3"));
    assert!(!pane.contains_key("xSplit"), "{pane:?}");

    // A4 landscape, fitted to one page wide (any number of pages tall).
    let setup = xml_attributes(&sheet_xml, "pageSetup");
    assert_eq!(setup.get("paperSize").map(String::as_str), Some("9"));
    assert_eq!(
        setup.get("orientation").map(String::as_str),
        Some("landscape")
    );
    assert_eq!(setup.get("fitToHeight").map(String::as_str), Some("0"));
    // fitToWidth defaults to 1 and is written only otherwise.
    assert!(
        setup.get("fitToWidth").is_none_or(|width| width == "1"),
        "{setup:?}"
    );
    let fit = xml_attributes(&sheet_xml, "pageSetUpPr");
    assert_eq!(fit.get("fitToPage").map(String::as_str), Some("1"));

    // Column widths are set, the text columns wider than 序号, and cells wrap.
    let widths: Vec<f64> = sheet_xml
        .split("<col ")
        .skip(1)
        .map(|col| {
            let attributes = xml_attributes(&format!("<col {col}"), "col");
            attributes["width"].parse().unwrap()
        })
        .collect();
    assert_eq!(widths.len(), 10, "{widths:?}");
    assert!(widths[2] > widths[0] * 3.0 && widths[3] > widths[0] * 3.0);
    assert!(xlsx_part(&file, "xl/styles.xml").contains("wrapText=\"1\""));

    // The header row is repeated on every printed page.
    let workbook_xml = xlsx_part(&file, "xl/workbook.xml");
    let print_titles: Vec<&str> = workbook_xml
        .split("<definedName ")
        .skip(1)
        .filter(|name| {
            name.starts_with("name=\"_xlnm.Print_Titles\"") && name.contains("localSheetId=\"0\"")
        })
        .collect();
    assert_eq!(print_titles.len(), 1, "{workbook_xml}");
    let refers_to = &print_titles[0]
        [print_titles[0].find('>').unwrap() + 1..print_titles[0].find("</definedName>").unwrap()];
    assert!(
        refers_to.contains(LEDGER_SHEET) && refers_to.ends_with("!$2:$2"),
        "{refers_to}"
    );
}

#[test]
fn exported_statistics_add_up_to_the_ledger_by_category_and_status() {
    let (dir, _) = temp_db();
    let (store, file) = exported_demo(dir.path(), 60);
    let ledger = read_ledger(&store).unwrap();
    let measures: usize = ledger.problems.iter().map(|p| p.measures.len()).sum();
    let by_status = store.summary(day(2026, 11, 20)).unwrap().measures_by_status;

    let mut workbook: Xlsx<_> = calamine::open_workbook(&file).unwrap();
    let sheet = workbook.worksheet_range(STATS_SHEET).unwrap();
    let headers: Vec<String> = (0..8).map(|col| text_at(&sheet, 1, col)).collect();
    assert_eq!(
        headers,
        [
            "问题类别",
            "问题数",
            "措施数",
            "未启动",
            "整改中",
            "已完成",
            "已销号",
            "完成率"
        ]
    );
    let last = sheet.end().unwrap().0;
    assert_eq!(text_at(&sheet, last, 0), "合计");
    let row_numbers = |row: u32| -> Vec<u64> {
        (1..7)
            .map(|col| number_at(&sheet, row, col) as u64)
            .collect()
    };

    // One row per area, each counting that area's problems and measures by status.
    let mut sums = [0u64; 6];
    let mut areas = Vec::new();
    for row in 2..last {
        let area = text_at(&sheet, row, 0);
        let numbers = row_numbers(row);
        let problems: Vec<_> = ledger.problems.iter().filter(|p| p.area == area).collect();
        let area_measures: Vec<_> = problems.iter().flat_map(|p| &p.measures).collect();
        let count = |status: MeasureStatus| {
            area_measures.iter().filter(|m| m.status == status).count() as u64
        };
        assert_eq!(
            numbers,
            [
                problems.len() as u64,
                area_measures.len() as u64,
                count(MeasureStatus::NotStarted),
                count(MeasureStatus::InProgress),
                count(MeasureStatus::Completed),
                count(MeasureStatus::Closed),
            ],
            "{area}"
        );
        assert_eq!(numbers[2..].iter().sum::<u64>(), numbers[1], "{area}");
        let done = (numbers[4] + numbers[5]) as f64 / numbers[1].max(1) as f64;
        assert!((number_at(&sheet, row, 7) - done).abs() < 1e-9, "{area}");
        for (sum, value) in sums.iter_mut().zip(&numbers) {
            *sum += value;
        }
        areas.push(area);
    }
    assert_eq!(areas, ledger.areas, "the areas in the taxonomy's order");

    // The totals row adds up the areas and matches the ledger and the store.
    let total = row_numbers(last);
    assert_eq!(total, sums);
    assert_eq!(total[0], ledger.problems.len() as u64);
    assert_eq!(total[1], measures as u64);
    assert_eq!(
        total[2..],
        [
            by_status.not_started,
            by_status.in_progress,
            by_status.completed,
            by_status.closed
        ]
    );
    assert_eq!(total[2..].iter().sum::<u64>(), measures as u64);
}

#[test]
fn exported_commitments_and_rules_sheets_list_the_store_texts() {
    let (dir, _) = temp_db();
    let (store, file) = exported_demo(dir.path(), 30);
    let commitments = store.commitments().unwrap();
    let rules = store.rules().unwrap();
    assert!(commitments.len() >= 3 && rules.len() >= 3);

    let mut workbook: Xlsx<_> = calamine::open_workbook(&file).unwrap();
    let sheet = workbook.worksheet_range(COMMITMENTS_SHEET).unwrap();
    assert!(text_at(&sheet, 0, 0).contains("整改承诺"));
    assert_eq!(text_at(&sheet, 1, 1), "承诺内容");
    assert_eq!(sheet.end().unwrap().0, commitments.len() as u32 + 1);
    for (index, commitment) in commitments.iter().enumerate() {
        let row = index as u32 + 2;
        assert_eq!(number_at(&sheet, row, 0) as usize, index + 1);
        assert_eq!(text_at(&sheet, row, 1), commitment.content);
        assert_eq!(text_at(&sheet, row, 5), commitment.state.label());
        if let Some(due) = commitment.due_on {
            let Some(Data::DateTime(value)) = sheet.get_value((row, 4)) else {
                panic!("row {}: due date is not a date", row + 1);
            };
            assert_eq!(serial_date(value.as_f64()), due);
        }
    }

    let numbers: HashMap<_, i64> = store
        .problems()
        .unwrap()
        .into_iter()
        .map(|problem| (problem.id, problem.number))
        .collect();
    let sheet = workbook.worksheet_range(RULES_SHEET).unwrap();
    assert!(text_at(&sheet, 0, 0).contains("制度清单"));
    assert_eq!(text_at(&sheet, 1, 1), "制度名称");
    assert_eq!(sheet.end().unwrap().0, rules.len() as u32 + 1);
    for (index, rule) in rules.iter().enumerate() {
        let row = index as u32 + 2;
        assert_eq!(text_at(&sheet, row, 1), rule.name);
        assert_eq!(text_at(&sheet, row, 2), rule.kind.label());
        let linked: Vec<String> = rule
            .problem_ids
            .iter()
            .map(|id| numbers[id].to_string())
            .collect();
        let cell = sheet.get_value((row, 5));
        if linked.is_empty() {
            assert!(
                matches!(cell, None | Some(Data::Empty))
                    || cell == Some(&Data::String(String::new())),
                "{cell:?}"
            );
        } else {
            assert_eq!(text_at(&sheet, row, 5), linked.join("、"));
        }
    }
    assert!(rules.iter().any(|rule| !rule.problem_ids.is_empty()));
}

/// Writes a ledger the way a county office might: a title, a unit line, a two-row header with
/// 责任主体 over three columns, problem cells merged over their measures, a blank separator row,
/// a repeated header, dates in every form, statuses in words, a 备注 column and a 合计 row.
fn hand_shaped_workbook(path: &Path) {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Sheet1").unwrap();
    let plain = Format::new();
    let date = Format::new().set_num_format("yyyy\"年\"m\"月\"d\"日\"");
    sheet
        .merge_range(0, 0, 0, 9, "某县行政审批局作风问题整改台账", &plain)
        .unwrap();
    sheet
        .write_string(1, 0, "填报单位（盖章）：某县行政审批局")
        .unwrap();
    let top = [
        "序号",
        "问题类别",
        "存在问题",
        "整改措施",
        "责任主体",
        "",
        "",
        "完成时限",
        "整改进展",
        "是否销号",
        "备注",
    ];
    for (col, text) in top.iter().enumerate() {
        if !text.is_empty() {
            sheet.write_string(2, col as u16, *text).unwrap();
        }
    }
    sheet.merge_range(2, 4, 2, 6, "责任主体", &plain).unwrap();
    for (col, text) in [(4, "责任领导"), (5, "责任单位"), (6, "责任人")] {
        sheet.write_string(3, col, text).unwrap();
    }
    // Problem 1: three measures under one merged problem cell.
    sheet.merge_range(4, 0, 6, 0, "", &plain).unwrap();
    sheet.write_number(4, 0, 1).unwrap();
    sheet
        .merge_range(4, 1, 6, 1, "窗口授权不到位", &plain)
        .unwrap();
    sheet
        .merge_range(4, 2, 6, 2, "窗口受理后仍需回科室审批，群众多跑路", &plain)
        .unwrap();
    let measures = [
        (
            "向窗口充分授权，做到一窗受理",
            "王副局长",
            "政务服务科",
            "李娜",
        ),
        ("建立即办件清单并公开", "王副局长", "审批一科", "张伟"),
        ("每月通报窗口办理时限", "刘局长", "办公室", "陈静"),
    ];
    for (offset, (content, leader, division, person)) in measures.iter().enumerate() {
        let row = 4 + offset as u32;
        sheet.write_string(row, 3, *content).unwrap();
        sheet.write_string(row, 4, *leader).unwrap();
        sheet.write_string(row, 5, *division).unwrap();
        sheet.write_string(row, 6, *person).unwrap();
    }
    sheet
        .write_datetime_with_format(4, 7, ExcelDateTime::from_ymd(2026, 6, 30).unwrap(), &date)
        .unwrap();
    sheet.write_number(5, 7, 46_203).unwrap(); // 2026-06-30 as a bare serial.
    sheet.write_string(6, 7, "长期坚持").unwrap();
    sheet.write_string(4, 8, "已全部授权").unwrap();
    sheet.write_string(4, 9, "已销号").unwrap();
    sheet.write_string(5, 9, "整改中").unwrap();
    sheet.write_string(6, 9, "未启动").unwrap();
    sheet.write_string(4, 10, "群众评议提出").unwrap();
    // A blank separator row (7), then problem 2 with a text date and an unmerged continuation.
    sheet.write_number(8, 0, 2).unwrap();
    sheet.write_string(8, 1, "审批流程欠科学").unwrap();
    sheet
        .write_string(8, 2, "审批环节多、材料重复提交")
        .unwrap();
    sheet.write_string(8, 3, "精简审批材料").unwrap();
    sheet.write_string(8, 7, "2026/8/31").unwrap();
    sheet.write_string(8, 9, "已完成").unwrap();
    sheet.write_string(9, 3, "推行并联审批").unwrap();
    sheet.write_string(9, 7, "9月底").unwrap();
    sheet.write_string(9, 9, "正在整改").unwrap();
    // A header repeated for the second printed page, then problem 3 with odd cells.
    for (col, text) in top.iter().enumerate() {
        if !text.is_empty() {
            sheet.write_string(10, col as u16, *text).unwrap();
        }
    }
    sheet.write_number(11, 0, 3).unwrap();
    sheet.write_string(11, 1, "自定义类别").unwrap();
    sheet.write_string(11, 2, "首问负责制落实不到位").unwrap();
    sheet.write_string(11, 3, "修订首问负责制实施办法").unwrap();
    sheet.write_string(11, 7, "尽快").unwrap();
    sheet.write_string(11, 9, "研究中").unwrap();
    sheet.write_string(12, 0, "").unwrap();
    sheet.write_string(12, 3, "").unwrap();
    sheet.write_string(12, 4, "王副局长").unwrap(); // A continuation row without a measure.
    sheet.write_string(13, 0, "合计").unwrap();
    sheet.write_string(13, 3, "6 条").unwrap();
    // A measure row before any problem could not be placed; here it is a stray note.
    workbook.save(path).unwrap();
}

/// Category, content, division, person, deadline and status of one imported measure.
type ExpectedMeasure = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<Deadline>,
    MeasureStatus,
);

#[test]
fn hand_shaped_workbook_imports_with_expected_counts_and_values() {
    let (dir, _) = temp_db();
    let file = dir.path().join("手工台账.xlsx");
    hand_shaped_workbook(&file);
    let preview = preview_xlsx(&file).unwrap();
    assert_eq!(preview.sheets[0].mapping.header_rows, vec![2, 3]);
    assert_eq!(
        preview.sheets[0].mapping.column_of(LedgerField::Person),
        Some(6)
    );
    assert_eq!(
        preview.sheets[0].mapping.column_of(LedgerField::Status),
        Some(9)
    );

    let mut store = fresh_store(dir.path(), "hand.sqlite");
    let report: ImportReport = import_xlsx(&mut store, &file, &options(None)).unwrap();
    assert_eq!((report.problems, report.measures), (3, 6), "{report:?}");
    let skipped_rows: Vec<usize> = report.skipped.iter().map(|note| note.row).collect();
    // Row 11 is the repeated header, row 13 the continuation without a measure, 14 the 合计.
    assert_eq!(skipped_rows, vec![11, 13, 14], "{:?}", report.skipped);
    assert!(report.skipped[2].reason.contains("合计"));
    assert_eq!(report.blank_rows, 1);
    // Row 12: 尽快 is no date, 研究中 no status; the 自定义类别 is unknown.
    let warned: Vec<usize> = report.warnings.iter().map(|note| note.row).collect();
    assert_eq!(warned, vec![12, 12, 12], "{:?}", report.warnings);
    assert_eq!(report.closed_as_completed, 1);

    let lines = ledger_lines(&store);
    let deadline = |y, m, d| Some(Deadline::Date(day(y, m, d)));
    let expected: Vec<ExpectedMeasure> = vec![
        (
            "窗口授权不到位",
            "向窗口充分授权，做到一窗受理",
            "政务服务科",
            "李娜",
            deadline(2026, 6, 30),
            MeasureStatus::Completed,
        ),
        (
            "窗口授权不到位",
            "建立即办件清单并公开",
            "审批一科",
            "张伟",
            deadline(2026, 6, 30),
            MeasureStatus::InProgress,
        ),
        (
            "窗口授权不到位",
            "每月通报窗口办理时限",
            "办公室",
            "陈静",
            Some(Deadline::LongTerm),
            MeasureStatus::NotStarted,
        ),
        (
            "审批流程欠科学",
            "精简审批材料",
            "",
            "",
            deadline(2026, 8, 31),
            MeasureStatus::Completed,
        ),
        (
            "审批流程欠科学",
            "推行并联审批",
            "",
            "",
            deadline(2026, 9, 30),
            MeasureStatus::InProgress,
        ),
        (
            "",
            "修订首问负责制实施办法",
            "",
            "",
            None,
            MeasureStatus::NotStarted,
        ),
    ];
    assert_eq!(lines.len(), expected.len());
    for (line, want) in lines.iter().zip(&expected) {
        assert_eq!(
            (
                line.2.as_str(),
                line.3.as_str(),
                line.5.as_str(),
                line.6.as_str(),
                line.7,
                line.8
            ),
            *want
        );
    }
    let problems = store.problems().unwrap();
    assert_eq!(
        problems[0].description,
        "窗口受理后仍需回科室审批，群众多跑路"
    );
    // The unknown 备注 column is kept in the example, the unknown category too.
    assert_eq!(problems[0].example, "备注：群众评议提出");
    assert!(problems[2].example.contains("原问题类别：自定义类别"));
    // The progress text became a note, and 已销号 left the pending close-out note after it.
    let notes = store.progress_notes(None).unwrap();
    assert!(notes.iter().any(|note| note.text == "已全部授权"));
    assert!(notes.iter().any(|note| note.text == CLOSE_OUT_PENDING_NOTE));
}

fn assert_refused_without_writing(file: &Path, expect: impl Fn(&InteropError) -> bool) {
    let dir = file.parent().unwrap();
    let name = format!("{}.sqlite", file.file_stem().unwrap().to_string_lossy());
    let mut store = fresh_store(dir, &name);
    let before = counts(&store);
    let snapshot = store.snapshot().unwrap();
    let audit = store.audit_entries().unwrap();
    let err = import_xlsx(&mut store, file, &options(None)).unwrap_err();
    assert!(expect(&err), "{err:?}");
    let message = err.to_string();
    assert!(
        message.contains("请"),
        "the message says what to do: {message}"
    );
    assert_eq!(counts(&store), before, "nothing may be written");
    assert!(
        store.snapshot().unwrap() == snapshot,
        "the data is unchanged"
    );
    assert_eq!(store.audit_entries().unwrap(), audit, "no audit entry");
}

#[test]
fn a_stop_asked_before_the_backup_or_before_the_commit_writes_nothing() {
    let (dir, _) = temp_db();
    let file = dir.path().join("手工台账.xlsx");
    hand_shaped_workbook(&file);
    let preview = preview_xlsx(&file).unwrap();
    // The probe is asked twice: before the backup and after every row was applied, just
    // before the commit. Saying yes at either leaves the store as it was.
    for stop_at_question in [1, 2] {
        let mut store = fresh_store(dir.path(), &format!("stop-{stop_at_question}.sqlite"));
        let before = counts(&store);
        let snapshot = store.snapshot().unwrap();
        let asked = std::cell::Cell::new(0);
        let probe = || {
            asked.set(asked.get() + 1);
            asked.get() == stop_at_question
        };
        let err = import_preview(&mut store, &file, &preview, &options(None), &probe).unwrap_err();
        assert!(matches!(err, InteropError::Cancelled), "{err:?}");
        assert_eq!(asked.get(), stop_at_question);
        assert_eq!(counts(&store), before, "nothing may be written");
        assert!(
            store.snapshot().unwrap() == snapshot,
            "the data is unchanged"
        );
    }
    // The same import, not stopped, writes the three problems.
    let mut store = fresh_store(dir.path(), "not-stopped.sqlite");
    let report = import_preview(&mut store, &file, &preview, &options(None), &|| false).unwrap();
    assert_eq!(report.problems, 3);
}

#[test]
fn workbook_without_a_ledger_header_is_refused() {
    let (dir, _) = temp_db();
    let file = dir.path().join("通讯录.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (row, (name, phone)) in [("姓名", "电话"), ("张三", "123"), ("李四", "456")]
        .iter()
        .enumerate()
    {
        sheet.write_string(row as u32, 0, *name).unwrap();
        sheet.write_string(row as u32, 1, *phone).unwrap();
    }
    workbook.save(&file).unwrap();
    assert_refused_without_writing(&file, |err| {
        matches!(err, InteropError::NoHeader { .. }) && err.to_string().contains("表头")
    });
}

#[test]
fn header_without_any_importable_row_is_refused() {
    let (dir, _) = temp_db();
    let file = dir.path().join("空台账.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (col, text) in ["序号", "问题表现", "整改措施"].iter().enumerate() {
        sheet.write_string(0, col as u16, *text).unwrap();
    }
    sheet.write_string(2, 2, "孤立的措施").unwrap();
    workbook.save(&file).unwrap();
    assert_refused_without_writing(&file, |err| {
        matches!(err, InteropError::NothingToImport { .. }) && err.to_string().contains("第 3 行")
    });
}

#[test]
fn corrupt_random_and_encrypted_files_are_refused() {
    let (dir, _) = temp_db();
    // A real workbook cut in half.
    let whole = dir.path().join("whole.xlsx");
    hand_shaped_workbook(&whole);
    let bytes = std::fs::read(&whole).unwrap();
    let cut = dir.path().join("cut.xlsx");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    assert_refused_without_writing(&cut, |err| matches!(err, InteropError::Corrupt { .. }));

    // Random bytes with an .xlsx name.
    let random = dir.path().join("random.xlsx");
    let noise: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&random, noise).unwrap();
    assert_refused_without_writing(&random, |err| {
        matches!(err, InteropError::NotSpreadsheet { .. })
    });

    // A zip that is not a workbook.
    let zip = dir.path().join("fake.xlsx");
    let mut fake = b"PK\x03\x04".to_vec();
    fake.extend(std::iter::repeat_n(0u8, 200));
    std::fs::write(&zip, fake).unwrap();
    assert_refused_without_writing(&zip, |err| matches!(err, InteropError::Corrupt { .. }));

    // An encrypted Office file is a compound file naming an EncryptedPackage stream.
    let encrypted = dir.path().join("locked.xlsx");
    let mut locked = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    locked.extend(std::iter::repeat_n(0u8, 500));
    locked.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    locked.extend(std::iter::repeat_n(0u8, 500));
    std::fs::write(&encrypted, locked).unwrap();
    assert_refused_without_writing(&encrypted, |err| {
        matches!(err, InteropError::PasswordProtected { .. }) && err.to_string().contains("密码")
    });

    // An empty file.
    let empty = dir.path().join("empty.xlsx");
    std::fs::write(&empty, b"").unwrap();
    assert_refused_without_writing(&empty, |err| {
        matches!(err, InteropError::NotSpreadsheet { .. })
    });
}

/// The ledger the format tests write in every format: a header and two problems.
const SMALL_LEDGER: [[&str; 4]; 3] = [
    ["问题表现", "整改措施", "责任人", "整改时限"],
    ["窗口办事推诿扯皮", "实行首问负责制", "李娜", "2026-06-30"],
    ["审批材料重复提交", "清理重复材料", "张伟", "长期坚持"],
];

/// Checks that `store` holds exactly the two problems of [`SMALL_LEDGER`].
fn assert_small_ledger_imported(store: &Store, report: &ImportReport) {
    assert_eq!((report.problems, report.measures), (2, 2), "{report:?}");
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    let lines: Vec<_> = ledger_lines(store)
        .into_iter()
        .map(|line| (line.1, line.3, line.6, line.7))
        .collect();
    assert_eq!(
        lines,
        vec![
            (
                "窗口办事推诿扯皮".to_owned(),
                "实行首问负责制".to_owned(),
                "李娜".to_owned(),
                Some(Deadline::Date(day(2026, 6, 30)))
            ),
            (
                "审批材料重复提交".to_owned(),
                "清理重复材料".to_owned(),
                "张伟".to_owned(),
                Some(Deadline::LongTerm)
            ),
        ]
    );
}

/// Writes a minimal OpenDocument spreadsheet by hand: the `mimetype` entry first and stored
/// uncompressed (as ODF requires), a manifest, and `content.xml` with one table of `rows`. A
/// cell that reads as a date is written as an ODF date cell, the rest as strings.
fn write_ods(path: &Path, rows: &[[&str; 4]]) {
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("META-INF/manifest.xml", deflated).unwrap();
    zip.write_all(
        br#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"#,
    )
    .unwrap();
    let mut table = String::new();
    for row in rows {
        table.push_str("<table:table-row>");
        for cell in row {
            if chrono::NaiveDate::parse_from_str(cell, "%Y-%m-%d").is_ok() {
                write!(
                    table,
                    r#"<table:table-cell office:value-type="date" office:date-value="{cell}"><text:p>{cell}</text:p></table:table-cell>"#
                )
                .unwrap();
            } else {
                write!(
                    table,
                    r#"<table:table-cell office:value-type="string"><text:p>{cell}</text:p></table:table-cell>"#
                )
                .unwrap();
            }
        }
        table.push_str("</table:table-row>");
    }
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
<office:body><office:spreadsheet><table:table table:name="整改台账">{table}</table:table></office:spreadsheet></office:body>
</office:document-content>
"#
    );
    zip.start_file("content.xml", deflated).unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.finish().unwrap();
}

#[test]
fn xlsx_named_xls_and_ods_named_xlsx_are_read_by_their_content() {
    let (dir, _) = temp_db();

    // (a) An .xlsx saved under an .xls name.
    let xlsx_as_xls = dir.path().join("其实是xlsx.xls");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (row, cells) in SMALL_LEDGER.iter().enumerate() {
        for (col, text) in cells.iter().enumerate() {
            sheet.write_string(row as u32, col as u16, *text).unwrap();
        }
    }
    workbook.save(&xlsx_as_xls).unwrap();
    let bytes = std::fs::read(&xlsx_as_xls).unwrap();
    assert_eq!(detect_format(&bytes), Some(SheetFormat::Xlsx));
    let mut store = fresh_store(dir.path(), "xlsx_as_xls.sqlite");
    let report = import_xlsx(&mut store, &xlsx_as_xls, &options(None)).unwrap();
    assert_small_ledger_imported(&store, &report);

    // (b) An .ods saved under an .xlsx name: a zip too, told apart by its mimetype entry.
    let ods_as_xlsx = dir.path().join("其实是ods.xlsx");
    write_ods(&ods_as_xlsx, &SMALL_LEDGER);
    let bytes = std::fs::read(&ods_as_xlsx).unwrap();
    assert_eq!(detect_format(&bytes), Some(SheetFormat::Ods));
    let preview = preview_xlsx(&ods_as_xlsx).unwrap();
    assert_eq!(preview.sheets[0].grid.sheet, "整改台账");
    assert_eq!(preview.sheets[0].mapping.header_rows, vec![0]);
    assert_eq!(
        preview.sheets[0].mapping.column_of(LedgerField::Person),
        Some(2)
    );
    let mut store = fresh_store(dir.path(), "ods_as_xlsx.sqlite");
    let report = import_xlsx(&mut store, &ods_as_xlsx, &options(None)).unwrap();
    assert_eq!(report.sheets, ["整改台账"]);
    assert_small_ledger_imported(&store, &report);

    // Neither is mistaken for the other, nor for an .xls, whatever the name says.
    assert_eq!(
        detect_format(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]),
        Some(SheetFormat::Xls)
    );
    assert_eq!(detect_format(b"PK\x03\x04"), Some(SheetFormat::Xlsx));
    assert_eq!(
        detect_format(b"\xEF\xBB\xBF\xE5\xBA\x8F\xE5\x8F\xB7,"),
        None
    );
}

#[test]
fn compound_file_junk_named_xlsx_is_refused_naming_the_file() {
    let (dir, _) = temp_db();
    // The OLE2 signature of an .xls, then junk: read as an .xls, and refused as a broken one.
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.extend((0..8192u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8));
    let file = dir.path().join("旧版台账.xlsx");
    std::fs::write(&file, &bytes).unwrap();
    assert_eq!(detect_format(&bytes), Some(SheetFormat::Xls));
    assert_refused_without_writing(&file, |err| {
        let message = err.to_string();
        matches!(err, InteropError::Corrupt { .. })
            && message.contains("旧版台账.xlsx")
            && message.contains("已损坏")
            && message.contains("按 Excel 97–2003 (.xls) 格式读取")
    });
    assert!(matches!(
        preview_xlsx(&file),
        Err(InteropError::Corrupt { .. })
    ));

    // The signature alone, and a header whose sector sizes are absurd, fail the same way.
    for (name, bytes) in [
        ("只有签名.xlsx", bytes[..8].to_vec()),
        ("扇区异常.xlsx", {
            let mut header = bytes[..512].to_vec();
            header[0x1E] = 0xFF; // sector shift
            header[0x20] = 0xFF; // mini sector shift
            header
        }),
    ] {
        let file = dir.path().join(name);
        std::fs::write(&file, bytes).unwrap();
        assert_refused_without_writing(&file, |err| {
            matches!(err, InteropError::Corrupt { .. }) && err.to_string().contains(name)
        });
    }
}

#[test]
fn fifty_thousand_rows_import_in_one_transaction() {
    const PROBLEMS: u32 = 25_000;
    let (dir, _) = temp_db();
    let file = dir.path().join("大台账.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (col, text) in ["序号", "问题表现", "整改措施", "责任人", "整改时限", "状态"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, col as u16, *text).unwrap();
    }
    for index in 0..PROBLEMS {
        let row = 1 + index * 2;
        sheet.write_number(row, 0, f64::from(index + 1)).unwrap();
        sheet
            .write_string(row, 1, format!("第{}个问题：办事效率不高", index + 1))
            .unwrap();
        for offset in 0..2 {
            sheet
                .write_string(row + offset, 2, format!("整改措施{}", offset + 1))
                .unwrap();
            sheet.write_string(row + offset, 3, "李娜").unwrap();
            sheet.write_string(row + offset, 4, "2026-12-31").unwrap();
            sheet
                .write_string(
                    row + offset,
                    5,
                    if offset == 0 {
                        "整改中"
                    } else {
                        "未启动"
                    },
                )
                .unwrap();
        }
    }
    workbook.save(&file).unwrap();
    let mut store = fresh_store(dir.path(), "big.sqlite");
    let started = Instant::now();
    let report = import_xlsx(&mut store, &file, &options(None)).unwrap();
    println!(
        "imported 50,000 rows in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert_eq!(report.problems, PROBLEMS as usize);
    assert_eq!(report.measures, 2 * PROBLEMS as usize);
    let summary = store.summary(day(2026, 11, 20)).unwrap();
    assert_eq!(summary.measures_by_status.in_progress, u64::from(PROBLEMS));
}

/// LibreOffice's command, when installed.
fn soffice() -> Option<&'static str> {
    ["soffice", "libreoffice"].into_iter().find(|cmd| {
        std::process::Command::new(cmd)
            .arg("--version")
            .output()
            .is_ok_and(|out| out.status.success())
    })
}

/// Converts `file` with LibreOffice headless into `dir` as `format`; returns the new file.
fn convert(soffice: &str, file: &Path, format: &str, dir: &Path) -> std::path::PathBuf {
    let status = std::process::Command::new(soffice)
        .args(["--headless", "--convert-to", format, "--outdir"])
        .arg(dir)
        .arg(file)
        .env("HOME", dir)
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    let extension = format.split(':').next().unwrap();
    dir.join(file.file_stem().unwrap())
        .with_extension(extension)
}

#[test]
fn libreoffice_reads_the_export_and_its_xls_and_ods_import_identically() {
    let Some(soffice) = soffice() else {
        println!(
            "skipped: LibreOffice (soffice) is not installed; apt-get install libreoffice-calc"
        );
        return;
    };
    let (dir, _) = temp_db();
    let source = demo_store(dir.path(), "lo.sqlite", 30, 11);
    let file = dir.path().join("ledger.xlsx");
    export_xlsx(&source, &file, LedgerLayout::Merged).unwrap();

    // The first sheet as CSV: the title, the header and the first problem's cells.
    let csv_dir = dir.path().join("csv");
    std::fs::create_dir_all(&csv_dir).unwrap();
    let csv = convert(
        soffice,
        &file,
        "csv:Text - txt - csv (StarCalc):44,34,76",
        &csv_dir,
    );
    let text = std::fs::read_to_string(csv).unwrap();
    let mut lines = text.lines();
    assert!(lines.next().unwrap().contains("某县行政审批局"));
    assert!(lines.next().unwrap().starts_with(
        "序号,问题类别,问题表现,整改措施,责任领导,责任部门,责任人,整改时限,进展情况,状态"
    ));
    let first = ledger_lines(&source).remove(0);
    let row = lines.next().unwrap();
    assert!(row.starts_with("1,"), "{row}");
    assert!(row.contains(&first.3), "{row}");
    if let Some(Deadline::Date(date)) = first.7 {
        assert!(row.contains(&date.format("%Y-%m-%d").to_string()), "{row}");
    }

    // The same ledger saved as .xls and .ods by LibreOffice imports like the .xlsx.
    let expected = ledger_lines(&source);
    for format in ["xls", "ods"] {
        let out_dir = dir.path().join(format);
        std::fs::create_dir_all(&out_dir).unwrap();
        let converted = convert(soffice, &file, format, &out_dir);
        // Named .xlsx on purpose: the format is told by content, not by name.
        let renamed = out_dir.join("renamed.xlsx");
        std::fs::rename(&converted, &renamed).unwrap();
        let mut target = fresh_store(dir.path(), &format!("{format}.sqlite"));
        let report = import_xlsx(&mut target, &renamed, &options(Some("赵核验"))).unwrap();
        assert!(report.skipped.is_empty(), "{format}: {:?}", report.skipped);
        assert_eq!(ledger_lines(&target), expected, "{format}");
    }
}

/// Runs the binary with `--db db` and `args`; returns (exit code, stdout, stderr).
fn run_cli(db: &Path, args: &[&str]) -> (i32, String, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_zhenggai"))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn cli_exports_imports_and_refuses_a_bad_file_with_exit_1() {
    let (dir, _) = temp_db();
    let source = dir.path().join("source.sqlite");
    let target = dir.path().join("target.sqlite");
    let file = dir.path().join("out.xlsx");
    let file_arg = file.to_str().unwrap();
    assert_eq!(run_cli(&source, &["init", "--unit", "某县行政审批局"]).0, 0);
    assert_eq!(
        run_cli(
            &source,
            &["demo", "--problems", "12", "--today", "2026-11-20"]
        )
        .0,
        0
    );
    let (code, out, err) = run_cli(&source, &["export-xlsx", file_arg]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("已导出 Excel") && out.contains("12 个问题"),
        "{out}"
    );

    assert_eq!(run_cli(&target, &["init", "--unit", "某县行政审批局"]).0, 0);
    let (code, out, err) = run_cli(&target, &["import-xlsx", file_arg, "--verifier", "赵核验"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("导入 12 个问题"), "{out}");

    let junk = dir.path().join("junk.xlsx");
    std::fs::write(&junk, b"this is not a spreadsheet at all").unwrap();
    let (code, out, err) = run_cli(&target, &["import-xlsx", junk.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(out.is_empty(), "{out}");
    assert!(err.contains("不是可识别的表格文件"), "{err}");
    let (_, summary, _) = run_cli(&target, &["summary", "--json"]);
    assert!(summary.contains("\"problems\":12"), "{summary}");
}
