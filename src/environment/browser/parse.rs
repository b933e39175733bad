//! Pure parsers of what the platforms tell about browsers: `--version` lines, `.desktop` ids,
//! Flatpak apps' `application.ini` and metainfo, Windows URL choices, ProgIds, builds and version
//! resources, macOS bundle ids and property lists, executable headers. Platform-independent, so every one is tested everywhere.

use super::{Channel, Identity, Product};

// ------------------------------------------------------------------------------------------
// `--version` output (Linux)

/// A `--version` line: `Google Chrome 131.0.6778.85`, `Chromium 131.0.6778.85 built on Debian…`,
/// `Mozilla Firefox 128.0b3`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionLine {
    /// The words before the version ("Google Chrome"); empty when only the number is printed.
    pub product: String,
    /// The version as printed ("81.0.4044.138", "74.0a1", "128.5.0esr").
    pub version: String,
    /// A channel word right after the version ("beta", "dev", "unstable", "canary"), if any.
    pub channel: Option<Channel>,
}

/// The first line of `text` that holds a version. Trailing spaces and words after the version
/// ("built on Debian GNU/Linux 13 (trixie)", "stable") are dropped.
pub fn parse_version_output(text: &str) -> Option<VersionLine> {
    text.lines().find_map(|line| {
        let words: Vec<&str> = line.split_whitespace().collect();
        let at = words.iter().position(|w| is_version(w))?;
        Some(VersionLine {
            product: words[..at].join(" "),
            version: words[at].to_owned(),
            channel: words.get(at + 1).and_then(|w| channel_word(w)),
        })
    })
}

/// `120.0.6099.224`, `73.0b12`, `128.5.0esr`: starts with a digit, has a dot, nothing but letters,
/// digits and dots. (Not `12:34:56.789:` of a GTK warning, nor a lone `13`.)
fn is_version(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_digit())
        && word.contains('.')
        && !word.ends_with('.')
        && word.chars().all(|c| c.is_ascii_alphanumeric() || c == '.')
}

/// A release channel named by one word (any case); `None` for "stable" and everything else.
fn channel_word(word: &str) -> Option<Channel> {
    match word.to_ascii_lowercase().as_str() {
        "beta" => Some(Channel::Beta),
        "dev" | "developer" | "devedition" | "unstable" | "snapshot" => Some(Channel::Dev),
        "canary" | "sxs" => Some(Channel::Canary),
        "nightly" => Some(Channel::Nightly),
        _ => None,
    }
}

/// The first channel word among `words`, else stable.
fn channel_of<'a>(words: impl IntoIterator<Item = &'a str>) -> Channel {
    words.into_iter().find_map(channel_word).unwrap_or(Channel::Stable)
}

/// Lower-case words of `text`, split at everything that is not a letter or digit.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

// ------------------------------------------------------------------------------------------
// Default browser on Linux: `xdg-settings get default-web-browser`, `xdg-mime query default …`

/// The `.desktop` id printed by `xdg-settings`/`xdg-mime`: the first non-empty line, if it is
/// one word ending in `.desktop` (an error message is not).
pub fn parse_xdg_output(text: &str) -> Option<&str> {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    (line.len() > ".desktop".len() && line.ends_with(".desktop") && !line.contains(char::is_whitespace)).then_some(line)
}

/// The browser of a `.desktop` id: `firefox.desktop`, `firefox-esr.desktop`,
/// `org.mozilla.firefox.desktop` (Flatpak), `firefox_firefox.desktop` (Snap),
/// `google-chrome-beta.desktop`, `com.google.Chrome.desktop`, `chromium-browser.desktop`,
/// `microsoft-edge-dev.desktop`, `yandex-browser.desktop`, `brave-browser.desktop`,
/// `vivaldi-stable.desktop`…
pub fn browser_from_desktop_id(id: &str) -> Option<Identity> {
    let id = id.trim();
    let stem = id.strip_suffix(".desktop").unwrap_or(id);
    let words = words(stem);
    let has = |w: &str| words.iter().any(|x| x == w);
    let product = if has("firefox") {
        Product::Firefox
    } else if has("chromium") {
        Product::Chromium
    } else if has("chrome") {
        Product::Chrome
    } else if has("edge") {
        Product::Edge
    } else if has("yandex") {
        Product::Yandex
    } else if has("opera") {
        if has("gx") { Product::OperaGx } else { Product::Opera }
    } else if has("brave") {
        Product::Brave
    } else if has("vivaldi") {
        Product::Vivaldi
    } else {
        return None;
    };
    Some(Identity { product, channel: channel_of(words.iter().map(String::as_str)) })
}

