//! Sending a request and decoding the answer.

use super::{BuildError, Envelope, Error};
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderValue};
use reqwest::{Method, StatusCode};
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

/// How much of an unexpected body an error keeps.
const BODY_SNIPPET: usize = 2048;

/// A credential for one security scheme. `Debug` shows `[REDACTED]`, never the secret.
#[derive(Clone, Debug)]
pub enum Credential {
    /// Sent as `Authorization: Bearer <token>`.
    Bearer(SecretString),
    /// Sent as the named header.
    Header {
        /// The header name.
        name: &'static str,
        /// The secret value.
        value: SecretString,
    },
}

/// What every generated client holds: the HTTP client, the base URL and the credentials.
#[derive(Clone, Debug)]
pub struct ClientCore {
    http: reqwest::Client,
    base_url: String,
    credentials: BTreeMap<&'static str, Credential>,
}

impl ClientCore {
    /// A core sending to `base_url`; without `http`, a client with timeouts and a user agent
    /// naming this crate is built.
    pub fn new(base_url: &str, http: Option<reqwest::Client>) -> Result<Self, BuildError> {
        let refuse = |reason: &str| BuildError::BaseUrl {
            url: base_url.to_owned(),
            reason: reason.to_owned(),
        };
        let url = reqwest::Url::parse(base_url).map_err(|e| refuse(&e.to_string()))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(refuse("the scheme must be http or https"));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(refuse("a base URL has no query or fragment"));
        }
        let http = match http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .user_agent(concat!(
                    env!("CARGO_PKG_NAME"),
                    "/",
                    env!("CARGO_PKG_VERSION")
                ))
                .connect_timeout(Duration::from_secs(10))
                .timeout(Duration::from_secs(30))
                .build()
                .map_err(BuildError::Http)?,
        };
        Ok(Self {
            http,
            base_url: base_url.trim_end_matches('/').to_owned(),
            credentials: BTreeMap::new(),
        })
    }

    /// The base URL, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Sets the credential of the security scheme `scheme`.
    pub fn set_credential(&mut self, scheme: &'static str, credential: Credential) {
        self.credentials.insert(scheme, credential);
    }

    async fn execute<E: DeserializeOwned>(
        &self,
        request: Request,
    ) -> Result<(StatusCode, Vec<u8>), Error<E>> {
        let url = format!("{}{}", self.base_url, request.path);
        let mut builder = self
            .http
            .request(request.method, url)
            .header(ACCEPT, HeaderValue::from_static("application/json"));
        if !request.query.is_empty() {
            builder = builder.query(&request.query);
        }
        for (name, value) in &request.headers {
            builder = builder.header(*name, value);
        }
        for scheme in request.security {
            match self.credentials.get(scheme) {
                Some(Credential::Bearer(token)) => {
                    let mut value =
                        HeaderValue::try_from(format!("Bearer {}", token.expose_secret()))
                            .map_err(|_| invalid_credential(scheme))?;
                    value.set_sensitive(true);
                    builder = builder.header(AUTHORIZATION, value);
                }
                Some(Credential::Header { name, value }) => {
                    let mut value = HeaderValue::try_from(value.expose_secret())
                        .map_err(|_| invalid_credential(scheme))?;
                    value.set_sensitive(true);
                    builder = builder.header(*name, value);
                }
                None => {}
            }
        }
        if let Some(body) = request.body {
            let body = body.map_err(Error::Encode)?;
            builder = builder
                .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
                .body(body);
        }
        let response = builder.send().await.map_err(Error::Transport)?;
        let status = response.status();
        let bytes = response.bytes().await.map_err(Error::Transport)?;
        if !status.is_success() {
            return Err(Error::Status {
                status,
                error: serde_json::from_slice(&bytes).ok(),
                body: snippet(&bytes),
            });
        }
        Ok((status, bytes.to_vec()))
    }

    /// Sends `request`; a 2XX body decodes as `T`.
    pub async fn send_plain<T: DeserializeOwned, E: DeserializeOwned>(
        &self,
        request: Request,
    ) -> Result<T, Error<E>> {
        let (status, bytes) = self.execute(request).await?;
        decode(status, &bytes)
    }

    /// Sends `request`; a 2XX body decodes as the envelope `V`, whose payload is the result
    /// unless it carries an error.
    pub async fn send_enveloped<V>(&self, request: Request) -> Result<V::Payload, Error<V::Error>>
    where
        V: Envelope + DeserializeOwned,
        V::Error: DeserializeOwned,
    {
        let (status, bytes) = self.execute(request).await?;
        let envelope: V = decode(status, &bytes)?;
        match envelope.into_parts() {
            (_, Some(error)) => Err(Error::Business { status, error }),
            (Some(payload), None) => Ok(payload),
            (None, None) => Err(Error::Decode {
                status,
                path: String::new(),
                source: serde::de::Error::custom(
                    "the envelope carries neither a payload nor an error",
                ),
                body: snippet(&bytes),
            }),
        }
    }

    /// Sends `request`; a 2XX body is ignored.
    pub async fn send_unit<E: DeserializeOwned>(&self, request: Request) -> Result<(), Error<E>> {
        self.execute(request).await.map(|_| ())
    }
}

