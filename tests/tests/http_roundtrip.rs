//! Every operation against a local mock server: what goes on the wire (method, path, query,
//! headers, exact body) and how each kind of answer comes back.
//!
//! The clients authenticate with `Credentials`: each round trip also checks the token call the
//! client makes by itself (once, unauthenticated, with exactly the two keys as its body) and
//! that the operation carries the token the mock issued and the merchant access key.

mod common;

use common::{
    CUSTOMER_CREATE_REQUEST, CUSTOMER_RESPONSE, MERCHANT_ACCESS_KEY, QR_CODE_RESPONSE, TOKEN,
    TOKEN_PATH, assert_authorized_with, assert_token_call, credentials, error_envelope, header_of,
    json, operation_requests, page, received, received_on, server_and_client,
    server_and_fixed_client, success_envelope,
};
use enkash_client::Secret;
use enkash_client::types::{
    CustomerCreateRequest, CustomerSearchRequest, ErrorResponse, ErrorType, QrCodeCreateRequest,
    QrCodeResponse, QrCodeSearchRequest, QrCodeStatus, SearchCustomerParams, SearchUpiQrParams,
    SortDirection, TokenRequest,
};
use enkash_client::{Client, Error};
use rust_decimal::Decimal;
use serde_json::Value;
use time::macros::datetime;
use wiremock::matchers::{any, body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// A 200 answer whose body is exactly `text` (numbers such as `499.00` stay as written).
fn ok_json(text: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(text.to_owned(), "application/json")
}

/// Mounts a mock that answers every request with `response`.
async fn answer_everything(server: &MockServer, response: ResponseTemplate) {
    Mock::given(any())
        .respond_with(response)
        .mount(server)
        .await;
}

/// The one request the server received.
async fn only_request(server: &MockServer) -> wiremock::Request {
    let mut requests = received(server).await;
    assert_eq!(
        requests.len(),
        1,
        "expected exactly one request, got {requests:?}"
    );
    requests.remove(0)
}

/// The operation request of a Credentials-based client's first call: the server must have
/// seen exactly the client's own token call (checked by [`assert_token_call`]) and then the
/// operation.
async fn token_then_operation(server: &MockServer) -> wiremock::Request {
    let mut requests = received(server).await;
    let paths: Vec<&str> = requests.iter().map(|r| r.url.path()).collect();
    assert_eq!(
        requests.len(),
        2,
        "expected the token call and one operation, got {paths:?}"
    );
    assert_token_call(&requests[0]);
    assert_ne!(requests[1].url.path(), TOKEN_PATH, "{paths:?}");
    requests.remove(1)
}

/// Asserts both credentials of a secured operation were sent: the token the mock token
/// endpoint issued, as `Authorization: Bearer …`, and the merchant access key.
fn assert_credentials_sent(request: &wiremock::Request) {
    assert_authorized_with(request, TOKEN);
    assert_eq!(header_of(request, "accept"), Some("application/json"));
}

/// `Bearer <the token the mock issues>`.
fn bearer() -> String {
    format!("Bearer {TOKEN}")
}

/// Asserts the request carries exactly `expected` as a JSON body.
fn assert_json_body(request: &wiremock::Request, expected: &Value) {
    assert_eq!(header_of(request, "content-type"), Some("application/json"));
    let sent: Value = serde_json::from_slice(&request.body).expect("the body is JSON");
    assert_eq!(
        &sent,
        expected,
        "body sent: {}",
        String::from_utf8_lossy(&request.body)
    );
}

/// Asserts the request carries no body at all.
fn assert_no_body(request: &wiremock::Request) {
    assert!(
        request.body.is_empty(),
        "unexpected body {:?}",
        String::from_utf8_lossy(&request.body)
    );
    assert_eq!(header_of(request, "content-type"), None);
}

/// The query parameters, sorted.
fn query_of(request: &wiremock::Request) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
    pairs.sort();
    pairs
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = items
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    pairs.sort();
    pairs
}

fn customer_create_request() -> CustomerCreateRequest {
    serde_json::from_str(CUSTOMER_CREATE_REQUEST).expect("the fixture decodes")
}

/// An explicit token request with keys other than the client's own, so that it never
/// matches the token endpoint that serves the client's managed token.
fn token_request() -> TokenRequest {
    TokenRequest::new("ekak_uat_5f2c9a7d41b8", "eksk_uat_9b3e6f0c27d14a85")
}

