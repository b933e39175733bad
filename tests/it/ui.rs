//! The window, driven by its accessible labels with egui_kittest (no display, no renderer):
//! the real `App` with test stand-ins for the clock, the probes and the file dialogs.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeZone as _, Utc};
use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use sk_support::attachments::capture::{CaptureError, Screen, Which};
use sk_support::environment::{self, Browser, Finding, JavaRuntime, NcaLayer, OsInfo, ProbeName};
use sk_support::i18n::Lang;
use sk_support::store::Store;
use sk_support::ui::shots::Screens;
use sk_support::ui::{App, Deps, Dialogs, Notice};

use crate::common::{header, parse_eml};

const IIN: &str = "871008401427";

/// File dialogs that answer what the test put in.
#[derive(Default)]
pub(crate) struct FakeDialogs {
    eds: Mutex<Option<PathBuf>>,
    pub(crate) files: Mutex<Vec<PathBuf>>,
    save: Mutex<Option<PathBuf>>,
}

impl Dialogs for FakeDialogs {
    fn pick_eds(&self, _: Lang) -> Option<PathBuf> {
        self.eds.lock().unwrap().clone()
    }
    fn pick_attachments(&self, _: Lang) -> Vec<PathBuf> {
        self.files.lock().unwrap().clone()
    }
    fn save_eml(&self, _: Lang, _: &Path, _: &str) -> Option<PathBuf> {
        self.save.lock().unwrap().clone()
    }
}

/// Screens that show pictures the test drew, and a clipboard the test fills.
pub(crate) struct FakeScreens {
    pub(crate) pictures: Vec<image::RgbaImage>,
    pub(crate) clipboard: Mutex<Option<image::RgbaImage>>,
}

impl Default for FakeScreens {
    /// One 800 × 500 screen: a gradient (so that redaction and crop show).
    fn default() -> Self {
        let picture = image::RgbaImage::from_fn(800, 500, |x, y| {
            image::Rgba([u8::try_from(x % 256).unwrap(), u8::try_from(y % 256).unwrap(), 180, 255])
        });
        Self { pictures: vec![picture], clipboard: Mutex::new(None) }
    }
}

impl Screens for FakeScreens {
    fn list(&self) -> Result<Vec<Screen>, CaptureError> {
        Ok(self.pictures.iter().enumerate().map(|(i, p)| screen(i, p)).collect())
    }
    fn capture(&self, which: Which) -> Result<Vec<(Screen, image::RgbaImage)>, CaptureError> {
        let all = self.pictures.iter().enumerate().map(|(i, p)| (screen(i, p), p.clone()));
        Ok(match which {
            Which::All => all.collect(),
            Which::Number(n) => all.filter(|(s, _)| s.number == n).collect(),
        })
    }
    fn clipboard_image(&self) -> Option<image::RgbaImage> {
        self.clipboard.lock().unwrap().clone()
    }
}

fn screen(i: usize, picture: &image::RgbaImage) -> Screen {
    Screen {
        number: i + 1,
        name: format!("FAKE-{i}"),
        x: 0,
        y: 0,
        width: picture.width(),
        height: picture.height(),
        primary: i == 0,
    }
}

pub(crate) struct Setup {
    pub(crate) dir: tempfile::TempDir,
    pub(crate) dialogs: Arc<FakeDialogs>,
    pub(crate) screens: Arc<FakeScreens>,
    pub(crate) secrets: Arc<sk_support::mail::password::MemorySecrets>,
    opened: Arc<Mutex<Vec<PathBuf>>>,
    lang: Lang,
    key_roots: Vec<PathBuf>,
}

pub(crate) fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 9, 30, 0).unwrap()
}

