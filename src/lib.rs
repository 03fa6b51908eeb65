//! zhenggai (整改台账): the library behind the desktop app and the command line.
//!
//! Layers, lowest first; each uses only the layers before it (ARCHITECTURE.md draws them):
//! - [`atomic_file`], [`bounded_read`], [`io_reason`]: writing an export so that a pulled USB
//!   stick never leaves half a file; reading untrusted files within bounds; why I/O failed, in
//!   Chinese.
//! - [`domain`]: pure types and rules (ids, statuses, validation, overdue maths, today's date,
//!   and [`domain::Command`], every edit as data — never a path).
//! - [`signing`]: checking minisign signatures and key ids, as the standard tool reads them.
//! - [`store`]: SQLite storage: open, migrate, back up, apply commands, read domain types.
//! - [`setup`], [`demo`], [`undo`]: a new workbook; demo data from the policy documents'
//!   vocabulary; how each edit of a session is reversed — all through commands.
//! - [`view`]: what the screens and the documents show, loaded from the store (workbook,
//!   dashboard, submission, aggregate, document data), testable without a window.
//! - [`report`]: PDF documents laid out from data handed in; it never reads the store.
//! - [`interop`]: Excel/WPS ledgers: xlsx export, xlsx/xls/ods import, CSV export, templates.
//! - [`bundle`]: the data bundle: export, verify, [`bundle::receive`] into an aggregate, and
//!   receipts.
//! - [`cli`]: the command-line interface over the layers above.
//!
//! The desktop UI is not part of the library: it lives in the binary (`src/ui/`) and reaches the
//! core only through this public API.

pub mod atomic_file;
pub mod bounded_read;
pub mod bundle;
pub mod cli;
pub mod cli_help;
pub mod demo;
pub mod domain;
pub mod guomi;
pub mod interop;
pub mod io_reason;
pub mod printing;
pub mod report;
pub mod setup;
pub mod signing;
pub mod store;
pub mod undo;
pub mod view;
