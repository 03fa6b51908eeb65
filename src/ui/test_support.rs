//! Helpers for the UI tests: the app on a fresh temporary database inside an `egui_kittest`
//! harness, and a way to read back what the UI wrote.

use std::path::PathBuf;

use chrono::Datelike;
use egui_kittest::Harness;
use zhenggai::demo::{self, DemoOptions};
use zhenggai::domain::UnitDraft;
use zhenggai::domain::local_today;
use zhenggai::setup::init_workbook;
use zhenggai::store::Store;

use crate::ui::shell::app::ZhenggaiApp;
use crate::ui::shell::fonts::install_fonts;

/// The databases and records the library's integration tests start from, shared so that both
/// kinds of test build their data one way.
#[path = "../../tests/common/fixtures.rs"]
pub mod fixtures;

/// A temporary database folder that lives as long as the test.
pub struct TestDb {
    /// Keeps the folder until the test ends.
    pub _dir: tempfile::TempDir,
    /// The database file.
    pub path: PathBuf,
}

impl TestDb {
    /// An empty database file name in a new folder (nothing written yet).
    pub fn empty() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("台账.sqlite");
        Self { _dir: dir, path }
    }

    /// A database set up for a unit, with the default categories and campaign, and `problems`
    /// demo problems (none for 0).
    pub fn with_unit(problems: usize) -> Self {
        let db = Self::empty();
        let mut store = Store::open(&db.path).expect("open");
        let unit = UnitDraft {
            name: "市行政审批局".to_owned(),
            ..UnitDraft::default()
        };
        init_workbook(&mut store, unit, local_today().year()).expect("init");
        if problems > 0 {
            demo::populate(
                &mut store,
                &DemoOptions {
                    problems,
                    seed: 7,
                    today: local_today(),
                },
            )
            .expect("demo");
        }
        store.close().expect("close");
        db
    }

    /// Reopens the database read-only to check what the UI wrote (the app holds the lock).
    pub fn read(&self) -> Store {
        Store::open_read_only(&self.path).expect("read-only open")
    }
}

/// The app on `db` in a 1280×800 harness with the CJK font, after its first frames.
pub fn app_harness(db: &TestDb) -> Harness<'static, ZhenggaiApp> {
    build_app_harness(db, None)
}

/// As [`app_harness`], with the preferences a previous run saved in `storage`, as eframe hands
/// them to the app when it starts.
pub fn app_harness_with_storage(
    db: &TestDb,
    storage: &dyn eframe::Storage,
) -> Harness<'static, ZhenggaiApp> {
    build_app_harness(db, Some(storage))
}

fn build_app_harness(
    db: &TestDb,
    storage: Option<&dyn eframe::Storage>,
) -> Harness<'static, ZhenggaiApp> {
    let path = db.path.clone();
    let mut harness = Harness::builder()
        .with_size(eframe::egui::vec2(1280.0, 800.0))
        .with_context_setup(install_fonts)
        .build_eframe(move |_creation| ZhenggaiApp::open(path, storage));
    harness.run();
    harness
}

/// Steps the harness until the jobs started by the last clicks have ended and their outcome
/// is drawn. A running job repaints every 100 ms, so single frames are stepped meanwhile.
pub fn finish_jobs(harness: &mut Harness<'static, ZhenggaiApp>) {
    let started = std::time::Instant::now();
    harness.step();
    while harness.state().job_running() {
        assert!(
            started.elapsed() < std::time::Duration::from_mins(1),
            "the job did not end"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
        harness.step();
    }
    harness.run();
}
