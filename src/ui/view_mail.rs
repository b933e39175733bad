//! Drawing the mail pages: the outbox, the history with its deadline timelines, the mail
//! settings, the reply to support. Buttons push commands.

use chrono::{DateTime, Utc};
use eframe::egui::{self, Color32, RichText, Ui};

use super::app::App;
use super::app_mail::{Mark, Page};
use super::commands::Command;
use super::view::{command_button, error_color, section_heading};
use crate::i18n::{self, Lang, ui::T};
use crate::mail::outbox::{Entry, Meta, Overdue, State};
use crate::mail::presets;
use crate::mail::smtp_url::Security;
use crate::tracking::deadlines::{Deadlines, astana_text};

/// The page tabs of the top bar.
pub fn page_tabs(app: &mut App, ui: &mut Ui) {
    let lang = app.lang;
    let queued = app.mail.lists.queued.len();
    let sent = app.mail.lists.requests.len();
    let overdue = {
        let now = app.now();
        app.mail.lists.requests.iter().filter(|(e, d)| e.meta.overdue_by(d, now).is_some()).count()
    };
    let tabs = [
        (Page::Request, T::PageRequest.get(lang).to_owned()),
        (Page::Outbox, format!("{} ({queued})", T::PageOutbox.get(lang))),
        (
            Page::History,
            if overdue > 0 {
                format!("{} ({sent}, {} {overdue})", T::PageHistory.get(lang), T::OverdueShort.get(lang))
            } else {
                format!("{} ({sent})", T::PageHistory.get(lang))
            },
        ),
        (Page::MailSettings, T::PageMailSettings.get(lang).to_owned()),
    ];
    for (page, text) in tabs {
        if ui.selectable_label(app.mail.page == page, text).clicked() && app.mail.page != page {
            app.push(Command::ShowPage(page));
        }
    }
}

/// The page other than the request form.
pub fn page(app: &mut App, ui: &mut Ui) {
    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| match app.mail.page {
        Page::Request => {}
        Page::Outbox => outbox_page(app, ui),
        Page::History => history_page(app, ui),
        Page::MailSettings => settings_page(app, ui),
    });
}

/// The send button and its progress, beside Save in the preview.
pub fn send_button(app: &mut App, ui: &mut Ui, enabled: bool) {
    let lang = app.lang;
    let sending = app.mail.send.is_running();
    command_button(app, ui, T::Send.get(lang), T::SendTip.get(lang), Command::Send, enabled && !sending);
    if sending {
        ui.spinner();
        ui.weak(T::Sending.get(lang));
    }
}

fn outbox_page(app: &mut App, ui: &mut Ui) {
    let lang = app.lang;
    section_heading(ui, T::PageOutbox.get(lang));
    let entries = app.mail.lists.queued.clone();
    let broken = app.mail.lists.broken.clone();
    if entries.is_empty() && broken.is_empty() {
        ui.weak(T::OutboxEmpty.get(lang));
        return;
    }
    ui.horizontal(|ui| {
        let free = !app.mail.send.is_running();
        command_button(app, ui, T::SendAllNow.get(lang), "", Command::RetryMessage(None), free && !entries.is_empty());
        if !free {
            ui.spinner();
            ui.weak(T::Sending.get(lang));
        }
    });
    for entry in &entries {
        ui.separator();
        outbox_entry(app, ui, entry);
    }
    for b in &broken {
        ui.separator();
        ui.colored_label(error_color(ui), format!("{}: {} ({})", b.id, T::Unreadable.get(lang), b.problem));
    }
}

fn outbox_entry(app: &mut App, ui: &mut Ui, entry: &Entry) {
    let lang = app.lang;
    let m = &entry.meta;
    ui.label(RichText::new(&m.subject).strong());
    ui.weak(format!("{} {} · {}", T::Created.get(lang), astana_text(m.created), m.message_id));
    let status = match (m.state, m.next_attempt) {
        (State::Queued, Some(next)) if m.attempts > 0 => {
            format!("{} {} · {} {}", T::StatusWaiting.get(lang), astana_text(next), T::Attempts.get(lang), m.attempts)
        }
        (State::Queued, _) => T::StatusQueued.get(lang).to_owned(),
        (State::Failed, _) => format!("{} · {} {}", T::StatusFailed.get(lang), T::Attempts.get(lang), m.attempts),
        (State::Sent, _) => T::StatusSent.get(lang).to_owned(),
    };
    let bad = m.state == State::Failed;
    if bad {
        ui.colored_label(error_color(ui), status);
    } else {
        ui.label(status);
    }
    if let Some(failure) = m.failure {
        ui.label(i18n::send_failure(failure, lang));
    }
    if let Some(error) = &m.error {
        ui.add(egui::Label::new(RichText::new(error).monospace().weak()).wrap());
    }
    let free = !app.mail.send.is_running();
    ui.horizontal_wrapped(|ui| {
        command_button(app, ui, T::SendNow.get(lang), "", Command::RetryMessage(Some(entry.id.clone())), free);
        command_button(app, ui, T::SaveAs.get(lang), "", Command::SaveMessageAs(entry.id.clone()), true);
        if app.mail.confirm_delete.as_deref() == Some(entry.id.as_str()) {
            ui.colored_label(error_color(ui), T::DeleteQuestion.get(lang));
            command_button(app, ui, T::DeleteYes.get(lang), "", Command::DeleteMessage(entry.id.clone()), free);
        } else {
            command_button(app, ui, T::Delete.get(lang), "", Command::AskDeleteMessage(entry.id.clone()), free);
        }
    });
}

