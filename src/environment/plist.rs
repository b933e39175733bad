//! A small reader of XML property lists (macOS `Info.plist`): the string values of the top-level
//! dictionary, by key. Binary plists and anything that is not a plist give nothing.

/// The `<key>` → `<string>` pairs of the top-level `<dict>`, in document order. Values of other
/// types (`<integer>`, `<true/>`, nested dictionaries and arrays…) are skipped, and so are the
/// keys inside nested containers.
pub fn strings(xml: &str) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    // Containers (`dict`, `array`) open around the current position.
    let mut depth = 0usize;
    let mut key: Option<String> = None;
    // The element whose text is being collected (`key` or `string` of the top-level dict).
    let mut capture: Option<(Capture, String)> = None;
    for event in Events::new(xml) {
        match event {
            Event::Start(name) => {
                if depth == 1 {
                    match name {
                        "key" => capture = Some((Capture::Key, String::new())),
                        "string" => capture = Some((Capture::Value, String::new())),
                        // Any other value (a number, a date, a container) ends the pending key.
                        _ => key = None,
                    }
                }
                if is_container(name) {
                    depth += 1;
                }
            }
            Event::End(name) => {
                if is_container(name) {
                    depth = depth.saturating_sub(1);
                } else if depth == 1 {
                    match (name, capture.take()) {
                        ("key", Some((Capture::Key, text))) => key = Some(text),
                        ("string", Some((Capture::Value, text))) => {
                            if let Some(k) = key.take() {
                                pairs.push((k, text));
                            }
                        }
                        _ => key = None,
                    }
                }
            }
            Event::Empty(name) => {
                if depth == 1 {
                    if name == "string"
                        && let Some(k) = key.take()
                    {
                        pairs.push((k, String::new()));
                    } else if name == "key" {
                        key = Some(String::new());
                    } else {
                        key = None;
                    }
                }
            }
            Event::Text(text) => {
                if let Some((_, buf)) = capture.as_mut() {
                    buf.push_str(&text);
                }
            }
        }
    }
    pairs
}

/// The string value of `key` in the top-level dictionary.
pub fn string(xml: &str, key: &str) -> Option<String> {
    strings(xml).into_iter().find_map(|(k, v)| (k == key).then_some(v))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Capture {
    Key,
    Value,
}

fn is_container(name: &str) -> bool {
    name == "dict" || name == "array"
}

#[derive(Debug, PartialEq, Eq)]
enum Event<'a> {
    Start(&'a str),
    End(&'a str),
    Empty(&'a str),
    Text(String),
}

/// Elements and text of an XML document; declarations, comments and doctypes are skipped.
#[derive(Debug)]
struct Events<'a> {
    rest: &'a str,
}

impl<'a> Events<'a> {
    fn new(xml: &'a str) -> Self {
        Self { rest: xml }
    }

    /// Skips past `end`, or to the end of the document when it is missing.
    fn skip_past(&mut self, end: &str) {
        self.rest = self.rest.find(end).map_or("", |i| &self.rest[i + end.len()..]);
    }
}

impl<'a> Iterator for Events<'a> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.rest.is_empty() {
                return None;
            }
            if !self.rest.starts_with('<') {
                let end = self.rest.find('<').unwrap_or(self.rest.len());
                let text = unescape(&self.rest[..end]);
                self.rest = &self.rest[end..];
                return Some(Event::Text(text));
            }
            if let Some(after) = self.rest.strip_prefix("<![CDATA[") {
                let (text, rest) = after.split_once("]]>").unwrap_or((after, ""));
                self.rest = rest;
                return Some(Event::Text(text.to_owned()));
            }
            if self.rest.starts_with("<!--") {
                self.skip_past("-->");
                continue;
            }
            if self.rest.starts_with("<?") {
                self.skip_past("?>");
                continue;
            }
            if self.rest.starts_with("<!") {
                self.skip_past(">");
                continue;
            }
            let Some(end) = self.rest.find('>') else {
                self.rest = "";
                return None;
            };
            let tag = &self.rest[1..end];
            self.rest = &self.rest[end + 1..];
            if let Some(name) = tag.strip_prefix('/') {
                return Some(Event::End(name.trim()));
            }
            let (tag, empty) = match tag.strip_suffix('/') {
                Some(tag) => (tag, true),
                None => (tag, false),
            };
            // The name ends at the first space (attributes are of no interest).
            let name = tag.split_ascii_whitespace().next().unwrap_or_default();
            return Some(if empty { Event::Empty(name) } else { Event::Start(name) });
        }
    }
}

