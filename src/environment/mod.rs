//! Probes of the user's machine: the OS and its service pack, browsers, Java, NCALayer.
//!
//! Users cannot tell which Java, browser or Windows build they run; support needs exactly that.
//! Each probe is a pure parser (tested on real outputs from `shared/fixtures/detect`) plus a thin
//! platform reader. [`spawn`] runs all probes at once, each in a named thread with a deadline,
//! and reports each result as it arrives, so a window can show them one by one and a slow probe
//! never holds up the others.

pub mod browser;
pub mod formats;
pub mod java;
pub mod ncalayer;
pub mod os;
pub mod plist;
pub mod process;
pub mod render;
#[cfg(windows)]
pub mod windows;

use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use serde::Serialize;

pub use browser::Browser;
pub use java::JavaRuntime;
pub use ncalayer::NcaLayer;
pub use os::OsInfo;

/// The probes, in the order their results are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ProbeName {
    Os,
    Browsers,
    Java,
    NcaLayer,
}

impl ProbeName {
    pub const ALL: [Self; 4] = [Self::Os, Self::Browsers, Self::Java, Self::NcaLayer];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Os => "os",
            Self::Browsers => "browsers",
            Self::Java => "java",
            Self::NcaLayer => "ncalayer",
        }
    }
}

/// How a probe ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProbeStatus {
    Found,
    NotFound,
    TimedOut,
    Failed(String),
}

impl ProbeStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Found => "found",
            Self::NotFound => "not found",
            Self::TimedOut => "timed out",
            Self::Failed(_) => "failed",
        }
    }
}

impl Serialize for ProbeStatus {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One probe's report: what it found and how long it took.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProbeReport {
    pub name: ProbeName,
    pub status: ProbeStatus,
    /// The reason of a failure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub millis: u64,
}

/// A probe's finding.
#[derive(Debug, Clone, PartialEq)]
pub enum Finding {
    Os(Option<OsInfo>),
    Browsers(Vec<Browser>),
    Java(Vec<JavaRuntime>),
    NcaLayer(NcaLayer),
}

impl Finding {
    fn is_empty(&self) -> bool {
        match self {
            Self::Os(os) => os.is_none(),
            Self::Browsers(b) => b.is_empty(),
            Self::Java(j) => j.is_empty(),
            Self::NcaLayer(n) => !n.installed && !n.running,
        }
    }
}

/// One message of [`spawn`]'s channel: a probe has finished (or missed its deadline).
#[derive(Debug, Clone)]
pub struct ProbeEvent {
    pub report: ProbeReport,
    /// `None` when the probe timed out or failed.
    pub finding: Option<Finding>,
}

/// Deadlines and endpoints of the probes.
#[derive(Debug, Clone)]
pub struct Config {
    pub os_deadline: Duration,
    pub browsers_deadline: Duration,
    pub java_deadline: Duration,
    pub ncalayer_deadline: Duration,
    /// Where NCALayer listens (`wss://127.0.0.1:13579`); tests point it elsewhere.
    pub ncalayer_url: String,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            os_deadline: Duration::from_millis(500),
            browsers_deadline: Duration::from_secs(1),
            java_deadline: Duration::from_secs(3),
            ncalayer_deadline: Duration::from_secs(2),
            ncalayer_url: ncalayer::DEFAULT_URL.to_owned(),
        }
    }
}

impl Config {
    /// The default configuration, with `SK_SUPPORT_NCALAYER_URL` overriding the NCALayer address
    /// (for tests and unusual set-ups).
    pub fn from_env() -> Self {
        let mut config = Self::default();
        if let Ok(url) = std::env::var("SK_SUPPORT_NCALAYER_URL") {
            config.ncalayer_url = url;
        }
        config
    }

    pub fn deadline(&self, name: ProbeName) -> Duration {
        match name {
            ProbeName::Os => self.os_deadline,
            ProbeName::Browsers => self.browsers_deadline,
            ProbeName::Java => self.java_deadline,
            ProbeName::NcaLayer => self.ncalayer_deadline,
        }
    }

