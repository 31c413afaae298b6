//! The one error type of every operation, and how error bodies are read.

use super::{AuthError, Violation, Violations};
use bytes::Bytes;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use std::fmt;
use std::time::Duration;

/// What went wrong with a call. `E` is the spec's error body (e.g. `ErrorResponse`), or an
/// enum over its error bodies where they differ by operation and status.
///
/// Neither `Display` nor `Debug` shows request or response bodies, keys or tokens: bodies may
/// hold personal data. The raw body is kept in [`RawBody`] for the caller to read deliberately.
///
/// The enum and its variants with fields are `#[non_exhaustive]`: match them with `..`, so that
/// a variant or field added later does not break your code.
#[non_exhaustive]
pub enum Error<E> {
    /// The request breaks the spec's constraints; nothing was sent.
    Invalid(Violations),
    /// The request body (as JSON, or as the JSON values of a form or multipart body) or a
    /// parameter could not be encoded; nothing was sent.
    Encode(serde_json::Error),
    /// No token could be had: wrong keys, or the token endpoint failed. The call was not sent.
    Auth(AuthError),
    /// The request did not complete: connection refused or reset, timeout, TLS failure.
    #[non_exhaustive]
    Transport {
        /// What failed (without the URL).
        source: reqwest::Error,
        /// Whether sending the request again cannot do anything twice.
        retry_safe: bool,
    },
    /// The server answered with a status other than 2XX.
    #[non_exhaustive]
    Status {
        /// The HTTP status.
        status: StatusCode,
        /// What the body says, as far as it decodes.
        details: ErrorDetails<E>,
        /// Whether sending the request again cannot do anything twice.
        retry_safe: bool,
        /// How long the server asked the client to wait (`Retry-After`, in seconds or as an
        /// HTTP date, read as the time left until then), if it did; with a 429 or 503, wait at
        /// least this long before sending again.
        retry_after: Option<Duration>,
    },
    /// The server answered 2XX with an envelope that reports a failure: it carries an error, or
    /// its result code is not a success code.
    #[non_exhaustive]
    Business {
        /// The HTTP status.
        status: StatusCode,
        /// What the envelope's error says, as far as it decodes.
        details: ErrorDetails<E>,
        /// The envelope's result code, if it has one.
        code: Option<i64>,
    },
    /// A 2XX response body that does not decode as the spec says.
    #[non_exhaustive]
    Decode {
        /// The HTTP status.
        status: StatusCode,
        /// Where decoding failed, e.g. `payload.customerKeyContacts[0].createdOn`.
        path: String,
        /// Why.
        source: serde_json::Error,
        /// The body.
        raw: RawBody,
    },
}

/// An error schema of the spec, with the names of the fields every error exposes.
pub trait ErrorBody: DeserializeOwned {
    /// The wire names of the error's type, message and request id, if the body has them.
    const FIELDS: ErrorFields;

    /// The error's type, message and request id as text, borrowed from the decoded value, as
    /// the body has them. `None` (the default) where the generated code cannot give them so:
    /// the runtime then reads them from the body.
    fn texts(&self) -> Option<ErrorText<'_>> {
        None
    }
}

/// What an API's error bodies decode into: its one error schema (any [`ErrorBody`]), or an
/// enum with a variant per schema, where the schema depends on the operation and the status.
pub trait ErrorBodies: Sized {
    /// The fields every error exposes, for a body of the schema `schema` (the name the
    /// operation gives the status's schema; `None` if it gives none).
    fn fields(schema: Option<&str>) -> ErrorFields;

    /// The whole body, if the JSON `body` decodes as the schema `schema`.
    fn decode(schema: Option<&str>, body: &[u8]) -> Option<Self>;

    /// The error's type, message and request id as text, borrowed from the decoded value (see
    /// [`ErrorBody::texts`]); `None` has the runtime read them from the body.
    fn texts(&self) -> Option<ErrorText<'_>> {
        None
    }
}

/// One error schema for every status: the schema's name is not needed.
impl<T: ErrorBody> ErrorBodies for T {
    fn fields(_schema: Option<&str>) -> ErrorFields {
        T::FIELDS
    }

