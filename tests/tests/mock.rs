//! The typed mock (`enkash_client::mock`, the crate's `mock` feature), used as a user's own
//! tests use it: only through the crate's public API.

use enkash_client::mock::{CreateCustomer, GetUpiQr, Mock, SearchUpiQr};
use enkash_client::types::{
    CustomerCreateRequest, CustomerKeyContactCreateDto, CustomerResponse, ErrorResponse, ErrorType,
    QrCodePage, QrCodeResponse, QrCodeSearchRequest, QrCodeStatus, SearchUpiQrParams,
};
use enkash_client::{Config, Error, RetryPolicy};
use std::time::Duration;

fn customer_request() -> CustomerCreateRequest {
    let contact = CustomerKeyContactCreateDto::new(
        false,
        "Priya Sharma",
        "+91 9876543210".parse().expect("a mobile number"),
        "Priya Sharma",
    );
    CustomerCreateRequest::new(vec![contact], "Sharma Traders Private Limited")
}

#[tokio::test]
async fn a_create_is_answered_with_the_stubbed_value_and_read_back_typed() {
    let mock = Mock::start().await;
    mock.create_customer()
        .times(1)
        .ok(CustomerResponse::new().with_customer_id("C-1"));
    let client = mock.client();

    let created = client
        .create_customer(&customer_request())
        .await
        .expect("the stub's answer");

    assert_eq!(created.customer_id.as_deref(), Some("C-1"));
    // The token call was answered by the mock itself, once.
    assert_eq!(mock.tokens_issued(), 1);
    let received = mock.received::<CreateCustomer>();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].body, customer_request());
}

#[tokio::test]
async fn a_business_error_arrives_as_error_business() {
    let mock = Mock::start().await;
    let mut refusal = ErrorResponse::new()
        .with_error_message("customer already exists")
        .with_request_id("REQ-9");
    refusal.error_type = Some(ErrorType::UnprocessableRequest);
    mock.create_customer().business_error(refusal);

    let error = mock
        .client()
        .create_customer(&customer_request())
        .await
        .expect_err("a business error");

    assert!(matches!(error, Error::Business { .. }), "{error:?}");
    assert_eq!(error.error_type(), Some("UNPROCESSABLE_REQUEST"));
    assert_eq!(error.message(), Some("customer already exists"));
    assert_eq!(error.request_id(), Some("REQ-9"));
}

#[tokio::test]
async fn an_error_body_arrives_with_its_status() {
    let mock = Mock::start().await;
    mock.get_upi_qr().error(
        404,
        ErrorResponse::new().with_error_message("no such QR code"),
    );

    let error = mock.client().get_upi_qr("QR-404").await.expect_err("a 404");

    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(error.message(), Some("no such QR code"));
}

#[tokio::test]
async fn an_expired_token_is_refused_and_the_client_fetches_another() {
    let mock = Mock::start().await;
    mock.get_upi_qr()
        .times(2)
        .ok(QrCodeResponse::new().with_qr_code_id("QR-1"));
    let client = mock.client();

    client.get_upi_qr("QR-1").await.expect("the first call");
    mock.expire_tokens();
    let again = client
        .get_upi_qr("QR-1")
        .await
        .expect("the call after a refresh");

    assert_eq!(again.qr_code_id.as_deref(), Some("QR-1"));
    assert_eq!(mock.tokens_issued(), 2);
}

#[tokio::test]
async fn a_request_without_credentials_is_answered_401() {
    let mock = Mock::start().await;
    mock.get_upi_qr().ok(QrCodeResponse::new());
    // A client without credentials.
    let client = enkash_client::Client::with_base_url(&mock.uri()).expect("a client");

    let error = client.get_upi_qr("QR-1").await.expect_err("401");

    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    let message = error.message().unwrap_or_default();
    assert!(message.contains("bearerAuth"), "{message}");
    assert!(mock.received::<GetUpiQr>().is_empty());
    // The stub answered nothing; it set no expectation.
    assert!(mock.take_failures().is_empty());
}

