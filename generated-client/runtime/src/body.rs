//! Bodies: a request body in each encoding a spec may ask for (JSON, a form, multipart form
//! data, text, bytes), and reading a success body (JSON, text, bytes, or by status).

use super::error::{Error, RawBody};
use super::transport::Answer;
use bytes::Bytes;
use reqwest::StatusCode;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::fmt;

/// A request body, encoded, with the `Content-Type` it is sent with. The bytes are shared:
/// each attempt sends them without a copy.
#[derive(Clone)]
pub(crate) struct Encoded {
    pub(crate) content_type: String,
    pub(crate) bytes: Bytes,
}

impl Encoded {
    pub(crate) fn json<T: Serialize + ?Sized>(
        content_type: &str,
        body: &T,
    ) -> Result<Self, serde_json::Error> {
        Ok(Self {
            content_type: content_type.to_owned(),
            bytes: serde_json::to_vec(body)?.into(),
        })
    }

    pub(crate) fn raw(content_type: &str, bytes: &[u8]) -> Self {
        Self {
            content_type: content_type.to_owned(),
            bytes: Bytes::copy_from_slice(bytes),
        }
    }
}

/// A file in a `multipart/form-data` body: its bytes, a file name and, optionally, a content
/// type. `Debug` shows the name, type and size, never the bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct FilePart {
    bytes: Vec<u8>,
    file_name: String,
    content_type: Option<String>,
}

impl FilePart {
    /// A file of this name and contents. Without [`Self::with_content_type`] it is sent as
    /// the type the spec gives its property, else `application/octet-stream`.
    pub fn new(file_name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        Self {
            bytes: bytes.into(),
            file_name: file_name.into(),
            content_type: None,
        }
    }

    /// The same file, sent as `content_type` (e.g. `image/png`).
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The file name sent with the file.
    pub fn file_name(&self) -> &str {
        &self.file_name
    }

    /// The content type set with [`Self::with_content_type`], if any.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The file's contents.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }
}

impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A file may hold personal data; its size is enough to tell files apart.
        f.debug_struct("FilePart")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

/// A property of a `multipart/form-data` body, in the order the spec lists them.
#[derive(Clone, Copy, Debug)]
pub enum Part<'a> {
    /// The property of this wire name: a text part for a value, one part per item for an
    /// array, a JSON part (`application/json`) for an object. Absent or `null`: no part.
    Value(&'static str),
    /// Files under this wire name, each a part of its own.
    Files {
        /// The wire name.
        name: &'static str,
        /// The files; none sends no part.
        files: &'a [FilePart],
        /// The type of a file that has none of its own (the spec's `encoding.contentType`).
        content_type: Option<&'static str>,
    },
}

/// The body's properties as `application/x-www-form-urlencoded` fields, in the order of
/// `fields` (every property, in name order, if `fields` is empty). OpenAPI's default encoding
/// (`style: form, explode: true`): an array repeats its name once per item, and an object
/// sends each of its properties as a field of its own. `null` sends nothing.
pub(crate) fn form<T: Serialize + ?Sized>(
    content_type: &str,
    body: &T,
    fields: &[&str],
) -> Result<Encoded, serde_json::Error> {
    let value = serde_json::to_value(body)?;
    let mut form = form_urlencoded::Serializer::new(String::new());
    for (name, value) in properties(&value, fields) {
        match value {
            Value::Array(items) => {
                for item in items {
                    form.append_pair(name, &text(item));
                }
            }
            Value::Object(members) => {
                for (member, value) in members {
                    match value {
                        Value::Array(items) => {
                            for item in items {
                                form.append_pair(member, &text(item));
                            }
                        }
                        Value::Null => {}
                        value => {
                            form.append_pair(member, &text(value));
                        }
                    }
                }
            }
            Value::Null => {}
            value => {
                form.append_pair(name, &text(value));
            }
        }
    }
    Ok(Encoded {
        content_type: content_type.to_owned(),
        bytes: form.finish().into_bytes().into(),
    })
}

