//! Schema keywords that serde would drop without a word, and constraints the client would not
//! check. Run on the tree before any schema is stubbed.

use super::walk::entries_of;
use crate::diagnostics::{Diagnostics, join};
use yaml_serde::Value;

/// The JSON type a keyword's value must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    String,
    Bool,
    Number,
    Sequence,
    Mapping,
    /// Any JSON value (`default`, `example`), or a schema (checked where it is visited).
    Any,
}

impl Kind {
    pub(super) fn fits(self, value: &Value) -> bool {
        matches!(
            (self, value),
            (Kind::Any, _)
                | (Kind::String, Value::String(_))
                | (Kind::Bool, Value::Bool(_))
                | (Kind::Number, Value::Number(_))
                | (Kind::Sequence, Value::Sequence(_))
                | (Kind::Mapping, Value::Mapping(_))
        )
    }

    pub(super) fn name(self) -> &'static str {
        match self {
            Kind::String => "a string",
            Kind::Bool => "a boolean",
            Kind::Number => "a number",
            Kind::Sequence => "a list",
            Kind::Mapping => "a mapping",
            Kind::Any => "any value",
        }
    }
}

/// What a keyword does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// It describes: one of the wrong type is dropped, nothing is lost to the client.
    Annotation,
    /// It constrains values: one of the wrong type is dropped, and not checked.
    Constraint,
    /// It holds subschemas or says what the schema is (`type`, `$ref`).
    Structure,
}

/// One keyword of an OpenAPI 3.0 Schema Object.
#[derive(Debug)]
pub(super) struct Keyword {
    pub(super) name: &'static str,
    pub(super) kind: Kind,
    pub(super) role: Role,
    /// The JSON types it applies to (empty: any); a schema of several types split into one
    /// branch per type gives each branch the keywords of its type.
    pub(super) types: &'static [&'static str],
    /// Swagger 2.0 writes it on a parameter itself, where 3.0 moves it into `schema`.
    pub(super) on_parameter: bool,
}

const fn keyword(
    name: &'static str,
    kind: Kind,
    role: Role,
    types: &'static [&'static str],
    on_parameter: bool,
) -> Keyword {
    Keyword {
        name,
        kind,
        role,
        types,
        on_parameter,
    }
}

const STRING: &[&str] = &["string"];
const NUMBER: &[&str] = &["number", "integer"];
const ARRAY: &[&str] = &["array"];
const OBJECT: &[&str] = &["object"];
const ANY: &[&str] = &[];

/// The Schema Object keywords of OpenAPI 3.0 that the generator reads: the one table every
/// reader of keywords (the version readers, the repairs, the unknown-keyword check) uses.
pub(super) const KEYWORDS: &[Keyword] = &[
    keyword("$ref", Kind::String, Role::Structure, ANY, false),
    keyword(
        "additionalProperties",
        Kind::Any,
        Role::Structure,
        OBJECT,
        false,
    ),
    keyword("allOf", Kind::Sequence, Role::Constraint, ANY, false),
    keyword("anyOf", Kind::Sequence, Role::Constraint, ANY, false),
    keyword("default", Kind::Any, Role::Annotation, ANY, true),
    keyword("deprecated", Kind::Bool, Role::Annotation, ANY, false),
    keyword("description", Kind::String, Role::Annotation, ANY, false),
    keyword("discriminator", Kind::Any, Role::Structure, OBJECT, false),
    keyword("enum", Kind::Sequence, Role::Constraint, ANY, true),
    keyword("example", Kind::Any, Role::Annotation, ANY, false),
    keyword(
        "exclusiveMaximum",
        Kind::Any,
        Role::Constraint,
        NUMBER,
        true,
    ),
    keyword(
        "exclusiveMinimum",
        Kind::Any,
        Role::Constraint,
        NUMBER,
        true,
    ),
    keyword("externalDocs", Kind::Mapping, Role::Annotation, ANY, false),
    keyword("format", Kind::String, Role::Annotation, ANY, true),
    keyword("items", Kind::Any, Role::Structure, ARRAY, true),
    keyword("maxItems", Kind::Number, Role::Constraint, ARRAY, true),
    keyword("maxLength", Kind::Number, Role::Constraint, STRING, true),
    keyword(
        "maxProperties",
        Kind::Number,
        Role::Constraint,
        OBJECT,
        false,
    ),
    keyword("maximum", Kind::Number, Role::Constraint, NUMBER, true),
    keyword("minItems", Kind::Number, Role::Constraint, ARRAY, true),
    keyword("minLength", Kind::Number, Role::Constraint, STRING, true),
    keyword(
        "minProperties",
        Kind::Number,
        Role::Constraint,
        OBJECT,
        false,
    ),
    keyword("minimum", Kind::Number, Role::Constraint, NUMBER, true),
    keyword("multipleOf", Kind::Number, Role::Constraint, NUMBER, true),
    keyword("not", Kind::Any, Role::Constraint, ANY, false),
    keyword("nullable", Kind::Bool, Role::Annotation, ANY, false),
    keyword("oneOf", Kind::Sequence, Role::Constraint, ANY, false),
    keyword("pattern", Kind::String, Role::Constraint, STRING, true),
    keyword("properties", Kind::Mapping, Role::Constraint, OBJECT, false),
    keyword("readOnly", Kind::Bool, Role::Annotation, ANY, false),
    keyword("required", Kind::Sequence, Role::Constraint, OBJECT, false),
    keyword("title", Kind::String, Role::Annotation, ANY, false),
    keyword("type", Kind::Any, Role::Structure, ANY, true),
    keyword("uniqueItems", Kind::Bool, Role::Annotation, ARRAY, true),
    keyword("writeOnly", Kind::Bool, Role::Annotation, ANY, false),
    keyword("xml", Kind::Mapping, Role::Annotation, ANY, false),
];

