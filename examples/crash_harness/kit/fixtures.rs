//! The prepared databases and input files every run starts from, made with the real binary:
//! a unit with demo problems, the same unit signed off once and twice, its Excel export (the
//! input of `import-xlsx`), the two revisions' bundles, and an aggregate empty and with the
//! first revision received.

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::binary::{Binary, args};

/// The day the demo data is laid around, so fixtures are the same on every run.
const DEMO_DAY: &str = "2026-06-15";

/// The prepared files, all in one folder.
#[derive(Debug, Clone)]
pub struct Fixtures {
    /// A unit with the demo problems, not signed off.
    pub unit: PathBuf,
    /// The unit signed off once (revision 1).
    pub signed: PathBuf,
    /// The unit with more problems, signed off again (revision 2).
    pub signed2: PathBuf,
    /// The unit's ledger exported as Excel, the input of `import-xlsx`.
    pub ledger_xlsx: PathBuf,
    /// Revision 1 as a bundle.
    pub bundle_r1: PathBuf,
    /// Revision 2 as a bundle.
    pub bundle_r2: PathBuf,
    /// An empty aggregate.
    pub aggregate: PathBuf,
    /// An aggregate that has received revision 1.
    pub aggregate_r1: PathBuf,
}

impl Fixtures {
    /// Builds the fixtures in `dir` (emptied first) with a unit of `problems` demo problems.
    pub fn build(bin: &Binary, dir: &Path, problems: usize) -> Result<Self> {
        if dir.exists() {
            fs::remove_dir_all(dir).with_context(|| format!("cannot empty {}", dir.display()))?;
        }
        let inputs = dir.join("inputs");
        fs::create_dir_all(&inputs)?;
        let fixtures = Self {
            unit: dir.join("unit.sqlite"),
            signed: dir.join("signed.sqlite"),
            signed2: dir.join("signed2.sqlite"),
            ledger_xlsx: inputs.join("手工台账.xlsx"),
            bundle_r1: inputs.join("第1版.zip"),
            bundle_r2: inputs.join("第2版.zip"),
            aggregate: dir.join("aggregate.sqlite"),
            aggregate_r1: dir.join("aggregate-r1.sqlite"),
        };
        let run = |db: &Path, items: &[&str]| bin.run_ok(Some(db), &args(items.iter().copied()));
        let run_with = |db: &Path, mut items: Vec<OsString>, path: &Path| {
            items.push(path.as_os_str().to_owned());
            bin.run_ok(Some(db), &items)
        };
        run(
            &fixtures.unit,
            &[
                "init",
                "--unit",
                "市行政审批局",
                "--code",
                "11370100MB0000000X",
                "--superior",
                "市作风办",
                "--leader",
                "王建国",
            ],
        )?;
        let count = problems.to_string();
        run(
            &fixtures.unit,
            &[
                "demo",
                "--problems",
                &count,
                "--seed",
                "7",
                "--today",
                DEMO_DAY,
            ],
        )?;
        run_with(&fixtures.unit, args(["export-xlsx"]), &fixtures.ledger_xlsx)?;

        copy_database(&fixtures.unit, &fixtures.signed)?;
        run(&fixtures.signed, &sign_off_args())?;
        run_with(
            &fixtures.signed,
            args(["export-bundle"]),
            &fixtures.bundle_r1,
        )?;

        copy_database(&fixtures.signed, &fixtures.signed2)?;
        let more = (problems / 10).max(5).to_string();
        run(
            &fixtures.signed2,
            &[
                "demo",
                "--problems",
                &more,
                "--seed",
                "8",
                "--today",
                DEMO_DAY,
            ],
        )?;
        run(&fixtures.signed2, &sign_off_args())?;
        run_with(
            &fixtures.signed2,
            args(["export-bundle"]),
            &fixtures.bundle_r2,
        )?;

        run(
            &fixtures.aggregate,
            &["init-aggregate", "--office", "市作风办"],
        )?;
        copy_database(&fixtures.aggregate, &fixtures.aggregate_r1)?;
        run_with(
            &fixtures.aggregate_r1,
            args(["import-bundle"]),
            &fixtures.bundle_r1,
        )?;
        Ok(fixtures)
    }
}

/// The arguments of `sign-off` with three signers.
pub fn sign_off_args() -> [&'static str; 7] {
    [
        "sign-off",
        "--preparer",
        "李明",
        "--reviewer",
        "张华",
        "--leader",
        "王建国",
    ]
}

/// Copies a database that no program has open: the file and, when present, its `-wal` and
/// `-shm` companions (a copy without a non-empty WAL would lose committed data).
pub fn copy_database(from: &Path, to: &Path) -> Result<()> {
    fs::copy(from, to)
        .with_context(|| format!("cannot copy {} to {}", from.display(), to.display()))?;
    for suffix in ["-wal", "-shm"] {
        let companion = with_suffix(from, suffix);
        let target = with_suffix(to, suffix);
        if companion.is_file() {
            fs::copy(&companion, &target)?;
        } else if target.exists() {
            fs::remove_file(&target)?;
        }
    }
    Ok(())
}

/// `path` with `suffix` appended to its file name (`db.sqlite` → `db.sqlite-wal`).
pub fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Makes the database at `db` look freshly backed up, as after a start within the hour: a
/// rotating backup name with the current time in `backups/` beside it. The program then skips
/// its start-up backup, so the whole run is the operation itself. The content is a placeholder:
/// only the name and the time are read on opening.
pub fn pretend_recent_backup(db: &Path) -> Result<()> {
    let folder = db
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join("backups");
    fs::create_dir_all(&folder)?;
    let stem = db
        .file_stem()
        .map_or_else(String::new, |stem| stem.to_string_lossy().into_owned());
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    fs::write(
        folder.join(format!("{stem}-{stamp}-001-start.sqlite")),
        b"placeholder",
    )?;
    Ok(())
}
