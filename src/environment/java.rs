//! Java runtimes: every one installed, with version, vendor and bitness.
//!
//! Where runtimes are looked for: `JAVA_HOME` (as people write it, with quotes, a trailing `;` or
//! `\`; Windows: `%NAME%` expanded), every `java` on PATH (Windows: `%NAME%` in an entry
//! expanded; Oracle's `javapath` launcher, recognised before links are resolved, stands for the
//! registry's CurrentVersion and is never listed itself; other links resolved), the Windows
//! registry (JavaSoft and the vendors' keys, 32- and 64-bit views), the usual install folders, and
//! the JRE every NCALayer install bundles. Found homes are merged by their canonical path.
//!
//! What each one is: its `release` file says (read in microseconds); only a home without a usable
//! one is asked with `bin/java -XshowSettings:properties -version` (about 50 ms, more on Windows),
//! several at once, all stopped at [`answer_by`]`(deadline)`: one slow `java` costs only its own
//! runtime, never the answer. Bitness still unknown after that comes from the header of
//! `bin/java[.exe]`.
//!
//! The parsers ([`parse`]) and the registry logic ([`registry`]) are pure and tested on real
//! outputs from `shared/fixtures/detect/java`.

pub mod parse;
pub mod registry;

use std::ffi::{OsStr, OsString};
use std::fs;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Instant;

use serde::Serialize;

pub use parse::{
    JavaInfo, MacJavaHomes, MacJvm, compare_versions, parse_java_home_v, parse_release, parse_show_settings,
    parse_version_output, version_numbers,
};
pub use registry::{RegistryJava, RegistryView};

use super::formats::{expand_vars, file_bits};
use super::{answer_by, ncalayer, process};

/// Where a runtime was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum JavaSource {
    JavaHome,
    Path,
    Registry,
    Folder,
    NcaLayer,
}

/// One Java runtime.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JavaRuntime {
    /// As the runtime names itself: "1.8.0_431", "17.0.15".
    pub version: String,
    /// "Oracle Corporation", "Eclipse Adoptium", "Debian"…
    pub vendor: Option<String>,
    /// 32 or 64.
    pub bits: Option<u8>,
    /// The runtime's home folder (the one holding `bin/java`).
    pub home: PathBuf,
    /// Everywhere it was found, in the order of discovery.
    pub sources: Vec<JavaSource>,
    /// The runtime `java` starts by default (first on PATH, or the registry's CurrentVersion).
    pub default: bool,
}

/// A search's result, with the programs it had to start.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Detection {
    /// As [`detect`] returns them.
    pub runtimes: Vec<JavaRuntime>,
    /// The `java` executables started (or tried), once per start, in no particular order: only
    /// homes without a usable `release` file are asked. Tests read it to prove no JVM was needed.
    pub launched: Vec<PathBuf>,
}

/// Finds every Java runtime and returns before `deadline`: programs started to ask are stopped
/// at [`answer_by`]`(deadline)`, and what is known by then is the answer.
///
/// The default runtime comes first, then the others by version, newest first. A runtime whose
/// version cannot be learnt (no `release` file and its `java` failed or did not answer in time)
/// is left out: a request must not name a Java version nobody read.
pub fn detect(deadline: Instant) -> Vec<JavaRuntime> {
    detect_report(deadline).runtimes
}

/// [`detect`], also telling which `java` programs were started.
pub fn detect_report(deadline: Instant) -> Detection {
    detect_from(&Inputs::system(deadline), deadline)
}

/// [`detect_report`] on given inputs.
fn detect_from(inputs: &Inputs, deadline: Instant) -> Detection {
    let (candidates, default) = candidates(inputs);
    inspect(candidates, default.as_deref(), deadline)
}

/// The request line for a runtime: `Java 1.8.0_431 (Oracle, 64-bit)`, `Java 17.0.15 (64-bit)`,
/// `Java 17.0.15`. The vendor is named as users know it ([`vendor_name`]).
pub fn describe(rt: &JavaRuntime) -> String {
    let mut details = Vec::new();
    if let Some(vendor) = rt.vendor.as_deref().map(vendor_name).filter(|v| !v.is_empty()) {
        details.push(vendor.to_owned());
    }
    if let Some(bits) = rt.bits {
        details.push(format!("{bits}-bit"));
    }
    if details.is_empty() {
        format!("Java {}", rt.version)
    } else {
        format!("Java {} ({})", rt.version, details.join(", "))
    }
}

/// A vendor as users know it: "Oracle Corporation" → "Oracle", "Azul Systems, Inc." → "Azul Zulu",
/// "Amazon.com Inc." → "Amazon Corretto", "BellSoft" → "BellSoft Liberica"; others ("Eclipse
/// Adoptium", "Microsoft", "Debian", "Ubuntu", "N/A") as they are.
pub fn vendor_name(vendor: &str) -> &str {
    let vendor = vendor.trim();
    match vendor.to_ascii_lowercase().as_str() {
        "oracle corporation" | "oracle" => "Oracle",
        "azul systems, inc." | "azul systems" | "azul" => "Azul Zulu",
        "amazon.com inc." | "amazon" => "Amazon Corretto",
        "bellsoft" => "BellSoft Liberica",
        "ibm corporation" => "IBM",
        "red hat, inc." => "Red Hat",
        "sap se" => "SapMachine",
        "jetbrains s.r.o." => "JetBrains",
        _ => vendor,
    }
}

/// How many `java` programs run at once.
const JVMS_AT_ONCE: usize = 4;

/// The file name of `java` on this platform.
const JAVA_EXE: &str = if cfg!(windows) { "java.exe" } else { "java" };

/// What the search looks at; [`Inputs::system`] reads it from this machine, tests make their own.
#[derive(Debug, Clone, Default)]
struct Inputs {
    path: Option<OsString>,
    java_home: Option<OsString>,
    registry: RegistryJava,
    /// Candidate homes in the usual install folders (existing or not).
    folders: Vec<PathBuf>,
    /// The JRE homes NCALayer installs bundle (existing or not).
    ncalayer_homes: Vec<PathBuf>,
    /// macOS: the home `/usr/bin/java` (a launcher) starts, as `java_home` says.
    mac_default: Option<PathBuf>,
}

