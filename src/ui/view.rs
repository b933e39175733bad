//! Drawing: the form's sections, the preview and the status line. Nothing here touches the OS;
//! buttons push commands that `App` carries out after the frame.

use eframe::egui::{self, Align, Color32, RichText, TextEdit, Ui};

use super::app::{App, Discard, Notice};
use super::commands::{Command, SUBMIT};
use super::form::{Source, key};
use crate::attachments::human_size;
use crate::environment::{ProbeName, ProbeStatus};
use crate::i18n::ui::T;
use crate::i18n::{self, Lang};
use crate::request::id::Id;
use crate::request::{BodyLanguage, FieldError, SUMMARY_MAX_CHARS};

/// The id of a field's widget, by its path in the request (`sender.iin`), so a click on a
/// problem can focus it.
pub fn field_id(path: &str) -> egui::Id {
    egui::Id::unique(("field", path))
}

/// Quick picks of operator mode: what callers' machines usually run.
const OS_PICKS: [&str; 6] = ["Windows 7 SP1", "Windows 8.1", "Windows 10", "Windows 11", "macOS", "Linux"];
const BROWSER_PICKS: [&str; 7] =
    ["Google Chrome", "Microsoft Edge", "Mozilla Firefox", "Yandex Browser", "Opera", "Internet Explorer 11", "Safari"];
const JAVA_PICKS: [&str; 5] = ["Java 8 Update 471", "Java 8 (32-bit)", "Java 11", "Java 17", "Java 21"];

pub fn shortcuts(app: &mut App, ctx: &egui::Context) {
    if app.password.is_some() || app.confirm_discard.is_some() || app.shots.editor.is_some() {
        return;
    }
    let mut fired = Vec::new();
    ctx.input_mut(|input| {
        // AltGr arrives as Ctrl+Alt on Windows: AltGr+Q types "@" on some keyboards, never "quit".
        if input.modifiers.alt {
            return;
        }
        for command in Command::with_shortcuts() {
            if let Some(shortcut) = command.shortcut()
                && input.consume_shortcut(&shortcut)
            {
                fired.push(command);
            }
        }
        if input.consume_shortcut(&SUBMIT) {
            fired.push(Command::SaveEml { ask: false, outlook: false });
        }
    });
    for command in fired {
        if command == Command::NextCaller && !app.settings.operator_mode {
            continue;
        }
        app.push(command);
    }
}

/// Files dropped on the window, and pictures pasted with Ctrl+V (egui sends a picture only
/// when the clipboard holds no text, so pasting text into a field is unaffected).
pub fn dropped_files(app: &mut App, ctx: &egui::Context) {
    let paths: Vec<_> = ctx.input(|i| i.raw.dropped_files.iter().map(|f| f.path().to_owned()).collect());
    if !paths.is_empty() {
        app.push(Command::AddPaths(paths));
    }
    let pasted: Vec<_> = ctx.input(|i| {
        i.events
            .iter()
            .filter_map(|e| match e {
                egui::Event::PasteImage(image) => Some(image.clone()),
                _ => None,
            })
            .collect()
    });
    for image in pasted {
        app.pasted(&image);
    }
}

/// A button for a command, its shortcut in the tooltip.
pub(super) fn command_button(
    app: &mut App,
    ui: &mut Ui,
    text: &str,
    tip: &str,
    command: Command,
    enabled: bool,
) -> egui::Response {
    let shortcut = command.shortcut().map(|s| ui.ctx().format_shortcut(&s));
    let tip = match shortcut {
        Some(s) if tip.is_empty() => s,
        Some(s) => format!("{tip} ({s})"),
        None => tip.to_owned(),
    };
    let response = ui.add_enabled(enabled, egui::Button::new(text));
    let response = if tip.is_empty() { response } else { response.on_hover_text(tip) };
    if response.clicked() {
        app.push(command);
    }
    response
}

