//! Strings with constraints (a pattern, lengths): one generic type, [`Constrained`], whose
//! behaviour is written once here. A generated type is an alias of it for a rule of its own
//! ([`StringRule`]), so that a new patterned field adds a rule of a few lines to the generated
//! code, not a type with a dozen impls.

use super::{ConstraintError, MaskedValue, Validate, Violation};
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;

/// The constraints of one generated string type, and its name.
pub trait StringRule: 'static {
    /// The generated type's name, as errors and `Debug` show it.
    const NAME: &'static str;
    /// The pattern, as the spec writes it.
    const PATTERN: Option<&'static str> = None;
    /// The fewest characters a value may have.
    const MIN_LENGTH: Option<usize> = None;
    /// The most characters a value may have.
    const MAX_LENGTH: Option<usize> = None;
    /// Personal data: `Debug` shows that there is a value, not the value.
    const PERSONAL: bool = false;
    /// The pattern compiled as the server matches it (compiled once, on first use).
    fn regex() -> Option<&'static regex::Regex> {
        None
    }
}

/// The pattern items of a [`StringRule`] impl: `PATTERN`, the pattern as the spec writes it,
/// and `regex()`, the `regex` source that matches it as the server does, compiled once, on
/// first use. Generated rules write `string_pattern!(source, regex);` in their impl, naming it
/// as `__private::string_pattern` (`#[macro_export]` puts it at the crate root too, hidden).
/// It reaches `regex` through this crate, so a generated crate need not depend on it.
#[doc(hidden)]
#[macro_export]
macro_rules! string_pattern {
    ($source:literal, $regex:literal) => {
        const PATTERN: Option<&'static str> = Some($source);
        fn regex() -> Option<&'static $crate::__private::regex::Regex> {
            static REGEX: ::std::sync::LazyLock<$crate::__private::regex::Regex> =
                ::std::sync::LazyLock::new(|| $crate::__private::compile_pattern($regex));
            Some(&REGEX)
        }
    };
}

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

/// A string that meets the constraints of the rule `R`. A value can only be made through
/// validation: [`Self::new`], `TryFrom`, `FromStr` or deserialization.
pub struct Constrained<R: StringRule> {
    value: String,
    rule: PhantomData<fn() -> R>,
}

impl<R: StringRule> Constrained<R> {
    /// The pattern, as the spec writes it; the client matches it as the server does.
    pub const PATTERN: Option<&'static str> = R::PATTERN;

    /// Checks `value` against the constraints and wraps it.
    pub fn new(value: impl Into<String>) -> Result<Self, ConstraintError> {
        let value = value.into();
        let pattern = R::regex().zip(R::PATTERN);
        check_string(R::NAME, &value, pattern, R::MIN_LENGTH, R::MAX_LENGTH)?;
        Ok(Self {
            value,
            rule: PhantomData,
        })
    }

    /// The value.
    pub fn as_str(&self) -> &str {
        &self.value
    }

    /// The value, unwrapped.
    pub fn into_inner(self) -> String {
        self.value
    }
}

impl<R: StringRule> Clone for Constrained<R> {
    fn clone(&self) -> Self {
        Self {
            value: self.value.clone(),
            rule: PhantomData,
        }
    }
}

impl<R: StringRule> PartialEq for Constrained<R> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<R: StringRule> Eq for Constrained<R> {}

impl<R: StringRule> PartialOrd for Constrained<R> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<R: StringRule> Ord for Constrained<R> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.value.cmp(&other.value)
    }
}

impl<R: StringRule> Hash for Constrained<R> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

impl<R: StringRule> fmt::Debug for Constrained<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut tuple = f.debug_tuple(R::NAME);
        if R::PERSONAL {
            tuple.field(&MaskedValue)
        } else {
            tuple.field(&self.value)
        }
        .finish()
    }
}

impl<R: StringRule> fmt::Display for Constrained<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.value)
    }
}

