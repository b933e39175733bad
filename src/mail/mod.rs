//! Request + attachments → an e-mail message (lettre), and its .eml file.

pub mod message;
pub mod smtp_url;

pub use message::{BuildOptions, MailError, build};
