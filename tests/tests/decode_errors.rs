//! `decode_json` never quotes the body in its errors, whatever failed: each body below fails
//! in another way and holds a distinctive value, which must appear nowhere in the error's
//! `Display`, `Debug` or source chain, while the path and the kind of problem do.

use enkash_client::decode_json;
use enkash_client::types::{
    CustomerKeyContactCreateDto, CustomerKeyContactResponse, CustomerPage,
    CustomerReminderConfigResponse,
};
use serde::Deserialize;
use std::fmt::Debug;

/// A closed enum: an unknown value is an error.
#[derive(Debug, Deserialize)]
#[allow(dead_code, reason = "only decoded")]
enum Kind {
    Open,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code, reason = "only decoded")]
struct Holder {
    kind: Option<Kind>,
    pair: Option<(u32, u32)>,
    strict: Option<Strict>,
    chatty: Option<Chatty>,
    amount: Option<rust_decimal::Decimal>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code, reason = "only decoded")]
struct Strict {
    a: u32,
}

/// A type whose own `Deserialize` writes the value into its message.
#[derive(Debug)]
struct Chatty;

impl<'de> Deserialize<'de> for Chatty {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Err(serde::de::Error::custom(format!("{text} is not chatty")))
    }
}

/// How a body fails, the value it must not show, the path and a part of the reason it must.
struct Case {
    what: &'static str,
    decode: fn(&[u8]) -> Result<(), enkash_client::BodyError>,
    body: &'static str,
    value: &'static str,
    path: &'static str,
    reason: &'static str,
}

fn decode<T: serde::de::DeserializeOwned + Debug>(
    body: &[u8],
) -> Result<(), enkash_client::BodyError> {
    decode_json::<T>(body).map(|value| panic!("decoded as {value:?}"))
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            what: "a string for an integer",
            decode: decode::<CustomerPage>,
            body: r#"{"totalElements": "SECRET123"}"#,
            value: "SECRET123",
            path: "totalElements",
            reason: "invalid type: string, expected i64",
        },
        Case {
            what: "an integer for a string",
            decode: decode::<CustomerKeyContactResponse>,
            body: r#"{"name": 98765432101}"#,
            value: "98765432101",
            path: "name",
            reason: "invalid type: integer, expected a string",
        },
        Case {
            what: "a fraction for an integer",
            decode: decode::<CustomerPage>,
            body: r#"{"totalElements": 4242.4242}"#,
            value: "4242",
            path: "totalElements",
            reason: "invalid type: floating point, expected i64",
        },
        Case {
            what: "a string for a boolean",
            decode: decode::<CustomerKeyContactCreateDto>,
            body: r#"{"deleted": "SECRET123", "legalName": "L", "name": "N", "mobile": "9876543210"}"#,
            value: "SECRET123",
            path: "deleted",
            reason: "invalid type: string, expected a boolean",
        },
        Case {
            what: "a string that breaks its pattern",
            decode: decode::<CustomerKeyContactCreateDto>,
            body: r#"{"deleted": false, "legalName": "L", "name": "N", "mobile": "SECRET123"}"#,
            value: "SECRET123",
            path: "mobile",
            reason: "invalid value: string, expected a valid CustomerKeyContactCreateDtoMobile (the value does not match the pattern",
        },
        Case {
            what: "a date-time that does not parse",
            decode: decode::<CustomerKeyContactResponse>,
            body: r#"{"createdOn": "2026-13-01T10:30:00+05:30 SECRET123"}"#,
            value: "SECRET123",
            path: "createdOn",
            reason: "invalid value: string, expected an RFC 3339 date-time (",
        },
        Case {
            what: "a time in a format of the spec's own that does not parse",
            decode: decode::<CustomerReminderConfigResponse>,
            body: r#"{"reminderTime": "SECRET123"}"#,
            value: "SECRET123",
            path: "reminderTime",
            reason: "invalid value: string, expected a value in the format `[hour]:[minute]` (",
        },
        Case {
            what: "a decimal that does not parse",
            decode: decode::<Holder>,
            body: r#"{"amount": "SECRET123"}"#,
            value: "SECRET123",
            path: "amount",
            reason: "invalid value: string, expected a Decimal",
        },
        Case {
            what: "an unknown variant",
            decode: decode::<Holder>,
            body: r#"{"kind": "SECRET123"}"#,
            value: "SECRET123",
            path: "kind",
            reason: "unknown variant, expected `Open`",
        },
        Case {
            what: "an unknown field",
            decode: decode::<Holder>,
            // The path names the unknown key: it is where the problem is.
            body: r#"{"strict": {"a": 1, "extra": "SECRET123"}}"#,
            value: "SECRET123",
            path: "strict.extra",
            reason: "unknown field, expected `a`",
        },
        Case {
            what: "a list of the wrong length",
            decode: decode::<Holder>,
            body: r#"{"pair": [12345678]}"#,
            value: "12345678",
            path: "pair",
            reason: "invalid length 1, expected a tuple of size 2",
        },
        Case {
            what: "a message of a type's own that quotes the value",
            decode: decode::<Holder>,
            body: r#"{"chatty": "SECRET123"}"#,
            value: "SECRET123",
            path: "chatty",
            reason: "invalid value (its reason is not shown",
        },
        Case {
            what: "a bare word",
            decode: decode::<Holder>,
            body: r#"{"kind": SECRET123}"#,
            value: "SECRET123",
            path: "kind",
            reason: "expected value at line 1 column 10",
        },
        Case {
            what: "an unterminated string",
            decode: decode::<Holder>,
            body: r#"{"kind": "SECRET123"#,
            value: "SECRET123",
            path: "kind",
            reason: "EOF while parsing a string",
        },
        Case {
            what: "characters after the value",
            decode: decode::<Holder>,
            body: r#"{} SECRET123"#,
            value: "SECRET123",
            path: "",
            reason: "trailing characters at line 1 column 4",
        },
    ]
}

#[test]
fn no_decode_error_quotes_the_body() {
    for case in cases() {
        let error = match (case.decode)(case.body.as_bytes()) {
            Ok(()) => panic!("{}: decoded", case.what),
            Err(error) => error,
        };
        let mut shown = vec![format!("{error}"), format!("{error:?}")];
        let mut source = std::error::Error::source(&error);
        while let Some(inner) = source {
            shown.push(format!("{inner}"));
            shown.push(format!("{inner:?}"));
            source = inner.source();
        }
        let shown = shown.join("\n");
        assert!(
            !shown.contains(case.value),
            "{}: the error quotes {:?}:\n{shown}",
            case.what,
            case.value
        );
        assert_eq!(error.path(), case.path, "{}: {shown}", case.what);
        assert!(
            shown.contains(case.reason),
            "{}: expected {:?} in\n{shown}",
            case.what,
            case.reason
        );
    }
}
