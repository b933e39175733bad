//! Mail server settings of the common providers, by the domain of the user's address. The login
//! is the whole address for all of them.

use super::smtp_url::Security;

/// A provider's submission server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preset {
    pub provider: &'static str,
    pub host: &'static str,
    pub port: u16,
    pub security: Security,
    /// The provider wants an app password (two-step sign-in), not the account's own.
    pub app_password: bool,
}

const fn tls(provider: &'static str, host: &'static str, app_password: bool) -> Preset {
    Preset { provider, host, port: 465, security: Security::ImplicitTls, app_password }
}

const fn starttls(provider: &'static str, host: &'static str, app_password: bool) -> Preset {
    Preset { provider, host, port: 587, security: Security::StartTls, app_password }
}

/// Domains and their server (the providers' published submission settings).
const PRESETS: &[(&[&str], Preset)] = &[
    (&["mail.ru", "inbox.ru", "list.ru", "bk.ru", "internet.ru"], tls("Mail.ru", "smtp.mail.ru", true)),
    (&["yandex.ru", "yandex.kz", "ya.ru", "yandex.com", "narod.ru"], tls("Yandex", "smtp.yandex.ru", true)),
    (&["gmail.com", "googlemail.com"], tls("Gmail", "smtp.gmail.com", true)),
    (&["outlook.com", "hotmail.com", "live.com", "msn.com"], starttls("Outlook.com", "smtp-mail.outlook.com", false)),
    (&["rambler.ru", "lenta.ru", "ro.ru"], tls("Rambler", "smtp.rambler.ru", false)),
    (&["icloud.com", "me.com", "mac.com"], starttls("iCloud", "smtp.mail.me.com", true)),
    (&["yahoo.com"], tls("Yahoo", "smtp.mail.yahoo.com", true)),
];

/// The preset for an address's domain, if it is a known provider.
pub fn for_address(address: &str) -> Option<Preset> {
    let domain = address.trim().rsplit_once('@')?.1.trim().to_ascii_lowercase();
    PRESETS.iter().find(|(domains, _)| domains.contains(&domain.as_str())).map(|(_, preset)| *preset)
}

/// The server address of a preset for a login: `smtps://user@host:465`.
pub fn url(preset: &Preset, login: &str) -> String {
    super::smtp_url::SmtpUrl {
        security: preset.security,
        host: preset.host.to_owned(),
        port: preset.port,
        user: Some(login.trim().to_owned()).filter(|l| !l.is_empty()),
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mail::smtp_url;

    #[test]
    fn known_domains_give_their_server_and_others_none() {
        let p = for_address("Test.User@Mail.RU").unwrap();
        assert_eq!((p.host, p.port, p.security), ("smtp.mail.ru", 465, Security::ImplicitTls));
        assert_eq!(for_address("a@yandex.kz").unwrap().host, "smtp.yandex.ru");
        assert!(for_address("a@gmail.com").unwrap().app_password);
        assert_eq!(for_address("a@outlook.com").unwrap().security, Security::StartTls);
        assert_eq!(for_address("a@example.kz"), None);
        assert_eq!(for_address("no-at-sign"), None);
    }

    #[test]
    fn every_preset_makes_an_address_that_parses_back() {
        for (domains, preset) in PRESETS {
            let login = format!("test.user@{}", domains[0]);
            let parsed = smtp_url::parse(&url(preset, &login)).unwrap();
            assert_eq!(parsed.host, preset.host);
            assert_eq!(parsed.port, preset.port);
            assert_eq!(parsed.security, preset.security);
            assert_eq!(parsed.user.as_deref(), Some(login.as_str()));
        }
    }
}
