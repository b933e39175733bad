//! The .eml files `sk-support compose` writes, parsed back by Python's `email` package
//! (policy=default): subject, body, headers and attachment bytes, and no parser defects.

use serde_json::Value;

use crate::common::{
    SENDER, attachment_bytes, compose, example, example_copy, example_dir, header, listing, parse_eml, request_with,
    stderr, stdout, testing_windows_build,
};

fn assert_no_defects(parsed: &Value) {
    assert_eq!(parsed["defects"], Value::Array(vec![]), "parser defects");
    assert_eq!(parsed["raw_is_ascii"], true, "the raw message must be 7-bit clean");
    assert_eq!(parsed["raw_has_bare_lf"], false, "every line ends in CRLF");
}

fn golden(language: &str, request: &str) {
    let (dir, path) = example_copy(request);
    let out = compose(&path, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let eml = dir.path().join("request.eml");
    assert_eq!(stdout(&out).trim_end(), eml.display().to_string(), "prints the path it wrote");
    let parsed = parse_eml(&eml);
    assert_no_defects(&parsed);

    let subject = example(&format!("expected-subject-{language}.txt"));
    assert_eq!(parsed["subject"], subject.trim_end_matches(['\r', '\n']));
    let body = parsed["body"].as_str().unwrap().replace("\r\n", "\n");
    assert_eq!(body, example(&format!("expected-body-{language}.txt")).replace("\r\n", "\n"));
    assert_eq!(parsed["body_charset"], "utf-8");

    assert_eq!(header(&parsed, "To"), Some("office@sud.kz"));
    let from = header(&parsed, "From").unwrap();
    assert!(from.ends_with("<test.user@example.kz>"), "{from}");
    assert_eq!(header(&parsed, "Reply-To"), None);
    assert!(header(&parsed, "Date").is_some());
    assert!(header(&parsed, "Message-ID").unwrap().ends_with("@example.kz>"));
    assert_eq!(header(&parsed, "MIME-Version"), Some("1.0"));
    assert_eq!(header(&parsed, "X-Unsent"), None);

    let attachments = parsed["attachments"].as_array().unwrap();
    assert_eq!(attachments.len(), 1);
    assert_eq!(attachments[0]["filename"], "screen-1.png");
    assert_eq!(attachments[0]["content_type"], "image/png");
    assert_eq!(attachment_bytes(&attachments[0]), std::fs::read(example_dir().join("screen-1.png")).unwrap());
}

#[test]
fn kazakh_example_matches_the_spec_byte_for_byte() {
    golden("kk", "request.toml");
}

#[test]
fn russian_example_matches_the_spec_byte_for_byte() {
    golden("ru", "request-ru.toml");
}

#[test]
fn unsent_marks_the_message_as_a_draft_and_out_chooses_the_file() {
    let (dir, path) = example_copy("request.toml");
    let eml = dir.path().join("черновик.eml");
    let out = compose(&path, &["--unsent", "--out", eml.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let parsed = parse_eml(&eml);
    assert_no_defects(&parsed);
    assert_eq!(header(&parsed, "X-Unsent"), Some("1"));
    assert!(!dir.path().join("request.eml").exists());
}

#[test]
fn non_ascii_file_names_and_content_types_survive() {
    let png = std::fs::read(example_dir().join("screen-1.png")).unwrap();
    let log = b"2026-11-24 14:35:01 ERROR \xd0\x9e\xd1\x88\xd0\xb8\xd0\xb1\xd0\xba\xd0\xb0\nline 2\r\nline 3 with a very long text ".repeat(40);
    let pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n\x00\x01\x02\xff";
    let toml = format!(
        "language = \"ru\"\nsummary = \"Файлы\"\n{SENDER}\n[problem]\nattachments = [\"скриншот ошибки №1.png\", \"журнал NCALayer.log\", \"Қолхат.pdf\", \"data\"]\n"
    );
    let (dir, path) = request_with(
        &toml,
        &[
            ("скриншот ошибки №1.png", &png),
            ("журнал NCALayer.log", &log),
            ("Қолхат.pdf", pdf),
            ("data", &[0u8, 255, 10, 13, 10]),
        ],
    );
    let out = compose(&path, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let parsed = parse_eml(&dir.path().join("req.eml"));
    assert_no_defects(&parsed);
    let attachments = parsed["attachments"].as_array().unwrap();
    let expected: [(&str, &str, &[u8]); 4] = [
        ("скриншот ошибки №1.png", "image/png", &png),
        ("журнал NCALayer.log", "text/plain", &log),
        ("Қолхат.pdf", "application/pdf", pdf),
        ("data", "application/octet-stream", &[0, 255, 10, 13, 10]),
    ];
    assert_eq!(attachments.len(), expected.len());
    for (a, (name, content_type, bytes)) in attachments.iter().zip(expected) {
        assert_eq!(a["filename"], name);
        assert_eq!(a["content_type"], content_type, "{name}");
        assert_eq!(attachment_bytes(a), bytes, "{name}: bytes changed");
    }
    let body = parsed["body"].as_str().unwrap().replace("\r\n", "\n");
    assert!(
        body.contains("\n  Приложенные файлы: скриншот ошибки №1.png, журнал NCALayer.log, Қолхат.pdf, data\n"),
        "{body}"
    );
}

#[test]
fn a_summary_cannot_inject_headers() {
    let toml = format!(
        "language = \"kk\"\nsummary = \"Қате\\r\\nBcc: victim@example.com\\r\\nX-Injected: yes\\n\\nbody\"\n{SENDER}"
    );
    let (dir, path) = request_with(&toml, &[]);
    let out = compose(&path, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let parsed = parse_eml(&dir.path().join("req.eml"));
    assert_no_defects(&parsed);
    assert_eq!(parsed["subject"], "871008401427/СК/Қате Bcc: victim@example.com X-Injected: yes body");
    let names: Vec<&String> = parsed["headers"].as_object().unwrap().keys().collect();
    assert!(!names.iter().any(|n| *n == "bcc" || *n == "x-injected"), "{names:?}");
    assert_eq!(header(&parsed, "To"), Some("office@sud.kz"));
}

#[test]
fn a_full_name_cannot_inject_headers_either() {
    let toml = "summary = \"x\"\n[sender]\nfull_name = \"Тест\\r\\nBcc: victim@example.com\"\niin = \"871008401427\"\nemail = \"test.user@example.kz\"\n";
    let (dir, path) = request_with(toml, &[]);
    let out = compose(&path, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let parsed = parse_eml(&dir.path().join("req.eml"));
    assert_no_defects(&parsed);
    assert!(!parsed["headers"].as_object().unwrap().contains_key("bcc"));
}

#[test]
fn operator_mode_sends_from_the_operator_and_replies_to_the_caller() {
    let toml = format!("summary = \"x\"\nfrom = \"Оператор 1401 <operator@example.kz>\"\n{SENDER}");
    let (dir, path) = request_with(&toml, &[]);
    let out = compose(&path, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let parsed = parse_eml(&dir.path().join("req.eml"));
    assert_no_defects(&parsed);
    assert_eq!(header(&parsed, "From"), Some("Оператор 1401 <operator@example.kz>"));
    assert_eq!(header(&parsed, "Reply-To"), Some("Тестов Тест Тестович <test.user@example.kz>"));
    assert!(header(&parsed, "Message-ID").unwrap().ends_with("@example.kz>"));
}

#[test]
fn missing_recommended_fields_are_warned_about_but_the_message_is_written() {
    let toml = format!("summary = \"x\"\n{SENDER}\n[environment]\nbrowser = \"Chrome 131\"\n");
    let (dir, path) = request_with(&toml, &[]);
    let out = compose(&path, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("environment.java: not given; support will ask for it"), "{err}");
    assert!(!err.contains("environment.browser"), "{err}");
    let parsed = parse_eml(&dir.path().join("req.eml"));
    assert_no_defects(&parsed);
    let body = parsed["body"].as_str().unwrap();
    assert!(body.contains("3) Используемая версия ПО Java: не указано"), "{body}");
}

#[test]
fn an_existing_eml_is_replaced_whole() {
    let (dir, path) = example_copy("request.toml");
    let eml = dir.path().join("request.eml");
    std::fs::write(&eml, "x".repeat(1_000_000)).unwrap();
    let out = compose(&path, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_no_defects(&parse_eml(&eml));
    assert_eq!(listing(dir.path()), ["request.eml", "request.toml", "screen-1.png"]);
}

#[test]
fn text_shaped_like_encoded_words_stays_text() {
    for (summary, name) in [
        ("Ошибка =?utf-8?b?0J/RgNC40LLQtdGC?=", "Тест =?utf-8?b?0J/RgNC40LLQtdGC?="),
        ("a  =?utf-8?q?x?=  b", "=?utf-8?q?Evil?= Name"),
    ] {
        let toml = format!(
            "summary = '{summary}'\n[sender]\nfull_name = '{name}'\niin = \"871008401427\"\nemail = \"test.user@example.kz\"\n"
        );
        let (dir, path) = request_with(&toml, &[]);
        let out = compose(&path, &[]);
        assert!(out.status.success(), "{}", stderr(&out));
        let parsed = parse_eml(&dir.path().join("req.eml"));
        assert_no_defects(&parsed);
        let folded: String = summary.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(parsed["subject"], format!("871008401427/СК/{folded}"));
        let from = header(&parsed, "From").unwrap();
        assert!(from.contains(name), "display name changed: {from}");
    }
}

#[test]
fn international_domains_and_plain_text_logs_make_a_clean_message() {
    let log = b"2026-11-24 14:35:01 ERROR connect failed\nretry\nretry\r\nend\n";
    let toml = "summary = \"x\"\n[sender]\nfull_name = \"Тест\"\niin = \"871008401427\"\nemail = \"user@пример.kz\"\n[problem]\nattachments = [\"ncalayer.log\"]\n";
    let (dir, path) = request_with(toml, &[("ncalayer.log", log)]);
    let out = compose(&path, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let parsed = parse_eml(&dir.path().join("req.eml"));
    assert_no_defects(&parsed);
    assert!(header(&parsed, "From").unwrap().ends_with("<user@xn--e1afmkfd.kz>"));
    assert!(header(&parsed, "Message-ID").unwrap().ends_with("@xn--e1afmkfd.kz>"));
    let a = &parsed["attachments"][0];
    assert_eq!(a["content_type"], "text/plain");
    assert_eq!(attachment_bytes(a), log, "bare LFs kept");
}

#[test]
fn a_line_break_in_a_file_name_cannot_break_the_body() {
    if testing_windows_build() {
        return; // Windows allows no control characters in file names; the unit tests cover the rule.
    }
    let toml = format!("summary = \"x\"\n{SENDER}\n[problem]\nattachments = [\"new\\nline.png\"]\n");
    let (dir, path) = request_with(&toml, &[("new\nline.png", b"png")]);
    let out = compose(&path, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let parsed = parse_eml(&dir.path().join("req.eml"));
    assert_no_defects(&parsed);
    let body = parsed["body"].as_str().unwrap().replace("\r\n", "\n");
    assert!(body.contains("\n  Приложенные файлы: new line.png\n"), "{body}");
    assert_eq!(parsed["attachments"][0]["filename"], "new line.png");
}
