use eframe::egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{By, NodeT, Queryable};
use zhenggai::interop::{ColumnRole, LedgerField, SheetNameUse, preview_xlsx};
use zhenggai::store::Store;

use crate::ui::shell::app::ZhenggaiApp;
use crate::ui::test_support::{TestDb, app_harness, click, replace_text, type_into, write_ledger};
use zhenggai::domain::punctuation::as_typed_half_width;

/// Steps (the dialog and the worker repaint while busy) until `label` shows up.
fn step_until(harness: &mut Harness<'static, ZhenggaiApp>, label: &str) {
    for _ in 0..300 {
        harness.step();
        if harness.query_by_label_contains(label).is_some() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let shown: Vec<String> = harness
        .root()
        .children_recursive()
        .filter_map(|node| node.accesskit_node().label())
        .collect();
    panic!("「{label}」 never appeared; shown: {shown:?}");
}

/// Opens 从 Excel 导入… from the problem list, types `file` and reads it.
fn open_and_read(harness: &mut Harness<'static, ZhenggaiApp>, file: &std::path::Path) {
    click(harness, "问题清单");
    click(harness, "从 Excel 导入…");
    type_into(
        harness,
        Role::TextInput,
        "台账文件",
        &file.display().to_string(),
    );
    harness.get_by_role_and_label(Role::Button, "读取").click();
    step_until(harness, "工作表「");
    // The dialog grew with the preview and is centred again on the next frames.
    harness.run_steps(3);
}

/// A ledger whose 责任领导 column is headed 分管负责同志， which no keyword recognises, with a
/// measure row above the first problem that has no problem to belong to.
fn ledger_with_unrecognised_leader_column(path: &std::path::Path) {
    let rows: [[&str; 6]; 5] = [
        [
            "序号",
            "问题表现",
            "整改措施",
            "分管负责同志",
            "责任人",
            "整改时限",
        ],
        ["", "", "先行整改的措施", "赵副局长", "周敏", "2026-05-31"],
        [
            "1",
            "窗口办事推诿扯皮",
            "实行首问负责制",
            "王副局长",
            "李娜",
            "2026-06-30",
        ],
        ["", "", "公开办理进度", "刘局长", "张伟", "长期坚持"],
        [
            "2",
            "审批材料重复提交",
            "清理重复材料",
            "陈副局长",
            "陈静",
            "2026-09-30",
        ],
    ];
    write_ledger(path, &rows);
}

#[test]
fn a_column_corrected_in_the_preview_imports_into_the_chosen_field() {
    let folder = tempfile::tempdir().expect("temp dir");
    let file = folder.path().join("分管领导台账.xlsx");
    ledger_with_unrecognised_leader_column(&file);
    // Left alone, the column would be kept as a note, not read as 责任领导.
    let detected = preview_xlsx(&file).expect("preview").sheets[0]
        .mapping
        .clone();
    assert_eq!(detected.column_of(LedgerField::Leader), None);
    assert_eq!(
        detected.columns[3],
        ColumnRole::Keep("分管负责同志".to_owned())
    );

    let db = TestDb::with_unit(0);
    let mut harness = app_harness(&db);
    open_and_read(&mut harness, &file);
    // The unrecognised column's drop-down, named by its header, says 保留为备注； make it
    // 责任领导.
    let combo = By::new()
        .role(Role::ComboBox)
        .label("分管负责同志")
        .value("保留为备注");
    harness.get(combo).click();
    harness.run();
    click(&mut harness, "责任领导");
    let corrected = By::new()
        .role(Role::ComboBox)
        .label("分管负责同志")
        .value("责任领导");
    harness.get(corrected);
    // The other columns kept their detected roles.
    let person = By::new()
        .role(Role::ComboBox)
        .label("责任人")
        .value("责任人");
    harness.get(person);
    assert_eq!(db.read().problems().expect("read").len(), 0);

    harness.get_by_role_and_label(Role::Button, "导入").click();
    step_until(&mut harness, "已导入");
    // The report names the row that was skipped and why.
    harness.get_by_label_contains(
        "已导入 2 个问题、3 条整改措施；跳过 1 行（第 2 行：没有填写问题表现，上方也没有可归属的问题，已跳过）",
    );

    let store: Store = db.read();
    let mut problems = store.problems().expect("read");
    problems.sort_by_key(|problem| problem.number);
    let descriptions: Vec<&str> = problems.iter().map(|p| p.description.as_str()).collect();
    assert_eq!(descriptions, ["窗口办事推诿扯皮", "审批材料重复提交"]);
    let mut measures = Vec::new();
    for problem in &problems {
        // The column's text went to the measures, not into the problem's notes.
        assert!(
            !problem.example.contains("分管负责同志"),
            "{}",
            problem.example
        );
        for measure in store.measures_of(problem.id).expect("read") {
            measures.push((
                measure.content,
                measure.responsible_leader,
                measure.responsible_person,
            ));
        }
    }
    let expected = [
        ("实行首问负责制", "王副局长", "李娜"),
        ("公开办理进度", "刘局长", "张伟"),
        ("清理重复材料", "陈副局长", "陈静"),
    ]
    .map(|(content, leader, person)| (content.to_owned(), leader.to_owned(), person.to_owned()));
    assert_eq!(measures, expected);
    // The skipped row's measure was not imported anywhere.
    assert!(
        store
            .measures()
            .expect("read")
            .iter()
            .all(|measure| measure.content != "先行整改的措施")
    );
}

#[test]
fn a_ledger_is_previewed_then_imported_through_the_dialog() {
    // Another unit's ledger, exported to Excel the way a department would keep it.
    let source = TestDb::with_unit(15);
    let folder = tempfile::tempdir().expect("temp dir");
    let file = folder.path().join("旧台账.xlsx");
    let exported = zhenggai::interop::export_xlsx(
        &source.read(),
        &file,
        zhenggai::interop::LedgerLayout::Merged,
    )
    .expect("export");

    let db = TestDb::with_unit(0);
    let mut harness = app_harness(&db);
    click(&mut harness, "问题清单");
    click(&mut harness, "从 Excel 导入…");

    // A missing file is refused with the reason and nothing is written.
    type_into(
        &mut harness,
        Role::TextInput,
        "台账文件",
        "/no/such/台账.xlsx",
    );
    harness.get_by_role_and_label(Role::Button, "读取").click();
    step_until(&mut harness, "台账.xlsx");
    assert!(harness.query_by_label_contains("工作表「").is_none());

    replace_text(
        &mut harness,
        Role::TextInput,
        "台账文件",
        &file.display().to_string(),
    );
    harness.get_by_role_and_label(Role::Button, "读取").click();
    step_until(&mut harness, "工作表「");
    // The detected roles are shown for correction; nothing is written yet.
    assert!(harness.get_all_by_label("问题表现").count() >= 1);
    assert_eq!(db.read().problems().expect("read").len(), 0);

    // The dialog grew with the preview and is centred again on the next frames; let it
    // settle so the click lands on the button where it is drawn.
    harness.run_steps(3);
    harness.get_by_role_and_label(Role::Button, "导入").click();
    step_until(&mut harness, "已导入");
    let store: Store = db.read();
    assert_eq!(store.problems().expect("read").len(), exported.problems);
    assert_eq!(store.measures().expect("read").len(), exported.measures);
}

/// A problem and a measure in standard punctuation; the ledger holds them typed half-width.
const PROBLEM_TEXT: &str = "窗口人员少，群众排队久";
const MEASURE_TEXT: &str = "增设窗口（高峰时段）";

/// A two-problem ledger whose texts were typed with half-width marks between Chinese words.
fn ledger_with_half_width_marks(path: &std::path::Path) {
    let (problem, measure) = (
        as_typed_half_width(PROBLEM_TEXT),
        as_typed_half_width(MEASURE_TEXT),
    );
    let rows: [[&str; 4]; 3] = [
        ["序号", "问题表现", "整改措施", "责任人"],
        ["1", &problem, &measure, "周敏"],
        ["2", "办事指南未更新", "修订办事指南", "李娜"],
    ];
    write_ledger(path, &rows);
}

#[test]
fn the_preview_offers_standard_punctuation_ticked_and_unticking_keeps_the_text() {
    let folder = tempfile::tempdir().expect("temp dir");
    let file = folder.path().join("半角台账.xlsx");
    ledger_with_half_width_marks(&file);
    for keep in [false, true] {
        let db = TestDb::with_unit(0);
        let mut harness = app_harness(&db);
        open_and_read(&mut harness, &file);
        let offer = harness.get_by_label_contains("导入时规范标点：2 个单元格");
        if keep {
            offer.click();
            harness.run_steps(2);
        }
        harness.get_by_role_and_label(Role::Button, "导入").click();
        step_until(&mut harness, "已导入");
        let store = db.read();
        let problem = &store.problems().expect("problems")[0];
        let measure = &store.measures_of(problem.id).expect("measures")[0];
        if keep {
            assert_eq!(problem.description, as_typed_half_width(PROBLEM_TEXT));
            assert_eq!(measure.content, as_typed_half_width(MEASURE_TEXT));
        } else {
            assert_eq!(problem.description, PROBLEM_TEXT);
            assert_eq!(measure.content, MEASURE_TEXT);
        }
    }
}

/// A flat ledger kept one sheet per category: each problem's text repeated on its measure rows.
fn flat_ledger_by_category(path: &std::path::Path) {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheets: [(&str, &str, &[&str]); 2] = [
        (
            "窗口授权不到位",
            "窗口受理后仍需回科室审批",
            &["向窗口充分授权", "建立即办件清单", "每月通报办理时限"],
        ),
        ("政令不畅", "上级部署落实慢", &["建立督办台账", "每周调度"]),
    ];
    for (name, problem, measures) in sheets {
        let sheet = workbook.add_worksheet();
        sheet.set_name(name).expect("sheet name");
        for (col, header) in ["问题表现", "整改措施", "责任人"].iter().enumerate() {
            sheet.write_string(0, col as u16, *header).expect("header");
        }
        for (row, measure) in measures.iter().enumerate() {
            let row = row as u32 + 1;
            sheet.write_string(row, 0, problem).expect("problem");
            sheet.write_string(row, 1, *measure).expect("measure");
            sheet.write_string(row, 2, "李娜").expect("person");
        }
    }
    workbook.save(path).expect("save workbook");
}

#[test]
fn a_flat_workbook_shows_its_grouping_and_sheets_and_imports_what_is_chosen() {
    let folder = tempfile::tempdir().expect("temp dir");
    let file = folder.path().join("分类平铺台账.xlsx");
    flat_ledger_by_category(&file);
    let db = TestDb::with_unit(0);
    let mut harness = app_harness(&db);
    open_and_read(&mut harness, &file);
    // Both sheets are offered, the first one ticked; alone, its name is not used.
    harness.get_by_label("窗口授权不到位（3 行）");
    harness.get_by_label("将导入：3 行 → 1 个问题，3 条措施");
    let lends_name = By::new()
        .role(Role::ComboBox)
        .value(SheetNameUse::Category.label());
    assert_eq!(harness.query_all(lends_name.clone()).count(), 0);
    let tick = |harness: &mut Harness<'static, ZhenggaiApp>, label: &str| {
        harness.get_by_label(label).click();
        harness.run_steps(2);
    };
    // Ticking the second sheet adds it to the counts, and each sheet lends its name.
    tick(&mut harness, "政令不畅（2 行）");
    assert_eq!(harness.get_all(lends_name).count(), 2);
    // Repeated rows are grouped, and the dialog says what that comes to.
    harness.get_by_label("将导入：5 行 → 2 个问题，5 条措施");
    let grouping =
        "合并重复的问题行：相邻行的问题表现相同、编号相同或未填时，归为一个问题（每行一条措施）";
    tick(&mut harness, grouping);
    harness.get_by_label("将导入：5 行 → 5 个问题，5 条措施");
    tick(&mut harness, grouping);
    harness.get_by_label("将导入：5 行 → 2 个问题，5 条措施");

    harness.get_by_role_and_label(Role::Button, "导入").click();
    step_until(&mut harness, "已导入");
    let store = db.read();
    let mut problems = store.problems().expect("problems");
    problems.sort_by_key(|problem| problem.number);
    assert_eq!(problems.len(), 2);
    assert_eq!(problems[0].description, "窗口受理后仍需回科室审批");
    assert_eq!(store.measures().expect("measures").len(), 5);
    let categories = store.categories().expect("categories");
    let names: Vec<Option<&str>> = problems
        .iter()
        .map(|problem| {
            categories
                .iter()
                .find(|c| Some(c.id) == problem.category_id)
                .map(|c| c.name.as_str())
        })
        .collect();
    assert_eq!(names, [Some("窗口授权不到位"), Some("政令不畅")]);
}