#[tokio::test]
async fn a_request_that_breaks_the_spec_gets_the_spec_error_not_the_stub() {
    let mock = Mock::start().await;
    mock.create_customer()
        .times(0)
        .ok(CustomerResponse::new().with_customer_id("never"));
    let client = mock.client();
    // The client refuses such a request itself, so send it as another program would, with a
    // token from the mock.
    let token = client
        .get_authorization_token(&enkash_client::types::TokenRequest::new(
            "mock-accessKey",
            "mock-secretKey",
        ))
        .await
        .expect("a token")
        .token
        .expect("a token value");
    let body = serde_json::json!({
        "companyName": "Sharma Traders",
        "customerKeyContacts": [{
            "isPrimary": false, "name": "P", "designation": "P",
            "mobile": "९८७६५४३२१०"
        }],
        "limit": 1
    });
    let answer = reqwest::Client::new()
        .post(format!("{}/api/v0/customer", mock.uri()))
        .header("authorization", format!("Bearer {}", token.expose()))
        .header("merchantAccessKey", "mock-merchantAccessKey")
        .json(&body)
        .send()
        .await
        .expect("an answer");

    assert_eq!(answer.status().as_u16(), 400);
    let error: serde_json::Value = answer.json().await.expect("a JSON error");
    let message = error["errorMessage"].as_str().unwrap_or_default();
    assert!(
        message.contains("customerKeyContacts[0].mobile"),
        "the message names the field: {message}"
    );
    assert!(mock.received::<CreateCustomer>().is_empty());
}

#[tokio::test]
async fn stubs_take_the_requests_their_matcher_takes_in_order() {
    let mock = Mock::start().await;
    mock.get_upi_qr()
        .when(|request| request.qr_code_id == "QR-A")
        .ok(QrCodeResponse::new().with_qr_code_id("QR-A"));
    mock.get_upi_qr()
        .error(404, ErrorResponse::new().with_error_message("unknown"));
    let client = mock.client();

    let found = client.get_upi_qr("QR-A").await.expect("QR-A");
    let missing = client.get_upi_qr("QR-B").await.expect_err("QR-B");

    assert_eq!(found.qr_code_id.as_deref(), Some("QR-A"));
    assert_eq!(missing.status().map(|s| s.as_u16()), Some(404));
    let ids: Vec<String> = mock
        .received::<GetUpiQr>()
        .into_iter()
        .map(|request| request.qr_code_id)
        .collect();
    assert_eq!(ids, ["QR-A", "QR-B"]);
}

#[tokio::test]
async fn a_request_no_stub_takes_is_a_failure_that_lists_the_stubs() {
    let mock = Mock::start().await;
    mock.get_upi_qr()
        .when(|request| request.qr_code_id == "QR-A")
        .ok(QrCodeResponse::new());

    let error = mock.client().get_upi_qr("QR-Z").await.expect_err("no stub");

    assert_eq!(error.status().map(|s| s.as_u16()), Some(501));
    let failures = mock.take_failures();
    assert_eq!(failures.len(), 1, "{failures:?}");
    let failure = &failures[0];
    assert!(
        failure.contains("get_upi_qr (GET /api/v0/qr-code/{qrCodeId})"),
        "{failure}"
    );
    assert!(failure.contains("/api/v0/qr-code/QR-Z"), "{failure}");
    assert!(
        failure.contains("#1 get_upi_qr (when its matcher takes it)"),
        "{failure}"
    );
}

#[tokio::test]
async fn a_request_to_no_operation_names_the_operation_it_looks_like() {
    let mock = Mock::start().await;
    let answer = reqwest::Client::new()
        .delete(format!("{}/api/v0/qr-code/QR-1", mock.uri()))
        .send()
        .await
        .expect("an answer");

    assert_eq!(answer.status().as_u16(), 501);
    let failures = mock.take_failures();
    assert!(
        failures[0].contains("it looks like get_upi_qr (GET /api/v0/qr-code/{qrCodeId})"),
        "{failures:?}"
    );
}

