//! Turns a laid-out [`Document`] into PDF bytes with printpdf: the font is embedded as a subset
//! (only the glyphs used) with a ToUnicode map, so files stay small and text can be copied and
//! searched.

use printpdf::{
    Color, Line, LinePoint, Mm, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions,
    Point, Pt, Rect, Rgb, TextItem, TextMatrix,
};

use super::canvas::{Document, Grey, Item, Page};
use super::error::ReportResult;
use super::font::FontMetrics;
use super::fonts::FontSet;
use super::geometry::PT_PER_MM;

/// A font embedded in the PDF, with the metrics the pen advances by over its text.
struct Embedded<'a> {
    handle: PdfFontHandle,
    metrics: &'a FontMetrics,
}

/// The embedded fonts, and which one draws each face of the layout.
struct Fonts<'a> {
    embedded: Vec<Embedded<'a>>,
    /// For each face index, its embedded font; `None` for a face the document never uses.
    by_face: Vec<Option<usize>>,
}

impl Fonts<'_> {
    /// The font drawing `face`; a face with no font (which layout never produces) falls back
    /// to the first embedded font.
    fn get(&self, face: usize) -> Option<&Embedded<'_>> {
        let index = self.by_face.get(face).copied().flatten().unwrap_or(0);
        self.embedded.get(index)
    }
}

