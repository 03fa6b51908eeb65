//! Reading and rewriting the lines of minisign's key and signature texts, for tests that
//! tamper with them.

/// Standard base64 with padding.
pub fn base64_encode(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0_u32, |acc, (i, byte)| {
            acc | u32::from(*byte) << (16 - 8 * i)
        });
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Standard base64, padding ignored.
pub fn base64_decode(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0_u32, 0);
    for byte in text.bytes().filter(|byte| *byte != b'=') {
        let value = ALPHABET
            .iter()
            .position(|c| *c == byte)
            .expect("base64 text");
        acc = (acc << 6) | u32::try_from(value).expect("base64 text");
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

/// Replaces line `index` (0-based) of a minisign text.
pub fn with_line(text: &str, index: usize, edit: impl FnOnce(&str) -> String) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    lines[index] = edit(&lines[index]);
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

/// Re-encodes the base64 line `index` after `edit` changed its bytes.
pub fn with_decoded_line(text: &str, index: usize, edit: impl FnOnce(&mut Vec<u8>)) -> String {
    with_line(text, index, |line| {
        let mut bytes = base64_decode(line);
        edit(&mut bytes);
        base64_encode(&bytes)
    })
}
