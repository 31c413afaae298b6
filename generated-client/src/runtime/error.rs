//! The one error type of every operation.

use super::Violations;
use reqwest::StatusCode;
use std::fmt;

/// What went wrong with a call. `E` is the spec's error body (e.g. `ErrorResponse`).
///
/// Messages never include request or response bodies, which may hold personal data; the raw
/// body is kept in the variant for the caller to inspect deliberately.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// The request breaks the spec's constraints; nothing was sent.
    Invalid(Violations),
    /// The request body could not be encoded as JSON; nothing was sent.
    Encode(serde_json::Error),
    /// The request did not complete: connection refused or reset, timeout, TLS failure.
    Transport(reqwest::Error),
    /// The server answered with a status other than 2XX.
    Status {
        /// The HTTP status.
        status: StatusCode,
        /// The error body, when the body decodes as one.
        error: Option<E>,
        /// The body as text, cut to its first 2 KiB.
        body: String,
    },
    /// The server answered 2XX with an envelope that carries an error instead of a payload.
    Business {
        /// The HTTP status.
        status: StatusCode,
        /// The error the envelope carries.
        error: E,
    },
    /// A 2XX response body that does not decode as the spec says.
    Decode {
        /// The HTTP status.
        status: StatusCode,
        /// Where decoding failed, e.g. `payload.customerKeyContacts[0].createdOn`.
        path: String,
        /// Why.
        source: serde_json::Error,
        /// The body as text, cut to its first 2 KiB.
        body: String,
    },
}

impl<E> Error<E> {
    /// The HTTP status, if the server answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Status { status, .. }
            | Error::Business { status, .. }
            | Error::Decode { status, .. } => Some(*status),
            Error::Transport(error) => error.status(),
            Error::Invalid(_) | Error::Encode(_) => None,
        }
    }

    /// The error body the server sent, if it decoded.
    pub fn api_error(&self) -> Option<&E> {
        match self {
            Error::Status { error, .. } => error.as_ref(),
            Error::Business { error, .. } => Some(error),
            _ => None,
        }
    }
}

impl<E> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Invalid(violations) => write!(f, "request refused before sending: {violations}"),
            Error::Encode(_) => f.write_str("the request body could not be encoded as JSON"),
            Error::Transport(_) => f.write_str("the request did not complete"),
            Error::Status { status, .. } => write!(f, "the server answered {status}"),
            Error::Business { status, .. } => {
                write!(
                    f,
                    "the server answered {status} with an error in the envelope"
                )
            }
            Error::Decode { status, path, .. } => {
                write!(f, "the {status} response does not decode at `{path}`")
            }
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Encode(error) => Some(error),
            Error::Transport(error) => Some(error),
            Error::Decode { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// A client could not be built.
#[derive(Debug)]
#[non_exhaustive]
pub enum BuildError {
    /// The base URL is not an absolute `http` or `https` URL without query or fragment.
    BaseUrl {
        /// The URL given.
        url: String,
        /// Why it was refused.
        reason: String,
    },
    /// The HTTP client could not be built (e.g. no TLS roots).
    Http(reqwest::Error),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::BaseUrl { url, reason } => write!(f, "invalid base URL `{url}`: {reason}"),
            BuildError::Http(_) => f.write_str("the HTTP client could not be built"),
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BuildError::Http(error) => Some(error),
            BuildError::BaseUrl { .. } => None,
        }
    }
}