    /// The longest deadline: no detection takes longer.
    pub fn longest_deadline(&self) -> Duration {
        ProbeName::ALL.iter().map(|&n| self.deadline(n)).max().unwrap_or_default()
    }
}

/// When a probe should stop waiting (for a program, a socket) so that what it has reaches the
/// watcher before `deadline`: a fifth of the time left, at most 150 ms, early. A probe stopped
/// there still reports what it found so far; one that runs to the deadline reports nothing.
pub fn answer_by(deadline: Instant) -> Instant {
    let left = deadline.saturating_duration_since(Instant::now());
    deadline.checked_sub((left / 5).min(Duration::from_millis(150))).unwrap_or(deadline)
}

/// Why a probe could not answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ProbeError(pub String);

/// Runs one probe on the current thread. `deadline` is when its answer is due: probes that start
/// programs stop them by then.
pub fn run_probe(name: ProbeName, config: &Config, deadline: Instant) -> Result<Finding, ProbeError> {
    match name {
        ProbeName::Os => os::detect().map(Finding::Os),
        ProbeName::Browsers => Ok(Finding::Browsers(browser::detect(deadline))),
        ProbeName::Java => Ok(Finding::Java(java::detect(deadline))),
        ProbeName::NcaLayer => Ok(Finding::NcaLayer(ncalayer::detect(&config.ncalayer_url, deadline))),
    }
}

/// Starts every probe in its own named thread and returns the channel their results arrive on,
/// one [`ProbeEvent`] per probe, in the order they finish. One watcher thread hands the results
/// over and reports a probe that misses its deadline as timed out at the deadline (the probe's
/// thread is left to finish on its own and its late answer is dropped). `notify` is called after
/// each event (a window asks for a repaint there).
pub fn spawn(config: &Config, notify: &Arc<dyn Fn() + Send + Sync>) -> Receiver<ProbeEvent> {
    spawn_with(config, notify, &(Arc::new(run_probe) as ProbeFn))
}

/// A probe as [`spawn_with`] runs it: [`run_probe`], or a stand-in in tests.
pub type ProbeFn = Arc<dyn Fn(ProbeName, &Config, Instant) -> Result<Finding, ProbeError> + Send + Sync>;

/// [`spawn`] with the probes given.
pub fn spawn_with(config: &Config, notify: &Arc<dyn Fn() + Send + Sync>, probe: &ProbeFn) -> Receiver<ProbeEvent> {
    let (events_tx, events_rx) = mpsc::channel();
    let (results_tx, results_rx) = mpsc::channel::<(ProbeName, Result<Finding, ProbeError>)>();
    let start = Instant::now();
    let mut pending: Vec<(ProbeName, Instant)> = Vec::with_capacity(ProbeName::ALL.len());
    for name in ProbeName::ALL {
        let tx = results_tx.clone();
        let probe_config = config.clone();
        let probe = Arc::clone(probe);
        let deadline = start + config.deadline(name);
        let spawned = std::thread::Builder::new().name(format!("probe-{}", name.as_str())).spawn(move || {
            // A bug in one probe must not take the others (or the app) down with it.
            let result =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| probe(name, &probe_config, deadline)))
                    .unwrap_or_else(|_| Err(ProbeError("the probe stopped unexpectedly".into())));
            let _ = tx.send((name, result));
        });
        match spawned {
            Ok(_) => pending.push((name, deadline)),
            Err(e) => {
                let _ = events_tx.send(event(name, Ok(Err(ProbeError(format!("cannot start a thread: {e}")))), 0));
                notify();
            }
        }
    }
    drop(results_tx);
    let notify = Arc::clone(notify);
    let watcher_events = events_tx.clone();
    let unreported: Vec<ProbeName> = pending.iter().map(|p| p.0).collect();
    let watcher = std::thread::Builder::new().name("probe-watch".into()).spawn(move || {
        let millis = || u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX);
        while let Some(next) = pending.iter().map(|p| p.1).min() {
            match results_rx.recv_timeout(next.saturating_duration_since(Instant::now())) {
                Ok((name, result)) => {
                    if let Some(i) = pending.iter().position(|p| p.0 == name) {
                        pending.remove(i);
                        let _ = watcher_events.send(event(name, Ok(result), millis()));
                    }
                }
                Err(RecvTimeoutError::Timeout) => {
                    let now = Instant::now();
                    for (name, _) in pending.iter().filter(|p| p.1 <= now) {
                        let _ = watcher_events.send(event(*name, Err(RecvTimeoutError::Timeout), millis()));
                    }
                    pending.retain(|p| p.1 > now);
                }
                Err(RecvTimeoutError::Disconnected) => {
                    for (name, _) in pending.drain(..) {
                        let _ = watcher_events.send(event(name, Err(RecvTimeoutError::Disconnected), millis()));
                    }
                }
            }
            notify();
        }
    });
    if let Err(e) = watcher {
        for name in unreported {
            let _ = events_tx.send(event(name, Ok(Err(ProbeError(format!("cannot start a thread: {e}")))), 0));
        }
    }
    events_rx
}

