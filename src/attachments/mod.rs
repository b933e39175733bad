//! Files attached to a request: reading them, their content types, and the size budget.

use std::path::{Path, PathBuf};

pub mod capture;
pub mod folder;
pub mod picture;

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

/// The size of `bytes` bytes in the message: base64, 4 characters per 3 bytes, in lines of 76
/// characters and CRLF (as lettre writes attachments).
pub fn encoded_size(bytes: u64) -> u64 {
    let chars = bytes.div_ceil(3) * 4;
    chars + chars.div_ceil(76) * 2
}

/// The headers of one attachment's part (type, disposition, encoding, the file name twice, the
/// boundary): a generous estimate.
const PART_OVERHEAD_BYTES: u64 = 400;
/// The message's own headers and the text part's headers, generously.
const MESSAGE_OVERHEAD_BYTES: u64 = 2048;

/// The attachments' sizes against the limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Budget {
    /// Each file's size, in the list's order.
    pub sizes: Vec<u64>,
    pub limit_bytes: u64,
}

impl Budget {
    pub fn total_bytes(&self) -> u64 {
        self.sizes.iter().sum()
    }

    /// How large the whole message will be, with a body of `body_bytes` bytes: what mail servers
    /// compare with their limits.
    pub fn message_bytes(&self, body_bytes: u64) -> u64 {
        let parts: u64 = self.sizes.iter().map(|&s| encoded_size(s) + PART_OVERHEAD_BYTES).sum();
        parts + encoded_size(body_bytes) + MESSAGE_OVERHEAD_BYTES
    }

    /// How much must go for the attachments to fit (0 when they fit).
    pub fn over_by(&self) -> u64 {
        self.total_bytes().saturating_sub(self.limit_bytes)
    }

    /// The files to remove or shrink for the rest to fit, largest first: the fewest that do it.
    pub fn to_fit(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.sizes.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(self.sizes[i]));
        let mut over = self.over_by();
        let mut chosen = Vec::new();
        for i in order {
            if over == 0 {
                break;
            }
            over = over.saturating_sub(self.sizes[i]);
            chosen.push(i);
        }
        chosen
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

    #[test]
    fn encoded_size_is_what_lettre_writes() {
        use lettre::message::{Attachment as A, MultiPart, header::ContentType};
        for len in [1usize, 2, 3, 56, 57, 58, 1000, 100_000] {
            let bytes: Vec<u8> = (0..len).map(|i| u8::try_from(128 + i * 7 % 128).unwrap()).collect();
            let part = A::new("a.bin".into()).body(bytes, ContentType::parse("application/octet-stream").unwrap());
            let formatted = MultiPart::mixed().singlepart(part).formatted();
            let text = String::from_utf8(formatted).unwrap();
            // The base64 block: from the blank line after the part's headers to the boundary.
            let start = text.find("\r\n\r\n").unwrap() + 4;
            let start = start + text[start..].find("\r\n\r\n").unwrap() + 4;
            let end = text[start..].find("\r\n--").map_or(text.len(), |e| start + e + 2);
            assert_eq!(encoded_size(len as u64), (end - start) as u64, "{len} bytes");
        }
    }

    #[test]
    fn the_budget_names_the_fewest_largest_files_to_drop() {
        let budget = Budget { sizes: vec![3, 10, 1, 8], limit_bytes: 12 };
        assert_eq!(budget.total_bytes(), 22);
        assert_eq!(budget.over_by(), 10);
        assert_eq!(budget.to_fit(), [1]);
        let budget = Budget { sizes: vec![3, 10, 1, 8], limit_bytes: 3 };
        assert_eq!(budget.to_fit(), [1, 3, 0]);
        let fits = Budget { sizes: vec![3, 4], limit_bytes: 7 };
        assert!(fits.to_fit().is_empty() && fits.over_by() == 0);
        // base64 with its line ends adds about 37 %: a 15 MiB set is a message of about 20.5 MiB.
        let full = Budget { sizes: vec![DEFAULT_LIMIT_BYTES], limit_bytes: DEFAULT_LIMIT_BYTES };
        let message = full.message_bytes(2000);
        assert!((21_400_000..21_600_000).contains(&message), "{message}");
    }
}
