//! NCALayer, the National Certification Authority's signing helper that Court Cabinet needs:
//! installed or not, where, its version, and whether it is running.
//!
//! Installed: its folder holds `NCALayer.exe` (Windows: `%APPDATA%\NCALayer` and a few others, or
//! wherever its uninstall entry says), `ncalayer.sh` (Linux: `~/NCALayer`) or
//! `Contents/Info.plist` (macOS: `NCALayer.app`). Running: it answers on
//! `wss://127.0.0.1:13579` with a greeting that names its version; see [`greeting`], which reads
//! that greeting and never sends NCALayer a request.

#[cfg(test)]
mod fake;
mod ws;

/// A fixture of `shared/fixtures/detect/ncalayer/` (for the tests of other modules too).
#[cfg(test)]
pub(crate) fn test_fixture(name: &str) -> &'static str {
    fake::fixture(name)
}

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::Serialize;

pub use ws::{GreetingError, greeting};

/// Where a running NCALayer listens.
pub const DEFAULT_URL: &str = "wss://127.0.0.1:13579";

/// What is known about NCALayer on this machine.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct NcaLayer {
    pub installed: bool,
    pub running: bool,
    /// The running instance's version (from its greeting), else the installed one's.
    pub version: Option<String>,
    /// The install folder.
    pub path: Option<PathBuf>,
    /// The Java runtime it bundles, when it does.
    pub java_home: Option<PathBuf>,
}

/// The folders NCALayer is installed in on this platform, most likely first (they need not exist).
pub fn install_dirs() -> Vec<PathBuf> {
    install_dirs_for(Platform::CURRENT, &|name| std::env::var_os(name))
}

/// Looks for an installed NCALayer and asks a running one for its version (until `deadline`).
pub fn detect(url: &str, deadline: Instant) -> NcaLayer {
    let install = find_installed();
    // The connection gives up a little early, so that the answer is in by the deadline.
    let network_deadline = deadline.checked_sub(ANSWER_MARGIN).unwrap_or(deadline);
    match greeting(url, network_deadline) {
        Ok(text) => combine(install, Some(&text)),
        // A WebSocket that opened but said nothing: running, its version unknown.
        Err(GreetingError::Silent) => combine(install, Some("")),
        Err(_) => combine(install, None),
    }
}

/// The Java runtimes NCALayer brings along, of every install found (for the Java probe, so
/// that the request can name the Java NCALayer runs on).
pub fn bundled_java_homes() -> Vec<PathBuf> {
    candidate_dirs().iter().filter_map(|dir| install_at(Platform::CURRENT, dir)).filter_map(|i| i.java_home).collect()
}

/// The time [`detect`] keeps for handing its answer over.
const ANSWER_MARGIN: Duration = Duration::from_millis(50);

/// The version in NCALayer's greeting, `{"result":{"version":"1.4"}}` → "1.4" (other fields are
/// ignored); `None` for anything else.
pub fn parse_greeting(text: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(text.trim()).ok()?;
    let version = value.get("result")?.get("version")?.as_str()?.trim();
    (!version.is_empty()).then(|| version.to_owned())
}

/// One line for a support request: `NCALayer 1.4 (running)`, `NCALayer 1.4 (installed, not
/// running)`, `NCALayer not installed`.
pub fn describe(n: &NcaLayer) -> String {
    let name = versioned_name(n);
    match (n.installed, n.running) {
        (_, true) => format!("{name} (running)"),
        (true, false) => format!("{name} (installed, not running)"),
        (false, false) => "NCALayer not installed".to_owned(),
    }
}

/// [`describe`] in the letter's language, as the window writes it into a request.
pub fn describe_for_letter(n: &NcaLayer, letter: crate::request::BodyLanguage) -> String {
    use crate::request::BodyLanguage as B;
    let state = match (letter, n.installed, n.running) {
        (B::Kk, _, true) => "іске қосылған",
        (B::Kk, true, false) => "орнатылған, іске қосылмаған",
        (B::Kk, false, false) => return "NCALayer орнатылмаған".to_owned(),
        (B::Ru, _, true) => "запущен",
        (B::Ru, true, false) => "установлен, не запущен",
        (B::Ru, false, false) => return "NCALayer не установлен".to_owned(),
    };
    format!("{} ({state})", versioned_name(n))
}

