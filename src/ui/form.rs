//! What the window edits and autosaves: the draft as typed plus, per environment value, where it
//! came from and whether it goes into the request. Pure data and functions; no egui here.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::i18n::Lang;
use crate::request::{BodyLanguage, Draft};

/// Where a value came from, shown next to it so the user knows what to check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Detected,
    Keystore,
    Typed,
    /// Picked from the operator's quick lists.
    Picked,
}

/// The environment values with an include box, by their keys.
pub mod key {
    pub const OS: &str = "environment.os";
    pub const SERVICE_PACK: &str = "environment.service_pack";
    pub const BROWSER: &str = "environment.browser";
    pub const JAVA: &str = "environment.java";
    pub const EDS: &str = "eds";
    pub const NCALAYER: &str = "ncalayer";
    pub const ALL: [&str; 6] = [EDS, OS, SERVICE_PACK, BROWSER, JAVA, NCALAYER];
}

/// The form as typed, autosaved as a whole.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Form {
    pub draft: Draft,
    /// NCALayer's state: its own row, added to the details when included.
    pub ncalayer: String,
    /// Where each environment value came from (keys of [`key`]).
    pub sources: BTreeMap<String, Source>,
    /// Environment values left out of the request.
    pub excluded: BTreeSet<String>,
    /// The body language was picked by the user; otherwise it follows the interface.
    pub body_language_chosen: bool,
    /// Operator mode: the caller agreed to share their data with support.
    pub consent: bool,
}

/// Settings kept between runs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// `None`: the system's language.
    pub ui_language: Option<Lang>,
    pub operator_mode: bool,
    /// The operator's own mailbox, the From of requests filed for callers.
    pub operator_from: String,
    /// Where "Save" puts .eml files; `None`: the Documents folder.
    pub save_folder: Option<std::path::PathBuf>,
    /// The attachments' limit in MiB; `None`: 15 MiB.
    pub attachments_limit_mib: Option<u32>,
    /// The countdown before a capture, in seconds (0: at once).
    pub capture_delay_secs: u32,
    /// The screen to capture (from 1); `None`: every screen.
    pub capture_screen: Option<usize>,
}

/// The body language that follows an interface language: Kazakh for Kazakh, else Russian.
pub fn body_language_for(lang: Lang) -> BodyLanguage {
    match lang {
        Lang::Kk => BodyLanguage::Kk,
        Lang::Ru | Lang::En => BodyLanguage::Ru,
    }
}

/// Astana time as the form shows it and validation reads it: `2026-11-25 14:35`.
pub fn astana_now_text(now: DateTime<Utc>) -> String {
    now.with_timezone(&chrono_tz::Asia::Almaty).format("%Y-%m-%d %H:%M").to_string()
}

impl Form {
    /// A new empty form: the problem happened "now" unless the user says otherwise.
    pub fn new(now: DateTime<Utc>, lang: Lang) -> Self {
        let mut form = Self::default();
        form.draft.problem.occurred_at = astana_now_text(now);
        body_language_for(lang).code().clone_into(&mut form.draft.language);
        form
    }

    pub fn is_included(&self, key: &str) -> bool {
        !self.excluded.contains(key)
    }

    pub fn set_included(&mut self, key: &str, included: bool) {
        if included {
            self.excluded.remove(key);
        } else {
            self.excluded.insert(key.to_owned());
        }
    }

    pub fn source(&self, key: &str) -> Option<Source> {
        self.sources.get(key).copied()
    }

    /// The draft value of an environment key (EDS: its description).
    pub fn value_mut(&mut self, key: &str) -> Option<&mut String> {
        if key == key::NCALAYER { Some(&mut self.ncalayer) } else { draft_value_mut(&mut self.draft, key) }
    }

    /// The letter's language: the one picked, else the one that follows the interface.
    pub fn body_language(&self, ui_lang: Lang) -> BodyLanguage {
        match (self.body_language_chosen, self.draft.language.as_str()) {
            (true, "kk") => BodyLanguage::Kk,
            (true, _) => BodyLanguage::Ru,
            (false, _) => body_language_for(ui_lang),
        }
    }

