//! Delivery over SMTP (lettre, rustls): implicit TLS, STARTTLS that must succeed, or plain only
//! when the address says `tls=none`. Server certificates are checked against the OS trust store
//! plus an optional CA file. Success is the server's 250 to the end of DATA and nothing else.

use std::error::Error as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use lettre::Transport as _;
use lettre::address::Envelope;
use lettre::transport::smtp::SmtpTransport;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use serde::{Deserialize, Serialize};

use super::smtp_url::{self, Security, SmtpUrl};

/// How long one network step (connect, a reply, a write) may take before the attempt counts as
/// timed out.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_mins(1);

/// The saved server settings (`smtp.toml` in the data folder). The password is never here.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SmtpSettings {
    /// The server address, `smtps://user@host:465`; empty: not set up.
    pub url: String,
    /// A CA certificate (PEM) trusted besides the system's, for a server with a private CA.
    pub ca_file: Option<PathBuf>,
}

/// The file of the saved settings.
pub const SETTINGS_FILE: &str = "smtp.toml";

/// A server ready to be connected to.
#[derive(Debug, Clone)]
pub struct Server {
    pub url: SmtpUrl,
    /// Extra trusted CA certificates, PEM.
    pub ca_pem: Option<Vec<u8>>,
    pub timeout: Duration,
}

impl Server {
    /// The server of an address and an optional CA file (read here: call it off the UI thread).
    pub fn new(url: &str, ca_file: Option<&Path>, timeout: Duration) -> Result<Self, SendError> {
        let url = smtp_url::parse(url).map_err(|e| SendError::new(Failure::Settings, e.to_string()))?;
        let ca_pem = match ca_file {
            None => None,
            Some(path) => Some(read_ca(path)?),
        };
        Ok(Self { url, ca_pem, timeout })
    }
}

/// Reads a CA file and checks that it holds at least one certificate lettre can use.
pub fn read_ca(path: &Path) -> Result<Vec<u8>, SendError> {
    let bytes = std::fs::read(path)
        .map_err(|e| SendError::new(Failure::Settings, format!("CA file {}: {e}", path.display())))?;
    if !bytes.windows(27).any(|w| w == b"-----BEGIN CERTIFICATE-----") || Certificate::from_pem(&bytes).is_err() {
        return Err(SendError::new(
            Failure::Settings,
            format!("CA file {}: no PEM certificate (-----BEGIN CERTIFICATE-----) in it", path.display()),
        ));
    }
    Ok(bytes)
}

/// Why an attempt failed, in the terms the user acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Failure {
    /// The server could not be reached or the connection broke: try again later.
    Network,
    /// The server did not answer in time: try again later.
    Timeout,
    /// The server said 4xx (busy, greylisting, try later).
    TryLater,
    /// The server refused the login (wrong user or password).
    Auth,
    /// The server refused the message or a command for good (5xx).
    Rejected,
    /// The server's certificate is not trusted or is not for this name.
    Certificate,
    /// The settings cannot work: bad address, no password, no STARTTLS offered, unreadable CA file.
    Settings,
}

impl Failure {
    /// Worth trying again without changing anything.
    pub fn is_temporary(self) -> bool {
        matches!(self, Self::Network | Self::Timeout | Self::TryLater)
    }
}

/// A failed attempt: the kind and the technical detail (the server's reply or the error).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{detail}")]
pub struct SendError {
    pub failure: Failure,
    pub detail: String,
}

impl SendError {
    pub fn new(failure: Failure, detail: impl Into<String>) -> Self {
        Self { failure, detail: detail.into() }
    }
}

/// A credential store that cannot be asked: the settings cannot work as they are.
impl From<super::password::StoreError> for SendError {
    fn from(e: super::password::StoreError) -> Self {
        Self::new(Failure::Settings, e.to_string())
    }
}

/// What the server said when it took the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivered {
    /// The reply to the end of DATA, `250 2.0.0 Ok: queued as …`.
    pub reply: String,
}

fn transport(server: &Server, password: Option<&str>) -> Result<SmtpTransport, SendError> {
    let url = &server.url;
    let tls_parameters = || -> Result<TlsParameters, SendError> {
        let mut builder = TlsParameters::builder(url.host.clone());
        if let Some(pem) = &server.ca_pem {
            let cert = Certificate::from_pem(pem).map_err(|e| SendError::new(Failure::Settings, e.to_string()))?;
            builder = builder.add_root_certificate(cert);
        }
        builder.build_rustls().map_err(|e| SendError::new(Failure::Settings, e.to_string()))
    };
    let tls = match url.security {
        Security::ImplicitTls => Tls::Wrapper(tls_parameters()?),
        Security::StartTls => Tls::Required(tls_parameters()?),
        Security::Plain => Tls::None,
    };
    let mut builder =
        SmtpTransport::builder_dangerous(url.host.clone()).port(url.port).tls(tls).timeout(Some(server.timeout));
    if let Some(user) = &url.user {
        let Some(password) = password else {
            return Err(SendError::new(
                Failure::Settings,
                format!("no password for {user}: set SK_SMTP_PASSWORD or save it in the window's settings"),
            ));
        };
        builder = builder
            .credentials(Credentials::new(user.clone(), password.to_owned()))
            .authentication(vec![Mechanism::Plain, Mechanism::Login]);
    }
    Ok(builder.build())
}

/// Sends the message's bytes as they are (the outbox's file): the same bytes, so the same
/// Message-ID, on every attempt.
pub fn deliver(
    server: &Server,
    password: Option<&str>,
    envelope: &Envelope,
    message: &[u8],
) -> Result<Delivered, SendError> {
    let transport = transport(server, password)?;
    let response = transport.send_raw(envelope, message).map_err(|e| classify(&e))?;
    let reply = format!("{} {}", response.code(), response.message().collect::<Vec<_>>().join(" "));
    if response.code().to_string() != "250" {
        // lettre takes any 2xx; only 250 means the message was accepted.
        return Err(SendError::new(Failure::Rejected, format!("the server answered {reply:?} instead of 250")));
    }
    Ok(Delivered { reply })
}

