//! Serde for an optional field that may also be `null` (`Option<Option<T>>`), keeping the three
//! states apart: absent is `None`, `null` is `Some(None)`, a value is `Some(Some(value))`. Use it
//! with `default` and `skip_serializing_if = "Option::is_none"`, so that `None` is left out.

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
