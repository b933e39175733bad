//! What the window can be asked to do. The view only emits commands; `App::apply` carries them
//! out after the frame. Each command's shortcut is defined here, once.

use std::path::PathBuf;

use eframe::egui::{Key, KeyboardShortcut, Modifiers};

use crate::i18n::Lang;
use crate::request::BodyLanguage;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Ask before discarding the form.
    NewRequest,
    /// The user said yes to discarding.
    DiscardForm,
    /// Operator mode: the caller's data gone, the operator's settings kept (asks first when
    /// the caller's request was not saved).
    NextCaller,
    /// The user said yes to clearing the caller's data.
    ConfirmNextCaller,
    SetOperatorMode(bool),
    SetUiLanguage(Lang),
    SetBodyLanguage(BodyLanguage),
    /// Pick an EDS file in a dialog.
    ReadEds,
    OpenEds(PathBuf),
    SubmitPassword,
    CancelPassword,
    /// Pick files to attach in a dialog.
    AddFiles,
    AddPaths(Vec<PathBuf>),
    RemoveAttachment(usize),
    /// Capture the screens (after the countdown chosen), the window out of the way.
    CaptureScreen,
    /// During the countdown: capture at once.
    CaptureNow,
    CancelCapture,
    /// Attach the picture on the clipboard.
    PasteImage,
    /// Open a picture in the editor.
    EditAttachment(usize),
    EditorUndo,
    /// Write the edited picture (the redactions burnt in).
    EditorApply,
    EditorCancel,
    /// Replace a picture with a smaller JPEG.
    ShrinkAttachment(usize),
    /// Save the .eml: `ask` opens a save dialog, else into the save folder; `outlook` marks it
    /// unsent and opens it, so Outlook shows it as a draft to send.
    SaveEml {
        ask: bool,
        outlook: bool,
    },
    OpenSaved,
    /// Send the request: into the outbox, then to the mail server.
    Send,
    ShowPage(crate::ui::app_mail::Page),
    /// Fill the mail settings from the provider of the sender's address.
    ApplyMailPreset,
    SaveMailSettings,
    TestConnection,
    /// Try a queued or failed message again now (`None`: all of them).
    RetryMessage(Option<String>),
    /// Ask before deleting an unsent message; then delete it.
    AskDeleteMessage(String),
    DeleteMessage(String),
    SaveMessageAs(String),
    Mark(String, crate::ui::app_mail::Mark),
    /// Write a reply to support about a sent request.
    StartReply(String),
    SendReply,
    CancelReply,
    CopyText,
    Detect,
    FocusField(String),
    Quit,
}

impl Command {
    /// The keyboard shortcut, shown in the tooltip of the command's button.
    pub fn shortcut(&self) -> Option<KeyboardShortcut> {
        let cmd = |key| KeyboardShortcut::new(Modifiers::COMMAND, key);
        let cmd_shift = |key| KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, key);
        Some(match self {
            Self::NewRequest => cmd(Key::N),
            Self::NextCaller => cmd_shift(Key::N),
            Self::ReadEds => cmd(Key::O),
            Self::AddFiles => cmd_shift(Key::A),
            Self::CaptureScreen => cmd_shift(Key::P),
            Self::SaveEml { ask: false, outlook: false } => cmd(Key::S),
            Self::SaveEml { ask: true, outlook: false } => cmd_shift(Key::S),
            Self::SaveEml { outlook: true, .. } => cmd_shift(Key::O),
            Self::CopyText => cmd_shift(Key::C),
            Self::Detect => KeyboardShortcut::new(Modifiers::NONE, Key::F5),
            Self::Quit => cmd(Key::Q),
            _ => return None,
        })
    }

    /// The commands that have a shortcut, in the order they are tried (more modifiers first, so
    /// Ctrl+Shift+S is not taken for Ctrl+S).
    pub fn with_shortcuts() -> [Self; 11] {
        [
            Self::NextCaller,
            Self::AddFiles,
            Self::CaptureScreen,
            Self::SaveEml { ask: true, outlook: false },
            Self::SaveEml { ask: false, outlook: true },
            Self::CopyText,
            Self::NewRequest,
            Self::ReadEds,
            Self::SaveEml { ask: false, outlook: false },
            Self::Detect,
            Self::Quit,
        ]
    }
}

/// Ctrl+Enter also saves (it will send once sending exists).
pub const SUBMIT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Enter);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shortcut_belongs_to_one_command() {
        let all = Command::with_shortcuts();
        let mut seen = Vec::new();
        for command in &all {
            let shortcut = command.shortcut().unwrap();
            assert!(!seen.contains(&shortcut), "{command:?} shares {shortcut:?}");
            assert_ne!(shortcut, SUBMIT);
            seen.push(shortcut);
        }
        // Shortcuts with more modifiers come first, so consuming Ctrl+S never eats Ctrl+Shift+S.
        let shift_last = all.iter().rposition(|c| c.shortcut().unwrap().modifiers.shift).unwrap();
        let plain_first = all.iter().position(|c| !c.shortcut().unwrap().modifiers.shift).unwrap();
        assert!(shift_last < plain_first);
    }
}
