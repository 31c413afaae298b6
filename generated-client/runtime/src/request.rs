//! One request, as a generated method describes it: path, parameters, body, what it accepts.
//! It is built by name: `Request::get(id, template).path(…).security(…).idempotent()`.

use super::body::{Encoded, Part};
use super::params::{self, ParamValue, Style};
use reqwest::{Method, StatusCode};
use serde::Serialize;
use std::borrow::Cow;
use std::fmt;

/// One request, as a generated method describes it.
pub struct Request {
    pub(crate) operation_id: &'static str,
    pub(crate) method: Method,
    pub(crate) path_template: &'static str,
    pub(crate) path: Cow<'static, str>,
    /// `name=value` pairs, already percent-encoded.
    pub(crate) query: Vec<String>,
    pub(crate) headers: Vec<(&'static str, String)>,
    /// `name=value` pairs of the `Cookie` header, already encoded.
    pub(crate) cookies: Vec<String>,
    pub(crate) body: Option<Result<Encoded, serde_json::Error>>,
    pub(crate) accept: Option<&'static str>,
    pub(crate) error_schemas: &'static [(&'static str, &'static str)],
    pub(crate) security: Security,
    pub(crate) idempotent: bool,
}

/// Which security schemes a request may carry: OpenAPI's list of requirements, any one of
/// which suffices, each naming schemes that are all sent together.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Security {
    /// One requirement (or none): its schemes whose credentials are set.
    One(&'static [&'static str]),
    /// Alternatives, in the spec's order; an empty one means no credentials are needed.
    Any(&'static [&'static [&'static str]]),
}

impl Security {
    /// The schemes to send: the first alternative that names schemes and whose credentials
    /// are all set; else none if an alternative needs none (`{}`: optional authentication is
    /// still sent when the caller set it); else the first alternative with any credential set,
    /// so that the server, not the client, says what is missing.
    pub(crate) fn chosen(self, is_set: impl Fn(&str) -> bool) -> &'static [&'static str] {
        let alternatives = match self {
            Security::One(schemes) => return schemes,
            Security::Any(alternatives) => alternatives,
        };
        let complete =
            |schemes: &&&[&str]| !schemes.is_empty() && schemes.iter().all(|s| is_set(s));
        let partial = |schemes: &&&[&str]| schemes.iter().any(|s| is_set(s));
        if let Some(schemes) = alternatives.iter().find(complete) {
            return schemes;
        }
        if alternatives.iter().any(|schemes| schemes.is_empty()) {
            return &[];
        }
        alternatives.iter().find(partial).copied().unwrap_or(&[])
    }
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The path, query and body may hold personal data; only the shape is shown.
        f.debug_struct("Request")
            .field("operation_id", &self.operation_id)
            .field("method", &self.method)
            .field("path_template", &self.path_template)
            .finish_non_exhaustive()
    }
}

/// The constructors of a request for each HTTP method OpenAPI names.
macro_rules! method_constructors {
    ($($name:ident => $method:ident),* $(,)?) => {
        $(
            #[doc = concat!("A `", stringify!($method), "` request for the operation `operation_id`, ")]
            #[doc = "whose path template is `template`. The path sent is the template, until"]
            #[doc = "[`Self::path`] gives it with its parameters filled in."]
            pub fn $name(operation_id: &'static str, template: &'static str) -> Self {
                Self::with_method(Method::$method, operation_id, template)
            }
        )*
    };
}

impl Request {
    method_constructors!(
        get => GET,
        put => PUT,
        post => POST,
        delete => DELETE,
        options => OPTIONS,
        head => HEAD,
        patch => PATCH,
        trace => TRACE,
    );

    fn with_method(method: Method, operation_id: &'static str, template: &'static str) -> Self {
        Self {
            operation_id,
            method,
            path_template: template,
            path: Cow::Borrowed(template),
            query: Vec::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            body: None,
            accept: None,
            error_schemas: &[],
            security: Security::One(&[]),
            idempotent: false,
        }
    }

    /// The path to send: the template with each parameter's value percent-encoded, so that it
    /// stays within its segment.
    #[must_use]
    pub fn path(mut self, path: String) -> Self {
        self.path = Cow::Owned(path);
        self
    }

