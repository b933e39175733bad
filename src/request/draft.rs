//! The raw form input: every field a string exactly as typed.
//!
//! This is what the GUI edits and autosaves and what a request file (TOML) holds. Nothing here
//! is checked; [`super::validate`] turns a draft into a [`super::Request`] or a list of
//! per-field problems.

use serde::{Deserialize, Deserializer, Serialize};

/// A whole request as typed. Absent keys are empty strings: an older autosave or a short
/// request file still loads. Unknown keys are an error: a typo must not silently drop data.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Draft {
    /// Language of the e-mail body: "kk" or "ru".
    pub language: String,
    /// The short description that goes into the subject.
    pub summary: String,
    /// Recipient; empty means `office@sud.kz`.
    pub to: String,
    /// The mailbox the message is sent from when it is not the sender's own (operator mode).
    pub from: String,
    pub sender: SenderDraft,
    pub eds: EdsDraft,
    pub environment: EnvironmentDraft,
    pub problem: ProblemDraft,
}

/// Item 5: who asks.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SenderDraft {
    pub full_name: String,
    /// IIN or BIN, 12 digits; spaces allowed.
    pub iin: String,
    pub email: String,
    pub phone: String,
}

/// Item 1: the EDS in use and its validity period.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EdsDraft {
    pub description: String,
    /// `YYYY-MM-DD`.
    #[serde(deserialize_with = "string_or_datetime")]
    pub valid_from: String,
    /// `YYYY-MM-DD`.
    #[serde(deserialize_with = "string_or_datetime")]
    pub valid_to: String,
}

/// Items 2, 3 and the operating-system lines of item 4.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EnvironmentDraft {
    pub browser: String,
    pub java: String,
    pub os: String,
    pub service_pack: String,
}

/// Item 4: what went wrong.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ProblemDraft {
    /// RFC 3339 with an offset; without one it is read as Astana time.
    #[serde(deserialize_with = "string_or_datetime")]
    pub occurred_at: String,
    pub error_text: String,
    pub steps: String,
    pub description: String,
    /// Free-form extra information (item 4c, first lines).
    pub details: String,
    /// Paths of files to attach (in a request file: relative to that file).
    pub attachments: Vec<String>,
}

/// Dates and times are strings in the draft, but a request file may also hold them as bare
/// TOML dates (`valid_to = 2027-05-08`): both are accepted and kept as text.
fn string_or_datetime<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Either {
        Text(String),
        Date(toml::value::Datetime),
    }
    match Either::deserialize(deserializer) {
        Ok(Either::Text(s)) => Ok(s),
        Ok(Either::Date(d)) => Ok(d.to_string()),
        Err(_) => {
            Err(serde::de::Error::custom("expected a date or date-time, as text (\"2026-05-08\") or as a TOML date"))
        }
    }
}
