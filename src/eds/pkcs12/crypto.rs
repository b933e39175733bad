//! Password handling, the PKCS#12 and PBKDF2 key derivations, the MAC check, and the
//! decryption of encrypted safe contents. Every secret (password bytes, derived keys and IVs,
//! decrypted buffers) lives in a `Zeroizing` buffer and is wiped when dropped.

use cbc::cipher::block_padding::Pkcs7;
use cbc::cipher::{BlockCipherDecrypt, BlockModeDecrypt, InnerIvInit, KeyInit};
use hmac::{Hmac, Mac};
use sha1::Sha1;
use sha2::{Digest, Sha224, Sha256, Sha384, Sha512};
use zeroize::Zeroizing;

use super::Pkcs12Error;
use super::ber::{BerError, Tlv, oid_to_string};
use super::oid;

/// The highest iteration count accepted for one key derivation. Real keystores use 1 024 (NCA)
/// to a few hundred thousand (the most careful tools); a million is plenty.
pub(super) const MAX_ITERATIONS: u64 = 1_000_000;

/// The most hash-iterations all key derivations of one file may take together (a legitimate
/// file needs a few thousand; a hostile one must not keep the app busy for long: about a
/// second or two of an optimised build).
const MAX_TOTAL_WORK: u64 = 3 * MAX_ITERATIONS;

/// What is left of the work a file may cause.
#[derive(Debug)]
pub(super) struct Budget {
    left: u64,
}

impl Budget {
    pub(super) fn new() -> Self {
        Self { left: MAX_TOTAL_WORK }
    }

    /// Checks an iteration count (from the file) and takes `iterations × blocks` off the budget.
    pub(super) fn spend(&mut self, iterations: u64, blocks: usize) -> Result<u32, Pkcs12Error> {
        if iterations == 0 {
            return Err(Pkcs12Error::Corrupt("iteration count is zero".into()));
        }
        if iterations > MAX_ITERATIONS {
            return Err(Pkcs12Error::Corrupt(format!(
                "iteration count {iterations} is above the limit of {MAX_ITERATIONS}"
            )));
        }
        let blocks = u64::try_from(blocks).unwrap_or(u64::MAX).max(1);
        let work = iterations.saturating_mul(blocks);
        if work > self.left {
            return Err(Pkcs12Error::Corrupt("the key derivations would take too long".into()));
        }
        self.left -= work;
        // At most MAX_ITERATIONS, which fits in u32.
        u32::try_from(iterations).map_err(|_| Pkcs12Error::Corrupt("iteration count too large".into()))
    }
}

/// The password in the encodings the formats use.
pub(super) struct Password<'a> {
    /// As given (UTF-8): PBES2/PBKDF2 uses it as is, like OpenSSL.
    pub(super) utf8: &'a [u8],
    /// As a BMPString with the terminating two zero bytes: the PKCS#12 KDF input.
    pub(super) bmp: Zeroizing<Vec<u8>>,
}

impl std::fmt::Debug for Password<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(..)")
    }
}

/// The BMPString forms worth trying for the MAC, best first: UTF-16BE + `00 00` (RFC 7292,
/// Java, OpenSSL ≥ 1.1); for a non-ASCII password also each UTF-8 byte widened to 16 bits
/// (OpenSSL < 1.1 did that); for the empty password also no bytes at all (OpenSSL's
/// "no password", which it tries as well).
pub(super) fn bmp_candidates(password: &str) -> Vec<Zeroizing<Vec<u8>>> {
    let mut out = Vec::with_capacity(2);
    let units = password.encode_utf16().count();
    // Reserved up front so that no reallocation leaves a copy of the password behind.
    let mut bmp = Zeroizing::new(Vec::with_capacity(2 * units + 2));
    for unit in password.encode_utf16() {
        bmp.extend_from_slice(&unit.to_be_bytes());
    }
    bmp.extend_from_slice(&[0, 0]);
    out.push(bmp);
    if !password.is_ascii() {
        let mut wide = Zeroizing::new(Vec::with_capacity(2 * password.len() + 2));
        for &b in password.as_bytes() {
            wide.extend_from_slice(&[0, b]);
        }
        wide.extend_from_slice(&[0, 0]);
        out.push(wide);
    }
    if password.is_empty() {
        out.push(Zeroizing::new(Vec::new()));
    }
    out
}

