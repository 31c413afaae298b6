//! Decode → encode round trips of the spec's example shapes, and the exactness of money and
//! vendor date formats.

mod common;

use common::{
    CUSTOMER_CREATE_REQUEST, CUSTOMER_RESPONSE, ERROR_RESPONSE, QR_CODE_RESPONSE, error_envelope,
    json, success_envelope,
};
use enkash_client::types::{
    CustomerCreateRequest, CustomerEnvelope, CustomerKeyContactCreateDto,
    CustomerKeyContactCreateDtoMobile, CustomerReminderCreateDto, CustomerResponse, CustomerSource,
    ErrorResponse, ErrorType, QrCodeCreateRequest, QrCodeEnvelope, QrCodeResponse, QrCodeStatus,
    ReminderType,
};
use rust_decimal::Decimal;
use serde_json::Value;
use std::str::FromStr;
use time::macros::{datetime, time};

/// Decodes the text as the type, encodes it again and returns both as JSON values.
macro_rules! round_trip {
    ($ty:ty, $text:expr) => {{
        let text: &str = $text;
        let decoded: $ty = serde_json::from_str(text).expect("the fixture decodes");
        let encoded = serde_json::to_value(&decoded).expect("the decoded value encodes");
        (json(text), encoded)
    }};
}

/// The keys of a JSON object, sorted.
fn keys(value: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value
        .as_object()
        .expect("a JSON object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

#[test]
fn full_customer_create_request_round_trips() {
    let (original, encoded) = round_trip!(CustomerCreateRequest, CUSTOMER_CREATE_REQUEST);
    assert_eq!(encoded, original);
    assert_eq!(keys(&encoded).len(), 15, "all 15 fields are present");
}

#[test]
fn full_customer_create_request_decodes_to_typed_values() {
    let request: CustomerCreateRequest =
        serde_json::from_str(CUSTOMER_CREATE_REQUEST).expect("the fixture decodes");
    assert_eq!(request.legal_name, "Sharma Traders Private Limited");
    assert_eq!(
        request.company_id.as_ref().map(|id| id.as_str()),
        Some("CEK12AB34C")
    );
    assert_eq!(
        request.pan_or_gstin.as_ref().map(|p| p.as_str()),
        Some("29AABCS1234K1Z5")
    );
    assert_eq!(request.source, Some(CustomerSource::Enkash));
    assert_eq!(request.external_source, Some(false));

    let [contact] = request.customer_key_contacts.as_slice() else {
        panic!(
            "expected one key contact, got {:?}",
            request.customer_key_contacts
        );
    };
    assert!(!contact.deleted);
    assert_eq!(contact.mobile.as_str(), "+91 9876543210");
    assert_eq!(
        contact.email.as_ref().map(|e| e.as_str()),
        Some("priya.sharma@example.in")
    );
    assert_eq!(contact.whatsapp_enabled, Some(false));

    let reminders = request
        .customer_reminders
        .as_deref()
        .expect("reminders are present");
    let [reminder] = reminders else {
        panic!("expected one reminder, got {reminders:?}");
    };
    assert_eq!(reminder.reminder_time, Some(time!(09:30)));
    assert_eq!(reminder.reminder_type, Some(ReminderType::Recurring));
    assert_eq!(reminder.due_date_difference, Some(3));
    assert_eq!(reminder.reminder_interval, Some(7));
}

#[test]
fn customer_create_request_built_in_code_serialises_like_the_fixture() {
    let contact = CustomerKeyContactCreateDto::new(
        false,
        "Priya Sharma",
        CustomerKeyContactCreateDtoMobile::new("+91 9876543210").expect("valid mobile"),
        "Priya Sharma",
    )
    .with_email("priya.sharma@example.in".parse().expect("valid email"))
    .with_key_contact_person_id("KCP000456")
    .with_mail_enabled(true)
    .with_sms_enabled(true)
    .with_via("EMAIL")
    .with_whatsapp_enabled(false);
    let reminder = CustomerReminderCreateDto::new()
        .with_customer_reminder_id("REM000078")
        .with_due_date_difference(3)
        .with_reminder_interval(7)
        .with_reminder_time(time!(09:30))
        .with_reminder_type(ReminderType::Recurring)
        .with_stage("BEFORE_DUE");
    let request = CustomerCreateRequest::new(vec![contact], "Sharma Traders Private Limited")
        .with_account_number("50100123456789".parse().expect("valid account number"))
        .with_address("14, 2nd Cross, Indiranagar, Bengaluru")
        .with_company_id("CEK12AB34C".parse().expect("valid company id"))
        .with_contact_number("+91 9876543210".parse().expect("valid contact number"))
        .with_customer_company_id("SHTR-BLR-0042")
        .with_customer_reminders(vec![reminder])
        .with_external_source(false)
        .with_ifsc("HDFC0001234".parse().expect("valid IFSC"))
        .with_pan_or_gstin("29AABCS1234K1Z5".parse().expect("valid GSTIN"))
        .with_pin_code("560038".parse().expect("valid PIN code"))
        .with_source(CustomerSource::Enkash)
        .with_state("Karnataka")
        .with_unique_ref_no("CUST-2025-000123");
    let encoded = serde_json::to_value(&request).expect("the request encodes");
    assert_eq!(encoded, json(CUSTOMER_CREATE_REQUEST));
}

#[test]
fn absent_optional_fields_are_not_serialised() {
    let minimal = r#"{
      "customerKeyContacts": [
        {"deleted": false, "legalName": "Priya Sharma", "mobile": "9876543210", "name": "Priya"}
      ],
      "legalName": "Sharma Traders Private Limited"
    }"#;
    let (original, encoded) = round_trip!(CustomerCreateRequest, minimal);
    assert_eq!(encoded, original);
    assert_eq!(keys(&encoded), ["customerKeyContacts", "legalName"]);
    assert_eq!(
        keys(&encoded["customerKeyContacts"][0]),
        ["deleted", "legalName", "mobile", "name"]
    );

    let text = serde_json::to_string(&QrCodeCreateRequest::default()).expect("encodes");
    assert_eq!(text, "{}", "no `null` is written for unset optional fields");

    let text = serde_json::to_string(&CustomerReminderCreateDto::default()).expect("encodes");
    assert_eq!(text, "{}");
}

#[test]
fn required_fields_are_required() {
    let no_legal_name = r#"{"customerKeyContacts": []}"#;
    assert!(serde_json::from_str::<CustomerCreateRequest>(no_legal_name).is_err());
    let no_contacts = r#"{"legalName": "Sharma Traders"}"#;
    assert!(serde_json::from_str::<CustomerCreateRequest>(no_contacts).is_err());
    let no_mobile = r#"{"deleted": false, "legalName": "Priya Sharma", "name": "Priya"}"#;
    assert!(serde_json::from_str::<CustomerKeyContactCreateDto>(no_mobile).is_err());
}

#[test]
fn customer_envelope_with_payload_round_trips() {
    let text = success_envelope(CUSTOMER_RESPONSE, "Customer created successfully");
    let (original, encoded) = round_trip!(CustomerEnvelope, &text);
    assert_eq!(encoded, original);

    let envelope: CustomerEnvelope = serde_json::from_str(&text).expect("decodes");
    assert_eq!(envelope.error_response, None);
    assert_eq!(envelope.response_code, Some(200));
    let customer = envelope.payload.expect("payload is present");
    assert_eq!(
        customer.created_on,
        Some(datetime!(2025-07-05 12:21:15 UTC))
    );
    assert_eq!(
        customer.modified_on,
        Some(datetime!(2025-07-05 12:21:15 UTC))
    );
    assert_eq!(customer.net_amount, Some(Decimal::new(12_500_050, 2)));
    assert_eq!(customer.id, Some(1024));
    assert_eq!(customer.branch_codes, Some(vec!["BLR-IND".to_owned()]));
    assert_eq!(customer.warnings, Some(vec![]));

    let contacts = customer
        .customer_key_contacts
        .expect("key contacts are present");
    assert_eq!(contacts.len(), 1);
    assert_eq!(contacts[0].deleted.as_deref(), Some("false"));
    assert_eq!(
        contacts[0].created_on,
        Some(datetime!(2025-07-05 12:21:15 UTC))
    );

    let reminders = customer.customer_reminders.expect("reminders are present");
    assert_eq!(reminders.len(), 1);
    assert_eq!(reminders[0].reminder_time, Some(time!(09:30)));
    assert_eq!(reminders[0].reminder_type, Some(ReminderType::Recurring));
}

#[test]
fn created_on_keeps_its_offset_and_refuses_a_non_rfc3339_value() {
    let customer: CustomerResponse =
        serde_json::from_str(r#"{"createdOn": "2025-07-05T17:51:15+05:30"}"#).expect("decodes");
    assert_eq!(
        customer.created_on,
        Some(datetime!(2025-07-05 17:51:15 +05:30))
    );
    let text = serde_json::to_string(&customer).expect("encodes");
    assert_eq!(text, r#"{"createdOn":"2025-07-05T17:51:15+05:30"}"#);

    let bad = r#"{"createdOn": "2025-07-05 12:21:15"}"#;
    assert!(serde_json::from_str::<CustomerResponse>(bad).is_err());
}

#[test]
fn envelope_with_error_response_round_trips() {
    let text = error_envelope();
    let (original, encoded) = round_trip!(CustomerEnvelope, &text);
    assert_eq!(encoded, original);

    let envelope: CustomerEnvelope = serde_json::from_str(&text).expect("decodes");
    assert_eq!(envelope.payload, None);
    let error = envelope.error_response.expect("errorResponse is present");
    assert_eq!(error.error_type, Some(ErrorType::ValidationError));
    assert_eq!(
        error.error_message.as_deref(),
        Some("ifsc must match the IFSC format")
    );
    assert_eq!(
        error.request_id.as_deref(),
        Some("3f6c2a1e-8b7d-4c59-9e0a-5d2b7f1c4a90")
    );
    assert_eq!(error.timestamp, Some(datetime!(2025-07-05 12:21:15)));
    let sub_errors = error.api_sub_errors.expect("apiSubErrors is present");
    assert_eq!(sub_errors.len(), 1);
    assert_eq!(sub_errors[0].get("field"), Some(&Value::from("ifsc")));
}

#[test]
fn error_timestamp_round_trips_byte_for_byte() {
    let error: ErrorResponse = serde_json::from_str(ERROR_RESPONSE).expect("decodes");
    let text = serde_json::to_string(&error).expect("encodes");
    assert!(
        text.contains(r#""timestamp":"2025-07-05 12:21:15""#),
        "timestamp not written back as `yyyy-MM-dd HH:mm:ss`: {text}"
    );
}

#[test]
fn qr_code_response_round_trips() {
    let (original, encoded) = round_trip!(QrCodeResponse, QR_CODE_RESPONSE);
    assert_eq!(encoded, original);

    let qr: QrCodeResponse = serde_json::from_str(QR_CODE_RESPONSE).expect("decodes");
    assert_eq!(qr.qr_code_id.as_deref(), Some("QR7K2M9P4XWZ"));
    assert_eq!(qr.status, Some(QrCodeStatus::Active));
    assert_eq!(qr.amount, Some(Decimal::new(49_900, 2)));
    assert_eq!(
        qr.amount.map(|a| a.scale()),
        Some(2),
        "499.00 keeps its two decimals"
    );
    assert_eq!(qr.expiry.as_deref(), Some("2025-08-31 23:59:59"));
    let params = qr.custom_params.expect("customParams is present");
    assert_eq!(
        params.get("invoiceNumber"),
        Some(&Value::from("INV-2025-0456"))
    );

    // A response built as a test stub would build it: empty, then the one field it needs.
    let mut stub = QrCodeResponse::new();
    stub.amount = qr.amount;
    let text = serde_json::to_string(&stub).expect("encodes");
    assert_eq!(text, r#"{"amount":499.00}"#);
}

#[test]
fn qr_code_envelope_round_trips() {
    let text = success_envelope(QR_CODE_RESPONSE, "QR code created successfully");
    let (original, encoded) = round_trip!(QrCodeEnvelope, &text);
    assert_eq!(encoded, original);
}

#[test]
fn amount_10_10_survives_exactly() {
    let qr: QrCodeResponse = serde_json::from_str(r#"{"amount": 10.10}"#).expect("decodes");
    let amount = qr.amount.expect("amount is present");
    assert_eq!(amount, Decimal::new(1010, 2));
    assert_eq!(amount.scale(), 2);
    let text = serde_json::to_string(&qr).expect("encodes");
    assert_eq!(text, r#"{"amount":10.10}"#);

    let request =
        QrCodeCreateRequest::new().with_amount(Decimal::from_str("10.10").expect("a decimal"));
    let text = serde_json::to_string(&request).expect("encodes");
    assert_eq!(text, r#"{"amount":10.10}"#);
}

#[test]
fn money_does_not_pass_through_binary_floating_point() {
    // 12345678901234567.89 has no exact f64; through a float it would come back as
    // 12345678901234568.
    let customer: CustomerResponse =
        serde_json::from_str(r#"{"netAmount": 12345678901234567.89}"#).expect("decodes");
    assert_eq!(
        customer.net_amount,
        Some(Decimal::from_str("12345678901234567.89").expect("a decimal"))
    );
    let text = serde_json::to_string(&customer).expect("encodes");
    assert_eq!(text, r#"{"netAmount":12345678901234567.89}"#);

    // 0.1 + 0.2 style values stay exact too.
    let qr: QrCodeResponse = serde_json::from_str(r#"{"amount": 0.30}"#).expect("decodes");
    assert_eq!(
        serde_json::to_string(&qr).expect("encodes"),
        r#"{"amount":0.30}"#
    );
}

#[test]
fn reminder_time_round_trips_as_hh_mm() {
    let reminder: CustomerReminderCreateDto =
        serde_json::from_str(r#"{"reminderTime": "09:30"}"#).expect("decodes");
    assert_eq!(reminder.reminder_time, Some(time!(09:30)));
    assert_eq!(
        serde_json::to_string(&reminder).expect("encodes"),
        r#"{"reminderTime":"09:30"}"#
    );

    let built = CustomerReminderCreateDto::new().with_reminder_time(time!(07:05));
    assert_eq!(
        serde_json::to_string(&built).expect("encodes"),
        r#"{"reminderTime":"07:05"}"#,
        "hours and minutes are zero-padded"
    );
}

#[test]
fn malformed_vendor_dates_are_refused() {
    for bad in [
        "2024-1-2 3:4:5",
        "2025-07-05T12:21:15",
        "2025-07-05",
        "2025-13-05 12:21:15",
    ] {
        let text = format!(r#"{{"timestamp": "{bad}"}}"#);
        assert!(
            serde_json::from_str::<ErrorResponse>(&text).is_err(),
            "timestamp {bad:?} was accepted"
        );
    }
    for bad in ["9:30", "09:30:00", "24:00", "09:60", "0930"] {
        let text = format!(r#"{{"reminderTime": "{bad}"}}"#);
        assert!(
            serde_json::from_str::<CustomerReminderCreateDto>(&text).is_err(),
            "reminderTime {bad:?} was accepted"
        );
    }
}
