//! PDF documents checked with real clients (DESIGN §5, §9): `qpdf --check` accepts them,
//! `pdffonts` shows only embedded subset fonts, `pdftotext` gives back the exact Chinese of the
//! data, and a 300-problem ledger repeats its header row on every page. Tests that need a
//! poppler or qpdf tool skip with a printed reason when it is absent.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{
    add_commitment, add_measure, add_problem, commitment_draft, day, fill_demo, measure_draft,
    problem_draft, sign_off_as, temp_db,
};
use tempfile::TempDir;
use zhenggai::domain::date::format_date_zh;
use zhenggai::domain::{CommitmentState, Deadline, UnitDraft};
use zhenggai::report::canvas::{Item, Page};
use zhenggai::report::fonts::FontSet;
use zhenggai::report::frame::official_page_number_text;
use zhenggai::report::{DocumentKind, export_pdf, export_pdf_with, page_numbers};
use zhenggai::store::Store;
use zhenggai::view::DocumentData;

/// The unit every test sets up: long enough to matter, short enough for a one-line title.
const UNIT: &str = "某县行政审批服务管理局";

/// A problem description that wraps over several lines in the ledger's 问题表现 column.
const LONG_PROBLEM: &str = "窗口工作人员对即办件不能在窗口立即办理，需要层层请示审批，\
    群众反映办理营业执照、食品经营许可等事项需往返多次，“门好进、脸好看、事难办”现象仍然存在，\
    一次性告知制度落实不到位，办事指南内容与实际要求不一致。";

/// The signers of the revision.
const SIGNERS: [&str; 3] = ["李晓梅", "张国庆", "王建国"];

/// Whether `tool` runs; prints why a test is skipped when it does not.
fn have(tool: &str) -> bool {
    let found = Command::new(tool).arg("-v").output().is_ok();
    if !found {
        eprintln!("跳过：未安装 {tool}(poppler-utils / qpdf)，无法检查 PDF。");
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
    fill_demo(&mut store, unit, problems, 7);
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
    let number = sign_off_as(&mut store, SIGNERS);
    store.close().unwrap();
    number
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
                text.contains(&squeeze(&page_numbers(kind).text(pages, pages))),
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
                    "主要负责人（签字）",
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
        problem_draft(None, "新发现的问题：窗口午间无人值守"),
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
        squeeze("新发现的问题：窗口午间无人值守"),
    ] {
        assert!(text.contains(&part), "progress report lacks {part}");
    }
}

