//! Undisturbed runs of an operation, which give what every disturbed run is judged against:
//! the state before, the state after, how long the operation takes and what its output looks
//! like.

use std::time::Duration;

use anyhow::{Context, Result, bail};

use super::binary::Binary;
use super::layout::Layout;
use super::ops::Op;
use super::outputs::{self, OutputSpec};
use super::state::{self, DbState};

/// How many undisturbed runs calibrate an operation (half of them with the start-up backup).
const CALIBRATION_RUNS: usize = 6;

/// What an operation does when nothing disturbs it.
#[derive(Debug, Clone)]
pub struct Expected {
    /// The state of the prepared database (after `check` and `summary`, as in every run).
    pub before: DbState,
    /// The state after a complete run (equal to `before` for an export).
    pub after: DbState,
    /// The median undisturbed run with a start-up backup (`[0]`) and without one (`[1]`, the
    /// database looked backed up within the hour).
    pub durations: [Duration; 2],
    /// For an export: what a complete output looks like.
    pub output: Option<OutputSpec>,
}

/// Runs `op` undisturbed in `layout`: once to read the state before, then
/// [`CALIBRATION_RUNS`] times, alternately with and without a start-up backup, checking that every run ends
/// in the same state and writes a valid output.
pub fn calibrate(bin: &Binary, op: &Op, layout: &Layout) -> Result<Expected> {
    layout.prepare(op, false)?;
    let db = layout.db();
    let checked = state::check(bin, &db)?;
    if !checked.success() {
        bail!("check fails on the prepared database: {}", checked.stderr);
    }
    let before = state::read(bin, &db)?;

    let mut after: Option<DbState> = None;
    let mut output = None;
    let mut timings: [Vec<Duration>; 2] = [Vec::new(), Vec::new()];
    for run in 0..CALIBRATION_RUNS {
        let recent_backup = run % 2 == 1;
        layout.prepare(op, recent_backup)?;
        let finished = bin.run_ok(Some(&db), &op.args_for(&layout.out_dir))?;
        timings[usize::from(recent_backup)].push(finished.elapsed);
        let checked = state::check(bin, &db)?;
        if !checked.success() {
            bail!(
                "check fails after an undisturbed {}: {}",
                op.name,
                checked.stderr
            );
        }
        let found = state::read(bin, &db)?;
        if let Some(expected) = &after {
            if &found != expected {
                bail!(
                    "two undisturbed runs of {} ended differently: {}",
                    op.name,
                    state::difference(&found, expected)
                );
            }
        } else {
            after = Some(found);
        }
        if let (Some((kind, _)), Some(target)) = (op.output, op.target(&layout.out_dir)) {
            let spec = match output.take() {
                Some(spec) => {
                    outputs::validate(bin, &spec, &target)
                        .map_err(anyhow::Error::msg)
                        .with_context(|| format!("undisturbed {}", op.name))?;
                    spec
                }
                None => outputs::learn(bin, kind, &target)?,
            };
            output = Some(spec);
        }
    }
    let after = after.context("no calibration run")?;
    if !op.writes_database() && after != before {
        bail!(
            "{} changed the database: {}",
            op.name,
            state::difference(&after, &before)
        );
    }
    if op.writes_database() && after == before {
        bail!("{} did not change the database", op.name);
    }
    let durations = timings.map(|mut runs| {
        runs.sort();
        runs.get(runs.len() / 2).copied().unwrap_or_default()
    });
    Ok(Expected {
        before,
        after,
        durations,
        output,
    })
}

impl Expected {
    /// The longer of the two medians.
    pub fn duration(&self) -> Duration {
        self.durations[0].max(self.durations[1])
    }
}
