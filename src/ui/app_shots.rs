//! The app's handling of screenshots and pictures: the capture sequence, pasting, the editor,
//! shrinking, thumbnails, and the size budget. The state is in `shots`; drawing in `view_shots`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use eframe::egui;

use super::app::{App, Notice};
use super::commands::Command;
use super::jobs::Poll;
use super::shots::{self, Editor, Hotkey, ShotError, Stage};
use crate::attachments::capture::Which;
use crate::attachments::folder::{self, DraftFolder};
use crate::attachments::{Budget, DEFAULT_LIMIT_BYTES};

/// The draft's folder inside the data folder.
pub const DRAFT_FILES: &str = "draft-files";

impl App {
    pub(super) fn draft_folder(&self) -> DraftFolder {
        DraftFolder::new(self.deps.store.dir().join(DRAFT_FILES))
    }

    /// The attachments' limit: the setting, else the default.
    pub(super) fn limit_bytes(&self) -> u64 {
        self.settings.attachments_limit_mib.map_or(DEFAULT_LIMIT_BYTES, |mib| u64::from(mib) * 1024 * 1024)
    }

    /// The attachments' sizes (those not yet measured count 0) against the limit.
    pub(super) fn budget(&self) -> Budget {
        let sizes =
            self.form.draft.problem.attachments.iter().map(|p| self.sizes.get(p).copied().unwrap_or(0)).collect();
        Budget { sizes, limit_bytes: self.limit_bytes() }
    }

    /// The commands about pictures.
    pub(super) fn apply_shot(&mut self, command: &Command, ctx: &egui::Context) {
        match command {
            Command::CaptureScreen => self.start_capture(ctx),
            Command::CaptureNow => {
                if matches!(self.shots.stage, Some(Stage::Countdown { .. })) {
                    self.go_away(ctx);
                }
            }
            Command::CancelCapture => {
                if matches!(self.shots.stage, Some(Stage::Countdown { .. })) {
                    self.shots.stage = None;
                    self.come_back(ctx);
                }
            }
            Command::PasteImage => {
                let screens = self.deps.screens.clone();
                self.make_picture(move || screens.clipboard_image().ok_or(ShotError::NoClipboardImage));
            }
            Command::EditAttachment(i) => {
                let Some(path) = self.form.draft.problem.attachments.get(*i).map(PathBuf::from) else { return };
                self.shots.open_editor.start("picture-open", Some(shots::PICTURE_DEADLINE), &self.wake, move || {
                    shots::open_picture(&path).map(|image| (path, image))
                });
            }
            Command::EditorUndo => {
                if let Some(editor) = &mut self.shots.editor {
                    editor.undo();
                }
            }
            Command::EditorCancel if self.shots.editor.as_ref().is_some_and(|e| !e.saving) => {
                self.shots.editor = None;
            }
            Command::EditorApply => self.apply_edits(),
            Command::ShrinkAttachment(i) => {
                let Some(path) = self.form.draft.problem.attachments.get(*i).map(PathBuf::from) else { return };
                let folder = self.draft_folder();
                self.shots.replace.start("picture-shrink", Some(shots::PICTURE_DEADLINE), &self.wake, move || {
                    shots::shrink(&path, &folder).map(|(new, size)| (path, new, size))
                });
            }
            _ => {}
        }
    }

    fn apply_edits(&mut self) {
        let folder = self.draft_folder();
        let Some(editor) = &mut self.shots.editor else { return };
        if editor.edits.is_empty() {
            self.shots.editor = None;
            return;
        }
        if editor.saving {
            return;
        }
        editor.saving = true;
        let (image, path) = (editor.shown.clone(), editor.path.clone());
        self.shots.replace.start("picture-save", Some(shots::PICTURE_DEADLINE), &self.wake, move || {
            shots::save_edited(&image, &path, &folder).map(|(new, size)| (path, new, size))
        });
    }

    /// Writes a picture from `get` (the clipboard, a paste) as a new screenshot of the draft.
    fn make_picture(&mut self, get: impl FnOnce() -> Result<image::RgbaImage, ShotError> + Send + 'static) {
        let (folder, now) = (self.draft_folder(), self.now());
        self.shots.generation = self.generation;
        self.shots.new_files.start("picture-paste", Some(shots::PICTURE_DEADLINE), &self.wake, move || {
            let image = get()?;
            Ok(vec![shots::write_png(&image, &folder, &folder::screenshot_name(now))?])
        });
    }

    /// A picture pasted with Ctrl+V (egui reads the clipboard itself).
    pub(super) fn pasted(&mut self, image: &egui::ColorImage) {
        if self.shots.new_files.is_running() || self.shots.stage.is_some() {
            self.notice = Some(Notice::Busy);
            return;
        }
        if let Some(image) = shots::from_color_image(image) {
            self.make_picture(move || Ok(image));
        }
    }

