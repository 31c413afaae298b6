//! The hand-written runtime that generated clients call: transport, authentication, errors,
//! validation, secrets, and the building blocks of generated types. Nothing here depends on a
//! particular spec, so it is compiled once and not again when a spec is regenerated.
//!
//! The crate root holds what users of a generated client need: its errors, its configuration,
//! secrets, files, and validation. A generated client re-exports them at its own root, so
//! users depend on that crate, not on this one. Everything generated code needs besides is
//! plumbing, public only in the hidden module [`__private`], which may change with the
//! generator.
//!
//! Generated modules reach this crate as `crate::runtime` (the generated crate's root declares
//! `use client_runtime as runtime;`), and its plumbing as `crate::runtime::__private`.

#![deny(missing_docs)]

mod auth;
mod body;
mod compose;
mod constrained;
mod de;
mod error;
mod json_error;
#[cfg(feature = "mock")]
pub mod mock;
mod nullable;
pub mod paging;
mod params;
mod request;
mod retry;
mod secret;
mod ser;
mod string_enum;
mod summary;
mod temporal;
mod token;
mod transport;
mod validate;
mod wire;

pub use auth::{AuthError, FreshToken};
pub use body::{BodyError, FilePart, decode_json};
pub use compose::UnknownJson;
pub use error::{BuildError, Error, ErrorDetails, RawBody};
pub use retry::RetryPolicy;
pub use secret::Secret;
pub use transport::Config;
pub use validate::{Path, Validate, Violation, Violations};

/// The plumbing of generated code: what its methods, types and macros call, and the crates
/// its macros name (through `$crate`, so that a generated crate need not depend on them).
/// Not for users: it may change with the generator.
#[doc(hidden)]
pub mod __private {
    pub use crate::auth::{TokenCache, TokenFetcher, TokenFuture};
    pub use crate::body::{FromStatus, Part, read_bytes, read_json, read_text};
    pub use crate::compose::via_value;
    pub use crate::constrained::{Constrained, StringRule, check_string, compile_pattern};
    /// What generated structs encode through.
    pub mod ser {
        pub use crate::ser::Map;
    }
    /// What generated structs decode through.
    pub mod de {
        pub use crate::de::{Fields, Key, deserialize, missing, next, other, skip};
        pub use serde::de::IgnoredAny;
    }
    pub use crate::error::{ErrorBodies, ErrorBody, ErrorFields, ErrorText, decode_error};
    pub use crate::params::{ParamValue, ParamValues, Style, encode_path_segment, path_param};
    pub use crate::request::Request;
    pub use crate::secret::{Masked, MaskedValue};
    pub use crate::string_enum::wire_str;
    pub use crate::token::{ExpiryUnit, FromSecret, secret_from_env, token_expiry};
    pub use crate::transport::{
        Answer, BoxFuture, ClientCore, Credential, Envelope, EnvelopeFields, EnvelopeReport,
        Failure, Refusal, decode_enveloped, is_failure_code,
    };
    pub use crate::validate::{
        MultipleOf, check_content_type, check_items, check_multiple_of, check_path_segment,
        check_properties, check_range, check_unique,
    };
    pub use crate::{enum_value_doc, string_enum, string_pattern, temporal_format};
    /// The crates that the exported macros, and generated code, reach through this one.
    pub use {bytes, regex, reqwest, serde, time};

    /// Serde for an optional field that may also be `null` (`Option<Option<T>>`).
    pub mod nullable {
        pub use crate::nullable::{decimal, deserialize, rfc3339, serialize};
    }

    /// Dates and times on the wire: RFC 3339, and vendor formats.
    pub mod temporal {
        pub use crate::temporal::{
            Fields, Format, Plan, Temporal, deserialize, deserialize_option, parse_in, rfc3339,
            serialize, unreadable,
        };
    }

    /// Serde for arrays and maps of values whose wire form is not their serde default.
    pub mod wire {
        pub use crate::wire::{Exact, WireForm, deserialize, nullable, serialize};
    }
}

// The runtime's own modules reach the plumbing at the root too (`super::ClientCore`).
use __private::*;

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

/// A random number, from the standard library's randomly keyed hasher (no dependency needed
/// for backoff jitter and multipart boundaries, which need no cryptographic strength).
pub(crate) fn random_u64() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
    hasher.write_u128(now.map_or(0, |d| d.as_nanos()));
    hasher.finish()
}
