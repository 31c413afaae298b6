//! What the runtime puts on the wire for parameters and credentials that the EnKash spec does
//! not use, but generated clients of other specs do: styled query, header and cookie
//! parameters, API keys in the query and in cookies, basic credentials, caller-supplied tokens,
//! and alternative security requirements. Each test sends one request to a local mock server
//! and reads the raw request.

use client_runtime::__private::{ClientCore, Credential, ParamValue, Request, Style, path_param};
use client_runtime::{AuthError, Config, FreshToken, Secret};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    server
}

fn core(server: &MockServer) -> ClientCore {
    ClientCore::new(&server.uri(), None, Config::default()).expect("a valid base URL")
}

fn request(path: String, security: &'static [&'static str]) -> Request {
    Request::get("op", "/things")
        .path(path)
        .security(security)
        .idempotent()
}

/// Sends `request` and returns what the server received.
async fn sent(core: &ClientCore, server: &MockServer, request: Request) -> wiremock::Request {
    core.send_unit::<serde_json::Value>(request)
        .await
        .expect("the mock answers 204");
    let mut received = server.received_requests().await.expect("recording is on");
    received.pop().expect("one request")
}

fn header<'r>(request: &'r wiremock::Request, name: &str) -> Option<&'r str> {
    request
        .headers
        .get(name)
        .map(|v| v.to_str().expect("ASCII"))
}

fn strings(items: &[&str]) -> ParamValue {
    ParamValue::Array(items.iter().map(|s| (*s).to_owned()).collect())
}

#[tokio::test]
async fn styled_query_parameters_reach_the_server_as_laid_out() {
    let server = server().await;
    let object = ParamValue::Object(vec![("role".into(), "admin".into())]);
    let request = request("/things".to_owned(), &[])
        .query_param("ids", Some(strings(&["3", "4"])), Style::Form, true, false)
        .query_param(
            "csv",
            Some(strings(&["a,b", "c"])),
            Style::Form,
            false,
            false,
        )
        .query_param(
            "piped",
            Some(strings(&["x", "y"])),
            Style::PipeDelimited,
            false,
            false,
        )
        .query_param("f", Some(object), Style::DeepObject, true, false)
        .query_param("empty", Some(strings(&[])), Style::Form, true, false)
        .query_param("absent", None, Style::Form, true, false)
        .query("q", Some("a b&c"));
    let received = sent(&core(&server), &server, request).await;
    assert_eq!(
        received.url.query(),
        Some("ids=3&ids=4&csv=a%2Cb,c&piped=x%7Cy&f%5Brole%5D=admin&q=a%20b%26c")
    );
}

#[tokio::test]
async fn a_styled_path_keeps_its_segments() {
    let server = server().await;
    let matrix = path_param("id", &strings(&["1", "2/3"]), Style::Matrix, true);
    let label = path_param("x", &strings(&["a", "b"]), Style::Label, false);
    let received = sent(
        &core(&server),
        &server,
        request(format!("/things/{matrix}/{label}"), &[]),
    )
    .await;
    assert_eq!(received.url.path(), "/things/;id=1;id=2%2F3/.a,b");
}

#[tokio::test]
async fn header_and_cookie_parameters() {
    let server = server().await;
    let request = request("/things".to_owned(), &[])
        .header_param("X-Ids", Some(strings(&["1", "2"])), false)
        .cookie_param("session", Some(ParamValue::Scalar("s 1;x".into())))
        .cookie_param("prefs", Some(strings(&["a", "b"])));
    let received = sent(&core(&server), &server, request).await;
    assert_eq!(header(&received, "X-Ids"), Some("1,2"));
    assert_eq!(
        header(&received, "cookie"),
        Some("session=s%201%3Bx; prefs=a,b")
    );
}

#[tokio::test]
async fn api_keys_in_the_query_and_in_a_cookie() {
    let server = server().await;
    let mut core = core(&server);
    core.set_credential(
        "queryKey",
        Credential::Query {
            name: "api_key",
            value: Secret::new("k&1"),
        },
    );
    core.set_credential(
        "cookieKey",
        Credential::Cookie {
            name: "sid",
            value: Secret::new("c1"),
        },
    );
    let request = request("/things".to_owned(), &["queryKey", "cookieKey"])
        .query("page", Some(&2))
        .cookie_param("theme", Some(ParamValue::Scalar("dark".into())));
    let received = sent(&core, &server, request).await;
    assert_eq!(received.url.query(), Some("page=2&api_key=k%261"));
    assert_eq!(header(&received, "cookie"), Some("theme=dark; sid=c1"));
}

#[tokio::test]
async fn basic_credentials() {
    let server = server().await;
    let mut core = core(&server);
    core.set_credential(
        "basic",
        Credential::Basic {
            user: Secret::new("Aladdin"),
            password: Secret::new("open sesame"),
        },
    );
    let received = sent(&core, &server, request("/things".to_owned(), &["basic"])).await;
    assert_eq!(
        header(&received, "authorization"),
        Some("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")
    );
    assert!(!format!("{core:?}").contains("sesame"));
}

#[tokio::test]
async fn the_first_alternative_with_every_credential_set_is_sent() {
    let server = server().await;
    let mut core = core(&server);
    core.set_credential("bearer", Credential::Bearer(Secret::new("t1")));
    core.set_credential(
        "key",
        Credential::Header {
            name: "X-Key",
            value: Secret::new("k1"),
        },
    );
    let request = request("/things".to_owned(), &[])
        // `other` is not set, so the first alternative is incomplete.
        .security_alternatives(&[&["key", "other"], &["bearer"], &["key"]]);
    let received = sent(&core, &server, request).await;
    assert_eq!(header(&received, "authorization"), Some("Bearer t1"));
    assert_eq!(header(&received, "X-Key"), None);
}

#[tokio::test]
async fn optional_authentication_sends_nothing_without_credentials() {
    let server = server().await;
    let request = request("/things".to_owned(), &[]).security_alternatives(&[&["bearer"], &[]]);
    let received = sent(&core(&server), &server, request).await;
    assert_eq!(header(&received, "authorization"), None);
}

#[tokio::test]
async fn a_token_source_is_asked_once_and_sent_as_bearer() {
    let server = server().await;
    let mut core = core(&server);
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&calls);
    core.set_token_source("oauth", move || {
        counter.fetch_add(1, Ordering::SeqCst);
        async {
            Ok::<_, AuthError>(FreshToken {
                token: Secret::new("access-1"),
                expires_at: None,
            })
        }
    });
    for _ in 0..2 {
        let received = sent(&core, &server, request("/things".to_owned(), &["oauth"])).await;
        assert_eq!(header(&received, "authorization"), Some("Bearer access-1"));
    }
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}
