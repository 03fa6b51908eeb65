//! What the two reliability harnesses share (`crash_harness` owns these files; `disk_full`
//! includes them with `#[path]`): the binary under test, the fixtures, the operations, the
//! checks of database state, outputs and leftover temporary files, and seeded randomness.

pub mod binary;
pub mod calibrate;
pub mod findings;
pub mod fixtures;
pub mod layout;
pub mod ops;
pub mod outputs;
pub mod rng;
pub mod state;
pub mod temps;
