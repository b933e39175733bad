//! Screenshots in the window, driven like `ui`: capture (with stand-in screens), the editor's
//! redaction and crop (decoded back from the written file), paste, shrink, the size budget,
//! and the draft's folder.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use sk_support::i18n::Lang;
use sk_support::ui::{App, Notice};

use crate::ui::{FakeScreens, Setup, click, fill_valid, settle};

fn attachments(h: &Harness<'static, App>) -> Vec<String> {
    h.state().form().draft.problem.attachments.clone()
}

fn decode(path: impl AsRef<Path>) -> image::RgbaImage {
    image::open(path.as_ref()).unwrap_or_else(|e| panic!("{}: {e}", path.as_ref().display())).to_rgba8()
}

fn draft_files(setup: &Setup) -> PathBuf {
    setup.dir.path().join("data").join("draft-files")
}

/// Drags over the editor's picture from `a` to `b`, in the picture's pixels (shown 1:1 here).
fn drag(h: &mut Harness<'static, App>, a: (f32, f32), b: (f32, f32)) {
    let origin = h.get_by_label("Picture: drag to select").rect().min;
    let at = |p: (f32, f32)| origin + egui::vec2(p.0, p.1);
    h.hover_at(at(a));
    h.run_steps(1);
    h.drag_at(at(a));
    h.run_steps(1);
    h.hover_at(at((f32::midpoint(a.0, b.0), f32::midpoint(a.1, b.1))));
    h.run_steps(1);
    h.hover_at(at(b));
    h.run_steps(1);
    h.drop_at(at(b));
    h.run_steps(2);
}

/// Captures the (one) screen and opens the screenshot in the editor; returns its path.
fn capture_and_edit(h: &mut Harness<'static, App>) -> String {
    click(h, "Capture screen");
    settle(h);
    let file = attachments(h)[0].clone();
    h.get_by_label("Edit screenshot-20261125-143000.png").click();
    settle(h);
    file
}

#[test]
fn a_capture_is_attached_from_the_drafts_folder_named_in_astana_time_with_a_thumbnail() {
    let setup = Setup::new(Lang::En);
    let mut h = setup.harness();
    click(&mut h, "Capture screen");
    settle(&mut h);
    // 09:30 UTC is 14:30 in Astana.
    let expected = draft_files(&setup).join("screenshot-20261125-143000.png");
    assert_eq!(attachments(&h), [expected.to_string_lossy().into_owned()]);
    assert_eq!(decode(&expected), setup.screens.pictures[0]);
    assert!(matches!(h.state().notice(), Some(Notice::PicturesAdded(1))));
    // The thumbnail opens the editor.
    h.get_by_label("Edit screenshot-20261125-143000.png").click();
    settle(&mut h);
    assert!(h.query_by_label("Picture: drag to select").is_some());
    click(&mut h, "Cancel");
    assert!(h.query_by_label("Picture: drag to select").is_none());
}

#[test]
fn every_screen_or_the_chosen_one_is_captured() {
    let mut setup = Setup::new(Lang::En);
    let second = image::RgbaImage::from_pixel(300, 200, image::Rgba([0, 128, 0, 255]));
    setup.screens = Arc::new(FakeScreens {
        pictures: vec![FakeScreens::default().pictures.remove(0), second.clone()],
        clipboard: Mutex::new(None),
    });
    let mut h = setup.harness();
    click(&mut h, "Capture screen");
    settle(&mut h);
    let files = attachments(&h);
    assert_eq!(files.len(), 2);
    assert!(files[1].ends_with("screenshot-20261125-143000-2.png"), "{files:?}");
    assert_eq!(decode(&files[1]), second);
    // Screen 2 alone.
    click(&mut h, "Screen");
    click(&mut h, "2 (300×200)");
    click(&mut h, "Capture screen");
    settle(&mut h);
    let files = attachments(&h);
    assert_eq!(files.len(), 3);
    assert_eq!(decode(&files[2]), second);
}

