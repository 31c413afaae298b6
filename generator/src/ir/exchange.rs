//! What goes over the wire for an operation, beyond its parameters: the request bodies its
//! methods send, what a success returns, and the error schema of each error status.

use super::TypeRef;

/// Another method for an operation that sends or reads several media types: it sends (or
/// reads, or both) another one than the operation's own method.
#[derive(Debug)]
pub(crate) struct Alternative {
    pub(crate) method_name: String,
    /// The media type, as the spec writes it, that it sends or reads instead.
    pub(crate) media_type: String,
    /// The body it sends; `None`: the operation's.
    pub(crate) body: Option<Body>,
    /// What it reads, and the `Accept` it sends for it; `None`: the operation's.
    pub(crate) response: Option<(Response, String)>,
}

/// A documented error status and the type of its body.
#[derive(Debug)]
pub(crate) struct ErrorCase {
    /// As the spec writes it: `404`, `4XX` or `default`.
    pub(crate) status: String,
    pub(crate) ty: TypeRef,
    /// The variant of the API's [`super::TypeKind::Errors`] enum, if it has one.
    pub(crate) variant: Option<String>,
}

/// A request body, as one method sends it.
#[derive(Debug)]
pub(crate) struct Body {
    pub(crate) required: bool,
    /// The media type as the spec writes it, e.g. `multipart/form-data`.
    pub(crate) media_type: String,
    pub(crate) content_type: ContentType,
    pub(crate) kind: BodyKind,
}

impl Body {
    /// The type the body is built from, if it is a value the client encodes (JSON, a form or a
    /// multipart body) rather than bytes or text sent as they are.
    pub(crate) fn value_type(&self) -> Option<&TypeRef> {
        match &self.kind {
            BodyKind::Json(ty) | BodyKind::Form { ty, .. } | BodyKind::Multipart { ty, .. } => {
                Some(ty)
            }
            BodyKind::Bytes | BodyKind::Text => None,
        }
    }
}

/// The `Content-Type` a body is sent with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ContentType {
    /// This one, e.g. `application/json` or `text/plain`.
    Fixed(String),
    /// The spec gives a range (`image/*`), so the caller names the type, which must fit it.
    Caller { range: String },
    /// `multipart/form-data` with the boundary the client picks.
    Multipart,
}

#[derive(Debug)]
pub(crate) enum BodyKind {
    /// A value sent as JSON.
    Json(TypeRef),
    /// `application/x-www-form-urlencoded`: the properties of a struct as form fields, in
    /// the order of `fields` (wire names; empty for a map, whose every entry is sent).
    Form { ty: TypeRef, fields: Vec<String> },
    /// `multipart/form-data`: one part per property of a struct, in order.
    Multipart { ty: TypeRef, parts: Vec<Part> },
    /// Bytes sent as they are.
    Bytes,
    /// Text sent as it is.
    Text,
}

/// A property of a `multipart/form-data` body.
#[derive(Debug)]
pub(crate) struct Part {
    pub(crate) wire: String,
    pub(crate) rust: String,
    /// `Some` for files (`format: binary`); other values are text, or JSON for objects.
    pub(crate) file: Option<FilePart>,
}

/// A file property of a multipart body.
#[derive(Debug)]
pub(crate) struct FilePart {
    /// Whether the field is an array of files.
    pub(crate) many: bool,
    /// Whether the field is required (not an `Option`).
    pub(crate) required: bool,
    /// The content type a file without one of its own is sent with (`encoding.contentType`).
    pub(crate) content_type: Option<String>,
}

/// What a successful call returns.
#[derive(Debug)]
pub(crate) enum Response {
    /// A success with no body.
    Unit,
    /// The body is the result.
    Body(ResponseBody),
    /// The body is an envelope; the result is its payload.
    Enveloped { envelope: String, payload: TypeRef },
    /// 2XX bodies of one type, and statuses without a body, which read as `None`.
    Optional { body: ResponseBody, empty: Vec<u16> },
    /// 2XX statuses whose bodies differ: the enum (a [`super::TypeKind::Responses`]) of this name.
    ByStatus(String),
}

/// How a success body is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ResponseBody {
    Json(TypeRef),
    /// `text/*`: a `String`.
    Text,
    /// Any other media type: bytes.
    Bytes,
}

/// A variant of [`super::TypeKind::Responses`].
#[derive(Debug, Clone)]
pub(crate) struct StatusVariant {
    pub(crate) rust: String,
    pub(crate) status: SuccessStatus,
    /// `None`: the status has no body.
    pub(crate) body: Option<ResponseBody>,
    pub(crate) doc: String,
}

/// A documented 2XX status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum SuccessStatus {
    Code(u16),
    /// `2XX`: any 2XX status not listed on its own.
    Range,
}

/// A variant of [`super::TypeKind::Errors`].
#[derive(Debug, Clone)]
pub(crate) struct ErrorVariant {
    pub(crate) rust: String,
    pub(crate) ty: TypeRef,
    /// Whether `ty` is a struct that implements `ErrorBody` (its fields are read by name).
    pub(crate) has_fields: bool,
}
