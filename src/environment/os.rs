//! The operating system: name, edition, version, build and update revision, service pack,
//! architecture.
//!
//! On Windows, `RtlGetVersion` gives the true version numbers (unlike `GetVersionEx`, it is not
//! subject to compatibility shims) and the registry's `CurrentVersion` key the names; the two are
//! combined by [`windows_info`], a pure function. Windows 11 still says "Windows 10" in
//! `ProductName`: the build number (22000 and later) tells. Linux: `/etc/os-release`;
//! macOS: `SystemVersion.plist`.

use serde::Serialize;

use super::ProbeError;

/// The operating system as support wants it described.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct OsInfo {
    /// "Windows 10 Pro", "Windows 7 Enterprise", "Debian GNU/Linux 12 (bookworm)", "macOS 14.5".
    pub name: String,
    /// The version numbers: "10.0.19045", "6.1.7601", "12", "14.5".
    pub version: String,
    /// The feature update ("22H2", "1709"), where there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub release: Option<String>,
    /// The build with its update revision: "19045.5131", "7601"; the kernel on Linux.
    pub build: Option<String>,
    /// "Service Pack 1"; `None` when there is none (Windows 8 and later have none).
    pub service_pack: Option<String>,
    /// "x64", "x86", "arm64".
    pub arch: String,
}

impl OsInfo {
    /// The line of the request: `Windows 10 Pro 22H2 (build 19045.5131)`,
    /// `Windows 7 Enterprise Service Pack 1 (build 7601)`.
    pub fn describe(&self) -> String {
        let mut parts = vec![self.name.clone()];
        parts.extend([&self.release, &self.service_pack].into_iter().flatten().cloned());
        match &self.build {
            Some(build) if self.name.starts_with("Windows") || self.name.starts_with("macOS") => {
                parts.push(format!("(build {build})"));
            }
            Some(kernel) => parts.push(format!("(kernel {kernel}, {})", self.arch)),
            None => {}
        }
        parts.join(" ")
    }

    /// The service-pack line of the request. Windows 8 and later have none: their update level
    /// is the OS build (as `winver` shows it), which is what support needs in its place. An older
    /// Windows without one says so.
    pub fn service_pack_line(&self) -> Option<String> {
        let windows = self.name.starts_with("Windows");
        let before_8 = windows && version_below(&self.version, (6, 2));
        match (&self.service_pack, &self.build) {
            (Some(sp), _) => Some(sp.clone()),
            (None, Some(build)) if before_8 => Some(format!("no Service Pack (build {build})")),
            (None, Some(build)) if windows => Some(format!("OS Build {build}")),
            _ => None,
        }
    }
}

/// Whether a `major.minor…` version is below `(major, minor)`.
fn version_below(version: &str, (major, minor): (u32, u32)) -> bool {
    let mut parts = version.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    (parts.next().unwrap_or(0), parts.next().unwrap_or(0)) < (major, minor)
}

/// What Windows says about itself: `RtlGetVersion` and `HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WindowsFacts {
    pub major: u32,
    pub minor: u32,
    pub build: u32,
    /// `szCSDVersion` of `RtlGetVersion` ("Service Pack 1" or empty).
    pub csd_version: String,
    /// `wProductType` is not VER_NT_WORKSTATION.
    pub server: bool,
    pub product_name: Option<String>,
    pub edition_id: Option<String>,
    pub display_version: Option<String>,
    pub release_id: Option<String>,
    pub ubr: Option<u32>,
    /// `CSDVersion` of the registry.
    pub registry_csd_version: Option<String>,
    pub arch: String,
}

/// The marketing name of a Windows version (client editions).
fn windows_base_name(major: u32, minor: u32, build: u32) -> Option<&'static str> {
    Some(match (major, minor) {
        (10, 0) if build >= 22000 => "Windows 11",
        (10, 0) => "Windows 10",
        (6, 3) => "Windows 8.1",
        (6, 2) => "Windows 8",
        (6, 1) => "Windows 7",
        (6, 0) => "Windows Vista",
        (5, 1 | 2) => "Windows XP",
        _ => return None,
    })
}