    /// Carries the credentials of these security schemes (the operation's one requirement)
    /// that are set. Without it, a request carries none.
    #[must_use]
    pub fn security(mut self, schemes: &'static [&'static str]) -> Self {
        self.security = Security::One(schemes);
        self
    }

    /// Security alternatives, any one of which suffices: the request carries the first whose
    /// credentials are all set. An empty alternative needs none.
    #[must_use]
    pub fn security_alternatives(
        mut self,
        alternatives: &'static [&'static [&'static str]],
    ) -> Self {
        self.security = Security::Any(alternatives);
        self
    }

    /// Allows the request to be sent more than once (after a transport failure or a transient
    /// status, as the retry policy says). Without it, a request is sent once.
    #[must_use]
    pub fn idempotent(mut self) -> Self {
        self.idempotent = true;
        self
    }

    /// The operation's id in the spec.
    pub fn operation_id(&self) -> &'static str {
        self.operation_id
    }

    /// Adds a query parameter, if it has a value.
    #[must_use]
    pub fn query<T: fmt::Display + ?Sized>(
        mut self,
        name: &'static str,
        value: Option<&T>,
    ) -> Self {
        if let Some(value) = value {
            let value = ParamValue::display(value);
            self.query
                .extend(params::query_pairs(name, &value, Style::Form, true, false));
        }
        self
    }

    /// Adds a query parameter laid out in `style`, if it has a value. `allow_reserved` leaves
    /// RFC 3986's reserved characters unencoded.
    #[must_use]
    pub fn query_param(
        mut self,
        name: &'static str,
        value: Option<ParamValue>,
        style: Style,
        explode: bool,
        allow_reserved: bool,
    ) -> Self {
        if let Some(value) = value {
            self.query.extend(params::query_pairs(
                name,
                &value,
                style,
                explode,
                allow_reserved,
            ));
        }
        self
    }

    /// Adds a header parameter, if it has a value.
    #[must_use]
    pub fn header<T: fmt::Display + ?Sized>(
        mut self,
        name: &'static str,
        value: Option<&T>,
    ) -> Self {
        if let Some(value) = value {
            self.headers.push((name, value.to_string()));
        }
        self
    }

    /// Adds a header parameter in `simple` style, if it has a value.
    #[must_use]
    pub fn header_param(
        mut self,
        name: &'static str,
        value: Option<ParamValue>,
        explode: bool,
    ) -> Self {
        if let Some(value) = value {
            self.headers
                .push((name, params::header_value(&value, explode)));
        }
        self
    }

    /// Adds a cookie parameter in `form` style, if it has a value.
    #[must_use]
    pub fn cookie_param(mut self, name: &'static str, value: Option<ParamValue>) -> Self {
        if let Some(value) = value {
            self.cookies.push(params::cookie_pair(name, &value));
        }
        self
    }

    /// Sets a JSON body, sent as `application/json`.
    #[must_use]
    pub fn json<T: Serialize + ?Sized>(self, body: &T) -> Self {
        self.json_as("application/json", body)
    }

    /// Sets a JSON body, sent as `content_type` (e.g. `application/merge-patch+json`).
    #[must_use]
    pub fn json_as<T: Serialize + ?Sized>(mut self, content_type: &str, body: &T) -> Self {
        self.body = Some(Encoded::json(content_type, body));
        self
    }

    /// Sets an `application/x-www-form-urlencoded` body: the properties named in `fields`, in
    /// that order (every property if `fields` is empty), as OpenAPI encodes forms by default.
    #[must_use]
    pub fn form<T: Serialize + ?Sized>(
        mut self,
        content_type: &str,
        body: &T,
        fields: &[&str],
    ) -> Self {
        self.body = Some(super::body::form(content_type, body, fields));
        self
    }

    /// Sets a `multipart/form-data` body of these parts, in order.
    #[must_use]
    pub fn multipart<T: Serialize + ?Sized>(mut self, body: &T, parts: &[Part<'_>]) -> Self {
        self.body = Some(super::body::multipart(body, parts));
        self
    }

    /// Sets a body sent as it is: bytes, or text as UTF-8.
    #[must_use]
    pub fn raw(mut self, content_type: &str, body: impl AsRef<[u8]>) -> Self {
        self.body = Some(Ok(Encoded::raw(content_type, body.as_ref())));
        self
    }

    /// Sets the `Accept` header, when the success body is not JSON.
    #[must_use]
    pub fn accept(mut self, media_types: &'static str) -> Self {
        self.accept = Some(media_types);
        self
    }

    /// Names the error schema of each error status the operation documents, as the spec writes
    /// the status (`404`, `4XX`, `default`), for an API whose error schemas differ.
    #[must_use]
    pub fn error_schemas(mut self, schemas: &'static [(&'static str, &'static str)]) -> Self {
        self.error_schemas = schemas;
        self
    }

    /// The error schema of a `status` answer: its own, its range's (`4XX`), or the default.
    pub(crate) fn error_schema(&self, status: StatusCode) -> Option<&'static str> {
        let code = status.as_u16().to_string();
        let range = format!("{}XX", code.chars().next().unwrap_or('0'));
        [code.as_str(), range.as_str(), "default"]
            .into_iter()
            .find_map(|key| {
                self.error_schemas
                    .iter()
                    .find(|(status, _)| status.eq_ignore_ascii_case(key))
                    .map(|(_, schema)| *schema)
            })
    }
}
