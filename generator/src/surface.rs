//! The public API surface of a generated client, derived from the IR (never from Rust text):
//! what a caller of the crate can name, and what the server receives and sends. Two surfaces
//! are compared by [`crate::report`].
//!
//! Everything is keyed by the names the spec gives (operations by method name, types by Rust
//! name, fields and parameters by wire name) in `BTreeMap`s, so comparing is a walk of sorted
//! keys and the report's order never depends on the document's.

use crate::ir::{
    Api, Bound, Checks, Field, OneOfVariant, Operation, ParamLocation, Response, ResponseBody,
    SuccessStatus, TypeDef, TypeKind, TypeRef,
};
use crate::temporal::TemporalKind;
use std::collections::{BTreeMap, BTreeSet};

/// What a client offers: its operations and its named types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Surface {
    /// Every method, an operation's other media types included, by method name.
    pub(crate) operations: BTreeMap<String, OperationSurface>,
    pub(crate) types: BTreeMap<String, TypeSurface>,
    /// Security schemes, with the `Client` method that sets each one's credential.
    pub(crate) schemes: BTreeMap<String, String>,
    /// The fields of `Credentials`, which callers build with a struct literal.
    pub(crate) credentials: BTreeSet<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OperationSurface {
    /// `POST /customers`.
    pub(crate) endpoint: String,
    pub(crate) doc: String,
    /// Path, query, header and cookie parameters, by `location:wireName`.
    pub(crate) params: BTreeMap<String, FieldSurface>,
    /// The path parameters in the order the method takes them.
    pub(crate) path_order: Vec<String>,
    /// The media type and type of the body, and whether it is required.
    pub(crate) body: Option<BodySurface>,
    /// What a success returns, as Rust names it.
    pub(crate) returns: String,
    /// Whether the client retries it (GET, or `x-idempotent`).
    pub(crate) idempotent: bool,
    /// The error body of each documented error status (`404`, `4XX`, `default`).
    pub(crate) errors: BTreeMap<String, String>,
    /// The security requirements, any one of which suffices, each a sorted list of schemes;
    /// empty when the operation needs no credentials.
    pub(crate) security: BTreeSet<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BodySurface {
    pub(crate) media_type: String,
    pub(crate) ty: String,
    pub(crate) required: bool,
}

/// A named type, with the operations that send it and that read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TypeSurface {
    pub(crate) doc: String,
    pub(crate) kind: KindSurface,
    pub(crate) usage: Usage,
    /// The fields (`Owner.wireName`) and parameters (`method(wireName)`) of this type, so that
    /// a change to a type the generator named (`CustomerCreateRequestPinCode`) is shown where
    /// the spec wrote it.
    pub(crate) holders: BTreeSet<String>,
}

/// The operations (by method name) whose requests hold a type, whose success responses do,
/// and whose documented error bodies do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Usage {
    pub(crate) requests: BTreeSet<String>,
    pub(crate) responses: BTreeSet<String>,
    /// Error bodies are read too, but one the client cannot decode is kept as raw text: the
    /// error still comes back, without its typed form.
    pub(crate) errors: BTreeSet<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum KindSurface {
    Struct {
        /// By wire name.
        fields: BTreeMap<String, FieldSurface>,
        /// The required fields, by wire name, in the order `new` takes them.
        required_order: Vec<String>,
        /// The type of the other properties (`additionalProperties`), if it keeps them.
        additional: Option<String>,
    },
    /// String, integer or number enum values, as the wire writes them.
    Enum { values: BTreeSet<String> },
    /// `oneOf`/`anyOf`: the type of each variant, by Rust variant name.
    OneOf { variants: BTreeMap<String, String> },
    /// A string checked by pattern and length.
    Constrained {
        /// As the spec writes it, and as the server's dialect reads it (a `regex` source).
        pattern: Option<(String, String)>,
        min_length: Option<usize>,
        max_length: Option<usize>,
    },
    /// A type alias, wrapper, or an enum by status or by error schema: compared by what it
    /// stands for, written out.
    Other { shape: String },
}

