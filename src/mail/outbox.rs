//! The outbox and the history of sent messages, on disk in the data folder.
//!
//! A message is written to `outbox/<id>/` (`message.eml` + `state.toml`) before the first
//! attempt, by building it in a hidden folder and renaming it into place. Every attempt sends the
//! same bytes, so the same Message-ID. After the server's 250 the state says `sent` first, then the
//! folder is renamed to `sent/<id>/` (one rename); a state that says `sent` in the outbox (a crash
//! between the two) is finished by moving it, never by sending again. An attempt holds a lock
//! (`outbox/<id>.lock`), so the window and `sk-support outbox retry` never send one message twice at
//! the same time.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use lettre::Address;
use lettre::address::Envelope;
use serde::{Deserialize, Serialize};

use super::smtp::{Delivered, Failure, SendError};
use crate::store::atomic;
use crate::tracking::calendar::Calendar;
use crate::tracking::deadlines::{self, Deadlines};

const QUEUE: &str = "outbox";
const SENT: &str = "sent";
const MESSAGE: &str = "message.eml";
const STATE: &str = "state.toml";

/// Where a message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Waiting for its first or next attempt.
    Queued,
    /// A permanent failure: waits for the user (fix the settings and retry, save, delete).
    Failed,
    /// The server said 250.
    Sent,
}

/// Everything known about one message. The history's marks live here too.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    pub message_id: String,
    pub subject: String,
    /// The envelope: who sends and who receives.
    pub from: String,
    pub to: Vec<String>,
    pub created: DateTime<Utc>,
    pub state: State,
    #[serde(default)]
    pub attempts: u32,
    pub last_attempt: Option<DateTime<Utc>>,
    /// When the next automatic attempt is due (queued messages only).
    pub next_attempt: Option<DateTime<Utc>>,
    pub failure: Option<Failure>,
    /// The last error's technical text (the server's reply or the network error).
    pub error: Option<String>,
    /// When the server said 250, and what it said.
    pub sent_at: Option<DateTime<Utc>>,
    pub server_reply: Option<String>,
    /// For a reply to support: the Message-ID of the request it answers.
    pub in_reply_to: Option<String>,
    /// History: when support asked for more information.
    pub info_requested: Option<DateTime<Utc>>,
    /// History: when the user's reply was sent.
    pub replied: Option<DateTime<Utc>>,
    /// History: when the user marked the request answered.
    pub answered: Option<DateTime<Utc>>,
}

impl Meta {
    /// A new queued message.
    pub fn new(message_id: String, subject: String, envelope: &Envelope, created: DateTime<Utc>) -> Self {
        Self {
            message_id,
            subject,
            from: envelope.from().map(ToString::to_string).unwrap_or_default(),
            to: envelope.to().iter().map(ToString::to_string).collect(),
            created,
            state: State::Queued,
            attempts: 0,
            last_attempt: None,
            next_attempt: Some(created),
            failure: None,
            error: None,
            sent_at: None,
            server_reply: None,
            in_reply_to: None,
            info_requested: None,
            replied: None,
            answered: None,
        }
    }

    /// The envelope again.
    pub fn envelope(&self) -> Result<Envelope, String> {
        let from = if self.from.is_empty() {
            None
        } else {
            Some(self.from.parse::<Address>().map_err(|e| format!("{}: {e}", self.from))?)
        };
        let to =
            self.to.iter().map(|t| t.parse::<Address>().map_err(|e| format!("{t}: {e}"))).collect::<Result<_, _>>()?;
        Envelope::new(from, to).map_err(|e| e.to_string())
    }

    /// The support's deadlines of a sent message.
    pub fn deadlines(&self, calendar: &Calendar) -> Option<Deadlines> {
        let sent = self.sent_at?;
        Some(deadlines::deadlines(
            calendar,
            sent,
            self.info_requested,
            self.replied.filter(|_| self.info_requested.is_some()),
        ))
    }
}

/// A sent request whose clock has run out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overdue {
    /// Support has not given its first answer in 3 working hours.
    FirstAnswer,
    /// Support asked for more and the user has not replied in 72 working hours: the request
    /// is about to be closed.
    Reply,
    /// The user replied and support has not answered in 2 working days.
    AnswerAfterReply,
}

impl Meta {
    /// Which deadline has passed without its event, if any (none once marked answered).
    pub fn overdue(&self, calendar: &Calendar, now: DateTime<Utc>) -> Option<Overdue> {
        self.overdue_by(&self.deadlines(calendar)?, now)
    }

