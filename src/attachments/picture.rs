//! Screenshots and attached images as pixels: decoding within limits, redaction and cropping
//! (the pixels themselves are replaced — nothing of them is left in the file), PNG and JPEG
//! encoding, thumbnails.
//!
//! Everything here is CPU work on whole images: run it off the UI thread.

use std::io::Cursor;
use std::time::Duration;

use image::{ImageFormat, ImageReader, Limits, RgbaImage};

/// The largest image decoded, in pixels (a 12000 × 10000 scan; far beyond any screen).
pub const MAX_PIXELS: u64 = 120_000_000;
/// The longest edge of a shrunk photo: a full-HD screen's width is enough for support to read it.
pub const SHRINK_EDGE: u32 = 1920;
/// The JPEG quality of a shrunk photo.
pub const SHRINK_QUALITY: u8 = 85;
/// The quality of a redacted JPEG written back as JPEG: high, since it was compressed once already.
pub const REWRITE_QUALITY: u8 = 92;
/// The colour that replaces redacted pixels: opaque black.
pub const REDACTION: image::Rgba<u8> = image::Rgba([0, 0, 0, 255]);
/// How long the PNG optimiser may try further; what it has by then is written.
pub const PNG_TIMEOUT: Duration = Duration::from_secs(3);
/// oxipng's preset. On a 1920×1080 capture (`scripts/bench-capture.sh`): preset 1 gives 0.94 × the
/// size of `optipng -o2` in about 240 ms; preset 2 is 3 % smaller but twice as slow, preset 0 is
/// 40 ms but 1.08 × optipng's size.
pub const PNG_PRESET: u8 = 1;

/// Why an image cannot be read or written.
#[derive(Debug, thiserror::Error)]
pub enum PictureError {
    #[error("not an image this program can open (PNG or JPEG): {0}")]
    Unreadable(String),
    #[error("the image is too large ({width} × {height} pixels)")]
    TooLarge { width: u32, height: u32 },
    #[error("cannot encode the image: {0}")]
    Encode(String),
}

/// A rectangle in an image's pixels: its top-left corner and its size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rect {
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
}

impl Rect {
    /// The rectangle between two corners given in any order, in pixels (fractions and points
    /// outside the image allowed, as a mouse drag gives them), cut to an image of `size`.
    /// `None` when nothing of it is inside the image.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, clippy::cast_precision_loss)]
    // clamped to 0..=size before the cast; sizes are far below f32's exact range for our purposes
    pub fn between(a: (f32, f32), b: (f32, f32), size: (u32, u32)) -> Option<Self> {
        let clamp = |v: f32, max: u32| v.clamp(0.0, max as f32);
        let (x0, x1) = (clamp(a.0.min(b.0), size.0).floor(), clamp(a.0.max(b.0), size.0).ceil());
        let (y0, y1) = (clamp(a.1.min(b.1), size.1).floor(), clamp(a.1.max(b.1), size.1).ceil());
        let rect = Self { x: x0 as u32, y: y0 as u32, width: (x1 - x0) as u32, height: (y1 - y0) as u32 };
        (rect.width > 0 && rect.height > 0).then_some(rect)
    }

    /// The part of the rectangle inside an image of `size`, if any.
    pub fn within(self, size: (u32, u32)) -> Option<Self> {
        let x1 = self.x.saturating_add(self.width).min(size.0);
        let y1 = self.y.saturating_add(self.height).min(size.1);
        (self.x < x1 && self.y < y1).then(|| Self { x: self.x, y: self.y, width: x1 - self.x, height: y1 - self.y })
    }

    pub fn contains(self, x: u32, y: u32) -> bool {
        x >= self.x && y >= self.y && x - self.x < self.width && y - self.y < self.height
    }
}

/// One step of editing, in the pixels of the image as it is at that step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// Fill with [`REDACTION`].
    Redact(Rect),
    /// Keep only this part.
    Crop(Rect),
}