/// A struct field or a parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FieldSurface {
    /// The Rust name of the field (or argument).
    pub(crate) rust: String,
    /// The value's type, without the `Option` that optionality or nullability adds.
    pub(crate) ty: String,
    pub(crate) required: bool,
    pub(crate) nullable: bool,
    pub(crate) checks: ChecksSurface,
    pub(crate) doc: String,
    /// `path`, `query`, `header`, `cookie`; empty for a struct field.
    pub(crate) location: &'static str,
}

/// Numeric, size and count bounds, as written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ChecksSurface {
    pub(crate) minimum: Option<(String, bool)>,
    pub(crate) maximum: Option<(String, bool)>,
    pub(crate) min_items: Option<usize>,
    pub(crate) max_items: Option<usize>,
    pub(crate) unique_items: bool,
    pub(crate) min_properties: Option<usize>,
    pub(crate) max_properties: Option<usize>,
    pub(crate) multiple_of: Option<String>,
    pub(crate) item_minimum: Option<(String, bool)>,
    pub(crate) item_maximum: Option<(String, bool)>,
}

pub(crate) fn from_api(api: &Api) -> Surface {
    let params_structs: BTreeSet<&str> = api
        .operations
        .iter()
        .filter_map(|op| op.params.as_ref().map(|p| p.type_name.as_str()))
        .collect();
    let usage = usage(api);
    let holders = holders(api);
    let mut operations = BTreeMap::new();
    for op in &api.operations {
        let main = operation(api, op);
        for alt in &op.alternatives {
            let mut other = main.clone();
            other.endpoint = format!("{} as `{}`", main.endpoint, alt.media_type);
            if let Some(body) = &alt.body {
                other.body = Some(body_surface(body));
            }
            if let Some((response, _)) = &alt.response {
                other.returns = returns(response);
            }
            operations.insert(alt.method_name.clone(), other);
        }
        operations.insert(op.method_name.clone(), main);
    }
    let types = api
        .types
        .values()
        .filter(|def| !params_structs.contains(def.name.as_str()))
        .map(|def| {
            let surface = TypeSurface {
                doc: def.doc.clone(),
                kind: kind(def),
                usage: usage.get(&def.name).cloned().unwrap_or_default(),
                holders: holders.get(&def.name).cloned().unwrap_or_default(),
            };
            (def.name.clone(), surface)
        })
        .collect();
    Surface {
        operations,
        types,
        schemes: api
            .security_schemes
            .iter()
            .map(|scheme| (scheme.name.clone(), scheme.setter.clone()))
            .collect(),
        credentials: api.credentials.iter().map(|c| c.rust.clone()).collect(),
    }
}

fn body_surface(body: &crate::ir::Body) -> BodySurface {
    BodySurface {
        media_type: body.media_type.clone(),
        ty: body
            .value_type()
            .map_or_else(|| "bytes".to_owned(), type_text),
        required: body.required,
    }
}

fn operation(api: &Api, op: &Operation) -> OperationSurface {
    let mut params: BTreeMap<String, FieldSurface> = op
        .path_params
        .iter()
        .map(|field| (format!("path:{}", field.wire), field_surface(field, "path")))
        .collect();
    if let Some(sent) = &op.params
        && let Some(TypeDef {
            kind: TypeKind::Struct { fields, .. },
            ..
        }) = api.types.get(&sent.type_name)
    {
        for (param, field) in sent.params.iter().zip(fields) {
            let location = match param.location {
                ParamLocation::Query => "query",
                ParamLocation::Header => "header",
                ParamLocation::Cookie => "cookie",
            };
            params.insert(
                format!("{location}:{}", param.wire),
                field_surface(field, location),
            );
        }
    }
    OperationSurface {
        endpoint: format!("{} {}", op.http_method, op.path.template),
        doc: op.doc.clone(),
        params,
        path_order: op.path_params.iter().map(|f| f.wire.clone()).collect(),
        body: op.body.as_ref().map(body_surface),
        returns: returns(&op.response),
        idempotent: op.idempotent,
        errors: op
            .errors
            .iter()
            .map(|case| (case.status.clone(), type_text(&case.ty)))
            .collect(),
        security: op
            .security
            .iter()
            .map(|requirement| {
                let mut schemes = requirement.clone();
                schemes.sort();
                schemes
            })
            .collect(),
    }
}

