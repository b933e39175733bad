//! Certificate files as users have them: DER, PEM (one or more blocks, LF or CRLF, with or
//! without a byte-order mark) and bare Base64 (some NCA `.cer` downloads are Base64 text
//! without the `-----BEGIN CERTIFICATE-----` armour).

use x509_parser::prelude::{FromDer, X509Certificate};

use super::CertificateError;

/// The PEM labels that hold one X.509 certificate.
const PEM_LABELS: [&str; 3] = ["CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE"];

/// Reads a certificate file (no password): the DER of every certificate in it, in file order.
///
/// [`CertificateError::NotACertificate`] when the bytes are something else (a keystore, a CRL,
/// a document, random data); [`CertificateError::Damaged`] when they are meant to be a
/// certificate (DER shaped like one, a PEM certificate block, Base64 of a certificate) that
/// cannot be read.
pub fn read_certificate_file(bytes: &[u8]) -> Result<Vec<Vec<u8>>, CertificateError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.first() == Some(&0x30) {
        return der_certificates(bytes);
    }
    let text = if let Some(le) = bytes.strip_prefix(b"\xFF\xFE") {
        utf16(le, u16::from_le_bytes)
    } else if let Some(be) = bytes.strip_prefix(b"\xFE\xFF") {
        utf16(be, u16::from_be_bytes)
    } else {
        String::from_utf8(bytes.to_vec()).map_err(|_| CertificateError::NotACertificate)?
    };
    if text.contains("-----BEGIN ") { pem_certificates(&text) } else { bare_base64(&text) }
}

/// Parses one DER certificate (trailing bytes ignored), telling "not a certificate" from
/// "damaged" by the shape of its first bytes.
pub(super) fn parse_der(der: &[u8]) -> Result<X509Certificate<'_>, CertificateError> {
    let shape = shape(der);
    if shape == Shape::Other {
        return Err(CertificateError::NotACertificate);
    }
    match X509Certificate::from_der(der) {
        Ok((_, cert)) => Ok(cert),
        // A v1 TBS starts like a CRL or a certification request: only a v3 one is surely a
        // certificate.
        Err(_) if shape == Shape::Ambiguous => Err(CertificateError::NotACertificate),
        Err(e) => Err(CertificateError::Damaged(e.to_string())),
    }
}

/// DER certificates, one after another.
fn der_certificates(mut bytes: &[u8]) -> Result<Vec<Vec<u8>>, CertificateError> {
    let mut out = Vec::new();
    loop {
        let (_, header, content) = header(bytes).ok_or(CertificateError::NotACertificate)?;
        let total = header + content;
        if total > bytes.len() {
            return Err(match shape(bytes) {
                Shape::Certificate => CertificateError::Damaged("the file is truncated".to_owned()),
                _ => CertificateError::NotACertificate,
            });
        }
        let (one, rest) = bytes.split_at(total);
        parse_der(one)?;
        out.push(one.to_vec());
        bytes = rest;
        // Another certificate may follow; anything else (padding, a newline) is left alone.
        if bytes.first() != Some(&0x30) || shape(bytes) != Shape::Certificate {
            return Ok(out);
        }
    }
}

fn pem_certificates(text: &str) -> Result<Vec<Vec<u8>>, CertificateError> {
    const BEGIN: &str = "-----BEGIN ";
    let mut out = Vec::new();
    let mut rest = text;
    // Found by search rather than by line: some tools put a whole block on one line.
    while let Some(at) = rest.find(BEGIN) {
        let after = &rest[at + BEGIN.len()..];
        let Some(label_len) = after.find("-----") else { break };
        let label = after[..label_len].trim();
        let body_and_rest = &after[label_len + 5..];
        rest = body_and_rest;
        if !PEM_LABELS.contains(&label) {
            continue;
        }
        let end = format!("-----END {label}-----");
        let Some(body_len) = body_and_rest.find(&end) else {
            return Err(CertificateError::Damaged(format!("the PEM block has no {end} line")));
        };
        // RFC 1421 headers (`Proc-Type: …`) are not Base64.
        let body: String = body_and_rest[..body_len].lines().filter(|l| !l.contains(':')).collect();
        rest = &body_and_rest[body_len + end.len()..];
        let der = base64_decode(&body)
            .ok_or_else(|| CertificateError::Damaged("the PEM block is not valid Base64".to_owned()))?;
        match der_certificates(&der) {
            Ok(certs) => out.extend(certs),
            Err(CertificateError::NotACertificate) => {
                return Err(CertificateError::Damaged("the PEM block does not hold a certificate".to_owned()));
            }
            Err(e) => return Err(e),
        }
    }
    if out.is_empty() { Err(CertificateError::NotACertificate) } else { Ok(out) }
}

/// Base64 text without armour. Text that starts like a Base64 certificate (`MII…`, a SEQUENCE
/// with a two-byte length) and cannot be read is damaged; any other text is not a certificate.
fn bare_base64(text: &str) -> Result<Vec<Vec<u8>>, CertificateError> {
    let body: String = text.split_whitespace().collect();
    let looks_like_certificate = body.starts_with("MII") || body.starts_with("MIH");
    let Some(der) = base64_decode(&body) else {
        return Err(if looks_like_certificate {
            CertificateError::Damaged("the Base64 text is damaged".to_owned())
        } else {
            CertificateError::NotACertificate
        });
    };
    if der.first() != Some(&0x30) {
        return Err(CertificateError::NotACertificate);
    }
    der_certificates(&der)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// SEQUENCE { SEQUENCE { [0] version … } … }: a v2/v3 certificate.
    Certificate,
    /// SEQUENCE { SEQUENCE { INTEGER … } … }: a v1 certificate, a CRL or a request.
    Ambiguous,
    Other,
}

/// Looks at the first headers only, so that truncated data still has a shape.
fn shape(der: &[u8]) -> Shape {
    let Some((0x30, outer, _)) = header(der) else { return Shape::Other };
    let Some(tbs) = der.get(outer..) else { return Shape::Other };
    let Some((0x30, inner, _)) = header(tbs) else { return Shape::Other };
    match tbs.get(inner) {
        Some(0xA0) => Shape::Certificate,
        Some(0x02) => Shape::Ambiguous,
        _ => Shape::Other,
    }
}

/// A DER header: (tag, header length, content length). Indefinite lengths and lengths beyond
/// four bytes are refused.
fn header(der: &[u8]) -> Option<(u8, usize, usize)> {
    let (&tag, rest) = der.split_first()?;
    let (&first, rest) = rest.split_first()?;
    if first < 0x80 {
        return Some((tag, 2, usize::from(first)));
    }
    let n = usize::from(first & 0x7F);
    if n == 0 || n > 4 {
        return None;
    }
    let len = rest.get(..n)?.iter().fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
    Some((tag, 2 + n, len))
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    char::decode_utf16(units).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)).collect()
}

/// Standard or URL-safe Base64; whitespace is skipped, padding is optional.
pub(super) fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let mut acc = 0u32;
    let mut bits = 0u32;
    let mut padding = 0usize;
    let mut digits = 0usize;
    for c in text.bytes() {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => {
                padding += 1;
                continue;
            }
            b' ' | b'\t' | b'\r' | b'\n' => continue,
            _ => return None,
        };
        if padding > 0 {
            return None; // data after padding
        }
        digits += 1;
        acc = (acc << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((acc >> bits) & 0xFF).ok()?);
        }
    }
    if digits % 4 == 1 || padding > 2 || (padding > 0 && !(digits + padding).is_multiple_of(4)) {
        return None;
    }
    Some(out)
}
