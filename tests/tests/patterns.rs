//! Every patterned field of the spec, matched as the vendor's Java backend matches it: the
//! whole value must match, and `\d`/`\s` are ASCII only.

use enkash_client::ConstraintError;
use enkash_client::types::{
    CustomerCreateRequest, CustomerCreateRequestAccountNumber, CustomerCreateRequestCompanyId,
    CustomerCreateRequestContactNumber, CustomerCreateRequestIfsc, CustomerCreateRequestPanOrGstin,
    CustomerCreateRequestPinCode, CustomerKeyContactCreateDto, CustomerKeyContactCreateDtoEmail,
    CustomerKeyContactCreateDtoMobile,
};

/// Asserts that every constructor (`new`, `FromStr`, both `TryFrom`s, deserialization)
/// accepts each value of `accept` unchanged and refuses each value of `reject`, and that a
/// refusal names the type and the pattern but never the refused value.
macro_rules! check_pattern {
    ($ty:ident, accept: $accept:expr, reject: $reject:expr $(,)?) => {{
        let type_name = stringify!($ty);
        let accept: &[&str] = &$accept;
        let reject: &[&str] = &$reject;
        for &value in accept {
            let made = $ty::new(value)
                .unwrap_or_else(|e| panic!("{type_name}::new refused {value:?}: {e}"));
            assert_eq!(made.as_str(), value, "{type_name} changed the value");
            assert_eq!(
                value.parse::<$ty>().as_ref(),
                Ok(&made),
                "{type_name}: FromStr"
            );
            assert_eq!(
                $ty::try_from(value).as_ref(),
                Ok(&made),
                "{type_name}: TryFrom<&str>"
            );
            assert_eq!(
                $ty::try_from(value.to_owned()).as_ref(),
                Ok(&made),
                "{type_name}: TryFrom<String>"
            );
            let quoted = serde_json::to_string(value).expect("a string encodes");
            let decoded: $ty = serde_json::from_str(&quoted)
                .unwrap_or_else(|e| panic!("{type_name} refused to decode {quoted}: {e}"));
            assert_eq!(decoded, made, "{type_name}: Deserialize");
            assert_eq!(serde_json::to_string(&made).expect("encodes"), quoted);
        }
        for &value in reject {
            let error: ConstraintError = match $ty::new(value) {
                Ok(made) => panic!("{type_name}::new accepted {value:?} as {made:?}"),
                Err(error) => error,
            };
            assert_eq!(error.type_name(), type_name);
            let pattern = $ty::PATTERN.expect("a patterned type");
            assert!(
                error.reason().contains(pattern),
                "{type_name}: reason does not quote the pattern: {}",
                error.reason()
            );
            let message = error.to_string();
            assert!(
                message.contains(type_name),
                "message does not name the type: {message}"
            );
            assert!(
                message.contains(pattern),
                "message does not name the pattern: {message}"
            );
            if !value.is_empty() {
                assert!(
                    !message.contains(value),
                    "message leaks the value {value:?}: {message}"
                );
            }
            assert!(
                value.parse::<$ty>().is_err(),
                "{type_name}: FromStr accepted {value:?}"
            );
            assert!(
                $ty::try_from(value).is_err(),
                "{type_name}: TryFrom<&str> accepted {value:?}"
            );
            assert!(
                $ty::try_from(value.to_owned()).is_err(),
                "{type_name}: TryFrom<String> accepted {value:?}"
            );
            let quoted = serde_json::to_string(value).expect("a string encodes");
            let decode_error = match serde_json::from_str::<$ty>(&quoted) {
                Ok(made) => panic!("{type_name} decoded {quoted} as {made:?}"),
                Err(error) => error.to_string(),
            };
            assert!(
                decode_error.contains(type_name),
                "decode error: {decode_error}"
            );
            if !value.is_empty() {
                assert!(
                    !decode_error.contains(value),
                    "decode error leaks {value:?}: {decode_error}"
                );
            }
        }
    }};
}

/// Rejected by both phone patterns (mobile and contactNumber).
const BAD_PHONES: [&str; 12] = [
    "९८७६५४३२१०", // Devanagari digits: Java's \d is ASCII only
    "+९१ ९८७६५४३२१०",
    "９８７６５４３２１０", // full-width digits
    "+91 98765",            // too short
    "9876543210\n",         // a trailing newline is not "end of value"
    "\n9876543210",
    "98765432101",         // eleven digits
    "+91  9876543210",     // two separators
    "+1234 9876543210",    // four-digit country code
    "+91\u{a0}9876543210", // no-break space is not Java's \s
    "phone: 9876543210",   // would pass a search-anywhere match
    "9876543210 ext. 12",
];

