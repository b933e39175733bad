//! Pure parsers of what a Java runtime says about itself: its `release` file, the output of
//! `java -version`, `java --version` and `java -XshowSettings:properties -version`, and macOS's
//! `/usr/libexec/java_home -V`. (The header of its `java` executable is read by
//! [`crate::environment::formats`].)

use std::cmp::Ordering;
use std::collections::HashMap;

/// What is known about one runtime.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JavaInfo {
    /// As the runtime names itself: "1.8.0_431", "17.0.15", "21".
    pub version: Option<String>,
    /// As the runtime names its maker (the `IMPLEMENTOR` of a `release` file, the `java.vendor`
    /// property): "Oracle Corporation", "Eclipse Adoptium", "Debian"…
    pub vendor: Option<String>,
    /// 32 or 64.
    pub bits: Option<u8>,
    /// The full build: "17.0.15+6-Debian-1deb12u1", "1.8.0_25-b18".
    pub runtime_version: Option<String>,
}

impl JavaInfo {
    /// Fills what `self` does not know from `other`.
    #[must_use]
    pub fn or(self, other: Self) -> Self {
        Self {
            version: self.version.or(other.version),
            vendor: self.vendor.or(other.vendor),
            bits: self.bits.or(other.bits),
            runtime_version: self.runtime_version.or(other.runtime_version),
        }
    }
}

fn non_empty(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

/// The bitness of an architecture name (`OS_ARCH`, `os.arch`, `java_home -V`'s arch).
pub fn arch_bits(arch: &str) -> Option<u8> {
    let arch = arch.trim().to_ascii_lowercase();
    if arch.contains("64") || matches!(arch.as_str(), "s390x" | "sparcv9") {
        Some(64)
    } else if matches!(arch.as_str(), "i386" | "i486" | "i586" | "i686" | "x86" | "ppc" | "s390" | "sparc")
        || arch.starts_with("arm")
    {
        Some(32)
    } else {
        None
    }
}

/// Parses a runtime's `release` file (`KEY="value"` lines). `None` without a `JAVA_VERSION`.
///
/// Oracle's own Java 8 builds name no `IMPLEMENTOR`; their `SOURCE` lists Oracle's closed
/// repositories (`hotspot/src/closed:…`) or `BUILD_TYPE` says "commercial": those are Oracle's.
pub fn parse_release(text: &str) -> Option<JavaInfo> {
    let mut fields: HashMap<&str, &str> = HashMap::new();
    for line in text.lines() {
        let Some((key, value)) = line.split_once('=') else { continue };
        let key = key.trim();
        if key.is_empty() || !key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            continue;
        }
        let value = value.trim();
        let value = value.strip_prefix('"').unwrap_or(value);
        let value = value.strip_suffix('"').unwrap_or(value);
        fields.entry(key).or_insert(value);
    }
    let field = |key: &str| fields.get(key).and_then(|v| non_empty(v));
    let version = field("JAVA_VERSION")?;
    let oracle = field("SOURCE").is_some_and(|s| s.contains("/closed:") || s.contains("/closed "))
        || field("BUILD_TYPE").is_some_and(|t| t.eq_ignore_ascii_case("commercial"));
    Some(JavaInfo {
        version: Some(version),
        vendor: field("IMPLEMENTOR").or_else(|| oracle.then(|| "Oracle Corporation".to_owned())),
        bits: field("OS_ARCH").as_deref().and_then(arch_bits),
        runtime_version: field("JAVA_RUNTIME_VERSION"),
    })
}

/// The version a first line of `java -version` (`java version "1.8.0_25"`,
/// `openjdk version "17.0.15" 2025-04-15`) or `java --version` (`openjdk 17.0.15 2025-04-15`)
/// names, as written.
fn first_line_version(line: &str) -> Option<&str> {
    let line = line.trim();
    let rest = line.strip_prefix("java ").or_else(|| line.strip_prefix("openjdk "))?.trim_start();
    let rest = rest.strip_prefix("version ").map_or(rest, str::trim_start);
    let version = match rest.strip_prefix('"') {
        Some(quoted) => quoted.split('"').next()?,
        None => rest.split_whitespace().next()?,
    };
    version.starts_with(|c: char| c.is_ascii_digit()).then_some(version)
}

