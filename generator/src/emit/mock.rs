//! Emits `mock.rs`, the crate's typed mock for users' tests (its `mock` cargo feature): a
//! request type per operation, which the runtime's mock server reads requests into, and a
//! `Mock` with a stub method per operation, a client set up for it, and its credentials.
//!
//! What the mock checks comes from the spec as the client's own checks do: the operation's
//! security requirements (an `x-token` scheme takes only tokens the mock issued), its
//! parameters and body with their constraints, and its answers' schemas.

use super::checks::emit_field_checks;
use super::{Context, doc, resolve_alias, rust_type};
use crate::ir::{
    Api, BodyKind, ErrorCase, KeyLocation, Operation, ParamLocation, ParamValue, Response,
    ResponseBody, SecurityKind, SecurityScheme, StatusVariant, Style, SuccessStatus, TokenSource,
    TypeKind, TypeRef,
};
use crate::naming::ident;
use heck::ToUpperCamelCase;
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

/// The `mock` module.
pub(super) fn emit_mock(api: &Api) -> TokenStream {
    let mut types_gate = crate::cfg::Gate::never();
    let uses_types = |tokens: &TokenStream| tokens.to_string().contains("types ::");
    let mut operations = Vec::new();
    let mut stub_methods = Vec::new();
    let mut routes = Vec::new();
    let names = request_names(api);
    for op in &api.operations {
        let gate = api.features.operation(&op.method_name);
        let name = &names[op.method_name.as_str()];
        let request = emit_request(api, op, name);
        if uses_types(&request) {
            types_gate = types_gate.union(&gate);
        }
        operations.push(crate::cfg::gated(request, &gate));
        let method = ident(&op.method_name);
        let stub_doc = doc(&format!(
            "A stub of [`Client::{method}`] (`{} {}`): set which requests it takes and how \
             often, then its answer. Requests it receives read as [`{name}`].",
            op.http_method, op.path.template
        ));
        stub_methods.push(crate::cfg::gated(
            quote! {
                #stub_doc
                pub fn #method(&self) -> crate::runtime::mock::Stub<'_, #name> {
                    self.server.stub()
                }
            },
            &gate,
        ));
        routes.push(crate::cfg::gated(emit_route(api, op, name), &gate));
    }
    let (issuers, issuer_fns) = emit_token_issuers(api, &names);
    if uses_types(&issuer_fns) {
        types_gate = crate::cfg::Gate::Always;
    }
    let schemes = api
        .security_schemes
        .iter()
        .map(|scheme| emit_scheme(api, scheme));
    let error_serialize = emit_error_enum_serialize(api);
    if uses_types(&error_serialize) {
        types_gate = crate::cfg::Gate::Always;
    }
    let credentials = emit_credentials(api);
    let client = emit_client(api);
    let use_types = (types_gate != crate::cfg::Gate::never()).then(|| {
        let gate = types_gate.attribute();
        quote!(
            #gate
            use crate::generated::types;
        )
    });
    let mock_doc = doc(&format!(
        "A mock of {} for tests: a local HTTP server that answers as the spec says the server \
         does. It issues tokens itself and checks every call's credentials; it reads each \
         request into the operation's type and answers one that breaks the spec with the \
         spec's error, as the server would; and it answers the rest with the stubs set on it, \
         in the operations' own types.\n\n\
         [`Mock::client`] gives a client set up for it. The mock fails the test when it is \
         dropped if a request found no stub or a stub's `times` was not met (see \
         [`Server::verify`](crate::runtime::mock::Server::verify)); what it received reads \
         back typed with [`received`](crate::runtime::mock::Server::received).",
        api.title
    ));
    quote! {
        //! A typed mock of the API for tests (the `mock` cargo feature): see [`Mock`].
        #use_types
        pub use crate::runtime::mock::{Fault, Reply, ResponseTemplate, Server, Stub};
        use crate::generated::client::Client;

        #mock_doc
        #[derive(Debug)]
        pub struct Mock {
            server: crate::runtime::mock::Server,
        }

        impl std::ops::Deref for Mock {
            type Target = crate::runtime::mock::Server;
            fn deref(&self) -> &Self::Target {
                &self.server
            }
        }

        impl Mock {
            /// Starts the mock on 127.0.0.1.
            pub async fn start() -> Self {
                Self {
                    server: crate::runtime::mock::Server::start(spec()).await,
                }
            }

            #credentials
            #client
            #(#stub_methods)*
        }

        /// What the mock knows of the spec.
        // Each route is pushed only when its operation's features are on, so the table may
        // have none, or all of them.
        #[allow(unused_mut, clippy::vec_init_then_push)]
        fn spec() -> crate::runtime::mock::Spec {
            let mut routes = Vec::new();
            #(#routes)*
            crate::runtime::mock::Spec {
                routes,
                schemes: vec![#(#schemes),*],
                tokens: vec![#(#issuers),*],
            }
        }

        #issuer_fns
        #error_serialize
        #(#operations)*
    }
}

/// The request type of each operation, by method name: the method name in upper camel case
/// (`CreateCustomer`), with `Request` after a name the module has already (the mock's own, what
/// it re-exports, `Self`) or another operation's.
fn request_names(api: &Api) -> std::collections::BTreeMap<&str, Ident> {
    const TAKEN: &[&str] = &[
        "Mock",
        "Client",
        "Self",
        "Fault",
        "Reply",
        "ResponseTemplate",
        "Server",
        "Stub",
    ];
    let mut used = std::collections::BTreeSet::new();
    let mut names = std::collections::BTreeMap::new();
    for op in &api.operations {
        let camel = op.method_name.to_upper_camel_case();
        let mut name = if TAKEN.contains(&camel.as_str()) {
            format!("{camel}Request")
        } else {
            camel
        };
        let base = name.clone();
        let mut n = 2;
        while !used.insert(name.clone()) {
            name = format!("{base}{n}");
            n += 1;
        }
        names.insert(op.method_name.as_str(), format_ident!("{name}"));
    }
    names
}

/// The mock's value of a credential or a scheme's secret.
fn mock_value(name: &str) -> String {
    format!("mock-{name}")
}

/// `Mock::credentials`, when the spec declares `x-credentials`.
fn emit_credentials(api: &Api) -> TokenStream {
    if api.credentials.is_empty() {
        return quote!();
    }
    let fields = api.credentials.iter().map(|c| {
        let name = ident(&c.rust);
        let value = mock_value(&c.wire);
        quote!(#name: #value.into())
    });
    quote! {
        /// The credentials the mock accepts (the token call's, and the keys it checks on every
        /// call): what [`Mock::client`] authenticates with.
        pub fn credentials(&self) -> crate::generated::client::Credentials {
            crate::generated::client::Credentials { #(#fields),* }
        }
    }
}

/// `Mock::client` and `Mock::client_with`: a client of the mock, with every credential set.
fn emit_client(api: &Api) -> TokenStream {
    let mut setters = Vec::new();
    if !api.credentials.is_empty() {
        setters.push(quote!(.with_credentials(&self.credentials())));
    }
    for scheme in &api.security_schemes {
        let setter = format_ident!("{}", scheme.setter);
        let value = mock_value(&scheme.name);
        match &scheme.kind {
            SecurityKind::Bearer { token: Some(_), .. }
            | SecurityKind::ApiKey {
                credential: Some(_),
                ..
            } if !api.credentials.is_empty() => {}
            SecurityKind::Basic => {
                setters.push(quote!(.#setter("mock-user", "mock-password")));
            }
            _ => setters.push(quote!(.#setter(#value))),
        }
    }
    quote! {
        /// A client of the mock, with its credentials, the default timeouts and retries.
        pub fn client(&self) -> Client {
            self.client_with(crate::runtime::Config::default())
        }

        /// A client of the mock with its credentials and `config` (retries that wait less, say).
        pub fn client_with(&self, config: crate::runtime::Config) -> Client {
            match Client::with_config(&self.uri(), config) {
                Ok(client) => client #(#setters)*,
                Err(error) => panic!("the mock's address is no base URL: {error}"),
            }
        }
    }
}

/// How the mock checks a scheme's credential.
fn emit_scheme(api: &Api, scheme: &SecurityScheme) -> TokenStream {
    let name = &scheme.name;
    let check = match &scheme.kind {
        SecurityKind::Bearer { token: Some(_), .. } => {
            quote!(crate::runtime::mock::Check::IssuedToken)
        }
        SecurityKind::Bearer { .. } => {
            let value = mock_value(name);
            quote!(crate::runtime::mock::Check::Bearer(#value))
        }
        SecurityKind::ApiKey {
            location,
            name: key,
            credential,
        } => {
            let value = match credential.as_deref().and_then(|c| credential_wire(api, c)) {
                Some(wire) => mock_value(wire),
                None => mock_value(name),
            };
            match location {
                KeyLocation::Header => quote!(crate::runtime::mock::Check::Header(#key, #value)),
                KeyLocation::Query => quote!(crate::runtime::mock::Check::Query(#key, #value)),
                KeyLocation::Cookie => quote!(crate::runtime::mock::Check::Cookie(#key, #value)),
            }
        }
        SecurityKind::Basic => quote!(crate::runtime::mock::Check::Basic(
            "mock-user",
            "mock-password"
        )),
    };
    quote!(crate::runtime::mock::Scheme { name: #name, check: #check })
}

/// The credential's wire name (its `x-credentials` key) for a Rust name.
fn credential_wire<'a>(api: &'a Api, rust: &str) -> Option<&'a str> {
    api.credentials
        .iter()
        .find(|c| c.rust == rust)
        .map(|c| c.wire.as_str())
}

/// The mock's answer to each `x-token` scheme's token call: its issuers, and their functions.
fn emit_token_issuers(
    api: &Api,
    names: &std::collections::BTreeMap<&str, Ident>,
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
    let accepted = if checks.is_empty() {
        quote!(true)
    } else {
        quote!(#(#checks)&&*)
    };
    let body = match op.body.as_ref().map(|body| body.required) {
        Some(true) => quote!(let body = &request.body;),
        Some(false) => quote! {
            let Some(body) = &request.body else {
                return false;
            };
        },
        None => quote!(let body = &();),
    };
    let ok_type = result_type(&op.response);
    let result_struct = token_result_fields(api, &op.response);
    let wire = |rust: &str| {
        result_struct
            .and_then(|fields| fields.iter().find(|f| f.rust == rust))
            .map(|f| f.wire.clone())
            .unwrap_or_else(|| rust.to_owned())
    };
    let token_wire = wire(&token.token.rust);
    let expiry = match &token.expiry {
        Some((field, unit)) => {
            let field = wire(&field.rust);
            let unit = format_ident!("{}", format!("{unit:?}"));
            quote!(Some((#field, crate::runtime::__private::ExpiryUnit::#unit)))
        }
        None => quote!(None),
    };
    let name = &scheme.name;
    let f = quote! {
        /// Whether a token request carries the mock's credentials.
        fn #accepts(request: &(dyn std::any::Any + Send + Sync)) -> bool {
            let Some(request) = request.downcast_ref::<#request>() else {
                return false;
            };
            #body
            let _ = body;
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

/// The fields of the struct a token call returns (its payload, for an envelope).
fn token_result_fields<'a>(api: &'a Api, response: &'a Response) -> Option<&'a [crate::ir::Field]> {
    let ty = match response {
        Response::Body(ResponseBody::Json(ty)) | Response::Enveloped { payload: ty, .. } => ty,
        _ => return None,
    };
    let TypeRef::Named(name) = resolve_alias(api, ty) else {
        return None;
    };
    match &api.types.get(name)?.kind {
        TypeKind::Struct { fields, .. } => Some(fields),
        _ => None,
    }
}

/// The route of an operation: where its requests go, and its error answers.
fn emit_route(api: &Api, op: &Operation, name: &Ident) -> TokenStream {
    let method_name = &op.method_name;
    let method = &op.http_method;
    let template = &op.path.template;
    let security = op
        .security
        .iter()
        .map(|requirement| quote!(&[#(#requirement),*]));
    let invalid = error_answer(api, op, &["400", "422", "4XX", "default"], 400);
    let unauthorized = error_answer(api, op, &["401", "4XX", "default"], 401);
    quote! {
        routes.push(crate::runtime::mock::Route {
            operation: #method_name,
            method: #method,
            template: #template,
            security: &[#(#security),*],
            decode: crate::runtime::mock::decode::<#name>,
            invalid: #invalid,
            unauthorized: #unauthorized,
        });
    }
}

/// The error answer for the first of `statuses` the operation documents (its status, and its
/// body's message field); `fallback` with a text body if it documents none.
fn error_answer(api: &Api, op: &Operation, statuses: &[&str], fallback: u16) -> TokenStream {
    let case: Option<&ErrorCase> = statuses
        .iter()
        .find_map(|status| op.errors.iter().find(|case| case.status == *status));
    let status = case
        .and_then(|case| case.status.parse::<u16>().ok())
        .unwrap_or(fallback);
    let message = case.and_then(|case| message_field(api, &case.ty));
    let message = match message {
        Some(field) => quote!(Some(#field)),
        None => quote!(None),
    };
    let status = Literal::u16_unsuffixed(status);
    quote!(crate::runtime::mock::ErrorAnswer { status: #status, message: #message })
}

/// The wire name of an error body's message field, if it has one the mock can fill with text.
fn message_field(api: &Api, ty: &TypeRef) -> Option<String> {
    match resolve_alias(api, ty) {
        TypeRef::Json | TypeRef::JsonMap => Some("message".to_owned()),
        TypeRef::Named(name) => match &api.types.get(name)?.kind {
            TypeKind::Struct {
                error_fields: Some(fields),
                fields: struct_fields,
                ..
            } => {
                let wire = fields.message.as_ref()?;
                // Only a string field takes the message as it is.
                let field = struct_fields.iter().find(|f| &f.wire == wire)?;
                matches!(resolve_alias(api, &field.ty), TypeRef::String).then(|| wire.clone())
            }
            _ => None,
        },
        _ => None,
    }
}

/// What the client's method returns on success.
fn result_type(response: &Response) -> TokenStream {
    match response {
        Response::Unit => quote!(()),
        Response::Body(body) => super::operation::read_body(body, Context::Client).0,
        Response::Enveloped { payload, .. } => rust_type(payload, Context::Client),
        Response::Optional { body, .. } => {
            let ty = super::operation::read_body(body, Context::Client).0;
            quote!(Option<#ty>)
        }
        Response::ByStatus(name) => {
            let name = format_ident!("{}", name);
            quote!(types::#name)
        }
    }
}

/// An operation's request type and its `Operation` impl.
fn emit_request(api: &Api, op: &Operation, name: &Ident) -> TokenStream {
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
        let (ty, read, validated) = match &body.kind {
            BodyKind::Json(ty) => (
                rust_type(ty, Context::Client),
                quote!(json_body),
                api.can_fail(ty),
            ),
            BodyKind::Form { ty, .. } => (
                rust_type(ty, Context::Client),
                quote!(form_body),
                api.can_fail(ty),
            ),
            BodyKind::Text => (quote!(String), quote!(text_body), false),
            BodyKind::Bytes | BodyKind::Multipart { .. } => {
                (quote!(Vec<u8>), quote!(bytes_body), false)
            }
        };
        let required = body.required;
        let (field_ty, read) = if required {
            (
                ty.clone(),
                quote!(incoming.#read::<#ty>(true, violations).flatten()),
            )
        } else {
            (
                quote!(Option<#ty>),
                quote!(incoming.#read::<#ty>(false, violations)),
            )
        };
        let read = if matches!(body.kind, BodyKind::Json(_) | BodyKind::Form { .. }) {
            read
        } else {
            // Text and bytes are read as they are, with no type argument.
            let plain = match &body.kind {
                BodyKind::Text => quote!(text_body),
                _ => quote!(bytes_body),
            };
            if required {
                quote!(incoming.#plain(true, violations).flatten())
            } else {
                quote!(incoming.#plain(false, violations))
            }
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
fn emit_answers(api: &Api, op: &Operation) -> (TokenStream, TokenStream, TokenStream) {
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
            let (check, answer) = body_answer(api, body, &status, quote!(value), &check);
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
            let (check, answer) = body_answer(api, body, &status, quote!(value), &check);
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
            let arms = by_status_arms(api, name, variants, &check);
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
    api: &Api,
    body: &ResponseBody,
    status: &Literal,
    value: TokenStream,
    check: &impl Fn(&TypeRef, TokenStream) -> Option<TokenStream>,
) -> (Option<TokenStream>, TokenStream) {
    let _ = api;
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
    api: &Api,
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
                    let (check, answer) = body_answer(api, body, &status, quote!(value), check);
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

/// `Serialize` for the enum over the API's error schemas (each variant as its body), which a
/// stub's error answer sends; nothing when the API has one error schema.
fn emit_error_enum_serialize(api: &Api) -> TokenStream {
    let TypeRef::Named(name) = resolve_alias(api, &api.error_type) else {
        return quote!();
    };
    let Some(TypeKind::Errors { variants }) = api.types.get(name).map(|def| &def.kind) else {
        return quote!();
    };
    let enum_name = format_ident!("{}", name);
    let arms = variants.iter().map(|variant| {
        let rust = format_ident!("{}", variant.rust);
        quote!(types::#enum_name::#rust(body) => serde::Serialize::serialize(body, serializer),)
    });
    quote! {
        /// An error body is sent as the schema it is.
        impl serde::Serialize for types::#enum_name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#arms)*
                }
            }
        }
    }
}