fn history_page(app: &mut App, ui: &mut Ui) {
    let lang = app.lang;
    section_heading(ui, T::PageHistory.get(lang));
    let entries = app.mail.lists.requests.clone();
    if entries.is_empty() {
        ui.weak(T::HistoryEmpty.get(lang));
        return;
    }
    let now = app.now();
    for (entry, deadlines) in &entries {
        ui.separator();
        history_entry(app, ui, entry, deadlines, now);
    }
}

fn history_entry(app: &mut App, ui: &mut Ui, entry: &Entry, d: &Deadlines, now: DateTime<Utc>) {
    let lang = app.lang;
    let m = &entry.meta;
    let overdue = m.overdue_by(d, now);
    let frame = egui::Frame::group(ui.style());
    let frame = if overdue.is_some() { frame.stroke(egui::Stroke::new(2.0, error_color(ui))) } else { frame };
    frame.show(ui, |ui| {
        ui.label(RichText::new(&m.subject).strong());
        ui.weak(format!(
            "{} {} · {}",
            T::SentAt.get(lang),
            m.sent_at.map(astana_text).unwrap_or_default(),
            m.message_id
        ));
        if let Some(o) = overdue {
            ui.colored_label(error_color(ui), RichText::new(overdue_text(o, lang)).strong());
        }
        if m.answered.is_some() {
            ui.label(format!("{}: {}", T::AnsweredAt.get(lang), m.answered.map(astana_text).unwrap_or_default()));
        }
        timeline(ui, m, d, now, lang);
        for (label, at) in deadline_lines(m, d, lang) {
            ui.label(format!("{label}: {}", astana_text(at)));
        }
        if !d.unknown_years.is_empty() {
            let years: Vec<String> = d.unknown_years.iter().map(ToString::to_string).collect();
            ui.weak(T::CalendarUnknown.get(lang).replace("{years}", &years.join(", ")));
        }
        ui.horizontal_wrapped(|ui| {
            let id = entry.id.clone();
            if m.answered.is_none() {
                if m.info_requested.is_none() {
                    command_button(
                        app,
                        ui,
                        T::MarkInfoRequested.get(lang),
                        T::MarkInfoRequestedTip.get(lang),
                        Command::Mark(id.clone(), Mark::InfoRequested),
                        true,
                    );
                }
                command_button(
                    app,
                    ui,
                    T::Reply.get(lang),
                    T::ReplyTip.get(lang),
                    Command::StartReply(id.clone()),
                    true,
                );
                command_button(app, ui, T::MarkAnswered.get(lang), "", Command::Mark(id.clone(), Mark::Answered), true);
            } else {
                command_button(app, ui, T::Reopen.get(lang), "", Command::Mark(id.clone(), Mark::Reopen), true);
            }
            command_button(app, ui, T::SaveAs.get(lang), "", Command::SaveMessageAs(id), true);
        });
    });
}

fn overdue_text(o: Overdue, lang: Lang) -> &'static str {
    match o {
        Overdue::FirstAnswer => T::OverdueFirstAnswer.get(lang),
        Overdue::Reply => T::OverdueReply.get(lang),
        Overdue::AnswerAfterReply => T::OverdueAnswer.get(lang),
    }
}

/// The deadlines and events of a request, in time order, as text.
fn deadline_lines(m: &Meta, d: &Deadlines, lang: Lang) -> Vec<(&'static str, DateTime<Utc>)> {
    let mut lines = vec![(T::AckBy.get(lang), d.acknowledgement_by), (T::FirstAnswerBy.get(lang), d.first_answer_by)];
    if let Some(at) = m.info_requested {
        lines.push((T::InfoRequestedAt.get(lang), at));
    }
    if let Some(at) = d.reply_by {
        lines.push((T::ReplyBy.get(lang), at));
    }
    if let Some(at) = m.replied {
        lines.push((T::RepliedAt.get(lang), at));
    }
    if let Some(at) = d.answer_after_reply_by {
        lines.push((T::AnswerAfterReplyBy.get(lang), at));
    }
    lines
}

