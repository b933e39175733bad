//! `sk-support compose`: what happens with bad input (nothing written, clear messages).
//! The messages it writes are checked in `eml.rs`.

use crate::common::{SENDER, compose, listing, request_with, run, sk_support, stderr, stdout};

#[test]
fn validation_problems_are_listed_one_per_line_and_nothing_is_written() {
    let toml = "language = \"en\"\nsummary = \"\"\n[sender]\nfull_name = \"Тест\"\niin = \"123456789011\"\nemail = \"nobody\"\n[eds]\nvalid_from = \"2027-01-01\"\nvalid_to = \"2026-01-01\"\n";
    let (dir, path) = request_with(toml, &[]);
    let out = compose(&path, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).lines().collect::<Vec<_>>(),
        [
            "language: must be \"kk\" or \"ru\"",
            "summary: required",
            "sender.iin: check digit mismatch",
            "sender.email: not an e-mail address (expected name@example.kz)",
            "eds.valid_to: the validity ends before it begins",
        ]
    );
    assert_eq!(stdout(&out), "");
    assert_eq!(listing(dir.path()), ["req.toml"], "no file written");
}

#[test]
fn problems_are_translated_by_the_locale() {
    let toml =
        "summary = \"x\"\n[sender]\nfull_name = \"Тест\"\niin = \"123456789011\"\nemail = \"test.user@example.kz\"\n";
    let (_dir, path) = request_with(toml, &[]);
    for (lang, expected) in [
        ("ru_RU.UTF-8", "sender.iin: не совпадает контрольная цифра"),
        ("kk_KZ.UTF-8", "sender.iin: бақылау цифры сәйкес келмейді"),
    ] {
        let out = sk_support().env("LANG", lang).args(["compose", "--request"]).arg(&path).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(stderr(&out).trim_end(), expected);
    }
}

#[test]
fn a_missing_attachment_names_the_file_and_the_line() {
    let toml =
        format!("summary = \"x\"\n{SENDER}\n[problem]\nattachments = [\n  \"here.png\",\n  \"missing.png\",\n]\n");
    let (dir, path) = request_with(&toml, &[("here.png", b"png")]);
    let out = compose(&path, &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    let expected_start = format!("{}:11: problem.attachments[1]: ", path.display());
    assert!(err.starts_with(&expected_start), "{err}");
    assert!(err.contains("missing.png: file not found"), "{err}");
    assert_eq!(listing(dir.path()), ["here.png", "req.toml"]);
}

#[test]
fn syntax_errors_and_unknown_keys_name_the_file_and_the_line() {
    for (toml, line, needle) in [
        ("summary = \"x\"\n[sender]\nfull_nmae = \"Тест\"\n", 3, "full_nmae"),
        ("summary = \"x\"\n\n[sender]\niin = 871008401427\n", 4, "invalid type"),
        ("summary = \"x\n", 1, ""),
        ("summary = \"x\"\nsummary = \"y\"\n", 2, "duplicate"),
    ] {
        let (dir, path) = request_with(toml, &[]);
        let out = compose(&path, &[]);
        assert_eq!(out.status.code(), Some(2), "{toml}");
        let err = stderr(&out);
        let prefix = format!("{}:{line}:", path.display());
        assert!(err.starts_with(&prefix), "{toml:?}: {err}");
        assert!(err.contains(needle), "{toml:?}: {err}");
        assert_eq!(listing(dir.path()), ["req.toml"]);
    }
}

#[test]
fn an_unreadable_request_file_is_named() {
    let out = run(&["compose", "--request", "/nonexistent/req.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).starts_with("/nonexistent/req.toml: cannot read the file: "), "{}", stderr(&out));
}

#[test]
fn attachments_over_15_mib_are_refused_before_reading() {
    let toml = format!("summary = \"x\"\n{SENDER}\n[problem]\nattachments = [\"a.bin\", \"b.bin\"]\n");
    let (dir, path) = request_with(&toml, &[]);
    // Sparse files: 10 MiB + 6 MiB, nothing written to disk.
    std::fs::File::create(dir.path().join("a.bin")).unwrap().set_len(10 * 1024 * 1024).unwrap();
    std::fs::File::create(dir.path().join("b.bin")).unwrap().set_len(6 * 1024 * 1024).unwrap();
    let out = compose(&path, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).trim_end(),
        format!(
            "{}: problem.attachments: the attachments are 16.0 MiB in total, more than the limit of 15.0 MiB; remove or shrink some",
            path.display()
        )
    );
    assert_eq!(listing(dir.path()), ["a.bin", "b.bin", "req.toml"]);

    // Exactly the limit goes through.
    std::fs::File::create(dir.path().join("b.bin")).unwrap().set_len(5 * 1024 * 1024).unwrap();
    let out = compose(&path, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn template_is_written_once_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.toml");
    let out = run(&["template", "--out", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    std::fs::write(&path, "summary = \"filled in\"\n").unwrap();
    let out = run(&["template", "--out", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "summary = \"filled in\"\n");
    let printed = run(&["template"]);
    assert!(stdout(&printed).contains("[sender]"));
}

#[test]
fn out_may_be_a_folder_and_never_the_request_file_itself() {
    let toml = format!("summary = \"x\"\n{SENDER}");
    let (dir, path) = request_with(&toml, &[]);
    let folder = dir.path().join("out");
    std::fs::create_dir(&folder).unwrap();
    let out = compose(&path, &["--out", folder.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(listing(&folder), ["req.eml"]);

    let out = compose(&path, &["--out", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("this is the request file or one of its attachments"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), toml, "the request file is untouched");

    // A request file named .eml: the default output would be the file itself.
    let eml_named = dir.path().join("odd.eml");
    std::fs::write(&eml_named, &toml).unwrap();
    let out = compose(&eml_named, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&eml_named).unwrap(), toml);
}

#[test]
fn out_never_replaces_an_attachment_or_a_link() {
    let toml = format!("summary = \"x\"\n{SENDER}\n[problem]\nattachments = [\"shot.png\"]\n");
    let (dir, path) = request_with(&toml, &[("shot.png", b"png bytes")]);
    let shot = dir.path().join("shot.png");
    let out = compose(&path, &["--out", shot.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(std::fs::read(&shot).unwrap(), b"png bytes");

    #[cfg(unix)]
    {
        let link = dir.path().join("link.eml");
        std::os::unix::fs::symlink("/dev/null", &link).unwrap();
        let out = compose(&path, &["--out", link.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        let expected = format!("{}: cannot write the file: ", link.display());
        assert!(stderr(&out).starts_with(&expected), "{}", stderr(&out));
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_stdout_is_an_error_not_a_panic() {
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
    let out = sk_support().args(["check-id", "871008401427"]).stdout(full).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
}
