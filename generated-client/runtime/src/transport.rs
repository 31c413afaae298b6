//! Sending a request: credentials, timeouts, retries where they are safe, tracing, decoding.

use super::auth::{TokenCache, TokenFetcher};
use super::body::{BodyError, Encoded, FromStatus};
use super::error::{ErrorBodies, ErrorDetails, ErrorTexts, RawBody};
use super::params::{self, ParamValue, Style};
use super::request::Request;
use super::retry::{RetryPolicy, retry_after};
use super::{AuthError, BuildError, Error, FreshToken, Secret, Violation};
use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, COOKIE, HeaderValue};
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tracing::Instrument;

/// Timeouts, retries and token refresh of a client.
#[derive(Clone, Debug)]
pub struct Config {
    /// How long to wait for a connection (applies when the client builds its own HTTP client).
    pub connect_timeout: Duration,
    /// How long a whole request may take, per attempt.
    pub request_timeout: Duration,
    /// When and how often a failed call is sent again.
    pub retry: RetryPolicy,
    /// How long before a token expires it is replaced (at most half its life).
    pub token_refresh_margin: Duration,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            retry: RetryPolicy::default(),
            token_refresh_margin: Duration::from_secs(60),
        }
    }
}

/// A credential for one security scheme. `Debug` never shows a secret.
#[derive(Clone, Debug)]
pub enum Credential {
    /// A fixed token, sent as `Authorization: Bearer <token>`.
    Bearer(Secret),
    /// A token the client fetches and refreshes itself, sent as `Authorization: Bearer`.
    Token(Arc<TokenCache>),
    /// A value sent as the named header.
    Header {
        /// The header name.
        name: &'static str,
        /// The secret value.
        value: Secret,
    },
    /// A value sent as the named query parameter.
    Query {
        /// The query parameter's name.
        name: &'static str,
        /// The secret value.
        value: Secret,
    },
    /// A value sent as the named cookie.
    Cookie {
        /// The cookie's name.
        name: &'static str,
        /// The secret value.
        value: Secret,
    },
    /// A user and password, sent as `Authorization: Basic …`.
    Basic {
        /// The user name.
        user: Secret,
        /// The password.
        password: Secret,
    },
}

/// What every generated client holds: the HTTP client, the base URL, the credentials and the
/// configuration. Cloning is cheap and shares the token cache.
#[derive(Clone, Debug)]
pub struct ClientCore {
    http: reqwest::Client,
    base_url: Arc<str>,
    credentials: Arc<BTreeMap<&'static str, Credential>>,
    config: Arc<Config>,
    request_timeout: Duration,
}

