//! Examples checked against their schemas, as the server would check the value.

use super::schema::unbox;
use super::{Builder, EXT_DATETIME_PATTERN};
use crate::diagnostics::{Diagnostics, join};
use crate::pattern;
use crate::temporal;
use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};
use serde_json::Value;

impl Builder<'_> {
    /// Checks that an example fits its schema: type, enum, pattern, date-time format, bounds,
    /// required properties. Each mismatch is reported at the example's pointer.
    pub(super) fn check_example(
        &mut self,
        schema: &ReferenceOr<Schema>,
        value: &Value,
        pointer: &str,
    ) {
        let Some(schema) = self.resolve(schema).cloned() else {
            return;
        };
        let SchemaKind::Type(ty) = &schema.schema_kind else {
            return;
        };
        let problem = |diagnostics: &mut Diagnostics, message: String| {
            diagnostics.push(pointer, format!("the example {message}"));
        };
        match (ty, value) {
            (Type::String(string), Value::String(text)) => {
                if !string.enumeration.is_empty()
                    && !string
                        .enumeration
                        .iter()
                        .any(|v| v.as_deref() == Some(text))
                {
                    problem(
                        &mut self.diagnostics,
                        format!("`{text}` is not one of the enum values"),
                    );
                }
                if let Some(source) = &string.pattern {
                    let dialect = self.dialect;
                    let translated = self
                        .patterns
                        .entry(source.clone())
                        .or_insert_with(|| pattern::translate(source, dialect));
                    if let Ok(translated) = translated
                        && !translated.compiled.is_match(text)
                    {
                        problem(
                            &mut self.diagnostics,
                            format!("`{text}` does not match the pattern `{source}`"),
                        );
                    }
                }
                let length = text.chars().count();
                if string.min_length.is_some_and(|min| length < min)
                    || string.max_length.is_some_and(|max| length > max)
                {
                    problem(
                        &mut self.diagnostics,
                        format!("`{text}` has a length outside `minLength`/`maxLength`"),
                    );
                }
                if let Some(Value::String(java)) =
                    schema.schema_data.extensions.get(EXT_DATETIME_PATTERN)
                    && let Ok(format) = temporal::parse_java(java)
                    && !temporal::looks_like(&format, text)
                {
                    problem(
                        &mut self.diagnostics,
                        format!("`{text}` does not have the date-time form `{java}`"),
                    );
                }
            }
            (Type::Integer(integer), Value::Number(number)) => match number.as_i64() {
                Some(n) => {
                    if integer.minimum.is_some_and(|min| n < min)
                        || integer.maximum.is_some_and(|max| n > max)
                    {
                        problem(
                            &mut self.diagnostics,
                            format!("{n} is outside `minimum`/`maximum`"),
                        );
                    }
                }
                None => problem(&mut self.diagnostics, format!("{number} is not an integer")),
            },
            (Type::Number(number_type), Value::Number(number)) => {
                if let Some(n) = number.as_f64()
                    && (number_type.minimum.is_some_and(|min| n < min)
                        || number_type.maximum.is_some_and(|max| n > max))
                {
                    problem(
                        &mut self.diagnostics,
                        format!("{number} is outside `minimum`/`maximum`"),
                    );
                }
            }
            (Type::Boolean(_), Value::Bool(_)) => {}
            (Type::Array(array), Value::Array(items)) => {
                if let Some(item_schema) = &array.items {
                    let item_schema = unbox(item_schema);
                    for (index, item) in items.iter().enumerate() {
                        self.check_example(&item_schema, item, &join(pointer, &index.to_string()));
                    }
                }
            }
            (Type::Object(object), Value::Object(map)) => {
                for required in &object.required {
                    if object.properties.contains_key(required) && !map.contains_key(required) {
                        problem(
                            &mut self.diagnostics,
                            format!("lacks the required property `{required}`"),
                        );
                    }
                }
                for (key, item) in map {
                    if let Some(property) = object.properties.get(key) {
                        self.check_example(&unbox(property), item, &join(pointer, key));
                    }
                }
            }
            (_, value) => problem(
                &mut self.diagnostics,
                format!("`{value}` does not have the schema's type"),
            ),
        }
    }
}
