//! Problems found in a spec, each tied to a JSON pointer into the document, and the generator's
//! own failures, which are tied to none.
//!
//! A diagnostic has a severity: an **error** stops generation (the client could not be generated
//! correctly), a **warning** names a defect in the spec that the generator works around, and a
//! **note** says what the generator decided on its own (a derived method name, a renamed type).
//! An **internal error** is a bug in the generator, not a problem in the spec: it stops
//! generation too, and says so, with no pointer, so that no one goes looking in the spec for it.
//! Each also has a kind, a short label shared by every diagnostic of its class, so that a report
//! on a large document can be read as counts per kind first.

use std::collections::BTreeMap;
use std::fmt;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// A bug in the generator (its own output does not parse, or a state it should never reach):
    /// not a problem in the spec, whose pointer is empty. It stops generation, like an error.
    Internal,
    /// The client cannot be generated correctly.
    Error,
    /// A defect in the spec, worked around.
    Warning,
    /// A decision the generator made that the spec author may want to know about.
    Note,
}

impl Severity {
    fn label(self) -> &'static str {
        match self {
            Severity::Internal => "internal error",
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// One problem in the spec, or an internal error of the generator.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// A JSON pointer into the spec, as a URI fragment: `#/components/schemas/Customer/properties/ifsc`.
    /// Empty for an [internal error](Severity::Internal), which is about no place in the spec.
    pub pointer: String,
    /// What is wrong, in a sentence.
    pub message: String,
    /// How serious it is.
    pub severity: Severity,
    /// The class of problem, shared by every diagnostic of that class, e.g. "unsupported: `not`".
    pub kind: String,
}

/// Every problem found in a spec, sorted by pointer so that reports are stable (internal errors,
/// which have none, first).
#[derive(Debug, Clone, Default, PartialEq, Eq, thiserror::Error)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Records an error whose kind is its message with every quoted name left out, so that
    /// "`a` and `b` both become …" and "`c` and `d` both become …" count as one kind.
    pub(crate) fn push(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        let message = message.into();
        let kind = kind_of(&message);
        self.add(Severity::Error, kind, pointer, message);
    }

    /// Records an error of the given kind.
    pub(crate) fn error(
        &mut self,
        kind: impl Into<String>,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.add(Severity::Error, kind, pointer, message);
    }

    /// Records an internal error: a bug in the generator, which `message` describes (what the
    /// generator found wrong with its own work), not a problem in the spec.
    pub(crate) fn internal(&mut self, message: impl Into<String>) {
        self.add(Severity::Internal, INTERNAL_KIND, "", message);
    }

    /// Records a warning of the given kind.
    pub(crate) fn warning(
        &mut self,
        kind: impl Into<String>,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.add(Severity::Warning, kind, pointer, message);
    }

    /// Records a note of the given kind.
    pub(crate) fn note(
        &mut self,
        kind: impl Into<String>,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.add(Severity::Note, kind, pointer, message);
    }

    pub(crate) fn add(
        &mut self,
        severity: Severity,
        kind: impl Into<String>,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.0.push(Diagnostic {
            pointer: pointer.into(),
            message: message.into(),
            severity,
            kind: kind.into(),
        });
    }

    /// Turns every warning into an error, for a strict document.
    pub(crate) fn make_warnings_errors(&mut self) {
        for d in &mut self.0 {
            if d.severity == Severity::Warning {
                d.severity = Severity::Error;
            }
        }
    }

    /// Whether any error was recorded, internal errors included.
    pub fn has_errors(&self) -> bool {
        self.0
            .iter()
            .any(|d| matches!(d.severity, Severity::Error | Severity::Internal))
    }

    /// How many diagnostics of `severity` were recorded.
    pub fn count(&self, severity: Severity) -> usize {
        self.0.iter().filter(|d| d.severity == severity).count()
    }

    /// Sorts by pointer and drops repeats, so that reports are stable.
    pub(crate) fn normalize(&mut self) {
        self.0.sort();
        self.0.dedup();
    }

    /// Returns `Err(self)` if any error was recorded; otherwise the warnings and notes.
    pub(crate) fn into_result(mut self) -> Result<Diagnostics, Diagnostics> {
        self.normalize();
        if self.has_errors() {
            Err(self)
        } else {
            Ok(self)
        }
    }

