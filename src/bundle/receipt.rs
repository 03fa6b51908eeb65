//! The receipt (回执): the superior office's signed acknowledgement that it received a unit's
//! revision. A small JSON file carrying the receipt and a minisign signature of it by the
//! office's key; the office's public key travels inside, and the unit pins it on first use.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::error::{BundleError, BundleResult};
use super::manifest::comment_safe;
use crate::atomic_file::write_atomically;
use crate::bounded_read::read_at_most;
use crate::signing::{key_id_of_public_key, verify_signature};
use crate::store::{Store, StoreError};

pub use crate::domain::received::Receipt;

/// The format name of a receipt.
pub const RECEIPT_FORMAT: &str = "zhenggai-receipt";
/// The receipt format version.
pub const RECEIPT_VERSION: u32 = 1;
/// No real receipt comes near this size.
const MAX_RECEIPT_BYTES: u64 = 256 * 1024;

/// The file: the receipt and the signature of its JSON text.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReceiptFile {
    receipt: Receipt,
    signature: String,
}

/// The bytes the signature covers: the receipt's compact JSON, fields in declaration order.
fn signed_bytes(receipt: &Receipt) -> BundleResult<Vec<u8>> {
    serde_json::to_vec(receipt).map_err(|err| BundleError::Receipt(err.to_string()))
}

/// Writes the receipt for the newest received revision of `unit` in the aggregate `store`.
pub fn write_receipt(store: &Store, unit: &str, out: &Path) -> BundleResult<Receipt> {
    let office = store.office()?.ok_or(StoreError::NotAggregate)?;
    let received = store
        .latest_received()?
        .into_iter()
        .find(|received| received.unit == unit)
        .ok_or_else(|| BundleError::Receipt(format!("汇总库中没有「{unit}」的数据包")))?;
    let key = store.unit_key()?.ok_or(StoreError::NotAggregate)?;
    let receipt = Receipt {
        format: RECEIPT_FORMAT.to_owned(),
        version: RECEIPT_VERSION,
        office: office.name,
        office_key_id: key.key_id,
        office_public_key: key.public_key,
        unit: received.unit,
        revision: received.revision,
        data_sha256: received.data_sha256,
        manifest_sha256: received.manifest_sha256,
        received_at: received.received_at,
        issued_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    };
    let comment = format!(
        "zhenggai-receipt unit={} revision={}",
        comment_safe(&receipt.unit),
        receipt.revision
    );
    let signature = store.sign(&signed_bytes(&receipt)?, &comment)?;
    let file = ReceiptFile {
        receipt: receipt.clone(),
        signature,
    };
    let text =
        serde_json::to_vec_pretty(&file).map_err(|err| BundleError::Receipt(err.to_string()))?;
    write_atomically(out, &text).map_err(|err| BundleError::io(out, err))?;
    Ok(receipt)
}

/// Reads a receipt file and checks its signature against the key it carries. Whether that key
/// is the office's, and whether the receipt fits the unit's revisions, is for the store to
/// decide when the receipt is imported (`Command::ImportReceipt`).
pub fn read_receipt(path: &Path) -> BundleResult<Receipt> {
    let text = read_at_most(path, MAX_RECEIPT_BYTES)
        .map_err(|err| BundleError::io(path, err))?
        .ok_or_else(|| {
            BundleError::Receipt(format!("文件超过 {MAX_RECEIPT_BYTES} 字节，不是回执"))
        })?;
    let file: ReceiptFile = serde_json::from_slice(&text)
        .map_err(|err| BundleError::Receipt(format!("不是回执文件：{err}")))?;
    let receipt = file.receipt;
    if receipt.format != RECEIPT_FORMAT || receipt.version != RECEIPT_VERSION {
        return Err(BundleError::Receipt(format!(
            "格式为 {} 版本 {}，本程序只认 {RECEIPT_FORMAT} 版本 {RECEIPT_VERSION}",
            receipt.format, receipt.version
        )));
    }
    verify_signature(
        &receipt.office_public_key,
        &file.signature,
        &signed_bytes(&receipt)?,
    )
    .map_err(BundleError::Signature)?;
    let key_id =
        key_id_of_public_key(&receipt.office_public_key).map_err(BundleError::Signature)?;
    if key_id != receipt.office_key_id {
        return Err(BundleError::Receipt(format!(
            "回执中的密钥编号 {} 与其公钥 {key_id} 不符",
            receipt.office_key_id
        )));
    }
    Ok(receipt)
}
