//! The window. egui only: it draws the form and emits commands; everything that touches the OS
//! runs as a job (`jobs`) and reports back with a repaint request.

mod app;
pub mod app_mail;
mod app_shots;
pub mod bench;
pub mod commands;
pub mod form;
pub mod jobs;
pub mod save;
pub mod shots;
mod view;
mod view_mail;
mod view_shots;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use eframe::{egui, egui_wgpu, wgpu};

pub use app::{App, Notice};
pub use commands::Command;

use crate::environment::{self, ProbeFn};
use crate::i18n::Lang;
use crate::store::Store;

/// The app's name as the OS shows it (window class, settings folder).
pub const APP_ID: &str = "sk-support";

/// File dialogs, run inside job threads. The real ones are rfd's; tests answer themselves.
pub trait Dialogs: Send + Sync {
    fn pick_eds(&self, lang: Lang) -> Option<PathBuf>;
    fn pick_attachments(&self, lang: Lang) -> Vec<PathBuf>;
    fn save_eml(&self, lang: Lang, folder: &Path, name: &str) -> Option<PathBuf>;
}

/// Opens a file or folder with the program the OS associates with it.
pub type OpenFn = Arc<dyn Fn(&Path) -> std::io::Result<()> + Send + Sync>;

/// What the app is built from: the real machine, or test stand-ins.
#[derive(Clone)]
pub struct Deps {
    pub store: Store,
    pub now: Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>,
    /// `None`: detection is not started (tests that do not want it).
    pub probes: Option<ProbeFn>,
    pub probe_config: environment::Config,
    pub dialogs: Arc<dyn Dialogs>,
    /// Opens a saved file with its program (Outlook for .eml) or shows a folder.
    pub open: OpenFn,
    /// The system's language, for the first start.
    pub system_lang: Lang,
    /// How long after the last change the draft is written.
    pub autosave_delay: Duration,
    /// The default folder of saved .eml files.
    pub documents: PathBuf,
    /// Where to look for EDS keystores to offer; `None`: the usual places (Desktop, Documents,
    /// Downloads, removable drives).
    pub key_roots: Option<Vec<PathBuf>>,
    /// The screens to capture and the clipboard's pictures.
    pub screens: Arc<dyn shots::Screens>,
    /// Listen to the global "capture now" shortcut during a countdown (not in tests).
    pub hotkey: bool,
    /// Where the SMTP password is kept: the OS credential store, or memory in tests.
    pub secrets: Arc<dyn crate::mail::password::Secrets>,
}

impl std::fmt::Debug for Deps {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Deps").field("store", &self.store).field("documents", &self.documents).finish_non_exhaustive()
    }
}

impl Deps {
    /// The real machine.
    pub fn system() -> Self {
        let store = Store::new(Store::default_dir().unwrap_or_else(|| PathBuf::from(".sk-support")));
        let documents = directories::UserDirs::new()
            .and_then(|u| u.document_dir().map(Path::to_owned).or_else(|| Some(u.home_dir().to_owned())))
            .unwrap_or_else(|| PathBuf::from("."));
        Self {
            store,
            now: Arc::new(Utc::now),
            probes: Some(Arc::new(environment::run_probe)),
            probe_config: environment::Config::from_env(),
            dialogs: Arc::new(SystemDialogs),
            open: Arc::new(|path| open::that_detached(path)),
            system_lang: system_lang(),
            autosave_delay: Duration::from_secs(1),
            documents,
            key_roots: None,
            screens: Arc::new(shots::SystemScreens),
            hotkey: true,
            secrets: Arc::new(crate::mail::password::OsSecrets),
        }
    }
}

/// `SK_SUPPORT_LANG`, else the OS's UI language, else English.
fn system_lang() -> Lang {
    if let Some(lang) = std::env::var("SK_SUPPORT_LANG").ok().and_then(|l| Lang::from_locale(&l)) {
        return lang;
    }
    sys_locale::get_locales().find_map(|l| Lang::from_locale(&l)).unwrap_or_default()
}

