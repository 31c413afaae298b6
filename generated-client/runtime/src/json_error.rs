//! serde_json's decode errors, rebuilt so that they quote nothing of the body.
//!
//! serde_json writes the offending value into its messages (``invalid type: string
//! "9876543210", expected i64``), and a body may hold personal data or a secret. The message is
//! not cleaned of the value; it is written anew from a fixed vocabulary: the kind of problem
//! serde names, the kind of value it met (never the value), and what the type expected, which
//! the type's own code wrote. A message of any other shape is replaced whole.

use serde::de::{DeserializeSeed, Deserializer, SeqAccess, Visitor};
use serde_json::error::Category;
use std::fmt;

/// `error`, saying the same kind of problem at the same line and column, without any value of
/// the body.
pub(crate) fn value_free(error: serde_json::Error) -> serde_json::Error {
    match error.classify() {
        // Syntax messages are serde_json's own fixed texts ("expected `,` or `]`", "EOF while
        // parsing a string"), which quote nothing.
        Category::Syntax | Category::Eof => error,
        Category::Data => {
            let reason = reason(&message(&error));
            data_error_at(&reason, error.line(), error.column())
        }
        // Not raised when reading from memory, but its message is not ours to vouch for.
        Category::Io => data_error_at("the body could not be read", error.line(), error.column()),
    }
}

/// The message without the position serde_json appends to it.
fn message(error: &serde_json::Error) -> String {
    let text = error.to_string();
    if error.line() == 0 {
        return text;
    }
    let position = format!(" at line {} column {}", error.line(), error.column());
    match text.strip_suffix(&position) {
        Some(message) => message.to_owned(),
        None => text,
    }
}

/// What a message of serde's vocabulary says, rebuilt from the parts that hold no value.
///
/// The part after `expected` is written by the `Deserialize` code of the type being read (its
/// `expecting`, or its list of variants or fields); the split is at the last `, expected `, so a
/// value holding those words stays on the side that is dropped.
fn reason(message: &str) -> String {
    for kind in ["invalid type", "invalid value"] {
        if let Some((found, expected)) = message
            .strip_prefix(kind)
            .and_then(|rest| rest.strip_prefix(": "))
            .and_then(|rest| rest.rsplit_once(", expected "))
        {
            return format!("{kind}: {}, expected {expected}", value_kind(found));
        }
    }
    if let Some((length, expected)) = message
        .strip_prefix("invalid length ")
        .and_then(|rest| rest.split_once(", expected "))
        && !length.is_empty()
        && length.bytes().all(|b| b.is_ascii_digit())
    {
        return format!("invalid length {length}, expected {expected}");
    }
    for (kind, none) in [
        ("unknown variant", "there are no variants"),
        ("unknown field", "there are no fields"),
    ] {
        let Some(rest) = message
            .strip_prefix(kind)
            .and_then(|rest| rest.strip_prefix(" `"))
        else {
            continue;
        };
        // The name is the body's; what follows it is the type's.
        if let Some((_, expected)) = rest.rsplit_once("`, expected ") {
            return format!("{kind}, expected {expected}");
        }
        if rest.ends_with(&format!("`, {none}")) {
            return format!("{kind}, {none}");
        }
        return kind.to_owned();
    }
    // Field names and enum names come from the type's code, not from the body.
    for prefix in [
        "missing field `",
        "duplicate field `",
        "data did not match any variant of untagged enum ",
    ] {
        if message.starts_with(prefix) && !message.contains('\n') {
            return message.to_owned();
        }
    }
    "invalid value (its reason is not shown: it may quote the value)".to_owned()
}

/// What serde calls the kind of value it met, without the value: `string` for
/// ``string "9876543210"``. Anything unknown is `a value`.
fn value_kind(found: &str) -> &'static str {
    // Kinds that serde writes with the value after them.
    const WITH_VALUE: [(&str, &str); 5] = [
        ("boolean `", "boolean"),
        ("integer `", "integer"),
        ("floating point `", "floating point"),
        ("character `", "character"),
        ("string \"", "string"),
    ];
    // Kinds that serde writes alone (serde_json says `null` for a unit and `number` for an
    // arbitrary-precision number; the runtime's own types say `string`).
    const ALONE: [&str; 15] = [
        "null",
        "number",
        "string",
        "unit value",
        "Option value",
        "newtype struct",
        "sequence",
        "map",
        "enum",
        "unit variant",
        "newtype variant",
        "tuple variant",
        "struct variant",
        "byte array",
        "bytes",
    ];
    WITH_VALUE
        .iter()
        .find(|(prefix, _)| found.starts_with(prefix))
        .map(|(_, kind)| *kind)
        .or_else(|| ALONE.iter().find(|kind| **kind == found).copied())
        .unwrap_or("a value")
}

