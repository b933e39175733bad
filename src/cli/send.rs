//! `sk-support send` and `sk-support outbox list|retry`: the outbox on the command line.
//!
//! Exit codes: 0 sent (the server's 250), 75 queued after a temporary failure (EX_TEMPFAIL), 1
//! failed permanently (kept in the outbox as failed) or a file could not be written, 2 invalid
//! input (the request, the address, no server set up).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use chrono::{DateTime, SubsecRound as _, Utc};
use serde::Serialize;
use zeroize::Zeroizing;

use super::{ComposeOptions, Prepared, prepare, say, tell};
use crate::i18n::{self, Lang};
use crate::mail::outbox::{Attempt, Entry, Outbox, OutboxError, State};
use crate::mail::password::{self, OsSecrets};
use crate::mail::smtp::{self, DEFAULT_TIMEOUT, SendError, Server, SmtpSettings};
use crate::request::{render, validate::warnings};
use crate::store::Store;
use crate::tracking::calendar::Calendar;
use crate::tracking::deadlines;

/// The exit code of a message left queued after a temporary failure (sysexits' EX_TEMPFAIL).
pub const EXIT_QUEUED: u8 = 75;

/// The server options of `send` and `outbox retry`.
#[derive(Debug, Clone, clap::Args)]
pub struct SmtpArgs {
    /// The mail server: smtps://user@host:465 (TLS) or smtp://user@host:587?tls=required
    /// (STARTTLS) [default: the settings saved in the window]. The password comes from
    /// SK_SMTP_PASSWORD or the OS credential store.
    #[arg(long, value_name = "URL")]
    smtp_url: Option<String>,
    /// A CA certificate (PEM) to trust besides the system's, for a server with a private CA.
    #[arg(long, value_name = "FILE.pem")]
    smtp_ca: Option<PathBuf>,
    /// Seconds one network step (connect, a reply) may take.
    #[arg(long, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..=600))]
    timeout: Option<u64>,
}

/// Now, to the second: the outbox's times are shown and compared to the second.
fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(0)
}

/// The data folder's store and outbox.
fn data() -> (Store, Outbox) {
    let store = Store::new(Store::default_dir().unwrap_or_else(|| PathBuf::from(".sk-support")));
    let outbox = Outbox::new(store.dir());
    (store, outbox)
}

/// The server from the options, else from the saved settings; when there is none or it cannot
/// work, says why and gives exit code 2.
fn server(args: &SmtpArgs, store: &Store) -> Result<Server, ExitCode> {
    server_settings(args, store).map_err(|e| {
        tell(&e.detail);
        ExitCode::from(2)
    })
}

fn server_settings(args: &SmtpArgs, store: &Store) -> Result<Server, SendError> {
    let saved: SmtpSettings = store.load(smtp::SETTINGS_FILE).value;
    let url = match &args.smtp_url {
        Some(url) => url.clone(),
        None if !saved.url.trim().is_empty() => saved.url.clone(),
        None => {
            return Err(SendError::new(
                smtp::Failure::Settings,
                "no mail server: give --smtp-url or set up sending in the window",
            ));
        }
    };
    let ca = args.smtp_ca.clone().or(saved.ca_file);
    let timeout = args.timeout.map_or(DEFAULT_TIMEOUT, Duration::from_secs);
    Server::new(&url, ca.as_deref(), timeout)
}

/// One attempt at one message with the server and the password of the environment or store.
/// The server's password from the environment or the OS credential store.
fn secret(server: &Server) -> Result<Option<Zeroizing<String>>, SendError> {
    Ok(password::lookup(&server.url, &OsSecrets)?)
}

/// One attempt at one message with the server and its password (looked up once per command).
fn attempt(
    outbox: &Outbox,
    id: &str,
    server: &Server,
    password: &Result<Option<Zeroizing<String>>, SendError>,
) -> Result<Attempt, OutboxError> {
    outbox.attempt(id, now(), |envelope, bytes| {
        let password = password.clone()?;
        smtp::deliver(server, password.as_deref().map(String::as_str), envelope, bytes)
    })
}