/// `NCALayer 1.4`, or `NCALayer` when the version is unknown.
fn versioned_name(n: &NcaLayer) -> String {
    match &n.version {
        Some(version) => format!("NCALayer {version}"),
        None => "NCALayer".to_owned(),
    }
}

/// What the install and the running instance (its greeting) tell. The running version wins; when
/// its greeting names none, the installed version stands in.
fn combine(install: Option<Install>, greeting: Option<&str>) -> NcaLayer {
    let running_version = greeting.and_then(parse_greeting);
    let (path, java_home, installed_version) = match install {
        Some(Install { path, java_home, version }) => (Some(path), java_home, version),
        None => (None, None, None),
    };
    NcaLayer {
        installed: path.is_some(),
        running: greeting.is_some(),
        version: running_version.or(installed_version),
        path,
        java_home,
    }
}

/// The platform whose install layout applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Platform {
    Windows,
    Linux,
    MacOs,
}

impl Platform {
    const CURRENT: Self = if cfg!(windows) {
        Self::Windows
    } else if cfg!(target_os = "macos") {
        Self::MacOs
    } else {
        Self::Linux
    };
}

/// [`install_dirs`] for `platform`, with environment variables from `env`.
fn install_dirs_for(platform: Platform, env: &dyn Fn(&str) -> Option<OsString>) -> Vec<PathBuf> {
    let var = |name: &str| env(name).filter(|v| !v.is_empty()).map(PathBuf::from);
    let mut dirs = Vec::new();
    match platform {
        Platform::Windows => {
            let profile = var("USERPROFILE");
            let roaming = var("APPDATA").or_else(|| profile.as_ref().map(|p| p.join("AppData").join("Roaming")));
            let local = var("LOCALAPPDATA").or_else(|| profile.as_ref().map(|p| p.join("AppData").join("Local")));
            dirs.extend(roaming.map(|d| d.join("NCALayer")));
            dirs.extend(local.map(|d| d.join("Programs").join("NCALayer")));
            // A 32-bit process sees the x86 folder as ProgramFiles; ProgramW6432 is the other one.
            for name in ["ProgramFiles", "ProgramW6432", "ProgramFiles(x86)"] {
                dirs.extend(var(name).map(|d| d.join("NCALayer")));
            }
        }
        Platform::Linux => {
            dirs.extend(var("HOME").or_else(|| var("USERPROFILE")).map(|h| h.join("NCALayer")));
        }
        Platform::MacOs => {
            dirs.push(PathBuf::from("/Applications/NCALayer.app"));
            dirs.extend(var("HOME").map(|h| h.join("Applications").join("NCALayer.app")));
        }
    }
    let mut unique: Vec<PathBuf> = Vec::with_capacity(dirs.len());
    for dir in dirs {
        if !unique.contains(&dir) {
            unique.push(dir);
        }
    }
    unique
}

/// An installed NCALayer.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Install {
    path: PathBuf,
    java_home: Option<PathBuf>,
    version: Option<String>,
}

/// The first of `candidates` that holds NCALayer, as laid out on `platform`.
fn find_install(platform: Platform, candidates: &[PathBuf]) -> Option<Install> {
    candidates.iter().find_map(|dir| install_at(platform, dir))
}

/// NCALayer in `dir`, if it is there. The version is read here on macOS only (Windows needs the
/// registry and the executable's version resource: see [`find_installed`]; Linux has none).
fn install_at(platform: Platform, dir: &Path) -> Option<Install> {
    let found =
        |java_home: Option<PathBuf>, version: Option<String>| Install { path: dir.to_path_buf(), java_home, version };
    match platform {
        Platform::Windows => dir.join("NCALayer.exe").is_file().then(|| found(existing_dir(dir.join("jre")), None)),
        Platform::Linux => dir
            .join("ncalayer.sh")
            .is_file()
            .then(|| found(existing_dir(dir.join("additions").join("jre8_ncalayer")), None)),
        Platform::MacOs => {
            let info = dir.join("Contents").join("Info.plist");
            info.is_file().then(|| found(macos_java_home(dir), macos_version(&info)))
        }
    }
}

fn existing_dir(path: PathBuf) -> Option<PathBuf> {
    path.is_dir().then_some(path)
}