pub fn draw(app: &mut App, ui: &mut Ui) {
    if app.shots.editor.is_some() {
        egui::Panel::bottom("status").show(ui, |ui| status_line(app, ui));
        return super::view_shots::editor(app, ui);
    }
    egui::Panel::top("top").show(ui, |ui| top_bar(app, ui));
    egui::Panel::bottom("status").show(ui, |ui| status_line(app, ui));
    let ctx = ui.ctx().clone();
    if app.mail.page != super::app_mail::Page::Request {
        egui::CentralPanel::default().show(ui, |ui| super::view_mail::page(app, ui));
        super::view_mail::reply_modal(app, &ctx);
        return;
    }
    egui::Panel::right("preview").default_size(460.0).min_size(320.0).show(ui, |ui| preview_panel(app, ui));
    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
            let problems = app.problems();
            who_section(app, ui, &problems);
            ui.add_space(12.0);
            problem_section(app, ui, &problems);
            ui.add_space(12.0);
            environment_section(app, ui, &problems);
            ui.add_space(12.0);
            super::view_shots::attachments_section(app, ui, &problems);
            ui.add_space(24.0);
        });
    });
    password_modal(app, &ctx);
    discard_modal(app, &ctx);
}

fn top_bar(app: &mut App, ui: &mut Ui) {
    let lang = app.lang;
    ui.horizontal_wrapped(|ui| super::view_mail::page_tabs(app, ui));
    ui.horizontal_wrapped(|ui| {
        command_button(app, ui, T::NewRequest.get(lang), "", Command::NewRequest, true);
        if app.settings.operator_mode {
            command_button(app, ui, T::NextCaller.get(lang), T::NextCallerTip.get(lang), Command::NextCaller, true);
        }
        ui.separator();
        let mut operator = app.settings.operator_mode;
        if ui.checkbox(&mut operator, T::OperatorMode.get(lang)).on_hover_text(T::OperatorModeTip.get(lang)).changed() {
            app.push(Command::SetOperatorMode(operator));
        }
        ui.separator();
        let mut ui_lang = lang;
        egui::ComboBox::from_label(T::InterfaceLanguage.get(lang)).selected_text(language_name(ui_lang)).show_ui(
            ui,
            |ui| {
                for l in Lang::ALL {
                    ui.selectable_value(&mut ui_lang, l, language_name(l));
                }
            },
        );
        if ui_lang != lang {
            app.push(Command::SetUiLanguage(ui_lang));
        }
        let current = app.body_language();
        let mut body = current;
        let combo = egui::ComboBox::from_label(T::BodyLanguage.get(lang))
            .selected_text(body_language_name(body))
            .show_ui(ui, |ui| {
                for b in [BodyLanguage::Kk, BodyLanguage::Ru] {
                    ui.selectable_value(&mut body, b, body_language_name(b));
                }
            });
        focus_if_asked(app, &combo.response, "language");
        if body != current {
            app.push(Command::SetBodyLanguage(body));
        }
    });
}

fn language_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Kk => "Қазақша",
        Lang::Ru => "Русский",
        Lang::En => "English",
    }
}

fn body_language_name(lang: BodyLanguage) -> &'static str {
    match lang {
        BodyLanguage::Kk => "Қазақша",
        BodyLanguage::Ru => "Русский",
    }
}

pub(super) fn section_heading(ui: &mut Ui, text: &str) {
    ui.heading(RichText::new(text).strong());
    ui.separator();
}

/// How a text field is edited.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Line,
    Lines(usize),
    Code(usize),
}

/// Requests focus (and scrolling) for a widget when a problem link asked for its field.
pub(super) fn focus_if_asked(app: &mut App, response: &egui::Response, path: &str) {
    if app.focus.as_deref() == Some(path) {
        response.request_focus();
        response.scroll_to_me(Some(Align::Center));
        app.focus = None;
    }
}

/// A labelled text field with its problem under it. Returns whether it changed.
fn text_field(
    app: &mut App,
    ui: &mut Ui,
    problems: &[FieldError],
    path: &str,
    label: &str,
    kind: Kind,
    value: impl FnOnce(&mut App) -> &mut String,
) -> egui::Response {
    let label = ui.label(RichText::new(label).strong());
    let value = value(app);
    let filled = !value.trim().is_empty();
    let edit = match kind {
        Kind::Line => TextEdit::singleline(value),
        Kind::Lines(rows) => TextEdit::multiline(value).desired_rows(rows),
        Kind::Code(rows) => TextEdit::multiline(value).desired_rows(rows).font(egui::TextStyle::Monospace),
    };
    let response = ui.add(edit.id(field_id(path)).desired_width(f32::INFINITY)).labelled_by(label.id);
    focus_if_asked(app, &response, path);
    // While the user types in it, a field is not yet wrong (a half-typed IIN).
    show_problem(app, ui, problems, path, filled && !response.has_focus());
    response
}

