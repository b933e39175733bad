//! The folders where users keep their keys.

use std::collections::HashSet;
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};

use super::{is_eds_folder_name, mounts};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Platform {
    Windows,
    Linux,
    MacOs,
}

impl Platform {
    pub(super) const CURRENT: Self = if cfg!(windows) {
        Self::Windows
    } else if cfg!(target_os = "macos") {
        Self::MacOs
    } else {
        Self::Linux
    };
}

/// Where the folders come from.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct Sources {
    /// The home folder: not walked, only looked into for `ЭЦП` folders.
    pub home: Option<PathBuf>,
    /// Desktop, Downloads, Documents (and their redirected or localised twins).
    pub user_folders: Vec<PathBuf>,
    /// The roots of removable drives.
    pub removable: Vec<PathBuf>,
    /// Other folders looked into for `ЭЦП` folders only (Windows: the fixed drives' roots).
    pub eds_parents: Vec<PathBuf>,
}

/// The folders to walk for keystores, most likely first: folders named `ЭЦП`/`ЭЦҚ`/`ECP`/`EDS`
/// (directly under the folders below, the home folder, or on Windows a fixed drive's root), the
/// roots of removable drives (Windows: `DRIVE_REMOVABLE` letters with a volume; Linux:
/// `/media/$USER/*`, `/run/media/$USER/*`; macOS: `/Volumes/*`), then the user's Desktop,
/// Downloads and Documents (Windows: under `USERPROFILE`, under OneDrive and wherever the
/// registry's User Shell Folders put them; Linux/macOS: under `HOME`, and the XDG user dirs).
/// Only existing folders, none on a network share, each once.
pub fn default_roots() -> Vec<PathBuf> {
    let env = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    let sources = match Platform::CURRENT {
        Platform::Windows => windows_sources(&env),
        platform => unix_sources(platform, &env, &media_parents(platform, &env)),
    };
    assemble(&sources, &mounts::excluded_mount_points())
}

/// Orders, filters and completes the roots; reads the file system for `ЭЦП` folders.
pub(super) fn assemble(sources: &Sources, excluded: &HashSet<PathBuf>) -> Vec<PathBuf> {
    // The network check first: a stat of a dead share can hang.
    let usable = |p: &PathBuf| !mounts::is_network_path(p, excluded) && p.is_dir();
    let user_folders: Vec<PathBuf> = sources.user_folders.iter().filter(|p| usable(p)).cloned().collect();
    let removable: Vec<PathBuf> = sources.removable.iter().filter(|p| usable(p)).cloned().collect();
    let parents = user_folders.iter().chain(&removable).chain(&sources.home).chain(&sources.eds_parents);
    let eds: Vec<PathBuf> = parents.filter(|p| usable(p)).flat_map(|p| eds_folders(p)).collect();
    let mut out: Vec<PathBuf> = Vec::new();
    for root in eds.into_iter().chain(removable).chain(user_folders) {
        if !out.contains(&root) {
            out.push(root);
        }
    }
    out
}

/// Folders directly under `parent` named like an EDS folder (not links).
fn eds_folders(parent: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = subdirs(parent)
        .into_iter()
        .filter(|p| p.file_name().is_some_and(|n| is_eds_folder_name(&n.to_string_lossy())))
        .collect();
    out.sort();
    out
}

/// The folders directly under `parent`, links excluded, sorted.
fn subdirs(parent: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(parent) else { return Vec::new() };
    let mut out: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir() && !t.is_symlink()))
        .map(|e| e.path())
        .collect();
    out.sort();
    out
}

/// Linux and macOS: `HOME`, its Desktop/Downloads/Documents and the XDG user dirs, and the
/// mounted volumes found under `media_parents`.
pub(super) fn unix_sources(
    platform: Platform,
    env: &dyn Fn(&str) -> Option<OsString>,
    media_parents: &[PathBuf],
) -> Sources {
    let home = env("HOME").map(PathBuf::from);
    let mut user_folders = Vec::new();
    if let Some(home) = &home {
        user_folders.extend(["Desktop", "Downloads", "Documents"].map(|d| home.join(d)));
        if platform == Platform::Linux {
            let config = env("XDG_CONFIG_HOME").map_or_else(|| home.join(".config"), PathBuf::from);
            if let Ok(text) = fs::read_to_string(config.join("user-dirs.dirs")) {
                user_folders.extend(parse_user_dirs(&text, home));
            }
        }
    }
    let removable = media_parents.iter().flat_map(|p| subdirs(p)).collect();
    Sources { home, user_folders, removable, eds_parents: Vec::new() }
}

