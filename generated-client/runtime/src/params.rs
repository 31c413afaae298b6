//! Parameters on the wire: how a value is laid out for its `style` and `explode`, and how each
//! piece is percent-encoded for where it goes (OpenAPI 3.0 §4.7.12.4).
//!
//! Every name, item, key and value is encoded on its own before the pieces are joined with
//! the style's delimiters, so that a `,` inside a value is `%2C` and stays apart from the `,`
//! between items.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;
use serde_json::{Map, Value};
use std::fmt;

/// Everything but RFC 3986's unreserved characters: what a path segment or a query
/// component escapes.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `allowReserved`: RFC 3986's reserved characters stay as they are, except those that would
/// end or split a query pair (`#`, `&`, `=`, `+`) or that URL parsers reject (`[`, `]`).
const RESERVED_ALLOWED: &AsciiSet = &UNRESERVED
    .remove(b':')
    .remove(b'/')
    .remove(b'?')
    .remove(b'@')
    .remove(b'!')
    .remove(b'$')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b',')
    .remove(b';');

/// What a cookie value cannot hold as it is (RFC 6265 `cookie-octet`), plus `%`, so that an
/// escape can be told from text.
const COOKIE: &AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b',')
    .add(b';')
    .add(b'\\')
    .add(b'%');

/// An OpenAPI parameter `style`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// `form`: `id=3&id=4` (exploded) or `id=3,4` (query, cookie).
    Form,
    /// `spaceDelimited`: `id=3%204` (query).
    SpaceDelimited,
    /// `pipeDelimited`: `id=3%7C4` (query).
    PipeDelimited,
    /// `deepObject`: `id%5Brole%5D=admin` (query, objects only).
    DeepObject,
    /// `simple`: `3,4` (path, header).
    Simple,
    /// `label`: `.3.4` or `.3,4` (path).
    Label,
    /// `matrix`: `;id=3;id=4` or `;id=3,4` (path).
    Matrix,
}

/// A parameter's value as the wire sees it, before it is encoded: one value, the items of an
/// array, or the properties of an object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParamValue {
    /// A single value, as text.
    Scalar(String),
    /// The items of an array, each as text.
    Array(Vec<String>),
    /// The properties of an object, each as text, in the order they serialize.
    Object(Vec<(String, String)>),
}

impl ParamValue {
    /// A single value, by its `Display`.
    pub fn display<T: fmt::Display + ?Sized>(value: &T) -> Self {
        Self::Scalar(value.to_string())
    }

    /// A value as it serializes: a string, number or boolean is one value, an array its
    /// items, an object its properties (`null` is an empty value).
    pub fn of<T: Serialize + ?Sized>(value: &T) -> Result<Self, serde_json::Error> {
        serde_json::to_value(value).map(Self::required)
    }

    /// A value as `serialize` writes it (a serde `with` function, such as
    /// `time::serde::rfc3339::serialize`).
    pub fn serialized_with<T: ?Sized>(
        value: &T,
        serialize: impl FnOnce(&T, serde_json::value::Serializer) -> Result<Value, serde_json::Error>,
    ) -> Result<Self, serde_json::Error> {
        serialize(value, serde_json::value::Serializer).map(Self::required)
    }

    /// A date or time as `format` writes it.
    pub fn formatted(
        formatted: Result<String, time::error::Format>,
    ) -> Result<Self, serde_json::Error> {
        formatted
            .map(Self::Scalar)
            .map_err(serde::ser::Error::custom)
    }

    fn required(value: Value) -> Self {
        Self::from_json(value).unwrap_or_else(|| Self::Scalar(String::new()))
    }

    /// A value as JSON text, for a parameter described by `content: application/json`.
    pub fn json<T: Serialize + ?Sized>(value: &T) -> Result<Self, serde_json::Error> {
        serde_json::to_string(value).map(Self::Scalar)
    }

    /// The wire form of a JSON value; `None` for `null`. Items and properties that are
    /// `null` are left out; those that are arrays or objects are written as JSON text (OpenAPI
    /// defines no nesting).
    pub fn from_json(value: Value) -> Option<Self> {
        match value {
            Value::Null => None,
            Value::Array(items) => Some(Self::Array(items.into_iter().filter_map(text).collect())),
            Value::Object(properties) => Some(Self::Object(
                properties
                    .into_iter()
                    .filter_map(|(key, value)| Some((key, text(value)?)))
                    .collect(),
            )),
            scalar => text(scalar).map(Self::Scalar),
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        match self {
            Self::Scalar(_) => false,
            Self::Array(items) => items.is_empty(),
            Self::Object(properties) => properties.is_empty(),
        }
    }
}

/// One JSON value as text: a string as it is, anything else as JSON. `None` for `null`.
fn text(value: Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(text) => Some(text),
        other => Some(other.to_string()),
    }
}

