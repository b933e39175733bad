//! sk-support: from "something is broken in Court Cabinet" to a support request that the
//! Supreme Court's help desk (office@sud.kz) can act on at once.
//!
//! The shape: a draft → validation → a request → subject and body → a message with
//! attachments → an .eml file (and later SMTP). See `docs/ARCHITECTURE.md`.

pub mod attachments;
pub mod cli;
pub mod eds;
pub mod environment;
pub mod i18n;
pub mod mail;
pub mod request;
pub mod store;
pub mod tracking;
#[cfg(feature = "gui")]
pub mod ui;
