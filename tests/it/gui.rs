//! The window end to end: the real binary on its own X server (Xvfb), typed into with xdotool
//! the way a user types, saved with Ctrl+S, and the .eml read back by Python's parser.
//!
//! Each test starts its own Xvfb (`-displayfd`: a free display), data folder and save folder, so
//! nothing of the user's desktop or settings is touched. With `SK_SUPPORT_TEST_BIN` and
//! `SK_SUPPORT_TEST_RUNNER=wine` the Windows build runs under Wine on that display instead.
//!
//! Typing is checked field by field against the autosaved `draft.toml` before the next key, so a
//! lost keystroke fails at the field it hit, not later in the .eml. Every wait has a deadline; on
//! failure the screen is saved as a PNG in the test's folder, which is kept, and its path printed.
//!
//! Keyboard: Xvfb gets the layouts us, ru and kz as groups 1–3, so every character typed is on a
//! key and xdotool only switches groups (it never remaps a key, which apps see late). Wine
//! translates a key with the group of the latest X event it read, so a key still queued when the
//! group changes can come out in the wrong alphabet: under Wine text is typed in runs of one
//! group with a pause after each, and a field that still came out wrong is typed again (at most
//! twice, each time slower; retries are printed).
//!
//! Under Wine these tests must run without other Wine programs of the same prefix: they all share
//! one desktop process, and one started by a command-line test has no display (scripts/test.sh
//! runs them on their own). As a Wine program closes, an X error (BadWindow) can still end it
//! with 1 when the desktop process destroyed a window first; that is reported, not failed.

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::{Xvfb, header, parse_eml, run_bounded, sk_support, testing_windows_build, under_wine};

/// The test identity of the spec's example (valid check digit).
const IIN: &str = "871008401427";
const TITLE: &str = "Court Cabinet: support request";

const FULL_NAME: &str = "Тестова Әсем Қасымқызы";
const EMAIL: &str = "test.user@example.kz";
const PHONE: &str = "+7 701 000 0000";
const SUMMARY: &str = "Не подписывается заявление в кабинете";
const ERROR_TEXT: &str = "NCALayer: ошибка подписи (код 500)";
const DESCRIPTION: &str = "Typed just before Ctrl+Q";
const STEPS: &str = "1. Вошёл в кабинет.\n2. Нажал \"Подписать\".";

/// One window at a time: two apps drawing with a software renderer on two cores would only make
/// both slow.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// How long things may take: Wine starts slower and draws slower.
struct Limits {
    window: Duration,
    /// From the last key to the draft on disk (the autosave waits 1 s after the last change).
    draft: Duration,
    /// The draft has not changed for this long: whatever was typed has arrived.
    settled: Duration,
    eml: Duration,
    /// Between two keys typed (xdotool `--delay`, ms), after a run of one keyboard group, and
    /// after a Tab.
    key_delay_ms: u64,
    group_pause: Duration,
    after_tab: Duration,
    /// Typing a field again after it came out wrong (Wine only).
    retries: u32,
}

fn limits() -> Limits {
    if under_wine() {
        Limits {
            window: Duration::from_mins(2),
            draft: Duration::from_secs(30),
            settled: Duration::from_secs(4),
            eml: Duration::from_mins(1),
            key_delay_ms: 60,
            group_pause: Duration::from_millis(700),
            after_tab: Duration::from_millis(800),
            retries: 2,
        }
    } else {
        Limits {
            window: Duration::from_mins(1),
            draft: Duration::from_secs(30),
            settled: Duration::from_secs(4),
            eml: Duration::from_mins(1),
            key_delay_ms: 40,
            group_pause: Duration::ZERO,
            after_tab: Duration::from_millis(400),
            retries: 0,
        }
    }
}

/// A path as the binary under test reads it: the Windows build sees Linux's `/` as drive `Z:`.
fn app_path(path: &Path) -> String {
    let text = path.to_str().expect("temporary paths are UTF-8");
    if testing_windows_build() && cfg!(unix) { format!("Z:{}", text.replace('/', "\\")) } else { text.to_owned() }
}

