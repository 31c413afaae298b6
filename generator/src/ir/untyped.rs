//! Schemas without a single `type` (openapiv3's "any" schemas): read by their keywords when
//! they say what the value is, and otherwise reported, naming what they have.

use super::{Builder, Shape, TypeRef};
use openapiv3::{Schema, Type, VariantOrUnknownOrEmpty};

impl Builder<'_> {
    /// A schema without a single `type`: any JSON value, or a schema whose keywords need a
    /// `type` to be read, which is named for what it lacks.
    pub(super) fn untyped_shape(
        &mut self,
        schema: &Schema,
        any: &openapiv3::AnySchema,
        name: &str,
        pointer: &str,
    ) -> Shape {
        let present = present_keywords(any);
        if let Some(inferred) = inferred_type(any, &present) {
            let what = match inferred {
                Type::Object(_) => "an object, from its `properties`",
                Type::Array(_) => "an array, from its `items`",
                Type::String(_) => "a string, from its `enum` values or `format`",
                Type::Integer(_) => "an integer, from its `enum` values or `format`",
                Type::Number(_) => "a number, from its `enum` values or `format`",
                Type::Boolean(_) => "a boolean, from its `enum` values",
            };
            self.diagnostics.note(
                "a schema without `type`, read by the keywords it has",
                pointer,
                format!("the schema has no `type`; it is read as {what}"),
            );
            return self.typed_shape(schema, &inferred, name, pointer);
        }
        let Some(ty) = &any.typ else {
            // Array or object constraints alone (`uniqueItems`, `required`) constrain only
            // values of that type: any JSON value fits, as JSON Schema reads them.
            let array_constraints = present
                .iter()
                .all(|k| matches!(*k, "minItems" | "maxItems" | "uniqueItems"));
            if !present.is_empty()
                && present != ["additionalProperties"]
                && (constraints_only(any) || array_constraints)
            {
                let listed: Vec<String> = present.iter().map(|k| format!("`{k}`")).collect();
                self.diagnostics.note(
                    "a schema of constraints only, read as any JSON value (serde_json::Value)",
                    pointer,
                    format!(
                        "the schema has no `type` and only {}, which constrain values of one type and let any other through; it is read as any JSON value",
                        listed.join(", ")
                    ),
                );
            }
            if present.is_empty()
                || present == ["additionalProperties"]
                || constraints_only(any)
                || array_constraints
            {
                return Shape::Plain(if any.additional_properties.is_some() {
                    TypeRef::JsonMap
                } else {
                    TypeRef::Json
                });
            }
            // `properties` (or `items`) beside keywords of another type: read as an object (or
            // array), the others ignored with a warning, as beside a declared `type`.
            let implied = if present.contains(&"properties") {
                Some("object")
            } else if present.contains(&"items") {
                Some("array")
            } else {
                None
            };
            if let Some(implied) = implied
                && let Some((typed, _)) = typed_leniently(implied, any)
            {
                let foreign: Vec<String> = present
                    .iter()
                    .filter(|keyword| !keyword_applies(implied, keyword))
                    .map(|keyword| format!("`{keyword}`"))
                    .collect();
                self.spec_defect(
                    "keywords beside a `type` they do not apply to, ignored",
                    pointer,
                    format!(
                        "the schema has no `type` and is read as {} from its keywords; {} {} not apply to it and {} ignored",
                        with_article(implied),
                        foreign.join(", "),
                        if foreign.len() == 1 { "does" } else { "do" },
                        if foreign.len() == 1 { "is" } else { "are" },
                    ),
                );
                return self.typed_shape(schema, &typed, name, pointer);
            }
            let feature = if present.contains(&"properties") {
                "an object schema without `type: object` (it has `properties`)".to_owned()
            } else if present.contains(&"items") {
                "an array schema without `type: array` (it has `items`)".to_owned()
            } else {
                let listed: Vec<String> = present.iter().map(|k| format!("`{k}`")).collect();
                format!("a schema without `type` that has {}", listed.join(", "))
            };
            self.unsupported(pointer, &feature);
            return Shape::Plain(TypeRef::Json);
        };
        let foreign: Vec<String> = present
            .iter()
            .filter(|keyword| !keyword_applies(ty, keyword))
            .map(|keyword| format!("`{keyword}`"))
            .collect();
        // Keywords that belong to another type say nothing about this one's values: they are
        // ignored, with a warning, and the schema is read by its `type`. Values of the wrong
        // type for it are converted where the meaning is plain, or dropped, with a warning.
        if let Some((typed, repairs)) = typed_leniently(ty, any) {
            if !foreign.is_empty() {
                self.spec_defect(
                    "keywords beside a `type` they do not apply to, ignored",
                    pointer,
                    format!(
                        "{} {} not apply to `type: {ty}` and {} ignored",
                        foreign.join(", "),
                        if foreign.len() == 1 { "does" } else { "do" },
                        if foreign.len() == 1 { "is" } else { "are" },
                    ),
                );
            }
            if !repairs.is_empty() {
                self.spec_defect(
                    "keyword values of the wrong type for the schema, converted or ignored",
                    pointer,
                    repairs.join("; "),
                );
            }
            return self.typed_shape(schema, &typed, name, pointer);
        }
        // Only a `type` OpenAPI 3.0 does not have is left.
        let feature = format!("`type: {ty}`, which is not an OpenAPI 3.0 type");
        self.unsupported(pointer, &feature);
        Shape::Plain(TypeRef::Json)
    }
}