/// Distributions, by what their `-version` text says of them, and the vendor name they give
/// themselves elsewhere (`IMPLEMENTOR`, `java.vendor`). Specific names before Oracle's marks:
/// IBM's Java 8 also says "Java(TM) SE Runtime Environment".
const VENDOR_MARKS: &[(&str, &str)] = &[
    ("Temurin", "Eclipse Adoptium"),
    ("AdoptOpenJDK", "AdoptOpenJDK"),
    ("Corretto", "Amazon.com Inc."),
    ("Zulu", "Azul Systems, Inc."),
    ("Microsoft", "Microsoft"),
    ("Semeru", "IBM Corporation"),
    ("IBM J9", "IBM Corporation"),
    ("BellSoft", "BellSoft"),
    ("Liberica", "BellSoft"),
    ("SapMachine", "SAP SE"),
    ("GraalVM CE", "GraalVM Community"),
    ("Oracle GraalVM", "Oracle Corporation"),
    ("JBR-", "JetBrains s.r.o."),
    ("Red_Hat", "Red Hat, Inc."),
    ("Red Hat", "Red Hat, Inc."),
    ("-Debian-", "Debian"),
    ("-Ubuntu-", "Ubuntu"),
    ("Java(TM)", "Oracle Corporation"),
    ("HotSpot(TM)", "Oracle Corporation"),
];

/// Parses the output of `java -version` (standard error) or `java --version` (standard output).
/// `None` when no line names a version. Lines before it ("Picked up JAVA_TOOL_OPTIONS…") are
/// skipped.
///
/// The vendor comes from the distribution's mark in the text (Liberica's older builds put
/// "-BellSoft" into the version, which is then dropped from it); stock builds that name nobody
/// (Liberica 11.0.17, IcedTea) give none. Bits: "64-Bit" in the VM's line, else 32 for a
/// "Client VM" or "Server VM" without it.
pub fn parse_version_output(text: &str) -> Option<JavaInfo> {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.iter().position(|l| first_line_version(l).is_some())?;
    let raw_version = first_line_version(lines[start])?;
    let rest = &lines[start + 1..];
    let marks = format!("{raw_version}\n{}", rest.join("\n"));
    let vendor = VENDOR_MARKS.iter().find(|(mark, _)| marks.contains(mark)).map(|&(_, v)| v.to_owned());
    let version = raw_version.replace("-BellSoft", "");
    let lower = rest.join("\n").to_ascii_lowercase();
    let bits = if lower.contains("64-bit") {
        Some(64)
    } else if lower.contains("32-bit")
        || lower.contains("x86-32")
        || lower.contains("client vm")
        || lower.contains("server vm")
    {
        Some(32)
    } else {
        None
    };
    // The runtime's build, from the line after the version (the VM's line has the VM's build).
    let runtime_version = rest.first().and_then(|l| {
        let build = l.split("(build ").nth(1)?;
        non_empty(build.split([')', ',']).next()?)
    });
    Some(JavaInfo { version: Some(version), vendor, bits, runtime_version })
}

/// Parses the output of `java -XshowSettings:properties -version` (standard error, then standard
/// output): `java.version`, `java.vendor`, `sun.arch.data.model` (else `os.arch`) and
/// `java.runtime.version`, completed by the `-version` text that follows them.
pub fn parse_show_settings(text: &str) -> Option<JavaInfo> {
    let mut props: HashMap<&str, &str> = HashMap::new();
    for line in text.lines() {
        let line = line.trim();
        let (key, value) = match line.split_once(" = ") {
            Some(kv) => kv,
            None => match line.strip_suffix(" =") {
                Some(key) => (key, ""),
                None => continue,
            },
        };
        if !key.contains(char::is_whitespace) {
            props.entry(key).or_insert(value);
        }
    }
    let prop = |key: &str| props.get(key).and_then(|v| non_empty(v));
    let bits = match prop("sun.arch.data.model").as_deref() {
        Some("64") => Some(64),
        Some("32") => Some(32),
        _ => prop("os.arch").as_deref().and_then(arch_bits),
    };
    let from_props = JavaInfo {
        version: prop("java.version"),
        vendor: prop("java.vendor"),
        bits,
        runtime_version: prop("java.runtime.version"),
    };
    let info = from_props.or(parse_version_output(text).unwrap_or_default());
    info.version.is_some().then_some(info)
}

/// One runtime listed by macOS's `/usr/libexec/java_home -V`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MacJvm {
    pub version: String,
    pub bits: Option<u8>,
    /// Named by the newer format only ("Eclipse Temurin", "Homebrew").
    pub vendor: Option<String>,
    pub home: String,
}