/// Accepted by both phone patterns.
const GOOD_PHONES: [&str; 9] = [
    "",
    "9876543210",
    "+91 9876543210",
    "0091-9876543210",
    "+919876543210",
    "00919876543210",
    "+1-9876543210",
    "+91\t9876543210", // \t is one of Java's \s
    "+977 9812345678",
];

#[test]
fn mobile_of_key_contact() {
    check_pattern!(CustomerKeyContactCreateDtoMobile, accept: GOOD_PHONES, reject: BAD_PHONES);
}

#[test]
fn contact_number_of_customer() {
    check_pattern!(CustomerCreateRequestContactNumber, accept: GOOD_PHONES, reject: BAD_PHONES);
}

#[test]
fn pin_code() {
    check_pattern!(
        CustomerCreateRequestPinCode,
        accept: ["", "560038", "110001", "000000"],
        reject: [
            "५६००३८", // Devanagari digits
            "56003",
            "5600381",
            "560 038",
            "560038\n",
            "PIN 560038",
            "56OO38", // letter O
        ],
    );
}

#[test]
fn pan_or_gstin_alternatives_each_match_only_a_whole_value() {
    check_pattern!(
        CustomerCreateRequestPanOrGstin,
        accept: [
            "",                // first alternative
            "29AABCS1234K1Z5", // GSTIN
            "37aabcs1234k1z5", // GSTIN, lower case, last valid state code
            "01AABCP1234K1ZA",
            "AABCS1234K",      // PAN
            "aabcs1234k",
            "AABES1234K",      // E is allowed in the fourth place of a PAN...
        ],
        reject: [
            "hello", // matches `^(GSTIN)?` (empty) under a search-anywhere match
            "29AABES1234K1Z5", // ...but not of a GSTIN
            "38AABCS1234K1Z5", // state code above 37
            "00AABCS1234K1Z5", // state code 00
            "29AABCS1234K1Y5", // no Z in the fourteenth place
            "29AABCS1234K1Z",  // fourteen characters
            "29AABCS1234K1Z5X",
            "AABDS1234K",      // D is not a PAN holder type
            "AABCS1234",
            "AABCS1234K\n",
            "PAN AABCS1234K",
            "AABCS1234KAABCS1234K",
            "२९AABCS1234K1Z5", // Devanagari state code
            "AABCS१२३४K",      // Devanagari digits in a PAN: \d is ASCII only
        ],
    );
}

#[test]
fn email_of_key_contact() {
    check_pattern!(
        CustomerKeyContactCreateDtoEmail,
        accept: [
            "priya.sharma@example.in",
            "accounts@sharmatraders.in",
            "priya+invoices@mail.sharma-traders.co.in",
            "o'brien@example.ie",
            "\"priya\\ sharma\"@example.in", // quoted local part, escaped space
            "rahul@[192.168.0.1]",           // address literal
        ],
        reject: [
            "x a@b.co y",
            "<script>a@b.co</script>",
            "",
            "priya.sharma@",
            "@example.in",
            "priya..sharma@example.in",
            "priya.sharma@example",  // the pattern needs a dot in the domain
            "priya@-example.in",
            "priya.sharma@example.in\n",
            "\"priya sharma\"@example.in", // unescaped space in a quoted local part
            "प्रिया@example.in",
            "priya@256.1.1.1.in.",
        ],
    );
}

#[test]
fn company_id() {
    check_pattern!(
        CustomerCreateRequestCompanyId,
        accept: ["CEK12AB34C", "CEK0000000", "CEKZZZZZZZ"],
        reject: [
            "CEK12ab34c",
            "cek12AB34C",
            "",             // no empty alternative here
            "CEK12AB34",
            "CEK12AB34CD",
            "XCEK12AB34C",
            "CEK12AB34C\n",
            "CEK१२AB३४C",
        ],
    );
}

#[test]
fn ifsc() {
    check_pattern!(
        CustomerCreateRequestIfsc,
        accept: ["", "HDFC0001234", "SBIN0ABC123", "hdfc0abc12z"],
        reject: [
            "HDFC1001234", // fifth character must be 0
            "HDF00001234",
            "HDFC000123",
            "HDFC00012345",
            "HDFC0001234 ",
            "HD1C0001234",
            "HDFC0-01234",
        ],
    );
}