#[derive(Debug, Serialize)]
struct Outcome<'a> {
    id: &'a str,
    status: &'static str,
    message_id: &'a str,
    subject: &'a str,
    attempts: u32,
    sent_at: Option<String>,
    server_reply: Option<&'a str>,
    failure: Option<smtp::Failure>,
    error: Option<&'a str>,
    next_attempt: Option<String>,
    first_answer_by: Option<String>,
}

impl<'a> Outcome<'a> {
    fn of(entry: &'a Entry) -> Self {
        let m = &entry.meta;
        Self {
            id: &entry.id,
            status: status_word(m.state),
            message_id: &m.message_id,
            subject: &m.subject,
            attempts: m.attempts,
            sent_at: m.sent_at.map(deadlines::astana_rfc3339),
            server_reply: m.server_reply.as_deref(),
            failure: m.failure,
            error: m.error.as_deref(),
            next_attempt: m.next_attempt.filter(|_| m.state == State::Queued).map(deadlines::astana_rfc3339),
            first_answer_by: m.deadlines(Calendar::builtin()).map(|d| deadlines::astana_rfc3339(d.first_answer_by)),
        }
    }
}

fn status_word(state: State) -> &'static str {
    match state {
        State::Queued => "queued",
        State::Failed => "failed",
        State::Sent => "sent",
    }
}

fn exit_of(result: &Attempt) -> u8 {
    match result {
        Attempt::Sent(_) => 0,
        Attempt::Queued(..) | Attempt::Busy => EXIT_QUEUED,
        Attempt::Failed(..) => 1,
    }
}

/// Prints one attempt's result: the sent line on standard output, failures on standard error.
fn report(result: &Attempt, json: bool, lang: Lang) -> bool {
    let entry = match result {
        Attempt::Sent(e) | Attempt::Queued(e, _) | Attempt::Failed(e, _) => e,
        Attempt::Busy => {
            tell("another sk-support is sending this message right now; it stays in the outbox");
            return true;
        }
    };
    if json {
        return serde_json::to_string(&Outcome::of(entry)).is_ok_and(|line| say(&line));
    }
    let m = &entry.meta;
    match result {
        Attempt::Sent(_) => {
            let at = m.sent_at.map(deadlines::astana_text).unwrap_or_default();
            let mut ok = say(&format!(
                "sent: {} at {at} (Astana time); the server said: {}",
                m.message_id,
                m.server_reply.as_deref().unwrap_or_default()
            ));
            if let Some(d) = m.deadlines(Calendar::builtin()) {
                ok &= say(&format!(
                    "acknowledgement by {}, first answer by {}",
                    deadlines::astana_text(d.acknowledgement_by),
                    deadlines::astana_text(d.first_answer_by)
                ));
            }
            ok
        }
        Attempt::Queued(_, error) | Attempt::Failed(_, error) => {
            let state = if m.state == State::Queued { "queued in the outbox" } else { "failed; kept in the outbox" };
            tell(&format!("{} ({state}, {}): {}", m.message_id, entry.id, i18n::send_failure(error.failure, lang)));
            tell(&format!("  {}", error.detail));
            true
        }
        Attempt::Busy => true,
    }
}

/// `sk-support send --request FILE.toml`.
pub fn send(request_path: &Path, args: &SmtpArgs, json: bool, lang: Lang) -> ExitCode {
    let Prepared { request, message, .. } = match prepare(request_path, &ComposeOptions::default(), lang) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let (store, outbox) = data();
    let server = match server(args, &store) {
        Ok(server) => server,
        Err(code) => return code,
    };
    let entry = match outbox.add_message(&message, render::subject(&request), None, now()) {
        Ok(entry) => entry,
        Err(e) => {
            tell(&i18n::write_error(&store.dir().join("outbox"), &e, lang));
            return ExitCode::from(1);
        }
    };
    for w in warnings(&request) {
        tell(&i18n::warning(&w, lang));
    }
    match attempt(&outbox, &entry.id, &server, &secret(&server)) {
        Ok(result) => {
            let printed = report(&result, json, lang);
            ExitCode::from(if printed { exit_of(&result) } else { 1 })
        }
        Err(e) => {
            tell(&e.to_string());
            ExitCode::from(1)
        }
    }
}

