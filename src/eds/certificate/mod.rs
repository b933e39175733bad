//! An NCA RK certificate → what a support request needs of it.
//!
//! [`summarize`] reads one DER certificate; [`read_certificate_file`] turns the bytes of a
//! `.cer`/`.crt`/`.der`/`.pem` file (DER, PEM or bare Base64) into DER certificates.
//!
//! # Names
//! NCA RK puts the surname and first name in CN (`ТЕСТОВ ТЕСТ`), the surname again in SURNAME,
//! the patronymic in GIVENNAME (`ТЕСТОВИЧ`), the IIN in SERIALNUMBER (`IIN123456789011`), the BIN
//! in OU (`BIN123456789021`) and the organisation in O. Values are UTF8String in every test
//! certificate seen, but PrintableString, IA5String, TeletexString, BMPString and
//! UniversalString are decoded too.
//!
//! # Roles: extended key usage OIDs
//! | OID | role | legal entity |
//! |---|---|---|
//! | 1.2.398.3.3.4.1.1 | individual | no |
//! | 1.2.398.3.3.4.1.1.1 | individual's information system | no |
//! | 1.2.398.3.3.4.1.2 | legal entity (marker on every legal-entity certificate) | yes |
//! | 1.2.398.3.3.4.1.2.1 | first head | yes |
//! | 1.2.398.3.3.4.1.2.2 | employee with signing authority | yes |
//! | 1.2.398.3.3.4.1.2.3 | employee with financial signing authority | yes |
//! | 1.2.398.3.3.4.1.2.4 | HR employee | yes |
//! | 1.2.398.3.3.4.1.2.5 | employee | yes |
//! | 1.2.398.3.3.4.1.2.6 (and `.6.*`, one per system) | information system | yes |
//! | 1.2.398.5.19.1.2.2.1 | treasury client (Treasury–Client system, "ИС К2") | yes |
//!
//! Sources: malikzh/NCANode `CertificateKeyUser` (1.2.398.3.3.4.1.1 … 1.2.398.3.3.4.1.2.5); the
//! NCA OID descriptions quoted in public NCALayer clients ("Информационная система юридического
//! лица" for .1.2.6, "Информационная система К2" / "казначейство клиент" for 1.2.398.5.19.1.2.2.1);
//! checked against the test keystores in `shared/fixtures/nca`: individual keys carry .1.1,
//! `first_director`/`head`/`CEO` keys .1.2 + .1.2.1, `employee_with_signatory_authority` and
//! `employee_signright` .1.2 + .1.2.2, `employee` .1.2 + .1.2.5. In NCANode-Go's fixtures the file
//! `legal__*__infosystem.p12` carries 1.2.398.5.19.1.2.2.1 and `legal__*__treasury_client.p12`
//! (CN `ИС "Тест"`, no person) carries .1.2.6: the two file names are swapped relative to the
//! OIDs, and the OIDs are what is reported here.
//!
//! # Purpose
//! 1. The NCA certificate policy, when it names one (old two-key scheme): 1.2.398.3.3.2.1 (legal
//!    entity) and .2.3 (individual) are signing policies, .2.2 and .2.4 authentication policies.
//! 2. Otherwise the key usage: digitalSignature without nonRepudiation → authentication (NCA
//!    `AUTH_` keys), nonRepudiation alone → signing, both → authentication and signing (the
//!    single GOST 2015 key under the generic policy 1.2.398.3.3.2).
//! 3. Otherwise the extended key usage: clientAuth (1.3.6.1.5.5.7.3.2) → authentication,
//!    emailProtection (1.3.6.1.5.5.7.3.4) → signing.
//!
//! # Test CAs
//! A certificate counts as issued by a test CA when any attribute of its issuer name contains
//! `TEST` or `ТЕСТ` (any case) — `ҰКО 3.0 (GOST TEST)`, `ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (GOST) TEST
//! 2022`, `НЕГІЗГІ КО TEST (RSA)` — or when its CRL or CA-issuer addresses are on
//! `test.pki.gov.kz`. The 2018 NCANode test keys name the production CAs (`ҰЛТТЫҚ КУӘЛАНДЫРУШЫ
//! ОРТАЛЫҚ (RSA)`/`(GOST)`) and production addresses, so nothing in them tells them apart.