pub(super) fn show_problem(app: &App, ui: &mut Ui, problems: &[FieldError], path: &str, filled: bool) {
    if !(filled || app.tried_to_save) {
        return;
    }
    for problem in problems.iter().filter(|p| p.field == path) {
        ui.colored_label(error_color(ui), format!("! {}", problem_text(&problem.problem, app.lang)));
    }
}

/// A field's problem as the window says it (the request-file wording names file keys).
fn problem_text(problem: &crate::request::FieldProblem, lang: Lang) -> String {
    match problem {
        crate::request::FieldProblem::NoFromAddress => T::EmailNeeded.get(lang).to_owned(),
        other => i18n::field_problem(other, lang),
    }
}

pub(super) fn error_color(ui: &Ui) -> Color32 {
    if ui.visuals().dark_mode { Color32::from_rgb(255, 120, 110) } else { Color32::from_rgb(180, 30, 20) }
}

fn hint_color(ui: &Ui) -> Color32 {
    if ui.visuals().dark_mode { Color32::from_rgb(240, 200, 90) } else { Color32::from_rgb(140, 90, 0) }
}

fn who_section(app: &mut App, ui: &mut Ui, problems: &[FieldError]) {
    let lang = app.lang;
    section_heading(ui, T::SectionWho.get(lang));
    if app.settings.operator_mode {
        ui.label(T::CallerHint.get(lang));
    }
    ui.horizontal(|ui| {
        command_button(app, ui, T::ReadEds.get(lang), T::ReadEdsTip.get(lang), Command::ReadEds, true);
        if let Some(c) = &app.certificate {
            ui.label(format!("{}: {}", T::EdsRead.get(lang), c.full_name));
        }
    });
    found_keys(app, ui);
    text_field(app, ui, problems, "sender.iin", T::Iin.get(lang), Kind::Line, |a| &mut a.form.draft.sender.iin);
    id_feedback(app, ui);
    text_field(app, ui, problems, "sender.full_name", T::FullName.get(lang), Kind::Line, |a| {
        &mut a.form.draft.sender.full_name
    });
    let email = if app.settings.operator_mode { T::CallerEmail } else { T::Email };
    text_field(app, ui, problems, "sender.email", email.get(lang), Kind::Line, |a| &mut a.form.draft.sender.email);
    text_field(app, ui, problems, "sender.phone", T::Phone.get(lang), Kind::Line, |a| &mut a.form.draft.sender.phone);
    if app.settings.operator_mode {
        text_field(app, ui, problems, "from", T::OperatorFrom.get(lang), Kind::Line, |a| &mut a.settings.operator_from);
        ui.weak(T::OperatorFromHint.get(lang));
    }
}

/// The keystores found on this computer, one click to open (not in operator mode: the
/// operator's own keys are not the caller's).
fn found_keys(app: &mut App, ui: &mut Ui) {
    if app.settings.operator_mode || app.found_keys.is_empty() || app.certificate.is_some() {
        return;
    }
    let lang = app.lang;
    ui.weak(T::FoundKeys.get(lang));
    let mut open = None;
    ui.horizontal_wrapped(|ui| {
        for key in app.found_keys.iter().take(6) {
            let name = key.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let kind = key.name.kind().map(|k| format!("{} · ", i18n::purpose(k.purpose(), lang))).unwrap_or_default();
            if ui.button(format!("{kind}{name}")).on_hover_text(key.path.display().to_string()).clicked() {
                open = Some(key.path.clone());
            }
        }
    });
    if let Some(path) = open {
        app.push(Command::OpenEds(path));
    }
}

