//! The surface of operations (their parameters, bodies, results, errors, security and
//! retries) and of security schemes.

use super::{FieldSurface, field_surface, type_text};
use crate::ir::{
    Alternative, Api, Body, BodyKind, ContentType, ErrorCase, ExpiryUnit, FilePart, KeyLocation,
    Operation, ParamLocation, ParamsStruct, Part, PathTemplate, Response, ResponseBody,
    ResponseField, SecurityKind, SecurityScheme, SentParam, TokenInput, TokenSource,
    TokenSourceSetter, TypeDef, TypeKind, TypeRef,
};
use std::collections::{BTreeMap, BTreeSet};

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
    /// The `Accept` header, when it is not `application/json`.
    pub(crate) accept: Option<String>,
    /// The documented 2XX statuses, as written.
    pub(crate) success_statuses: Vec<String>,
    /// Whether the client retries it (GET, or `x-idempotent`).
    pub(crate) idempotent: bool,
    /// `deprecated: true`.
    pub(crate) deprecated: bool,
    /// The error body of each documented error status (`404`, `4XX`, `default`).
    pub(crate) errors: BTreeMap<String, ErrorSurface>,
    /// The security requirements, any one of which suffices, each a sorted list of schemes;
    /// empty when the operation needs no credentials.
    pub(crate) security: BTreeSet<Vec<String>>,
    /// The cargo features that compile the method, any one of which suffices; empty when it
    /// is always compiled (the crate has no features, or it is the token operation).
    pub(crate) features: Vec<String>,
    /// How it pages (`x-pagination`), as one line: its style, parameters and properties.
    pub(crate) pagination: Option<String>,
}

/// The body of an error status: its type, and the variant of the crate's error enum it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ErrorSurface {
    pub(crate) ty: TypeRef,
    pub(crate) variant: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BodySurface {
    pub(crate) media_type: String,
    /// The `Content-Type` sent: fixed, chosen by the caller within a range, or multipart's.
    pub(crate) content_type: String,
    /// `json`, `form`, `multipart`, `bytes` or `text`, with a form's fields or the parts.
    pub(crate) encoding: String,
    pub(crate) ty: String,
    pub(crate) required: bool,
}

/// A security scheme: the `Client` method that sets its credential, and what it sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SchemeSurface {
    pub(crate) setter: String,
    /// What goes on the wire and how the client obtains it, written out.
    pub(crate) sends: String,
    pub(crate) doc: String,
}

pub(super) fn from_api(api: &Api) -> BTreeMap<String, OperationSurface> {
    let mut operations = BTreeMap::new();
    for op in &api.operations {
        let main = operation(api, op);
        for alt in &op.alternatives {
            let Alternative {
                method_name,
                media_type,
                body,
                // The `Accept` it sends is its media type, named in the endpoint below.
                response,
            } = alt;
            let mut other = main.clone();
            other.endpoint = format!("{} as `{media_type}`", main.endpoint);
            if let Some(body) = body {
                other.body = Some(body_surface(body));
            }
            if let Some((response, _)) = response {
                other.returns = returns(response);
            }
            operations.insert(method_name.clone(), other);
        }
        operations.insert(op.method_name.clone(), main);
    }
    operations
}

