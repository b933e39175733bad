//! Windows: the registry and the well-known folders; versions from the executables' version
//! resources. No browser is ever started. Internet Explorer is not listed on Windows 11, where its
//! `iexplore.exe` only opens Microsoft Edge.

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::parse::{
    SchemeChoice, browser_from_prog_id, chosen_prog_id, classify_executable, exe_from_command, expand_env,
    identify_executable, parse_build_number, usable_on_windows_build, version_from_info, windows_known_paths,
};
use super::{Browser, DefaultHint, Entry, Product, finish, path_key, soft_deadline};
use crate::environment::formats::file_bits;
use crate::environment::windows::{Hive, View, file_version, string, subkeys};

const START_MENU: &str = r"SOFTWARE\Clients\StartMenuInternet";
/// Where the user's choice of handler for each URL scheme is kept (in HKCU).
const URL_ASSOCIATIONS: &str = r"Software\Microsoft\Windows\Shell\Associations\UrlAssociations";
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
    detect_on(windows_build(), deadline)
}

/// [`detect`] as on the Windows build `build`.
pub(super) fn detect_on(build: Option<u32>, deadline: Instant) -> Vec<Browser> {
    let soft = soft_deadline(deadline);
    let hint = default_browser().map(|mut hint| {
        // Internet Explorer cannot be the default where it cannot be used at all.
        if hint.identity.is_some_and(|id| !usable_on_windows_build(id.product, build)) {
            hint.identity = None;
        }
        hint
    });
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

    let entries: Vec<Entry> = candidates.iter().filter_map(|c| entry(c, build, soft)).collect();
    finish(entries, hint.as_ref())
}

/// The Windows build (`CurrentBuildNumber`: 7601, 19045, 26100), `None` when unreadable.
pub(super) fn windows_build() -> Option<u32> {
    string(Hive::LocalMachine, r"SOFTWARE\Microsoft\Windows NT\CurrentVersion", "CurrentBuildNumber", View::Wow64)
        .as_deref()
        .and_then(parse_build_number)
}

/// What a candidate is: its identity, and its version resource and bitness when there is time to
/// read them (each file read only before `deadline`; after it the browser is listed with what is
/// known). `None` for a program that is no browser we list: unknown and unregistered, or Internet
/// Explorer on Windows 11 (see [`usable_on_windows_build`]).
fn entry(candidate: &Candidate, build: Option<u32>, deadline: Instant) -> Option<Entry> {
    let usable = |product: Product| usable_on_windows_build(product, build);
    let path = candidate.path.to_string_lossy();
    if identify_executable(&path, None).is_some_and(|id| !usable(id.product)) {
        return None;
    }
    let time_left = || Instant::now() < deadline;
    let info = if time_left() { file_version(&candidate.path) } else { None };
    let product_name = info.as_ref().and_then(|i| i.product_name.clone()).filter(|n| !n.trim().is_empty());
    let (identity, name) = match classify_executable(&path, product_name.as_deref()) {
        Some((Some(id), _)) if !usable(id.product) => return None,
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
    entry.browser.bits = if time_left() { file_bits(&candidate.path) } else { None };
    Some(entry)
}

/// What HKCU `<associations>\<scheme>` holds: the ProgIds of `UserChoiceLatest` (both layouts)
/// and of `UserChoice`.
fn scheme_choice(associations: &str, scheme: &str) -> SchemeChoice {
    let prog_id =
        |key: &str| string(Hive::CurrentUser, &format!(r"{associations}\{scheme}\{key}"), "ProgId", View::Native);
    SchemeChoice {
        latest_nested: prog_id(r"UserChoiceLatest\ProgId"),
        latest: prog_id("UserChoiceLatest"),
        legacy: prog_id("UserChoice"),
    }
}

/// The ProgId of the default browser under HKCU `associations` (see [`chosen_prog_id`]).
pub(super) fn user_choice(associations: &str) -> Option<String> {
    chosen_prog_id(&scheme_choice(associations, "https"), &scheme_choice(associations, "http"))
}

/// The default browser: the chosen ProgId of https (else http; see [`chosen_prog_id`]), and the
/// program its `shell\open\command` starts.
fn default_browser() -> Option<DefaultHint> {
    let prog_id = user_choice(URL_ASSOCIATIONS)?;
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
