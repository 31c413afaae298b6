//! Vendor extensions on schemas (the response envelope and the error body's fields), and
//! extensions of the generator's names that other tools wrote.
//!
//! The generator's extensions have short names (`x-pii`, `x-envelope`), which other tools use
//! too: a vendor may list its personal fields as `x-pii: [ssn, dob]`. Each extension is read
//! only where it has the generator's shape (its type, its keys, the kind of object it is on);
//! one of another shape is noted and ignored, never refused.

use super::{Builder, Envelope, ErrorFields, Field};
use crate::diagnostics::join;
use serde_json::Value;

/// The keys of `x-envelope`.
const ENVELOPE_KEYS: &[&str] = &["payload", "error", "code", "message", "successCodes"];

/// The keys of `x-error-fields`.
const ERROR_FIELD_KEYS: &[&str] = &["type", "message", "requestId"];

/// How many keys of a foreign map a note names.
const NAMED_KEYS: usize = 4;

impl Builder<'_> {
    /// Notes an extension at `pointer` that has one of the generator's names (`name`) but not
    /// its shape (`why` says how it differs), which the generator takes for another tool's and
    /// ignores.
    pub(super) fn foreign_extension(&mut self, name: &str, pointer: &str, why: &str) {
        self.diagnostics.note(
            "an extension named like one of the generator's but of another shape, ignored",
            pointer,
            format!("{why}; it is taken for another tool's `{name}` and ignored"),
        );
    }

    /// [`Self::foreign_extension`] for a value that is not the generator's (`ours` describes
    /// what is).
    pub(super) fn foreign_value(&mut self, name: &str, value: &Value, pointer: &str, ours: &str) {
        let why = format!(
            "`{name}` here is {}, where the generator's is {ours}",
            describe(value)
        );
        self.foreign_extension(name, pointer, &why);
    }

    /// Whether a map-valued extension has the generator's shape (a map of its `keys` alone);
    /// if not, it is noted as another tool's.
    pub(super) fn is_our_map(
        &mut self,
        name: &str,
        value: &Value,
        keys: &[&str],
        pointer: &str,
    ) -> bool {
        if is_map_of(value, keys) {
            return true;
        }
        let listed: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
        let ours = format!("a map of {}", listed.join(", "));
        self.foreign_value(name, value, pointer, &ours);
        false
    }

    /// `x-error-fields: {type: <property>, message: <property>, requestId: <property>}`.
    pub(super) fn error_fields(
        &mut self,
        value: &Value,
        fields: &[Field],
        pointer: &str,
    ) -> ErrorFields {
        let mut names = ErrorFields::default();
        let ours = self.is_our_map(super::EXT_ERROR_FIELDS, value, ERROR_FIELD_KEYS, pointer);
        let (true, Some(map)) = (ours, value.as_object()) else {
            return names;
        };
        for (key, named) in map {
            // Only the three keys are left: `is_our_map` saw to it.
            let slot = match key.as_str() {
                "type" => &mut names.error_type,
                "message" => &mut names.message,
                _ => &mut names.request_id,
            };
            match named.as_str() {
                Some(wire) if fields.iter().any(|f| f.wire == wire) => {
                    *slot = Some(wire.to_owned());
                }
                _ => self.diagnostics.push(
                    join(pointer, key),
                    format!("`{named}` is not a property of the schema"),
                ),
            }
        }
        names
    }

    /// `x-envelope: {payload, error, code?, message?, successCodes?}`, each naming a property.
    pub(super) fn envelope(
        &mut self,
        value: &Value,
        fields: &[Field],
        pointer: &str,
    ) -> Option<Envelope> {
        let ours = self.is_our_map(super::EXT_ENVELOPE, value, ENVELOPE_KEYS, pointer);
        let (true, Some(map)) = (ours, value.as_object()) else {
            return None;
        };
        let mut find = |key: &str, required: bool| -> Option<&Field> {
            let at = join(pointer, key);
            match map.get(key) {
                None if required => {
                    self.diagnostics
                        .push(pointer, format!("the envelope needs `{key}`"));
                    None
                }
                None => None,
                Some(Value::String(wire)) => {
                    let found = fields.iter().find(|f| &f.wire == wire);
                    if found.is_none() {
                        self.diagnostics
                            .push(at, format!("`{wire}` is not a property of the schema"));
                    }
                    found
                }
                Some(other) => {
                    self.diagnostics
                        .push(at, format!("expected a property name, found `{other}`"));
                    None
                }
            }
        };
        let payload = find("payload", true);
        let error = find("error", true);
        let code = find("code", false);
        let message = find("message", false);
        let success_codes = match map.get("successCodes") {
            None => Vec::new(),
            Some(Value::Array(codes)) if codes.iter().all(|c| c.as_i64().is_some()) => {
                codes.iter().filter_map(Value::as_i64).collect()
            }
            Some(_) => {
                self.diagnostics
                    .push(join(pointer, "successCodes"), "expected a list of integers");
                Vec::new()
            }
        };
        if !success_codes.is_empty() && code.is_none() {
            self.diagnostics.push(
                join(pointer, "successCodes"),
                "`successCodes` needs `code`, the property that holds the result code",
            );
        }
        let (payload, error) = (payload?, error?);
        self.error_types
            .entry(error.ty.clone())
            .or_insert_with(|| pointer.to_owned());
        Some(Envelope {
            payload: payload.rust.clone(),
            payload_type: payload.ty.clone(),
            payload_required: payload.required,
            error_wire: error.wire.clone(),
            code_wire: code.map(|f| f.wire.clone()),
            message_wire: message.map(|f| f.wire.clone()),
            success_codes,
            error_type: error.ty.clone(),
            error_variant: None,
        })
    }
}

/// Whether `value` is a map whose every key is one of `keys`.
pub(super) fn is_map_of(value: &Value, keys: &[&str]) -> bool {
    value
        .as_object()
        .is_some_and(|map| map.keys().all(|key| keys.contains(&key.as_str())))
}

/// A value in a few words: "`true`", "the string `yes`", "a list", "a map with the keys `a`,
/// `b`".
fn describe(value: &Value) -> String {
    match value {
        Value::Null | Value::Bool(_) | Value::Number(_) => format!("`{value}`"),
        Value::String(text) if text.len() <= 40 && !text.contains(['`', '\n', '\r']) => {
            format!("the string `{text}`")
        }
        Value::String(_) => "a string".to_owned(),
        Value::Array(_) => "a list".to_owned(),
        Value::Object(map) if map.is_empty() => "an empty map".to_owned(),
        Value::Object(map) => {
            let mut keys: Vec<String> = map
                .keys()
                .take(NAMED_KEYS)
                .map(|k| format!("`{k}`"))
                .collect();
            if map.len() > NAMED_KEYS {
                keys.push("…".to_owned());
            }
            let noun = if map.len() == 1 { "key" } else { "keys" };
            format!("a map with the {noun} {}", keys.join(", "))
        }
    }
}
