//! NCALayer, the National Certification Authority's signing helper that Court Cabinet needs:
//! installed or not, where, its version, and whether it is running.
//! (Stub: to be implemented.)

use std::path::PathBuf;
use std::time::Instant;

use serde::Serialize;

/// Where a running NCALayer listens.
pub const DEFAULT_URL: &str = "wss://127.0.0.1:13579";

/// What is known about NCALayer on this machine.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct NcaLayer {
    pub installed: bool,
    pub running: bool,
    /// The running instance's version (from its greeting), else the installed one's.
    pub version: Option<String>,
    /// The install folder.
    pub path: Option<PathBuf>,
    /// The Java runtime it bundles, when it does.
    pub java_home: Option<PathBuf>,
}

/// The folders NCALayer is installed in on this platform, most likely first (they need not exist).
pub fn install_dirs() -> Vec<PathBuf> {
    Vec::new()
}

/// Looks for an installed NCALayer and asks a running one for its version (until `deadline`).
pub fn detect(_url: &str, _deadline: Instant) -> NcaLayer {
    NcaLayer::default()
}

/// A line about NCALayer (stub).
pub fn describe(n: &NcaLayer) -> String {
    format!("NCALayer {:?}", n.version)
}
