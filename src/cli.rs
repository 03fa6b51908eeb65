//! The command line (DESIGN §8): argument parsing with clap and one function per subcommand,
//! each calling the library layers. No business logic lives here.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use chrono::Datelike;
use clap::{Parser, Subcommand};

use crate::bundle::{self, ReceiveOutcome, ReceivedBundle};
use crate::demo::{self, DemoOptions};
use crate::domain::date::{local_time_zh, parse_date};
use crate::domain::revision_diff::ChangeKind;
use crate::domain::{
    Command, OfficeDraft, RecordRef, SignOffDraft, UnitDraft, grouped_key_id, local_today,
};
use crate::interop::{self, ImportOptions, ImportReport};
use crate::report::docx::{WordDocument, write_docx};
use crate::report::{
    DocumentKind, aggregate_report_title, export_aggregate_pdf, export_pdf as export_pdf_file,
};
use crate::setup::init_workbook;
use crate::store::{Store, StoreError, Summary, default_database_path, remove_database_files};
use crate::view::{AggregateView, DocumentData};

/// What `--version` prints after the name: the version, the commit it was built from and the
/// day it was built.
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (",
    env!("ZHENGGAI_COMMIT"),
    ", ",
    env!("ZHENGGAI_BUILD_DATE"),
    ")"
);

/// 整改台账: self-inspection problems, rectification measures, commitments and rules, tracked to
/// verified close-out, signed off and carried upward.
#[derive(Debug, Parser)]
#[command(name = "zhenggai", version = VERSION, about, long_about = None)]
pub struct Cli {
    /// The working database (default: the platform data folder, or ./data beside the program
    /// when a `portable` file is there).
    #[arg(long, global = true, value_name = "FILE")]
    pub db: Option<PathBuf>,

    /// Open the window read-only （只读打开）：view, export and print while another copy of the
    /// program has the database open for writing.
    #[arg(long)]
    pub read_only: bool,