fn operation(api: &Api, op: &Operation) -> OperationSurface {
    let Operation {
        // The operationId, which the method name is made from.
        id: _,
        // The key of the surface's map.
        method_name: _,
        http_method,
        path,
        doc,
        path_params,
        params,
        body,
        response,
        accept,
        // Each is a method of its own (see `from_api`).
        alternatives: _,
        errors,
        success_statuses,
        security,
        idempotent,
        deprecated,
        // Read through the crate's features, which the tags become.
        tags: _,
        pagination,
    } = op;
    let PathTemplate { template, segments } = path;
    let layouts: BTreeMap<&str, &crate::ir::Layout> = segments
        .iter()
        .filter_map(|segment| match segment {
            crate::ir::PathSegment::Literal(_) => None,
            crate::ir::PathSegment::Param(param) => Some((param.wire.as_str(), &param.layout)),
        })
        .collect();
    let mut surfaces: BTreeMap<String, FieldSurface> = path_params
        .iter()
        .map(|field| {
            let layout = layouts.get(field.wire.as_str()).copied();
            (
                format!("path:{}", field.wire),
                field_surface(field, "path", layout),
            )
        })
        .collect();
    // The parameters struct is a type of its own, reported here rather than among the types:
    // its fields are the operation's parameters.
    if let Some(ParamsStruct { type_name, params }) = params
        && let Some(fields) = api.types.get(type_name).and_then(struct_fields)
    {
        for (param, field) in params.iter().zip(fields) {
            let SentParam {
                // The field's, taken from `field`.
                rust: _,
                wire,
                // Its name in the struct's serialized form, which only the client reads.
                key: _,
                // The field's, taken from `field`.
                required: _,
                location,
                layout,
            } = param;
            let location = match location {
                ParamLocation::Query => "query",
                ParamLocation::Header => "header",
                ParamLocation::Cookie => "cookie",
            };
            surfaces.insert(
                format!("{location}:{wire}"),
                field_surface(field, location, Some(layout)),
            );
        }
    }
    OperationSurface {
        endpoint: format!("{http_method} {template}"),
        doc: doc.clone(),
        params: surfaces,
        path_order: path_params.iter().map(|f| f.wire.clone()).collect(),
        body: body.as_ref().map(body_surface),
        returns: returns(response),
        accept: accept.clone(),
        success_statuses: success_statuses.clone(),
        idempotent: *idempotent,
        deprecated: *deprecated,
        features: api.features.names_of_operation(&op.method_name),
        pagination: pagination.as_ref().map(pagination_text),
        errors: errors
            .iter()
            .map(
                |ErrorCase {
                     status,
                     ty,
                     variant,
                 }| {
                    let error = ErrorSurface {
                        ty: ty.clone(),
                        variant: variant.clone(),
                    };
                    (status.clone(), error)
                },
            )
            .collect(),
        security: security
            .iter()
            .map(|requirement| {
                let mut schemes = requirement.clone();
                schemes.sort();
                schemes
            })
            .collect(),
    }
}

/// The fields of a struct (its other facts are read by `types::kind_surface`), or `None` for
/// a type that is not a struct.
pub(super) fn struct_fields(def: &TypeDef) -> Option<&Vec<crate::ir::Field>> {
    match &def.kind {
        TypeKind::Struct {
            fields,
            envelope: _,
            error_fields: _,
            additional: _,
        } => Some(fields),
        TypeKind::OneOf { .. }
        | TypeKind::Enum { .. }
        | TypeKind::NumberEnum { .. }
        | TypeKind::Constrained { .. }
        | TypeKind::Alias(_)
        | TypeKind::Wrapper(_)
        | TypeKind::Responses { .. }
        | TypeKind::Errors { .. } => None,
    }
}

fn body_surface(body: &Body) -> BodySurface {
    let Body {
        required,
        media_type,
        content_type,
        kind,
    } = body;
    let content_type = match content_type {
        ContentType::Fixed(fixed) => fixed.clone(),
        ContentType::Caller { range } => format!("chosen by the caller within `{range}`"),
        ContentType::Multipart => "multipart/form-data with a boundary".to_owned(),
    };
    let (encoding, ty) = match kind {
        BodyKind::Json(ty) => ("json".to_owned(), type_text(ty)),
        BodyKind::Form { ty, fields } => (format!("form ({})", fields.join(", ")), type_text(ty)),
        BodyKind::Multipart { ty, parts } => {
            let parts: Vec<String> = parts.iter().map(part_text).collect();
            (format!("multipart ({})", parts.join(", ")), type_text(ty))
        }
        BodyKind::Bytes => ("bytes".to_owned(), "bytes".to_owned()),
        BodyKind::Text => ("text".to_owned(), "String".to_owned()),
    };
    BodySurface {
        media_type: media_type.clone(),
        content_type,
        encoding,
        ty,
        required: *required,
    }
}

fn part_text(part: &Part) -> String {
    let Part {
        wire,
        // The field's name, reported with the body's type.
        rust: _,
        file,
    } = part;
    match file {
        None => wire.clone(),
        Some(FilePart {
            many,
            required,
            content_type,
        }) => {
            let mut text = format!("{wire}: file");
            if *many {
                text.push('s');
            }
            if !required {
                text.push_str(", optional");
            }
            if let Some(content_type) = content_type {
                text.push_str(&format!(", {content_type}"));
            }
            text
        }
    }
}

