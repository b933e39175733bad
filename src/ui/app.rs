//! The app's state and the handling of commands and job results. Drawing is in `view`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant, SystemTime};

use chrono::{DateTime, Utc};
use eframe::egui;
use zeroize::Zeroizing;

use super::bench::Bench;
use super::commands::Command;
use super::form::{Form, Settings, Source, key};
use super::jobs::{Poll, Slot, Wake};
use super::save::{self, SaveError, SaveJob};
use super::{Deps, view};
use crate::eds::locate::FoundKeystore;
use crate::eds::{self, CertificateSummary, EdsError};
use crate::environment::{self, ProbeEvent, ProbeName, ProbeStatus};
use crate::i18n::Lang;
use crate::request::{BodyLanguage, FieldError, FieldWarning, Request, render, validate, validate::warnings};
use crate::store::{LoadProblem, Loaded};

/// The autosaved form's file.
pub const DRAFT_FILE: &str = "draft.toml";
/// The settings' file.
pub const SETTINGS_FILE: &str = "settings.toml";

/// How long a keystore may take to open (iterations are capped; this is for a dead network drive).
const EDS_DEADLINE: Duration = Duration::from_secs(30);
/// How long the search for keystores may take, and how deep it goes.
const FIND_KEYS_DEADLINE: Duration = Duration::from_secs(3);
const FIND_KEYS_DEPTH: usize = 4;
/// The fields from the top of the window to the bottom, for listing problems in that order.
const WINDOW_ORDER: [&str; 20] = [
    "language",
    "sender.iin",
    "sender.full_name",
    "sender.email",
    "sender.phone",
    "from",
    "summary",
    "problem.occurred_at",
    "problem.error_text",
    "problem.steps",
    "problem.description",
    "problem.details",
    "eds.description",
    "eds.valid_from",
    "eds.valid_to",
    "environment.os",
    "environment.service_pack",
    "environment.browser",
    "environment.java",
    "problem.attachments",
];

/// The longest a change stays unsaved while the user keeps typing.
const MAX_UNSAVED: Duration = Duration::from_secs(2);
/// How long a closing window waits for its last writes.
const EXIT_WRITE_WAIT: Duration = Duration::from_secs(2);
/// How long writing a file may take.
const WRITE_DEADLINE: Duration = Duration::from_secs(30);

/// A message in the status line, translated when drawn.
#[derive(Debug)]
pub enum Notice {
    Saved(PathBuf),
    SaveFailed(SaveError),
    NotSavedProblems(usize),
    ConsentNeeded,
    Copied,
    EdsRead {
        name: String,
    },
    EdsFailed(EdsError),
    TimedOut,
    JobLost,
    AutosaveFailed(String),
    RestoreProblem(LoadProblem),
    NotAFile(PathBuf),
    Discarded,
    /// Screenshots or pasted pictures were attached.
    PicturesAdded(usize),
    /// An edited or shrunk picture was written.
    PictureSaved,
    Picture(super::shots::ShotError),
    /// Another picture is being made; try again in a moment.
    Busy,
    /// The attachments are over the limit by so many bytes.
    OverLimit(u64),
    /// The server said 250.
    Sent {
        message_id: String,
        at: DateTime<Utc>,
    },
    /// A temporary failure: the message waits in the outbox.
    Queued(crate::mail::smtp::Failure),
    /// A permanent failure: the message is kept in the outbox as failed.
    SendFailed(crate::mail::smtp::Failure),
    /// Sending needs the mail settings first.
    SetUpSending,
    MailSettingsSaved,
    /// An outbox or history action failed.
    MailAction(String),
}

/// What clearing the form is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Discard {
    NewRequest,
    NextCaller,
}

impl Discard {
    fn command(self) -> Command {
        match self {
            Self::NewRequest => Command::DiscardForm,
            Self::NextCaller => Command::ConfirmNextCaller,
        }
    }
}

/// Password prompt for a keystore.
pub struct PasswordPrompt {
    pub path: PathBuf,
    pub password: Zeroizing<String>,
    pub wrong: bool,
    /// The field got the cursor once (asking every frame would trap Tab).
    pub focused: bool,
}

impl std::fmt::Debug for PasswordPrompt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasswordPrompt").field("path", &self.path).field("wrong", &self.wrong).finish_non_exhaustive()
    }
}

impl PasswordPrompt {
    fn new(path: PathBuf) -> Self {
        // Room for any password, so typing never reallocates and leaves copies behind.
        Self { path, password: Zeroizing::new(String::with_capacity(256)), wrong: false, focused: false }
    }
}

/// The result of validating the effective draft, kept until the form changes.
#[derive(Debug)]
pub struct Preview {
    pub result: Result<(Request, String, String), Vec<FieldError>>,
    pub warnings: Vec<FieldWarning>,
    /// The problems as the window lists them: by its fields, top to bottom.
    pub problems: Vec<FieldError>,
}

/// The whole app: persisted state (settings, form) apart from runtime-only things (jobs, caches).
#[allow(clippy::struct_excessive_bools)] // independent flags of the app's state, not a mode in disguise
pub struct App {
    pub(super) deps: Deps,
    pub(super) wake: Wake,
    /// Screenshots: the capture sequence, the editor, thumbnails.
    pub(super) shots: super::shots::Shots,
    /// Sending, the outbox and the history.
    pub(super) mail: super::app_mail::Mail,
    pub(super) settings: Settings,
    pub(super) form: Form,
    pub(super) lang: Lang,