/// Live check of the IIN/BIN: what it is, or what is wrong with it.
fn id_feedback(app: &App, ui: &mut Ui) {
    let text = app.form.draft.sender.iin.trim();
    if text.is_empty() {
        return;
    }
    // A problem is shown under the field; here what a valid number encodes.
    if let Ok(id) = Id::parse(text) {
        let decoded = id.decode();
        let kind = i18n::id_kind(&decoded, app.lang);
        ui.label(format!("{kind}: {}", i18n::decoded_details(&decoded, app.lang)));
    }
}

fn problem_section(app: &mut App, ui: &mut Ui, problems: &[FieldError]) {
    let lang = app.lang;
    section_heading(ui, T::SectionProblem.get(lang));
    text_field(app, ui, problems, "summary", T::Summary.get(lang), Kind::Line, |a| &mut a.form.draft.summary);
    let count = app.form.draft.summary.trim().chars().count();
    let counter = format!("{count}/{SUMMARY_MAX_CHARS}");
    if count > SUMMARY_MAX_CHARS {
        ui.colored_label(error_color(ui), counter);
    } else {
        ui.weak(counter);
    }
    ui.horizontal(|ui| {
        let label = ui.label(RichText::new(T::OccurredAt.get(lang)).strong());
        let path = "problem.occurred_at";
        let response = ui
            .add(TextEdit::singleline(&mut app.form.draft.problem.occurred_at).id(field_id(path)).desired_width(180.0))
            .labelled_by(label.id)
            .on_hover_text(T::OccurredAtTip.get(lang));
        focus_if_asked(app, &response, path);
        if ui.button(T::Now.get(lang)).on_hover_text(T::NowTip.get(lang)).clicked() {
            app.form.draft.problem.occurred_at = super::form::astana_now_text(app.now());
        }
        ui.weak(T::AstanaTime.get(lang));
    });
    let filled = !app.form.draft.problem.occurred_at.trim().is_empty();
    show_problem(app, ui, problems, "problem.occurred_at", filled);
    text_field(app, ui, problems, "problem.error_text", T::ErrorText.get(lang), Kind::Code(4), |a| {
        &mut a.form.draft.problem.error_text
    });
    text_field(app, ui, problems, "problem.steps", T::Steps.get(lang), Kind::Lines(3), |a| {
        &mut a.form.draft.problem.steps
    });
    text_field(app, ui, problems, "problem.description", T::Description.get(lang), Kind::Lines(3), |a| {
        &mut a.form.draft.problem.description
    });
    text_field(app, ui, problems, "problem.details", T::Details.get(lang), Kind::Lines(2), |a| {
        &mut a.form.draft.problem.details
    });
}

fn environment_section(app: &mut App, ui: &mut Ui, problems: &[FieldError]) {
    let lang = app.lang;
    section_heading(ui, T::SectionEnvironment.get(lang));
    if app.settings.operator_mode {
        ui.label(T::OperatorEnvironmentHint.get(lang));
    } else {
        ui.horizontal(|ui| {
            let running = !app.probes_pending.is_empty();
            command_button(app, ui, T::DetectAgain.get(lang), T::DetectAgainTip.get(lang), Command::Detect, !running);
        });
    }
    let rows: [(&str, T, Option<ProbeName>); 6] = [
        (key::EDS, T::Eds, None),
        (key::OS, T::Os, Some(ProbeName::Os)),
        (key::SERVICE_PACK, T::ServicePack, Some(ProbeName::Os)),
        (key::BROWSER, T::Browser, Some(ProbeName::Browsers)),
        (key::JAVA, T::Java, Some(ProbeName::Java)),
        (key::NCALAYER, T::NcaLayer, Some(ProbeName::NcaLayer)),
    ];
    for (row_key, title, probe) in rows {
        environment_row(app, ui, problems, row_key, title, probe);
        if row_key == key::EDS {
            eds_dates(app, ui, problems);
        }
    }
    hints(app, ui);
}

