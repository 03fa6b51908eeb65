//! The aggregate screen through the UI: receive a folder of bundles, look into a unit, accept a
//! unit's new key after confirming, and write a receipt.

use std::path::{Path, PathBuf};

use eframe::egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use zhenggai::bundle::export_bundle;
use zhenggai::domain::{Command, OfficeDraft, SignOffDraft, UnitDraft};
use zhenggai::store::Store;

use crate::ui::aggregate::import::ImportOutcome;
use crate::ui::shell::app::ZhenggaiApp;
use crate::ui::test_support::{
    TestDb, app_harness, click, click_and_finish, finish_jobs, replace_text, type_into,
};

/// The field the bundles to receive are typed into.
const PATH_FIELD: &str = "或输入数据包或文件夹的路径";

/// A unit database named `unit` with demo data and `revisions` sign-offs; exports each revision
/// as a bundle into `out` and returns their paths.
fn unit_bundles(folder: &Path, unit: &str, revisions: i64, out: &Path) -> Vec<PathBuf> {
    let path = folder.join(format!("{unit}.sqlite"));
    let mut store = Store::open(&path).expect("open unit");
    let draft = UnitDraft {
        name: unit.to_owned(),
        ..UnitDraft::default()
    };
    zhenggai::setup::init_workbook(&mut store, draft, 2026).expect("init");
    zhenggai::demo::populate(
        &mut store,
        &zhenggai::demo::DemoOptions {
            problems: 8,
            seed: 3,
            today: zhenggai::domain::local_today(),
        },
    )
    .expect("demo");
    let mut bundles = Vec::new();
    for revision in 1..=revisions {
        store
            .apply(&Command::SignOff(SignOffDraft {
                preparer: "李娜".into(),
                reviewer: "周强".into(),
                leader: "王建国".into(),
            }))
            .expect("sign off");
        let bundle = out.join(format!("{unit}-r{revision}.zip"));
        export_bundle(&store, Some(revision), &bundle, &mut |_| {
            std::ops::ControlFlow::Continue(())
        })
        .expect("export");
        bundles.push(bundle);
    }
    bundles
}

/// An aggregate database for 市作风办.
fn aggregate_db() -> TestDb {
    let db = TestDb::empty();
    let mut store = Store::open(&db.path).expect("open");
    store
        .apply(&Command::InitOffice(OfficeDraft {
            name: "市作风办".into(),
        }))
        .expect("init office");
    store.close().expect("close");
    db
}

/// Types `path` as the bundles to receive, clicks 接收 and waits for the worker.
fn receive_via_ui(harness: &mut Harness<'static, ZhenggaiApp>, path: &Path) {
    type_into(
        harness,
        Role::TextInput,
        PATH_FIELD,
        &path.display().to_string(),
    );
    click_and_finish(harness, super::RECEIVE);
}

#[test]
fn a_folder_of_bundles_is_received_and_a_unit_can_be_looked_into() {
    let db = aggregate_db();
    let out = tempfile::tempdir().expect("temp dir");
    unit_bundles(out.path(), "市行政审批局", 2, out.path());
    unit_bundles(out.path(), "市市场监管局", 1, out.path());
    let mut harness = app_harness(&db);
    harness.get_by_label("市作风办 · 汇总");
    harness.get_by_label_contains("还没有接收任何数据包");

    receive_via_ui(&mut harness, out.path());

    let results = harness.state().aggregate_screen().results();
    assert_eq!(results.len(), 3, "{results:?}");
    assert!(
        results
            .iter()
            .all(|line| matches!(line.outcome, ImportOutcome::Received { .. })),
        "{results:?}"
    );
    let store = db.read();
    let latest = store.latest_received().expect("latest");
    let revisions: Vec<_> = latest
        .iter()
        .map(|r| (r.unit.as_str(), r.revision))
        .collect();
    assert_eq!(revisions, [("市市场监管局", 1), ("市行政审批局", 2)]);
    harness.get_by_label_contains("已接收「市行政审批局」第 2 版");
    harness.get_by_label_contains("与第 1 版相比");
    harness.get_by_label("第 2 版");

    // The same folder again changes nothing.
    click_and_finish(&mut harness, super::RECEIVE);
    let results = harness.state().aggregate_screen().results();
    assert!(
        results
            .iter()
            .all(|line| matches!(line.outcome, ImportOutcome::Unchanged(_))),
        "{results:?}"
    );
    assert_eq!(db.read().received_revisions().expect("all").len(), 3);

    // 查看 opens the unit read-only; 返回汇总 comes back.
    harness
        .get_all_by_label("查看")
        .nth(1)
        .expect("second unit")
        .click();
    harness.run();
    assert_eq!(
        harness.state().aggregate_screen().drilled_unit(),
        Some("市行政审批局")
    );
    harness.get_by_label_contains("市行政审批局 · 第 2 版（只读）");
    harness.get_by_label_contains("与第 1 版相比的变化");
    click(&mut harness, crate::ui::aggregate::drill::BACK);
    assert_eq!(harness.state().aggregate_screen().drilled_unit(), None);
}

