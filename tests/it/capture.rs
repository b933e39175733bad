//! `sk-support capture`: the real binary captures an X server of the test's own (Xvfb) whose
//! every pixel is known — the root painted one colour, one window of another at a known place
//! (no window manager runs, so it stays where it is put, undecorated) — and the PNG it writes is
//! compared with that, pixel by pixel.
//!
//! The Windows build runs under Wine on the same display (`SK_SUPPORT_TEST_RUNNER=wine`): GDI
//! then captures the X screen, windows of other programs included. Under Wine these tests must
//! not run beside other Wine programs of the prefix (see `common::wait_for_wine_desktop`);
//! scripts/test.sh runs them on their own. They run one at a time.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use image::RgbaImage;
use serde_json::Value;

use crate::common::{Xvfb, listing, run_bounded, sk_support, stderr, stdout, wait_for_wine_desktop};

const WIDTH: u32 = 1280;
const HEIGHT: u32 = 720;
const ROOT: [u8; 3] = [0x20, 0x40, 0x60];
const WINDOW: [u8; 3] = [0xff, 0x80, 0x00];
/// The window: x, y, width, height.
const WINDOW_AT: (u32, u32, u32, u32) = (100, 150, 300, 200);

static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn inside_window(x: u32, y: u32) -> bool {
    let (wx, wy, ww, wh) = WINDOW_AT;
    x >= wx && y >= wy && x < wx + ww && y < wy + wh
}

/// One test's screen: Xvfb, its root painted, optionally the window; a folder for the output.
/// Dropping it stops them; after a failure the folder is kept and its path printed.
struct Desk {
    dir: Option<tempfile::TempDir>,
    root: PathBuf,
    window: Option<Child>,
    xvfb: Xvfb,
    _one_at_a_time: MutexGuard<'static, ()>,
}

impl Desk {
    fn new(with_window: bool) -> Self {
        let lock = ONE_AT_A_TIME.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let dir = tempfile::Builder::new().prefix("sk-support-capture-").tempdir().unwrap();
        let root = dir.path().to_owned();
        let xvfb = Xvfb::start(&format!("{WIDTH}x{HEIGHT}x24"), &root.join("xvfb.log"));
        let mut desk = Self { dir: Some(dir), root, window: None, xvfb, _one_at_a_time: lock };
        let colour = |c: [u8; 3]| format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2]);
        let painted = run_bounded(desk.xvfb.command("xsetroot").args(["-solid", &colour(ROOT)]), secs(30)).unwrap();
        assert!(painted.status.success(), "xsetroot: {}", String::from_utf8_lossy(&painted.stderr));
        if with_window {
            // ImageMagick's viewer showing a plain image of the window's size, without a border.
            let (x, y, w, h) = WINDOW_AT;
            let window = desk
                .xvfb
                .command("display")
                .args(["-borderwidth", "0", "-geometry", &format!("{w}x{h}+{x}+{y}"), "-size", &format!("{w}x{h}")])
                .arg(format!("xc:{}", colour(WINDOW)))
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap_or_else(|e| panic!("display: {e} (scripts/test.sh installs imagemagick)"));
            desk.window = Some(window);
        }
        desk.wait_until_drawn(with_window);
        wait_for_wine_desktop(desk.xvfb.display(), secs(60));
        desk
    }

    /// Waits until the X server itself (read with ImageMagick's `import`, not the program under
    /// test) shows the root's colour and, with a window, the window mapped and painted.
    fn wait_until_drawn(&self, with_window: bool) {
        let end = Instant::now() + secs(30);
        let (wx, wy, ww, wh) = WINDOW_AT;
        loop {
            let shown = self.screen_as_x_shows_it();
            let ready = shown.as_ref().is_ok_and(|image| {
                rgb(image, 0, 0) == ROOT
                    && rgb(image, WIDTH - 1, HEIGHT - 1) == ROOT
                    && (!with_window
                        || (rgb(image, wx, wy) == WINDOW && rgb(image, wx + ww - 1, wy + wh - 1) == WINDOW))
            });
            if ready {
                return;
            }
            assert!(Instant::now() < end, "the screen was not drawn within 30 s: {:?}", shown.map(|i| i.dimensions()));
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn screen_as_x_shows_it(&self) -> Result<RgbaImage, String> {
        let out = run_bounded(self.xvfb.command("import").args(["-window", "root", "png:-"]), secs(30))?;
        if !out.status.success() {
            return Err(String::from_utf8_lossy(&out.stderr).into_owned());
        }
        image::load_from_memory(&out.stdout).map(|i| i.to_rgba8()).map_err(|e| e.to_string())
    }

    /// A folder for the output, empty.
    fn out_dir(&self) -> PathBuf {
        let dir = self.root.join("out");
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// `sk-support ARGS…` on this screen.
    fn sk_support(&self, args: &[&str]) -> Output {
        let mut cmd: Command = sk_support();
        self.xvfb.prepare(&mut cmd);
        cmd.args(args).output().expect("the binary runs")
    }
}

impl Drop for Desk {
    fn drop(&mut self) {
        if let Some(mut window) = self.window.take() {
            let _ = window.kill();
            let _ = window.wait();
        }
        if std::thread::panicking()
            && let Some(dir) = self.dir.take()
        {
            eprintln!("capture: kept {} (xvfb.log, out/)", dir.keep().display());
        }
    }
}

fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}

fn rgb(image: &RgbaImage, x: u32, y: u32) -> [u8; 3] {
    let [red, green, blue, _] = image.get_pixel(x, y).0;
    [red, green, blue]
}

fn path_arg(path: &Path) -> &str {
    path.to_str().expect("temporary paths are UTF-8")
}

/// The one path printed on standard output, read back as a picture.
fn written_picture(out: &Output, expected: &Path) -> RgbaImage {
    assert!(out.status.success(), "capture failed ({}): {}", out.status, stderr(out));
    assert_eq!(stdout(out).lines().collect::<Vec<_>>(), [path_arg(expected)], "the path written, one line");
    let bytes = std::fs::read(expected).unwrap();
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    image::load_from_memory_with_format(&bytes, image::ImageFormat::Png).unwrap().to_rgba8()
}

#[test]
fn a_capture_is_the_screen_pixel_for_pixel() {
    let desk = Desk::new(true);
    let file = desk.out_dir().join("shot.png");
    let out = desk.sk_support(&["capture", "--out", path_arg(&file)]);
    let picture = written_picture(&out, &file);
    assert_eq!(picture.dimensions(), (WIDTH, HEIGHT), "the screen's size");
    let mut wrong = Vec::new();
    for (x, y, px) in picture.enumerate_pixels() {
        let want = if inside_window(x, y) { WINDOW } else { ROOT };
        if px.0 != [want[0], want[1], want[2], 255] {
            wrong.push((x, y, px.0, want));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} pixels differ from the screen; the first: {:?}",
        wrong.len(),
        &wrong[..wrong.len().min(10)]
    );
    assert!(!stderr(&out).contains("capturing in"), "no delay, no countdown: {}", stderr(&out));
    assert_eq!(listing(&desk.out_dir()), ["shot.png"], "one file, no temporary left");
}

#[test]
fn a_screen_that_does_not_exist_is_named_and_nothing_is_written() {
    let desk = Desk::new(false);
    let file = desk.out_dir().join("shot.png");
    let out = desk.sk_support(&["capture", "--monitor", "2", "--out", path_arg(&file)]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).lines().any(|l| l == "--monitor: there is no screen 2; this computer has 1"),
        "{}",
        stderr(&out)
    );
    assert_eq!(stdout(&out), "");
    assert!(listing(&desk.out_dir()).is_empty(), "nothing written: {:?}", listing(&desk.out_dir()));
}

