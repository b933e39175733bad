//! The user's digital signature (EDS, ЭЦП/ЭЦҚ): NCA RK keystores and certificates.
//!
//! Item 1 of a request names the EDS and its validity; item 5 needs the IIN/BIN and full name —
//! all inside the keystore. Only certificates are read: the private key is never decrypted, and
//! the password is never kept beyond the read nor written anywhere.

pub mod certificate;
pub mod locate;
pub mod pkcs12;

use std::io::Read as _;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::Serialize;

pub use certificate::CertificateSummary;

use crate::request::Draft;
use crate::request::id::Id;

/// Keystores and certificates are a few KiB; anything far larger is not one.
const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// A certificate expiring within this many days is worth renewing before filing.
pub const RENEW_WITHIN_DAYS: i64 = 14;

/// Why an EDS file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum EdsError {
    #[error("{}: cannot read the file: {source}", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{}: too large to be a keystore or a certificate", path.display())]
    TooLarge { path: PathBuf },
    #[error("{}: a password is needed to open this keystore", path.display())]
    PasswordNeeded { path: PathBuf },
    #[error("{}: {source}", path.display())]
    Keystore { path: PathBuf, source: pkcs12::Pkcs12Error },
    #[error("{}: {source}", path.display())]
    Certificate { path: PathBuf, source: certificate::CertificateError },
    #[error("{}: holds no certificate", path.display())]
    Empty { path: PathBuf },
}

impl EdsError {
    /// The wrong-password case, which a window answers by asking again.
    pub fn is_wrong_password(&self) -> bool {
        matches!(self, Self::Keystore { source: pkcs12::Pkcs12Error::WrongPassword, .. })
    }
}

/// What an EDS file is, by its first bytes: keystores need a password, certificates do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Keystore,
    Certificate,
}

/// Keystores are a BER/DER SEQUENCE whose first element is INTEGER 3; certificates are a
/// SEQUENCE of a SEQUENCE, or text (PEM, Base64).
pub fn file_kind(bytes: &[u8]) -> FileKind {
    // 30 (len) 02 01 03: the PFX version. The length may be short, long or indefinite.
    let after_len = match bytes.get(1) {
        Some(0x80) => 2,
        Some(&l) if l & 0x80 != 0 => 2 + usize::from(l & 0x7f),
        Some(_) => 2,
        None => return FileKind::Certificate,
    };
    if bytes.first() == Some(&0x30) && bytes.get(after_len..after_len + 3) == Some(&[0x02, 0x01, 0x03][..]) {
        FileKind::Keystore
    } else {
        FileKind::Certificate
    }
}

/// Reads a file of at most [`MAX_FILE_BYTES`]. Blocking I/O: off the UI thread.
pub fn read_file(path: &Path) -> Result<Vec<u8>, EdsError> {
    let file = std::fs::File::open(path).map_err(|source| EdsError::Read { path: path.to_owned(), source })?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| EdsError::Read { path: path.to_owned(), source })?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(EdsError::TooLarge { path: path.to_owned() });
    }
    Ok(bytes)
}

/// The certificates of an EDS file's bytes: a keystore's (with `password`) or a certificate
/// file's. The user's own certificate (the one with a key) comes first; a CA certificate that
/// came along and cannot be read is left out rather than failing the whole file.
pub fn certificates(path: &Path, bytes: &[u8], password: Option<&str>) -> Result<Vec<CertificateSummary>, EdsError> {
    let ders: Vec<Vec<u8>> = match file_kind(bytes) {
        FileKind::Keystore => {
            let password = password.ok_or_else(|| EdsError::PasswordNeeded { path: path.to_owned() })?;
            let mut certs = pkcs12::read_certificates(bytes, password)
                .map_err(|source| EdsError::Keystore { path: path.to_owned(), source })?;
            certs.sort_by_key(|c| !c.has_key);
            certs.into_iter().map(|c| c.der).collect()
        }
        // A .p12/.pfx name on something that is not one: say so, not "not a certificate".
        FileKind::Certificate if has_keystore_extension(path) => {
            return Err(EdsError::Keystore { path: path.to_owned(), source: pkcs12::Pkcs12Error::NotAKeystore });
        }
        FileKind::Certificate => certificate::read_certificate_file(bytes)
            .map_err(|source| EdsError::Certificate { path: path.to_owned(), source })?,
    };
    let mut ders = ders.iter();
    let Some(first) = ders.next() else { return Err(EdsError::Empty { path: path.to_owned() }) };
    let own =
        certificate::summarize(first).map_err(|source| EdsError::Certificate { path: path.to_owned(), source })?;
    Ok(std::iter::once(own).chain(ders.filter_map(|der| certificate::summarize(der).ok())).collect())
}

