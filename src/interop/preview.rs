//! What the import dialog shows and sets before anything is written: the workbook's ledger
//! sheets with their detected mappings, which of them to import, what each sheet's name stands
//! for, and what the chosen rows come to.

use std::path::Path;

use super::columns::{ColumnMapping, LedgerField};
use super::error::InteropResult;
use super::parse::{ParseOptions, ParsedLedger, SheetNameUse, parse_rows};
use super::read_sheet::{Grid, read_ledger_sheets};

/// A sheet with a ledger header, as the preview shows it and the clerk sets it up.
#[derive(Debug, Clone, PartialEq)]
pub struct LedgerSheet {
    /// The sheet's cells.
    pub grid: Grid,
    /// The detected mapping, which the user may correct.
    pub mapping: ColumnMapping,
    /// Whether it is imported.
    pub selected: bool,
    /// How its name fills empty fields.
    pub name_as: SheetNameUse,
}

/// What a preview shows before importing: every sheet with a ledger header, the first one
/// chosen. Others are chosen by the clerk (or `--sheet`), never by default: a workbook often
/// keeps a 汇总 sheet beside the departments' sheets in the same layout, and taking them all
/// would import every problem twice. When several are chosen, a sheet without a category column
/// lends its name as the category.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportPreview {
    /// The sheets, in the workbook's order.
    pub sheets: Vec<LedgerSheet>,
}

/// What the chosen sheets come to, for the preview's line 「600 行 → 300 个问题，600 条措施」.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PreviewCounts {
    /// Rows read into problems and measures.
    pub rows: usize,
    /// Problems.
    pub problems: usize,
    /// Measures.
    pub measures: usize,
}

impl ImportPreview {
    /// The preview of sheets found in a workbook, with the default choice made.
    pub fn new(found: Vec<(Grid, ColumnMapping)>) -> Self {
        let sheets = found
            .into_iter()
            .enumerate()
            .map(|(index, (grid, mapping))| LedgerSheet {
                selected: index == 0,
                grid,
                mapping,
                name_as: SheetNameUse::Unused,
            })
            .collect();
        Self { sheets }
    }

    /// Chooses the sheets named `names` instead of the default ones; refused, naming the
    /// sheets there are, when a name is not a ledger sheet of the workbook.
    pub fn choose(&mut self, names: &[String]) -> Result<(), String> {
        if let Some(missing) = names
            .iter()
            .find(|name| !self.sheets.iter().any(|sheet| &sheet.grid.sheet == *name))
        {
            let there: Vec<String> = self
                .sheets
                .iter()
                .map(|sheet| format!("「{}」", sheet.grid.sheet))
                .collect();
            return Err(format!(
                "没有名为「{missing}」的台账工作表；可导入的工作表有：{}",
                there.join("、")
            ));
        }
        for sheet in &mut self.sheets {
            sheet.selected = names.contains(&sheet.grid.sheet);
        }
        self.lend_sheet_names();
        Ok(())
    }

    /// Called whenever the choice of sheets changes: when several sheets are chosen, each one
    /// without a category column that does not use its name yet lends it as the category; when
    /// one is left, its name is used for nothing, as a lone sheet is often just 「Sheet1」.
    pub fn lend_sheet_names(&mut self) {
        let several = self.selected().count() > 1;
        for sheet in self.sheets.iter_mut().filter(|sheet| sheet.selected) {
            if !several {
                sheet.name_as = SheetNameUse::Unused;
            } else if sheet.name_as == SheetNameUse::Unused
                && sheet.mapping.column_of(LedgerField::Category).is_none()
            {
                sheet.name_as = SheetNameUse::Category;
            }
        }
    }

    /// The sheets chosen.
    pub fn selected(&self) -> impl Iterator<Item = &LedgerSheet> {
        self.sheets.iter().filter(|sheet| sheet.selected)
    }

    /// What the chosen sheets come to, with or without grouping repeated rows.
    pub fn counts(&self, group_repeated_rows: bool) -> PreviewCounts {
        let mut counts = PreviewCounts {
            rows: 0,
            problems: 0,
            measures: 0,
        };
        for sheet in self.selected() {
            let parsed = sheet.parse(2000, group_repeated_rows);
            counts.rows += parsed.rows_read;
            counts.problems += parsed.problems.len();
            counts.measures += parsed
                .problems
                .iter()
                .map(|problem| problem.measures.len())
                .sum::<usize>();
        }
        counts
    }

    /// Every chosen sheet's text cells rewritten as GB/T 15834 punctuates them.
    pub fn standardise_punctuation(&mut self) {
        for sheet in self.sheets.iter_mut().filter(|sheet| sheet.selected) {
            sheet.grid.standardise_punctuation();
        }
    }

    /// How many text cells of the chosen sheets have half-width punctuation between Chinese
    /// words.
    pub fn cells_needing_standard_punctuation(&self) -> usize {
        self.selected()
            .map(|sheet| sheet.grid.cells_needing_standard_punctuation())
            .sum()
    }
}

impl LedgerSheet {
    /// The sheet's rows read as its mapping and name say.
    pub(super) fn parse(&self, year: i32, group_repeated_rows: bool) -> ParsedLedger {
        parse_rows(
            &self.grid,
            &self.mapping,
            ParseOptions {
                year,
                group_repeated_rows,
                sheet_name_as: self.name_as,
            },
        )
    }
}

/// Reads the file and detects each sheet's mapping without writing anything (for a preview).
pub fn preview_xlsx(path: &Path) -> InteropResult<ImportPreview> {
    Ok(ImportPreview::new(read_ledger_sheets(path)?))
}
