//! A small file system to fill: a size-limited tmpfs, or an ext4 or FAT image mounted through a
//! loop device (FAT is what USB sticks carry). Mounting needs root; where it is refused the
//! harness says why and skips that kind. Filling uses `fallocate` (zeros where the file system
//! has none) in filler files at the volume's root.

use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result};
use fs4::FileExt;

/// The kinds of file system.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FsKind {
    /// `mount -t tmpfs -o size=…`.
    Tmpfs,
    /// An ext4 image (no reserved blocks) on a loop device, with the 1 KiB blocks `mkfs.ext4`
    /// chooses for a small volume.
    Ext4,
    /// The same with 4 KiB blocks, as on a larger disk.
    Ext4Blocks4k,
    /// A FAT image (`mkfs.fat`) on a loop device, mounted with UTF-8 names.
    Vfat,
}

impl FsKind {
    /// Parses `tmpfs`, `ext4`, `ext4-4k` or `vfat`.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "tmpfs" => Some(Self::Tmpfs),
            "ext4" => Some(Self::Ext4),
            "ext4-4k" => Some(Self::Ext4Blocks4k),
            "vfat" | "fat" => Some(Self::Vfat),
            _ => None,
        }
    }
}

impl fmt::Display for FsKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Tmpfs => "tmpfs",
            Self::Ext4 => "ext4",
            Self::Ext4Blocks4k => "ext4-4k",
            Self::Vfat => "vfat",
        })
    }
}

/// A mounted volume; unmounted when dropped.
#[derive(Debug)]
pub struct Volume {
    /// What it is.
    pub kind: FsKind,
    /// Where it is mounted.
    pub root: PathBuf,
    image: Option<PathBuf>,
    fillers: usize,
    mounted: bool,
}

impl Volume {
    /// Mounts a new volume of `bytes` at `root` (created), with its image (if any) at `image`.
    /// `Ok(Err(reason))` when this machine does not allow it.
    pub fn mount(
        kind: FsKind,
        root: &Path,
        image: &Path,
        bytes: u64,
    ) -> Result<Result<Self, String>> {
        fs::create_dir_all(root)?;
        let mut volume = Self {
            kind,
            root: root.to_path_buf(),
            image: None,
            fillers: 0,
            mounted: false,
        };
        let mounted = match kind {
            FsKind::Tmpfs => command(
                Command::new("mount")
                    .args(["-t", "tmpfs", "-o"])
                    .arg(format!("size={bytes}"))
                    .arg("tmpfs")
                    .arg(root),
            ),
            FsKind::Ext4 | FsKind::Ext4Blocks4k | FsKind::Vfat => {
                File::create(image)?.set_len(bytes)?;
                volume.image = Some(image.to_path_buf());
                let made = match kind {
                    FsKind::Ext4Blocks4k => command(
                        Command::new("mkfs.ext4")
                            .args(["-q", "-F", "-m", "0", "-b", "4096"])
                            .arg(image),
                    ),
                    FsKind::Ext4 => command(
                        Command::new("mkfs.ext4")
                            .args(["-q", "-F", "-m", "0"])
                            .arg(image),
                    ),
                    _ => command(Command::new("mkfs.fat").arg(image)),
                };
                let options = if kind == FsKind::Vfat {
                    "loop,utf8"
                } else {
                    "loop"
                };
                made.and_then(|()| {
                    command(
                        Command::new("mount")
                            .args(["-o", options])
                            .arg(image)
                            .arg(root),
                    )
                })
            }
        };
        if let Err(reason) = mounted {
            if let Some(image) = volume.image.take() {
                let _ = fs::remove_file(image);
            }
            return Ok(Err(reason));
        }
        volume.mounted = true;
        Ok(Ok(volume))
    }

    /// Bytes free for this (root) user.
    pub fn available(&self) -> Result<u64> {
        fs4::available_space(&self.root)
            .with_context(|| format!("cannot read the free space of {}", self.root.display()))
    }

    /// Bytes in use (total less available).
    pub fn used(&self) -> Result<u64> {
        Ok(fs4::total_space(&self.root)?.saturating_sub(self.available()?))
    }

    /// Fills the volume until about `free` bytes are left; returns what is left.
    pub fn fill_to(&mut self, free: u64) -> Result<u64> {
        for _ in 0..4 {
            let available = self.available()?;
            if available <= free + 512 {
                break;
            }
            self.fillers += 1;
            let path = self.root.join(format!("filler-{}.bin", self.fillers));
            fill_file(&path, available - free)?;
        }
        self.available()
    }

    /// Removes the filler files.
    pub fn unfill(&mut self) -> Result<()> {
        for index in 1..=self.fillers {
            let path = self.root.join(format!("filler-{index}.bin"));
            if path.exists() {
                fs::remove_file(&path)?;
            }
        }
        self.fillers = 0;
        Ok(())
    }
}

impl Drop for Volume {
    fn drop(&mut self) {
        // Best effort: a volume still busy stays mounted, and the harness says nothing more
        // about it than `umount` does.
        if !self.mounted {
            return;
        }
        if let Err(reason) = command(Command::new("umount").arg(&self.root)) {
            eprintln!("umount {}: {reason}", self.root.display());
        }
        if let Some(image) = &self.image {
            let _ = fs::remove_file(image);
        }
    }
}

/// Allocates `bytes` in a new file at `path`: `fallocate`, else zeros until the size or the
/// end of the space.
fn fill_file(path: &Path, bytes: u64) -> Result<()> {
    let mut file = OpenOptions::new().create_new(true).write(true).open(path)?;
    if file.allocate(bytes).is_ok() {
        return Ok(());
    }
    let zeros = vec![0_u8; 64 * 1024];
    let mut left = bytes;
    while left > 0 {
        let chunk = left.min(zeros.len() as u64) as usize;
        match file.write(&zeros[..chunk]) {
            Ok(0) | Err(_) => break,
            Ok(written) => left -= written as u64,
        }
    }
    // The space counts once the file system has allocated it; FAT does so on write.
    let _ = file.sync_all();
    Ok(())
}

/// Runs a command; `Err` with its stderr (or why it could not start) when it fails.
fn command(command: &mut Command) -> Result<(), String> {
    match command.output() {
        Ok(output) if output.status.success() => Ok(()),
        Ok(output) => Err(format!(
            "{}: {} {}",
            command.get_program().display(),
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        )),
        Err(err) => Err(format!("{}: {err}", command.get_program().display())),
    }
}
