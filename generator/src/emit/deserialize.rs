//! A struct's `Deserialize`, written out rather than derived.
//!
//! serde's derive writes, per struct, a field enum with three visitors, a sequence visitor and
//! a map visitor with a duplicate and a missing check per field: about 40 lines per field once
//! expanded, which made `Deserialize` more than half of what rustc checked in a large client.
//! This is one map visitor: a `match` arm per key, one `match` over the required fields to
//! finish, and the shared steps in the runtime's `de` module. It reads what the derive read
//! from JSON (an object, not an array: a struct is never sent as one), with the same errors
//! for a missing or repeated field, but one: a required nullable field that is absent is an
//! error here (it must be sent, if only as `null`), where the derive would read `None`.
//!
//! There is no `?` per field: each costs rustc a trait solve and a branch, which over GitHub's
//! 3,000 structs came to a seventh of its peak memory and build time. The key's `match` gives
//! its step's result, checked once; the required fields are taken in one `match` of all their
//! slots, whose other arm names the first one missing.

use super::serde_with::{FieldWire, field_wire};
use super::types::is_file;
use crate::ir::{Additional, Api, Field};
use crate::naming::ident;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

/// `impl Deserialize for #name`, for a struct of `fields` and, if it keeps them, `additional`
/// properties.
pub(super) fn emit_struct_deserialize(
    api: &Api,
    name: &Ident,
    fields: &[Field],
    additional: Option<&Additional>,
) -> TokenStream {
    let expecting = format!("struct {name}");
    let mut wrappers = Vec::new();
    let mut slots = Vec::new();
    let mut arms = Vec::new();
    let mut values = Vec::new();
    // The required fields' slots (as read), the names they are bound to when all are set, and
    // their wire names.
    let mut required = Vec::new();
    for (index, field) in fields.iter().enumerate() {
        let slot = format_ident!("f{index}");
        let member = ident(&field.rust);
        let wire = &field.wire;
        let wire_form = field_wire(api, field);
        let value = match &wire_form {
            FieldWire::Plain | FieldWire::Nullable => {
                slots.push(quote!(let mut #slot = None;));
                quote!(#slot)
            }
            FieldWire::Helper { with, held } => {
                let wrapper = format_ident!("W{index}");
                let path = with.path();
                wrappers.push(quote! {
                    struct #wrapper(#held);
                    impl<'de> serde::Deserialize<'de> for #wrapper {
                        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                            #path::deserialize(deserializer).map(Self)
                        }
                    }
                });
                slots.push(quote!(let mut #slot: Option<#wrapper> = None;));
                quote!(#slot.map(|value| value.0))
            }
        };
        arms.push(quote!(#wire => de::next(&mut map, &mut #slot, #wire),));
        // A required field must be present (a nullable one, even as `null`); an optional one
        // is `None` when absent, and its type's own reading says what `null` is.
        values.push(if field.required {
            let bound = format_ident!("v{index}");
            required.push(Required {
                value,
                bound: bound.clone(),
                slot: slot.clone(),
                wire: wire.clone(),
            });
            quote!(#member: #bound,)
        } else {
            match wire_form {
                FieldWire::Plain => quote!(#member: #value.flatten(),),
                FieldWire::Nullable => quote!(#member: #value,),
                FieldWire::Helper { .. } => quote!(#member: #slot.and_then(|value| value.0),),
            }
        });
    }
    let (rest_slot, rest_arm, rest_value) = match additional {
        Some(additional) => {
            let member = ident(&additional.rust);
            (
                quote!(let mut rest = std::collections::BTreeMap::new();),
                quote!(_ => de::other(&mut map, &mut rest, key),),
                quote!(#member: rest,),
            )
        }
        None => (quote!(), quote!(_ => de::skip(&mut map),), quote!()),
    };
    // A struct with no fields and no additional properties skips every entry; a `match` of
    // one arm would be a lint.
    let read_entries = if arms.is_empty() && additional.is_none() {
        quote! {
            while map.next_key::<de::IgnoredAny>()?.is_some() {
                de::skip(&mut map)?;
            }
        }
    } else {
        quote! {
            while let Some(key) = map.next_key::<de::Key<'de>>()? {
                let read = match key.as_str() {
                    #(#arms)*
                    #rest_arm
                };
                read?;
            }
        }
    };
    let built = quote!(Self {
        #(#values)*
        #rest_value
    });
    let finish = finish(&required, &built);
    quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::runtime::__private::de::deserialize(deserializer)
            }
        }

        impl crate::runtime::__private::de::Fields for #name {
            const EXPECTING: &'static str = #expecting;

            fn read<'de, A: serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
                use crate::runtime::__private::de;
                #(#wrappers)*
                #(#slots)*
                #rest_slot
                #read_entries
                #finish
            }
        }
    }
}

/// A required field, as [`finish`] takes it.
struct Required {
    /// Its slot's value as read (through its wrapper, if it has one).
    value: TokenStream,
    /// The name its value is bound to when every required field is set.
    bound: Ident,
    /// Its slot, bound again in the arm for a missing field.
    slot: Ident,
    wire: String,
}

/// The end of `read`: the struct `built`, once every required field is set, or the error
/// naming the first one missing. One `match` of all the required slots, rather than a `?` per
/// field.
fn finish(required: &[Required], built: &TokenStream) -> TokenStream {
    match required {
        [] => quote!(Ok(#built)),
        [one] => {
            let Required {
                value, bound, wire, ..
            } = one;
            quote! {
                match #value {
                    Some(#bound) => Ok(#built),
                    None => Err(serde::de::Error::missing_field(#wire)),
                }
            }
        }
        _ => {
            let values = required.iter().map(|r| &r.value);
            let bound = required.iter().map(|r| &r.bound);
            let slots: Vec<_> = required.iter().map(|r| &r.slot).collect();
            let missing = required
                .iter()
                .map(|Required { slot, wire, .. }| quote!((#wire, #slot.is_none())));
            quote! {
                match (#(#values),*) {
                    (#(Some(#bound)),*) => Ok(#built),
                    (#(#slots),*) => Err(de::missing(&[#(#missing),*])),
                }
            }
        }
    }
}

/// Whether the struct can be read at all: a multipart body's files are parts of their own,
/// not values, and such a body is only ever sent.
pub(super) fn is_decodable(fields: &[Field]) -> bool {
    !fields.iter().any(|f| is_file(&f.ty))
}
