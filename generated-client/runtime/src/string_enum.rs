//! String enums, whose fixed code is written once here: a generated enum is one call of
//! [`string_enum!`](crate::string_enum) naming its variants and their wire values, and the macro
//! writes the type, its `Unrecognized` variant, `as_str`, `is_known`, `Display`, `FromStr`,
//! serde and `Validate`.
//!
//! What the macro expands to is small per enum: two matches (a variant's wire value, and the
//! variant of a wire value), and one-line trait impls. Reading a wire value is written once,
//! here, generic only over the deserializer ([`wire_str`]), so that it is compiled once per
//! deserializer, not once per enum and deserializer.

use std::borrow::Cow;
use std::fmt;

/// A string enum: `$(#[doc])* pub enum Name { $(#[doc])* Variant = "wire", … }`. Generated code calls it
/// as `__private::string_enum!` (`#[macro_export]` puts it at the crate root too, hidden).
///
/// The enum gets a variant per listed value, documented with its wire value, and
/// `Unrecognized(UnknownValue)`, which keeps a value the spec does not list exactly as received
/// and encodes it back unchanged. It is `#[non_exhaustive]`. `FromStr` parses only the listed
/// values, so code cannot make an unknown one; `Validate` refuses an unknown value in a request.
/// Every path is absolute, so that a generated type named like a standard one (`Option`,
/// `Vec`) changes nothing.
#[doc(hidden)]
#[macro_export]
macro_rules! string_enum {
    (
        $(#[$attr:meta])*
        pub enum $name:ident {
            $($(#[doc = $doc:literal])* $variant:ident = $wire:literal),* $(,)?
        }
    ) => {
        $(#[$attr])*
        #[doc = ""]
        #[doc = " A value the server adds after this client was generated decodes as"]
        #[doc = " `Unrecognized` and encodes back unchanged; requests refuse it before sending."]
        #[doc = ""]
        #[doc = " The enum is `#[non_exhaustive]`: a value that a later spec lists"]
        #[doc = " becomes a variant of its own, so a `match` needs a `_` arm."]
        #[non_exhaustive]
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $(#[doc = $crate::__private::enum_value_doc!($wire $(, $doc)*)] $variant,)*
            /// A value this client does not know, kept exactly as received.
            Unrecognized($crate::UnknownValue),
        }

        impl $name {
            /// The value as it is sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Unrecognized(value) => value.as_str(),
                }
            }

            /// Whether the value is one the spec lists.
            pub fn is_known(&self) -> bool {
                !::core::matches!(self, Self::Unrecognized(_))
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        /// Parses only the values the spec lists, so that code cannot make an unknown value.
        impl ::core::str::FromStr for $name {
            // Named in full: a variant named `Err` would make `Self::Err` ambiguous.
            type Err = $crate::UnknownVariant;
            fn from_str(value: &str) -> ::core::result::Result<Self, $crate::UnknownVariant> {
                match value {
                    $($wire => ::core::result::Result::Ok(Self::$variant),)*
                    _ => ::core::result::Result::Err($crate::UnknownVariant::new(
                        ::core::stringify!($name),
                        value,
                    )),
                }
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                // The listed values are parsed by `from_str`, so that each enum has one match
                // from wire value to variant, compiled once.
                let wire = $crate::__private::wire_str(deserializer)?;
                ::core::result::Result::Ok(
                    match <Self as ::core::str::FromStr>::from_str(&wire) {
                        ::core::result::Result::Ok(known) => known,
                        ::core::result::Result::Err(_) => {
                            Self::Unrecognized($crate::UnknownValue::new(wire.into_owned()))
                        }
                    },
                )
            }
        }

        impl $crate::Validate for $name {
            fn validate(
                &self,
                path: &$crate::Path<'_>,
                violations: &mut ::std::vec::Vec<$crate::Violation>,
            ) {
                if let Self::Unrecognized(value) = self {
                    violations.push($crate::Violation::unknown_value(
                        path,
                        ::core::stringify!($name),
                        value,
                    ));
                }
            }
        }
    };
}

/// A string enum variant's doc: the one given, or else its wire value as code. The generator
/// gives one where the wire value is not fit to show as it is (a control or bidirectional
/// character), which its own doc text cleans.
#[doc(hidden)]
#[macro_export]
macro_rules! enum_value_doc {
    ($wire:literal) => {
        ::core::concat!(" `", $wire, "`")
    };
    ($wire:literal, $first:literal $(, $line:literal)*) => {
        ::core::concat!($first $(, "\n", $line)*)
    };
}

/// Reads a string enum's wire value: borrowed from the input where the input allows (most
/// values, read from a body in memory), so that a listed value costs no allocation.
pub fn wire_str<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Cow<'de, str>, D::Error> {
    deserializer.deserialize_str(WireStr)
}

/// The visitor of [`wire_str`]: any string, as `String`'s own deserializer takes it.
struct WireStr;

impl<'de> serde::de::Visitor<'de> for WireStr {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: serde::de::Error>(self, value: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(value))
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(value.to_owned()))
    }

    fn visit_string<E: serde::de::Error>(self, value: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(value))
    }

    fn visit_bytes<E: serde::de::Error>(self, value: &[u8]) -> Result<Self::Value, E> {
        match std::str::from_utf8(value) {
            Ok(text) => Ok(Cow::Owned(text.to_owned())),
            Err(_) => Err(E::invalid_value(serde::de::Unexpected::Bytes(value), &self)),
        }
    }

    fn visit_byte_buf<E: serde::de::Error>(self, value: Vec<u8>) -> Result<Self::Value, E> {
        match String::from_utf8(value) {
            Ok(text) => Ok(Cow::Owned(text)),
            Err(error) => Err(E::invalid_value(
                serde::de::Unexpected::Bytes(error.as_bytes()),
                &self,
            )),
        }
    }
}

