//! Hostile and damaged workbooks (issue 15, defects 3 and 4, and the fuzzing findings): each is
//! built here in code and must be refused quickly, in a bounded amount of memory, with a
//! Chinese message naming the file and the reason — never by aborting the process — or, when
//! it is a legal workbook (one far cell), read as the few cells it holds.

// The builders panic on failure like the tests themselves (clippy only exempts `#[test]`
// functions from these lints).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write as _;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rust_xlsxwriter::Workbook;
use zhenggai::domain::UnitDraft;
use zhenggai::interop::{ImportOptions, InteropError, import_xlsx, preview_xlsx};
use zhenggai::setup::init_workbook;
use zhenggai::store::Store;

/// The most a refusal may take here (debug build, a shared two-core machine).
const QUICK: Duration = Duration::from_secs(5);

fn unit() -> UnitDraft {
    UnitDraft {
        name: "某县行政审批局".into(),
        code: "11330000MB0000000X".into(),
        superior: "县作风办".into(),
        leader: "王建国".into(),
    }
}

/// A fresh initialised store in `dir`.
fn fresh_store(dir: &Path, name: &str) -> Store {
    let mut store = Store::open(&dir.join(name)).unwrap();
    init_workbook(&mut store, unit(), 2026).unwrap();
    store
}

fn options() -> ImportOptions {
    ImportOptions {
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
        close_out_verifier: None,
        group_repeated_rows: true,
    }
}

/// Imports `file` into a fresh store; checks that a refusal wrote nothing and came quickly.
fn import(file: &Path) -> Result<usize, InteropError> {
    let dir = file.parent().unwrap();
    let name = format!(
        "{}.sqlite",
        file.file_name()
            .unwrap()
            .to_string_lossy()
            .replace('.', "_")
    );
    let mut store = fresh_store(dir, &name);
    let started = Instant::now();
    let result = import_xlsx(&mut store, file, &options()).map(|report| report.problems);
    let took = started.elapsed();
    if result.is_err() {
        assert!(took < QUICK, "refused only after {took:?}");
        assert!(store.problems().unwrap().is_empty());
    }
    result
}

/// Asserts `file` is refused with an error matching `kind` whose message names the file and
/// contains every one of `words`.
fn assert_refused(file: &Path, kind: fn(&InteropError) -> bool, words: &[&str]) -> String {
    let err = import(file).expect_err("the hostile file must be refused");
    let message = err.to_string();
    assert!(kind(&err), "{err:?}");
    let name = file.file_name().unwrap().to_string_lossy();
    assert!(message.contains(name.as_ref()), "{message}");
    for word in words {
        assert!(message.contains(word), "{word} not in {message}");
    }
    message
}

fn is_corrupt(err: &InteropError) -> bool {
    matches!(err, InteropError::Corrupt { .. })
}

fn is_limit(err: &InteropError) -> bool {
    matches!(err, InteropError::LimitExceeded { .. })
}

/// A small real ledger written by rust_xlsxwriter: a header and two problems, one of them 迟到.
fn ledger_bytes(extra: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) -> Vec<u8> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (row, cells) in [
        ["问题表现", "整改措施", "责任人", "整改时限"],
        ["上班迟到早退", "严格考勤制度", "李娜", "2026-06-30"],
        ["审批材料重复提交", "清理重复材料", "张伟", "长期坚持"],
    ]
    .iter()
    .enumerate()
    {
        for (col, text) in cells.iter().enumerate() {
            sheet.write_string(row as u32, col as u16, *text).unwrap();
        }
    }
    extra(sheet);
    workbook.save_to_buffer().unwrap()
}

/// The entries of a zip, in order.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|index| {
            let mut file = archive.by_index(index).unwrap();
            let mut data = Vec::new();
            file.read_to_end(&mut data).unwrap();
            (file.name().unwrap().into_owned(), data)
        })
        .collect()
}

