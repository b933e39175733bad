//! A small, allocation-free BER reader: just enough of X.690 for PKCS#12.
//!
//! It takes what NCA keystores and other tools write: definite lengths in short and long form,
//! indefinite lengths (`0x80` … `00 00`), constructed strings split into primitive chunks,
//! high tag numbers. Every length is checked against the bytes that are really there, so a
//! hostile length field can neither read past the input nor make anything allocate; nesting is
//! limited to [`MAX_DEPTH`] levels so recursion stays shallow. Nothing here panics.

use std::borrow::Cow;
use std::fmt;

/// The deepest nesting accepted. A PKCS#12 file needs about 15 levels (an encrypted
/// certificate bag inside a nested safe-contents bag); anything deeper is an attack.
pub(super) const MAX_DEPTH: usize = 40;

/// Why BER could not be read. The reason is for a human; it never contains data bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct BerError(pub(super) &'static str);

impl fmt::Display for BerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

pub(super) type Result<T> = std::result::Result<T, BerError>;

/// The class of a tag (the top two bits of the identifier octet).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Class {
    Universal,
    Application,
    Context,
    Private,
}

pub(super) const TAG_INTEGER: u32 = 2;
pub(super) const TAG_OCTET_STRING: u32 = 4;
pub(super) const TAG_OID: u32 = 6;
pub(super) const TAG_SEQUENCE: u32 = 16;
pub(super) const TAG_SET: u32 = 17;
pub(super) const TAG_BMP_STRING: u32 = 30;

/// One element: its tag and its content octets (for an indefinite length: everything between
/// the header and the end-of-contents octets).
#[derive(Debug, Clone, Copy)]
pub(super) struct Tlv<'a> {
    pub(super) class: Class,
    pub(super) constructed: bool,
    pub(super) number: u32,
    pub(super) content: &'a [u8],
    /// How deep this element sits (the outermost element is at depth 0).
    depth: usize,
}

/// Reads one element from the front of `data` at nesting `depth`; returns it and the bytes
/// after it.
pub(super) fn parse(data: &[u8], depth: usize) -> Result<(Tlv<'_>, &[u8])> {
    if depth > MAX_DEPTH {
        return Err(BerError("nested too deeply"));
    }
    let (&first, mut rest) = data.split_first().ok_or(BerError("truncated (tag expected)"))?;
    if first == 0 {
        return Err(BerError("unexpected end-of-contents octets"));
    }
    let class = match first >> 6 {
        0 => Class::Universal,
        1 => Class::Application,
        2 => Class::Context,
        _ => Class::Private,
    };
    let constructed = first & 0x20 != 0;
    let mut number = u32::from(first & 0x1f);
    if number == 0x1f {
        // High tag number: base-128, at most 4 octets (28 bits) here.
        number = 0;
        let mut octets = 0;
        loop {
            let (&b, r) = rest.split_first().ok_or(BerError("truncated (tag number)"))?;
            rest = r;
            octets += 1;
            if octets > 4 {
                return Err(BerError("tag number too large"));
            }
            number = (number << 7) | u32::from(b & 0x7f);
            if b & 0x80 == 0 {
                break;
            }
        }
    }
    let (&len0, r) = rest.split_first().ok_or(BerError("truncated (length expected)"))?;
    rest = r;
    if len0 == 0x80 {
        if !constructed {
            return Err(BerError("indefinite length on a primitive element"));
        }
        // Walk the children to find the end-of-contents octets.
        let start = rest;
        let mut cursor = rest;
        loop {
            match cursor {
                [0, 0, after @ ..] => {
                    let used = start.len() - cursor.len();
                    let content = start.get(..used).ok_or(BerError("internal length error"))?;
                    return Ok((Tlv { class, constructed, number, content, depth }, after));
                }
                [] | [_] => return Err(BerError("truncated (end-of-contents expected)")),
                _ => {
                    let (_, after) = parse(cursor, depth + 1)?;
                    cursor = after;
                }
            }
        }
    }
    let len = if len0 < 0x80 {
        usize::from(len0)
    } else {
        let n = usize::from(len0 & 0x7f);
        if len0 == 0xff || n > 8 {
            return Err(BerError("bad length octets"));
        }
        let digits = rest.get(..n).ok_or(BerError("truncated (length octets)"))?;
        rest = rest.get(n..).ok_or(BerError("truncated (length octets)"))?;
        let mut len: u64 = 0;
        for &d in digits {
            len = len.checked_mul(256).ok_or(BerError("length too large"))? | u64::from(d);
        }
        usize::try_from(len).map_err(|_| BerError("length too large"))?
    };
    if len > rest.len() {
        return Err(BerError("truncated (length runs past the end of the data)"));
    }
    let (content, after) = rest.split_at(len);
    Ok((Tlv { class, constructed, number, content, depth }, after))
}

impl<'a> Tlv<'a> {
    pub(super) fn is_universal(&self, number: u32) -> bool {
        self.class == Class::Universal && self.number == number
    }

    pub(super) fn is_context(&self, number: u32) -> bool {
        self.class == Class::Context && self.number == number
    }

