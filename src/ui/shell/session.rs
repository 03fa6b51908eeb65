//! The open workbook as the UI holds it: the store, the view model read from it, the edits queued
//! during a frame and applied after it, and the undo stack of this session.

use std::any::Any;
use std::path::PathBuf;

use zhenggai::domain::local_today;
use zhenggai::domain::{CampaignDraft, Command, RecordRef, UnitDraft};
use zhenggai::setup::{TaxonomyArea, init_workbook_with};
use zhenggai::store::{Store, StoreResult};
use zhenggai::undo::{plan_undo, undo_command};
use zhenggai::view::{AggregateView, GuideMarks, Workbook};

use crate::ui::shell::failure::Failure;
use crate::ui::shell::jobs::{JobDone, JobRequest};
use crate::ui::widgets::form_problem::FormProblem;

/// How many edits Ctrl+Z can take back.
const UNDO_DEPTH: usize = 100;

/// One undoable edit: what it was, and the command that reverses it.
struct UndoEntry {
    label: &'static str,
    reverse: Command,
}

/// A file an export job wrote, handed back to the app so the clerk can open it or its folder,
/// and so the 报送 guide can tick what the data alone cannot show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    /// The file written.
    pub path: PathBuf,
    /// What it was, for the guide.
    pub mark: ExportMark,
}

/// What an export was, as far as the 报送 guide cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportMark {
    /// A signed revision's document, written for printing and sealing.
    SignedDocument(i64),
    /// A signed revision's data bundle.
    Bundle(i64),
    /// Anything else: a draft, a spreadsheet.
    Other,
}

/// The open workbook.
pub struct Session {
    store: Store,
    /// What the screens show; rebuilt after every applied edit.
    pub workbook: Workbook,
    /// The units' revisions when the database is a superior office's aggregate (汇总库).
    pub aggregate: Option<AggregateView>,
    pending: Vec<Command>,
    undo_stack: Vec<UndoEntry>,
    /// `已保存 HH:MM:SS` after the last successful edit.
    pub saved_at: Option<String>,
    /// The reason the last edit was refused, in Chinese; cleared by the next success.
    pub error: Option<Failure>,
    /// What the last applied command created or changed (editors use it to follow a new record).
    pub last_target: Option<RecordRef>,
    /// Counts reloads of the workbook, so screens can cache what they derive from it.
    pub generation: u64,
    /// Long work a screen asked for during this frame (an export, an import).
    job_request: Option<JobRequest>,
    /// The typed result of the last finished job, until its screen takes it.
    job_output: Option<Box<dyn Any + Send>>,
    /// Whether the app is running a job now.
    job_running: bool,
    /// The last file an export wrote in this session.
    pub last_export: Option<Exported>,
    /// What the 报送 guide remembers beyond the data: the revisions printed and exported.
    pub guide_marks: GuideMarks,
}

impl Session {
    /// Reads the workbook from an open store.
    pub fn new(store: Store) -> StoreResult<Self> {
        let workbook = Workbook::load(&store, local_today())?;
        let aggregate = AggregateView::load(&store, local_today())?;
        Ok(Self {
            store,
            workbook,
            aggregate,
            pending: Vec::new(),
            undo_stack: Vec::new(),
            saved_at: None,
            error: None,
            last_target: None,
            generation: 0,
            job_request: None,
            job_output: None,
            job_running: false,
            last_export: None,
            guide_marks: GuideMarks::default(),
        })
    }

    /// Queues an edit; it is applied after the frame, in order.
    pub fn queue(&mut self, command: Command) {
        self.pending.push(command);
    }

    /// Whether an edit is waiting to be applied.
    pub fn has_pending(&self) -> bool {
        !self.pending.is_empty()
    }

    /// Applies the queued edits, each as its own transaction. The first refused edit stops the
    /// rest (they may depend on it) and its reason is kept in `error`. Returns whether any was
    /// applied.
    pub fn apply_pending(&mut self) -> bool {
        let pending = std::mem::take(&mut self.pending);
        let mut applied = false;
        for command in pending {
            match self.apply_one(&command) {
                Ok(target) => {
                    applied = true;
                    self.last_target = Some(target);
                    self.error = None;
                }
                Err(failure) => {
                    self.error = Some(failure);
                    break;
                }
            }
        }
        if applied {
            self.saved_at = Some(chrono::Local::now().format("%H:%M:%S").to_string());
            self.reload();
        }
        applied
    }

    fn apply_one(&mut self, command: &Command) -> Result<RecordRef, Failure> {
        let refused = |cause| Failure::Edit {
            what: command.label(),
            cause,
        };
        let plan = plan_undo(&self.store, command).map_err(refused)?;
        let target = self.store.apply(command).map_err(refused)?;
        match undo_command(plan, target) {
            Ok(reverse) => {
                if self.undo_stack.len() == UNDO_DEPTH {
                    self.undo_stack.remove(0);
                }
                self.undo_stack.push(UndoEntry {
                    label: command.label(),
                    reverse,
                });
            }
            // An edit that cannot be undone ends the chain: undoing what came before it could
            // contradict it (a note re-added to a measure since deleted, say).
            Err(_) => self.undo_stack.clear(),
        }
        Ok(target)
    }

