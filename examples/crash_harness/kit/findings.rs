//! Failures found, kept with enough detail to reproduce them and printed grouped by operation
//! and kind at the end.

use std::collections::BTreeMap;

/// One failure.
#[derive(Debug, Clone)]
pub struct Finding {
    /// The operation (and, for the disk-full harness, the scenario).
    pub op: String,
    /// What kind of failure, e.g. `partial state`.
    pub kind: &'static str,
    /// The run's parameters and what was found.
    pub detail: String,
}

/// All failures of a harness run.
#[derive(Debug, Default)]
pub struct Findings {
    list: Vec<Finding>,
}

impl Findings {
    /// Records a failure.
    pub fn add(&mut self, op: &str, kind: &'static str, detail: String) {
        self.list.push(Finding {
            op: op.to_owned(),
            kind,
            detail,
        });
    }

    /// How many failures.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Prints every group (operation, kind) with its count and up to `examples` details.
    pub fn print(&self, examples: usize) {
        if self.list.is_empty() {
            println!("No failures.");
            return;
        }
        let mut groups: BTreeMap<(&str, &str), Vec<&Finding>> = BTreeMap::new();
        for found in &self.list {
            groups
                .entry((found.op.as_str(), found.kind))
                .or_default()
                .push(found);
        }
        println!("Failures ({} in all):", self.list.len());
        for ((op, kind), found) in groups {
            println!("  {op} — {kind}: {}", found.len());
            for one in found.iter().take(examples) {
                for (index, line) in one.detail.lines().enumerate() {
                    let lead = if index == 0 { "    - " } else { "      " };
                    println!("{lead}{line}");
                }
            }
            if found.len() > examples {
                println!("    … and {} more", found.len() - examples);
            }
        }
    }
}
