//! The unit's signing key (单位密钥): a minisign key pair made when the unit is created. Its
//! public half travels in every bundle; its key id is printed on signed documents, so paper and
//! USB submission can be matched to the unit.

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
}

impl UnitKey {
    /// The key id grouped in fours for reading aloud and printing: `1A2B 3C4D 5E6F 7A8B`.
    pub fn fingerprint(&self) -> String {
        grouped_key_id(&self.key_id)
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
        };
        assert_eq!(key.fingerprint(), "1A2B 3C4D 5E6F 7A8B");
        assert_eq!(grouped_key_id("1A2B3C4D5E6F7A8B"), "1A2B 3C4D 5E6F 7A8B");
    }
}
