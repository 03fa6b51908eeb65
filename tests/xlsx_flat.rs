//! Flat ledgers and workbooks of several sheets: rows that repeat their problem (by 编号 or by
//! text and category) are grouped into one problem, a 编号 column that only counts rows does not
//! keep them apart, grouping can be switched off, a workbook with one sheet per category imports
//! from the sheets chosen with each sheet's name as the category (or the department), and both
//! export layouts (merged and flat) round-trip.

// The helpers that build workbooks and stores panic on failure like the tests themselves
// (clippy only exempts `#[test]` functions from these lints).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use rust_xlsxwriter::Workbook;
use zhenggai::interop::{
    ImportOptions, LedgerLayout, PreviewCounts, SheetNameUse, export_xlsx, import_preview,
    import_xlsx, preview_xlsx,
};
use zhenggai::store::Store;

use common::cli::{initialised, run_ok};
use common::ledger::{demo_store, fresh_store, ledger_lines, options};
use common::temp_db;

/// Writes a workbook with `sheets`, each a name and its rows of text cells (an empty text
/// leaves the cell empty).
fn write_sheets(path: &Path, sheets: &[(&str, Vec<Vec<&str>>)]) {
    let mut workbook = Workbook::new();
    for (name, rows) in sheets {
        let sheet = workbook.add_worksheet();
        sheet.set_name(*name).unwrap();
        for (row, cells) in rows.iter().enumerate() {
            for (col, text) in cells.iter().enumerate() {
                if !text.is_empty() {
                    sheet.write_string(row as u32, col as u16, *text).unwrap();
                }
            }
        }
    }
    workbook.save(path).unwrap();
}

/// Options that keep every row with a problem's text apart.
fn rows_apart() -> ImportOptions {
    ImportOptions {
        group_repeated_rows: false,
        ..options(None)
    }
}

/// The measures of each problem, by content, in ledger order.
fn measures_by_problem(store: &Store) -> Vec<(String, Vec<String>)> {
    let mut problems = store.problems().unwrap();
    problems.sort_by_key(|problem| problem.number);
    problems
        .into_iter()
        .map(|problem| {
            let measures = store
                .measures_of(problem.id)
                .unwrap()
                .into_iter()
                .map(|measure| measure.content)
                .collect();
            (problem.description, measures)
        })
        .collect()
}

/// The category name of each problem, in ledger order.
fn category_names(store: &Store) -> Vec<String> {
    let categories = store.categories().unwrap();
    let mut problems = store.problems().unwrap();
    problems.sort_by_key(|problem| problem.number);
    problems
        .iter()
        .map(|problem| {
            problem
                .category_id
                .and_then(|id| categories.iter().find(|c| c.id == id))
                .map(|c| c.name.clone())
                .unwrap_or_default()
        })
        .collect()
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|item| (*item).to_owned()).collect()
}

#[test]
fn both_export_layouts_of_the_demo_round_trip_and_a_flat_one_groups_its_rows() {
    let (dir, _) = temp_db();
    let source = demo_store(dir.path(), "source.sqlite", 300, 11);
    let expected = ledger_lines(&source);
    let measures = expected.len();
    assert!(measures > 300, "the demo gives problems several measures");

    for (layout, name) in [
        (LedgerLayout::Merged, "合并.xlsx"),
        (LedgerLayout::Flat, "逐行.xlsx"),
    ] {
        let file = dir.path().join(name);
        let exported = export_xlsx(&source, &file, layout).unwrap();
        assert_eq!((exported.problems, exported.measures), (300, measures));
        let preview = preview_xlsx(&file).unwrap();
        // The preview tells what the rows come to before anything is written.
        let rows = preview.counts(true).rows;
        assert_eq!(
            preview.counts(true),
            PreviewCounts {
                rows,
                problems: 300,
                measures
            },
            "{layout:?}"
        );
        let mut target = fresh_store(dir.path(), &format!("{name}.sqlite"));
        let report = import_xlsx(&mut target, &file, &options(Some("赵核验"))).unwrap();
        assert_eq!((report.problems, report.measures), (300, measures));
        assert!(report.warnings.is_empty(), "{:?}", report.warnings);
        assert_eq!(ledger_lines(&target), expected, "{layout:?}");
    }

    // The flat sheet repeats each problem on every one of its rows: without grouping, each
    // row is a problem of its own, as before this was built.
    let flat = dir.path().join("逐行.xlsx");
    let preview = preview_xlsx(&flat).unwrap();
    let apart = preview.counts(false);
    assert_eq!((apart.problems, apart.measures), (measures, measures));
    let mut target = fresh_store(dir.path(), "apart.sqlite");
    let report = import_preview(&mut target, &flat, &preview, &rows_apart(), &|| false).unwrap();
    assert_eq!((report.problems, report.measures), (measures, measures));
}

