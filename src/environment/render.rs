//! Detected facts → the request's environment lines (items 2 and 3, the OS and service-pack
//! lines), and filling a draft's empty fields from them.

use super::java::JavaSource;
use super::{Environment, browser, java, ncalayer};
use crate::request::Draft;

/// The environment values of a request, as detected. `None`: nothing was found.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct RequestLines {
    pub browser: Option<String>,
    pub java: Option<String>,
    pub os: Option<String>,
    pub service_pack: Option<String>,
    /// NCALayer's state, for the free-form details.
    pub ncalayer: String,
}

/// Item 2: the default browser first (the one a link to Court Cabinet opens in), then the others.
pub fn browser_line(env: &Environment) -> Option<String> {
    let mut browsers: Vec<_> = env.browsers.iter().collect();
    browsers.sort_by_key(|b| !b.default);
    let line = browsers.iter().map(|b| browser::describe(b)).collect::<Vec<_>>().join("; ");
    (!line.is_empty()).then_some(line)
}

/// Item 3: the Java NCALayer runs on first (Court Cabinet signs through NCALayer), then the one
/// browsers and `java` start by default, then the others.
pub fn java_line(env: &Environment) -> Option<String> {
    let mut runtimes: Vec<_> = env.java.iter().collect();
    runtimes.sort_by_key(|j| (!j.sources.contains(&JavaSource::NcaLayer), !j.default));
    let line = runtimes
        .iter()
        .map(|j| {
            if j.sources.contains(&JavaSource::NcaLayer) {
                format!("{} [NCALayer]", java::describe(j))
            } else {
                java::describe(j)
            }
        })
        .collect::<Vec<_>>()
        .join("; ");
    (!line.is_empty()).then_some(line)
}

/// All the lines.
pub fn request_lines(env: &Environment) -> RequestLines {
    RequestLines {
        browser: browser_line(env),
        java: java_line(env),
        os: env.os.as_ref().map(super::OsInfo::describe),
        service_pack: env.os.as_ref().and_then(super::OsInfo::service_pack_line),
        ncalayer: ncalayer::describe(&env.ncalayer),
    }
}

/// Fills the draft's empty environment fields from `lines` (what the user typed wins) and adds
/// NCALayer's state to the details when they do not mention NCALayer yet. Returns the paths of
/// the fields it filled.
pub fn fill_draft(draft: &mut Draft, lines: &RequestLines) -> Vec<&'static str> {
    let mut filled = Vec::new();
    let env = &mut draft.environment;
    for (field, value, name) in [
        (&mut env.browser, &lines.browser, "environment.browser"),
        (&mut env.java, &lines.java, "environment.java"),
        (&mut env.os, &lines.os, "environment.os"),
        (&mut env.service_pack, &lines.service_pack, "environment.service_pack"),
    ] {
        if let Some(value) = value
            && field.trim().is_empty()
        {
            value.clone_into(field);
            filled.push(name);
        }
    }
    let details = &mut draft.problem.details;
    if !lines.ncalayer.is_empty() && !details.to_lowercase().contains("ncalayer") {
        if !details.trim().is_empty() {
            details.push('\n');
        }
        details.push_str(&lines.ncalayer);
        filled.push("problem.details");
    }
    filled
}
