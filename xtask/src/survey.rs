//! `cargo xtask survey`: runs the generator over real-world documents and reports, per document,
//! whether it generated, how long it took, and which kinds of diagnostics it raised, most common
//! first. It reads how far the generator is from handling specs it has never seen.

use anyhow::{Context, Result};
use generator::{Diagnostics, Settings, Severity};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// How many kinds of diagnostic are listed per document before the rest are summed up.
const TOP_KINDS: usize = 25;

/// Surveys each file named in `args` (a folder stands for every file in it), by default every
/// file in `target/public-specs/`. A document that cannot be read or is refused is reported and
/// the survey goes on; the exit code is a failure only if a file could not be read.
pub(crate) fn run(root: &Path, args: &[String]) -> Result<ExitCode> {
    let inputs: Vec<PathBuf> = if args.is_empty() {
        vec![root.join("target/public-specs")]
    } else {
        args.iter().map(PathBuf::from).collect()
    };
    let mut files = Vec::new();
    for input in inputs {
        files.extend(expand(&input)?);
    }
    if files.is_empty() {
        println!("no documents to survey; run xtask/public-specs.sh or name files");
    }
    let mut unreadable = 0;
    for file in &files {
        if let Err(error) = survey_one(file) {
            println!("{}: {error:#}\n", file.display());
            unreadable += 1;
        }
    }
    Ok(if unreadable == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// A file stands for itself; a folder for the files directly inside it, sorted.
pub(crate) fn expand(input: &Path) -> Result<Vec<PathBuf>> {
    if !input.is_dir() {
        return Ok(vec![input.to_path_buf()]);
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(input).with_context(|| format!("listing {}", input.display()))? {
        let path = entry?.path();
        if path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

fn survey_one(file: &Path) -> Result<()> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    let settings = Settings {
        spec_name: file.file_name().map_or_else(
            || file.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        ),
        standalone_crate: Some("survey".to_owned()),
        runtime_path: None,
        doc_crate: None,
    };
    let started = Instant::now();
    let outcome = generator::generate(&text, &settings);
    let elapsed = started.elapsed();
    let (result, diagnostics) = match &outcome {
        Ok(generated) => (
            format!("generated {} files", generated.files.len()),
            &generated.diagnostics,
        ),
        Err(diagnostics) => ("refused".to_owned(), diagnostics),
    };
    println!(
        "{}: {result} in {} ms ({} bytes)",
        file.display(),
        elapsed.as_millis(),
        text.len()
    );
    print!("{}", kind_report(diagnostics));
    println!();
    Ok(())
}

/// The diagnostics as `severity count kind` lines: errors, then warnings, then notes, each most
/// common kind first, at most [`TOP_KINDS`] lines in all.
fn kind_report(diagnostics: &Diagnostics) -> String {
    let mut kinds: Vec<((Severity, &str), usize)> = diagnostics.by_kind().into_iter().collect();
    // `by_kind` orders by severity then kind; keep severity first, then most common, then name.
    kinds.sort_by(|(a, a_count), (b, b_count)| {
        a.0.cmp(&b.0).then(b_count.cmp(a_count)).then(a.1.cmp(b.1))
    });
    let mut report = String::new();
    for ((severity, kind), count) in kinds.iter().take(TOP_KINDS) {
        let label = match severity {
            Severity::Internal => "internal",
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        report.push_str(&format!("  {label:<7} {count:>6}  {kind}\n"));
    }
    if kinds.len() > TOP_KINDS {
        let rest = &kinds[TOP_KINDS..];
        let count: usize = rest.iter().map(|(_, c)| c).sum();
        report.push_str(&format!(
            "  … and {} more kinds ({count} diagnostics)\n",
            rest.len()
        ));
    }
    if kinds.is_empty() {
        report.push_str("  no diagnostics\n");
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use generator::Diagnostic;

    fn diagnostic(severity: Severity, kind: &str) -> Diagnostic {
        Diagnostic {
            pointer: "#".to_owned(),
            message: kind.to_owned(),
            severity,
            kind: kind.to_owned(),
        }
    }

    /// Errors come before notes even when notes are more common; within a severity, the most
    /// common kind comes first.
    #[test]
    fn kinds_are_ordered_by_severity_then_count() {
        let diagnostics = Diagnostics(vec![
            diagnostic(Severity::Note, "n"),
            diagnostic(Severity::Note, "n"),
            diagnostic(Severity::Error, "rare"),
            diagnostic(Severity::Error, "common"),
            diagnostic(Severity::Error, "common"),
        ]);
        let report = kind_report(&diagnostics);
        let kinds: Vec<&str> = report
            .lines()
            .filter_map(|l| l.split_whitespace().nth(2))
            .collect();
        assert_eq!(kinds, ["common", "rare", "n"]);
    }

    /// Past the cap, the remaining kinds are summed in one line.
    #[test]
    fn kinds_past_the_cap_are_summed() {
        let diagnostics = Diagnostics(
            (0..TOP_KINDS + 3)
                .map(|i| diagnostic(Severity::Warning, &format!("k{i:02}")))
                .collect(),
        );
        let report = kind_report(&diagnostics);
        assert_eq!(report.lines().count(), TOP_KINDS + 1);
        assert!(report.ends_with("… and 3 more kinds (3 diagnostics)\n"));
    }
}
