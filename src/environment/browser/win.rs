//! Windows: the registry and the well-known folders; versions from the executables' version
//! resources. No browser is ever started.

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::parse::{
    VersionInfo, browser_from_prog_id, classify_executable, exe_from_command, executable_bits, expand_env,
    version_from_info, windows_known_paths,
};
use super::{Browser, DefaultHint, Entry, finish, path_key, read_header, soft_deadline};
use crate::environment::windows::{Hive, View, file_version, string, subkeys};

const START_MENU: &str = r"SOFTWARE\Clients\StartMenuInternet";
const APP_PATHS: &str = r"SOFTWARE\Microsoft\Windows\CurrentVersion\App Paths";
/// The App Paths entries of browsers (`browser.exe` is Yandex's, `launcher.exe` Opera's: both
/// are kept only when they turn out to be those browsers).
const APP_EXES: &[&str] = &[
    "chrome.exe",
    "msedge.exe",
    "firefox.exe",
    "browser.exe",
    "opera.exe",
    "launcher.exe",
    "iexplore.exe",
    "brave.exe",
    "vivaldi.exe",
];
/// Every place to look: both hives, and both registry views of each.
const ROOTS: [(Hive, View); 4] = [
    (Hive::LocalMachine, View::Wow64),
    (Hive::LocalMachine, View::Wow32),
    (Hive::CurrentUser, View::Wow64),
    (Hive::CurrentUser, View::Wow32),
];

/// A program that may be a browser.
struct Candidate {
    path: PathBuf,
    /// Registered as a web browser (StartMenuInternet, or the default handler): kept even when
    /// it is none we know, under its own product name.
    registered: bool,
    /// The StartMenuInternet entry's display name.
    label: Option<String>,
}

pub(super) fn detect(deadline: Instant) -> Vec<Browser> {
    let soft = soft_deadline(deadline);
    let hint = default_browser();
    let mut candidates: Vec<Candidate> = Vec::new();
    let mut add = |path: String, registered: bool, label: Option<String>| {
        let path = PathBuf::from(expand(&path));
        let key = path_key(&path);
        if let Some(c) = candidates.iter_mut().find(|c| path_key(&c.path) == key) {
            c.registered |= registered;
            c.label = c.label.take().or(label);
        } else if path.is_file() {
            candidates.push(Candidate { path, registered, label });
        }
    };
    for (hive, view) in ROOTS {
        for client in subkeys(hive, START_MENU, view) {
            let key = format!(r"{START_MENU}\{client}");
            let Some(exe) =
                string(hive, &format!(r"{key}\shell\open\command"), "", view).as_deref().and_then(exe_from_command)
            else {
                continue;
            };
            let label = string(hive, &key, "", view).filter(|l| !l.trim().is_empty()).or(Some(client));
            add(exe, true, label);
        }
    }
    if let Some(path) = hint.as_ref().and_then(|h| h.path.as_ref()) {
        add(path.to_string_lossy().into_owned(), true, None);
    }
    for (hive, view) in ROOTS {
        for exe in APP_EXES {
            if let Some(path) =
                string(hive, &format!(r"{APP_PATHS}\{exe}"), "", view).as_deref().and_then(exe_from_command)
            {
                add(path, false, None);
            }
        }
    }
    for path in windows_known_paths(|name| std::env::var(name).ok()) {
        add(path, false, None);
    }

    let entries: Vec<Entry> = candidates.iter().filter_map(|c| entry(c, soft)).collect();
    finish(entries, hint.as_ref())
}

/// What a candidate is: its version resource (read while there is time), identity and bitness.
fn entry(candidate: &Candidate, deadline: Instant) -> Option<Entry> {
    let info = if Instant::now() < deadline { file_version(&candidate.path) } else { None };
    let info = info.map(|f| VersionInfo {
        product_name: f.product_name,
        product_version: f.product_version,
        file_version: f.file_version,
        fixed_version: f.fixed_version,
    });
    let product_name = info.as_ref().and_then(|i| i.product_name.clone()).filter(|n| !n.trim().is_empty());
    let (identity, name) = match classify_executable(&candidate.path.to_string_lossy(), product_name.as_deref()) {
        Some(known) => known,
        None if candidate.registered => {
            let name = product_name
                .or_else(|| candidate.label.clone())
                .or_else(|| candidate.path.file_stem().map(|s| s.to_string_lossy().into_owned()))?;
            (None, name)
        }
        None => return None,
    };
    let mut entry = Entry::new(identity, name, Some(candidate.path.clone()));
    entry.browser.version = info.as_ref().and_then(version_from_info);
    entry.browser.bits = read_header(&candidate.path).as_deref().and_then(executable_bits);
    Some(entry)
}

/// The default browser: the UserChoice ProgId of https (else http), and the program its
/// `shell\open\command` starts.
fn default_browser() -> Option<DefaultHint> {
    const CHOICE: &str = r"Software\Microsoft\Windows\Shell\Associations\UrlAssociations";
    let prog_id = ["https", "http"].into_iter().find_map(|scheme| {
        string(Hive::CurrentUser, &format!(r"{CHOICE}\{scheme}\UserChoice"), "ProgId", View::Native)
            .map(|p| p.trim().to_owned())
            .filter(|p| !p.is_empty())
    })?;
    let command_key = format!(r"Software\Classes\{prog_id}\shell\open\command");
    let path = [Hive::CurrentUser, Hive::LocalMachine]
        .into_iter()
        .find_map(|hive| string(hive, &command_key, "", View::Native))
        .as_deref()
        .and_then(exe_from_command)
        .map(|exe| PathBuf::from(expand(&exe)))
        .filter(|p| Path::is_file(p));
    Some(DefaultHint { identity: browser_from_prog_id(&prog_id), path })
}

fn expand(text: &str) -> String {
    expand_env(text, |name| std::env::var(name).ok())
}