/// A zip of `entries`, stored (uncompressed) or deflated.
fn zip_of(entries: &[(String, Vec<u8>)], stored: bool) -> Vec<u8> {
    let method = if stored {
        zip::CompressionMethod::Stored
    } else {
        zip::CompressionMethod::Deflated
    };
    let options = zip::write::SimpleFileOptions::default().compression_method(method);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in entries {
        zip.start_file(name.as_str(), options).unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// `bytes` (a zip) with entry `name` changed by `edit`.
fn edit_entry(bytes: &[u8], name: &str, edit: impl Fn(String) -> String) -> Vec<u8> {
    let entries: Vec<(String, Vec<u8>)> = unzip(bytes)
        .into_iter()
        .map(|(entry, data)| {
            if entry == name {
                let text = String::from_utf8(data).unwrap();
                (entry, edit(text).into_bytes())
            } else {
                (entry, data)
            }
        })
        .collect();
    zip_of(&entries, false)
}

/// A minimal .xlsx with one worksheet `sheet_xml` (the `<sheetData>` content) and, when given,
/// the shared strings part.
fn minimal_xlsx(sheet_data: &str, shared_strings: Option<&str>) -> Vec<u8> {
    let mut entries = vec![
        (
            "[Content_Types].xml".to_owned(),
            br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_vec(),
        ),
        (
            "_rels/.rels".to_owned(),
            br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_vec(),
        ),
        (
            "xl/workbook.xml".to_owned(),
            br#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_vec(),
        ),
        (
            "xl/_rels/workbook.xml.rels".to_owned(),
            br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#.to_vec(),
        ),
        (
            "xl/worksheets/sheet1.xml".to_owned(),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet_data}</sheetData></worksheet>"#
            )
            .into_bytes(),
        ),
    ];
    if let Some(strings) = shared_strings {
        entries.push((
            "xl/sharedStrings.xml".to_owned(),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{strings}</sst>"#
            )
            .into_bytes(),
        ));
    }
    zip_of(&entries, false)
}