impl ClientCore {
    /// A core sending to `base_url`. Without `http`, it builds an HTTP client with the
    /// configured connect timeout, a user agent naming this crate and its version, and no
    /// redirects. A client passed in should not follow redirects either: a redirect to
    /// another host would carry the credential headers there.
    pub fn new(
        base_url: &str,
        http: Option<reqwest::Client>,
        config: Config,
    ) -> Result<Self, BuildError> {
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
                .connect_timeout(config.connect_timeout)
                // A redirect would carry the credentials headers (and a token request's keys)
                // to wherever it points; an API client has no reason to follow one.
                .redirect(reqwest::redirect::Policy::none())
                .referer(false)
                .build()
                .map_err(BuildError::Http)?,
        };
        Ok(Self {
            http,
            base_url: base_url.trim_end_matches('/').into(),
            credentials: Arc::new(BTreeMap::new()),
            request_timeout: config.request_timeout,
            config: Arc::new(config),
        })
    }

    /// The base URL, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The configuration the core was built with.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The same core with another per-attempt request timeout; it shares the token cache.
    pub fn with_request_timeout(&self, timeout: Duration) -> Self {
        let mut core = self.clone();
        core.request_timeout = timeout;
        core
    }

    /// Sets the credential of the security scheme `scheme`.
    pub fn set_credential(&mut self, scheme: &'static str, credential: Credential) {
        Arc::make_mut(&mut self.credentials).insert(scheme, credential);
    }

    /// Makes the client fetch, cache and refresh the token of the bearer scheme `scheme`.
    pub fn set_token_fetcher(&mut self, scheme: &'static str, fetcher: TokenFetcher) {
        let cache = TokenCache::new(fetcher, self.config.token_refresh_margin);
        self.set_credential(scheme, Credential::Token(Arc::new(cache)));
    }

    /// Makes the client ask `source` for the token of the bearer scheme `scheme` (an OAuth 2
    /// or OpenID Connect access token), caching it until shortly before it expires, sharing one
    /// call among concurrent requests, and asking again once if the server answers 401.
    pub fn set_token_source<F, Fut>(&mut self, scheme: &'static str, source: F)
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: std::future::Future<Output = Result<FreshToken, AuthError>> + Send + 'static,
    {
        let fetcher: TokenFetcher = Arc::new(move |_core| {
            let future: super::TokenFuture = Box::pin(source());
            future
        });
        self.set_token_fetcher(scheme, fetcher);
    }

    /// Sends `request` until it succeeds, fails for good, or runs out of safe retries.
    ///
    /// Not generic, and boxed: the whole send path (credentials, retries, tracing, HTTP) is
    /// compiled once, here, rather than again in every generated crate for every response type.
    pub fn execute(&self, request: Request) -> BoxFuture<'_, Result<Answer, Failure>> {
        Box::pin(self.execute_inner(request))
    }

    async fn execute_inner(&self, mut request: Request) -> Result<Answer, Failure> {
        let body = match request.body.take() {
            Some(Ok(body)) => Some(body),
            Some(Err(error)) => return Err(Failure::Encode(error)),
            None => None,
        };
        let policy = &self.config.retry;
        let mut attempt = 0;
        let mut retries = 0;
        let mut refreshed = false;
        loop {
            attempt += 1;
            let span = tracing::info_span!(
                "request",
                operation = request.operation_id,
                method = %request.method,
                path = request.path_template,
                attempt,
                status = tracing::field::Empty,
                elapsed_ms = tracing::field::Empty,
            );
            let started = Instant::now();
            let outcome = self
                .send_once(&request, body.as_ref())
                .instrument(span.clone())
                .await;
            span.record("elapsed_ms", started.elapsed().as_millis() as u64);
            let may_retry = request.idempotent && retries + 1 < policy.max_attempts;
            match outcome {
                Err(Attempt::Refused(error)) => return Err(Failure::Refused(error)),
                Err(Attempt::Transport(source)) => {
                    let retry_safe = source.is_connect() || request.idempotent;
                    if may_retry {
                        retries += 1;
                        let delay = policy.backoff(retries);
                        span.in_scope(|| tracing::info!(?delay, "transport failure; retrying"));
                        tokio::time::sleep(delay).await;
                        continue;
                    }
                    return Err(Failure::Transport {
                        source: source.without_url(),
                        retry_safe,
                    });
                }
                Ok(sent) => {
                    span.record("status", sent.status.as_u16());
                    if sent.status == StatusCode::UNAUTHORIZED
                        && !refreshed
                        && let Some((cache, generation)) = &sent.token
                    {
                        // The token may have expired early or been revoked: fetch a new one
                        // and send the call once more. A second 401 is final.
                        cache.invalidate(*generation).await;
                        refreshed = true;
                        continue;
                    }
                    if sent.status.is_success() {
                        return Ok(Answer {
                            status: sent.status,
                            body: sent.body,
                        });
                    }
                    let transient = matches!(sent.status.as_u16(), 429 | 502 | 503 | 504);
                    if transient
                        && may_retry
                        && let Some(delay) = policy.delay(retries + 1, sent.retry_after)
                    {
                        retries += 1;
                        span.in_scope(|| tracing::info!(?delay, "transient status; retrying"));
                        tokio::time::sleep(delay).await;
                        continue;
                    }
                    let retry_safe = sent.status == StatusCode::TOO_MANY_REQUESTS
                        || (transient && request.idempotent);
                    return Err(Failure::Status {
                        status: sent.status,
                        schema: request.error_schema(sent.status),
                        body: sent.body,
                        retry_safe,
                        retry_after: sent.retry_after,
                    });
                }
            }
        }
    }

    async fn send_once(&self, request: &Request, body: Option<&Encoded>) -> Result<Sent, Attempt> {
        let schemes = request
            .security
            .chosen(|scheme| self.credentials.contains_key(scheme));
        // The credentials' query pairs and cookies, sent after the request's own (which are
        // read in place, not copied, on each attempt).
        let mut query = Vec::new();
        let mut cookies = Vec::new();
        let mut secret_cookie = false;
        let mut headers = Vec::new();
        let mut token = None;
        for scheme in schemes {
            match self.credentials.get(scheme) {
                None => {}
                Some(Credential::Bearer(secret)) => {
                    headers.push((AUTHORIZATION.as_str(), bearer(secret, scheme)?));
                }
                Some(Credential::Token(cache)) => {
                    let (secret, generation) = cache.token(self).await.map_err(Attempt::auth)?;
                    token = Some((Arc::clone(cache), generation));
                    headers.push((AUTHORIZATION.as_str(), bearer(&secret, scheme)?));
                }
                Some(Credential::Header { name, value }) => {
                    headers.push((*name, sensitive(value.expose().to_owned(), scheme)?));
                }
                Some(Credential::Basic { user, password }) => {
                    let value = basic(user.expose(), password.expose());
                    headers.push((AUTHORIZATION.as_str(), sensitive(value, scheme)?));
                }
                Some(Credential::Query { name, value }) => {
                    let value = ParamValue::Scalar(value.expose().to_owned());
                    query.extend(params::query_pairs(name, &value, Style::Form, true, false));
                }
                Some(Credential::Cookie { name, value }) => {
                    let value = ParamValue::Scalar(value.expose().to_owned());
                    cookies.push(params::cookie_pair(name, &value));
                    secret_cookie = true;
                }
            }
        }
        let mut url = format!("{}{}", self.base_url, request.path);
        for (i, pair) in request.query.iter().chain(&query).enumerate() {
            url.push(if i == 0 { '?' } else { '&' });
            url.push_str(pair);
        }
        let mut builder = self
            .http
            .request(request.method.clone(), url)
            .timeout(self.request_timeout)
            .header(
                ACCEPT,
                HeaderValue::from_static(request.accept.unwrap_or("application/json")),
            );
        for (name, value) in &request.headers {
            // A value that cannot be a header (a line break, say) is the caller's input, not
            // a transport failure: refuse it instead of letting the send fail and be retried.
            let value = HeaderValue::try_from(value.as_str())
                .map_err(|_| Attempt::Refused(Refusal(RefusalKind::Header(name))))?;
            builder = builder.header(*name, value);
        }
        if !request.cookies.is_empty() || !cookies.is_empty() {
            let all: Vec<&str> = request
                .cookies
                .iter()
                .chain(&cookies)
                .map(String::as_str)
                .collect();
            let mut value = HeaderValue::try_from(all.join("; "))
                .map_err(|_| Attempt::Refused(Refusal(RefusalKind::Header("Cookie"))))?;
            value.set_sensitive(secret_cookie);
            builder = builder.header(COOKIE, value);
        }
        for (name, value) in headers {
            builder = builder.header(name, value);
        }
        if let Some(body) = body {
            // The caller's content type (for a range the spec leaves open) was checked before
            // sending; the others come from the spec, which the generator checked.
            let content_type = HeaderValue::try_from(body.content_type.as_str())
                .map_err(|_| Attempt::Refused(Refusal(RefusalKind::Header("Content-Type"))))?;
            builder = builder
                .header(CONTENT_TYPE, content_type)
                .body(body.bytes.clone());
        }
        let response = builder.send().await.map_err(Attempt::Transport)?;
        let status = response.status();
        let retry_after = retry_after(response.headers());
        let body = response.bytes().await.map_err(Attempt::Transport)?;
        Ok(Sent {
            status,
            retry_after,
            body,
            token,
        })
    }

    /// Sends `request`; a 2XX body is read by `read`.
    async fn send_read<T, E: ErrorBodies>(
        &self,
        request: Request,
        read: impl FnOnce(StatusCode, &[u8]) -> Result<T, BodyError>,
    ) -> Result<T, Error<E>> {
        let answer = self.execute(request).await.map_err(Failure::into_error)?;
        read(answer.status, &answer.body).map_err(|error| error.into_error(&answer))
    }

    /// Sends `request`; a 2XX body decodes as `T`.
    pub async fn send_plain<T: DeserializeOwned, E: ErrorBodies>(
        &self,
        request: Request,
    ) -> Result<T, Error<E>> {
        self.send_read(request, |_, body| super::read_json(body))
            .await
    }

    /// Sends `request`; a 2XX body is UTF-8 text.
    pub async fn send_text<E: ErrorBodies>(&self, request: Request) -> Result<String, Error<E>> {
        self.send_read(request, |_, body| super::read_text(body))
            .await
    }

    /// Sends `request`; a 2XX body is bytes.
    pub async fn send_bytes<E: ErrorBodies>(&self, request: Request) -> Result<Vec<u8>, Error<E>> {
        self.send_read(request, |_, body| super::read_bytes(body))
            .await
    }

    /// Sends `request`; a 2XX body is read by `read`, except that a status in `empty` (the
    /// spec documents no body for it) is `None`.
    pub async fn send_optional<T, E: ErrorBodies>(
        &self,
        request: Request,
        empty: &[u16],
        read: fn(&[u8]) -> Result<T, BodyError>,
    ) -> Result<Option<T>, Error<E>> {
        self.send_read(request, |status, body| {
            if empty.contains(&status.as_u16()) {
                Ok(None)
            } else {
                read(body).map(Some)
            }
        })
        .await
    }

    /// Sends `request`; the 2XX status decides how the body is read (see [`FromStatus`]).
    pub async fn send_by_status<T: FromStatus, E: ErrorBodies>(
        &self,
        request: Request,
    ) -> Result<T, Error<E>> {
        self.send_read(request, T::from_status).await
    }

    /// Sends `request`; a 2XX body is the envelope `V` (see [`decode_enveloped`]).
    pub async fn send_enveloped<V: Envelope>(
        &self,
        request: Request,
    ) -> Result<V::Payload, Error<V::Error>> {
        let answer = self.execute(request).await.map_err(Failure::into_error)?;
        decode_enveloped::<V>(answer.status, answer.body)
    }

    /// Sends `request`; a 2XX body is ignored.
    pub async fn send_unit<E: ErrorBodies>(&self, request: Request) -> Result<(), Error<E>> {
        self.execute(request)
            .await
            .map(|_| ())
            .map_err(Failure::into_error)
    }
}