    /// What to do; without a subcommand the desktop app opens.
    #[command(subcommand)]
    pub command: Option<CliCommand>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum CliCommand {
    /// Create a new working database for a unit, with the default categories and campaign.
    Init {
        /// The unit's full name (单位全称).
        #[arg(long)]
        unit: String,
        /// Organisation code (单位代码).
        #[arg(long, default_value = "")]
        code: String,
        /// The superior office (上级单位).
        #[arg(long, default_value = "")]
        superior: String,
        /// The principal leader (主要负责人).
        #[arg(long, default_value = "")]
        leader: String,
    },
    /// Add realistic demo data (needs `init` first).
    Demo {
        /// How many problems.
        #[arg(long, default_value_t = 50)]
        problems: usize,
        /// Random seed; the same seed and date give the same data.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The day to lay the data around, YYYY-MM-DD (default: today).
        #[arg(long, value_name = "DATE")]
        today: Option<String>,
    },
    /// Print counts: problems, measures by status, overdue, commitments, rules.
    Summary {
        /// Print one JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Verify integrity, foreign keys, the audit chain, revisions and evidence.
    Check,
    /// Sign off the working data as the next revision; prints its number.
    SignOff {
        /// 填报人.
        #[arg(long)]
        preparer: String,
        /// 审核人.
        #[arg(long)]
        reviewer: String,
        /// 主要负责人.
        #[arg(long)]
        leader: String,
    },
    /// Export the ledger, counts, commitments and rules as an Excel workbook.
    ExportXlsx {
        /// Where to write the .xlsx file.
        out: PathBuf,
        /// Repeat each problem's number, category and text on every measure row instead of
        /// merging the cells (for filtering and sorting).
        #[arg(long)]
        flat: bool,
    },
    /// Write the category taxonomy and phase plan as a template for the units below.
    ExportTemplate {
        /// Where to write the template (.json).
        out: PathBuf,
    },
    /// Merge a template from the superior office: new categories by name, the phase plan.
    ImportTemplate {
        /// The template file (.json).
        input: PathBuf,
    },
    /// Export the ledger as CSV (UTF-8 with BOM, opens in Excel).
    ExportCsv {
        /// Where to write the .csv file.
        out: PathBuf,
    },
    /// Import a ledger kept in Excel or WPS (.xlsx, .xls or .ods), all rows in one transaction.
    ImportXlsx {
        /// The spreadsheet to import.
        input: PathBuf,
        /// The verifier who vouches for rows marked 已销号; without one they come in as 已完成.
        #[arg(long, value_name = "NAME")]
        verifier: Option<String>,
        /// A sheet to import (may be given several times); without it, the first ledger sheet
        /// and the sheets laid out like it.
        #[arg(long, value_name = "SHEET")]
        sheet: Vec<String>,
        /// Each row that gives a problem's text starts a new problem, even when it repeats the
        /// row above (rows of a flat ledger are grouped by default).
        #[arg(long)]
        no_grouping: bool,
    },
    /// Write a document as PDF: from a signed revision, or from the working data marked 草稿.
    ExportPdf {
        /// ledger (问题整改台账), commitment (整改承诺书), progress (整改进展情况报告) or rules
        /// (制度清单); in an aggregate database, summary (各单位整改情况汇总报告).
        #[arg(long, value_name = "KIND", value_parser = ["ledger", "commitment", "progress", "rules", "summary"])]
        kind: String,
        /// The signed revision to print; without it the working data is printed as a draft.
        #[arg(long, value_name = "N")]
        revision: Option<i64>,
        /// Where to write the PDF.
        out: PathBuf,
    },
    /// Write a Word document (.docx) the office edits before sealing: from a signed revision,
    /// or from the working data.
    ExportDocx {
        /// commitment for the 整改承诺书 or progress for the 整改进展情况报告 or work-summary for a
        /// draft of the 整改工作总结报告 with the figures and tables filled in.
        #[arg(long, value_name = "KIND", value_parser = ["commitment", "progress", "work-summary"])]
        kind: String,
        /// The signed revision to take the data from; without it the working data is used.
        #[arg(long, value_name = "N")]
        revision: Option<i64>,
        /// Where to write the .docx file.
        out: PathBuf,
    },
    /// Write a signed revision as a data bundle (.zip) for the superior office, verified after
    /// writing.
    ExportBundle {
        /// The signed revision (default: the latest).
        #[arg(long, value_name = "N")]
        revision: Option<i64>,
        /// Where to write the bundle, e.g. on the USB stick.
        out: PathBuf,
    },
    /// Check a data bundle: names, sizes, both signatures (Ed25519 and SM2) and every file's
    /// sha256 and SM3 (needs no database).
    Verify {
        /// The bundle (.zip).
        bundle: PathBuf,
    },
    /// Make a new database the superior office's aggregate (汇总库), with its signing key.
    InitAggregate {
        /// The office's full name, e.g. 市作风办.
        #[arg(long)]
        office: String,
    },
    /// Receive units' bundles into the aggregate, each verified and stored in one transaction.
    ImportBundle {
        /// The bundles (.zip).
        #[arg(required = true)]
        bundles: Vec<PathBuf>,
        /// Accept a unit's new signing key (更换密钥) in place of the pinned one.
        #[arg(long)]
        replace_key: bool,
    },
    /// Write the signed receipt (回执) for a unit's newest received revision.
    ExportReceipt {
        /// The unit's full name as in its bundle.
        #[arg(long)]
        unit: String,
        /// Also write the receipt as a one-page PDF to print, seal and hand over.
        #[arg(long, value_name = "FILE")]
        pdf: Option<PathBuf>,
        /// Where to write the receipt.
        out: PathBuf,
    },
    /// Record the superior office's receipt (回执) for one of this unit's revisions.
    ImportReceipt {
        /// The receipt file.
        input: PathBuf,
    },
    /// Write a verified copy of the database.
    Backup {
        /// Where to write the copy.
        out: PathBuf,
    },
    /// Replace the working data with a backup (the current data is backed up first).
    Restore {
        /// The backup to restore.
        input: PathBuf,
    },
}

/// The message for an error that ends a command: the contexts added here, then the typed error,
/// joined with a full-width colon. Each cause is in the chain once, because our errors either
/// name their cause in their own message（读写文件 … 失败：<reason>）or expose it as `source()`,
/// never both; so the chain is joined as it is, without looking for repeats.
pub fn error_message(err: &anyhow::Error) -> String {
    err.chain()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("：")
}

/// The database path: `--db`, else the default location (whose folder is created).
pub fn resolve_db_path(db: Option<&Path>) -> Result<PathBuf> {
    db.map_or_else(default_path, |path| Ok(path.to_path_buf()))
}

/// The default database path, with its folder created (the platform data folder may not exist
/// on a fresh machine). A path given with `--db` is taken as it is: a mistyped folder is an
/// error, not a new folder.
fn default_path() -> Result<PathBuf> {
    let exe_dir = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(Path::to_path_buf));
    let path = default_database_path(exe_dir.as_deref())
        .ok_or_else(|| anyhow!("无法确定默认数据目录，请用 --db 指定数据库文件"))?;
    if let Some(parent) = path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
    {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("无法创建数据目录 {}", parent.display()))?;
    }
    Ok(path)
}

