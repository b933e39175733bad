//! An NCA RK certificate → what a support request needs of it. (Stub: to be implemented.)

use chrono::{DateTime, Utc};
use serde::Serialize;

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

/// What the key is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    Authentication,
    Signing,
    AuthenticationAndSigning,
    Unknown,
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
    /// Upper-case hex.
    pub serial: String,
    pub valid_from: DateTime<Utc>,
    pub valid_to: DateTime<Utc>,
    pub algorithm: KeyAlgorithm,
    pub purpose: Purpose,
    /// Issued to a legal entity's employee (EKU 1.2.398.3.3.4.1.2.*) rather than an individual.
    pub legal_entity: bool,
    /// The role named by the extended key usage: "first director", "employee with signing authority"…
    pub role: Option<String>,
    /// Issued by a TEST certification authority.
    pub test_ca: bool,
}

/// Why a certificate could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CertificateError {
    #[error("not a certificate")]
    NotACertificate,
}

/// Reads a DER certificate.
pub fn summarize(_der: &[u8]) -> Result<CertificateSummary, CertificateError> {
    Err(CertificateError::NotACertificate)
}

impl CertificateSummary {
    /// Days until the end of validity (stub).
    pub fn days_left(&self, now: DateTime<Utc>) -> i64 {
        (self.valid_to - now).num_days()
    }

    /// Item 1 of a request (stub).
    pub fn description(&self) -> String {
        format!("{}, {}", self.full_name, self.issuer)
    }
}

/// Certificates in a certificate file (stub).
pub fn read_certificate_file(_bytes: &[u8]) -> Result<Vec<Vec<u8>>, CertificateError> {
    Err(CertificateError::NotACertificate)
}
