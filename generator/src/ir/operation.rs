//! Operations: what each is called, its path template, and its security requirements.

use super::media;
use super::parameter::Parameters;
use super::requirements::Undeclared;
use super::response::Lowered;
use super::{
    Alternative, Body, Builder, EXT_IDEMPOTENT, Field, Layout, Operation, PathParam, PathSegment,
    PathTemplate, Response,
};
use crate::diagnostics::join;
use crate::naming::{self, Scope};
use openapiv3::{Parameter, ReferenceOr};
use serde_json::Value;
use std::collections::BTreeSet;

/// Where an operation is in the document, and what it is called.
pub(super) struct Site<'d> {
    pub(super) path: &'d str,
    /// Lower case, as the spec writes it: `get`.
    pub(super) method: &'d str,
    pub(super) pointer: String,
    pub(super) id: String,
    pub(super) method_name: String,
    /// The prefix of the types named after the operation: `CreateCustomer`.
    pub(super) type_prefix: String,
    pub(super) operation: &'d openapiv3::Operation,
    /// Path-item parameters, then the operation's own, each with its pointer.
    pub(super) parameters: Vec<(String, &'d ReferenceOr<Parameter>)>,
}

impl<'a> Builder<'a> {
    pub(super) fn operations(&mut self) -> Vec<Operation> {
        let mut operations = Vec::new();
        let mut method_names = Scope::default();
        for builtin in naming::CLIENT_METHODS {
            method_names.reserve(builtin, "(a method every client has)");
        }
        // Ids taken so far; a derived id also avoids every explicit one, wherever it appears.
        let mut ids = BTreeSet::new();
        let explicit: BTreeSet<String> = self
            .document
            .paths
            .iter()
            .filter_map(|(_, item)| item.as_item())
            .flat_map(|item| item.iter())
            .filter_map(|(_, op)| op.operation_id.clone())
            .collect();
        let mut undeclared = Undeclared::default();
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
                let (id, method_name) = self.operation_name(
                    operation,
                    (method, path),
                    &pointer,
                    (&mut ids, &explicit),
                    &mut method_names,
                );
                let mut parameters = Vec::new();
                for (i, p) in item.parameters.iter().enumerate() {
                    parameters.push((join(&join(&path_pointer, "parameters"), &i.to_string()), p));
                }
                for (i, p) in operation.parameters.iter().enumerate() {
                    parameters.push((join(&join(&pointer, "parameters"), &i.to_string()), p));
                }
                let site = Site {
                    path,
                    method,
                    pointer,
                    type_prefix: naming::type_name(&id),
                    id,
                    method_name,
                    operation,
                    parameters,
                };
                operations.push(self.operation(&site, &mut undeclared));
            }
        }
        self.report_undeclared(undeclared);
        // Methods for other media types are named once every operation has its own name, so
        // that they never take one.
        for op in &mut operations {
            for alternative in &mut op.alternatives {
                let suffix = media::method_suffix(&alternative.media_type);
                let name = naming::field_name(&format!("{}_{suffix}", op.method_name));
                let pointer = join(
                    &join("#/paths", &op.path.template),
                    &op.http_method.to_ascii_lowercase(),
                );
                alternative.method_name = method_names.claim(
                    &name,
                    &format!("{} ({})", op.id, alternative.media_type),
                    &pointer,
                    &mut self.diagnostics,
                );
            }
        }
        operations
    }

    /// The operation's id and method name, claimed among the client's methods. An operation
    /// without `operationId` is named after its method and path, e.g. `GET /pets/{petId}` →
    /// `get_pets_by_pet_id`.
    /// An `operationId` used twice is a spec defect; the second keeps it, and its method gets
    /// a suffix. A derived id never repeats another.
    fn operation_name(
        &mut self,
        operation: &openapiv3::Operation,
        (method, path): (&str, &str),
        pointer: &str,
        (ids, explicit): (&mut BTreeSet<String>, &BTreeSet<String>),
        method_names: &mut Scope,
    ) -> (String, String) {
        let id = match &operation.operation_id {
            Some(id) => {
                if !ids.insert(id.clone()) {
                    self.spec_defect(
                        "an `operationId` used twice",
                        &join(pointer, "operationId"),
                        format!("`{id}` is the `operationId` of another operation too; OpenAPI requires each to be unique"),
                    );
                }
                id.clone()
            }
            None => {
                let base = naming::derived_operation_name(method, path);
                let mut derived = base.clone();
                let mut n = 2;
                while explicit.contains(&derived) || !ids.insert(derived.clone()) {
                    derived = format!("{base}_{n}");
                    n += 1;
                }
                self.diagnostics.note(
                    "a method named after its HTTP method and path, for want of an `operationId`",
                    pointer,
                    format!("the operation has no `operationId`; its method is named `{derived}`"),
                );
                derived
            }
        };
        let method_name = naming::field_name(&id);
        let method_name = method_names.claim(&method_name, &id, pointer, &mut self.diagnostics);
        (id, method_name)
    }

    fn operation(&mut self, site: &Site<'a>, undeclared: &mut Undeclared) -> Operation {
        let Parameters {
            path,
            sent,
            authorization,
        } = self.parameters(site);
        let path = self.reconcile_path_params(site.path, path, &site.pointer);
        let template = self.path_template(site.path, &path, &site.pointer);
        let path = path.into_iter().map(|(field, _)| field).collect();
        let params = self.params_struct(site, sent);
        let mut bodies = self.request_bodies(site).into_iter();
        let body = bodies.next();
        let Lowered {
            response,
            accept,
            others,
            errors,
            success_statuses,
        } = self.responses(site);
        let alternatives = alternatives(bodies.collect(), others);
        let mut security =
            self.operation_security(site.operation, (&site.pointer, &site.id), undeclared);
        if authorization && security.is_empty() {
            security.push(vec![super::security::AUTHORIZATION_PARAMETER.to_owned()]);
        }
        let idempotent = self.idempotent(site);
        let http_method = site.method.to_ascii_uppercase();
        let doc = [&site.operation.summary, &site.operation.description]
            .into_iter()
            .flatten()
            .map(|text| text.trim())
            .filter(|text| !text.is_empty())
            .collect::<Vec<_>>()
            .join("\n\n");
        Operation {
            id: site.id.clone(),
            method_name: site.method_name.clone(),
            doc,
            http_method,
            path: template,
            path_params: path,
            params,
            body,
            response,
            accept,
            alternatives,
            errors,
            success_statuses,
            security,
            idempotent,
            deprecated: site.operation.deprecated,
            tags: site.operation.tags.clone(),
            pagination: None,
        }
    }

    /// GET, HEAD and OPTIONS are safe to send again, and so is an operation marked
    /// `x-idempotent: true`.
    fn idempotent(&mut self, site: &Site<'_>) -> bool {
        let marked = match site.operation.extensions.get(EXT_IDEMPOTENT) {
            None => false,
            Some(Value::Bool(flag)) => *flag,
            Some(other) => {
                let at = join(&site.pointer, EXT_IDEMPOTENT);
                self.foreign_value(EXT_IDEMPOTENT, other, &at, "`true` or `false`");
                false
            }
        };
        matches!(site.method, "get" | "head" | "options") || marked
    }

    /// Makes the path parameters match the path template, as the server sees them: a `{name}`
    /// the operation does not declare is a required string parameter, and a declared one the
    /// path does not have is left out, each with a warning.
    fn reconcile_path_params(
        &mut self,
        path: &str,
        params: Vec<(Field, Layout)>,
        pointer: &str,
    ) -> Vec<(Field, Layout)> {
        let names = template_names(path);
        let mut kept: Vec<(Field, Layout)> = Vec::new();
        for (field, layout) in params {
            if names.contains(&field.wire.as_str()) {
                kept.push((field, layout));
            } else {
                self.spec_defect(
                    "a path parameter that the path does not have, left out",
                    pointer,
                    format!(
                        "the path parameter `{}` does not appear in the path `{path}`; it is left out",
                        field.wire
                    ),
                );
            }
        }
        let mut scope = crate::naming::Scope::default();
        for (field, _) in &kept {
            scope.reserve(&field.rust, &field.wire);
        }
        for name in names {
            if kept.iter().any(|(f, _)| f.wire == name) {
                continue;
            }
            self.spec_defect(
                "a path template name without a path parameter, read as a string",
                pointer,
                format!("the path has `{{{name}}}` but no path parameter `{name}`; it is read as a required string"),
            );
            let rust = crate::naming::path_parameter_name(name);
            let rust = scope.claim(&rust, name, pointer, &mut self.diagnostics);
            kept.push((
                Field {
                    rust,
                    wire: name.to_owned(),
                    doc: format!(
                        "The `{name}` path parameter (the spec names it in the path only)."
                    ),
                    ty: super::TypeRef::String,
                    required: true,
                    checks: super::Checks::default(),
                    pii: false,
                    annotations: super::Annotations::default(),
                    tag: None,
                    pointer: pointer.to_owned(),
                },
                Layout {
                    value: super::ParamValue::Display,
                    style: super::Style::Simple,
                    explode: false,
                    allow_reserved: false,
                },
            ));
        }
        kept
    }

    /// Parses the path template, whose every `{name}` is a path parameter (see
    /// [`Self::reconcile_path_params`]).
    fn path_template(
        &mut self,
        path: &str,
        params: &[(Field, Layout)],
        pointer: &str,
    ) -> PathTemplate {
        let mut segments = Vec::new();
        let mut rest = path;
        while let Some(start) = rest.find('{') {
            let Some(len) = rest[start..].find('}') else {
                self.diagnostics
                    .push(pointer, format!("unclosed `{{` in the path `{path}`"));
                break;
            };
            push_literal(&mut segments, &rest[..start]);
            let wire = &rest[start + 1..start + len];
            match params.iter().find(|(p, _)| p.wire == wire) {
                Some((param, layout)) => segments.push(PathSegment::Param(PathParam {
                    rust: param.rust.clone(),
                    wire: param.wire.clone(),
                    layout: layout.clone(),
                })),
                None => self.diagnostics.push(
                    pointer,
                    format!("the path has `{{{wire}}}` but no path parameter `{wire}`"),
                ),
            }
            rest = &rest[start + len + 1..];
        }
        push_literal(&mut segments, rest);
        PathTemplate {
            template: path.to_owned(),
            segments,
        }
    }
}

