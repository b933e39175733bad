//! The user's digital signature (EDS, ЭЦП/ЭЦҚ): NCA RK keystores and certificates.
//!
//! Item 1 of a request names the EDS and its validity; item 5 needs the IIN/BIN and full name —
//! all inside the keystore. Only certificates are read: the private key and the password are
//! never kept beyond the read and never written anywhere.

pub mod certificate;
pub mod locate;
pub mod pkcs12;