    /// `overdue` with the deadlines already worked out (`deadlines` of this message).
    pub fn overdue_by(&self, d: &Deadlines, now: DateTime<Utc>) -> Option<Overdue> {
        if self.answered.is_some() {
            return None;
        }
        match (self.info_requested, self.replied) {
            (None, _) => (now > d.first_answer_by).then_some(Overdue::FirstAnswer),
            (Some(_), None) => d.reply_by.filter(|by| now > *by).map(|_| Overdue::Reply),
            (Some(_), Some(_)) => d.answer_after_reply_by.filter(|by| now > *by).map(|_| Overdue::AnswerAfterReply),
        }
    }
}

/// A message with its folder name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub id: String,
    pub meta: Meta,
}

/// A folder whose state cannot be read: listed so it is not silently lost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    pub id: String,
    pub problem: String,
}

/// The result of one attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attempt {
    /// 250: now in the history.
    Sent(Entry),
    /// A temporary failure: still queued, retried later.
    Queued(Entry, SendError),
    /// A permanent failure: kept as failed until the user acts.
    Failed(Entry, SendError),
    /// Another program (or job) is sending it right now.
    Busy,
}

#[derive(Debug, thiserror::Error)]
pub enum OutboxError {
    #[error("{0}: no such message in the outbox")]
    NotFound(String),
    #[error("{id}: {problem}")]
    Broken { id: String, problem: String },
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// Waits between automatic attempts: 1, 2, 5, 10, 30 minutes, then every 30 minutes.
pub fn backoff(attempts: u32) -> Duration {
    const MINUTES: [u64; 5] = [1, 2, 5, 10, 30];
    let i = usize::try_from(attempts.saturating_sub(1)).unwrap_or(usize::MAX).min(MINUTES.len() - 1);
    Duration::from_secs(MINUTES[i] * 60)
}

/// The outbox and history under one data folder.
#[derive(Debug, Clone)]
pub struct Outbox {
    root: PathBuf,
}

impl Outbox {
    pub fn new(data_dir: impl Into<PathBuf>) -> Self {
        Self { root: data_dir.into() }
    }

    fn queue_dir(&self) -> PathBuf {
        self.root.join(QUEUE)
    }

    fn sent_dir(&self) -> PathBuf {
        self.root.join(SENT)
    }

    /// The folder of a message, queued or sent.
    fn folder(&self, id: &str) -> Option<PathBuf> {
        [self.queue_dir().join(id), self.sent_dir().join(id)].into_iter().find(|p| p.join(STATE).is_file())
    }

    /// The message file of an entry (to open or copy as .eml).
    pub fn message_path(&self, entry: &Entry) -> PathBuf {
        let dir = if entry.meta.state == State::Sent { self.sent_dir() } else { self.queue_dir() };
        dir.join(&entry.id).join(MESSAGE)
    }

    /// Puts a message in the outbox (queued, due now). Nothing is visible until both files are
    /// written.
    pub fn add(&self, message: &[u8], meta: Meta) -> io::Result<Entry> {
        let queue = self.queue_dir();
        fs::create_dir_all(&queue)?;
        let stamp = meta.created.format("%Y%m%d-%H%M%S");
        loop {
            let suffix: String = std::iter::repeat_with(fastrand::lowercase).take(6).collect();
            let id = format!("{stamp}-{suffix}");
            let final_dir = queue.join(&id);
            if final_dir.exists() {
                continue;
            }
            let tmp = queue.join(format!(".{id}.tmp"));
            fs::create_dir(&tmp)?;
            let written = atomic::write(&tmp.join(MESSAGE), message)
                .and_then(|()| write_state(&tmp, &meta))
                .and_then(|()| fs::rename(&tmp, &final_dir));
            if let Err(e) = written {
                let _ = fs::remove_dir_all(&tmp);
                return Err(e);
            }
            return Ok(Entry { id, meta });
        }
    }

    /// Puts a built message in the outbox under its own Message-ID; `in_reply_to`: the request a
    /// reply answers.
    pub fn add_message(
        &self,
        message: &lettre::Message,
        subject: String,
        in_reply_to: Option<String>,
        now: DateTime<Utc>,
    ) -> io::Result<Entry> {
        let message_id = message.headers().get_raw("Message-ID").unwrap_or_default().to_owned();
        let mut meta = Meta::new(message_id, subject, message.envelope(), now);
        meta.in_reply_to = in_reply_to;
        self.add(&message.formatted(), meta)
    }