/// Replaces the predefined entities and character references; anything unknown stays as it is.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let decoded = after.find(';').and_then(|semi| {
            let entity = &after[..semi];
            let c = match entity {
                "lt" => Some('<'),
                "gt" => Some('>'),
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => entity
                    .strip_prefix("#x")
                    .or_else(|| entity.strip_prefix("#X"))
                    .map(|hex| u32::from_str_radix(hex, 16))
                    .or_else(|| entity.strip_prefix('#').map(str::parse::<u32>))
                    .and_then(Result::ok)
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, semi))
        });
        if let Some((c, semi)) = decoded {
            out.push(c);
            rest = &after[semi + 1..];
        } else {
            out.push('&');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::*;

    /// The key/value pairs of NCALayer 1.2's `Info.plist` (`ncalayer_macos_Info.plist_v1.2.txt`).
    fn info_plist_v1_2() -> &'static str {
        crate::environment::ncalayer::test_fixture("ncalayer_macos_Info.plist_v1.2.txt")
    }

    /// The fixture's pairs.
    fn fixture_pairs() -> Vec<(String, String)> {
        info_plist_v1_2()
            .lines()
            .filter_map(|line| line.split_once(' ').map(|(k, v)| (k.to_owned(), v.trim().to_owned())))
            .collect()
    }

    fn escape(s: &str) -> String {
        s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
    }

    /// An `Info.plist` as macOS bundles carry it, made of the fixture's pairs, with other value
    /// types and a nested dictionary in between.
    fn info_plist(pairs: &[(String, String)]) -> String {
        let mut xml = String::from(concat!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
            "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" ",
            "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n",
            "<plist version=\"1.0\">\n<dict>\n",
            "\t<!-- packaged by javapackager -->\n",
            "\t<key>CFBundleDevelopmentRegion</key>\n\t<string>English</string>\n",
            "\t<key>JVMOptions</key>\n\t<dict>\n",
            "\t\t<key>CFBundleShortVersionString</key>\n\t\t<string>9.9</string>\n\t</dict>\n",
            "\t<key>NSHighResolutionCapable</key>\n\t<true/>\n",
            "\t<key>CFBundleInfoDictionaryVersion</key>\n\t<integer>6</integer>\n",
            "\t<key>CFBundleDocumentTypes</key>\n\t<array>\n\t\t<string>x</string>\n\t</array>\n",
        ));
        for (k, v) in pairs {
            writeln!(xml, "\t<key>{}</key>\n\t<string>{}</string>", escape(k), escape(v)).unwrap();
        }
        xml.push_str("\t<key>Empty</key>\n\t<string/>\n</dict>\n</plist>\n");
        xml
    }

    #[test]
    fn reads_the_top_level_strings_of_ncalayers_info_plist() {
        let pairs = fixture_pairs();
        assert_eq!(pairs.len(), 7);
        let xml = info_plist(&pairs);
        assert_eq!(string(&xml, "CFBundleShortVersionString").as_deref(), Some("1.2"));
        assert_eq!(string(&xml, "CFBundleIdentifier").as_deref(), Some("kz.gov.pki.ncalayer"));
        assert_eq!(string(&xml, "NSHumanReadableCopyright").as_deref(), Some("NCA of RK (C) 2019"));
        assert_eq!(string(&xml, "Empty").as_deref(), Some(""));
        // Non-string values and nested keys are not top-level strings.
        assert_eq!(string(&xml, "NSHighResolutionCapable"), None);
        assert_eq!(string(&xml, "CFBundleInfoDictionaryVersion"), None);
        let all = strings(&xml);
        let mut expected = vec![("CFBundleDevelopmentRegion".to_owned(), "English".to_owned())];
        expected.extend(pairs);
        expected.push(("Empty".to_owned(), String::new()));
        assert_eq!(all, expected);
    }

    #[test]
    fn unescapes_entities_and_reads_cdata() {
        let xml = "<plist><dict><key>A&amp;B</key><string>&lt;1.4&gt; &#x41;&#66; &bogus; &</string>\
                   <key>C</key><string><![CDATA[<raw>]]></string></dict></plist>";
        assert_eq!(string(xml, "A&B").as_deref(), Some("<1.4> AB &bogus; &"));
        assert_eq!(string(xml, "C").as_deref(), Some("<raw>"));
    }

    #[test]
    fn anything_else_gives_nothing() {
        assert!(strings("").is_empty());
        assert!(strings("bplist00\u{1}\u{2}garbage").is_empty());
        assert!(strings("<plist><dict><key>A</key>").is_empty());
        assert!(strings("<plist><dict><key>A</key><integer>1</integer><string>x</string></dict></plist>").is_empty());
        assert!(strings("<<<>>>&&&;").is_empty());
    }
}
