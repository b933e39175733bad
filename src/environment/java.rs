//! Java runtimes: every one installed, with version, vendor and bitness.
//! (Stub: to be implemented.)

use std::path::PathBuf;
use std::time::Instant;

use serde::Serialize;

/// Where a runtime was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum JavaSource {
    JavaHome,
    Path,
    Registry,
    Folder,
    NcaLayer,
}

/// One Java runtime.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JavaRuntime {
    /// As the runtime names itself: "1.8.0_431", "17.0.15".
    pub version: String,
    /// "Oracle Corporation", "Eclipse Adoptium", "Debian"…
    pub vendor: Option<String>,
    /// 32 or 64.
    pub bits: Option<u8>,
    /// The runtime's home folder (the one holding `bin/java`).
    pub home: PathBuf,
    /// Everywhere it was found, in the order of discovery.
    pub sources: Vec<JavaSource>,
    /// The runtime `java` starts by default (first on PATH, or the registry's CurrentVersion).
    pub default: bool,
}

/// Finds every Java runtime; programs started to ask are stopped at `deadline`.
pub fn detect(_deadline: Instant) -> Vec<JavaRuntime> {
    Vec::new()
}

/// The request line for a runtime (stub).
pub fn describe(rt: &JavaRuntime) -> String {
    format!("Java {}", rt.version)
}