/// Probes that find a fixed Windows 10 machine with two browsers, one Java, NCALayer not running.
#[allow(clippy::unnecessary_wraps)] // the shape of a probe
fn fake_probe(name: ProbeName, _: &environment::Config, _: Instant) -> Result<Finding, environment::ProbeError> {
    Ok(match name {
        ProbeName::Os => Finding::Os(Some(OsInfo {
            name: "Windows 10 Pro".into(),
            version: "10.0".into(),
            release: Some("22H2".into()),
            build: Some("19045.5131".into()),
            service_pack: None,
            arch: "x86_64".into(),
        })),
        ProbeName::Browsers => Finding::Browsers(vec![
            Browser {
                name: "Mozilla Firefox".into(),
                version: Some("133.0".into()),
                path: None,
                default: false,
                bits: Some(64),
            },
            Browser {
                name: "Google Chrome".into(),
                version: Some("131.0.6778.86".into()),
                path: None,
                default: true,
                bits: Some(64),
            },
        ]),
        ProbeName::Java => Finding::Java(vec![JavaRuntime {
            version: "1.8.0_431".into(),
            vendor: Some("Oracle Corporation".into()),
            bits: Some(64),
            home: PathBuf::from("C:\\Program Files\\Java\\jre1.8.0_431"),
            sources: Vec::new(),
            default: true,
        }]),
        ProbeName::NcaLayer => Finding::NcaLayer(NcaLayer { installed: true, running: false, ..NcaLayer::default() }),
    })
}

impl Setup {
    pub(crate) fn new(lang: Lang) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let key_roots = vec![dir.path().join("no-keys-here")];
        Self {
            dir,
            dialogs: Arc::default(),
            screens: Arc::default(),
            secrets: Arc::default(),
            opened: Arc::default(),
            lang,
            key_roots,
        }
    }

    pub(crate) fn saved_dir(&self) -> PathBuf {
        self.dir.path().join("Documents")
    }

    fn deps(&self) -> Deps {
        let opened = self.opened.clone();
        Deps {
            store: Store::new(self.dir.path().join("data")),
            now: Arc::new(now),
            probes: Some(Arc::new(fake_probe)),
            probe_config: environment::Config::default(),
            dialogs: self.dialogs.clone(),
            open: Arc::new(move |p: &Path| {
                opened.lock().unwrap().push(p.to_owned());
                Ok(())
            }),
            system_lang: self.lang,
            autosave_delay: Duration::from_millis(100),
            documents: self.saved_dir(),
            key_roots: Some(self.key_roots.clone()),
            screens: self.screens.clone(),
            hotkey: false,
            secrets: self.secrets.clone(),
        }
    }

    pub(crate) fn harness(&self) -> Harness<'static, App> {
        let deps = self.deps();
        let mut h = Harness::builder().with_size([1280.0, 2000.0]).build_eframe(move |cc| App::new(cc, deps));
        settle(&mut h);
        h
    }

    pub(crate) fn saved_files(&self) -> Vec<PathBuf> {
        match std::fs::read_dir(self.saved_dir()) {
            Ok(entries) => entries.map(|e| e.unwrap().path()).collect(),
            Err(_) => Vec::new(),
        }
    }
}

/// Runs frames until no job, probe or autosave is pending (jobs run in real threads).
pub(crate) fn settle(h: &mut Harness<'static, App>) {
    let until = Instant::now() + Duration::from_secs(20);
    loop {
        h.run_steps(1);
        if !h.state().busy() {
            break;
        }
        assert!(Instant::now() < until, "the app stayed busy: {:?}", h.state());
        std::thread::sleep(Duration::from_millis(10));
    }
    h.run_steps(2);
}

/// The text field (one line, several lines or a password) named `label`.
pub(crate) fn text_input<'h>(h: &'h Harness<'static, App>, label: &'h str) -> egui_kittest::Node<'h> {
    use egui::accesskit::Role;
    [Role::TextInput, Role::MultilineTextInput, Role::PasswordInput]
        .into_iter()
        .find_map(|role| h.query_by_role_and_label(role, label))
        .unwrap_or_else(|| panic!("no text field named {label:?}"))
}

pub(crate) fn type_into(h: &mut Harness<'static, App>, label: &str, text: &str) {
    text_input(h, label).click();
    h.run_steps(1);
    text_input(h, label).type_text(text);
    h.run_steps(1);
}

pub(crate) fn click(h: &mut Harness<'static, App>, label: &str) {
    h.get_by_label(label).click();
    // A popup or modal opens in the next frame and is laid out in the one after.
    h.run_steps(3);
}

