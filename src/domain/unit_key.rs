//! The unit's signing key （单位密钥）： a minisign key pair made when the unit is created, and an
//! SM2 key pair beside it （国密）. Their public halves travel in every bundle; their key ids are
//! printed on signed documents, so paper and USB submission can be matched to the unit.

use serde::{Deserialize, Serialize};

/// The public side of the unit's key, as shown and exported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitKey {
    /// The key id as minisign prints it: 16 upper-case hex digits.
    pub key_id: String,
    /// The public key in minisign's text format (`untrusted comment: …` and the base64 line),
    /// ready to be written as `unit.pub`.
    pub public_key: String,
    /// When the key was made, UTC RFC 3339.
    pub created_at: String,
    /// The SM2 key beside it. `None` only in a database from before 国密 that has not been
    /// opened for writing since, which is when it is given its pair.
    pub sm2: Option<Sm2PublicKey>,
}

impl UnitKey {
    /// The key id grouped in fours for reading aloud and printing: `1A2B 3C4D 5E6F 7A8B`.
    pub fn fingerprint(&self) -> String {
        grouped_key_id(&self.key_id)
    }
}

/// The public half of an SM2 key （国密签名密钥）.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sm2PublicKey {
    /// The 国密签名编号 is 16 upper-case hex digits of the SM3 of the key
    /// (`crate::guomi::key_id`).
    pub key_id: String,
    /// The key as PEM SubjectPublicKeyInfo, ready to be written as `unit.sm2.pem`.
    pub public_key: String,
}

impl Sm2PublicKey {
    /// The key id grouped in fours, as printed.
    pub fn fingerprint(&self) -> String {
        grouped_key_id(&self.key_id)
    }
}

/// How a bundle or receipt is signed, as it is reported: with both keys, or — one from before
/// 国密 came — with the minisign key alone.
pub fn signature_label(co_signed_with_sm2: bool) -> &'static str {
    if co_signed_with_sm2 {
        "Ed25519 与 SM2 双签名"
    } else {
        "仅 Ed25519 签名"
    }
}

/// A key id grouped in fours, as the 签发 screen and every printed document show a unit's
/// (or the superior office's) 签名编号: `1A2B 3C4D 5E6F 7A8B`.
pub fn grouped_key_id(key_id: &str) -> String {
    key_id
        .as_bytes()
        .chunks(4)
        .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_groups_the_key_id_in_fours() {
        let key = UnitKey {
            key_id: "1A2B3C4D5E6F7A8B".into(),
            public_key: String::new(),
            created_at: String::new(),
            sm2: None,
        };
        assert_eq!(key.fingerprint(), "1A2B 3C4D 5E6F 7A8B");
        assert_eq!(grouped_key_id("1A2B3C4D5E6F7A8B"), "1A2B 3C4D 5E6F 7A8B");
    }
}
