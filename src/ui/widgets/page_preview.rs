//! 打印预览：a document's pages drawn in the window from the same laid-out pages the PDF is
//! written from, so the clerk sees the 承诺书 or the ledger before printing, page by page, on
//! white paper. Text is drawn with the bundled font; where the PDF uses an installed official
//! font the glyphs differ a little, the layout does not.

use eframe::egui::{self, Color32, FontId, Pos2, Rect, Stroke, Vec2};
use zhenggai::report::canvas::{Document, Item, Page};

/// The share of a font size above the baseline in the bundled font, to place text drawn from
/// its top the way the PDF places it on its baseline.
const ASCENT: f32 = 0.86;

/// A document being previewed, and where the clerk is in it.
pub struct Preview {
    /// What it is, for the window's title.
    pub title: String,
    pages: Vec<Page>,
    page: usize,
    /// Whether the whole page is shown (else it is as wide as the window, to read small text).
    whole_page: bool,
}

impl Preview {
    /// The preview of `document` titled `title`, on its first page.
    pub fn new(title: String, document: Document) -> Self {
        Self {
            title,
            pages: document.pages,
            page: 0,
            whole_page: true,
        }
    }
}

/// Draws the preview window while `preview` is set; its close button, Esc and 关闭 clear it.
pub fn preview_window(ctx: &egui::Context, preview: &mut Option<Preview>) {
    let Some(shown) = preview.as_mut() else {
        return;
    };
    let mut open = true;
    let mut close = ctx.input(|input| input.key_pressed(egui::Key::Escape));
    let screen = ctx.content_rect().size();
    egui::Window::new(format!("打印预览：{}", shown.title))
        .id(egui::Id::unique("print_preview"))
        .open(&mut open)
        .collapsible(false)
        .default_size(screen * 0.9)
        .default_pos(Pos2::new(screen.x * 0.05, screen.y * 0.04))
        .show(ctx, |ui| {
            close |= toolbar_ui(ui, shown);
            ui.separator();
            egui::ScrollArea::both()
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    if let Some(page) = shown.pages.get(shown.page) {
                        page_ui(ui, page, shown.whole_page);
                    }
                });
        });
    if close || !open {
        *preview = None;
    }
}

/// The page buttons; `true` when 关闭 was clicked. PageUp and PageDown turn pages too.
fn toolbar_ui(ui: &mut egui::Ui, preview: &mut Preview) -> bool {
    let last = preview.pages.len().saturating_sub(1);
    let (back, forward) = ui.input(|input| {
        (
            input.key_pressed(egui::Key::PageUp),
            input.key_pressed(egui::Key::PageDown),
        )
    });
    let mut close = false;
    ui.horizontal(|ui| {
        if ui
            .add_enabled(preview.page > 0, egui::Button::new("上一页"))
            .clicked()
            || back
        {
            preview.page = preview.page.saturating_sub(1);
        }
        ui.label(format!(
            "第 {} 页，共 {} 页",
            preview.page + 1,
            preview.pages.len()
        ));
        if ui
            .add_enabled(preview.page < last, egui::Button::new("下一页"))
            .clicked()
            || forward
        {
            preview.page = (preview.page + 1).min(last);
        }
        ui.weak("（PageUp / PageDown 翻页）");
        let zoom = if preview.whole_page {
            "放大到页宽"
        } else {
            "整页显示"
        };
        if ui.button(zoom).clicked() {
            preview.whole_page = !preview.whole_page;
        }
        if ui.button("关闭").clicked() {
            close = true;
        }
    });
    close
}

/// Draws `page` whole in the window, or as wide as the window allows (never above its printed
/// size by more than half).
fn page_ui(ui: &mut egui::Ui, page: &Page, whole_page: bool) {
    let paper = Vec2::new(page.size.width, page.size.height);
    let room = ui.available_size() - Vec2::splat(16.0);
    let fit = if whole_page {
        (room.x / paper.x).min(room.y / paper.y)
    } else {
        room.x / paper.x
    };
    let scale = fit.clamp(0.3, 1.5);
    let (response, painter) =
        ui.allocate_painter(paper * scale + Vec2::splat(16.0), egui::Sense::hover());
    let origin = response.rect.min + Vec2::splat(8.0);
    let sheet = Rect::from_min_size(origin, paper * scale);
    painter.rect_filled(
        sheet.translate(Vec2::splat(3.0)),
        0.0,
        Color32::from_gray(170),
    );
    painter.rect_filled(sheet, 0.0, Color32::WHITE);
    let at = |x: f32, y: f32| origin + Vec2::new(x, y) * scale;
    for item in &page.items {
        draw_item(&painter, item, scale, at);
    }
}

/// The colour of a PDF grey (0.0 black, 1.0 white).
fn grey(value: f32) -> Color32 {
    Color32::from_gray((value.clamp(0.0, 1.0) * 255.0).round() as u8)
}

fn draw_item(painter: &egui::Painter, item: &Item, scale: f32, at: impl Fn(f32, f32) -> Pos2) {
    match item {
        Item::Text {
            x,
            baseline,
            size,
            text,
            grey: shade,
            ..
        } => {
            painter.text(
                at(*x, baseline - size * ASCENT),
                egui::Align2::LEFT_TOP,
                text,
                FontId::proportional(size * scale),
                grey(*shade),
            );
        }
        Item::RotatedText {
            x,
            baseline,
            size,
            degrees,
            text,
            grey: shade,
            ..
        } => {
            let galley = painter.layout_no_wrap(
                text.clone(),
                FontId::proportional(size * scale),
                grey(*shade),
            );
            let angle = -degrees.to_radians();
            // The galley turns about its top-left corner; start from the baseline's start moved
            // up by the ascent along the turned text's upright.
            let up = Vec2::new(angle.sin(), -angle.cos()) * *size * ASCENT * scale;
            let shape = egui::epaint::TextShape::new(at(*x, *baseline) + up, galley, grey(*shade))
                .with_angle(angle);
            painter.add(shape);
        }
        Item::Line {
            x1,
            y1,
            x2,
            y2,
            thickness,
        } => {
            painter.line_segment(
                [at(*x1, *y1), at(*x2, *y2)],
                Stroke::new((thickness * scale).max(0.6), Color32::BLACK),
            );
        }
        Item::Rect {
            x,
            y,
            width,
            height,
            fill,
        } => {
            let rect = Rect::from_min_size(at(*x, *y), Vec2::new(*width, *height) * scale);
            match fill {
                Some(shade) => painter.rect_filled(rect, 0.0, grey(*shade)),
                None => painter.rect_stroke(
                    rect,
                    0.0,
                    Stroke::new(0.8, Color32::BLACK),
                    egui::StrokeKind::Middle,
                ),
            };
        }
        Item::Modules {
            x,
            y,
            module,
            modules,
            grey: shade,
        } => {
            for (row, line) in modules.iter().enumerate() {
                for (column, dark) in line.iter().enumerate() {
                    if *dark {
                        let corner = at(x + column as f32 * module, y + row as f32 * module);
                        let rect = Rect::from_min_size(corner, Vec2::splat(module * scale));
                        painter.rect_filled(rect, 0.0, grey(*shade));
                    }
                }
            }
        }
    }
}
