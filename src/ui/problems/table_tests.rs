//! Tests of the 问题清单's table through the UI (issue 18): the 状态 filter agrees with the 状态
//! column, search by pinyin initials with the words highlighted and the rows found through a
//! measure marked, the table back at its top after a new search, resizable columns with
//! 问题表现 taking the rest, and the right-button menu （打开，复制，删除…）. The export of the
//! filtered view is tested beside it, in `filtered_export/tests.rs`.

use eframe::egui::accesskit::Role;
use eframe::egui::{self, Event, Key, Modifiers, MouseWheelUnit, OutputCommand, Shape};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use zhenggai::domain::{MeasureStatus, ProblemId};
use zhenggai::store::Store;

use super::table::FOUND_IN_MEASURES;
use super::tests::{count_line, problem_by_number, problems_harness};
use crate::ui::shell::app::ZhenggaiApp;
use crate::ui::shell::nav::OpenRequest;
use crate::ui::test_support::fixtures::{add_measure, add_problem, measure_draft, problem_draft};
use crate::ui::test_support::{
    MemoryStorage, TestDb, app_harness, app_harness_with_storage, click, replace_text, type_into,
};

/// The problem the pinyin search looks for: its initials are `ckqx`.
const WINDOW_RIGHTS: &str = "窗口权限设置过细，群众办事需要反复找不同窗口";

/// A name that appears only in the measure of [`WINDOW_RIGHTS`].
const ONLY_IN_MEASURE: &str = "欧阳晓明";

/// A demo database of `problems` problems plus [`WINDOW_RIGHTS`] with a measure whose
/// responsible person is [`ONLY_IN_MEASURE`]; returns the new problem's number too.
fn db_with_window_rights(problems: usize) -> (TestDb, i64) {
    let db = TestDb::with_unit(problems);
    let mut store = Store::open(&db.path).expect("open");
    let problem_id = add_problem(&mut store, problem_draft(None, WINDOW_RIGHTS));
    let mut measure = measure_draft(problem_id, None);
    measure.responsible_person = ONLY_IN_MEASURE.to_owned();
    add_measure(&mut store, measure);
    let number = store
        .problems()
        .expect("problems")
        .into_iter()
        .find(|problem| problem.id == problem_id)
        .expect("the new problem")
        .number;
    store.close().expect("close");
    (db, number)
}

/// Chooses `option` in the drop-down labelled `label`.
pub(super) fn choose(harness: &mut Harness<'static, ZhenggaiApp>, label: &str, option: &str) {
    harness.get_by_role_and_label(Role::ComboBox, label).click();
    harness.run();
    click(harness, option);
}

/// The problems the table lists now, in its order (all of them, not only those on screen).
pub(super) fn listed(harness: &Harness<'static, ZhenggaiApp>) -> Vec<ProblemId> {
    let app = harness.state();
    let rows = &app.session().expect("session").workbook.rows;
    app.problems_screen()
        .cache
        .indices()
        .iter()
        .map(|&index| rows[index].problem_id)
        .collect()
}

/// The texts of the table's 状态 cells on screen (labels reading as a status).
fn status_cells(harness: &Harness<'static, ZhenggaiApp>) -> Vec<String> {
    harness
        .query_all_by_role(Role::Label)
        .filter_map(|node| {
            let node = node.accesskit_node();
            node.label()
                .filter(|label| !label.is_empty())
                .or_else(|| node.value())
        })
        .filter(|label| MeasureStatus::from_label(label).is_some())
        .collect()
}