mod file;
#[cfg(test)]
mod tests;

use std::fmt::Write as _;

use asn1_rs::Tag;
use chrono::{DateTime, Utc};
use serde::Serialize;
use x509_parser::prelude::{
    AttributeTypeAndValue, DistributionPointName, GeneralName, ParsedExtension, X509Certificate, X509Name,
};
use x509_parser::public_key::PublicKey;

pub use file::read_certificate_file;

/// The key algorithm, by OID.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyAlgorithm {
    Rsa {
        bits: Option<u32>,
    },
    /// GOST 34.310-2004 (1.2.398.3.10.1.1.1.*).
    Gost2004,
    /// GOST 34.10-2015, 512-bit (1.2.398.3.10.1.1.2.*).
    Gost2015,
    Other(String),
}

impl KeyAlgorithm {
    /// The kind as NCA file names and support requests spell it: `RSA256`, `GOSTKNCA`, `GOST512`;
    /// the OID for anything else.
    pub fn kind(&self) -> &str {
        match self {
            Self::Rsa { .. } => "RSA256",
            Self::Gost2004 => "GOSTKNCA",
            Self::Gost2015 => "GOST512",
            Self::Other(oid) => oid,
        }
    }

    fn from_spki(oid: &str, key: Option<&PublicKey<'_>>) -> Self {
        if oid == OID_RSA {
            let bits = match key {
                Some(PublicKey::RSA(rsa)) => modulus_bits(rsa.modulus),
                _ => None,
            };
            Self::Rsa { bits }
        } else if oid.starts_with("1.2.398.3.10.1.1.1.") {
            Self::Gost2004
        } else if oid.starts_with("1.2.398.3.10.1.1.2.") {
            Self::Gost2015
        } else {
            Self::Other(oid.to_owned())
        }
    }
}

/// What the key is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    Authentication,
    Signing,
    AuthenticationAndSigning,
    Unknown,
}

impl Purpose {
    fn from_flags(auth: bool, sign: bool) -> Self {
        match (auth, sign) {
            (true, true) => Self::AuthenticationAndSigning,
            (true, false) => Self::Authentication,
            (false, true) => Self::Signing,
            (false, false) => Self::Unknown,
        }
    }
}

/// A certificate as support needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CertificateSummary {
    /// "ТЕСТОВ ТЕСТ ТЕСТОВИЧ": CN plus the patronymic from GIVENNAME.
    pub full_name: String,
    /// From SERIALNUMBER `IIN…`.
    pub iin: Option<String>,
    /// From OU `BIN…`.
    pub bin: Option<String>,
    pub organization: Option<String>,
    /// The issuer's CN.
    pub issuer: String,
    /// Upper-case hex, as `openssl x509 -serial` prints it.
    pub serial: String,
    pub valid_from: DateTime<Utc>,
    pub valid_to: DateTime<Utc>,
    pub algorithm: KeyAlgorithm,
    pub purpose: Purpose,
    /// Issued to a legal entity's employee (EKU 1.2.398.3.3.4.1.2.*) rather than an individual.
    pub legal_entity: bool,
    /// The role named by the extended key usage: "first head", "employee with signing authority"…
    pub role: Option<String>,
    /// Issued by a TEST certification authority.
    pub test_ca: bool,
    /// The Subject Key Identifier, lower-case hex: the hex part of NCA file names such as
    /// `GOST512_<hex>.p12`.
    pub subject_key_id: Option<String>,
}

impl CertificateSummary {
    /// Whole days until `valid_to`, rounded down: 0 on the last day, negative once expired.
    pub fn days_left(&self, now: DateTime<Utc>) -> i64 {
        // Calendar days in Astana, where the user reads the dates: ending tomorrow is 1 day.
        let day = |t: DateTime<Utc>| t.with_timezone(&chrono_tz::Asia::Almaty).date_naive();
        (day(self.valid_to) - day(now)).num_days()
    }

    /// Item 1 of a request: `GOST512, ТЕСТОВ ТЕСТ ТЕСТОВИЧ, ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (GOST)`.
    pub fn description(&self) -> String {
        format!("{}, {}, {}", self.algorithm.kind(), self.full_name, self.issuer)
    }
}

