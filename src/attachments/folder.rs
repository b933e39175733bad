//! The draft's folder: screenshots, pasted images and edited copies live here, on disk, from the
//! moment they are made until the request is sent or discarded — a crash loses none of them.
//! The user's own files are never written: an edited attachment becomes a copy in this folder.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

/// The folder, by its path (created on the first write).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftFolder {
    dir: PathBuf,
}

impl DraftFolder {
    pub fn new(dir: PathBuf) -> Self {
        Self { dir }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Whether `path` is one of this folder's files (and so may be rewritten or removed).
    pub fn holds(&self, path: &Path) -> bool {
        path.parent().is_some_and(|parent| parent == self.dir)
    }

    /// Writes a new file under `name`, or `stem-2.ext`, `stem-3.ext` … when it is taken;
    /// returns its path. Never replaces a file. Blocking I/O.
    pub fn write_new(&self, name: &str, bytes: &[u8]) -> std::io::Result<PathBuf> {
        std::fs::create_dir_all(&self.dir)?;
        let wanted = Path::new(name);
        let stem = wanted.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let ext = wanted.extension().map(|e| format!(".{}", e.to_string_lossy())).unwrap_or_default();
        let mut tmp = tempfile::Builder::new().prefix(".sk-support-").suffix(".tmp").tempfile_in(&self.dir)?;
        std::io::Write::write_all(&mut tmp, bytes)?;
        tmp.as_file().sync_all()?;
        for n in 1..10_000 {
            let file = if n == 1 { format!("{stem}{ext}") } else { format!("{stem}-{n}{ext}") };
            let path = self.dir.join(file);
            match tmp.persist_noclobber(&path) {
                Ok(_) => return Ok(path),
                Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => tmp = e.file,
                Err(e) => return Err(e.error),
            }
        }
        Err(std::io::Error::new(std::io::ErrorKind::AlreadyExists, "no free file name"))
    }

    /// Replaces one of this folder's files atomically (an edited screenshot).
    pub fn replace(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        if !self.holds(path) {
            return Err(std::io::Error::new(std::io::ErrorKind::PermissionDenied, "not a file of the draft"));
        }
        crate::store::atomic::write(path, bytes)
    }

    /// Removes those of `paths` that are this folder's files (a discarded or sent request's);
    /// others are the user's and stay. Returns how many were removed.
    pub fn remove(&self, paths: &[PathBuf]) -> usize {
        paths.iter().filter(|p| self.holds(p)).filter(|p| std::fs::remove_file(p).is_ok()).count()
    }
}

/// `screenshot-YYYYMMDD-HHMMSS.png` in Astana time.
pub fn screenshot_name(now: DateTime<Utc>) -> String {
    format!("screenshot-{}.png", now.with_timezone(&chrono_tz::Asia::Almaty).format("%Y%m%d-%H%M%S"))
}

/// The name of an edited copy of the user's file: `name-edited.png` (`.jpg` for photos).
pub fn edited_name(name: &str, jpeg: bool) -> String {
    let stem = Path::new(name).file_stem().map_or_else(|| name.to_owned(), |s| s.to_string_lossy().into_owned());
    format!("{stem}-edited.{}", if jpeg { "jpg" } else { "png" })
}

/// The name of a shrunk photo: `name.jpg`, or `name-small.jpg` when it was a JPEG already.
pub fn shrunk_name(name: &str) -> String {
    let path = Path::new(name);
    let stem = path.file_stem().map_or_else(|| name.to_owned(), |s| s.to_string_lossy().into_owned());
    if super::picture::is_jpeg(name) { format!("{stem}-small.jpg") } else { format!("{stem}.jpg") }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone as _;

    #[test]
    fn screenshot_names_are_in_astana_time() {
        // 08:30:05 UTC is 13:30:05 in Astana (UTC+5 since 2024-03-01) and 14:30:05 before it.
        assert_eq!(
            screenshot_name(Utc.with_ymd_and_hms(2026, 11, 25, 8, 30, 5).unwrap()),
            "screenshot-20261125-133005.png"
        );
        assert_eq!(
            screenshot_name(Utc.with_ymd_and_hms(2024, 1, 31, 22, 0, 0).unwrap()),
            "screenshot-20240201-040000.png"
        );
        assert_eq!(edited_name("Скан паспорта.jpeg", true), "Скан паспорта-edited.jpg");
        assert_eq!(edited_name("a.png", false), "a-edited.png");
        assert_eq!(shrunk_name("photo.JPG"), "photo-small.jpg");
        assert_eq!(shrunk_name("screenshot-1.png"), "screenshot-1.jpg");
    }

    #[test]
    fn new_files_never_replace_others_and_only_the_folders_files_are_touched() {
        let dir = tempfile::tempdir().unwrap();
        let folder = DraftFolder::new(dir.path().join("draft-files"));
        let a = folder.write_new("s.png", b"one").unwrap();
        let b = folder.write_new("s.png", b"two").unwrap();
        let c = folder.write_new("s.png", b"three").unwrap();
        assert_eq!(a.file_name().unwrap(), "s.png");
        assert_eq!(b.file_name().unwrap(), "s-2.png");
        assert_eq!(c.file_name().unwrap(), "s-3.png");
        assert_eq!(std::fs::read(&a).unwrap(), b"one");
        folder.replace(&b, b"edited").unwrap();
        assert_eq!(std::fs::read(&b).unwrap(), b"edited");

        let users = dir.path().join("mine.png");
        std::fs::write(&users, b"user's").unwrap();
        assert!(!folder.holds(&users));
        assert!(folder.replace(&users, b"x").is_err());
        assert_eq!(folder.remove(&[a.clone(), users.clone(), c.clone()]), 2);
        assert!(!a.exists() && !c.exists() && b.exists());
        assert_eq!(std::fs::read(&users).unwrap(), b"user's");
        // No temporary files are left behind.
        let left: Vec<_> = std::fs::read_dir(folder.dir()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(left, [std::ffi::OsString::from("s-2.png")]);
    }
}
