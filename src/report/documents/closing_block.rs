//! The closing block of a printed list（the 问题整改台账）： signature lines for the 填报人，the
//! 审核人 and the 主要负责人 on the left, and on the right the unit's name with the 单位盖章
//! label and the date, with clear room around them for the round seal. On a signed revision
//! the signers' names and the sign-off date are printed on their lines, ready for the wet
//! signatures; on a draft the lines are blank. The block is kept on one page.

use crate::domain::date::format_date_zh;
use crate::report::canvas::{Item, Pen, hline};
use crate::report::flow::{Flow, baseline_in};
use crate::report::geometry::mm;
use crate::view::Signed;

use super::commitment::DATE_LINE;

/// Text size of the block：五号，a little larger than the table's cells.
pub const CLOSING_SIZE: f32 = 10.5;

/// Diameter of an official seal（公章）in millimetres, which the block leaves room for.
const SEAL_MM: f32 = 42.0;

/// The signers' labels, in the order they sign.
pub const SIGNER_LABELS: [&str; 3] = [
    "填报人（签字）：",
    "审核人（签字）：",
    "主要负责人（签字）：",
];

/// The label under the unit's name where the seal goes.
pub const SEAL_LABEL: &str = "（单位盖章）";

/// Room on a signature line for a handwritten name, in ems.
const SIGNATURE_EM: f32 = 12.0;

/// The block, measured for one page.
#[derive(Debug, Clone, PartialEq)]
pub struct ClosingBlock {
    /// Each signer's label and printed name (empty on a draft).
    signers: Vec<(&'static str, String)>,
    /// The unit's full name.
    unit: String,
    /// The date line.
    date: String,
}

impl ClosingBlock {
    /// The block for `unit`, with the names and date of `signed` when the document is a
    /// signed revision.
    pub fn new(unit: &str, signed: Option<&Signed>) -> Self {
        let names = signed.map_or_else(
            || [String::new(), String::new(), String::new()],
            |signed| {
                let sign_off = &signed.sign_off;
                [
                    sign_off.preparer.clone(),
                    sign_off.reviewer.clone(),
                    sign_off.leader.clone(),
                ]
            },
        );
        let date = signed.and_then(Signed::signed_on).map_or_else(
            || DATE_LINE.to_owned(),
            |day| format!("日期：{}", format_date_zh(day)),
        );
        Self {
            signers: SIGNER_LABELS.into_iter().zip(names).collect(),
            unit: unit.to_owned(),
            date,
        }
    }

    /// Distance between the signature lines: room for a handwritten name.
    fn signer_spacing() -> f32 {
        CLOSING_SIZE * 2.8
    }

    /// Height of a line of the sealed part (the unit's name and the date).
    fn line_height() -> f32 {
        CLOSING_SIZE * 1.8
    }

    /// The space kept above the block, apart from the rows it closes.
    fn gap() -> f32 {
        CLOSING_SIZE * 2.0
    }

    /// The height of the sealed lines: name, seal label and date.
    fn sealed_height() -> f32 {
        Self::line_height() * 2.0 + Self::line_height() * 0.75
    }

    /// The clear room above and below the sealed lines, so that a round seal centred on them
    /// covers nothing else.
    fn clearance() -> f32 {
        ((mm(SEAL_MM) - Self::sealed_height()) / 2.0).max(0.0)
    }

    /// The block's height, including the gap above it.
    pub fn height(&self) -> f32 {
        let signers = self.signers.len() as f32 * Self::signer_spacing();
        let seal = Self::clearance() * 2.0 + Self::sealed_height();
        Self::gap() + signers.max(seal)
    }

    /// Places the block at the flow's position, on a new page when it does not fit here.
    pub fn place(&self, flow: &mut Flow, pen: Pen<'_>) {
        let size = CLOSING_SIZE;
        flow.ensure(self.height());
        flow.advance(Self::gap());
        let top = flow.y;
        let left = flow.frame.left();
        let mut items: Vec<Item> = Vec::new();
        // The signature lines: labels flush left, the lines starting together after the widest.
        let label_width = self
            .signers
            .iter()
            .map(|(label, _)| pen.width(label, size))
            .fold(0.0_f32, f32::max);
        let line_start = left + label_width;
        let line_end = line_start + size * SIGNATURE_EM;
        for (index, (label, name)) in self.signers.iter().enumerate() {
            // Each signer writes above a rule at the foot of a generous line box.
            let row_top = top + index as f32 * Self::signer_spacing();
            let baseline = baseline_in(&pen, row_top, Self::signer_spacing(), size) + size * 0.4;
            items.push(pen.text(left, baseline, size, label));
            if !name.is_empty() {
                items.push(pen.text(line_start + size, baseline, size, name));
            }
            items.push(hline(line_start, line_end, baseline + size * 0.25, 0.6));
        }
        // The sealed part, set right, ending two characters from the right margin.
        let right = flow.frame.right() - size * 2.0;
        let width = [pen.width(&self.unit, size), pen.width(&self.date, size)]
            .into_iter()
            .fold(0.0_f32, f32::max);
        let sealed_left = (right - width).max(line_end + size * 2.0);
        let centre = f32::midpoint(sealed_left, right);
        let line_height = Self::line_height();
        let mut y = top + Self::clearance();
        let baseline = baseline_in(&pen, y, line_height, size);
        items.push(pen.centred(centre, baseline, size, &self.unit));
        y += line_height;
        let label_size = size * 0.75;
        let baseline = baseline_in(&pen, y, line_height * 0.75, label_size);
        items.push(pen.centred(centre, baseline, label_size, SEAL_LABEL));
        y += line_height * 0.75;
        let baseline = baseline_in(&pen, y, line_height, size);
        items.push(pen.centred(centre, baseline, size, &self.date));
        flow.page().items.extend(items);
        flow.y = top + self.height() - Self::gap();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::font::FontMetrics;
    use crate::report::geometry::{Margins, PageFrame, PageSize};

    fn frame() -> PageFrame {
        PageFrame {
            size: PageSize::a4_landscape(),
            margins: Margins::uniform_mm(15.0),
        }
    }

    #[test]
    fn a_draft_leaves_the_lines_blank_and_keeps_room_for_the_seal() {
        let metrics = FontMetrics::bundled().unwrap();
        let pen = Pen {
            metrics: &metrics,
            face: 0,
        };
        let block = ClosingBlock::new("某县行政审批局", None);
        assert!(block.height() >= mm(SEAL_MM));
        let mut flow = Flow::new(frame());
        flow.advance(100.0);
        block.place(&mut flow, pen);
        let texts: Vec<&str> = flow.pages[0].texts().collect();
        assert_eq!(
            texts,
            [
                SIGNER_LABELS[0],
                SIGNER_LABELS[1],
                SIGNER_LABELS[2],
                "某县行政审批局",
                SEAL_LABEL,
                DATE_LINE
            ]
        );
        assert!((flow.y - (flow.frame.top() + 100.0 + block.height())).abs() < 0.01);
    }

    #[test]
    fn a_block_that_does_not_fit_moves_to_a_new_page_whole() {
        let metrics = FontMetrics::bundled().unwrap();
        let pen = Pen {
            metrics: &metrics,
            face: 0,
        };
        let block = ClosingBlock::new("某县行政审批局", None);
        let mut flow = Flow::new(frame());
        flow.y = flow.frame.bottom() - block.height() + 1.0;
        block.place(&mut flow, pen);
        assert_eq!(flow.pages.len(), 2);
        assert_eq!(flow.pages[0].texts().count(), 0);
        assert_eq!(flow.pages[1].texts().count(), 6);
    }
}
