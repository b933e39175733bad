//! Draft → Request: every rule of the format, with one typed problem per field.
//!
//! Validation collects all problems at once (a user fixes them in one go) and names each by the
//! path of its field in the request file (`sender.iin`), which is also how the GUI finds the
//! field to focus.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeDelta, TimeZone, Utc};
use chrono_tz::Asia::Almaty;
use lettre::message::Mailbox;

use super::draft::Draft;
use super::id::{Id, IdError};
use super::text::{lines, single_line};
use super::{
    AttachmentRef, BodyLanguage, Eds, Environment, Problem, Request, SUMMARY_MAX_CHARS, SUPPORT_ADDRESS, Sender,
};

/// The longest full name accepted, in characters: longer is a paste accident.
pub const FULL_NAME_MAX_CHARS: usize = 200;

/// How far into the future a problem time may lie before it is taken for a typo: clocks of
/// users' machines are often a few minutes off.
const FUTURE_SLACK: TimeDelta = TimeDelta::minutes(10);

/// What is wrong with one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldProblem {
    Required,
    TooLong { chars: usize, max: usize },
    Id(IdError),
    NotAnEmail,
    NotAMailbox,
    NotAPhone,
    NotADate,
    NotADateTime,
    InTheFuture,
    EndsBeforeItBegins,
    OnlyOneDate,
    UnknownLanguage,
    NoFromAddress,
    NoFileName,
    DuplicateFileName,
}

/// The short English text, as printed by `compose` (`sender.iin: check digit mismatch`);
/// translations are in [`crate::i18n`].
impl fmt::Display for FieldProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Required => f.write_str("required"),
            Self::TooLong { chars, max } => write!(f, "too long: {chars} characters, at most {max}"),
            Self::Id(e) => write!(f, "{e}"),
            Self::NotAnEmail => f.write_str("not an e-mail address (expected name@example.kz)"),
            Self::NotAMailbox => {
                f.write_str("not an e-mail address (expected name@example.kz or \"Name <name@example.kz>\")")
            }
            Self::NotAPhone => f.write_str("not a phone number (needs at least 5 digits)"),
            Self::NotADate => f.write_str("not a date (expected YYYY-MM-DD, e.g. 2026-05-08)"),
            Self::NotADateTime => f.write_str(
                "not a date and time (expected e.g. 2026-11-24T14:35:00+05:00, or 2026-11-24 14:35 in Astana time)",
            ),
            Self::InTheFuture => f.write_str("lies in the future"),
            Self::EndsBeforeItBegins => f.write_str("the validity ends before it begins"),
            Self::OnlyOneDate => f.write_str("give both valid_from and valid_to, or neither"),
            Self::UnknownLanguage => f.write_str("must be \"kk\" or \"ru\""),
            Self::NoFromAddress => f.write_str("no sender e-mail and no from address: give sender.email or from"),
            Self::NoFileName => f.write_str("has no file name"),
            Self::DuplicateFileName => f.write_str("another attachment has the same file name"),
        }
    }
}

/// A problem and the field it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The path of the field in the request file: `sender.iin`, `problem.attachments[1]`.
    pub field: String,
    pub problem: FieldProblem,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.problem)
    }
}

/// A field that may be empty but that support will ask for if it is: said before sending, so
/// the user can add it and spare a round trip.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldWarning {
    pub field: &'static str,
}

impl fmt::Display for FieldWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: not given; support will ask for it", self.field)
    }
}

struct Collector(Vec<FieldError>);

impl Collector {
    fn push(&mut self, field: impl Into<String>, problem: FieldProblem) {
        self.0.push(FieldError { field: field.into(), problem });
    }

    /// Records the error of `result` under `field` and passes the value on.
    fn check<T>(&mut self, field: &str, result: Result<T, FieldProblem>) -> Option<T> {
        result.map_err(|problem| self.push(field, problem)).ok()
    }
}

