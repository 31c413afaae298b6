//! Helpers for the tests of the client generated from `tests/wire.yaml`.

// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

use enkash_client_tests::Client;
use enkash_client_tests::{Config, RetryPolicy};
use std::time::Duration;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A mock server and a client of the wire-test API pointed at it, retrying fast.
pub(crate) async fn server_and_client() -> (MockServer, Client) {
    let server = MockServer::start().await;
    let config = Config {
        retry: RetryPolicy {
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(5),
            ..RetryPolicy::default()
        },
        ..Config::default()
    };
    let client = Client::with_config(&server.uri(), config).expect("the mock's URL is valid");
    (server, client)
}

/// Mounts a mock that answers every request with `response`.
pub(crate) async fn answer(server: &MockServer, response: ResponseTemplate) {
    Mock::given(any())
        .respond_with(response)
        .mount(server)
        .await;
}

/// Answers every request with each of `responses` in turn, the last one from then on.
pub(crate) async fn answer_in_turn(server: &MockServer, responses: Vec<ResponseTemplate>) {
    let last = responses.len().saturating_sub(1);
    for (index, response) in responses.into_iter().enumerate() {
        let mock = Mock::given(any()).respond_with(response);
        let mock = if index < last {
            mock.up_to_n_times(1)
        } else {
            mock
        };
        mock.mount(server).await;
    }
}

/// Every request the server received, in order.
pub(crate) async fn received(server: &MockServer) -> Vec<wiremock::Request> {
    server
        .received_requests()
        .await
        .expect("request recording is enabled")
}

/// The one request the server received.
pub(crate) async fn only_request(server: &MockServer) -> wiremock::Request {
    let mut requests = received(server).await;
    assert_eq!(requests.len(), 1, "expected one request, got {requests:?}");
    requests.remove(0)
}

/// A header of a received request, as text.
pub(crate) fn header<'a>(request: &'a wiremock::Request, name: &str) -> Option<&'a str> {
    request
        .headers
        .get(name)
        .map(|value| value.to_str().expect("header value is text"))
}

/// A 200 answer with exactly this body and content type.
pub(crate) fn ok_raw(body: impl Into<Vec<u8>>, content_type: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body.into(), content_type)
}

/// An answer of `status` with a JSON body of exactly this text.
pub(crate) fn json_status(status: u16, text: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(text.to_owned(), "application/json")
}
