//! A BER-tolerant PKCS#12 (RFC 7292) reader for NCA RK keystores: only the certificates are
//! taken out.
//!
//! What it reads: a version-3 PFX in password integrity mode (HMAC-SHA1/-SHA-2 MAC with the
//! PKCS#12 KDF) or without a MAC; an AuthenticatedSafe of `data` and `encryptedData`
//! ContentInfos; encryptedData under pbeWithSHAAnd40BitRC2-CBC (NCA), 128-bit RC2, 2- and
//! 3-key 3DES, or PBES2 (PBKDF2 with HMAC-SHA1/SHA-2, AES-CBC or DES-EDE3-CBC); certificate
//! bags, key bags and nested safe-contents bags with their friendlyName and localKeyID. BER as
//! NCA writes it (indefinite lengths, constructed OCTET STRINGs) is read as well as DER.
//!
//! The MAC is checked before anything is decrypted. Private keys are never decrypted: a key
//! bag only contributes its localKeyID, which marks the certificate that belongs to it.
//! The password's encodings, derived keys and decrypted buffers are wiped after use.

mod ber;
mod crypto;
mod oid;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::ops::Deref;

use zeroize::Zeroizing;

use ber::{BerError, Reader, Tlv};
use crypto::{Budget, DecryptError, Hash, Password};

/// One certificate of a keystore, with the bag attributes that tie it to its key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeystoreCertificate {
    /// The X.509 certificate, DER.
    pub der: Vec<u8>,
    /// The bag's `localKeyID` (NCA: the certificate's Subject Key Identifier).
    pub local_key_id: Option<Vec<u8>>,
    pub friendly_name: Option<String>,
    /// Whether a private key in the store carries the same `localKeyID` (the user's own
    /// certificate, not a CA's).
    pub has_key: bool,
}

/// Why a keystore could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Pkcs12Error {
    #[error("not a keystore (PKCS#12) file")]
    NotAKeystore,
    #[error("wrong password")]
    WrongPassword,
    #[error("the keystore is damaged: {0}")]
    Corrupt(String),
    #[error("the keystore uses {0}, which is not supported")]
    Unsupported(String),
}

impl From<BerError> for Pkcs12Error {
    fn from(e: BerError) -> Self {
        Self::Corrupt(e.to_string())
    }
}

/// Reads the certificates of a PKCS#12 keystore, checking its MAC with `password`.
///
/// Errors: [`Pkcs12Error::NotAKeystore`] when `data` does not even start like a PFX;
/// [`Pkcs12Error::WrongPassword`] when the MAC does not match (or, in a file without a MAC, the
/// decryption fails); [`Pkcs12Error::Corrupt`] when a PFX breaks later on;
/// [`Pkcs12Error::Unsupported`] for schemes this reader does not know. Never panics; the work
/// a file can cause is bounded (iteration counts above 1 000 000 are refused).
pub fn read_certificates(data: &[u8], password: &str) -> Result<Vec<KeystoreCertificate>, Pkcs12Error> {
    if !looks_like_pfx(data) {
        return Err(Pkcs12Error::NotAKeystore);
    }
    let pfx = Pfx::parse(data)?;
    if pfx.version != 3 {
        return Err(Pkcs12Error::Unsupported(format!("PKCS#12 version {}", pfx.version)));
    }
    let mut budget = Budget::new();
    let mut candidates = crypto::bmp_candidates(password);
    let (bmp, integrity) = if let Some(mac) = &pfx.mac {
        match verify_mac(mac, &pfx.auth_safe, &mut candidates, &mut budget) {
            Ok(bmp) => (bmp, true),
            Err(Pkcs12Error::WrongPassword) => {
                drop(candidates);
                return Err(damaged_or_wrong_password(&pfx.auth_safe, password, &mut budget));
            }
            Err(e) => return Err(e),
        }
    } else {
        // Without a MAC only the standard encoding is used.
        let first = if candidates.is_empty() { Zeroizing::new(Vec::new()) } else { candidates.swap_remove(0) };
        (first, false)
    };
    drop(candidates);
    let password = Password { utf8: password.as_bytes(), bmp };
    let mut found = Found::default();
    read_authenticated_safe(&pfx.auth_safe, &password, integrity, &mut budget, &mut found)?;
    Ok(found.finish())
}

