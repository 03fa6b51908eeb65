//! PDF documents checked with real clients (DESIGN §5, §9): `qpdf --check` accepts them,
//! `pdffonts` shows only embedded subset fonts, `pdftotext` gives back the exact Chinese of the
//! data, and a 300-problem ledger repeats its header row on every page. Tests that need a
//! poppler or qpdf tool skip with a printed reason when it is absent.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{add_measure, add_problem, apply, day, measure_draft, problem_draft, temp_db};
use tempfile::TempDir;
use zhenggai::demo::{DemoOptions, populate};
use zhenggai::domain::{Command as Edit, Deadline, RecordRef, SignOffDraft, UnitDraft};
use zhenggai::report::fonts::FontSet;
use zhenggai::report::{DocumentData, DocumentKind, export_pdf, export_pdf_with};
use zhenggai::setup::init_workbook;
use zhenggai::store::Store;

/// The unit every test sets up: long enough to matter, short enough for a one-line title.
const UNIT: &str = "某县行政审批服务管理局";

/// A problem description that wraps over several lines in the ledger's 问题表现 column.
const LONG_PROBLEM: &str = "窗口工作人员对即办件不能在窗口立即办理,需要层层请示审批,\
    群众反映办理营业执照、食品经营许可等事项需往返多次,“门好进、脸好看、事难办”现象仍然存在,\
    一次性告知制度落实不到位,办事指南内容与实际要求不一致。";

/// The signers of the revision.
const SIGNERS: [&str; 3] = ["李晓梅", "张国庆", "王建国"];

/// Whether `tool` runs; prints why a test is skipped when it does not.
fn have(tool: &str) -> bool {
    let found = Command::new(tool).arg("-v").output().is_ok();
    if !found {
        eprintln!("跳过:未安装 {tool}(poppler-utils / qpdf),无法检查 PDF。");
    }
    found
}

fn have_all() -> bool {
    ["qpdf", "pdffonts", "pdftotext"]
        .iter()
        .all(|tool| have(tool))
}

/// Text of the whole PDF (or of page `page` only), as pdftotext gives it.
fn pdftotext(path: &Path, page: Option<usize>) -> String {
    let mut command = Command::new("pdftotext");
    if let Some(page) = page {
        command.args(["-f", &page.to_string(), "-l", &page.to_string()]);
    }
    let output = command.arg(path).arg("-").output().unwrap();
    assert!(
        output.status.success(),
        "pdftotext failed on {}",
        path.display()
    );
    String::from_utf8(output.stdout).unwrap()
}

/// Text without any whitespace, so wrapped lines compare with the original.
fn squeeze(text: &str) -> String {
    text.chars().filter(|ch| !ch.is_whitespace()).collect()
}

/// Checks structure, fonts and page count with qpdf and pdffonts; returns the page count.
fn check_with_clients(path: &Path) -> usize {
    let qpdf = Command::new("qpdf")
        .arg("--check")
        .arg(path)
        .output()
        .unwrap();
    assert!(
        qpdf.status.success(),
        "qpdf --check failed on {}:\n{}",
        path.display(),
        String::from_utf8_lossy(&qpdf.stdout)
    );
    let fonts = Command::new("pdffonts").arg(path).output().unwrap();
    assert!(fonts.status.success());
    let listing = String::from_utf8(fonts.stdout).unwrap();
    let rows: Vec<&str> = listing.lines().skip(2).collect();
    assert!(!rows.is_empty(), "no fonts in {}", path.display());
    for row in rows {
        let columns: Vec<&str> = row.split_whitespace().collect();
        let name = columns[0];
        // A subset font's name starts with six capital letters and a plus: ABCDEF+Name.
        let (tag, _) = name.split_once('+').unwrap_or(("", ""));
        assert!(
            tag.len() == 6 && tag.chars().all(|ch| ch.is_ascii_uppercase()),
            "font is not a subset: {row}"
        );
        // Columns end with: emb sub uni object-id generation.
        let n = columns.len();
        assert_eq!(&columns[n - 5..n - 2], ["yes", "yes", "yes"], "{row}");
    }
    let info = Command::new("pdfinfo").arg(path).output().unwrap();
    let info = String::from_utf8(info.stdout).unwrap();
    info.lines()
        .find_map(|line| line.strip_prefix("Pages:"))
        .and_then(|pages| pages.trim().parse().ok())
        .unwrap()
}

