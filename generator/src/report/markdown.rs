//! The report as Markdown, ready to paste into a pull request: a verdict, a table of counts,
//! then each change under its level.

use super::{Change, Level, Report, RustImpact};
use std::fmt::Write;

/// GitHub refuses comments over 65,536 characters; the list stops short of that.
const MAX_CHARS: usize = 60_000;

pub(super) fn render(report: &Report, title: &str) -> String {
    if report.is_empty() {
        // One line: a report over several specs stays short where nothing changed.
        return format!("API changes: {title}: no change.\n");
    }
    let mut out = format!("## API changes: {title}\n\n");
    verdict(&mut out, report);
    counts(&mut out, report);
    let mut written = 0;
    for level in [
        Level::Breaking,
        Level::PossiblyBreaking,
        Level::Informational,
    ] {
        let changes: Vec<&Change> = report
            .changes
            .iter()
            .filter(|c| c.level() == level)
            .collect();
        if changes.is_empty() {
            continue;
        }
        let _ = write!(out, "\n### {}\n\n", crate::text::capitalized(level.words()));
        for change in changes {
            let mut text = String::new();
            entry(&mut text, change);
            if out.len() + text.len() > MAX_CHARS {
                break;
            }
            out.push_str(&text);
            written += 1;
        }
    }
    if written < report.changes.len() {
        let _ = writeln!(
            out,
            "\n…and {} more changes, not shown.",
            report.changes.len() - written
        );
    }
    if report.doc_only > 0 {
        let _ = writeln!(
            out,
            "\n{} documentation-only {} (descriptions, summaries), not listed.",
            report.doc_only,
            if report.doc_only == 1 {
                "change"
            } else {
                "changes"
            }
        );
    }
    out
}

/// The headline: the wire level and the crate's version advice, each labelled, since they
/// are two scales (what the server and old clients do; what callers' code does).
fn verdict(out: &mut String, report: &Report) {
    let rust = report.changes.iter().map(|c| c.rust).max();
    let (bump, why) = match rust {
        Some(RustImpact::Major) => (
            "major (for a 0.y crate, the next minor)",
            "callers' code may no longer compile",
        ),
        Some(RustImpact::Runtime) => (
            "minor (for a 0.y crate, a patch)",
            "callers' code compiles, but some values are checked or handled differently",
        ),
        Some(RustImpact::Minor) => (
            "minor (for a 0.y crate, a patch)",
            "callers' code compiles unchanged",
        ),
        Some(RustImpact::None) | None => ("patch", "nothing changes for callers' code"),
    };
    let wire = report
        .changes
        .iter()
        .map(|c| c.wire)
        .max()
        .unwrap_or(Level::Informational);
    let count = |level| report.changes.iter().filter(|c| c.wire == level).count();
    let _ = writeln!(
        out,
        "**Wire: {}** ({} breaking, {} possibly breaking, {} informational). **Crate version: {bump}**: {why}.\n",
        wire.words(),
        count(Level::Breaking),
        count(Level::PossiblyBreaking),
        count(Level::Informational),
    );
}

fn counts(out: &mut String, report: &Report) {
    out.push_str("| level | wire | Rust callers |\n|---|---|---|\n");
    let wire = |level| report.changes.iter().filter(|c| c.wire == level).count();
    let rust = |impacts: &[RustImpact]| {
        report
            .changes
            .iter()
            .filter(|c| impacts.contains(&c.rust))
            .count()
    };
    let _ = writeln!(
        out,
        "| breaking | {} | {} (major) |",
        wire(Level::Breaking),
        rust(&[RustImpact::Major])
    );
    let _ = writeln!(
        out,
        "| possibly breaking | {} | {} (runtime) |",
        wire(Level::PossiblyBreaking),
        rust(&[RustImpact::Runtime])
    );
    let _ = writeln!(
        out,
        "| informational | {} | {} (minor or none) |",
        wire(Level::Informational),
        rust(&[RustImpact::Minor, RustImpact::None])
    );
}

fn entry(out: &mut String, change: &Change) {
    let _ = writeln!(out, "- **{}**: {}", change.subject, change.message);
    let wire = if change.wire == Level::Informational {
        change.wire.words().to_owned()
    } else {
        format!("**{}**", change.wire.words())
    };
    let _ = writeln!(out, "  - wire: {wire}: {}", change.wire_reason);
    let rust = if change.rust == RustImpact::Major {
        format!("**{}**", change.rust.words())
    } else {
        change.rust.words().to_owned()
    };
    let _ = writeln!(out, "  - Rust: {rust}: {}", change.rust_reason);
    if !change.operations.is_empty() && !change.on_operation {
        let names: Vec<String> = change.operations.iter().map(|o| format!("`{o}`")).collect();
        let _ = writeln!(out, "  - used by {}", names.join(", "));
    }
}
