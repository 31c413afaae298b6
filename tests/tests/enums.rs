//! Enums: known values map to variants, values the server adds later are kept as they came,
//! and such values are never sent back.

mod common;

use common::{CUSTOMER_CREATE_REQUEST, QR_CODE_RESPONSE, json, received, server_and_client};
use enkash_client::Error;
use enkash_client::types::{
    CustomerCreateRequest, CustomerSearchRequest, CustomerSource, ErrorResponse, ErrorType,
    QrCodeResponse, QrCodeSearchRequest, QrCodeStatus, ReminderType, SearchCustomerParams,
    SearchUpiQrParams, SortDirection,
};
use wiremock::matchers::any;
use wiremock::{Mock, ResponseTemplate};

/// For each `(wire value, variant)` pair: FromStr, Deserialize, as_str, Display, Serialize and
/// is_known agree.
macro_rules! known_values {
    ($ty:ident: $($wire:literal => $variant:ident),+ $(,)?) => {{
        $(
            let variant = $ty::$variant;
            assert_eq!($wire.parse::<$ty>(), Ok(variant.clone()), "FromStr of {}", $wire);
            let quoted = concat!("\"", $wire, "\"");
            let decoded: $ty = serde_json::from_str(quoted).expect("a known value decodes");
            assert_eq!(decoded, variant, "Deserialize of {}", $wire);
            assert_eq!(variant.as_str(), $wire);
            assert_eq!(variant.to_string(), $wire);
            assert_eq!(serde_json::to_string(&variant).expect("encodes"), quoted);
            assert!(variant.is_known());
        )+
    }};
}

#[test]
fn known_values_map_to_their_variants() {
    known_values!(QrCodeStatus: "ACTIVE" => Active, "CANCELLED" => Cancelled);
    known_values!(ReminderType: "ONCE" => Once, "RECURRING" => Recurring);
    known_values!(CustomerSource: "ENKASH" => Enkash, "TALLY" => Tally);
    known_values!(SortDirection: "ASC" => Asc, "DESC" => Desc);
    known_values!(ErrorType:
        "CLIENT_REQUEST_ABORT" => ClientRequestAbort,
        "CLIENT_REQUEST_ERROR" => ClientRequestError,
        "INVALID_ACCESS" => InvalidAccess,
        "RECORD_NOT_FOUND" => RecordNotFound,
        "SYSTEM_ERROR" => SystemError,
        "UNAUTHORIZED" => Unauthorized,
        "UNKNOWN_ERROR" => UnknownError,
        "UNPROCESSABLE_REQUEST" => UnprocessableRequest,
        "VALIDATION_ERROR" => ValidationError,
    );
}

#[test]
fn unknown_qr_code_status_is_kept_and_written_back_unchanged() {
    let mut original = json(QR_CODE_RESPONSE);
    original["status"] = "EXPIRED".into();
    let qr: QrCodeResponse = serde_json::from_value(original.clone()).expect("decodes");

    let status = qr.status.as_ref().expect("status is present");
    let QrCodeStatus::Unrecognized(raw) = status else {
        panic!("EXPIRED decoded as a known variant: {status:?}");
    };
    assert_eq!(raw.as_str(), "EXPIRED");
    assert_eq!(status.as_str(), "EXPIRED");
    assert_eq!(status.to_string(), "EXPIRED");
    assert!(!status.is_known());

    assert_eq!(serde_json::to_value(&qr).expect("encodes"), original);
}

#[test]
fn unknown_error_type_is_kept_and_written_back_unchanged() {
    let text = r#"{"errorMessage":"Too many requests","errorType":"RATE_LIMITED"}"#;
    let error: ErrorResponse = serde_json::from_str(text).expect("decodes");
    let error_type = error.error_type.as_ref().expect("errorType is present");
    assert!(
        matches!(error_type, ErrorType::Unrecognized(_)),
        "{error_type:?}"
    );
    assert_eq!(error_type.as_str(), "RATE_LIMITED");
    assert_eq!(serde_json::to_string(&error).expect("encodes"), text);
}

#[test]
fn values_are_case_sensitive() {
    // "active" is not ACTIVE: it must not be folded into the known variant.
    let status: QrCodeStatus = serde_json::from_str("\"active\"").expect("decodes");
    assert!(!status.is_known(), "{status:?}");
    assert_eq!(status.as_str(), "active");
    assert!("active".parse::<QrCodeStatus>().is_err());
    assert!("Desc".parse::<SortDirection>().is_err());
}

