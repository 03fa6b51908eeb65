//! Mutation fuzzing on stable Rust for the readers of untrusted files: the Excel/WPS importer
//! (.xlsx, .xls, .ods), the date parsers and the bundle reader.
//!
//! ```text
//! cargo run --release --example fuzz -- TARGET [CASES] [SEED]
//! ```
//!
//! TARGET is `import`, `dates`, `bundle` or `all`; CASES defaults to 100,000 per target. Each
//! case mutates one of the target's seed inputs (byte-level, or structure-aware where the target
//! offers it) and runs it under a watchdog: a panic or a case slower than [`CASE_LIMIT`] is a
//! finding, saved under `target/fuzz-findings/` to be kept as a regression test. The run prints
//! cases, accepted and refused inputs, panics, hangs, the slowest case and peak memory, and exits
//! 1 when anything was found.

mod bundle;
mod dates;
mod import;
mod mutate;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use mutate::Rng;

/// A case slower than this is a hang.
const CASE_LIMIT: Duration = Duration::from_secs(10);

/// Panics seen by the hook, including those the code under test catches itself (the importer
/// turns a panic inside calamine into a refusal; the fuzzer must still count it).
static PANICS_SEEN: AtomicU64 = AtomicU64::new(0);
/// The message of the last panic, for the finding's report.
static LAST_PANIC: Mutex<String> = Mutex::new(String::new());

/// What a target did with one input.
pub enum Verdict {
    /// The input was read as valid.
    Accepted,
    /// The input was refused with a message (which must name the reason).
    Refused(String),
}

/// A reader under test.
pub trait Target {
    /// The target's name on the command line.
    fn name(&self) -> &'static str;
    /// The valid inputs mutations start from.
    fn seeds(&self) -> Vec<Vec<u8>>;
    /// A mutation of `seed`; byte-level unless the target knows its structure.
    fn mutate(&self, rng: &mut Rng, seed: &[u8], seeds: &[Vec<u8>]) -> Vec<u8> {
        mutate::bytes(rng, seed, seeds)
    }
    /// Runs one input.
    fn run(&self, input: &[u8]) -> Verdict;
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let which = args.first().map_or("all", String::as_str);
    let cases: u64 = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(100_000);
    let seed: u64 = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(1);
    let targets: Vec<Box<dyn Target>> = vec![
        Box::new(import::ImportTarget::new()),
        Box::new(dates::DatesTarget),
        Box::new(bundle::BundleTarget::new()),
    ];
    let chosen: Vec<&dyn Target> = targets
        .iter()
        .map(AsRef::as_ref)
        .filter(|target| which == "all" || target.name() == which)
        .collect();
    if chosen.is_empty() {
        eprintln!("unknown target {which}: import, dates, bundle or all");
        std::process::exit(2);
    }
    // Panics are findings, counted and saved; the default hook's backtrace noise is not needed.
    std::panic::set_hook(Box::new(|info| {
        PANICS_SEEN.fetch_add(1, Ordering::SeqCst);
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = info.to_string();
        }
    }));
    let mut found = false;
    for target in chosen {
        found |= fuzz(target, cases, seed);
    }
    std::process::exit(i32::from(found));
}