/// Opens an existing working database for an edit that needs one (`demo`, `sign-off`); only
/// `init` and `restore` may create the file.
fn open_existing(db: &Path) -> Result<Store> {
    if !db.is_file() {
        bail!(
            "找不到数据库文件 {}：请先用 init 建立，或检查 --db 路径",
            db.display()
        );
    }
    Ok(Store::open(db)?)
}

/// Creates the database at `db` and runs `work` on it (`init`, `init-aggregate`). When the file
/// did not exist and the work is refused, the files this attempt created are removed: a refused
/// `init` must not leave an empty database behind to be mistaken for a workbook.
fn create_database(db: &Path, work: impl FnOnce(&mut Store) -> Result<()>) -> Result<Store> {
    let existed = db.exists();
    let attempt = Store::open(db)
        .map_err(anyhow::Error::from)
        .and_then(|mut store| work(&mut store).map(|()| store));
    if let Err(err) = &attempt {
        // A lock held by another program means that program made the file; it is not ours.
        let locked = matches!(err.downcast_ref(), Some(StoreError::Locked { .. }));
        if !existed && !locked {
            remove_database_files(db);
        }
    }
    attempt
}

/// Ends a command whose change is committed: folds the write-ahead log back into the database
/// file. A failure here (a full disk) undoes nothing — the change is safe in the log and the
/// next start folds it in — so it is reported in `notes` as what did not happen, never as a
/// failed command that a clerk would repeat.
fn finish(store: Store, notes: &mut impl Write) {
    if let Err(err) = store.close() {
        let _ = writeln!(
            notes,
            "注意：修改已保存，但整理数据库文件（把日志并回主文件）没有完成：{err}。数据不受影响，下次打开时会自动完成；请尽快腾出磁盘空间。"
        );
    }
}

/// A writer for the command's output that never fails: when the reader has gone (`| head -1`)
/// the rest is dropped, so the exit code says only whether the command did its work, and a
/// committed change is never reported as failed because its message could not be printed.
#[derive(Debug)]
pub struct LenientOutput<W>(pub W);

impl<W: Write> Write for LenientOutput<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let _ = self.0.write_all(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let _ = self.0.flush();
        Ok(())
    }
}

