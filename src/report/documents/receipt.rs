//! The printable 回执：one A4 page the superior office prints, seals and hands back with the
//! signed receipt file. It says which unit's revision was received and when, that its signature
//! held, and carries the revision's data fingerprint and the office's key in text and as a QR
//! code, so the paper, the receipt file and the unit's own signed forms can be matched.

use crate::domain::date::{local_time_text, local_time_zh};
use crate::domain::{Receipt, grouped_key_id};
use crate::report::canvas::{Document, Item};
use crate::report::error::ReportResult;
use crate::report::flow::{Flow, ParagraphStyle};
use crate::report::fonts::Pens;
use crate::report::geometry::{PageFrame, mm};

use super::closing_block::CLOSING_SIZE;
use super::heading::place_title;
use super::prose::{INDENT, body, official_frame};
use super::sign_off_block::{QR_GREY, grouped_hash, qr_modules};

/// Side of the QR code on the receipt.
const QR_SIDE_MM: f32 = 24.0;

/// The title of the page.
pub const RECEIPT_TITLE: &str = "整改台账数据包接收回执";

/// What the QR code holds: the format, unit, revision, the fingerprints and the office's key
/// ids; a receipt from before 国密 has no SM3 fingerprint nor SM2 key, and its code ends
/// after the minisign key id as it always did.
pub fn receipt_payload(receipt: &Receipt) -> String {
    let mut parts = vec![
        "zhenggai-receipt".to_owned(),
        receipt.unit.clone(),
        receipt.revision.to_string(),
        receipt.data_sha256.clone(),
        receipt.manifest_sha256.clone(),
        receipt.office_key_id.clone(),
    ];
    if let (Some(sm3), Some(sm2_key_id)) = (&receipt.data_sm3, &receipt.office_sm2_key_id) {
        parts.push(sm3.clone());
        parts.push(sm2_key_id.clone());
    }
    parts.join(";")
}

/// Lays the receipt out on one A4 page.
pub fn receipt_page(receipt: &Receipt, pens: Pens<'_>) -> ReportResult<(Document, PageFrame)> {
    let frame = official_frame();
    let mut flow = Flow::new(frame);
    place_title(&mut flow, pens.heading, RECEIPT_TITLE, 20.0);
    flow.advance(6.0);
    let style = ParagraphStyle {
        size: 13.0,
        line_height: 13.0 * 1.9,
        ..body(&frame)
    };
    flow.paragraph(&pens.body, &format!("{}：", receipt.unit), style);
    flow.paragraph(
        &pens.body,
        &format!(
            "{INDENT}你单位报送的第 {} 版整改台账数据包已于{}收到。经核验，数据包的数字签名有效，所列文件完整、未被改动。特此回执。",
            receipt.revision,
            local_time_zh(&receipt.received_at)
        ),
        style,
    );
    flow.advance(10.0);
    let mut facts = vec![
        ("报送单位", receipt.unit.clone()),
        ("数据版本", format!("第 {} 版", receipt.revision)),
        ("接收时间", local_time_zh(&receipt.received_at)),
        ("回执出具时间", local_time_zh(&receipt.issued_at)),
        ("数据指纹（SHA-256）", grouped_hash(&receipt.data_sha256)),
    ];
    if let Some(sm3) = &receipt.data_sm3 {
        facts.push(("数据指纹（SM3）", grouped_hash(sm3)));
    }
    facts.push(("数据包清单指纹", grouped_hash(&receipt.manifest_sha256)));
    facts.push(("汇总单位签名编号", grouped_key_id(&receipt.office_key_id)));
    if let Some(sm2_key_id) = &receipt.office_sm2_key_id {
        facts.push(("汇总单位国密签名编号", grouped_key_id(sm2_key_id)));
    }
    let fact_style = ParagraphStyle {
        size: 10.5,
        line_height: 10.5 * 1.8,
        left: frame.left(),
        right: frame.right() - mm(QR_SIDE_MM) - mm(6.0),
    };
    let top = flow.y;
    for (label, value) in facts {
        flow.paragraph(&pens.default, &format!("{label}：{value}"), fact_style);
    }
    if let Some(modules) = qr_modules(&receipt_payload(receipt)) {
        let side = mm(QR_SIDE_MM);
        let module = side / modules.len().max(1) as f32;
        flow.page().items.push(Item::Modules {
            x: frame.right() - side,
            y: top,
            module,
            modules,
            grey: QR_GREY,
        });
        flow.y = flow.y.max(top + side);
    }
    // The office's name and the day the receipt was issued, centred on each other and set
    // right, with room for the seal over them （GB/T 9704's 落款）.
    flow.advance(mm(18.0));
    let size = CLOSING_SIZE + 2.5;
    let issued = local_time_text(&receipt.issued_at, "%Y年%-m月%-d日");
    let lines = [receipt.office.as_str(), "（盖章）", issued.as_str()];
    let widest = lines
        .iter()
        .map(|text| pens.body.width(text, size))
        .fold(0.0_f32, f32::max);
    let centre = frame.right() - size * 4.0 - widest / 2.0;
    for text in lines {
        let line = size * 2.0;
        flow.ensure(line);
        let baseline = flow.y + size * 1.4;
        let item = pens.body.centred(centre, baseline, size, text);
        flow.page().items.push(item);
        flow.y += line;
    }
    Ok((
        Document {
            title: format!("{}第{}版{RECEIPT_TITLE}", receipt.unit, receipt.revision),
            pages: flow.pages,
        },
        frame,
    ))
}
