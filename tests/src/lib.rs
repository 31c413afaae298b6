//! Integration tests for the generated clients live in `tests/`.
//!
//! Besides EnKash's client, they exercise a second one, generated from `tests/wire.yaml` by
//! `cargo xtask codegen` into `src/generated/` (its types are [`types`]): request bodies that are not JSON, responses that
//! are not one JSON body, and error bodies whose schema depends on the status, whose bytes on
//! the wire the tests check. It calls the same hand-written runtime as EnKash's client.

#![deny(missing_docs)]

#[rustfmt::skip]
mod generated;
/// Generated modules reach the runtime as `crate::runtime`.
use client_runtime as runtime;

pub use generated::client::{Client, Error};
pub use generated::types;
pub use runtime::{Config, FilePart, RetryPolicy};