/// The MAC did not match: a wrong password, or a damaged file? A damaged file's structure breaks,
/// or the password still opens its certificates; with a wrong password the certificates do not
/// decrypt to sound bags. (Telling the two apart keeps a user from retyping a right password
/// for ever.)
fn damaged_or_wrong_password(auth_safe: &[u8], password: &str, budget: &mut Budget) -> Pkcs12Error {
    let bmp = crypto::bmp_candidates(password).into_iter().next().unwrap_or_default();
    let probe = Password { utf8: password.as_bytes(), bmp };
    let mut found = Found::default();
    match read_authenticated_safe(auth_safe, &probe, false, budget, &mut found) {
        Ok(()) if found.decrypted && !found.certificates.is_empty() => {
            Pkcs12Error::Corrupt("the integrity check fails although the password opens the certificates".into())
        }
        Ok(()) | Err(Pkcs12Error::WrongPassword) => Pkcs12Error::WrongPassword,
        Err(other) => other,
    }
}

/// A cheap look at the first bytes: `SEQUENCE { INTEGER, SEQUENCE { OID pkcs7-… ` — what every
/// PFX starts with. Lengths are not checked here, so a truncated PFX still counts as one.
fn looks_like_pfx(data: &[u8]) -> bool {
    fn skip_header(data: &[u8], tag: u8) -> Option<&[u8]> {
        let (&t, rest) = data.split_first()?;
        let (&len, rest) = rest.split_first()?;
        if t != tag {
            return None;
        }
        match len {
            0..=0x80 => Some(rest),
            0x81..=0x84 => rest.get(usize::from(len & 0x7f)..),
            _ => None,
        }
    }
    let Some(rest) = skip_header(data, 0x30) else { return false };
    let [0x02, n @ 1..=4, rest @ ..] = rest else { return false };
    let Some(rest) = rest.get(usize::from(*n)..) else { return false };
    let Some(rest) = skip_header(rest, 0x30) else { return false };
    rest.starts_with(&[0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07])
}

/// Bytes that are either borrowed from the input or an owned copy that is wiped on drop
/// (a constructed OCTET STRING glued together may hold key bags).
enum Octets<'a> {
    Borrowed(&'a [u8]),
    Owned(Zeroizing<Vec<u8>>),
}

impl<'a> From<Cow<'a, [u8]>> for Octets<'a> {
    fn from(c: Cow<'a, [u8]>) -> Self {
        match c {
            Cow::Borrowed(b) => Self::Borrowed(b),
            Cow::Owned(v) => Self::Owned(Zeroizing::new(v)),
        }
    }
}

impl Deref for Octets<'_> {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Self::Borrowed(b) => b,
            Self::Owned(v) => v,
        }
    }
}

struct MacData<'a> {
    algorithm: &'a [u8],
    digest: Cow<'a, [u8]>,
    salt: Cow<'a, [u8]>,
    iterations: u64,
}

struct Pfx<'a> {
    version: u64,
    /// The AuthenticatedSafe's encoding: the content of the `data` ContentInfo (what the MAC
    /// covers).
    auth_safe: Octets<'a>,
    mac: Option<MacData<'a>>,
}