/// The serialized parameters of one call, by wire name, to be laid out one by one. Serializing
/// the whole parameters struct keeps the wire form each field declares (an RFC 3339 date-time,
/// a vendor date format, an exact decimal).
#[derive(Debug)]
pub struct ParamValues(Map<String, Value>);

impl ParamValues {
    /// Serializes a parameters struct.
    pub fn new<T: Serialize>(params: &T) -> Result<Self, serde_json::Error> {
        match serde_json::to_value(params)? {
            Value::Object(map) => Ok(Self(map)),
            _ => Err(serde::ser::Error::custom(
                "parameters must serialize as an object",
            )),
        }
    }

    /// The parameter `name`, if it has a value.
    pub fn take(&mut self, name: &str) -> Option<ParamValue> {
        self.0.remove(name).and_then(ParamValue::from_json)
    }

    /// The parameter `name` as JSON text (`content: application/json`), if it has a value.
    pub fn take_json(&mut self, name: &str) -> Option<ParamValue> {
        match self.0.remove(name)? {
            Value::Null => None,
            value => Some(ParamValue::Scalar(value.to_string())),
        }
    }
}

fn encode(text: &str, set: &'static AsciiSet) -> String {
    utf8_percent_encode(text, set).to_string()
}

/// The `name=value` pairs of a query parameter, each already percent-encoded, to be joined
/// with `&`. An empty array or object sends nothing.
pub(super) fn query_pairs(
    name: &str,
    value: &ParamValue,
    style: Style,
    explode: bool,
    allow_reserved: bool,
) -> Vec<String> {
    if value.is_empty() {
        return Vec::new();
    }
    let set = if allow_reserved {
        RESERVED_ALLOWED
    } else {
        UNRESERVED
    };
    let key = encode(name, UNRESERVED);
    let pair = |k: &str, v: &str| format!("{k}={}", encode(v, set));
    let delimiter = match style {
        Style::SpaceDelimited => "%20",
        Style::PipeDelimited => "%7C",
        _ => ",",
    };
    match (value, style) {
        (ParamValue::Scalar(text), _) => vec![pair(&key, text)],
        (ParamValue::Array(items), _) if explode => {
            items.iter().map(|item| pair(&key, item)).collect()
        }
        (ParamValue::Array(items), _) => {
            let joined: Vec<_> = items.iter().map(|item| encode(item, set)).collect();
            vec![format!("{key}={}", joined.join(delimiter))]
        }
        (ParamValue::Object(properties), Style::DeepObject) => properties
            .iter()
            .map(|(k, v)| pair(&format!("{key}%5B{}%5D", encode(k, UNRESERVED)), v))
            .collect(),
        (ParamValue::Object(properties), _) if explode => properties
            .iter()
            .map(|(k, v)| pair(&encode(k, UNRESERVED), v))
            .collect(),
        (ParamValue::Object(properties), _) => {
            let joined: Vec<_> = properties
                .iter()
                .flat_map(|(k, v)| [encode(k, set), encode(v, set)])
                .collect();
            vec![format!("{key}={}", joined.join(delimiter))]
        }
    }
}

/// The text of a path parameter, in `simple`, `label` or `matrix` style, percent-encoded so
/// that it cannot add or remove a path segment.
pub fn path_param(name: &str, value: &ParamValue, style: Style, explode: bool) -> String {
    let piece = |text: &str| encode(text, UNRESERVED);
    let name = piece(name);
    match style {
        Style::Label => {
            let delimiter = if explode { "." } else { "," };
            format!(".{}", joined(value, delimiter, explode, &piece))
        }
        Style::Matrix => match value {
            ParamValue::Array(items) if explode => {
                if items.is_empty() {
                    return format!(";{name}");
                }
                items
                    .iter()
                    .map(|item| format!(";{name}={}", piece(item)))
                    .collect()
            }
            ParamValue::Object(properties) if explode => properties
                .iter()
                .map(|(k, v)| format!(";{}={}", piece(k), piece(v)))
                .collect(),
            _ if value.is_empty() => format!(";{name}"),
            _ => format!(";{name}={}", joined(value, ",", false, &piece)),
        },
        _ => joined(value, ",", explode, &piece),
    }
}

/// The value of a header parameter (`simple` style). Header values are not percent-encoded;
/// one that cannot be a header value is refused when the request is sent.
pub(super) fn header_value(value: &ParamValue, explode: bool) -> String {
    joined(value, ",", explode, &|text: &str| text.to_owned())
}

