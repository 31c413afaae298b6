//! The corpus report: the summary printed after a run, and the row per document of `--out`.

use super::{Compiled, Document, Outcome, Untyped};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Blockers and warning kinds listed in the summary before the rest are left to `--out`.
const SUMMARY_ROWS: usize = 30;

/// An error kind as a construct: schema names in parentheses (`a schema that contains itself
/// (parent → child)`) are left out, as the generator leaves out names in backquotes, so that
/// one construct is one row however many schemas have it.
pub(super) fn construct(kind: &str) -> String {
    let mut out = String::with_capacity(kind.len());
    let mut rest = kind;
    while let Some(open) = rest.find('(') {
        let Some(close) = rest[open..].find(')').map(|c| open + c) else {
            break;
        };
        let inside = &rest[open + 1..close];
        let tokens: Vec<&str> = inside.split_whitespace().collect();
        let is_name = |t: &&str| t.chars().all(|c| c.is_alphanumeric() || "_.-".contains(c));
        let names_only = tokens.iter().all(|t| *t == "→" || is_name(t))
            && (tokens.len() == 1 || tokens.contains(&"→"));
        out.push_str(&rest[..open]);
        out.push_str(if names_only && !tokens.is_empty() {
            "(…)"
        } else {
            &rest[open..=close]
        });
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

/// Kind → (documents, documents where it is the only one, occurrences), most documents first.
fn tally(
    per_document: impl Iterator<Item = BTreeMap<String, usize>>,
) -> Vec<(String, usize, usize, usize)> {
    let mut rows: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    for kinds in per_document {
        let only = kinds.len() == 1;
        for (kind, count) in kinds {
            let row = rows.entry(kind).or_default();
            row.0 += 1;
            row.1 += usize::from(only);
            row.2 += count;
        }
    }
    let mut rows: Vec<_> = rows
        .into_iter()
        .map(|(kind, (docs, only, count))| (kind, docs, only, count))
        .collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(b.3.cmp(&a.3)).then(a.0.cmp(&b.0)));
    rows
}

/// A finished run, ready to print.
pub(super) struct Report<'d> {
    pub(super) documents: &'d [Document],
    pub(super) compiled: bool,
    pub(super) seconds: u64,
    pub(super) generate_seconds: u64,
}

fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        return "–".to_owned();
    }
    format!("{:.1}%", part as f64 * 100.0 / whole as f64)
}

/// A table cell: pipes escaped, so that a kind quoting code does not split the row.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