fn invalid_credential<E>(scheme: &str) -> Error<E> {
    Error::Invalid(
        vec![super::Violation::new(
            scheme,
            "the credential holds characters that cannot be sent in an HTTP header",
        )]
        .into(),
    )
}

fn decode<T: DeserializeOwned, E>(status: StatusCode, bytes: &[u8]) -> Result<T, Error<E>> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let fail = |path: String, source| Error::Decode {
        status,
        path,
        source,
        body: snippet(bytes),
    };
    let value = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|error| fail(error.path().to_string(), error.into_inner()))?;
    deserializer
        .end()
        .map_err(|error| fail(String::new(), error))?;
    Ok(value)
}

fn snippet(bytes: &[u8]) -> String {
    let cut = &bytes[..bytes.len().min(BODY_SNIPPET)];
    String::from_utf8_lossy(cut).into_owned()
}

/// One request, as a generated method describes it.
pub struct Request {
    operation_id: &'static str,
    method: Method,
    path: String,
    query: Vec<(&'static str, String)>,
    headers: Vec<(&'static str, String)>,
    body: Option<Result<Vec<u8>, serde_json::Error>>,
    security: &'static [&'static str],
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The path, query and body may hold personal data; only the shape is shown.
        f.debug_struct("Request")
            .field("operation_id", &self.operation_id)
            .field("method", &self.method)
            .finish_non_exhaustive()
    }
}

impl Request {
    /// A request for the operation `operation_id` to `path` (already percent-encoded),
    /// carrying the credentials of the `security` schemes that are set.
    pub fn new(
        operation_id: &'static str,
        method: Method,
        path: String,
        security: &'static [&'static str],
    ) -> Self {
        Self {
            operation_id,
            method,
            path,
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            security,
        }
    }

    /// The operation's id in the spec.
    pub fn operation_id(&self) -> &'static str {
        self.operation_id
    }

    /// Adds a query parameter, if it has a value.
    pub fn query<T: fmt::Display + ?Sized>(&mut self, name: &'static str, value: Option<&T>) {
        if let Some(value) = value {
            self.query.push((name, value.to_string()));
        }
    }

    /// Adds a header parameter, if it has a value.
    pub fn header<T: fmt::Display + ?Sized>(&mut self, name: &'static str, value: Option<&T>) {
        if let Some(value) = value {
            self.headers.push((name, value.to_string()));
        }
    }

    /// Sets a JSON body.
    pub fn json<T: Serialize + ?Sized>(&mut self, body: &T) {
        self.body = Some(serde_json::to_vec(body));
    }
}
