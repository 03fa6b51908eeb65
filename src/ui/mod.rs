//! The desktop app (eframe/egui). It reaches the core only through the library's public API:
//! it reads domain types from the store and edits through commands.

mod aggregate;
mod aggregate_drill;
mod aggregate_import;
mod app;
mod backups_panel;
mod bar_chart;
mod bundle_export;
mod campaign_form;
mod chart_text;
mod close_out_dialog;
mod commitments;
mod dialog;
mod due_list;
mod evidence_panel;
mod export_panel;
mod extension_dialog;
mod fonts;
mod image_preview;
mod ime_guard;
mod import_dialog;
mod measure_editor;
mod measure_form;
mod nav;
mod overview;
mod pending_edit;
mod phase_timeline;
mod problem_editor;
mod problem_filters;
mod problem_form;
mod problem_measures;
mod problem_picker;
mod problem_table;
mod problems;
mod progress_notes;
mod record_form;
mod rules;
mod session;
mod settings;
mod side_form;
mod sign_off;
mod signers_form;
mod taxonomy_editor;
mod template_panel;
#[cfg(test)]
mod test_support;
mod widgets;
mod wizard;
mod wizard_taxonomy;
mod worker;

use std::path::PathBuf;

/// Opens the main window on the database at `db_path` and runs until it is closed.
///
/// Office PCs have every kind of graphics: the window is drawn with wgpu (Direct3D 12, Vulkan or
/// Metal) where it starts, else with OpenGL, which old drivers and remote desktops still offer.
pub fn run(db_path: PathBuf) -> eframe::Result {
    match run_with(db_path.clone(), eframe::Renderer::Wgpu) {
        Err(wgpu_error) => run_with(db_path, eframe::Renderer::Glow).map_err(|glow_error| {
            eframe::Error::AppCreation(
                format!("Direct3D/Vulkan 不可用({wgpu_error});OpenGL 也不可用({glow_error})")
                    .into(),
            )
        }),
        finished => finished,
    }
}

/// Runs the app drawn by `renderer`.
fn run_with(db_path: PathBuf, renderer: eframe::Renderer) -> eframe::Result {
    let options = eframe::NativeOptions {
        viewport: eframe::egui::ViewportBuilder::default()
            .with_title("整改台账")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([1024.0, 700.0]),
        renderer,
        ..Default::default()
    };
    eframe::run_native(
        "zhenggai",
        options,
        Box::new(move |creation| {
            fonts::install_fonts(&creation.egui_ctx);
            // Clerks come from Excel and print on white paper: a light theme reads as familiar.
            creation.egui_ctx.set_theme(eframe::egui::Theme::Light);
            Ok(Box::new(app::ZhenggaiApp::open(db_path, creation.storage)))
        }),
    )
}