    // Detection.
    pub(super) env: environment::Environment,
    probe_events: Option<Receiver<ProbeEvent>>,
    pub(super) probes_pending: Vec<ProbeName>,
    browser_choices: Vec<String>,
    java_choices: Vec<String>,

    // Jobs, one slot per kind.
    restore: Slot<(Loaded<Settings>, Loaded<Form>)>,
    pub(super) restored: bool,
    autosave: Slot<std::io::Result<()>>,
    settings_save: Slot<std::io::Result<()>>,
    pick_eds: Slot<Option<PathBuf>>,
    open_eds: Slot<Result<Vec<CertificateSummary>, EdsError>>,
    pick_files: Slot<Vec<PathBuf>>,
    stat_files: Slot<Vec<(PathBuf, Result<u64, std::io::ErrorKind>)>>,
    pick_save: Slot<Option<PathBuf>>,
    save: Slot<Result<PathBuf, SaveError>>,
    open_file: Slot<std::io::Result<()>>,
    find_keys: Slot<Vec<FoundKeystore>>,
    /// Keystores found on this computer, offered in "Who".
    pub(super) found_keys: Vec<FoundKeystore>,

    // Runtime state.
    pub(super) certificate: Option<CertificateSummary>,
    pub(super) password: Option<PasswordPrompt>,
    pub(super) confirm_discard: Option<Discard>,
    pub(super) notice: Option<Notice>,
    pub(super) last_saved: Option<PathBuf>,
    pub(super) sizes: BTreeMap<String, u64>,
    pub(super) focus: Option<String>,
    /// A save was tried: every problem is shown at its field, not only those of filled fields.
    pub(super) tried_to_save: bool,
    pending_save: Option<(Request, bool, u64)>,
    paths_to_add: Vec<PathBuf>,
    preview: Option<Preview>,
    seen_form: Form,
    changed_at: Option<Instant>,
    seen_settings: Settings,
    /// The form as it was when last written.
    written_form: Option<Form>,
    /// The form being written by the running autosave; the settings being written.
    form_writing: Option<Form>,
    settings_writing: Option<Settings>,
    /// The first change not yet written.
    dirty_since: Option<Instant>,
    /// The file the form is written to: the draft, or a new one when the draft could not be read.
    draft_file: String,
    preview_key: Option<(Settings, Lang)>,
    /// The window title must follow the language.
    pub(super) title_changed: bool,
    /// Counts forms: results of jobs started for an earlier form (a caller gone) are dropped.
    pub(super) generation: u64,
    open_eds_generation: u64,
    stat_generation: u64,
    /// The form the last .eml was saved from (no need to ask before clearing it).
    pub(super) saved_form: Option<Form>,
    bench: Bench,
    commands: Vec<Command>,
    frames: u64,
    background_started: bool,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App").field("lang", &self.lang).field("form", &self.form).finish_non_exhaustive()
    }
}

impl App {
    pub fn new(cc: &eframe::CreationContext<'_>, deps: Deps) -> Self {
        cc.egui_ctx.options_mut(|o| o.fallback_theme = egui::Theme::Light);
        // A steady text cursor: a blinking one would repaint the window twice a second while the
        // user reads, and idle means idle.
        cc.egui_ctx.all_styles_mut(|style| style.visuals.text_cursor.blink = false);
        let ctx = cc.egui_ctx.clone();
        let wake: Wake = Arc::new(move || ctx.request_repaint());
        let lang = deps.system_lang;
        let form = Form::new((deps.now)(), lang);
        let mut app = Self {
            wake,
            shots: super::shots::Shots::default(),
            mail: super::app_mail::Mail::default(),
            settings: Settings::default(),
            seen_form: form.clone(),
            form,
            lang,
            env: environment::Environment::default(),
            probe_events: None,
            probes_pending: Vec::new(),
            browser_choices: Vec::new(),
            java_choices: Vec::new(),
            restore: Slot::default(),
            restored: false,
            autosave: Slot::default(),
            settings_save: Slot::default(),
            pick_eds: Slot::default(),
            open_eds: Slot::default(),
            pick_files: Slot::default(),
            stat_files: Slot::default(),
            pick_save: Slot::default(),
            save: Slot::default(),
            open_file: Slot::default(),
            find_keys: Slot::default(),
            found_keys: Vec::new(),
            certificate: None,
            password: None,
            confirm_discard: None,
            notice: None,
            last_saved: None,
            sizes: BTreeMap::new(),
            focus: None,
            tried_to_save: false,
            pending_save: None,
            paths_to_add: Vec::new(),
            preview: None,
            changed_at: None,
            seen_settings: Settings::default(),
            written_form: None,
            form_writing: None,
            settings_writing: None,
            dirty_since: None,
            draft_file: DRAFT_FILE.to_owned(),
            preview_key: None,
            title_changed: false,
            generation: 0,
            open_eds_generation: 0,
            stat_generation: 0,
            saved_form: None,
            bench: Bench::Off,
            commands: Vec::new(),
            frames: 0,
            background_started: false,
            deps,
        };
        let store = app.deps.store.clone();
        app.restore.start("restore", Some(WRITE_DEADLINE), &app.wake, move || {
            (store.load::<Settings>(SETTINGS_FILE), store.load::<Form>(DRAFT_FILE))
        });
        app
    }

