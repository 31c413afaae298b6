//! Which OpenAPI version a document is written in, read from its `openapi` or `swagger` field.

use crate::diagnostics::Diagnostics;
use yaml_serde::Value;

/// The versions the load stage reads, each into the OpenAPI 3.0 model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Version {
    /// `openapi: 3.0.x`, read as it is.
    V30,
    /// `openapi: 3.1.x`: JSON Schema 2020-12 schemas, read by `v31`.
    V31,
    /// `swagger: "2.0"`: read by `v20`.
    V20,
}

/// The kind of the note that names a version other than 3.0 starts with this; the report's
/// first line names that version.
pub(crate) const READ_AS: &str = "read as ";

/// The kind of the note that names `version`.
pub(super) fn read_as_kind(version: Version) -> String {
    format!("{READ_AS}{}", version.label())
}

impl Version {
    /// How the report names the version read.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Version::V30 => "OpenAPI 3.0",
            Version::V31 => "OpenAPI 3.1",
            Version::V20 => "Swagger 2.0",
        }
    }
}

/// The version `root` declares. `None` when it declares none the generator reads, reported.
pub(super) fn sniff(root: &Value, diagnostics: &mut Diagnostics) -> Option<Version> {
    if let Some(declared) = root.get("openapi") {
        let text = spelt(declared, "#/openapi", diagnostics)?;
        return if text.starts_with("3.0.") || text == "3.0" {
            Some(Version::V30)
        } else if matches!(text.as_str(), "3.1" | "3.1.0" | "3.1.1" | "3.1.2") {
            Some(Version::V31)
        } else {
            diagnostics.push(
                "#/openapi",
                format!(
                    "unsupported OpenAPI version `{text}`: the generator reads OpenAPI 3.0.x, \
                     3.1.0 to 3.1.2 and Swagger 2.0"
                ),
            );
            None
        };
    }
    if let Some(declared) = root.get("swagger") {
        let text = spelt(declared, "#/swagger", diagnostics)?;
        if text == "2.0" || text == "2" {
            return Some(Version::V20);
        }
        diagnostics.push(
            "#/swagger",
            format!("unsupported Swagger version `{text}`: only Swagger 2.0 is read"),
        );
        return None;
    }
    diagnostics.error(
        super::decode::SHAPE,
        "#",
        "The document has neither an `openapi` field (OpenAPI 3.x) nor a `swagger` field \
         (Swagger 2.0), which name its version, so it is not an OpenAPI document.",
    );
    None
}

/// The version as text; a number (`openapi: 3.1`, `swagger: 2.0` unquoted) is read with a
/// warning, since YAML reads it as a float and `3.10` would become `3.1`.
fn spelt(value: &Value, pointer: &str, diagnostics: &mut Diagnostics) -> Option<String> {
    match value {
        Value::String(text) => Some(text.trim().to_owned()),
        Value::Number(number) => {
            let text = number.to_string();
            let text = if text.contains('.') {
                text
            } else {
                format!("{text}.0")
            };
            diagnostics.warning(
                "a version written as a number",
                pointer,
                format!("the version is a number, not a string; it is read as `{text}`"),
            );
            Some(text)
        }
        _ => {
            diagnostics.error(
                super::decode::SHAPE,
                pointer,
                "The version must be a string, such as `3.0.3`, `3.1.0` or `2.0`.",
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sniffed(yaml: &str) -> Option<Version> {
        let root: Value = yaml_serde::from_str(yaml).unwrap_or_default();
        sniff(&root, &mut Diagnostics::default())
    }

    #[test]
    fn each_version_is_recognised() {
        assert_eq!(sniffed("openapi: 3.0.3"), Some(Version::V30));
        assert_eq!(sniffed("openapi: 3.1.1"), Some(Version::V31));
        assert_eq!(sniffed("swagger: '2.0'"), Some(Version::V20));
        assert_eq!(sniffed("swagger: 2.0"), Some(Version::V20));
        assert_eq!(sniffed("openapi: 3.1"), Some(Version::V31));
    }

    #[test]
    fn later_versions_are_refused() {
        assert_eq!(sniffed("openapi: 3.2.0"), None);
        assert_eq!(sniffed("swagger: '1.2'"), None);
    }
}