    fn decode(_schema: Option<&str>, body: &[u8]) -> Option<Self> {
        serde_json::from_slice(body).ok()
    }

    fn texts(&self) -> Option<ErrorText<'_>> {
        ErrorBody::texts(self)
    }
}

/// The fields every error exposes, as text borrowed from a decoded error body.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ErrorText<'a> {
    /// The error's type, as sent.
    pub error_type: Option<&'a str>,
    /// The error's message, as sent.
    pub message: Option<&'a str>,
    /// The server's id of the request, as sent.
    pub request_id: Option<&'a str>,
}

/// The fields every error exposes, as text the runtime read from a body itself: where the body
/// does not decode, or its decoded value cannot give them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct ErrorTexts {
    pub(crate) error_type: Option<String>,
    pub(crate) message: Option<String>,
    pub(crate) request_id: Option<String>,
}

impl ErrorTexts {
    fn borrow(&self) -> ErrorText<'_> {
        ErrorText {
            error_type: self.error_type.as_deref(),
            message: self.message.as_deref(),
            request_id: self.request_id.as_deref(),
        }
    }
}

/// Decodes the JSON `body` as the error schema `T`, wrapped as a variant of an enum over
/// schemas.
pub fn decode_error<T: DeserializeOwned, E>(body: &[u8], wrap: fn(T) -> E) -> Option<E> {
    serde_json::from_slice(body).ok().map(wrap)
}

/// Wire names of the fields of an error body that [`ErrorDetails`] extracts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ErrorFields {
    /// The error's type or code, e.g. `errorType`.
    pub error_type: Option<&'static str>,
    /// The human-readable message, e.g. `errorMessage`.
    pub message: Option<&'static str>,
    /// The server's id of the request, e.g. `requestId`.
    pub request_id: Option<&'static str>,
}

impl ErrorBody for serde_json::Value {
    const FIELDS: ErrorFields = ErrorFields {
        error_type: None,
        message: None,
        request_id: None,
    };
}

/// A free-form error schema (`type: object` and nothing more): a JSON object of any fields.
impl ErrorBody for serde_json::Map<String, serde_json::Value> {
    const FIELDS: ErrorFields = ErrorFields {
        error_type: None,
        message: None,
        request_id: None,
    };
}

/// An error body, decoded as far as it goes: when one of its fields does not decode (a
/// timestamp in another format, say), the fields every error exposes (its type, message and
/// request id) are still readable, with the raw body.
///
/// Where the body decodes, those fields are read from the decoded value when asked for, not
/// copied out of it: an error costs about what a success does.
pub struct ErrorDetails<E> {
    body: Option<E>,
    /// The error's fields as the runtime read them from the body, where the decoded value
    /// cannot give them (or the body does not decode).
    read: Option<Box<ErrorTexts>>,
    /// Reads the error's fields from the decoded value: `ErrorBodies::texts`, kept here so
    /// that reading them needs no bound on `E`.
    texts: fn(&E) -> Option<ErrorText<'_>>,
    raw: RawBody,
}

impl<E: ErrorBodies> ErrorDetails<E> {
    /// Decodes what it can of an error body of the schema `schema`: the whole body as its
    /// type, and the fields every error exposes, from the decoded value when it decodes and
    /// gives them (one pass over the body), else in a scan that builds no tree, so that they
    /// are read even when the rest of the body does not decode.
    pub(crate) fn from_bytes(bytes: Bytes, schema: Option<&str>) -> Self {
        let body = E::decode(schema, &bytes);
        if body.as_ref().and_then(E::texts).is_some() {
            return Self::decoded(body, RawBody::from_bytes(bytes));
        }
        let layout = super::summary::Layout {
            error: E::fields(schema),
            within: None,
            code: None,
            message: None,
        };
        let read = super::summary::scan(&bytes, layout).map(|summary| ErrorTexts {
            error_type: summary.error_type,
            message: summary.message,
            request_id: summary.request_id,
        });
        Self::read(body, read.unwrap_or_default(), RawBody::from_bytes(bytes))
    }

