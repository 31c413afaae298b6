//! Vendor extensions on schemas: the response envelope and the error body's fields.

use super::{Builder, Envelope, ErrorFields, Field};
use crate::diagnostics::join;
use serde_json::Value;

impl Builder<'_> {
    /// `x-error-fields: {type: <property>, message: <property>, requestId: <property>}`.
    pub(super) fn error_fields(
        &mut self,
        value: &Value,
        fields: &[Field],
        pointer: &str,
    ) -> ErrorFields {
        let mut names = ErrorFields::default();
        let Some(map) = value.as_object() else {
            self.diagnostics.push(
                pointer,
                "expected `{type: <property>, message: <property>, requestId: <property>}`",
            );
            return names;
        };
        for (key, named) in map {
            let slot = match key.as_str() {
                "type" => &mut names.error_type,
                "message" => &mut names.message,
                "requestId" => &mut names.request_id,
                _ => {
                    self.diagnostics.push(
                        join(pointer, key),
                        format!("unknown key `{key}`: expected `type`, `message` or `requestId`"),
                    );
                    continue;
                }
            };
            match named.as_str() {
                Some(wire) if fields.iter().any(|f| f.wire == wire) => {
                    *slot = Some(wire.to_owned());
                }
                _ => self.diagnostics.push(
                    join(pointer, key),
                    format!("`{named}` is not a property of the schema"),
                ),
            }
        }
        names
    }

    /// `x-envelope: {payload, error, code?, message?, successCodes?}`, each naming a property.
    pub(super) fn envelope(
        &mut self,
        value: &Value,
        fields: &[Field],
        pointer: &str,
    ) -> Option<Envelope> {
        let Some(map) = value.as_object() else {
            self.diagnostics.push(
                pointer,
                "expected `{payload: <property>, error: <property>, code: <property>, message: <property>, successCodes: [<integer>…]}`",
            );
            return None;
        };
        let mut find = |key: &str, required: bool| -> Option<&Field> {
            let at = join(pointer, key);
            match map.get(key) {
                None if required => {
                    self.diagnostics
                        .push(pointer, format!("the envelope needs `{key}`"));
                    None
                }
                None => None,
                Some(Value::String(wire)) => {
                    let found = fields.iter().find(|f| &f.wire == wire);
                    if found.is_none() {
                        self.diagnostics
                            .push(at, format!("`{wire}` is not a property of the schema"));
                    }
                    found
                }
                Some(other) => {
                    self.diagnostics
                        .push(at, format!("expected a property name, found `{other}`"));
                    None
                }
            }
        };
        let payload = find("payload", true);
        let error = find("error", true);
        let code = find("code", false);
        let message = find("message", false);
        for key in map.keys() {
            if !["payload", "error", "code", "message", "successCodes"].contains(&key.as_str()) {
                self.diagnostics
                    .push(join(pointer, key), format!("unknown key `{key}`"));
            }
        }
        let success_codes = match map.get("successCodes") {
            None => Vec::new(),
            Some(Value::Array(codes)) if codes.iter().all(|c| c.as_i64().is_some()) => {
                codes.iter().filter_map(Value::as_i64).collect()
            }
            Some(_) => {
                self.diagnostics
                    .push(join(pointer, "successCodes"), "expected a list of integers");
                Vec::new()
            }
        };
        if !success_codes.is_empty() && code.is_none() {
            self.diagnostics.push(
                join(pointer, "successCodes"),
                "`successCodes` needs `code`, the property that holds the result code",
            );
        }
        let (payload, error) = (payload?, error?);
        self.error_types
            .entry(error.ty.clone())
            .or_insert_with(|| pointer.to_owned());
        Some(Envelope {
            payload: payload.rust.clone(),
            payload_type: payload.ty.clone(),
            payload_required: payload.required,
            error_wire: error.wire.clone(),
            code_wire: code.map(|f| f.wire.clone()),
            message_wire: message.map(|f| f.wire.clone()),
            success_codes,
            error_type: error.ty.clone(),
            error_variant: None,
        })
    }
}