impl<'a> Pfx<'a> {
    fn parse(data: &'a [u8]) -> Result<Self, Pkcs12Error> {
        // Bytes after the PFX are ignored, as OpenSSL does.
        let (top, _trailing) = Reader::top(data)?;
        let mut pfx = top.sequence("PFX is not a SEQUENCE")?;
        let version = pfx.expect("PFX version missing")?.uint("PFX version")?;
        let mut auth_safe = pfx.expect("authSafe missing")?.sequence("authSafe is not a ContentInfo")?;
        let content_type = auth_safe.expect("authSafe content type missing")?.oid("authSafe content type")?;
        match content_type {
            oid::DATA => {}
            oid::SIGNED_DATA => {
                return Err(Pkcs12Error::Unsupported("public-key integrity mode (signedData)".into()));
            }
            other => {
                return Err(Pkcs12Error::Unsupported(format!("authSafe content type {}", ber::oid_to_string(other))));
            }
        }
        let content = auth_safe.expect("authSafe has no content")?.explicit(0, "authSafe content")?;
        let auth_safe_bytes = content.octet_string("authSafe content is not an OCTET STRING")?;
        auth_safe.end("extra data in authSafe")?;
        let mac = match pfx.next()? {
            Some(tlv) => Some(MacData::parse(&tlv)?),
            None => None,
        };
        pfx.end("extra data in PFX")?;
        Ok(Self { version, auth_safe: auth_safe_bytes.into(), mac })
    }
}

impl<'a> MacData<'a> {
    fn parse(tlv: &Tlv<'a>) -> Result<Self, BerError> {
        let mut mac_data = tlv.sequence("macData is not a SEQUENCE")?;
        let mut digest_info = mac_data.expect("MAC DigestInfo missing")?.sequence("MAC DigestInfo")?;
        let mut alg = digest_info.expect("MAC algorithm missing")?.sequence("MAC algorithm")?;
        let algorithm = alg.expect("MAC algorithm OID missing")?.oid("MAC algorithm OID")?;
        let digest = digest_info.expect("MAC value missing")?.octet_string("MAC value")?;
        let salt = mac_data.expect("MAC salt missing")?.octet_string("MAC salt")?;
        let iterations = match mac_data.next()? {
            Some(t) => t.uint("MAC iteration count")?,
            None => 1,
        };
        Ok(Self { algorithm, digest, salt, iterations })
    }
}

/// Checks the MAC with each encoding of the password; returns the one that matched.
fn verify_mac(
    mac: &MacData<'_>,
    auth_safe: &[u8],
    candidates: &mut Vec<Zeroizing<Vec<u8>>>,
    budget: &mut Budget,
) -> Result<Zeroizing<Vec<u8>>, Pkcs12Error> {
    let hash = Hash::from_digest_oid(mac.algorithm)
        .ok_or_else(|| Pkcs12Error::Unsupported(format!("MAC algorithm {}", crypto::scheme_name(mac.algorithm))))?;
    if mac.digest.len() != hash.output_len() {
        return Err(Pkcs12Error::Corrupt("the MAC value has the wrong length".into()));
    }
    for i in 0..candidates.len() {
        let iterations = budget.spend(mac.iterations, 1)?;
        if crypto::mac_matches(hash, &candidates[i], &mac.salt, iterations, auth_safe, &mac.digest) {
            return Ok(candidates.swap_remove(i));
        }
    }
    Err(Pkcs12Error::WrongPassword)
}

/// What the bags yielded.
#[derive(Default)]
struct Found {
    certificates: Vec<KeystoreCertificate>,
    key_ids: Vec<Vec<u8>>,
    /// Whether any encrypted content was opened with the password.
    decrypted: bool,
}

impl Found {
    fn finish(mut self) -> Vec<KeystoreCertificate> {
        for cert in &mut self.certificates {
            cert.has_key = cert.local_key_id.as_ref().is_some_and(|id| self.key_ids.contains(id));
        }
        self.certificates
    }
}

fn read_authenticated_safe(
    auth_safe: &[u8],
    password: &Password<'_>,
    integrity: bool,
    budget: &mut Budget,
    found: &mut Found,
) -> Result<(), Pkcs12Error> {
    let (top, trailing) = Reader::top(auth_safe)?;
    if trailing.iter().any(|&b| b != 0) {
        return Err(BerError("extra data after the AuthenticatedSafe").into());
    }
    let mut infos = top.sequence("AuthenticatedSafe is not a SEQUENCE")?;
    while let Some(info) = infos.next()? {
        read_content_info(&info, password, integrity, budget, found)?;
    }
    Ok(())
}

