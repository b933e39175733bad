//! The message: headers by the rules of the format, a UTF-8 text body, attachments byte for byte.

use std::time::SystemTime;

use lettre::Message;
use lettre::message::header::{ContentTransferEncoding, ContentType, HeaderName, HeaderValue};
use lettre::message::{Attachment as LettreAttachment, Body, MultiPart, SinglePart, header};

use crate::attachments::{Attachment, DEFAULT_LIMIT_BYTES, TooLarge};
use crate::request::{Request, render};

/// How to build the message.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The `Date` header.
    pub date: SystemTime,
    /// Mark the message as a draft (`X-Unsent: 1`): Outlook then opens the .eml for editing and
    /// sending instead of as a received mail.
    pub unsent: bool,
    /// The limit of all attachments together, in bytes.
    pub attachments_limit_bytes: u64,
}

impl Default for BuildOptions {
    fn default() -> Self {
        Self { date: SystemTime::now(), unsent: false, attachments_limit_bytes: DEFAULT_LIMIT_BYTES }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error(transparent)]
    TooLarge(#[from] TooLarge),
    #[error("{name}: content type {content_type:?} is not valid")]
    ContentType { name: String, content_type: String },
    #[error("{address:?} is not an e-mail address: {reason}")]
    Address { address: String, reason: String },
    #[error("the message cannot be built: {0}")]
    Build(#[from] lettre::error::Error),
}

/// `X-Unsent: 1`.
#[derive(Debug, Clone, Copy)]
struct XUnsent;

impl header::Header for XUnsent {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("X-Unsent")
    }

    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self)
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "1".to_owned())
    }
}

/// The subject, encoded whole as RFC 2047 words.
///
/// lettre leaves ASCII words as they are, so a summary that contains text shaped like an
/// encoded word (`=?utf-8?b?…?=`) would be decoded by the recipient into something else.
/// Encoding every word keeps the decoded subject exactly the text the user typed.
#[derive(Debug, Clone)]
struct EncodedSubject(String);

impl header::Header for EncodedSubject {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Subject")
    }

    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self(s.to_owned()))
    }

    fn display(&self) -> HeaderValue {
        let mut encoded = String::new();
        {
            let mut writer =
                email_encoding::headers::writer::EmailWriter::new(&mut encoded, "Subject: ".len(), 0, false);
            // Writing into a String cannot fail.
            let _ = email_encoding::headers::rfc2047::encode(&self.0, &mut writer);
        }
        HeaderValue::dangerous_new_pre_encoded(Self::name(), self.0.clone(), encoded)
    }
}

/// The content type to send a file with: text that is valid UTF-8 says so, so mail programs
/// show a UTF-8 log as it is.
fn attachment_content_type(a: &Attachment) -> Result<ContentType, MailError> {
    let with_charset = a.content_type.starts_with("text/")
        && !a.content_type.contains("charset")
        && std::str::from_utf8(&a.bytes).is_ok();
    let text = if with_charset { format!("{}; charset=utf-8", a.content_type) } else { a.content_type.clone() };
    ContentType::parse(&text)
        .map_err(|_| MailError::ContentType { name: a.name.clone(), content_type: a.content_type.clone() })
}

