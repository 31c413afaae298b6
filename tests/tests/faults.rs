//! A fault matrix against real servers on 127.0.0.1: wiremock for the faults it can produce,
//! a hand-written TCP server for the rest. Every test asserts the error variant and exactly
//! how many requests the server saw, per path.
//!
//! The clients authenticate with `Credentials` (so every call may involve the token endpoint)
//! and retry fast: 10 ms backoff, 3 attempts unless a test says otherwise.

mod common;

use common::{
    MERCHANT_ACCESS_KEY, QR_CODE_RESPONSE, TOKEN, TOKEN_PATH, assert_authorized_with,
    assert_token_call, credentials, epoch_millis_in, fast_config, header_of, mount_in_turn,
    mount_token_endpoint, received, received_on, success_envelope, token_call_body, token_response,
};
use enkash_client::Config;
use enkash_client::types::{
    CustomerSearchRequest, QrCodeCreateRequest, QrCodeSearchRequest, QrCodeStatus, ReminderType,
    SearchCustomerParams, SearchUpiQrParams,
};
use enkash_client::{Client, Error};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const QR_PATH: &str = "/api/v0/qr-code";
const QR_ID: &str = "QR7K2M9P4XWZ";
const GET_PATH: &str = "/api/v0/qr-code/QR7K2M9P4XWZ";
const SEARCH_PATH: &str = "/api/v0/qr-code/search";
const CANCEL_PATH: &str = "/api/v0/qr-code/QR7K2M9P4XWZ/cancel";

/// Attempts in all for idempotent calls in these tests.
const MAX_ATTEMPTS: u32 = 3;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// A 200 answer whose body is exactly `text`.
fn ok_json(text: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(text.to_owned(), "application/json")
}

fn qr_success() -> ResponseTemplate {
    ok_json(&success_envelope(QR_CODE_RESPONSE, "Success"))
}

/// A client for `base_url` with `config` that authenticates with the test credentials.
fn client_with(base_url: &str, config: Config) -> Client {
    Client::with_config(base_url, config)
        .expect("a valid base URL")
        .with_credentials(&credentials())
}

/// A mock server with a working token endpoint, and a client for it with `config`.
async fn setup(config: Config) -> (MockServer, Client) {
    let server = MockServer::start().await;
    mount_token_endpoint(&server).await;
    let client = client_with(&server.uri(), config);
    (server, client)
}

/// The default test config: [`MAX_ATTEMPTS`] attempts, a 5 s request timeout.
fn config() -> Config {
    fast_config(MAX_ATTEMPTS, Duration::from_secs(5))
}

fn create_body() -> QrCodeCreateRequest {
    QrCodeCreateRequest::new().with_qr_name("Counter 1")
}

/// How many requests the server saw on `path`.
async fn count(server: &MockServer, wanted: &str) -> usize {
    received_on(server, wanted).await.len()
}

/// The paths of every request the server saw, in order.
async fn paths(server: &MockServer) -> Vec<String> {
    received(server)
        .await
        .iter()
        .map(|r| r.url.path().to_owned())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// A hand-written HTTP/1.1 server, for faults wiremock cannot produce
// ---------------------------------------------------------------------------------------------

/// A server that reads one request per connection, writes the bytes `respond` returns for its
/// method and path, and closes the connection. It records `"METHOD /path"` of every request.
struct RawServer {
    base_url: String,
    seen: Arc<Mutex<Vec<String>>>,
    task: tokio::task::JoinHandle<()>,
}

impl RawServer {
    async fn start(respond: fn(&str, &str) -> Vec<u8>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1");
        let address = listener.local_addr().expect("a local address");
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        let task = tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                let log = Arc::clone(&log);
                tokio::spawn(async move {
                    let Some((method, target)) = read_request(&mut stream).await else {
                        return;
                    };
                    log.lock()
                        .expect("the log lock")
                        .push(format!("{method} {target}"));
                    // Errors writing are the client's business (it may have gone).
                    let _ = stream.write_all(&respond(&method, &target)).await;
                    let _ = stream.flush().await;
                    let _ = stream.shutdown().await;
                });
            }
        });
        Self {
            base_url: format!("http://{address}"),
            seen,
            task,
        }
    }

    /// How many requests were made to `path` (any method).
    fn count(&self, wanted: &str) -> usize {
        self.seen
            .lock()
            .expect("the log lock")
            .iter()
            .filter(|line| line.split(' ').nth(1) == Some(wanted))
            .count()
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Reads one request (head and `Content-Length` body); its method and target.
async fn read_request(stream: &mut tokio::net::TcpStream) -> Option<(String, String)> {
    let mut data = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(at) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        data.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&data[..head_end]).into_owned();
    let length: usize = head
        .lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.trim().parse().ok())
        .unwrap_or(0);
    while data.len() < head_end + length {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        data.extend_from_slice(&chunk[..n]);
    }
    let mut words = head.split_whitespace();
    Some((words.next()?.to_owned(), words.next()?.to_owned()))
}