/// The first composition keyword the schema has, if any.
fn composition(any: &openapiv3::AnySchema) -> Option<&'static str> {
    [
        (!any.all_of.is_empty(), "allOf"),
        (!any.one_of.is_empty(), "oneOf"),
        (!any.any_of.is_empty(), "anyOf"),
        (any.not.is_some(), "not"),
    ]
    .into_iter()
    .find(|(present, _)| *present)
    .map(|(_, keyword)| keyword)
}

/// The type a schema without `type` has by its keywords: an object if it has `properties`, an
/// array if it has `items`, when every keyword it has belongs to that type.
fn inferred_type(any: &openapiv3::AnySchema, present: &[&str]) -> Option<Type> {
    if any.typ.is_some() {
        return None;
    }
    let fits = |ty: &str| present.iter().all(|keyword| keyword_applies(ty, keyword));
    if !any.properties.is_empty() && fits("object") {
        return typed_without_foreign("object", any);
    }
    if any.items.is_some() && fits("array") {
        return typed_without_foreign("array", any);
    }
    // A `format` says the type: `int64` an integer, `double` a number, any other a string.
    if let Some(format) = &any.format
        && any.enumeration.is_empty()
    {
        let ty = match format.as_str() {
            "int8" | "int16" | "int32" | "int64" | "uint8" | "uint16" | "uint32" | "uint64" => {
                "integer"
            }
            "float" | "double" | "decimal" => "number",
            _ => "string",
        };
        if fits(ty) {
            return typed_without_foreign(ty, any);
        }
    }
    // An `enum` whose values are all of one type is of that type.
    let values: Vec<&serde_json::Value> = any.enumeration.iter().filter(|v| !v.is_null()).collect();
    let all =
        |test: fn(&serde_json::Value) -> bool| !values.is_empty() && values.iter().all(|v| test(v));
    let ty = if values.is_empty() && !any.enumeration.is_empty() {
        // `enum: [null]`: read as a string that is always null (see `string_shape`).
        "string"
    } else if all(serde_json::Value::is_string) {
        "string"
    } else if all(|v| v.is_i64()) {
        "integer"
    } else if all(serde_json::Value::is_number) {
        "number"
    } else if all(serde_json::Value::is_boolean) {
        "boolean"
    } else {
        return None;
    };
    if fits(ty) {
        return typed_without_foreign(ty, any);
    }
    None
}

/// The type a schema that openapiv3 could not type is read as (see `untyped_shape`), for
/// reading its constraints: its declared `type` without the foreign keywords, or the type its
/// keywords give it. `None` for a composition, or a schema read as any JSON value.
pub(super) fn read_as(any: &openapiv3::AnySchema) -> Option<Type> {
    if composition(any).is_some() {
        return None;
    }
    siblings(any)
}

/// The type a schema's keywords give it, composition keywords aside: its declared `type`
/// without the foreign keywords, or the type its keywords give it.
pub(super) fn siblings(any: &openapiv3::AnySchema) -> Option<Type> {
    match &any.typ {
        Some(ty) => typed_without_foreign(ty, any),
        None => inferred_type(any, &present_keywords(any)),
    }
}

/// The schema as its declared `type`, from the keywords that belong to that type.
fn typed_without_foreign(ty: &str, any: &openapiv3::AnySchema) -> Option<Type> {
    typed_leniently(ty, any).map(|(typed, _)| typed)
}

