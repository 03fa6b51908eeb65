//! An official document as a Word file the office goes on editing: A4 portrait with the
//! GB/T 9704-2012 margins, real Word styles for the title, the body（正文） and the two heading
//! levels, table captions and table text, each naming the typeface offices set it in
//! （方正小标宋简体、仿宋、黑体、楷体） so WPS and Word show those names, tables as Word tables,
//! and the page number centred in the footer as 「— 1 —」.
//!
//! The styles use Word's own ids (Normal, Title, Heading1 …), which Chinese Word and WPS show
//! as 正文、标题、标题 1 …, so the office's own templates and 格式刷 apply to them.

use docx_rs::{
    AlignmentType, BreakType, Docx, Footer, LineSpacing, LineSpacingType, PageMargin, PageNum,
    Paragraph, Run, RunFonts, SpecialIndentType, Style, StyleType, Table, TableAlignmentType,
    TableCell, TableCellMargins, TableRow, VAlignType, VMergeType, WidthType,
};

use crate::report::error::{ReportError, ReportResult};
use crate::report::table::{Align, Table as ReportTable};

/// Twips (1/20 point) in a millimetre.
const TWIPS_PER_MM: f32 = 1440.0 / 25.4;
/// A4 in twips.
const A4_WIDTH: u32 = 11906;
const A4_HEIGHT: u32 = 16838;
/// GB/T 9704 margins in millimetres: top 37, bottom 35, left 28, right 26.
const MARGINS_MM: [f32; 4] = [37.0, 35.0, 28.0, 26.0];
/// The body size in half-points（三号，16 pt）.
const BODY_HALF_POINTS: usize = 32;
/// The title size in half-points（二号，22 pt）.
const TITLE_HALF_POINTS: usize = 44;
/// Table text in half-points（五号，10.5 pt）.
const TABLE_HALF_POINTS: usize = 21;
/// Captions in half-points（小四，12 pt）.
const CAPTION_HALF_POINTS: usize = 24;
/// GB/T 9704 sets 22 lines on the 225 mm type area: an exact line of 225/22 mm, in twips.
const BODY_LINE_TWIPS: i32 = 580;
/// Two characters of body text, the first-line indent of Chinese prose, in twips.
const INDENT_TWIPS: i32 = 640;

/// The typefaces, by the names WPS and Word list them under.
const FANGSONG: &str = "仿宋";
const HEITI: &str = "黑体";
const KAITI: &str = "楷体";
const XIAOBIAOSONG: &str = "方正小标宋简体";
const SONGTI: &str = "宋体";
/// The face of digits and Latin letters.
const LATIN: &str = "Times New Roman";

/// The style ids used in the document.
const NORMAL: &str = "Normal";
const TITLE: &str = "Title";
const SUBTITLE: &str = "Subtitle";
const HEADING_1: &str = "Heading1";
const HEADING_2: &str = "Heading2";
const CAPTION: &str = "Caption";
const TABLE_TEXT: &str = "TableText";
const TABLE_GRID: &str = "TableGrid";

/// Text the office still has to write, shown highlighted so it is not printed by mistake.
const PLACEHOLDER_HIGHLIGHT: &str = "yellow";

/// Fonts naming `east_asia` for Chinese and [`LATIN`] for the rest.
fn fonts(east_asia: &str) -> RunFonts {
    RunFonts::new()
        .east_asia(east_asia)
        .ascii(LATIN)
        .hi_ansi(LATIN)
        .cs(LATIN)
}

/// Millimetres in twips.
fn twips(mm: f32) -> i32 {
    (mm * TWIPS_PER_MM).round() as i32
}

/// The width of the type area in twips.
fn content_width() -> usize {
    let [_, _, left, right] = MARGINS_MM;
    (A4_WIDTH as i32 - twips(left) - twips(right)).max(0) as usize
}

/// A run of `text`, its line breaks kept as Word line breaks.
fn run_of(text: &str) -> Run {
    let mut run = Run::new();
    for (index, line) in text.split('\n').enumerate() {
        if index > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        run = run.add_text(line);
    }
    run
}

/// Prose as the PDF sets it starts with two ideographic spaces; the Word style indents instead.
fn without_indent(text: &str) -> &str {
    text.trim_start_matches('\u{3000}')
}

/// A document being written, top to bottom.
pub struct OfficialDocx {
    docx: Docx,
}

