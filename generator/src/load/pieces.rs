//! The document decoded piece by piece, once its schemas are stubbed: each top-level field, each
//! `components/<section>/<name>`, each path item and each operation on its own, so that every
//! failure is reported at its own pointer and drops only its own piece.

use super::decode::{SHAPE, decode};
use super::restore;
use super::sites::{METHODS, SchemaTable};
use crate::diagnostics::{Diagnostics, join};
use indexmap::IndexMap;
use openapiv3::{Components, OpenAPI, Operation, PathItem, Paths, ReferenceOr};
use serde::de::DeserializeOwned;
use yaml_serde::{Mapping, Value};

type Restore<T> = fn(&mut ReferenceOr<T>, &str, &mut SchemaTable);

/// Decodes the document `root`, a mapping whose schemas are in `schemas`.
pub(super) fn document(
    root: &Value,
    schemas: &mut SchemaTable,
    diagnostics: &mut Diagnostics,
) -> OpenAPI {
    OpenAPI {
        openapi: version(root, diagnostics),
        info: info(root, diagnostics),
        servers: optional(root, "servers", diagnostics).unwrap_or_default(),
        paths: paths(root.get("paths"), schemas, diagnostics),
        components: root
            .get("components")
            .map(|node| components(node, schemas, diagnostics)),
        security: optional(root, "security", diagnostics),
        tags: optional(root, "tags", diagnostics).unwrap_or_default(),
        external_docs: optional(root, "externalDocs", diagnostics),
        extensions: extensions(root.as_mapping(), "#", diagnostics),
    }
}

/// Decodes the top-level field `key`, if present; a field that does not decode is left out.
fn optional<T: DeserializeOwned>(
    root: &Value,
    key: &str,
    diagnostics: &mut Diagnostics,
) -> Option<T> {
    let value = root.get(key)?;
    decode(value, &join("#", key), "It is left out.", diagnostics)
}

fn version(root: &Value, diagnostics: &mut Diagnostics) -> String {
    let Some(version) = root.get("openapi") else {
        diagnostics.error(
            SHAPE,
            "#",
            "The document has no `openapi` field, which names its OpenAPI version.",
        );
        return String::new();
    };
    let Some(version) = version.as_str() else {
        diagnostics.error(
            SHAPE,
            "#/openapi",
            "`openapi` must be a string naming the OpenAPI version, such as `3.0.3`.",
        );
        return String::new();
    };
    if !version.starts_with("3.0.") {
        diagnostics.push(
            "#/openapi",
            format!("unsupported OpenAPI version `{version}`: only 3.0.x documents are supported"),
        );
    }
    version.to_owned()
}

/// The Info Object, or an empty one when it is missing or malformed (reported), so that the
/// rest of the document can still be loaded and checked.
fn info(root: &Value, diagnostics: &mut Diagnostics) -> openapiv3::Info {
    let Some(info) = root.get("info") else {
        diagnostics.error(
            SHAPE,
            "#",
            "The document has no `info` field, which OpenAPI requires.",
        );
        return Default::default();
    };
    let fallback = "An empty Info Object is used instead.";
    decode(info, "#/info", fallback, diagnostics).unwrap_or_default()
}

/// The `x-` fields of `mapping`.
fn extensions(
    mapping: Option<&Mapping>,
    pointer: &str,
    diagnostics: &mut Diagnostics,
) -> IndexMap<String, serde_json::Value> {
    let mut extensions = IndexMap::new();
    for (key, value) in mapping.into_iter().flatten() {
        let Some(key) = key.as_str().filter(|key| key.starts_with("x-")) else {
            continue;
        };
        let at = join(pointer, key);
        if let Some(value) = decode(value, &at, "It is left out.", diagnostics) {
            extensions.insert(key.to_owned(), value);
        }
    }
    extensions
}

fn paths(node: Option<&Value>, schemas: &mut SchemaTable, diagnostics: &mut Diagnostics) -> Paths {
    let Some(node) = node else {
        diagnostics.error(
            SHAPE,
            "#",
            "The document has no `paths` field, which OpenAPI 3.0 requires.",
        );
        return Paths::default();
    };
    let Some(mapping) = node.as_mapping() else {
        diagnostics.error(
            SHAPE,
            "#/paths",
            "`paths` must be a mapping from path templates to Path Item Objects; it is ignored.",
        );
        return Paths::default();
    };
    let mut paths = Paths {
        paths: IndexMap::new(),
        extensions: extensions(Some(mapping), "#/paths", diagnostics),
    };
    for (template, item) in mapping {
        let Some(template) = template.as_str().filter(|key| !key.starts_with("x-")) else {
            continue;
        };
        let at = join("#/paths", template);
        if let Some(item) = path_item(item, &at, schemas, diagnostics) {
            paths.paths.insert(template.to_owned(), item);
        }
    }
    paths
}