fn has_keystore_extension(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("p12") || e.eq_ignore_ascii_case("pfx"))
}

/// Opens an EDS file and returns its certificates, the user's first.
pub fn open(path: &Path, password: Option<&str>) -> Result<Vec<CertificateSummary>, EdsError> {
    let bytes = read_file(path)?;
    certificates(path, &bytes, password)
}

/// Something to fix before filing a request, with what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EdsWarning {
    /// The certificate is no longer valid: Court Cabinet refuses it.
    Expired { since: DateTime<Utc> },
    /// It ends within [`RENEW_WITHIN_DAYS`].
    ExpiresSoon { days: i64, on: DateTime<Utc> },
    /// Not valid yet (a clock set wrong, or a certificate issued for later).
    NotYetValid { from: DateTime<Utc> },
    /// Issued by a test certification authority: only test systems accept it.
    TestCertificate,
    /// The IIN in the certificate fails the check digit.
    InvalidIin { iin: String },
    /// The BIN in the certificate fails the check digit.
    InvalidBin { bin: String },
}

/// What deserves the user's attention about a certificate at `now`.
pub fn warnings(c: &CertificateSummary, now: DateTime<Utc>) -> Vec<EdsWarning> {
    let mut found = Vec::new();
    if c.valid_to < now {
        found.push(EdsWarning::Expired { since: c.valid_to });
    } else if c.days_left(now) < RENEW_WITHIN_DAYS {
        found.push(EdsWarning::ExpiresSoon { days: c.days_left(now), on: c.valid_to });
    }
    if c.valid_from > now {
        found.push(EdsWarning::NotYetValid { from: c.valid_from });
    }
    if c.test_ca {
        found.push(EdsWarning::TestCertificate);
    }
    if let Some(iin) = &c.iin
        && Id::parse(iin).is_err()
    {
        found.push(EdsWarning::InvalidIin { iin: iin.clone() });
    }
    if let Some(bin) = &c.bin
        && Id::parse(bin).is_err()
    {
        found.push(EdsWarning::InvalidBin { bin: bin.clone() });
    }
    found
}

/// The identity number a request goes under: the person's IIN, or the organisation's BIN for a
/// certificate of a system that names no person.
pub fn request_id(c: &CertificateSummary) -> Option<&str> {
    c.iin.as_deref().or(c.bin.as_deref())
}