// ------------------------------------------------------------------------------------------
// Flatpak (Linux): what the installed files of an app say about its version

/// The value of `key` in `[section]` of an INI text (Firefox's `application.ini`: `[App]`,
/// `Version=128.0`); names compared in any case, `None` when absent or empty.
pub fn ini_value(text: &str, section: &str, key: &str) -> Option<String> {
    let mut inside = false;
    for line in text.trim_start_matches('\u{feff}').lines().map(str::trim) {
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            inside = name.trim().eq_ignore_ascii_case(section);
        } else if inside
            && let Some((name, value)) = line.split_once('=')
            && name.trim().eq_ignore_ascii_case(key)
            && !value.trim().is_empty()
        {
            return Some(value.trim().to_owned());
        }
    }
    None
}

/// The version of the newest release in an AppStream metainfo (`<release version="…" …>`;
/// the spec keeps releases newest first). Comments are skipped; `None` when the first release
/// has no version or there is none.
pub fn metainfo_release_version(xml: &str) -> Option<String> {
    let mut rest = xml;
    loop {
        let tag = rest.find('<')?;
        rest = &rest[tag..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            rest = &comment[comment.find("-->")? + 3..];
            continue;
        }
        let end = rest.find('>')?;
        let element = &rest[1..end];
        rest = &rest[end + 1..];
        let mut parts = element.splitn(2, |c: char| c.is_whitespace() || c == '/');
        if parts.next() == Some("release") {
            return xml_attribute(parts.next().unwrap_or(""), "version");
        }
    }
}

/// The value of attribute `name` among an element's attributes (`date="…" version='1.2'`).
fn xml_attribute(attributes: &str, name: &str) -> Option<String> {
    let mut from = 0;
    while let Some(found) = attributes[from..].find(name) {
        let at = from + found;
        from = at + name.len();
        if at > 0 && !attributes[..at].ends_with(char::is_whitespace) {
            continue;
        }
        let Some(rest) = attributes[from..].trim_start().strip_prefix('=') else { continue };
        let rest = rest.trim_start();
        let quote = rest.chars().next().filter(|&c| c == '"' || c == '\'')?;
        let value = &rest[1..];
        let value = value[..value.find(quote)?].trim();
        return (!value.is_empty()).then(|| value.to_owned());
    }
    None
}

// ------------------------------------------------------------------------------------------
// Default browser on Windows: the ProgId of `…\UrlAssociations\https\UserChoiceLatest` (Windows 11
// 24H2 and later), else of `…\https\UserChoice`

/// The ProgIds the registry holds for one URL scheme (`https`, `http`) under
/// `HKCU\Software\Microsoft\Windows\Shell\Associations\UrlAssociations\<scheme>`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SchemeChoice {
    /// `UserChoiceLatest\ProgId`, value `ProgId`: where Windows 11 24H2 and later keep the choice
    /// made in Settings (next to a `Hash` in `UserChoiceLatest`).
    pub latest_nested: Option<String>,
    /// Value `ProgId` right in `UserChoiceLatest` (a layout reported for some builds).
    pub latest: Option<String>,
    /// `UserChoice`, value `ProgId`: Windows 8 to 11 23H2. Windows that write `UserChoiceLatest`
    /// no longer update it, so it may name a browser the user has since left.
    pub legacy: Option<String>,
}

