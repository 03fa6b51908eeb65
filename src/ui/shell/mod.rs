//! The app's frame around the screens: the window's layout and shortcuts (`app`), the open
//! workbook with its undo history (`session`), long work off the UI thread (`jobs`), where the
//! clerk is (`nav`) and the fonts.

pub mod app;
pub mod failure;
pub mod fonts;
pub mod help;
pub mod jobs;
pub mod low_power;
pub mod nav;
pub mod sample;
pub mod session;
#[cfg(test)]
mod tests;
pub mod text_size;