/// Why a certificate could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CertificateError {
    /// The data is something else: another kind of file, a keystore, a CRL, text.
    #[error("not a certificate")]
    NotACertificate,
    /// The data is meant to be a certificate but cannot be read (truncated, altered).
    #[error("the certificate is damaged: {0}")]
    Damaged(String),
}

const OID_RSA: &str = "1.2.840.113549.1.1.1";
const OID_CN: &str = "2.5.4.3";
const OID_SERIAL_NUMBER: &str = "2.5.4.5";
const OID_O: &str = "2.5.4.10";
const OID_OU: &str = "2.5.4.11";
const OID_GIVEN_NAME: &str = "2.5.4.42";

/// The NCA "user type" extended key usages; see the module documentation.
const ROLES: &[(&str, &str)] = &[
    (INDIVIDUAL, "individual"),
    ("1.2.398.3.3.4.1.1.1", "individual's information system"),
    (LEGAL_ENTITY, "legal entity"),
    ("1.2.398.3.3.4.1.2.1", "first head"),
    ("1.2.398.3.3.4.1.2.2", "employee with signing authority"),
    ("1.2.398.3.3.4.1.2.3", "employee with financial signing authority"),
    ("1.2.398.3.3.4.1.2.4", "HR employee"),
    ("1.2.398.3.3.4.1.2.5", "employee"),
    (INFORMATION_SYSTEM, "information system"),
    (TREASURY_CLIENT, "treasury client"),
];
const INDIVIDUAL: &str = "1.2.398.3.3.4.1.1";
const LEGAL_ENTITY: &str = "1.2.398.3.3.4.1.2";
const INFORMATION_SYSTEM: &str = "1.2.398.3.3.4.1.2.6";
const TREASURY_CLIENT: &str = "1.2.398.5.19.1.2.2.1";

/// NCA certificate policies of the two-key scheme.
const SIGNING_POLICIES: [&str; 2] = ["1.2.398.3.3.2.1", "1.2.398.3.3.2.3"];
const AUTHENTICATION_POLICIES: [&str; 2] = ["1.2.398.3.3.2.2", "1.2.398.3.3.2.4"];

/// Reads a DER certificate. Trailing bytes after the certificate are ignored.
pub fn summarize(der: &[u8]) -> Result<CertificateSummary, CertificateError> {
    let cert = file::parse_der(der)?;
    let subject = cert.subject();
    let cn = first_value(subject, OID_CN);
    let cn = cn.map(|v| crate::request::text::single_line(&v));
    let gn = first_value(subject, OID_GIVEN_NAME).map(|v| crate::request::text::single_line(&v));
    let full_name = match (cn, gn) {
        (Some(cn), Some(gn)) if !gn.is_empty() && !cn.ends_with(&format!(" {gn}")) => format!("{cn} {gn}"),
        (Some(cn), _) => cn,
        (None, Some(gn)) => gn,
        (None, None) => String::new(),
    };
    let iin = values(subject, OID_SERIAL_NUMBER).find_map(|v| strip_prefix_ci(&v, "IIN"));
    let bin = values(subject, OID_OU).find_map(|v| strip_prefix_ci(&v, "BIN"));
    let organization = first_value(subject, OID_O);
    let issuer = first_value(cert.issuer(), OID_CN).unwrap_or_else(|| all_values(cert.issuer()).join(", "));

    let validity = cert.validity();
    let time = |t: i64| {
        DateTime::from_timestamp(t, 0).ok_or_else(|| CertificateError::Damaged("validity out of range".to_owned()))
    };
    let valid_from = time(validity.not_before.timestamp())?;
    let valid_to = time(validity.not_after.timestamp())?;

    let spki = cert.public_key();
    let parsed_key = spki.parsed().ok();
    let algorithm = KeyAlgorithm::from_spki(&spki.algorithm.algorithm.to_id_string(), parsed_key.as_ref());

    let ext = Extensions::of(&cert);
    let (legal_entity, role) = role(&ext.eku_oids, bin.is_some());
    let test_ca = all_values(cert.issuer()).iter().any(|v| names_test(v))
        || ext.uris.iter().any(|u| u.to_ascii_lowercase().contains("test.pki.gov.kz"));

    Ok(CertificateSummary {
        full_name,
        iin,
        bin,
        organization,
        issuer,
        serial: serial_hex(cert.raw_serial()),
        valid_from,
        valid_to,
        purpose: ext.purpose(),
        algorithm,
        legal_entity,
        role,
        test_ca,
        subject_key_id: ext.subject_key_id,
    })
}