    /// Queued and failed messages, oldest first; a message found sent but not yet moved (a
    /// crash after the 250) is moved to the history now.
    pub fn queued(&self) -> (Vec<Entry>, Vec<Broken>) {
        let (entries, broken) = read_all(&self.queue_dir());
        let mut queued = Vec::new();
        for e in entries {
            if e.meta.state == State::Sent {
                let _ = self.move_to_sent(&e.id);
            } else {
                queued.push(e);
            }
        }
        (queued, broken)
    }

    /// Sent messages, newest first.
    pub fn sent(&self) -> (Vec<Entry>, Vec<Broken>) {
        let (mut entries, broken) = read_all(&self.sent_dir());
        entries.reverse();
        (entries, broken)
    }

    /// Queued messages whose next attempt is due.
    pub fn due(&self, now: DateTime<Utc>) -> Vec<Entry> {
        self.queued()
            .0
            .into_iter()
            .filter(|e| e.meta.state == State::Queued && e.meta.next_attempt.is_none_or(|t| t <= now))
            .collect()
    }

    /// One message by id.
    pub fn get(&self, id: &str) -> Result<Entry, OutboxError> {
        let dir = self.folder(id).ok_or_else(|| OutboxError::NotFound(id.to_owned()))?;
        let meta = read_state(&dir).map_err(|problem| OutboxError::Broken { id: id.to_owned(), problem })?;
        Ok(Entry { id: id.to_owned(), meta })
    }

    /// One attempt to send a queued or failed message. `send` gets the envelope and the bytes.
    pub fn attempt(
        &self,
        id: &str,
        now: DateTime<Utc>,
        send: impl FnOnce(&Envelope, &[u8]) -> Result<Delivered, SendError>,
    ) -> Result<Attempt, OutboxError> {
        check_id(id)?;
        let queue = self.queue_dir();
        let dir = queue.join(id);
        if !dir.join(STATE).is_file() {
            return Err(OutboxError::NotFound(id.to_owned()));
        }
        let lock_path = queue.join(format!("{id}.lock"));
        let lock = fs::OpenOptions::new().create(true).truncate(false).write(true).open(&lock_path)?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => return Ok(Attempt::Busy),
            Err(fs::TryLockError::Error(e)) => return Err(e.into()),
        }
        let result = self.attempt_locked(id, &dir, now, send);
        drop(lock);
        let _ = fs::remove_file(&lock_path);
        result
    }

    fn attempt_locked(
        &self,
        id: &str,
        dir: &Path,
        now: DateTime<Utc>,
        send: impl FnOnce(&Envelope, &[u8]) -> Result<Delivered, SendError>,
    ) -> Result<Attempt, OutboxError> {
        // Read again under the lock: another attempt may have finished in between.
        if !dir.join(STATE).is_file() {
            return match self.get(id) {
                Ok(e) if e.meta.state == State::Sent => Ok(Attempt::Sent(e)),
                Ok(_) | Err(_) => Err(OutboxError::NotFound(id.to_owned())),
            };
        }
        let broken = |problem: String| OutboxError::Broken { id: id.to_owned(), problem };
        let mut meta = read_state(dir).map_err(broken)?;
        if meta.state == State::Sent {
            self.move_to_sent(id)?;
            return Ok(Attempt::Sent(Entry { id: id.to_owned(), meta }));
        }
        let envelope = meta.envelope().map_err(broken)?;
        let message = fs::read(dir.join(MESSAGE))?;
        meta.attempts += 1;
        meta.last_attempt = Some(now);
        match send(&envelope, &message) {
            Ok(delivered) => {
                meta.state = State::Sent;
                meta.sent_at = Some(now);
                meta.server_reply = Some(delivered.reply);
                meta.next_attempt = None;
                meta.failure = None;
                meta.error = None;
                write_state(dir, &meta)?;
                self.move_to_sent(id)?;
                if let Some(original) = meta.in_reply_to.clone() {
                    let _ = self.mark_replied(&original, now);
                }
                Ok(Attempt::Sent(Entry { id: id.to_owned(), meta }))
            }
            Err(error) => {
                meta.failure = Some(error.failure);
                meta.error = Some(error.detail.clone());
                if error.failure.is_temporary() {
                    meta.state = State::Queued;
                    let wait = chrono::Duration::from_std(backoff(meta.attempts)).unwrap_or(chrono::Duration::MAX);
                    meta.next_attempt = now.checked_add_signed(wait);
                    write_state(dir, &meta)?;
                    Ok(Attempt::Queued(Entry { id: id.to_owned(), meta }, error))
                } else {
                    meta.state = State::Failed;
                    meta.next_attempt = None;
                    write_state(dir, &meta)?;
                    Ok(Attempt::Failed(Entry { id: id.to_owned(), meta }, error))
                }
            }
        }
    }

