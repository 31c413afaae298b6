//! Schema Objects, loaded bottom-up.
//!
//! `openapiv3` decodes a schema through several untagged enums, each of which buffers its input
//! and tries again on failure; nested schemas multiply those retries, so an invalid leaf under N
//! inline schemas costs about 2^N. Here each schema node is decoded alone, its child schemas
//! loaded first and replaced by an empty stub in a shallow copy, then put back into the typed
//! parent. Cost is linear, and a bad node is reported at its own pointer and replaced by `{}`.

use super::decode::decode;
use crate::diagnostics::{Diagnostics, join};
use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type};
use yaml_serde::{Mapping, Value};

/// How deep inline schemas may nest. Deeper schemas would strain every recursive stage after
/// this one and the recursion limit of rustc on the generated types.
pub(super) const MAX_SCHEMA_DEPTH: usize = 32;

/// Loads the schema `node` found at `pointer`.
pub(super) fn load_schema(
    node: &Value,
    pointer: &str,
    diagnostics: &mut Diagnostics,
) -> ReferenceOr<Schema> {
    load_at(node, pointer, 1, diagnostics)
}

/// The empty schema `{}`, which accepts anything: the stand-in for a child not yet put back,
/// and for a schema that could not be loaded.
pub(super) fn stub() -> Value {
    Value::Mapping(Mapping::new())
}

fn empty_schema() -> ReferenceOr<Schema> {
    ReferenceOr::Item(Schema {
        schema_data: Default::default(),
        schema_kind: SchemaKind::Any(Default::default()),
    })
}

fn load_at(
    node: &Value,
    pointer: &str,
    depth: usize,
    diagnostics: &mut Diagnostics,
) -> ReferenceOr<Schema> {
    if depth > MAX_SCHEMA_DEPTH {
        diagnostics.error(
            "nesting too deep",
            pointer,
            format!(
                "Inline schemas nest more than {MAX_SCHEMA_DEPTH} levels deep here; this schema \
                 is read as an empty schema. Name the inner schemas under `components/schemas` \
                 and refer to them instead."
            ),
        );
        return empty_schema();
    }
    // A `$ref` replaces its siblings in OpenAPI 3.0, so they are not loaded. Nor is the node
    // handed whole to `openapiv3`, whose retries would walk the siblings again at every level.
    if let Some(reference) = node.as_mapping().and_then(|m| m.get("$ref")) {
        return match reference.as_str() {
            Some(reference) => ReferenceOr::Reference {
                reference: reference.to_owned(),
            },
            None => {
                diagnostics.error(
                    super::decode::SHAPE,
                    join(pointer, "$ref"),
                    "This does not parse as OpenAPI 3.0: `$ref` must be a string, a URI \
                     reference. It is read as an empty schema.",
                );
                empty_schema()
            }
        };
    }
    let (shallow, children) = match node.as_mapping() {
        Some(mapping) => split(mapping, pointer, depth, diagnostics),
        None => (node.clone(), Children::default()),
    };
    let fallback = "It is read as an empty schema.";
    match decode::<ReferenceOr<Schema>>(&shallow, pointer, fallback, diagnostics) {
        Some(ReferenceOr::Item(mut schema)) => {
            children.attach(&mut schema);
            mark_empty_enum(&shallow, &mut schema);
            ReferenceOr::Item(schema)
        }
        Some(reference) => reference,
        None => empty_schema(),
    }
}

/// `openapiv3` reads `enum: []` (no value fits) as no `enum` at all (any value fits), so the
/// IR could not tell them apart; a mark it reads says which it was.
fn mark_empty_enum(node: &Value, schema: &mut Schema) {
    let empty = node
        .as_mapping()
        .and_then(|m| m.get("enum"))
        .and_then(Value::as_sequence)
        .is_some_and(Vec::is_empty);
    if empty {
        let mark = crate::ir::EMPTY_ENUM.to_owned();
        schema.schema_data.extensions.insert(mark, true.into());
    }
}

/// The typed child schemas of one schema node.
#[derive(Default)]
struct Children {
    properties: IndexMap<String, ReferenceOr<Schema>>,
    items: Option<ReferenceOr<Schema>>,
    additional_properties: Option<ReferenceOr<Schema>>,
    not: Option<ReferenceOr<Schema>>,
    all_of: Vec<ReferenceOr<Schema>>,
    one_of: Vec<ReferenceOr<Schema>>,
    any_of: Vec<ReferenceOr<Schema>>,
}

