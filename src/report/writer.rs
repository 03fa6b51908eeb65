//! Turns a laid-out [`Document`] into PDF bytes with printpdf: the font is embedded as a subset
//! (only the glyphs used) with a ToUnicode map, so files stay small and text can be copied and
//! searched.

use printpdf::{
    Color, Line, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Pt, Rect, Rgb, TextItem, TextMatrix,
};

use super::canvas::{Document, Grey, Item, Page};
use super::error::{ReportError, ReportResult};
use super::geometry::PT_PER_MM;

/// Writes `document` with the font files in `faces` (indexed as the items' `face`: the same
/// fonts its layout was measured with). Only the faces the document uses are embedded. The
/// document is consumed page by page, so a ledger of thousands of pages is not held twice.
pub fn write_pdf(document: Document, faces: &[&[u8]]) -> ReportResult<Vec<u8>> {
    let mut pdf = PdfDocument::new(&document.title);
    let mut used = vec![false; faces.len().max(1)];
    for item in document.pages.iter().flat_map(|page| &page.items) {
        if let Item::Text { face, .. } | Item::RotatedText { face, .. } = item
            && let Some(slot) = used.get_mut(*face)
        {
            *slot = true;
        }
    }
    let mut handles = Vec::with_capacity(faces.len());
    for (index, bytes) in faces.iter().enumerate() {
        if !used[index] {
            handles.push(None);
            continue;
        }
        let mut font_warnings = Vec::new();
        let font = ParsedFont::from_bytes(bytes, 0, &mut font_warnings)
            .ok_or_else(|| ReportError::Font(format!("第 {} 个字体文件无法解析", index + 1)))?;
        handles.push(Some(PdfFontHandle::External(pdf.add_font(&font))));
    }
    // A face index with no font (which layout never produces) falls back to the first font.
    let fallback = handles.iter().flatten().next().cloned();
    let fonts: Vec<Option<PdfFontHandle>> = handles
        .into_iter()
        .map(|handle| handle.or_else(|| fallback.clone()))
        .collect();
    let pages = document
        .pages
        .into_iter()
        .map(|page| {
            let (width, height) = (page.size.width, page.size.height);
            PdfPage::new(
                Mm(width / PT_PER_MM),
                Mm(height / PT_PER_MM),
                page_ops(page, &fonts),
            )
        })
        .collect();
    let options = PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    Ok(pdf.with_pages(pages).save(&options, &mut warnings))
}

/// Stroke width of outlined rectangles.
const RECT_OUTLINE: f32 = 0.6;

fn grey(level: Grey) -> Color {
    Color::Rgb(Rgb {
        r: level,
        g: level,
        b: level,
        icc_profile: None,
    })
}

fn point(x: f32, y: f32) -> LinePoint {
    LinePoint {
        p: Point { x: Pt(x), y: Pt(y) },
        bezier: false,
    }
}

/// Text state carried between consecutive text runs, so one text section holds many runs and
/// the font and colour are only set when they change.
#[derive(Default)]
struct TextState {
    open: bool,
    font: Option<(usize, f32)>,
    grey: Option<Grey>,
}

impl TextState {
    /// Opens a text section if needed and selects `face` at `size` in `level` grey. Returns
    /// false when the face has no font (nothing can be drawn).
    fn begin(
        &mut self,
        ops: &mut Vec<Op>,
        fonts: &[Option<PdfFontHandle>],
        face: usize,
        size: f32,
        level: Grey,
    ) -> bool {
        let Some(font) = fonts.get(face).or_else(|| fonts.first()).cloned().flatten() else {
            return false;
        };
        if !self.open {
            ops.push(Op::StartTextSection);
            self.open = true;
            self.font = None;
        }
        if self.font != Some((face, size)) {
            ops.push(Op::SetFont {
                font,
                size: Pt(size),
            });
            self.font = Some((face, size));
        }
        if self.grey != Some(level) {
            ops.push(Op::SetFillColor { col: grey(level) });
            self.grey = Some(level);
        }
        true
    }

    fn end(&mut self, ops: &mut Vec<Op>) {
        if self.open {
            ops.push(Op::EndTextSection);
            self.open = false;
        }
    }
}

