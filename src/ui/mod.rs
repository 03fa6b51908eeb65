//! The desktop app (eframe/egui). It reaches the core only through the library's public API:
//! it reads domain types from the store and edits through commands. One folder per screen or
//! concern (see ARCHITECTURE.md): `shell` holds the app, the session and the job mechanism,
//! `widgets` the reusable pieces.

mod aggregate;
mod commitments;
mod measures;
mod overview;
mod problems;
mod rules;
mod settings;
mod shell;
mod sign_off;
#[cfg(test)]
mod test_support;
mod widgets;
mod wizard;

use std::path::PathBuf;

/// Opens the main window on the database at `db_path` (read-only with `read_only`) and runs until
/// it is closed.
///
/// Office PCs have every kind of graphics: the window is drawn with wgpu (Direct3D 12, Vulkan or
/// Metal) where it starts, else with OpenGL, which old drivers and remote desktops still offer.
pub fn run(db_path: PathBuf, read_only: bool) -> eframe::Result {
    match run_with(db_path.clone(), read_only, eframe::Renderer::Wgpu) {
        Err(wgpu_error) => {
            run_with(db_path, read_only, eframe::Renderer::Glow).map_err(|glow_error| {
                eframe::Error::AppCreation(
                    format!(
                        "Direct3D/Vulkan 不可用（{wgpu_error}）；OpenGL 也不可用（{glow_error}）"
                    )
                    .into(),
                )
            })
        }
        finished => finished,
    }
}

/// Runs the app drawn by `renderer`.
fn run_with(db_path: PathBuf, read_only: bool, renderer: eframe::Renderer) -> eframe::Result {
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
            shell::fonts::install_fonts(&creation.egui_ctx);
            // Clerks come from Excel and print on white paper: a light theme reads as familiar.
            creation.egui_ctx.set_theme(eframe::egui::Theme::Light);
            Ok(Box::new(shell::app::ZhenggaiApp::open_as(
                db_path,
                creation.storage,
                read_only,
            )))
        }),
    )
}
