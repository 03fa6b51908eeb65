use chrono::NaiveDate;
use eframe::egui;
use eframe::egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use zhenggai::domain::local_today;
use zhenggai::domain::{Campaign, CampaignId, Phase, PhaseId};
use zhenggai::domain::{
    Command, Deadline, MeasureDraft, MeasureId, ProblemDraft, ProblemLevel, ProblemSource,
    RecordRef, Severity,
};
use zhenggai::view::MeasureDue;

use super::*;
use crate::ui::overview::due_list::{
    DueKind, SHOW_FEWER, VISIBLE_ROWS, due_row_label, list_title, show_all_label,
};
use crate::ui::overview::phase_timeline::phase_timeline_ui;
use crate::ui::shell::app::ZhenggaiApp;
use crate::ui::shell::nav::{OpenRequest, Screen};
use crate::ui::test_support::{TestDb, app_harness, click};
use crate::ui::widgets::wrapped_cell::drawn::{DrawnText, drawn};

#[test]
fn card_layout_keeps_one_row_when_wide_and_splits_evenly_when_narrow() {
    // The central panel at a 1280-wide window.
    assert_eq!(card_layout(1120.0, 8.0, 9).0, 9);
    // At 1024 wide the nine cards split 5 and 4.
    let (per_row, width) = card_layout(860.0, 8.0, 9);
    assert_eq!(per_row, 5);
    assert!((CARD_MIN_WIDTH..=CARD_WIDTH).contains(&width));
    assert_eq!(percent_text(0.625), "62.5%");
}

#[test]
fn dashboard_shows_the_overdue_count_of_a_demo_database() {
    let db = TestDb::with_unit(80);
    let harness = app_harness(&db);
    let session = harness.state().session().expect("session open");
    let expected = Dashboard::build(&session.workbook);
    assert!(
        !expected.overdue.is_empty(),
        "the demo database should have overdue measures"
    );
    assert_eq!(
        expected.overdue.len() as u64,
        session.workbook.summary.overdue
    );
    // Each list's heading gives its length.
    harness.get_by_label(&list_title(DueKind::Overdue, expected.overdue.len()));
    harness.get_by_label(&list_title(DueKind::DueSoon, expected.due_soon.len()));
    // The first overdue row is there, named by what it shows.
    harness.get_by_label(&due_row_label(&expected.overdue[0], DueKind::Overdue));
}

/// Adds a problem to `db` whose one measure （未启动） is due `days` days from today; returns
/// the measure.
fn add_measure_due_in(db: &TestDb, days: i64) -> MeasureId {
    add_measure_due_with(db, days, "编制企业开办一次性告知清单并在窗口公示")
}

/// As [`add_measure_due_in`], the measure reading `content`.
fn add_measure_due_with(db: &TestDb, days: i64, content: &str) -> MeasureId {
    let mut store = zhenggai::store::Store::open(&db.path).expect("open");
    let today = local_today();
    let problem = store
        .apply(&Command::AddProblem(ProblemDraft {
            category_id: None,
            level: ProblemLevel::Division,
            subject: "政务服务科".to_owned(),
            source: ProblemSource::Complaint,
            description: "企业开办材料反复退补，一次性告知不到位".to_owned(),
            example: String::new(),
            cause: String::new(),
            severity: Severity::General,
            found_on: today - chrono::Duration::days(10),
        }))
        .expect("add problem");
    let RecordRef::Problem(problem_id) = problem else {
        panic!("expected a problem, got {problem:?}");
    };
    let measure = store
        .apply(&Command::AddMeasure(MeasureDraft {
            problem_id,
            content: content.to_owned(),
            goal: "材料一次退补到位".to_owned(),
            responsible_leader: "王建国".to_owned(),
            responsible_division: "政务服务科".to_owned(),
            responsible_person: "赵敏".to_owned(),
            deadline: Some(Deadline::Date(today + chrono::Duration::days(days))),
        }))
        .expect("add measure");
    let RecordRef::Measure(measure_id) = measure else {
        panic!("expected a measure, got {measure:?}");
    };
    store.close().expect("close");
    measure_id
}