/// The schema as its declared `type`, from the keywords that belong to that type, with each
/// value of the wrong type for it converted where the meaning is plain (`enum: [1]` on a
/// string is `"1"`, `minimum: 1.5` on an integer is 2) or else dropped; the repairs are
/// listed for a warning. `None` for a type OpenAPI 3.0 does not have.
pub(super) fn typed_leniently(ty: &str, any: &openapiv3::AnySchema) -> Option<(Type, Vec<String>)> {
    use openapiv3::{BooleanType, IntegerType, NumberType, StringType};
    use serde_json::Value;
    let mut repairs = Vec::new();
    fn typed_format<T: serde::de::DeserializeOwned>(
        text: &Option<String>,
    ) -> VariantOrUnknownOrEmpty<T> {
        match text {
            None => VariantOrUnknownOrEmpty::Empty,
            Some(text) => serde_json::from_value(Value::String(text.clone()))
                .unwrap_or(VariantOrUnknownOrEmpty::Unknown(text.clone())),
        }
    }
    // Each enum value as `T` (`null` as `None`), converting or dropping the others.
    let values = |read: &dyn Fn(&Value) -> Option<Value>, repairs: &mut Vec<String>| {
        let mut out = Vec::new();
        for value in &any.enumeration {
            if value.is_null() {
                out.push(Value::Null);
            } else if let Some(read) = read(value) {
                if &read != value {
                    repairs.push(format!("the enum value `{value}` is read as `{read}`"));
                }
                out.push(read);
            } else {
                repairs.push(format!(
                    "the enum value `{value}` is not {} and is dropped",
                    with_article(ty)
                ));
            }
        }
        out
    };
    let integral = |value: Option<f64>,
                    keyword: &str,
                    round: fn(f64) -> f64,
                    repairs: &mut Vec<String>|
     -> Option<i64> {
        let value = value?;
        if value.abs() >= 9.0e15 {
            repairs.push(format!("`{keyword}: {value}` is past what an integer check holds exactly and is not checked"));
            return None;
        }
        let rounded = round(value);
        if rounded != value {
            repairs.push(format!(
                "`{keyword}: {value}` is read as {rounded}, the nearest integer bound"
            ));
        }
        Some(rounded as i64)
    };
    if any.format.is_some() && matches!(ty, "boolean" | "object" | "array") {
        let text = any.format.as_deref().unwrap_or_default();
        if !text.is_empty() {
            repairs.push(format!(
                "`format: {text}` says nothing about {} and is ignored",
                with_article(ty)
            ));
        }
    }
    let typed = match ty {
        "object" => Type::Object(openapiv3::ObjectType {
            properties: any.properties.clone(),
            required: any.required.clone(),
            additional_properties: any.additional_properties.clone(),
            min_properties: any.min_properties,
            max_properties: any.max_properties,
        }),
        "array" => Type::Array(openapiv3::ArrayType {
            items: any.items.clone(),
            min_items: any.min_items,
            max_items: any.max_items,
            unique_items: any.unique_items.unwrap_or(false),
        }),
        "string" => {
            let read = |v: &Value| match v {
                Value::String(_) => Some(v.clone()),
                Value::Number(n) => Some(Value::String(n.to_string())),
                Value::Bool(b) => Some(Value::String(b.to_string())),
                _ => None,
            };
            let enumeration = values(&read, &mut repairs)
                .into_iter()
                .map(|v| v.as_str().map(str::to_owned))
                .collect();
            Type::String(StringType {
                format: typed_format(&any.format),
                pattern: any.pattern.clone(),
                enumeration,
                min_length: any.min_length,
                max_length: any.max_length,
            })
        }
        "integer" => {
            let read = |v: &Value| match v {
                Value::Number(n) if n.is_i64() => Some(v.clone()),
                Value::Number(n) => n
                    .as_f64()
                    .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                    .map(|f| Value::from(f as i64)),
                Value::String(text) => text.trim().parse::<i64>().ok().map(Value::from),
                _ => None,
            };
            let enumeration = values(&read, &mut repairs)
                .into_iter()
                .map(|v| v.as_i64())
                .collect();
            let multiple_of = any.multiple_of.and_then(|m| {
                let whole = (m.fract() == 0.0 && m.abs() < 9.0e15).then_some(m as i64);
                if whole.is_none() {
                    repairs.push(format!(
                        "`multipleOf: {m}` is not an integer and is not checked"
                    ));
                }
                whole
            });
            Type::Integer(IntegerType {
                format: typed_format(&any.format),
                multiple_of,
                exclusive_minimum: any.exclusive_minimum.unwrap_or(false),
                exclusive_maximum: any.exclusive_maximum.unwrap_or(false),
                minimum: integral(any.minimum, "minimum", f64::ceil, &mut repairs),
                maximum: integral(any.maximum, "maximum", f64::floor, &mut repairs),
                enumeration,
            })
        }
        "number" => {
            let read = |v: &Value| match v {
                Value::Number(_) => Some(v.clone()),
                Value::String(text) => text
                    .trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|f| f.is_finite())
                    .and_then(serde_json::Number::from_f64)
                    .map(Value::Number),
                _ => None,
            };
            let enumeration = values(&read, &mut repairs)
                .into_iter()
                .map(|v| v.as_f64())
                .collect();
            Type::Number(NumberType {
                format: typed_format(&any.format),
                multiple_of: any.multiple_of,
                exclusive_minimum: any.exclusive_minimum.unwrap_or(false),
                exclusive_maximum: any.exclusive_maximum.unwrap_or(false),
                minimum: any.minimum,
                maximum: any.maximum,
                enumeration,
            })
        }
        "boolean" => {
            let read = |v: &Value| match v {
                Value::Bool(_) => Some(v.clone()),
                Value::String(text) => text.trim().parse::<bool>().ok().map(Value::Bool),
                _ => None,
            };
            let enumeration = values(&read, &mut repairs)
                .into_iter()
                .map(|v| v.as_bool())
                .collect();
            Type::Boolean(BooleanType { enumeration })
        }
        _ => return None,
    };
    Some((typed, repairs))
}