/// One Path Item, decoded without its operations, then each operation on its own.
fn path_item(
    node: &Value,
    pointer: &str,
    schemas: &mut SchemaTable,
    diagnostics: &mut Diagnostics,
) -> Option<ReferenceOr<PathItem>> {
    let fallback = "This path is left out.";
    let Some(mapping) = node.as_mapping().filter(|m| !m.contains_key("$ref")) else {
        return decode(node, pointer, fallback, diagnostics);
    };
    let mut shallow = mapping.clone();
    for method in METHODS {
        shallow.shift_remove(method);
    }
    let item = decode::<PathItem>(&Value::Mapping(shallow), pointer, fallback, diagnostics);
    // The operations are decoded even when the path item failed, so that their own problems are
    // reported too; they are dropped with it, since their path-level parameters are lost.
    let mut item = item.map(|mut item| {
        restore::path_item(&mut item, pointer, schemas);
        item
    });
    for method in METHODS {
        let Some(node) = mapping.get(method) else {
            continue;
        };
        let at = join(pointer, method);
        let fallback = "This operation is left out.";
        let Some(mut operation) = decode::<Operation>(node, &at, fallback, diagnostics) else {
            continue;
        };
        restore::operation(&mut operation, &at, schemas);
        if let Some(slot) = item.as_mut().and_then(|item| operation_slot(item, method)) {
            *slot = Some(operation);
        }
    }
    item.map(ReferenceOr::Item)
}

fn operation_slot<'a>(item: &'a mut PathItem, method: &str) -> Option<&'a mut Option<Operation>> {
    Some(match method {
        "get" => &mut item.get,
        "put" => &mut item.put,
        "post" => &mut item.post,
        "delete" => &mut item.delete,
        "options" => &mut item.options,
        "head" => &mut item.head,
        "patch" => &mut item.patch,
        "trace" => &mut item.trace,
        _ => return None,
    })
}

fn components(
    node: &Value,
    schemas: &mut SchemaTable,
    diagnostics: &mut Diagnostics,
) -> Components {
    let mut components = Components::default();
    let Some(mapping) = node.as_mapping() else {
        diagnostics.error(
            SHAPE,
            "#/components",
            "`components` must be a mapping of sections; it is ignored.",
        );
        return components;
    };
    components.extensions = extensions(Some(mapping), "#/components", diagnostics);
    for (key, value) in mapping {
        let Some(key) = key.as_str() else {
            continue;
        };
        let at = join("#/components", key);
        match key {
            "schemas" => components.schemas = section_schemas(value, &at, schemas),
            "responses" => {
                components.responses = section(value, &at, restore::response, schemas, diagnostics)
            }
            "parameters" => {
                components.parameters =
                    section(value, &at, restore::parameter, schemas, diagnostics)
            }
            "examples" => components.examples = section(value, &at, none, schemas, diagnostics),
            "requestBodies" => {
                components.request_bodies =
                    section(value, &at, restore::request_body, schemas, diagnostics)
            }
            "headers" => {
                components.headers = section(value, &at, restore::header, schemas, diagnostics)
            }
            "securitySchemes" => {
                components.security_schemes = section(value, &at, none, schemas, diagnostics)
            }
            // Links and callbacks are not used by the generator; `sites` removed them.
            _ => {}
        }
    }
    components
}

/// For sections whose entries hold no schema.
fn none<T>(_: &mut ReferenceOr<T>, _: &str, _: &mut SchemaTable) {}

/// The schemas of `components/schemas`, already loaded by `sites`.
fn section_schemas(
    node: &Value,
    pointer: &str,
    schemas: &mut SchemaTable,
) -> IndexMap<String, ReferenceOr<openapiv3::Schema>> {
    let names = node.as_mapping().into_iter().flat_map(Mapping::keys);
    names
        .filter_map(Value::as_str)
        .filter_map(|name| Some((name.to_owned(), schemas.take(&join(pointer, name))?)))
        .collect()
}

/// One section of `components`, each entry decoded on its own.
fn section<T: DeserializeOwned>(
    node: &Value,
    pointer: &str,
    restore: Restore<T>,
    schemas: &mut SchemaTable,
    diagnostics: &mut Diagnostics,
) -> IndexMap<String, ReferenceOr<T>> {
    let mut entries = IndexMap::new();
    let Some(mapping) = node.as_mapping() else {
        diagnostics.error(
            SHAPE,
            pointer,
            "A section of `components` must be a mapping from names to objects; it is ignored.",
        );
        return entries;
    };
    for (name, value) in mapping {
        let Some(name) = name.as_str() else {
            continue;
        };
        let at = join(pointer, name);
        let fallback = "It is left out, and references to it will not resolve.";
        if let Some(mut entry) = decode::<ReferenceOr<T>>(value, &at, fallback, diagnostics) {
            restore(&mut entry, &at, schemas);
            entries.insert(name.to_owned(), entry);
        }
    }
    entries
}