/// A future of the runtime's own, boxed so that its code is compiled once, in this crate.
pub type BoxFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;

/// A 2XX answer to a call.
#[derive(Debug)]
pub struct Answer {
    /// The HTTP status.
    pub status: StatusCode,
    /// The body, as received.
    pub body: Bytes,
}

/// Why a call gave no 2XX answer, before the error body is decoded: [`Failure::into_error`]
/// makes it the call's [`Error`], for the operation's error type.
pub enum Failure {
    /// The request body or a parameter could not be encoded.
    Encode(serde_json::Error),
    /// The client refused to send the request.
    Refused(Refusal),
    /// The request did not complete.
    Transport {
        /// What failed.
        source: reqwest::Error,
        /// Whether sending the request again cannot do anything twice.
        retry_safe: bool,
    },
    /// The server answered with a status other than 2XX.
    Status {
        /// The HTTP status.
        status: StatusCode,
        /// The name of the error schema the operation gives the status.
        schema: Option<&'static str>,
        /// The body, as received.
        body: Bytes,
        /// Whether sending the request again cannot do anything twice.
        retry_safe: bool,
        /// The delay the server asked for in `Retry-After`.
        retry_after: Option<Duration>,
    },
}

impl std::fmt::Debug for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Bodies may hold personal data: only their size shows.
        match self {
            Failure::Encode(source) => f.debug_tuple("Encode").field(&source.classify()).finish(),
            Failure::Refused(_) => f.write_str("Refused"),
            Failure::Transport { source, retry_safe } => f
                .debug_struct("Transport")
                .field("source", source)
                .field("retry_safe", retry_safe)
                .finish(),
            Failure::Status { status, body, .. } => f
                .debug_struct("Status")
                .field("status", status)
                .field("body_bytes", &body.len())
                .finish_non_exhaustive(),
        }
    }
}