fn returns(response: &Response) -> String {
    match response {
        Response::Unit => "()".to_owned(),
        Response::Body(body) => body_text(body),
        Response::Enveloped { envelope, payload } => {
            format!("{} (in `{envelope}`)", type_text(payload))
        }
        Response::Optional { body, empty } => {
            let empty: Vec<String> = empty.iter().map(u16::to_string).collect();
            format!(
                "Option<{}> (`None` on {})",
                body_text(body),
                empty.join(", ")
            )
        }
        Response::ByStatus(name) => name.clone(),
    }
}

pub(super) fn body_text(body: &ResponseBody) -> String {
    match body {
        ResponseBody::Json(ty) => type_text(ty),
        ResponseBody::Text => "String".to_owned(),
        ResponseBody::Bytes => "bytes".to_owned(),
    }
}

pub(super) fn scheme(scheme: &SecurityScheme) -> SchemeSurface {
    let SecurityScheme {
        // The key of the surface's map.
        name: _,
        setter,
        // A private method of the client.
        fetcher: _,
        doc,
        kind,
    } = scheme;
    let sends = match kind {
        SecurityKind::Bearer { token, source } => {
            let mut sends = "`Authorization: Bearer`".to_owned();
            if let Some(token) = token {
                sends.push_str(&format!(", {}", token_text(token)));
            }
            if let Some(TokenSourceSetter { setter, how }) = source {
                sends.push_str(&format!(", tokens from a source set by `{setter}` ({how})"));
            }
            sends
        }
        SecurityKind::ApiKey {
            location,
            name,
            credential,
        } => {
            let location = match location {
                KeyLocation::Header => "header",
                KeyLocation::Query => "query parameter",
                KeyLocation::Cookie => "cookie",
            };
            let mut sends = format!("an API key in the {location} `{name}`");
            if let Some(credential) = credential {
                sends.push_str(&format!(", from the credential `{credential}`"));
            }
            sends
        }
        SecurityKind::Basic => "HTTP basic".to_owned(),
    };
    SchemeSurface {
        setter: setter.clone(),
        sends,
        doc: doc.clone(),
    }
}

fn token_text(token: &TokenSource) -> String {
    let TokenSource {
        method,
        body_type,
        body_fields,
        token,
        expiry,
    } = token;
    let inputs: Vec<String> = body_fields
        .iter()
        .map(
            |TokenInput {
                 rust,
                 required,
                 credential,
             }| {
                let from = credential.as_deref().unwrap_or("nothing");
                let kind = if *required { "required" } else { "optional" };
                format!("{rust} ({kind}) from {from}")
            },
        )
        .collect();
    let field = |ResponseField {
                     rust, required, ty, ..
                 }: &ResponseField| {
        let kind = if *required { "" } else { "optional " };
        format!("{kind}`{rust}` ({})", type_text(ty))
    };
    let mut text = format!(
        "fetched by `{method}` with a `{body_type}` of {}, the token read from {}",
        inputs.join(", "),
        field(token)
    );
    if let Some((at, unit)) = expiry {
        let unit = match unit {
            ExpiryUnit::EpochMillis => "epoch milliseconds",
            ExpiryUnit::EpochSeconds => "epoch seconds",
            ExpiryUnit::Seconds => "seconds",
        };
        text.push_str(&format!(", its expiry from {} in {unit}", field(at)));
    }
    text
}

/// A pagination declaration as one line, by what the walk reads: the style and its
/// parameters (by field), and the result's properties.
fn pagination_text(pagination: &crate::ir::Pagination) -> String {
    use crate::ir::PageStyle;
    let crate::ir::Pagination {
        style,
        // What the result is, reported as the operation's return type.
        page_type: _,
        item: _,
        items,
        total,
        total_pages,
        next_cursor,
        pointer: _,
    } = pagination;
    let param = |p: &crate::ir::PageParam| format!("`{}`", p.rust);
    let optional = |p: &Option<crate::ir::PageParam>| p.as_ref().map_or("none".to_owned(), param);
    let mut text = match style {
        PageStyle::Offset { offset, limit } => {
            format!("by offset {} and limit {}", param(offset), optional(limit))
        }
        PageStyle::Page { page, size, first } => format!(
            "by page number {} (from {first}) and size {}",
            param(page),
            optional(size)
        ),
        PageStyle::Cursor { cursor } => format!("by cursor {}", param(cursor)),
    };
    for (what, field) in [
        ("items", items),
        ("total", total),
        ("total pages", total_pages),
        ("next cursor", next_cursor),
    ] {
        if let Some(field) = field {
            text.push_str(&format!("; {what} in `{}`", field.rust));
        }
    }
    text
}