    /// The details of a body that decoded (if `body` is some) and gives the error's fields
    /// itself ([`ErrorBodies::texts`]).
    pub(crate) fn decoded(body: Option<E>, raw: RawBody) -> Self {
        Self {
            body,
            read: None,
            texts: E::texts,
            raw,
        }
    }

    /// The details of a body whose error fields the runtime read itself, as `read`.
    pub(crate) fn read(body: Option<E>, read: ErrorTexts, raw: RawBody) -> Self {
        Self {
            body,
            read: Some(Box::new(read)),
            texts: E::texts,
            raw,
        }
    }
}

impl<E> ErrorDetails<E> {
    /// The whole body, if it decodes as the spec's error schema.
    pub fn body(&self) -> Option<&E> {
        self.body.as_ref()
    }

    /// The whole body, if it decodes as the spec's error schema, taken out of the details.
    pub fn into_body(self) -> Option<E> {
        self.body
    }

    /// The error's type, as sent (e.g. `VALIDATION_ERROR`), even when the rest of the body does
    /// not decode.
    pub fn error_type(&self) -> Option<&str> {
        self.text().error_type
    }

    /// The error's message, as sent.
    pub fn message(&self) -> Option<&str> {
        self.text().message
    }

    /// The server's id of the request, as sent.
    pub fn request_id(&self) -> Option<&str> {
        self.text().request_id
    }

    /// The body as received.
    pub fn raw(&self) -> &RawBody {
        &self.raw
    }

    /// The error's fields: as the runtime read them where it did, each one it did not find
    /// taken from the decoded body, if that gives it.
    fn text(&self) -> ErrorText<'_> {
        let decoded = self
            .body
            .as_ref()
            .and_then(|body| (self.texts)(body))
            .unwrap_or_default();
        match &self.read {
            None => decoded,
            Some(read) => {
                let read = read.borrow();
                ErrorText {
                    error_type: read.error_type.or(decoded.error_type),
                    message: read.message.or(decoded.message),
                    request_id: read.request_id.or(decoded.request_id),
                }
            }
        }
    }
}

impl<E> fmt::Debug for ErrorDetails<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The server's message may echo personal data from the request (a mobile number
        // already registered, say), so only its length shows; `message` holds it.
        let message = self
            .message()
            .map(|m| format!("<{} characters>", m.chars().count()));
        f.debug_struct("ErrorDetails")
            .field("error_type", &self.error_type())
            .field("message", &message)
            .field("request_id", &self.request_id())
            .field("decoded", &self.body.is_some())
            .field("raw", &self.raw)
            .finish()
    }
}

/// How much of a body an error keeps.
const RAW_LIMIT: usize = 2048;

/// A response body kept for inspection, cut to its first 2 KiB. `Debug` shows only its size.
///
/// The usual error body (valid UTF-8, at most 2 KiB) is kept as the `Bytes` it was received
/// in, shared and not copied, which saves a copy and a slow lossy conversion on every error
/// (about a sixth of what reading an error envelope cost). Anything else is kept as text, in
/// a box, so that a `RawBody` stays 32 bytes and `Error` within clippy's `result_large_err`.
#[derive(Clone, PartialEq, Eq)]
pub struct RawBody(RawText);

#[derive(Clone, PartialEq, Eq)]
enum RawText {
    /// The whole body, valid UTF-8, as received.
    Whole(Bytes),
    /// A body that is longer than 2 KiB or not UTF-8.
    Cut(Box<CutBody>),
}

#[derive(Clone, PartialEq, Eq)]
struct CutBody {
    /// Its first 2 KiB, made valid (each invalid sequence replaced by U+FFFD).
    text: String,
    /// The size of the whole body.
    len: usize,
}