/// Runs one subcommand against the database at `db`, writing its output to `out` and, to
/// `notes`, what did not happen after a change was saved (a change that committed is never
/// reported as a failure).
pub fn run(
    command: CliCommand,
    db: &Path,
    out: &mut impl Write,
    notes: &mut impl Write,
) -> Result<()> {
    match command {
        CliCommand::Init {
            unit,
            code,
            superior,
            leader,
        } => {
            let draft = UnitDraft {
                name: unit,
                code,
                superior,
                leader,
            };
            let name = draft.name.trim().to_owned();
            let store = create_database(db, |store| {
                Ok(init_workbook(store, draft, local_today().year())?)
            })?;
            finish(store, notes);
            writeln!(out, "已建立单位「{name}」：{}", db.display())?;
        }
        CliCommand::Demo {
            problems,
            seed,
            today,
        } => {
            let today = match today {
                Some(text) => parse_date("--today", &text)?,
                None => local_today(),
            };
            let mut store = open_existing(db)?;
            let report = demo::populate(
                &mut store,
                &DemoOptions {
                    problems,
                    seed,
                    today,
                },
            )?;
            finish(store, notes);
            writeln!(
                out,
                "已生成示例数据：{} 个问题，{} 条整改措施。",
                report.problems, report.measures
            )?;
        }
        CliCommand::Summary { json } => {
            let (store, _) = Store::open_for_reading(db)?;
            if store.office()?.is_some() {
                return write_aggregate_summary(&store, json, out);
            }
            let summary = store.summary(local_today())?;
            if json {
                writeln!(out, "{}", serde_json::to_string(&summary)?)?;
            } else {
                let unit = store.unit()?.map(|unit| unit.name);
                write_summary_text(out, unit.as_deref(), &summary)?;
            }
        }
        CliCommand::Check => {
            let (store, _) = Store::open_for_reading(db)?;
            let report = store.check()?;
            if !report.is_ok() {
                let lines: Vec<String> = report
                    .findings
                    .iter()
                    .map(|finding| format!("[{}] {}", finding.check, finding.message))
                    .collect();
                bail!("检查发现 {} 处问题：\n{}", lines.len(), lines.join("\n"));
            }
            writeln!(
                out,
                "检查通过：数据库完整，外键一致，{} 条操作日志校验无误。",
                report.audit_entries
            )?;
        }
        CliCommand::SignOff {
            preparer,
            reviewer,
            leader,
        } => {
            let mut store = open_existing(db)?;
            let target = store.apply(&Command::SignOff(SignOffDraft {
                preparer,
                reviewer,
                leader,
            }))?;
            finish(store, notes);
            let RecordRef::Revision(number) = target else {
                bail!("签发没有产生报送版本");
            };
            writeln!(out, "{number}")?;
        }
        CliCommand::ExportXlsx { out: dest, flat } => {
            let (store, _) = Store::open_for_reading(db)?;
            let layout = if flat {
                interop::LedgerLayout::Flat
            } else {
                interop::LedgerLayout::Merged
            };
            let report = interop::export_xlsx(&store, &dest, layout)?;
            writeln!(
                out,
                "已导出 Excel:{}（{} 个问题，{} 条整改措施，{} 字节，已校验）。",
                dest.display(),
                report.problems,
                report.measures,
                report.bytes
            )?;
        }
        CliCommand::ExportTemplate { out: dest } => {
            let (store, _) = Store::open_for_reading(db)?;
            let template = interop::export_template(&store, &dest)?;
            let items: usize = template
                .categories
                .iter()
                .map(|area| area.items.len())
                .sum();
            writeln!(
                out,
                "已导出模板：{}（{} 个类别、{} 个子类，{} 个阶段）。",
                dest.display(),
                template.categories.len(),
                items,
                template.campaign.phases.len()
            )?;
        }
        CliCommand::ImportTemplate { input } => {
            let template = interop::read_template(&input)?;
            let mut store = open_existing(db)?;
            let report = interop::import_template(&mut store, &template)?;
            finish(store, notes);
            writeln!(
                out,
                "已导入模板：新增 {} 个类别、{} 个子类，{} 项已存在未改动；专项活动已按模板更新为「{}」（{} 个阶段）。",
                report.areas_added,
                report.items_added,
                report.unchanged,
                template.campaign.title,
                template.campaign.phases.len()
            )?;
        }
        CliCommand::ExportCsv { out: dest } => {
            let (store, _) = Store::open_for_reading(db)?;
            let report = interop::export_csv(&store, &dest)?;
            writeln!(
                out,
                "已导出 CSV:{}（{} 个问题，{} 条整改措施，已校验）。",
                dest.display(),
                report.problems,
                report.measures
            )?;
        }
        CliCommand::ImportXlsx {
            input,
            verifier,
            sheet,
            no_grouping,
        } => {
            let mut store = open_existing(db)?;
            let options = ImportOptions {
                today: local_today(),
                close_out_verifier: verifier,
                group_repeated_rows: !no_grouping,
            };
            let mut preview = interop::preview_xlsx(&input)?;
            if !sheet.is_empty() {
                preview.choose(&sheet).map_err(|reason| anyhow!(reason))?;
            }
            let report =
                interop::import_preview(&mut store, &input, &preview, &options, &|| false)?;
            finish(store, notes);
            write_import_report(out, &report)?;
        }
        CliCommand::ExportPdf {
            kind,
            revision,
            out: dest,
        } => export_pdf(db, &kind, revision, &dest, out)?,
        CliCommand::ExportDocx {
            kind,
            revision,
            out: dest,
        } => export_docx(db, &kind, revision, &dest, out)?,
        CliCommand::ExportBundle {
            revision,
            out: dest,
        } => {
            let (store, _) = Store::open_for_reading(db)?;
            let written = bundle::export_bundle(&store, revision, &dest, &mut |_| {
                std::ops::ControlFlow::Continue(())
            })?;
            writeln!(
                out,
                "已导出第 {} 版数据包：{}（{} 个文件，其中佐证材料 {} 个，{} 字节）。已回读核验，可以安全拔出。",
                written.revision,
                dest.display(),
                written.files,
                written.evidence_files,
                written.bytes
            )?;
        }
        CliCommand::Verify { bundle: path } => {
            let verified = bundle::verify_bundle(&path)?;
            let manifest = &verified.manifest;
            let evidence = manifest
                .files
                .iter()
                .filter(|file| file.path.starts_with("evidence/"))
                .count();
            writeln!(
                out,
                "数据包有效：{}「{}」第 {} 版，{} 签发（填报人 {}，审核人 {}，主要负责人 {}）。",
                manifest.unit,
                manifest.campaign,
                manifest.revision,
                local_time_zh(&manifest.sign_off.signed_at),
                manifest.sign_off.preparer,
                manifest.sign_off.reviewer,
                manifest.sign_off.leader
            )?;
            let hashes = if manifest.is_sm2_signed() {
                "sha256 与 SM3"
            } else {
                "sha256"
            };
            writeln!(
                out,
                "{} 个文件（其中佐证材料 {evidence} 个）的 {hashes} 全部相符；{}有效。",
                manifest.files.len(),
                manifest.signature_label(),
            )?;
            write!(out, "单位签名编号 {}", grouped_key_id(&manifest.key_id))?;
            match &verified.sm2_public_key {
                Some(sm2) => writeln!(out, "，国密签名编号 {}。", sm2.fingerprint())?,
                None => writeln!(out, "；这是国密签名启用前的数据包，没有 SM2 签名。")?,
            }
            writeln!(out, "数据指纹（SHA-256）：{}", manifest.data_sha256)?;
            if let Some(sm3) = &manifest.data_sm3 {
                writeln!(out, "数据指纹（SM3）：{sm3}")?;
            }
        }
        CliCommand::InitAggregate { office } => {
            let name = office.trim().to_owned();
            let store = create_database(db, |store| {
                store.apply(&Command::InitOffice(OfficeDraft { name: office }))?;
                Ok(())
            })?;
            // Read back after the commit: a failure here must not report the new aggregate as
            // not made.
            let keys = store
                .unit_key()
                .ok()
                .flatten()
                .map(|key| match &key.sm2 {
                    Some(sm2) => format!("{}，国密 {}", key.fingerprint(), sm2.fingerprint()),
                    None => key.fingerprint(),
                })
                .unwrap_or_default();
            finish(store, notes);
            writeln!(
                out,
                "已建立「{name}」汇总库：{}（回执签名密钥 {keys}）",
                db.display()
            )?;
        }
        CliCommand::ImportBundle {
            bundles,
            replace_key,
        } => import_bundles(db, &bundles, replace_key, out, notes)?,
        CliCommand::ExportReceipt {
            unit,
            pdf,
            out: dest,
        } => {
            let (store, _) = Store::open_for_reading(db)?;
            let receipt = bundle::receipt::write_receipt(&store, &unit, &dest)?;
            writeln!(
                out,
                "已写出「{}」第 {} 版的回执：{}",
                receipt.unit,
                receipt.revision,
                dest.display()
            )?;
            if let Some(pdf) = pdf {
                let fonts = crate::report::system_fonts()?;
                let document = crate::report::layout_receipt(&receipt, &fonts)?;
                let written = crate::report::write_pdf_file(document, &fonts, &pdf)?;
                writeln!(
                    out,
                    "已生成可打印的回执：{}（{} 页），已回读校验。",
                    pdf.display(),
                    written.pages
                )?;
            }
        }
        CliCommand::ImportReceipt { input } => {
            let mut store = open_existing(db)?;
            let receipt = bundle::receipt::read_receipt(&input)?;
            let signature_label = receipt.signature_label();
            let outcome = store.apply(&Command::ImportReceipt {
                receipt: Box::new(receipt),
            });
            // Read back after the commit: a failed read must not report the receipt as not
            // imported.
            let receipts = store.receipts().unwrap_or_default();
            finish(store, notes);
            match outcome {
                Ok(RecordRef::Revision(number)) => {
                    match receipts.iter().find(|r| r.revision == number) {
                        Some(record) => writeln!(
                            out,
                            "第 {number} 版：已报送 · 已接收 {}（{}，回执{}）",
                            local_time_zh(&record.received_at),
                            record.office,
                            signature_label
                        )?,
                        None => writeln!(out, "第 {number} 版：已报送 · 已接收")?,
                    }
                }
                Ok(other) => bail!("导入回执返回了意外的记录 {other}"),
                Err(StoreError::AlreadyReceived { revision, .. }) => {
                    writeln!(out, "第 {revision} 版的回执已经导入过，未作改动。")?;
                }
                Err(err) => return Err(err.into()),
            }
        }
        CliCommand::Backup { out: dest } => {
            let (store, _) = Store::open_for_reading(db)?;
            store.backup_to(&dest)?;
            writeln!(out, "已备份到 {}（已校验）。", dest.display())?;
        }
        CliCommand::Restore { input } => {
            let mut store = Store::open(db)?;
            let saved = store.restore_from(&input)?;
            finish(store, notes);
            writeln!(
                out,
                "已从 {} 恢复。恢复前的数据已另存为 {}。",
                input.display(),
                saved.display()
            )?;
        }
    }
    Ok(())
}

