//! The SMTP password: from `SK_SMTP_PASSWORD` (scripts) or the OS credential store (Windows
//! Credential Manager, the Secret Service, the macOS Keychain) through `keyring`. Never a file,
//! never a log line.

use zeroize::Zeroizing;

use super::smtp_url::SmtpUrl;

/// The environment variable scripts give the password in.
pub const PASSWORD_ENV: &str = "SK_SMTP_PASSWORD";

/// The credential store's service name; the account is `user@host:port`.
pub const SERVICE: &str = "sk-support SMTP";

/// The password from the environment, if set and not empty.
pub fn from_env() -> Option<Zeroizing<String>> {
    std::env::var(PASSWORD_ENV).ok().filter(|p| !p.is_empty()).map(Zeroizing::new)
}

/// The account name of a server's login in the credential store.
pub fn account(url: &SmtpUrl) -> Option<String> {
    url.user.as_ref().map(|user| format!("{user}@{}:{}", url.host, url.port))
}

/// Why the credential store could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the credential store: {0}")]
pub struct StoreError(pub String);

/// Where passwords are kept. The window takes it as a dependency, so its tests use memory.
pub trait Secrets: Send + Sync + std::fmt::Debug {
    fn get(&self, account: &str) -> Result<Option<Zeroizing<String>>, StoreError>;
    fn set(&self, account: &str, password: &str) -> Result<(), StoreError>;
    fn delete(&self, account: &str) -> Result<(), StoreError>;
}

/// The OS credential store.
#[derive(Debug, Default, Clone, Copy)]
pub struct OsSecrets;

fn entry(account: &str) -> Result<keyring::Entry, StoreError> {
    keyring::Entry::new(SERVICE, account).map_err(|e| StoreError(e.to_string()))
}

impl Secrets for OsSecrets {
    fn get(&self, account: &str) -> Result<Option<Zeroizing<String>>, StoreError> {
        match entry(account)?.get_password() {
            Ok(p) => Ok(Some(Zeroizing::new(p))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(StoreError(e.to_string())),
        }
    }

    fn set(&self, account: &str, password: &str) -> Result<(), StoreError> {
        entry(account)?.set_password(password).map_err(|e| StoreError(e.to_string()))
    }

    fn delete(&self, account: &str) -> Result<(), StoreError> {
        match entry(account)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(StoreError(e.to_string())),
        }
    }
}

/// Passwords in memory: for the window's tests, and for a session whose OS store is unavailable.
#[derive(Debug, Default)]
pub struct MemorySecrets(std::sync::Mutex<std::collections::BTreeMap<String, Zeroizing<String>>>);

impl Secrets for MemorySecrets {
    fn get(&self, account: &str) -> Result<Option<Zeroizing<String>>, StoreError> {
        let map = self.0.lock().map_err(|_| StoreError("poisoned".into()))?;
        Ok(map.get(account).cloned())
    }

    fn set(&self, account: &str, password: &str) -> Result<(), StoreError> {
        let mut map = self.0.lock().map_err(|_| StoreError("poisoned".into()))?;
        map.insert(account.to_owned(), Zeroizing::new(password.to_owned()));
        Ok(())
    }

    fn delete(&self, account: &str) -> Result<(), StoreError> {
        let mut map = self.0.lock().map_err(|_| StoreError("poisoned".into()))?;
        map.remove(account);
        Ok(())
    }
}

/// The password for a server: the environment first, then the store. `Ok(None)`: the address has
/// no login, or no password is kept for it.
pub fn lookup(url: &SmtpUrl, secrets: &dyn Secrets) -> Result<Option<Zeroizing<String>>, StoreError> {
    let Some(account) = account(url) else { return Ok(None) };
    if let Some(p) = from_env() {
        return Ok(Some(p));
    }
    secrets.get(&account)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mail::smtp_url;

    #[test]
    fn the_account_names_user_host_and_port() {
        let url = smtp_url::parse("smtps://user%40mail.kz@smtp.mail.kz").unwrap();
        assert_eq!(account(&url).as_deref(), Some("user@mail.kz@smtp.mail.kz:465"));
        assert_eq!(account(&smtp_url::parse("smtp://relay.local?tls=none").unwrap()), None);
    }

    /// Windows' Credential Manager (Wine implements it): what is set comes back, and is gone
    /// after delete. On Linux and macOS the store needs a desktop session, so this runs on Windows.
    #[cfg(windows)]
    #[test]
    fn the_windows_credential_manager_keeps_the_password() {
        let account = format!("test-{}@127.0.0.1:465", fastrand::u64(..));
        let store = OsSecrets;
        assert_eq!(store.get(&account).unwrap(), None);
        store.set(&account, "пароль-1").unwrap();
        assert_eq!(store.get(&account).unwrap().as_deref().map(String::as_str), Some("пароль-1"));
        store.set(&account, "second").unwrap();
        assert_eq!(store.get(&account).unwrap().as_deref().map(String::as_str), Some("second"));
        store.delete(&account).unwrap();
        assert_eq!(store.get(&account).unwrap(), None);
        store.delete(&account).unwrap();
    }
}
