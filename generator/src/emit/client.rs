//! Emits `client.rs`: the `Client` type, one method per operation, and the crate's `Error` alias.

use super::operation::emit_operation;
use super::{Context, doc, rust_type};
use crate::ir::{
    Api, ExpiryUnit, KeyLocation, ResponseField, SecurityKind, SecurityScheme, TokenSource,
    TokenSourceSetter, TypeRef,
};
use crate::naming::ident;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub(super) fn emit_client(api: &Api, doc_crate: Option<&str>) -> TokenStream {
    let error_type = rust_type(&api.error_type, Context::Client);
    let error_docs = error_docs(api);
    let mut about = format!("A client for {} (version {}).", api.title, api.version);
    if let Some(description) = &api.description {
        about = format!("{about}\n\n{description}");
    }
    about.push_str(&features_docs(api));
    let docs = doc(&about);
    let constructors = emit_constructors(api);
    let setters = api.security_schemes.iter().map(emit_security_setter);
    let credentials = emit_credentials(api);
    let with_credentials = emit_with_credentials(api);
    // Each method is compiled with its features; `types` is imported when a compiled item
    // names it.
    let mut types_gate = crate::cfg::Gate::never();
    let uses_types = |tokens: &TokenStream| tokens.to_string().contains("types ::");
    if uses_types(&quote!(#error_type #with_credentials)) {
        types_gate = crate::cfg::Gate::Always;
    }
    let operations: Vec<_> = api
        .operations
        .iter()
        .map(|op| {
            let gate = api.features.operation(&op.method_name);
            let tokens = emit_operation(api, op, doc_crate);
            if uses_types(&tokens) {
                types_gate = types_gate.union(&gate);
            }
            crate::cfg::gated(tokens, &gate)
        })
        .collect();
    // Each page type once, compiled with the type.
    let paged_impls: Vec<TokenStream> = api
        .paged_types
        .iter()
        .filter_map(|(name, pagination)| {
            let tokens = super::paging::emit_paged_impl(pagination)?;
            let gate = api.features.of_type(name);
            types_gate = types_gate.union(&gate);
            Some(crate::cfg::gated(tokens, &gate))
        })
        .collect();
    let use_types = (types_gate != crate::cfg::Gate::never()).then(|| {
        let gate = types_gate.attribute();
        quote!(
            #gate
            use crate::generated::types;
        )
    });
    quote! {
        //! The API client: one method per operation of the spec.
        #use_types

        #error_docs
        pub type Error = crate::runtime::Error<#error_type>;

        #docs
        #[derive(Clone, Debug)]
        pub struct Client {
            core: crate::runtime::__private::ClientCore,
        }

        impl Client {
            #constructors
            #(#setters)*
            #with_credentials
            #(#operations)*
        }

        #credentials
        #(#paged_impls)*
    }
}

/// The section of the client's docs that lists the crate's cargo features, each with its
/// operations; nothing when it has none.
fn features_docs(api: &Api) -> String {
    use crate::ir::features::{UNREFERENCED, UNTAGGED};
    let features = &api.features.features;
    if features.is_empty() {
        return String::new();
    }
    let mut text = String::from(
        "\n\n# Cargo features\n\nEach tag of the spec is a cargo feature, which compiles its \
         operations and the types they reach; all are on by default. With \
         `default-features = false`, name the ones you call. The token call, the error type \
         and the error bodies are always compiled.\n",
    );
    for (name, feature) in features {
        let what = match (&feature.tag, name.as_str()) {
            (Some(tag), _) => format!("the tag `{tag}`"),
            (None, UNTAGGED) => "the operations without a tag".to_owned(),
            (None, UNREFERENCED) => "the types that no operation reaches".to_owned(),
            (None, _) => String::new(),
        };
        let operations: Vec<String> = feature
            .operations
            .iter()
            .map(|op| format!("`{op}`"))
            .collect();
        let operations = if operations.is_empty() {
            String::new()
        } else {
            format!(": {}", operations.join(", "))
        };
        text.push_str(&format!("\n- `{name}`, {what}{operations}"));
    }
    text
}

/// The docs of the crate's `Error`: which error body it carries.
fn error_docs(api: &Api) -> TokenStream {
    if !api.has_error_enum() {
        return doc("The error of every operation; its API error body is the spec's error schema.");
    }
    doc(
        "The error of every operation. The spec's error schemas differ by operation and status, \
         so its API error body is the variant of the schema that the operation documents for the \
         status (`api_error()`). `status()`, `message()`, `error_type()`, `request_id()` and the \
         raw body read the same whatever the schema.",
    )
}

fn emit_constructors(api: &Api) -> TokenStream {
    let default = api.default_server.as_ref().map(|url| {
        quote! {
            /// The first server the spec lists.
            pub const DEFAULT_BASE_URL: &'static str = #url;

            /// A client for [`Self::DEFAULT_BASE_URL`].
            pub fn new() -> Result<Self, crate::runtime::BuildError> {
                Self::with_base_url(Self::DEFAULT_BASE_URL)
            }
        }
    });
    quote! {
        #default

        /// A client that sends requests to `base_url`, e.g. `https://host.example` or a local
        /// mock, with the default timeouts and retries.
        pub fn with_base_url(base_url: &str) -> Result<Self, crate::runtime::BuildError> {
            Self::with_config(base_url, crate::runtime::Config::default())
        }

        /// A client that sends requests to `base_url` with the given timeouts and retries.
        pub fn with_config(
            base_url: &str,
            config: crate::runtime::Config,
        ) -> Result<Self, crate::runtime::BuildError> {
            Ok(Self { core: crate::runtime::__private::ClientCore::new(base_url, None, config)? })
        }

        /// A client that sends requests to `base_url` through a `reqwest::Client` of your own
        /// (its connect timeout and user agent apply; `config`'s request timeout and retries too).
        pub fn with_http_client(
            base_url: &str,
            http: crate::runtime::__private::reqwest::Client,
            config: crate::runtime::Config,
        ) -> Result<Self, crate::runtime::BuildError> {
            Ok(Self { core: crate::runtime::__private::ClientCore::new(base_url, Some(http), config)? })
        }

        /// The same client with another request timeout, e.g. for one slow call. It shares
        /// the credentials and the token cache.
        pub fn with_request_timeout(&self, timeout: std::time::Duration) -> Self {
            Self { core: self.core.with_request_timeout(timeout) }
        }

        /// The base URL requests go to.
        pub fn base_url(&self) -> &str {
            self.core.base_url()
        }
    }
}

fn emit_security_setter(scheme: &SecurityScheme) -> TokenStream {
    let setter = format_ident!("{}", scheme.setter);
    let name = &scheme.name;
    let (credential, what) = match &scheme.kind {
        SecurityKind::Bearer { source: None, .. } => (
            quote!(crate::runtime::__private::Credential::Bearer(secret.into())),
            "a fixed token, sent as `Authorization: Bearer …`".to_owned(),
        ),
        SecurityKind::Bearer {
            source: Some(source),
            ..
        } => (
            quote!(crate::runtime::__private::Credential::Bearer(secret.into())),
            format!(
                "a fixed access token, sent as `Authorization: Bearer …` (for tokens that \
                 expire, see [`Self::{}`])",
                source.setter
            ),
        ),
        SecurityKind::ApiKey {
            location,
            name: key,
            ..
        } => {
            let variant = key_credential(*location);
            let what = match location {
                KeyLocation::Header => format!("sent in the `{key}` header"),
                KeyLocation::Query => format!("sent as the `{key}` query parameter"),
                KeyLocation::Cookie => format!("sent as the `{key}` cookie"),
            };
            (quote!(#variant { name: #key, value: secret.into() }), what)
        }
        SecurityKind::Basic => return emit_basic_setter(scheme),
    };
    let docs = doc(&format!(
        "Sets the credential of the `{name}` security scheme: {what}, on every operation that \
         the spec secures with it.\n\n{}",
        scheme.doc
    ));
    let source = match &scheme.kind {
        SecurityKind::Bearer {
            source: Some(source),
            ..
        } => Some(emit_token_source_setter(scheme, source)),
        _ => None,
    };
    quote! {
        #docs
        pub fn #setter(mut self, secret: impl Into<crate::runtime::Secret>) -> Self {
            self.core.set_credential(#name, #credential);
            self
        }
        #source
    }
}

/// The runtime's credential for an API key sent in `location`.
fn key_credential(location: KeyLocation) -> TokenStream {
    match location {
        KeyLocation::Header => quote!(crate::runtime::__private::Credential::Header),
        KeyLocation::Query => quote!(crate::runtime::__private::Credential::Query),
        KeyLocation::Cookie => quote!(crate::runtime::__private::Credential::Cookie),
    }
}

fn emit_basic_setter(scheme: &SecurityScheme) -> TokenStream {
    let setter = format_ident!("{}", scheme.setter);
    let name = &scheme.name;
    let docs = doc(&format!(
        "Sets the user and password of the `{name}` security scheme, sent as \
         `Authorization: Basic …` on every operation that the spec secures with it. Neither is \
         ever printed.\n\n{}",
        scheme.doc
    ));
    quote! {
        #docs
        pub fn #setter(
            mut self,
            user: impl Into<crate::runtime::Secret>,
            password: impl Into<crate::runtime::Secret>,
        ) -> Self {
            self.core.set_credential(
                #name,
                crate::runtime::__private::Credential::Basic { user: user.into(), password: password.into() },
            );
            self
        }
    }
}

/// The setter of an OAuth 2 or OpenID Connect scheme that takes a token source.
fn emit_token_source_setter(scheme: &SecurityScheme, source: &TokenSourceSetter) -> TokenStream {
    let setter = format_ident!("{}", source.setter);
    let name = &scheme.name;
    let docs = doc(&format!(
        "Makes the client ask `source` for the access token of the `{name}` security scheme, \
         sent as `Authorization: Bearer …`. The token is kept until shortly before the \
         `expires_at` it comes with (or until the server answers 401, when `source` is asked \
         once more), and concurrent calls share one request for it.\n\n{}\n\n{}",
        source.how, scheme.doc
    ));
    quote! {
        #docs
        pub fn #setter<F, Fut>(mut self, source: F) -> Self
        where
            F: Fn() -> Fut + Send + Sync + 'static,
            Fut: std::future::Future<
                    Output = Result<crate::runtime::FreshToken, crate::runtime::AuthError>,
                > + Send
                + 'static,
        {
            self.core.set_token_source(#name, source);
            self
        }
    }
}

/// The `Credentials` struct of `x-credentials`, if the spec declares any. It is built with
/// named fields on purpose, and so is not `#[non_exhaustive]`: a credential added to the spec is
/// one every caller must supply, which should fail to compile.
fn emit_credentials(api: &Api) -> TokenStream {
    if api.credentials.is_empty() {
        return quote!();
    }
    let names: Vec<_> = api.credentials.iter().map(|c| ident(&c.rust)).collect();
    let struct_docs = doc(&format!(
        "What a client authenticates with. `Debug` shows none of the values.\n\n\
         Build it with named fields (`Credentials {{ {}: \"…\".into(), … }}`), which cannot \
         put one key where another belongs, or from the environment.",
        api.credentials[0].rust
    ));
    let docs = api.credentials.iter().map(|c| {
        let mut text = c.doc.clone();
        if let Some(env) = &c.env {
            text.push_str(&format!(
                "\n\nRead from `{env}` by [`Credentials::from_env`]."
            ));
        }
        doc(&text)
    });
    let from_env = api
        .credentials
        .iter()
        .map(|c| c.env.as_ref())
        .collect::<Option<Vec<_>>>()
        .map(|envs| {
            let list = envs
                .iter()
                .map(|e| format!("`{e}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let docs = doc(&format!(
                "The credentials from the environment variables {list}."
            ));
            quote! {
                #docs
                pub fn from_env() -> Result<Self, crate::runtime::BuildError> {
                    Ok(Self {
                        #(#names: crate::runtime::__private::secret_from_env(#envs)?,)*
                    })
                }
            }
        });
    quote! {
        #struct_docs
        #[derive(Clone, Debug)]
        pub struct Credentials {
            #(#docs pub #names: crate::runtime::Secret,)*
        }

        impl Credentials {
            #from_env
        }
    }
}

/// `Client::with_credentials`: API-key headers from credentials, and bearer tokens that the
/// client fetches itself through the token operation.
fn emit_with_credentials(api: &Api) -> TokenStream {
    if api.credentials.is_empty() {
        return quote!();
    }
    let mut statements = Vec::new();
    let mut fetchers = Vec::new();
    for scheme in &api.security_schemes {
        let name = &scheme.name;
        match &scheme.kind {
            SecurityKind::ApiKey {
                location,
                name: key,
                credential: Some(credential),
            } => {
                let credential = ident(credential);
                let variant = key_credential(*location);
                statements.push(quote! {
                    self.core.set_credential(#name, #variant {
                        name: #key,
                        value: credentials.#credential.clone(),
                    });
                });
            }
            SecurityKind::Bearer {
                token: Some(token), ..
            } => {
                let fetcher = format_ident!("{}", scheme.fetcher);
                statements.push(quote! {
                    self.core.set_token_fetcher(#name, Self::#fetcher(credentials));
                });
                fetchers.push(emit_token_fetcher(&fetcher, token));
            }
            _ => {}
        }
    }
    // A spec may declare credentials that no security scheme uses.
    let mutability = (!statements.is_empty()).then(|| quote!(mut));
    let credentials_arg = if statements.is_empty() {
        quote!(_credentials)
    } else {
        quote!(credentials)
    };
    quote! {
        /// Authenticates every call with `credentials`, as the spec's security schemes say.
        /// Tokens are fetched when first needed, shared by concurrent calls, refreshed before
        /// they expire, and fetched again once if the server answers 401.
        pub fn with_credentials(#mutability self, #credentials_arg: &Credentials) -> Self {
            #(#statements)*
            self
        }

        #(#fetchers)*
    }
}

fn emit_token_fetcher(fetcher: &proc_macro2::Ident, token: &TokenSource) -> TokenStream {
    let method = ident(&token.method);
    let body_type = format_ident!("{}", token.body_type);
    let initializers = token.body_fields.iter().map(|input| {
        let member = ident(&input.rust);
        match &input.credential {
            Some(credential) => {
                let credential = ident(credential);
                let value =
                    quote!(crate::runtime::__private::FromSecret::from_secret(&credentials.#credential));
                if input.required {
                    quote!(#member: #value)
                } else {
                    quote!(#member: Some(#value))
                }
            }
            None => quote!(#member: None),
        }
    });
    let take_token = emit_take_token(&token.token);
    let expires_at = match &token.expiry {
        None => quote!(None),
        Some((field, unit)) => emit_expires_at(field, *unit),
    };
    quote! {
        fn #fetcher(credentials: &Credentials) -> crate::runtime::__private::TokenFetcher {
            let credentials = credentials.clone();
            std::sync::Arc::new(move |core| {
                let credentials = credentials.clone();
                let future: crate::runtime::__private::TokenFuture = Box::pin(async move {
                    let body = types::#body_type { #(#initializers,)* };
                    let response = Client { core }
                        .#method(&body)
                        .await
                        .map_err(|error| crate::runtime::AuthError::from_error(&error))?;
                    let expires_at = #expires_at;
                    #take_token
                    Ok(crate::runtime::FreshToken { token, expires_at })
                });
                future
            })
        }
    }
}

/// Binds `token`, a `Secret`, from the token response, or fails if it carries none.
fn emit_take_token(field: &ResponseField) -> TokenStream {
    let member = ident(&field.rust);
    let take = if field.required {
        quote!(let token = response.#member;)
    } else {
        quote! {
            let Some(token) = response.#member else {
                return Err(crate::runtime::AuthError::new(None, "the token response carries no token"));
            };
        }
    };
    let into_secret = match field.ty {
        TypeRef::Secret => quote!(),
        _ => quote!(let token = crate::runtime::Secret::from(token);),
    };
    quote!(#take #into_secret)
}

/// When the token expires, from the response's expiry field.
fn emit_expires_at(field: &ResponseField, unit: ExpiryUnit) -> TokenStream {
    let member = ident(&field.rust);
    let widen = |value: TokenStream| match field.ty {
        TypeRef::I64 => value,
        _ => quote!(i64::from(#value)),
    };
    let unit = match unit {
        ExpiryUnit::EpochSeconds => quote!(EpochSeconds),
        ExpiryUnit::Seconds => quote!(Seconds),
        ExpiryUnit::EpochMillis => quote!(EpochMillis),
    };
    if field.required {
        let value = widen(quote!(response.#member));
        quote!(crate::runtime::__private::token_expiry(#value, crate::runtime::__private::ExpiryUnit::#unit))
    } else {
        let value = widen(quote!(value));
        quote! {
            response.#member.and_then(|value| {
                crate::runtime::__private::token_expiry(#value, crate::runtime::__private::ExpiryUnit::#unit)
            })
        }
    }
}