impl Inputs {
    fn system(deadline: Instant) -> Self {
        #[cfg(windows)]
        let registry = registry::read_system();
        #[cfg(not(windows))]
        let registry = RegistryJava::default();
        let mac = mac_java_homes(answer_by(deadline));
        let nca = ncalayer::bundled_java_homes();
        let mut folders = folder_homes();
        folders.extend(mac.jvms.iter().map(|jvm| PathBuf::from(&jvm.home)));
        Self {
            path: std::env::var_os("PATH"),
            java_home: std::env::var_os("JAVA_HOME"),
            registry,
            folders,
            ncalayer_homes: nca,
            mac_default: mac.default.map(PathBuf::from),
        }
    }
}

/// Every candidate home, in the order found, and the default runtime's home: the first `java`
/// on PATH's, else the registry's CurrentVersion, else `JAVA_HOME`.
fn candidates(inputs: &Inputs) -> (Vec<(PathBuf, JavaSource)>, Option<PathBuf>) {
    let mut found = Vec::new();
    let java_home_as_set = inputs.java_home.as_deref().and_then(|h| clean_java_home(h, cfg!(windows), env_var));
    let java_home = java_home_as_set.as_deref().map(java_home_dir);
    if let Some(home) = &java_home {
        found.push((home.clone(), JavaSource::JavaHome));
    }
    // `%JAVA_HOME%` in PATH means the value the search read, cleaned.
    let var = |name: &str| match &java_home_as_set {
        Some(home) if name.eq_ignore_ascii_case("JAVA_HOME") => home.to_str().map(str::to_owned),
        _ => env_var(name),
    };
    let mut path_default = None;
    if let Some(path) = &inputs.path {
        for dir in path_dirs(path, cfg!(windows), var) {
            let exe = dir.join(JAVA_EXE);
            if !exe.is_file() {
                continue;
            }
            if let Some(home) = path_java_home(&exe, inputs) {
                path_default.get_or_insert_with(|| home.clone());
                found.push((home, JavaSource::Path));
            }
        }
    }
    found.extend(inputs.registry.homes.iter().map(|h| (PathBuf::from(h), JavaSource::Registry)));
    found.extend(inputs.folders.iter().map(|h| (h.clone(), JavaSource::Folder)));
    found.extend(inputs.ncalayer_homes.iter().map(|h| (h.clone(), JavaSource::NcaLayer)));
    let default = path_default.or_else(|| inputs.registry.current().map(PathBuf::from)).or(java_home);
    (found, default)
}