/// `import-bundle`: each bundle in its own transaction; one refused bundle does not stop the
/// others, but makes the command fail at the end.
fn import_bundles(
    db: &Path,
    bundles: &[PathBuf],
    replace_key: bool,
    out: &mut impl Write,
    notes: &mut impl Write,
) -> Result<()> {
    let mut store = open_existing(db)?;
    let mut refused = Vec::new();
    for path in bundles {
        let outcome = bundle::receive(&mut store, path, replace_key);
        match (&outcome, outcome.reason()) {
            (ReceiveOutcome::Received(received), _) => describe_received(received, path, out)?,
            (ReceiveOutcome::Unchanged { .. }, Some(reason)) => writeln!(out, "{reason}")?,
            (_, reason) => {
                let reason = reason.unwrap_or_default();
                writeln!(out, "未接收 {}：{reason}", path.display())?;
                refused.push(format!("{}：{reason}", path.display()));
            }
        }
    }
    finish(store, notes);
    if !refused.is_empty() {
        bail!("{} 个数据包未接收：\n{}", refused.len(), refused.join("\n"));
    }
    Ok(())
}

/// Prints a received revision and what changed since the unit's previous one.
fn describe_received(received: &ReceivedBundle, path: &Path, out: &mut impl Write) -> Result<()> {
    let comparison = match &received.comparison {
        Ok(comparison) => comparison,
        // The bundle is received once the transaction commits; what follows only describes
        // it, and a failure to describe it must not turn into a refusal.
        Err(err) => {
            writeln!(out, "已接收 {}（详情无法读取：{err}）", path.display())?;
            return Ok(());
        }
    };
    writeln!(
        out,
        "已接收「{}」第 {} 版（{} 签发，{}）：{}",
        received.unit,
        received.revision,
        local_time_zh(&received.signed_at),
        received.signature_label,
        path.display()
    )?;
    if let Some(comparison) = comparison {
        let diff = &comparison.diff;
        writeln!(
            out,
            "  与第 {} 版相比：新增 {}，修改 {}，销号 {}，删除 {}",
            comparison.previous_revision,
            diff.count(ChangeKind::Added),
            diff.count(ChangeKind::Changed),
            diff.count(ChangeKind::Closed),
            diff.count(ChangeKind::Removed)
        )?;
        for change in &diff.changes {
            writeln!(out, "  【{}】{}", change.change.label(), change.label)?;
        }
    }
    Ok(())
}

