//! The app shell: opens the store, lays out the navigation, the screen and the status line,
//! applies the edits queued during a frame after it, and runs long work off the UI thread.

use std::collections::BTreeMap;
use std::path::PathBuf;

use eframe::egui::{self, Key, KeyboardShortcut, Modifiers, RichText};
use zhenggai::store::{Store, StoreError};
use zhenggai::view::GuideMarks;

use crate::ui::aggregate::{AggregateScreen, aggregate_ui};
use crate::ui::commitments::{CommitmentsScreen, commitments_ui};
use crate::ui::overview::{OverviewScreen, overview_ui};
use crate::ui::problems::{LedgerPrefs, ProblemsScreen, problems_ui};
use crate::ui::rules::{RulesScreen, rules_ui};
use crate::ui::settings::{SettingsScreen, settings_ui};
use crate::ui::shell::failure::Failure;
use crate::ui::shell::help::{HelpTopic, help_window};
use crate::ui::shell::jobs::{Cancelled, Job, JobDone};
use crate::ui::shell::low_power::{LowPower, LowPowerChoice};
use crate::ui::shell::nav::{Nav, OpenRequest, Screen};
use crate::ui::shell::sample;
use crate::ui::shell::session::{Exported, Session};
use crate::ui::shell::text_size::{install_text_styles, sane_zoom};
use crate::ui::sign_off::export_panel::ExportPrefs;
use crate::ui::sign_off::{SignOffScreen, sign_off_ui};
use crate::ui::wizard::{WizardAction, WizardScreen, wizard_ui};

/// The key under which UI preferences (never business data) are kept between runs.
const PREFS_KEY: &str = "zhenggai.prefs";

/// Ctrl+Z: undo the last edit of the session.
const UNDO: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
/// Ctrl+N: a new problem.
const NEW_PROBLEM: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::N);

/// UI preferences kept by eframe between runs.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
struct Prefs {
    screen: Screen,
    ledger: LedgerPrefs,
    export: ExportPrefs,
    /// The 报送 guide's marks for each database, by its path.
    guide: BTreeMap<String, GuideMarks>,
    /// The window's zoom （字号，Ctrl+= and Ctrl+-）；`None` before it was first changed.
    zoom: Option<f32>,
    /// 低配模式 as chosen in 设置.
    low_power: LowPowerChoice,
}

/// The desktop app's state.
pub struct ZhenggaiApp {
    db_path: PathBuf,
    session: Option<Session>,
    /// The clerk's own session, set aside while the sample workbook is open in `session`;
    /// `None` outside the sample.
    home: Option<Session>,
    job: Option<Job>,
    /// Why the database could not be opened; nothing but the reason（and, where reading is
    /// still possible, 只读打开）is shown.
    fatal: Option<StoreError>,
    nav: Nav,
    status: String,
    wizard: WizardScreen,
    overview: OverviewScreen,
    problems: ProblemsScreen,
    commitments: CommitmentsScreen,
    rules: RulesScreen,
    sign_off: SignOffScreen,
    settings: SettingsScreen,
    aggregate: AggregateScreen,
    /// The guide's marks of every database this PC has opened, kept between runs.
    guide: BTreeMap<String, GuideMarks>,
    /// Whether the help window (F1) is open.
    help_open: bool,
    /// The window's zoom as last seen; set on the first frame from the preferences.
    zoom: f32,
    /// Whether the text styles, the scroll bars and the zoom have been set on the context.
    style_ready: bool,
    /// 低配模式 gives fewer and cheaper frames where the processor draws the window.
    low_power: LowPower,
}

impl ZhenggaiApp {
    /// Opens the database; a failure is shown in the window instead of ending the program.
    /// `storage` holds the preferences of the last run, if any.
    #[cfg(test)]
    pub fn open(db_path: PathBuf, storage: Option<&dyn eframe::Storage>) -> Self {
        Self::open_as(db_path, storage, false)
    }

