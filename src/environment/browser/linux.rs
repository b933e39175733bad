//! Linux and other Unix: the browser commands on PATH, asked `--version` in parallel; the default
//! from `xdg-settings` (else `xdg-mime`).

use std::collections::HashSet;
use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc;
use std::time::Instant;

use super::parse::{browser_from_desktop_id, executable_bits, parse_version_output, parse_xdg_output};
use super::{Channel, DefaultHint, Entry, Identity, Product, finish, read_header, soft_deadline};
use crate::environment::process::{Captured, output_until};

/// The commands browsers install, and which browser each is. Several may start one browser
/// (`google-chrome` and `google-chrome-stable`); it is asked once and listed once.
const COMMANDS: &[(&str, Product, Channel)] = &[
    ("google-chrome", Product::Chrome, Channel::Stable),
    ("google-chrome-stable", Product::Chrome, Channel::Stable),
    ("google-chrome-beta", Product::Chrome, Channel::Beta),
    ("google-chrome-unstable", Product::Chrome, Channel::Dev),
    ("chromium", Product::Chromium, Channel::Stable),
    ("chromium-browser", Product::Chromium, Channel::Stable),
    ("firefox", Product::Firefox, Channel::Stable),
    ("firefox-esr", Product::Firefox, Channel::Stable),
    ("microsoft-edge", Product::Edge, Channel::Stable),
    ("microsoft-edge-stable", Product::Edge, Channel::Stable),
    ("microsoft-edge-beta", Product::Edge, Channel::Beta),
    ("microsoft-edge-dev", Product::Edge, Channel::Dev),
    ("yandex-browser", Product::Yandex, Channel::Stable),
    ("yandex-browser-stable", Product::Yandex, Channel::Stable),
    ("yandex-browser-beta", Product::Yandex, Channel::Beta),
    ("opera", Product::Opera, Channel::Stable),
    ("brave-browser", Product::Brave, Channel::Stable),
    ("brave-browser-stable", Product::Brave, Channel::Stable),
    ("vivaldi", Product::Vivaldi, Channel::Stable),
    ("vivaldi-stable", Product::Vivaldi, Channel::Stable),
];

/// Folders searched after PATH: a program started from a desktop menu may have a short PATH.
const USUAL_DIRS: &[&str] = &["/usr/local/bin", "/usr/bin", "/bin", "/snap/bin"];

pub(super) fn detect(deadline: Instant) -> Vec<super::Browser> {
    let mut dirs: Vec<PathBuf> =
        std::env::var_os("PATH").map(|p| std::env::split_paths(&p).collect()).unwrap_or_default();
    for dir in USUAL_DIRS {
        if !dirs.iter().any(|d| d == Path::new(dir)) {
            dirs.push(PathBuf::from(dir));
        }
    }
    detect_in(&dirs, deadline)
}

/// A browser command found on the search path.
struct Found {
    identity: Identity,
    path: PathBuf,
}

enum Answer {
    Version(usize, Option<Captured>),
    Default(Option<Identity>),
}

/// [`detect`] with the search path given: every known command found in `dirs` (nothing else is
/// run) is asked `--version` in its own thread, and `xdg-settings` (found in `dirs` too) for the
/// default, all stopped before `deadline`. A browser that does not answer in time is listed
/// without a version (it is installed; only its version is unknown).
pub(super) fn detect_in(dirs: &[PathBuf], deadline: Instant) -> Vec<super::Browser> {
    let soft = soft_deadline(deadline);
    let mut found: Vec<Found> = Vec::new();
    let mut seen: HashSet<(PathBuf, Identity)> = HashSet::new();
    for &(command, product, channel) in COMMANDS {
        let Some(path) = find_in(dirs, command) else { continue };
        let identity = Identity { product, channel };
        // Links to one program (google-chrome → google-chrome-stable) are one browser; Snap's
        // links all lead to `snap` itself, hence the identity in the key.
        let real = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        if seen.insert((real, identity)) {
            found.push(Found { identity, path });
        }
    }

    let (tx, rx) = mpsc::channel();
    let mut expected = 0;
    let time_left = Instant::now() < soft;
    if time_left {
        for (i, f) in found.iter().enumerate() {
            let tx = tx.clone();
            let mut cmd = Command::new(&f.path);
            cmd.arg("--version");
            let spawned = std::thread::Builder::new().name("probe-browser-version".into()).spawn(move || {
                let _ = tx.send(Answer::Version(i, output_until(cmd, soft).ok()));
            });
            expected += usize::from(spawned.is_ok());
        }
        let xdg_settings = find_in(dirs, "xdg-settings");
        let xdg_mime = find_in(dirs, "xdg-mime");
        if xdg_settings.is_some() || xdg_mime.is_some() {
            let tx = tx.clone();
            let spawned = std::thread::Builder::new().name("probe-browser-default".into()).spawn(move || {
                let _ = tx.send(Answer::Default(default_browser(xdg_settings, xdg_mime, soft)));
            });
            expected += usize::from(spawned.is_ok());
        }
    }
    drop(tx);

    let mut entries: Vec<Entry> = found
        .iter()
        .map(|f| {
            let mut entry = Entry::new(Some(f.identity), f.identity.name(), Some(f.path.clone()));
            entry.browser.bits = bits_of(&f.path);
            entry
        })
        .collect();
    let mut hint = None;
    for _ in 0..expected {
        let Ok(answer) = rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) else { break };
        match answer {
            Answer::Version(i, Some(captured)) => {
                let line = parse_version_output(&captured.stdout).or_else(|| parse_version_output(&captured.stderr));
                if let (Some(line), Some(entry)) = (line, entries.get_mut(i)) {
                    if let (Some(channel), Some(identity)) = (line.channel, entry.identity.as_mut())
                        && identity.channel == Channel::Stable
                    {
                        identity.channel = channel;
                        entry.browser.name = identity.name();
                    }
                    entry.browser.version = Some(line.version);
                }
            }
            Answer::Version(_, None) => {}
            Answer::Default(identity) => {
                hint = identity.map(|identity| DefaultHint { identity: Some(identity), path: None });
            }
        }
    }
    finish(entries, hint.as_ref())
}

/// The default browser: `xdg-settings get default-web-browser`, else the https (then http)
/// handler of `xdg-mime`.
fn default_browser(xdg_settings: Option<PathBuf>, xdg_mime: Option<PathBuf>, deadline: Instant) -> Option<Identity> {
    let ask = |program: &Path, args: &[&str]| {
        let mut cmd = Command::new(program);
        cmd.args(args);
        let captured = output_until(cmd, deadline).ok()?;
        parse_xdg_output(&captured.stdout).and_then(browser_from_desktop_id)
    };
    xdg_settings.and_then(|p| ask(&p, &["get", "default-web-browser"])).or_else(|| {
        let p = xdg_mime?;
        ask(&p, &["query", "default", "x-scheme-handler/https"])
            .or_else(|| ask(&p, &["query", "default", "x-scheme-handler/http"]))
    })
}

/// The first executable file called `name` in `dirs`.
fn find_in(dirs: &[PathBuf], name: &str) -> Option<PathBuf> {
    dirs.iter()
        .map(|dir| dir.join(name))
        .find(|path| std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0))
}

/// 32 or 64 from the ELF header of the program a command leads to; `None` for scripts (Chrome's
/// and Debian's Chromium's launchers) and for Snap's shared `snap` program.
fn bits_of(command: &Path) -> Option<u8> {
    let real = std::fs::canonicalize(command).ok()?;
    if real.file_name().is_some_and(|n| n == "snap") {
        return None;
    }
    executable_bits(&read_header(&real)?)
}
