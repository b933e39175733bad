//! Background jobs: everything that touches the OS runs in a named thread and reports back with
//! a repaint request, so the window never waits.

use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::time::{Duration, Instant};

/// Wakes the window when a job has finished. egui's `Context::request_repaint` in the app; a
/// no-op in tests that poll.
pub type Wake = std::sync::Arc<dyn Fn() + Send + Sync>;

/// A running job and where its result will arrive.
#[derive(Debug)]
pub struct Job<T> {
    rx: Receiver<T>,
    started: Instant,
    deadline: Option<Duration>,
}

/// What a job has to say when asked.
#[derive(Debug)]
pub enum Poll<T> {
    Ready(T),
    Running,
    /// Past its deadline: its result, should it ever come, is dropped.
    TimedOut,
    /// It ended without a result (a panic) or could not be started.
    Lost,
}

impl<T: Send + 'static> Job<T> {
    /// Starts `work` in a thread named `name`. `deadline`: when the job counts as timed out.
    pub fn spawn(
        name: &str,
        deadline: Option<Duration>,
        wake: &Wake,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Self {
        let (tx, rx) = mpsc::channel();
        let wake = wake.clone();
        let spawned = std::thread::Builder::new().name(name.to_owned()).spawn(move || {
            let result = work();
            // The window may have given up on the job already; nothing to do then.
            let _ = tx.send(result);
            wake();
        });
        // A thread that could not be started drops `tx`: `poll` then says `Lost`.
        drop(spawned);
        Self { rx, started: Instant::now(), deadline }
    }
}

impl<T> Job<T> {
    pub fn poll(&self) -> Poll<T> {
        match self.rx.try_recv() {
            Ok(value) => Poll::Ready(value),
            Err(TryRecvError::Disconnected) => Poll::Lost,
            Err(TryRecvError::Empty) if self.deadline.is_some_and(|d| self.started.elapsed() > d) => Poll::TimedOut,
            Err(TryRecvError::Empty) => Poll::Running,
        }
    }

    /// How long until the deadline, for a repaint then (`None`: no deadline or already past).
    pub fn time_left(&self) -> Option<Duration> {
        self.deadline.and_then(|d| d.checked_sub(self.started.elapsed()))
    }
}

/// One slot per kind of job: at most one runs; a finished result is taken once.
#[derive(Debug)]
pub struct Slot<T>(Option<Job<T>>);

impl<T> Default for Slot<T> {
    fn default() -> Self {
        Self(None)
    }
}

impl<T: Send + 'static> Slot<T> {
    pub fn is_running(&self) -> bool {
        self.0.is_some()
    }

    /// Starts a job unless one runs; `false` when one was running.
    pub fn start(
        &mut self,
        name: &str,
        deadline: Option<Duration>,
        wake: &Wake,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> bool {
        if self.0.is_some() {
            return false;
        }
        self.0 = Some(Job::spawn(name, deadline, wake, work));
        true
    }

    /// How the job ended, once it has (never `Running`); the slot is free again afterwards.
    pub fn take(&mut self) -> Option<Poll<T>> {
        let poll = self.0.as_ref()?.poll();
        if matches!(poll, Poll::Running) {
            return None;
        }
        self.0 = None;
        Some(poll)
    }

    pub fn time_left(&self) -> Option<Duration> {
        self.0.as_ref().and_then(Job::time_left)
    }

    /// Waits for the running job until `until` (blocking: only for a closing window); the slot
    /// is free afterwards.
    pub fn wait_until(&mut self, until: Instant) -> Option<T> {
        let job = self.0.take()?;
        job.rx.recv_timeout(until.saturating_duration_since(Instant::now())).ok()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    fn wait<T: Send + 'static>(slot: &mut Slot<T>) -> Poll<T> {
        let until = Instant::now() + Duration::from_secs(10);
        assert!(slot.is_running(), "no job in the slot");
        loop {
            match slot.take() {
                None if Instant::now() < until => std::thread::sleep(Duration::from_millis(5)),
                Some(poll) => return poll,
                None => panic!("the job did not end"),
            }
        }
    }

    #[test]
    fn a_job_runs_in_a_named_thread_and_wakes_the_window() {
        let wakes = Arc::new(AtomicUsize::new(0));
        let counter = wakes.clone();
        let wake: Wake = Arc::new(move || {
            counter.fetch_add(1, Ordering::SeqCst);
        });
        let mut slot = Slot::default();
        assert!(slot.start("job-test", None, &wake, || std::thread::current().name().map(str::to_owned)));
        assert!(!slot.start("job-test", None, &wake, || None), "a second job must wait for the first");
        let Poll::Ready(name) = wait(&mut slot) else { panic!("no result") };
        assert_eq!(name.as_deref(), Some("job-test"));
        assert_eq!(wakes.load(Ordering::SeqCst), 1);
        assert!(!slot.is_running());
    }

    #[test]
    fn a_slow_job_times_out_and_a_panicking_one_is_lost() {
        let wake: Wake = Arc::new(|| {});
        let mut slot = Slot::default();
        slot.start("job-slow", Some(Duration::from_millis(20)), &wake, || std::thread::sleep(Duration::from_secs(2)));
        assert!(matches!(wait(&mut slot), Poll::TimedOut));
        let mut slot: Slot<()> = Slot::default();
        slot.start("job-panic", None, &wake, || panic!("boom"));
        assert!(matches!(wait(&mut slot), Poll::Lost));
    }
}
