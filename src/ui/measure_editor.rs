//! The measure editor: a measure's fields, its progress notes and evidence, 延期 and 销号.

use eframe::egui;
use zhenggai::domain::MeasureId;

use super::session::Session;

/// An open measure editor.
pub struct MeasureEditor {
    /// The measure being edited.
    pub measure_id: MeasureId,
}

impl MeasureEditor {
    /// Opens the editor on a measure.
    pub fn open(measure_id: MeasureId) -> Self {
        Self { measure_id }
    }
}

/// Draws the editor inside `ui` (the problem list puts it in a side panel or window); returns
/// `false` when the user closed it.
pub fn measure_editor_ui(
    ui: &mut egui::Ui,
    editor: &mut MeasureEditor,
    session: &mut Session,
) -> bool {
    let Some(measure) = session.workbook.measure(editor.measure_id) else {
        ui.label("这条措施已被删除。");
        return false;
    };
    ui.heading("整改措施");
    ui.label(&measure.content);
    !ui.button("关闭").clicked()
}