#[test]
fn rows_without_a_number_join_the_problem_above_when_they_repeat_its_text_and_category() {
    let (dir, _) = temp_db();
    let file = dir.path().join("平铺台账.xlsx");
    let rows = vec![
        vec!["问题类别", "问题表现", "整改措施", "责任人"],
        vec![
            "窗口授权不到位",
            "窗口受理后仍需回科室审批",
            "向窗口充分授权",
            "李娜",
        ],
        vec![
            "窗口授权不到位",
            "窗口受理后仍需回科室审批",
            "建立即办件清单",
            "张伟",
        ],
        vec!["窗口授权不到位", "审批材料重复提交", "清理重复材料", "陈静"],
        // The same text under another category is another problem.
        vec!["政令不畅", "审批材料重复提交", "推行告知承诺制", "周敏"],
        vec!["政令不畅", "审批材料重复提交", "共享证照数据", "王磊"],
        // A row leaving the category empty still repeats the problem above.
        vec!["", "审批材料重复提交", "每季度通报", "赵强"],
        // Further down, the first problem's text again: rows join only the problem above.
        vec![
            "窗口授权不到位",
            "窗口受理后仍需回科室审批",
            "开展回头看",
            "李娜",
        ],
    ];
    write_sheets(&file, &[("台账", rows)]);

    let preview = preview_xlsx(&file).unwrap();
    assert_eq!(
        preview.counts(true),
        PreviewCounts {
            rows: 7,
            problems: 4,
            measures: 7
        }
    );
    let mut store = fresh_store(dir.path(), "grouped.sqlite");
    let report = import_xlsx(&mut store, &file, &options(None)).unwrap();
    assert_eq!((report.problems, report.measures), (4, 7), "{report:?}");
    assert_eq!(
        measures_by_problem(&store),
        vec![
            (
                "窗口受理后仍需回科室审批".to_owned(),
                strings(&["向窗口充分授权", "建立即办件清单"])
            ),
            ("审批材料重复提交".to_owned(), strings(&["清理重复材料"])),
            (
                "审批材料重复提交".to_owned(),
                strings(&["推行告知承诺制", "共享证照数据", "每季度通报"])
            ),
            (
                "窗口受理后仍需回科室审批".to_owned(),
                strings(&["开展回头看"])
            ),
        ]
    );
    assert_eq!(
        category_names(&store),
        strings(&[
            "窗口授权不到位",
            "窗口授权不到位",
            "政令不畅",
            "窗口授权不到位"
        ])
    );

    // Switched off, every row with a problem's text is a problem.
    let mut store = fresh_store(dir.path(), "apart.sqlite");
    let report = import_preview(&mut store, &file, &preview, &rows_apart(), &|| false).unwrap();
    assert_eq!((report.problems, report.measures), (7, 7));
}

