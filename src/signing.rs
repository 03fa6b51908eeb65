//! Minisign signatures without any storage: checking a signature against a public key, a
//! public key's id, and reading both texts exactly as the standard `minisign -V` tool reads
//! them. Below both the store (which signs with the unit's key) and the bundle layer (which
//! checks bundles and receipts), so that neither has to reach into the other for them.

use std::io::Cursor;

use minisign::PublicKeyBox;

/// minisign shows a key id as the little-endian number of its 8 key-number bytes, in hex.
pub fn key_id_of(keynum: &[u8]) -> String {
    use std::fmt::Write;
    keynum.iter().rev().fold(String::new(), |mut hex, byte| {
        // Writing to a String cannot fail.
        let _ = write!(hex, "{byte:02X}");
        hex
    })
}

/// Checks a minisign signature (`.minisig` text) of `data` against a public key (`.pub` text).
/// Returns the signature's trusted comment when it is valid.
///
/// Both texts are first read the way `minisign -V` (0.11) reads them, so that this check and
/// the standard tool never disagree on a file: the minisign crate alone reads more loosely
/// (it ignores the public key's algorithm bytes, trims spaces from the trusted comment,
/// accepts a signature line with bytes to spare and a global signature of any length — the
/// last even panics when it is too short). The crate is then given the texts written anew
/// from what was read.
pub fn verify_signature(public_key: &str, signature: &str, data: &[u8]) -> Result<String, String> {
    let public_key =
        canonical_public_key(public_key).map_err(|err| format!("公钥无法读取：{err}"))?;
    let signature = canonical_signature(signature).map_err(|err| format!("签名无法读取：{err}"))?;
    let pk = PublicKeyBox::from_string(&public_key)
        .and_then(PublicKeyBox::into_public_key)
        .map_err(|err| format!("公钥无法读取：{err}"))?;
    let signature = minisign::SignatureBox::from_string(&signature)
        .map_err(|err| format!("签名无法读取：{err}"))?;
    minisign::verify(&pk, &signature, Cursor::new(data), true, false, false)
        .map_err(|err| format!("签名无效：{err}"))?;
    signature
        .trusted_comment()
        .map_err(|err| format!("签名无法读取：{err}"))
}

/// The key id (16 upper-case hex digits, as minisign prints it) of a public key in minisign's
/// text format.
pub fn key_id_of_public_key(public_key: &str) -> Result<String, String> {
    let public_key =
        canonical_public_key(public_key).map_err(|err| format!("公钥无法读取：{err}"))?;
    let pk = PublicKeyBox::from_string(&public_key)
        .and_then(PublicKeyBox::into_public_key)
        .map_err(|err| format!("公钥无法读取：{err}"))?;
    Ok(key_id_of(pk.keynum()))
}

/// Whether two public key texts hold the same key. A key id alone does not say so: it is the
/// eight key-number bytes written inside the key, which whoever makes a key can choose.
pub fn same_public_key(a: &str, b: &str) -> bool {
    matches!((canonical_public_key(a), canonical_public_key(b)), (Ok(a), Ok(b)) if a == b)
}

// How `minisign -V` (0.11) reads its files: line by line with `fgets` into buffers sized for
// what the line should hold, so that a longer line runs into the next read; a value ends at
// its first NUL (a C string), CR or LF (`trim` clears every CR and LF); the comment lines and
// the signature line must end in a newline before any NUL (else "too long"), the key line
// and the global signature line need not; base64 is decoded by minisign's own `b64_to_bin`.
const UNTRUSTED_PREFIX: &[u8] = b"untrusted comment: ";
const TRUSTED_PREFIX: &[u8] = b"trusted comment: ";
/// `fgets` buffers: `COMMENTMAXBYTES`, `TRUSTEDCOMMENTMAXBYTES`, and for base64 lines
/// `B64_MAX_LEN_FROM_BIN_LEN(n) + 2`.
const COMMENT_BUFFER: usize = 1024;
const TRUSTED_BUFFER: usize = 8192;
const PUBLIC_KEY_BUFFER: usize = 59;
const SIGNATURE_BUFFER: usize = 103;
const GLOBAL_SIGNATURE_BUFFER: usize = 91;
/// The public key: algorithm `Ed`, 8 bytes of key id, 32 of key.
const PUBLIC_KEY_BYTES: usize = 42;
/// The signature: algorithm `ED` (pre-hashed), 8 bytes of key id, 64 of signature.
const SIGNATURE_BYTES: usize = 74;
/// The global signature over the signature and the trusted comment.
const GLOBAL_SIGNATURE_BYTES: usize = 64;

