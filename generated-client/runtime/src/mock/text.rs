//! Reads typed values out of the text a request carries (a path segment, query pairs, headers,
//! a form body): a `serde` deserializer over strings, which parses each as the type asks for it
//! (`"20"` as an `i32` when the field is one), as a server reads its parameters.

use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// Why text does not read as the type asked for.
#[derive(Debug)]
pub(crate) struct TextError(String);

impl fmt::Display for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TextError {}

impl de::Error for TextError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Self(message.to_string())
    }
}

/// The values a request gives one name: one for a path segment or a scalar parameter, several
/// for an array (repeated query keys, or one value split at its delimiter), or JSON text for a
/// parameter sent as `content: application/json`.
#[derive(Clone, Debug)]
pub(crate) enum Values {
    Text(Vec<String>),
    Json(serde_json::Value),
    /// An object parameter: its properties, each with its values.
    Object(Vec<(String, Values)>),
}

/// A deserializer over the values of one name.
pub(crate) struct ValuesDeserializer<'a>(pub(crate) &'a Values);

impl ValuesDeserializer<'_> {
    /// The one value a scalar needs.
    fn single(&self) -> Result<&str, TextError> {
        match self.0 {
            Values::Text(values) => match values.as_slice() {
                [one] => Ok(one),
                [] => Err(TextError("no value".to_owned())),
                _ => Err(TextError(format!(
                    "{} values where one is expected",
                    values.len()
                ))),
            },
            Values::Json(_) | Values::Object(_) => {
                Err(TextError("an object where text is expected".to_owned()))
            }
        }
    }

    fn parse<T: std::str::FromStr>(&self, what: &str) -> Result<T, TextError> {
        let text = self.single()?;
        text.parse()
            .map_err(|_| TextError(format!("`{text}` is not {what}")))
    }
}

