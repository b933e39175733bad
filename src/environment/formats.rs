//! Small formats several probes read: executable headers (for bitness) and `%NAME%` references of
//! Windows registry values. (XML property lists are in [`super::plist`].)

use std::io::Read as _;
use std::path::Path;

/// The bitness of an executable from its first bytes (4 KiB are plenty): a Windows PE (the
/// `Machine` field of its header: 0x8664 and 0xAA64 are 64-bit, 0x14C and 0x1C4 32-bit), an ELF
/// (its class) or a Mach-O (its magic; a universal binary has no one answer). `None` otherwise.
pub fn executable_bits(head: &[u8]) -> Option<u8> {
    let u16_at = |at: usize| head.get(at..at + 2).map(|b| u16::from_le_bytes([b[0], b[1]]));
    let u32_at = |at: usize| head.get(at..at + 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
    if head.starts_with(b"MZ") {
        let pe = usize::try_from(u32_at(0x3C)?).ok()?;
        if head.get(pe..pe.checked_add(4)?)? != b"PE\0\0" {
            return None;
        }
        return match u16_at(pe + 4)? {
            0x8664 | 0xAA64 | 0x0200 => Some(64),
            0x014C | 0x01C4 => Some(32),
            _ => None,
        };
    }
    if head.starts_with(b"\x7fELF") {
        return match head.get(4)? {
            1 => Some(32),
            2 => Some(64),
            _ => None,
        };
    }
    match u32_at(0)? {
        0xFEED_FACF | 0xCFFA_EDFE => Some(64),
        0xFEED_FACE | 0xCEFA_EDFE => Some(32),
        _ => None,
    }
}

/// The first 4 KiB of a file (enough for [`executable_bits`]), or `None` when it cannot be read.
pub fn read_head(path: &Path) -> Option<Vec<u8>> {
    let mut head = Vec::with_capacity(4096);
    std::fs::File::open(path).ok()?.take(4096).read_to_end(&mut head).ok()?;
    Some(head)
}

/// The bitness of the executable at `path` (see [`executable_bits`]).
pub fn file_bits(path: &Path) -> Option<u8> {
    executable_bits(&read_head(path)?)
}

/// Expands `%NAME%` in a registry value (REG_EXPAND_SZ values are read unexpanded); an unknown
/// name is left as written.
pub fn expand_vars(text: &str, lookup: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find('%') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let known = after.find('%').filter(|&end| end > 0).and_then(|end| Some((end, lookup(&after[..end])?)));
        if let Some((end, value)) = known {
            out.push_str(&value);
            rest = &after[end + 1..];
        } else {
            out.push('%');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// The version fields of a Windows executable's version resource (read by
/// `environment::windows::file_version`; plain data, so parsers of it are tested everywhere).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileVersion {
    /// `ProductVersion` string (e.g. "131.0.6778.86", "11.00.17134.1").
    pub product_version: Option<String>,
    /// `FileVersion` string.
    pub file_version: Option<String>,
    pub product_name: Option<String>,
    /// The fixed binary version (VS_FIXEDFILEINFO), `a.b.c.d`.
    pub fixed_version: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal PE: `MZ`, `e_lfanew` at 0x3C, `PE\0\0` and the machine at `e_lfanew`.
    fn pe(machine: u16, e_lfanew: u32) -> Vec<u8> {
        let mut v = vec![0u8; 0x200];
        v[..2].copy_from_slice(b"MZ");
        v[0x3c..0x40].copy_from_slice(&e_lfanew.to_le_bytes());
        if let Ok(at) = usize::try_from(e_lfanew)
            && at + 6 <= v.len()
        {
            v[at..at + 4].copy_from_slice(b"PE\0\0");
            v[at + 4..at + 6].copy_from_slice(&machine.to_le_bytes());
        }
        v
    }

    #[test]
    fn executable_headers_give_the_bitness() {
        assert_eq!(executable_bits(&pe(0x8664, 0x80)), Some(64));
        assert_eq!(executable_bits(&pe(0xaa64, 0x80)), Some(64));
        assert_eq!(executable_bits(&pe(0x014c, 0x80)), Some(32));
        assert_eq!(executable_bits(&pe(0x9999, 0x80)), None);
        assert_eq!(executable_bits(&pe(0x8664, 0x1000)), None, "e_lfanew beyond what was read");
        assert_eq!(executable_bits(&pe(0x8664, u32::MAX)), None);
        let mut not_pe = pe(0x8664, 0x80);
        not_pe[0x80] = b'X';
        assert_eq!(executable_bits(&not_pe), None);
        let mut not_mz = pe(0x8664, 0x80);
        not_mz[0] = b'Z';
        assert_eq!(executable_bits(&not_mz), None);
        assert_eq!(executable_bits(&pe(0x01c4, 0x40)[..0x46]), Some(32), "ARM, header at the very end");
        assert_eq!(executable_bits(b"MZ"), None);
        assert_eq!(executable_bits(b"\x7fELF\x02\x01\x01"), Some(64));
        assert_eq!(executable_bits(b"\x7fELF\x01\x01\x01"), Some(32));
        assert_eq!(executable_bits(&0xFEED_FACFu32.to_le_bytes()), Some(64));
        assert_eq!(executable_bits(b"#!/bin/sh\n"), None);
        assert_eq!(executable_bits(b""), None);
    }

    #[test]
    fn this_test_program_has_the_bitness_it_was_built_for() {
        let exe = std::env::current_exe().unwrap();
        assert_eq!(file_bits(&exe), Some(if cfg!(target_pointer_width = "64") { 64 } else { 32 }));
    }

    #[test]
    fn registry_values_expand_known_names_only() {
        let lookup = |name: &str| match name.to_ascii_uppercase().as_str() {
            "PROGRAMFILES" => Some(r"C:\Program Files".to_owned()),
            "EMPTY" => Some(String::new()),
            _ => None,
        };
        assert_eq!(expand_vars(r"%ProgramFiles%\Java\bin", lookup), r"C:\Program Files\Java\bin");
        assert_eq!(expand_vars(r"%UNKNOWN%\x", lookup), r"%UNKNOWN%\x");
        assert_eq!(expand_vars("100% sure", lookup), "100% sure");
        assert_eq!(expand_vars("%%", lookup), "%%");
        assert_eq!(expand_vars("a%EMPTY%b", lookup), "ab");
    }
}
