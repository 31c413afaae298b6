//! Nothing secret (keys, the token) and no personal data (PII fields) ends up in what a client
//! prints or traces during authenticated calls, successful and failing.
//!
//! The test installs a tracing subscriber that writes everything, down to TRACE and with span
//! open/close events, to an in-memory buffer, for a current-thread runtime on which every
//! call runs, so that every span and event the client emits is captured.

mod common;

use common::{
    ACCESS_KEY, MERCHANT_ACCESS_KEY, SECRET_KEY, TOKEN, credentials, mount_in_turn,
    mount_token_endpoint,
};
use enkash_client::types::{
    CustomerCreateRequest, CustomerSearchRequest, QrCodeCreateRequest, SearchCustomerParams,
    TokenRequest,
};
use enkash_client::{Client, Error};
use std::io;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tracing_subscriber::fmt::format::FmtSpan;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

// Personal data, each value distinctive enough to be found anywhere it leaks.
const MOBILE: &str = "+91 9812345678";
const MOBILE_DIGITS: &str = "9812345678";
const EMAIL: &str = "priya.private@example.in";
const PAN: &str = "AABCS1234K";
const ACCOUNT_NUMBER: &str = "50100987654321";
const CONTACT_NUMBER: &str = "9123456780";
const CONTACT_EMAIL: &str = "ledger.private@example.in";
const CUSTOMER_EMAIL: &str = "payer.private@example.in";
const CUSTOMER_MOBILE: &str = "9000012345";
// People's names: a key contact's, a QR code's customer's, and the user who created a record.
const CONTACT_NAME: &str = "Kavya Iyer";
const CONTACT_LEGAL_NAME: &str = "Kavya Lakshmi Iyer";
const QR_CUSTOMER_NAME: &str = "Arjun Venkatesan";
const CREATOR_NAME: &str = "Anita Mehta-Desai";
const CREATOR: &str = "anita.admin@example.in";
/// A company's name, which is not personal data and stays visible.
const COMPANY: &str = "Sharma Traders Private Limited";

/// Everything that must never be printed or traced.
fn forbidden() -> Vec<(&'static str, &'static str)> {
    vec![
        ("the access key", ACCESS_KEY),
        ("the secret key", SECRET_KEY),
        ("the merchant access key", MERCHANT_ACCESS_KEY),
        ("the token", TOKEN),
        ("a bearer header", "Bearer"),
        ("a mobile number", MOBILE_DIGITS),
        ("an email address", EMAIL),
        ("a PAN", PAN),
        ("an account number", ACCOUNT_NUMBER),
        ("a contact number", CONTACT_NUMBER),
        ("a contact email", CONTACT_EMAIL),
        ("a customer email", CUSTOMER_EMAIL),
        ("a customer mobile", CUSTOMER_MOBILE),
        ("a key contact's name", CONTACT_NAME),
        ("a key contact's legal name", CONTACT_LEGAL_NAME),
        ("a QR code's customer name", QR_CUSTOMER_NAME),
        ("the name of a record's creator", CREATOR_NAME),
        ("a record's creator", CREATOR),
    ]
}

fn assert_clean(what: &str, text: &str) {
    for (name, value) in forbidden() {
        assert!(
            !text.contains(value),
            "{what} shows {name} ({value:?}):\n{text}"
        );
    }
}

/// An in-memory sink for the subscriber's output.
#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Buffer {
    fn contents(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().expect("the buffer lock")).into_owned()
    }
}

impl io::Write for Buffer {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0
            .lock()
            .map_err(|_| io::Error::other("poisoned"))?
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn customer_request() -> CustomerCreateRequest {
    let body = serde_json::json!({
        "accountNumber": ACCOUNT_NUMBER,
        "contactNumber": CONTACT_NUMBER,
        "customerKeyContacts": [{
            "deleted": false,
            "email": EMAIL,
            "legalName": CONTACT_LEGAL_NAME,
            "mobile": MOBILE,
            "name": CONTACT_NAME
        }],
        "legalName": COMPANY,
        "panOrGstin": PAN
    });
    serde_json::from_value(body).expect("a valid request")
}

/// A customer as the server returns it, echoing every personal field.
fn customer_response() -> String {
    serde_json::json!({
        "payload": {
            "accountNumber": ACCOUNT_NUMBER,
            "contactEmail": CONTACT_EMAIL,
            "contactNumber": CONTACT_NUMBER,
            "customerId": "CUST000123",
            "createdBy": CREATOR,
            "createdByName": CREATOR_NAME,
            "customerKeyContacts": [{"email": EMAIL, "mobile": MOBILE, "name": CONTACT_NAME}],
            "legalName": COMPANY,
            "panOrGstin": PAN
        },
        "response_code": 200,
        "response_message": "Customer created successfully"
    })
    .to_string()
}

/// An error body whose sub-errors echo the rejected personal values, as Spring servers do.
fn rejection() -> String {
    serde_json::json!({
        "errorType": "VALIDATION_ERROR",
        "errorMessage": "Customer already exists",
        "requestId": "req-redaction-0001",
        "apiSubErrors": [
            {"field": "customerKeyContacts[0].mobile", "rejectedValue": MOBILE},
            {"field": "customerKeyContacts[0].email", "rejectedValue": EMAIL},
            {"field": "panOrGstin", "rejectedValue": PAN},
            {"field": "accountNumber", "rejectedValue": ACCOUNT_NUMBER}
        ]
    })
    .to_string()
}

fn json_response(status: u16, body: String) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body, "application/json")
}