    /// Detection and the keystore search start once the first frame is on screen: the window
    /// appears as fast as an empty one, and the spinners show at once.
    fn start_background_work(&mut self) {
        self.background_started = true;
        self.start_detection();
        self.start_mail();
        let screens = self.deps.screens.clone();
        self.shots.list_screens.start("list-screens", Some(FIND_KEYS_DEADLINE), &self.wake, move || screens.list());
        let roots = self.deps.key_roots.clone();
        self.find_keys.start("find-keys", Some(FIND_KEYS_DEADLINE + Duration::from_secs(1)), &self.wake, move || {
            let roots = roots.unwrap_or_else(eds::locate::default_roots);
            eds::locate::find_keystores(&roots, FIND_KEYS_DEPTH, Instant::now() + FIND_KEYS_DEADLINE)
        });
    }

    #[must_use]
    pub fn with_bench(mut self, bench: Bench) -> Self {
        self.bench = bench;
        self
    }

    // ----- what tests and the view read -----

    pub fn form(&self) -> &Form {
        &self.form
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    pub fn notice(&self) -> Option<&Notice> {
        self.notice.as_ref()
    }

    pub fn last_saved(&self) -> Option<&Path> {
        self.last_saved.as_deref()
    }

    /// Something is still running: the restore, a probe, a job, a pending autosave.
    pub fn busy(&self) -> bool {
        !self.restored
            || !self.background_started
            || !self.probes_pending.is_empty()
            || [
                self.autosave.is_running(),
                self.settings_save.is_running(),
                self.pick_eds.is_running(),
                self.open_eds.is_running(),
                self.pick_files.is_running(),
                self.stat_files.is_running(),
                !self.paths_to_add.is_empty(),
                self.pick_save.is_running(),
                self.save.is_running(),
                self.open_file.is_running(),
                self.find_keys.is_running(),
            ]
            .contains(&true)
            || self.changed_at.is_some()
            || self.shots_busy()
            || self.mail.busy()
    }

    /// The effective draft's subject and body, or its problems.
    pub fn preview(&mut self) -> &Preview {
        let lang = self.lang;
        let now = (self.deps.now)();
        let (form, settings) = (&self.form, &self.settings);
        self.preview.get_or_insert_with(|| {
            let draft = form.effective_draft(settings, lang);
            match validate(&draft, now) {
                Ok(request) => {
                    let warnings = warnings(&request);
                    let (subject, body) = (render::subject(&request), render::body(&request));
                    Preview { result: Ok((request, subject, body)), warnings, problems: Vec::new() }
                }
                Err(errors) => {
                    let problems = window_problems(&errors, settings.operator_mode);
                    Preview { result: Err(errors), warnings: Vec::new(), problems }
                }
            }
        })
    }

    pub(super) fn push(&mut self, command: Command) {
        self.commands.push(command);
    }

    pub(super) fn body_language(&self) -> BodyLanguage {
        self.form.body_language(self.lang)
    }

    /// A keystore is being read.
    pub(super) fn eds_reading(&self) -> bool {
        self.open_eds.is_running()
    }

    pub(super) fn save_folder(&self) -> PathBuf {
        self.settings.save_folder.clone().unwrap_or_else(|| self.deps.documents.clone())
    }

    // ----- detection -----

    fn start_detection(&mut self) {
        let Some(probe) = self.deps.probes.clone() else { return };
        self.env = environment::Environment::default();
        self.probes_pending = ProbeName::ALL.to_vec();
        let wake = self.wake.clone();
        let notify: Arc<dyn Fn() + Send + Sync> = Arc::new(move || wake());
        self.probe_events = Some(environment::spawn_with(&self.deps.probe_config, &notify, &probe));
    }

    fn poll_probes(&mut self) {
        let Some(events) = &self.probe_events else { return };
        let mut arrived = Vec::new();
        while let Ok(event) = events.try_recv() {
            arrived.push(event);
        }
        if arrived.is_empty() {
            return;
        }
        for event in arrived {
            self.probes_pending.retain(|n| *n != event.report.name);
            self.env.apply(event);
        }
        if self.probes_pending.is_empty() {
            self.probe_events = None;
        }
        self.browser_choices = self.work_out_choices(key::BROWSER);
        self.java_choices = self.work_out_choices(key::JAVA);
        // Before the restore, the form is not yet the user's: detection is offered once it is.
        if self.restored {
            self.offer_detected();
        }
    }

    /// Puts detected values into the form (not in operator mode: the operator's machine is not
    /// the caller's).
    fn offer_detected(&mut self) {
        if self.settings.operator_mode {
            return;
        }
        let (os, service_pack) = match &self.env.os {
            Some(os) => (Some(os.describe()), os.service_pack_line()),
            None => (None, None),
        };
        let done = |name| self.env.probes.iter().any(|r| r.name == name);
        let mut offers = Vec::new();
        if done(ProbeName::Os) {
            offers.push((key::OS, os));
            offers.push((key::SERVICE_PACK, service_pack));
        }
        if done(ProbeName::Browsers) {
            offers.push((key::BROWSER, self.default_choice(key::BROWSER)));
        }
        if done(ProbeName::Java) {
            offers.push((key::JAVA, self.default_choice(key::JAVA)));
        }
        if done(ProbeName::NcaLayer) {
            offers.push((
                key::NCALAYER,
                Some(environment::ncalayer::describe_for_letter(&self.env.ncalayer, self.body_language())),
            ));
        }
        for (key, value) in offers {
            let Some(value) = value else { continue };
            let untouched = self.form.source(key).is_none_or(|s| s == Source::Detected);
            if untouched && self.form.value_mut(key).is_some_and(|v| v.trim().is_empty() || *v != value) {
                self.form.offer(key, &value, Source::Detected);
            }
        }
    }

    /// The detected options of a chooser (browsers, Java), best first: the default browser;
    /// NCALayer's Java. Worked out when the probes answer (it compares folders on disk), not per frame.
    pub(super) fn choices(&self, key: &str) -> &[String] {
        match key {
            key::BROWSER => &self.browser_choices,
            key::JAVA => &self.java_choices,
            _ => &[],
        }
    }

    fn work_out_choices(&self, key: &str) -> Vec<String> {
        match key {
            key::BROWSER => {
                let mut browsers: Vec<_> = self.env.browsers.iter().collect();
                browsers.sort_by_key(|b| !b.default);
                browsers.into_iter().map(environment::browser::describe).collect()
            }
            key::JAVA => environment::render::java_line_lexical(&self.env)
                .map(|line| line.split("; ").map(str::to_owned).collect())
                .unwrap_or_default(),
            _ => Vec::new(),
        }
    }

    fn default_choice(&self, key: &str) -> Option<String> {
        self.choices(key).first().cloned()
    }

    pub(super) fn probe_status(&self, name: ProbeName) -> Option<&ProbeStatus> {
        self.env.probes.iter().find(|r| r.name == name).map(|r| &r.status)
    }

    // ----- the frame -----

    /// Everything but drawing: job results, autosave, commands. Called once per frame.
    pub(super) fn after_frame(&mut self, ctx: &egui::Context) {
        self.frames += 1;
        if !self.background_started {
            if self.frames >= 2 {
                self.start_background_work();
            } else {
                ctx.request_repaint();
            }
        }
        self.poll_jobs();
        self.poll_shots(ctx);
        self.poll_mail(ctx);
        self.poll_probes();
        for command in std::mem::take(&mut self.commands) {
            self.apply(command, ctx);
        }
        self.track_changes(ctx);
        if std::mem::take(&mut self.title_changed) {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(
                crate::i18n::ui::T::WindowTitle.get(self.lang).to_owned(),
            ));
        }
        // Jobs with deadlines are checked again at their deadline.
        for left in
            [self.open_eds.time_left(), self.save.time_left(), self.stat_files.time_left()].into_iter().flatten()
        {
            ctx.request_repaint_after(left + Duration::from_millis(10));
        }
    }