fn env_var(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// `JAVA_HOME` as written, without what people (and some installers) wrap it in: blanks, quotes,
/// a trailing `;` or path separator (a drive's or the file system's root stays whole). With
/// `expand` (Windows), `%NAME%` in it is expanded through `var`. `None` when nothing is left.
fn clean_java_home(raw: &OsStr, expand: bool, var: impl Fn(&str) -> Option<String>) -> Option<PathBuf> {
    let Some(text) = raw.to_str() else {
        // Not Unicode (Unix only): used as it is.
        return (!raw.is_empty()).then(|| PathBuf::from(raw));
    };
    let text = if expand { expand_vars(text, var) } else { text.to_owned() };
    registry::clean_home(&text).map(PathBuf::from)
}

/// The folders of a PATH value, in order. With `expand` (Windows), `%NAME%` in an entry is
/// expanded through `var`: a PATH saved as a plain string (or naming a variable defined after it)
/// keeps `%JAVA_HOME%\bin` as written, and that entry still says which runtime was meant.
fn path_dirs(path: &OsStr, expand: bool, var: impl Fn(&str) -> Option<String>) -> Vec<PathBuf> {
    std::env::split_paths(path)
        .map(|dir| match dir.to_str() {
            Some(text) if expand && text.contains('%') => PathBuf::from(expand_vars(text, &var)),
            _ => dir,
        })
        .collect()
}

/// `JAVA_HOME` as meant: people sometimes point it at the `bin` folder.
fn java_home_dir(home: &Path) -> PathBuf {
    if !has_java(home)
        && home.file_name().is_some_and(|n| n.eq_ignore_ascii_case("bin"))
        && home.join(JAVA_EXE).is_file()
        && let Some(parent) = home.parent()
    {
        return parent.to_path_buf();
    }
    home.to_path_buf()
}

/// The home a `java` on PATH stands for: launchers resolved through the registry (Windows) or
/// `java_home` (macOS), other links resolved (`/usr/bin/java` → `/etc/alternatives/java` →
/// `/usr/lib/jvm/…/bin/java`). `None` when it cannot be told.
///
/// A launcher is recognised where it was found, before links are resolved: the old
/// `C:\ProgramData\Oracle\Java\javapath\java.exe` is a link to `javapath_target_N\java.exe`, which
/// looks like no launcher and like no runtime either.
fn path_java_home(exe: &Path, inputs: &Inputs) -> Option<PathBuf> {
    if let Some(launcher) = launcher(exe) {
        return registry::resolve_path_java(&launcher, &inputs.registry).map(PathBuf::from);
    }
    let resolved = fs::canonicalize(exe).map_or_else(|_| exe.to_path_buf(), display_path);
    if cfg!(target_os = "macos") && resolved == Path::new("/usr/bin/java") {
        return inputs.mac_default.clone();
    }
    if let Some(launcher) = launcher(&resolved) {
        return registry::resolve_path_java(&launcher, &inputs.registry).map(PathBuf::from);
    }
    let name = resolved.file_name()?.to_string_lossy().to_ascii_lowercase();
    let bin = resolved.parent()?;
    let home = bin.parent()?;
    let is_java = matches!(name.as_str(), "java" | "java.exe" | "javaw.exe");
    (is_java && bin.file_name().is_some_and(|b| b.eq_ignore_ascii_case("bin")) && home.parent().is_some())
        .then(|| home.to_path_buf())
}

/// `exe` as text, when it is a Windows launcher (see [`registry::launcher_bits`]).
fn launcher(exe: &Path) -> Option<String> {
    let text = exe.to_string_lossy();
    registry::is_launcher(&text).then(|| text.into_owned())
}

/// A path as people write it: Windows' canonical `\\?\C:\…` without its prefix.
fn display_path(path: PathBuf) -> PathBuf {
    match path.to_str() {
        Some(text) if text.starts_with(r"\\?\") => PathBuf::from(strip_verbatim(text)),
        _ => path,
    }
}

/// `\\?\C:\x` → `C:\x`, `\\?\UNC\server\share` → `\\server\share`; others as they are.
fn strip_verbatim(path: &str) -> String {
    if let Some(rest) = path.strip_prefix(r"\\?\UNC\") {
        format!(r"\\{rest}")
    } else if let Some(rest) = path.strip_prefix(r"\\?\")
        && rest.as_bytes().get(1) == Some(&b':')
    {
        rest.to_owned()
    } else {
        path.to_owned()
    }
}

fn java_exe(home: &Path) -> PathBuf {
    home.join("bin").join(JAVA_EXE)
}

fn has_java(home: &Path) -> bool {
    java_exe(home).is_file()
}

/// A JDK 8's inner `jre` is the JDK itself (`jdk1.8.0_202\jre` → `jdk1.8.0_202`).
fn normalize(home: &Path) -> PathBuf {
    if home.file_name().is_some_and(|n| n.eq_ignore_ascii_case("jre"))
        && let Some(parent) = home.parent()
        && has_java(parent)
    {
        return parent.to_path_buf();
    }
    home.to_path_buf()
}

/// The home as shown (canonical, readable) and the key it is merged by.
fn identify(home: &Path) -> (PathBuf, String) {
    let shown = fs::canonicalize(home).map_or_else(|_| home.to_path_buf(), display_path);
    let key = shown.to_string_lossy();
    let key = if cfg!(windows) { key.to_lowercase() } else { key.into_owned() };
    (shown, key)
}

/// One home and everywhere it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Found {
    home: PathBuf,
    key: String,
    sources: Vec<JavaSource>,
}

/// Merges candidates with the same key, keeping the first one's home and every source once.
fn merge(candidates: impl IntoIterator<Item = (PathBuf, String, JavaSource)>) -> Vec<Found> {
    let mut found: Vec<Found> = Vec::new();
    for (home, key, source) in candidates {
        match found.iter_mut().find(|f| f.key == key) {
            Some(f) if !f.sources.contains(&source) => f.sources.push(source),
            Some(_) => {}
            None => found.push(Found { home, key, sources: vec![source] }),
        }
    }
    found
}

/// The runtimes from the homes found and what was learnt of each (same order), default first,
/// then newest first; homes of unknown version are left out.
fn finish(found: Vec<Found>, infos: Vec<Option<JavaInfo>>, default_key: Option<&str>) -> Vec<JavaRuntime> {
    let mut runtimes: Vec<JavaRuntime> = found
        .into_iter()
        .zip(infos)
        .filter_map(|(f, info)| {
            let info = info?;
            Some(JavaRuntime {
                version: info.version?,
                vendor: info.vendor,
                bits: info.bits,
                default: default_key == Some(f.key.as_str()),
                home: f.home,
                sources: f.sources,
            })
        })
        .collect();
    sort_runtimes(&mut runtimes);
    runtimes
}

/// The default first, then by version, newest first (stable: equal versions keep their order).
pub fn sort_runtimes(runtimes: &mut [JavaRuntime]) {
    runtimes.sort_by(|a, b| b.default.cmp(&a.default).then_with(|| compare_versions(&b.version, &a.version)));
}

/// Looks at every candidate home: merges them, reads `release` files, asks the rest (stopping them
/// at [`answer_by`]`(deadline)`, so that the answer is in by `deadline`).
fn inspect(candidates: Vec<(PathBuf, JavaSource)>, default: Option<&Path>, deadline: Instant) -> Detection {
    let stop = answer_by(deadline);
    let found = merge(candidates.into_iter().filter(|(home, _)| has_java(home)).map(|(home, source)| {
        let (shown, key) = identify(&normalize(&home));
        (shown, key, source)
    }));
    let default_key = default.map(|d| identify(&normalize(d)).1);
    let mut infos: Vec<Option<JavaInfo>> = found.iter().map(|f| read_release(&f.home)).collect();
    let unknown: Vec<usize> = (0..found.len()).filter(|&i| infos[i].is_none()).collect();
    let homes: Vec<&Path> = unknown.iter().map(|&i| found[i].home.as_path()).collect();
    let launched = Mutex::new(Vec::new());
    for (i, info) in unknown.iter().zip(ask_jvms(&homes, stop, &launched)) {
        infos[*i] = info;
    }
    for (f, info) in found.iter().zip(&mut infos) {
        if let Some(info) = info
            && info.bits.is_none()
        {
            info.bits = file_bits(&java_exe(&f.home));
        }
    }
    let launched = launched.into_inner().unwrap_or_else(PoisonError::into_inner);
    Detection { runtimes: finish(found, infos, default_key.as_deref()), launched }
}

/// What a home's `release` file says, when it names a version.
fn read_release(home: &Path) -> Option<JavaInfo> {
    let file = fs::File::open(home.join("release")).ok()?;
    let mut bytes = Vec::new();
    file.take(256 * 1024).read_to_end(&mut bytes).ok()?;
    parse_release(&String::from_utf8_lossy(&bytes))
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Asks every home's `java`, [`JVMS_AT_ONCE`] at a time, none past `stop`; answers in the order of
/// `homes`.
fn ask_jvms(homes: &[&Path], stop: Instant, launched: &Mutex<Vec<PathBuf>>) -> Vec<Option<JavaInfo>> {
    let answers: Vec<Mutex<Option<JavaInfo>>> = homes.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let work = || {
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let (Some(home), Some(slot)) = (homes.get(i), answers.get(i)) else { break };
            *lock(slot) = ask_jvm(home, stop, launched);
        }
    };
    std::thread::scope(|scope| {
        for _ in 0..homes.len().min(JVMS_AT_ONCE) {
            if std::thread::Builder::new().name("probe-java-jvm".into()).spawn_scoped(scope, work).is_err() {
                work();
            }
        }
    });
    answers.into_iter().map(|a| a.into_inner().unwrap_or_else(PoisonError::into_inner)).collect()
}

/// Runs `<home>/bin/java -XshowSettings:properties -version` (properties name the vendor and
/// bitness exactly), then plain `-version` if that printed no version (runtimes older than 7 do
/// not know the option). `None` when it fails or has not answered by `stop` (it is killed then).
fn ask_jvm(home: &Path, stop: Instant, launched: &Mutex<Vec<PathBuf>>) -> Option<JavaInfo> {
    let exe = java_exe(home);
    for args in [&["-XshowSettings:properties", "-version"][..], &["-version"][..]] {
        if Instant::now() >= stop {
            return None;
        }
        let mut cmd = Command::new(&exe);
        cmd.args(args);
        // Options from the environment would print "Picked up…", slow the start, or even fail it.
        for var in ["JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS"] {
            cmd.env_remove(var);
        }
        lock(launched).push(exe.clone());
        let captured = process::output_until(cmd, stop).ok()?;
        if let Some(info) = parse_show_settings(&format!("{}\n{}", captured.stderr, captured.stdout)) {
            return Some(info);
        }
    }
    None
}

/// The subfolders of `dir`, sorted (none when it cannot be read).
fn children(dir: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(dir)
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_dir()).collect())
        .unwrap_or_default();
    dirs.sort();
    dirs
}

