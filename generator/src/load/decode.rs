//! One piece of the tree → one typed `openapiv3` value, with a precise pointer on failure.

use crate::diagnostics::{Diagnostics, join};
use serde::de::DeserializeOwned;
use std::panic::{AssertUnwindSafe, catch_unwind};
use yaml_serde::Value;

/// The kind of every diagnostic about a piece that `openapiv3` refuses.
pub(super) const SHAPE: &str = "does not parse as OpenAPI 3.0";

/// Decodes `value`, found at `pointer`, as a `T`. On failure the problem is reported at the
/// deepest pointer serde reached, followed by `fallback`, which says what happens instead.
pub(super) fn decode<T: DeserializeOwned>(
    value: &Value,
    pointer: &str,
    fallback: &str,
    diagnostics: &mut Diagnostics,
) -> Option<T> {
    // The tree holds no duplicate keys and no non-finite numbers, which are what made
    // `openapiv3` panic; catching a panic all the same keeps "never panic on any input" true
    // should another input reach one of its `expect`s.
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        serde_path_to_error::deserialize::<_, T>(value)
    }));
    match outcome {
        Ok(Ok(decoded)) => Some(decoded),
        Ok(Err(error)) => {
            diagnostics.error(
                SHAPE,
                extend(pointer, error.path()),
                format!(
                    "This does not parse as OpenAPI 3.0: {}. {fallback}",
                    error.inner()
                ),
            );
            None
        }
        Err(_) => {
            diagnostics.error(
                SHAPE,
                pointer,
                format!("The OpenAPI reader failed on this value. {fallback}"),
            );
            None
        }
    }
}

/// Appends the path serde followed inside a piece to the pointer of the piece.
fn extend(pointer: &str, path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = pointer.to_owned();
    for segment in path.iter() {
        let text = match segment {
            Segment::Seq { index } => index.to_string(),
            Segment::Map { key } => key.clone(),
            Segment::Enum { variant } => variant.clone(),
            Segment::Unknown => continue,
        };
        pointer = join(&pointer, &text);
    }
    pointer
}
