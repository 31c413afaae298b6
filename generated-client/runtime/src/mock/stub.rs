//! Stubs: which requests one takes, how often, and its answer, typed as the operation's
//! values and sent as the spec says (a success in its envelope, a business error, an error
//! body with its status, a raw answer, or a transport fault).

use super::{Answerer, Matcher, Operation, ResponseTemplate, Server, StubEntry, When};
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

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

impl<'m, Op: Operation> Stub<'m, Op> {
    pub(super) fn new(server: &'m Server) -> Self {
        Self {
            server,
            when: None,
            times: None,
            delay: None,
        }
    }

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
