//! A mock of an API for users' own tests: a local HTTP server (wiremock's) that answers as the
//! spec says the server does, with stubs written in the operations' own types.
//!
//! A generated crate's `mock` module (its `mock` cargo feature) holds the typed parts: a request
//! type per operation, which implements [`Operation`], and a `Mock` with a stub method per
//! operation. This module holds what does not depend on a spec:
//!
//! - the server, which finds the operation a request is for, checks its credentials, reads and
//!   validates it as the server would, and answers with the first stub that takes it;
//! - the token call, which the mock answers itself, issuing tokens with a life it is told;
//! - the stubs ([`Stub`]) and their expectations, checked when the mock is dropped;
//! - the requests received, read back typed.
//!
//! A request the mock cannot answer (no operation, no stub) gets `501 Not Implemented`, whose
//! body says what it looked like and which stubs were set; the mock then fails the test when it
//! is dropped, or when [`Server::verify`] is called.

mod dispatch;
mod incoming;
mod stub;
mod text;

pub use incoming::{Incoming, ParamIn, ParamSpec, Split};
pub use stub::{Fault, Reply, Stub, business_answer, json_answer, token_body};
/// wiremock's response, for [`Stub::raw`]: any status, headers and body.
pub use wiremock::ResponseTemplate;

use crate::Violation;
use std::any::Any;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime};

/// An operation's request, as the mock reads it. Generated: one type per operation.
pub trait Operation: Clone + fmt::Debug + Send + Sync + 'static {
    /// The client's method for it, e.g. `create_customer`.
    const NAME: &'static str;
    /// What the client's method returns on success.
    type Ok: Clone + Send + Sync + 'static;
    /// The API's error body, sent with an error status.
    type ErrorBody: serde::Serialize + Clone + Send + Sync + 'static;
    /// The error an envelope carries in a 2XX answer (a business error); `Infallible` when the
    /// operation has no envelope.
    type Business: Clone + Send + Sync + 'static;

    /// Reads the request as the server would, adding each problem found to `violations`;
    /// `None` when a part does not read at all.
    fn decode(incoming: &Incoming<'_>, violations: &mut Vec<Violation>) -> Option<Self>;

    /// The answer a success value is sent as (in its envelope, if the operation has one), or
    /// the places where the value breaks its own schema.
    fn success(value: &Self::Ok) -> Result<ResponseTemplate, Vec<Violation>>;

    /// The answer a business error is sent as: a 2XX envelope that carries it.
    fn business(error: &Self::Business) -> ResponseTemplate;
}

/// The error answer the spec gives an operation for a case (a request that breaks the spec, or
/// one without valid credentials): its status, and the field of its error body that holds the
/// message, if it has one.
#[derive(Clone, Copy, Debug)]
pub struct ErrorAnswer {
    /// The status.
    pub status: u16,
    /// The wire name of the error body's message field; without one, the message is sent as
    /// text.
    pub message: Option<&'static str>,
}

impl ErrorAnswer {
    fn respond(&self, message: &str) -> ResponseTemplate {
        let template = ResponseTemplate::new(self.status);
        match self.message {
            Some(field) => template.set_body_json(serde_json::json!({ field: message })),
            None => template.set_body_raw(message.to_owned(), "text/plain"),
        }
    }
}

/// An operation of the spec, as the mock routes requests to it.
#[derive(Clone, Copy)]
pub struct Route {
    /// The client's method for it.
    pub operation: &'static str,
    /// Upper case, e.g. `POST`.
    pub method: &'static str,
    /// As the spec writes it, e.g. `/customers/{id}`.
    pub template: &'static str,
    /// The security requirements, any one of which suffices, each the schemes it needs.
    pub security: &'static [&'static [&'static str]],
    /// [`decode`]`::<Op>`.
    pub decode: Decode,
    /// The answer to a request that breaks the spec.
    pub invalid: ErrorAnswer,
    /// The answer to a request without valid credentials.
    pub unauthorized: ErrorAnswer,
}

impl fmt::Debug for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({} {})", self.operation, self.method, self.template)
    }
}