#[test]
fn redaction_burns_black_into_the_file_and_leaves_the_rest() {
    let setup = Setup::new(Lang::En);
    let mut h = setup.harness();
    let file = capture_and_edit(&mut h);
    drag(&mut h, (200.0, 100.0), (400.0, 300.0));
    click(&mut h, "Apply");
    settle(&mut h);
    assert!(h.query_by_label("Picture: drag to select").is_none(), "the editor closes once written");
    assert_eq!(attachments(&h), std::slice::from_ref(&file), "the draft's own screenshot is replaced in place");
    let original = &setup.screens.pictures[0];
    let redacted = decode(&file);
    assert_eq!(redacted.dimensions(), original.dimensions());
    for (x, y) in [(205, 105), (300, 200), (395, 295)] {
        assert_eq!(redacted.get_pixel(x, y).0, [0, 0, 0, 255], "{x},{y}");
    }
    for (x, y) in [(10, 10), (198, 200), (300, 98), (402, 200), (300, 302), (799, 499)] {
        assert_eq!(redacted.get_pixel(x, y), original.get_pixel(x, y), "{x},{y}");
    }
}

#[test]
fn crop_keeps_the_part_chosen_and_undo_takes_an_edit_back() {
    let setup = Setup::new(Lang::En);
    let mut h = setup.harness();
    let file = capture_and_edit(&mut h);
    drag(&mut h, (10.0, 10.0), (60.0, 60.0));
    click(&mut h, "Undo");
    click(&mut h, "Crop");
    drag(&mut h, (100.0, 50.0), (500.0, 250.0));
    click(&mut h, "Apply");
    settle(&mut h);
    let cropped = decode(&file);
    let (w, h_) = cropped.dimensions();
    assert!((399..=401).contains(&w) && (199..=201).contains(&h_), "{w}×{h_}");
    let original = &setup.screens.pictures[0];
    assert_eq!(cropped.get_pixel(50, 50), original.get_pixel(150, 100));
    assert_ne!(cropped.get_pixel(0, 0).0, [0, 0, 0, 255], "the undone redaction is not in the file");
}

#[test]
fn editing_the_users_picture_makes_a_copy_and_leaves_the_file_alone() {
    let setup = Setup::new(Lang::En);
    let users = setup.dir.path().join("мой экран.png");
    let picture = image::RgbaImage::from_pixel(320, 200, image::Rgba([200, 10, 10, 255]));
    picture.save(&users).unwrap();
    let before = std::fs::read(&users).unwrap();
    *setup.dialogs.files.lock().unwrap() = vec![users.clone()];
    let mut h = setup.harness();
    click(&mut h, "Add files…");
    settle(&mut h);
    h.get_by_label("Edit мой экран.png").click();
    settle(&mut h);
    drag(&mut h, (0.0, 0.0), (100.0, 100.0));
    click(&mut h, "Apply");
    settle(&mut h);
    let copy = draft_files(&setup).join("мой экран-edited.png");
    assert_eq!(attachments(&h), [copy.to_string_lossy().into_owned()]);
    assert_eq!(decode(&copy).get_pixel(50, 50).0, [0, 0, 0, 255]);
    assert_eq!(std::fs::read(&users).unwrap(), before);
    // Removing the copy deletes it; the user's file stays.
    click(&mut h, "Remove мой экран-edited.png");
    settle(&mut h);
    assert!(attachments(&h).is_empty());
    assert!(!copy.exists());
    assert!(users.exists());
}

#[test]
fn a_pasted_picture_becomes_a_screenshot_and_an_empty_clipboard_is_said() {
    let setup = Setup::new(Lang::En);
    let mut h = setup.harness();
    click(&mut h, "Paste picture");
    settle(&mut h);
    assert!(attachments(&h).is_empty());
    assert!(matches!(h.state().notice(), Some(Notice::Picture(sk_support::ui::shots::ShotError::NoClipboardImage))));
    let picture = image::RgbaImage::from_pixel(64, 32, image::Rgba([1, 2, 3, 255]));
    *setup.screens.clipboard.lock().unwrap() = Some(picture.clone());
    click(&mut h, "Paste picture");
    settle(&mut h);
    assert_eq!(decode(&attachments(&h)[0]), picture);
    // Ctrl+V with a picture on the clipboard arrives as egui's paste event.
    let pasted = egui::ColorImage::from_rgba_unmultiplied([2, 1], &[9, 8, 7, 255, 6, 5, 4, 255]);
    h.event(egui::Event::PasteImage(Arc::new(pasted)));
    settle(&mut h);
    let files = attachments(&h);
    assert_eq!(files.len(), 2);
    assert!(files[1].ends_with("screenshot-20261125-143000-2.png"), "{files:?}");
    assert_eq!(decode(&files[1]).get_pixel(1, 0).0, [6, 5, 4, 255]);
}

