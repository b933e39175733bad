//! A local fake NCALayer for the tests: a WebSocket server on 127.0.0.1 (an ephemeral port) with a
//! self-signed certificate, that greets like NCALayer and records every message it receives.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
use rustls::{ServerConfig, ServerConnection, StreamOwned};
use tungstenite::Message;

/// A fixture of `shared/fixtures/detect/ncalayer/`, read once and kept for the test run.
pub fn fixture(name: &str) -> &'static str {
    let path = format!("{}/../shared/fixtures/detect/ncalayer/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    Box::leak(text.into_boxed_str())
}

/// NCALayer 1.4's greeting, as captured (`ncalayer_ws_greeting_1.4.txt`).
pub fn greeting_1_4() -> &'static str {
    fixture("ncalayer_ws_greeting_1.4.txt").trim_end()
}

/// How long the fake waits for anything at all before giving up (so no test thread outlives
/// its test by much).
const PATIENCE: Duration = Duration::from_secs(5);

/// What the fake does once a client connects.
#[derive(Debug, Clone, Copy)]
pub enum Greet {
    /// TLS (1.2 or 1.3), then this greeting.
    Tls(&'static str),
    /// TLS 1.2 only, then this greeting.
    Tls12(&'static str),
    /// Plain `ws://`, then this greeting.
    Plain(&'static str),
    /// TLS and the WebSocket handshake, then silence.
    TlsSilent,
}

#[derive(Debug)]
pub struct FakeNcaLayer {
    /// `wss://127.0.0.1:<port>` (or `ws://`).
    pub url: String,
    thread: JoinHandle<Vec<Message>>,
}

impl FakeNcaLayer {
    pub fn start(greet: Greet) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let scheme = if matches!(greet, Greet::Plain(_)) { "ws" } else { "wss" };
        let config = server_config(matches!(greet, Greet::Tls12(_)));
        let thread = std::thread::spawn(move || {
            let Some(sock) = accept(&listener) else { return Vec::new() };
            sock.set_read_timeout(Some(PATIENCE)).unwrap();
            sock.set_write_timeout(Some(PATIENCE)).unwrap();
            match greet {
                Greet::Plain(text) => serve(sock, Some(text)),
                Greet::Tls(text) | Greet::Tls12(text) => {
                    serve(StreamOwned::new(ServerConnection::new(config).unwrap(), sock), Some(text))
                }
                Greet::TlsSilent => serve(StreamOwned::new(ServerConnection::new(config).unwrap(), sock), None),
            }
        });
        Self { url: format!("{scheme}://127.0.0.1:{port}"), thread }
    }

    /// Every message the client sent, once the connection is over.
    pub fn received(self) -> Vec<Message> {
        self.thread.join().unwrap()
    }

    /// A port nothing listens on (bound, then released).
    pub fn free_port() -> u16 {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    }
}

fn accept(listener: &TcpListener) -> Option<TcpStream> {
    listener.set_nonblocking(true).unwrap();
    let give_up = Instant::now() + PATIENCE;
    while Instant::now() < give_up {
        if let Ok((sock, _)) = listener.accept() {
            sock.set_nonblocking(false).unwrap();
            return Some(sock);
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    None
}

/// The WebSocket handshake, the greeting, then a record of whatever arrives until the end.
fn serve<S: Read + Write>(stream: S, greeting: Option<&str>) -> Vec<Message> {
    let Ok(mut ws) = tungstenite::accept(stream) else { return Vec::new() };
    if let Some(text) = greeting {
        ws.send(Message::text(text)).unwrap();
    }
    let mut received = Vec::new();
    while let Ok(message) = ws.read() {
        received.push(message);
    }
    received
}

fn server_config(tls12_only: bool) -> Arc<ServerConfig> {
    let rcgen::CertifiedKey { cert, signing_key } =
        rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned(), "localhost".to_owned()]).unwrap();
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(signing_key.serialize_der()));
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = ServerConfig::builder_with_provider(provider);
    let builder = if tls12_only {
        builder.with_protocol_versions(&[&rustls::version::TLS12]).unwrap()
    } else {
        builder.with_safe_default_protocol_versions().unwrap()
    };
    Arc::new(builder.with_no_client_auth().with_single_cert(vec![cert.der().clone()], key).unwrap())
}