/// Fills a draft from a certificate: item 1 (description and validity) always — it describes
/// the EDS just opened — and the sender's IIN/BIN and full name only where the user has not
/// typed them. Returns the fields filled.
pub fn fill_draft(draft: &mut Draft, c: &CertificateSummary) -> Vec<&'static str> {
    let mut filled = vec!["eds.description", "eds.valid_from", "eds.valid_to"];
    draft.eds.description = c.description();
    // The dates as the user reads them: in Astana.
    let day = |t: DateTime<Utc>| t.with_timezone(&chrono_tz::Asia::Almaty).date_naive().to_string();
    draft.eds.valid_from = day(c.valid_from);
    draft.eds.valid_to = day(c.valid_to);
    if draft.sender.iin.trim().is_empty()
        && let Some(id) = request_id(c)
    {
        id.clone_into(&mut draft.sender.iin);
        filled.push("sender.iin");
    }
    if draft.sender.full_name.trim().is_empty() && !c.full_name.is_empty() {
        c.full_name.clone_into(&mut draft.sender.full_name);
        filled.push("sender.full_name");
    }
    filled
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eds::certificate::{KeyAlgorithm, Purpose};

    fn summary(valid_from: &str, valid_to: &str) -> CertificateSummary {
        CertificateSummary {
            full_name: "ТЕСТОВ ТЕСТ ТЕСТОВИЧ".into(),
            iin: Some("123456789011".into()),
            bin: Some("070840007503".into()),
            organization: Some("АО \"ТЕСТ\"".into()),
            issuer: "ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (GOST) TEST 2022".into(),
            serial: "01".into(),
            valid_from: valid_from.parse().unwrap(),
            valid_to: valid_to.parse().unwrap(),
            algorithm: KeyAlgorithm::Gost2015,
            purpose: Purpose::Signing,
            legal_entity: true,
            role: Some("first head".into()),
            test_ca: true,
            subject_key_id: None,
        }
    }

    #[test]
    fn keystores_and_certificates_are_told_apart_by_their_first_bytes() {
        assert_eq!(file_kind(&[0x30, 0x80, 0x02, 0x01, 0x03]), FileKind::Keystore);
        assert_eq!(file_kind(&[0x30, 0x82, 0x0d, 0x97, 0x02, 0x01, 0x03]), FileKind::Keystore);
        assert_eq!(file_kind(&[0x30, 0x82, 0x04, 0x00, 0x30, 0x82]), FileKind::Certificate);
        assert_eq!(file_kind(b"-----BEGIN CERTIFICATE-----"), FileKind::Certificate);
        assert_eq!(file_kind(b""), FileKind::Certificate);
        assert_eq!(file_kind(&[0x30]), FileKind::Certificate);
    }

    #[test]
    fn warnings_say_what_needs_doing() {
        let now: DateTime<Utc> = "2026-11-24T12:00:00Z".parse().unwrap();
        let expired = summary("2023-01-01T00:00:00Z", "2024-01-01T00:00:00Z");
        let w = warnings(&expired, now);
        assert_eq!(w[0], EdsWarning::Expired { since: expired.valid_to });
        assert!(w.contains(&EdsWarning::TestCertificate));
        assert!(w.contains(&EdsWarning::InvalidIin { iin: "123456789011".into() }));
        assert!(!w.iter().any(|w| matches!(w, EdsWarning::InvalidBin { .. })), "070840007503 is valid");

        let soon = summary("2025-12-01T00:00:00Z", "2026-12-01T00:00:00Z");
        // 1 December 05:00 in Astana, seen on 24 November: 7 calendar days.
        assert!(warnings(&soon, now).contains(&EdsWarning::ExpiresSoon { days: 7, on: soon.valid_to }));
        // Ending tomorrow morning, seen late tonight (Astana): 1 day, though fewer than 24 hours.
        let tomorrow = summary("2025-12-01T00:00:00Z", "2026-11-25T03:00:00Z");
        let late = "2026-11-24T18:00:00Z".parse().unwrap(); // 23:00 in Astana
        assert!(warnings(&tomorrow, late).contains(&EdsWarning::ExpiresSoon { days: 1, on: tomorrow.valid_to }));
        let fine = summary("2025-12-01T00:00:00Z", "2027-12-01T00:00:00Z");
        assert!(
            !warnings(&fine, now)
                .iter()
                .any(|w| matches!(w, EdsWarning::Expired { .. } | EdsWarning::ExpiresSoon { .. }))
        );
        let future = summary("2027-01-01T00:00:00Z", "2028-01-01T00:00:00Z");
        assert!(warnings(&future, now).contains(&EdsWarning::NotYetValid { from: future.valid_from }));
    }

    #[test]
    fn filling_keeps_what_the_user_typed() {
        let c = summary("2026-05-08T06:45:13Z", "2027-05-08T06:45:13Z");
        let mut draft = Draft::default();
        draft.sender.full_name = "Тестов Т. Т.".into();
        let filled = fill_draft(&mut draft, &c);
        assert_eq!(filled, ["eds.description", "eds.valid_from", "eds.valid_to", "sender.iin"]);
        assert_eq!(draft.eds.valid_from, "2026-05-08");
        assert_eq!(draft.eds.valid_to, "2027-05-08");
        assert_eq!(draft.sender.iin, "123456789011");
        assert_eq!(draft.sender.full_name, "Тестов Т. Т.");
        let no_person = CertificateSummary { iin: None, ..c };
        assert_eq!(request_id(&no_person), Some("070840007503"));
    }
}