#[test]
fn over_the_limit_nothing_is_saved_and_the_window_names_what_to_remove() {
    let setup = Setup::new(Lang::En);
    let big = setup.dir.path().join("big.bin");
    std::fs::write(&big, vec![7u8; 3 * 1024 * 1024]).unwrap();
    let small = setup.dir.path().join("small.txt");
    std::fs::write(&small, b"log").unwrap();
    *setup.dialogs.files.lock().unwrap() = vec![small, big];
    let mut h = setup.harness();
    fill_valid(&mut h);
    click(&mut h, "Add files…");
    settle(&mut h);
    // The limit set to 2 MiB.
    click(&mut h, "Limit, MiB");
    click(&mut h, "2");
    settle(&mut h);
    assert_eq!(h.state().settings().attachments_limit_mib, Some(2));
    assert!(h.query_by_label_contains("Remove or shrink: big.bin (3.0 MiB)").is_some());
    click(&mut h, "Save .eml");
    settle(&mut h);
    assert!(matches!(h.state().notice(), Some(Notice::OverLimit(over)) if *over == 1024 * 1024 + 3));
    assert!(setup.saved_files().is_empty());
    click(&mut h, "Remove big.bin");
    click(&mut h, "Save .eml");
    settle(&mut h);
    assert_eq!(setup.saved_files().len(), 1);
}

#[test]
fn big_photos_shrink_to_a_jpeg_in_the_drafts_folder() {
    let setup = Setup::new(Lang::En);
    let photo = setup.dir.path().join("фото.png");
    let mut rng = 12345u32;
    let noisy = image::RgbaImage::from_fn(2400, 1600, |_, _| {
        rng = rng.wrapping_mul(1_103_515_245).wrapping_add(12345);
        let [a, b, c, _] = rng.to_le_bytes();
        image::Rgba([a, b, c, 255])
    });
    noisy.save(&photo).unwrap();
    *setup.dialogs.files.lock().unwrap() = vec![photo.clone()];
    let mut h = setup.harness();
    click(&mut h, "Add files…");
    settle(&mut h);
    click(&mut h, "Shrink");
    settle(&mut h);
    let shrunk = draft_files(&setup).join("фото.jpg");
    assert_eq!(attachments(&h), [shrunk.to_string_lossy().into_owned()]);
    assert_eq!(decode(&shrunk).dimensions(), (1920, 1280));
    assert!(photo.exists(), "the user's photo stays");
}

#[test]
fn the_countdown_can_be_cut_short_or_cancelled_and_a_new_request_clears_the_drafts_files() {
    let setup = Setup::new(Lang::En);
    let mut h = setup.harness();
    fill_valid(&mut h);
    click(&mut h, "Delay");
    click(&mut h, "10 seconds");
    assert_eq!(h.state().settings().capture_delay_secs, 10);
    click(&mut h, "Capture screen");
    assert!(h.query_by_label_contains("Capturing in 10 s").is_some());
    click(&mut h, "Cancel");
    settle(&mut h);
    assert!(attachments(&h).is_empty());
    let started = std::time::Instant::now();
    click(&mut h, "Capture screen");
    click(&mut h, "Capture now");
    settle(&mut h);
    assert!(started.elapsed() < std::time::Duration::from_secs(9));
    let file = PathBuf::from(&attachments(&h)[0]);
    assert!(file.exists());
    click(&mut h, "New request");
    click(&mut h, "Yes, clear");
    settle(&mut h);
    assert!(attachments(&h).is_empty());
    assert!(!file.exists(), "a discarded request's screenshots are removed");
}
