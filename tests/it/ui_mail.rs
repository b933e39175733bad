//! Sending from the window against the real test SMTP server (`smtp_server.py`): the settings
//! page, a temporary failure kept in the outbox and sent once from there, the history's marks,
//! the reply threaded under the request, the password kept in the credential store only.

use eframe::egui;
use egui_kittest::kittest::Queryable as _;
use sk_support::i18n::Lang;
use sk_support::mail::password::{self, Secrets as _};
use sk_support::mail::smtp_url;
use sk_support::ui::Notice;

use crate::common::{header, parse_eml};
use crate::smtp::{Mode, SmtpServer};
use crate::ui::{Setup, click, fill_valid, settle, type_into};

fn outbox_dirs(setup: &Setup, which: &str) -> Vec<String> {
    let dir = setup.dir.path().join("data").join(which);
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| d.map(|e| e.unwrap().file_name().into_string().unwrap()).collect())
        .unwrap_or_default();
    names.sort();
    names
}

/// Fills the settings page with the server's host, port and encryption, and saves.
fn set_up_server(h: &mut egui_kittest::Harness<'static, sk_support::ui::App>, server: &SmtpServer, security: &str) {
    if h.query_by_label("SMTP server").is_none() {
        click(h, "Mail settings");
    }
    type_into(h, "SMTP server", "127.0.0.1");
    h.get_by_role_and_label(egui::accesskit::Role::ComboBox, "Encryption").click();
    h.run_steps(3);
    h.get_by_label(security).click();
    h.run_steps(3);
    // Choosing the encryption puts its usual port in; the test server's replaces it.
    text_clear(h, "Port");
    type_into(h, "Port", &server.port.to_string());
}

#[test]
fn a_request_sent_from_the_window_waits_in_the_outbox_after_451_is_sent_once_and_followed_up() {
    let server = SmtpServer::start(Mode::Plain, &["--reply-data", "451", "--fail-first", "1"]);
    let setup = Setup::new(Lang::En);
    let mut h = setup.harness();
    fill_valid(&mut h);
    // Without settings, Send says what to do and opens the settings page; nothing is queued.
    click(&mut h, "Send");
    settle(&mut h);
    assert!(matches!(h.state().notice(), Some(Notice::SetUpSending)), "{:?}", h.state().notice());
    assert!(h.query_by_label("SMTP server").is_some(), "the settings page is shown");
    assert!(outbox_dirs(&setup, "outbox").is_empty());

    set_up_server(&mut h, &server, "None (local relay only)");
    assert!(shows(&h, "No encryption: the password"), "plain is named for what it is");
    click(&mut h, "Save settings");
    settle(&mut h);
    let saved = std::fs::read_to_string(setup.dir.path().join("data/smtp.toml")).unwrap();
    assert!(saved.contains(&format!("smtp://127.0.0.1:{}?tls=none", server.port)), "{saved}");

    // The first attempt gets 451: the message waits in the outbox, with the reason in plain words.
    click(&mut h, "Request");
    click(&mut h, "Send");
    settle(&mut h);
    assert!(matches!(h.state().notice(), Some(Notice::Queued(_))), "{:?}", h.state().notice());
    let queued = outbox_dirs(&setup, "outbox");
    assert_eq!(queued.len(), 1, "{queued:?}");
    assert!(server.received().is_empty());
    click(&mut h, "Outbox (1)");
    assert!(shows(&h, "busy and asked to try later"));
    assert!(shows(&h, "451"), "the server's words are shown");

    // "Send now": accepted, moved to the history, exactly one message at the server.
    click(&mut h, "Send now");
    settle(&mut h);
    let Some(Notice::Sent { message_id, .. }) = h.state().notice() else { panic!("{:?}", h.state().notice()) };
    let message_id = message_id.clone();
    assert!(outbox_dirs(&setup, "outbox").is_empty());
    assert_eq!(outbox_dirs(&setup, "sent"), queued, "the same message, moved");
    assert_eq!(server.received().len(), 1);
    let request = parse_eml(&server.received_path(1));
    assert_eq!(header(&request, "Message-ID"), Some(message_id.as_str()), "the Message-ID of the first attempt");
    let subject = header(&request, "Subject").unwrap().to_owned();

    // The history: deadlines as a picture and text; support asks for more; the reply threads.
    click(&mut h, "Sent requests (1)");
    assert!(shows(&h, "Deadlines — Acknowledgement by: 25/11/2026 15:30"));
    assert!(shows(&h, "First answer by: 25/11/2026 17:30"));
    click(&mut h, "Support asked for more information");
    settle(&mut h);
    assert!(shows(&h, "Your reply by (72 working hours)"));
    click(&mut h, "Reply");
    assert!(h.query_by_label(&format!("Re: {subject}")).is_some(), "the reply's subject");
    let reply_field = h.get_by_role(egui::accesskit::Role::MultilineTextInput);
    reply_field.click();
    h.run_steps(1);
    h.get_by_role(egui::accesskit::Role::MultilineTextInput).type_text("Скриншот тіркелді. Рахмет.");
    h.run_steps(1);
    click(&mut h, "Send");
    settle(&mut h);
    assert_eq!(server.received().len(), 2, "{:?}", h.state().notice());
    let reply = parse_eml(&server.received_path(2));
    assert_eq!(header(&reply, "Subject"), Some(format!("Re: {subject}").as_str()));
    assert_eq!(header(&reply, "In-Reply-To"), Some(message_id.as_str()));
    assert_eq!(header(&reply, "References"), Some(message_id.as_str()));
    assert!(reply["body"].as_str().unwrap().contains("Скриншот тіркелді."));
    click(&mut h, "Sent requests (1)");
    assert!(shows(&h, "You replied: "), "the reply is marked on the request");
    assert!(shows(&h, "Answer after your reply by (2 working days)"));
    h.get_all_by_label("Mark answered").next().unwrap().click();
    h.run_steps(3);
    settle(&mut h);
    assert!(shows(&h, "Answered: 25/11/2026"));
    assert_eq!(server.received().len(), 2, "nothing sent twice");
}

