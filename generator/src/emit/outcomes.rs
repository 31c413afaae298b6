//! Emits the enums over a call's outcomes: an operation's 2XX statuses whose bodies differ, and
//! an API's error schemas.

use super::operation::read_body;
use super::{Context, doc, non_exhaustive_enum, rust_type};
use crate::ir::{ErrorVariant, StatusVariant, SuccessStatus, TypeDef};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// An enum with a variant per documented 2XX status, read by status.
pub(super) fn emit_responses(def: &TypeDef, variants: &[StatusVariant]) -> TokenStream {
    let docs = doc(&def.doc);
    let name = format_ident!("{}", def.name);
    let mut items = Vec::new();
    let mut arms = Vec::new();
    let mut fallback = quote!(_ => Err(crate::runtime::BodyError::undocumented(status)),);
    for variant in variants {
        let rust = format_ident!("{}", variant.rust);
        let status = match variant.status {
            SuccessStatus::Code(code) => code.to_string(),
            SuccessStatus::Range => "any other 2XX".to_owned(),
        };
        let described = variant.doc.trim();
        let (item, read) = match &variant.body {
            Some(body) => {
                let (ty, read) = read_body(body, Context::Types);
                let docs = doc(&format!("`{status}`: {described}"));
                (
                    quote!(#docs #rust(#ty),),
                    quote!(#read(body).map(Self::#rust)),
                )
            }
            None => {
                let docs = doc(&format!("`{status}`, without a body: {described}"));
                (quote!(#docs #rust,), quote!(Ok(Self::#rust)))
            }
        };
        items.push(item);
        match variant.status {
            SuccessStatus::Code(code) => {
                let code = proc_macro2::Literal::u16_unsuffixed(code);
                arms.push(quote!(#code => #read,));
            }
            SuccessStatus::Range => fallback = quote!(_ => #read,),
        }
    }
    let non_exhaustive = non_exhaustive_enum("a 2XX status");
    quote! {
        #docs
        #non_exhaustive
        #[derive(Clone, Debug, PartialEq)]
        pub enum #name {
            #(#items)*
        }

        impl crate::runtime::__private::FromStatus for #name {
            fn from_status(
                status: crate::runtime::__private::reqwest::StatusCode,
                body: &[u8],
            ) -> Result<Self, crate::runtime::BodyError> {
                match status.as_u16() {
                    #(#arms)*
                    #fallback
                }
            }
        }
    }
}

/// An enum with a variant per error schema; an operation names the schema of each status.
pub(super) fn emit_errors(def: &TypeDef, variants: &[ErrorVariant]) -> TokenStream {
    let docs = doc(&def.doc);
    let name = format_ident!("{}", def.name);
    let items = variants.iter().map(|variant| {
        let rust = format_ident!("{}", variant.rust);
        let ty = rust_type(&variant.ty, Context::Types);
        let docs = doc(&format!("A body of the `{}` schema.", variant.rust));
        quote!(#docs #rust(#ty),)
    });
    let field_arms: Vec<TokenStream> = variants
        .iter()
        .filter(|variant| variant.has_fields)
        .map(|variant| {
            let key = &variant.rust;
            let ty = rust_type(&variant.ty, Context::Types);
            quote!(Some(#key) => <#ty as crate::runtime::__private::ErrorBody>::FIELDS,)
        })
        .collect();
    let decode_arms = variants.iter().map(|variant| {
        let key = &variant.rust;
        let rust = format_ident!("{}", variant.rust);
        quote!(#key => crate::runtime::__private::decode_error(body, Self::#rust),)
    });
    // A schema that exposes fields gives them from its decoded value; for the others, `None`
    // has the runtime read the body, as `fields` gives them no names.
    let text_arms = variants.iter().map(|variant| {
        let rust = format_ident!("{}", variant.rust);
        if variant.has_fields {
            let ty = rust_type(&variant.ty, Context::Types);
            quote!(Self::#rust(body) => <#ty as crate::runtime::__private::ErrorBody>::texts(body),)
        } else {
            quote!(Self::#rust(_) => None,)
        }
    });
    let non_exhaustive = non_exhaustive_enum("an error schema");
    quote! {
        #docs
        #non_exhaustive
        #[derive(Clone, Debug, PartialEq)]
        pub enum #name {
            #(#items)*
        }

        impl crate::runtime::__private::ErrorBodies for #name {
            fn fields(schema: Option<&str>) -> crate::runtime::__private::ErrorFields {
                match schema {
                    #(#field_arms)*
                    _ => crate::runtime::__private::ErrorFields::default(),
                }
            }

            fn decode(schema: Option<&str>, body: &[u8]) -> Option<Self> {
                match schema? {
                    #(#decode_arms)*
                    _ => None,
                }
            }

            fn texts(&self) -> Option<crate::runtime::__private::ErrorText<'_>> {
                match self {
                    #(#text_arms)*
                }
            }
        }
    }
}
