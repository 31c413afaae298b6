//! OpenAPI 3.1 → the OpenAPI 3.0 model, on the tree, before anything is decoded.
//!
//! 3.1 schemas are JSON Schema 2020-12. Each keyword the 3.0 model cannot hold is translated
//! into what it means there (`type: [T, "null"]` → `nullable`, `const` → a one-value `enum`,
//! numeric `exclusiveMinimum` → `minimum` + `exclusiveMinimum: true`), or reported: a keyword
//! the client does not check is a warning saying so, never dropped in silence. Every node that
//! moves is recorded in the source map, so that diagnostics point into the document as written.

mod document;

use super::source_map::SourceMap;
use super::walk::{SchemaVisitor, visit_document};
use crate::diagnostics::{Diagnostics, join};
use yaml_serde::{Mapping, Value};

/// JSON Schema keywords that constrain a value and that the client does not check: each is a
/// warning, and the schema is read without it.
const UNCHECKED: &[(&str, &str)] = &[
    ("if", "a conditional schema"),
    ("then", "a conditional schema"),
    ("else", "a conditional schema"),
    (
        "dependentRequired",
        "properties required only beside another",
    ),
    (
        "dependentSchemas",
        "a schema applied only beside a property",
    ),
    (
        "unevaluatedProperties",
        "a bound on the properties left unevaluated",
    ),
    ("unevaluatedItems", "a bound on the items left unevaluated"),
    (
        "patternProperties",
        "schemas for the properties whose names match a pattern",
    ),
    ("propertyNames", "a schema for property names"),
    ("contains", "a schema some item must match"),
    ("minContains", "a bound on the items that match `contains`"),
    ("maxContains", "a bound on the items that match `contains`"),
];

/// Formats that belong to a number, not a string, when a schema of several types is split.
const NUMERIC_FORMATS: &[&str] = &["int32", "int64", "float", "double", "decimal", "uint64"];

/// Keywords with no effect on the client, dropped without a word.
const SILENT: &[&str] = &["$comment", "$schema", "$id", "$anchor", "$vocabulary"];

/// Translates the 3.1 document `root` in place into the 3.0 model.
pub(super) fn read(root: &mut Value, diagnostics: &mut Diagnostics, map: &mut SourceMap) {
    document::document_level(root, diagnostics, map);
    super::defs::hoist(root, diagnostics, map);
    let mut schemas = Schemas { diagnostics, map };
    visit_document(root, &mut schemas);
}

struct Schemas<'a> {
    diagnostics: &'a mut Diagnostics,
    map: &'a mut SourceMap,
}

/// A list of types (`type: [string, "null"]`) in a document that is not 3.1, where frameworks
/// write it all the same: read as 3.1 reads it.
pub(super) fn type_list(
    schema: &mut Mapping,
    pointer: &str,
    diagnostics: &mut Diagnostics,
    map: &mut SourceMap,
) {
    Schemas { diagnostics, map }.type_list(schema, pointer);
}

impl SchemaVisitor for Schemas<'_> {
    fn schema(&mut self, node: &mut Value, pointer: &str) {
        match node {
            Value::Bool(true) => *node = Value::Mapping(Mapping::new()),
            Value::Bool(false) => {
                self.diagnostics.warning(
                    "a `false` schema, which no value fits",
                    pointer,
                    "`false` allows no value at all; it is read as a schema the client does \
                     not check",
                );
                *node = Value::Mapping(Mapping::new());
            }
            Value::Mapping(schema) => self.mapping(schema, pointer),
            _ => {}
        }
    }
}

