//! Dates and times on the wire: RFC 3339 date-times, ISO dates, and vendor formats described in
//! `time`'s format description language. The text is parsed and written by functions that are
//! not generic, so `time`'s parsing and formatting code is compiled once, here; the serde glue
//! that generated code instantiates for each serializer and deserializer only moves a `&str`.

use serde::de::Visitor;
use serde::{Deserializer, Serializer};
use std::fmt;
use time::format_description::BorrowedFormatItem;
use time::format_description::well_known::Rfc3339;

/// A format description, as `time::macros::format_description!` makes one.
pub type Format = &'static [BorrowedFormatItem<'static>];

/// A date or time type that a [`Format`] reads and writes.
pub trait Temporal: Sized {
    /// Parses `text` in `format`, the whole of it.
    fn parse_as(text: &str, format: Format) -> Result<Self, time::error::Parse>;
    /// Writes the value in `format`.
    fn format_as(&self, format: Format) -> Result<String, time::error::Format>;
}

macro_rules! temporal {
    ($($ty:ty),*) => {
        $(impl Temporal for $ty {
            fn parse_as(text: &str, format: Format) -> Result<Self, time::error::Parse> {
                <$ty>::parse(text, format)
            }
            fn format_as(&self, format: Format) -> Result<String, time::error::Format> {
                self.format(format)
            }
        })*
    };
}

temporal!(time::Date, time::Time, time::PrimitiveDateTime);

/// Reads a string and hands it to `parse`, borrowed where the deserializer can lend it.
fn read_text<'de, T, D: Deserializer<'de>>(
    deserializer: D,
    expecting: &'static str,
    parse: fn(&str) -> Result<T, String>,
) -> Result<T, D::Error> {
    struct Text<T> {
        expecting: &'static str,
        parse: fn(&str) -> Result<T, String>,
    }
    impl<T> Visitor<'_> for Text<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.expecting)
        }
        fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<T, E> {
            (self.parse)(text).map_err(|reason| unreadable(self.expecting, &reason))
        }
    }
    deserializer.deserialize_str(Text { expecting, parse })
}

/// Serializes `value` in `format`.
pub fn serialize<T: Temporal, S: Serializer>(
    value: &T,
    serializer: S,
    format: Format,
) -> Result<S::Ok, S::Error> {
    let text = value.format_as(format).map_err(serde::ser::Error::custom)?;
    serializer.serialize_str(&text)
}

/// Deserializes a value written in `format`.
pub fn deserialize<'de, T: Temporal, D: Deserializer<'de>>(
    deserializer: D,
    format: Format,
) -> Result<T, D::Error> {
    let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
    T::parse_as(&text, format).map_err(|reason| unreadable("a date or time in its format", &reason))
}

/// The error for a string that does not read as a date or time: serde's `invalid value`, which
/// `decode_json` keeps (see `json_error`), with `expecting` and `time`'s reason (which names
/// the part that failed, never the text), and the kind of value but not the value, whoever
/// deserializes.
pub fn unreadable<E: serde::de::Error>(expecting: &str, reason: &dyn fmt::Display) -> E {
    struct Expecting<'a>(&'a str, &'a dyn fmt::Display);
    impl serde::de::Expected for Expecting<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "{} ({})", self.0, self.1)
        }
    }
    E::invalid_value(
        serde::de::Unexpected::Other("string"),
        &Expecting(expecting, reason),
    )
}

/// Serde for an RFC 3339 date-time (`format: date-time`): `2026-12-01T10:30:00+05:30`.
pub mod rfc3339 {
    use super::*;

    fn parse(text: &str) -> Result<time::OffsetDateTime, String> {
        time::OffsetDateTime::parse(text, &Rfc3339).map_err(|error| error.to_string())
    }

    /// Writes the date-time in RFC 3339.
    pub fn format(value: &time::OffsetDateTime) -> Result<String, time::error::Format> {
        value.format(&Rfc3339)
    }

    /// Writes the date-time as an RFC 3339 string.
    pub fn serialize<S: Serializer>(
        value: &time::OffsetDateTime,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let text = format(value).map_err(serde::ser::Error::custom)?;
        serializer.serialize_str(&text)
    }

    /// Reads an RFC 3339 string.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<time::OffsetDateTime, D::Error> {
        read_text(deserializer, "an RFC 3339 date-time", parse)
    }

    /// The same for an `Option`: `None` is `null`.
    pub mod option {
        use super::*;

        /// Writes `null`, or the date-time as an RFC 3339 string.
        pub fn serialize<S: Serializer>(
            value: &Option<time::OffsetDateTime>,
            serializer: S,
        ) -> Result<S::Ok, S::Error> {
            match value {
                Some(value) => super::serialize(value, serializer),
                None => serializer.serialize_none(),
            }
        }

        /// Reads `null`, or an RFC 3339 string.
        pub fn deserialize<'de, D: Deserializer<'de>>(
            deserializer: D,
        ) -> Result<Option<time::OffsetDateTime>, D::Error> {
            struct Optional;
            impl<'de> Visitor<'de> for Optional {
                type Value = Option<time::OffsetDateTime>;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("an RFC 3339 date-time or null")
                }
                fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
                    Ok(None)
                }
                fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
                    Ok(None)
                }
                fn visit_some<D: Deserializer<'de>>(
                    self,
                    deserializer: D,
                ) -> Result<Self::Value, D::Error> {
                    super::deserialize(deserializer).map(Some)
                }
            }
            deserializer.deserialize_option(Optional)
        }
    }
}

