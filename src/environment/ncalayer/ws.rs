//! The WebSocket connection to a running NCALayer: connect, read its greeting, close.
//!
//! NCALayer greets every client with `{"result":{"version":"1.4"}}` as soon as the WebSocket is
//! open. That greeting is all this probe reads: it never sends a request (some of NCALayer's
//! methods open windows on the user's screen).
//!
//! NCALayer serves TLS with a self-signed certificate, so the certificate cannot be checked. That
//! is acceptable only because the probe talks to this computer alone: addresses other than a
//! loopback IP literal (127.0.0.0/8, ::1) are refused before any connection is made, and the
//! verifier that accepts any certificate can only be built for a loopback address.

use std::fmt;
use std::io::{self, Read, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, Shutdown, SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, ClientConnection, DigitallySignedStruct, SignatureScheme, StreamOwned};
use tungstenite::protocol::WebSocketConfig;
use tungstenite::{HandshakeError, Message, WebSocket};

/// The largest message or frame accepted: a greeting is a few dozen bytes.
const MAX_MESSAGE: usize = 64 << 10;

/// How long the polite close may take at most (within the deadline): the version is known by then.
const CLOSE_WAIT: Duration = Duration::from_millis(300);

/// Why no greeting was read.
#[derive(Debug, thiserror::Error)]
pub enum GreetingError {
    #[error("not a ws:// or wss:// address with a port: {0}")]
    BadUrl(String),
    #[error("{0} is not a loopback address: NCALayer is only looked for on this computer")]
    NotLoopback(String),
    #[error("nothing listens at {0}")]
    Refused(SocketAddr),
    #[error("no greeting by the deadline")]
    TimedOut,
    /// The WebSocket is open but nothing came: something (NCALayer, by its port) is running.
    #[error("connected, but no greeting by the deadline")]
    Silent,
    #[error("the connection closed before the greeting")]
    Closed,
    #[error("TLS: {0}")]
    Tls(rustls::Error),
    #[error("WebSocket: {0}")]
    WebSocket(String),
    #[error("{0}")]
    Io(io::Error),
}

/// Connects to NCALayer at `url` (`wss://` or `ws://`, a loopback IP literal only), reads its
/// greeting (the first text message) and closes the connection; all by `deadline`.
pub fn greeting(url: &str, deadline: Instant) -> Result<String, GreetingError> {
    let target = Target::parse(url)?;
    let left = remaining(deadline).ok_or(GreetingError::TimedOut)?;
    let sock = TcpStream::connect_timeout(&target.addr, left).map_err(|e| match e.kind() {
        io::ErrorKind::ConnectionRefused => GreetingError::Refused(target.addr),
        _ => from_io(e),
    })?;
    // Only a latency hint: the greeting is read either way.
    let _ = sock.set_nodelay(true);
    let stream = DeadlineStream { sock, deadline };
    if target.tls {
        let ip = target.addr.ip();
        let conn =
            ClientConnection::new(tls_config(ip)?, ServerName::IpAddress(ip.into())).map_err(GreetingError::Tls)?;
        talk(StreamOwned::new(conn, stream), url, deadline)
    } else {
        talk(stream, url, deadline)
    }
}

/// Where to connect, from a `ws://` or `wss://` URL whose host is a loopback IP literal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Target {
    tls: bool,
    addr: SocketAddr,
}