    /// As [`Self::open`]; with `read_only` the database is opened for viewing, exporting and
    /// printing only (`zhenggai --read-only`), leaving it to the program that writes it.
    pub fn open_as(
        db_path: PathBuf,
        storage: Option<&dyn eframe::Storage>,
        read_only: bool,
    ) -> Self {
        let prefs: Prefs = storage
            .and_then(|storage| eframe::get_value(storage, PREFS_KEY))
            .unwrap_or_default();
        let mut app = Self {
            db_path,
            session: None,
            home: None,
            job: None,
            fatal: None,
            nav: Nav {
                screen: prefs.screen,
                ..Nav::default()
            },
            status: String::new(),
            wizard: WizardScreen::default(),
            overview: OverviewScreen::default(),
            problems: ProblemsScreen {
                prefs: prefs.ledger,
                ..ProblemsScreen::default()
            },
            commitments: CommitmentsScreen::default(),
            rules: RulesScreen::default(),
            sign_off: SignOffScreen::with_export(prefs.export),
            settings: SettingsScreen::default(),
            aggregate: AggregateScreen::default(),
            guide: prefs.guide,
            help_open: false,
            zoom: prefs.zoom.map_or(1.0, sane_zoom),
            style_ready: false,
            low_power: LowPower::new(prefs.low_power, false),
        };
        let opened = if read_only {
            Store::open_read_only(&app.db_path)
        } else {
            Store::open(&app.db_path)
        };
        match opened.and_then(Session::new) {
            Ok(session) => app.install_session(session),
            Err(err) => app.fatal = Some(err),
        }
        app
    }

    /// Takes the clerk's opened database into use, with the guide's marks kept for it.
    fn install_session(&mut self, mut session: Session) {
        session.guide_marks = self
            .guide
            .get(&self.db_path.display().to_string())
            .copied()
            .unwrap_or_default();
        self.status = if session.store().is_read_only() {
            format!("已只读打开 {}", self.db_path.display())
        } else {
            format!("已打开 {}", self.db_path.display())
        };
        self.session = Some(session);
        self.fatal = None;
    }

    /// The screen shown when the database could not be opened: the reason, and 只读打开 where
    /// the file can still be read (another program writes it, the stick is write-protected).
    fn fatal_ui(&mut self, ui: &mut egui::Ui, error: &StoreError) {
        ui.heading("无法打开数据");
        ui.label(RichText::new(error.to_string()).color(ui.visuals().error_fg_color));
        ui.label(format!("数据文件：{}", self.db_path.display()));
        let readable = matches!(
            error,
            StoreError::Locked { .. } | StoreError::ReadOnly { .. } | StoreError::NoRoom { .. }
        ) && self.db_path.is_file();
        if !readable {
            return;
        }
        ui.add_space(12.0);
        ui.label("只需查看、导出或打印？可以只读方式打开：不能修改，也不会影响正在使用它的程序。");
        if ui.button("只读打开").clicked() {
            match Store::open_read_only(&self.db_path).and_then(Session::new) {
                Ok(session) => self.install_session(session),
                Err(err) => self.fatal = Some(err),
            }
        }
    }

    /// Whether the open database is read-only （只读打开）.
    fn read_only(&self) -> bool {
        self.session
            .as_ref()
            .is_some_and(|session| session.store().is_read_only())
    }

    /// The open session, for tests that check what the UI wrote.
    #[cfg(test)]
    pub fn session(&self) -> Option<&Session> {
        self.session.as_ref()
    }

    /// Whether a job runs or waits to start, for tests that wait for one.
    #[cfg(test)]
    pub fn job_running(&self) -> bool {
        self.job.is_some()
            || self
                .session
                .as_ref()
                .is_some_and(Session::job_pending_or_running)
    }

    /// The navigation state, for tests that check where a click led.
    #[cfg(test)]
    pub fn nav(&self) -> &Nav {
        &self.nav
    }

    /// The navigation state, for tests that ask to open a record as another screen would.
    #[cfg(test)]
    pub fn nav_mut(&mut self) -> &mut Nav {
        &mut self.nav
    }

    /// Whether the sample workbook is open instead of the clerk's own.
    #[cfg(test)]
    pub fn in_sample(&self) -> bool {
        self.home.is_some()
    }

    /// Opens a fresh sample workbook in its own database and fills it off the UI thread; the
    /// clerk's session waits aside, untouched, until 退出示例.
    fn start_sample(&mut self) {
        if self.home.is_some() {
            return;
        }
        match sample::open_fresh(&self.db_path) {
            Ok(mut sample) => {
                sample.request_job(sample::fill_request());
                self.home = self.session.replace(sample);
                self.nav.screen = Screen::Overview;
            }
            Err(cause) => {
                if let Some(session) = self.session.as_mut() {
                    session.error = Some(Failure::Sample(cause));
                }
            }
        }
    }

