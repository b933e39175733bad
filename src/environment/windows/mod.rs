//! Windows readers shared by the probes: the registry (both 32- and 64-bit views) and the
//! version resource of executables. Thin wrappers: the parsing lives in the probes.

use std::path::Path;

use winreg::RegKey;
use winreg::enums::{HKEY_CURRENT_USER, HKEY_LOCAL_MACHINE, KEY_READ, KEY_WOW64_32KEY, KEY_WOW64_64KEY};

/// A registry root.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hive {
    LocalMachine,
    CurrentUser,
}

/// Which view of the registry: 32-bit programs see `WOW6432Node` as `SOFTWARE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Native,
    Wow32,
    Wow64,
}

fn open(hive: Hive, path: &str, view: View) -> Option<RegKey> {
    let root = RegKey::predef(match hive {
        Hive::LocalMachine => HKEY_LOCAL_MACHINE,
        Hive::CurrentUser => HKEY_CURRENT_USER,
    });
    let flags = KEY_READ
        | match view {
            View::Native => 0,
            View::Wow32 => KEY_WOW64_32KEY,
            View::Wow64 => KEY_WOW64_64KEY,
        };
    root.open_subkey_with_flags(path, flags).ok()
}

/// A string value (REG_SZ or REG_EXPAND_SZ), or `None`.
pub fn string(hive: Hive, path: &str, name: &str, view: View) -> Option<String> {
    open(hive, path, view)?.get_value::<String, _>(name).ok()
}

/// A DWORD value, or `None`.
pub fn dword(hive: Hive, path: &str, name: &str, view: View) -> Option<u32> {
    open(hive, path, view)?.get_value::<u32, _>(name).ok()
}

/// The names of a key's subkeys (empty when the key is missing).
pub fn subkeys(hive: Hive, path: &str, view: View) -> Vec<String> {
    open(hive, path, view).map(|k| k.enum_keys().filter_map(Result::ok).collect()).unwrap_or_default()
}

/// The string values of a key as (name, value) pairs (empty when the key is missing).
pub fn values(hive: Hive, path: &str, view: View) -> Vec<(String, String)> {
    let Some(key) = open(hive, path, view) else { return Vec::new() };
    key.enum_values()
        .filter_map(Result::ok)
        .filter_map(|(name, _)| key.get_value::<String, _>(&name).ok().map(|v| (name, v)))
        .collect()
}

pub use super::formats::FileVersion;

/// Reads the version resource of `path` without starting it.
#[allow(unsafe_code, clippy::cast_ptr_alignment)] // the Win32 version API; buffers sized by the API
pub fn file_version(path: &Path) -> Option<FileVersion> {
    use std::os::windows::ffi::OsStrExt as _;
    use windows_sys::Win32::Storage::FileSystem::{
        GetFileVersionInfoSizeW, GetFileVersionInfoW, VS_FIXEDFILEINFO, VerQueryValueW,
    };

    let wide: Vec<u16> = path.as_os_str().encode_wide().chain(Some(0)).collect();
    let mut handle = 0u32;
    // SAFETY: `wide` is a NUL-terminated UTF-16 path.
    let size = unsafe { GetFileVersionInfoSizeW(wide.as_ptr(), &raw mut handle) };
    if size == 0 {
        return None;
    }
    let mut data = vec![0u8; size as usize];
    // SAFETY: `data` holds exactly `size` bytes, as the API asked for.
    if unsafe { GetFileVersionInfoW(wide.as_ptr(), 0, size, data.as_mut_ptr().cast()) } == 0 {
        return None;
    }
    let query = |sub_block: &str| -> Option<(*const u8, u32)> {
        let sub: Vec<u16> = sub_block.encode_utf16().chain(Some(0)).collect();
        let mut ptr: *mut core::ffi::c_void = std::ptr::null_mut();
        let mut len = 0u32;
        // SAFETY: `data` is the block filled by GetFileVersionInfoW and outlives `ptr`'s use below.
        let ok = unsafe { VerQueryValueW(data.as_ptr().cast(), sub.as_ptr(), &raw mut ptr, &raw mut len) };
        (ok != 0 && !ptr.is_null() && len > 0).then_some((ptr.cast_const().cast::<u8>(), len))
    };
    let mut info = FileVersion::default();
    if let Some((ptr, len)) = query("\\")
        && len as usize >= size_of::<VS_FIXEDFILEINFO>()
    {
        // SAFETY: the root block is a VS_FIXEDFILEINFO of the length checked above.
        let fixed = unsafe { std::ptr::read_unaligned(ptr.cast::<VS_FIXEDFILEINFO>()) };
        info.fixed_version = Some(format!(
            "{}.{}.{}.{}",
            fixed.dwProductVersionMS >> 16,
            fixed.dwProductVersionMS & 0xffff,
            fixed.dwProductVersionLS >> 16,
            fixed.dwProductVersionLS & 0xffff
        ));
    }
    // The first language/code page of the translation table, then the usual fallbacks.
    let mut code_pages = Vec::new();
    if let Some((ptr, len)) = query("\\VarFileInfo\\Translation")
        && len >= 4
    {
        // SAFETY: at least one (language, code page) pair of u16s is there.
        let pair = unsafe { std::ptr::read_unaligned(ptr.cast::<[u16; 2]>()) };
        code_pages.push(format!("{:04x}{:04x}", pair[0], pair[1]));
    }
    code_pages.extend(["040904b0".to_owned(), "040904e4".to_owned(), "000004b0".to_owned()]);
    let string = |name: &str| -> Option<String> {
        code_pages.iter().find_map(|cp| {
            let (ptr, len) = query(&format!("\\StringFileInfo\\{cp}\\{name}"))?;
            let units: Vec<u16> = (0..len as usize)
                // SAFETY: a string value is `len` UTF-16 units (with its NUL) inside `data`; read
                // one by one, since the block gives no alignment promise.
                .map(|i| unsafe { u16::from_le_bytes([*ptr.add(2 * i), *ptr.add(2 * i + 1)]) })
                .collect();
            let text = String::from_utf16_lossy(&units).trim_end_matches('\0').trim().to_owned();
            (!text.is_empty()).then_some(text)
        })
    };
    info.product_version = string("ProductVersion");
    info.file_version = string("FileVersion");
    info.product_name = string("ProductName");
    Some(info)
}