fn returns(response: &Response) -> String {
    match response {
        Response::Unit => "()".to_owned(),
        Response::Body(body) => body_text(body),
        Response::Enveloped { payload, .. } => type_text(payload),
        Response::Optional { body, .. } => format!("Option<{}>", body_text(body)),
        Response::ByStatus(name) => name.clone(),
    }
}

fn body_text(body: &ResponseBody) -> String {
    match body {
        ResponseBody::Json(ty) => type_text(ty),
        ResponseBody::Text => "String".to_owned(),
        ResponseBody::Bytes => "bytes".to_owned(),
    }
}

fn field_surface(field: &Field, location: &'static str) -> FieldSurface {
    let (ty, nullable) = match &field.ty {
        TypeRef::Nullable(inner) => (type_text(inner), true),
        other => (type_text(other), false),
    };
    FieldSurface {
        rust: field.rust.trim_start_matches("r#").to_owned(),
        ty,
        required: field.required,
        nullable,
        checks: checks(&field.checks),
        doc: field.doc.clone(),
        location,
    }
}

fn checks(checks: &Checks) -> ChecksSurface {
    let bound = |b: &Option<Bound>| b.as_ref().map(|b| (b.literal.clone(), b.exclusive));
    ChecksSurface {
        minimum: bound(&checks.minimum),
        maximum: bound(&checks.maximum),
        min_items: checks.min_items,
        max_items: checks.max_items,
        unique_items: checks.unique_items,
        min_properties: checks.min_properties,
        max_properties: checks.max_properties,
        multiple_of: checks.multiple_of.as_ref().map(|b| b.literal.clone()),
        item_minimum: bound(&checks.item_minimum),
        item_maximum: bound(&checks.item_maximum),
    }
}

fn kind(def: &TypeDef) -> KindSurface {
    match &def.kind {
        TypeKind::Struct {
            fields, additional, ..
        } => KindSurface::Struct {
            fields: fields
                .iter()
                .map(|field| (field.wire.clone(), field_surface(field, "")))
                .collect(),
            required_order: fields
                .iter()
                .filter(|f| f.required)
                .map(|f| f.wire.clone())
                .collect(),
            additional: additional.as_ref().map(|a| type_text(&a.ty)),
        },
        TypeKind::Enum { variants } => KindSurface::Enum {
            values: variants.iter().map(|v| v.wire.clone()).collect(),
        },
        TypeKind::NumberEnum { variants, .. } => KindSurface::Enum {
            values: variants.iter().map(|v| v.literal.clone()).collect(),
        },
        TypeKind::OneOf { variants, .. } => KindSurface::OneOf {
            variants: variants
                .iter()
                .map(|OneOfVariant { rust, ty, .. }| (rust.clone(), type_text(ty)))
                .collect(),
        },
        TypeKind::Constrained {
            pattern,
            min_length,
            max_length,
            ..
        } => KindSurface::Constrained {
            pattern: pattern
                .as_ref()
                .map(|p| (p.source.clone(), p.regex.clone())),
            min_length: *min_length,
            max_length: *max_length,
        },
        TypeKind::Alias(target) => KindSurface::Other {
            shape: format!("alias of {}", type_text(target)),
        },
        TypeKind::Wrapper(inner) => KindSurface::Other {
            shape: format!("wrapper of {}", type_text(inner)),
        },
        TypeKind::Responses { variants } => KindSurface::Other {
            shape: variants
                .iter()
                .map(|v| {
                    let status = match v.status {
                        SuccessStatus::Code(code) => code.to_string(),
                        SuccessStatus::Range => "2XX".to_owned(),
                    };
                    let body = v.body.as_ref().map_or_else(|| "()".to_owned(), body_text);
                    format!("{}: {status} {body}", v.rust)
                })
                .collect::<Vec<_>>()
                .join(", "),
        },
        TypeKind::Errors { variants } => KindSurface::Other {
            shape: variants
                .iter()
                .map(|v| format!("{}({})", v.rust, type_text(&v.ty)))
                .collect::<Vec<_>>()
                .join(", "),
        },
    }
}

