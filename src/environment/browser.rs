//! Web browsers: every installed one with its version, and which is the default.
//! (Stub: to be implemented.)

use std::path::PathBuf;
use std::time::Instant;

use serde::Serialize;

/// One installed browser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Browser {
    /// "Google Chrome", "Microsoft Edge", "Mozilla Firefox", "Yandex Browser", "Opera",
    /// "Chromium", "Internet Explorer"…
    pub name: String,
    /// As the browser reports it: "131.0.6778.86".
    pub version: Option<String>,
    /// The executable (or app bundle on macOS).
    pub path: Option<PathBuf>,
    /// Whether it opens http/https links by default.
    pub default: bool,
    /// 32 or 64, where known.
    pub bits: Option<u8>,
}

/// Finds the installed browsers, the default first; programs started to ask are stopped at
/// `deadline`.
pub fn detect(_deadline: Instant) -> Vec<Browser> {
    Vec::new()
}

/// The request line for a browser (stub).
pub fn describe(b: &Browser) -> String {
    b.name.clone()
}
