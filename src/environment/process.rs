//! Running a helper program (`java -version`, `firefox --version`) with a deadline: never a
//! console window, never standard input, killed when the deadline passes.

use std::io::Read as _;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::ProbeError;

/// What a finished program printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Captured {
    pub stdout: String,
    pub stderr: String,
    pub success: bool,
}

/// Runs `cmd` to its end or until `deadline`, whichever comes first; on the deadline the program
/// is killed and an error returned.
pub fn output_until(mut cmd: Command, deadline: Instant) -> Result<Captured, ProbeError> {
    cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    hide_console(&mut cmd);
    let program = cmd.get_program().to_string_lossy().into_owned();
    let mut child = cmd.spawn().map_err(|e| ProbeError(format!("{program}: {e}")))?;
    // Read both pipes on their own threads: a program that fills one while we wait on the other
    // would otherwise never finish.
    let readers: Vec<_> = [child.stdout.take().map(box_reader), child.stderr.take().map(box_reader)]
        .into_iter()
        .map(|pipe| {
            std::thread::Builder::new().name("probe-pipe".into()).spawn(move || {
                let mut text = Vec::new();
                if let Some(mut pipe) = pipe {
                    let _ = pipe.read_to_end(&mut text);
                }
                String::from_utf8_lossy(&text).into_owned()
            })
        })
        .collect();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(ProbeError(format!("{program}: no answer in time")));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return Err(ProbeError(format!("{program}: {e}"))),
        }
    };
    let mut texts = readers.into_iter().map(|r| r.ok().and_then(|h| h.join().ok()).unwrap_or_default());
    let stdout = texts.next().unwrap_or_default();
    let stderr = texts.next().unwrap_or_default();
    Ok(Captured { stdout, stderr, success: status.success() })
}

fn box_reader<R: std::io::Read + Send + 'static>(r: R) -> Box<dyn std::io::Read + Send> {
    Box::new(r)
}

#[cfg(windows)]
fn hide_console(cmd: &mut Command) {
    use std::os::windows::process::CommandExt as _;
    cmd.creation_flags(windows_sys::Win32::System::Threading::CREATE_NO_WINDOW);
}

#[cfg(not(windows))]
fn hide_console(_: &mut Command) {}

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
    fn a_missing_program_is_an_error() {
        let err = output_until(Command::new("/nonexistent/java"), Instant::now() + Duration::from_secs(1)).unwrap_err();
        assert!(err.0.starts_with("/nonexistent/java: "), "{err}");
    }
}