    fn track_changes(&mut self, ctx: &egui::Context) {
        if self.form != self.seen_form {
            self.seen_form = self.form.clone();
            self.preview = None;
            self.changed_at = Some(Instant::now());
            self.dirty_since.get_or_insert_with(Instant::now);
        }
        // The preview depends on the settings (From) and the interface language too.
        let preview_key = (self.settings.clone(), self.lang);
        if self.preview_key.as_ref() != Some(&preview_key) {
            self.preview = None;
            self.preview_key = Some(preview_key);
        }
        if let (Some(at), Some(since)) = (self.changed_at, self.dirty_since) {
            // A pause in typing, or at the latest MAX_UNSAVED after the first unsaved change.
            let due = (self.deps.autosave_delay.saturating_sub(at.elapsed()))
                .min(MAX_UNSAVED.saturating_sub(since.elapsed()));
            if !self.restored || self.autosave.is_running() {
                // Written when the restore or the running write reports (it wakes the window).
            } else if due.is_zero() {
                self.changed_at = None;
                self.write_form();
            } else {
                ctx.request_repaint_after(due + Duration::from_millis(5));
            }
        }
        if self.settings != self.seen_settings && self.restored && !self.settings_save.is_running() {
            let (store, settings) = (self.deps.store.clone(), self.settings.clone());
            self.settings_writing = Some(settings.clone());
            self.settings_save
                .start("save-settings", Some(WRITE_DEADLINE), &self.wake, move || store.save(SETTINGS_FILE, &settings));
        }
    }

    fn write_form(&mut self) {
        if self.written_form.as_ref() == Some(&self.form) {
            self.dirty_since = None;
            return;
        }
        self.form_writing = Some(self.form.clone());
        let (store, form, file) = (self.deps.store.clone(), self.form.clone(), self.draft_file.clone());
        self.autosave.start("autosave", Some(WRITE_DEADLINE), &self.wake, move || store.save(&file, &form));
    }