/// The image after the edits, in order.
pub fn apply(image: &RgbaImage, edits: &[Edit]) -> RgbaImage {
    let mut out = image.clone();
    for edit in edits {
        match *edit {
            Edit::Redact(rect) => redact(&mut out, rect),
            Edit::Crop(rect) => out = crop(&out, rect),
        }
    }
    out
}

/// Replaces the pixels in `rect` with opaque black (alpha too: a transparent pixel keeps no colour
/// that could be recovered).
pub fn redact(image: &mut RgbaImage, rect: Rect) {
    let Some(rect) = rect.within(image.dimensions()) else { return };
    for y in rect.y..rect.y + rect.height {
        for x in rect.x..rect.x + rect.width {
            image.put_pixel(x, y, REDACTION);
        }
    }
}

/// The part of the image inside `rect` (the whole image when `rect` misses it).
pub fn crop(image: &RgbaImage, rect: Rect) -> RgbaImage {
    match rect.within(image.dimensions()) {
        Some(r) => image::imageops::crop_imm(image, r.x, r.y, r.width, r.height).to_image(),
        None => image.clone(),
    }
}

/// The kinds of image the editor opens, by file name.
pub fn is_editable(name: &str) -> bool {
    matches!(format_of(name), Some(ImageFormat::Png | ImageFormat::Jpeg))
}

/// A JPEG by its name: written back as JPEG after editing (a photo as PNG would be many times larger).
pub fn is_jpeg(name: &str) -> bool {
    format_of(name) == Some(ImageFormat::Jpeg)
}

fn format_of(name: &str) -> Option<ImageFormat> {
    std::path::Path::new(name).extension().and_then(|e| e.to_str()).and_then(ImageFormat::from_extension)
}

/// Decodes a PNG or JPEG (by its content, whatever its name), refusing images over [`MAX_PIXELS`]
/// before their pixels are allocated.
pub fn decode(bytes: &[u8]) -> Result<RgbaImage, PictureError> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| PictureError::Unreadable(e.to_string()))?;
    if !matches!(reader.format(), Some(ImageFormat::Png | ImageFormat::Jpeg)) {
        return Err(PictureError::Unreadable("unknown format".into()));
    }
    let (width, height) = reader.into_dimensions().map_err(|e| PictureError::Unreadable(e.to_string()))?;
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(PictureError::TooLarge { width, height });
    }
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| PictureError::Unreadable(e.to_string()))?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(width);
    limits.max_image_height = Some(height);
    reader.limits(limits);
    Ok(reader.decode().map_err(|e| PictureError::Unreadable(e.to_string()))?.to_rgba8())
}

/// An optimised PNG (oxipng: colour type and palette reductions, filter trials, libdeflate).
/// Opaque images lose their alpha channel; nothing but the pixels is written (no metadata).
pub fn encode_png(image: &RgbaImage) -> Result<Vec<u8>, PictureError> {
    let (width, height) = image.dimensions();
    let raw =
        oxipng::RawImage::new(width, height, oxipng::ColorType::RGBA, oxipng::BitDepth::Eight, image.as_raw().clone())
            .map_err(|e| PictureError::Encode(e.to_string()))?;
    let mut options = oxipng::Options::from_preset(PNG_PRESET);
    options.timeout = Some(PNG_TIMEOUT);
    raw.create_optimized_png(&options).map_err(|e| PictureError::Encode(e.to_string()))
}

/// A JPEG at `quality`, no edge longer than `max_edge` (smaller images keep their size).
/// Transparency is flattened onto white; no metadata (a photo's location) is kept.
pub fn encode_jpeg(image: &RgbaImage, max_edge: u32, quality: u8) -> Result<Vec<u8>, PictureError> {
    let resized = fit_within(image, max_edge);
    let source = resized.as_ref().unwrap_or(image);
    let mut rgb = image::RgbImage::new(source.width(), source.height());
    for (out, px) in rgb.pixels_mut().zip(source.pixels()) {
        let [r, g, b, a] = px.0;
        let over_white = |c: u8| -> u8 {
            // (c·a + 255·(255 − a)) / 255, at most 255: fits in u8.
            u8::try_from((u16::from(c) * u16::from(a) + 255 * (255 - u16::from(a))) / 255).unwrap_or(u8::MAX)
        };
        *out = image::Rgb([over_white(r), over_white(g), over_white(b)]);
    }
    let mut bytes = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, quality)
        .encode_image(&rgb)
        .map_err(|e| PictureError::Encode(e.to_string()))?;
    Ok(bytes)
}

