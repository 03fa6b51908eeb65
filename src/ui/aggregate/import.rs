//! Receiving bundles in the aggregate: files or a whole folder chosen by dialog or typed, each
//! verified and stored in its own transaction on a worker thread with a progress bar; the
//! outcome of every file is listed, and a unit whose key changed can be accepted with an
//! explicit 更换密钥 after a confirmation.

use std::path::{Path, PathBuf};

use zhenggai::bundle::{self, ReceiveOutcome, ReceivedBundle};
use zhenggai::domain::revision_diff::ChangeKind;
use zhenggai::store::Store;

use crate::ui::shell::jobs::{JobDone, JobProgress, JobRequest};
use crate::ui::shell::session::Session;

/// What happened to one bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportOutcome {
    /// Stored as the unit's newest revision; `changes` summarises the difference from the
    /// revision received before it, if any.
    Received {
        /// What to show: unit and revision.
        text: String,
        /// What changed since the previous received revision.
        changes: Vec<String>,
    },
    /// Received before; nothing changed.
    Unchanged(String),
    /// Signed with another key than the one pinned for its unit.
    KeyChanged(String),
    /// Rejected, with the reason.
    Refused(String),
}

/// One bundle's line in the results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportLine {
    /// The bundle file.
    pub path: PathBuf,
    /// What happened.
    pub outcome: ImportOutcome,
}

/// The bundles at `path`: the file itself, or every `.zip` in the folder, by name.
pub fn bundles_at(path: &Path) -> Result<Vec<PathBuf>, String> {
    if path.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    let entries =
        std::fs::read_dir(path).map_err(|err| format!("无法读取 {}：{err}", path.display()))?;
    let mut bundles: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            path.is_file()
                && path
                    .extension()
                    .is_some_and(|extension| extension.eq_ignore_ascii_case("zip"))
        })
        .collect();
    bundles.sort();
    if bundles.is_empty() {
        return Err(format!("{} 中没有 .zip 数据包", path.display()));
    }
    Ok(bundles)
}

/// Asks the app to receive `bundles` on a worker thread, each in its own transaction; the
/// outcome of every file comes back to the screen as a `Vec<ImportLine>`
/// ([`Session::take_job_output`]). 取消 stops before the next bundle; those received stay.
pub fn request_import(session: &mut Session, bundles: Vec<PathBuf>, replace_key: bool) {
    let request = JobRequest::write("正在接收数据包……", move |store, job| {
        let total = bundles.len();
        let mut counts = [0_usize; 3];
        let mut lines = Vec::with_capacity(total);
        let mut cancelled = false;
        for (done, path) in bundles.into_iter().enumerate() {
            if job.stop_if_cancelled().is_err() {
                cancelled = true;
                break;
            }
            let name = path
                .file_name()
                .map_or_else(String::new, |name| name.to_string_lossy().into_owned());
            job.report(JobProgress {
                fraction: Some(done as f32 / total as f32),
                text: format!("{} / {total}：核验 {name}", done + 1),
            });
            let outcome = receive(store, &path, replace_key);
            counts[match outcome {
                ImportOutcome::Received { .. } => 0,
                ImportOutcome::Unchanged(_) => 1,
                ImportOutcome::KeyChanged(_) | ImportOutcome::Refused(_) => 2,
            }] += 1;
            lines.push(ImportLine { path, outcome });
        }
        let [received, unchanged, refused] = counts;
        let mut message = format!(
            "接收数据包：新接收 {received} 个，已接收过 {unchanged} 个，未接收 {refused} 个。"
        );
        if cancelled {
            message.push_str("已取消其余的数据包；已接收的保留。");
        }
        Ok(JobDone::with_output(message, lines))
    });
    session.request_job(request.cancellable());
}

/// Receives one bundle and says what happened.
fn receive(store: &mut Store, path: &Path, replace_key: bool) -> ImportOutcome {
    let outcome = bundle::receive(store, path, replace_key);
    let reason = outcome.reason().unwrap_or_default();
    match outcome {
        ReceiveOutcome::Received(received) => received_outcome(&received),
        ReceiveOutcome::Unchanged { .. } => ImportOutcome::Unchanged(reason),
        ReceiveOutcome::KeyChanged { .. } => ImportOutcome::KeyChanged(reason),
        ReceiveOutcome::Refused(_) => ImportOutcome::Refused(reason),
    }
}

/// The unit and revision just received, and what changed since the one before it.
fn received_outcome(received: &ReceivedBundle) -> ImportOutcome {
    let comparison = match &received.comparison {
        Ok(comparison) => comparison,
        // The bundle is stored either way; only the description could not be read.
        Err(err) => {
            return ImportOutcome::Received {
                text: format!("已接收（读取详情失败：{err}）"),
                changes: Vec::new(),
            };
        }
    };
    let text = format!(
        "已接收「{}」第 {} 版（{}）",
        received.unit, received.revision, received.signature_label
    );
    let mut changes = Vec::new();
    if let Some(comparison) = comparison {
        let diff = &comparison.diff;
        changes.push(format!(
            "与第 {} 版相比：新增 {}，修改 {}，销号 {}，删除 {}",
            comparison.previous_revision,
            diff.count(ChangeKind::Added),
            diff.count(ChangeKind::Changed),
            diff.count(ChangeKind::Closed),
            diff.count(ChangeKind::Removed)
        ));
        changes.extend(
            diff.changes
                .iter()
                .map(|change| format!("【{}】{}", change.change.label(), change.label)),
        );
    }
    ImportOutcome::Received { text, changes }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_yields_its_zip_files_by_name() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["乙-r1.zip", "甲-r1.ZIP", "说明.txt"] {
            std::fs::write(dir.path().join(name), b"x").unwrap();
        }
        let found = bundles_at(dir.path()).unwrap();
        let names: Vec<_> = found
            .iter()
            .map(|path| path.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["乙-r1.zip", "甲-r1.ZIP"]);
        assert_eq!(bundles_at(&found[0]).unwrap(), [found[0].clone()]);
        let empty = tempfile::tempdir().unwrap();
        assert!(bundles_at(empty.path()).unwrap_err().contains("没有"));
    }
}
