//! The hand-written runtime that generated code calls: transport, errors, validation, and the
//! building blocks of generated types. Nothing here depends on a particular spec.

mod error;
mod transport;
mod validate;

pub use error::{BuildError, Error};
pub use transport::{ClientCore, Credential, Request};
pub use validate::{
    Validate, Violation, Violations, check_items, check_path_segment, check_range, field_path,
};

use std::fmt;

/// An enum value the spec does not list, received from the server and kept as it came.
///
/// Only decoding makes one, so code cannot put an unknown value into a request by accident;
/// and a request that carries one (copied from a response) is refused before it is sent.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(String);

impl UnknownValue {
    #[allow(
        dead_code,
        reason = "generated enums call it; a spec without enums does not"
    )]
    pub(crate) fn new(value: String) -> Self {
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
    #[allow(
        dead_code,
        reason = "generated enums call it; a spec without enums does not"
    )]
    pub(crate) fn new(type_name: &'static str, value: &str) -> Self {
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

/// A response body that wraps the result (`payload`) and may carry an error instead.
pub trait Envelope {
    /// The result of a successful call.
    type Payload;
    /// The error body the envelope may carry.
    type Error;
    /// Splits the envelope into its payload and its error.
    fn into_parts(self) -> (Option<Self::Payload>, Option<Self::Error>);
}