impl Target {
    fn parse(url: &str) -> Result<Self, GreetingError> {
        let bad = || GreetingError::BadUrl(url.to_owned());
        let (scheme, rest) = url.split_once("://").ok_or_else(bad)?;
        let tls = if scheme.eq_ignore_ascii_case("wss") {
            true
        } else if scheme.eq_ignore_ascii_case("ws") {
            false
        } else {
            return Err(bad());
        };
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        if authority.contains('@') {
            return Err(bad());
        }
        let (ip, port) = if let Some(bracketed) = authority.strip_prefix('[') {
            let (host, after) = bracketed.split_once(']').ok_or_else(bad)?;
            let port = if after.is_empty() { None } else { Some(after.strip_prefix(':').ok_or_else(bad)?) };
            let ip = host.parse::<Ipv6Addr>().map_err(|_| GreetingError::NotLoopback(host.to_owned()))?;
            (IpAddr::V6(ip), port)
        } else {
            let (host, port) = match authority.split_once(':') {
                Some((host, port)) => (host, Some(port)),
                None => (authority, None),
            };
            if host.is_empty() {
                return Err(bad());
            }
            let ip = host.parse::<Ipv4Addr>().map_err(|_| GreetingError::NotLoopback(host.to_owned()))?;
            (IpAddr::V4(ip), port)
        };
        let ip = ip.to_canonical();
        if !ip.is_loopback() {
            return Err(GreetingError::NotLoopback(ip.to_string()));
        }
        let port = match port {
            None if tls => 443,
            None => 80,
            Some(port) if port.bytes().all(|b| b.is_ascii_digit()) => {
                port.parse::<u16>().ok().filter(|&p| p != 0).ok_or_else(bad)?
            }
            Some(_) => return Err(bad()),
        };
        Ok(Self { tls, addr: SocketAddr::new(ip, port) })
    }
}

/// The time left until `deadline`, or `None` when (next to) nothing is left.
fn remaining(deadline: Instant) -> Option<Duration> {
    let left = deadline.saturating_duration_since(Instant::now());
    (left >= Duration::from_millis(1)).then_some(left)
}

/// A TCP stream whose every read and write ends by the deadline: however the peer dribbles its
/// bytes, no call outlives it.
#[derive(Debug)]
struct DeadlineStream {
    sock: TcpStream,
    deadline: Instant,
}

impl DeadlineStream {
    fn left(&self) -> io::Result<Duration> {
        remaining(self.deadline).ok_or_else(|| io::ErrorKind::TimedOut.into())
    }
}

/// A socket timeout shows as `WouldBlock` on Unix and `TimedOut` on Windows: make it `TimedOut`
/// (which the WebSocket layer treats as fatal rather than as "try again").
fn timed_out(e: io::Error) -> io::Error {
    if e.kind() == io::ErrorKind::WouldBlock { io::ErrorKind::TimedOut.into() } else { e }
}

impl Read for DeadlineStream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.sock.set_read_timeout(Some(self.left()?))?;
        self.sock.read(buf).map_err(timed_out)
    }
}

impl Write for DeadlineStream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.sock.set_write_timeout(Some(self.left()?))?;
        self.sock.write(buf).map_err(timed_out)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.sock.flush()
    }
}

/// What the WebSocket runs over: plain TCP or TLS over TCP.
trait Transport: Read + Write {
    fn tcp(&mut self) -> &mut DeadlineStream;
    /// Ends the TLS session politely (nothing for plain TCP).
    fn close_tls(&mut self) {}
}

impl Transport for DeadlineStream {
    fn tcp(&mut self) -> &mut DeadlineStream {
        self
    }
}

impl Transport for StreamOwned<ClientConnection, DeadlineStream> {
    fn tcp(&mut self) -> &mut DeadlineStream {
        &mut self.sock
    }

    fn close_tls(&mut self) {
        self.conn.send_close_notify();
        // Best effort: the connection is being dropped anyway.
        let _ = self.flush();
    }
}

