//! Detected facts → the request's environment lines (items 2 and 3, the OS and service-pack
//! lines), and filling a draft's empty fields from them.

use std::path::Path;

use super::java::JavaSource;
use super::{Environment, JavaRuntime, browser, java, ncalayer};
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
    java_line_by(env, same_dir)
}

/// [`java_line`] without touching the disk: folders compared as written (case-insensitively on
/// Windows). For a window's UI thread, where a `canonicalize` on a dead network drive could hang.
pub fn java_line_lexical(env: &Environment) -> Option<String> {
    java_line_by(env, same_dir_lexically)
}

fn java_line_by(env: &Environment, same: fn(&Path, &Path) -> bool) -> Option<String> {
    let ncalayers = |j: &JavaRuntime| {
        j.sources.contains(&JavaSource::NcaLayer) || env.ncalayer.java_home.as_ref().is_some_and(|h| same(h, &j.home))
    };
    let mut runtimes: Vec<_> = env.java.iter().collect();
    runtimes.sort_by_key(|j| (!ncalayers(j), !j.default));
    let line = runtimes
        .iter()
        .map(|j| if ncalayers(j) { format!("{} [NCALayer]", java::describe(j)) } else { java::describe(j) })
        .collect::<Vec<_>>()
        .join("; ");
    (!line.is_empty()).then_some(line)
}

/// The same folder, however it was written (links, `..`, case on Windows).
fn same_dir(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => same_dir_lexically(a, b),
    }
}

fn same_dir_lexically(a: &Path, b: &Path) -> bool {
    let trim = |p: &Path| p.to_string_lossy().trim_end_matches(['/', '\\']).to_owned();
    let (a, b) = (trim(a), trim(b));
    a == b || (cfg!(windows) && a.eq_ignore_ascii_case(&b))
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

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::environment::{Browser, NcaLayer, OsInfo};

    fn runtime(version: &str, home: &str, default: bool, sources: Vec<JavaSource>) -> JavaRuntime {
        JavaRuntime {
            version: version.into(),
            vendor: Some("Oracle Corporation".into()),
            bits: Some(64),
            home: PathBuf::from(home),
            sources,
            default,
        }
    }

    fn environment() -> Environment {
        Environment {
            os: Some(OsInfo {
                name: "Windows 7".into(),
                version: "6.1.7601".into(),
                build: Some("7601".into()),
                service_pack: Some("Service Pack 1".into()),
                arch: "x64".into(),
                ..OsInfo::default()
            }),
            browsers: vec![
                Browser {
                    name: "Mozilla Firefox".into(),
                    version: Some("128.0".into()),
                    path: None,
                    default: false,
                    bits: Some(64),
                },
                Browser {
                    name: "Google Chrome".into(),
                    version: Some("131.0.6778.86".into()),
                    path: None,
                    default: true,
                    bits: Some(64),
                },
            ],
            java: vec![
                runtime("17.0.15", "/opt/jdk17", false, vec![JavaSource::Folder]),
                runtime("1.8.0_431", "/opt/jre8", true, vec![JavaSource::Path]),
                runtime("1.8.0_202", "/home/u/NCALayer/jre", false, vec![JavaSource::Folder]),
            ],
            ncalayer: NcaLayer {
                installed: true,
                running: true,
                version: Some("1.4".into()),
                path: Some(PathBuf::from("/home/u/NCALayer")),
                java_home: Some(PathBuf::from("/home/u/NCALayer/jre")),
            },
            probes: Vec::new(),
        }
    }

    #[test]
    fn the_default_browser_and_ncalayers_java_come_first() {
        let lines = request_lines(&environment());
        assert_eq!(
            lines.browser.as_deref(),
            Some("Google Chrome 131.0.6778.86 (64-bit); Mozilla Firefox 128.0 (64-bit)")
        );
        assert_eq!(
            lines.java.as_deref(),
            Some(
                "Java 1.8.0_202 (Oracle, 64-bit) [NCALayer]; Java 1.8.0_431 (Oracle, 64-bit); Java 17.0.15 (Oracle, 64-bit)"
            )
        );
        assert_eq!(lines.os.as_deref(), Some("Windows 7 Service Pack 1 (build 7601)"));
        assert_eq!(lines.service_pack.as_deref(), Some("Service Pack 1"));
        assert_eq!(lines.ncalayer, "NCALayer 1.4 (running)");
    }

    #[test]
    fn nothing_found_gives_no_lines() {
        let lines = request_lines(&Environment::default());
        assert_eq!((lines.browser, lines.java, lines.os, lines.service_pack), (None, None, None, None));
        assert_eq!(lines.ncalayer, "NCALayer not installed");
    }

    #[test]
    fn filling_a_draft_keeps_what_was_typed() {
        let mut draft = Draft::default();
        draft.environment.browser = "Яндекс Браузер 24".into();
        draft.problem.details = "Скриншот приложен".into();
        let filled = fill_draft(&mut draft, &request_lines(&environment()));
        assert_eq!(filled, ["environment.java", "environment.os", "environment.service_pack", "problem.details"]);
        assert_eq!(draft.environment.browser, "Яндекс Браузер 24");
        assert_eq!(draft.problem.details, "Скриншот приложен\nNCALayer 1.4 (running)");
        // Run twice: nothing more is added.
        assert!(fill_draft(&mut draft, &request_lines(&environment())).is_empty());
    }
}
