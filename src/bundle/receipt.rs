//! The receipt (回执): the superior office's signed acknowledgement that it received a unit's
//! revision. A small JSON file carrying the receipt, a minisign signature of it by the office's
//! key and an SM2 co-signature （国密）. The office's public keys travel inside, and the unit
//! pins them on first use. Receipts from before 国密 carry the minisign signature alone.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::error::{BundleError, BundleResult};
use super::manifest::comment_safe;
use crate::atomic_file::write_atomically;
use crate::bounded_read::read_at_most;
use crate::domain::audit::hex_lower;
use crate::guomi;
use crate::signing::{key_id_of_public_key, verify_signature};
use crate::store::{Store, StoreError};

pub use crate::domain::received::Receipt;

/// The format name of a receipt.
pub const RECEIPT_FORMAT: &str = "zhenggai-receipt";
/// The receipt format version.
pub const RECEIPT_VERSION: u32 = 1;
/// No real receipt comes near this size.
const MAX_RECEIPT_BYTES: u64 = 256 * 1024;

/// The file: the receipt and the signatures of its JSON text.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReceiptFile {
    receipt: Receipt,
    /// The minisign signature (`.minisig` text).
    signature: String,
    /// The SM2 signature in hex DER; present exactly when the receipt names an SM2 key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sm2_signature: Option<String>,
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
    let sm2 = key.sm2.ok_or_else(|| {
        StoreError::Key("汇总库还没有国密签名密钥：请先以可写方式打开一次汇总库，再写回执".into())
    })?;
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
        office_sm2_key_id: Some(sm2.key_id),
        office_sm2_public_key: Some(sm2.public_key),
        data_sm3: Some(store.received_data_sm3(received.id)?),
    };
    let comment = format!(
        "zhenggai-receipt unit={} revision={}",
        comment_safe(&receipt.unit),
        receipt.revision
    );
    let signed = signed_bytes(&receipt)?;
    let signature = store.sign(&signed, &comment)?;
    let sm2_signature = Some(hex_lower(&store.sign_sm2(&signed)?));
    let file = ReceiptFile {
        receipt: receipt.clone(),
        signature,
        sm2_signature,
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
    let signed = signed_bytes(&receipt)?;
    verify_signature(&receipt.office_public_key, &file.signature, &signed)
        .map_err(BundleError::Signature)?;
    check_sm2(&receipt, file.sm2_signature.as_deref(), &signed)?;
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

/// Checks the receipt's SM2 co-signature: present and valid when the receipt names the
/// office's SM2 key (which the minisign signature covers), absent when it names none.
fn check_sm2(receipt: &Receipt, signature: Option<&str>, signed: &[u8]) -> BundleResult<()> {
    let (key_id, public_key) = match (&receipt.office_sm2_key_id, &receipt.office_sm2_public_key) {
        (None, None) if signature.is_none() && receipt.data_sm3.is_none() => return Ok(()),
        (None, None) => {
            return Err(BundleError::Receipt(
                "回执带有国密签名或 SM3 指纹，却没有写明国密公钥".into(),
            ));
        }
        (Some(key_id), Some(public_key)) => (key_id, public_key),
        _ => {
            return Err(BundleError::Receipt(
                "回执中的国密密钥编号和公钥不全".into(),
            ));
        }
    };
    let signature = signature
        .ok_or_else(|| BundleError::Receipt("回执写明了国密公钥，却缺少国密签名".into()))?;
    let signature = decode_hex(signature)
        .ok_or_else(|| BundleError::Receipt("回执的国密签名不是十六进制文本".into()))?;
    let offered = guomi::key_id(public_key).map_err(BundleError::Signature)?;
    if &offered != key_id {
        return Err(BundleError::Receipt(format!(
            "回执中的国密密钥编号 {key_id} 与其公钥 {offered} 不符"
        )));
    }
    guomi::verify(public_key, &signature, signed).map_err(BundleError::Signature)
}

/// Lower- or upper-case hex as bytes; `None` for anything else.
fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || !text.bytes().all(|byte| byte.is_ascii_hexdigit()) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|at| {
            text.get(at..at + 2)
                .and_then(|pair| u8::from_str_radix(pair, 16).ok())
        })
        .collect()
}