/// The WebSocket handshake, the greeting, the close.
fn talk<S: Transport>(stream: S, url: &str, deadline: Instant) -> Result<String, GreetingError> {
    let config = WebSocketConfig::default().max_message_size(Some(MAX_MESSAGE)).max_frame_size(Some(MAX_MESSAGE));
    let (mut ws, _response) = match tungstenite::client::client_with_config(url, stream, Some(config)) {
        Ok(done) => done,
        // Only a non-blocking stream interrupts a handshake; ours fails with TimedOut instead.
        Err(HandshakeError::Interrupted(_)) => return Err(GreetingError::TimedOut),
        Err(HandshakeError::Failure(e)) => return Err(from_ws(e)),
    };
    let text = loop {
        match ws.read() {
            Ok(Message::Text(text)) => break text.as_str().to_owned(),
            Ok(Message::Binary(bytes)) => break String::from_utf8_lossy(&bytes).into_owned(),
            Ok(Message::Close(_)) => return Err(GreetingError::Closed),
            // Pings are answered by the WebSocket layer itself; nothing else is a greeting.
            Ok(Message::Ping(_) | Message::Pong(_) | Message::Frame(_)) => {}
            Err(e) => {
                return Err(match from_ws(e) {
                    GreetingError::TimedOut => GreetingError::Silent,
                    other => other,
                });
            }
        }
    };
    close(&mut ws, deadline);
    Ok(text)
}

/// Closes the WebSocket (a close frame, waiting briefly for the answer), then TLS and TCP.
fn close<S: Transport>(ws: &mut WebSocket<S>, deadline: Instant) {
    ws.get_mut().tcp().deadline = deadline.min(Instant::now() + CLOSE_WAIT);
    if ws.close(None).is_ok() {
        // Until the peer answers the close and hangs up (or the time is up): anything it sends
        // meanwhile is dropped.
        while ws.read().is_ok() {}
    }
    let stream = ws.get_mut();
    stream.close_tls();
    let _ = stream.tcp().sock.shutdown(Shutdown::Both);
}

fn from_ws(e: tungstenite::Error) -> GreetingError {
    match e {
        tungstenite::Error::Io(e) => from_io(e),
        tungstenite::Error::ConnectionClosed | tungstenite::Error::AlreadyClosed => GreetingError::Closed,
        other => GreetingError::WebSocket(other.to_string()),
    }
}

fn from_io(e: io::Error) -> GreetingError {
    if let Some(tls) = e.get_ref().and_then(|inner| inner.downcast_ref::<rustls::Error>()) {
        return GreetingError::Tls(tls.clone());
    }
    match e.kind() {
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => GreetingError::TimedOut,
        io::ErrorKind::UnexpectedEof
        | io::ErrorKind::ConnectionReset
        | io::ErrorKind::ConnectionAborted
        | io::ErrorKind::BrokenPipe => GreetingError::Closed,
        _ => GreetingError::Io(e),
    }
}

/// The TLS set-up for NCALayer at `ip`: any certificate, since NCALayer's is self-signed.
fn tls_config(ip: IpAddr) -> Result<Arc<ClientConfig>, GreetingError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let verifier = AnyCertificateOnLoopback::new(ip, Arc::clone(&provider))
        .ok_or_else(|| GreetingError::NotLoopback(ip.to_string()))?;
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(GreetingError::Tls)?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    Ok(Arc::new(config))
}

/// Accepts any server certificate, which is right for NCALayer's self-signed one and for nothing
/// else: it can only be built for a loopback address, and it refuses any other server name. The
/// handshake signatures are still checked (the server holds the key of the certificate it sent).
struct AnyCertificateOnLoopback {
    provider: Arc<CryptoProvider>,
}

impl fmt::Debug for AnyCertificateOnLoopback {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AnyCertificateOnLoopback")
    }
}

impl AnyCertificateOnLoopback {
    /// `None` unless `ip` is a loopback address.
    fn new(ip: IpAddr, provider: Arc<CryptoProvider>) -> Option<Self> {
        ip.to_canonical().is_loopback().then_some(Self { provider })
    }
}

impl ServerCertVerifier for AnyCertificateOnLoopback {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        match server_name {
            ServerName::IpAddress(ip) if IpAddr::from(*ip).to_canonical().is_loopback() => {
                Ok(ServerCertVerified::assertion())
            }
            _ => Err(rustls::Error::InvalidCertificate(rustls::CertificateError::NotValidForName)),
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider.signature_verification_algorithms.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use std::net::TcpListener;

    use super::super::fake::{FakeNcaLayer, Greet, greeting_1_4};
    use super::*;