    fn move_to_sent(&self, id: &str) -> io::Result<()> {
        let sent = self.sent_dir();
        fs::create_dir_all(&sent)?;
        fs::rename(self.queue_dir().join(id), sent.join(id))
    }

    fn mark_replied(&self, original_message_id: &str, at: DateTime<Utc>) -> Result<(), OutboxError> {
        let (sent, _) = self.sent();
        if let Some(e) = sent.into_iter().find(|e| e.meta.message_id == original_message_id) {
            self.update_sent(&e.id, |m| m.replied = Some(at))?;
        }
        Ok(())
    }

    /// Changes a sent message's history marks.
    pub fn update_sent(&self, id: &str, change: impl FnOnce(&mut Meta)) -> Result<Entry, OutboxError> {
        check_id(id)?;
        let dir = self.sent_dir().join(id);
        if !dir.join(STATE).is_file() {
            return Err(OutboxError::NotFound(id.to_owned()));
        }
        let mut meta = read_state(&dir).map_err(|problem| OutboxError::Broken { id: id.to_owned(), problem })?;
        change(&mut meta);
        write_state(&dir, &meta)?;
        Ok(Entry { id: id.to_owned(), meta })
    }

    /// Makes a failed message queued again, due now (after the user fixed the settings).
    pub fn requeue(&self, id: &str) -> Result<Entry, OutboxError> {
        check_id(id)?;
        let dir = self.queue_dir().join(id);
        let mut meta = read_state(&dir).map_err(|problem| OutboxError::Broken { id: id.to_owned(), problem })?;
        if meta.state != State::Sent {
            meta.state = State::Queued;
            meta.next_attempt = None;
            write_state(&dir, &meta)?;
        }
        Ok(Entry { id: id.to_owned(), meta })
    }

    /// Deletes a queued or failed message (the user's choice; never a sent one).
    pub fn remove(&self, id: &str) -> Result<(), OutboxError> {
        check_id(id)?;
        let dir = self.queue_dir().join(id);
        if !dir.is_dir() {
            return Err(OutboxError::NotFound(id.to_owned()));
        }
        fs::remove_dir_all(dir)?;
        Ok(())
    }
}

/// Ids are folder names made by `add`: nothing that could reach outside the folder.
fn check_id(id: &str) -> Result<(), OutboxError> {
    if id.is_empty() || id.starts_with('.') || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(OutboxError::NotFound(id.to_owned()));
    }
    Ok(())
}

fn read_state(dir: &Path) -> Result<Meta, String> {
    let text = fs::read_to_string(dir.join(STATE)).map_err(|e| format!("{STATE}: {e}"))?;
    toml::from_str(&text).map_err(|e| format!("{STATE}: {}", e.message()))
}

fn write_state(dir: &Path, meta: &Meta) -> io::Result<()> {
    let text = toml::to_string(meta).map_err(io::Error::other)?;
    atomic::write(&dir.join(STATE), text.as_bytes())
}