/// The keyboard group xdotool takes a character from with the layouts us, ru, kz: it takes the
/// first key that has it, in key order, so Latin letters, digits and spaces come from us, Russian
/// letters from ru and Kazakh ones from kz. Punctuation can come from any of them (ru and kz have
/// `"` `:` `.` … on the digit keys): `None`, a run of its own, as is a line break (typed as Return).
fn keyboard_group(c: char) -> Option<u8> {
    match c {
        _ if c.is_ascii_alphanumeric() || c == ' ' => Some(0),
        'Ә' | 'ә' | 'Ғ' | 'ғ' | 'Қ' | 'қ' | 'Ң' | 'ң' | 'Ө' | 'ө' | 'Ұ' | 'ұ' | 'Ү' | 'ү' | 'Һ' | 'һ' | 'І' | 'і' => {
            Some(2)
        }
        'А'..='я' | 'Ё' | 'ё' => Some(1),
        _ => None,
    }
}

/// `text` cut where the keyboard group changes and around punctuation and line breaks.
fn keyboard_runs(text: &str) -> Vec<String> {
    let mut runs: Vec<String> = Vec::new();
    let mut last = None;
    for c in text.chars() {
        let group = keyboard_group(c);
        match runs.last_mut() {
            Some(run) if group.is_some() && last == group => run.push(c),
            _ => runs.push(c.to_string()),
        }
        last = group;
    }
    runs
}

/// A draft path (`sender.iin`) to its place in draft.toml (`[draft.sender] iin`).
fn draft_value<'a>(draft: &'a toml::Table, path: &str) -> Option<&'a str> {
    let mut parts = path.split('.').peekable();
    let mut table = draft.get("draft")?.as_table()?;
    while let Some(part) = parts.next() {
        let value = table.get(part)?;
        if parts.peek().is_none() {
            return value.as_str();
        }
        table = value.as_table()?;
    }
    None
}

/// One test's screen, app and folders. Dropping it stops the app and Xvfb; after a failure it
/// first saves a screenshot and keeps the folder.
struct Session {
    dir: Option<tempfile::TempDir>,
    root: PathBuf,
    data: PathBuf,
    out: PathBuf,
    display: String,
    xvfb: Option<Xvfb>,
    app: Option<Child>,
    window: String,
    starts: u32,
    limits: Limits,
    /// What draft.toml must hold: every field typed so far.
    expected: BTreeMap<&'static str, String>,
    _one_at_a_time: std::sync::MutexGuard<'static, ()>,
}

impl Session {
    fn new() -> Self {
        let lock = ONE_AT_A_TIME.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let dir = tempfile::Builder::new().prefix("sk-support-gui-").tempdir().unwrap();
        let root = dir.path().to_owned();
        let (data, out) = (root.join("data"), root.join("saved"));
        std::fs::create_dir_all(&data).unwrap();
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(data.join("settings.toml"), format!("save_folder = '{}'\n", app_path(&out))).unwrap();
        let mut session = Self {
            dir: Some(dir),
            root,
            data,
            out,
            display: String::new(),
            xvfb: None,
            app: None,
            window: String::new(),
            starts: 0,
            limits: limits(),
            expected: BTreeMap::new(),
            _one_at_a_time: lock,
        };
        session.start_xvfb();
        session
    }

    fn start_xvfb(&mut self) {
        // -noreset (in `Xvfb::start`): the keyboard layouts set below survive the last client.
        let xvfb = Xvfb::start("1280x1024x24", &self.root.join("xvfb.log"));
        xvfb.display().clone_into(&mut self.display);
        self.xvfb = Some(xvfb);
        let layouts =
            run_bounded(Command::new("setxkbmap").args(["-display", &self.display, "-layout", "us,ru,kz"]), secs(30))
                .unwrap();
        assert!(layouts.status.success(), "setxkbmap: {}", String::from_utf8_lossy(&layouts.stderr));
    }

