//! Request bodies that are not JSON, as the client generated from `tests/wire.yaml` puts them
//! on the wire: forms, multipart form data with files, bytes, text, a content type the caller
//! names within the spec's range, and the methods for the other media types an operation
//! sends or reads.

mod wire;

use enkash_client_tests::Error;
use enkash_client_tests::FilePart;
use enkash_client_tests::types::{
    Pet, UpdatePetWithFormBody, UpdatePetWithFormBodyOwner, UpdatePetWithFormBodyStatus,
    UploadPhotosBody, UploadPhotosBodyCaption, UploadPhotosBodyMeta,
};
use rust_decimal::Decimal;
use std::str::FromStr;
use wire::{
    answer, answer_in_turn, header, json_status, ok_raw, only_request, received, server_and_client,
};
use wiremock::ResponseTemplate;

fn pet_json() -> &'static str {
    r#"{"name":"Rex","tags":["good"]}"#
}

fn pet() -> Pet {
    Pet::new("Rex").with_tags(vec!["good".to_owned()])
}

/// The form's fields in the spec's order, form-encoded; an array repeats its name, an
/// object's properties are fields of their own (OpenAPI's `style: form, explode: true`), and
/// a decimal keeps every digit.
#[tokio::test]
async fn a_form_body_is_urlencoded_in_the_spec_order() {
    let (server, client) = server_and_client().await;
    answer(&server, ResponseTemplate::new(204)).await;
    let body = UpdatePetWithFormBody::new("Rex & Co=1")
        .with_status(UpdatePetWithFormBodyStatus::Sold)
        .with_tags(vec!["a b".to_owned(), "ü".to_owned()])
        .with_weight(Decimal::from_str("12.50").expect("a decimal"))
        .with_owner(
            UpdatePetWithFormBodyOwner::new()
                .with_city("Pune")
                .with_zip(411001),
        );
    client
        .update_pet_with_form("7", &body)
        .await
        .expect("204 is a success");
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/pets/7/form");
    assert_eq!(
        header(&request, "content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        String::from_utf8(request.body).expect("form bodies are ASCII"),
        "name=Rex+%26+Co%3D1&status=sold&tags=a+b&tags=%C3%BC&weight=12.50&city=Pune&zip=411001"
    );
}

/// Fields left out are not sent at all.
#[tokio::test]
async fn a_form_leaves_out_absent_fields() {
    let (server, client) = server_and_client().await;
    answer(&server, ResponseTemplate::new(204)).await;
    let body = UpdatePetWithFormBody::new("Rex");
    client
        .update_pet_with_form("7", &body)
        .await
        .expect("204 is a success");
    assert_eq!(only_request(&server).await.body, b"name=Rex");
}

/// The parts of a multipart body, each with its headers, split at the boundary that the
/// request's `Content-Type` announces.
fn multipart_parts(request: &wiremock::Request) -> Vec<String> {
    let content_type = header(request, "content-type").expect("a content type");
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("not multipart form data: {content_type}"));
    let body = String::from_utf8_lossy(&request.body).into_owned();
    let closing = format!("\r\n--{boundary}--\r\n");
    let Some(parts) = body.strip_suffix(&closing) else {
        panic!("the body does not end with the closing boundary: {body:?}");
    };
    let delimiter = format!("--{boundary}\r\n");
    let Some(parts) = parts.strip_prefix(&delimiter) else {
        panic!("the body does not start with the boundary: {body:?}");
    };
    parts
        .split(&format!("\r\n{delimiter}"))
        .map(str::to_owned)
        .collect()
}

fn photos_body() -> UploadPhotosBody {
    UploadPhotosBody::new(FilePart::new("rex.png", b"\x89PNG-bytes".to_vec()))
        .with_caption(UploadPhotosBodyCaption::new("Rex, asleep").expect("short enough"))
        .with_extras(vec![
            FilePart::new("a \"quoted\".txt", b"first".to_vec()),
            FilePart::new("b.jpg", b"second".to_vec()).with_content_type("image/jpeg"),
        ])
        .with_meta(UploadPhotosBodyMeta::new().with_taken("2024-05-01"))
        .with_labels(vec!["dog".to_owned(), "nap".to_owned()])
}

