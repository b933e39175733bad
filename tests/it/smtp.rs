//! `sk-support send`, `outbox list|retry` and `smtp-test` against a real SMTP server on
//! 127.0.0.1 (`smtp_server.py`, aiosmtpd): STARTTLS and implicit TLS with a test CA made here,
//! AUTH PLAIN and LOGIN, and a server that answers 451 or 554 to DATA, closes the connection in
//! the middle of DATA, or never says anything. Every test has its own server and data folder.
//! What the server received is compared byte for byte with the outbox's copy and parsed by
//! Python's `email` package.

use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::{
    attachment_bytes, example, example_copy, example_dir, header, listing, parse_eml, run_bounded, sk_support, stderr,
    stdout, testing_windows_build,
};

/// The login (an address, so the URL carries it percent-encoded) and its password (not ASCII:
/// AUTH sends UTF-8).
pub(crate) const LOGIN: &str = "test.user@example.kz";
pub(crate) const LOGIN_IN_URL: &str = "test.user%40example.kz";
pub(crate) const PASSWORD: &str = "Құпия-сөз 1";

/// Enough for any one run of the binary here (Wine's start included); a hang fails the test.
const RUN_LIMIT: Duration = Duration::from_mins(1);

/// A CA of its own and a server certificate it issued for 127.0.0.1 and localhost, as PEM files.
struct Certs {
    _dir: tempfile::TempDir,
    ca: PathBuf,
    cert: PathBuf,
    key: PathBuf,
}

impl Certs {
    fn new() -> Self {
        use rcgen::{
            BasicConstraints, CertificateParams, CertifiedIssuer, DnType, ExtendedKeyUsagePurpose, IsCa, KeyPair,
            KeyUsagePurpose,
        };
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
        ca_params.distinguished_name.push(DnType::CommonName, "sk-support test CA");
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().unwrap()).unwrap();

        let key = KeyPair::generate().unwrap();
        let mut params = CertificateParams::new(vec!["127.0.0.1".to_owned(), "localhost".to_owned()]).unwrap();
        params.distinguished_name.push(DnType::CommonName, "localhost");
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        let cert = params.signed_by(&key, &ca).unwrap();

        let dir = tempfile::tempdir().unwrap();
        let certs = Self {
            ca: dir.path().join("test-ca.pem"),
            cert: dir.path().join("server.pem"),
            key: dir.path().join("server.key"),
            _dir: dir,
        };
        std::fs::write(&certs.ca, ca.as_ref().pem()).unwrap();
        std::fs::write(&certs.cert, cert.pem()).unwrap();
        std::fs::write(&certs.key, key.serialize_pem()).unwrap();
        certs
    }
}

/// How the test server protects its connections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// STARTTLS required, then AUTH required (port 587's way).
    StartTls,
    /// TLS from the first byte, AUTH required (port 465's way).
    Implicit,
    /// Plain, no STARTTLS offered, no AUTH (a local relay).
    Plain,
}

/// `smtp_server.py` running for one test; stopped when dropped (its standard input closes).
pub(crate) struct SmtpServer {
    child: Child,
    stdin: Option<ChildStdin>,
    pub(crate) port: u16,
    dir: tempfile::TempDir,
    mode: Mode,
    certs: Certs,
}