/// Loads the child schemas of `mapping` and returns a copy of it with each child stubbed.
fn split(
    mapping: &Mapping,
    pointer: &str,
    depth: usize,
    diagnostics: &mut Diagnostics,
) -> (Value, Children) {
    let mut children = Children::default();
    let mut shallow = Mapping::with_capacity(mapping.len());
    for (key, value) in mapping {
        let Some(keyword) = key.as_str() else {
            continue;
        };
        let at = join(pointer, keyword);
        let child = |diagnostics: &mut Diagnostics| load_at(value, &at, depth + 1, diagnostics);
        let stubbed = match keyword {
            "properties" => match value.as_mapping() {
                Some(properties) => {
                    let loaded = load_properties(properties, &at, depth, diagnostics);
                    children.properties = loaded.0;
                    loaded.1
                }
                None => value.clone(),
            },
            "items" => {
                children.items = Some(child(diagnostics));
                stub()
            }
            "not" => {
                children.not = Some(child(diagnostics));
                stub()
            }
            "additionalProperties" if !value.is_bool() => {
                children.additional_properties = Some(child(diagnostics));
                stub()
            }
            "allOf" | "oneOf" | "anyOf" => match value.as_sequence() {
                Some(list) => {
                    let loaded = list.iter().enumerate().map(|(index, item)| {
                        load_at(item, &join(&at, &index.to_string()), depth + 1, diagnostics)
                    });
                    *children.list_mut(keyword) = loaded.collect();
                    Value::Sequence(vec![stub(); list.len()])
                }
                None => value.clone(),
            },
            _ => value.clone(),
        };
        shallow.insert(key.clone(), stubbed);
    }
    (Value::Mapping(shallow), children)
}

/// Loads each property schema; returns them and the `properties` mapping with each stubbed.
fn load_properties(
    properties: &Mapping,
    pointer: &str,
    depth: usize,
    diagnostics: &mut Diagnostics,
) -> (IndexMap<String, ReferenceOr<Schema>>, Value) {
    let mut loaded = IndexMap::with_capacity(properties.len());
    let mut stubs = Mapping::with_capacity(properties.len());
    for (name, property) in properties {
        let Some(name) = name.as_str() else {
            continue;
        };
        let schema = load_at(property, &join(pointer, name), depth + 1, diagnostics);
        loaded.insert(name.to_owned(), schema);
        stubs.insert(Value::String(name.to_owned()), stub());
    }
    (loaded, Value::Mapping(stubs))
}

impl Children {
    fn list_mut(&mut self, keyword: &str) -> &mut Vec<ReferenceOr<Schema>> {
        match keyword {
            "allOf" => &mut self.all_of,
            "oneOf" => &mut self.one_of,
            _ => &mut self.any_of,
        }
    }

    /// Puts the typed children back where `openapiv3` placed their stubs. A child whose stub
    /// found no place (say `items` beside `type: string`) is dropped, as `openapiv3` drops it.
    fn attach(mut self, schema: &mut Schema) {
        match &mut schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => {
                put_properties(&mut object.properties, &mut self.properties);
                put_additional(
                    &mut object.additional_properties,
                    self.additional_properties,
                );
            }
            SchemaKind::Type(Type::Array(array)) => put_boxed(&mut array.items, self.items),
            SchemaKind::Type(_) => {}
            SchemaKind::OneOf { one_of } => put_list(one_of, self.one_of),
            SchemaKind::AllOf { all_of } => put_list(all_of, self.all_of),
            SchemaKind::AnyOf { any_of } => put_list(any_of, self.any_of),
            SchemaKind::Not { not } => {
                if let Some(child) = self.not {
                    **not = child;
                }
            }
            SchemaKind::Any(any) => {
                put_properties(&mut any.properties, &mut self.properties);
                put_additional(&mut any.additional_properties, self.additional_properties);
                put_boxed(&mut any.items, self.items);
                put_list(&mut any.one_of, self.one_of);
                put_list(&mut any.all_of, self.all_of);
                put_list(&mut any.any_of, self.any_of);
                if let (Some(slot), Some(child)) = (any.not.as_mut(), self.not) {
                    **slot = child;
                }
            }
        }
    }
}