/// One part per property in the spec's order: text for a value, one part per file with its
/// name and type (its own, else the spec's `encoding.contentType`, else octet-stream), JSON
/// for an object, one part per item of an array.
#[tokio::test]
async fn a_multipart_body_has_one_part_per_property_in_order() {
    let (server, client) = server_and_client().await;
    answer(&server, ResponseTemplate::new(204)).await;
    client
        .upload_photos("7", &photos_body())
        .await
        .expect("204 is a success");
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/pets/7/photos");
    assert_eq!(
        multipart_parts(&request),
        [
            "Content-Disposition: form-data; name=\"caption\"\r\n\r\nRex, asleep",
            "Content-Disposition: form-data; name=\"photo\"; filename=\"rex.png\"\r\nContent-Type: image/png\r\n\r\n\u{fffd}PNG-bytes",
            "Content-Disposition: form-data; name=\"extras\"; filename=\"a %22quoted%22.txt\"\r\nContent-Type: application/octet-stream\r\n\r\nfirst",
            "Content-Disposition: form-data; name=\"extras\"; filename=\"b.jpg\"\r\nContent-Type: image/jpeg\r\n\r\nsecond",
            "Content-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{\"taken\":\"2024-05-01\"}",
            "Content-Disposition: form-data; name=\"labels\"\r\n\r\ndog",
            "Content-Disposition: form-data; name=\"labels\"\r\n\r\nnap",
        ]
    );
}

/// The file's bytes arrive exactly, whatever they are.
#[tokio::test]
async fn a_file_part_carries_its_bytes_exactly() {
    let (server, client) = server_and_client().await;
    answer(&server, ResponseTemplate::new(204)).await;
    let bytes: Vec<u8> = (0..=255).collect();
    let body = UploadPhotosBody::new(FilePart::new("all.bin", bytes.clone()));
    client
        .upload_photos("7", &body)
        .await
        .expect("204 is a success");
    let request = only_request(&server).await;
    let headers = b"filename=\"all.bin\"\r\nContent-Type: image/png\r\n\r\n";
    let start = request
        .body
        .windows(headers.len())
        .position(|window| window == headers)
        .expect("the file part's headers")
        + headers.len();
    assert_eq!(&request.body[start..start + 256], bytes.as_slice());
    assert_eq!(&request.body[start + 256..start + 258], b"\r\n");
}

/// A retried multipart request sends the same bytes, boundary included.
#[tokio::test]
async fn a_retried_multipart_body_is_sent_again_unchanged() {
    let (server, client) = server_and_client().await;
    answer_in_turn(
        &server,
        vec![ResponseTemplate::new(503), ResponseTemplate::new(204)],
    )
    .await;
    client
        .upload_photos("7", &photos_body())
        .await
        .expect("the retry succeeds");
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].body, requests[1].body);
    assert_eq!(
        header(&requests[0], "content-type"),
        header(&requests[1], "content-type")
    );
}

#[tokio::test]
async fn a_bytes_body_is_sent_as_it_is() {
    let (server, client) = server_and_client().await;
    answer(&server, ResponseTemplate::new(204)).await;
    let bytes = [0u8, 159, 146, 150, 255];
    client
        .put_blob("key 1", &bytes)
        .await
        .expect("204 is a success");
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "PUT");
    assert_eq!(request.url.path(), "/blobs/key%201");
    assert_eq!(
        header(&request, "content-type"),
        Some("application/octet-stream")
    );
    assert_eq!(request.body, bytes);
}

/// The spec gives `image/*`: the caller names the type, which is sent.
#[tokio::test]
async fn the_caller_names_the_type_within_the_spec_range() {
    let (server, client) = server_and_client().await;
    answer(&server, ResponseTemplate::new(204)).await;
    client
        .put_image("image/webp", b"RIFF")
        .await
        .expect("204 is a success");
    let request = only_request(&server).await;
    assert_eq!(header(&request, "content-type"), Some("image/webp"));
    assert_eq!(request.body, b"RIFF");
}