    /// Points each diagnostic found inside a copy (`copies`: where the load stage replaced a
    /// `$ref` by what it names) at the copy's place, the `$ref` as written, since the copy's
    /// inside is not a node of the document. The outermost copy wins: a copy may hold copies.
    pub(crate) fn point_out_of_copies(&mut self, copies: &[String]) {
        for d in &mut self.0 {
            let inside = |copy: &&String| {
                d.pointer
                    .strip_prefix(copy.as_str())
                    .is_some_and(|rest| rest.starts_with('/'))
            };
            if let Some(copy) = copies.iter().filter(inside).min_by_key(|c| c.len()) {
                d.pointer = copy.clone();
            }
        }
        self.normalize();
    }

    /// Moves every diagnostic of `other` into `self`.
    pub(crate) fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    /// The version the document was read as, when it is not OpenAPI 3.0 (named by a note).
    pub fn version_read(&self) -> Option<&str> {
        self.0.iter().find_map(|d| {
            (d.severity == Severity::Note)
                .then(|| d.kind.strip_prefix(crate::load::version::READ_AS))
                .flatten()
        })
    }

    /// `(severity, kind) → count`, most serious first.
    pub fn by_kind(&self) -> BTreeMap<(Severity, &str), usize> {
        let mut counts = BTreeMap::new();
        for d in &self.0 {
            *counts.entry((d.severity, d.kind.as_str())).or_insert(0) += 1;
        }
        counts
    }
}

/// The kind of every internal error.
const INTERNAL_KIND: &str = "a bug in the generator";

/// What internal errors are, and what they ask of whoever reads them.
const INTERNAL_REQUEST: &str =
    "a bug in the generator, not a problem in the spec: please report it, with the spec";

/// `"`a` and `b` collide"` → `"`…` and `…` collide"`.
fn kind_of(message: &str) -> String {
    let mut kind = String::with_capacity(message.len());
    let mut parts = message.split('`');
    if let Some(first) = parts.next() {
        kind.push_str(first);
    }
    let mut quoted = true;
    for part in parts {
        if quoted {
            kind.push_str("`…`");
        } else {
            kind.push_str(part);
        }
        quoted = !quoted;
    }
    kind
}

fn plural(count: usize, word: &str) -> String {
    format!("{count} {word}{}", if count == 1 { "" } else { "s" })
}

/// A summary line, the count of each kind, then each diagnostic with its pointer.
impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let internal = self.count(Severity::Internal);
        if internal > 0 {
            writeln!(
                f,
                "{} ({INTERNAL_REQUEST})",
                plural(internal, "internal error")
            )?;
        }
        if let Some(version) = self.version_read() {
            write!(f, "{version} document: ")?;
        }
        writeln!(
            f,
            "{}, {}, {} in the spec",
            plural(self.count(Severity::Error), "error"),
            plural(self.count(Severity::Warning), "warning"),
            plural(self.count(Severity::Note), "note"),
        )?;
        let mut kinds: Vec<_> = self.by_kind().into_iter().collect();
        // Most serious first, then most frequent, then by name.
        kinds.sort_by(|((s1, k1), n1), ((s2, k2), n2)| (s1, n2, k1).cmp(&(s2, n1, k2)));
        for ((severity, kind), count) in kinds {
            writeln!(f, "{count:>6} × {}: {kind}", severity.label())?;
        }
        writeln!(f)?;
        for d in &self.0 {
            match d.severity {
                Severity::Internal => {
                    writeln!(f, "internal error in the generator: {}", d.message)?;
                }
                _ => writeln!(f, "{} {}: {}", d.severity.label(), d.pointer, d.message)?,
            }
        }
        Ok(())
    }
}

/// Appends `segment` to a JSON pointer, escaping `~` and `/` as RFC 6901 requires.
pub(crate) fn join(pointer: &str, segment: &str) -> String {
    let mut joined = String::with_capacity(pointer.len() + segment.len() + 1);
    joined.push_str(pointer);
    push_segment(&mut joined, segment);
    joined
}

/// Appends `/segment` to the pointer in `buffer`, escaped; walks that visit every node reuse one
/// buffer (push, recurse, truncate) rather than allocate a pointer per node.
pub(crate) fn push_segment(buffer: &mut String, segment: &str) {
    buffer.push('/');
    if segment.contains(['~', '/']) {
        for c in segment.chars() {
            match c {
                '~' => buffer.push_str("~0"),
                '/' => buffer.push_str("~1"),
                c => buffer.push(c),
            }
        }
    } else {
        buffer.push_str(segment);
    }
}