#[test]
fn rows_with_the_same_number_join_and_a_new_number_starts_a_new_problem() {
    let (dir, _) = temp_db();
    let file = dir.path().join("系统导出.xlsx");
    let rows = vec![
        vec!["问题编号", "问题表现", "整改措施", "整改时限"],
        vec![
            "ZG-001",
            "办事指南更新不及时",
            "全面梳理办事指南",
            "2026-06-30",
        ],
        vec![
            "ZG-001",
            "办事指南更新不及时",
            "建立动态更新机制",
            "长期坚持",
        ],
        // The same text under a new 编号 is a problem of its own.
        vec![
            "ZG-002",
            "办事指南更新不及时",
            "专项检查各窗口",
            "2026-07-31",
        ],
        vec!["ZG-002", "办事指南更新不及时", "纳入绩效考核", "2026-12-31"],
        // The same 编号 over a different text: imported apart, with a note saying so.
        vec![
            "ZG-002",
            "一次性告知不到位",
            "推行一次性告知单",
            "2026-08-31",
        ],
    ];
    write_sheets(&file, &[("问题清单", rows)]);
    let mut store = fresh_store(dir.path(), "numbered.sqlite");
    let report = import_xlsx(&mut store, &file, &options(None)).unwrap();
    assert_eq!((report.problems, report.measures), (3, 5), "{report:?}");
    assert_eq!(
        measures_by_problem(&store),
        vec![
            (
                "办事指南更新不及时".to_owned(),
                strings(&["全面梳理办事指南", "建立动态更新机制"])
            ),
            (
                "办事指南更新不及时".to_owned(),
                strings(&["专项检查各窗口", "纳入绩效考核"])
            ),
            (
                "一次性告知不到位".to_owned(),
                strings(&["推行一次性告知单"])
            ),
        ]
    );
    assert_eq!(report.warnings.len(), 1, "{:?}", report.warnings);
    assert_eq!(report.warnings[0].row, 6);
    assert!(
        report.warnings[0].reason.contains("编号同为「ZG-002」"),
        "{:?}",
        report.warnings
    );
}

#[test]
fn a_number_column_counting_rows_does_not_keep_a_problems_rows_apart() {
    let (dir, _) = temp_db();
    let file = dir.path().join("筛选复制.xlsx");
    // A 序号 on every row, none repeated: it counts rows, so only the text groups them.
    let rows = vec![
        vec!["序号", "问题表现", "整改措施", "责任人"],
        vec!["1", "窗口推诿扯皮", "实行首问负责制", "李娜"],
        vec!["2", "窗口推诿扯皮", "公开办理进度", "张伟"],
        vec!["3", "审批材料重复提交", "清理重复材料", "陈静"],
        vec!["4", "审批材料重复提交", "共享证照数据", "王磊"],
        vec!["5", "审批材料重复提交", "推行告知承诺制", "周敏"],
        vec!["6", "中介服务收费不透明", "公示收费标准", "赵强"],
    ];
    write_sheets(&file, &[("Sheet1", rows)]);
    let preview = preview_xlsx(&file).unwrap();
    assert_eq!(
        preview.counts(true),
        PreviewCounts {
            rows: 6,
            problems: 3,
            measures: 6
        }
    );
    assert_eq!(preview.counts(false).problems, 6);
    let mut store = fresh_store(dir.path(), "counted.sqlite");
    let report = import_xlsx(&mut store, &file, &options(None)).unwrap();
    assert_eq!((report.problems, report.measures), (3, 6));
    // Each row joined across a change of 编号 is named, so two problems of the same text can be
    // told apart by switching the grouping off.
    let joined: Vec<usize> = report.warnings.iter().map(|note| note.row).collect();
    assert_eq!(joined, [3, 5, 6], "{:?}", report.warnings);
    assert!(report.warnings[0].reason.contains("编号「2」与上一行不同"));
}

/// One sheet per category with no category column, and a sheet of notes without a header.
fn workbook_by_category(path: &Path) {
    let sheet = |problem: &'static str, measures: &[&'static str]| -> Vec<Vec<&'static str>> {
        let mut rows = vec![vec!["问题表现", "整改措施", "责任人"]];
        for measure in measures {
            rows.push(vec![problem, measure, "李娜"]);
        }
        rows
    };
    write_sheets(
        path,
        &[
            (
                "窗口授权不到位",
                sheet(
                    "窗口受理后仍需回科室审批",
                    &["向窗口充分授权", "建立即办件清单"],
                ),
            ),
            (
                "填表说明",
                vec![vec!["本表由各科室填写"], vec!["12月10日前报办公室"]],
            ),
            ("政令不畅", sheet("上级部署落实慢", &["建立督办台账"])),
            (
                "懒政怠政",
                sheet(
                    "个别窗口人员推诿",
                    &["开展作风整顿", "纳入年度考核", "定期暗访"],
                ),
            ),
        ],
    );
}

