//! An operation's request type, as the mock reads a request into it (its path parameters,
//! parameters struct and body, with the client's own checks), and its `Operation` impl.

use super::answer::emit_answers;
use crate::emit::checks::emit_field_checks;
use crate::emit::operation::result_type;
use crate::emit::{Context, doc, rust_type};
use crate::ir::{Api, BodyKind, Operation, ParamLocation, ParamValue, Style, TypeRef};
use crate::naming::ident;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

/// An operation's request type and its `Operation` impl.
pub(super) fn emit_request(api: &Api, op: &Operation, name: &Ident) -> TokenStream {
    let method = ident(&op.method_name);
    let mut fields = Vec::new();
    let mut reads = Vec::new();
    let mut checks = Vec::new();
    let mut names = Vec::new();
    // The values of the path parameters come in the order the template has them.
    let in_template: Vec<&str> = op
        .path
        .segments
        .iter()
        .filter_map(|segment| match segment {
            crate::ir::PathSegment::Param(p) => Some(p.rust.as_str()),
            crate::ir::PathSegment::Literal(_) => None,
        })
        .collect();
    for param in &op.path_params {
        let index = in_template
            .iter()
            .position(|rust| *rust == param.rust)
            .unwrap_or_default();
        let member = ident(&param.rust);
        let wire = &param.wire;
        let plain = op.path.segments.iter().any(|segment| {
            matches!(segment, crate::ir::PathSegment::Param(p)
                if p.rust == param.rust && p.layout.value == ParamValue::Display)
        });
        let ty = if plain {
            rust_type(&param.ty, Context::Client)
        } else {
            quote!(String)
        };
        let docs = doc(&format!("`{wire}`, in the path, as sent."));
        fields.push(quote!(#docs pub #member: #ty,));
        reads.push(quote! {
            let #member = incoming.path_param::<#ty>(#index, #wire, violations);
        });
        if plain && let Some(check) = emit_field_checks(api, param, quote!()) {
            checks.push(quote! {
                let path = &crate::runtime::Path::Root;
                #check
            });
        }
        names.push(member);
    }
    if let Some(params) = &op.params {
        let ty = format_ident!("{}", params.type_name);
        let specs = params.params.iter().map(|p| {
            let key = &p.key;
            let wire = &p.wire;
            let location = match p.location {
                ParamLocation::Query => quote!(Query),
                ParamLocation::Header => quote!(Header),
                ParamLocation::Cookie => quote!(Cookie),
            };
            let split = match (&p.layout.value, p.layout.style, p.layout.explode) {
                (ParamValue::Json, _, _) => quote!(Json),
                (ParamValue::Object | ParamValue::Any, Style::DeepObject, _) => quote!(DeepObject),
                (ParamValue::Object, Style::Form, true) => quote!(Rest),
                (ParamValue::Object, _, false) => quote!(Pairs),
                (ParamValue::Array, Style::Form, false) | (ParamValue::Array, Style::Simple, _) => {
                    quote!(By(','))
                }
                (ParamValue::Array, Style::SpaceDelimited, _) => quote!(By(' ')),
                (ParamValue::Array, Style::PipeDelimited, _) => quote!(By('|')),
                _ => quote!(Repeated),
            };
            quote! {
                crate::runtime::mock::ParamSpec {
                    key: #key,
                    wire: #wire,
                    location: crate::runtime::mock::ParamIn::#location,
                    split: crate::runtime::mock::Split::#split,
                }
            }
        });
        fields.push(quote! {
            /// The query, header and cookie parameters.
            pub params: types::#ty,
        });
        reads.push(quote! {
            let params = incoming.params::<types::#ty>(&[#(#specs),*], violations);
        });
        if api.can_fail(&TypeRef::Named(params.type_name.clone())) {
            checks.push(quote! {
                crate::runtime::Validate::validate(&params, &crate::runtime::Path::Root, violations);
            });
        }
        names.push(format_ident!("params"));
    }
    if let Some(body) = &op.body {
        let required = body.required;
        // JSON and form bodies are read into their type; text and bytes as they are.
        let (ty, read, validated) = match &body.kind {
            BodyKind::Json(ty) => {
                let rust = rust_type(ty, Context::Client);
                (rust.clone(), quote!(json_body::<#rust>), api.can_fail(ty))
            }
            BodyKind::Form { ty, .. } => {
                let rust = rust_type(ty, Context::Client);
                (rust.clone(), quote!(form_body::<#rust>), api.can_fail(ty))
            }
            BodyKind::Text => (quote!(String), quote!(text_body), false),
            BodyKind::Bytes | BodyKind::Multipart { .. } => {
                (quote!(Vec<u8>), quote!(bytes_body), false)
            }
        };
        let (field_ty, read) = if required {
            (ty, quote!(incoming.#read(true, violations).flatten()))
        } else {
            (
                quote!(Option<#ty>),
                quote!(incoming.#read(false, violations)),
            )
        };
        let what = match &body.kind {
            BodyKind::Multipart { .. } => format!(
                "The `{}` body, as sent (not read into parts).",
                body.media_type
            ),
            _ => format!("The `{}` body.", body.media_type),
        };
        let docs = doc(&what);
        fields.push(quote!(#docs pub body: #field_ty,));
        reads.push(quote!(let body = #read;));
        if validated {
            checks.push(quote! {
                crate::runtime::Validate::validate(&body, &crate::runtime::Path::Root, violations);
            });
        }
        names.push(format_ident!("body"));
    }
    let docs = doc(&format!(
        "A request to [`Client::{method}`] (`{} {}`), as the mock read it: the argument of \
         its stub's `when`, and what [`received`](crate::runtime::mock::Server::received) gives back.",
        op.http_method, op.path.template
    ));
    let ok = result_type(&op.response);
    let error_type = rust_type(&api.error_type, Context::Client);
    let (success, business_type, business) = emit_answers(api, op);
    let method_name = &op.method_name;
    let decoded = if names.is_empty() {
        quote! {
            let _ = (incoming, violations);
            Some(Self {})
        }
    } else {
        quote! {
            #(#reads)*
            let (#(Some(#names),)*) = (#(#names,)*) else {
                return None;
            };
            #(#checks)*
            Some(Self { #(#names),* })
        }
    };
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        impl crate::runtime::mock::Operation for #name {
            const NAME: &'static str = #method_name;
            type Ok = #ok;
            type ErrorBody = #error_type;
            type Business = #business_type;

            fn decode(
                incoming: &crate::runtime::mock::Incoming<'_>,
                violations: &mut Vec<crate::runtime::Violation>,
            ) -> Option<Self> {
                #decoded
            }

            fn success(value: &Self::Ok) -> Result<crate::runtime::mock::ResponseTemplate, Vec<crate::runtime::Violation>> {
                #success
            }

            fn business(error: &Self::Business) -> crate::runtime::mock::ResponseTemplate {
                #business
            }
        }
    }
}
