//! zhenggai (整改台账): the library behind the desktop app and the command line.
//!
//! Layers, lowest first; each uses only the layers before it:
//! - [`atomic_file`]: writing an export so that a pulled USB stick never leaves half a file.
//! - [`io_reason`]: why a file could not be read or written, in Chinese (a full or pulled stick).
//! - [`domain`]: pure types and rules (ids, statuses, validation, overdue maths, commands).
//! - [`signing`]: checking minisign signatures and key ids, as the standard tool reads them.
//! - [`store`]: SQLite storage: open, migrate, back up, apply commands, read domain types.
//! - [`setup`]: a new working database: unit, default categories, campaign.
//! - [`demo`]: realistic demo data built from the policy documents' vocabulary, via commands.
//! - [`interop`]: Excel/WPS ledgers: xlsx export, xlsx/xls/ods import, CSV export.
//! - [`undo`]: how each edit of a session is reversed.
//! - [`view`]: view models the desktop screens draw (workbook, ledger rows, dashboard,
//!   submission), rebuilt after edits and testable without a window.
//! - [`cli`]: the command-line interface over the layers above.
//!
//! The desktop UI is not part of the library: it lives in the binary (`src/ui/`) and reaches the
//! core only through this public API.

pub mod atomic_file;
pub mod bounded_read;
pub mod bundle;
pub mod cli;
pub mod demo;
pub mod domain;
pub mod interop;
pub mod io_reason;
pub mod report;
pub mod setup;
pub mod signing;
pub mod store;
pub mod undo;
pub mod view;