fn event(name: ProbeName, outcome: Result<Result<Finding, ProbeError>, RecvTimeoutError>, millis: u64) -> ProbeEvent {
    let (status, reason, finding) = match outcome {
        Ok(Ok(finding)) if finding.is_empty() => (ProbeStatus::NotFound, None, Some(finding)),
        Ok(Ok(finding)) => (ProbeStatus::Found, None, Some(finding)),
        Ok(Err(ProbeError(reason))) => (ProbeStatus::Failed(reason.clone()), Some(reason), None),
        Err(RecvTimeoutError::Timeout) => (ProbeStatus::TimedOut, None, None),
        Err(RecvTimeoutError::Disconnected) => {
            let reason = "the probe stopped without an answer".to_owned();
            (ProbeStatus::Failed(reason.clone()), Some(reason), None)
        }
    };
    ProbeEvent { report: ProbeReport { name, status, reason, millis }, finding }
}

/// Everything detected, as `detect --json` prints it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Environment {
    pub os: Option<OsInfo>,
    pub browsers: Vec<Browser>,
    pub java: Vec<JavaRuntime>,
    pub ncalayer: NcaLayer,
    pub probes: Vec<ProbeReport>,
}

impl Environment {
    /// Adds one probe's result.
    pub fn apply(&mut self, event: ProbeEvent) {
        match event.finding {
            Some(Finding::Os(os)) => self.os = os,
            Some(Finding::Browsers(b)) => self.browsers = b,
            Some(Finding::Java(j)) => self.java = j,
            Some(Finding::NcaLayer(n)) => self.ncalayer = n,
            None => {}
        }
        self.probes.push(event.report);
        self.probes.sort_by_key(|r| ProbeName::ALL.iter().position(|&n| n == r.name));
    }
}

