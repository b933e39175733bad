//! Tests: the NCA fixtures against OpenSSL, files OpenSSL makes at test time, hand-built BER,
//! and hostile input.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::ber::{self, BerError, Reader};
use super::{KeystoreCertificate, Pkcs12Error, crypto, oid, read_certificates};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/fixtures/nca/");

// ---------------------------------------------------------------------------------------------
// Helpers

/// The NCA keystores with their passwords, or `None` (with a message) where the folder is absent.
fn nca_keystores() -> Option<Vec<(PathBuf, &'static str)>> {
    let dir = Path::new(FIXTURES);
    if !dir.is_dir() {
        eprintln!("SKIPPED: the NCA fixtures folder {FIXTURES} is absent");
        return None;
    }
    let mut out = Vec::new();
    for sub in fs::read_dir(dir).unwrap() {
        let sub = sub.unwrap().path();
        if !sub.is_dir() {
            continue;
        }
        for file in fs::read_dir(&sub).unwrap() {
            let path = file.unwrap().path();
            if path.extension().is_some_and(|e| e == "p12") {
                let password = match path.file_name().and_then(|n| n.to_str()) {
                    Some("KEY_CEO_REVOKED_2015.p12" | "KEY_INDIVIDUAL_VALID_2015.p12") => "Aa123456",
                    _ => "Qwerty12",
                };
                out.push((path, password));
            }
        }
    }
    out.sort();
    Some(out)
}

fn fixture(relative: &str) -> Option<Vec<u8>> {
    let path = Path::new(FIXTURES).join(relative);
    let data = fs::read(&path).ok();
    if data.is_none() {
        eprintln!("SKIPPED: fixture {} is absent", path.display());
    }
    data
}

fn openssl_available() -> bool {
    let ok = Command::new("openssl").arg("version").output().is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("SKIPPED: the openssl command is not available");
    }
    ok
}

/// Runs `openssl` and returns its stdout; panics with its stderr on failure.
fn openssl(args: &[&str], stdin: Option<&[u8]>) -> Vec<u8> {
    let mut child = Command::new("openssl")
        .args(args)
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "openssl {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

#[derive(Debug)]
struct OpensslCert {
    der: Vec<u8>,
    local_key_id: Option<Vec<u8>>,
    friendly_name: Option<String>,
}

/// The certificates `openssl pkcs12 -nokeys` prints, each with the bag attributes before it.
fn openssl_certificates(p12: &Path, password: &str, extra: &[&str]) -> Vec<OpensslCert> {
    let path = p12.to_str().unwrap();
    let pass = format!("pass:{password}");
    let mut args = vec!["pkcs12", "-legacy", "-nokeys", "-in", path, "-passin", &pass];
    args.extend_from_slice(extra);
    let text = String::from_utf8(openssl(&args, None)).unwrap();
    let mut certs = Vec::new();
    let mut local_key_id = None;
    let mut friendly_name = None;
    let mut pem: Option<String> = None;
    for line in text.lines() {
        let trimmed = line.trim();
        if let Some(hex) = trimmed.strip_prefix("localKeyID:") {
            local_key_id = Some(hex.split_whitespace().map(|h| u8::from_str_radix(h, 16).unwrap()).collect());
        } else if let Some(name) = trimmed.strip_prefix("friendlyName:") {
            friendly_name = Some(name.trim().to_owned());
        } else if trimmed == "-----BEGIN CERTIFICATE-----" {
            pem = Some(format!("{trimmed}\n"));
        } else if let Some(block) = pem.as_mut() {
            block.push_str(trimmed);
            block.push('\n');
            if trimmed == "-----END CERTIFICATE-----" {
                let der = openssl(&["x509", "-outform", "DER"], Some(block.as_bytes()));
                certs.push(OpensslCert { der, local_key_id: local_key_id.take(), friendly_name: friendly_name.take() });
                pem = None;
            }
        } else if trimmed == "Bag Attributes" {
            local_key_id = None;
            friendly_name = None;
        }
    }
    certs
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// A deterministic xorshift generator.
struct XorShift(u64);

impl XorShift {
    fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next_u64().to_le_bytes()[0]).collect()
    }
}

// DER/BER building for hand-made structures.

fn der_len(len: usize) -> Vec<u8> {
    if len < 0x80 {
        vec![u8::try_from(len).unwrap()]
    } else {
        let bytes: Vec<u8> = len.to_be_bytes().into_iter().skip_while(|&b| b == 0).collect();
        let mut out = vec![0x80 | u8::try_from(bytes.len()).unwrap()];
        out.extend(bytes);
        out
    }
}

fn tlv(tag: u8, parts: &[&[u8]]) -> Vec<u8> {
    let content: Vec<u8> = parts.concat();
    let mut out = vec![tag];
    out.extend(der_len(content.len()));
    out.extend(content);
    out
}

/// An indefinite-length constructed element.
fn indefinite(tag: u8, parts: &[&[u8]]) -> Vec<u8> {
    let mut out = vec![tag, 0x80];
    out.extend(parts.concat());
    out.extend([0, 0]);
    out
}

fn seq(parts: &[&[u8]]) -> Vec<u8> {
    tlv(0x30, parts)
}

fn set(parts: &[&[u8]]) -> Vec<u8> {
    tlv(0x31, parts)
}

