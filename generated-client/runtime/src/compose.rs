//! Support for `oneOf`/`anyOf` types and structs with additional properties: a value that is
//! none of the listed variants, and decoding through a `serde_json::Value`.
//!
//! serde buffers the input of untagged enums and flattened fields, and its buffer cannot carry
//! serde_json's exact numbers; decoding such parts from a `Value`, which can, keeps them exact.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A value of a `oneOf`/`anyOf` type that is none of the variants the spec lists, kept as it
/// came.
///
/// Only decoding makes one, and a request that carries one is refused before it is sent.
/// `Debug` shows only what kind of value it is, since it may hold anything, secrets included.
#[derive(Clone, PartialEq)]
pub struct UnknownJson(serde_json::Value);

impl UnknownJson {
    /// Plumbing: generated `oneOf` types call it for a value that fits none of their variants.
    #[doc(hidden)]
    pub fn new(value: serde_json::Value) -> Self {
        Self(value)
    }

    /// The value as received.
    pub fn as_value(&self) -> &serde_json::Value {
        &self.0
    }
}

impl fmt::Debug for UnknownJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match &self.0 {
            serde_json::Value::Null => "null",
            serde_json::Value::Bool(_) => "a boolean",
            serde_json::Value::Number(_) => "a number",
            serde_json::Value::String(_) => "a string",
            serde_json::Value::Array(_) => "an array",
            serde_json::Value::Object(_) => "an object",
        };
        write!(f, "UnknownJson({kind})")
    }
}

impl Serialize for UnknownJson {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl super::Validate for UnknownJson {
    fn validate(&self, path: &super::Path<'_>, violations: &mut Vec<super::Violation>) {
        violations.push(super::Violation::new(
            path,
            "the value is none of the variants the spec lists and may not be sent",
        ));
    }
}

/// Decodes a value through a `serde_json::Value`, for a flattened field (see the module
/// documentation).
#[allow(
    dead_code,
    reason = "generated structs with additional properties call it; a spec without them does not"
)]
pub fn via_value<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    let value = serde_json::Value::deserialize(deserializer)?;
    T::deserialize(value).map_err(serde::de::Error::custom)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Validate;

    #[test]
    fn debug_names_only_the_kind() {
        let value = UnknownJson::new(serde_json::json!({"secret": "s3cr3t"}));
        assert_eq!(format!("{value:?}"), "UnknownJson(an object)");
    }

    #[test]
    fn an_unknown_value_may_not_be_sent() {
        let mut violations = Vec::new();
        UnknownJson::new(serde_json::json!(1))
            .validate(&crate::Path::Root.field("pet"), &mut violations);
        assert_eq!(violations.len(), 1);
        assert_eq!(violations[0].path, "pet");
    }

    #[test]
    fn via_value_keeps_exact_numbers_in_a_flattened_map() {
        #[derive(Deserialize)]
        struct Priced {
            name: String,
            #[serde(flatten, deserialize_with = "via_value")]
            rest: std::collections::BTreeMap<String, f64>,
        }
        let priced: Priced =
            serde_json::from_str(r#"{"name": "a", "price": 1.25, "tax": 0.5}"#).expect("decodes");
        assert_eq!(priced.name, "a");
        assert_eq!(priced.rest["price"], 1.25);
        assert_eq!(priced.rest["tax"], 0.5);
    }
}
