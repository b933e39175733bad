//! Sending from the window: the mail settings (password in the credential store), the send job
//! (outbox first, then one attempt), automatic retries with backoff, the outbox and history pages,
//! the history's marks and the reply to support. Every file and network step runs in a job.

use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use chrono::{DateTime, SubsecRound as _, Utc};
use zeroize::Zeroizing;

use super::app::{App, Notice};
use super::jobs::{Poll, Slot};
use super::save::SaveError;
use crate::attachments;
use crate::mail::outbox::{Attempt, Broken, Entry, Outbox, State};
use crate::mail::password::{self, Secrets};
use crate::mail::smtp::{self, Failure, SendError, Server, SmtpSettings};
use crate::mail::smtp_url::{self, Security, SmtpUrl};
use crate::mail::{self, BuildOptions, presets};
use crate::request::Request;
use crate::store::Store;
use crate::tracking::calendar::Calendar;
use crate::tracking::deadlines::Deadlines;

/// How long one send or retry job may take: every network step has its own time-out inside.
const SEND_DEADLINE: Duration = Duration::from_mins(10);
/// How long a file step (lists, marks, settings) may take.
const FILE_DEADLINE: Duration = Duration::from_secs(30);

/// The pages of the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Page {
    #[default]
    Request,
    Outbox,
    History,
    MailSettings,
}

/// The mail settings as edited (strings, as typed).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MailEdit {
    pub host: String,
    pub port: String,
    pub security: Option<Security>,
    pub login: String,
    pub ca_file: String,
}

impl MailEdit {
    fn from_settings(settings: &SmtpSettings) -> Self {
        let mut edit = Self {
            ca_file: settings.ca_file.as_ref().map(|p| p.display().to_string()).unwrap_or_default(),
            ..Self::default()
        };
        if let Ok(url) = smtp_url::parse(&settings.url) {
            edit.host = url.host;
            edit.port = url.port.to_string();
            edit.security = Some(url.security);
            edit.login = url.user.unwrap_or_default();
        }
        edit
    }

    /// The address these fields make, or why they make none.
    pub fn url(&self) -> Result<SmtpUrl, String> {
        let security = self.security.unwrap_or(Security::ImplicitTls);
        let scheme = if security == Security::ImplicitTls { "smtps" } else { "smtp" };
        let user = self.login.trim();
        let user =
            if user.is_empty() { String::new() } else { format!("{}@", user.replace('%', "%25").replace('@', "%40")) };
        let port = self.port.trim();
        let port = if port.is_empty() { String::new() } else { format!(":{port}") };
        let tls = match security {
            Security::ImplicitTls => "",
            Security::StartTls => "?tls=required",
            Security::Plain => "?tls=none",
        };
        smtp_url::parse(&format!("{scheme}://{user}{}{port}{tls}", self.host.trim())).map_err(|e| e.to_string())
    }

    fn settings(&self) -> Result<SmtpSettings, String> {
        let url = self.url()?;
        let ca = self.ca_file.trim();
        Ok(SmtpSettings { url: url.to_string(), ca_file: (!ca.is_empty()).then(|| PathBuf::from(ca)) })
    }
}

/// A reply to support being written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplyDraft {
    /// The request's subject (the reply's is `reply_subject` of it).
    pub original_subject: String,
    pub message_id: String,
    pub from: String,
    pub text: String,
}

/// The outbox and history as last read.
#[derive(Debug, Default)]
pub struct Lists {
    pub queued: Vec<Entry>,
    pub broken: Vec<Broken>,
    pub sent: Vec<Entry>,
    /// The sent requests (not the replies) with their deadlines, worked out once per reading:
    /// the page tabs count the overdue ones every frame.
    pub requests: Vec<(Entry, Deadlines)>,
}

