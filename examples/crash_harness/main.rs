//! Crash-consistency harness (issue 15): kills the real `zhenggai` binary with SIGKILL at random
//! points of `demo`, `import-xlsx`, `sign-off`, `import-bundle`, `export-pdf`, `export-bundle`
//! and `export-xlsx`, and checks after every kill that
//!
//! - SQLite's `PRAGMA integrity_check` (through rusqlite) says `ok` and `zhenggai check` passes;
//! - the database holds either the state before or the complete state after (row counts of
//!   every table and `summary --json` against an undisturbed run);
//! - an export's target is absent, its previous content, or a complete new file (a PDF with
//!   the expected page count that `qpdf --check` accepts when qpdf is installed, a bundle that
//!   `zhenggai verify` accepts, a workbook whose zip entries are all there and intact);
//! - no temporary file (`.<name>.<pid>.<n>.tmp` beside the target, `.*.tmp` in `backups/`) is
//!   left after the next successful run of the same export (for the operations that write the
//!   database: after the `check` and `summary` that follow).
//!
//! ```text
//! cargo build --release && cargo build --release --example crash_harness
//! target/release/examples/crash_harness [RUNS] [SEED] [--bin PATH] [--op NAME]... \
//!     [--problems N] [--next-run-after MINUTES] [--work DIR] [--keep]
//! ```
//!
//! RUNS (default 1,000) are shared evenly among the operations, in turn; SEED (default 1) fixes
//! the kill delays, drawn uniformly from 0 to 1.15 × the median of three undisturbed runs (with
//! or without the start-up backup, which each run makes or skips by a coin toss). `--op`
//! keeps the operations whose name starts with NAME (`export-pdf`, `import-bundle/newer` …).
//! `--next-run-after` dates the killed run's temporary files and everything in `backups/` back by
//! that many minutes before the next run, as if it came that much later (default 0: at once).
//! The work folder (default: a new folder in the system's temporary folder) is removed at the
//! end unless `--keep`; with it, the folders of the first failing runs, as the kill left them,
//! stay under `failures/run-N/`. Prints the figures per operation and every failure with its run's parameters;
//! exits 1 when anything failed. Unix only.

#[cfg(unix)]
mod kit;
#[cfg(unix)]
mod run;
#[cfg(unix)]
mod tally;

#[cfg(unix)]
fn main() -> anyhow::Result<std::process::ExitCode> {
    unix::main()
}

#[cfg(not(unix))]
fn main() {
    eprintln!("crash_harness needs SIGKILL: it runs on Linux and other Unix systems only.");
}

#[cfg(unix)]
mod unix {
    use std::path::PathBuf;
    use std::process::ExitCode;
    use std::time::{Duration, Instant};

    use anyhow::{Context, Result, bail};

    use crate::kit::binary::Binary;
    use crate::kit::calibrate::{Expected, calibrate};
    use crate::kit::findings::Findings;
    use crate::kit::fixtures::Fixtures;
    use crate::kit::layout::Layout;
    use crate::kit::ops::{self, Op};
    use crate::kit::outputs;
    use crate::kit::rng::SplitMix64;
    use crate::run::{Plan, run_once};
    use crate::tally::{self, OpTally};

    /// How many failing runs keep their folders with `--keep`.
    const KEPT_FAILURES: usize = 20;

    /// The command line.
    struct Options {
        runs: usize,
        seed: u64,
        bin: Option<PathBuf>,
        ops: Vec<String>,
        problems: usize,
        work: Option<PathBuf>,
        keep: bool,
        next_run_after: Duration,
    }

    fn options() -> Result<Options> {
        let mut options = Options {
            runs: 1000,
            seed: 1,
            bin: None,
            ops: Vec::new(),
            problems: 200,
            work: None,
            keep: false,
            next_run_after: Duration::ZERO,
        };
        let mut positional = 0;
        let mut args = std::env::args().skip(1);
        while let Some(arg) = args.next() {
            let mut value =
                |name: &str| args.next().with_context(|| format!("{name} needs a value"));
            match arg.as_str() {
                "--bin" => options.bin = Some(value("--bin")?.into()),
                "--op" => options.ops.push(value("--op")?),
                "--problems" => options.problems = value("--problems")?.parse()?,
                "--work" => options.work = Some(value("--work")?.into()),
                "--keep" => options.keep = true,
                "--next-run-after" => {
                    let minutes: u64 = value("--next-run-after")?.parse()?;
                    options.next_run_after = Duration::from_secs(minutes * 60);
                }
                _ if arg.starts_with("--") => bail!("unknown option {arg}"),
                _ if positional == 0 => {
                    options.runs = arg.parse().context("RUNS")?;
                    positional += 1;
                }
                _ if positional == 1 => {
                    options.seed = arg.parse().context("SEED")?;
                    positional += 1;
                }
                _ => bail!("unexpected argument {arg}"),
            }
        }
        Ok(options)
    }