/// The deadlines as a picture: a line from sending to the last deadline, the events as dots,
/// the deadlines as ticks (red once passed without their event), and now.
#[allow(clippy::many_single_char_names, clippy::cast_precision_loss)] // x/y of a picture; minutes on a line of pixels
fn timeline(ui: &mut Ui, m: &Meta, d: &Deadlines, now: DateTime<Utc>, lang: Lang) {
    let Some(sent) = m.sent_at else { return };
    let mut points: Vec<(DateTime<Utc>, Point)> = vec![
        (sent, Point::Event),
        (
            d.acknowledgement_by,
            Point::Deadline(m.info_requested.is_some() || m.answered.is_some() || now <= d.acknowledgement_by),
        ),
        (
            d.first_answer_by,
            Point::Deadline(m.info_requested.is_some() || m.answered.is_some() || now <= d.first_answer_by),
        ),
    ];
    if let Some(at) = m.info_requested {
        points.push((at, Point::Event));
    }
    if let Some(by) = d.reply_by {
        points.push((by, Point::Deadline(m.replied.is_some_and(|r| r <= by) || now <= by)));
    }
    if let Some(at) = m.replied {
        points.push((at, Point::Event));
    }
    if let Some(by) = d.answer_after_reply_by {
        points.push((by, Point::Deadline(m.answered.is_some() || now <= by)));
    }
    if let Some(at) = m.answered {
        points.push((at, Point::Event));
    }
    let end = points.iter().map(|(t, _)| *t).chain([now]).max().unwrap_or(sent);
    let span = (end - sent).num_seconds().max(60) as f32;
    let width = ui.available_width().clamp(200.0, 640.0);
    let (response, painter) = ui.allocate_painter(egui::vec2(width, 28.0), egui::Sense::hover());
    let rect = response.rect.shrink2(egui::vec2(8.0, 6.0));
    let x = |t: DateTime<Utc>| rect.left() + rect.width() * ((t - sent).num_seconds().max(0) as f32 / span).min(1.0);
    let y = rect.center().y;
    let stroke = ui.visuals().widgets.noninteractive.fg_stroke;
    painter.line_segment([egui::pos2(rect.left(), y), egui::pos2(rect.right(), y)], stroke);
    let ok = Color32::from_rgb(0x2e, 0x8b, 0x57);
    let late = error_color(ui);
    for (t, point) in &points {
        let p = egui::pos2(x(*t), y);
        match point {
            Point::Event => {
                painter.circle_filled(p, 4.5, stroke.color);
            }
            Point::Deadline(fine) => {
                let color = if *fine { ok } else { late };
                painter
                    .line_segment([p - egui::vec2(0.0, 8.0), p + egui::vec2(0.0, 8.0)], egui::Stroke::new(2.5, color));
            }
        }
    }
    let now_x = x(now);
    painter.line_segment(
        [egui::pos2(now_x, rect.top()), egui::pos2(now_x, rect.bottom())],
        egui::Stroke::new(1.5, ui.visuals().selection.bg_fill),
    );
    let described: Vec<String> =
        deadline_lines(m, d, lang).into_iter().map(|(label, at)| format!("{label}: {}", astana_text(at))).collect();
    let text = format!("{} — {}", T::Timeline.get(lang), described.join("; "));
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, text.clone()));
}

#[derive(Debug, Clone, Copy)]
enum Point {
    Event,
    /// A deadline; `true` while it can still be met or was met.
    Deadline(bool),
}