/// The ledger header as inline-string cells of row 1.
fn header_row() -> String {
    let mut row = String::from(r#"<row r="1">"#);
    for (col, text) in ["A", "B", "C"]
        .iter()
        .zip(["问题表现", "整改措施", "责任人"])
    {
        write!(
            row,
            r#"<c r="{col}1" t="inlineStr"><is><t>{text}</t></is></c>"#
        )
        .unwrap();
    }
    row.push_str("</row>");
    row
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Runs `zhenggai --db db args`; returns (exit code, stderr).
fn run_cli(db: &Path, args: &[&str]) -> (Option<i32>, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_zhenggai"))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The uniqueCount of 99,999,999,999 strings: calamine reserved 2.4 TB for them and the
/// process aborted (exit 134).
fn huge_unique_count(dir: &Path) -> PathBuf {
    let bytes = edit_entry(&ledger_bytes(|_| {}), "xl/sharedStrings.xml", |xml| {
        let start = xml.find("uniqueCount=\"").unwrap() + "uniqueCount=\"".len();
        let end = start + xml[start..].find('"').unwrap();
        format!("{}99999999999{}", &xml[..start], &xml[end..])
    });
    write(dir, "共享字符串.xlsx", &bytes)
}

#[test]
fn a_declared_count_of_99999999999_shared_strings_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = huge_unique_count(dir.path());
    assert_refused(&file, is_corrupt, &["uniqueCount", "99999999999"]);

    // The same lie in `count` (how often strings are used) is refused too.
    let bytes = edit_entry(&ledger_bytes(|_| {}), "xl/sharedStrings.xml", |xml| {
        xml.replacen(" count=\"", " count=\"99999999999", 1)
    });
    let file = write(dir.path(), "引用次数.xlsx", &bytes);
    assert_refused(&file, is_corrupt, &["count"]);

    // A count that fits the part is read as before.
    let bytes = edit_entry(&ledger_bytes(|_| {}), "xl/sharedStrings.xml", |xml| {
        let start = xml.find("uniqueCount=\"").unwrap() + "uniqueCount=\"".len();
        let end = start + xml[start..].find('"').unwrap();
        format!("{}20{}", &xml[..start], &xml[end..])
    });
    let file = write(dir.path(), "正常.xlsx", &bytes);
    assert_eq!(import(&file).unwrap(), 2);
}

/// A cell at XFD1048576, the last cell Excel has: calamine laid out 17 billion cells from A1 to
/// it and the process aborted.
fn far_cell(dir: &Path, with_ledger: bool) -> PathBuf {
    let bytes = if with_ledger {
        ledger_bytes(|sheet| {
            sheet.write_string(1_048_575, 16_383, "远处的格子").unwrap();
        })
    } else {
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.write_string(1_048_575, 16_383, "远处的格子").unwrap();
        workbook.save_to_buffer().unwrap()
    };
    let name = if with_ledger {
        "台账加远处格子.xlsx"
    } else {
        "只有远处格子.xlsx"
    };
    write(dir, name, &bytes)
}

#[test]
fn a_ledger_with_a_cell_at_xfd1048576_imports_its_rows() {
    let dir = tempfile::tempdir().unwrap();
    let file = far_cell(dir.path(), true);
    let started = Instant::now();
    let preview = preview_xlsx(&file).unwrap();
    assert!(started.elapsed() < QUICK);
    assert_eq!(
        preview.sheets[0].grid.rows.len(),
        3,
        "the far column is ignored"
    );
    assert_eq!(import(&file).unwrap(), 2);

    // Alone, the far cell is a sheet of one cell, without a header.
    let file = far_cell(dir.path(), false);
    let preview = preview_xlsx(&file);
    assert!(
        matches!(preview, Err(InteropError::NoHeader { .. })),
        "{preview:?}"
    );

    // A value at A1048576 under the ledger spans more rows than an import takes: refused by the
    // row count, without laying the rows out.
    let bytes = ledger_bytes(|sheet| {
        sheet.write_string(1_048_575, 0, "最后一行").unwrap();
    });
    let file = write(dir.path(), "最后一行.xlsx", &bytes);
    assert_refused(
        &file,
        |err| {
            matches!(
                err,
                InteropError::TooManyRows {
                    rows: 1_048_576,
                    ..
                }
            )
        },
        &["1048576"],
    );
}

#[test]
fn the_binary_exits_1_with_the_reason_not_134() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("台账.sqlite");
    let (code, err) = run_cli(&db, &["init", "--unit", "某县行政审批局"]);
    assert_eq!(code, Some(0), "{err}");

    let file = huge_unique_count(dir.path());
    let (code, err) = run_cli(&db, &["import-xlsx", file.to_str().unwrap()]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("共享字符串.xlsx") && err.contains("uniqueCount"),
        "{err}"
    );

    let file = far_cell(dir.path(), false);
    let (code, err) = run_cli(&db, &["import-xlsx", file.to_str().unwrap()]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("只有远处格子.xlsx") && err.contains("表头"),
        "{err}"
    );

    let file = far_cell(dir.path(), true);
    let (code, err) = run_cli(&db, &["import-xlsx", file.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
}

#[test]
fn cells_longer_than_excel_allows_are_refused_by_their_place() {
    let dir = tempfile::tempdir().unwrap();
    // 40,000 characters in C2 (Excel stops at 32,767).
    let long = "长".repeat(40_000);
    let sheet = format!(
        r#"{}<row r="2"><c r="A2" t="inlineStr"><is><t>迟到</t></is></c><c r="C2" t="s"><v>0</v></c></row>"#,
        header_row()
    );
    let strings = format!("<si><t>{long}</t></si>");
    let file = write(
        dir.path(),
        "超长单元格.xlsx",
        &minimal_xlsx(&sheet, Some(&strings)),
    );
    assert_refused(&file, is_limit, &["第 2 行第 3 列（C2）", "40000", "32767"]);

    // Thirteen cells of ten million characters each: refused from the zip's directory alone.
    let huge = "x".repeat(10_000_000);
    let mut strings = String::new();
    let mut cells = String::new();
    for index in 0..13 {
        write!(strings, "<si><t>{huge}</t></si>").unwrap();
        write!(cells, r#"<c r="C{}" t="s"><v>{index}</v></c>"#, index + 2).unwrap();
    }
    drop(huge);
    let file = write(
        dir.path(),
        "十三个超长单元格.xlsx",
        &minimal_xlsx(
            &format!("{}<row>{cells}</row>", header_row()),
            Some(&strings),
        ),
    );
    drop(strings);
    assert_refused(&file, is_limit, &["xl/sharedStrings.xml"]);

    // One text node of 5 MB of varied text in the worksheet itself: refused while streaming.
    let mut varied = String::with_capacity(5_000_000);
    let mut seed = 7u32;
    while varied.len() < 5_000_000 {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        varied.push(char::from(b'a' + (seed >> 16) as u8 % 26));
    }
    let sheet = format!(
        r#"{}<row r="2"><c r="A2" t="inlineStr"><is><t>{varied}</t></is></c></row>"#,
        header_row()
    );
    let file = write(dir.path(), "五兆文字.xlsx", &minimal_xlsx(&sheet, None));
    assert_refused(&file, is_limit, &["xl/worksheets/sheet1.xml", "4 MB"]);
}

#[cfg(unix)]
#[test]
fn a_device_is_refused_at_once() {
    let started = Instant::now();
    let err = preview_xlsx(Path::new("/dev/urandom")).unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(1));
    assert!(matches!(err, InteropError::NotAFile { .. }), "{err:?}");
    let message = err.to_string();
    assert!(
        message.contains("/dev/urandom") && message.contains("不是普通文件"),
        "{message}"
    );
    // A folder too.
    let dir = tempfile::tempdir().unwrap();
    assert!(matches!(
        preview_xlsx(dir.path()),
        Err(InteropError::NotAFile { .. })
    ));
}

/// The ledger with every entry stored uncompressed, as some tools write it: a flipped byte
/// then changes the text instead of breaking the compression.
fn stored_ledger() -> Vec<u8> {
    zip_of(&unzip(&ledger_bytes(|_| {})), true)
}

#[test]
fn a_flipped_byte_is_refused_as_damaged_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let intact = stored_ledger();
    let file = write(dir.path(), "完好.xlsx", &intact);
    assert_eq!(import(&file).unwrap(), 2);

    // 迟 (E8 BF 9F) becomes 迱 (E8 BF B1): still valid UTF-8, still a well-formed workbook.
    let at = intact
        .windows(3)
        .position(|window| window == "迟".as_bytes())
        .unwrap();
    let mut flipped = intact.clone();
    flipped[at + 2] = 0xB1;
    let file = write(dir.path(), "翻转一个字节.xlsx", &flipped);
    assert_refused(
        &file,
        is_corrupt,
        &["已损坏", "xl/sharedStrings.xml", "CRC"],
    );

    // Deflated parts: a flipped byte inside the worksheet's compressed data is refused as well,
    // whether the decompressor or the checksum notices.
    let deflated = zip_of(&unzip(&ledger_bytes(|_| {})), false);
    let entries = unzip(&deflated);
    let sheet_len = entries
        .iter()
        .find(|(name, _)| name == "xl/worksheets/sheet1.xml")
        .unwrap()
        .1
        .len();
    assert!(sheet_len > 100);
    // The local header: its compressed size at 18, name length at 26, extra length at 28.
    let name_at = deflated
        .windows(24)
        .position(|window| window == b"xl/worksheets/sheet1.xml")
        .unwrap();
    let header = name_at - 30;
    let field = |at: usize| u16::from_le_bytes([deflated[header + at], deflated[header + at + 1]]);
    let compressed = u32::from_le_bytes(deflated[header + 18..header + 22].try_into().unwrap());
    let data_at = name_at + usize::from(field(26)) + usize::from(field(28));
    assert!(compressed > 100, "{compressed}");
    for offset in [10, 40, 80] {
        let mut broken = deflated.clone();
        broken[data_at + offset] ^= 0x10;
        let file = write(dir.path(), &format!("压缩数据受损{offset}.xlsx"), &broken);
        assert_refused(&file, is_corrupt, &["已损坏"]);
    }
}

/// A minimal .ods whose `content.xml` body is `table`.
fn minimal_ods(table: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="台账">{table}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    zip_of(
        &[
            (
                "mimetype".to_owned(),
                b"application/vnd.oasis.opendocument.spreadsheet".to_vec(),
            ),
            (
                "META-INF/manifest.xml".to_owned(),
                br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#.to_vec(),
            ),
            ("content.xml".to_owned(), content.into_bytes()),
        ],
        true,
    )
}

fn ods_text_cell(text: &str) -> String {
    format!(
        r#"<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>"#
    )
}

#[test]
fn ods_repeats_that_expand_to_billions_of_cells_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let header = format!(
        "<table:table-row>{}{}</table:table-row>",
        ods_text_cell("问题表现"),
        ods_text_cell("整改措施")
    );
    let ok = format!(
        "{header}<table:table-row>{}{}</table:table-row>",
        ods_text_cell("上班迟到"),
        ods_text_cell("严格考勤")
    );
    let file = write(dir.path(), "正常.ods", &minimal_ods(&ok));
    assert_eq!(import(&file).unwrap(), 1);

    // A value repeated over all 16,384 columns of 6,000 rows: 98 million cells, just under
    // calamine's own cap, which it laid out (5 GB) before the import could look at them.
    let bomb = format!(
        r#"{header}<table:table-row table:number-rows-repeated="6000"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="16384"/></table:table-row>"#
    );
    let file = write(dir.path(), "重复展开.ods", &minimal_ods(&bomb));
    assert_refused(&file, is_limit, &["展开"]);

    // Spaces without end: calamine wrote them one by one.
    let spaces = format!(
        r#"{header}<table:table-row><table:table-cell office:value-type="string"><text:p>迟到<text:s text:c="4000000000"/></text:p></table:table-cell></table:table-row>"#
    );
    let file = write(dir.path(), "无尽空格.ods", &minimal_ods(&spaces));
    assert_refused(&file, is_limit, &["第 2 行第 1 列（A2）"]);
}

/// Fuzzing findings (`cargo run --release --example fuzz -- import`), kept as found in
/// `examples/fuzz/findings/` and rebuilt here in their smallest form.
#[test]
fn ods_without_closing_tags_is_refused_not_read_for_ever() {
    let dir = tempfile::tempdir().unwrap();
    // Case 7953 of the first run: a comment's closing tag damaged, so calamine skipped to the
    // end of content.xml looking for it, and then for ever.
    let file = write(
        dir.path(),
        "import-hang-7953.ods",
        include_bytes!("../examples/fuzz/findings/import-hang-7953.ods"),
    );
    assert_refused(&file, is_corrupt, &["office:annotation"]);
    let header = format!(
        "<table:table-row>{}{}</table:table-row>",
        ods_text_cell("问题表现"),
        ods_text_cell("整改措施")
    );
    let comment = format!(
        r#"{header}<table:table-row><table:table-cell office:value-type="string"><office:annotation><text:p>批注</text:p></office:annotation-broken><text:p>迟到</text:p></table:table-cell></table:table-row>"#
    );
    let file = write(dir.path(), "批注未结束.ods", &minimal_ods(&comment));
    assert_refused(&file, is_corrupt, &["office:annotation"]);
    // The same loop waits for the end of a table.
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="台账">{header}"#
    );
    let mut entries = unzip(&minimal_ods(""));
    for entry in &mut entries {
        if entry.0 == "content.xml" {
            entry.1 = content.clone().into_bytes();
        }
    }
    let file = write(dir.path(), "表格未结束.ods", &zip_of(&entries, true));
    assert_refused(&file, is_corrupt, &["table:table"]);
}

