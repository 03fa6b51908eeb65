//! Long work off the UI thread: the store is handed to a worker thread and comes back with the
//! result, so the window stays responsive and only one thread ever writes. Work that knows how
//! far it has come reports progress, which the status line shows as a progress bar.

use std::cell::RefCell;
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::thread;

use eframe::egui;
use zhenggai::store::Store;

/// What a finished job hands back: the store and a message for the user.
pub struct JobDone {
    /// The store, returned to the UI.
    pub store: Store,
    /// What happened, in Chinese; `Err` carries the reason it failed, in Chinese too.
    pub outcome: Result<String, String>,
}

/// How far a job has come.
#[derive(Debug, Clone, PartialEq)]
pub struct JobProgress {
    /// The share done, from 0.0 to 1.0; `None` while it is not known yet (a spinner is shown).
    pub fraction: Option<f32>,
    /// What is being done, in Chinese.
    pub text: String,
}

/// Handed to work that reports its progress to the status line.
pub struct ProgressReporter {
    sender: Sender<JobProgress>,
}

impl ProgressReporter {
    /// Reports how far the work has come; the status line shows the latest report.
    pub fn report(&self, progress: JobProgress) {
        // The receiver only disappears when the window has closed; nobody is left to show it.
        let _ = self.sender.send(progress);
    }
}

/// A job running on a worker thread.
pub struct Job {
    /// What the job does, shown beside the spinner or the progress bar.
    pub label: &'static str,
    receiver: Receiver<JobDone>,
    progress: Receiver<JobProgress>,
    /// The latest progress received, kept between frames.
    latest: RefCell<Option<JobProgress>>,
}

impl Job {
    /// Starts `work` on a new thread with the store.
    pub fn start(
        label: &'static str,
        store: Store,
        work: impl FnOnce(&mut Store) -> Result<String, String> + Send + 'static,
    ) -> Self {
        Self::start_reporting(label, store, move |store, _progress| work(store))
    }

    /// Starts `work` on a new thread with the store and a way to report its progress.
    pub fn start_reporting(
        label: &'static str,
        mut store: Store,
        work: impl FnOnce(&mut Store, &ProgressReporter) -> Result<String, String> + Send + 'static,
    ) -> Self {
        let (sender, receiver) = mpsc::channel();
        let (progress_sender, progress) = mpsc::channel();
        thread::spawn(move || {
            let reporter = ProgressReporter {
                sender: progress_sender,
            };
            let outcome = work(&mut store, &reporter);
            // The receiver only disappears when the window has closed; nothing is left to tell.
            let _ = sender.send(JobDone { store, outcome });
        });
        Self {
            label,
            receiver,
            progress,
            latest: RefCell::new(None),
        }
    }

    /// The result if the job has finished; `Err(())` if the worker died without answering.
    pub fn poll(&self) -> Result<Option<JobDone>, ()> {
        match self.receiver.try_recv() {
            Ok(done) => Ok(Some(done)),
            Err(TryRecvError::Empty) => Ok(None),
            Err(TryRecvError::Disconnected) => Err(()),
        }
    }

    /// The job on the status line: a progress bar once the work has reported how far it has
    /// come, a spinner with the label before that (and for work that does not report).
    pub fn status_ui(&self, ui: &mut egui::Ui) {
        let mut latest = self.latest.borrow_mut();
        if let Some(newest) = self.progress.try_iter().last() {
            *latest = Some(newest);
        }
        match latest.as_ref() {
            Some(JobProgress {
                fraction: Some(fraction),
                text,
            }) => {
                ui.label(self.label);
                ui.add(
                    egui::ProgressBar::new(fraction.clamp(0.0, 1.0))
                        .desired_width(360.0)
                        .text(text.as_str()),
                );
            }
            Some(JobProgress {
                fraction: None,
                text,
            }) => {
                ui.spinner();
                ui.label(format!("{} {text}", self.label));
            }
            None => {
                ui.spinner();
                ui.label(self.label);
            }
        }
    }
}

/// Work handed to a worker thread with the store and a progress reporter (which work that
/// cannot tell how far it has come ignores); its `Ok` and `Err` texts are shown to the user as
/// they are.
pub type JobWork = Box<dyn FnOnce(&mut Store, &ProgressReporter) -> Result<String, String> + Send>;

/// Long work a screen asks the app to run: the app hands it the store on a worker thread after
/// the frame, shows `label` with a spinner (or a progress bar, once the work reports progress)
/// meanwhile, and puts the outcome on the status line.
pub struct JobRequest {
    /// What the job does, shown beside the spinner or the progress bar.
    pub label: &'static str,
    /// The work.
    pub work: JobWork,
}

#[cfg(test)]
mod tests {
    use eframe::egui::accesskit::Role;
    use egui_kittest::Harness;
    use egui_kittest::kittest::{NodeT, Queryable};

    use super::super::fonts::install_fonts;
    use super::*;

    #[test]
    fn reported_progress_is_shown_as_a_bar_and_the_store_comes_back() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(&dir.path().join("台账.sqlite")).expect("open");
        let (reported, when_reported) = mpsc::channel::<()>();
        let (go_on, wait) = mpsc::channel::<()>();
        let job = Job::start_reporting("正在测试……", store, move |_store, progress| {
            progress.report(JobProgress {
                fraction: None,
                text: "正在准备".into(),
            });
            progress.report(JobProgress {
                fraction: Some(0.25),
                text: "正在写入:1 / 4".into(),
            });
            let _ = reported.send(());
            let _ = wait.recv();
            Ok("完成".into())
        });
        when_reported.recv().expect("the work reported");
        {
            let mut harness = Harness::builder()
                .with_context_setup(install_fonts)
                .build_ui(|ui| job.status_ui(ui));
            harness.step();
            // The bar carries the reported text (a spinner is an unlabelled indicator).
            harness.get_by_role_and_label(Role::ProgressIndicator, "正在写入:1 / 4");
            harness.get_by_label("正在测试……");
        }
        go_on.send(()).expect("the worker waits");
        let started = std::time::Instant::now();
        let done = loop {
            if let Some(done) = job.poll().expect("the worker answers") {
                break done;
            }
            assert!(
                started.elapsed() < std::time::Duration::from_secs(10),
                "the worker did not finish"
            );
            std::thread::sleep(std::time::Duration::from_millis(5));
        };
        assert_eq!(done.outcome, Ok("完成".to_owned()));
        assert!(done.store.sign_offs().expect("the store works").is_empty());
    }

    #[test]
    fn work_that_does_not_report_shows_a_spinner_with_its_label() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(&dir.path().join("台账.sqlite")).expect("open");
        let (go_on, wait) = mpsc::channel::<()>();
        let job = Job::start("正在备份……", store, move |_store| {
            let _ = wait.recv();
            Ok(String::new())
        });
        {
            let mut harness = Harness::builder()
                .with_context_setup(install_fonts)
                .build_ui(|ui| job.status_ui(ui));
            harness.step();
            harness.get_by_label("正在备份……");
            // Only the spinner: an indicator without a text.
            let spinner = harness.get_by_role(Role::ProgressIndicator);
            assert!(
                spinner
                    .accesskit_node()
                    .label()
                    .unwrap_or_default()
                    .is_empty()
            );
        }
        go_on.send(()).expect("the worker waits");
    }
}
