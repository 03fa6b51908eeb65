//! SM2 signatures (GM/T 0003) and SM3 hashes (GM/T 0004), the national algorithms known as
//! 国密 and used beside minisign and sha256 in [`crate::signing`]. Without storage, like that
//! module: the store keeps the keys and signs, the bundle layer checks.
//!
//! Everything is written the way OpenSSL 3 and GmSSL read it, so that an office can check a
//! bundle without this program: the public key as PEM `SubjectPublicKeyInfo` (id-ecPublicKey
//! on the SM2 curve), the secret key as PKCS#8 PEM, a signature as DER `SEQUENCE { r, s }`
//! over SM3(Z ‖ M) with the default distinguishing ID [`DISTINGUISHING_ID`]:
//!
//! ```text
//! openssl pkeyutl -verify -pubin -inkey unit.sm2.pem -rawin -digest sm3 \
//!     -pkeyopt distid:1234567812345678 -in manifest.json -sigfile manifest.json.sm2sig
//! ```

use sm2::dsa::signature::{Signer, Verifier};
use sm2::dsa::{Signature, SigningKey, VerifyingKey};
use sm2::elliptic_curve::Generate;
use sm2::pkcs8::{
    DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey, LineEnding,
};
use sm2::{PublicKey, SecretKey};
use sm3::Digest;

use crate::domain::audit::hex_lower;

/// The signer's distinguishing ID that GM/T 0009 sets as the default, and OpenSSL and GmSSL
/// use when none is given.
pub const DISTINGUISHING_ID: &str = "1234567812345678";

/// A DER signature of two 256-bit integers is at most 72 bytes; anything longer is not one.
const MAX_SIGNATURE_BYTES: usize = 80;

/// SM3 as lower-case hex, the way `openssl dgst -sm3` prints it.
pub fn sm3_hex(bytes: &[u8]) -> String {
    let mut hasher = Sm3Hasher::new();
    hasher.update(bytes);
    hasher.finish_hex()
}

/// SM3 over data that arrives in pieces (a file streamed into or out of an archive).
#[derive(Clone, Default)]
pub struct Sm3Hasher(sm3::Sm3);