/// Builds the message of a request.
pub fn build(request: &Request, attachments: &[Attachment], options: &BuildOptions) -> Result<Message, MailError> {
    let total_bytes: u64 = attachments.iter().map(|a| a.bytes.len() as u64).sum();
    TooLarge::check(total_bytes, options.attachments_limit_bytes)?;
    let from = request.from.clone();
    let mut builder = Message::builder()
        .from(from.clone())
        .to(request.to.clone())
        .header(EncodedSubject(render::subject(request)))
        .date(options.date)
        .message_id(Some(message_id(from.email.domain())))
        .user_agent(concat!("sk-support/", env!("CARGO_PKG_VERSION")).to_owned());
    if let Some(reply_to) = request.reply_to.clone() {
        builder = builder.reply_to(reply_to);
    }
    if options.unsent {
        builder = builder.header(XUnsent);
    }
    let text = SinglePart::builder().header(ContentType::TEXT_PLAIN).body(render::body(request));
    let message = if attachments.is_empty() {
        builder.singlepart(text)?
    } else {
        let mut mixed = MultiPart::mixed().singlepart(text);
        for a in attachments {
            let content_type = attachment_content_type(a)?;
            // Always base64: no transport can touch a byte or a line ending of a file, and the
            // message stays 7-bit with CRLF lines whatever the file holds.
            let body = Body::new_with_encoding(a.bytes.clone(), ContentTransferEncoding::Base64)
                .map_err(|_| MailError::ContentType { name: a.name.clone(), content_type: a.content_type.clone() })?;
            mixed = mixed.singlepart(LettreAttachment::new(a.name.clone()).body(body, content_type));
        }
        builder.multipart(mixed)?
    };
    Ok(message)
}

/// The subject of a reply: `Re: ` once, before the original subject.
pub fn reply_subject(original: &str) -> String {
    let trimmed = original.trim_start();
    if trimmed.get(..3).is_some_and(|head| head.eq_ignore_ascii_case("re:")) {
        trimmed.to_owned()
    } else {
        format!("Re: {trimmed}")
    }
}

/// A reply to support about a sent request: same subject with `Re:`, `In-Reply-To` and
/// `References` set to the request's Message-ID, so support's system threads it.
pub fn build_reply(
    from: &str,
    original_subject: &str,
    original_message_id: &str,
    text: &str,
    date: SystemTime,
) -> Result<Message, MailError> {
    let address = |a: &str| {
        a.parse::<lettre::message::Mailbox>()
            .map_err(|e| MailError::Address { address: a.to_owned(), reason: e.to_string() })
    };
    let from = address(from)?;
    let to = address(crate::request::SUPPORT_ADDRESS)?;
    let body = crate::request::text::lines(text).join("\n");
    let message = Message::builder()
        .from(from.clone())
        .to(to)
        .header(EncodedSubject(reply_subject(original_subject)))
        .date(date)
        .message_id(Some(message_id(from.email.domain())))
        .in_reply_to(original_message_id.to_owned())
        .references(original_message_id.to_owned())
        .user_agent(concat!("sk-support/", env!("CARGO_PKG_VERSION")).to_owned())
        .singlepart(SinglePart::builder().header(ContentType::TEXT_PLAIN).body(body))?;
    Ok(message)
}