/// A hash function of the PKCS#12 KDF, the MAC and PBKDF2's HMAC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Hash {
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
}

impl Hash {
    /// By a digest algorithm OID (the MAC's DigestInfo).
    pub(super) fn from_digest_oid(oid: &[u8]) -> Option<Self> {
        match oid {
            oid::SHA1 => Some(Self::Sha1),
            oid::SHA224 => Some(Self::Sha224),
            oid::SHA256 => Some(Self::Sha256),
            oid::SHA384 => Some(Self::Sha384),
            oid::SHA512 => Some(Self::Sha512),
            _ => None,
        }
    }

    /// By an HMAC algorithm OID (PBKDF2's PRF).
    fn from_hmac_oid(oid: &[u8]) -> Option<Self> {
        match oid {
            oid::HMAC_SHA1 => Some(Self::Sha1),
            oid::HMAC_SHA224 => Some(Self::Sha224),
            oid::HMAC_SHA256 => Some(Self::Sha256),
            oid::HMAC_SHA384 => Some(Self::Sha384),
            oid::HMAC_SHA512 => Some(Self::Sha512),
            _ => None,
        }
    }

    pub(super) fn output_len(self) -> usize {
        match self {
            Self::Sha1 => 20,
            Self::Sha224 => 28,
            Self::Sha256 => 32,
            Self::Sha384 => 48,
            Self::Sha512 => 64,
        }
    }

    fn block_len(self) -> usize {
        match self {
            Self::Sha1 | Self::Sha224 | Self::Sha256 => 64,
            Self::Sha384 | Self::Sha512 => 128,
        }
    }
}

/// The RFC 7292 Appendix B.2 key derivation: `id` 1 = key, 2 = IV, 3 = MAC key.
/// `iterations` must already have been checked by [`Budget::spend`].
fn pkcs12_kdf(hash: Hash, bmp_password: &[u8], salt: &[u8], id: u8, iterations: u32, out: &mut [u8]) {
    match hash {
        Hash::Sha1 => pkcs12_kdf_with::<Sha1>(hash, bmp_password, salt, id, iterations, out),
        Hash::Sha224 => pkcs12_kdf_with::<Sha224>(hash, bmp_password, salt, id, iterations, out),
        Hash::Sha256 => pkcs12_kdf_with::<Sha256>(hash, bmp_password, salt, id, iterations, out),
        Hash::Sha384 => pkcs12_kdf_with::<Sha384>(hash, bmp_password, salt, id, iterations, out),
        Hash::Sha512 => pkcs12_kdf_with::<Sha512>(hash, bmp_password, salt, id, iterations, out),
    }
}

fn pkcs12_kdf_with<D: Digest>(hash: Hash, password: &[u8], salt: &[u8], id: u8, iterations: u32, out: &mut [u8]) {
    let v = hash.block_len();
    let u = hash.output_len();
    let diversifier = vec![id; v];
    // S and P: salt and password repeated to whole multiples of v bytes; I = S || P.
    let s_len = salt.len().div_ceil(v) * v;
    let p_len = password.len().div_ceil(v) * v;
    let mut input = Zeroizing::new(Vec::with_capacity(s_len + p_len));
    input.extend(salt.iter().cycle().take(s_len));
    input.extend(password.iter().cycle().take(p_len));
    let mut b = Zeroizing::new(vec![0u8; v]);
    for chunk in out.chunks_mut(u) {
        let mut hasher = D::new();
        hasher.update(&diversifier);
        hasher.update(input.as_slice());
        let mut a = Zeroizing::new(hasher.finalize().to_vec());
        for _ in 1..iterations {
            let next = D::digest(a.as_slice());
            a.copy_from_slice(&next);
        }
        let take = chunk.len().min(a.len());
        chunk[..take].copy_from_slice(&a[..take]);
        if take < u {
            break;
        }
        // B = A repeated to v bytes; every v-byte block of I becomes (I_j + B + 1) mod 2^(8v).
        for (dst, src) in b.iter_mut().zip(a.iter().cycle()) {
            *dst = *src;
        }
        for block in input.chunks_mut(v) {
            let mut carry: u16 = 1;
            for (x, y) in block.iter_mut().rev().zip(b.iter().rev()) {
                let sum = u16::from(*x) + u16::from(*y) + carry;
                *x = sum.to_be_bytes()[1];
                carry = sum >> 8;
            }
        }
    }
}