/// Fuzzes one target; returns whether anything was found.
fn fuzz(target: &dyn Target, cases: u64, seed: u64) -> bool {
    let seeds = target.seeds();
    let findings = PathBuf::from("target/fuzz-findings");
    let _ = std::fs::create_dir_all(&findings);
    let started_case = Arc::new(AtomicU64::new(0));
    let current = Arc::new(AtomicU64::new(u64::MAX));
    let clock = Instant::now();
    spawn_watchdog(
        target.name(),
        Arc::clone(&started_case),
        Arc::clone(&current),
        clock,
    );
    let mut rng = Rng::new(seed);
    let (mut accepted, mut refused, mut panics) = (0u64, 0u64, 0u64);
    let mut slowest = (Duration::ZERO, 0u64);
    // The case that raised the peak memory last, and the peak before the run.
    let mut peak = (peak_memory_mb(), None::<u64>);
    for case in 0..cases {
        let base = &seeds[rng.below(seeds.len())];
        // A mutator's own panic is a defect of the harness, not of the reader: it is reported
        // and the case skipped, so the run still ends with its figures.
        let Ok(input) = catch_unwind(AssertUnwindSafe(|| target.mutate(&mut rng, base, &seeds)))
        else {
            println!("{}: the mutator panicked in case {case}", target.name());
            continue;
        };
        // The watchdog saves whatever input is running when it fires.
        let _ = std::fs::write(
            findings.join(format!("{}-current.bin", target.name())),
            &input,
        );
        let begun = Instant::now();
        started_case.store(clock.elapsed().as_millis() as u64, Ordering::SeqCst);
        current.store(case, Ordering::SeqCst);
        let panics_before = PANICS_SEEN.load(Ordering::SeqCst);
        let outcome = catch_unwind(AssertUnwindSafe(|| target.run(&input)));
        if PANICS_SEEN.load(Ordering::SeqCst) == panics_before {
            match outcome {
                Ok(Verdict::Accepted) => accepted += 1,
                Ok(Verdict::Refused(message)) => {
                    assert!(!message.trim().is_empty(), "a refusal must name its reason");
                    refused += 1;
                }
                Err(_) => panics += 1,
            }
        } else {
            panics += 1;
            save_finding(&findings, target.name(), "panic", case, &input);
            if let Ok(last) = LAST_PANIC.lock() {
                println!("  {last}");
            }
        }
        current.store(u64::MAX, Ordering::SeqCst);
        let took = begun.elapsed();
        // Each case that raises the peak is kept, to see what costs memory.
        let now = peak_memory_mb();
        if now > peak.0 {
            peak = (now, Some(case));
            let _ = std::fs::write(findings.join(format!("{}-peak.bin", target.name())), &input);
        }
        if took > slowest.0 {
            slowest = (took, case);
            let _ = std::fs::write(
                findings.join(format!("{}-slowest.bin", target.name())),
                &input,
            );
        }
    }
    let _ = std::fs::remove_file(findings.join(format!("{}-current.bin", target.name())));
    println!(
        "{}: {cases} cases ({accepted} accepted, {refused} refused), {panics} panics, 0 hangs, slowest case {} ms (case {}), {:.1} s in all, peak memory {} MB{}",
        target.name(),
        slowest.0.as_millis(),
        slowest.1,
        clock.elapsed().as_secs_f64(),
        peak.0,
        peak.1
            .map_or_else(String::new, |case| format!(" (reached in case {case})"))
    );
    panics > 0
}

/// Ends the run when a case takes longer than [`CASE_LIMIT`], after saving it as a hang.
fn spawn_watchdog(
    name: &'static str,
    started_case: Arc<AtomicU64>,
    current: Arc<AtomicU64>,
    clock: Instant,
) {
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(Duration::from_millis(200));
            let case = current.load(Ordering::SeqCst);
            if case == u64::MAX {
                continue;
            }
            let since = clock.elapsed().as_millis() as u64 - started_case.load(Ordering::SeqCst);
            if since > CASE_LIMIT.as_millis() as u64 && current.load(Ordering::SeqCst) == case {
                let findings = Path::new("target/fuzz-findings");
                let hang = findings.join(format!("{name}-hang-{case}.bin"));
                let _ = std::fs::rename(findings.join(format!("{name}-current.bin")), &hang);
                println!(
                    "{name}: HANG in case {case} (over {} s), saved as {}",
                    CASE_LIMIT.as_secs(),
                    hang.display()
                );
                std::process::exit(1);
            }
        }
    });
}

fn save_finding(folder: &Path, name: &str, kind: &str, case: u64, input: &[u8]) {
    let path = folder.join(format!("{name}-{kind}-{case}.bin"));
    let _ = std::fs::write(&path, input);
    println!("{name}: {kind} in case {case}, saved as {}", path.display());
}

/// The process's peak resident memory in MB (Linux), or 0 where it cannot be read.
fn peak_memory_mb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix("VmHWM:"))
                .and_then(|value| {
                    value
                        .trim()
                        .trim_end_matches("kB")
                        .trim()
                        .parse::<u64>()
                        .ok()
                })
        })
        .map_or(0, |kb| kb / 1024)
}