/// `summary` of an aggregate: the totals and one line (or object) per unit.
fn write_aggregate_summary(store: &Store, json: bool, out: &mut impl Write) -> Result<()> {
    let summary = store.aggregate_summary(local_today())?;
    if json {
        writeln!(out, "{}", serde_json::to_string(&summary)?)?;
        return Ok(());
    }
    let office = store
        .office()?
        .map(|office| office.name)
        .unwrap_or_default();
    writeln!(out, "汇总库：{office}，{} 个单位", summary.total.units)?;
    for unit in &summary.per_unit {
        let counts = &unit.summary;
        writeln!(
            out,
            "{}：第 {} 版，问题 {}，措施 {}（已销号 {}），逾期 {}，完成率 {:.0}%",
            unit.unit,
            counts.revision.unwrap_or_default(),
            counts.problems,
            counts.measures,
            counts.measures_by_status.closed,
            counts.overdue,
            counts.completion_rate() * 100.0
        )?;
    }
    let total = &summary.total;
    writeln!(
        out,
        "合计：问题 {}，措施 {}，逾期 {}，完成率 {:.0}%",
        total.problems,
        total.measures,
        total.overdue,
        total.completion_rate() * 100.0
    )?;
    Ok(())
}

fn write_import_report(out: &mut impl Write, report: &ImportReport) -> Result<()> {
    let sheets: Vec<String> = report
        .sheets
        .iter()
        .map(|sheet| format!("「{sheet}」"))
        .collect();
    writeln!(
        out,
        "已从工作表{}导入 {} 个问题、{} 条整改措施（共 {} 行）。",
        sheets.join("、"),
        report.problems,
        report.measures,
        report.rows_imported
    )?;
    if report.closed_out > 0 {
        writeln!(
            out,
            "原台账已销号的 {} 条措施已按核验人销号。",
            report.closed_out
        )?;
    }
    if report.closed_as_completed > 0 {
        writeln!(
            out,
            "原台账已销号的 {} 条措施按「已完成」导入，需核验后再销号（可用 --verifier 指定核验人）。",
            report.closed_as_completed
        )?;
    }
    if !report.skipped.is_empty() {
        writeln!(out, "跳过 {} 行：", report.skipped.len())?;
        for note in &report.skipped {
            writeln!(out, "  {}：{}", note.place(sheets.len()), note.reason)?;
        }
    }
    if !report.warnings.is_empty() {
        writeln!(out, "提示 {} 处：", report.warnings.len())?;
        for note in &report.warnings {
            writeln!(out, "  {}：{}", note.place(sheets.len()), note.reason)?;
        }
    }
    Ok(())
}