    fn target(url: &str) -> Result<Target, GreetingError> {
        Target::parse(url)
    }

    fn addr(s: &str) -> SocketAddr {
        s.parse().unwrap()
    }

    #[test]
    fn only_loopback_ip_literals_are_targets() {
        let t = |tls, a| Target { tls, addr: addr(a) };
        assert_eq!(target("wss://127.0.0.1:13579").unwrap(), t(true, "127.0.0.1:13579"));
        assert_eq!(target("WSS://127.0.0.1:13579/").unwrap(), t(true, "127.0.0.1:13579"));
        assert_eq!(target("ws://127.1.2.3:8080/path?q#f").unwrap(), t(false, "127.1.2.3:8080"));
        assert_eq!(target("wss://[::1]:13579").unwrap(), t(true, "[::1]:13579"));
        assert_eq!(target("wss://[::ffff:127.0.0.1]:13579").unwrap(), t(true, "127.0.0.1:13579"));
        assert_eq!(target("wss://127.0.0.1").unwrap(), t(true, "127.0.0.1:443"));
        assert_eq!(target("ws://[::1]").unwrap(), t(false, "[::1]:80"));

        for url in [
            "wss://10.0.0.1:13579",
            "wss://example.kz:13579",
            "wss://localhost:13579",
            "wss://127.0.0.1.example.kz:13579",
            "wss://[::ffff:10.0.0.1]:13579",
            "wss://[fe80::1%25eth0]:13579",
            "ws://0.0.0.0:13579",
            "wss://[2001:db8::1]:13579",
        ] {
            assert!(matches!(target(url), Err(GreetingError::NotLoopback(_))), "{url}: {:?}", target(url));
        }
        for url in [
            "https://127.0.0.1:13579",
            "127.0.0.1:13579",
            "wss://",
            "wss://:13579",
            "wss://user@127.0.0.1:13579",
            "wss://evil.kz@127.0.0.1:13579",
            "wss://127.0.0.1:0",
            "wss://127.0.0.1:+1",
            "wss://127.0.0.1:70000",
            "wss://127.0.0.1:",
            "wss://[::1]x",
            "wss://::1:13579",
        ] {
            assert!(matches!(target(url), Err(GreetingError::BadUrl(_))), "{url}: {:?}", target(url));
        }
    }

    #[test]
    fn non_loopback_addresses_are_refused_without_connecting() {
        for url in ["wss://10.0.0.1:13579", "wss://example.kz:13579", "ws://192.0.2.1:80"] {
            let start = Instant::now();
            let result = greeting(url, start + Duration::from_secs(5));
            // Connecting anywhere (even failing) would take far longer than parsing.
            assert!(start.elapsed() < Duration::from_millis(50), "{url}: {:?}", start.elapsed());
            assert!(matches!(result, Err(GreetingError::NotLoopback(_))), "{url}: {result:?}");
        }
    }

    #[test]
    fn the_any_certificate_verifier_exists_only_for_loopback() {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let make = |ip: &str| AnyCertificateOnLoopback::new(ip.parse().unwrap(), Arc::clone(&provider));
        assert!(make("127.0.0.1").is_some());
        assert!(make("127.255.0.9").is_some());
        assert!(make("::1").is_some());
        assert!(make("10.0.0.1").is_none());
        assert!(make("192.168.1.1").is_none());
        assert!(make("::").is_none());
        assert!(tls_config("10.0.0.1".parse().unwrap()).is_err());

        let verifier = make("127.0.0.1").unwrap();
        let cert = CertificateDer::from(vec![0u8; 4]);
        let check = |name: ServerName<'_>| verifier.verify_server_cert(&cert, &[], &name, &[], UnixTime::now());
        assert!(check(ServerName::IpAddress("127.0.0.1".parse::<IpAddr>().unwrap().into())).is_ok());
        assert!(check(ServerName::IpAddress("10.0.0.1".parse::<IpAddr>().unwrap().into())).is_err());
        assert!(check(ServerName::try_from("localhost").unwrap()).is_err());
        assert!(check(ServerName::try_from("example.kz").unwrap()).is_err());
    }

