//! The data bundle (数据包, DESIGN §6): a signed revision carried upward on a USB stick.
//!
//! A bundle is a plain zip: `manifest.json` lists every file with its size, sha256 and SM3, is
//! signed by the unit's minisign key (`manifest.json.minisig`, checkable with the standard
//! `minisign` tool against `unit.pub`) and co-signed by its SM2 key (`manifest.json.sm2sig`,
//! checkable with OpenSSL 3 or GmSSL against `unit.sm2.pem`), and the files are the revision's
//! canonical data, the ledger as CSV, the signed-off PDFs and the evidence. Bundles from before
//! 国密 carry the minisign signature alone and are still accepted.
//!
//! - [`export_bundle`] writes one atomically and verifies the written file before it reports
//!   success, so the UI may then say the stick can be removed.
//! - [`receipt`] is the superior office's signed acknowledgement (回执) of a received revision.
//! - [`verify_bundle`] checks a bundle from anywhere without ever extracting it: names, sizes,
//!   ratios and entry counts first, then the signature, then every file's hash, streaming.
//! - [`receive()`] verifies a bundle and stores its revision in an aggregate through a command
//!   carrying the verified revision, and tells what happened as a [`ReceiveOutcome`].

mod error;
mod export;
mod limits;
mod manifest;
mod names;
pub mod receipt;
mod receive;
mod verify;

pub use error::{BundleError, BundleResult};
pub use export::{ExportProgress, ExportedBundle, bundle_file_name, export_bundle};
pub use limits::Limits;
pub use manifest::{BUNDLE_FORMAT, BUNDLE_VERSION, Manifest, ManifestFile};
pub use names::{
    LEDGER_CSV, MANIFEST, PUBLIC_KEY, SIGNATURE, SM2_PUBLIC_KEY, SM2_SIGNATURE, SNAPSHOT,
};
pub use receive::{Comparison, ReceiveOutcome, ReceivedBundle, receive};
pub use verify::{VerifiedBundle, verify_bundle, verify_bundle_with};