fn oid_tlv(encoded: &[u8]) -> Vec<u8> {
    tlv(0x06, &[encoded])
}

fn octets(bytes: &[u8]) -> Vec<u8> {
    tlv(0x04, &[bytes])
}

fn int(value: u64) -> Vec<u8> {
    let mut bytes: Vec<u8> = value.to_be_bytes().into_iter().skip_while(|&b| b == 0).collect();
    if bytes.first().is_none_or(|b| b & 0x80 != 0) {
        bytes.insert(0, 0);
    }
    tlv(0x02, &[&bytes])
}

fn explicit0(parts: &[&[u8]]) -> Vec<u8> {
    tlv(0xa0, parts)
}

fn local_key_id_attr(id: &[u8]) -> Vec<u8> {
    seq(&[&oid_tlv(oid::LOCAL_KEY_ID), &set(&[&octets(id)])])
}

fn friendly_name_attr(name: &str) -> Vec<u8> {
    let bmp: Vec<u8> = name.encode_utf16().flat_map(u16::to_be_bytes).collect();
    seq(&[&oid_tlv(oid::FRIENDLY_NAME), &set(&[&tlv(0x1e, &[&bmp])])])
}

fn cert_bag(cert: &[u8], attributes: &[&[u8]]) -> Vec<u8> {
    let value = seq(&[&oid_tlv(oid::X509_CERTIFICATE), &explicit0(&[&octets(cert)])]);
    seq(&[&oid_tlv(oid::CERT_BAG), &explicit0(&[&value]), &set(attributes)])
}

fn shrouded_key_bag(attributes: &[&[u8]]) -> Vec<u8> {
    // The key is never looked at: any content will do.
    let value = seq(&[&seq(&[&oid_tlv(oid::PBE_SHA1_3DES)]), &octets(&[0xde, 0xad])]);
    seq(&[&oid_tlv(oid::SHROUDED_KEY_BAG), &explicit0(&[&value]), &set(attributes)])
}

/// A PFX without a MAC around `auth_safe` (the AuthenticatedSafe's encoding).
fn pfx_without_mac(auth_safe: &[u8]) -> Vec<u8> {
    seq(&[&int(3), &seq(&[&oid_tlv(oid::DATA), &explicit0(&[&octets(auth_safe)])])])
}

fn data_content_info(safe_contents: &[u8]) -> Vec<u8> {
    seq(&[&oid_tlv(oid::DATA), &explicit0(&[&octets(safe_contents)])])
}

fn encrypted_content_info(algorithm: &[u8], ciphertext: &[u8]) -> Vec<u8> {
    let eci = seq(&[&oid_tlv(oid::DATA), algorithm, &tlv(0x80, &[ciphertext])]);
    seq(&[&oid_tlv(oid::ENCRYPTED_DATA), &explicit0(&[&seq(&[&int(0), &eci])])])
}

fn mac_data(digest_oid: &[u8], digest: &[u8], salt: &[u8], iterations: u64) -> Vec<u8> {
    let digest_info = seq(&[&seq(&[&oid_tlv(digest_oid), &[0x05, 0x00]]), &octets(digest)]);
    seq(&[&digest_info, &octets(salt), &int(iterations)])
}

const FAKE_CERT: &[u8] = &[0x30, 0x03, 0x02, 0x01, 0x05];

fn pbes2_aes_encrypt(
    prf: &[u8],
    cipher_oid: &[u8],
    key_len: usize,
    password: &str,
    plaintext: &[u8],
) -> (Vec<u8>, Vec<u8>) {
    use cbc::cipher::block_padding::Pkcs7;
    use cbc::cipher::{BlockModeEncrypt, KeyIvInit};
    let salt = [7u8; 16];
    let iv = [9u8; 16];
    let iterations = 1000;
    let mut key = vec![0u8; key_len];
    match prf {
        oid::HMAC_SHA1 => pbkdf2::pbkdf2_hmac::<sha1::Sha1>(password.as_bytes(), &salt, iterations, &mut key),
        oid::HMAC_SHA512 => pbkdf2::pbkdf2_hmac::<sha2::Sha512>(password.as_bytes(), &salt, iterations, &mut key),
        _ => unreachable!(),
    }
    let mut buf = vec![0u8; plaintext.len() + 16];
    buf[..plaintext.len()].copy_from_slice(plaintext);
    let ct = match key_len {
        16 => cbc::Encryptor::<aes::Aes128>::new_from_slices(&key, &iv)
            .unwrap()
            .encrypt_padded::<Pkcs7>(&mut buf, plaintext.len())
            .unwrap()
            .to_vec(),
        32 => cbc::Encryptor::<aes::Aes256>::new_from_slices(&key, &iv)
            .unwrap()
            .encrypt_padded::<Pkcs7>(&mut buf, plaintext.len())
            .unwrap()
            .to_vec(),
        _ => unreachable!(),
    };
    let kdf_params = seq(&[&octets(&salt), &int(u64::from(iterations)), &seq(&[&oid_tlv(prf), &[0x05, 0x00]])]);
    let kdf = seq(&[&oid_tlv(oid::PBKDF2), &kdf_params]);
    let enc = seq(&[&oid_tlv(cipher_oid), &octets(&iv)]);
    let algorithm = seq(&[&oid_tlv(oid::PBES2), &seq(&[&kdf, &enc])]);
    (algorithm, ct)
}

