//! Request → subject and body, exactly as `shared/spec/REQUEST-FORMAT.md` says.
//!
//! Support reads the numbered items by eye and sorts mail by the subject, so the text is fixed
//! to the character: labels per language, value rules, Astana time, `DD/MM/YYYY`.

use std::fmt::Write as _;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Asia::Almaty;

use super::{BodyLanguage, Request, Text};

/// The fixed texts of the body in one language.
struct Labels {
    eds: &'static str,
    browser: &'static str,
    java: &'static str,
    extra: &'static str,
    error_text: &'static str,
    steps: &'static str,
    more_info: &'static str,
    occurred_at: &'static str,
    astana_time: &'static str,
    description: &'static str,
    os: &'static str,
    service_pack: &'static str,
    attachments: &'static str,
    sender: &'static str,
    id_kind: &'static str,
    contacts: &'static str,
    not_given: &'static str,
    none: &'static str,
}

const KK: Labels = Labels {
    eds: "1) Қолданылатын ЭЦҚ, ЭЦҚ-ның әрекет ету мерзімі:",
    browser: "2) Қолданылатын Web-браузер түрі және Web-браузер нұсқасы:",
    java: "3) Java БҚ қолданылатын нұсқасы:",
    extra: "4) Қосымша берілетін мәліметтер:",
    error_text: "· Қателік мәтіні:",
    steps: "· Қателік туындайтын әрекеттер:",
    more_info: "· Қосымша ақпарат (Screen және т.б.):",
    occurred_at: "Мәселенің туындау уақыты:",
    astana_time: "(Астана уақыты)",
    description: "Мәселенің толық сипаттамасы:",
    os: "Операциондық жүйе:",
    service_pack: "Операциондық жүйенің Сервис пагы:",
    attachments: "Тіркелген файлдар:",
    sender: "5) Жіберуші:",
    id_kind: "ЖСН/БСН",
    contacts: "Байланыс:",
    not_given: "көрсетілмеген",
    none: "жоқ",
};

const RU: Labels = Labels {
    eds: "1) Используемая ЭЦП, срок действия ЭЦП:",
    browser: "2) Тип используемого Web-браузера и версия Web-браузера:",
    java: "3) Используемая версия ПО Java:",
    extra: "4) Дополнительно предоставляемые сведения:",
    error_text: "· Текст ошибки:",
    steps: "· Действия, при которых возникает ошибка:",
    more_info: "· Дополнительная информация (Screen и т.д.):",
    occurred_at: "Время возникновения проблемы:",
    astana_time: "(время Астаны)",
    description: "Полное описание проблемы:",
    os: "Операционная система:",
    service_pack: "Сервис пак операционной системы:",
    attachments: "Приложенные файлы:",
    sender: "5) Отправитель:",
    id_kind: "ИИН/БИН",
    contacts: "Контакты:",
    not_given: "не указано",
    none: "нет",
};

fn labels(language: BodyLanguage) -> &'static Labels {
    match language {
        BodyLanguage::Kk => &KK,
        BodyLanguage::Ru => &RU,
    }
}

/// `<ID>/СК/<summary>`, with Cyrillic С and К.
pub fn subject(request: &Request) -> String {
    format!("{}/\u{0421}\u{041a}/{}", request.sender.id, request.summary)
}

/// The body with LF line endings, ending in one line break. (lettre puts CRLF on the wire.)
pub fn body(request: &Request) -> String {
    let l = labels(request.language);
    let mut body = Body { text: String::new(), not_given: l.not_given };

    let eds = eds_value(request, l);
    body.value("", l.eds, &eds);
    body.value("", l.browser, &request.environment.browser);
    body.value("", l.java, &request.environment.java);
    body.line("", l.extra);
    body.value("", l.error_text, &request.problem.error_text);
    body.value("", l.steps, &request.problem.steps);
    body.line("", l.more_info);
    for line in &request.problem.details {
        body.line("  ", line);
    }
    let occurred_at = match request.problem.occurred_at {
        Some(at) => vec![format!("{} {}", astana_date_time(at), l.astana_time)],
        None => Vec::new(),
    };
    body.value("  ", l.occurred_at, &occurred_at);
    body.value("  ", l.description, &request.problem.description);
    body.value("  ", l.os, &request.environment.os);
    body.value("  ", l.service_pack, &request.environment.service_pack);
    let names: Vec<&str> = request.problem.attachments.iter().map(|a| a.name.as_str()).collect();
    let names = if names.is_empty() { l.none.to_owned() } else { names.join(", ") };
    body.line("  ", &format!("{} {names}", l.attachments));

    let sender = &request.sender;
    body.line("", &format!("{} {}, {} {}", l.sender, sender.full_name, l.id_kind, sender.id));
    let contacts: Vec<String> =
        sender.email.iter().map(ToString::to_string).chain(sender.phone.iter().cloned()).collect();
    if !contacts.is_empty() {
        body.line("  ", &format!("{} {}", l.contacts, contacts.join(", ")));
    }
    body.text
}