/// The `name=value` of a cookie parameter (`form` style, not exploded), with the characters a
/// cookie cannot hold percent-encoded.
pub(super) fn cookie_pair(name: &str, value: &ParamValue) -> String {
    let piece = |text: &str| encode(text, COOKIE);
    format!("{}={}", piece(name), joined(value, ",", false, &piece))
}

/// The items or properties of a value, each encoded by `piece`, joined by `delimiter`; an
/// exploded object's properties are `key=value`, an unexploded object's `key,value`.
fn joined(
    value: &ParamValue,
    delimiter: &str,
    explode: bool,
    piece: &dyn Fn(&str) -> String,
) -> String {
    match value {
        ParamValue::Scalar(text) => piece(text),
        ParamValue::Array(items) => items
            .iter()
            .map(|item| piece(item))
            .collect::<Vec<_>>()
            .join(delimiter),
        ParamValue::Object(properties) if explode => properties
            .iter()
            .map(|(k, v)| format!("{}={}", piece(k), piece(v)))
            .collect::<Vec<_>>()
            .join(delimiter),
        ParamValue::Object(properties) => properties
            .iter()
            .flat_map(|(k, v)| [piece(k), piece(v)])
            .collect::<Vec<_>>()
            .join(","),
    }
}

/// Percent-encodes a value so that it stays one path segment.
pub fn encode_path_segment(value: &dyn fmt::Display) -> String {
    /// Everything but RFC 3986's unreserved characters.
    const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    percent_encoding::utf8_percent_encode(&value.to_string(), SEGMENT).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scalar(text: &str) -> ParamValue {
        ParamValue::Scalar(text.to_owned())
    }

    fn array() -> ParamValue {
        ParamValue::Array(vec!["3".into(), "4".into(), "5".into()])
    }

    fn object() -> ParamValue {
        ParamValue::Object(vec![
            ("role".into(), "admin".into()),
            ("firstName".into(), "Alex".into()),
        ])
    }

    fn query(value: &ParamValue, style: Style, explode: bool) -> String {
        query_pairs("id", value, style, explode, false).join("&")
    }

    #[test]
    fn query_form_exploded() {
        assert_eq!(query(&scalar("5"), Style::Form, true), "id=5");
        assert_eq!(query(&array(), Style::Form, true), "id=3&id=4&id=5");
        assert_eq!(
            query(&object(), Style::Form, true),
            "role=admin&firstName=Alex"
        );
    }

    #[test]
    fn query_form_not_exploded() {
        assert_eq!(query(&array(), Style::Form, false), "id=3,4,5");
        assert_eq!(
            query(&object(), Style::Form, false),
            "id=role,admin,firstName,Alex"
        );
    }

    #[test]
    fn query_space_and_pipe_delimited() {
        assert_eq!(
            query(&array(), Style::SpaceDelimited, false),
            "id=3%204%205"
        );
        assert_eq!(query(&array(), Style::PipeDelimited, false), "id=3%7C4%7C5");
        assert_eq!(
            query(&object(), Style::PipeDelimited, false),
            "id=role%7Cadmin%7CfirstName%7CAlex"
        );
    }

    #[test]
    fn query_deep_object() {
        assert_eq!(
            query(&object(), Style::DeepObject, true),
            "id%5Brole%5D=admin&id%5BfirstName%5D=Alex"
        );
    }

    #[test]
    fn query_items_are_encoded_before_joining() {
        let value = ParamValue::Array(vec!["a,b".into(), "c d".into(), "e&f=g+h#".into()]);
        assert_eq!(
            query(&value, Style::Form, false),
            "id=a%2Cb,c%20d,e%26f%3Dg%2Bh%23"
        );
    }

    #[test]
    fn query_allow_reserved_keeps_reserved_characters_but_not_pair_delimiters() {
        let value = scalar("/a:b?c@d!$'()*,;&=+#[]");
        assert_eq!(
            query_pairs("q", &value, Style::Form, true, true).join("&"),
            "q=/a:b?c@d!$'()*,;%26%3D%2B%23%5B%5D"
        );
        assert_eq!(
            query_pairs("q", &scalar("/a b"), Style::Form, true, false).join("&"),
            "q=%2Fa%20b"
        );
    }

    #[test]
    fn query_empty_array_is_left_out() {
        assert!(query_pairs("id", &ParamValue::Array(vec![]), Style::Form, true, false).is_empty());
    }

    #[test]
    fn path_simple() {
        assert_eq!(path_param("id", &scalar("5"), Style::Simple, false), "5");
        assert_eq!(path_param("id", &array(), Style::Simple, false), "3,4,5");
        assert_eq!(path_param("id", &array(), Style::Simple, true), "3,4,5");
        assert_eq!(
            path_param("id", &object(), Style::Simple, false),
            "role,admin,firstName,Alex"
        );
        assert_eq!(
            path_param("id", &object(), Style::Simple, true),
            "role=admin,firstName=Alex"
        );
    }

    #[test]
    fn path_label() {
        assert_eq!(path_param("id", &scalar("5"), Style::Label, false), ".5");
        assert_eq!(path_param("id", &array(), Style::Label, false), ".3,4,5");
        assert_eq!(path_param("id", &array(), Style::Label, true), ".3.4.5");
        assert_eq!(
            path_param("id", &object(), Style::Label, true),
            ".role=admin.firstName=Alex"
        );
    }

    #[test]
    fn path_matrix() {
        assert_eq!(
            path_param("id", &scalar("5"), Style::Matrix, false),
            ";id=5"
        );
        assert_eq!(
            path_param("id", &array(), Style::Matrix, false),
            ";id=3,4,5"
        );
        assert_eq!(
            path_param("id", &array(), Style::Matrix, true),
            ";id=3;id=4;id=5"
        );
        assert_eq!(
            path_param("id", &object(), Style::Matrix, false),
            ";id=role,admin,firstName,Alex"
        );
        assert_eq!(
            path_param("id", &object(), Style::Matrix, true),
            ";role=admin;firstName=Alex"
        );
    }

    #[test]
    fn path_pieces_cannot_split_the_segment() {
        let value = ParamValue::Array(vec!["a/b".into(), "c,d".into(), "%".into()]);
        assert_eq!(
            path_param("id", &value, Style::Simple, false),
            "a%2Fb,c%2Cd,%25"
        );
    }

    #[test]
    fn header_simple() {
        assert_eq!(header_value(&array(), false), "3,4,5");
        assert_eq!(header_value(&object(), true), "role=admin,firstName=Alex");
        assert_eq!(header_value(&object(), false), "role,admin,firstName,Alex");
    }

    #[test]
    fn cookie_form() {
        assert_eq!(cookie_pair("id", &array()), "id=3,4,5");
        assert_eq!(cookie_pair("s", &scalar("a;b c")), "s=a%3Bb%20c");
    }

    #[test]
    fn values_keep_each_fields_wire_form() {
        #[derive(Serialize)]
        struct Params {
            #[serde(with = "time::serde::rfc3339")]
            since: time::OffsetDateTime,
            ids: Vec<i32>,
            #[serde(skip_serializing_if = "Option::is_none")]
            absent: Option<String>,
            filter: std::collections::BTreeMap<String, i32>,
        }
        let params = Params {
            since: time::macros::datetime!(2024-01-02 03:04:05 UTC),
            ids: vec![1, 2],
            absent: None,
            filter: [("a".to_owned(), 1)].into(),
        };
        let mut values = ParamValues::new(&params).expect("serializes");
        assert_eq!(values.take("since"), Some(scalar("2024-01-02T03:04:05Z")));
        assert_eq!(
            values.take("ids"),
            Some(ParamValue::Array(vec!["1".into(), "2".into()]))
        );
        assert_eq!(values.take("absent"), None);
        assert_eq!(values.take_json("filter"), Some(scalar(r#"{"a":1}"#)));
    }

    #[test]
    fn path_dates_take_their_wire_form() {
        let at = time::macros::datetime!(2024-01-02 03:04:05 +05:30);
        assert_eq!(
            ParamValue::serialized_with(&at, time::serde::rfc3339::serialize).expect("serializes"),
            scalar("2024-01-02T03:04:05+05:30")
        );
        let day = time::macros::date!(2024 - 01 - 02);
        let formatted = day.format(time::macros::format_description!("[year]-[month]-[day]"));
        assert_eq!(
            ParamValue::formatted(formatted).expect("serializes"),
            scalar("2024-01-02")
        );
        // The `+` of the offset must not reach a query as a space.
        let value =
            ParamValue::serialized_with(&at, time::serde::rfc3339::serialize).expect("serializes");
        assert_eq!(
            query_pairs("at", &value, Style::Form, true, false),
            ["at=2024-01-02T03%3A04%3A05%2B05%3A30"]
        );
    }

    #[test]
    fn any_value_is_laid_out_by_its_shape() {
        assert_eq!(ParamValue::of("a").expect("serializes"), scalar("a"));
        assert_eq!(
            ParamValue::of(&["a", "b"]).expect("serializes"),
            ParamValue::Array(vec!["a".into(), "b".into()])
        );
        assert_eq!(ParamValue::of(&true).expect("serializes"), scalar("true"));
    }

    #[test]
    fn json_content_is_encoded_as_one_query_value() {
        let value = ParamValue::json(&serde_json::json!({"a": 1})).expect("serializes");
        assert_eq!(
            query_pairs("filter", &value, Style::Form, true, false).join("&"),
            "filter=%7B%22a%22%3A1%7D"
        );
    }
}