/// `format: date`: an ISO 8601 calendar date, `2026-12-01`.
pub(crate) const ISO_DATE: Format = time::macros::format_description!("[year]-[month]-[day]");

/// Defines `mod $name` of serde functions (and an `option` module beside them) for the date or
/// time type `time::$ty` written in the format `$description` (`time`'s format description
/// language), as `#[serde(with = "…")]` takes them. The parsing and writing are this crate's.
/// Generated code names it as `__private::temporal_format` (`#[macro_export]` puts it at the
/// crate root too, hidden).
#[doc(hidden)]
#[macro_export]
macro_rules! temporal_format {
    ($name:ident, $ty:ident, $description:tt) => {
        #[doc = concat!("`", $description, "`")]
        pub mod $name {
            // `time`'s macro writes paths that start at `::time`, so a crate that uses this
            // macro depends on `time` itself (it names `time`'s types in its fields anyway).
            const FORMAT: $crate::__private::temporal::Format =
                ::time::macros::format_description!($description);

            /// Writes the value in the format.
            pub fn serialize<S: $crate::__private::serde::Serializer>(
                value: &$crate::__private::time::$ty,
                serializer: S,
            ) -> Result<S::Ok, S::Error> {
                $crate::__private::temporal::serialize(value, serializer, FORMAT)
            }

            /// Reads a value written in the format.
            pub fn deserialize<'de, D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<$crate::__private::time::$ty, D::Error> {
                $crate::__private::temporal::deserialize(deserializer, FORMAT)
            }

            /// The same for an `Option`: `None` is `null`.
            pub mod option {
                /// Writes `null`, or the value in the format.
                pub fn serialize<S: $crate::__private::serde::Serializer>(
                    value: &Option<$crate::__private::time::$ty>,
                    serializer: S,
                ) -> Result<S::Ok, S::Error> {
                    match value {
                        Some(value) => super::serialize(value, serializer),
                        None => serializer.serialize_none(),
                    }
                }

                /// Reads `null`, or a value written in the format.
                pub fn deserialize<'de, D: $crate::__private::serde::Deserializer<'de>>(
                    deserializer: D,
                ) -> Result<Option<$crate::__private::time::$ty>, D::Error> {
                    let text: Option<std::borrow::Cow<'de, str>> =
                        $crate::__private::serde::Deserialize::deserialize(deserializer)?;
                    text.map(|text| {
                        <$crate::__private::time::$ty as $crate::__private::temporal::Temporal>::parse_as(&text, super::FORMAT)
                            .map_err(|reason| {
                                $crate::__private::temporal::unreadable(
                                    concat!("a value in the format `", $description, "`"),
                                    &reason,
                                )
                            })
                    })
                    .transpose()
                }
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[allow(
        unreachable_pub,
        reason = "the macro writes `pub` items for generated crates"
    )]
    mod formats {
        crate::temporal_format!(hh_mm, Time, "[hour]:[minute]");
    }
    use formats::hh_mm;

    #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
    struct Times {
        #[serde(with = "hh_mm")]
        at: time::Time,
        #[serde(with = "hh_mm::option", default)]
        until: Option<time::Time>,
        #[serde(with = "rfc3339")]
        stamp: time::OffsetDateTime,
        #[serde(with = "rfc3339::option", default)]
        maybe: Option<time::OffsetDateTime>,
    }

    /// Each form round-trips byte for byte, and `null` is `None`.
    #[test]
    fn formats_round_trip() -> Result<(), serde_json::Error> {
        let text = r#"{"at":"09:30","until":null,"stamp":"2026-12-01T10:30:00+05:30","maybe":"2026-12-01T05:00:00Z"}"#;
        let times: Times = serde_json::from_str(text)?;
        assert_eq!(times.at, time::macros::time!(09:30));
        assert_eq!(times.until, None);
        assert_eq!(serde_json::to_string(&times)?, text);
        Ok(())
    }

    /// A value in another format is refused, with `time`'s reason.
    #[test]
    fn other_formats_are_refused() {
        assert!(
            serde_json::from_str::<Times>(r#"{"at":"9:30","stamp":"2026-12-01T10:30:00Z"}"#)
                .is_err()
        );
        assert!(
            serde_json::from_str::<Times>(r#"{"at":"09:30","stamp":"2026-12-01 10:30:00"}"#)
                .is_err()
        );
        let parsed = time::Date::parse_as("2026-12-01", ISO_DATE);
        assert_eq!(parsed.ok(), Some(time::macros::date!(2026 - 12 - 01)));
    }
}