impl SmtpServer {
    /// Starts the server with `extra` arguments (`--reply-data 451`, `--silent` …) and waits
    /// until it prints its port, that is until it accepts connections.
    pub(crate) fn start(mode: Mode, extra: &[&str]) -> Self {
        let certs = Certs::new();
        let dir = tempfile::tempdir().unwrap();
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/smtp_server.py");
        let mode_arg = match mode {
            Mode::StartTls => "starttls",
            Mode::Implicit => "implicit",
            Mode::Plain => "none",
        };
        let err_path = dir.path().join("server.err");
        let mut child = Command::new("python3")
            .arg(script)
            .arg("--dir")
            .arg(dir.path())
            .args(["--tls", mode_arg, "--cert"])
            .arg(&certs.cert)
            .arg("--key")
            .arg(&certs.key)
            .args(["--user", LOGIN, "--password", PASSWORD])
            .args(extra)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&err_path).unwrap())
            .spawn()
            .unwrap_or_else(|e| panic!("python3: {e} (scripts/test.sh installs it)"));
        let stdin = child.stdin.take();
        let out = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(out).read_line(&mut line);
            let _ = tx.send(line);
        });
        // Owned from here: a failed start below still stops the server.
        let mut server = Self { child, stdin, port: 0, dir, mode, certs };
        let line = rx.recv_timeout(Duration::from_secs(30)).unwrap_or_default();
        server.port = line.trim().parse().unwrap_or_else(|_| {
            panic!(
                "the test SMTP server printed no port ({line:?}); it needs aiosmtpd (scripts/test.sh installs it):\n{}",
                std::fs::read_to_string(&err_path).unwrap_or_default()
            )
        });
        server
    }

    /// The address `send --smtp-url` takes for this server, with the login.
    fn url(&self) -> String {
        match self.mode {
            Mode::StartTls => format!("smtp://{LOGIN_IN_URL}@127.0.0.1:{}?tls=required", self.port),
            Mode::Implicit => format!("smtps://{LOGIN_IN_URL}@127.0.0.1:{}", self.port),
            Mode::Plain => format!("smtp://127.0.0.1:{}?tls=none", self.port),
        }
    }

    /// The test CA's file, for `--smtp-ca`.
    pub(crate) fn ca(&self) -> String {
        self.certs.ca.to_str().unwrap().to_owned()
    }

    /// The messages the server accepted, in order, as received.
    pub(crate) fn received(&self) -> Vec<Vec<u8>> {
        let dir = self.dir.path().join("received");
        listing(&dir)
            .into_iter()
            .filter(|n| !n.starts_with('.')) // .NNNN.eml.tmp: still being written
            .map(|n| std::fs::read(dir.join(n)).unwrap())
            .collect()
    }

    /// The path of the `n`-th accepted message (from 1).
    pub(crate) fn received_path(&self, n: usize) -> PathBuf {
        self.dir.path().join("received").join(format!("{n:04}.eml"))
    }

    /// What happened on the server, one event a line (`AUTH PLAIN ok`, `DATA answered 451 …`).
    fn events(&self) -> Vec<String> {
        let text = std::fs::read_to_string(self.dir.path().join("events.log")).unwrap_or_default();
        text.lines().map(str::to_owned).collect()
    }

    fn saw(&self, start: &str) -> bool {
        self.events().iter().any(|e| e.starts_with(start))
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        drop(self.stdin.take()); // its end of file stops the server
        let end = Instant::now() + Duration::from_secs(5);
        while Instant::now() < end {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        eprintln!("the test SMTP server did not stop when its input closed; killing it");
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A path as the binary under test takes it: under Wine a Unix path becomes `Z:\…`.
fn app_path(path: &Path) -> String {
    let text = path.to_str().expect("temporary paths are UTF-8");
    if testing_windows_build() && cfg!(unix) { format!("Z:{}", text.replace('/', "\\")) } else { text.to_owned() }
}

/// The example request (with its screenshot) and a data folder of its own.
struct App {
    data: tempfile::TempDir,
    _request_dir: tempfile::TempDir,
    request: PathBuf,
}

impl App {
    fn new() -> Self {
        let (request_dir, request) = example_copy("request.toml");
        Self { data: tempfile::tempdir().unwrap(), _request_dir: request_dir, request }
    }

    /// Runs the binary with this data folder and `password` in SK_SMTP_PASSWORD (none: unset).
    fn run(&self, args: &[&str], password: Option<&str>) -> (Output, Duration) {
        let mut cmd = sk_support();
        cmd.args(args).env("SK_SUPPORT_DATA_DIR", app_path(self.data.path()));
        match password {
            Some(p) => cmd.env("SK_SMTP_PASSWORD", p),
            None => cmd.env_remove("SK_SMTP_PASSWORD"),
        };
        let started = Instant::now();
        let out = run_bounded(&mut cmd, RUN_LIMIT).unwrap();
        (out, started.elapsed())
    }

    /// `send --json` of the example request; returns the output and the printed outcome.
    fn send(&self, url: &str, extra: &[&str], password: Option<&str>) -> (Output, Value) {
        let request = self.request.to_str().unwrap();
        let mut args = vec!["send", "--request", request, "--smtp-url", url, "--json"];
        args.extend_from_slice(extra);
        let (out, _) = self.run(&args, password);
        let outcome = json_of(&out);
        (out, outcome)
    }

    /// `outbox retry --json`; returns the output and the printed outcomes.
    fn retry(&self, url: &str, extra: &[&str], password: Option<&str>) -> (Output, Value) {
        let mut args = vec!["outbox", "retry", "--smtp-url", url, "--json"];
        args.extend_from_slice(extra);
        let (out, _) = self.run(&args, password);
        let outcomes = json_of(&out);
        (out, outcomes)
    }

    fn folder(&self, name: &str) -> PathBuf {
        self.data.path().join(name)
    }

    /// The message folders in `outbox` or `sent` (no lock or temporary files either).
    fn ids(&self, name: &str) -> Vec<String> {
        let dir = self.folder(name);
        if dir.exists() { listing(&dir) } else { Vec::new() }
    }

    fn state(&self, folder: &str, id: &str) -> toml::Table {
        let text = std::fs::read_to_string(self.folder(folder).join(id).join("state.toml")).unwrap();
        toml::from_str(&text).unwrap()
    }
}

fn json_of(out: &Output) -> Value {
    serde_json::from_str(&stdout(out))
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {:?}\nstderr: {}", stdout(out), stderr(out)))
}

fn code(out: &Output) -> Option<i32> {
    out.status.code()
}

/// Says what a failed expectation needs: the binary's output and the server's events.
fn context(out: &Output, server: &SmtpServer) -> String {
    format!("stdout: {}\nstderr: {}\nserver events: {:#?}", stdout(out), stderr(out), server.events())
}

fn str_of<'a>(table: &'a toml::Table, key: &str) -> Option<&'a str> {
    table.get(key).and_then(toml::Value::as_str)
}

