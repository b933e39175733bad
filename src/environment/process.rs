//! Running a helper program (`java -version`, `firefox --version`) with a deadline: never a
//! console window, never standard input, and nothing of it outlives the deadline — not the
//! program, not what it started, not our wait for its output.

use std::io::Read as _;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::ProbeError;

/// What a finished program printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Captured {
    pub stdout: String,
    pub stderr: String,
    pub success: bool,
}

/// Runs `cmd` to its end or until `deadline`, whichever comes first. On the deadline the program
/// and everything it started are killed and an error returned. Output that a left-behind child
/// keeps open is not waited for past the deadline.
pub fn output_until(mut cmd: Command, deadline: Instant) -> Result<Captured, ProbeError> {
    cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    // The keystore password a user may have set for `cert`/`compose --keystore` is nobody
    // else's business.
    cmd.env_remove("SK_CERT_PASSWORD");
    platform::prepare(&mut cmd);
    let program = cmd.get_program().to_string_lossy().into_owned();
    let mut child = cmd.spawn().map_err(|e| ProbeError(format!("{program}: {e}")))?;
    // Read both pipes on their own threads: a program that fills one while we wait on the other
    // would otherwise never finish. They report over a channel, so the wait has a deadline.
    let (tx, rx) = mpsc::channel::<(usize, String)>();
    let mut readers = 0;
    for (index, pipe) in [child.stdout.take().map(boxed), child.stderr.take().map(boxed)].into_iter().enumerate() {
        let tx = tx.clone();
        let spawned = std::thread::Builder::new().name("probe-pipe".into()).spawn(move || {
            let mut text = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut text);
            }
            let _ = tx.send((index, String::from_utf8_lossy(&text).into_owned()));
        });
        readers += usize::from(spawned.is_ok());
    }
    drop(tx);
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() >= deadline => {
                kill_all(&mut child);
                return Err(ProbeError(format!("{program}: no answer in time")));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => {
                kill_all(&mut child);
                return Err(ProbeError(format!("{program}: {e}")));
            }
        }
    };
    // The program has ended; anything it left running is ended too, so its pipes close.
    platform::kill_group(&child);
    let mut texts = [String::new(), String::new()];
    for _ in 0..readers {
        match rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok((index, text)) => texts[index] = text,
            Err(_) => break,
        }
    }
    let [stdout, stderr] = texts;
    Ok(Captured { stdout, stderr, success: status.success() })
}

fn boxed<R: std::io::Read + Send + 'static>(r: R) -> Box<dyn std::io::Read + Send> {
    Box::new(r)
}

fn kill_all(child: &mut Child) {
    platform::kill_group(child);
    let _ = child.kill();
    let _ = child.wait();
}

#[cfg(unix)]
mod platform {
    use std::os::unix::process::CommandExt as _;
    use std::process::{Child, Command};

    /// Its own process group, so that whatever it starts can be ended with it.
    pub fn prepare(cmd: &mut Command) {
        cmd.process_group(0);
    }

    #[allow(unsafe_code)] // kill(2) on the group we created for this child
    pub fn kill_group(child: &Child) {
        if let Ok(pid) = libc::pid_t::try_from(child.id()) {
            // SAFETY: signalling a process group has no memory effects; the group id is the
            // child's pid because `prepare` made it the group leader.
            unsafe { libc::kill(-pid, libc::SIGKILL) };
        }
    }
}

#[cfg(windows)]
mod platform {
    use std::os::windows::process::CommandExt as _;
    use std::process::{Child, Command};

    /// No console window flashing up on the user's screen.
    pub fn prepare(cmd: &mut Command) {
        cmd.creation_flags(windows_sys::Win32::System::Threading::CREATE_NO_WINDOW);
    }

    /// The programs asked (`java.exe`, never a browser) start no children of their own.
    pub fn kill_group(_: &Child) {}
}

#[cfg(not(any(unix, windows)))]
mod platform {
    use std::process::{Child, Command};

    pub fn prepare(_: &mut Command) {}

    pub fn kill_group(_: &Child) {}
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn captures_both_streams() {
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "echo out; echo err >&2"]);
        let c = output_until(cmd, Instant::now() + Duration::from_secs(5)).unwrap();
        assert_eq!((c.stdout.as_str(), c.stderr.as_str(), c.success), ("out\n", "err\n", true));
    }

    #[test]
    fn a_program_past_the_deadline_is_killed() {
        let mut cmd = Command::new("sleep");
        cmd.arg("10");
        let start = Instant::now();
        let err = output_until(cmd, start + Duration::from_millis(200)).unwrap_err();
        assert!(start.elapsed() < Duration::from_secs(2), "{:?}", start.elapsed());
        assert!(err.0.contains("no answer in time"), "{err}");
    }

    #[test]
    fn what_a_program_leaves_behind_is_ended_and_not_waited_for() {
        let dir = tempfile::tempdir().unwrap();
        let marker = dir.path().join("still-running");
        // The child prints and exits at once; its own child keeps stdout open for 3 s, then
        // would leave a marker.
        let mut cmd = Command::new("sh");
        cmd.arg("-c").arg(format!("(sleep 3; touch '{}') & echo hi", marker.display()));
        let start = Instant::now();
        let c = output_until(cmd, start + Duration::from_millis(500)).unwrap();
        assert!(start.elapsed() < Duration::from_secs(1), "{:?}", start.elapsed());
        assert_eq!(c.stdout, "hi\n");
        std::thread::sleep(Duration::from_millis(3500));
        assert!(!marker.exists(), "the grandchild was killed with its group");
    }

    #[test]
    fn a_group_past_the_deadline_is_killed_whole() {
        let dir = tempfile::tempdir().unwrap();
        let marker = dir.path().join("survived");
        let mut cmd = Command::new("sh");
        cmd.arg("-c").arg(format!("(sleep 1; touch '{}') & sleep 10", marker.display()));
        let start = Instant::now();
        assert!(output_until(cmd, start + Duration::from_millis(200)).is_err());
        assert!(start.elapsed() < Duration::from_secs(1), "{:?}", start.elapsed());
        std::thread::sleep(Duration::from_millis(1500));
        assert!(!marker.exists(), "the background child died with the group");
    }

    #[test]
    fn the_keystore_password_is_not_passed_on() {
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "echo \"[$SK_CERT_PASSWORD]\""]).env("SK_CERT_PASSWORD", "Qwerty12");
        let c = output_until(cmd, Instant::now() + Duration::from_secs(5)).unwrap();
        assert_eq!(c.stdout, "[]\n");
    }

    #[test]
    fn a_missing_program_is_an_error() {
        let err = output_until(Command::new("/nonexistent/java"), Instant::now() + Duration::from_secs(1)).unwrap_err();
        assert!(err.0.starts_with("/nonexistent/java: "), "{err}");
    }
}
