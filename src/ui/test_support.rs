//! Helpers for the UI tests: the app on a fresh temporary database inside an `egui_kittest`
//! harness, a way to read back what the UI wrote, and the clicks and typing the screens' tests
//! drive it with.

use std::path::PathBuf;

use chrono::Datelike;
use eframe::egui::accesskit::Role;
use eframe::egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
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

/// Clicks the button labelled `label` and runs the frames until the UI settles (the run panics
/// if it never does).
pub fn click<S>(harness: &mut Harness<'static, S>, label: &str) {
    harness.get_by_role_and_label(Role::Button, label).click();
    harness.run();
}

/// Clicks the button labelled `label`, which starts a job, and waits with [`finish_jobs`] until
/// the job has ended and its outcome is drawn.
pub fn click_and_finish(harness: &mut Harness<'static, ZhenggaiApp>, label: &str) {
    harness.get_by_role_and_label(Role::Button, label).click();
    finish_jobs(harness);
}

/// Clicks the button labelled `label` while a job runs and steps two frames: a running job
/// keeps the app repainting, so the harness is not run until it settles.
pub fn click_while_busy(harness: &mut Harness<'static, ZhenggaiApp>, label: &str) {
    harness.get_by_role_and_label(Role::Button, label).click();
    harness.step();
    harness.step();
}

/// Focuses the `role` field labelled `label` and types `text` after what it holds (a focused
/// field that was not clicked puts its cursor at the end).
pub fn type_into<S>(harness: &mut Harness<'static, S>, role: Role, label: &str, text: &str) {
    harness.get_by_role_and_label(role, label).focus();
    harness.run();
    harness.get_by_role_and_label(role, label).type_text(text);
    harness.run();
}

/// Focuses the `role` field labelled `label`, selects everything in it and types `text` over it.
pub fn replace_text<S>(harness: &mut Harness<'static, S>, role: Role, label: &str, text: &str) {
    harness.get_by_role_and_label(role, label).focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.get_by_role_and_label(role, label).type_text(text);
    harness.run();
}

/// Opens 签发与导出 and points its export folder（保存到文件夹）at `folder`.
pub fn open_exports(harness: &mut Harness<'static, ZhenggaiApp>, folder: &std::path::Path) {
    click(harness, "签发与导出");
    replace_text(
        harness,
        Role::TextInput,
        "保存到文件夹",
        &folder.display().to_string(),
    );
}

/// The text shown by the one node whose label contains `part`: its label, or its value where
/// the label is empty (as for a text field).
pub fn shown_text(harness: &Harness<'static, ZhenggaiApp>, part: &str) -> String {
    let node = harness.get_by_label_contains(part);
    let node = node.accesskit_node();
    node.label()
        .filter(|label| !label.is_empty())
        .or_else(|| node.value())
        .unwrap_or_default()
}

/// Writes `rows` as the only sheet of an .xlsx workbook at `path`: each cell as text, an empty
/// one left blank, as a department's hand-kept ledger holds them.
pub fn write_ledger<const COLUMNS: usize>(path: &std::path::Path, rows: &[[&str; COLUMNS]]) {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (row, cells) in rows.iter().enumerate() {
        for (col, text) in cells.iter().enumerate() {
            if !text.is_empty() {
                sheet
                    .write_string(row as u32, col as u16, *text)
                    .expect("write cell");
            }
        }
    }
    workbook.save(path).expect("save workbook");
}

/// eframe's storage kept in memory: what `ZhenggaiApp::save` writes is what the next run reads.
#[derive(Default)]
pub struct MemoryStorage {
    /// The stored values by key.
    pub values: std::collections::HashMap<String, String>,
}

impl eframe::Storage for MemoryStorage {
    fn get_string(&self, key: &str) -> Option<String> {
        self.values.get(key).cloned()
    }

    fn set_string(&mut self, key: &str, value: String) {
        self.values.insert(key.to_owned(), value);
    }

    fn remove_string(&mut self, key: &str) {
        self.values.remove(key);
    }

    fn flush(&mut self) {}
}
