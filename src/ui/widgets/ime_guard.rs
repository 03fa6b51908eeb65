//! Keeps Enter and Esc away from the forms while a Chinese input method is composing.
//!
//! With pinyin input, Enter commits the Latin letters and Esc cancels the composition; neither
//! is meant for the form around the field. The platform integration normally keeps those keys
//! for itself, but not every integration does (some Linux IMEs, remote desktops). This guard
//! follows the `Event::Ime` stream and removes Enter and Esc key events that arrive while a
//! composition is open, so a dialog is never confirmed or closed in the middle of a word.

use eframe::egui::{self, Event, ImeEvent, Key};

/// Whether an input-method composition is open, followed across frames.
#[derive(Debug, Default, Clone, Copy)]
pub struct ImeGuard {
    composing: bool,
}

impl ImeGuard {
    /// Follows this frame's IME events and drops Enter/Esc key events sent during a
    /// composition. Call it once per frame before the widgets that react to those keys.
    pub fn filter(&mut self, ctx: &egui::Context) {
        // Nothing focused means no text field can be composing, whatever was missed.
        if ctx.memory(|memory| memory.focused().is_none()) {
            self.composing = false;
        }
        let mut composing = self.composing;
        ctx.input_mut(|input| {
            input.events.retain(|event| match event {
                Event::Ime(ImeEvent::Preedit { text, .. }) => {
                    composing = !text.is_empty();
                    true
                }
                Event::Ime(ImeEvent::Commit(_)) => {
                    composing = false;
                    true
                }
                Event::Key {
                    key: Key::Enter | Key::Escape,
                    ..
                } => !composing,
                _ => true,
            });
        });
        self.composing = composing;
    }
}
