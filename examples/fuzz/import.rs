//! Fuzz target `import`: the Excel/WPS ledger reader (.xlsx, .xls, .ods).
//!
//! Seeds: a ledger exported from a demo store (`export_xlsx`), a hand-shaped workbook
//! (rust_xlsxwriter: merged cells, dates, formulas), a hand-written minimal .xlsx with every
//! cell type, a LibreOffice .ods and .xls of the exported ledger (`seeds/`), a hand-written .ods
//! with repeats and spaces, and a hand-built .xls with shared strings split over CONTINUE
//! records, formulas and every value record.
//!
//! Mutations: byte-level on the whole file, or structure-aware: for a zip, one entry's XML is
//! mutated (bytes, an attribute value such as `uniqueCount`, `ref`, `r` or a repeat count set
//! to an edge value, a piece of markup repeated, a far cell inserted) or the entries themselves
//! (dropped, duplicated, renamed, stored or deflated), then the zip is written again (its CRCs
//! valid) and sometimes damaged after; for an .xls, the workbook stream's records are mutated
//! (a field set to an edge value, records dropped, repeated, retyped, cut or grown, cell records
//! inserted) and a compound file written around it.
//!
//! Each case is written to a file and read with `preview_xlsx`; a sheet with a usable header is
//! then parsed by `import_preview` into a store whose backup folder is a file, so the parse runs in
//! full and the import stops before writing anything. With `FUZZ_DEBUG` set in the environment
//! each case prints its outcome (`… | sort | uniq -c` shows where the cases end).
//!
//! Benchmark run (release build, two-core VM, 2026-12-04), `cargo run --release --example fuzz
//! -- import 100000 SEED`, 10 s per case:
//!
//! | seed | cases | accepted | refused | panics | hangs | slowest case | peak memory | wall |
//! |------|-------|----------|---------|--------|-------|--------------|-------------|------|
//! | 1 | 100,000 | 38,069 | 61,931 | 0 | 0 | 104 ms | 78 MB | 80 s |
//! | 2 | 100,000 | 37,960 | 62,040 | 0 | 0 | 112 ms | 78 MB | 82 s |
//! | 3 | 100,000 | 37,648 | 62,352 | 0 | 0 | 106 ms | 78 MB | 83 s |
//! | 4 | 300,000 | 113,236 | 186,764 | 0 | 0 | 161 ms | 157 MB | 286 s |
//!
//! (Seed 4's slowest and largest case is an .ods repeating a row 111,012 times: a legal sheet
//! under the 200,000-row limit, read and parsed in full.)
//!
//! Findings on the way, each fixed and kept in `findings/` and as a test in
//! `tests/xlsx_hostile.rs`: an .ods whose cell comment (or table) never closes made calamine read
//! for ever (seed 1, case 7953: `import-hang-7953.ods`); an .ods repeating a row 233,977 times
//! was laid out (155 MB) before its rows were counted (seed 2, case 69333:
//! `import-peak-69333-seed2.ods`).

use std::cell::RefCell;
use std::fmt::Write as _;
use std::io::{Cursor, Read, Write};
use std::path::PathBuf;

use chrono::NaiveDate;
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};
use zhenggai::demo::{self, DemoOptions};
use zhenggai::domain::UnitDraft;
use zhenggai::interop::{ImportOptions, LedgerLayout, export_xlsx, import_preview, preview_xlsx};
use zhenggai::setup::init_workbook;
use zhenggai::store::Store;

use crate::mutate::{self, Rng};
use crate::{Target, Verdict};

/// The importer under test.
pub struct ImportTarget {
    _dir: tempfile::TempDir,
    file: PathBuf,
    store: RefCell<Store>,
    seeds: Vec<Vec<u8>>,
}

fn unit() -> UnitDraft {
    UnitDraft {
        name: "市行政审批局".into(),
        code: String::new(),
        superior: "市作风办".into(),
        leader: "王建国".into(),
    }
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 15).unwrap_or_default()
}