/// Connects, logs in and quits without sending anything.
pub fn test_connection(server: &Server, password: Option<&str>) -> Result<(), SendError> {
    let transport = transport(server, password)?;
    match transport.test_connection() {
        Ok(true) => Ok(()),
        Ok(false) => Err(SendError::new(Failure::Network, "the server closed the connection")),
        Err(e) => Err(classify(&e)),
    }
}

/// Sorts lettre's error into what the user can do about it.
fn classify(error: &lettre::transport::smtp::Error) -> SendError {
    let detail = full_text(error);
    if let Some(code) = error.status() {
        let code = code.to_string();
        let failure = match code.as_str() {
            "530" | "534" | "535" | "538" => Failure::Auth,
            c if c.starts_with('4') => Failure::TryLater,
            _ => Failure::Rejected,
        };
        return SendError::new(failure, detail);
    }
    let mut source = error.source();
    while let Some(e) = source {
        if let Some(tls) = e.downcast_ref::<rustls::Error>() {
            return tls_error(tls, detail);
        }
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            if let Some(tls) = io.get_ref().and_then(|inner| inner.downcast_ref::<rustls::Error>()) {
                return tls_error(tls, detail);
            }
            // A read time-out is WouldBlock on Unix and TimedOut on Windows.
            let failure = match io.kind() {
                std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => Failure::Timeout,
                _ => Failure::Network,
            };
            return SendError::new(failure, detail);
        }
        source = e.source();
    }
    let failure = if error.is_timeout() {
        Failure::Timeout
    } else if error.is_client() || error.is_tls() {
        // STARTTLS not offered, no common login method, a TLS set-up that cannot work.
        Failure::Settings
    } else {
        Failure::Network
    };
    SendError::new(failure, detail)
}

fn tls_error(error: &rustls::Error, detail: String) -> SendError {
    match error {
        rustls::Error::InvalidCertificate(_) | rustls::Error::NoCertificatesPresented => {
            SendError::new(Failure::Certificate, detail)
        }
        // Plain text where TLS was expected: smtps:// on a port that starts in plain text (587, 25)
        // answers the TLS hello with its `220` greeting. The same on every attempt: not temporary.
        rustls::Error::InvalidMessage(rustls::InvalidMessage::InvalidContentType) => SendError::new(
            Failure::Settings,
            format!(
                "{detail}: the server does not speak TLS from the start on this port; for a STARTTLS \
                 port (587) use smtp://…?tls=required"
            ),
        ),
        _ => SendError::new(Failure::Network, detail),
    }
}

/// The error with all its causes, `a: b: c`.
fn full_text(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(e) = source {
        let part = e.to_string();
        if !text.contains(&part) {
            text.push_str(": ");
            text.push_str(&part);
        }
        source = e.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_network_time_outs_and_4xx_are_temporary() {
        for f in [Failure::Network, Failure::Timeout, Failure::TryLater] {
            assert!(f.is_temporary(), "{f:?}");
        }
        for f in [Failure::Auth, Failure::Rejected, Failure::Certificate, Failure::Settings] {
            assert!(!f.is_temporary(), "{f:?}");
        }
    }

    #[test]
    fn a_login_without_a_password_is_a_settings_problem() {
        let server = Server::new("smtps://user@mail.example.kz", None, DEFAULT_TIMEOUT).unwrap();
        let err = transport(&server, None).unwrap_err();
        assert_eq!(err.failure, Failure::Settings);
        assert!(err.detail.contains("SK_SMTP_PASSWORD"), "{err}");
    }

    #[test]
    fn a_ca_file_without_a_certificate_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ca.pem");
        std::fs::write(&path, "not a certificate").unwrap();
        let err = Server::new("smtps://mail.example.kz", Some(&path), DEFAULT_TIMEOUT).unwrap_err();
        assert_eq!(err.failure, Failure::Settings);
        assert!(err.detail.contains("ca.pem"), "{err}");
        let err =
            Server::new("smtps://mail.example.kz", Some(&dir.path().join("none.pem")), DEFAULT_TIMEOUT).unwrap_err();
        assert_eq!(err.failure, Failure::Settings);
    }

    #[test]
    fn implicit_tls_to_a_plain_text_port_is_a_settings_problem() {
        // A STARTTLS server's greeting where the TLS handshake was expected.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let greeter = std::thread::spawn(move || {
            let (mut conn, _) = listener.accept().unwrap();
            std::io::Write::write_all(&mut conn, b"220 mail.example.kz ESMTP ready\r\n").unwrap();
            // Until the client gives up.
            let _ = std::io::Read::read_to_end(&mut conn, &mut Vec::new());
        });
        let server = Server::new(&format!("smtps://127.0.0.1:{port}"), None, Duration::from_secs(10)).unwrap();
        let err = test_connection(&server, None).unwrap_err();
        assert_eq!(err.failure, Failure::Settings, "{err}");
        assert!(err.detail.contains("?tls=required"), "{err}");
        greeter.join().unwrap();
    }

    #[test]
    fn a_refused_connection_is_a_network_failure() {
        // A port nobody listens on: bind, note the port, close.
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let server = Server::new(&format!("smtp://127.0.0.1:{port}?tls=none"), None, DEFAULT_TIMEOUT).unwrap();
        let err = test_connection(&server, None).unwrap_err();
        assert_eq!(err.failure, Failure::Network, "{err}");
    }
}
