//! The hand-written runtime that generated clients call: transport, authentication, errors,
//! validation, secrets, and the building blocks of generated types. Nothing here depends on a
//! particular spec, so it is compiled once and not again when a spec is regenerated.
//!
//! **This crate is plumbing.** Its public items exist for the code that `cargo xtask codegen`
//! writes, and may change with the generator. A generated client re-exports, at its root, what
//! its users need (its `Error`, `Config`, `RetryPolicy`, `Secret`, the error and constraint
//! types); depend on those rather than on this crate.
//!
//! Generated modules reach it as `crate::runtime`: the generated crate's root declares
//! `use client_runtime as runtime;`.

#![deny(missing_docs)]

mod auth;
mod body;
mod compose;
mod constrained;
mod error;
mod json_error;
mod params;
mod request;
mod secret;
mod summary;
pub mod temporal;
mod transport;
mod validate;
pub mod wire;

pub use auth::{AuthError, FreshToken, TokenCache, TokenFetcher, TokenFuture};
pub use body::{
    BodyError, FilePart, FromStatus, Part, decode_json, read_bytes, read_json, read_text,
};
pub use compose::{UnknownJson, via_value};
pub use constrained::{Constrained, StringRule};
pub use error::{
    BuildError, Error, ErrorBodies, ErrorBody, ErrorDetails, ErrorFields, RawBody, decode_error,
};
pub use params::{ParamValue, ParamValues, Style, path_param};
pub use request::Request;
pub use secret::{Masked, MaskedValue, Secret};
pub use transport::{
    Answer, BoxFuture, ClientCore, Config, Credential, Envelope, EnvelopeFields, Failure, Refusal,
    RetryPolicy, decode_enveloped, is_failure_code,
};
pub use validate::{
    MultipleOf, Path, Validate, Violation, Violations, check_content_type, check_items,
    check_multiple_of, check_path_segment, check_properties, check_range, check_unique, field_path,
};

use std::fmt;

/// An enum value the spec does not list, received from the server and kept as it came.
///
/// Only decoding makes one, so code cannot put an unknown value into a request by accident;
/// and a request that carries one (copied from a response) is refused before it is sent.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(String);

impl UnknownValue {
    /// Plumbing: generated enums call it when they decode a value they do not list.
    #[doc(hidden)]
    pub fn new(value: String) -> Self {
        Self(value)
    }

    /// The value as received.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Parsing an enum from a string that is not one of its values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownVariant {
    type_name: &'static str,
    value: String,
}

impl UnknownVariant {
    /// Plumbing: generated enums call it when a string is not one of their values.
    #[doc(hidden)]
    pub fn new(type_name: &'static str, value: &str) -> Self {
        Self {
            type_name,
            value: value.to_owned(),
        }
    }
}

impl fmt::Display for UnknownVariant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not a value of {}", self.value, self.type_name)
    }
}

impl std::error::Error for UnknownVariant {}

/// A value that does not meet its type's constraints (pattern, length).
///
/// The message names the type and the rule, but not the value, which may be personal data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConstraintError {
    type_name: &'static str,
    reason: String,
}

impl ConstraintError {
    /// The generated type whose constraint failed.
    pub fn type_name(&self) -> &'static str {
        self.type_name
    }

    /// Which constraint failed.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

impl fmt::Display for ConstraintError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid {}: {}", self.type_name, self.reason)
    }
}

impl std::error::Error for ConstraintError {}

/// Checks a string against a pattern (already translated to the server's semantics) and
/// length bounds, counted in characters.
pub fn check_string(
    type_name: &'static str,
    value: &str,
    pattern: Option<(&regex::Regex, &'static str)>,
    min_length: Option<usize>,
    max_length: Option<usize>,
) -> Result<(), ConstraintError> {
    let fail = |reason: String| Err(ConstraintError { type_name, reason });
    let length = value.chars().count();
    if let Some(min) = min_length
        && length < min
    {
        return fail(format!("{length} characters, fewer than the minimum {min}"));
    }
    if let Some(max) = max_length
        && length > max
    {
        return fail(format!("{length} characters, more than the maximum {max}"));
    }
    if let Some((regex, source)) = pattern
        && !regex.is_match(value)
    {
        return fail(format!("the value does not match the pattern `{source}`"));
    }
    Ok(())
}

/// Compiles a pattern that the generator already compiled and checked with the same crate.
pub fn compile_pattern(source: &str) -> regex::Regex {
    match regex::Regex::new(source) {
        Ok(regex) => regex,
        // Unreachable: the generator refuses patterns that do not compile.
        Err(error) => panic!("pattern checked at generation time fails to compile: {error}"),
    }
}

/// Percent-encodes a value so that it stays one path segment.
pub fn encode_path_segment(value: &dyn fmt::Display) -> String {
    /// Everything but RFC 3986's unreserved characters.
    const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    percent_encoding::utf8_percent_encode(&value.to_string(), SEGMENT).to_string()
}

/// A random number, from the standard library's randomly keyed hasher (no dependency needed
/// for backoff jitter and multipart boundaries, which need no cryptographic strength).
pub(crate) fn random_u64() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
    hasher.write_u128(now.map_or(0, |d| d.as_nanos()));
    hasher.finish()
}

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

/// Serde for an optional field that may also be `null` (`Option<Option<T>>`), keeping the three
/// states apart: absent is `None`, `null` is `Some(None)`, a value is `Some(Some(value))`. Use it
/// with `default` and `skip_serializing_if = "Option::is_none"`, so that `None` is left out.
pub mod nullable {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// Writes `null` for `Some(None)`. (`None` is skipped before this is called.)
    pub fn serialize<T: Serialize, S: Serializer>(
        value: &Option<Option<T>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(inner) => inner.serialize(serializer),
            None => serializer.serialize_none(),
        }
    }

    /// Called only when the key is present, so `null` becomes `Some(None)`.
    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Option<T>>, D::Error> {
        Option::<T>::deserialize(deserializer).map(Some)
    }

    /// Defines `mod $name` of the same two functions for a type whose two-state helper module
    /// (for `Option<T>`) is `$option`, so that a type with its own wire form keeps it.
    macro_rules! three_state {
        ($(#[$doc:meta])* $name:ident: $ty:ty, $($option:ident)::+) => {
            $(#[$doc])*
            pub mod $name {
                use serde::{Deserializer, Serializer};
                use $($option)::+ as inner;

                /// Writes `null` for `Some(None)`.
                pub fn serialize<S: Serializer>(
                    value: &Option<Option<$ty>>,
                    serializer: S,
                ) -> Result<S::Ok, S::Error> {
                    match value {
                        Some(value) => inner::serialize(value, serializer),
                        None => serializer.serialize_none(),
                    }
                }

                /// Called only when the key is present, so `null` becomes `Some(None)`.
                pub fn deserialize<'de, D: Deserializer<'de>>(
                    deserializer: D,
                ) -> Result<Option<Option<$ty>>, D::Error> {
                    inner::deserialize(deserializer).map(Some)
                }
            }
        };
    }

    three_state!(
        /// The same for an exact decimal, written with every digit.
        decimal: rust_decimal::Decimal,
        rust_decimal::serde::arbitrary_precision_option
    );
    three_state!(
        /// The same for an RFC 3339 date-time.
        rfc3339: time::OffsetDateTime,
        crate::temporal::rfc3339::option
    );
}