/// What `/usr/libexec/java_home -V` printed: the list (standard error) and the default home
/// (standard output), in that order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MacJavaHomes {
    pub jvms: Vec<MacJvm>,
    pub default: Option<String>,
}

/// Parses `java_home -V`: the newer `    17 (arm64) "Eclipse Temurin" - "Eclipse Temurin 17" /Library/…`
/// and the older `    1.8.0_45, x86_64:\t"Java SE 8"\t/Library/…` lines, and the default home
/// alone on the last line.
pub fn parse_java_home_v(text: &str) -> MacJavaHomes {
    let mut homes = MacJavaHomes::default();
    for line in text.lines() {
        if line.starts_with('/') {
            homes.default = non_empty(line);
            continue;
        }
        if !line.starts_with([' ', '\t']) {
            continue;
        }
        let line = line.trim();
        let home = match line.rfind('"') {
            Some(quote) => line[quote + 1..].trim(),
            None => line.find('/').map_or("", |slash| &line[slash..]),
        };
        let Some(version) = line.split([',', ' ', '\t']).next().and_then(non_empty) else { continue };
        if !home.starts_with('/') {
            continue;
        }
        let after_version = line[version.len()..].trim_start_matches([',', ' ', '\t']);
        let (arch, vendor) = if let Some(paren) = after_version.strip_prefix('(') {
            // Newer: `(arm64) "Vendor" - "Name" /home`.
            let arch = paren.split(')').next().unwrap_or_default();
            let after = paren.split_once(')').map_or("", |(_, a)| a.trim_start());
            let vendor = after.strip_prefix('"').and_then(|v| v.split('"').next()).and_then(non_empty);
            (arch, if after.contains("\" - \"") { vendor } else { None })
        } else {
            // Older: `x86_64:\t"Name"\t/home`.
            (after_version.split(':').next().unwrap_or_default(), None)
        };
        homes.jvms.push(MacJvm { version, bits: arch_bits(arch), vendor, home: home.to_owned() });
    }
    homes
}

/// The numbers of a version, for ordering: "1.8.0_431" → [8, 0, 431] (Java 8 and older count
/// "1.x" as major x), "11.0.2" → [11, 0, 2], "1.9.0-ea" → [9, 0].
pub fn version_numbers(version: &str) -> Vec<u64> {
    let mut numbers = Vec::new();
    for part in version.trim().split(['.', '_']) {
        let digits: &str = &part[..part.find(|c: char| !c.is_ascii_digit()).unwrap_or(part.len())];
        if digits.is_empty() {
            break;
        }
        numbers.push(digits.parse().unwrap_or(u64::MAX));
        if digits.len() < part.len() {
            break;
        }
    }
    if numbers.len() > 1 && numbers[0] == 1 {
        numbers.remove(0);
    }
    numbers
}

