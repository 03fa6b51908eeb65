//! The printed 问题整改台账 and 制度清单 as the office reviewer reads them (issue 17): rows split
//! across pages so that no page but the last stands half empty, names, dates and document
//! numbers stay whole in their columns, and the ledger closes on its last page with the
//! signature lines and the room for the seal.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{
    add_measure, add_problem, apply, day, fill_demo, measure_draft, problem_draft, sign_off_as,
    temp_db,
};
use tempfile::TempDir;
use zhenggai::domain::{Command as Edit, Deadline, RuleDraft, RuleKind};
use zhenggai::report::canvas::{Document, Item, Page};
use zhenggai::report::documents::closing_block::{ClosingBlock, SEAL_LABEL, SIGNER_LABELS};
use zhenggai::report::documents::ledger::ledger_frame;
use zhenggai::report::fonts::FontSet;
use zhenggai::report::{DocumentKind, export_pdf_with, layout};
use zhenggai::store::Store;
use zhenggai::view::DocumentData;

/// The unit every test sets up.
const UNIT: &str = "某县行政审批服务管理局";

/// The signers of a revision.
const SIGNERS: [&str; 3] = ["李晓梅", "张国庆", "王建国"];

/// A four-character name the 责任人 column must print whole.
const LONG_NAME: &str = "欧阳晓明";

/// The longest division of the demo unit.
const LONG_DIVISION: &str = "投资项目审批科";

/// A document number the 文号 column must print whole.
const DOC_NUMBER: &str = "审批办发〔2026〕12号";

/// A rule's note citing a numbered order the 备注 column must print whole.
const NOTE: &str = "落实省政府第146号令要求，建立长效机制";

/// The most a page may stand blank above its footer, as a share of the body's height.
const MOST_BLANK: f32 = 0.15;