/// What the extensions say, each taken from its first occurrence.
#[derive(Default)]
struct Extensions {
    /// (digitalSignature, nonRepudiation)
    key_usage: Option<(bool, bool)>,
    /// (clientAuth, emailProtection)
    eku: Option<(bool, bool)>,
    eku_oids: Vec<String>,
    policies: Vec<String>,
    subject_key_id: Option<String>,
    /// CRL distribution points and authority information access addresses.
    uris: Vec<String>,
}

impl Extensions {
    fn of(cert: &X509Certificate<'_>) -> Self {
        let mut out = Self::default();
        for ext in cert.extensions() {
            match ext.parsed_extension() {
                ParsedExtension::KeyUsage(ku) if out.key_usage.is_none() => {
                    out.key_usage = Some((ku.digital_signature(), ku.non_repudiation()));
                }
                ParsedExtension::ExtendedKeyUsage(eku) if out.eku.is_none() => {
                    out.eku = Some((eku.client_auth, eku.email_protection));
                    out.eku_oids = eku.other.iter().map(asn1_rs::Oid::to_id_string).collect();
                }
                ParsedExtension::CertificatePolicies(policies) if out.policies.is_empty() => {
                    out.policies = policies.iter().map(|p| p.policy_id.to_id_string()).collect();
                }
                ParsedExtension::SubjectKeyIdentifier(id) if out.subject_key_id.is_none() => {
                    out.subject_key_id = Some(hex_lower(id.0));
                }
                ParsedExtension::CRLDistributionPoints(points) => {
                    for point in &points.points {
                        if let Some(DistributionPointName::FullName(names)) = &point.distribution_point {
                            out.uris.extend(uris(names));
                        }
                    }
                }
                ParsedExtension::AuthorityInfoAccess(aia) => {
                    out.uris.extend(uris(aia.accessdescs.iter().map(|d| &d.access_location)));
                }
                _ => {}
            }
        }
        out
    }

    fn purpose(&self) -> Purpose {
        let policy = |set: [&str; 2]| self.policies.iter().any(|p| set.contains(&p.as_str()));
        let by_policy = Purpose::from_flags(policy(AUTHENTICATION_POLICIES), policy(SIGNING_POLICIES));
        if by_policy != Purpose::Unknown {
            return by_policy;
        }
        let by_key_usage = self.key_usage.map_or(Purpose::Unknown, |(ds, nr)| Purpose::from_flags(ds, nr));
        if by_key_usage != Purpose::Unknown {
            return by_key_usage;
        }
        self.eku.map_or(Purpose::Unknown, |(client_auth, email)| Purpose::from_flags(client_auth, email))
    }
}

fn uris<'a, 'b: 'a>(names: impl IntoIterator<Item = &'a GeneralName<'b>>) -> impl Iterator<Item = String> {
    names.into_iter().filter_map(|n| match n {
        GeneralName::URI(u) => Some((*u).to_owned()),
        _ => None,
    })
}

/// Whether the certificate belongs to a legal entity, and its role, from the NCA user-type OIDs
/// of the extended key usage. Without any, a BIN in the subject means a legal entity.
fn role(eku_oids: &[String], has_bin: bool) -> (bool, Option<String>) {
    let role_of = |oid: &str| {
        ROLES.iter().find(|(o, _)| *o == oid).map(|(_, r)| *r).or_else(|| {
            oid.strip_prefix(INFORMATION_SYSTEM).filter(|rest| rest.starts_with('.')).map(|_| "information system")
        })
    };
    let known: Vec<(&str, &str)> = eku_oids.iter().filter_map(|o| role_of(o).map(|r| (o.as_str(), r))).collect();
    if known.is_empty() {
        return (has_bin, None);
    }
    let legal =
        known.iter().any(|(o, _)| *o == LEGAL_ENTITY || o.starts_with("1.2.398.3.3.4.1.2.") || *o == TREASURY_CLIENT);
    // The markers (individual, legal entity) only when nothing more specific is named.
    let is_marker = |o: &str| o == INDIVIDUAL || o == LEGAL_ENTITY;
    let specific: Vec<&str> = known.iter().filter(|(o, _)| !is_marker(o)).map(|(_, r)| *r).collect();
    let chosen = if specific.is_empty() { known.iter().map(|(_, r)| *r).collect() } else { specific };
    let mut roles: Vec<&str> = Vec::with_capacity(chosen.len());
    for r in chosen {
        if !roles.contains(&r) {
            roles.push(r);
        }
    }
    (legal, Some(roles.join(", ")))
}

