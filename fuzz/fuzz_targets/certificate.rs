//! Fuzzes the certificate-file reader and the summary: DER, PEM or Base64 in, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sk_support::eds::certificate::{read_certificate_file, summarize};

fuzz_target!(|data: &[u8]| {
    if let Ok(ders) = read_certificate_file(data) {
        for der in ders {
            if let Ok(summary) = summarize(&der) {
                let _ = summary.description();
            }
        }
    }
    // Bytes straight into the summary too: the DER parser's own edge cases.
    let _ = summarize(data);
});