/// What a send or retry job did.
#[derive(Debug)]
pub enum Sent {
    /// Attempts made (one per message tried).
    Attempts(Vec<Attempt>),
    /// The message could not be built or put in the outbox: nothing was queued.
    NotQueued(SaveError),
    /// The settings cannot work (read before any attempt).
    Settings(SendError),
}

/// The window's mail state.
#[derive(Debug, Default)]
pub struct Mail {
    pub page: Page,
    pub saved: SmtpSettings,
    pub edit: MailEdit,
    /// The password as typed in the settings (cleared once kept).
    pub password: Zeroizing<String>,
    /// Kept for this session when the credential store cannot keep it.
    pub session_password: Option<Zeroizing<String>>,
    /// The credential store holds a password for the saved login.
    pub password_kept: Option<bool>,
    pub store_error: Option<String>,
    pub lists: Lists,
    pub reply: Option<ReplyDraft>,
    pub confirm_delete: Option<String>,
    pub test_result: Option<Result<(), SendError>>,
    loaded: bool,
    started_retries: bool,
    pub(super) load: Slot<(SmtpSettings, Option<bool>, Lists)>,
    pub(super) refresh: Slot<Lists>,
    pub(super) send: Slot<Sent>,
    pub(super) test: Slot<Result<(), SendError>>,
    pub(super) write: Slot<Result<(SmtpSettings, Option<bool>), String>>,
    pub(super) action: Slot<Result<(), String>>,
    /// The request the running send job is for (its form's generation).
    pub(super) sending_generation: Option<u64>,
}

impl Mail {
    pub fn busy(&self) -> bool {
        [
            self.load.is_running(),
            self.refresh.is_running(),
            self.send.is_running(),
            self.test.is_running(),
            self.write.is_running(),
            self.action.is_running(),
        ]
        .contains(&true)
    }

    /// Sending is set up (an address is saved).
    pub fn configured(&self) -> bool {
        !self.saved.url.trim().is_empty()
    }
}

fn read_lists(outbox: &Outbox) -> Lists {
    let (queued, broken) = outbox.queued();
    let (sent, broken_sent) = outbox.sent();
    // Replies show as the "You replied" mark of their request, not as requests.
    let requests = sent
        .iter()
        .filter(|e| e.meta.in_reply_to.is_none())
        .filter_map(|e| Some((e.clone(), e.meta.deadlines(Calendar::builtin())?)))
        .collect();
    Lists { queued, broken: broken.into_iter().chain(broken_sent).collect(), sent, requests }
}

/// The password for the saved server: this session's, else the environment's or the store's.
fn password_for(
    url: &SmtpUrl,
    secrets: &dyn Secrets,
    session: Option<&Zeroizing<String>>,
) -> Result<Option<Zeroizing<String>>, SendError> {
    if url.user.is_some()
        && let Some(p) = session
    {
        return Ok(Some(p.clone()));
    }
    Ok(password::lookup(url, secrets)?)
}

/// One attempt per id with the saved settings.
fn attempt_all(
    outbox: &Outbox,
    ids: &[String],
    settings: &SmtpSettings,
    secrets: &dyn Secrets,
    session: Option<&Zeroizing<String>>,
    now: DateTime<Utc>,
) -> Sent {
    let server = match Server::new(&settings.url, settings.ca_file.as_deref(), smtp::DEFAULT_TIMEOUT) {
        Ok(server) => server,
        Err(e) => return Sent::Settings(e),
    };
    let password = password_for(&server.url, secrets, session);
    let mut attempts = Vec::new();
    let mut last_error = None;
    for id in ids {
        let result = outbox.attempt(id, now, |envelope, bytes| {
            let password = password.clone()?;
            smtp::deliver(&server, password.as_deref().map(String::as_str), envelope, bytes)
        });
        match result {
            Ok(a) => attempts.push(a),
            // A message that vanished or cannot be read is listed as such by the next refresh;
            // the others are still tried.
            Err(e) => last_error = Some(e.to_string()),
        }
    }
    match last_error {
        Some(e) if attempts.is_empty() => {
            Sent::NotQueued(SaveError::Write { path: PathBuf::from("outbox"), source: std::io::Error::other(e) })
        }
        _ => Sent::Attempts(attempts),
    }
}

