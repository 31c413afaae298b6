//! What generated structs decode through: a map key borrowed from the input where it can be,
//! and the steps of reading a field, shared here so that each struct's `Deserialize` is a
//! `match` on its keys and little else.
//!
//! A generated struct reads a JSON object, and only an object: each known key's value into
//! its field (a key given twice is an error, as serde's derive makes it), an unknown key's
//! value skipped, or kept among the additional properties where the struct has them; then a
//! missing required field is an error, and a missing optional field is `None`.

use serde::de::{Deserialize, Deserializer, Error, IgnoredAny, MapAccess, Visitor};
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

/// A struct read from an object's fields; its `Deserialize` is [`deserialize`].
pub trait Fields: Sized {
    /// What an input that is not an object was expected to be: `struct Name`.
    const EXPECTING: &'static str;

    /// Reads the struct from the object's entries.
    fn read<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// Reads `T` from an object, and only from an object.
pub fn deserialize<'de, T: Fields, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(FieldsVisitor(PhantomData))
}

struct FieldsVisitor<T>(PhantomData<T>);

impl<'de, T: Fields> Visitor<'de> for FieldsVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::read(map)
    }
}

/// An object's key: borrowed from the input when the input holds it as is (no escapes), so
/// that matching it allocates nothing.
#[derive(Debug)]
pub enum Key<'de> {
    /// The key as it is in the input.
    Borrowed(&'de str),
    /// The key, unescaped or read from a transient buffer.
    Owned(String),
}

impl Key<'_> {
    /// The key's text.
    pub fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(key) => key,
            Key::Owned(key) => key,
        }
    }

    /// The key as an owned string.
    pub fn into_string(self) -> String {
        match self {
            Key::Borrowed(key) => key.to_owned(),
            Key::Owned(key) => key,
        }
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_borrowed_str<E: Error>(self, key: &'de str) -> Result<Key<'de>, E> {
        Ok(Key::Borrowed(key))
    }

    fn visit_str<E: Error>(self, key: &str) -> Result<Key<'de>, E> {
        Ok(Key::Owned(key.to_owned()))
    }

    fn visit_string<E: Error>(self, key: String) -> Result<Key<'de>, E> {
        Ok(Key::Owned(key))
    }
}

/// Reads the value of the field `name` into `slot`; a second value for it is an error.
pub fn next<'de, A, T>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de>,
{
    if slot.is_some() {
        return Err(A::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Skips the value of a key the struct does not know.
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(drop)
}

/// Keeps the value of a key the struct does not name among its additional properties.
pub fn other<'de, A, T>(
    map: &mut A,
    additional: &mut BTreeMap<String, T>,
    key: Key<'de>,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de>,
{
    let value = map.next_value()?;
    additional.insert(key.into_string(), value);
    Ok(())
}

/// The error for the first of a struct's required fields that is missing: `fields` are their
/// names, in the struct's order, each with whether it is missing. A generated struct matches
/// all its required slots at once and calls this when one is empty, rather than taking each
/// with a `?`.
pub fn missing<E: Error>(fields: &[(&'static str, bool)]) -> E {
    match fields.iter().find(|(_, missing)| *missing) {
        Some((name, _)) => E::missing_field(name),
        None => E::custom("a required field is missing"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A struct decoded the way generated ones are: `a` and `c` required, `b` optional, other
    /// keys kept.
    #[derive(Debug, PartialEq)]
    struct Sample {
        a: String,
        b: Option<i64>,
        c: bool,
        rest: BTreeMap<String, serde_json::Value>,
    }

    impl<'de> Deserialize<'de> for Sample {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            super::deserialize(deserializer)
        }
    }

    impl Fields for Sample {
        const EXPECTING: &'static str = "struct Sample";

        fn read<'de, A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
            let mut a = None;
            let mut b = None;
            let mut c = None;
            let mut rest = BTreeMap::new();
            while let Some(key) = map.next_key::<Key<'de>>()? {
                let read = match key.as_str() {
                    "a" => next(&mut map, &mut a, "a"),
                    "b" => next(&mut map, &mut b, "b"),
                    "c" => next(&mut map, &mut c, "c"),
                    "skipped" => skip(&mut map),
                    _ => other(&mut map, &mut rest, key),
                };
                read?;
            }
            match (a, c) {
                (Some(a), Some(c)) => Ok(Sample {
                    a,
                    b: b.flatten(),
                    c,
                    rest,
                }),
                (a, c) => Err(missing(&[("a", a.is_none()), ("c", c.is_none())])),
            }
        }
    }

    fn decode(json: &str) -> Result<Sample, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn reads_fields_and_keeps_others() {
        let sample = decode(r#"{"x": [1], "b": 7, "skipped": {"y": 1}, "a": "A", "c": true}"#)
            .expect("reads");
        assert_eq!(sample.a, "A");
        assert_eq!(sample.b, Some(7));
        assert_eq!(
            sample.rest.into_iter().collect::<Vec<_>>(),
            [("x".to_owned(), serde_json::json!([1]))]
        );
    }

    #[test]
    fn absent_and_null_optional_fields_are_none() {
        assert_eq!(decode(r#"{"a": "", "c": false}"#).expect("reads").b, None);
        assert_eq!(
            decode(r#"{"a": "", "b": null, "c": false}"#)
                .expect("reads")
                .b,
            None
        );
    }

    #[test]
    fn a_missing_or_repeated_field_is_an_error() {
        // The first missing field in the struct's order is named, as serde's derive names it.
        assert!(
            decode(r#"{"b": 1}"#)
                .expect_err("is refused")
                .starts_with("missing field `a`")
        );
        assert!(
            decode(r#"{"a": ""}"#)
                .expect_err("is refused")
                .starts_with("missing field `c`")
        );
        assert!(
            decode(r#"{"c": true}"#)
                .expect_err("is refused")
                .starts_with("missing field `a`")
        );
        assert!(
            decode(r#"{"a": "", "a": ""}"#)
                .expect_err("is refused")
                .starts_with("duplicate field `a`")
        );
    }

    #[test]
    fn only_an_object_is_a_struct() {
        let error = decode(r#"["A", 1]"#).expect_err("is refused");
        assert!(
            error.starts_with("invalid type: sequence, expected struct Sample"),
            "{error}"
        );
    }

    #[test]
    fn escaped_keys_are_matched_unescaped() {
        assert_eq!(
            decode(r#"{"\u0061": "A", "c": true}"#).expect("reads").a,
            "A"
        );
    }

    #[test]
    fn keys_are_borrowed_where_the_input_allows() {
        let mut deserializer = serde_json::Deserializer::from_str(r#""plain""#);
        assert!(matches!(
            Key::deserialize(&mut deserializer),
            Ok(Key::Borrowed("plain"))
        ));
        let mut deserializer = serde_json::Deserializer::from_str(r#""tab\t""#);
        assert!(matches!(Key::deserialize(&mut deserializer), Ok(Key::Owned(k)) if k == "tab\t"));
    }
}