/// The body as `multipart/form-data`, one part per property in the order of `parts`, with a
/// boundary that appears in no part.
pub(crate) fn multipart<T: Serialize + ?Sized>(
    body: &T,
    parts: &[Part<'_>],
) -> Result<Encoded, serde_json::Error> {
    let value = serde_json::to_value(body)?;
    let mut encoded: Vec<(String, Vec<u8>)> = Vec::new();
    for part in parts {
        match *part {
            Part::Value(name) => {
                let items = match value.get(name) {
                    None | Some(Value::Null) => continue,
                    Some(Value::Array(items)) => items.iter().collect(),
                    Some(value) => vec![value],
                };
                for item in items {
                    let disposition = disposition(name, None);
                    encoded.push(match item {
                        Value::Object(_) | Value::Array(_) => (
                            format!("{disposition}\r\nContent-Type: application/json"),
                            serde_json::to_vec(item)?,
                        ),
                        item => (disposition, text(item).into_bytes()),
                    });
                }
            }
            Part::Files {
                name,
                files,
                content_type,
            } => {
                for file in files {
                    let content_type = file
                        .content_type
                        .as_deref()
                        .or(content_type)
                        .unwrap_or("application/octet-stream");
                    let headers = format!(
                        "{}\r\nContent-Type: {}",
                        disposition(name, Some(&file.file_name)),
                        // A line break would start a header of the caller's making.
                        content_type.replace(['\r', '\n'], " ")
                    );
                    encoded.push((headers, file.bytes.clone()));
                }
            }
        }
    }
    let boundary = boundary(&encoded);
    let mut bytes = Vec::new();
    for (headers, data) in &encoded {
        bytes.extend_from_slice(format!("--{boundary}\r\n{headers}\r\n\r\n").as_bytes());
        bytes.extend_from_slice(data);
        bytes.extend_from_slice(b"\r\n");
    }
    bytes.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    Ok(Encoded {
        content_type: format!("multipart/form-data; boundary={boundary}"),
        bytes: bytes.into(),
    })
}

/// The properties of a serialized body named in `fields`, in that order; all of them if
/// `fields` is empty.
fn properties<'v>(value: &'v Value, fields: &[&'v str]) -> Vec<(&'v str, &'v Value)> {
    let Value::Object(map) = value else {
        return Vec::new();
    };
    if fields.is_empty() {
        return map.iter().map(|(k, v)| (k.as_str(), v)).collect();
    }
    fields
        .iter()
        .filter_map(|name| map.get(*name).map(|value| (*name, value)))
        .collect()
}

/// A value as form text: a string as it is, a number with every digit, anything else as JSON.
fn text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// `Content-Disposition: form-data; name="…"; filename="…"`, with `"`, CR and LF
/// percent-encoded as HTML forms do, so that no name can end the header early.
fn disposition(name: &str, file_name: Option<&str>) -> String {
    let quote = |text: &str| {
        text.replace('"', "%22")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    let mut header = format!("Content-Disposition: form-data; name=\"{}\"", quote(name));
    if let Some(file_name) = file_name {
        header.push_str(&format!("; filename=\"{}\"", quote(file_name)));
    }
    header
}

/// A random boundary that appears in no part.
fn boundary(parts: &[(String, Vec<u8>)]) -> String {
    loop {
        let boundary = format!(
            "----client-{:016x}{:016x}",
            super::random_u64(),
            super::random_u64()
        );
        let found = parts.iter().any(|(headers, data)| {
            headers.contains(&boundary)
                || data
                    .windows(boundary.len())
                    .any(|window| window == boundary.as_bytes())
        });
        if !found {
            return boundary;
        }
    }
}

/// Why a 2XX body does not read as the spec says.
#[derive(Debug)]
pub struct BodyError {
    pub(crate) path: String,
    pub(crate) source: serde_json::Error,
}

impl BodyError {
    /// A message of the generated code's own (no body content in it).
    pub fn new(reason: &str) -> Self {
        Self {
            path: String::new(),
            source: serde::de::Error::custom(reason),
        }
    }

    /// A 2XX status the spec does not document for the operation.
    pub fn undocumented(status: StatusCode) -> Self {
        Self::new(&format!(
            "the spec documents no {} response for the operation",
            status.as_u16()
        ))
    }

    /// Where decoding failed, e.g. `customerKeyContacts[0].mobile`; empty at the top level.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Why, with the line and column, as a serde_json error whose message quotes no value.
    pub fn source(&self) -> &serde_json::Error {
        &self.source
    }

    /// The call's [`Error::Decode`] for the 2XX `answer` whose body this is.
    pub(crate) fn into_error<E>(self, answer: &Answer) -> Error<E> {
        self.into_error_at(answer.status, &answer.body)
    }

    /// The call's [`Error::Decode`] for a `status` answer of `body`.
    pub(crate) fn into_error_at<E>(self, status: StatusCode, body: &Bytes) -> Error<E> {
        Error::Decode {
            status,
            path: self.path,
            source: self.source,
            raw: RawBody::from_bytes(body.clone()),
        }
    }
}

impl fmt::Display for BodyError {
    /// The path and the reason, which quotes no value of the body: [`decode_json`] rebuilds
    /// serde_json's messages, which do, without the value.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.source)
        } else {
            write!(f, "at `{}`: {}", self.path, self.source)
        }
    }
}

