//! Stage 1: YAML (or JSON) text → `openapiv3::OpenAPI`.
//!
//! Decoding the whole document with `openapiv3` at once panics on some inputs, takes time
//! exponential in the nesting of inline schemas, and stops at the first problem. So:
//!
//! 1. [`tree`] parses the text once into a generic tree, guarded against duplicate keys,
//!    non-finite numbers, alias bombs and deep nesting.
//! 2. [`keywords`] checks the schema keywords on that tree.
//! 3. [`sites`] loads every schema bottom-up ([`schema`]) into a table and stubs it in the tree.
//! 4. [`pieces`] decodes the rest piece by piece, each failure reported at its own pointer and
//!    only that piece dropped, and [`restore`] puts the schemas back.

mod decode;
mod defs;
mod files;
mod index;
pub(crate) mod keywords;
mod pieces;
mod refs;
mod repair;
mod restore;
mod schema;
mod sites;
pub(crate) mod source_map;
mod tree;
mod v20;
mod v31;
pub(crate) mod version;
mod walk;

use crate::diagnostics::Diagnostics;
pub(crate) use index::{Found, SchemaIndex};
use openapiv3::OpenAPI;
use source_map::{Provenance, SourceMap};
use version::Version;

/// The outcome of loading: as much of the document as could be read, and every problem found.
#[derive(Debug)]
pub(crate) struct Loaded {
    /// `None` only when there is nothing to build on: the text is not YAML, or not a mapping.
    pub(crate) document: Option<OpenAPI>,
    pub(crate) diagnostics: Diagnostics,
    /// Where each node of `document` was written, to point diagnostics into the document as
    /// written (see [`Pointers::apply`]).
    pub(crate) pointers: Pointers,
}

/// Loads the document `text`. Problems are reported with the pointer of the element at fault;
/// the elements that can be read are read all the same, so that later stages can check them too.
#[cfg(test)]
pub(crate) fn load(text: &str) -> Loaded {
    load_files(text, "", None)
}

/// Loads the document `text`, whose `$ref`s to other files are read from `files`, relative to
/// `root_name`, the document's own path there.
pub(crate) fn load_files(
    text: &str,
    root_name: &str,
    files: Option<&dyn crate::SpecFiles>,
) -> Loaded {
    let mut diagnostics = Diagnostics::default();
    let mut provenance = Provenance::default();
    let mut copies = Vec::new();
    let document = tree::parse(text, &mut diagnostics).and_then(|mut root| {
        if !root.is_mapping() {
            diagnostics.error(
                decode::SHAPE,
                "#",
                "The document is not a mapping, so it cannot be an OpenAPI document.",
            );
            return None;
        }
        let mut bundled = SourceMap::default();
        files::bundle(&mut root, root_name, files, &mut diagnostics, &mut bundled);
        provenance.push(bundled);
        let version = version::sniff(&root, &mut diagnostics)?;
        let mut moves = SourceMap::default();
        match version {
            Version::V30 => {}
            Version::V31 => v31::read(&mut root, &mut diagnostics, &mut moves),
            Version::V20 => v20::read(&mut root, &mut diagnostics, &mut moves),
        }
        if version != Version::V30 {
            let at = if version == Version::V20 {
                "#/swagger"
            } else {
                "#/openapi"
            };
            diagnostics.note(
                version::read_as_kind(version),
                at,
                format!(
                    "the document is {}; it is read into the OpenAPI 3.0 model the generator \
                     builds from, and every pointer names the document as written",
                    version.label()
                ),
            );
        }
        repair::repair(&mut root, version, &mut diagnostics, &mut moves);
        provenance.push(moves);
        copies = refs::inline_path_refs(&mut root, &mut diagnostics);
        diagnostics.extend(keywords::check_schema_keywords(&root));
        let mut schemas = sites::extract(&mut root, &mut diagnostics);
        Some(pieces::document(&root, &mut schemas, &mut diagnostics))
    });
    diagnostics.normalize();
    Loaded {
        document,
        diagnostics,
        pointers: Pointers { copies, provenance },
    }
}

