//! Every place a schema can appear: load it into a table keyed by pointer, stub it in the tree.
//!
//! The walk follows the OpenAPI structure (components, path items, operations, parameters,
//! headers, request bodies, responses, media types). `restore` walks the typed document the same
//! way and puts each schema back at the same pointer. Callbacks and links are removed here: the
//! generator does not use them, and callbacks nest whole path items, which would bring back the
//! cost this stage avoids.

use super::schema::{load_schema, stub};
use super::walk::entries;
use crate::diagnostics::{Diagnostics, join};
use openapiv3::{ReferenceOr, Schema, StatusCode};
use serde::Deserialize;
use serde::de::value::{Error as ValueError, StrDeserializer};
use std::collections::BTreeMap;
use yaml_serde::{Mapping, Value};

/// The HTTP methods a Path Item may hold, as OpenAPI spells them.
pub(super) const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Typed schemas keyed by the pointer of the place they were found.
#[derive(Default)]
pub(super) struct SchemaTable(BTreeMap<String, ReferenceOr<Schema>>);

impl SchemaTable {
    /// Takes the schema found at `pointer`, if any.
    pub(super) fn take(&mut self, pointer: &str) -> Option<ReferenceOr<Schema>> {
        self.0.remove(pointer)
    }

    /// Replaces the stub in `slot` with the schema found at `pointer`.
    pub(super) fn put(&mut self, slot: &mut ReferenceOr<Schema>, pointer: &str) {
        if let Some(schema) = self.take(pointer) {
            *slot = schema;
        }
    }
}

/// Loads every schema of the document `root` and stubs it in place.
pub(super) fn extract(root: &mut Value, diagnostics: &mut Diagnostics) -> SchemaTable {
    let mut walk = Walk {
        table: SchemaTable::default(),
        diagnostics,
    };
    if let Some(components) = root.get_mut("components").and_then(Value::as_mapping_mut) {
        walk.components(components);
    }
    for (path, item) in entries(root.get_mut("paths")) {
        if !path.starts_with("x-") {
            walk.path_item(item, &join("#/paths", &path));
        }
    }
    walk.table
}

struct Walk<'d> {
    table: SchemaTable,
    diagnostics: &'d mut Diagnostics,
}