impl Failure {
    /// The call's error, the body decoded as far as it goes as the error type `E`.
    pub fn into_error<E: ErrorBodies>(self) -> Error<E> {
        match self {
            Failure::Encode(source) => Error::Encode(source),
            Failure::Refused(refusal) => refusal.into_error(),
            Failure::Transport { source, retry_safe } => Error::Transport { source, retry_safe },
            Failure::Status {
                status,
                schema,
                body,
                retry_safe,
                retry_after,
            } => Error::Status {
                status,
                details: ErrorDetails::from_bytes(body, schema),
                retry_safe,
                retry_after,
            },
        }
    }
}

/// Decodes a 2XX body that is the envelope `V`. Its payload is the result, unless it carries an
/// error or a failure code; an error that only partly decodes is still reported.
///
/// The body is decoded once, from its bytes, into `V`. When it decodes, what a failure says
/// (the error, with its type, message and request id, and the result code and message) is
/// taken from the decoded value, where the generated code gives it ([`Envelope::into_report`]
/// and [`ErrorBodies::texts`]). Only when the body does not decode, or the generated code
/// cannot give it, is the body read again, leniently, for the error.
///
/// `body` is kept in the error as received, shared and not copied.
pub fn decode_enveloped<V: Envelope>(
    status: StatusCode,
    body: Bytes,
) -> Result<V::Payload, Error<V::Error>> {
    let typed = super::body::decode_json::<V>(&body);
    let (typed_error, decoded_error) = match typed {
        Ok(envelope) if !envelope.reports_failure() => {
            return envelope.into_payload().ok_or_else(|| Error::Decode {
                status,
                path: String::new(),
                source: serde::de::Error::custom(
                    "the envelope carries neither a payload nor an error",
                ),
                raw: RawBody::from_bytes(body),
            });
        }
        Ok(envelope) => match envelope.into_report() {
            Ok(report) => match reported_failure::<V>(status, report, &body) {
                Ok(error) => return Err(error),
                Err(decoded_error) => (None, decoded_error),
            },
            Err(envelope) => (None, envelope.into_error()),
        },
        Err(error) => (Some(error), None),
    };
    // The envelope does not decode as its type, or the generated code cannot say what its
    // failure is: read what it says (its error, code and message) leniently, in a scan that
    // builds no tree.
    let fields = V::FIELDS;
    let error_fields = <V::Error as ErrorBodies>::fields(V::ERROR_SCHEMA);
    let layout = super::summary::Layout {
        error: error_fields,
        within: Some(fields.error),
        code: fields.code,
        message: fields.message,
    };
    if let Some(summary) = super::summary::scan(&body, layout) {
        if let Some(error) = summary.error {
            let inner = super::summary::scan_error(error, error_fields).unwrap_or_default();
            let details = ErrorDetails::read(
                decoded_error.or_else(|| {
                    <V::Error as ErrorBodies>::decode(V::ERROR_SCHEMA, error.get().as_bytes())
                }),
                ErrorTexts {
                    error_type: inner.error_type,
                    message: inner.message,
                    request_id: inner.request_id,
                },
                RawBody::from_bytes(body.clone()),
            );
            return Err(Error::Business {
                status,
                details,
                code: summary.code,
            });
        }
        if is_failure_code(&fields, summary.code) {
            let details = ErrorDetails::read(
                None,
                ErrorTexts {
                    message: summary.envelope_message,
                    ..ErrorTexts::default()
                },
                RawBody::from_bytes(body.clone()),
            );
            return Err(Error::Business {
                status,
                details,
                code: summary.code,
            });
        }
    }
    let error = typed_error.unwrap_or_else(|| {
        BodyError::new("the envelope reports a failure that does not read as one")
    });
    Err(error.into_error_at(status, &body))
}

