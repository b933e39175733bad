//! Drawing the attachments section (capture, paste, thumbnails, the size meter) and the picture
//! editor. Buttons push commands; drags in the editor add edits to its state.

use eframe::egui::{self, RichText, Ui};

use super::app::App;
use super::commands::Command;
use super::shots::{self, Stage, Tool};
use super::view::{command_button, error_color, focus_if_asked, section_heading, show_problem};
use crate::attachments::human_size;
use crate::attachments::picture::{self, Edit};
use crate::i18n::ui::T;
use crate::request::FieldError;

/// The limits offered, in MiB: what mail servers commonly accept, base64 included (a 25 MiB
/// server takes about 18 MiB of attachments).
const LIMIT_CHOICES_MIB: [u32; 7] = [2, 5, 10, 15, 18, 25, 35];
const DEFAULT_LIMIT_MIB: u32 = 15;

/// The thumbnails' box in the list, in points.
const THUMB_BOX: egui::Vec2 = egui::vec2(96.0, 60.0);

pub fn attachments_section(app: &mut App, ui: &mut Ui, problems: &[FieldError]) {
    let lang = app.lang;
    section_heading(ui, T::SectionAttachments.get(lang));
    capture_row(app, ui);
    ui.horizontal_wrapped(|ui| {
        let making = app.shots.new_files.is_running() && app.shots.stage.is_none();
        command_button(app, ui, T::PasteImage.get(lang), T::PasteTip.get(lang), Command::PasteImage, !making);
        command_button(app, ui, T::AddFiles.get(lang), T::AddFilesTip.get(lang), Command::AddFiles, true);
        ui.weak(T::DropHint.get(lang));
        if making {
            ui.spinner();
            ui.weak(T::MakingPicture.get(lang));
        }
    });
    let attachments = app.form.draft.problem.attachments.clone();
    for (i, path) in attachments.iter().enumerate() {
        attachment_row(app, ui, problems, i, path);
    }
    size_meter(app, ui);
}

fn capture_row(app: &mut App, ui: &mut Ui) {
    let lang = app.lang;
    ui.horizontal_wrapped(|ui| match app.shots.stage {
        None => {
            let free = !app.shots.new_files.is_running();
            command_button(
                app,
                ui,
                T::CaptureScreen.get(lang),
                T::CaptureScreenTip.get(lang),
                Command::CaptureScreen,
                free,
            );
            let delay_text = |secs: u32| {
                if secs == 0 {
                    T::DelayNone.get(lang).to_owned()
                } else {
                    T::DelaySecs.get(lang).replace("{secs}", &secs.to_string())
                }
            };
            let mut delay = app.settings.capture_delay_secs;
            egui::ComboBox::from_label(T::Delay.get(lang)).selected_text(delay_text(delay)).show_ui(ui, |ui| {
                for secs in shots::DELAYS_SECS {
                    ui.selectable_value(&mut delay, secs, delay_text(secs));
                }
            });
            app.settings.capture_delay_secs = delay;
            if app.shots.screens.len() > 1 {
                screen_chooser(app, ui);
            }
        }
        Some(Stage::Countdown { until }) => {
            let left = until.saturating_duration_since(std::time::Instant::now());
            let secs = left.as_secs() + u64::from(left.subsec_nanos() > 0);
            ui.label(
                T::CountdownText.get(lang).replace("{secs}", &secs.to_string()).replace("{key}", shots::HOTKEY_TEXT),
            );
            command_button(app, ui, T::CaptureNow.get(lang), "", Command::CaptureNow, true);
            command_button(app, ui, T::Cancel.get(lang), "", Command::CancelCapture, true);
            if !app.shots.hotkey_ok {
                ui.weak(T::HotkeyUnavailable.get(lang));
            }
        }
        Some(_) => {
            ui.spinner();
            ui.label(T::Capturing.get(lang));
        }
    });
}

fn screen_chooser(app: &mut App, ui: &mut Ui) {
    let lang = app.lang;
    let name = |number: Option<usize>| match number.and_then(|n| app.shots.screens.iter().find(|s| s.number == n)) {
        None => T::AllScreens.get(lang).to_owned(),
        Some(s) => {
            let main = if s.primary { format!(", {}", T::MainScreen.get(lang)) } else { String::new() };
            format!("{} ({}×{}{main})", s.number, s.width, s.height)
        }
    };
    let mut chosen = app.settings.capture_screen;
    egui::ComboBox::from_label(T::Screen.get(lang)).selected_text(name(chosen)).show_ui(ui, |ui| {
        ui.selectable_value(&mut chosen, None, name(None));
        for s in &app.shots.screens {
            ui.selectable_value(&mut chosen, Some(s.number), name(Some(s.number)));
        }
    });
    app.settings.capture_screen = chosen;
}

