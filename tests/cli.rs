//! The command line as users and scripts see it (DESIGN §8): the real `zhenggai` binary run
//! against a database in a temporary folder, checking exit codes, output, and what ends up in the
//! file.

// Helper functions of an integration test crate are test code too, but clippy only exempts
// `#[test]` functions from these lints.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use common::cli::{
    DEMO_TODAY, UNIT, count, fresh_db, initialised, run, run_args, run_ok, run_refused,
    summary_json, with_demo, without_timestamps,
};
use common::{add_commitment, commitment_draft, count_rows, day, raw};
use serde_json::Value;
use zhenggai::store::Store;

/// Every row of every table except the audit log (whose entries carry the time they were
/// written), without the `created_at`/`updated_at` columns, sorted: the whole working data
/// modulo timestamps.
fn data_without_timestamps(db: &Path) -> Vec<String> {
    let conn = raw(db);
    let mut tables = conn
        .prepare(
            "SELECT name FROM sqlite_master
             WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                AND name NOT IN ('audit_log', 'unit_key', 'unit_sm2_key')
             ORDER BY name",
        )
        .expect("list tables");
    let tables: Vec<String> = tables
        .query_map([], |row| row.get(0))
        .expect("query tables")
        .collect::<Result<_, _>>()
        .expect("read table names");
    assert!(
        tables.iter().any(|name| name == "problem"),
        "no problem table in {tables:?}"
    );
    let mut rows = Vec::new();
    for table in tables {
        let mut statement = conn
            .prepare(&format!("SELECT * FROM \"{table}\""))
            .expect("select table");
        let keep: Vec<(usize, String)> = statement
            .column_names()
            .enumerate()
            .filter(|(_, name)| *name != "created_at" && *name != "updated_at")
            .map(|(index, name)| (index, name.to_owned()))
            .collect();
        let mut found = statement.query([]).expect("query table");
        while let Some(row) = found.next().expect("next row") {
            let fields: Vec<String> = keep
                .iter()
                .map(|(index, name)| {
                    let value: rusqlite::types::Value = row.get(*index).expect("read column");
                    format!("{name}={value:?}")
                })
                .collect();
            rows.push(format!("{table}: {}", fields.join(", ")));
        }
    }
    rows.sort();
    rows
}

/// Whether the `sqlite3` command-line tool can be run.
fn have_sqlite3() -> bool {
    Command::new("sqlite3")
        .arg("-version")
        .output()
        .is_ok_and(|output| output.status.success())
}