// ---------------------------------------------------------------------------------------------
// Unit tests: OIDs, BER, password encodings

#[test]
fn oid_constants_have_the_right_dotted_form() {
    let cases: &[(&[u8], &str)] = &[
        (oid::DATA, "1.2.840.113549.1.7.1"),
        (oid::SIGNED_DATA, "1.2.840.113549.1.7.2"),
        (oid::ENVELOPED_DATA, "1.2.840.113549.1.7.3"),
        (oid::ENCRYPTED_DATA, "1.2.840.113549.1.7.6"),
        (oid::KEY_BAG, "1.2.840.113549.1.12.10.1.1"),
        (oid::SHROUDED_KEY_BAG, "1.2.840.113549.1.12.10.1.2"),
        (oid::CERT_BAG, "1.2.840.113549.1.12.10.1.3"),
        (oid::SAFE_CONTENTS_BAG, "1.2.840.113549.1.12.10.1.6"),
        (oid::FRIENDLY_NAME, "1.2.840.113549.1.9.20"),
        (oid::LOCAL_KEY_ID, "1.2.840.113549.1.9.21"),
        (oid::X509_CERTIFICATE, "1.2.840.113549.1.9.22.1"),
        (oid::PBE_SHA1_RC4_128, "1.2.840.113549.1.12.1.1"),
        (oid::PBE_SHA1_RC4_40, "1.2.840.113549.1.12.1.2"),
        (oid::PBE_SHA1_3DES, "1.2.840.113549.1.12.1.3"),
        (oid::PBE_SHA1_2DES, "1.2.840.113549.1.12.1.4"),
        (oid::PBE_SHA1_RC2_128, "1.2.840.113549.1.12.1.5"),
        (oid::PBE_SHA1_RC2_40, "1.2.840.113549.1.12.1.6"),
        (oid::PBE_MD5_DES, "1.2.840.113549.1.5.3"),
        (oid::PBE_SHA1_DES, "1.2.840.113549.1.5.10"),
        (oid::PBKDF2, "1.2.840.113549.1.5.12"),
        (oid::PBES2, "1.2.840.113549.1.5.13"),
        (oid::PBMAC1, "1.2.840.113549.1.5.14"),
        (oid::SCRYPT, "1.3.6.1.4.1.11591.4.11"),
        (oid::HMAC_SHA1, "1.2.840.113549.2.7"),
        (oid::HMAC_SHA224, "1.2.840.113549.2.8"),
        (oid::HMAC_SHA256, "1.2.840.113549.2.9"),
        (oid::HMAC_SHA384, "1.2.840.113549.2.10"),
        (oid::HMAC_SHA512, "1.2.840.113549.2.11"),
        (oid::SHA1, "1.3.14.3.2.26"),
        (oid::SHA256, "2.16.840.1.101.3.4.2.1"),
        (oid::SHA384, "2.16.840.1.101.3.4.2.2"),
        (oid::SHA512, "2.16.840.1.101.3.4.2.3"),
        (oid::SHA224, "2.16.840.1.101.3.4.2.4"),
        (oid::AES128_CBC, "2.16.840.1.101.3.4.1.2"),
        (oid::AES192_CBC, "2.16.840.1.101.3.4.1.22"),
        (oid::AES256_CBC, "2.16.840.1.101.3.4.1.42"),
        (oid::DES_EDE3_CBC, "1.2.840.113549.3.7"),
        (oid::RC2_CBC, "1.2.840.113549.3.2"),
        (oid::DES_CBC, "1.3.14.3.2.7"),
    ];
    for (encoded, dotted) in cases {
        assert_eq!(ber::oid_to_string(encoded), *dotted);
    }
    assert_eq!(ber::oid_to_string(&[0x2a, 0x86]), "OID 2a86");
}

#[test]
fn ber_reads_indefinite_lengths_and_constructed_strings() {
    // SEQUENCE (indefinite) { OCTET STRING (constructed, indefinite) { "ab", "cd" }, INTEGER 5 }
    let data = [0x30, 0x80, 0x24, 0x80, 0x04, 0x02, b'a', b'b', 0x04, 0x02, b'c', b'd', 0, 0, 0x02, 0x01, 0x05, 0, 0];
    let (top, rest) = Reader::top(&data).unwrap();
    assert!(rest.is_empty());
    let mut children = top.sequence("seq").unwrap();
    let s = children.expect("string").unwrap();
    assert_eq!(&*s.octet_string("os").unwrap(), b"abcd");
    assert_eq!(children.expect("int").unwrap().uint("int").unwrap(), 5);
    assert!(children.next().unwrap().is_none());

    // Long-form lengths, and chunks nested in chunks.
    let long = tlv(0x04, &[&[0x55; 300]]);
    assert_eq!(long[1], 0x82);
    let (t, _) = Reader::top(&long).unwrap();
    assert_eq!(t.octet_string("os").unwrap().len(), 300);
    let nested = indefinite(0x24, &[&indefinite(0x24, &[&octets(b"x")]), &octets(b"y")]);
    let (t, _) = Reader::top(&nested).unwrap();
    assert_eq!(&*t.octet_string("os").unwrap(), b"xy");
    // A chunk of the wrong type is refused.
    let bad = indefinite(0x24, &[&int(1)]);
    assert!(Reader::top(&bad).unwrap().0.octet_string("os").is_err());
}