/// The token endpoint answers properly; every other request gets headers promising 100 bytes
/// of body, a few bytes of it, and a closed connection.
fn close_mid_response(_method: &str, target: &str) -> Vec<u8> {
    if target == TOKEN_PATH {
        let body = format!(r#"{{"token": "{TOKEN}", "resultCode": 200}}"#);
        format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
             Connection: close\r\n\r\n{body}",
            body.len()
        )
        .into_bytes()
    } else {
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\
          Connection: close\r\n\r\n{\"payload\": {\"qrC"
            .to_vec()
    }
}

// ---------------------------------------------------------------------------------------------
// Timeouts and broken connections
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn timeout_on_a_post_create_is_a_transport_error_and_is_not_retried() {
    let (server, client) = setup(fast_config(MAX_ATTEMPTS, Duration::from_millis(250))).await;
    Mock::given(method("POST"))
        .and(path(QR_PATH))
        .respond_with(qr_success().set_delay(Duration::from_secs(3)))
        .mount(&server)
        .await;

    let started = Instant::now();
    let error = client
        .create_upi_qr(&create_body())
        .await
        .expect_err("the call times out");
    assert!(started.elapsed() < Duration::from_secs(2), "no timeout");
    let Error::Transport {
        source, retry_safe, ..
    } = &error
    else {
        panic!("expected Error::Transport, got {error:?}");
    };
    assert!(source.is_timeout(), "{source:?}");
    assert!(
        !retry_safe,
        "a create that may have arrived is not retry-safe"
    );
    assert_eq!(error.to_string(), "the request timed out");
    assert_eq!(count(&server, QR_PATH).await, 1, "a create is never resent");
    assert_eq!(count(&server, TOKEN_PATH).await, 1);
}

#[tokio::test]
async fn timeout_on_a_get_is_retried_up_to_max_attempts() {
    let (server, client) = setup(fast_config(MAX_ATTEMPTS, Duration::from_millis(250))).await;
    Mock::given(method("GET"))
        .and(path(GET_PATH))
        .respond_with(qr_success().set_delay(Duration::from_secs(3)))
        .mount(&server)
        .await;

    let error = client
        .get_upi_qr(QR_ID)
        .await
        .expect_err("every attempt times out");
    let Error::Transport {
        source, retry_safe, ..
    } = &error
    else {
        panic!("expected Error::Transport, got {error:?}");
    };
    assert!(source.is_timeout(), "{source:?}");
    assert!(retry_safe, "a GET is idempotent");
    assert_eq!(count(&server, GET_PATH).await, MAX_ATTEMPTS as usize);
    assert_eq!(count(&server, TOKEN_PATH).await, 1, "the token is reused");
}

#[tokio::test]
async fn connection_closed_mid_response_on_a_post_create_is_a_transport_error() {
    let server = RawServer::start(close_mid_response).await;
    let client = client_with(&server.base_url, config());

    let error = client
        .create_upi_qr(&create_body())
        .await
        .expect_err("the body is cut short");
    let Error::Transport {
        source, retry_safe, ..
    } = &error
    else {
        panic!("expected Error::Transport, got {error:?}");
    };
    assert!(!source.is_timeout(), "{source:?}");
    assert!(!retry_safe);
    assert_eq!(server.count(QR_PATH), 1, "a create is never resent");
    assert_eq!(server.count(TOKEN_PATH), 1);
}

#[tokio::test]
async fn connection_closed_mid_response_on_a_get_is_retried_then_a_transport_error() {
    let server = RawServer::start(close_mid_response).await;
    let client = client_with(&server.base_url, config());

    let error = client
        .get_upi_qr(QR_ID)
        .await
        .expect_err("the body is cut short");
    let Error::Transport { retry_safe, .. } = &error else {
        panic!("expected Error::Transport, got {error:?}");
    };
    assert!(retry_safe);
    assert_eq!(server.count(GET_PATH), MAX_ATTEMPTS as usize);
    assert_eq!(server.count(TOKEN_PATH), 1);
}

/// Nothing listens: the request never reached a server, so even a create is safe to resend
/// (but the client does not resend it itself).
#[tokio::test]
async fn connection_refused_is_a_retry_safe_transport_error() {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1");
    let address = listener.local_addr().expect("a local address");
    drop(listener);
    let client = Client::with_config(&format!("http://{address}"), config())
        .expect("a valid base URL")
        .with_bearer_auth(TOKEN)
        .with_merchant_access_key(MERCHANT_ACCESS_KEY);

    let error = client
        .create_upi_qr(&create_body())
        .await
        .expect_err("nothing listens");
    let Error::Transport {
        source, retry_safe, ..
    } = &error
    else {
        panic!("expected Error::Transport, got {error:?}");
    };
    assert!(source.is_connect(), "{source:?}");
    assert!(retry_safe);
    assert!(error.is_retry_safe());
}

// ---------------------------------------------------------------------------------------------
// Answers that are not what the spec says
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn status_500_with_an_html_body_on_a_post_create() {
    let (server, client) = setup(config()).await;
    let html = "<html><head><title>500 Internal Server Error</title></head>\
                <body><h1>Internal Server Error</h1></body></html>";
    Mock::given(method("POST"))
        .and(path(QR_PATH))
        .respond_with(ResponseTemplate::new(500).set_body_raw(html, "text/html"))
        .mount(&server)
        .await;

    let error = client
        .create_upi_qr(&create_body())
        .await
        .expect_err("a 500");
    assert!(!error.to_string().contains("Internal Server Error</h1>"));
    let Error::Status {
        status,
        details,
        retry_safe,
        ..
    } = &error
    else {
        panic!("expected Error::Status, got {error:?}");
    };
    assert_eq!(status.as_u16(), 500);
    assert!(details.body().is_none(), "HTML is not an ErrorResponse");
    assert_eq!(details.error_type(), None);
    assert_eq!(details.message(), None);
    assert!(
        details
            .raw()
            .as_str()
            .contains("<h1>Internal Server Error</h1>")
    );
    assert_eq!(details.raw().len(), html.len());
    assert!(!retry_safe);
    assert_eq!(count(&server, QR_PATH).await, 1);
    assert_eq!(count(&server, TOKEN_PATH).await, 1);
}

#[tokio::test]
async fn truncated_json_in_a_200_is_a_decode_error() {
    let (server, client) = setup(config()).await;
    let truncated = r#"{"payload": {"qrCodeId": "QR7K2M9P4XWZ", "status": "ACT"#;
    Mock::given(method("GET"))
        .and(path(GET_PATH))
        .respond_with(ok_json(truncated))
        .mount(&server)
        .await;

    let error = client.get_upi_qr(QR_ID).await.expect_err("not JSON");
    let Error::Decode {
        status,
        source,
        raw,
        ..
    } = &error
    else {
        panic!("expected Error::Decode, got {error:?}");
    };
    assert_eq!(status.as_u16(), 200);
    assert!(source.is_eof(), "{source:?}");
    assert_eq!(raw.as_str(), truncated);
    // Where it ended, readable, and without the body's text.
    assert_eq!(
        error.to_string(),
        format!(
            "the 200 OK response does not decode at `payload.status` (the body ends early, at line 1, column {})",
            truncated.len()
        )
    );
    assert!(!error.is_retry_safe());
    assert_eq!(count(&server, GET_PATH).await, 1, "a decode error is final");
    assert_eq!(count(&server, TOKEN_PATH).await, 1);
}

#[tokio::test]
async fn error_response_in_a_200_is_a_business_error() {
    let (server, client) = setup(config()).await;
    let body = r#"{"errorResponse": {"errorType": "VALIDATION_ERROR",
        "errorMessage": "qrName is too long", "requestId": "req-0001-biz",
        "timestamp": "2025-07-05 12:21:15", "apiSubErrors": []},
        "response_code": 400, "response_message": "Validation failed"}"#;
    Mock::given(method("POST"))
        .and(path(QR_PATH))
        .respond_with(ok_json(body))
        .mount(&server)
        .await;

    let error = client
        .create_upi_qr(&create_body())
        .await
        .expect_err("the envelope reports an error");
    assert_eq!(error.error_type(), Some("VALIDATION_ERROR"));
    assert_eq!(error.message(), Some("qrName is too long"));
    assert_eq!(error.request_id(), Some("req-0001-biz"));
    let Error::Business {
        status,
        details,
        code,
        ..
    } = &error
    else {
        panic!("expected Error::Business, got {error:?}");
    };
    assert_eq!(status.as_u16(), 200);
    assert_eq!(*code, Some(400));
    assert!(details.body().is_some(), "the errorResponse decodes whole");
    assert_eq!(count(&server, QR_PATH).await, 1);
    assert_eq!(count(&server, TOKEN_PATH).await, 1);
}