/// Checks the PKCS#12 MAC (HMAC with a PKCS#12-KDF key) of `data` against `expected`.
pub(super) fn mac_matches(
    hash: Hash,
    bmp_password: &[u8],
    salt: &[u8],
    iterations: u32,
    data: &[u8],
    expected: &[u8],
) -> bool {
    let mut key = Zeroizing::new(vec![0u8; hash.output_len()]);
    pkcs12_kdf(hash, bmp_password, salt, 3, iterations, &mut key);
    match hash {
        Hash::Sha1 => hmac_matches::<Hmac<Sha1>>(&key, data, expected),
        Hash::Sha224 => hmac_matches::<Hmac<Sha224>>(&key, data, expected),
        Hash::Sha256 => hmac_matches::<Hmac<Sha256>>(&key, data, expected),
        Hash::Sha384 => hmac_matches::<Hmac<Sha384>>(&key, data, expected),
        Hash::Sha512 => hmac_matches::<Hmac<Sha512>>(&key, data, expected),
    }
}

fn hmac_matches<M: Mac + KeyInit>(key: &[u8], data: &[u8], expected: &[u8]) -> bool {
    let Ok(mut mac) = <M as KeyInit>::new_from_slice(key) else {
        return false;
    };
    mac.update(data);
    // Constant-time comparison.
    mac.verify_slice(expected).is_ok()
}

fn pbkdf2(hash: Hash, password: &[u8], salt: &[u8], iterations: u32, out: &mut [u8]) {
    match hash {
        Hash::Sha1 => pbkdf2::pbkdf2_hmac::<Sha1>(password, salt, iterations, out),
        Hash::Sha224 => pbkdf2::pbkdf2_hmac::<Sha224>(password, salt, iterations, out),
        Hash::Sha256 => pbkdf2::pbkdf2_hmac::<Sha256>(password, salt, iterations, out),
        Hash::Sha384 => pbkdf2::pbkdf2_hmac::<Sha384>(password, salt, iterations, out),
        Hash::Sha512 => pbkdf2::pbkdf2_hmac::<Sha512>(password, salt, iterations, out),
    }
}

/// Why encrypted content could not be decrypted.
#[derive(Debug)]
pub(super) enum DecryptError {
    /// The padding check failed: a wrong password (or damage).
    Padding,
    /// Anything else: an unknown scheme, bad parameters, too much work.
    Other(Pkcs12Error),
}

impl From<BerError> for DecryptError {
    fn from(e: BerError) -> Self {
        Self::Other(Pkcs12Error::Corrupt(format!("encryption parameters: {e}")))
    }
}

impl From<Pkcs12Error> for DecryptError {
    fn from(e: Pkcs12Error) -> Self {
        Self::Other(e)
    }
}

/// The block ciphers the supported schemes use.
#[derive(Debug, Clone, Copy)]
enum Cipher {
    /// RC2 with this many key bytes (= effective key bits / 8).
    Rc2(usize),
    TdesEde2,
    TdesEde3,
    Aes128,
    Aes192,
    Aes256,
}

impl Cipher {
    fn key_len(self) -> usize {
        match self {
            Self::Rc2(n) => n,
            Self::TdesEde2 | Self::Aes128 => 16,
            Self::TdesEde3 | Self::Aes192 => 24,
            Self::Aes256 => 32,
        }
    }

    fn block_len(self) -> usize {
        match self {
            Self::Rc2(_) | Self::TdesEde2 | Self::TdesEde3 => 8,
            Self::Aes128 | Self::Aes192 | Self::Aes256 => 16,
        }
    }

    fn decrypt(self, key: &[u8], iv: &[u8], data: &[u8]) -> Result<Zeroizing<Vec<u8>>, DecryptError> {
        if data.is_empty() || !data.len().is_multiple_of(self.block_len()) {
            return Err(Pkcs12Error::Corrupt("encrypted content is not a whole number of blocks".into()).into());
        }
        let bad_key = |()| DecryptError::Other(Pkcs12Error::Corrupt("bad key length".into()));
        match self {
            Self::Rc2(n) => {
                if key.len() != n || n == 0 || n > 128 {
                    return Err(bad_key(()));
                }
                cbc_decrypt(rc2::Rc2::new_with_eff_key_len(key, n * 8), iv, data)
            }
            Self::TdesEde2 => cbc_decrypt(des::TdesEde2::new_from_slice(key).map_err(|_| bad_key(()))?, iv, data),
            Self::TdesEde3 => cbc_decrypt(des::TdesEde3::new_from_slice(key).map_err(|_| bad_key(()))?, iv, data),
            Self::Aes128 => cbc_decrypt(aes::Aes128::new_from_slice(key).map_err(|_| bad_key(()))?, iv, data),
            Self::Aes192 => cbc_decrypt(aes::Aes192::new_from_slice(key).map_err(|_| bad_key(()))?, iv, data),
            Self::Aes256 => cbc_decrypt(aes::Aes256::new_from_slice(key).map_err(|_| bad_key(()))?, iv, data),
        }
    }
}

