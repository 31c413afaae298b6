//! Emits `client.rs`: the `Client` type, one method per operation, and the crate's `Error` alias.

use super::types::emit_field_checks;
use super::{Context, doc, resolve_alias, rust_type};
use crate::ir::{
    Api, Body, ExpiryUnit, KeyLocation, Layout, Operation, ParamLocation, ParamValue, PathParam,
    PathSegment, Response, ResponseField, SecurityKind, SecurityScheme, SentParam, Style,
    TokenSource, TokenSourceSetter, TypeRef,
};
use crate::naming::ident;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub(super) fn emit_client(api: &Api) -> TokenStream {
    let error_type = rust_type(&api.error_type, Context::Client);
    let mut about = format!("A client for {} (version {}).", api.title, api.version);
    if let Some(description) = &api.description {
        about = format!("{about}\n\n{description}");
    }
    let docs = doc(&about);
    let constructors = emit_constructors(api);
    let setters = api.security_schemes.iter().map(emit_security_setter);
    let credentials = emit_credentials(api);
    let with_credentials = emit_with_credentials(api);
    let operations: Vec<_> = api
        .operations
        .iter()
        .map(|op| emit_operation(api, op))
        .collect();
    let uses_types = quote!(#error_type #(#operations)*)
        .to_string()
        .contains("types ::");
    let use_types = uses_types.then(|| {
        quote!(
            use crate::generated::types;
        )
    });
    quote! {
        //! The API client: one method per operation of the spec.
        #use_types

        /// The error of every operation; its API error body is the spec's error schema.
        pub type Error = crate::runtime::Error<#error_type>;

        #docs
        #[derive(Clone, Debug)]
        pub struct Client {
            core: crate::runtime::ClientCore,
        }

        impl Client {
            #constructors
            #(#setters)*
            #with_credentials
            #(#operations)*
        }

        #credentials
    }
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
            Ok(Self { core: crate::runtime::ClientCore::new(base_url, None, config)? })
        }

        /// A client that sends requests to `base_url` through a `reqwest::Client` of your own
        /// (its connect timeout and user agent apply; `config`'s request timeout and retries too).
        pub fn with_http_client(
            base_url: &str,
            http: reqwest::Client,
            config: crate::runtime::Config,
        ) -> Result<Self, crate::runtime::BuildError> {
            Ok(Self { core: crate::runtime::ClientCore::new(base_url, Some(http), config)? })
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
            quote!(crate::runtime::Credential::Bearer(secret.into())),
            "a fixed token, sent as `Authorization: Bearer …`".to_owned(),
        ),
        SecurityKind::Bearer {
            source: Some(source),
            ..
        } => (
            quote!(crate::runtime::Credential::Bearer(secret.into())),
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
        KeyLocation::Header => quote!(crate::runtime::Credential::Header),
        KeyLocation::Query => quote!(crate::runtime::Credential::Query),
        KeyLocation::Cookie => quote!(crate::runtime::Credential::Cookie),
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
                crate::runtime::Credential::Basic { user: user.into(), password: password.into() },
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

/// The `Credentials` struct of `x-credentials`, if the spec declares any.
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
                        #(#names: crate::runtime::secret_from_env(#envs)?,)*
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
                    quote!(crate::runtime::FromSecret::from_secret(&credentials.#credential));
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
        fn #fetcher(credentials: &Credentials) -> crate::runtime::TokenFetcher {
            let credentials = credentials.clone();
            std::sync::Arc::new(move |core| {
                let credentials = credentials.clone();
                let future: crate::runtime::TokenFuture = Box::pin(async move {
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
        quote!(crate::runtime::token_expiry(#value, crate::runtime::ExpiryUnit::#unit))
    } else {
        let value = widen(quote!(value));
        quote! {
            response.#member.and_then(|value| {
                crate::runtime::token_expiry(#value, crate::runtime::ExpiryUnit::#unit)
            })
        }
    }
}

/// How a parameter is passed to the method: `&str` for strings, by value for numbers and
/// booleans, by reference otherwise.
fn argument_type(api: &Api, ty: &TypeRef) -> TokenStream {
    match resolve_alias(api, ty) {
        TypeRef::String => quote!(&str),
        TypeRef::Bool
        | TypeRef::I32
        | TypeRef::I64
        | TypeRef::F32
        | TypeRef::F64
        | TypeRef::Decimal => rust_type(ty, Context::Client),
        TypeRef::Vec(item) => {
            let item = rust_type(item, Context::Client);
            quote!(&[#item])
        }
        _ => {
            let ty = rust_type(ty, Context::Client);
            quote!(&#ty)
        }
    }
}

fn emit_operation(api: &Api, op: &Operation) -> TokenStream {
    let method = ident(&op.method_name);
    let request_line = format!("`{} {}`", op.http_method, op.path.template);
    let docs = doc(&if op.doc.is_empty() {
        request_line
    } else {
        format!("{}\n\n{request_line}", op.doc)
    });
    let mut arguments = Vec::new();
    let mut checks = Vec::new();
    emit_path_arguments(api, op, &mut arguments, &mut checks);
    let mut query_and_headers = Vec::new();
    if let Some(params) = &op.params {
        let ty = format_ident!("{}", params.type_name);
        arguments.push(quote!(params: &types::#ty));
        checks.push(quote! {
            crate::runtime::Validate::validate(params, "", violations);
        });
        if params
            .params
            .iter()
            .any(|p| !matches!(p.layout.value, ParamValue::Display))
        {
            query_and_headers.push(quote! {
                let mut values = crate::runtime::ParamValues::new(params)
                    .map_err(crate::runtime::Error::Encode)?;
            });
        }
        query_and_headers.extend(params.params.iter().map(emit_sent_param));
    }
    let body = op
        .body
        .as_ref()
        .map(|body| emit_body(body, &mut arguments, &mut checks));
    let (encodings, path) = emit_path(op);
    let id = &op.id;
    let template = &op.path.template;
    let idempotent = op.idempotent;
    let http_method = format_ident!("{}", op.http_method);
    let (security, alternatives) = emit_security(&op.security);
    query_and_headers.extend(alternatives);
    let (result, send) = emit_send(&op.response);
    let refuse_invalid = (!checks.is_empty()).then(|| {
        quote! {
            let violations = &mut Vec::new();
            #(#checks)*
            if !violations.is_empty() {
                return Err(crate::runtime::Error::Invalid(std::mem::take(violations).into()));
            }
        }
    });
    let request_var = if query_and_headers.is_empty() && body.is_none() {
        quote!(request)
    } else {
        quote!(mut request)
    };
    quote! {
        #docs
        pub async fn #method(&self, #(#arguments),*) -> Result<#result, Error> {
            #refuse_invalid
            #(#encodings)*
            let #request_var = crate::runtime::Request::new(
                #id,
                reqwest::Method::#http_method,
                #template,
                #path,
                #security,
                #idempotent,
            );
            #(#query_and_headers)*
            #body
            #send
        }
    }
}

/// Path parameters as method arguments, each checked before sending.
fn emit_path_arguments(
    api: &Api,
    op: &Operation,
    arguments: &mut Vec<TokenStream>,
    checks: &mut Vec<TokenStream>,
) {
    for param in &op.path_params {
        let name = ident(&param.rust);
        let ty = argument_type(api, &param.ty);
        arguments.push(quote!(#name: #ty));
        let wire = &param.wire;
        // A single value in `simple` style is the whole segment: it must be one.
        let plain = op.path.segments.iter().any(|segment| {
            matches!(segment, PathSegment::Param(p) if p.rust == param.rust && p.layout.is_plain())
        });
        if plain {
            checks.push(quote! {
                crate::runtime::check_path_segment(&#name, #wire, violations);
            });
        }
        if let Some(check) = emit_field_checks(api, param, quote!()) {
            checks.push(quote! {
                let path = "";
                #check
            });
        }
    }
}

/// The body argument, its check, and the statement that attaches it to the request.
fn emit_body(
    body: &Body,
    arguments: &mut Vec<TokenStream>,
    checks: &mut Vec<TokenStream>,
) -> TokenStream {
    let ty = rust_type(&body.ty, Context::Client);
    if body.required {
        arguments.push(quote!(body: &#ty));
        checks.push(quote! {
            crate::runtime::Validate::validate(body, "", violations);
        });
        quote!(request.json(body);)
    } else {
        arguments.push(quote!(body: Option<&#ty>));
        checks.push(quote! {
            crate::runtime::Validate::validate(&body, "", violations);
        });
        quote! {
            if let Some(body) = body {
                request.json(body);
            }
        }
    }
}

/// The method's result type, and the call that sends the request and decodes the answer.
fn emit_send(response: &Response) -> (TokenStream, TokenStream) {
    match response {
        Response::Unit => (quote!(()), quote!(self.core.send_unit(request).await)),
        Response::Plain(ty) => (
            rust_type(ty, Context::Client),
            quote!(self.core.send_plain(request).await),
        ),
        Response::Enveloped { envelope, payload } => {
            let envelope = format_ident!("{}", envelope);
            (
                rust_type(payload, Context::Client),
                quote!(self.core.send_enveloped::<types::#envelope>(request).await),
            )
        }
    }
}

/// The request path as an expression, with each path parameter percent-encoded so that it
/// stays within its segment, plus the statements that encode them.
fn emit_path(op: &Operation) -> (Vec<TokenStream>, TokenStream) {
    let mut template = String::new();
    let mut encodings = Vec::new();
    for segment in &op.path.segments {
        match segment {
            PathSegment::Literal(text) => template.push_str(&escape_braces(text)),
            PathSegment::Param(param) => {
                // No path parameter is named `segment_<n>` (see `naming::is_method_local`).
                let segment = format_ident!("segment_{}", encodings.len());
                template.push_str(&format!("{{{segment}}}"));
                let encoded = emit_path_param(param);
                encodings.push(quote! {
                    let #segment = #encoded;
                });
            }
        }
    }
    let path = if encodings.is_empty() {
        quote!(#template.to_owned())
    } else {
        quote!(format!(#template))
    };
    (encodings, path)
}

/// One path parameter, styled and percent-encoded.
fn emit_path_param(param: &PathParam) -> TokenStream {
    let name = ident(&param.rust);
    if param.layout.is_plain() {
        return quote!(crate::runtime::encode_path_segment(&#name));
    }
    let encode_error = quote!(.map_err(crate::runtime::Error::Encode)?);
    let value = match &param.layout.value {
        ParamValue::Display => quote!(crate::runtime::ParamValue::display(&#name)),
        ParamValue::DateTime => quote! {
            crate::runtime::ParamValue::serialized_with(#name, time::serde::rfc3339::serialize)
                #encode_error
        },
        ParamValue::Temporal(format) => {
            let description = &format.description;
            quote! {
                crate::runtime::ParamValue::formatted(
                    #name.format(time::macros::format_description!(#description)),
                )
                #encode_error
            }
        }
        ParamValue::Array | ParamValue::Object | ParamValue::Any => {
            quote!(crate::runtime::ParamValue::of(#name) #encode_error)
        }
        ParamValue::Json => quote!(crate::runtime::ParamValue::json(#name) #encode_error),
    };
    let wire = &param.wire;
    let style = emit_style(param.layout.style);
    let explode = param.layout.explode;
    quote!(crate::runtime::path_param(#wire, &#value, #style, #explode))
}

fn emit_style(style: Style) -> TokenStream {
    let variant = match style {
        Style::Form => quote!(Form),
        Style::SpaceDelimited => quote!(SpaceDelimited),
        Style::PipeDelimited => quote!(PipeDelimited),
        Style::DeepObject => quote!(DeepObject),
        Style::Simple => quote!(Simple),
        Style::Label => quote!(Label),
        Style::Matrix => quote!(Matrix),
    };
    quote!(crate::runtime::Style::#variant)
}

fn escape_braces(text: &str) -> String {
    text.replace('{', "{{").replace('}', "}}")
}

/// The security argument of `Request::new`: the schemes of the operation's one requirement;
/// with alternatives, none there, and a statement that sets the alternatives.
fn emit_security(alternatives: &[Vec<String>]) -> (TokenStream, Option<TokenStream>) {
    match alternatives {
        [] => (quote!(&[]), None),
        [one] => (quote!(&[#(#one),*]), None),
        many => {
            let many = many.iter().map(|schemes| quote!(&[#(#schemes),*]));
            (
                quote!(&[]),
                Some(quote!(request.security_alternatives(&[#(#many),*]);)),
            )
        }
    }
}

/// The statement that adds a query, header or cookie parameter to the request.
fn emit_sent_param(param: &SentParam) -> TokenStream {
    let member = ident(&param.rust);
    let wire = &param.wire;
    let Layout {
        value,
        style,
        explode,
        allow_reserved,
    } = &param.layout;
    if param.layout.is_plain() && param.location != ParamLocation::Cookie {
        let value = if param.required {
            quote!(Some(&params.#member))
        } else {
            quote!(params.#member.as_ref())
        };
        return match param.location {
            ParamLocation::Header => quote!(request.header(#wire, #value);),
            _ => quote!(request.query(#wire, #value);),
        };
    }
    let value = match value {
        ParamValue::Display if param.required => {
            quote!(Some(crate::runtime::ParamValue::display(&params.#member)))
        }
        ParamValue::Display => {
            quote!(params.#member.as_ref().map(crate::runtime::ParamValue::display))
        }
        ParamValue::Json => quote!(values.take_json(#wire)),
        _ => quote!(values.take(#wire)),
    };
    match param.location {
        ParamLocation::Query => {
            let style = emit_style(*style);
            quote!(request.query_param(#wire, #value, #style, #explode, #allow_reserved);)
        }
        ParamLocation::Header => quote!(request.header_param(#wire, #value, #explode);),
        ParamLocation::Cookie => quote!(request.cookie_param(#wire, #value);),
    }
}
