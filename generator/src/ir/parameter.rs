//! Parameters: path parameters become method arguments; query and header parameters become the
//! fields of one struct per operation.

use super::operation::Site;
use super::schema::{checks_of, doc_of};
use super::{
    Builder, EXT_PII, Field, ParamLocation, ParamsStruct, SentParam, TypeKind, TypeRef, component,
    resolve_alias,
};
use crate::diagnostics::join;
use crate::naming::{self, Scope};
use openapiv3::{Parameter, ParameterSchemaOrContent};
use std::collections::BTreeMap;

/// An operation's parameters, lowered.
pub(super) struct Parameters {
    /// Path parameters, in document order.
    pub(super) path: Vec<Field>,
    /// Query and header parameters, in document order.
    pub(super) sent: Vec<(Field, ParamLocation)>,
}

impl<'a> Builder<'a> {
    pub(super) fn parameters(&mut self, site: &Site<'a>) -> Parameters {
        let mut lowered = Parameters {
            path: Vec::new(),
            sent: Vec::new(),
        };
        let mut scope = Scope::default();
        for (pointer, parameter) in self.merged_parameters(site) {
            let Some(field) = self.parameter(parameter, &pointer, &site.type_prefix, &mut scope)
            else {
                continue;
            };
            match parameter {
                Parameter::Path { .. } => {
                    if !field.required {
                        self.diagnostics.push(
                            join(&pointer, "required"),
                            "a path parameter must be `required: true`",
                        );
                    }
                    lowered.path.push(field);
                }
                Parameter::Query { .. } => lowered.sent.push((field, ParamLocation::Query)),
                Parameter::Header { .. } => lowered.sent.push((field, ParamLocation::Header)),
                Parameter::Cookie { .. } => self.unsupported(&pointer, "a cookie parameter"),
            }
        }
        lowered
    }

    /// Path-item and operation parameters, resolved; an operation parameter replaces the
    /// path-item one of the same name and location. Sorted by pointer, so document order.
    fn merged_parameters(&mut self, site: &Site<'a>) -> Vec<(String, &'a Parameter)> {
        let mut by_key: BTreeMap<(&'static str, String), (String, &'a Parameter)> = BTreeMap::new();
        let parameters = self.document.components.as_ref().map(|c| &c.parameters);
        for (pointer, parameter) in &site.parameters {
            let Some(parameter) = component(
                parameter,
                "parameters",
                parameters,
                pointer,
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
            by_key.insert((location, name), (pointer.clone(), parameter));
        }
        let mut ordered: Vec<_> = by_key.into_values().collect();
        ordered.sort_by(|a, b| a.0.cmp(&b.0));
        ordered
    }

    /// One parameter as a field, named in `scope`.
    fn parameter(
        &mut self,
        parameter: &Parameter,
        pointer: &str,
        type_prefix: &str,
        scope: &mut Scope,
    ) -> Option<Field> {
        let data = parameter.parameter_data_ref();
        let rust = match parameter {
            Parameter::Path { .. } => naming::path_parameter_name(&data.name),
            _ => naming::field_name(&data.name),
        };
        if let Parameter::Header { .. } = parameter
            && !self.check_header_name(&data.name, &join(pointer, "name"))
        {
            return None;
        }
        let mut rust = scope.claim(&rust, &data.name, pointer, &mut self.diagnostics);
        // A suffix can make a name a local of the method (`segment` → `segment_2`).
        if matches!(parameter, Parameter::Path { .. }) && naming::is_method_local(&rust) {
            let renamed = format!("{rust}_value");
            rust = scope.claim(&renamed, &data.name, pointer, &mut self.diagnostics);
        }
        let schema = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => schema,
            ParameterSchemaOrContent::Content(_) => {
                self.unsupported(pointer, "a parameter described by `content`");
                return None;
            }
        };
        let schema_pointer = join(pointer, "schema");
        let hint = naming::compound_type_name(type_prefix, &naming::type_name(&data.name));
        let mut ty = self.type_ref(schema, &hint, &schema_pointer);
        // A parameter has no `null` to send: a nullable one is sent or left out like any other.
        while let TypeRef::Nullable(inner) = resolve_alias(&self.aliases, &ty) {
            ty = (**inner).clone();
        }
        if let Some(what) = self.not_scalar(&ty) {
            self.unsupported(&schema_pointer, &format!("{what} as a parameter"));
        }
        if let Some(example) = &data.example {
            self.check_example(schema, example, &join(pointer, "example"));
        }
        let resolved = self.resolve(schema).cloned();
        let checks = resolved.as_ref().map(checks_of).unwrap_or_default();
        let pii = resolved
            .as_ref()
            .is_some_and(|s| self.flag(s, EXT_PII, &join(&schema_pointer, EXT_PII)));
        let fallback = format!("The `{}` parameter.", data.name);
        let description = data.description.clone();
        let doc = description
            .filter(|d| !d.trim().is_empty())
            .unwrap_or_else(|| {
                resolved
                    .as_ref()
                    .map_or(fallback.clone(), |s| doc_of(s, &fallback))
            });
        Some(Field {
            rust,
            wire: data.name.clone(),
            doc,
            ty,
            required: data.required,
            checks,
            pii,
        })
    }

