//! Running the real `zhenggai` binary from integration tests: exit code, stdout and stderr, and
//! the usual databases (fresh, initialised, with demo data).

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use tempfile::TempDir;

use super::assert_chinese;

/// The unit every test sets up.
pub const UNIT: &str = "市行政审批局";

/// A fixed day for the demo data, so two runs lay out the same dates whatever the clock says.
pub const DEMO_TODAY: &str = "2026-06-15";

/// What one run of the binary did.
#[derive(Debug)]
pub struct Ran {
    /// The exit code (`None` if killed by a signal).
    pub code: Option<i32>,
    /// What it printed on stdout.
    pub stdout: String,
    /// What it printed on stderr.
    pub stderr: String,
}

impl Ran {
    /// Stdout and stderr together, for messages that may go to either.
    pub fn output(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

/// Runs the binary with exactly `args`.
pub fn run_args(args: &[&std::ffi::OsStr]) -> Ran {
    let output = Command::new(env!("CARGO_BIN_EXE_zhenggai"))
        .args(args)
        .output()
        .expect("run the zhenggai binary");
    Ran {
        code: output.status.code(),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// Runs `zhenggai --db <db> <args>`.
pub fn run(db: &Path, args: &[&str]) -> Ran {
    let mut all: Vec<&std::ffi::OsStr> = vec!["--db".as_ref(), db.as_os_str()];
    all.extend(args.iter().map(std::ffi::OsStr::new));
    run_args(&all)
}

/// Runs `zhenggai --db <db> <args>`, which must succeed; returns its stdout.
pub fn run_ok(db: &Path, args: &[&str]) -> String {
    let ran = run(db, args);
    assert_eq!(
        ran.code,
        Some(0),
        "zhenggai {args:?} failed:\nstdout: {}\nstderr: {}",
        ran.stdout,
        ran.stderr
    );
    ran.stdout
}

/// Runs `zhenggai --db <db> <args>`, which must be refused with exit code 1 and a Chinese
/// message on stderr; returns what it did.
pub fn run_refused(db: &Path, args: &[&str]) -> Ran {
    let ran = run(db, args);
    assert_eq!(
        ran.code,
        Some(1),
        "zhenggai {args:?} should exit 1:\nstdout: {}\nstderr: {}",
        ran.stdout,
        ran.stderr
    );
    assert_chinese(&ran.stderr);
    ran
}

/// `summary --json`, parsed.
pub fn summary_json(db: &Path) -> Value {
    let stdout = run_ok(db, &["summary", "--json"]);
    serde_json::from_str(stdout.trim()).unwrap_or_else(|err| {
        panic!("summary --json printed something that is not JSON ({err}): {stdout}")
    })
}

/// Reads a count out of the summary JSON.
pub fn count(summary: &Value, pointer: &str) -> u64 {
    summary
        .pointer(pointer)
        .and_then(Value::as_u64)
        .unwrap_or_else(|| panic!("summary has no count at {pointer}: {summary}"))
}

/// Removes timestamp-like fields (`…_at`, `at`, `…time…`) at any depth, so two runs made at
/// different moments can be compared. The summary has none today; this keeps the comparison
/// honest if one is added.
pub fn without_timestamps(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(key, _)| key != "at" && !key.ends_with("_at") && !key.contains("time"))
                .map(|(key, value)| (key, without_timestamps(value)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(without_timestamps).collect()),
        other => other,
    }
}

/// A new temporary folder and the database path `t.sqlite` inside it (not yet created).
pub fn fresh_db() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("t.sqlite");
    (dir, path)
}

/// `init --unit 市行政审批局` on a fresh database.
pub fn initialised() -> (TempDir, PathBuf) {
    let (dir, db) = fresh_db();
    run_ok(&db, &["init", "--unit", UNIT]);
    (dir, db)
}

/// `init` then `demo --problems 200 --seed <seed>` on a fresh database.
pub fn with_demo(seed: u64) -> (TempDir, PathBuf) {
    let (dir, db) = initialised();
    let seed = seed.to_string();
    run_ok(
        &db,
        &[
            "demo",
            "--problems",
            "200",
            "--seed",
            &seed,
            "--today",
            DEMO_TODAY,
        ],
    );
    (dir, db)
}
