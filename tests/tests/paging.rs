//! Walking Search UPI QR to the end of its list (`x-pagination` in the spec: by offset and
//! limit, the items in `content`, the total in `totalElements`), against the typed mock
//! (`enkash_client::mock`), paging a list of QR codes as the spec says the vendor does, and
//! as servers that do not.

use enkash_client::mock::{Mock, Reply, SearchUpiQr};
use enkash_client::paging::{At, PageErrorKind, Paging};
use enkash_client::types::{
    ErrorResponse, QrCodePage, QrCodeResponse, QrCodeSearchRequest, SearchUpiQrParams,
};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A page of the QR codes `QR<start>`…`QR<end - 1>`, with `total`.
fn page(start: i64, end: i64, total: i64, limit: i64) -> QrCodePage {
    let items = (start..end)
        .map(|n| QrCodeResponse::new().with_qr_code_id(format!("QR{n}")))
        .collect();
    let at = |n: i64| i32::try_from(n).expect("a small offset");
    QrCodePage::new()
        .with_content(items)
        .with_total_elements(total)
        .with_offset(at(start))
        .with_limit(at(limit))
}

/// A list of `len` QR codes, paged as asked.
fn list(len: i64) -> impl Fn(i64, i64, usize) -> Reply<SearchUpiQr> + Send + Sync {
    move |offset, limit, _| Reply::Ok(page(offset.min(len), (offset + limit).min(len), len, limit))
}

/// A mock whose searches `answer` makes of the offset, the limit and the count of searches
/// before; its client.
async fn serve(
    answer: impl Fn(i64, i64, usize) -> Reply<SearchUpiQr> + Send + Sync + 'static,
) -> (Mock, enkash_client::Client) {
    let mock = Mock::start().await;
    let calls = Arc::new(AtomicUsize::new(0));
    mock.search_upi_qr().respond(move |search: &SearchUpiQr| {
        let call = calls.fetch_add(1, Ordering::SeqCst);
        let offset = search.params.offset.map_or(0, i64::from);
        let limit = search.params.limit.map_or(20, i64::from);
        answer(offset, limit, call)
    });
    let client = mock.client();
    (mock, client)
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
fn offsets(mock: &Mock) -> Vec<Option<i32>> {
    mock.received::<SearchUpiQr>()
        .iter()
        .map(|search| search.params.offset)
        .collect()
}

#[tokio::test]
async fn an_empty_result_is_one_search() {
    let (mock, client) = serve(list(0)).await;
    let (read, error) = walk_all(&client, 100).await;
    assert!(read.is_empty());
    assert!(error.is_none());
    assert_eq!(offsets(&mock), [Some(0)]);
}

#[tokio::test]
async fn exactly_one_full_page_is_one_search() {
    let (mock, client) = serve(list(100)).await;
    let (read, error) = walk_all(&client, 100).await;
    assert_eq!(read, ids(0..100));
    assert!(error.is_none());
    assert_eq!(offsets(&mock), [Some(0)], "the total says it is all");
}

#[tokio::test]
async fn a_short_last_page_ends_the_walk() {
    let (mock, client) = serve(list(250)).await;
    let (read, error) = walk_all(&client, 100).await;
    assert_eq!(read, ids(0..250));
    assert!(error.is_none());
    assert_eq!(offsets(&mock), [Some(0), Some(100), Some(200)]);
}

#[tokio::test]
async fn a_total_that_changes_mid_walk_is_followed() {
    // 150 codes, then 230 once the first page is read.
    let (_mock, client) = serve(|offset, limit, call| {
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
    let (mock, client) = serve(|_, _, _| Reply::Ok(page(0, 150, 1000, 150))).await;
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
    assert_eq!(offsets(&mock), [Some(0)]);
}

#[tokio::test]
async fn a_failing_page_in_the_middle_ends_the_walk_at_its_position() {
    let (mock, client) = serve(|offset, limit, call| {
        if offset == 100 {
            Reply::Error(500, ErrorResponse::new().with_error_message("down"))
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
        offsets(&mock),
        [Some(0), Some(100)],
        "nothing is asked after the error"
    );
}

#[tokio::test]
async fn pages_come_whole_and_the_cap_is_an_error() {
    let (_mock, client) = serve(list(1000)).await;
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
