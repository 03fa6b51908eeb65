//! 低配模式：fewer and cheaper frames for a 云桌面 or remote desktop and for old PCs, where
//! the window is drawn by the processor (Mesa's llvmpipe, Windows' WARP) and every frame costs
//! tens of milliseconds. It turns on by itself when the renderer is software and can be set in 设置.
//!
//! What it changes, each a frame count or a frame cost that buys nothing a clerk needs:
//! - no animations (a panel, a hover or a scroll that eases in repaints for a quarter second);
//! - a mouse-wheel notch scrolls at once instead of being smoothed over a tenth of a second;
//! - the text cursor does not blink (a blink repaints twice a second while a field has focus);
//! - no feathering (the thin anti-aliased edge doubles the triangles of every shape);
//! - the panels are not filled and the window is cleared to their colour instead (together
//!   the panels cover the window, so their fill blends every pixel once more: on llvmpipe that
//!   was about half of a frame's cost);
//! - at most 10 frames a second while only the pointer moves (egui draws two frames for each
//!   movement, each a whole window for the processor to fill, for hover colours a clerk does
//!   not wait for; clicks, keys and the wheel are answered at once).

use std::time::{Duration, Instant};

use eframe::egui::{self, RawInput, style::ScrollAnimation};
use serde::{Deserialize, Serialize};

/// What the clerk chose in 设置.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum LowPowerChoice {
    /// On when the renderer is software.
    #[default]
    Auto,
    /// Always on.
    On,
    /// Always off.
    Off,
}

impl LowPowerChoice {
    const ALL: [Self; 3] = [Self::Auto, Self::On, Self::Off];

    fn label(self) -> &'static str {
        match self {
            Self::Auto => "自动",
            Self::On => "开",
            Self::Off => "关",
        }
    }
}

/// The mode's state: the choice, what the renderer is, what the context had before the mode
/// turned on, and when the last frame started.
#[derive(Debug, Default)]
pub struct LowPower {
    /// The clerk's choice, kept between runs.
    pub choice: LowPowerChoice,
    /// Whether the window is drawn by a software renderer, found when it opened.
    pub software: bool,
    /// What the context had before the mode turned on; `None` while it is off.
    before: Option<ModeStyle>,
    /// When the last frame started.
    last_frame: Option<Instant>,
}

/// The shortest time between two frames that only follow the pointer while the mode is on.
const POINTER_FRAME_INTERVAL: Duration = Duration::from_millis(100);

/// The style and options the mode changes, as a context has them.
#[derive(Debug, Clone, Copy)]
struct ModeStyle {
    animation_time: f32,
    scroll_animation: ScrollAnimation,
    cursor_blink: bool,
    feathering: bool,
    panel_fill: egui::Color32,
}

impl ModeStyle {
    /// The mode's own: no animation, blinking or feathering, and unfilled panels.
    fn none() -> Self {
        Self {
            animation_time: 0.0,
            scroll_animation: ScrollAnimation::none(),
            cursor_blink: false,
            feathering: false,
            panel_fill: egui::Color32::TRANSPARENT,
        }
    }

    fn of(ctx: &egui::Context) -> Self {
        let style = ctx.global_style();
        Self {
            animation_time: style.animation_time,
            scroll_animation: style.scroll_animation,
            cursor_blink: style.visuals.text_cursor.blink,
            panel_fill: style.visuals.panel_fill,
            feathering: ctx.options(|options| options.tessellation_options.feathering),
        }
    }

    fn apply(self, ctx: &egui::Context) {
        ctx.all_styles_mut(|style| {
            style.animation_time = self.animation_time;
            style.scroll_animation = self.scroll_animation;
            style.visuals.text_cursor.blink = self.cursor_blink;
            style.visuals.panel_fill = self.panel_fill;
        });
        ctx.options_mut(|options| options.tessellation_options.feathering = self.feathering);
    }
}

impl LowPower {
    /// The mode under `choice`, on a software renderer when `software`.
    pub fn new(choice: LowPowerChoice, software: bool) -> Self {
        Self {
            choice,
            software,
            before: None,
            last_frame: None,
        }
    }

