//! The console on Windows. The program is a console program, so that scripts and prompts wait
//! for its commands and see their exit codes; a clerk who double-clicks it, though, should not
//! see a black console window behind the app.

/// Releases the console when it is the program's own (it was started from Explorer or a
/// shortcut, not from a prompt), which closes the console window. A prompt's console is shared
/// with the prompt and is kept.
#[allow(unsafe_code)]
pub fn release_own_console() {
    use windows_sys::Win32::System::Console::{FreeConsole, GetConsoleProcessList};
    let mut processes = [0_u32; 2];
    // SAFETY: the buffer is valid for writing the two ids its length states.
    let attached = unsafe { GetConsoleProcessList(processes.as_mut_ptr(), 2) };
    if attached == 1 {
        // SAFETY: no handle to the console is held here; later writes to the standard
        // streams are ignored by std when the console is gone.
        unsafe {
            FreeConsole();
        }
    }
}
