//! Walking Search UPI QR to the end of its list (`x-pagination` in the spec: by offset and
//! limit, the items in `content`, the total in `totalElements`), against a local server that
//! pages a list of QR codes as the spec says the vendor does, and against ones that do not.

mod common;

use common::{TOKEN_PATH, server_and_client, success_envelope};
use enkash_client::paging::{At, PageErrorKind, Paging};
use enkash_client::types::{QrCodeSearchRequest, SearchUpiQrParams};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// How the server answers the `call`-th search (from 0) for `offset` and `limit`.
type Answer = dyn Fn(i64, i64, usize) -> ResponseTemplate + Send + Sync;

struct Searches {
    answer: Box<Answer>,
    calls: Arc<AtomicUsize>,
}

impl Respond for Searches {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let query = |name: &str| {
            request
                .url
                .query_pairs()
                .find(|(key, _)| key == name)
                .and_then(|(_, value)| value.parse().ok())
        };
        let call = self.calls.fetch_add(1, Ordering::SeqCst);
        (self.answer)(
            query("offset").unwrap_or(0),
            query("limit").unwrap_or(20),
            call,
        )
    }
}

/// A page of the QR codes `QR<start>`…`QR<end - 1>`, in the envelope, with `total`.
fn page(start: i64, end: i64, total: i64, limit: i64) -> ResponseTemplate {
    let items: Vec<String> = (start..end)
        .map(|n| format!(r#"{{"qrCodeId": "QR{n}"}}"#))
        .collect();
    let page = format!(
        r#"{{"content": [{}], "totalElements": {total}, "offset": {start}, "limit": {limit}}}"#,
        items.join(", ")
    );
    ResponseTemplate::new(200).set_body_raw(success_envelope(&page, "Success"), "application/json")
}

/// A list of `len` QR codes, paged as asked.
fn list(len: i64) -> impl Fn(i64, i64, usize) -> ResponseTemplate + Send + Sync {
    move |offset, limit, _| page(offset.min(len), (offset + limit).min(len), len, limit)
}

/// Serves the searches with `answer`; the count of searches made.
async fn serve(
    answer: impl Fn(i64, i64, usize) -> ResponseTemplate + Send + Sync + 'static,
) -> (MockServer, enkash_client::Client, Arc<AtomicUsize>) {
    let (server, client) = server_and_client().await;
    let calls = Arc::new(AtomicUsize::new(0));
    Mock::given(method("POST"))
        .and(path("/api/v0/qr-code/search"))
        .respond_with(Searches {
            answer: Box::new(answer),
            calls: Arc::clone(&calls),
        })
        .mount(&server)
        .await;
    (server, client, calls)
}

/// What a walk of every QR code gave: the ids read, and the error that ended it.
async fn walk_all(
    client: &enkash_client::Client,
    limit: i32,
) -> (
    Vec<String>,
    Option<enkash_client::paging::PageError<enkash_client::Error>>,
) {
    let params = SearchUpiQrParams::new().with_limit(limit);
    let filter = QrCodeSearchRequest::new();
    let mut items = client.search_upi_qr_all(&params, &filter, Paging::new());
    let mut ids = Vec::new();
    while let Some(item) = items.next().await {
        match item {
            Ok(qr) => ids.push(qr.qr_code_id.unwrap_or_default()),
            Err(error) => return (ids, Some(error)),
        }
    }
    (ids, None)
}

fn ids(range: std::ops::Range<i64>) -> Vec<String> {
    range.map(|n| format!("QR{n}")).collect()
}

/// The offsets the searches asked for, in order.
async fn offsets(server: &MockServer) -> Vec<String> {
    common::received(server)
        .await
        .into_iter()
        .filter(|request| request.url.path() != TOKEN_PATH)
        .map(|request| {
            request
                .url
                .query_pairs()
                .find(|(key, _)| key == "offset")
                .map(|(_, value)| value.into_owned())
                .unwrap_or_default()
        })
        .collect()
}

#[tokio::test]
async fn an_empty_result_is_one_search() {
    let (server, client, calls) = serve(list(0)).await;
    let (read, error) = walk_all(&client, 100).await;
    assert!(read.is_empty());
    assert!(error.is_none());
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    assert_eq!(offsets(&server).await, ["0"]);
}

#[tokio::test]
async fn exactly_one_full_page_is_one_search() {
    let (_server, client, calls) = serve(list(100)).await;
    let (read, error) = walk_all(&client, 100).await;
    assert_eq!(read, ids(0..100));
    assert!(error.is_none());
    assert_eq!(calls.load(Ordering::SeqCst), 1, "the total says it is all");
}

#[tokio::test]
async fn a_short_last_page_ends_the_walk() {
    let (server, client, _) = serve(list(250)).await;
    let (read, error) = walk_all(&client, 100).await;
    assert_eq!(read, ids(0..250));
    assert!(error.is_none());
    assert_eq!(offsets(&server).await, ["0", "100", "200"]);
}

#[tokio::test]
async fn a_total_that_changes_mid_walk_is_followed() {
    // 150 codes, then 230 once the first page is read.
    let (_server, client, _) = serve(|offset, limit, call| {
        let len = if call == 0 { 150 } else { 230 };
        list(len)(offset, limit, call)
    })
    .await;
    let (read, error) = walk_all(&client, 100).await;
    assert_eq!(read, ids(0..230));
    assert!(error.is_none());
}

#[tokio::test]
async fn a_server_that_ignores_the_limit_ends_the_walk_with_an_error() {
    let (_server, client, calls) = serve(|_, _, _| page(0, 150, 1000, 150)).await;
    let (read, error) = walk_all(&client, 100).await;
    assert_eq!(read, ids(0..150), "the page is given before the error");
    let error = error.expect("the walk ends with an error");
    assert!(matches!(
        error.kind,
        PageErrorKind::LimitIgnored {
            asked: 100,
            got: 150
        }
    ));
    assert_eq!(error.position.at, At::Offset(0));
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_failing_page_in_the_middle_ends_the_walk_at_its_position() {
    let (_server, client, calls) = serve(|offset, limit, call| {
        if offset == 100 {
            ResponseTemplate::new(500)
        } else {
            list(1000)(offset, limit, call)
        }
    })
    .await;
    let (read, error) = walk_all(&client, 100).await;
    assert_eq!(read, ids(0..100));
    let error = error.expect("the walk ends with an error");
    assert_eq!(
        (error.position.index, &error.position.at),
        (1, &At::Offset(100))
    );
    match &error.kind {
        PageErrorKind::Call(call) => assert_eq!(call.status().map(|s| s.as_u16()), Some(500)),
        other => panic!("not the call's error: {other:?}"),
    }
    assert!(
        error
            .to_string()
            .starts_with("page 2 of the walk (offset 100): "),
        "{error}"
    );
    assert_eq!(
        calls.load(Ordering::SeqCst),
        2,
        "nothing is asked after the error"
    );
}

#[tokio::test]
async fn pages_come_whole_and_the_cap_is_an_error() {
    let (_server, client, _) = serve(list(1000)).await;
    let params = SearchUpiQrParams::new().with_offset(50).with_limit(100);
    let filter = QrCodeSearchRequest::new();
    let mut pages = client.search_upi_qr_pages(&params, &filter, Paging::new().max_pages(2));
    let first = pages.next().await.expect("a page").expect("it reads");
    assert_eq!(
        first.offset,
        Some(50),
        "the walk starts where the caller asks"
    );
    let second = pages.next().await.expect("a page").expect("it reads");
    assert_eq!(second.offset, Some(150));
    let error = pages
        .next()
        .await
        .expect("the cap")
        .expect_err("is an error");
    assert!(matches!(
        error.kind,
        PageErrorKind::CapReached { max_pages: 2 }
    ));
    assert!(pages.next().await.is_none());
}