#[test]
fn the_status_filter_agrees_with_the_status_column_on_300_problems() {
    let db = TestDb::with_unit(300);
    let mut harness = problems_harness(&db);
    assert_eq!(count_line(&harness), "共 300 个问题，筛选后 300 个");
    let mut total = 0;
    for &status in MeasureStatus::ALL {
        choose(&mut harness, "状态", status.label());
        // Every problem listed, on screen or below it, shows the status filtered for.
        let app = harness.state();
        let rows = &app.session().expect("session").workbook.rows;
        let indices = app.problems_screen().cache.indices();
        for &index in indices {
            assert_eq!(
                rows[index].status,
                Some(status),
                "problem {} is listed under {} but shows {:?}",
                rows[index].number,
                status.label(),
                rows[index].status.map(MeasureStatus::label)
            );
        }
        let expected = rows.iter().filter(|row| row.status == Some(status)).count();
        assert_eq!(indices.len(), expected);
        assert_eq!(
            count_line(&harness),
            format!("共 300 个问题，筛选后 {expected} 个")
        );
        // And the cells drawn say so.
        let cells = status_cells(&harness);
        if expected > 0 {
            assert!(
                !cells.is_empty(),
                "no 状态 cell drawn for {}",
                status.label()
            );
        }
        assert!(
            cells.iter().all(|cell| cell == status.label()),
            "{} lists rows showing {cells:?}",
            status.label()
        );
        total += expected;
    }
    let without_measures = {
        let session = harness.state().session().expect("session");
        session
            .workbook
            .rows
            .iter()
            .filter(|row| row.status.is_none())
            .count()
    };
    assert_eq!(
        total + without_measures,
        300,
        "the statuses add up to all problems"
    );
}

#[test]
fn pinyin_initials_find_the_row_highlight_it_and_scroll_to_the_top() {
    let (db, number) = db_with_window_rights(300);
    let mut harness = problems_harness(&db);
    // Scroll well down the table: problem 1 leaves the screen.
    let first = problem_by_number(&db.read(), 1);
    harness
        .get_by_role_and_label(Role::Label, &first.description)
        .hover();
    harness.event(Event::MouseWheel {
        unit: MouseWheelUnit::Point,
        delta: egui::vec2(0.0, -4_000.0),
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Wheel,
        modifiers: Modifiers::NONE,
    });
    // The scroll glides over a few frames; then the pointer leaves, so no hover shows a text.
    harness.run_steps(30);
    harness.remove_cursor();
    harness.run();
    assert!(
        harness
            .query_by_role_and_label(Role::Label, &first.description)
            .is_none(),
        "the table scrolled"
    );

    // The first letter alone still finds most of the rows, too many for one screen: the table
    // goes back to its top, where the first of them is.
    type_into(&mut harness, Role::TextInput, "搜索", "c");
    let many = listed(&harness);
    assert!(many.len() > 200, "c finds {} rows", many.len());
    harness.get_by_role_and_label(Role::Label, &description_of(&harness, many[0]));
    harness
        .get_by_role_and_label(Role::TextInput, "搜索")
        .type_text("kqx");
    harness.run();
    let listed = listed(&harness);
    let target = problem_by_number(&db.read(), number);
    assert!(listed.contains(&target.id), "ckqx finds {WINDOW_RIGHTS}");
    assert_eq!(
        count_line(&harness),
        format!("共 301 个问题，筛选后 {} 个", listed.len())
    );
    // The first row found is on screen: the table went back to its top.
    let top = description_of(&harness, listed[0]);
    harness.get_by_role_and_label(Role::Label, &top);
    harness.get_by_role_and_label(Role::Label, WINDOW_RIGHTS);
    // Its first four characters are drawn on the highlight.
    let marked = highlighted_words(&harness, WINDOW_RIGHTS);
    assert_eq!(marked, ["窗口权限"], "highlighted: {marked:?}");

    // Mixed pinyin and characters find it too; Latin capitals are the same letters.
    replace_text(&mut harness, Role::TextInput, "搜索", "CK权限");
    harness.get_by_role_and_label(Role::Label, WINDOW_RIGHTS);
}

/// The description of the problem with id `problem_id`.
fn description_of(harness: &Harness<'static, ZhenggaiApp>, problem_id: ProblemId) -> String {
    let session = harness.state().session().expect("session");
    session
        .workbook
        .problem(problem_id)
        .expect("problem")
        .description
        .clone()
}