/// An untyped schema (or `type: object`) whose keywords all belong to objects, read as one;
/// `None` if it has another keyword or a composition.
pub(super) fn object_keywords_only(any: &openapiv3::AnySchema) -> Option<openapiv3::ObjectType> {
    let present = present_keywords(any);
    let object = any.typ.as_deref().is_none_or(|ty| ty == "object")
        && composition(any).is_none()
        && !present.is_empty()
        && present.iter().all(|k| keyword_applies("object", k));
    match object
        .then(|| typed_without_foreign("object", any))
        .flatten()
    {
        Some(Type::Object(object)) => Some(object),
        _ => None,
    }
}

/// Whether a schema without `type` or composition only constrains an object (`required`,
/// `minProperties`…) or says nothing at all, without saying what the value is.
pub(super) fn constraints_only(any: &openapiv3::AnySchema) -> bool {
    any.typ.is_none()
        && composition(any).is_none()
        && present_keywords(any)
            .iter()
            .all(|k| matches!(*k, "required" | "minProperties" | "maxProperties"))
}

/// `object` → `an object`, `string` → `a string`.
fn with_article(ty: &str) -> String {
    if ty.starts_with(['a', 'e', 'i', 'o', 'u']) {
        format!("an {ty}")
    } else {
        format!("a {ty}")
    }
}

/// The keywords a schema without a single `type` uses (composition keywords aside).
fn present_keywords(any: &openapiv3::AnySchema) -> Vec<&'static str> {
    [
        (any.pattern.is_some(), "pattern"),
        (any.multiple_of.is_some(), "multipleOf"),
        (any.exclusive_minimum.is_some(), "exclusiveMinimum"),
        (any.exclusive_maximum.is_some(), "exclusiveMaximum"),
        (any.minimum.is_some(), "minimum"),
        (any.maximum.is_some(), "maximum"),
        (!any.properties.is_empty(), "properties"),
        (!any.required.is_empty(), "required"),
        (any.additional_properties.is_some(), "additionalProperties"),
        (any.min_properties.is_some(), "minProperties"),
        (any.max_properties.is_some(), "maxProperties"),
        (any.items.is_some(), "items"),
        (any.min_items.is_some(), "minItems"),
        (any.max_items.is_some(), "maxItems"),
        (any.unique_items.is_some(), "uniqueItems"),
        (!any.enumeration.is_empty(), "enum"),
        (any.format.is_some(), "format"),
        (any.min_length.is_some(), "minLength"),
        (any.max_length.is_some(), "maxLength"),
    ]
    .into_iter()
    .filter(|(present, _)| *present)
    .map(|(_, keyword)| keyword)
    .collect()
}

/// Whether a keyword belongs beside `type: ty` (OpenAPI 3.0's Schema Object, by type): read
/// in the load stage's keyword table.
fn keyword_applies(ty: &str, keyword: &str) -> bool {
    crate::load::keywords::applies_to(keyword, ty)
}