fn boxed(schema: ReferenceOr<Schema>) -> ReferenceOr<Box<Schema>> {
    match schema {
        ReferenceOr::Reference { reference } => ReferenceOr::Reference { reference },
        ReferenceOr::Item(schema) => ReferenceOr::Item(Box::new(schema)),
    }
}

fn put_properties(
    slots: &mut IndexMap<String, ReferenceOr<Box<Schema>>>,
    children: &mut IndexMap<String, ReferenceOr<Schema>>,
) {
    for (name, slot) in slots.iter_mut() {
        if let Some(child) = children.swap_remove(name) {
            *slot = boxed(child);
        }
    }
}

fn put_additional(slot: &mut Option<AdditionalProperties>, child: Option<ReferenceOr<Schema>>) {
    if let (Some(AdditionalProperties::Schema(slot)), Some(child)) = (slot.as_mut(), child) {
        **slot = child;
    }
}

fn put_boxed(slot: &mut Option<ReferenceOr<Box<Schema>>>, child: Option<ReferenceOr<Schema>>) {
    if let (Some(slot), Some(child)) = (slot.as_mut(), child) {
        *slot = boxed(child);
    }
}

fn put_list(slots: &mut Vec<ReferenceOr<Schema>>, children: Vec<ReferenceOr<Schema>>) {
    // Every element was stubbed, so the lengths agree; the check keeps that an invariant
    // rather than an assumption.
    if slots.len() == children.len() {
        *slots = children;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    fn loaded(yaml: &str) -> (ReferenceOr<Schema>, Diagnostics) {
        let mut diagnostics = Diagnostics::default();
        let node: Value = yaml_serde::from_str(yaml).unwrap_or_default();
        let schema = load_schema(&node, "#/s", &mut diagnostics);
        (schema, diagnostics)
    }

    fn pointers(diagnostics: &Diagnostics) -> Vec<&str> {
        diagnostics.0.iter().map(|d| d.pointer.as_str()).collect()
    }

    /// `depth` object schemas, each holding the next as property `p`, around `leaf`.
    fn nested(depth: usize, leaf: &str) -> String {
        let mut yaml = leaf.to_owned();
        for _ in 0..depth {
            yaml = format!("{{type: object, properties: {{p: {yaml}}}}}");
        }
        yaml
    }

    #[test]
    fn an_invalid_leaf_deep_inside_is_fast_and_precise() {
        let yaml = nested(30, "{type: string, maxLength: -1}");
        let started = Instant::now();
        let (_, diagnostics) = loaded(&yaml);
        assert!(started.elapsed() < Duration::from_millis(500));
        let leaf = format!("#/s{}", "/properties/p".repeat(30));
        assert_eq!(pointers(&diagnostics), [leaf.as_str()]);
    }

    #[test]
    fn children_are_put_back_into_their_parent() {
        let (schema, _) = loaded("{type: array, items: {type: string, maxLength: 3}}");
        let Some(SchemaKind::Type(Type::Array(array))) = schema.as_item().map(|s| &s.schema_kind)
        else {
            panic!("an array schema was expected");
        };
        let items = array.items.as_ref().and_then(ReferenceOr::as_item);
        let Some(SchemaKind::Type(Type::String(string))) = items.map(|s| &s.schema_kind) else {
            panic!("string items were expected");
        };
        assert_eq!(string.max_length, Some(3));
    }

    #[test]
    fn schemas_nested_too_deep_are_cut_at_the_limit() {
        let (_, diagnostics) = loaded(&nested(MAX_SCHEMA_DEPTH + 5, "{type: string}"));
        let cut = format!("#/s{}", "/properties/p".repeat(MAX_SCHEMA_DEPTH));
        assert_eq!(pointers(&diagnostics), [cut.as_str()]);
    }

    #[test]
    fn a_bad_child_becomes_an_empty_schema_and_its_parent_survives() {
        let (schema, diagnostics) = loaded("{oneOf: [{type: string}, 5]}");
        assert_eq!(pointers(&diagnostics), ["#/s/oneOf/1"]);
        let Some(SchemaKind::OneOf { one_of }) = schema.as_item().map(|s| &s.schema_kind) else {
            panic!("a oneOf schema was expected");
        };
        assert_eq!(one_of.len(), 2);
    }
}