    /// Starts the app on this screen with this data folder, waits for its window and focuses it.
    fn start_app(&mut self) {
        self.starts += 1;
        let log = |ext: &str| File::create(self.root.join(format!("app-{}.{ext}", self.starts))).unwrap();
        let mut cmd = sk_support();
        cmd.env("DISPLAY", &self.display)
            .env_remove("WAYLAND_DISPLAY")
            .env("SK_SUPPORT_LANG", "en")
            .env("SK_SUPPORT_DATA_DIR", app_path(&self.data))
            .stdin(Stdio::null())
            .stdout(log("stdout"))
            .stderr(log("stderr"));
        if under_wine() {
            cmd.env("WGPU_BACKEND", "gl").env("WINEDEBUG", "err+all,fixme-all");
        }
        self.app = Some(cmd.spawn().expect("the binary starts"));
        self.window = self.wait_for_window();
        let focus = self.xdotool(&["windowfocus", "--sync", &self.window.clone()], secs(30));
        assert!(focus.is_ok(), "focusing the window: {}", focus.unwrap_err());
        // The restore job puts the cursor in its field a frame after it ends (a few ms).
        std::thread::sleep(Duration::from_millis(if under_wine() { 1500 } else { 800 }));
    }

    fn wait_for_window(&mut self) -> String {
        let end = Instant::now() + self.limits.window;
        loop {
            if let Some(status) = self.app.as_mut().unwrap().try_wait().unwrap() {
                panic!("the app ended ({status}) before its window appeared; see {}", self.app_log("stderr"));
            }
            let name = format!("^{}$", TITLE.replace('.', "\\."));
            if let Ok(found) = self.xdotool(&["search", "--onlyvisible", "--name", &name], secs(10))
                && let Some(id) = found.split_whitespace().next()
            {
                return id.to_owned();
            }
            assert!(
                Instant::now() < end,
                "no window {TITLE:?} within {:?}{}",
                self.limits.window,
                if under_wine() {
                    " (under Wine: was another Wine program without a display running? All programs of a \
                     prefix share one desktop process; run the window tests alone, as scripts/test.sh does)"
                } else {
                    ""
                }
            );
            std::thread::sleep(Duration::from_millis(250));
        }
    }

    fn app_log(&self, ext: &str) -> String {
        self.root.join(format!("app-{}.{ext}", self.starts)).display().to_string()
    }

