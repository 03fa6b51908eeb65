//! Long work off the UI thread, one mechanism for all of it: exports, PDFs, data bundles,
//! backups, reading a workbook for the import preview, imports and restores.
//!
//! The session keeps its store for the whole run. A job that only reads gets its own read-only
//! connection ([`Store::another_reader`]); a job that writes gets a second connection sharing the
//! session's writer lock ([`Store::another_writer`]), and the app applies no edit of its own
//! until it ends.
//! Either way the screen stays drawn. Work that knows how far it has come reports progress, which
//! the status line shows as a bar, and work that can stop part-way offers 取消.

use std::any::Any;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::thread;

use eframe::egui;
use zhenggai::store::Store;

/// How far a job has come.
#[derive(Debug, Clone, PartialEq)]
pub struct JobProgress {
    /// The share done, from 0.0 to 1.0; `None` while it is not known yet (a spinner is shown).
    pub fraction: Option<f32>,
    /// What is being done, in Chinese.
    pub text: String,
}

/// The error a job returns when the user pressed 取消 and it stopped; the status line shows it
/// as news, not as a failure.
#[derive(Debug, thiserror::Error)]
#[error("已取消，未作任何改动。")]
pub struct Cancelled;

/// Handed to the work: reports progress to the status line and says whether the user asked
/// it to stop.
pub struct JobContext {
    sender: Sender<JobProgress>,
    cancel: Arc<AtomicBool>,
}

impl JobContext {
    /// Reports how far the work has come; the status line shows the latest report.
    pub fn report(&self, progress: JobProgress) {
        // The receiver only disappears when the window has closed; nobody is left to show it.
        let _ = self.sender.send(progress);
    }

    /// A context whose user has already pressed 取消 (`cancelled`) or never will, for tests of
    /// the work itself; its progress goes nowhere.
    #[cfg(test)]
    pub fn for_test(cancelled: bool) -> Self {
        let (sender, _) = mpsc::channel();
        Self {
            sender,
            cancel: Arc::new(AtomicBool::new(cancelled)),
        }
    }

    /// Whether the user pressed 取消，for library work that asks a probe of its own.
    pub fn cancel_requested(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// `Err(Cancelled)` when the user pressed 取消 while `written` was being made: the file is
    /// removed, since a cancelled export leaves none. A file that cannot be removed is complete
    /// and valid, and is reported as written (`Ok`).
    pub fn discard_if_cancelled(&self, written: &std::path::Path) -> Result<(), Cancelled> {
        if self.cancel_requested() && std::fs::remove_file(written).is_ok() {
            Err(Cancelled)
        } else {
            Ok(())
        }
    }

    /// `Err(Cancelled)` once the user pressed 取消： work calls this where stopping leaves
    /// nothing half done (between files, before a transaction commits).
    pub fn stop_if_cancelled(&self) -> Result<(), Cancelled> {
        if self.cancel_requested() {
            Err(Cancelled)
        } else {
            Ok(())
        }
    }
}

/// What a finished job hands back: a message for the status line and, for the screen that
/// asked, a typed result (the lines of a bundle import, a workbook's preview).
pub struct JobDone {
    /// What happened, in Chinese.
    pub message: String,
    /// The result for the screen, taken with [`crate::ui::shell::session::Session::take_job_output`].
    pub output: Option<Box<dyn Any + Send>>,
    /// Whether the edits of the session before the job can no longer be undone (a restore
    /// replaced the data they refer to).
    pub forgets_undo: bool,
}

impl JobDone {
    /// A message and a result for the screen.
    pub fn with_output(message: String, output: impl Any + Send) -> Self {
        Self {
            message,
            output: Some(Box::new(output)),
            forgets_undo: false,
        }
    }
}

impl From<String> for JobDone {
    fn from(message: String) -> Self {
        Self {
            message,
            output: None,
            forgets_undo: false,
        }
    }
}

/// What a job returns: its outcome, or the error that stopped it, kept typed until the status
/// line shows it.
pub type JobResult = anyhow::Result<JobDone>;

type ReadWork = Box<dyn FnOnce(&Store, &JobContext) -> JobResult + Send>;
type WriteWork = Box<dyn FnOnce(&mut Store, &JobContext) -> JobResult + Send>;

/// Whether a job only reads the data or changes it.
enum Work {
    Read(ReadWork),
    Write(WriteWork),
}

/// Long work a screen asks the app to run after the frame.
pub struct JobRequest {
    label: &'static str,
    work: Work,
    cancellable: bool,
}

impl JobRequest {
    /// Work that only reads: it gets its own read-only store, and the clerk may go on editing.
    pub fn read<R: Into<JobDone>>(
        label: &'static str,
        work: impl FnOnce(&Store, &JobContext) -> anyhow::Result<R> + Send + 'static,
    ) -> Self {
        Self {
            label,
            work: Work::Read(Box::new(move |store, context| {
                work(store, context).map(Into::into)
            })),
            cancellable: false,
        }
    }

