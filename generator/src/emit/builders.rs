//! Emits how a generated struct is built from outside its crate: `new` with the required fields,
//! and a `with_<field>` setter per optional field.
//!
//! Every generated struct is `#[non_exhaustive]`, because the vendor may add a property to any
//! schema (and a parameter to any operation); the new field is then not a breaking change. The
//! cost is that callers cannot write struct literals, or functional updates, of these types, so
//! these methods are how requests are built and how tests stub responses. Required fields stay
//! constructor arguments, typed as the field is, so that leaving one out still fails to compile.

use super::{Context, resolve_alias, rust_type};
use crate::ir::{Additional, Api, Field, TypeKind, TypeRef};
use crate::naming::{ident, setter_names};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

/// Past this many arguments clippy asks for a builder; a constructor takes every required field,
/// however many the schema has.
const CLIPPY_MAX_ARGUMENTS: usize = 7;

/// `impl Name { new, with_… }`.
pub(super) fn emit_builders(
    api: &Api,
    name: &Ident,
    fields: &[Field],
    additional: Option<&Additional>,
) -> TokenStream {
    let constructor = emit_constructor(api, fields, additional);
    let optional: Vec<&Field> = fields.iter().filter(|f| !f.required).collect();
    let names = setter_names(optional.iter().map(|f| f.rust.as_str()));
    let setters = optional
        .iter()
        .zip(&names)
        .map(|(field, setter)| emit_setter(api, field, setter));
    // A struct of optional fields derives `Default`; one whose only required fields are
    // discriminator tags has an argument-less `new` too, which `Default` matches (as clippy
    // asks).
    let tags_only =
        fields.iter().any(|f| f.required) && !fields.iter().any(Field::is_constructor_argument);
    let default = tags_only.then(|| {
        quote! {
            impl Default for #name {
                fn default() -> Self {
                    Self::new()
                }
            }
        }
    });
    quote! {
        impl #name {
            #constructor
            #(#setters)*
        }
        #default
    }
}

/// `new`, taking the required fields in declaration order; optional fields start as `None` and
/// the map of other properties starts empty.
fn emit_constructor(api: &Api, fields: &[Field], additional: Option<&Additional>) -> TokenStream {
    let mut arguments = Vec::new();
    let members = fields.iter().map(|field| {
        let member = ident(&field.rust);
        if !field.required {
            return quote!(#member: None);
        }
        // A discriminator tag is not an argument: the struct's type says which variant it
        // is, so `new` writes its tag.
        if !field.is_constructor_argument() {
            let tag = tag_value(api, field);
            return quote!(#member: #tag);
        }
        let (ty, conversion) = taken_type(api, &field.ty);
        arguments.push(quote!(#member: #ty));
        match conversion {
            Conversion::AsIs => quote!(#member),
            _ => {
                let value = conversion.apply(&member);
                quote!(#member: #value)
            }
        }
    });
    let members: Vec<TokenStream> = members.collect();
    let additional = additional.map(|additional| {
        let member = ident(&additional.rust);
        quote!(#member: std::collections::BTreeMap::new())
    });
    let mut text = if arguments.is_empty() {
        " A value with every field unset.".to_owned()
    } else {
        " A value from its required fields; the optional ones start unset.".to_owned()
    };
    for field in fields {
        if let Some(tag) = field.tag.as_deref().filter(|_| field.required) {
            let label = field.rust.trim_start_matches("r#");
            text = text.replace("every field unset", "its optional fields unset");
            text.push_str(&format!(" `{label}` is `{tag}`, the tag of this variant."));
        }
    }
    let allow = (arguments.len() > CLIPPY_MAX_ARGUMENTS)
        .then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        #[doc = #text]
        #allow
        #[must_use]
        pub fn new(#(#arguments),*) -> Self {
            Self {
                #(#members,)*
                #additional
            }
        }
    }
}

/// The enum value a discriminator tag field starts as (see `Field::tag`). The IR types the
/// field as an enum that lists the tag; were it ever not so, the crate would not compile,
/// rather than build a value with a wrong tag.
fn tag_value(api: &Api, field: &Field) -> TokenStream {
    let tag = field.tag.as_deref().unwrap_or_default();
    let ty = rust_type(&field.ty, Context::Types);
    let variant = match resolve_alias(api, &field.ty) {
        TypeRef::Named(name) => match api.types.get(name).map(|d| &d.kind) {
            Some(TypeKind::Enum { variants }) => variants.iter().find(|v| v.wire == tag),
            _ => None,
        },
        _ => None,
    };
    match variant {
        Some(variant) => {
            let variant = format_ident!("{}", variant.rust);
            quote!(#ty::#variant)
        }
        None => {
            let message = format!("the tag `{tag}` is not a value of the field's type");
            quote!(compile_error!(#message))
        }
    }
}

/// `with_<field>`, which sets an optional field. An optional nullable field takes an `Option`:
/// `None` is the `null` the spec allows, which is not the same as leaving the field out.
fn emit_setter(api: &Api, field: &Field, setter: &str) -> TokenStream {
    let member = ident(&field.rust);
    let method = format_ident!("{}", setter);
    let (ty, conversion) = taken_type(api, &field.ty);
    let stored = conversion.apply(&format_ident!("value"));
    let label = field.rust.trim_start_matches("r#");
    let text = if matches!(resolve_alias(api, &field.ty), TypeRef::Nullable(_)) {
        format!(" Sets `{label}`; `None` sets it to `null`.")
    } else {
        format!(" Sets `{label}`.")
    };
    quote! {
        #[doc = #text]
        #[must_use]
        pub fn #method(mut self, value: #ty) -> Self {
            self.#member = Some(#stored);
            self
        }
    }
}

/// How a taken value becomes the field's value.
enum Conversion {
    AsIs,
    Into,
    Boxed,
    BoxedOption,
}

impl Conversion {
    fn apply(&self, value: &Ident) -> TokenStream {
        match self {
            Conversion::AsIs => quote!(#value),
            Conversion::Into => quote!(#value.into()),
            Conversion::Boxed => quote!(Box::new(#value)),
            Conversion::BoxedOption => quote!(#value.map(Box::new)),
        }
    }
}

/// The type a constructor or setter takes a field's value as: strings and secrets through
/// `Into`, so that a literal will do; a boxed type unboxed, since the box only breaks a cycle;
/// anything else as the field holds it, so that patterned strings and enums are still checked
/// by the compiler.
fn taken_type(api: &Api, ty: &TypeRef) -> (TokenStream, Conversion) {
    match ty {
        TypeRef::Boxed(inner) => return (rust_type(inner, Context::Types), Conversion::Boxed),
        TypeRef::Nullable(nullable) => {
            if let TypeRef::Boxed(inner) = nullable.as_ref() {
                let inner = rust_type(inner, Context::Types);
                return (quote!(Option<#inner>), Conversion::BoxedOption);
            }
        }
        _ => {}
    }
    match resolve_alias(api, ty) {
        TypeRef::String => (quote!(impl Into<String>), Conversion::Into),
        TypeRef::Secret => (quote!(impl Into<crate::runtime::Secret>), Conversion::Into),
        _ => (rust_type(ty, Context::Types), Conversion::AsIs),
    }
}
