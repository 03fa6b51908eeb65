//! The official documents as GB/T 9704-2012 sets them (issue 17): the 整改承诺书 and the
//! 整改进展情况报告 number their pages "— 1 —" on the outer corner, set their fingerprint block
//! small and grey, take 方正小标宋, 仿宋, 黑体 and 楷体 from a fonts folder that has them (the
//! bundled font otherwise), print dates in Chinese, and the progress report counts 已完成 one
//! way in its text, its table and its chart. Checked on the laid-out items, and where poppler
//! is installed on the written PDF too.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{add_commitment, apply, commitment_draft, day, temp_db};
use tempfile::TempDir;
use zhenggai::demo::{DemoOptions, populate};
use zhenggai::domain::{Command as Edit, SignOffDraft, UnitDraft};
use zhenggai::report::canvas::{Document, Item, Page};
use zhenggai::report::font::BUNDLED_FONT_TTF;
use zhenggai::report::fonts::{FontSet, Role};
use zhenggai::report::frame::official_page_number_text;
use zhenggai::report::{DocumentKind, export_pdf_with, layout, page_numbers};
use zhenggai::setup::init_workbook;
use zhenggai::store::Store;
use zhenggai::view::DocumentData;

/// A filled square: left, top, right, bottom and its grey.
type Square = (f32, f32, f32, f32, f32);

/// Points per millimetre.
const MM: f32 = 72.0 / 25.4;

/// The GB/T 9704 type area on A4: left, right and bottom edges in points.
const LEFT: f32 = 28.0 * MM;
const RIGHT: f32 = (210.0 - 26.0) * MM;
const BOTTOM: f32 = (297.0 - 35.0) * MM;

