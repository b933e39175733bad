//! Finding the user's keystore files.
//!
//! NCA RK hands out keystores named by kind and key: `AUTH_RSA256_<hex>.p12` (authentication,
//! RSA), `RSA256_<hex>.p12` (signing, RSA), `GOSTKNCA_<hex>.p12` (signing, GOST 34.310-2004) and
//! `GOST512_<hex>.p12` (GOST 34.10-2015, one key for both); the hex is the certificate's Subject
//! Key Identifier. Users keep them on the desktop, in Downloads or Documents, on a USB stick, or in
//! a folder called `ЭЦП`. [`find_keystores`] walks such folders breadth-first, within a depth and a
//! deadline, without following links or entering network shares; [`default_roots`] names the
//! folders to walk.

mod mounts;
mod roots;
#[cfg(test)]
mod tests;

use std::collections::{HashSet, VecDeque};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime};

use serde::Serialize;

use super::certificate::{KeyAlgorithm, Purpose};

pub use roots::default_roots;

/// The kinds of NCA keystore, by file name prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyKind {
    /// `AUTH_RSA256_…`: the RSA authentication key of the old two-key scheme.
    AuthRsa256,
    /// `RSA256_…`: the RSA signing key of the old scheme.
    Rsa256,
    /// `GOSTKNCA_…`: the GOST 34.310-2004 signing key of the old scheme.
    GostKnca,
    /// `GOST512_…`: the GOST 34.10-2015 key, for both logging in and signing.
    Gost512,
}

impl KeyKind {
    /// In the order they are matched: `AUTH_RSA256_` before `RSA256_`.
    const ALL: [Self; 4] = [Self::AuthRsa256, Self::Rsa256, Self::GostKnca, Self::Gost512];

    /// The file name prefix without the underscore: `AUTH_RSA256`.
    pub fn prefix(self) -> &'static str {
        match self {
            Self::AuthRsa256 => "AUTH_RSA256",
            Self::Rsa256 => "RSA256",
            Self::GostKnca => "GOSTKNCA",
            Self::Gost512 => "GOST512",
        }
    }

    /// The algorithm kind as [`KeyAlgorithm::kind`] spells it: `RSA256`, `GOSTKNCA`, `GOST512`.
    pub fn kind_name(self) -> &'static str {
        match self {
            Self::AuthRsa256 | Self::Rsa256 => "RSA256",
            Self::GostKnca => "GOSTKNCA",
            Self::Gost512 => "GOST512",
        }
    }

    pub fn purpose(self) -> Purpose {
        match self {
            Self::AuthRsa256 => Purpose::Authentication,
            Self::Rsa256 | Self::GostKnca => Purpose::Signing,
            Self::Gost512 => Purpose::AuthenticationAndSigning,
        }
    }

    pub fn algorithm(self) -> KeyAlgorithm {
        match self {
            Self::AuthRsa256 | Self::Rsa256 => KeyAlgorithm::Rsa { bits: None },
            Self::GostKnca => KeyAlgorithm::Gost2004,
            Self::Gost512 => KeyAlgorithm::Gost2015,
        }
    }
}

/// What a keystore's file name says.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyFileName {
    /// An NCA name: the kind and the key id (the certificate's Subject Key Identifier, 40 hex
    /// digits, lower-case).
    Nca { kind: KeyKind, key_id: String },
    /// Any other `.p12`/`.pfx` file: possibly a renamed keystore.
    Unnamed,
}

impl KeyFileName {
    pub fn kind(&self) -> Option<KeyKind> {
        match self {
            Self::Nca { kind, .. } => Some(*kind),
            Self::Unnamed => None,
        }
    }

    pub fn key_id(&self) -> Option<&str> {
        match self {
            Self::Nca { key_id, .. } => Some(key_id),
            Self::Unnamed => None,
        }
    }

    pub fn is_nca(&self) -> bool {
        matches!(self, Self::Nca { .. })
    }
}

/// A keystore file found on disk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FoundKeystore {
    pub path: PathBuf,
    pub name: KeyFileName,
    pub modified: Option<SystemTime>,
    pub size: u64,
}

/// Classifies a file name (a bare name; anything up to the last `/` or `\` is ignored).
///
/// `AUTH_RSA256_<40 hex>.p12`, `RSA256_…`, `GOSTKNCA_…`, `GOST512_…` (prefix and extension in any
/// case) are NCA names; a copy suffix after the hex (`GOST512_<hex> (1).p12`, as browsers and
/// Explorer name copies) is allowed. Any other `.p12`/`.pfx` is [`KeyFileName::Unnamed`]; other
/// files are `None`.
pub fn classify_name(file_name: &str) -> Option<KeyFileName> {
    let name = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name).trim();
    let (stem, ext) = name.rsplit_once('.')?;
    if !(ext.eq_ignore_ascii_case("p12") || ext.eq_ignore_ascii_case("pfx")) {
        return None;
    }
    for kind in KeyKind::ALL {
        let prefix = kind.prefix();
        let Some(head) = stem.get(..prefix.len() + 1) else { continue };
        if !(head.starts_with_ignore_ascii_case(prefix) && head.ends_with('_')) {
            continue;
        }
        let rest = &stem[prefix.len() + 1..];
        let Some(hex) = rest.get(..40) else { continue };
        let tail = &rest[40..];
        let copy_suffix = tail.is_empty() || tail.starts_with([' ', '(']);
        if hex.bytes().all(|b| b.is_ascii_hexdigit()) && copy_suffix {
            return Some(KeyFileName::Nca { kind, key_id: hex.to_ascii_lowercase() });
        }
    }
    Some(KeyFileName::Unnamed)
}