fn environment_row(
    app: &mut App,
    ui: &mut Ui,
    problems: &[FieldError],
    row_key: &str,
    title: T,
    probe: Option<ProbeName>,
) {
    let lang = app.lang;
    let operator = app.settings.operator_mode;
    ui.add_space(4.0);
    let mut title_id = egui::Id::NULL;
    ui.horizontal(|ui| {
        let mut included = app.form.is_included(row_key);
        let checkbox =
            ui.checkbox(&mut included, RichText::new(title.get(lang)).strong()).on_hover_text(T::IncludeTip.get(lang));
        title_id = checkbox.id;
        if checkbox.changed() {
            app.form.set_included(row_key, included);
        }
        // The probe's state; operator mode uses none.
        if let Some(p) = probe.filter(|_| !operator) {
            if app.probes_pending.contains(&p) {
                ui.spinner();
                ui.weak(T::Detecting.get(lang));
            } else {
                match app.probe_status(p) {
                    Some(ProbeStatus::NotFound) => {
                        ui.weak(T::NotFound.get(lang));
                    }
                    Some(ProbeStatus::TimedOut) => {
                        ui.colored_label(hint_color(ui), T::TimedOut.get(lang));
                    }
                    Some(ProbeStatus::Failed(_)) => {
                        ui.colored_label(hint_color(ui), T::ProbeFailed.get(lang));
                    }
                    _ => {}
                }
            }
        }
        if let Some(source) = app.form.source(row_key) {
            ui.weak(format!("· {}", source_name(source, lang)));
        }
    });
    let path = if row_key == key::EDS { "eds.description" } else { row_key };
    let enabled = app.form.is_included(row_key);
    ui.horizontal(|ui| {
        let choices = if operator { picks(row_key) } else { app.choices(row_key).to_vec() };
        let width = if choices.len() > 1 || operator { ui.available_width() - 150.0 } else { ui.available_width() };
        let Some(value) = app.form.value_mut(row_key) else { return };
        let before = value.clone();
        let response =
            ui.add_enabled(enabled, TextEdit::singleline(value).id(field_id(path)).desired_width(width.max(120.0)));
        let response = response.labelled_by(title_id);
        let changed = *value != before;
        focus_if_asked(app, &response, path);
        if changed {
            app.form.sources.insert(row_key.to_owned(), Source::Typed);
        }
        if choices.len() > 1 || (operator && !choices.is_empty()) {
            let mut picked = None;
            let combo = egui::ComboBox::from_id_salt(("choose", row_key))
                .selected_text(T::Choose.get(lang))
                .width(130.0)
                .show_ui(ui, |ui| {
                    for choice in &choices {
                        if ui.selectable_label(false, choice.as_str()).clicked() {
                            picked = Some(choice.clone());
                        }
                    }
                    if !operator && choices.len() > 1 {
                        let all = choices.join("; ");
                        if ui.selectable_label(false, T::AllDetected.get(lang)).clicked() {
                            picked = Some(all);
                        }
                    }
                });
            let name = format!("{} {}", T::Choose.get(lang), title.get(lang));
            combo.response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::ComboBox, true, &name));
            if let Some(choice) = picked {
                // A choice is the user's: a later detection must not undo it.
                let source = Source::Picked;
                if let Some(v) = app.form.value_mut(row_key) {
                    *v = choice;
                }
                app.form.sources.insert(row_key.to_owned(), source);
                app.form.set_included(row_key, true);
            }
        }
    });
    let filled = app.form.value_mut(row_key).is_some_and(|v| !v.trim().is_empty());
    show_problem(app, ui, problems, path, filled);
}

fn picks(row_key: &str) -> Vec<String> {
    let list: &[&str] = match row_key {
        key::OS => &OS_PICKS,
        key::BROWSER => &BROWSER_PICKS,
        key::JAVA => &JAVA_PICKS,
        key::SERVICE_PACK => &["Service Pack 1", "—"],
        _ => &[],
    };
    list.iter().map(|s| (*s).to_owned()).collect()
}

fn source_name(source: Source, lang: Lang) -> &'static str {
    match source {
        Source::Detected => T::SourceDetected.get(lang),
        Source::Keystore => T::SourceKeystore.get(lang),
        Source::Typed => T::SourceTyped.get(lang),
        Source::Picked => T::SourcePicked.get(lang),
    }
}

