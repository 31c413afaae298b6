//! The serde `with` modules that fields and `oneOf` variants are read and written through: one
//! variant per module, each path written once, as tokens, so that a helper is chosen by name
//! and a misspelt one does not compile.

use crate::ir::{Api, CollectionLeaves, Field, TypeRef, collection_leaves};
use crate::temporal::TemporalFormat;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// A serde `with` module.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum SerdeWith<'a> {
    /// Collections whose leaves the runtime encodes exactly (decimals, timestamps, dates).
    Wire,
    /// [`SerdeWith::Wire`] for an optional, nullable field: absent, `null` and a value apart.
    WireNullable,
    /// An exact decimal.
    Decimal,
    /// An optional exact decimal.
    DecimalOption,
    /// An optional, nullable exact decimal.
    NullableDecimal,
    /// An RFC 3339 timestamp.
    Rfc3339,
    /// An optional RFC 3339 timestamp.
    Rfc3339Option,
    /// An optional, nullable RFC 3339 timestamp.
    NullableRfc3339,
    /// A vendor date or time format, by the name of its module in `types.rs`'s `formats`.
    Format(&'a str),
    /// An optional value of a vendor format.
    FormatOption(&'a str),
    /// An optional, nullable value of a vendor format.
    NullableFormat(&'a str),
    /// Any other optional, nullable value.
    Nullable,
}

impl SerdeWith<'_> {
    /// The module's path, as code.
    pub(super) fn path(self) -> TokenStream {
        match self {
            SerdeWith::Wire => quote!(crate::runtime::__private::wire),
            SerdeWith::WireNullable => quote!(crate::runtime::__private::wire::nullable),
            SerdeWith::Decimal => quote!(rust_decimal::serde::arbitrary_precision),
            SerdeWith::DecimalOption => quote!(rust_decimal::serde::arbitrary_precision_option),
            SerdeWith::NullableDecimal => quote!(crate::runtime::__private::nullable::decimal),
            SerdeWith::Rfc3339 => quote!(crate::runtime::__private::temporal::rfc3339),
            SerdeWith::Rfc3339Option => {
                quote!(crate::runtime::__private::temporal::rfc3339::option)
            }
            SerdeWith::NullableRfc3339 => quote!(crate::runtime::__private::nullable::rfc3339),
            SerdeWith::Format(name) => {
                let name = format_ident!("{}", name);
                quote!(formats::#name)
            }
            SerdeWith::FormatOption(name) => {
                let name = format_ident!("{}", name);
                quote!(formats::#name::option)
            }
            SerdeWith::NullableFormat(name) => {
                let name = format_ident!("{}", name);
                quote!(formats::nullable::#name)
            }
            SerdeWith::Nullable => quote!(crate::runtime::__private::nullable),
        }
    }

    /// The module's path as serde's `with = "…"` takes it: a string, written from the
    /// path's tokens (a path's tokens print without spaces when joined).
    pub(super) fn attribute(self) -> String {
        self.path()
            .into_iter()
            .map(|tree| tree.to_string())
            .collect()
    }
}

/// The `with` module for a value of type `base` (aliases resolved, `Option`s taken off) inside
/// `layers` `Option`s: none for a required value, one for an optional or a nullable one, two for
/// an optional, nullable one. `None`: serde's own way does.
pub(super) fn serde_with<'a>(api: &'a Api, base: &TypeRef, layers: usize) -> Option<SerdeWith<'a>> {
    if collection_leaves(&api.aliases, base) == CollectionLeaves::Encoded {
        return Some(match layers {
            2 => SerdeWith::WireNullable,
            _ => SerdeWith::Wire,
        });
    }
    let format = |format: &TemporalFormat| -> &'a str { &api.temporal_formats[format] };
    Some(match (base, layers) {
        (TypeRef::Decimal, 0) => SerdeWith::Decimal,
        (TypeRef::Decimal, 1) => SerdeWith::DecimalOption,
        // Absent, `null` and a value are three states, which these helpers keep apart.
        (TypeRef::Decimal, _) => SerdeWith::NullableDecimal,
        (TypeRef::DateTime, 0) => SerdeWith::Rfc3339,
        (TypeRef::DateTime, 1) => SerdeWith::Rfc3339Option,
        (TypeRef::DateTime, 2) => SerdeWith::NullableRfc3339,
        (TypeRef::Temporal(f), 0) => SerdeWith::Format(format(f)),
        (TypeRef::Temporal(f), 1) => SerdeWith::FormatOption(format(f)),
        (TypeRef::Temporal(f), 2) => SerdeWith::NullableFormat(format(f)),
        (_, 2) => SerdeWith::Nullable,
        _ => return None,
    })
}

/// How a struct's written-out `Serialize` and `Deserialize` move one of its fields.
pub(super) enum FieldWire<'a> {
    /// As its own type.
    Plain,
    /// An optional, nullable field (`Option<Option<T>>`): its `Option<T>` as it is when the
    /// key is present (`null` is `Some(None)`), and absent when `None`.
    Nullable,
    /// Through a wire helper (exact decimals, timestamps, vendor formats), by a wrapper type
    /// of the field's own, around `held`: what the field holds, `Option<T>` if optional.
    Helper {
        with: SerdeWith<'a>,
        held: TokenStream,
    },
}

/// How `field` moves through its struct's serde impls.
pub(super) fn field_wire<'a>(api: &'a Api, field: &Field) -> FieldWire<'a> {
    match super::types::field_serde_with(api, field) {
        None => FieldWire::Plain,
        Some(SerdeWith::Nullable) => FieldWire::Nullable,
        Some(with) => {
            let inner = super::rust_type(&field.ty, super::Context::Types);
            let held = if field.required {
                inner
            } else {
                quote!(Option<#inner>)
            };
            FieldWire::Helper { with, held }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::SerdeWith;

    /// serde's attribute names the same module as the path, spelt as serde reads it.
    #[test]
    fn the_attribute_is_the_path_without_spaces() {
        assert_eq!(
            SerdeWith::Rfc3339Option.attribute(),
            "crate::runtime::__private::temporal::rfc3339::option"
        );
        assert_eq!(
            SerdeWith::NullableFormat("dd_mm_yyyy").attribute(),
            "formats::nullable::dd_mm_yyyy"
        );
    }
}