/// Calls every operation once (the token call only if `with_token`), keeping only the
/// outcome.
async fn call_every_operation(
    client: &Client,
    with_token: bool,
) -> Vec<(&'static str, Result<(), Error>)> {
    let mut outcomes = vec![
        (
            "createUpiQr",
            client
                .create_upi_qr(&QrCodeCreateRequest::default())
                .await
                .map(drop),
        ),
        (
            "getUpiQr",
            client.get_upi_qr("QR7K2M9P4XWZ").await.map(drop),
        ),
        (
            "searchUpiQr",
            client
                .search_upi_qr(
                    &SearchUpiQrParams::default(),
                    &QrCodeSearchRequest::default(),
                )
                .await
                .map(drop),
        ),
        (
            "cancelUpiQr",
            client.cancel_upi_qr("QR7K2M9P4XWZ").await.map(drop),
        ),
        (
            "createCustomer",
            client
                .create_customer(&customer_create_request())
                .await
                .map(drop),
        ),
        (
            "searchCustomer",
            client
                .search_customer(
                    &SearchCustomerParams::default(),
                    &CustomerSearchRequest::default(),
                )
                .await
                .map(drop),
        ),
    ];
    if with_token {
        outcomes.push((
            "getAuthorizationToken",
            client
                .get_authorization_token(&token_request())
                .await
                .map(drop),
        ));
    }
    outcomes
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

/// Asserts that `result` is `Error::Decode` at `expected_path`.
fn assert_decode_error<T: std::fmt::Debug>(result: Result<T, Error>, expected_path: &str) {
    match result {
        Err(Error::Decode { status, path, .. }) => {
            assert_eq!(status.as_u16(), 200);
            assert_eq!(path, expected_path);
        }
        other => panic!("expected Error::Decode at {expected_path:?}, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// One test per operation: the request on the wire and the decoded success
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn get_authorization_token() {
    let (server, client) = server_and_client().await;
    let expected_body =
        json(r#"{"accessKey": "ekak_uat_5f2c9a7d41b8", "secretKey": "eksk_uat_9b3e6f0c27d14a85"}"#);
    Mock::given(method("POST"))
        .and(path("/api/v0/merchant/token"))
        .and(header("content-type", "application/json"))
        .and(body_json(&expected_body))
        .respond_with(ok_json(
            r#"{"token": "abcdef1234567890", "expiry": 1672531199000, "resultCode": 200,
                "resultMessage": "Token generated successfully."}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let result = client.get_authorization_token(&token_request()).await;

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/api/v0/merchant/token");
    assert_eq!(request.url.query(), None);
    assert_json_body(&request, &expected_body);
    // The token call is unsecured: neither credential goes out although the client has
    // credentials, and calling it explicitly does not make the client fetch a token of its own
    // first (the server saw only this one request).
    assert_eq!(header_of(&request, "authorization"), None);
    assert_eq!(header_of(&request, "merchantAccessKey"), None);

    // The token response is not enveloped.
    let token = result.expect("the token call succeeds");
    assert_eq!(
        token.token.as_ref().map(Secret::expose),
        Some("abcdef1234567890")
    );
    assert_eq!(token.expiry, Some(1_672_531_199_000));
    assert_eq!(token.result_code, Some(200));
    assert_eq!(
        token.result_message.as_deref(),
        Some("Token generated successfully.")
    );
}

#[tokio::test]
async fn create_upi_qr() {
    let (server, client) = server_and_client().await;
    let expected_text = r#"{"qrName": "Counter 1 - Koramangala", "multipleUse": true,
        "fixedAmount": true, "amount": 499.00, "description": "Monthly tiffin subscription",
        "expiry": "2025-08-31 23:59:59", "customParams": {"invoiceNumber": "INV-2025-0456"},
        "customerName": "Priya Sharma", "customerEmail": "priya.sharma@example.in",
        "customerMobile": "9876543210", "customerId": "CUST000123"}"#;
    let expected_body = json(expected_text);
    Mock::given(method("POST"))
        .and(path("/api/v0/qr-code"))
        .and(header("authorization", bearer().as_str()))
        .and(header("merchantAccessKey", MERCHANT_ACCESS_KEY))
        .and(header("content-type", "application/json"))
        .and(body_json(&expected_body))
        .respond_with(ok_json(&success_envelope(
            QR_CODE_RESPONSE,
            "QR code created successfully",
        )))
        .expect(1)
        .mount(&server)
        .await;

    let body = QrCodeCreateRequest::new()
        .with_qr_name("Counter 1 - Koramangala")
        .with_multiple_use(true)
        .with_fixed_amount(true)
        .with_amount(Decimal::new(49_900, 2))
        .with_description("Monthly tiffin subscription")
        .with_expiry("2025-08-31 23:59:59")
        .with_custom_params(
            serde_json::from_str(r#"{"invoiceNumber": "INV-2025-0456"}"#).expect("a JSON object"),
        )
        .with_customer_name("Priya Sharma")
        .with_customer_email("priya.sharma@example.in")
        .with_customer_mobile("9876543210")
        .with_customer_id("CUST000123");
    let result = client.create_upi_qr(&body).await;

    let request = token_then_operation(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/api/v0/qr-code");
    assert_eq!(request.url.query(), None);
    assert_credentials_sent(&request);
    assert_json_body(&request, &expected_body);
    let raw = String::from_utf8_lossy(&request.body);
    assert!(
        raw.contains(r#""amount":499.00"#),
        "amount not sent exactly: {raw}"
    );

    let qr = result.expect("create succeeds");
    let expected: QrCodeResponse = serde_json::from_str(QR_CODE_RESPONSE).expect("decodes");
    assert_eq!(qr, expected);
    assert_eq!(qr.qr_code_id.as_deref(), Some("QR7K2M9P4XWZ"));
    assert_eq!(qr.status, Some(QrCodeStatus::Active));
    assert_eq!(qr.amount, Some(Decimal::new(49_900, 2)));
    assert_eq!(qr.reference_number.as_deref(), Some("ENKQR2025070500123"));
}

#[tokio::test]
async fn get_upi_qr() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(path("/api/v0/qr-code/QR7K2M9P4XWZ"))
        .and(header("authorization", bearer().as_str()))
        .and(header("merchantAccessKey", MERCHANT_ACCESS_KEY))
        .respond_with(ok_json(&success_envelope(QR_CODE_RESPONSE, "Success")))
        .expect(1)
        .mount(&server)
        .await;

    let result = client.get_upi_qr("QR7K2M9P4XWZ").await;

    let request = token_then_operation(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), "/api/v0/qr-code/QR7K2M9P4XWZ");
    assert_eq!(request.url.query(), None);
    assert_credentials_sent(&request);
    assert_no_body(&request);

    let qr = result.expect("get succeeds");
    assert_eq!(qr.qr_code_id.as_deref(), Some("QR7K2M9P4XWZ"));
    assert_eq!(qr.qr_name.as_deref(), Some("Counter 1 - Koramangala"));
    assert_eq!(qr.multiple_use, Some(true));
    assert_eq!(qr.customer_mobile.as_deref(), Some("9876543210"));
    assert_eq!(qr.created_on.as_deref(), Some("2025-07-05 12:21:15"));
}

#[tokio::test]
async fn search_upi_qr() {
    let (server, client) = server_and_client().await;
    let expected_body =
        json(r#"{"status": "ACTIVE", "fromDate": "2025-07-01", "toDate": "2025-07-31"}"#);
    Mock::given(method("POST"))
        .and(path("/api/v0/qr-code/search"))
        .and(query_param("offset", "0"))
        .and(query_param("limit", "100"))
        .and(header("authorization", bearer().as_str()))
        .and(header("merchantAccessKey", MERCHANT_ACCESS_KEY))
        .and(header("content-type", "application/json"))
        .and(body_json(&expected_body))
        .respond_with(ok_json(&success_envelope(
            &page(QR_CODE_RESPONSE, 42, 0, 100),
            "Success",
        )))
        .expect(1)
        .mount(&server)
        .await;

    let params = SearchUpiQrParams::new().with_offset(0).with_limit(100);
    let filter = QrCodeSearchRequest::new()
        .with_status(QrCodeStatus::Active)
        .with_from_date("2025-07-01")
        .with_to_date("2025-07-31");
    let result = client.search_upi_qr(&params, &filter).await;

    let request = token_then_operation(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/api/v0/qr-code/search");
    assert_eq!(
        query_of(&request),
        pairs(&[("offset", "0"), ("limit", "100")])
    );
    assert_credentials_sent(&request);
    assert_json_body(&request, &expected_body);

    let page = result.expect("search succeeds");
    assert_eq!(page.total_elements, Some(42));
    assert_eq!(page.offset, Some(0));
    assert_eq!(page.limit, Some(100));
    let content = page.content.expect("content is present");
    assert_eq!(content.len(), 1);
    assert_eq!(content[0].qr_code_id.as_deref(), Some("QR7K2M9P4XWZ"));
    assert_eq!(content[0].amount, Some(Decimal::new(49_900, 2)));
}

#[tokio::test]
async fn search_upi_qr_without_parameters_sends_no_query_and_an_empty_object() {
    let (server, client) = server_and_client().await;
    answer_everything(
        &server,
        ok_json(&success_envelope(&page("", 0, 0, 100), "Success")),
    )
    .await;

    let page = client
        .search_upi_qr(
            &SearchUpiQrParams::default(),
            &QrCodeSearchRequest::default(),
        )
        .await
        .expect("search succeeds");
    assert_eq!(page.content, Some(vec![]));

    let request = token_then_operation(&server).await;
    assert_eq!(
        request.url.query(),
        None,
        "unset parameters must not be sent"
    );
    assert_eq!(String::from_utf8_lossy(&request.body), "{}");
}

#[tokio::test]
async fn cancel_upi_qr() {
    let (server, client) = server_and_client().await;
    let mut cancelled = json(QR_CODE_RESPONSE);
    cancelled["status"] = "CANCELLED".into();
    Mock::given(method("PATCH"))
        .and(path("/api/v0/qr-code/QR7K2M9P4XWZ/cancel"))
        .and(header("authorization", bearer().as_str()))
        .and(header("merchantAccessKey", MERCHANT_ACCESS_KEY))
        .respond_with(ok_json(&success_envelope(
            &cancelled.to_string(),
            "QR code cancelled",
        )))
        .expect(1)
        .mount(&server)
        .await;

    let result = client.cancel_upi_qr("QR7K2M9P4XWZ").await;

    let request = token_then_operation(&server).await;
    assert_eq!(request.method.as_str(), "PATCH");
    assert_eq!(request.url.path(), "/api/v0/qr-code/QR7K2M9P4XWZ/cancel");
    assert_eq!(request.url.query(), None);
    assert_credentials_sent(&request);
    assert_no_body(&request);

    let qr = result.expect("cancel succeeds");
    assert_eq!(qr.qr_code_id.as_deref(), Some("QR7K2M9P4XWZ"));
    assert_eq!(qr.status, Some(QrCodeStatus::Cancelled));
}

#[tokio::test]
async fn create_customer() {
    let (server, client) = server_and_client().await;
    let expected_body = json(CUSTOMER_CREATE_REQUEST);
    Mock::given(method("POST"))
        .and(path("/api/v0/customer"))
        .and(header("authorization", bearer().as_str()))
        .and(header("merchantAccessKey", MERCHANT_ACCESS_KEY))
        .and(header("content-type", "application/json"))
        .and(body_json(&expected_body))
        .respond_with(ok_json(&success_envelope(
            CUSTOMER_RESPONSE,
            "Customer created successfully",
        )))
        .expect(1)
        .mount(&server)
        .await;

    let result = client.create_customer(&customer_create_request()).await;

    let request = token_then_operation(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/api/v0/customer");
    assert_eq!(request.url.query(), None);
    assert_credentials_sent(&request);
    assert_json_body(&request, &expected_body);
    let raw = String::from_utf8_lossy(&request.body);
    assert!(raw.contains(r#""reminderTime":"09:30""#), "{raw}");

    let customer = result.expect("create succeeds");
    assert_eq!(customer.customer_id.as_deref(), Some("CUST000123"));
    assert_eq!(
        customer.legal_name.as_deref(),
        Some("Sharma Traders Private Limited")
    );
    assert_eq!(customer.net_amount, Some(Decimal::new(12_500_050, 2)));
    assert_eq!(
        customer.created_on,
        Some(datetime!(2025-07-05 12:21:15 UTC))
    );
    let contacts = customer.customer_key_contacts.expect("key contacts");
    assert_eq!(
        contacts[0].key_contact_person_id.as_deref(),
        Some("KCP000456")
    );
    let reminders = customer.customer_reminders.expect("reminders");
    assert_eq!(
        reminders[0].customer_reminder_id.as_deref(),
        Some("REM000078")
    );
}

#[tokio::test]
async fn search_customer() {
    let (server, client) = server_and_client().await;
    let expected_body =
        json(r#"{"accountNumber": "50100123456789", "assignedAgent": "Rahul Verma"}"#);
    Mock::given(method("POST"))
        .and(path("/api/v0/customer/search"))
        .and(query_param("direction", "DESC"))
        .and(query_param("limit", "20"))
        .and(query_param("offset", "40"))
        .and(header("authorization", bearer().as_str()))
        .and(header("merchantAccessKey", MERCHANT_ACCESS_KEY))
        .and(header("content-type", "application/json"))
        .and(body_json(&expected_body))
        .respond_with(ok_json(&success_envelope(
            &page(CUSTOMER_RESPONSE, 41, 40, 20),
            "Success",
        )))
        .expect(1)
        .mount(&server)
        .await;

    let params = SearchCustomerParams::new()
        .with_direction(SortDirection::Desc)
        .with_limit(20)
        .with_offset(40);
    let filter = CustomerSearchRequest::new()
        .with_account_number("50100123456789")
        .with_assigned_agent("Rahul Verma");
    let result = client.search_customer(&params, &filter).await;

    let request = token_then_operation(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/api/v0/customer/search");
    assert_eq!(
        query_of(&request),
        pairs(&[("direction", "DESC"), ("limit", "20"), ("offset", "40")])
    );
    assert_credentials_sent(&request);
    assert_json_body(&request, &expected_body);

    let page = result.expect("search succeeds");
    assert_eq!(page.total_elements, Some(41));
    assert_eq!(page.offset, Some(40));
    assert_eq!(page.limit, Some(20));
    let content = page.content.expect("content is present");
    assert_eq!(content.len(), 1);
    assert_eq!(content[0].customer_id.as_deref(), Some("CUST000123"));
    assert_eq!(content[0].assigned_agent.as_deref(), Some("Rahul Verma"));
}

// ---------------------------------------------------------------------------------------------
// Paths, base URLs and credentials
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn path_parameters_are_percent_encoded_as_one_segment() {
    let (server, client) = server_and_client().await;
    answer_everything(
        &server,
        ok_json(&success_envelope(QR_CODE_RESPONSE, "Success")),
    )
    .await;

    client.get_upi_qr("QR 1/2").await.expect("get succeeds");
    client
        .cancel_upi_qr("QR 1/2")
        .await
        .expect("cancel succeeds");
    client
        .get_upi_qr("QR?x=1#frag")
        .await
        .expect("get succeeds");
    client.get_upi_qr("QR-é_1.~").await.expect("get succeeds");

    let requests = operation_requests(&server).await;
    let paths: Vec<&str> = requests.iter().map(|r| r.url.path()).collect();
    assert_eq!(
        paths,
        [
            "/api/v0/qr-code/QR%201%2F2",
            "/api/v0/qr-code/QR%201%2F2/cancel",
            "/api/v0/qr-code/QR%3Fx%3D1%23frag",
            "/api/v0/qr-code/QR-%C3%A9_1.~",
        ]
    );
    assert!(
        requests.iter().all(|r| r.url.query().is_none()),
        "a `?` in an id started a query"
    );
}

/// URL parsers resolve `.` and `..` segments (even percent-encoded), and an empty id leaves
/// `/qr-code/` or `//cancel`: each would send the call to another endpoint, so it is refused.
#[tokio::test]
async fn empty_and_dot_segment_ids_are_refused_before_sending() {
    let (server, client) = server_and_client().await;
    answer_everything(
        &server,
        ok_json(&success_envelope(QR_CODE_RESPONSE, "Success")),
    )
    .await;

    for id in ["", ".", ".."] {
        for (what, result) in [
            ("get", client.get_upi_qr(id).await.map(drop)),
            ("cancel", client.cancel_upi_qr(id).await.map(drop)),
        ] {
            match result {
                Err(Error::Invalid(violations)) => {
                    assert_eq!(violations.0.len(), 1, "{what}({id:?}): {violations}");
                    assert_eq!(violations.0[0].path, "qrCodeId", "{what}({id:?})");
                }
                other => panic!("{what}({id:?}) was not refused: {other:?}"),
            }
        }
    }
    assert!(received(&server).await.is_empty(), "a request was sent");
}

#[tokio::test]
async fn base_url_with_trailing_slash_or_prefix() {
    let server = MockServer::start().await;
    answer_everything(
        &server,
        ok_json(&success_envelope(QR_CODE_RESPONSE, "Success")),
    )
    .await;

    let with_slash = Client::with_base_url(&format!("{}/", server.uri())).expect("valid base URL");
    with_slash.get_upi_qr("QR1").await.expect("get succeeds");
    let with_prefix =
        Client::with_base_url(&format!("{}/gateway/", server.uri())).expect("valid base URL");
    with_prefix.get_upi_qr("QR1").await.expect("get succeeds");

    // A client with credentials fetches its token under the same prefix.
    Mock::given(method("POST"))
        .and(path("/gateway/api/v0/merchant/token"))
        .respond_with(common::token_response(
            TOKEN,
            common::epoch_millis_in(std::time::Duration::from_secs(3600)),
        ))
        .with_priority(1)
        .mount(&server)
        .await;
    let with_credentials = Client::with_base_url(&format!("{}/gateway", server.uri()))
        .expect("valid base URL")
        .with_credentials(&credentials());
    with_credentials
        .get_upi_qr("QR2")
        .await
        .expect("get succeeds");

    let requests = received(&server).await;
    let paths: Vec<&str> = requests.iter().map(|r| r.url.path()).collect();
    assert_eq!(
        paths,
        [
            "/api/v0/qr-code/QR1",
            "/gateway/api/v0/qr-code/QR1",
            "/gateway/api/v0/merchant/token",
            "/gateway/api/v0/qr-code/QR2",
        ]
    );
    assert_token_call(&requests[2]);
    assert_credentials_sent(&requests[3]);
}

#[test]
fn base_url_must_be_absolute_http() {
    assert!(Client::with_base_url("ftp://example.in").is_err());
    assert!(Client::with_base_url("/relative").is_err());
    assert!(Client::with_base_url("https://example.in/?x=1").is_err());
    assert!(Client::with_base_url("https://example.in/").is_ok());
}

/// Fixed credentials (`with_bearer_auth`, `with_merchant_access_key`) go out as they are,
/// with no token call.
#[tokio::test]
async fn fixed_credentials_are_sent_without_a_token_call() {
    let (server, client) = server_and_fixed_client().await;
    answer_everything(
        &server,
        ok_json(&success_envelope(QR_CODE_RESPONSE, "Success")),
    )
    .await;
    client.get_upi_qr("QR1").await.expect("get succeeds");

    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/api/v0/qr-code/QR1");
    assert_credentials_sent(&request);
}

#[tokio::test]
async fn unset_credentials_are_not_sent() {
    let server = MockServer::start().await;
    answer_everything(
        &server,
        ok_json(&success_envelope(QR_CODE_RESPONSE, "Success")),
    )
    .await;
    let client = Client::with_base_url(&server.uri()).expect("valid base URL");
    client.get_upi_qr("QR1").await.expect("get succeeds");

    let request = only_request(&server).await;
    assert_eq!(header_of(&request, "authorization"), None);
    assert_eq!(header_of(&request, "merchantAccessKey"), None);
}

#[tokio::test]
async fn secrets_do_not_appear_in_debug_output() {
    let server = MockServer::start().await;
    let client = Client::with_base_url(&server.uri())
        .expect("valid base URL")
        .with_bearer_auth("s3cr3t-bearer-7Q")
        .with_merchant_access_key("s3cr3t-mak-9Z");
    let debug = format!("{client:?}");
    assert!(!debug.contains("s3cr3t"), "{debug}");

    let credentials = enkash_client::Credentials {
        access_key: "s3cr3t-access-1A".into(),
        secret_key: "s3cr3t-secret-2B".into(),
        merchant_access_key: "s3cr3t-mak-3C".into(),
    };
    let client = Client::with_base_url(&server.uri())
        .expect("valid base URL")
        .with_credentials(&credentials);
    for debug in [
        format!("{credentials:?}"),
        format!("{client:?}"),
        format!("{:?}", token_request()),
    ] {
        assert!(!debug.contains("s3cr3t"), "{debug}");
        assert!(!debug.contains("uat_"), "{debug}");
    }
    assert!(format!("{credentials:?}").contains("[REDACTED]"));
}

#[tokio::test]
async fn credentials_that_cannot_be_a_header_are_refused_before_sending() {
    let server = MockServer::start().await;
    answer_everything(
        &server,
        ok_json(&success_envelope(QR_CODE_RESPONSE, "Success")),
    )
    .await;
    let client = Client::with_base_url(&server.uri())
        .expect("valid base URL")
        .with_bearer_auth("tok\r\nX-Injected: 1");
    assert_invalid(client.get_upi_qr("QR1").await, &["bearerAuth"]);
    assert!(received(&server).await.is_empty(), "a request was sent");
}

/// A token from the server that cannot be a header value is refused the same way: the
/// operation is not sent with a header split in two.
#[tokio::test]
async fn a_fetched_token_that_cannot_be_a_header_is_refused_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(ok_json(r#"{"token": "tok\r\nX-Injected: 1"}"#))
        .mount(&server)
        .await;
    answer_everything(
        &server,
        ok_json(&success_envelope(QR_CODE_RESPONSE, "Success")),
    )
    .await;
    let client = common::credentials_client(&server);
    assert_invalid(client.get_upi_qr("QR1").await, &["bearerAuth"]);
    assert_eq!(received_on(&server, TOKEN_PATH).await.len(), 1);
    assert!(
        operation_requests(&server).await.is_empty(),
        "the operation was sent"
    );
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn error_in_a_200_envelope_is_a_business_error_for_every_enveloped_operation() {
    let (server, client) = server_and_client().await;
    answer_everything(&server, ok_json(&error_envelope())).await;

    let outcomes = call_every_operation(&client, false).await;
    assert_eq!(outcomes.len(), 6);
    for (operation, outcome) in outcomes {
        let error = outcome.expect_err(operation);
        assert_eq!(error.status().map(|s| s.as_u16()), Some(200), "{operation}");
        assert_eq!(error.error_type(), Some("VALIDATION_ERROR"), "{operation}");
        assert_eq!(error.message(), Some("ifsc must match the IFSC format"));
        assert_eq!(
            error.request_id(),
            Some("3f6c2a1e-8b7d-4c59-9e0a-5d2b7f1c4a90")
        );
        assert!(!error.is_retry_safe(), "{operation}");
        let Error::Business {
            status,
            details,
            code,
            ..
        } = error
        else {
            panic!("{operation}: expected Error::Business, got {error:?}");
        };
        assert_eq!(status.as_u16(), 200);
        assert_eq!(code, Some(400), "{operation}: the envelope's response_code");
        assert_eq!(details.raw().as_str(), error_envelope(), "{operation}");
        let error: ErrorResponse = details
            .into_body()
            .expect("the errorResponse decodes whole");
        assert_eq!(
            error.error_type,
            Some(ErrorType::ValidationError),
            "{operation}"
        );
        assert_eq!(
            error.error_message.as_deref(),
            Some("ifsc must match the IFSC format")
        );
        assert_eq!(
            error.request_id.as_deref(),
            Some("3f6c2a1e-8b7d-4c59-9e0a-5d2b7f1c4a90")
        );
        assert_eq!(error.timestamp, Some(datetime!(2025-07-05 12:21:15)));
    }
    // One managed token served all six calls.
    assert_eq!(received_on(&server, TOKEN_PATH).await.len(), 1);
    assert_eq!(operation_requests(&server).await.len(), 6);
}

/// An envelope without an error whose result code is not a success code (0 or 200) is a
/// failure too; its message is kept.
#[tokio::test]
async fn a_failure_result_code_without_an_error_is_a_business_error() {
    let (server, client) = server_and_client().await;
    Mock::given(path("/api/v0/qr-code/FAILED"))
        .respond_with(ok_json(
            r#"{"response_code": 500, "response_message": "Could not generate the QR code"}"#,
        ))
        .mount(&server)
        .await;
    Mock::given(path("/api/v0/qr-code/ZERO"))
        .respond_with(ok_json(&format!(
            r#"{{"payload": {QR_CODE_RESPONSE}, "response_code": 0}}"#
        )))
        .mount(&server)
        .await;

    let error = client.get_upi_qr("FAILED").await.expect_err("a failure");
    assert_eq!(error.message(), Some("Could not generate the QR code"));
    assert!(error.api_error().is_none(), "{error:?}");
    let Error::Business { status, code, .. } = error else {
        panic!("expected Error::Business, got {error:?}");
    };
    assert_eq!(status.as_u16(), 200);
    assert_eq!(code, Some(500));

    let qr = client
        .get_upi_qr("ZERO")
        .await
        .expect("0 is a success code");
    assert_eq!(qr.qr_code_id.as_deref(), Some("QR7K2M9P4XWZ"));
}

#[tokio::test]
async fn error_wins_over_a_payload_in_the_same_envelope() {
    let (server, client) = server_and_client().await;
    let both = format!(
        r#"{{"payload": {QR_CODE_RESPONSE}, "errorResponse": {{"errorType": "RATE_LIMITED",
            "errorMessage": "Slow down"}}}}"#
    );
    answer_everything(&server, ok_json(&both)).await;

    let error = client
        .get_upi_qr("QR7K2M9P4XWZ")
        .await
        .expect_err("an error");
    let Some(api_error) = error.api_error() else {
        panic!("expected the envelope's error, got {error:?}");
    };
    assert!(
        matches!(error, Error::Business { code: None, .. }),
        "{error:?}"
    );
    let error_type = api_error.error_type.as_ref().expect("errorType");
    assert_eq!(error_type.as_str(), "RATE_LIMITED");
    assert!(!error_type.is_known());
    assert_eq!(error.error_type(), Some("RATE_LIMITED"));
    assert_eq!(error.message(), Some("Slow down"));
}

const NOT_FOUND: &str = r#"{"errorType": "RECORD_NOT_FOUND", "errorMessage": "No QR code QR7K2M9P4XWZ",
    "requestId": "9a1b2c3d-0000-4000-8000-000000000404", "timestamp": "2025-07-05 12:21:15"}"#;

#[tokio::test]
async fn status_404_with_error_body_for_every_operation() {
    let (server, client) = server_and_client().await;
    answer_everything(
        &server,
        ResponseTemplate::new(404).set_body_raw(NOT_FOUND, "application/json"),
    )
    .await;

    let outcomes = call_every_operation(&client, true).await;
    assert_eq!(outcomes.len(), 7);
    for (operation, outcome) in outcomes {
        let error = outcome.expect_err(operation);
        assert_eq!(error.error_type(), Some("RECORD_NOT_FOUND"), "{operation}");
        assert_eq!(
            error.request_id(),
            Some("9a1b2c3d-0000-4000-8000-000000000404")
        );
        let Error::Status {
            status,
            details,
            retry_safe,
            ..
        } = error
        else {
            panic!("{operation}: expected Error::Status, got {error:?}");
        };
        assert_eq!(status.as_u16(), 404, "{operation}");
        assert!(!retry_safe, "{operation}: a 404 is not transient");
        assert_eq!(details.raw().as_str(), NOT_FOUND, "{operation}");
        assert_eq!(details.raw().len(), NOT_FOUND.len(), "{operation}");
        assert!(!details.raw().is_truncated());
        let error: ErrorResponse = details.into_body().expect("the error body decodes");
        assert_eq!(
            error.error_type,
            Some(ErrorType::RecordNotFound),
            "{operation}"
        );
        assert_eq!(
            error.error_message.as_deref(),
            Some("No QR code QR7K2M9P4XWZ")
        );
        assert_eq!(
            error.request_id.as_deref(),
            Some("9a1b2c3d-0000-4000-8000-000000000404")
        );
        assert_eq!(error.timestamp, Some(datetime!(2025-07-05 12:21:15)));
    }
    // The managed token came from the token endpoint mounted first; the explicit token call,
    // with other keys, got the 404. Nothing was retried.
    assert_eq!(received_on(&server, TOKEN_PATH).await.len(), 2);
    assert_eq!(operation_requests(&server).await.len(), 6);
}

#[tokio::test]
async fn status_400_with_non_json_body_for_every_operation() {
    let (server, client) = server_and_client().await;
    let html = "<html><body>400 Bad Request</body></html>";
    answer_everything(
        &server,
        ResponseTemplate::new(400).set_body_raw(html, "text/html"),
    )
    .await;

    for (operation, outcome) in call_every_operation(&client, true).await {
        match outcome {
            Err(Error::Status {
                status,
                details,
                retry_safe,
                ..
            }) => {
                assert_eq!(status.as_u16(), 400, "{operation}");
                assert_eq!(details.body(), None, "{operation}");
                assert_eq!(details.error_type(), None, "{operation}");
                assert_eq!(details.raw().as_str(), html, "{operation}");
                assert!(!retry_safe, "{operation}");
            }
            other => panic!("{operation}: expected Error::Status, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn status_error_keeps_only_the_first_2_kib_and_its_message_hides_the_body() {
    let (server, client) = server_and_client().await;
    let long = "x".repeat(5000);
    answer_everything(&server, ResponseTemplate::new(500).set_body_string(long)).await;

    let error = client.get_upi_qr("QR1").await.expect_err("a 500");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
    assert!(!error.to_string().contains("xxxx"), "{error}");
    let debug = format!("{error:?}");
    assert!(!debug.contains("xxxx"), "{debug}");
    assert!(debug.contains("5000 bytes"), "{debug}");
    let Error::Status { details, .. } = error else {
        panic!("expected Error::Status, got {error:?}");
    };
    assert_eq!(details.body(), None);
    assert_eq!(details.raw().as_str(), "x".repeat(2048));
    assert_eq!(details.raw().len(), 5000);
    assert!(details.raw().is_truncated());
    // A 500 is not transient: the GET was sent once.
    assert_eq!(operation_requests(&server).await.len(), 1);
}

#[tokio::test]
async fn error_messages_do_not_include_the_body() {
    let (server, client) = server_and_client().await;
    answer_everything(
        &server,
        ResponseTemplate::new(404).set_body_raw(NOT_FOUND, "application/json"),
    )
    .await;
    let error = client.get_upi_qr("QR7K2M9P4XWZ").await.expect_err("a 404");
    let message = error.to_string();
    assert!(message.contains("404"), "{message}");
    assert!(!message.contains("No QR code"), "{message}");
}

#[tokio::test]
async fn search_limits_are_checked_before_sending() {
    let (server, client) = server_and_client().await;
    answer_everything(
        &server,
        ok_json(&success_envelope(&page("", 0, 0, 1), "Success")),
    )
    .await;
    let qr_filter = QrCodeSearchRequest::default();
    let customer_filter = CustomerSearchRequest::default();
    // Either bound may be left out, so the fields are set as the `Option`s they are.
    let qr_params = |offset, limit| {
        let mut params = SearchUpiQrParams::new();
        params.offset = offset;
        params.limit = limit;
        params
    };
    let customer_params = |offset, limit| {
        let mut params = SearchCustomerParams::new();
        params.limit = limit;
        params.offset = offset;
        params
    };

    assert_invalid(
        client
            .search_upi_qr(&qr_params(None, Some(5001)), &qr_filter)
            .await,
        &["limit"],
    );
    assert_invalid(
        client
            .search_upi_qr(&qr_params(None, Some(0)), &qr_filter)
            .await,
        &["limit"],
    );
    assert_invalid(
        client
            .search_upi_qr(&qr_params(Some(-1), None), &qr_filter)
            .await,
        &["offset"],
    );
    assert_invalid(
        client
            .search_upi_qr(&qr_params(Some(-1), Some(0)), &qr_filter)
            .await,
        &["offset", "limit"],
    );
    assert_invalid(
        client
            .search_customer(&customer_params(None, Some(51)), &customer_filter)
            .await,
        &["limit"],
    );
    assert_invalid(
        client
            .search_customer(&customer_params(None, Some(0)), &customer_filter)
            .await,
        &["limit"],
    );
    assert_invalid(
        client
            .search_customer(&customer_params(Some(-1), None), &customer_filter)
            .await,
        &["offset"],
    );
    assert!(
        received(&server).await.is_empty(),
        "a refused request was sent"
    );

    if let Err(Error::Invalid(violations)) = client
        .search_upi_qr(&qr_params(None, Some(5001)), &qr_filter)
        .await
    {
        let message = violations.to_string();
        assert!(
            message.contains("limit") && message.contains("5000"),
            "{message}"
        );
    }

    // The bounds themselves are allowed.
    for limit in [1, 5000] {
        client
            .search_upi_qr(&qr_params(Some(0), Some(limit)), &qr_filter)
            .await
            .expect("a limit within bounds is sent");
    }
    for limit in [1, 50] {
        client
            .search_customer(&customer_params(Some(0), Some(limit)), &customer_filter)
            .await
            .expect("a limit within bounds is sent");
    }
    let limits: Vec<String> = operation_requests(&server)
        .await
        .iter()
        .map(|r| {
            r.url
                .query_pairs()
                .find(|(k, _)| k == "limit")
                .map(|(_, v)| v.into_owned())
                .expect("limit is sent")
        })
        .collect();
    assert_eq!(limits, ["1", "5000", "1", "50"]);
}

#[tokio::test]
async fn a_field_of_the_wrong_type_is_a_decode_error_naming_its_path() {
    let (server, client) = server_and_client().await;
    let wrong_amount = r#"{"payload": {"qrCodeId": "QR7K2M9P4XWZ", "amount": true}}"#;
    Mock::given(method("GET"))
        .respond_with(ok_json(wrong_amount))
        .mount(&server)
        .await;
    let mut bad_contact = json(CUSTOMER_RESPONSE);
    bad_contact["customerKeyContacts"][0]["createdOn"] = "05/07/2025".into();
    Mock::given(path("/api/v0/customer"))
        .respond_with(ok_json(&success_envelope(&bad_contact.to_string(), "ok")))
        .mount(&server)
        .await;
    Mock::given(path("/api/v0/qr-code/search"))
        .respond_with(ok_json(r#"{"payload": {"content": [{"status": 5}]}}"#))
        .mount(&server)
        .await;
    Mock::given(path("/api/v0/merchant/token"))
        .respond_with(ok_json(r#"{"token": "abc", "expiry": "tomorrow"}"#))
        .mount(&server)
        .await;

    let get = client.get_upi_qr("QR7K2M9P4XWZ").await;
    if let Err(Error::Decode { raw, .. }) = &get {
        assert_eq!(raw.as_str(), wrong_amount, "the raw body is kept");
    }
    assert_decode_error(get, "payload.amount");
    assert_decode_error(
        client.create_customer(&customer_create_request()).await,
        "payload.customerKeyContacts[0].createdOn",
    );
    assert_decode_error(
        client
            .search_upi_qr(
                &SearchUpiQrParams::default(),
                &QrCodeSearchRequest::default(),
            )
            .await,
        "payload.content[0].status",
    );
    assert_decode_error(
        client.get_authorization_token(&token_request()).await,
        "expiry",
    );
}

#[tokio::test]
async fn a_2xx_that_is_not_the_envelope_is_a_decode_error() {
    let (server, client) = server_and_client().await;
    Mock::given(path("/api/v0/qr-code/NOT-JSON"))
        .respond_with(ResponseTemplate::new(200).set_body_string("OK"))
        .mount(&server)
        .await;
    Mock::given(path("/api/v0/qr-code/EMPTY"))
        .respond_with(ok_json(
            r#"{"response_code": 200, "response_message": "Success"}"#,
        ))
        .mount(&server)
        .await;
    Mock::given(path("/api/v0/qr-code/TRAILING"))
        .respond_with(ok_json(&format!(
            "{} trailing",
            success_envelope(QR_CODE_RESPONSE, "ok")
        )))
        .mount(&server)
        .await;

    for id in ["NOT-JSON", "EMPTY", "TRAILING"] {
        match client.get_upi_qr(id).await {
            Err(Error::Decode { status, .. }) => assert_eq!(status.as_u16(), 200, "{id}"),
            other => panic!("{id}: expected Error::Decode, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn money_in_a_response_is_decoded_exactly() {
    let (server, client) = server_and_client().await;
    answer_everything(
        &server,
        ok_json(r#"{"payload": {"qrCodeId": "QR1", "amount": 10.10}, "response_code": 200}"#),
    )
    .await;
    let qr = client.get_upi_qr("QR1").await.expect("get succeeds");
    let amount = qr.amount.expect("amount");
    assert_eq!(amount, Decimal::new(1010, 2));
    assert_eq!(amount.to_string(), "10.10");
}