#[test]
fn from_str_refuses_unknown_values() {
    let error = "EXPIRED"
        .parse::<QrCodeStatus>()
        .expect_err("EXPIRED is not known");
    assert!(error.to_string().contains("QrCodeStatus"), "{error}");
    assert!("RATE_LIMITED".parse::<ErrorType>().is_err());
    assert!("WEEKLY".parse::<ReminderType>().is_err());
    assert!("SAP".parse::<CustomerSource>().is_err());
    assert!("RANDOM".parse::<SortDirection>().is_err());
    assert!("".parse::<QrCodeStatus>().is_err());
}

#[test]
fn unknown_values_are_equal_only_to_the_same_raw_value() {
    let expired: QrCodeStatus = serde_json::from_str("\"EXPIRED\"").expect("decodes");
    let again: QrCodeStatus = serde_json::from_str("\"EXPIRED\"").expect("decodes");
    let paused: QrCodeStatus = serde_json::from_str("\"PAUSED\"").expect("decodes");
    assert_eq!(expired, again);
    assert_ne!(expired, paused);
}

/// Asserts that `result` is `Error::Invalid` with exactly the given violation paths.
fn assert_invalid<T: std::fmt::Debug>(result: Result<T, Error>, paths: &[&str]) {
    match result {
        Err(Error::Invalid(violations)) => {
            let found: Vec<&str> = violations.0.iter().map(|v| v.path.as_str()).collect();
            assert_eq!(found, paths, "violations: {violations}");
        }
        other => panic!("expected Error::Invalid at {paths:?}, got {other:?}"),
    }
}

#[tokio::test]
async fn request_with_unknown_reminder_type_is_refused_before_sending() {
    let (server, client) = server_and_client().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;

    let mut body = json(CUSTOMER_CREATE_REQUEST);
    body["customerReminders"][0]["reminderType"] = "WEEKLY".into();
    let request: CustomerCreateRequest = serde_json::from_value(body).expect("decodes");
    let reminders = request.customer_reminders.as_deref().expect("reminders");
    assert!(matches!(
        reminders[0].reminder_type,
        Some(ReminderType::Unrecognized(_))
    ));

    let result = client.create_customer(&request).await;
    if let Err(Error::Invalid(violations)) = &result {
        let message = violations.to_string();
        assert!(
            message.contains("customerReminders[0].reminderType"),
            "{message}"
        );
        assert!(message.contains("ReminderType"), "{message}");
    }
    assert_invalid(result, &["customerReminders[0].reminderType"]);
    assert!(received(&server).await.is_empty(), "a request was sent");
}

#[tokio::test]
async fn every_unknown_value_in_a_request_is_reported() {
    let (server, client) = server_and_client().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;

    let mut body = json(CUSTOMER_CREATE_REQUEST);
    body["source"] = "SAP".into();
    body["customerReminders"] = json(
        r#"[{"reminderType": "ONCE"}, {"reminderType": "WEEKLY"}, {"reminderType": "DAILY"}]"#,
    );
    let request: CustomerCreateRequest = serde_json::from_value(body).expect("decodes");
    assert_invalid(
        client.create_customer(&request).await,
        &[
            "customerReminders[1].reminderType",
            "customerReminders[2].reminderType",
            "source",
        ],
    );
    assert!(received(&server).await.is_empty(), "a request was sent");
}

#[tokio::test]
async fn unknown_values_in_search_filters_and_parameters_are_refused() {
    let (server, client) = server_and_client().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;

    // A status copied from a response into a search filter.
    let qr: QrCodeResponse = serde_json::from_str(r#"{"status": "EXPIRED"}"#).expect("decodes");
    let mut filter = QrCodeSearchRequest::new();
    filter.status = qr.status;
    assert_invalid(
        client
            .search_upi_qr(&SearchUpiQrParams::default(), &filter)
            .await,
        &["status"],
    );

    let params = SearchCustomerParams::new()
        .with_direction(serde_json::from_str("\"RANDOM\"").expect("decodes"));
    assert_invalid(
        client
            .search_customer(&params, &CustomerSearchRequest::default())
            .await,
        &["direction"],
    );
    assert!(received(&server).await.is_empty(), "a request was sent");
}