/// The [`Error::Business`] of a decoded envelope that reports a failure, from what it says;
/// or, where its error cannot give its fields as text, that error back, for the body to be
/// read for them.
fn reported_failure<V: Envelope>(
    status: StatusCode,
    report: EnvelopeReport<V::Error>,
    body: &Bytes,
) -> Result<Error<V::Error>, Option<V::Error>> {
    let details = match report.error {
        Some(error) => match <V::Error as ErrorBodies>::texts(&error) {
            Some(_) => ErrorDetails::decoded(Some(error), RawBody::from_bytes(body.clone())),
            None => return Err(Some(error)),
        },
        None if is_failure_code(&V::FIELDS, report.code) => ErrorDetails::read(
            None,
            ErrorTexts {
                message: report.message,
                ..ErrorTexts::default()
            },
            RawBody::from_bytes(body.clone()),
        ),
        None => return Err(None),
    };
    Ok(Error::Business {
        status,
        details,
        code: report.code,
    })
}

/// The answer to one attempt.
struct Sent {
    status: StatusCode,
    retry_after: Option<Duration>,
    body: Bytes,
    /// The managed token the attempt carried, to drop it if the server refuses it.
    token: Option<(Arc<TokenCache>, u64)>,
}

/// Why an attempt got no answer.
enum Attempt {
    Transport(reqwest::Error),
    Refused(Refusal),
}

/// Why the client refused to send a request.
#[derive(Debug)]
pub struct Refusal(RefusalKind);