/// Checks a draft against the format. `now` is the current time (for "in the future").
pub fn validate(draft: &Draft, now: DateTime<Utc>) -> Result<Request, Vec<FieldError>> {
    let mut errors = Collector(Vec::new());

    let language = errors.check("language", parse_language(&draft.language));
    let summary = errors.check("summary", required_line(&draft.summary, SUMMARY_MAX_CHARS));
    let to = errors.check("to", parse_mailbox_or(&draft.to, SUPPORT_ADDRESS));
    let from = errors.check("from", parse_optional_mailbox(&draft.from));

    let s = &draft.sender;
    let full_name = errors.check("sender.full_name", required_line(&s.full_name, FULL_NAME_MAX_CHARS));
    let id = errors.check("sender.iin", Id::parse(&s.iin).map_err(FieldProblem::Id));
    let email = errors.check("sender.email", parse_optional_email(&s.email));
    let phone = errors.check("sender.phone", parse_phone(&s.phone));
    if let (Some(None), Some(None)) = (&email, &from) {
        errors.push("from", FieldProblem::NoFromAddress);
    }
    // From: the explicit `from`, else the sender; Reply-To: the sender, when From is someone else.
    let (from, reply_to) = match (from, &email, &full_name) {
        (Some(Some(from)), Some(Some(email)), Some(name)) if from.email != *email => {
            (Some(from), Some(Mailbox::new(Some(name.clone()), email.clone())))
        }
        (Some(Some(from)), _, _) => (Some(from), None),
        (Some(None), Some(Some(email)), Some(name)) => (Some(Mailbox::new(Some(name.clone()), email.clone())), None),
        _ => (None, None),
    };

    let valid_from = errors.check("eds.valid_from", parse_optional_date(&draft.eds.valid_from));
    let valid_to = errors.check("eds.valid_to", parse_optional_date(&draft.eds.valid_to));
    let validity = match (valid_from, valid_to) {
        (Some(Some(from)), Some(Some(to))) if to < from => {
            errors.push("eds.valid_to", FieldProblem::EndsBeforeItBegins);
            None
        }
        (Some(Some(from)), Some(Some(to))) => Some((from, to)),
        (Some(Some(_)), Some(None)) => {
            errors.push("eds.valid_to", FieldProblem::OnlyOneDate);
            None
        }
        (Some(None), Some(Some(_))) => {
            errors.push("eds.valid_from", FieldProblem::OnlyOneDate);
            None
        }
        _ => None,
    };

    let p = &draft.problem;
    let occurred_at = errors.check("problem.occurred_at", parse_occurred_at(&p.occurred_at, now));
    let attachments = attachment_refs(&p.attachments, &mut errors);

    let mut problems = errors.0;
    if !problems.is_empty() {
        problems.sort_by_key(|e| field_order(&e.field));
        return Err(problems);
    }
    // Every `None` below was recorded as an error above, so this is unreachable then.
    let (
        Some(language),
        Some(summary),
        Some(to),
        Some(from),
        Some(full_name),
        Some(id),
        Some(email),
        Some(phone),
        Some(occurred_at),
    ) = (language, summary, to, from, full_name, id, email, phone, occurred_at)
    else {
        return Err(vec![FieldError { field: "request".into(), problem: FieldProblem::Required }]);
    };
    let env = &draft.environment;
    Ok(Request {
        language,
        summary,
        to,
        from,
        reply_to,
        sender: Sender { full_name, id, email, phone },
        eds: Eds { description: lines(&draft.eds.description), validity },
        environment: Environment {
            browser: lines(&env.browser),
            java: lines(&env.java),
            os: lines(&env.os),
            service_pack: lines(&env.service_pack),
        },
        problem: Problem {
            occurred_at,
            error_text: lines(&p.error_text),
            steps: lines(&p.steps),
            description: lines(&p.description),
            details: lines(&p.details),
            attachments,
        },
    })
}

/// The order of fields in the form and the file, so errors read top to bottom.
fn field_order(field: &str) -> usize {
    const ORDER: [&str; 20] = [
        "language",
        "summary",
        "to",
        "from",
        "sender.full_name",
        "sender.iin",
        "sender.email",
        "sender.phone",
        "eds.description",
        "eds.valid_from",
        "eds.valid_to",
        "environment.browser",
        "environment.java",
        "environment.os",
        "environment.service_pack",
        "problem.occurred_at",
        "problem.error_text",
        "problem.steps",
        "problem.description",
        "problem.attachments",
    ];
    ORDER.iter().position(|f| field.starts_with(f)).unwrap_or(ORDER.len())
}

