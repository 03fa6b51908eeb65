//! The app shell: opens the store, lays out the navigation, the screen and the status line,
//! applies the edits queued during a frame after it, and runs long work off the UI thread.

use std::path::PathBuf;

use chrono::Datelike;
use eframe::egui::{self, Key, KeyboardShortcut, Modifiers, RichText};
use zhenggai::demo::{self, DemoOptions};
use zhenggai::domain::UnitDraft;
use zhenggai::domain::local_today;
use zhenggai::setup::init_workbook;
use zhenggai::store::Store;

use crate::ui::aggregate::{AggregateScreen, aggregate_ui};
use crate::ui::commitments::{CommitmentsScreen, commitments_ui};
use crate::ui::overview::{OverviewScreen, overview_ui};
use crate::ui::problems::{LedgerPrefs, ProblemsScreen, problems_ui};
use crate::ui::rules::{RulesScreen, rules_ui};
use crate::ui::settings::{SettingsScreen, settings_ui};
use crate::ui::shell::failure::Failure;
use crate::ui::shell::jobs::{Cancelled, Job, JobDone, JobRequest};
use crate::ui::shell::nav::{Nav, OpenRequest, Screen};
use crate::ui::shell::session::Session;
use crate::ui::sign_off::{SignOffScreen, sign_off_ui};
use crate::ui::wizard::{WizardAction, WizardScreen, wizard_ui};

/// The sample unit offered on an empty database.
pub const SAMPLE_UNIT: &str = "市行政审批局";

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
}

/// The desktop app's state.
pub struct ZhenggaiApp {
    db_path: PathBuf,
    session: Option<Session>,
    job: Option<Job>,
    /// A message that blocks use of the data (the database could not be opened).
    fatal: Option<String>,
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
}

impl ZhenggaiApp {
    /// Opens the database; a failure is shown in the window instead of ending the program.
    /// `storage` holds the preferences of the last run, if any.
    pub fn open(db_path: PathBuf, storage: Option<&dyn eframe::Storage>) -> Self {
        let prefs: Prefs = storage
            .and_then(|storage| eframe::get_value(storage, PREFS_KEY))
            .unwrap_or_default();
        let mut app = Self {
            db_path,
            session: None,
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
            sign_off: SignOffScreen::default(),
            settings: SettingsScreen::default(),
            aggregate: AggregateScreen::default(),
        };
        match Store::open(&app.db_path).and_then(Session::new) {
            Ok(session) => {
                app.session = Some(session);
                app.status = format!("已打开 {}", app.db_path.display());
            }
            Err(err) => app.fatal = Some(err.to_string()),
        }
        app
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

    fn start_sample(&mut self) {
        let Some(session) = self.session.as_mut() else {
            return;
        };
        let today = local_today();
        session.request_job(JobRequest::write(
            "正在生成示例数据……",
            move |store, _job| {
                let unit = UnitDraft {
                    name: SAMPLE_UNIT.to_owned(),
                    superior: "市作风建设领导小组办公室".to_owned(),
                    ..UnitDraft::default()
                };
                init_workbook(store, unit, today.year())?;
                let report = demo::populate(
                    store,
                    &DemoOptions {
                        problems: 120,
                        seed: 7,
                        today,
                    },
                )?;
                Ok(format!(
                    "已载入示例数据：{} 个问题，{} 条整改措施。",
                    report.problems, report.measures
                ))
            },
        ));
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
            Screen::Settings => settings_ui(ui, &mut self.settings, session, nav),
        }
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
        self.poll_job(&ctx);
        self.shortcuts(&ctx);
        egui::Panel::top("title_bar").show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(RichText::new("整改台账").strong().size(20.0));
                let session = self.session.as_ref();
                if let Some(unit) = session.and_then(|session| session.workbook.unit.as_ref()) {
                    ui.separator();
                    ui.label(RichText::new(&unit.name).size(16.0));
                } else if let Some(view) = session.and_then(|session| session.aggregate.as_ref()) {
                    ui.separator();
                    ui.label(RichText::new(format!("{} · 汇总库", view.office.name)).size(16.0));
                }
            });
        });
        egui::Panel::bottom("status_bar").show(ui, |ui| self.status_ui(ui));
        if let Some(message) = &self.fatal {
            egui::CentralPanel::default().show(ui, |ui| {
                ui.heading("无法打开数据");
                ui.label(RichText::new(message).color(ui.visuals().error_fg_color));
                ui.label(format!("数据文件：{}", self.db_path.display()));
            });
            return;
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
                if self.job.is_some() {
                    ui.add_space(48.0);
                    ui.vertical_centered(|ui| {
                        ui.spinner();
                        ui.label("请稍候……");
                    });
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

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        let prefs = Prefs {
            screen: self.nav.screen,
            ledger: self.problems.prefs.clone(),
        };
        eframe::set_value(storage, PREFS_KEY, &prefs);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        // Fold the write-ahead log into the file so the database alone is complete.
        if let Some(session) = self.session.take() {
            let _ = session.into_store().close();
        }
    }
}
