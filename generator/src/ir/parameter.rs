//! Parameters: path parameters become method arguments; query, header and cookie parameters
//! become the fields of one struct per operation. Each keeps its layout (`style`, `explode`,
//! `allowReserved`, or JSON `content`), which the runtime applies.

use super::operation::Site;
use super::schema::{checks_of, doc_of};
use super::{
    Builder, EXT_PII, Field, Layout, ParamLocation, ParamValue, ParamsStruct, SentParam, Style,
    TypeKind, TypeRef, component, resolve_alias,
};
use crate::diagnostics::join;
use crate::naming::{self, Scope};
use openapiv3::{Parameter, ParameterSchemaOrContent, ReferenceOr};
use std::collections::BTreeMap;

/// An operation's parameters, lowered.
pub(super) struct Parameters {
    /// Path parameters, in document order.
    pub(super) path: Vec<(Field, Layout)>,
    /// Query, header and cookie parameters, in document order.
    pub(super) sent: Vec<(Field, ParamLocation, Layout)>,
    /// Whether the operation declares an `Authorization` header parameter, which OpenAPI
    /// ignores: without a security requirement, it is sent as a credential instead.
    pub(super) authorization: bool,
}

impl<'a> Builder<'a> {
    pub(super) fn parameters(&mut self, site: &Site<'a>) -> Parameters {
        let mut lowered = Parameters {
            path: Vec::new(),
            sent: Vec::new(),
            authorization: false,
        };
        let mut scope = Scope::default();
        for (pointer, parameter) in self.merged_parameters(site) {
            if let Parameter::Header { parameter_data, .. } = parameter
                && parameter_data.name.eq_ignore_ascii_case("authorization")
            {
                lowered.authorization = true;
            }
            let Some((field, layout)) =
                self.parameter(parameter, &pointer, &site.type_prefix, &mut scope)
            else {
                continue;
            };
            let location = match parameter {
                Parameter::Path { .. } => {
                    // At the parameter: `required` may be absent (false by default).
                    if !field.required {
                        self.diagnostics
                            .push(pointer.clone(), "a path parameter must be `required: true`");
                    }
                    lowered.path.push((field, layout));
                    continue;
                }
                Parameter::Query { .. } => ParamLocation::Query,
                Parameter::Header { .. } => ParamLocation::Header,
                Parameter::Cookie { .. } => ParamLocation::Cookie,
            };
            lowered.sent.push((field, location, layout));
        }
        lowered
    }

    /// Path-item and operation parameters, resolved; an operation parameter replaces the
    /// path-item one of the same name and location. In document order: the path item's, then
    /// the operation's.
    fn merged_parameters(&mut self, site: &Site<'a>) -> Vec<(String, &'a Parameter)> {
        type Entry<'p> = (usize, String, &'p Parameter);
        let mut by_key: BTreeMap<(&'static str, String), Entry<'a>> = BTreeMap::new();
        let parameters = self.document.components.as_ref().map(|c| &c.parameters);
        for (position, (pointer, parameter)) in site.parameters.iter().enumerate() {
            let parameter = match component(parameter, "parameters", parameters) {
                Ok((parameter, _)) => parameter,
                Err(reference) => {
                    self.dangling_component(
                        reference,
                        ("parameters", "a parameter"),
                        pointer,
                        "the operation is sent without the parameter",
                    );
                    continue;
                }
            };
            let location = match parameter {
                Parameter::Query { .. } => "query",
                Parameter::Header { .. } => "header",
                Parameter::Path { .. } => "path",
                Parameter::Cookie { .. } => "cookie",
            };
            let name = parameter.parameter_data_ref().name.clone();
            by_key.insert((location, name), (position, pointer.clone(), parameter));
        }
        let mut ordered: Vec<_> = by_key.into_values().collect();
        ordered.sort_by_key(|(position, _, _)| *position);
        ordered
            .into_iter()
            .map(|(_, pointer, parameter)| (pointer, parameter))
            .collect()
    }

