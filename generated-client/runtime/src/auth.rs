//! Bearer tokens that the client fetches, caches and refreshes itself.

use super::{ClientCore, Secret};
use reqwest::StatusCode;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

/// A token just fetched, and when it expires, if the server says.
#[derive(Debug)]
pub struct FreshToken {
    /// The bearer token.
    pub token: Secret,
    /// When the token stops working.
    pub expires_at: Option<SystemTime>,
}

/// The future a token fetcher returns.
pub type TokenFuture = Pin<Box<dyn Future<Output = Result<FreshToken, AuthError>> + Send>>;

/// Fetches a token with the client it is given (generated code calls the token operation).
pub type TokenFetcher = Arc<dyn Fn(ClientCore) -> TokenFuture + Send + Sync>;

/// The token call failed: wrong keys, or the token endpoint is unreachable or answered
/// something unusable. The message never holds a key or a token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthError {
    status: Option<StatusCode>,
    reason: String,
    retry_after: Option<Duration>,
}

impl AuthError {
    /// An authentication failure, with the token endpoint's status if it answered.
    pub fn new(status: Option<StatusCode>, reason: impl Into<String>) -> Self {
        Self {
            status,
            reason: reason.into(),
            retry_after: None,
        }
    }

    /// How long the token endpoint asked the client to wait (`Retry-After` on a 429 or 503).
    pub fn retry_after(&self) -> Option<Duration> {
        self.retry_after
    }

    /// The same failure, with the delay the token endpoint asked for.
    pub fn with_retry_after(mut self, retry_after: Option<Duration>) -> Self {
        self.retry_after = retry_after;
        self
    }

    /// The token endpoint's HTTP status, if it answered.
    pub fn status(&self) -> Option<StatusCode> {
        self.status
    }

    /// Why no token could be had.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.status {
            Some(status) => write!(f, "no token ({status}): {}", self.reason),
            None => write!(f, "no token: {}", self.reason),
        }
    }
}

impl std::error::Error for AuthError {}

/// A cached token for one security scheme, fetched single-flight.
///
/// The lock is held while a token is fetched, so concurrent calls that find no valid token wait
/// for the one fetch instead of each starting their own. A failure is shared the same way: calls
/// that were waiting when a fetch failed get that failure rather than trying again, so wrong keys
/// cost one token request, not one per waiting call.
pub struct TokenCache {
    fetcher: TokenFetcher,
    margin: Duration,
    state: tokio::sync::Mutex<State>,
}

#[derive(Default)]
struct State {
    current: Option<Cached>,
    generation: u64,
    last_failure: Option<(Instant, AuthError)>,
}

struct Cached {
    token: Secret,
    /// When the token stops working, if the server said.
    expires_at: Option<SystemTime>,
    /// When to fetch a new token: some time before it expires. `None`: until a 401.
    refresh_at: Option<SystemTime>,
    generation: u64,
}

impl fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenCache")
            .field("margin", &self.margin)
            .finish_non_exhaustive()
    }
}

/// After a failed early refresh, how long to keep the still-valid token before trying again.
const REFRESH_RETRY: Duration = Duration::from_secs(5);

/// The cached token and its generation, if it has not expired yet.
fn usable(current: &Option<Cached>) -> Option<(Secret, u64)> {
    let cached = current.as_ref()?;
    let alive = cached.expires_at.is_none_or(|at| SystemTime::now() < at);
    alive.then(|| (cached.token.clone(), cached.generation))
}

impl TokenCache {
    /// A cache that refreshes tokens `margin` before they expire (at most half their life).
    pub fn new(fetcher: TokenFetcher, margin: Duration) -> Self {
        Self {
            fetcher,
            margin,
            state: tokio::sync::Mutex::new(State::default()),
        }
    }

    /// A valid token and its generation, fetching one if needed.
    pub(crate) async fn token(&self, core: &ClientCore) -> Result<(Secret, u64), AuthError> {
        let asked_at = Instant::now();
        let mut state = self.state.lock().await;
        if let Some(cached) = &state.current
            && cached.refresh_at.is_none_or(|at| SystemTime::now() < at)
        {
            return Ok((cached.token.clone(), cached.generation));
        }
        if let Some((failed_at, error)) = &state.last_failure
            && *failed_at >= asked_at
        {
            // A fetch failed while this call waited: share its outcome instead of trying again.
            return match usable(&state.current) {
                Some(current) => Ok(current),
                None => Err(error.clone()),
            };
        }
        let span = tracing::info_span!("token_refresh");
        match tracing::Instrument::instrument(self.fetch(core), span).await {
            Ok(fresh) => {
                state.generation += 1;
                let refresh_at = self.refresh_at(fresh.expires_at);
                state.current = Some(Cached {
                    token: fresh.token.clone(),
                    expires_at: fresh.expires_at,
                    refresh_at,
                    generation: state.generation,
                });
                state.last_failure = None;
                Ok((fresh.token, state.generation))
            }
            Err(error) => {
                state.last_failure = Some((Instant::now(), error.clone()));
                // An early refresh that fails leaves a token that still works: keep using it,
                // and try to refresh again a little later rather than on every call.
                let now = SystemTime::now();
                if let Some(cached) = state.current.as_mut()
                    && let Some(remaining) =
                        cached.expires_at.and_then(|at| at.duration_since(now).ok())
                {
                    cached.refresh_at = Some(now + (remaining / 2).min(REFRESH_RETRY));
                    tracing::warn!(%error, "token refresh failed; the current token is still valid");
                    return Ok((cached.token.clone(), cached.generation));
                }
                state.current = None;
                Err(error)
            }
        }
    }

    /// Calls the fetcher; and again, within the retry policy's attempts, when the token
    /// endpoint answers 429 or 503 with a `Retry-After` no longer than the policy's cap, once
    /// that wait is over. The token call is otherwise sent once, like any POST; this retry is
    /// safe because the server asked for it, and a second token call duplicates nothing.
    async fn fetch(&self, core: &ClientCore) -> Result<FreshToken, AuthError> {
        let policy = &core.config().retry;
        let mut retries = 0;
        loop {
            let error = match (self.fetcher)(core.clone()).await {
                Ok(fresh) => return Ok(fresh),
                Err(error) => error,
            };
            let asked = matches!(error.status().map(|s| s.as_u16()), Some(429 | 503));
            let delay = match error.retry_after() {
                Some(wait) if asked && retries + 1 < policy.max_attempts => {
                    policy.delay(retries + 1, Some(wait))
                }
                _ => None,
            };
            let Some(delay) = delay else {
                return Err(error);
            };
            retries += 1;
            tracing::info!(?delay, "the token endpoint asked to wait; retrying");
            tokio::time::sleep(delay).await;
        }
    }

    /// Drops the token of `generation` after the server refused it, unless a newer one is
    /// already cached (another call refreshed it first).
    pub(crate) async fn invalidate(&self, generation: u64) {
        let mut state = self.state.lock().await;
        if state
            .current
            .as_ref()
            .is_some_and(|c| c.generation == generation)
        {
            state.current = None;
        }
    }

    fn refresh_at(&self, expires_at: Option<SystemTime>) -> Option<SystemTime> {
        let expires_at = expires_at?;
        let now = SystemTime::now();
        match expires_at.duration_since(now) {
            Ok(life) => Some(expires_at - self.margin.min(life / 2)),
            Err(_) => {
                // An expiry already past (a skewed clock, or a server that sends a duration
                // where an instant belongs) would make every call fetch a token. Use the token
                // until the server refuses it instead.
                tracing::warn!("the token's expiry is in the past; using it until a 401");
                None
            }
        }
    }
}