impl RawBody {
    /// Keeps the first 2 KiB of `bytes`, the whole body as received, as text.
    pub(crate) fn from_bytes(bytes: Bytes) -> Self {
        if bytes.len() <= RAW_LIMIT && std::str::from_utf8(&bytes).is_ok() {
            return Self(RawText::Whole(bytes));
        }
        let cut = &bytes[..bytes.len().min(RAW_LIMIT)];
        Self(RawText::Cut(Box::new(CutBody {
            text: String::from_utf8_lossy(cut).into_owned(),
            len: bytes.len(),
        })))
    }

    /// The body as text (lossy UTF-8), at most its first 2 KiB.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            // Checked to be UTF-8 when kept; checking again here is cheap and needs no
            // `unsafe`.
            RawText::Whole(bytes) => std::str::from_utf8(bytes).unwrap_or_default(),
            RawText::Cut(cut) => &cut.text,
        }
    }

    /// The size of the whole body in bytes.
    pub fn len(&self) -> usize {
        match &self.0 {
            RawText::Whole(bytes) => bytes.len(),
            RawText::Cut(cut) => cut.len,
        }
    }

    /// Whether the body was empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether [`Self::as_str`] holds less than the whole body.
    pub fn is_truncated(&self) -> bool {
        self.len() > RAW_LIMIT
    }
}

impl fmt::Debug for RawBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RawBody({} bytes)", self.len())
    }
}

impl<E> Error<E> {
    /// `Err(Error::Invalid)` with `violations`, if a check found any: a request that breaks a
    /// constraint is never sent. The generated methods call it after their checks.
    pub fn refuse_invalid(violations: &mut Vec<Violation>) -> Result<(), Self> {
        if violations.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid(std::mem::take(violations).into()))
        }
    }

    /// The HTTP status, if the server answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Status { status, .. }
            | Error::Business { status, .. }
            | Error::Decode { status, .. } => Some(*status),
            Error::Auth(error) => error.status(),
            Error::Transport { source, .. } => source.status(),
            Error::Invalid(_) | Error::Encode(_) => None,
        }
    }

    /// The error details the server sent, if any.
    pub fn details(&self) -> Option<&ErrorDetails<E>> {
        match self {
            Error::Status { details, .. } | Error::Business { details, .. } => Some(details),
            _ => None,
        }
    }

    /// The error body, if it decoded whole.
    pub fn api_error(&self) -> Option<&E> {
        self.details().and_then(ErrorDetails::body)
    }

    /// The server's error type (e.g. `VALIDATION_ERROR`), even when the rest of the body did
    /// not decode.
    pub fn error_type(&self) -> Option<&str> {
        self.details().and_then(ErrorDetails::error_type)
    }

    /// The server's message about the error.
    pub fn message(&self) -> Option<&str> {
        self.details().and_then(ErrorDetails::message)
    }

    /// The server's id of the request, to quote to its support.
    pub fn request_id(&self) -> Option<&str> {
        self.details().and_then(ErrorDetails::request_id)
    }

    /// Whether sending the same request again cannot do anything twice: it never reached the
    /// server, the server refused it before processing (429), or the operation is idempotent
    /// and the failure transient.
    pub fn is_retry_safe(&self) -> bool {
        match self {
            Error::Transport { retry_safe, .. } | Error::Status { retry_safe, .. } => *retry_safe,
            // The request was never sent.
            Error::Invalid(_) | Error::Encode(_) | Error::Auth(_) => true,
            Error::Business { .. } | Error::Decode { .. } => false,
        }
    }

    /// How long the server asked the client to wait before sending again (`Retry-After`), when
    /// the client did not retry itself: a 429 or 503 answer to the call, or to the token call
    /// (an [`Error::Auth`]).
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::Status { retry_after, .. } => *retry_after,
            Error::Auth(error) => error.retry_after(),
            _ => None,
        }
    }
}