fn eds_dates(app: &mut App, ui: &mut Ui, problems: &[FieldError]) {
    let lang = app.lang;
    let enabled = app.form.is_included(key::EDS);
    ui.horizontal(|ui| {
        for (path, title) in [("eds.valid_from", T::ValidFrom), ("eds.valid_to", T::ValidTo)] {
            let label = ui.label(title.get(lang));
            let value = if path == "eds.valid_from" {
                &mut app.form.draft.eds.valid_from
            } else {
                &mut app.form.draft.eds.valid_to
            };
            let before = value.clone();
            let response = ui
                .add_enabled(
                    enabled,
                    TextEdit::singleline(value)
                        .id(field_id(path))
                        .desired_width(110.0)
                        .hint_text(T::DateHint.get(lang)),
                )
                .labelled_by(label.id);
            if *value != before {
                app.form.sources.insert(key::EDS.to_owned(), Source::Typed);
            }
            focus_if_asked(app, &response, path);
        }
    });
    for path in ["eds.valid_from", "eds.valid_to"] {
        show_problem(app, ui, problems, path, true);
    }
}

/// Self-help: what the user can fix before writing to support.
fn hints(app: &App, ui: &mut Ui) {
    let lang = app.lang;
    let mut shown = Vec::new();
    let today = app.now().with_timezone(&chrono_tz::Asia::Almaty).date_naive();
    if app.form.is_included(key::EDS)
        && let Ok(valid_to) = chrono::NaiveDate::parse_from_str(app.form.draft.eds.valid_to.trim(), "%Y-%m-%d")
    {
        let days = (valid_to - today).num_days();
        if days < 0 {
            shown.push(T::HintEdsExpired.get(lang).replace("{date}", &crate::request::render::date(valid_to)));
        } else if days <= crate::eds::RENEW_WITHIN_DAYS {
            shown.push(T::HintEdsExpiring.get(lang).replace("{days}", &days.to_string()));
        }
    }
    if !app.settings.operator_mode {
        if app.probe_status(ProbeName::Java) == Some(&ProbeStatus::NotFound) {
            shown.push(T::HintNoJava.get(lang).to_owned());
        }
        if app.probe_status(ProbeName::NcaLayer).is_some() {
            let n = &app.env.ncalayer;
            if !n.installed && !n.running {
                shown.push(T::HintNoNcaLayer.get(lang).to_owned());
            } else if !n.running {
                shown.push(T::HintNcaLayerNotRunning.get(lang).to_owned());
            }
        }
    }
    if shown.is_empty() {
        return;
    }
    ui.add_space(6.0);
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.label(RichText::new(T::Hints.get(lang)).strong());
        for hint in shown {
            ui.colored_label(hint_color(ui), format!("• {hint}"));
        }
    });
}

fn preview_panel(app: &mut App, ui: &mut Ui) {
    let lang = app.lang;
    section_heading(ui, T::SectionPreview.get(lang));
    let operator = app.settings.operator_mode;
    if operator {
        let consent = ui.checkbox(&mut app.form.consent, T::Consent.get(lang));
        focus_if_asked(app, &consent, "consent");
    }
    let ready = app.preview().result.is_ok();
    ui.horizontal_wrapped(|ui| {
        command_button(
            app,
            ui,
            T::Save.get(lang),
            T::SaveTip.get(lang),
            Command::SaveEml { ask: false, outlook: false },
            true,
        );
        command_button(app, ui, T::SaveAs.get(lang), "", Command::SaveEml { ask: true, outlook: false }, true);
        command_button(
            app,
            ui,
            T::OpenInOutlook.get(lang),
            T::OpenInOutlookTip.get(lang),
            Command::SaveEml { ask: false, outlook: true },
            true,
        );
        let consented = !operator || app.form.consent;
        command_button(app, ui, T::CopyText.get(lang), "", Command::CopyText, ready && consented);
        super::view_mail::send_button(app, ui, true);
    });
    ui.weak(format!("{} {}", T::SaveFolder.get(lang), app.save_folder().display()));
    ui.separator();
    let problems = app.problems();
    if !problems.is_empty() {
        ui.label(RichText::new(T::Problems.get(lang).replace("{count}", &problems.len().to_string())).strong());
        for problem in &problems {
            let text = format!("{}: {}", field_title(&problem.field, lang), problem_text(&problem.problem, lang));
            if ui.link(RichText::new(text).color(error_color(ui))).clicked() {
                app.push(Command::FocusField(problem.field.clone()));
            }
        }
        ui.separator();
    }
    let warnings = app.preview().warnings.clone();
    if !warnings.is_empty() {
        ui.label(RichText::new(T::WillAsk.get(lang)).strong());
        for w in &warnings {
            if ui.link(RichText::new(field_title(w.field, lang)).color(hint_color(ui))).clicked() {
                app.push(Command::FocusField(w.field.to_owned()));
            }
        }
        ui.separator();
    }
    let (subject, body) = match &app.preview().result {
        Ok((_, subject, body)) => (subject.clone(), body.clone()),
        Err(_) => (String::new(), String::new()),
    };
    if subject.is_empty() {
        ui.weak(T::PreviewWhenValid.get(lang));
        return;
    }
    ui.label(RichText::new(T::To.get(lang)).strong());
    ui.label(crate::request::SUPPORT_ADDRESS);
    ui.label(RichText::new(T::Subject.get(lang)).strong());
    ui.add(egui::Label::new(RichText::new(subject).monospace()).selectable(true));
    ui.label(RichText::new(T::Body.get(lang)).strong());
    egui::ScrollArea::vertical().id_salt("body").show(ui, |ui| {
        ui.add(egui::Label::new(RichText::new(body).monospace()).selectable(true).wrap());
    });
}

