//! Excel interop: the ledgers departments already keep in Excel/WPS.
//!
//! - Export ([`export_xlsx`]): the 问题整改台账 sheet as people lay it out (title row, header,
//!   problem cells merged over their measure rows, real date cells, A4 landscape print setup),
//!   the counts by area and status, the commitments and the rules; written atomically. CSV of
//!   the ledger in UTF-8 with BOM ([`export_csv`]).
//! - Import ([`import_xlsx`]): .xlsx, .xls and .ods told apart by content; the header found by
//!   keywords in the first rows of every sheet ([`ColumnMapping`], which a UI can show and
//!   correct before [`import_preview`]); flat ledgers' repeated problem rows grouped; dates and
//!   statuses in the words people write; everything applied in one transaction with a report
//!   of the rows skipped and why.
//! - Templates ([`export_template`], [`import_template`]): the taxonomy and phase plan a
//!   superior hands down, merged into a unit's data by category name.

mod aggregate_xlsx;
mod cells;
mod columns;
mod error;
mod export_csv;
mod export_xlsx;
mod guard;
mod import;
mod ledger_rows;
mod parse;
mod preview;
mod read_sheet;
mod template;

pub use aggregate_xlsx::{AGGREGATE_SHEET, export_aggregate_xlsx};
pub use cells::{CellValue, parse_date_text, parse_deadline_text, parse_status};
pub use columns::{ColumnMapping, ColumnRole, HEADER_SEARCH_ROWS, LedgerField};
pub use error::{InteropError, InteropResult};
pub use export_csv::{export_csv, ledger_csv};
pub use export_xlsx::{
    COMMITMENTS_SHEET, ExportReport, LEDGER_SHEET, LedgerLayout, RULES_SHEET, STATS_SHEET,
    export_ledger_xlsx, export_xlsx,
};
pub use import::{
    CLOSE_OUT_PENDING_NOTE, ImportOptions, ImportReport, import_preview, import_xlsx,
};
pub use ledger_rows::{LEDGER_HEADERS, LedgerData, ledger_of, read_ledger};
pub use parse::{RowNote, SheetNameUse};
pub use preview::{ImportPreview, LedgerSheet, PreviewCounts, preview_xlsx};
pub use read_sheet::{Grid, MAX_ROWS, SheetFormat, detect_format};
pub use template::{
    TEMPLATE_FORMAT, Template, TemplateArea, TemplateReport, export_template, import_template,
    read_template,
};