#[derive(Debug)]
enum RefusalKind {
    Auth(AuthError),
    /// A credential of this security scheme cannot be a header value.
    Credential(&'static str),
    /// This header parameter's value cannot be a header value.
    Header(&'static str),
}

impl Attempt {
    fn auth(error: AuthError) -> Self {
        Attempt::Refused(Refusal(RefusalKind::Auth(error)))
    }
}

impl Refusal {
    fn into_error<E>(self) -> Error<E> {
        match self.0 {
            RefusalKind::Auth(error) => Error::Auth(error),
            RefusalKind::Credential(scheme) => Error::Invalid(
                vec![Violation::new(
                    scheme,
                    "the credential holds characters that cannot be sent in an HTTP header",
                )]
                .into(),
            ),
            RefusalKind::Header(name) => Error::Invalid(
                vec![Violation::new(
                    name,
                    "the value holds characters that cannot be sent in an HTTP header",
                )]
                .into(),
            ),
        }
    }
}

/// `Basic` credentials: the base64 of `user:password` (RFC 7617).
pub(crate) fn basic(user: &str, password: &str) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let bytes = format!("{user}:{password}").into_bytes();
    let mut encoded = String::from("Basic ");
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, byte)| n | u32::from(*byte) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                encoded.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                encoded.push('=');
            }
        }
    }
    encoded
}

fn bearer(secret: &Secret, scheme: &'static str) -> Result<HeaderValue, Attempt> {
    sensitive(format!("Bearer {}", secret.expose()), scheme)
}

/// A header value marked sensitive, so that reqwest and hyper never print it.
fn sensitive(value: String, scheme: &'static str) -> Result<HeaderValue, Attempt> {
    let mut value = HeaderValue::try_from(value)
        .map_err(|_| Attempt::Refused(Refusal(RefusalKind::Credential(scheme))))?;
    value.set_sensitive(true);
    Ok(value)
}

/// A response body that wraps the result (`payload`) and may report a failure instead.
pub trait Envelope: DeserializeOwned {
    /// The result of a successful call.
    type Payload;
    /// The error body the envelope may carry.
    type Error: ErrorBodies;
    /// Where the envelope keeps its error and result code.
    const FIELDS: EnvelopeFields;
    /// Which of an API's error schemas the error is, where `Error` is an enum over several.
    const ERROR_SCHEMA: Option<&'static str> = None;
    /// The payload, if the envelope has one.
    fn into_payload(self) -> Option<Self::Payload>;
    /// Whether the decoded envelope reports a failure: it carries an error, or a result code
    /// other than a success code. (Then the body is scanned for the error's fields.)
    fn reports_failure(&self) -> bool;
    /// The error the decoded envelope carries, as its error type, if the generated code can
    /// take it out; otherwise the runtime decodes it from the body again.
    fn into_error(self) -> Option<Self::Error> {
        None
    }
    /// What the decoded envelope says of a failure: its error, result code and message, if
    /// the generated code can take them out; otherwise (`Err(self)`, the default) the runtime
    /// reads them from the body again.
    fn into_report(self) -> Result<EnvelopeReport<Self::Error>, Self> {
        Err(self)
    }
}

/// What an envelope that reports a failure says, taken from its decoded value.
#[derive(Debug)]
pub struct EnvelopeReport<E> {
    /// The error it carries, if any (`null` is none).
    pub error: Option<E>,
    /// Its result code, if it has an integer one.
    pub code: Option<i64>,
    /// Its result message, if any.
    pub message: Option<String>,
}

/// Whether an envelope's result `code`, where it has one, is a failure code.
pub fn is_failure_code(fields: &EnvelopeFields, code: Option<i64>) -> bool {
    code.is_some_and(|code| {
        !fields.success_codes.is_empty() && !fields.success_codes.contains(&code)
    })
}

/// Wire names of an envelope's fields, and its success codes.
#[derive(Clone, Copy, Debug)]
pub struct EnvelopeFields {
    /// The property that carries an error.
    pub error: &'static str,
    /// The property that carries a result code.
    pub code: Option<&'static str>,
    /// The property that carries a result message.
    pub message: Option<&'static str>,
    /// Result codes that mean success; another code is a failure. Empty: codes are not read.
    pub success_codes: &'static [i64],
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorBody;
    use crate::request::Security;

