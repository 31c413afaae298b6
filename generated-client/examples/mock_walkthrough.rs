//! Every call of the client against the crate's typed mock (the `mock` feature); no
//! credentials needed.
//!
//! ```sh
//! cargo run -p enkash-client --features mock --example mock_walkthrough
//! ```
//!
//! The mock listens on 127.0.0.1, issues the client's token itself, checks every call's
//! credentials, and answers each operation with the stub set here, in the operation's own
//! types; one search answers with a business error, to show how errors look.

use enkash_client::mock::Mock;
use enkash_client::{Error, types};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mock = start_mock().await;
    println!("mock EnKash API at {}", mock.uri());

    // The mock's credentials; the client fetches its token with them.
    let credentials = mock.credentials();
    let client = mock.client();
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

/// The mock, with a stub per operation.
async fn start_mock() -> Mock {
    let mock = Mock::start().await;
    let qr = |status: types::QrCodeStatus| {
        let mut qr = types::QrCodeResponse::new()
            .with_qr_code_id("QR1001")
            .with_qr_name("Counter 3")
            .with_multiple_use(false)
            .with_fixed_amount(true)
            .with_amount(rust_decimal::Decimal::new(49900, 2))
            .with_customer_name("Priya Sharma");
        qr.status = Some(status);
        qr
    };
    mock.create_upi_qr().ok(qr(types::QrCodeStatus::Active));
    mock.get_upi_qr()
        .when(|request| request.qr_code_id == "QR1001")
        .ok(qr(types::QrCodeStatus::Active));
    mock.search_upi_qr().ok(types::QrCodePage::new()
        .with_content(vec![qr(types::QrCodeStatus::Active)])
        .with_total_elements(1)
        .with_offset(0)
        .with_limit(20));
    mock.cancel_upi_qr().ok(qr(types::QrCodeStatus::Cancelled));
    mock.create_customer().ok(types::CustomerResponse::new()
        .with_customer_id("CUST1001")
        .with_legal_name("Sharma Traders Private Limited"));
    let mut refusal = types::ErrorResponse::new()
        .with_error_message("at least one filter is required")
        .with_request_id("req-7f3a9c");
    refusal.error_type = Some(types::ErrorType::ValidationError);
    mock.search_customer().business_error(refusal);
    mock
}
