use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::parse::*;
use super::*;

macro_rules! fixture {
    ($name:literal) => {
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/fixtures/detect/browsers/", $name))
            .expect(concat!("fixture ", $name))
    };
}

fn name_of(identity: Option<Identity>) -> Option<String> {
    identity.map(Identity::name)
}

// ---------------------------------------------------------------------------------- Linux

#[test]
fn every_version_line_of_the_fixture_parses() {
    let text = fixture!("linux_browser--version_outputs.txt");
    let outputs: Vec<&str> = text.lines().filter(|l| !l.starts_with('#') && !l.starts_with("$ ")).collect();
    let expected = [
        ("Google Chrome", "81.0.4044.138"),
        ("Google Chrome", "120.0.6099.224"),
        ("Chromium", "144.0.7559.96"),
        ("Mozilla Firefox", "70.0.1"),
        ("Mozilla Firefox", "73.0b12"),
        ("Mozilla Firefox", "74.0a1"),
    ];
    assert_eq!(outputs.len(), expected.len(), "{outputs:?}");
    assert!(outputs[0].ends_with(' '), "the fixture keeps Chrome's trailing space");
    for (line, (product, version)) in outputs.iter().zip(expected) {
        let parsed = parse_version_output(line).unwrap_or_else(|| panic!("{line:?}"));
        assert_eq!((parsed.product.as_str(), parsed.version.as_str(), parsed.channel), (product, version, None));
    }
}

#[test]
fn version_lines_with_channels_noise_and_nothing() {
    let p = |t: &str| parse_version_output(t).map(|l| (l.product, l.version, l.channel));
    let some = |prod: &str, v: &str, c: Option<Channel>| Some((prod.to_owned(), v.to_owned(), c));
    assert_eq!(p("Google Chrome 121.0.6167.47 beta\n"), some("Google Chrome", "121.0.6167.47", Some(Channel::Beta)));
    assert_eq!(p("Google Chrome 122.0.6238.2 dev"), some("Google Chrome", "122.0.6238.2", Some(Channel::Dev)));
    assert_eq!(p("Vivaldi 6.5.3206.48 stable"), some("Vivaldi", "6.5.3206.48", None));
    assert_eq!(p("Mozilla Firefox 128.5.0esr"), some("Mozilla Firefox", "128.5.0esr", None));
    assert_eq!(p("105.0.4970.21\n"), some("", "105.0.4970.21", None));
    assert_eq!(
        p("Gtk-Message: 12:34:56.789: Failed to load module \"canberra-gtk-module\"\nMozilla Firefox 115.6.0esr\n"),
        some("Mozilla Firefox", "115.6.0esr", None)
    );
    assert_eq!(p("Running Firefox as root in a regular user's session is not supported.\n"), None);
    assert_eq!(p("Debian GNU/Linux 13"), None);
    assert_eq!(p(""), None);
}

#[test]
fn xdg_outputs_of_the_fixture_name_firefox() {
    let text = fixture!("linux_xdg-settings_default-browser.txt");
    let outputs: Vec<&str> = text.lines().filter(|l| !l.starts_with("$ ") && !l.trim().is_empty()).collect();
    assert_eq!(outputs.len(), 2);
    for output in outputs {
        let id = parse_xdg_output(output).unwrap_or_else(|| panic!("{output:?}"));
        assert_eq!(id, "firefox.desktop");
        assert_eq!(browser_from_desktop_id(id), Some(Identity::stable(Product::Firefox)));
    }
    assert_eq!(parse_xdg_output("\nchromium.desktop\n"), Some("chromium.desktop"));
    assert_eq!(parse_xdg_output("xdg-settings: unknown desktop environment\n"), None);
    assert_eq!(parse_xdg_output(""), None);
    assert_eq!(parse_xdg_output(".desktop"), None);
}

#[test]
fn desktop_ids_map_to_browsers() {
    let cases = [
        ("firefox.desktop", Some("Mozilla Firefox")),
        ("firefox-esr.desktop", Some("Mozilla Firefox")),
        ("org.mozilla.firefox.desktop", Some("Mozilla Firefox")),
        ("firefox_firefox.desktop", Some("Mozilla Firefox")),
        ("google-chrome.desktop", Some("Google Chrome")),
        ("google-chrome-beta.desktop", Some("Google Chrome Beta")),
        ("google-chrome-unstable.desktop", Some("Google Chrome Dev")),
        ("com.google.Chrome.desktop", Some("Google Chrome")),
        ("chromium.desktop", Some("Chromium")),
        ("chromium-browser.desktop", Some("Chromium")),
        ("chromium_chromium.desktop", Some("Chromium")),
        ("org.chromium.Chromium.desktop", Some("Chromium")),
        ("microsoft-edge.desktop", Some("Microsoft Edge")),
        ("microsoft-edge-dev.desktop", Some("Microsoft Edge Dev")),
        ("com.microsoft.Edge.desktop", Some("Microsoft Edge")),
        ("yandex-browser.desktop", Some("Yandex Browser")),
        ("yandex-browser-beta.desktop", Some("Yandex Browser Beta")),
        ("opera.desktop", Some("Opera")),
        ("brave-browser.desktop", Some("Brave")),
        ("com.brave.Browser.desktop", Some("Brave")),
        ("vivaldi-stable.desktop", Some("Vivaldi")),
        ("org.gnome.Epiphany.desktop", None),
        ("thunderbird.desktop", None),
    ];
    for (id, name) in cases {
        assert_eq!(name_of(browser_from_desktop_id(id)).as_deref(), name, "{id}");
    }
}

// -------------------------------------------------------------------------------- Windows

