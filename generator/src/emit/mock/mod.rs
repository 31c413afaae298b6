//! Emits `mock.rs`, the crate's typed mock for users' tests (its `mock` cargo feature): a
//! request type per operation, which the runtime's mock server reads requests into, and a
//! `Mock` with a stub method per operation, a client set up for it, and its credentials.
//!
//! What the mock checks comes from the spec as the client's own checks do: the operation's
//! security requirements (an `x-token` scheme takes only tokens the mock issued), its
//! parameters and body with their constraints, and its answers' schemas.

use super::{doc, resolve_alias};
use crate::ir::{
    Api, ErrorCase, KeyLocation, Operation, SecurityKind, SecurityScheme, TypeKind, TypeRef,
};
use crate::naming::ident;
use heck::ToUpperCamelCase;
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

mod answer;
mod request;
mod token;

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
        let request = request::emit_request(api, op, name);
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
    let (issuers, issuer_fns) = token::emit_token_issuers(api, &names);
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
pub(super) fn mock_value(name: &str) -> String {
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
pub(super) fn credential_wire<'a>(api: &'a Api, rust: &str) -> Option<&'a str> {
    api.credentials
        .iter()
        .find(|c| c.rust == rust)
        .map(|c| c.wire.as_str())
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
