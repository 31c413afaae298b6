//! `cargo xtask fuzz --minimize FILE`: shrinks a failing spec to the fewest lines that still fail
//! the same way (a panic at the same place, or a hang), by delta debugging over lines.
//!
//! Each try runs in a child process (`xtask fuzz --run-one FILE`), not on a thread: a try that
//! hangs must be stopped, and only a process can be killed.

use anyhow::{Context, Result};
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

/// A try still running after this counts as a hang.
const HANG: Duration = Duration::from_secs(3);

/// How a spec fails: `panic at FILE:LINE`, `hang`, or `ok` when it does not fail.
type Failure = String;

/// In the child: generates from `file` and prints how it failed.
pub(crate) fn run_one(file: &Path) -> Result<ExitCode> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    let result = super::run_case(0, text, Some("fuzz".to_owned()));
    match result {
        Ok((super::Outcome::Panic(message), _)) => {
            let site = message.split(": ").next().unwrap_or_default();
            println!("panic at {site}");
        }
        Ok(_) => println!("ok"),
        Err(_) => println!("hang"),
    }
    Ok(ExitCode::SUCCESS)
}

fn failure_of(text: &str, scratch: &Path) -> Result<Failure> {
    std::fs::write(scratch, text)?;
    let exe = std::env::current_exe()?;
    let mut child = Command::new(exe)
        .args(["fuzz", "--run-one"])
        .arg(scratch)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let started = Instant::now();
    loop {
        if child.try_wait()?.is_some() {
            break;
        }
        if started.elapsed() > HANG {
            let _ = child.kill();
            let _ = child.wait();
            return Ok("hang".to_owned());
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let mut out = String::new();
    if let Some(mut stdout) = child.stdout.take() {
        stdout.read_to_string(&mut out)?;
    }
    Ok(out.trim().to_owned())
}

/// Shrinks `file` and writes the result beside it as `*.min.*`.
pub(crate) fn minimize(file: &Path) -> Result<ExitCode> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    let scratch = scratch_path(file);
    let wanted = failure_of(&text, &scratch)?;
    if wanted == "ok" {
        println!("{} does not fail; nothing to minimize", file.display());
        return Ok(ExitCode::FAILURE);
    }
    println!(
        "{}: {wanted}; {} lines",
        file.display(),
        text.lines().count()
    );
    let mut lines: Vec<&str> = text.lines().collect();
    let mut tries = 0;
    let mut chunk = lines.len().div_ceil(2).max(1);
    loop {
        let mut removed_any = false;
        let mut start = 0;
        while start < lines.len() {
            let end = (start + chunk).min(lines.len());
            let candidate: Vec<&str> = [&lines[..start], &lines[end..]].concat();
            tries += 1;
            if failure_of(&(candidate.join("\n") + "\n"), &scratch)? == wanted {
                lines = candidate;
                removed_any = true;
            } else {
                start = end;
            }
        }
        if chunk == 1 && !removed_any {
            break;
        }
        if !removed_any {
            chunk = chunk.div_ceil(2);
        }
    }
    let _ = std::fs::remove_file(&scratch);
    let minimal = lines.join("\n") + "\n";
    let out = min_path(file);
    std::fs::write(&out, &minimal)?;
    println!(
        "{} lines after {tries} tries, still `{wanted}`; written to {}:\n{minimal}",
        lines.len(),
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn scratch_path(file: &Path) -> PathBuf {
    file.with_extension(format!("try.{}", extension(file)))
}

fn min_path(file: &Path) -> PathBuf {
    file.with_extension(format!("min.{}", extension(file)))
}

fn extension(file: &Path) -> String {
    file.extension()
        .map_or_else(|| "yaml".to_owned(), |e| e.to_string_lossy().into_owned())
}
