//! Disk-full harness (issue 15): runs `demo`, `import-xlsx`, `sign-off`, `import-bundle`,
//! `export-pdf`, `export-bundle` and `export-xlsx` of the real `zhenggai` binary with the
//! database (with or without its start-up backup still to make) or the export's target on a
//! small, nearly full volume — a size-limited tmpfs, ext4 images with 1 KiB blocks (what
//! `mkfs.ext4` chooses for a small volume) and 4 KiB blocks, and a FAT image, on loop devices —
//! at sixteen fill levels from full to three times what the operation needs, and checks that
//!
//! - a run that exits non-zero changed nothing (a commit reported as a failure is a
//!   "misreported commit"), and one that exits 0 made the whole change;
//! - the database passes `PRAGMA integrity_check` and `zhenggai check`, and is never in a
//!   partial state;
//! - the export's target is absent, its previous content, or a complete new file;
//! - every stderr line has Chinese in it (no bare `ZipWriter::drop: failed to finalize`);
//! - nothing panics (exit 101), aborts (134) or dies by a signal;
//! - no temporary file is left by a failed run, nor after the next run with room to spare.
//!
//! ```text
//! cargo build --release && cargo build --release --example disk_full
//! target/release/examples/disk_full [SEED] [--bin PATH] [--fs tmpfs,ext4,ext4-4k,vfat] [--op NAME]... \
//!     [--problems N] [--size MIB] [--free KIB,…] [--work DIR] [--keep]
//! ```
//!
//! Mounting needs root (and, for the images, loop devices, `mkfs.ext4` and `mkfs.fat`); a file
//! system that cannot be mounted is skipped with the reason. SEED (default 1) moves each fill
//! level by up to ±3 % and decides where a previous file sits at the target. `--op` keeps the
//! operations whose name starts with NAME. `--free` replaces the levels with these amounts of free
//! space (to repeat a finding: a level's figure in KiB is printed with it). The volume is `--size` MiB (default 24). With
//! `--keep` the work folder stays, and the folders of the first failing runs, as each run left
//! them (filler removed), under `failures/<scenario> <level>/`. Prints the
//! figures per scenario, the failure messages by kind and every failure with its run's
//! parameters; exits 1 when anything failed. Unix only.

#[cfg(unix)]
#[path = "../crash_harness/kit/mod.rs"]
mod kit;
#[cfg(unix)]
mod run;
#[cfg(unix)]
mod scenario;
#[cfg(unix)]
mod tally;
#[cfg(unix)]
mod volume;

#[cfg(unix)]
fn main() -> anyhow::Result<std::process::ExitCode> {
    unix::main()
}

#[cfg(not(unix))]
fn main() {
    eprintln!("disk_full mounts small file systems: it runs on Linux as root only.");
}

#[cfg(unix)]
mod unix {
    use std::path::{Path, PathBuf};
    use std::process::ExitCode;
    use std::time::Instant;

    use anyhow::{Context, Result, bail};

    use crate::kit::binary::Binary;
    use crate::kit::calibrate::{Expected, calibrate};
    use crate::kit::findings::Findings;
    use crate::kit::fixtures::Fixtures;
    use crate::kit::layout::Layout;
    use crate::kit::ops::{self, Op};
    use crate::kit::outputs;
    use crate::kit::rng::SplitMix64;
    use crate::kit::state;
    use crate::run::{Setup, run_once};
    use crate::scenario::{self, Scenario};
    use crate::tally::{self, Messages, Tally};
    use crate::volume::{FsKind, Volume};

    /// How many failing runs keep their folders with `--keep`.
    const KEPT_FAILURES: usize = 20;

    /// The command line.
    struct Options {
        seed: u64,
        bin: Option<PathBuf>,
        filesystems: Vec<FsKind>,
        ops: Vec<String>,
        problems: usize,
        size_mib: u64,
        work: Option<PathBuf>,
        keep: bool,
        free: Vec<u64>,
    }