/// The ProgId of the default browser: any `UserChoiceLatest` (https, then http) before any
/// `UserChoice` (https, then http), since where the former exists the latter may be stale;
/// blank values do not count.
pub fn chosen_prog_id(https: &SchemeChoice, http: &SchemeChoice) -> Option<String> {
    let latest = |c: &SchemeChoice| [c.latest_nested.clone(), c.latest.clone()];
    latest(https)
        .into_iter()
        .chain(latest(http))
        .chain([https.legacy.clone(), http.legacy.clone()])
        .flatten()
        .map(|p| p.trim().to_owned())
        .find(|p| !p.is_empty())
}

/// The first Windows 11 build. Its `iexplore.exe` only opens Microsoft Edge (Internet Explorer 11
/// is retired there), so Internet Explorer is not listed on it; on Windows 7 to 10 it is.
pub const WINDOWS_11_BUILD: u32 = 22000;

/// Whether `product` is a browser that can be used on the Windows build `build` (its
/// `CurrentBuildNumber`; `None` when unknown, which excludes nothing).
pub fn usable_on_windows_build(product: Product, build: Option<u32>) -> bool {
    !(product == Product::InternetExplorer && build.is_some_and(|b| b >= WINDOWS_11_BUILD))
}

/// A `CurrentBuildNumber` value: `"26100"` → 26100.
pub fn parse_build_number(text: &str) -> Option<u32> {
    text.trim().parse().ok()
}

/// Known ProgIds: (prefix, product, channel, whether anything may follow the prefix). A strict
/// prefix is the whole ProgId or is followed by a per-install suffix starting with `.` or `-`
/// (`ChromeHTML.ABC123`, `FirefoxURL-308046B0AF4A39CB`).
const PROG_IDS: &[(&str, Product, Channel, bool)] = &[
    ("msedgehtm", Product::Edge, Channel::Stable, false),
    ("msedgebhtml", Product::Edge, Channel::Beta, false),
    ("msedgedhtml", Product::Edge, Channel::Dev, false),
    // The legacy EdgeHTML Edge of Windows 10 (a UWP app): the http and the https ProgId.
    ("appxq0fevzme2pys62n3e0fbqa7peapykr8v", Product::Edge, Channel::Stable, false),
    ("appx90nv6nhay5n6a98fnetv7tpk64pp35es", Product::Edge, Channel::Stable, false),
    ("chromehtml", Product::Chrome, Channel::Stable, false),
    ("chromebhtml", Product::Chrome, Channel::Beta, false),
    ("chromedhtml", Product::Chrome, Channel::Dev, false),
    ("chromesshtm", Product::Chrome, Channel::Canary, false),
    ("chromiumhtm", Product::Chromium, Channel::Stable, false),
    ("bravehtml", Product::Brave, Channel::Stable, false),
    ("bravebhtml", Product::Brave, Channel::Beta, false),
    ("firefoxurl", Product::Firefox, Channel::Stable, false),
    ("firefoxhtml", Product::Firefox, Channel::Stable, false),
    ("operagx", Product::OperaGx, Channel::Stable, true),
    ("operastable", Product::Opera, Channel::Stable, false),
    ("vivaldihtm", Product::Vivaldi, Channel::Stable, false),
    ("yandexhtml", Product::Yandex, Channel::Stable, false),
    ("ie.http", Product::InternetExplorer, Channel::Stable, false),
    ("ie.https", Product::InternetExplorer, Channel::Stable, false),
    // Anything else a known browser may register.
    ("msedge", Product::Edge, Channel::Stable, true),
    ("chromium", Product::Chromium, Channel::Stable, true),
    ("chrome", Product::Chrome, Channel::Stable, true),
    ("firefox", Product::Firefox, Channel::Stable, true),
    ("opera", Product::Opera, Channel::Stable, true),
    ("brave", Product::Brave, Channel::Stable, true),
    ("vivaldi", Product::Vivaldi, Channel::Stable, true),
    ("yandex", Product::Yandex, Channel::Stable, true),
];