/// A text read the way C's `fgets` reads a file.
struct CLines<'a> {
    rest: &'a [u8],
}

impl<'a> CLines<'a> {
    /// The next read into a buffer of `size` bytes: up to and with the next newline, at most
    /// `size - 1` bytes; `None` at the end of the text.
    fn fgets(&mut self, size: usize) -> Option<&'a [u8]> {
        if self.rest.is_empty() {
            return None;
        }
        let most = size.saturating_sub(1).min(self.rest.len());
        let (head, _) = self.rest.split_at(most);
        let end = head
            .iter()
            .position(|byte| *byte == b'\n')
            .map_or(most, |at| at + 1);
        let (line, rest) = self.rest.split_at(end);
        self.rest = rest;
        Some(line)
    }
}

/// What minisign's `trim` leaves of a line read: the value up to the first NUL, CR or LF, and
/// whether the read ended in a newline before any NUL (minisign's "not too long").
fn c_trim(line: &[u8]) -> (&[u8], bool) {
    let c_string = line
        .iter()
        .position(|byte| *byte == 0)
        .map_or(line, |at| line.split_at(at).0);
    let ended = c_string.contains(&b'\n');
    let value = c_string
        .iter()
        .position(|byte| *byte == b'\r' || *byte == b'\n')
        .map_or(c_string, |at| c_string.split_at(at).0);
    (value, ended)
}

/// Reads a `.pub` text the way `minisign -V -p` does: a comment line of any text, then the key
/// in base64, whose algorithm must be `Ed` (the crate does not look at it). Returns the key
/// written anew as the crate reads it.
fn canonical_public_key(text: &str) -> Result<String, String> {
    let mut lines = CLines {
        rest: text.as_bytes(),
    };
    lines.fgets(COMMENT_BUFFER).ok_or("公钥文件是空的")?;
    let line = lines
        .fgets(PUBLIC_KEY_BUFFER)
        .ok_or("公钥文件缺少第 2 行（公钥本身）")?;
    let key = decode_exact(c_trim(line).0, PUBLIC_KEY_BYTES, "公钥")?;
    match key.first_chunk::<2>() {
        Some(b"Ed") => Ok(format!(
            "untrusted comment: minisign public key\n{}\n",
            encode_base64(&key)
        )),
        other => Err(format!(
            "公钥的算法标记是「{}」，不是 minisign 的 Ed25519 标记「Ed」",
            String::from_utf8_lossy(other.map_or(&[][..], |alg| &alg[..]))
        )),
    }
}

/// Reads a `.minisig` text the way `minisign -V` does: the untrusted comment, the signature in
/// base64 with algorithm `ED` (pre-hashed; legacy `Ed` signatures are refused, as by minisign
/// without `-l`), the trusted comment, the global signature. Returns it written anew as the
/// crate reads it.
fn canonical_signature(text: &str) -> Result<String, String> {
    let mut lines = CLines {
        rest: text.as_bytes(),
    };
    let (untrusted, ended) = c_trim(lines.fgets(COMMENT_BUFFER).ok_or("签名文件是空的")?);
    if !ended {
        return Err("第 1 行（不可信注释）过长或含有空字符".into());
    }
    if !untrusted.starts_with(UNTRUSTED_PREFIX) {
        return Err("第 1 行应以「untrusted comment：」开头".into());
    }
    let (signature, ended) = c_trim(
        lines
            .fgets(SIGNATURE_BUFFER)
            .ok_or("签名文件缺少第 2 行（签名）")?,
    );
    if !ended {
        return Err("第 2 行（签名）过长或含有空字符".into());
    }
    let signature = decode_exact(signature, SIGNATURE_BYTES, "签名")?;
    match signature.first_chunk::<2>() {
        Some(b"ED") => {}
        Some(b"Ed") => return Err("这是 minisign 的旧式签名（未预先散列），不被接受".into()),
        other => {
            return Err(format!(
                "签名的算法标记是「{}」，不是 minisign 的「ED」",
                String::from_utf8_lossy(other.map_or(&[][..], |alg| &alg[..]))
            ));
        }
    }
    let line = lines
        .fgets(TRUSTED_BUFFER)
        .ok_or("签名文件缺少第 3 行（可信注释）")?;
    let Some(rest) = line.strip_prefix(TRUSTED_PREFIX) else {
        return Err("第 3 行应以「trusted comment：」开头".into());
    };
    let (comment, ended) = c_trim(rest);
    if !ended {
        return Err("第 3 行（可信注释）过长或含有空字符".into());
    }
    let comment = std::str::from_utf8(comment).map_err(|_| "可信注释不是 UTF-8 文本")?;
    // The crate trims white space from the comment before checking its signature, minisign
    // does not: only a comment without any at its ends reads alike in both.
    if comment.trim() != comment {
        return Err("可信注释的首尾有空白字符".into());
    }
    let line = lines
        .fgets(GLOBAL_SIGNATURE_BUFFER)
        .ok_or("签名文件缺少第 4 行（全局签名）")?;
    let global = decode_exact(c_trim(line).0, GLOBAL_SIGNATURE_BYTES, "全局签名")?;
    Ok(format!(
        "untrusted comment: signature\n{}\ntrusted comment: {comment}\n{}\n",
        encode_base64(&signature),
        encode_base64(&global)
    ))
}

