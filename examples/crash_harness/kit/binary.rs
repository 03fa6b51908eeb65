//! The real `zhenggai` binary: where it is, and running it with its output in files, optionally
//! killed with SIGKILL after a delay, always bounded by a time limit.

use std::ffi::OsString;
use std::fs::{self, File};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

/// A run longer than this is a hang: it is killed and reported.
pub const TIME_LIMIT: Duration = Duration::from_mins(2);

/// The binary under test.
#[derive(Debug, Clone)]
pub struct Binary {
    path: PathBuf,
    logs: PathBuf,
}

/// A finished run of the binary.
#[derive(Debug, Clone)]
pub struct Finished {
    /// How it ended.
    pub status: ExitStatus,
    /// Whether the harness killed it (SIGKILL while it was still running).
    pub killed: bool,
    /// Whether it ran past [`TIME_LIMIT`] and was killed for it.
    pub hung: bool,
    /// From start to exit.
    pub elapsed: Duration,
    /// What it printed.
    pub stdout: String,
    /// What it printed on stderr.
    pub stderr: String,
}

impl Finished {
    /// Whether it exited by itself with code 0.
    pub fn success(&self) -> bool {
        self.status.success() && !self.killed
    }

    /// `exit N` or `signal N`.
    pub fn describe(&self) -> String {
        match (self.status.code(), self.status.signal()) {
            (Some(code), _) => format!("exit {code}"),
            (None, Some(signal)) => format!("signal {signal}"),
            (None, None) => "unknown end".to_owned(),
        }
    }
}

impl Binary {
    /// The binary at `explicit`, or `zhenggai` beside this example's own folder
    /// (`target/release/zhenggai` for `target/release/examples/<harness>`). `logs` is a folder
    /// for the runs' output files.
    pub fn locate(explicit: Option<PathBuf>, logs: &Path) -> Result<Self> {
        let path = if let Some(path) = explicit {
            path
        } else {
            let exe = std::env::current_exe().context("cannot find this harness's path")?;
            exe.parent()
                .and_then(Path::parent)
                .map(|dir| dir.join("zhenggai"))
                .context("the harness is not inside a target folder")?
        };
        if !path.is_file() {
            bail!(
                "{} not found: build it with `cargo build --release`, or pass --bin PATH",
                path.display()
            );
        }
        fs::create_dir_all(logs).with_context(|| format!("cannot create {}", logs.display()))?;
        Ok(Self {
            path: path.canonicalize()?,
            logs: logs.to_path_buf(),
        })
    }

    /// The binary's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Starts `zhenggai [--db DB] ARGS…` with stdout and stderr going to files.
    pub fn spawn(&self, db: Option<&Path>, args: &[OsString]) -> Result<Running> {
        let stdout_path = self.logs.join("stdout.txt");
        let stderr_path = self.logs.join("stderr.txt");
        let mut command = Command::new(&self.path);
        if let Some(db) = db {
            command.arg("--db").arg(db);
        }
        let child = command
            .args(args)
            .stdin(Stdio::null())
            .stdout(File::create(&stdout_path)?)
            .stderr(File::create(&stderr_path)?)
            .spawn()
            .with_context(|| format!("cannot start {}", self.path.display()))?;
        Ok(Running {
            child,
            started: Instant::now(),
            stdout_path,
            stderr_path,
        })
    }

    /// Runs to the end (or the time limit).
    pub fn run(&self, db: Option<&Path>, args: &[OsString]) -> Result<Finished> {
        self.spawn(db, args)?.finish(None)
    }

    /// Runs to the end and fails unless it exits 0.
    pub fn run_ok(&self, db: Option<&Path>, args: &[OsString]) -> Result<Finished> {
        let finished = self.run(db, args)?;
        if !finished.success() {
            bail!(
                "zhenggai {} failed ({}): {}",
                show_args(args),
                finished.describe(),
                finished.stderr.trim()
            );
        }
        Ok(finished)
    }
}

/// A started run.
#[derive(Debug)]
pub struct Running {
    child: Child,
    started: Instant,
    stdout_path: PathBuf,
    stderr_path: PathBuf,
}

impl Running {
    /// Waits for the run to end; with `kill_after`, sends SIGKILL at that time after the start
    /// if it is still running.
    pub fn finish(mut self, kill_after: Option<Duration>) -> Result<Finished> {
        let mut killed = false;
        let mut hung = false;
        if let Some(delay) = kill_after {
            let deadline = self.started + delay;
            let now = Instant::now();
            if deadline > now {
                std::thread::sleep(deadline - now);
            }
            if self.child.try_wait()?.is_none() {
                // Child::kill sends SIGKILL on Unix.
                self.child.kill()?;
                killed = true;
            }
        }
        let mut pause = Duration::from_micros(200);
        let status = loop {
            if let Some(status) = self.child.try_wait()? {
                break status;
            }
            if self.started.elapsed() > TIME_LIMIT {
                self.child.kill()?;
                hung = true;
                break self.child.wait()?;
            }
            std::thread::sleep(pause);
            pause = (pause * 2).min(Duration::from_millis(10));
        };
        let elapsed = self.started.elapsed();
        Ok(Finished {
            status,
            killed,
            hung,
            elapsed,
            stdout: String::from_utf8_lossy(&fs::read(&self.stdout_path)?).into_owned(),
            stderr: String::from_utf8_lossy(&fs::read(&self.stderr_path)?).into_owned(),
        })
    }
}

/// Arguments as one line, for messages.
pub fn show_args(args: &[OsString]) -> String {
    args.iter()
        .map(|arg| arg.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Arguments from plain strings.
pub fn args<I, S>(items: I) -> Vec<OsString>
where
    I: IntoIterator<Item = S>,
    S: Into<OsString>,
{
    items.into_iter().map(Into::into).collect()
}
