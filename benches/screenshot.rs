//! Encoding a screenshot: the app's PNG (`attachments::picture::encode_png`, oxipng at the preset
//! picture.rs uses) against the `image` crate's default PNG encoder and `optipng -o2` run on that
//! encoder's output; oxipng presets 0 to 3 for information.
//!
//! Targets: the app's PNG is at most 1.1 × optipng's size, and takes at most 300 ms (median).
//! `cargo bench --bench screenshot -- FRAME.png [RUNS]` (or `SK_BENCH_FRAME=FRAME.png`; 5 runs by
//! default); `scripts/bench-capture.sh` captures a realistic frame and runs it. Exits 1 when a
//! target is missed, 2 when it cannot run.

#![allow(clippy::print_stdout, clippy::print_stderr, clippy::cast_precision_loss)] // a report for people

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use image::RgbaImage;
use sk_support::attachments::picture;

/// The app's PNG may be at most this much larger than optipng's.
const MAX_SIZE_RATIO: f64 = 1.1;
/// The app's PNG may take at most this long (median).
const MAX_ENCODE: Duration = Duration::from_millis(300);
/// What picture.rs gives oxipng besides the preset, so the presets compare like with like.
const OXIPNG_TIMEOUT: Duration = picture::PNG_TIMEOUT;
/// The preset picture.rs uses, to name the row and to suggest another one.
const APP_PRESET: u8 = picture::PNG_PRESET;

/// One encoder's figures.
struct Row {
    name: String,
    bytes: usize,
    times: Vec<Duration>,
}

impl Row {
    fn best(&self) -> Duration {
        self.times.iter().copied().min().unwrap_or_default()
    }

    fn median(&self) -> Duration {
        let mut sorted = self.times.clone();
        sorted.sort();
        sorted.get(sorted.len() / 2).copied().unwrap_or_default()
    }
}

/// Runs `encode` `runs` times; the output must be the same size every time.
fn measure(
    name: &str,
    runs: usize,
    mut encode: impl FnMut() -> Result<Vec<u8>, String>,
) -> Result<(Row, Vec<u8>), String> {
    let mut times = Vec::with_capacity(runs);
    let mut output = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        output = encode().map_err(|e| format!("{name}: {e}"))?;
        times.push(start.elapsed());
    }
    Ok((Row { name: name.to_owned(), bytes: output.len(), times }, output))
}

fn oxipng(image: &RgbaImage, preset: u8) -> Result<Vec<u8>, String> {
    let (width, height) = image.dimensions();
    let raw =
        oxipng::RawImage::new(width, height, oxipng::ColorType::RGBA, oxipng::BitDepth::Eight, image.as_raw().clone())
            .map_err(|e| e.to_string())?;
    let mut options = oxipng::Options::from_preset(preset);
    options.timeout = Some(OXIPNG_TIMEOUT);
    raw.create_optimized_png(&options).map_err(|e| e.to_string())
}

fn image_png(image: &RgbaImage) -> Result<Vec<u8>, String> {
    use image::ImageEncoder as _;
    let mut bytes = Vec::new();
    image::codecs::png::PngEncoder::new(&mut bytes)
        .write_image(image.as_raw(), image.width(), image.height(), image::ExtendedColorType::Rgba8)
        .map_err(|e| e.to_string())?;
    Ok(bytes)
}

