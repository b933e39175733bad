//! Screenshots in the window: the capture sequence (countdown, window away, capture, back), the
//! editor's state, thumbnails, pasting and shrinking. Pixels are only worked on in jobs; the
//! files live in the draft's folder from the moment they exist.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use eframe::egui;
use image::RgbaImage;

use super::jobs::Slot;
use crate::attachments::capture::{CaptureError, Screen, Which};
use crate::attachments::folder::{self, DraftFolder};
use crate::attachments::picture::{self, Edit, PictureError, Rect};

/// The countdowns offered, in seconds (0: at once).
pub const DELAYS_SECS: [u32; 4] = [0, 3, 5, 10];
/// The global shortcut that captures at once while the countdown runs, as shown to the user.
pub const HOTKEY_TEXT: &str = "Ctrl+Alt+P";
/// How long the window is given to disappear before the screen is captured (the compositor
/// redraws what was under it).
pub const AWAY_SETTLE: Duration = Duration::from_millis(400);
/// How long a capture with its encoding may take.
pub const CAPTURE_DEADLINE: Duration = Duration::from_mins(1);
/// How long decoding or encoding one picture may take.
pub const PICTURE_DEADLINE: Duration = Duration::from_mins(1);
/// The longest edge of a thumbnail in the list, in pixels.
pub const THUMB_EDGE: u32 = 160;
/// The largest texture the editor shows (GPUs allow 8192; a larger picture is shown scaled).
const MAX_TEXTURE_EDGE: u32 = 8192;
/// Pictures above this size are offered a shrink to JPEG.
pub const SHRINK_OFFER_BYTES: u64 = 1024 * 1024;

/// Screens and the clipboard, as jobs see them. The real ones use xcap and arboard; tests draw
/// their own pictures.
pub trait Screens: Send + Sync {
    fn list(&self) -> Result<Vec<Screen>, CaptureError>;
    fn capture(&self, which: Which) -> Result<Vec<(Screen, RgbaImage)>, CaptureError>;
    /// The picture on the clipboard, if any.
    fn clipboard_image(&self) -> Option<RgbaImage>;
}

/// The real screens and clipboard.
#[derive(Debug)]
pub struct SystemScreens;

impl Screens for SystemScreens {
    fn list(&self) -> Result<Vec<Screen>, CaptureError> {
        crate::attachments::capture::screens()
    }

    fn capture(&self, which: Which) -> Result<Vec<(Screen, RgbaImage)>, CaptureError> {
        crate::attachments::capture::capture(which)
    }

    fn clipboard_image(&self) -> Option<RgbaImage> {
        let image = arboard::Clipboard::new().ok()?.get_image().ok()?;
        let (w, h) = (u32::try_from(image.width).ok()?, u32::try_from(image.height).ok()?);
        RgbaImage::from_raw(w, h, image.bytes.into_owned())
    }
}

/// Why a picture could not be made, changed or read.
#[derive(Debug, thiserror::Error)]
pub enum ShotError {
    #[error(transparent)]
    Capture(#[from] CaptureError),
    #[error(transparent)]
    Picture(#[from] PictureError),
    #[error("{}: {source}", path.display())]
    Write { path: PathBuf, source: std::io::Error },
    #[error("{}: {source}", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    #[error("the clipboard holds no picture")]
    NoClipboardImage,
}

/// Where the capture sequence is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Waiting for the user to bring up the failing page; the window is minimised.
    Countdown { until: Instant },
    /// The window was told to go; the screen is captured once it has.
    Away { since: Instant },
    /// The capture job runs.
    Capturing,
}

/// The editing tool.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tool {
    #[default]
    Redact,
    Crop,
}

/// A picture open in the editor: the file, its pixels, the edits so far.
pub struct Editor {
    pub path: PathBuf,
    pub base: RgbaImage,
    pub edits: Vec<Edit>,
    /// `base` with `edits` applied: what is shown and what will be written.
    pub shown: RgbaImage,
    pub texture: Option<egui::TextureHandle>,
    /// `shown` changed since the texture was made.
    pub texture_stale: bool,
    pub tool: Tool,
    /// Where the current drag started, in the picture's pixels.
    pub drag_from: Option<(f32, f32)>,
    /// The apply job runs.
    pub saving: bool,
}