/// Orders versions numerically: 1.8.0_431 < 11.0.2 < 17.0.15 < 17.0.15.1.
pub fn compare_versions(a: &str, b: &str) -> Ordering {
    version_numbers(a).cmp(&version_numbers(b))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn fixture(name: &str) -> String {
        let path = format!("{}/../shared/fixtures/detect/java/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    fn info(version: &str, vendor: Option<&str>, bits: Option<u8>, runtime: &str) -> JavaInfo {
        JavaInfo {
            version: Some(version.into()),
            vendor: vendor.map(Into::into),
            bits,
            runtime_version: non_empty(runtime),
        }
    }

    const ORACLE: Option<&str> = Some("Oracle Corporation");

    /// A fixture and what it says: version, vendor, bits, runtime build.
    type Case = (&'static str, &'static str, Option<&'static str>, Option<u8>, &'static str);

    const VERSION_CASES: &[Case] = &[
        ("java-version_corretto-11.0.19.txt", "11.0.19", Some("Amazon.com Inc."), Some(64), "11.0.19+7-LTS"),
        ("java-version_corretto-21.0.0.txt", "21", Some("Amazon.com Inc."), Some(64), "21+35-LTS"),
        ("java-version_ibm-semeru-17.0.6_linux.txt", "17.0.6", Some("IBM Corporation"), Some(64), "17.0.6+10"),
        ("java-version_liberica-11.0.17_no-vendor-in-text.txt", "11.0.17", None, Some(64), "11.0.17+7-LTS"),
        ("java-version_liberica-11.0.2-old-format_win.txt", "11.0.2", Some("BellSoft"), Some(64), "11.0.2-BellSoft+7"),
        ("java-version_microsoft-17.0.7.txt", "17.0.7", Some("Microsoft"), Some(64), "17.0.7+7-LTS"),
        (
            "java-version_openjdk-11.0.22_ubuntu20.04.txt",
            "11.0.22",
            Some("Ubuntu"),
            Some(64),
            "11.0.22+7-post-Ubuntu-0ubuntu220.04.1",
        ),
        (
            "java-version_openjdk-17.0.11_ubuntu22.04.txt",
            "17.0.11",
            Some("Ubuntu"),
            Some(64),
            "17.0.11+9-Ubuntu-122.04",
        ),
        (
            "java-version_openjdk-17.0.15_debian12_linux-x64.stderr.txt",
            "17.0.15",
            Some("Debian"),
            Some(64),
            "17.0.15+6-Debian-1deb12u1",
        ),
        ("java-version_openjdk-7-icedtea_debian-jessie-i386-32bit.txt", "1.7.0_65", None, Some(32), ""),
        ("java-version_oracle-jdk-17.0.9_macos.txt", "17.0.9", ORACLE, Some(64), "17.0.9+11-LTS-201"),
        ("java-version_oracle-jdk-21.0.5.txt", "21.0.5", ORACLE, Some(64), "21.0.5+9-LTS-239"),
        ("java-version_oracle-jdk-9-ea-b34_linux-x64.txt", "1.9.0-ea", ORACLE, Some(64), "1.9.0-ea-b34"),
        ("java-version_oracle-jre-1.8.0_25_win-x64.txt", "1.8.0_25", ORACLE, Some(64), "1.8.0_25-b18"),
        ("java-version_oracle-jre-1.8.0_25_win-x86-32bit.txt", "1.8.0_25", ORACLE, Some(32), "1.8.0_25-b18"),
        ("java-version_oracle-jre7-1.7.0_55_win-x64.txt", "1.7.0_55", ORACLE, Some(64), "1.7.0_55-b13"),
        (
            "java-version_temurin-25.0.3_linux-x64.stderr.txt",
            "25.0.3",
            Some("Eclipse Adoptium"),
            Some(64),
            "25.0.3+9-LTS",
        ),
        ("java-version_temurin-8u345.txt", "1.8.0_345", Some("Eclipse Adoptium"), Some(64), "1.8.0_345-b01"),
        ("java-version_zulu-11.0.20.txt", "11.0.20", Some("Azul Systems, Inc."), Some(64), "11.0.20+8-LTS"),
        ("java-version_zulu-17.0.4.txt", "17.0.4", Some("Azul Systems, Inc."), Some(64), "17.0.4+8-LTS"),
        ("java-version_zulu-8u302_macos.txt", "1.8.0_302", Some("Azul Systems, Inc."), Some(64), "1.8.0_302-b08"),
        ("java-version_zulu-8u402_win64.txt", "1.8.0_402", Some("Azul Systems, Inc."), Some(64), "1.8.0_402-b06"),
        (
            "java-version_zulu-jre-17.0.17_win-x64.txt",
            "17.0.17",
            Some("Azul Systems, Inc."),
            Some(64),
            "17.0.17+10-LTS",
        ),
        // `--version`: standard output, no quotes, no "version".
        (
            "java--version_adoptopenjdk-11.0.10_stdout-format.txt",
            "11.0.10",
            Some("AdoptOpenJDK"),
            Some(64),
            "11.0.10+9",
        ),
        (
            "java--version_corretto-17.0.14_stdout-format.txt",
            "17.0.14",
            Some("Amazon.com Inc."),
            Some(64),
            "17.0.14+7-LTS",
        ),
        (
            "java--version_openjdk-17.0.15_debian12_linux-x64.stdout.txt",
            "17.0.15",
            Some("Debian"),
            Some(64),
            "17.0.15+6-Debian-1deb12u1",
        ),
        ("java--version_oracle-jdk-21.0.9_stdout-format.txt", "21.0.9", ORACLE, Some(64), "21.0.9+7-LTS-338"),
        ("java--version_temurin-17.0.7_stdout-format.txt", "17.0.7", Some("Eclipse Adoptium"), Some(64), "17.0.7+7"),
        (
            "java--version_temurin-25.0.3_linux-x64.stdout.txt",
            "25.0.3",
            Some("Eclipse Adoptium"),
            Some(64),
            "25.0.3+9-LTS",
        ),
    ];

    #[test]
    fn version_output_of_every_fixture() {
        let cases = VERSION_CASES;
        let covered: Vec<&str> = cases.iter().map(|c| c.0).collect();
        let dir = format!("{}/../shared/fixtures/detect/java", env!("CARGO_MANIFEST_DIR"));
        for entry in std::fs::read_dir(&dir).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            if name.starts_with("java-version_") || name.starts_with("java--version_") {
                assert!(covered.contains(&name.as_str()), "fixture {name} has no case");
            }
        }
        for &(file, version, vendor, bits, runtime) in cases {
            let parsed = parse_version_output(&fixture(file));
            assert_eq!(parsed, Some(info(version, vendor, bits, runtime)), "{file}");
        }
    }

    #[test]
    fn version_output_after_picked_up_lines_and_garbage() {
        let text = "Picked up JAVA_TOOL_OPTIONS: -Dfile.encoding=UTF-8\r\njava version \"1.8.0_431\"\r\n\
                    Java(TM) SE Runtime Environment (build 1.8.0_431-b10)\r\n\
                    Java HotSpot(TM) 64-Bit Server VM (build 25.431-b10, mixed mode)\r\n";
        assert_eq!(parse_version_output(text), Some(info("1.8.0_431", ORACLE, Some(64), "1.8.0_431-b10")));
        assert_eq!(parse_version_output("Error: could not find java.dll\n"), None);
        assert_eq!(parse_version_output("Unrecognized option: -XshowSettings:properties\n"), None);
        assert_eq!(parse_version_output(""), None);
        assert_eq!(parse_version_output("java version \"\"\n"), None);
        // Java 8 IBM: Oracle's "Java(TM)" name, IBM's VM.
        let ibm = "java version \"1.8.0_361\"\nJava(TM) SE Runtime Environment (build 8.0.7.20 - pwa6480sr7fp20-20221020_01(SR7 FP20))\n\
                   IBM J9 VM (build 2.9, JRE 1.8.0 Windows 10 amd64-64-Bit Compressed References 20221013_32 (JIT enabled, AOT enabled)\n";
        let parsed = parse_version_output(ibm).unwrap();
        assert_eq!((parsed.vendor.as_deref(), parsed.bits), (Some("IBM Corporation"), Some(64)));
    }

    #[test]
    fn release_files() {
        let cases: &[(&str, JavaInfo)] = &[
            (
                "release_openjdk-17.0.15_debian12.txt",
                info("17.0.15", Some("Debian"), Some(64), "17.0.15+6-Debian-1deb12u1"),
            ),
            ("release_temurin-25.0.3.txt", info("25.0.3", Some("Eclipse Adoptium"), Some(64), "25.0.3+9-LTS")),
            (
                // No IMPLEMENTOR, no JAVA_RUNTIME_VERSION: Oracle's closed repositories in SOURCE.
                "release_oracle-1.8.0_45_windows-x64_partial.txt",
                info("1.8.0_45", ORACLE, Some(64), ""),
            ),
        ];
        for (file, expected) in cases {
            assert_eq!(parse_release(&fixture(file)).as_ref(), Some(expected), "{file}");
        }
        assert_eq!(parse_release(""), None);
        assert_eq!(parse_release("IMPLEMENTOR=\"Debian\"\nJAVA_VERSION=\"\"\n"), None);
        let crlf = "JAVA_VERSION=\"1.8.0_431\"\r\nOS_ARCH=\"i586\"\r\nIMPLEMENTOR=\"Oracle Corporation\"\r\n";
        assert_eq!(parse_release(crlf), Some(info("1.8.0_431", ORACLE, Some(32), "")));
        let arm = "JAVA_VERSION=\"21.0.5\"\nOS_ARCH=\"aarch64\"\nIMPLEMENTOR=\"Microsoft\"";
        assert_eq!(parse_release(arm).unwrap().bits, Some(64));
    }

    #[test]
    fn show_settings_properties() {
        let parsed = parse_show_settings(&fixture("showsettings-properties_openjdk-17.0.15_linux-x64.stderr.txt"));
        assert_eq!(parsed, Some(info("17.0.15", Some("Debian"), Some(64), "17.0.15+6-Debian-1deb12u1")));
        // The properties name a vendor that the `-version` text does not.
        let liberica = format!(
            "Property settings:\n    java.vendor = BellSoft\n    sun.arch.data.model = 64\n\n{}",
            fixture("java-version_liberica-11.0.17_no-vendor-in-text.txt")
        );
        assert_eq!(parse_show_settings(&liberica), Some(info("11.0.17", Some("BellSoft"), Some(64), "11.0.17+7-LTS")));
        // A runtime that does not know the option: only the plain `-version` text is there.
        assert_eq!(
            parse_show_settings(&fixture("java-version_oracle-jre-1.8.0_25_win-x86-32bit.txt")),
            Some(info("1.8.0_25", ORACLE, Some(32), "1.8.0_25-b18"))
        );
        assert_eq!(parse_show_settings("Unrecognized option: -XshowSettings:properties\n"), None);
    }

    #[test]
    fn java_home_v_both_formats() {
        let new = parse_java_home_v(&fixture("macos_java_home-V_new-format.txt"));
        let jvm = |version: &str, bits, vendor: Option<&str>, home: &str| MacJvm {
            version: version.into(),
            bits,
            vendor: vendor.map(Into::into),
            home: home.into(),
        };
        assert_eq!(
            new.jvms,
            [
                jvm(
                    "17",
                    Some(64),
                    Some("Eclipse Temurin"),
                    "/Library/Java/JavaVirtualMachines/temurin-17.jdk/Contents/Home"
                ),
                jvm(
                    "15",
                    Some(64),
                    Some("AdoptOpenJDK"),
                    "/Library/Java/JavaVirtualMachines/adoptopenjdk-15.jdk/Contents/Home"
                ),
                jvm(
                    "11.0.12",
                    Some(64),
                    Some("Homebrew"),
                    "/opt/homebrew/Cellar/openjdk@11/11.0.12/libexec/openjdk.jdk/Contents/Home"
                ),
                jvm(
                    "1.8.0_275",
                    Some(64),
                    Some("AdoptOpenJDK"),
                    "/Library/Java/JavaVirtualMachines/adoptopenjdk-8.jdk/Contents/Home"
                ),
            ]
        );
        assert_eq!(new.default.as_deref(), Some("/Library/Java/JavaVirtualMachines/temurin-17.jdk/Contents/Home"));
        let old = parse_java_home_v(&fixture("macos_java_home-V_old-format.txt"));
        assert_eq!(
            old.jvms,
            [
                jvm("1.8.0_45", Some(64), None, "/Library/Java/JavaVirtualMachines/jdk1.8.0_45.jdk/Contents/Home"),
                jvm(
                    "1.6.0_65-b14-466.1",
                    Some(64),
                    None,
                    "/System/Library/Java/JavaVirtualMachines/1.6.0.jdk/Contents/Home"
                ),
                jvm(
                    "1.6.0_65-b14-466.1",
                    Some(32),
                    None,
                    "/System/Library/Java/JavaVirtualMachines/1.6.0.jdk/Contents/Home"
                ),
            ]
        );
        assert_eq!(old.default.as_deref(), Some("/Library/Java/JavaVirtualMachines/jdk1.8.0_45.jdk/Contents/Home"));
        assert_eq!(
            parse_java_home_v("Unable to find any JVMs matching version \"(null)\".\n"),
            MacJavaHomes::default()
        );
    }

    #[test]
    fn versions_compare_numerically() {
        assert_eq!(version_numbers("1.8.0_431"), [8, 0, 431]);
        assert_eq!(version_numbers("1.9.0-ea"), [9, 0]);
        assert_eq!(version_numbers("17.0.15"), [17, 0, 15]);
        assert_eq!(version_numbers("21"), [21]);
        assert_eq!(version_numbers("11.0.2-BellSoft"), [11, 0, 2]);
        assert_eq!(version_numbers("1"), [1]);
        assert_eq!(version_numbers(""), Vec::<u64>::new());
        let mut versions = ["17.0.15", "1.8.0_431", "11.0.2", "1.8.0_45", "21", "17.0.15.1", "1.7.0_65", "11.0.14.1"];
        versions.sort_by(|a, b| compare_versions(a, b));
        assert_eq!(
            versions,
            ["1.7.0_65", "1.8.0_45", "1.8.0_431", "11.0.2", "11.0.14.1", "17.0.15", "17.0.15.1", "21"]
        );
    }

    #[test]
    fn architectures() {
        for (arch, bits) in
            [("x86_64", 64), ("amd64", 64), ("aarch64", 64), ("arm64", 64), ("i386", 32), ("i586", 32), ("x86", 32)]
        {
            assert_eq!(arch_bits(arch), Some(bits), "{arch}");
        }
        assert_eq!(arch_bits("mystery"), None);
    }
}
