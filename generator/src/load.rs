//! Stage 1: YAML (or JSON) text → `openapiv3::OpenAPI`.

use crate::diagnostics::Diagnostics;
use openapiv3::OpenAPI;

/// Parses the document. A syntax or shape error is reported with the pointer of the element
/// that failed to decode, and the line and column where the YAML reader stopped.
pub(crate) fn load(text: &str) -> Result<OpenAPI, Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let deserializer = yaml_serde::Deserializer::from_str(text);
    let document: OpenAPI = match serde_path_to_error::deserialize(deserializer) {
        Ok(document) => document,
        Err(error) => {
            let pointer = pointer_of_path(error.path());
            diagnostics.push(
                pointer,
                format!(
                    "the document does not parse as OpenAPI 3.0: {}",
                    error.inner()
                ),
            );
            return Err(diagnostics);
        }
    };
    if !document.openapi.starts_with("3.0.") {
        diagnostics.push(
            "#/openapi",
            format!(
                "unsupported OpenAPI version `{}`: only 3.0.x documents are supported",
                document.openapi
            ),
        );
    }
    diagnostics.into_result()?;
    Ok(document)
}

fn pointer_of_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::from("#");
    for segment in path.iter() {
        let text = match segment {
            Segment::Seq { index } => index.to_string(),
            Segment::Map { key } => key.clone(),
            Segment::Enum { variant } => variant.clone(),
            Segment::Unknown => continue,
        };
        pointer = crate::diagnostics::join(&pointer, &text);
    }
    pointer
}