impl std::fmt::Debug for Shots {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shots").field("stage", &self.stage).field("editor", &self.editor).finish_non_exhaustive()
    }
}

impl std::fmt::Debug for Hotkey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hotkey").field("registered", &self.registered).finish_non_exhaustive()
    }
}

impl std::fmt::Debug for Editor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Editor").field("path", &self.path).field("edits", &self.edits).finish_non_exhaustive()
    }
}

impl Editor {
    pub fn new(path: PathBuf, base: RgbaImage) -> Self {
        let shown = base.clone();
        Self {
            path,
            base,
            edits: Vec::new(),
            shown,
            texture: None,
            texture_stale: true,
            tool: Tool::default(),
            drag_from: None,
            saving: false,
        }
    }

    /// Adds an edit (in the pixels of the picture as shown).
    pub fn push(&mut self, edit: Edit) {
        match edit {
            Edit::Redact(rect) => picture::redact(&mut self.shown, rect),
            Edit::Crop(rect) => self.shown = picture::crop(&self.shown, rect),
        }
        self.edits.push(edit);
        self.texture_stale = true;
    }

    pub fn undo(&mut self) {
        if self.edits.pop().is_some() {
            self.shown = picture::apply(&self.base, &self.edits);
            self.texture_stale = true;
        }
    }

    /// The picture as a texture (a cheap handle), made again after a change.
    pub fn texture(&mut self, ctx: &egui::Context) -> egui::TextureHandle {
        let texture = match self.texture.take() {
            Some(mut texture) => {
                if self.texture_stale {
                    texture.set(self.fitted(), egui::TextureOptions::LINEAR);
                }
                texture
            }
            None => ctx.load_texture("editor", self.fitted(), egui::TextureOptions::LINEAR),
        };
        self.texture_stale = false;
        self.texture = Some(texture.clone());
        texture
    }

    /// The shown picture within the largest texture GPUs take.
    fn fitted(&self) -> egui::ColorImage {
        color_image(&picture::thumbnail(&self.shown, MAX_TEXTURE_EDGE))
    }

    /// A rectangle from a drag between two points in the picture's pixels.
    pub fn rect_between(&self, a: (f32, f32), b: (f32, f32)) -> Option<Rect> {
        Rect::between(a, b, self.shown.dimensions())
    }
}

/// The window's screenshot state, apart from the form (which holds the attachment paths).
#[derive(Default)]
pub struct Shots {
    pub stage: Option<Stage>,
    /// Screens listed for the chooser.
    pub screens: Vec<Screen>,
    pub list_screens: Slot<Result<Vec<Screen>, CaptureError>>,
    /// New pictures written to the draft's folder: captures and pastes.
    pub new_files: Slot<Result<Vec<(PathBuf, u64)>, ShotError>>,
    /// A picture replaced by an edited or shrunk one: (old path, new path, new size).
    pub replace: Slot<Result<(PathBuf, PathBuf, u64), ShotError>>,
    pub open_editor: Slot<Result<(PathBuf, RgbaImage), ShotError>>,
    pub editor: Option<Editor>,
    pub thumbs: BTreeMap<String, (u64, egui::TextureHandle)>,
    /// Pictures whose thumbnail could not be made (not shown as pictures).
    pub no_thumb: BTreeSet<String>,
    pub make_thumbs: Slot<Vec<(String, u64, Option<egui::ColorImage>)>>,
    pub remove_files: Slot<usize>,
    pub hotkey: Option<Hotkey>,
    /// The global shortcut is listened to during this countdown.
    pub hotkey_ok: bool,
    /// The seconds last written into the window's title.
    pub countdown_shown: Option<u64>,
    /// Files waiting for the running removal to end.
    pub to_remove: Vec<PathBuf>,
    /// The form's generation the running capture or paste belongs to.
    pub generation: u64,
}

/// The global "capture now" shortcut, registered while a countdown runs.
pub struct Hotkey {
    manager: global_hotkey::GlobalHotKeyManager,
    key: global_hotkey::hotkey::HotKey,
    pressed: Receiver<()>,
    registered: bool,
}