struct Body {
    text: String,
    /// The word for an empty value in the body's language.
    not_given: &'static str,
}

impl Body {
    fn line(&mut self, indent: &str, text: &str) {
        let _ = writeln!(self.text, "{indent}{text}");
    }

    /// A label and its value: one line after the colon, several on their own lines two spaces
    /// deeper than the label, none as "not given".
    fn value(&mut self, indent: &str, label: &str, value: &Text) {
        match value.as_slice() {
            [] => self.line(indent, &format!("{label} {}", self.not_given)),
            [one] => self.line(indent, &format!("{label} {one}")),
            many => {
                self.line(indent, label);
                for line in many {
                    let _ = writeln!(self.text, "{indent}  {line}");
                }
            }
        }
    }
}

/// Item 1: the description, then the validity period.
fn eds_value(request: &Request, l: &Labels) -> Text {
    let eds = &request.eds;
    let Some((from, to)) = eds.validity else {
        return eds.description.clone();
    };
    let period = format!("{} \u{2013} {}", date(from), date(to));
    match eds.description.as_slice() {
        [] => vec![format!("{}; {period}", l.not_given)],
        [one] => vec![format!("{one}; {period}")],
        many => {
            let mut lines = many.to_vec();
            lines.push(period);
            lines
        }
    }
}