    /// One parameter as a field, named in `scope`, and how its value is laid out.
    fn parameter(
        &mut self,
        parameter: &Parameter,
        pointer: &str,
        type_prefix: &str,
        scope: &mut Scope,
    ) -> Option<(Field, Layout)> {
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
        let (schema, schema_pointer, json) = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => (schema, join(pointer, "schema"), false),
            ParameterSchemaOrContent::Content(content) => self.json_content(content, pointer)?,
        };
        let hint = naming::compound_type_name(type_prefix, &naming::type_name(&data.name));
        let mut ty = self.type_ref(schema, &hint, &schema_pointer);
        // A parameter has no `null` to send: a nullable one is sent or left out like any other.
        while let TypeRef::Nullable(inner) = resolve_alias(&self.aliases, &ty) {
            ty = (**inner).clone();
        }
        let value = if json {
            ParamValue::Json
        } else {
            match self.param_value(&ty) {
                Ok(value) => value,
                // OpenAPI defines no layout for values nested in a parameter; the runtime
                // writes each nested value as JSON text, as it does for free-form objects.
                Err(
                    what @ ("an array of arrays or objects"
                    | "an object of arrays or objects"
                    | "an object with array or object properties"),
                ) => {
                    self.diagnostics.warning(
                        "a parameter with nested values, which OpenAPI does not lay out; sent as JSON text",
                        schema_pointer.clone(),
                        format!("{what} has no layout in OpenAPI 3.0; each nested value is sent as JSON text"),
                    );
                    ParamValue::Any
                }
                Err(what) => {
                    self.unsupported(&schema_pointer, &format!("{what} as a parameter"));
                    // Refused already: no layout complaint besides.
                    ParamValue::Any
                }
            }
        };
        let layout = self.layout(parameter, value, pointer);
        if let Some(example) = &data.example {
            self.check_example(schema, example, &join(pointer, "example"));
        }
        let resolved = self.resolve(schema).cloned();
        let checks = resolved.as_ref().map(checks_of).unwrap_or_default();
        let schema_at = self.written_at(super::schema::reference_of(schema), &schema_pointer);
        let pii = resolved
            .as_ref()
            .is_some_and(|s| self.flag(s, EXT_PII, &join(&schema_at, EXT_PII)));
        let fallback = format!("The `{}` parameter.", data.name);
        let description = data.description.clone();
        let doc = description
            .filter(|d| !d.trim().is_empty())
            .unwrap_or_else(|| {
                resolved
                    .as_ref()
                    .map_or(fallback.clone(), |s| doc_of(s, &fallback))
            });
        let mut annotations = resolved
            .as_ref()
            .map(super::annotations::of)
            .unwrap_or_default();
        annotations.deprecated |= data.deprecated == Some(true);
        let field = Field {
            rust,
            wire: data.name.clone(),
            doc,
            ty,
            required: data.required,
            checks,
            pii,
            annotations,
            tag: None,
            pointer: pointer.to_owned(),
        };
        Some((field, layout))
    }

    /// The schema of a parameter described by `content`, which must hold one media type, and
    /// whether the value is JSON-encoded: JSON is, while text (`text/*`, or `*/*`) is sent as
    /// the value's own text.
    fn json_content<'c>(
        &mut self,
        content: &'c openapiv3::Content,
        pointer: &str,
    ) -> Option<(&'c ReferenceOr<openapiv3::Schema>, String, bool)> {
        let content_pointer = join(pointer, "content");
        let mut entries = content.iter();
        let (Some((media_type, media)), None) = (entries.next(), entries.next()) else {
            self.diagnostics.push(
                content_pointer,
                "a parameter's `content` must hold exactly one media type",
            );
            return None;
        };
        let media_pointer = join(&content_pointer, media_type);
        let text = media_type == "*/*" || media_type.starts_with("text/");
        if !is_json(media_type) && !text {
            self.unsupported(
                &media_pointer,
                &format!("a parameter encoded as `{media_type}` (only JSON is)"),
            );
            return None;
        }
        match &media.schema {
            Some(schema) => Some((schema, join(&media_pointer, "schema"), !text)),
            // Without a schema, nothing says what the value is: any JSON value, or for text,
            // a string.
            None => Some((unstated_schema(text), media_pointer, !text)),
        }
    }

    /// The style, explode and allowReserved of a parameter, with OpenAPI's defaults: `form`
    /// (exploded) in the query and cookies, `simple` (not exploded) in the path and headers.
    /// Combinations that OpenAPI leaves undefined are refused.
    fn layout(&mut self, parameter: &Parameter, value: ParamValue, pointer: &str) -> Layout {
        let (style, allow_reserved) = match parameter {
            Parameter::Query {
                style,
                allow_reserved,
                ..
            } => {
                let style = match style {
                    openapiv3::QueryStyle::Form => Style::Form,
                    openapiv3::QueryStyle::SpaceDelimited => Style::SpaceDelimited,
                    openapiv3::QueryStyle::PipeDelimited => Style::PipeDelimited,
                    openapiv3::QueryStyle::DeepObject => Style::DeepObject,
                };
                (style, *allow_reserved)
            }
            Parameter::Path { style, .. } => match style {
                openapiv3::PathStyle::Simple => (Style::Simple, false),
                openapiv3::PathStyle::Label => (Style::Label, false),
                openapiv3::PathStyle::Matrix => (Style::Matrix, false),
            },
            Parameter::Header { .. } => (Style::Simple, false),
            Parameter::Cookie { .. } => (Style::Form, false),
        };
        // `deepObject` has one layout, whatever `explode` says; specs rarely set it, though
        // its default (false) leaves the layout undefined.
        let explode = parameter
            .parameter_data_ref()
            .explode
            .unwrap_or(style == Style::Form)
            || style == Style::DeepObject;
        let many = matches!(value, ParamValue::Array | ParamValue::Object);
        let may_be_object = matches!(value, ParamValue::Object | ParamValue::Any);
        let cookie = matches!(parameter, Parameter::Cookie { .. });
        let refusal = match style {
            Style::DeepObject if !may_be_object => Some((
                "style",
                "`style: deepObject` on a parameter that is not an object",
            )),
            Style::SpaceDelimited | Style::PipeDelimited if many && explode => Some((
                "explode",
                "a space- or pipe-delimited array or object with `explode: true` (set `explode: false`)",
            )),
            Style::Form if many && explode && cookie => Some((
                "explode",
                "an array or object in a cookie with `explode: true` (set `explode: false`)",
            )),
            _ => None,
        };
        if let Some((key, what)) = refusal {
            // `explode` may be OpenAPI's default rather than written: then the parameter is
            // at fault as a whole.
            let written = key != "explode" || parameter.parameter_data_ref().explode.is_some();
            let at = if written {
                join(pointer, key)
            } else {
                pointer.to_owned()
            };
            self.unsupported(&at, what);
        }
        Layout {
            value,
            style,
            explode,
            allow_reserved,
        }
    }

    /// The struct of the query and header parameters, defined among the types.
    pub(super) fn params_struct(
        &mut self,
        site: &Site<'_>,
        mut sent: Vec<(Field, ParamLocation, Layout)>,
    ) -> Option<ParamsStruct> {
        if sent.is_empty() {
            return None;
        }
        // Two parameters may share a name in different locations (`Last-Event-ID` in the
        // query and in a header); their fields need serialized names of their own.
        let wires: Vec<String> = sent.iter().map(|(field, ..)| field.wire.clone()).collect();
        let mut seen = std::collections::BTreeSet::new();
        for (field, location, _) in &mut sent {
            if !seen.insert(field.wire.clone()) {
                let place = match location {
                    ParamLocation::Query => "query",
                    ParamLocation::Header => "header",
                    ParamLocation::Cookie => "cookie",
                };
                field.wire = format!("{} ({place})", field.wire);
            }
        }
        let type_name = naming::compound_type_name(&site.type_prefix, "Params");
        let params_pointer = join(&site.pointer, "parameters");
        let params = sent
            .iter()
            .zip(wires)
            .map(|((field, location, layout), wire)| SentParam {
                rust: field.rust.clone(),
                wire,
                key: field.wire.clone(),
                required: field.required,
                location: *location,
                layout: layout.clone(),
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
        let cookies = sent
            .iter()
            .any(|(_, location, _)| *location == ParamLocation::Cookie);
        let kinds = if cookies {
            "Query, header and cookie parameters"
        } else {
            "Query and header parameters"
        };
        let doc = format!(
            "{kinds} of [`Client::{method_name}`](crate::generated::client::Client::{method_name})."
        );
        let fields = sent.into_iter().map(|(field, _, _)| field).collect();
        let kind = TypeKind::Struct {
            fields,
            envelope: None,
            error_fields: None,
            additional: None,
        };
        self.insert(type_name.clone(), doc, kind, &params_pointer);
        Some(ParamsStruct { type_name, params })
    }

    /// A header parameter's name must be an HTTP token. One that OpenAPI reserves (`Accept`,
    /// `Content-Type`, `Authorization`) is ignored, as the specification says, with a warning.
    /// Returns whether the parameter is kept.
    fn check_header_name(&mut self, name: &str, pointer: &str) -> bool {
        if !is_header_name(name) {
            self.diagnostics
                .push(pointer, format!("`{name}` is not a valid HTTP header name"));
            return false;
        }
        if ["accept", "content-type", "authorization"].contains(&name.to_ascii_lowercase().as_str())
        {
            self.spec_defect(
                "a header parameter that OpenAPI ignores (`Accept`, `Content-Type`, `Authorization`)",
                pointer,
                if name.eq_ignore_ascii_case("authorization") {
                    format!(
                        "OpenAPI ignores a header parameter named `{name}`, so it is left out of the parameters; an operation without a security requirement sends the credential that `Client::with_authorization_header` sets instead"
                    )
                } else {
                    format!(
                        "OpenAPI ignores a header parameter named `{name}`; the client sets it itself, so the parameter is left out"
                    )
                },
            );
            return false;
        }
        true
    }

    /// How a parameter's value is written, or what it is if the client cannot send it.
    fn param_value(&self, ty: &TypeRef) -> Result<ParamValue, &'static str> {
        if let Some(scalar) = self.scalar_value(ty) {
            return Ok(scalar);
        }
        match resolve_alias(&self.aliases, ty) {
            TypeRef::Vec(item) => match self.scalar_value(item) {
                Some(ParamValue::Display) => Ok(ParamValue::Array),
                // A struct field serializes a date inside an array without its wire format.
                Some(_) => Err("an array of dates or times"),
                None => Err("an array of arrays or objects"),
            },
            TypeRef::Map(value) => match self.scalar_value(value) {
                Some(_) => Ok(ParamValue::Object),
                None => Err("an object of arrays or objects"),
            },
            // A free-form object: nested values are written as JSON text.
            TypeRef::JsonMap => Ok(ParamValue::Object),
            TypeRef::Named(name) => match self.types.get(name).map(|t| &t.kind) {
                Some(TypeKind::Struct { fields, .. }) => {
                    if fields.iter().all(|f| self.scalar_value(&f.ty).is_some()) {
                        Ok(ParamValue::Object)
                    } else {
                        Err("an object with array or object properties")
                    }
                }
                Some(TypeKind::Wrapper(_)) => Err("an array or map that holds itself"),
                // Whatever else a type is (an alias cycle, which the checks report, or a kind
                // of more than one shape), its value is laid out as it serializes.
                _ => Ok(ParamValue::Any),
            },
            TypeRef::Json => Ok(ParamValue::Any),
            TypeRef::Secret => Err("a secret (`x-secret`)"),
            // Each layer is a level of the type, so this ends.
            TypeRef::Nullable(inner) | TypeRef::Boxed(inner) => self.param_value(inner),
            _ => Err("a value the client cannot send"),
        }
    }

    /// How a single value is written (a string, number, boolean, string enum, constrained
    /// string, date or time), or `None` if the value is not a single one.
    fn scalar_value(&self, ty: &TypeRef) -> Option<ParamValue> {
        match resolve_alias(&self.aliases, ty) {
            TypeRef::String
            | TypeRef::Bool
            | TypeRef::I32
            | TypeRef::I64
            | TypeRef::U64
            | TypeRef::F32
            | TypeRef::F64
            | TypeRef::Decimal => Some(ParamValue::Display),
            TypeRef::DateTime => Some(ParamValue::DateTime),
            TypeRef::Temporal(format) => Some(ParamValue::Temporal(format.clone())),
            // Each layer is a level of the type, so this ends.
            TypeRef::Nullable(inner) | TypeRef::Boxed(inner) => self.scalar_value(inner),
            TypeRef::Named(name) => match self.types.get(name).map(|t| &t.kind) {
                Some(
                    TypeKind::Enum { .. }
                    | TypeKind::NumberEnum { .. }
                    | TypeKind::Constrained { .. },
                )
                | None => Some(ParamValue::Display),
                _ => None,
            },
            _ => None,
        }
    }
}

/// Whether `name` can be a header name: an HTTP token.
pub(super) fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c))
}

/// `application/json`, or any `+json` type, with or without parameters.
fn is_json(media_type: &str) -> bool {
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// The schema of a parameter's media type that states none: a string for text, any JSON value
/// otherwise.
fn unstated_schema(text: bool) -> &'static ReferenceOr<openapiv3::Schema> {
    use openapiv3::{Schema, SchemaKind, Type};
    static ANY: std::sync::OnceLock<ReferenceOr<Schema>> = std::sync::OnceLock::new();
    static STRING: std::sync::OnceLock<ReferenceOr<Schema>> = std::sync::OnceLock::new();
    let (cell, kind): (_, fn() -> SchemaKind) = match text {
        true => (&STRING, || {
            SchemaKind::Type(Type::String(Default::default()))
        }),
        false => (&ANY, || SchemaKind::Any(Default::default())),
    };
    cell.get_or_init(|| {
        ReferenceOr::Item(Schema {
            schema_data: Default::default(),
            schema_kind: kind(),
        })
    })
}
