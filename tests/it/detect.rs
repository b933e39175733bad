//! `sk-support detect` and `compose --detect`, on this Linux machine and, for the Windows build,
//! under Wine (whose registry the tests set up with `wine reg add`).

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::{SENDER, compose, parse_eml, request_with, sk_support, stderr, stdout, testing_windows_build};

fn detect_json(cmd: &mut Command) -> Value {
    let out = cmd.args(["detect", "--json"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{e}: {}", stdout(&out)))
}

/// The Wine prefix the Windows build runs in.
fn wine_prefix() -> PathBuf {
    std::env::var_os("WINEPREFIX").map(PathBuf::from).expect("WINEPREFIX is set when testing under Wine")
}

fn wine(args: &[&str]) {
    let runner = std::env::var_os("SK_SUPPORT_TEST_RUNNER").unwrap_or_else(|| "wine".into());
    let out = Command::new(runner).args(args).output().unwrap();
    assert!(out.status.success(), "wine {args:?}: {}", stderr(&out));
}

#[test]
fn every_probe_reports_with_its_time() {
    let v = detect_json(&mut sk_support());
    let names: Vec<&str> = v["probes"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["os", "browsers", "java", "ncalayer"]);
    for p in v["probes"].as_array().unwrap() {
        assert!(["found", "not found", "timed out", "failed"].contains(&p["status"].as_str().unwrap()), "{p}");
        assert!(p["millis"].as_u64().is_some(), "{p}");
    }
    assert_eq!(v["probes"][0]["status"], "found", "the OS is always found");
    for key in ["name", "version", "build", "service_pack", "arch"] {
        assert!(v["os"].get(key).is_some(), "os.{key} missing: {}", v["os"]);
    }
    assert_eq!(v["ncalayer"]["running"], false, "nothing listens on 13579 here");
}

#[test]
fn a_silent_ncalayer_cannot_make_detection_hang() {
    // Accepts the connection, never answers: the probe must give up at its deadline (2 s).
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("wss://{}", listener.local_addr().unwrap());
    let start = Instant::now();
    let v = detect_json(sk_support().env("SK_SUPPORT_NCALAYER_URL", &url));
    let elapsed = start.elapsed();
    drop(listener);
    // The longest deadline is Java's 3 s; 0.5 s more for the answer, 1.5 s for starting the
    // program (under Wine too).
    assert!(elapsed < Duration::from_secs(5), "detect took {elapsed:?}");
    assert_eq!(v["ncalayer"]["running"], false);
}

#[test]
fn this_machine_or_wine_is_described() {
    let v = detect_json(&mut sk_support());
    if testing_windows_build() {
        // Wine's default: Windows 7 SP1.
        assert_eq!(v["os"]["name"], "Windows 7", "{}", v["os"]);
        assert_eq!(v["os"]["service_pack"], "Service Pack 1");
        assert_eq!(v["os"]["build"], "7601");
        assert_eq!(v["request_lines"]["os"], "Windows 7 Service Pack 1 (build 7601)");
        assert_eq!(v["request_lines"]["service_pack"], "Service Pack 1");
    } else {
        let os_release = std::fs::read_to_string("/etc/os-release").unwrap();
        let pretty = os_release.lines().find_map(|l| l.strip_prefix("PRETTY_NAME=")).unwrap().trim_matches('"');
        assert_eq!(v["os"]["name"], pretty);
        // The machine's OpenJDK, read from its release file.
        let home = Path::new("/usr/lib/jvm/java-17-openjdk-amd64");
        if home.join("release").exists() {
            let java = v["java"].as_array().unwrap();
            let found = java.iter().find(|j| j["home"] == home.to_str().unwrap());
            let found = found.unwrap_or_else(|| panic!("{home:?} not in {java:?}"));
            assert!(found["version"].as_str().unwrap().starts_with("17."), "{found}");
            assert_eq!(found["bits"], 64);
        }
    }
}

#[test]
fn wine_reports_windows_10_when_told_to() {
    if !testing_windows_build() {
        return;
    }
    // The same switch as `winecfg -v win10`, for one program name only, so that the other tests
    // running meanwhile still see Windows 7.
    let exe = PathBuf::from(std::env::var_os("SK_SUPPORT_TEST_BIN").unwrap());
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("sk-support-win10.exe");
    std::fs::copy(&exe, &copy).unwrap();
    wine(&["reg", "add", r"HKCU\Software\Wine\AppDefaults\sk-support-win10.exe", "/v", "Version", "/d", "win10", "/f"]);
    let runner = std::env::var_os("SK_SUPPORT_TEST_RUNNER").unwrap();
    let mut cmd = Command::new(runner);
    cmd.arg(&copy).env("LANG", "C.UTF-8");
    let v = detect_json(&mut cmd);
    assert!(v["os"]["name"].as_str().unwrap().starts_with("Windows 10"), "{}", v["os"]);
    assert!(v["os"]["version"].as_str().unwrap().starts_with("10.0."), "{}", v["os"]);
    assert_eq!(v["os"]["service_pack"], Value::Null);
}

#[test]
fn wine_finds_a_java_registered_in_its_registry() {
    if !testing_windows_build() {
        return;
    }
    let home = wine_prefix().join("drive_c/Program Files/Java/jre1.8.0_431");
    std::fs::create_dir_all(home.join("bin")).unwrap();
    std::fs::write(
        home.join("release"),
        "JAVA_VERSION=\"1.8.0_431\"\nOS_NAME=\"Windows\"\nOS_ARCH=\"amd64\"\nIMPLEMENTOR=\"Oracle Corporation\"\n",
    )
    .unwrap();
    std::fs::write(home.join("bin/java.exe"), b"").unwrap();
    let key = r"HKLM\Software\JavaSoft\Java Runtime Environment";
    wine(&[
        "reg",
        "add",
        &format!(r"{key}\1.8.0_431"),
        "/v",
        "JavaHome",
        "/d",
        r"C:\Program Files\Java\jre1.8.0_431",
        "/f",
    ]);
    wine(&["reg", "add", key, "/v", "CurrentVersion", "/d", "1.8", "/f"]);
    wine(&["reg", "add", &format!(r"{key}\1.8"), "/v", "JavaHome", "/d", r"C:\Program Files\Java\jre1.8.0_431", "/f"]);
    let v = detect_json(&mut sk_support());
    let java = v["java"].as_array().unwrap();
    let found = java.iter().find(|j| j["version"] == "1.8.0_431").unwrap_or_else(|| panic!("{java:?}"));
    assert_eq!(found["bits"], 64, "{found}");
    assert!(v["request_lines"]["java"].as_str().unwrap().contains("Java 1.8.0_431 (Oracle, 64-bit)"), "{v}");
}

#[test]
fn compose_detect_fills_only_what_is_empty() {
    let toml = format!("summary = \"x\"\n{SENDER}\n[environment]\nbrowser = \"Typed Browser 1.0\"\n");
    let (dir, path) = request_with(&toml, &[]);
    let out = compose(&path, &["--detect"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let parsed = parse_eml(&dir.path().join("req.eml"));
    let body = parsed["body"].as_str().unwrap().replace("\r\n", "\n");
    assert!(body.contains("2) Тип используемого Web-браузера и версия Web-браузера: Typed Browser 1.0\n"), "{body}");
    assert!(!body.contains("Операционная система: не указано"), "the OS is always detected: {body}");
    assert!(body.contains("NCALayer"), "NCALayer's state goes into the details: {body}");
    assert!(!stderr(&out).contains("environment.os"), "no warning for a detected field: {}", stderr(&out));
}

#[test]
fn installed_chromium_and_firefox_are_found_with_their_versions() {
    if testing_windows_build() {
        return; // Linux programs; the Windows side is covered by the Wine registry tests.
    }
    // The test command installs both; each found must carry the version it prints itself.
    let v = detect_json(&mut sk_support());
    let browsers = v["browsers"].as_array().unwrap();
    let mut checked = 0;
    for (command, name) in [("chromium", "Chromium"), ("firefox", "Mozilla Firefox")] {
        let Ok(out) = Command::new(command).arg("--version").output() else { continue };
        let printed = String::from_utf8_lossy(&out.stdout);
        let version = printed.split_whitespace().find(|w| w.starts_with(|c: char| c.is_ascii_digit())).unwrap();
        let found = browsers.iter().find(|b| b["name"] == name).unwrap_or_else(|| panic!("{name} not in {browsers:?}"));
        assert_eq!(found["version"], version, "{found}");
        checked += 1;
    }
    assert!(checked > 0 || std::env::var_os("CI").is_none(), "CI installs Chromium and Firefox; none was found");
    assert_eq!(
        browsers.iter().filter(|b| b["default"] == true).count(),
        usize::from(!browsers.is_empty()),
        "{browsers:?}"
    );
}