impl std::error::Error for BodyError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// Decodes JSON `bytes` as `T` in one pass, straight from the bytes; the error names the path
/// of the first value that failed (`customerKeyContacts[0].mobile`), and the reason with its
/// line and column (found by a second pass, made only when the first fails).
///
/// No part of the error quotes the body: where serde_json's message names the value
/// (``invalid type: string "9876543210", expected i64``), the error says only what kind of
/// value it was (`invalid type: string, expected i64`).
///
/// This is how the client reads response bodies, and the way to read a request or response
/// type from JSON of your own (a queue message, a fixture) with a useful error:
/// `serde_json::from_slice` names only the Rust type that failed.
pub fn decode_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, BodyError> {
    // Tracking the path costs an allocation per object key, so the path is only looked for
    // when the body does not decode: then it is decoded again, the path tracked, to say where.
    serde_json::from_slice(bytes).or_else(|_| decode_tracking_path(bytes))
}

/// [`decode_json`], tracking the path of the value being read, for the error.
fn decode_tracking_path<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, BodyError> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        BodyError {
            // The top level is `.`; say nothing rather than that.
            path: if path == "." { String::new() } else { path },
            source: super::json_error::value_free(error.into_inner()),
        }
    })?;
    // Trailing characters after the value are an error, as in `serde_json::from_slice`.
    deserializer.end().map_err(|source| BodyError {
        path: String::new(),
        source: super::json_error::value_free(source),
    })?;
    Ok(value)
}

/// A JSON body, decoded as `T` (see [`decode_json`]).
pub fn read_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, BodyError> {
    decode_json(body)
}

/// A text body, which must be UTF-8.
pub fn read_text(body: &[u8]) -> Result<String, BodyError> {
    String::from_utf8(body.to_vec()).map_err(|_| BodyError::new("the text body is not UTF-8"))
}

/// A body read as the bytes it is.
pub fn read_bytes(body: &[u8]) -> Result<Vec<u8>, BodyError> {
    Ok(body.to_vec())
}

/// A result whose body depends on the 2XX status, as an operation's generated enum over its
/// statuses reads it.
pub trait FromStatus: Sized {
    /// Reads the body of a `status` answer.
    fn from_status(status: StatusCode, body: &[u8]) -> Result<Self, BodyError>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Pet {
        name: String,
        tags: Vec<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        age: Option<u32>,
        owner: Option<String>,
        address: Address,
    }

    #[derive(Serialize)]
    struct Address {
        city: String,
        zip: u32,
    }

