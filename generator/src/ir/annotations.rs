//! What the spec says of a value that the client does not act on, but the server does: its
//! `default`, whether it is `deprecated`, `readOnly` or `writeOnly`, and its `format` as
//! written. The change report reads them: a server that fills in another default, or starts
//! sending a field it only read, changes what a caller sees without changing a Rust type.

use super::Annotations;
use openapiv3::{
    IntegerFormat, NumberFormat, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty,
};

/// The annotations of a schema (a property's, or a parameter's).
pub(super) fn of(schema: &Schema) -> Annotations {
    let data = &schema.schema_data;
    Annotations {
        default: data.default.as_ref().map(canonical_json),
        deprecated: data.deprecated,
        read_only: data.read_only,
        write_only: data.write_only,
        format: format_of(&schema.schema_kind),
    }
}

/// JSON text with object keys sorted, so that reordered keys are the same default.
fn canonical_json(value: &serde_json::Value) -> String {
    // `serde_json::Value`'s map keeps insertion order only with `preserve_order`, which the
    // generator does not enable: its maps are sorted, and printing them is canonical.
    value.to_string()
}

/// The `format` as the spec writes it, for the types that have one.
fn format_of(kind: &SchemaKind) -> Option<String> {
    fn written<T>(
        format: &VariantOrUnknownOrEmpty<T>,
        name: fn(&T) -> &'static str,
    ) -> Option<String> {
        match format {
            VariantOrUnknownOrEmpty::Item(item) => Some(name(item).to_owned()),
            VariantOrUnknownOrEmpty::Unknown(text) => Some(text.clone()),
            VariantOrUnknownOrEmpty::Empty => None,
        }
    }
    match kind {
        SchemaKind::Type(Type::String(string)) => written(&string.format, |f| match f {
            StringFormat::Date => "date",
            StringFormat::DateTime => "date-time",
            StringFormat::Password => "password",
            StringFormat::Byte => "byte",
            StringFormat::Binary => "binary",
        }),
        SchemaKind::Type(Type::Integer(integer)) => written(&integer.format, |f| match f {
            IntegerFormat::Int32 => "int32",
            IntegerFormat::Int64 => "int64",
        }),
        SchemaKind::Type(Type::Number(number)) => written(&number.format, |f| match f {
            NumberFormat::Float => "float",
            NumberFormat::Double => "double",
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::of;

    fn schema(yaml: &str) -> openapiv3::Schema {
        yaml_serde::from_str(yaml).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn each_annotation_is_read_as_written() {
        let read = of(&schema(
            "{type: integer, format: int64, default: 20, deprecated: true, readOnly: true}",
        ));
        assert_eq!(read.default.as_deref(), Some("20"));
        assert_eq!(read.format.as_deref(), Some("int64"));
        assert!(read.deprecated && read.read_only && !read.write_only);
    }

    #[test]
    fn a_vendor_format_and_an_object_default_are_kept() {
        let read = of(&schema(
            "{type: string, format: mobile, default: {b: 1, a: 2}}",
        ));
        assert_eq!(read.format.as_deref(), Some("mobile"));
        assert_eq!(read.default.as_deref(), Some(r#"{"a":2,"b":1}"#));
        assert_eq!(
            of(&schema("{type: boolean}")),
            super::Annotations::default()
        );
    }
}