/// `<random@domain>`: unique, and in the sender's domain as RFC 5322 recommends.
fn message_id(domain: &str) -> String {
    let random: String = std::iter::repeat_with(fastrand::alphanumeric).take(24).collect();
    let millis = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_millis());
    format!("<{millis}.{random}@{domain}>")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::{Draft, validate};

    fn request(edit: impl FnOnce(&mut Draft)) -> Request {
        let mut d =
            Draft { language: "kk".into(), summary: "Кіру мүмкін емес".into(), ..Draft::default() };
        d.sender.full_name = "Тестов Тест Тестович".into();
        d.sender.iin = "871008401427".into();
        d.sender.email = "test.user@example.kz".into();
        edit(&mut d);
        validate(&d, "2026-11-24T12:00:00Z".parse().unwrap()).unwrap()
    }

    fn headers(message: &Message) -> String {
        let raw = message.formatted();
        let end = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
        String::from_utf8(raw[..end].to_vec()).unwrap()
    }

    #[test]
    fn headers_follow_the_rules() {
        let m = build(&request(|_| {}), &[], &BuildOptions::default()).unwrap();
        let h = headers(&m);
        assert!(h.contains("\r\nTo: office@sud.kz\r\n"), "{h}");
        assert!(h.contains("test.user@example.kz>\r\n"), "{h}");
        assert!(h.contains("Message-ID: <") && h.contains("@example.kz>"), "{h}");
        assert!(h.contains("\r\nDate: "), "{h}");
        assert!(h.contains("MIME-Version: 1.0"), "{h}");
        assert!(!h.contains("Reply-To"), "{h}");
        assert!(!h.contains("X-Unsent"), "{h}");
        assert_eq!(m.envelope().to()[0].to_string(), "office@sud.kz");
    }

    #[test]
    fn operator_mode_sets_reply_to_the_caller() {
        let m = build(&request(|d| d.from = "operator@example.kz".into()), &[], &BuildOptions::default()).unwrap();
        let h = headers(&m);
        assert!(h.contains("From: operator@example.kz\r\n"), "{h}");
        assert!(h.contains("Reply-To: ") && h.contains("<test.user@example.kz>"), "{h}");
        assert_eq!(m.envelope().from().unwrap().to_string(), "operator@example.kz");
    }

    #[test]
    fn unsent_marks_a_draft() {
        let options = BuildOptions { unsent: true, ..BuildOptions::default() };
        let h = headers(&build(&request(|_| {}), &[], &options).unwrap());
        assert!(h.contains("\r\nX-Unsent: 1\r\n"), "{h}");
    }

    #[test]
    fn text_attachments_are_base64_and_say_utf_8_when_they_are() {
        let log =
            Attachment { name: "a.log".into(), content_type: "text/plain".into(), bytes: b"line1\nline2\r\n".to_vec() };
        let bin =
            Attachment { name: "b.txt".into(), content_type: "text/plain".into(), bytes: vec![0xce, 0xf8, b'\n'] };
        let raw = build(&request(|_| {}), &[log, bin], &BuildOptions::default()).unwrap().formatted();
        let raw = String::from_utf8(raw).unwrap();
        assert!(
            raw.contains("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n"),
            "{raw}"
        );
        assert!(raw.contains("Content-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n"), "{raw}");
        assert!(!raw.replace("\r\n", "").contains('\n'), "bare LF in {raw}");
    }

    #[test]
    fn a_reply_threads_under_the_request() {
        assert_eq!(reply_subject("871008401427/СК/x"), "Re: 871008401427/СК/x");
        assert_eq!(reply_subject("RE: 871008401427/СК/x"), "RE: 871008401427/СК/x");
        let m = build_reply(
            "test.user@example.kz",
            "871008401427/СК/Кіру",
            "<1.a@example.kz>",
            "Скриншот жіберемін.\nРахмет",
            SystemTime::now(),
        )
        .unwrap();
        let h = headers(&m);
        assert!(h.contains("\r\nIn-Reply-To: <1.a@example.kz>\r\n"), "{h}");
        assert!(h.contains("\r\nReferences: <1.a@example.kz>\r\n"), "{h}");
        assert!(h.contains("\r\nTo: office@sud.kz\r\n"), "{h}");
        let subject = h.lines().find(|l| l.starts_with("Subject: ")).unwrap();
        assert!(subject.starts_with("Subject: =?utf-8?b?"), "{h}");
        assert_eq!(m.envelope().from().unwrap().to_string(), "test.user@example.kz");
        assert!(matches!(build_reply("nobody", "s", "<1@x>", "t", SystemTime::now()), Err(MailError::Address { .. })));
    }

    #[test]
    fn message_ids_differ() {
        assert_ne!(message_id("example.kz"), message_id("example.kz"));
    }

    #[test]
    fn too_many_bytes_are_refused() {
        let big =
            Attachment { name: "a.bin".into(), content_type: "application/octet-stream".into(), bytes: vec![0; 11] };
        let options = BuildOptions { attachments_limit_bytes: 10, ..BuildOptions::default() };
        let err = build(&request(|_| {}), &[big], &options).unwrap_err();
        assert!(matches!(err, MailError::TooLarge(TooLarge { total_bytes: 11, limit_bytes: 10 })), "{err}");
    }
}