fn names_test(value: &str) -> bool {
    let upper = value.to_uppercase();
    upper.contains("TEST") || upper.contains("ТЕСТ")
}

fn values<'a>(name: &'a X509Name<'_>, oid: &'a str) -> impl Iterator<Item = String> + 'a {
    name.iter_attributes().filter(move |a| a.attr_type().to_id_string() == oid).filter_map(decode_string)
}

fn first_value(name: &X509Name<'_>, oid: &str) -> Option<String> {
    values(name, oid).map(|v| v.trim().to_owned()).find(|v| !v.is_empty())
}

fn all_values(name: &X509Name<'_>) -> Vec<String> {
    name.iter_attributes().filter_map(decode_string).collect()
}

/// `IIN123456789011` → `123456789011`; `None` without the prefix or with nothing after it.
fn strip_prefix_ci(value: &str, prefix: &str) -> Option<String> {
    let value = value.trim();
    let head = value.get(..prefix.len())?;
    let rest = value[prefix.len()..].trim();
    (head.eq_ignore_ascii_case(prefix) && !rest.is_empty()).then(|| rest.to_owned())
}

/// Decodes the string types a directory name may use.
fn decode_string(attr: &AttributeTypeAndValue<'_>) -> Option<String> {
    let value = attr.attr_value();
    decode_asn1_string(value.tag(), value.as_bytes())
}

fn decode_asn1_string(tag: Tag, data: &[u8]) -> Option<String> {
    match tag {
        Tag::Utf8String | Tag::PrintableString | Tag::Ia5String | Tag::NumericString | Tag::VisibleString => {
            Some(String::from_utf8_lossy(data).into_owned())
        }
        Tag::BmpString => {
            // An odd trailing byte becomes U+FFFD.
            let units = data.chunks(2).map(|c| match c {
                [hi, lo] => u16::from_be_bytes([*hi, *lo]),
                _ => 0xFFFD,
            });
            Some(char::decode_utf16(units).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)).collect())
        }
        Tag::UniversalString => Some(
            data.chunks(4)
                .map(|c| {
                    let mut b = [0u8; 4];
                    b[..c.len()].copy_from_slice(c);
                    char::from_u32(u32::from_be_bytes(b)).unwrap_or(char::REPLACEMENT_CHARACTER)
                })
                .collect(),
        ),
        // T.61 is close enough to Latin-1 for the names that use it.
        Tag::TeletexString => Some(data.iter().map(|&b| char::from(b)).collect()),
        _ => None,
    }
}

/// The serial number as `openssl x509 -serial` prints it: upper-case hex of the integer's
/// magnitude, without the sign byte DER adds when the high bit is set.
fn serial_hex(raw: &[u8]) -> String {
    let start = raw.iter().position(|&b| b != 0).unwrap_or(raw.len().saturating_sub(1));
    let mut out = String::with_capacity(raw.len() * 2);
    for b in &raw[start..] {
        let _ = write!(out, "{b:02X}");
    }
    if out.is_empty() {
        out.push_str("00");
    }
    out
}

fn hex_lower(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// The bit length of an RSA modulus given as the INTEGER's content bytes.
fn modulus_bits(modulus: &[u8]) -> Option<u32> {
    let start = modulus.iter().position(|&b| b != 0)?;
    let len = u32::try_from(modulus.len() - start).ok()?;
    len.checked_mul(8).map(|bits| bits - modulus[start].leading_zeros())
}