    pub fn main() -> Result<ExitCode> {
        let options = options()?;
        let started = Instant::now();
        let work = options.work.clone().unwrap_or_else(|| {
            std::env::temp_dir().join(format!("zhenggai-crash-{}", std::process::id()))
        });
        std::fs::create_dir_all(&work)?;
        let bin = Binary::locate(options.bin.clone(), &work.join("logs"))?;
        println!(
            "crash harness: {} runs, seed {}, binary {}, work folder {}",
            options.runs,
            options.seed,
            bin.path().display(),
            work.display()
        );
        if !outputs::have_qpdf() {
            println!("qpdf is not installed: PDFs are checked by structure and page count only.");
        }
        let fixtures = Fixtures::build(&bin, &work.join("fixtures"), options.problems)?;
        let ops = ops::select(ops::all(&fixtures), &options.ops);
        if ops.is_empty() {
            bail!("no operation matches {:?}", options.ops);
        }
        let layout = Layout::new(&work.join("run/db"), &work.join("run/out"))?;
        let mut expected = Vec::new();
        for op in &ops {
            let calibrated =
                calibrate(&bin, op, &layout).with_context(|| format!("calibrating {}", op.name))?;
            println!(
                "  {:<26} {:>4.0} ms undisturbed ({:.0} ms without the start-up backup); \
                 before: {}; after: {}",
                op.name,
                calibrated.durations[0].as_secs_f64() * 1000.0,
                calibrated.durations[1].as_secs_f64() * 1000.0,
                crate::kit::state::brief(&calibrated.before),
                crate::kit::state::brief(&calibrated.after)
            );
            expected.push(calibrated);
        }

        let mut findings = Findings::default();
        let mut tallies: Vec<OpTally> = ops
            .iter()
            .zip(&expected)
            .map(|(op, expected)| OpTally::new(op.name, expected.duration()))
            .collect();
        let mut rng = SplitMix64::new(options.seed);
        let mut kept = 0;
        for index in 0..options.runs {
            let which = index % ops.len();
            let (op, expected) = (&ops[which], &expected[which]);
            let mut plan = plan(&mut rng, index, op, expected);
            plan.next_run_after = options.next_run_after;
            let before = findings.len();
            let snapshot = (options.keep && kept < KEPT_FAILURES).then(|| work.join("snapshot"));
            let figures = run_once(
                &bin,
                op,
                expected,
                &layout,
                &plan,
                snapshot.as_deref(),
                &mut findings,
            )
            .with_context(|| format!("run {index} of {}", op.name))?;
            tallies[which].add(&figures);
            if let Some(snapshot) = snapshot {
                if findings.len() > before {
                    let kept_at = work.join(format!("failures/run-{index}"));
                    std::fs::create_dir_all(work.join("failures"))?;
                    std::fs::rename(&snapshot, &kept_at)?;
                    kept += 1;
                } else {
                    std::fs::remove_dir_all(&snapshot)?;
                }
            }
            if (index + 1) % 100 == 0 {
                println!(
                    "  {} runs, {} failures, {:.0} s",
                    index + 1,
                    findings.len(),
                    started.elapsed().as_secs_f64()
                );
            }
        }

        println!();
        tally::print(&tallies);
        println!(
            "(killed: SIGKILL while running; ended: had exited before the kill; fail: exited non-zero \
             by itself; before/after/partial: the database's state; integ: integrity_check not ok; \
             check: `check` failed; out: the export's target; tmp@kill / tmp@next: runs with \
             temporary files right after the kill / after the next successful run; stale / st.bak: \
             such files beside the target (or database) / in backups/, in all)"
        );
        println!();
        findings.print(5);
        println!(
            "{} runs in {:.0} s, seed {}.",
            options.runs,
            started.elapsed().as_secs_f64(),
            options.seed
        );
        if options.keep {
            println!("Kept: {}", work.display());
        } else {
            std::fs::remove_dir_all(&work)?;
        }
        Ok(if findings.len() == 0 {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        })
    }

    /// Draws one run's kill delay and conditions.
    fn plan(rng: &mut SplitMix64, index: usize, op: &Op, expected: &Expected) -> Plan {
        let recent_backup = rng.coin();
        let undisturbed = expected.durations[usize::from(recent_backup)];
        let window = undisturbed.as_micros() as u64 * 115 / 100;
        let delay = Duration::from_micros(rng.below(window.max(1)));
        let old = (op.output.is_some() && rng.coin())
            .then(|| format!("previous content of run {index}\n").into_bytes());
        Plan {
            index,
            delay,
            recent_backup,
            old,
            next_run_after: Duration::ZERO,
        }
    }
}