/// The methods for the other media types of an operation's body and of its response. A media
/// type that both list gets one method, which sends it and reads it back.
fn alternatives(bodies: Vec<Body>, mut responses: Vec<(String, Response)>) -> Vec<Alternative> {
    let mut alternatives = Vec::new();
    for body in bodies {
        let essence = media::essence(&body.media_type);
        let read = responses
            .iter()
            .position(|(media_type, _)| *media_type == essence)
            .map(|index| responses.remove(index))
            .map(|(media_type, response)| (response, media_type));
        alternatives.push(Alternative {
            method_name: String::new(),
            media_type: body.media_type.clone(),
            body: Some(body),
            response: read,
        });
    }
    for (media_type, response) in responses {
        alternatives.push(Alternative {
            method_name: String::new(),
            media_type: media_type.clone(),
            body: None,
            response: Some((response, media_type)),
        });
    }
    alternatives
}

fn push_literal(segments: &mut Vec<PathSegment>, text: &str) {
    if !text.is_empty() {
        segments.push(PathSegment::Literal(text.to_owned()));
    }
}

/// The `{name}`s of a path template, in order, each once.
fn template_names(path: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        let name = &rest[start + 1..start + len];
        if !names.contains(&name) {
            names.push(name);
        }
        rest = &rest[start + len + 1..];
    }
    names
}