/// Writes `document` with the fonts of `fonts` (indexed as the items' `face`: the same fonts
/// its layout was measured with). Only the faces the document uses are embedded. The document
/// is consumed page by page, so a ledger of thousands of pages is not held twice.
pub fn write_pdf(document: Document, fonts: &FontSet) -> ReportResult<Vec<u8>> {
    let faces = fonts.faces();
    let mut pdf = PdfDocument::new(&document.title);
    let mut used = vec![false; faces.len().max(1)];
    for item in document.pages.iter().flat_map(|page| &page.items) {
        if let Item::Text { face, .. } | Item::RotatedText { face, .. } = item
            && let Some(slot) = used.get_mut(*face)
        {
            *slot = true;
        }
    }
    let mut embedded = Fonts {
        embedded: Vec::new(),
        by_face: Vec::with_capacity(faces.len()),
    };
    for (index, face) in faces.iter().enumerate() {
        if !used[index] {
            embedded.by_face.push(None);
            continue;
        }
        embedded.by_face.push(Some(embedded.embedded.len()));
        embedded.embedded.push(Embedded {
            handle: PdfFontHandle::External(pdf.add_font(face.parsed()?)),
            metrics: &face.metrics,
        });
    }
    // Every page's operators stay in memory until printpdf has written the whole file, so each
    // page keeps an exactly sized list: the operators are gathered in one reused buffer and
    // moved out, rather than each page keeping a doubled-up vector's spare capacity (about a
    // third of the operators' memory for a ledger of thousands of pages).
    let mut scratch = Vec::new();
    let pages = document
        .pages
        .into_iter()
        .map(|page| {
            let (width, height) = (page.size.width, page.size.height);
            page_ops(page, &embedded, &mut scratch);
            // `append` moves the operators and leaves the buffer's capacity for the next page.
            let mut ops = Vec::with_capacity(scratch.len());
            ops.append(&mut scratch);
            PdfPage::new(Mm(width / PT_PER_MM), Mm(height / PT_PER_MM), ops)
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
        fonts: &Fonts,
        face: usize,
        size: f32,
        level: Grey,
    ) -> bool {
        let Some(font) = fonts.get(face).map(|embedded| embedded.handle.clone()) else {
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

/// A text run waiting to be written with the runs around it.
struct RunText {
    x: f32,
    baseline: f32,
    size: f32,
    text: String,
    grey: Grey,
    face: usize,
}

/// Baselines closer than this (points) are one line: far below anything visible.
const SAME_BASELINE: f32 = 0.001;

/// Writes consecutive text runs (nothing else is painted between them), one text operator per
/// line of the page: the runs sharing a baseline, font, size and colour (a table row's cells)
/// become one `TJ` whose numbers move the pen across the gaps between them. Each glyph lands
/// where a text matrix of its own would have put it, as the gaps are measured with the
/// advances the PDF's width table gives the viewer; but a ledger page needs a few dozen
/// operators instead of hundreds, and printpdf holds every page's operators until the whole
/// file is written. Runs do not overlap, so the order they are painted in does not show.
fn text_run_ops(
    ops: &mut Vec<Op>,
    state: &mut TextState,
    fonts: &Fonts,
    height: f32,
    mut runs: Vec<RunText>,
) {
    runs.sort_by(|a, b| {
        a.face
            .cmp(&b.face)
            .then(a.grey.total_cmp(&b.grey))
            .then(a.size.total_cmp(&b.size))
            .then(a.baseline.total_cmp(&b.baseline))
            .then(a.x.total_cmp(&b.x))
    });
    let mut runs = runs.into_iter().peekable();
    while let Some(first) = runs.next() {
        let Some(font) = fonts.get(first.face) else {
            continue;
        };
        let mut pen = first.x + font.metrics.pdf_advance(&first.text, first.size);
        let mut items = vec![TextItem::Text(first.text)];
        while let Some(next) = runs.next_if(|next| {
            next.face == first.face
                && next.size.total_cmp(&first.size).is_eq()
                && next.grey.total_cmp(&first.grey).is_eq()
                && (next.baseline - first.baseline).abs() < SAME_BASELINE
        }) {
            let gap = next.x - pen;
            if gap.abs() > 1e-4 {
                // A TJ number moves the pen left by thousandths of the font size.
                items.push(TextItem::Offset(-gap * 1000.0 / first.size));
            }
            pen = next.x + font.metrics.pdf_advance(&next.text, next.size);
            items.push(TextItem::Text(next.text));
        }
        if !state.begin(ops, fonts, first.face, first.size, first.grey) {
            continue;
        }
        ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(Pt(first.x), Pt(height - first.baseline)),
        });
        ops.push(Op::ShowText { items });
    }
}

/// Puts the operators drawing `page` into `ops` (emptied first).
fn page_ops(page: Page, fonts: &Fonts, ops: &mut Vec<Op>) {
    let height = page.size.height;
    ops.clear();
    ops.push(Op::SetOutlineColor { col: grey(0.0) });
    let mut text = TextState::default();
    // The stroke width is only set when it changes: table rules repeat one width thousands of
    // times.
    let mut thickness: Option<f32> = None;
    let mut runs = Vec::new();
    for item in page.items {
        if let Item::Text {
            x,
            baseline,
            size,
            text: content,
            grey: level,
            face,
            ..
        } = item
        {
            if !content.is_empty() {
                runs.push(RunText {
                    x,
                    baseline,
                    size,
                    text: content,
                    grey: level,
                    face,
                });
            }
            continue;
        }
        if !runs.is_empty() {
            text_run_ops(ops, &mut text, fonts, height, std::mem::take(&mut runs));
        }
        match item {
            Item::Text { .. } => {}
            Item::RotatedText {
                x,
                baseline,
                size,
                degrees,
                text: content,
                grey: level,
                face,
            } => {
                if !text.begin(ops, fonts, face, size, level) {
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
                text.end(ops);
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
                text.end(ops);
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
                grey: level,
            } => {
                text.end(ops);
                ops.push(Op::SetFillColor { col: grey(level) });
                text.grey = Some(level);
                modules_ops(ops, height, x, y, module, &modules);
            }
        }
    }
    if !runs.is_empty() {
        text_run_ops(ops, &mut text, fonts, height, runs);
    }
    text.end(ops);
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
    use crate::report::geometry::PageSize;

    #[test]
    fn dark_modules_are_filled_as_runs_covering_exactly_them() {
        let rows = vec![
            vec![true, true, false, true],
            vec![false, true, true, true],
            vec![false, false, false, false],
        ];
        let dark = rows.iter().flatten().filter(|dark| **dark).count();
        let mut ops = Vec::new();
        modules_ops(&mut ops, 800.0, 10.0, 20.0, 2.0, &rows);
        let mut covered = 0.0;
        for op in &ops {
            let Op::DrawRectangle { rectangle } = op else {
                panic!("not a rectangle: {op:?}");
            };
            assert_eq!(rectangle.mode, Some(PaintMode::Fill));
            assert!(rectangle.x.0 >= 10.0 && (rectangle.height.0 - 2.0).abs() < 1e-6);
            covered += rectangle.width.0 / 2.0;
        }
        assert!((covered - dark as f32).abs() < 1e-3);
        assert!(ops.len() < dark, "runs join neighbouring modules");
    }

    #[test]
    fn writes_a_small_document_with_a_subset_font() {
        let fonts = FontSet::bundled().unwrap();
        let pen = fonts.pens(false).default;
        let mut page = Page::new(PageSize::a4_portrait());
        page.items
            .push(pen.text(72.0, 100.0, 16.0, "某县行政审批局整改承诺书"));
        page.items
            .push(pen.text(72.0, 130.0, 12.0, "第 1 页 共 1 页，ABC 123。"));
        let document = Document {
            title: "测试".into(),
            pages: vec![page],
        };
        let bytes = write_pdf(document, &fonts).unwrap();
        assert!(bytes.starts_with(b"%PDF-"));
        // The full font is over 20 MB; a subset of two dozen glyphs is a few kilobytes.
        assert!(bytes.len() < 200_000, "{} bytes", bytes.len());
        if let Ok(path) = std::env::var("ZHENGGAI_SPIKE_PDF") {
            std::fs::write(path, &bytes).unwrap();
        }
    }
}
