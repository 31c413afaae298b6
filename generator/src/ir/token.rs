//! `x-token`: how the client obtains a bearer token itself, through one of the spec's own
//! operations, filled from credentials.

use super::{
    Builder, CredentialDef, EXT_TOKEN, ExpiryUnit, Field, Operation, Response, ResponseBody,
    ResponseField, TokenInput, TokenSource, TypeRef,
};
use crate::diagnostics::join;
use openapiv3::{ReferenceOr, SecurityScheme as OaSecurityScheme};
use serde_json::{Map, Value};

/// Units an `x-token` expiry may be in.
const EXPIRY_UNITS: &[(&str, ExpiryUnit)] = &[
    ("epoch-millis", ExpiryUnit::EpochMillis),
    ("epoch-seconds", ExpiryUnit::EpochSeconds),
    ("seconds", ExpiryUnit::Seconds),
];

/// The keys of `x-token`.
pub(super) const KEYS: &[&str] = &["operationId", "request", "token", "expiry", "expiryUnit"];

impl Builder<'_> {
    /// `x-token: {operationId, request: {<body property>: <credential>}, token: <property>,
    /// expiry: <property>, expiryUnit: epoch-millis | epoch-seconds | seconds}`.
    pub(super) fn token_source(
        &mut self,
        value: &Value,
        operations: &[Operation],
        credentials: &[CredentialDef],
        pointer: &str,
    ) -> Option<TokenSource> {
        // The caller took a value of another shape for another tool's.
        let map = value.as_object()?;
        let operation = self.token_operation(map, operations, pointer)?;
        let (body_type, body_fields) = self.token_inputs(map, operation, credentials, pointer)?;
        let (token, expiry) = self.token_outputs(map, operation, pointer)?;
        Some(TokenSource {
            method: operation.method_name.clone(),
            body_type,
            body_fields,
            token: token?,
            expiry,
        })
    }

    /// The operation `x-token` names, which must need no managed token and take no parameters.
    fn token_operation<'o>(
        &mut self,
        map: &Map<String, Value>,
        operations: &'o [Operation],
        pointer: &str,
    ) -> Option<&'o Operation> {
        let Some(operation_id) = map.get("operationId").and_then(Value::as_str) else {
            self.diagnostics.push(
                pointer,
                "`x-token` needs `operationId`, the token operation",
            );
            return None;
        };
        let at = join(pointer, "operationId");
        let mut named = operations.iter().filter(|op| op.id == operation_id);
        let Some(operation) = named.next() else {
            self.diagnostics
                .push(at, format!("no operation has the id `{operation_id}`"));
            return None;
        };
        if named.next().is_some() {
            self.diagnostics.push(
                at,
                format!("more than one operation has the id `{operation_id}`, so the token operation is ambiguous"),
            );
            return None;
        }
        // A token operation secured by a managed token (its own, or another scheme's, which
        // might in turn need this one) could wait on itself: it must need no managed token.
        let managed: Vec<&String> = self
            .document
            .components
            .iter()
            .flat_map(|c| &c.security_schemes)
            .filter(|(_, s)| matches!(s, ReferenceOr::Item(scheme) if has_our_token(scheme)))
            .map(|(name, _)| name)
            .collect();
        if let Some(needed) = operation
            .security
            .iter()
            .flatten()
            .find(|s| managed.contains(s))
        {
            self.diagnostics.push(
                &at,
                format!("`{operation_id}` cannot need the `{needed}` token, which the client fetches itself; give it `security: []`"),
            );
        }
        if !operation.path_params.is_empty() || operation.params.is_some() {
            self.unsupported(
                &at,
                "a token operation with parameters (only a JSON body is filled from credentials)",
            );
        }
        if operation.body.as_ref().is_some_and(|b| !b.required) {
            self.diagnostics.push(
                &at,
                format!("the request body of `{operation_id}` must be `required: true` to be filled from credentials"),
            );
        }
        Some(operation)
    }

    /// The token request body's type, and how each of its fields is filled.
    fn token_inputs(
        &mut self,
        map: &Map<String, Value>,
        operation: &Operation,
        credentials: &[CredentialDef],
        pointer: &str,
    ) -> Option<(String, Vec<TokenInput>)> {
        let body = operation.body.as_ref().and_then(|b| b.value_type());
        let fields = body.and_then(|ty| self.struct_def(ty).map(|(_, fields)| fields));
        let (Some(TypeRef::Named(body_type)), Some(fields)) = (body, fields) else {
            self.unsupported(
                &join(pointer, "operationId"),
                "a token operation whose request body is not an object schema",
            );
            return None;
        };
        let body_type = body_type.clone();
        let fields = fields.to_vec();
        let mut inputs: Vec<TokenInput> = fields
            .iter()
            .map(|f| TokenInput {
                rust: f.rust.clone(),
                required: f.required,
                credential: None,
            })
            .collect();
        let request_pointer = join(pointer, "request");
        let request = map.get("request").and_then(Value::as_object);
        for (property, credential) in request.into_iter().flatten() {
            let at = join(&request_pointer, property);
            let Some(index) = fields.iter().position(|f| &f.wire == property) else {
                self.diagnostics.push(
                    at,
                    format!("`{property}` is not a property of the request body `{body_type}`"),
                );
                continue;
            };
            if !matches!(fields[index].ty, TypeRef::String | TypeRef::Secret) {
                self.diagnostics.push(
                    at,
                    format!("`{property}` is filled from a credential, so it must be a plain string (ideally `x-secret: true`)"),
                );
                continue;
            }
            inputs[index].credential = self.credential_ref(credential, credentials, &at);
        }
        for (field, input) in fields.iter().zip(&inputs) {
            if field.required && input.credential.is_none() {
                self.diagnostics.push(
                    request_pointer.clone(),
                    format!("the required property `{}` of `{body_type}` is not filled from a credential", field.wire),
                );
            }
        }
        Some((body_type, inputs))
    }

    /// The response fields holding the token and its expiry. The outer `None` means the
    /// response cannot hold a token at all; the inner one that the named property is wrong.
    #[allow(clippy::type_complexity)] // Two levels of failure, each reported where it happens.
    fn token_outputs(
        &mut self,
        map: &Map<String, Value>,
        operation: &Operation,
        pointer: &str,
    ) -> Option<(Option<ResponseField>, Option<(ResponseField, ExpiryUnit)>)> {
        let response = match &operation.response {
            Response::Body(ResponseBody::Json(ty)) => {
                self.struct_def(ty).map(|(_, fields)| fields.to_vec())
            }
            _ => None,
        };
        let Some(response) = response else {
            self.unsupported(
                &join(pointer, "operationId"),
                "a token operation whose response is not a plain object schema",
            );
            return None;
        };
        let is_string = |ty: &TypeRef| matches!(ty, TypeRef::String | TypeRef::Secret);
        let is_integer = |ty: &TypeRef| matches!(ty, TypeRef::I32 | TypeRef::I64);
        let token = self.response_field(map, "token", &response, &is_string, "a string", pointer);
        let expiry =
            self.response_field(map, "expiry", &response, &is_integer, "an integer", pointer);
        if map.get("token").and_then(Value::as_str).is_none() {
            self.diagnostics.push(
                pointer,
                "`x-token` needs `token`, the response property holding it",
            );
        }
        let unit_text = map.get("expiryUnit").and_then(Value::as_str);
        let unit = EXPIRY_UNITS
            .iter()
            .find(|(name, _)| Some(*name) == unit_text)
            .map(|(_, unit)| *unit);
        if unit.is_none() && (unit_text.is_some() || expiry.is_some()) {
            let names: Vec<&str> = EXPIRY_UNITS.iter().map(|(name, _)| *name).collect();
            self.diagnostics.push(
                join(pointer, "expiryUnit"),
                format!(
                    "expected one of {} with `expiry`, found {unit_text:?}",
                    names.join(", ")
                ),
            );
        }
        Some((token, expiry.zip(unit)))
    }

    /// The response property that `x-token`'s `key` names, if it has an acceptable type.
    fn response_field(
        &mut self,
        map: &Map<String, Value>,
        key: &str,
        response: &[Field],
        accepts: &dyn Fn(&TypeRef) -> bool,
        what: &str,
        pointer: &str,
    ) -> Option<ResponseField> {
        let wire = map.get(key).and_then(Value::as_str)?;
        match response.iter().find(|f| f.wire == wire) {
            Some(field) if accepts(&field.ty) => Some(ResponseField {
                rust: field.rust.clone(),
                wire: field.wire.clone(),
                required: field.required,
                ty: field.ty.clone(),
            }),
            _ => {
                self.diagnostics.push(
                    join(pointer, key),
                    format!("`{wire}` is not {what} property of the token response"),
                );
                None
            }
        }
    }
}

/// Whether a scheme has `x-token` as the generator reads it: on an HTTP bearer scheme, a map of
/// its keys (see `security::scheme_kind`).
fn has_our_token(scheme: &OaSecurityScheme) -> bool {
    matches!(
        scheme,
        OaSecurityScheme::HTTP { scheme, extensions, .. }
            if scheme.eq_ignore_ascii_case("bearer")
                && extensions
                    .get(EXT_TOKEN)
                    .is_some_and(|token| super::extensions::is_map_of(token, KEYS))
    )
}
