//! A typed, validating async client for EnKash's UPI QR API.
//!
//! The types and the [`Client`] are generated from `spec/openapi.yaml` by `cargo xtask codegen`
//! (see the repository's README); the [`runtime`] they call is written by hand.
//!
//! - Patterned strings are newtypes that can only be built through validation, with the
//!   server's own regex semantics (Java: whole value, ASCII classes).
//! - Enums keep values the server adds later (`Unrecognized`) and refuse them in requests.
//! - Money is an exact `rust_decimal::Decimal`; vendor date formats are `time` values.
//! - Every constraint of a request is checked before it is sent.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use enkash_client::{Client, types};
//!
//! let client = Client::new()?
//!     .with_bearer_auth("token from POST /api/v0/merchant/token")
//!     .with_merchant_access_key("merchant access key");
//! let qr = client.get_upi_qr("QR12345").await?;
//! println!("{:?}", qr.status);
//! # Ok(()) }
//! ```

#![deny(missing_docs)]

#[rustfmt::skip]
pub mod generated;
pub mod runtime;

pub use generated::client::{Client, Error};
pub use generated::types;
