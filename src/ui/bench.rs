//! Measurements the benchmark script reads (`SK_SUPPORT_BENCH`): the time to the first frame,
//! and frame times while the probes run plus repaints while idle. Off unless asked for.

use std::io::Write as _;
use std::time::{Duration, Instant};

use eframe::egui;

/// How long the window is watched for repaints once everything has settled.
pub const IDLE_WATCH: Duration = Duration::from_secs(3);

#[derive(Debug, Clone, Default)]
pub enum Bench {
    #[default]
    Off,
    /// Print the time from process start to the end of the first frame, then close.
    FirstFrame { started: Instant, frames: u32 },
    /// Record each frame's time while probes run, then count frames during [`IDLE_WATCH`].
    Frames { max_frame: Duration, busy_frames: u32, idle_since: Option<Instant>, idle_frames: u32 },
}

impl Bench {
    pub fn from_env(started: Instant) -> Self {
        match std::env::var("SK_SUPPORT_BENCH").as_deref() {
            Ok("first-frame") => Self::FirstFrame { started, frames: 0 },
            Ok("frames") => {
                Self::Frames { max_frame: Duration::ZERO, busy_frames: 0, idle_since: None, idle_frames: 0 }
            }
            _ => Self::Off,
        }
    }

    /// Called at the end of every frame. `frame_time`: what the frame took (our drawing plus
    /// egui's layout); `settled`: no probe or job is running.
    pub fn on_frame(&mut self, ctx: &egui::Context, frame_time: Duration, settled: bool) {
        match self {
            Self::Off => {}
            Self::FirstFrame { started, frames } => {
                *frames += 1;
                // The first frame is laid out in pass 1 and shown when pass 2 begins.
                if *frames == 2 {
                    report(&format!("first_frame_ms={:.1}", started.elapsed().as_secs_f64() * 1000.0));
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                } else {
                    ctx.request_repaint();
                }
            }
            Self::Frames { max_frame, busy_frames, idle_since, idle_frames } => match idle_since {
                None if settled => {
                    *idle_since = Some(Instant::now());
                    ctx.request_repaint_after(IDLE_WATCH);
                }
                None => {
                    *busy_frames += 1;
                    *max_frame = (*max_frame).max(frame_time);
                }
                Some(since) if since.elapsed() >= IDLE_WATCH => {
                    report(&format!(
                        "max_frame_ms={:.2} busy_frames={busy_frames} idle_frames={idle_frames} idle_secs={}",
                        max_frame.as_secs_f64() * 1000.0,
                        IDLE_WATCH.as_secs()
                    ));
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
                Some(_) => *idle_frames += 1,
            },
        }
    }
}

fn report(line: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}").and_then(|()| out.flush());
}