/// The browser a label of the ProgId fixture stands for, by canonical name.
fn canonical(label: &str) -> &'static str {
    match label {
        "Edge (Chromium)" | "Edge (legacy, EdgeHTML) http" => "Microsoft Edge",
        "Edge Beta" => "Microsoft Edge Beta",
        "Edge Dev" => "Microsoft Edge Dev",
        "Google Chrome" => "Google Chrome",
        "Chrome Beta" => "Google Chrome Beta",
        "Chrome Dev" => "Google Chrome Dev",
        "Chrome Canary" => "Google Chrome Canary",
        "Chromium" => "Chromium",
        "Brave" => "Brave",
        "Firefox" => "Mozilla Firefox",
        "Opera" => "Opera",
        "Opera GX" => "Opera GX",
        "Vivaldi" => "Vivaldi",
        "Yandex Browser" => "Yandex Browser",
        "Internet Explorer" => "Internet Explorer",
        other => panic!("a label the test does not know: {other:?}"),
    }
}

#[test]
fn every_prog_id_of_the_fixture_maps_with_and_without_suffixes() {
    let text = fixture!("windows_ProgId-to-browser_map.txt");
    let mut count = 0;
    for line in text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let line = line.split('#').next().unwrap_or(line).trim();
        let (pattern, label) = line.split_once(char::is_whitespace).unwrap_or_else(|| panic!("{line:?}"));
        let expected = canonical(label.trim());
        let ids: Vec<String> = if let Some(base) = pattern.strip_suffix("-<hash>") {
            vec![format!("{base}-308046B0AF4A39CB"), format!("{base}-6F193CCC56814779")]
        } else if let Some(base) = pattern.strip_suffix(".*") {
            vec![base.to_owned(), format!("{base}.ABC123"), format!("{base}.6F193CCC")]
        } else if let Some(base) = pattern.strip_suffix('*') {
            vec![base.to_owned(), format!("{base}Stable"), format!("{base}Beta.ABC123")]
        } else {
            vec![pattern.to_owned(), format!("{pattern}.ABC123"), format!("{pattern}-6F193CCC56814779")]
        };
        for id in ids {
            assert_eq!(name_of(browser_from_prog_id(&id)).as_deref(), Some(expected), "{id}");
            assert_eq!(name_of(browser_from_prog_id(&id.to_lowercase())).as_deref(), Some(expected), "{id}");
        }
        count += 1;
    }
    assert_eq!(count, 16, "every line of the fixture was checked");
}

#[test]
fn unknown_and_look_alike_prog_ids() {
    assert_eq!(browser_from_prog_id("IE.HTTPS"), Some(Identity::stable(Product::InternetExplorer)));
    assert_eq!(browser_from_prog_id("AppX90nv6nhay5n6a98fnetv7tpk64pp35es"), Some(Identity::stable(Product::Edge)));
    assert_eq!(name_of(browser_from_prog_id("ChromeBHTML")).as_deref(), Some("Google Chrome Beta"));
    assert_eq!(name_of(browser_from_prog_id("ChromiumHTM.XYZ")).as_deref(), Some("Chromium"));
    assert_eq!(browser_from_prog_id("WaterfoxURL-1234"), None);
    assert_eq!(browser_from_prog_id("htmlfile"), None);
    assert_eq!(browser_from_prog_id(""), None);
    assert_eq!(browser_from_prog_id("IE.HTTPX"), None);
}

/// The value `name` of `reg query` output (a line of the name, its `REG_…` type and the value,
/// apart by spaces); `None` for anything else, such as a localized error message.
fn reg_query_value(text: &str, name: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let mut parts = line.split_whitespace();
        if !parts.next()?.eq_ignore_ascii_case(name) || !parts.next()?.starts_with("REG_") {
            return None;
        }
        let value = parts.collect::<Vec<_>>().join(" ");
        (!value.is_empty()).then_some(value)
    })
}

#[test]
fn reg_query_user_choice_of_the_fixture() {
    let text = fixture!("windows_reg-query_UserChoice_ProgId.txt");
    let (ok, failure) = text.split_once("# localized failure").expect("two parts");
    let prog_id = reg_query_value(ok, "ProgId").expect("a ProgId");
    assert_eq!(prog_id, "MSEdgeHTM");
    assert_eq!(name_of(browser_from_prog_id(&prog_id)).as_deref(), Some("Microsoft Edge"));
    let failure = failure.split_once('\n').map_or(failure, |(_, rest)| rest);
    assert!(failure.contains('错'), "the zh-CN message is there: {failure:?}");
    assert_eq!(reg_query_value(failure, "ProgId"), None);
    // Were the message taken as a ProgId, it would still be no browser.
    for line in failure.lines() {
        assert_eq!(browser_from_prog_id(line), None, "{line}");
    }
}

#[test]
fn user_choice_latest_wins_over_a_stale_user_choice() {
    let choice = |nested: Option<&str>, latest: Option<&str>, legacy: Option<&str>| SchemeChoice {
        latest_nested: nested.map(str::to_owned),
        latest: latest.map(str::to_owned),
        legacy: legacy.map(str::to_owned),
    };
    let none = SchemeChoice::default();
    let pick = |https: &SchemeChoice, http: &SchemeChoice| chosen_prog_id(https, http);
    // Windows 11 24H2: Settings wrote UserChoiceLatest\ProgId; UserChoice still names Firefox.
    let https = choice(Some("MSEdgeHTM"), None, Some("FirefoxURL-308046B0AF4A39CB"));
    assert_eq!(pick(&https, &https).as_deref(), Some("MSEdgeHTM"));
    // The ProgId right in UserChoiceLatest, when that is where it is.
    assert_eq!(pick(&choice(None, Some(" ChromeHTML "), Some("MSEdgeHTM")), &none).as_deref(), Some("ChromeHTML"));
    assert_eq!(
        pick(&choice(Some("BraveHTML"), Some("ChromeHTML"), None), &none).as_deref(),
        Some("BraveHTML"),
        "the nested layout first"
    );
    // https before http, within each kind of key; any UserChoiceLatest before any UserChoice.
    let http = choice(Some("OperaStable"), None, Some("IE.HTTP"));
    assert_eq!(pick(&choice(Some("ChromeHTML"), None, None), &http).as_deref(), Some("ChromeHTML"));
    assert_eq!(pick(&choice(None, None, Some("ChromeHTML")), &http).as_deref(), Some("OperaStable"));
    assert_eq!(
        pick(&choice(None, None, Some("ChromeHTML")), &choice(None, None, Some("IE.HTTP"))).as_deref(),
        Some("ChromeHTML")
    );
    // Before Windows 11 24H2: UserChoice only, https else http.
    assert_eq!(pick(&none, &choice(None, None, Some("IE.HTTP"))).as_deref(), Some("IE.HTTP"));
    // Blank values count as missing.
    assert_eq!(pick(&choice(Some("  "), Some(""), Some("VivaldiHTM.ABC")), &none).as_deref(), Some("VivaldiHTM.ABC"));
    assert_eq!(pick(&none, &none), None);
    assert_eq!(pick(&choice(Some(" "), None, None), &none), None);
}

