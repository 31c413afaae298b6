//! A typed, validating async client for EnKash's UPI QR API.
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
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use enkash_client::{Client, Credentials};
//!
//! // ENKASH_ACCESS_KEY, ENKASH_SECRET_KEY and ENKASH_MERCHANT_ACCESS_KEY; or build
//! // `Credentials { access_key: "…".into(), … }` in code.
//! let credentials = Credentials::from_env()?;
//! // The client fetches its token, shares it between concurrent calls and refreshes it.
//! let client = Client::new()?.with_credentials(&credentials);
//! let qr = client.get_upi_qr("QR12345").await?;
//! println!("{:?}", qr.status);
//! # Ok(()) }
//! ```

#![deny(missing_docs)]

#[rustfmt::skip]
mod generated;
/// Generated modules reach the runtime as `crate::runtime`.
use client_runtime as runtime;

pub use generated::client::{Client, Credentials, Error};
pub use generated::types;
/// Where a value sits in a request, for [`Validate::validate`].
pub use runtime::Path;
pub use runtime::{
    AuthError, BodyError, BuildError, Config, ConstraintError, ErrorDetails, RawBody, RetryPolicy,
    Secret, UnknownValue, UnknownVariant, Validate, Violation, Violations, decode_json,
};
