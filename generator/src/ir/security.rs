//! Security schemes, credentials and token sources: how a client authenticates.
//!
//! `x-credentials` (root) declares what a client is built from; `x-credential` (on an API-key
//! scheme) says which credential the header carries; `x-token` (on a bearer scheme) says which
//! operation trades credentials for the token, and where the token and its expiry are.

use super::{
    Builder, CredentialDef, EXT_CREDENTIAL, EXT_CREDENTIALS, EXT_TOKEN, KeyLocation, Operation,
    SecurityKind, SecurityScheme, TokenSourceSetter,
};
use crate::diagnostics::join;
use crate::naming::{self, Scope};
use openapiv3::{ReferenceOr, SecurityScheme as OaSecurityScheme};
use serde_json::Value;

/// The security scheme that stands for `Authorization` header parameters, which OpenAPI says
/// to ignore but vendors declare in place of a scheme. No component can have this name: it
/// holds spaces.
pub(super) const AUTHORIZATION_PARAMETER: &str = "Authorization header parameter";

/// The keys of an `x-credentials` entry.
const CREDENTIAL_KEYS: &[&str] = &["env", "description"];

impl Builder<'_> {
    /// `x-credentials: {<name>: {env: <VARIABLE>, description: <text>}}`.
    pub(super) fn credentials(&mut self) -> Vec<CredentialDef> {
        let pointer = join("#", EXT_CREDENTIALS);
        let Some(value) = self.document.extensions.get(EXT_CREDENTIALS) else {
            return Vec::new();
        };
        let Some(map) = self.our_credentials(value, &pointer) else {
            return Vec::new();
        };
        let mut scope = Scope::default();
        let mut credentials = Vec::new();
        for (name, entry) in map {
            let at = join(&pointer, name);
            let rust = naming::field_name(name);
            let rust = scope.claim(&rust, name, &at, &mut self.diagnostics);
            let entry = entry.as_object();
            let env = match entry.and_then(|e| e.get("env")) {
                None => None,
                Some(Value::String(variable))
                    if !variable.is_empty()
                        && variable
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '_') =>
                {
                    Some(variable.clone())
                }
                Some(other) => {
                    self.diagnostics.push(
                        join(&at, "env"),
                        format!("`{other}` is not an environment variable name"),
                    );
                    None
                }
            };
            let doc = entry
                .and_then(|e| e.get("description"))
                .and_then(Value::as_str)
                .map_or_else(|| format!("The `{name}` credential."), str::to_owned);
            credentials.push(CredentialDef {
                rust,
                wire: name.clone(),
                env,
                doc,
            });
        }
        credentials
    }

    /// `x-credentials` if it has the generator's shape: a map from names to maps of `env` and
    /// `description`. Another shape is another tool's, noted and ignored.
    fn our_credentials<'v>(
        &mut self,
        value: &'v Value,
        pointer: &str,
    ) -> Option<&'v serde_json::Map<String, Value>> {
        let Some(map) = value.as_object() else {
            let ours = "a map from credential names to `{env, description}`";
            self.foreign_value(EXT_CREDENTIALS, value, pointer, ours);
            return None;
        };
        let odd = map
            .iter()
            .find(|(_, entry)| !super::extensions::is_map_of(entry, CREDENTIAL_KEYS));
        if let Some((name, _)) = odd {
            let why = format!(
                "the `{EXT_CREDENTIALS}` entry `{name}` is not a map of `env` and `description`, as the generator's entries are"
            );
            self.foreign_extension(EXT_CREDENTIALS, pointer, &why);
            return None;
        }
        Some(map)
    }

    pub(super) fn security_schemes(
        &mut self,
        operations: &[Operation],
        credentials: &[CredentialDef],
    ) -> Vec<SecurityScheme> {
        let mut schemes = Vec::new();
        // Setters and token fetchers are methods of the client beside the operations.
        let mut setters = Scope::default();
        for builtin in naming::CLIENT_METHODS {
            setters.reserve(builtin, "(a method every client has)");
        }
        for op in operations {
            setters.reserve(&op.method_name, &op.id);
            for alternative in &op.alternatives {
                setters.reserve(&alternative.method_name, &op.id);
            }
        }
        let declared = self
            .document
            .components
            .iter()
            .flat_map(|c| &c.security_schemes);
        let mut sorted: Vec<_> = declared.collect();
        sorted.sort_by(|a, b| a.0.cmp(b.0));
        for (name, scheme) in sorted {
            let pointer = join("#/components/securitySchemes", name);
            let ReferenceOr::Item(scheme) = scheme else {
                self.unsupported(&pointer, "a `$ref` security scheme");
                continue;
            };
            let Some((mut kind, description)) =
                self.scheme_kind(scheme, operations, credentials, &pointer)
            else {
                continue;
            };
            let setter = format!("with_{}", naming::module_name(name));
            let setter = setters.claim(&setter, name, &pointer, &mut self.diagnostics);
            let fetcher = format!("{}_token_fetcher", naming::module_name(name));
            let fetcher = setters.claim(&fetcher, name, &pointer, &mut self.diagnostics);
            if let SecurityKind::Bearer {
                source: Some(source),
                ..
            } = &mut kind
            {
                let source_setter = format!("{setter}_source");
                source.setter =
                    setters.claim(&source_setter, name, &pointer, &mut self.diagnostics);
            }
            schemes.push(SecurityScheme {
                name: name.clone(),
                setter,
                fetcher,
                doc: description
                    .clone()
                    .unwrap_or_else(|| format!("The `{name}` security scheme.")),
                kind,
            });
        }
        let routed = operations
            .iter()
            .flat_map(|op| op.security.iter().flatten())
            .any(|name| name == AUTHORIZATION_PARAMETER);
        if routed {
            let name = AUTHORIZATION_PARAMETER;
            let setter = setters.claim(
                "with_authorization_header",
                name,
                "#",
                &mut self.diagnostics,
            );
            let fetcher = setters.claim(
                "authorization_header_token_fetcher",
                name,
                "#",
                &mut self.diagnostics,
            );
            schemes.push(SecurityScheme {
                name: name.to_owned(),
                setter,
                fetcher,
                doc: "Operations declare `Authorization` as a header parameter, which OpenAPI \
                      ignores, and no security requirement: the value set here is sent as that \
                      header instead."
                    .to_owned(),
                kind: SecurityKind::ApiKey {
                    location: KeyLocation::Header,
                    name: "Authorization".to_owned(),
                    credential: None,
                },
            });
        }
        schemes
    }

    /// What a security scheme is, if the client supports it, and its description.
    fn scheme_kind(
        &mut self,
        scheme: &OaSecurityScheme,
        operations: &[Operation],
        credentials: &[CredentialDef],
        pointer: &str,
    ) -> Option<(SecurityKind, Option<String>)> {
        self.misplaced_extensions(scheme, pointer);
        let (kind, description) = match scheme {
            OaSecurityScheme::HTTP {
                scheme: http,
                description,
                extensions,
                ..
            } if http.eq_ignore_ascii_case("bearer") => {
                let at = join(pointer, EXT_TOKEN);
                let token = extensions
                    .get(EXT_TOKEN)
                    .filter(|value| self.is_our_map(EXT_TOKEN, value, super::token::KEYS, &at))
                    .and_then(|value| self.token_source(value, operations, credentials, &at))
                    .map(Box::new);
                (
                    SecurityKind::Bearer {
                        token,
                        source: None,
                    },
                    description,
                )
            }
            OaSecurityScheme::HTTP {
                scheme: http,
                description,
                ..
            } if http.eq_ignore_ascii_case("basic") => (SecurityKind::Basic, description),
            // A scheme whose credentials the client cannot compute (`negotiate`, `digest`, a
            // vendor's signature): the caller gives the whole `Authorization` value.
            OaSecurityScheme::HTTP {
                scheme: http,
                description,
                ..
            } => {
                self.diagnostics.note(
                    "an HTTP authentication scheme whose `Authorization` value the caller gives",
                    join(pointer, "scheme"),
                    format!(
                        "the client does not compute `{http}` credentials; its setter takes the whole `Authorization` header value"
                    ),
                );
                (
                    SecurityKind::ApiKey {
                        location: KeyLocation::Header,
                        name: "Authorization".to_owned(),
                        credential: None,
                    },
                    description,
                )
            }
            OaSecurityScheme::APIKey {
                location,
                name,
                description,
                extensions,
            } => {
                let credential = extensions.get(EXT_CREDENTIAL).and_then(|value| {
                    self.scheme_credential(value, credentials, &join(pointer, EXT_CREDENTIAL))
                });
                let location = match location {
                    openapiv3::APIKeyLocation::Header => KeyLocation::Header,
                    openapiv3::APIKeyLocation::Query => KeyLocation::Query,
                    openapiv3::APIKeyLocation::Cookie => KeyLocation::Cookie,
                };
                let mut name = name.clone();
                if location == KeyLocation::Header && !super::parameter::is_header_name(&name) {
                    // `Authorization: Bearer` names the header and the start of its value.
                    let header = name.split(':').next().unwrap_or_default().trim().to_owned();
                    if name.contains(':') && super::parameter::is_header_name(&header) {
                        self.diagnostics.warning(
                            "an API key header name that holds more than the name",
                            join(pointer, "name"),
                            format!("`{name}` is not a header name; the key is sent in `{header}`, and the rest (`{}`) is part of the value the caller gives", name[header.len()..].trim_start_matches([':', ' '])),
                        );
                        name = header;
                    } else {
                        self.diagnostics.warning(
                            "an API key header name that is not a header name, left out",
                            join(pointer, "name"),
                            format!("`{name}` is not a valid HTTP header name; the scheme is left out, and requests are sent without it"),
                        );
                        return None;
                    }
                }
                let kind = SecurityKind::ApiKey {
                    location,
                    name,
                    credential,
                };
                (kind, description)
            }
            OaSecurityScheme::OAuth2 {
                flows, description, ..
            } => {
                let how = oauth_flows(flows);
                let source = Some(TokenSourceSetter {
                    setter: String::new(),
                    how,
                });
                (
                    SecurityKind::Bearer {
                        token: None,
                        source,
                    },
                    description,
                )
            }
            OaSecurityScheme::OpenIDConnect {
                open_id_connect_url,
                description,
                ..
            } => {
                let source = Some(TokenSourceSetter {
                    setter: String::new(),
                    how: format!("OpenID Connect discovery: <{open_id_connect_url}>."),
                });
                (
                    SecurityKind::Bearer {
                        token: None,
                        source,
                    },
                    description,
                )
            }
        };
        Some((kind, description.clone()))
    }

    /// Notes `x-credential` on a scheme that is not an API key, and `x-token` on one that is not
    /// HTTP bearer: the generator's are never there, so these are another tool's, ignored.
    fn misplaced_extensions(&mut self, scheme: &OaSecurityScheme, pointer: &str) {
        let (here, extensions) = match scheme {
            OaSecurityScheme::HTTP {
                scheme, extensions, ..
            } if scheme.eq_ignore_ascii_case("bearer") => ("an HTTP bearer", extensions),
            OaSecurityScheme::HTTP {
                scheme, extensions, ..
            } if scheme.eq_ignore_ascii_case("basic") => ("an HTTP basic", extensions),
            OaSecurityScheme::HTTP { extensions, .. } => ("an HTTP", extensions),
            OaSecurityScheme::APIKey { extensions, .. } => ("an API-key", extensions),
            OaSecurityScheme::OAuth2 { extensions, .. } => ("an OAuth 2", extensions),
            OaSecurityScheme::OpenIDConnect { extensions, .. } => ("an OpenID Connect", extensions),
        };
        for (name, ours) in [
            (EXT_CREDENTIAL, "an API-key"),
            (EXT_TOKEN, "an HTTP bearer"),
        ] {
            if here != ours && extensions.contains_key(name) {
                let why = format!(
                    "`{name}` is on {here} security scheme, but the generator's belongs on {ours} one"
                );
                self.foreign_extension(name, &join(pointer, name), &why);
            }
        }
    }

    /// `x-credential` on an API-key scheme: a credential that `x-credentials` declares. A value
    /// that is not a name, or a name in a document without `x-credentials`, is another tool's.
    fn scheme_credential(
        &mut self,
        value: &Value,
        credentials: &[CredentialDef],
        pointer: &str,
    ) -> Option<String> {
        let Some(name) = value.as_str() else {
            let ours = "the name of a credential in `x-credentials`";
            self.foreign_value(EXT_CREDENTIAL, value, pointer, ours);
            return None;
        };
        if credentials.is_empty() {
            let why = format!(
                "`{EXT_CREDENTIAL}` names `{name}`, but the document declares no `{EXT_CREDENTIALS}` for it to name, as the generator's does"
            );
            self.foreign_extension(EXT_CREDENTIAL, pointer, &why);
            return None;
        }
        self.credential_ref(value, credentials, pointer)
    }

    /// A credential name, resolved to its Rust field name.
    pub(super) fn credential_ref(
        &mut self,
        value: &Value,
        credentials: &[CredentialDef],
        pointer: &str,
    ) -> Option<String> {
        let found = value
            .as_str()
            .and_then(|name| credentials.iter().find(|c| c.wire == name));
        match found {
            Some(credential) => Some(credential.rust.clone()),
            None => {
                self.diagnostics.push(
                    pointer,
                    format!("`{value}` is not a credential declared in `{EXT_CREDENTIALS}`"),
                );
                None
            }
        }
    }
}

/// What the spec says about obtaining an OAuth 2 token: each flow, with its URLs.
fn oauth_flows(flows: &openapiv3::OAuth2Flows) -> String {
    let mut lines = Vec::new();
    if let Some(flow) = &flows.implicit {
        lines.push(format!(
            "- implicit: authorization URL <{}>",
            flow.authorization_url
        ));
    }
    if let Some(flow) = &flows.password {
        lines.push(format!("- password: token URL <{}>", flow.token_url));
    }
    if let Some(flow) = &flows.client_credentials {
        lines.push(format!(
            "- client credentials: token URL <{}>",
            flow.token_url
        ));
    }
    if let Some(flow) = &flows.authorization_code {
        lines.push(format!(
            "- authorization code: authorization URL <{}>, token URL <{}>",
            flow.authorization_url, flow.token_url
        ));
    }
    if lines.is_empty() {
        return "The spec declares no OAuth 2 flow.".to_owned();
    }
    format!("OAuth 2 flows the spec declares:\n\n{}", lines.join("\n"))
}
