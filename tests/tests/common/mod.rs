//! JSON fixtures and helpers shared by the integration tests.
//!
//! Fixtures are JSON *text*, not `json!` literals: the workspace builds serde_json with
//! `arbitrary_precision`, so `10.10` written as text stays `10.10`, whereas a float literal in
//! `json!` would already have become `10.1`.

// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

use enkash_client::{Client, Credentials};
use enkash_client::{Config, RetryPolicy};
use serde_json::Value;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The keys a Credentials-based test client authenticates with.
pub(crate) const ACCESS_KEY: &str = "ekak_test_AcCeSs_4d1f";
pub(crate) const SECRET_KEY: &str = "eksk_test_SeCrEt_8b2e";
pub(crate) const MERCHANT_ACCESS_KEY: &str = "mak_test_MeRcHaNt_6c3a";
/// The token the mock token endpoint issues (and the fixed bearer token of fixed clients).
pub(crate) const TOKEN: &str = "tok_test_ToKeN_1a9c";

/// Where the client fetches its token.
pub(crate) const TOKEN_PATH: &str = "/api/v0/merchant/token";

/// Parses fixture text, panicking with the fixture's name if it is not JSON.
pub(crate) fn json(text: &str) -> Value {
    serde_json::from_str(text).expect("fixture is valid JSON")
}

/// The credentials of every Credentials-based test client.
pub(crate) fn credentials() -> Credentials {
    Credentials {
        access_key: ACCESS_KEY.into(),
        secret_key: SECRET_KEY.into(),
        merchant_access_key: MERCHANT_ACCESS_KEY.into(),
    }
}

/// The exact body of the token call the client makes with [`credentials`].
pub(crate) fn token_call_body() -> Value {
    serde_json::json!({"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY})
}

/// Milliseconds since the Unix epoch, `offset` from now.
pub(crate) fn epoch_millis_in(offset: Duration) -> i64 {
    let at = SystemTime::now() + offset;
    let millis = at
        .duration_since(UNIX_EPOCH)
        .expect("after the epoch")
        .as_millis();
    i64::try_from(millis).expect("fits an i64")
}

/// A token response as the vendor sends it, expiring at `expiry` (epoch milliseconds).
pub(crate) fn token_response(token: &str, expiry: i64) -> ResponseTemplate {
    let body = format!(
        r#"{{"token": "{token}", "expiry": {expiry}, "resultCode": 200, "resultMessage": "Token generated successfully."}}"#
    );
    ResponseTemplate::new(200).set_body_raw(body, "application/json")
}

/// Mounts, ahead of every other mock, a token endpoint that issues [`TOKEN`] (valid for an
/// hour) to exactly the body of [`token_call_body`]; any other token call falls through to
/// the mocks mounted later.
/// Answers `verb` requests to `at` with each of `responses` in turn, once each, and with the
/// last one from then on.
pub(crate) async fn mount_in_turn(
    server: &MockServer,
    verb: &str,
    at: &str,
    responses: Vec<ResponseTemplate>,
) {
    let last = responses.len().saturating_sub(1);
    for (index, response) in responses.into_iter().enumerate() {
        let mock = Mock::given(method(verb))
            .and(path(at))
            .respond_with(response);
        let mock = if index < last {
            mock.up_to_n_times(1)
        } else {
            mock
        };
        mock.mount(server).await;
    }
}

pub(crate) async fn mount_token_endpoint(server: &MockServer) {
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .and(wiremock::matchers::body_json(token_call_body()))
        .respond_with(token_response(
            TOKEN,
            epoch_millis_in(Duration::from_secs(3600)),
        ))
        .with_priority(1)
        .named("token endpoint")
        .mount(server)
        .await;
}

/// Timeouts and retries small enough for tests: attempts in all `max_attempts`, 10 ms
/// backoff, `Retry-After` honoured up to 2 s.
pub(crate) fn fast_config(max_attempts: u32, request_timeout: Duration) -> Config {
    Config {
        connect_timeout: Duration::from_secs(2),
        request_timeout,
        retry: RetryPolicy {
            max_attempts,
            base_delay: Duration::from_millis(10),
            max_delay: Duration::from_millis(40),
            max_retry_after: Duration::from_secs(2),
        },
        token_refresh_margin: Duration::from_secs(60),
    }
}

/// A Credentials-based client for `server` with [`fast_config`] (3 attempts, 5 s timeout).
pub(crate) fn credentials_client(server: &MockServer) -> Client {
    Client::with_config(&server.uri(), fast_config(3, Duration::from_secs(5)))
        .expect("the mock server's URI is a valid base URL")
        .with_credentials(&credentials())
}

/// A mock server on 127.0.0.1 with a token endpoint, and a client that authenticates with
/// [`credentials`]: it fetches its token from the server itself.
pub(crate) async fn server_and_client() -> (MockServer, Client) {
    let server = MockServer::start().await;
    mount_token_endpoint(&server).await;
    let client = credentials_client(&server);
    (server, client)
}

/// A mock server on 127.0.0.1 and a client with fixed credentials: the bearer token
/// [`TOKEN`] and [`MERCHANT_ACCESS_KEY`]; it never calls the token endpoint.
pub(crate) async fn server_and_fixed_client() -> (MockServer, Client) {
    let server = MockServer::start().await;
    let client = Client::with_config(&server.uri(), fast_config(3, Duration::from_secs(5)))
        .expect("the mock server's URI is a valid base URL")
        .with_bearer_auth(TOKEN)
        .with_merchant_access_key(MERCHANT_ACCESS_KEY);
    (server, client)
}

/// Every request the mock server received (request recording is on by default).
pub(crate) async fn received(server: &MockServer) -> Vec<wiremock::Request> {
    server
        .received_requests()
        .await
        .expect("request recording is enabled")
}

/// The requests the server received on `path`.
pub(crate) async fn received_on(server: &MockServer, wanted: &str) -> Vec<wiremock::Request> {
    received(server)
        .await
        .into_iter()
        .filter(|request| request.url.path() == wanted)
        .collect()
}

/// The requests the server received on any path but the token endpoint.
pub(crate) async fn operation_requests(server: &MockServer) -> Vec<wiremock::Request> {
    received(server)
        .await
        .into_iter()
        .filter(|request| request.url.path() != TOKEN_PATH)
        .collect()
}

/// A header's value as text, if present.
pub(crate) fn header_of<'a>(request: &'a wiremock::Request, name: &str) -> Option<&'a str> {
    request
        .headers
        .get(name)
        .map(|value| value.to_str().expect("header value is text"))
}