    /// Work that changes the data: it writes through the session's writer, and the edits the
    /// clerk makes meanwhile wait until it ends.
    pub fn write<R: Into<JobDone>>(
        label: &'static str,
        work: impl FnOnce(&mut Store, &JobContext) -> anyhow::Result<R> + Send + 'static,
    ) -> Self {
        Self {
            label,
            work: Work::Write(Box::new(move |store, context| {
                work(store, context).map(Into::into)
            })),
            cancellable: false,
        }
    }

    /// Offers 取消 while the job runs; the work checks [`JobContext::stop_if_cancelled`].
    pub fn cancellable(mut self) -> Self {
        self.cancellable = true;
        self
    }

    /// What the job does, shown on the status line.
    pub fn label(&self) -> &'static str {
        self.label
    }

    /// Whether the job changes the data.
    pub fn writes(&self) -> bool {
        matches!(self.work, Work::Write(_))
    }
}

/// A job running on a worker thread.
pub struct Job {
    label: &'static str,
    writes: bool,
    receiver: Receiver<JobResult>,
    progress: Receiver<JobProgress>,
    /// The latest progress received, kept between frames.
    latest: Option<JobProgress>,
    /// Set by 取消； `None` for work that cannot stop part-way.
    cancel: Option<Arc<AtomicBool>>,
}

impl Job {
    /// Starts `request` on a new thread with `store`: for a reading job a read-only connection
    /// ([`Store::another_reader`]), for a writing one a writer sharing the session's lock
    /// ([`Store::another_writer`]).
    pub fn start(request: JobRequest, store: Store) -> Self {
        let (sender, receiver) = mpsc::channel();
        let (progress_sender, progress) = mpsc::channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let context = JobContext {
            sender: progress_sender,
            cancel: Arc::clone(&cancel),
        };
        let writes = request.writes();
        let work = request.work;
        thread::spawn(move || {
            let mut store = store;
            let outcome = match work {
                Work::Read(work) => work(&store, &context),
                Work::Write(work) => work(&mut store, &context),
            };
            // The receiver only disappears when the window has closed; nothing is left to tell.
            let _ = sender.send(outcome);
        });
        Self {
            label: request.label,
            writes,
            receiver,
            progress,
            latest: None,
            cancel: request.cancellable.then_some(cancel),
        }
    }

    /// Whether the job changes the data (the app then holds back the clerk's edits).
    pub fn writes(&self) -> bool {
        self.writes
    }

    /// The outcome if the job has finished; `Err(())` if the worker died without answering.
    pub fn poll(&self) -> Result<Option<JobResult>, ()> {
        match self.receiver.try_recv() {
            Ok(done) => Ok(Some(done)),
            Err(TryRecvError::Empty) => Ok(None),
            Err(TryRecvError::Disconnected) => Err(()),
        }
    }

    /// The job on the status line: a progress bar once the work has reported how far it has
    /// come, a spinner with the label before that (and for work that does not report), and a
    /// 取消 button for work that can stop.
    pub fn status_ui(&mut self, ui: &mut egui::Ui) {
        if let Some(newest) = self.progress.try_iter().last() {
            self.latest = Some(newest);
        }
        match &self.latest {
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
        if let Some(cancel) = &self.cancel {
            if cancel.load(Ordering::Relaxed) {
                ui.weak("正在取消……");
            } else if ui.button("取消").clicked() {
                cancel.store(true, Ordering::Relaxed);
            }
        }
    }
}

#[cfg(test)]
mod tests;
