use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use chrono::{NaiveDateTime, TimeZone as _};

use super::*;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/fixtures/nca/");

/// The fixture folder, or `None` (with a message) where it is absent.
fn fixtures() -> Option<PathBuf> {
    let dir = PathBuf::from(FIXTURES);
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("SKIPPED: the NCA fixtures are not at {FIXTURES}");
        None
    }
}

fn files_with(dir: &Path, extensions: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| extensions.iter().any(|x| x.eq_ignore_ascii_case(e)))
            {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Runs openssl with `input` on stdin; `None` when it is missing or fails.
fn openssl(args: &[&str], input: &[u8]) -> Option<Vec<u8>> {
    use std::io::Write as _;
    let mut child = Command::new("openssl")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let mut stdin = child.stdin.take()?;
    let input = input.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().ok()?;
    let _ = writer.join();
    out.status.success().then_some(out.stdout)
}

fn openssl_available() -> bool {
    let ok = openssl(&["version"], b"").is_some();
    if !ok {
        eprintln!("SKIPPED: openssl is not available");
    }
    ok
}

fn password_for(path: &Path) -> &'static str {
    let name = path.file_name().unwrap().to_str().unwrap();
    if matches!(name, "KEY_CEO_REVOKED_2015.p12" | "KEY_INDIVIDUAL_VALID_2015.p12") { "Aa123456" } else { "Qwerty12" }
}

/// The user's certificate of a keystore, DER, taken out by OpenSSL.
fn openssl_certificate(p12: &Path) -> Vec<u8> {
    let pass = format!("pass:{}", password_for(p12));
    let pem =
        openssl(&["pkcs12", "-legacy", "-nokeys", "-clcerts", "-in", p12.to_str().unwrap(), "-passin", &pass], b"")
            .unwrap_or_else(|| panic!("openssl pkcs12 failed on {}", p12.display()));
    openssl(&["x509", "-outform", "DER"], &pem).unwrap()
}

fn openssl_text(der: &[u8], args: &[&str]) -> String {
    let mut all = vec!["x509", "-inform", "DER", "-noout"];
    all.extend_from_slice(args);
    String::from_utf8(openssl(&all, der).unwrap()).unwrap()
}