pub(crate) fn fill_valid(h: &mut Harness<'static, App>) {
    type_into(h, "IIN/BIN", IIN);
    type_into(h, "Full name", "Тестов Тест Тестович");
    type_into(h, "E-mail", "test.user@example.kz");
    type_into(h, "Short summary (subject)", "Қол қою кезінде қате");
    type_into(h, "Error text", "NCALayer не отвечает");
    settle(h);
}

fn preview(h: &mut Harness<'static, App>) -> (String, String) {
    let app = h.state_mut();
    match &app.preview().result {
        Ok((_, subject, body)) => (subject.clone(), body.clone()),
        Err(errors) => panic!("the form is not valid: {errors:?}"),
    }
}

/// The .eml as Python's `email` reads it; `None` when the tests run as a Windows program (under
/// Wine there is no Python: the same checks run on Linux).
pub(crate) fn parsed(path: &Path) -> Option<serde_json::Value> {
    (!cfg!(windows)).then(|| parse_eml(path))
}

#[test]
fn a_filled_form_saves_the_eml_the_preview_shows_with_the_detected_environment() {
    let setup = Setup::new(Lang::En);
    let mut h = setup.harness();
    // Detection filled the environment: the default browser first, NCALayer's state noted.
    let form = h.state().form().clone();
    assert_eq!(form.draft.environment.os, "Windows 10 Pro 22H2 (build 19045.5131)");
    assert!(form.draft.environment.browser.starts_with("Google Chrome 131"), "{}", form.draft.environment.browser);
    assert_eq!(form.ncalayer, "NCALayer (установлен, не запущен)", "in the letter's language");
    assert!(h.query_by_label_contains("NCALayer is installed but not running").is_some(), "self-help hint missing");
    // The other browser can be chosen instead of the default one.
    click(&mut h, "Choose… Browser");
    h.get_by_label_contains("Mozilla Firefox 133").click();
    h.run_steps(3);
    assert!(h.state().form().draft.environment.browser.starts_with("Mozilla Firefox 133"));
    // A choice is the user's: detecting again keeps it.
    click(&mut h, "Detect again");
    settle(&mut h);
    assert!(h.state().form().draft.environment.browser.starts_with("Mozilla Firefox 133"));
    click(&mut h, "Choose… Browser");
    h.get_by_label_contains("Google Chrome 131").click();
    h.run_steps(3);
    fill_valid(&mut h);
    assert!(h.query_by_label_contains("IIN: ").is_some(), "the IIN's meaning is shown live");
    let (subject, body) = preview(&mut h);
    assert_eq!(subject, format!("{IIN}/СК/Қол қою кезінде қате"));
    assert!(h.query_by_label(&subject).is_some(), "the subject is shown as it will be sent");
    click(&mut h, "Save .eml");
    settle(&mut h);
    let saved = setup.saved_files();
    assert_eq!(saved.len(), 1, "{saved:?}");
    assert!(matches!(h.state().notice(), Some(Notice::Saved(p)) if *p == saved[0]));
    assert!(saved[0].file_name().unwrap().to_string_lossy().starts_with(&format!("{IIN}_СК_2026-11-25_")));
    if let Some(parsed) = parsed(&saved[0]) {
        assert_eq!(header(&parsed, "Subject"), Some(subject.as_str()));
        assert_eq!(header(&parsed, "To"), Some("office@sud.kz"));
        assert_eq!(parsed["body"].as_str().unwrap().replace("\r\n", "\n").trim_end(), body.trim_end());
    }
    // The English interface writes a Russian body; NCALayer's state is in the details.
    assert!(body.contains("Google Chrome 131"), "{body}");
    assert!(body.contains("NCALayer"), "{body}");
    assert!(body.contains("Браузер") || body.contains("браузер"), "not a Russian body: {body}");
    // Saving again does not overwrite: a second file.
    click(&mut h, "Save .eml");
    settle(&mut h);
    assert_eq!(setup.saved_files().len(), 2);
}

