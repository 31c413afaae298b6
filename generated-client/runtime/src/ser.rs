//! What generated structs encode through: a struct is written as a map of its fields, in the
//! order the spec lists them, an absent optional field left out, then its additional
//! properties.

use serde::ser::{Serialize, SerializeMap, Serializer};

/// A map being written that keeps its first error: starting it and writing each entry are one
/// call each, with no `?` and no branch in the generated code (each `?` costs rustc a trait
/// solve and MIR blocks, which over GitHub's 3,000 structs came to a tenth of its peak
/// memory). After an error nothing more is written, and [`Map::end`] gives the error.
pub struct Map<M: SerializeMap>(State<M>);

enum State<M: SerializeMap> {
    Writing(M),
    Failed(M::Error),
}

impl<M: SerializeMap> std::fmt::Debug for Map<M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let failed = matches!(self.0, State::Failed(_));
        f.debug_struct("Map")
            .field("failed", &failed)
            .finish_non_exhaustive()
    }
}

impl<M: SerializeMap> Map<M> {
    /// Starts writing a map of an unknown number of entries with `serializer`.
    pub fn new<S>(serializer: S) -> Self
    where
        S: Serializer<SerializeMap = M, Ok = M::Ok, Error = M::Error>,
    {
        Self(match serializer.serialize_map(None) {
            Ok(map) => State::Writing(map),
            Err(error) => State::Failed(error),
        })
    }

    /// Writes the entry `key`, unless the map could not be started or an earlier entry failed.
    pub fn entry<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        if let State::Writing(map) = &mut self.0
            && let Err(error) = map.serialize_entry(key, value)
        {
            self.0 = State::Failed(error);
        }
    }

    /// Writes the optional field `key` if it is set; an unset field is left out.
    pub fn optional<T: Serialize>(&mut self, key: &str, value: &Option<T>) {
        if let Some(value) = value {
            self.entry(key, value);
        }
    }

    /// Ends the map, or gives the first error.
    pub fn end(self) -> Result<M::Ok, M::Error> {
        match self.0 {
            State::Writing(map) => map.end(),
            State::Failed(error) => Err(error),
        }
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
            let mut map = Map::new(serializer);
            map.entry("a", &self.a);
            map.optional("b", &self.b);
            map.end()
        }
    }

    /// A value that cannot be written.
    struct Broken;

    impl Serialize for Broken {
        fn serialize<S: Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("broken"))
        }
    }

    /// Counts the entries written after a failing one: none may be.
    struct Failing<'a>(&'a std::cell::Cell<u32>);

    impl Serialize for Failing<'_> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut map = Map::new(serializer);
            map.entry("a", &1);
            map.entry("broken", &Broken);
            map.entry("after", &Counted(self.0));
            map.end()
        }
    }

    struct Counted<'a>(&'a std::cell::Cell<u32>);

    impl Serialize for Counted<'_> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            self.0.set(self.0.get() + 1);
            serializer.serialize_u32(0)
        }
    }

    #[test]
    fn an_unset_field_is_left_out_and_a_null_one_written() {
        let json = |b| serde_json::to_string(&Sample { a: 1, b }).expect("writes");
        assert_eq!(json(None), r#"{"a":1}"#);
        assert_eq!(json(Some(None)), r#"{"a":1,"b":null}"#);
        assert_eq!(json(Some(Some("x".to_owned()))), r#"{"a":1,"b":"x"}"#);
    }

    #[test]
    fn the_first_error_ends_the_map_and_no_entry_follows_it() {
        let written = std::cell::Cell::new(0);
        let error = serde_json::to_string(&Failing(&written)).expect_err("an entry fails");
        assert_eq!(error.to_string(), "broken");
        assert_eq!(
            written.get(),
            0,
            "an entry after the failing one was written"
        );
    }
}
