//! SMTP server addresses as the command line takes them: `smtps://user@host:465` (implicit TLS),
//! `smtp://user@host:587?tls=required` (STARTTLS, also the default for `smtp://`), and
//! `smtp://host:25?tls=none` (plain, for a local relay — only when written so).
//! A password in the address is refused: it would end up in shell histories and process lists.

use std::fmt;

/// How the connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Security {
    /// TLS from the first byte (port 465).
    ImplicitTls,
    /// Plain connection upgraded with STARTTLS, which must succeed (port 587).
    StartTls,
    /// No encryption at all: for a relay on the same machine or network only.
    Plain,
}

/// A parsed server address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpUrl {
    pub security: Security,
    /// The host, IDN converted to ASCII (`xn--`), lower case.
    pub host: String,
    pub port: u16,
    /// The login, percent-decoded (`user%40mail.kz` → `user@mail.kz`).
    pub user: Option<String>,
}

/// Why an address cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SmtpUrlError {
    #[error("the address must start with smtps:// (TLS, port 465) or smtp:// (STARTTLS, port 587)")]
    Scheme,
    #[error("the address names no server")]
    NoHost,
    #[error("{0:?} is not a server name")]
    BadHost(String),
    #[error("{0:?} is not a port number (1-65535)")]
    BadPort(String),
    #[error("tls={0:?}: use tls=required (STARTTLS) or tls=none (no encryption, local relays only)")]
    BadTls(String),
    #[error("smtps:// is TLS already; tls= applies to smtp:// only")]
    TlsWithSmtps,
    #[error("unknown option {0:?}; only tls= is understood")]
    UnknownOption(String),
    #[error("no password in the address: give it in SK_SMTP_PASSWORD or keep it in the credential store")]
    Password,
    #[error("the login is not valid percent-encoded UTF-8")]
    BadUser,
}

/// Parses an address (see the module's documentation).
pub fn parse(text: &str) -> Result<SmtpUrl, SmtpUrlError> {
    let text = text.trim();
    let (security, rest) = if let Some(rest) = strip_prefix_ignore_case(text, "smtps://") {
        (Security::ImplicitTls, rest)
    } else if let Some(rest) = strip_prefix_ignore_case(text, "smtp://") {
        (Security::StartTls, rest)
    } else {
        return Err(SmtpUrlError::Scheme);
    };
    let (authority, query) = match rest.split_once('?') {
        Some((a, q)) => (a, Some(q)),
        None => (rest, None),
    };
    let authority = authority.strip_suffix('/').unwrap_or(authority);
    let (user, host_port) = match authority.rsplit_once('@') {
        Some((user, host_port)) => {
            if user.contains(':') {
                return Err(SmtpUrlError::Password);
            }
            (Some(percent_decode(user)?), host_port)
        }
        None => (None, authority),
    };
    let (host, port) = match host_port.rsplit_once(':') {
        Some((host, port)) => {
            let port: u16 =
                port.parse().ok().filter(|p| *p != 0).ok_or_else(|| SmtpUrlError::BadPort(port.to_owned()))?;
            (host, Some(port))
        }
        None => (host_port, None),
    };
    if host.is_empty() {
        return Err(SmtpUrlError::NoHost);
    }
    let host = idna::domain_to_ascii(host)
        .ok()
        .filter(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.'))
        .ok_or_else(|| SmtpUrlError::BadHost(host.to_owned()))?;
    let mut security = security;
    for option in query.into_iter().flat_map(|q| q.split('&')).filter(|o| !o.is_empty()) {
        match option.split_once('=') {
            Some(("tls", _)) if security == Security::ImplicitTls => return Err(SmtpUrlError::TlsWithSmtps),
            Some(("tls", "required")) => security = Security::StartTls,
            Some(("tls", "none")) => security = Security::Plain,
            Some(("tls", other)) => return Err(SmtpUrlError::BadTls(other.to_owned())),
            _ => return Err(SmtpUrlError::UnknownOption(option.to_owned())),
        }
    }
    let port = port.unwrap_or(match security {
        Security::ImplicitTls => 465,
        Security::StartTls => 587,
        Security::Plain => 25,
    });
    Ok(SmtpUrl { security, host, port, user: user.filter(|u| !u.is_empty()) })
}

impl fmt::Display for SmtpUrl {
    /// The address again, in its canonical form (never with a password).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scheme = if self.security == Security::ImplicitTls { "smtps" } else { "smtp" };
        write!(f, "{scheme}://")?;
        if let Some(user) = &self.user {
            write!(f, "{}@", percent_encode(user))?;
        }
        write!(f, "{}:{}", self.host, self.port)?;
        match self.security {
            Security::ImplicitTls => Ok(()),
            Security::StartTls => f.write_str("?tls=required"),
            Security::Plain => f.write_str("?tls=none"),
        }
    }
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &text[prefix.len()..])
}

