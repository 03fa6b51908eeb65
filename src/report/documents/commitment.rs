//! 整改承诺书: the rectification commitment form on A4 portrait with GB/T 9704-2012 margins
//! (top 37 mm, left 28 mm, right 26 mm, bottom 35 mm), title 22 pt in 方正小标宋，body 16 pt in
//! 仿宋（each when installed）， in the order readers expect：标题，称谓，启语，numbered items
//! 一、二、三 with deadlines，结语，then the signature block laid out for wet signature and seal.

use crate::domain::date::format_date_zh;
use crate::domain::{CommitmentState, Deadline};
use crate::report::canvas::{Document, Pen, hline};
use crate::report::data::unit_name;
use crate::report::error::ReportResult;
use crate::report::flow::{Flow, ParagraphStyle, baseline_in};
use crate::report::fonts::Pens;
use crate::report::geometry::{PageFrame, mm};
use crate::view::DocumentData;

use super::heading::place_document_title;
use super::numerals::chinese_number;
use super::prose::{INDENT, OFFICIAL_TITLE_SIZE, official_body, official_frame};
use super::sign_off_block::{FINGERPRINT_SIZE, place_sign_off_block};

/// The page of the commitment form: an official document's.
pub fn commitment_frame() -> PageFrame {
    official_frame()
}

/// The numbered items: each open commitment with its deadline, then the ledger's measures.
pub fn commitment_items(data: &DocumentData) -> Vec<String> {
    let mut items: Vec<String> = data
        .snapshot
        .commitments
        .iter()
        .filter(|commitment| commitment.state != CommitmentState::Broken)
        .map(|commitment| {
            let content = commitment
                .content
                .trim_end_matches(['。', ';', ';', '.'])
                .to_owned();
            match commitment.due_on {
                Some(due) => format!("{content}（承诺时限：{}）。", format_date_zh(due)),
                None => format!("{content}（长期坚持）。"),
            }
        })
        .collect();
    let problems = data.snapshot.problems.len();
    let measures = data.snapshot.measures.len();
    if problems > 0 {
        let last_deadline = data
            .snapshot
            .measures
            .iter()
            .filter_map(|measure| measure.deadline.and_then(Deadline::date))
            .max();
        let mut item = format!(
            "抓好问题整改。对查摆出的{problems}个问题制定{measures}条整改措施，逐项明确\
             责任领导、责任部门、责任人和整改时限，实行台账管理、对账销号"
        );
        match last_deadline {
            Some(date) => {
                item += "，确保";
                item += &format_date_zh(date);
                item += "前全部整改到位。";
            }
            None => item.push('。'),
        }
        items.push(item);
    }
    let rules = data.snapshot.rules.len();
    if rules > 0 {
        items.push(format!(
            "坚持建章立制。围绕查摆出的问题新建、修订、废止制度{rules}项，以制度巩固整改成果。"
        ));
    }
    items
}

/// The prose of the form（称谓、启语、the numbered items and 结语） with each paragraph starting
/// with the first-line indent.
pub struct CommitmentText {
    /// To whom（「某市人民政府办公室：」）.
    pub salutation: String,
    /// The opening sentence.
    pub opening: String,
    /// The numbered items（「一、……」）.
    pub items: Vec<String>,
    /// The closing sentence.
    pub closing: String,
}

impl CommitmentText {
    /// The text of `data`'s commitment form.
    pub fn of(data: &DocumentData) -> Self {
        let superior = data.superior();
        let audience = if superior.is_empty() {
            "社会各界、广大服务对象"
        } else {
            superior
        };
        let campaign = data.campaign_title();
        let opening = if campaign.is_empty() {
            format!(
                "{INDENT}为切实转变工作作风、提升行政效能，我单位对照查摆出的问题，郑重承诺如下："
            )
        } else {
            format!(
                "{INDENT}为深入开展{campaign}，切实转变工作作风、提升行政效能，我单位对照查摆出的\
                 问题，郑重承诺如下："
            )
        };
        let items = commitment_items(data)
            .iter()
            .enumerate()
            .map(|(index, item)| format!("{INDENT}{}、{item}", chinese_number(index + 1)))
            .collect();
        let watchers = if superior.is_empty() {
            "社会各界和广大服务对象".to_owned()
        } else {
            format!("{superior}和社会各界")
        };
        Self {
            salutation: format!("{audience}："),
            opening,
            items,
            closing: format!("{INDENT}以上承诺，请{watchers}监督。如有违诺，我单位愿意接受问责。"),
        }
    }
}

