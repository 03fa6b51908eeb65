//! The sign-off block of a signed document: the revision, the three signers with the sign-off
//! date, and the fingerprints (the revision data's sha256 and SM3, the unit's key ids) as text
//! and as a QR code, so the signed paper and the USB submission can be matched. It is set small
//! and in grey under a thin rule, a note for whoever checks the paper against the data rather
//! than part of the text the reader reads.

use qrcode::{Color, EcLevel, QrCode};

use crate::domain::date::format_date_zh;
use crate::domain::grouped_key_id;
use crate::report::canvas::{Grey, Item, Pen, hline};
use crate::report::flow::{Flow, baseline_in};
use crate::report::geometry::mm;
use crate::view::Signed;

/// Text size of the block in official documents, whose body is 16 pt: 小六 and a half.
pub const FINGERPRINT_SIZE: f32 = 8.0;

/// Grey of the block's text: clearly lighter than the black body text, still sharp on a copy.
pub const FINGERPRINT_GREY: Grey = 0.4;

/// Grey of the QR code's dark modules: lighter than black, dark enough for a phone to read.
pub const QR_GREY: Grey = 0.3;

/// Side of the printed QR code. Both fingerprints, in the code's upper-case alphanumeric mode,
/// make a version-8 code (49 modules): at this size a module is 0.4 mm, which phones read
/// from paper, and the code stays inside the 2 cm corner the block leaves it.
const QR_SIDE_MM: f32 = 19.5;

/// The sha256 in groups of eight hex digits, for reading aloud and comparing by eye.
pub fn grouped_hash(hash: &str) -> String {
    hash.as_bytes()
        .chunks(8)
        .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The QR code's modules, or `None` when the payload cannot be encoded (it always can: the
/// payload is at most about 210 ASCII characters).
pub fn qr_modules(payload: &str) -> Option<Vec<Vec<bool>>> {
    let code = QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::M).ok()?;
    let width = code.width();
    let colors = code.to_colors();
    Some(
        colors
            .chunks(width)
            .map(|row| row.iter().map(|color| *color == Color::Dark).collect())
            .collect(),
    )
}

/// Places the block at the flow's position (kept on one page), with text of `size` points.
pub fn place_sign_off_block(flow: &mut Flow, pen: Pen<'_>, signed: &Signed, size: f32) {
    let sign_off = &signed.sign_off;
    let line_height = size * 1.6;
    let qr_side = mm(QR_SIDE_MM);
    let date = signed
        .signed_on()
        .map_or_else(|| sign_off.signed_at.clone(), format_date_zh);
    let mut lines = vec![
        format!("审核签发：第 {} 版    签发日期：{date}", sign_off.revision),
        format!(
            "填报人：{}    审核人：{}    主要负责人：{}",
            sign_off.preparer, sign_off.reviewer, sign_off.leader
        ),
        // The hash on a line of its own, so its groups are never split between two lines.
        format!(
            "数据指纹（SHA-256）：\n{}",
            grouped_hash(&sign_off.data_sha256)
        ),
    ];
    if let Some(sm3) = &signed.data_sm3 {
        lines.push(format!("数据指纹（SM3）：\n{}", grouped_hash(sm3)));
    }
    if let Some(key_id) = &signed.key_id {
        let sm2 = signed
            .sm2_key_id
            .as_ref()
            .map(|sm2| format!("    国密签名编号：{}", grouped_key_id(sm2)))
            .unwrap_or_default();
        lines.push(format!("单位签名编号：{}{sm2}", grouped_key_id(key_id)));
    }
    let left = flow.frame.left();
    let right = flow.frame.right();
    let text_right = flow.frame.right() - qr_side - mm(4.0);
    // Measure first so the whole block moves to the next page rather than splitting.
    let wrapped: usize = lines
        .iter()
        .map(|line| pen.lines(line, size, text_right - left).len())
        .sum();
    let gap = line_height;
    let height = (wrapped as f32 * line_height).max(qr_side) + gap;
    flow.ensure(height);
    flow.advance(gap);
    let top = flow.y;
    flow.page()
        .items
        .push(hline(left, right, top - gap / 2.0, 0.3));
    let mut y = top;
    for text in lines
        .iter()
        .flat_map(|line| pen.lines(line, size, text_right - left))
    {
        let baseline = baseline_in(&pen, y, line_height, size);
        flow.page()
            .items
            .push(grey_text(pen.text(left, baseline, size, &text)));
        y += line_height;
    }
    if let Some(modules) = qr_modules(&signed.fingerprint_payload()) {
        let module = qr_side / modules.len().max(1) as f32;
        flow.page().items.push(Item::Modules {
            x: right - qr_side,
            y: top,
            module,
            modules,
            grey: QR_GREY,
        });
    }
    flow.y = y.max(top + qr_side);
}

/// `item` in the block's grey.
fn grey_text(mut item: Item) -> Item {
    if let Item::Text { grey, .. } = &mut item {
        *grey = FINGERPRINT_GREY;
    }
    item
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_is_grouped_for_reading() {
        let hash = "0123456789abcdef".repeat(4);
        assert_eq!(
            grouped_hash(&hash),
            "01234567 89abcdef 01234567 89abcdef 01234567 89abcdef 01234567 89abcdef"
        );
    }

    #[test]
    fn the_qr_code_is_square() {
        let modules = qr_modules("zhenggai:r1:sha256=00:key=1A2B").unwrap();
        assert!(modules.len() >= 21);
        assert!(modules.iter().all(|row| row.len() == modules.len()));
    }
}