    #[test]
    fn basic_credentials_are_base64() {
        // RFC 7617's example.
        assert_eq!(
            basic("Aladdin", "open sesame"),
            "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
        );
        assert_eq!(basic("a", "b"), "Basic YTpi");
        assert_eq!(basic("ab", "cd"), "Basic YWI6Y2Q=");
    }

    #[test]
    fn the_first_complete_alternative_is_chosen() {
        let any = Security::Any(&[&["a", "b"], &["c"], &[]]);
        assert_eq!(any.chosen(|s| s == "c" || s == "a"), ["c"]);
        assert_eq!(any.chosen(|_| true), ["a", "b"]);
        let none: &[&str] = &[];
        assert_eq!(any.chosen(|_| false), none);
    }

    #[test]
    fn an_incomplete_alternative_is_sent_when_none_is_complete() {
        let any = Security::Any(&[&["a", "b"], &["c", "d"]]);
        assert_eq!(any.chosen(|s| s == "d"), ["c", "d"]);
    }

    /// An error body as a generated one would be, whose `texts` comes from its decoded value
    /// when `FAST`, and from the runtime's scan of the body otherwise.
    #[derive(Debug, serde::Deserialize)]
    struct TestError<const FAST: bool> {
        #[serde(rename = "errorType")]
        error_type: Option<TestKind>,
        #[serde(rename = "errorMessage")]
        message: Option<String>,
        #[serde(rename = "requestId")]
        request_id: Option<String>,
        #[expect(dead_code, reason = "decoded only to fail on a malformed timestamp")]
        timestamp: Option<u64>,
    }

    /// A string enum that keeps values it does not know, as generated ones do.
    #[derive(Debug, serde::Deserialize, serde::Serialize)]
    #[serde(untagged)]
    enum TestKind {
        Known(Known),
        Unrecognized(String),
    }

    #[derive(Debug, serde::Deserialize, serde::Serialize)]
    enum Known {
        #[serde(rename = "VALIDATION_ERROR")]
        Validation,
    }

    impl TestKind {
        fn as_str(&self) -> &str {
            match self {
                TestKind::Known(Known::Validation) => "VALIDATION_ERROR",
                TestKind::Unrecognized(text) => text,
            }
        }
    }