/// Asserts that `request` is the client's own token call: POST to the token path, carrying
/// neither credential header, with exactly `{"accessKey", "secretKey"}` as its JSON body.
pub(crate) fn assert_token_call(request: &wiremock::Request) {
    assert_eq!(request.method.as_str(), "POST");
    assert!(
        request.url.path().ends_with(TOKEN_PATH),
        "{}",
        request.url.path()
    );
    assert_eq!(request.url.query(), None);
    assert_eq!(header_of(request, "authorization"), None);
    assert_eq!(header_of(request, "merchantAccessKey"), None);
    assert_eq!(header_of(request, "content-type"), Some("application/json"));
    let sent: Value = serde_json::from_slice(&request.body).expect("the token body is JSON");
    assert_eq!(sent, token_call_body(), "token call body");
    assert_eq!(
        String::from_utf8_lossy(&request.body),
        format!(r#"{{"accessKey":"{ACCESS_KEY}","secretKey":"{SECRET_KEY}"}}"#),
        "the token call body, byte for byte"
    );
}

/// Asserts that `request` carries `Authorization: Bearer <token>` and the merchant access
/// key.
pub(crate) fn assert_authorized_with(request: &wiremock::Request, token: &str) {
    let bearer = format!("Bearer {token}");
    assert_eq!(
        header_of(request, "authorization"),
        Some(bearer.as_str()),
        "{} {}",
        request.method,
        request.url.path()
    );
    assert_eq!(
        header_of(request, "merchantAccessKey"),
        Some(MERCHANT_ACCESS_KEY)
    );
}

/// A CustomerCreateRequest with all 15 fields set, nested key contact and reminder included
/// (the spec's example).
pub(crate) const CUSTOMER_CREATE_REQUEST: &str = r#"{
  "accountNumber": "50100123456789",
  "address": "14, 2nd Cross, Indiranagar, Bengaluru",
  "companyId": "CEK12AB34C",
  "contactNumber": "+91 9876543210",
  "customerCompanyId": "SHTR-BLR-0042",
  "customerKeyContacts": [
    {
      "deleted": false,
      "email": "priya.sharma@example.in",
      "keyContactPersonId": "KCP000456",
      "legalName": "Priya Sharma",
      "mail_enabled": true,
      "mobile": "+91 9876543210",
      "name": "Priya Sharma",
      "sms_enabled": true,
      "via": "EMAIL",
      "whatsapp_enabled": false
    }
  ],
  "customerReminders": [
    {
      "customerReminderId": "REM000078",
      "dueDateDifference": 3,
      "reminderInterval": 7,
      "reminderTime": "09:30",
      "reminderType": "RECURRING",
      "stage": "BEFORE_DUE"
    }
  ],
  "externalSource": false,
  "ifsc": "HDFC0001234",
  "legalName": "Sharma Traders Private Limited",
  "panOrGstin": "29AABCS1234K1Z5",
  "pinCode": "560038",
  "source": "ENKASH",
  "state": "Karnataka",
  "uniqueRefNo": "CUST-2025-000123"
}"#;

