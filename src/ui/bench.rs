//! Measurements the benchmark script reads (`SK_SUPPORT_BENCH`): the time to the first frame,
//! and frame times while the probes run plus repaints while idle. Off unless asked for.

use std::io::Write as _;
use std::time::{Duration, Instant};

use eframe::egui;

/// How long the window is watched for repaints once everything has settled.
pub const IDLE_WATCH: Duration = Duration::from_secs(3);

/// The bench's own wake-up comes this much after [`IDLE_WATCH`], so it is not counted as an
/// idle repaint.
const SLACK: Duration = Duration::from_millis(50);

#[derive(Debug, Clone, Default)]
pub enum Bench {
    #[default]
    Off,
    /// Print the time from process start to the end of the first frame, then close.
    FirstFrame { started: Instant, frames: u32 },
    /// Record each frame's time while probes run (the first frame excepted: the first-frame
    /// benchmark measures it), then count frames during [`IDLE_WATCH`].
    Frames { frames: u32, max_frame: Duration, busy_frames: u32, idle_since: Option<Instant>, idle_frames: u32 },
    /// Reported; the window is closing.
    Done,
}

impl Bench {
    pub fn from_env(started: Instant) -> Self {
        match std::env::var("SK_SUPPORT_BENCH").as_deref() {
            Ok("first-frame") => Self::FirstFrame { started, frames: 0 },
            Ok("frames") => {
                Self::Frames { frames: 0, max_frame: Duration::ZERO, busy_frames: 0, idle_since: None, idle_frames: 0 }
            }
            _ => Self::Off,
        }
    }

    /// Called at the end of every frame. `frame_time`: what the previous frame took (eframe's
    /// CPU time of a frame: our drawing, egui's layout, painting); `settled`: nothing running.
    pub fn on_frame(&mut self, ctx: &egui::Context, frame_time: Duration, settled: bool) {
        match self {
            Self::Off | Self::Done => {}
            Self::FirstFrame { started, frames } => {
                *frames += 1;
                // The first frame is laid out in pass 1 and shown when pass 2 begins.
                if *frames == 2 {
                    report(&format!("first_frame_ms={:.1}", started.elapsed().as_secs_f64() * 1000.0));
                    *self = Self::Done;
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                } else {
                    ctx.request_repaint();
                }
            }
            Self::Frames { frames, max_frame, busy_frames, idle_since, idle_frames } => {
                *frames += 1;
                match idle_since {
                    None if settled => {
                        *idle_since = Some(Instant::now());
                        ctx.request_repaint_after(IDLE_WATCH + SLACK);
                    }
                    None => {
                        *busy_frames += 1;
                        // Frame 2 reports frame 1's time: that one is the first frame's.
                        if *frames > 2 {
                            *max_frame = (*max_frame).max(frame_time);
                        }
                    }
                    Some(since) if since.elapsed() >= IDLE_WATCH => {
                        report(&format!(
                            "max_frame_ms={:.2} busy_frames={busy_frames} idle_frames={idle_frames} idle_secs={}",
                            max_frame.as_secs_f64() * 1000.0,
                            IDLE_WATCH.as_secs()
                        ));
                        *self = Self::Done;
                        ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                    }
                    Some(since) => {
                        *idle_frames += 1;
                        ctx.request_repaint_after(IDLE_WATCH.saturating_sub(since.elapsed()) + SLACK);
                    }
                }
            }
        }
    }
}

fn report(line: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}").and_then(|()| out.flush());
}
