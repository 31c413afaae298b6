//! A typed, validating async client for EnKash's UPI QR API: Create / Get / Search / Cancel
//! UPI QR, Create / Search Customer, and the token call that authorises them.
//!
//! The types and the [`Client`] are generated from `spec/openapi.yaml` by `cargo xtask codegen`
//! (see the repository's README). The runtime they call (transport, authentication, errors,
//! validation) is written by hand, in the `client-runtime` crate, which is compiled once and not
//! again when the spec is regenerated. What users need of it is re-exported here.
//!
//! - Patterned strings are newtypes that can only be built through validation, with the
//!   server's own regex semantics (Java: whole value, ASCII classes).
//! - Enums keep values the server adds later (`Unrecognized`) and refuse them in requests.
//! - Money is an exact `rust_decimal::Decimal`; vendor date formats are `time` values.
//! - Every constraint of a request is checked before it is sent.
//! - Structs and enums are `#[non_exhaustive]`, so that a field or value the vendor adds breaks
//!   no caller: build a struct with `new` (its required fields) and `with_…` (each optional
//!   one), and give a `match` on an enum a `_` arm.
//!
//! # Quick start
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use enkash_client::{Client, Credentials, types};
//! use rust_decimal::Decimal;
//!
//! // ENKASH_ACCESS_KEY, ENKASH_SECRET_KEY and ENKASH_MERCHANT_ACCESS_KEY.
//! let credentials = Credentials::from_env()?;
//! // The UAT server; `Client::with_base_url` names another. The client fetches its token,
//! // shares it between concurrent calls and refreshes it before it expires.
//! let client = Client::new()?.with_credentials(&credentials);
//!
//! // A single-use QR code for exactly ₹125.50.
//! let request = types::QrCodeCreateRequest::new()
//!     .with_qr_name("Counter 1")
//!     .with_amount(Decimal::new(12550, 2))
//!     .with_fixed_amount(true)
//!     .with_multiple_use(false);
//! let qr = client.create_upi_qr(&request).await?;
//! println!("created {:?}", qr.qr_code_id);
//!
//! let fetched = client.get_upi_qr("QR12345").await?;
//! match fetched.status {
//!     Some(types::QrCodeStatus::Active) => println!("still open"),
//!     // A value EnKash adds later arrives as `Unrecognized`, keeping its text; the `_` arm
//!     // also covers values a later version of this crate names.
//!     Some(other) => println!("status {}", other.as_str()),
//!     None => println!("no status"),
//! }
//! # Ok(()) }
//! ```
//!
//! # Credentials
//!
//! [`Credentials`] holds the merchant's three keys, as [`Secret`]s: they print as
//! `[REDACTED]`, and have no `Display`, so they stay out of logs.
//!
//! ```
//! use enkash_client::Credentials;
//!
//! let credentials = Credentials {
//!     access_key: "my-access-key".into(),
//!     secret_key: "my-secret-key".into(),
//!     merchant_access_key: "my-merchant-key".into(),
//! };
//! assert!(!format!("{credentials:?}").contains("my-secret-key"));
//! ```
//!
//! # Building requests
//!
//! A request's required fields are arguments of `new`, so leaving one out does not compile;
//! each optional one has a `with_…` setter. Patterned fields are parsed, and a value the server
//! would refuse never becomes one. Other constraints (ranges, sizes) are checked when the
//! request is sent, or before, with [`Validate::violations`]:
//!
//! ```
//! use enkash_client::{Validate, types};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let contact = types::CustomerKeyContactCreateDto::new(
//!     false,
//!     "Priya Sharma",
//!     "+91 9876543210".parse()?,
//!     "Priya Sharma",
//! )
//! .with_email("priya.sharma@example.in".parse()?);
//! let request = types::CustomerCreateRequest::new(vec![contact], "Sharma Traders Private Limited")
//!     .with_pan_or_gstin("29AABCS1234K1Z5".parse()?);
//! assert!(request.violations().is_empty());
//!
//! // Devanagari digits are digits to Unicode, not to the server.
//! assert!("९८७६५४३२१०".parse::<types::CustomerKeyContactCreateDtoMobile>().is_err());
//!
//! let params = types::SearchCustomerParams::new().with_limit(500);
//! let violations = params.violations();
//! assert_eq!(violations[0].path, "limit");
//! # Ok(()) }
//! ```
//!
//! # Errors and retries
//!
//! Every method returns [`Error`] when it does not succeed. Match its variants with `..`, and
//! give the `match` a `_` arm: both are `#[non_exhaustive]`.
//!
//! ```no_run
//! # async fn run(client: enkash_client::Client, request: enkash_client::types::CustomerCreateRequest) {
//! use enkash_client::Error;
//!
//! match client.create_customer(&request).await {
//!     Ok(customer) => println!("created {:?}", customer.customer_id),
//!     // The request breaks a constraint; nothing was sent.
//!     Err(Error::Invalid(violations)) => println!("fix: {violations}"),
//!     // A 200 whose envelope carries `errorResponse`.
//!     Err(error @ Error::Business { .. }) => {
//!         println!("refused: {:?} (request {:?})", error.error_type(), error.request_id())
//!     }
//!     // Safe to send again: the request never reached the server, or the server said so.
//!     Err(error) if error.is_retry_safe() => println!("try again after {:?}", error.retry_after()),
//!     Err(error) => println!("failed: {error}"),
//! }
//! # }
//! ```
//!
//! The client sends an operation again by itself only when the spec marks it idempotent (GET,
//! or `x-idempotent`): after a transport failure, or a 429, 502, 503 or 504, with backoff and
//! within `Retry-After`. Creating a QR code or a customer is sent once. [`RetryPolicy`] sets
//! the attempts and delays:
//!
//! ```no_run
//! # fn run() -> Result<(), enkash_client::BuildError> {
//! use enkash_client::{Client, Config, RetryPolicy};
//!
//! let config = Config {
//!     retry: RetryPolicy { max_attempts: 5, ..RetryPolicy::default() },
//!     ..Config::default()
//! };
//! let client = Client::with_config("https://uat.example.invalid", config)?;
//! # let _ = client;
//! # Ok(()) }
//! ```
//!
//! # Every page of a search
//!
//! Search UPI QR and Search Customer return one page at a time. `search_upi_qr_all` and
//! `search_customer_all` walk the list to its end, a search per page, each sent and retried as
//! the search itself is; `_pages` gives the pages. The walk ends after the last page, or with
//! an error that names the page where it stopped (a failed search, a server that ignores the
//! limit or the offset, or the cap set in [`paging::Paging`]):
//!
//! ```no_run
//! # async fn run(client: enkash_client::Client) {
//! use enkash_client::paging::Paging;
//! use enkash_client::types::{QrCodeSearchRequest, QrCodeStatus, SearchUpiQrParams};
//!
//! let filter = QrCodeSearchRequest::new().with_status(QrCodeStatus::Active);
//! let params = SearchUpiQrParams::new().with_limit(500);
//! let mut codes = client.search_upi_qr_all(&params, &filter, Paging::new().max_pages(100));
//! while let Some(code) = codes.next().await {
//!     match code {
//!         Ok(code) => println!("{:?}", code.qr_code_id),
//!         Err(error) => {
//!             println!("stopped at {}: {error}", error.position);
//!             break;
//!         }
//!     }
//! }
//! # }
//! ```
//!
//! Both are `Stream`s too, for `futures`' combinators.
//!
//! # In your own tests: the typed mock
//!
//! With the `mock` feature (for tests only: `enkash-client = { version = "…", features =
//! ["mock"] }` under `[dev-dependencies]`), `mock::Mock` is a local server that answers as
//! EnKash does. It issues tokens itself and checks each call's credentials; it reads each
//! request into the operation's own type and answers one that breaks the spec with the spec's
//! 400, as the server would; and it answers the rest with the stubs you set, in the
//! operations' own types (the envelope is its business). One line sets it up:
//!
//! ```
//! # #[cfg(feature = "mock")]
//! # #[tokio::main]
//! # async fn main() {
//! use enkash_client::mock::{CreateCustomer, Mock};
//! use enkash_client::types;
//!
//! let mock = Mock::start().await;
//! mock.create_customer()
//!     .times(1)
//!     .ok(types::CustomerResponse::new().with_customer_id("C-1"));
//!
//! // Your code under test, given the mock's client.
//! let contact = types::CustomerKeyContactCreateDto::new(
//!     false,
//!     "Priya Sharma",
//!     "+91 9876543210".parse().unwrap(),
//!     "Priya Sharma",
//! );
//! let request = types::CustomerCreateRequest::new(vec![contact], "Sharma Traders");
//! let created = mock.client().create_customer(&request).await.unwrap();
//! assert_eq!(created.customer_id.as_deref(), Some("C-1"));
//!
//! // What the server received, typed.
//! let received = mock.received::<CreateCustomer>();
//! assert_eq!(received[0].body.legal_name, "Sharma Traders");
//! // Dropping the mock checks `times(1)`, and that every request found a stub.
//! # }
//! # #[cfg(not(feature = "mock"))]
//! # fn main() {}
//! ```
//!
//! A business error (a 200 whose envelope carries `errorResponse`), and a token that expires
//! between two calls, which the client replaces by itself:
//!
//! ```
//! # #[cfg(feature = "mock")]
//! # #[tokio::main]
//! # async fn main() {
//! use enkash_client::Error;
//! use enkash_client::mock::Mock;
//! use enkash_client::types::{ErrorResponse, ErrorType, QrCodeResponse};
//!
//! let mock = Mock::start().await;
//! let mut refusal = ErrorResponse::new().with_error_message("QR code is cancelled");
//! refusal.error_type = Some(ErrorType::UnprocessableRequest);
//! mock.cancel_upi_qr().business_error(refusal);
//! mock.get_upi_qr()
//!     .when(|request| request.qr_code_id == "QR-1")
//!     .ok(QrCodeResponse::new().with_qr_code_id("QR-1"));
//! let client = mock.client();
//!
//! let error = client.cancel_upi_qr("QR-1").await.unwrap_err();
//! assert!(matches!(error, Error::Business { .. }));
//! assert_eq!(error.error_type(), Some("UNPROCESSABLE_REQUEST"));
//!
//! // Every token issued so far expires: the next call is answered 401, and the client
//! // fetches a new token and sends the call again.
//! mock.expire_tokens();
//! let qr = client.get_upi_qr("QR-1").await.unwrap();
//! assert_eq!(qr.qr_code_id.as_deref(), Some("QR-1"));
//! assert_eq!(mock.tokens_issued(), 2);
//! # }
//! # #[cfg(not(feature = "mock"))]
//! # fn main() {}
//! ```
//!
//! A stub also answers with an error body and its status (`error`), a raw response (`raw`), a
//! fault (`fault`: the connection reset, or no answer for a while), or an answer computed from
//! each request (`respond`: a page of a list by its offset, say). A stub whose answer breaks
//! its own schema fails the test, naming the field. A request no stub takes is answered 501,
//! and fails the test, listing the stubs that were set.
//!
//! Response types are plain data with public fields, built the same way, so a stub of your own
//! can return them too:
//!
//! ```
//! use enkash_client::types;
//!
//! let mut qr = types::QrCodeResponse::new().with_qr_code_id("QR12345");
//! qr.status = Some(types::QrCodeStatus::Active);
//! assert_eq!(qr.qr_code_id.as_deref(), Some("QR12345"));
//! ```

#![deny(missing_docs)]

#[rustfmt::skip]
mod generated;
/// Generated modules reach the runtime as `crate::runtime`.
use client_runtime as runtime;

pub use generated::client::{Client, Credentials, Error};
/// The typed mock, for tests (the `mock` feature).
#[cfg(feature = "mock")]
pub use generated::mock;
pub use generated::types;
/// Where a value sits in a request, for [`Validate::validate`].
pub use runtime::Path;
pub use runtime::{
    AuthError, BodyError, BuildError, Config, ConstraintError, ErrorDetails, RawBody, RetryPolicy,
    Secret, UnknownValue, UnknownVariant, Validate, Violation, Violations, decode_json, paging,
};