/// A database with the unit, `problems` demo problems, one problem whose measure names
/// [`LONG_DIVISION`] and [`LONG_NAME`], and one rule with [`DOC_NUMBER`] and [`NOTE`].
fn workbook(problems: usize) -> (TempDir, PathBuf) {
    let (dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    let unit = zhenggai::domain::UnitDraft {
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
    let problem = add_problem(
        &mut store,
        problem_draft(category, "窗口工作人员对即办件不能在窗口立即办理。"),
    );
    let mut measure = measure_draft(problem, Some(Deadline::Date(day(2026, 6, 30))));
    measure.responsible_division = LONG_DIVISION.into();
    measure.responsible_person = LONG_NAME.into();
    add_measure(&mut store, measure);
    apply(
        &mut store,
        &Edit::AddRule(RuleDraft {
            name: "《窗口服务首问负责制实施办法》".into(),
            kind: RuleKind::New,
            doc_number: DOC_NUMBER.into(),
            issued_on: Some(day(2026, 6, 30)),
            note: NOTE.into(),
            problem_ids: vec![problem],
        }),
    );
    store.close().unwrap();
    (dir, path)
}

/// Signs the working data off as the next revision; returns its number.
fn sign_off(path: &Path) -> i64 {
    let mut store = Store::open(path).unwrap();
    let number = sign_off_as(&mut store, SIGNERS);
    store.close().unwrap();
    number
}

/// The draft's document data.
fn draft(db: &Path) -> DocumentData {
    let store = Store::open_read_only(db).unwrap();
    DocumentData::draft(&store, day(2026, 6, 15)).unwrap()
}

/// Every text run of `page`.
fn texts(page: &Page) -> Vec<&str> {
    page.texts().collect()
}

/// The share of the body of `page` left blank under its lowest rule (the table's bottom
/// border, or a signature line).
fn blank_share(page: &Page) -> f32 {
    let frame = ledger_frame();
    let lowest = page
        .items
        .iter()
        .filter_map(|item| match item {
            Item::Line { y1, y2, .. } => Some(y1.max(*y2)),
            _ => None,
        })
        .filter(|y| *y <= frame.bottom() + 0.01)
        .fold(frame.top(), f32::max);
    (frame.bottom() - lowest) / (frame.bottom() - frame.top())
}

#[test]
fn no_page_of_a_300_problem_ledger_but_the_last_stands_more_than_15_percent_blank() {
    let (_dir, db) = workbook(300);
    let fonts = FontSet::bundled().unwrap();
    let document = layout(DocumentKind::Ledger, &draft(&db), &fonts).unwrap();
    let pages = document.pages.len();
    let shares: Vec<f32> = document.pages.iter().map(blank_share).collect();
    let inner = &shares[..pages - 2];
    let (worst_page, worst) =
        inner
            .iter()
            .enumerate()
            .fold((0, 0.0_f32), |worst, (index, share)| {
                if *share > worst.1 {
                    (index + 1, *share)
                } else {
                    worst
                }
            });
    println!(
        "300 个问题的台账：{pages} 页；除最后两页外最空的第 {worst_page} 页空白 {:.1} %，\
         平均 {:.1} %；倒数第二页空白 {:.1} %",
        worst * 100.0,
        inner.iter().sum::<f32>() / inner.len() as f32 * 100.0,
        shares[pages - 2] * 100.0
    );
    // The page before the last may also keep the room the closing block needed: the block
    // does not split, and it takes the table's last rows over with it rather than stand alone.
    let frame = ledger_frame();
    let block = ClosingBlock::new(UNIT, None).height() / (frame.bottom() - frame.top());
    for (index, share) in shares[..pages - 1].iter().enumerate() {
        let allowed = if index + 2 == pages {
            MOST_BLANK + block
        } else {
            MOST_BLANK
        };
        assert!(
            *share <= allowed,
            "page {} of {pages} is {:.1} % blank",
            index + 1,
            share * 100.0
        );
    }
    // Before rows split, a row that did not fit left a fifth of the page blank: 58 pages.
    assert!(pages <= 50, "{pages} pages");
}

/// Whether some text run of `document` holds `wanted` whole, and none holds only its start
/// at a line's end.
fn printed_whole(document: &Document, wanted: &str) -> bool {
    let first: String = wanted.chars().take(2).collect();
    let runs: Vec<&str> = document.pages.iter().flat_map(Page::texts).collect();
    let whole = runs.iter().any(|run| run.contains(wanted));
    let cut = runs
        .iter()
        .any(|run| run.ends_with(first.as_str()) && !run.contains(wanted));
    whole && !cut
}

#[test]
fn names_document_numbers_and_ordinals_stay_whole() {
    let (dir, db) = workbook(12);
    let fonts = FontSet::bundled().unwrap();
    let data = draft(&db);
    let ledger = layout(DocumentKind::Ledger, &data, &fonts).unwrap();
    for wanted in [LONG_NAME, LONG_DIVISION, "2026-06-30"] {
        assert!(printed_whole(&ledger, wanted), "台账：{wanted} is split");
    }
    // No division and person is cut in the middle of either.
    let rules = layout(DocumentKind::Rules, &data, &fonts).unwrap();
    for wanted in [DOC_NUMBER, "第146号", "2026年6月30日"] {
        assert!(printed_whole(&rules, wanted), "制度清单：{wanted} is split");
    }
    // The printed PDF says the same, line by line.
    if Command::new("pdftotext").arg("-v").output().is_err() {
        eprintln!("跳过：未安装 pdftotext（poppler-utils），无法检查 PDF 的文字。");
        return;
    }
    for (kind, wanted) in [
        (DocumentKind::Ledger, vec![LONG_NAME, LONG_DIVISION]),
        (DocumentKind::Rules, vec![DOC_NUMBER, "第146号"]),
    ] {
        let path = dir.path().join(format!("{}.pdf", kind.code()));
        export_pdf_with(kind, &data, &fonts, &path).unwrap();
        let output = Command::new("pdftotext")
            .arg("-layout")
            .arg(&path)
            .arg("-")
            .output()
            .unwrap();
        let text = String::from_utf8(output.stdout).unwrap();
        for wanted in wanted {
            assert!(
                text.lines().any(|line| line.contains(wanted)),
                "{}: {wanted} is not on one line",
                kind.label()
            );
        }
    }
}

/// The numbers of the pages (from 1) whose text holds `wanted`.
fn pages_with(document: &Document, wanted: &str) -> Vec<usize> {
    document
        .pages
        .iter()
        .enumerate()
        .filter(|(_, page)| page.texts().any(|text| text.contains(wanted)))
        .map(|(index, _)| index + 1)
        .collect()
}

#[test]
fn the_closing_block_stands_once_on_the_last_page() {
    let (_dir, db) = workbook(40);
    let revision = sign_off(&db);
    let fonts = FontSet::bundled().unwrap();
    let store = Store::open_read_only(&db).unwrap();
    let signed = DocumentData::revision(&store, revision).unwrap();
    drop(store);
    for data in [draft(&db), signed] {
        let document = layout(DocumentKind::Ledger, &data, &fonts).unwrap();
        let pages = document.pages.len();
        let what = if data.signed.is_some() {
            "签发版"
        } else {
            "草稿"
        };
        for label in SIGNER_LABELS.iter().chain([&SEAL_LABEL]) {
            assert_eq!(pages_with(&document, label), [pages], "{what}: {label}");
        }
        let last = texts(&document.pages[pages - 1]);
        let count = |wanted: &str| last.iter().filter(|text| **text == wanted).count();
        for label in SIGNER_LABELS {
            assert_eq!(count(label), 1, "{what}: {label} in {last:?}");
        }
        // The table's last rows stand above the block: it is not alone on its page.
        assert!(last.contains(&"序号"), "{what}: {last:?}");
        // A signed revision prints its signers' names on their lines; a draft leaves them
        // blank.
        let page = &document.pages[pages - 1];
        for (label, signer) in SIGNER_LABELS.iter().zip(SIGNERS) {
            let on_line = beside(page, label);
            let expected: Vec<&str> = if data.signed.is_some() {
                vec![signer]
            } else {
                Vec::new()
            };
            assert_eq!(on_line, expected, "{what}: {label}");
        }
    }
}

/// The texts set on the same baseline as the run `label`, to its right.
fn beside<'a>(page: &'a Page, label: &str) -> Vec<&'a str> {
    let runs: Vec<(f32, f32, &str)> = page
        .items
        .iter()
        .filter_map(|item| match item {
            Item::Text {
                x, baseline, text, ..
            } => Some((*x, *baseline, text.as_str())),
            _ => None,
        })
        .collect();
    let Some(&(x, baseline, _)) = runs.iter().find(|(_, _, text)| *text == label) else {
        panic!("no {label}");
    };
    runs.iter()
        .filter(|(other_x, other_baseline, _)| {
            *other_x > x && (other_baseline - baseline).abs() < 0.5
        })
        .map(|(_, _, text)| *text)
        .collect()
}
