//! Where Windows records its Java runtimes (the JavaSoft keys and the vendors' own keys, in the
//! 32- and 64-bit views), and what a `java` found on PATH stands for: a runtime's own
//! `<home>\bin\java.exe`, or Oracle's `javapath` launcher, which starts the registry's
//! CurrentVersion and is no runtime itself.
//!
//! Pure: the registry is read through [`RegistryView`], so the logic is tested on any platform
//! with registry data written down as text; paths are strings with either separator.

/// One view (32- or 64-bit) of one registry hive; key paths are relative to the hive
/// (`SOFTWARE\JavaSoft\…`) and compare without regard to case.
pub trait RegistryView {
    /// The names of a key's subkeys (none when the key is missing).
    fn subkeys(&self, path: &str) -> Vec<String>;
    /// A string value of a key.
    fn string(&self, path: &str, name: &str) -> Option<String>;
}

/// Oracle's (and some others') keys under `SOFTWARE\JavaSoft`: each has one subkey per version
/// with a `JavaHome`, and a `CurrentVersion` naming the default one. Browsers' and `javapath`'s
/// choice first.
pub const JAVASOFT_FAMILIES: [&str; 4] = ["Java Runtime Environment", "JRE", "JDK", "Java Development Kit"];

/// Vendors' own keys, walked a few levels deep for a home-valued entry: Eclipse Adoptium's
/// `JDK\<ver>\hotspot\MSI` `Path`, Azul's `Zulu\<name>` `InstallationPath`, Microsoft's
/// `JDK\<ver>\hotspot\MSI` `Path`…
pub const VENDOR_KEYS: [&str; 12] = [
    r"SOFTWARE\Eclipse Adoptium",
    r"SOFTWARE\Eclipse Foundation",
    r"SOFTWARE\AdoptOpenJDK",
    r"SOFTWARE\Azul Systems\Zulu",
    r"SOFTWARE\Microsoft\JDK",
    r"SOFTWARE\BellSoft",
    r"SOFTWARE\Amazon Corretto",
    r"SOFTWARE\Amazon\Corretto",
    r"SOFTWARE\Semeru",
    r"SOFTWARE\SapMachine",
    r"SOFTWARE\RedHat",
    r"SOFTWARE\JetBrains\JBR",
];

/// The value names that hold a home under [`VENDOR_KEYS`].
const HOME_VALUES: [&str; 4] = ["JavaHome", "Path", "InstallationPath", "InstallLocation"];

/// How deep under a vendor key homes are looked for, and how many keys at most are opened there.
const VENDOR_DEPTH: usize = 4;
const VENDOR_KEY_LIMIT: usize = 256;

/// A home as written in the registry or `JAVA_HOME`, without surrounding blanks, quotes or `;`
/// (`"C:\Program Files\Java\jdk-17";`) and without trailing separators (a drive's root `C:\`
/// and `/` stay whole). `None` when nothing is left.
pub fn clean_home(raw: &str) -> Option<String> {
    let home = raw.trim_matches(|c: char| c.is_whitespace() || c == '"' || c == ';');
    let trimmed = home.trim_end_matches(['\\', '/']);
    let home =
        if trimmed.is_empty() || trimmed.ends_with(':') { &home[..home.len().min(trimmed.len() + 1)] } else { trimmed };
    (!home.is_empty()).then(|| home.to_owned())
}

fn push_unique(list: &mut Vec<String>, home: String) {
    if !list.iter().any(|h| same_path(h, &home)) {
        list.push(home);
    }
}

/// Two Windows paths naming the same place as written: case and separators aside.
pub fn same_path(a: &str, b: &str) -> bool {
    let norm = |s: &str| s.replace('/', "\\").to_lowercase();
    norm(a) == norm(b)
}

/// Every home one registry view names, in the order read (JavaSoft first), without repeats.
pub fn registry_homes(reg: &dyn RegistryView) -> Vec<String> {
    let mut homes = Vec::new();
    for family in JAVASOFT_FAMILIES {
        let key = format!(r"SOFTWARE\JavaSoft\{family}");
        for version in reg.subkeys(&key) {
            if let Some(home) = reg.string(&format!(r"{key}\{version}"), "JavaHome").as_deref().and_then(clean_home) {
                push_unique(&mut homes, home);
            }
        }
    }
    for root in VENDOR_KEYS {
        let mut pending = vec![(root.to_owned(), 0)];
        let mut opened = 0;
        while let Some((key, depth)) = pending.pop() {
            opened += 1;
            if opened > VENDOR_KEY_LIMIT {
                break;
            }
            for name in HOME_VALUES {
                if let Some(home) = reg.string(&key, name).as_deref().and_then(clean_home) {
                    push_unique(&mut homes, home);
                }
            }
            if depth < VENDOR_DEPTH {
                // Reversed onto the stack, so subkeys are visited in the registry's order.
                pending.extend(reg.subkeys(&key).into_iter().rev().map(|sub| (format!(r"{key}\{sub}"), depth + 1)));
            }
        }
    }
    homes
}

