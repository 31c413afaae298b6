//! The IR of operations: their paths and parameters, the parameters struct, security schemes
//! and how a client obtains its token.

use super::{Alternative, Body, ErrorCase, Field, Response, TypeRef};

#[derive(Debug)]
pub(crate) struct Operation {
    pub(crate) id: String,
    pub(crate) method_name: String,
    /// Upper case, e.g. `POST`.
    pub(crate) http_method: String,
    pub(crate) path: PathTemplate,
    /// The summary and description; empty if the spec gives neither.
    pub(crate) doc: String,
    /// In the order they appear in the path.
    pub(crate) path_params: Vec<Field>,
    /// The struct bundling query, header and cookie parameters, if there are any.
    pub(crate) params: Option<ParamsStruct>,
    pub(crate) body: Option<Body>,
    pub(crate) response: Response,
    /// The `Accept` header, when it is not `application/json`.
    pub(crate) accept: Option<String>,
    /// The same operation with another request media type, each a method of its own.
    pub(crate) alternatives: Vec<Alternative>,
    /// The error body each documented error status has, by status as the spec writes it
    /// (`404`, `4XX`, `default`).
    pub(crate) errors: Vec<ErrorCase>,
    /// The documented 2XX statuses, as the spec writes them (`200`, `2XX`), in its order. The
    /// client takes any 2XX as success; the server's choice among them is still the API's.
    pub(crate) success_statuses: Vec<String>,
    /// The security requirements, any one of which suffices; each names the schemes whose
    /// credentials are sent together. Empty: no authentication; an empty requirement makes
    /// authentication optional.
    pub(crate) security: Vec<Vec<String>>,
    /// GET, HEAD, OPTIONS, or marked `x-idempotent`: safe to send again.
    pub(crate) idempotent: bool,
    /// `deprecated: true`.
    pub(crate) deprecated: bool,
    /// The operation's `tags`, as the spec writes them, in its order: each is a cargo feature
    /// of the generated crate (see [`super::features`]).
    pub(crate) tags: Vec<String>,
    /// How it pages (`x-pagination`), for a list the client can walk to its end.
    pub(crate) pagination: Option<super::Pagination>,
}

/// A path template, parsed once: `/customers/{id}` is a literal and a parameter.
#[derive(Debug)]
pub(crate) struct PathTemplate {
    /// As the spec writes it, e.g. `/customers/{id}`.
    pub(crate) template: String,
    pub(crate) segments: Vec<PathSegment>,
}

#[derive(Debug, PartialEq, Eq)]
pub(crate) enum PathSegment {
    /// Text sent as it is.
    Literal(String),
    /// A path parameter, percent-encoded so that it stays within its segment.
    Param(PathParam),
}

/// A path parameter's place in the template.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct PathParam {
    pub(crate) rust: String,
    pub(crate) wire: String,
    pub(crate) layout: Layout,
}

/// How a parameter's value is written on the wire: what it is, and its `style` and `explode`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Layout {
    pub(crate) value: ParamValue,
    pub(crate) style: Style,
    pub(crate) explode: bool,
    /// `allowReserved` (query only): RFC 3986's reserved characters are sent unencoded.
    pub(crate) allow_reserved: bool,
}

impl Layout {
    /// A single value in the location's default style: what needs no layout at all.
    pub(crate) fn is_plain(&self) -> bool {
        self.value == ParamValue::Display
            && matches!(self.style, Style::Form | Style::Simple)
            && !self.allow_reserved
    }
}

/// What a parameter's value is, for writing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ParamValue {
    /// A single value written by its `Display` (a string, number, boolean, enum).
    Display,
    /// A date-time, written as RFC 3339.
    DateTime,
    /// A date or time in a vendor format (`format: date` too).
    Temporal(crate::temporal::TemporalFormat),
    /// An array of single values.
    Array,
    /// An object whose properties are single values.
    Object,
    /// Any value as JSON text (`content: application/json`).
    Json,
    /// A value whose shape is known only when it is sent (any JSON value, or a type that may
    /// be one of several shapes): laid out as it serializes.
    Any,
}