    /// What Ctrl+Z would undo, if anything.
    pub fn undo_label(&self) -> Option<&'static str> {
        self.undo_stack.last().map(|entry| entry.label)
    }

    /// Undoes the last undoable edit of the session; returns a message for the status line, or
    /// `None` when the undo failed and its reason is in `error`.
    pub fn undo(&mut self) -> Option<String> {
        let Some(entry) = self.undo_stack.pop() else {
            return Some("没有可以撤销的操作".to_owned());
        };
        match self.store.apply(&entry.reverse) {
            Ok(_) => {
                self.error = None;
                self.saved_at = Some(chrono::Local::now().format("%H:%M:%S").to_string());
                self.reload();
                Some(format!("已撤销：{}", entry.label))
            }
            Err(cause) => {
                self.undo_stack.clear();
                self.error = Some(Failure::Undo {
                    what: entry.label,
                    cause,
                });
                None
            }
        }
    }

    /// Rebuilds the view model from the store (after edits, or when the day changes).
    pub fn reload(&mut self) {
        let today = local_today();
        match Workbook::load(&self.store, today)
            .and_then(|workbook| Ok((workbook, AggregateView::load(&self.store, today)?)))
        {
            Ok((workbook, aggregate)) => {
                self.workbook = workbook;
                self.aggregate = aggregate;
                self.generation += 1;
            }
            Err(err) => self.error = Some(Failure::Reload(err)),
        }
    }

    /// The store, for reads the view model does not hold (evidence files, backups).
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Gives the store back to close it when the window closes.
    pub fn into_store(self) -> Store {
        self.store
    }

    /// Creates the unit, the categories and the campaign the first-run wizard collected, in one
    /// transaction, then reloads. `Err` says why nothing was written, kept typed until the
    /// wizard draws it.
    pub fn init_workbook(
        &mut self,
        unit: UnitDraft,
        campaign: CampaignDraft,
        taxonomy: &[TaxonomyArea],
    ) -> Result<(), FormProblem> {
        match init_workbook_with(&mut self.store, unit, campaign, taxonomy) {
            Ok(()) => {
                self.error = None;
                self.saved_at = Some(chrono::Local::now().format("%H:%M:%S").to_string());
                self.reload();
                Ok(())
            }
            Err(err) => Err(FormProblem::from(err).context("台账未建立，没有写入任何数据")),
        }
    }

    /// Asks the app to run `request` on a worker thread after this frame. A request made while
    /// another job runs waits for it; a second request in the same frame replaces the first.
    pub fn request_job(&mut self, request: JobRequest) {
        self.job_request = Some(request);
    }

    /// The long work asked for during the frame, if any; the app starts it and says so.
    pub fn take_job_request(&mut self) -> Option<JobRequest> {
        let request = self.job_request.take();
        self.job_running |= request.is_some();
        request
    }

    /// Whether a job has been asked for and has not finished yet.
    pub fn job_pending_or_running(&self) -> bool {
        self.job_request.is_some() || self.job_running
    }

    /// Takes in what a finished job changed: after a writing job the view is read again (the
    /// generation moves on, so every screen's cache is refreshed) and, after a restore, the undo
    /// stack is emptied, since its edits refer to data that is no longer there. The job's typed
    /// result waits for its screen in [`Self::take_job_output`].
    pub fn finish_job(&mut self, wrote: bool, done: &mut JobDone) {
        self.job_running = false;
        if done.forgets_undo {
            self.undo_stack.clear();
            self.last_target = None;
        }
        if wrote {
            self.saved_at = Some(chrono::Local::now().format("%H:%M:%S").to_string());
            self.reload();
        }
        self.job_output = done.output.take();
    }

    /// Takes in a finished export: kept for 打开文件，and ticked in the guide's marks.
    pub fn note_export(&mut self, exported: Exported) {
        let marks = &mut self.guide_marks;
        match exported.mark {
            ExportMark::SignedDocument(revision) => {
                marks.printed = marks.printed.max(Some(revision));
            }
            ExportMark::Bundle(revision) => marks.bundle = marks.bundle.max(Some(revision)),
            ExportMark::Other => {}
        }
        self.last_export = Some(exported);
    }

    /// The typed result of the last finished job, when it is a `T`; left for its screen when
    /// it is not.
    pub fn take_job_output<T: Any>(&mut self) -> Option<T> {
        let output = self.job_output.take()?;
        match output.downcast::<T>() {
            Ok(output) => Some(*output),
            Err(other) => {
                self.job_output = Some(other);
                None
            }
        }
    }
}
