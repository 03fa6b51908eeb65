//! Benchmark of the ledger PDF (DESIGN §9: measured here, never asserted in `cargo test`).
//!
//! `cargo run --release --example pdf_bench -- [PROBLEMS] [MEASURES_PER_PROBLEM]` builds demo
//! data for PROBLEMS problems (default 1,000), tops every problem up to MEASURES_PER_PROBLEM
//! measures (default 3) by repeating its own, and prints the time to lay out and write the
//! ledger, the file size, the page count and the process's peak memory.

use std::time::Instant;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use zhenggai::atomic_file;
use zhenggai::demo::{DemoOptions, populate};
use zhenggai::domain::{MeasureId, UnitDraft};
use zhenggai::report::fonts::FontSet;
use zhenggai::report::{DocumentKind, layout, writer};
use zhenggai::setup::init_workbook;
use zhenggai::store::Store;
use zhenggai::view::DocumentData;

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let problems: usize = args.next().map_or(Ok(1_000), |arg| arg.parse())?;
    let per_problem: usize = args.next().map_or(Ok(3), |arg| arg.parse())?;
    let today = NaiveDate::from_ymd_opt(2026, 6, 15).context("date")?;

    let dir = tempfile::tempdir()?;
    let db = dir.path().join("bench.sqlite");
    let mut store = Store::open(&db)?;
    let unit = UnitDraft {
        name: "某市行政审批服务管理局".into(),
        code: String::new(),
        superior: "市作风办".into(),
        leader: "王建国".into(),
    };
    init_workbook(&mut store, unit, 2026)?;
    let started = Instant::now();
    populate(
        &mut store,
        &DemoOptions {
            problems,
            seed: 1,
            today,
        },
    )?;
    println!("demo data: {:.2} s", started.elapsed().as_secs_f64());
    let mut data = DocumentData::draft(&store, today)?;
    top_up_measures(&mut data, per_problem);
    println!(
        "{} problems, {} measures, {} progress notes",
        data.snapshot.problems.len(),
        data.snapshot.measures.len(),
        data.snapshot.progress_notes.len()
    );

    println!("memory before layout: {}", memory());
    let started = Instant::now();
    let fonts = FontSet::bundled()?;
    let font_time = started.elapsed();
    let phase = Instant::now();
    let document = layout(DocumentKind::Ledger, &data, &fonts)?;
    let layout_time = phase.elapsed();
    println!("memory after layout: {}", memory());
    let phase = Instant::now();
    let pages = document.pages.len();
    let bytes = writer::write_pdf(document, &fonts)?;
    let pdf_time = phase.elapsed();
    let total_time = started.elapsed();
    let out = dir.path().join("ledger.pdf");
    let phase = Instant::now();
    atomic_file::write_atomically(&out, &bytes)?;
    let write_time = phase.elapsed();
    println!(
        "fonts {:.3} s, layout {:.3} s, PDF {:.3} s, total {:.3} s (+ atomic write {:.3} s)",
        font_time.as_secs_f64(),
        layout_time.as_secs_f64(),
        pdf_time.as_secs_f64(),
        total_time.as_secs_f64(),
        write_time.as_secs_f64()
    );
    println!(
        "{} pages, {} bytes ({:.2} MB)",
        pages,
        bytes.len(),
        bytes.len() as f64 / 1_048_576.0
    );
    println!("memory at the end: {}", memory());
    if let Ok(keep) = std::env::var("ZHENGGAI_BENCH_OUT") {
        std::fs::copy(&out, keep)?;
    }
    Ok(())
}

/// Current and peak resident memory (Linux; empty elsewhere).
fn memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .map_or_else(String::new, |value| value.trim().to_owned())
    };
    format!("current {}, peak {}", field("VmRSS:"), field("VmHWM:"))
}

/// Gives every problem `per_problem` measures by repeating its own (new ids), so the ledger
/// has the size of a real unit's without a slower data generator.
fn top_up_measures(data: &mut DocumentData, per_problem: usize) {
    let mut next_id = data
        .snapshot
        .measures
        .iter()
        .map(|measure| measure.id.0)
        .max()
        .unwrap_or(0);
    let mut extra = Vec::new();
    for problem in &data.snapshot.problems {
        let own: Vec<_> = data
            .snapshot
            .measures
            .iter()
            .filter(|measure| measure.problem_id == problem.id)
            .cloned()
            .collect();
        for (index, template) in own
            .iter()
            .cycle()
            .take(per_problem.saturating_sub(own.len()))
            .enumerate()
        {
            next_id += 1;
            let mut copy = template.clone();
            copy.id = MeasureId(next_id);
            copy.position = (own.len() + index + 1) as i64;
            extra.push(copy);
        }
    }
    data.snapshot.measures.extend(extra);
}