/// Decodes standard padded base64 the way minisign does (no white space, the padding
/// required, the unused bits of the last character ignored) and requires exactly `bytes`
/// bytes.
fn decode_exact(text: &[u8], bytes: usize, what: &str) -> Result<Vec<u8>, String> {
    decode_base64(text)
        .filter(|decoded| decoded.len() == bytes)
        .ok_or_else(|| format!("{what}不是 {bytes} 字节的标准 base64 编码"))
}

/// Standard base64 with its padding, as minisign's `b64_to_bin` decodes it; `None` for
/// anything else.
fn decode_base64(bytes: &[u8]) -> Option<Vec<u8>> {
    if bytes.is_empty() || !bytes.len().is_multiple_of(4) {
        return None;
    }
    let padding = bytes.iter().rev().take_while(|&&byte| byte == b'=').count();
    let (body, _) = bytes.split_at_checked(bytes.len().checked_sub(padding)?)?;
    if !matches!((body.len() % 4, padding), (0, 0) | (2, 2) | (3, 1)) {
        return None;
    }
    let mut out = Vec::with_capacity(body.len() / 4 * 3 + 2);
    let (mut acc, mut bits) = (0_u32, 0_u32);
    for &byte in body {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    // minisign ignores the bits left over after the last byte.
    Some(out)
}

/// Standard base64 with padding.
fn encode_base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let digit = |value: u32| char::from(ALPHABET[(value & 63) as usize]);
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let [a, b, c] = [0, 1, 2].map(|at| chunk.get(at).copied().map_or(0, u32::from));
        let group = (a << 16) | (b << 8) | c;
        out.push(digit(group >> 18));
        out.push(digit(group >> 12));
        out.push(if chunk.len() > 1 {
            digit(group >> 6)
        } else {
            '='
        });
        out.push(if chunk.len() > 2 { digit(group) } else { '=' });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_is_decoded_as_minisign_does() {
        let decode = |text: &str| decode_base64(text.as_bytes());
        assert_eq!(decode("RWQ=").as_deref(), Some(&b"Ed"[..]));
        assert_eq!(decode("RWRF").as_deref(), Some(&b"EdE"[..]));
        assert_eq!(decode("RQ==").as_deref(), Some(&b"E"[..]));
        // minisign ignores the unused bits of the last character.
        assert_eq!(decode("RWR=").as_deref(), Some(&b"Ed"[..]));
        assert_eq!(decode("RR==").as_deref(), Some(&b"E"[..]));
        // Missing padding, too much padding, spaces, other alphabets.
        for bad in ["RWQ", "RQ=", "R===", "RW Q=", "RW-_", "RWQ= ", "", "===="] {
            assert_eq!(decode(bad), None, "{bad}");
        }
        for bytes in [&b"E"[..], b"Ed", b"EdE", b"\xff\x00\x80\x7f"] {
            assert_eq!(decode(&encode_base64(bytes)).as_deref(), Some(bytes));
        }
        assert_eq!(encode_base64(b"Ed"), "RWQ=");
    }

    #[test]
    fn lines_are_read_as_fgets_and_trim_read_them() {
        let mut lines = CLines {
            rest: b"abc\r\nlong line\nlast",
        };
        assert_eq!(lines.fgets(10), Some(&b"abc\r\n"[..]));
        // A line longer than the buffer runs into the next read.
        assert_eq!(lines.fgets(5), Some(&b"long"[..]));
        assert_eq!(lines.fgets(10), Some(&b" line\n"[..]));
        assert_eq!(lines.fgets(10), Some(&b"last"[..]));
        assert_eq!(lines.fgets(10), None);
        assert_eq!(c_trim(b"value\r\n"), (&b"value"[..], true));
        assert_eq!(c_trim(b"value\rjunk\n"), (&b"value"[..], true));
        assert_eq!(c_trim(b"value\0junk\n"), (&b"value"[..], false));
        assert_eq!(c_trim(b"value"), (&b"value"[..], false));
    }
}