/// Candidate homes in the usual install folders of Windows.
#[cfg(windows)]
fn folder_homes() -> Vec<PathBuf> {
    const VENDOR_DIRS: [&str; 14] = [
        "Java",
        "Eclipse Adoptium",
        "Eclipse Foundation",
        "AdoptOpenJDK",
        "Zulu",
        "Azul",
        "Microsoft",
        "Amazon Corretto",
        "BellSoft",
        "Semeru",
        "RedHat",
        r"SapMachine\JDK",
        r"SapMachine\JRE",
        "OpenJDK",
    ];
    let mut bases: Vec<PathBuf> = Vec::new();
    for var in ["ProgramW6432", "ProgramFiles", "ProgramFiles(x86)"] {
        if let Some(dir) = std::env::var_os(var).map(PathBuf::from)
            && !bases.iter().any(|b| b.as_os_str().eq_ignore_ascii_case(dir.as_os_str()))
        {
            bases.push(dir);
        }
    }
    if let Some(local) = std::env::var_os("LOCALAPPDATA") {
        bases.push(PathBuf::from(local).join("Programs"));
    }
    let mut homes: Vec<PathBuf> =
        bases.iter().flat_map(|b| VENDOR_DIRS.iter().flat_map(|v| children(&b.join(v)))).collect();
    if let Some(profile) = std::env::var_os("USERPROFILE") {
        homes.extend(children(&PathBuf::from(profile).join(".jdks")));
    }
    homes
}

/// Candidate homes in the usual install folders of Linux and other Unix systems.
#[cfg(all(unix, not(target_os = "macos")))]
fn folder_homes() -> Vec<PathBuf> {
    let mut homes = Vec::new();
    for dir in ["/usr/lib/jvm", "/usr/lib64/jvm", "/usr/java", "/usr/local/java", "/opt/java"] {
        homes.extend(children(Path::new(dir)));
    }
    homes.push(PathBuf::from("/opt/java"));
    homes.extend(children(Path::new("/opt")).into_iter().filter(|dir| {
        let name = dir.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
        name != "java" && (name.contains("jdk") || name.contains("jre") || name.contains("java"))
    }));
    homes.extend(user_homes());
    homes
}

/// Candidate homes in the usual install folders of macOS.
#[cfg(target_os = "macos")]
fn folder_homes() -> Vec<PathBuf> {
    let mut roots =
        vec![PathBuf::from("/Library/Java/JavaVirtualMachines"), "/System/Library/Java/JavaVirtualMachines".into()];
    if let Some(user) = std::env::var_os("HOME") {
        roots.push(PathBuf::from(user).join("Library/Java/JavaVirtualMachines"));
    }
    let mut homes: Vec<PathBuf> = roots.iter().flat_map(|r| children(r)).map(|b| b.join("Contents/Home")).collect();
    homes.push("/Library/Internet Plug-Ins/JavaAppletPlugin.plugin/Contents/Home".into());
    for brew in ["/opt/homebrew/opt", "/usr/local/opt"] {
        homes.extend(
            children(Path::new(brew))
                .into_iter()
                .filter(|d| d.file_name().is_some_and(|n| n.to_string_lossy().starts_with("openjdk")))
                .map(|d| d.join("libexec/openjdk.jdk/Contents/Home")),
        );
    }
    homes.extend(user_homes());
    homes
}

/// Runtimes downloaded by IDEs and SDKMAN! into the user's home.
#[cfg(unix)]
fn user_homes() -> Vec<PathBuf> {
    let Some(user) = std::env::var_os("HOME").map(PathBuf::from) else { return Vec::new() };
    [".jdks", ".sdkman/candidates/java"].iter().flat_map(|d| children(&user.join(d))).collect()
}

/// macOS: what `/usr/libexec/java_home -V` lists (it starts no JVM), within a second and by `stop`.
#[cfg(target_os = "macos")]
fn mac_java_homes(stop: Instant) -> MacJavaHomes {
    let stop = stop.min(Instant::now() + std::time::Duration::from_secs(1));
    let mut cmd = Command::new("/usr/libexec/java_home");
    cmd.arg("-V");
    process::output_until(cmd, stop)
        .map(|c| parse_java_home_v(&format!("{}\n{}", c.stderr, c.stdout)))
        .unwrap_or_default()
}