impl ImportTarget {
    /// Builds the seeds and the store.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("temporary folder: {err}"));
        let file = dir.path().join("台账.xlsx");
        let database = dir.path().join("fuzz.sqlite");
        let mut seeds = Vec::new();
        {
            let mut store = Store::open(&database).unwrap_or_else(|err| panic!("store: {err}"));
            init_workbook(&mut store, unit(), 2026).unwrap_or_else(|err| panic!("init: {err}"));
            // The demo ledger, exported as users export it.
            let exported = dir.path().join("demo.xlsx");
            let demo_store = dir.path().join("demo.sqlite");
            let mut demo_db = Store::open(&demo_store).unwrap_or_else(|err| panic!("{err}"));
            init_workbook(&mut demo_db, unit(), 2026).unwrap_or_else(|err| panic!("{err}"));
            demo::populate(
                &mut demo_db,
                &DemoOptions {
                    problems: 4,
                    seed: 3,
                    today: today(),
                },
            )
            .unwrap_or_else(|err| panic!("demo: {err}"));
            export_xlsx(&demo_db, &exported, LedgerLayout::Merged)
                .unwrap_or_else(|err| panic!("export: {err}"));
            seeds.push(std::fs::read(&exported).unwrap_or_default());
            drop(store);
        }
        // The backup folder is a file: an import parses in full, then cannot back up and stops
        // before writing.
        let backups = dir.path().join("backups");
        let _ = std::fs::remove_dir_all(&backups);
        let _ = std::fs::write(&backups, b"not a folder");
        let store = Store::open_read_only(&database).unwrap_or_else(|err| panic!("{err}"));
        seeds.push(hand_shaped());
        seeds.push(minimal_xlsx());
        seeds.push(include_bytes!("seeds/ledger.ods").to_vec());
        seeds.push(include_bytes!("seeds/ledger.xls").to_vec());
        seeds.push(minimal_ods());
        seeds.push(hand_built_xls());
        Self {
            _dir: dir,
            file,
            store: RefCell::new(store),
            seeds,
        }
    }
}

impl Target for ImportTarget {
    fn name(&self) -> &'static str {
        "import"
    }

    fn seeds(&self) -> Vec<Vec<u8>> {
        self.seeds.clone()
    }

    fn mutate(&self, rng: &mut Rng, seed: &[u8], seeds: &[Vec<u8>]) -> Vec<u8> {
        let structured = if rng.below(3) == 0 {
            None
        } else if seed.starts_with(b"PK\x03\x04") {
            mutate_zip(rng, seed, seeds)
        } else if seed.starts_with(&CFB_MAGIC) {
            mutate_xls(rng, seed)
        } else {
            None
        };
        match structured {
            // Sometimes damaged after, to reach the checksums and the zip reader.
            Some(bytes) if rng.below(6) == 0 => mutate::bytes(rng, &bytes, seeds),
            Some(bytes) => bytes,
            None => mutate::bytes(rng, seed, seeds),
        }
    }

    fn run(&self, input: &[u8]) -> Verdict {
        if let Err(err) = std::fs::write(&self.file, input) {
            return Verdict::Refused(format!("cannot write the case: {err}"));
        }
        match preview_xlsx(&self.file) {
            Ok(preview) => {
                let options = ImportOptions {
                    today: today(),
                    close_out_verifier: None,
                    group_repeated_rows: true,
                };
                let mut store = self.store.borrow_mut();
                // Parses every row; stops at the backup (the folder is a file) or earlier.
                let result = import_preview(&mut store, &self.file, &preview, &options, &|| false);
                if std::env::var_os("FUZZ_DEBUG").is_some() {
                    println!(
                        "import_preview: {:?}",
                        result.map(|r| r.problems).map_err(|e| e.to_string())
                    );
                }
                Verdict::Accepted
            }
            Err(err) => {
                if std::env::var_os("FUZZ_DEBUG").is_some() {
                    let text = err.to_string();
                    let text = text
                        .split_once(".xlsx")
                        .map_or(text.as_str(), |(_, rest)| rest);
                    println!("refused: {}", text.chars().take(50).collect::<String>());
                }
                Verdict::Refused(err.to_string())
            }
        }
    }
}

const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// A workbook as people shape it: title, merged cells, dates in forms, numbers, formulas.
fn hand_shaped() -> Vec<u8> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let plain = Format::new();
    let date = Format::new().set_num_format("yyyy\"年\"m\"月\"d\"日\"");
    let _ = sheet.merge_range(0, 0, 0, 6, "某局作风问题整改台账", &plain);
    for (col, text) in [
        "序号",
        "问题表现",
        "整改措施",
        "责任人",
        "整改时限",
        "状态",
        "备注",
    ]
    .iter()
    .enumerate()
    {
        let _ = sheet.write_string(1, col as u16, *text);
    }
    let _ = sheet.merge_range(2, 1, 3, 1, "窗口办事推诿扯皮", &plain);
    let _ = sheet.write_number(2, 0, 1);
    let _ = sheet.write_string(2, 2, "实行首问负责制");
    let _ = sheet.write_string(3, 2, "每月通报");
    let _ = sheet.write_string(2, 3, "李娜");
    if let Ok(day) = ExcelDateTime::from_ymd(2026, 6, 30) {
        let _ = sheet.write_datetime_with_format(2, 4, day, &date);
    }
    let _ = sheet.write_number(3, 4, 46_203);
    let _ = sheet.write_string(2, 5, "已销号");
    let _ = sheet.write_string(3, 5, "整改中");
    let _ = sheet.write_boolean(2, 6, true);
    let _ = sheet.write_formula(3, 6, Formula::new("=1+1").set_result("2"));
    let _ = sheet.write_string(4, 1, "审批材料重复提交");
    let _ = sheet.write_string(4, 2, "清理重复材料");
    let _ = sheet.write_string(4, 4, "6月底");
    let _ = sheet.write_string(4, 5, "未启动");
    workbook.save_to_buffer().unwrap_or_default()
}

