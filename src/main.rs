//! The `zhenggai` binary: with a subcommand it runs the command line; without one it opens the
//! desktop app on the working database.

mod ui;

use std::process::ExitCode;

use clap::Parser;
use zhenggai::cli::{self, Cli};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            // Help and version go to stdout with success; usage errors exit 2.
            let _ = err.print();
            return if err.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let db = match cli::resolve_db_path(cli.db.as_deref()) {
        Ok(db) => db,
        Err(err) => {
            eprintln!("错误:{err:#}");
            return ExitCode::from(1);
        }
    };
    match cli.command {
        Some(command) => {
            let mut stdout = std::io::stdout().lock();
            match cli::run(command, &db, &mut stdout) {
                Ok(()) => ExitCode::SUCCESS,
                Err(err) => {
                    eprintln!("错误:{err:#}");
                    ExitCode::from(1)
                }
            }
        }
        None => match ui::run(db) {
            Ok(()) => ExitCode::SUCCESS,
            Err(err) => {
                eprintln!("错误:无法打开窗口:{err}");
                ExitCode::from(1)
            }
        },
    }
}
