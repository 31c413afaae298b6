//! Responses of the client generated from `tests/wire.yaml`: bytes and text bodies, a status
//! without a body beside one with, an enum over 2XX statuses whose bodies differ, and error
//! bodies whose schema depends on the operation and the status.

mod wire;

use enkash_client_tests::Error;
use enkash_client_tests::types::{
    ApiError, BasicError, Pet, Problem, StartJobAccepted, StartJobResponse, Stats, ValidationError,
};
use reqwest::StatusCode;
use wire::{answer, header, json_status, ok_raw, only_request, server_and_client};
use wiremock::ResponseTemplate;

fn pet() -> Pet {
    Pet::new("Rex")
}

/// A binary body is the bytes as they came; the client asks for the type the spec gives.
#[tokio::test]
async fn a_binary_response_is_its_bytes() {
    let (server, client) = server_and_client().await;
    let bytes: Vec<u8> = (0..=255).rev().collect();
    answer(&server, ok_raw(bytes.clone(), "application/octet-stream")).await;
    assert_eq!(client.get_blob("k").await.expect("bytes"), bytes);
    let request = only_request(&server).await;
    assert_eq!(header(&request, "accept"), Some("application/octet-stream"));
}

/// Text that is not UTF-8 does not decode; the error keeps the status and the raw body.
#[tokio::test]
async fn a_text_response_must_be_utf8() {
    let (server, client) = server_and_client().await;
    answer(&server, ok_raw(b"caf\xe9".to_vec(), "text/html")).await;
    let error = client.render("x").await.expect_err("not UTF-8");
    let Error::Decode { status, raw, .. } = error else {
        panic!("expected Decode, got {error:?}");
    };
    assert_eq!(status, StatusCode::OK);
    assert_eq!(raw.len(), 4);
}

/// 200 has a body and 204 has none: the result is an `Option`, `None` for 204.
#[tokio::test]
async fn a_status_without_a_body_reads_as_none() {
    let (server, client) = server_and_client().await;
    answer(&server, ResponseTemplate::new(204)).await;
    assert_eq!(client.get_stats().await.expect("a success"), None);

    let (server, client) = server_and_client().await;
    answer(&server, json_status(200, r#"{"count": 3}"#)).await;
    assert_eq!(
        client.get_stats().await.expect("a success"),
        Some(Stats::new().with_count(3))
    );
}

/// Each documented 2XX status reads as its own variant, with its own body type.
#[tokio::test]
async fn statuses_whose_bodies_differ_read_as_their_variants() {
    let cases = [
        (
            json_status(201, r#"{"name": "Rex"}"#),
            StartJobResponse::Created(pet()),
        ),
        (
            json_status(202, r#"{"job_id": "j-1"}"#),
            StartJobResponse::Accepted(StartJobAccepted::new().with_job_id("j-1")),
        ),
        (ResponseTemplate::new(204), StartJobResponse::NoContent),
    ];
    for (response, expected) in cases {
        let (server, client) = server_and_client().await;
        answer(&server, response).await;
        assert_eq!(client.start_job().await.expect("a success"), expected);
    }
}

/// A 2XX status the spec does not document for the operation is not guessed at.
#[tokio::test]
async fn an_undocumented_success_status_is_a_decode_error() {
    let (server, client) = server_and_client().await;
    answer(&server, json_status(200, r#"{"name": "Rex"}"#)).await;
    let error = client.start_job().await.expect_err("200 is not documented");
    assert!(
        matches!(error, Error::Decode { status, .. } if status == StatusCode::OK),
        "{error:?}"
    );
}

/// A documented error status decodes as the schema the operation gives it, and the common
/// accessors read that schema's fields.
#[tokio::test]
async fn each_error_status_decodes_as_its_own_schema() {
    let (server, client) = server_and_client().await;
    answer(
        &server,
        json_status(
            404,
            r#"{"message": "Not Found", "documentation_url": "https://d"}"#,
        ),
    )
    .await;
    let error = client.replace_pet("7", &pet()).await.expect_err("404");
    assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
    assert_eq!(
        error.api_error(),
        Some(&ApiError::BasicError(
            BasicError::new()
                .with_message("Not Found")
                .with_documentation_url("https://d")
        ))
    );
    assert_eq!(error.message(), Some("Not Found"));
    assert_eq!(error.error_type(), None);

    let (server, client) = server_and_client().await;
    answer(
        &server,
        json_status(
            422,
            r#"{"message": "Invalid", "code": "missing_field", "request_id": "r-9", "errors": ["name"]}"#,
        ),
    )
    .await;
    let error = client.replace_pet("7", &pet()).await.expect_err("422");
    assert_eq!(
        error.api_error(),
        Some(&ApiError::ValidationError(
            ValidationError::new("Invalid")
                .with_code("missing_field")
                .with_request_id("r-9")
                .with_errors(vec!["name".to_owned()])
        ))
    );
    assert_eq!(error.message(), Some("Invalid"));
    assert_eq!(error.error_type(), Some("missing_field"));
    assert_eq!(error.request_id(), Some("r-9"));
}

/// A status the operation does not list takes its `default` schema.
#[tokio::test]
async fn an_unlisted_error_status_takes_the_default_schema() {
    let (server, client) = server_and_client().await;
    answer(
        &server,
        ResponseTemplate::new(500).set_body_raw(
            r#"{"type": "urn:oops", "title": "Broken", "status": 500}"#,
            "application/problem+json",
        ),
    )
    .await;
    let error = client.replace_pet("7", &pet()).await.expect_err("500");
    assert_eq!(
        error.api_error(),
        Some(&ApiError::Problem(
            Problem::new()
                .with_type("urn:oops")
                .with_title("Broken")
                .with_status(500)
        ))
    );
    assert_eq!(error.message(), Some("Broken"));
    assert_eq!(error.error_type(), Some("urn:oops"));
}

/// An operation that documents no schema for the status (and no default) gives no decoded
/// body and no fields; the raw body is still there.
#[tokio::test]
async fn an_undocumented_error_status_keeps_the_raw_body_only() {
    let (server, client) = server_and_client().await;
    let text = r#"{"message": "Invalid", "code": "x"}"#;
    answer(&server, json_status(422, text)).await;
    let error = client.patch_pet("7", &pet()).await.expect_err("422");
    assert_eq!(error.status(), Some(StatusCode::UNPROCESSABLE_ENTITY));
    assert_eq!(error.api_error(), None);
    assert_eq!(error.message(), None);
    let details = error.details().expect("the server answered");
    assert_eq!(details.raw().as_str(), text);
}

/// An operation whose success is bytes still reads its JSON error bodies.
#[tokio::test]
async fn a_binary_operation_reads_its_json_errors() {
    let (server, client) = server_and_client().await;
    answer(&server, json_status(404, r#"{"message": "No such blob"}"#)).await;
    let error = client.get_blob("k").await.expect_err("404");
    assert_eq!(error.message(), Some("No such blob"));
    assert!(matches!(error.api_error(), Some(ApiError::BasicError(_))));
}
