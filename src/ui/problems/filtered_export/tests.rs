//! Tests of 导出当前筛选结果：through the UI, the Excel file holds only the filtered problems
//! under a title that says it is a selection; the ledger PDF made from the selection says so on
//! every page and leaves the other problems out; a cancelled export leaves no file.

use std::collections::HashSet;

use calamine::{Data, Reader, Xlsx, open_workbook};
use eframe::egui::accesskit::Role;
use egui_kittest::kittest::{NodeT, Queryable};
use zhenggai::domain::{MeasureStatus, ProblemId, local_today};
use zhenggai::report::documents::ledger::ledger_groups;
use zhenggai::report::fonts::FontSet;
use zhenggai::report::{DocumentKind, layout};
use zhenggai::view::{DocumentData, LedgerFilter, Workbook};

use super::{FilteredKind, Selection, write_selection};
use crate::ui::problems::table_tests::{choose, listed};
use crate::ui::problems::tests::problems_harness;
use crate::ui::shell::jobs::JobContext;
use crate::ui::test_support::{TestDb, click, click_and_finish, finish_jobs, replace_text};

#[test]
fn the_filtered_view_exports_to_excel_and_pdf_with_only_its_problems() {
    let db = TestDb::with_unit(60);
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = problems_harness(&db);
    // With no filter, the button sends the clerk to 签发与导出 for the whole ledger.
    assert!(
        harness
            .get_by_role_and_label(Role::Button, "导出当前筛选结果…")
            .accesskit_node()
            .is_disabled()
    );
    choose(&mut harness, "状态", "整改中");
    let expected: HashSet<i64> = {
        let session = harness.state().session().expect("session");
        listed(&harness)
            .iter()
            .map(|&id| session.workbook.problem(id).expect("problem").number)
            .collect()
    };
    assert!(
        (1..60).contains(&expected.len()),
        "整改中 leaves {} of 60",
        expected.len()
    );

    click(&mut harness, "导出当前筛选结果…");
    replace_text(
        &mut harness,
        Role::TextInput,
        "保存到文件夹",
        &dir.path().display().to_string(),
    );
    click_and_finish(&mut harness, "导出 Excel");
    let xlsx = only_file(dir.path(), "xlsx");
    let mut workbook: Xlsx<_> = open_workbook(&xlsx).expect("open the export");
    let sheet = workbook
        .worksheet_range("问题整改台账")
        .expect("the ledger sheet");
    let title = sheet
        .get((0, 0))
        .map(ToString::to_string)
        .unwrap_or_default();
    assert!(
        title.contains("筛选结果：状态 整改中"),
        "the title says it is a selection: {title}"
    );
    let numbers: HashSet<i64> = sheet
        .rows()
        .skip(2)
        .filter_map(|row| match row.first() {
            Some(Data::Float(number)) => Some(*number as i64),
            Some(Data::Int(number)) => Some(*number),
            _ => None,
        })
        .collect();
    assert_eq!(
        numbers, expected,
        "the workbook holds the filtered problems only"
    );
    assert!(
        workbook.worksheet_range("整改承诺").is_err(),
        "the selection leaves out the other sheets"
    );

    click(&mut harness, "导出当前筛选结果…");
    replace_text(
        &mut harness,
        Role::TextInput,
        "保存到文件夹",
        &dir.path().display().to_string(),
    );
    click_and_finish(&mut harness, "导出 PDF");
    let pdf = only_file(dir.path(), "pdf");
    let bytes = std::fs::read(&pdf).expect("read the pdf");
    assert!(bytes.starts_with(b"%PDF"), "{}", pdf.display());
    finish_jobs(&mut harness);
}

/// The one file in `folder` ending in `.extension`.
fn only_file(folder: &std::path::Path, extension: &str) -> std::path::PathBuf {
    let files: Vec<_> = std::fs::read_dir(folder)
        .expect("read the folder")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == extension))
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    files[0].clone()
}

#[test]
fn the_filtered_pdf_says_it_is_a_selection_and_holds_only_its_problems() {
    let db = TestDb::with_unit(40);
    let store = db.read();
    let problems = store.problems().expect("problems");
    let kept: Vec<ProblemId> = problems
        .iter()
        .filter(|problem| problem.number % 3 == 0)
        .map(|problem| problem.id)
        .collect();
    let selection = Selection {
        problem_ids: kept.clone(),
        filters: LedgerFilter {
            status: Some(MeasureStatus::InProgress),
            ..LedgerFilter::default()
        }
        .describe(&Workbook::load(&store, local_today()).expect("workbook")),
    };
    assert_eq!(
        selection.label(),
        format!("筛选结果：状态 整改中；共 {} 个问题", kept.len())
    );

    // The document data and its layout.
    let keep: HashSet<ProblemId> = kept.iter().copied().collect();
    let data = DocumentData::draft(&store, local_today())
        .expect("draft")
        .narrowed_to(&keep, selection.label());
    let numbers: Vec<String> = ledger_groups(&data)
        .iter()
        .map(|group| group.spanning[0].clone())
        .collect();
    let expected: Vec<String> = problems
        .iter()
        .filter(|problem| problem.number % 3 == 0)
        .map(|problem| problem.number.to_string())
        .collect();
    assert_eq!(numbers, expected);
    let fonts = FontSet::bundled().expect("fonts");
    let document = layout(DocumentKind::Ledger, &data, &fonts).expect("layout");
    for (index, page) in document.pages.iter().enumerate() {
        let text: String = page.texts().collect();
        assert!(
            text.contains("筛选结果"),
            "page {} does not say it is a selection",
            index + 1
        );
    }
    // A problem left out is not on any page.
    let left_out = problems
        .iter()
        .find(|problem| problem.number % 3 == 1)
        .expect("a problem left out");
    let all: String = document
        .pages
        .iter()
        .flat_map(zhenggai::report::canvas::Page::texts)
        .collect();
    assert!(!all.contains(&left_out.description));

    // The job's work writes the file; cancelled, it leaves none.
    let dir = tempfile::tempdir().expect("temp dir");
    for kind in [FilteredKind::Xlsx, FilteredKind::Pdf] {
        let path = dir.path().join(format!("{kind:?}"));
        assert!(
            write_selection(kind, &store, &selection, &path, &JobContext::for_test(true)).is_err()
        );
        assert!(!path.exists());
        let told = write_selection(
            kind,
            &store,
            &selection,
            &path,
            &JobContext::for_test(false),
        )
        .expect("export");
        assert!(path.exists(), "{kind:?}");
        assert!(told.contains(&format!("{} 个问题", kept.len())), "{told}");
    }
}