/// A database with a unit and `problems` demo problems, signed off as revision 1.
fn signed_demo(problems: usize) -> (TempDir, PathBuf) {
    let (dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    let unit = UnitDraft {
        name: "市行政审批局".into(),
        code: String::new(),
        superior: String::new(),
        leader: "王建国".into(),
    };
    init_workbook(&mut store, unit, 2026).unwrap();
    populate(
        &mut store,
        &DemoOptions {
            problems,
            seed: 17,
            today: day(2026, 6, 15),
        },
    )
    .unwrap();
    apply(
        &mut store,
        &Edit::SignOff(SignOffDraft {
            preparer: "李晓梅".into(),
            reviewer: "张国庆".into(),
            leader: "王建国".into(),
        }),
    );
    store.close().unwrap();
    (dir, path)
}

/// Revision 1 of the database at `path`.
fn revision(path: &Path) -> DocumentData {
    let store = Store::open_read_only(path).unwrap();
    DocumentData::revision(&store, 1).unwrap()
}

/// The text runs of `page`: text, x, baseline, size, width, grey and face.
fn runs(page: &Page) -> Vec<(&str, f32, f32, f32, f32, f32, usize)> {
    page.items
        .iter()
        .filter_map(|item| match item {
            Item::Text {
                text,
                x,
                baseline,
                size,
                width,
                grey,
                face,
            } => Some((text.as_str(), *x, *baseline, *size, *width, *grey, *face)),
            _ => None,
        })
        .collect()
}

/// Every text run of `document` in order, joined, without whitespace.
fn squeezed_text(document: &Document) -> String {
    document
        .pages
        .iter()
        .flat_map(runs)
        .flat_map(|run| run.0.chars())
        .filter(|ch| !ch.is_whitespace())
        .collect()
}

/// The number after `marker` in `text`.
fn number_after(text: &str, marker: &str) -> usize {
    let start = text
        .find(marker)
        .unwrap_or_else(|| panic!("no {marker} in {text}"))
        + marker.len();
    text[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap()
}

#[test]
fn official_documents_number_their_pages_with_dashes_on_the_outer_corner() {
    let (_dir, path) = signed_demo(60);
    let data = revision(&path);
    let fonts = FontSet::bundled().unwrap();
    for kind in [DocumentKind::Commitment, DocumentKind::Progress] {
        let document = layout(kind, &data, &fonts).unwrap();
        assert!(document.pages.len() >= 2, "{}: one page", kind.label());
        for (index, page) in document.pages.iter().enumerate() {
            let number = index + 1;
            let what = format!("{} page {number}", kind.label());
            let wanted = format!("\u{2014} {number} \u{2014}");
            assert_eq!(official_page_number_text(number), wanted);
            assert_eq!(page_numbers(kind).text(number, 99), wanted);
            let all = runs(page);
            let found: Vec<_> = all.iter().filter(|run| run.0 == wanted).collect();
            assert_eq!(found.len(), 1, "{what}: {all:?}");
            let (_, x, baseline, size, width, _, _) = *found[0];
            // 4号, below the type area (the dashes 7 mm under its edge), on the outer corner one
            // character in from the type area's edge.
            assert!((size - 14.0).abs() < 0.01, "{what}: {size} pt");
            assert!(
                baseline - 0.35 * size > BOTTOM + 6.5 * MM
                    && baseline - 0.35 * size < BOTTOM + 7.5 * MM,
                "{what}: baseline {baseline}"
            );
            if number % 2 == 1 {
                assert!((x + width - (RIGHT - size)).abs() < 0.05, "{what}: x {x}");
            } else {
                assert!((x - (LEFT + size)).abs() < 0.05, "{what}: x {x}");
            }
            assert!(
                all.iter().all(|run| !run.0.contains("页 共")),
                "{what}: a counted page number too"
            );
        }
    }
    // The ledger keeps its readable counted footer.
    let ledger = layout(DocumentKind::Ledger, &data, &fonts).unwrap();
    let pages = ledger.pages.len();
    let last = runs(&ledger.pages[pages - 1]);
    assert!(
        last.iter()
            .any(|run| run.0 == format!("第 {pages} 页 共 {pages} 页")),
        "ledger footer: {last:?}"
    );
}

#[test]
fn the_fingerprint_block_is_smaller_than_the_text_and_grey() {
    let (_dir, path) = signed_demo(12);
    let data = revision(&path);
    let fonts = FontSet::bundled().unwrap();
    for kind in [DocumentKind::Commitment, DocumentKind::Progress] {
        let document = layout(kind, &data, &fonts).unwrap();
        let all: Vec<_> = document.pages.iter().flat_map(runs).collect();
        let body = all
            .iter()
            .find(|run| run.0.contains("截至") || run.0.contains("郑重承诺"))
            .unwrap_or_else(|| panic!("{}: no body text", kind.label()));
        assert!((body.3 - 16.0).abs() < 0.01 && body.5 == 0.0, "{body:?}");
        for label in [
            "数据指纹（SHA-256）",
            "数据指纹（SM3）",
            "单位签名编号",
            "国密签名编号",
            "审核签发",
        ] {
            let run = all
                .iter()
                .find(|run| run.0.contains(label))
                .unwrap_or_else(|| panic!("{}: no {label}", kind.label()));
            assert!(run.3 <= body.3 * 0.6, "{label} is {} pt", run.3);
            assert!(run.5 >= 0.3 && run.5 <= 0.6, "{label} grey {}", run.5);
        }
        // The QR code: grey squares, not black ones, in a corner no bigger than 2 cm.
        let qr: Vec<_> = document
            .pages
            .iter()
            .flat_map(|page| &page.items)
            .filter_map(|item| match item {
                Item::Modules {
                    x,
                    y,
                    module,
                    modules,
                    grey,
                } => Some((x, y, module, modules, grey)),
                _ => None,
            })
            .flat_map(|(x, y, module, modules, grey)| {
                modules.iter().enumerate().flat_map(move |(row, line)| {
                    line.iter()
                        .enumerate()
                        .filter(|(_, dark)| **dark)
                        .map(move |(column, _)| {
                            let left = x + column as f32 * module;
                            let top = y + row as f32 * module;
                            (left, top, left + module, top + module, *grey)
                        })
                })
            })
            .collect();
        assert!(qr.len() > 50, "{}: no QR code", kind.label());
        assert!(qr.iter().all(|square| square.4 >= 0.2 && square.4 < 0.6));
        let span = |pick: fn(&Square) -> (f32, f32)| {
            qr.iter()
                .map(pick)
                .fold((f32::MAX, f32::MIN), |(low, high), (a, b)| {
                    (low.min(a), high.max(b))
                })
        };
        let (left, right) = span(|square| (square.0, square.2));
        let (top, bottom) = span(|square| (square.1, square.3));
        assert!(right - left <= 20.0 * MM && bottom - top <= 20.0 * MM);
        assert!(
            document.pages.iter().all(|page| page
                .items
                .iter()
                .all(|item| !matches!(item, Item::Modules { grey, .. } if *grey == 0.0))),
            "black modules"
        );
    }
}

/// A fonts folder with the bundled font copied under the official typefaces' file names (only
/// the name decides the role), and the face index discovery gives each role.
fn official_fonts(dir: &Path) -> FontSet {
    let folder = dir.join("Fonts");
    std::fs::create_dir_all(&folder).unwrap();
    for name in ["FZXBSJW.TTF", "仿宋_GB2312.ttf", "SIMHEI.TTF", "simkai.ttf"] {
        std::fs::write(folder.join(name), BUNDLED_FONT_TTF).unwrap();
    }
    FontSet::discover(&[folder]).unwrap()
}

/// The face of the first run of `document` that contains `wanted`.
fn face_of(document: &Document, wanted: &str) -> usize {
    document
        .pages
        .iter()
        .flat_map(runs)
        .find(|run| run.0.contains(wanted))
        .unwrap_or_else(|| panic!("no run with {wanted}"))
        .6
}

#[test]
fn official_typefaces_set_title_body_and_headings_when_a_fonts_folder_has_them() {
    let (dir, path) = signed_demo(12);
    let fonts = official_fonts(dir.path());
    let face = |role| fonts.face(role, true);
    let source = |role| {
        let index = face(role);
        Path::new(&fonts.faces()[index].source)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned()
    };
    assert_eq!(source(Role::Title), "FZXBSJW.TTF");
    assert_eq!(source(Role::Body), "仿宋_GB2312.ttf");
    assert_eq!(source(Role::Heading), "SIMHEI.TTF");
    assert_eq!(source(Role::Subheading), "simkai.ttf");

    let data = revision(&path);
    let commitment = layout(DocumentKind::Commitment, &data, &fonts).unwrap();
    assert_eq!(face_of(&commitment, "整改承诺书"), face(Role::Title));
    assert_eq!(face_of(&commitment, "郑重承诺"), face(Role::Body));
    assert_eq!(
        face_of(&commitment, "\u{2014} 1 \u{2014}"),
        face(Role::Body)
    );
    assert_eq!(face_of(&commitment, "数据指纹"), 0);

    let progress = layout(DocumentKind::Progress, &data, &fonts).unwrap();
    assert_eq!(face_of(&progress, "整改进展情况报告"), face(Role::Title));
    assert_eq!(face_of(&progress, "一、总体情况"), face(Role::Heading));
    assert_eq!(
        face_of(&progress, "（一）整改措施完成情况"),
        face(Role::Subheading)
    );
    assert_eq!(face_of(&progress, "共查摆问题"), face(Role::Body));

    // Without the folder every role falls back to the bundled font.
    let bundled = FontSet::discover(&[dir.path().join("没有字体")]).unwrap();
    let plain = layout(DocumentKind::Progress, &data, &bundled).unwrap();
    assert!(plain.pages.iter().flat_map(runs).all(|run| run.6 == 0));

    // The PDF embeds each face used as a subset.
    let pdf = dir.path().join("进展报告.pdf");
    export_pdf_with(DocumentKind::Progress, &data, &fonts, &pdf).unwrap();
    if let Ok(output) = Command::new("pdffonts").arg(&pdf).output() {
        let listing = String::from_utf8(output.stdout).unwrap();
        assert_eq!(listing.lines().count() - 2, 5, "{listing}");
    }
}

#[test]
fn a_character_the_body_face_lacks_sends_only_the_body_to_the_next_face() {
    let (dir, path) = signed_demo(5);
    let mut store = Store::open(&path).unwrap();
    // A private-use character no font has: the body faces give way, the title keeps 小标宋.
    add_commitment(
        &mut store,
        commitment_draft("窗口推行\u{E000}首问负责制", Some(day(2026, 12, 31))),
    );
    store.close().unwrap();
    let fonts = official_fonts(dir.path());
    let store = Store::open_read_only(&path).unwrap();
    let data = DocumentData::draft(&store, day(2026, 6, 15)).unwrap();
    let document = layout(DocumentKind::Commitment, &data, &fonts).unwrap();
    assert_eq!(
        face_of(&document, "整改承诺书"),
        fonts.face(Role::Title, true)
    );
    assert_eq!(face_of(&document, "郑重承诺"), 0);
}

#[test]
fn the_progress_report_counts_done_one_way_in_text_table_and_chart() {
    let (dir, path) = signed_demo(60);
    let data = revision(&path);
    let fonts = FontSet::bundled().unwrap();
    let document = layout(DocumentKind::Progress, &data, &fonts).unwrap();
    let text = squeezed_text(&document);
    let done = number_after(&text, "其中已完成");
    let closed = number_after(&text, &format!("其中已完成{done}条（含已销号"));
    assert!(closed > 0 && done > closed, "{done} {closed}");

    // The table's 合计 row: 合计, problems, measures, done, closed, rate, left to right.
    let all: Vec<_> = document.pages.iter().flat_map(runs).collect();
    let total = all.iter().find(|run| run.0 == "合计").unwrap();
    let mut row: Vec<_> = all
        .iter()
        .filter(|run| (run.2 - total.2).abs() < 0.5 && run.1 > total.1)
        .collect();
    row.sort_by(|a, b| a.1.total_cmp(&b.1));
    let cells: Vec<&str> = row.iter().map(|run| run.0).collect();
    assert_eq!(cells.len(), 5, "{cells:?}");
    assert_eq!(cells[2], done.to_string(), "{cells:?}");
    assert_eq!(cells[3], closed.to_string(), "{cells:?}");
    // The table says what 已完成 includes.
    assert!(
        text.contains("已完成（含已销号）其中已销号"),
        "table header"
    );

    // The chart's captions (rate（done/measures）) add up to the same 已完成.
    let charted: usize = all
        .iter()
        .filter(|run| run.0.contains("%（") && run.0.ends_with('）'))
        .map(|run| number_after(run.0, "（"))
        .sum();
    assert_eq!(charted, done);
    assert!(text.contains("整改完成率（已完成含已销号）"));

    // Dates are Chinese throughout: no 2026-06-30.
    assert!(!text.contains("2026-"), "an ISO date in the report");

    // And the printed file says the same.
    let pdf = dir.path().join("进展报告.pdf");
    export_pdf_with(DocumentKind::Progress, &data, &fonts, &pdf).unwrap();
    if let Ok(output) = Command::new("pdftotext").arg(&pdf).arg("-").output() {
        let printed: String = String::from_utf8(output.stdout)
            .unwrap()
            .chars()
            .filter(|ch| !ch.is_whitespace())
            .collect();
        assert!(printed.contains(&format!("已完成{done}条（含已销号{closed}条）")));
    }
}