impl Report<'_> {
    /// The documents that compiled, with `--compile`; otherwise those that generated.
    pub(super) fn passed(&self) -> usize {
        self.documents
            .iter()
            .filter(|d| match &d.outcome {
                Outcome::Generated { compiled, .. } => {
                    !self.compiled || matches!(compiled, Compiled::Yes)
                }
                _ => false,
            })
            .count()
    }

    pub(super) fn summary(&self) -> String {
        let n = self.documents.len();
        let generated = self
            .documents
            .iter()
            .filter(|d| matches!(d.outcome, Outcome::Generated { .. }))
            .count();
        let compiled = self
            .documents
            .iter()
            .filter(|d| {
                matches!(
                    d.outcome,
                    Outcome::Generated {
                        compiled: Compiled::Yes,
                        ..
                    }
                )
            })
            .count();
        let panicked = self
            .documents
            .iter()
            .filter(|d| matches!(d.outcome, Outcome::Panicked(_)))
            .count();
        let mut out = String::new();
        let _ = writeln!(out, "# Corpus report\n");
        let _ = writeln!(
            out,
            "{n} documents; generated {generated} ({}); {}; generator panics: {panicked}. \
             {} s in all, {} s generating.\n",
            percent(generated, n),
            if self.compiled {
                format!(
                    "compiled with `-D warnings` {compiled} ({})",
                    percent(compiled, n)
                )
            } else {
                "not compiled (run with --compile)".to_owned()
            },
            self.seconds,
            self.generate_seconds,
        );

        let fallback_warnings: usize = self.documents.iter().map(Document::fallback_warnings).sum();
        let weakenings: usize = self.documents.iter().map(Document::weakenings).sum();
        let untyped = self
            .documents
            .iter()
            .fold(Untyped::default(), |sum, d| Untyped {
                values: sum.values + d.untyped.values,
                maps: sum.maps + d.untyped.maps,
            });
        let with_untyped = self
            .documents
            .iter()
            .filter(|d| d.untyped.total() > 0)
            .count();
        let _ = writeln!(out, "## Fallbacks to `serde_json::Value`\n");
        let _ = writeln!(
            out,
            "- warnings and notes saying a schema was read as untyped JSON: {fallback_warnings}\n\
             - in the {generated} generated clients' modules: {} `serde_json::Value` and {} \
             `serde_json::Map<String, serde_json::Value>`, in {with_untyped} clients (this counts \
             schemas that allow any value, as `{{}}` does, and error bodies the document does \
             not describe, as well as fallbacks)\n\
             - besides, warnings and notes saying a keyword is ignored or not checked: \
             {weakenings}\n",
            untyped.values, untyped.maps,
        );

        let blockers = tally(self.documents.iter().map(|d| d.outcome.blockers()));
        let _ = writeln!(out, "## Blockers by construct\n");
        let _ = writeln!(
            out,
            "A document counts once under each kind it has; \"only\" counts the documents that \
             kind alone blocks.\n"
        );
        let _ = writeln!(out, "| documents | only | occurrences | blocker |");
        let _ = writeln!(out, "|---:|---:|---:|---|");
        for (kind, docs, only, count) in blockers.iter().take(SUMMARY_ROWS) {
            let _ = writeln!(out, "| {docs} | {only} | {count} | {} |", cell(kind));
        }
        if blockers.len() > SUMMARY_ROWS {
            let _ = writeln!(
                out,
                "\n… and {} more kinds, each in fewer documents.",
                blockers.len() - SUMMARY_ROWS
            );
        }

        let warnings = tally(self.documents.iter().map(|d| d.warnings.clone()));
        let _ = writeln!(out, "\n## Warnings by kind\n");
        let _ = writeln!(out, "| documents | occurrences | warning |");
        let _ = writeln!(out, "|---:|---:|---|");
        for (kind, docs, _, count) in warnings.iter().take(SUMMARY_ROWS) {
            let _ = writeln!(out, "| {docs} | {count} | {} |", cell(kind));
        }
        out
    }

    pub(super) fn per_document(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "## Per document\n");
        let _ = writeln!(
            out,
            "| document | KiB | ms | result | generated lines | `Value` / `Map` | fallbacks said | blockers (most frequent first) |"
        );
        let _ = writeln!(out, "|---|---:|---:|---|---:|---:|---:|---|");
        for d in self.documents {
            let mut blockers: Vec<(String, usize)> = d.outcome.blockers().into_iter().collect();
            blockers.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            let listed: Vec<String> = blockers
                .iter()
                .take(3)
                .map(|(kind, count)| format!("{count}× {kind}"))
                .collect();
            let more = blockers.len().saturating_sub(3);
            let lines = match d.outcome {
                Outcome::Generated { lines, .. } => lines.to_string(),
                _ => String::new(),
            };
            let result = match &d.outcome {
                Outcome::Generated {
                    compiled: Compiled::Yes,
                    ..
                } => "compiles",
                Outcome::Generated {
                    compiled: Compiled::No(_),
                    ..
                } => "does not compile",
                Outcome::Generated { .. } => "generated",
                Outcome::Refused(_) => "refused",
                Outcome::Panicked(_) => "panic",
                Outcome::Unreadable(_) => "unreadable",
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {result} | {lines} | {} / {} | {} | {}{} |",
                cell(&d.name),
                d.bytes / 1024,
                d.millis,
                d.untyped.values,
                d.untyped.maps,
                d.fallback_warnings(),
                cell(&listed.join("; ")),
                if more > 0 {
                    format!("; and {more} more")
                } else {
                    String::new()
                },
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A document counts once per kind however often the kind occurs in it, and "only" counts
    /// the documents with no other kind.
    #[test]
    fn blockers_count_documents_and_sole_blockers() {
        let documents = vec![
            BTreeMap::from([("oneOf".to_owned(), 5), ("allOf".to_owned(), 1)]),
            BTreeMap::from([("oneOf".to_owned(), 2)]),
            BTreeMap::from([("allOf".to_owned(), 9)]),
            BTreeMap::from([("anyOf".to_owned(), 1)]),
        ];
        let rows = tally(documents.into_iter());
        assert_eq!(
            rows,
            [
                ("allOf".to_owned(), 2, 1, 10),
                ("oneOf".to_owned(), 2, 1, 7),
                ("anyOf".to_owned(), 1, 1, 1),
            ]
        );
    }

    /// Names of schemas in parentheses go; words in parentheses stay.
    #[test]
    fn constructs_leave_out_schema_names() {
        assert_eq!(
            construct("a schema that contains itself (a → b); only arrays"),
            "a schema that contains itself (…); only arrays"
        );
        assert_eq!(construct("itself (parent_id)"), "itself (…)");
        let words = "a schema without a type (any JSON value) as a parameter";
        assert_eq!(construct(words), words);
    }
}