/// The home of the CurrentVersion of the first JavaSoft family that has one.
pub fn registry_current_home(reg: &dyn RegistryView) -> Option<String> {
    JAVASOFT_FAMILIES.iter().find_map(|family| {
        let key = format!(r"SOFTWARE\JavaSoft\{family}");
        let current = reg.string(&key, "CurrentVersion")?;
        reg.string(&format!(r"{key}\{}", current.trim()), "JavaHome").as_deref().and_then(clean_home)
    })
}

/// What the registry says about Java, from the 64-bit and 32-bit views of HKLM and the user's
/// own keys.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegistryJava {
    /// Every home named, 64-bit view first, without repeats.
    pub homes: Vec<String>,
    /// The CurrentVersion's home in the 64-bit view.
    pub current_64: Option<String>,
    /// The CurrentVersion's home in the 32-bit view.
    pub current_32: Option<String>,
}

impl RegistryJava {
    pub fn read(machine_64: &dyn RegistryView, machine_32: &dyn RegistryView, user: &dyn RegistryView) -> Self {
        let mut homes = Vec::new();
        for view in [machine_64, machine_32, user] {
            for home in registry_homes(view) {
                push_unique(&mut homes, home);
            }
        }
        Self { homes, current_64: registry_current_home(machine_64), current_32: registry_current_home(machine_32) }
    }

    /// The default runtime as the registry has it: the 64-bit CurrentVersion, else the 32-bit one.
    pub fn current(&self) -> Option<&str> {
        self.current_64.as_deref().or(self.current_32.as_deref())
    }
}

fn split_last(path: &str) -> Option<(&str, &str)> {
    path.rfind(['\\', '/']).map(|at| (&path[..at], &path[at + 1..]))
}

/// The home of a runtime's `java` executable: `<home>/bin/java[.exe]`, else `None`.
pub fn home_of_exe(exe: &str) -> Option<String> {
    let (dir, file) = split_last(exe)?;
    let file = file.to_ascii_lowercase();
    if !matches!(file.as_str(), "java" | "java.exe" | "javaw.exe") {
        return None;
    }
    let (home, bin) = split_last(dir)?;
    if !bin.eq_ignore_ascii_case("bin") || home.is_empty() {
        return None;
    }
    Some(if home.ends_with(':') { format!("{home}\\") } else { home.to_owned() })
}

/// The bitness of this process.
const PROCESS_BITS: u8 = if cfg!(target_pointer_width = "64") { 64 } else { 32 };

/// Which registry view a launcher that is no runtime reads, when `exe` (as found, links not
/// resolved) is one: Oracle's `…\Oracle\Java\javapath\java.exe` (and `java8path`; the copy under
/// `Program Files (x86)` is 32-bit and reads the 32-bit view, the others the 64-bit one), or the
/// `java.exe` old Oracle installers put into the Windows folder's `SysWOW64` (32-bit) and
/// `System32`.
///
/// `System32` is what this process sees there: its own kind, since a 32-bit process on 64-bit
/// Windows is shown `SysWOW64` under that name (and on 32-bit Windows everything is 32-bit);
/// such a process reaches the real, 64-bit one as `Sysnative`.
pub fn launcher_bits(exe: &str) -> Option<u8> {
    launcher_bits_in(exe, PROCESS_BITS)
}

