//! Linux and other Unix: the browser commands on PATH, asked `--version` in parallel; Flatpak
//! browsers by their exported launchers, with the version from their installed files; the default
//! from `xdg-settings` (else `xdg-mime`).

use std::collections::HashSet;
use std::io::Read as _;
use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc;
use std::time::Instant;

use super::parse::{
    browser_from_desktop_id, ini_value, metainfo_release_version, parse_version_output, parse_xdg_output,
};
use super::{Channel, DefaultHint, Entry, Identity, Product, finish, soft_deadline};
use crate::environment::formats::file_bits;
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

/// Flathub apps of the browsers, by the name of their exported launcher (the app id). The
/// launcher is a script running `flatpak run`, which builds a sandbox first (slow, and it may
/// start the browser itself): it is never run; the version comes from the installed files.
const FLATPAK_APPS: &[(&str, Product, Channel)] = &[
    ("org.mozilla.firefox", Product::Firefox, Channel::Stable),
    ("com.google.Chrome", Product::Chrome, Channel::Stable),
    ("org.chromium.Chromium", Product::Chromium, Channel::Stable),
    ("com.microsoft.Edge", Product::Edge, Channel::Stable),
    ("com.yandex.Browser", Product::Yandex, Channel::Stable),
    ("com.opera.Opera", Product::Opera, Channel::Stable),
    ("com.brave.Browser", Product::Brave, Channel::Stable),
];

/// Folders searched after PATH: a program started from a desktop menu may have a short PATH.
const USUAL_DIRS: &[&str] = &["/usr/local/bin", "/usr/bin", "/bin", "/snap/bin", "/var/lib/flatpak/exports/bin"];

/// Installed files larger than this (an `application.ini`, a metainfo) are not read whole.
const MAX_TEXT: u64 = 1 << 20;

pub(super) fn detect(deadline: Instant) -> Vec<super::Browser> {
    let mut dirs: Vec<PathBuf> =
        std::env::var_os("PATH").map(|p| std::env::split_paths(&p).collect()).unwrap_or_default();
    // The user's Flatpak installation: `$XDG_DATA_HOME/flatpak`, by default `~/.local/share/flatpak`.
    let data_home = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".local/share")));
    let user_flatpak = data_home.map(|d| d.join("flatpak/exports/bin"));
    for dir in USUAL_DIRS.iter().map(PathBuf::from).chain(user_flatpak) {
        if !dirs.contains(&dir) {
            dirs.push(dir);
        }
    }
    detect_in(&dirs, deadline)
}

/// A browser command found on the search path.
struct Found {
    identity: Identity,
    path: PathBuf,
    /// The Flatpak app id, for an exported Flatpak launcher (not run).
    flatpak: Option<&'static str>,
}

enum Answer {
    Version(usize, Option<Captured>),
    Default(Option<Identity>),
}

/// [`detect`] with the search path given: every known command found in `dirs` (nothing else is
/// run) is asked `--version` in its own thread, and `xdg-settings` (found in `dirs` too) for the
/// default, all stopped before `deadline`. A browser that does not answer in time is listed
/// without a version (it is installed; only its version is unknown). Flatpak launchers found in
/// `dirs` are not run: their versions are read from their installations while there is time.
pub(super) fn detect_in(dirs: &[PathBuf], deadline: Instant) -> Vec<super::Browser> {
    let soft = soft_deadline(deadline);
    let mut found: Vec<Found> = Vec::new();
    let mut seen: HashSet<(PathBuf, Identity)> = HashSet::new();
    let commands = COMMANDS.iter().map(|&(command, product, channel)| (command, product, channel, false));
    let flatpaks = FLATPAK_APPS.iter().map(|&(id, product, channel)| (id, product, channel, true));
    for (command, product, channel, flatpak) in commands.chain(flatpaks) {
        let Some(path) = find_in(dirs, command) else { continue };
        let identity = Identity { product, channel };
        // Links to one program (google-chrome → google-chrome-stable) are one browser; Snap's
        // links all lead to `snap` itself, hence the identity in the key.
        let real = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        if seen.insert((real, identity)) {
            found.push(Found { identity, path, flatpak: flatpak.then_some(command) });
        }
    }

    let (tx, rx) = mpsc::channel();
    let mut expected = 0;
    let time_left = Instant::now() < soft;
    if time_left {
        for (i, f) in found.iter().enumerate().filter(|(_, f)| f.flatpak.is_none()) {
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
            if Instant::now() < soft {
                match f.flatpak {
                    Some(id) => entry.browser.version = flatpak_version(&f.path, id, soft),
                    None => entry.browser.bits = bits_of(&f.path),
                }
            }
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
    file_bits(&real)
}

/// The folders a Flatpak launcher may have been deployed from (`…/app/<id>/current/active`):
/// where its link leads (`…/active/export/bin/<id>`), and the one beside the `exports/bin` it
/// was found in.
fn flatpak_deployments(launcher: &Path, id: &str) -> Vec<PathBuf> {
    let mut deployments = Vec::new();
    if let Ok(real) = std::fs::canonicalize(launcher)
        && real.ends_with(Path::new("export/bin").join(id))
        && let Some(deployment) = real.ancestors().nth(3)
    {
        deployments.push(deployment.to_path_buf());
    }
    if let Some(dir) = launcher.parent()
        && dir.ends_with("exports/bin")
        && let Some(installation) = dir.ancestors().nth(2)
    {
        let deployment = installation.join("app").join(id).join("current/active");
        if !deployments.contains(&deployment) {
            deployments.push(deployment);
        }
    }
    deployments
}

/// The version of the Flatpak app `id` exported as `launcher`, from its installed files, each
/// read only before `deadline`: the `[App] Version` of an `application.ini` in `files/lib/*/`
/// (Firefox: what it says in its About box), else the newest release in its AppStream metainfo.
/// (The deployment's `metadata` names the app and its runtime, never its version.)
fn flatpak_version(launcher: &Path, id: &str, deadline: Instant) -> Option<String> {
    let time_left = || Instant::now() < deadline;
    for deployment in flatpak_deployments(launcher, id) {
        let files = deployment.join("files");
        if let Ok(libs) = std::fs::read_dir(files.join("lib")) {
            for lib in libs.filter_map(Result::ok).take(256) {
                if !time_left() {
                    return None;
                }
                let version = read_text(&lib.path().join("application.ini"))
                    .and_then(|ini| ini_value(&ini, "App", "Version"))
                    .filter(|v| v.starts_with(|c: char| c.is_ascii_digit()));
                if version.is_some() {
                    return version;
                }
            }
        }
        for (folder, suffix) in [("metainfo", "metainfo"), ("metainfo", "appdata"), ("appdata", "appdata")] {
            if !time_left() {
                return None;
            }
            let path = files.join("share").join(folder).join(format!("{id}.{suffix}.xml"));
            if let Some(version) = read_text(&path).as_deref().and_then(metainfo_release_version) {
                return Some(version);
            }
        }
    }
    None
}

/// A small text file (at most [`MAX_TEXT`] bytes of it).
fn read_text(path: &Path) -> Option<String> {
    let mut text = String::new();
    std::fs::File::open(path).ok()?.take(MAX_TEXT).read_to_string(&mut text).ok()?;
    Some(text)
}