    /// Writes the form now, waiting for it (the window is closing).
    ///
    /// Waits for a write still running (so an older snapshot cannot land over this one), then
    /// writes in a thread and waits at most [`EXIT_WRITE_WAIT`] for it: a dead disk must not keep
    /// a closing window hanging.
    pub(super) fn flush(&mut self) {
        if !self.restored {
            return;
        }
        let form = (self.written_form.as_ref() != Some(&self.form)).then(|| self.form.clone());
        let settings = (self.settings != self.seen_settings).then(|| self.settings.clone());
        if form.is_none() && settings.is_none() {
            return;
        }
        let until = Instant::now() + EXIT_WRITE_WAIT;
        let _ = self.autosave.wait_until(until);
        let _ = self.settings_save.wait_until(until);
        let (store, file) = (self.deps.store.clone(), self.draft_file.clone());
        let (tx, rx) = std::sync::mpsc::channel();
        let spawned = std::thread::Builder::new().name("save-on-exit".into()).spawn(move || {
            if let Some(form) = form
                && let Err(e) = store.save(&file, &form)
            {
                log_error("autosave on exit", &e);
            }
            if let Some(settings) = settings
                && let Err(e) = store.save(SETTINGS_FILE, &settings)
            {
                log_error("settings on exit", &e);
            }
            let _ = tx.send(());
        });
        if spawned.is_ok() {
            let _ = rx.recv_timeout(until.saturating_duration_since(Instant::now()) + EXIT_WRITE_WAIT);
        }
        self.written_form = Some(self.form.clone());
        self.seen_settings = self.settings.clone();
    }

    fn poll_jobs(&mut self) {
        if let Some(poll) = self.restore.take() {
            self.restored = true;
            match poll {
                Poll::Ready((settings, form)) => self.apply_restore(settings, form),
                Poll::TimedOut | Poll::Lost | Poll::Running => {
                    // The saved draft was not read: it must not be written over.
                    self.draft_file = aside_draft_name((self.deps.now)());
                    self.notice = Some(Notice::TimedOut);
                    self.offer_detected();
                }
            }
        }
        if let Some(poll) = self.autosave.take() {
            let writing = self.form_writing.take();
            match poll {
                Poll::Ready(Ok(())) => {
                    self.written_form = writing;
                    if self.written_form.as_ref() == Some(&self.form) {
                        self.dirty_since = None;
                    }
                }
                failed => {
                    // Not written: tried again after the usual pause, and the window says so.
                    self.changed_at = Some(Instant::now());
                    self.notice = Some(Notice::AutosaveFailed(poll_reason(&failed)));
                }
            }
        }
        if let Some(poll) = self.settings_save.take() {
            let writing = self.settings_writing.take();
            match poll {
                Poll::Ready(Ok(())) => {
                    if let Some(written) = writing {
                        self.seen_settings = written;
                    }
                }
                failed => self.notice = Some(Notice::AutosaveFailed(poll_reason(&failed))),
            }
        }
        if let Some(Poll::Ready(Some(path))) = self.pick_eds.take() {
            self.commands.push(Command::OpenEds(path));
        }
        if let Some(poll) = self.open_eds.take() {
            self.eds_opened(poll);
        }
        if let Some(Poll::Ready(Ok(screens))) = self.shots.list_screens.take() {
            self.shots.screens = screens;
        }
        if let Some(Poll::Ready(found)) = self.find_keys.take() {
            self.found_keys = found;
        }
        if let Some(Poll::Ready(paths)) = self.pick_files.take() {
            self.commands.push(Command::AddPaths(paths));
        }
        if let Some(poll) = self.stat_files.take() {
            self.files_checked(poll);
            self.check_paths();
        }
        if let Some(poll) = self.pick_save.take()
            && let (Poll::Ready(Some(path)), Some((request, outlook, generation))) = (poll, self.pending_save.take())
            && generation == self.generation
        {
            self.start_save(request, path, false, outlook);
        }
        if let Some(poll) = self.save.take() {
            self.notice = Some(match poll {
                Poll::Ready(Ok(path)) => {
                    self.last_saved = Some(path.clone());
                    Notice::Saved(path)
                }
                Poll::Ready(Err(e)) => Notice::SaveFailed(e),
                Poll::TimedOut => Notice::TimedOut,
                Poll::Lost | Poll::Running => Notice::JobLost,
            });
        }
        if let Some(Poll::Ready(Err(e))) = self.open_file.take() {
            self.notice = Some(Notice::SaveFailed(SaveError::Open { path: self.save_folder(), source: e }));
        }
    }

    fn apply_restore(&mut self, settings: Loaded<Settings>, form: Loaded<Form>) {
        self.settings = settings.value;
        self.seen_settings = self.settings.clone();
        if let Some(lang) = self.settings.ui_language {
            self.lang = lang;
            self.title_changed = true;
        }
        if matches!(form.problem, Some(LoadProblem::Unreadable { .. })) {
            // There but unreadable (locked by another program?): kept as it is, this session's
            // draft goes to a file of its own.
            self.draft_file = aside_draft_name((self.deps.now)());
        }
        let untouched = self.form == self.seen_form && self.changed_at.is_none();
        if untouched && form.value != Form::default() {
            self.form = form.value;
            self.seen_form = self.form.clone();
            self.written_form = Some(self.form.clone());
            self.preview = None;
        } else if untouched {
            // A fresh start: the problem time is now, in the interface language chosen.
            self.form = Form::new((self.deps.now)(), self.lang);
            self.seen_form = self.form.clone();
        }
        if self.settings.operator_mode {
            self.form.forget_detected();
        } else {
            self.offer_detected();
        }
        // Restored attachments: their sizes, and a word if one has gone.
        self.paths_to_add.extend(self.form.draft.problem.attachments.iter().map(PathBuf::from));
        self.check_paths();
        // The cursor where typing starts: the IIN of a new form, else the first thing to fix.
        if self.focus.is_none() {
            self.focus = if self.form.draft.sender.iin.trim().is_empty() {
                Some("sender.iin".into())
            } else {
                self.problems().first().map(|e| e.field.clone())
            };
        }
        if let Some(problem) = form.problem.or(settings.problem) {
            self.notice = Some(Notice::RestoreProblem(problem));
        }
    }

