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

/// A generated struct reads each kind of field as the spec says: a required nullable field
/// must be present, even as `null`; an optional nullable one keeps absent and `null` apart,
/// through a helper (decimals, timestamps) or not; other keys are its additional properties.
mod generated_struct {
    use client_runtime::decode_json;
    use enkash_client_tests::types::Ledger;
    use rust_decimal::Decimal;
    use serde_json::json;

    fn ledger(json: serde_json::Value) -> Result<Ledger, String> {
        decode_json(json.to_string().as_bytes()).map_err(|e| e.to_string())
    }

    const OPENED: &str = "2026-01-02T03:04:05Z";

    #[test]
    fn absent_null_and_value_are_kept_apart() {
        let absent =
            ledger(json!({"owner": null, "balance": 1, "openedAt": OPENED})).expect("reads");
        assert_eq!(absent.owner, None);
        assert_eq!(
            (absent.note, absent.refund, absent.closed_at),
            (None, None, None)
        );
        assert_eq!(absent.count, None);

        let null = ledger(json!({
            "owner": "o", "balance": 1, "openedAt": OPENED,
            "note": null, "refund": null, "closedAt": null, "count": null
        }))
        .expect("reads");
        assert_eq!(null.owner.as_deref(), Some("o"));
        assert_eq!(
            (null.note, null.refund, null.closed_at),
            (Some(None), Some(None), Some(None))
        );
        assert_eq!(null.count, None);

        let value = ledger(json!({
            "owner": null, "balance": 1, "openedAt": OPENED,
            "note": "n", "refund": 0.10, "closedAt": "2026-02-03T04:05:06Z", "count": 3
        }))
        .expect("reads");
        assert_eq!(value.note, Some(Some("n".to_owned())));
        assert_eq!(
            value.refund,
            Some(Some(Decimal::new(10, 2))),
            "exact, with its scale"
        );
        assert_eq!(value.closed_at.flatten().map(|t| t.day()), Some(3));
        assert_eq!(value.count, Some(3));
    }

    #[test]
    fn required_fields_must_be_present_even_when_nullable() {
        let error = ledger(json!({"balance": 1, "openedAt": OPENED})).expect_err("is refused");
        assert!(error.contains("missing field `owner`"), "{error}");
        let error = ledger(json!({"owner": null, "openedAt": OPENED})).expect_err("is refused");
        assert!(error.contains("missing field `balance`"), "{error}");
    }

    /// A struct of one required field (`Pet`'s `name`) is finished by a `match` of that one
    /// slot, not of a tuple of them.
    #[test]
    fn a_lone_required_field_must_be_present_too() {
        use enkash_client_tests::types::Pet;
        let error = decode_json::<Pet>(br#"{"tags": ["a"]}"#)
            .expect_err("is refused")
            .to_string();
        assert!(error.contains("missing field `name`"), "{error}");
        let pet: Pet = decode_json(br#"{"name": "Rex"}"#).expect("reads");
        assert_eq!((pet.name.as_str(), pet.tags), ("Rex", None));
    }

    #[test]
    fn a_value_of_the_wrong_form_names_its_field() {
        let error = ledger(json!({"owner": null, "balance": 1, "openedAt": "yesterday"}))
            .expect_err("is refused");
        assert!(error.starts_with("at `openedAt`"), "{error}");
        let error = ledger(json!({"owner": null, "balance": 1, "openedAt": OPENED, "other": "x"}))
            .expect_err("is refused");
        assert!(error.starts_with("at `other`"), "{error}");
    }

    #[test]
    fn a_repeated_key_or_an_array_is_refused() {
        let twice =
            format!(r#"{{"owner": null, "balance": 1, "balance": 2, "openedAt": "{OPENED}"}}"#);
        let error = decode_json::<Ledger>(twice.as_bytes())
            .expect_err("is refused")
            .to_string();
        assert!(error.contains("duplicate field `balance`"), "{error}");
        let error = ledger(json!([null, 1, OPENED])).expect_err("is refused");
        assert!(error.contains("expected struct Ledger"), "{error}");
    }

    #[test]
    fn other_keys_are_additional_properties_and_written_back() {
        let json = format!(
            r#"{{"owner": null, "balance": 1.50, "openedAt": "{OPENED}", "x": 1, "y": 2}}"#
        );
        let read: Ledger = decode_json(json.as_bytes()).expect("reads");
        assert_eq!(
            read.additional_properties.iter().collect::<Vec<_>>(),
            [(&"x".to_owned(), &1), (&"y".to_owned(), &2)]
        );
        let written = serde_json::to_value(&read).expect("reads");
        assert_eq!(written["balance"].to_string(), "1.50");
        assert_eq!(written["x"], 1);
        assert!(
            written.get("note").is_none(),
            "an absent field stays absent"
        );
        assert_eq!(
            ledger(written).expect("reads"),
            read,
            "what is written reads back the same"
        );
    }
}
