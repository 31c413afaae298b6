//! `oneOf`/`anyOf` members that no value can satisfy: constraints that contradict each other
//! (`minLength` above `maxLength`, `enum: []`), `not: {}`, or a type the parent rules out.
//!
//! Such a member is a defect of the spec (often a placeholder a generator of specs left), and
//! it is worse than useless to the client: lowered as it is, it is refused outright, or it
//! becomes a variant that decodes values it should not (`not: {}` read without its `not` is any
//! JSON value, which wins over every later member). So it is dropped, with a warning.

use super::composition::is_null_type;
use super::{Builder, untyped};
use crate::diagnostics::join;
use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};
use std::fmt::Display;

/// The extension the load stage puts on a schema that says `enum: []`, which `openapiv3`
/// cannot tell from a schema without `enum`. No document can write it: extensions read from a
/// document start with `x-`.
pub(crate) const EMPTY_ENUM: &str = "enum: []";

impl Builder<'_> {
    /// The members of a `oneOf`/`anyOf` (at `list_pointer`) that a value may satisfy, with
    /// their indices, `type: 'null'` members aside (they make the value nullable). Each member
    /// no value can satisfy is reported and dropped; when none is left, the list is reported
    /// too, and the value is any JSON value. `object` says that the parent's properties make
    /// every value an object.
    pub(super) fn satisfiable_members<'m>(
        &mut self,
        parent: &Schema,
        members: &'m [ReferenceOr<Schema>],
        object: bool,
        list_pointer: &str,
    ) -> Vec<(usize, &'m ReferenceOr<Schema>)> {
        let parent_type = if object {
            Some("object")
        } else {
            declared_type(parent)
        };
        let mut kept = Vec::new();
        let mut dropped = 0;
        for (i, member) in members.iter().enumerate() {
            if is_null_type(member) {
                continue;
            }
            let Some(reason) = self
                .resolve(member)
                .and_then(|s| unsatisfiable(s, parent_type))
            else {
                kept.push((i, member));
                continue;
            };
            dropped += 1;
            self.spec_defect(
                "a `oneOf`/`anyOf` member that no value can satisfy, dropped",
                &join(list_pointer, &i.to_string()),
                format!("{reason}, so no value satisfies the member; it is dropped"),
            );
        }
        if kept.is_empty() && dropped > 0 {
            self.spec_defect(
                "a `oneOf`/`anyOf` whose every member no value can satisfy, read as any JSON value",
                list_pointer,
                "no member can be satisfied, so nothing says what the value is; it is read as any JSON value (`serde_json::Value`)".to_owned(),
            );
        }
        kept
    }
}

/// Why no value can satisfy `schema`, if none can, beside a parent of type `parent`.
fn unsatisfiable(schema: &Schema, parent: Option<&str>) -> Option<String> {
    if schema.schema_data.extensions.contains_key(EMPTY_ENUM) {
        return Some("`enum` lists no value".to_owned());
    }
    let not = match &schema.schema_kind {
        SchemaKind::Not { not } => Some(&**not),
        SchemaKind::Any(any) => any.not.as_deref(),
        _ => None,
    };
    if let Some(ReferenceOr::Item(inner)) = not
        && accepts_everything(inner)
    {
        return Some("`not` rules out every value (`not: {}`)".to_owned());
    }
    let ty = as_type(schema)?;
    if let Some(parent) = parent
        && !compatible(parent, type_name(&ty))
    {
        return Some(format!(
            "the member is of type `{}` but the schema it is in is of type `{parent}`",
            type_name(&ty)
        ));
    }
    contradiction(&ty)
}

/// Which of the type's constraints contradict each other, if any do.
fn contradiction(ty: &Type) -> Option<String> {
    let above = |low: &str, high: &str, values: (String, String)| {
        format!("`{low}` {} is above `{high}` {}", values.0, values.1)
    };
    match ty {
        Type::String(string) => match (string.min_length, string.max_length) {
            (Some(min), Some(max)) if min > max => Some(above(
                "minLength",
                "maxLength",
                (min.to_string(), max.to_string()),
            )),
            _ => None,
        },
        Type::Integer(integer) => {
            let (min, max) = (integer.minimum?, integer.maximum?);
            let low = min.saturating_add(i64::from(integer.exclusive_minimum));
            let high = max.saturating_sub(i64::from(integer.exclusive_maximum));
            let exclusive = integer.exclusive_minimum || integer.exclusive_maximum;
            (low > high).then(|| bounds(("integer", exclusive), min, max))
        }
        Type::Number(number) => {
            let (min, max) = (number.minimum?, number.maximum?);
            let exclusive = number.exclusive_minimum || number.exclusive_maximum;
            (min > max || (min == max && exclusive))
                .then(|| bounds(("number", exclusive), min, max))
        }
        Type::Array(array) => match (array.min_items, array.max_items) {
            (Some(min), Some(max)) if min > max => Some(above(
                "minItems",
                "maxItems",
                (min.to_string(), max.to_string()),
            )),
            _ => None,
        },
        Type::Object(object) => {
            let max = object.max_properties?;
            let least = object
                .min_properties
                .unwrap_or(0)
                .max(object.required.len());
            (least > max).then(|| {
                format!("the object needs at least {least} properties (`minProperties` or `required`) but `maxProperties` is {max}")
            })
        }
        Type::Boolean(_) => None,
    }
}

