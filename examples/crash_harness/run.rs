//! One crash run: a fresh copy of the prepared database, the operation started and killed with
//! SIGKILL after a random delay, then every check — integrity, `check`, all-or-nothing state,
//! the export's target, leftover temporary files now and after the next successful run.

use std::fs;
use std::path::Path;
use std::time::{Duration, SystemTime};

use anyhow::Result;

use crate::kit::binary::{Binary, Finished};
use crate::kit::calibrate::Expected;
use crate::kit::findings::Findings;
use crate::kit::layout::Layout;
use crate::kit::ops::Op;
use crate::kit::outputs::{self, Judged};
use crate::kit::state::{self, Verdict};
use crate::kit::temps::Leftovers;
use crate::tally::RunFigures;

/// How one run is disturbed.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The run's number.
    pub index: usize,
    /// When SIGKILL is sent, after the start.
    pub delay: Duration,
    /// Whether the database looks backed up within the hour (no start-up backup).
    pub recent_backup: bool,
    /// For an export: the content placed at the target before the run, if any.
    pub old: Option<Vec<u8>>,
    /// How much later than the killed run the next run comes: the temporary files left and
    /// everything in `backups/` are dated back by this much before it.
    pub next_run_after: Duration,
}

impl Plan {
    /// The run's parameters in one line, for a finding.
    fn describe(&self, finished: &Finished) -> String {
        format!(
            "run {}: SIGKILL at {:.3} ms ({}), start-up backup {}, {}; {}",
            self.index,
            self.delay.as_secs_f64() * 1000.0,
            if finished.killed {
                "while running"
            } else {
                "after it ended"
            },
            if self.recent_backup {
                "skipped"
            } else {
                "made"
            },
            if self.old.is_some() {
                "previous file at the target"
            } else {
                "no previous file"
            },
            finished.describe()
        )
    }
}

/// Runs `op` once as `plan` says, records failures in `findings`, and returns the figures. With
/// `snapshot`, the run's folders are copied there as the kill left them.
pub fn run_once(
    bin: &Binary,
    op: &Op,
    expected: &Expected,
    layout: &Layout,
    plan: &Plan,
    snapshot: Option<&Path>,
    findings: &mut Findings,
) -> Result<RunFigures> {
    layout.prepare(op, plan.recent_backup)?;
    let db = layout.db();
    let target = op.target(&layout.out_dir);
    if let (Some(target), Some(old)) = (&target, &plan.old) {
        fs::write(target, old)?;
    }
    let finished = bin
        .spawn(Some(&db), &op.args_for(&layout.out_dir))?
        .finish(Some(plan.delay))?;
    if let Some(snapshot) = snapshot {
        layout.snapshot(snapshot)?;
    }
    let about = plan.describe(&finished);
    if finished.hung {
        findings.add(
            op.name,
            "hung",
            format!("{about}\nran past the time limit and was killed"),
        );
    }
    let failed_alone = !finished.killed && !finished.success();
    if failed_alone {
        findings.add(
            op.name,
            "failed without being killed",
            format!("{about}\nstderr: {}", finished.stderr.trim()),
        );
    }
    let left = Leftovers::find(&layout.out_dir, &layout.db_dir);
    if !plan.next_run_after.is_zero() {
        date_back(layout, &left, plan.next_run_after)?;
    }

    let integrity_failed = match state::integrity(&db) {
        Ok(()) => false,
        Err(lines) => {
            findings.add(op.name, "integrity_check", format!("{about}\n{lines}"));
            true
        }
    };
    let checked = state::check(bin, &db)?;
    let check_failed = !checked.success();
    if check_failed {
        findings.add(
            op.name,
            "check subcommand",
            format!("{about}\n{}", checked.stderr.trim()),
        );
    }
    let (verdict, found) = state::judge(bin, &db, &expected.before, &expected.after);
    let states = state::briefs(&expected.before, &expected.after, found.as_ref());
    judge_state(op, &verdict, &finished, &about, &states, findings);

    let mut output = None;
    if let (Some(target), Some(spec)) = (&target, &expected.output) {
        let judged = outputs::judge(bin, spec, target, plan.old.as_deref());
        if let Judged::Bad(reason) = &judged {
            findings.add(op.name, "bad output", format!("{about}\n{reason}"));
        } else if finished.success() && judged != Judged::New {
            findings.add(
                op.name,
                "exit 0 without a new output",
                format!("{about}\nfound: {}", judged.label()),
            );
        }
        output = Some(judged);
        // The next successful run of the same export, which should clean up after the killed
        // one.
        let next = bin.run(Some(&db), &op.args_for(&layout.out_dir))?;
        if !next.success() {
            findings.add(
                op.name,
                "next run failed",
                format!(
                    "{about}\nnext run: {} {}",
                    next.describe(),
                    next.stderr.trim()
                ),
            );
        } else if let Err(reason) = outputs::validate(bin, spec, target) {
            findings.add(op.name, "next run wrote a bad output", reason);
        }
    }
    // For an operation that only writes the database, `check` and `summary` above were the next
    // runs to open it.
    let after_next = Leftovers::find(&layout.out_dir, &layout.db_dir);
    if after_next.count() > 0 {
        findings.add(
            op.name,
            "temporary files left after the next run",
            format!(
                "{about}\nafter the killed run: {}\nafter the next run: {}",
                left.describe(),
                after_next.describe()
            ),
        );
    }
    Ok(RunFigures {
        killed: finished.killed,
        failed_alone,
        verdict,
        integrity_failed,
        check_failed,
        output,
        temps_after_kill: left.count(),
        stale_beside: after_next.beside.len(),
        stale_backups: after_next.backups.len(),
    })
}

/// Dates back the temporary files `left` and every file in `backups/` by `age`, as if the
/// next run came that much later (a backup older than an hour is no longer recent, and a
/// temporary file untouched for so long is abandoned).
fn date_back(layout: &Layout, left: &Leftovers, age: Duration) -> Result<()> {
    let then = SystemTime::now() - age;
    let backups = layout.db_dir.join("backups");
    let mut files: Vec<_> = left
        .beside
        .iter()
        .flat_map(|name| [layout.out_dir.join(name), layout.db_dir.join(name)])
        .filter(|path| path.is_file())
        .collect();
    if let Ok(entries) = fs::read_dir(&backups) {
        files.extend(entries.filter_map(Result::ok).map(|entry| entry.path()));
    }
    for path in files {
        fs::File::options()
            .write(true)
            .open(&path)?
            .set_modified(then)?;
    }
    Ok(())
}

/// Records a state that is neither before nor after, and a run that ended by itself in the
/// wrong one.
fn judge_state(
    op: &Op,
    verdict: &Verdict,
    finished: &Finished,
    about: &str,
    states: &str,
    findings: &mut Findings,
) {
    match verdict {
        Verdict::Partial(difference) => findings.add(
            op.name,
            "partial state",
            format!("{about}\n{difference}\n{states}"),
        ),
        Verdict::Before if finished.success() && op.writes_database() => findings.add(
            op.name,
            "exit 0 but nothing written",
            format!("{about}\n{states}"),
        ),
        Verdict::After if !finished.killed && !finished.success() => findings.add(
            op.name,
            "failure reported but committed",
            format!("{about}\nstderr: {}\n{states}", finished.stderr.trim()),
        ),
        _ => {}
    }
}
