//! One request, as a generated method describes it: path, parameters, body, what it accepts.

use super::body::{Encoded, Part};
use super::params::{self, ParamValue, Style};
use reqwest::{Method, StatusCode};
use serde::Serialize;
use std::fmt;

/// One request, as a generated method describes it.
pub struct Request {
    pub(crate) operation_id: &'static str,
    pub(crate) method: Method,
    pub(crate) path_template: &'static str,
    pub(crate) path: String,
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

impl Request {
    /// A request for the operation `operation_id` to `path` (the template `path_template` with
    /// its parameters percent-encoded), carrying the credentials of the `security` schemes that
    /// are set. Only an `idempotent` request is ever sent more than once.
    pub fn new(
        operation_id: &'static str,
        method: Method,
        path_template: &'static str,
        path: String,
        security: &'static [&'static str],
        idempotent: bool,
    ) -> Self {
        Self {
            operation_id,
            method,
            path_template,
            path,
            query: Vec::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            body: None,
            accept: None,
            error_schemas: &[],
            security: Security::One(security),
            idempotent,
        }
    }

    /// Replaces the security schemes with alternatives, any one of which suffices: the request
    /// carries the first whose credentials are all set. An empty alternative needs none.
    pub fn security_alternatives(&mut self, alternatives: &'static [&'static [&'static str]]) {
        self.security = Security::Any(alternatives);
    }

    /// The operation's id in the spec.
    pub fn operation_id(&self) -> &'static str {
        self.operation_id
    }

    /// Adds a query parameter, if it has a value.
    pub fn query<T: fmt::Display + ?Sized>(&mut self, name: &'static str, value: Option<&T>) {
        if let Some(value) = value {
            let value = ParamValue::display(value);
            self.query
                .extend(params::query_pairs(name, &value, Style::Form, true, false));
        }
    }

    /// Adds a query parameter laid out in `style`, if it has a value. `allow_reserved` leaves
    /// RFC 3986's reserved characters unencoded.
    pub fn query_param(
        &mut self,
        name: &'static str,
        value: Option<ParamValue>,
        style: Style,
        explode: bool,
        allow_reserved: bool,
    ) {
        if let Some(value) = value {
            self.query.extend(params::query_pairs(
                name,
                &value,
                style,
                explode,
                allow_reserved,
            ));
        }
    }

    /// Adds a header parameter, if it has a value.
    pub fn header<T: fmt::Display + ?Sized>(&mut self, name: &'static str, value: Option<&T>) {
        if let Some(value) = value {
            self.headers.push((name, value.to_string()));
        }
    }

    /// Adds a header parameter in `simple` style, if it has a value.
    pub fn header_param(&mut self, name: &'static str, value: Option<ParamValue>, explode: bool) {
        if let Some(value) = value {
            self.headers
                .push((name, params::header_value(&value, explode)));
        }
    }

    /// Adds a cookie parameter in `form` style, if it has a value.
    pub fn cookie_param(&mut self, name: &'static str, value: Option<ParamValue>) {
        if let Some(value) = value {
            self.cookies.push(params::cookie_pair(name, &value));
        }
    }

    /// Sets a JSON body, sent as `application/json`.
    pub fn json<T: Serialize + ?Sized>(&mut self, body: &T) {
        self.json_as("application/json", body);
    }

    /// Sets a JSON body, sent as `content_type` (e.g. `application/merge-patch+json`).
    pub fn json_as<T: Serialize + ?Sized>(&mut self, content_type: &str, body: &T) {
        self.body = Some(Encoded::json(content_type, body));
    }

    /// Sets an `application/x-www-form-urlencoded` body: the properties named in `fields`, in
    /// that order (every property if `fields` is empty), as OpenAPI encodes forms by default.
    pub fn form<T: Serialize + ?Sized>(&mut self, content_type: &str, body: &T, fields: &[&str]) {
        self.body = Some(super::body::form(content_type, body, fields));
    }

    /// Sets a `multipart/form-data` body of these parts, in order.
    pub fn multipart<T: Serialize + ?Sized>(&mut self, body: &T, parts: &[Part<'_>]) {
        self.body = Some(super::body::multipart(body, parts));
    }

    /// Sets a body sent as it is: bytes, or text as UTF-8.
    pub fn raw(&mut self, content_type: &str, body: impl AsRef<[u8]>) {
        self.body = Some(Ok(Encoded::raw(content_type, body.as_ref())));
    }

    /// Sets the `Accept` header, when the success body is not JSON.
    pub fn accept(&mut self, media_types: &'static str) {
        self.accept = Some(media_types);
    }

    /// Names the error schema of each error status the operation documents, as the spec writes
    /// the status (`404`, `4XX`, `default`), for an API whose error schemas differ.
    pub fn error_schemas(&mut self, schemas: &'static [(&'static str, &'static str)]) {
        self.error_schemas = schemas;
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