    fn pet() -> Pet {
        Pet {
            name: "Rex & Co=1 ü".to_owned(),
            tags: vec!["a b".to_owned(), "c".to_owned()],
            age: None,
            owner: None,
            address: Address {
                city: "Pune".to_owned(),
                zip: 411001,
            },
        }
    }

    fn form_text(fields: &[&str]) -> String {
        let encoded = form("application/x-www-form-urlencoded", &pet(), fields)
            .unwrap_or_else(|e| panic!("{e}"));
        String::from_utf8(encoded.bytes.to_vec()).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Fields follow the listed order; arrays repeat their name; an object's properties are
    /// fields of their own; absent and `null` send nothing; text is form-encoded.
    #[test]
    fn form_fields_follow_openapi_default_encoding() {
        assert_eq!(
            form_text(&["name", "tags", "age", "owner", "address"]),
            "name=Rex+%26+Co%3D1+%C3%BC&tags=a+b&tags=c&city=Pune&zip=411001"
        );
    }

    #[test]
    fn an_empty_field_list_sends_every_property_in_name_order() {
        assert_eq!(
            form_text(&[]),
            "city=Pune&zip=411001&name=Rex+%26+Co%3D1+%C3%BC&tags=a+b&tags=c"
        );
    }

    fn split_parts(encoded: &Encoded) -> Vec<String> {
        let boundary = encoded
            .content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap_or_else(|| panic!("{}", encoded.content_type));
        let text = String::from_utf8_lossy(&encoded.bytes).into_owned();
        assert!(text.ends_with(&format!("--{boundary}--\r\n")), "{text}");
        text.split(&format!("--{boundary}"))
            .filter(|part| !part.is_empty() && *part != "--\r\n")
            .map(str::to_owned)
            .collect()
    }

    /// Values are text parts, objects JSON parts, files carry their name and type (their own,
    /// else the spec's, else octet-stream); parts keep the listed order.
    #[test]
    fn multipart_parts_are_in_order_with_their_headers() {
        let files = [
            FilePart::new("a\".png", b"\x89PNG".to_vec()).with_content_type("image/png"),
            FilePart::new("b.bin", b"raw".to_vec()),
        ];
        let parts = [
            Part::Files {
                name: "photo",
                files: &files,
                content_type: None,
            },
            Part::Value("name"),
            Part::Value("owner"),
            Part::Value("address"),
            Part::Value("tags"),
        ];
        let encoded = multipart(&pet(), &parts).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            split_parts(&encoded),
            [
                "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a%22.png\"\r\nContent-Type: image/png\r\n\r\n\u{fffd}PNG\r\n",
                "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"b.bin\"\r\nContent-Type: application/octet-stream\r\n\r\nraw\r\n",
                "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nRex & Co=1 ü\r\n",
                "\r\nContent-Disposition: form-data; name=\"address\"\r\nContent-Type: application/json\r\n\r\n{\"city\":\"Pune\",\"zip\":411001}\r\n",
                "\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\na b\r\n",
                "\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\nc\r\n",
            ]
        );
    }

    /// A boundary never appears inside a part, whatever the part holds.
    #[test]
    fn the_boundary_is_not_in_any_part() {
        let parts = vec![("h".to_owned(), b"----client-".repeat(100))];
        let boundary = boundary(&parts);
        assert!(!String::from_utf8_lossy(&parts[0].1).contains(&boundary));
        assert_ne!(boundary, super::boundary(&parts), "boundaries are random");
    }

    #[test]
    fn text_must_be_utf8() {
        assert_eq!(read_text(b"caf\xc3\xa9").ok().as_deref(), Some("café"));
        assert!(read_text(b"caf\xe9").is_err());
    }

    #[test]
    fn json_errors_name_the_path() {
        let error = read_json::<Vec<u32>>(b"[1, \"x\"]").err();
        assert_eq!(error.map(|e| e.path), Some("[1]".to_owned()));
    }
}
