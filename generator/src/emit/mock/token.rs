//! The mock's own answer to the token call of each `x-token` scheme: whether a token
//! request carries the mock's credentials, and the token answer, built from the fields the
//! scheme names.

use super::{credential_wire, mock_value};
use crate::emit::operation::result_type;
use crate::ir::{Api, Operation, SecurityKind, SecurityScheme, TokenSource};
use crate::naming::ident;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use std::collections::BTreeMap;

/// The mock's answer to each `x-token` scheme's token call: its issuers, and their functions.
pub(super) fn emit_token_issuers(
    api: &Api,
    names: &BTreeMap<&str, Ident>,
) -> (Vec<TokenStream>, TokenStream) {
    let mut issuers = Vec::new();
    let mut fns = Vec::new();
    for scheme in &api.security_schemes {
        let SecurityKind::Bearer {
            token: Some(token), ..
        } = &scheme.kind
        else {
            continue;
        };
        let Some(op) = api
            .operations
            .iter()
            .find(|op| op.method_name == token.method)
        else {
            continue;
        };
        let (f, issuer) =
            emit_token_issuer(api, scheme, token, op, &names[op.method_name.as_str()]);
        fns.push(f);
        issuers.push(issuer);
    }
    (issuers, quote!(#(#fns)*))
}

fn emit_token_issuer(
    api: &Api,
    scheme: &SecurityScheme,
    token: &TokenSource,
    op: &Operation,
    request: &Ident,
) -> (TokenStream, TokenStream) {
    let method = &op.method_name;
    let snake = crate::naming::field_name(&scheme.name);
    let accepts = format_ident!("accepts_{}", snake);
    let issue = format_ident!("issue_{}", snake);
    // The token request carries each credential the client fills it from.
    let checks: Vec<TokenStream> = token
        .body_fields
        .iter()
        .filter_map(|input| {
            let credential = input.credential.as_ref()?;
            let value = mock_value(credential_wire(api, credential)?);
            let field = ident(&input.rust);
            Some(quote! {
                serde_json::to_value(&body.#field).ok() == Some(serde_json::Value::from(#value))
            })
        })
        .collect();
    // Without a credential to check, any request of the operation does.
    let accepted = match op.body.as_ref().map(|body| body.required) {
        _ if checks.is_empty() => quote!(request.is::<#request>()),
        Some(true) => quote! {
            request
                .downcast_ref::<#request>()
                .is_some_and(|request| { let body = &request.body; #(#checks)&&* })
        },
        _ => quote! {
            request
                .downcast_ref::<#request>()
                .and_then(|request| request.body.as_ref())
                .is_some_and(|body| #(#checks)&&*)
        },
    };
    let ok_type = result_type(&op.response);
    let token_wire = &token.token.wire;
    let expiry = match &token.expiry {
        Some((field, unit)) => {
            let field = &field.wire;
            let unit = format_ident!("{}", format!("{unit:?}"));
            quote!(Some((#field, crate::runtime::__private::ExpiryUnit::#unit)))
        }
        None => quote!(None),
    };
    let name = &scheme.name;
    let f = quote! {
        /// Whether a token request carries the mock's credentials.
        fn #accepts(request: &(dyn std::any::Any + Send + Sync)) -> bool {
            #accepted
        }

        /// The mock's answer to a token request: `token`, expiring at `expires_at`.
        fn #issue(
            token: &str,
            expires_at: std::time::SystemTime,
            life: std::time::Duration,
        ) -> Result<crate::runtime::mock::ResponseTemplate, String> {
            let body = crate::runtime::mock::token_body(#token_wire, token, #expiry, expires_at, life);
            let value: #ok_type = serde_json::from_value(body).map_err(|error| {
                format!(
                    "the mock cannot answer the token call of `{}` itself ({error}): stub `{}`",
                    #name, #method
                )
            })?;
            <#request as crate::runtime::mock::Operation>::success(&value)
                .map_err(|violations| crate::runtime::Violations(violations).to_string())
        }
    };
    let issuer = quote! {
        crate::runtime::mock::TokenIssuer {
            operation: #method,
            accepts: #accepts,
            issue: #issue,
        }
    };
    (f, issuer)
}
