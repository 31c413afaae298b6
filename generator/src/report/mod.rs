//! The change report: what changed between two [`Surface`]s of a client, and what each change
//! breaks.
//!
//! Each change gets two verdicts.
//! - **Wire**: what the server now accepts or may send. Direction matters: a request is broken
//!   by the server accepting less (a constraint tightened, a field made required), a response by
//!   the server sending more (a new enum value, a field that may now be absent, a constraint
//!   loosened, which this client checks when it decodes). A type used both ways gets both.
//! - **Rust**: what a caller of the generated crate sees. Structs and enums are
//!   `#[non_exhaustive]` and built with `new` and `with_…`, so a new optional field, a new enum
//!   value and a new operation compile unchanged (minor); a new constructor argument, a removed
//!   item or a changed field type do not (major); a changed constraint compiles but checks values
//!   differently (runtime).
//!
//! A change's level is the worse of the two. Documentation-only edits are counted, not listed.

mod compare;
mod constraints;
mod language;
mod markdown;

use crate::surface::Surface;

/// How much a change can break.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Breaks nothing.
    Informational,
    /// Breaks some callers or some uses, or cannot be decided from the documents.
    PossiblyBreaking,
    /// Breaks callers.
    Breaking,
}

impl Level {
    /// `breaking`, `possibly-breaking` or `informational`, as `--fail-on` takes it.
    pub fn parse(text: &str) -> Option<Level> {
        match text {
            "breaking" => Some(Level::Breaking),
            "possibly-breaking" => Some(Level::PossiblyBreaking),
            "informational" => Some(Level::Informational),
            _ => None,
        }
    }

    fn words(self) -> &'static str {
        match self {
            Level::Breaking => "breaking",
            Level::PossiblyBreaking => "possibly breaking",
            Level::Informational => "informational",
        }
    }
}

/// What a change means for code that calls the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RustImpact {
    /// Nothing a caller can see.
    None,
    /// Compiles unchanged: something was added.
    Minor,
    /// Compiles unchanged, but values are checked or handled differently.
    Runtime,
    /// Callers' code may no longer compile.
    Major,
}

impl RustImpact {
    /// The level this impact counts as.
    pub fn level(self) -> Level {
        match self {
            RustImpact::None | RustImpact::Minor => Level::Informational,
            RustImpact::Runtime => Level::PossiblyBreaking,
            RustImpact::Major => Level::Breaking,
        }
    }

    fn words(self) -> &'static str {
        match self {
            RustImpact::None => "none",
            RustImpact::Minor => "minor",
            RustImpact::Runtime => "runtime",
            RustImpact::Major => "major",
        }
    }
}

/// One change, with both verdicts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// A kebab-case name for the kind of change, e.g. `request-property-added`.
    pub id: &'static str,
    /// What changed, by the spec's names, as Markdown: ``​`create_customer` (POST /customer)``,
    /// ``​`CustomerCreateRequest.pinCode` ``.
    pub subject: String,
    /// Whether the subject is an operation (its parameters, body or result), rather than a
    /// type that operations use.
    pub on_operation: bool,
    /// What happened, e.g. "optional field `gst_treatment` added".
    pub message: String,
    pub wire: Level,
    /// Why the wire verdict is what it is.
    pub wire_reason: String,
    pub rust: RustImpact,
    /// Why the Rust verdict is what it is.
    pub rust_reason: String,
    /// The operations (method names) whose requests or responses hold what changed.
    pub operations: Vec<String>,
}

impl Change {
    /// The worse of the two verdicts.
    pub fn level(&self) -> Level {
        self.wire.max(self.rust.level())
    }
}

/// Every change between two surfaces, most severe first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub changes: Vec<Change>,
    /// Descriptions, summaries and other documentation that changed, counted.
    pub doc_only: usize,
}

impl Report {
    /// The most severe level among the changes, if there are any.
    pub fn worst(&self) -> Option<Level> {
        self.changes.iter().map(Change::level).max()
    }

    /// Whether nothing changed, documentation included.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty() && self.doc_only == 0
    }

    /// The report as Markdown, to paste into a pull request; `title` heads it.
    pub fn to_markdown(&self, title: &str) -> String {
        markdown::render(self, title)
    }

    /// The same content as [`Report::to_markdown`], as JSON for bots: the title, both
    /// headline verdicts, the count of documentation-only edits and every change with both of
    /// its verdicts, in the same order.
    pub fn to_json(&self, title: &str) -> serde_json::Value {
        let changes: Vec<serde_json::Value> = self
            .changes
            .iter()
            .map(|change| {
                serde_json::json!({
                    "id": change.id,
                    "level": change.level().words(),
                    "subject": change.subject,
                    "on_operation": change.on_operation,
                    "message": change.message,
                    "wire": {"level": change.wire.words(), "reason": change.wire_reason},
                    "rust": {"impact": change.rust.words(), "reason": change.rust_reason},
                    "operations": change.operations,
                })
            })
            .collect();
        let wire = self.changes.iter().map(|c| c.wire).max();
        let rust = self.changes.iter().map(|c| c.rust).max();
        serde_json::json!({
            "title": title,
            "wire": wire.map(Level::words),
            "rust": rust.map(RustImpact::words),
            "documentation_only": self.doc_only,
            "changes": changes,
        })
    }
}

/// Compares the surface of the client before a change with the one after it.
pub fn compare(before: &Surface, after: &Surface) -> Report {
    let mut report = compare::Comparison::default();
    report.surfaces(before, after);
    let mut changes = report.changes;
    changes.sort_by(|a, b| {
        b.level()
            .cmp(&a.level())
            .then_with(|| a.subject.cmp(&b.subject))
            .then_with(|| a.id.cmp(b.id))
            .then_with(|| a.message.cmp(&b.message))
    });
    Report {
        changes,
        doc_only: report.doc_edits.len(),
    }
}
