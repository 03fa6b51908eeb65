//! The operations under test: each a subcommand with its arguments, the prepared database it
//! starts from and, for an export, what it writes where.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use super::binary::args;
use super::fixtures::{Fixtures, sign_off_args};

/// What an export writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputKind {
    /// A PDF document.
    Pdf,
    /// A data bundle (.zip) that `zhenggai verify` accepts.
    Bundle,
    /// An Excel workbook (.xlsx).
    Xlsx,
}

/// One operation.
#[derive(Debug, Clone)]
pub struct Op {
    /// Its name in the figures, e.g. `import-bundle/newer`.
    pub name: &'static str,
    /// The prepared database a run starts from.
    pub db: PathBuf,
    /// The subcommand and its arguments, without `--db` and without the output path.
    pub args: Vec<OsString>,
    /// For an export: what it writes, and the target's file name.
    pub output: Option<(OutputKind, &'static str)>,
}

impl Op {
    /// The full arguments, with the output (for an export) in `out_dir`.
    pub fn args_for(&self, out_dir: &Path) -> Vec<OsString> {
        let mut all = self.args.clone();
        if let Some(target) = self.target(out_dir) {
            all.push(target.into_os_string());
        }
        all
    }

    /// The export's target in `out_dir`; `None` for an operation that only writes the database.
    pub fn target(&self, out_dir: &Path) -> Option<PathBuf> {
        self.output.map(|(_, name)| out_dir.join(name))
    }

    /// Whether it changes the database (the others only read it).
    pub fn writes_database(&self) -> bool {
        self.output.is_none()
    }
}

/// Every operation, over the fixtures: the four that write the database and the three exports
/// (PDF in two variants: a draft ledger and a signed commitment).
pub fn all(fixtures: &Fixtures) -> Vec<Op> {
    let path = |path: &Path| path.as_os_str().to_owned();
    let mut import_xlsx = args(["import-xlsx"]);
    import_xlsx.push(path(&fixtures.ledger_xlsx));
    let mut import_first = args(["import-bundle"]);
    import_first.push(path(&fixtures.bundle_r1));
    let mut import_newer = args(["import-bundle"]);
    import_newer.push(path(&fixtures.bundle_r2));
    vec![
        Op {
            name: "demo",
            db: fixtures.unit.clone(),
            args: args([
                "demo",
                "--problems",
                "100",
                "--seed",
                "9",
                "--today",
                "2026-06-15",
            ]),
            output: None,
        },
        Op {
            name: "import-xlsx",
            db: fixtures.unit.clone(),
            args: import_xlsx,
            output: None,
        },
        Op {
            name: "sign-off",
            db: fixtures.unit.clone(),
            args: args(sign_off_args()),
            output: None,
        },
        Op {
            name: "import-bundle/first",
            db: fixtures.aggregate.clone(),
            args: import_first,
            output: None,
        },
        Op {
            name: "import-bundle/newer",
            db: fixtures.aggregate_r1.clone(),
            args: import_newer,
            output: None,
        },
        Op {
            name: "export-pdf/ledger",
            db: fixtures.unit.clone(),
            args: args(["export-pdf", "--kind", "ledger"]),
            output: Some((OutputKind::Pdf, "问题整改台账.pdf")),
        },
        Op {
            name: "export-pdf/commitment-r1",
            db: fixtures.signed.clone(),
            args: args(["export-pdf", "--kind", "commitment", "--revision", "1"]),
            output: Some((OutputKind::Pdf, "整改承诺书.pdf")),
        },
        Op {
            name: "export-bundle",
            db: fixtures.signed2.clone(),
            args: args(["export-bundle"]),
            output: Some((OutputKind::Bundle, "市行政审批局-r2.zip")),
        },
        Op {
            name: "export-xlsx",
            db: fixtures.unit.clone(),
            args: args(["export-xlsx"]),
            output: Some((OutputKind::Xlsx, "整改台账.xlsx")),
        },
    ]
}

/// The operations whose name starts with one of `wanted` (all when `wanted` is empty).
pub fn select(all: Vec<Op>, wanted: &[String]) -> Vec<Op> {
    if wanted.is_empty() {
        return all;
    }
    all.into_iter()
        .filter(|op| {
            wanted
                .iter()
                .any(|prefix| op.name.starts_with(prefix.as_str()))
        })
        .collect()
}