impl Schemas<'_> {
    fn mapping(&mut self, schema: &mut Mapping, pointer: &str) {
        for key in SILENT {
            schema.shift_remove(*key);
        }
        if schema.contains_key("nullable") {
            self.diagnostics.warning(
                "`nullable` in an OpenAPI 3.1 document",
                join(pointer, "nullable"),
                "`nullable` is an OpenAPI 3.0 keyword, with no meaning in 3.1; it is honoured \
                 as 3.0 reads it (write `type: [T, \"null\"]` in 3.1)",
            );
        }
        // `oneOf: [X, {type: 'null'}]` first: an inline X is merged into this schema, and the
        // rules below then apply to its keywords too.
        for keyword in ["oneOf", "anyOf"] {
            self.null_member(schema, pointer, keyword);
        }
        self.ref_siblings(schema, pointer);
        self.type_list(schema, pointer);
        self.constant(schema, pointer);
        self.examples(schema, pointer);
        self.exclusive_bound(schema, pointer, "exclusiveMinimum", "minimum", true);
        self.exclusive_bound(schema, pointer, "exclusiveMaximum", "maximum", false);
        self.content_encoding(schema, pointer);
        self.closed(schema, pointer);
        self.unchecked(schema, pointer);
        self.tuple(schema, pointer);
    }

    /// `$ref` beside other keywords: in 3.1 both apply. Annotations (`description`…) and
    /// assertions alike are kept by wrapping the `$ref` in a one-member `allOf`, which the IR
    /// reads as the referenced type with the siblings applied; a sibling `type` naming the
    /// referenced type's own type (with or without `"null"`) adds only its nullability.
    fn ref_siblings(&mut self, schema: &mut Mapping, pointer: &str) {
        if !schema.contains_key("$ref") || schema.len() == 1 {
            return;
        }
        if let Some(Value::Sequence(types)) = schema.get("type") {
            let nullable = types.iter().any(is_null_type);
            schema.shift_remove("type");
            if nullable {
                schema.insert("nullable".into(), true.into());
            }
        }
        if schema.len() == 1 {
            return;
        }
        let Some(reference) = schema.shift_remove("$ref") else {
            return;
        };
        let mut member = Mapping::new();
        member.insert("$ref".into(), reference);
        let mut members = vec![Value::Mapping(member)];
        if let Some(Value::Sequence(existing)) = schema.shift_remove("allOf") {
            let base = members.len();
            for (index, _) in existing.iter().enumerate() {
                self.map.record(
                    join(&join(pointer, "allOf"), &(index + base).to_string()),
                    join(&join(pointer, "allOf"), &index.to_string()),
                );
            }
            members.extend(existing);
        }
        self.map
            .record(join(&join(pointer, "allOf"), "0"), pointer.to_owned());
        schema.insert("allOf".into(), Value::Sequence(members));
    }

    /// `type: [T, "null"]` (or a YAML `null` in the list, as authors often write it) is `T`,
    /// nullable; `type: "null"` alone is a nullable schema of no type; several types become a
    /// `oneOf` of one schema per type, each with the keywords that apply to its type.
    fn type_list(&mut self, schema: &mut Mapping, pointer: &str) {
        let types = match schema.get("type") {
            Some(Value::Sequence(types)) => types.clone(),
            Some(Value::Null) => vec![Value::Null],
            Some(Value::String(name)) if name == "null" => vec![Value::Null],
            _ => return,
        };
        schema.shift_remove("type");
        let mut names: Vec<String> = Vec::new();
        let mut nullable = false;
        for entry in &types {
            match entry {
                entry if is_null_type(entry) => nullable = true,
                Value::String(name) if !names.contains(name) => names.push(name.clone()),
                _ => {}
            }
        }
        // Every integer is a number: `[integer, number]` is a number.
        if names.iter().any(|n| n == "number") {
            names.retain(|n| n != "integer");
        }
        if nullable {
            schema.insert("nullable".into(), true.into());
        }
        match names.as_slice() {
            [] => {}
            [single] => {
                schema.insert("type".into(), single.as_str().into());
            }
            several => self.split_types(schema, pointer, several),
        }
    }

    /// A schema of several types → `oneOf` one schema per type.
    fn split_types(&mut self, schema: &mut Mapping, pointer: &str, names: &[String]) {
        if schema.contains_key("oneOf") || schema.contains_key("anyOf") {
            self.diagnostics.warning(
                "a list of types beside `oneOf` or `anyOf`",
                join(pointer, "type"),
                "the schema lists several types and also has `oneOf`/`anyOf`; the types are \
                 not checked, and the value is read by the composition alone",
            );
            return;
        }
        let mut branches = Vec::new();
        for (index, name) in names.iter().enumerate() {
            let mut branch = Mapping::new();
            branch.insert("type".into(), name.as_str().into());
            let numeric_format = schema
                .get("format")
                .and_then(Value::as_str)
                .is_some_and(|f| NUMERIC_FORMATS.contains(&f));
            let keywords: Vec<Value> = schema
                .keys()
                .filter(|key| {
                    key.as_str().is_some_and(|k| match k {
                        "format" => numeric_format == matches!(name.as_str(), "number" | "integer"),
                        k => keyword_applies(k, name),
                    })
                })
                .cloned()
                .collect();
            for key in keywords {
                if let Some(value) = schema.get(&key).cloned() {
                    branch.insert(key, value);
                }
            }
            if let Some(Value::Sequence(values)) = schema.get("enum") {
                let fitting: Vec<Value> = values
                    .iter()
                    .filter(|v| json_type_fits(v, name))
                    .cloned()
                    .collect();
                branch.insert("enum".into(), Value::Sequence(fitting));
            }
            let at = join(&join(pointer, "oneOf"), &index.to_string());
            self.map.record(at, pointer.to_owned());
            branches.push(Value::Mapping(branch));
        }
        schema.retain(|key, _| {
            let key = key.as_str().unwrap_or_default();
            key == "enum" || !names.iter().any(|name| keyword_applies(key, name))
        });
        schema.shift_remove("enum");
        schema.insert("oneOf".into(), Value::Sequence(branches));
    }

    /// `const: v` is `enum: [v]`, whatever `v` is (`false`, `0`, `""` and `null` included).
    fn constant(&mut self, schema: &mut Mapping, pointer: &str) {
        let Some(value) = schema.shift_remove("const") else {
            return;
        };
        let at = join(pointer, "const");
        if schema.contains_key("enum") {
            self.diagnostics.warning(
                "`const` beside `enum`",
                at,
                "the schema has both `const` and `enum`; the `enum` is read, and `const` is not \
                 checked",
            );
            return;
        }
        self.map.record(join(pointer, "enum"), at.clone());
        self.map
            .record(join(&join(pointer, "enum"), "0"), at.clone());
        // The value's own JSON type is the schema's, when it names none.
        let implied = match &value {
            Value::String(_) => Some("string"),
            Value::Bool(_) => Some("boolean"),
            Value::Number(n) if n.is_i64() || n.is_u64() => Some("integer"),
            Value::Number(_) => Some("number"),
            _ => None,
        };
        if let Some(implied) = implied
            && !schema.contains_key("type")
            && !schema.contains_key("$ref")
        {
            self.map.record(join(pointer, "type"), at);
            schema.insert("type".into(), implied.into());
        }
        schema.insert("enum".into(), Value::Sequence(vec![value]));
    }

    /// `examples: [a, …]` on a schema: the first is its `example`, as 3.0 writes it.
    fn examples(&mut self, schema: &mut Mapping, pointer: &str) {
        let Some(examples) = schema.shift_remove("examples") else {
            return;
        };
        if schema.contains_key("example") {
            return;
        }
        if let Value::Sequence(list) = examples
            && let Some(first) = list.into_iter().next()
        {
            let at = join(&join(pointer, "examples"), "0");
            self.map.record(join(pointer, "example"), at);
            schema.insert("example".into(), first);
        }
    }

    /// A numeric `exclusiveMinimum: n` is `minimum: n, exclusiveMinimum: true`, or, when an
    /// inclusive `minimum` is tighter, that minimum alone (and likewise for the maximum).
    fn exclusive_bound(
        &mut self,
        schema: &mut Mapping,
        pointer: &str,
        exclusive: &str,
        inclusive: &str,
        lower: bool,
    ) {
        let at = join(pointer, exclusive);
        match schema.get(exclusive) {
            Some(Value::Number(_)) => {}
            Some(Value::Bool(_)) => {
                self.diagnostics.warning(
                    "a boolean exclusive bound in an OpenAPI 3.1 document",
                    at,
                    format!(
                        "`{exclusive}` is a number in OpenAPI 3.1; a boolean is read as \
                         OpenAPI 3.0 reads it (it makes `{inclusive}` exclusive)"
                    ),
                );
                return;
            }
            _ => return,
        }
        super::repair::numeric_exclusive_bound(
            schema, pointer, exclusive, inclusive, lower, self.map,
        );
    }

    /// `contentEncoding: base64` is a base64 string (`format: byte`); `contentMediaType`
    /// without an encoding is raw binary (`format: binary`), as file parts are written in 3.1.
    fn content_encoding(&mut self, schema: &mut Mapping, pointer: &str) {
        let encoding = schema.shift_remove("contentEncoding");
        let media = schema.shift_remove("contentMediaType");
        schema.shift_remove("contentSchema");
        let format = match (&encoding, &media) {
            (Some(Value::String(e)), _) if e.eq_ignore_ascii_case("base64") => "byte",
            (Some(Value::String(e)), _) if e.eq_ignore_ascii_case("base64url") => {
                self.diagnostics.warning(
                    "a base64url string, read as base64",
                    join(pointer, "contentEncoding"),
                    "the value is base64url (`-` and `_` for `+` and `/`); the client carries it \
                     as a string and does not decode it",
                );
                return;
            }
            (Some(other), _) => {
                self.diagnostics.warning(
                    "a content encoding the client does not decode",
                    join(pointer, "contentEncoding"),
                    format!(
                        "the encoding `{}` is not decoded; the value is carried as a string",
                        other.as_str().unwrap_or("?")
                    ),
                );
                return;
            }
            (None, Some(_)) => "binary",
            (None, None) => return,
        };
        if !schema.contains_key("format") {
            schema.insert("format".into(), format.into());
            let source = if encoding.is_some() {
                "contentEncoding"
            } else {
                "contentMediaType"
            };
            self.map
                .record(join(pointer, "format"), join(pointer, source));
        }
        if !schema.contains_key("type") && !schema.contains_key("$ref") {
            schema.insert("type".into(), "string".into());
        }
    }

    /// `oneOf: [X, {type: "null"}]`: X, nullable. The null members are removed; one member
    /// left is the schema itself (a `$ref` is wrapped in `allOf`, the 3.0 idiom).
    fn null_member(&mut self, schema: &mut Mapping, pointer: &str, keyword: &str) {
        let Some(Value::Sequence(members)) = schema.get(keyword) else {
            return;
        };
        if !members.iter().any(is_null_schema) {
            return;
        }
        let at = join(pointer, keyword);
        let kept: Vec<(usize, Value)> = members
            .iter()
            .enumerate()
            .filter(|(_, member)| !is_null_schema(member))
            .map(|(index, member)| (index, member.clone()))
            .collect();
        schema.insert("nullable".into(), true.into());
        schema.shift_remove(keyword);
        match kept.as_slice() {
            [] => {}
            [(index, member)] => self.only_member(schema, pointer, &at, *index, member),
            several => {
                let mut list = Vec::new();
                for (position, (index, member)) in several.iter().enumerate() {
                    self.map.record(
                        join(&at, &position.to_string()),
                        join(&at, &index.to_string()),
                    );
                    list.push(member.clone());
                }
                schema.insert(keyword.into(), Value::Sequence(list));
            }
        }
    }

    /// The one member of a `oneOf`/`anyOf` that is not null: merged into the schema when it is
    /// inline and the schema's own keywords are annotations only; otherwise an `allOf` of it.
    fn only_member(
        &mut self,
        schema: &mut Mapping,
        pointer: &str,
        from: &str,
        index: usize,
        member: &Value,
    ) {
        let source = join(from, &index.to_string());
        let annotations_only = schema.keys().all(|key| {
            matches!(
                key.as_str().unwrap_or_default(),
                "nullable"
                    | "description"
                    | "title"
                    | "default"
                    | "example"
                    | "deprecated"
                    | "readOnly"
                    | "writeOnly"
                    | "externalDocs"
            ) || key.as_str().is_some_and(|k| k.starts_with("x-"))
        });
        match member {
            Value::Mapping(inline) if annotations_only && !inline.contains_key("$ref") => {
                for (key, value) in inline {
                    let Some(name) = key.as_str() else { continue };
                    if name == "nullable" || schema.contains_key(name) {
                        continue;
                    }
                    self.map.record(join(pointer, name), join(&source, name));
                    schema.insert(key.clone(), value.clone());
                }
            }
            member => {
                let base = match schema.get_mut("allOf") {
                    Some(Value::Sequence(list)) => {
                        list.push(member.clone());
                        list.len() - 1
                    }
                    _ => {
                        schema.insert("allOf".into(), Value::Sequence(vec![member.clone()]));
                        0
                    }
                };
                self.map
                    .record(join(&join(pointer, "allOf"), &base.to_string()), source);
            }
        }
    }

    /// `unevaluatedProperties: false` on an object without composition closes it as
    /// `additionalProperties: false` does.
    fn closed(&mut self, schema: &mut Mapping, pointer: &str) {
        let composed = ["allOf", "oneOf", "anyOf", "$ref"]
            .iter()
            .any(|key| schema.contains_key(*key));
        if schema.get("unevaluatedProperties") == Some(&Value::Bool(false))
            && !composed
            && !schema.contains_key("additionalProperties")
        {
            schema.shift_remove("unevaluatedProperties");
            schema.insert("additionalProperties".into(), false.into());
            self.map.record(
                join(pointer, "additionalProperties"),
                join(pointer, "unevaluatedProperties"),
            );
        }
    }

    /// Keywords the client does not check: a warning each, and the schema read without them.
    fn unchecked(&mut self, schema: &mut Mapping, pointer: &str) {
        for (keyword, what) in UNCHECKED {
            if schema.shift_remove(*keyword).is_some() {
                self.diagnostics.warning(
                    format!("`{keyword}`, which the client does not check"),
                    join(pointer, keyword),
                    format!(
                        "`{keyword}` ({what}) is not checked before sending or after \
                         receiving; the schema is read without it"
                    ),
                );
            }
        }
        for keyword in [
            "$dynamicRef",
            "$dynamicAnchor",
            "$recursiveRef",
            "$recursiveAnchor",
        ] {
            if schema.shift_remove(keyword).is_some() {
                self.diagnostics.warning(
                    format!("`{keyword}`, not followed"),
                    join(pointer, keyword),
                    format!("`{keyword}` is not followed; the schema is read without it"),
                );
            }
        }
    }

    /// `prefixItems` (a tuple): a closed one (`items: false`, or `maxItems` its length) becomes
    /// `items: {anyOf: [positions…]}` marked as a tuple, which the IR reads as a Rust tuple; an
    /// open one, an array of any of its positions' schemas (and of `items`), with a warning.
    fn tuple(&mut self, schema: &mut Mapping, pointer: &str) {
        let Some(Value::Sequence(positions)) = schema.shift_remove("prefixItems") else {
            return;
        };
        let at = join(pointer, "prefixItems");
        let count = positions.len();
        let items = schema.shift_remove("items");
        let closed = matches!(items, Some(Value::Bool(false)))
            || schema.get("maxItems").and_then(Value::as_u64) == Some(count as u64);
        let items_at = join(pointer, "items");
        let any_of_at = join(&items_at, "anyOf");
        self.map.record(items_at, at.clone());
        self.map.record(any_of_at.clone(), at.clone());
        for index in 0..count {
            let position = index.to_string();
            self.map
                .record(join(&any_of_at, &position), join(&at, &position));
        }
        let mut members = positions;
        if closed && (1..=crate::ir::MAX_TUPLE).contains(&count) {
            schema.insert(crate::ir::EXT_TUPLE.into(), true.into());
        } else {
            self.diagnostics.warning(
                "an open tuple, its positions not checked",
                at,
                "the tuple may hold more items than its positions (or more than 12), so each \
                 item is read as any of the positions' schemas",
            );
            match items {
                Some(Value::Bool(false)) => {}
                Some(Value::Mapping(extra)) => members.push(Value::Mapping(extra)),
                _ => members.push(Value::Mapping(Mapping::new())),
            }
        }
        let mut any_of = Mapping::new();
        any_of.insert("anyOf".into(), Value::Sequence(members));
        schema.insert("items".into(), Value::Mapping(any_of));
        if !schema.contains_key("type") {
            schema.insert("type".into(), "array".into());
        }
    }
}

