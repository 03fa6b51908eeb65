//! One disk-full run: a fresh copy of the prepared database, the volume filled to the level,
//! the operation run to its end, then the volume emptied of filler and every check made — the
//! exit code against the database's state (a failure must change nothing, a success must be
//! complete), integrity, `check`, the export's target, the messages on stderr, temporary files.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::kit::binary::{Binary, Finished};
use crate::kit::calibrate::Expected;
use crate::kit::findings::Findings;
use crate::kit::layout::Layout;
use crate::kit::ops::Op;
use crate::kit::outputs::{self, Judged};
use crate::kit::state::{self, Verdict};
use crate::kit::temps::Leftovers;
use crate::scenario::Placement;
use crate::volume::Volume;

/// How one run is set up.
#[derive(Debug, Clone)]
pub struct Setup<'a> {
    /// The scenario's label, for findings.
    pub label: &'a str,
    /// Where the database and the output go, and whether the start-up backup is still to make.
    pub placement: Placement,
    /// The free space to leave on the volume.
    pub level: u64,
    /// For an export: the content placed at the target before the run, if any.
    pub old: Option<Vec<u8>>,
    /// Where to copy the run's folders as the run left them (with the filler removed).
    pub snapshot: Option<PathBuf>,
}

/// How a run ended, as the tally counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Ending {
    /// Exit 0.
    Success,
    /// Exit 1: refused or failed with a message.
    Failed,
    /// Any other end: exit 2, a panic (101), an abort (134), a signal, a hang.
    Crashed,
}

/// What happened to one run.
#[derive(Debug, Clone)]
pub struct RunFigures {
    /// How it ended.
    pub ending: Ending,
    /// The free space left before it ran.
    pub free: u64,
    /// The database's state.
    pub verdict: Verdict,
    /// Exit non-zero although the change was made.
    pub misreported: bool,
    /// Exit 0 although nothing was changed.
    pub lost: bool,
    /// `PRAGMA integrity_check` or `check` failed.
    pub damaged: bool,
    /// The export's target.
    pub output: Option<Judged>,
    /// A stderr line without a Chinese character.
    pub english: bool,
    /// Temporary files left right after the run (no run is killed here, so any is a leak).
    pub temps_left: usize,
    /// Temporary files left after the next successful run.
    pub temps_after_next: usize,
    /// For an exit other than 0: the message with numbers and paths taken out.
    pub message: Option<String>,
}

/// Runs `op` once on `volume` filled to `setup.level`, records failures and returns the figures.
pub fn run_once(
    bin: &Binary,
    op: &Op,
    expected: &Expected,
    layout: &Layout,
    volume: &mut Volume,
    setup: &Setup<'_>,
    findings: &mut Findings,
) -> Result<RunFigures> {
    volume.unfill()?;
    layout.prepare(op, setup.placement.recent_backup())?;
    let db = layout.db();
    let target = op.target(&layout.out_dir);
    if let (Some(target), Some(old)) = (&target, &setup.old) {
        fs::write(target, old)?;
    }
    let free = volume.fill_to(setup.level)?;
    let finished = bin.run(Some(&db), &op.args_for(&layout.out_dir))?;
    let left = Leftovers::find(&layout.out_dir, &layout.db_dir);
    volume.unfill()?;
    if let Some(snapshot) = &setup.snapshot {
        layout.snapshot(snapshot)?;
    }

    let about = format!(
        "{} on {}, {} KiB free (level {} KiB), {}: {}\nstderr: {}",
        setup.label,
        volume.kind,
        free / 1024,
        setup.level / 1024,
        if setup.old.is_some() {
            "previous file at the target"
        } else {
            "no previous file"
        },
        finished.describe(),
        one_line(&finished.stderr)
    );
    let ending = ending(&finished);
    if ending == Ending::Crashed {
        findings.add(setup.label, "crash (not exit 0 or 1)", about.clone());
    }
    let english = english_lines(&finished.stderr);
    if !english.is_empty() {
        findings.add(
            setup.label,
            "message without Chinese",
            format!("{about}\nlines: {}", english.join(" | ")),
        );
    }
    if ending == Ending::Failed && english_reason_only(&finished.stderr) {
        findings.add(
            setup.label,
            "reason given only in SQLite's English",
            about.clone(),
        );
    }
    if left.count() > 0 {
        findings.add(
            setup.label,
            "temporary files left by the run",
            format!("{about}\n{}", left.describe()),
        );
    }

    let mut damaged = false;
    if let Err(lines) = state::integrity(&db) {
        findings.add(setup.label, "integrity_check", format!("{about}\n{lines}"));
        damaged = true;
    }
    let checked = state::check(bin, &db)?;
    if !checked.success() {
        findings.add(
            setup.label,
            "check subcommand",
            format!("{about}\n{}", checked.stderr.trim()),
        );
        damaged = true;
    }
    if !damaged && finished.stderr.contains("已损坏") {
        findings.add(
            setup.label,
            "full disk reported as a damaged database",
            format!("{about}\n(integrity_check and check pass once there is room again)"),
        );
    }
    let (verdict, found) = state::judge(bin, &db, &expected.before, &expected.after);
    let states = state::briefs(&expected.before, &expected.after, found.as_ref());
    let success = ending == Ending::Success;
    let misreported = !success && verdict == Verdict::After && op.writes_database();
    let lost = success && verdict == Verdict::Before && op.writes_database();
    if misreported {
        findings.add(
            setup.label,
            "misreported commit",
            format!("{about}\n{states}"),
        );
    }
    if lost {
        findings.add(
            setup.label,
            "exit 0 but nothing written",
            format!("{about}\n{states}"),
        );
    }
    if let Verdict::Partial(difference) = &verdict {
        findings.add(
            setup.label,
            "partial state",
            format!("{about}\n{difference}\n{states}"),
        );
    }

    let output = match (&target, &expected.output) {
        (Some(target), Some(spec)) => Some(judge_output(
            bin, op, layout, target, spec, setup, success, &about, findings,
        )?),
        _ => None,
    };
    let after_next = Leftovers::find(&layout.out_dir, &layout.db_dir);
    if after_next.count() > 0 {
        findings.add(
            setup.label,
            "temporary files left after the next run",
            format!("{about}\n{}", after_next.describe()),
        );
    }
    let message = (!success).then(|| normalise(&finished.stderr, layout));
    Ok(RunFigures {
        ending,
        free,
        verdict,
        misreported,
        lost,
        damaged,
        output,
        english: !english.is_empty(),
        temps_left: left.count(),
        temps_after_next: after_next.count(),
        message,
    })
}