impl Hotkey {
    /// Creates the manager (on the window's thread) and routes presses to a channel that wakes
    /// the window. `None` where there is none (Wayland, no display).
    pub fn new(wake: super::jobs::Wake) -> Option<Self> {
        use global_hotkey::hotkey::{Code, HotKey, Modifiers};
        let manager = global_hotkey::GlobalHotKeyManager::new().ok()?;
        let key = HotKey::new(Some(Modifiers::CONTROL | Modifiers::ALT), Code::KeyP);
        let id = key.id();
        let (tx, pressed) = channel();
        global_hotkey::GlobalHotKeyEvent::set_event_handler(Some(move |event: global_hotkey::GlobalHotKeyEvent| {
            if event.id() == id && event.state() == global_hotkey::HotKeyState::Pressed {
                let _ = tx.send(());
                wake();
            }
        }));
        Some(Self { manager, key, pressed, registered: false })
    }

    /// Starts listening; false when another program holds the shortcut.
    pub fn register(&mut self) -> bool {
        while self.pressed.try_recv().is_ok() {}
        if !self.registered {
            self.registered = self.manager.register(self.key).is_ok();
        }
        self.registered
    }

    pub fn unregister(&mut self) {
        if self.registered {
            let _ = self.manager.unregister(self.key);
            self.registered = false;
        }
    }

    /// Whether it was pressed since the last call.
    pub fn pressed(&self) -> bool {
        let mut any = false;
        while self.pressed.try_recv().is_ok() {
            any = true;
        }
        any
    }
}

/// Captures, encodes and writes one PNG per screen. Runs in a job.
pub fn capture_to_folder(
    screens: &dyn Screens,
    which: Which,
    folder: &DraftFolder,
    now: DateTime<Utc>,
) -> Result<Vec<(PathBuf, u64)>, ShotError> {
    let captured = screens.capture(which)?;
    captured.iter().map(|(_, image)| write_png(image, folder, &folder::screenshot_name(now))).collect()
}

/// Encodes a picture as PNG into the draft's folder under a free name.
pub fn write_png(image: &RgbaImage, folder: &DraftFolder, name: &str) -> Result<(PathBuf, u64), ShotError> {
    let png = picture::encode_png(image)?;
    let path =
        folder.write_new(name, &png).map_err(|source| ShotError::Write { path: folder.dir().join(name), source })?;
    Ok((path, png.len() as u64))
}

/// Reads and decodes a picture for the editor.
pub fn open_picture(path: &Path) -> Result<RgbaImage, ShotError> {
    let bytes = std::fs::read(path).map_err(|source| ShotError::Read { path: path.to_owned(), source })?;
    Ok(picture::decode(&bytes)?)
}

/// Writes an edited picture: over the draft's own file, or as a copy beside the draft's files
/// when it is the user's (which is never changed). JPEGs stay JPEG. Returns the new path and size.
pub fn save_edited(image: &RgbaImage, path: &Path, folder: &DraftFolder) -> Result<(PathBuf, u64), ShotError> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let jpeg = picture::is_jpeg(&name);
    let bytes = if jpeg {
        picture::encode_jpeg(image, u32::MAX, picture::REWRITE_QUALITY)?
    } else {
        picture::encode_png(image)?
    };
    let write_err = |source| ShotError::Write { path: path.to_owned(), source };
    if folder.holds(path) {
        folder.replace(path, &bytes).map_err(write_err)?;
        Ok((path.to_owned(), bytes.len() as u64))
    } else {
        let new = folder.write_new(&folder::edited_name(&name, jpeg), &bytes).map_err(write_err)?;
        Ok((new, bytes.len() as u64))
    }
}

/// A smaller JPEG of a picture, beside the draft's files. The draft's own old file is removed.
pub fn shrink(path: &Path, folder: &DraftFolder) -> Result<(PathBuf, u64), ShotError> {
    let image = open_picture(path)?;
    let bytes = picture::encode_jpeg(&image, picture::SHRINK_EDGE, picture::SHRINK_QUALITY)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let new = folder
        .write_new(&folder::shrunk_name(&name), &bytes)
        .map_err(|source| ShotError::Write { path: path.to_owned(), source })?;
    folder.remove(&[path.to_owned()]);
    Ok((new, bytes.len() as u64))
}