/// A CustomerResponse with every field set (the spec's example).
pub(crate) const CUSTOMER_RESPONSE: &str = r#"{
  "accountNumber": "50100123456789",
  "active": true,
  "address": "14, 2nd Cross, Indiranagar, Bengaluru",
  "assignedAgent": "Rahul Verma",
  "bankName": "HDFC Bank",
  "branchCodes": ["BLR-IND"],
  "companyId": "CEK12AB34C",
  "contactEmail": "accounts@sharmatraders.in",
  "contactNumber": "+91 9876543210",
  "createdBy": "merchant.admin@mehtadistributors.in",
  "createdByName": "Anita Mehta",
  "createdOn": "2025-07-05T12:21:15Z",
  "customerId": "CUST000123",
  "customerKeyContacts": [
    {
      "createdBy": "merchant.admin@mehtadistributors.in",
      "createdOn": "2025-07-05T12:21:15Z",
      "customerId": "CUST000123",
      "customerName": "Sharma Traders Private Limited",
      "deleted": "false",
      "email": "priya.sharma@example.in",
      "keyContactPersonId": "KCP000456",
      "mail_enabled": true,
      "mobile": "+91 9876543210",
      "modifiedBy": "merchant.admin@mehtadistributors.in",
      "modifiedOn": "2025-07-05T12:21:15Z",
      "name": "Priya Sharma",
      "sms_enabled": true,
      "whatsapp_enabled": false
    }
  ],
  "customerLogo": "https://cdn.example.in/logos/sharma-traders.png",
  "customerReminders": [
    {
      "customerId": "CUST000123",
      "customerReminderId": "REM000078",
      "dueDateDifference": 3,
      "reminderInterval": 7,
      "reminderTime": "09:30",
      "reminderType": "RECURRING",
      "stage": "BEFORE_DUE"
    }
  ],
  "dsoMedian": 32,
  "id": 1024,
  "ifsc": "HDFC0001234",
  "legalName": "Sharma Traders Private Limited",
  "modifiedBy": "merchant.admin@mehtadistributors.in",
  "modifiedByName": "Anita Mehta",
  "modifiedOn": "2025-07-05T12:21:15Z",
  "netAmount": 125000.50,
  "panOrGstin": "29AABCS1234K1Z5",
  "parentCompanyId": "CEK12AB34C",
  "parentLegalName": "Mehta Distributors Private Limited",
  "pinCode": "560038",
  "state": "Karnataka",
  "uniqueRefNo": "CUST-2025-000123",
  "warnings": []
}"#;

/// A QrCodeResponse with every field set (the spec's example).
pub(crate) const QR_CODE_RESPONSE: &str = r#"{
  "qrCodeId": "QR7K2M9P4XWZ",
  "qrName": "Counter 1 - Koramangala",
  "multipleUse": true,
  "fixedAmount": true,
  "amount": 499.00,
  "description": "Monthly tiffin subscription",
  "expiry": "2025-08-31 23:59:59",
  "customParams": {"invoiceNumber": "INV-2025-0456"},
  "status": "ACTIVE",
  "qrCodeBase64": "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "createdOn": "2025-07-05 12:21:15",
  "modifiedOn": "2025-07-05 12:21:15",
  "customerName": "Priya Sharma",
  "customerEmail": "priya.sharma@example.in",
  "customerMobile": "9876543210",
  "customerId": "CUST000123",
  "referenceNumber": "ENKQR2025070500123"
}"#;

/// An ErrorResponse with every field set (the spec's example plus one sub-error).
pub(crate) const ERROR_RESPONSE: &str = r#"{
  "apiSubErrors": [{"field": "ifsc", "rejectedValue": "HDFC1001234"}],
  "errorMessage": "ifsc must match the IFSC format",
  "errorType": "VALIDATION_ERROR",
  "requestId": "3f6c2a1e-8b7d-4c59-9e0a-5d2b7f1c4a90",
  "timestamp": "2025-07-05 12:21:15"
}"#;

/// `{"payload": <payload>, "response_code": 200, "response_message": <message>}` as text.
pub(crate) fn success_envelope(payload: &str, message: &str) -> String {
    format!(r#"{{"payload": {payload}, "response_code": 200, "response_message": "{message}"}}"#)
}

/// A 200 envelope that carries an error instead of a payload.
pub(crate) fn error_envelope() -> String {
    format!(
        r#"{{"errorResponse": {ERROR_RESPONSE}, "response_code": 400, "response_message": "Validation failed"}}"#
    )
}

/// A page of the given items, as the search operations return it.
pub(crate) fn page(items: &str, total: i64, offset: i32, limit: i32) -> String {
    format!(
        r#"{{"content": [{items}], "totalElements": {total}, "offset": {offset}, "limit": {limit}}}"#
    )
}
