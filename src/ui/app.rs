//! The app shell: opens the store, keeps the view model, runs long work off the UI thread and
//! shows what happened in a status line.

use std::path::PathBuf;

use chrono::Datelike;
use eframe::egui::{self, RichText};
use zhenggai::cli::local_today;
use zhenggai::demo::{self, DemoOptions};
use zhenggai::domain::UnitDraft;
use zhenggai::setup::init_workbook;
use zhenggai::store::Store;

use super::overview::{Overview, overview_ui};
use super::worker::Job;

/// The sample unit offered on an empty database.
const SAMPLE_UNIT: &str = "市行政审批局";

/// The desktop app's state.
pub struct ZhenggaiApp {
    db_path: PathBuf,
    store: Option<Store>,
    overview: Option<Overview>,
    job: Option<Job>,
    /// A message that blocks use of the data (the database could not be opened).
    fatal: Option<String>,
    status: String,
}

impl ZhenggaiApp {
    /// Opens the database; a failure is shown in the window instead of ending the program.
    pub fn open(db_path: PathBuf) -> Self {
        let mut app = Self {
            db_path,
            store: None,
            overview: None,
            job: None,
            fatal: None,
            status: String::new(),
        };
        match Store::open(&app.db_path) {
            Ok(store) => {
                app.store = Some(store);
                app.refresh();
                app.status = format!("已打开 {}", app.db_path.display());
            }
            Err(err) => app.fatal = Some(err.to_string()),
        }
        app
    }

    fn refresh(&mut self) {
        if let Some(store) = &self.store {
            match Overview::load(store, local_today()) {
                Ok(overview) => self.overview = Some(overview),
                Err(err) => self.status = format!("读取数据失败:{err}"),
            }
        }
    }

    fn start_sample(&mut self) {
        let Some(store) = self.store.take() else {
            return;
        };
        let today = local_today();
        self.job = Some(Job::start(
            "正在生成示例数据……",
            store,
            move |store| {
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
                    "已载入示例数据:{} 个问题,{} 条整改措施。",
                    report.problems, report.measures
                ))
            },
        ));
    }

    fn poll_job(&mut self, ctx: &egui::Context) {
        let Some(job) = &self.job else {
            return;
        };
        match job.poll() {
            Ok(Some(done)) => {
                self.store = Some(done.store);
                self.status = match done.outcome {
                    Ok(message) => format!("{message} 已保存 {}", now_hms()),
                    Err(err) => format!("操作未完成,数据未改变:{err}"),
                };
                self.job = None;
                self.refresh();
            }
            Ok(None) => ctx.request_repaint_after(std::time::Duration::from_millis(100)),
            Err(()) => {
                self.job = None;
                self.fatal = Some(
                    "后台任务意外中止。请关闭程序后重新打开;已保存的数据不受影响。".to_owned(),
                );
            }
        }
    }

    fn empty_database_ui(&mut self, ui: &mut egui::Ui) {
        ui.heading("欢迎使用整改台账");
        ui.label("这个数据库还没有单位信息。");
        ui.label(format!("数据文件:{}", self.db_path.display()));
        ui.add_space(12.0);
        let enabled = self.job.is_none();
        if ui
            .add_enabled(
                enabled,
                egui::Button::new(format!("载入示例数据({SAMPLE_UNIT})")),
            )
            .clicked()
        {
            self.start_sample();
        }
    }
}

fn now_hms() -> String {
    chrono::Local::now().format("%H:%M:%S").to_string()
}

impl eframe::App for ZhenggaiApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.poll_job(&ctx);
        egui::Panel::top("title_bar").show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(RichText::new("整改台账").strong().size(20.0));
                ui.separator();
                ui.label("问题清单 · 整改清单 · 责任清单 · 制度清单");
            });
        });
        egui::Panel::bottom("status_bar").show(ui, |ui| {
            ui.horizontal(|ui| {
                if let Some(job) = &self.job {
                    ui.spinner();
                    ui.label(job.label);
                } else {
                    ui.label(&self.status);
                }
            });
        });
        egui::CentralPanel::default().show(ui, |ui| {
            if let Some(message) = &self.fatal {
                ui.heading("无法打开数据");
                ui.label(RichText::new(message).color(egui::Color32::from_rgb(200, 40, 40)));
                return;
            }
            let has_unit = self
                .overview
                .as_ref()
                .is_some_and(|overview| overview.unit.is_some());
            if has_unit {
                if let Some(overview) = &self.overview {
                    overview_ui(ui, overview);
                }
            } else {
                self.empty_database_ui(ui);
            }
        });
    }

    fn on_exit(&mut self) {
        // Fold the write-ahead log into the file so the database alone is complete.
        if let Some(store) = self.store.take() {
            let _ = store.close();
        }
    }
}