    impl<const FAST: bool> ErrorBody for TestError<FAST> {
        const FIELDS: crate::ErrorFields = crate::ErrorFields {
            error_type: Some("errorType"),
            message: Some("errorMessage"),
            request_id: Some("requestId"),
        };
        fn texts(&self) -> Option<crate::ErrorText<'_>> {
            FAST.then(|| crate::ErrorText {
                error_type: self.error_type.as_ref().map(TestKind::as_str),
                message: self.message.as_deref(),
                request_id: self.request_id.as_deref(),
            })
        }
    }

    /// An envelope as a generated one would be, which reports its failure from its decoded
    /// value when `FAST`, and leaves it to the runtime's scan of the body otherwise.
    #[derive(Debug, serde::Deserialize)]
    struct TestEnvelope<const FAST: bool> {
        #[serde(rename = "errorResponse")]
        error: Option<TestError<FAST>>,
        payload: Option<u32>,
        response_code: Option<i32>,
        response_message: Option<String>,
    }

    impl<const FAST: bool> Envelope for TestEnvelope<FAST> {
        type Payload = u32;
        type Error = TestError<FAST>;
        const FIELDS: EnvelopeFields = EnvelopeFields {
            error: "errorResponse",
            code: Some("response_code"),
            message: Some("response_message"),
            success_codes: &[0, 200],
        };
        fn into_payload(self) -> Option<u32> {
            self.payload
        }
        fn reports_failure(&self) -> bool {
            self.error.is_some()
                || is_failure_code(&Self::FIELDS, self.response_code.map(i64::from))
        }
        fn into_error(self) -> Option<Self::Error> {
            self.error
        }
        fn into_report(self) -> Result<EnvelopeReport<Self::Error>, Self> {
            if !FAST {
                return Err(self);
            }
            Ok(EnvelopeReport {
                error: self.error,
                code: self.response_code.map(i64::from),
                message: self.response_message,
            })
        }
    }

    /// What an error says, for comparing the two ways of reading it.
    fn said<E>(error: &Error<E>) -> String {
        let (details, code) = match error {
            Error::Business { details, code, .. } => (details, *code),
            Error::Status { details, .. } => (details, None),
            other => return format!("not a failure report: {other}"),
        };
        format!(
            "{:?} {:?} {:?} {:?} decoded={} raw={:?} code={code:?}",
            details.error_type(),
            details.message(),
            details.request_id(),
            details.raw().as_str(),
            details.body().is_some(),
            details.raw(),
        )
    }

    /// Reading a failure from the decoded value says what the scan of the body says, for
    /// envelopes that decode whole, in part, or not at all, and for bare error bodies.
    #[test]
    fn the_decoded_value_and_the_scan_say_the_same() {
        let envelopes: &[&str] = &[
            r#"{"errorResponse": {"errorType": "VALIDATION_ERROR", "errorMessage": "bad \"x\"",
                "requestId": "r-1"}, "response_code": 400, "response_message": "Failed"}"#,
            r#"{"errorResponse": {"errorType": "NEW_KIND", "errorMessage": null}}"#,
            r#"{"errorResponse": {"errorType": "X", "timestamp": "not a number"}}"#,
            r#"{"errorResponse": {}, "response_code": 200}"#,
            r#"{"errorResponse": null, "response_code": 503, "response_message": "Down"}"#,
            r#"{"response_code": 503}"#,
            r#"{"payload": "not a number", "response_code": 503}"#,
        ];
        for body in envelopes {
            let status = StatusCode::OK;
            let fast = decode_enveloped::<TestEnvelope<true>>(status, Bytes::from(*body));
            let scanned = decode_enveloped::<TestEnvelope<false>>(status, Bytes::from(*body));
            let (Err(fast), Err(scanned)) = (fast, scanned) else {
                panic!("{body} is a failure");
            };
            assert!(matches!(fast, Error::Business { .. }), "{body}: {fast:?}");
            assert_eq!(said(&fast), said(&scanned), "{body}");
        }
        let bodies: &[&str] = &[
            r#"{"errorType": "VALIDATION_ERROR", "errorMessage": "m", "requestId": "r"}"#,
            r#"{"errorType": "OTHER", "requestId": 42}"#,
            r#"{"errorType": "X", "timestamp": "2025"}"#,
            "[1]",
            "",
        ];
        for body in bodies {
            let failure = |body: &str| Failure::Status {
                status: StatusCode::BAD_REQUEST,
                schema: None,
                body: Bytes::from(body.to_owned()),
                retry_safe: false,
                retry_after: None,
            };
            let fast = failure(body).into_error::<TestError<true>>();
            let scanned = failure(body).into_error::<TestError<false>>();
            assert_eq!(said(&fast), said(&scanned), "{body}");
        }
        let first =
            decode_enveloped::<TestEnvelope<true>>(StatusCode::OK, Bytes::from(envelopes[0]));
        let Err(first) = first else {
            panic!("a failure");
        };
        assert_eq!(first.error_type(), Some("VALIDATION_ERROR"));
        assert_eq!(first.message(), Some("bad \"x\""));
        assert_eq!(first.request_id(), Some("r-1"));
        assert!(said(&first).contains("code=Some(400)"));
    }

    /// The raw body is the text received, lossy where it is not UTF-8 or where the 2 KiB cut
    /// splits a character.
    #[test]
    fn the_raw_body_is_the_text_received() {
        let raw = RawBody::from_bytes(Bytes::from_static("{\"a\": \"é\"}".as_bytes()));
        assert_eq!(raw.as_str(), "{\"a\": \"é\"}");
        assert_eq!(raw.len(), 11);
        let raw = RawBody::from_bytes(Bytes::from_static(b"a\xffb"));
        assert_eq!(raw.as_str(), "a\u{fffd}b");
        let mut long = "a".repeat(2047);
        long.push('é');
        let raw = RawBody::from_bytes(Bytes::from(long));
        assert_eq!(raw.len(), 2049);
        assert!(raw.is_truncated());
        assert_eq!(raw.as_str(), format!("{}\u{fffd}", "a".repeat(2047)));
        let kept = RawBody::from_bytes(Bytes::from_static(b"{}"));
        assert_eq!(kept, RawBody::from_bytes(Bytes::from(b"{}".to_vec())));
    }

    #[test]
    fn optional_authentication_is_sent_when_set() {
        let any = Security::Any(&[&[], &["a"]]);
        assert_eq!(any.chosen(|_| true), ["a"]);
        let none: &[&str] = &[];
        assert_eq!(any.chosen(|_| false), none);
        let any = Security::Any(&[&["a", "b"], &[]]);
        assert_eq!(any.chosen(|s| s == "b"), none);
    }
}
