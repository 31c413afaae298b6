//! Where each node of the document the IR reads came from in the document as written.
//!
//! Reading a Swagger 2.0 or OpenAPI 3.1 document, or a spec split over several files, moves
//! nodes: `#/definitions/Pet` becomes `#/components/schemas/Pet`, a body parameter becomes a
//! request body, a `$defs` entry becomes a component. Each move is recorded here as a pair of
//! pointer prefixes, and every diagnostic is mapped back before it is reported, so that a
//! pointer always names a node of what the author wrote (and, for a split spec, the file).

use crate::diagnostics::Diagnostics;
use std::collections::BTreeMap;

/// Moves recorded by one reading step: the pointer prefix a node has now → where it was.
#[derive(Debug, Default, Clone)]
pub(crate) struct SourceMap {
    moves: BTreeMap<String, String>,
}

impl SourceMap {
    /// Records that the node now at `target` (and everything under it) was written at `source`.
    pub(crate) fn record(&mut self, target: impl Into<String>, source: impl Into<String>) {
        let (target, source) = (target.into(), source.into());
        if target != source {
            self.moves.insert(target, source);
        }
    }

    /// Whether no node moved.
    pub(crate) fn is_empty(&self) -> bool {
        self.moves.is_empty()
    }

    /// Where the node at `pointer` was written: the longest recorded prefix of it (on a segment
    /// boundary) replaced by its source; the pointer itself when no prefix moved.
    pub(crate) fn source_of(&self, pointer: &str) -> String {
        let mut end = pointer.len();
        loop {
            let prefix = &pointer[..end];
            if let Some(source) = self.moves.get(prefix) {
                return format!("{source}{}", &pointer[end..]);
            }
            match prefix.rfind('/') {
                Some(cut) => end = cut,
                None => return pointer.to_owned(),
            }
        }
    }
}

/// The moves of every reading step, in the order the steps ran.
#[derive(Debug, Default, Clone)]
pub(crate) struct Provenance {
    steps: Vec<SourceMap>,
}

impl Provenance {
    /// Adds the moves of the step that ran last.
    pub(crate) fn push(&mut self, step: SourceMap) {
        if !step.is_empty() {
            self.steps.push(step);
        }
    }

    /// Where the node at `pointer` (in the document the IR reads) was written.
    pub(crate) fn source_of(&self, pointer: &str) -> String {
        self.steps
            .iter()
            .rev()
            .fold(pointer.to_owned(), |pointer, step| step.source_of(&pointer))
    }

    /// Points every diagnostic at the node as written.
    pub(crate) fn apply(&self, diagnostics: &mut Diagnostics) {
        if self.steps.is_empty() {
            return;
        }
        for diagnostic in &mut diagnostics.0 {
            diagnostic.pointer = self.source_of(&diagnostic.pointer);
        }
        diagnostics.normalize();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_moved_prefix_is_replaced() {
        let mut map = SourceMap::default();
        map.record("#/components/schemas", "#/definitions");
        map.record("#/components/schemas/A", "#/definitions/A/$defs/B");
        assert_eq!(
            map.source_of("#/components/schemas/A/properties/x"),
            "#/definitions/A/$defs/B/properties/x"
        );
        assert_eq!(map.source_of("#/components/schemas/C"), "#/definitions/C");
    }

    #[test]
    fn a_prefix_matches_whole_segments_only() {
        let mut map = SourceMap::default();
        map.record("#/components/schemas/A", "#/definitions/A");
        assert_eq!(
            map.source_of("#/components/schemas/AB"),
            "#/components/schemas/AB"
        );
    }

    #[test]
    fn steps_map_back_in_reverse_order() {
        let mut first = SourceMap::default();
        first.record("#/components/schemas/Pet", "pet.yaml#");
        let mut second = SourceMap::default();
        second.record(
            "#/components/schemas/Pet/minimum",
            "#/components/schemas/Pet/exclusiveMinimum",
        );
        let mut provenance = Provenance::default();
        provenance.push(first);
        provenance.push(second);
        assert_eq!(
            provenance.source_of("#/components/schemas/Pet/minimum"),
            "pet.yaml#/exclusiveMinimum"
        );
    }
}