#[test]
fn a_workbook_with_one_sheet_per_category_imports_the_chosen_sheets_named_by_category() {
    let (dir, _) = temp_db();
    let file = dir.path().join("分类台账.xlsx");
    workbook_by_category(&file);
    let preview = preview_xlsx(&file).unwrap();
    let names: Vec<&str> = preview
        .sheets
        .iter()
        .map(|sheet| sheet.grid.sheet.as_str())
        .collect();
    // The notes sheet has no ledger header and is not offered. Only the first sheet is chosen
    // by default: a 汇总 sheet beside the others would otherwise come in twice.
    assert_eq!(names, ["窗口授权不到位", "政令不畅", "懒政怠政"]);
    let chosen: Vec<bool> = preview.sheets.iter().map(|sheet| sheet.selected).collect();
    assert_eq!(chosen, [true, false, false]);
    assert_eq!(preview.sheets[0].name_as, SheetNameUse::Unused);
    let mut all = preview.clone();
    all.choose(&strings(&names)).unwrap();
    // Chosen together, each sheet lends its name as the category.
    assert!(
        all.sheets
            .iter()
            .all(|sheet| sheet.name_as == SheetNameUse::Category)
    );
    assert_eq!(
        all.counts(true),
        PreviewCounts {
            rows: 6,
            problems: 3,
            measures: 6
        }
    );

    let mut store = fresh_store(dir.path(), "all.sqlite");
    let report = import_preview(&mut store, &file, &all, &options(None), &|| false).unwrap();
    assert_eq!(report.sheets, strings(&names));
    assert_eq!((report.problems, report.measures), (3, 6));
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    assert_eq!(category_names(&store), strings(&names));

    // Only the sheets ticked are imported; one sheet alone lends no name.
    let mut chosen = preview.clone();
    chosen.choose(&strings(&["懒政怠政"])).unwrap();
    assert_eq!(chosen.sheets[2].name_as, SheetNameUse::Unused);
    chosen.sheets[2].name_as = SheetNameUse::Category;
    let mut store = fresh_store(dir.path(), "one.sqlite");
    let report = import_preview(&mut store, &file, &chosen, &options(None), &|| false).unwrap();
    assert_eq!((report.problems, report.measures), (1, 3));
    assert_eq!(category_names(&store), strings(&["懒政怠政"]));

    // Sheets kept per department lend their names to the measures instead.
    let mut by_department = all.clone();
    for sheet in &mut by_department.sheets {
        sheet.name_as = SheetNameUse::Division;
    }
    let mut store = fresh_store(dir.path(), "departments.sqlite");
    import_preview(&mut store, &file, &by_department, &options(None), &|| false).unwrap();
    let divisions: Vec<String> = ledger_lines(&store)
        .into_iter()
        .map(|line| line.5)
        .collect();
    assert_eq!(
        divisions,
        strings(&[
            "窗口授权不到位",
            "窗口授权不到位",
            "政令不畅",
            "懒政怠政",
            "懒政怠政",
            "懒政怠政"
        ])
    );
    assert_eq!(category_names(&store), ["", "", ""]);

    // A sheet that is not there is refused, naming those that are.
    let err = preview.clone().choose(&strings(&["填表说明"])).unwrap_err();
    assert!(
        err.contains("「窗口授权不到位」、「政令不畅」、「懒政怠政」"),
        "{err}"
    );
}

