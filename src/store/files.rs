//! Settings and the autosaved draft: small TOML files in the app's data folder.
//!
//! Loading never fails the app: a missing file gives the defaults, and a file that cannot be
//! parsed (a crash of an old version, a hand edit) is kept aside under a new name and the defaults
//! are used, so the user's data is still on disk for support to look at.

use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::atomic;

/// Overrides the data folder (portable use, tests).
pub const DATA_DIR_VAR: &str = "SK_SUPPORT_DATA_DIR";

/// The app's folder of small files.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
}

/// A loaded file, or the defaults and why.
#[derive(Debug)]
pub struct Loaded<T> {
    pub value: T,
    pub problem: Option<LoadProblem>,
}

/// Why the defaults were used instead of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadProblem {
    /// The file is there but could not be read (permissions, a disk error).
    Unreadable { path: PathBuf, reason: String },
    /// The file could not be parsed; it was renamed to `kept_as` (`None`: renaming failed too).
    Corrupt { path: PathBuf, kept_as: Option<PathBuf>, reason: String },
}

impl Store {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// `SK_SUPPORT_DATA_DIR`, else the platform's per-user data folder
    /// (`%LOCALAPPDATA%\sk-support\data` on Windows, `~/.local/share/sk-support` on Linux).
    pub fn default_dir() -> Option<PathBuf> {
        if let Some(dir) = std::env::var_os(DATA_DIR_VAR).filter(|d| !d.is_empty()) {
            return Some(PathBuf::from(dir));
        }
        directories::ProjectDirs::from("kz", "", "sk-support").map(|d| d.data_local_dir().to_owned())
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// Reads `name`; blocking I/O, run it off the UI thread.
    pub fn load<T: DeserializeOwned + Default>(&self, name: &str) -> Loaded<T> {
        let path = self.path(name);
        let text = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Loaded { value: T::default(), problem: None },
            Err(e) => {
                return Loaded {
                    value: T::default(),
                    problem: Some(LoadProblem::Unreadable { path, reason: e.to_string() }),
                };
            }
        };
        let parsed = std::str::from_utf8(&text)
            .map_err(|e| e.to_string())
            .and_then(|text| toml::from_str::<T>(text.trim_start_matches('\u{feff}')).map_err(|e| e.to_string()));
        match parsed {
            Ok(value) => Loaded { value, problem: None },
            Err(reason) => {
                let kept_as = keep_aside(&path);
                Loaded { value: T::default(), problem: Some(LoadProblem::Corrupt { path, kept_as, reason }) }
            }
        }
    }

    /// Writes `name` atomically, creating the folder; blocking I/O, run it off the UI thread.
    pub fn save<T: Serialize>(&self, name: &str, value: &T) -> std::io::Result<()> {
        let text = toml::to_string(value).map_err(std::io::Error::other)?;
        std::fs::create_dir_all(&self.dir)?;
        atomic::write(&self.path(name), text.as_bytes())
    }

    /// Removes `name`; a file that is not there is fine.
    pub fn remove(&self, name: &str) -> std::io::Result<()> {
        match std::fs::remove_file(self.path(name)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}

/// Renames a bad file to `<name>.corrupt-<UTC time>` (with a counter when that exists).
fn keep_aside(path: &Path) -> Option<PathBuf> {
    let stamp = chrono::Utc::now().format("%Y%m%d-%H%M%S");
    let name = path.file_name()?.to_string_lossy().into_owned();
    (0..100).find_map(|n| {
        let suffix = if n == 0 { String::new() } else { format!("-{n}") };
        let aside = path.with_file_name(format!("{name}.corrupt-{stamp}{suffix}"));
        if aside.exists() {
            return None;
        }
        std::fs::rename(path, &aside).ok().map(|()| aside)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
    #[serde(default)]
    struct Sample {
        name: String,
        count: u32,
    }

    #[test]
    fn a_missing_file_gives_the_defaults_without_a_problem() {
        let dir = tempfile::tempdir().unwrap();
        let loaded: Loaded<Sample> = Store::new(dir.path()).load("absent.toml");
        assert_eq!(loaded.value, Sample::default());
        assert_eq!(loaded.problem, None);
    }

    #[test]
    fn saved_values_load_back_and_the_folder_is_created() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path().join("new").join("folder"));
        let sample = Sample { name: "Әлия «test»\n2".into(), count: 7 };
        store.save("s.toml", &sample).unwrap();
        assert_eq!(store.load::<Sample>("s.toml").value, sample);
        store.remove("s.toml").unwrap();
        store.remove("s.toml").unwrap();
        assert!(!store.path("s.toml").exists());
    }

    #[test]
    fn a_corrupt_file_is_kept_aside_and_the_defaults_are_used() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        std::fs::write(store.path("s.toml"), "name = [unclosed").unwrap();
        let loaded: Loaded<Sample> = store.load("s.toml");
        assert_eq!(loaded.value, Sample::default());
        let Some(LoadProblem::Corrupt { kept_as: Some(aside), .. }) = loaded.problem else {
            panic!("expected a corrupt file kept aside, got {:?}", loaded.problem)
        };
        assert_eq!(std::fs::read_to_string(&aside).unwrap(), "name = [unclosed");
        assert!(!store.path("s.toml").exists());
        // A second bad file on the same second gets its own name.
        std::fs::write(store.path("s.toml"), [0xff, 0xfe]).unwrap();
        let Some(LoadProblem::Corrupt { kept_as: Some(second), .. }) = store.load::<Sample>("s.toml").problem else {
            panic!("second corrupt file not kept aside")
        };
        assert_ne!(aside, second);
    }
}
