//! The runtime's `nullable` serde helper keeps absent, `null` and a value apart, as the fields
//! generated for optional, nullable properties need.

use serde_json::json;

#[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
struct Patch {
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "enkash_client::runtime::nullable"
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