fn attachment_row(app: &mut App, ui: &mut Ui, problems: &[FieldError], i: usize, path: &str) {
    let lang = app.lang;
    let name =
        std::path::Path::new(path).file_name().map_or_else(|| path.to_owned(), |n| n.to_string_lossy().into_owned());
    let size = app.sizes.get(path).copied();
    let field = format!("problem.attachments[{i}]");
    let editable = picture::is_editable(path) && !app.shots.no_thumb.contains(path);
    ui.horizontal(|ui| {
        let remove = ui.button("×").on_hover_text(format!("{} {name}", T::Remove.get(lang)));
        remove.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Button, true, format!("{} {name}", T::Remove.get(lang)))
        });
        focus_if_asked(app, &remove, &field);
        if remove.clicked() {
            app.push(Command::RemoveAttachment(i));
        }
        if let Some((_, texture)) = app.shots.thumbs.get(path) {
            let thumb = egui::Image::new(texture).max_size(THUMB_BOX).fit_to_original_size(1.0);
            let response = ui.add(egui::Button::image(thumb)).on_hover_text(T::EditTip.get(lang));
            response.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::Button, true, format!("{} {name}", T::Edit.get(lang)))
            });
            if response.clicked() {
                app.push(Command::EditAttachment(i));
            }
        }
        ui.vertical(|ui| {
            ui.label(&name).on_hover_text(path);
            ui.horizontal(|ui| {
                if let Some(size) = size {
                    ui.weak(human_size(size));
                }
                if editable {
                    let busy = app.shots.replace.is_running() || app.shots.open_editor.is_running();
                    let edit = ui.add_enabled(!busy, egui::Button::new(T::Edit.get(lang).to_owned()).small());
                    let edit = edit.on_hover_text(T::EditTip.get(lang));
                    if edit.clicked() {
                        app.push(Command::EditAttachment(i));
                    }
                    if size.is_some_and(|s| s > shots::SHRINK_OFFER_BYTES) {
                        let shrink = ui.add_enabled(!busy, egui::Button::new(T::Shrink.get(lang).to_owned()).small());
                        if shrink.on_hover_text(T::ShrinkTip.get(lang)).clicked() {
                            app.push(Command::ShrinkAttachment(i));
                        }
                    }
                }
            });
        });
    });
    show_problem(app, ui, problems, &field, true);
}

fn size_meter(app: &mut App, ui: &mut Ui) {
    let lang = app.lang;
    let budget = app.budget();
    let (total, limit) = (budget.total_bytes(), budget.limit_bytes);
    ui.add_space(4.0);
    ui.horizontal_wrapped(|ui| {
        #[allow(clippy::cast_precision_loss, clippy::cast_possible_truncation)] // a share for a bar, 0..=1
        let share = if limit == 0 { 1.0 } else { (total as f64 / limit as f64).min(1.0) as f32 };
        let text =
            T::AttachmentsTotal.get(lang).replace("{total}", &human_size(total)).replace("{limit}", &human_size(limit));
        let bar = egui::ProgressBar::new(share).desired_width(220.0).text(text);
        let bar = if total > limit { bar.fill(error_color(ui)) } else { bar };
        ui.add(bar);
        let mut mib = app.settings.attachments_limit_mib.unwrap_or(DEFAULT_LIMIT_MIB);
        egui::ComboBox::from_label(T::LimitMib.get(lang)).selected_text(mib.to_string()).show_ui(ui, |ui| {
            for choice in LIMIT_CHOICES_MIB {
                ui.selectable_value(&mut mib, choice, choice.to_string());
            }
        });
        if mib != app.settings.attachments_limit_mib.unwrap_or(DEFAULT_LIMIT_MIB) {
            app.settings.attachments_limit_mib = Some(mib);
        }
    });
    let body = app.preview().result.as_ref().map_or(0, |(_, subject, body)| (subject.len() + body.len()) as u64);
    if total > 0 {
        ui.weak(T::AsSent.get(lang).replace("{size}", &human_size(budget.message_bytes(body))));
    }
    let over = budget.over_by();
    if over > 0 {
        let names: Vec<String> = budget
            .to_fit()
            .into_iter()
            .filter_map(|i| {
                let path = app.form.draft.problem.attachments.get(i)?;
                let name = std::path::Path::new(path).file_name()?.to_string_lossy().into_owned();
                Some(format!("{name} ({})", human_size(budget.sizes[i])))
            })
            .collect();
        let text = T::OverLimit.get(lang).replace("{over}", &human_size(over)).replace("{names}", &names.join(", "));
        let response = ui.colored_label(error_color(ui), text);
        focus_if_asked(app, &response, "problem.attachments");
    }
}