/// The browser of a UserChoice ProgId (`MSEdgeHTM`, `ChromeHTML.ABC123`,
/// `FirefoxURL-308046B0AF4A39CB`, `OperaGXStable`, `IE.HTTP`…); `None` for unknown ones.
pub fn browser_from_prog_id(prog_id: &str) -> Option<Identity> {
    let id = prog_id.trim().to_ascii_lowercase();
    PROG_IDS.iter().find_map(|&(prefix, product, channel, loose)| {
        let rest = id.strip_prefix(prefix)?;
        (loose || rest.is_empty() || rest.starts_with(['.', '-'])).then_some(Identity { product, channel })
    })
}

/// The program of a command line from the registry: `"C:\…\chrome.exe" --single-argument %1`
/// → `C:\…\chrome.exe`; unquoted ones end at `.exe`.
pub fn exe_from_command(command: &str) -> Option<String> {
    let command = command.trim();
    let exe = if let Some(quoted) = command.strip_prefix('"') {
        quoted.split('"').next().unwrap_or(quoted)
    } else if let Some(end) = command.to_ascii_lowercase().find(".exe") {
        &command[..end + ".exe".len()]
    } else {
        command.split(' ').next().unwrap_or(command)
    };
    let exe = exe.trim();
    (!exe.is_empty()).then(|| exe.to_owned())
}

pub use crate::environment::formats::expand_vars as expand_env;

/// Where browsers install themselves on Windows, relative to an environment folder.
const WINDOWS_PLACES: &[(&[&str], &str)] = &[
    (&["ProgramFiles", "ProgramW6432", "ProgramFiles(x86)", "LOCALAPPDATA"], r"Google\Chrome\Application\chrome.exe"),
    (&["LOCALAPPDATA"], r"Google\Chrome Beta\Application\chrome.exe"),
    (&["LOCALAPPDATA"], r"Google\Chrome Dev\Application\chrome.exe"),
    (&["LOCALAPPDATA"], r"Google\Chrome SxS\Application\chrome.exe"),
    (&["ProgramFiles(x86)", "ProgramFiles", "ProgramW6432"], r"Microsoft\Edge\Application\msedge.exe"),
    (&["ProgramFiles(x86)", "ProgramFiles"], r"Microsoft\Edge Beta\Application\msedge.exe"),
    (&["ProgramFiles(x86)", "ProgramFiles"], r"Microsoft\Edge Dev\Application\msedge.exe"),
    (&["LOCALAPPDATA"], r"Microsoft\Edge SxS\Application\msedge.exe"),
    (&["ProgramFiles", "ProgramW6432", "ProgramFiles(x86)"], r"Mozilla Firefox\firefox.exe"),
    (&["ProgramFiles", "ProgramW6432"], r"Firefox Nightly\firefox.exe"),
    (&["ProgramFiles", "ProgramW6432"], r"Firefox Developer Edition\firefox.exe"),
    (&["LOCALAPPDATA", "ProgramFiles", "ProgramFiles(x86)"], r"Yandex\YandexBrowser\Application\browser.exe"),
    (&["LOCALAPPDATA"], r"Programs\Opera\launcher.exe"),
    (&["LOCALAPPDATA"], r"Programs\Opera GX\launcher.exe"),
    (&["LOCALAPPDATA"], r"Programs\Opera beta\launcher.exe"),
    (&["ProgramFiles", "ProgramW6432", "ProgramFiles(x86)"], r"Opera\launcher.exe"),
    (&["LOCALAPPDATA"], r"Chromium\Application\chrome.exe"),
    (
        &["ProgramFiles", "ProgramW6432", "ProgramFiles(x86)", "LOCALAPPDATA"],
        r"BraveSoftware\Brave-Browser\Application\brave.exe",
    ),
    (&["LOCALAPPDATA", "ProgramFiles", "ProgramW6432"], r"Vivaldi\Application\vivaldi.exe"),
    (&["ProgramFiles", "ProgramW6432", "ProgramFiles(x86)"], r"Internet Explorer\iexplore.exe"),
];