#[test]
fn internet_explorer_is_not_listed_on_windows_11() {
    assert_eq!(parse_build_number("26100"), Some(26100));
    assert_eq!(parse_build_number(" 7601 "), Some(7601));
    assert_eq!(parse_build_number(""), None);
    assert_eq!(parse_build_number("10.0"), None);
    let ie = Product::InternetExplorer;
    for build in [7601, 9600, 10240, 19045, WINDOWS_11_BUILD - 1] {
        assert!(usable_on_windows_build(ie, Some(build)), "{build}");
    }
    for build in [WINDOWS_11_BUILD, 22631, 26100] {
        assert!(!usable_on_windows_build(ie, Some(build)), "{build}");
        assert!(usable_on_windows_build(Product::Edge, Some(build)), "{build}");
        assert!(usable_on_windows_build(Product::Chrome, Some(build)), "{build}");
    }
    assert!(usable_on_windows_build(ie, None), "an unknown build excludes nothing");
}

#[test]
fn version_info_of_the_win_detect_browsers_sample() {
    let text = fixture!("windows_win-detect-browsers_VersionInfo_sample.json");
    let sample: serde_json::Value = serde_json::from_str(&text).expect("json");
    let expected = [
        ("Internet Explorer", "11.0.17134.1"),
        ("Mozilla Firefox", "61.0"),
        ("Mozilla Firefox Nightly", "62.0a1"),
        ("Google Chrome", "66.0.3359.181"),
        ("Opera Beta", "53.0.2907.31"),
    ];
    let items = sample.as_array().expect("a list");
    assert_eq!(items.len(), expected.len());
    for (item, (name, version)) in items.iter().zip(expected) {
        let field = |f: &str| item["info"][f].as_str().map(str::to_owned);
        let info = VersionInfo {
            product_name: field("ProductName"),
            product_version: field("ProductVersion"),
            file_version: field("FileVersion"),
            fixed_version: None,
        };
        let path = item["path"].as_str().expect("path");
        let identity = identify_executable(path, info.product_name.as_deref());
        assert_eq!(name_of(identity).as_deref(), Some(name), "{path}");
        assert_eq!(version_from_info(&info).as_deref(), Some(version), "{path}");
        // Without a version resource the path alone still tells the browser.
        assert_eq!(identify_executable(path, None).map(|i| i.product), identity.map(|i| i.product), "{path}");
    }
    // IE's ProductVersion has a zero-padded part; normalized it is its FileVersion.
    assert_eq!(items[0]["info"]["ProductVersion"], "11.00.17134.1");
    assert_eq!(items[0]["version"], "11.0.17134.1");
}

#[test]
fn executables_are_identified_by_name_and_folder() {
    let id = |path: &str, product: Option<&str>| name_of(identify_executable(path, product));
    let local = r"C:\Users\dev\AppData\Local";
    assert_eq!(id(&format!(r"{local}\Google\Chrome\Application\chrome.exe"), None).as_deref(), Some("Google Chrome"));
    assert_eq!(
        id(&format!(r"{local}\Google\Chrome SxS\Application\chrome.exe"), Some("Google Chrome")).as_deref(),
        Some("Google Chrome Canary")
    );
    assert_eq!(
        id(r"C:\Program Files (x86)\Microsoft\Edge Beta\Application\msedge.exe", Some("Microsoft Edge")).as_deref(),
        Some("Microsoft Edge Beta")
    );
    assert_eq!(id(&format!(r"{local}\Chromium\Application\chrome.exe"), None).as_deref(), Some("Chromium"));
    assert_eq!(id(&format!(r"{local}\Chromium\Application\chrome.exe"), Some("Chromium")).as_deref(), Some("Chromium"));
    assert_eq!(
        id(&format!(r"{local}\Yandex\YandexBrowser\Application\browser.exe"), None).as_deref(),
        Some("Yandex Browser")
    );
    assert_eq!(
        id(&format!(r"{local}\Yandex\YandexBrowser\Application\browser.exe"), Some("Yandex")).as_deref(),
        Some("Yandex Browser")
    );
    assert_eq!(id(&format!(r"{local}\Programs\Opera GX\launcher.exe"), None).as_deref(), Some("Opera GX"));
    assert_eq!(
        id(&format!(r"{local}\Programs\Opera GX\launcher.exe"), Some("Opera GX Internet Browser")).as_deref(),
        Some("Opera GX")
    );
    assert_eq!(
        id(&format!(r"{local}\Programs\Opera\launcher.exe"), Some("Opera Internet Browser")).as_deref(),
        Some("Opera")
    );
    assert_eq!(id(r"C:\Program Files\Internet Explorer\iexplore.exe", None).as_deref(), Some("Internet Explorer"));
    assert_eq!(
        id(r"C:\Program Files\Firefox Developer Edition\firefox.exe", Some("Firefox Developer Edition")).as_deref(),
        Some("Mozilla Firefox Developer Edition")
    );
    assert_eq!(
        id(r"C:\Program Files\BraveSoftware\Brave-Browser-Beta\Application\brave.exe", Some("Brave Browser"))
            .as_deref(),
        Some("Brave Beta")
    );
    assert_eq!(id(r"C:/Program Files/Mozilla Firefox/firefox.exe", None).as_deref(), Some("Mozilla Firefox"));
    // The user "dev" does not make Chrome a Dev build; forks and other launchers are not ours.
    assert_eq!(id(&format!(r"{local}\CentBrowser\Application\chrome.exe"), Some("Cent Browser")), None);
    assert_eq!(id(r"C:\Program Files\Tor Browser\Browser\firefox.exe", Some("Tor Browser")), None);
    assert_eq!(id(r"C:\Games\Launcher\launcher.exe", None), None);
    assert_eq!(id(r"C:\Tools\browser.exe", None), None);
}