/// `sk-support outbox list`.
pub fn list(json: bool) -> ExitCode {
    let (_, outbox) = data();
    let (entries, broken) = outbox.queued();
    for b in &broken {
        tell(&format!("{}: cannot be read ({}); its files are kept", b.id, b.problem));
    }
    let printed = if json {
        serde_json::to_string(&entries.iter().map(Outcome::of).collect::<Vec<_>>()).is_ok_and(|line| say(&line))
    } else if entries.is_empty() {
        say("the outbox is empty")
    } else {
        entries.iter().all(|e| {
            let m = &e.meta;
            let mut line = format!(
                "{}  {:<6}  attempts {}  {}  {}",
                e.id,
                status_word(m.state),
                m.attempts,
                m.message_id,
                m.subject
            );
            if let Some(error) = &m.error {
                let _ = write!(line, "\n    last error: {error}");
            }
            if let Some(next) = m.next_attempt.filter(|_| m.state == State::Queued) {
                let _ = write!(line, "\n    next attempt: {}", deadlines::astana_text(next));
            }
            say(&line)
        })
    };
    ExitCode::from(u8::from(!printed))
}

/// `sk-support outbox retry`: every queued or failed message once.
pub fn retry(args: &SmtpArgs, json: bool, lang: Lang) -> ExitCode {
    let (store, outbox) = data();
    let server = match server(args, &store) {
        Ok(server) => server,
        Err(code) => return code,
    };
    let (entries, _) = outbox.queued();
    if entries.is_empty() && !json {
        return ExitCode::from(u8::from(!say("the outbox is empty")));
    }
    let password = secret(&server);
    let mut worst = 0u8;
    let mut outcomes = Vec::new();
    for entry in entries {
        match attempt(&outbox, &entry.id, &server, &password) {
            Ok(result) => {
                let code = exit_of(&result);
                // 1 (a permanent failure) outranks 75 (still queued).
                worst = if worst == 1 || code == 1 { 1 } else { worst.max(code) };
                if json {
                    if let Attempt::Sent(e) | Attempt::Queued(e, _) | Attempt::Failed(e, _) = result {
                        outcomes.push(e);
                    }
                } else if !report(&result, false, lang) {
                    worst = 1;
                }
            }
            Err(e) => {
                tell(&e.to_string());
                worst = 1;
            }
        }
    }
    if json && !serde_json::to_string(&outcomes.iter().map(Outcome::of).collect::<Vec<_>>()).is_ok_and(|l| say(&l)) {
        worst = 1;
    }
    ExitCode::from(worst)
}

/// `sk-support smtp-test`: connect, log in, quit.
pub fn smtp_test(args: &SmtpArgs, lang: Lang) -> ExitCode {
    let (store, _) = data();
    let server = match server(args, &store) {
        Ok(server) => server,
        Err(code) => return code,
    };
    let result =
        secret(&server).and_then(|password| smtp::test_connection(&server, password.as_deref().map(String::as_str)));
    match result {
        Ok(()) => ExitCode::from(u8::from(!say(&format!("{}: connected and logged in", server.url)))),
        Err(e) => {
            tell(&format!("{}: {}", server.url, i18n::send_failure(e.failure, lang)));
            tell(&format!("  {}", e.detail));
            ExitCode::from(if e.failure.is_temporary() { EXIT_QUEUED } else { 1 })
        }
    }
}
