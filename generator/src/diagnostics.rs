//! Problems found in a spec, each tied to a JSON pointer into the document.

use std::fmt;

/// One problem in the spec.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// A JSON pointer into the spec, as a URI fragment: `#/components/schemas/Customer/properties/ifsc`.
    pub pointer: String,
    /// What is wrong, in a sentence.
    pub message: String,
}

/// Every problem found in a spec, sorted by pointer so that reports are stable.
#[derive(Debug, Clone, Default, PartialEq, Eq, thiserror::Error)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub(crate) fn push(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.0.push(Diagnostic {
            pointer: pointer.into(),
            message: message.into(),
        });
    }

    /// Returns `Err(self)` if any problem was recorded, sorted and without repeats.
    pub(crate) fn into_result(mut self) -> Result<(), Diagnostics> {
        if self.0.is_empty() {
            return Ok(());
        }
        self.0.sort();
        self.0.dedup();
        Err(self)
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.0.len();
        writeln!(
            f,
            "{count} problem{} in the spec:",
            if count == 1 { "" } else { "s" }
        )?;
        for d in &self.0 {
            writeln!(f, "- {}: {}", d.pointer, d.message)?;
        }
        Ok(())
    }
}

/// Appends `segment` to a JSON pointer, escaping `~` and `/` as RFC 6901 requires.
pub(crate) fn join(pointer: &str, segment: &str) -> String {
    format!(
        "{pointer}/{}",
        segment.replace('~', "~0").replace('/', "~1")
    )
}