macro_rules! parse_as {
    ($($method:ident $visit:ident $ty:ty, $what:literal;)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TextError> {
            visitor.$visit(self.parse::<$ty>($what)?)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for ValuesDeserializer<'_> {
    type Error = TextError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TextError> {
        match self.0 {
            Values::Json(value) => value
                .clone()
                .deserialize_any(visitor)
                .map_err(|error| TextError(error.to_string())),
            Values::Text(values) if values.len() == 1 => visitor.visit_str(&values[0]),
            Values::Text(_) => self.deserialize_seq(visitor),
            Values::Object(_) => self.deserialize_map(visitor),
        }
    }

    parse_as! {
        deserialize_bool visit_bool bool, "a boolean";
        deserialize_i8 visit_i8 i8, "an integer in range";
        deserialize_i16 visit_i16 i16, "an integer in range";
        deserialize_i32 visit_i32 i32, "an integer in range";
        deserialize_i64 visit_i64 i64, "an integer in range";
        deserialize_i128 visit_i128 i128, "an integer in range";
        deserialize_u8 visit_u8 u8, "an integer in range";
        deserialize_u16 visit_u16 u16, "an integer in range";
        deserialize_u32 visit_u32 u32, "an integer in range";
        deserialize_u64 visit_u64 u64, "an integer in range";
        deserialize_u128 visit_u128 u128, "an integer in range";
        deserialize_f32 visit_f32 f32, "a number";
        deserialize_f64 visit_f64 f64, "a number";
        deserialize_char visit_char char, "one character";
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TextError> {
        match self.0 {
            Values::Text(values) if values.is_empty() => visitor.visit_none(),
            Values::Json(serde_json::Value::Null) => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TextError> {
        match self.0 {
            Values::Json(value) => value
                .clone()
                .deserialize_seq(visitor)
                .map_err(|error| TextError(error.to_string())),
            Values::Text(values) => visitor.visit_seq(Items {
                values: values.iter(),
            }),
            Values::Object(_) => Err(TextError("an object where an array is expected".to_owned())),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, TextError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, TextError> {
        let text: &str = self.single()?;
        visitor.visit_enum(text.into_deserializer())
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TextError> {
        match self.0 {
            Values::Json(value) => value
                .clone()
                .deserialize_map(visitor)
                .map_err(|error| TextError(error.to_string())),
            Values::Object(entries) => visitor.visit_map(Entries::new(entries)),
            Values::Text(_) => Err(TextError("text where an object is expected".to_owned())),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, TextError> {
        self.deserialize_map(visitor)
    }

    serde::forward_to_deserialize_any! {
        str string bytes byte_buf unit unit_struct tuple tuple_struct identifier ignored_any
    }
}

struct Items<'a> {
    values: std::slice::Iter<'a, String>,
}

impl<'de> SeqAccess<'de> for Items<'_> {
    type Error = TextError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, TextError> {
        let Some(value) = self.values.next() else {
            return Ok(None);
        };
        let one = Values::Text(vec![value.clone()]);
        seed.deserialize(ValuesDeserializer(&one)).map(Some)
    }
}

/// A struct read from named values (the parameters struct, a form body): a map whose keys are
/// the names and whose values are read as their fields' types ask.
pub(crate) struct Entries<'a> {
    entries: std::slice::Iter<'a, (String, Values)>,
    value: Option<&'a Values>,
}

impl<'a> Entries<'a> {
    pub(crate) fn new(entries: &'a [(String, Values)]) -> Self {
        Self {
            entries: entries.iter(),
            value: None,
        }
    }
}

impl<'de> MapAccess<'de> for Entries<'_> {
    type Error = TextError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, TextError> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        let key: de::value::StrDeserializer<'_, TextError> = key.as_str().into_deserializer();
        seed.deserialize(key).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, TextError> {
        let value = self
            .value
            .take()
            .ok_or_else(|| TextError("a value without its name".to_owned()))?;
        seed.deserialize(ValuesDeserializer(value))
    }
}

/// Deserializes `T` (a struct) from named values.
pub(crate) fn from_entries<T: de::DeserializeOwned>(
    entries: &[(String, Values)],
) -> Result<T, (String, String)> {
    let deserializer = de::value::MapAccessDeserializer::new(Entries::new(entries));
    serde_path_to_error::deserialize(deserializer)
        .map_err(|error| (error.path().to_string(), error.inner().to_string()))
}

/// Deserializes `T` from the values of one name.
pub(crate) fn from_values<T: de::DeserializeOwned>(values: &Values) -> Result<T, String> {
    T::deserialize(ValuesDeserializer(values)).map_err(|error| error.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(values: &[&str]) -> Values {
        Values::Text(values.iter().map(|v| (*v).to_owned()).collect())
    }

    #[test]
    fn scalars_parse_as_the_type_asks() {
        assert_eq!(from_values::<i32>(&text(&["20"])).ok(), Some(20));
        assert_eq!(from_values::<Option<i64>>(&text(&[])).ok(), Some(None));
        assert_eq!(from_values::<bool>(&text(&["true"])).ok(), Some(true));
        assert_eq!(
            from_values::<String>(&text(&["a b"])).ok().as_deref(),
            Some("a b")
        );
        let error = from_values::<i32>(&text(&["twenty"])).err();
        assert_eq!(
            error.as_deref(),
            Some("`twenty` is not an integer in range")
        );
        assert!(from_values::<i32>(&text(&["1", "2"])).is_err());
    }

    #[test]
    fn arrays_take_every_value() {
        assert_eq!(
            from_values::<Vec<u8>>(&text(&["1", "2", "3"])).ok(),
            Some(vec![1, 2, 3])
        );
        assert_eq!(from_values::<Vec<u8>>(&text(&["7"])).ok(), Some(vec![7]));
    }

    #[test]
    fn structs_read_their_fields_by_name() {
        #[derive(serde::Deserialize, Debug, PartialEq)]
        struct Params {
            limit: Option<i32>,
            ids: Vec<u8>,
        }
        let entries = vec![
            ("limit".to_owned(), text(&["5"])),
            ("ids".to_owned(), text(&["1", "2"])),
            ("other".to_owned(), text(&["x"])),
        ];
        let read = from_entries::<Params>(&entries);
        assert_eq!(
            read.ok(),
            Some(Params {
                limit: Some(5),
                ids: vec![1, 2]
            })
        );
        let entries = vec![
            ("limit".to_owned(), text(&["x"])),
            ("ids".to_owned(), text(&[])),
        ];
        let (path, message) = from_entries::<Params>(&entries).expect_err("`x` is no integer");
        assert_eq!(path, "limit");
        assert!(message.contains("`x` is not an integer"), "{message}");
    }
}