/// A request read into its operation's type, kept behind `Any`.
type Erased = Arc<dyn Any + Send + Sync>;

/// Reads a request as `Op`: what [`Route::decode`] holds.
pub type Decode = fn(&Incoming<'_>) -> Result<Erased, Vec<Violation>>;

/// Reads a request as `Op`, every problem of the request reported.
pub fn decode<Op: Operation>(incoming: &Incoming<'_>) -> Result<Erased, Vec<Violation>> {
    let mut violations = Vec::new();
    match Op::decode(incoming, &mut violations) {
        Some(request) if violations.is_empty() => Ok(Arc::new(request)),
        _ if violations.is_empty() => Err(vec![Violation::new("request", "does not read")]),
        _ => Err(violations),
    }
}

/// How the mock checks a security scheme's credential.
#[derive(Clone, Copy, Debug)]
pub enum Check {
    /// This value in this header.
    Header(&'static str, &'static str),
    /// This value in this query parameter.
    Query(&'static str, &'static str),
    /// This value in this cookie.
    Cookie(&'static str, &'static str),
    /// `Authorization: Bearer` with this token.
    Bearer(&'static str),
    /// `Authorization: Bearer` with a token the mock issued, not expired.
    IssuedToken,
    /// `Authorization: Basic` with this user and password.
    Basic(&'static str, &'static str),
}

/// A security scheme of the spec, and how the mock checks it.
#[derive(Clone, Copy, Debug)]
pub struct Scheme {
    /// Its name in the spec.
    pub name: &'static str,
    /// How its credential is checked.
    pub check: Check,
}

/// How the mock answers the token call itself.
#[derive(Clone, Copy)]
pub struct TokenIssuer {
    /// The token operation's method.
    pub operation: &'static str,
    /// Whether the request (the operation's type) carries the mock's credentials.
    pub accepts: fn(&(dyn Any + Send + Sync)) -> bool,
    /// The answer issuing `token`, which expires at `expires_at` (after `life`).
    pub issue: fn(&str, SystemTime, Duration) -> Result<ResponseTemplate, String>,
}

impl fmt::Debug for TokenIssuer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TokenIssuer({})", self.operation)
    }
}

/// What the mock knows of the spec: its operations, security schemes and token call.
#[derive(Debug)]
pub struct Spec {
    /// Every operation compiled in.
    pub routes: Vec<Route>,
    /// Every security scheme.
    pub schemes: Vec<Scheme>,
    /// The token calls the mock answers (`x-token`).
    pub tokens: Vec<TokenIssuer>,
}

/// The default life of the tokens the mock issues.
pub const TOKEN_LIFE: Duration = Duration::from_secs(3600);

/// A mock server: an HTTP server on 127.0.0.1 that answers as a spec says.
pub struct Server {
    server: wiremock::MockServer,
    shared: Arc<Shared>,
}

impl fmt::Debug for Server {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Server")
            .field("uri", &self.server.uri())
            .finish()
    }
}