/// A type outside the range, a range, or one that would end the header is refused, unsent.
#[tokio::test]
async fn a_type_outside_the_range_is_refused_before_sending() {
    let (server, client) = server_and_client().await;
    answer(&server, ResponseTemplate::new(204)).await;
    for content_type in [
        "text/plain",
        "image/*",
        "image",
        "image/png\r\nX-Injected: 1",
    ] {
        let error = client
            .put_image(content_type, b"RIFF")
            .await
            .expect_err("refused");
        let Error::Invalid(violations) = error else {
            panic!("expected Invalid for {content_type:?}, got {error:?}");
        };
        assert_eq!(violations.0.len(), 1, "{content_type:?}");
        assert_eq!(violations.0[0].path, "Content-Type");
    }
    assert!(received(&server).await.is_empty());
}

/// The first text type is the method; the other one is a method of its own, and the same
/// text goes out under each type.
#[tokio::test]
async fn a_text_body_is_sent_under_each_media_type_the_spec_lists() {
    for (markdown, expected) in [(false, "text/plain"), (true, "text/markdown")] {
        let (server, client) = server_and_client().await;
        answer(&server, ok_raw("<h1>Hi ü</h1>", "text/html")).await;
        let html = if markdown {
            client.render_markdown("# Hi ü").await
        } else {
            client.render("# Hi ü").await
        };
        assert_eq!(html.expect("a text answer"), "<h1>Hi ü</h1>");
        let request = only_request(&server).await;
        assert_eq!(header(&request, "content-type"), Some(expected));
        assert_eq!(header(&request, "accept"), Some("text/html"));
        assert_eq!(request.body, "# Hi ü".as_bytes());
    }
}

/// JSON is the main method; the XML the spec also takes both ways is text the caller writes
/// and reads, asked for with `Accept`.
#[tokio::test]
async fn the_json_method_and_the_xml_one_send_and_read_their_own_types() {
    let (server, client) = server_and_client().await;
    answer(&server, json_status(200, pet_json())).await;
    let replaced = client.replace_pet("7", &pet()).await.expect("a pet");
    assert_eq!(replaced, pet());
    let request = only_request(&server).await;
    assert_eq!(header(&request, "content-type"), Some("application/json"));
    assert_eq!(header(&request, "accept"), Some("application/json"));
    assert_eq!(request.body, pet_json().as_bytes());

    let (server, client) = server_and_client().await;
    let xml = "<pet><name>Rex</name></pet>";
    answer(&server, ok_raw(xml, "application/xml")).await;
    let replaced = client.replace_pet_xml("7", xml).await.expect("XML text");
    assert_eq!(replaced, xml);
    let request = only_request(&server).await;
    assert_eq!(header(&request, "content-type"), Some("application/xml"));
    assert_eq!(header(&request, "accept"), Some("application/xml"));
    assert_eq!(request.body, xml.as_bytes());
}

/// A media type only the response lists is read by a method of its own, which asks for it.
#[tokio::test]
async fn another_response_media_type_is_read_by_its_own_method() {
    let (server, client) = server_and_client().await;
    answer(&server, ok_raw("name\nRex\n", "text/csv")).await;
    assert_eq!(client.get_pet_csv("7").await.expect("CSV"), "name\nRex\n");
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(header(&request, "accept"), Some("text/csv"));
}

/// A JSON body under another JSON media type is sent with that type.
#[tokio::test]
async fn a_merge_patch_is_json_under_its_own_type() {
    let (server, client) = server_and_client().await;
    answer(&server, json_status(200, pet_json())).await;
    client.patch_pet("7", &pet()).await.expect("a pet");
    let request = only_request(&server).await;
    assert_eq!(
        header(&request, "content-type"),
        Some("application/merge-patch+json")
    );
    assert_eq!(request.body, pet_json().as_bytes());
}