/// Where removable media are mounted: `/media/$USER`, `/run/media/$USER` (udisks2), or
/// `/Volumes` on macOS.
fn media_parents(platform: Platform, env: &dyn Fn(&str) -> Option<OsString>) -> Vec<PathBuf> {
    if platform == Platform::MacOs {
        return vec![PathBuf::from("/Volumes")];
    }
    let user = env("USER")
        .or_else(|| env("LOGNAME"))
        .or_else(|| env("HOME").and_then(|h| PathBuf::from(h).file_name().map(ToOwned::to_owned)));
    user.map(|u| vec![Path::new("/media").join(&u), Path::new("/run/media").join(&u)]).unwrap_or_default()
}

/// The Desktop, Download and Documents entries of `~/.config/user-dirs.dirs`
/// (`XDG_DESKTOP_DIR="$HOME/Рабочий стол"`). Entries equal to the home folder are left out.
pub(super) fn parse_user_dirs(text: &str, home: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for line in text.lines() {
        let Some((key, value)) = line.trim().split_once('=') else { continue };
        if !matches!(key.trim(), "XDG_DESKTOP_DIR" | "XDG_DOWNLOAD_DIR" | "XDG_DOCUMENTS_DIR") {
            continue;
        }
        let value = value.trim().trim_matches('"');
        let path = if let Some(rest) = value.strip_prefix("$HOME") {
            let rest = rest.trim_start_matches('/');
            if rest.is_empty() {
                continue;
            }
            home.join(rest)
        } else if value.starts_with('/') {
            PathBuf::from(value)
        } else {
            continue;
        };
        if path != home {
            out.push(path);
        }
    }
    out
}

/// The user folders of Windows from the environment: under `USERPROFILE` and OneDrive.
pub(super) fn windows_user_folders(env: &dyn Fn(&str) -> Option<OsString>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let profile = env("USERPROFILE").map(PathBuf::from).or_else(|| {
        let mut drive = env("HOMEDRIVE")?;
        drive.push(env("HOMEPATH")?);
        Some(PathBuf::from(drive))
    });
    if let Some(profile) = &profile {
        out.extend(["Desktop", "Downloads", "Documents"].map(|d| profile.join(d)));
    }
    for var in ["OneDrive", "OneDriveConsumer", "OneDriveCommercial"] {
        if let Some(one_drive) = env(var).map(PathBuf::from) {
            out.extend(["Desktop", "Documents"].map(|d| one_drive.join(d)));
        }
    }
    out
}

/// `%USERPROFILE%\Desktop` → `C:\Users\U\Desktop`; unknown variables are left as they are.
#[cfg_attr(not(windows), allow(dead_code))] // used on Windows, tested everywhere
pub(super) fn expand_env(value: &str, env: &dyn Fn(&str) -> Option<OsString>) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(start) = rest.find('%') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let Some(end) = after.find('%') else {
            out.push('%');
            rest = after;
            continue;
        };
        let name = &after[..end];
        if let Some(v) = env(name).filter(|_| !name.is_empty()) {
            out.push_str(&v.to_string_lossy());
        } else {
            out.push('%');
            out.push_str(name);
            out.push('%');
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(windows)]
fn windows_sources(env: &dyn Fn(&str) -> Option<OsString>) -> Sources {
    use crate::environment::windows::{Hive, View, string};
    use mounts::win;

    const SHELL_FOLDERS: &str = r"Software\Microsoft\Windows\CurrentVersion\Explorer\User Shell Folders";
    let mut user_folders = windows_user_folders(env);
    // Desktop, Documents ("Personal") and Downloads where the user or a policy moved them.
    for name in ["Desktop", "Personal", "{374DE290-123F-4565-9164-39C4925E467B}"] {
        if let Some(value) = string(Hive::CurrentUser, SHELL_FOLDERS, name, View::Native) {
            user_folders.push(PathBuf::from(expand_env(&value, env)));
        }
    }
    let home = env("USERPROFILE").map(PathBuf::from);
    let mut removable = Vec::new();
    let mut eds_parents = Vec::new();
    // A: and B: are floppy letters: asking them can stall.
    for letter in win::drive_letters().into_iter().filter(|&l| l >= 'C') {
        let root = PathBuf::from(format!("{letter}:\\"));
        match win::drive_type(letter) {
            win::DRIVE_REMOVABLE if win::has_volume(letter) => removable.push(root),
            win::DRIVE_FIXED => eds_parents.push(root),
            _ => {}
        }
    }
    Sources { home, user_folders, removable, eds_parents }
}

#[cfg(not(windows))]
fn windows_sources(env: &dyn Fn(&str) -> Option<OsString>) -> Sources {
    let home = env("USERPROFILE").map(PathBuf::from);
    Sources { home, user_folders: windows_user_folders(env), ..Sources::default() }
}