impl Walk<'_> {
    fn components(&mut self, components: &mut Mapping) {
        self.drop_unused(components, "#/components", "callbacks");
        self.drop_unused(components, "#/components", "links");
        for (name, schema) in entries(components.get_mut("schemas")) {
            self.schema(schema, &join("#/components/schemas", &name));
        }
        for (name, parameter) in entries(components.get_mut("parameters")) {
            self.parameter(parameter, &join("#/components/parameters", &name));
        }
        for (name, header) in entries(components.get_mut("headers")) {
            self.parameter(header, &join("#/components/headers", &name));
        }
        for (name, response) in entries(components.get_mut("responses")) {
            self.response(response, &join("#/components/responses", &name));
        }
        for (name, body) in entries(components.get_mut("requestBodies")) {
            self.content(body, &join("#/components/requestBodies", &name));
        }
    }

    /// Removes `key` (callbacks or links) from `holder`, with a note saying so.
    fn drop_unused(&mut self, holder: &mut Mapping, pointer: &str, key: &str) {
        if holder.shift_remove(key).is_some() {
            self.diagnostics.note(
                "not loaded",
                join(pointer, key),
                format!("The generated client does not use {key}, so they are not loaded."),
            );
        }
    }

    fn schema(&mut self, node: &mut Value, pointer: &str) {
        let schema = load_schema(node, pointer, self.diagnostics);
        self.table.0.insert(pointer.to_owned(), schema);
        *node = stub();
    }

    fn path_item(&mut self, item: &mut Value, pointer: &str) {
        self.parameters(item, pointer);
        for method in METHODS {
            if let Some(operation) = item.get_mut(method) {
                self.operation(operation, &join(pointer, method));
            }
        }
    }

    fn parameters(&mut self, holder: &mut Value, pointer: &str) {
        let at = join(pointer, "parameters");
        let list = holder
            .get_mut("parameters")
            .and_then(Value::as_sequence_mut);
        for (index, parameter) in list.into_iter().flatten().enumerate() {
            self.parameter(parameter, &join(&at, &index.to_string()));
        }
    }

    fn operation(&mut self, operation: &mut Value, pointer: &str) {
        if let Some(mapping) = operation.as_mapping_mut() {
            self.drop_unused(mapping, pointer, "callbacks");
        }
        self.parameters(operation, pointer);
        if let Some(body) = operation.get_mut("requestBody") {
            self.content(body, &join(pointer, "requestBody"));
        }
        if let Some(responses) = operation.get_mut("responses") {
            canonicalize_status_codes(responses);
        }
        let at = join(pointer, "responses");
        for (status, response) in entries(operation.get_mut("responses")) {
            if !status.starts_with("x-") {
                self.response(response, &join(&at, &status));
            }
        }
    }

    /// A Parameter Object or a Header Object: a schema, or a content map.
    fn parameter(&mut self, parameter: &mut Value, pointer: &str) {
        if let Some(schema) = parameter.get_mut("schema") {
            self.schema(schema, &join(pointer, "schema"));
        }
        self.content(parameter, pointer);
    }

    fn response(&mut self, response: &mut Value, pointer: &str) {
        if let Some(mapping) = response.as_mapping_mut() {
            self.drop_unused(mapping, pointer, "links");
        }
        for (name, header) in entries(response.get_mut("headers")) {
            self.parameter(header, &join(&join(pointer, "headers"), &name));
        }
        self.content(response, pointer);
    }

    /// The media types under `content` of `holder`.
    fn content(&mut self, holder: &mut Value, pointer: &str) {
        let at = join(pointer, "content");
        for (media, media_type) in entries(holder.get_mut("content")) {
            let media_pointer = join(&at, &media);
            if let Some(schema) = media_type.get_mut("schema") {
                self.schema(schema, &join(&media_pointer, "schema"));
            }
            let encodings = join(&media_pointer, "encoding");
            for (name, encoding) in entries(media_type.get_mut("encoding")) {
                let headers = join(&join(&encodings, &name), "headers");
                for (header_name, header) in entries(encoding.get_mut("headers")) {
                    self.parameter(header, &join(&headers, &header_name));
                }
            }
        }
    }
}

/// Spells each status code of a Responses Object as `openapiv3` prints it (`2xx` → `2XX`), so
/// that the typed walk, which only has the parsed code, finds the same pointers. A key that would
/// then collide with another is left as it is.
fn canonicalize_status_codes(responses: &mut Value) {
    let Some(mapping) = responses.as_mapping_mut() else {
        return;
    };
    let needs_renaming = mapping.keys().any(|key| {
        let key = key.as_str().unwrap_or_default();
        canonical_status(key).is_some_and(|canonical| canonical != key)
    });
    if !needs_renaming {
        return;
    }
    let original = std::mem::take(mapping);
    let mut renamed = Mapping::with_capacity(original.len());
    for (key, value) in &original {
        let canonical = key.as_str().and_then(canonical_status).map(Value::String);
        let key = match canonical {
            Some(canonical)
                if !original.contains_key(&canonical) && !renamed.contains_key(&canonical) =>
            {
                canonical
            }
            _ => key.clone(),
        };
        renamed.insert(key, value.clone());
    }
    *mapping = renamed;
}

/// How `openapiv3` prints the status code `key`, or `None` if `key` is not one.
pub(super) fn canonical_status(key: &str) -> Option<String> {
    let code = StatusCode::deserialize(StrDeserializer::<ValueError>::new(key)).ok()?;
    Some(code.to_string())
}