#[test]
fn the_screens_are_listed_with_their_size() {
    let desk = Desk::new(false);
    let out = desk.sk_support(&["capture", "--list"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1, "one screen: {text}");
    assert!(lines[0].starts_with("1: "), "{text}");
    assert!(lines[0].contains(&format!(" {WIDTH}×{HEIGHT} at 0,0")), "{text}");

    let out = desk.sk_support(&["capture", "--list", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{e}: {}", stdout(&out)));
    let screens = v.as_array().unwrap();
    assert_eq!(screens.len(), 1, "{v}");
    assert_eq!(screens[0]["number"], 1);
    assert_eq!((screens[0]["width"].as_u64(), screens[0]["height"].as_u64()), (Some(1280), Some(720)), "{v}");
    assert_eq!((screens[0]["x"].as_i64(), screens[0]["y"].as_i64()), (Some(0), Some(0)), "{v}");
    assert!(screens[0]["name"].as_str().is_some_and(|n| !n.is_empty()), "{v}");
}

#[test]
fn a_delay_waits_before_capturing_and_says_so_once() {
    let desk = Desk::new(false);
    let file = desk.out_dir().join("later.png");
    let started = Instant::now();
    let out = desk.sk_support(&["capture", "--delay", "1", "--monitor", "1", "--out", path_arg(&file)]);
    let elapsed = started.elapsed();
    let picture = written_picture(&out, &file);
    assert!(elapsed >= secs(1), "--delay 1 took {elapsed:?}");
    assert_eq!(picture.dimensions(), (WIDTH, HEIGHT));
    assert_eq!(stderr(&out).matches("capturing in 1 s").count(), 1, "{}", stderr(&out));
}

#[test]
fn the_file_must_be_a_png_in_a_folder_that_exists() {
    let desk = Desk::new(false);
    let dir = desk.out_dir();
    let out = desk.sk_support(&["capture", "--out", path_arg(&dir.join("shot.jpg"))]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("the file name must end in .png"), "{}", stderr(&out));

    let missing = dir.join("no-such-folder").join("shot.png");
    let out = desk.sk_support(&["capture", "--delay", "600", "--out", path_arg(&missing)]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains(&format!("{}: cannot write the file", path_arg(&missing))), "{err}");
    assert!(!err.contains("capturing in"), "a folder that does not exist fails before the delay: {err}");
    assert!(listing(&dir).is_empty(), "nothing written: {:?}", listing(&dir));
}