fn cbc_decrypt<C: BlockCipherDecrypt>(cipher: C, iv: &[u8], data: &[u8]) -> Result<Zeroizing<Vec<u8>>, DecryptError> {
    let mode = cbc::Decryptor::<C>::inner_iv_slice_init(cipher, iv)
        .map_err(|_| DecryptError::Other(Pkcs12Error::Corrupt("bad IV length".into())))?;
    let mut buf = Zeroizing::new(data.to_vec());
    let len = mode.decrypt_padded::<Pkcs7>(&mut buf).map_err(|_| DecryptError::Padding)?.len();
    buf.truncate(len);
    Ok(buf)
}

/// Decrypts `ciphertext` under the scheme of the AlgorithmIdentifier `algorithm`.
pub(super) fn decrypt(
    algorithm: &Tlv<'_>,
    ciphertext: &[u8],
    password: &Password<'_>,
    budget: &mut Budget,
) -> Result<Zeroizing<Vec<u8>>, DecryptError> {
    let mut alg = algorithm.sequence("encryption algorithm is not a SEQUENCE")?;
    let scheme = alg.expect("encryption algorithm OID missing")?.oid("encryption algorithm OID")?;
    let params = alg.next()?;
    let pkcs12_cipher = match scheme {
        oid::PBE_SHA1_3DES => Some(Cipher::TdesEde3),
        oid::PBE_SHA1_2DES => Some(Cipher::TdesEde2),
        oid::PBE_SHA1_RC2_128 => Some(Cipher::Rc2(16)),
        oid::PBE_SHA1_RC2_40 => Some(Cipher::Rc2(5)),
        oid::PBES2 => None,
        other => return Err(Pkcs12Error::Unsupported(scheme_name(other)).into()),
    };
    let params = params.ok_or(BerError("encryption parameters missing"))?;
    match pkcs12_cipher {
        Some(cipher) => decrypt_pkcs12_pbe(cipher, &params, ciphertext, password, budget),
        None => decrypt_pbes2(&params, ciphertext, password, budget),
    }
}

/// The RFC 7292 Appendix C schemes: SHA-1 PKCS#12 KDF for key (ID 1) and IV (ID 2).
fn decrypt_pkcs12_pbe(
    cipher: Cipher,
    params: &Tlv<'_>,
    ciphertext: &[u8],
    password: &Password<'_>,
    budget: &mut Budget,
) -> Result<Zeroizing<Vec<u8>>, DecryptError> {
    let mut p = params.sequence("PBE parameters are not a SEQUENCE")?;
    let salt = p.expect("PBE salt missing")?.octet_string("PBE salt")?;
    let iterations = p.expect("PBE iteration count missing")?.uint("PBE iteration count")?;
    let hash = Hash::Sha1;
    let key_blocks = cipher.key_len().div_ceil(hash.output_len());
    let iv_blocks = cipher.block_len().div_ceil(hash.output_len());
    let iterations = budget.spend(iterations, key_blocks + iv_blocks)?;
    let mut key = Zeroizing::new(vec![0u8; cipher.key_len()]);
    let mut iv = Zeroizing::new(vec![0u8; cipher.block_len()]);
    pkcs12_kdf(hash, &password.bmp, &salt, 1, iterations, &mut key);
    pkcs12_kdf(hash, &password.bmp, &salt, 2, iterations, &mut iv);
    cipher.decrypt(&key, &iv, ciphertext)
}