#[test]
fn problems_are_listed_and_a_click_focuses_the_field() {
    let setup = Setup::new(Lang::En);
    let mut h = setup.harness();
    type_into(&mut h, "IIN/BIN", "871008401428");
    type_into(&mut h, "Short summary (subject)", "x");
    settle(&mut h);
    click(&mut h, "Save .eml");
    settle(&mut h);
    assert!(setup.saved_files().is_empty(), "an invalid request must not be saved");
    assert!(matches!(h.state().notice(), Some(Notice::NotSavedProblems(n)) if *n >= 2));
    // The problem list names the field; clicking it puts the cursor there.
    click(&mut h, "Short summary (subject)"); // move focus away first
    let link = h.get_by_label_contains("IIN/BIN: ");
    link.click();
    h.run_steps(3);
    assert!(text_input(&h, "IIN/BIN").is_focused());
    // The e-mail problem is the user's own e-mail outside operator mode.
    assert!(h.query_by_label_contains("E-mail: Support replies by e-mail").is_some());
}

#[test]
fn the_interface_language_switches_is_remembered_and_sets_the_body_language() {
    let setup = Setup::new(Lang::En);
    let mut h = setup.harness();
    fill_valid(&mut h);
    click(&mut h, "Interface language");
    click(&mut h, "Қазақша");
    settle(&mut h);
    assert_eq!(h.state().lang(), Lang::Kk);
    assert!(h.query_by_label("ЖСН/БСН").is_some(), "Kazakh labels expected");
    let (_, body) = preview(&mut h);
    assert!(body.contains("ЭЦҚ"), "a Kazakh interface writes a Kazakh body: {body}");
    assert!(body.contains("NCALayer (орнатылған, іске қосылмаған)"), "NCALayer's state in Kazakh: {body}");
    // Chosen separately, the body language stays put when the interface changes.
    click(&mut h, "Хат тілі");
    click(&mut h, "Русский");
    click(&mut h, "Интерфейс тілі");
    h.get_all_by_label("Русский").last().unwrap().click(); // the item in the open list, drawn last
    h.run_steps(3);
    click(&mut h, "Язык интерфейса");
    click(&mut h, "English");
    settle(&mut h);
    let (_, body) = preview(&mut h);
    assert!(body.contains("ЭЦП"), "the chosen Russian body stays: {body}");
    drop(h);
    let h = setup.harness();
    assert_eq!(h.state().lang(), Lang::En, "the language is remembered");
    assert_eq!(h.state().settings().ui_language, Some(Lang::En));
}