/// The error's fields are read even when the error does not decode whole: a timestamp in
/// another format and an errorType the spec does not list.
#[tokio::test]
async fn an_error_response_that_does_not_decode_whole_is_still_reported() {
    let (server, client) = setup(config()).await;
    let body = r#"{"errorResponse": {"errorType": "QUOTA_EXCEEDED",
        "errorMessage": "Daily QR quota exceeded", "requestId": "req-0002-biz",
        "timestamp": "2025-07-05T12:21:15.123Z"}}"#;
    Mock::given(method("GET"))
        .and(path(GET_PATH))
        .respond_with(ok_json(body))
        .mount(&server)
        .await;

    let error = client.get_upi_qr(QR_ID).await.expect_err("an error");
    let Error::Business { details, code, .. } = &error else {
        panic!("expected Error::Business, got {error:?}");
    };
    assert!(details.body().is_none(), "the timestamp does not decode");
    assert_eq!(details.error_type(), Some("QUOTA_EXCEEDED"));
    assert_eq!(details.message(), Some("Daily QR quota exceeded"));
    assert_eq!(details.request_id(), Some("req-0002-biz"));
    assert_eq!(details.raw().as_str(), body);
    assert_eq!(*code, None);
    assert_eq!(count(&server, GET_PATH).await, 1);
}

