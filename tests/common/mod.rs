//! Shared helpers for the integration tests: the fixtures (also used by the UI tests) and a way
//! to run the command line.

// Each test file uses its own subset of these helpers.
#![allow(dead_code, clippy::expect_used)]

pub mod bundle_zip;
pub mod cli;
mod fixtures;
pub mod ledger;
pub mod minisign_text;

pub use fixtures::*;