/// Clicks `item`'s row in its list on the dashboard, then checks that the app went to the
/// 问题清单 with that measure open in the measure editor, its content in the fields.
fn click_row_and_check_the_measure_opens(
    harness: &mut Harness<'static, ZhenggaiApp>,
    item: &MeasureDue,
    kind: DueKind,
) {
    assert_eq!(harness.state().nav().screen, Screen::Overview);
    assert!(harness.state().problems_screen().measure_editor.is_none());
    harness.get_by_label(&due_row_label(item, kind)).click();
    harness.run();

    let app = harness.state();
    assert_eq!(app.nav().screen, Screen::Problems);
    assert_eq!(app.nav().open, None, "the problem list took the request");
    let editor = app
        .problems_screen()
        .measure_editor
        .as_ref()
        .expect("the measure editor is open");
    assert_eq!(editor.measure_id, item.measure_id);
    let session = app.session().expect("session open");
    let measure = session
        .workbook
        .measure(item.measure_id)
        .expect("measure")
        .clone();
    assert_eq!(measure.content, item.content);
    let problem = session
        .workbook
        .problem(measure.problem_id)
        .expect("problem")
        .clone();
    assert_eq!(problem.number, item.problem_number);

    // On screen: the 问题清单 with the measure editor beside it, showing this measure.
    harness.get_by_role_and_label(Role::Label, "问题清单");
    harness.get_by_label_contains(&format!(
        "问题 {} · 第 {} 条措施",
        problem.number, measure.position
    ));
    harness.get_by_role_and_label(Role::Button, &format!("返回问题 {}", problem.number));
    assert_eq!(
        harness
            .get_by_role_and_label(Role::MultilineTextInput, "整改措施")
            .value()
            .as_deref(),
        Some(measure.content.as_str())
    );
    assert_eq!(
        harness
            .get_by_role_and_label(Role::TextInput, "责任人")
            .value()
            .as_deref(),
        Some(measure.responsible_person.as_str())
    );
}

#[test]
fn clicking_an_overdue_row_opens_the_measure_in_the_problem_list() {
    let db = TestDb::with_unit(80);
    let mut harness = app_harness(&db);
    let first = {
        let session = harness.state().session().expect("session open");
        Dashboard::build(&session.workbook).overdue[0].clone()
    };
    click_row_and_check_the_measure_opens(&mut harness, &first, DueKind::Overdue);
}

#[test]
fn clicking_a_due_soon_row_opens_the_measure_in_the_problem_list() {
    let db = TestDb::with_unit(80);
    let measure_id = add_measure_due_in(&db, 2);
    let mut harness = app_harness(&db);
    let due_soon = {
        let session = harness.state().session().expect("session open");
        Dashboard::build(&session.workbook).due_soon
    };
    let position = due_soon
        .iter()
        .position(|item| item.measure_id == measure_id)
        .expect("the measure due in 2 days is listed");
    assert!(
        position < VISIBLE_ROWS,
        "the row is within the list's first screen"
    );
    let item = due_soon[position].clone();
    assert_eq!(item.days, 2);
    click_row_and_check_the_measure_opens(&mut harness, &item, DueKind::DueSoon);
}

#[test]
fn a_click_on_an_overdue_row_asks_for_exactly_that_measure() {
    // The screen alone, so the request is seen before any other screen could take it.
    let db = TestDb::with_unit(80);
    let store = zhenggai::store::Store::open(&db.path).expect("open");
    let session = Session::new(store).expect("session");
    let first = Dashboard::build(&session.workbook).overdue[0].clone();
    let mut harness = egui_kittest::Harness::builder()
        .with_size(egui::vec2(1100.0, 760.0))
        .with_context_setup(crate::ui::shell::fonts::install_fonts)
        .build_ui_state(
            |ui, (screen, session, nav): &mut (OverviewScreen, Session, Nav)| {
                overview_ui(ui, screen, session, nav);
            },
            (OverviewScreen::default(), session, Nav::default()),
        );
    harness.run();
    assert_eq!(harness.state().2.open, None);
    harness
        .get_by_label(&due_row_label(&first, DueKind::Overdue))
        .click();
    harness.run();
    let nav = &harness.state().2;
    assert_eq!(nav.screen, Screen::Problems);
    assert_eq!(nav.open, Some(OpenRequest::Measure(first.measure_id)));
}

