//! A BER-tolerant PKCS#12 reader for NCA RK keystores: only the certificates are taken out.
//! (Stub: to be implemented.)

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

/// Reads the certificates of a PKCS#12 keystore, checking its MAC with `password`.
pub fn read_certificates(_data: &[u8], _password: &str) -> Result<Vec<KeystoreCertificate>, Pkcs12Error> {
    Err(Pkcs12Error::Unsupported("nothing yet".into()))
}