impl OfficialDocx {
    /// An empty document with the page, the styles and the footer set up.
    pub fn new() -> Self {
        let [top, bottom, left, right] = MARGINS_MM;
        let exact = |twips: i32| {
            LineSpacing::new()
                .line_rule(LineSpacingType::Exact)
                .line(twips)
        };
        let paragraph = |id: &str, name: &str, face: &str, size: usize| {
            Style::new(id, StyleType::Paragraph)
                .name(name)
                .based_on(NORMAL)
                .next(NORMAL)
                .fonts(fonts(face))
                .size(size)
                .q_format(true)
        };
        let footer = Footer::new().add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .fonts(fonts(SONGTI))
                .size(28)
                .add_run(Run::new().add_text("— "))
                .add_page_num(PageNum::new())
                .add_run(Run::new().add_text(" —")),
        );
        let docx = Docx::new()
            .page_size(A4_WIDTH, A4_HEIGHT)
            .page_margin(
                PageMargin::new()
                    .top(twips(top))
                    .bottom(twips(bottom))
                    .left(twips(left))
                    .right(twips(right))
                    .header(twips(15.0))
                    .footer(twips(20.0)),
            )
            // docx-rs always writes an empty Normal style, so the body's face, size and exact
            // line are set as the document's defaults, which Normal（正文） takes.
            .default_fonts(fonts(FANGSONG))
            .default_size(BODY_HALF_POINTS)
            .default_line_spacing(exact(BODY_LINE_TWIPS))
            .add_style(
                paragraph(TITLE, "Title", XIAOBIAOSONG, TITLE_HALF_POINTS)
                    .align(AlignmentType::Center)
                    .indent(None, Some(SpecialIndentType::FirstLine(0)), None, None)
                    .line_spacing(
                        LineSpacing::new()
                            .line_rule(LineSpacingType::Auto)
                            .line(240)
                            .after(300),
                    ),
            )
            .add_style(
                paragraph(SUBTITLE, "Subtitle", KAITI, BODY_HALF_POINTS)
                    .align(AlignmentType::Center)
                    .indent(None, Some(SpecialIndentType::FirstLine(0)), None, None),
            )
            .add_style(
                paragraph(HEADING_1, "heading 1", HEITI, BODY_HALF_POINTS)
                    .indent(
                        None,
                        Some(SpecialIndentType::FirstLine(INDENT_TWIPS)),
                        None,
                        None,
                    )
                    .outline_lvl(0),
            )
            .add_style(
                paragraph(HEADING_2, "heading 2", KAITI, BODY_HALF_POINTS)
                    .indent(
                        None,
                        Some(SpecialIndentType::FirstLine(INDENT_TWIPS)),
                        None,
                        None,
                    )
                    .outline_lvl(1),
            )
            .add_style(
                paragraph(CAPTION, "caption", HEITI, CAPTION_HALF_POINTS)
                    .align(AlignmentType::Center)
                    .indent(None, Some(SpecialIndentType::FirstLine(0)), None, None)
                    .line_spacing(
                        LineSpacing::new()
                            .line_rule(LineSpacingType::Auto)
                            .line(300)
                            .before(120),
                    ),
            )
            .add_style(
                paragraph(TABLE_TEXT, "表格文字", FANGSONG, TABLE_HALF_POINTS)
                    .indent(None, Some(SpecialIndentType::FirstLine(0)), None, None)
                    .line_spacing(
                        LineSpacing::new()
                            .line_rule(LineSpacingType::Auto)
                            .line(260),
                    ),
            )
            .add_style(Style::new(TABLE_GRID, StyleType::Table).name("Table Grid"))
            .footer(footer);
        Self { docx }
    }

    fn push(&mut self, paragraph: Paragraph) {
        let docx = std::mem::take(&mut self.docx);
        self.docx = docx.add_paragraph(paragraph);
    }

    /// The title（标题） centred.
    pub fn title(&mut self, text: &str) {
        self.push(Paragraph::new().style(TITLE).add_run(run_of(text)));
    }

    /// A centred line under the title set in 楷体 such as 「（截至2026年6月30日）」.
    pub fn subtitle(&mut self, text: &str) {
        self.push(Paragraph::new().style(SUBTITLE).add_run(run_of(text)));
    }

    /// A first-level heading（一、）in 黑体.
    pub fn heading1(&mut self, text: &str) {
        self.push(
            Paragraph::new()
                .style(HEADING_1)
                .keep_next(true)
                .add_run(run_of(text)),
        );
    }

    /// A second-level heading（（一））in 楷体.
    pub fn heading2(&mut self, text: &str) {
        self.push(
            Paragraph::new()
                .style(HEADING_2)
                .keep_next(true)
                .add_run(run_of(text)),
        );
    }

    /// A body paragraph（正文） justified with its first line indented two characters.
    pub fn paragraph(&mut self, text: &str) {
        self.push(
            Paragraph::new()
                .style(NORMAL)
                .align(AlignmentType::Both)
                .indent(
                    None,
                    Some(SpecialIndentType::FirstLine(INDENT_TWIPS)),
                    None,
                    None,
                )
                .add_run(run_of(without_indent(text))),
        );
    }

    /// A body paragraph not indented, such as the salutation（称谓）.
    pub fn flush_paragraph(&mut self, text: &str) {
        self.push(Paragraph::new().style(NORMAL).add_run(run_of(text)));
    }

    /// A paragraph the office is to write, its prompt highlighted in 楷体.
    pub fn placeholder(&mut self, prompt: &str) {
        self.push(
            Paragraph::new()
                .style(NORMAL)
                .indent(
                    None,
                    Some(SpecialIndentType::FirstLine(INDENT_TWIPS)),
                    None,
                    None,
                )
                .add_run(
                    run_of(&format!("【{prompt}】"))
                        .fonts(fonts(KAITI))
                        .highlight(PLACEHOLDER_HIGHLIGHT),
                ),
        );
    }

    /// A table's caption, centred above it and kept with it.
    pub fn caption(&mut self, text: &str) {
        self.push(
            Paragraph::new()
                .style(CAPTION)
                .keep_next(true)
                .add_run(run_of(text)),
        );
    }

    /// A note under a table, in the table's size.
    pub fn note(&mut self, text: &str) {
        self.push(Paragraph::new().style(TABLE_TEXT).add_run(run_of(text)));
    }

    /// Lines set to the right, ending two characters from the right margin: the closing（落款）
    /// or the block for signature and seal.
    pub fn right_lines(&mut self, lines: &[&str]) {
        for line in lines {
            self.push(
                Paragraph::new()
                    .style(NORMAL)
                    .align(AlignmentType::Right)
                    .indent(
                        None,
                        Some(SpecialIndentType::FirstLine(0)),
                        Some(INDENT_TWIPS),
                        None,
                    )
                    .keep_next(true)
                    .add_run(run_of(line)),
            );
        }
    }

    /// An appendix（附件） on a new page: 「附件」 flush left in 黑体 and then its title.
    pub fn appendix(&mut self, title: &str) {
        self.push(
            Paragraph::new()
                .style(HEADING_1)
                .indent(None, Some(SpecialIndentType::FirstLine(0)), None, None)
                .page_break_before(true)
                .add_run(run_of("附件")),
        );
        self.title(title);
    }

    /// An empty body line.
    pub fn blank_line(&mut self) {
        self.push(Paragraph::new().style(NORMAL));
    }

    /// `table` as a Word table across the type area: the header row in 黑体 and the columns as wide
    /// as their weights say, each cell aligned as the column is.
    pub fn table(&mut self, table: &ReportTable) {
        let total: f32 = table.columns.iter().map(|column| column.weight).sum();
        let width = content_width();
        let widths: Vec<usize> = table
            .columns
            .iter()
            .map(|column| {
                if total > 0.0 {
                    (column.weight / total * width as f32).round() as usize
                } else {
                    width / table.columns.len().max(1)
                }
            })
            .collect();
        let cell = |text: &str, column: usize, header: bool| {
            let align = if header {
                AlignmentType::Center
            } else {
                match table.columns.get(column).map(|column| column.align) {
                    Some(Align::Centre) => AlignmentType::Center,
                    _ => AlignmentType::Left,
                }
            };
            let mut run = run_of(text);
            if header {
                run = run.fonts(fonts(HEITI));
            }
            TableCell::new()
                .width(widths.get(column).copied().unwrap_or(0), WidthType::Dxa)
                .vertical_align(VAlignType::Center)
                .add_paragraph(Paragraph::new().style(TABLE_TEXT).align(align).add_run(run))
        };
        let mut rows = vec![
            TableRow::new(
                table
                    .columns
                    .iter()
                    .enumerate()
                    .map(|(index, column)| cell(&column.title, index, true))
                    .collect(),
            )
            .cant_split(),
        ];
        // A group's spanning cells are merged down its rows, as the PDF draws them.
        let spans = table.span_columns;
        for group in &table.groups {
            for (line, row) in group.rows.iter().enumerate() {
                let spanning = (0..spans).map(|index| {
                    let text = group.spanning.get(index).map_or("", String::as_str);
                    if line == 0 {
                        cell(text, index, false).vertical_merge(VMergeType::Restart)
                    } else {
                        cell("", index, false).vertical_merge(VMergeType::Continue)
                    }
                });
                let rest = row
                    .iter()
                    .enumerate()
                    .map(|(index, text)| cell(text, spans + index, false));
                rows.push(TableRow::new(spanning.chain(rest).collect()).cant_split());
            }
        }
        let docx = std::mem::take(&mut self.docx);
        self.docx = docx.add_table(
            Table::new(rows)
                .style(TABLE_GRID)
                .set_grid(widths)
                .width(width, WidthType::Dxa)
                .align(TableAlignmentType::Center)
                .margins(TableCellMargins::new().margin(40, 80, 40, 80)),
        );
    }

    /// The document as the bytes of a .docx file.
    pub fn finish(self) -> ReportResult<Vec<u8>> {
        let mut bytes = std::io::Cursor::new(Vec::new());
        self.docx
            .build()
            .pack(&mut bytes)
            .map_err(|err| ReportError::Docx(err.to_string()))?;
        Ok(bytes.into_inner())
    }
}
