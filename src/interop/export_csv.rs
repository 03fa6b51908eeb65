//! The ledger as CSV in UTF-8 with a byte-order mark, so that Excel on Chinese Windows opens it
//! with the right encoding: one line per measure, the problem's cells repeated on each line.

use std::path::Path;

use super::error::{InteropError, InteropResult};
use super::export_xlsx::ExportReport;
use super::ledger_rows::{LEDGER_HEADERS, LedgerData, read_ledger};
use crate::atomic_file::write_atomically;
use crate::domain::Deadline;
use crate::store::Store;

/// The UTF-8 byte-order mark.
const BOM: &str = "\u{feff}";

/// Quotes a field when it holds a comma, quote or line break (RFC 4180).
fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// Writes the ledger of `store` as CSV to `path` atomically.
pub fn export_csv(store: &Store, path: &Path) -> InteropResult<ExportReport> {
    let ledger = read_ledger(store)?;
    let (text, measures) = ledger_csv(&ledger);
    write_atomically(path, text.as_bytes()).map_err(|err| InteropError::io(path, err))?;
    Ok(ExportReport {
        problems: ledger.problems.len(),
        measures,
        bytes: text.len() as u64,
    })
}

/// The ledger as CSV text with its byte-order mark, and the number of measure lines in it.
pub fn ledger_csv(ledger: &LedgerData) -> (String, usize) {
    let mut text = String::from(BOM);
    text.push_str(&LEDGER_HEADERS.join(","));
    text.push_str("\r\n");
    let mut measures = 0;
    for problem in &ledger.problems {
        let head = [
            problem.number.to_string(),
            field(&problem.category),
            field(&problem.description),
        ]
        .join(",");
        if problem.measures.is_empty() {
            text.push_str(&head);
            text.push_str(",,,,,,,\r\n");
        }
        for measure in &problem.measures {
            measures += 1;
            let deadline = measure.deadline.map(Deadline::label).unwrap_or_default();
            let line = [
                head.clone(),
                field(&measure.content),
                field(&measure.leader),
                field(&measure.division),
                field(&measure.person),
                deadline,
                field(&measure.progress),
                measure.status.label().to_owned(),
            ]
            .join(",");
            text.push_str(&line);
            text.push_str("\r\n");
        }
    }
    (text, measures)
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn fields_with_separators_are_quoted() {
        assert_eq!(field("窗口"), "窗口");
        assert_eq!(field("甲,乙"), "\"甲,乙\"");
        assert_eq!(field("说\"好\""), "\"说\"\"好\"\"\"");
        assert_eq!(field("一\n二"), "\"一\n二\"");
    }
}