/// Opens the store for writing. Another test of this file may be starting the binary just as
/// this one reopens its database, and a child process holds a copy of the lock file's handle
/// until it has started; so a refused lock is retried for a moment.
fn open_store(path: &Path) -> Store {
    for _ in 0..100 {
        match Store::open(path) {
            Ok(store) => return store,
            Err(zhenggai::store::StoreError::Locked { .. }) => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Err(other) => panic!("cannot open {}: {other}", path.display()),
        }
    }
    panic!("{} stayed locked", path.display());
}

/// A database with the unit, `problems` demo problems, and one problem with [`LONG_PROBLEM`].
fn workbook(problems: usize) -> (TempDir, PathBuf) {
    let (dir, path) = temp_db();
    let mut store = open_store(&path);
    let unit = UnitDraft {
        name: UNIT.into(),
        code: String::new(),
        superior: "县作风建设领导小组办公室".into(),
        leader: SIGNERS[2].into(),
    };
    init_workbook(&mut store, unit, 2026).unwrap();
    populate(
        &mut store,
        &DemoOptions {
            problems,
            seed: 7,
            today: day(2026, 6, 15),
        },
    )
    .unwrap();
    let category = store
        .categories()
        .unwrap()
        .first()
        .map(|category| category.id);
    let problem = add_problem(&mut store, problem_draft(category, LONG_PROBLEM));
    add_measure(
        &mut store,
        measure_draft(problem, Some(Deadline::Date(day(2026, 9, 30)))),
    );
    store.close().unwrap();
    (dir, path)
}

/// Signs the working data off as the next revision.
fn sign_off(path: &Path) -> i64 {
    let mut store = open_store(path);
    let target = apply(
        &mut store,
        &Edit::SignOff(SignOffDraft {
            preparer: SIGNERS[0].into(),
            reviewer: SIGNERS[1].into(),
            leader: SIGNERS[2].into(),
        }),
    );
    store.close().unwrap();
    match target {
        RecordRef::Revision(number) => number,
        other => panic!("sign-off returned {other:?}"),
    }
}

/// Exports `kind` from the draft (`None`) or a revision into `dir`.
fn export(db: &Path, kind: DocumentKind, revision: Option<i64>, dir: &Path) -> PathBuf {
    let store = Store::open_read_only(db).unwrap();
    let data = match revision {
        Some(number) => DocumentData::revision(&store, number).unwrap(),
        None => DocumentData::draft(&store, day(2026, 6, 15)).unwrap(),
    };
    let name = format!("{}-{}.pdf", kind.code(), revision.unwrap_or(0));
    let path = dir.join(name);
    let written = export_pdf(kind, &data, &path).unwrap();
    assert_eq!(
        written.bytes as u64,
        std::fs::metadata(&path).unwrap().len()
    );
    path
}

#[test]
fn every_document_passes_the_real_clients_as_draft_and_signed() {
    if !have_all() {
        return;
    }
    let (dir, db) = workbook(12);
    let revision = sign_off(&db);
    for &kind in DocumentKind::ALL {
        for version in [None, Some(revision)] {
            let path = export(&db, kind, version, dir.path());
            let pages = check_with_clients(&path);
            let text = squeeze(&pdftotext(&path, None));
            let what = format!("{} {version:?}", kind.label());
            assert!(text.contains(&squeeze(UNIT)), "{what}: unit name missing");
            assert!(
                text.contains(&format!("第{pages}页共{pages}页")),
                "{what}: no page numbers"
            );
            match version {
                None => assert!(text.contains("草稿"), "{what}: no watermark"),
                Some(number) => {
                    assert!(
                        !text.contains("草稿"),
                        "{what}: a signed document says 草稿"
                    );
                    for signer in SIGNERS {
                        assert!(text.contains(signer), "{what}: {signer} missing");
                    }
                    assert!(text.contains(&format!("第{number}版")), "{what}");
                    let store = Store::open_read_only(&db).unwrap();
                    let hash = &store.sign_offs().unwrap()[0].data_sha256;
                    assert!(text.contains(hash.as_str()), "{what}: fingerprint missing");
                    let key = store.unit_key().unwrap().unwrap().key_id;
                    assert!(text.contains(&key), "{what}: unit key missing");
                }
            }
            if kind == DocumentKind::Ledger {
                assert!(
                    text.contains(&squeeze(LONG_PROBLEM)),
                    "{what}: the wrapped problem text is not extracted whole"
                );
            }
            if kind == DocumentKind::Commitment {
                for part in [
                    "整改承诺书",
                    "郑重承诺",
                    "一、",
                    "主要负责人(签字)",
                    "单位盖章",
                    "日期",
                ] {
                    assert!(text.contains(part), "{what}: {part} missing");
                }
            }
        }
    }
}