    fn eds_opened(&mut self, poll: Poll<Result<Vec<CertificateSummary>, EdsError>>) {
        if self.open_eds_generation != self.generation {
            return; // read for a caller who is gone
        }
        match poll {
            Poll::Ready(Ok(certificates)) => {
                self.password = None;
                let Some(own) = certificates.into_iter().next() else { return };
                let mut draft = self.form.draft.clone();
                let filled = eds::fill_draft(&mut draft, &own);
                self.form.draft = draft;
                self.form.sources.insert(key::EDS.to_owned(), Source::Keystore);
                self.form.set_included(key::EDS, true);
                for field in filled {
                    self.form.sources.insert(field.to_owned(), Source::Keystore);
                }
                self.notice = Some(Notice::EdsRead { name: own.full_name.clone() });
                self.certificate = Some(own);
            }
            Poll::Ready(Err(EdsError::PasswordNeeded { path })) => {
                self.password = Some(PasswordPrompt::new(path));
            }
            Poll::Ready(Err(e)) if e.is_wrong_password() => {
                if let Some(prompt) = &mut self.password {
                    prompt.wrong = true;
                    prompt.password.clear();
                }
            }
            Poll::Ready(Err(e)) => {
                self.password = None;
                self.notice = Some(Notice::EdsFailed(e));
            }
            Poll::TimedOut => {
                self.password = None;
                self.notice = Some(Notice::TimedOut);
            }
            Poll::Lost | Poll::Running => self.notice = Some(Notice::JobLost),
        }
    }

    fn files_checked(&mut self, poll: Poll<Vec<(PathBuf, Result<u64, std::io::ErrorKind>)>>) {
        if self.stat_generation != self.generation {
            return; // dropped for a form that is gone
        }
        let checked = match poll {
            Poll::Ready(checked) => checked,
            Poll::TimedOut => return self.notice = Some(Notice::TimedOut),
            Poll::Lost | Poll::Running => return self.notice = Some(Notice::JobLost),
        };
        for (path, size) in checked {
            match size {
                Ok(size) => {
                    let text = path.to_string_lossy().into_owned();
                    if !self.form.draft.problem.attachments.contains(&text) {
                        self.form.draft.problem.attachments.push(text.clone());
                    }
                    self.sizes.insert(text, size);
                }
                Err(_) => self.notice = Some(Notice::NotAFile(path)),
            }
        }
    }

    // ----- commands -----