#[test]
fn ber_refuses_bad_lengths_without_allocating() {
    let cases: &[&[u8]] = &[
        &[],
        &[0x30],
        &[0x30, 0x05, 0x02, 0x01],
        &[0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x02, 0x01, 0x03],
        &[0x30, 0x88, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
        &[0x30, 0x89, 1, 1, 1, 1, 1, 1, 1, 1, 1],
        &[0x30, 0xff],
        &[0x04, 0x80, 0x00, 0x00],
        &[0x30, 0x80, 0x02, 0x01, 0x03],
        &[0x30, 0x80, 0x02, 0x01, 0x03, 0x00],
        &[0x00, 0x00],
        &[0x1f, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x00],
    ];
    for case in cases {
        assert!(Reader::top(case).is_err(), "{case:02x?}");
    }
    // Integers: negative and too large are refused.
    assert!(Reader::top(&[0x02, 0x01, 0x80]).unwrap().0.uint("i").is_err());
    assert!(Reader::top(&int(u64::MAX)).unwrap().0.uint("i").is_ok());
    assert!(Reader::top(&[0x02, 0x09, 1, 0, 0, 0, 0, 0, 0, 0, 0]).unwrap().0.uint("i").is_err());
}

#[test]
fn ber_limits_nesting() {
    let mut deep = Vec::new();
    for _ in 0..100_000 {
        deep.extend([0x30, 0x80]);
    }
    assert_eq!(Reader::top(&deep).unwrap_err(), BerError("nested too deeply"));
    // Definite lengths: depth is counted while descending.
    let mut definite = FAKE_CERT.to_vec();
    for _ in 0..100 {
        definite = seq(&[&definite]);
    }
    let (mut t, _) = Reader::top(&definite).unwrap();
    let mut result = Ok(());
    for _ in 0..100 {
        match t.sequence("s").and_then(|mut r| r.expect("x")) {
            Ok(next) => t = next,
            Err(e) => {
                result = Err(e);
                break;
            }
        }
    }
    assert_eq!(result, Err(BerError("nested too deeply")));
}

#[test]
fn password_encodings() {
    let c = crypto::bmp_candidates("Qwerty12");
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].as_slice(), b"\0Q\0w\0e\0r\0t\0y\x001\x002\0\0");
    let c = crypto::bmp_candidates("");
    assert_eq!(c.len(), 2);
    assert_eq!(c[0].as_slice(), &[0, 0]);
    assert!(c[1].is_empty());
    let c = crypto::bmp_candidates("Сә");
    assert_eq!(c.len(), 2);
    assert_eq!(c[0].as_slice(), &[0x04, 0x21, 0x04, 0xd9, 0, 0]);
    assert_eq!(c[1].as_slice(), &[0, 0xd0, 0, 0xa1, 0, 0xd3, 0, 0x99, 0, 0]);
}

// ---------------------------------------------------------------------------------------------
// The NCA fixtures

#[test]
fn nca_keystores_match_openssl() {
    let Some(keystores) = nca_keystores() else { return };
    if !openssl_available() {
        return;
    }
    assert!(keystores.len() >= 20, "expected the NCA keystores in {FIXTURES}");
    for (path, password) in &keystores {
        let name = path.display();
        let data = fs::read(path).unwrap();
        let certs = read_certificates(&data, password).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let own: Vec<&KeystoreCertificate> = certs.iter().filter(|c| c.has_key).collect();
        assert!(!own.is_empty(), "{name}: no certificate with a key");

        let expected_own = openssl_certificates(path, password, &["-clcerts"]);
        assert_eq!(own.len(), expected_own.len(), "{name}");
        for (ours, theirs) in own.iter().zip(&expected_own) {
            assert_eq!(ours.der, theirs.der, "{name}: certificate DER differs from OpenSSL's");
            assert_eq!(ours.local_key_id, theirs.local_key_id, "{name}: localKeyID");
            assert!(ours.local_key_id.as_ref().is_some_and(|id| id.len() == 20), "{name}: NCA localKeyID is a SKI");
            assert_eq!(ours.friendly_name, theirs.friendly_name, "{name}: friendlyName");
            // NCA: the friendlyName is the SKI in hex.
            assert_eq!(ours.friendly_name.as_deref(), ours.local_key_id.as_deref().map(hex).as_deref(), "{name}");
        }

        let expected_all = openssl_certificates(path, password, &[]);
        assert_eq!(certs.len(), expected_all.len(), "{name}: number of certificates");
        for (ours, theirs) in certs.iter().zip(&expected_all) {
            assert_eq!(ours.der, theirs.der, "{name}");
            assert_eq!(ours.local_key_id, theirs.local_key_id, "{name}");
        }
    }
}

#[test]
fn nca_local_key_id_matches_openssl_info_output() {
    let Some(keystores) = nca_keystores() else { return };
    if !openssl_available() {
        return;
    }
    for (path, password) in keystores.iter().step_by(6) {
        let pass = format!("pass:{password}");
        let out =
            openssl(&["pkcs12", "-legacy", "-info", "-nokeys", "-in", path.to_str().unwrap(), "-passin", &pass], None);
        let text = String::from_utf8_lossy(&out);
        let ids: Vec<Vec<u8>> = text
            .lines()
            .filter_map(|l| l.trim().strip_prefix("localKeyID:"))
            .map(|h| h.split_whitespace().map(|x| u8::from_str_radix(x, 16).unwrap()).collect())
            .collect();
        let data = fs::read(path).unwrap();
        let certs = read_certificates(&data, password).unwrap();
        for cert in certs.iter().filter(|c| c.has_key) {
            assert!(ids.contains(cert.local_key_id.as_ref().unwrap()), "{}", path.display());
        }
    }
}