/// The one message is in `sent/`, nothing is left in the outbox, and the server received exactly
/// that message: the outbox's bytes, which Python's parser reads as the example request with its
/// screenshot byte for byte and `message_id`, the one the binary printed.
fn assert_delivered_once(app: &App, server: &SmtpServer, message_id: &str) {
    assert_eq!(app.ids("outbox"), Vec::<String>::new(), "the outbox is empty (no lock or temporary files)");
    let sent = app.ids("sent");
    assert_eq!(sent.len(), 1, "{sent:?}");
    let state = app.state("sent", &sent[0]);
    assert_eq!(str_of(&state, "state"), Some("sent"));
    assert_eq!(str_of(&state, "message_id"), Some(message_id));
    let reply = str_of(&state, "server_reply").unwrap_or_default();
    assert!(reply.starts_with("250 ") && reply.contains("saved as 0001.eml"), "{reply}");

    let received = server.received();
    assert_eq!(received.len(), 1, "exactly one message arrived; events: {:#?}", server.events());
    let eml = std::fs::read(app.folder("sent").join(&sent[0]).join("message.eml")).unwrap();
    // DATA ends with CRLF . CRLF after the message, so the server's copy ends in one more CRLF.
    assert_eq!(received[0].strip_suffix(b"\r\n"), Some(eml.as_slice()), "the outbox's bytes arrived unchanged");

    let parsed = parse_eml(&server.received_path(1));
    assert_eq!(parsed["defects"], Value::Array(vec![]), "parser defects");
    assert_eq!(parsed["subject"], example("expected-subject-kk.txt").trim_end_matches(['\r', '\n']));
    assert_eq!(header(&parsed, "To"), Some("office@sud.kz"));
    let from = header(&parsed, "From").unwrap();
    assert!(from.ends_with("<test.user@example.kz>"), "{from}");
    assert_eq!(header(&parsed, "Message-ID"), Some(message_id));
    let attachments = parsed["attachments"].as_array().unwrap();
    assert_eq!(attachments.len(), 1);
    assert_eq!(attachments[0]["filename"], "screen-1.png");
    assert_eq!(attachment_bytes(&attachments[0]), std::fs::read(example_dir().join("screen-1.png")).unwrap());
    assert!(
        server.saw("accepted 0001.eml from test.user@example.kz to office@sud.kz"),
        "the envelope: {:#?}",
        server.events()
    );
}

/// The message is in the outbox in `state` after `failure`, and the server has no message.
fn assert_kept(app: &App, server: &SmtpServer, outcome: &Value, state: &str, failure: &str) -> String {
    assert_eq!(outcome["status"], state, "{outcome}");
    assert_eq!(outcome["failure"], failure, "{outcome}");
    let id = outcome["id"].as_str().unwrap();
    assert_eq!(app.ids("outbox"), [id], "kept in the outbox");
    assert_eq!(app.ids("sent"), Vec::<String>::new());
    let saved = app.state("outbox", id);
    assert_eq!(str_of(&saved, "state"), Some(state));
    assert_eq!(str_of(&saved, "failure"), Some(failure));
    assert_eq!(str_of(&saved, "message_id"), outcome["message_id"].as_str());
    assert_eq!(server.received().len(), 0, "nothing arrived; events: {:#?}", server.events());
    outcome["message_id"].as_str().unwrap().to_owned()
}