#[test]
fn a_changed_key_is_accepted_only_after_confirming() {
    let db = aggregate_db();
    let out = tempfile::tempdir().expect("temp dir");
    let first = unit_bundles(out.path(), "市行政审批局", 1, out.path());
    // The same unit name, reinstalled with a new key, sends revision 2.
    let other = tempfile::tempdir().expect("temp dir");
    let renewed = unit_bundles(other.path(), "市行政审批局", 2, other.path());
    let mut harness = app_harness(&db);
    receive_via_ui(&mut harness, &first[0]);

    replace_text(
        &mut harness,
        Role::TextInput,
        PATH_FIELD,
        &renewed[1].display().to_string(),
    );
    click_and_finish(&mut harness, super::RECEIVE);
    let results = harness.state().aggregate_screen().results();
    assert!(
        matches!(results[0].outcome, ImportOutcome::KeyChanged(_)),
        "{results:?}"
    );
    assert_eq!(db.read().latest_received().expect("latest")[0].revision, 1);

    // Cancel first: nothing changes. Then confirm.
    click(&mut harness, "更换密钥并接收…");
    click(&mut harness, "取消");
    assert_eq!(db.read().latest_received().expect("latest")[0].revision, 1);
    click(&mut harness, "更换密钥并接收…");
    harness
        .get_all_by_label("更换密钥并接收")
        .find(|node| node.accesskit_node().role() == Role::Button)
        .expect("confirm button")
        .click();
    finish_jobs(&mut harness);
    let latest = db.read().latest_received().expect("latest");
    assert_eq!(latest[0].revision, 2);
}

#[test]
fn a_receipt_is_written_into_the_chosen_folder() {
    let db = aggregate_db();
    let out = tempfile::tempdir().expect("temp dir");
    let bundles = unit_bundles(out.path(), "市行政审批局", 1, out.path());
    let mut harness = app_harness(&db);
    receive_via_ui(&mut harness, &bundles[0]);

    click(&mut harness, "写回执…");
    // The dialog names what is acknowledged and offers the printable receipt, ticked.
    harness.get_by_label("写回执：市行政审批局 第 1 版");
    click_and_finish(&mut harness, "写出回执");
    let folder = db.path.parent().expect("folder");
    let receipt = folder.join("市行政审批局-r1-回执.json");
    let printable = std::fs::read(folder.join("市行政审批局-r1-回执.pdf")).expect("the PDF");
    assert!(printable.starts_with(b"%PDF"));
    let read = zhenggai::bundle::receipt::read_receipt(&receipt).expect("a valid receipt");
    assert_eq!(
        (read.unit.as_str(), read.revision, read.office.as_str()),
        ("市行政审批局", 1, "市作风办")
    );
    harness.get_by_label_contains("已写出「市行政审批局」第 1 版的回执");
}

#[test]
fn the_consolidated_workbook_is_exported_into_the_folder() {
    let db = aggregate_db();
    let out = tempfile::tempdir().expect("temp dir");
    let bundles = unit_bundles(out.path(), "市行政审批局", 1, out.path());
    let mut harness = app_harness(&db);
    receive_via_ui(&mut harness, &bundles[0]);
    click_and_finish(&mut harness, super::EXPORT_XLSX);
    let folder = db.path.parent().expect("folder");
    let written: Vec<_> = std::fs::read_dir(folder)
        .expect("folder")
        .filter_map(Result::ok)
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.rsplit('.').next() == Some("xlsx"))
        .collect();
    assert_eq!(written.len(), 1, "{written:?}");
    assert!(
        written[0].starts_with("市作风办-各单位整改情况汇总表-"),
        "{written:?}"
    );
    harness.get_by_label_contains("已导出汇总表");
}

#[test]
fn the_consolidated_pdf_report_is_exported_into_the_folder() {
    let db = aggregate_db();
    let out = tempfile::tempdir().expect("temp dir");
    let bundles = unit_bundles(out.path(), "市行政审批局", 1, out.path());
    let mut harness = app_harness(&db);
    receive_via_ui(&mut harness, &bundles[0]);
    click_and_finish(&mut harness, super::EXPORT_PDF);
    let folder = db.path.parent().expect("folder");
    let written: Vec<PathBuf> = std::fs::read_dir(folder)
        .expect("folder")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "pdf"))
        .collect();
    assert_eq!(written.len(), 1, "{written:?}");
    let name = written[0].file_name().expect("name").to_string_lossy();
    assert!(
        name.starts_with("市作风办-各单位整改情况汇总报告-"),
        "{name}"
    );
    let bytes = std::fs::read(&written[0]).expect("read report");
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    harness.get_by_label_contains("已生成汇总报告");
}