impl<E> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let about = |details: &ErrorDetails<E>| {
            let mut text = String::new();
            if let Some(kind) = details.error_type() {
                text.push_str(&format!(" {kind}"));
            }
            if let Some(id) = details.request_id() {
                text.push_str(&format!(" (request {id})"));
            }
            text
        };
        match self {
            Error::Invalid(violations) => write!(f, "request refused before sending: {violations}"),
            Error::Encode(_) => f.write_str("the request body or a parameter could not be encoded"),
            Error::Auth(error) => write!(f, "authentication failed: {error}"),
            Error::Transport { source, .. } if source.is_timeout() => {
                f.write_str("the request timed out")
            }
            Error::Transport { source, .. } if source.is_connect() => {
                f.write_str("could not connect to the server")
            }
            Error::Transport { .. } => f.write_str("the request did not complete"),
            Error::Status {
                status, details, ..
            } => write!(f, "the server answered {status}{}", about(details)),
            Error::Business {
                status,
                details,
                code,
            } => {
                write!(f, "the server answered {status} but reported a failure")?;
                if let Some(code) = code {
                    write!(f, " (result code {code})")?;
                }
                f.write_str(&about(details))
            }
            Error::Decode {
                status,
                path,
                source,
                ..
            } => {
                write!(f, "the {status} response does not decode")?;
                if !path.is_empty() {
                    write!(f, " at `{path}`")?;
                }
                // serde_json's own message may quote the body, which may hold personal data:
                // only the kind of failure and its position show.
                let kind = match source.classify() {
                    serde_json::error::Category::Eof => "the body ends early",
                    serde_json::error::Category::Syntax => "the body is not JSON",
                    serde_json::error::Category::Data => "a value does not fit the spec",
                    serde_json::error::Category::Io => "the body could not be read",
                };
                if source.line() == 0 {
                    write!(f, " ({kind})")
                } else {
                    write!(
                        f,
                        " ({kind}, at line {}, column {})",
                        source.line(),
                        source.column()
                    )
                }
            }
        }
    }
}

impl<E> fmt::Debug for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Invalid(violations) => f.debug_tuple("Invalid").field(violations).finish(),
            // serde_json's messages can quote the value that failed, so only its category and
            // position are shown.
            Error::Encode(source) => f.debug_tuple("Encode").field(&source.classify()).finish(),
            Error::Auth(error) => f.debug_tuple("Auth").field(error).finish(),
            Error::Transport { source, retry_safe } => f
                .debug_struct("Transport")
                .field("source", source)
                .field("retry_safe", retry_safe)
                .finish(),
            Error::Status {
                status,
                details,
                retry_safe,
                retry_after,
            } => f
                .debug_struct("Status")
                .field("status", status)
                .field("details", details)
                .field("retry_safe", retry_safe)
                .field("retry_after", retry_after)
                .finish(),
            Error::Business {
                status,
                details,
                code,
            } => f
                .debug_struct("Business")
                .field("status", status)
                .field("details", details)
                .field("code", code)
                .finish(),
            Error::Decode {
                status,
                path,
                source,
                raw,
            } => f
                .debug_struct("Decode")
                .field("status", status)
                .field("path", path)
                .field("category", &source.classify())
                .field("line", &source.line())
                .field("column", &source.column())
                .field("raw", raw)
                .finish(),
        }
    }
}