/// A data error saying `reason` at `line` and `column`, as serde_json would have placed it.
///
/// serde_json gives a position only to errors raised while it reads, and places an error that a
/// visitor raises where its reading stands. So the error is raised by a visitor, over a
/// stand-in text that holds none of the body and whose reading stops at that position: blank
/// lines, then spaces and a `0` (column 1 and on); or `[` and line breaks (column 0, where a
/// line break was the last thing read). Line 1, column 0 (before anything is read) is out of
/// reach: that error carries no position. A test holds serde_json to this.
fn data_error_at(reason: &str, line: usize, column: usize) -> serde_json::Error {
    let stand_in = match (line, column) {
        (0, _) | (1, 0) => None,
        (line, 0) => Some(format!("[{}", "\n".repeat(line - 1))),
        (line, column) => Some(format!(
            "{}{}0",
            "\n".repeat(line - 1),
            " ".repeat(column - 1)
        )),
    };
    let Some(stand_in) = stand_in else {
        return serde::de::Error::custom(reason);
    };
    let mut deserializer = serde_json::Deserializer::from_str(&stand_in);
    match Raise(reason).deserialize(&mut deserializer) {
        Err(error) => error,
        // Unreachable: the visitor fails on whatever it is given.
        Ok(()) => serde::de::Error::custom(reason),
    }
}

/// A visitor that fails with its message once serde_json has read its stand-in text.
struct Raise<'a>(&'a str);

impl<'de> DeserializeSeed<'de> for Raise<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Raise<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("nothing")
    }

    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<(), E> {
        Err(E::custom(self.0))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        // serde_json then reads on to the end of the list, through the line breaks, and
        // places the error there.
        Err(serde::de::Error::custom(self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_error<T: serde::de::DeserializeOwned + fmt::Debug>(text: &str) -> serde_json::Error {
        match serde_json::from_str::<T>(text) {
            Ok(value) => panic!("{text} decodes as {value:?}"),
            Err(error) => error,
        }
    }

    /// The rebuilt error sits where serde_json put the original, column 0 included.
    #[test]
    fn the_position_is_kept() {
        for text in [
            r#"[1, "SECRET"]"#,
            "[1,\n\"SECRET\"]",
            "[1,\n  \"SECRET\"]",
            "[1,\n{\"a\": 1}]",
            "\n\n   {\"a\": 1}",
        ] {
            let original = decode_error::<Vec<u32>>(text);
            let rebuilt = value_free(decode_error::<Vec<u32>>(text));
            assert_eq!(
                (rebuilt.line(), rebuilt.column(), rebuilt.classify()),
                (original.line(), original.column(), Category::Data),
                "{text:?}: {original}"
            );
        }
    }

    /// An error before anything is read (a top-level value of the wrong type) cannot be
    /// placed: it keeps its reason and loses its position, line 1 column 0.
    #[test]
    fn an_error_before_anything_is_read_has_no_position() {
        let original = decode_error::<Vec<u32>>("{}");
        assert_eq!((original.line(), original.column()), (1, 0));
        let rebuilt = value_free(original);
        assert_eq!(
            rebuilt.to_string(),
            "invalid type: map, expected a sequence"
        );
        assert_eq!(rebuilt.line(), 0);
    }

    #[test]
    fn a_type_error_names_the_kinds_not_the_value() {
        let error = value_free(decode_error::<Vec<u32>>(r#"[1, "SECRET, expected x"]"#));
        assert_eq!(
            error.to_string(),
            "invalid type: string, expected u32 at line 1 column 24"
        );
    }

    #[test]
    fn a_message_of_another_shape_is_replaced_whole() {
        assert_eq!(
            reason("SECRET is not a valid thing"),
            "invalid value (its reason is not shown: it may quote the value)"
        );
        assert_eq!(reason("invalid type SECRET"), reason("SECRET"));
    }

    #[test]
    fn an_unknown_kind_of_value_is_a_value() {
        assert_eq!(value_kind("SECRET"), "a value");
        assert_eq!(value_kind("map"), "map");
        assert_eq!(value_kind("integer `123`"), "integer");
    }

    #[test]
    fn syntax_errors_are_kept_as_they_are() {
        let original = decode_error::<Vec<u32>>("[1, SECRET]");
        let message = original.to_string();
        assert_eq!(value_free(original).to_string(), message);
        assert!(!message.contains("SECRET"), "{message}");
    }
}