#[test]
fn nca_file_name_is_the_local_key_id() {
    let Some(data) = fixture("malikzh-ncanode-2018/AUTH_RSA256_6b361b864c679601b652fe387f61fcd9303c0327.p12") else {
        return;
    };
    let certs = read_certificates(&data, "Qwerty12").unwrap();
    let own: Vec<_> = certs.iter().filter(|c| c.has_key).collect();
    assert_eq!(own.len(), 1);
    assert_eq!(hex(own[0].local_key_id.as_ref().unwrap()), "6b361b864c679601b652fe387f61fcd9303c0327");
}

#[test]
fn nca_wrong_passwords() {
    let Some(keystores) = nca_keystores() else { return };
    for (path, password) in keystores.iter().step_by(4) {
        let data = fs::read(path).unwrap();
        for wrong in ["Qwerty13", "qwerty12", "", "Сәлем123", "Қwerty12", " Qwerty12", "Aa123456", "Qwerty12"] {
            if wrong == *password {
                continue;
            }
            assert_eq!(
                read_certificates(&data, wrong),
                Err(Pkcs12Error::WrongPassword),
                "{} / {wrong}",
                path.display()
            );
        }
    }
}

#[test]
fn nca_truncated_files_never_read() {
    let Some(data) = fixture("malikzh-ncanode-v3/KEY_INDIVIDUAL_VALID_2015.p12") else { return };
    for len in 0..data.len() {
        match read_certificates(&data[..len], "Aa123456") {
            Err(Pkcs12Error::NotAKeystore | Pkcs12Error::Corrupt(_) | Pkcs12Error::WrongPassword) => {}
            other => panic!("prefix of {len} bytes: {other:?}"),
        }
    }
    // Bytes after the PFX are ignored, like OpenSSL does.
    let mut longer = data.clone();
    longer.extend([0xab; 7]);
    assert_eq!(read_certificates(&longer, "Aa123456"), read_certificates(&data, "Aa123456"));
}

#[test]
fn nca_damaged_files_never_read_garbage() {
    let Some(data) = fixture("gokalkan/GOSTKNCA.p12") else { return };
    let good = read_certificates(&data, "Qwerty12").unwrap();
    let mut rng = XorShift(0x1234_5678_9abc_def1);
    for i in (0..data.len()).step_by(3) {
        let mut damaged = data.clone();
        damaged[i] ^= u8::try_from(rng.next_u64() % 255 + 1).unwrap();
        // Only a change the MAC does not cover (an equivalent encoding) may still read.
        if let Ok(certs) = read_certificates(&damaged, "Qwerty12") {
            assert_eq!(certs, good, "byte {i}");
        }
    }
}

