//! Files attached to a request: reading them, their content types, and the size budget.

use std::path::{Path, PathBuf};

/// The default limit of all attachments together, before encoding (base64 adds about 37 %).
/// Mail servers commonly refuse messages over 20–25 MiB.
pub const DEFAULT_LIMIT_BYTES: u64 = 15 * 1024 * 1024;

/// A file ready to go into the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// The file name shown to support (and in the body).
    pub name: String,
    /// A MIME type such as `image/png`.
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// Why the attachments cannot be sent.
#[derive(Debug, thiserror::Error)]
pub enum AttachmentError {
    #[error("{}: file not found", path.display())]
    NotFound { index: usize, path: PathBuf },
    #[error("{}: not a file", path.display())]
    NotAFile { index: usize, path: PathBuf },
    #[error("{}: cannot read the file: {source}", path.display())]
    Unreadable { index: usize, path: PathBuf, source: std::io::Error },
    #[error(transparent)]
    TooLarge(#[from] TooLarge),
}

/// The attachments together exceed the limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "the attachments are {} in total, more than the limit of {}; remove or shrink some",
    human_size(self.total_bytes),
    human_size(self.limit_bytes)
)]
pub struct TooLarge {
    pub total_bytes: u64,
    pub limit_bytes: u64,
}

impl TooLarge {
    /// `Err` when `total_bytes` exceeds `limit_bytes`.
    pub fn check(total_bytes: u64, limit_bytes: u64) -> Result<(), Self> {
        if total_bytes > limit_bytes { Err(Self { total_bytes, limit_bytes }) } else { Ok(()) }
    }
}

impl AttachmentError {
    /// The position of the failing file in the list, when one file is at fault.
    pub fn index(&self) -> Option<usize> {
        match self {
            Self::NotFound { index, .. } | Self::NotAFile { index, .. } | Self::Unreadable { index, .. } => {
                Some(*index)
            }
            Self::TooLarge(_) => None,
        }
    }
}

/// A size for people: bytes, KiB or MiB with one decimal.
#[allow(clippy::cast_precision_loss)] // sizes far below 2^52 bytes
pub fn human_size(bytes: u64) -> String {
    const KIB: u64 = 1024;
    match bytes {
        0..KIB => format!("{bytes} bytes"),
        KIB..1_048_576 => format!("{:.1} KiB", bytes as f64 / 1024.0),
        _ => format!("{:.1} MiB", bytes as f64 / 1_048_576.0),
    }
}

/// The content type of a file by its name; unknown kinds go as `application/octet-stream`.
pub fn content_type(name: &str) -> String {
    let ext = Path::new(name).extension().and_then(|e| e.to_str()).unwrap_or_default().to_ascii_lowercase();
    match ext.as_str() {
        // Logs and Java's console dumps are text, whatever the registry of types says.
        "log" | "txt" | "out" | "err" => "text/plain".to_owned(),
        _ => mime_guess::from_ext(&ext).first_raw().unwrap_or("application/octet-stream").to_owned(),
    }
}

/// Reads the files `(path, name)` after checking that they exist and fit within `limit_bytes`
/// together: a too-large set is refused before anything big is read.
/// Blocking I/O: run it off the UI thread.
pub fn load(files: &[(PathBuf, String)], limit_bytes: u64) -> Result<Vec<Attachment>, AttachmentError> {
    let mut total_bytes = 0u64;
    for (index, (path, _)) in files.iter().enumerate() {
        let meta = std::fs::metadata(path).map_err(|source| classify(index, path, source))?;
        if !meta.is_file() {
            return Err(AttachmentError::NotAFile { index, path: path.clone() });
        }
        total_bytes = total_bytes.saturating_add(meta.len());
    }
    TooLarge::check(total_bytes, limit_bytes)?;
    let mut loaded = Vec::with_capacity(files.len());
    let mut read_bytes = 0u64;
    for (index, (path, name)) in files.iter().enumerate() {
        let bytes = std::fs::read(path).map_err(|source| classify(index, path, source))?;
        read_bytes = read_bytes.saturating_add(bytes.len() as u64);
        // A file may have grown since it was measured.
        TooLarge::check(read_bytes, limit_bytes)?;
        loaded.push(Attachment { name: name.clone(), content_type: content_type(name), bytes });
    }
    Ok(loaded)
}

fn classify(index: usize, path: &Path, source: std::io::Error) -> AttachmentError {
    match source.kind() {
        std::io::ErrorKind::NotFound => AttachmentError::NotFound { index, path: path.to_owned() },
        _ => AttachmentError::Unreadable { index, path: path.to_owned(), source },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types_of_what_users_attach() {
        for (name, expected) in [
            ("screen-1.png", "image/png"),
            ("Фото.JPG", "image/jpeg"),
            ("photo.jpeg", "image/jpeg"),
            ("акт.pdf", "application/pdf"),
            ("notes.txt", "text/plain"),
            ("ncalayer.log", "text/plain"),
            ("page.html", "text/html"),
            ("archive.zip", "application/zip"),
            ("screen.bmp", "image/bmp"),
            ("no-extension", "application/octet-stream"),
            ("strange.qqq", "application/octet-stream"),
        ] {
            assert_eq!(content_type(name), expected, "{name}");
        }
    }

    #[test]
    fn loads_files_and_refuses_missing_ones_and_folders() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.png");
        std::fs::write(&a, [1u8, 2, 3]).unwrap();
        let loaded = load(&[(a.clone(), "a.png".into())], 10).unwrap();
        assert_eq!(loaded[0].bytes, [1, 2, 3]);
        assert_eq!(loaded[0].content_type, "image/png");

        let missing = dir.path().join("b.png");
        let err = load(&[(a.clone(), "a.png".into()), (missing, "b.png".into())], 10).unwrap_err();
        assert!(matches!(err, AttachmentError::NotFound { index: 1, .. }), "{err}");
        let err = load(&[(dir.path().to_owned(), "d".into())], 10).unwrap_err();
        assert!(matches!(err, AttachmentError::NotAFile { index: 0, .. }), "{err}");
    }

    #[test]
    fn the_limit_is_for_all_files_together() {
        let dir = tempfile::tempdir().unwrap();
        let files: Vec<_> = (0..3)
            .map(|i| {
                let p = dir.path().join(format!("{i}.bin"));
                std::fs::write(&p, [0u8; 40]).unwrap();
                (p, format!("{i}.bin"))
            })
            .collect();
        assert!(load(&files, 120).is_ok());
        let err = load(&files, 119).unwrap_err();
        assert!(matches!(err, AttachmentError::TooLarge(TooLarge { total_bytes: 120, limit_bytes: 119 })), "{err}");
        assert_eq!(
            err.to_string(),
            "the attachments are 120 bytes in total, more than the limit of 119 bytes; remove or shrink some"
        );
        assert_eq!(human_size(DEFAULT_LIMIT_BYTES), "15.0 MiB");
        assert_eq!(human_size(1536), "1.5 KiB");
    }
}