fn read_content_info(
    info: &Tlv<'_>,
    password: &Password<'_>,
    integrity: bool,
    budget: &mut Budget,
    found: &mut Found,
) -> Result<(), Pkcs12Error> {
    let mut info = info.sequence("ContentInfo is not a SEQUENCE")?;
    let content_type = info.expect("ContentInfo type missing")?.oid("ContentInfo type")?;
    let content = info.next()?;
    info.end("extra data in ContentInfo")?;
    match content_type {
        oid::DATA => {
            let Some(content) = content else { return Ok(()) };
            let inner = content.explicit(0, "data content")?;
            let safe_contents = Octets::from(inner.octet_string("data content is not an OCTET STRING")?);
            read_safe_contents(&safe_contents, found)?;
            Ok(())
        }
        oid::ENCRYPTED_DATA => {
            let Some(content) = content else { return Ok(()) };
            let encrypted_data = content.explicit(0, "encryptedData content")?;
            read_encrypted_data(&encrypted_data, password, integrity, budget, found)
        }
        oid::ENVELOPED_DATA => Err(Pkcs12Error::Unsupported("public-key privacy mode (envelopedData)".into())),
        other => Err(Pkcs12Error::Unsupported(format!("content type {}", ber::oid_to_string(other)))),
    }
}

/// PKCS#7 EncryptedData: decrypts it and reads the SafeContents inside.
fn read_encrypted_data(
    encrypted_data: &Tlv<'_>,
    password: &Password<'_>,
    integrity: bool,
    budget: &mut Budget,
    found: &mut Found,
) -> Result<(), Pkcs12Error> {
    let mut ed = encrypted_data.sequence("EncryptedData is not a SEQUENCE")?;
    ed.expect("EncryptedData version missing")?.uint("EncryptedData version")?;
    let mut eci = ed.expect("EncryptedContentInfo missing")?.sequence("EncryptedContentInfo")?;
    eci.expect("encrypted content type missing")?.oid("encrypted content type")?;
    let algorithm = eci.expect("encryption algorithm missing")?;
    let Some(encrypted) = eci.next()? else { return Ok(()) };
    if !encrypted.is_context(0) {
        return Err(BerError("encrypted content is not [0]").into());
    }
    let ciphertext = encrypted.string_octets(ber::TAG_OCTET_STRING)?;
    // The failure after a decryption: with a verified MAC the file is damaged; without one,
    // a wrong password is by far the likeliest cause.
    let failed = |reason: String| {
        if integrity { Pkcs12Error::Corrupt(reason) } else { Pkcs12Error::WrongPassword }
    };
    let plaintext = match crypto::decrypt(&algorithm, &ciphertext, password, budget) {
        Ok(p) => p,
        Err(DecryptError::Padding) => return Err(failed("bad padding after decryption".into())),
        Err(DecryptError::Other(e)) => return Err(e),
    };
    read_safe_contents(&plaintext, found).map_err(|e| failed(format!("decrypted content: {e}")))?;
    found.decrypted = true;
    Ok(())
}

/// SafeContents ::= SEQUENCE OF SafeBag.
fn read_safe_contents(bytes: &[u8], found: &mut Found) -> Result<(), BerError> {
    let (top, trailing) = Reader::top(bytes)?;
    if !trailing.is_empty() {
        return Err(BerError("extra data after SafeContents"));
    }
    read_bags(&top, found)
}

fn read_bags(safe_contents: &Tlv<'_>, found: &mut Found) -> Result<(), BerError> {
    let mut bags = safe_contents.sequence("SafeContents is not a SEQUENCE")?;
    while let Some(bag) = bags.next()? {
        read_bag(&bag, found)?;
    }
    Ok(())
}

#[derive(Default)]
struct Attributes {
    friendly_name: Option<String>,
    local_key_id: Option<Vec<u8>>,
}