#[test]
fn the_screen_the_workbook_and_the_report_show_the_same_count_columns() {
    use calamine::{Reader, open_workbook_auto};
    use zhenggai::report::canvas::Item;
    use zhenggai::view::{CountColumn, UNIT_COUNT_COLUMNS, WORKBOOK_EXTRA_COLUMNS};

    let db = aggregate_db();
    let out = tempfile::tempdir().expect("temp dir");
    let bundles = unit_bundles(out.path(), "市行政审批局", 1, out.path());
    let mut harness = app_harness(&db);
    receive_via_ui(&mut harness, &bundles[0]);
    let shared: Vec<String> = UNIT_COUNT_COLUMNS
        .iter()
        .map(|column| column.header().to_owned())
        .collect();
    // Each medium's header row, reduced to the headers that name a count.
    let count_headers = |row: &[String]| -> Vec<String> {
        row.iter()
            .filter(|header| header.contains("逾期") || shared.contains(header))
            .cloned()
            .collect()
    };

    // The screen: the labels level with the overdue header, left to right.
    let overdue = harness
        .get_by_label(CountColumn::Overdue.header())
        .rect()
        .center()
        .y;
    let mut cells: Vec<(f32, String)> = harness
        .get_all_by_role(Role::Label)
        .filter(|node| (node.rect().center().y - overdue).abs() < 1.0)
        // A label's text is its accessible value.
        .filter_map(|node| Some((node.rect().left(), node.value()?)))
        .collect();
    cells.sort_by(|a, b| a.0.total_cmp(&b.0));
    let screen: Vec<String> = cells.into_iter().map(|(_, label)| label).collect();
    assert_eq!(
        count_headers(&screen),
        shared,
        "the screen's header: {screen:?}"
    );

    // The workbook, read back: the same counts, then the two the workbook adds.
    let store = db.read();
    let today = zhenggai::domain::local_today();
    let path = out.path().join("汇总表.xlsx");
    zhenggai::interop::export_aggregate_xlsx(&store, &path, today).expect("workbook");
    let mut workbook = open_workbook_auto(&path).expect("read back");
    let sheet = workbook
        .worksheet_range(zhenggai::interop::AGGREGATE_SHEET)
        .expect("summary sheet");
    let header_row: Vec<String> = (0..sheet.width() as u32)
        .map(|col| {
            sheet
                .get_value((1, col))
                .map(ToString::to_string)
                .unwrap_or_default()
        })
        .collect();
    let extras: Vec<String> = WORKBOOK_EXTRA_COLUMNS
        .iter()
        .map(|column| column.header().to_owned())
        .collect();
    let workbook_counts: Vec<String> = header_row
        .iter()
        .filter(|header| !extras.contains(header))
        .cloned()
        .collect();
    assert_eq!(
        count_headers(&workbook_counts),
        shared,
        "the workbook's header: {header_row:?}"
    );
    assert!(
        header_row.ends_with(&extras),
        "the workbook's header: {header_row:?}"
    );

    // The report: the header cells of its units table, a cell's lines joined. Its 已完成
    // counts the closed-out measures too, as the progress report does, and says so in its
    // header; 已销号 is then the part of it closed out.
    let view = zhenggai::view::AggregateView::load_required(&store, today).expect("view");
    let fonts = zhenggai::report::fonts::FontSet::bundled().expect("font");
    let document = zhenggai::report::layout_aggregate(&view, &fonts).expect("layout");
    // (centre, baseline, text) of every line of text.
    let texts: Vec<(f32, f32, String)> = document
        .pages
        .iter()
        .flat_map(|page| &page.items)
        .filter_map(|item| match item {
            Item::Text {
                x,
                baseline,
                text,
                width,
                ..
            } => Some((x + width / 2.0, *baseline, text.clone())),
            _ => None,
        })
        .collect();
    let (_, header_line, _) = texts
        .iter()
        .find(|(_, _, text)| text == CountColumn::Overdue.header())
        .expect("the overdue header on one line");
    // A header of two lines is centred on the one-line headers' baseline, half a line above
    // and below it; its lines share their centre.
    let mut cells: Vec<(f32, String)> = Vec::new();
    for (centre, _, text) in texts
        .iter()
        .take_while(|(_, _, text)| text != "合计")
        .filter(|(_, baseline, _)| (baseline - header_line).abs() < 8.0)
    {
        match cells.iter_mut().find(|(at, _)| (at - centre).abs() < 1.0) {
            Some((_, cell)) => cell.push_str(text),
            None => cells.push((*centre, text.clone())),
        }
    }
    cells.sort_by(|a, b| a.0.total_cmp(&b.0));
    let report: Vec<String> = cells.into_iter().map(|(_, text)| text).collect();
    let report_names: Vec<String> = UNIT_COUNT_COLUMNS
        .iter()
        .map(|column| match column {
            CountColumn::Completed => "已完成（含已销号）".to_owned(),
            CountColumn::Closed => "其中已销号".to_owned(),
            _ => column.header().to_owned(),
        })
        .collect();
    let report_counts: Vec<String> = report
        .iter()
        .filter(|header| report_names.contains(header))
        .cloned()
        .collect();
    assert_eq!(
        report_counts, report_names,
        "the report's header: {report:?}"
    );
}
