//! Web browsers: every installed one with its version, and which is the default.
//!
//! - **Windows**: the registry (`Clients\StartMenuInternet`, `App Paths`, both hives and both
//!   views) and the well-known install folders; the version from the executable's version
//!   resource, the bitness from its PE header (each file read only while there is time; after
//!   that the browsers found are listed without them). No browser is ever started. The default
//!   is the ProgId of https (else http) in `UserChoiceLatest` (Windows 11 24H2 and later), else in
//!   `UserChoice`, resolved to its program where the registry says it. Internet Explorer is not
//!   listed on Windows 11 (build 22000 and later), where `iexplore.exe` only opens Edge.
//! - **Linux** (and other Unix): the browser commands on PATH, each asked `--version` in its own
//!   thread, all stopped before the deadline (one that does not answer in time is still listed,
//!   without a version); Flatpak browsers by their exported launchers (never run: `flatpak run`
//!   is slow), the version from their installed files; the default from `xdg-settings` (else
//!   `xdg-mime`).
//! - **macOS**: the known app bundles in `/Applications` and `~/Applications`, the version from
//!   their XML Info.plist; the default from LaunchServices' `LSHandlers` (Safari when unset).
//!
//! Names are canonical ("Google Chrome", "Microsoft Edge", "Mozilla Firefox", "Yandex Browser",
//! "Opera", "Opera GX", "Chromium", "Internet Explorer", "Brave", "Vivaldi", "Safari"), with the
//! channel appended for pre-release ones ("Google Chrome Beta", "Mozilla Firefox Nightly").
//! Browsers the registry lists that we do not know keep their own product name.

#[cfg(all(unix, not(target_os = "macos")))]
mod linux;
#[cfg(any(target_os = "macos", test))]
mod mac;
pub mod parse;
#[cfg(test)]
mod tests;
#[cfg(windows)]
mod win;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::Serialize;

/// One installed browser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Browser {
    /// "Google Chrome", "Microsoft Edge", "Mozilla Firefox", "Yandex Browser", "Opera",
    /// "Chromium", "Internet Explorer"…
    pub name: String,
    /// As the browser reports it: "131.0.6778.86".
    pub version: Option<String>,
    /// The executable (or app bundle on macOS).
    pub path: Option<PathBuf>,
    /// Whether it opens http/https links by default.
    pub default: bool,
    /// 32 or 64, where known.
    pub bits: Option<u8>,
}

/// The browsers we know by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Product {
    Chrome,
    Edge,
    Firefox,
    Yandex,
    Opera,
    OperaGx,
    Chromium,
    InternetExplorer,
    Brave,
    Vivaldi,
    Safari,
}

impl Product {
    /// The canonical name: "Google Chrome", "Mozilla Firefox"…
    pub fn name(self) -> &'static str {
        match self {
            Self::Chrome => "Google Chrome",
            Self::Edge => "Microsoft Edge",
            Self::Firefox => "Mozilla Firefox",
            Self::Yandex => "Yandex Browser",
            Self::Opera => "Opera",
            Self::OperaGx => "Opera GX",
            Self::Chromium => "Chromium",
            Self::InternetExplorer => "Internet Explorer",
            Self::Brave => "Brave",
            Self::Vivaldi => "Vivaldi",
            Self::Safari => "Safari",
        }
    }
}

/// A release channel: side-by-side installs of one browser differ by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Channel {
    Stable,
    Beta,
    /// Dev, Unstable, Developer Edition (Firefox), Developer (Opera).
    Dev,
    /// Canary (Chrome and Edge "SxS").
    Canary,
    Nightly,
}

/// A browser and its channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Identity {
    pub product: Product,
    pub channel: Channel,
}

impl Identity {
    pub const fn stable(product: Product) -> Self {
        Self { product, channel: Channel::Stable }
    }

    /// "Google Chrome", "Google Chrome Beta", "Mozilla Firefox Developer Edition", "Opera Developer".
    pub fn name(self) -> String {
        let base = self.product.name();
        let suffix = match (self.channel, self.product) {
            (Channel::Stable, _) => return base.to_owned(),
            (Channel::Beta, _) => "Beta",
            (Channel::Dev, Product::Firefox) => "Developer Edition",
            (Channel::Dev, Product::Opera) => "Developer",
            (Channel::Dev, _) => "Dev",
            (Channel::Canary, _) => "Canary",
            (Channel::Nightly, _) => "Nightly",
        };
        format!("{base} {suffix}")
    }
}