#[test]
fn operator_mode_ignores_this_machine_requires_consent_and_next_caller_keeps_the_operator() {
    let setup = Setup::new(Lang::En);
    let mut h = setup.harness();
    click(&mut h, "Operator mode (1401)");
    settle(&mut h);
    let form = h.state().form().clone();
    assert_eq!(form.draft.environment.os, "", "the operator's own machine must not be used");
    assert_eq!(form.draft.environment.browser, "");
    assert!(h.query_by_label("Next caller").is_some());
    type_into(&mut h, "Operator's mailbox (From)", "operator@1401.kz");
    type_into(&mut h, "IIN/BIN", IIN);
    type_into(&mut h, "Full name", "Тестов Тест Тестович");
    type_into(&mut h, "Caller's e-mail (replies go there)", "caller@example.kz");
    type_into(&mut h, "Short summary (subject)", "Не открывается кабинет");
    // A quick pick for the caller's OS.
    click(&mut h, "Choose… Operating system");
    click(&mut h, "Windows 7 SP1");
    settle(&mut h);
    assert_eq!(h.state().form().draft.environment.os, "Windows 7 SP1");
    click(&mut h, "Save .eml");
    settle(&mut h);
    assert!(matches!(h.state().notice(), Some(Notice::ConsentNeeded)));
    assert!(setup.saved_files().is_empty(), "nothing is saved without the caller's consent");
    // Nor copied.
    h.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, egui::Key::C);
    h.run_steps(2);
    let copied = h.output().platform_output.commands.iter().any(|c| matches!(c, egui::OutputCommand::CopyText(_)));
    assert!(!copied, "the caller's data went to the clipboard without consent");
    assert!(matches!(h.state().notice(), Some(Notice::ConsentNeeded)));
    click(&mut h, "The caller agreed to share this data with support");
    click(&mut h, "Save .eml");
    settle(&mut h);
    let saved = setup.saved_files();
    assert_eq!(saved.len(), 1);
    if let Some(parsed) = parsed(&saved[0]) {
        assert_eq!(header(&parsed, "From"), Some("operator@1401.kz"));
        assert_eq!(header(&parsed, "Reply-To"), Some("Тестов Тест Тестович <caller@example.kz>"));
        assert!(parsed["body"].as_str().unwrap().contains("Windows 7 SP1"));
    }
    // Saved as it is: the next caller needs no question.
    click(&mut h, "Next caller");
    settle(&mut h);
    let form = h.state().form().clone();
    assert_eq!((form.draft.sender.iin.as_str(), form.draft.sender.full_name.as_str()), ("", ""));
    assert!(!form.consent, "consent is per caller");
    assert_eq!(h.state().settings().operator_from, "operator@1401.kz");
    assert!(h.state().settings().operator_mode);
    // Typed but not saved: asked first.
    type_into(&mut h, "Full name", "Екінші Қоңырау");
    click(&mut h, "Next caller");
    click(&mut h, "No, keep");
    settle(&mut h);
    assert_eq!(h.state().form().draft.sender.full_name, "Екінші Қоңырау");
    click(&mut h, "Next caller");
    click(&mut h, "Yes, clear");
    settle(&mut h);
    assert_eq!(h.state().form().draft.sender.full_name, "");
    // Leaving operator mode brings this machine's values back.
    click(&mut h, "Operator mode (1401)");
    settle(&mut h);
    assert_eq!(h.state().form().draft.environment.os, "Windows 10 Pro 22H2 (build 19045.5131)");
}

#[test]
fn the_draft_is_autosaved_and_restored_and_new_request_asks_first() {
    let setup = Setup::new(Lang::En);
    let mut h = setup.harness();
    type_into(&mut h, "Full name", "Тестов Тест");
    type_into(&mut h, "Steps that cause it", "1. Вошёл\n2. Нажал «Подписать»");
    settle(&mut h);
    let on_disk = std::fs::read_to_string(setup.dir.path().join("data/draft.toml")).unwrap();
    assert!(on_disk.contains("Тестов Тест"), "{on_disk}");
    drop(h); // as after a crash: no exit handler ran
    let mut h = setup.harness();
    assert_eq!(h.state().form().draft.sender.full_name, "Тестов Тест");
    assert_eq!(h.state().form().draft.problem.steps, "1. Вошёл\n2. Нажал «Подписать»");
    click(&mut h, "New request");
    click(&mut h, "No, keep");
    settle(&mut h);
    assert_eq!(h.state().form().draft.sender.full_name, "Тестов Тест", "kept when the user says no");
    click(&mut h, "New request");
    click(&mut h, "Yes, clear");
    settle(&mut h);
    assert_eq!(h.state().form().draft.sender.full_name, "");
    assert_eq!(h.state().form().draft.problem.occurred_at, "2026-11-25 14:30", "a new request happened now");
    drop(h);
    assert_eq!(setup.harness().state().form().draft.sender.full_name, "", "the cleared form was saved too");
}

