//! Security schemes, credentials and token sources: how a client authenticates.
//!
//! `x-credentials` (root) declares what a client is built from; `x-credential` (on an API-key
//! scheme) says which credential the header carries; `x-token` (on a bearer scheme) says which
//! operation trades credentials for the token, and where the token and its expiry are.

use super::{
    Builder, CredentialDef, EXT_CREDENTIAL, EXT_CREDENTIALS, EXT_TOKEN, Operation, Response,
    SecurityKind, SecurityScheme, TokenSource, TypeDef, TypeKind, TypeRef,
};
use crate::diagnostics::join;
use crate::naming::{self, Scope};
use openapiv3::{ReferenceOr, SecurityScheme as OaSecurityScheme};
use serde_json::Value;

/// Units an `x-token` expiry may be in.
const EXPIRY_UNITS: &[&str] = &["epoch-millis", "epoch-seconds", "seconds"];

impl Builder<'_> {
    /// `x-credentials: {<name>: {env: <VARIABLE>, description: <text>}}`.
    pub(super) fn credentials(&mut self) -> Vec<CredentialDef> {
        let pointer = join("#", EXT_CREDENTIALS);
        let Some(value) = self.document.extensions.get(EXT_CREDENTIALS) else {
            return Vec::new();
        };
        let Some(map) = value.as_object() else {
            self.diagnostics.push(
                pointer,
                "expected a map from credential names to `{env: <VARIABLE>, description: <text>}`",
            );
            return Vec::new();
        };
        let mut scope = Scope::default();
        let mut credentials = Vec::new();
        for (name, entry) in map {
            let at = join(&pointer, name);
            let rust = naming::field_name(name);
            if !scope.claim(&rust, name, &at, &mut self.diagnostics) {
                continue;
            }
            let entry = entry.as_object();
            for key in entry.into_iter().flat_map(|e| e.keys()) {
                if key != "env" && key != "description" {
                    self.diagnostics.push(
                        join(&at, key),
                        format!("unknown key `{key}`: expected `env` or `description`"),
                    );
                }
            }
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
            credentials.push(CredentialDef { rust, env, doc });
        }
        credentials
    }

    pub(super) fn security_schemes(
        &mut self,
        operations: &[Operation],
        credentials: &[CredentialDef],
    ) -> Vec<SecurityScheme> {
        let Some(components) = &self.document.components else {
            return Vec::new();
        };
        let mut schemes = Vec::new();
        let mut setters = Scope::default();
        let mut sorted: Vec<_> = components.security_schemes.iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(b.0));
        for (name, scheme) in sorted {
            let pointer = join("#/components/securitySchemes", name);
            let ReferenceOr::Item(scheme) = scheme else {
                self.unsupported(&pointer, "a `$ref` security scheme");
                continue;
            };
            let (kind, description) = match scheme {
                OaSecurityScheme::HTTP {
                    scheme: http,
                    description,
                    extensions,
                    ..
                } if http.eq_ignore_ascii_case("bearer") => {
                    self.refuse_extension(extensions, EXT_CREDENTIAL, &pointer, "an API-key");
                    let token = extensions
                        .get(EXT_TOKEN)
                        .and_then(|value| {
                            self.token_source(
                                value,
                                operations,
                                credentials,
                                &join(&pointer, EXT_TOKEN),
                            )
                        })
                        .map(Box::new);
                    (SecurityKind::Bearer { token }, description)
                }
                OaSecurityScheme::APIKey {
                    location: openapiv3::APIKeyLocation::Header,
                    name: header,
                    description,
                    extensions,
                } => {
                    self.refuse_extension(extensions, EXT_TOKEN, &pointer, "a bearer");
                    let credential = extensions.get(EXT_CREDENTIAL).and_then(|value| {
                        self.credential_ref(value, credentials, &join(&pointer, EXT_CREDENTIAL))
                    });
                    let kind = SecurityKind::ApiKeyHeader {
                        header: header.clone(),
                        credential,
                    };
                    (kind, description)
                }
                _ => {
                    self.unsupported(
                        &pointer,
                        "a security scheme other than HTTP bearer or an API key in a header",
                    );
                    continue;
                }
            };
            let setter = format!("with_{}", naming::module_name(name));
            let fetcher = format!("{}_token_fetcher", naming::module_name(name));
            let taken = naming::CLIENT_METHODS
                .iter()
                .copied()
                .chain(operations.iter().map(|op| op.method_name.as_str()))
                .find(|taken| *taken == setter || *taken == fetcher);
            if let Some(taken) = taken {
                self.diagnostics.push(
                    &pointer,
                    format!("the client method `{taken}` would serve both this security scheme and an operation or built-in; rename one"),
                );
                continue;
            }
            if !setters.claim(&setter, name, &pointer, &mut self.diagnostics) {
                continue;
            }
            schemes.push(SecurityScheme {
                name: name.clone(),
                setter,
                doc: description
                    .clone()
                    .unwrap_or_else(|| format!("The `{name}` security scheme.")),
                kind,
            });
        }
        schemes
    }

    fn refuse_extension(
        &mut self,
        extensions: &indexmap::IndexMap<String, Value>,
        name: &str,
        pointer: &str,
        kind: &str,
    ) {
        if extensions.contains_key(name) {
            self.diagnostics.push(
                join(pointer, name),
                format!("`{name}` belongs on {kind} security scheme"),
            );
        }
    }

    /// A credential name, resolved to its Rust field name.
    fn credential_ref(
        &mut self,
        value: &Value,
        credentials: &[CredentialDef],
        pointer: &str,
    ) -> Option<String> {
        let name = value.as_str().map(naming::field_name);
        match name.filter(|n| credentials.iter().any(|c| &c.rust == n)) {
            Some(rust) => Some(rust),
            None => {
                self.diagnostics.push(
                    pointer,
                    format!("`{value}` is not a credential declared in `{EXT_CREDENTIALS}`"),
                );
                None
            }
        }
    }

    fn struct_fields(&self, ty: &TypeRef) -> Option<&[super::Field]> {
        let TypeRef::Named(name) = ty else {
            return None;
        };
        match self.types.get(name) {
            Some(TypeDef {
                kind: TypeKind::Struct { fields, .. },
                ..
            }) => Some(fields),
            _ => None,
        }
    }

    /// `x-token: {operationId, request: {<body property>: <credential>}, token: <property>,
    /// expiry: <property>, expiryUnit: epoch-millis | epoch-seconds | seconds}`.
    fn token_source(
        &mut self,
        value: &Value,
        operations: &[Operation],
        credentials: &[CredentialDef],
        pointer: &str,
    ) -> Option<TokenSource> {
        let Some(map) = value.as_object() else {
            self.diagnostics.push(
                pointer,
                "expected `{operationId, request: {<property>: <credential>}, token, expiry, expiryUnit}`",
            );
            return None;
        };
        for key in map.keys() {
            if !["operationId", "request", "token", "expiry", "expiryUnit"].contains(&key.as_str())
            {
                self.diagnostics
                    .push(join(pointer, key), format!("unknown key `{key}`"));
            }
        }
        let text = |key: &str| map.get(key).and_then(Value::as_str);
        let Some(operation_id) = text("operationId") else {
            self.diagnostics.push(
                pointer,
                "`x-token` needs `operationId`, the token operation",
            );
            return None;
        };
        let Some(operation) = operations.iter().find(|op| op.id == operation_id) else {
            self.diagnostics.push(
                join(pointer, "operationId"),
                format!("no operation has the id `{operation_id}`"),
            );
            return None;
        };
        // A token operation secured by a managed token (its own, or another scheme's, which
        // might in turn need this one) could wait on itself: it must need no managed token.
        let managed: Vec<&String> = self
            .document
            .components
            .iter()
            .flat_map(|c| &c.security_schemes)
            .filter(|(_, s)| {
                matches!(s, ReferenceOr::Item(OaSecurityScheme::HTTP { extensions, .. }) if extensions.contains_key(EXT_TOKEN))
            })
            .map(|(name, _)| name)
            .collect();
        if let Some(needed) = operation.security.iter().find(|s| managed.contains(s)) {
            self.diagnostics.push(
                join(pointer, "operationId"),
                format!("`{operation_id}` cannot need the `{needed}` token, which the client fetches itself; give it `security: []`"),
            );
        }
        if !operation.path_params.is_empty() || operation.params.is_some() {
            self.unsupported(
                &join(pointer, "operationId"),
                "a token operation with parameters (only a JSON body is filled from credentials)",
            );
        }
        if operation.body.as_ref().is_some_and(|b| !b.required) {
            self.diagnostics.push(
                join(pointer, "operationId"),
                format!("the request body of `{operation_id}` must be `required: true` to be filled from credentials"),
            );
        }
        let body = operation.body.as_ref().map(|b| b.ty.clone());
        let body_fields = body.as_ref().and_then(|ty| self.struct_fields(ty));
        let (Some(TypeRef::Named(body_type)), Some(body_fields)) = (body.clone(), body_fields)
        else {
            self.unsupported(
                &join(pointer, "operationId"),
                "a token operation whose request body is not an object schema",
            );
            return None;
        };
        let body_fields: Vec<(String, String, bool, TypeRef)> = body_fields
            .iter()
            .map(|f| (f.wire.clone(), f.rust.clone(), f.required, f.ty.clone()))
            .collect();
        let mut inputs = Vec::new();
        let request_pointer = join(pointer, "request");
        for (property, credential) in map
            .get("request")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let at = join(&request_pointer, property);
            let Some((_, rust, required, ty)) = body_fields.iter().find(|f| &f.0 == property)
            else {
                self.diagnostics.push(
                    at,
                    format!("`{property}` is not a property of the request body `{body_type}`"),
                );
                continue;
            };
            if !matches!(ty, TypeRef::String | TypeRef::Secret) {
                self.diagnostics.push(
                    at,
                    format!("`{property}` is filled from a credential, so it must be a plain string (ideally `x-secret: true`)"),
                );
                continue;
            }
            if let Some(credential) = self.credential_ref(credential, credentials, &at) {
                inputs.push((rust.clone(), *required, credential));
            }
        }
        for (wire, rust, required, _) in &body_fields {
            if *required && !inputs.iter().any(|(r, ..)| r == rust) {
                self.diagnostics.push(
                    request_pointer.clone(),
                    format!("the required property `{wire}` of `{body_type}` is not filled from a credential"),
                );
            }
        }
        let response = match &operation.response {
            Response::Plain(ty) => self.struct_fields(ty).map(|fields| {
                fields
                    .iter()
                    .map(|f| (f.wire.clone(), f.rust.clone(), f.required, f.ty.clone()))
                    .collect::<Vec<_>>()
            }),
            _ => None,
        };
        let Some(response) = response else {
            self.unsupported(
                &join(pointer, "operationId"),
                "a token operation whose response is not a plain object schema",
            );
            return None;
        };
        let mut field = |key: &str, accepts: &dyn Fn(&TypeRef) -> bool, what: &str| {
            let wire = text(key)?;
            let found = response.iter().find(|f| f.0 == wire);
            match found {
                Some((_, rust, required, ty)) if accepts(ty) => {
                    Some((rust.clone(), *required, ty.clone()))
                }
                _ => {
                    self.diagnostics.push(
                        join(pointer, key),
                        format!("`{wire}` is not {what} property of the token response"),
                    );
                    None
                }
            }
        };
        let token = field(
            "token",
            &|ty| matches!(ty, TypeRef::String | TypeRef::Secret),
            "a string",
        );
        let expiry = field(
            "expiry",
            &|ty| matches!(ty, TypeRef::I32 | TypeRef::I64),
            "an integer",
        );
        if text("token").is_none() {
            self.diagnostics.push(
                pointer,
                "`x-token` needs `token`, the response property holding it",
            );
        }
        let unit = match (text("expiryUnit"), &expiry) {
            (Some(unit), _) if EXPIRY_UNITS.contains(&unit) => Some(unit.to_owned()),
            (None, None) => None,
            (unit, _) => {
                self.diagnostics.push(
                    join(pointer, "expiryUnit"),
                    format!(
                        "expected one of {} with `expiry`, found {unit:?}",
                        EXPIRY_UNITS.join(", ")
                    ),
                );
                None
            }
        };
        Some(TokenSource {
            method: operation.method_name.clone(),
            body_type,
            inputs,
            token: token?,
            expiry: match (expiry, unit) {
                (Some((rust, required, ty)), Some(unit)) => Some((rust, required, ty, unit)),
                _ => None,
            },
        })
    }
}