/// The well-known browser paths on Windows (`%LOCALAPPDATA%\Google\Chrome\Application\chrome.exe`,
/// `%ProgramFiles%\Internet Explorer\iexplore.exe`…), with the folders from `lookup`; each once,
/// in the order of the table (64-bit `Program Files` first).
pub fn windows_known_paths(lookup: impl Fn(&str) -> Option<String>) -> Vec<String> {
    let mut paths: Vec<String> = Vec::new();
    for (vars, tail) in WINDOWS_PLACES {
        for var in *vars {
            let Some(base) = lookup(var).filter(|b| !b.trim().is_empty()) else { continue };
            let path = format!(r"{}\{tail}", base.trim().trim_end_matches(['\\', '/']));
            if !paths.iter().any(|p| p.eq_ignore_ascii_case(&path)) {
                paths.push(path);
            }
        }
    }
    paths
}

// ------------------------------------------------------------------------------------------
// Windows version resources

/// The version fields of an executable's version resource.
pub use crate::environment::formats::FileVersion as VersionInfo;

/// Words in the folders of a browser's install path (`Google\Chrome Beta`, `Opera GX`).
const KEYWORDS: [&str; 8] = ["chrome", "chromium", "edge", "firefox", "opera", "yandex", "brave", "vivaldi"];

/// Which browser an executable is, from its ProductName (`Google Chrome`, `Firefox Nightly`,
/// `Opera beta Internet Browser`, `Yandex`…) or, without one, from its file name and folder
/// (`…\Yandex\YandexBrowser\Application\browser.exe`). The channel comes from the ProductName or
/// from the folders named after the browser (`Chrome SxS`, `Edge Beta`, `Firefox Nightly`), never
/// from other folders (a user called "dev"). `exe` may use `\` or `/`. `None`: not a browser we
/// know (Cent Browser's chrome.exe, Tor Browser's firefox.exe, a launcher.exe not of Opera).
pub fn identify_executable(exe: &str, product_name: Option<&str>) -> Option<Identity> {
    let path = exe.replace('/', "\\").to_lowercase();
    let file = path.rsplit('\\').next().unwrap_or(&path);
    let name_words = words(product_name.unwrap_or(""));
    let named = |w: &str| name_words.iter().any(|x| x == w);
    let product = if name_words.is_empty() {
        match file {
            "iexplore.exe" => Product::InternetExplorer,
            "msedge.exe" => Product::Edge,
            "firefox.exe" => Product::Firefox,
            "opera.exe" | "launcher.exe" if path.contains("opera gx") => Product::OperaGx,
            "opera.exe" | "launcher.exe" if path.contains("opera") => Product::Opera,
            "browser.exe" if path.contains("yandex") => Product::Yandex,
            "brave.exe" => Product::Brave,
            "vivaldi.exe" => Product::Vivaldi,
            "chrome.exe" if path.contains("chromium") => Product::Chromium,
            "chrome.exe" => Product::Chrome,
            _ => return None,
        }
    } else if named("internet") && named("explorer") {
        Product::InternetExplorer
    } else if named("edge") {
        Product::Edge
    } else if named("firefox") {
        Product::Firefox
    } else if named("opera") {
        if named("gx") || path.contains("opera gx") { Product::OperaGx } else { Product::Opera }
    } else if named("yandex") {
        Product::Yandex
    } else if named("brave") {
        Product::Brave
    } else if named("vivaldi") {
        Product::Vivaldi
    } else if named("chromium") {
        Product::Chromium
    } else if named("chrome") {
        Product::Chrome
    } else {
        return None;
    };
    let folder_words: Vec<String> =
        path.split('\\').filter(|folder| KEYWORDS.iter().any(|k| folder.contains(k))).flat_map(words).collect();
    let channel = channel_of(name_words.iter().chain(&folder_words).map(String::as_str));
    Some(Identity { product, channel })
}