#[test]
fn a_damaged_draft_is_kept_aside_and_the_window_says_so() {
    let setup = Setup::new(Lang::Ru);
    std::fs::create_dir_all(setup.dir.path().join("data")).unwrap();
    std::fs::write(setup.dir.path().join("data/draft.toml"), "draft = [broken").unwrap();
    let h = setup.harness();
    assert!(matches!(h.state().notice(), Some(Notice::RestoreProblem(_))));
    assert!(h.query_by_label_contains("Сохранённый файл повреждён").is_some());
    let kept: Vec<_> = std::fs::read_dir(setup.dir.path().join("data"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("draft.toml.corrupt-"))
        .collect();
    assert_eq!(kept.len(), 1);
}

fn nca(path: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/nca").join(path);
    if p.exists() {
        Some(p)
    } else {
        eprintln!("skipped: {} is absent", p.display());
        None
    }
}

#[test]
fn reading_the_eds_asks_the_password_again_when_wrong_and_fills_the_sender() {
    let Some(keystore) = nca("gokalkan/GOSTKNCA.p12") else { return };
    let setup = Setup::new(Lang::En);
    *setup.dialogs.eds.lock().unwrap() = Some(keystore);
    let mut h = setup.harness();
    click(&mut h, "Read from my EDS…");
    settle(&mut h);
    assert!(h.query_by_label("Keystore password").is_some(), "the password prompt is open");
    assert!(text_input(&h, "Password").is_focused(), "the cursor is in the password field");
    // Tab leaves the field for the buttons (no keyboard trap), and comes back.
    h.key_press(egui::Key::Tab);
    h.run_steps(2);
    assert!(!text_input(&h, "Password").is_focused(), "Tab is trapped in the password field");
    type_into(&mut h, "Password", "wrong");
    h.key_press(egui::Key::Enter);
    settle(&mut h);
    assert!(h.query_by_label("Wrong password. Please try again.").is_some());
    type_into(&mut h, "Password", "Qwerty12");
    click(&mut h, "Open");
    settle(&mut h);
    assert!(h.query_by_label("Keystore password").is_none(), "the prompt closes");
    let form = h.state().form().clone();
    assert_eq!(form.draft.sender.full_name, "ТЕСТОВ САБИТ ДАУРЕНБАЕВИЧ");
    assert_eq!(form.draft.eds.valid_to, "2020-09-03");
    assert!(!form.draft.eds.description.is_empty());
    assert!(h.query_by_label_contains("The EDS expired on").is_some(), "expired EDS hint");
    // The password is kept nowhere.
    let on_disk = std::fs::read_to_string(setup.dir.path().join("data/draft.toml")).unwrap();
    assert!(!on_disk.contains("Qwerty12"));
}

/// A file dropped onto the window.
#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn files_are_attached_by_dialog_and_by_drop_and_removed() {
    let setup = Setup::new(Lang::En);
    let a = setup.dir.path().join("screen.png");
    let b = setup.dir.path().join("log.txt");
    std::fs::write(&a, [0x89, b'P', b'N', b'G']).unwrap();
    std::fs::write(&b, "log line\n").unwrap();
    *setup.dialogs.files.lock().unwrap() = vec![a.clone()];
    let mut h = setup.harness();
    click(&mut h, "Add files…");
    settle(&mut h);
    h.input_mut().dropped_files.push(Arc::new(Dropped(b.clone())));
    h.run_steps(1);
    // A folder is not a file: refused with a message.
    h.input_mut().dropped_files.push(Arc::new(Dropped(setup.dir.path().to_owned())));
    h.run_steps(1);
    settle(&mut h);
    let attached = h.state().form().draft.problem.attachments.clone();
    assert_eq!(attached, vec![a.to_string_lossy().into_owned(), b.to_string_lossy().into_owned()]);
    assert!(matches!(h.state().notice(), Some(Notice::NotAFile(_))));
    click(&mut h, "Remove screen.png");
    settle(&mut h);
    assert_eq!(h.state().form().draft.problem.attachments, vec![b.to_string_lossy().into_owned()]);
    fill_valid(&mut h);
    click(&mut h, "Save .eml");
    settle(&mut h);
    if let Some(parsed) = parsed(&setup.saved_files()[0]) {
        assert_eq!(parsed["attachments"].as_array().unwrap().len(), 1);
    }
}

