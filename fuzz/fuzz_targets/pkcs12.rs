//! Fuzzes the PKCS#12 reader: it must never panic, hang or allocate without bound.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sk_support::eds::pkcs12::{Pkcs12Error, read_certificates};

/// The first byte of an input picks one of these for the second run.
const PASSWORDS: &[&str] = &["Qwerty12", "Aa123456", "", "Сәлем123", "Test-pass1", "wrong"];

fn check(data: &[u8], password: &str) {
    match read_certificates(data, password) {
        Ok(certs) => {
            for cert in certs {
                assert!(!cert.der.is_empty());
                assert!(cert.der.len() <= data.len());
            }
        }
        Err(Pkcs12Error::Corrupt(reason) | Pkcs12Error::Unsupported(reason)) => assert!(!reason.is_empty()),
        Err(Pkcs12Error::NotAKeystore | Pkcs12Error::WrongPassword) => {}
    }
}

fuzz_target!(|data: &[u8]| {
    check(data, "Qwerty12");
    if let Some((&choice, rest)) = data.split_first() {
        check(rest, PASSWORDS[usize::from(choice) % PASSWORDS.len()]);
    }
});
