//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// `../shared/spec/example`, next to the project.
pub fn example_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/spec/example")
}

pub fn example(name: &str) -> String {
    std::fs::read_to_string(example_dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The binary with a known, English environment.
///
/// `SK_SUPPORT_TEST_BIN` runs another build instead (the Windows one), through
/// `SK_SUPPORT_TEST_RUNNER` when set (`wine`): the whole suite then tests that build.
pub fn sk_support() -> Command {
    let bin = std::env::var_os("SK_SUPPORT_TEST_BIN").unwrap_or_else(|| env!("CARGO_BIN_EXE_sk-support").into());
    let mut cmd = match std::env::var_os("SK_SUPPORT_TEST_RUNNER") {
        Some(runner) => {
            let mut cmd = Command::new(runner);
            cmd.arg(bin);
            cmd
        }
        None => Command::new(bin),
    };
    for var in ["SK_SUPPORT_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES"] {
        cmd.env_remove(var);
    }
    cmd.env("LANG", "C.UTF-8");
    cmd
}

/// Whether the binary under test is the Windows build (run under Wine), which cannot open file
/// names that only Unix allows.
pub fn testing_windows_build() -> bool {
    cfg!(windows) || std::env::var_os("SK_SUPPORT_TEST_BIN").is_some_and(|b| b.to_string_lossy().ends_with(".exe"))
}

pub fn run(args: &[&str]) -> Output {
    sk_support().args(args).output().expect("the binary runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Parses an .eml with Python's `email` package (policy=default) and returns what it saw.
pub fn parse_eml(path: &Path) -> Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/parse_eml.py");
    let out = Command::new("python3")
        .arg(script)
        .arg(path)
        .output()
        .expect("python3 is installed (the test command installs it)");
    assert!(out.status.success(), "parse_eml.py failed: {}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("parse_eml.py prints JSON")
}

/// The one value of a header, or `None`; panics when it occurs more than once.
pub fn header<'a>(parsed: &'a Value, name: &str) -> Option<&'a str> {
    let values = parsed["headers"].get(name.to_ascii_lowercase())?.as_array()?;
    assert_eq!(values.len(), 1, "{name} occurs {} times", values.len());
    values[0].as_str()
}

/// The bytes of an attachment as the parser decoded them (it prints them in hex).
pub fn attachment_bytes(attachment: &Value) -> Vec<u8> {
    let hex = attachment["bytes_hex"].as_str().expect("hex text");
    (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex")).collect()
}

/// A temporary folder with the example request (and its screenshot) copied in.
pub fn example_copy(request: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(example_dir().join("screen-1.png"), dir.path().join("screen-1.png")).unwrap();
    let path = dir.path().join("request.toml");
    std::fs::write(&path, example(request)).unwrap();
    (dir, path)
}

/// The names of the files in a folder, sorted.
pub fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

/// Runs `sk-support compose --request REQUEST EXTRA…`.
pub fn compose(request: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["compose", "--request", request.to_str().unwrap()];
    args.extend_from_slice(extra);
    run(&args)
}

/// A request file in a temporary folder with the given TOML and files.
pub fn request_with(toml: &str, files: &[(&str, &[u8])]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    let path = dir.path().join("req.toml");
    std::fs::write(&path, toml).unwrap();
    (dir, path)
}

/// The sender lines of a request file (a valid test IIN, typed with spaces).
pub const SENDER: &str = r#"
[sender]
full_name = "Тестов Тест Тестович"
iin = "8710 0840 1427"
email = "test.user@example.kz"
"#;
