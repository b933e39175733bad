//! `sk-support deadlines`: the support SLA on the working-time calendar, from the command line.

use crate::common::{run, stderr, stdout};

#[test]
fn a_friday_evening_before_nauryz_gets_its_answer_after_the_holidays() {
    let out = run(&[
        "deadlines",
        "--sent",
        "2026-03-20T13:00:00Z",
        "--info-requested",
        "2026-03-26T10:00:00+05:00",
        "--replied",
        "2026-04-04T12:00:00+05:00",
        "--json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["sent"], "2026-03-20T18:00:00+05:00");
    assert_eq!(json["acknowledgement_by"], "2026-03-20T19:00:00+05:00");
    // 30 minutes on Friday; Monday to Wednesday are Nauryz days off.
    assert_eq!(json["first_answer_by"], "2026-03-26T11:30:00+05:00");
    // 72 working hours from Thursday 10:00: 7 days and 5.5 hours.
    assert_eq!(json["reply_by"], "2026-04-06T15:30:00+05:00");
    // A reply on Saturday: two working days from Monday 09:00.
    assert_eq!(json["answer_after_reply_by"], "2026-04-07T18:30:00+05:00");
    assert_eq!(json["calendar_unknown_years"], serde_json::json!([]));
}

#[test]
fn text_output_in_astana_time_names_years_without_data_and_bad_input_exits_2() {
    let out = run(&["deadlines", "--sent", "2027-03-05T17:00:00+05:00"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("first answer by:            08/03/2027 10:30"), "{text}");
    assert!(text.contains("user's reply by:            - (not given)"), "{text}");
    assert!(text.contains("calendar unknown for year 2027, weekends only"), "{text}");
    for bad in [
        &["deadlines", "--sent", "20.03.2026 18:00"][..],
        &["deadlines", "--sent", "2026-03-20T18:00:00+05:00", "--replied", "2026-03-21T10:00:00+05:00"],
        &["deadlines", "--sent", "2026-03-20T18:00:00+05:00", "--info-requested", "2026-03-19T10:00:00+05:00"],
    ] {
        let out = run(bad);
        assert_eq!(out.status.code(), Some(2), "{bad:?}: {}", stderr(&out));
    }
}
