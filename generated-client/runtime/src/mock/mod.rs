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

mod incoming;
mod text;

pub use incoming::{Incoming, ParamIn, ParamSpec, Split};
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
    /// `Authorization: Bearer` with any token (one from a provider the mock does not play).
    AnyBearer,
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

/// A transport fault, in place of an answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// The connection closes before the whole answer is sent.
    Reset,
    /// No answer for this long, then `504 Gateway Timeout` (past the client's timeout, the
    /// call times out first). A stub's own `delay` is added to it.
    Delay(Duration),
}

/// What a stub answers: a typed success, a business error, an error body with its status, a
/// raw answer, or a fault.
#[derive(Debug)]
#[non_exhaustive]
pub enum Reply<Op: Operation> {
    /// The success value, in its envelope if the operation has one.
    Ok(Op::Ok),
    /// A 2XX envelope carrying this error.
    Business(Op::Business),
    /// This error body, with this status.
    Error(u16, Op::ErrorBody),
    /// This answer as it is.
    Raw(ResponseTemplate),
    /// A transport fault.
    Fault(Fault),
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
            .respond_with(Dispatch(shared.clone()))
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
        Stub {
            server: self,
            when: None,
            times: None,
            delay: None,
        }
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

/// A stub of one operation: which requests it takes, how many times, and its answer, given
/// last (which sets it).
#[must_use = "a stub is set by giving it an answer (`ok`, `error`, …)"]
pub struct Stub<'m, Op: Operation> {
    server: &'m Server,
    when: Option<When<Op>>,
    times: Option<u64>,
    delay: Option<Duration>,
}

impl<Op: Operation> fmt::Debug for Stub<'_, Op> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Stub")
            .field("operation", &Op::NAME)
            .field("times", &self.times)
            .finish()
    }
}

impl<Op: Operation> Stub<'_, Op> {
    /// Takes only the requests for which `matches` is true (all of them without it).
    pub fn when(mut self, matches: impl Fn(&Op) -> bool + Send + Sync + 'static) -> Self {
        self.when = Some(Box::new(matches));
        self
    }

    /// Answers at most `n` requests, and expects exactly `n`: checked when the mock is dropped.
    /// A request past the `n`th goes on to the next stub that takes it.
    pub fn times(mut self, n: u64) -> Self {
        self.times = Some(n);
        self
    }

    /// Waits this long before answering.
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }

    /// Answers with the success value, in its envelope if the operation has one.
    ///
    /// # Panics
    ///
    /// If the value breaks its own schema (a value out of range, an enum value the spec does
    /// not list), naming the field: the server would never send it.
    #[track_caller]
    pub fn ok(self, value: Op::Ok) {
        if let Err(violations) = Op::success(&value) {
            panic!(
                "the mock's answer to {} breaks its schema: {}",
                Op::NAME,
                crate::Violations(violations)
            );
        }
        self.set("→ success", move |_| Reply::Ok(value.clone()));
    }

    /// Answers with a 2XX envelope that carries this error (a business error).
    pub fn business_error(self, error: Op::Business) {
        self.set("→ business error", move |_| {
            Reply::Business(error.clone())
        });
    }

    /// Answers with this error body and status.
    ///
    /// # Panics
    ///
    /// If `status` is not an error status (400–599).
    #[track_caller]
    pub fn error(self, status: u16, body: Op::ErrorBody) {
        assert!(
            (400..=599).contains(&status),
            "an error answer needs an error status (400–599), not {status}"
        );
        let description = format!("→ error {status}");
        self.set(&description, move |_| Reply::Error(status, body.clone()));
    }

    /// Answers with this response as it is: any status, headers and body.
    pub fn raw(self, response: ResponseTemplate) {
        self.set("→ raw answer", move |_| Reply::Raw(response.clone()));
    }

    /// Answers with a transport fault.
    pub fn fault(self, fault: Fault) {
        self.set(&format!("→ {fault:?}"), move |_| Reply::Fault(fault));
    }

    /// Answers each request with what `answer` makes of it: a page of a list by its offset,
    /// say. A success that breaks its schema fails the test when the mock is dropped.
    pub fn respond(self, answer: impl Fn(&Op) -> Reply<Op> + Send + Sync + 'static) {
        self.set("→ computed answer", answer);
    }

    fn set(self, what: &str, answer: impl Fn(&Op) -> Reply<Op> + Send + Sync + 'static) {
        let Stub {
            server,
            when,
            times,
            delay,
        } = self;
        let mut description = String::new();
        if when.is_some() {
            description.push_str(" (when its matcher takes it)");
        }
        description.push(' ');
        description.push_str(what);
        let matches: Matcher = Box::new(move |request| {
            request
                .downcast_ref::<Op>()
                .is_some_and(|request| when.as_ref().is_none_or(|when| when(request)))
        });
        let answer: Answerer = Box::new(move |request| {
            let request = request
                .downcast_ref::<Op>()
                .ok_or_else(|| format!("a request that is not {}", Op::NAME))?;
            reply(answer(request), delay.unwrap_or_default())
        });
        server.add(StubEntry {
            operation: Op::NAME,
            description,
            matches: Arc::new(matches),
            answer: Arc::new(answer),
            expected: times,
            served: 0,
        });
    }
}

