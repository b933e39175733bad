//! Capturing the screens (xcap: GDI on Windows, X11 or the desktop portal on Linux, `CoreGraphics`
//! on macOS). Blocking: run it off the UI thread.

use image::RgbaImage;

/// One screen (monitor) as the system lists it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Screen {
    /// 1, 2, … in the system's order: what `--monitor N` and the window's chooser name.
    pub number: usize,
    pub name: String,
    pub x: i32,
    pub y: i32,
    pub width: u32,
    pub height: u32,
    pub primary: bool,
}

/// Which screens to capture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Which {
    /// Every screen, one picture each.
    #[default]
    All,
    /// The screen numbered so (from 1).
    Number(usize),
}

/// Why there is no capture.
#[derive(Debug, thiserror::Error)]
pub enum CaptureError {
    #[error("no screen to capture (is a desktop session running?)")]
    NoScreens,
    #[error("there is no screen {number}; this computer has {count}")]
    NoSuchScreen { number: usize, count: usize },
    #[error("capturing the screen failed: {0}")]
    Failed(String),
    #[error("this build cannot capture the screen")]
    Unsupported,
}

/// The screens, numbered from 1.
pub fn screens() -> Result<Vec<Screen>, CaptureError> {
    Ok(platform::monitors()?.into_iter().map(|(screen, _)| screen).collect())
}

/// Captures the chosen screens: one picture per screen, in the order of [`screens`].
pub fn capture(which: Which) -> Result<Vec<(Screen, RgbaImage)>, CaptureError> {
    let monitors = platform::monitors()?;
    if monitors.is_empty() {
        return Err(CaptureError::NoScreens);
    }
    let count = monitors.len();
    let chosen: Vec<_> = match which {
        Which::All => monitors,
        Which::Number(number) => {
            let found: Vec<_> = monitors.into_iter().filter(|(s, _)| s.number == number).collect();
            if found.is_empty() {
                return Err(CaptureError::NoSuchScreen { number, count });
            }
            found
        }
    };
    chosen.into_iter().map(|(screen, monitor)| Ok((screen, platform::grab(&monitor)?))).collect()
}

/// A line naming a screen, as the command line lists them.
pub fn describe(screen: &Screen) -> String {
    format!(
        "{}: {} {}×{} at {},{}{}",
        screen.number,
        screen.name,
        screen.width,
        screen.height,
        screen.x,
        screen.y,
        if screen.primary { " (primary)" } else { "" }
    )
}

#[cfg(feature = "capture")]
mod platform {
    use super::{CaptureError, Screen};
    use image::RgbaImage;

    pub fn monitors() -> Result<Vec<(Screen, xcap::Monitor)>, CaptureError> {
        let monitors = xcap::Monitor::all().map_err(failed)?;
        monitors
            .into_iter()
            .enumerate()
            .map(|(i, m)| {
                let screen = Screen {
                    number: i + 1,
                    name: m.name().unwrap_or_default(),
                    x: m.x().map_err(failed)?,
                    y: m.y().map_err(failed)?,
                    width: m.width().map_err(failed)?,
                    height: m.height().map_err(failed)?,
                    primary: m.is_primary().unwrap_or(false),
                };
                Ok((screen, m))
            })
            .collect()
    }

    pub fn grab(monitor: &xcap::Monitor) -> Result<RgbaImage, CaptureError> {
        let image = monitor.capture_image().map_err(failed)?;
        // xcap builds its image with its own `image` version; the pixels are plain RGBA bytes.
        let (w, h) = (image.width(), image.height());
        RgbaImage::from_raw(w, h, image.into_raw()).ok_or_else(|| CaptureError::Failed("bad pixel data".into()))
    }

    #[allow(clippy::needless_pass_by_value)] // used as a map_err function
    fn failed(e: xcap::XCapError) -> CaptureError {
        CaptureError::Failed(e.to_string())
    }
}

#[cfg(not(feature = "capture"))]
mod platform {
    use super::{CaptureError, Screen};
    use image::RgbaImage;

    pub enum Monitor {}

    pub fn monitors() -> Result<Vec<(Screen, Monitor)>, CaptureError> {
        Err(CaptureError::Unsupported)
    }

    pub fn grab(monitor: &Monitor) -> Result<RgbaImage, CaptureError> {
        match *monitor {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn screens_are_described_for_the_command_line() {
        let screen =
            Screen { number: 2, name: "DP-1".into(), x: 1920, y: 0, width: 2560, height: 1440, primary: false };
        assert_eq!(describe(&screen), "2: DP-1 2560×1440 at 1920,0");
        let primary = Screen { primary: true, number: 1, x: 0, ..screen };
        assert_eq!(describe(&primary), "1: DP-1 2560×1440 at 0,0 (primary)");
    }
}
