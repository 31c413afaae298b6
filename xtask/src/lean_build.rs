//! `cargo xtask lean-build`: how long the client generated from each large public document takes
//! to build cold, and how much memory rustc needs for it. Each document (by default those in
//! `target/public-specs/`, filled by `xtask/public-specs.sh`) becomes a standalone crate under
//! `target/lean-build/`; a first `cargo build` compiles the dependencies, then the crate alone is
//! cleaned and built again, timed, with warnings denied. rustc runs under GNU time through a
//! `RUSTC_WRAPPER`, so the peak memory is rustc's own, not cargo's; the wrapper's log also shows
//! that the timed build compiled that one crate and no dependency.

use crate::crates;
use anyhow::{Context, Result, bail};
use generator::Settings;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

/// The budget the issue sets for a cold build of the generated crate alone on a 2-core machine.
const BUDGET_SECONDS: f64 = 60.0;
const BUDGET_KIB: u64 = 2 * 1024 * 1024;

const GNU_TIME: &str = "/usr/bin/time";

/// Runs rustc under GNU time, appending `peak-KiB seconds crate-name` to `$LEAN_BUILD_LOG`.
const WRAPPER: &str = r#"#!/bin/sh
# Written by `cargo xtask lean-build`: cargo's RUSTC_WRAPPER, which runs rustc ("$1") under GNU
# time and appends "peak-KiB seconds crate-name" to $LEAN_BUILD_LOG.
crate=-
previous=
for arg in "$@"; do
  if [ "$previous" = --crate-name ]; then crate=$arg; fi
  previous=$arg
done
exec /usr/bin/time -a -o "$LEAN_BUILD_LOG" -f "%M %e $crate" "$@"
"#;

struct Options {
    inputs: Vec<PathBuf>,
    jobs: usize,
}

/// One document's row.
#[derive(Debug)]
struct Row {
    name: String,
    spec_kib: usize,
    result: Result<Build, String>,
}

#[derive(Debug)]
struct Build {
    lines: usize,
    wall_seconds: f64,
    rustc_seconds: f64,
    peak_kib: u64,
    /// Crates other than the generated one that the timed build compiled: none if the
    /// dependencies were fresh, as they should be.
    others: Vec<String>,
}

pub(crate) fn run(root: &Path, args: &[String]) -> Result<ExitCode> {
    let mut options = Options {
        inputs: Vec::new(),
        jobs: 2,
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--jobs" => {
                options.jobs = args
                    .next()
                    .context("--jobs needs a number")?
                    .parse()
                    .context("--jobs")?;
            }
            flag if flag.starts_with("--") => bail!("unknown argument `{flag}`"),
            path => options.inputs.push(path.into()),
        }
    }
    if options.inputs.is_empty() {
        options.inputs.push(root.join("target/public-specs"));
    }
    if !Path::new(GNU_TIME).exists() {
        bail!("{GNU_TIME} is missing; install GNU time (`apt-get install time`)");
    }
    let mut files = Vec::new();
    for input in &options.inputs {
        files.extend(crate::survey::expand(input)?);
    }
    if files.is_empty() {
        bail!("no documents; run xtask/public-specs.sh, or name files or folders");
    }
    let work = root.join("target/lean-build");
    std::fs::create_dir_all(&work)?;
    let wrapper = work.join("rustc-wrapper.sh");
    std::fs::write(&wrapper, WRAPPER)?;
    make_executable(&wrapper)?;
    let mut rows = Vec::new();
    for file in &files {
        let row = build_one(root, &work, &wrapper, file, options.jobs)?;
        eprintln!("{}", row.line());
        rows.push(row);
    }
    print!("{}", table(&rows, options.jobs));
    // The proof wants every document built, warning-free and within budget; anything less fails.
    Ok(if rows.iter().all(Row::within_budget) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

#[cfg(unix)]
fn make_executable(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))?;
    Ok(())
}

#[cfg(not(unix))]
fn make_executable(_: &Path) -> Result<()> {
    bail!("lean-build runs rustc under GNU time through a shell script, which needs Unix")
}