/// Runs the calls and returns the Debug (and Display) output of everything involved.
async fn scenario() -> Vec<(String, String)> {
    let server = MockServer::start().await;
    mount_token_endpoint(&server).await;
    // create_customer: a 401 first (the token is refreshed), then success, then a 400 that
    // echoes the personal data.
    mount_in_turn(
        &server,
        "POST",
        "/api/v0/customer",
        vec![
            ResponseTemplate::new(401),
            json_response(200, customer_response()),
            json_response(400, rejection()),
        ],
    )
    .await;
    // search_customer (idempotent): a 503 that is retried, then a 200 envelope that carries
    // the same rejection.
    mount_in_turn(
        &server,
        "POST",
        "/api/v0/customer/search",
        vec![
            ResponseTemplate::new(503),
            json_response(
                200,
                format!(
                    r#"{{"errorResponse": {}, "response_code": 400}}"#,
                    rejection()
                ),
            ),
        ],
    )
    .await;
    // create_upi_qr: succeeds, echoing the payer's contact details.
    Mock::given(method("POST"))
        .and(path("/api/v0/qr-code"))
        .respond_with(json_response(
            200,
            serde_json::json!({
                "payload": {"qrCodeId": "QR1", "customerEmail": CUSTOMER_EMAIL,
                            "customerMobile": CUSTOMER_MOBILE,
                            "customerName": QR_CUSTOMER_NAME},
                "response_code": 200
            })
            .to_string(),
        ))
        .mount(&server)
        .await;

    let credentials = credentials();
    let client = Client::with_config(
        &server.uri(),
        common::fast_config(3, Duration::from_secs(5)),
    )
    .expect("a valid base URL")
    .with_credentials(&credentials);
    let mut printed = Vec::new();
    let mut keep = |what: &str, text: String| printed.push((what.to_owned(), text));

    let request = customer_request();
    keep("request Debug", format!("{request:?}"));
    keep("request pretty Debug", format!("{request:#?}"));
    keep("credentials Debug", format!("{credentials:?}"));
    keep("client Debug (before the token)", format!("{client:?}"));

    let customer = client
        .create_customer(&request)
        .await
        .expect("succeeds after one token refresh");
    assert_eq!(
        customer.pan_or_gstin.as_deref(),
        Some(PAN),
        "the data is there"
    );
    assert_eq!(customer.created_by_name.as_deref(), Some(CREATOR_NAME));
    assert!(
        format!("{customer:?}").contains(COMPANY),
        "a company's name is not personal data and shows"
    );
    keep("response Debug", format!("{customer:?}"));
    keep("response pretty Debug", format!("{customer:#?}"));
    keep("client Debug (with a token)", format!("{client:?}"));

    let error = client.create_customer(&request).await.expect_err("the 400");
    assert!(matches!(error, Error::Status { .. }), "{error:?}");
    assert!(
        error
            .details()
            .is_some_and(|d| d.raw().as_str().contains(PAN)),
        "the raw body, read deliberately, has the data"
    );
    keep("status error Debug", format!("{error:?}"));
    keep("status error pretty Debug", format!("{error:#?}"));
    keep("status error Display", error.to_string());

    let filter = CustomerSearchRequest::new()
        .with_account_number(ACCOUNT_NUMBER)
        .with_contact_email(CONTACT_EMAIL)
        .with_contact_number(CONTACT_NUMBER);
    keep("search filter Debug", format!("{filter:?}"));
    let error = client
        .search_customer(&SearchCustomerParams::default(), &filter)
        .await
        .expect_err("the envelope's error");
    assert!(matches!(error, Error::Business { .. }), "{error:?}");
    keep("business error Debug", format!("{error:?}"));
    keep("business error Display", error.to_string());

    let qr_request = QrCodeCreateRequest::new()
        .with_customer_email(CUSTOMER_EMAIL)
        .with_customer_mobile(CUSTOMER_MOBILE)
        .with_customer_name(QR_CUSTOMER_NAME);
    keep("QR request Debug", format!("{qr_request:?}"));
    let qr = client.create_upi_qr(&qr_request).await.expect("created");
    assert_eq!(qr.customer_mobile.as_deref(), Some(CUSTOMER_MOBILE));
    assert_eq!(qr.customer_name.as_deref(), Some(QR_CUSTOMER_NAME));
    keep("QR response Debug", format!("{qr:?}"));

    // The token call made explicitly: its request and response hold keys and a token.
    let token_request = TokenRequest::new(ACCESS_KEY, SECRET_KEY);
    keep("token request Debug", format!("{token_request:?}"));
    let token = client
        .get_authorization_token(&token_request)
        .await
        .expect("a token");
    assert!(token.token.is_some());
    keep("token response Debug", format!("{token:?}"));

    // The invalid-credential error: a token the server sends that cannot be a header.
    let error = Client::with_base_url(&server.uri())
        .expect("a valid base URL")
        .with_bearer_auth(format!("{TOKEN}\r\nX: {SECRET_KEY}"))
        .create_customer(&request)
        .await
        .expect_err("refused before sending");
    keep("invalid credential error Debug", format!("{error:?}"));
    keep("invalid credential error Display", error.to_string());

    // The server saw the personal data and the credentials: the test is not vacuous.
    let requests = server.received_requests().await.expect("recording is on");
    let sent: String = requests
        .iter()
        .map(|r| format!("{:?} {}", r.headers, String::from_utf8_lossy(&r.body)))
        .collect();
    for value in [
        TOKEN,
        MERCHANT_ACCESS_KEY,
        SECRET_KEY,
        PAN,
        EMAIL,
        CUSTOMER_EMAIL,
        CONTACT_NAME,
        CONTACT_LEGAL_NAME,
        QR_CUSTOMER_NAME,
    ] {
        assert!(sent.contains(value), "{value} was not sent");
    }
    printed
}