/// Edition names of `EditionID`, for when `ProductName` does not give one.
fn edition_from_id(id: &str) -> String {
    match id {
        "Core" | "CoreSingleLanguage" | "CoreCountrySpecific" => "Home".to_owned(),
        "Professional" => "Pro".to_owned(),
        "ProfessionalWorkstation" => "Pro for Workstations".to_owned(),
        "ProfessionalEducation" => "Pro Education".to_owned(),
        "EnterpriseS" => "Enterprise LTSC".to_owned(),
        "HomePremium" => "Home Premium".to_owned(),
        "HomeBasic" => "Home Basic".to_owned(),
        other => other.to_owned(),
    }
}

fn non_empty(s: Option<&String>) -> Option<String> {
    s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

/// Combines what Windows says into the description support needs.
pub fn windows_info(f: &WindowsFacts) -> OsInfo {
    let product = non_empty(f.product_name.as_ref()).map(|p| p.trim_start_matches("Microsoft ").trim().to_owned());
    let base = windows_base_name(f.major, f.minor, f.build);
    let edition_id = non_empty(f.edition_id.as_ref());
    let name = match (base, &product) {
        // Servers and embedded systems keep their own product names ("Windows Server 2019
        // Standard", "Windows Embedded Standard").
        (_, Some(p)) if f.server || p.contains("Server") || p.contains("Embedded") => p.clone(),
        (_, None) if f.server => match edition_id.as_deref().map(|id| id.trim_start_matches("Server")) {
            Some(edition) if !edition.is_empty() => format!("Windows Server {edition}"),
            _ => "Windows Server".to_owned(),
        },
        (Some(base), product) => {
            // "Windows 10 Pro" → edition "Pro"; on Windows 11 the product name still says 10.
            let edition = product
                .as_deref()
                .and_then(|p| p.strip_prefix("Windows").map(str::trim))
                .map(|rest| rest.split_once(' ').map_or("", |(_, edition)| edition).trim().to_owned())
                .filter(|e| !e.is_empty())
                .or_else(|| edition_id.as_deref().map(edition_from_id));
            match edition {
                Some(edition) => format!("{base} {edition}"),
                None => base.to_owned(),
            }
        }
        (None, Some(p)) => p.clone(),
        (None, None) => format!("Windows {}.{}", f.major, f.minor),
    };
    // Windows 8 and later have no service packs: a CSDVersion left in their registry by an
    // upgrade (or by Wine switching versions) is stale.
    let service_pack = if (f.major, f.minor) >= (6, 2) {
        None
    } else {
        non_empty(Some(&f.csd_version)).or_else(|| non_empty(f.registry_csd_version.as_ref()))
    };
    let release = non_empty(f.display_version.as_ref()).or_else(|| non_empty(f.release_id.as_ref()));
    // The update revision: Windows 8.1 and later keep it in UBR.
    let build = match f.ubr {
        Some(ubr) => format!("{}.{ubr}", f.build),
        None => f.build.to_string(),
    };
    OsInfo {
        name,
        version: format!("{}.{}.{}", f.major, f.minor, f.build),
        release,
        build: Some(build),
        service_pack,
        arch: f.arch.clone(),
    }
}

/// `/etc/os-release` (or `/usr/lib/os-release`): `PRETTY_NAME` and `VERSION_ID`.
pub fn parse_os_release(text: &str) -> Option<(String, String)> {
    let value = |key: &str| {
        text.lines().find_map(|line| {
            let v = line.trim().strip_prefix(key)?.strip_prefix('=')?;
            Some(v.trim().trim_matches(|c| c == '"' || c == '\'').to_owned())
        })
    };
    let name = value("PRETTY_NAME").or_else(|| value("NAME"))?;
    Some((name, value("VERSION_ID").unwrap_or_default()))
}

/// The architecture names support knows (what Windows calls them).
pub fn arch_name(raw: &str) -> String {
    match raw {
        "x86_64" | "amd64" | "AMD64" => "x64".to_owned(),
        "x86" | "i386" | "i586" | "i686" => "x86".to_owned(),
        "aarch64" | "arm64" | "ARM64" => "arm64".to_owned(),
        other => other.to_owned(),
    }
}

/// Reads the operating system.
pub fn detect() -> Result<Option<OsInfo>, ProbeError> {
    platform::detect()
}

#[cfg(windows)]
mod platform {
    use super::{OsInfo, ProbeError, WindowsFacts, windows_info};
    use crate::environment::windows::{Hive, View, dword, string};

    const KEY: &str = r"SOFTWARE\Microsoft\Windows NT\CurrentVersion";

    #[allow(unsafe_code)] // two read-only Win32 calls on structures we own
    pub fn detect() -> Result<Option<OsInfo>, ProbeError> {
        use windows_sys::Wdk::System::SystemServices::RtlGetVersion;
        use windows_sys::Win32::System::SystemInformation::{
            GetNativeSystemInfo, OSVERSIONINFOEXW, OSVERSIONINFOW, PROCESSOR_ARCHITECTURE_AMD64,
            PROCESSOR_ARCHITECTURE_ARM64, PROCESSOR_ARCHITECTURE_INTEL, SYSTEM_INFO,
        };

        // SAFETY: a zeroed OSVERSIONINFOEXW with its size set is what RtlGetVersion expects.
        let mut v: OSVERSIONINFOEXW = unsafe { std::mem::zeroed() };
        v.dwOSVersionInfoSize = u32::try_from(size_of::<OSVERSIONINFOEXW>()).unwrap_or(0);
        // SAFETY: OSVERSIONINFOEXW starts with OSVERSIONINFOW; the size field tells which it is.
        let status = unsafe { RtlGetVersion((&raw mut v).cast::<OSVERSIONINFOW>()) };
        if status != 0 {
            return Err(ProbeError(format!("RtlGetVersion failed: 0x{status:08x}")));
        }
        let csd_len = v.szCSDVersion.iter().position(|&c| c == 0).unwrap_or(v.szCSDVersion.len());
        // SAFETY: GetNativeSystemInfo fills the structure; it cannot fail.
        let mut si: SYSTEM_INFO = unsafe { std::mem::zeroed() };
        unsafe { GetNativeSystemInfo(&raw mut si) };
        // SAFETY: the union's struct variant is the one GetNativeSystemInfo fills.
        let arch = match unsafe { si.Anonymous.Anonymous.wProcessorArchitecture } {
            PROCESSOR_ARCHITECTURE_AMD64 => "x64",
            PROCESSOR_ARCHITECTURE_INTEL => "x86",
            PROCESSOR_ARCHITECTURE_ARM64 => "arm64",
            _ => "unknown",
        };
        // The 64-bit view: a 32-bit process would otherwise read a redirected copy.
        let reg = |name: &str| string(Hive::LocalMachine, KEY, name, View::Wow64);
        let facts = WindowsFacts {
            major: v.dwMajorVersion,
            minor: v.dwMinorVersion,
            build: v.dwBuildNumber,
            csd_version: String::from_utf16_lossy(&v.szCSDVersion[..csd_len]),
            server: u32::from(v.wProductType) != 1, // VER_NT_WORKSTATION
            product_name: reg("ProductName"),
            edition_id: reg("EditionID"),
            display_version: reg("DisplayVersion"),
            release_id: reg("ReleaseId"),
            ubr: dword(Hive::LocalMachine, KEY, "UBR", View::Wow64),
            registry_csd_version: reg("CSDVersion"),
            arch: arch.to_owned(),
        };
        Ok(Some(windows_info(&facts)))
    }
}

#[cfg(target_os = "linux")]
mod platform {
    use super::{OsInfo, ProbeError, arch_name, parse_os_release};

    pub fn detect() -> Result<Option<OsInfo>, ProbeError> {
        let text = std::fs::read_to_string("/etc/os-release")
            .or_else(|_| std::fs::read_to_string("/usr/lib/os-release"))
            .map_err(|e| ProbeError(format!("/etc/os-release: {e}")))?;
        let Some((name, version)) = parse_os_release(&text) else { return Ok(None) };
        let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease").ok().map(|k| k.trim().to_owned());
        Ok(Some(OsInfo {
            name,
            version,
            release: None,
            build: kernel,
            service_pack: None,
            arch: arch_name(std::env::consts::ARCH),
        }))
    }
}

#[cfg(target_os = "macos")]
mod platform {
    use super::{OsInfo, ProbeError, arch_name};
    use crate::environment::plist;

    pub fn detect() -> Result<Option<OsInfo>, ProbeError> {
        let xml = std::fs::read_to_string("/System/Library/CoreServices/SystemVersion.plist")
            .map_err(|e| ProbeError(format!("SystemVersion.plist: {e}")))?;
        let Some(version) = plist::string(&xml, "ProductVersion") else { return Ok(None) };
        Ok(Some(OsInfo {
            name: format!("macOS {version}"),
            version,
            release: None,
            build: plist::string(&xml, "ProductBuildVersion"),
            service_pack: None,
            arch: arch_name(std::env::consts::ARCH),
        }))
    }
}

#[cfg(not(any(windows, target_os = "linux", target_os = "macos")))]
mod platform {
    use super::{OsInfo, ProbeError};

    pub fn detect() -> Result<Option<OsInfo>, ProbeError> {
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> String {
        let path = format!("{}/../shared/fixtures/detect/windows-os/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    /// `Name : Value` lines of PowerShell's Get-Item/Get-ItemProperty output.
    fn powershell_values(text: &str) -> std::collections::HashMap<String, String> {
        text.lines()
            .filter_map(|line| {
                let line = line.trim_start_matches("CurrentVersion").trim();
                let (k, v) = line.split_once(" : ").or_else(|| line.strip_suffix(" :").map(|k| (k, "")))?;
                Some((k.trim().to_owned(), v.trim().to_owned()))
            })
            .collect()
    }

    fn facts_from_registry(values: &std::collections::HashMap<String, String>) -> WindowsFacts {
        let number = |k: &str| values.get(k).and_then(|v| v.parse::<u32>().ok());
        let build = number("CurrentBuildNumber").unwrap_or(0);
        let (major, minor) = match (number("CurrentMajorVersionNumber"), values.get("CurrentVersion")) {
            (Some(major), _) => (major, number("CurrentMinorVersionNumber").unwrap_or(0)),
            (None, Some(v)) => {
                let (a, b) = v.split_once('.').unwrap();
                (a.parse().unwrap(), b.parse().unwrap())
            }
            _ => (0, 0),
        };
        WindowsFacts {
            major,
            minor,
            build,
            product_name: values.get("ProductName").cloned(),
            edition_id: values.get("EditionID").cloned(),
            display_version: values.get("DisplayVersion").cloned(),
            release_id: values.get("ReleaseId").cloned(),
            ubr: number("UBR"),
            registry_csd_version: values.get("CSDVersion").cloned(),
            arch: "x64".into(),
            ..WindowsFacts::default()
        }
    }

    #[test]
    fn windows_10_1709_from_its_registry() {
        let os =
            windows_info(&facts_from_registry(&powershell_values(&fixture("win10-1709_CurrentVersion_Get-Item.txt"))));
        assert_eq!(os.name, "Windows 10 Enterprise");
        assert_eq!(os.version, "10.0.16299");
        assert_eq!(os.release.as_deref(), Some("1709"));
        assert_eq!(os.build.as_deref(), Some("16299.1029"));
        assert_eq!(os.service_pack, None);
        assert_eq!(os.describe(), "Windows 10 Enterprise 1709 (build 16299.1029)");
        assert_eq!(os.service_pack_line().as_deref(), Some("OS Build 16299.1029"));
    }

    #[test]
    fn windows_10_20h2_prefers_display_version() {
        let os = windows_info(&facts_from_registry(&powershell_values(&fixture(
            "win10-20H2_CurrentVersion_Get-ItemProperty.txt",
        ))));
        assert_eq!(os.name, "Windows 10 Education");
        assert_eq!(os.release.as_deref(), Some("20H2"), "not ReleaseId 2009");
        assert_eq!(os.describe(), "Windows 10 Education 20H2 (build 19042.906)");
    }

    #[test]
    fn windows_11_says_10_in_its_product_name() {
        // windows_exporter's labels: product="Windows 10 Enterprise", build 26100, revision 3194.
        let text = fixture("win11_windows_exporter_os_info_ProductName-says-Windows10.txt");
        let label = |k: &str| {
            let start = text.find(&format!("{k}=\"")).unwrap() + k.len() + 2;
            text[start..].split('"').next().unwrap().to_owned()
        };
        let facts = WindowsFacts {
            major: label("major_version").parse().unwrap(),
            minor: label("minor_version").parse().unwrap(),
            build: label("build_number").parse().unwrap(),
            product_name: Some(label("product")),
            ubr: label("revision").parse().ok(),
            arch: "x64".into(),
            ..WindowsFacts::default()
        };
        let os = windows_info(&facts);
        assert_eq!(os.name, "Windows 11 Enterprise");
        assert_eq!(os.describe(), "Windows 11 Enterprise (build 26100.3194)");
    }

    #[test]
    fn windows_7_8_and_10_from_offline_hives() {
        let text = fixture("win7-8-10_hivex_offline-disk-images.txt");
        let blocks: Vec<&str> = text.split("# ./oschecker.sh").skip(1).collect();
        let value = |block: &str, k: &str| {
            block
                .lines()
                .find_map(|l| l.strip_prefix(&format!("\"{k}\"=\"")).map(|v| v.trim_end_matches('"').to_owned()))
        };
        let cases = [
            (6, 1, 7601, "Windows 7 Enterprise Service Pack 1 (build 7601)"),
            (6, 2, 9200, "Windows 8 Enterprise N (build 9200)"),
            (10, 0, 18363, "Windows 10 Enterprise Evaluation 1909 (build 18363)"),
        ];
        for (block, (major, minor, build, expected)) in blocks.iter().zip(cases) {
            let facts = WindowsFacts {
                major,
                minor,
                build,
                product_name: value(block, "ProductName"),
                release_id: value(block, "ReleaseId"),
                registry_csd_version: value(block, "CSDVersion"),
                arch: "x64".into(),
                ..WindowsFacts::default()
            };
            assert_eq!(windows_info(&facts).describe(), expected);
        }
    }

    #[test]
    fn what_wine_reports_and_what_sysinfo_gets_wrong() {
        // Wine 8 as Windows 7: RtlGetVersion 6.1.7601 "Service Pack 1", ProductName "Microsoft Windows 7".
        let facts = WindowsFacts {
            major: 6,
            minor: 1,
            build: 7601,
            csd_version: "Service Pack 1".into(),
            product_name: Some("Microsoft Windows 7".into()),
            registry_csd_version: Some("Service Pack 1".into()),
            arch: "x64".into(),
            ..WindowsFacts::default()
        };
        let os = windows_info(&facts);
        assert_eq!(os.describe(), "Windows 7 Service Pack 1 (build 7601)");
        assert_eq!(os.service_pack_line().as_deref(), Some("Service Pack 1"));
        assert_eq!(os.version, "6.1.7601");
    }

    #[test]
    fn edition_ids_fill_in_a_missing_product_name_and_servers_keep_theirs() {
        let facts = WindowsFacts {
            major: 10,
            build: 19045,
            ubr: Some(5131),
            edition_id: Some("Professional".into()),
            display_version: Some("22H2".into()),
            ..WindowsFacts::default()
        };
        assert_eq!(windows_info(&facts).describe(), "Windows 10 Pro 22H2 (build 19045.5131)");
        // Upgraded from Windows 7 (or Wine switched to win10): a stale CSDVersion stays behind.
        let upgraded = WindowsFacts { registry_csd_version: Some("Service Pack 1".into()), ..facts.clone() };
        assert_eq!(windows_info(&upgraded).service_pack, None);
        let embedded = WindowsFacts {
            major: 6,
            minor: 1,
            build: 7601,
            csd_version: "Service Pack 1".into(),
            product_name: Some("Windows Embedded Standard".into()),
            ..WindowsFacts::default()
        };
        assert_eq!(windows_info(&embedded).describe(), "Windows Embedded Standard Service Pack 1 (build 7601)");
        let nameless_server = WindowsFacts {
            major: 10,
            build: 17763,
            server: true,
            edition_id: Some("ServerStandard".into()),
            ..WindowsFacts::default()
        };
        assert_eq!(windows_info(&nameless_server).name, "Windows Server Standard");
        let rtm = WindowsFacts {
            major: 6,
            minor: 1,
            build: 7600,
            product_name: Some("Windows 7 Professional".into()),
            ..WindowsFacts::default()
        };
        assert_eq!(windows_info(&rtm).service_pack_line().as_deref(), Some("no Service Pack (build 7600)"));
        let eight_one = WindowsFacts {
            major: 6,
            minor: 3,
            build: 9600,
            ubr: Some(20_778),
            product_name: Some("Windows 8.1 Pro".into()),
            ..WindowsFacts::default()
        };
        assert_eq!(windows_info(&eight_one).describe(), "Windows 8.1 Pro (build 9600.20778)");
        let mac = OsInfo {
            name: "macOS 14.5".into(),
            version: "14.5".into(),
            build: Some("23F79".into()),
            arch: "arm64".into(),
            ..OsInfo::default()
        };
        assert_eq!(mac.describe(), "macOS 14.5 (build 23F79)");
        assert_eq!(mac.service_pack_line(), None);
        let server = WindowsFacts {
            major: 10,
            build: 17763,
            server: true,
            product_name: Some("Windows Server 2019 Standard".into()),
            ..WindowsFacts::default()
        };
        assert_eq!(windows_info(&server).name, "Windows Server 2019 Standard");
    }

    #[test]
    fn os_release_and_plists() {
        let text = "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\n";
        assert_eq!(parse_os_release(text), Some(("Debian GNU/Linux 12 (bookworm)".into(), "12".into())));
        assert_eq!(parse_os_release("NAME=Alpine\n"), Some(("Alpine".into(), String::new())));
        let xml = "<plist><dict>\n\t<key>ProductBuildVersion</key>\n\t<string>23F79</string>\n\t<key>ProductVersion</key>\n\t<string>14.5</string>\n</dict></plist>";
        assert_eq!(crate::environment::plist::string(xml, "ProductVersion").as_deref(), Some("14.5"));
        assert_eq!(crate::environment::plist::string(xml, "ProductBuildVersion").as_deref(), Some("23F79"));
        assert_eq!(crate::environment::plist::string(xml, "Missing"), None);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn this_linux_machine() {
        let os = detect().unwrap().unwrap();
        assert!(!os.name.is_empty());
        assert_eq!(os.arch, arch_name(std::env::consts::ARCH));
        assert!(os.build.is_some(), "kernel release");
        assert!(os.describe().contains("(kernel "), "{}", os.describe());
    }
}