struct Shared {
    spec: Spec,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    stubs: Vec<StubEntry>,
    received: Vec<(&'static str, Erased)>,
    failures: Vec<String>,
    tokens: Vec<Issued>,
    token_life: Option<Duration>,
}

struct Issued {
    token: String,
    expires: Instant,
    revoked: bool,
}

/// A stub's own test of a request.
type When<Op> = Box<dyn Fn(&Op) -> bool + Send + Sync>;
type Matcher = Box<dyn Fn(&(dyn Any + Send + Sync)) -> bool + Send + Sync>;
type Answerer =
    Box<dyn Fn(&(dyn Any + Send + Sync)) -> Result<ResponseTemplate, String> + Send + Sync>;

struct StubEntry {
    operation: &'static str,
    description: String,
    matches: Arc<Matcher>,
    answer: Arc<Answerer>,
    expected: Option<u64>,
    served: u64,
}

impl StubEntry {
    fn describe(&self, index: usize) -> String {
        let expected = self
            .expected
            .map_or(String::new(), |n| format!(", expected {n} time(s)"));
        format!(
            "#{index} {}{}: answered {}{expected}",
            self.operation, self.description, self.served
        )
    }
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, State> {
        // A test that panicked while holding the lock leaves the state as it was: still usable.
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Server {
    /// Starts a mock of `spec` on 127.0.0.1.
    pub async fn start(spec: Spec) -> Self {
        let server = wiremock::MockServer::start().await;
        let shared = Arc::new(Shared {
            spec,
            state: Mutex::new(State::default()),
        });
        wiremock::Mock::given(wiremock::matchers::any())
            .respond_with(dispatch::Dispatch(shared.clone()))
            .named("the typed mock")
            .mount(&server)
            .await;
        Self { server, shared }
    }

    /// The base URL to send requests to, e.g. `http://127.0.0.1:41337`.
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// A stub of `Op`, to set up and then give an answer.
    pub fn stub<Op: Operation>(&self) -> Stub<'_, Op> {
        Stub::new(self)
    }

    /// The requests to `Op` received so far, in order, as read (those refused as invalid or
    /// unauthorised are not among them; a token request the mock's credentials do not match
    /// is among them only when a stub of the token call could answer it).
    pub fn received<Op: Operation>(&self) -> Vec<Op> {
        self.shared
            .state()
            .received
            .iter()
            .filter(|(name, _)| *name == Op::NAME)
            .filter_map(|(_, request)| request.downcast_ref::<Op>().cloned())
            .collect()
    }

    /// How long the tokens issued from now on live (one hour unless set).
    pub fn set_token_life(&self, life: Duration) {
        self.shared.state().token_life = Some(life);
    }

    /// Makes every token issued so far invalid, as if they had expired: the next call with one
    /// is answered 401, and the client fetches a new token.
    pub fn expire_tokens(&self) {
        for issued in &mut self.shared.state().tokens {
            issued.revoked = true;
        }
    }

    /// How many tokens the mock has issued.
    pub fn tokens_issued(&self) -> usize {
        self.shared.state().tokens.len()
    }

    /// The mock's failures so far (requests it could not answer, expectations not met),
    /// taken: the mock no longer fails the test for them. For a test of the failure itself.
    pub fn take_failures(&self) -> Vec<String> {
        let report = self.problems();
        let mut state = self.shared.state();
        state.failures.clear();
        for stub in &mut state.stubs {
            if stub.expected.is_some() {
                stub.expected = Some(stub.served);
            }
        }
        report
    }

    /// Panics, listing them, if a request went unanswered (no operation, no stub, an answer
    /// that breaks its schema) or a stub's `times` was not met.
    #[track_caller]
    pub fn verify(&self) {
        if let Some(report) = self.report() {
            panic!("{report}");
        }
    }

    fn report(&self) -> Option<String> {
        let problems = self.problems();
        (!problems.is_empty()).then(|| format!("the mock failed:\n- {}", problems.join("\n- ")))
    }

    fn problems(&self) -> Vec<String> {
        let state = self.shared.state();
        let mut problems: Vec<String> = state.failures.clone();
        for (index, stub) in state.stubs.iter().enumerate() {
            if stub.expected.is_some_and(|n| n != stub.served) {
                problems.push(format!(
                    "a stub's expectation is not met: {}",
                    stub.describe(index + 1)
                ));
            }
        }
        problems
    }

    fn add(&self, entry: StubEntry) {
        self.shared.state().stubs.push(entry);
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if std::thread::panicking() {
            return;
        }
        if let Some(report) = self.report() {
            panic!("{report}");
        }
    }
}