/// Fuzzing finding: case 69333 of the run with seed 2 repeats a row 233,977 times. calamine laid
/// the rows out (155 MB) before the import counted them; they are now counted first. Larger, the
/// same lay-out took gigabytes.
#[test]
fn ods_rows_repeated_past_the_import_limit_are_refused_before_they_are_laid_out() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "import-peak-69333-seed2.ods",
        include_bytes!("../examples/fuzz/findings/import-peak-69333-seed2.ods"),
    );
    assert_refused(
        &file,
        |err| matches!(err, InteropError::TooManyRows { rows, .. } if *rows > 233_977),
        &["200000"],
    );
    let header = format!(
        "<table:table-row>{}{}</table:table-row>",
        ods_text_cell("问题表现"),
        ods_text_cell("整改措施")
    );
    // 900,000 rows of 100 values: 90 million cells, under calamine's own cap.
    let rows = format!(
        r#"{header}<table:table-row table:number-rows-repeated="900000"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="100"/></table:table-row>"#
    );
    let file = write(dir.path(), "九十万行.ods", &minimal_ods(&rows));
    assert_refused(
        &file,
        |err| matches!(err, InteropError::TooManyRows { rows: 900_001, .. }),
        &["900001"],
    );
}

/// One BIFF record.
fn record(kind: u16, data: &[u8]) -> Vec<u8> {
    let mut out = kind.to_le_bytes().to_vec();
    out.extend_from_slice(&(data.len() as u16).to_le_bytes());
    out.extend_from_slice(data);
    out
}