/// Fields that may be empty but that support needs: what the user should still fill in.
pub fn warnings(request: &Request) -> Vec<FieldWarning> {
    let missing = [
        ("eds.description", request.eds.description.is_empty()),
        ("eds.valid_to", request.eds.validity.is_none()),
        ("environment.browser", request.environment.browser.is_empty()),
        ("environment.java", request.environment.java.is_empty()),
        ("environment.os", request.environment.os.is_empty()),
        ("problem.occurred_at", request.problem.occurred_at.is_none()),
        ("problem.error_text", request.problem.error_text.is_empty()),
        ("problem.steps", request.problem.steps.is_empty()),
    ];
    missing.into_iter().filter(|(_, m)| *m).map(|(field, _)| FieldWarning { field }).collect()
}

fn parse_language(input: &str) -> Result<BodyLanguage, FieldProblem> {
    match input.trim().to_lowercase().as_str() {
        // Not given: Russian, which every help-desk member reads.
        "" | "ru" | "rus" => Ok(BodyLanguage::Ru),
        "kk" | "kz" | "kaz" => Ok(BodyLanguage::Kk),
        _ => Err(FieldProblem::UnknownLanguage),
    }
}

/// A required one-line value of at most `max` characters (summary, full name).
fn required_line(input: &str, max: usize) -> Result<String, FieldProblem> {
    let line = single_line(input);
    match line.chars().count() {
        0 => Err(FieldProblem::Required),
        chars if chars > max => Err(FieldProblem::TooLong { chars, max }),
        _ => Ok(line),
    }
}

fn parse_optional_email(input: &str) -> Result<Option<lettre::Address>, FieldProblem> {
    let text = input.trim();
    if text.is_empty() {
        return Ok(None);
    }
    parse_address(text).map(Some)
}

/// An address every mail server takes: an ASCII dot-atom before the @ (no quoted forms), a
/// domain name with at least one dot (no IP literals). An internationalised domain
/// (`пример.kz`) is converted to its ASCII form (`xn--e1afmkfd.kz`), which every server reads.
fn parse_address(text: &str) -> Result<lettre::Address, FieldProblem> {
    const ATOM_SPECIALS: &str = "!#$%&'*+/=?^_`{|}~-";
    let (local, domain) = text.rsplit_once('@').ok_or(FieldProblem::NotAnEmail)?;
    let atom_ok =
        |atom: &str| !atom.is_empty() && atom.chars().all(|c| c.is_ascii_alphanumeric() || ATOM_SPECIALS.contains(c));
    if local.len() > 64 || !local.split('.').all(atom_ok) {
        return Err(FieldProblem::NotAnEmail);
    }
    let domain = idna::domain_to_ascii(domain).map_err(|_| FieldProblem::NotAnEmail)?;
    let label_ok = |label: &str| {
        (1..=63).contains(&label.len())
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    if !domain.contains('.') || domain.len() > 253 || !domain.split('.').all(label_ok) {
        return Err(FieldProblem::NotAnEmail);
    }
    lettre::Address::new(local, domain).map_err(|_| FieldProblem::NotAnEmail)
}

fn parse_optional_mailbox(input: &str) -> Result<Option<Mailbox>, FieldProblem> {
    let text = input.trim();
    if text.is_empty() {
        return Ok(None);
    }
    // A display name with a line break would be folded by lettre, but it is a typo all the same.
    if text.contains(['\r', '\n']) {
        return Err(FieldProblem::NotAMailbox);
    }
    let mailbox = Mailbox::from_str(text).map_err(|_| FieldProblem::NotAMailbox)?;
    let email = parse_address(mailbox.email.as_ref()).map_err(|_| FieldProblem::NotAMailbox)?;
    let name = mailbox.name.map(|n| single_line(&n)).filter(|n| !n.is_empty());
    Ok(Some(Mailbox::new(name, email)))
}

fn parse_mailbox_or(input: &str, default: &str) -> Result<Mailbox, FieldProblem> {
    match parse_optional_mailbox(input)? {
        Some(mailbox) => Ok(mailbox),
        None => Mailbox::from_str(default).map_err(|_| FieldProblem::NotAMailbox),
    }
}

fn parse_phone(input: &str) -> Result<Option<String>, FieldProblem> {
    let phone = single_line(input);
    if phone.is_empty() {
        return Ok(None);
    }
    if phone.chars().filter(char::is_ascii_digit).count() < 5 {
        return Err(FieldProblem::NotAPhone);
    }
    Ok(Some(phone))
}

fn parse_optional_date(input: &str) -> Result<Option<NaiveDate>, FieldProblem> {
    let text = input.trim();
    if text.is_empty() {
        return Ok(None);
    }
    // A date, or a whole date-time (a TOML date-time) of which the date counts; nothing else.
    // Day first (`08.05.2026`, `08/05/2026`) is how people in Kazakhstan write dates.
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text, "%d.%m.%Y"))
        .or_else(|_| NaiveDate::parse_from_str(text, "%d/%m/%Y"))
        .or_else(|_| DateTime::parse_from_rfc3339(text).map(|t| t.date_naive()))
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S").map(|t| t.date()))
        .map(Some)
        .map_err(|_| FieldProblem::NotADate)
}

