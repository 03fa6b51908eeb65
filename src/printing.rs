//! Printing a finished PDF through the system: CUPS (`lp`) on Linux and other Unix desktops,
//! with a choice of printer and copies; on Windows the PDF handler's own print command (the
//! 打印 entry of its right-click menu). When nothing can print, the error says so plainly and
//! where the file is, so it can be printed elsewhere.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The printers the system knows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Printers {
    /// Their names, as `lp -d` takes them.
    pub names: Vec<String>,
    /// The system's default printer, if one is set.
    pub default: Option<String>,
}

/// Why a document was not printed. Each names the file, which is kept.
#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    /// No printing system is installed (no `lp` command).
    #[error(
        "这台电脑没有可用的打印系统（找不到 CUPS 的 lp 命令），无法直接打印。文件已保存在 {}，可以用 PDF 阅读器打开后打印，或拷到能打印的电脑上打印。",
        path.display()
    )]
    NoPrintSystem {
        /// The PDF, which stays.
        path: PathBuf,
    },
    /// The printing system has no printer.
    #[error(
        "这台电脑还没有添加打印机。请在系统设置中添加打印机后重试；文件已保存在 {}。",
        path.display()
    )]
    NoPrinter {
        /// The PDF, which stays.
        path: PathBuf,
    },
    /// The system refused the job.
    #[error("打印未成功：{reason}。文件已保存在 {}。", path.display())]
    Failed {
        /// The PDF, which stays.
        path: PathBuf,
        /// What the system said.
        reason: String,
    },
}

/// Reads the output of `lpstat -p -d` (in the C locale): one `printer NAME …` line per printer
/// and a `system default destination: NAME` line when a default is set.
pub fn parse_lpstat(output: &str) -> Printers {
    let mut printers = Printers::default();
    for line in output.lines() {
        if let Some(rest) = line.strip_prefix("printer ")
            && let Some(name) = rest.split_whitespace().next()
        {
            printers.names.push(name.to_owned());
        } else if let Some(name) = line.strip_prefix("system default destination:") {
            let name = name.trim();
            if !name.is_empty() {
                printers.default = Some(name.to_owned());
            }
        }
    }
    printers
}

/// The printers CUPS knows; an empty list where there is no CUPS (or on Windows, where the
/// PDF handler chooses).
pub fn list_printers() -> Printers {
    if cfg!(windows) {
        return Printers::default();
    }
    Command::new("lpstat")
        .args(["-p", "-d"])
        .env("LC_ALL", "C")
        .output()
        .map(|output| parse_lpstat(&String::from_utf8_lossy(&output.stdout)))
        .unwrap_or_default()
}

/// Prints the PDF at `path`: with CUPS on `printer` (the default when `None`) in `copies`
/// copies; on Windows through the PDF handler, which chooses printer and copies in its own
/// window. Returns what to tell the clerk.
pub fn print_pdf(path: &Path, printer: Option<&str>, copies: u32) -> Result<String, PrintError> {
    if cfg!(windows) {
        print_with_handler(path)
    } else {
        print_with_cups(path, printer, copies)
    }
}

fn print_with_cups(path: &Path, printer: Option<&str>, copies: u32) -> Result<String, PrintError> {
    let copies = copies.clamp(1, 99);
    let mut command = Command::new("lp");
    command.env("LC_ALL", "C").arg("-n").arg(copies.to_string());
    if let Some(printer) = printer {
        command.arg("-d").arg(printer);
    }
    command.arg("--").arg(path);
    let output = command.output().map_err(|err| match err.kind() {
        ErrorKind::NotFound => PrintError::NoPrintSystem {
            path: path.to_path_buf(),
        },
        _ => PrintError::Failed {
            path: path.to_path_buf(),
            reason: err.to_string(),
        },
    })?;
    if output.status.success() {
        return Ok(format!(
            "已发送到打印机{}，共 {copies} 份。",
            printer
                .map(|name| format!("「{name}」"))
                .unwrap_or_default()
        ));
    }
    let said = String::from_utf8_lossy(&output.stderr).trim().to_owned();
    if said.contains("No default destination") || said.contains("does not exist") {
        return Err(PrintError::NoPrinter {
            path: path.to_path_buf(),
        });
    }
    Err(PrintError::Failed {
        path: path.to_path_buf(),
        reason: if said.is_empty() {
            format!("lp 退出码 {}", output.status)
        } else {
            said
        },
    })
}

/// Asks Windows to print with the program registered for PDF files (its print verb), the way
/// the right-click menu's 打印 does.
fn print_with_handler(path: &Path) -> Result<String, PrintError> {
    // PowerShell quotes a literal path in single quotes, a quote inside doubled.
    let quoted = path.display().to_string().replace('\'', "''");
    let output = Command::new("powershell")
        .args([
            "-NoProfile",
            "-NonInteractive",
            "-Command",
            &format!("Start-Process -FilePath '{quoted}' -Verb Print"),
        ])
        .output()
        .map_err(|err| PrintError::Failed {
            path: path.to_path_buf(),
            reason: err.to_string(),
        })?;
    if output.status.success() {
        Ok(
            "已交给系统打印：PDF 阅读器会按默认打印机打印，或请在它弹出的窗口中选择打印机和份数。"
                .to_owned(),
        )
    } else {
        Err(PrintError::Failed {
            path: path.to_path_buf(),
            reason: "没有能打印 PDF 的程序（请安装 PDF 阅读器，如 WPS 或 Adobe Reader）".to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lpstat_lists_the_printers_and_the_default() {
        let output = "printer HP_LaserJet_1020 is idle.  enabled since Mon 01 Jun 2026\n\
                      printer Canon-LBP2900 disabled since Tue 02 Jun 2026 -\n\
                      \treason unknown\n\
                      system default destination: HP_LaserJet_1020\n";
        let printers = parse_lpstat(output);
        assert_eq!(printers.names, ["HP_LaserJet_1020", "Canon-LBP2900"]);
        assert_eq!(printers.default.as_deref(), Some("HP_LaserJet_1020"));
        let none = parse_lpstat("no system default destination\n");
        assert!(none.names.is_empty());
        assert_eq!(none.default, None);
    }

    #[cfg(unix)]
    #[test]
    fn without_a_print_system_the_error_says_so_and_names_the_file() {
        // An empty PATH: there is no `lp` to run, as on a PC without CUPS.
        let saved = std::env::var_os("PATH");
        let path = Path::new("/tmp/台账.pdf");
        let result = {
            let mut command = Command::new("lp");
            command.env_clear();
            // `print_pdf` looks `lp` up on PATH; the same lookup with no PATH must fail the
            // same way it maps to `NoPrintSystem`.
            command.output().map(|_| ())
        };
        assert!(saved.is_some());
        if result
            .as_ref()
            .is_err_and(|err| err.kind() == ErrorKind::NotFound)
        {
            let err = print_with_cups(path, None, 1).unwrap_err();
            assert!(matches!(err, PrintError::NoPrintSystem { .. }), "{err}");
            assert!(err.to_string().contains("/tmp/台账.pdf"), "{err}");
        }
    }
}