#[tokio::test]
async fn unknown_enum_values_and_unknown_fields_in_a_response_are_accepted() {
    let (server, client) = setup(config()).await;
    Mock::given(method("GET"))
        .and(path(GET_PATH))
        .respond_with(ok_json(
            r#"{"payload": {"qrCodeId": "QR7K2M9P4XWZ", "status": "EXPIRED",
                "settlementMode": {"instant": true}, "tags": ["a", "b"]},
                "response_code": 200, "response_message": "Success", "traceId": "t-1"}"#,
        ))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v0/customer/search"))
        .respond_with(ok_json(
            r#"{"payload": {"content": [{"customerId": "CUST000123", "loyaltyTier": "GOLD",
                "customerReminders": [{"reminderType": "WEEKLY", "channel": "SMS"}]}],
                "totalElements": 1, "nextCursor": null}, "response_code": 0}"#,
        ))
        .mount(&server)
        .await;

    let qr = client.get_upi_qr(QR_ID).await.expect("accepted");
    assert_eq!(qr.qr_code_id.as_deref(), Some(QR_ID));
    let status = qr.status.expect("status");
    assert!(
        matches!(&status, QrCodeStatus::Unrecognized(_)),
        "{status:?}"
    );
    assert_eq!(status.as_str(), "EXPIRED");

    let page = client
        .search_customer(
            &SearchCustomerParams::default(),
            &CustomerSearchRequest::default(),
        )
        .await
        .expect("accepted");
    let content = page.content.expect("content");
    let reminders = content[0].customer_reminders.as_deref().expect("reminders");
    let reminder_type = reminders[0].reminder_type.as_ref().expect("reminderType");
    assert!(
        matches!(reminder_type, ReminderType::Unrecognized(_)),
        "{reminder_type:?}"
    );
    assert_eq!(reminder_type.as_str(), "WEEKLY");
    assert_eq!(count(&server, GET_PATH).await, 1);
    assert_eq!(count(&server, "/api/v0/customer/search").await, 1);
    assert_eq!(count(&server, TOKEN_PATH).await, 1);
}

// ---------------------------------------------------------------------------------------------
// Authentication
// ---------------------------------------------------------------------------------------------

/// Mounts a token endpoint that issues `first` once, then `second` from then on.
async fn mount_rotating_tokens(server: &MockServer, first: &str, second: &str) {
    let expiry = epoch_millis_in(Duration::from_secs(3600));
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .and(body_json(token_call_body()))
        .respond_with(token_response(first, expiry))
        .up_to_n_times(1)
        .mount(server)
        .await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .and(body_json(token_call_body()))
        .respond_with(token_response(second, expiry))
        .mount(server)
        .await;
}

