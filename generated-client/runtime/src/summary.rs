//! The few fields every error exposes (its type, message and request id) and an envelope's
//! result code, read from a JSON body in one pass that builds no tree: every other value is
//! skipped unread, and an envelope's error object comes back as the slice of the body it is, to
//! be decoded as its type.

use super::error::ErrorFields;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;
use std::fmt;

/// What a scan found.
#[derive(Debug, Default)]
pub(crate) struct Summary<'a> {
    /// The error's type, message and request id, as text.
    pub(crate) error_type: Option<String>,
    pub(crate) message: Option<String>,
    pub(crate) request_id: Option<String>,
    /// An envelope's error object, as it is in the body (`null` is absent).
    pub(crate) error: Option<&'a RawValue>,
    /// An envelope's result code and message.
    pub(crate) code: Option<i64>,
    pub(crate) envelope_message: Option<String>,
}

/// Where the fields are: the error's (`error`) in the body itself, or in the object under the
/// top-level key `within`, beside the envelope's `code` and `message`.
#[derive(Clone, Copy)]
pub(crate) struct Layout<'k> {
    pub(crate) error: ErrorFields,
    pub(crate) within: Option<&'k str>,
    pub(crate) code: Option<&'k str>,
    pub(crate) message: Option<&'k str>,
}

/// Scans `body`, a JSON object; `None` if it is not one.
pub(crate) fn scan<'a>(body: &'a [u8], layout: Layout<'_>) -> Option<Summary<'a>> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let summary = deserializer
        .deserialize_map(Top {
            layout,
            summary: Summary::default(),
        })
        .ok()?;
    deserializer.end().ok()?;
    Some(summary)
}

/// What a key of the object being scanned is.
enum Key {
    ErrorType,
    Message,
    RequestId,
    Within,
    Code,
    EnvelopeMessage,
    Other,
}

/// A key's name (if the body has that field) and which key it is.
type Named<'k> = (Option<&'k str>, fn() -> Key);

/// Reads a key and says which it is, without keeping it.
struct KeySeed<'k> {
    names: [Named<'k>; 6],
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Key;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for KeySeed<'_> {
    type Value = Key;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Key, E> {
        Ok(self
            .names
            .iter()
            .find(|(name, _)| *name == Some(key))
            .map_or(Key::Other, |(_, which)| which()))
    }
}

/// A value read as text: a string as it is, `null` as nothing, anything else as its JSON.
struct Text;

impl<'de> DeserializeSeed<'de> for Text {
    type Value = Option<String>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        let value: &RawValue = serde::Deserialize::deserialize(deserializer)?;
        let json = value.get();
        Ok(match serde_json::from_str::<Option<String>>(json) {
            Ok(text) => text,
            Err(_) => Some(json.to_owned()),
        })
    }
}

/// The top-level object.
struct Top<'k, 'a> {
    layout: Layout<'k>,
    summary: Summary<'a>,
}

impl<'de> Visitor<'de> for Top<'_, 'de> {
    type Value = Summary<'de>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<M: MapAccess<'de>>(mut self, mut map: M) -> Result<Self::Value, M::Error> {
        let layout = self.layout;
        // Inside an envelope, the error's own fields are in its object, not at the top.
        let own = |name: Option<&'static str>| if layout.within.is_some() { None } else { name };
        let seed = || KeySeed {
            names: [
                (own(layout.error.error_type), || Key::ErrorType),
                (own(layout.error.message), || Key::Message),
                (own(layout.error.request_id), || Key::RequestId),
                (layout.within, || Key::Within),
                (layout.code, || Key::Code),
                (layout.message, || Key::EnvelopeMessage),
            ],
        };
        while let Some(key) = map.next_key_seed(seed())? {
            let summary = &mut self.summary;
            match key {
                Key::ErrorType => summary.error_type = map.next_value_seed(Text)?,
                Key::Message => summary.message = map.next_value_seed(Text)?,
                Key::RequestId => summary.request_id = map.next_value_seed(Text)?,
                Key::EnvelopeMessage => summary.envelope_message = map.next_value_seed(Text)?,
                Key::Code => {
                    let code: &RawValue = map.next_value()?;
                    summary.code = serde_json::from_str::<i64>(code.get()).ok();
                }
                Key::Within => {
                    let error: &'de RawValue = map.next_value()?;
                    summary.error = (error.get() != "null").then_some(error);
                }
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(self.summary)
    }
}

/// The error's own fields, read from the object `error` (an envelope's error, once found).
pub(crate) fn scan_error(error: &RawValue, fields: ErrorFields) -> Option<Summary<'_>> {
    scan(
        error.get().as_bytes(),
        Layout {
            error: fields,
            within: None,
            code: None,
            message: None,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIELDS: ErrorFields = ErrorFields {
        error_type: Some("errorType"),
        message: Some("errorMessage"),
        request_id: Some("requestId"),
    };

    /// The error's fields as text, whatever their JSON type; other keys are skipped.
    #[test]
    fn an_error_body_gives_its_fields() {
        let body = br#"{"errorType": "VALIDATION_ERROR", "errorMessage": null, "requestId": 42,
            "apiSubErrors": [{"field": "ifsc"}], "timestamp": "2025-07-05 12:21:15"}"#;
        let layout = Layout {
            error: FIELDS,
            within: None,
            code: None,
            message: None,
        };
        let summary = scan(body, layout).expect("an object");
        assert_eq!(summary.error_type.as_deref(), Some("VALIDATION_ERROR"));
        assert_eq!(summary.message, None);
        assert_eq!(summary.request_id.as_deref(), Some("42"));
        assert!(scan(b"[1]", layout).is_none(), "not an object");
        assert!(scan(b"{\"a\": 1", layout).is_none(), "cut short");
    }

    /// An envelope gives its code and message, and its error as the slice it is.
    #[test]
    fn an_envelope_gives_its_error_object_and_code() {
        let body = br#"{"errorResponse": {"errorType": "X", "errorMessage": "bad"},
            "response_code": 400, "response_message": "Validation failed", "payload": null}"#;
        let layout = Layout {
            error: FIELDS,
            within: Some("errorResponse"),
            code: Some("response_code"),
            message: Some("response_message"),
        };
        let summary = scan(body, layout).expect("an object");
        assert_eq!(summary.code, Some(400));
        assert_eq!(
            summary.envelope_message.as_deref(),
            Some("Validation failed")
        );
        assert_eq!(summary.error_type, None, "the error's fields are inside it");
        let error = summary.error.expect("an error");
        let inner = scan_error(error, FIELDS).expect("an object");
        assert_eq!(inner.error_type.as_deref(), Some("X"));
        assert_eq!(inner.message.as_deref(), Some("bad"));
        let null = scan(br#"{"errorResponse": null}"#, layout).expect("an object");
        assert!(null.error.is_none());
    }
}