    /// Puts a value found by a probe or a keystore in place, unless the user typed one.
    pub fn offer(&mut self, key: &str, value: &str, source: Source) -> bool {
        if self.source(key) == Some(Source::Typed) && self.value_mut(key).is_some_and(|v| !v.trim().is_empty()) {
            return false;
        }
        let Some(field) = self.value_mut(key) else { return false };
        value.clone_into(field);
        self.sources.insert(key.to_owned(), source);
        true
    }

    /// Empties the values a detection put in (operator mode does not use the operator's machine).
    pub fn forget_detected(&mut self) {
        let detected: Vec<String> =
            self.sources.iter().filter(|(_, s)| **s == Source::Detected).map(|(k, _)| k.clone()).collect();
        for key in detected {
            if let Some(field) = self.value_mut(&key) {
                field.clear();
            }
            self.sources.remove(&key);
        }
    }

    /// Empties the values read from a keystore on this machine (item 1, and the sender fields it
    /// filled): an operator's own EDS is not the caller's.
    pub fn forget_keystore(&mut self) {
        let from_keystore: Vec<String> =
            self.sources.iter().filter(|(_, s)| **s == Source::Keystore).map(|(k, _)| k.clone()).collect();
        for key in from_keystore {
            match key.as_str() {
                "sender.iin" => self.draft.sender.iin.clear(),
                "sender.full_name" => self.draft.sender.full_name.clear(),
                key::EDS | "eds.description" => self.draft.eds.description.clear(),
                "eds.valid_from" => self.draft.eds.valid_from.clear(),
                "eds.valid_to" => self.draft.eds.valid_to.clear(),
                _ => {}
            }
            self.sources.remove(&key);
        }
    }

    /// The caller's data gone, the operator's choices kept ("Next caller").
    #[must_use]
    pub fn next_caller(&self, now: DateTime<Utc>, lang: Lang) -> Self {
        let mut next = Self::new(now, lang);
        next.draft.language.clone_from(&self.draft.language);
        next.body_language_chosen = self.body_language_chosen;
        next
    }

    /// The draft that is validated, previewed and sent: excluded values blanked, NCALayer's
    /// state added to the details, the body language and (operator mode) the From settled.
    pub fn effective_draft(&self, settings: &Settings, ui_lang: Lang) -> Draft {
        let mut d = self.draft.clone();
        if !self.body_language_chosen {
            body_language_for(ui_lang).code().clone_into(&mut d.language);
        }
        d.from = if settings.operator_mode { settings.operator_from.clone() } else { String::new() };
        for key in &self.excluded {
            match key.as_str() {
                key::EDS => {
                    d.eds.description.clear();
                    d.eds.valid_from.clear();
                    d.eds.valid_to.clear();
                }
                other => {
                    if let Some(v) = draft_value_mut(&mut d, other) {
                        v.clear();
                    }
                }
            }
        }
        let ncalayer = self.ncalayer.trim();
        if self.is_included(key::NCALAYER)
            && !ncalayer.is_empty()
            && !d.problem.details.to_lowercase().contains("ncalayer")
        {
            if !d.problem.details.trim().is_empty() {
                d.problem.details.push('\n');
            }
            d.problem.details.push_str(ncalayer);
        }
        d
    }
}