#[test]
fn a_300_problem_ledger_has_the_header_row_on_every_page() {
    if !have_all() {
        return;
    }
    let (dir, db) = workbook(300);
    let path = export(&db, DocumentKind::Ledger, None, dir.path());
    let pages = check_with_clients(&path);
    assert!(pages > 10, "only {pages} pages for 300 problems");
    for page in 1..=pages {
        let text = squeeze(&pdftotext(&path, Some(page)));
        for title in [
            "序号",
            "问题类别",
            "问题表现",
            "整改措施",
            "责任领导",
            "整改时限",
            "进展情况",
            "状态",
        ] {
            assert!(text.contains(title), "page {page} lacks the header {title}");
        }
        assert!(
            text.contains(&format!("第{page}页共{pages}页")),
            "page {page}"
        );
    }
    // Size stays small because only used glyphs are embedded.
    let size = std::fs::metadata(&path).unwrap().len();
    assert!(size < 2_000_000, "{size} bytes");
}

/// Runs the binary; returns exit code, stdout and stderr.
fn run(db: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_zhenggai"))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn the_command_line_exports_and_refuses_clearly() {
    let (dir, db) = workbook(5);
    let out = dir.path().join("台账.pdf");
    let out_arg = out.to_str().unwrap();
    let (code, stdout, stderr) = run(&db, &["export-pdf", "--kind", "ledger", out_arg]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("草稿") && stdout.contains("可以安全拔出"),
        "{stdout}"
    );
    assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF-"));

    // No revision yet: a clear refusal, and nothing written.
    let missing = dir.path().join("第1版.pdf");
    let (code, _, stderr) = run(
        &db,
        &[
            "export-pdf",
            "--kind",
            "ledger",
            "--revision",
            "1",
            missing.to_str().unwrap(),
        ],
    );
    assert_eq!(code, Some(1));
    assert!(stderr.contains("没有第 1 版"), "{stderr}");
    assert!(!missing.exists());

    // An unknown kind is a usage error.
    let (code, _, _) = run(&db, &["export-pdf", "--kind", "poster", out_arg]);
    assert_eq!(code, Some(2));

    // A folder that does not exist: refused, no stray files.
    let nowhere = dir.path().join("没有的文件夹").join("台账.pdf");
    let (code, _, stderr) = run(
        &db,
        &["export-pdf", "--kind", "ledger", nowhere.to_str().unwrap()],
    );
    assert_eq!(code, Some(1));
    assert!(stderr.contains("无法写入"), "{stderr}");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn the_progress_report_counts_draws_its_chart_and_lists_changes() {
    let (dir, db) = workbook(12);
    sign_off(&db);
    // Work goes on after the sign-off: one more problem with a measure.
    let mut store = open_store(&db);
    let problem = add_problem(
        &mut store,
        problem_draft(None, "新发现的问题:窗口午间无人值守"),
    );
    add_measure(
        &mut store,
        measure_draft(problem, Some(Deadline::Date(day(2026, 12, 31)))),
    );
    store.close().unwrap();

    let store = Store::open_read_only(&db).unwrap();
    let data = DocumentData::draft(&store, day(2026, 6, 15)).unwrap();
    let problems = data.snapshot.problems.len();
    let fonts = FontSet::bundled().unwrap();
    let document = zhenggai::report::layout(DocumentKind::Progress, &data, &fonts).unwrap();
    // One dark bar per area with completed work, drawn as a filled rectangle.
    let dark_bars = document
        .pages
        .iter()
        .flat_map(|page| &page.items)
        .filter(|item| {
            matches!(item, zhenggai::report::canvas::Item::Rect { fill: Some(grey), .. }
                if (*grey - 0.35).abs() < 1e-6)
        })
        .count();
    assert!(dark_bars >= 1, "no bars drawn");

    if !have_all() {
        return;
    }
    let path = export(&db, DocumentKind::Progress, None, dir.path());
    check_with_clients(&path);
    let text = squeeze(&pdftotext(&path, None));
    for part in [
        format!("共查摆问题{problems}个"),
        "分类别整改情况".to_owned(),
        "图1各类别整改完成率".to_owned(),
        "逾期未完成事项".to_owned(),
        "与第1版相比".to_owned(),
        "新增问题1项".to_owned(),
        squeeze("新发现的问题:窗口午间无人值守"),
    ] {
        assert!(text.contains(&part), "progress report lacks {part}");
    }
}

/// The em box of a text run: left, top, right, bottom (points from the page's top-left).
fn em_box(item: &zhenggai::report::canvas::Item) -> Option<(f32, f32, f32, f32)> {
    match item {
        zhenggai::report::canvas::Item::Text {
            x,
            baseline,
            size,
            width,
            text,
            ..
        } if !text.trim().is_empty() => Some((
            *x,
            baseline - 0.85 * size,
            x + width,
            baseline + 0.15 * size,
        )),
        _ => None,
    }
}

#[test]
fn no_text_overlaps_other_text_or_leaves_the_page() {
    let (_dir, db) = workbook(60);
    let revision = sign_off(&db);
    let store = Store::open_read_only(&db).unwrap();
    let fonts = FontSet::bundled().unwrap();
    // Ten millimetres: no printer clips closer to the edge than that.
    let edge = 10.0 * 72.0 / 25.4;
    for data in [
        DocumentData::draft(&store, day(2026, 6, 15)).unwrap(),
        DocumentData::revision(&store, revision).unwrap(),
    ] {
        for &kind in DocumentKind::ALL {
            let document = zhenggai::report::layout(kind, &data, &fonts).unwrap();
            for (number, page) in document.pages.iter().enumerate() {
                let boxes: Vec<_> = page.items.iter().filter_map(em_box).collect();
                for &(left, top, right, bottom) in &boxes {
                    assert!(
                        left >= edge
                            && top >= edge
                            && right <= page.size.width - edge
                            && bottom <= page.size.height - edge,
                        "{} page {}: text outside the printable area: {left} {top} {right} {bottom}",
                        kind.label(),
                        number + 1
                    );
                }
                for (index, a) in boxes.iter().enumerate() {
                    for b in &boxes[index + 1..] {
                        let overlap = a.0 < b.2 - 0.5
                            && b.0 < a.2 - 0.5
                            && a.1 < b.3 - 0.5
                            && b.1 < a.3 - 0.5;
                        assert!(
                            !overlap,
                            "{} page {}: text runs overlap: {a:?} {b:?}",
                            kind.label(),
                            number + 1
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn installed_official_fonts_set_the_commitment_form() {
    if !have_all() {
        return;
    }
    let (dir, db) = workbook(5);
    // Stand-ins for 仿宋 and 黑体 under their Windows file names: discovery goes by name, and
    // the document then embeds three faces, each as a subset.
    let fonts_dir = dir.path().join("Fonts");
    std::fs::create_dir(&fonts_dir).unwrap();
    let bundled = zhenggai::report::font::BUNDLED_FONT_TTF;
    std::fs::write(fonts_dir.join("simfang.ttf"), bundled).unwrap();
    std::fs::write(fonts_dir.join("SIMHEI.TTF"), bundled).unwrap();
    let fonts = FontSet::discover(&[fonts_dir]).unwrap();
    assert!(fonts.has_official());

    let store = Store::open_read_only(&db).unwrap();
    let data = DocumentData::draft(&store, day(2026, 6, 15)).unwrap();
    let path = dir.path().join("承诺书.pdf");
    export_pdf_with(DocumentKind::Commitment, &data, &fonts, &path).unwrap();
    check_with_clients(&path);
    let listing = Command::new("pdffonts").arg(&path).output().unwrap();
    let fonts_listed = String::from_utf8(listing.stdout).unwrap().lines().count() - 2;
    assert_eq!(fonts_listed, 3, "bundled, body and heading faces");
    let text = squeeze(&pdftotext(&path, None));
    assert!(text.contains(&squeeze(&format!("{UNIT}整改承诺书"))));
    assert!(text.contains("郑重承诺如下"));
}