/// A type as a caller writes it (`Vec<Customer>`, `Option<i64>`, `time::Date`).
pub(crate) fn type_text(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "String".to_owned(),
        TypeRef::Bool => "bool".to_owned(),
        TypeRef::I32 => "i32".to_owned(),
        TypeRef::I64 => "i64".to_owned(),
        TypeRef::U64 => "u64".to_owned(),
        TypeRef::F32 => "f32".to_owned(),
        TypeRef::F64 => "f64".to_owned(),
        TypeRef::Decimal => "Decimal".to_owned(),
        TypeRef::Json => "serde_json::Value".to_owned(),
        TypeRef::JsonMap => "serde_json::Map".to_owned(),
        TypeRef::Map(values) => format!("BTreeMap<String, {}>", type_text(values)),
        TypeRef::Vec(items) => format!("Vec<{}>", type_text(items)),
        TypeRef::Nullable(inner) => format!("Option<{}>", type_text(inner)),
        TypeRef::Named(name) => name.clone(),
        TypeRef::Boxed(inner) => type_text(inner),
        TypeRef::DateTime => "OffsetDateTime".to_owned(),
        TypeRef::Secret => "Secret".to_owned(),
        TypeRef::File => "FilePart".to_owned(),
        TypeRef::Tuple(members) => {
            let members: Vec<String> = members.iter().map(type_text).collect();
            format!("({})", members.join(", "))
        }
        TypeRef::Temporal(format) => match format.kind {
            TemporalKind::Date => format!("Date ({})", format.description),
            TemporalKind::Time => format!("Time ({})", format.description),
            TemporalKind::DateTime => format!("PrimitiveDateTime ({})", format.description),
        },
    }
}

/// The fields and parameters that hold each named type, directly or in a collection.
fn holders(api: &Api) -> BTreeMap<String, BTreeSet<String>> {
    let params: BTreeMap<&str, &str> = api
        .operations
        .iter()
        .filter_map(|op| {
            Some((
                op.params.as_ref()?.type_name.as_str(),
                op.method_name.as_str(),
            ))
        })
        .collect();
    let mut holders: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut hold = |ty: &TypeRef, holder: String| {
        if let Some(name) = named(ty) {
            holders.entry(name.to_owned()).or_default().insert(holder);
        }
    };
    for op in &api.operations {
        for field in &op.path_params {
            hold(&field.ty, format!("{}({})", op.method_name, field.wire));
        }
    }
    for def in api.types.values() {
        let TypeKind::Struct { fields, .. } = &def.kind else {
            continue;
        };
        for field in fields {
            let holder = match params.get(def.name.as_str()) {
                Some(method) => format!("{method}({})", field.wire),
                None => format!("{}.{}", def.name, field.wire),
            };
            hold(&field.ty, holder);
        }
    }
    holders
}

/// The named type a value is, or is a collection of.
fn named(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(name) => Some(name),
        TypeRef::Map(inner)
        | TypeRef::Vec(inner)
        | TypeRef::Nullable(inner)
        | TypeRef::Boxed(inner) => named(inner),
        _ => None,
    }
}

