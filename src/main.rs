//! The `zhenggai` binary: with a subcommand it runs the command line; without one it opens the
//! desktop app on the working database.

mod ui;
#[cfg(windows)]
mod windows_console;

use std::io::Write;
use std::process::ExitCode;

use zhenggai::cli::{self, LenientOutput};

fn main() -> ExitCode {
    let chinese = zhenggai::cli_help::prefers_chinese(|name| std::env::var(name).ok());
    let cli = match zhenggai::cli_help::parse_from(std::env::args_os(), chinese) {
        Ok(cli) => cli,
        Err(err) => {
            // Help and version go to stdout with success; usage errors go to stderr and exit 2.
            let text = zhenggai::cli_help::describe(&err, chinese);
            return if err.use_stderr() {
                let _ = write!(LenientOutput(std::io::stderr().lock()), "{text}");
                ExitCode::from(2)
            } else {
                let _ = write!(LenientOutput(std::io::stdout().lock()), "{text}");
                ExitCode::SUCCESS
            };
        }
    };
    // Neither output may fail the command or panic (as `eprintln!` does) when its reader has
    // gone: `zhenggai import-bundle … 2>&1 | head -1` must still import and exit 0.
    let mut stderr = LenientOutput(std::io::stderr().lock());
    let db = match cli::resolve_db_path(cli.db.as_deref()) {
        Ok(db) => db,
        Err(err) => {
            let _ = writeln!(stderr, "错误：{}", cli::error_message(&err));
            return ExitCode::from(1);
        }
    };
    let Some(command) = cli.command else {
        return open_window(db, cli.read_only);
    };
    let mut stdout = LenientOutput(std::io::stdout().lock());
    match cli::run(command, &db, &mut stdout, &mut stderr) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            let _ = writeln!(stderr, "错误：{}", cli::error_message(&err));
            ExitCode::from(1)
        }
    }
}

/// Runs the desktop app on the database at `db` (for viewing only with `read_only`) until its
/// window is closed.
fn open_window(db: std::path::PathBuf, read_only: bool) -> ExitCode {
    #[cfg(windows)]
    windows_console::release_own_console();
    match ui::run(db, read_only) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            let _ = writeln!(std::io::stderr(), "错误：无法打开窗口：{err}");
            ExitCode::from(1)
        }
    }
}