/// The parts of the drawn text `text` that have a background: the highlighted words.
fn highlighted_words(harness: &Harness<'static, ZhenggaiApp>, text: &str) -> Vec<String> {
    let mut words = Vec::new();
    for clipped in &harness.output().shapes {
        let Shape::Text(shape) = &clipped.shape else {
            continue;
        };
        let job = &shape.galley.job;
        if !text.starts_with(job.text.trim_end_matches('…')) || job.text.is_empty() {
            continue;
        }
        for section in &job.sections {
            if section.format.background != egui::Color32::TRANSPARENT {
                let range = section.byte_range.start.0..section.byte_range.end.0;
                words.push(job.text[range].to_owned());
            }
        }
    }
    words
}

#[test]
fn a_problem_found_only_through_its_measure_says_so() {
    let (db, _) = db_with_window_rights(20);
    let mut harness = problems_harness(&db);
    assert!(harness.query_by_label(FOUND_IN_MEASURES).is_none());
    type_into(&mut harness, Role::TextInput, "搜索", ONLY_IN_MEASURE);
    assert_eq!(count_line(&harness), "共 21 个问题，筛选后 1 个");
    harness.get_by_role_and_label(Role::Label, WINDOW_RIGHTS);
    harness.get_by_label(FOUND_IN_MEASURES);
    // Its own words carry no such note.
    replace_text(&mut harness, Role::TextInput, "搜索", "窗口权限");
    harness.get_by_role_and_label(Role::Label, WINDOW_RIGHTS);
    assert!(harness.query_by_label(FOUND_IN_MEASURES).is_none());
    // Pinyin of the name finds it through the measure as well.
    replace_text(&mut harness, Role::TextInput, "搜索", "oyxm");
    harness.get_by_role_and_label(Role::Label, WINDOW_RIGHTS);
    harness.get_by_label(FOUND_IN_MEASURES);
}

#[test]
fn right_button_menu_opens_copies_and_deletes_after_asking() {
    let db = TestDb::with_unit(5);
    let third = problem_by_number(&db.read(), 3);
    let mut harness = problems_harness(&db);

    // 复制：the row as tab-separated text on the clipboard.
    harness
        .get_by_role_and_label(Role::Label, &third.description)
        .click_secondary();
    harness.run();
    harness.get_by_role_and_label(Role::Button, "复制").click();
    harness.step();
    let copied: Vec<String> = harness
        .output()
        .platform_output
        .commands
        .iter()
        .filter_map(|command| match command {
            OutputCommand::CopyText(text) => Some(text.clone()),
            _ => None,
        })
        .collect();
    harness.run();
    assert_eq!(copied.len(), 1, "{copied:?}");
    let cells: Vec<&str> = copied[0].split('\t').collect();
    assert_eq!(cells[0], "3");
    assert_eq!(cells[3], third.description);
    assert_eq!(cells.len(), 8);

    // 打开：the editor shows the problem.
    harness
        .get_by_role_and_label(Role::Label, &third.description)
        .click_secondary();
    harness.run();
    click(&mut harness, "打开");
    harness.get_by_label("问题 3");

    // 删除… asks first; Esc keeps the problem.
    let second = problem_by_number(&db.read(), 2);
    harness
        .get_by_role_and_label(Role::Label, &second.description)
        .click_secondary();
    harness.run();
    click(&mut harness, "删除…");
    harness.get_by_label("删除问题 2？");
    harness.get_by_label_contains("删除后不能撤销");
    harness.key_press(Key::Escape);
    harness.run();
    assert!(harness.query_by_label("删除问题 2？").is_none());
    assert_eq!(db.read().problems().expect("problems").len(), 5);
    // Confirming deletes it from the store.
    harness
        .get_by_role_and_label(Role::Label, &second.description)
        .click_secondary();
    harness.run();
    click(&mut harness, "删除…");
    harness.get_by_label("删除问题 2？");
    harness.key_press(Key::Enter);
    harness.run();
    let left: Vec<String> = db
        .read()
        .problems()
        .expect("problems")
        .into_iter()
        .map(|problem| problem.description)
        .collect();
    assert!(!left.contains(&second.description), "problem 2 is gone");
    assert_eq!(left.len(), 4);
    assert_eq!(count_line(&harness), "共 4 个问题，筛选后 4 个");
}

