//! Following an edit queued during a frame to its outcome on the next one.
//!
//! The app applies queued commands after the frame, so a form cannot know at once whether its
//! edit was saved. A form that must react to the outcome (close a dialog, clear what was typed,
//! or show the refusal beside the fields and keep the text) queues through [`PendingEdit`] and
//! asks for the outcome on the following frames.

use zhenggai::domain::Command;

use crate::ui::shell::session::Session;

/// An edit (one or more commands) queued by a form and not yet seen applied or refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PendingEdit {
    generation: u64,
}

/// What became of a [`PendingEdit`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditOutcome {
    /// Not applied yet (the frame that queued it has not ended).
    Waiting,
    /// Saved; `refusal` holds the reason a later command of the same edit was refused, if any.
    Applied {
        /// Why a later command of the edit was refused, in Chinese.
        refusal: Option<String>,
    },
    /// Nothing was saved, for this reason (in Chinese).
    Refused(String),
}

impl PendingEdit {
    /// Queues `commands` in order and starts following them.
    pub fn queue(session: &mut Session, commands: impl IntoIterator<Item = Command>) -> Self {
        // A reason left over from an earlier edit must not be read as this edit's refusal.
        session.error = None;
        for command in commands {
            session.queue(command);
        }
        Self {
            generation: session.generation,
        }
    }

    /// The outcome so far. Every applied edit reloads the workbook (a new generation); a refused
    /// one leaves the generation and sets the session's error.
    pub fn outcome(self, session: &Session) -> EditOutcome {
        // Edits made while a job writes wait for it, and the job's end reloads the workbook
        // too: an edit still queued is waiting, whatever the generation says.
        if session.has_pending() {
            EditOutcome::Waiting
        } else if session.generation != self.generation {
            EditOutcome::Applied {
                refusal: session.error.as_ref().map(ToString::to_string),
            }
        } else {
            EditOutcome::Refused(
                session
                    .error
                    .as_ref()
                    .map_or_else(|| "未能保存，请重试。".to_owned(), ToString::to_string),
            )
        }
    }
}