#[test]
fn an_unmet_expectation_fails_when_the_mock_is_dropped() {
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let mock = runtime.block_on(Mock::start());
    mock.get_upi_qr().times(1).ok(QrCodeResponse::new());
    let dropped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| drop(mock)));
    let message = dropped
        .expect_err("the drop panics")
        .downcast::<String>()
        .map(|m| *m)
        .unwrap_or_default();
    assert!(message.contains("expected 1 time(s)"), "{message}");
    assert!(message.contains("answered 0"), "{message}");
}

#[tokio::test]
#[should_panic(expected = "breaks its schema: status: `WITHDRAWN` is not a known")]
async fn an_answer_that_breaks_its_own_schema_fails_with_the_field() {
    let mock = Mock::start().await;
    // A status the spec does not list, as a decoded response could carry.
    let unknown: QrCodeStatus = serde_json::from_str("\"WITHDRAWN\"").expect("kept as unknown");
    let mut qr = QrCodeResponse::new();
    qr.status = Some(unknown);
    mock.get_upi_qr().ok(qr);
}

#[tokio::test]
async fn a_reset_is_a_transport_failure_that_a_get_survives_by_retrying() {
    let mock = Mock::start().await;
    mock.get_upi_qr()
        .times(1)
        .fault(enkash_client::mock::Fault::Reset);
    mock.get_upi_qr()
        .ok(QrCodeResponse::new().with_qr_code_id("QR-1"));
    let config = Config {
        retry: RetryPolicy {
            base_delay: Duration::from_millis(1),
            ..RetryPolicy::default()
        },
        ..Config::default()
    };

    let fetched = mock
        .client_with(config)
        .get_upi_qr("QR-1")
        .await
        .expect("the retry");

    assert_eq!(fetched.qr_code_id.as_deref(), Some("QR-1"));
    assert_eq!(mock.received::<GetUpiQr>().len(), 2);
}

#[tokio::test]
async fn a_delay_past_the_timeout_times_the_call_out_and_a_create_is_not_repeated() {
    let mock = Mock::start().await;
    mock.create_customer()
        .delay(Duration::from_secs(5))
        .ok(CustomerResponse::new());
    let client = mock
        .client()
        .with_request_timeout(Duration::from_millis(200));

    let error = client
        .create_customer(&customer_request())
        .await
        .expect_err("a timeout");

    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert_eq!(mock.received::<CreateCustomer>().len(), 1);
}

#[tokio::test]
async fn a_computed_answer_pages_by_the_request() {
    let mock = Mock::start().await;
    mock.search_upi_qr().respond(|request: &SearchUpiQr| {
        let offset = request.params.offset.unwrap_or(0);
        let ids = (offset..(offset + 2).min(3))
            .map(|n| QrCodeResponse::new().with_qr_code_id(format!("QR{n}")))
            .collect();
        enkash_client::mock::Reply::Ok(QrCodePage::new().with_content(ids).with_total_elements(3))
    });
    let params = SearchUpiQrParams::new().with_limit(2);
    let mut ids = Vec::new();
    let client = mock.client();
    let filter = QrCodeSearchRequest::new();
    let mut all = client.search_upi_qr_all(&params, &filter, Default::default());
    while let Some(item) = all.next().await {
        ids.push(item.expect("an item").qr_code_id.unwrap_or_default());
    }
    assert_eq!(ids, ["QR0", "QR1", "QR2"]);
    let offsets: Vec<Option<i32>> = mock
        .received::<SearchUpiQr>()
        .iter()
        .map(|request| request.params.offset)
        .collect();
    assert_eq!(offsets, [Some(0), Some(2)]);
}

#[tokio::test]
async fn a_stub_closure_that_panics_fails_the_mock_and_the_server_goes_on() {
    let mock = Mock::start().await;
    mock.get_upi_qr()
        .when(|request| request.qr_code_id.is_empty() || panic!("a matcher that breaks"))
        .ok(QrCodeResponse::new());
    mock.get_upi_qr()
        .ok(QrCodeResponse::new().with_qr_code_id("QR-2"));
    let client = mock.client();

    let error = client
        .get_upi_qr("QR-1")
        .await
        .expect_err("the mock's failure");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
    let failures = mock.take_failures();
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert!(
        failures[0].contains("the `when` of stub #1 panicked"),
        "{failures:?}"
    );
}