/// How an executable is listed: a browser we know by its canonical name; a fork that keeps a
/// known file name (Cent Browser's chrome.exe, Tor Browser's firefox.exe) by its own ProductName;
/// `None` when neither name nor file makes it a browser. Wine's own programs (ProductName
/// "Wine", such as its iexplore.exe) count as the browser their file names.
pub fn classify_executable(exe: &str, product_name: Option<&str>) -> Option<(Option<Identity>, String)> {
    if let Some(identity) = identify_executable(exe, product_name) {
        return Some((Some(identity), identity.name()));
    }
    let by_file = identify_executable(exe, None)?;
    match product_name.map(str::trim).filter(|n| !n.is_empty() && !n.eq_ignore_ascii_case("wine")) {
        Some(own) => Some((None, own.to_owned())),
        None => Some((Some(by_file), by_file.name())),
    }
}

/// The version to show: the ProductVersion (what the browser's About page says: Firefox "61.0",
/// not its FileVersion "61.0.0.6711"), else the FileVersion, else the fixed version. Numeric parts
/// lose leading zeros, so Internet Explorer's "11.00.17134.1" reads "11.0.17134.1" (as its
/// FileVersion does); "62.0a1" stays.
pub fn version_from_info(info: &VersionInfo) -> Option<String> {
    [&info.product_version, &info.file_version, &info.fixed_version]
        .into_iter()
        .find_map(|v| v.as_deref().and_then(normalize_version))
}

/// `11.00.17134.1` → `11.0.17134.1`; `6.1.7601.17514 (win7sp1_rtm.101119-1850)` →
/// `6.1.7601.17514`; `11, 0, 0, 1` → `11.0.0.1`; `None` when it does not start with a digit.
pub fn normalize_version(raw: &str) -> Option<String> {
    let joined = raw.trim().replace(", ", ".").replace(',', ".");
    let token = joined.split(|c: char| c.is_whitespace() || c == '(').next()?.trim_end_matches('.');
    if !token.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let parts: Vec<&str> = token
        .split('.')
        .map(|part| {
            if part.len() > 1 && part.bytes().all(|b| b.is_ascii_digit()) {
                let trimmed = part.trim_start_matches('0');
                if trimmed.is_empty() { "0" } else { trimmed }
            } else {
                part
            }
        })
        .collect();
    Some(parts.join("."))
}

// ------------------------------------------------------------------------------------------
// Executable headers

pub use crate::environment::formats::executable_bits;

// ------------------------------------------------------------------------------------------
// macOS

/// Bundle ids (as in LaunchServices and `CFBundleIdentifier`, any case) of the known browsers.
const BUNDLE_IDS: &[(&str, Product, Channel)] = &[
    ("com.google.chrome", Product::Chrome, Channel::Stable),
    ("com.google.chrome.beta", Product::Chrome, Channel::Beta),
    ("com.google.chrome.dev", Product::Chrome, Channel::Dev),
    ("com.google.chrome.canary", Product::Chrome, Channel::Canary),
    ("com.microsoft.edgemac", Product::Edge, Channel::Stable),
    ("com.microsoft.edgemac.beta", Product::Edge, Channel::Beta),
    ("com.microsoft.edgemac.dev", Product::Edge, Channel::Dev),
    ("com.microsoft.edgemac.canary", Product::Edge, Channel::Canary),
    ("org.mozilla.firefox", Product::Firefox, Channel::Stable),
    ("org.mozilla.firefoxdeveloperedition", Product::Firefox, Channel::Dev),
    ("org.mozilla.nightly", Product::Firefox, Channel::Nightly),
    ("ru.yandex.desktop.yandex-browser", Product::Yandex, Channel::Stable),
    ("com.operasoftware.opera", Product::Opera, Channel::Stable),
    ("com.operasoftware.operanext", Product::Opera, Channel::Beta),
    ("com.operasoftware.operadeveloper", Product::Opera, Channel::Dev),
    ("com.operasoftware.operagx", Product::OperaGx, Channel::Stable),
    ("org.chromium.chromium", Product::Chromium, Channel::Stable),
    ("com.brave.browser", Product::Brave, Channel::Stable),
    ("com.brave.browser.beta", Product::Brave, Channel::Beta),
    ("com.brave.browser.nightly", Product::Brave, Channel::Nightly),
    ("com.vivaldi.vivaldi", Product::Vivaldi, Channel::Stable),
    ("com.apple.safari", Product::Safari, Channel::Stable),
];