/// One delivery over `mode` with AUTH `mechanism`, trusting the test CA with `--smtp-ca`.
fn delivers_intact(mode: Mode, mechanism: &str) {
    let server = SmtpServer::start(mode, &["--only-auth", mechanism]);
    let app = App::new();
    let (out, outcome) = app.send(&server.url(), &["--smtp-ca", &server.ca()], Some(PASSWORD));
    assert_eq!(code(&out), Some(0), "{}", context(&out, &server));
    assert_eq!(outcome["status"], "sent");
    assert_eq!(outcome["attempts"], 1);
    let message_id = outcome["message_id"].as_str().unwrap();
    assert!(message_id.starts_with('<') && message_id.ends_with("@example.kz>"), "{message_id}");
    assert_eq!(app.ids("sent"), [outcome["id"].as_str().unwrap()]);
    assert_delivered_once(&app, &server, message_id);
    let events = server.events();
    assert!(events.iter().any(|e| e == &format!("AUTH {mechanism} ok")), "{events:#?}");
    if mode == Mode::StartTls {
        // The login came after STARTTLS: the server saw EHLO in plain, then again in TLS.
        let plain = events.iter().position(|e| e.starts_with("EHLO") && e.ends_with("(plain)"));
        let tls = events.iter().position(|e| e.starts_with("EHLO") && e.ends_with("(tls)"));
        let auth = events.iter().position(|e| e.starts_with("AUTH"));
        assert!(plain < tls && tls < auth && plain.is_some(), "{events:#?}");
    }
}

#[test]
fn starttls_with_auth_plain_delivers_the_message_intact() {
    delivers_intact(Mode::StartTls, "PLAIN");
}

#[test]
fn implicit_tls_with_auth_login_delivers_the_message_intact() {
    delivers_intact(Mode::Implicit, "LOGIN");
}

#[test]
fn a_server_certificate_from_an_untrusted_ca_fails_before_the_login() {
    for mode in [Mode::StartTls, Mode::Implicit] {
        let server = SmtpServer::start(mode, &[]);
        let app = App::new();
        let (out, outcome) = app.send(&server.url(), &[], Some(PASSWORD));
        assert_eq!(code(&out), Some(1), "{mode:?}: {}", context(&out, &server));
        assert_kept(&app, &server, &outcome, "failed", "certificate");
        assert!(!server.saw("AUTH"), "{mode:?}: the password went to an untrusted server: {:#?}", server.events());
    }
}

#[test]
fn a_wrong_password_fails_and_a_retry_with_the_right_one_sends_once() {
    let server = SmtpServer::start(Mode::StartTls, &[]);
    let app = App::new();
    let ca = server.ca();
    let (out, outcome) = app.send(&server.url(), &["--smtp-ca", &ca], Some("wrong password"));
    assert_eq!(code(&out), Some(1), "{}", context(&out, &server));
    let message_id = assert_kept(&app, &server, &outcome, "failed", "auth");
    assert!(server.saw("AUTH PLAIN refused"), "{:#?}", server.events());
    assert!(!server.saw("DATA") && !server.saw("accepted"), "{:#?}", server.events());

    let (out, outcomes) = app.retry(&server.url(), &["--smtp-ca", &ca], Some(PASSWORD));
    assert_eq!(code(&out), Some(0), "{}", context(&out, &server));
    assert_eq!(outcomes.as_array().unwrap().len(), 1, "{outcomes}");
    assert_eq!(outcomes[0]["status"], "sent");
    assert_eq!(outcomes[0]["attempts"], 2);
    assert_delivered_once(&app, &server, &message_id);
}