    // ----- the capture sequence -----

    fn start_capture(&mut self, ctx: &egui::Context) {
        if self.shots.stage.is_some() || self.shots.new_files.is_running() {
            return;
        }
        let delay = self.settings.capture_delay_secs;
        if delay == 0 {
            return self.go_away(ctx);
        }
        self.shots.stage = Some(Stage::Countdown { until: Instant::now() + Duration::from_secs(delay.into()) });
        self.shots.hotkey_ok = false;
        if self.deps.hotkey {
            if self.shots.hotkey.is_none() {
                self.shots.hotkey = Hotkey::new(self.wake.clone());
            }
            self.shots.hotkey_ok = self.shots.hotkey.as_mut().is_some_and(Hotkey::register);
        }
        // Out of the way while the user brings up the failing page (where there is a taskbar).
        ctx.send_viewport_cmd(egui::ViewportCommand::Minimized(true));
        ctx.request_repaint();
    }

    /// The window leaves the screen; the capture starts once it is gone.
    fn go_away(&mut self, ctx: &egui::Context) {
        ctx.send_viewport_cmd(egui::ViewportCommand::Visible(false));
        self.shots.stage = Some(Stage::Away { since: Instant::now() });
        ctx.request_repaint_after(shots::AWAY_SETTLE);
    }

    fn come_back(&mut self, ctx: &egui::Context) {
        if let Some(hotkey) = &mut self.shots.hotkey {
            hotkey.unregister();
        }
        ctx.send_viewport_cmd(egui::ViewportCommand::Visible(true));
        ctx.send_viewport_cmd(egui::ViewportCommand::Minimized(false));
        ctx.send_viewport_cmd(egui::ViewportCommand::Focus);
        self.title_changed = true;
        self.shots.countdown_shown = None;
    }

    /// Moves the capture on: called every frame, also while the window is away (eframe's
    /// `logic`, which runs when `ui` does not).
    pub(super) fn drive_capture(&mut self, ctx: &egui::Context) {
        match self.shots.stage {
            None => {}
            Some(Stage::Countdown { until }) => {
                let pressed = self.shots.hotkey.as_ref().is_some_and(Hotkey::pressed);
                let left = until.saturating_duration_since(Instant::now());
                if pressed || left.is_zero() {
                    self.go_away(ctx);
                } else {
                    let secs = left.as_secs() + u64::from(left.subsec_nanos() > 0);
                    if self.shots.countdown_shown != Some(secs) {
                        self.shots.countdown_shown = Some(secs);
                        let title = crate::i18n::ui::T::CountdownTitle
                            .get(self.lang)
                            .replace("{secs}", &secs.to_string())
                            .replace("{key}", shots::HOTKEY_TEXT);
                        ctx.send_viewport_cmd(egui::ViewportCommand::Title(title));
                    }
                    let to_next_second = left.saturating_sub(Duration::from_secs(secs.saturating_sub(1)));
                    ctx.request_repaint_after(to_next_second.max(Duration::from_millis(10)));
                }
            }
            Some(Stage::Away { since }) => {
                let waited = since.elapsed();
                if waited < shots::AWAY_SETTLE {
                    ctx.request_repaint_after(shots::AWAY_SETTLE.saturating_sub(waited));
                    return;
                }
                let which = self.settings.capture_screen.map_or(Which::All, Which::Number);
                let (screens, folder, now) = (self.deps.screens.clone(), self.draft_folder(), self.now());
                self.shots.generation = self.generation;
                let started =
                    self.shots.new_files.start("capture", Some(shots::CAPTURE_DEADLINE), &self.wake, move || {
                        shots::capture_to_folder(&*screens, which, &folder, now)
                    });
                if started {
                    self.shots.stage = Some(Stage::Capturing);
                } else {
                    self.shots.stage = None;
                    self.come_back(ctx);
                    self.notice = Some(Notice::Busy);
                }
            }
            Some(Stage::Capturing) => {
                if let Some(poll) = self.shots.new_files.take() {
                    self.shots.stage = None;
                    self.come_back(ctx);
                    self.pictures_made(poll);
                } else if let Some(left) = self.shots.new_files.time_left() {
                    ctx.request_repaint_after(left + Duration::from_millis(10));
                }
            }
        }
    }

    // ----- job results -----