#[test]
fn outlook_variant_marks_the_message_unsent_and_opens_it() {
    let setup = Setup::new(Lang::En);
    let mut h = setup.harness();
    fill_valid(&mut h);
    click(&mut h, "Open as draft in Outlook");
    settle(&mut h);
    let saved = setup.saved_files();
    assert_eq!(saved.len(), 1);
    if let Some(parsed) = parsed(&saved[0]) {
        assert_eq!(header(&parsed, "X-Unsent"), Some("1"));
    }
    assert_eq!(*setup.opened.lock().unwrap(), saved);
    // Copy text puts subject and body on the clipboard.
    let (subject, body) = preview(&mut h);
    h.get_by_label("Copy text").click();
    h.run_steps(1);
    let copied: Vec<_> = h
        .output()
        .platform_output
        .commands
        .iter()
        .filter_map(|c| if let egui::OutputCommand::CopyText(t) = c { Some(t.clone()) } else { None })
        .collect();
    assert_eq!(copied, vec![format!("{subject}\n\n{body}")]);
    h.run_steps(2);
    assert!(matches!(h.state().notice(), Some(Notice::Copied)));
    // Save as… goes where the dialog says.
    let chosen = setup.dir.path().join("chosen.eml");
    *setup.dialogs.save.lock().unwrap() = Some(chosen.clone());
    click(&mut h, "Save as…");
    settle(&mut h);
    assert!(chosen.exists());
    if let Some(parsed) = parsed(&chosen) {
        assert_eq!(header(&parsed, "X-Unsent"), None);
    }
}

#[test]
fn keystores_found_on_the_computer_open_with_one_click() {
    let Some(keystore) = nca("malikzh-ncanode-2018/AUTH_RSA256_6b361b864c679601b652fe387f61fcd9303c0327.p12") else {
        return;
    };
    let mut setup = Setup::new(Lang::En);
    setup.key_roots = vec![keystore.parent().unwrap().to_owned()];
    let mut h = setup.harness();
    assert!(h.query_by_label("Keys found on this computer:").is_some());
    h.get_by_label_contains("AUTH_RSA256_6b361b").click();
    h.run_steps(3);
    settle(&mut h);
    type_into(&mut h, "Password", "Qwerty12");
    h.key_press(egui::Key::Enter);
    settle(&mut h);
    assert_eq!(h.state().form().draft.sender.full_name, "ТЕСТОВ ТЕСТ ТЕСТОВИЧ");
    assert_eq!(h.state().form().draft.eds.valid_to, "2019-08-22");
    // Once a key is read the list gives way to its owner's name.
    assert!(h.query_by_label("Keys found on this computer:").is_none());
}

#[test]
fn typing_starts_in_the_iin_field_of_a_new_form() {
    let setup = Setup::new(Lang::En);
    let mut h = setup.harness();
    assert!(text_input(&h, "IIN/BIN").is_focused(), "the cursor is in the IIN/BIN field");
    h.key_press(egui::Key::Tab);
    h.run_steps(2);
    assert!(text_input(&h, "Full name").is_focused(), "Tab goes on to the full name");
    // Settled: no frame asks for an immediate next one (no spinner left running). Timed repaints
    // (a blinking cursor) are counted by the GUI benchmark.
    settle(&mut h);
    assert!(h.try_run().is_ok(), "the idle window keeps repainting");
}

/// The restore is slow (a cold disk) and detection answers first: the saved draft still wins,
/// and is not written over.
#[cfg(unix)]
#[test]
fn a_slow_restore_still_brings_the_draft_back() {
    let setup = Setup::new(Lang::En);
    let data = setup.dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(data.join("draft.toml"), "[draft.sender]\nfull_name = \"Тестов Тест\"\n").unwrap();
    let fifo = data.join("settings.toml");
    let status = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(status.success());
    let deps = setup.deps();
    let mut h = Harness::builder().with_size([1280.0, 2000.0]).build_eframe(move |cc| App::new(cc, deps));
    // Detection answers while the restore waits on the settings file.
    let until = Instant::now() + Duration::from_secs(10);
    while h.state().form().draft.environment.os.is_empty() && Instant::now() < until {
        h.run_steps(1);
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(300)); // longer than the autosave pause
    h.run_steps(3);
    // Now the settings file can be read.
    std::fs::write(&fifo, "").unwrap();
    settle(&mut h);
    assert_eq!(h.state().form().draft.sender.full_name, "Тестов Тест");
    assert!(h.state().form().draft.environment.os.starts_with("Windows 10"), "detection is offered after the restore");
    let on_disk = std::fs::read_to_string(data.join("draft.toml")).unwrap();
    assert!(on_disk.contains("Тестов Тест"), "the draft was written over: {on_disk}");
}
