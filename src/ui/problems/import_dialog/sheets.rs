//! The import dialog's choices beyond the columns: which sheets of a workbook to import (one
//! sheet per category or department), what each sheet's name stands for, and whether a flat
//! ledger's repeated problem rows are grouped, with what the choice comes to in rows, problems
//! and measures.

use eframe::egui;
use zhenggai::interop::{ImportPreview, PreviewCounts, SheetNameUse};

/// What the chosen sheets come to with grouping on and off, worked out again only when the
/// choices change (a 50,000-row sheet takes a moment to parse).
#[derive(Default)]
pub struct CountsCache {
    counts: Option<(PreviewCounts, PreviewCounts)>,
}

impl CountsCache {
    /// The counts of `preview`, worked out now.
    pub fn of(preview: &ImportPreview) -> Self {
        let mut cache = Self::default();
        cache.get(preview);
        cache
    }

    /// Forgets the counts: the sheets, a mapping or the choice of sheets changed.
    pub fn invalidate(&mut self) {
        self.counts = None;
    }

    /// The counts (grouped, each row apart) of `preview`.
    fn get(&mut self, preview: &ImportPreview) -> (PreviewCounts, PreviewCounts) {
        *self
            .counts
            .get_or_insert_with(|| (preview.counts(true), preview.counts(false)))
    }
}

/// The list of the workbook's ledger sheets, when it has more than one: a tick to import each,
/// what its name stands for, and a button to check its columns below. Returns whether a choice
/// changed.
pub fn sheets_ui(ui: &mut egui::Ui, preview: &mut ImportPreview, shown: &mut usize) -> bool {
    if preview.sheets.len() < 2 {
        return false;
    }
    let mut changed = false;
    let mut ticked = false;
    ui.label(format!(
        "工作簿中有 {} 个台账工作表，勾选要导入的（汇总表和分表不要同时勾选，以免重复导入）：",
        preview.sheets.len()
    ));
    egui::ScrollArea::vertical()
        .id_salt("import_sheets")
        .max_height(110.0)
        .show(ui, |ui| {
            egui::Grid::new("import_sheets_grid").show(ui, |ui| {
                for (index, sheet) in preview.sheets.iter_mut().enumerate() {
                    let rows = sheet
                        .grid
                        .rows
                        .len()
                        .saturating_sub(sheet.mapping.data_start);
                    ticked |= ui
                        .checkbox(
                            &mut sheet.selected,
                            format!("{}（{rows} 行）", sheet.grid.sheet),
                        )
                        .changed();
                    ui.add_enabled_ui(sheet.selected, |ui| {
                        let before = sheet.name_as;
                        egui::ComboBox::from_id_salt(("import_sheet_name_as", index))
                            .width(130.0)
                            .selected_text(sheet.name_as.label())
                            .show_ui(ui, |ui| {
                                for choice in [
                                    SheetNameUse::Unused,
                                    SheetNameUse::Category,
                                    SheetNameUse::Division,
                                ] {
                                    ui.selectable_value(&mut sheet.name_as, choice, choice.label());
                                }
                            });
                        changed |= sheet.name_as != before;
                    });
                    if ui
                        .selectable_label(*shown == index, "核对各列")
                        .on_hover_text("在下方显示这个工作表的各列")
                        .clicked()
                    {
                        *shown = index;
                    }
                    ui.end_row();
                }
            });
        });
    if ticked {
        preview.lend_sheet_names();
    }
    changed || ticked
}

/// The line 「600 行 → 300 个问题，600 条措施」 for the chosen sheets and, when grouping the
/// repeated rows of a flat ledger makes a difference, the tick that switches it off.
pub fn grouping_ui(
    ui: &mut egui::Ui,
    preview: &ImportPreview,
    cache: &mut CountsCache,
    keep_rows_apart: &mut bool,
) {
    let (grouped, apart) = cache.get(preview);
    if grouped != apart {
        let mut group = !*keep_rows_apart;
        ui.checkbox(
            &mut group,
            "合并重复的问题行：相邻行的问题表现相同、编号相同或未填时，归为一个问题（每行一条措施）",
        );
        *keep_rows_apart = !group;
    }
    let counts = if *keep_rows_apart { apart } else { grouped };
    ui.label(format!(
        "将导入：{} 行 → {} 个问题，{} 条措施",
        counts.rows, counts.problems, counts.measures
    ));
}