/// The browser of a bundle id (`com.google.chrome` → Google Chrome).
pub fn browser_from_bundle_id(id: &str) -> Option<Identity> {
    let id = id.trim();
    BUNDLE_IDS
        .iter()
        .find(|(known, ..)| known.eq_ignore_ascii_case(id))
        .map(|&(_, product, channel)| Identity { product, channel })
}

/// App bundle names of the known browsers, for bundles whose Info.plist cannot be read.
const BUNDLE_NAMES: &[(&str, Product, Channel)] = &[
    ("Google Chrome.app", Product::Chrome, Channel::Stable),
    ("Google Chrome Beta.app", Product::Chrome, Channel::Beta),
    ("Google Chrome Dev.app", Product::Chrome, Channel::Dev),
    ("Google Chrome Canary.app", Product::Chrome, Channel::Canary),
    ("Microsoft Edge.app", Product::Edge, Channel::Stable),
    ("Microsoft Edge Beta.app", Product::Edge, Channel::Beta),
    ("Microsoft Edge Dev.app", Product::Edge, Channel::Dev),
    ("Microsoft Edge Canary.app", Product::Edge, Channel::Canary),
    ("Firefox.app", Product::Firefox, Channel::Stable),
    ("Firefox Developer Edition.app", Product::Firefox, Channel::Dev),
    ("Firefox Nightly.app", Product::Firefox, Channel::Nightly),
    ("Yandex.app", Product::Yandex, Channel::Stable),
    ("Opera.app", Product::Opera, Channel::Stable),
    ("Opera Beta.app", Product::Opera, Channel::Beta),
    ("Opera Developer.app", Product::Opera, Channel::Dev),
    ("Opera GX.app", Product::OperaGx, Channel::Stable),
    ("Chromium.app", Product::Chromium, Channel::Stable),
    ("Brave Browser.app", Product::Brave, Channel::Stable),
    ("Brave Browser Beta.app", Product::Brave, Channel::Beta),
    ("Brave Browser Nightly.app", Product::Brave, Channel::Nightly),
    ("Vivaldi.app", Product::Vivaldi, Channel::Stable),
    ("Safari.app", Product::Safari, Channel::Stable),
];

/// The browser of an app bundle by its folder name (`Google Chrome.app`).
pub fn browser_from_bundle_name(name: &str) -> Option<Identity> {
    BUNDLE_NAMES
        .iter()
        .find(|(known, ..)| known.eq_ignore_ascii_case(name.trim()))
        .map(|&(_, product, channel)| Identity { product, channel })
}

/// The string value of `key` in an XML property list (`CFBundleShortVersionString`,
/// `CFBundleIdentifier`); `None` when absent, empty or not a string (binary property lists
/// included).
pub fn plist_string(xml: &str, key: &str) -> Option<String> {
    crate::environment::plist::string(xml, key).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

/// A value of the OpenStep text format `defaults read` prints.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Value {
    Text(String),
    List(Vec<Value>),
    Dict(Vec<(String, Value)>),
}

/// The handler of web links in `defaults read com.apple.LaunchServices/com.apple.launchservices.secure
/// LSHandlers`: the `LSHandlerRoleAll` of the `https` scheme, else of `http` (a bundle id such as
/// `com.google.chrome`). `None` when neither is set (then Safari is the default) or the text is
/// not such a list.
pub fn parse_ls_handlers(text: &str) -> Option<String> {
    match web_handler(text)? {
        WebHandler::Set(id) => Some(id),
        WebHandler::Unset => None,
    }
}