/// The response a reply is sent as, after `delay` (and a delay fault's own).
fn reply<Op: Operation>(reply: Reply<Op>, delay: Duration) -> Result<ResponseTemplate, String> {
    let template = match reply {
        Reply::Ok(value) => Op::success(&value).map_err(|violations| {
            format!(
                "the answer to {} breaks its schema: {}",
                Op::NAME,
                crate::Violations(violations)
            )
        })?,
        Reply::Business(error) => Op::business(&error),
        Reply::Error(status, body) => {
            if !(400..=599).contains(&status) {
                return Err(format!(
                    "an error answer of {} needs an error status (400–599), not {status}",
                    Op::NAME
                ));
            }
            ResponseTemplate::new(status).set_body_json(body)
        }
        Reply::Raw(template) => template,
        Reply::Fault(Fault::Delay(fault)) => {
            return Ok(ResponseTemplate::new(504).set_delay(fault.saturating_add(delay)));
        }
        // A length the body never reaches: the server closes the connection mid-answer.
        Reply::Fault(Fault::Reset) => ResponseTemplate::new(200)
            .insert_header("content-length", "1048576")
            .set_body_raw("{", "application/json"),
    };
    Ok(if delay.is_zero() {
        template
    } else {
        template.set_delay(delay)
    })
}

/// The success answer of an operation: `value` as JSON with `status`, in an envelope if one is
/// given (its payload field, and its code field with a success code).
pub fn json_answer(
    status: u16,
    value: &impl serde::Serialize,
    envelope: Option<(&str, Option<(&str, i64)>)>,
) -> ResponseTemplate {
    let body = serde_json::to_value(value).unwrap_or(serde_json::Value::Null);
    let body = match envelope {
        None => body,
        Some((payload, code)) => {
            let mut map = serde_json::Map::new();
            map.insert(payload.to_owned(), body);
            if let Some((field, code)) = code {
                map.insert(field.to_owned(), code.into());
            }
            serde_json::Value::Object(map)
        }
    };
    ResponseTemplate::new(status).set_body_json(body)
}

/// A 2XX envelope carrying a business error in its field `field`.
pub fn business_answer(
    status: u16,
    field: &str,
    error: &impl serde::Serialize,
) -> ResponseTemplate {
    let error = serde_json::to_value(error).unwrap_or(serde_json::Value::Null);
    ResponseTemplate::new(status).set_body_json(serde_json::json!({ field: error }))
}

/// The token answer, built from its fields: the token, and the expiry in the spec's unit.
pub fn token_body(
    token_field: &str,
    token: &str,
    expiry: Option<(&str, crate::token::ExpiryUnit)>,
    expires_at: SystemTime,
    life: Duration,
) -> serde_json::Value {
    let mut map = serde_json::Map::new();
    map.insert(token_field.to_owned(), token.into());
    if let Some((field, unit)) = expiry {
        let since_epoch = expires_at
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap_or_default();
        let value: u64 = match unit {
            crate::token::ExpiryUnit::EpochMillis => {
                u64::try_from(since_epoch.as_millis()).unwrap_or(u64::MAX)
            }
            crate::token::ExpiryUnit::EpochSeconds => since_epoch.as_secs(),
            crate::token::ExpiryUnit::Seconds => life.as_secs(),
        };
        map.insert(field.to_owned(), value.into());
    }
    serde_json::Value::Object(map)
}

/// Answers every request: routes it, checks its credentials, reads it, and finds its stub.
struct Dispatch(Arc<Shared>);