/// [`launcher_bits`] as a process of `process_bits` sees it.
fn launcher_bits_in(exe: &str, process_bits: u8) -> Option<u8> {
    let path = exe.replace('/', "\\").to_lowercase();
    let dir = split_last(&path)?.0;
    let bits_by_folder = if path.contains(r"\program files (x86)\") { 32 } else { 64 };
    if dir.ends_with(r"\oracle\java\javapath") || dir.ends_with(r"\oracle\java\java8path") {
        Some(bits_by_folder)
    } else if dir.ends_with(r"\windows\syswow64") {
        Some(32)
    } else if dir.ends_with(r"\windows\sysnative") {
        Some(64)
    } else if dir.ends_with(r"\windows\system32") {
        Some(process_bits)
    } else {
        None
    }
}

/// Whether `exe` is a launcher that starts another runtime (see [`launcher_bits`]).
pub fn is_launcher(exe: &str) -> bool {
    launcher_bits(exe).is_some()
}

/// The home a `java` found on PATH stands for (after links are resolved): a launcher's
/// CurrentVersion home in the view it reads (else the other view), a runtime's own home; `None`
/// when that cannot be told (a launcher with no CurrentVersion is skipped, never listed).
pub fn resolve_path_java(exe: &str, registry: &RegistryJava) -> Option<String> {
    match launcher_bits(exe) {
        Some(32) => registry.current_32.clone().or_else(|| registry.current_64.clone()),
        Some(_) => registry.current_64.clone().or_else(|| registry.current_32.clone()),
        None => home_of_exe(exe),
    }
}

pub use crate::environment::formats::expand_vars;

/// Reads the registry of this machine.
#[cfg(windows)]
pub fn read_system() -> RegistryJava {
    use crate::environment::windows::{self as win, Hive, View};

    struct Win(Hive, View);
    impl RegistryView for Win {
        fn subkeys(&self, path: &str) -> Vec<String> {
            win::subkeys(self.0, path, self.1)
        }
        fn string(&self, path: &str, name: &str) -> Option<String> {
            win::string(self.0, path, name, self.1).map(|v| expand_vars(&v, |n| std::env::var(n).ok()))
        }
    }
    RegistryJava::read(
        &Win(Hive::LocalMachine, View::Wow64),
        &Win(Hive::LocalMachine, View::Wow32),
        &Win(Hive::CurrentUser, View::Native),
    )
}

#[cfg(test)]
pub(crate) mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::environment::java::parse::tests::fixture;

    /// Registry data as `reg query` prints it: `HKEY_…\key` lines (the hive is dropped), then
    /// `    name    REG_SZ    value` lines for that key's values. Subkeys are the keys listed under
    /// a key.
    #[derive(Debug, Default)]
    pub(crate) struct FakeRegistry {
        /// Lower-cased path → (path as written, values).
        keys: BTreeMap<String, (String, Vec<(String, String)>)>,
    }

    impl FakeRegistry {
        pub(crate) fn from_reg_query(text: &str) -> Self {
            let mut reg = Self::default();
            let mut current = None;
            for line in text.lines() {
                let key_line = line.trim();
                if let Some(path) = key_line
                    .strip_prefix(r"HKEY_LOCAL_MACHINE\")
                    .or_else(|| key_line.strip_prefix(r"HKEY_CURRENT_USER\"))
                {
                    reg.add_key(path);
                    current = Some(path.to_lowercase());
                } else if line.starts_with("    ")
                    && let Some(key) = &current
                {
                    let fields: Vec<&str> = line.trim().split("    ").collect();
                    if let [name, kind, value @ ..] = fields.as_slice()
                        && kind.starts_with("REG_")
                    {
                        let value = value.join("    ");
                        reg.keys.get_mut(key).unwrap().1.push(((*name).to_owned(), value));
                    }
                }
            }
            reg
        }

        fn add_key(&mut self, path: &str) {
            // Every parent exists too.
            let mut at = 0;
            while let Some(sep) = path[at..].find('\\') {
                let parent = &path[..at + sep];
                self.keys.entry(parent.to_lowercase()).or_insert_with(|| (parent.to_owned(), Vec::new()));
                at += sep + 1;
            }
            self.keys.entry(path.to_lowercase()).or_insert_with(|| (path.to_owned(), Vec::new()));
        }
    }

    impl RegistryView for FakeRegistry {
        fn subkeys(&self, path: &str) -> Vec<String> {
            let prefix = format!("{}\\", path.to_lowercase());
            self.keys
                .iter()
                .filter_map(|(lower, (written, _))| {
                    let rest = lower.strip_prefix(&prefix)?;
                    (!rest.contains('\\')).then(|| written[prefix.len()..].to_owned())
                })
                .collect()
        }
        fn string(&self, path: &str, name: &str) -> Option<String> {
            let (_, values) = self.keys.get(&path.to_lowercase())?;
            values.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.clone())
        }
    }

    #[test]
    fn reg_query_of_an_oracle_8u144_install() {
        let text = fixture("reg-query_JavaSoft-JRE-1.8_oracle8u144.txt");
        let reg = FakeRegistry::from_reg_query(&text);
        let jre = r"SOFTWARE\JavaSoft\Java Runtime Environment";
        assert_eq!(reg.string(jre, "CurrentVersion").as_deref(), Some("1.8"));
        assert_eq!(reg.string(jre, "BrowserJavaVersion").as_deref(), Some("11.144.2"));
        assert_eq!(reg.subkeys(jre), ["1.8", "1.8.0_144"]);
        // The transcript does not show the version keys' values: no home yet.
        assert_eq!(registry_homes(&reg), Vec::<String>::new());
        assert_eq!(registry_current_home(&reg), None);

        // With the JavaHome values such an install writes (`reg query …\1.8` and `…\1.8.0_144`).
        let full = format!(
            "{text}\nHKEY_LOCAL_MACHINE\\Software\\JavaSoft\\Java Runtime Environment\\1.8\n    JavaHome    REG_SZ    \
             C:\\Program Files\\Java\\jre1.8.0_144\n    MicroVersion    REG_SZ    0\n\n\
             HKEY_LOCAL_MACHINE\\Software\\JavaSoft\\Java Runtime Environment\\1.8.0_144\n    JavaHome    REG_SZ    \
             C:\\Program Files\\Java\\jre1.8.0_144\\\n"
        );
        let reg = FakeRegistry::from_reg_query(&full);
        assert_eq!(registry_homes(&reg), [r"C:\Program Files\Java\jre1.8.0_144"]);
        assert_eq!(registry_current_home(&reg).as_deref(), Some(r"C:\Program Files\Java\jre1.8.0_144"));
    }

    #[test]
    fn vendor_keys_in_both_views() {
        let machine_64 = FakeRegistry::from_reg_query(
            r"
HKEY_LOCAL_MACHINE\SOFTWARE\Eclipse Adoptium\JDK\17.0.7.7\hotspot\MSI
    Path    REG_SZ    C:\Program Files\Eclipse Adoptium\jdk-17.0.7.7-hotspot\
    Main_Feature    REG_DWORD    0x1

HKEY_LOCAL_MACHINE\SOFTWARE\Azul Systems\Zulu\zulu-11
    InstallationPath    REG_SZ    C:\Program Files\Zulu\zulu-11\

HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\JDK\17.0.7.7\hotspot\MSI
    Path    REG_SZ    C:\Program Files\Microsoft\jdk-17.0.7.7-hotspot\

HKEY_LOCAL_MACHINE\SOFTWARE\JavaSoft\JDK
    CurrentVersion    REG_SZ    17

HKEY_LOCAL_MACHINE\SOFTWARE\JavaSoft\JDK\17
    JavaHome    REG_SZ    C:\Program Files\Eclipse Adoptium\jdk-17.0.7.7-hotspot
",
        );
        let machine_32 = FakeRegistry::from_reg_query(
            r"
HKEY_LOCAL_MACHINE\SOFTWARE\JavaSoft\Java Runtime Environment
    CurrentVersion    REG_SZ    1.8

HKEY_LOCAL_MACHINE\SOFTWARE\JavaSoft\Java Runtime Environment\1.8
    JavaHome    REG_SZ    C:\Program Files (x86)\Java\jre1.8.0_341
",
        );
        let user = FakeRegistry::from_reg_query(
            r#"
HKEY_CURRENT_USER\SOFTWARE\BellSoft\Liberica\17
    InstallationPath    REG_SZ    "C:\Users\u\AppData\Local\Programs\BellSoft\LibericaJDK-17\"
"#,
        );
        let java = RegistryJava::read(&machine_64, &machine_32, &user);
        assert_eq!(
            java.homes,
            [
                r"C:\Program Files\Eclipse Adoptium\jdk-17.0.7.7-hotspot",
                r"C:\Program Files\Zulu\zulu-11",
                r"C:\Program Files\Microsoft\jdk-17.0.7.7-hotspot",
                r"C:\Program Files (x86)\Java\jre1.8.0_341",
                r"C:\Users\u\AppData\Local\Programs\BellSoft\LibericaJDK-17",
            ]
        );
        assert_eq!(java.current_64.as_deref(), Some(r"C:\Program Files\Eclipse Adoptium\jdk-17.0.7.7-hotspot"));
        assert_eq!(java.current_32.as_deref(), Some(r"C:\Program Files (x86)\Java\jre1.8.0_341"));
        assert_eq!(java.current(), java.current_64.as_deref());
    }

    #[test]
    fn launchers_and_homes_of_executables() {
        assert!(is_launcher(r"C:\Program Files (x86)\Common Files\Oracle\Java\javapath\java.exe"));
        assert!(is_launcher(r"C:\Program Files\Common Files\Oracle\Java\javapath\java.exe"));
        assert!(is_launcher(r"C:\ProgramData\Oracle\Java\javapath\java.exe"));
        assert!(is_launcher(r"C:\Program Files (x86)\Common Files\Oracle\Java\java8path\java.exe"));
        assert!(is_launcher(r"C:\WINDOWS\system32\java.exe"));
        assert_eq!(launcher_bits(r"C:\Program Files (x86)\Common Files\Oracle\Java\JAVAPATH\java.exe"), Some(32));
        assert_eq!(launcher_bits(r"C:\Program Files\Common Files\Oracle\Java\javapath\java.exe"), Some(64));
        assert_eq!(launcher_bits(r"C:\Windows\SysWOW64\java.exe"), Some(32));
        // System32 is SysWOW64 to a 32-bit process on 64-bit Windows; Sysnative is the real one.
        assert_eq!(launcher_bits_in(r"C:\WINDOWS\system32\java.exe", 64), Some(64));
        assert_eq!(launcher_bits_in(r"C:\WINDOWS\system32\java.exe", 32), Some(32));
        assert_eq!(launcher_bits_in(r"C:\Windows\Sysnative\java.exe", 32), Some(64));
        assert_eq!(launcher_bits(r"C:\Windows\System32\java.exe"), Some(PROCESS_BITS));
        assert_eq!(launcher_bits(r"C:\ProgramData\Oracle\Java\javapath\java.exe"), Some(64));
        assert!(!is_launcher(r"C:\Program Files\Java\jre1.8.0_341\bin\java.exe"));
        assert!(!is_launcher("/usr/lib/jvm/java-17-openjdk-amd64/bin/java"));

        assert_eq!(home_of_exe(r"C:\JDK8\bin\java.exe").as_deref(), Some(r"C:\JDK8"));
        assert_eq!(home_of_exe(r"C:\bin\java.exe").as_deref(), Some(r"C:\"));
        assert_eq!(
            home_of_exe("/usr/lib/jvm/java-17-openjdk-amd64/bin/java").as_deref(),
            Some("/usr/lib/jvm/java-17-openjdk-amd64")
        );
        assert_eq!(home_of_exe("/bin/java"), None);
        assert_eq!(home_of_exe("/home/u/.jenv/shims/java"), None);
        assert_eq!(home_of_exe(r"C:\Tools\java.exe"), None);
        assert_eq!(home_of_exe(r"C:\JDK8\bin\javac.exe"), None);

        let empty = RegistryJava::default();
        assert_eq!(
            resolve_path_java(r"C:\Program Files (x86)\Common Files\Oracle\Java\javapath\java.exe", &empty),
            None
        );
        let only_64 =
            RegistryJava { current_64: Some(r"C:\Program Files\Java\jre-1.8".into()), ..RegistryJava::default() };
        assert_eq!(
            resolve_path_java(r"C:\Program Files (x86)\Common Files\Oracle\Java\javapath\java.exe", &only_64)
                .as_deref(),
            Some(r"C:\Program Files\Java\jre-1.8"),
            "the other view when the launcher's own has none"
        );
    }

    #[test]
    fn homes_without_what_they_are_wrapped_in() {
        for (raw, home) in [
            (r"C:\Program Files\Java\jdk-17", r"C:\Program Files\Java\jdk-17"),
            (r#""C:\Program Files\Java\jdk-17""#, r"C:\Program Files\Java\jdk-17"),
            (r#" "C:\Program Files\Java\jdk-17\"; "#, r"C:\Program Files\Java\jdk-17"),
            (r"C:\Program Files\Java\jdk-17\;", r"C:\Program Files\Java\jdk-17"),
            (r"C:\Program Files\Java\jdk-17;", r"C:\Program Files\Java\jdk-17"),
            (r"C:\Program Files\Java\jdk-17\\", r"C:\Program Files\Java\jdk-17"),
            (r"C:\", r"C:\"),
            (r"C:\\;", r"C:\"),
            ("C:", "C:"),
            ("/usr/lib/jvm/java-17/", "/usr/lib/jvm/java-17"),
            ("/", "/"),
        ] {
            assert_eq!(clean_home(raw).as_deref(), Some(home), "{raw}");
        }
        for raw in ["", " ", r#""""#, ";", r#"";"#] {
            assert_eq!(clean_home(raw), None, "{raw}");
        }
    }

    #[test]
    fn environment_variables_in_values() {
        let lookup = |name: &str| (name == "ProgramFiles").then(|| r"C:\Program Files".to_owned());
        assert_eq!(expand_vars(r"%ProgramFiles%\Java\jre1.8.0_341", lookup), r"C:\Program Files\Java\jre1.8.0_341");
        assert_eq!(expand_vars(r"%Nope%\x 100%", lookup), r"%Nope%\x 100%");
        assert_eq!(expand_vars("%%", lookup), "%%");
        assert_eq!(expand_vars("plain", lookup), "plain");
    }
}
