//! `sk-support check-id`: exit codes, text and JSON.

use serde_json::Value;

use crate::common::{run, sk_support, stderr, stdout};

fn json(args: &[&str]) -> (Option<i32>, Value) {
    let mut all = vec!["check-id", "--json"];
    all.extend_from_slice(args);
    let out = run(&all);
    let value = serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{e}: {}", stdout(&out)));
    (out.status.code(), value)
}

#[test]
fn every_valid_example_of_the_spec_exits_0_with_its_kind() {
    for (number, kind) in [
        ("871008401427", "iin"),
        ("760212350620", "iin"),
        ("830717350867", "iin"),
        ("061211600012", "iin"),
        ("940140000385", "bin"),
        ("961141000023", "bin"),
        ("070840007503", "bin"),
    ] {
        let (code, v) = json(&[number]);
        assert_eq!(code, Some(0), "{number}");
        assert_eq!(v["input"], number);
        assert_eq!(v["valid"], true, "{number}");
        assert_eq!(v["kind"], kind, "{number}");
        assert!(v.get("reason").is_none(), "{number}: {v}");
    }
}

#[test]
fn invalid_examples_exit_1_with_the_reason() {
    let (code, v) = json(&["000813159890"]);
    assert_eq!(code, Some(1));
    assert_eq!(v["valid"], false);
    assert!(v["reason"].as_str().unwrap().contains("never issued"), "{v}");

    let (code, v) = json(&["123456789011"]);
    assert_eq!(code, Some(1));
    assert_eq!(v["reason"], "check digit mismatch");

    let (code, v) = json(&["12345"]);
    assert_eq!(code, Some(1));
    assert_eq!(v["kind"], "unknown");
    assert_eq!(v["reason"], "must be 12 digits, found 5");
}

#[test]
fn decoded_fields_are_in_the_json() {
    let (_, v) = json(&["871008401427"]);
    assert_eq!(v["iin"]["birth_date"], "1987-10-08");
    assert_eq!(v["iin"]["sex"], "female");
    assert_eq!(v["iin"]["century"], 1900);
    let (_, v) = json(&["940140000385"]);
    assert_eq!(v["bin"]["registered_year"], 1994);
    assert_eq!(v["bin"]["registered_month"], 1);
    assert_eq!(v["bin"]["entity_type"], "resident_legal_entity");
    assert_eq!(v["bin"]["unit_type"], "head_office");
}

#[test]
fn spaces_are_allowed_quoted_or_not() {
    let (code, v) = json(&["8710 0840 1427"]);
    assert_eq!((code, v["valid"].clone()), (Some(0), Value::Bool(true)));
    assert_eq!(v["normalized"], "871008401427");
    let (code, v) = json(&["8710", "0840", "1427"]);
    assert_eq!((code, v["valid"].clone()), (Some(0), Value::Bool(true)));
}

#[test]
fn text_output_says_what_the_number_is() {
    let out = run(&["check-id", "871008401427"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out).trim_end(), "871008401427: valid IIN — born 08/10/1987, female");
    let out = run(&["check-id", "940140000385"]);
    assert_eq!(
        stdout(&out).trim_end(),
        "940140000385: valid BIN — registered 01/1994, resident legal entity, head office"
    );
    let out = run(&["check-id", "871008401428"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out).trim_end(), "871008401428: invalid IIN — check digit mismatch");
    let out = sk_support().env("LANG", "ru_RU.UTF-8").args(["check-id", "871008401427"]).output().unwrap();
    assert_eq!(stdout(&out).trim_end(), "871008401427: корректный ИИН — дата рождения 08/10/1987, женский пол");
}

#[test]
fn usage_errors_exit_2() {
    for args in [&["check-id"][..], &["check-id", "--nope", "1"], &["no-such-command"], &["compose"]] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!stderr(&out).is_empty(), "{args:?}");
    }
    let out = run(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("check-id"));
}
