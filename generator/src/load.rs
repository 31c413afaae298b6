//! Stage 1: YAML (or JSON) text → `openapiv3::OpenAPI`.

use crate::diagnostics::{Diagnostics, join};
use openapiv3::OpenAPI;

/// Parses the document. A syntax or shape error is reported with the pointer of the element
/// that failed to decode, and the line and column where the YAML reader stopped.
pub(crate) fn load(text: &str) -> Result<OpenAPI, Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let deserializer = yaml_serde::Deserializer::from_str(text);
    let document: OpenAPI = match serde_path_to_error::deserialize(deserializer) {
        Ok(document) => document,
        Err(error) => {
            let pointer = pointer_of_path(error.path());
            diagnostics.push(
                pointer,
                format!(
                    "the document does not parse as OpenAPI 3.0: {}",
                    error.inner()
                ),
            );
            return Err(diagnostics);
        }
    };
    if !document.openapi.starts_with("3.0.") {
        diagnostics.push(
            "#/openapi",
            format!(
                "unsupported OpenAPI version `{}`: only 3.0.x documents are supported",
                document.openapi
            ),
        );
    }
    diagnostics.0.extend(check_schema_keywords(text).0);
    if diagnostics.has_errors() {
        diagnostics.normalize();
        return Err(diagnostics);
    }
    Ok(document)
}

fn pointer_of_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::from("#");
    for segment in path.iter() {
        let text = match segment {
            Segment::Seq { index } => index.to_string(),
            Segment::Map { key } => key.clone(),
            Segment::Enum { variant } => variant.clone(),
            Segment::Unknown => continue,
        };
        pointer = join(&pointer, &text);
    }
    pointer
}

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
    "maximum",
    "minItems",
    "minLength",
    "minimum",
    "not",
    "nullable",
    "oneOf",
    "pattern",
    "properties",
    "readOnly",
    "required",
    "title",
    "type",
    "writeOnly",
    "xml",
];

/// Schema keywords that constrain values but that the client cannot check yet. Ignoring them
/// would make the client accept what the server refuses, so they are refused instead.
const UNCHECKED_CONSTRAINTS: &[&str] = &[
    "multipleOf",
    "uniqueItems",
    "minProperties",
    "maxProperties",
];

/// Finds schema keywords that serde would silently drop (a misspelt `patern` would otherwise
/// switch validation off without a word) and constraints the client would not check.
pub(crate) fn check_schema_keywords(text: &str) -> Diagnostics {
    let mut diagnostics = Diagnostics::default();
    let Ok(document) = yaml_serde::from_str::<serde_json::Value>(text) else {
        return diagnostics;
    };
    let mut schemas = Vec::new();
    for (name, schema) in entries(document.pointer("/components/schemas")) {
        schemas.push((join("#/components/schemas", name), schema));
    }
    for (kind, holder) in [("parameters", "/components/parameters")] {
        for (name, parameter) in entries(document.pointer(holder)) {
            if let Some(schema) = parameter.get("schema") {
                let at = join(&join(&join("#/components", kind), name), "schema");
                schemas.push((at, schema));
            }
        }
    }
    for kind in ["responses", "requestBodies"] {
        for (name, holder) in entries(document.pointer(&format!("/components/{kind}"))) {
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

type Found<'a> = Vec<(String, &'a serde_json::Value)>;

fn entries(value: Option<&serde_json::Value>) -> Vec<(&String, &serde_json::Value)> {
    value
        .and_then(serde_json::Value::as_object)
        .map(|map| map.iter().collect())
        .unwrap_or_default()
}

fn content_schemas<'a>(pointer: &str, holder: &'a serde_json::Value, out: &mut Found<'a>) {
    for (media, body) in entries(holder.get("content")) {
        if let Some(schema) = body.get("schema") {
            let at = join(&join(&join(pointer, "content"), media), "schema");
            out.push((at, schema));
        }
    }
}

fn parameter_schemas<'a>(pointer: &str, holder: &'a serde_json::Value, out: &mut Found<'a>) {
    let parameters = holder
        .get("parameters")
        .and_then(serde_json::Value::as_array);
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

fn check_schema(pointer: &str, schema: &serde_json::Value, diagnostics: &mut Diagnostics) {
    let Some(map) = schema.as_object() else {
        return;
    };
    for (key, value) in map {
        let at = join(pointer, key);
        if UNCHECKED_CONSTRAINTS.contains(&key.as_str()) {
            diagnostics.push(
                at,
                format!("unsupported: `{key}`, a constraint the client would not check"),
            );
            continue;
        }
        if !key.starts_with("x-") && !SCHEMA_KEYWORDS.contains(&key.as_str()) {
            diagnostics.push(
                at,
                format!("`{key}` is not a keyword of an OpenAPI 3.0 schema (misspelt?)"),
            );
            continue;
        }
        match key.as_str() {
            "properties" => {
                for (name, property) in value.as_object().into_iter().flatten() {
                    check_schema(&join(&at, name), property, diagnostics);
                }
            }
            "items" | "not" | "additionalProperties" => check_schema(&at, value, diagnostics),
            "allOf" | "oneOf" | "anyOf" => {
                for (index, item) in value.as_array().into_iter().flatten().enumerate() {
                    check_schema(&join(&at, &index.to_string()), item, diagnostics);
                }
            }
            _ => {}
        }
    }
}