/// `DD/MM/YYYY`.
pub fn date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// `DD/MM/YYYY HH:MM` in Astana time (UTC+6 before 2024-03-01, UTC+5 since).
pub fn astana_date_time(at: DateTime<Utc>) -> String {
    at.with_timezone(&Almaty).format("%d/%m/%Y %H:%M").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::draft::{Draft, SenderDraft};
    use crate::request::validate;

    fn request(edit: impl FnOnce(&mut Draft)) -> Request {
        let mut d = Draft {
            language: "ru".into(),
            summary: "Тест".into(),
            sender: SenderDraft {
                full_name: "Тестов Тест".into(),
                iin: "871008401427".into(),
                email: "test.user@example.kz".into(),
                phone: String::new(),
            },
            ..Draft::default()
        };
        edit(&mut d);
        validate(&d, "2026-11-24T12:00:00Z".parse().unwrap()).unwrap()
    }

    #[test]
    fn subject_uses_cyrillic_sk() {
        let s = subject(&request(|_| {}));
        assert_eq!(s, "871008401427/СК/Тест");
        assert!(s.contains('\u{0421}') && s.contains('\u{041a}') && !s.contains("CK"));
    }

    #[test]
    fn empty_values_in_russian() {
        assert_eq!(
            body(&request(|_| {})),
            "1) Используемая ЭЦП, срок действия ЭЦП: не указано\n\
             2) Тип используемого Web-браузера и версия Web-браузера: не указано\n\
             3) Используемая версия ПО Java: не указано\n\
             4) Дополнительно предоставляемые сведения:\n\
             · Текст ошибки: не указано\n\
             · Действия, при которых возникает ошибка: не указано\n\
             · Дополнительная информация (Screen и т.д.):\n\
             \x20 Время возникновения проблемы: не указано\n\
             \x20 Полное описание проблемы: не указано\n\
             \x20 Операционная система: не указано\n\
             \x20 Сервис пак операционной системы: не указано\n\
             \x20 Приложенные файлы: нет\n\
             5) Отправитель: Тестов Тест, ИИН/БИН 871008401427\n\
             \x20 Контакты: test.user@example.kz\n"
        );
    }

    #[test]
    fn empty_values_in_kazakh() {
        let b = body(&request(|d| {
            d.language = "kk".into();
            d.sender.email = String::new();
            d.from = "operator@example.kz".into();
        }));
        assert!(b.starts_with("1) Қолданылатын ЭЦҚ, ЭЦҚ-ның әрекет ету мерзімі: көрсетілмеген\n"), "{b}");
        assert!(b.contains("\n  Мәселенің туындау уақыты: көрсетілмеген\n"), "{b}");
        assert!(b.contains("\n  Тіркелген файлдар: жоқ\n"), "{b}");
        assert!(b.ends_with("5) Жіберуші: Тестов Тест, ЖСН/БСН 871008401427\n"), "no contacts line: {b}");
    }

    #[test]
    fn multi_line_values_are_indented_below_their_label() {
        let b = body(&request(|d| {
            d.problem.error_text = "  Ошибка  \r\n\r\n\tat kz.gov.Foo.bar(Foo.java:1)\n".into();
            d.problem.description = "первая\n\n   вторая   ".into();
            d.problem.details = "Скриншот приложен\nПовторяется каждый раз".into();
            d.environment.os = "\n  Windows 7  \n".into();
            d.sender.phone = "+7 701 000 0000".into();
        }));
        assert!(
            b.contains(
                "· Текст ошибки:\n  Ошибка\n  at kz.gov.Foo.bar(Foo.java:1)\n· Действия, при которых возникает ошибка: не указано\n"
            ),
            "{b}"
        );
        assert!(
            b.contains(
                "· Дополнительная информация (Screen и т.д.):\n  Скриншот приложен\n  Повторяется каждый раз\n  Время"
            ),
            "{b}"
        );
        assert!(b.contains("\n  Полное описание проблемы:\n    первая\n    вторая\n"), "{b}");
        assert!(b.contains("\n  Операционная система: Windows 7\n"), "one line left: after the colon: {b}");
        assert!(b.ends_with("\n  Контакты: test.user@example.kz, +7 701 000 0000\n"), "{b}");
        for line in b.lines() {
            let numbered = line.starts_with(|c: char| c.is_ascii_digit()) && line.as_bytes().get(1) == Some(&b')');
            assert!(numbered || line.starts_with("· ") || line.starts_with("  "), "column 0: {line:?}");
        }
    }

    #[test]
    fn user_text_cannot_forge_an_item() {
        let b = body(&request(|d| {
            d.problem.steps = "1. step\n5) Отправитель: Злоумышленник".into();
        }));
        assert!(b.contains("\n  5) Отправитель: Злоумышленник\n"), "{b}");
        assert_eq!(b.lines().filter(|l| l.starts_with("5)")).count(), 1);
    }

    #[test]
    fn eds_dates_follow_the_description() {
        let b = body(&request(|d| {
            d.eds.description = "GOST512, ТЕСТОВ ТЕСТ".into();
            d.eds.valid_from = "2026-05-08".into();
            d.eds.valid_to = "2027-05-08".into();
        }));
        assert!(
            b.starts_with("1) Используемая ЭЦП, срок действия ЭЦП: GOST512, ТЕСТОВ ТЕСТ; 08/05/2026 – 08/05/2027\n")
        );
        let b = body(&request(|d| {
            d.eds.valid_from = "2026-05-08".into();
            d.eds.valid_to = "2027-05-08".into();
        }));
        assert!(b.starts_with("1) Используемая ЭЦП, срок действия ЭЦП: не указано; 08/05/2026 – 08/05/2027\n"));
    }

    #[test]
    fn times_are_shown_in_astana_time() {
        let at = |s: &str| astana_date_time(s.parse().unwrap());
        assert_eq!(at("2026-11-24T09:35:00Z"), "24/11/2026 14:35");
        assert_eq!(at("2026-11-24T14:35:00+05:00"), "24/11/2026 14:35");
        assert_eq!(at("2026-11-24T12:35:00+03:00"), "24/11/2026 14:35");
        // Until 2024-03-01 Astana was UTC+6.
        assert_eq!(at("2024-02-29T17:30:00Z"), "29/02/2024 23:30");
        assert_eq!(at("2023-01-05T03:04:00Z"), "05/01/2023 09:04");
        // The day after the change, UTC+5.
        assert_eq!(at("2024-03-01T17:30:00Z"), "01/03/2024 22:30");
    }

    #[test]
    fn the_body_shows_the_time_with_its_zone_word() {
        let b = body(&request(|d| {
            d.problem.occurred_at = "2024-01-15T03:00:00Z".into();
        }));
        assert!(b.contains("\n  Время возникновения проблемы: 15/01/2024 09:00 (время Астаны)\n"), "{b}");
    }
}