/// RFC 3339 with an offset, in any zone; without an offset the time is Astana's, which is what
/// a user in Kazakhstan means when they type one.
fn parse_occurred_at(input: &str, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>, FieldProblem> {
    let text = input.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let at = if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        t.with_timezone(&Utc)
    } else {
        // Also day first, as people here write it and as support asks for it (DD/MM/YYYY HH:MM).
        let local = [
            "%Y-%m-%dT%H:%M:%S",
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%d %H:%M",
            "%d.%m.%Y %H:%M",
            "%d/%m/%Y %H:%M",
        ]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
        .ok_or(FieldProblem::NotADateTime)?;
        Almaty.from_local_datetime(&local).earliest().ok_or(FieldProblem::NotADateTime)?.with_timezone(&Utc)
    };
    if at > now + FUTURE_SLACK {
        return Err(FieldProblem::InTheFuture);
    }
    Ok(Some(at))
}

fn attachment_refs(paths: &[String], errors: &mut Collector) -> Vec<AttachmentRef> {
    let mut refs: Vec<AttachmentRef> = Vec::with_capacity(paths.len());
    for (i, path) in paths.iter().enumerate() {
        let field = format!("problem.attachments[{i}]");
        let path = path.trim();
        // Both separators: a request file written on Windows is read everywhere.
        let name = single_line(path.rsplit(['/', '\\']).next().unwrap_or_default());
        let name = name.as_str();
        if name.is_empty() || name == "." || name == ".." {
            errors.push(field, FieldProblem::NoFileName);
        } else if refs.iter().any(|r| r.name == name) {
            errors.push(field, FieldProblem::DuplicateFileName);
        } else {
            refs.push(AttachmentRef { path: path.to_owned(), name: name.to_owned() });
        }
    }
    refs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::draft::{EdsDraft, ProblemDraft, SenderDraft};

    fn now() -> DateTime<Utc> {
        "2026-11-24T12:00:00Z".parse().unwrap()
    }

    fn minimal() -> Draft {
        Draft {
            language: "ru".into(),
            summary: "Не открывается кабинет".into(),
            sender: SenderDraft {
                full_name: "Тестов Тест".into(),
                iin: "871008401427".into(),
                email: "test.user@example.kz".into(),
                ..SenderDraft::default()
            },
            ..Draft::default()
        }
    }

    fn fields(errors: &[FieldError]) -> Vec<String> {
        errors.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn a_minimal_draft_is_a_request() {
        let r = validate(&minimal(), now()).unwrap();
        assert_eq!(r.sender.id.as_string(), "871008401427");
        assert_eq!(r.to.to_string(), "office@sud.kz");
        assert_eq!(r.reply_to, None);
        assert_eq!(r.from.email.to_string(), "test.user@example.kz");
        assert_eq!(r.from.name.as_deref(), Some("Тестов Тест"));
    }

    #[test]
    fn every_problem_is_reported_at_once_in_form_order() {
        let draft = Draft {
            language: "en".into(),
            summary: "x".repeat(121),
            sender: SenderDraft {
                iin: "123456789011".into(),
                email: "not-an-email".into(),
                phone: "call me".into(),
                ..SenderDraft::default()
            },
            eds: EdsDraft { valid_from: "2026-13-01".into(), ..EdsDraft::default() },
            problem: ProblemDraft { occurred_at: "yesterday".into(), ..ProblemDraft::default() },
            ..Draft::default()
        };
        let errors = validate(&draft, now()).unwrap_err();
        assert_eq!(
            fields(&errors),
            [
                "language: must be \"kk\" or \"ru\"",
                "summary: too long: 121 characters, at most 120",
                "sender.full_name: required",
                "sender.iin: check digit mismatch",
                "sender.email: not an e-mail address (expected name@example.kz)",
                "sender.phone: not a phone number (needs at least 5 digits)",
                "eds.valid_from: not a date (expected YYYY-MM-DD, e.g. 2026-05-08)",
                "problem.occurred_at: not a date and time (expected e.g. 2026-11-24T14:35:00+05:00, or 2026-11-24 14:35 in Astana time)",
            ]
        );
    }

    #[test]
    fn summary_limit_counts_characters_after_folding() {
        let mut d = minimal();
        d.summary = format!("  {}\r\n\r\n  ", "ә".repeat(120));
        assert_eq!(validate(&d, now()).unwrap().summary.chars().count(), 120);
        d.summary = " \r\n\t ".into();
        assert_eq!(fields(&validate(&d, now()).unwrap_err()), ["summary: required"]);
    }

    #[test]
    fn header_injection_in_the_summary_is_folded_away() {
        let mut d = minimal();
        d.summary = "Ошибка\r\nBcc: victim@example.kz\r\n\r\nbody".into();
        assert_eq!(validate(&d, now()).unwrap().summary, "Ошибка Bcc: victim@example.kz body");
    }

    #[test]
    fn no_e_mail_anywhere_is_an_error_of_from() {
        let mut d = minimal();
        d.sender.email = String::new();
        assert_eq!(
            fields(&validate(&d, now()).unwrap_err()),
            ["from: no sender e-mail and no from address: give sender.email or from"]
        );
        d.from = "Оператор 1401 <operator@example.kz>".into();
        let r = validate(&d, now()).unwrap();
        assert_eq!(r.from.email.to_string(), "operator@example.kz");
        assert_eq!(r.reply_to, None, "no sender e-mail: nobody to reply to but the operator");
    }

    #[test]
    fn reply_to_is_the_sender_when_from_is_someone_else() {
        let mut d = minimal();
        d.from = "operator@example.kz".into();
        let r = validate(&d, now()).unwrap();
        assert_eq!(r.reply_to.unwrap().email.to_string(), "test.user@example.kz");
        d.from = "test.user@example.kz".into();
        assert_eq!(validate(&d, now()).unwrap().reply_to, None);
    }

    #[test]
    fn addresses_are_ones_every_mail_server_takes() {
        let mut d = minimal();
        for bad in [
            "\"a b\"@example.kz",
            "x@[127.0.0.1]",
            "иван@example.kz",
            "a..b@example.kz",
            "a@localhost",
            "a@-x.kz",
            "@x.kz",
        ] {
            d.sender.email = bad.into();
            assert_eq!(
                fields(&validate(&d, now()).unwrap_err()),
                ["sender.email: not an e-mail address (expected name@example.kz)"],
                "{bad}"
            );
        }
        d.sender.email = "user@пример.kz".into();
        assert_eq!(validate(&d, now()).unwrap().sender.email.unwrap().to_string(), "user@xn--e1afmkfd.kz");
        d.sender.email = "test.user+sk@mail.example.kz".into();
        assert!(validate(&d, now()).is_ok());
        d.from = "Оператор <op@[127.0.0.1]>".into();
        assert_eq!(validate(&d, now()).unwrap_err()[0].problem, FieldProblem::NotAMailbox);
        d.from = "Оператор <op@пример.kz>".into();
        assert_eq!(validate(&d, now()).unwrap().from.email.to_string(), "op@xn--e1afmkfd.kz");
    }

    #[test]
    fn mailboxes_with_line_breaks_are_refused() {
        let mut d = minimal();
        d.from = "a@example.kz\r\nBcc: b@example.kz".into();
        assert_eq!(validate(&d, now()).unwrap_err()[0].problem, FieldProblem::NotAMailbox);
        d.from = String::new();
        d.to = "office@sud.kz\nBcc: b@example.kz".into();
        assert_eq!(validate(&d, now()).unwrap_err()[0].field, "to");
    }

    #[test]
    fn eds_dates_come_in_pairs_and_in_order() {
        let mut d = minimal();
        d.eds.valid_from = "2026-05-08".into();
        assert_eq!(
            fields(&validate(&d, now()).unwrap_err()),
            ["eds.valid_to: give both valid_from and valid_to, or neither"]
        );
        d.eds.valid_to = "2025-05-08".into();
        assert_eq!(fields(&validate(&d, now()).unwrap_err()), ["eds.valid_to: the validity ends before it begins"]);
        d.eds.valid_to = "2027-05-08T00:00:00+05:00".into();
        let validity = validate(&d, now()).unwrap().eds.validity.unwrap();
        assert_eq!(validity.1, NaiveDate::from_ymd_opt(2027, 5, 8).unwrap());
        for day_first in ["08.05.2027", "08/05/2027"] {
            d.eds.valid_to = day_first.into();
            assert_eq!(validate(&d, now()).unwrap().eds.validity.unwrap().1, validity.1, "{day_first}");
        }
        for junk in ["2027-05-08xyz", "2027-05-0812", "2027-05-08 garbage", "05.2027", "30.02.2027", "2027-02-30"] {
            d.eds.valid_to = junk.into();
            assert_eq!(validate(&d, now()).unwrap_err()[0].problem, FieldProblem::NotADate, "{junk}");
        }
    }

    #[test]
    fn occurred_at_takes_any_offset_and_local_astana_time() {
        let mut d = minimal();
        d.problem.occurred_at = "2026-11-24T09:35:00Z".into();
        let utc = validate(&d, now()).unwrap().problem.occurred_at.unwrap();
        d.problem.occurred_at = "2026-11-24 14:35".into();
        assert_eq!(validate(&d, now()).unwrap().problem.occurred_at, Some(utc));
        d.problem.occurred_at = "2026-11-24T14:35:00+05:00".into();
        assert_eq!(validate(&d, now()).unwrap().problem.occurred_at, Some(utc));
        // Day first, as people here write it and as support asks for it.
        for day_first in ["24.11.2026 14:35", "24/11/2026 14:35"] {
            d.problem.occurred_at = day_first.into();
            assert_eq!(validate(&d, now()).unwrap().problem.occurred_at, Some(utc), "{day_first}");
        }
        // Before 2024-03-01 Astana was UTC+6.
        d.problem.occurred_at = "2024-02-01 10:00".into();
        let before = validate(&d, now()).unwrap().problem.occurred_at.unwrap();
        assert_eq!(before, "2024-02-01T04:00:00Z".parse::<DateTime<Utc>>().unwrap());
    }

    #[test]
    fn a_problem_in_the_future_is_a_typo() {
        let mut d = minimal();
        d.problem.occurred_at = "2026-11-24T12:05:00Z".into();
        assert!(validate(&d, now()).is_ok(), "a few minutes of clock skew are fine");
        d.problem.occurred_at = "2026-11-25T12:00:00Z".into();
        assert_eq!(fields(&validate(&d, now()).unwrap_err()), ["problem.occurred_at: lies in the future"]);
    }

    #[test]
    fn language_accepts_kz_and_defaults_to_russian() {
        let mut d = minimal();
        d.language = " KZ ".into();
        assert_eq!(validate(&d, now()).unwrap().language, BodyLanguage::Kk);
        d.language = String::new();
        assert_eq!(validate(&d, now()).unwrap().language, BodyLanguage::Ru);
    }

    #[test]
    fn attachments_need_distinct_file_names() {
        let mut d = minimal();
        d.problem.attachments = vec![
            "a/screen.png".into(),
            "b\\screen.png".into(),
            "dir/".into(),
            "c/файл.pdf".into(),
            "d/new\nline\t.png".into(),
        ];
        assert_eq!(
            fields(&validate(&d, now()).unwrap_err()),
            [
                "problem.attachments[1]: another attachment has the same file name",
                "problem.attachments[2]: has no file name",
            ]
        );
        d.problem.attachments.remove(2);
        d.problem.attachments.remove(1);
        let names: Vec<_> = validate(&d, now()).unwrap().problem.attachments.into_iter().map(|a| a.name).collect();
        assert_eq!(names, ["screen.png", "файл.pdf", "new line .png"]);
    }

    #[test]
    fn warnings_name_what_support_will_ask_for() {
        let r = validate(&minimal(), now()).unwrap();
        let named: Vec<_> = warnings(&r).iter().map(|w| w.field).collect();
        assert_eq!(
            named,
            [
                "eds.description",
                "eds.valid_to",
                "environment.browser",
                "environment.java",
                "environment.os",
                "problem.occurred_at",
                "problem.error_text",
                "problem.steps"
            ]
        );
    }
}