/// PBES2 (RFC 8018) with PBKDF2; the password is used as given (UTF-8), like OpenSSL.
fn decrypt_pbes2(
    params: &Tlv<'_>,
    ciphertext: &[u8],
    password: &Password<'_>,
    budget: &mut Budget,
) -> Result<Zeroizing<Vec<u8>>, DecryptError> {
    let mut p = params.sequence("PBES2 parameters are not a SEQUENCE")?;
    let mut kdf = p.expect("PBES2 key derivation missing")?.sequence("PBES2 key derivation")?;
    let kdf_oid = kdf.expect("PBES2 key derivation OID missing")?.oid("PBES2 key derivation OID")?;
    if kdf_oid != oid::PBKDF2 {
        return Err(Pkcs12Error::Unsupported(format!("PBES2 key derivation {}", scheme_name(kdf_oid))).into());
    }
    let mut kdf_params = kdf.expect("PBKDF2 parameters missing")?.sequence("PBKDF2 parameters")?;
    let salt_tlv = kdf_params.expect("PBKDF2 salt missing")?;
    if salt_tlv.is_universal(super::ber::TAG_SEQUENCE) {
        return Err(Pkcs12Error::Unsupported("PBKDF2 with a salt from another source".into()).into());
    }
    let salt = salt_tlv.octet_string("PBKDF2 salt")?;
    let iterations = kdf_params.expect("PBKDF2 iteration count missing")?.uint("PBKDF2 iteration count")?;
    let mut key_length = None;
    let mut prf = Hash::Sha1;
    while let Some(item) = kdf_params.next()? {
        if item.is_universal(super::ber::TAG_INTEGER) && key_length.is_none() {
            key_length = Some(item.uint("PBKDF2 key length")?);
        } else if item.is_universal(super::ber::TAG_SEQUENCE) {
            let mut prf_alg = item.sequence("PBKDF2 PRF")?;
            let prf_oid = prf_alg.expect("PBKDF2 PRF OID missing")?.oid("PBKDF2 PRF OID")?;
            prf = Hash::from_hmac_oid(prf_oid)
                .ok_or_else(|| Pkcs12Error::Unsupported(format!("PBKDF2 PRF {}", scheme_name(prf_oid))))?;
        } else {
            return Err(BerError("unexpected PBKDF2 parameter").into());
        }
    }

    let mut enc = p.expect("PBES2 encryption scheme missing")?.sequence("PBES2 encryption scheme")?;
    let enc_oid = enc.expect("PBES2 cipher OID missing")?.oid("PBES2 cipher OID")?;
    let cipher = match enc_oid {
        oid::AES128_CBC => Cipher::Aes128,
        oid::AES192_CBC => Cipher::Aes192,
        oid::AES256_CBC => Cipher::Aes256,
        oid::DES_EDE3_CBC => Cipher::TdesEde3,
        other => return Err(Pkcs12Error::Unsupported(format!("PBES2 cipher {}", scheme_name(other))).into()),
    };
    let iv = enc.expect("PBES2 IV missing")?.octet_string("PBES2 IV")?;
    if iv.len() != cipher.block_len() {
        return Err(Pkcs12Error::Corrupt("PBES2 IV has the wrong length".into()).into());
    }
    if key_length.is_some_and(|n| usize::try_from(n).ok() != Some(cipher.key_len())) {
        return Err(Pkcs12Error::Corrupt("PBKDF2 key length does not fit the cipher".into()).into());
    }
    let iterations = budget.spend(iterations, cipher.key_len().div_ceil(prf.output_len()))?;
    let mut key = Zeroizing::new(vec![0u8; cipher.key_len()]);
    pbkdf2(prf, password.utf8, &salt, iterations, &mut key);
    cipher.decrypt(&key, &iv, ciphertext)
}

/// A readable name of an encryption scheme OID for `Unsupported`.
pub(super) fn scheme_name(oid: &[u8]) -> String {
    let name = match oid {
        oid::PBE_SHA1_RC4_128 => "pbeWithSHAAnd128BitRC4",
        oid::PBE_SHA1_RC4_40 => "pbeWithSHAAnd40BitRC4",
        oid::PBE_MD5_DES => "pbeWithMD5AndDES-CBC",
        oid::PBE_SHA1_DES => "pbeWithSHA1AndDES-CBC",
        oid::PBMAC1 => "PBMAC1",
        oid::SCRYPT => "scrypt",
        oid::DES_CBC => "DES-CBC",
        oid::RC2_CBC => "RC2-CBC",
        _ => return oid_to_string(oid),
    };
    format!("{name} ({})", oid_to_string(oid))
}