impl App {
    pub(super) fn outbox(&self) -> Outbox {
        Outbox::new(self.deps.store.dir())
    }

    fn now_seconds(&self) -> DateTime<Utc> {
        self.now().trunc_subsecs(0)
    }

    /// Reads the mail settings and the lists once, after the first frame.
    pub(super) fn start_mail(&mut self) {
        let (store, outbox, secrets) = (self.deps.store.clone(), self.outbox(), self.deps.secrets.clone());
        self.mail.load.start("mail-load", Some(FILE_DEADLINE), &self.wake, move || {
            let settings: SmtpSettings = store.load(smtp::SETTINGS_FILE).value;
            let kept = kept(&settings, secrets.as_ref());
            (settings, kept, read_lists(&outbox))
        });
    }

    fn refresh_lists(&mut self) {
        if self.mail.refresh.is_running() {
            return;
        }
        let outbox = self.outbox();
        self.mail.refresh.start("mail-lists", Some(FILE_DEADLINE), &self.wake, move || read_lists(&outbox));
    }

    /// Job results and the automatic retries; called every frame.
    pub(super) fn poll_mail(&mut self, ctx: &eframe::egui::Context) {
        if let Some(Poll::Ready((settings, kept, lists))) = self.mail.load.take() {
            self.mail.edit = MailEdit::from_settings(&settings);
            // Room for any password, so typing never reallocates and leaves copies behind.
            self.mail.password = Zeroizing::new(String::with_capacity(256));
            self.mail.saved = settings;
            self.mail.password_kept = kept;
            self.mail.lists = lists;
            self.mail.loaded = true;
        }
        if let Some(Poll::Ready(lists)) = self.mail.refresh.take() {
            self.mail.lists = lists;
        }
        if let Some(poll) = self.mail.send.take() {
            let generation = self.mail.sending_generation.take();
            self.sent(poll, generation);
            self.refresh_lists();
        }
        if let Some(poll) = self.mail.test.take() {
            self.mail.test_result = Some(match poll {
                Poll::Ready(r) => r,
                _ => Err(SendError::new(Failure::Timeout, "the test did not finish")),
            });
        }
        if let Some(poll) = self.mail.write.take() {
            match poll {
                Poll::Ready(Ok((settings, kept))) => {
                    self.mail.saved = settings;
                    self.mail.password_kept = kept;
                    self.notice = Some(Notice::MailSettingsSaved);
                }
                Poll::Ready(Err(e)) => self.mail.store_error = Some(e),
                _ => self.notice = Some(Notice::TimedOut),
            }
        }
        if let Some(poll) = self.mail.action.take() {
            if let Poll::Ready(Err(e)) = poll {
                self.notice = Some(Notice::MailAction(e));
            }
            self.refresh_lists();
        }
        self.retry_due(ctx);
    }

    /// Sends what is due: at start every queued message, later each at its next attempt.
    fn retry_due(&mut self, ctx: &eframe::egui::Context) {
        if !self.mail.loaded || self.mail.send.is_running() || self.mail.refresh.is_running() || !self.mail.configured()
        {
            return;
        }
        let now = self.now_seconds();
        let queued = self.mail.lists.queued.iter().filter(|e| e.meta.state == State::Queued);
        let first_run = !self.mail.started_retries;
        let due: Vec<String> = queued
            .clone()
            .filter(|e| first_run || e.meta.next_attempt.is_none_or(|t| t <= now))
            .map(|e| e.id.clone())
            .collect();
        self.mail.started_retries = true;
        if due.is_empty() {
            if let Some(next) = queued.filter_map(|e| e.meta.next_attempt).min() {
                let wait = (next - now).to_std().unwrap_or_default();
                ctx.request_repaint_after(wait + Duration::from_millis(50));
            }
            return;
        }
        self.start_attempts(due);
    }