/// `Contents/Home`, else the first `Contents/PlugIns/*/Contents/Home` (by name) of an app bundle.
fn macos_java_home(app: &Path) -> Option<PathBuf> {
    let contents = app.join("Contents");
    existing_dir(contents.join("Home")).or_else(|| {
        let mut homes: Vec<PathBuf> = fs::read_dir(contents.join("PlugIns"))
            .ok()?
            .filter_map(Result::ok)
            .map(|entry| entry.path().join("Contents").join("Home"))
            .filter(|home| home.is_dir())
            .collect();
        homes.sort();
        homes.into_iter().next()
    })
}

/// `CFBundleShortVersionString` (else `CFBundleVersion`) of an XML `Info.plist`.
fn macos_version(info_plist: &Path) -> Option<String> {
    let xml = String::from_utf8(fs::read(info_plist).ok()?).ok()?;
    let value = |key: &str| super::plist::string(&xml, key).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    value("CFBundleShortVersionString").or_else(|| value("CFBundleVersion"))
}

/// Where to look: the folders NCALayer's uninstall entries name (Windows), then the usual ones.
fn candidate_dirs() -> Vec<PathBuf> {
    #[cfg(windows)]
    let mut dirs: Vec<PathBuf> = uninstall_entries().into_iter().filter_map(|e| e.location).collect();
    #[cfg(not(windows))]
    let mut dirs = Vec::new();
    dirs.extend(install_dirs());
    dirs
}

#[cfg(not(windows))]
fn find_installed() -> Option<Install> {
    find_install(Platform::CURRENT, &candidate_dirs())
}

/// The install folders its uninstall entries name come first, then the usual ones. The version:
/// the uninstall entry's for that folder, else the executable's version resource, else that of
/// an uninstall entry that names no folder.
#[cfg(windows)]
fn find_installed() -> Option<Install> {
    let entries = uninstall_entries();
    let mut candidates: Vec<PathBuf> = entries.iter().filter_map(|e| e.location.clone()).collect();
    candidates.extend(install_dirs());
    let mut install = find_install(Platform::Windows, &candidates)?;
    install.version = registry_version(&entries, &install.path)
        .or_else(|| exe_version(&install.path))
        .or_else(|| unplaced_version(&entries));
    Some(install)
}

/// NCALayer's entries under `…\CurrentVersion\Uninstall`, per user and per machine.
#[cfg(windows)]
fn uninstall_entries() -> Vec<UninstallEntry> {
    use crate::environment::windows::{Hive, View, string, subkeys};

    const UNINSTALL: &str = r"Software\Microsoft\Windows\CurrentVersion\Uninstall";
    let mut entries = Vec::new();
    for (hive, view) in
        [(Hive::CurrentUser, View::Native), (Hive::LocalMachine, View::Wow64), (Hive::LocalMachine, View::Wow32)]
    {
        for sub in subkeys(hive, UNINSTALL, view) {
            let key = format!(r"{UNINSTALL}\{sub}");
            let name = string(hive, &key, "DisplayName", view);
            if !name.as_deref().is_some_and(is_ncalayer_name) {
                continue;
            }
            let entry = uninstall_entry(
                string(hive, &key, "DisplayVersion", view),
                string(hive, &key, "InstallLocation", view),
            );
            if !entries.contains(&entry) {
                entries.push(entry);
            }
        }
    }
    entries
}

/// The version resource of `NCALayer.exe`: product version, file version, or the fixed one.
#[cfg(windows)]
fn exe_version(dir: &Path) -> Option<String> {
    let info = crate::environment::windows::file_version(&dir.join("NCALayer.exe"))?;
    [info.product_version, info.file_version, info.fixed_version]
        .into_iter()
        .flatten()
        .map(|v| v.trim().to_owned())
        .find(|v| !v.is_empty() && v != "0.0.0.0")
}

/// What an uninstall entry tells about an NCALayer install.
#[cfg(any(windows, test))]
#[derive(Debug, Clone, PartialEq, Eq)]
struct UninstallEntry {
    version: Option<String>,
    location: Option<PathBuf>,
}

/// Whether an uninstall entry's `DisplayName` is NCALayer's.
#[cfg(any(windows, test))]
fn is_ncalayer_name(display_name: &str) -> bool {
    display_name.to_lowercase().contains("ncalayer")
}

/// An uninstall entry from its `DisplayVersion` and `InstallLocation` (blank is missing; the
/// location may come quoted).
#[cfg(any(windows, test))]
fn uninstall_entry(version: Option<String>, location: Option<String>) -> UninstallEntry {
    let clean = |s: String| {
        let s = s.trim().trim_matches('"').trim();
        (!s.is_empty()).then(|| s.to_owned())
    };
    UninstallEntry { version: version.and_then(clean), location: location.and_then(clean).map(PathBuf::from) }
}

