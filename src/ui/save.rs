//! Saving a request as an .eml file: read the attachments, build the message, write it
//! atomically. Runs in a job; the window only sees the outcome.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::attachments::{self, AttachmentError};
use crate::mail::{self, BuildOptions, MailError};
use crate::request::Request;
use crate::store::atomic;

/// Why a save failed; every case names the file the user can act on.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error(transparent)]
    Attachment(#[from] AttachmentError),
    #[error(transparent)]
    Mail(#[from] MailError),
    #[error("{}: {source}", path.display())]
    Write { path: PathBuf, source: std::io::Error },
    #[error("{}: is one of the attached files", path.display())]
    WouldOverwrite { path: PathBuf },
    #[error("{}: saved, but it could not be opened: {source}", path.display())]
    Open { path: PathBuf, source: std::io::Error },
}

/// What to save where.
#[derive(Debug, Clone)]
pub struct SaveJob {
    pub request: Request,
    /// Where to write; with `unique`, a free name next to it is found when it exists.
    pub path: PathBuf,
    pub unique: bool,
    /// `X-Unsent: 1` and open the file afterwards (Outlook shows it as a draft).
    pub outlook: bool,
    pub date: SystemTime,
    /// The attachments' limit, in bytes.
    pub limit_bytes: u64,
}

/// Saves; returns the path written.
pub fn save(job: &SaveJob, open_after: impl FnOnce(&Path) -> std::io::Result<()>) -> Result<PathBuf, SaveError> {
    let files: Vec<(PathBuf, String)> =
        job.request.problem.attachments.iter().map(|a| (PathBuf::from(&a.path), a.name.clone())).collect();
    let loaded = attachments::load(&files, job.limit_bytes)?;
    let options = BuildOptions { date: job.date, unsent: job.outlook, attachments_limit_bytes: job.limit_bytes };
    let message = mail::build(&job.request, &loaded, &options)?;
    let path = if job.unique { free_name(&job.path) } else { job.path.clone() };
    if files.iter().any(|(p, _)| atomic::same_file(p, &path)) {
        return Err(SaveError::WouldOverwrite { path });
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| SaveError::Write { path: path.clone(), source })?;
    }
    atomic::write(&path, &message.formatted()).map_err(|source| SaveError::Write { path: path.clone(), source })?;
    if job.outlook {
        open_after(&path).map_err(|source| SaveError::Open { path: path.clone(), source })?;
    }
    Ok(path)
}

/// `name.eml`, else `name (2).eml`, `name (3).eml` … as Explorer names copies.
pub fn free_name(path: &Path) -> PathBuf {
    if !path.exists() {
        return path.to_owned();
    }
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let ext = path.extension().map(|e| format!(".{}", e.to_string_lossy())).unwrap_or_default();
    (2..10_000)
        .map(|n| path.with_file_name(format!("{stem} ({n}){ext}")))
        .find(|p| !p.exists())
        .unwrap_or_else(|| path.to_owned())
}

/// The file name a saved request gets: `<IIN>_СК_<Astana date and time>.eml`.
pub fn default_name(request: &Request, now: chrono::DateTime<chrono::Utc>) -> String {
    let at = now.with_timezone(&chrono_tz::Asia::Almaty).format("%Y-%m-%d_%H%M");
    format!("{}_СК_{at}.eml", request.sender.id.as_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_names_count_up_like_explorer_copies() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.eml");
        assert_eq!(free_name(&path), path);
        std::fs::write(&path, "x").unwrap();
        assert_eq!(free_name(&path), dir.path().join("r (2).eml"));
        std::fs::write(dir.path().join("r (2).eml"), "x").unwrap();
        assert_eq!(free_name(&path), dir.path().join("r (3).eml"));
    }
}
