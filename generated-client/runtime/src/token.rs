//! The token call's plumbing: credentials read from the environment, a token's expiry from
//! the number its response gives, and why a token call failed.

use super::{AuthError, BuildError, Error, Secret};

/// Reads a credential from the environment.
pub fn secret_from_env(name: &'static str) -> Result<Secret, BuildError> {
    std::env::var(name)
        .map(Secret::new)
        .map_err(|_| BuildError::MissingEnv(name))
}

/// How a token response states its expiry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExpiryUnit {
    /// An instant, in milliseconds since the Unix epoch.
    EpochMillis,
    /// An instant, in seconds since the Unix epoch.
    EpochSeconds,
    /// A lifetime, in seconds from now.
    Seconds,
}

/// When a token expires, from the number its response gives.
pub fn token_expiry(value: i64, unit: ExpiryUnit) -> Option<std::time::SystemTime> {
    let amount = u64::try_from(value).ok()?;
    let (base, offset) = match unit {
        ExpiryUnit::EpochMillis => (
            std::time::UNIX_EPOCH,
            std::time::Duration::from_millis(amount),
        ),
        ExpiryUnit::EpochSeconds => (
            std::time::UNIX_EPOCH,
            std::time::Duration::from_secs(amount),
        ),
        ExpiryUnit::Seconds => (
            std::time::SystemTime::now(),
            std::time::Duration::from_secs(amount),
        ),
    };
    base.checked_add(offset)
}

/// A token-request field filled from a credential: a [`Secret`] stays one, a `String` gets
/// the exposed value.
pub trait FromSecret {
    /// The field's value for `secret`.
    fn from_secret(secret: &Secret) -> Self;
}

impl FromSecret for Secret {
    fn from_secret(secret: &Secret) -> Self {
        secret.clone()
    }
}

impl FromSecret for String {
    fn from_secret(secret: &Secret) -> Self {
        secret.expose().to_owned()
    }
}

impl AuthError {
    /// Why a call of the token operation gave no token, without any key or token in it.
    pub fn from_error<E>(error: &Error<E>) -> Self {
        let reason = match error.status() {
            Some(status)
                if status == reqwest::StatusCode::UNAUTHORIZED
                    || status == reqwest::StatusCode::FORBIDDEN =>
            {
                "the token endpoint refused the credentials".to_owned()
            }
            _ => format!("the token call failed: {error}"),
        };
        Self::new(error.status(), reason).with_retry_after(error.retry_after())
    }
}