/// An RFC 2253 name as OpenSSL prints it → (attribute, value) pairs, unescaped.
fn rfc2253(name: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = name.chars();
    let mut parts = Vec::new();
    while let Some(c) = chars.next() {
        match c {
            '\\' => current.extend(chars.next()),
            ',' | '+' => parts.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    parts.push(current);
    for part in parts {
        let (k, v) = part.split_once('=').unwrap();
        out.push((k.to_owned(), v.to_owned()));
    }
    out
}

fn openssl_date(line: &str) -> DateTime<Utc> {
    let value = line.split_once('=').unwrap().1.trim();
    let naive = NaiveDateTime::parse_from_str(value, "%b %e %H:%M:%S %Y GMT").unwrap();
    Utc.from_utc_datetime(&naive)
}

fn openssl_algorithm(text: &str) -> KeyAlgorithm {
    let oid_line = text.lines().find_map(|l| l.trim().strip_prefix("Public Key Algorithm: ")).unwrap();
    match oid_line {
        "rsaEncryption" => {
            let bits =
                text.lines().find_map(|l| l.trim().strip_prefix("Public-Key: (")?.strip_suffix(" bit)")?.parse().ok());
            KeyAlgorithm::Rsa { bits }
        }
        oid if oid.starts_with("1.2.398.3.10.1.1.1.") => KeyAlgorithm::Gost2004,
        oid if oid.starts_with("1.2.398.3.10.1.1.2.") => KeyAlgorithm::Gost2015,
        other => KeyAlgorithm::Other(other.to_owned()),
    }
}

/// What the fixtures' file names and EKUs say: (file, role, legal entity, purpose, test CA).
const EXPECTED: &[(&str, &str, bool, Purpose, bool)] = {
    use Purpose::{Authentication as A, AuthenticationAndSigning as B, Signing as S};
    &[
        ("gokalkan/GOSTKNCA.p12", "first head", true, S, true),
        ("gokalkan/gost1.p12", "individual", false, B, true),
        (
            "johnhenryspike-kalkan-crypt/storage__GOST512_employee_with_signatory_authority_valid.p12",
            "employee with signing authority",
            true,
            B,
            true,
        ),
        ("johnhenryspike-kalkan-crypt/storage__GOST512_first_director_valid.p12", "first head", true, B, true),
        ("johnhenryspike-kalkan-crypt/storage__GOSTKNCA_first_director_valid.p12", "first head", true, S, true),
        // The 2018 test keys name the production CAs: nothing marks them as test.
        (
            "malikzh-ncanode-2018/AUTH_RSA256_6b361b864c679601b652fe387f61fcd9303c0327.p12",
            "individual",
            false,
            A,
            false,
        ),
        ("malikzh-ncanode-2018/GOSTKNCA_f8a422238209b6e753116431b69b09178f14e9d7.p12", "first head", true, S, false),
        ("malikzh-ncanode-2018/RSA256_8426360556902ce4ac33977836f873e1dc190976.p12", "individual", false, S, false),
        ("malikzh-ncanode-v3/KEY_CEO_REVOKED_2015.p12", "first head", true, B, true),
        ("malikzh-ncanode-v3/KEY_CEO_SIGN_REVOKED_2004.p12", "first head", true, S, true),
        ("malikzh-ncanode-v3/KEY_INDIVIDUAL_AUTH_REVOKED_2004.p12", "individual", false, A, true),
        ("malikzh-ncanode-v3/KEY_INDIVIDUAL_SIGN_REVOKED_2004.p12", "individual", false, S, true),
        ("malikzh-ncanode-v3/KEY_INDIVIDUAL_VALID_2015.p12", "individual", false, B, true),
        ("malikzh-ncanode-v3/KEY_INDIVIDUAL_VALID_SIGN_2004.p12", "individual", false, S, true),
        ("ncanode-go/individual__revoked__individual_revoked.p12", "individual", false, B, true),
        ("ncanode-go/individual__valid__individual_valid.p12", "individual", false, B, true),
        ("ncanode-go/legal__revoked__employee.p12", "employee", true, B, true),
        ("ncanode-go/legal__revoked__employee_signright.p12", "employee with signing authority", true, B, true),
        ("ncanode-go/legal__revoked__head.p12", "first head", true, B, true),
        // NCANode-Go's "infosystem" and "treasury_client" files carry each other's OIDs.
        ("ncanode-go/legal__revoked__infosystem.p12", "treasury client", true, B, true),
        ("ncanode-go/legal__revoked__treasury_client.p12", "information system", true, B, true),
        ("ncanode-go/legal__valid__employee.p12", "employee", true, B, true),
        ("ncanode-go/legal__valid__employee_signright.p12", "employee with signing authority", true, B, true),
        ("ncanode-go/legal__valid__head.p12", "first head", true, B, true),
        ("ncanode-go/legal__valid__infosystem.p12", "treasury client", true, B, true),
        ("ncanode-go/legal__valid__treasury_client.p12", "information system", true, B, true),
        ("timsan7sk-kalkan/gost1.p12", "individual", false, B, true),
    ]
};

#[test]
fn every_fixture_keystore_certificate_matches_openssl() {
    let Some(dir) = fixtures() else { return };
    if !openssl_available() {
        return;
    }
    let keystores = files_with(&dir, &["p12"]);
    assert_eq!(keystores.len(), EXPECTED.len(), "a fixture keystore without expectations: {keystores:?}");
    for p12 in keystores {
        let rel = p12.strip_prefix(&dir).unwrap().to_str().unwrap().replace('\\', "/");
        let der = openssl_certificate(&p12);
        let s = summarize(&der).unwrap_or_else(|e| panic!("{rel}: {e}"));

        let subject = openssl_text(&der, &["-subject", "-nameopt", "RFC2253,-esc_msb"]);
        let subject = rfc2253(subject.trim().strip_prefix("subject=").unwrap());
        let attr = |k: &str| subject.iter().find(|(a, _)| a == k).map(|(_, v)| v.clone());
        let cn = attr("CN").unwrap();
        let expected_name = attr("GN").map_or(cn.clone(), |gn| format!("{cn} {gn}"));
        assert_eq!(s.full_name, expected_name, "{rel}");
        assert_eq!(s.iin, attr("serialNumber").map(|v| v.strip_prefix("IIN").unwrap().to_owned()), "{rel}");
        assert_eq!(s.bin, attr("OU").map(|v| v.strip_prefix("BIN").unwrap().to_owned()), "{rel}");
        assert_eq!(s.organization, attr("O"), "{rel}");

        let issuer = openssl_text(&der, &["-issuer", "-nameopt", "RFC2253,-esc_msb"]);
        let issuer = rfc2253(issuer.trim().strip_prefix("issuer=").unwrap());
        assert_eq!(Some(&s.issuer), issuer.iter().find(|(k, _)| k == "CN").map(|(_, v)| v), "{rel}");

        let serial = openssl_text(&der, &["-serial"]);
        assert_eq!(s.serial, serial.trim().strip_prefix("serial=").unwrap(), "{rel}");

        let dates = openssl_text(&der, &["-dates"]);
        let mut lines = dates.lines();
        assert_eq!(s.valid_from, openssl_date(lines.next().unwrap()), "{rel}");
        assert_eq!(s.valid_to, openssl_date(lines.next().unwrap()), "{rel}");

        let text = openssl_text(&der, &["-text"]);
        assert_eq!(s.algorithm, openssl_algorithm(&text), "{rel}");
        let ski = text
            .lines()
            .skip_while(|l| !l.contains("X509v3 Subject Key Identifier"))
            .nth(1)
            .map(|l| l.trim().replace(':', "").to_lowercase());
        assert_eq!(s.subject_key_id, ski, "{rel}");

        let (_, role, legal, purpose, test_ca) = EXPECTED.iter().find(|e| e.0 == rel).unwrap();
        assert_eq!(s.role.as_deref(), Some(*role), "{rel}");
        assert_eq!(s.legal_entity, *legal, "{rel}");
        assert_eq!(s.purpose, *purpose, "{rel}");
        assert_eq!(s.test_ca, *test_ca, "{rel}: issuer {}", s.issuer);

        // NCA file names carry the Subject Key Identifier and the kind.
        let name = p12.file_name().unwrap().to_str().unwrap();
        if let Some(crate::eds::locate::KeyFileName::Nca { kind, key_id }) = crate::eds::locate::classify_name(name) {
            assert_eq!(s.subject_key_id.as_deref(), Some(key_id.as_str()), "{rel}");
            assert_eq!(kind.kind_name(), s.algorithm.kind(), "{rel}");
        }
        assert!(s.description().starts_with(&format!("{}, {expected_name}, ", s.algorithm.kind())));
    }
}

#[test]
fn gost512_description_and_days_left() {
    let Some(dir) = fixtures() else { return };
    if !openssl_available() {
        return;
    }
    let der = openssl_certificate(&dir.join("ncanode-go/legal__valid__head.p12"));
    let s = summarize(&der).unwrap();
    assert_eq!(s.description(), "GOST512, ТЕСТОВ ТЕСТ ТЕСТОВИЧ, ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (GOST) TEST 2022");
    assert_eq!(s.iin.as_deref(), Some("123456789011"));
    assert_eq!(s.bin.as_deref(), Some("123456789021"));
    assert_eq!(s.organization.as_deref(), Some("АО \"ТЕСТ\""));
    let to = s.valid_to;
    assert_eq!(s.days_left(to), 0);
    assert_eq!(s.days_left(to - chrono::Duration::hours(1)), 0);
    assert_eq!(s.days_left(to - chrono::Duration::days(30)), 30);
    // Calendar days in Astana: a second after the end is still the same day.
    assert_eq!(s.days_left(to + chrono::Duration::seconds(1)), 0);
    assert_eq!(s.days_left(to + chrono::Duration::days(1)), -1);
    assert_eq!(s.days_left(to + chrono::Duration::days(10)), -10);

    let rsa = openssl_certificate(&dir.join("malikzh-ncanode-v3/KEY_INDIVIDUAL_AUTH_REVOKED_2004.p12"));
    let s = summarize(&rsa).unwrap();
    assert_eq!(s.algorithm, KeyAlgorithm::Rsa { bits: Some(2048) });
    assert_eq!(s.description(), "RSA256, ТЕСТОВ ТЕСТ ТЕСТОВИЧ, ҰКО 3.0 (RSA TEST)");
    let knca = openssl_certificate(&dir.join("gokalkan/GOSTKNCA.p12"));
    let s = summarize(&knca).unwrap();
    assert_eq!(s.description(), "GOSTKNCA, ТЕСТОВ САБИТ ДАУРЕНБАЕВИЧ, ҰКО 3.0 (GOST TEST)");
    assert_eq!(s.bin.as_deref(), Some("070840007503"));
    assert_eq!(s.iin.as_deref(), Some("940229400158"));
}

/// CA certificates: (file, algorithm).
#[test]
fn every_fixture_ca_certificate_is_read_and_marked_test() {
    let Some(dir) = fixtures() else { return };
    let files = files_with(&dir, &["cer", "crt"]);
    assert!(files.len() >= 14, "{files:?}");
    for path in files {
        let rel = path.strip_prefix(&dir).unwrap().display().to_string();
        let bytes = std::fs::read(&path).unwrap();
        let certs = read_certificate_file(&bytes).unwrap_or_else(|e| panic!("{rel}: {e}"));
        assert_eq!(certs.len(), 1, "{rel}");
        let s = summarize(&certs[0]).unwrap();
        assert!(s.test_ca, "{rel}: issuer {}", s.issuer);
        let name = rel.to_lowercase();
        let expected = if name.contains("rsa") || name.contains("individual") {
            KeyAlgorithm::Rsa { bits: Some(if name.contains("individual") { 2048 } else { 4096 }) }
        } else if name.contains("2022") || name.contains("2015") {
            KeyAlgorithm::Gost2015
        } else {
            KeyAlgorithm::Gost2004
        };
        assert_eq!(s.algorithm, expected, "{rel}");
        if openssl_available() {
            assert_eq!(s.algorithm, openssl_algorithm(&openssl_text(&certs[0], &["-text"])), "{rel}");
            let serial = openssl_text(&certs[0], &["-serial"]);
            assert_eq!(s.serial, serial.trim().strip_prefix("serial=").unwrap(), "{rel}");
        }
    }
    // A CRL is not a certificate.
    let crl = std::fs::read(dir.join("ncanode-go/nca_gost2022_test.crl")).unwrap();
    assert_eq!(read_certificate_file(&crl), Err(CertificateError::NotACertificate));
    assert_eq!(summarize(&crl).unwrap_err(), CertificateError::NotACertificate);
    // Neither is a keystore.
    let p12 = std::fs::read(dir.join("gokalkan/gost1.p12")).unwrap();
    assert_eq!(read_certificate_file(&p12), Err(CertificateError::NotACertificate));
    assert_eq!(summarize(&p12).unwrap_err(), CertificateError::NotACertificate);
}

fn pem(der: &[u8], eol: &str, width: usize) -> String {
    let b64 = base64_encode(der);
    let mut out = format!("-----BEGIN CERTIFICATE-----{eol}");
    for chunk in b64.as_bytes().chunks(width) {
        out.push_str(std::str::from_utf8(chunk).unwrap());
        out.push_str(eol);
    }
    out.push_str("-----END CERTIFICATE-----");
    out.push_str(eol);
    out
}

fn base64_encode(data: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A CA certificate from the fixtures, or a generated one where they are absent.
fn sample_der() -> Vec<u8> {
    match fixtures() {
        Some(dir) => read_certificate_file(&std::fs::read(dir.join("ncanode-go/root_test_gost_2022.cer")).unwrap())
            .unwrap()
            .remove(0),
        None => generated(&Generated::default()),
    }
}

#[test]
fn file_variants_of_one_certificate() {
    let der = sample_der();
    let expected = summarize(&der).unwrap();
    let b64 = base64_encode(&der);
    let variants: Vec<(&str, Vec<u8>)> = vec![
        ("DER", der.clone()),
        ("DER + trailing newline", [der.as_slice(), b"\r\n"].concat()),
        ("PEM LF 64", pem(&der, "\n", 64).into_bytes()),
        ("PEM CRLF 64", pem(&der, "\r\n", 64).into_bytes()),
        ("PEM CRLF 76 + BOM", [b"\xEF\xBB\xBF".as_slice(), pem(&der, "\r\n", 76).as_bytes()].concat()),
        ("PEM one line, no final newline", pem(&der, "\n", 100_000).trim_end().as_bytes().to_vec()),
        ("PEM with text around", format!("Bag Attributes\nsubject=x\n{}\ntrailer\n", pem(&der, "\n", 64)).into_bytes()),
        ("PEM block on one line", format!("-----BEGIN CERTIFICATE-----{b64}-----END CERTIFICATE-----").into_bytes()),
        ("Base64 one line", b64.clone().into_bytes()),
        ("Base64 CRLF wrapped + BOM", {
            let wrapped: Vec<&str> = b64.as_bytes().chunks(64).map(|c| std::str::from_utf8(c).unwrap()).collect();
            [b"\xEF\xBB\xBF".as_slice(), wrapped.join("\r\n").as_bytes(), b"\r\n"].concat()
        }),
        ("Base64 without padding", b64.trim_end_matches('=').as_bytes().to_vec()),
        ("Base64 UTF-16LE", {
            let mut v = vec![0xFF, 0xFE];
            v.extend(b64.encode_utf16().flat_map(u16::to_le_bytes));
            v
        }),
    ];
    for (name, bytes) in variants {
        let certs = read_certificate_file(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(certs, vec![der.clone()], "{name}");
        assert_eq!(summarize(&certs[0]).unwrap(), expected, "{name}");
    }
}

#[test]
fn several_certificates_in_one_file() {
    let a = sample_der();
    let b = generated(&Generated::default());
    let two_pem = format!("{}{}", pem(&a, "\r\n", 64), pem(&b, "\r\n", 64));
    assert_eq!(read_certificate_file(two_pem.as_bytes()).unwrap(), vec![a.clone(), b.clone()]);
    // Other PEM blocks are skipped.
    let mixed = format!("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n{}", pem(&b, "\n", 64));
    assert_eq!(read_certificate_file(mixed.as_bytes()).unwrap(), vec![b.clone()]);
    assert_eq!(
        read_certificate_file(b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"),
        Err(CertificateError::NotACertificate)
    );
    // Concatenated DER.
    assert_eq!(read_certificate_file(&[a.clone(), b.clone()].concat()).unwrap(), vec![a, b]);
}

#[test]
fn damaged_and_foreign_files() {
    let der = sample_der();
    let damaged = |bytes: &[u8], what: &str| match read_certificate_file(bytes) {
        Err(CertificateError::Damaged(_)) => {}
        other => panic!("{what}: {other:?}"),
    };
    damaged(&der[..der.len() / 2], "truncated DER");
    damaged(&der[..10], "DER header only");
    let mut text = pem(&der, "\n", 64);
    text.replace_range(100..101, "*");
    damaged(text.as_bytes(), "PEM with a bad character");
    let unterminated = pem(&der, "\n", 64).replace("-----END CERTIFICATE-----", "");
    damaged(unterminated.as_bytes(), "PEM without END");
    let b64 = base64_encode(&der);
    damaged(&b64.as_bytes()[..b64.len() / 2], "truncated Base64");
    damaged(b"-----BEGIN CERTIFICATE-----\naGVsbG8=\n-----END CERTIFICATE-----\n", "PEM of text");
    let mut tbs_broken = der.clone();
    // The first bytes keep their shape; the body is cut short inside the TBS.
    tbs_broken.truncate(tbs_broken.len() - 1);
    damaged(&tbs_broken, "one byte short");

    let not = |bytes: &[u8], what: &str| {
        assert_eq!(read_certificate_file(bytes), Err(CertificateError::NotACertificate), "{what}");
    };
    not(b"", "empty");
    not(b"\xEF\xBB\xBF", "BOM only");
    not(b"hello, world", "text");
    not(b"hello", "Base64-looking text");
    not(b"%PDF-1.7\n\xE2\xE3\xCF\xD3", "PDF");
    not(&[0x30, 0x03, 0x02, 0x01, 0x00], "a small SEQUENCE");
    not(&[0x30, 0x80, 0x02, 0x01, 0x03], "BER indefinite length");
    not(b"\x00\x01\x02\xFF\xFE", "binary");
    not(base64_encode(b"not a certificate at all").as_bytes(), "Base64 of text");

    assert_eq!(summarize(b""), Err(CertificateError::NotACertificate));
    assert_eq!(summarize(b"garbage"), Err(CertificateError::NotACertificate));
    assert!(matches!(summarize(&der[..der.len() - 3]), Err(CertificateError::Damaged(_))));
}

#[test]
fn altered_certificates_never_panic() {
    let der = sample_der();
    let mut rng = fastrand::Rng::with_seed(7);
    for _ in 0..3000 {
        let mut bytes = der.clone();
        for _ in 0..rng.usize(1..4) {
            let i = rng.usize(..bytes.len());
            bytes[i] = rng.u8(..);
        }
        if rng.bool() {
            bytes.truncate(rng.usize(..bytes.len()));
        }
        let _ = summarize(&bytes);
        let _ = read_certificate_file(&bytes);
    }
    for len in 0..64 {
        let bytes: Vec<u8> = (0..len).map(|_| rng.u8(..)).collect();
        let _ = summarize(&bytes);
        let _ = read_certificate_file(&bytes);
        let mut seq = vec![0x30, 0x82, 0x01, 0x00, 0x30, 0x82, 0x00, 0xF0, 0xA0];
        seq.extend(&bytes);
        let _ = summarize(&seq);
        let _ = read_certificate_file(&seq);
    }
}

#[test]
fn base64_decoder() {
    assert_eq!(file::base64_decode("").unwrap(), b"");
    assert_eq!(file::base64_decode("TWFu").unwrap(), b"Man");
    assert_eq!(file::base64_decode("TWE=").unwrap(), b"Ma");
    assert_eq!(file::base64_decode("TWE").unwrap(), b"Ma");
    assert_eq!(file::base64_decode("TQ==").unwrap(), b"M");
    assert_eq!(file::base64_decode("T Q\r\n= =").unwrap(), b"M");
    assert_eq!(file::base64_decode("-_8=").unwrap(), vec![0xFB, 0xFF]);
    assert!(file::base64_decode("T").is_none());
    assert!(file::base64_decode("TQ=x").is_none());
    assert!(file::base64_decode("TQ===").is_none());
    assert!(file::base64_decode("TWE==").is_none());
    assert!(file::base64_decode("TW*u").is_none());
    for len in 0..40 {
        let data: Vec<u8> = (0..len).map(|i| u8::try_from(i * 37 % 256).unwrap()).collect();
        assert_eq!(file::base64_decode(&base64_encode(&data)).unwrap(), data);
    }
}

// ---- generated certificates: the rules without the fixtures ----

#[derive(Default)]
struct Generated {
    cn: Option<rcgen::DnValue>,
    gn: Option<rcgen::DnValue>,
    serial_number: Option<&'static str>,
    ou: Vec<&'static str>,
    issuer_cn: Option<&'static str>,
    key_usages: Vec<rcgen::KeyUsagePurpose>,
    ekus: Vec<rcgen::ExtendedKeyUsagePurpose>,
    serial: Option<Vec<u8>>,
}

fn oid(dotted: &str) -> Vec<u64> {
    dotted.split('.').map(|p| p.parse().unwrap()).collect()
}

fn generated(g: &Generated) -> Vec<u8> {
    use rcgen::{CertificateParams, DistinguishedName, DnType, KeyPair};
    let key = KeyPair::generate().unwrap();
    let mut params = CertificateParams::default();
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, g.cn.clone().unwrap_or_else(|| "ТЕСТОВ ТЕСТ".into()));
    if let Some(gn) = &g.gn {
        dn.push(DnType::CustomDnType(oid(OID_GIVEN_NAME)), gn.clone());
    }
    if let Some(sn) = g.serial_number {
        dn.push(DnType::CustomDnType(oid(OID_SERIAL_NUMBER)), rcgen::DnValue::PrintableString(sn.try_into().unwrap()));
    }
    for ou in &g.ou {
        dn.push(DnType::OrganizationalUnitName, *ou);
    }
    params.distinguished_name = dn;
    params.key_usages.clone_from(&g.key_usages);
    params.extended_key_usages.clone_from(&g.ekus);
    params.serial_number = g.serial.clone().map(|s| rcgen::SerialNumber::from_slice(&s));
    params.not_before = rcgen::date_time_ymd(2026, 5, 8);
    params.not_after = rcgen::date_time_ymd(2027, 5, 8);
    match g.issuer_cn {
        None => params.self_signed(&key).unwrap().der().to_vec(),
        Some(issuer_cn) => {
            let ca_key = KeyPair::generate().unwrap();
            let mut ca = CertificateParams::default();
            ca.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
            ca.distinguished_name = DistinguishedName::new();
            ca.distinguished_name.push(DnType::CommonName, issuer_cn);
            let issuer = rcgen::Issuer::new(ca, ca_key);
            params.signed_by(&key, &issuer).unwrap().der().to_vec()
        }
    }
}

#[test]
fn names_in_every_string_type() {
    let bmp = |s: &str| rcgen::DnValue::BmpString(s.try_into().unwrap());
    let der = generated(&Generated {
        cn: Some(bmp("ТЕСТОВ ТЕСТ")),
        gn: Some(bmp("ТЕСТОВИЧ")),
        serial_number: Some("IIN123456789011"),
        ou: vec!["Отдел", "BIN123456789021"],
        ..Generated::default()
    });
    let s = summarize(&der).unwrap();
    assert_eq!(s.full_name, "ТЕСТОВ ТЕСТ ТЕСТОВИЧ");
    assert_eq!(s.iin.as_deref(), Some("123456789011"));
    assert_eq!(s.bin.as_deref(), Some("123456789021"));
    assert!(s.legal_entity, "a BIN without NCA EKUs");
    assert_eq!(s.role, None);
    assert_eq!(s.algorithm, KeyAlgorithm::Other("1.2.840.10045.2.1".to_owned()));
    assert_eq!(s.description(), "1.2.840.10045.2.1, ТЕСТОВ ТЕСТ ТЕСТОВИЧ, ТЕСТОВ ТЕСТ");

    let printable = rcgen::DnValue::PrintableString("IVANOV IVAN".try_into().unwrap());
    let s = summarize(&generated(&Generated { cn: Some(printable), ..Generated::default() })).unwrap();
    assert_eq!(s.full_name, "IVANOV IVAN");
    assert_eq!((s.iin, s.bin, s.organization), (None, None, None));

    let universal = rcgen::DnValue::UniversalString("ҚАЗАҚ".try_into().unwrap());
    let s = summarize(&generated(&Generated { cn: Some(universal), ..Generated::default() })).unwrap();
    assert_eq!(s.full_name, "ҚАЗАҚ");

    assert_eq!(decode_asn1_string(Tag::BmpString, &[0x04, 0x22, 0x00]).unwrap(), "Т\u{FFFD}");
    assert_eq!(decode_asn1_string(Tag::TeletexString, b"Caf\xE9").unwrap(), "Café");
    assert_eq!(decode_asn1_string(Tag::Integer, b"1"), None);
}

#[test]
fn roles_and_purposes_from_extensions() {
    use rcgen::ExtendedKeyUsagePurpose::{ClientAuth, EmailProtection, Other};
    use rcgen::KeyUsagePurpose::{ContentCommitment, DigitalSignature, KeyAgreement, KeyEncipherment};
    let case = |ku: Vec<rcgen::KeyUsagePurpose>, eku: Vec<rcgen::ExtendedKeyUsagePurpose>| {
        summarize(&generated(&Generated { key_usages: ku, ekus: eku, ..Generated::default() })).unwrap()
    };
    let s = case(vec![DigitalSignature, KeyEncipherment], vec![ClientAuth, Other(oid("1.2.398.3.3.4.1.1"))]);
    assert_eq!((s.purpose, s.legal_entity, s.role.as_deref()), (Purpose::Authentication, false, Some("individual")));
    let s = case(vec![ContentCommitment], vec![EmailProtection]);
    assert_eq!(s.purpose, Purpose::Signing);
    let s = case(
        vec![DigitalSignature, ContentCommitment, KeyAgreement],
        vec![EmailProtection, Other(oid(LEGAL_ENTITY)), Other(oid("1.2.398.3.3.4.1.2.3"))],
    );
    assert_eq!(
        (s.purpose, s.legal_entity, s.role.as_deref()),
        (Purpose::AuthenticationAndSigning, true, Some("employee with financial signing authority"))
    );
    let s = case(vec![], vec![ClientAuth, EmailProtection, Other(oid(LEGAL_ENTITY))]);
    assert_eq!((s.purpose, s.role.as_deref()), (Purpose::AuthenticationAndSigning, Some("legal entity")));
    let s = case(vec![], vec![Other(oid("1.2.398.3.3.4.1.2.6.71")), Other(oid("1.2.398.3.3.4.1.2.4"))]);
    assert_eq!((s.purpose, s.legal_entity), (Purpose::Unknown, true));
    assert_eq!(s.role.as_deref(), Some("information system, HR employee"));
    let s = case(vec![KeyEncipherment], vec![Other(oid("1.2.398.3.3.4.1.1.1"))]);
    assert_eq!(
        (s.purpose, s.legal_entity, s.role.as_deref()),
        (Purpose::Unknown, false, Some("individual's information system"))
    );
}

#[test]
fn test_ca_serial_and_validity() {
    for (issuer, test) in [
        ("ҰКО 3.0 (GOST TEST)", true),
        ("НУЦ РК (GOST) TEST 2022", true),
        ("Тестовый УЦ", true),
        ("ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (GOST)", false),
    ] {
        let s = summarize(&generated(&Generated { issuer_cn: Some(issuer), ..Generated::default() })).unwrap();
        assert_eq!((s.issuer.as_str(), s.test_ca), (issuer, test));
    }
    let s = summarize(&generated(&Generated { serial: Some(vec![0x8F, 0x01, 0xAB]), ..Generated::default() })).unwrap();
    assert_eq!(s.serial, "8F01AB");
    let s = summarize(&generated(&Generated { serial: Some(vec![0x01]), ..Generated::default() })).unwrap();
    assert_eq!(s.serial, "01");
    assert_eq!(s.valid_from, Utc.with_ymd_and_hms(2026, 5, 8, 0, 0, 0).unwrap());
    assert_eq!(s.valid_to, Utc.with_ymd_and_hms(2027, 5, 8, 0, 0, 0).unwrap());
    assert_eq!(serial_hex(&[0, 0]), "00");
    assert_eq!(serial_hex(&[]), "00");
    assert_eq!(modulus_bits(&[0x00, 0x80, 0, 0]), Some(24));
    assert_eq!(modulus_bits(&[0x01, 0xFF]), Some(9));
    assert_eq!(modulus_bits(&[0, 0]), None);
}
