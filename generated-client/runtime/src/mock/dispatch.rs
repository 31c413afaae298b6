//! How the mock answers a request: the operation it is for (the most literal path that fits),
//! its credentials, reading it as the operation's type, then the first stub that takes it, or
//! the mock's own token answer; anything else is a failure of the test, answered 501.

use super::{
    Answerer, Check, Erased, Incoming, Issued, Matcher, ResponseTemplate, Route, Scheme, Shared,
    Spec, TOKEN_LIFE, TokenIssuer,
};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

/// Answers every request: routes it, checks its credentials, reads it, and finds its stub.
pub(super) struct Dispatch(pub(super) Arc<Shared>);

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
                let expected = crate::transport::basic(user, password);
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