/// Every message folder under `dir`, by name (which starts with the time it was made).
fn read_all(dir: &Path) -> (Vec<Entry>, Vec<Broken>) {
    let mut names: Vec<String> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().is_dir())
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|name| check_id(name).is_ok())
        .collect();
    names.sort();
    let mut entries = Vec::new();
    let mut broken = Vec::new();
    for id in names {
        match read_state(&dir.join(&id)) {
            Ok(meta) => entries.push(Entry { id, meta }),
            Err(problem) => broken.push(Broken { id, problem }),
        }
    }
    (entries, broken)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn envelope() -> Envelope {
        Envelope::new(Some("test.user@example.kz".parse().unwrap()), vec!["office@sud.kz".parse().unwrap()]).unwrap()
    }

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    fn add(outbox: &Outbox) -> Entry {
        let meta = Meta::new(
            "<1.a@example.kz>".into(),
            "871008401427/СК/тест".into(),
            &envelope(),
            at("2026-11-25T05:00:00Z"),
        );
        outbox.add(b"Message-ID: <1.a@example.kz>\r\n\r\nbody\r\n", meta).unwrap()
    }

    #[allow(clippy::unnecessary_wraps)] // the shape of a sender
    fn ok(_: &Envelope, _: &[u8]) -> Result<Delivered, SendError> {
        Ok(Delivered { reply: "250 2.0.0 queued".into() })
    }

    #[test]
    fn a_message_is_on_disk_before_any_attempt_and_moves_to_history_after_250() {
        let dir = tempfile::tempdir().unwrap();
        let outbox = Outbox::new(dir.path());
        let entry = add(&outbox);
        assert_eq!(outbox.queued().0, vec![entry.clone()]);
        assert_eq!(fs::read(outbox.message_path(&entry)).unwrap(), b"Message-ID: <1.a@example.kz>\r\n\r\nbody\r\n");
        let mut seen = Vec::new();
        let result = outbox
            .attempt(&entry.id, at("2026-11-25T05:01:00Z"), |env, bytes| {
                seen.push((env.clone(), bytes.to_vec()));
                ok(env, bytes)
            })
            .unwrap();
        let Attempt::Sent(sent) = result else { panic!("{result:?}") };
        assert_eq!(seen.len(), 1);
        assert_eq!(seen[0].0, envelope());
        assert_eq!(sent.meta.server_reply.as_deref(), Some("250 2.0.0 queued"));
        assert!(outbox.queued().0.is_empty());
        assert_eq!(outbox.sent().0, vec![sent.clone()]);
        assert!(outbox.message_path(&sent).is_file());
        // Sent is final: another attempt finds nothing to send.
        assert!(matches!(outbox.attempt(&entry.id, at("2026-11-25T05:02:00Z"), ok), Err(OutboxError::NotFound(_))));
        let lock_left = fs::read_dir(dir.path().join(QUEUE)).unwrap().count();
        assert_eq!(lock_left, 0, "the lock file is removed");
    }

    #[test]
    fn temporary_failures_stay_queued_with_backoff_and_permanent_ones_wait_for_the_user() {
        let dir = tempfile::tempdir().unwrap();
        let outbox = Outbox::new(dir.path());
        let entry = add(&outbox);
        let t1 = at("2026-11-25T05:01:00Z");
        let busy = |_: &Envelope, _: &[u8]| Err(SendError::new(Failure::TryLater, "451 4.3.0 try later"));
        let Attempt::Queued(e, _) = outbox.attempt(&entry.id, t1, busy).unwrap() else { panic!() };
        assert_eq!(e.meta.state, State::Queued);
        assert_eq!(e.meta.next_attempt, Some(at("2026-11-25T05:02:00Z")));
        assert!(outbox.due(t1).is_empty());
        assert_eq!(outbox.due(at("2026-11-25T05:02:00Z")).len(), 1);
        let Attempt::Queued(e, _) = outbox.attempt(&entry.id, at("2026-11-25T05:02:00Z"), busy).unwrap() else {
            panic!()
        };
        assert_eq!(e.meta.attempts, 2);
        assert_eq!(e.meta.next_attempt, Some(at("2026-11-25T05:04:00Z")));
        let refused = |_: &Envelope, _: &[u8]| Err(SendError::new(Failure::Rejected, "554 5.7.1 refused"));
        let Attempt::Failed(e, _) = outbox.attempt(&entry.id, at("2026-11-25T05:05:00Z"), refused).unwrap() else {
            panic!()
        };
        assert_eq!(e.meta.state, State::Failed);
        assert_eq!(e.meta.error.as_deref(), Some("554 5.7.1 refused"));
        assert!(outbox.due(at("2026-12-01T00:00:00Z")).is_empty(), "failed messages are not retried by themselves");
        assert_eq!(outbox.queued().0.len(), 1, "nothing lost");
        outbox.requeue(&entry.id).unwrap();
        assert_eq!(outbox.due(at("2026-11-25T05:05:00Z")).len(), 1);
    }

    #[test]
    fn backoff_grows_and_stops_at_half_an_hour() {
        let minutes: Vec<u64> = (1..=7).map(|n| backoff(n).as_secs() / 60).collect();
        assert_eq!(minutes, [1, 2, 5, 10, 30, 30, 30]);
    }

    #[test]
    fn a_message_being_sent_elsewhere_is_not_sent_again() {
        let dir = tempfile::tempdir().unwrap();
        let outbox = Outbox::new(dir.path());
        let entry = add(&outbox);
        let lock = fs::File::create(dir.path().join(QUEUE).join(format!("{}.lock", entry.id))).unwrap();
        lock.lock().unwrap();
        let result = outbox.attempt(&entry.id, at("2026-11-25T05:01:00Z"), |_, _| panic!("sent twice")).unwrap();
        assert_eq!(result, Attempt::Busy);
    }

    #[test]
    fn a_crash_after_the_250_is_finished_without_sending_again() {
        let dir = tempfile::tempdir().unwrap();
        let outbox = Outbox::new(dir.path());
        let entry = add(&outbox);
        let mut meta = entry.meta.clone();
        meta.state = State::Sent;
        meta.sent_at = Some(at("2026-11-25T05:01:00Z"));
        write_state(&dir.path().join(QUEUE).join(&entry.id), &meta).unwrap();
        assert!(outbox.due(at("2026-11-26T00:00:00Z")).is_empty());
        assert_eq!(outbox.sent().0.len(), 1);
    }

    #[test]
    fn a_delivered_reply_marks_the_original_and_marks_change_deadlines() {
        let dir = tempfile::tempdir().unwrap();
        let outbox = Outbox::new(dir.path());
        let original = add(&outbox);
        outbox.attempt(&original.id, at("2026-11-25T05:00:00Z"), ok).unwrap();
        outbox.update_sent(&original.id, |m| m.info_requested = Some(at("2026-11-25T06:00:00Z"))).unwrap();
        let mut reply = Meta::new("<2.b@example.kz>".into(), "Re: x".into(), &envelope(), at("2026-11-25T07:00:00Z"));
        reply.in_reply_to = Some("<1.a@example.kz>".into());
        let reply = outbox.add(b"reply", reply).unwrap();
        outbox.attempt(&reply.id, at("2026-11-25T07:00:00Z"), ok).unwrap();
        let original = outbox.get(&original.id).unwrap();
        assert_eq!(original.meta.replied, Some(at("2026-11-25T07:00:00Z")));
        let d = original.meta.deadlines(Calendar::builtin()).unwrap();
        assert!(d.reply_by.is_some() && d.answer_after_reply_by.is_some());
    }

    #[test]
    fn overdue_follows_the_stage_of_the_request() {
        let mut m = Meta::new("<1@x.kz>".into(), "s".into(), &envelope(), at("2026-11-25T04:00:00Z"));
        let cal = Calendar::builtin();
        assert_eq!(m.overdue(cal, at("2026-11-26T04:00:00Z")), None, "not sent yet");
        // Sent Wednesday 10:00 Astana: first answer by 13:00.
        m.sent_at = Some(at("2026-11-25T05:00:00Z"));
        assert_eq!(m.overdue(cal, at("2026-11-25T07:59:00Z")), None);
        assert_eq!(m.overdue(cal, at("2026-11-25T08:01:00Z")), Some(Overdue::FirstAnswer));
        m.info_requested = Some(at("2026-11-25T07:00:00Z"));
        assert_eq!(m.overdue(cal, at("2026-11-26T08:01:00Z")), None, "72 working hours to reply");
        let reply_by = m.deadlines(cal).unwrap().reply_by.unwrap();
        assert_eq!(m.overdue(cal, reply_by + chrono::Duration::minutes(1)), Some(Overdue::Reply));
        m.replied = Some(at("2026-11-26T05:00:00Z"));
        assert_eq!(m.overdue(cal, reply_by + chrono::Duration::minutes(1)), Some(Overdue::AnswerAfterReply));
        m.answered = Some(at("2026-11-27T05:00:00Z"));
        assert_eq!(m.overdue(cal, reply_by + chrono::Duration::minutes(1)), None);
    }

    #[test]
    fn broken_state_files_are_listed_and_ids_cannot_leave_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let outbox = Outbox::new(dir.path());
        let entry = add(&outbox);
        fs::write(dir.path().join(QUEUE).join(&entry.id).join(STATE), "state = [").unwrap();
        let (entries, broken) = outbox.queued();
        assert!(entries.is_empty());
        assert_eq!(broken.len(), 1);
        assert_eq!(broken[0].id, entry.id);
        assert!(matches!(outbox.remove("../sent"), Err(OutboxError::NotFound(_))));
        assert!(matches!(outbox.attempt("..", Utc::now(), ok), Err(OutboxError::NotFound(_))));
    }
}