/// A `type` entry meaning null: the string `"null"`, or YAML's `null`, as authors often
/// write it unquoted.
fn is_null_type(entry: &Value) -> bool {
    matches!(entry, Value::Null) || entry.as_str() == Some("null")
}

/// A schema that allows only null: `{type: "null"}` (or `type: [null]`), nothing else typed.
fn is_null_schema(member: &Value) -> bool {
    let Some(map) = member.as_mapping() else {
        return false;
    };
    let only_null = match map.get("type") {
        Some(Value::Sequence(types)) => !types.is_empty() && types.iter().all(is_null_type),
        Some(entry) => is_null_type(entry),
        None => map.get("const") == Some(&Value::Null) && !map.contains_key("$ref"),
    };
    only_null
        && map.keys().all(|key| {
            matches!(
                key.as_str().unwrap_or_default(),
                "type" | "const" | "description" | "title" | "nullable"
            )
        })
}

/// Whether the keyword `key` applies to values of the JSON type `name` (see
/// [`super::keywords::applies_to`]); a `format` goes with the number when it names one.
fn keyword_applies(key: &str, name: &str) -> bool {
    match (key, name) {
        ("format", "string" | "number" | "integer") => true,
        (key, name) => super::keywords::specific_to(key, name),
    }
}

/// Whether the JSON value `value` is of the JSON type `name`.
fn json_type_fits(value: &Value, name: &str) -> bool {
    match (value, name) {
        (Value::String(_), "string") | (Value::Bool(_), "boolean") => true,
        (Value::Number(n), "number") => n.is_f64() || n.is_i64() || n.is_u64(),
        (Value::Number(n), "integer") => n.is_i64() || n.is_u64(),
        (Value::Sequence(_), "array") | (Value::Mapping(_), "object") => true,
        _ => false,
    }
}