fn page_ops(page: Page, fonts: &[Option<PdfFontHandle>]) -> Vec<Op> {
    let height = page.size.height;
    let mut ops = vec![Op::SetOutlineColor { col: grey(0.0) }];
    let mut text = TextState::default();
    // The stroke width is only set when it changes: table rules repeat one width thousands of
    // times.
    let mut thickness: Option<f32> = None;
    for item in page.items {
        match item {
            Item::Text {
                x,
                baseline,
                size,
                text: content,
                grey: level,
                face,
                ..
            } => {
                if content.is_empty() || !text.begin(&mut ops, fonts, face, size, level) {
                    continue;
                }
                ops.push(Op::SetTextMatrix {
                    matrix: TextMatrix::Translate(Pt(x), Pt(height - baseline)),
                });
                ops.push(Op::ShowText {
                    items: vec![TextItem::Text(content)],
                });
            }
            Item::RotatedText {
                x,
                baseline,
                size,
                degrees,
                text: content,
                grey: level,
                face,
            } => {
                if !text.begin(&mut ops, fonts, face, size, level) {
                    continue;
                }
                ops.push(Op::SetTextMatrix {
                    matrix: TextMatrix::TranslateRotate(Pt(x), Pt(height - baseline), degrees),
                });
                ops.push(Op::ShowText {
                    items: vec![TextItem::Text(content)],
                });
            }
            Item::Line {
                x1,
                y1,
                x2,
                y2,
                thickness: line_width,
            } => {
                text.end(&mut ops);
                if thickness != Some(line_width) {
                    ops.push(Op::SetOutlineThickness { pt: Pt(line_width) });
                    thickness = Some(line_width);
                }
                ops.push(Op::DrawLine {
                    line: Line {
                        points: vec![point(x1, height - y1), point(x2, height - y2)],
                        is_closed: false,
                    },
                });
            }
            Item::Rect {
                x,
                y,
                width,
                height: rect_height,
                fill,
            } => {
                text.end(&mut ops);
                if let Some(level) = fill {
                    ops.push(Op::SetFillColor { col: grey(level) });
                    text.grey = Some(level);
                } else if thickness != Some(RECT_OUTLINE) {
                    ops.push(Op::SetOutlineThickness {
                        pt: Pt(RECT_OUTLINE),
                    });
                    thickness = Some(RECT_OUTLINE);
                }
                ops.push(Op::DrawRectangle {
                    rectangle: Rect {
                        x: Pt(x),
                        y: Pt(height - y - rect_height),
                        width: Pt(width),
                        height: Pt(rect_height),
                        mode: Some(if fill.is_some() {
                            PaintMode::Fill
                        } else {
                            PaintMode::Stroke
                        }),
                        winding_order: None,
                    },
                });
            }
            Item::Modules {
                x,
                y,
                module,
                modules,
            } => {
                text.end(&mut ops);
                ops.push(Op::SetFillColor { col: grey(0.0) });
                text.grey = Some(0.0);
                modules_ops(&mut ops, height, x, y, module, &modules);
            }
        }
    }
    text.end(&mut ops);
    ops
}

/// Fills each horizontal run of dark modules as one rectangle (fewer operators than one square
/// per module, and no hairline seams between neighbours).
fn modules_ops(ops: &mut Vec<Op>, height: f32, x: f32, y: f32, module: f32, rows: &[Vec<bool>]) {
    for (row_index, row) in rows.iter().enumerate() {
        let top = y + row_index as f32 * module;
        let mut column = 0;
        while column < row.len() {
            if !row[column] {
                column += 1;
                continue;
            }
            let start = column;
            while column < row.len() && row[column] {
                column += 1;
            }
            ops.push(Op::DrawRectangle {
                rectangle: Rect {
                    x: Pt(x + start as f32 * module),
                    y: Pt(height - top - module),
                    width: Pt((column - start) as f32 * module),
                    height: Pt(module),
                    mode: Some(PaintMode::Fill),
                    winding_order: None,
                },
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::canvas::Pen;
    use crate::report::font::{BUNDLED_FONT_TTF, FontMetrics};
    use crate::report::geometry::PageSize;

    #[test]
    fn writes_a_small_document_with_a_subset_font() {
        let metrics = FontMetrics::bundled().unwrap();
        let pen = Pen {
            metrics: &metrics,
            face: 0,
        };
        let mut page = Page::new(PageSize::a4_portrait());
        page.items
            .push(pen.text(72.0, 100.0, 16.0, "某县行政审批局整改承诺书"));
        page.items
            .push(pen.text(72.0, 130.0, 12.0, "第 1 页 共 1 页,ABC 123。"));
        let document = Document {
            title: "测试".into(),
            pages: vec![page],
        };
        let bytes = write_pdf(document, &[BUNDLED_FONT_TTF]).unwrap();
        assert!(bytes.starts_with(b"%PDF-"));
        // The full font is over 20 MB; a subset of two dozen glyphs is a few kilobytes.
        assert!(bytes.len() < 200_000, "{} bytes", bytes.len());
        if let Ok(path) = std::env::var("ZHENGGAI_SPIKE_PDF") {
            std::fs::write(path, &bytes).unwrap();
        }
    }
}