fn build_one(root: &Path, work: &Path, wrapper: &Path, file: &Path, jobs: usize) -> Result<Row> {
    let name = file
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let text =
        std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    let mut row = Row {
        name: name.clone(),
        spec_kib: text.len() / 1024,
        result: Err(String::new()),
    };
    let package = crates::package_name("lean", file);
    let settings = Settings {
        spec_name: name,
        standalone_crate: Some(package.clone()),
        runtime_path: Some(crates::SHARED_RUNTIME.to_owned()),
        doc_crate: None,
    };
    let generated = match generator::generate(&text, &settings) {
        Ok(generated) => generated,
        Err(diagnostics) => {
            let mut kinds: Vec<((generator::Severity, &str), usize)> =
                diagnostics.by_kind().into_iter().collect();
            kinds.retain(|((severity, _), _)| {
                matches!(
                    severity,
                    generator::Severity::Error | generator::Severity::Internal
                )
            });
            kinds.sort_by_key(|(_, count)| std::cmp::Reverse(*count));
            let top: Vec<String> = kinds
                .iter()
                .take(2)
                .map(|((_, kind), count)| format!("{count}× {kind}"))
                .collect();
            let internal = match diagnostics.count(generator::Severity::Internal) {
                0 => String::new(),
                n => format!(" and {n} internal errors (generator bugs)"),
            };
            row.result = Err(format!(
                "refused: {} errors{internal} ({}…)",
                diagnostics.count(generator::Severity::Error),
                top.join("; ")
            ));
            return Ok(row);
        }
    };
    let lines = generated
        .files
        .iter()
        .filter(|f| {
            f.path.starts_with(generator::GENERATED_DIR) && !generator::is_mock_module(&f.path)
        })
        .map(|f| f.contents.lines().count())
        .sum();
    let dir = work.join(&package);
    crates::write_runtime(&work.join("runtime"))?;
    crates::write(root, &dir, &generated.files)?;
    let log = work.join(format!("{package}.rustc.log"));
    let cargo = |args: &[&str]| -> Result<std::process::Output> {
        let program = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let mut command = Command::new(program);
        command.args(args);
        if args.first() == Some(&"build") {
            command.arg("-j").arg(jobs.to_string());
        }
        command
            .current_dir(&dir)
            .env("CARGO_TARGET_DIR", work.join("target"))
            .env("RUSTFLAGS", "-D warnings")
            .env("RUSTC_WRAPPER", wrapper)
            .env("LEAN_BUILD_LOG", &log)
            .output()
            .with_context(|| format!("running cargo {} in {}", args.join(" "), dir.display()))
    };
    // The first build compiles the dependencies, and the crate once.
    let warm = cargo(&["build", "--quiet", "--message-format", "short"])?;
    if !warm.status.success() {
        let stderr = String::from_utf8_lossy(&warm.stderr);
        row.result = Err(format!(
            "does not compile: {}",
            crates::first_error(&stderr).unwrap_or_else(|| "cargo build failed".to_owned())
        ));
        return Ok(row);
    }
    let clean = cargo(&["clean", "--quiet", "--package", &package])?;
    if !clean.status.success() {
        bail!(
            "cargo clean -p {package} failed: {}",
            String::from_utf8_lossy(&clean.stderr)
        );
    }
    std::fs::write(&log, "")?;
    let started = Instant::now();
    let timed = cargo(&["build", "--quiet"])?;
    let wall_seconds = started.elapsed().as_secs_f64();
    if !timed.status.success() {
        bail!(
            "the second build of {package} failed after the first passed:\n{}",
            String::from_utf8_lossy(&timed.stderr)
        );
    }
    let crate_name = package.replace('-', "_");
    let records = parse_log(&std::fs::read_to_string(&log)?);
    let own: Vec<&Record> = records
        .iter()
        .filter(|r| r.crate_name == crate_name)
        .collect();
    if own.is_empty() {
        bail!(
            "rustc's log {} has no run for {crate_name}: was the wrapper used?",
            log.display()
        );
    }
    row.result = Ok(Build {
        lines,
        wall_seconds,
        rustc_seconds: own.iter().map(|r| r.seconds).sum(),
        peak_kib: own.iter().map(|r| r.peak_kib).max().unwrap_or(0),
        others: records
            .iter()
            .filter(|r| r.crate_name != crate_name && r.crate_name != "-")
            .map(|r| r.crate_name.clone())
            .collect(),
    });
    Ok(row)
}