    #[test]
    fn reads_the_greeting_of_a_local_ncalayer_and_sends_nothing_but_the_close() {
        let server = FakeNcaLayer::start(Greet::Tls(greeting_1_4()));
        let start = Instant::now();
        let text = greeting(&server.url, start + Duration::from_secs(5)).unwrap();
        assert_eq!(text, greeting_1_4());
        assert!(start.elapsed() < Duration::from_secs(2), "{:?}", start.elapsed());
        let received = server.received();
        assert!(matches!(received.as_slice(), [Message::Close(_)]), "{received:?}");
    }

    #[test]
    fn speaks_tls_1_2_as_older_java_does() {
        let server = FakeNcaLayer::start(Greet::Tls12(greeting_1_4()));
        let text = greeting(&server.url, Instant::now() + Duration::from_secs(5)).unwrap();
        assert_eq!(text, greeting_1_4());
        let received = server.received();
        assert!(matches!(received.as_slice(), [Message::Close(_)]), "{received:?}");
    }

    #[test]
    fn reads_a_plain_ws_greeting() {
        let server = FakeNcaLayer::start(Greet::Plain(greeting_1_4()));
        assert_eq!(server.url.split_once(':').unwrap().0, "ws");
        let text = greeting(&server.url, Instant::now() + Duration::from_secs(5)).unwrap();
        assert_eq!(text, greeting_1_4());
        let received = server.received();
        assert!(matches!(received.as_slice(), [Message::Close(_)]), "{received:?}");
    }

    #[test]
    fn a_server_that_never_speaks_tls_times_out_by_the_deadline() {
        // The kernel completes the TCP handshake for the backlog; nobody ever answers.
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        for url in [format!("wss://127.0.0.1:{port}"), format!("ws://127.0.0.1:{port}")] {
            let start = Instant::now();
            let result = greeting(&url, start + Duration::from_millis(300));
            let elapsed = start.elapsed();
            assert!(matches!(result, Err(GreetingError::TimedOut)), "{url}: {result:?}");
            assert!(elapsed >= Duration::from_millis(250) && elapsed < Duration::from_secs(1), "{url}: {elapsed:?}");
        }
        drop(listener);
    }

    #[test]
    fn a_server_that_never_greets_times_out_by_the_deadline() {
        let server = FakeNcaLayer::start(Greet::TlsSilent);
        let start = Instant::now();
        let result = greeting(&server.url, start + Duration::from_millis(500));
        let elapsed = start.elapsed();
        assert!(matches!(result, Err(GreetingError::Silent)), "{result:?}");
        assert!(elapsed < Duration::from_secs(1), "{elapsed:?}");
        // Not even a close went out: the client just hung up.
        assert_eq!(server.received(), Vec::<Message>::new());
    }

    #[test]
    fn a_closed_port_is_refused_quickly() {
        let port = FakeNcaLayer::free_port();
        let start = Instant::now();
        let result = greeting(&format!("wss://127.0.0.1:{port}"), start + Duration::from_secs(2));
        let elapsed = start.elapsed();
        if cfg!(windows) {
            // Windows retries a refused connection for a second or two: the deadline may come first.
            assert!(matches!(result, Err(GreetingError::Refused(_) | GreetingError::TimedOut)), "{result:?}");
            assert!(elapsed < Duration::from_millis(2500), "{elapsed:?}");
        } else {
            assert!(matches!(result, Err(GreetingError::Refused(_))), "{result:?}");
            assert!(elapsed < Duration::from_millis(500), "{elapsed:?}");
        }
    }

    #[test]
    fn a_past_deadline_does_not_even_connect() {
        let server = FakeNcaLayer::start(Greet::Tls(greeting_1_4()));
        let result = greeting(&server.url, Instant::now());
        assert!(matches!(result, Err(GreetingError::TimedOut)), "{result:?}");
    }
}