    /// Starts the send job: `prepare` (in the job) puts messages in the outbox or picks them, and
    /// each id it gives gets one attempt with the saved settings. `generation`: the form a new
    /// request came from.
    fn start_send(
        &mut self,
        name: &str,
        generation: Option<u64>,
        prepare: impl FnOnce(&Outbox, DateTime<Utc>) -> Result<Vec<String>, SaveError> + Send + 'static,
    ) {
        let (outbox, settings, secrets) = (self.outbox(), self.mail.saved.clone(), self.deps.secrets.clone());
        let session = self.mail.session_password.clone();
        let now = self.now_seconds();
        self.mail.sending_generation = generation;
        self.mail.send.start(name, Some(SEND_DEADLINE), &self.wake, move || match prepare(&outbox, now) {
            Ok(ids) => attempt_all(&outbox, &ids, &settings, secrets.as_ref(), session.as_ref(), now),
            Err(e) => Sent::NotQueued(e),
        });
    }

    fn start_attempts(&mut self, ids: Vec<String>) {
        self.start_send("mail-retry", None, move |_, _| Ok(ids));
    }

    /// Sending needs the mail settings: without them, says so and shows them.
    fn needs_settings(&mut self) -> bool {
        if self.mail.configured() {
            return false;
        }
        self.notice = Some(Notice::SetUpSending);
        self.mail.page = Page::MailSettings;
        true
    }

    fn sent(&mut self, poll: Poll<Sent>, generation: Option<u64>) {
        let sent = match poll {
            Poll::Ready(sent) => sent,
            Poll::TimedOut => return self.notice = Some(Notice::TimedOut),
            Poll::Lost | Poll::Running => return self.notice = Some(Notice::JobLost),
        };
        match sent {
            Sent::NotQueued(e) => self.notice = Some(Notice::SaveFailed(e)),
            Sent::Settings(e) => self.notice = Some(Notice::SendFailed(e.failure)),
            Sent::Attempts(attempts) => {
                for attempt in attempts {
                    match attempt {
                        Attempt::Sent(entry) => {
                            if generation == Some(self.generation) {
                                // The request went: the form it came from counts as kept.
                                self.saved_form = Some(self.form.clone());
                            }
                            if self
                                .mail
                                .reply
                                .as_ref()
                                .is_some_and(|r| entry.meta.in_reply_to.as_deref() == Some(r.message_id.as_str()))
                            {
                                self.mail.reply = None;
                            }
                            self.notice = Some(Notice::Sent {
                                message_id: entry.meta.message_id.clone(),
                                at: entry.meta.sent_at.unwrap_or_else(|| self.now()),
                            });
                        }
                        Attempt::Queued(_, e) => self.notice = Some(Notice::Queued(e.failure)),
                        Attempt::Failed(_, e) => self.notice = Some(Notice::SendFailed(e.failure)),
                        Attempt::Busy => {}
                    }
                }
            }
        }
    }

    /// "Send": the request as valid now goes to the outbox, then to the server.
    pub(super) fn send_request(&mut self) {
        self.tried_to_save = true;
        if self.mail.send.is_running() {
            self.notice = Some(Notice::Busy);
            return;
        }
        let Some(request) = self.ready_request() else { return };
        if self.needs_settings() {
            return;
        }
        let limit = self.limit_bytes();
        self.start_send("mail-send", Some(self.generation), move |outbox, now| {
            queue_request(outbox, &request, limit, now).map(|entry| vec![entry.id])
        });
    }

