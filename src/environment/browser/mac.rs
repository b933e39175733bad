//! macOS: the known app bundles and their Info.plist; the default from LaunchServices.
//! (Compiled for tests everywhere: it needs nothing of macOS but its folders.)

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc;
use std::time::Instant;

use super::parse::{browser_from_bundle_id, browser_from_bundle_name, default_from_ls_handlers, plist_string};
use super::{Browser, DefaultHint, Entry, finish, soft_deadline};
use crate::environment::process::output_until;

/// Info.plist files larger than this are not browsers' (and not read).
const MAX_PLIST: u64 = 1 << 20;

#[cfg(target_os = "macos")]
pub(super) fn detect(deadline: Instant) -> Vec<Browser> {
    let mut dirs = vec![PathBuf::from("/Applications")];
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(Path::new(&home).join("Applications"));
    }
    let mut defaults = Command::new("/usr/bin/defaults");
    defaults.args(["read", "com.apple.LaunchServices/com.apple.launchservices.secure", "LSHandlers"]);
    detect_in(&dirs, Some(defaults), deadline)
}

/// [`detect`] with the folders and the LaunchServices command given: the bundles of `dirs` that
/// are known browsers (by `CFBundleIdentifier`, else by bundle name), with the version of their
/// XML Info.plist (`None` for binary ones); `handlers` (run in parallel, stopped before
/// `deadline`) prints the `LSHandlers` list.
pub(super) fn detect_in(dirs: &[PathBuf], handlers: Option<Command>, deadline: Instant) -> Vec<Browser> {
    let soft = soft_deadline(deadline);
    let (tx, rx) = mpsc::channel();
    let asked = handlers.filter(|_| Instant::now() < soft).is_some_and(|cmd| {
        std::thread::Builder::new()
            .name("probe-browser-default".into())
            .spawn(move || {
                let _ = tx.send(output_until(cmd, soft));
            })
            .is_ok()
    });

    let mut entries = Vec::new();
    for dir in dirs {
        let Ok(read) = std::fs::read_dir(dir) else { continue };
        let mut apps: Vec<PathBuf> = read
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("app")))
            .collect();
        apps.sort();
        for app in apps {
            let plist = if Instant::now() < soft { read_plist(&app) } else { None };
            let bundle_name = app.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let identity = plist
                .as_deref()
                .and_then(|p| plist_string(p, "CFBundleIdentifier"))
                .and_then(|id| browser_from_bundle_id(&id))
                .or_else(|| browser_from_bundle_name(&bundle_name));
            let Some(identity) = identity else { continue };
            let mut entry = Entry::new(Some(identity), identity.name(), Some(app));
            entry.browser.version = plist.as_deref().and_then(|p| plist_string(p, "CFBundleShortVersionString"));
            entries.push(entry);
        }
    }

    let hint = if asked {
        match rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(Ok(captured)) => default_from_ls_handlers(&captured.stdout),
            _ => None,
        }
    } else {
        None
    };
    let hint = hint.map(|identity| DefaultHint { identity: Some(identity), path: None });
    finish(entries, hint.as_ref())
}

/// The text of an app's XML Info.plist (`None` for a binary one).
fn read_plist(app: &Path) -> Option<String> {
    let path = app.join("Contents").join("Info.plist");
    if std::fs::metadata(&path).ok()?.len() > MAX_PLIST {
        return None;
    }
    std::fs::read_to_string(path).ok()
}
