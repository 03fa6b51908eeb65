//! The ledger as the Excel tests compare it: a fresh initialised store, the import options
//! they use, and the ledger's lines by measure.

use std::path::Path;

use zhenggai::domain::{Deadline, MeasureStatus};
use zhenggai::interop::ImportOptions;
use zhenggai::setup::init_workbook;
use zhenggai::store::Store;

use super::{day, unit_draft};

/// A fresh initialised store (unit, default categories, 2026 campaign) in `dir`.
pub fn fresh_store(dir: &Path, name: &str) -> Store {
    let mut store = Store::open(&dir.join(name)).expect("ledger");
    init_workbook(&mut store, unit_draft(), 2026).expect("ledger");
    store
}

/// A fresh store in `dir` with a demo of `problems` problems drawn with `seed` around
/// 2026-11-20.
pub fn demo_store(dir: &Path, name: &str, problems: usize, seed: u64) -> Store {
    let mut store = fresh_store(dir, name);
    zhenggai::demo::populate(
        &mut store,
        &zhenggai::demo::DemoOptions {
            problems,
            seed,
            today: day(2026, 11, 20),
        },
    )
    .expect("demo data");
    store
}

/// Import options on 2026-11-20, grouping a flat ledger's rows, with `verifier` for 已销号 rows.
pub fn options(verifier: Option<&str>) -> ImportOptions {
    ImportOptions {
        today: day(2026, 11, 20),
        close_out_verifier: verifier.map(str::to_owned),
        group_repeated_rows: true,
    }
}

/// What must survive a round trip, per measure: its problem's number (so problems split or
/// joined show), problem text, category name, measure fields.
pub type LedgerLine = (
    i64,
    String,
    String,
    String,
    String,
    String,
    String,
    Option<Deadline>,
    MeasureStatus,
);

/// The ledger's lines, one per measure, in problem number order.
pub fn ledger_lines(store: &Store) -> Vec<LedgerLine> {
    let categories = store.categories().expect("ledger");
    let mut problems = store.problems().expect("ledger");
    problems.sort_by_key(|problem| problem.number);
    let mut lines = Vec::new();
    for problem in problems {
        let category = problem
            .category_id
            .and_then(|id| categories.iter().find(|c| c.id == id))
            .map(|c| c.name.clone())
            .unwrap_or_default();
        for measure in store.measures_of(problem.id).expect("ledger") {
            lines.push((
                problem.number,
                problem.description.clone(),
                category.clone(),
                measure.content,
                measure.responsible_leader,
                measure.responsible_division,
                measure.responsible_person,
                measure.deadline,
                measure.status,
            ));
        }
    }
    lines
}