fn read_bag(bag: &Tlv<'_>, found: &mut Found) -> Result<(), BerError> {
    let mut bag = bag.sequence("SafeBag is not a SEQUENCE")?;
    let bag_id = bag.expect("bag type missing")?.oid("bag type")?;
    let value = bag.expect("bag value missing")?.explicit(0, "bag value")?;
    let attributes = match bag.next()? {
        Some(set) => read_attributes(&set)?,
        None => Attributes::default(),
    };
    bag.end("extra data in SafeBag")?;
    match bag_id {
        oid::CERT_BAG => {
            let mut cert_bag = value.sequence("CertBag is not a SEQUENCE")?;
            let cert_type = cert_bag.expect("certificate type missing")?.oid("certificate type")?;
            let cert_value = cert_bag.expect("certificate missing")?.explicit(0, "certificate value")?;
            if cert_type == oid::X509_CERTIFICATE {
                let der = cert_value.octet_string("certificate is not an OCTET STRING")?.into_owned();
                check_certificate_shape(&der)?;
                found.certificates.push(KeystoreCertificate {
                    der,
                    local_key_id: attributes.local_key_id,
                    friendly_name: attributes.friendly_name,
                    has_key: false,
                });
            }
        }
        // The key itself is not looked at, let alone decrypted.
        oid::KEY_BAG | oid::SHROUDED_KEY_BAG => {
            if let Some(id) = attributes.local_key_id {
                found.key_ids.push(id);
            }
        }
        oid::SAFE_CONTENTS_BAG => read_bags(&value, found)?,
        // CRL and secret bags, unknown bags: nothing for us.
        _ => {}
    }
    Ok(())
}

/// A certificate must be one SEQUENCE filling the OCTET STRING.
fn check_certificate_shape(der: &[u8]) -> Result<(), BerError> {
    let (cert, trailing) = Reader::top(der)?;
    if !cert.is_universal(ber::TAG_SEQUENCE) || !cert.constructed || !trailing.is_empty() {
        return Err(BerError("certificate is not a single SEQUENCE"));
    }
    Ok(())
}

/// SET OF Attribute; Attribute ::= SEQUENCE { attrId OID, attrValues SET OF ANY }.
fn read_attributes(set: &Tlv<'_>) -> Result<Attributes, BerError> {
    let mut out = Attributes::default();
    let mut attributes = set.set("bag attributes are not a SET")?;
    while let Some(attribute) = attributes.next()? {
        let mut attribute = attribute.sequence("bag attribute is not a SEQUENCE")?;
        let id = attribute.expect("attribute type missing")?.oid("attribute type")?;
        let mut values = attribute.expect("attribute values missing")?.set("attribute values are not a SET")?;
        let Some(value) = values.next()? else { continue };
        match id {
            oid::FRIENDLY_NAME if out.friendly_name.is_none() => {
                out.friendly_name = friendly_name(&value)?;
            }
            oid::LOCAL_KEY_ID if out.local_key_id.is_none() => {
                out.local_key_id = Some(value.octet_string("localKeyID is not an OCTET STRING")?.into_owned());
            }
            _ => {}
        }
    }
    Ok(out)
}

/// A friendlyName: a BMPString (UTF-16BE) by the standard; a UTF8String is taken too.
fn friendly_name(value: &Tlv<'_>) -> Result<Option<String>, BerError> {
    const TAG_UTF8_STRING: u32 = 12;
    if value.is_universal(ber::TAG_BMP_STRING) {
        let bytes = value.string_octets(ber::TAG_BMP_STRING)?;
        if bytes.len() % 2 != 0 {
            return Err(BerError("friendlyName has an odd length"));
        }
        let units = bytes.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]]));
        let name: String = char::decode_utf16(units).map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER)).collect();
        Ok(Some(name))
    } else if value.is_universal(TAG_UTF8_STRING) {
        let bytes = value.string_octets(TAG_UTF8_STRING)?;
        Ok(Some(String::from_utf8_lossy(&bytes).into_owned()))
    } else {
        Ok(None)
    }
}