    /// Closes and deletes the sample and returns to the clerk's own workbook (the wizard, when
    /// it is still empty). `failure` is why, when the sample could not be filled.
    fn leave_sample(&mut self, failure: Option<Failure>) {
        if self.job.is_some() {
            self.nav.message = Some("请等后台任务完成后再退出示例。".to_owned());
            return;
        }
        let Some(home) = self.home.take() else {
            return;
        };
        if let Some(sample) = self.session.replace(home) {
            let path = sample.store().path().to_path_buf();
            let _ = sample.into_store().close();
            sample::discard(&path);
        }
        // The screens' selections and forms refer to the sample's records.
        let prefs = std::mem::take(&mut self.problems.prefs);
        self.problems = ProblemsScreen {
            prefs,
            ..ProblemsScreen::default()
        };
        self.overview = OverviewScreen::default();
        self.commitments = CommitmentsScreen::default();
        self.rules = RulesScreen::default();
        self.sign_off = SignOffScreen::with_export(self.sign_off.export_prefs());
        self.settings = SettingsScreen::default();
        self.wizard = WizardScreen::default();
        self.nav.screen = Screen::Overview;
        if let Some(session) = self.session.as_mut() {
            session.error = failure;
        }
        self.nav.message =
            Some("已退出示例台账，示例数据已删除；您自己的台账未受影响。".to_owned());
    }

    /// Starts the long work a screen asked for during the frame, once no other job runs. The
    /// session keeps its store: a reading job opens its own, a writing job gets a second
    /// connection sharing the session's writer lock.
    fn start_requested_job(&mut self) {
        if self.job.is_some() {
            return;
        }
        let Some(session) = self.session.as_mut() else {
            return;
        };
        let Some(request) = session.take_job_request() else {
            return;
        };
        let connection = if request.writes() {
            session.store().another_writer()
        } else {
            session.store().another_reader()
        };
        let store = match connection {
            Ok(store) => store,
            Err(cause) => {
                session.finish_job(false, &mut JobDone::from(String::new()));
                session.error = Some(Failure::JobNotStarted {
                    what: request.label(),
                    cause,
                });
                self.nav.message = None;
                return;
            }
        };
        self.nav.message = None;
        self.job = Some(Job::start(request, store));
    }

    fn poll_job(&mut self, ctx: &egui::Context) {
        let Some(job) = &self.job else {
            return;
        };
        let wrote = job.writes();
        match job.poll() {
            Ok(Some(outcome)) => {
                self.job = None;
                let Some(session) = self.session.as_mut() else {
                    return;
                };
                match outcome {
                    Ok(mut done) => {
                        session.finish_job(wrote, &mut done);
                        if let Some(exported) = session.take_job_output::<Exported>() {
                            session.note_export(exported);
                        }
                        // Quiet jobs (reading a list for a screen) leave the status line alone.
                        if !done.message.is_empty() {
                            self.status.clone_from(&done.message);
                            self.nav.message = Some(done.message);
                        }
                    }
                    Err(err) if err.is::<Cancelled>() => {
                        session.finish_job(wrote, &mut JobDone::from(String::new()));
                        self.status = err.to_string();
                        self.nav.message = Some(err.to_string());
                    }
                    Err(err) => {
                        // A writing job that failed part-way may still have committed some of
                        // its work (one bundle of several), so the view is read again.
                        session.finish_job(wrote, &mut JobDone::from(String::new()));
                        // A failed export (a full or pulled USB stick) is shown in red, like a
                        // failed edit, until the next action succeeds.
                        session.error = Some(Failure::Job(err));
                        self.nav.message = None;
                    }
                }
                ctx.request_repaint();
            }
            Ok(None) => ctx.request_repaint_after(std::time::Duration::from_millis(100)),
            Err(()) => {
                self.job = None;
                if let Some(session) = self.session.as_mut() {
                    session.finish_job(wrote, &mut JobDone::from(String::new()));
                    session.error = Some(Failure::WorkerDied);
                }
                self.nav.message = None;
            }
        }
    }

    /// Whether a job that changes the data is running: the clerk's edits wait until it ends.
    fn writing(&self) -> bool {
        self.job.as_ref().is_some_and(Job::writes)
    }

    fn shortcuts(&mut self, ctx: &egui::Context) {
        let Some(session) = self.session.as_mut() else {
            return;
        };
        if session.workbook.unit.is_none() {
            return;
        }
        if ctx.input_mut(|input| input.consume_shortcut(&UNDO)) {
            if self.job.as_ref().is_some_and(Job::writes) {
                self.nav.message = Some("正在后台写入数据，完成后才能撤销。".to_owned());
                return;
            }
            self.nav.message = session.undo();
        }
        if ctx.input_mut(|input| input.consume_shortcut(&NEW_PROBLEM)) {
            self.nav.open(OpenRequest::NewProblem);
        }
    }

