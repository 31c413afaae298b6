//! What the mock sends for a stub's answers: a success (in its envelope, under a status the
//! spec documents for it, after checking it against its schema) and a business error.

use crate::emit::{Context, rust_type};
use crate::ir::{
    Api, Operation, Response, ResponseBody, StatusVariant, SuccessStatus, TypeKind, TypeRef,
};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

/// The first documented success status that is a code and has a body (when a body is sent);
/// 200 if there is none.
fn success_status(op: &Operation) -> Literal {
    let empty: &[u16] = match &op.response {
        Response::Optional { empty, .. } => empty,
        _ => &[],
    };
    let status = op
        .success_statuses
        .iter()
        .filter_map(|status| status.parse::<u16>().ok())
        .find(|status| !empty.contains(status))
        .unwrap_or(200);
    Literal::u16_unsuffixed(status)
}

/// The bodies of `success` and `business`, and the business error's type.
pub(super) fn emit_answers(api: &Api, op: &Operation) -> (TokenStream, TokenStream, TokenStream) {
    let status = success_status(op);
    let check = |ty: &TypeRef, value: TokenStream| {
        api.can_fail(ty).then(|| {
            quote! {
                let violations = crate::runtime::Validate::violations(#value);
                if !violations.is_empty() {
                    return Err(violations);
                }
            }
        })
    };
    let no_business = (quote!(std::convert::Infallible), quote!(match *error {}));
    match &op.response {
        Response::Unit => (
            quote! {
                let _ = value;
                Ok(crate::runtime::mock::ResponseTemplate::new(#status))
            },
            no_business.0,
            no_business.1,
        ),
        Response::Body(body) => {
            let (check, answer) = body_answer(body, &status, quote!(value), &check);
            (quote!(#check Ok(#answer)), no_business.0, no_business.1)
        }
        Response::Enveloped { envelope, payload } => {
            let check = check(payload, quote!(value));
            let envelope_def = api.types.get(envelope).and_then(|def| match &def.kind {
                TypeKind::Struct {
                    envelope: Some(envelope),
                    ..
                } => Some(envelope),
                _ => None,
            });
            let Some(envelope) = envelope_def else {
                let answer = quote!(crate::runtime::mock::json_answer(#status, value, None));
                return (quote!(#check Ok(#answer)), no_business.0, no_business.1);
            };
            let payload_wire = &envelope.payload;
            let code = match (&envelope.code_wire, envelope.success_codes.first()) {
                (Some(field), Some(code)) => quote!(Some((#field, #code))),
                _ => quote!(None),
            };
            let error_wire = &envelope.error_wire;
            let error_type = rust_type(&envelope.error_type, Context::Client);
            (
                quote! {
                    #check
                    Ok(crate::runtime::mock::json_answer(#status, value, Some((#payload_wire, #code))))
                },
                error_type,
                quote!(crate::runtime::mock::business_answer(#status, #error_wire, error)),
            )
        }
        Response::Optional { body, empty } => {
            let empty = Literal::u16_unsuffixed(empty.first().copied().unwrap_or(204));
            let (check, answer) = body_answer(body, &status, quote!(value), &check);
            (
                quote! {
                    let Some(value) = value else {
                        return Ok(crate::runtime::mock::ResponseTemplate::new(#empty));
                    };
                    #check
                    Ok(#answer)
                },
                no_business.0,
                no_business.1,
            )
        }
        Response::ByStatus(name) => {
            let variants = match api.types.get(name).map(|def| &def.kind) {
                Some(TypeKind::Responses { variants }) => variants.as_slice(),
                _ => &[],
            };
            let arms = by_status_arms(name, variants, &check);
            (
                quote! {
                    Ok(match value {
                        #(#arms)*
                    })
                },
                no_business.0,
                no_business.1,
            )
        }
    }
}

/// A success body's schema check and answer.
fn body_answer(
    body: &ResponseBody,
    status: &Literal,
    value: TokenStream,
    check: &impl Fn(&TypeRef, TokenStream) -> Option<TokenStream>,
) -> (Option<TokenStream>, TokenStream) {
    match body {
        ResponseBody::Json(ty) => (
            check(ty, value.clone()),
            quote!(crate::runtime::mock::json_answer(#status, #value, None)),
        ),
        ResponseBody::Text => (
            None,
            quote!(crate::runtime::mock::ResponseTemplate::new(#status).set_body_raw(#value.clone(), "text/plain")),
        ),
        ResponseBody::Bytes => (
            None,
            quote!(crate::runtime::mock::ResponseTemplate::new(#status).set_body_raw(#value.clone(), "application/octet-stream")),
        ),
    }
}

/// The arms of a `match` over an operation's success enum, one per status.
fn by_status_arms(
    name: &str,
    variants: &[StatusVariant],
    check: &impl Fn(&TypeRef, TokenStream) -> Option<TokenStream>,
) -> Vec<TokenStream> {
    let enum_name = format_ident!("{}", name);
    let codes: Vec<u16> = variants
        .iter()
        .filter_map(|v| match v.status {
            SuccessStatus::Code(code) => Some(code),
            SuccessStatus::Range => None,
        })
        .collect();
    let mut arms: Vec<TokenStream> = variants
        .iter()
        .map(|variant| {
            let rust = format_ident!("{}", variant.rust);
            let code = match variant.status {
                SuccessStatus::Code(code) => code,
                // Any 2XX the others do not name.
                SuccessStatus::Range => (200..300).find(|c| !codes.contains(c)).unwrap_or(299),
            };
            let status = Literal::u16_unsuffixed(code);
            match &variant.body {
                None => quote! {
                    types::#enum_name::#rust => crate::runtime::mock::ResponseTemplate::new(#status),
                },
                Some(body) => {
                    let (check, answer) = body_answer(body, &status, quote!(value), check);
                    quote! {
                        types::#enum_name::#rust(value) => {
                            #check
                            #answer
                        }
                    }
                }
            }
        })
        .collect();
    // The enum is `#[non_exhaustive]`, but within its crate every variant is named.
    if arms.is_empty() {
        arms.push(quote!(_ => crate::runtime::mock::ResponseTemplate::new(200),));
    }
    arms
}