    /// The children of a constructed element.
    pub(super) fn children(&self) -> Result<Reader<'a>> {
        if !self.constructed {
            return Err(BerError("constructed element expected"));
        }
        Ok(Reader { rest: self.content, depth: self.depth + 1 })
    }

    /// The children of a SEQUENCE.
    pub(super) fn sequence(&self, what: &'static str) -> Result<Reader<'a>> {
        if !self.is_universal(TAG_SEQUENCE) || !self.constructed {
            return Err(BerError(what));
        }
        self.children()
    }

    /// The children of a SET.
    pub(super) fn set(&self, what: &'static str) -> Result<Reader<'a>> {
        if !self.is_universal(TAG_SET) || !self.constructed {
            return Err(BerError(what));
        }
        self.children()
    }

    /// The single element inside an `[n] EXPLICIT` wrapper.
    pub(super) fn explicit(&self, number: u32, what: &'static str) -> Result<Tlv<'a>> {
        if !self.is_context(number) || !self.constructed {
            return Err(BerError(what));
        }
        let mut inner = self.children()?;
        let value = inner.expect(what)?;
        inner.end(what)?;
        Ok(value)
    }

    /// The content octets of an OBJECT IDENTIFIER (compared as encoded bytes).
    pub(super) fn oid(&self, what: &'static str) -> Result<&'a [u8]> {
        if !self.is_universal(TAG_OID) || self.constructed || self.content.is_empty() {
            return Err(BerError(what));
        }
        Ok(self.content)
    }

    /// A non-negative INTEGER that fits in 64 bits.
    pub(super) fn uint(&self, what: &'static str) -> Result<u64> {
        if !self.is_universal(TAG_INTEGER) || self.constructed {
            return Err(BerError(what));
        }
        let bytes = self.content;
        match bytes.first() {
            None => return Err(BerError(what)),
            Some(b) if b & 0x80 != 0 => return Err(BerError("negative integer")),
            Some(_) => {}
        }
        let significant = bytes.iter().position(|&b| b != 0).map_or(&[][..], |i| &bytes[i..]);
        if significant.len() > 8 {
            return Err(BerError("integer too large"));
        }
        Ok(significant.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
    }

    /// The octets of an OCTET STRING (universal tag 4, primitive or constructed).
    pub(super) fn octet_string(&self, what: &'static str) -> Result<Cow<'a, [u8]>> {
        if !self.is_universal(TAG_OCTET_STRING) {
            return Err(BerError(what));
        }
        self.string_octets(TAG_OCTET_STRING)
    }

    /// The octets of a string whatever its own tag is (for `[n] IMPLICIT OCTET STRING`):
    /// primitive content as is; constructed content as the concatenation of its chunks, each
    /// of which is a universal string with tag `chunk_tag`.
    pub(super) fn string_octets(&self, chunk_tag: u32) -> Result<Cow<'a, [u8]>> {
        if !self.constructed {
            return Ok(Cow::Borrowed(self.content));
        }
        let mut out = Vec::new();
        self.append_chunks(chunk_tag, &mut out)?;
        Ok(Cow::Owned(out))
    }

    fn append_chunks(&self, chunk_tag: u32, out: &mut Vec<u8>) -> Result<()> {
        let mut chunks = self.children()?;
        while let Some(chunk) = chunks.next()? {
            if !chunk.is_universal(chunk_tag) {
                return Err(BerError("bad chunk in a constructed string"));
            }
            if chunk.constructed {
                chunk.append_chunks(chunk_tag, out)?;
            } else {
                // Never more than the input holds: every chunk is a slice of it.
                out.extend_from_slice(chunk.content);
            }
        }
        Ok(())
    }
}

/// Reads the elements of a constructed element one by one.
#[derive(Debug, Clone)]
pub(super) struct Reader<'a> {
    rest: &'a [u8],
    depth: usize,
}

impl<'a> Reader<'a> {
    /// Reads the top-level element of `data`; returns it and what follows it.
    pub(super) fn top(data: &'a [u8]) -> Result<(Tlv<'a>, &'a [u8])> {
        parse(data, 0)
    }

    /// The next element, or `None` at the end.
    pub(super) fn next(&mut self) -> Result<Option<Tlv<'a>>> {
        if self.rest.is_empty() {
            return Ok(None);
        }
        let (tlv, rest) = parse(self.rest, self.depth)?;
        self.rest = rest;
        Ok(Some(tlv))
    }

    /// The next element, which must be there.
    pub(super) fn expect(&mut self, what: &'static str) -> Result<Tlv<'a>> {
        self.next()?.ok_or(BerError(what))
    }

    /// Checks that nothing is left.
    pub(super) fn end(&self, what: &'static str) -> Result<()> {
        if self.rest.is_empty() { Ok(()) } else { Err(BerError(what)) }
    }
}

/// Dotted form of an encoded OBJECT IDENTIFIER, for messages.
pub(super) fn oid_to_string(encoded: &[u8]) -> String {
    let mut arcs: Vec<u128> = Vec::new();
    let mut value: u128 = 0;
    for &b in encoded {
        value = match value.checked_mul(128) {
            Some(v) => v | u128::from(b & 0x7f),
            None => return format!("OID {}", hex(encoded)),
        };
        if b & 0x80 == 0 {
            arcs.push(value);
            value = 0;
        }
    }
    if value != 0 || arcs.is_empty() || encoded.last().is_some_and(|b| b & 0x80 != 0) {
        return format!("OID {}", hex(encoded));
    }
    let first = arcs[0];
    let (a, b) = match first {
        0..40 => (0, first),
        40..80 => (1, first - 40),
        _ => (2, first - 80),
    };
    let mut out = format!("{a}.{b}");
    for arc in &arcs[1..] {
        out.push('.');
        out.push_str(&arc.to_string());
    }
    out
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}
