//! `sk-support cert` and `compose --keystore` on the real NCA RK test keystores.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use serde_json::Value;

use crate::common::{SENDER, parse_eml, request_with, sk_support, stderr, stdout};

fn nca(name: &str) -> Option<PathBuf> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/nca").join(name);
    if path.exists() {
        Some(path)
    } else {
        // CI always has them: missing there is a failure, not a skip.
        assert!(std::env::var_os("CI").is_none(), "{} is missing", path.display());
        eprintln!("skipped: {} is absent (the shared NCA fixtures are not here)", path.display());
        None
    }
}

fn cert_json(path: &PathBuf, password: Option<&str>) -> (Option<i32>, Value, String) {
    let mut cmd = sk_support();
    cmd.args(["cert", "--json"]).arg(path);
    if let Some(p) = password {
        cmd.env("SK_CERT_PASSWORD", p);
    }
    let out = cmd.stdin(Stdio::null()).output().unwrap();
    let value = serde_json::from_str(&stdout(&out)).unwrap_or(Value::Null);
    (out.status.code(), value, stderr(&out))
}

#[test]
fn a_keystore_opens_with_its_password_from_the_environment() {
    let Some(path) = nca("ncanode-go/individual__valid__individual_valid.p12") else { return };
    let (code, v, err) = cert_json(&path, Some("Qwerty12"));
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(v["full_name"], "ТЕСТОВ ТЕСТ ТЕСТОВИЧ");
    assert_eq!(v["iin"], "123456789011");
    assert_eq!(v["valid_from"], "2026-05-08T06:45:13Z");
    assert_eq!(v["valid_to"], "2027-05-08T06:45:13Z");
    assert_eq!(v["test_ca"], true);
    for key in [
        "full_name",
        "iin",
        "bin",
        "organization",
        "issuer",
        "serial",
        "valid_from",
        "valid_to",
        "days_left",
        "algorithm",
        "purpose",
        "test_ca",
    ] {
        assert!(v.get(key).is_some(), "{key} missing: {v}");
    }
    let kinds: Vec<&str> = v["warnings"].as_array().unwrap().iter().map(|w| w["kind"].as_str().unwrap()).collect();
    assert!(kinds.contains(&"test_certificate") && kinds.contains(&"invalid_iin"), "{kinds:?}");
}

#[test]
fn the_password_may_come_on_standard_input_and_a_wrong_one_is_named() {
    let Some(path) = nca("gokalkan/GOSTKNCA.p12") else { return };
    for (password, expected) in
        [("Qwerty12\n", Some(0)), ("Qwerty12\r\n", Some(0)), ("Qwerty13\n", Some(2)), ("Сәлем\n", Some(2))]
    {
        let mut child = sk_support()
            .args(["cert", "--json"])
            .arg(&path)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(password.as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), expected, "{password:?}: {}", stderr(&out));
        if expected == Some(0) {
            let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
            assert_eq!(v["full_name"], "ТЕСТОВ САБИТ ДАУРЕНБАЕВИЧ");
            assert_eq!(v["bin"], "070840007503");
        } else {
            assert!(stderr(&out).contains("wrong password"), "{}", stderr(&out));
        }
    }
}

#[test]
fn certificates_need_no_password_and_non_keystores_are_named() {
    let Some(cer) = nca("malikzh-ncanode-v3/NCA_2015_CERT.cer") else { return };
    let (code, v, err) = cert_json(&cer, None);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(v["test_ca"], true, "{v}");

    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("AUTH_RSA256_0000000000000000000000000000000000000000.p12");
    std::fs::write(&junk, b"%PDF-1.4 not a keystore").unwrap();
    let (code, _, err) = cert_json(&junk, Some("Qwerty12"));
    assert_eq!(code, Some(2));
    assert!(err.contains("not a keystore"), "{err}");
    let (code, _, err) = cert_json(&dir.path().join("missing.p12"), Some("x"));
    assert_eq!(code, Some(2));
    assert!(err.contains("cannot read the file"), "{err}");
}

/// `compose --request REQ --keystore KEYSTORE` with the test keystores' password.
fn compose_with_keystore(req: &Path, keystore: &Path) -> std::process::Output {
    let mut cmd = sk_support();
    cmd.env("SK_CERT_PASSWORD", "Qwerty12").args(["compose", "--request"]).arg(req).arg("--keystore").arg(keystore);
    cmd.stdin(Stdio::null()).output().unwrap()
}

#[test]
fn compose_fills_item_1_from_the_keystore_and_keeps_the_typed_sender() {
    let Some(path) = nca("ncanode-go/legal__valid__head.p12") else { return };
    let toml = format!("summary = \"x\"\n{SENDER}");
    let (dir, req) = request_with(&toml, &[]);
    let out = compose_with_keystore(&req, &path);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("TEST certificate"), "the test CA is warned about: {}", stderr(&out));
    let parsed = parse_eml(&dir.path().join("req.eml"));
    let body = parsed["body"].as_str().unwrap().replace("\r\n", "\n");
    let item1 = body.lines().next().unwrap();
    assert!(item1.contains("ТЕСТОВ ТЕСТ ТЕСТОВИЧ"), "{item1}");
    assert!(item1.ends_with("; 08/05/2026 – 08/05/2027"), "{item1}");
    assert!(body.contains("5) Отправитель: Тестов Тест Тестович, ИИН/БИН 871008401427"), "typed sender kept: {body}");
}

#[test]
fn compose_with_a_test_keystore_alone_stops_at_its_invalid_iin() {
    let Some(path) = nca("ncanode-go/individual__valid__individual_valid.p12") else { return };
    let (dir, req) = request_with("summary = \"x\"\n[sender]\nemail = \"test.user@example.kz\"\n", &[]);
    let out = compose_with_keystore(&req, &path);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("IIN 123456789011 in the certificate fails the check digit"), "{err}");
    assert!(err.contains("sender.iin: check digit mismatch"), "{err}");
    assert!(!err.contains("sender.full_name"), "the name came from the certificate: {err}");
    assert!(!dir.path().join("req.eml").exists());
}

#[test]
fn find_keys_lists_nca_named_keystores_first() {
    let dir = tempfile::tempdir().unwrap();
    let deep = dir.path().join("ЭЦП").join("2026");
    std::fs::create_dir_all(&deep).unwrap();
    std::fs::write(deep.join("GOST512_0f15581f1cbda1567ff8b09eb351e8ea9cb2b290.p12"), b"x").unwrap();
    std::fs::write(dir.path().join("my-key.p12"), b"x").unwrap();
    std::fs::write(dir.path().join("notes.txt"), b"x").unwrap();
    let out = sk_support().args(["find-keys", "--json"]).arg(dir.path()).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let rows = v.as_array().unwrap();
    assert_eq!(rows.len(), 2, "{v}");
    assert_eq!(rows[0]["kind"], "GOST512");
    assert_eq!(rows[0]["key_id"], "0f15581f1cbda1567ff8b09eb351e8ea9cb2b290");
    assert_eq!(rows[1]["kind"], Value::Null);
    assert!(rows[1]["path"].as_str().unwrap().ends_with("my-key.p12"));
}
