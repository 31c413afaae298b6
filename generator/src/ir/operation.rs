//! Operations: parameters, request bodies, responses and security requirements.

use super::schema::{checks_of, doc_of};
use super::{
    Body, Builder, EXT_IDEMPOTENT, EXT_PII, Field, Operation, ParamsStruct, Response, TypeDef,
    TypeKind, TypeRef, component, resolve_alias,
};
use crate::diagnostics::join;
use crate::naming::{self, Scope};
use openapiv3::{Parameter, ParameterSchemaOrContent, ReferenceOr, StatusCode};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

impl Builder<'_> {
    pub(super) fn operations(&mut self) -> Vec<Operation> {
        let mut operations = Vec::new();
        let mut method_names = Scope::default();
        for (path, item) in self.document.paths.iter() {
            let path_pointer = join("#/paths", path);
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { .. } => {
                    self.unsupported(&path_pointer, "a `$ref` path item");
                    continue;
                }
            };
            for (method, operation) in item.iter() {
                let pointer = join(&path_pointer, method);
                let Some(id) = &operation.operation_id else {
                    self.diagnostics.push(
                        &pointer,
                        "the operation has no `operationId`, which names its method",
                    );
                    continue;
                };
                let method_name = naming::field_name(id);
                if naming::CLIENT_METHODS.contains(&method_name.as_str()) {
                    self.diagnostics.push(
                        join(&pointer, "operationId"),
                        format!("`{id}` would be named `{method_name}`, a method every client has; rename the operation"),
                    );
                }
                if !method_names.claim(&method_name, id, &pointer, &mut self.diagnostics) {
                    continue;
                }
                let mut parameters: Vec<(String, &ReferenceOr<Parameter>)> = Vec::new();
                for (i, p) in item.parameters.iter().enumerate() {
                    parameters.push((join(&join(&path_pointer, "parameters"), &i.to_string()), p));
                }
                for (i, p) in operation.parameters.iter().enumerate() {
                    parameters.push((join(&join(&pointer, "parameters"), &i.to_string()), p));
                }
                let op = self.operation(
                    id,
                    method_name,
                    method,
                    path,
                    operation,
                    &parameters,
                    &pointer,
                );
                operations.extend(op);
            }
        }
        operations
    }

    #[allow(clippy::too_many_arguments)] // Each argument is a distinct part of the operation.
    pub(super) fn operation(
        &mut self,
        id: &str,
        method_name: String,
        method: &str,
        path: &str,
        operation: &openapiv3::Operation,
        parameters: &[(String, &ReferenceOr<Parameter>)],
        pointer: &str,
    ) -> Option<Operation> {
        let type_prefix = naming::type_name(id);
        let mut path_params = Vec::new();
        let mut other_params = Vec::new();
        let mut headers = BTreeSet::new();
        let mut scope = Scope::default();
        // Operation-level parameters override path-level ones of the same name and location.
        let mut by_key: BTreeMap<(String, String), (String, &Parameter)> = BTreeMap::new();
        for (param_pointer, parameter) in parameters {
            let Some(parameter) = component(
                parameter,
                "parameters",
                self.document.components.as_ref().map(|c| &c.parameters),
                param_pointer,
                &mut self.diagnostics,
            ) else {
                continue;
            };
            let location = match parameter {
                Parameter::Query { .. } => "query",
                Parameter::Header { .. } => "header",
                Parameter::Path { .. } => "path",
                Parameter::Cookie { .. } => "cookie",
            };
            let name = parameter.parameter_data_ref().name.clone();
            by_key.insert(
                (location.to_owned(), name),
                (param_pointer.clone(), parameter),
            );
        }
        let mut ordered: Vec<_> = by_key.into_values().collect();
        ordered.sort_by(|a, b| a.0.cmp(&b.0));
        for (param_pointer, parameter) in ordered {
            let data = parameter.parameter_data_ref();
            let rust = match parameter {
                Parameter::Path { .. } => naming::path_parameter_name(&data.name),
                _ => naming::field_name(&data.name),
            };
            if let Parameter::Header { .. } = parameter {
                self.check_header_name(&data.name, &join(&param_pointer, "name"));
            }
            if !scope.claim(&rust, &data.name, &param_pointer, &mut self.diagnostics) {
                continue;
            }
            let schema = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => schema,
                ParameterSchemaOrContent::Content(_) => {
                    self.unsupported(&param_pointer, "a parameter described by `content`");
                    continue;
                }
            };
            let schema_pointer = join(&param_pointer, "schema");
            let hint = format!("{type_prefix}{}", naming::type_name(&data.name));
            let ty = self.type_ref(schema, &hint, &schema_pointer);
            if !self.is_scalar(&ty) {
                self.unsupported(
                    &schema_pointer,
                    "a parameter that is not a single scalar value (string, number, boolean or string enum)",
                );
            }
            if let Some(example) = &data.example {
                self.check_example(schema, example, &join(&param_pointer, "example"));
            }
            let resolved = self.resolve(schema).cloned();
            let checks = resolved.as_ref().map(checks_of).unwrap_or_default();
            let pii = resolved
                .as_ref()
                .is_some_and(|s| self.flag(s, EXT_PII, &join(&schema_pointer, EXT_PII)));
            let fallback = format!("The `{}` parameter.", data.name);
            let doc = data.description.clone().unwrap_or_else(|| {
                self.resolve(schema)
                    .map_or(fallback.clone(), |s| doc_of(s, &fallback))
            });
            let field = Field {
                rust,
                wire: data.name.clone(),
                doc,
                ty,
                required: data.required,
                checks,
                pii,
            };
            match parameter {
                Parameter::Path { .. } => {
                    if !data.required {
                        self.diagnostics.push(
                            join(&param_pointer, "required"),
                            "a path parameter must be `required: true`",
                        );
                    }
                    path_params.push(field);
                }
                Parameter::Query { .. } => other_params.push(field),
                Parameter::Header { .. } => {
                    headers.insert(data.name.clone());
                    other_params.push(field);
                }
                Parameter::Cookie { .. } => {
                    self.unsupported(&param_pointer, "a cookie parameter");
                }
            }
        }
        self.check_template(path, &path_params, pointer);
        let params = if other_params.is_empty() {
            None
        } else {
            let type_name = format!("{type_prefix}Params");
            let params_pointer = join(pointer, "parameters");
            if self.type_names.claim(
                &type_name,
                &type_name,
                &params_pointer,
                &mut self.diagnostics,
            ) {
                let doc = format!(
                    "Query and header parameters of [`Client::{method_name}`](crate::generated::client::Client::{method_name})."
                );
                self.insert(
                    type_name.clone(),
                    doc,
                    TypeKind::Struct {
                        fields: other_params,
                        envelope: None,
                        error_fields: None,
                    },
                    &params_pointer,
                );
            }
            Some(ParamsStruct { type_name, headers })
        };
        let body = self.request_body(operation, &type_prefix, pointer);
        let response = self.responses(operation, &type_prefix, pointer)?;
        let security = self.operation_security(operation, pointer);
        let marked_idempotent = match operation.extensions.get(EXT_IDEMPOTENT) {
            None => false,
            Some(Value::Bool(flag)) => *flag,
            Some(other) => {
                self.diagnostics.push(
                    join(pointer, EXT_IDEMPOTENT),
                    format!("expected `true` or `false`, found `{other}`"),
                );
                false
            }
        };
        let idempotent = matches!(method, "get" | "head" | "options") || marked_idempotent;
        let doc = [&operation.summary, &operation.description]
            .into_iter()
            .flatten()
            .cloned()
            .collect::<Vec<_>>()
            .join("\n\n");
        Some(Operation {
            id: id.to_owned(),
            method_name,
            http_method: method.to_ascii_uppercase(),
            path_template: path.to_owned(),
            doc: if doc.is_empty() {
                format!("`{} {path}`", method.to_ascii_uppercase())
            } else {
                doc
            },
            path_params,
            params,
            body,
            response,
            security,
            idempotent,
        })
    }

    /// A header parameter's name must be an HTTP token, and not one that OpenAPI reserves.
    pub(super) fn check_header_name(&mut self, name: &str, pointer: &str) {
        let token = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c));
        if !token {
            self.diagnostics
                .push(pointer, format!("`{name}` is not a valid HTTP header name"));
        } else if ["accept", "content-type", "authorization"]
            .contains(&name.to_ascii_lowercase().as_str())
        {
            self.diagnostics.push(
                pointer,
                format!(
                    "OpenAPI ignores a header parameter named `{name}`; the client sets it itself"
                ),
            );
        }
    }

    pub(super) fn is_scalar(&self, ty: &TypeRef) -> bool {
        match resolve_alias(&self.types, ty) {
            TypeRef::String
            | TypeRef::Bool
            | TypeRef::I32
            | TypeRef::I64
            | TypeRef::F32
            | TypeRef::F64
            | TypeRef::Decimal => true,
            TypeRef::Named(name) => matches!(
                self.types.get(name).map(|t| &t.kind),
                Some(TypeKind::Enum { .. } | TypeKind::Constrained { .. })
            ),
            _ => false,
        }
    }

    /// Every `{name}` in the path template must be a path parameter, and vice versa.
    pub(super) fn check_template(&mut self, path: &str, params: &[Field], pointer: &str) {
        let mut in_template = BTreeSet::new();
        let mut rest = path;
        while let Some(start) = rest.find('{') {
            let Some(len) = rest[start..].find('}') else {
                self.diagnostics
                    .push(pointer, format!("unclosed `{{` in the path `{path}`"));
                return;
            };
            in_template.insert(&rest[start + 1..start + len]);
            rest = &rest[start + len + 1..];
        }
        let declared: BTreeSet<&str> = params.iter().map(|p| p.wire.as_str()).collect();
        for missing in in_template.difference(&declared) {
            self.diagnostics.push(
                pointer,
                format!("the path has `{{{missing}}}` but no path parameter `{missing}`"),
            );
        }
        for extra in declared.difference(&in_template) {
            self.diagnostics.push(
                pointer,
                format!("the path parameter `{extra}` does not appear in the path `{path}`"),
            );
        }
    }

    pub(super) fn request_body(
        &mut self,
        operation: &openapiv3::Operation,
        type_prefix: &str,
        pointer: &str,
    ) -> Option<Body> {
        let body_pointer = join(pointer, "requestBody");
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
            &format!("{type_prefix}Body"),
            &join(&media_pointer, "schema"),
        );
        Some(Body {
            ty,
            required: body.required,
        })
    }

    /// Picks the JSON media type of a body, or reports the media types that are not supported.
    pub(super) fn json_media<'m>(
        &mut self,
        content: &'m indexmap::IndexMap<String, openapiv3::MediaType>,
        pointer: &str,
    ) -> Option<(&'m str, &'m openapiv3::MediaType)> {
        let found = content.iter().find(|(media_type, _)| is_json(media_type));
        if found.is_none() {
            let listed = content.keys().cloned().collect::<Vec<_>>().join(", ");
            self.unsupported(
                &join(pointer, "content"),
                &format!("a body that is not JSON ({listed})"),
            );
        }
        found.map(|(media_type, media)| (media_type.as_str(), media))
    }

    pub(super) fn responses(
        &mut self,
        operation: &openapiv3::Operation,
        type_prefix: &str,
        pointer: &str,
    ) -> Option<Response> {
        let responses_pointer = join(pointer, "responses");
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
                self.error_body(response, type_prefix, &response_pointer);
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
                self.error_body(response, type_prefix, &response_pointer);
            }
        }
        let Some((response, response_pointer)) = success else {
            self.diagnostics
                .push(responses_pointer, "the operation has no 2XX response");
            return None;
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
            &format!("{type_prefix}Response"),
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

    pub(super) fn error_body(
        &mut self,
        response: &openapiv3::Response,
        type_prefix: &str,
        pointer: &str,
    ) {
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
        let ty = self.type_ref(schema, &format!("{type_prefix}Error"), &schema_pointer);
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

    pub(super) fn operation_security(
        &mut self,
        operation: &openapiv3::Operation,
        pointer: &str,
    ) -> Vec<String> {
        let (requirements, requirements_pointer) = match &operation.security {
            Some(requirements) => (requirements, join(pointer, "security")),
            None => match &self.document.security {
                Some(requirements) => (requirements, "#/security".to_owned()),
                None => return Vec::new(),
            },
        };
        let known = self
            .document
            .components
            .as_ref()
            .map(|c| &c.security_schemes);
        let mut names = Vec::new();
        for requirement in requirements {
            for name in requirement.keys() {
                if !known.is_some_and(|k| k.contains_key(name)) {
                    self.diagnostics.push(
                        &requirements_pointer,
                        format!(
                            "`{name}` is not a security scheme under #/components/securitySchemes"
                        ),
                    );
                } else if !names.contains(name) {
                    names.push(name.clone());
                }
            }
        }
        names
    }
}

fn is_json(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or("").trim();
    essence == "application/json" || essence.ends_with("+json")
}