#[test]
fn not_keystores() {
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    for len in [0, 1, 2, 3, 10, 100, 1000, 5000] {
        for _ in 0..20 {
            let data = rng.bytes(len);
            assert_eq!(read_certificates(&data, "Qwerty12"), Err(Pkcs12Error::NotAKeystore), "{data:02x?}");
        }
    }
    let pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n";
    assert_eq!(read_certificates(pdf, "Qwerty12"), Err(Pkcs12Error::NotAKeystore));
    // A SEQUENCE that is no PFX.
    assert_eq!(read_certificates(&seq(&[&int(3), &int(4)]), ""), Err(Pkcs12Error::NotAKeystore));
    assert_eq!(read_certificates(FAKE_CERT, ""), Err(Pkcs12Error::NotAKeystore));

    if let Some(der) = fixture("malikzh-ncanode-v3/NCA_2015_CERT.cer") {
        assert_eq!(read_certificates(&der, "Qwerty12"), Err(Pkcs12Error::NotAKeystore));
        if openssl_available() {
            let pem = openssl(&["x509", "-inform", "DER", "-outform", "PEM"], Some(&der));
            assert!(pem.starts_with(b"-----BEGIN CERTIFICATE-----"));
            assert_eq!(read_certificates(&pem, "Qwerty12"), Err(Pkcs12Error::NotAKeystore));
        }
    }
    for name in ["ca-certs__nca_rsa_test.crt", "ca-certs__root_test_gost_2022.cer"] {
        if let Some(data) = fixture(&format!("johnhenryspike-kalkan-crypt/{name}")) {
            assert_eq!(read_certificates(&data, "Qwerty12"), Err(Pkcs12Error::NotAKeystore), "{name}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Files made by OpenSSL now

struct Material {
    dir: tempfile::TempDir,
    cert_der: Vec<u8>,
}

impl Material {
    fn path(&self, name: &str) -> String {
        self.dir.path().join(name).to_str().unwrap().to_owned()
    }

    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let m = Self { dir, cert_der: Vec::new() };
        for (key, cert, cn) in [("key.pem", "cert.pem", "/CN=Test"), ("ca-key.pem", "ca.pem", "/CN=Test CA")] {
            openssl(
                &[
                    "req",
                    "-x509",
                    "-newkey",
                    "rsa:2048",
                    "-nodes",
                    "-subj",
                    cn,
                    "-days",
                    "1",
                    "-keyout",
                    &m.path(key),
                    "-out",
                    &m.path(cert),
                ],
                None,
            );
        }
        let cert_der = openssl(&["x509", "-in", &m.path("cert.pem"), "-outform", "DER"], None);
        Self { cert_der, ..m }
    }

    fn export(&self, out: &str, password: &str, extra: &[&str]) -> Vec<u8> {
        let pass = format!("pass:{password}");
        let (cert, key, out_path) = (self.path("cert.pem"), self.path("key.pem"), self.path(out));
        let mut args = vec!["pkcs12", "-export", "-in", &cert, "-inkey", &key, "-out", &out_path, "-passout", &pass];
        args.extend_from_slice(extra);
        openssl(&args, None);
        fs::read(&out_path).unwrap()
    }
}

#[test]
fn openssl_made_keystores_read_back() {
    if !openssl_available() {
        return;
    }
    let m = Material::new();
    let ca = m.path("ca.pem");
    // (what, password, options, whether a wrong password is noticed)
    let variants: &[(&str, &str, &[&str], bool)] = &[
        ("default (PBES2 AES-256, PBKDF2-SHA256, HMAC-SHA256)", "Test-pass1", &[], true),
        ("legacy (RC2-40 + 3DES, HMAC-SHA1)", "Test-pass1", &["-legacy"], true),
        ("PBES2 DES-EDE3-CBC", "Test-pass1", &["-certpbe", "DES-EDE3-CBC", "-keypbe", "DES-EDE3-CBC"], true),
        ("PBES2 AES-128-CBC", "Test-pass1", &["-certpbe", "AES-128-CBC"], true),
        ("PBES2 AES-192-CBC", "Test-pass1", &["-certpbe", "AES-192-CBC"], true),
        ("PKCS#12 3-key 3DES", "Test-pass1", &["-certpbe", "PBE-SHA1-3DES", "-keypbe", "PBE-SHA1-3DES"], true),
        ("PKCS#12 2-key 3DES", "Test-pass1", &["-certpbe", "PBE-SHA1-2DES"], true),
        ("-descert", "Test-pass1", &["-descert"], true),
        ("PKCS#12 RC2-128", "Test-pass1", &["-legacy", "-certpbe", "PBE-SHA1-RC2-128"], true),
        ("no MAC, AES-256 certificates", "Test-pass1", &["-nomac", "-certpbe", "AES-256-CBC"], true),
        ("no MAC, RC2-40 certificates", "Test-pass1", &["-nomac", "-legacy", "-certpbe", "PBE-SHA1-RC2-40"], true),
        ("no MAC, 3DES certificates", "Test-pass1", &["-nomac", "-certpbe", "PBE-SHA1-3DES"], true),
        // OpenSSL leaves the certificates unencrypted without a MAC: only the key could tell
        // a wrong password, and keys are never decrypted.
        ("no MAC (certificates in the clear)", "Test-pass1", &["-nomac"], false),
        ("MAC SHA-1", "Test-pass1", &["-macalg", "sha1"], true),
        ("MAC SHA-384", "Test-pass1", &["-macalg", "sha384"], true),
        ("MAC SHA-512", "Test-pass1", &["-macalg", "sha512"], true),
        ("unencrypted certificates", "Test-pass1", &["-certpbe", "NONE"], true),
        ("one iteration", "Test-pass1", &["-noiter", "-nomaciter"], true),
        ("Cyrillic password", "Сәлем123", &[], true),
        ("Cyrillic password, legacy", "Сәлем123", &["-legacy"], true),
        ("Cyrillic password, no MAC", "Сәлем123", &["-nomac", "-certpbe", "AES-256-CBC"], true),
        ("Cyrillic password, no MAC, legacy", "Сәлем123", &["-nomac", "-legacy", "-certpbe", "PBE-SHA1-RC2-40"], true),
        ("empty password", "", &[], true),
        ("empty password, legacy", "", &["-legacy"], true),
        ("friendly name and a CA certificate", "Test-pass1", &["-name", "Менің кілтім", "-certfile", &ca], true),
    ];
    for (i, &(what, password, extra, checked)) in variants.iter().enumerate() {
        let data = m.export(&format!("v{i}.p12"), password, extra);
        let certs = read_certificates(&data, password).unwrap_or_else(|e| panic!("{what}: {e:?}"));
        let own: Vec<_> = certs.iter().filter(|c| c.has_key).collect();
        assert_eq!(own.len(), 1, "{what}: {certs:?}");
        assert_eq!(own[0].der, m.cert_der, "{what}");
        assert!(own[0].local_key_id.is_some(), "{what}");
        if extra.contains(&"-certfile") {
            assert_eq!(certs.len(), 2, "{what}");
            assert_eq!(own[0].friendly_name.as_deref(), Some("Менің кілтім"));
            let ca_der = openssl(&["x509", "-in", &ca, "-outform", "DER"], None);
            assert!(certs.iter().any(|c| !c.has_key && c.der == ca_der), "{what}");
        } else {
            assert_eq!(certs.len(), 1, "{what}");
        }
        for wrong in ["Test-pass2", "сәлем123", "x", ""] {
            if wrong == password {
                continue;
            }
            let result = read_certificates(&data, wrong);
            if checked {
                assert_eq!(result, Err(Pkcs12Error::WrongPassword), "{what} / {wrong}");
            } else {
                assert_eq!(result, Ok(certs.clone()), "{what} / {wrong}");
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Hand-built keystores: schemes OpenSSL's CLI cannot choose, BER shapes, limits

#[test]
fn pbes2_with_sha1_and_sha512_prf() {
    let id = [0x11; 20];
    let safe_contents =
        seq(&[&cert_bag(FAKE_CERT, &[&local_key_id_attr(&id)]), &shrouded_key_bag(&[&local_key_id_attr(&id)])]);
    for (prf, cipher, key_len) in [(oid::HMAC_SHA1, oid::AES128_CBC, 16), (oid::HMAC_SHA512, oid::AES256_CBC, 32)] {
        let (algorithm, ct) = pbes2_aes_encrypt(prf, cipher, key_len, "Сәлем123", &safe_contents);
        let pfx = pfx_without_mac(&seq(&[&encrypted_content_info(&algorithm, &ct)]));
        let certs = read_certificates(&pfx, "Сәлем123").unwrap();
        assert_eq!(
            certs,
            vec![KeystoreCertificate {
                der: FAKE_CERT.to_vec(),
                local_key_id: Some(id.to_vec()),
                friendly_name: None,
                has_key: true
            }]
        );
        assert_eq!(read_certificates(&pfx, "Сәлем124"), Err(Pkcs12Error::WrongPassword));
    }
}

#[test]
fn ber_shapes_nested_bags_and_attributes() {
    let id = [0x22; 4];
    // Indefinite lengths everywhere, the certificate and the AuthenticatedSafe in chunks,
    // a nested safe-contents bag, a second (CA) certificate without a key.
    let chunked_cert = indefinite(0x24, &[&octets(&FAKE_CERT[..2]), &octets(&FAKE_CERT[2..])]);
    let cert_value = indefinite(0x30, &[&oid_tlv(oid::X509_CERTIFICATE), &indefinite(0xa0, &[&chunked_cert])]);
    let attrs = set(&[&friendly_name_attr("Кілт"), &local_key_id_attr(&id)]);
    let bag = indefinite(0x30, &[&oid_tlv(oid::CERT_BAG), &indefinite(0xa0, &[&cert_value]), &attrs]);
    let ca_bag = cert_bag(&seq(&[&int(7)]), &[]);
    let nested = seq(&[&oid_tlv(oid::SAFE_CONTENTS_BAG), &explicit0(&[&indefinite(0x30, &[&bag, &ca_bag])])]);
    let key = shrouded_key_bag(&[&local_key_id_attr(&id)]);
    let unknown_bag = seq(&[&oid_tlv(&[0x2a, 0x03]), &explicit0(&[&int(1)])]);
    let safe_contents = indefinite(0x30, &[&nested, &unknown_bag]);
    let key_contents = seq(&[&key]);
    let auth_safe = indefinite(0x30, &[&data_content_info(&safe_contents), &data_content_info(&key_contents)]);
    let (first, second) = auth_safe.split_at(auth_safe.len() / 2);
    let pfx = indefinite(
        0x30,
        &[
            &int(3),
            &indefinite(
                0x30,
                &[&oid_tlv(oid::DATA), &indefinite(0xa0, &[&indefinite(0x24, &[&octets(first), &octets(second)])])],
            ),
        ],
    );
    let certs = read_certificates(&pfx, "").unwrap();
    assert_eq!(certs.len(), 2);
    assert_eq!(certs[0].der, FAKE_CERT);
    assert_eq!(certs[0].friendly_name.as_deref(), Some("Кілт"));
    assert_eq!(certs[0].local_key_id.as_deref(), Some(&id[..]));
    assert!(certs[0].has_key);
    assert!(!certs[1].has_key);
    assert_eq!(certs[1].local_key_id, None);

    // A certificate that is not a single SEQUENCE makes the file corrupt.
    let bad = pfx_without_mac(&seq(&[&data_content_info(&seq(&[&cert_bag(&[0x30, 0x00, 0x00], &[])]))]));
    assert!(matches!(read_certificates(&bad, ""), Err(Pkcs12Error::Corrupt(_))));
}

#[test]
fn work_is_bounded() {
    // A MAC iteration count above the limit is refused before any work.
    let auth_safe = seq(&[&data_content_info(&seq(&[&cert_bag(FAKE_CERT, &[])]))]);
    let content_info = seq(&[&oid_tlv(oid::DATA), &explicit0(&[&octets(&auth_safe)])]);
    let pfx = seq(&[&int(3), &content_info, &mac_data(oid::SHA1, &[0; 20], &[1; 20], 10_000_001)]);
    let start = std::time::Instant::now();
    assert!(matches!(read_certificates(&pfx, "x"), Err(Pkcs12Error::Corrupt(_))));
    let pfx = seq(&[&int(3), &content_info, &mac_data(oid::SHA1, &[0; 20], &[1; 20], u64::MAX)]);
    assert!(matches!(read_certificates(&pfx, "x"), Err(Pkcs12Error::Corrupt(_))));
    let pfx = seq(&[&int(3), &content_info, &mac_data(oid::SHA1, &[0; 20], &[1; 20], 0)]);
    assert!(matches!(read_certificates(&pfx, "x"), Err(Pkcs12Error::Corrupt(_))));
    // Same for an encryption's iteration count (in a file without a MAC).
    let pbe = seq(&[&oid_tlv(oid::PBE_SHA1_RC2_40), &seq(&[&octets(&[1; 8]), &int(50_000_000)])]);
    let pfx = pfx_without_mac(&seq(&[&encrypted_content_info(&pbe, &[0; 16])]));
    assert!(matches!(read_certificates(&pfx, "x"), Err(Pkcs12Error::Corrupt(_))));
    assert!(start.elapsed().as_secs() < 10);

    // A deeply nested AuthenticatedSafe.
    let mut deep = Vec::new();
    for _ in 0..10_000 {
        deep.extend([0x30, 0x80]);
    }
    let pfx = pfx_without_mac(&deep);
    assert!(matches!(read_certificates(&pfx, ""), Err(Pkcs12Error::Corrupt(_))));
    // A length field claiming 4 GiB.
    let mut huge = vec![0x30, 0x84, 0xff, 0xff, 0xff, 0xf0, 0x02, 0x01, 0x03, 0x30, 0x84, 0xff, 0xff, 0xff, 0x00];
    huge.extend(oid_tlv(oid::DATA));
    assert!(matches!(read_certificates(&huge, ""), Err(Pkcs12Error::Corrupt(_))));
}

#[test]
fn budget_adds_up() {
    let mut budget = crypto::Budget::new();
    assert!(budget.spend(crypto::MAX_ITERATIONS + 1, 1).is_err());
    assert!(budget.spend(0, 1).is_err());
    let mut spent = 0;
    while budget.spend(crypto::MAX_ITERATIONS * 9 / 10, 1).is_ok() {
        spent += 1;
        assert!(spent < 10);
    }
    assert!(spent >= 3, "a file may use a few derivations at the limit");
}

#[test]
fn unsupported_schemes_are_named() {
    let rc4 = seq(&[&oid_tlv(oid::PBE_SHA1_RC4_128), &seq(&[&octets(&[1; 8]), &int(2048)])]);
    let pfx = pfx_without_mac(&seq(&[&encrypted_content_info(&rc4, &[0; 16])]));
    match read_certificates(&pfx, "x") {
        Err(Pkcs12Error::Unsupported(name)) => assert!(name.contains("pbeWithSHAAnd128BitRC4"), "{name}"),
        other => panic!("{other:?}"),
    }
    let enveloped = seq(&[&oid_tlv(oid::ENVELOPED_DATA), &explicit0(&[&seq(&[&int(0)])])]);
    assert!(matches!(read_certificates(&pfx_without_mac(&seq(&[&enveloped])), "x"), Err(Pkcs12Error::Unsupported(_))));
    let pfx = seq(&[
        &int(3),
        &seq(&[&oid_tlv(oid::DATA), &explicit0(&[&octets(&seq(&[]))])]),
        &mac_data(oid::PBMAC1, &[0; 32], &[1; 8], 1),
    ]);
    match read_certificates(&pfx, "x") {
        Err(Pkcs12Error::Unsupported(name)) => assert!(name.contains("PBMAC1"), "{name}"),
        other => panic!("{other:?}"),
    }
    let v2 = seq(&[&int(2), &seq(&[&oid_tlv(oid::DATA), &explicit0(&[&octets(&seq(&[]))])])]);
    assert!(matches!(read_certificates(&v2, "x"), Err(Pkcs12Error::Unsupported(_))));
    // An empty keystore reads as no certificates.
    assert_eq!(read_certificates(&pfx_without_mac(&seq(&[])), "x"), Ok(Vec::new()));
}

#[test]
fn a_damaged_keystore_is_not_taken_for_a_wrong_password() {
    let Some(good) = fixture("ncanode-go/legal__valid__head.p12") else { return };
    // A damaged MAC value (the digest right before the salt, both 20-byte OCTET STRINGs): the
    // password still opens the certificates, so the file is damaged.
    let at = (0..good.len() - 44)
        .rev()
        .find(|&i| good[i] == 0x04 && good[i + 1] == 0x14 && good[i + 22] == 0x04 && good[i + 23] == 0x14)
        .expect("the MAC digest and salt");
    let mut bad_mac = good.clone();
    bad_mac[at + 2] ^= 0x01;
    assert!(matches!(read_certificates(&bad_mac, "Qwerty12"), Err(Pkcs12Error::Corrupt(_))));
    assert_eq!(read_certificates(&bad_mac, "Qwerty13"), Err(Pkcs12Error::WrongPassword));
    // A broken tag inside the AuthenticatedSafe: damaged, whatever the password.
    let mut bad_tag = good.clone();
    let tag = (20..good.len()).find(|&i| good[i] == 0x30).expect("an inner SEQUENCE");
    bad_tag[tag] = 0x31;
    for password in ["Qwerty12", "Qwerty13"] {
        let result = read_certificates(&bad_tag, password);
        assert!(matches!(result, Err(Pkcs12Error::Corrupt(_))), "{password}: {result:?}");
    }
    assert_eq!(read_certificates(&good, "Qwerty13"), Err(Pkcs12Error::WrongPassword));
}