    fn options() -> Result<Options> {
        let mut options = Options {
            seed: 1,
            bin: None,
            filesystems: vec![
                FsKind::Tmpfs,
                FsKind::Ext4,
                FsKind::Ext4Blocks4k,
                FsKind::Vfat,
            ],
            ops: Vec::new(),
            problems: 200,
            size_mib: 24,
            work: None,
            keep: false,
            free: Vec::new(),
        };
        let mut args = std::env::args().skip(1);
        let mut positional = 0;
        while let Some(arg) = args.next() {
            let mut value =
                |name: &str| args.next().with_context(|| format!("{name} needs a value"));
            match arg.as_str() {
                "--bin" => options.bin = Some(value("--bin")?.into()),
                "--fs" => {
                    options.filesystems = value("--fs")?
                        .split(',')
                        .map(|name| {
                            FsKind::parse(name).with_context(|| {
                                format!("unknown file system {name}: tmpfs, ext4, ext4-4k or vfat")
                            })
                        })
                        .collect::<Result<_>>()?;
                }
                "--op" => options.ops.push(value("--op")?),
                "--problems" => options.problems = value("--problems")?.parse()?,
                "--size" => options.size_mib = value("--size")?.parse()?,
                "--work" => options.work = Some(value("--work")?.into()),
                "--keep" => options.keep = true,
                "--free" => {
                    options.free = value("--free")?
                        .split(',')
                        .map(|kib| Ok(kib.parse::<u64>().context("--free")? * 1024))
                        .collect::<Result<_>>()?;
                }
                _ if arg.starts_with("--") => bail!("unknown option {arg}"),
                _ if positional == 0 => {
                    options.seed = arg.parse().context("SEED")?;
                    positional += 1;
                }
                _ => bail!("unexpected argument {arg}"),
            }
        }
        Ok(options)
    }

    /// What stays the same across file systems.
    struct Harness {
        bin: Binary,
        ops: Vec<Op>,
        expected: Vec<Expected>,
        work: PathBuf,
        keep: bool,
        free: Vec<u64>,
    }

    /// What accumulates.
    #[derive(Default)]
    struct Results {
        tallies: Vec<Tally>,
        messages: Messages,
        findings: Findings,
        kept: usize,
        skipped: Vec<String>,
    }