/// A zip of `entries` (name, data); `stored` per entry.
fn zip_of(entries: &[(String, Vec<u8>, bool)]) -> Option<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data, stored) in entries {
        let method = if *stored {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(method)
            .large_file(false);
        zip.start_file(name.as_str(), options).ok()?;
        zip.write_all(data).ok()?;
    }
    Some(zip.finish().ok()?.into_inner())
}

/// The entries of a zip, or `None` when it does not read.
fn unzip(bytes: &[u8]) -> Option<Vec<(String, Vec<u8>, bool)>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut entries = Vec::new();
    for index in 0..archive.len().min(64) {
        let mut file = archive.by_index(index).ok()?;
        let name = file.name().ok()?.into_owned();
        let stored = file.compression() == zip::CompressionMethod::Stored;
        let mut data = Vec::new();
        file.by_ref().take(4 << 20).read_to_end(&mut data).ok()?;
        entries.push((name, data, stored));
    }
    Some(entries)
}

/// A minimal .xlsx by hand: a dimension, shared strings (one rich), inline strings, and cells
/// of every type.
fn minimal_xlsx() -> Vec<u8> {
    let sheet = r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:F4"/><sheetData><row r="1" spans="1:6"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>责任人</t></is></c><c r="D1" t="str"><v>整改时限</v></c><c r="E1" t="s"><v>2</v></c></row><row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" t="inlineStr"><is><r><t>严格</t></r><r><t>考勤</t></r></is></c><c r="C2"><v>李娜</v></c><c r="D2" s="1"><v>46203</v></c><c r="E2" t="b"><v>1</v></c><c r="F2" t="e"><v>#N/A</v></c></row><row r="3"><c r="A3" t="s"><v>4</v></c><c r="B3"><f>1+1</f><v>2</v></c><c r="D3" t="d"><v>2026-06-30T00:00:00</v></c><c r="E3" t="str"><v>整改中</v></c></row><row><c t="s"><v>0</v></c><c><v>1.5</v></c></row></sheetData><mergeCells count="1"><mergeCell ref="A2:A3"/></mergeCells></worksheet>"#;
    let strings = r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="6" uniqueCount="5"><si><t>问题表现</t></si><si><t>整改措施</t></si><si><r><rPr><b/></rPr><t>状态</t></r><rPh><t>じょうたい</t></rPh></si><si><t xml:space="preserve"> 上班迟到早退 </t></si><si><t>审批材料&amp；重复</t></si></sst>"#;
    let styles = r#"<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy&quot；年&quot;m&quot；月&quot;d&quot；日&quot;"/></numFmts><fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"><alignment wrapText="1"/></xf></cellXfs></styleSheet>"#;
    let entries: Vec<(String, Vec<u8>, bool)> = [
        ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>"#),
        ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#),
        ("xl/workbook.xml", r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr date1904="false"/><sheets><sheet name="说明" sheetId="2" r:id="rId2"/><sheet name="台账" sheetId="1" r:id="rId1"/></sheets><definedNames><definedName name="_xlnm.Print_Area" localSheetId="0">台账！$A$1:$F$4</definedName></definedNames></workbook>"#),
        ("xl/_rels/workbook.xml.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet2.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#),
        ("xl/worksheets/sheet1.xml", sheet),
        ("xl/worksheets/sheet2.xml", r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>填表说明</t></is></c></row></sheetData></worksheet>"#),
        ("xl/sharedStrings.xml", strings),
        ("xl/styles.xml", styles),
    ]
    .iter()
    .map(|(name, text)| ((*name).to_owned(), text.as_bytes().to_vec(), false))
    .collect();
    zip_of(&entries).unwrap_or_default()
}

/// A minimal .ods by hand: repeated rows and columns, spaces, annotations, covered cells.
fn minimal_ods() -> Vec<u8> {
    let cell = |text: &str| {
        format!(
            r#"<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>"#
        )
    };
    let mut rows = String::new();
    let _ = write!(
        rows,
        "<table:table-row>{}{}{}{}<table:table-cell table:number-columns-repeated=\"1020\"/></table:table-row>",
        cell("问题表现"),
        cell("整改措施"),
        cell("责任人"),
        cell("整改时限")
    );
    let _ = write!(
        rows,
        r#"<table:table-row><table:table-cell office:value-type="string"><office:annotation><text:p>批注</text:p></office:annotation><text:p>上班<text:s text:c="2"/>迟到</text:p><text:p>第二段<text:tab/><text:line-break/></text:p></table:table-cell>{}{}<table:table-cell office:value-type="date" office:date-value="2026-06-30"><text:p>2026-06-30</text:p></table:table-cell></table:table-row>"#,
        cell("严格考勤"),
        cell("李娜")
    );
    let _ = write!(
        rows,
        r#"<table:table-row table:number-rows-repeated="2"><table:covered-table-cell/>{}<table:table-cell office:value-type="float" office:value="3" table:number-columns-repeated="2"/><table:table-cell office:value-type="boolean" office:boolean-value="true" table:formula="of:=TRUE()"/></table:table-row>"#,
        cell("每月通报")
    );
    rows.push_str(r#"<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#);
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" office:version="1.2"><office:automatic-styles><style:style style:name="ta1" style:family="table"><style:table-properties table:display="true"/></style:style></office:automatic-styles><office:body><office:spreadsheet><table:named-expressions><table:named-range table:name="区域" table:base-cell-address="$台账.$A$1" table:cell-range-address="$台账.$A$1:.$D$4"/></table:named-expressions><table:table table:name="台账" table:style-name="ta1"><table:table-column table:number-columns-repeated="4"/>{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let entries = vec![
        (
            "mimetype".to_owned(),
            b"application/vnd.oasis.opendocument.spreadsheet".to_vec(),
            true,
        ),
        (
            "META-INF/manifest.xml".to_owned(),
            br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#.to_vec(),
            false,
        ),
        ("content.xml".to_owned(), content.into_bytes(), false),
    ];
    zip_of(&entries).unwrap_or_default()
}

/// Attribute values that find edge cases in counts, addresses and types.
const VALUES: &[&str] = &[
    "0",
    "1",
    "-1",
    "2",
    "99999999999",
    "4294967295",
    "4294967296",
    "18446744073709551615",
    "1048576",
    "1048577",
    "16384",
    "16385",
    "XFD1048576",
    "XFE1",
    "A0",
    "A1048577",
    "AAAAAAAAAA1",
    "A99999999999",
    "ZZZZZZZ1",
    "B2:A1",
    "A1:XFD1048576",
    "A1:A1:A1",
    "",
    "s",
    "str",
    "inlineStr",
    "e",
    "b",
    "n",
    "d",
    "string",
    "float",
    "date",
    "1e308",
    "-1e308",
    "NaN",
    "inf",
    "&#49;",
    "&amp;",
    "1.5",
    "+5",
    "2026-06-30",
    "9999-99-99",
    "TRUE",
    "/xl/sharedStrings.xml",
    "../../etc/passwd",
    "xl/worksheets/sheet1.xml",
    "true",
];

/// The attributes most worth mutating.
const NAMES: &[&str] = &[
    "uniqueCount",
    "count",
    "ref",
    "r",
    "s",
    "t",
    "spans",
    "table:number-columns-repeated",
    "table:number-rows-repeated",
    "text:c",
    "office:value-type",
    "office:value",
    "office:date-value",
    "numFmtId",
    "Target",
    "Type",
    "r:id",
    "name",
    "date1904",
];

/// Mutates one zip entry or the entries; `None` when the seed does not unzip.
fn mutate_zip(rng: &mut Rng, seed: &[u8], seeds: &[Vec<u8>]) -> Option<Vec<u8>> {
    let mut entries = unzip(seed)?;
    if entries.is_empty() {
        return None;
    }
    let pick = rng.below(entries.len());
    match rng.below(10) {
        0 | 1 => {
            let data = &mut entries[pick].1;
            *data = mutate::bytes(rng, data, seeds);
        }
        2..=4 => {
            let data = &mut entries[pick].1;
            set_attribute(rng, data);
        }
        5 => {
            let data = &mut entries[pick].1;
            repeat_markup(rng, data);
        }
        6 => {
            // A far cell, a far row or a repeated huge row in any worksheet-like part.
            let extra: &[&[u8]] = &[
                br#"<c r="XFD1048576"><v>1</v></c>"#,
                br#"<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>"#,
                br#"<c r="A1" t="s"><v>99999999</v></c>"#,
                br#"<table:table-row table:number-rows-repeated="1048576"><table:table-cell office:value="1" office:value-type="float" table:number-columns-repeated="16384"/></table:table-row>"#,
                br#"<text:s text:c="4294967295"/>"#,
                br#"<dimension ref="A1:XFD1048576"/>"#,
                b"<si><t>x</t></si>",
            ];
            let data = &mut entries[pick].1;
            let piece = extra[rng.below(extra.len())];
            let at = rng.below(data.len() + 1);
            data.splice(at..at, piece.iter().copied());
        }
        7 => match rng.below(4) {
            0 => {
                entries.remove(pick);
            }
            1 => {
                let copy = entries[pick].clone();
                entries.insert(rng.below(entries.len() + 1), copy);
            }
            2 => {
                let name = &mut entries[pick].0;
                *name = if rng.below(2) == 0 {
                    name.to_uppercase()
                } else {
                    name.replace('/', "\\")
                };
            }
            _ => {
                let other = rng.below(entries.len());
                let data = entries[other].1.clone();
                entries[pick].1 = data;
            }
        },
        8 => {
            for entry in &mut entries {
                entry.2 = rng.below(2) == 0;
            }
        }
        _ => {
            // A piece of another seed's entry spliced in.
            let other = &seeds[rng.below(seeds.len())];
            if let Some(others) = unzip(other).filter(|others| !others.is_empty()) {
                let source = &others[rng.below(others.len())].1;
                if !source.is_empty() {
                    let from = rng.below(source.len());
                    let end = (from + 1 + rng.below(2048)).min(source.len());
                    let data = &mut entries[pick].1;
                    let at = rng.below(data.len() + 1);
                    data.splice(at..at, source[from..end].iter().copied());
                }
            }
        }
    }
    zip_of(&entries)
}

/// Sets one attribute's value (preferring [`NAMES`]) to one of [`VALUES`] or a random number.
fn set_attribute(rng: &mut Rng, data: &mut Vec<u8>) {
    let mut spots = Vec::new();
    let mut preferred = Vec::new();
    let mut at = 0;
    while let Some(offset) = data[at..].windows(2).position(|w| w == b"=\"") {
        let eq = at + offset;
        let name_start = data[..eq]
            .iter()
            .rposition(u8::is_ascii_whitespace)
            .map_or(0, |p| p + 1);
        let value_start = eq + 2;
        let Some(len) = data[value_start..].iter().position(|b| *b == b'"') else {
            break;
        };
        let name = &data[name_start..eq];
        if NAMES.iter().any(|wanted| name == wanted.as_bytes()) {
            preferred.push((value_start, len));
        }
        spots.push((value_start, len));
        at = value_start + len;
        if spots.len() > 20_000 {
            break;
        }
    }
    let list = if !preferred.is_empty() && rng.below(4) != 0 {
        &preferred
    } else {
        &spots
    };
    if list.is_empty() {
        return;
    }
    let (start, len) = list[rng.below(list.len())];
    let value = if rng.below(4) == 0 {
        (rng.next_u64() >> rng.below(64)).to_string()
    } else {
        VALUES[rng.below(VALUES.len())].to_owned()
    };
    data.splice(start..start + len, value.bytes());
}

/// Repeats a piece of markup (from one `<` to another) up to thousands of times.
fn repeat_markup(rng: &mut Rng, data: &mut Vec<u8>) {
    let opens: Vec<usize> = data
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'<')
        .map(|(i, _)| i)
        .take(100_000)
        .collect();
    if opens.len() < 2 {
        return;
    }
    let first = rng.below(opens.len() - 1);
    let last = (first + 1 + rng.below(8)).min(opens.len() - 1);
    let piece = data[opens[first]..opens[last]].to_vec();
    let times = [1, 2, 10, 100, 1000, 5000][rng.below(6)];
    let mut repeated = Vec::with_capacity(piece.len() * times);
    for _ in 0..times {
        repeated.extend_from_slice(&piece);
        if repeated.len() > 2 << 20 {
            break;
        }
    }
    let at = opens[last];
    data.splice(at..at, repeated);
}

/// One BIFF record.
fn record(kind: u16, data: &[u8]) -> Vec<u8> {
    let mut out = kind.to_le_bytes().to_vec();
    out.extend_from_slice(&(data.len().min(0xFFFF) as u16).to_le_bytes());
    out.extend_from_slice(&data[..data.len().min(0xFFFF)]);
    out
}

fn cell_head(row: u16, col: u16, xf: u16) -> Vec<u8> {
    let mut data = row.to_le_bytes().to_vec();
    data.extend_from_slice(&col.to_le_bytes());
    data.extend_from_slice(&xf.to_le_bytes());
    data
}

fn xl_string(text: &str) -> Vec<u8> {
    let units: Vec<u16> = text.encode_utf16().collect();
    let mut data = (units.len() as u16).to_le_bytes().to_vec();
    data.push(1);
    for unit in units {
        data.extend_from_slice(&unit.to_le_bytes());
    }
    data
}

/// An .xls by hand: formats, a shared string table split over a CONTINUE record, and every
/// value record calamine reads, including formulas with each kind of result.
fn hand_built_xls() -> Vec<u8> {
    let bof = |kind: u8| record(0x0809, &[0, 6, kind, 0, 0, 0, 0, 0]);
    let mut globals = bof(5);
    globals.extend(record(0x0042, &1200u16.to_le_bytes()));
    globals.extend(record(0x0022, &0u16.to_le_bytes()));
    let mut format = 164u16.to_le_bytes().to_vec();
    format.extend(xl_string("yyyy-mm-dd"));
    globals.extend(record(0x041E, &format));
    for ifmt in [0u16, 164] {
        let mut xf = vec![0, 0];
        xf.extend_from_slice(&ifmt.to_le_bytes());
        xf.extend_from_slice(&[0; 16]);
        globals.extend(record(0x00E0, &xf));
    }
    // The shared strings: 问题表现, 整改措施, then 严格考勤 split across a CONTINUE record
    // (the second half compressed when ASCII is not possible: both halves wide here).
    let mut sst = 4u32.to_le_bytes().to_vec();
    sst.extend_from_slice(&3u32.to_le_bytes());
    sst.extend(xl_string("问题表现"));
    sst.extend(xl_string("整改措施"));
    let tail: Vec<u16> = "严格考勤".encode_utf16().collect();
    sst.extend_from_slice(&(tail.len() as u16).to_le_bytes());
    sst.push(1);
    sst.extend_from_slice(&tail[0].to_le_bytes());
    sst.extend_from_slice(&tail[1].to_le_bytes());
    let mut cont = vec![1u8];
    cont.extend_from_slice(&tail[2].to_le_bytes());
    cont.extend_from_slice(&tail[3].to_le_bytes());
    let mut sst_records = record(0x00FC, &sst);
    sst_records.extend(record(0x003C, &cont));
    globals.extend(sst_records);
    let sheet_entry = |position: u32, name: &str| {
        let mut data = position.to_le_bytes().to_vec();
        data.extend_from_slice(&[0, 0, name.len() as u8, 0]);
        data.extend_from_slice(name.as_bytes());
        record(0x0085, &data)
    };
    let eof = record(0x000A, &[]);
    let mut cells = bof(0x10);
    let mut dimensions = 0u32.to_le_bytes().to_vec();
    dimensions.extend_from_slice(&4u32.to_le_bytes());
    dimensions.extend_from_slice(&0u16.to_le_bytes());
    dimensions.extend_from_slice(&5u16.to_le_bytes());
    dimensions.extend_from_slice(&[0, 0]);
    cells.extend(record(0x0200, &dimensions));
    for (col, index) in [(0u16, 0u32), (1, 1)] {
        let mut data = cell_head(0, col, 0);
        data.extend_from_slice(&index.to_le_bytes());
        cells.extend(record(0x00FD, &data));
    }
    let mut label = cell_head(0, 2, 0);
    label.extend(xl_string("责任人"));
    cells.extend(record(0x0204, &label));
    let mut label = cell_head(0, 3, 0);
    label.extend(xl_string("整改时限"));
    cells.extend(record(0x0204, &label));
    let mut label = cell_head(1, 0, 0);
    label.extend(xl_string("上班迟到"));
    cells.extend(record(0x00D6, &label));
    let mut data = cell_head(1, 1, 0);
    data.extend_from_slice(&2u32.to_le_bytes());
    cells.extend(record(0x00FD, &data));
    let mut number = cell_head(1, 3, 1);
    number.extend_from_slice(&46_203f64.to_le_bytes());
    cells.extend(record(0x0203, &number));
    let mut rk = cell_head(2, 3, 1);
    rk.extend_from_slice(&((46_204u32 << 2) | 2).to_le_bytes());
    cells.extend(record(0x027E, &rk));
    let mut mulrk = 3u16.to_le_bytes().to_vec();
    mulrk.extend_from_slice(&1u16.to_le_bytes());
    for value in [5u32, 6] {
        mulrk.extend_from_slice(&0u16.to_le_bytes());
        mulrk.extend_from_slice(&((value << 2) | 2).to_le_bytes());
    }
    mulrk.extend_from_slice(&2u16.to_le_bytes());
    cells.extend(record(0x00BD, &mulrk));
    let mut boolerr = cell_head(3, 4, 0);
    boolerr.extend_from_slice(&[1, 0]);
    cells.extend(record(0x0205, &boolerr));
    // Formulas: a number, a string (with its String record), a boolean, an error, an empty.
    let formula = |row: u16, value: [u8; 8]| {
        let mut data = cell_head(row, 5, 0);
        data.extend_from_slice(&value);
        data.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
        data.extend_from_slice(&[3, 0, 0x1E, 1, 0]);
        record(0x0006, &data)
    };
    cells.extend(formula(0, 2f64.to_le_bytes()));
    cells.extend(formula(1, [0, 0, 0, 0, 0, 0, 0xFF, 0xFF]));
    cells.extend(record(0x0207, &xl_string("整改中")));
    cells.extend(formula(2, [1, 0, 1, 0, 0, 0, 0xFF, 0xFF]));
    cells.extend(formula(3, [2, 0, 0x07, 0, 0, 0, 0xFF, 0xFF]));
    cells.extend(formula(4, [3, 0, 0, 0, 0, 0, 0xFF, 0xFF]));
    let mut merge = 1u16.to_le_bytes().to_vec();
    for value in [1u16, 2, 0, 0] {
        merge.extend_from_slice(&value.to_le_bytes());
    }
    cells.extend(record(0x00E5, &merge));
    cells.extend(eof.clone());
    let globals_len = globals.len() + sheet_entry(0, "ledger").len() + eof.len();
    globals.extend(sheet_entry(globals_len as u32, "ledger"));
    globals.extend(eof);
    globals.extend(cells);
    compound(&globals)
}

/// A version 3 compound file (512-byte sectors) holding `stream` as its `Workbook` stream in
/// regular sectors (padded to 4096 bytes).
fn compound(stream: &[u8]) -> Vec<u8> {
    const SECTOR: usize = 512;
    let mut stream = stream.to_vec();
    stream.resize(stream.len().max(4096).div_ceil(SECTOR) * SECTOR, 0);
    let sectors = stream.len() / SECTOR;
    let directory = sectors;
    let mut fat_sectors = 1;
    while fat_sectors * (SECTOR / 4) < sectors + 1 + fat_sectors {
        fat_sectors += 1;
    }
    let fat_sectors = fat_sectors.min(109);
    let mut out = vec![0u8; SECTOR];
    out[..8].copy_from_slice(&CFB_MAGIC);
    out[0x18..0x1A].copy_from_slice(&0x3E_u16.to_le_bytes());
    out[0x1A..0x1C].copy_from_slice(&3_u16.to_le_bytes());
    out[0x1C..0x1E].copy_from_slice(&0xFFFE_u16.to_le_bytes());
    out[0x1E..0x20].copy_from_slice(&9_u16.to_le_bytes());
    out[0x20..0x22].copy_from_slice(&6_u16.to_le_bytes());
    out[0x2C..0x30].copy_from_slice(&(fat_sectors as u32).to_le_bytes());
    out[0x30..0x34].copy_from_slice(&(directory as u32).to_le_bytes());
    out[0x38..0x3C].copy_from_slice(&4096_u32.to_le_bytes());
    out[0x3C..0x40].copy_from_slice(&0xFFFF_FFFE_u32.to_le_bytes());
    out[0x44..0x48].copy_from_slice(&0xFFFF_FFFE_u32.to_le_bytes());
    for index in 0..109 {
        let entry = if index < fat_sectors {
            (directory + 1 + index) as u32
        } else {
            0xFFFF_FFFF
        };
        out[0x4C + index * 4..0x50 + index * 4].copy_from_slice(&entry.to_le_bytes());
    }
    out.extend_from_slice(&stream);
    let entry = |name: &str, kind: u8, child: u32, start: u32, size: u32| {
        let mut raw = vec![0u8; 128];
        for (i, unit) in name.encode_utf16().enumerate() {
            raw[i * 2..i * 2 + 2].copy_from_slice(&unit.to_le_bytes());
        }
        if !name.is_empty() {
            raw[64..66].copy_from_slice(&((name.len() as u16 + 1) * 2).to_le_bytes());
        }
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
    out.extend(entry("Workbook", 2, 0xFFFF_FFFF, 0, stream.len() as u32));
    out.extend(entry("", 0, 0xFFFF_FFFF, 0, 0));
    out.extend(entry("", 0, 0xFFFF_FFFF, 0, 0));
    for index in 0..fat_sectors * (SECTOR / 4) {
        let value = if index + 1 < sectors {
            index as u32 + 1
        } else if index + 1 == sectors || index == directory {
            0xFFFF_FFFE
        } else if index > directory && index <= directory + fat_sectors {
            0xFFFF_FFFD
        } else {
            0xFFFF_FFFF
        };
        out.extend_from_slice(&value.to_le_bytes());
    }
    out
}

/// The workbook stream of a compound file written by [`compound`] (stream in the sectors right
/// after the header, its size in the second directory entry); `None` for other files.
fn stream_of(file: &[u8]) -> Option<Vec<u8>> {
    if file.get(0x1E..0x20)? != 9u16.to_le_bytes() {
        return None;
    }
    let directory = u32::from_le_bytes(file.get(0x30..0x34)?.try_into().ok()?) as usize;
    let entry = 512 + directory * 512 + 128;
    if file.get(entry..entry + 16)? != b"W\0o\0r\0k\0b\0o\0o\0k\0" {
        return None;
    }
    let size = u32::from_le_bytes(file.get(entry + 120..entry + 124)?.try_into().ok()?) as usize;
    Some(file.get(512..512 + size)?.to_vec())
}

/// Splits a workbook stream into records (type, data).
fn records_of(stream: &[u8]) -> Vec<(u16, Vec<u8>)> {
    let mut records = Vec::new();
    let mut at = 0;
    while at + 4 <= stream.len() {
        let kind = u16::from_le_bytes([stream[at], stream[at + 1]]);
        let len = usize::from(u16::from_le_bytes([stream[at + 2], stream[at + 3]]));
        let end = (at + 4 + len).min(stream.len());
        records.push((kind, stream[at + 4..end].to_vec()));
        at = end;
    }
    records
}

/// Mutates the records of an .xls's workbook stream; `None` for a file not built by
/// [`compound`].
fn mutate_xls(rng: &mut Rng, seed: &[u8]) -> Option<Vec<u8>> {
    let stream = stream_of(seed)?;
    let mut records = records_of(&stream);
    if records.is_empty() {
        return None;
    }
    for _ in 0..=rng.below(3) {
        let pick = rng.below(records.len());
        match rng.below(9) {
            0..=2 => {
                // A field set to an edge value.
                let data = &mut records[pick].1;
                if data.is_empty() {
                    continue;
                }
                let at = rng.below(data.len());
                let values: [u64; 10] = [
                    0,
                    1,
                    0xFF,
                    0x100,
                    0x7FFF,
                    0xFFFF,
                    0x1_0000,
                    0xFFFF_FFFF,
                    0x8000_0000,
                    u64::MAX,
                ];
                let value = values[rng.below(values.len())].to_le_bytes();
                let width = [1, 2, 4][rng.below(3)];
                for (offset, byte) in value.iter().take(width).enumerate() {
                    if let Some(slot) = data.get_mut(at + offset) {
                        *slot = *byte;
                    }
                }
            }
            3 => {
                records.remove(pick);
                if records.is_empty() {
                    return None;
                }
            }
            4 => {
                let copy = records[pick].clone();
                let times = [1, 2, 100, 3000][rng.below(4)];
                for _ in 0..times {
                    records.insert(pick, copy.clone());
                }
            }
            5 => {
                let kinds = [
                    0x0809, 0x000A, 0x003C, 0x002F, 0x0042, 0x0022, 0x041E, 0x00E0, 0x0085, 0x00FC,
                    0x0203, 0x0204, 0x00D6, 0x0205, 0x0207, 0x027E, 0x00FD, 0x00BD, 0x0006, 0x0200,
                    0x00E5, 0x0018, 0x0017,
                ];
                records[pick].0 = kinds[rng.below(kinds.len())];
            }
            6 => {
                let data = &mut records[pick].1;
                let keep = rng.below(data.len() + 1);
                data.truncate(keep);
            }
            7 => {
                let data = &mut records[pick].1;
                for _ in 0..=rng.below(16) {
                    data.push(rng.next_u64() as u8);
                }
            }
            _ => {
                // A cell far away or out of order.
                let row = [0u16, 1, 100, 0x7FFF, 0xFFFF][rng.below(5)];
                let col = [0u16, 1, 0xFF, 0x100, 0xFFFF][rng.below(5)];
                let mut data = cell_head(row, col, 0);
                data.extend_from_slice(&1.5f64.to_le_bytes());
                let at = rng.below(records.len() + 1);
                records.insert(at, (0x0203, data));
            }
        }
    }
    let mut out = Vec::new();
    for (kind, data) in &records {
        out.extend(record(*kind, data));
        if out.len() > 4 << 20 {
            break;
        }
    }
    // The sheet entries point at the sheets' BOFs again, unless a mutation moved them on purpose.
    if rng.below(8) != 0 {
        fix_sheet_positions(&mut out);
    }
    Some(compound(&out))
}

/// Points each sheet entry (BoundSheet8) at the next sheet BOF after the globals, in order.
fn fix_sheet_positions(stream: &mut [u8]) {
    let mut entries = Vec::new();
    let mut bofs = Vec::new();
    let mut at = 0;
    while at + 4 <= stream.len() {
        let kind = u16::from_le_bytes([stream[at], stream[at + 1]]);
        let len = usize::from(u16::from_le_bytes([stream[at + 2], stream[at + 3]]));
        match kind {
            0x0085 if len >= 4 => entries.push(at + 4),
            0x0809 if at > 0 => bofs.push(at),
            _ => {}
        }
        at += 4 + len;
    }
    for (entry, bof) in entries.into_iter().zip(bofs) {
        if let Some(slot) = stream.get_mut(entry..entry + 4) {
            slot.copy_from_slice(&(bof as u32).to_le_bytes());
        }
    }
}