/// A 401 means the token was refused (expired early, revoked): the client fetches a new one
/// and sends the call once more, even a create, which the server did not process.
#[tokio::test]
async fn a_401_then_success_after_one_token_refresh() {
    let server = MockServer::start().await;
    mount_rotating_tokens(&server, "tok-old", "tok-new").await;
    Mock::given(path(QR_PATH))
        .and(header("authorization", "Bearer tok-old"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    Mock::given(path(QR_PATH))
        .and(header("authorization", "Bearer tok-new"))
        .respond_with(qr_success())
        .mount(&server)
        .await;
    let client = client_with(&server.uri(), config());

    let qr = client
        .create_upi_qr(&create_body())
        .await
        .expect("succeeds after the refresh");
    assert_eq!(qr.qr_code_id.as_deref(), Some(QR_ID));

    assert_eq!(
        paths(&server).await,
        [TOKEN_PATH, QR_PATH, TOKEN_PATH, QR_PATH],
        "token, 401, token, 200"
    );
    let requests = received(&server).await;
    assert_token_call(&requests[0]);
    assert_authorized_with(&requests[1], "tok-old");
    assert_token_call(&requests[2]);
    assert_authorized_with(&requests[3], "tok-new");
    assert_eq!(count(&server, TOKEN_PATH).await, 2);
    assert_eq!(count(&server, QR_PATH).await, 2);
}

#[tokio::test]
async fn a_second_401_is_final() {
    let server = MockServer::start().await;
    mount_rotating_tokens(&server, "tok-old", "tok-new").await;
    Mock::given(path(GET_PATH))
        .respond_with(ResponseTemplate::new(401).set_body_raw(
            r#"{"errorType": "UNAUTHORIZED", "errorMessage": "Invalid token"}"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    let client = client_with(&server.uri(), config());

    let error = client.get_upi_qr(QR_ID).await.expect_err("refused twice");
    let Error::Status {
        status, retry_safe, ..
    } = &error
    else {
        panic!("expected Error::Status, got {error:?}");
    };
    assert_eq!(status.as_u16(), 401);
    assert!(!retry_safe);
    assert_eq!(error.error_type(), Some("UNAUTHORIZED"));
    assert_eq!(count(&server, TOKEN_PATH).await, 2, "one refresh, no loop");
    assert_eq!(count(&server, GET_PATH).await, 2);
}

#[tokio::test]
async fn wrong_keys_are_an_auth_error_and_the_operation_is_not_sent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(ResponseTemplate::new(401).set_body_raw(
            r#"{"resultCode": 401, "resultMessage": "Invalid access key or secret key"}"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    Mock::given(path(GET_PATH))
        .respond_with(qr_success())
        .mount(&server)
        .await;
    let client = client_with(&server.uri(), config());

    // A GET, so that a retry would be allowed if the client thought one safe.
    let error = client.get_upi_qr(QR_ID).await.expect_err("no token");
    let Error::Auth(auth) = &error else {
        panic!("expected Error::Auth, got {error:?}");
    };
    assert_eq!(auth.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    assert!(error.is_retry_safe(), "the operation was never sent");
    assert_eq!(count(&server, TOKEN_PATH).await, 1, "no loop");
    assert_eq!(
        count(&server, GET_PATH).await,
        0,
        "the operation is not sent"
    );

    // A later call tries again, once.
    let again = client.get_upi_qr(QR_ID).await.expect_err("still no token");
    assert!(matches!(again, Error::Auth(_)), "{again:?}");
    assert_eq!(count(&server, TOKEN_PATH).await, 2);
    assert_eq!(count(&server, GET_PATH).await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_calls_without_a_token_share_one_token_request() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .and(body_json(token_call_body()))
        .respond_with(
            token_response(TOKEN, epoch_millis_in(Duration::from_secs(3600)))
                .set_delay(Duration::from_millis(200)),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(qr_success())
        .mount(&server)
        .await;
    let client = client_with(&server.uri(), fast_config(1, Duration::from_secs(10)));

    let calls: Vec<_> = (0..100)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.get_upi_qr(QR_ID).await })
        })
        .collect();
    for call in calls {
        call.await
            .expect("the task completes")
            .expect("the call succeeds");
    }

    assert_eq!(count(&server, TOKEN_PATH).await, 1, "single-flight");
    let operations = received_on(&server, GET_PATH).await;
    assert_eq!(operations.len(), 100);
    for request in &operations {
        assert_authorized_with(request, TOKEN);
    }
}

/// A token due for refresh is replaced once, however many calls find it due at the same time.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_calls_with_a_token_due_for_refresh_share_one_token_request() {
    let server = MockServer::start().await;
    // Lives 2 s: with the margin capped at half its life, it is due for refresh after ~1 s.
    mount_in_turn(
        &server,
        "POST",
        TOKEN_PATH,
        vec![
            token_response("tok-old", epoch_millis_in(Duration::from_secs(2))),
            token_response("tok-new", epoch_millis_in(Duration::from_secs(3600)))
                .set_delay(Duration::from_millis(200)),
        ],
    )
    .await;
    Mock::given(method("GET"))
        .respond_with(qr_success())
        .mount(&server)
        .await;
    let client = client_with(&server.uri(), fast_config(1, Duration::from_secs(10)));
    client.get_upi_qr(QR_ID).await.expect("the first call");
    tokio::time::sleep(Duration::from_millis(1200)).await;

    let calls: Vec<_> = (0..100)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.get_upi_qr(QR_ID).await })
        })
        .collect();
    for call in calls {
        call.await
            .expect("the task completes")
            .expect("the call succeeds");
    }

    assert_eq!(
        count(&server, TOKEN_PATH).await,
        2,
        "one refresh for 100 calls"
    );
    let operations = received_on(&server, GET_PATH).await;
    assert_eq!(operations.len(), 101);
    for request in &operations[1..] {
        assert_authorized_with(request, "tok-new");
    }
}