/// `export-pdf`: a document from a revision or, marked 草稿, from the working data.
fn export_pdf(
    db: &Path,
    kind: &str,
    revision: Option<i64>,
    dest: &Path,
    out: &mut impl Write,
) -> Result<()> {
    if kind == "summary" {
        return export_summary_pdf(db, revision, dest, out);
    }
    let kind = DocumentKind::from_code(kind).ok_or_else(|| {
        anyhow!("未知的文档类型「{kind}」：可选 ledger、commitment、progress、rules、summary")
    })?;
    let data = document_data(db, revision)?;
    let written = export_pdf_file(kind, &data, dest)?;
    writeln!(
        out,
        "已生成{}（{}）：{}，共 {} 页，{} 字节，已回读校验，可以安全拔出。",
        kind.label(),
        data.version_label(),
        dest.display(),
        written.pages,
        written.bytes
    )?;
    Ok(())
}

/// The data of signed `revision` of the database at `db`, or a draft of its working data.
fn document_data(db: &Path, revision: Option<i64>) -> Result<DocumentData> {
    let (store, _) = Store::open_for_reading(db)?;
    Ok(DocumentData::revision_or_draft(
        &store,
        revision,
        local_today(),
    )?)
}

/// `export-docx`: a Word document from a revision or from the working data.
fn export_docx(
    db: &Path,
    kind: &str,
    revision: Option<i64>,
    dest: &Path,
    out: &mut impl Write,
) -> Result<()> {
    let kind = WordDocument::from_code(kind).ok_or_else(|| {
        anyhow!("未知的文档类型「{kind}」：可选 commitment、progress、work-summary")
    })?;
    let data = document_data(db, revision)?;
    let bytes = write_docx(kind, &data, dest)?;
    writeln!(
        out,
        "已生成 Word 文档{}（{}）：{}，{bytes} 字节，已回读校验，可以安全拔出。",
        kind.label(),
        data.version_label(),
        dest.display(),
    )?;
    Ok(())
}

/// `export-pdf --kind summary`: the aggregate's 各单位整改情况汇总报告 over each unit's newest
/// received revision.
fn export_summary_pdf(
    db: &Path,
    revision: Option<i64>,
    dest: &Path,
    out: &mut impl Write,
) -> Result<()> {
    if revision.is_some() {
        bail!("汇总报告总是按各单位最新接收的版本生成，不能指定 --revision。");
    }
    let (store, _) = Store::open_for_reading(db)?;
    let data = AggregateView::load_required(&store, local_today())?;
    let written = export_aggregate_pdf(&data, dest)?;
    writeln!(
        out,
        "已生成{}（{} 个单位）：{}，共 {} 页，{} 字节，已回读校验，可以安全拔出。",
        aggregate_report_title(&data),
        data.units.len(),
        dest.display(),
        written.pages,
        written.bytes
    )?;
    Ok(())
}