    pub(super) fn retry_message(&mut self, id: Option<String>) {
        if self.mail.send.is_running() {
            self.notice = Some(Notice::Busy);
            return;
        }
        let ids: Vec<String> = match id {
            Some(id) => vec![id],
            None => self.mail.lists.queued.iter().map(|e| e.id.clone()).collect(),
        };
        if ids.is_empty() {
            return;
        }
        self.start_send("mail-retry", None, move |outbox, _| {
            for id in &ids {
                // A failed message waits for the user: asking again makes it queued.
                let _ = outbox.requeue(id);
            }
            Ok(ids)
        });
    }

    pub(super) fn delete_message(&mut self, id: String) {
        self.mail.confirm_delete = None;
        let outbox = self.outbox();
        self.mail.action.start("mail-delete", Some(FILE_DEADLINE), &self.wake, move || {
            outbox.remove(&id).map_err(|e| e.to_string())
        });
    }

    /// Copies a message's .eml where the user chooses.
    pub(super) fn save_message_as(&mut self, id: &str) {
        let Some(entry) = self.mail.lists.queued.iter().chain(&self.mail.lists.sent).find(|e| e.id == id).cloned()
        else {
            return;
        };
        let source = self.outbox().message_path(&entry);
        let (dialogs, lang, folder) = (self.deps.dialogs.clone(), self.lang, self.save_folder());
        let name = format!("{}.eml", entry.meta.subject.replace(['/', '\\', ':', '*', '?', '"', '<', '>', '|'], "_"));
        self.mail.action.start("mail-save-as", None, &self.wake, move || {
            let Some(target) = dialogs.save_eml(lang, &folder, &name) else { return Ok(()) };
            let bytes = std::fs::read(&source).map_err(|e| format!("{}: {e}", source.display()))?;
            crate::store::atomic::write(&target, &bytes).map_err(|e| format!("{}: {e}", target.display()))
        });
    }

    /// Sets a history mark now (or clears it).
    pub(super) fn mark(&mut self, id: String, what: Mark) {
        let (outbox, now) = (self.outbox(), self.now_seconds());
        self.mail.action.start("mail-mark", Some(FILE_DEADLINE), &self.wake, move || {
            outbox
                .update_sent(&id, |m| match what {
                    Mark::InfoRequested => m.info_requested = Some(now),
                    Mark::Answered => m.answered = Some(now),
                    Mark::Reopen => m.answered = None,
                })
                .map(|_| ())
                .map_err(|e| e.to_string())
        });
    }

    pub(super) fn start_reply(&mut self, id: &str) {
        let Some(entry) = self.mail.lists.sent.iter().find(|e| e.id == id) else { return };
        let m = &entry.meta;
        self.mail.reply = Some(ReplyDraft {
            original_subject: m.subject.clone(),
            message_id: m.message_id.clone(),
            from: m.from.clone(),
            text: String::new(),
        });
    }

    pub(super) fn send_reply(&mut self) {
        let Some(reply) = self.mail.reply.clone() else { return };
        if reply.text.trim().is_empty() || self.mail.send.is_running() {
            return;
        }
        if self.needs_settings() {
            return;
        }
        self.start_send("mail-reply", None, move |outbox, now| {
            let message = mail::message::build_reply(
                &reply.from,
                &reply.original_subject,
                &reply.message_id,
                &reply.text,
                SystemTime::from(now),
            )?;
            let subject = mail::message::reply_subject(&reply.original_subject);
            outbox
                .add_message(&message, subject, Some(reply.message_id), now)
                .map(|entry| vec![entry.id])
                .map_err(|source| SaveError::Write { path: PathBuf::from("outbox"), source })
        });
    }

    /// The provider's server for the sender's e-mail address.
    pub(super) fn apply_preset(&mut self) {
        let address = self.sender_address();
        if let Some(preset) = presets::for_address(&address) {
            preset.host.clone_into(&mut self.mail.edit.host);
            self.mail.edit.port = preset.port.to_string();
            self.mail.edit.security = Some(preset.security);
            address.trim().clone_into(&mut self.mail.edit.login);
        }
    }