/// One rustc run, as the wrapper logs it.
#[derive(Debug, PartialEq)]
struct Record {
    peak_kib: u64,
    seconds: f64,
    crate_name: String,
}

/// The wrapper's records; GNU time's other lines (a command that exited non-zero adds one)
/// are skipped.
fn parse_log(log: &str) -> Vec<Record> {
    log.lines()
        .filter_map(|line| {
            let mut fields = line.split_whitespace();
            let peak_kib = fields.next()?.parse().ok()?;
            let seconds = fields.next()?.parse().ok()?;
            let crate_name = fields.next()?.to_owned();
            fields.next().is_none().then_some(Record {
                peak_kib,
                seconds,
                crate_name,
            })
        })
        .collect()
}

impl Row {
    /// Generated, compiled, and built within both budgets, compiling no other crate.
    fn within_budget(&self) -> bool {
        self.result.as_ref().is_ok_and(|build| {
            build.wall_seconds <= BUDGET_SECONDS
                && build.peak_kib <= BUDGET_KIB
                && build.others.is_empty()
        })
    }

    fn line(&self) -> String {
        match &self.result {
            Ok(build) => format!(
                "{}: built in {:.1} s (rustc {:.1} s, peak {} MiB)",
                self.name,
                build.wall_seconds,
                build.rustc_seconds,
                build.peak_kib / 1024
            ),
            Err(reason) => format!("{}: {reason}", self.name),
        }
    }
}

fn table(rows: &[Row], jobs: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\nCold `cargo build -j {jobs}` (dev profile, RUSTFLAGS=-D warnings) of each generated crate \
         alone, its dependencies already built; budget {BUDGET_SECONDS} s and {} GiB.\n",
        BUDGET_KIB / 1024 / 1024
    );
    let _ = writeln!(
        out,
        "| document | spec KiB | generated lines | build s | rustc s | rustc peak MiB | within budget |"
    );
    let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|---|");
    for row in rows {
        match &row.result {
            Ok(build) => {
                let mut verdict = if row.within_budget() { "yes" } else { "NO" }.to_owned();
                if !build.others.is_empty() {
                    let _ = write!(verdict, " (also rebuilt: {})", build.others.join(", "));
                }
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {:.1} | {:.1} | {} | {verdict} |",
                    row.name,
                    row.spec_kib,
                    build.lines,
                    build.wall_seconds,
                    build.rustc_seconds,
                    build.peak_kib / 1024
                );
            }
            Err(reason) => {
                let _ = writeln!(
                    out,
                    "| {} | {} | – | – | – | – | {} |",
                    row.name,
                    row.spec_kib,
                    reason.replace('|', "\\|")
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The wrapper's lines are read; a line GNU time adds for a failed command is not.
    #[test]
    fn log_records_are_parsed() {
        let log = "Command exited with non-zero status 1\n812345 41.20 lean_github\n20480 0.05 -\n";
        assert_eq!(
            parse_log(log),
            [
                Record {
                    peak_kib: 812_345,
                    seconds: 41.2,
                    crate_name: "lean_github".to_owned()
                },
                Record {
                    peak_kib: 20_480,
                    seconds: 0.05,
                    crate_name: "-".to_owned()
                },
            ]
        );
    }

    /// Over either budget is not within it.
    #[test]
    fn a_build_over_budget_says_no() {
        let row = |seconds: f64, peak_kib: u64| Row {
            name: "x.json".to_owned(),
            spec_kib: 1,
            result: Ok(Build {
                lines: 1,
                wall_seconds: seconds,
                rustc_seconds: seconds,
                peak_kib,
                others: Vec::new(),
            }),
        };
        let verdicts = |rows: &[Row]| -> Vec<String> {
            table(rows, 2)
                .lines()
                .filter(|l| l.starts_with("| x.json"))
                .map(|l| l.rsplit('|').nth(1).unwrap_or("").trim().to_owned())
                .collect()
        };
        assert_eq!(
            verdicts(&[row(59.0, 1024), row(61.0, 1024), row(1.0, BUDGET_KIB + 1)]),
            ["yes", "NO", "NO"]
        );
    }
}