#[test]
fn executables_are_listed_by_canonical_or_own_name() {
    let c = |path: &str, product: Option<&str>| {
        classify_executable(path, product).map(|(identity, name)| (identity.map(|i| i.product), name))
    };
    let ie = r"C:\Program Files\Internet Explorer\iexplore.exe";
    let named = |p: Option<Product>, n: &str| Some((p, n.to_owned()));
    assert_eq!(c(ie, Some("Internet Explorer")), named(Some(Product::InternetExplorer), "Internet Explorer"));
    assert_eq!(c(ie, Some("Wine")), named(Some(Product::InternetExplorer), "Internet Explorer"));
    assert_eq!(c(ie, None), named(Some(Product::InternetExplorer), "Internet Explorer"));
    assert_eq!(c(r"C:\Program Files\Tor Browser\Browser\firefox.exe", Some("Tor Browser")), named(None, "Tor Browser"));
    assert_eq!(c(r"C:\Cent\Application\chrome.exe", Some("Cent Browser")), named(None, "Cent Browser"));
    assert_eq!(c(r"C:\Program Files\Waterfox\waterfox.exe", Some("Waterfox")), None);
    assert_eq!(c(r"C:\Tools\browser.exe", Some("Tools")), None);
}

#[test]
fn versions_are_normalized() {
    assert_eq!(normalize_version("11.00.17134.1").as_deref(), Some("11.0.17134.1"));
    assert_eq!(normalize_version("11.00.9600.16428").as_deref(), Some("11.0.9600.16428"));
    assert_eq!(normalize_version("6.1.7601.17514 (win7sp1_rtm.101119-1850)").as_deref(), Some("6.1.7601.17514"));
    assert_eq!(normalize_version("11, 0, 0, 1").as_deref(), Some("11.0.0.1"));
    assert_eq!(normalize_version(" 62.0a1 ").as_deref(), Some("62.0a1"));
    assert_eq!(normalize_version("131.0.6778.86").as_deref(), Some("131.0.6778.86"));
    assert_eq!(normalize_version("0.0.0.0").as_deref(), Some("0.0.0.0"));
    assert_eq!(normalize_version(""), None);
    assert_eq!(normalize_version("unknown"), None);
    let info = VersionInfo { fixed_version: Some("61.0.0.6711".into()), ..VersionInfo::default() };
    assert_eq!(version_from_info(&info).as_deref(), Some("61.0.0.6711"));
    let info = VersionInfo { product_version: Some("n/a".into()), file_version: Some("1.2".into()), ..info };
    assert_eq!(version_from_info(&info).as_deref(), Some("1.2"));
    assert_eq!(version_from_info(&VersionInfo::default()), None);
}