/// A small copy for the attachments list, no edge longer than `max_edge`.
pub fn thumbnail(image: &RgbaImage, max_edge: u32) -> RgbaImage {
    fit_within(image, max_edge).unwrap_or_else(|| image.clone())
}

/// The image scaled down so that no edge is longer than `max_edge`; `None` when it already fits.
fn fit_within(image: &RgbaImage, max_edge: u32) -> Option<RgbaImage> {
    let (w, h) = image.dimensions();
    let longest = w.max(h);
    if longest <= max_edge || max_edge == 0 {
        return None;
    }
    let scale = |v: u32| u32::try_from(u64::from(v) * u64::from(max_edge) / u64::from(longest)).unwrap_or(1).max(1);
    let filter = if longest > 4 * max_edge {
        image::imageops::FilterType::Triangle
    } else {
        image::imageops::FilterType::CatmullRom
    };
    Some(image::imageops::resize(image, scale(w), scale(h), filter))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A screen-like picture: a gradient with some "text" rows, opaque.
    fn sample(width: u32, height: u32) -> RgbaImage {
        RgbaImage::from_fn(width, height, |x, y| {
            let ink = (y / 3) % 4 == 0 && (x / 5) % 3 != 0;
            if ink {
                image::Rgba([20, 20, 20, 255])
            } else {
                #[allow(clippy::cast_possible_truncation)] // modulo 256
                image::Rgba([(x % 256) as u8, (y % 256) as u8, 200, 255])
            }
        })
    }

    #[test]
    fn redacted_pixels_are_gone_from_the_encoded_file_and_the_rest_is_unchanged() {
        let original = sample(320, 200);
        let rect = Rect { x: 40, y: 30, width: 100, height: 50 };
        let edited = apply(&original, &[Edit::Redact(rect)]);
        for (png, exact) in [(encode_png(&edited).unwrap(), true), (encode_jpeg(&edited, 4000, 95).unwrap(), false)] {
            let back = decode(&png).unwrap();
            assert_eq!(back.dimensions(), original.dimensions());
            for (x, y, px) in back.enumerate_pixels() {
                if rect.contains(x, y) {
                    // JPEG: blocks straddling the edge mix in the neighbours, never what was there.
                    let inner = rect.contains(x.saturating_sub(8), y.saturating_sub(8)) && rect.contains(x + 8, y + 8);
                    if exact || inner {
                        assert!(px.0[..3].iter().all(|&c| c <= if exact { 0 } else { 6 }), "{x},{y}: {px:?}");
                    }
                } else if exact {
                    assert_eq!(px, original.get_pixel(x, y), "{x},{y}");
                }
            }
        }
    }

    #[test]
    fn redaction_removes_transparent_pixels_colour_too() {
        let mut image = RgbaImage::from_pixel(10, 10, image::Rgba([200, 100, 50, 0]));
        redact(&mut image, Rect { x: 0, y: 0, width: 5, height: 10 });
        assert_eq!(*image.get_pixel(4, 9), REDACTION);
        assert_eq!(*image.get_pixel(5, 9), image::Rgba([200, 100, 50, 0]));
        let back = decode(&encode_png(&image).unwrap()).unwrap();
        assert_eq!(*back.get_pixel(0, 0), REDACTION);
    }

    #[test]
    fn crop_keeps_the_chosen_part_and_later_edits_use_its_pixels() {
        let original = sample(300, 200);
        let crop_rect = Rect { x: 100, y: 50, width: 120, height: 80 };
        let edited =
            apply(&original, &[Edit::Crop(crop_rect), Edit::Redact(Rect { x: 0, y: 0, width: 10, height: 10 })]);
        assert_eq!(edited.dimensions(), (120, 80));
        assert_eq!(*edited.get_pixel(0, 0), REDACTION);
        assert_eq!(edited.get_pixel(50, 40), original.get_pixel(150, 90));
        // A crop that misses the image changes nothing; one that sticks out is cut to it.
        assert_eq!(crop(&original, Rect { x: 400, y: 0, width: 5, height: 5 }).dimensions(), (300, 200));
        assert_eq!(crop(&original, Rect { x: 250, y: 150, width: 500, height: 500 }).dimensions(), (50, 50));
    }

    #[test]
    fn drag_corners_become_rectangles_inside_the_image() {
        assert_eq!(
            Rect::between((50.6, 80.2), (10.2, 20.9), (100, 100)),
            Some(Rect { x: 10, y: 20, width: 41, height: 61 })
        );
        assert_eq!(
            Rect::between((-20.0, -5.0), (500.0, 30.0), (100, 100)),
            Some(Rect { x: 0, y: 0, width: 100, height: 30 })
        );
        assert_eq!(Rect::between((150.0, 10.0), (200.0, 30.0), (100, 100)), None);
        assert_eq!(Rect::between((10.0, 10.0), (10.0, 30.0), (100, 100)), None);
    }

    #[test]
    fn png_is_lossless_and_smaller_than_the_raw_pixels() {
        let image = sample(640, 360);
        let png = encode_png(&image).unwrap();
        assert!(png.len() < image.as_raw().len() / 4, "{} bytes", png.len());
        assert_eq!(decode(&png).unwrap(), image);
    }

    #[test]
    fn jpeg_shrinks_large_photos_to_the_edge_and_keeps_small_ones() {
        let photo = sample(4000, 3000);
        let jpeg = encode_jpeg(&photo, SHRINK_EDGE, SHRINK_QUALITY).unwrap();
        assert_eq!(decode(&jpeg).unwrap().dimensions(), (1920, 1440));
        let small = encode_jpeg(&sample(300, 200), SHRINK_EDGE, SHRINK_QUALITY).unwrap();
        assert_eq!(decode(&small).unwrap().dimensions(), (300, 200));
        assert_eq!(thumbnail(&photo, 96).dimensions(), (96, 72));
    }

    #[test]
    fn refuses_what_is_not_an_image_and_what_is_too_large() {
        assert!(matches!(decode(b"%PDF-1.4 ..."), Err(PictureError::Unreadable(_))));
        // A valid PNG header announcing 20000 × 20000 pixels: refused before any pixel is read.
        let header = png_header(20_000, 20_000);
        assert!(matches!(decode(&header), Err(PictureError::TooLarge { width: 20_000, height: 20_000 })));
        assert!(is_editable("Экран.PNG") && is_editable("a.jpeg") && !is_editable("a.pdf"));
        assert!(is_jpeg("photo.JPG") && !is_jpeg("a.png"));
    }

    /// A PNG of the given size whose pixel data is cut short: enough to learn its size.
    fn png_header(width: u32, height: u32) -> Vec<u8> {
        let mut ihdr = Vec::new();
        ihdr.extend_from_slice(&width.to_be_bytes());
        ihdr.extend_from_slice(&height.to_be_bytes());
        ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        for (name, data) in [(&b"IHDR"[..], &ihdr[..]), (b"IDAT", &[0x78, 0x9c, 0x03, 0x00][..]), (b"IEND", &[][..])] {
            let mut chunk = name.to_vec();
            chunk.extend_from_slice(data);
            out.extend_from_slice(&u32::try_from(data.len()).unwrap().to_be_bytes());
            out.extend_from_slice(&chunk);
            out.extend_from_slice(&crc32(&chunk).to_be_bytes());
        }
        out
    }

    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xffff_ffffu32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xedb8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }
}
