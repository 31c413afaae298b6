//! Every Schema Object of a document tree, visited in place: the version readers and the
//! repairs rewrite schemas where they are, before anything is decoded.
//!
//! The walk follows the OpenAPI 3.x structure (components, path items, operations, parameters,
//! headers, bodies, responses) to each schema, then a schema's own subschemas. A schema is
//! handed to the visitor before its subschemas, so that what the visitor rewrites (a type
//! array split into `oneOf` branches) is walked as rewritten. The tree is at most
//! `tree::MAX_TREE_DEPTH` deep, which bounds the recursion.

use super::keywords::{ONE_SCHEMA, SCHEMA_LIST, SCHEMA_MAP};
use super::sites::METHODS;
use crate::diagnostics::join;
use yaml_serde::Value;

/// What to do with each schema.
pub(super) trait SchemaVisitor {
    /// Called on each schema (any node found in a schema position, a boolean or a mapping),
    /// before its subschemas; it may rewrite the node.
    fn schema(&mut self, node: &mut Value, pointer: &str);
}

/// Visits every schema of the document `root`.
pub(super) fn visit_document(root: &mut Value, visitor: &mut impl SchemaVisitor) {
    if let Some(components) = root.get_mut("components") {
        visit_components(components, visitor);
    }
    for (path, item) in entries(root.get_mut("paths")) {
        if !path.starts_with("x-") {
            visit_path_item(item, &join("#/paths", &path), visitor);
        }
    }
}

fn visit_components(components: &mut Value, visitor: &mut impl SchemaVisitor) {
    for (name, schema) in entries(components.get_mut("schemas")) {
        visit_schema(schema, &join("#/components/schemas", &name), visitor);
    }
    for section in ["parameters", "headers"] {
        let at = join("#/components", section);
        for (name, parameter) in entries(components.get_mut(section)) {
            visit_parameter(parameter, &join(&at, &name), visitor);
        }
    }
    for section in ["responses", "requestBodies"] {
        let at = join("#/components", section);
        for (name, holder) in entries(components.get_mut(section)) {
            visit_response(holder, &join(&at, &name), visitor);
        }
    }
    for (name, item) in entries(components.get_mut("pathItems")) {
        visit_path_item(item, &join("#/components/pathItems", &name), visitor);
    }
}

fn visit_path_item(item: &mut Value, pointer: &str, visitor: &mut impl SchemaVisitor) {
    visit_parameters(item, pointer, visitor);
    for method in METHODS {
        let Some(operation) = item.get_mut(method) else {
            continue;
        };
        let at = join(pointer, method);
        visit_parameters(operation, &at, visitor);
        if let Some(body) = operation.get_mut("requestBody") {
            visit_response(body, &join(&at, "requestBody"), visitor);
        }
        let responses = join(&at, "responses");
        for (status, response) in entries(operation.get_mut("responses")) {
            visit_response(response, &join(&responses, &status), visitor);
        }
    }
}

fn visit_parameters(holder: &mut Value, pointer: &str, visitor: &mut impl SchemaVisitor) {
    let at = join(pointer, "parameters");
    let list = holder
        .get_mut("parameters")
        .and_then(Value::as_sequence_mut);
    for (index, parameter) in list.into_iter().flatten().enumerate() {
        visit_parameter(parameter, &join(&at, &index.to_string()), visitor);
    }
}

/// A Parameter or Header Object: a schema, or a content map.
fn visit_parameter(parameter: &mut Value, pointer: &str, visitor: &mut impl SchemaVisitor) {
    if let Some(schema) = parameter.get_mut("schema") {
        visit_schema(schema, &join(pointer, "schema"), visitor);
    }
    visit_content(parameter, pointer, visitor);
}

/// A Response or Request Body Object: headers and a content map.
fn visit_response(response: &mut Value, pointer: &str, visitor: &mut impl SchemaVisitor) {
    let headers = join(pointer, "headers");
    for (name, header) in entries(response.get_mut("headers")) {
        visit_parameter(header, &join(&headers, &name), visitor);
    }
    visit_content(response, pointer, visitor);
}