fn settings_page(app: &mut App, ui: &mut Ui) {
    let lang = app.lang;
    section_heading(ui, T::PageMailSettings.get(lang));
    ui.label(T::MailSettingsIntro.get(lang));
    let address = app.sender_address();
    if let Some(preset) = presets::for_address(&address) {
        ui.horizontal_wrapped(|ui| {
            let text = T::UsePreset.get(lang).replace("{provider}", preset.provider);
            command_button(app, ui, &text, "", Command::ApplyMailPreset, true);
            if preset.app_password {
                ui.weak(T::AppPasswordHint.get(lang));
            }
        });
    }
    egui::Grid::new("mail-settings").num_columns(2).spacing([12.0, 8.0]).show(ui, |ui| {
        labelled_line(ui, T::SmtpHost.get(lang), &mut app.mail.edit.host, "smtp.mail.ru", false);
        ui.label(T::SmtpSecurity.get(lang));
        let current = app.mail.edit.security.unwrap_or(Security::ImplicitTls);
        let mut chosen = current;
        let combo = egui::ComboBox::from_id_salt("smtp-security").selected_text(security_name(current, lang)).show_ui(
            ui,
            |ui| {
                for s in [Security::ImplicitTls, Security::StartTls, Security::Plain] {
                    ui.selectable_value(&mut chosen, s, security_name(s, lang));
                }
            },
        );
        let name = T::SmtpSecurity.get(lang);
        combo.response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::ComboBox, true, name));
        if chosen != current {
            app.mail.edit.security = Some(chosen);
            match chosen {
                Security::ImplicitTls => "465",
                Security::StartTls => "587",
                Security::Plain => "25",
            }
            .clone_into(&mut app.mail.edit.port);
        }
        ui.end_row();
        labelled_line(ui, T::SmtpPort.get(lang), &mut app.mail.edit.port, "465", false);
        labelled_line(ui, T::SmtpLogin.get(lang), &mut app.mail.edit.login, "user@mail.ru", false);
        labelled_line(ui, T::SmtpPassword.get(lang), &mut *app.mail.password, "", true);
        labelled_line(ui, T::SmtpCa.get(lang), &mut app.mail.edit.ca_file, "C:\\ca.pem", false);
    });
    if app.mail.edit.security == Some(Security::Plain) {
        ui.colored_label(error_color(ui), T::PlainWarning.get(lang));
    }
    // Each side of a wrong pairing waits for the other: it would only ever time out.
    let port = app.mail.edit.port.trim();
    let mismatch = matches!(
        (app.mail.edit.security.unwrap_or(Security::ImplicitTls), port),
        (Security::StartTls, "465") | (Security::ImplicitTls, "587" | "25")
    );
    if mismatch {
        ui.colored_label(error_color(ui), T::PortMismatch.get(lang));
    }
    match app.mail.password_kept {
        Some(true) => ui.weak(T::PasswordKept.get(lang)),
        Some(false) => ui.weak(T::SmtpPasswordMissing.get(lang)),
        None => ui.weak(T::PasswordStoreHint.get(lang)),
    };
    ui.horizontal(|ui| {
        let writing = app.mail.write.is_running();
        command_button(app, ui, T::SaveMailSettings.get(lang), "", Command::SaveMailSettings, !writing);
        let testing = app.mail.test.is_running();
        command_button(
            app,
            ui,
            T::TestConnection.get(lang),
            T::TestConnectionTip.get(lang),
            Command::TestConnection,
            !testing,
        );
        if testing {
            ui.spinner();
        }
    });
    if let Some(e) = &app.mail.store_error {
        ui.colored_label(error_color(ui), e);
    }
    match &app.mail.test_result {
        Some(Ok(())) => {
            ui.label(RichText::new(T::TestOk.get(lang)).color(Color32::from_rgb(0x2e, 0x8b, 0x57)));
        }
        Some(Err(e)) => {
            ui.colored_label(error_color(ui), i18n::send_failure(e.failure, lang));
            ui.add(egui::Label::new(RichText::new(&e.detail).monospace().weak()).wrap());
        }
        None => {}
    }
}

/// A grid row: the label, and a one-line field named by it.
fn labelled_line(ui: &mut Ui, label: &str, text: &mut dyn egui::TextBuffer, hint: &str, password: bool) {
    let label = ui.label(label);
    ui.add(egui::TextEdit::singleline(text).hint_text(hint).password(password).desired_width(320.0))
        .labelled_by(label.id);
    ui.end_row();
}

fn security_name(s: Security, lang: Lang) -> &'static str {
    match s {
        Security::ImplicitTls => T::SecurityTls.get(lang),
        Security::StartTls => T::SecurityStartTls.get(lang),
        Security::Plain => T::SecurityPlain.get(lang),
    }
}

/// The reply to support, over the window.
pub fn reply_modal(app: &mut App, ctx: &egui::Context) {
    let lang = app.lang;
    let Some(reply) = app.mail.reply.as_mut() else { return };
    let mut send = false;
    let mut cancel = false;
    let sending = app.mail.send.is_running();
    egui::Modal::new(egui::Id::unique("reply")).show(ctx, |ui| {
        ui.set_width(520.0);
        ui.heading(T::ReplyTitle.get(lang));
        ui.label(format!("{} {}", T::To.get(lang), crate::request::SUPPORT_ADDRESS));
        ui.label(RichText::new(crate::mail::message::reply_subject(&reply.original_subject)).monospace());
        ui.add(egui::TextEdit::multiline(&mut reply.text).desired_rows(8).desired_width(f32::INFINITY));
        ui.horizontal(|ui| {
            send = ui
                .add_enabled(!sending && !reply.text.trim().is_empty(), egui::Button::new(T::Send.get(lang)))
                .clicked();
            cancel = ui.button(T::Cancel.get(lang)).clicked();
            if sending {
                ui.spinner();
            }
        });
    });
    if send {
        app.push(Command::SendReply);
    }
    if cancel {
        app.push(Command::CancelReply);
    }
}
