//! The smallest window with the app's renderer set-up: what opening a window costs before the app
//! adds anything. `scripts/bench-gui.sh` compares the app's first frame with this one's.
//!
//! Same `eframe::NativeOptions` as the app (`sk_support::ui::native_options`: wgpu, its backends,
//! size, icon) and the same measurement (`sk_support::ui::bench::Bench`): with
//! `SK_SUPPORT_BENCH=first-frame` it prints `first_frame_ms=…` (process start to the start of the
//! second frame) and closes; with `SK_SUPPORT_BENCH=frames` it reports its frames as the app does.
//!
//! `cargo run --release --example baseline_window`

use std::time::{Duration, Instant};

use eframe::egui;
use sk_support::ui::bench::Bench;

fn main() -> eframe::Result {
    let started = Instant::now();
    let bench = Bench::from_env(started);
    eframe::run_native(
        "sk-support-baseline",
        sk_support::ui::native_options(None),
        Box::new(move |_cc| Ok(Box::new(Baseline { bench }))),
    )
}

#[derive(Debug)]
struct Baseline {
    bench: Bench,
}

impl eframe::App for Baseline {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        egui::CentralPanel::default().show(ui, |ui| {
            ui.label("baseline");
        });
        let frame_time = frame.info().cpu_usage.map_or(Duration::ZERO, Duration::from_secs_f32);
        // Nothing runs in the background: settled from the start.
        self.bench.on_frame(ui.ctx(), frame_time, true);
    }
}