/// How to point a diagnostic of the document the IR read back into the document as written.
#[derive(Debug, Default)]
pub(crate) struct Pointers {
    /// Where a `$ref` to an operation's piece was replaced by a copy of it (see [`refs`]): a
    /// diagnostic inside a copy points at the `$ref`.
    copies: Vec<String>,
    /// Where the versions' readers and the files moved nodes from.
    provenance: Provenance,
}

impl Pointers {
    /// Points every diagnostic at a node of the document as written. The copies were made
    /// last, so they are undone first.
    pub(crate) fn apply(&self, diagnostics: &mut Diagnostics) {
        diagnostics.point_out_of_copies(&self.copies);
        self.provenance.apply(diagnostics);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    fn pointers(loaded: &Loaded) -> Vec<&str> {
        loaded
            .diagnostics
            .0
            .iter()
            .map(|d| d.pointer.as_str())
            .collect()
    }

    const HEAD: &str = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\n";

    #[test]
    fn shape_errors_in_two_operations_are_both_reported() {
        let text = format!(
            "{HEAD}paths:\n  /a:\n    get:\n      deprecated: maybe\n      responses: {{}}\n  \
             /b:\n    post:\n      tags: 5\n      responses: {{}}\n"
        );
        let loaded = load(&text);
        assert_eq!(
            pointers(&loaded),
            ["#/paths/~1a/get/deprecated", "#/paths/~1b/post/tags"]
        );
    }

    #[test]
    fn a_bad_operation_is_dropped_and_its_neighbour_kept() {
        let text = format!(
            "{HEAD}paths:\n  /a:\n    get: {{deprecated: maybe, responses: {{}}}}\n    \
             put: {{operationId: putA, responses: {{}}}}\n"
        );
        let document = load(&text).document.unwrap_or_default();
        let item = document.paths.paths.get("/a").and_then(|i| i.as_item());
        assert!(item.is_some_and(|i| i.get.is_none() && i.put.is_some()));
    }

    #[test]
    fn a_deep_invalid_inline_schema_loads_fast_and_is_reported_precisely() {
        let mut schema = String::from("{type: string, maxLength: -1}");
        for _ in 0..30 {
            schema = format!("{{type: object, properties: {{p: {schema}}}}}");
        }
        let text = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Deep: {schema}\n");
        let started = Instant::now();
        let loaded = load(&text);
        assert!(started.elapsed() < Duration::from_millis(500));
        let leaf = format!("#/components/schemas/Deep{}", "/properties/p".repeat(30));
        assert_eq!(pointers(&loaded), [leaf.as_str()]);
    }

    #[test]
    fn schemas_are_put_back_into_operations() {
        let text = format!(
            "{HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200':\n          \
             description: OK\n          content:\n            application/json:\n              \
             schema: {{type: string, maxLength: 7}}\n"
        );
        let document = load(&text).document.unwrap_or_default();
        let schema = document.paths.paths["/a"]
            .as_item()
            .and_then(|item| item.get.as_ref())
            .and_then(|op| op.responses.responses.values().next())
            .and_then(|response| response.as_item())
            .and_then(|response| response.content.get("application/json"))
            .and_then(|media| media.schema.as_ref())
            .and_then(|schema| schema.as_item());
        let kind = schema.map(|schema| &schema.schema_kind);
        assert!(matches!(
            kind,
            Some(openapiv3::SchemaKind::Type(openapiv3::Type::String(s))) if s.max_length == Some(7)
        ));
    }

    #[test]
    fn anchors_and_aliases_still_load() {
        let text = format!(
            "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: &name {{type: string, \
             maxLength: 5}}\n    B: *name\n"
        );
        let loaded = load(&text);
        let schemas = loaded
            .document
            .and_then(|d| d.components)
            .unwrap_or_default();
        assert_eq!(schemas.schemas.get("A"), schemas.schemas.get("B"));
        assert!(schemas.schemas.contains_key("B"));
    }

    #[test]
    fn a_duplicate_key_in_an_operation_no_longer_panics() {
        let text = format!(
            "{HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200': {{description: A}}\n        \
             '200': {{description: B}}\n"
        );
        let loaded = load(&text);
        assert_eq!(pointers(&loaded), ["#/paths/~1a/get/responses/200"]);
        assert!(loaded.document.is_some());
    }

    #[test]
    fn text_that_is_not_a_mapping_has_no_document() {
        assert!(load("- just\n- a list\n").document.is_none());
    }
}