/// Thumbnails of pictures `(path, size)`; `None` for what cannot be decoded.
pub fn thumbnails(paths: Vec<(String, u64)>) -> Vec<(String, u64, Option<egui::ColorImage>)> {
    paths
        .into_iter()
        .map(|(path, size)| {
            let thumb = open_picture(Path::new(&path)).ok().map(|i| color_image(&picture::thumbnail(&i, THUMB_EDGE)));
            (path, size, thumb)
        })
        .collect()
}

/// egui's image of a picture.
pub fn color_image(image: &RgbaImage) -> egui::ColorImage {
    let size = [image.width() as usize, image.height() as usize];
    egui::ColorImage::from_rgba_unmultiplied(size, image.as_raw())
}

/// A pasted picture (egui's, premultiplied) as plain RGBA.
pub fn from_color_image(image: &egui::ColorImage) -> Option<RgbaImage> {
    let [w, h] = image.size;
    let bytes: Vec<u8> = image.pixels.iter().flat_map(egui::Color32::to_srgba_unmultiplied).collect();
    RgbaImage::from_raw(u32::try_from(w).ok()?, u32::try_from(h).ok()?, bytes)
}

/// The pictures of a list that thumbnails are wanted for.
pub fn wants_thumb(path: &str) -> bool {
    picture::is_editable(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_apply_to_the_shown_picture_and_undo_goes_back() {
        let base = RgbaImage::from_pixel(100, 50, image::Rgba([10, 200, 30, 255]));
        let mut editor = Editor::new(PathBuf::from("s.png"), base.clone());
        editor.push(Edit::Redact(Rect { x: 0, y: 0, width: 10, height: 10 }));
        editor.push(Edit::Crop(Rect { x: 5, y: 5, width: 50, height: 20 }));
        assert_eq!(editor.shown.dimensions(), (50, 20));
        assert_eq!(*editor.shown.get_pixel(0, 0), picture::REDACTION);
        assert_eq!(*editor.shown.get_pixel(5, 5), image::Rgba([10, 200, 30, 255]));
        editor.undo();
        assert_eq!(editor.shown.dimensions(), (100, 50));
        editor.undo();
        assert_eq!(editor.shown, base);
        editor.undo();
        assert_eq!(editor.shown, base);
    }

    #[test]
    fn edited_files_of_the_user_become_copies_and_the_drafts_own_are_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let folder = DraftFolder::new(dir.path().join("files"));
        let image = RgbaImage::from_pixel(20, 10, image::Rgba([1, 2, 3, 255]));
        let users = dir.path().join("Мой скрин.png");
        std::fs::write(&users, picture::encode_png(&image).unwrap()).unwrap();
        let before = std::fs::read(&users).unwrap();
        let mut redacted = image.clone();
        picture::redact(&mut redacted, Rect { x: 0, y: 0, width: 5, height: 5 });
        let (copy, size) = save_edited(&redacted, &users, &folder).unwrap();
        assert_eq!(copy, folder.dir().join("Мой скрин-edited.png"));
        assert_eq!(std::fs::metadata(&copy).unwrap().len(), size);
        assert_eq!(std::fs::read(&users).unwrap(), before, "the user's file is untouched");
        let (again, _) = save_edited(&image, &copy, &folder).unwrap();
        assert_eq!(again, copy, "the draft's own file is replaced");
        assert_eq!(open_picture(&copy).unwrap(), image);
    }

    #[test]
    fn shrinking_writes_a_jpeg_and_drops_the_drafts_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let folder = DraftFolder::new(dir.path().join("files"));
        let image = RgbaImage::from_fn(3000, 2000, |x, y| {
            image::Rgba([u8::try_from(x % 256).unwrap(), u8::try_from(y % 256).unwrap(), 90, 255])
        });
        let (png, _) = write_png(&image, &folder, "screenshot-20261125-100000.png").unwrap();
        let (jpg, size) = shrink(&png, &folder).unwrap();
        assert_eq!(jpg.file_name().unwrap(), "screenshot-20261125-100000.jpg");
        assert!(!png.exists());
        assert_eq!(open_picture(&jpg).unwrap().dimensions(), (1920, 1280));
        assert!(size < 1_000_000, "{size}");
    }
}