    /// Whether the mode is on.
    pub fn active(&self) -> bool {
        match self.choice {
            LowPowerChoice::Auto => self.software,
            LowPowerChoice::On => true,
            LowPowerChoice::Off => false,
        }
    }

    /// Sets the context's style and options for the mode, when it changed since the last call.
    /// Turning it off gives back what the context had before it was turned on, so a context
    /// that was never in the mode is never touched.
    pub fn sync(&mut self, ctx: &egui::Context) {
        let on = self.active();
        if on == self.before.is_some() {
            return;
        }
        if on {
            self.before = Some(ModeStyle::of(ctx));
            ModeStyle::none().apply(ctx);
        } else if let Some(before) = self.before.take() {
            before.apply(ctx);
        }
    }

    /// The colour behind everything: the panels' own while the mode is on, where the panels are
    /// not filled.
    pub fn background(&self, visuals: &egui::Visuals) -> egui::Color32 {
        self.before
            .as_ref()
            .map_or(visuals.panel_fill, |before| before.panel_fill)
    }

    /// How long to wait, at `now`, before drawing the frame for `raw_input`: while the mode is
    /// on, a frame that only follows the pointer comes no sooner than 100 milliseconds after the
    /// last, so that the movements in between are drawn together in it.
    pub fn wait_before_frame(&mut self, raw_input: &RawInput, now: Instant) -> Duration {
        let wait = match self.last_frame {
            Some(last) if self.active() && only_follows_pointer(raw_input) => {
                (last + POINTER_FRAME_INTERVAL).saturating_duration_since(now)
            }
            _ => Duration::ZERO,
        };
        self.last_frame = Some(now + wait);
        wait
    }

    /// Makes each mouse-wheel notch scroll at once while the mode is on. egui spreads a notch
    /// (a line or a page) over the frames of a tenth of a second but applies the scrolling of a
    /// touch at once, so each notch is sent as the start of a touch followed by its movement.
    pub fn rewrite_input(&self, raw_input: &mut RawInput) {
        if !self.active() {
            return;
        }
        let mut events = Vec::with_capacity(raw_input.events.len());
        for event in raw_input.events.drain(..) {
            if let egui::Event::MouseWheel {
                unit: egui::MouseWheelUnit::Line | egui::MouseWheelUnit::Page,
                phase: egui::TouchPhase::Move,
                source,
                modifiers,
                ..
            } = &event
            {
                events.push(egui::Event::MouseWheel {
                    unit: egui::MouseWheelUnit::Point,
                    delta: egui::Vec2::ZERO,
                    phase: egui::TouchPhase::Start,
                    source: *source,
                    modifiers: *modifiers,
                });
            }
            events.push(event);
        }
        raw_input.events = events;
    }
}

/// Whether a frame's input is nothing but pointer movement (or nothing at all, as in the frame
/// egui asks for after each movement).
fn only_follows_pointer(raw_input: &RawInput) -> bool {
    raw_input.events.iter().all(|event| {
        matches!(
            event,
            egui::Event::PointerMoved(_) | egui::Event::MouseMoved(_)
        )
    }) && raw_input.hovered_files.is_empty()
        && raw_input.dropped_files.is_empty()
}

/// Whether the window's renderer draws with the processor rather than a graphics card.
pub fn renderer_is_software(creation: &eframe::CreationContext<'_>) -> bool {
    if let Some(render_state) = &creation.wgpu_render_state {
        let info = render_state.adapter.get_info();
        return info.device_type == eframe::wgpu::DeviceType::Cpu
            || names_software(&info.name)
            || names_software(&info.driver);
    }
    creation
        .gl
        .as_ref()
        .is_some_and(|gl| names_software(&gl_renderer(gl)))
}

/// The OpenGL renderer's name, e.g. `llvmpipe (LLVM 15.0.6, 256 bits)`.
#[allow(unsafe_code)]
fn gl_renderer(gl: &eframe::glow::Context) -> String {
    use eframe::glow::HasContext as _;
    // SAFETY: the context is current while the app is created, and glGetString(GL_RENDERER)
    // only reads a string the driver owns.
    unsafe { gl.get_parameter_string(eframe::glow::RENDERER) }
}

