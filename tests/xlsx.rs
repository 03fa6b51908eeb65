//! Excel interop: export of a demo ledger and its round trip through import, hand-shaped
//! workbooks as people make them (title rows, two-row headers, merged problem cells, blank rows,
//! dates and statuses in words), and bad files that must be refused whole with a Chinese
//! message and nothing written.

// The helpers that build workbooks and stores panic on failure like the tests themselves
// (clippy only exempts `#[test]` functions from these lints).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::time::Instant;

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use zhenggai::demo::{self, DemoOptions};
use zhenggai::domain::{Deadline, MeasureStatus};
use zhenggai::interop::{
    CLOSE_OUT_PENDING_NOTE, ImportOptions, ImportReport, InteropError, LEDGER_SHEET, LedgerField,
    export_csv, export_xlsx, import_xlsx, preview_xlsx,
};
use zhenggai::setup::init_workbook;
use zhenggai::store::Store;

use common::{day, temp_db, unit_draft};

/// A fresh initialised store (unit, default categories, 2026 campaign) in `dir`.
fn fresh_store(dir: &Path, name: &str) -> Store {
    let mut store = Store::open(&dir.join(name)).unwrap();
    init_workbook(&mut store, unit_draft(), 2026).unwrap();
    store
}

fn options(verifier: Option<&str>) -> ImportOptions {
    ImportOptions {
        today: day(2026, 11, 20),
        close_out_verifier: verifier.map(str::to_owned),
    }
}

/// What must survive a round trip, per measure: problem text, category name, measure fields.
type LedgerLine = (
    String,
    String,
    String,
    String,
    String,
    String,
    Option<Deadline>,
    MeasureStatus,
);

fn ledger_lines(store: &Store) -> Vec<LedgerLine> {
    let categories = store.categories().unwrap();
    let mut problems = store.problems().unwrap();
    problems.sort_by_key(|problem| problem.number);
    let mut lines = Vec::new();
    for problem in problems {
        let category = problem
            .category_id
            .and_then(|id| categories.iter().find(|c| c.id == id))
            .map(|c| c.name.clone())
            .unwrap_or_default();
        for measure in store.measures_of(problem.id).unwrap() {
            lines.push((
                problem.description.clone(),
                category.clone(),
                measure.content,
                measure.responsible_leader,
                measure.responsible_division,
                measure.responsible_person,
                measure.deadline,
                measure.status,
            ));
        }
    }
    lines
}

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
    let mut source = fresh_store(dir.path(), "source.sqlite");
    demo::populate(
        &mut source,
        &DemoOptions {
            problems: 300,
            seed: 7,
            today: day(2026, 11, 20),
        },
    )
    .unwrap();
    let file = dir.path().join("台账.xlsx");
    let exported = export_xlsx(&source, &file).unwrap();
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
    assert_eq!(report.sheet, LEDGER_SHEET);
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
        .write_string(1, 0, "填报单位(盖章):某县行政审批局")
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
        .merge_range(4, 2, 6, 2, "窗口受理后仍需回科室审批,群众多跑路", &plain)
        .unwrap();
    let measures = [
        (
            "向窗口充分授权,做到一窗受理",
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
    assert_eq!(preview.mapping.header_rows, vec![2, 3]);
    assert_eq!(preview.mapping.column_of(LedgerField::Person), Some(6));
    assert_eq!(preview.mapping.column_of(LedgerField::Status), Some(9));

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
            "向窗口充分授权,做到一窗受理",
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
                line.1.as_str(),
                line.2.as_str(),
                line.4.as_str(),
                line.5.as_str(),
                line.6,
                line.7
            ),
            *want
        );
    }
    let problems = store.problems().unwrap();
    assert_eq!(
        problems[0].description,
        "窗口受理后仍需回科室审批,群众多跑路"
    );
    // The unknown 备注 column is kept in the example, the unknown category too.
    assert_eq!(problems[0].example, "备注:群众评议提出");
    assert!(problems[2].example.contains("原问题类别:自定义类别"));
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
    let err = import_xlsx(&mut store, file, &options(None)).unwrap_err();
    assert!(expect(&err), "{err:?}");
    let message = err.to_string();
    assert!(
        message.contains("请"),
        "the message says what to do: {message}"
    );
    assert_eq!(counts(&store), before, "nothing may be written");
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
            .write_string(row, 1, format!("第{}个问题:办事效率不高", index + 1))
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
    let mut source = fresh_store(dir.path(), "lo.sqlite");
    demo::populate(
        &mut source,
        &DemoOptions {
            problems: 30,
            seed: 11,
            today: day(2026, 11, 20),
        },
    )
    .unwrap();
    let file = dir.path().join("ledger.xlsx");
    export_xlsx(&source, &file).unwrap();

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
    assert!(row.contains(&first.2), "{row}");
    if let Some(Deadline::Date(date)) = first.6 {
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
