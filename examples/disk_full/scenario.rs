//! The scenarios: an operation with its database or its output on the small volume, and the
//! fill levels at which each is run.

use std::path::Path;

use anyhow::Result;

use crate::kit::layout::Layout;
use crate::kit::ops::Op;
use crate::kit::rng::SplitMix64;

/// What sits on the small volume.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// The database, looking backed up within the hour: the operation itself meets the full
    /// disk.
    Db,
    /// The database, with the start-up backup still to make in `backups/` on the same volume.
    DbAndBackup,
    /// The export's target (the database is elsewhere).
    Out,
}

impl Placement {
    /// A short name for the figures.
    pub fn label(self) -> &'static str {
        match self {
            Self::Db => "db",
            Self::DbAndBackup => "db+backup",
            Self::Out => "out",
        }
    }

    /// Whether the database looks backed up within the hour.
    pub fn recent_backup(self) -> bool {
        self != Self::DbAndBackup
    }

    /// The folders of a run: on the volume (`volume`) what this placement puts there, the rest
    /// in `local`.
    pub fn layout(self, volume: &Path, local: &Path) -> Result<Layout> {
        let on = |name: &str, here: bool| {
            if here {
                volume.join(name)
            } else {
                local.join(name)
            }
        };
        Layout::new(&on("db", self != Self::Out), &on("out", self == Self::Out))
    }
}

/// An operation in a placement.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// Index of the operation in the harness's list.
    pub op: usize,
    /// What is on the volume.
    pub placement: Placement,
}

impl Scenario {
    /// `name @placement`.
    pub fn label(&self, ops: &[Op]) -> String {
        format!("{} @{}", ops[self.op].name, self.placement.label())
    }
}

/// The scenarios for `ops`: an operation that writes the database with it on the volume, with
/// and without the start-up backup; an export with its target on the volume, and with the
/// database (and its start-up backup) there.
pub fn scenarios(ops: &[Op]) -> Vec<Scenario> {
    let mut all = Vec::new();
    for (index, op) in ops.iter().enumerate() {
        let placements: &[Placement] = if op.writes_database() {
            &[Placement::Db, Placement::DbAndBackup]
        } else {
            &[Placement::Out, Placement::DbAndBackup]
        };
        for &placement in placements {
            all.push(Scenario {
                op: index,
                placement,
            });
        }
    }
    all
}

/// The fill levels, in thousandths of what the undisturbed run added to the volume.
const PER_MILLE: [u64; 16] = [
    0, 20, 50, 100, 200, 350, 500, 650, 800, 900, 1000, 1100, 1250, 1500, 2000, 3000,
];

/// The free space to leave for each run of a scenario whose undisturbed run added `need`
/// bytes: [`PER_MILLE`] of it, each but the first moved by up to ±3 % at random so that runs do
/// not all stop on block boundaries.
pub fn levels(need: u64, rng: &mut SplitMix64) -> Vec<u64> {
    PER_MILLE
        .iter()
        .map(|&per_mille| {
            let jittered = per_mille * (970 + rng.below(61));
            need.saturating_mul(jittered) / 1_000_000
        })
        .collect()
}