#[test]
fn a_451_to_data_queues_and_the_retry_sends_the_same_message_once() {
    let server = SmtpServer::start(Mode::StartTls, &["--reply-data", "451", "--fail-first", "1"]);
    let app = App::new();
    let ca = server.ca();
    let (out, outcome) = app.send(&server.url(), &["--smtp-ca", &ca], Some(PASSWORD));
    assert_eq!(code(&out), Some(75), "{}", context(&out, &server));
    let message_id = assert_kept(&app, &server, &outcome, "queued", "try_later");
    let error = outcome["error"].as_str().unwrap();
    assert!(error.contains("451") && error.contains("busy, try again later"), "{error}");
    assert!(outcome["next_attempt"].is_string(), "a queued message has its next attempt: {outcome}");
    assert!(server.saw("DATA answered 451"), "{:#?}", server.events());

    let (out, _) = app.run(&["outbox", "list", "--json"], None);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    let listed = json_of(&out);
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed}");
    assert_eq!(listed[0]["status"], "queued");
    assert_eq!(listed[0]["message_id"], message_id.as_str());

    let (out, outcomes) = app.retry(&server.url(), &["--smtp-ca", &ca], Some(PASSWORD));
    assert_eq!(code(&out), Some(0), "{}", context(&out, &server));
    assert_eq!(outcomes[0]["status"], "sent", "{outcomes}");
    assert_eq!(outcomes[0]["message_id"], message_id.as_str(), "the same message, not a new one");
    assert_delivered_once(&app, &server, &message_id);
}

#[test]
fn a_554_fails_for_good_the_list_shows_the_servers_words_and_a_retry_sends_once() {
    let server = SmtpServer::start(Mode::StartTls, &["--reply-data", "554"]);
    let app = App::new();
    let ca = server.ca();
    // Without --json: what a person sees.
    let request = app.request.to_str().unwrap();
    let (out, _) =
        app.run(&["send", "--request", request, "--smtp-url", &server.url(), "--smtp-ca", &ca], Some(PASSWORD));
    assert_eq!(code(&out), Some(1), "{}", context(&out, &server));
    let err = stderr(&out);
    assert!(err.contains("failed; kept in the outbox"), "{err}");
    assert!(err.contains("The mail server refused the message."), "{err}");
    assert!(err.contains("554") && err.contains("Test server: this message is refused"), "{err}");
    assert_eq!(stdout(&out), "", "nothing was sent");
    let ids = app.ids("outbox");
    assert_eq!(ids.len(), 1, "{ids:?}");
    let state = app.state("outbox", &ids[0]);
    assert_eq!(str_of(&state, "state"), Some("failed"));
    assert_eq!(str_of(&state, "failure"), Some("rejected"));
    assert!(server.received().is_empty());
    assert!(server.saw("DATA answered 554"), "{:#?}", server.events());
    let message_id = str_of(&state, "message_id").unwrap().to_owned();

    let (out, _) = app.run(&["outbox", "list"], None);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    let list = stdout(&out);
    let first = list.lines().next().unwrap_or_default();
    assert!(first.starts_with(&ids[0]) && first.contains("failed") && first.contains("attempts 1"), "{list}");
    assert!(first.contains(&message_id), "{list}");
    assert!(list.contains("last error: ") && list.contains("Test server: this message is refused"), "{list}");
    assert!(!list.contains("next attempt"), "a failed message waits for the user: {list}");

    let (out, outcomes) = app.retry(&server.url(), &["--smtp-ca", &ca], Some(PASSWORD));
    assert_eq!(code(&out), Some(0), "{}", context(&out, &server));
    assert_eq!(outcomes[0]["status"], "sent", "{outcomes}");
    assert_delivered_once(&app, &server, &message_id);
}

#[test]
fn a_connection_closed_in_the_middle_of_data_queues_and_the_retry_sends_once() {
    let server = SmtpServer::start(Mode::StartTls, &["--close-mid-data"]);
    let app = App::new();
    let ca = server.ca();
    let (out, outcome) = app.send(&server.url(), &["--smtp-ca", &ca], Some(PASSWORD));
    assert_eq!(code(&out), Some(75), "{}", context(&out, &server));
    let message_id = assert_kept(&app, &server, &outcome, "queued", "network");
    assert!(server.saw("DATA closed mid-way"), "{:#?}", server.events());

    let (out, outcomes) = app.retry(&server.url(), &["--smtp-ca", &ca], Some(PASSWORD));
    assert_eq!(code(&out), Some(0), "{}", context(&out, &server));
    assert_eq!(outcomes[0]["status"], "sent", "{outcomes}");
    assert_delivered_once(&app, &server, &message_id);
}