#[cfg(test)]
// The macro makes public items, as a generated crate's `types` needs; here they stay private.
#[allow(unreachable_pub)]
mod tests {
    use crate::Validate;

    crate::string_enum! {
        /// A test enum.
        pub enum Colour {
            Red = "RED",
            /// Dark blue.
            DarkBlue = "dark-blue",
        }
    }

    #[test]
    fn a_listed_value_decodes_as_its_variant() {
        let colour: Colour = serde_json::from_str(r#""dark-blue""#).expect("decodes");
        assert_eq!(colour, Colour::DarkBlue);
    }

    #[test]
    fn an_escaped_listed_value_decodes_as_its_variant() {
        // An escape makes the parser hand over a transient string, not a borrowed one.
        let colour: Colour = serde_json::from_str(r#""R\u0045D""#).expect("decodes");
        assert_eq!(colour, Colour::Red);
    }

    #[test]
    fn an_unknown_value_is_kept_and_encoded_back_unchanged() {
        let colour: Colour = serde_json::from_str(r#""GREEN""#).expect("decodes");
        assert_eq!(colour.as_str(), "GREEN");
        assert!(!colour.is_known());
        assert_eq!(
            serde_json::to_string(&colour).expect("encodes"),
            r#""GREEN""#
        );
    }

    #[test]
    fn a_value_read_from_a_json_value_decodes() {
        let value = serde_json::json!("RED");
        let colour: Colour = serde_json::from_value(value).expect("decodes");
        assert_eq!(colour, Colour::Red);
    }

    #[test]
    fn a_number_is_refused() {
        assert!(serde_json::from_str::<Colour>("5").is_err());
    }

    #[test]
    fn from_str_parses_only_listed_values() {
        assert_eq!("RED".parse::<Colour>().expect("parses"), Colour::Red);
        let error = "GREEN".parse::<Colour>().expect_err("refused");
        assert_eq!(error.to_string(), "`GREEN` is not a value of Colour");
    }

    #[test]
    fn display_writes_the_wire_value() {
        assert_eq!(Colour::DarkBlue.to_string(), "dark-blue");
    }

    #[test]
    fn validation_refuses_only_an_unknown_value() {
        assert!(Colour::Red.violations().is_empty());
        let unknown: Colour = serde_json::from_str(r#""GREEN""#).expect("decodes");
        let violations = unknown.violations();
        assert_eq!(
            violations[0].message,
            "`GREEN` is not a known Colour value and may not be sent"
        );
    }
}