impl Sm3Hasher {
    /// A hasher that has seen nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the next piece.
    pub fn update(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    /// The hash of everything added, as lower-case hex.
    pub fn finish_hex(self) -> String {
        hex_lower(&self.0.finalize())
    }
}

/// A new SM2 key pair, both halves as PEM text.
pub struct Sm2KeyPair {
    /// `-----BEGIN PUBLIC KEY-----`: the SubjectPublicKeyInfo, as `unit.sm2.pem` carries it.
    pub public_pem: String,
    /// `-----BEGIN PRIVATE KEY-----`: PKCS#8, kept only in the database.
    pub secret_pem: String,
}

/// Makes a key pair from the system's random number generator.
pub fn generate_key_pair() -> Result<Sm2KeyPair, String> {
    let secret = SecretKey::try_generate().map_err(|err| format!("无法取得随机数：{err}"))?;
    let secret_pem = secret
        .to_pkcs8_pem(LineEnding::LF)
        .map_err(|err| format!("SM2 私钥无法编码：{err}"))?
        .to_string();
    let public_pem = public_pem_of(&secret.public_key())?;
    Ok(Sm2KeyPair {
        public_pem,
        secret_pem,
    })
}

/// Signs `data` with the secret key (PKCS#8 PEM); returns the DER signature.
pub fn sign(secret_pem: &str, data: &[u8]) -> Result<Vec<u8>, String> {
    let secret = read_secret(secret_pem)?;
    let key = SigningKey::new(DISTINGUISHING_ID, &secret)
        .map_err(|err| format!("SM2 私钥无法使用：{err}"))?;
    let signature: Signature = key
        .try_sign(data)
        .map_err(|err| format!("SM2 签名失败：{err}"))?;
    Ok(signature.to_der().to_vec())
}

/// Checks a DER signature of `data` against a public key in PEM.
pub fn verify(public_pem: &str, signature_der: &[u8], data: &[u8]) -> Result<(), String> {
    let public_key = read_public(public_pem)?;
    if signature_der.len() > MAX_SIGNATURE_BYTES {
        return Err(format!(
            "SM2 签名有 {} 字节，不是 DER 编码的签名（至多 {MAX_SIGNATURE_BYTES} 字节）",
            signature_der.len()
        ));
    }
    let signature = Signature::from_der(signature_der)
        .map_err(|_| "SM2 签名不是 DER 编码的（r，s）".to_owned())?;
    let key = VerifyingKey::new(DISTINGUISHING_ID, public_key)
        .map_err(|err| format!("SM2 公钥无法使用：{err}"))?;
    key.verify(data, &signature)
        .map_err(|_| "SM2 签名无效".to_owned())
}

/// Whether `id` is the id of `public_pem`, for an SM2 key that may be absent: both absent
/// match, one without the other does not.
pub fn names_key(id: Option<&str>, public_pem: Option<&str>) -> bool {
    match (id, public_pem) {
        (None, None) => true,
        (Some(id), Some(pem)) => key_id(pem).is_ok_and(|computed| computed == id),
        _ => false,
    }
}

/// The key's 国密签名编号 is the first 8 bytes of the SM3 of its DER SubjectPublicKeyInfo in
/// upper-case hex, 16 digits like a minisign key id. Anyone can work it out with
/// `openssl pkey -pubin -in unit.sm2.pem -outform DER | openssl dgst -sm3`.
pub fn key_id(public_pem: &str) -> Result<String, String> {
    let der = read_public(public_pem)?
        .to_public_key_der()
        .map_err(|err| format!("SM2 公钥无法编码：{err}"))?;
    let mut id = sm3_hex(der.as_bytes());
    id.truncate(16);
    Ok(id.to_ascii_uppercase())
}

/// Reads a public key in PEM, accepting only the text this program writes for it: one key
/// then reads alike everywhere and has one id.
fn read_public(public_pem: &str) -> Result<PublicKey, String> {
    let key = PublicKey::from_public_key_pem(public_pem.trim_end())
        .map_err(|err| format!("SM2 公钥无法读取：{err}"))?;
    if public_pem_of(&key)? != public_pem {
        return Err("SM2 公钥不是本程序写出的标准 PEM 文本".into());
    }
    Ok(key)
}

fn read_secret(secret_pem: &str) -> Result<SecretKey, String> {
    SecretKey::from_pkcs8_pem(secret_pem).map_err(|err| format!("SM2 私钥无法读取：{err}"))
}

fn public_pem_of(key: &PublicKey) -> Result<String, String> {
    key.to_public_key_pem(LineEnding::LF)
        .map_err(|err| format!("SM2 公钥无法编码：{err}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use sm2::dsa::signature::hazmat::PrehashVerifier;

    fn hex(text: &str) -> Vec<u8> {
        let text: String = text.split_whitespace().collect();
        (0..text.len())
            .step_by(2)
            .map(|at| u8::from_str_radix(&text[at..at + 2], 16).expect("hex"))
            .collect()
    }

    #[test]
    fn sm3_gives_the_hashes_of_gm_t_0004_appendix_a() {
        assert_eq!(
            sm3_hex(b"abc"),
            "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
        );
        assert_eq!(
            sm3_hex(&b"abcd".repeat(16)),
            "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"
        );
        let mut pieces = Sm3Hasher::new();
        pieces.update(b"ab");
        pieces.update(b"c");
        assert_eq!(pieces.finish_hex(), sm3_hex(b"abc"));
    }

    /// GM/T 0003.5-2012 (GB/T 32918.5-2017) appendix A.2: the signature example on the
    /// recommended curve, ID `1234567812345678`, message `message digest`.
    #[test]
    fn sm2_verifies_the_example_of_gm_t_0003_5() {
        let secret = hex("3945208F 7B2144B1 3F36E38A C6D39F95 88939369 2860B51A 42FB81EF 4DF7C5B8");
        let mut point = vec![0x04];
        point.extend(hex(
            "09F9DF31 1E5421A1 50DD7D16 1E4BC5C6 72179FAD 1833FC07 6BB08FF3 56F35020",
        ));
        point.extend(hex(
            "CCEA490C E26775A5 2DC6EA71 8CC1AA60 0AED05FB F35E084A 6632F607 2DA9AD13",
        ));
        let message = b"message digest";
        let mut rs = hex("F5A03B06 48D2C463 0EEAC513 E1BB81A1 5944DA38 27D5B741 43AC7EAC EEE720B3");
        rs.extend(hex(
            "B1B6AA29 DF212FD8 763182BC 0D421CA1 BB9038FD 1F7F42D4 840B69C4 85BBC1AA",
        ));
        let signature = Signature::from_slice(&rs).expect("r and s");

        // The public key is the one the standard derives from the secret key.
        let signing = SigningKey::from_slice(DISTINGUISHING_ID, &secret).expect("secret key");
        assert_eq!(&*signing.verifying_key().to_sec1_bytes(), point.as_slice());

        // Z_A and e as the standard works them out.
        let mut z_input = vec![0x00, 0x80];
        z_input.extend_from_slice(DISTINGUISHING_ID.as_bytes());
        z_input.extend(hex(
            "FFFFFFFE FFFFFFFF FFFFFFFF FFFFFFFF FFFFFFFF 00000000 FFFFFFFF FFFFFFFC
             28E9FA9E 9D9F5E34 4D5A9E4B CF6509A7 F39789F5 15AB8F92 DDBCBD41 4D940E93
             32C4AE2C 1F198119 5F990446 6A39C994 8FE30BBF F2660BE1 715A4589 334C74C7
             BC3736A2 F4F6779C 59BDCEE3 6B692153 D0A9877C C62A4740 02DF32E5 2139F0A0",
        ));
        z_input.extend_from_slice(&point[1..]);
        let z = hex(&sm3_hex(&z_input));
        assert_eq!(
            z,
            hex("B2E14C5C 79C6DF5B 85F4FE7E D8DB7A26 2B9DA7E0 7CCB0EA9 F4747B8C CDA8A4F3")
        );
        let e = hex(&sm3_hex(&[z.as_slice(), message].concat()));
        assert_eq!(
            e,
            hex("F0B43E94 BA45ACCA ACE692ED 534382EB 17E6AB5A 19CE7B31 F4486FDF C0D28640")
        );

        let verifying =
            VerifyingKey::from_sec1_bytes(DISTINGUISHING_ID, &point).expect("public key");
        verifying
            .verify_prehash(&e, &signature)
            .expect("the standard's signature of e");
        verifying
            .verify(message, &signature)
            .expect("the standard's signature of the message");

        // And through this module's own PEM and DER texts.
        let public_pem = public_pem_of(&verifying.into()).expect("pem");
        verify(&public_pem, &signature.to_der().to_vec(), message).expect("pem and der");
        assert!(verify(&public_pem, &signature.to_der().to_vec(), b"message digesT").is_err());
    }

    #[test]
    fn a_new_key_signs_and_its_signature_checks() {
        let pair = generate_key_pair().expect("key pair");
        assert!(pair.public_pem.starts_with("-----BEGIN PUBLIC KEY-----\n"));
        assert!(pair.secret_pem.starts_with("-----BEGIN PRIVATE KEY-----\n"));
        let signature = sign(&pair.secret_pem, b"manifest").expect("sign");
        verify(&pair.public_pem, &signature, b"manifest").expect("verify");
        let id = key_id(&pair.public_pem).expect("key id");
        assert_eq!(id.len(), 16);
        assert!(
            id.chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_lowercase())
        );

        let other = generate_key_pair().expect("second key pair");
        assert_ne!(key_id(&other.public_pem), Ok(id));
        let refused = verify(&other.public_pem, &signature, b"manifest").unwrap_err();
        assert!(refused.contains("无效"), "{refused}");
    }

    #[test]
    fn malformed_keys_and_signatures_are_refused_with_a_reason() {
        let pair = generate_key_pair().expect("key pair");
        let signature = sign(&pair.secret_pem, b"data").expect("sign");
        let mut flipped = signature.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 1;
        assert!(verify(&pair.public_pem, &flipped, b"data").is_err());
        let mut trailing = signature.clone();
        trailing.push(0);
        assert!(verify(&pair.public_pem, &trailing, b"data").is_err());
        assert!(
            verify(&pair.public_pem, &[0x30; 4096], b"data")
                .unwrap_err()
                .contains("4096 字节")
        );
        assert!(verify(&pair.public_pem, b"", b"data").is_err());
        // A key written another way (CRLF lines) is not the key this program wrote.
        let crlf = pair.public_pem.replace('\n', "\r\n");
        assert!(
            verify(&crlf, &signature, b"data")
                .unwrap_err()
                .contains("标准 PEM")
        );
        assert!(verify("not a key", &signature, b"data").is_err());
        assert!(key_id("").is_err());
        assert!(
            sign(
                "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
                b"x"
            )
            .is_err()
        );
    }
}