/// Runs every probe and waits for all of them: at most the longest deadline (plus the time to
/// hand results over). For the command line; a window uses [`spawn`].
pub fn detect(config: &Config) -> Environment {
    let events = spawn(config, &(Arc::new(|| {}) as Arc<dyn Fn() + Send + Sync>));
    let give_up = Instant::now() + config.longest_deadline() + Duration::from_millis(300);
    let mut env = Environment::default();
    while env.probes.len() < ProbeName::ALL.len() {
        match events.recv_timeout(give_up.saturating_duration_since(Instant::now())) {
            Ok(event) => env.apply(event),
            Err(_) => break,
        }
    }
    env
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_probe_reports_once_within_the_longest_deadline() {
        let config = Config {
            ncalayer_url: "wss://127.0.0.1:9".into(), // nothing listens on the discard port
            ..Config::default()
        };
        let start = Instant::now();
        let env = detect(&config);
        assert!(start.elapsed() <= config.longest_deadline() + Duration::from_millis(500), "{:?}", start.elapsed());
        let names: Vec<_> = env.probes.iter().map(|p| p.name).collect();
        assert_eq!(names, ProbeName::ALL);
        assert!(!env.ncalayer.running);
    }

    #[test]
    fn late_and_panicking_probes_are_reported_and_the_others_arrive_as_they_finish() {
        let config = Config {
            os_deadline: Duration::from_millis(100),
            browsers_deadline: Duration::from_millis(300),
            java_deadline: Duration::from_millis(400),
            ncalayer_deadline: Duration::from_millis(400),
            ..Config::default()
        };
        let probe: ProbeFn = Arc::new(|name, _: &Config, _| match name {
            ProbeName::Os => {
                std::thread::sleep(Duration::from_secs(2)); // misses its 100 ms
                Ok(Finding::Os(None))
            }
            ProbeName::Browsers => panic!("a bug in a probe"),
            ProbeName::Java => Ok(Finding::Java(vec![])),
            ProbeName::NcaLayer => {
                std::thread::sleep(Duration::from_millis(150));
                Ok(Finding::NcaLayer(NcaLayer { running: true, ..NcaLayer::default() }))
            }
        });
        let notified = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counter = Arc::clone(&notified);
        let notify: Arc<dyn Fn() + Send + Sync> = Arc::new(move || {
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        });
        let start = Instant::now();
        let events = spawn_with(&config, &notify, &probe);
        let got: Vec<(ProbeName, ProbeStatus, Duration)> = (0..4)
            .map(|_| {
                let e = events.recv_timeout(Duration::from_secs(1)).unwrap();
                (e.report.name, e.report.status, start.elapsed())
            })
            .collect();
        let status = |n: ProbeName| got.iter().find(|g| g.0 == n).unwrap().1.clone();
        assert_eq!(status(ProbeName::Os), ProbeStatus::TimedOut);
        assert_eq!(status(ProbeName::Browsers), ProbeStatus::Failed("the probe stopped unexpectedly".into()));
        assert_eq!(status(ProbeName::Java), ProbeStatus::NotFound);
        assert_eq!(status(ProbeName::NcaLayer), ProbeStatus::Found);
        let os_at = got.iter().find(|g| g.0 == ProbeName::Os).unwrap().2;
        assert!(os_at < Duration::from_secs(1), "timed out at its deadline, not when it ended: {os_at:?}");
        // Java (instant) arrives before NCALayer (150 ms): results come as they finish.
        let order: Vec<_> = got.iter().map(|g| g.0).collect();
        let pos = |n| order.iter().position(|&o| o == n).unwrap();
        assert!(pos(ProbeName::Java) < pos(ProbeName::NcaLayer), "{order:?}");
        assert!(events.recv_timeout(Duration::from_millis(100)).is_err(), "one event per probe");
        assert_eq!(notified.load(std::sync::atomic::Ordering::SeqCst), 4, "a repaint asked for each");
    }

    #[test]
    fn a_probe_past_its_deadline_is_reported_as_timed_out() {
        let outcome = Err(RecvTimeoutError::Timeout);
        let e = event(ProbeName::Java, outcome, 3000);
        assert_eq!(e.report.status, ProbeStatus::TimedOut);
        assert!(e.finding.is_none());
        let e = event(ProbeName::Java, Ok(Ok(Finding::Java(vec![]))), 5);
        assert_eq!(e.report.status, ProbeStatus::NotFound);
        let e = event(ProbeName::Os, Ok(Err(ProbeError("registry closed".into()))), 1);
        assert_eq!(e.report.status, ProbeStatus::Failed("registry closed".into()));
        assert_eq!(serde_json::to_value(&e.report).unwrap()["status"], "failed");
    }
}