fn visit_content(holder: &mut Value, pointer: &str, visitor: &mut impl SchemaVisitor) {
    let at = join(pointer, "content");
    for (media, media_type) in entries(holder.get_mut("content")) {
        let media_pointer = join(&at, &media);
        if let Some(schema) = media_type.get_mut("schema") {
            visit_schema(schema, &join(&media_pointer, "schema"), visitor);
        }
        let encodings = join(&media_pointer, "encoding");
        for (name, encoding) in entries(media_type.get_mut("encoding")) {
            visit_response(encoding, &join(&encodings, &name), visitor);
        }
    }
}

/// Visits the schema `node`, then its subschemas.
pub(super) fn visit_schema(node: &mut Value, pointer: &str, visitor: &mut impl SchemaVisitor) {
    visitor.schema(node, pointer);
    let Some(map) = node.as_mapping_mut() else {
        return;
    };
    for (key, value) in map.iter_mut() {
        let Some(key) = key.as_str() else { continue };
        let at = join(pointer, key);
        if ONE_SCHEMA.contains(&key) {
            match value {
                // `items: [A, B]`, as draft-04 and some frameworks write it.
                Value::Sequence(list) if key == "items" => visit_list(list, &at, visitor),
                // `additionalProperties: true` is not a schema position in OpenAPI 3.0.
                Value::Bool(_) if key == "additionalProperties" => {}
                value => visit_schema(value, &at, visitor),
            }
        } else if SCHEMA_LIST.contains(&key) {
            if let Value::Sequence(list) = value {
                visit_list(list, &at, visitor);
            }
        } else if SCHEMA_MAP.contains(&key) {
            for (name, child) in entries(Some(value)) {
                visit_schema(child, &join(&at, &name), visitor);
            }
        }
    }
}

fn visit_list(list: &mut [Value], pointer: &str, visitor: &mut impl SchemaVisitor) {
    for (index, child) in list.iter_mut().enumerate() {
        visit_schema(child, &join(pointer, &index.to_string()), visitor);
    }
}

/// The string-keyed entries of a mapping, if `value` is one.
pub(super) fn entries(value: Option<&mut Value>) -> impl Iterator<Item = (String, &mut Value)> {
    value
        .and_then(Value::as_mapping_mut)
        .into_iter()
        .flat_map(|map| map.iter_mut())
        .filter_map(|(key, value)| Some((key.as_str()?.to_owned(), value)))
}

/// The string-keyed entries of a mapping, if `value` is one, to read.
pub(super) fn entries_of(value: Option<&Value>) -> impl Iterator<Item = (&str, &Value)> {
    value
        .and_then(Value::as_mapping)
        .into_iter()
        .flatten()
        .filter_map(|(key, value)| Some((key.as_str()?, value)))
}

/// How many nodes a value has: the unit of the budgets that bound copies of the tree.
pub(super) fn size(value: &Value) -> usize {
    match value {
        Value::Mapping(map) => 1 + map.iter().map(|(_, v)| size(v)).sum::<usize>(),
        Value::Sequence(items) => 1 + items.iter().map(size).sum::<usize>(),
        _ => 1,
    }
}

/// Hands every `$ref` string under `node` to `rewrite`, to change it in place. The tree is at
/// most `tree::MAX_TREE_DEPTH` deep, which bounds the recursion.
pub(super) fn each_ref(node: &mut Value, rewrite: &mut impl FnMut(&mut String)) {
    match node {
        Value::Mapping(map) => {
            if let Some(Value::String(reference)) = map.get_mut("$ref") {
                rewrite(reference);
            }
            for value in map.values_mut() {
                each_ref(value, rewrite);
            }
        }
        Value::Sequence(items) => {
            for item in items {
                each_ref(item, rewrite);
            }
        }
        _ => {}
    }
}
