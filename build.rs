//! Build script: stamps the commit and the build date into the binary for `zhenggai --version`,
//! and on a Windows (MinGW) build links the icon into the .exe as a resource, so Explorer, the
//! taskbar and shortcuts show it.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    println!("cargo:rustc-env=ZHENGGAI_COMMIT={}", commit());
    println!("cargo:rustc-env=ZHENGGAI_BUILD_DATE={}", build_date());
    println!("cargo:rerun-if-env-changed=SOURCE_DATE_EPOCH");
    watch_git_head();
    let target = |key: &str| std::env::var(key).unwrap_or_default();
    if target("CARGO_CFG_TARGET_OS") == "windows" && target("CARGO_CFG_TARGET_ENV") == "gnu" {
        link_windows_icon(&target("CARGO_CFG_TARGET_ARCH"));
    }
}

/// The short hash of the commit being built, or `unknown` outside a git checkout (a source
/// archive).
fn commit() -> String {
    let git = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .output()
            .ok()
            .filter(|output| output.status.success())
            .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_owned())
    };
    match git(&["rev-parse", "--short=10", "HEAD"]) {
        Some(hash) if !hash.is_empty() => {
            let dirty = git(&["status", "--porcelain", "--untracked-files=no"])
                .is_some_and(|status| !status.is_empty());
            if dirty {
                format!("{hash}-modified")
            } else {
                hash
            }
        }
        _ => "unknown".to_owned(),
    }
}

/// The build day as YYYY-MM-DD (UTC): `SOURCE_DATE_EPOCH` when set, for reproducible builds,
/// otherwise today.
fn build_date() -> String {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|value| value.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |elapsed| elapsed.as_secs() as i64)
        });
    let (year, month, day) = civil_from_days(seconds.div_euclid(86_400));
    format!("{year:04}-{month:02}-{day:02}")
}

/// The proleptic Gregorian date of a count of days since 1970-01-01 (Howard Hinnant's
/// algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Rebuilds when the checked-out commit changes, so the stamped hash follows it. Only files
/// that exist are watched: cargo takes a missing one as changed and would rebuild every time
/// (a branch whose ref was packed lives in `packed-refs`).
fn watch_git_head() {
    let head = Path::new(".git/HEAD");
    if !head.is_file() {
        return;
    }
    println!("cargo:rerun-if-changed=.git/HEAD");
    let reference = std::fs::read_to_string(head)
        .ok()
        .and_then(|text| text.trim().strip_prefix("ref: ").map(str::to_owned));
    if let Some(reference) = reference {
        let loose = Path::new(".git").join(&reference);
        if loose.is_file() {
            println!("cargo:rerun-if-changed={}", loose.display());
        } else if Path::new(".git/packed-refs").is_file() {
            println!("cargo:rerun-if-changed=.git/packed-refs");
        }
    }
}

/// Compiles a resource script naming the icon with MinGW's windres for `arch` and links the
/// object into the executables. Without windres the build goes on and the .exe has the default
/// icon.
fn link_windows_icon(arch: &str) {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let icon = manifest.join("assets/icon/zhenggai.ico");
    println!("cargo:rerun-if-changed={}", icon.display());
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default());
    let script = out.join("zhenggai.rc");
    let object = out.join("zhenggai-icon.o");
    let icon_path = icon.display().to_string().replace('\\', "/");
    if std::fs::write(&script, format!("1 ICON \"{icon_path}\"\n")).is_err() {
        return;
    }
    let windres =
        std::env::var("WINDRES").unwrap_or_else(|_| format!("{arch}-w64-mingw32-windres"));
    // The script has nothing to preprocess, so windres need not look for MinGW's gcc to do it.
    let compiled = Command::new(&windres)
        .arg("--preprocessor=cat")
        .arg(&script)
        .args(["-O", "coff", "-o"])
        .arg(&object)
        .status()
        .is_ok_and(|status| status.success());
    if compiled {
        println!("cargo:rustc-link-arg-bins={}", object.display());
    } else {
        println!(
            "cargo:warning=windres ({windres}) is not available: the .exe keeps the default icon"
        );
    }
}
