//! The figures of a disk-full run, per scenario and file system, and the failure messages by
//! kind.

use std::collections::BTreeMap;

use crate::kit::state::Verdict;
use crate::run::{Ending, RunFigures};

/// The figures of one scenario on one file system.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    /// `scenario fs`.
    pub name: String,
    /// What the undisturbed run added to the volume.
    pub need: u64,
    runs: usize,
    success: usize,
    failed: usize,
    crashed: usize,
    before: usize,
    after: usize,
    partial: usize,
    misreported: usize,
    lost: usize,
    damaged: usize,
    outputs: [usize; 4],
    english: usize,
    temps_left: usize,
    temps_after_next: usize,
    least_free_success: Option<u64>,
    most_free_failure: Option<u64>,
}

impl Tally {
    /// An empty tally.
    pub fn new(name: String, need: u64) -> Self {
        Self {
            name,
            need,
            ..Self::default()
        }
    }

    /// Counts one run.
    pub fn add(&mut self, run: &RunFigures) {
        self.runs += 1;
        match run.ending {
            Ending::Success => {
                self.success += 1;
                self.least_free_success = Some(
                    self.least_free_success
                        .map_or(run.free, |f| f.min(run.free)),
                );
            }
            Ending::Failed | Ending::Crashed => {
                if run.ending == Ending::Failed {
                    self.failed += 1;
                } else {
                    self.crashed += 1;
                }
                self.most_free_failure =
                    Some(self.most_free_failure.map_or(run.free, |f| f.max(run.free)));
            }
        }
        match run.verdict {
            Verdict::Before => self.before += 1,
            Verdict::After => self.after += 1,
            Verdict::Partial(_) => self.partial += 1,
        }
        self.misreported += usize::from(run.misreported);
        self.lost += usize::from(run.lost);
        self.damaged += usize::from(run.damaged);
        if let Some(judged) = &run.output {
            self.outputs[judged.slot()] += 1;
        }
        self.english += usize::from(run.english);
        self.temps_left += usize::from(run.temps_left > 0);
        self.temps_after_next += usize::from(run.temps_after_next > 0);
    }
}

/// Prints one line per tally and a total.
pub fn print(tallies: &[Tally]) {
    println!(
        "{:<38} {:>8} {:>4} {:>4} {:>4} {:>5} {:>6} {:>5} {:>7} {:>6} {:>4} {:>5} {:>15} {:>4} {:>5} {:>5} {:>9} {:>9}",
        "scenario",
        "need KiB",
        "runs",
        "ok",
        "fail",
        "crash",
        "before",
        "after",
        "partial",
        "misrep",
        "lost",
        "dmg",
        "out a/o/n/bad",
        "engl",
        "tmp",
        "tmp@n",
        "ok≥KiB",
        "fail≤KiB"
    );
    let mut total = Tally::new("total".to_owned(), 0);
    for tally in tallies {
        line(tally);
        total.runs += tally.runs;
        total.success += tally.success;
        total.failed += tally.failed;
        total.crashed += tally.crashed;
        total.before += tally.before;
        total.after += tally.after;
        total.partial += tally.partial;
        total.misreported += tally.misreported;
        total.lost += tally.lost;
        total.damaged += tally.damaged;
        for (mine, theirs) in total.outputs.iter_mut().zip(tally.outputs) {
            *mine += theirs;
        }
        total.english += tally.english;
        total.temps_left += tally.temps_left;
        total.temps_after_next += tally.temps_after_next;
    }
    line(&total);
}

fn line(tally: &Tally) {
    let kib = |bytes: Option<u64>| bytes.map_or_else(|| "-".to_owned(), |b| (b / 1024).to_string());
    println!(
        "{:<38} {:>8} {:>4} {:>4} {:>4} {:>5} {:>6} {:>5} {:>7} {:>6} {:>4} {:>5} {:>15} {:>4} {:>5} {:>5} {:>9} {:>9}",
        tally.name,
        tally.need / 1024,
        tally.runs,
        tally.success,
        tally.failed,
        tally.crashed,
        tally.before,
        tally.after,
        tally.partial,
        tally.misreported,
        tally.lost,
        tally.damaged,
        format!(
            "{}/{}/{}/{}",
            tally.outputs[0], tally.outputs[1], tally.outputs[2], tally.outputs[3]
        ),
        tally.english,
        tally.temps_left,
        tally.temps_after_next,
        kib(tally.least_free_success),
        kib(tally.most_free_failure)
    );
}

/// Failure messages (numbers and folders taken out) and how often each was seen, per
/// operation.
#[derive(Debug, Default)]
pub struct Messages {
    seen: BTreeMap<(String, String), usize>,
}

impl Messages {
    /// Counts `message` for `op`.
    pub fn add(&mut self, op: &str, message: String) {
        *self.seen.entry((op.to_owned(), message)).or_default() += 1;
    }

    /// Prints them, most frequent first within each operation.
    pub fn print(&self) {
        println!("Failures by kind (exit non-zero; numbers shown as #):");
        let mut by_op: BTreeMap<&str, Vec<(&str, usize)>> = BTreeMap::new();
        for ((op, message), count) in &self.seen {
            by_op.entry(op).or_default().push((message, *count));
        }
        for (op, mut messages) in by_op {
            messages.sort_by_key(|&(_, count)| std::cmp::Reverse(count));
            println!("  {op}:");
            for (message, count) in messages {
                println!("    {count:>4} × {message}");
            }
        }
    }
}