impl wiremock::Respond for Dispatch {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        let shared = &self.0;
        let method = request.method.as_str();
        let path = request.url.path();
        // Of the operations whose template fits, the most literal one: `/user/login` before
        // `/user/{name}`.
        let Some((route, params)) = shared
            .spec
            .routes
            .iter()
            .filter(|route| route.method == method)
            .filter_map(|route| Some((route, match_path(route.template, path)?)))
            .max_by_key(|(route, params)| {
                (
                    route.template.split('/').count() - params.len(),
                    std::cmp::Reverse(params.len()),
                )
            })
        else {
            return unanswered(shared, &no_operation(&shared.spec, method, path));
        };
        let incoming = Incoming {
            request,
            path: params,
        };
        if let Some(missing) = shared.credentials_missing(route, request) {
            return route.unauthorized.respond(&missing);
        }
        let decoded = match (route.decode)(&incoming) {
            Ok(decoded) => decoded,
            Err(violations) => {
                return route
                    .invalid
                    .respond(&crate::Violations(violations).to_string());
            }
        };
        let token = shared
            .spec
            .tokens
            .iter()
            .find(|t| t.operation == route.operation);
        if let Some(token) = token
            && !(token.accepts)(decoded.as_ref())
            && !shared.has_stub(route.operation)
        {
            return route
                .unauthorized
                .respond("the token request does not carry the mock's credentials");
        }
        shared
            .state()
            .received
            .push((route.operation, decoded.clone()));
        if let Some(answer) = shared.answer(route.operation, &decoded) {
            return answer;
        }
        if let Some(token) = token {
            return shared.issue(token);
        }
        let stubs: Vec<String> = shared
            .state()
            .stubs
            .iter()
            .enumerate()
            .map(|(index, stub)| stub.describe(index + 1))
            .collect();
        let stubs = if stubs.is_empty() {
            "none".to_owned()
        } else {
            stubs.join("; ")
        };
        let message = format!(
            "a request to {route:?} that no stub takes: {:?}. Stubs set: {stubs}",
            incoming_summary(request)
        );
        unanswered(shared, &message)
    }
}

impl Shared {
    fn has_stub(&self, operation: &str) -> bool {
        self.state()
            .stubs
            .iter()
            .any(|stub| stub.operation == operation)
    }

    /// The answer of the first stub that takes the request, if one does. The stubs' own
    /// closures run with the state unlocked (they may read the mock), and a panic in one is
    /// a failure of the mock, not of its server.
    fn answer(&self, operation: &str, decoded: &Erased) -> Option<ResponseTemplate> {
        let candidates: Vec<(usize, Arc<Matcher>, Arc<Answerer>)> = self
            .state()
            .stubs
            .iter()
            .enumerate()
            .filter(|(_, stub)| stub.operation == operation)
            .map(|(index, stub)| (index, stub.matches.clone(), stub.answer.clone()))
            .collect();
        for (index, matches, answer) in candidates {
            let taken = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                matches(decoded.as_ref())
            }));
            match taken {
                Ok(true) => {}
                Ok(false) => continue,
                Err(_) => {
                    return Some(self.fail(format!("the `when` of stub #{} panicked", index + 1)));
                }
            }
            // Counted under the lock, so that concurrent requests share `times(n)` rightly.
            {
                let mut state = self.state();
                let stub = &mut state.stubs[index];
                if stub.expected.is_some_and(|n| stub.served >= n) {
                    continue;
                }
                stub.served += 1;
            }
            let answered =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| answer(decoded.as_ref())));
            return Some(match answered {
                Ok(Ok(template)) => template,
                Ok(Err(failure)) => self.fail(failure),
                Err(_) => self.fail(format!("the answer of stub #{} panicked", index + 1)),
            });
        }
        None
    }

    /// Records a failure of the mock, and answers 500 with it.
    fn fail(&self, failure: String) -> ResponseTemplate {
        self.state().failures.push(failure.clone());
        ResponseTemplate::new(500).set_body_raw(failure, "text/plain")
    }

    /// Issues a token through `token`'s answer, with the life set.
    fn issue(&self, token: &TokenIssuer) -> ResponseTemplate {
        let mut state = self.state();
        let life = state.token_life.unwrap_or(TOKEN_LIFE);
        let token_text = format!("mock-token-{}", state.tokens.len() + 1);
        // A life too long to count ("never expires") ends a century from now.
        let far = Duration::from_secs(100 * 365 * 24 * 3600);
        let expires_at = SystemTime::now()
            .checked_add(life)
            .unwrap_or_else(|| SystemTime::now() + far);
        let expires = Instant::now()
            .checked_add(life)
            .unwrap_or_else(|| Instant::now() + far);
        match (token.issue)(&token_text, expires_at, life.min(far)) {
            Ok(template) => {
                state.tokens.push(Issued {
                    token: token_text,
                    expires,
                    revoked: false,
                });
                template
            }
            Err(failure) => {
                drop(state);
                self.fail(failure)
            }
        }
    }
}

/// Records a request the mock cannot answer, and answers 501 saying why.
fn unanswered(shared: &Shared, message: &str) -> ResponseTemplate {
    shared.state().failures.push(message.to_owned());
    ResponseTemplate::new(501).set_body_raw(format!("the mock: {message}"), "text/plain")
}