/// The em box of a text run: left, top, right, bottom (points from the page's top-left).
fn em_box(item: &Item) -> Option<(f32, f32, f32, f32)> {
    match item {
        Item::Text {
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

/// Points per millimetre.
const MM: f32 = 72.0 / 25.4;

/// The 整改承诺书's type area (版心) under GB/T 9704-2012 on A4 portrait: margins of 37 mm
/// top, 35 mm bottom, 28 mm left and 26 mm right. Left, top, right, bottom in points.
fn official_type_area() -> (f32, f32, f32, f32) {
    (
        28.0 * MM,
        37.0 * MM,
        (210.0 - 26.0) * MM,
        (297.0 - 35.0) * MM,
    )
}

/// The note a draft commitment form carries in its top margin.
const DRAFT_NOTE: &str = "草稿：未经审核签发，仅供核对";

/// Checks page `number` (1-based) of a laid-out official document (整改承诺书, 整改进展情况报告):
/// A4 portrait, and everything drawn inside the type area, except the page number, which sits
/// in the bottom margin, and on a draft the draft note with its rule, in the top margin.
fn assert_in_official_type_area(page: &Page, number: usize, draft: bool) {
    let (left, top, right, bottom) = official_type_area();
    assert!(
        (page.size.width - 210.0 * MM).abs() < 0.1 && (page.size.height - 297.0 * MM).abs() < 0.1,
        "page {number} is not A4 portrait: {:?}",
        page.size
    );
    // Nothing comes closer to the paper's edge than a printer can print.
    let edge = 10.0 * MM;
    let inside = |l: f32, t: f32, r: f32, b: f32| {
        l >= left - 0.01 && t >= top - 0.01 && r <= right + 0.01 && b <= bottom + 0.01
    };
    for item in &page.items {
        match item {
            Item::Text { text, .. } => {
                let Some((l, t, r, b)) = em_box(item) else {
                    continue;
                };
                if inside(l, t, r, b) {
                    continue;
                }
                if *text == official_page_number_text(number) {
                    assert!(
                        t >= bottom && b <= page.size.height - edge,
                        "page {number}: the page number is not in the bottom margin: {t} {b}"
                    );
                } else if draft && text == DRAFT_NOTE {
                    assert!(
                        b <= top && t >= edge && r <= right + 0.01,
                        "page {number}: the draft note is not in the top margin: {l} {t} {r} {b}"
                    );
                } else {
                    panic!(
                        "page {number}：“{text}” outside the type area: {l} {t} {r} {b} \
                         (area {left} {top} {right} {bottom})"
                    );
                }
            }
            Item::Line { x1, y1, x2, y2, .. } => {
                let (l, r) = (x1.min(*x2), x1.max(*x2));
                let (t, b) = (y1.min(*y2), y1.max(*y2));
                // The draft note is underlined across the type area's width, in the margin.
                let note_rule = draft && b < top && t >= edge && l >= left - 0.01;
                assert!(
                    inside(l, t, r, b) || note_rule,
                    "page {number}: a line outside the type area: {l} {t} {r} {b}"
                );
            }
            Item::Rect {
                x,
                y,
                width,
                height,
                ..
            } => assert!(
                inside(*x, *y, x + width, y + height),
                "page {number}: a rectangle outside the type area"
            ),
            Item::Modules {
                x,
                y,
                module,
                modules,
                ..
            } => {
                let side = module * modules.len() as f32;
                assert!(
                    inside(*x, *y, x + side, y + side),
                    "page {number}: the QR code is outside the type area"
                );
            }
            // The draft watermark lies across the page's middle, under the text.
            Item::RotatedText { .. } => {}
        }
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
                // The commitment form and the progress report are official documents: they
                // keep to the GB/T 9704 type area, far inside the printable edge.
                if matches!(kind, DocumentKind::Commitment | DocumentKind::Progress) {
                    assert_in_official_type_area(page, number + 1, data.signed.is_none());
                }
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

/// A word of `pdftotext -bbox`: left, top, right, bottom in points from the page's top-left
/// corner, and the text.
type Word = (f32, f32, f32, f32, String);

/// The value of attribute `name` in the start tag `tag`.
fn attribute(tag: &str, name: &str) -> f32 {
    let start = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
    let end = start + tag[start..].find('"').unwrap();
    tag[start..end].parse().unwrap()
}

/// Each page of `path` as `pdftotext -bbox` measures it: its width, height and words.
fn pdf_words(path: &Path) -> Vec<(f32, f32, Vec<Word>)> {
    let output = Command::new("pdftotext")
        .arg("-bbox")
        .arg(path)
        .arg("-")
        .output()
        .unwrap();
    assert!(output.status.success());
    let html = String::from_utf8(output.stdout).unwrap();
    let mut pages = Vec::new();
    for chunk in html.split("<page ").skip(1) {
        let (page_tag, _) = chunk.split_once('>').unwrap();
        let mut words = Vec::new();
        for word in chunk.split("<word ").skip(1) {
            let (tag, rest) = word.split_once('>').unwrap();
            let (text, _) = rest.split_once("</word>").unwrap();
            let text = text
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&amp;", "&");
            words.push((
                attribute(tag, "xMin"),
                attribute(tag, "yMin"),
                attribute(tag, "xMax"),
                attribute(tag, "yMax"),
                text,
            ));
        }
        pages.push((
            attribute(page_tag, "width"),
            attribute(page_tag, "height"),
            words,
        ));
    }
    pages
}

#[test]
fn the_printed_commitment_form_keeps_to_the_official_page_and_margins() {
    if !have_all() {
        return;
    }
    let (dir, db) = workbook(60);
    let revision = sign_off(&db);
    let (left, top, right, bottom) = official_type_area();
    for version in [None, Some(revision)] {
        let path = export(&db, DocumentKind::Commitment, version, dir.path());
        let pages = pdf_words(&path);
        assert!(pages.len() >= 2, "{version:?}: {} pages", pages.len());
        for (index, (width, height, words)) in pages.iter().enumerate() {
            let number = index + 1;
            // The page box is A4 portrait.
            assert!(
                (width - 210.0 * MM).abs() < 0.5 && (height - 297.0 * MM).abs() < 0.5,
                "{version:?} page {number}: {width} × {height} pt"
            );
            let mut above = String::new();
            let mut below = String::new();
            let mut inside = 0;
            for (l, t, r, b, text) in words {
                // Half a point of tolerance for the font's declared ascent and descent.
                if *l >= left - 0.5 && *t >= top - 0.5 && *r <= right + 0.5 && *b <= bottom + 0.5 {
                    inside += 1;
                } else if *b <= top {
                    above.push_str(text);
                } else if *t >= bottom {
                    below.push_str(text);
                } else {
                    panic!(
                        "{version:?} page {number}：“{text}” crosses a side margin: {l} {r} \
                         (type area {left}–{right})"
                    );
                }
            }
            assert!(inside > 0, "{version:?} page {number}: an empty page");
            // Only the page number in the bottom margin; only a draft's note in the top one.
            assert_eq!(
                below,
                squeeze(&official_page_number_text(number)),
                "{version:?} page {number}"
            );
            let expected_above = if version.is_none() { DRAFT_NOTE } else { "" };
            assert_eq!(above, expected_above, "{version:?} page {number}");
        }
    }
}

#[test]
fn the_commitment_form_states_every_commitment_and_the_signature_block() {
    if !have_all() {
        return;
    }
    let (dir, db) = workbook(60);
    // A broken promise is not repeated on the form.
    let broken = "每季度向社会公布窗口办件满意度测评结果";
    let mut store = open_store(&db);
    let mut draft = commitment_draft(broken, Some(day(2026, 5, 31)));
    draft.state = CommitmentState::Broken;
    add_commitment(&mut store, draft);
    store.close().unwrap();
    let revision = sign_off(&db);
    let store = Store::open_read_only(&db).unwrap();
    let commitments = store.commitments().unwrap();
    let kept: Vec<_> = commitments
        .iter()
        .filter(|commitment| commitment.state != CommitmentState::Broken)
        .collect();
    assert!(
        kept.len() >= 2,
        "the demo makes commitments: {commitments:?}"
    );
    assert!(kept.iter().any(|commitment| commitment.due_on.is_some()));
    let snapshot = DocumentData::revision(&store, revision).unwrap().snapshot;
    let (problems, measures, rules) = (
        snapshot.problems.len(),
        snapshot.measures.len(),
        snapshot.rules.len(),
    );
    drop(store);
    for version in [None, Some(revision)] {
        let path = export(&db, DocumentKind::Commitment, version, dir.path());
        let pages = check_with_clients(&path);
        // The body text across pages, without what stands in the margins (the page number,
        // a draft's note), so an item that runs over a page break reads whole.
        let text: String = (1..=pages)
            .map(|page| {
                let number = squeeze(&official_page_number_text(page));
                pdftotext(&path, Some(page))
                    .lines()
                    .map(squeeze)
                    .filter(|line| *line != number && line != DRAFT_NOTE)
                    // The draft watermark's two characters come out as lines of their own,
                    // wherever pdftotext finds them among the body's lines.
                    .filter(|line| {
                        !(version.is_none() && ["草", "稿", "草稿"].contains(&line.as_str()))
                    })
                    .collect::<String>()
            })
            .collect();
        let what = format!("整改承诺书 {version:?}");
        for commitment in &kept {
            // Each item ends in its deadline, or says it is a standing promise.
            let content = commitment
                .content
                .trim_end_matches(['。', ';', ';', '.'])
                .to_owned();
            let item = match commitment.due_on {
                Some(due) => format!("{content}（承诺时限：{}）。", format_date_zh(due)),
                None => format!("{content}（长期坚持）。"),
            };
            assert!(text.contains(&squeeze(&item)), "{what}: {item} missing");
        }
        assert!(
            !text.contains(broken),
            "{what}: a broken promise is printed"
        );
        for part in [
            format!("对查摆出的{problems}个问题制定{measures}条整改措施"),
            format!("新建、修订、废止制度{rules}项"),
            "以上承诺，请".to_owned(),
            // The block for wet signature, in the order it is filled in.
            "主要负责人（签字）：".to_owned(),
            squeeze(UNIT),
            "（单位盖章）".to_owned(),
        ] {
            assert!(text.contains(&part), "{what}: {part} missing");
        }
        // The signature line, then the unit's name over the seal label, then the date with
        // blanks for year, month and day, each on a printed line of its own.
        let lines: Vec<String> = pdftotext_layout(&path).lines().map(squeeze).collect();
        let line_of = |wanted: &str| {
            lines
                .iter()
                .rposition(|line| line.starts_with(wanted))
                .unwrap_or_else(|| panic!("{what}: no line with {wanted}"))
        };
        let signature = line_of("主要负责人（签字）：");
        let name = line_of(&squeeze(UNIT));
        let seal = line_of("（单位盖章）");
        let date = line_of("日期：");
        assert!(
            signature < name && name < seal && seal < date,
            "{what}: {lines:?}"
        );
        assert_eq!(lines[date], "日期：年月日", "{what}");
    }
}

/// Text of the whole PDF with its layout kept: each printed line one line of text.
fn pdftotext_layout(path: &Path) -> String {
    let output = Command::new("pdftotext")
        .arg("-layout")
        .arg(path)
        .arg("-")
        .output()
        .unwrap();
    assert!(output.status.success());
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn the_rules_list_gives_each_rule_with_its_kind_number_and_date() {
    if !have_all() {
        return;
    }
    let (dir, db) = workbook(60);
    let revision = sign_off(&db);
    let rules = Store::open_read_only(&db).unwrap().rules().unwrap();
    assert!(rules.len() >= 3, "the demo makes rules: {rules:?}");
    assert!(rules.iter().any(|rule| !rule.doc_number.is_empty()));
    for version in [None, Some(revision)] {
        let path = export(&db, DocumentKind::Rules, version, dir.path());
        check_with_clients(&path);
        let text = squeeze(&pdftotext(&path, None));
        let lines = pdftotext_layout(&path);
        let what = format!("制度清单 {version:?}");
        assert!(
            text.contains(&format!("共{}项", rules.len())),
            "{what}: count"
        );
        for rule in &rules {
            assert!(
                text.contains(&squeeze(&rule.name)),
                "{what}: {} missing",
                rule.name
            );
            if rule.doc_number.is_empty() {
                continue;
            }
            // A row's first printed line carries the start of the name, the kind, the whole
            // 文号 (never split before its 号) and the issue date.
            let row = lines
                .lines()
                .find(|line| line.contains(rule.doc_number.as_str()))
                .unwrap_or_else(|| panic!("{what}: {} not on one line", rule.doc_number));
            let name_start: String = rule.name.chars().take(3).collect();
            assert!(row.contains(&name_start), "{what}: {row}");
            assert!(row.contains(rule.kind.label()), "{what}: {row}");
            if let Some(issued) = rule.issued_on {
                assert!(row.contains(&format_date_zh(issued)), "{what}: {row}");
            }
        }
    }
}

#[test]
fn every_text_run_lands_where_layout_placed_it() {
    if !have_all() {
        return;
    }
    // The writer sets a table row's cells as one text operator; each must still start exactly
    // where layout measured it, or cells would drift out of their columns.
    let (dir, db) = workbook(12);
    let store = Store::open_read_only(&db).unwrap();
    let data = DocumentData::draft(&store, day(2026, 6, 15)).unwrap();
    let fonts = FontSet::bundled().unwrap();
    for kind in [DocumentKind::Ledger, DocumentKind::Rules] {
        let document = zhenggai::report::layout(kind, &data, &fonts).unwrap();
        let path = dir.path().join(format!("{}.pdf", kind.code()));
        export_pdf_with(kind, &data, &fonts, &path).unwrap();
        let pages = pdf_words(&path);
        assert_eq!(pages.len(), document.pages.len());
        let mut checked = 0;
        for (page, (_, _, words)) in document.pages.iter().zip(&pages) {
            for item in &page.items {
                let Item::Text {
                    x, baseline, text, ..
                } = item
                else {
                    continue;
                };
                let Some(first) = text.chars().next().filter(|ch| !ch.is_whitespace()) else {
                    continue;
                };
                let found = words.iter().any(|(l, t, _, b, word)| {
                    word.starts_with(first) && (l - x).abs() < 0.05 && t < baseline && baseline < b
                });
                assert!(
                    found,
                    "{}：“{text}” is not at {x}, {baseline}",
                    kind.label()
                );
                checked += 1;
            }
        }
        assert!(checked > 20, "{}: only {checked} runs", kind.label());
    }
}

/// The texts of each page's lines, in the order they were placed.
fn page_texts(document: &zhenggai::report::canvas::Document) -> Vec<Vec<String>> {
    document
        .pages
        .iter()
        .map(|page| {
            page.items
                .iter()
                .filter_map(|item| match item {
                    Item::Text { text, .. } => Some(text.clone()),
                    _ => None,
                })
                .collect()
        })
        .collect()
}

#[test]
fn the_signature_never_stands_alone_on_the_last_page_of_the_commitment_form() {
    // One commitment more each round moves the closing paragraph down the page, until the
    // signature no longer fits under it somewhere on the way.
    let (_dir, db) = workbook(3);
    let fonts = FontSet::bundled().unwrap();
    let mut moved_over = 0;
    for round in 0..14 {
        let mut store = open_store(&db);
        add_commitment(
            &mut store,
            commitment_draft(
                &format!(
                    "第{round}项：窗口单位推行首问负责、一次告知、限时办结，群众反映的问题当日回应"
                ),
                Some(day(2026, 12, 31)),
            ),
        );
        store.close().unwrap();
        let store = Store::open_read_only(&db).unwrap();
        let data = DocumentData::draft(&store, day(2026, 6, 15)).unwrap();
        drop(store);
        let document = zhenggai::report::layout(DocumentKind::Commitment, &data, &fonts).unwrap();
        let pages = page_texts(&document);
        let page_with = |wanted: &str| {
            pages
                .iter()
                .position(|lines| lines.iter().any(|line| line.contains(wanted)))
                .unwrap_or_else(|| panic!("round {round}: no “{wanted}” in {pages:?}"))
        };
        let closing_starts = page_with("以上承诺");
        let closing_ends = page_with("愿意接受问责");
        let signature = page_with("主要负责人（签字）");
        assert_eq!(
            (closing_starts, closing_ends),
            (signature, signature),
            "round {round}: the closing paragraph and the signature part: {pages:?}"
        );
        // The rounds where the closing paragraph opens a page are the ones that moved over.
        if pages[signature]
            .iter()
            .find(|line| !line.contains('页') && !line.contains("草稿"))
            .is_some_and(|line| line.contains("以上承诺"))
        {
            moved_over += 1;
        }
    }
    assert!(moved_over > 0, "no round put the signature at a page break");
}
