//! Serde for arrays and maps (and their options) of values whose wire form is not their serde
//! default: exact decimals, RFC 3339 timestamps and ISO 8601 dates. A field of such a type says
//! `#[serde(with = "crate::runtime::wire")]`, or `wire::nullable` when absent and `null` differ.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;

/// A type that has one wire form, however deeply it sits in arrays, maps and options.
pub trait WireForm: Sized {
    /// Writes the value in its wire form.
    fn to_wire<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;
    /// Reads the value from its wire form.
    fn from_wire<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

/// Writes a value through its [`WireForm`].
struct Out<'a, T>(&'a T);

impl<T: WireForm> Serialize for Out<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.to_wire(serializer)
    }
}

/// Reads a value through its [`WireForm`].
struct In<T>(T);

impl<'de, T: WireForm> Deserialize<'de> for In<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::from_wire(deserializer).map(In)
    }
}

impl WireForm for rust_decimal::Decimal {
    fn to_wire<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        rust_decimal::serde::arbitrary_precision::serialize(self, serializer)
    }
    fn from_wire<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        rust_decimal::serde::arbitrary_precision::deserialize(deserializer)
    }
}

impl WireForm for time::OffsetDateTime {
    fn to_wire<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        crate::temporal::rfc3339::serialize(self, serializer)
    }
    fn from_wire<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::temporal::rfc3339::deserialize(deserializer)
    }
}

/// `format: date`: an ISO 8601 calendar date, `2026-12-01`.
impl WireForm for time::Date {
    fn to_wire<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        crate::temporal::serialize(self, serializer, crate::temporal::ISO_DATE)
    }
    fn from_wire<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::temporal::deserialize(
            deserializer,
            crate::temporal::ISO_DATE,
            crate::temporal::ISO_DATE_PLAN,
        )
    }
}

impl<T: WireForm> WireForm for Option<T> {
    fn to_wire<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Some(value) => serializer.serialize_some(&Out(value)),
            None => serializer.serialize_none(),
        }
    }
    fn from_wire<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Option::<In<T>>::deserialize(deserializer)?.map(|In(value)| value))
    }
}

impl<T: WireForm> WireForm for Vec<T> {
    fn to_wire<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter().map(Out))
    }
    fn from_wire<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let items = Vec::<In<T>>::deserialize(deserializer)?;
        Ok(items.into_iter().map(|In(value)| value).collect())
    }
}

impl<T: WireForm> WireForm for BTreeMap<String, T> {
    fn to_wire<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter().map(|(key, value)| (key, Out(value))))
    }
    fn from_wire<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let entries = BTreeMap::<String, In<T>>::deserialize(deserializer)?;
        Ok(entries
            .into_iter()
            .map(|(key, In(value))| (key, value))
            .collect())
    }
}

/// A whole body read (or written) in its [`WireForm`]: `Exact<Vec<Decimal>>` reads a JSON array
/// of numbers with every digit.
#[derive(Debug, Clone, PartialEq)]
pub struct Exact<T>(pub T);

impl<'de, T: WireForm> Deserialize<'de> for Exact<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::from_wire(deserializer).map(Exact)
    }
}

impl<T: WireForm> Serialize for Exact<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.to_wire(serializer)
    }
}

/// Serde's `serialize_with` for a [`WireForm`] field.
pub fn serialize<T: WireForm, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    value.to_wire(serializer)
}

/// Serde's `deserialize_with` for a [`WireForm`] field.
pub fn deserialize<'de, T: WireForm, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    T::from_wire(deserializer)
}

/// For an optional, nullable field: absent, `null` and a value kept apart.
pub mod nullable {
    use super::WireForm;
    use serde::{Deserializer, Serializer};

    /// Writes a present value (or `null`); an absent one is skipped by the field's
    /// `skip_serializing_if`.
    pub fn serialize<T: WireForm, S: Serializer>(
        value: &Option<Option<T>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(value) => value.to_wire(serializer),
            None => serializer.serialize_none(),
        }
    }

    /// A present field is `Some`, even when it is `null`.
    pub fn deserialize<'de, T: WireForm, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Option<T>>, D::Error> {
        Option::<T>::from_wire(deserializer).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, Deserialize, PartialEq, Debug)]
    struct Prices {
        #[serde(with = "super")]
        amounts: Vec<rust_decimal::Decimal>,
        #[serde(default, with = "super")]
        days: Option<BTreeMap<String, Vec<Option<time::Date>>>>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "super::nullable"
        )]
        at: Option<Option<Vec<time::OffsetDateTime>>>,
    }

    #[test]
    fn nested_values_keep_their_exact_wire_form() {
        let json = r#"{"amounts":[10.10000000000000000001,0.30],"days":{"due":["2026-12-01",null]},"at":null}"#;
        let prices: Prices = serde_json::from_str(json).expect("decodes");
        assert_eq!(prices.amounts[1].to_string(), "0.30");
        assert_eq!(prices.at, Some(None));
        let due = &prices.days.as_ref().expect("days")["due"];
        assert_eq!(due[0], Some(time::macros::date!(2026 - 12 - 01)));
        assert_eq!(serde_json::to_string(&prices).expect("encodes"), json);
    }

    #[test]
    fn a_whole_body_keeps_its_exact_form() {
        let json = r#"[1.10,null,2.000000000000000000000000001]"#;
        let body: Exact<Vec<Option<rust_decimal::Decimal>>> =
            serde_json::from_str(json).expect("decodes");
        assert_eq!(
            body.0[2].map(|d| d.to_string()).as_deref(),
            Some("2.000000000000000000000000001")
        );
        assert_eq!(serde_json::to_string(&body).expect("encodes"), json);
    }

    #[test]
    fn an_absent_nullable_field_stays_absent() {
        let prices: Prices = serde_json::from_str(r#"{"amounts":[]}"#).expect("decodes");
        assert_eq!(prices.at, None);
        assert_eq!(prices.days, None);
        assert_eq!(
            serde_json::to_string(&prices).expect("encodes"),
            r#"{"amounts":[],"days":null}"#
        );
    }
}