/// Lays the commitment form out.
pub fn commitment(data: &DocumentData, pens: Pens<'_>) -> ReportResult<(Document, PageFrame)> {
    let (title_pen, pen) = (pens.title, pens.body);
    let unit = unit_name(data)?;
    let frame = commitment_frame();
    let mut flow = Flow::new(frame);
    let body = official_body(&frame);
    let full_title = place_document_title(
        &mut flow,
        title_pen,
        unit,
        "整改承诺书",
        OFFICIAL_TITLE_SIZE,
    );
    flow.advance(body.line_height * 0.5);
    let text = CommitmentText::of(data);
    flow.paragraph(&pen, &text.salutation, body);
    flow.paragraph(&pen, &text.opening, body);
    for item in &text.items {
        flow.paragraph(&pen, item, body);
    }
    let closing = text.closing;
    let signature = SignatureArea::measure(&frame, pen, unit, body);
    // GB/T 9704 does not let the signature and seal stand alone on a page: when they do not
    // fit under the closing paragraph, the paragraph goes over to the next page with them.
    let closing_height =
        pen.lines(&closing, body.size, body.right - body.left).len() as f32 * body.line_height;
    let together = closing_height + signature.height;
    if together <= frame.bottom() - frame.top() {
        flow.ensure(together);
    }
    flow.paragraph(&pen, &closing, body);
    signature.place(&mut flow, pen, body);
    if let Some(signed) = &data.signed {
        place_sign_off_block(&mut flow, pens.default, signed, FINGERPRINT_SIZE);
    }
    Ok((
        Document {
            title: full_title,
            pages: flow.pages,
        },
        frame,
    ))
}

/// Diameter of an official seal (公章) in millimetres, which the block leaves room for.
const SEAL_MM: f32 = 42.0;

/// The block for wet signature, kept on one page and set to the right, ending two characters
/// from the right margin: first the principal leader's signature line, then the unit's full
/// name with the 单位盖章 label and the date with blanks for year, month and day. GB/T 9704
/// presses the seal over the name and the date, so the signature line comes before them and
/// the block keeps clear space above and below the two, enough for a round seal of
/// [`SEAL_MM`]: the seal never covers the signature or the sign-off block under it.
struct SignatureArea {
    /// Left edge of the block.
    left: f32,
    /// Right edge of the block.
    right: f32,
    /// The unit's name, wrapped to the block.
    name_lines: Vec<String>,
    /// Clear space above and below the sealed lines.
    clearance: f32,
    /// Height of the whole block, including the two blank lines before it.
    height: f32,
}

/// The label of the principal leader's signature line.
pub(crate) const SIGNATURE_LABEL: &str = "主要负责人（签字）：";

/// The date line, with blanks for the handwritten year, month and day (the ledger's closing
/// block prints it on a draft too).
pub(crate) const DATE_LINE: &str =
    "日期：\u{3000}\u{3000}\u{3000}年\u{3000}\u{3000}月\u{3000}\u{3000}日";

impl SignatureArea {
    /// Sizes the block for `unit` in the body style on `frame`.
    fn measure(frame: &PageFrame, pen: Pen<'_>, unit: &str, body: ParagraphStyle) -> Self {
        let line_height = body.line_height;
        let size = body.size;
        let label_height = line_height * 0.75;
        let right = frame.right() - size * 2.0;
        // Room after the label for a handwritten name of three or four characters.
        let signature_width = pen.width(SIGNATURE_LABEL, size) + size * 6.0;
        let block_width = [
            signature_width,
            pen.width(unit, size),
            pen.width(DATE_LINE, size),
        ]
        .into_iter()
        .fold(0.0_f32, f32::max)
        .min(right - frame.left());
        let name_lines = pen.lines(unit, size, block_width);
        // The seal is centred on the name, label and date; what it covers beyond them is kept
        // clear above (after the signature line) and below (before whatever follows).
        let sealed = name_lines.len() as f32 * line_height + label_height + line_height;
        let clearance = ((mm(SEAL_MM) - sealed) / 2.0).max(0.0);
        Self {
            left: right - block_width,
            right,
            name_lines,
            clearance,
            height: line_height * 2.0 + line_height + clearance + sealed + clearance,
        }
    }

    /// Places the block at the flow's position, on the next page when it does not fit here.
    fn place(&self, flow: &mut Flow, pen: Pen<'_>, body: ParagraphStyle) {
        let Self {
            left,
            right,
            clearance,
            height,
            ..
        } = *self;
        let line_height = body.line_height;
        let size = body.size;
        let label_size = size * 0.75;
        let label_height = line_height * 0.75;
        flow.ensure(height);
        flow.advance(line_height * 2.0);

        let baseline = baseline_in(&pen, flow.y, line_height, size);
        flow.page()
            .items
            .push(pen.text(left, baseline, size, SIGNATURE_LABEL));
        // The signature line: a rule from the end of the label to the block's right edge.
        let label_end = left + pen.width(SIGNATURE_LABEL, size);
        flow.page()
            .items
            .push(hline(label_end, right, baseline + size * 0.2, 0.6));
        flow.advance(line_height + clearance);

        for line in &self.name_lines {
            let baseline = baseline_in(&pen, flow.y, line_height, size);
            flow.page().items.push(pen.text(left, baseline, size, line));
            flow.advance(line_height);
        }
        // The seal label sits centred under the name, in smaller type.
        let baseline = baseline_in(&pen, flow.y, label_height, label_size);
        flow.page().items.push(pen.centred(
            f32::midpoint(left, right),
            baseline,
            label_size,
            "（单位盖章）",
        ));
        flow.advance(label_height);
        let baseline = baseline_in(&pen, flow.y, line_height, size);
        flow.page()
            .items
            .push(pen.text(left, baseline, size, DATE_LINE));
        flow.advance(line_height + clearance);
    }
}