    /// Takes what the picture jobs brought (not the capture's: `drive_capture` takes that).
    pub(super) fn poll_shots(&mut self, ctx: &egui::Context) {
        if self.shots.stage.is_none()
            && let Some(poll) = self.shots.new_files.take()
        {
            self.pictures_made(poll);
        }
        if let Some(poll) = self.shots.open_editor.take() {
            match poll {
                Poll::Ready(Ok((path, image))) => self.shots.editor = Some(Editor::new(path, image)),
                other => self.picture_failed(other),
            }
        }
        if let Some(poll) = self.shots.replace.take() {
            match poll {
                Poll::Ready(Ok((old, new, size))) => {
                    self.replace_attachment(&old, &new, size);
                    if self.shots.editor.as_ref().is_some_and(|e| e.path == old) {
                        self.shots.editor = None;
                    }
                }
                other => {
                    if let Some(editor) = &mut self.shots.editor {
                        editor.saving = false;
                    }
                    self.picture_failed(other);
                }
            }
        }
        if let Some(Poll::Ready(thumbs)) = self.shots.make_thumbs.take() {
            for (path, size, image) in thumbs {
                match image {
                    Some(image) => {
                        let texture = ctx.load_texture(format!("thumb:{path}"), image, egui::TextureOptions::LINEAR);
                        self.shots.thumbs.insert(path, (size, texture));
                    }
                    None => {
                        self.shots.no_thumb.insert(path);
                    }
                }
            }
        }
        if self.shots.remove_files.take().is_some() && !self.shots.to_remove.is_empty() {
            let waiting = std::mem::take(&mut self.shots.to_remove);
            self.remove_draft_files(waiting);
        }
        self.request_thumbs();
    }

    fn pictures_made(&mut self, poll: Poll<Result<Vec<(PathBuf, u64)>, ShotError>>) {
        match poll {
            Poll::Ready(Ok(files)) if self.shots.generation != self.generation => {
                // Made for a form that is gone: not the new caller's.
                self.remove_draft_files(files.into_iter().map(|(p, _)| p).collect());
            }
            Poll::Ready(Ok(files)) => {
                let count = files.len();
                for (path, size) in files {
                    let text = path.to_string_lossy().into_owned();
                    self.sizes.insert(text.clone(), size);
                    self.form.draft.problem.attachments.push(text);
                }
                self.notice = Some(Notice::PicturesAdded(count));
            }
            other => self.picture_failed(other),
        }
    }

    fn picture_failed<T>(&mut self, poll: Poll<Result<T, ShotError>>) {
        self.notice = Some(match poll {
            Poll::Ready(Ok(_)) => return,
            Poll::Ready(Err(e)) => Notice::Picture(e),
            Poll::TimedOut => Notice::TimedOut,
            Poll::Lost | Poll::Running => Notice::JobLost,
        });
    }

    /// An attachment's file replaced by another (edited, shrunk): same place in the list.
    fn replace_attachment(&mut self, old: &Path, new: &Path, size: u64) {
        let (old, new) = (old.to_string_lossy().into_owned(), new.to_string_lossy().into_owned());
        self.shots.thumbs.remove(&old);
        self.sizes.remove(&old);
        if let Some(entry) = self.form.draft.problem.attachments.iter_mut().find(|p| **p == old) {
            entry.clone_from(&new);
        }
        self.sizes.insert(new, size);
        self.notice = Some(Notice::PictureSaved);
    }

    /// Makes thumbnails of the listed pictures that have none (or one of an older version).
    fn request_thumbs(&mut self) {
        if self.shots.make_thumbs.is_running() {
            return;
        }
        let wanted: Vec<(String, u64)> = self
            .form
            .draft
            .problem
            .attachments
            .iter()
            .filter(|p| shots::wants_thumb(p) && !self.shots.no_thumb.contains(*p))
            .filter_map(|p| {
                let size = *self.sizes.get(p)?;
                let fresh = self.shots.thumbs.get(p).is_some_and(|(s, _)| *s == size);
                (!fresh).then(|| (p.clone(), size))
            })
            .collect();
        if !wanted.is_empty() {
            self.shots
                .make_thumbs
                .start("thumbnails", Some(shots::PICTURE_DEADLINE), &self.wake, move || shots::thumbnails(wanted));
        }
    }

    /// Removes the draft's own files among `paths` (the user's stay), in a job.
    pub(super) fn remove_draft_files(&mut self, paths: Vec<PathBuf>) {
        let folder = self.draft_folder();
        let paths: Vec<PathBuf> = paths.into_iter().filter(|p| folder.holds(p)).collect();
        if paths.is_empty() {
            return;
        }
        if self.shots.remove_files.is_running() {
            // Rare (two removals within moments): this one waits for the window's next removal.
            self.shots.to_remove.extend(paths);
            return;
        }
        let mut paths = paths;
        paths.append(&mut self.shots.to_remove);
        self.shots
            .remove_files
            .start("remove-files", Some(shots::PICTURE_DEADLINE), &self.wake, move || folder.remove(&paths));
    }

    /// Whether a picture job runs.
    pub(super) fn shots_busy(&self) -> bool {
        self.shots.stage.is_some()
            || self.shots.new_files.is_running()
            || self.shots.replace.is_running()
            || self.shots.open_editor.is_running()
            || self.shots.make_thumbs.is_running()
            || self.shots.remove_files.is_running()
    }
}
