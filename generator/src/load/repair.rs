//! Defects of real documents, worked around on the tree with a warning each, for every
//! version: a keyword of the wrong JSON type where it is harmless, `type: 'string,'`, an array
//! without `items`, a `discriminator` without `propertyName`, a path parameter not marked
//! `required`, and the habits of frameworks (`type: any`, `items: true`, a numeric
//! `exclusiveMinimum` in a 3.0 document). Each warning says what the client does instead; a
//! strict document (`x-strict: true`) makes each an error.

use super::keywords::{KEYWORDS, Kind, Role};
use super::source_map::SourceMap;
use super::version::Version;
use super::walk::{SchemaVisitor, entries, visit_document};
use crate::diagnostics::{Diagnostics, join};
use yaml_serde::{Mapping, Value};

/// The JSON types a schema may name.
const TYPES: &[&str] = &["string", "number", "integer", "boolean", "array", "object"];

/// Repairs the document `root` (already in the 3.0 shape), each repair with a warning.
/// `version`: what the document says it is; 3.1 habits in a 3.0 or 2.0 one are worth a warning.
pub(super) fn repair(
    root: &mut Value,
    version: Version,
    diagnostics: &mut Diagnostics,
    map: &mut SourceMap,
) {
    let mut schemas = Schemas {
        version,
        diagnostics,
        map,
    };
    visit_document(root, &mut schemas);
    let diagnostics = schemas.diagnostics;
    info(root, diagnostics);
    tags(root, diagnostics);
    let components = root
        .get_mut("components")
        .and_then(|c| c.get_mut("parameters"));
    for (name, parameter) in entries(components) {
        path_parameter(
            parameter,
            &join("#/components/parameters", &name),
            diagnostics,
        );
    }
    for (path, item) in entries(root.get_mut("paths")) {
        if path.starts_with("x-") {
            continue;
        }
        let at = join("#/paths", &path);
        path_parameters(item, &at, diagnostics);
        for method in super::sites::METHODS {
            if let Some(operation) = item.get_mut(method) {
                let at = join(&at, method);
                path_parameters(operation, &at, diagnostics);
                operation_text(operation, &at, diagnostics);
            }
        }
    }
}

/// `info.title` and `info.version` are required; one that is missing or not text is read as
/// empty.
fn info(root: &mut Value, diagnostics: &mut Diagnostics) {
    let Some(info) = root.get_mut("info").and_then(Value::as_mapping_mut) else {
        return;
    };
    for key in ["title", "version"] {
        match info.get(key) {
            Some(Value::String(_)) => {}
            Some(Value::Number(number)) => {
                let text = number.to_string();
                info.insert(key.into(), text.into());
            }
            _ => {
                info.insert(key.into(), "".into());
                diagnostics.warning(
                    "a required `info` field missing",
                    "#/info",
                    format!("`info.{key}` is missing or not text; it is read as empty"),
                );
            }
        }
    }
}

/// A tag's `description` that is not text (a `$ref`, say) is dropped.
fn tags(root: &mut Value, diagnostics: &mut Diagnostics) {
    let Some(Value::Sequence(tags)) = root.get_mut("tags") else {
        return;
    };
    for (index, tag) in tags.iter_mut().enumerate() {
        if let Some(tag) = tag.as_mapping_mut() {
            let at = join("#/tags", &index.to_string());
            drop_if_not(tag, &at, "description", Kind::String, diagnostics);
        }
    }
}

/// An operation's `summary` or `description` that is not text is dropped; so is a media type's
/// `content` that is not a mapping.
fn operation_text(operation: &mut Value, pointer: &str, diagnostics: &mut Diagnostics) {
    let Some(operation) = operation.as_mapping_mut() else {
        return;
    };
    for key in ["summary", "description"] {
        drop_if_not(operation, pointer, key, Kind::String, diagnostics);
    }
    if let Some(body) = operation
        .get_mut("requestBody")
        .and_then(Value::as_mapping_mut)
    {
        let at = join(pointer, "requestBody");
        drop_if_not(body, &at, "description", Kind::String, diagnostics);
        drop_if_not(body, &at, "content", Kind::Mapping, diagnostics);
    }
    let at = join(pointer, "responses");
    for (status, response) in entries(operation.get_mut("responses")) {
        if let Some(response) = response.as_mapping_mut() {
            let at = join(&at, &status);
            drop_if_not(response, &at, "content", Kind::Mapping, diagnostics);
            if !response.contains_key("$ref") && !response.contains_key("description") {
                response.insert("description".into(), "".into());
                diagnostics.warning(
                    "a response without `description`",
                    at.clone(),
                    "a response must have a `description`; it is read as empty",
                );
            }
            if response.get("description").is_some_and(|d| !d.is_string()) {
                response.insert("description".into(), "".into());
                diagnostics.warning(
                    "a harmless keyword of the wrong type, dropped",
                    join(&at, "description"),
                    "`description` is not text; it is read as empty",
                );
            }
        }
    }
}

