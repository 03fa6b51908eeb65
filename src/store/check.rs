//! The `check` command: SQLite integrity, foreign keys, the audit chain, revision fingerprints
//! and evidence hashes.

use std::collections::HashMap;

use sha2::{Digest, Sha256};

use super::Store;
use super::error::StoreResult;
use crate::domain::audit::hex_lower;
use crate::domain::snapshot::sha256_hex;
use crate::guomi::Sm3Hasher;

/// One problem `check` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckFinding {
    /// Which check: `integrity`, `foreign_keys`, `audit`, `revision` or `evidence`.
    pub check: &'static str,
    /// What is wrong, in Chinese, naming the record.
    pub message: String,
}

/// Everything `check` found; empty when the database is intact.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckReport {
    /// The findings, in check order.
    pub findings: Vec<CheckFinding>,
    /// How many audit entries were verified.
    pub audit_entries: usize,
}

impl CheckReport {
    /// Whether nothing was found.
    pub fn is_ok(&self) -> bool {
        self.findings.is_empty()
    }

    fn add(&mut self, check: &'static str, message: String) {
        self.findings.push(CheckFinding { check, message });
    }
}

impl Store {
    /// Runs every check and reports what it found; only a failure to read at all is an error.
    pub fn check(&self) -> StoreResult<CheckReport> {
        let mut report = CheckReport::default();
        let mut statement = self.conn.prepare("PRAGMA integrity_check")?;
        let lines = statement
            .query_map([], |row| row.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        if lines != ["ok"] {
            for line in lines {
                report.add("integrity", format!("数据库结构损坏：{line}"));
            }
        }

        let mut statement = self.conn.prepare("PRAGMA foreign_key_check")?;
        let broken = statement
            .query_map([], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, Option<i64>>(1)?,
                    row.get::<_, String>(2)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        for (table, rowid, parent) in broken {
            report.add(
                "foreign_keys",
                format!(
                    "表 {table} 第 {} 行引用的 {parent} 记录不存在",
                    rowid.map_or_else(|| "?".to_owned(), |id| id.to_string())
                ),
            );
        }

        let entries = super::audit::entries(&self.conn)?;
        report.audit_entries = entries.len();
        if let Some(message) = super::audit::first_break(&entries) {
            report.add("audit", message);
        }

        // Frozen data: its own fingerprint, and the fingerprint its audit entry recorded.
        let audited: HashMap<&str, String> = entries
            .iter()
            .filter_map(|entry| {
                let details: serde_json::Value = serde_json::from_str(&entry.details).ok()?;
                let logged = details.get("data_sha256")?.as_str()?.to_owned();
                Some((entry.target.as_str(), logged))
            })
            .collect();
        for (table, target_kind, what) in [
            ("revision", "revision", "报送版本"),
            ("received_revision", "received", "已接收的报送版本"),
        ] {
            let key = if table == "revision" { "number" } else { "id" };
            let mut statement = self.conn.prepare(&format!(
                "SELECT {key}, data_sha256, canonical_json FROM {table} ORDER BY {key}"
            ))?;
            let frozen = statement
                .query_map([], |row| {
                    Ok((
                        row.get::<_, i64>(0)?,
                        row.get::<_, String>(1)?,
                        row.get::<_, String>(2)?,
                    ))
                })?
                .collect::<Result<Vec<_>, _>>()?;
            for (number, recorded, json) in frozen {
                if sha256_hex(&json) != recorded {
                    report.add(
                        "revision",
                        format!("{what} {number} 的数据与签发时的指纹不符，可能被篡改"),
                    );
                    continue;
                }
                let target = format!("{target_kind}:{number}");
                if audited
                    .get(target.as_str())
                    .is_some_and(|logged| *logged != recorded)
                {
                    report.add(
                        "revision",
                        format!("{what} {number} 的指纹与操作日志中记录的不符，可能被篡改"),
                    );
                }
            }
        }

        let mut statement = self
            .conn
            .prepare("SELECT sha256, sm3 FROM file_blob ORDER BY sha256")?;
        let hashes = statement
            .query_map([], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, Option<String>>(1)?))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        for (recorded, recorded_sm3) in hashes {
            let mut hasher = HashingWriter {
                sha256: Sha256::new(),
                sm3: recorded_sm3.as_ref().map(|_| Sm3Hasher::new()),
            };
            self.copy_blob_to(&recorded, &mut hasher)?;
            let sm3 = hasher.sm3.map(Sm3Hasher::finish_hex);
            if hex_lower(&hasher.sha256.finalize()) != recorded || sm3 != recorded_sm3 {
                report.add(
                    "evidence",
                    format!("佐证材料文件 {} 的内容与其校验值不符", &recorded[..12]),
                );
            }
        }
        Ok(report)
    }
}

/// Feeds written bytes into the hashers, so a blob can be hashed while streamed: its sha256,
/// and its SM3 where one was recorded.
struct HashingWriter {
    sha256: Sha256,
    sm3: Option<Sm3Hasher>,
}

impl std::io::Write for HashingWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.sha256.update(buf);
        if let Some(sm3) = &mut self.sm3 {
            sm3.update(buf);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
