//! Request bodies and responses: which media type is read, and the types of the bodies.

use super::operation::Site;
use super::{Body, Builder, Response, TypeDef, TypeKind, TypeRef, component};
use crate::diagnostics::join;
use crate::naming;
use openapiv3::StatusCode;

impl Builder<'_> {
    pub(super) fn request_body(&mut self, site: &Site<'_>) -> Option<Body> {
        let (operation, type_prefix) = (site.operation, &site.type_prefix);
        let body_pointer = join(&site.pointer, "requestBody");
        let components = self.document.components.as_ref();
        let body = component(
            operation.request_body.as_ref()?,
            "requestBodies",
            components.map(|c| &c.request_bodies),
            &body_pointer,
            &mut self.diagnostics,
        )?;
        let (media_type, media) = self.json_media(&body.content, &body_pointer)?;
        let media_pointer = join(&join(&body_pointer, "content"), media_type);
        let Some(schema) = &media.schema else {
            self.unsupported(&media_pointer, "a request body without a `schema`");
            return None;
        };
        if let Some(example) = &media.example {
            self.check_example(schema, example, &join(&media_pointer, "example"));
        }
        let ty = self.type_ref(
            schema,
            &naming::compound_type_name(type_prefix, "Body"),
            &join(&media_pointer, "schema"),
        );
        Some(Body {
            ty,
            required: body.required,
        })
    }

    /// Picks the JSON media type of a body, or reports the media types that are not supported.
    fn json_media<'m>(
        &mut self,
        content: &'m indexmap::IndexMap<String, openapiv3::MediaType>,
        pointer: &str,
    ) -> Option<(&'m str, &'m openapiv3::MediaType)> {
        let found = content.iter().find(|(media_type, _)| is_json(media_type));
        if found.is_none() {
            let listed = content.keys().cloned().collect::<Vec<_>>().join(", ");
            self.diagnostics.error(
                "unsupported: a body that is not JSON",
                join(pointer, "content"),
                format!("unsupported: a body that is not JSON ({listed})"),
            );
        }
        found.map(|(media_type, media)| (media_type.as_str(), media))
    }

    pub(super) fn responses(&mut self, site: &Site<'_>) -> Option<Response> {
        let (operation, type_prefix) = (site.operation, site.type_prefix.as_str());
        let responses_pointer = join(&site.pointer, "responses");
        let mut success = None;
        for (status, response) in &operation.responses.responses {
            let (code, is_success) = match status {
                StatusCode::Code(code) => (code.to_string(), (200..300).contains(code)),
                StatusCode::Range(range) => (format!("{range}XX"), *range == 2),
            };
            let response_pointer = join(&responses_pointer, &code);
            let Some(response) = component(
                response,
                "responses",
                self.document.components.as_ref().map(|c| &c.responses),
                &response_pointer,
                &mut self.diagnostics,
            ) else {
                continue;
            };
            if is_success {
                if success.is_none() {
                    success = Some((response, response_pointer));
                }
            } else {
                let hint = naming::compound_type_name(
                    type_prefix,
                    &naming::type_name(&format!("Error{code}")),
                );
                self.error_body(response, &hint, &response_pointer);
            }
        }
        if let Some(default) = &operation.responses.default {
            let response_pointer = join(&responses_pointer, "default");
            if let Some(response) = component(
                default,
                "responses",
                self.document.components.as_ref().map(|c| &c.responses),
                &response_pointer,
                &mut self.diagnostics,
            ) {
                let hint = naming::compound_type_name(type_prefix, "ErrorDefault");
                self.error_body(response, &hint, &response_pointer);
            }
        }
        // With no 2XX response documented, success carries nothing the spec describes: the
        // call returns `()` on any 2XX, and the documented statuses are errors.
        let Some((response, response_pointer)) = success else {
            self.diagnostics.note(
                "an operation without a 2XX response, whose success is `()`",
                responses_pointer,
                "the operation documents no 2XX response, so its success is `()`",
            );
            return Some(Response::Unit);
        };
        if response.content.is_empty() {
            return Some(Response::Unit);
        }
        let (media_type, media) = self.json_media(&response.content, &response_pointer)?;
        let media_pointer = join(&join(&response_pointer, "content"), media_type);
        let Some(schema) = &media.schema else {
            return Some(Response::Unit);
        };
        if let Some(example) = &media.example {
            self.check_example(schema, example, &join(&media_pointer, "example"));
        }
        let ty = self.type_ref(
            schema,
            &naming::compound_type_name(type_prefix, "Response"),
            &join(&media_pointer, "schema"),
        );
        if let TypeRef::Named(name) = &ty
            && let Some(TypeDef {
                kind:
                    TypeKind::Struct {
                        envelope: Some(envelope),
                        ..
                    },
                ..
            }) = self.types.get(name)
        {
            return Some(Response::Enveloped {
                envelope: name.clone(),
                payload: envelope.payload_type.clone(),
            });
        }
        Some(Response::Plain(ty))
    }

    /// An error response's body type; an inline schema that needs a type is named `hint`.
    fn error_body(&mut self, response: &openapiv3::Response, hint: &str, pointer: &str) {
        if response.content.is_empty() {
            return;
        }
        let Some((media_type, media)) = self.json_media(&response.content, pointer) else {
            return;
        };
        let Some(schema) = &media.schema else {
            return;
        };
        let schema_pointer = join(&join(&join(pointer, "content"), media_type), "schema");
        let ty = self.type_ref(schema, hint, &schema_pointer);
        self.error_types.entry(ty).or_insert(schema_pointer);
    }

    /// The one error body type of the API; an API whose errors differ in shape is refused.
    pub(super) fn error_type(&mut self) -> TypeRef {
        let mut kinds = self.error_types.iter();
        match (kinds.next(), kinds.next()) {
            (None, _) => TypeRef::Json,
            (Some((ty, _)), None) => ty.clone(),
            (Some((_, first)), Some((_, second))) => {
                let message = format!(
                    "error bodies must share one schema, but `{first}` and `{second}` differ"
                );
                self.diagnostics.push(second.clone(), message);
                TypeRef::Json
            }
        }
    }
}

fn is_json(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or("").trim();
    essence == "application/json" || essence.ends_with("+json")
}