/// Whether a renderer's or driver's name is one of the software rasterisers: Mesa's llvmpipe,
/// softpipe and swrast, Google's SwiftShader, Windows' WARP and its OpenGL 1.1 GDI renderer.
fn names_software(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    [
        "llvmpipe",
        "softpipe",
        "swrast",
        "lavapipe",
        "swiftshader",
        "microsoft basic render",
        "gdi generic",
        "warp",
    ]
    .iter()
    .any(|software| name.contains(software))
}

/// The 低配模式 setting in 设置 → 显示.
pub fn low_power_ui(ui: &mut egui::Ui, low_power: &mut LowPower) {
    ui.horizontal(|ui| {
        ui.label("低配模式");
        for choice in LowPowerChoice::ALL {
            if ui
                .add(egui::Button::selectable(
                    low_power.choice == choice,
                    choice.label(),
                ))
                .clicked()
            {
                low_power.choice = choice;
            }
        }
        let state = if low_power.active() {
            "已开启"
        } else {
            "未开启"
        };
        ui.weak(format!("当前{state}"));
    });
    let renderer = if low_power.software {
        "本机的画面由处理器绘制（没有可用的显卡加速），选择自动即开启。"
    } else {
        "本机的画面由显卡绘制，选择自动不开启。"
    };
    ui.weak(format!(
        "低配模式关闭动画、光标闪烁和边缘平滑，移动鼠标时少画几次，让云桌面、远程桌面和老旧电脑上的操作更快。{renderer}"
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn software_renderers_are_recognised_by_name() {
        for name in [
            "llvmpipe (LLVM 15.0.6, 256 bits)",
            "Microsoft Basic Render Driver",
            "GDI Generic",
            "SwiftShader Device (Subzero)",
        ] {
            assert!(names_software(name), "{name}");
        }
        for name in [
            "Mesa Intel(R) UHD Graphics 620 (KBL GT2)",
            "NVIDIA GeForce GT 730/PCIe/SSE2",
            "AMD Radeon(TM) Graphics",
        ] {
            assert!(!names_software(name), "{name}");
        }
    }

    #[test]
    fn auto_follows_the_renderer_and_the_choice_overrides_it() {
        assert!(LowPower::new(LowPowerChoice::Auto, true).active());
        assert!(!LowPower::new(LowPowerChoice::Auto, false).active());
        assert!(LowPower::new(LowPowerChoice::On, false).active());
        assert!(!LowPower::new(LowPowerChoice::Off, true).active());
    }

    #[test]
    fn the_mode_turns_animation_blinking_and_feathering_off_and_back_on() {
        let ctx = egui::Context::default();
        let mut low_power = LowPower::new(LowPowerChoice::On, false);
        low_power.sync(&ctx);
        assert!(ctx.global_style().animation_time.abs() < f32::EPSILON);
        assert!(!ctx.global_style().visuals.text_cursor.blink);
        assert!(!ctx.options(|options| options.tessellation_options.feathering));
        let panels = egui::Style::default().visuals.panel_fill;
        assert_eq!(
            ctx.global_style().visuals.panel_fill,
            egui::Color32::TRANSPARENT
        );
        assert_eq!(low_power.background(&ctx.global_style().visuals), panels);
        low_power.choice = LowPowerChoice::Off;
        low_power.sync(&ctx);
        assert_eq!(ctx.global_style().visuals.panel_fill, panels);
        assert_eq!(low_power.background(&ctx.global_style().visuals), panels);
        assert!(ctx.global_style().animation_time > 0.0);
        assert!(ctx.global_style().visuals.text_cursor.blink);
        assert!(ctx.options(|options| options.tessellation_options.feathering));
    }

    #[test]
    fn a_wheel_notch_becomes_a_touch_only_in_the_mode() {
        let notch = egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Line,
            delta: egui::vec2(0.0, -3.0),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Unknown,
            modifiers: egui::Modifiers::NONE,
        };
        let input = || RawInput {
            events: vec![notch.clone(), egui::Event::Text("a".into())],
            ..RawInput::default()
        };
        let mut off = input();
        LowPower::new(LowPowerChoice::Off, true).rewrite_input(&mut off);
        assert_eq!(off.events, input().events);

        let mut on = input();
        LowPower::new(LowPowerChoice::On, false).rewrite_input(&mut on);
        assert_eq!(on.events.len(), 3);
        assert!(matches!(
            on.events[0],
            egui::Event::MouseWheel {
                phase: egui::TouchPhase::Start,
                ..
            }
        ));
        assert_eq!(on.events[1..], input().events[..]);
    }

    #[test]
    fn in_the_mode_frames_that_only_follow_the_pointer_come_at_most_10_a_second() {
        let moved = RawInput {
            events: vec![egui::Event::PointerMoved(egui::pos2(10.0, 10.0))],
            ..RawInput::default()
        };
        let clicked = RawInput {
            events: vec![
                egui::Event::PointerMoved(egui::pos2(10.0, 10.0)),
                egui::Event::PointerButton {
                    pos: egui::pos2(10.0, 10.0),
                    button: egui::PointerButton::Primary,
                    pressed: true,
                    modifiers: egui::Modifiers::NONE,
                },
            ],
            ..RawInput::default()
        };
        let start = Instant::now();
        let at = |millis| start + Duration::from_millis(millis);

        let mut on = LowPower::new(LowPowerChoice::On, false);
        assert_eq!(on.wait_before_frame(&moved, at(0)), Duration::ZERO);
        assert_eq!(
            on.wait_before_frame(&moved, at(10)),
            Duration::from_millis(90)
        );
        // That frame started at 100 ms; the follow-up frame, with no input, waits for 200 ms.
        assert_eq!(
            on.wait_before_frame(&RawInput::default(), at(120)),
            Duration::from_millis(80)
        );
        // A click is answered at once, and so is movement after a long enough pause.
        assert_eq!(on.wait_before_frame(&clicked, at(210)), Duration::ZERO);
        assert_eq!(on.wait_before_frame(&moved, at(400)), Duration::ZERO);

        let mut off = LowPower::new(LowPowerChoice::Off, true);
        assert_eq!(off.wait_before_frame(&moved, at(0)), Duration::ZERO);
        assert_eq!(off.wait_before_frame(&moved, at(1)), Duration::ZERO);
    }

    /// How far egui scrolls in the first pass after one wheel notch, with the mode on or off.
    fn scrolled_in_one_pass(choice: LowPowerChoice) -> f32 {
        let ctx = egui::Context::default();
        let mut raw_input = RawInput {
            events: vec![egui::Event::MouseWheel {
                unit: egui::MouseWheelUnit::Line,
                delta: egui::vec2(0.0, -3.0),
                phase: egui::TouchPhase::Move,
                source: egui::MouseWheelSource::Unknown,
                modifiers: egui::Modifiers::NONE,
            }],
            ..RawInput::default()
        };
        LowPower::new(choice, false).rewrite_input(&mut raw_input);
        let mut scrolled = 0.0;
        let mut output = ctx.run_ui(raw_input, |ui| {
            scrolled = ui.input(|input| input.smooth_scroll_delta().y);
        });
        // No painter takes the font atlas here, so it is dropped on purpose.
        output.textures_delta.clear();
        scrolled
    }

    #[test]
    fn in_the_mode_a_notch_scrolls_its_whole_way_in_one_frame() {
        let whole = 3.0 * egui::InputOptions::default().line_scroll_speed;
        let at_once = scrolled_in_one_pass(LowPowerChoice::On);
        assert!((at_once + whole).abs() < 0.01, "{at_once} of {whole}");
        let smoothed = scrolled_in_one_pass(LowPowerChoice::Off);
        assert!(smoothed.abs() < whole * 0.9, "{smoothed} of {whole}");
    }
}