/// One pragma's single-line answer, from the `sqlite3` tool when installed, else through
/// rusqlite (the same SQLite library the program uses, but still outside the program).
fn pragma(db: &Path, pragma: &str) -> String {
    let sql = format!("PRAGMA {pragma}");
    if have_sqlite3() {
        let output = Command::new("sqlite3")
            .arg(db)
            .arg(&sql)
            .output()
            .expect("run sqlite3");
        assert!(
            output.status.success(),
            "sqlite3 {sql} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout)
            .expect("sqlite3 output is UTF-8")
            .trim()
            .to_owned()
    } else {
        // Fallback when the sqlite3 tool is not on PATH: a plain rusqlite connection.
        raw(db)
            .query_row(&sql, [], |row| row.get(0))
            .expect("pragma through rusqlite")
    }
}

/// `init` + `demo --problems 200 --seed 7` gives a ledger of 200 problems for 市行政审批局 whose
/// `summary --json` has exactly the documented fields and whose measures by status add up.
#[test]
fn demo_summary_reports_the_generated_ledger() {
    let (_dir, db) = initialised();
    let said = run_ok(
        &db,
        &[
            "demo",
            "--problems",
            "200",
            "--seed",
            "7",
            "--today",
            DEMO_TODAY,
        ],
    );
    assert!(said.contains("200 个问题"), "demo said: {said}");

    let summary = summary_json(&db);
    let keys: BTreeSet<&str> = summary
        .as_object()
        .expect("summary is one JSON object")
        .keys()
        .map(String::as_str)
        .collect();
    let documented: BTreeSet<&str> = [
        "units",
        "problems",
        "measures",
        "measures_by_status",
        "overdue",
        "commitments",
        "rules",
        "revision",
    ]
    .into_iter()
    .collect();
    assert_eq!(keys, documented, "summary fields differ from DESIGN §8");

    assert_eq!(count(&summary, "/units"), 1);
    assert_eq!(count(&summary, "/problems"), 200);
    let measures = count(&summary, "/measures");
    assert!(measures >= 200, "every problem has a measure: {summary}");
    let by_status: u64 = ["not_started", "in_progress", "completed", "closed"]
        .iter()
        .map(|status| count(&summary, &format!("/measures_by_status/{status}")))
        .sum();
    assert_eq!(by_status, measures, "statuses do not add up: {summary}");
    assert!(count(&summary, "/overdue") <= measures);
    assert!(count(&summary, "/commitments") > 0);
    assert!(count(&summary, "/rules") > 0);
    assert_eq!(summary["revision"], Value::Null, "nothing was signed off");

    // The JSON shape carries no unit name; the text summary does.
    let text = run_ok(&db, &["summary"]);
    assert!(
        text.lines().any(|line| line == format!("单位：{UNIT}")),
        "text summary does not name the unit: {text}"
    );
    assert!(text.contains("问题：200 个"), "text summary: {text}");
}

/// The same seed and day on two fresh databases give the same summary and the same data
/// (timestamps aside); another seed gives different data.
#[test]
fn demo_is_deterministic_for_a_seed() {
    let (_dir_a, a) = with_demo(7);
    let (_dir_b, b) = with_demo(7);
    assert_eq!(
        without_timestamps(summary_json(&a)),
        without_timestamps(summary_json(&b))
    );
    let data_a = data_without_timestamps(&a);
    assert!(data_a.len() > 200, "too few rows: {}", data_a.len());
    assert!(
        data_a == data_without_timestamps(&b),
        "two runs with seed 7 wrote different data"
    );

    let (_dir_c, c) = with_demo(8);
    assert!(
        data_a != data_without_timestamps(&c),
        "seeds 7 and 8 wrote the same data"
    );
}

/// After the command line has written, the file passes SQLite's own integrity check, is in WAL
/// mode, and is complete on its own (no write-ahead log left with data in it).
#[test]
fn written_file_is_intact_and_in_wal_mode() {
    let (dir, db) = with_demo(7);
    let wal = dir.path().join("t.sqlite-wal");
    assert!(
        std::fs::metadata(&wal).map_or(true, |meta| meta.len() == 0),
        "the write-ahead log still holds data after demo exited"
    );
    assert_eq!(pragma(&db, "integrity_check"), "ok");
    assert_eq!(pragma(&db, "journal_mode"), "wal");
}

/// `check` passes an untouched database, and after someone drops the audit log's guard trigger
/// and edits one entry, it exits 1 and names that entry.
#[test]
fn check_finds_an_edited_audit_entry() {
    let (_dir, db) = with_demo(7);
    let entries = count_rows(&db, "SELECT count(*) FROM audit_log");
    let said = run_ok(&db, &["check"]);
    assert!(said.contains("检查通过"), "check said: {said}");
    assert!(
        said.contains(&format!("{entries} 条操作日志")),
        "check does not report the {entries} entries: {said}"
    );

    // A problem entry in the middle of the chain, so the report must point at it, not the head
    // or the tail.
    let conn = raw(&db);
    let (seq, target, details): (i64, String, String) = conn
        .query_row(
            "SELECT seq, target, details FROM audit_log WHERE action = 'add_problem'
             ORDER BY seq LIMIT 1 OFFSET 99",
            [],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .expect("the 100th add_problem entry");
    assert!(seq > 1 && seq < entries, "entry {seq} of {entries}");
    // Change one Chinese character of the recorded command.
    let forged: String = {
        let mut done = false;
        details
            .chars()
            .map(|c| {
                if !done && ('\u{4e00}'..='\u{9fff}').contains(&c) {
                    done = true;
                    if c == '改' { '删' } else { '改' }
                } else {
                    c
                }
            })
            .collect()
    };
    assert_ne!(forged, details, "no Chinese text to change in {details}");

    // The log refuses edits until its trigger is dropped.
    assert!(
        conn.execute(
            "UPDATE audit_log SET details = ?1 WHERE seq = ?2",
            rusqlite::params![forged, seq],
        )
        .is_err(),
        "the audit log accepted an edit with its trigger in place"
    );
    conn.execute_batch("DROP TRIGGER audit_log_no_update")
        .expect("drop the trigger");
    let changed = conn
        .execute(
            "UPDATE audit_log SET details = ?1 WHERE seq = ?2",
            rusqlite::params![forged, seq],
        )
        .expect("edit the entry");
    assert_eq!(changed, 1);
    drop(conn);

    let ran = run_refused(&db, &["check"]);
    let output = ran.output();
    assert!(
        output.contains(&format!("操作日志第 {seq} 条")),
        "check does not name entry {seq}: {output}"
    );
    assert!(
        output.contains(&target),
        "check does not name the entry's record {target}: {output}"
    );
    assert!(output.contains("[audit]"), "check output: {output}");
    assert!(!ran.stdout.contains("检查通过"), "check output: {output}");
}

/// While another program holds the database for writing, a writing command is refused at once
/// with exit 1 and a Chinese message naming the file, writes nothing, and does not disturb the
/// holder; reading still works; once the holder lets go, the command line writes again.
#[test]
fn a_held_database_refuses_a_second_writer() {
    let (_dir, db) = initialised();
    let before = summary_json(&db);

    let mut held = Store::open(&db).expect("hold the database");
    let ran = run_refused(
        &db,
        &[
            "demo",
            "--problems",
            "5",
            "--seed",
            "3",
            "--today",
            DEMO_TODAY,
        ],
    );
    assert!(
        ran.stderr.contains("t.sqlite"),
        "the refusal does not name the file: {}",
        ran.stderr
    );
    assert!(
        ran.stderr.contains("正在被另一个整改台账程序使用"),
        "the refusal does not say the file is in use: {}",
        ran.stderr
    );
    // Other writing commands are refused the same way.
    let ran = run_refused(
        &db,
        &[
            "sign-off",
            "--preparer",
            "李娜",
            "--reviewer",
            "张伟",
            "--leader",
            "王建国",
        ],
    );
    assert!(ran.stderr.contains("t.sqlite"), "{}", ran.stderr);

    // The holder keeps working.
    add_commitment(
        &mut held,
        commitment_draft("办事指南一次性告知", Some(day(2026, 9, 30))),
    );
    let held_summary = held
        .summary(day(2026, 6, 15))
        .expect("summary via the held store");
    assert_eq!(held_summary.problems, 0);
    assert_eq!(held_summary.commitments, 1);

    // Reading works meanwhile (read-only) and sees the holder's committed edit, nothing else.
    let during = summary_json(&db);
    assert_eq!(count(&during, "/problems"), count(&before, "/problems"));
    assert_eq!(
        count(&during, "/commitments"),
        count(&before, "/commitments") + 1
    );

    held.close().expect("close the held store");
    run_ok(
        &db,
        &[
            "demo",
            "--problems",
            "5",
            "--seed",
            "3",
            "--today",
            DEMO_TODAY,
        ],
    );
    let after = summary_json(&db);
    assert_eq!(count(&after, "/problems"), 5);
}

/// `backup` writes a copy that `restore` brings back exactly, undoing later changes, and the
/// restored file is still an intact WAL database that passes `check`.
#[test]
fn backup_then_restore_brings_the_data_back() {
    let (dir, db) = with_demo(7);
    let copy = dir.path().join("备份-2026.sqlite");
    let said = run_ok(&db, &["backup", copy.to_str().expect("UTF-8 path")]);
    assert!(said.contains("已备份"), "backup said: {said}");
    assert!(copy.is_file(), "no backup file written");
    let before = summary_json(&db);
    let data_before = data_without_timestamps(&db);

    run_ok(
        &db,
        &[
            "demo",
            "--problems",
            "5",
            "--seed",
            "9",
            "--today",
            DEMO_TODAY,
        ],
    );
    let changed = summary_json(&db);
    assert_eq!(count(&changed, "/problems"), 205, "the change did not land");

    let said = run_ok(&db, &["restore", copy.to_str().expect("UTF-8 path")]);
    assert!(said.contains("已从"), "restore said: {said}");
    assert_eq!(summary_json(&db), before);
    assert!(
        data_without_timestamps(&db) == data_before,
        "restored data differs from the backup"
    );
    assert_eq!(pragma(&db, "journal_mode"), "wal");
    run_ok(&db, &["check"]);
}

/// An impossible `--today` is refused with exit 1 and a Chinese message echoing it, and
/// nothing is written: not to an existing ledger, and no file for a new path.
#[test]
fn demo_with_an_impossible_date_writes_nothing() {
    let (_dir, db) = initialised();
    let before = summary_json(&db);
    let audit_before = count_rows(&db, "SELECT count(*) FROM audit_log");

    let ran = run_refused(&db, &["demo", "--problems", "5", "--today", "2026-02-30"]);
    assert!(
        ran.stderr.contains("2026-02-30"),
        "the message does not echo the date: {}",
        ran.stderr
    );
    assert_eq!(summary_json(&db), before);
    assert_eq!(
        count_rows(&db, "SELECT count(*) FROM audit_log"),
        audit_before
    );

    let (_dir, never) = fresh_db();
    run_refused(&never, &["demo", "--today", "昨天"]);
    assert!(!never.exists(), "a refused demo created the database");
}

/// Usage errors (unknown subcommand, unknown flag, bad value, missing required flag) exit 2
/// and touch no database.
#[test]
fn usage_errors_exit_2() {
    let (_dir, db) = fresh_db();
    for args in [
        &["frobnicate"][..],
        &["summary", "--bogus"],
        &["demo", "--problems", "many"],
        &["init"],
    ] {
        let ran = run(&db, args);
        assert_eq!(
            ran.code,
            Some(2),
            "zhenggai {args:?} should be a usage error:\nstdout: {}\nstderr: {}",
            ran.stdout,
            ran.stderr
        );
        assert!(!ran.stderr.trim().is_empty(), "no message for {args:?}");
        assert!(!db.exists(), "zhenggai {args:?} created the database");
    }
}

/// `--version` prints the version from Cargo.toml, the commit built and the build day, and
/// exits 0, in Chinese and in English alike.
#[test]
fn version_prints_the_package_version_commit_and_build_day() {
    let ran = run_args(&["--version".as_ref()]);
    assert_eq!(ran.code, Some(0), "stderr: {}", ran.stderr);
    let line = ran.stdout.trim();
    let rest = line
        .strip_prefix(&format!("zhenggai {} (", env!("CARGO_PKG_VERSION")))
        .and_then(|rest| rest.strip_suffix(')'))
        .unwrap_or_else(|| panic!("{line}"));
    let (commit, day) = rest.split_once(", ").unwrap_or_else(|| panic!("{line}"));
    // A hash from git, or `unknown` when built outside a checkout.
    let hash = commit.trim_end_matches("-modified");
    assert!(
        hash == "unknown" || (hash.len() == 10 && hash.chars().all(|c| c.is_ascii_hexdigit())),
        "{line}"
    );
    assert!(
        chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").is_ok(),
        "{line}"
    );
    let english = std::process::Command::new(env!("CARGO_BIN_EXE_zhenggai"))
        .arg("--version")
        .env("LANG", "en_US.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&english.stdout).trim(), line);
}

/// `init` on a database that already has a unit is refused with exit 1 naming the existing
/// unit, and changes nothing: same unit, categories, campaign and audit log.
#[test]
fn init_twice_is_refused_and_keeps_the_first_unit() {
    let (_dir, db) = initialised();
    let tables = ["unit", "category", "campaign", "phase", "audit_log"];
    let counts_before: Vec<i64> = tables
        .iter()
        .map(|table| count_rows(&db, &format!("SELECT count(*) FROM {table}")))
        .collect();
    assert!(counts_before[1] > 0, "init made no categories");

    let ran = run_refused(
        &db,
        &["init", "--unit", "县市场监督管理局", "--leader", "赵强"],
    );
    assert!(
        ran.stderr.contains(UNIT),
        "the refusal does not name the existing unit: {}",
        ran.stderr
    );

    let counts_after: Vec<i64> = tables
        .iter()
        .map(|table| count_rows(&db, &format!("SELECT count(*) FROM {table}")))
        .collect();
    assert_eq!(counts_after, counts_before, "counts of {tables:?}");
    let (name, leader): (String, String) = raw(&db)
        .query_row("SELECT name, leader FROM unit", [], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })
        .expect("the unit");
    assert_eq!(name, UNIT);
    assert_eq!(leader, "");
    let text = run_ok(&db, &["summary"]);
    assert!(text.contains(&format!("单位：{UNIT}")), "summary: {text}");
}

/// A read command on a path that does not exist (a typo in `--db`) is an error naming the file,
/// and does not create an empty ledger there.
///
/// Ignored: today `summary`, `check` and `backup` open through `Store::open_for_reading`, which
/// tries `Store::open` first and so creates and migrates a new empty database, then report
/// zeros (or "检查通过") with exit 0.
#[test]
fn summary_of_a_missing_file_is_refused_and_creates_nothing() {
    let (_dir, db) = fresh_db();
    for args in [&["summary", "--json"][..], &["check"]] {
        let ran = run_refused(&db, args);
        assert!(
            ran.stderr.contains("t.sqlite"),
            "zhenggai {args:?} does not name the file: {}",
            ran.stderr
        );
        assert!(!db.exists(), "zhenggai {args:?} created the database");
    }
}

/// `sign-off` on demo data prints revision numbers 1, 2; on a unit whose problem has no measure
/// it is refused with the pre-submission finding named, and no revision is written.
#[test]
fn sign_off_prints_the_revision_and_refuses_blocking_findings() {
    let signers = [
        "sign-off",
        "--preparer",
        "李娜",
        "--reviewer",
        "周强",
        "--leader",
        "王建国",
    ];
    let (_dir, db) = with_demo(7);
    assert_eq!(run_ok(&db, &signers).trim(), "1");
    assert_eq!(run_ok(&db, &signers).trim(), "2");
    assert_eq!(count(&summary_json(&db), "/revision"), 2);

    let (_dir, bare) = initialised();
    let conn = raw(&bare);
    conn.execute(
        "INSERT INTO problem (number, level, source, description, severity, found_on,
            created_at, updated_at)
         VALUES (1, 'division', 'self_inspection', '窗口服务推诿扯皮', 'general', '2026-03-02',
            '2026-03-02T01:00:00Z', '2026-03-02T01:00:00Z')",
        [],
    )
    .expect("insert a bare problem");
    drop(conn);
    let ran = run_refused(&bare, &signers);
    assert!(ran.stderr.contains("暂不能签发"), "{}", ran.stderr);
    assert!(
        ran.stderr.contains("问题 1 还没有整改措施"),
        "{}",
        ran.stderr
    );
    assert!(
        summary_json(&bare)
            .pointer("/revision")
            .is_some_and(Value::is_null)
    );
}

#[test]
fn read_only_opens_the_window_without_a_subcommand() {
    use clap::Parser;
    let cli = zhenggai::cli::Cli::try_parse_from(["zhenggai", "--read-only", "--db", "a.db"])
        .expect("parses");
    assert!(cli.read_only);
    assert!(cli.command.is_none());
    let cli = zhenggai::cli::Cli::try_parse_from(["zhenggai"]).expect("parses");
    assert!(!cli.read_only);
}

/// `--help` is Chinese where the locale is (or says nothing, as on Windows), English otherwise.
#[test]
fn help_follows_the_locale() {
    let help = |lang: Option<&str>| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_zhenggai"));
        command.env_remove("LC_ALL").env_remove("LC_MESSAGES");
        match lang {
            Some(lang) => command.env("LANG", lang),
            None => command.env_remove("LANG"),
        };
        let output = command.args(["export-bundle", "--help"]).output().unwrap();
        assert_eq!(output.status.code(), Some(0));
        String::from_utf8(output.stdout).unwrap()
    };
    for chinese in [help(Some("zh_CN.UTF-8")), help(None)] {
        assert!(chinese.contains("用法："), "{chinese}");
        assert!(
            chinese.contains("把签发版本导出为报送上级的数据包"),
            "{chinese}"
        );
    }
    let english = help(Some("en_US.UTF-8"));
    assert!(english.contains("Usage:"), "{english}");
    assert!(
        english.contains("Write a signed revision as a data bundle"),
        "{english}"
    );
}