/// Removes `holder[key]` when it is not of `kind`, with a warning.
fn drop_if_not(
    holder: &mut Mapping,
    pointer: &str,
    key: &str,
    kind: Kind,
    diagnostics: &mut Diagnostics,
) {
    if holder.get(key).is_some_and(|value| !kind.fits(value)) {
        holder.shift_remove(key);
        diagnostics.warning(
            "a harmless keyword of the wrong type, dropped",
            join(pointer, key),
            format!("`{key}` should be {}; it is dropped", kind.name()),
        );
    }
}

/// A path parameter must be `required: true` (OpenAPI 3.0, Parameter Object); one that is not
/// is read as required, since a path cannot be sent without it.
fn path_parameters(holder: &mut Value, pointer: &str, diagnostics: &mut Diagnostics) {
    let Some(Value::Sequence(list)) = holder.get_mut("parameters") else {
        return;
    };
    let at = join(pointer, "parameters");
    for (index, parameter) in list.iter_mut().enumerate() {
        path_parameter(parameter, &join(&at, &index.to_string()), diagnostics);
    }
}

/// One parameter: `in: path` without `required: true` is read as required.
fn path_parameter(parameter: &mut Value, at: &str, diagnostics: &mut Diagnostics) {
    let Some(parameter) = parameter.as_mapping_mut() else {
        return;
    };
    if parameter.get("in").and_then(Value::as_str) != Some("path")
        || parameter.get("required") == Some(&Value::Bool(true))
    {
        return;
    }
    diagnostics.warning(
        "a path parameter not marked required",
        join(at, "in"),
        "a path parameter must be `required: true`; it is read as required, since the path \
         cannot be sent without it",
    );
    parameter.insert("required".into(), true.into());
}

struct Schemas<'a> {
    version: Version,
    diagnostics: &'a mut Diagnostics,
    map: &'a mut SourceMap,
}

impl SchemaVisitor for Schemas<'_> {
    fn schema(&mut self, node: &mut Value, pointer: &str) {
        if let Value::Bool(true) = node {
            // `items: true`, `properties: {x: true}`: any value.
            self.warn(
                pointer,
                "a boolean schema in an OpenAPI 3.0 document",
                "`true` is not an OpenAPI 3.0 schema; it is read as `{}`, any value",
            );
            *node = Value::Mapping(Mapping::new());
            return;
        }
        if node.is_null() {
            self.warn(
                pointer,
                "a schema given as null, read as any value",
                "the schema is `null`; it is read as `{}`, any value",
            );
            *node = Value::Mapping(Mapping::new());
            return;
        }
        let Some(schema) = node.as_mapping_mut() else {
            return;
        };
        if self.version != Version::V31 {
            self.type_list(schema, pointer);
        }
        self.wrong_types(schema, pointer);
        self.type_name(schema, pointer);
        self.format_on_object(schema, pointer);
        self.side_not(schema, pointer);
        self.items(schema, pointer);
        self.discriminator(schema, pointer);
        self.property_required(schema, pointer);
        if self.version == Version::V30 {
            for (exclusive, inclusive, lower) in [
                ("exclusiveMinimum", "minimum", true),
                ("exclusiveMaximum", "maximum", false),
            ] {
                if schema.get(exclusive).is_some_and(Value::is_number) {
                    self.warn(
                        &join(pointer, exclusive),
                        "a numeric exclusive bound in an OpenAPI 3.0 document",
                        &format!("`{exclusive}` is a boolean in OpenAPI 3.0; the number is read as OpenAPI 3.1 reads it, an exclusive `{inclusive}`"),
                    );
                    numeric_exclusive_bound(schema, pointer, exclusive, inclusive, lower, self.map);
                }
            }
        }
    }
}