/// Whether two Windows paths name the same folder (case, slashes and a trailing separator aside).
#[cfg(any(windows, test))]
fn same_windows_dir(a: &Path, b: &Path) -> bool {
    let normal = |p: &Path| p.to_string_lossy().replace('/', "\\").trim_end_matches('\\').to_lowercase();
    normal(a) == normal(b)
}

/// The version of the uninstall entry for `dir`.
#[cfg(any(windows, test))]
fn registry_version(entries: &[UninstallEntry], dir: &Path) -> Option<String> {
    entries
        .iter()
        .filter(|e| e.location.as_deref().is_some_and(|l| same_windows_dir(l, dir)))
        .find_map(|e| e.version.clone())
}

/// The version of an uninstall entry that names no folder (then it is likely the found one's).
#[cfg(any(windows, test))]
fn unplaced_version(entries: &[UninstallEntry]) -> Option<String> {
    entries.iter().filter(|e| e.location.is_none()).find_map(|e| e.version.clone())
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::fake::{FakeNcaLayer, Greet, fixture, greeting_1_4};
    use super::*;

    fn transcript_sigex() -> &'static str {
        fixture("ncalayer_ws_transcript_sigex-test-data.txt")
    }

    fn accessory() -> &'static str {
        fixture("ncalayer_accessory_getBundles_getServices.txt")
    }

    /// The JSON of each `<-` (NCALayer to client) line of a transcript.
    fn answers(transcript: &str) -> Vec<&str> {
        transcript
            .lines()
            .filter(|line| line.starts_with("<-"))
            .filter_map(|line| line.find('{').map(|i| &line[i..]))
            .collect()
    }

    #[test]
    fn parses_the_greeting() {
        assert_eq!(parse_greeting(greeting_1_4()).as_deref(), Some("1.4"));
        assert_eq!(parse_greeting(&format!("{}\n", greeting_1_4())).as_deref(), Some("1.4"));
        let sigex = answers(transcript_sigex());
        assert_eq!(parse_greeting(sigex[0]).as_deref(), Some("1.2"));
        // Extra fields are fine.
        assert_eq!(
            parse_greeting(r#"{"code":"200","result":{"build":"x","version":"1.4"},"extra":[1]}"#).as_deref(),
            Some("1.4")
        );
    }

    #[test]
    fn anything_but_a_greeting_has_no_version() {
        let accessory = answers(accessory());
        assert_eq!(accessory.len(), 3);
        assert_eq!(accessory[2], r#"{"success":false,"errorCode":"MODULE_NOT_FOUND"}"#);
        for answer in accessory.into_iter().chain(answers(transcript_sigex()).into_iter().skip(1)) {
            assert_eq!(parse_greeting(answer), None, "{answer}");
        }
        for garbage in [
            "",
            "garbage",
            "{",
            "null",
            "[]",
            r#"{"result":null}"#,
            r#"{"result":"1.4"}"#,
            r#"{"result":{"version":1.4}}"#,
            r#"{"result":{"version":"  "}}"#,
            r#"{"version":"1.4"}"#,
            r#"{"result":{"version":"1.4"}} trailing"#,
        ] {
            assert_eq!(parse_greeting(garbage), None, "{garbage}");
        }
    }

    #[test]
    fn describes_in_one_line() {
        let n = |installed, running, version: Option<&str>| NcaLayer {
            installed,
            running,
            version: version.map(str::to_owned),
            ..NcaLayer::default()
        };
        assert_eq!(describe(&n(true, true, Some("1.4"))), "NCALayer 1.4 (running)");
        assert_eq!(describe(&n(false, true, Some("1.4"))), "NCALayer 1.4 (running)");
        assert_eq!(describe(&n(true, true, None)), "NCALayer (running)");
        assert_eq!(describe(&n(true, false, Some("1.4"))), "NCALayer 1.4 (installed, not running)");
        assert_eq!(describe(&n(true, false, None)), "NCALayer (installed, not running)");
        assert_eq!(describe(&n(false, false, None)), "NCALayer not installed");
        assert_eq!(describe(&NcaLayer::default()), "NCALayer not installed");
    }

    #[test]
    fn the_running_version_wins_over_the_installed_one() {
        let install = || {
            Some(Install {
                path: PathBuf::from("/home/u/NCALayer"),
                java_home: Some(PathBuf::from("/home/u/NCALayer/additions/jre8_ncalayer")),
                version: Some("1.3".to_owned()),
            })
        };
        let n = combine(install(), Some(greeting_1_4()));
        assert!(n.installed && n.running);
        assert_eq!(n.version.as_deref(), Some("1.4"));
        assert_eq!(n.path.as_deref(), Some(Path::new("/home/u/NCALayer")));
        assert_eq!(n.java_home.as_deref(), Some(Path::new("/home/u/NCALayer/additions/jre8_ncalayer")));

        let n = combine(install(), None);
        assert!(n.installed && !n.running);
        assert_eq!(n.version.as_deref(), Some("1.3"));

        // A greeting without a version: running, and the installed version stands in.
        let n = combine(install(), Some("hello"));
        assert!(n.running);
        assert_eq!(n.version.as_deref(), Some("1.3"));

        let n = combine(None, Some(greeting_1_4()));
        assert!(!n.installed && n.running);
        assert_eq!(n.version.as_deref(), Some("1.4"));
        assert_eq!(n.path, None);

        assert_eq!(combine(None, None), NcaLayer::default());
    }

    fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<OsString> {
        let map: HashMap<String, OsString> = vars.iter().map(|&(k, v)| (k.to_owned(), v.into())).collect();
        move |name| map.get(name).cloned()
    }

    #[test]
    fn install_dirs_per_platform() {
        let p = PathBuf::from;
        let windows = env(&[
            ("APPDATA", r"C:\Users\U\AppData\Roaming"),
            ("LOCALAPPDATA", r"C:\Users\U\AppData\Local"),
            ("USERPROFILE", r"C:\Users\U"),
            ("ProgramFiles", r"C:\Program Files"),
            ("ProgramW6432", r"C:\Program Files"),
            ("ProgramFiles(x86)", r"C:\Program Files (x86)"),
        ]);
        assert_eq!(
            install_dirs_for(Platform::Windows, &windows),
            [
                p(r"C:\Users\U\AppData\Roaming").join("NCALayer"),
                p(r"C:\Users\U\AppData\Local").join("Programs").join("NCALayer"),
                p(r"C:\Program Files").join("NCALayer"),
                p(r"C:\Program Files (x86)").join("NCALayer"),
            ]
        );
        // Without APPDATA and LOCALAPPDATA, the profile's usual folders.
        let bare = env(&[("USERPROFILE", r"C:\Users\U"), ("APPDATA", "")]);
        assert_eq!(
            install_dirs_for(Platform::Windows, &bare),
            [
                p(r"C:\Users\U").join("AppData").join("Roaming").join("NCALayer"),
                p(r"C:\Users\U").join("AppData").join("Local").join("Programs").join("NCALayer"),
            ]
        );
        assert!(install_dirs_for(Platform::Windows, &env(&[])).is_empty());

        assert_eq!(install_dirs_for(Platform::Linux, &env(&[("HOME", "/home/u")])), [p("/home/u/NCALayer")]);
        assert!(install_dirs_for(Platform::Linux, &env(&[])).is_empty());

        assert_eq!(
            install_dirs_for(Platform::MacOs, &env(&[("HOME", "/Users/u")])),
            [p("/Applications/NCALayer.app"), p("/Users/u/Applications/NCALayer.app")]
        );
        assert_eq!(install_dirs_for(Platform::MacOs, &env(&[])), [p("/Applications/NCALayer.app")]);

        // The real thing: this platform's list, most likely first.
        let real = install_dirs();
        if cfg!(target_os = "linux") && std::env::var_os("HOME").is_some_and(|h| !h.is_empty()) {
            assert_eq!(real, [PathBuf::from(std::env::var_os("HOME").unwrap()).join("NCALayer")]);
        }
    }

    fn touch(path: &Path) {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, b"").unwrap();
    }

    #[test]
    fn finds_a_windows_install_with_its_jre() {
        let root = tempfile::tempdir().unwrap();
        let missing = root.path().join("Missing").join("NCALayer");
        let empty = root.path().join("Local").join("Programs").join("NCALayer");
        fs::create_dir_all(&empty).unwrap();
        // The layout of ncalayer_windows_appdata_layout_1.4.txt.
        let appdata = root.path().join("Roaming").join("NCALayer");
        touch(&appdata.join("NCALayer.exe"));
        touch(&appdata.join("settings.json"));
        touch(&appdata.join("jre").join("bin").join("javaw.exe"));
        touch(&appdata.join("ncalayer-cache").join("bundle5").join("bundle.jar"));
        let programs = root.path().join("Programs").join("NCALayer");
        touch(&programs.join("NCALayer.exe"));

        let found =
            find_install(Platform::Windows, &[missing.clone(), empty.clone(), appdata.clone(), programs.clone()]);
        assert_eq!(found, Some(Install { path: appdata.clone(), java_home: Some(appdata.join("jre")), version: None }));
        // No jre folder: no java_home.
        let found = find_install(Platform::Windows, &[programs.clone(), appdata]);
        assert_eq!(found, Some(Install { path: programs, java_home: None, version: None }));
        assert_eq!(find_install(Platform::Windows, &[missing, empty]), None);
        // Another platform's layout is not this one's.
        assert_eq!(find_install(Platform::Linux, &[root.path().join("Roaming").join("NCALayer")]), None);
    }

    #[test]
    fn finds_a_linux_install_with_its_jre() {
        let home = tempfile::tempdir().unwrap();
        let dir = home.path().join("NCALayer");
        touch(&dir.join("ncalayer.sh"));
        touch(&dir.join("additions").join("cert").join("root_rsa.cer"));
        assert_eq!(
            find_install(Platform::Linux, std::slice::from_ref(&dir)),
            Some(Install { path: dir.clone(), java_home: None, version: None })
        );
        fs::create_dir_all(dir.join("additions").join("jre8_ncalayer").join("bin")).unwrap();
        assert_eq!(
            find_install(Platform::Linux, std::slice::from_ref(&dir)),
            Some(Install {
                path: dir.clone(),
                java_home: Some(dir.join("additions").join("jre8_ncalayer")),
                version: None
            })
        );
        // A folder named ncalayer.sh is not the launcher.
        let odd = home.path().join("Odd");
        fs::create_dir_all(odd.join("ncalayer.sh")).unwrap();
        assert_eq!(find_install(Platform::Linux, &[odd]), None);
    }

    fn info_plist(version: &str) -> String {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\">\n<dict>\n\
             \t<key>CFBundleExecutable</key>\n\t<string>NCALayer</string>\n\
             \t<key>CFBundleIdentifier</key>\n\t<string>kz.gov.pki.ncalayer</string>\n\
             \t<key>CFBundleShortVersionString</key>\n\t<string>{version}</string>\n\
             \t<key>CFBundleVersion</key>\n\t<string>1.2.0</string>\n\
             </dict>\n</plist>\n"
        )
    }

    #[test]
    fn finds_a_macos_install_with_its_version_and_jre() {
        let root = tempfile::tempdir().unwrap();
        let system = root.path().join("Applications").join("NCALayer.app");
        let user = root.path().join("Users").join("u").join("Applications").join("NCALayer.app");
        let contents = user.join("Contents");
        fs::create_dir_all(&contents).unwrap();
        fs::write(contents.join("Info.plist"), info_plist("1.2")).unwrap();
        for plugin in ["zulu8.jre", "jdk8u.jre"] {
            fs::create_dir_all(contents.join("PlugIns").join(plugin).join("Contents").join("Home")).unwrap();
        }
        fs::create_dir_all(contents.join("PlugIns").join("aaa.bundle")).unwrap();

        let candidates = [system.clone(), user.clone()];
        let expected_plugin = contents.join("PlugIns").join("jdk8u.jre").join("Contents").join("Home");
        assert_eq!(
            find_install(Platform::MacOs, &candidates),
            Some(Install { path: user.clone(), java_home: Some(expected_plugin), version: Some("1.2".to_owned()) })
        );
        // Contents/Home comes first; CFBundleVersion stands in for a blank short version.
        fs::create_dir_all(contents.join("Home")).unwrap();
        fs::write(contents.join("Info.plist"), info_plist(" ")).unwrap();
        assert_eq!(
            find_install(Platform::MacOs, &candidates),
            Some(Install {
                path: user.clone(),
                java_home: Some(contents.join("Home")),
                version: Some("1.2.0".to_owned())
            })
        );
        // A binary plist: installed, version unknown.
        fs::write(contents.join("Info.plist"), b"bplist00\xd1\x01\x02").unwrap();
        assert_eq!(find_install(Platform::MacOs, &candidates).unwrap().version, None);
        // The system-wide one comes first.
        fs::create_dir_all(system.join("Contents")).unwrap();
        fs::write(system.join("Contents").join("Info.plist"), info_plist("1.4")).unwrap();
        let found = find_install(Platform::MacOs, &candidates).unwrap();
        assert_eq!((found.path, found.version.as_deref(), found.java_home), (system, Some("1.4"), None));
    }

    #[test]
    fn picks_the_uninstall_entry_of_the_found_folder() {
        assert!(is_ncalayer_name("NCALayer"));
        assert!(is_ncalayer_name("NCALayer version 1.4"));
        assert!(is_ncalayer_name("ncalayer"));
        assert!(!is_ncalayer_name("KAZTOKEN desktop"));

        let entry = |v: &str, l: &str| uninstall_entry(Some(v.to_owned()), Some(l.to_owned()));
        assert_eq!(
            entry(" 1.4 ", "\"C:\\Users\\U\\AppData\\Roaming\\NCALayer\\\" "),
            UninstallEntry {
                version: Some("1.4".to_owned()),
                location: Some(PathBuf::from(r"C:\Users\U\AppData\Roaming\NCALayer\"))
            }
        );
        assert_eq!(entry("", "  "), UninstallEntry { version: None, location: None });

        let found = Path::new(r"C:\Users\U\AppData\Roaming\NCALayer");
        assert!(same_windows_dir(found, Path::new(r"c:\users\u\appdata\roaming\ncalayer\")));
        assert!(same_windows_dir(found, Path::new("C:/Users/U/AppData/Roaming/NCALayer")));
        assert!(!same_windows_dir(found, Path::new(r"C:\Program Files\NCALayer")));

        let entries = [
            entry("1.3", r"C:\Program Files\NCALayer"),
            entry("1.2", ""),
            entry("1.4", r"C:\Users\U\AppData\Roaming\NCALayer\"),
        ];
        assert_eq!(registry_version(&entries, found).as_deref(), Some("1.4"));
        assert_eq!(registry_version(&entries, Path::new(r"C:\Other\NCALayer")), None);
        assert_eq!(unplaced_version(&entries).as_deref(), Some("1.2"));
        assert_eq!(unplaced_version(&entries[..1]), None);
    }

    #[test]
    fn detects_a_running_ncalayer_by_its_greeting() {
        let server = FakeNcaLayer::start(Greet::Tls(greeting_1_4()));
        let start = Instant::now();
        let n = detect(&server.url, start + Duration::from_secs(5));
        assert!(start.elapsed() < Duration::from_secs(2), "{:?}", start.elapsed());
        assert!(n.running);
        assert_eq!(n.version.as_deref(), Some("1.4"));
        assert!(describe(&n).starts_with("NCALayer 1.4 (running)"), "{}", describe(&n));
        let received = server.received();
        assert!(matches!(received.as_slice(), [tungstenite::Message::Close(_)]), "{received:?}");
    }

    #[test]
    fn nothing_listening_is_not_running_and_quick() {
        let port = FakeNcaLayer::free_port();
        for url in [format!("wss://127.0.0.1:{port}"), "wss://10.0.0.1:13579".to_owned(), "not a url".to_owned()] {
            let start = Instant::now();
            let deadline = start + Duration::from_secs(2);
            let n = detect(&url, deadline);
            // Windows retries a refused connection for a second or two: then the deadline ends it.
            let quick = if cfg!(windows) && url.contains(&port.to_string()) {
                Duration::from_secs(2)
            } else {
                Duration::from_millis(500)
            };
            assert!(start.elapsed() < quick, "{url}: {:?}", start.elapsed());
            assert!(!n.running, "{url}");
        }
    }

    #[test]
    fn a_silent_server_does_not_hold_detection_past_the_deadline() {
        let server = FakeNcaLayer::start(Greet::TlsSilent);
        let start = Instant::now();
        let n = detect(&server.url, start + Duration::from_millis(300));
        assert!(start.elapsed() < Duration::from_millis(300), "{:?}", start.elapsed());
        // The WebSocket opened: something runs there, though it named no version.
        assert!(n.running);
        assert_eq!(n.version, None);
        assert_eq!(describe(&n), "NCALayer (running)");
    }
}