impl<E> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        // serde_json's errors can quote the value that failed to encode or decode, which may
        // be personal data, so they are not part of the chain that error reporters print;
        // the variants keep them for deliberate inspection.
        match self {
            Error::Auth(error) => Some(error),
            Error::Transport { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// A client could not be built.
#[derive(Debug)]
#[non_exhaustive]
pub enum BuildError {
    /// The base URL is not an absolute `http` or `https` URL without query or fragment.
    BaseUrl {
        /// The URL given.
        url: String,
        /// Why it was refused.
        reason: String,
    },
    /// The HTTP client could not be built (e.g. no TLS roots).
    Http(reqwest::Error),
    /// A credential's environment variable is not set (or not Unicode).
    MissingEnv(&'static str),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::BaseUrl { url, reason } => write!(f, "invalid base URL `{url}`: {reason}"),
            BuildError::Http(_) => f.write_str("the HTTP client could not be built"),
            BuildError::MissingEnv(name) => {
                write!(f, "the environment variable `{name}` is not set")
            }
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BuildError::Http(error) => Some(error),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An error body that gives its fields from its decoded value, as generated ones do.
    #[derive(serde::Deserialize)]
    struct Body {
        kind: Option<String>,
        text: Option<String>,
        id: Option<String>,
    }

    impl ErrorBody for Body {
        const FIELDS: ErrorFields = ErrorFields {
            error_type: Some("kind"),
            message: Some("text"),
            request_id: Some("id"),
        };

        fn texts(&self) -> Option<ErrorText<'_>> {
            Some(ErrorText {
                error_type: self.kind.as_deref(),
                message: self.text.as_deref(),
                request_id: self.id.as_deref(),
            })
        }
    }

    #[test]
    fn a_decoded_body_gives_its_fields_when_asked() {
        let bytes = Bytes::from(r#"{"kind": "DECLINED", "text": "no funds", "id": "r-1"}"#);
        let details = ErrorDetails::<Body>::from_bytes(bytes, None);
        assert!(
            details.read.is_none(),
            "nothing is copied out of a decoded body"
        );
        assert_eq!(
            (
                details.error_type(),
                details.message(),
                details.request_id()
            ),
            (Some("DECLINED"), Some("no funds"), Some("r-1"))
        );
    }

    #[test]
    fn a_field_the_runtime_did_not_read_comes_from_the_decoded_body() {
        let bytes = Bytes::from(r#"{"kind": "DECLINED", "text": "no funds", "id": "r-1"}"#);
        let body = serde_json::from_slice::<Body>(&bytes).ok();
        let read = ErrorTexts {
            message: Some("from the envelope".to_owned()),
            ..ErrorTexts::default()
        };
        let details = ErrorDetails::read(body, read, RawBody::from_bytes(bytes));
        assert_eq!(details.message(), Some("from the envelope"));
        assert_eq!(details.error_type(), Some("DECLINED"));
        assert_eq!(details.request_id(), Some("r-1"));
        // A body that does not decode still gives what the runtime read.
        let bytes = Bytes::from(r#"{"kind": 7, "text": "bad"}"#);
        let details = ErrorDetails::<Body>::from_bytes(bytes, None);
        assert!(details.body().is_none());
        assert_eq!(details.message(), Some("bad"));
    }

    #[test]
    fn a_small_utf8_body_is_kept_as_received_without_a_copy() {
        let body = Bytes::from(r#"{"errorMessage":"ifsc ✓"}"#);
        let start = body.as_ptr();
        let raw = RawBody::from_bytes(body.clone());
        assert_eq!(raw.as_str(), r#"{"errorMessage":"ifsc ✓"}"#);
        assert_eq!((raw.len(), raw.is_truncated()), (body.len(), false));
        assert!(
            matches!(&raw.0, RawText::Whole(kept) if kept.as_ptr() == start),
            "the bytes are shared, not copied"
        );
    }

    #[test]
    fn a_large_body_keeps_its_first_2_kib() {
        let body = Bytes::from("x".repeat(RAW_LIMIT + 10));
        let raw = RawBody::from_bytes(body);
        assert_eq!(raw.as_str().len(), RAW_LIMIT);
        assert_eq!((raw.len(), raw.is_truncated()), (RAW_LIMIT + 10, true));
    }

    #[test]
    fn invalid_utf8_is_made_valid() {
        let raw = RawBody::from_bytes(Bytes::from_static(b"ok \xff then"));
        assert_eq!(raw.as_str(), "ok \u{fffd} then");
        // A character cut at the limit is invalid too.
        let mut text = "x".repeat(RAW_LIMIT - 1);
        text.push('é');
        let raw = RawBody::from_bytes(Bytes::from(text));
        assert!(raw.as_str().ends_with('\u{fffd}'));
    }

    #[test]
    fn a_raw_body_is_no_larger_than_text_and_a_length() {
        // As when it held a `String` and the length: `Error` stays within clippy's
        // `result_large_err` for callers that return it.
        assert_eq!(
            size_of::<RawBody>(),
            size_of::<String>() + size_of::<usize>()
        );
    }
}