#[cfg(not(target_os = "macos"))]
fn mac_java_homes(_stop: Instant) -> MacJavaHomes {
    MacJavaHomes::default()
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::registry::tests::FakeRegistry;
    use super::registry::{is_launcher, resolve_path_java, same_path};
    use super::*;
    use crate::environment::java::parse::tests::fixture;

    fn runtime(version: &str, vendor: Option<&str>, bits: Option<u8>) -> JavaRuntime {
        JavaRuntime {
            version: version.into(),
            vendor: vendor.map(Into::into),
            bits,
            home: PathBuf::new(),
            sources: vec![JavaSource::Folder],
            default: false,
        }
    }

    #[test]
    fn request_lines() {
        let cases = [
            (runtime("1.8.0_431", Some("Oracle Corporation"), Some(64)), "Java 1.8.0_431 (Oracle, 64-bit)"),
            (runtime("17.0.7", Some("Eclipse Adoptium"), Some(64)), "Java 17.0.7 (Eclipse Adoptium, 64-bit)"),
            (runtime("11.0.20", Some("Azul Systems, Inc."), Some(64)), "Java 11.0.20 (Azul Zulu, 64-bit)"),
            (runtime("17.0.14", Some("Amazon.com Inc."), Some(64)), "Java 17.0.14 (Amazon Corretto, 64-bit)"),
            (runtime("17.0.7", Some("Microsoft"), Some(64)), "Java 17.0.7 (Microsoft, 64-bit)"),
            (runtime("11.0.17", Some("BellSoft"), Some(32)), "Java 11.0.17 (BellSoft Liberica, 32-bit)"),
            (runtime("17.0.15", Some("Debian"), Some(64)), "Java 17.0.15 (Debian, 64-bit)"),
            (runtime("11.0.22", Some("Ubuntu"), None), "Java 11.0.22 (Ubuntu)"),
            (runtime("21.0.2", Some("N/A"), Some(64)), "Java 21.0.2 (N/A, 64-bit)"),
            (runtime("17.0.15", None, Some(64)), "Java 17.0.15 (64-bit)"),
            (runtime("17.0.15", Some(" "), None), "Java 17.0.15"),
            (runtime("17.0.15", None, None), "Java 17.0.15"),
        ];
        for (rt, line) in cases {
            assert_eq!(describe(&rt), line);
        }
    }

    #[test]
    fn default_first_then_newest() {
        let mut list = vec![
            runtime("1.8.0_431", None, None),
            runtime("17.0.15", None, None),
            JavaRuntime { default: true, ..runtime("1.8.0_45", None, None) },
            runtime("11.0.2", None, None),
            runtime("21", None, None),
        ];
        sort_runtimes(&mut list);
        let versions: Vec<&str> = list.iter().map(|r| r.version.as_str()).collect();
        assert_eq!(versions, ["1.8.0_45", "21", "17.0.15", "11.0.2", "1.8.0_431"]);
    }

    #[test]
    fn verbatim_paths_are_shown_plainly() {
        assert_eq!(strip_verbatim(r"\\?\C:\Program Files\Java\jre1.8.0_341"), r"C:\Program Files\Java\jre1.8.0_341");
        assert_eq!(strip_verbatim(r"\\?\UNC\server\share\jdk"), r"\\server\share\jdk");
        assert_eq!(strip_verbatim(r"\\?\Volume{1234}\jdk"), r"\\?\Volume{1234}\jdk");
        assert_eq!(strip_verbatim("/usr/lib/jvm"), "/usr/lib/jvm");
    }

    /// `where java` and then `<dir>>java -version` blocks: the executables, and each folder's output.
    fn where_transcript(text: &str) -> (Vec<String>, Vec<(String, String)>) {
        let mut exes = Vec::new();
        let mut outputs: Vec<(String, String)> = Vec::new();
        let mut in_where = false;
        for line in text.lines() {
            if line.trim().is_empty() {
                in_where = false;
            } else if line.ends_with(">where java") {
                in_where = true;
            } else if let Some(dir) = line.strip_suffix(">java -version") {
                outputs.push((dir.to_owned(), String::new()));
            } else if in_where {
                exes.push(line.trim().to_owned());
            } else if let Some((_, output)) = outputs.last_mut() {
                output.push_str(line);
                output.push('\n');
            }
        }
        (exes, outputs)
    }

    #[test]
    fn where_java_with_the_javapath_launcher() {
        let (exes, outputs) =
            where_transcript(&fixture("windows_where-java_javapath-shim_oracle8-x86-x64_microsoft11.txt"));
        assert_eq!(exes.len(), 4);
        assert_eq!(outputs.len(), 4);
        let output_of = |dir: &str| {
            let (_, text) =
                outputs.iter().find(|(d, _)| same_path(d, dir)).unwrap_or_else(|| panic!("no output for {dir}"));
            parse_version_output(text).unwrap()
        };
        // The registry as Oracle's 32-bit 8u341 installer leaves it (32-bit view); the zip-unpacked
        // C:\JDK8 and Microsoft's build write no JavaSoft key.
        let x86 = FakeRegistry::from_reg_query(
            r"HKEY_LOCAL_MACHINE\SOFTWARE\JavaSoft\Java Runtime Environment
    CurrentVersion    REG_SZ    1.8

HKEY_LOCAL_MACHINE\SOFTWARE\JavaSoft\Java Runtime Environment\1.8
    JavaHome    REG_SZ    C:\Program Files (x86)\Java\jre1.8.0_341

HKEY_LOCAL_MACHINE\SOFTWARE\JavaSoft\Java Runtime Environment\1.8.0_341
    JavaHome    REG_SZ    C:\Program Files (x86)\Java\jre1.8.0_341
",
        );
        let none = FakeRegistry::default();
        let registry = RegistryJava::read(&none, &x86, &none);
        assert_eq!(registry.current(), Some(r"C:\Program Files (x86)\Java\jre1.8.0_341"));

        let mut candidates = Vec::new();
        for exe in &exes {
            let home = resolve_path_java(exe, &registry).unwrap();
            assert!(!is_launcher(&home) && !home.contains("javapath"), "{home}");
            if is_launcher(exe) {
                assert_eq!(home, r"C:\Program Files (x86)\Java\jre1.8.0_341");
                // What the launcher started is that very runtime.
                let launcher_dir = &exe[..exe.rfind('\\').unwrap()];
                assert_eq!(output_of(launcher_dir), output_of(&format!(r"{home}\bin")));
            }
            candidates.push(home);
        }
        assert!(is_launcher(&exes[0]));
        assert!(exes[1..].iter().all(|e| !is_launcher(e)));
        // Without the registry the launcher stands for nothing and is left out.
        assert_eq!(resolve_path_java(&exes[0], &RegistryJava::default()), None);

        let found = merge(candidates.iter().map(|h| (PathBuf::from(h), h.to_lowercase(), JavaSource::Path)));
        let infos = found.iter().map(|f| Some(output_of(&format!(r"{}\bin", f.home.display())))).collect();
        let default_key = candidates[0].to_lowercase();
        let runtimes = finish(found, infos, Some(&default_key));
        let expected = |version: &str, vendor: &str, bits, home: &str, default| JavaRuntime {
            version: version.into(),
            vendor: Some(vendor.into()),
            bits: Some(bits),
            home: home.into(),
            sources: vec![JavaSource::Path],
            default,
        };
        assert_eq!(
            runtimes,
            [
                expected("1.8.0_341", "Oracle Corporation", 32, r"C:\Program Files (x86)\Java\jre1.8.0_341", true),
                expected("11.0.14.1", "Microsoft", 64, r"C:\Program Files\Microsoft\jdk-11.0.14.101-hotspot", false),
                expected("1.8.0_321", "Oracle Corporation", 64, r"C:\JDK8", false),
            ]
        );
        let lines: Vec<String> = runtimes.iter().map(describe).collect();
        assert_eq!(
            lines,
            [
                "Java 1.8.0_341 (Oracle, 32-bit)",
                "Java 11.0.14.1 (Microsoft, 64-bit)",
                "Java 1.8.0_321 (Oracle, 64-bit)"
            ]
        );
    }

    #[test]
    fn java_home_as_people_write_it() {
        let var = |name: &str| (name == "ProgramFiles").then(|| r"C:\Program Files".to_owned());
        let clean = |raw: &str, expand| clean_java_home(OsStr::new(raw), expand, var);
        let jdk = Some(PathBuf::from(r"C:\Program Files\Java\jdk-17"));
        assert_eq!(clean(r#""C:\Program Files\Java\jdk-17\";"#, true), jdk);
        assert_eq!(clean(r"C:\Program Files\Java\jdk-17;", false), jdk);
        assert_eq!(clean(r"%ProgramFiles%\Java\jdk-17\", true), jdk);
        assert_eq!(clean(r"%ProgramFiles%\Java\jdk-17", false), Some(PathBuf::from(r"%ProgramFiles%\Java\jdk-17")));
        assert_eq!(clean(r#"" ";"#, true), None);
        assert_eq!(clean("", true), None);
    }

    #[test]
    fn path_entries_with_variables() {
        let home = if cfg!(windows) { r"C:\jdk-17" } else { "/opt/jdk-17" };
        let var = |name: &str| name.eq_ignore_ascii_case("JAVA_HOME").then(|| home.to_owned());
        let with_var = format!("%JAVA_HOME%{}bin", std::path::MAIN_SEPARATOR);
        let path = std::env::join_paths([with_var.as_str(), "%NOPE%", "plain"]).unwrap();
        assert_eq!(path_dirs(&path, true, var), [Path::new(home).join("bin"), "%NOPE%".into(), "plain".into()]);
        assert_eq!(path_dirs(&path, false, var), [PathBuf::from(&with_var), "%NOPE%".into(), "plain".into()]);
    }

    /// `JAVA_HOME` quoted and ended by `;` and a separator, and (Windows) a PATH entry still reading
    /// `%JAVA_HOME%\bin`: both name the runtime, which is the default.
    #[test]
    fn java_home_wrapped_and_path_through_it() {
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path().join("jdk-17");
        fs::create_dir_all(home.join("bin")).unwrap();
        fs::write(java_exe(&home), "").unwrap();
        fs::write(home.join("release"), fixture("release_openjdk-17.0.15_debian12.txt")).unwrap();
        let sep = std::path::MAIN_SEPARATOR;
        let inputs = Inputs {
            java_home: Some(format!("\"{}{sep}\";", home.display()).into()),
            path: Some(format!("%JAVA_HOME%{sep}bin").into()),
            ..Inputs::default()
        };
        let found = detect_from(&inputs, Instant::now() + Duration::from_secs(5));
        assert!(found.launched.is_empty(), "{:?}", found.launched);
        let rt = &found.runtimes[..];
        assert_eq!(rt.len(), 1, "{rt:#?}");
        assert_eq!((rt[0].version.as_str(), rt[0].default), ("17.0.15", true));
        assert_eq!(identify(&rt[0].home).1, identify(&home).1);
        let sources: &[JavaSource] =
            if cfg!(windows) { &[JavaSource::JavaHome, JavaSource::Path] } else { &[JavaSource::JavaHome] };
        assert_eq!(rt[0].sources, sources);
    }

    #[test]
    fn detect_answers_by_its_deadline() {
        let deadline = Instant::now() + Duration::from_secs(3);
        let found = detect_report(deadline);
        assert!(Instant::now() < deadline, "the answer is in before the deadline");
        assert!(found.runtimes.iter().all(|r| !r.version.is_empty() && !r.sources.is_empty()));
        assert!(found.runtimes.iter().filter(|r| r.default).count() <= 1);
        assert!(found.runtimes.iter().skip(1).all(|r| !r.default), "the default comes first");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn finds_the_installed_openjdk_17_from_its_release_file_without_a_jvm() {
        let home = Path::new("/usr/lib/jvm/java-17-openjdk-amd64");
        if !home.join("release").is_file() {
            eprintln!("skipped: no OpenJDK 17 in {}", home.display());
            return;
        }
        let start = Instant::now();
        let found = detect_report(start + Duration::from_secs(3));
        let rt = found.runtimes.iter().find(|r| r.home == home).unwrap_or_else(|| panic!("{:#?}", found.runtimes));
        assert_eq!((rt.version.as_str(), rt.vendor.as_deref(), rt.bits), ("17.0.15", Some("Debian"), Some(64)));
        assert_eq!(describe(rt), "Java 17.0.15 (Debian, 64-bit)");
        assert!(rt.sources.contains(&JavaSource::Folder), "{:?}", rt.sources);
        // No JVM was started for it (release files are read in microseconds; a JVM takes ~50 ms).
        assert!(!found.launched.iter().any(|exe| exe.starts_with(home)), "{:?}", found.launched);
        // When it is the first `java` on PATH (here: /usr/bin/java → /etc/alternatives/java → …),
        // it is the default and comes first.
        let first_on_path = std::env::var_os("PATH")
            .and_then(|p| std::env::split_paths(&p).map(|d| d.join("java")).find(|j| j.is_file()))
            .and_then(|j| fs::canonicalize(j).ok());
        if first_on_path.as_deref() == Some(home.join("bin/java").as_path()) {
            assert!(rt.default && rt.sources.contains(&JavaSource::Path));
            assert_eq!(found.runtimes[0].home, home);
        }
    }

    #[cfg(unix)]
    mod fakes {
        use std::os::unix::fs::{PermissionsExt as _, symlink};

        use super::*;

        /// A home whose `bin/java` is a shell script running `body` (it logs its arguments to
        /// `<home>/args.log`), with a `release` file when one is given.
        fn fake_home(dir: &Path, name: &str, body: &str, release: Option<&str>) -> PathBuf {
            let home = dir.join(name);
            fs::create_dir_all(home.join("bin")).unwrap();
            let log = home.join("args.log");
            let script = format!("#!/bin/sh\necho \"$@\" >> '{}'\n{body}\n", log.display());
            let java = home.join("bin/java");
            fs::write(&java, script).unwrap();
            fs::set_permissions(&java, fs::Permissions::from_mode(0o755)).unwrap();
            if let Some(release) = release {
                fs::write(home.join("release"), fixture(release)).unwrap();
            }
            fs::canonicalize(home).unwrap()
        }

        fn prints(fixture_name: &str) -> String {
            format!("cat '{}/../shared/fixtures/detect/java/{fixture_name}' >&2", env!("CARGO_MANIFEST_DIR"))
        }

        fn runs(home: &Path) -> Vec<String> {
            fs::read_to_string(home.join("args.log")).unwrap_or_default().lines().map(str::to_owned).collect()
        }

        #[test]
        fn a_release_file_is_read_and_no_jvm_started() {
            let dir = tempfile::tempdir().unwrap();
            let home = fake_home(dir.path(), "temurin-25", "exit 1", Some("release_temurin-25.0.3.txt"));
            let found =
                inspect(vec![(home.clone(), JavaSource::Folder)], None, Instant::now() + Duration::from_secs(5));
            assert_eq!(found.launched, Vec::<PathBuf>::new());
            assert!(runs(&home).is_empty());
            let rt = &found.runtimes[0];
            assert_eq!(
                (rt.version.as_str(), rt.vendor.as_deref(), rt.bits),
                ("25.0.3", Some("Eclipse Adoptium"), Some(64))
            );
        }

        #[test]
        fn without_a_release_file_java_is_asked() {
            let dir = tempfile::tempdir().unwrap();
            let home = fake_home(
                dir.path(),
                "jre1.8.0_25",
                &prints("java-version_oracle-jre-1.8.0_25_win-x86-32bit.txt"),
                None,
            );
            let found =
                inspect(vec![(home.clone(), JavaSource::Folder)], None, Instant::now() + Duration::from_secs(5));
            assert_eq!(found.launched, [home.join("bin/java")]);
            assert_eq!(runs(&home), ["-XshowSettings:properties -version"]);
            assert_eq!(
                found.runtimes,
                [JavaRuntime {
                    version: "1.8.0_25".into(),
                    vendor: Some("Oracle Corporation".into()),
                    bits: Some(32),
                    home,
                    sources: vec![JavaSource::Folder],
                    default: false,
                }]
            );
        }

        #[test]
        fn properties_give_what_the_version_text_does_not() {
            let dir = tempfile::tempdir().unwrap();
            let home = fake_home(
                dir.path(),
                "jdk17",
                &prints("showsettings-properties_openjdk-17.0.15_linux-x64.stderr.txt"),
                None,
            );
            let found = inspect(vec![(home, JavaSource::Folder)], None, Instant::now() + Duration::from_secs(5));
            let rt = &found.runtimes[0];
            assert_eq!((rt.version.as_str(), rt.vendor.as_deref(), rt.bits), ("17.0.15", Some("Debian"), Some(64)));
        }

        #[test]
        fn an_old_java_without_show_settings_is_asked_again_plainly() {
            let dir = tempfile::tempdir().unwrap();
            let body = format!(
                "if [ \"$1\" = -XshowSettings:properties ]; then echo 'Unrecognized option: -XshowSettings:properties' >&2; \
                 exit 1; fi\n{}",
                prints("java-version_openjdk-7-icedtea_debian-jessie-i386-32bit.txt")
            );
            let home = fake_home(dir.path(), "java-7", &body, None);
            let found =
                inspect(vec![(home.clone(), JavaSource::Folder)], None, Instant::now() + Duration::from_secs(5));
            assert_eq!(runs(&home), ["-XshowSettings:properties -version", "-version"]);
            assert_eq!(found.launched.len(), 2);
            let rt = &found.runtimes[0];
            assert_eq!((rt.version.as_str(), rt.vendor.as_deref(), rt.bits), ("1.7.0_65", None, Some(32)));
        }

        #[test]
        fn hanging_javas_are_killed_in_time_and_left_out() {
            let dir = tempfile::tempdir().unwrap();
            // More than run at once: those not started by the deadline are not started at all.
            let mut candidates: Vec<(PathBuf, JavaSource)> = (0..JVMS_AT_ONCE + 2)
                .map(|i| (fake_home(dir.path(), &format!("hang{i}"), "exec sleep 30", None), JavaSource::Folder))
                .collect();
            let known = fake_home(dir.path(), "known", "exec sleep 30", Some("release_openjdk-17.0.15_debian12.txt"));
            candidates.push((known.clone(), JavaSource::Folder));
            let deadline = Instant::now() + Duration::from_millis(500);
            let found = inspect(candidates, None, deadline);
            assert!(Instant::now() < deadline, "the answer is in before the deadline");
            assert!((1..=JVMS_AT_ONCE).contains(&found.launched.len()), "{:?}", found.launched);
            // Only the runtime whose release file was read is listed.
            assert_eq!(found.runtimes.len(), 1);
            assert_eq!(
                (found.runtimes[0].home.as_path(), found.runtimes[0].version.as_str()),
                (known.as_path(), "17.0.15")
            );
        }

        #[test]
        fn a_slow_java_costs_only_its_own_runtime() {
            let dir = tempfile::tempdir().unwrap();
            let known = fake_home(dir.path(), "temurin-25", "exit 1", Some("release_temurin-25.0.3.txt"));
            // No `exec`: killing the shell leaves its `sleep` holding the pipes.
            let slow = fake_home(dir.path(), "slow", "sleep 10", None);
            let inputs = Inputs { folders: vec![slow.clone(), known.clone()], ..Inputs::default() };
            let deadline = Instant::now() + Duration::from_millis(600);
            let found = detect_from(&inputs, deadline);
            assert!(Instant::now() < deadline, "the answer is in before the deadline");
            assert_eq!(found.launched, [slow.join("bin/java")]);
            let summary: Vec<(&Path, &str)> =
                found.runtimes.iter().map(|r| (r.home.as_path(), r.version.as_str())).collect();
            assert_eq!(summary, [(known.as_path(), "25.0.3")]);
        }

        #[test]
        fn the_old_javapath_link_is_a_launcher() {
            let dir = tempfile::tempdir().unwrap();
            let jre =
                fake_home(dir.path(), "jre1.8.0_45", "exit 1", Some("release_oracle-1.8.0_45_windows-x64_partial.txt"));
            // C:\ProgramData\Oracle\Java\javapath\java.exe → …\javapath_target_1460109\java.exe.
            let oracle = dir.path().join("ProgramData/Oracle/Java");
            let target = oracle.join("javapath_target_1460109");
            fs::create_dir_all(&target).unwrap();
            fs::create_dir_all(oracle.join("javapath")).unwrap();
            fs::copy(jre.join("bin/java"), target.join("java")).unwrap();
            symlink(target.join("java"), oracle.join("javapath/java")).unwrap();
            let registry = RegistryJava {
                homes: vec![jre.to_string_lossy().into_owned()],
                current_64: Some(jre.to_string_lossy().into_owned()),
                ..RegistryJava::default()
            };
            let inputs = Inputs { path: Some(oracle.join("javapath").into()), registry, ..Inputs::default() };
            let (found, default) = candidates(&inputs);
            assert_eq!(found, [(jre.clone(), JavaSource::Path), (jre.clone(), JavaSource::Registry)]);
            assert_eq!(default.as_deref(), Some(jre.as_path()));
            // Without a CurrentVersion it stands for nothing, and is no runtime of its own.
            let (found, default) = candidates(&Inputs { registry: RegistryJava::default(), ..inputs });
            assert_eq!((found, default), (Vec::new(), None));
        }

        #[test]
        fn path_links_java_home_jdk8_jre_and_ncalayer_are_merged() {
            let dir = tempfile::tempdir().unwrap();
            let jdk = fake_home(dir.path(), "jdk-17", "exit 1", Some("release_openjdk-17.0.15_debian12.txt"));
            // PATH: a link chain like /usr/bin/java → /etc/alternatives/java → …/bin/java.
            let alternatives = dir.path().join("alternatives");
            let path_dir = dir.path().join("usr-bin");
            fs::create_dir_all(&alternatives).unwrap();
            fs::create_dir_all(&path_dir).unwrap();
            symlink(jdk.join("bin/java"), alternatives.join("java")).unwrap();
            symlink(alternatives.join("java"), path_dir.join("java")).unwrap();
            // JAVA_HOME names it through a linked folder.
            symlink(&jdk, dir.path().join("jdk-linked")).unwrap();
            // A JDK 8 with its inner jre, found through the jre.
            let jdk8 =
                fake_home(dir.path(), "jdk1.8.0_45", "exit 1", Some("release_oracle-1.8.0_45_windows-x64_partial.txt"));
            fake_home(&jdk8, "jre", "exit 1", None);
            // NCALayer's bundled runtimes, Windows and Linux layouts.
            let nca = dir.path().join("NCALayer");
            fake_home(&nca, "jre", "exit 1", Some("release_temurin-25.0.3.txt"));
            let nca_linux = dir.path().join("ncalayer-linux");
            let nca_linux_jre = nca_linux.join("additions/jre8_ncalayer");
            fake_home(
                &nca_linux.join("additions"),
                "jre8_ncalayer",
                "exit 1",
                Some("release_oracle-1.8.0_45_windows-x64_partial.txt"),
            );

            let inputs = Inputs {
                path: Some(std::env::join_paths([dir.path().join("nowhere"), path_dir.clone()]).unwrap()),
                java_home: Some(dir.path().join("jdk-linked").into()),
                folders: vec![jdk8.join("jre"), dir.path().join("missing"), jdk.clone()],
                ncalayer_homes: vec![nca.join("jre"), nca_linux_jre.clone(), dir.path().join("no-ncalayer/jre")],
                ..Inputs::default()
            };
            let (found, default) = candidates(&inputs);
            assert_eq!(default.as_deref(), Some(jdk.as_path()), "the first java on PATH");
            let found = inspect(found, default.as_deref(), Instant::now() + Duration::from_secs(5));
            assert!(found.launched.is_empty(), "{:?}", found.launched);
            let summary: Vec<(&Path, &str, &[JavaSource], bool)> = found
                .runtimes
                .iter()
                .map(|r| (r.home.as_path(), r.version.as_str(), r.sources.as_slice(), r.default))
                .collect();
            assert_eq!(
                summary,
                [
                    (jdk.as_path(), "17.0.15", &[JavaSource::JavaHome, JavaSource::Path, JavaSource::Folder][..], true),
                    (nca.join("jre").as_path(), "25.0.3", &[JavaSource::NcaLayer][..], false),
                    (jdk8.as_path(), "1.8.0_45", &[JavaSource::Folder][..], false),
                    (nca_linux_jre.as_path(), "1.8.0_45", &[JavaSource::NcaLayer][..], false),
                ]
            );

            // Without PATH, JAVA_HOME is the default.
            let (_, default) = candidates(&Inputs { path: None, ..inputs.clone() });
            assert_eq!(default.as_deref(), Some(dir.path().join("jdk-linked").as_path()));
            // JAVA_HOME pointing at bin/ is understood.
            let (found_home, _) = candidates(&Inputs { path: None, java_home: Some(jdk.join("bin").into()), ..inputs });
            assert_eq!(found_home[0], (jdk, JavaSource::JavaHome));
        }
    }
}