    /// The struct of the query and header parameters, defined among the types.
    pub(super) fn params_struct(
        &mut self,
        site: &Site<'_>,
        sent: Vec<(Field, ParamLocation)>,
    ) -> Option<ParamsStruct> {
        if sent.is_empty() {
            return None;
        }
        let type_name = naming::compound_type_name(&site.type_prefix, "Params");
        let params_pointer = join(&site.pointer, "parameters");
        let params = sent
            .iter()
            .map(|(field, location)| SentParam {
                rust: field.rust.clone(),
                wire: field.wire.clone(),
                required: field.required,
                location: *location,
            })
            .collect();
        let type_name = self.type_names.claim(
            &type_name,
            &params_pointer,
            &params_pointer,
            &mut self.diagnostics,
        );
        // Rustdoc links to a method named by a keyword as `r#name`.
        let method_name = naming::ident(&site.method_name).to_string();
        let doc = format!(
            "Query and header parameters of [`Client::{method_name}`](crate::generated::client::Client::{method_name})."
        );
        let fields = sent.into_iter().map(|(field, _)| field).collect();
        let kind = TypeKind::Struct {
            fields,
            envelope: None,
            error_fields: None,
        };
        self.insert(type_name.clone(), doc, kind, &params_pointer);
        Some(ParamsStruct { type_name, params })
    }

    /// A header parameter's name must be an HTTP token. One that OpenAPI reserves (`Accept`,
    /// `Content-Type`, `Authorization`) is ignored, as the specification says, with a warning.
    /// Returns whether the parameter is kept.
    fn check_header_name(&mut self, name: &str, pointer: &str) -> bool {
        let token = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c));
        if !token {
            self.diagnostics
                .push(pointer, format!("`{name}` is not a valid HTTP header name"));
            return false;
        }
        if ["accept", "content-type", "authorization"].contains(&name.to_ascii_lowercase().as_str())
        {
            self.spec_defect(
                "a header parameter that OpenAPI ignores (`Accept`, `Content-Type`, `Authorization`)",
                pointer,
                format!(
                    "OpenAPI ignores a header parameter named `{name}`; the client sets it itself, so the parameter is left out"
                ),
            );
            return false;
        }
        true
    }

    /// What a parameter's type is, if it is not a single value the client can send yet
    /// (a string, number, boolean, string enum or constrained string).
    fn not_scalar(&self, ty: &TypeRef) -> Option<&'static str> {
        match resolve_alias(&self.aliases, ty) {
            TypeRef::String
            | TypeRef::Bool
            | TypeRef::I32
            | TypeRef::I64
            | TypeRef::F32
            | TypeRef::F64
            | TypeRef::Decimal => None,
            TypeRef::Vec(_) => Some("an array"),
            TypeRef::Nullable(inner) => self.not_scalar(inner),
            TypeRef::Map(_) | TypeRef::JsonMap => Some("an object"),
            TypeRef::Json => Some("a schema without a type (any JSON value)"),
            TypeRef::DateTime | TypeRef::Temporal(_) => Some("a date, time or date-time"),
            TypeRef::Secret => Some("a secret (`x-secret`)"),
            TypeRef::File => Some("a file"),
            TypeRef::Named(name) => match self.types.get(name).map(|t| &t.kind) {
                Some(TypeKind::Enum { .. } | TypeKind::Constrained { .. }) => None,
                Some(TypeKind::Struct { .. }) => Some("an object"),
                Some(TypeKind::Wrapper(_)) => Some("an array or map that holds itself"),
                // An alias cycle, which the checks report.
                _ => None,
            },
        }
    }
}
