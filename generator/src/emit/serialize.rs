//! A struct's `Serialize`, written out rather than derived, for the reason `deserialize.rs`
//! gives: a map of the fields, in the spec's order, an unset optional field left out, then the
//! additional properties. A line per field, and a small wrapper type for a field written
//! through a wire helper.
//!
//! Each entry is a call on the runtime's `ser::Map`, which keeps the first error, rather than
//! `serialize_entry(..)?`: a `?` costs rustc a trait solve and a branch per field, which over
//! GitHub's 3,000 structs was a tenth of its peak memory.

use super::serde_with::{FieldWire, field_wire};
use super::types::is_file;
use crate::ir::{Additional, Api, Field};
use crate::naming::ident;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

/// `impl Serialize for #name`, for a struct of `fields` and, if it keeps them, `additional`
/// properties. A multipart body's files are parts of their own, not values: they are left
/// out.
pub(super) fn emit_struct_serialize(
    api: &Api,
    name: &Ident,
    fields: &[Field],
    additional: Option<&Additional>,
) -> TokenStream {
    let mut wrappers = Vec::new();
    let mut entries = Vec::new();
    for (index, field) in fields.iter().enumerate() {
        if is_file(&field.ty) {
            continue;
        }
        let member = ident(&field.rust);
        let wire = &field.wire;
        // The field's value through its helper's wrapper, if it has one.
        let wrapped = match field_wire(api, field) {
            // An optional, nullable field writes its `Option<T>` as it is: `None` as `null`.
            FieldWire::Plain | FieldWire::Nullable => None,
            FieldWire::Helper { with, held } => {
                let wrapper = format_ident!("W{index}");
                let path = with.path();
                wrappers.push(quote! {
                    struct #wrapper<'a>(&'a #held);
                    impl serde::Serialize for #wrapper<'_> {
                        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                            #path::serialize(self.0, serializer)
                        }
                    }
                });
                Some(quote!(&#wrapper(&self.#member)))
            }
        };
        entries.push(match (field.required, wrapped) {
            (true, wrapped) => {
                let value = wrapped.unwrap_or_else(|| quote!(&self.#member));
                quote!(map.entry(#wire, #value);)
            }
            (false, None) => quote!(map.optional(#wire, &self.#member);),
            (false, Some(wrapped)) => quote! {
                if self.#member.is_some() {
                    map.entry(#wire, #wrapped);
                }
            },
        });
    }
    let rest = additional.map(|additional| {
        let member = ident(&additional.rust);
        quote! {
            for (key, value) in &self.#member {
                map.entry(key, value);
            }
        }
    });
    let mutability = (!entries.is_empty() || rest.is_some()).then(|| quote!(mut));
    quote! {
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                #(#wrappers)*
                let #mutability map = crate::runtime::__private::ser::Map::new(serializer);
                #(#entries)*
                #rest
                map.end()
            }
        }
    }
}