    #[allow(clippy::too_many_lines)] // one arm per command, each short
    pub(super) fn apply(&mut self, command: Command, ctx: &egui::Context) {
        match command {
            Command::CaptureScreen
            | Command::CaptureNow
            | Command::CancelCapture
            | Command::PasteImage
            | Command::EditAttachment(_)
            | Command::EditorUndo
            | Command::EditorApply
            | Command::EditorCancel
            | Command::ShrinkAttachment(_) => self.apply_shot(&command, ctx),
            Command::NewRequest => self.ask_or(Discard::NewRequest),
            Command::DiscardForm => {
                self.confirm_discard = None;
                self.new_generation();
                self.forget_pictures();
                self.form = Form::new((self.deps.now)(), self.lang);
                self.body_language().code().clone_into(&mut self.form.draft.language);
                self.certificate = None;
                self.sizes.clear();
                self.tried_to_save = false;
                self.offer_detected();
                self.notice = Some(Notice::Discarded);
            }
            Command::NextCaller => self.ask_or(Discard::NextCaller),
            Command::ConfirmNextCaller => {
                self.confirm_discard = None;
                self.new_generation();
                self.forget_pictures();
                self.form = self.form.next_caller((self.deps.now)(), self.lang);
                self.certificate = None;
                self.sizes.clear();
                self.tried_to_save = false;
                self.notice = None;
                self.focus = Some("sender.iin".into());
            }
            Command::SetOperatorMode(on) => {
                self.settings.operator_mode = on;
                if on {
                    // Neither this machine's values nor its owner's EDS belong to a caller.
                    self.form.forget_detected();
                    self.form.forget_keystore();
                    self.certificate = None;
                } else {
                    self.offer_detected();
                }
            }
            Command::SetUiLanguage(lang) => {
                self.lang = lang;
                self.settings.ui_language = Some(lang);
                if !self.form.body_language_chosen {
                    super::form::body_language_for(lang).code().clone_into(&mut self.form.draft.language);
                }
                self.offer_detected();
                ctx.send_viewport_cmd(egui::ViewportCommand::Title(
                    crate::i18n::ui::T::WindowTitle.get(lang).to_owned(),
                ));
            }
            Command::SetBodyLanguage(language) => {
                language.code().clone_into(&mut self.form.draft.language);
                self.form.body_language_chosen = true;
                // Detected values in words (NCALayer's state) follow the letter's language.
                self.offer_detected();
            }
            Command::ReadEds => {
                let (dialogs, lang) = (self.deps.dialogs.clone(), self.lang);
                self.pick_eds.start("dialog-eds", None, &self.wake, move || dialogs.pick_eds(lang));
            }
            Command::OpenEds(path) => self.open_eds_with(path, None),
            Command::SubmitPassword if self.open_eds.is_running() => {}
            Command::SubmitPassword => {
                forget_typed_password(ctx);
                if let Some(prompt) = &mut self.password {
                    let password = std::mem::replace(&mut prompt.password, Zeroizing::new(String::with_capacity(256)));
                    let path = prompt.path.clone();
                    self.open_eds_with(path, Some(password));
                }
            }
            Command::CancelPassword => {
                forget_typed_password(ctx);
                self.password = None;
            }
            Command::AddFiles => {
                let (dialogs, lang) = (self.deps.dialogs.clone(), self.lang);
                self.pick_files.start("dialog-files", None, &self.wake, move || dialogs.pick_attachments(lang));
            }
            Command::AddPaths(paths) => {
                // Files dropped while others are checked wait their turn: none is lost.
                self.paths_to_add.extend(paths);
                self.check_paths();
            }

            Command::RemoveAttachment(i) => {
                if i < self.form.draft.problem.attachments.len() {
                    let removed = self.form.draft.problem.attachments.remove(i);
                    self.sizes.remove(&removed);
                    self.shots.thumbs.remove(&removed);
                    // A screenshot of the draft's own goes with its entry; the user's files stay.
                    self.remove_draft_files(vec![PathBuf::from(removed)]);
                }
            }
            Command::SaveEml { ask, outlook } => self.save_eml(ask, outlook),
            Command::Send => self.send_request(),
            Command::ShowPage(page) => self.mail.page = page,
            Command::ApplyMailPreset => self.apply_preset(),
            Command::SaveMailSettings => self.save_mail_settings(),
            Command::TestConnection => self.test_connection(),
            Command::RetryMessage(id) => self.retry_message(id),
            Command::AskDeleteMessage(id) => self.mail.confirm_delete = Some(id),
            Command::DeleteMessage(id) => self.delete_message(id),
            Command::SaveMessageAs(id) => self.save_message_as(&id),
            Command::Mark(id, mark) => self.mark(id, mark),
            Command::StartReply(id) => self.start_reply(&id),
            Command::SendReply => self.send_reply(),
            Command::CancelReply => self.mail.reply = None,
            Command::OpenSaved => {
                if let Some(dir) = self.last_saved.as_ref().and_then(|p| p.parent()).map(Path::to_owned) {
                    let open = self.deps.open.clone();
                    self.open_file.start("open-folder", None, &self.wake, move || open(&dir));
                }
            }
            Command::CopyText if self.settings.operator_mode && !self.form.consent => {
                self.notice = Some(Notice::ConsentNeeded);
                self.focus = Some("consent".into());
            }
            Command::CopyText => {
                if let Ok((_, subject, body)) = &self.preview().result {
                    let text = format!("{subject}\n\n{body}");
                    ctx.copy_text(text);
                    self.notice = Some(Notice::Copied);
                } else {
                    self.tried_to_save = true;
                }
            }
            Command::Detect => {
                if self.probes_pending.is_empty() {
                    self.start_detection();
                }
            }
            Command::FocusField(path) => self.focus = Some(path),
            Command::Quit => {
                self.flush();
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    /// Starts checking the files waiting to be attached (their size; that they are files).
    fn check_paths(&mut self) {
        if self.paths_to_add.is_empty() || self.stat_files.is_running() {
            return;
        }
        let paths = std::mem::take(&mut self.paths_to_add);
        self.stat_generation = self.generation;
        self.stat_files.start("stat-files", Some(WRITE_DEADLINE), &self.wake, move || {
            paths
                .into_iter()
                .map(|p| {
                    let size = match std::fs::metadata(&p) {
                        Ok(m) if m.is_file() => Ok(m.len()),
                        Ok(_) => Err(std::io::ErrorKind::InvalidInput),
                        Err(e) => Err(e.kind()),
                    };
                    (p, size)
                })
                .collect()
        });
    }

    /// Clears now if nothing would be lost (empty, or saved as it is), else asks first.
    fn ask_or(&mut self, discard: Discard) {
        let nothing_to_lose = self.saved_form.as_ref() == Some(&self.form)
            || (self.form.draft.sender == crate::request::draft::SenderDraft::default()
                && self.form.draft.problem.error_text.is_empty()
                && self.form.draft.summary.is_empty()
                && self.form.draft.problem.description.is_empty()
                && self.form.draft.problem.steps.is_empty());
        if nothing_to_lose {
            self.commands.push(discard.command());
        } else {
            self.confirm_discard = Some(discard);
        }
    }

    /// The discarded form's screenshots are removed from disk; the editor closes.
    fn forget_pictures(&mut self) {
        let paths = self.form.draft.problem.attachments.iter().map(PathBuf::from).collect();
        self.remove_draft_files(paths);
        self.shots.thumbs.clear();
        self.shots.no_thumb.clear();
        self.shots.editor = None;
    }

    /// A new form: what jobs of the old one still bring is dropped.
    fn new_generation(&mut self) {
        self.generation += 1;
        self.paths_to_add.clear();
        self.pending_save = None;
        self.password = None;
    }

    fn open_eds_with(&mut self, path: PathBuf, password: Option<Zeroizing<String>>) {
        self.open_eds_generation = self.generation;
        self.open_eds.start("eds-open", Some(EDS_DEADLINE), &self.wake, move || {
            eds::open(&path, password.as_ref().map(|p| p.as_str()))
        });
    }

    /// The request as valid now, or `None` after saying why not (problems, consent, size).
    pub(super) fn ready_request(&mut self) -> Option<Request> {
        if self.settings.operator_mode && !self.form.consent {
            self.notice = Some(Notice::ConsentNeeded);
            self.focus = Some("consent".into());
            return None;
        }
        let request = match &self.preview().result {
            Ok((request, _, _)) => request.clone(),
            Err(errors) => {
                let count = errors.len();
                let first = self.problems().first().map(|e| e.field.clone());
                self.notice = Some(Notice::NotSavedProblems(count));
                self.focus = first;
                return None;
            }
        };
        let over = self.budget().over_by();
        if over > 0 {
            self.notice = Some(Notice::OverLimit(over));
            self.focus = Some("problem.attachments".into());
            return None;
        }
        Some(request)
    }

    fn save_eml(&mut self, ask: bool, outlook: bool) {
        self.tried_to_save = true;
        if self.save.is_running() || self.pick_save.is_running() {
            return;
        }
        let Some(request) = self.ready_request() else { return };
        let now = (self.deps.now)();
        let name = save::default_name(&request, now);
        let folder = self.save_folder();
        if ask {
            // What is saved is what was valid (and consented to) now, whatever happens while the
            // dialog is open.
            self.pending_save = Some((request, outlook, self.generation));
            let (dialogs, lang) = (self.deps.dialogs.clone(), self.lang);
            self.pick_save.start("dialog-save", None, &self.wake, move || dialogs.save_eml(lang, &folder, &name));
        } else {
            self.start_save(request, folder.join(name), true, outlook);
        }
    }

    fn start_save(&mut self, request: Request, path: PathBuf, unique: bool, outlook: bool) {
        self.saved_form = Some(self.form.clone());
        let job = SaveJob { request, path, unique, outlook, date: SystemTime::now(), limit_bytes: self.limit_bytes() };
        let open = self.deps.open.clone();
        self.save.start("save-eml", Some(WRITE_DEADLINE), &self.wake, move || save::save(&job, |p| open(p)));
    }

    /// The problems of the current draft, by field path.
    pub(super) fn problems(&mut self) -> Vec<FieldError> {
        self.preview().problems.clone()
    }

    pub(super) fn now(&self) -> DateTime<Utc> {
        (self.deps.now)()
    }

    pub(super) fn bench_frame(&mut self, ctx: &egui::Context, frame_time: Duration) {
        let settled = !self.busy();
        self.bench.on_frame(ctx, frame_time, settled);
    }
}

impl eframe::App for App {
    /// Runs also while the window is away (capturing the screen), when `ui` does not.
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        self.drive_capture(ctx);
    }

    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        view::shortcuts(self, &ctx);
        view::dropped_files(self, &ctx);
        view::draw(self, ui);
        self.after_frame(&ctx);
        let frame_time = frame.info().cpu_usage.map_or(Duration::ZERO, Duration::from_secs_f32);
        self.bench_frame(&ctx, frame_time);
    }

    fn on_exit(&mut self) {
        self.flush();
    }
}

/// egui keeps a text field's undo history in its memory: for the password field, that is a
/// copy of the password. Dropped when the prompt is answered.
fn forget_typed_password(ctx: &egui::Context) {
    let id = view::field_id("password");
    if let Some(mut state) = egui::TextEdit::load_state(ctx, id) {
        state.clear_undoer();
        state.store(ctx, id);
    }
}

/// Validation's problems as the window shows them: outside operator mode there is no From field
/// (the user's own e-mail is missing), and the order is the window's, not the request file's.
fn window_problems(errors: &[FieldError], operator: bool) -> Vec<FieldError> {
    let mut problems: Vec<FieldError> = errors
        .iter()
        .map(|e| match e.field.as_str() {
            "from" if !operator => FieldError { field: "sender.email".into(), problem: e.problem.clone() },
            _ => e.clone(),
        })
        .collect();
    problems.sort_by_key(|e| WINDOW_ORDER.iter().position(|f| e.field.starts_with(f)).unwrap_or(WINDOW_ORDER.len()));
    problems
}

/// A file name for this session's draft when the saved one must be left alone.
fn aside_draft_name(now: DateTime<Utc>) -> String {
    format!("draft-{}.toml", now.format("%Y%m%d-%H%M%S"))
}

/// Why a write job did not succeed, for the status line.
fn poll_reason(poll: &Poll<std::io::Result<()>>) -> String {
    match poll {
        Poll::Ready(Err(e)) => e.to_string(),
        Poll::TimedOut => "timed out".to_owned(),
        _ => "stopped".to_owned(),
    }
}

/// Errors with nowhere else to go (the window is closing): standard error, without personal data.
fn log_error(what: &str, e: &std::io::Error) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr().lock(), "sk-support: {what}: {}", e.kind());
}