/// Which operations send each named type and which read it, following fields, variants,
/// aliases and collections. Error bodies count as read.
fn usage(api: &Api) -> BTreeMap<String, Usage> {
    let mut usage: BTreeMap<String, Usage> = BTreeMap::new();
    for op in &api.operations {
        let mut sent = Vec::new();
        let mut read = Vec::new();
        sent.extend(op.path_params.iter().map(|f| f.ty.clone()));
        if let Some(params) = &op.params {
            sent.push(TypeRef::Named(params.type_name.clone()));
        }
        let bodies = std::iter::once(op.body.as_ref())
            .chain(op.alternatives.iter().map(|alt| alt.body.as_ref()))
            .flatten();
        sent.extend(bodies.filter_map(|body| body.value_type().cloned()));
        let responses = std::iter::once(&op.response).chain(
            op.alternatives
                .iter()
                .filter_map(|alt| alt.response.as_ref().map(|(r, _)| r)),
        );
        for response in responses {
            read.extend(response_types(response));
        }
        let errors: Vec<TypeRef> = op.errors.iter().map(|case| case.ty.clone()).collect();
        for name in reachable(api, &sent) {
            let entry = usage.entry(name).or_default();
            entry.requests.insert(op.method_name.clone());
        }
        for name in reachable(api, &read) {
            let entry = usage.entry(name).or_default();
            entry.responses.insert(op.method_name.clone());
        }
        for name in reachable(api, &errors) {
            let entry = usage.entry(name).or_default();
            entry.errors.insert(op.method_name.clone());
        }
    }
    usage
}

fn response_types(response: &Response) -> Vec<TypeRef> {
    let json = |body: &ResponseBody| match body {
        ResponseBody::Json(ty) => Some(ty.clone()),
        ResponseBody::Text | ResponseBody::Bytes => None,
    };
    match response {
        Response::Unit => Vec::new(),
        Response::Body(body) | Response::Optional { body, .. } => json(body).into_iter().collect(),
        Response::Enveloped { envelope, .. } => vec![TypeRef::Named(envelope.clone())],
        Response::ByStatus(name) => vec![TypeRef::Named(name.clone())],
    }
}

/// The named types reachable from `roots`.
fn reachable(api: &Api, roots: &[TypeRef]) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<&TypeRef> = roots.iter().collect();
    while let Some(ty) = stack.pop() {
        match ty {
            TypeRef::Map(inner)
            | TypeRef::Vec(inner)
            | TypeRef::Nullable(inner)
            | TypeRef::Boxed(inner) => stack.push(inner),
            TypeRef::Tuple(members) => stack.extend(members),
            TypeRef::Named(name) => {
                if !seen.insert(name.clone()) {
                    continue;
                }
                if let Some(def) = api.types.get(name) {
                    stack.extend(children(def));
                }
            }
            _ => {}
        }
    }
    seen
}

fn children(def: &TypeDef) -> Vec<&TypeRef> {
    match &def.kind {
        TypeKind::Struct {
            fields, additional, ..
        } => fields
            .iter()
            .map(|f| &f.ty)
            .chain(additional.as_ref().map(|a| &a.ty))
            .collect(),
        TypeKind::OneOf { variants, .. } => variants.iter().map(|v| &v.ty).collect(),
        TypeKind::Alias(target) | TypeKind::Wrapper(target) => vec![target],
        TypeKind::Responses { variants } => variants
            .iter()
            .filter_map(|v| match &v.body {
                Some(ResponseBody::Json(ty)) => Some(ty),
                _ => None,
            })
            .collect(),
        TypeKind::Errors { variants } => variants.iter().map(|v| &v.ty).collect(),
        TypeKind::Enum { .. } | TypeKind::NumberEnum { .. } | TypeKind::Constrained { .. } => {
            Vec::new()
        }
    }
}