/// A BIFF8 label cell.
fn label(row: u16, col: u16, text: &str) -> Vec<u8> {
    let units: Vec<u16> = text.encode_utf16().collect();
    let mut data = row.to_le_bytes().to_vec();
    data.extend_from_slice(&col.to_le_bytes());
    data.extend_from_slice(&[0, 0]);
    data.extend_from_slice(&(units.len() as u16).to_le_bytes());
    data.push(1);
    for unit in units {
        data.extend_from_slice(&unit.to_le_bytes());
    }
    record(0x0204, &data)
}

/// A workbook stream: one sheet holding `cells` (records).
fn biff_workbook(cells: &[Vec<u8>]) -> Vec<u8> {
    let bof = |kind: u8| record(0x0809, &[0, 6, kind, 0, 0, 0, 0, 0]);
    let sheet_entry = |position: u32| {
        let mut data = position.to_le_bytes().to_vec();
        data.extend_from_slice(&[0, 0, 2, 0, b'S', b'1']);
        record(0x0085, &data)
    };
    let eof = record(0x000A, &[]);
    let globals_len = bof(5).len() + sheet_entry(0).len() + eof.len();
    let mut stream = bof(5);
    stream.extend(sheet_entry(globals_len as u32));
    stream.extend(&eof);
    stream.extend(bof(0x10));
    for cell in cells {
        stream.extend(cell);
    }
    stream.extend(&eof);
    stream
}

