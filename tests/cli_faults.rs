//! The faults an office PC really meets, tried through the real binary (issue 15): a read-only
//! database, a full disk, a closed pipe, a line break in a name, an export killed half-way and a
//! refused `init`. Each ends in a clear Chinese message or a correct success, never a hang, a
//! panic, or a committed change reported as failed.

// Permissions, mounts, devices and closed pipes are tried the Unix way; the Windows build's
// tests under wine cover the rest.
#![cfg(unix)]
// Helper functions of an integration test crate are test code too, but clippy only exempts
// `#[test]` functions from these lints.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::cli::{Ran, count, fresh_db, run, run_ok, run_refused, summary_json, with_demo};
use common::raw;

const SIGNERS: [&str; 7] = [
    "sign-off",
    "--preparer",
    "李娜",
    "--reviewer",
    "周强",
    "--leader",
    "王建国",
];

/// Runs `program args` to its end or fails the test after `limit`: a hang is a defect, and a
/// hanging test must not stall the suite.
fn run_within(mut command: Command, limit: Duration) -> Ran {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the program");
    let started = Instant::now();
    loop {
        if child.try_wait().expect("wait for the program").is_some() {
            break;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("{command:?} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().expect("collect the output");
    Ran {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Whether the tests run as root, who may write read-only files.
fn running_as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|output| String::from_utf8_lossy(&output.stdout).trim() == "0")
}

/// The binary as a clerk without rights to read-only files: as root, through `setpriv` as the
/// user `nobody` (root writes read-only files regardless); otherwise as the current user.
/// `None` when neither is possible here.
fn as_a_clerk() -> Option<Command> {
    let binary = env!("CARGO_BIN_EXE_zhenggai");
    if !running_as_root() {
        return Some(Command::new(binary));
    }
    // `nobody` must be able to reach and run the binary: a checkout under /root is closed to it.
    let usable = Command::new("setpriv")
        .args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            binary,
            "--version",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    if !usable {
        return None;
    }
    let mut command = Command::new("setpriv");
    command.args(["--reuid=65534", "--regid=65534", "--clear-groups", binary]);
    Some(command)
}

/// Sets `path`'s Unix permission bits.
fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// The names in `folder`, sorted.
fn names_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|entry| entry.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// A database on a write-protected medium (file and folder read-only): every write is refused
/// at once saying the file is read-only, nothing changes (not even a new backup), and reading,
/// printing and exporting still work.
#[test]
fn a_read_only_database_refuses_every_write_at_once_and_still_reads() {
    let Some(_) = as_a_clerk() else {
        println!(
            "skipped: running as root, and the user nobody cannot run the binary through setpriv here"
        );
        return;
    };
    let (dir, db) = with_demo(3);
    let xlsx = dir.path().join("台账.xlsx");
    run_ok(&db, &["export-xlsx", xlsx.to_str().unwrap()]);
    // Today's backup already exists, as after any earlier command.
    let backups = dir.path().join("backups");
    let backup = backups.join(names_in(&backups).first().expect("a start backup"));
    let out = tempfile::tempdir().unwrap();
    chmod(out.path(), 0o777);
    let before = std::fs::read(&db).unwrap();
    let files_before = names_in(dir.path());
    for file in [&db, &xlsx, &backup] {
        chmod(file, 0o444);
    }
    chmod(&backups, 0o555);
    chmod(dir.path(), 0o555);

    let clerk = |args: &[&str]| {
        let mut command = as_a_clerk().unwrap();
        command.arg("--db").arg(&db).args(args);
        run_within(command, Duration::from_mins(1))
    };
    let writes: [&[&str]; 4] = [
        &SIGNERS,
        &["import-xlsx", xlsx.to_str().unwrap()],
        &["restore", backup.to_str().unwrap()],
        &["demo", "--problems", "5"],
    ];
    for args in writes {
        let started = Instant::now();
        let ran = clerk(args);
        assert_eq!(ran.code, Some(1), "{args:?}: {ran:?}");
        assert!(ran.stderr.contains("只读"), "{args:?}: {}", ran.stderr);
        assert!(!ran.stderr.contains("readonly"), "{args:?}: {}", ran.stderr);
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{args:?} took {:?}",
            started.elapsed()
        );
    }
    let summary = clerk(&["summary", "--json"]);
    assert_eq!(summary.code, Some(0), "{summary:?}");
    assert!(summary.stdout.contains("\"problems\":200"), "{summary:?}");
    let pdf = out.path().join("台账.pdf");
    let export = clerk(&["export-pdf", "--kind", "ledger", pdf.to_str().unwrap()]);
    assert_eq!(export.code, Some(0), "{export:?}");
    assert!(pdf.is_file());
    let check = clerk(&["check"]);
    assert_eq!(check.code, Some(0), "{check:?}");

    chmod(dir.path(), 0o755);
    chmod(&backups, 0o755);
    assert_eq!(std::fs::read(&db).unwrap(), before, "the database changed");
    assert_eq!(names_in(dir.path()), files_before, "files appeared or went");
    assert_eq!(names_in(&backups).len(), 1, "a refused write made a backup");
}

/// A line break in a one-line field is refused by `init` with the reason, and the refused
/// `init` leaves no file behind; an empty name likewise.
#[test]
fn init_refuses_a_line_break_in_the_unit_name_and_leaves_no_file() {
    let (dir, db) = fresh_db();
    let ran = run_refused(&db, &["init", "--unit", "市行政\n审批局"]);
    assert!(ran.stderr.contains("换行符"), "{}", ran.stderr);
    assert!(ran.stderr.contains("单位名称"), "{}", ran.stderr);
    let ran = run_refused(&db, &["init", "--unit", "  "]);
    assert!(ran.stderr.contains("单位名称"), "{}", ran.stderr);
    assert!(
        names_in(dir.path()).is_empty(),
        "a refused init left {:?}",
        names_in(dir.path())
    );
    // The aggregate's office name goes through the same rule.
    let ran = run_refused(&db, &["init-aggregate", "--office", "市作风办\t二处"]);
    assert!(ran.stderr.contains("制表符"), "{}", ran.stderr);
    assert!(
        names_in(dir.path()).is_empty(),
        "{:?}",
        names_in(dir.path())
    );
}

/// A unit name with a line break, saved by an older version that did not refuse it, still
/// signs, exports and verifies: the signature's one-line comment escapes it.
#[test]
fn a_unit_name_with_a_line_break_from_an_older_version_still_exports_a_bundle() {
    let (dir, db) = with_demo(5);
    raw(&db)
        .execute(
            "UPDATE unit SET name = '市行政' || char(10) || '审批局'",
            [],
        )
        .unwrap();
    run_ok(&db, &SIGNERS);
    let bundle = dir.path().join("报送.zip");
    run_ok(&db, &["export-bundle", bundle.to_str().unwrap()]);
    let verified = run_ok(&db, &["verify", bundle.to_str().unwrap()]);
    assert!(verified.contains("数据包有效"), "{verified}");
}

/// Temporary files that a killed export left beside its target are removed by the next export
/// of the same file; the export itself succeeds.
#[test]
fn a_later_export_removes_the_temporary_files_a_killed_export_left() {
    let (dir, db) = with_demo(6);
    run_ok(&db, &SIGNERS);
    let bundle = dir.path().join("报送.zip");
    let pdf = dir.path().join("台账.pdf");
    let stale = [
        dir.path().join(".报送.zip.31337.123456789.tmp"),
        dir.path().join(".台账.pdf.31338.42.tmp"),
    ];
    for file in &stale {
        std::fs::write(file, b"half written").unwrap();
    }
    run_ok(&db, &["export-bundle", bundle.to_str().unwrap()]);
    run_ok(
        &db,
        &["export-pdf", "--kind", "ledger", pdf.to_str().unwrap()],
    );
    let left: Vec<String> = names_in(dir.path())
        .into_iter()
        .filter(|name| Path::new(name).extension().is_some_and(|ext| ext == "tmp"))
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

/// Runs `zhenggai --db db args` with stdout and stderr going to a pipe whose reader has
/// already gone (`… 2>&1 | head -c 0`); returns the exit code.
fn run_into_a_closed_pipe(db: &Path, args: &[&str]) -> Option<i32> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_zhenggai"))
        .arg("--db")
        .arg(db)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the program");
    drop(child.stdout.take());
    drop(child.stderr.take());
    child.wait().expect("wait for the program").code()
}

/// A reader that goes away (`| head -1`) neither crashes the program nor turns a committed
/// change into a failure: `import-bundle` still imports and exits 0, a read exits 0, and a
/// refusal still exits 1 (not 101, a panic).
#[test]
fn a_closed_pipe_changes_neither_the_outcome_nor_the_exit_code() {
    let (dir, db) = with_demo(8);
    run_ok(&db, &SIGNERS);
    let bundle = dir.path().join("报送.zip");
    run_ok(&db, &["export-bundle", bundle.to_str().unwrap()]);
    let agg = dir.path().join("汇总.sqlite");
    run_ok(&agg, &["init-aggregate", "--office", "市作风办"]);

    let code = run_into_a_closed_pipe(&agg, &["import-bundle", bundle.to_str().unwrap()]);
    assert_eq!(code, Some(0));
    let summary = summary_json(&agg);
    assert_eq!(count(&summary, "/units"), 1, "{summary}");
    assert_eq!(run_into_a_closed_pipe(&db, &["summary"]), Some(0));
    let missing = dir.path().join("没有这个文件.sqlite");
    assert_eq!(run_into_a_closed_pipe(&missing, &["summary"]), Some(1));
}

/// A mounted tmpfs of `size_kb` at a new temporary folder, unmounted when dropped.
struct SmallVolume {
    dir: tempfile::TempDir,
}

impl SmallVolume {
    /// Mounts one, or `None` where this machine does not allow mounting (not root).
    fn mount(size_kb: u64) -> Option<Self> {
        let dir = tempfile::tempdir().ok()?;
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size_kb}k"), "tmpfs"])
            .arg(dir.path())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success());
        mounted.then_some(Self { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Fills the volume until only about `free_kb` are left.
    fn fill_leaving(&self, free_kb: u64) {
        let filler = self.path().join("filler");
        let _ = std::fs::remove_file(&filler);
        let available = free_bytes(self.path());
        let size = available.saturating_sub(free_kb * 1024);
        std::fs::write(&filler, vec![0u8; size as usize]).unwrap();
    }
}

impl Drop for SmallVolume {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

/// Free bytes on the volume holding `path`, from `df`.
fn free_bytes(path: &Path) -> u64 {
    let output = Command::new("df")
        .args(["--output=avail", "-B1"])
        .arg(path)
        .output()
        .unwrap();
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .nth(1)
        .and_then(|line| line.trim().parse().ok())
        .unwrap()
}

/// Copies the database `from` (closed cleanly, so one file) into `folder` and returns its path.
fn copy_db(from: &Path, folder: &Path) -> PathBuf {
    let to = folder.join("t.sqlite");
    std::fs::copy(from, &to).unwrap();
    to
}

/// What a write on a nearly full volume did: exit 0 with the change complete, or a refusal
/// with the database as before. Panics on anything else.
fn judge(ran: &Ran, before: u64, after: u64, complete: u64, what: &str) -> bool {
    assert_ne!(ran.code, Some(101), "{what}: a panic: {ran:?}");
    if ran.code == Some(0) {
        assert_eq!(after, complete, "{what}: exit 0 but incomplete: {ran:?}");
        true
    } else {
        assert_eq!(
            after, before,
            "{what}: exit {:?}, but the change committed: {}",
            ran.code, ran.stderr
        );
        common::assert_chinese(&ran.stderr);
        false
    }
}

/// With the database on a nearly full volume, `import-xlsx` and `sign-off` either succeed with
/// their change complete, or fail with the database exactly as before: a change that committed
/// is never reported as failed (once, 200 problems became 400 with exit 1, and a clerk who
/// retried imported everything twice). Tried at a range of free space.
#[test]
fn on_a_full_disk_a_committed_change_is_never_reported_as_failed() {
    let Some(probe) = SmallVolume::mount(64) else {
        println!("skipped: mounting a small volume needs root here");
        return;
    };
    drop(probe);
    let (dir, db) = with_demo(9);
    let xlsx = dir.path().join("台账.xlsx");
    run_ok(&db, &["export-xlsx", xlsx.to_str().unwrap()]);
    let db_kb = std::fs::metadata(&db).unwrap().len() / 1024;
    let (mut succeeded, mut refused) = ([0; 2], [0; 2]);
    for free_kb in (0..30).map(|step| 40 + step * 400) {
        let volume = SmallVolume::mount(db_kb * 4 + 16 * 1024).unwrap();
        let db = copy_db(&db, volume.path());
        let filler = volume.path().join("filler");

        volume.fill_leaving(free_kb);
        let ran = run(&db, &["import-xlsx", xlsx.to_str().unwrap()]);
        std::fs::remove_file(&filler).unwrap();
        let problems = count(&summary_json(&db), "/problems");
        let what = format!("import-xlsx with {free_kb} KB free");
        if judge(&ran, 200, problems, 400, &what) {
            succeeded[0] += 1;
        } else {
            refused[0] += 1;
        }

        let revisions = |db: &Path| {
            let summary = summary_json(db);
            summary
                .pointer("/revision")
                .and_then(serde_json::Value::as_u64)
                .unwrap_or(0)
        };
        volume.fill_leaving(free_kb);
        let ran = run(&db, &SIGNERS);
        std::fs::remove_file(&filler).unwrap();
        let what = format!("sign-off with {free_kb} KB free");
        if judge(&ran, 0, revisions(&db), 1, &what) {
            succeeded[1] += 1;
        } else {
            refused[1] += 1;
        }
    }
    println!(
        "on a nearly full volume: import-xlsx {} succeeded, {} refused; sign-off {} succeeded, {} refused",
        succeeded[0], refused[0], succeeded[1], refused[1]
    );
    assert!(
        succeeded[0] > 0 && refused[0] > 0,
        "the range of free space missed the edge"
    );
}

/// A transaction larger than SQLite's automatic checkpoint (1,000 pages) on a volume with room
/// for its log but not for folding the log back into the database file: the command succeeds,
/// says what did not happen, and the data is whole (the log is folded in at the next start).
#[test]
fn a_large_commit_whose_checkpoint_finds_the_disk_full_is_reported_as_saved() {
    let Some(probe) = SmallVolume::mount(64) else {
        println!("skipped: mounting a small volume needs root here");
        return;
    };
    drop(probe);
    let (_dir, db) = common::cli::initialised();
    let (mut saved_with_note, mut refused) = (0, 0);
    for free_mb in (2..24).step_by(2) {
        let volume = SmallVolume::mount(32 * 1024).unwrap();
        let db = copy_db(&db, volume.path());
        volume.fill_leaving(free_mb * 1024);
        let ran = run(
            &db,
            &["demo", "--problems", "1500", "--today", "2026-06-15"],
        );
        std::fs::remove_file(volume.path().join("filler")).unwrap();
        let problems = count(&summary_json(&db), "/problems");
        let what = format!("demo with {free_mb} MB free");
        if judge(&ran, 0, problems, 1500, &what) {
            if ran.stderr.contains("修改已保存") {
                saved_with_note += 1;
            }
        } else {
            refused += 1;
        }
        assert!(
            run_ok(&db, &["check"]).contains("检查通过"),
            "{what}: check failed"
        );
    }
    println!("demo of 1,500 problems: {saved_with_note} saved with a note, {refused} refused");
    assert!(
        saved_with_note > 0,
        "no fill level had room for the log but not for the checkpoint"
    );
}

/// `demo` refuses a day it cannot lay dates around and a count beyond its bound, with the
/// reason, before writing anything.
#[test]
fn demo_refuses_an_impossible_year_and_an_unbounded_count() {
    let (_dir, db) = common::cli::initialised();
    let before = std::fs::read(&db).unwrap();
    let ran = run_refused(&db, &["demo", "--today", "1900-01-01"]);
    assert!(ran.stderr.contains("1900"), "{}", ran.stderr);
    assert!(!ran.stderr.contains("Conversion"), "{}", ran.stderr);
    let ran = run_refused(&db, &["demo", "--problems", "100000000"]);
    assert!(ran.stderr.contains("100000"), "{}", ran.stderr);
    assert_eq!(count(&summary_json(&db), "/problems"), 0);
    assert_eq!(std::fs::read(&db).unwrap().len(), before.len());
}

/// Endless or blocking "files" — a device like `/dev/urandom`, a folder — chosen as a template,
/// a receipt or evidence are refused at once with the reason, and change nothing.
#[cfg(target_os = "linux")]
#[test]
fn a_device_or_a_folder_chosen_as_a_file_is_refused_at_once() {
    let (dir, db) = with_demo(10);
    let before = std::fs::read(&db).unwrap();
    let device = "/dev/urandom";
    for args in [
        ["import-template", device],
        ["import-receipt", device],
        ["import-template", dir.path().to_str().unwrap()],
    ] {
        let mut command = Command::new(env!("CARGO_BIN_EXE_zhenggai"));
        command.arg("--db").arg(&db).args(args);
        let started = Instant::now();
        let ran = run_within(command, Duration::from_secs(20));
        assert_eq!(ran.code, Some(1), "{args:?}: {ran:?}");
        assert!(
            ran.stderr.contains("不是普通文件"),
            "{args:?}: {}",
            ran.stderr
        );
        assert!(started.elapsed() < Duration::from_secs(5), "{args:?}");
    }
    assert_eq!(std::fs::read(&db).unwrap(), before);

    // Evidence is read before any command is built: the device is refused by the read.
    let started = Instant::now();
    let err = zhenggai::store::read_evidence_file(Path::new(device)).unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(err.to_string().contains("不是普通文件"), "{err}");
}

/// On a volume too full to change the database safely, changes are refused before anything is
/// written, with the free space and what is needed; reading and exporting elsewhere still work,
/// and a full disk is never called a damaged database.
#[test]
fn a_nearly_full_disk_refuses_changes_up_front_and_still_reads() {
    let Some(volume) = SmallVolume::mount(24 * 1024) else {
        println!("skipped: mounting a small volume needs root here");
        return;
    };
    let (dir, db) = with_demo(11);
    let db = copy_db(&db, volume.path());
    let before = std::fs::read(&db).unwrap();
    for free_kb in [0, 30, 1600] {
        volume.fill_leaving(free_kb);
        let ran = run_refused(&db, &SIGNERS);
        assert!(
            ran.stderr.contains("磁盘只剩"),
            "{free_kb} KB: {}",
            ran.stderr
        );
        assert!(
            !ran.stderr.contains("已损坏"),
            "{free_kb} KB: {}",
            ran.stderr
        );
        let summary = run(&db, &["summary", "--json"]);
        assert_eq!(summary.code, Some(0), "{free_kb} KB: {summary:?}");
        let pdf = dir.path().join("台账.pdf");
        run_ok(
            &db,
            &["export-pdf", "--kind", "ledger", pdf.to_str().unwrap()],
        );
    }
    std::fs::remove_file(volume.path().join("filler")).unwrap();
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

/// A bundle written onto a stick that fills up mid-way fails with a Chinese reason only (the
/// zip library once added an English line of its own), and leaves no file behind.
#[test]
fn a_bundle_that_fills_the_stick_fails_in_chinese_and_leaves_nothing() {
    let Some(probe) = SmallVolume::mount(64) else {
        println!("skipped: mounting a small volume needs root here");
        return;
    };
    drop(probe);
    let (_dir, db) = with_demo(12);
    run_ok(&db, &SIGNERS);
    let mut failed = 0;
    for free_kb in (0..24).map(|step| 20 + step * 40) {
        let volume = SmallVolume::mount(4 * 1024).unwrap();
        volume.fill_leaving(free_kb);
        let bundle = volume.path().join("报送.zip");
        let ran = run(&db, &["export-bundle", bundle.to_str().unwrap()]);
        if ran.code == Some(0) {
            continue;
        }
        failed += 1;
        assert_eq!(ran.code, Some(1), "{free_kb} KB: {ran:?}");
        assert!(
            !ran.stderr.contains("ZipWriter"),
            "{free_kb} KB: {}",
            ran.stderr
        );
        common::assert_chinese(&ran.stderr);
        assert_eq!(names_in(volume.path()), ["filler"], "{free_kb} KB");
    }
    assert!(failed > 0, "no fill level made the export fail");
}