    /// The address requests are sent from: the operator's in operator mode, else the sender's.
    pub(super) fn sender_address(&self) -> String {
        if self.settings.operator_mode {
            self.settings.operator_from.clone()
        } else {
            self.form.draft.sender.email.clone()
        }
    }

    /// Saves the settings and keeps the typed password in the credential store.
    pub(super) fn save_mail_settings(&mut self) {
        self.mail.store_error = None;
        let settings = match self.mail.edit.settings() {
            Ok(s) => s,
            Err(e) => return self.mail.store_error = Some(e),
        };
        let typed = std::mem::replace(&mut self.mail.password, Zeroizing::new(String::with_capacity(256)));
        let (store, secrets) = (self.deps.store.clone(), self.deps.secrets.clone());
        if !typed.is_empty() {
            // Used at once in this session even if the store cannot keep it.
            self.mail.session_password = Some(typed.clone());
        }
        self.mail.write.start("mail-settings", Some(FILE_DEADLINE), &self.wake, move || {
            write_settings(&store, secrets.as_ref(), &settings, &typed)
        });
    }

    pub(super) fn test_connection(&mut self) {
        if self.mail.test.is_running() {
            return;
        }
        self.mail.test_result = None;
        let settings = match self.mail.edit.settings() {
            Ok(s) => s,
            Err(e) => return self.mail.test_result = Some(Err(SendError::new(Failure::Settings, e))),
        };
        let typed = (!self.mail.password.is_empty()).then(|| self.mail.password.clone());
        let session = typed.or_else(|| self.mail.session_password.clone());
        let secrets = self.deps.secrets.clone();
        self.mail.test.start("mail-test", Some(SEND_DEADLINE), &self.wake, move || {
            let server = Server::new(&settings.url, settings.ca_file.as_deref(), smtp::DEFAULT_TIMEOUT)?;
            let password = password_for(&server.url, secrets.as_ref(), session.as_ref())?;
            smtp::test_connection(&server, password.as_deref().map(String::as_str))
        });
    }
}

/// A history mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    InfoRequested,
    Answered,
    Reopen,
}

/// Builds the request's message and puts it in the outbox.
fn queue_request(outbox: &Outbox, request: &Request, limit: u64, now: DateTime<Utc>) -> Result<Entry, SaveError> {
    let files: Vec<(PathBuf, String)> =
        request.problem.attachments.iter().map(|a| (PathBuf::from(&a.path), a.name.clone())).collect();
    let loaded = attachments::load(&files, limit)?;
    let options = BuildOptions { date: SystemTime::from(now), unsent: false, attachments_limit_bytes: limit };
    let message = mail::build(request, &loaded, &options)?;
    outbox
        .add_message(&message, crate::request::render::subject(request), None, now)
        .map_err(|source| SaveError::Write { path: PathBuf::from("outbox"), source })
}

/// Whether the store holds a password for the saved login (`None`: no login, or the store
/// cannot be asked).
fn kept(settings: &SmtpSettings, secrets: &dyn Secrets) -> Option<bool> {
    let url = smtp_url::parse(&settings.url).ok()?;
    let account = password::account(&url)?;
    secrets.get(&account).ok().map(|p| p.is_some())
}

fn write_settings(
    store: &Store,
    secrets: &dyn Secrets,
    settings: &SmtpSettings,
    typed: &Zeroizing<String>,
) -> Result<(SmtpSettings, Option<bool>), String> {
    store.save(smtp::SETTINGS_FILE, settings).map_err(|e| e.to_string())?;
    if !typed.is_empty()
        && let Some(account) = smtp_url::parse(&settings.url).ok().as_ref().and_then(password::account)
    {
        secrets.set(&account, typed).map_err(|e| e.to_string())?;
    }
    Ok((settings.clone(), kept(settings, secrets)))
}