/// The keyword `name`, if OpenAPI 3.0 has it.
pub(super) fn keyword_named(name: &str) -> Option<&'static Keyword> {
    KEYWORDS.iter().find(|k| k.name == name)
}

/// Whether the keyword `name` is specific to values of the JSON type `json_type` (and so moves
/// into that type's branch when a schema of several types is split).
pub(super) fn specific_to(name: &str, json_type: &str) -> bool {
    keyword_named(name).is_some_and(|k| {
        k.types.contains(&json_type) || (json_type == "integer" && k.types.contains(&"number"))
    })
}

/// Whether the keyword `name` belongs beside `type: json_type`: it is specific to that type,
/// or to none (`enum`, `format`, annotations).
pub(crate) fn applies_to(name: &str, json_type: &str) -> bool {
    keyword_named(name).is_some_and(|k| k.types.is_empty()) || specific_to(name, json_type)
}

/// Subschema keywords, by what they hold: one schema, a list of them, or a map of them by
/// name. The 3.1 ones are here too, so that the version reader finds schemas under them.
pub(super) const ONE_SCHEMA: &[&str] = &[
    "items",
    "not",
    "additionalProperties",
    "if",
    "then",
    "else",
    "propertyNames",
    "contains",
    "unevaluatedProperties",
    "unevaluatedItems",
    "contentSchema",
];
pub(super) const SCHEMA_LIST: &[&str] = &["allOf", "oneOf", "anyOf", "prefixItems"];
pub(super) const SCHEMA_MAP: &[&str] = &[
    "properties",
    "patternProperties",
    "dependentSchemas",
    "$defs",
    "definitions",
];

/// Finds schema keywords that serde would silently drop (a misspelt `patern` would otherwise
/// switch validation off without a word).
pub(super) fn check_schema_keywords(document: &Value) -> Diagnostics {
    let mut diagnostics = Diagnostics::default();
    let mut schemas = Vec::new();
    for (name, schema) in entries_of(component(document, "schemas")) {
        schemas.push((join("#/components/schemas", name), schema));
    }
    for kind in ["parameters"] {
        for (name, parameter) in entries_of(component(document, kind)) {
            if let Some(schema) = parameter.get("schema") {
                let at = join(&join(&join("#/components", kind), name), "schema");
                schemas.push((at, schema));
            }
        }
    }
    for kind in ["responses", "requestBodies"] {
        for (name, holder) in entries_of(component(document, kind)) {
            content_schemas(
                &join(&join("#/components", kind), name),
                holder,
                &mut schemas,
            );
        }
    }
    for (path, item) in entries_of(document.get("paths")) {
        let path_pointer = join("#/paths", path);
        parameter_schemas(&path_pointer, item, &mut schemas);
        for (method, operation) in entries_of(Some(item)) {
            let pointer = join(&path_pointer, method);
            parameter_schemas(&pointer, operation, &mut schemas);
            if let Some(body) = operation.get("requestBody") {
                content_schemas(&join(&pointer, "requestBody"), body, &mut schemas);
            }
            for (status, response) in entries_of(operation.get("responses")) {
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

fn content_schemas<'a>(pointer: &str, holder: &'a Value, out: &mut Found<'a>) {
    for (media, body) in entries_of(holder.get("content")) {
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
        if !key.starts_with("x-") && keyword_named(key).is_none() {
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
                for (name, property) in entries_of(Some(value)) {
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