/// A field's name as the form shows it, for the problem list.
fn field_title(path: &str, lang: Lang) -> String {
    let t = match path {
        "language" => T::BodyLanguage,
        "summary" => T::Summary,
        "from" => T::OperatorFrom,
        "sender.full_name" => T::FullName,
        "sender.iin" => T::Iin,
        "sender.email" => T::Email,
        "sender.phone" => T::Phone,
        "eds.description" => T::Eds,
        "eds.valid_from" => T::ValidFrom,
        "eds.valid_to" => T::ValidTo,
        "environment.browser" => T::Browser,
        "environment.java" => T::Java,
        "environment.os" => T::Os,
        "environment.service_pack" => T::ServicePack,
        "problem.occurred_at" => T::OccurredAt,
        "problem.error_text" => T::ErrorText,
        "problem.steps" => T::Steps,
        "problem.description" => T::Description,
        "problem.details" => T::Details,
        other if other.starts_with("problem.attachments") => T::SectionAttachments,
        other => return other.to_owned(),
    };
    t.get(lang).to_owned()
}

fn status_line(app: &mut App, ui: &mut Ui) {
    let lang = app.lang;
    ui.horizontal(|ui| {
        let Some(notice) = &app.notice else {
            ui.weak(T::Ready.get(lang));
            return;
        };
        let (text, bad) = notice_text(notice, lang);
        if bad {
            ui.colored_label(error_color(ui), text);
        } else {
            ui.label(text);
        }
        if matches!(notice, Notice::Saved(_)) {
            command_button(app, ui, T::OpenFolder.get(lang), "", Command::OpenSaved, true);
        }
    });
}

