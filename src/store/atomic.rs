//! Atomic file writes: a temporary file in the same folder, flushed to disk, then renamed over
//! the target. Readers see the old file or the new one, never a mix.

use std::io::Write as _;
use std::path::Path;

/// Whether two paths name the same existing file (links and `..` resolved): writing one would
/// replace the other. Paths that do not exist are never the same file.
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Writes `bytes` to `path` atomically (replacing an existing regular file, whose permissions
/// are kept; a new file gets the usual ones, as the umask allows).
///
/// Refuses to replace anything that is not a regular file — a link, a device, a folder — since
/// a rename would put a file in its place rather than write through it.
/// Blocking I/O: run it off the UI thread.
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let existing = match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_file() => Some(meta),
        Ok(_) => {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "not a regular file; choose another name",
            ));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".sk-support-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = existing.as_ref().map_or(0o666, |m| m.permissions().mode() & 0o7777);
        builder.permissions(std::fs::Permissions::from_mode(mode));
    }
    #[cfg(not(unix))]
    let _ = &existing;
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary_behind() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("сұрау.eml");
        write(&target, b"first").unwrap();
        write(&target, b"second").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"second");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, [std::ffi::OsString::from("сұрау.eml")]);
    }

    #[test]
    fn a_missing_folder_is_an_error_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("no-such-dir").join("x.eml");
        assert!(write(&target, b"x").is_err());
        assert!(!target.exists());
    }

    #[test]
    fn folders_are_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let err = write(dir.path(), b"x").unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
        assert!(dir.path().is_dir());
    }

    #[cfg(unix)]
    #[test]
    fn links_are_not_replaced_and_permissions_are_the_usual_ones() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.eml");
        std::fs::write(&real, b"keep").unwrap();
        let link = dir.path().join("link.eml");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        assert_eq!(write(&link, b"x").unwrap_err().kind(), std::io::ErrorKind::InvalidInput);
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read(&real).unwrap(), b"keep");

        let fresh = dir.path().join("fresh.eml");
        write(&fresh, b"x").unwrap();
        let mode = std::fs::metadata(&fresh).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode & 0o644, 0o644 & mode, "within 0o666 minus the umask: {mode:o}");
        assert_ne!(mode, 0o600, "not the private mode of a temporary file");

        std::fs::set_permissions(&fresh, std::fs::Permissions::from_mode(0o640)).unwrap();
        write(&fresh, b"y").unwrap();
        assert_eq!(std::fs::metadata(&fresh).unwrap().permissions().mode() & 0o777, 0o640, "kept");
    }
}