#[test]
fn double_click_opens_the_problem_even_though_the_editor_moves_the_rows() {
    let db = TestDb::with_unit(5);
    let fourth = problem_by_number(&db.read(), 4);
    // Frames 1/60 s apart, as on screen, so that two clicks make a double-click (the
    // harness's usual quarter-second frames are too slow for one).
    let path = db.path.clone();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_step_dt(1.0 / 60.0)
        .with_context_setup(crate::ui::shell::fonts::install_fonts)
        .build_eframe(move |_creation| ZhenggaiApp::open(path, None));
    harness.run();
    click(&mut harness, "问题清单");
    // Half a second passes, so the click on 问题清单 is not counted with the next two.
    harness.run_steps(30);
    let at = harness
        .get_by_role_and_label(Role::Label, &fourth.description)
        .rect()
        .center();
    // Two clicks on the same spot. The first opens problem 4; the editor panel it brings
    // narrows the table and moves the rows down, so the second lands on another row.
    for _ in 0..2 {
        harness.hover_at(at);
        for pressed in [true, false] {
            harness.event(Event::PointerButton {
                pos: at,
                button: egui::PointerButton::Primary,
                pressed,
                modifiers: Modifiers::NONE,
            });
        }
        harness.step();
    }
    assert!(
        harness.ctx.input(|input| input
            .pointer
            .button_double_clicked(egui::PointerButton::Primary)),
        "the clicks made a double-click"
    );
    harness.run();
    harness.get_by_label("问题 4");
    let open = harness
        .state()
        .problems_screen()
        .editor
        .as_ref()
        .and_then(super::editor::ProblemEditor::problem_id);
    assert_eq!(open, Some(fourth.id));
}

/// Whether the problem editor's fields are drawn (unfolded) or only its strip (folded).
fn editor_unfolded(harness: &Harness<'static, ZhenggaiApp>) -> bool {
    harness.query_by_label("发现日期").is_some()
}

#[test]
fn a_folded_editor_stays_folded_while_rows_are_clicked_and_in_the_next_run() {
    let db = TestDb::with_unit(5);
    let first = problem_by_number(&db.read(), 1);
    let third = problem_by_number(&db.read(), 3);
    let mut harness = app_harness(&db);
    harness.set_size(egui::vec2(1024.0, 768.0));
    harness.run();
    click(&mut harness, "问题清单");
    super::tests::open_row(&mut harness, &first.description);
    assert!(editor_unfolded(&harness), "a click opens the editor");
    click(&mut harness, "收起编辑栏");
    assert!(!editor_unfolded(&harness));

    // Another row: the strip names it, the table keeps its width.
    super::tests::open_row(&mut harness, &third.description);
    harness.get_by_label("问题 3");
    assert!(
        !editor_unfolded(&harness),
        "a click keeps the editor folded"
    );
    // ↓ steps to the next problem, still folded.
    harness.key_press(Key::ArrowDown);
    harness.run();
    harness.get_by_label("问题 4");
    assert!(!editor_unfolded(&harness));

    // The next run starts folded too.
    let mut storage = MemoryStorage::default();
    eframe::App::save(harness.state_mut(), &mut storage);
    drop(harness);
    let mut harness = app_harness_with_storage(&db, &storage);
    harness.set_size(egui::vec2(1024.0, 768.0));
    harness.run();
    // The run comes back to the 问题清单 screen where the last one ended.
    super::tests::open_row(&mut harness, &first.description);
    harness.get_by_label("问题 1");
    assert!(!editor_unfolded(&harness), "the fold is kept between runs");

    // A request from another screen（概览's due list, 报送前检查）wants the record seen.
    harness
        .state_mut()
        .nav_mut()
        .open(OpenRequest::Problem(third.id));
    harness.run();
    assert!(
        editor_unfolded(&harness),
        "a request from elsewhere unfolds"
    );
    harness.get_by_label("问题 3");
}