/// rfd's native dialogs (Windows: the system's; Linux: the desktop portal).
struct SystemDialogs;

impl Dialogs for SystemDialogs {
    fn pick_eds(&self, lang: Lang) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title(crate::i18n::ui::T::ReadEds.get(lang))
            .add_filter(crate::i18n::ui::T::EdsFiles.get(lang), &["p12", "pfx", "cer", "crt", "pem", "der"])
            .pick_file()
    }

    fn pick_attachments(&self, lang: Lang) -> Vec<PathBuf> {
        rfd::FileDialog::new().set_title(crate::i18n::ui::T::AddFiles.get(lang)).pick_files().unwrap_or_default()
    }

    fn save_eml(&self, lang: Lang, folder: &Path, name: &str) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title(crate::i18n::ui::T::SaveAs.get(lang))
            .add_filter("E-mail (.eml)", &["eml"])
            .set_directory(folder)
            .set_file_name(name)
            .save_file()
    }
}

/// Opens the window and runs until it is closed. `started`: when the process started (for the
/// first-frame benchmark).
pub fn run(started: Instant) -> eframe::Result {
    let deps = Deps::system();
    let bench = bench::Bench::from_env(started);
    let launch = |backends: Option<wgpu::Backends>| {
        let deps = deps.clone();
        let bench = bench.clone();
        eframe::run_native(
            APP_ID,
            native_options(backends),
            Box::new(move |cc| Ok(Box::new(App::new(cc, deps).with_bench(bench)))),
        )
    };
    match launch(None) {
        // No usable DX12/GL adapter in the first try (old drivers, some VMs): OpenGL alone.
        Err(eframe::Error::Wgpu(_)) => launch(Some(wgpu::Backends::GL)),
        other => other,
    }
}

/// The window: wgpu on DX12 (WARP, the software adapter, where there is no GPU: RDP, VDI) or
/// GL/GLES; `backends` narrows the choice for the retry.
pub fn native_options(backends: Option<wgpu::Backends>) -> eframe::NativeOptions {
    let mut options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(crate::i18n::ui::T::WindowTitle.get(system_lang()))
            .with_app_id(APP_ID)
            .with_inner_size([1180.0, 780.0])
            .with_min_inner_size([760.0, 520.0])
            .with_icon(icon())
            .with_drag_and_drop(true),
        renderer: eframe::Renderer::Wgpu,
        ..eframe::NativeOptions::default()
    };
    if let (Some(backends), egui_wgpu::WgpuSetup::CreateNew(setup)) = (backends, &mut options.wgpu_options.wgpu_setup) {
        setup.instance_descriptor.backends = backends;
    }
    options
}

/// The window icon (assets/icon.png).
pub fn icon() -> egui::IconData {
    // The PNG is ours and checked by a test; a broken one would only lose the icon.
    eframe::icon_data::from_png_bytes(include_bytes!("../../assets/icon.png")).unwrap_or_default()
}

/// Runs the window and turns a failure to open it into a message the user can read (a message
/// box: a Windows GUI program has no console) and an exit code.
pub fn start(started: Instant) -> std::process::ExitCode {
    match run(started) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            let lang = system_lang();
            let text = format!("{}\n\n{e}", crate::i18n::ui::T::WindowFailed.get(lang));
            let _ = std::io::Write::write_fmt(&mut std::io::stderr().lock(), format_args!("sk-support: {text}\n"));
            if std::env::var_os("SK_SUPPORT_BENCH").is_none() {
                let _ = rfd::MessageDialog::new()
                    .set_level(rfd::MessageLevel::Error)
                    .set_title(crate::i18n::ui::T::WindowTitle.get(lang))
                    .set_description(text)
                    .show();
            }
            std::process::ExitCode::from(1)
        }
    }
}