/// Calls waiting for a token fetch that fails share the failure: wrong keys cost one token
/// request, not one per waiting call.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_calls_with_wrong_keys_share_one_failed_token_request() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(ResponseTemplate::new(401).set_delay(Duration::from_millis(200)))
        .mount(&server)
        .await;
    let client = client_with(&server.uri(), config());

    let calls: Vec<_> = (0..100)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.get_upi_qr(QR_ID).await })
        })
        .collect();
    for call in calls {
        let outcome = call.await.expect("the task completes");
        assert!(matches!(outcome, Err(Error::Auth(_))), "{outcome:?}");
    }
    assert_eq!(count(&server, TOKEN_PATH).await, 1);
    assert_eq!(count(&server, GET_PATH).await, 0);
}

/// A token is replaced before it expires: `refresh_at = expiry - min(margin, life / 2)`. With
/// a 60 s margin and a token that lives 2 s, the margin is capped at half the life, so the
/// token is used for about 1 s (not refetched on every call) and then refreshed, before it
/// expires, on the next call.
#[tokio::test]
async fn a_token_is_refreshed_before_it_expires() {
    let server = MockServer::start().await;
    let minted = Instant::now();
    mount_in_turn(
        &server,
        "POST",
        TOKEN_PATH,
        vec![
            token_response("tok-short", epoch_millis_in(Duration::from_secs(2))),
            token_response("tok-next", epoch_millis_in(Duration::from_secs(3600))),
        ],
    )
    .await;
    Mock::given(method("GET"))
        .respond_with(qr_success())
        .mount(&server)
        .await;
    let mut config = config();
    config.token_refresh_margin = Duration::from_secs(60);
    let client = client_with(&server.uri(), config);

    client.get_upi_qr(QR_ID).await.expect("first call");
    client.get_upi_qr(QR_ID).await.expect("second call");
    assert!(
        minted.elapsed() < Duration::from_millis(900),
        "the test ran too slowly to check the cached token"
    );
    assert_eq!(
        count(&server, TOKEN_PATH).await,
        1,
        "a token with 2 s to live is used, not refetched on every call"
    );

    // Past half its life (refresh_at ≈ 1 s) but before it expires (2 s).
    tokio::time::sleep(Duration::from_millis(1300).saturating_sub(minted.elapsed())).await;
    client.get_upi_qr(QR_ID).await.expect("third call");
    assert!(minted.elapsed() < Duration::from_millis(1900), "too slow");
    assert_eq!(
        count(&server, TOKEN_PATH).await,
        2,
        "refreshed before expiry"
    );

    let operations = received_on(&server, GET_PATH).await;
    let tokens: Vec<Option<&str>> = operations
        .iter()
        .map(|r| header_of(r, "authorization"))
        .collect();
    assert_eq!(
        tokens,
        [
            Some("Bearer tok-short"),
            Some("Bearer tok-short"),
            Some("Bearer tok-next")
        ]
    );
}

/// A refresh ahead of expiry is an optimisation: when it fails (the token endpoint is briefly
/// down), the token in hand is still valid and should be used rather than failing the call.
#[tokio::test]
async fn a_failed_early_refresh_falls_back_to_the_still_valid_token() {
    let server = MockServer::start().await;
    let minted = Instant::now();
    mount_in_turn(
        &server,
        "POST",
        TOKEN_PATH,
        vec![
            token_response("tok-short", epoch_millis_in(Duration::from_secs(3))),
            ResponseTemplate::new(503),
        ],
    )
    .await;
    Mock::given(method("GET"))
        .respond_with(qr_success())
        .mount(&server)
        .await;
    let client = client_with(&server.uri(), config());

    client.get_upi_qr(QR_ID).await.expect("first call");
    // Past the refresh point (half of 3 s), well before the expiry (3 s).
    tokio::time::sleep(Duration::from_millis(1700).saturating_sub(minted.elapsed())).await;
    let outcome = client.get_upi_qr(QR_ID).await;
    assert!(minted.elapsed() < Duration::from_millis(2700), "too slow");
    assert_eq!(count(&server, TOKEN_PATH).await, 2, "the refresh was tried");
    outcome.expect("the token in hand is valid for another second");
    let last = received_on(&server, GET_PATH).await.pop().expect("a GET");
    assert_authorized_with(&last, "tok-short");
}

