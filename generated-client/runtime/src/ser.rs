//! What generated structs encode through: a struct is written as a map of its fields, in the
//! order the spec lists them, an absent optional field left out, then its additional
//! properties.

use serde::ser::{Serialize, SerializeMap};

/// Writes the optional field `key` if it is set; an unset field is left out.
pub fn optional<M: SerializeMap, T: Serialize>(
    map: &mut M,
    key: &'static str,
    value: &Option<T>,
) -> Result<(), M::Error> {
    match value {
        Some(value) => map.serialize_entry(key, value),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serializer;

    struct Sample {
        a: i32,
        b: Option<Option<String>>,
    }

    impl Serialize for Sample {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut map = serializer.serialize_map(None)?;
            map.serialize_entry("a", &self.a)?;
            optional(&mut map, "b", &self.b)?;
            map.end()
        }
    }

    #[test]
    fn an_unset_field_is_left_out_and_a_null_one_written() {
        let json = |b| serde_json::to_string(&Sample { a: 1, b }).expect("writes");
        assert_eq!(json(None), r#"{"a":1}"#);
        assert_eq!(json(Some(None)), r#"{"a":1,"b":null}"#);
        assert_eq!(json(Some(Some("x".to_owned()))), r#"{"a":1,"b":"x"}"#);
    }
}