/// The editor, over the whole window while a picture is open.
pub fn editor(app: &mut App, ui: &mut Ui) {
    let lang = app.lang;
    let ctx = ui.ctx().clone();
    let Some(editor) = &mut app.shots.editor else { return };
    let mut commands = Vec::new();
    egui::Panel::top("editor-tools").show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(T::EditorTitle.get(lang)).strong());
            ui.separator();
            ui.selectable_value(&mut editor.tool, Tool::Redact, T::ToolRedact.get(lang));
            ui.selectable_value(&mut editor.tool, Tool::Crop, T::ToolCrop.get(lang));
            ui.separator();
            let can_undo = !editor.edits.is_empty() && !editor.saving;
            if ui.add_enabled(can_undo, egui::Button::new(T::Undo.get(lang))).on_hover_text("Ctrl+Z").clicked() {
                commands.push(Command::EditorUndo);
            }
            if ui.add_enabled(!editor.saving, egui::Button::new(T::Apply.get(lang))).on_hover_text("Enter").clicked() {
                commands.push(Command::EditorApply);
            }
            if ui.add_enabled(!editor.saving, egui::Button::new(T::Cancel.get(lang))).on_hover_text("Esc").clicked() {
                commands.push(Command::EditorCancel);
            }
            if editor.saving {
                ui.spinner();
                ui.label(T::Saving.get(lang));
            }
        });
        let hint = if editor.tool == Tool::Redact { T::RedactHint } else { T::CropHint };
        ui.weak(hint.get(lang));
    });
    egui::CentralPanel::default().show(ui, |ui| canvas(editor, ui, lang));
    ctx.input_mut(|input| {
        if input.consume_key(egui::Modifiers::COMMAND, egui::Key::Z) {
            commands.push(Command::EditorUndo);
        }
        if input.consume_key(egui::Modifiers::NONE, egui::Key::Enter) {
            commands.push(Command::EditorApply);
        }
        if input.consume_key(egui::Modifiers::NONE, egui::Key::Escape) {
            commands.push(Command::EditorCancel);
        }
    });
    for command in commands {
        app.push(command);
    }
}

/// The picture, scaled to fit; a drag over it makes a black box or a crop.
fn canvas(editor: &mut shots::Editor, ui: &mut Ui, lang: crate::i18n::Lang) {
    let ctx = ui.ctx().clone();
    {
        let texture = editor.texture(&ctx);
        let (w, h) = editor.shown.dimensions();
        #[allow(clippy::cast_precision_loss)] // picture sizes are far below f32's exact range
        let picture = egui::vec2(w as f32, h as f32);
        let available = ui.available_size();
        let scale = (available.x / picture.x).min(available.y / picture.y).min(1.0);
        let (response, painter) = ui.allocate_painter(picture * scale, egui::Sense::drag());
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, T::PictureArea.get(lang)));
        let rect = response.rect;
        let uv = egui::Rect::from_min_max(egui::pos2(0.0, 0.0), egui::pos2(1.0, 1.0));
        painter.image(texture.id(), rect, uv, egui::Color32::WHITE);
        let to_picture = |p: egui::Pos2| ((p.x - rect.min.x) / scale, (p.y - rect.min.y) / scale);
        let to_screen = |r: picture::Rect| {
            #[allow(clippy::cast_precision_loss)]
            let (x, y, rw, rh) = (r.x as f32, r.y as f32, r.width as f32, r.height as f32);
            egui::Rect::from_min_size(rect.min + egui::vec2(x, y) * scale, egui::vec2(rw, rh) * scale)
        };
        if response.drag_started()
            && let Some(p) = response.interact_pointer_pos()
        {
            editor.drag_from = Some(to_picture(p));
        }
        let at = response.interact_pointer_pos().or_else(|| ctx.pointer_latest_pos());
        if let (Some(from), Some(p)) = (editor.drag_from, at)
            && !editor.saving
        {
            let to = to_picture(p);
            if let Some(r) = editor.rect_between(from, to) {
                let shown = to_screen(r);
                match editor.tool {
                    Tool::Redact => {
                        painter.rect_filled(shown, 0.0, egui::Color32::BLACK);
                    }
                    Tool::Crop => {
                        painter.rect_filled(rect, 0.0, egui::Color32::from_black_alpha(120));
                        painter.image(
                            texture.id(),
                            shown,
                            egui::Rect::from_min_max(
                                egui::pos2(
                                    (shown.min.x - rect.min.x) / rect.width(),
                                    (shown.min.y - rect.min.y) / rect.height(),
                                ),
                                egui::pos2(
                                    (shown.max.x - rect.min.x) / rect.width(),
                                    (shown.max.y - rect.min.y) / rect.height(),
                                ),
                            ),
                            egui::Color32::WHITE,
                        );
                        painter.rect_stroke(shown, 0.0, (2.0, egui::Color32::YELLOW), egui::StrokeKind::Outside);
                    }
                }
            }
            if response.drag_stopped() {
                editor.drag_from = None;
                if let Some(r) = editor.rect_between(from, to) {
                    editor.push(if editor.tool == Tool::Redact { Edit::Redact(r) } else { Edit::Crop(r) });
                }
            }
        } else if !response.dragged() {
            editor.drag_from = None;
        }
    }
}
