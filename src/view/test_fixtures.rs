//! A demo workbook for the view's unit tests.

use chrono::NaiveDate;

use crate::demo::{self, DemoOptions};
use crate::domain::UnitDraft;
use crate::setup::init_workbook;
use crate::store::Store;
use crate::view::Workbook;

/// The 市行政审批局 with about `problems` demo problems drawn from `seed`, as of `today`.
pub fn demo_workbook(problems: usize, seed: u64, today: NaiveDate) -> Workbook {
    let dir = tempfile::tempdir().expect("temporary folder");
    let mut store = Store::open(&dir.path().join("台账.sqlite")).expect("open");
    let unit = UnitDraft {
        name: "市行政审批局".to_owned(),
        ..UnitDraft::default()
    };
    init_workbook(&mut store, unit, 2026).expect("init");
    demo::populate(
        &mut store,
        &DemoOptions {
            problems,
            seed,
            today,
        },
    )
    .expect("demo");
    Workbook::load(&store, today).expect("load")
}