/// The draft field of an environment key (EDS: its description); NCALayer's row is not in the draft.
fn draft_value_mut<'d>(d: &'d mut Draft, key: &str) -> Option<&'d mut String> {
    Some(match key {
        key::OS => &mut d.environment.os,
        key::SERVICE_PACK => &mut d.environment.service_pack,
        key::BROWSER => &mut d.environment.browser,
        key::JAVA => &mut d.environment.java,
        key::EDS => &mut d.eds.description,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone as _;

    use super::*;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 25, 9, 5, 0).unwrap()
    }

    #[test]
    fn a_new_form_says_now_in_astana_time_and_follows_the_interface_language() {
        let form = Form::new(now(), Lang::Kk);
        assert_eq!(form.draft.problem.occurred_at, "2026-11-25 14:05");
        assert_eq!(form.draft.language, "kk");
        let d = form.effective_draft(&Settings::default(), Lang::En);
        assert_eq!(d.language, "ru", "an English interface writes a Russian body");
        let chosen = Form { body_language_chosen: true, ..form };
        assert_eq!(chosen.effective_draft(&Settings::default(), Lang::En).language, "kk");
    }

    #[test]
    fn typed_values_win_over_detected_ones_and_excluded_ones_are_left_out() {
        let mut form = Form::new(now(), Lang::Ru);
        assert!(form.offer(key::OS, "Windows 10 Pro", Source::Detected));
        assert!(form.offer(key::OS, "Windows 11 Pro", Source::Detected));
        form.draft.environment.os = "Windows 7 SP1".into();
        form.sources.insert(key::OS.into(), Source::Typed);
        assert!(!form.offer(key::OS, "Windows 10 Pro", Source::Detected));
        assert_eq!(form.draft.environment.os, "Windows 7 SP1");
        form.offer(key::EDS, "ГОСТ, физическое лицо", Source::Keystore);
        form.draft.eds.valid_from = "2026-01-01".into();
        form.draft.eds.valid_to = "2027-01-01".into();
        form.offer(key::JAVA, "Java 8", Source::Detected);
        form.set_included(key::EDS, false);
        form.set_included(key::JAVA, false);
        let d = form.effective_draft(&Settings::default(), Lang::Ru);
        assert_eq!((d.eds.description.as_str(), d.eds.valid_to.as_str(), d.environment.java.as_str()), ("", "", ""));
        assert_eq!(d.environment.os, "Windows 7 SP1");
        form.set_included(key::JAVA, true);
        assert_eq!(form.effective_draft(&Settings::default(), Lang::Ru).environment.java, "Java 8");
    }

    #[test]
    fn ncalayer_goes_into_the_details_once_and_operator_mode_sets_the_from() {
        let mut form = Form::new(now(), Lang::Ru);
        form.draft.problem.details = "Скриншот приложен".into();
        form.offer(key::NCALAYER, "NCALayer 1.4 (running)", Source::Detected);
        let settings = Settings { operator_mode: true, operator_from: "op@1401.kz".into(), ..Settings::default() };
        let d = form.effective_draft(&settings, Lang::Ru);
        assert_eq!(d.problem.details, "Скриншот приложен\nNCALayer 1.4 (running)");
        assert_eq!(d.from, "op@1401.kz");
        form.draft.problem.details = "ncalayer не отвечает".into();
        assert_eq!(form.effective_draft(&settings, Lang::Ru).problem.details, "ncalayer не отвечает");
        assert_eq!(form.effective_draft(&Settings::default(), Lang::Ru).from, "");
    }

    #[test]
    fn next_caller_clears_the_caller_and_forget_detected_clears_the_machine() {
        let mut form = Form::new(now(), Lang::Ru);
        form.draft.sender.full_name = "Тестов Тест".into();
        form.draft.language = "kk".into();
        form.body_language_chosen = true;
        form.consent = true;
        form.offer(key::BROWSER, "Chrome 120", Source::Detected);
        form.offer(key::EDS, "RSA", Source::Keystore);
        let next = form.next_caller(now(), Lang::Ru);
        assert_eq!(next.draft.sender.full_name, "");
        assert!(!next.consent);
        assert_eq!(next.draft.language, "kk");
        form.forget_detected();
        assert_eq!(form.draft.environment.browser, "");
        assert_eq!(form.draft.eds.description, "RSA");
    }

    #[test]
    fn the_form_survives_a_toml_round_trip() {
        let mut form = Form::new(now(), Lang::Ru);
        form.offer(key::BROWSER, "Edge 131", Source::Detected);
        form.set_included(key::JAVA, false);
        form.draft.problem.attachments.push("C:\\Users\\Тест\\экран.png".into());
        let text = toml::to_string(&form).unwrap();
        assert_eq!(toml::from_str::<Form>(&text).unwrap(), form);
    }
}