    fn xdotool(&self, args: &[&str], limit: Duration) -> Result<String, String> {
        let out = run_bounded(Command::new("xdotool").args(args).env("DISPLAY", &self.display), limit)?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        } else {
            Err(format!("xdotool {args:?}: {}{}", out.status, String::from_utf8_lossy(&out.stderr)))
        }
    }

    fn key(&self, keys: &str) {
        self.xdotool(&["key", "--clearmodifiers", keys], secs(30)).unwrap();
    }

    fn tab(&self, times: usize) {
        for _ in 0..times {
            self.key("Tab");
            std::thread::sleep(self.limits.after_tab);
        }
    }

    /// Types `text` into the focused field, which is `path` in the draft, and waits until the
    /// autosaved draft holds it and everything typed before.
    fn type_field(&mut self, path: &'static str, text: &str) {
        self.expected.insert(path, text.to_owned());
        let mut delay = self.limits.key_delay_ms;
        for attempt in 0..=self.limits.retries {
            if attempt > 0 {
                delay *= 2;
                self.key("ctrl+a");
                self.key("BackSpace");
            }
            self.type_text(text, delay);
            match self.wait_for_draft() {
                Ok(()) => return,
                Err(wrong) => {
                    let only_this_field = wrong.keys().all(|k| *k == path);
                    assert!(
                        attempt < self.limits.retries && only_this_field,
                        "typing {path}: the draft does not hold what was typed: {wrong:#?}"
                    );
                    eprintln!("gui: {path} came out as {:?}; typing it again, slower", wrong[path].1);
                }
            }
        }
    }

    /// Types `text` in runs of one keyboard group (see the module's notes); under Wine it pauses
    /// after each run, so the app has translated every key of a run before the group changes.
    fn type_text(&self, text: &str, delay_ms: u64) {
        for run in keyboard_runs(text) {
            if run == "\n" {
                // xdotool types a line break as a key egui does not take for Enter.
                self.key("Return");
            } else {
                let limit = secs(30) + Duration::from_millis(delay_ms) * u32::try_from(run.chars().count()).unwrap();
                self.xdotool(&["type", "--delay", &delay_ms.to_string(), "--", &run], limit).unwrap();
            }
            std::thread::sleep(self.limits.group_pause);
        }
    }

    /// Waits until draft.toml holds every expected value; `Err`: the fields that differ
    /// (expected, found) once the draft stopped changing.
    fn wait_for_draft(&self) -> Result<(), BTreeMap<&'static str, (String, String)>> {
        let file = self.data.join("draft.toml");
        let end = Instant::now() + self.limits.draft;
        let (mut last, mut since) = (None, Instant::now());
        loop {
            let text = std::fs::read_to_string(&file).ok();
            if text != last {
                (last, since) = (text.clone(), Instant::now());
            }
            let draft: toml::Table = text.as_deref().and_then(|t| toml::from_str(t).ok()).unwrap_or_default();
            let wrong: BTreeMap<_, _> = self
                .expected
                .iter()
                .filter_map(|(path, want)| {
                    let got = draft_value(&draft, path).unwrap_or_default();
                    (got != want).then(|| (*path, (want.clone(), got.to_owned())))
                })
                .collect();
            if wrong.is_empty() {
                return Ok(());
            }
            if since.elapsed() >= self.limits.settled || Instant::now() >= end {
                return Err(wrong);
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Presses Ctrl+S and waits for the .eml in the save folder.
    fn save(&self) -> PathBuf {
        self.key("ctrl+s");
        let end = Instant::now() + self.limits.eml;
        loop {
            let saved: Vec<PathBuf> = std::fs::read_dir(&self.out)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == "eml"))
                .collect();
            match saved.as_slice() {
                [eml] => return eml.clone(),
                [] => assert!(Instant::now() < end, "no .eml in {} within {:?}", self.out.display(), self.limits.eml),
                more => panic!("one Ctrl+S saved {} files: {more:?}", more.len()),
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Kills the app as a crash or power cut would (SIGKILL: nothing is flushed).
    fn kill_app(&mut self) {
        let mut app = self.app.take().expect("the app runs");
        app.kill().unwrap();
        app.wait().unwrap();
    }

    /// Waits for the app to end by itself and returns how.
    fn wait_for_exit(&mut self, limit: Duration) -> std::process::ExitStatus {
        let end = Instant::now() + limit;
        loop {
            if let Some(status) = self.app.as_mut().expect("the app runs").try_wait().unwrap() {
                self.app = None;
                return status;
            }
            assert!(Instant::now() < end, "the app did not end within {limit:?}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The app ended with success. Under Wine an X error can end it with 1 as it closes: Wine's
    /// desktop process (explorer.exe, shared by the prefix) may destroy a window first; that
    /// race is Wine's and is only reported.
    fn assert_quit_cleanly(&self, status: std::process::ExitStatus) {
        if status.success() {
            return;
        }
        let stderr = std::fs::read_to_string(self.app_log("stderr")).unwrap_or_default();
        let wine_teardown = stderr.contains("X Error of failed request:  BadWindow");
        assert!(under_wine() && wine_teardown, "the app ended with {status}; see {}", self.app_log("stderr"));
        eprintln!("gui: the app ended with {status} on an X error as Wine closed its windows (BadWindow); ignored");
    }

    fn screenshot(&self, name: &str) -> Result<PathBuf, String> {
        let path = self.root.join(name);
        let out = run_bounded(
            Command::new("import").args(["-display", &self.display, "-window", "root"]).arg(&path),
            secs(30),
        )?;
        if out.status.success() { Ok(path) } else { Err(String::from_utf8_lossy(&out.stderr).into_owned()) }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if std::thread::panicking() {
            if !self.display.is_empty() {
                match self.screenshot("failure.png") {
                    Ok(path) => eprintln!("gui: screenshot of the failure: {}", path.display()),
                    Err(e) => eprintln!("gui: no screenshot: {e}"),
                }
            }
            if let Some(dir) = self.dir.take() {
                eprintln!("gui: kept {} (app logs app-N.stdout/stderr, xvfb.log, data/, saved/)", dir.keep().display());
            }
        }
        if let Some(mut app) = self.app.take() {
            let _ = app.kill();
            let _ = app.wait();
        }
        // The app first, then its X server (stopped when dropped).
        drop(self.xvfb.take());
    }
}

fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}

fn assert_clean(parsed: &Value) {
    assert_eq!(parsed["defects"], Value::Array(vec![]), "parser defects");
    assert_eq!(parsed["raw_is_ascii"], true, "the raw message must be 7-bit clean");
    assert_eq!(parsed["raw_has_bare_lf"], false, "every line ends in CRLF");
}

/// `<IIN>_СК_<YYYY-MM-DD_HHMM>.eml`.
fn assert_saved_name(eml: &Path) {
    let name = eml.file_name().unwrap().to_string_lossy().into_owned();
    let stamp = name.strip_prefix(&format!("{IIN}_СК_")).and_then(|n| n.strip_suffix(".eml"));
    let shaped = stamp.is_some_and(|s| {
        s.len() == 15
            && s.char_indices().all(|(i, c)| match i {
                4 | 7 => c == '-',
                10 => c == '_',
                _ => c.is_ascii_digit(),
            })
    });
    assert!(shaped, "saved as {name:?}");
}

fn body(parsed: &Value) -> String {
    parsed["body"].as_str().expect("a text body").replace("\r\n", "\n")
}

/// The four fields of "Who", from the IIN/BIN (where the cursor starts) on, by Tab.
fn type_sender(s: &mut Session) {
    s.type_field("sender.iin", IIN);
    s.tab(1);
    s.type_field("sender.full_name", FULL_NAME);
    s.tab(1);
    s.type_field("sender.email", EMAIL);
    s.tab(1);
    s.type_field("sender.phone", PHONE);
}

#[test]
fn a_request_typed_into_the_window_is_saved_as_an_eml() {
    let mut s = Session::new();
    let started = Instant::now();
    s.start_app();
    // The cursor starts in the IIN/BIN field; Tab goes through the form in its order.
    type_sender(&mut s);
    s.tab(1);
    s.type_field("summary", SUMMARY);
    s.tab(3); // past "When it happened" (filled in) and its "Now" button
    s.type_field("problem.error_text", ERROR_TEXT);
    s.tab(1);
    s.type_field("problem.steps", STEPS);
    let eml = s.save();
    assert_saved_name(&eml);

    // Ctrl+Q writes the draft, even what was typed just before (the autosave waits 1 s), and
    // ends the app.
    s.tab(1);
    s.expected.insert("problem.description", DESCRIPTION.to_owned());
    s.type_text(DESCRIPTION, s.limits.key_delay_ms);
    s.key("ctrl+q");
    let status = s.wait_for_exit(secs(60));
    s.assert_quit_cleanly(status);
    if let Err(wrong) = s.wait_for_draft() {
        panic!("after Ctrl+Q the draft lacks: {wrong:#?}");
    }

    let parsed = parse_eml(&eml);
    assert_clean(&parsed);
    assert_eq!(parsed["subject"], format!("{IIN}/СК/{SUMMARY}"));
    assert_eq!(header(&parsed, "To"), Some("office@sud.kz"));
    assert_eq!(header(&parsed, "From"), Some(format!("{FULL_NAME} <{EMAIL}>").as_str()));
    assert_eq!(header(&parsed, "Reply-To"), None);
    assert!(header(&parsed, "Message-ID").unwrap().ends_with("@example.kz>"));
    let body = body(&parsed);
    for line in [
        format!("· Текст ошибки: {ERROR_TEXT}\n"),
        format!("· Действия, при которых возникает ошибка:\n  {}\n", STEPS.replace('\n', "\n  ")),
        format!("5) Отправитель: {FULL_NAME}, ИИН/БИН {IIN}\n"),
        format!("  Контакты: {EMAIL}, {PHONE}"),
    ] {
        assert!(body.contains(&line), "the body lacks {line:?}:\n{body}");
    }
    assert!(body.starts_with("1) Используемая ЭЦП"), "an English window writes a Russian body:\n{body}");
    eprintln!("gui: typed, saved and quit in {:.1} s", started.elapsed().as_secs_f64());
}

#[test]
fn a_draft_survives_a_kill_and_the_request_is_finished_after_a_restart() {
    let mut s = Session::new();
    let started = Instant::now();
    s.start_app();
    type_sender(&mut s);
    // type_field waited for draft.toml to hold all of it; now the power goes.
    s.kill_app();

    s.start_app();
    // Restored: the cursor goes to the first thing to fix, the summary (the only one missing).
    s.type_field("summary", SUMMARY);
    s.tab(3);
    s.type_field("problem.error_text", ERROR_TEXT);
    let eml = s.save();
    assert_saved_name(&eml);

    let parsed = parse_eml(&eml);
    assert_clean(&parsed);
    assert_eq!(parsed["subject"], format!("{IIN}/СК/{SUMMARY}"), "typed after the restart");
    assert_eq!(header(&parsed, "From"), Some(format!("{FULL_NAME} <{EMAIL}>").as_str()), "typed before the kill");
    let body = body(&parsed);
    for line in [
        format!("5) Отправитель: {FULL_NAME}, ИИН/БИН {IIN}\n"),
        format!("  Контакты: {EMAIL}, {PHONE}"),
        format!("· Текст ошибки: {ERROR_TEXT}\n"),
    ] {
        assert!(body.contains(&line), "the body lacks {line:?}:\n{body}");
    }
    eprintln!("gui: typed, killed, restarted, finished and saved in {:.1} s", started.elapsed().as_secs_f64());
}

#[test]
fn text_is_typed_in_runs_of_one_keyboard_group() {
    assert_eq!(keyboard_runs("Ай Әсем-1\n\nOK a.b"), ["Ай", " ", "Ә", "сем", "-", "1", "\n", "\n", "OK a", ".", "b"]);
    assert_eq!(keyboard_runs(""), Vec::<String>::new());
}

impl Session {
    /// Paints the screen's background (the X root) so that a capture shows what was behind the
    /// window.
    fn paint_root(&self, colour: &str) {
        let painted =
            run_bounded(Command::new("xsetroot").args(["-display", &self.display, "-solid", colour]), secs(30))
                .unwrap();
        assert!(painted.status.success(), "xsetroot: {}", String::from_utf8_lossy(&painted.stderr));
    }

    /// The window's place on the screen: x, y, width, height.
    fn window_geometry(&self) -> (u32, u32, u32, u32) {
        let out = self.xdotool(&["getwindowgeometry", "--shell", &self.window], secs(10)).unwrap();
        let value = |key: &str| -> u32 {
            out.lines()
                .find_map(|l| l.strip_prefix(key).and_then(|v| v.strip_prefix('=')))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or_else(|| panic!("no {key} in {out:?}"))
        };
        (value("X"), value("Y"), value("WIDTH"), value("HEIGHT"))
    }

    /// Waits for the `count`-th screenshot in the draft's folder; returns them all, by name.
    fn wait_for_screenshots(&self, count: usize, limit: Duration) -> Vec<PathBuf> {
        let folder = self.data.join("draft-files");
        let end = Instant::now() + limit;
        loop {
            let mut found: Vec<PathBuf> = std::fs::read_dir(&folder)
                .map(|d| d.map(|e| e.unwrap().path()).collect::<Vec<_>>())
                .unwrap_or_default()
                .into_iter()
                .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("screenshot-")))
                .collect();
            if found.len() >= count {
                found.sort();
                return found;
            }
            assert!(Instant::now() < end, "no screenshot {count} in {} within {limit:?}", folder.display());
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Waits until the window is shown again.
    fn wait_for_window_back(&mut self) {
        let end = Instant::now() + secs(30);
        let name = format!("^{}$", TITLE.replace('.', "\\."));
        while !self
            .xdotool(&["search", "--onlyvisible", "--name", &name], secs(10))
            .is_ok_and(|found| found.split_whitespace().any(|id| id == self.window))
        {
            assert!(Instant::now() < end, "the window did not come back after the capture");
            std::thread::sleep(Duration::from_millis(100));
        }
        // Without a window manager, X gives the keyboard back to no window after an unmap.
        let focus = self.xdotool(&["windowfocus", "--sync", &self.window.clone()], secs(30));
        assert!(focus.is_ok(), "focusing the window: {}", focus.unwrap_err());
    }
}

/// The X root's colour in the tests below, and as the capture's pixels show it.
const ROOT_COLOUR: (&str, [u8; 4]) = ("#204060", [0x20, 0x40, 0x60, 255]);

#[test]
fn the_window_is_away_while_the_screen_is_captured_and_comes_back() {
    let mut s = Session::new();
    s.paint_root(ROOT_COLOUR.0);
    s.start_app();
    let (x, y, width, height) = s.window_geometry();
    s.key("ctrl+shift+p");
    let shots = s.wait_for_screenshots(1, s.limits.eml);
    s.wait_for_window_back();
    let picture = image::open(&shots[0]).unwrap().to_rgba8();
    assert_eq!(picture.dimensions(), (1280, 1024), "the whole screen");
    // Where the window was, the capture shows the background: not one pixel of the window.
    let mut window_pixels = 0;
    for py in y..(y + height).min(1024) {
        for px in x..(x + width).min(1280) {
            if picture.get_pixel(px, py).0 != ROOT_COLOUR.1 {
                window_pixels += 1;
            }
        }
    }
    assert_eq!(window_pixels, 0, "the window ({width}×{height} at {x},{y}) is in the capture {}", shots[0].display());
    // The draft lists it (autosaved), so a crash would not lose it.
    let end = Instant::now() + s.limits.eml;
    while !std::fs::read_to_string(s.data.join("draft.toml"))
        .is_ok_and(|d| d.contains(&*shots[0].file_name().unwrap().to_string_lossy()))
    {
        assert!(Instant::now() < end, "the draft does not list the screenshot");
        std::thread::sleep(Duration::from_millis(100));
    }

    // With a countdown, the global shortcut captures at once, whichever window has the keyboard.
    if under_wine() {
        // Wine's RegisterHotKey is not checked here; the countdown itself is the same code.
        s.key("ctrl+q");
        let status = s.wait_for_exit(secs(60));
        s.assert_quit_cleanly(status);
        return;
    }
    let settings = std::fs::read_to_string(s.data.join("settings.toml")).unwrap();
    s.key("ctrl+q");
    let status = s.wait_for_exit(secs(60));
    s.assert_quit_cleanly(status);
    std::fs::write(s.data.join("settings.toml"), format!("{settings}\ncapture_delay_secs = 10\n")).unwrap();
    s.start_app();
    let started = Instant::now();
    s.key("ctrl+shift+p");
    std::thread::sleep(Duration::from_millis(1500));
    // The keyboard goes to the root window: the app is not focused.
    let root_focus = s.xdotool(&["key", "--window", "root", "ctrl+alt+p"], secs(10));
    assert!(root_focus.is_ok(), "{root_focus:?}");
    let _ = s.xdotool(&["key", "ctrl+alt+p"], secs(10));
    let shots = s.wait_for_screenshots(2, secs(8));
    let took = started.elapsed();
    assert!(took < secs(8), "the shortcut did not cut the 10 s countdown short ({took:?})");
    s.wait_for_window_back();
    assert_eq!(image::open(&shots[1]).unwrap().to_rgba8().dimensions(), (1280, 1024));
    s.key("ctrl+q");
    let status = s.wait_for_exit(secs(60));
    s.assert_quit_cleanly(status);
}