impl<R: StringRule> TryFrom<String> for Constrained<R> {
    type Error = ConstraintError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

impl<R: StringRule> TryFrom<&str> for Constrained<R> {
    type Error = ConstraintError;
    fn try_from(value: &str) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

impl<R: StringRule> std::str::FromStr for Constrained<R> {
    type Err = ConstraintError;
    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Self::new(value)
    }
}

impl<R: StringRule> From<Constrained<R>> for String {
    fn from(value: Constrained<R>) -> String {
        value.value
    }
}

impl<R: StringRule> AsRef<str> for Constrained<R> {
    fn as_ref(&self) -> &str {
        &self.value
    }
}

impl<R: StringRule> serde::Serialize for Constrained<R> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.value)
    }
}

impl<'de, R: StringRule> serde::Deserialize<'de> for Constrained<R> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = String::deserialize(deserializer)?;
        // serde's `invalid value`, which `decode_json` keeps (see `json_error`), rather than a
        // message of our own, which it would drop; it names the kind of value, never the
        // value, whoever deserializes.
        Self::new(value).map_err(|error| {
            serde::de::Error::invalid_value(serde::de::Unexpected::Other("string"), &Unmet(error))
        })
    }
}

/// What a value that broke a rule was expected to be: "a valid PinCode (the value does not
/// match the pattern `^\d{6}$`)".
struct Unmet(ConstraintError);

impl serde::de::Expected for Unmet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a valid {} ({})", self.0.type_name(), self.0.reason())
    }
}

/// Nothing to check: the value was checked when it was made.
impl<R: StringRule> Validate for Constrained<R> {
    fn validate(&self, _path: &super::Path<'_>, _violations: &mut Vec<Violation>) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct PinCode;

    impl StringRule for PinCode {
        const NAME: &'static str = "PinCode";
        const PATTERN: Option<&'static str> = Some(r"^\d{6}$");
        const PERSONAL: bool = true;
        fn regex() -> Option<&'static regex::Regex> {
            static REGEX: std::sync::LazyLock<regex::Regex> =
                std::sync::LazyLock::new(|| crate::compile_pattern(r"\A(?:^[0-9]{6}$)\z"));
            Some(&REGEX)
        }
    }

    #[derive(Debug)]
    struct Name;

    impl StringRule for Name {
        const NAME: &'static str = "Name";
        const MAX_LENGTH: Option<usize> = Some(3);
    }

    /// Every way in checks the rule; the value comes out unchanged.
    #[test]
    fn values_are_checked_on_the_way_in() -> Result<(), Box<dyn std::error::Error>> {
        let pin: Constrained<PinCode> = "560001".parse()?;
        assert_eq!(pin.as_str(), "560001");
        assert!(
            Constrained::<PinCode>::new("५६०००१").is_err(),
            "ASCII digits only"
        );
        assert!(Constrained::<PinCode>::try_from("56001").is_err());
        let decoded: Constrained<PinCode> = serde_json::from_str(r#""560001""#)?;
        assert_eq!(decoded, pin);
        assert!(serde_json::from_str::<Constrained<PinCode>>(r#""x""#).is_err());
        assert_eq!(serde_json::to_string(&pin)?, r#""560001""#);
        let error = Constrained::<Name>::new("Ravi")
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            error.as_deref(),
            Some("invalid Name: 4 characters, more than the maximum 3")
        );
        Ok(())
    }

    /// Personal data shows only as `***`; other values as they are.
    #[test]
    fn debug_masks_personal_data() -> Result<(), ConstraintError> {
        let pin = Constrained::<PinCode>::new("560001")?;
        assert_eq!(format!("{pin:?}"), r#"PinCode("***")"#);
        let name = Constrained::<Name>::new("Ana")?;
        assert_eq!(format!("{name:?}"), r#"Name("Ana")"#);
        Ok(())
    }
}
