//! `manifest.json`: what the bundle holds and who signed it.

use serde::{Deserialize, Serialize};

use crate::domain::SignOff;

/// The format name in every manifest.
pub const BUNDLE_FORMAT: &str = "zhenggai-bundle";
/// The bundle format version this program writes and reads.
pub const BUNDLE_VERSION: u32 = 1;

/// The signed table of contents of a bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Always [`BUNDLE_FORMAT`].
    pub format: String,
    /// Always [`BUNDLE_VERSION`].
    pub version: u32,
    /// The unit's full name (单位全称).
    pub unit: String,
    /// The unit's organisation code; may be empty.
    pub unit_code: String,
    /// The superior office the unit reports to; may be empty.
    pub superior: String,
    /// The campaign's title.
    pub campaign: String,
    /// The revision number.
    pub revision: i64,
    /// Who signed the revision and when.
    pub sign_off: SignOff,
    /// sha256 of `data/snapshot.json`, the fingerprint printed on the paper documents.
    pub data_sha256: String,
    /// SM3 of `data/snapshot.json`, printed beside the sha256 one; in every bundle signed with
    /// SM2, absent from older ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_sm3: Option<String>,
    /// The previous revision's data sha256, chaining the revisions; `None` for revision 1.
    pub previous_data_sha256: Option<String>,
    /// The head of the unit's audit chain when the bundle was made.
    pub audit_chain_head: String,
    /// The unit key's id, as in `unit.pub`.
    pub key_id: String,
    /// The id of the unit's SM2 key in `unit.sm2.pem` ([`crate::guomi::key_id`]). Its presence
    /// says the bundle is co-signed with SM2 (`manifest.json.sm2sig`) and lists every file's SM3:
    /// the minisign signature covers it, so neither can be stripped. Absent from older bundles,
    /// which are signed with minisign alone （仅 Ed25519 签名）.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sm2_key_id: Option<String>,
    /// When the bundle was made, UTC RFC 3339.
    pub created_at: String,
    /// The program version that made it.
    pub app_version: String,
    /// Every file of the bundle except the manifest, its signatures and the public keys.
    pub files: Vec<ManifestFile>,
}

/// One file listed in the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestFile {
    /// Its name in the archive, e.g. `reports/ledger.pdf`.
    pub path: String,
    /// Its size in bytes.
    pub bytes: u64,
    /// Lower-case hex sha256 of its bytes.
    pub sha256: String,
    /// Lower-case hex SM3 of its bytes, in a bundle co-signed with SM2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sm3: Option<String>,
}

impl Manifest {
    /// Whether the bundle is co-signed with SM2 （国密双签名）.
    pub fn is_sm2_signed(&self) -> bool {
        self.sm2_key_id.is_some()
    }

    /// How the bundle is signed, as the verification reports it.
    pub fn signature_label(&self) -> &'static str {
        crate::domain::signature_label(self.is_sm2_signed())
    }

    /// The text the signature covers in its trusted comment, naming unit, revision and data.
    pub fn trusted_comment(&self) -> String {
        format!(
            "zhenggai-bundle v{} unit={} revision={} data_sha256={}",
            self.version,
            comment_safe(&self.unit),
            self.revision,
            self.data_sha256
        )
    }
}

/// `text` as it may stand in a signature's trusted comment, which minisign keeps on one line:
/// control characters (a line break in a unit name saved by an older version) are written as
/// `\u{a}`, so such a name can still be signed and verified.
pub fn comment_safe(text: &str) -> String {
    let mut safe = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            safe.extend(c.escape_unicode());
        } else {
            safe.push(c);
        }
    }
    safe
}
