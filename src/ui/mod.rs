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
/// Office PCs have every kind of graphics, so the window tries two renderers in turn. On Windows
/// and macOS wgpu comes first (Direct3D 12 or Metal, with Windows' own WARP where there is no
/// graphics card), then OpenGL. On Linux (UOS, Kylin) OpenGL comes first: it is what the
/// domestic graphics drivers support best, and on a 云桌面 without a GPU Mesa's llvmpipe draws a
/// frame of this app through glow in about a sixth of the processor time wgpu's OpenGL backend
/// takes (measured: 30 against 170 milliseconds at 1280×800).
pub fn run(db_path: PathBuf, read_only: bool) -> eframe::Result {
    let [first, second] = if cfg!(any(target_os = "windows", target_os = "macos")) {
        [eframe::Renderer::Wgpu, eframe::Renderer::Glow]
    } else {
        [eframe::Renderer::Glow, eframe::Renderer::Wgpu]
    };
    match run_with(db_path.clone(), read_only, first) {
        Err(first_error) => run_with(db_path, read_only, second).map_err(|second_error| {
            eframe::Error::AppCreation(
                format!(
                    "无法绘制窗口：{} 不可用（{first_error}）；{} 也不可用（{second_error}）",
                    graphics_name(first),
                    graphics_name(second)
                )
                .into(),
            )
        }),
        finished => finished,
    }
}

/// The graphics interface `renderer` draws through, as a message names it.
fn graphics_name(renderer: eframe::Renderer) -> &'static str {
    match renderer {
        eframe::Renderer::Glow => "OpenGL",
        eframe::Renderer::Wgpu => "Direct3D/Vulkan/Metal",
    }
}

/// The window's icon (title bar, taskbar, Alt+Tab): the ledger with the red check mark.
const WINDOW_ICON: &[u8] = include_bytes!("../../assets/icon/png/zhenggai-128.png");

/// Runs the app drawn by `renderer`.
fn run_with(db_path: PathBuf, read_only: bool, renderer: eframe::Renderer) -> eframe::Result {
    let mut viewport = eframe::egui::ViewportBuilder::default()
        .with_title("整改台账")
        // The id the .desktop entry names (StartupWMClass), so docks group the window under it.
        .with_app_id("zhenggai")
        .with_inner_size([1280.0, 800.0])
        .with_min_inner_size([1024.0, 700.0]);
    // The icon is embedded and decodes; were it ever not to, the window keeps the default one.
    if let Ok(icon) = eframe::icon_data::from_png_bytes(WINDOW_ICON) {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions {
        viewport,
        renderer,
        // Dithering adds noise to every pixel against banding in gradients, which this app's
        // flat colours do not have; on a software renderer it is a share of each frame's cost.
        dithering: false,
        ..Default::default()
    };
    eframe::run_native(
        "zhenggai",
        options,
        Box::new(move |creation| {
            shell::fonts::install_fonts(&creation.egui_ctx);
            // Clerks come from Excel and print on white paper: a light theme reads as familiar.
            creation.egui_ctx.set_theme(eframe::egui::Theme::Light);
            let mut app = shell::app::ZhenggaiApp::open_as(db_path, creation.storage, read_only);
            app.set_software_renderer(shell::low_power::renderer_is_software(creation));
            Ok(Box::new(app))
        }),
    )
}