/// What an unanswered request was, for the failure message.
fn incoming_summary(request: &wiremock::Request) -> String {
    let mut text = format!("{} {}", request.method, request.url.path());
    if let Some(query) = request.url.query() {
        text.push('?');
        text.push_str(query);
    }
    if !request.body.is_empty() {
        text.push(' ');
        text.push_str(&String::from_utf8_lossy(&request.body));
    }
    text
}

/// The failure message of a request that no operation takes: the operations whose path it has
/// (under another method), or else every operation.
fn no_operation(spec: &Spec, method: &str, path: &str) -> String {
    let same_path: Vec<String> = spec
        .routes
        .iter()
        .filter(|route| match_path(route.template, path).is_some())
        .map(|route| format!("{route:?}"))
        .collect();
    if same_path.is_empty() {
        let all: Vec<String> = spec
            .routes
            .iter()
            .map(|route| format!("{route:?}"))
            .collect();
        format!(
            "{method} {path} is no operation of the spec; its operations: {}",
            all.join(", ")
        )
    } else {
        format!(
            "{method} {path} is no operation of the spec; it looks like {}, which takes another method",
            same_path.join(", ")
        )
    }
}

/// The values of the path parameters, if `path` fits `template`.
fn match_path(template: &str, path: &str) -> Option<Vec<String>> {
    let mut params = Vec::new();
    let mut templates = template.trim_start_matches('/').split('/');
    let mut parts = path.trim_start_matches('/').split('/');
    loop {
        match (templates.next(), parts.next()) {
            (None, None) => return Some(params),
            (Some(want), Some(part)) => match want.find('{') {
                None => {
                    if want != part {
                        return None;
                    }
                }
                Some(open) => {
                    // `{id}`, or a parameter inside literal text (`{id}.json`), one per segment.
                    let close = want.find('}')?;
                    let (prefix, suffix) = (&want[..open], &want[close + 1..]);
                    let value = part.strip_prefix(prefix)?.strip_suffix(suffix)?;
                    let decoded = percent_encoding::percent_decode_str(value)
                        .decode_utf8()
                        .ok()?;
                    params.push(decoded.into_owned());
                }
            },
            _ => return None,
        }
    }
}

impl Shared {
    /// Why the request's credentials meet none of the route's security requirements, if they
    /// meet none.
    fn credentials_missing(&self, route: &Route, request: &wiremock::Request) -> Option<String> {
        if route.security.is_empty() {
            return None;
        }
        let mut reasons = Vec::new();
        for requirement in route.security {
            let unmet: Vec<String> = requirement
                .iter()
                .filter_map(|name| {
                    let scheme = self.spec.schemes.iter().find(|s| s.name == *name)?;
                    self.check(scheme, request).err()
                })
                .collect();
            if unmet.is_empty() {
                return None;
            }
            reasons.push(unmet.join(", "));
        }
        Some(format!("no valid credentials: {}", reasons.join("; or ")))
    }

    fn check(&self, scheme: &Scheme, request: &wiremock::Request) -> Result<(), String> {
        let header = |name: &str| {
            request
                .headers
                .get(name)
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned)
        };
        let bearer =
            || header("authorization").and_then(|v| v.strip_prefix("Bearer ").map(str::to_owned));
        let name = scheme.name;
        let ok = match scheme.check {
            Check::Header(header_name, value) => header(header_name).as_deref() == Some(value),
            Check::Query(key, value) => request
                .url
                .query_pairs()
                .any(|(k, v)| k == key && v == value),
            Check::Cookie(cookie, value) => {
                let incoming = Incoming {
                    request,
                    path: Vec::new(),
                };
                incoming.cookie(cookie).as_deref() == Some(value)
            }
            Check::Bearer(token) => bearer().as_deref() == Some(token),
            Check::AnyBearer => bearer().is_some(),
            Check::IssuedToken => {
                let Some(token) = bearer() else {
                    return Err(format!("`{name}` has no bearer token"));
                };
                let state = self.state();
                match state.tokens.iter().find(|t| t.token == token) {
                    None => return Err(format!("`{name}`: a token the mock did not issue")),
                    Some(t) if t.revoked || Instant::now() >= t.expires => {
                        return Err(format!("`{name}`: the token has expired"));
                    }
                    Some(_) => true,
                }
            }
            Check::Basic(user, password) => {
                let expected = basic(user, password);
                header("authorization").as_deref() == Some(expected.as_str())
            }
        };
        if ok {
            Ok(())
        } else {
            Err(format!("`{name}` is missing or not the mock's"))
        }
    }
}

/// `Basic <base64(user:password)>`, as the client sends it.
fn basic(user: &str, password: &str) -> String {
    crate::transport::basic(user, password)
}