/// Judges an export's target, then runs the export again with room to spare (the next
/// successful run, which must also clean up).
#[allow(clippy::too_many_arguments)]
fn judge_output(
    bin: &Binary,
    op: &Op,
    layout: &Layout,
    target: &Path,
    spec: &outputs::OutputSpec,
    setup: &Setup<'_>,
    success: bool,
    about: &str,
    findings: &mut Findings,
) -> Result<Judged> {
    let judged = outputs::judge(bin, spec, target, setup.old.as_deref());
    match &judged {
        Judged::Bad(reason) => {
            findings.add(setup.label, "bad output", format!("{about}\n{reason}"));
        }
        Judged::New if !success => findings.add(
            setup.label,
            "failure reported but the new file replaced the target",
            about.to_owned(),
        ),
        Judged::Absent | Judged::Old if success => findings.add(
            setup.label,
            "exit 0 without a new output",
            format!("{about}\nfound: {}", judged.label()),
        ),
        _ => {}
    }
    let next = bin.run(Some(&layout.db()), &op.args_for(&layout.out_dir))?;
    if !next.success() {
        findings.add(
            setup.label,
            "next run failed",
            format!(
                "{about}\nnext run: {} {}",
                next.describe(),
                next.stderr.trim()
            ),
        );
    } else if let Err(reason) = outputs::validate(bin, spec, target) {
        findings.add(setup.label, "next run wrote a bad output", reason);
    }
    Ok(judged)
}

fn ending(finished: &Finished) -> Ending {
    match finished.status.code() {
        Some(0) if !finished.hung => Ending::Success,
        Some(1) if !finished.hung => Ending::Failed,
        _ => Ending::Crashed,
    }
}

/// Stderr lines that have no Chinese character in them or begin with English words (such as
/// `ZipWriter::drop: failed to finalize archive: …` printed before the program's own message).
fn english_lines(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .map(str::trim)
        .filter(|line| {
            !line.is_empty()
                && (!line.chars().any(is_chinese)
                    || line.chars().next().is_some_and(|c| c.is_ascii_alphabetic()))
        })
        .map(str::to_owned)
        .collect()
}

/// Whether a failure's only reason is SQLite's English text (`database or disk is full`,
/// `disk I/O error`) with no Chinese word for what happened (空间, 磁盘).
fn english_reason_only(stderr: &str) -> bool {
    let sqlite = ["database or disk is full", "disk I/O error"];
    sqlite.iter().any(|text| stderr.contains(text))
        && !stderr.contains("空间")
        && !stderr.contains("磁盘")
}

fn is_chinese(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303f}' | '\u{3400}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}')
}

/// The message of a failed run with the run's folders, numbers and line breaks taken out, so
/// that runs failing for the same reason count together.
fn normalise(stderr: &str, layout: &Layout) -> String {
    let mut text = one_line(stderr);
    for (dir, name) in [(&layout.db_dir, "<db>"), (&layout.out_dir, "<out>")] {
        text = text.replace(&dir.display().to_string(), name);
    }
    let mut normal = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            if !normal.ends_with('#') {
                normal.push('#');
            }
        } else {
            normal.push(c);
        }
    }
    normal.chars().take(200).collect()
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
