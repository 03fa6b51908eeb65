//! Long work off the UI thread: the store is handed to a worker thread and comes back with the
//! result, so the window stays responsive and only one thread ever writes.

use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::thread;

use zhenggai::store::Store;

/// What a finished job hands back: the store and a message for the user.
pub struct JobDone {
    /// The store, returned to the UI.
    pub store: Store,
    /// What happened, in Chinese; `Err` carries the reason it failed, in Chinese too.
    pub outcome: Result<String, String>,
}

/// A job running on a worker thread.
pub struct Job {
    /// What the job does, shown beside the spinner.
    pub label: &'static str,
    receiver: Receiver<JobDone>,
}

impl Job {
    /// Starts `work` on a new thread with the store.
    pub fn start(
        label: &'static str,
        mut store: Store,
        work: impl FnOnce(&mut Store) -> Result<String, String> + Send + 'static,
    ) -> Self {
        let (sender, receiver) = mpsc::channel();
        thread::spawn(move || {
            let outcome = work(&mut store);
            // The receiver only disappears when the window has closed; nothing is left to tell.
            let _ = sender.send(JobDone { store, outcome });
        });
        Self { label, receiver }
    }

    /// The result if the job has finished; `Err(())` if the worker died without answering.
    pub fn poll(&self) -> Result<Option<JobDone>, ()> {
        match self.receiver.try_recv() {
            Ok(done) => Ok(Some(done)),
            Err(TryRecvError::Empty) => Ok(None),
            Err(TryRecvError::Disconnected) => Err(()),
        }
    }
}

/// Work handed to a worker thread with the store; its `Ok` and `Err` texts are shown to the
/// user as they are.
pub type JobWork = Box<dyn FnOnce(&mut Store) -> Result<String, String> + Send>;

/// Long work a screen asks the app to run: the app hands it the store on a worker thread after
/// the frame, shows `label` with a spinner meanwhile, and puts the outcome on the status line.
pub struct JobRequest {
    /// What the job does, shown beside the spinner.
    pub label: &'static str,
    /// The work.
    pub work: JobWork,
}