    fn status_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            if let Some(job) = &mut self.job {
                job.status_ui(ui);
                if job.writes() && self.session.as_ref().is_some_and(Session::has_pending) {
                    ui.weak("（刚才的修改将在完成后保存）");
                }
                return;
            }
            let Some(session) = &self.session else {
                ui.label(&self.status);
                return;
            };
            if let Some(error) = &session.error {
                ui.label(RichText::new(error.to_string()).color(ui.visuals().error_fg_color));
            } else if let Some(message) = &self.nav.message {
                ui.label(message);
            } else if let Some(time) = &session.saved_at {
                ui.label(format!("已保存 {time}"));
            } else {
                ui.label(&self.status);
            }
            if let Some(label) = session.undo_label() {
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    ui.weak(format!("Ctrl+Z 撤销「{label}」"));
                });
            }
        });
    }

    fn navigation_ui(&mut self, ui: &mut egui::Ui) {
        ui.add_space(8.0);
        for screen in Screen::ALL {
            let selected = self.nav.screen == screen;
            let label = RichText::new(screen.label()).size(16.0);
            if ui
                .add_sized([120.0, 32.0], egui::Button::selectable(selected, label))
                .clicked()
            {
                self.nav.screen = screen;
            }
        }
    }

    fn screen_ui(&mut self, ui: &mut egui::Ui) {
        let Some(session) = self.session.as_mut() else {
            return;
        };
        let nav = &mut self.nav;
        match nav.screen {
            Screen::Overview => overview_ui(ui, &mut self.overview, session, nav),
            Screen::Problems => problems_ui(ui, &mut self.problems, session, nav),
            Screen::Commitments => commitments_ui(ui, &mut self.commitments, session, nav),
            Screen::Rules => rules_ui(ui, &mut self.rules, session, nav),
            Screen::SignOff => sign_off_ui(ui, &mut self.sign_off, session, nav),
            Screen::Settings => {
                settings_ui(ui, &mut self.settings, session, nav, &mut self.low_power);
            }
        }
    }

    /// Tells the app whether its window is drawn by a software renderer, which turns 低配模式
    /// on unless the clerk chose otherwise.
    pub fn set_software_renderer(&mut self, software: bool) {
        self.low_power.software = software;
    }

    /// The aggregate screen's state, for its tests.
    #[cfg(test)]
    pub fn aggregate_screen(&self) -> &AggregateScreen {
        &self.aggregate
    }

    /// The 问题清单 screen's state, for its tests and benchmark.
    #[cfg(test)]
    pub fn problems_screen(&self) -> &ProblemsScreen {
        &self.problems
    }
}