#[test]
fn columns_resize_and_the_description_takes_the_rest_at_1024() {
    let db = TestDb::with_unit(10);
    let mut harness = app_harness(&db);
    harness.set_size(egui::vec2(1024.0, 768.0));
    harness.run();
    click(&mut harness, "问题清单");
    // The sortable headers are buttons; 问题表现 is a plain label.
    let left_of = |harness: &Harness<'static, ZhenggaiApp>, label: &str| {
        let role = if label == "问题表现" {
            Role::Label
        } else {
            Role::Button
        };
        harness.get_by_role_and_label(role, label).rect().left()
    };
    let description = left_of(&harness, "问题表现");
    let source = left_of(&harness, "来源");
    let deadline = harness
        .get_by_role_and_label(Role::Button, "最近时限")
        .rect();
    // The other columns keep their widths and 问题表现 has the rest: the last column (92
    // points) starts that far from the window's right edge, less the panel's margin.
    assert!(
        source - description > 280.0,
        "问题表现 is {} wide at 1024",
        source - description
    );
    assert!(
        (1024.0 - 92.0 - 24.0..1024.0 - 92.0).contains(&deadline.left()),
        "最近时限 starts at {}",
        deadline.left()
    );
    assert!(deadline.right() <= 1024.0);

    // Drag the border between 类别 and 层级 60 points to the right: 类别 grows, 问题表现 gives
    // the room, and the columns after it stay where they were.
    let level = harness.get_by_role_and_label(Role::Button, "层级").rect();
    let border = egui::pos2(level.left() - 4.0, level.center().y);
    let moved = border + egui::vec2(60.0, 0.0);
    harness.hover_at(border);
    harness.step();
    harness.drag_at(border);
    harness.step();
    for step in 1..=6 {
        harness.hover_at(border + egui::vec2(10.0 * step as f32, 0.0));
        harness.step();
    }
    harness.drop_at(moved);
    harness.run();
    let level_after = harness.get_by_role_and_label(Role::Button, "层级").rect();
    assert!(
        (level_after.left() - level.left() - 60.0).abs() < 6.0,
        "层级 moved from {} to {}",
        level.left(),
        level_after.left()
    );
    assert!(
        (left_of(&harness, "来源") - source).abs() < 2.0,
        "来源 stayed in place"
    );
    let narrower = left_of(&harness, "来源") - left_of(&harness, "问题表现");
    assert!(
        (source - description) - narrower > 50.0,
        "问题表现 gave the room: {narrower}"
    );
}

#[test]
fn at_1024_the_editor_folds_away_and_the_table_gets_the_width_back() {
    let db = TestDb::with_unit(10);
    let first = problem_by_number(&db.read(), 1);
    let mut harness = app_harness(&db);
    harness.set_size(egui::vec2(1024.0, 768.0));
    harness.run();
    click(&mut harness, "问题清单");
    let full = harness
        .get_by_role_and_label(Role::Label, &first.description)
        .rect()
        .width();
    super::tests::open_row(&mut harness, &first.description);
    harness.get_by_label("问题 1");
    assert!(
        harness
            .query_by_role_and_label(Role::Button, "类别")
            .is_none(),
        "a narrow table drops columns"
    );

    click(&mut harness, "收起编辑栏");
    // The editor's fields are gone, the strip names the open problem, and the table is as
    // wide as without the editor.
    assert!(harness.query_by_label("发现日期").is_none());
    harness.get_by_label("问题 1");
    // At 1024 pixels the folded table keeps 类别 and leaves out only 层级 and 来源.
    harness.get_by_role_and_label(Role::Button, "类别");
    assert!(
        harness
            .query_by_role_and_label(Role::Button, "来源")
            .is_none()
    );
    let folded = harness
        .get_by_role_and_label(Role::Label, &first.description)
        .rect()
        .width();
    assert!(folded > full - 120.0, "{folded} against {full}");

    click(&mut harness, "展开编辑栏");
    harness.get_by_label("发现日期");
    assert_eq!(
        harness
            .state()
            .problems_screen()
            .editor
            .as_ref()
            .and_then(super::editor::ProblemEditor::problem_id),
        Some(first.id)
    );
}
