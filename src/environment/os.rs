//! The operating system: name, edition, version, build and update revision, service pack,
//! architecture. Stub until written.

use serde::Serialize;

use super::ProbeError;

/// The operating system as support wants it described.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct OsInfo {
    pub name: String,
    pub version: String,
    pub build: Option<String>,
    pub service_pack: Option<String>,
    pub arch: String,
}

pub fn detect() -> Result<Option<OsInfo>, ProbeError> {
    Ok(None)
}