impl eframe::App for ZhenggaiApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        if self.style_ready {
            self.zoom = ctx.zoom_factor();
        } else {
            install_text_styles(&ctx);
            // Scroll bars that stay in view, as in WPS and Excel: a floating bar that appears
            // only under the pointer hides that a list (报送前检查's findings, say) goes on.
            ctx.all_styles_mut(|style| style.spacing.scroll = egui::style::ScrollStyle::solid());
            ctx.set_zoom_factor(self.zoom);
            self.style_ready = true;
        }
        self.low_power.sync(&ctx);
        self.poll_job(&ctx);
        self.shortcuts(&ctx);
        if ctx.input(|input| input.key_pressed(Key::F1)) {
            self.help_open = !self.help_open;
        }
        egui::Panel::top("title_bar").show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(RichText::new("整改台账").strong().size(20.0));
                let session = self.session.as_ref();
                if let Some(unit) = session.and_then(|session| session.workbook.unit.as_ref()) {
                    ui.separator();
                    ui.label(RichText::new(&unit.name).size(16.0));
                    if self.home.is_some() {
                        ui.label(RichText::new("（示例）").size(16.0));
                    }
                } else if let Some(view) = session.and_then(|session| session.aggregate.as_ref()) {
                    ui.separator();
                    ui.label(RichText::new(format!("{} · 汇总库", view.office.name)).size(16.0));
                }
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if ui.button("帮助（F1）").clicked() {
                        self.help_open = !self.help_open;
                    }
                });
            });
        });
        if self.home.is_some() {
            let leave = egui::Panel::top("sample_banner")
                .show(ui, sample::banner_ui)
                .inner;
            if leave {
                self.leave_sample(None);
            }
        }
        egui::Panel::bottom("status_bar").show(ui, |ui| self.status_ui(ui));
        if self.help_open {
            let in_workbook = self
                .session
                .as_ref()
                .is_some_and(|session| session.workbook.unit.is_some());
            let topic = if in_workbook {
                HelpTopic::Screen(self.nav.screen)
            } else {
                HelpTopic::Wizard
            };
            help_window(&ctx, topic, &mut self.help_open);
        }
        if let Some(error) = self.fatal.take() {
            egui::CentralPanel::default().show(ui, |ui| self.fatal_ui(ui, &error));
            // Still the reason unless 只读打开 replaced it with a session or a newer reason.
            if self.session.is_none() && self.fatal.is_none() {
                self.fatal = Some(error);
            }
            return;
        }
        if self.read_only() {
            egui::Panel::top("read_only_banner").show(ui, |ui| {
                ui.label(
                    RichText::new(
                        "只读打开：可以查看、导出和打印，不能修改。要修改，请关闭正在使用这份台账的程序后重新打开。",
                    )
                    .color(egui::Color32::from_rgb(160, 60, 0)),
                );
            });
        }
        let has_unit = self
            .session
            .as_ref()
            .is_some_and(|session| session.workbook.unit.is_some());
        let aggregate = self
            .session
            .as_ref()
            .and_then(|session| session.aggregate.clone());
        if let Some(view) = aggregate {
            egui::CentralPanel::default().show(ui, |ui| {
                if let Some(session) = self.session.as_mut() {
                    aggregate_ui(ui, &mut self.aggregate, session, &view);
                }
            });
        } else if has_unit {
            egui::Panel::left("navigation")
                .resizable(false)
                .show(ui, |ui| self.navigation_ui(ui));
            egui::CentralPanel::default().show(ui, |ui| self.screen_ui(ui));
        } else {
            egui::CentralPanel::default().show(ui, |ui| {
                let Some(session) = self.session.as_mut() else {
                    return;
                };
                if self.job.is_some() || session.job_pending_or_running() {
                    ui.add_space(48.0);
                    ui.vertical_centered(|ui| {
                        ui.spinner();
                        ui.label("请稍候……");
                    });
                    return;
                }
                if self.home.is_some() {
                    // The sample could not be filled: back to the clerk's own, with the reason.
                    let failure = session.error.take();
                    self.leave_sample(failure);
                    return;
                }
                match wizard_ui(ui, &mut self.wizard, session) {
                    WizardAction::LoadSample => self.start_sample(),
                    WizardAction::Created => {
                        // A new workbook opens on its dashboard, whatever screen was last used.
                        self.nav.screen = Screen::Overview;
                        self.nav.message = Some(
                            "台账已建立。可以在「问题清单」中按 Ctrl+N 登记第一个问题。".to_owned(),
                        );
                    }
                    WizardAction::None => {}
                }
            });
        }
        // Edits queued during the frame are applied after it, each one transaction; while a job
        // writes, they wait for it, so the two never interleave.
        let writing = self.writing();
        if let Some(session) = self.session.as_mut()
            && session.has_pending()
            && !writing
        {
            if session.apply_pending() {
                self.nav.message = None;
            }
            ctx.request_repaint();
        }
        // Long work asked for during the frame starts after the edits.
        self.start_requested_job();
        if self.job.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
    }

    fn clear_color(&self, visuals: &egui::Visuals) -> [f32; 4] {
        self.low_power.background(visuals).to_normalized_gamma_f32()
    }

    fn raw_input_hook(&mut self, _ctx: &egui::Context, raw_input: &mut egui::RawInput) {
        // Pacing frames like a slow vsync: the wait is at most 100 milliseconds, and only in
        // 低配模式 while nothing but the pointer moves.
        let wait = self
            .low_power
            .wait_before_frame(raw_input, std::time::Instant::now());
        if !wait.is_zero() {
            std::thread::sleep(wait);
        }
        self.low_power.rewrite_input(raw_input);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        // The clerk's own database keeps its marks; a sample's are thrown away with it.
        let own = self.home.as_ref().or(self.session.as_ref());
        if let Some(session) = own {
            self.guide
                .insert(self.db_path.display().to_string(), session.guide_marks);
        }
        let prefs = Prefs {
            screen: self.nav.screen,
            ledger: self.problems.prefs.clone(),
            export: self.sign_off.export_prefs(),
            guide: self.guide.clone(),
            zoom: Some(self.zoom),
            low_power: self.low_power.choice,
        };
        eframe::set_value(storage, PREFS_KEY, &prefs);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        // Fold the write-ahead log into the file so the database alone is complete.
        if self.home.is_some() {
            self.leave_sample(None);
        }
        if let Some(session) = self.session.take() {
            let _ = session.into_store().close();
        }
    }
}