    pub fn main() -> Result<ExitCode> {
        let options = options()?;
        let started = Instant::now();
        let work = options.work.clone().unwrap_or_else(|| {
            std::env::temp_dir().join(format!("zhenggai-disk-full-{}", std::process::id()))
        });
        std::fs::create_dir_all(&work)?;
        let bin = Binary::locate(options.bin.clone(), &work.join("logs"))?;
        println!(
            "disk-full harness: seed {}, binary {}, work folder {}",
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
        let calibration = Layout::new(&work.join("calibrate/db"), &work.join("calibrate/out"))?;
        let mut expected = Vec::new();
        for op in &ops {
            let calibrated = calibrate(&bin, op, &calibration)
                .with_context(|| format!("calibrating {}", op.name))?;
            println!(
                "  {:<26} {:>4.0} ms undisturbed; before: {}; after: {}",
                op.name,
                calibrated.duration().as_secs_f64() * 1000.0,
                state::brief(&calibrated.before),
                state::brief(&calibrated.after)
            );
            expected.push(calibrated);
        }
        let context = Harness {
            bin,
            ops,
            expected,
            work: work.clone(),
            keep: options.keep,
            free: options.free.clone(),
        };
        let mut results = Results::default();
        let mut rng = SplitMix64::new(options.seed);
        let mut runs = 0;
        for &kind in &options.filesystems {
            let mounted = Volume::mount(
                kind,
                &work.join(format!("volume-{kind}")),
                &work.join(format!("volume-{kind}.img")),
                options.size_mib * 1024 * 1024,
            )?;
            let mut volume = match mounted {
                Ok(volume) => volume,
                Err(reason) => {
                    println!("Skipping {kind}: cannot mount it here ({reason}).");
                    results.skipped.push(format!("{kind}: {reason}"));
                    continue;
                }
            };
            println!(
                "{kind}: {} MiB volume at {}",
                options.size_mib,
                volume.root.display()
            );
            for scenario in scenario::scenarios(&context.ops) {
                runs += run_scenario(&context, &scenario, &mut volume, &mut rng, &mut results)?;
            }
            println!(
                "  {runs} runs so far, {} failures, {:.0} s",
                results.findings.len(),
                started.elapsed().as_secs_f64()
            );
        }

        println!();
        tally::print(&results.tallies);
        println!(
            "(need: what an undisturbed run added to the volume; ok / fail / crash: exit 0 / exit 1 \
             / anything else; before / after / partial: the database's state; misrep: exit \
             non-zero but committed; lost: exit 0 but nothing written; dmg: integrity or check \
             failed; out: the target absent / old / new / bad; engl: a stderr line without \
             Chinese; tmp / tmp@n: runs with temporary files left by the run / after the next \
             run; ok≥ / fail≤: least free space of a success, most of a failure)"
        );
        println!();
        results.messages.print();
        println!();
        results.findings.print(3);
        for skipped in &results.skipped {
            println!("Skipped {skipped}");
        }
        println!(
            "{runs} runs in {:.0} s, seed {}.",
            started.elapsed().as_secs_f64(),
            options.seed
        );
        if options.keep {
            println!("Kept: {}", work.display());
        } else {
            std::fs::remove_dir_all(&work)?;
        }
        Ok(if results.findings.len() == 0 {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        })
    }

    /// Measures what the scenario needs on `volume`, then runs it at every fill level. Returns
    /// how many runs it made.
    fn run_scenario(
        context: &Harness,
        scenario: &Scenario,
        volume: &mut Volume,
        rng: &mut SplitMix64,
        results: &mut Results,
    ) -> Result<usize> {
        let op = &context.ops[scenario.op];
        let expected = &context.expected[scenario.op];
        let label = format!("{} {}", scenario.label(&context.ops), volume.kind);
        let layout = scenario
            .placement
            .layout(&volume.root, &context.work.join("local"))?;

        volume.unfill()?;
        layout.prepare(op, scenario.placement.recent_backup())?;
        let used = volume.used()?;
        let undisturbed = context
            .bin
            .run(Some(&layout.db()), &op.args_for(&layout.out_dir))?;
        if !undisturbed.success() {
            results.findings.add(
                &label,
                "fails with room to spare",
                format!(
                    "{} free: {} {}",
                    volume.available()? / 1024,
                    undisturbed.describe(),
                    undisturbed.stderr.trim()
                ),
            );
            return Ok(0);
        }
        let need = volume.used()?.saturating_sub(used).max(64 * 1024);
        let mut tally = Tally::new(label.clone(), need);
        let levels = if context.free.is_empty() {
            scenario::levels(need, rng)
        } else {
            context.free.clone()
        };
        for &level in &levels {
            let old = (op.output.is_some() && rng.coin())
                .then(|| format!("previous content, level {level}\n").into_bytes());
            let snapshot = (context.keep && results.kept < KEPT_FAILURES)
                .then(|| context.work.join("snapshot"));
            let setup = Setup {
                label: &label,
                placement: scenario.placement,
                level,
                old,
                snapshot: snapshot.clone(),
            };
            let before = results.findings.len();
            let figures = run_once(
                &context.bin,
                op,
                expected,
                &layout,
                volume,
                &setup,
                &mut results.findings,
            )
            .with_context(|| format!("{label} at {level} bytes free"))?;
            tally.add(&figures);
            if let Some(message) = figures.message {
                results.messages.add(op.name, message);
            }
            if let Some(snapshot) = snapshot {
                let name = format!("{label} {level}").replace(|c: char| !c.is_alphanumeric(), "_");
                keep_or_drop(
                    &snapshot,
                    &context.work.join("failures").join(name),
                    results.findings.len() > before,
                    results,
                )?;
            }
        }
        results.tallies.push(tally);
        Ok(levels.len())
    }

    /// Moves a failing run's snapshot to `kept`, or removes it.
    fn keep_or_drop(
        snapshot: &Path,
        kept: &Path,
        failed: bool,
        results: &mut Results,
    ) -> Result<()> {
        if failed {
            if let Some(folder) = kept.parent() {
                std::fs::create_dir_all(folder)?;
            }
            std::fs::rename(snapshot, kept)?;
            results.kept += 1;
        } else if snapshot.exists() {
            std::fs::remove_dir_all(snapshot)?;
        }
        Ok(())
    }
}