#[test]
fn the_password_goes_to_the_credential_store_and_test_connection_logs_in() {
    let server = SmtpServer::start(Mode::StartTls, &[]);
    let setup = Setup::new(Lang::En);
    let mut h = setup.harness();
    set_up_server(&mut h, &server, "STARTTLS (587)");
    type_into(&mut h, "Login", crate::smtp::LOGIN);
    type_into(&mut h, "CA certificate (optional, PEM)", &server.ca());
    type_into(&mut h, "Password", "wrong");
    click(&mut h, "Test connection");
    settle(&mut h);
    assert!(shows(&h, "refused the login"), "a wrong password is named");
    text_clear(&mut h, "Password");
    type_into(&mut h, "Password", crate::smtp::PASSWORD);
    click(&mut h, "Test connection");
    settle(&mut h);
    assert!(shows(&h, "The connection works"));
    assert!(server.received().is_empty(), "a test sends nothing");
    click(&mut h, "Save settings");
    settle(&mut h);
    let saved = std::fs::read_to_string(setup.dir.path().join("data/smtp.toml")).unwrap();
    assert!(!saved.contains(crate::smtp::PASSWORD), "no password in the file: {saved}");
    let url = smtp_url::parse(&format!("smtp://{}@127.0.0.1:{}", crate::smtp::LOGIN_IN_URL, server.port)).unwrap();
    let kept = setup.secrets.get(&password::account(&url).unwrap()).unwrap();
    assert_eq!(kept.as_deref().map(String::as_str), Some(crate::smtp::PASSWORD));
    assert!(h.query_by_label("The password is kept in the system's credential store.").is_some());
}

/// Some widget's name contains `text` (the status line may say it too).
fn shows(h: &egui_kittest::Harness<'static, sk_support::ui::App>, text: &str) -> bool {
    h.query_all_by_label_contains(text).next().is_some()
}

/// Empties a text field as a user would: select all, delete.
fn text_clear(h: &mut egui_kittest::Harness<'static, sk_support::ui::App>, label: &str) {
    crate::ui::text_input(h, label).click();
    h.run_steps(1);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.key_press(egui::Key::Delete);
    h.run_steps(1);
}