#[test]
fn the_command_line_chooses_sheets_and_switches_grouping_off() {
    let (dir, db) = initialised();
    let file = dir.path().join("分类台账.xlsx");
    workbook_by_category(&file);
    let file = file.to_str().unwrap();
    let said = run_ok(
        &db,
        &[
            "import-xlsx",
            file,
            "--sheet",
            "政令不畅",
            "--sheet",
            "懒政怠政",
            "--no-grouping",
        ],
    );
    // Ungrouped, the three rows of 懒政怠政 are three problems.
    assert!(
        said.contains("已从工作表「政令不畅」、「懒政怠政」导入 4 个问题、4 条整改措施"),
        "{said}"
    );
    // Without --sheet, the first ledger sheet alone.
    let said = run_ok(&db, &["import-xlsx", file]);
    assert!(
        said.contains("已从工作表「窗口授权不到位」导入 1 个问题、2 条整改措施"),
        "{said}"
    );
}

#[test]
fn the_command_line_exports_a_flat_ledger_that_imports_back_as_the_same_problems() {
    let (dir, source) = common::cli::with_demo(5);
    let flat = dir.path().join("逐行.xlsx");
    let said = run_ok(&source, &["export-xlsx", "--flat", flat.to_str().unwrap()]);
    assert!(said.contains("个问题"), "{said}");
    // The flat sheet repeats each problem's 序号 on all of its rows.
    let preview = preview_xlsx(&flat).unwrap();
    let sheet = &preview.sheets[0];
    let data_rows = sheet.grid.rows.len() - sheet.mapping.data_start;
    assert!(data_rows > 200, "one row per measure: {data_rows}");

    let target = dir.path().join("target.sqlite");
    run_ok(&target, &["init", "--unit", common::cli::UNIT]);
    let said = run_ok(&target, &["import-xlsx", flat.to_str().unwrap()]);
    assert!(said.contains("导入 200 个问题"), "{said}");
}

#[test]
fn problems_of_one_measure_with_the_same_text_side_by_side_stay_apart_in_a_flat_ledger() {
    let (dir, _) = temp_db();
    let file = dir.path().join("一问一措.xlsx");
    // Every row has its own number, as the flat export of problems with one measure each writes
    // them; problems 2 and 3 happen to share their text.
    let rows = vec![
        vec!["序号", "问题类别", "问题表现", "整改措施"],
        vec!["1", "政令不畅", "上级部署落实慢", "建立督办台账"],
        vec!["2", "懒政怠政", "未按规定公示办事指南", "全面公示"],
        vec!["3", "懒政怠政", "未按规定公示办事指南", "每月检查"],
        vec!["4", "政令不畅", "会议精神传达不及时", "当日传达"],
        vec!["5", "懒政怠政", "窗口推诿", "首问负责"],
    ];
    write_sheets(&file, &[("台账", rows)]);
    let mut store = fresh_store(dir.path(), "one-each.sqlite");
    let report = import_xlsx(&mut store, &file, &options(None)).unwrap();
    assert_eq!((report.problems, report.measures), (5, 5), "{report:?}");
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
}

#[test]
fn a_repeated_problem_text_with_another_example_or_cause_is_another_problem() {
    let (dir, _) = temp_db();
    let file = dir.path().join("事例不同.xlsx");
    let rows = vec![
        vec!["问题表现", "典型事例", "整改措施"],
        vec!["形式主义问题", "会议多、文件多", "精简会议"],
        vec!["形式主义问题", "会议多、文件多", "压减文件"],
        vec!["形式主义问题", "检查考核过频", "统筹检查"],
        vec!["形式主义问题", "", "减少台账"],
    ];
    write_sheets(&file, &[("台账", rows)]);
    let mut store = fresh_store(dir.path(), "examples.sqlite");
    let report = import_xlsx(&mut store, &file, &options(None)).unwrap();
    assert_eq!((report.problems, report.measures), (2, 4), "{report:?}");
    let examples: Vec<String> = {
        let mut problems = store.problems().unwrap();
        problems.sort_by_key(|problem| problem.number);
        problems
            .into_iter()
            .map(|problem| problem.example)
            .collect()
    };
    assert_eq!(examples, ["会议多、文件多", "检查考核过频"]);
    assert_eq!(
        measures_by_problem(&store)[1].1,
        strings(&["统筹检查", "减少台账"])
    );
}