impl Schemas<'_> {
    fn warn(&mut self, pointer: &str, kind: &str, message: &str) {
        self.diagnostics.warning(kind, pointer, message);
    }

    /// `type: [string, "null"]` in a document that is not 3.1 (frameworks write it so).
    fn type_list(&mut self, schema: &mut Mapping, pointer: &str) {
        let listed = matches!(
            schema.get("type"),
            Some(Value::Sequence(_)) | Some(Value::Null)
        );
        // `type: 'null'` alone: in 3.0 the IR reads it among `oneOf` members; 2.0 has no such
        // type, so there it is read as 3.1 reads it.
        let null = self.version == Version::V20
            && schema.get("type").and_then(Value::as_str) == Some("null");
        if listed || null {
            self.warn(
                &join(pointer, "type"),
                "a list of types in a document that is not OpenAPI 3.1",
                "`type` must be one name before OpenAPI 3.1; the list is read as 3.1 reads it",
            );
            super::v31::type_list(schema, pointer, self.diagnostics, self.map);
        }
    }

    /// Keywords of the wrong JSON type: an annotation is dropped, and so is a constraint, which
    /// is then not checked.
    fn wrong_types(&mut self, schema: &mut Mapping, pointer: &str) {
        for keyword in KEYWORDS {
            let key = keyword.name;
            match keyword.role {
                Role::Structure => {}
                Role::Annotation => {
                    drop_if_not(schema, pointer, key, keyword.kind, self.diagnostics)
                }
                Role::Constraint => self.wrong_constraint(schema, pointer, key, keyword.kind),
            }
        }
    }

    /// A constraint of the wrong type is dropped, and not checked.
    fn wrong_constraint(&mut self, schema: &mut Mapping, pointer: &str, key: &str, kind: Kind) {
        if schema.get(key) == Some(&Value::Null) {
            // No bound: what `null` says, and what a non-finite number, already reported by
            // the reader, has become.
            schema.shift_remove(key);
            return;
        }
        // `required: true` on a property is handled by its parent.
        if key == "required" && schema.get(key) == Some(&Value::Bool(true)) {
            return;
        }
        if schema.get(key).is_some_and(|value| !kind.fits(value)) {
            schema.shift_remove(key);
            self.warn(
                &join(pointer, key),
                "a constraint of the wrong type, not checked",
                &format!(
                    "`{key}` should be {}; it is dropped, and the client does not check it",
                    kind.name()
                ),
            );
        }
    }

    /// `type: 'string,'` is `string`; `type: any`, `type: {}` and other non-types mean any value.
    fn type_name(&mut self, schema: &mut Mapping, pointer: &str) {
        let at = join(pointer, "type");
        let cleaned = match schema.get("type") {
            None | Some(Value::Sequence(_)) => return,
            Some(Value::String(name)) if TYPES.contains(&name.as_str()) || name == "null" => return,
            Some(Value::String(name)) => name
                .trim_matches(|c: char| !c.is_ascii_alphanumeric())
                .to_ascii_lowercase(),
            Some(_) => String::new(),
        };
        if TYPES.contains(&cleaned.as_str()) {
            self.warn(
                &at,
                "a type name with stray characters",
                &format!("the type is read as `{cleaned}`"),
            );
            schema.insert("type".into(), cleaned.into());
        } else if cleaned == "file" {
            self.warn(&at, "`type: file` in an OpenAPI 3.0 document", "`file` is a Swagger 2.0 type; it is read as binary data (`type: string, format: binary`)");
            schema.insert("type".into(), "string".into());
            schema.insert("format".into(), "binary".into());
        } else {
            self.warn(
                &at,
                "a type that is not a JSON type, read as any value",
                "the type names no JSON type; the schema is read without it, as any value",
            );
            schema.shift_remove("type");
        }
    }

    /// A `format` on an object (`format: application/json` beside `additionalProperties`)
    /// means nothing to the value; it is dropped.
    fn format_on_object(&mut self, schema: &mut Mapping, pointer: &str) {
        let typed_object = schema.get("type").and_then(Value::as_str) == Some("object");
        let keyed_object = !schema.contains_key("type")
            && (schema.contains_key("properties") || schema.contains_key("additionalProperties"));
        if (typed_object || keyed_object) && schema.contains_key("format") {
            schema.shift_remove("format");
            self.warn(
                &join(pointer, "format"),
                "a `format` on an object, ignored",
                "`format` describes strings and numbers; on an object it is ignored",
            );
        }
    }

    /// A `not` beside the schema's own type (`{type: object, not: {required: [user_id]}}`)
    /// narrows values the client does not check; the schema is read by its type. (`not: {}`,
    /// which no value passes, is left for the IR to find unsatisfiable.)
    fn side_not(&mut self, schema: &mut Mapping, pointer: &str) {
        let typed = schema.contains_key("type") || schema.contains_key("properties");
        let empty = schema
            .get("not")
            .and_then(Value::as_mapping)
            .is_some_and(Mapping::is_empty);
        if typed && !empty && schema.shift_remove("not").is_some() {
            self.warn(
                &join(pointer, "not"),
                "a `not` constraint, which the client does not check",
                "`not` is not checked before sending; the schema is read without it",
            );
        }
    }

    /// An array without `items` holds any values; `items: [A]` (a list, as draft-04 tuples are
    /// written) is `items: A`, and a longer list any of its schemas.
    fn items(&mut self, schema: &mut Mapping, pointer: &str) {
        let at = join(pointer, "items");
        let is_array = schema.get("type").and_then(Value::as_str) == Some("array");
        match schema.get_mut("items") {
            Some(Value::Sequence(list)) => {
                let list = std::mem::take(list);
                self.warn(
                    &at,
                    "`items` given as a list",
                    "`items` is one schema in OpenAPI; the list is read as any one of its schemas",
                );
                let items = match <[Value; 1]>::try_from(list) {
                    Ok([only]) => {
                        self.map.record(at.clone(), join(&at, "0"));
                        only
                    }
                    Err(list) if list.is_empty() => Value::Mapping(Mapping::new()),
                    Err(list) => {
                        let mut any_of = Mapping::new();
                        self.map.record(join(&at, "anyOf"), at.clone());
                        any_of.insert("anyOf".into(), Value::Sequence(list));
                        Value::Mapping(any_of)
                    }
                };
                schema.insert("items".into(), items);
            }
            Some(Value::Bool(true)) | Some(Value::Null) => {
                schema.insert("items".into(), Value::Mapping(Mapping::new()));
            }
            Some(_) => {}
            None if is_array => {
                self.warn(&join(pointer, "type"), "an array without `items`", "the array has no `items`; its items are read as untyped JSON (`serde_json::Value`)");
                schema.insert("items".into(), Value::Mapping(Mapping::new()));
            }
            None => {}
        }
    }

    /// `discriminator: petType` (Swagger 2.0's form) is `{propertyName: petType}`; one without
    /// `propertyName` is dropped, and the members are told apart by trying each.
    fn discriminator(&mut self, schema: &mut Mapping, pointer: &str) {
        let at = join(pointer, "discriminator");
        match schema.get("discriminator") {
            None => {}
            Some(Value::String(name)) => {
                let mut object = Mapping::new();
                object.insert("propertyName".into(), name.clone().into());
                schema.insert("discriminator".into(), Value::Mapping(object));
            }
            Some(Value::Mapping(object))
                if object.get("propertyName").is_some_and(Value::is_string) => {}
            Some(_) => {
                schema.shift_remove("discriminator");
                self.warn(&at, "a discriminator without `propertyName`", "the discriminator names no property; it is dropped, and the members are told apart by trying each in turn");
            }
        }
    }

    /// `required: true` on a property (a Swagger 2.0 parameter habit): the property joins its
    /// parent's `required` list.
    fn property_required(&mut self, schema: &mut Mapping, pointer: &str) {
        let Some(Value::Mapping(properties)) = schema.get_mut("properties") else {
            return;
        };
        let mut required = Vec::new();
        for (name, property) in properties.iter_mut() {
            let Some(property) = property.as_mapping_mut() else {
                continue;
            };
            if matches!(property.get("required"), Some(Value::Bool(_))) {
                let flag = property.shift_remove("required");
                if let (Some(Value::Bool(true)), Some(name)) = (flag, name.as_str()) {
                    required.push(name.to_owned());
                }
                let name = name.as_str().unwrap_or_default();
                self.diagnostics.warning(
                    "`required` as a boolean on a property",
                    join(&join(&join(pointer, "properties"), name), "required"),
                    "`required` belongs in the parent's list of names; it is read so",
                );
            }
        }
        if required.is_empty() {
            return;
        }
        let list = schema
            .entry("required".into())
            .or_insert_with(|| Value::Sequence(Vec::new()));
        if let Value::Sequence(list) = list {
            for name in required {
                if !list
                    .iter()
                    .any(|entry| entry.as_str() == Some(name.as_str()))
                {
                    list.push(name.into());
                }
            }
        }
    }
}

/// A numeric `exclusiveMinimum: n` (JSON Schema's form since draft 6) as OpenAPI 3.0 writes it:
/// `minimum: n, exclusiveMinimum: true`, or the inclusive `minimum` alone when it is tighter.
pub(super) fn numeric_exclusive_bound(
    schema: &mut Mapping,
    pointer: &str,
    exclusive: &str,
    inclusive: &str,
    lower: bool,
    map: &mut SourceMap,
) {
    let Some(Value::Number(bound)) = schema.get(exclusive).cloned() else {
        return;
    };
    let tighter_inclusive = match schema.get(inclusive).and_then(Value::as_f64) {
        Some(other) => {
            let bound = bound.as_f64().unwrap_or_default();
            if lower { other > bound } else { other < bound }
        }
        None => false,
    };
    if tighter_inclusive {
        schema.shift_remove(exclusive);
        return;
    }
    schema.insert(inclusive.into(), Value::Number(bound));
    schema.insert(exclusive.into(), true.into());
    map.record(join(pointer, inclusive), join(pointer, exclusive));
}