fn notice_text(notice: &Notice, lang: Lang) -> (String, bool) {
    match notice {
        Notice::Saved(path) => (format!("{} {}", T::SavedTo.get(lang), path.display()), false),
        Notice::SaveFailed(e) => (i18n::ui::save_error(e, lang), true),
        Notice::NotSavedProblems(n) => (T::NotSavedProblems.get(lang).replace("{count}", &n.to_string()), true),
        Notice::ConsentNeeded => (T::ConsentNeeded.get(lang).to_owned(), true),
        Notice::Copied => (T::Copied.get(lang).to_owned(), false),
        Notice::EdsRead { name } => (format!("{} {name}", T::EdsRead.get(lang)), false),
        Notice::EdsFailed(e) => (i18n::eds_error(e, lang), true),
        Notice::TimedOut => (T::JobTimedOut.get(lang).to_owned(), true),
        Notice::JobLost => (T::JobLost.get(lang).to_owned(), true),
        Notice::AutosaveFailed(e) => (format!("{} {e}", T::AutosaveFailed.get(lang)), true),
        Notice::RestoreProblem(p) => (i18n::ui::load_problem(p, lang), true),
        Notice::NotAFile(path) => (format!("{} {}", T::NotAFile.get(lang), path.display()), true),
        Notice::Discarded => (T::Discarded.get(lang).to_owned(), false),
        Notice::PicturesAdded(n) => (T::PicturesAdded.get(lang).replace("{count}", &n.to_string()), false),
        Notice::PictureSaved => (T::PictureSaved.get(lang).to_owned(), false),
        Notice::Picture(e) => (i18n::ui::shot_error(e, lang), true),
        Notice::Busy => (T::Busy.get(lang).to_owned(), true),
        Notice::OverLimit(over) => (T::OverLimitNotice.get(lang).replace("{over}", &human_size(*over)), true),
        Notice::Sent { message_id, at } => (
            T::SentNotice
                .get(lang)
                .replace("{at}", &crate::tracking::deadlines::astana_text(*at))
                .replace("{id}", message_id),
            false,
        ),
        Notice::Queued(f) => (format!("{} {}", T::QueuedNotice.get(lang), i18n::send_failure(*f, lang)), true),
        Notice::SendFailed(f) => (format!("{} {}", T::SendFailedNotice.get(lang), i18n::send_failure(*f, lang)), true),
        Notice::SetUpSending => (T::SetUpSending.get(lang).to_owned(), true),
        Notice::MailSettingsSaved => (T::MailSettingsSaved.get(lang).to_owned(), false),
        Notice::MailAction(e) => (e.clone(), true),
    }
}

fn password_modal(app: &mut App, ctx: &egui::Context) {
    let lang = app.lang;
    let reading = app.eds_reading();
    let Some(prompt) = &mut app.password else { return };
    let mut submit = false;
    let mut cancel = false;
    let response = egui::Modal::new(egui::Id::unique("password")).show(ctx, |ui| {
        ui.heading(T::PasswordTitle.get(lang));
        let name = prompt.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        ui.label(name);
        let label = ui.label(T::Password.get(lang));
        let edit = ui
            .add(TextEdit::singleline(&mut *prompt.password).password(true).id(field_id("password")))
            .labelled_by(label.id);
        if !prompt.focused {
            edit.request_focus();
            prompt.focused = true;
        }
        if prompt.wrong {
            ui.colored_label(error_color(ui), T::WrongPassword.get(lang));
        }
        ui.weak(T::PasswordNotKept.get(lang));
        if edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) && !reading {
            submit = true;
        }
        ui.horizontal(|ui| {
            if ui.add_enabled(!reading, egui::Button::new(T::Open.get(lang))).clicked() {
                submit = true;
            }
            if reading {
                ui.spinner();
            }
            if ui.button(T::Cancel.get(lang)).clicked() {
                cancel = true;
            }
        });
    });
    if response.should_close() {
        cancel = true;
    }
    if submit {
        app.push(Command::SubmitPassword);
    } else if cancel {
        app.push(Command::CancelPassword);
    }
}

fn discard_modal(app: &mut App, ctx: &egui::Context) {
    let Some(discard) = app.confirm_discard else { return };
    let lang = app.lang;
    let mut answer = None;
    let response = egui::Modal::new(egui::Id::unique("discard")).show(ctx, |ui| {
        ui.heading(match discard {
            Discard::NewRequest => T::DiscardTitle.get(lang),
            Discard::NextCaller => T::NextCallerTitle.get(lang),
        });
        ui.label(T::DiscardText.get(lang));
        ui.horizontal(|ui| {
            if ui.button(T::Discard.get(lang)).clicked() {
                answer = Some(true);
            }
            if ui.button(T::Keep.get(lang)).clicked() {
                answer = Some(false);
            }
        });
    });
    if response.should_close() && answer.is_none() {
        answer = Some(false);
    }
    match answer {
        Some(true) => app.push(match discard {
            Discard::NewRequest => Command::DiscardForm,
            Discard::NextCaller => Command::ConfirmNextCaller,
        }),
        Some(false) => app.confirm_discard = None,
        None => {}
    }
}