/// "`minimum` 5 is above `maximum` 2", or, where a bound is exclusive, "no integer lies
/// between `minimum` 1 and `maximum` 2, with the exclusive bounds left out".
fn bounds((what, exclusive): (&str, bool), min: impl Display, max: impl Display) -> String {
    if exclusive {
        format!(
            "no {what} lies between `minimum` {min} and `maximum` {max}, with the exclusive bounds left out"
        )
    } else {
        format!("`minimum` {min} is above `maximum` {max}")
    }
}

/// The `type` a schema declares, for its members to agree with.
fn declared_type(schema: &Schema) -> Option<&'static str> {
    match &schema.schema_kind {
        SchemaKind::Type(ty) => Some(type_name(ty)),
        SchemaKind::Any(any) => match any.typ.as_deref()? {
            "string" => Some("string"),
            "integer" => Some("integer"),
            "number" => Some("number"),
            "boolean" => Some("boolean"),
            "array" => Some("array"),
            "object" => Some("object"),
            _ => None,
        },
        _ => None,
    }
}

/// The schema as one type, read as the rest of the IR reads it; `None` for a composition or
/// any JSON value.
fn as_type(schema: &Schema) -> Option<Type> {
    match &schema.schema_kind {
        SchemaKind::Type(ty) => Some(ty.clone()),
        SchemaKind::Any(any) => untyped::read_as(any),
        _ => None,
    }
}

fn type_name(ty: &Type) -> &'static str {
    match ty {
        Type::String(_) => "string",
        Type::Integer(_) => "integer",
        Type::Number(_) => "number",
        Type::Boolean(_) => "boolean",
        Type::Array(_) => "array",
        Type::Object(_) => "object",
    }
}

/// Whether a value can be of both types: the same, or an integer, which is a number too.
fn compatible(parent: &str, member: &str) -> bool {
    parent == member
        || matches!(
            (parent, member),
            ("number", "integer") | ("integer", "number")
        )
}

/// Whether a schema says nothing about its value (`{}`, perhaps with a description).
fn accepts_everything(schema: &Schema) -> bool {
    matches!(&schema.schema_kind, SchemaKind::Any(any) if *any == openapiv3::AnySchema::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(json: serde_json::Value) -> Schema {
        serde_json::from_value(json).unwrap_or_else(|e| panic!("{e}"))
    }

    fn why(json: serde_json::Value, parent: Option<&str>) -> Option<String> {
        unsatisfiable(&schema(json), parent)
    }

    #[test]
    fn contradictory_bounds_are_unsatisfiable() {
        use serde_json::json;
        assert!(
            why(
                json!({"type": "string", "minLength": 3, "maxLength": 2}),
                None
            )
            .is_some()
        );
        assert!(why(json!({"type": "integer", "minimum": 5, "maximum": 2}), None).is_some());
        assert!(why(json!({"type": "array", "minItems": 2, "maxItems": 1}), None).is_some());
        let required = json!({"type": "object", "required": ["a", "b"], "maxProperties": 1});
        assert!(why(required, None).is_some());
    }

    /// Exclusive bounds leave no integer between 1 and 2, but 1.5 is a number between them.
    #[test]
    fn exclusive_bounds_count() {
        use serde_json::json;
        let bounds =
            json!({"minimum": 1, "maximum": 2, "exclusiveMinimum": true, "exclusiveMaximum": true});
        let mut integer = bounds.clone();
        integer["type"] = json!("integer");
        let mut number = bounds;
        number["type"] = json!("number");
        assert!(why(integer, None).is_some());
        assert!(why(number, None).is_none());
        let equal = json!({"type": "number", "minimum": 2, "maximum": 2});
        assert!(why(equal, None).is_none());
    }

    #[test]
    fn not_of_the_empty_schema_rules_out_everything() {
        use serde_json::json;
        assert!(why(json!({"not": {}}), None).is_some());
        assert!(why(json!({"not": {"type": "string"}}), None).is_none());
    }

    #[test]
    fn a_type_the_parent_rules_out() {
        use serde_json::json;
        assert!(why(json!({"type": "string"}), Some("object")).is_some());
        assert!(why(json!({"type": "integer"}), Some("number")).is_none());
        assert!(why(json!({"properties": {"a": {}}}), Some("string")).is_some());
        assert!(why(json!({"oneOf": [{"type": "string"}]}), Some("object")).is_none());
    }

    #[test]
    fn an_empty_enum_is_marked_by_the_load_stage() {
        let mut marked = schema(serde_json::json!({"type": "string"}));
        assert!(unsatisfiable(&marked, None).is_none());
        marked
            .schema_data
            .extensions
            .insert(EMPTY_ENUM.to_owned(), serde_json::Value::Bool(true));
        assert!(unsatisfiable(&marked, None).is_some());
    }
}