fn percent_decode(text: &str) -> Result<String, SmtpUrlError> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3).ok_or(SmtpUrlError::BadUser)?;
            out.push(u8::from_str_radix(hex, 16).map_err(|_| SmtpUrlError::BadUser)?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| SmtpUrlError::BadUser)
}

fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_kinds_of_address_and_their_default_ports() {
        let u = parse("smtps://user%40mail.kz@smtp.mail.kz:465").unwrap();
        assert_eq!(
            u,
            SmtpUrl {
                security: Security::ImplicitTls,
                host: "smtp.mail.kz".into(),
                port: 465,
                user: Some("user@mail.kz".into())
            }
        );
        let u = parse("smtp://user@host.example:587?tls=required").unwrap();
        assert_eq!((u.security, u.port, u.user.as_deref()), (Security::StartTls, 587, Some("user")));
        assert_eq!(parse("smtp://host.example").unwrap().security, Security::StartTls, "STARTTLS unless said");
        assert_eq!(parse("SMTP://host.example").unwrap().port, 587);
        assert_eq!(parse("smtps://host.example").unwrap().port, 465);
        let plain = parse("smtp://127.0.0.1:2525?tls=none").unwrap();
        assert_eq!((plain.security, plain.port, plain.user), (Security::Plain, 2525, None));
        assert_eq!(parse("smtp://relay?tls=none").unwrap().port, 25);
        assert_eq!(parse("smtps://smtp.Mañana.com").unwrap().host, "smtp.xn--maana-pta.com");
    }

    #[test]
    fn addresses_print_back_canonically_without_secrets() {
        for (given, canonical) in [
            ("smtps://user%40mail.kz@SMTP.Mail.kz", "smtps://user%40mail.kz@smtp.mail.kz:465"),
            ("smtp://a@b.example:587?tls=required", "smtp://a@b.example:587?tls=required"),
            ("smtp://127.0.0.1:2525?tls=none", "smtp://127.0.0.1:2525?tls=none"),
        ] {
            let u = parse(given).unwrap();
            assert_eq!(u.to_string(), canonical);
            assert_eq!(parse(canonical).unwrap(), u);
        }
    }

    #[test]
    fn bad_addresses_say_what_is_wrong() {
        for (given, expected) in [
            ("http://host", SmtpUrlError::Scheme),
            ("host:587", SmtpUrlError::Scheme),
            ("smtp://", SmtpUrlError::NoHost),
            ("smtp://user@:587", SmtpUrlError::NoHost),
            ("smtp://host:0", SmtpUrlError::BadPort("0".into())),
            ("smtp://host:70000", SmtpUrlError::BadPort("70000".into())),
            ("smtp://host?tls=maybe", SmtpUrlError::BadTls("maybe".into())),
            ("smtps://host?tls=none", SmtpUrlError::TlsWithSmtps),
            ("smtp://host?auth=plain", SmtpUrlError::UnknownOption("auth=plain".into())),
            ("smtps://user:secret@host", SmtpUrlError::Password),
            ("smtp://us%ZZer@host", SmtpUrlError::BadUser),
            ("smtp://bad host", SmtpUrlError::BadHost("bad host".into())),
        ] {
            assert_eq!(parse(given), Err(expected), "{given}");
        }
        assert!(SmtpUrlError::Password.to_string().contains("SK_SMTP_PASSWORD"));
    }
}
