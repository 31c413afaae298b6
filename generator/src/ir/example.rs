//! Examples checked against their schemas, as the server would check the value.
//!
//! An example that does not fit its schema is a defect of the spec, not of the client: it is a
//! warning, or an error in a strict document (`x-strict: true`), where it usually means the
//! schema was transcribed wrong.

use super::{Builder, EXT_DATETIME_PATTERN};
use crate::diagnostics::join;
use crate::pattern;
use crate::temporal;
use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};
use serde_json::Value;

/// The kind of every example diagnostic.
const KIND: &str = "an example that does not fit its schema";

impl Builder<'_> {
    /// Checks that an example fits its schema: type, enum, pattern, date-time format, bounds,
    /// required properties. Each mismatch is reported at the example's pointer.
    pub(super) fn check_example(
        &mut self,
        schema: &ReferenceOr<Schema>,
        value: &Value,
        pointer: &str,
    ) {
        if let Some(schema) = self.resolve(schema) {
            self.check_example_against(schema, value, pointer);
        }
    }

    pub(super) fn check_example_against(&mut self, schema: &Schema, value: &Value, pointer: &str) {
        if value.is_null() && super::schema::is_nullable(schema) {
            return;
        }
        let SchemaKind::Type(ty) = &schema.schema_kind else {
            return;
        };
        match (ty, value) {
            (Type::String(string), Value::String(text)) => {
                self.check_string_example(schema, string, text, pointer);
            }
            (Type::Integer(integer), Value::Number(number)) => match number.as_i64() {
                Some(n) => {
                    if integer.minimum.is_some_and(|min| n < min)
                        || integer.maximum.is_some_and(|max| n > max)
                    {
                        self.example_problem(
                            pointer,
                            format!("{n} is outside `minimum`/`maximum`"),
                        );
                    }
                }
                None => self.example_problem(pointer, format!("{number} is not an integer")),
            },
            (Type::Number(number_type), Value::Number(number)) => {
                if let Some(n) = number.as_f64()
                    && (number_type.minimum.is_some_and(|min| n < min)
                        || number_type.maximum.is_some_and(|max| n > max))
                {
                    self.example_problem(
                        pointer,
                        format!("{number} is outside `minimum`/`maximum`"),
                    );
                }
            }
            (Type::Boolean(_), Value::Bool(_)) => {}
            (Type::Array(array), Value::Array(items)) => {
                let item_schema = array.items.as_ref().and_then(|i| self.resolve_boxed(i));
                if let Some(item_schema) = item_schema {
                    for (index, item) in items.iter().enumerate() {
                        let at = join(pointer, &index.to_string());
                        self.check_example_against(item_schema, item, &at);
                    }
                }
            }
            (Type::Object(object), Value::Object(map)) => {
                self.check_object_example(object, map, pointer);
            }
            (_, value) => self.example_problem(
                pointer,
                format!("`{value}` does not have the schema's type"),
            ),
        }
    }

    fn check_string_example(
        &mut self,
        schema: &Schema,
        string: &openapiv3::StringType,
        text: &str,
        pointer: &str,
    ) {
        if !string.enumeration.is_empty()
            && !string
                .enumeration
                .iter()
                .any(|v| v.as_deref() == Some(text))
        {
            self.example_problem(pointer, format!("`{text}` is not one of the enum values"));
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
                self.example_problem(
                    pointer,
                    format!("`{text}` does not match the pattern `{source}`"),
                );
            }
        }
        let length = text.chars().count();
        if string.min_length.is_some_and(|min| length < min)
            || string.max_length.is_some_and(|max| length > max)
        {
            self.example_problem(
                pointer,
                format!("`{text}` has a length outside `minLength`/`maxLength`"),
            );
        }
        if let Some(Value::String(java)) = schema.schema_data.extensions.get(EXT_DATETIME_PATTERN)
            && let Ok(format) = temporal::parse_java(java)
            && !temporal::looks_like(&format, text)
        {
            self.example_problem(
                pointer,
                format!("`{text}` does not have the date-time form `{java}`"),
            );
        }
    }

    fn check_object_example(
        &mut self,
        object: &openapiv3::ObjectType,
        map: &serde_json::Map<String, Value>,
        pointer: &str,
    ) {
        for required in &object.required {
            if object.properties.contains_key(required) && !map.contains_key(required) {
                self.example_problem(pointer, format!("lacks the required property `{required}`"));
            }
        }
        for (key, item) in map {
            let property = object.properties.get(key);
            if let Some(property) = property.and_then(|p| self.resolve_boxed(p)) {
                self.check_example_against(property, item, &join(pointer, key));
            }
        }
    }

    fn example_problem(&mut self, pointer: &str, message: String) {
        self.spec_defect(KIND, pointer, format!("the example {message}"));
    }
}
