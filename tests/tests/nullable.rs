//! The runtime's `nullable` serde helper keeps absent, `null` and a value apart, as the fields
//! generated for optional, nullable properties need.

use serde_json::json;

#[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
struct Patch {
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "client_runtime::__private::nullable"
    )]
    note: Option<Option<String>>,
}

#[test]
fn absent_null_and_value_decode_apart() -> Result<(), serde_json::Error> {
    let absent: Patch = serde_json::from_value(json!({}))?;
    let null: Patch = serde_json::from_value(json!({"note": null}))?;
    let value: Patch = serde_json::from_value(json!({"note": "x"}))?;
    assert_eq!(absent.note, None);
    assert_eq!(null.note, Some(None));
    assert_eq!(value.note, Some(Some("x".to_owned())));
    Ok(())
}

#[test]
fn absent_null_and_value_encode_apart() -> Result<(), serde_json::Error> {
    let encode = |note| serde_json::to_value(Patch { note });
    assert_eq!(encode(None)?, json!({}));
    assert_eq!(encode(Some(None))?, json!({"note": null}));
    assert_eq!(encode(Some(Some("x".to_owned())))?, json!({"note": "x"}));
    Ok(())
}

#[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
struct Refund {
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "client_runtime::__private::nullable::decimal"
    )]
    amount: Option<Option<rust_decimal::Decimal>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "client_runtime::__private::nullable::rfc3339"
    )]
    at: Option<Option<time::OffsetDateTime>>,
}

/// Money keeps every digit and date-times their form, in each of the three states.
#[test]
fn exact_values_keep_three_states() -> Result<(), serde_json::Error> {
    let absent: Refund = serde_json::from_str("{}")?;
    assert_eq!((absent.amount, absent.at), (None, None));
    let null: Refund = serde_json::from_str(r#"{"amount": null, "at": null}"#)?;
    assert_eq!((null.amount, null.at), (Some(None), Some(None)));
    assert_eq!(
        serde_json::to_string(&null)?,
        r#"{"amount":null,"at":null}"#
    );
    let text = r#"{"amount":10.10,"at":"2024-01-02T03:04:05Z"}"#;
    let value: Refund = serde_json::from_str(text)?;
    assert_eq!(
        value.amount.flatten().map(|a| a.to_string()).as_deref(),
        Some("10.10")
    );
    assert_eq!(serde_json::to_string(&value)?, text);
    assert_eq!(serde_json::to_string(&absent)?, "{}");
    Ok(())
}
