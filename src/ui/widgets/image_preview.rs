//! Thumbnails of image evidence (photos, scans saved as PNG or JPEG).
//!
//! An image is decoded only when the user asks for its preview, scaled down to a thumbnail so
//! that an old integrated GPU with a small maximum texture size can show it, uploaded once and
//! kept by its sha256 for as long as the editor is open.

use std::collections::HashMap;

use eframe::egui;
use zhenggai::domain::Evidence;
use zhenggai::store::Store;

/// The longest side of a thumbnail, in pixels: enough to read a scanned notice, small enough
/// for any GPU and for memory.
const THUMBNAIL_MAX_SIDE: u32 = 1024;

/// The file endings the preview can decode.
const IMAGE_EXTENSIONS: [&str; 3] = ["png", "jpg", "jpeg"];

/// Whether the evidence file looks like an image the preview can show, by its name.
pub fn is_previewable(file_name: &str) -> bool {
    file_name.rsplit_once('.').is_some_and(|(_, extension)| {
        IMAGE_EXTENSIONS
            .iter()
            .any(|known| extension.eq_ignore_ascii_case(known))
    })
}

/// Decoded thumbnails (or the reason one could not be made), by sha256.
#[derive(Default)]
pub struct PreviewCache {
    textures: HashMap<String, Result<egui::TextureHandle, String>>,
}

impl PreviewCache {
    /// The thumbnail of `evidence`, decoding it on the first request.
    pub fn get_or_load(
        &mut self,
        ctx: &egui::Context,
        store: &Store,
        evidence: &Evidence,
    ) -> &Result<egui::TextureHandle, String> {
        self.textures
            .entry(evidence.sha256.clone())
            .or_insert_with(|| load_thumbnail(ctx, store, evidence))
    }
}

/// Reads the stored bytes, decodes them and uploads a thumbnail; any failure becomes a message.
fn load_thumbnail(
    ctx: &egui::Context,
    store: &Store,
    evidence: &Evidence,
) -> Result<egui::TextureHandle, String> {
    let mut bytes = Vec::with_capacity(evidence.size as usize);
    store
        .copy_blob_to(&evidence.sha256, &mut bytes)
        .map_err(|err| format!("无法预览：{err}"))?;
    let image = decode_thumbnail(&bytes, max_side(ctx))?;
    Ok(ctx.load_texture(
        format!("evidence-{}", evidence.sha256),
        image,
        egui::TextureOptions::LINEAR,
    ))
}

/// The longest side a thumbnail may have on this GPU.
fn max_side(ctx: &egui::Context) -> u32 {
    let gpu_limit = ctx.input(|input| input.max_texture_side);
    THUMBNAIL_MAX_SIDE.min(u32::try_from(gpu_limit).unwrap_or(THUMBNAIL_MAX_SIDE))
}

/// Decodes PNG or JPEG bytes into an image no larger than `max_side` on either side. A damaged
/// or unsupported file gives the reason in Chinese, never a panic.
pub fn decode_thumbnail(bytes: &[u8], max_side: u32) -> Result<egui::ColorImage, String> {
    let decoded = image::load_from_memory(bytes)
        .map_err(|err| format!("无法预览：文件已损坏或不是 PNG/JPEG 图片（{err}）。"))?;
    let fitted = if decoded.width() > max_side || decoded.height() > max_side {
        decoded.thumbnail(max_side, max_side)
    } else {
        decoded
    };
    let rgba = fitted.to_rgba8();
    let size = [rgba.width() as usize, rgba.height() as usize];
    Ok(egui::ColorImage::from_rgba_unmultiplied(
        size,
        rgba.as_raw(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png_bytes(width: u32, height: u32) -> Vec<u8> {
        let image = image::RgbaImage::from_pixel(width, height, image::Rgba([200, 30, 30, 255]));
        let mut bytes = Vec::new();
        image::DynamicImage::ImageRgba8(image)
            .write_to(
                &mut std::io::Cursor::new(&mut bytes),
                image::ImageFormat::Png,
            )
            .expect("encode png");
        bytes
    }

    #[test]
    fn image_names_are_recognised_by_their_ending() {
        assert!(is_previewable("现场照片.JPG"));
        assert!(is_previewable("整改前.png"));
        assert!(is_previewable("a.jpeg"));
        assert!(!is_previewable("会议纪要.pdf"));
        assert!(!is_previewable("png"));
    }

    #[test]
    fn a_large_image_is_scaled_to_the_thumbnail_size() {
        let image = decode_thumbnail(&png_bytes(3000, 1500), 1024).expect("decodes");
        assert_eq!(image.size, [1024, 512]);
        let small = decode_thumbnail(&png_bytes(40, 30), 1024).expect("decodes");
        assert_eq!(small.size, [40, 30]);
    }

    #[test]
    fn a_corrupt_image_gives_a_chinese_reason() {
        let mut bytes = png_bytes(10, 10);
        bytes.truncate(30);
        let message = decode_thumbnail(&bytes, 1024).expect_err("corrupt");
        assert!(message.starts_with("无法预览："), "{message}");
        let message = decode_thumbnail(b"not an image at all", 1024).expect_err("garbage");
        assert!(message.starts_with("无法预览："), "{message}");
    }
}