#[test]
fn commands_paths_and_environment() {
    assert_eq!(
        exe_from_command(r#""C:\Program Files\Google\Chrome\Application\chrome.exe" --single-argument %1"#).as_deref(),
        Some(r"C:\Program Files\Google\Chrome\Application\chrome.exe")
    );
    assert_eq!(
        exe_from_command(r"C:\Program Files\Mozilla Firefox\firefox.exe -osint -url %1").as_deref(),
        Some(r"C:\Program Files\Mozilla Firefox\firefox.exe")
    );
    assert_eq!(
        exe_from_command(r"C:\PROGRA~1\INTERN~1\IEXPLORE.EXE").as_deref(),
        Some(r"C:\PROGRA~1\INTERN~1\IEXPLORE.EXE")
    );
    assert_eq!(exe_from_command("   "), None);
    assert_eq!(exe_from_command("\"\""), None);

    let env = |name: &str| match name {
        "LOCALAPPDATA" => Some(r"C:\Users\u\AppData\Local".to_owned()),
        "ProgramFiles" | "ProgramW6432" => Some(r"C:\Program Files\".to_owned()),
        "ProgramFiles(x86)" => Some(r"C:\Program Files (x86)".to_owned()),
        _ => None,
    };
    assert_eq!(
        expand_env(r"%LOCALAPPDATA%\Yandex\YandexBrowser\Application\browser.exe", env),
        r"C:\Users\u\AppData\Local\Yandex\YandexBrowser\Application\browser.exe"
    );
    assert_eq!(expand_env("%NOPE%\\a 100% b", env), "%NOPE%\\a 100% b");
    assert_eq!(expand_env("%%", env), "%%");

    let paths = windows_known_paths(env);
    for expected in [
        r"C:\Users\u\AppData\Local\Yandex\YandexBrowser\Application\browser.exe",
        r"C:\Users\u\AppData\Local\Google\Chrome\Application\chrome.exe",
        r"C:\Program Files\Internet Explorer\iexplore.exe",
        r"C:\Program Files (x86)\Internet Explorer\iexplore.exe",
        r"C:\Users\u\AppData\Local\Programs\Opera\launcher.exe",
        r"C:\Users\u\AppData\Local\Programs\Opera GX\launcher.exe",
    ] {
        assert!(paths.iter().any(|p| p == expected), "{expected} in {paths:#?}");
    }
    let unique: std::collections::HashSet<_> = paths.iter().map(|p| p.to_lowercase()).collect();
    assert_eq!(unique.len(), paths.len(), "ProgramFiles and ProgramW6432 give each path once");
    // Every well-known path is recognized for what it is.
    for path in &paths {
        assert!(identify_executable(path, None).is_some(), "{path}");
    }
    assert!(windows_known_paths(|_| None).is_empty());
}

#[test]
fn flatpak_versions_from_application_ini_and_metainfo() {
    let ini = "\u{feff}[App]\nVendor=Mozilla\nName=Firefox\nVersion=128.5.0esr\n\n[Gecko]\nVersion=128.5.0\n";
    assert_eq!(ini_value(ini, "App", "Version").as_deref(), Some("128.5.0esr"));
    assert_eq!(ini_value(ini, "gecko", "version").as_deref(), Some("128.5.0"));
    assert_eq!(ini_value(ini, "App", "BuildID"), None);
    assert_eq!(ini_value("Version=1.0\n[App]\nVersion = \n", "App", "Version"), None);
    assert_eq!(ini_value("", "App", "Version"), None);

    let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<component type="desktop-application">
  <id>com.google.Chrome</id>
  <!-- <release version="1.0" date="2000-01-01"/> -->
  <releases>
    <release date="2024-12-03" version='131.0.6778.85'>
      <description><p>Stable release</p></description>
    </release>
    <release version="130.0.6723.116" date="2024-11-12"/>
  </releases>
</component>"#;
    assert_eq!(metainfo_release_version(xml).as_deref(), Some("131.0.6778.85"));
    assert_eq!(metainfo_release_version("<releases><release version=\"2.0\"/></releases>").as_deref(), Some("2.0"));
    assert_eq!(metainfo_release_version("<release date=\"2024-01-01\" xversion=\"9\"/>"), None);
    assert_eq!(metainfo_release_version("<component><releases></releases></component>"), None);
    assert_eq!(metainfo_release_version("<release version=\"3.0"), None);
    assert_eq!(metainfo_release_version("<!-- <release version=\"1.0\"/>"), None);
    assert_eq!(metainfo_release_version(""), None);
}

// ---------------------------------------------------------------------------------- macOS

#[test]
fn ls_handlers_of_the_fixture_name_chrome() {
    let text = fixture!("macos_LSHandlers_defaults-read.txt");
    assert_eq!(parse_ls_handlers(&text).as_deref(), Some("com.google.chrome"));
    assert_eq!(name_of(default_from_ls_handlers(&text)).as_deref(), Some("Google Chrome"));
}

#[test]
fn ls_handlers_without_https_or_unreadable() {
    let http_only = r#"(
        { LSHandlerRoleAll = "org.mozilla.firefox"; LSHandlerURLScheme = http; },
        { LSHandlerContentType = "public.html"; LSHandlerRoleAll = "com.google.chrome"; }
    )"#;
    assert_eq!(parse_ls_handlers(http_only).as_deref(), Some("org.mozilla.firefox"));
    let mailto_only = r#"( { LSHandlerRoleAll = "com.microsoft.outlook"; LSHandlerURLScheme = mailto; } )"#;
    assert_eq!(parse_ls_handlers(mailto_only), None);
    assert_eq!(default_from_ls_handlers(mailto_only), Some(Identity::stable(Product::Safari)));
    assert_eq!(default_from_ls_handlers(""), Some(Identity::stable(Product::Safari)));
    let unknown = r#"( { LSHandlerRoleAll = "com.example.browser"; LSHandlerURLScheme = https; } )"#;
    assert_eq!(default_from_ls_handlers(unknown), None);
    assert_eq!(default_from_ls_handlers("( { LSHandlerRoleAll = "), None);
    assert_eq!(default_from_ls_handlers("The domain/default pair does not exist"), None);
    let deep = "(".repeat(100_000);
    assert_eq!(parse_ls_handlers(&deep), None);
    assert_eq!(parse_ls_handlers(r#"( { a = "unterminated ) "#), None);
}

#[test]
fn plist_strings_and_bundles() {
    let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0">
<dict>
	<key>CFBundleIdentifier</key>
	<string>com.google.Chrome</string>
	<key>CFBundleShortVersionString</key>
	<string>131.0.6778.86</string>
	<key>CFBundleGetInfoString</key>
	<string>A &amp; B &lt;x&gt;</string>
	<key>Empty</key>
	<string></string>
	<key>Flag</key>
	<true/>
</dict>
</plist>"#;
    assert_eq!(plist_string(xml, "CFBundleShortVersionString").as_deref(), Some("131.0.6778.86"));
    assert_eq!(plist_string(xml, "CFBundleGetInfoString").as_deref(), Some("A & B <x>"));
    assert_eq!(plist_string(xml, "Empty"), None);
    assert_eq!(plist_string(xml, "Flag"), None);
    assert_eq!(plist_string(xml, "Missing"), None);
    assert_eq!(plist_string("bplist00\u{1}\u{2}", "CFBundleShortVersionString"), None);
    let chrome = plist_string(xml, "CFBundleIdentifier").expect("id");
    assert_eq!(name_of(browser_from_bundle_id(&chrome)).as_deref(), Some("Google Chrome"));
    assert_eq!(name_of(browser_from_bundle_id("com.microsoft.edgemac")).as_deref(), Some("Microsoft Edge"));
    assert_eq!(name_of(browser_from_bundle_id("org.mozilla.nightly")).as_deref(), Some("Mozilla Firefox Nightly"));
    assert_eq!(name_of(browser_from_bundle_id("com.operasoftware.OperaGX")).as_deref(), Some("Opera GX"));
    assert_eq!(name_of(browser_from_bundle_id("ru.yandex.desktop.yandex-browser")).as_deref(), Some("Yandex Browser"));
    assert_eq!(browser_from_bundle_id("com.apple.Notes"), None);
    assert_eq!(name_of(browser_from_bundle_name("Brave Browser.app")).as_deref(), Some("Brave"));
    assert_eq!(name_of(browser_from_bundle_name("Safari.app")).as_deref(), Some("Safari"));
    assert_eq!(browser_from_bundle_name("Notes.app"), None);
}

#[test]
fn app_bundles_are_found_with_their_versions() {
    let apps = tempfile::tempdir().expect("tempdir");
    let bundle = |name: &str, plist: &[u8]| {
        let contents = apps.path().join(name).join("Contents");
        std::fs::create_dir_all(&contents).expect("mkdir");
        std::fs::write(contents.join("Info.plist"), plist).expect("write");
    };
    let xml = |id: &str, version: &str| {
        format!(
            "<plist><dict><key>CFBundleIdentifier</key><string>{id}</string>\
             <key>CFBundleShortVersionString</key><string>{version}</string></dict></plist>"
        )
    };
    bundle("Firefox.app", xml("org.mozilla.firefox", "128.0").as_bytes());
    bundle("Google Chrome.app", b"bplist00\xd1\x01\x02\xff\xfe");
    bundle("Chrome Beta Renamed.app", xml("com.google.Chrome.beta", "132.0.6834.6").as_bytes());
    bundle("Notes.app", xml("com.apple.Notes", "4.11").as_bytes());
    std::fs::create_dir_all(apps.path().join("Opera.app")).expect("mkdir");
    let found = mac::detect_in(
        &[apps.path().to_path_buf(), PathBuf::from("/nonexistent")],
        None,
        Instant::now() + Duration::from_secs(2),
    );
    let lines: Vec<String> = found.iter().map(describe).collect();
    assert_eq!(lines, ["Google Chrome", "Google Chrome Beta 132.0.6834.6", "Mozilla Firefox 128.0", "Opera"]);
    assert!(found.iter().all(|b| !b.default));
    assert_eq!(found[2].path.as_deref(), Some(apps.path().join("Firefox.app").as_path()));
}

#[cfg(unix)]
#[test]
fn app_bundles_with_the_default_from_launch_services() {
    let apps = tempfile::tempdir().expect("tempdir");
    for name in ["Google Chrome.app", "Safari.app"] {
        std::fs::create_dir_all(apps.path().join(name)).expect("mkdir");
    }
    let fixture =
        concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/fixtures/detect/browsers/macos_LSHandlers_defaults-read.txt");
    let mut cat = std::process::Command::new("cat");
    cat.arg(fixture);
    let found = mac::detect_in(&[apps.path().to_path_buf()], Some(cat), Instant::now() + Duration::from_secs(5));
    let summary: Vec<(&str, bool)> = found.iter().map(|b| (b.name.as_str(), b.default)).collect();
    assert_eq!(summary, [("Google Chrome", true), ("Safari", false)]);
}

// ------------------------------------------------------------------------------ the list

fn entry(identity: Option<Identity>, name: &str, version: Option<&str>, path: &str) -> Entry {
    let mut e = Entry::new(identity, name.to_owned(), Some(PathBuf::from(path)));
    e.browser.version = version.map(str::to_owned);
    e
}

#[test]
fn the_list_is_merged_marked_and_sorted() {
    let chrome = Identity::stable(Product::Chrome);
    let firefox = Identity::stable(Product::Firefox);
    let ie = Identity::stable(Product::InternetExplorer);
    let entries = || {
        vec![
            entry(Some(ie), "Internet Explorer", Some("11.0.1"), "/pf/ie"),
            entry(Some(ie), "Internet Explorer", Some("11.0.1"), "/pf86/ie"),
            entry(Some(firefox), "Mozilla Firefox", Some("128.0"), "/ff"),
            entry(Some(chrome), "Google Chrome", Some("131.0"), "/chrome"),
            entry(None, "Cent Browser", Some("5.0"), "/cent"),
        ]
    };
    let names = |list: &[Browser]| list.iter().map(|b| (b.name.clone(), b.default)).collect::<Vec<_>>();
    let by = |n: &str, d: bool| (n.to_owned(), d);

    let list = finish(entries(), None);
    assert_eq!(
        names(&list),
        [
            by("Cent Browser", false),
            by("Google Chrome", false),
            by("Internet Explorer", false),
            by("Mozilla Firefox", false)
        ]
    );
    assert_eq!(list[2].path.as_deref(), Some(Path::new("/pf/ie")), "the first of duplicates stays");

    let hint = DefaultHint { identity: Some(firefox), path: None };
    let list = finish(entries(), Some(&hint));
    assert_eq!(names(&list)[0], by("Mozilla Firefox", true));
    assert_eq!(list.iter().filter(|b| b.default).count(), 1);

    // The program wins over the identity (an unknown ProgId of a browser we list).
    let hint = DefaultHint { identity: Some(chrome), path: Some(PathBuf::from("/cent")) };
    let list = finish(entries(), Some(&hint));
    assert_eq!(names(&list)[0], by("Cent Browser", true));
    assert_eq!(list.iter().filter(|b| b.default).count(), 1);

    // A default we did not find is listed, without a version.
    let hint = DefaultHint { identity: Some(Identity::stable(Product::Edge)), path: None };
    let list = finish(entries(), Some(&hint));
    assert_eq!(names(&list)[0], by("Microsoft Edge", true));
    assert_eq!(list[0].version, None);
    assert_eq!(list.len(), 5);

    // A default we cannot name marks nothing.
    let hint = DefaultHint { identity: None, path: Some(PathBuf::from("/elsewhere")) };
    assert!(finish(entries(), Some(&hint)).iter().all(|b| !b.default));
}

#[test]
fn names_and_request_lines() {
    assert_eq!(Identity { product: Product::Chrome, channel: Channel::Canary }.name(), "Google Chrome Canary");
    assert_eq!(
        Identity { product: Product::Firefox, channel: Channel::Dev }.name(),
        "Mozilla Firefox Developer Edition"
    );
    assert_eq!(Identity { product: Product::Opera, channel: Channel::Dev }.name(), "Opera Developer");
    assert_eq!(Identity { product: Product::Edge, channel: Channel::Dev }.name(), "Microsoft Edge Dev");
    assert_eq!(Identity::stable(Product::Yandex).name(), "Yandex Browser");
    assert_eq!(Identity::stable(Product::InternetExplorer).name(), "Internet Explorer");

    let b = |version: Option<&str>, bits: Option<u8>| Browser {
        name: "Google Chrome".into(),
        version: version.map(str::to_owned),
        path: None,
        default: true,
        bits,
    };
    assert_eq!(describe(&b(Some("131.0.6778.86"), Some(64))), "Google Chrome 131.0.6778.86 (64-bit)");
    assert_eq!(describe(&b(Some("128.0"), None)), "Google Chrome 128.0");
    assert_eq!(describe(&b(None, None)), "Google Chrome");
    assert_eq!(describe(&b(None, Some(32))), "Google Chrome (32-bit)");
}

// ------------------------------------------------------------------------- end to end

#[cfg(all(unix, not(target_os = "macos")))]
#[test]
fn fake_browsers_on_the_search_path() {
    use std::os::unix::fs::PermissionsExt as _;

    let dir = tempfile::tempdir().expect("tempdir");
    let script = |name: &str, body: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).expect("write");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    };
    script("firefox", "echo 'Mozilla Firefox 128.5.0esr'");
    script("chromium", "exec sleep 30");
    script("google-chrome-stable", "echo 'Google Chrome 131.0.6778.85 '");
    std::os::unix::fs::symlink(dir.path().join("google-chrome-stable"), dir.path().join("google-chrome")).expect("ln");
    script("xdg-settings", r#"[ "$1 $2" = "get default-web-browser" ] && echo firefox.desktop"#);
    std::fs::write(dir.path().join("opera"), "not executable").expect("write");
    // Let any process forked meanwhile by another test drop its copy of our write handles.
    std::thread::sleep(Duration::from_millis(100));

    let start = Instant::now();
    let deadline = start + Duration::from_millis(1500);
    let found = linux::detect_in(&[dir.path().join("missing"), dir.path().to_path_buf()], deadline);
    assert!(Instant::now() <= deadline, "answered after the deadline: {:?}", start.elapsed());

    let summary: Vec<(&str, Option<&str>, bool)> =
        found.iter().map(|b| (b.name.as_str(), b.version.as_deref(), b.default)).collect();
    assert_eq!(
        summary,
        [
            ("Mozilla Firefox", Some("128.5.0esr"), true),
            ("Chromium", None, false),
            ("Google Chrome", Some("131.0.6778.85"), false),
        ]
    );
    assert_eq!(found[0].path.as_deref(), Some(dir.path().join("firefox").as_path()));
    assert_eq!(found[0].bits, None, "a script has no bitness");
    assert_eq!(describe(&found[0]), "Mozilla Firefox 128.5.0esr");
}

/// Flatpak launchers are found in an `exports/bin` but never run (each would write `ran-<id>`);
/// the versions come from the installation beside it, followed through the launcher's link or
/// not.
#[cfg(all(unix, not(target_os = "macos")))]
#[test]
fn flatpak_browsers_are_listed_without_running_them() {
    use std::os::unix::fs::PermissionsExt as _;

    let root = tempfile::tempdir().expect("tempdir");
    let installation = root.path().join("flatpak");
    let bin = installation.join("exports/bin");
    std::fs::create_dir_all(&bin).expect("mkdir");
    let launcher = |path: &Path, id: &str| {
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("mkdir");
        let marker = root.path().join(format!("ran-{id}"));
        std::fs::write(path, format!("#!/bin/sh\ntouch '{}'\nexec sleep 30\n", marker.display())).expect("write");
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    };
    let write = |path: PathBuf, text: &str| {
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    };

    // Firefox as Flatpak deploys it: exports/bin/<id> → app/<id>/current/active/export/bin/<id>,
    // current → x86_64/stable, active → the commit.
    let firefox = installation.join("app/org.mozilla.firefox");
    let commit = firefox.join("x86_64/stable/0123abcd");
    launcher(&commit.join("export/bin/org.mozilla.firefox"), "org.mozilla.firefox");
    write(commit.join("files/lib/firefox/application.ini"), "[App]\nName=Firefox\nVersion=133.0.3\n");
    write(commit.join("files/share/metainfo/org.mozilla.firefox.metainfo.xml"), "<release version=\"1.0\"/>");
    write(commit.join("files/lib/libfoo.so"), "");
    std::os::unix::fs::symlink("x86_64/stable", firefox.join("current")).expect("ln");
    std::os::unix::fs::symlink("0123abcd", firefox.join("x86_64/stable/active")).expect("ln");
    std::os::unix::fs::symlink(
        "../../app/org.mozilla.firefox/current/active/export/bin/org.mozilla.firefox",
        bin.join("org.mozilla.firefox"),
    )
    .expect("ln");
    // Chrome: a plain launcher, its version in the metainfo.
    launcher(&bin.join("com.google.Chrome"), "com.google.Chrome");
    write(
        installation.join("app/com.google.Chrome/current/active/files/share/metainfo/com.google.Chrome.metainfo.xml"),
        r#"<component><releases><release version="131.0.6778.85" date="2024-12-03"/></releases></component>"#,
    );
    // Brave: nothing installed beside it to tell its version.
    launcher(&bin.join("com.brave.Browser"), "com.brave.Browser");
    std::fs::write(bin.join("com.example.NotABrowser"), "").expect("write");
    std::thread::sleep(Duration::from_millis(100));

    let start = Instant::now();
    let deadline = start + Duration::from_millis(1500);
    let found = linux::detect_in(std::slice::from_ref(&bin), deadline);
    assert!(start.elapsed() < Duration::from_secs(1), "no launcher was waited for: {:?}", start.elapsed());
    let summary: Vec<(&str, Option<&str>, Option<u8>)> =
        found.iter().map(|b| (b.name.as_str(), b.version.as_deref(), b.bits)).collect();
    assert_eq!(
        summary,
        [
            ("Brave", None, None),
            ("Google Chrome", Some("131.0.6778.85"), None),
            ("Mozilla Firefox", Some("133.0.3"), None)
        ]
    );
    assert_eq!(found[2].path.as_deref(), Some(bin.join("org.mozilla.firefox").as_path()));
    for id in ["org.mozilla.firefox", "com.google.Chrome", "com.brave.Browser"] {
        assert!(!root.path().join(format!("ran-{id}")).exists(), "{id} was run");
    }

    // After the deadline they are still listed, without versions.
    let found = linux::detect_in(&[bin], Instant::now());
    let summary: Vec<(&str, Option<&str>)> = found.iter().map(|b| (b.name.as_str(), b.version.as_deref())).collect();
    assert_eq!(summary, [("Brave", None), ("Google Chrome", None), ("Mozilla Firefox", None)]);
}

#[cfg(all(unix, not(target_os = "macos")))]
#[test]
fn nothing_on_the_search_path_is_nothing_found() {
    let dir = tempfile::tempdir().expect("tempdir");
    let found = linux::detect_in(&[dir.path().to_path_buf()], Instant::now() + Duration::from_secs(1));
    assert!(found.is_empty(), "{found:?}");
    let found = linux::detect_in(&[], Instant::now());
    assert!(found.is_empty(), "{found:?}");
}

/// On Windows nothing is started (the registry and files only), so the real probe can run here.
#[cfg(windows)]
#[test]
fn detect_here_answers_in_time() {
    let deadline = Instant::now() + Duration::from_secs(3);
    let found = detect(deadline);
    assert!(Instant::now() <= deadline + Duration::from_millis(100));
    assert!(found.iter().filter(|b| b.default).count() <= 1, "{found:?}");
    assert!(found.iter().skip(1).all(|b| !b.default), "the default comes first: {found:?}");
}

/// No file is read once the deadline has passed: what was found is listed without versions or
/// bitness (Wine's own iexplore.exe, at least, is always there to find).
#[cfg(windows)]
#[test]
fn detect_after_the_deadline_lists_without_reading_files() {
    let found = detect(Instant::now());
    assert!(found.iter().all(|b| b.version.is_none() && b.bits.is_none()), "{found:?}");
    let in_time = detect(Instant::now() + Duration::from_secs(3));
    for browser in in_time.iter().filter(|b| b.name == "Internet Explorer") {
        assert!(found.iter().any(|b| b.path == browser.path), "{browser:?} in {found:?}");
    }
}

/// Internet Explorer is listed exactly where it still works: not on Windows 11. (Under Wine,
/// whose own iexplore.exe is installed, both ways are seen.)
#[cfg(windows)]
#[test]
fn internet_explorer_only_before_windows_11() {
    let build = win::windows_build();
    assert!(build.is_some_and(|b| b >= 7600), "{build:?}");
    let ie = |build: Option<u32>| {
        let found = win::detect_on(build, Instant::now() + Duration::from_secs(3));
        found
            .iter()
            .any(|b| b.name == "Internet Explorer" || b.path.as_ref().is_some_and(|p| p.ends_with("iexplore.exe")))
    };
    assert!(!ie(Some(22000)) && !ie(Some(26100)));
    if std::path::Path::new(r"C:\Program Files\Internet Explorer\iexplore.exe").is_file() {
        assert!(ie(Some(19045)) && ie(Some(7601)) && ie(None));
    }
    if build.is_some_and(|b| b >= WINDOWS_11_BUILD) {
        assert!(!ie(build));
    }
}

/// The real registry reader, on a scratch key written with `reg add` (Wine's reg.exe under
/// Wine) and removed afterwards.
#[cfg(windows)]
#[test]
fn user_choice_is_read_from_the_registry() {
    struct Scratch(String);
    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::process::Command::new("reg").args(["delete", &format!(r"HKCU\{}", self.0), "/f"]).output();
        }
    }
    let scratch = Scratch(format!(r"Software\sk-support-test-browser-{}", std::process::id()));
    let set = |key: &str, prog_id: &str| {
        let key = format!(r"HKCU\{}\{key}", scratch.0);
        let out = std::process::Command::new("reg")
            .args(["add", &key, "/v", "ProgId", "/t", "REG_SZ", "/d", prog_id, "/f"])
            .output()
            .expect("reg add");
        assert!(out.status.success(), "reg add {key}: {out:?}");
    };
    assert_eq!(win::user_choice(&scratch.0), None);
    set(r"http\UserChoice", "IE.HTTP");
    assert_eq!(win::user_choice(&scratch.0).as_deref(), Some("IE.HTTP"));
    set(r"https\UserChoice", "FirefoxURL-308046B0AF4A39CB");
    assert_eq!(win::user_choice(&scratch.0).as_deref(), Some("FirefoxURL-308046B0AF4A39CB"));
    set(r"http\UserChoiceLatest", "ChromeHTML");
    assert_eq!(win::user_choice(&scratch.0).as_deref(), Some("ChromeHTML"));
    set(r"https\UserChoiceLatest\ProgId", "MSEdgeHTM");
    assert_eq!(win::user_choice(&scratch.0).as_deref(), Some("MSEdgeHTM"));
    drop(scratch);
}