#[test]
fn a_server_that_never_answers_times_out_and_the_message_stays_queued() {
    let server = SmtpServer::start(Mode::StartTls, &["--silent"]);
    let app = App::new();
    let request = app.request.to_str().unwrap();
    let url = server.url();
    let args = ["send", "--request", request, "--smtp-url", &url, "--timeout", "2", "--json"];
    let (out, took) = app.run(&args, Some(PASSWORD));
    assert_eq!(code(&out), Some(75), "{}", context(&out, &server));
    assert_kept(&app, &server, &json_of(&out), "queued", "timeout");
    assert!(server.saw("connection from 127.0.0.1"), "it did connect: {:#?}", server.events());
    assert!(took >= Duration::from_secs(2), "it waited for the time-out: {took:?}");
    assert!(took < Duration::from_secs(20), "--timeout 2 took {took:?}");

    let (out, took) = app.run(&["smtp-test", "--smtp-url", &url, "--timeout", "2"], Some(PASSWORD));
    assert_eq!(code(&out), Some(75), "{}", context(&out, &server));
    assert!(stderr(&out).contains("did not answer in time"), "{}", stderr(&out));
    assert!(took < Duration::from_secs(20), "smtp-test --timeout 2 took {took:?}");
}

#[test]
fn smtp_test_logs_in_and_out_without_sending_and_names_a_refused_login() {
    let server = SmtpServer::start(Mode::StartTls, &[]);
    let app = App::new();
    let ca = server.ca();
    let url = server.url();
    let (out, _) = app.run(&["smtp-test", "--smtp-url", &url, "--smtp-ca", &ca], Some(PASSWORD));
    assert_eq!(code(&out), Some(0), "{}", context(&out, &server));
    let expected = format!("smtp://{LOGIN_IN_URL}@127.0.0.1:{}?tls=required: connected and logged in", server.port);
    assert_eq!(stdout(&out).trim_end(), expected);
    assert!(server.saw("AUTH PLAIN ok") && server.saw("QUIT"), "{:#?}", server.events());
    assert!(!server.saw("accepted") && !server.saw("DATA"), "{:#?}", server.events());
    assert!(server.received().is_empty());
    assert!(!app.folder("outbox").exists() && !app.folder("sent").exists(), "no message was made");

    let (out, _) = app.run(&["smtp-test", "--smtp-url", &url, "--smtp-ca", &ca], Some("wrong password"));
    assert_eq!(code(&out), Some(1), "{}", context(&out, &server));
    assert!(stderr(&out).contains("The mail server refused the login"), "{}", stderr(&out));
    assert!(server.saw("AUTH PLAIN refused"), "{:#?}", server.events());
    assert!(server.received().is_empty());
}

#[test]
fn a_plain_connection_only_when_the_address_says_tls_none() {
    let server = SmtpServer::start(Mode::Plain, &[]);
    let app = App::new();
    // smtp:// means STARTTLS, which this server does not offer: refused before the login.
    let starttls = format!("smtp://{LOGIN_IN_URL}@127.0.0.1:{}", server.port);
    let (out, outcome) = app.send(&starttls, &[], Some(PASSWORD));
    assert_eq!(code(&out), Some(1), "{}", context(&out, &server));
    let message_id = assert_kept(&app, &server, &outcome, "failed", "settings");
    assert!(outcome["error"].as_str().unwrap().contains("STARTTLS"), "{outcome}");
    assert!(server.saw("EHLO"), "it did connect: {:#?}", server.events());
    assert!(!server.saw("AUTH"), "{:#?}", server.events());

    // Written so, a plain connection (no login) goes through.
    let (out, outcomes) = app.retry(&server.url(), &[], None);
    assert_eq!(code(&out), Some(0), "{}", context(&out, &server));
    assert_eq!(outcomes[0]["status"], "sent", "{outcomes}");
    assert_delivered_once(&app, &server, &message_id);
}

#[test]
fn implicit_tls_to_a_starttls_port_fails_for_good_as_a_settings_problem() {
    // smtps:// where the server starts in plain text (port 587's way): its greeting answers the TLS
    // hello. Trying again cannot help, so the message waits for the user, not for a retry.
    let server = SmtpServer::start(Mode::StartTls, &[]);
    let app = App::new();
    let smtps = format!("smtps://{LOGIN_IN_URL}@127.0.0.1:{}", server.port);
    let (out, outcome) = app.send(&smtps, &["--smtp-ca", &server.ca()], Some(PASSWORD));
    assert_eq!(code(&out), Some(1), "{}", context(&out, &server));
    assert_kept(&app, &server, &outcome, "failed", "settings");
    assert!(outcome["error"].as_str().unwrap().contains("smtp://…?tls=required"), "{outcome}");
    assert!(!server.saw("EHLO") && !server.saw("AUTH"), "{:#?}", server.events());
}
