//! The aggregate screen's tables at 1024×768 (issue 18): the units' table and a unit's problems
//! keep their column headers in view while their rows scroll, and the units' buttons stay on
//! screen.

use std::path::Path;

use eframe::egui::accesskit::Role;
use eframe::egui::{self, Event, Modifiers, MouseWheelUnit};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use zhenggai::bundle::{ReceiveOutcome, export_bundle, receive};
use zhenggai::domain::{Command, OfficeDraft};
use zhenggai::store::Store;

use crate::ui::aggregate::drill::{OVERVIEW_TAB, problems_tab};
use crate::ui::aggregate::units_table::OPEN_UNIT;
use crate::ui::shell::app::ZhenggaiApp;
use crate::ui::test_support::fixtures::{demo_unit, sign_off_demo};
use crate::ui::test_support::{TestDb, app_harness, click};
use crate::ui::widgets::wrapped_cell::drawn::{DrawnText, drawn};

/// The name of the `index`th unit: 第01县区行政审批服务管理局 (a long name, as real ones
/// are), then 第02县区局，第03县区局，… (listed in this order).
fn unit_name(index: usize) -> String {
    if index == 1 {
        "第01县区行政审批服务管理局".to_owned()
    } else {
        format!("第{index:02}县区局")
    }
}

/// An aggregate database for 市作风办 that has received the first revision of `units` units,
/// the first with `first_problems` demo problems and the others with three.
fn aggregate_with_units(folder: &Path, units: usize, first_problems: usize) -> TestDb {
    let db = TestDb::empty();
    let mut aggregate = Store::open(&db.path).expect("open");
    aggregate
        .apply(&Command::InitOffice(OfficeDraft {
            name: "市作风办".into(),
        }))
        .expect("init office");
    for index in 1..=units {
        let unit = unit_name(index);
        let problems = if index == 1 { first_problems } else { 3 };
        let mut store = demo_unit(&folder.join(format!("{unit}.sqlite")), &unit, problems, 5);
        sign_off_demo(&mut store);
        let bundle = folder.join(format!("{unit}-r1.zip"));
        export_bundle(&store, Some(1), &bundle, &mut |_| {
            std::ops::ControlFlow::Continue(())
        })
        .expect("export");
        store.close().expect("close unit");
        let outcome = receive(&mut aggregate, &bundle, false);
        assert!(
            matches!(outcome, ReceiveOutcome::Received(_)),
            "{unit} received: {outcome:?}"
        );
    }
    aggregate.close().expect("close");
    db
}

/// The app on `db` at 1024×768.
fn harness_at_1024(db: &TestDb) -> Harness<'static, ZhenggaiApp> {
    let mut harness = app_harness(db);
    harness.set_size(egui::vec2(1024.0, 768.0));
    harness.run();
    harness
}

/// Turns the mouse wheel well down over the label `over`, and lets the scroll settle.
fn scroll_down_over(harness: &mut Harness<'static, ZhenggaiApp>, over: &str) {
    harness.get_by_label(over).hover();
    harness.event(Event::MouseWheel {
        unit: MouseWheelUnit::Point,
        delta: egui::vec2(0.0, -2_000.0),
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Wheel,
        modifiers: Modifiers::NONE,
    });
    harness.run_steps(30);
    harness.remove_cursor();
    harness.run();
}

/// Where the header `title` is drawn whole on the last frame.
fn header_at(harness: &Harness<'static, ZhenggaiApp>, title: &str) -> egui::Rect {
    let paintings: Vec<DrawnText> = drawn(harness, title);
    let whole: Vec<&DrawnText> = paintings.iter().filter(|text| text.whole()).collect();
    assert_eq!(
        whole.len(),
        1,
        "「{title}」 drawn once, whole: {paintings:?}"
    );
    whole[0].rect
}

#[test]
fn the_units_table_keeps_its_headers_and_buttons_in_view() {
    let folder = tempfile::tempdir().expect("folder");
    let db = aggregate_with_units(folder.path(), 16, 3);
    let mut harness = harness_at_1024(&db);
    let header = header_at(&harness, "签发时间");
    let first = unit_name(1);
    assert!(drawn(&harness, &first).iter().any(DrawnText::whole));
    // Every row's 查看 and 写回执 on screen are whole: the table fits a 1024-wide window.
    let buttons: Vec<DrawnText> = ["查看", "写回执…"]
        .iter()
        .flat_map(|label| drawn(&harness, label))
        .collect();
    assert!(buttons.len() >= 8, "{buttons:?}");
    for button in &buttons {
        assert!(button.whole(), "{button:?}");
        assert!(button.rect.right() <= 1024.0, "{button:?}");
    }

    scroll_down_over(&mut harness, &first);
    // The first unit scrolled away, the last came into view, and the headers did not move.
    assert!(
        !drawn(&harness, &first).iter().any(DrawnText::whole),
        "the rows scrolled"
    );
    assert!(drawn(&harness, &unit_name(16)).iter().any(DrawnText::whole));
    assert_eq!(header_at(&harness, "签发时间"), header);
    header_at(&harness, "单位");
}

#[test]
fn a_units_problems_keep_their_headers_in_view_while_scrolling() {
    let folder = tempfile::tempdir().expect("folder");
    let db = aggregate_with_units(folder.path(), 1, 60);
    let mut harness = harness_at_1024(&db);
    harness
        .get_all_by_role_and_label(Role::Button, OPEN_UNIT)
        .next()
        .expect("a 查看 button")
        .click();
    harness.run();
    let (rows, first) = {
        let screen = harness.state().aggregate_screen();
        let rows = screen.drill.as_ref().expect("a unit is open").rows();
        (rows.len(), rows[0].description.clone())
    };
    // The overview comes first; the problems are one click away.
    harness.get_by_role_and_label(Role::Button, OVERVIEW_TAB);
    click(&mut harness, &problems_tab(rows));
    let header = header_at(&harness, "问题表现");
    assert!(drawn(&harness, &first).iter().any(DrawnText::whole));

    scroll_down_over(&mut harness, &first);
    assert!(
        !drawn(&harness, &first).iter().any(DrawnText::whole),
        "the rows scrolled"
    );
    assert_eq!(header_at(&harness, "问题表现"), header);
    header_at(&harness, "最近时限");
}
