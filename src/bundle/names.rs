//! Entry names: the fixed layout of a bundle and the check that refuses anything else. A name is
//! accepted only when it is one of the layout's own, so no path trick (`../`, `/etc`, `C:\`,
//! NTFS streams, control characters) can ever reach a file system.

/// The signed table of contents.
pub const MANIFEST: &str = "manifest.json";
/// The minisign signature of [`MANIFEST`].
pub const SIGNATURE: &str = "manifest.json.minisig";
/// The unit's public key in minisign's format.
pub const PUBLIC_KEY: &str = "unit.pub";
/// The SM2 signature (DER, SM3 digest, the default distinguishing ID) of [`MANIFEST`].
pub const SM2_SIGNATURE: &str = "manifest.json.sm2sig";
/// The unit's SM2 public key, PEM SubjectPublicKeyInfo.
pub const SM2_PUBLIC_KEY: &str = "unit.sm2.pem";
/// The revision's canonical data.
pub const SNAPSHOT: &str = "data/snapshot.json";
/// The ledger as CSV for Excel users.
pub const LEDGER_CSV: &str = "data/ledger.csv";

/// The folders a listed file may be in.
const FOLDERS: [&str; 3] = ["data", "reports", "evidence"];
/// The longest accepted name, in bytes.
const MAX_NAME_BYTES: usize = 200;

/// Whether `name` is one of the files that sign the bundle rather than being listed: the
/// manifest, its two signatures and the two public keys.
pub fn is_signature_file(name: &str) -> bool {
    [
        MANIFEST,
        SIGNATURE,
        PUBLIC_KEY,
        SM2_SIGNATURE,
        SM2_PUBLIC_KEY,
    ]
    .contains(&name)
}

/// Checks an entry's raw name; returns it as text, or why it is refused (in Chinese).
pub fn check_entry_name(raw: &[u8]) -> Result<&str, &'static str> {
    let name = std::str::from_utf8(raw).map_err(|_| "文件名不是 UTF-8 编码")?;
    if name.is_empty() || name.len() > MAX_NAME_BYTES {
        return Err("文件名为空或过长");
    }
    if name.chars().any(char::is_control) {
        return Err("文件名含有控制字符");
    }
    if name.starts_with('/') || name.starts_with('\\') {
        return Err("文件名是绝对路径");
    }
    if name.contains('\\') {
        return Err("文件名含有反斜杠（Windows 路径）");
    }
    if name.contains(':') {
        return Err("文件名含有冒号（盘符或数据流）");
    }
    if name
        .split('/')
        .any(|part| part.is_empty() || part == "." || part == "..")
    {
        return Err("文件名含有空的、「.」或「..」路径段");
    }
    if is_signature_file(name) {
        return Ok(name);
    }
    match name.split_once('/') {
        Some((folder, file)) if FOLDERS.contains(&folder) && !file.contains('/') => Ok(name),
        _ => Err("不在数据包规定的目录（data、reports、evidence）中"),
    }
}

/// The archive name of an evidence file: its sha256 and the extension of the name the user
/// gave it, when that extension is short and plain.
pub fn evidence_name(sha256: &str, file_name: &str) -> String {
    let extension = file_name
        .rsplit_once('.')
        .map(|(_, extension)| extension.to_ascii_lowercase())
        .filter(|extension| {
            (1..=8).contains(&extension.len())
                && extension.chars().all(|c| c.is_ascii_alphanumeric())
        });
    match extension {
        Some(extension) => format!("evidence/{sha256}.{extension}"),
        None => format!("evidence/{sha256}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_layout_names_are_accepted() {
        for name in [
            MANIFEST,
            SIGNATURE,
            PUBLIC_KEY,
            SM2_SIGNATURE,
            SM2_PUBLIC_KEY,
            SNAPSHOT,
            LEDGER_CSV,
            "reports/ledger.pdf",
            "evidence/ab12.jpg",
        ] {
            assert_eq!(check_entry_name(name.as_bytes()), Ok(name));
        }
    }

    #[test]
    fn path_tricks_are_refused_with_their_reason() {
        let cases: [(&[u8], &str); 12] = [
            (b"../evil.json", "「..」"),
            (b"data/../../evil", "「..」"),
            (b"/etc/passwd", "绝对路径"),
            (b"\\windows\\x", "绝对路径"),
            (b"C:\\evil.exe", "反斜杠"),
            (b"C:/evil.exe", "冒号"),
            (b"data/a.json:stream", "冒号"),
            (b"data//a.json", "空的"),
            (b"data/./a.json", "「.」"),
            (b"data/a\0.json", "控制字符"),
            (b"other/a.json", "规定的目录"),
            (b"data/sub/a.json", "规定的目录"),
        ];
        for (raw, reason) in cases {
            let refused = check_entry_name(raw).unwrap_err();
            assert!(refused.contains(reason), "{raw:?}: {refused}");
        }
        assert!(check_entry_name(&[0xff, 0xfe]).is_err());
        assert!(check_entry_name(&[b'a'; 300]).is_err());
    }

    #[test]
    fn evidence_keeps_only_a_plain_extension() {
        assert_eq!(evidence_name("ab", "现场照片.JPG"), "evidence/ab.jpg");
        assert_eq!(evidence_name("ab", "说明"), "evidence/ab");
        assert_eq!(evidence_name("ab", "x.tar.gz"), "evidence/ab.gz");
        assert_eq!(evidence_name("ab", "x.很长的扩展名"), "evidence/ab");
    }
}