/// An expiry already in the past (a skewed clock, or a duration where an instant belongs)
/// does not make every call fetch a token: by design the token is used until the server
/// refuses it with a 401, and only then replaced.
#[tokio::test]
async fn a_token_with_an_expiry_in_the_past_is_used_until_a_401() {
    let server = MockServer::start().await;
    mount_in_turn(
        &server,
        "POST",
        TOKEN_PATH,
        vec![
            token_response("tok-past", 1_672_531_199_000),
            token_response("tok-fresh", epoch_millis_in(Duration::from_secs(3600))),
        ],
    )
    .await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer tok-past"))
        .respond_with(qr_success())
        .up_to_n_times(3)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer tok-past"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer tok-fresh"))
        .respond_with(qr_success())
        .mount(&server)
        .await;
    let client = client_with(&server.uri(), config());

    for _ in 0..3 {
        client.get_upi_qr(QR_ID).await.expect("succeeds");
    }
    assert_eq!(count(&server, TOKEN_PATH).await, 1);
    assert_eq!(count(&server, GET_PATH).await, 3);

    // The server now refuses the token: one refresh, and the call goes through.
    client
        .get_upi_qr(QR_ID)
        .await
        .expect("succeeds after a refresh");
    assert_eq!(count(&server, TOKEN_PATH).await, 2);
    assert_eq!(count(&server, GET_PATH).await, 5);
}

// ---------------------------------------------------------------------------------------------
// Retries
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_429_with_retry_after_on_a_get_is_retried_after_the_wait() {
    let (server, client) = setup(config()).await;
    mount_in_turn(
        &server,
        "GET",
        GET_PATH,
        vec![
            ResponseTemplate::new(429).insert_header("Retry-After", "1"),
            qr_success(),
        ],
    )
    .await;

    let started = Instant::now();
    let qr = client.get_upi_qr(QR_ID).await.expect("the retry succeeds");
    assert_eq!(qr.qr_code_id.as_deref(), Some(QR_ID));
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "Retry-After: 1 was not honoured ({:?}; backoff alone is 10 ms)",
        started.elapsed()
    );
    assert_eq!(count(&server, GET_PATH).await, 2);
    assert_eq!(count(&server, TOKEN_PATH).await, 1);
}

/// A `Retry-After` HTTP date `ahead` of now, as a server writes it (whole seconds, so the wait
/// it asks for is between `ahead` less one second and `ahead`), and that instant.
fn retry_after_date(ahead: Duration) -> (String, SystemTime) {
    let text = httpdate::fmt_http_date(SystemTime::now() + ahead);
    let at = httpdate::parse_http_date(&text).expect("a date it wrote");
    (text, at)
}

#[tokio::test]
async fn a_429_with_a_retry_after_date_on_a_get_is_retried_not_before_that_date() {
    let (server, client) = setup(config()).await;
    let (date, at) = retry_after_date(Duration::from_secs(2));
    mount_in_turn(
        &server,
        "GET",
        GET_PATH,
        vec![
            ResponseTemplate::new(429).insert_header("Retry-After", date.as_str()),
            qr_success(),
        ],
    )
    .await;

    client.get_upi_qr(QR_ID).await.expect("the retry succeeds");
    assert!(
        SystemTime::now() >= at,
        "retried before the date the server gave ({date})"
    );
    assert_eq!(count(&server, GET_PATH).await, 2);
}

#[tokio::test]
async fn a_429_with_a_retry_after_date_on_the_token_call_is_retried_not_before_that_date() {
    let server = MockServer::start().await;
    let (date, at) = retry_after_date(Duration::from_secs(2));
    mount_in_turn(
        &server,
        "POST",
        TOKEN_PATH,
        vec![
            ResponseTemplate::new(429).insert_header("Retry-After", date.as_str()),
            token_response(TOKEN, epoch_millis_in(Duration::from_secs(3600))),
        ],
    )
    .await;
    Mock::given(method("GET"))
        .and(path(GET_PATH))
        .respond_with(qr_success())
        .mount(&server)
        .await;
    let client = client_with(&server.uri(), config());

    client
        .get_upi_qr(QR_ID)
        .await
        .expect("the token call's retry succeeds");
    assert!(
        SystemTime::now() >= at,
        "the token call was retried before the date the server gave ({date})"
    );
    assert_eq!(count(&server, TOKEN_PATH).await, 2);
    assert_eq!(count(&server, GET_PATH).await, 1);
}

#[tokio::test]
async fn a_429_with_a_retry_after_beyond_the_limit_is_not_retried() {
    let (server, client) = setup(config()).await;
    Mock::given(method("GET"))
        .and(path(GET_PATH))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "120"))
        .mount(&server)
        .await;

    let started = Instant::now();
    let error = client.get_upi_qr(QR_ID).await.expect_err("a 429");
    assert!(started.elapsed() < Duration::from_secs(2), "it waited");
    let Error::Status {
        status, retry_safe, ..
    } = &error
    else {
        panic!("expected Error::Status, got {error:?}");
    };
    assert_eq!(status.as_u16(), 429);
    assert!(
        retry_safe,
        "the server refused the call before processing it"
    );
    assert_eq!(
        error.retry_after(),
        Some(Duration::from_secs(120)),
        "the wait the server asked for, which the client did not honour itself"
    );
    assert_eq!(count(&server, GET_PATH).await, 1);
}