#[test]
fn show_all_lists_every_overdue_measure_and_show_fewer_goes_back() {
    let db = TestDb::with_unit(300);
    let mut harness = app_harness(&db);
    harness.set_size(egui::vec2(1024.0, 768.0));
    harness.run();
    let overdue = {
        let session = harness.state().session().expect("session open");
        Dashboard::build(&session.workbook).overdue
    };
    assert!(
        overdue.len() > VISIBLE_ROWS,
        "the demo has more overdue measures ({}) than a list shows at first",
        overdue.len()
    );
    let listed = |harness: &Harness<'static, ZhenggaiApp>, item: &MeasureDue| {
        harness
            .query_all_by_label(&due_row_label(item, DueKind::Overdue))
            .count()
            > 0
    };
    // The first ten, not the others.
    assert!(
        overdue[..VISIBLE_ROWS]
            .iter()
            .all(|item| listed(&harness, item))
    );
    assert!(
        !overdue[VISIBLE_ROWS..]
            .iter()
            .any(|item| listed(&harness, item))
    );

    // The button is under the fold at 1024×768: scroll to it, as the user does.
    let show_all = show_all_label(overdue.len());
    harness.get_by_label(&show_all).scroll_to_me();
    harness.run();
    click(&mut harness, &show_all);
    for item in &overdue {
        assert!(listed(&harness, item), "{} is listed", item.content);
    }
    // The last one opens like any other row.
    let last = overdue.last().expect("overdue");
    harness
        .get_by_label(&due_row_label(last, DueKind::Overdue))
        .scroll_to_me();
    harness.run();
    harness
        .get_by_label(&due_row_label(last, DueKind::Overdue))
        .click();
    harness.run();
    assert_eq!(harness.state().nav().screen, Screen::Problems);
    let editor = harness.state().problems_screen().measure_editor.as_ref();
    assert_eq!(
        editor.map(|editor| editor.measure_id),
        Some(last.measure_id)
    );

    // Back on 概览，收起 lists the first ten again.
    click(&mut harness, "概览");
    harness.get_by_label(SHOW_FEWER).scroll_to_me();
    harness.run();
    click(&mut harness, SHOW_FEWER);
    assert!(
        !overdue[VISIBLE_ROWS..]
            .iter()
            .any(|item| listed(&harness, item))
    );
    harness.get_by_role_and_label(Role::Button, &show_all_label(overdue.len()));
}

#[test]
fn at_1024_every_phase_name_is_shown_whole() {
    let db = TestDb::with_unit(20);
    let mut harness = app_harness(&db);
    harness.set_size(egui::vec2(1024.0, 768.0));
    harness.run();
    let phases = harness
        .state()
        .session()
        .expect("session open")
        .workbook
        .campaign
        .clone()
        .expect("campaign")
        .phases;
    assert!(
        phases
            .iter()
            .any(|phase| phase.name == "学习教育与查找问题阶段")
    );
    for phase in &phases {
        let paintings = drawn(&harness, &phase.name);
        assert!(
            paintings.iter().any(DrawnText::whole),
            "「{}」 is shown whole: {paintings:?}",
            phase.name
        );
        // Each phase is named for screen readers too.
        harness.get_by_role_and_label(Role::Label, &phase.name);
    }
}

#[test]
fn a_phase_too_short_for_its_name_is_numbered_and_named_under_the_bar() {
    let day = |month: u32, day: u32| NaiveDate::from_ymd_opt(2026, month, day).expect("date");
    let phase = |id: i64, name: &str, starts_on: NaiveDate, ends_on: NaiveDate| Phase {
        id: PhaseId(id),
        name: name.to_owned(),
        starts_on,
        ends_on,
    };
    let campaign = Campaign {
        id: CampaignId(1),
        title: "2026年专项活动".to_owned(),
        year: 2026,
        phases: vec![
            phase(1, "集中整治阶段", day(3, 1), day(11, 30)),
            phase(2, "动员部署与学习教育阶段", day(12, 1), day(12, 2)),
            phase(3, "总结阶段", day(12, 3), day(12, 31)),
        ],
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(860.0, 200.0))
        .with_context_setup(crate::ui::shell::fonts::install_fonts)
        .build_ui(move |ui| phase_timeline_ui(ui, &campaign, day(6, 1)));
    harness.run();
    // The names that fit are in their segments, whole.
    assert!(drawn(&harness, "集中整治阶段").iter().any(DrawnText::whole));
    assert!(drawn(&harness, "总结阶段").iter().any(DrawnText::whole));
    // The two-day phase shows its number in the bar and its full name under it.
    assert!(drawn(&harness, "2").iter().any(DrawnText::whole));
    let legend = "2：动员部署与学习教育阶段（2026年12月1日 至 2026年12月2日）";
    harness.get_by_label(legend);
    assert!(drawn(&harness, legend).iter().any(DrawnText::whole));
}

#[test]
fn a_long_measure_is_read_on_two_lines_of_its_due_list_at_1024() {
    // About two lines' worth at 1024 pixels: cut to one line, it lost half its words.
    let content =
        "编制企业开办一次性告知清单并在窗口和网站同步公示，材料清单外不得要求申请人补交任何材料";
    let db = TestDb::with_unit(5);
    // Overdue, so it is in the first list, in view without scrolling.
    add_measure_due_with(&db, -3, content);
    let mut harness = app_harness(&db);
    // 1024 wide; tall enough that the whole list is painted without scrolling.
    harness.set_size(egui::vec2(1024.0, 2400.0));
    harness.run();
    let painted = drawn(&harness, content);
    assert!(!painted.is_empty(), "the measure is listed");
    for text in painted {
        assert!(text.whole(), "{text:?}");
        assert_eq!(text.lines, 2, "{text:?}");
    }
}
