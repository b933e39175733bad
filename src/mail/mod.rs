//! Request + attachments → an e-mail message (lettre), its .eml file, and its delivery: SMTP,
//! the outbox on disk and the history of sent messages.

pub mod message;
pub mod outbox;
pub mod password;
pub mod presets;
pub mod smtp;
pub mod smtp_url;

pub use message::{BuildOptions, MailError, build};