#[test]
fn account_number() {
    check_pattern!(
        CustomerCreateRequestAccountNumber,
        accept: [
            "",
            "123456789",                            // 9
            "50100123456789",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", // 36
            "abc123XYZ",
        ],
        reject: [
            "12345678",                              // 8
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ01234567890", // 37
            "5010-0123-4567",
            "50100123456789 ",
            "5010012345678९",
            "ÄBCDEFGHIJ",
        ],
    );
}

#[test]
fn an_invalid_value_cannot_be_deserialized() {
    macro_rules! refuses_hello {
        ($($ty:ident),*) => {$(
            let error = serde_json::from_str::<$ty>("\"hello\"")
                .expect_err(concat!(stringify!($ty), " decoded \"hello\""));
            let message = error.to_string();
            assert!(message.contains(stringify!($ty)), "{message}");
            assert!(message.contains($ty::PATTERN.expect("patterned")), "{message}");
            assert!(!message.contains("hello"), "{message}");
        )*};
    }
    refuses_hello!(
        CustomerCreateRequestAccountNumber,
        CustomerCreateRequestCompanyId,
        CustomerCreateRequestContactNumber,
        CustomerCreateRequestIfsc,
        CustomerCreateRequestPanOrGstin,
        CustomerCreateRequestPinCode,
        CustomerKeyContactCreateDtoEmail,
        CustomerKeyContactCreateDtoMobile
    );
}

#[test]
fn an_invalid_field_makes_the_whole_request_undecodable() {
    let with = |field: &str, value: &str| {
        let mut request: serde_json::Value = serde_json::from_str(
            r#"{"customerKeyContacts": [], "legalName": "Sharma Traders Private Limited"}"#,
        )
        .expect("valid JSON");
        request[field] = serde_json::Value::from(value);
        serde_json::from_value::<CustomerCreateRequest>(request)
    };
    assert!(with("panOrGstin", "29AABCS1234K1Z5").is_ok());
    for (field, value) in [
        ("accountNumber", "12345678"),
        ("companyId", "CEK12ab34c"),
        ("contactNumber", "९८७६५४३२१०"),
        ("ifsc", "HDFC1001234"),
        ("panOrGstin", "hello"),
        ("pinCode", "५६००३८"),
    ] {
        let error = with(field, value).expect_err(field);
        assert!(!error.to_string().contains(value), "{error}");
    }

    let contact = r#"{"deleted": false, "legalName": "Priya Sharma", "name": "Priya",
                      "mobile": "+91 98765"}"#;
    assert!(serde_json::from_str::<CustomerKeyContactCreateDto>(contact).is_err());
    let contact = r#"{"deleted": false, "legalName": "Priya Sharma", "name": "Priya",
                      "mobile": "9876543210", "email": "<script>a@b.co</script>"}"#;
    assert!(serde_json::from_str::<CustomerKeyContactCreateDto>(contact).is_err());
}

/// A whole request read from JSON with `decode_json` names the field that failed, not only
/// the Rust type, and the reason does not quote the refused value.
#[test]
fn decoding_a_whole_request_names_the_field_path() {
    let text = r#"{
        "legalName": "Sharma Traders",
        "customerKeyContacts": [{
            "deleted": false, "legalName": "Priya", "name": "Priya",
            "mobile": "९८७६५४३२१०"
        }]
    }"#;
    let error = enkash_client::decode_json::<CustomerCreateRequest>(text.as_bytes())
        .expect_err("Devanagari digits are not a mobile number");
    assert_eq!(error.path(), "customerKeyContacts[0].mobile");
    let message = error.to_string();
    assert!(
        message.starts_with(
            "at `customerKeyContacts[0].mobile`: invalid value: string, expected a valid CustomerKeyContactCreateDtoMobile"
        ),
        "{message}"
    );
    assert!(!message.contains('९'), "the value is not quoted: {message}");

    let fixed = text.replace("९८७६५४३२१०", "+91 9876543210");
    let request = enkash_client::decode_json::<CustomerCreateRequest>(fixed.as_bytes())
        .expect("a valid request decodes");
    assert_eq!(
        request.customer_key_contacts[0].mobile.as_str(),
        "+91 9876543210"
    );
}
