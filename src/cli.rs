//! The command line: each subcommand is a thin wrapper around the library, so that everything
//! the app does can be scripted and tested without a screen.
//!
//! Exit codes: 0 done, 1 a negative answer (`check-id` of an invalid number) or a failure to
//! write, capture or send (for good), 2 bad input (usage, request file, validation, attachments,
//! a screen that does not exist, a mail server address), 75 a message left queued in the outbox
//! after a temporary failure.

use std::ffi::OsString;
use std::io::{IsTerminal as _, Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use clap::{Parser, Subcommand};
use serde::Serialize;

use zeroize::Zeroizing;

use crate::attachments::capture::{self, CaptureError, Which};
use crate::attachments::{self, AttachmentError, picture};
use crate::eds;
use crate::environment::{self, Environment};
use crate::i18n::{self, Lang};
use crate::mail::{self, BuildOptions};
use crate::request::file::{self, RequestFile};
use crate::request::id::{self, BinInfo, Decoded, Id, IdError, IinInfo, Kind};
use crate::request::{validate, validate::warnings};
use crate::store::atomic;

mod send;

/// Court Cabinet (office.sud.kz) support requests in the exact format the help desk accepts.
#[derive(Debug, Parser)]
#[command(name = "sk-support", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check an IIN or BIN (12 digits; spaces allowed) and say what it encodes.
    #[command(name = "check-id")]
    CheckId {
        /// The number; several arguments are joined, so `8710 0840 1427` works unquoted.
        #[arg(required = true, value_name = "NUMBER")]
        number: Vec<String>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// The support's deadlines for a request sent at a given time (Astana working-time calendar).
    Deadlines {
        /// When the request was sent (accepted by the mail server), RFC 3339: 2026-11-20T17:00:00+05:00.
        #[arg(long, value_name = "RFC3339", value_parser = parse_instant)]
        sent: DateTime<Utc>,
        /// When support asked for more information (starts the 72 working hours to reply).
        #[arg(long, value_name = "RFC3339", value_parser = parse_instant)]
        info_requested: Option<DateTime<Utc>>,
        /// When the user replied (support answers within 2 working days).
        #[arg(long, value_name = "RFC3339", value_parser = parse_instant, requires = "info_requested")]
        replied: Option<DateTime<Utc>>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Turn a request file (TOML) into an e-mail file (.eml) for office@sud.kz.
    Compose {
        /// The request file; attachment paths in it are relative to it.
        #[arg(long, value_name = "FILE.toml")]
        request: PathBuf,
        /// Where to write the message [default: the request file's name with .eml].
        #[arg(long, value_name = "FILE.eml")]
        out: Option<PathBuf>,
        /// Mark the message as unsent (X-Unsent: 1), so Outlook opens it as a draft to send.
        #[arg(long)]
        unsent: bool,
        /// Fill the environment fields left empty (browser, Java, OS, service pack) from a
        /// detection on this computer.
        #[arg(long)]
        detect: bool,
        /// Fill item 1 (EDS and validity) and, where empty, the IIN/BIN and full name from this
        /// keystore or certificate (password: SK_CERT_PASSWORD or standard input).
        #[arg(long, value_name = "FILE")]
        keystore: Option<PathBuf>,
    },
    /// Read an EDS keystore (.p12) or certificate (.cer/.crt/.pem/.der) and say what it holds.
    /// The keystore password comes from SK_CERT_PASSWORD or standard input, never an argument.
    Cert {
        /// The keystore or certificate file.
        file: PathBuf,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// List the EDS keystores found in the usual places (Desktop, Documents, Downloads, removable
    /// drives, an "ЭЦП" folder), NCA-named files first; or under the folders given.
    FindKeys {
        /// Folders to search instead of the usual places.
        folders: Vec<PathBuf>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Find the OS and service pack, browsers, Java and NCALayer of this computer.
    Detect {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Capture the screens as PNG files (one per screen: FILE-1.png, FILE-2.png … when there are
    /// several and no --monitor), or list them.
    #[command(group = clap::ArgGroup::new("what").required(true).args(["out", "list"]))]
    Capture {
        /// Where to write the picture; it must end in .png.
        #[arg(long, value_name = "FILE.png", value_parser = png_path)]
        out: Option<PathBuf>,
        /// Capture only this screen (1, 2 … as --list numbers them).
        #[arg(long, value_name = "N", value_parser = screen_number, conflicts_with = "list")]
        monitor: Option<usize>,
        /// Wait this many seconds first (0 to 600), e.g. to open a menu.
        #[arg(long, value_name = "SECS", default_value_t = 0,
              value_parser = clap::value_parser!(u64).range(0..=MAX_DELAY_SECS), conflicts_with = "list")]
        delay: u64,
        /// List the screens instead of capturing: number, name, size, position.
        #[arg(long)]
        list: bool,
        /// With --list: print JSON instead of text.
        #[arg(long, conflicts_with = "out")]
        json: bool,
    },
    /// Send a request file to office@sud.kz over SMTP. The message is put in the outbox first;
    /// exit 0 sent (the server's 250), 75 queued after a temporary failure, 1 failed for good.
    Send {
        /// The request file; attachment paths in it are relative to it.
        #[arg(long, value_name = "FILE.toml")]
        request: PathBuf,
        #[command(flatten)]
        smtp: send::SmtpArgs,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Check the mail settings: connect, log in and quit without sending (exit 0 works, 75 a
    /// temporary failure, 1 the settings or the login are wrong).
    #[command(name = "smtp-test")]
    SmtpTest {
        #[command(flatten)]
        smtp: send::SmtpArgs,
    },
    /// The messages waiting to be sent.
    Outbox {
        #[command(subcommand)]
        action: OutboxAction,
    },
    /// Print an empty request file to fill in.
    Template {
        /// Write to this file instead of standard output (an existing file is never overwritten).
        #[arg(long, value_name = "FILE.toml")]
        out: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
enum OutboxAction {
    /// List the queued and failed messages.
    List {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Try every queued or failed message once (exit 0 all sent, 75 some still queued, 1 some
    /// failed for good).
    Retry {
        #[command(flatten)]
        smtp: send::SmtpArgs,
        /// Print the results as JSON.
        #[arg(long)]
        json: bool,
    },
}

/// Windows: the binary is a GUI program (no console window for the app), so a subcommand started
/// from a console attaches to it to print there. Output already redirected (a pipe, a file) is
/// left alone. Elsewhere: nothing to do.
pub fn attach_console() {
    #[cfg(windows)]
    {
        use windows_sys::Win32::Foundation::INVALID_HANDLE_VALUE;
        use windows_sys::Win32::System::Console::{
            ATTACH_PARENT_PROCESS, AttachConsole, GetStdHandle, STD_OUTPUT_HANDLE,
        };
        #[allow(unsafe_code)] // a Win32 call without pointers; null or invalid means "no standard output"
        let handle = unsafe { GetStdHandle(STD_OUTPUT_HANDLE) };
        if handle.is_null() || handle == INVALID_HANDLE_VALUE {
            #[allow(unsafe_code)] // a Win32 call without pointers; failure (no parent console) is fine
            let attached = unsafe { AttachConsole(ATTACH_PARENT_PROCESS) } != 0;
            ATTACHED_CONSOLE.store(attached, std::sync::atomic::Ordering::Relaxed);
        }
    }
}

/// The program borrowed its parent's console (a GUI-subsystem program started from cmd): the
/// shell does not wait for it and reads the same keyboard, so nothing may be asked there.
static ATTACHED_CONSOLE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Runs the command line; returns the process exit code.
pub fn run<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let lang = Lang::from_env();
    match cli.command {
        None => {
            let mut help = <Cli as clap::CommandFactory>::command();
            let _ = help.print_help();
            ExitCode::SUCCESS
        }
        Some(Command::CheckId { number, json }) => check_id(&number.join(" "), json, lang),
        Some(Command::Compose { request, out, unsent, detect, keystore }) => {
            compose(&request, out.as_deref(), &ComposeOptions { unsent, detect, keystore }, lang)
        }
        Some(Command::Cert { file, json }) => cert(&file, json, lang),
        Some(Command::FindKeys { folders, json }) => find_keys(folders, json),
        Some(Command::Detect { json }) => detect(json, lang),
        Some(Command::Capture { list: true, json, .. }) => list_screens(json),
        Some(Command::Capture { out: Some(out), monitor, delay, .. }) => capture_screens(
            &out,
            monitor.map_or(Which::All, Which::Number),
            std::time::Duration::from_secs(delay),
            lang,
        ),
        // Not reached: the group "what" requires --out or --list.
        Some(Command::Capture { out: None, .. }) => ExitCode::from(2),
        Some(Command::Send { request, smtp, json }) => send::send(&request, &smtp, json, lang),
        Some(Command::SmtpTest { smtp }) => send::smtp_test(&smtp, lang),
        Some(Command::Outbox { action: OutboxAction::List { json } }) => send::list(json),
        Some(Command::Outbox { action: OutboxAction::Retry { smtp, json } }) => send::retry(&smtp, json, lang),
        Some(Command::Template { out }) => template(out.as_deref()),
        Some(Command::Deadlines { sent, info_requested, replied, json }) => {
            print_deadlines(sent, info_requested, replied, json)
        }
    }
}

/// An instant given as RFC 3339 (with its offset).
fn parse_instant(text: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(text.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("{e}; expected RFC 3339 such as 2026-11-20T17:00:00+05:00"))
}

/// The answer of `deadlines --json`: instants in Astana time (`+05:00`), `null` for events not given.
#[derive(Debug, Serialize)]
struct DeadlinesReport {
    sent: String,
    acknowledgement_by: String,
    first_answer_by: String,
    reply_by: Option<String>,
    answer_after_reply_by: Option<String>,
    /// Years without holiday data: counted with weekends only.
    calendar_unknown_years: Vec<i32>,
}

fn print_deadlines(
    sent: DateTime<Utc>,
    info_requested: Option<DateTime<Utc>>,
    replied: Option<DateTime<Utc>>,
    json: bool,
) -> ExitCode {
    use std::fmt::Write as _;

    use crate::tracking::deadlines::{astana_rfc3339, astana_text, deadlines};
    if info_requested.is_some_and(|t| t < sent) || replied.zip(info_requested).is_some_and(|(r, i)| r < i) {
        tell("error: the times must follow each other: --sent, then --info-requested, then --replied");
        return ExitCode::from(2);
    }
    let d = deadlines(crate::tracking::calendar::Calendar::builtin(), sent, info_requested, replied);
    if json {
        let report = DeadlinesReport {
            sent: astana_rfc3339(sent),
            acknowledgement_by: astana_rfc3339(d.acknowledgement_by),
            first_answer_by: astana_rfc3339(d.first_answer_by),
            reply_by: d.reply_by.map(astana_rfc3339),
            answer_after_reply_by: d.answer_after_reply_by.map(astana_rfc3339),
            calendar_unknown_years: d.unknown_years.iter().copied().collect(),
        };
        return match serde_json::to_string_pretty(&report) {
            Ok(text) if say(&text) => ExitCode::SUCCESS,
            Ok(_) => ExitCode::from(1),
            Err(e) => {
                tell(&format!("error: {e}"));
                ExitCode::from(1)
            }
        };
    }
    let none = "- (not given)".to_owned();
    let mut text = format!(
        "Astana time (DD/MM/YYYY HH:MM)\nsent:                       {}\nacknowledgement by:         {}\n\
         first answer by:            {}\nuser's reply by:            {}\nanswer after the reply by:  {}",
        astana_text(sent),
        astana_text(d.acknowledgement_by),
        astana_text(d.first_answer_by),
        d.reply_by.map_or_else(|| none.clone(), astana_text),
        d.answer_after_reply_by.map_or(none, astana_text),
    );
    for year in &d.unknown_years {
        let _ = write!(text, "\nnote: calendar unknown for year {year}, weekends only (holidays not counted)");
    }
    if say(&text) { ExitCode::SUCCESS } else { ExitCode::from(1) }
}

/// The answer of `check-id --json`.
#[derive(Debug, Serialize)]
struct CheckIdReport {
    input: String,
    valid: bool,
    kind: Kind,
    /// The 12 digits without spaces, when there are 12.
    #[serde(skip_serializing_if = "Option::is_none")]
    normalized: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    iin: Option<IinInfo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    bin: Option<BinInfo>,
}

fn check_id_report(input: &str) -> (CheckIdReport, Option<Decoded>, Option<IdError>) {
    let result = Id::parse(input);
    let digits: Option<[u8; id::ID_LEN]> = match &result {
        Ok(id) => Some(id.digits()),
        // Twelve digits with a wrong check digit still show what they look like.
        Err(IdError::CheckDigitMismatch { .. } | IdError::NeverIssued) => {
            let v: Vec<u8> = input.bytes().filter(u8::is_ascii_digit).map(|b| b - b'0').collect();
            v.try_into().ok()
        }
        Err(_) => None,
    };
    let decoded = digits.as_ref().map(id::decode_digits);
    let (iin, bin) = match &decoded {
        Some(Decoded::Iin(info)) => (Some(info.clone()), None),
        Some(Decoded::Bin(info)) => (None, Some(info.clone())),
        _ => (None, None),
    };
    let error = result.err();
    let report = CheckIdReport {
        input: input.to_owned(),
        valid: error.is_none(),
        kind: decoded.as_ref().map_or(Kind::Unknown, Decoded::kind),
        normalized: digits.map(|d| d.iter().map(|x| char::from(b'0' + x)).collect()),
        reason: error.as_ref().map(ToString::to_string),
        iin,
        bin,
    };
    (report, decoded, error)
}

fn check_id(input: &str, json: bool, lang: Lang) -> ExitCode {
    let (report, decoded, error) = check_id_report(input);
    let code = if report.valid { ExitCode::SUCCESS } else { ExitCode::from(1) };
    if json {
        match serde_json::to_string_pretty(&report) {
            Ok(text) if say(&text) => {}
            Ok(_) => return ExitCode::from(1),
            Err(e) => {
                tell(&format!("error: {e}"));
                return ExitCode::from(1);
            }
        }
        return code;
    }
    let shown = report.normalized.as_deref().unwrap_or(input.trim());
    let decoded = decoded.unwrap_or(Decoded::Unknown);
    let kind = i18n::id_kind(&decoded, lang);
    let details = match &error {
        None => i18n::decoded_details(&decoded, lang),
        Some(e) => i18n::id_error(e, lang),
    };
    if !say(&format!("{shown}: {} {kind} — {details}", i18n::validity_word(error.is_none(), lang))) {
        return ExitCode::from(1);
    }
    code
}

#[derive(Debug, Clone, Default)]
struct ComposeOptions {
    unsent: bool,
    detect: bool,
    keystore: Option<PathBuf>,
}

/// A request file read, filled, validated and built into a message.
struct Prepared {
    request: crate::request::Request,
    /// The attachments' paths (resolved) and names.
    files: Vec<(PathBuf, String)>,
    message: lettre::Message,
}

/// Reads a request file and builds its message; on bad input, says why and gives exit code 2.
fn prepare(request_path: &Path, options: &ComposeOptions, lang: Lang) -> Result<Prepared, ExitCode> {
    let mut file = file::load(request_path).map_err(|e| {
        tell(&i18n::request_file_error(&e, lang));
        ExitCode::from(2)
    })?;
    if let Some(keystore) = &options.keystore {
        let summaries = open_eds(keystore).map_err(|e| {
            tell(&i18n::eds_error(&e, lang));
            ExitCode::from(2)
        })?;
        if let Some(own) = summaries.first() {
            eds::fill_draft(&mut file.draft, own);
            for w in eds::warnings(own, Utc::now()) {
                tell(&i18n::eds_warning(&w, lang));
            }
        }
    }
    if options.detect {
        let env = environment::detect(&environment::Config::from_env());
        environment::render::fill_draft(&mut file.draft, &environment::render::request_lines(&env));
    }
    let request = validate(&file.draft, Utc::now()).map_err(|errors| {
        for e in errors {
            tell(&format!("{}: {}", e.field, i18n::field_problem(&e.problem, lang)));
        }
        ExitCode::from(2)
    })?;
    let files: Vec<(PathBuf, String)> =
        request.problem.attachments.iter().map(|a| (file.resolve(&a.path), a.name.clone())).collect();
    let loaded = attachments::load(&files, attachments::DEFAULT_LIMIT_BYTES).map_err(|e| {
        tell(&attachment_error_line(&file, &e, lang));
        ExitCode::from(2)
    })?;
    let build_options = BuildOptions { unsent: options.unsent, ..BuildOptions::default() };
    let message = mail::build(&request, &loaded, &build_options).map_err(|e| {
        tell(&format!("{}: {e}", request_path.display()));
        ExitCode::from(2)
    })?;
    Ok(Prepared { request, files, message })
}

fn compose(request_path: &Path, out: Option<&Path>, options: &ComposeOptions, lang: Lang) -> ExitCode {
    let Prepared { request, files, message, .. } = match prepare(request_path, options, lang) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let out = eml_path(request_path, out);
    if std::iter::once(request_path)
        .chain(files.iter().map(|(p, _)| p.as_path()))
        .any(|input| atomic::same_file(&out, input))
    {
        tell(&i18n::would_overwrite_input(&out, lang));
        return ExitCode::from(2);
    }
    if let Err(e) = atomic::write(&out, &message.formatted()) {
        tell(&i18n::write_error(&out, &e, lang));
        return ExitCode::from(1);
    }
    for w in warnings(&request) {
        tell(&i18n::warning(&w, lang));
    }
    if say(&out.display().to_string()) { ExitCode::SUCCESS } else { ExitCode::from(1) }
}

/// Prints a line on standard output; `false` when it cannot be written (a closed pipe, a full
/// disk): the caller then exits with 1 instead of panicking as `println!` would.
fn say(text: &str) -> bool {
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{text}").and_then(|()| stdout.flush()).is_ok()
}

/// Prints a line on standard error; a failure there has nowhere to be reported.
fn tell(text: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{text}");
}

/// Where `compose` writes: `--out`, inside it when it is a folder, else next to the request file.
fn eml_path(request_path: &Path, out: Option<&Path>) -> PathBuf {
    let default_name =
        || request_path.file_stem().map_or_else(|| "request".into(), PathBuf::from).with_extension("eml");
    match out {
        Some(dir) if dir.is_dir() => dir.join(default_name()),
        Some(out) => out.to_owned(),
        None => request_path.with_extension("eml"),
    }
}

/// `request.toml:31: problem.attachments[0]: …` — the file, the line, the field, the problem.
fn attachment_error_line(file: &RequestFile, e: &AttachmentError, lang: Lang) -> String {
    let text = i18n::attachment_error(e, lang);
    match e.index() {
        Some(i) => {
            let line = file.attachment_lines.get(i).copied().unwrap_or(1);
            format!("{}:{line}: problem.attachments[{i}]: {text}", file.path.display())
        }
        None => format!("{}: problem.attachments: {text}", file.path.display()),
    }
}

/// The keystore password: `SK_CERT_PASSWORD`, else asked on the terminal without echo, else one
/// line of standard input. Never an argument (it would show in the process list).
fn keystore_password(path: &Path) -> std::io::Result<Zeroizing<String>> {
    if let Ok(password) = std::env::var("SK_CERT_PASSWORD") {
        return Ok(Zeroizing::new(password));
    }
    let stdin = std::io::stdin();
    if ATTACHED_CONSOLE.load(std::sync::atomic::Ordering::Relaxed) {
        // Typed keys would go to the shell as much as to us, and could end up in its history.
        return Err(std::io::Error::new(
            std::io::ErrorKind::Unsupported,
            "from a console, give the password in SK_CERT_PASSWORD or through a pipe (echo … | sk-support cert FILE)",
        ));
    }
    if stdin.is_terminal() {
        return rpassword::prompt_password(format!("{}: ", path.display())).map(Zeroizing::new);
    }
    // Byte by byte from the descriptor itself: the buffered `Stdin` would keep the password in
    // its global buffer until the program ends.
    let mut raw = std::fs::File::from(unbuffered_stdin()?);
    let mut bytes = Zeroizing::new(Vec::new());
    let mut byte = Zeroizing::new([0u8; 1]);
    while raw.read(&mut byte[..])? == 1 && byte[0] != b'\n' {
        bytes.push(byte[0]);
    }
    if bytes.last() == Some(&b'\r') {
        bytes.pop();
    }
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, "the password is not UTF-8 text"))?;
    Ok(Zeroizing::new(text.to_owned()))
}

#[cfg(unix)]
fn unbuffered_stdin() -> std::io::Result<std::os::fd::OwnedFd> {
    use std::os::fd::AsFd as _;
    std::io::stdin().as_fd().try_clone_to_owned()
}

#[cfg(windows)]
fn unbuffered_stdin() -> std::io::Result<std::os::windows::io::OwnedHandle> {
    use std::os::windows::io::AsHandle as _;
    std::io::stdin().as_handle().try_clone_to_owned()
}

/// Opens an EDS file, asking for the password only when it is a keystore.
fn open_eds(path: &Path) -> Result<Vec<eds::CertificateSummary>, eds::EdsError> {
    let bytes = eds::read_file(path)?;
    let password = match eds::file_kind(&bytes) {
        eds::FileKind::Keystore => {
            Some(keystore_password(path).map_err(|source| eds::EdsError::Read { path: path.to_owned(), source })?)
        }
        eds::FileKind::Certificate => None,
    };
    eds::certificates(path, &bytes, password.as_deref().map(String::as_str))
}

/// `cert --json`: the certificate, its item-1 line and the warnings.
#[derive(Debug, Serialize)]
struct CertReport<'a> {
    #[serde(flatten)]
    certificate: &'a eds::CertificateSummary,
    days_left: i64,
    description: String,
    warnings: Vec<eds::EdsWarning>,
}

fn cert(path: &Path, json: bool, lang: Lang) -> ExitCode {
    let summaries = match open_eds(path) {
        Ok(summaries) => summaries,
        Err(e) => {
            tell(&i18n::eds_error(&e, lang));
            return ExitCode::from(2);
        }
    };
    let now = Utc::now();
    // The user's own certificate is the first; CA certificates that came along are not shown.
    let Some(own) = summaries.first() else { return ExitCode::from(2) };
    let warnings = eds::warnings(own, now);
    let text = if json {
        let report =
            CertReport { certificate: own, days_left: own.days_left(now), description: own.description(), warnings };
        match serde_json::to_string_pretty(&report) {
            Ok(text) => text,
            Err(e) => {
                tell(&format!("error: {e}"));
                return ExitCode::from(1);
            }
        }
    } else {
        i18n::certificate_summary(own, &warnings, now, lang)
    };
    if say(&text) { ExitCode::SUCCESS } else { ExitCode::from(1) }
}

/// How long and how deep `find-keys` looks.
const FIND_KEYS_DEADLINE: std::time::Duration = std::time::Duration::from_secs(3);
const FIND_KEYS_DEPTH: usize = 4;

fn find_keys(folders: Vec<PathBuf>, json: bool) -> ExitCode {
    let deadline = std::time::Instant::now() + FIND_KEYS_DEADLINE;
    let roots = if folders.is_empty() { eds::locate::default_roots() } else { folders };
    let found = eds::locate::find_keystores(&roots, FIND_KEYS_DEPTH, deadline);
    let rows: Vec<serde_json::Value> = found
        .iter()
        .map(|k| {
            serde_json::json!({
                "path": k.path,
                "kind": k.name.kind().map(eds::locate::KeyKind::kind_name),
                "key_id": k.name.key_id(),
                "size": k.size,
            })
        })
        .collect();
    let text = if json {
        serde_json::Value::Array(rows).to_string()
    } else {
        found
            .iter()
            .map(|k| match k.name.kind() {
                Some(kind) => format!("{}\t{}", kind.kind_name(), k.path.display()),
                None => format!("?\t{}", k.path.display()),
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    if text.is_empty() || say(&text) { ExitCode::SUCCESS } else { ExitCode::from(1) }
}

/// `detect --json`: everything found, plus the lines it gives the request.
#[derive(Debug, Serialize)]
struct DetectReport<'a> {
    #[serde(flatten)]
    environment: &'a Environment,
    request_lines: environment::render::RequestLines,
}

fn detect(json: bool, lang: Lang) -> ExitCode {
    let env = environment::detect(&environment::Config::from_env());
    let lines = environment::render::request_lines(&env);
    let text = if json {
        match serde_json::to_string_pretty(&DetectReport { environment: &env, request_lines: lines }) {
            Ok(text) => text,
            Err(e) => {
                tell(&format!("error: {e}"));
                return ExitCode::from(1);
            }
        }
    } else {
        i18n::detect_summary(&env, &lines, lang)
    };
    if say(&text) { ExitCode::SUCCESS } else { ExitCode::from(1) }
}

/// The longest `capture --delay`: ten minutes.
const MAX_DELAY_SECS: u64 = 600;

/// `capture --out`: the picture is a PNG, so its name says so.
fn png_path(value: &str) -> Result<PathBuf, String> {
    let path = PathBuf::from(value);
    if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("png")) {
        Ok(path)
    } else {
        Err("the screenshot is written as PNG: the file name must end in .png".to_owned())
    }
}

/// `capture --monitor`: screens are numbered from 1, as `--list` shows them.
fn screen_number(value: &str) -> Result<usize, String> {
    match value.parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err("screens are numbered 1, 2 … (see capture --list)".to_owned()),
    }
}

/// The files of a capture: `out` for one picture, else `stem-1.png`, `stem-2.png` … by screen
/// number, beside it.
fn capture_paths(out: &Path, numbers: &[usize]) -> Vec<PathBuf> {
    if let [_] = numbers {
        return vec![out.to_owned()];
    }
    let stem = out.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let ext = out.extension().map(|e| e.to_string_lossy().into_owned()).unwrap_or_default();
    numbers.iter().map(|n| out.with_file_name(format!("{stem}-{n}.{ext}"))).collect()
}

/// Exit code of a capture that did not happen: a screen that does not exist is bad input (2),
/// anything else a failure (1).
fn capture_failed(e: &CaptureError) -> ExitCode {
    if let CaptureError::NoSuchScreen { .. } = e {
        tell(&format!("--monitor: {e}"));
        ExitCode::from(2)
    } else {
        tell(&e.to_string());
        ExitCode::from(1)
    }
}

fn list_screens(json: bool) -> ExitCode {
    let screens = match capture::screens() {
        Ok(screens) => screens,
        Err(e) => return capture_failed(&e),
    };
    let text = if json {
        match serde_json::to_string_pretty(&screens) {
            Ok(text) => text,
            Err(e) => {
                tell(&format!("error: {e}"));
                return ExitCode::from(1);
            }
        }
    } else {
        screens.iter().map(capture::describe).collect::<Vec<_>>().join("\n")
    };
    if text.is_empty() || say(&text) { ExitCode::SUCCESS } else { ExitCode::from(1) }
}

/// `capture --out`: waits `delay`, captures, encodes every picture, then writes them; prints each
/// path written. No partial set is left: when one file cannot be written, the new ones already
/// written are removed again (a file this run replaced stays replaced; its old content is gone).
fn capture_screens(out: &Path, which: Which, delay: std::time::Duration, lang: Lang) -> ExitCode {
    // A missing folder or a folder named like the file fails now, not after the delay.
    let dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        let e = std::io::Error::new(std::io::ErrorKind::NotFound, "the folder does not exist");
        tell(&i18n::write_error(out, &e, lang));
        return ExitCode::from(1);
    }
    if !delay.is_zero() {
        tell(&format!("capturing in {} s", delay.as_secs()));
        std::thread::sleep(delay);
    }
    let shots = match capture::capture(which) {
        Ok(shots) => shots,
        Err(e) => return capture_failed(&e),
    };
    let numbers: Vec<usize> = shots.iter().map(|(screen, _)| screen.number).collect();
    let paths = capture_paths(out, &numbers);
    let mut files = Vec::with_capacity(shots.len());
    for ((screen, image), path) in shots.iter().zip(paths) {
        match picture::encode_png(image) {
            Ok(png) => files.push((path, png)),
            Err(e) => {
                tell(&format!("{}: {e}", capture::describe(screen)));
                return ExitCode::from(1);
            }
        }
    }
    // Refuse before anything is written what atomic::write would refuse later (a folder, a link).
    for (path, _) in &files {
        if std::fs::symlink_metadata(path).is_ok_and(|m| !m.is_file()) {
            let e = std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a regular file; choose another name");
            tell(&i18n::write_error(path, &e, lang));
            return ExitCode::from(1);
        }
    }
    let mut written_new = Vec::new();
    for (path, png) in &files {
        let existed = std::fs::symlink_metadata(path).is_ok();
        if let Err(e) = atomic::write(path, png) {
            tell(&i18n::write_error(path, &e, lang));
            for done in &written_new {
                let _ = std::fs::remove_file(done);
            }
            return ExitCode::from(1);
        }
        if !existed {
            written_new.push(path.clone());
        }
    }
    let listing = files.iter().map(|(path, _)| path.display().to_string()).collect::<Vec<_>>().join("\n");
    if say(&listing) { ExitCode::SUCCESS } else { ExitCode::from(1) }
}

/// An empty request file with a comment for every field.
pub const TEMPLATE: &str = include_str!("../assets/request-template.toml");

fn template(out: Option<&Path>) -> ExitCode {
    let Some(out) = out else {
        return if say(TEMPLATE.trim_end()) { ExitCode::SUCCESS } else { ExitCode::from(1) };
    };
    // `create_new`: a request someone has filled in is never overwritten by an empty one.
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(out)
        .and_then(|mut f| f.write_all(TEMPLATE.as_bytes()));
    match written {
        Ok(()) => {
            if say(&out.display().to_string()) {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(e) => {
            tell(&format!("{}: {e}", out.display()));
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_is_a_valid_request_file_with_nothing_filled_in() {
        let file = file::parse(Path::new("t.toml"), TEMPLATE.as_bytes()).unwrap();
        let errors = validate(&file.draft, Utc::now()).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["summary", "from", "sender.full_name", "sender.iin"]);
    }

    fn parse(args: &[&str]) -> Result<Option<Command>, clap::Error> {
        Cli::try_parse_from(std::iter::once("sk-support").chain(args.iter().copied())).map(|cli| cli.command)
    }

    fn parse_error(args: &[&str]) -> String {
        let e = parse(args).unwrap_err();
        assert!(e.use_stderr(), "{args:?}: a usage error (exit 2)");
        e.to_string()
    }

    #[test]
    fn capture_takes_a_png_file_a_screen_and_a_delay() {
        let Some(Command::Capture { out, monitor, delay, list, json }) =
            parse(&["capture", "--out", "a/shot.png"]).unwrap()
        else {
            panic!("not capture");
        };
        assert_eq!(
            (out.as_deref(), monitor, delay, list, json),
            (Some(Path::new("a/shot.png")), None, 0, false, false)
        );
        let Some(Command::Capture { out, monitor, delay, .. }) =
            parse(&["capture", "--monitor", "2", "--delay", "600", "--out", "Экран.PNG"]).unwrap()
        else {
            panic!("not capture");
        };
        assert_eq!((out.as_deref(), monitor, delay), (Some(Path::new("Экран.PNG")), Some(2), 600));
        let Some(Command::Capture { list, json, out, .. }) = parse(&["capture", "--list", "--json"]).unwrap() else {
            panic!("not capture");
        };
        assert!(list && json && out.is_none());
    }

    #[test]
    fn capture_refuses_what_it_cannot_do() {
        for (args, needle) in [
            (&["capture"][..], "required"),
            (&["capture", "--out", "shot.jpg"], "must end in .png"),
            (&["capture", "--out", "shot"], "must end in .png"),
            (&["capture", "--out", "png"], "must end in .png"),
            (&["capture", "--monitor", "0", "--out", "a.png"], "screens are numbered 1, 2"),
            (&["capture", "--monitor", "-1", "--out", "a.png"], "-1"),
            (&["capture", "--delay", "601", "--out", "a.png"], "601"),
            (&["capture", "--delay", "1.5", "--out", "a.png"], "1.5"),
            (&["capture", "--json", "--out", "a.png"], "cannot be used with"),
            (&["capture", "--json"], "required"),
            (&["capture", "--list", "--out", "a.png"], "cannot be used with"),
            (&["capture", "--list", "--monitor", "1"], "cannot be used with"),
            (&["capture", "--list", "--delay", "3"], "cannot be used with"),
        ] {
            let text = parse_error(args);
            assert!(text.contains(needle), "{args:?}: {text}");
        }
    }

    #[test]
    fn several_screens_are_numbered_files_beside_the_one_named() {
        let out = Path::new("dir/shot.png");
        assert_eq!(capture_paths(out, &[1]), [PathBuf::from("dir/shot.png")]);
        assert_eq!(capture_paths(out, &[2]), [PathBuf::from("dir/shot.png")], "--monitor 2: the name given");
        assert_eq!(
            capture_paths(out, &[1, 2, 3]),
            ["dir/shot-1.png", "dir/shot-2.png", "dir/shot-3.png"].map(PathBuf::from)
        );
        assert_eq!(capture_paths(Path::new("Экран.PNG"), &[1, 2]), ["Экран-1.PNG", "Экран-2.PNG"].map(PathBuf::from));
        assert_eq!(capture_paths(Path::new("a.b.png"), &[1, 2]), ["a.b-1.png", "a.b-2.png"].map(PathBuf::from));
    }

    #[test]
    fn reports_of_valid_and_invalid_numbers() {
        let (r, _, _) = check_id_report("8710 0840 1427");
        assert!(r.valid);
        assert_eq!(r.kind, Kind::Iin);
        assert_eq!(r.normalized.as_deref(), Some("871008401427"));
        let (r, _, _) = check_id_report("940140000386");
        assert!(!r.valid);
        assert_eq!(r.kind, Kind::Bin, "a typo in the check digit still looks like a BIN");
        assert_eq!(r.reason.as_deref(), Some("check digit mismatch"));
        let (r, _, _) = check_id_report("12345");
        assert_eq!((r.valid, r.kind, r.normalized), (false, Kind::Unknown, None));
    }
}