fn write_summary_text(out: &mut impl Write, unit: Option<&str>, summary: &Summary) -> Result<()> {
    let by_status = &summary.measures_by_status;
    writeln!(out, "单位：{}", unit.unwrap_or("（尚未建立）"))?;
    writeln!(out, "问题：{} 个", summary.problems)?;
    writeln!(
        out,
        "整改措施：{} 条（未启动 {}，整改中 {}，已完成 {}，已销号 {}）",
        summary.measures,
        by_status.not_started,
        by_status.in_progress,
        by_status.completed,
        by_status.closed
    )?;
    writeln!(out, "逾期未完成：{} 条", summary.overdue)?;
    writeln!(
        out,
        "整改承诺：{} 项；制度：{} 项",
        summary.commitments, summary.rules
    )?;
    match summary.revision {
        Some(number) => writeln!(out, "最新报送版本：第 {number} 版")?,
        None => writeln!(out, "尚未审核签发")?,
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::bundle::BundleError;
    use crate::domain::DomainError;
    use crate::interop::InteropError;

    #[test]
    fn an_error_message_names_each_cause_once() {
        let denied = std::io::Error::new(std::io::ErrorKind::PermissionDenied, "拒绝访问");
        let err = anyhow::Error::new(StoreError::io("备份.tmp", denied));
        assert_eq!(
            error_message(&err),
            "读写文件 备份.tmp 失败：没有权限，或文件正被 WPS、Excel 等程序打开（系统提示：拒绝访问）"
        );
        // A context that does not name its cause is followed by it.
        let err = Err::<(), _>(std::io::Error::other("磁盘已满"))
            .context("无法写入数据包")
            .unwrap_err();
        assert_eq!(error_message(&err), "无法写入数据包：磁盘已满");
        // A context over a typed error: the context, then the typed error's message, which
        // names its own cause.
        let err = Err::<(), _>(StoreError::io(
            "台账.db",
            std::io::Error::other("设备未就绪"),
        ))
        .context("无法创建数据目录 数据")
        .unwrap_err();
        assert_eq!(
            error_message(&err),
            "无法创建数据目录 数据：读写文件 台账.db 失败：设备未就绪"
        );
    }

    /// The message `err` ends a command with, checked to name `cause` exactly once: the error
    /// names its cause and must not also hand it on as the next link of the chain.
    fn assert_names_once(err: impl Into<anyhow::Error>, cause: &str) -> String {
        let message = error_message(&err.into());
        assert_eq!(message.matches(cause).count(), 1, "{message}");
        message
    }

    /// A SQLite failure whose own text is distinctive enough to be counted.
    fn disk_full() -> rusqlite::Error {
        rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_FULL), None)
    }

    #[test]
    fn a_store_error_names_its_sqlite_or_io_cause_once() {
        let sqlite_text = disk_full().to_string();
        let message = assert_names_once(StoreError::from(disk_full()), &sqlite_text);
        assert!(
            message.starts_with("数据库操作失败：磁盘或 U 盘的空间已满"),
            "{message}"
        );

        let io = std::io::Error::other("扇区读取失败");
        let message = assert_names_once(StoreError::io("台账.db", io), "扇区读取失败");
        assert_eq!(message, "读写文件 台账.db 失败：扇区读取失败");

        let json = serde_json::from_str::<i64>("不是数字").unwrap_err();
        let json_text = json.to_string();
        assert_names_once(StoreError::from(json), &json_text);

        let domain = DomainError::Required {
            field: "问题表现"
        };
        let domain_text = domain.to_string();
        let message = assert_names_once(StoreError::from(domain), &domain_text);
        assert_eq!(message, domain_text);
    }

    #[test]
    fn a_bundle_error_names_its_store_or_io_cause_once() {
        let sqlite_text = disk_full().to_string();
        let store = StoreError::from(disk_full());
        let store_text = store.to_string();
        let message = assert_names_once(BundleError::from(store), &sqlite_text);
        assert_eq!(message, store_text);

        let io = std::io::Error::other("扇区写入失败");
        let store = StoreError::io("台账.db", io);
        assert_names_once(BundleError::from(store), "扇区写入失败");

        let io = std::io::Error::other("U 盘接触不良");
        let message = assert_names_once(BundleError::io("第1版.zip", io), "U 盘接触不良");
        assert_eq!(message, "无法读写 第1版.zip：U 盘接触不良");

        let io = std::io::Error::other("写入中断");
        let message = assert_names_once(BundleError::from(io), "写入中断");
        assert!(
            message.starts_with("写入数据包时出错：写入中断。"),
            "{message}"
        );
    }

    #[test]
    fn an_interop_error_names_its_store_cause_once() {
        let sqlite_text = disk_full().to_string();
        let store = StoreError::from(disk_full());
        let store_text = store.to_string();
        let message = assert_names_once(InteropError::from(store), &sqlite_text);
        assert_eq!(message, store_text);

        let domain = DomainError::Required {
            field: "整改措施"
        };
        let domain_text = domain.to_string();
        let store = StoreError::from(domain);
        let message = assert_names_once(InteropError::from(store), &domain_text);
        assert_eq!(message, domain_text);

        let io = std::io::Error::other("表格被占用");
        let message = assert_names_once(InteropError::io("台账.xlsx", io), "表格被占用");
        assert!(
            message.starts_with("无法读写文件 台账.xlsx：表格被占用。"),
            "{message}"
        );
    }

    #[test]
    fn a_report_or_view_error_names_its_cause_once() {
        let io = std::io::Error::other("打印目录被锁定");
        let report = crate::report::ReportError::Write {
            path: "台账.pdf".into(),
            cause: io,
        };
        let message = assert_names_once(report, "打印目录被锁定");
        assert!(
            message.starts_with("无法写入 台账.pdf：打印目录被锁定。"),
            "{message}"
        );

        // A bundle export that fails while writing its documents says so once as well.
        let io = std::io::Error::other("文档写入中断");
        let report = crate::report::ReportError::Write {
            path: "承诺书.pdf".into(),
            cause: io,
        };
        assert_names_once(BundleError::from(report), "文档写入中断");

        let json = serde_json::from_str::<i64>("不是数字").unwrap_err();
        let json_text = json.to_string();
        let view = crate::view::ViewError::BadRevision {
            revision: 3,
            error: json,
        };
        assert_names_once(view, &json_text);

        let sqlite_text = disk_full().to_string();
        let view = crate::view::ViewError::from(StoreError::from(disk_full()));
        assert_names_once(view, &sqlite_text);
    }
}