#[tokio::test]
async fn a_429_from_the_token_endpoint_is_an_auth_error_with_its_wait() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "7"))
        .mount(&server)
        .await;
    let client = client_with(&server.uri(), config());

    let error = client.get_upi_qr(QR_ID).await.expect_err("no token");
    let Error::Auth(auth) = &error else {
        panic!("expected Error::Auth, got {error:?}");
    };
    assert_eq!(auth.status().map(|s| s.as_u16()), Some(429));
    assert_eq!(auth.retry_after(), Some(Duration::from_secs(7)));
    assert_eq!(error.retry_after(), Some(Duration::from_secs(7)));
    assert!(error.is_retry_safe(), "the operation was never sent");
    assert_eq!(count(&server, GET_PATH).await, 0);
}

#[tokio::test]
async fn a_503_on_a_get_is_retried_up_to_max_attempts() {
    let (server, client) = setup(config()).await;
    Mock::given(method("GET"))
        .and(path(GET_PATH))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;

    let error = client.get_upi_qr(QR_ID).await.expect_err("always 503");
    let Error::Status {
        status, retry_safe, ..
    } = &error
    else {
        panic!("expected Error::Status, got {error:?}");
    };
    assert_eq!(status.as_u16(), 503);
    assert!(retry_safe);
    assert_eq!(count(&server, GET_PATH).await, MAX_ATTEMPTS as usize);
    assert_eq!(count(&server, TOKEN_PATH).await, 1);
}

#[tokio::test]
async fn a_503_on_a_post_create_is_not_retried() {
    let (server, client) = setup(config()).await;
    Mock::given(method("POST"))
        .and(path(QR_PATH))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;

    let error = client
        .create_upi_qr(&create_body())
        .await
        .expect_err("a 503");
    let Error::Status {
        status, retry_safe, ..
    } = &error
    else {
        panic!("expected Error::Status, got {error:?}");
    };
    assert_eq!(status.as_u16(), 503);
    assert!(!retry_safe, "the create may have been processed");
    assert_eq!(count(&server, QR_PATH).await, 1);
    assert_eq!(count(&server, TOKEN_PATH).await, 1);
}

/// searchUpiQr is a POST the spec marks `x-idempotent`: it is retried; cancel (PATCH) is not.
#[tokio::test]
async fn a_503_on_an_idempotent_search_is_retried_but_not_on_cancel() {
    let (server, client) = setup(config()).await;
    mount_in_turn(
        &server,
        "POST",
        SEARCH_PATH,
        vec![
            ResponseTemplate::new(503),
            ok_json(&success_envelope(
                r#"{"content": [], "totalElements": 0}"#,
                "Success",
            )),
        ],
    )
    .await;
    Mock::given(method("PATCH"))
        .and(path(CANCEL_PATH))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;

    let page = client
        .search_upi_qr(
            &SearchUpiQrParams::default(),
            &QrCodeSearchRequest::default(),
        )
        .await
        .expect("the retry succeeds");
    assert_eq!(page.total_elements, Some(0));
    assert_eq!(count(&server, SEARCH_PATH).await, 2);

    let error = client.cancel_upi_qr(QR_ID).await.expect_err("a 503");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert!(!error.is_retry_safe());
    assert_eq!(count(&server, CANCEL_PATH).await, 1);
    assert_eq!(count(&server, TOKEN_PATH).await, 1);
}

/// A redirect would carry the credential headers to wherever it points, so the client does not
/// follow one: the 307 is the answer, and the other host sees nothing.
#[tokio::test]
async fn a_redirect_is_not_followed() {
    let elsewhere = MockServer::start().await;
    Mock::given(path(GET_PATH))
        .respond_with(qr_success())
        .mount(&elsewhere)
        .await;
    let (server, client) = setup(config()).await;
    Mock::given(path(GET_PATH))
        .respond_with(ResponseTemplate::new(307).insert_header(
            "Location",
            format!("{}{GET_PATH}", elsewhere.uri()).as_str(),
        ))
        .mount(&server)
        .await;

    let error = client
        .get_upi_qr(QR_ID)
        .await
        .expect_err("a 307 is not success");
    assert!(
        matches!(&error, Error::Status { status, .. } if status.as_u16() == 307),
        "{error:?}"
    );
    assert!(
        elsewhere
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty(),
        "the redirect was followed"
    );
}
