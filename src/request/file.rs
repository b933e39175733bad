//! The request file (TOML) of the command line: parsing with positions, so that every error can
//! name the file and the line.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::draft::Draft;

/// Where in a file: 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// Why a request file could not be read as a draft.
#[derive(Debug, thiserror::Error)]
pub enum RequestFileError {
    #[error("{}: cannot read the file: {source}", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{}: not UTF-8 text (save the file as UTF-8)", path.display())]
    NotUtf8 { path: PathBuf },
    #[error("{}:{at}: {message}", path.display())]
    Syntax { path: PathBuf, at: Position, message: String },
}

/// A request file as read: the draft, and where each attachment was named.
#[derive(Debug, Clone)]
pub struct RequestFile {
    pub path: PathBuf,
    pub draft: Draft,
    /// The line of each entry of `problem.attachments`, in order.
    pub attachment_lines: Vec<usize>,
}

impl RequestFile {
    /// The folder attachment paths are relative to.
    pub fn base_dir(&self) -> &Path {
        self.path.parent().unwrap_or_else(|| Path::new("."))
    }

    /// An attachment's path as given, resolved against the request file's folder. Backslashes
    /// are folder separators everywhere, so a request file written on Windows works anywhere.
    pub fn resolve(&self, path: &str) -> PathBuf {
        if cfg!(windows) { self.base_dir().join(path) } else { self.base_dir().join(path.replace('\\', "/")) }
    }
}

/// Reads and parses a request file. (Blocking I/O: run it off the UI thread.)
pub fn load(path: &Path) -> Result<RequestFile, RequestFileError> {
    let bytes = std::fs::read(path).map_err(|source| RequestFileError::Read { path: path.to_owned(), source })?;
    parse(path, &bytes)
}

/// Parses the bytes of a request file named `path`.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<RequestFile, RequestFileError> {
    let text = std::str::from_utf8(bytes).map_err(|_| RequestFileError::NotUtf8 { path: path.to_owned() })?;
    // Windows Notepad starts UTF-8 files with a byte-order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let syntax = |e: toml::de::Error| RequestFileError::Syntax {
        path: path.to_owned(),
        at: e.span().map_or(Position { line: 1, column: 1 }, |span| position(text, span.start)),
        message: e.message().trim_end().to_owned(),
    };
    let draft: Draft = toml::from_str(text).map_err(syntax)?;
    let spans: Spans = toml::from_str(text).map_err(syntax)?;
    let attachment_lines = spans
        .problem
        .map(|p| p.attachments.iter().map(|a| position(text, a.span().start).line).collect())
        .unwrap_or_default();
    Ok(RequestFile { path: path.to_owned(), draft, attachment_lines })
}

/// Only the positions of what may fail after parsing (attachments that cannot be read).
#[derive(Deserialize)]
struct Spans {
    problem: Option<ProblemSpans>,
}

#[derive(Deserialize)]
struct ProblemSpans {
    #[serde(default)]
    attachments: Vec<toml::Spanned<toml::Value>>,
}

fn position(text: &str, offset: usize) -> Position {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Position { line, column }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<RequestFile, RequestFileError> {
        parse(Path::new("dir/req.toml"), text.as_bytes())
    }

    #[test]
    fn the_example_request_file_parses() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/spec/example/request.toml");
        let file = load(&path).unwrap();
        assert_eq!(file.draft.sender.iin, "871008401427");
        assert_eq!(file.draft.problem.attachments, ["screen-1.png"]);
        assert_eq!(file.attachment_lines, [31]);
        assert_eq!(file.resolve("screen-1.png"), path.parent().unwrap().join("screen-1.png"));
        assert_eq!(file.resolve("shots\\a.png"), path.parent().unwrap().join("shots").join("a.png"));
    }

    #[test]
    fn unknown_keys_are_errors_with_their_line() {
        let err = parse_str("summary = \"x\"\n[sender]\nfull_nmae = \"Тест\"\n").unwrap_err();
        let RequestFileError::Syntax { at, message, .. } = &err else { panic!("{err}") };
        assert_eq!(at.line, 3, "{err}");
        assert!(message.contains("full_nmae"), "{message}");
        assert!(err.to_string().starts_with("dir/req.toml:3:1: "), "{err}");
    }

    #[test]
    fn syntax_errors_name_the_line() {
        let err = parse_str("summary = \"x\"\n\n[sender]\niin = 8710 0840\n").unwrap_err();
        assert!(matches!(err, RequestFileError::Syntax { at: Position { line: 4, .. }, .. }), "{err}");
        let err = parse_str("summary = \"unterminated\n").unwrap_err();
        assert!(matches!(err, RequestFileError::Syntax { at: Position { line: 1, .. }, .. }), "{err}");
    }

    #[test]
    fn wrong_types_are_errors_not_silent_defaults() {
        let err = parse_str("[sender]\niin = 871008401427\n").unwrap_err();
        assert!(matches!(err, RequestFileError::Syntax { at: Position { line: 2, .. }, .. }), "{err}");
    }

    #[test]
    fn bare_toml_dates_are_accepted() {
        let f =
            parse_str("[eds]\nvalid_from = 2026-05-08\n[problem]\noccurred_at = 2026-11-24T14:35:00+05:00\n").unwrap();
        assert_eq!(f.draft.eds.valid_from, "2026-05-08");
        assert_eq!(f.draft.problem.occurred_at, "2026-11-24T14:35:00+05:00");
    }

    #[test]
    fn a_byte_order_mark_is_ignored_and_other_encodings_are_named() {
        let f = parse("r.toml".as_ref(), "\u{feff}summary = \"Қате\"\n".as_bytes()).unwrap();
        assert_eq!(f.draft.summary, "Қате");
        // "Ошибка" in Windows-1251.
        let err = parse("r.toml".as_ref(), b"summary = \"\xce\xf8\xe8\xe1\xea\xe0\"\n").unwrap_err();
        assert!(matches!(err, RequestFileError::NotUtf8 { .. }), "{err}");
    }

    #[test]
    fn attachment_lines_follow_each_entry() {
        let f = parse_str("[problem]\nattachments = [\n  \"a.png\",\n\n  \"b.log\",\n]\n").unwrap();
        assert_eq!(f.attachment_lines, [3, 5]);
    }
}