/// An OpenAPI parameter `style`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
    Simple,
    Label,
    Matrix,
}

/// The struct that bundles an operation's query, header and cookie parameters.
#[derive(Debug)]
pub(crate) struct ParamsStruct {
    pub(crate) type_name: String,
    /// Each field of the struct, with where it is sent.
    pub(crate) params: Vec<SentParam>,
}

/// A query, header or cookie parameter: a field of the parameters struct.
#[derive(Debug)]
pub(crate) struct SentParam {
    pub(crate) rust: String,
    pub(crate) wire: String,
    /// Its name in the parameters struct's serialized form: the wire name, unless another
    /// parameter in another location has that name too.
    pub(crate) key: String,
    pub(crate) required: bool,
    pub(crate) location: ParamLocation,
    pub(crate) layout: Layout,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ParamLocation {
    Query,
    Header,
    Cookie,
}

#[derive(Debug)]
pub(crate) struct SecurityScheme {
    pub(crate) name: String,
    pub(crate) setter: String,
    /// The client's private method that makes a token fetcher, for a managed bearer token.
    pub(crate) fetcher: String,
    pub(crate) doc: String,
    pub(crate) kind: SecurityKind,
}

#[derive(Debug)]
pub(crate) enum SecurityKind {
    /// `Authorization: Bearer <token>`: HTTP bearer, OAuth 2 or OpenID Connect.
    Bearer {
        /// How the client fetches the token itself (`x-token`), if it does.
        token: Option<Box<TokenSource>>,
        /// OAuth 2 and OpenID Connect: the client's method that takes a token source, and
        /// what the spec says about obtaining a token.
        source: Option<TokenSourceSetter>,
    },
    ApiKey {
        location: KeyLocation,
        /// The header, query parameter or cookie that carries the key.
        name: String,
        /// The `x-credentials` entry (Rust name) it sends, if declared.
        credential: Option<String>,
    },
    /// HTTP basic: a user and password.
    Basic,
}

/// Where an API key is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyLocation {
    Header,
    Query,
    Cookie,
}

/// The setter of a scheme whose tokens come from elsewhere (an OAuth 2 or OpenID Connect
/// provider), which takes a source the client asks for tokens.
#[derive(Debug)]
pub(crate) struct TokenSourceSetter {
    pub(crate) setter: String,
    /// How the spec says tokens are obtained: flows and their URLs, or the discovery URL.
    pub(crate) how: String,
}

/// How the client obtains a bearer token itself (`x-token`).
#[derive(Debug)]
pub(crate) struct TokenSource {
    /// The token operation's method name.
    pub(crate) method: String,
    /// Its request body type.
    pub(crate) body_type: String,
    /// Every field of the request body, in order, and the credential that fills it, if any.
    pub(crate) body_fields: Vec<TokenInput>,
    /// The response field holding the token (a string or secret).
    pub(crate) token: ResponseField,
    /// The response field holding the expiry (an integer), and its unit.
    pub(crate) expiry: Option<(ResponseField, ExpiryUnit)>,
}

/// A field of the token request body.
#[derive(Debug)]
pub(crate) struct TokenInput {
    pub(crate) rust: String,
    pub(crate) required: bool,
    /// The credential (Rust name) it is filled from; `None` leaves an optional field empty.
    pub(crate) credential: Option<String>,
}

/// A field of a response struct that the client reads.
#[derive(Debug, Clone)]
pub(crate) struct ResponseField {
    pub(crate) rust: String,
    /// Its name on the wire.
    pub(crate) wire: String,
    pub(crate) required: bool,
    pub(crate) ty: TypeRef,
}

/// How a token's expiry is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ExpiryUnit {
    EpochMillis,
    EpochSeconds,
    Seconds,
}