#[test]
fn nothing_secret_or_personal_is_printed_or_traced() {
    // tracing-core caches each callsite's interest globally. While only one dispatcher is
    // registered, a callsite first hit on another thread (another test in this binary) gets
    // the interest of *that* thread's default, "never", and this test's spans would be lost.
    // A second registered dispatcher makes tracing-core ask every registered dispatcher.
    let _second_dispatcher = tracing::Dispatch::new(
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_writer(io::sink)
            .finish(),
    );
    let buffer = Buffer::default();
    let writer = buffer.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(FmtSpan::NEW | FmtSpan::CLOSE)
        .with_writer(move || writer.clone())
        .finish();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let printed = tracing::subscriber::with_default(subscriber, || runtime.block_on(scenario()));

    assert_eq!(printed.len(), 19, "{printed:?}");
    for (what, text) in &printed {
        assert_clean(what, text);
    }
    // PII shows as masked, secrets as redacted.
    let all: String = printed.iter().map(|(_, text)| text.as_str()).collect();
    assert!(all.contains("\"***\""), "no masked field in:\n{all}");
    assert!(all.contains("[REDACTED]"), "no redacted secret in:\n{all}");

    let traced = buffer.contents();
    assert_clean("the tracing output", &traced);
    // The capture worked: the request spans are there, with their fields.
    for expected in [
        "request{",
        "operation=\"createCustomer\"",
        "operation=\"searchCustomer\"",
        "operation=\"createUpiQr\"",
        "operation=\"getAuthorizationToken\"",
        "method=POST",
        "path=\"/api/v0/customer\"",
        "path=\"/api/v0/customer/search\"",
        "path=\"/api/v0/merchant/token\"",
        "attempt=1",
        "attempt=2",
        "status=200",
        "status=401",
        "status=400",
        "status=503",
        "transient status; retrying",
        "elapsed_ms=",
        "token_refresh",
    ] {
        assert!(
            traced.contains(expected),
            "the tracing output lacks {expected:?}:\n{traced}"
        );
    }
}

/// The server's `errorMessage` is printed by `Debug` of an error (by design: "the server's
/// text about the error"). Servers commonly echo the rejected value in that text, which then
/// reaches every log line that prints the error with `{:?}`.
#[tokio::test]
async fn an_error_message_that_echoes_personal_data_is_not_printed() {
    let server = MockServer::start().await;
    mount_token_endpoint(&server).await;
    let body = serde_json::json!({
        "errorType": "VALIDATION_ERROR",
        "errorMessage": format!("mobile {MOBILE} is already registered to PAN {PAN}"),
        "requestId": "req-redaction-0002"
    });
    Mock::given(method("POST"))
        .and(path("/api/v0/customer"))
        .respond_with(json_response(400, body.to_string()))
        .mount(&server)
        .await;
    let client = Client::with_base_url(&server.uri())
        .expect("a valid base URL")
        .with_credentials(&credentials());

    let error = client
        .create_customer(&customer_request())
        .await
        .expect_err("the 400");
    assert!(
        error.message().is_some_and(|m| m.contains(PAN)),
        "the message, read deliberately, has the data"
    );
    assert_clean("the error's Display", &error.to_string());
    assert_clean("the error's Debug", &format!("{error:?}"));
}
