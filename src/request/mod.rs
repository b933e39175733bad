//! The domain: what a support request to Court Cabinet is.
//!
//! `Draft` (strings as typed) → [`validate`] → `Request` (checked, typed) → [`render`] →
//! subject and body. Nothing here touches files, the network or the clock: callers pass
//! `now` in, so every rule can be tested.

pub mod draft;
pub mod file;
pub mod id;
pub mod render;
pub mod text;
pub mod validate;

use chrono::{DateTime, NaiveDate, Utc};
use lettre::message::Mailbox;

pub use draft::Draft;
pub use id::{Id, IdError};
pub use validate::{FieldError, FieldProblem, FieldWarning, validate};

/// The default recipient: Court Cabinet technical support.
pub const SUPPORT_ADDRESS: &str = "office@sud.kz";

/// The longest summary the subject may carry, in characters.
pub const SUMMARY_MAX_CHARS: usize = 120;

/// The language of the e-mail body. (The interface has a third, English; the help desk reads
/// Kazakh and Russian.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BodyLanguage {
    Kk,
    Ru,
}

impl BodyLanguage {
    pub fn code(self) -> &'static str {
        match self {
            Self::Kk => "kk",
            Self::Ru => "ru",
        }
    }
}

/// A value of the body: its lines, trimmed, without empty ones. No lines: not given.
pub type Text = Vec<String>;

/// A checked request: everything the message needs, nothing left to interpret.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub language: BodyLanguage,
    /// One line, at most [`SUMMARY_MAX_CHARS`] characters.
    pub summary: String,
    pub to: Mailbox,
    /// The mailbox the message is sent from: the draft's `from` (operator mode), else the sender's.
    pub from: Mailbox,
    /// The sender, when the message is sent from another mailbox: support answers the caller.
    pub reply_to: Option<Mailbox>,
    pub sender: Sender,
    pub eds: Eds,
    pub environment: Environment,
    pub problem: Problem,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Sender {
    pub full_name: String,
    pub id: Id,
    pub email: Option<lettre::Address>,
    pub phone: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Eds {
    pub description: Text,
    /// From and to, both inclusive.
    pub validity: Option<(NaiveDate, NaiveDate)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Environment {
    pub browser: Text,
    pub java: Text,
    pub os: Text,
    pub service_pack: Text,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub occurred_at: Option<DateTime<Utc>>,
    pub error_text: Text,
    pub steps: Text,
    pub description: Text,
    pub details: Text,
    pub attachments: Vec<AttachmentRef>,
}

/// A file to attach, as the draft names it; reading it is the caller's job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentRef {
    /// The path as given (a request file's are relative to that file).
    pub path: String,
    /// The file name the message and the body show.
    pub name: String,
}