/// The default browser from the `LSHandlers` text: its https/http handler, or Safari when none
/// is set (also when the text is empty: `defaults` prints nothing for a user who never chose);
/// `None` when the text cannot be read or the handler is not a browser we know.
pub fn default_from_ls_handlers(text: &str) -> Option<Identity> {
    if text.trim().is_empty() {
        return Some(Identity::stable(Product::Safari));
    }
    match web_handler(text)? {
        WebHandler::Set(id) => browser_from_bundle_id(&id),
        WebHandler::Unset => Some(Identity::stable(Product::Safari)),
    }
}

/// The web-link handler in an `LSHandlers` list.
enum WebHandler {
    Set(String),
    Unset,
}

/// `None`: not an `LSHandlers` list.
fn web_handler(text: &str) -> Option<WebHandler> {
    let mut parser = OpenStep { chars: text.chars().collect(), pos: 0 };
    let Value::List(handlers) = parser.value(0)? else { return None };
    let handler_of = |scheme: &str| {
        handlers.iter().find_map(|h| {
            let Value::Dict(fields) = h else { return None };
            let field = |name: &str| {
                fields.iter().find_map(|(k, v)| match v {
                    Value::Text(t) if k == name => Some(t.as_str()),
                    _ => None,
                })
            };
            if !field("LSHandlerURLScheme")?.eq_ignore_ascii_case(scheme) {
                return None;
            }
            field("LSHandlerRoleAll").filter(|id| !id.is_empty() && *id != "-").map(str::to_owned)
        })
    };
    Some(handler_of("https").or_else(|| handler_of("http")).map_or(WebHandler::Unset, WebHandler::Set))
}

/// A small reader of the OpenStep property-list text: `( … , … )`, `{ key = value; }`, quoted and
/// bare strings. Nesting is bounded, so no input overflows the stack.
struct OpenStep {
    chars: Vec<char>,
    pos: usize,
}

impl OpenStep {
    const MAX_DEPTH: usize = 32;

    fn skip_space(&mut self) {
        while self.chars.get(self.pos).is_some_and(|c| c.is_whitespace()) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, c: char) -> bool {
        self.skip_space();
        let found = self.chars.get(self.pos) == Some(&c);
        if found {
            self.pos += 1;
        }
        found
    }

    fn value(&mut self, depth: usize) -> Option<Value> {
        if depth > Self::MAX_DEPTH {
            return None;
        }
        self.skip_space();
        match *self.chars.get(self.pos)? {
            '(' => {
                self.pos += 1;
                let mut items = Vec::new();
                while !self.eat(')') {
                    items.push(self.value(depth + 1)?);
                    if self.eat(')') {
                        break;
                    }
                    if !self.eat(',') {
                        return None;
                    }
                }
                Some(Value::List(items))
            }
            '{' => {
                self.pos += 1;
                let mut fields = Vec::new();
                while !self.eat('}') {
                    let Value::Text(key) = self.text()? else { return None };
                    if !self.eat('=') {
                        return None;
                    }
                    fields.push((key, self.value(depth + 1)?));
                    let _ = self.eat(';');
                }
                Some(Value::Dict(fields))
            }
            _ => self.text(),
        }
    }

    fn text(&mut self) -> Option<Value> {
        self.skip_space();
        let mut text = String::new();
        if self.chars.get(self.pos) == Some(&'"') {
            self.pos += 1;
            loop {
                let c = *self.chars.get(self.pos)?;
                self.pos += 1;
                match c {
                    '"' => break,
                    '\\' => {
                        let escaped = *self.chars.get(self.pos)?;
                        self.pos += 1;
                        text.push(match escaped {
                            'n' => '\n',
                            't' => '\t',
                            other => other,
                        });
                    }
                    other => text.push(other),
                }
            }
        } else {
            while let Some(&c) = self.chars.get(self.pos) {
                if c.is_whitespace() || "(){}=;,\"".contains(c) {
                    break;
                }
                text.push(c);
                self.pos += 1;
            }
            if text.is_empty() {
                return None;
            }
        }
        Some(Value::Text(text))
    }
}