/// The line for the support request: `Google Chrome 131.0.6778.86 (64-bit)`,
/// `Mozilla Firefox 128.0`, or only the name when the version is unknown (the bitness is still
/// added when known: `Opera (64-bit)`).
pub fn describe(b: &Browser) -> String {
    let mut line = b.name.clone();
    if let Some(version) = b.version.as_deref().filter(|v| !v.is_empty()) {
        line.push(' ');
        line.push_str(version);
    }
    if let Some(bits) = b.bits {
        let _ = write!(line, " ({bits}-bit)");
    }
    line
}

/// Finds the installed browsers, the default first, then by name; programs started to ask are
/// stopped a little before `deadline` (so the answer is ready by then), and the answer comes by
/// `deadline` even when some did not reply (those are listed without a version).
pub fn detect(deadline: Instant) -> Vec<Browser> {
    #[cfg(windows)]
    return win::detect(deadline);
    #[cfg(target_os = "macos")]
    return mac::detect(deadline);
    #[cfg(all(unix, not(target_os = "macos")))]
    return linux::detect(deadline);
    #[cfg(not(any(unix, windows)))]
    {
        let _ = deadline;
        Vec::new()
    }
}

/// A browser while it is being found: with what we know of its identity.
#[derive(Debug, Clone)]
struct Entry {
    identity: Option<Identity>,
    browser: Browser,
}

impl Entry {
    fn new(identity: Option<Identity>, name: String, path: Option<PathBuf>) -> Self {
        Self { identity, browser: Browser { name, version: None, path, default: false, bits: None } }
    }
}

/// What the platform says about the default browser: its program, its identity, or both.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct DefaultHint {
    identity: Option<Identity>,
    path: Option<PathBuf>,
}

/// The final list: duplicates (same name and version, e.g. `google-chrome` and
/// `google-chrome-stable`, or iexplore.exe in both Program Files) merged, exactly one default
/// when it is known, the default first and then by name.
///
/// The default is the entry whose program is the hint's; else the first of the hint's identity;
/// else (a default browser we did not find, such as the legacy Edge app) a new entry of that
/// identity without a version.
fn finish(entries: Vec<Entry>, hint: Option<&DefaultHint>) -> Vec<Browser> {
    let mut merged: Vec<Entry> = Vec::new();
    for entry in entries {
        let same = merged
            .iter_mut()
            .find(|m| m.browser.name == entry.browser.name && m.browser.version == entry.browser.version);
        match same {
            Some(m) => {
                m.browser.path = m.browser.path.take().or(entry.browser.path);
                m.browser.bits = m.browser.bits.or(entry.browser.bits);
                m.identity = m.identity.or(entry.identity);
            }
            None => merged.push(entry),
        }
    }
    for m in &mut merged {
        m.browser.default = false;
    }
    if let Some(hint) = hint {
        let by_path = hint.path.as_deref().and_then(|p| {
            let key = path_key(p);
            merged.iter().position(|m| m.browser.path.as_deref().is_some_and(|q| path_key(q) == key))
        });
        let by_identity = || hint.identity.and_then(|id| merged.iter().position(|m| m.identity == Some(id)));
        match by_path.or_else(by_identity) {
            Some(i) => merged[i].browser.default = true,
            None => {
                if let Some(id) = hint.identity {
                    let mut entry = Entry::new(Some(id), id.name(), hint.path.clone());
                    entry.browser.default = true;
                    merged.push(entry);
                }
            }
        }
    }
    let mut browsers: Vec<Browser> = merged.into_iter().map(|m| m.browser).collect();
    browsers.sort_by(|a, b| b.default.cmp(&a.default).then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase())));
    browsers
}

/// Paths compared the way the platform does (case-insensitively on Windows).
fn path_key(path: &Path) -> String {
    let text = path.to_string_lossy();
    if cfg!(windows) { text.replace('/', "\\").to_lowercase() } else { text.into_owned() }
}

use super::answer_by as soft_deadline;