/// `optipng -o2` on `input` (a PNG file), writing a new file each time; its bytes.
fn optipng(input: &Path, dir: &Path) -> Result<Vec<u8>, String> {
    let out = dir.join("optipng.png");
    let _ = std::fs::remove_file(&out);
    let status = Command::new("optipng")
        .args(["-o2", "-quiet", "-out"])
        .arg(&out)
        .arg(input)
        .status()
        .map_err(|e| format!("{e} (apt package optipng)"))?;
    if !status.success() {
        return Err(format!("optipng ended with {status}"));
    }
    std::fs::read(&out).map_err(|e| e.to_string())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() -> ExitCode {
    // cargo bench adds `--bench`; the frame is the first other argument, a number the runs.
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let runs: usize = args.iter().find_map(|a| a.parse().ok()).unwrap_or(5).max(1);
    let frame = args
        .iter()
        .find(|a| a.parse::<usize>().is_err())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("SK_BENCH_FRAME").map(PathBuf::from));
    let Some(frame) = frame else {
        eprintln!("usage: cargo bench --bench screenshot -- FRAME.png [RUNS]  (or SK_BENCH_FRAME=FRAME.png)");
        // `cargo test --benches` runs it without `--bench`: nothing to measure is no failure there.
        let benchmarking = std::env::args().any(|a| a == "--bench");
        return if benchmarking { ExitCode::from(2) } else { ExitCode::SUCCESS };
    };
    match run(&frame, runs) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("{}: {e}", frame.display());
            ExitCode::from(2)
        }
    }
}

/// Measures and prints; `Ok(false)` when a target is missed.
fn run(frame: &Path, runs: usize) -> Result<bool, String> {
    let image = picture::decode(&std::fs::read(frame).map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    // Warm up: the first encode pays for thread pools and page faults.
    let _ = picture::encode_png(&image);

    let (app, app_png) = measure(&format!("(a) encode_png (oxipng preset {APP_PRESET})"), runs, || {
        picture::encode_png(&image).map_err(|e| e.to_string())
    })?;
    let back = picture::decode(&app_png).map_err(|e| format!("(a) does not decode: {e}"))?;
    if back != image {
        return Err("(a) is not lossless: the decoded pixels differ".into());
    }
    let mut presets = Vec::new();
    for preset in 0..=3u8 {
        presets.push(measure(&format!("    oxipng preset {preset}"), runs, || oxipng(&image, preset))?.0);
    }
    let (plain, plain_png) = measure("(b) image PngEncoder (default)", runs, || image_png(&image))?;
    let plain_file = dir.path().join("image.png");
    std::fs::write(&plain_file, &plain_png).map_err(|e| e.to_string())?;
    let (optimised, _) = measure("(c) optipng -o2 on (b)", runs, || optipng(&plain_file, dir.path()))?;

    let (width, height) = image.dimensions();
    println!(
        "frame {} ({width}×{height}, {} bytes), {runs} runs each:",
        frame.display(),
        std::fs::metadata(frame).map_or(0, |m| m.len())
    );
    println!("  {:<34} {:>10} {:>9} {:>10}", "encoder", "bytes", "best ms", "median ms");
    for row in std::iter::once(&app).chain(&presets).chain([&plain, &optimised]) {
        println!("  {:<34} {:>10} {:>9.1} {:>10.1}", row.name, row.bytes, ms(row.best()), ms(row.median()));
    }

    let meets = |row: &Row| (row.bytes as f64) <= MAX_SIZE_RATIO * optimised.bytes as f64 && row.median() <= MAX_ENCODE;
    let ratio = app.bytes as f64 / optimised.bytes as f64;
    let size_ok = ratio <= MAX_SIZE_RATIO;
    let time_ok = app.median() <= MAX_ENCODE;
    let verdict = |ok: bool| if ok { "ok     " } else { "MISSED " };
    println!();
    println!("{}size of (a) ≤ {MAX_SIZE_RATIO} × optipng's: {ratio:.3}", verdict(size_ok));
    println!("{}time of (a) ≤ {} ms (median): {:.1} ms", verdict(time_ok), MAX_ENCODE.as_millis(), ms(app.median()));
    if !(size_ok && time_ok) {
        let others: Vec<String> = (0..=3u8)
            .zip(&presets)
            .filter(|(p, row)| *p != APP_PRESET && meets(row))
            .map(|(p, _)| p.to_string())
            .collect();
        if others.is_empty() {
            println!("no oxipng preset 0–3 meets both targets on this frame");
        } else {
            println!("oxipng preset(s) {} meet both targets on this frame", others.join(", "));
        }
    }
    Ok(size_ok && time_ok)
}