trait StartsWithIgnoreCase {
    fn starts_with_ignore_ascii_case(&self, prefix: &str) -> bool;
}

impl StartsWithIgnoreCase for str {
    fn starts_with_ignore_ascii_case(&self, prefix: &str) -> bool {
        self.get(..prefix.len()).is_some_and(|h| h.eq_ignore_ascii_case(prefix))
    }
}

/// Folder names never entered (compared case-insensitively): system and program folders, and
/// trees too large to be worth the time. Names starting with `.` are skipped too.
const SKIPPED_DIRS: &[&str] = &[
    "node_modules",
    "AppData",
    "Application Data",
    "Windows",
    "Program Files",
    "Program Files (x86)",
    "ProgramData",
    "$Recycle.Bin",
    "System Volume Information",
    "Library",
    "__pycache__",
    "site-packages",
];

/// Finds `.p12`/`.pfx` files under `roots`, breadth-first.
///
/// Files directly in a root are at depth 0; folders are entered down to `max_depth`. The walk
/// stops at `deadline` and returns what it has. Symbolic links and junctions are neither
/// followed nor reported; hidden and system folders and [`SKIPPED_DIRS`] are not entered (a root
/// itself is always walked); network shares are never entered — on Windows UNC paths and drives
/// of type `DRIVE_REMOTE`, on Linux mount points of network file systems read from
/// `/proc/self/mountinfo`, on macOS those listed by `mount`.
///
/// Sorted: NCA-named files first, then the most recently modified, then by path.
pub fn find_keystores(roots: &[PathBuf], max_depth: usize, deadline: Instant) -> Vec<FoundKeystore> {
    let excluded = mounts::excluded_mount_points();
    let mut queue: VecDeque<(PathBuf, usize)> = VecDeque::new();
    let mut visited: HashSet<PathBuf> = HashSet::new();
    for root in roots {
        let root = std::path::absolute(root).unwrap_or_else(|_| root.clone());
        if mounts::is_network_path(&root, &excluded) {
            continue;
        }
        if visited.insert(root.clone()) {
            queue.push_back((root, 0));
        }
    }
    let mut found = Vec::new();
    let mut seen: HashSet<PathBuf> = HashSet::new();
    'walk: while let Some((dir, depth)) = queue.pop_front() {
        if Instant::now() >= deadline {
            break;
        }
        let Ok(entries) = fs::read_dir(&dir) else { continue };
        for entry in entries {
            if Instant::now() >= deadline {
                break 'walk;
            }
            let Ok(entry) = entry else { continue };
            let Ok(file_type) = entry.file_type() else { continue };
            if file_type.is_symlink() {
                continue;
            }
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if file_type.is_dir() {
                if depth >= max_depth || skipped_dir(&name, &entry) {
                    continue;
                }
                let path = entry.path();
                if !excluded.contains(&path) && visited.insert(path.clone()) {
                    queue.push_back((path, depth + 1));
                }
            } else if file_type.is_file()
                && let Some(kind) = classify_name(&name)
            {
                let path = entry.path();
                if seen.insert(path.clone()) {
                    let meta = entry.metadata().ok();
                    found.push(FoundKeystore {
                        path,
                        name: kind,
                        modified: meta.as_ref().and_then(|m| m.modified().ok()),
                        size: meta.map_or(0, |m| m.len()),
                    });
                }
            }
        }
    }
    sort_found(&mut found);
    found
}

/// NCA-named first, newest first, then by path.
fn sort_found(found: &mut [FoundKeystore]) {
    found.sort_by(|a, b| {
        b.name
            .is_nca()
            .cmp(&a.name.is_nca())
            .then_with(|| b.modified.cmp(&a.modified))
            .then_with(|| a.path.cmp(&b.path))
    });
}

fn skipped_dir(name: &str, entry: &fs::DirEntry) -> bool {
    name.starts_with('.') || SKIPPED_DIRS.iter().any(|s| s.eq_ignore_ascii_case(name)) || hidden_or_system(entry)
}

#[cfg(windows)]
fn hidden_or_system(entry: &fs::DirEntry) -> bool {
    use std::os::windows::fs::MetadataExt as _;
    use windows_sys::Win32::Storage::FileSystem::{FILE_ATTRIBUTE_HIDDEN, FILE_ATTRIBUTE_SYSTEM};
    entry.metadata().is_ok_and(|m| m.file_attributes() & (FILE_ATTRIBUTE_HIDDEN | FILE_ATTRIBUTE_SYSTEM) != 0)
}

#[cfg(not(windows))]
fn hidden_or_system(_entry: &fs::DirEntry) -> bool {
    false
}

/// Whether a folder's name marks it as a place for EDS keys: `ЭЦП`, `ЭЦҚ`, `ECP`, `EDS` (any
/// case), alone or followed by a space, `_`, `-` or `.` and more (`ЭЦП 2024`, `ecp_ivanov`).
fn is_eds_folder_name(name: &str) -> bool {
    let upper = name.trim().to_uppercase();
    ["ЭЦП", "ЭЦҚ", "ECP", "EDS"].iter().any(|marker| {
        upper.strip_prefix(marker).is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '_', '-', '.']))
    })
}

/// `path` as text for the platform checks; lossy is fine for prefixes.
fn path_text(path: &Path) -> std::borrow::Cow<'_, str> {
    path.as_os_str().to_string_lossy()
}
