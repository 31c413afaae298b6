//! Media types: how a body of each is read or sent, which one a method takes by default, and
//! what the methods for the others are called.

use crate::naming;
use openapiv3::{Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};

/// How a body of a media type is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum MediaKind {
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`.
    Multipart,
    /// `text/*`, XML: a string sent or read as it is.
    Text,
    /// Anything else: bytes sent or read as they are.
    Bytes,
}

/// A media type's essence: lower case, without parameters (`Application/JSON; charset=utf-8` →
/// `application/json`).
pub(super) fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Whether the media type is a range (`image/*`, `*/*`), which names no one type to send.
pub(super) fn is_range(media_type: &str) -> bool {
    essence(media_type).contains('*')
}

/// How a body of `media_type` is encoded, or `None` if the client cannot encode it (another
/// `multipart/*` than form data). A range that admits JSON (`*/*`, `application/*`) counts as
/// JSON unless its schema is binary (`type: string, format: binary`), or absent.
pub(super) fn kind(media_type: &str, schema: Option<&Schema>) -> Option<MediaKind> {
    let essence = essence(media_type);
    let (top, sub) = essence.split_once('/').unwrap_or((essence.as_str(), ""));
    Some(match (top, sub) {
        ("application", "json") => MediaKind::Json,
        (_, sub) if sub.ends_with("+json") => MediaKind::Json,
        ("application", "x-www-form-urlencoded") => MediaKind::Form,
        ("multipart", "form-data") => MediaKind::Multipart,
        ("multipart", _) => return None,
        ("*" | "application", "*") if schema.is_some_and(|s| !is_binary(s)) => MediaKind::Json,
        ("text", _) | ("application", "xml") => MediaKind::Text,
        (_, sub) if sub.ends_with("+xml") => MediaKind::Text,
        _ => MediaKind::Bytes,
    })
}

/// Whether a schema is `type: string, format: binary`: raw bytes.
pub(super) fn is_binary(schema: &Schema) -> bool {
    matches!(
        &schema.schema_kind,
        SchemaKind::Type(Type::String(string))
            if string.format == VariantOrUnknownOrEmpty::Item(StringFormat::Binary)
    )
}

/// Puts the media type a method takes by default first: the first JSON one, else the first in
/// document order. The others keep document order.
pub(super) fn main_first<T>(media: &mut [(T, MediaKind)]) {
    if let Some(json) = media.iter().position(|(_, k)| *k == MediaKind::Json) {
        media[..=json].rotate_right(1);
    }
}

/// The suffix of the method that sends a body of `media_type` beside the operation's main one:
/// `form`, `multipart`, `bytes`, `text`, or the media subtype without its `x-` or `vnd.`
/// prefix (`application/xml` → `xml`, `text/x-markdown` → `markdown`, `image/*` → `image`).
pub(super) fn method_suffix(media_type: &str) -> String {
    let essence = essence(media_type);
    let (top, sub) = essence.split_once('/').unwrap_or((essence.as_str(), ""));
    let word = match sub {
        "x-www-form-urlencoded" => "form",
        "form-data" => "multipart",
        "octet-stream" => "bytes",
        "plain" => "text",
        "*" if top == "*" => "any",
        "*" => top,
        sub => sub
            .trim_start_matches("x-")
            .trim_start_matches("vnd.")
            .trim_start_matches("x."),
    };
    naming::module_name(word)
}

/// The `Content-Type` of a text or bytes body of a concrete `media_type`, or `None` for a range,
/// which the caller must narrow.
pub(super) fn sent_type(media_type: &str, kind: MediaKind) -> Option<String> {
    if !is_range(media_type) {
        return Some(media_type.to_owned());
    }
    // A JSON body sent under a range is sent as JSON.
    (kind == MediaKind::Json).then(|| "application/json".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn binary() -> Schema {
        serde_json::from_value(serde_json::json!({"type": "string", "format": "binary"}))
            .unwrap_or_else(|e| panic!("{e}"))
    }

    fn object() -> Schema {
        serde_json::from_value(serde_json::json!({"type": "object"}))
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn json_suffixes_and_parameters_are_json() {
        assert_eq!(kind("application/json", None), Some(MediaKind::Json));
        assert_eq!(
            kind("Application/JSON; charset=utf-8", None),
            Some(MediaKind::Json)
        );
        assert_eq!(kind("application/scim+json", None), Some(MediaKind::Json));
        assert_eq!(
            kind("application/vnd.github.v3.star+json", None),
            Some(MediaKind::Json)
        );
    }

    /// `*/*` carries JSON when its schema describes a value, bytes when it is binary or absent.
    #[test]
    fn a_wildcard_is_json_unless_binary() {
        assert_eq!(kind("*/*", Some(&object())), Some(MediaKind::Json));
        assert_eq!(kind("*/*", Some(&binary())), Some(MediaKind::Bytes));
        assert_eq!(kind("*/*", None), Some(MediaKind::Bytes));
        assert_eq!(kind("image/*", Some(&object())), Some(MediaKind::Bytes));
    }

    #[test]
    fn forms_text_and_bytes() {
        assert_eq!(
            kind("application/x-www-form-urlencoded", None),
            Some(MediaKind::Form)
        );
        assert_eq!(
            kind("multipart/form-data", None),
            Some(MediaKind::Multipart)
        );
        assert_eq!(kind("multipart/mixed", None), None);
        assert_eq!(kind("text/html", None), Some(MediaKind::Text));
        assert_eq!(kind("application/xml", None), Some(MediaKind::Text));
        assert_eq!(kind("application/cbor", None), Some(MediaKind::Bytes));
        assert_eq!(
            kind("application/octet-stream", None),
            Some(MediaKind::Bytes)
        );
    }

    #[test]
    fn json_comes_first_and_the_rest_keep_their_order() {
        let mut media = [
            ("xml", MediaKind::Text),
            ("form", MediaKind::Form),
            ("json", MediaKind::Json),
            ("bytes", MediaKind::Bytes),
        ];
        main_first(&mut media);
        let order: Vec<&str> = media.iter().map(|(name, _)| *name).collect();
        assert_eq!(order, ["json", "xml", "form", "bytes"]);
    }

    #[test]
    fn method_suffixes() {
        let suffixes: Vec<String> = [
            "application/x-www-form-urlencoded",
            "multipart/form-data",
            "application/octet-stream",
            "text/plain",
            "text/x-markdown",
            "application/vnd.github.diff",
            "application/merge-patch+json",
            "image/*",
            "*/*",
        ]
        .into_iter()
        .map(method_suffix)
        .collect();
        assert_eq!(
            suffixes,
            [
                "form",
                "multipart",
                "bytes",
                "text",
                "markdown",
                "github_diff",
                "merge_patch_json",
                "image",
                "any"
            ]
        );
    }

    #[test]
    fn only_a_range_leaves_the_type_to_the_caller() {
        assert_eq!(
            sent_type("application/octet-stream", MediaKind::Bytes).as_deref(),
            Some("application/octet-stream")
        );
        assert_eq!(sent_type("image/*", MediaKind::Bytes), None);
        assert_eq!(
            sent_type("*/*", MediaKind::Json).as_deref(),
            Some("application/json")
        );
    }
}
