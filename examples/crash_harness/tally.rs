//! The figures of a crash run, per operation, printed as a table at the end.

use std::time::Duration;

use crate::kit::outputs::Judged;
use crate::kit::state::Verdict;

/// What happened to one run, as the tally counts it.
#[derive(Debug, Clone)]
pub struct RunFigures {
    /// SIGKILL arrived while it ran.
    pub killed: bool,
    /// It ended by itself with a code other than 0.
    pub failed_alone: bool,
    /// The database's state.
    pub verdict: Verdict,
    /// `PRAGMA integrity_check` was not `ok`.
    pub integrity_failed: bool,
    /// The `check` subcommand failed.
    pub check_failed: bool,
    /// The export's target, judged.
    pub output: Option<Judged>,
    /// Temporary files right after the run.
    pub temps_after_kill: usize,
    /// Temporary files beside the target (or the database) after the next successful run.
    pub stale_beside: usize,
    /// Temporary files in `backups/` after the next successful run.
    pub stale_backups: usize,
}

/// The figures of one operation.
#[derive(Debug, Clone, Default)]
pub struct OpTally {
    /// The operation.
    pub name: String,
    /// Its undisturbed duration.
    pub duration: Duration,
    runs: usize,
    killed: usize,
    finished: usize,
    failed_alone: usize,
    before: usize,
    after: usize,
    partial: usize,
    integrity: usize,
    check: usize,
    outputs: [usize; 4],
    temps_after_kill: usize,
    temps_after_next: usize,
    stale_beside: usize,
    stale_backups: usize,
}

impl OpTally {
    /// An empty tally for `name`.
    pub fn new(name: &str, duration: Duration) -> Self {
        Self {
            name: name.to_owned(),
            duration,
            ..Self::default()
        }
    }

    /// Counts one run.
    pub fn add(&mut self, run: &RunFigures) {
        self.runs += 1;
        if run.killed {
            self.killed += 1;
        } else {
            self.finished += 1;
        }
        self.failed_alone += usize::from(run.failed_alone);
        match run.verdict {
            Verdict::Before => self.before += 1,
            Verdict::After => self.after += 1,
            Verdict::Partial(_) => self.partial += 1,
        }
        self.integrity += usize::from(run.integrity_failed);
        self.check += usize::from(run.check_failed);
        if let Some(judged) = &run.output {
            self.outputs[judged.slot()] += 1;
        }
        self.temps_after_kill += usize::from(run.temps_after_kill > 0);
        self.temps_after_next += usize::from(run.stale_beside + run.stale_backups > 0);
        self.stale_beside += run.stale_beside;
        self.stale_backups += run.stale_backups;
    }

    /// Adds another tally's counts (for the total line).
    fn merge(&mut self, other: &Self) {
        self.runs += other.runs;
        self.killed += other.killed;
        self.finished += other.finished;
        self.failed_alone += other.failed_alone;
        self.before += other.before;
        self.after += other.after;
        self.partial += other.partial;
        self.integrity += other.integrity;
        self.check += other.check;
        for (mine, theirs) in self.outputs.iter_mut().zip(other.outputs) {
            *mine += theirs;
        }
        self.temps_after_kill += other.temps_after_kill;
        self.temps_after_next += other.temps_after_next;
        self.stale_beside += other.stale_beside;
        self.stale_backups += other.stale_backups;
    }
}

/// Prints the table: one line per operation and a total.
pub fn print(tallies: &[OpTally]) {
    println!(
        "{:<26} {:>7} {:>5} {:>6} {:>6} {:>4} {:>6} {:>6} {:>7} {:>5} {:>5} {:>19} {:>9} {:>9} {:>6} {:>6}",
        "operation",
        "time ms",
        "runs",
        "killed",
        "ended",
        "fail",
        "before",
        "after",
        "partial",
        "integ",
        "check",
        "out abs/old/new/bad",
        "tmp@kill",
        "tmp@next",
        "stale",
        "st.bak"
    );
    let mut total = OpTally::new("total", Duration::ZERO);
    for tally in tallies {
        line(tally, true);
        total.merge(tally);
    }
    line(&total, false);
}

fn line(tally: &OpTally, with_time: bool) {
    let outputs = format!(
        "{}/{}/{}/{}",
        tally.outputs[0], tally.outputs[1], tally.outputs[2], tally.outputs[3]
    );
    let time = if with_time {
        format!("{:.0}", tally.duration.as_secs_f64() * 1000.0)
    } else {
        String::new()
    };
    println!(
        "{:<26} {:>7} {:>5} {:>6} {:>6} {:>4} {:>6} {:>6} {:>7} {:>5} {:>5} {:>19} {:>9} {:>9} {:>6} {:>6}",
        tally.name,
        time,
        tally.runs,
        tally.killed,
        tally.finished,
        tally.failed_alone,
        tally.before,
        tally.after,
        tally.partial,
        tally.integrity,
        tally.check,
        outputs,
        tally.temps_after_kill,
        tally.temps_after_next,
        tally.stale_beside,
        tally.stale_backups
    );
}
