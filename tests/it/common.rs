//! Helpers shared by the integration tests.

use std::fs::File;
use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

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

/// The binary under test runs under Wine (`SK_SUPPORT_TEST_RUNNER=wine`).
pub fn under_wine() -> bool {
    std::env::var_os("SK_SUPPORT_TEST_RUNNER")
        .is_some_and(|r| Path::new(&r).file_name().is_some_and(|n| n.to_string_lossy().starts_with("wine")))
}

/// Runs a helper program (xdotool, xsetroot, import …) for at most `limit`; `Err` says what
/// failed to start or did not end in time.
pub fn run_bounded(cmd: &mut Command, limit: Duration) -> Result<Output, String> {
    let what = format!("{cmd:?}");
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("{what}: {e} (scripts/test.sh installs the X tools the tests use)"))?;
    // Read both pipes while waiting, so a chatty program cannot fill one and block.
    let stdout = child.stdout.take().map(|mut pipe| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = std::io::Read::read_to_end(&mut pipe, &mut bytes);
            bytes
        })
    });
    let stderr = child.stderr.take().map(|mut pipe| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = std::io::Read::read_to_end(&mut pipe, &mut bytes);
            bytes
        })
    });
    let end = Instant::now() + limit;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() < end => std::thread::sleep(Duration::from_millis(20)),
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("{what}: no answer within {limit:?}"));
            }
            Err(e) => return Err(format!("{what}: {e}")),
        }
    };
    let collect = |t: Option<std::thread::JoinHandle<Vec<u8>>>| t.and_then(|t| t.join().ok()).unwrap_or_default();
    Ok(Output { status, stdout: collect(stdout), stderr: collect(stderr) })
}

/// A virtual X server of its own on a free display, stopped when dropped.
#[derive(Debug)]
pub struct Xvfb {
    child: Child,
    display: String,
}

impl Xvfb {
    /// Starts `Xvfb` with one screen of `screen` (`WIDTHxHEIGHTxDEPTH`), writing its log to `log`,
    /// and waits until it accepts clients. `-displayfd`: Xvfb picks a free display and writes its
    /// number once it is ready, so parallel tests and the user's own X server never collide.
    /// `-noreset`: what a test sets up (the root's colour, keyboard layouts) survives the last
    /// client leaving.
    pub fn start(screen: &str, log: &Path) -> Self {
        let log_file = File::create(log).unwrap();
        let mut child = Command::new("Xvfb")
            .args(["-displayfd", "1", "-screen", "0", screen, "-nolisten", "tcp", "-noreset"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log_file)
            .spawn()
            .unwrap_or_else(|e| panic!("Xvfb: {e} (scripts/test.sh installs the package xvfb)"));
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        // Owned from here: a failed start below still stops the server.
        let mut xvfb = Self { child, display: String::new() };
        let line = rx.recv_timeout(Duration::from_secs(30)).unwrap_or_default();
        let number = line.trim();
        assert!(
            !number.is_empty() && number.chars().all(|c| c.is_ascii_digit()),
            "Xvfb reported no display within 30 s ({line:?}); see {}",
            log.display()
        );
        xvfb.display = format!(":{number}");
        xvfb
    }

    /// `:N`, for `DISPLAY`.
    pub fn display(&self) -> &str {
        &self.display
    }

    /// A command for a program that draws on or reads this screen (and never on another: the
    /// Wayland variables are removed, so nothing takes the desktop portal instead of X).
    pub fn command(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut cmd = Command::new(program);
        self.prepare(&mut cmd);
        cmd
    }

    /// Points `cmd` at this screen (see [`Xvfb::command`]).
    pub fn prepare(&self, cmd: &mut Command) {
        cmd.env("DISPLAY", &self.display).env_remove("WAYLAND_DISPLAY").env_remove("XDG_SESSION_TYPE");
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Under Wine, every program of a prefix shares one desktop process (explorer.exe /desktop), on
/// the display of the program that started it; it lingers a few seconds after the last program
/// ends. A program started meanwhile on another display sees that desktop's screen (a display-less
/// one is 1024×768 and cannot be captured). This waits, at most `limit`, until no desktop process
/// of this prefix runs with a `DISPLAY` other than `display`. Elsewhere it returns at once.
pub fn wait_for_wine_desktop(display: &str, limit: Duration) {
    if !under_wine() || !cfg!(target_os = "linux") {
        return;
    }
    let prefix = std::env::var_os("WINEPREFIX")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".wine")));
    let started = Instant::now();
    let end = started + limit;
    loop {
        let others = other_wine_desktops(prefix.as_deref(), display);
        if others.is_empty() {
            if started.elapsed() >= Duration::from_millis(100) {
                eprintln!(
                    "waited {:.1} s for a Wine desktop on another display to end",
                    started.elapsed().as_secs_f64()
                );
            }
            return;
        }
        assert!(
            Instant::now() < end,
            "a Wine desktop process of this prefix still runs on another display after {limit:?}: {others:?}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// The process ids and displays of the prefix's desktop processes whose display is not `display`.
fn other_wine_desktops(prefix: Option<&Path>, display: &str) -> Vec<(u32, String)> {
    let Ok(entries) = std::fs::read_dir("/proc") else { return Vec::new() };
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(|n| n.parse::<u32>().ok()) else { continue };
        let Ok(cmdline) = std::fs::read(entry.path().join("cmdline")) else { continue };
        let cmdline = String::from_utf8_lossy(&cmdline).to_ascii_lowercase();
        if !(cmdline.contains("explorer.exe") && cmdline.contains("/desktop")) {
            continue;
        }
        let environ = std::fs::read(entry.path().join("environ")).unwrap_or_default();
        let var = |name: &str| {
            environ
                .split(|&b| b == 0)
                .find_map(|kv| kv.strip_prefix(format!("{name}=").as_bytes()))
                .map(|v| String::from_utf8_lossy(v).into_owned())
        };
        let their_prefix =
            var("WINEPREFIX").map(PathBuf::from).or_else(|| var("HOME").map(|home| Path::new(&home).join(".wine")));
        let same_prefix = prefix == their_prefix.as_deref();
        let theirs = var("DISPLAY").unwrap_or_default();
        if same_prefix && theirs != display {
            found.push((pid, theirs));
        }
    }
    found
}
