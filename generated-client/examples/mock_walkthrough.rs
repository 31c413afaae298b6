//! Every call of the client against a local mock of the EnKash API; no credentials needed.
//!
//! ```sh
//! cargo run -p enkash-client --example mock_walkthrough
//! ```
//!
//! The mock listens on 127.0.0.1 and answers as the spec describes: a token for the token call,
//! enveloped payloads for the rest, and one business error, to show how errors look.

use enkash_client::{Client, Credentials, Error, types};
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = start_mock().await;
    println!("mock EnKash API at {}", server.uri());

    // Fake credentials: the mock accepts any. The client fetches the token itself.
    let credentials = Credentials {
        access_key: "demo-access-key".into(),
        secret_key: "demo-secret-key".into(),
        merchant_access_key: "demo-merchant-access-key".into(),
    };
    let client = Client::with_base_url(&server.uri())?.with_credentials(&credentials);
    println!("credentials: {credentials:?}");

    let token = client
        .get_authorization_token(&types::TokenRequest::new(
            credentials.access_key.clone(),
            credentials.secret_key.clone(),
        ))
        .await?;
    println!(
        "get_authorization_token → expires at {:?} (token {:?})",
        token.expiry, token.token
    );

    let created = client
        .create_upi_qr(
            &types::QrCodeCreateRequest::new()
                .with_qr_name("Counter 3")
                .with_amount("499.00".parse()?)
                .with_fixed_amount(true)
                .with_multiple_use(false),
        )
        .await?;
    println!(
        "create_upi_qr → {:?} {:?} {:?}",
        created.qr_code_id, created.status, created.amount
    );

    let fetched = client.get_upi_qr("QR1001").await?;
    println!("get_upi_qr → {:?} {:?}", fetched.qr_code_id, fetched.status);

    let page = client
        .search_upi_qr(
            &types::SearchUpiQrParams::new()
                .with_offset(0)
                .with_limit(20),
            &types::QrCodeSearchRequest::default(),
        )
        .await?;
    println!(
        "search_upi_qr → {} of {:?}",
        page.content.as_ref().map_or(0, Vec::len),
        page.total_elements
    );

    let cancelled = client.cancel_upi_qr("QR1001").await?;
    println!("cancel_upi_qr → {:?}", cancelled.status);

    let contact = types::CustomerKeyContactCreateDto::new(
        false,
        "Priya Sharma",
        "+91 9876543210".parse()?,
        "Priya Sharma",
    )
    .with_email("priya.sharma@example.in".parse()?)
    .with_mail_enabled(true);
    let request =
        types::CustomerCreateRequest::new(vec![contact], "Sharma Traders Private Limited")
            .with_ifsc("HDFC0001234".parse()?)
            .with_pan_or_gstin("29AABCS1234K1Z5".parse()?);
    // Debug masks personal data (mobile, email, PAN/GSTIN).
    println!("create_customer request: {request:?}");
    let customer = client.create_customer(&request).await?;
    println!("create_customer → {:?}", customer.customer_id);

    // The mock answers this search with a 200 that carries `errorResponse`.
    match client
        .search_customer(
            &Default::default(),
            &types::CustomerSearchRequest::default(),
        )
        .await
    {
        Err(error @ Error::Business { .. }) => println!(
            "search_customer → {error} [type {:?}, request {:?}, retry safe: {}]",
            error.error_type(),
            error.request_id(),
            error.is_retry_safe()
        ),
        other => println!("search_customer → unexpected: {other:?}"),
    }

    // Refused before sending: the vendor caps `limit` at 50.
    let too_many = types::SearchCustomerParams::new().with_limit(51);
    let refused = client
        .search_customer(&too_many, &types::CustomerSearchRequest::default())
        .await;
    if let Err(error) = refused {
        println!("search_customer(limit 51) → {error}");
    }
    Ok(())
}

fn envelope(payload: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "response_code": 200,
        "response_message": "Success",
        "payload": payload,
    }))
}

async fn start_mock() -> MockServer {
    let server = MockServer::start().await;
    let qr = |status: &str| {
        json!({
            "qrCodeId": "QR1001", "qrName": "Counter 3", "multipleUse": false,
            "fixedAmount": true, "amount": 499.00, "status": status,
            "createdOn": "2025-07-05 12:21:15", "customerName": "Priya Sharma"
        })
    };
    Mock::given(method("POST"))
        .and(path("/api/v0/merchant/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "token": "mock-token", "expiry": 4_102_444_800_000_i64,
            "resultCode": 200, "resultMessage": "Token generated successfully."
        })))
        .mount(&server)
        .await;
    let secured = |verb: &str, at: &str| {
        Mock::given(method(verb))
            .and(path(at.to_owned()))
            .and(header("authorization", "Bearer mock-token"))
            .and(header("merchantAccessKey", "demo-merchant-access-key"))
    };
    secured("POST", "/api/v0/qr-code")
        .respond_with(envelope(qr("ACTIVE")))
        .mount(&server)
        .await;
    secured("GET", "/api/v0/qr-code/QR1001")
        .respond_with(envelope(qr("ACTIVE")))
        .mount(&server)
        .await;
    secured("POST", "/api/v0/qr-code/search")
        .respond_with(envelope(json!({
            "content": [qr("ACTIVE")], "totalElements": 1, "offset": 0, "limit": 20
        })))
        .mount(&server)
        .await;
    secured("PATCH", "/api/v0/qr-code/QR1001/cancel")
        .respond_with(envelope(qr("CANCELLED")))
        .mount(&server)
        .await;
    secured("POST", "/api/v0/customer")
        .respond_with(envelope(json!({
            "customerId": "CUST1001", "legalName": "Sharma Traders Private Limited"
        })))
        .mount(&server)
        .await;
    secured("POST", "/api/v0/customer/search")
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "response_code": 422,
            "errorResponse": {
                "errorType": "VALIDATION_ERROR",
                "errorMessage": "at least one filter is required",
                "requestId": "req-7f3a9c",
                "timestamp": "2025-07-05 12:21:15"
            }
        })))
        .mount(&server)
        .await;
    server
}
