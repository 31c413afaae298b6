//! A struct's `Serialize`, written out rather than derived, for the reason `deserialize.rs`
//! gives: a map of the fields, in the spec's order, an unset optional field left out, then the
//! additional properties. A line per field, and a small wrapper type for a field written
//! through a wire helper.

use super::serde_with::SerdeWith;
use super::types::{field_serde_with, is_file};
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
        let with = wrapped_helper(api, field);
        let entry = match with {
            None => quote!(&self.#member),
            Some(with) => {
                let wrapper = format_ident!("W{index}");
                let inner = super::rust_type(&field.ty, super::Context::Types);
                // The helper writes what the field holds: `Option<T>` for an optional field.
                let held = if field.required {
                    inner
                } else {
                    quote!(Option<#inner>)
                };
                let path = with.path();
                wrappers.push(quote! {
                    struct #wrapper<'a>(&'a #held);
                    impl serde::Serialize for #wrapper<'_> {
                        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                            #path::serialize(self.0, serializer)
                        }
                    }
                });
                quote!(&#wrapper(&self.#member))
            }
        };
        entries.push(match (field.required, with) {
            (true, _) => quote!(map.serialize_entry(#wire, #entry)?;),
            (false, None) => quote!(ser::optional(&mut map, #wire, &self.#member)?;),
            (false, Some(_)) => quote! {
                if self.#member.is_some() {
                    map.serialize_entry(#wire, #entry)?;
                }
            },
        });
    }
    let uses_ser = fields
        .iter()
        .any(|f| !f.required && !is_file(&f.ty) && !has_wrapper(api, f));
    let use_ser = uses_ser.then(|| {
        quote!(
            use crate::runtime::__private::ser;
        )
    });
    let rest = additional.map(|additional| {
        let member = ident(&additional.rust);
        quote! {
            for (key, value) in &self.#member {
                map.serialize_entry(key, value)?;
            }
        }
    });
    let mutability = (!entries.is_empty() || rest.is_some()).then(|| quote!(mut));
    quote! {
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap as _;
                #use_ser
                #(#wrappers)*
                let #mutability map = serializer.serialize_map(None)?;
                #(#entries)*
                #rest
                map.end()
            }
        }
    }
}

/// The wire helper a field is written through, if any. An optional, nullable field writes its
/// `Option<T>` as it is, `None` as `null`, with none.
fn wrapped_helper<'a>(api: &'a Api, field: &Field) -> Option<SerdeWith<'a>> {
    match field_serde_with(api, field) {
        Some(SerdeWith::Nullable) | None => None,
        Some(with) => Some(with),
    }
}

fn has_wrapper(api: &Api, field: &Field) -> bool {
    wrapped_helper(api, field).is_some()
}
