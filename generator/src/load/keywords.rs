//! Schema keywords that serde would drop without a word, and constraints the client would not
//! check. Run on the tree before any schema is stubbed.

use crate::diagnostics::{Diagnostics, join};
use yaml_serde::Value;

/// Schema Object keywords of OpenAPI 3.0 that the generator reads.
const SCHEMA_KEYWORDS: &[&str] = &[
    "$ref",
    "additionalProperties",
    "allOf",
    "anyOf",
    "default",
    "deprecated",
    "description",
    "discriminator",
    "enum",
    "example",
    "exclusiveMaximum",
    "exclusiveMinimum",
    "externalDocs",
    "format",
    "items",
    "maxItems",
    "maxLength",
    "maxProperties",
    "maximum",
    "minItems",
    "minLength",
    "minProperties",
    "minimum",
    "multipleOf",
    "not",
    "nullable",
    "oneOf",
    "pattern",
    "properties",
    "readOnly",
    "required",
    "title",
    "type",
    "uniqueItems",
    "writeOnly",
    "xml",
];

/// Finds schema keywords that serde would silently drop (a misspelt `patern` would otherwise
/// switch validation off without a word).
pub(super) fn check_schema_keywords(document: &Value) -> Diagnostics {
    let mut diagnostics = Diagnostics::default();
    let mut schemas = Vec::new();
    for (name, schema) in entries(component(document, "schemas")) {
        schemas.push((join("#/components/schemas", name), schema));
    }
    for kind in ["parameters"] {
        for (name, parameter) in entries(component(document, kind)) {
            if let Some(schema) = parameter.get("schema") {
                let at = join(&join(&join("#/components", kind), name), "schema");
                schemas.push((at, schema));
            }
        }
    }
    for kind in ["responses", "requestBodies"] {
        for (name, holder) in entries(component(document, kind)) {
            content_schemas(
                &join(&join("#/components", kind), name),
                holder,
                &mut schemas,
            );
        }
    }
    for (path, item) in entries(document.get("paths")) {
        let path_pointer = join("#/paths", path);
        parameter_schemas(&path_pointer, item, &mut schemas);
        for (method, operation) in entries(Some(item)) {
            let pointer = join(&path_pointer, method);
            parameter_schemas(&pointer, operation, &mut schemas);
            if let Some(body) = operation.get("requestBody") {
                content_schemas(&join(&pointer, "requestBody"), body, &mut schemas);
            }
            for (status, response) in entries(operation.get("responses")) {
                let at = join(&join(&pointer, "responses"), status);
                content_schemas(&at, response, &mut schemas);
            }
        }
    }
    for (pointer, schema) in schemas {
        check_schema(&pointer, schema, &mut diagnostics);
    }
    diagnostics
}

type Found<'a> = Vec<(String, &'a Value)>;

fn component<'a>(document: &'a Value, section: &str) -> Option<&'a Value> {
    document.get("components")?.get(section)
}

fn entries(value: Option<&Value>) -> Vec<(&str, &Value)> {
    value
        .and_then(Value::as_mapping)
        .map(|map| {
            map.iter()
                .filter_map(|(key, value)| Some((key.as_str()?, value)))
                .collect()
        })
        .unwrap_or_default()
}

fn content_schemas<'a>(pointer: &str, holder: &'a Value, out: &mut Found<'a>) {
    for (media, body) in entries(holder.get("content")) {
        if let Some(schema) = body.get("schema") {
            let at = join(&join(&join(pointer, "content"), media), "schema");
            out.push((at, schema));
        }
    }
}

fn parameter_schemas<'a>(pointer: &str, holder: &'a Value, out: &mut Found<'a>) {
    let parameters = holder.get("parameters").and_then(Value::as_sequence);
    for (index, parameter) in parameters.into_iter().flatten().enumerate() {
        if let Some(schema) = parameter.get("schema") {
            let at = join(
                &join(&join(pointer, "parameters"), &index.to_string()),
                "schema",
            );
            out.push((at, schema));
        }
    }
}

fn check_schema(pointer: &str, schema: &Value, diagnostics: &mut Diagnostics) {
    // The tree is at most `MAX_TREE_DEPTH` deep, which bounds this recursion too.
    let Some(map) = schema.as_mapping() else {
        return;
    };
    for (key, value) in map {
        let Some(key) = key.as_str() else {
            continue;
        };
        let at = join(pointer, key);
        if !key.starts_with("x-") && !SCHEMA_KEYWORDS.contains(&key) {
            // A misspelt `patern` would switch a check off without a word: a warning, and an
            // error in a strict document.
            diagnostics.warning(
                "a word that is not a schema keyword, ignored",
                at,
                format!(
                    "`{key}` is not a keyword of an OpenAPI 3.0 schema (misspelt?) and is ignored"
                ),
            );
            continue;
        }
        match key {
            "properties" => {
                for (name, property) in entries(Some(value)) {
                    check_schema(&join(&at, name), property, diagnostics);
                }
            }
            "items" | "not" | "additionalProperties" => check_schema(&at, value, diagnostics),
            "allOf" | "oneOf" | "anyOf" => {
                for (index, item) in value.as_sequence().into_iter().flatten().enumerate() {
                    check_schema(&join(&at, &index.to_string()), item, diagnostics);
                }
            }
            _ => {}
        }
    }
}