/// A version 3 compound file (512-byte sectors) holding `stream` as `Workbook`, with the stream's
/// sector chain given by `next(sector, sectors)` (normally the next sector) and its declared
/// size `size`.
fn compound(stream: &[u8], size: u32, next: impl Fn(u32, u32) -> u32) -> Vec<u8> {
    let mut stream = stream.to_vec();
    stream.resize(stream.len().max(4096).div_ceil(512) * 512, 0);
    let sectors = (stream.len() / 512) as u32;
    let directory = sectors;
    let fat = sectors + 1;
    assert!(fat < 128, "one FAT sector");
    let mut out = vec![0u8; 512];
    out[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    out[0x18..0x1A].copy_from_slice(&0x3E_u16.to_le_bytes());
    out[0x1A..0x1C].copy_from_slice(&3_u16.to_le_bytes());
    out[0x1C..0x1E].copy_from_slice(&0xFFFE_u16.to_le_bytes());
    out[0x1E..0x20].copy_from_slice(&9_u16.to_le_bytes());
    out[0x20..0x22].copy_from_slice(&6_u16.to_le_bytes());
    out[0x2C..0x30].copy_from_slice(&1_u32.to_le_bytes());
    out[0x30..0x34].copy_from_slice(&directory.to_le_bytes());
    out[0x38..0x3C].copy_from_slice(&4096_u32.to_le_bytes());
    out[0x3C..0x40].copy_from_slice(&0xFFFF_FFFE_u32.to_le_bytes());
    out[0x44..0x48].copy_from_slice(&0xFFFF_FFFE_u32.to_le_bytes());
    for index in 0..109 {
        let entry = if index == 0 { fat } else { 0xFFFF_FFFF };
        out[0x4C + index * 4..0x50 + index * 4].copy_from_slice(&entry.to_le_bytes());
    }
    out.extend_from_slice(&stream);
    let entry = |name: &str, kind: u8, child: u32, start: u32, size: u32| {
        let mut raw = vec![0u8; 128];
        for (i, unit) in name.encode_utf16().enumerate() {
            raw[i * 2..i * 2 + 2].copy_from_slice(&unit.to_le_bytes());
        }
        raw[64..66].copy_from_slice(&((name.len() as u16 + 1) * 2).to_le_bytes());
        raw[66] = kind;
        raw[67] = 1;
        raw[68..72].copy_from_slice(&0xFFFF_FFFF_u32.to_le_bytes());
        raw[72..76].copy_from_slice(&0xFFFF_FFFF_u32.to_le_bytes());
        raw[76..80].copy_from_slice(&child.to_le_bytes());
        raw[116..120].copy_from_slice(&start.to_le_bytes());
        raw[120..124].copy_from_slice(&size.to_le_bytes());
        raw
    };
    out.extend(entry("Root Entry", 5, 1, 0xFFFF_FFFE, 0));
    out.extend(entry("Workbook", 2, 0xFFFF_FFFF, 0, size));
    out.extend(vec![0u8; 256]);
    let mut table = Vec::new();
    for sector in 0..128u32 {
        let value = if sector < sectors {
            next(sector, sectors)
        } else if sector == directory {
            0xFFFF_FFFE
        } else if sector == fat {
            0xFFFF_FFFD
        } else {
            0xFFFF_FFFF
        };
        table.extend_from_slice(&value.to_le_bytes());
    }
    out.extend(table);
    out
}

/// `stream` in a well-formed compound file (padded to the 4096 bytes of a regular stream).
fn plain_compound(stream: &[u8]) -> Vec<u8> {
    compound(stream, stream.len().max(4096) as u32, chained)
}

fn chained(sector: u32, sectors: u32) -> u32 {
    if sector + 1 == sectors {
        0xFFFF_FFFE
    } else {
        sector + 1
    }
}

fn xls_ledger_cells() -> Vec<Vec<u8>> {
    vec![
        label(0, 0, "问题表现"),
        label(0, 1, "整改措施"),
        label(1, 0, "上班迟到"),
        label(1, 1, "严格考勤"),
    ]
}

#[test]
fn xls_cells_far_apart_and_looping_sectors_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let stream = biff_workbook(&xls_ledger_cells());
    let file = write(dir.path(), "正常.xls", &plain_compound(&stream));
    assert_eq!(import(&file).unwrap(), 1);

    // A value at IV65536 too: calamine laid the 16.7 million cells out (536 MB).
    let mut cells = xls_ledger_cells();
    let mut far = 65_535_u16.to_le_bytes().to_vec();
    far.extend_from_slice(&255_u16.to_le_bytes());
    far.extend_from_slice(&[0, 0]);
    far.extend_from_slice(&1.0f64.to_le_bytes());
    cells.push(record(0x0203, &far));
    let stream = biff_workbook(&cells);
    let file = write(dir.path(), "远处格子.xls", &plain_compound(&stream));
    assert_refused(&file, is_limit, &["S1", "16777216"]);

    // A dimensions record of four billion rows: calamine reserved room for them and aborted.
    let mut cells = xls_ledger_cells();
    let mut dimensions = 0_u32.to_le_bytes().to_vec();
    dimensions.extend_from_slice(&u32::MAX.to_le_bytes());
    dimensions.extend_from_slice(&0_u16.to_le_bytes());
    dimensions.extend_from_slice(&256_u16.to_le_bytes());
    dimensions.extend_from_slice(&[0, 0]);
    cells.insert(0, record(0x0200, &dimensions));
    let stream = biff_workbook(&cells);
    let file = write(dir.path(), "四十亿行.xls", &plain_compound(&stream));
    assert_eq!(import(&file).unwrap(), 1);

    // A sector chain that loops, with a declared size of 4 GB: calamine followed it for ever.
    let stream = biff_workbook(&xls_ledger_cells());
    let looping = compound(&stream, u32::MAX - 1, |sector, sectors| {
        if sector + 1 == sectors { 0 } else { sector + 1 }
    });
    let file = write(dir.path(), "扇区成环.xls", &looping);
    assert_refused(&file, is_limit, &["工作簿数据流"]);
    let looping = compound(&stream, 64 * 1024, |sector, sectors| {
        if sector + 1 == sectors { 0 } else { sector + 1 }
    });
    let file = write(dir.path(), "扇区成环2.xls", &looping);
    assert_refused(&file, is_corrupt, &["成环"]);

    // A sheet entry pointing past the end of the stream: calamine sliced out of bounds.
    let mut stream = biff_workbook(&xls_ledger_cells());
    let position_at = 12 + 4;
    stream[position_at..position_at + 4].copy_from_slice(&1_000_000_u32.to_le_bytes());
    let file = write(dir.path(), "位置越界.xls", &plain_compound(&stream));
    assert_refused(&file, is_corrupt, &["位置"]);
}
